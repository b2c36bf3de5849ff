/*
 * sqlexpr.c -- constructors for the SQL expression tree (sqlexpr.h).
 *
 * Owns: building SxFrom/SxExpr/SxSelect nodes in the call arena, and the join
 * condition of a relationship.  Assumes: the registry is resolved (every
 * relationship has its column pairs); nodes are not changed once handed out,
 * so constructors copy the arrays they are given.
 *
 * FROM ids come from one process-wide atomic counter.  They only tell FROM
 * items apart within a call and are never printed (the compiler numbers
 * anonymous aliases by position), so their values cannot make output differ
 * between runs.
 *
 * Relationship conditions are written the way SQLAlchemy renders them: the
 * referenced column first, the foreign key column second
 * ("users.id = posts.user_id" for both User.posts and Post.author).
 */
#include "sql/sqlexpr.h"

#include <stdatomic.h>
#include <string.h>

static atomic_uint sx_next_from_id = 1;

/* ---- FROM items ---------------------------------------------------------- */

SxFrom *
sx_from_table(OrmArena *a, OrmTable *t, OrmClass *cls)
{
	SxFrom	   *f = ORM_NEW(a, SxFrom);

	f->kind = SXF_TABLE;
	f->id = (int) (atomic_fetch_add(&sx_next_from_id, 1) & 0x7fffffffu);
	f->table = t;
	f->cls = cls;
	return f;
}

/* ---- expressions --------------------------------------------------------- */

static SxExpr *
sx_new(OrmArena *a, SxKind kind)
{
	SxExpr	   *e = ORM_NEW(a, SxExpr);

	e->kind = kind;
	return e;
}

static SxExpr **
sx_copy_items(OrmArena *a, int n, SxExpr **items)
{
	SxExpr	  **copy;

	if (n <= 0)
		return NULL;
	copy = ORM_NEWN(a, SxExpr *, n);
	memcpy(copy, items, sizeof(SxExpr *) * (size_t) n);
	return copy;
}

SxExpr *
sx_column(OrmArena *a, SxFrom *f, OrmColumn *c)
{
	SxExpr	   *e = sx_new(a, SX_COLUMN);

	e->from = f;
	e->col = c;
	e->type = &c->type;
	return e;
}

SxExpr *
sx_entity(OrmArena *a, SxFrom *f)
{
	SxExpr	   *e = sx_new(a, SX_ENTITY);

	e->from = f;
	return e;
}

SxExpr *
sx_param(OrmArena *a, OrmParam v, const OrmType *t)
{
	SxExpr	   *e = sx_new(a, SX_PARAM);

	e->value = v;
	e->type = t;
	return e;
}

/* Comparisons and logic yield conditions (type NULL); arithmetic keeps the
 * operand type, the left one when known (Integer + Integer is Integer). */
static bool
sx_op_is_condition(SxOp op)
{
	switch (op)
	{
		case SXOP_ADD:
		case SXOP_SUB:
		case SXOP_MUL:
		case SXOP_DIV:
		case SXOP_FLOORDIV:
		case SXOP_MOD:
		case SXOP_CONCAT:
		case SXOP_NEG:
		case SXOP_BITAND:
		case SXOP_BITOR:
		case SXOP_BITXOR:
		case SXOP_BITNOT:
			return false;
		default:
			return true;
	}
}

SxExpr *
sx_binary(OrmArena *a, SxOp op, SxExpr *l, SxExpr *r)
{
	SxExpr	   *e = sx_new(a, SX_BINARY);

	e->op = op;
	e->left = l;
	e->right = r;
	if (!sx_op_is_condition(op))
		e->type = (l && l->type) ? l->type : (r ? r->type : NULL);
	return e;
}

SxExpr *
sx_unary(OrmArena *a, SxOp op, SxExpr *operand)
{
	SxExpr	   *e = sx_new(a, SX_UNARY);

	e->op = op;
	e->left = operand;
	if (!sx_op_is_condition(op) && operand)
		e->type = operand->type;
	return e;
}

SxExpr *
sx_boollist(OrmArena *a, SxOp op, int n, SxExpr **items)
{
	SxExpr	   *e = sx_new(a, SX_BOOLLIST);

	e->op = op;
	e->nargs = n > 0 ? n : 0;
	e->args = sx_copy_items(a, n, items);
	return e;
}

/* Members of e as an AND list: its items when it is one, else e itself. */
static int
sx_and_members(SxExpr *e, SxExpr ***items)
{
	if (e->kind == SX_BOOLLIST && e->op == SXOP_AND)
	{
		*items = e->args;
		return e->nargs;
	}
	*items = NULL;
	return 1;
}

/*
 * l AND r, flattened (a.where(x).where(y).where(z) is one "x AND y AND z",
 * as SQLAlchemy renders it).  Either side may be NULL.
 */
SxExpr *
sx_and(OrmArena *a, SxExpr *l, SxExpr *r)
{
	SxExpr	  **li,
			  **ri,
			  **all;
	int			nl,
				nr;

	if (!l)
		return r;
	if (!r)
		return l;
	nl = sx_and_members(l, &li);
	nr = sx_and_members(r, &ri);
	all = ORM_NEWN(a, SxExpr *, nl + nr);
	if (li)
		memcpy(all, li, sizeof(SxExpr *) * (size_t) nl);
	else
		all[0] = l;
	if (ri)
		memcpy(all + nl, ri, sizeof(SxExpr *) * (size_t) nr);
	else
		all[nl] = r;
	return sx_boollist(a, SXOP_AND, nl + nr, all);
}

SxExpr *
sx_tuple(OrmArena *a, int n, SxExpr **items)
{
	SxExpr	   *e = sx_new(a, SX_TUPLE);

	e->nargs = n > 0 ? n : 0;
	e->args = sx_copy_items(a, n, items);
	return e;
}

SxExpr *
sx_order(OrmArena *a, SxExpr *operand, bool desc)
{
	SxExpr	   *e = sx_new(a, SX_ORDER);

	e->left = operand;
	e->desc = desc;
	e->type = operand ? operand->type : NULL;
	return e;
}

SxExpr *
sx_label(OrmArena *a, SxExpr *operand, const char *name)
{
	SxExpr	   *e = sx_new(a, SX_LABEL);

	e->left = operand;
	e->name = name ? orm_strdup(a, name) : NULL;
	e->type = operand ? operand->type : NULL;
	return e;
}

/* ---- statements ---------------------------------------------------------- */

SxSelect *
sx_select_new(OrmArena *a)
{
	return ORM_NEW(a, SxSelect);
}

void
sx_select_add_item(OrmArena *a, SxSelect *s, SxExpr *e, const char *key)
{
	SxItem	   *item = ORM_NEW(a, SxItem);

	item->expr = e;
	item->key = key;
	orm_vec_push(a, &s->items, item);
}

/* ---- relationship conditions --------------------------------------------- */

/* AND of ref_from.ref[i] = fk_from.fk[i] over n pairs, appended to cond. */
static SxExpr *
sx_pairs(OrmArena *a, SxExpr *cond, int n,
		 SxFrom *ref_from, OrmColumn **ref, SxFrom *fk_from, OrmColumn **fk)
{
	int			i;

	for (i = 0; i < n; i++)
		cond = sx_and(a, cond, sx_binary(a, SXOP_EQ, sx_column(a, ref_from, ref[i]),
										 sx_column(a, fk_from, fk[i])));
	return cond;
}

SxExpr *
sx_rel_condition(OrmArena *a, const OrmRelationship *rel,
				 SxFrom *from, SxFrom *sec, SxFrom *to)
{
	SxExpr	   *cond = NULL;

	switch (rel->dir)
	{
		case ORM_REL_MANYTOONE:
			/* local = the foreign key on the owner; remote = referenced */
			return sx_pairs(a, NULL, rel->npairs, to, rel->remote_cols, from, rel->local_cols);
		case ORM_REL_ONETOMANY:
			return sx_pairs(a, NULL, rel->npairs, from, rel->local_cols, to, rel->remote_cols);
		case ORM_REL_MANYTOMANY:
			if (from && sec)
				cond = sx_pairs(a, cond, rel->npairs, from, rel->local_cols, sec, rel->remote_cols);
			if (to && sec)
				cond = sx_pairs(a, cond, rel->nsec_pairs, to, rel->target_cols, sec, rel->sec_cols);
			return cond;
	}
	return NULL;
}

void
sx_legacy_keys(const SxSelect *sel, const char **keys, int n, bool dedupe)
{
	for (int i = 0; i < n && i < sel->items.n; i++)
	{
		const SxItem *it = sel->items.items[i];
		const SxExpr *x = it ? it->expr : NULL;

		if (x && x->kind != SX_COLUMN && x->kind != SX_FROMCOL && x->kind != SX_ENTITY &&
			x->kind != SX_BUNDLE && x->kind != SX_RAW &&
			!(x->kind == SX_LABEL && x->name && x->name[0]))
			keys[i] = NULL;
	}
	for (int i = 0; i < n && i < sel->items.n; i++)
	{
		const SxItem *it = sel->items.items[i];

		if (!keys[i] || !it->key || !it->expr ||
			(it->expr->kind != SX_COLUMN && it->expr->kind != SX_FROMCOL &&
			 it->expr->kind != SX_LABEL))
			continue;
		if (!dedupe)
		{
			keys[i] = it->key;	/* its own name, not the 2.0 row's "id_1" */
			continue;
		}
		for (int j = 0; j < i; j++)
		{
			const SxItem *jt = sel->items.items[j];

			if (keys[j] && jt->key && strcmp(jt->key, it->key) == 0)
			{
				keys[j] = NULL;
				keys[i] = it->key;
			}
		}
	}
}
