/*
 * resolve.c -- binding what the declarations recorded: orm_registry_resolve.
 *
 * Declaring only records what is written; orm_registry_resolve() then binds
 * foreign keys to columns, relationships to targets, works out each
 * relationship's direction and join columns (SQLAlchemy's rules: secondary ->
 * MANYTOMANY, else the side holding the foreign key, self-referential by
 * remote_side), pairs back_populates and creates backrefs.  Resolve can run
 * again after further sources: it first drops what the previous run derived.
 *
 * Owns: orm_registry_resolve and the res_* steps (relationship arguments
 * evaluated in the owner's scope: primaryjoin, secondaryjoin, foreign_keys,
 * remote_side, order_by, backref(...)).  Calls decl_tables.c (columns of a
 * table by name or key, the autoincrement rule), decl_relationships.c
 * (cascade=, lazy= of a backref(...)) and decl_base.c; no piece calls it.
 *
 * Assumes: pyast.h's tree; the registry arena outlives every source (the
 * syntax trees of relationship() calls are kept there for this).  Never
 * touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ==== resolution =========================================================== */

/* Column expressions of relationship arguments, evaluated in the owner's scope. */
typedef struct ResCol
{
	OrmColumn  *col;
	bool		foreign;		/* foreign(x) */
	bool		remote;			/* remote(x) */
	bool		desc;
	int			nulls;			/* nulls_first(x): 1, nulls_last(x): 2 (order_by) */
} ResCol;

typedef struct ResCtx
{
	DeclCtx		dc;
	OrmClass   *owner;
	OrmRelationship *rel;
	OrmPtrVec	extra;			/* const char*: source text of the primaryjoin /
								 * secondaryjoin conjuncts that are not column pairs */
	OrmPtrVec	ann;			/* ResCol*: foreign() / remote() columns in them */
	const char *cls_param;		/* a @declared_attr's "cls": the owner, or NULL */
	int			nulls;			/* res_cols inside nulls_first() / nulls_last(): 1 / 2 */
} ResCtx;

static int	res_cols(ResCtx *rc, const PyNode *n, OrmPtrVec *out, bool foreign, bool remote,
					 bool desc);

static OrmColumn *
res_attr_col(ResCtx *rc, const PyNode *n)
{
	if (n->kind == PY_NAME)
		return orm_class_attr(rc->owner, n->str);
	if (n->kind == PY_ATTR && n->a)
	{
		const PyNode *base = n->a;
		OrmClass   *c;
		DeclVar    *v;

		/* table.c.col */
		if (base->kind == PY_ATTR && strcmp(base->str, "c") == 0 && base->a &&
			base->a->kind == PY_NAME)
		{
			OrmTable   *t = NULL;

			if ((v = decl_find_var(rc->dc.st, base->a->str)) != NULL)
				t = v->table;
			if (!t)
				t = orm_reg_table(rc->dc.reg, base->a->str);
			return t ? decl_table_col_ref(t, n->str) : NULL;
		}
		if (base->kind == PY_NAME)
		{
			if (rc->cls_param && strcmp(base->str, rc->cls_param) == 0)
				return orm_class_attr(rc->owner, n->str);
			if ((c = orm_reg_class(rc->dc.reg, base->str)) != NULL)
				return orm_class_attr(c, n->str);
		}
	}
	return NULL;
}

static void
res_push(ResCtx *rc, OrmPtrVec *out, OrmColumn *c, bool foreign, bool remote, bool desc)
{
	ResCol	   *r = ORM_NEW(rc->dc.a, ResCol);

	r->col = c;
	r->foreign = foreign;
	r->remote = remote;
	r->desc = desc;
	r->nulls = rc->nulls;
	orm_vec_push(rc->dc.a, out, r);
}

/* nulls_first / nullsfirst: 1, nulls_last / nullslast: 2, else 0 */
static int
res_nulls(const char *name)
{
	if (strcmp(name, "nulls_first") == 0 || strcmp(name, "nullsfirst") == 0)
		return 1;
	if (strcmp(name, "nulls_last") == 0 || strcmp(name, "nullslast") == 0)
		return 2;
	return 0;
}

static int
res_cols(ResCtx *rc, const PyNode *n, OrmPtrVec *out, bool foreign, bool remote, bool desc)
{
	OrmColumn  *c;
	const char *callee;
	int			i;

	switch (n->kind)
	{
		case PY_STR:
			{
				PyNode	   *p = decl_parse_str(&rc->dc, n);

				if (!p)
					return -1;
				return res_cols(rc, p, out, foreign, remote, desc);
			}
		case PY_LAMBDA:
			return res_cols(rc, n->a, out, foreign, remote, desc);
		case PY_LIST:
		case PY_TUPLE:
		case PY_SET:
			for (i = 0; i < n->nitems; i++)
				if (res_cols(rc, n->items[i], out, foreign, remote, desc) < 0)
					return -1;
			return 0;
		case PY_CALL:
			callee = decl_callee(&rc->dc, n);
			if (callee && n->nitems == 1 && (strcmp(callee, "foreign") == 0 ||
											 strcmp(callee, "remote") == 0 ||
											 strcmp(callee, "desc") == 0 ||
											 strcmp(callee, "asc") == 0))
				return res_cols(rc, n->items[0], out,
								foreign || strcmp(callee, "foreign") == 0,
								remote || strcmp(callee, "remote") == 0,
								strcmp(callee, "desc") == 0 ? true :
								strcmp(callee, "asc") == 0 ? false : desc);
			/* x.nulls_last(), nulls_first(x) (and the older nullslast spellings) */
			if ((callee && n->nitems == 1 && res_nulls(callee)) ||
				(n->nitems == 0 && n->a && n->a->kind == PY_ATTR && res_nulls(n->a->str)))
			{
				int			save = rc->nulls,
							r;

				rc->nulls = res_nulls(n->nitems == 1 ? callee : n->a->str);
				r = res_cols(rc, n->nitems == 1 ? n->items[0] : n->a->a, out, foreign, remote, desc);
				rc->nulls = save;
				return r;
			}
			if (n->nitems == 0 && n->a && n->a->kind == PY_ATTR &&
				(strcmp(n->a->str, "desc") == 0 || strcmp(n->a->str, "asc") == 0))
				return res_cols(rc, n->a->a, out, foreign, remote, strcmp(n->a->str, "desc") == 0);
			break;
		case PY_NAME:
		case PY_ATTR:
			c = res_attr_col(rc, n);
			if (c)
			{
				res_push(rc, out, c, foreign, remote, desc);
				return 0;
			}
			return decl_errn(&rc->dc, n, ORM_ERR_UNKNOWN_ATTR, "unknown column \"%s\"", decl_src(&rc->dc, n));
		default:
			break;
	}
	return decl_errn(&rc->dc, n, ORM_ERR_UNSUPPORTED, "unsupported column expression \"%s\"",
					 decl_src(&rc->dc, n));
}

/*
 * A side of a join equality naming one column: A.x, table.c.x, foreign(A.x),
 * remote(A.x).  An unknown attribute of a mapped class counts too, so that
 * res_cols reports it rather than it passing as extra criteria.
 */
static bool
res_is_col_side(ResCtx *rc, const PyNode *n)
{
	const char *callee;

	if (n->kind == PY_NAME || n->kind == PY_ATTR)
		return res_attr_col(rc, n) != NULL ||
			(n->kind == PY_ATTR && n->a && n->a->kind == PY_NAME &&
			 (orm_reg_class(rc->dc.reg, n->a->str) != NULL ||
			  (rc->cls_param && strcmp(n->a->str, rc->cls_param) == 0)));
	if (n->kind == PY_CALL && n->nitems == 1 && (callee = decl_callee(&rc->dc, n)) != NULL &&
		(strcmp(callee, "foreign") == 0 || strcmp(callee, "remote") == 0))
		return res_is_col_side(rc, n->items[0]);
	return false;
}

/*
 * The foreign() / remote() columns of a criterion that is not a column pair
 * (remote(foreign(path)).like(path.concat("/%"))) into rc->ann: with no
 * pairs at all they give the relationship its direction, as SQLAlchemy's
 * annotations do.
 */
static int
res_scan_ann(ResCtx *rc, const PyNode *n, int depth)
{
	const char *callee;

	if (!n || depth > 100)
		return 0;
	if (n->kind == PY_CALL && n->nitems == 1 && (callee = decl_callee(&rc->dc, n)) != NULL &&
		(strcmp(callee, "foreign") == 0 || strcmp(callee, "remote") == 0))
		return res_cols(rc, n, &rc->ann, false, false, false);
	if (res_scan_ann(rc, n->a, depth + 1) < 0 || res_scan_ann(rc, n->b, depth + 1) < 0 ||
		res_scan_ann(rc, n->c, depth + 1) < 0)
		return -1;
	for (int i = 0; i < n->nitems; i++)
		if (res_scan_ann(rc, n->items[i], depth + 1) < 0)
			return -1;
	for (int i = 0; i < n->nkw; i++)
		if (res_scan_ann(rc, n->kwvalues[i], depth + 1) < 0)
			return -1;
	return 0;
}

/*
 * primaryjoin: and_(A.x == B.y, ...) -> pairs of ResCol (a, b); conjuncts that
 * are not column equalities go to rc->extra as source text.
 */
static int
res_join_pairs(ResCtx *rc, const PyNode *n, OrmPtrVec *out)
{
	const char *callee;
	int			i;

	if (n->kind == PY_STR)
	{
		PyNode	   *p = decl_parse_str(&rc->dc, n);

		if (!p)
			return -1;
		return res_join_pairs(rc, p, out);
	}
	if (n->kind == PY_LAMBDA)
		return res_join_pairs(rc, n->a, out);
	callee = decl_callee(&rc->dc, n);
	if (callee && strcmp(callee, "and_") == 0)
	{
		for (i = 0; i < n->nitems; i++)
			if (res_join_pairs(rc, n->items[i], out) < 0)
				return -1;
		return 0;
	}
	if ((n->kind == PY_BOOLOP && n->op == PY_OP_AND))
	{
		for (i = 0; i < n->nitems; i++)
			if (res_join_pairs(rc, n->items[i], out) < 0)
				return -1;
		return 0;
	}
	if (n->kind == PY_BINOP && n->op == '&')
		return res_join_pairs(rc, n->a, out) < 0 ? -1 : res_join_pairs(rc, n->b, out);
	if (n->kind == PY_COMPARE && n->op == PY_OP_EQ &&
		res_is_col_side(rc, n->a) && res_is_col_side(rc, n->b))
	{
		OrmPtrVec	l = {0},
					r = {0};

		if (res_cols(rc, n->a, &l, false, false, false) < 0 ||
			res_cols(rc, n->b, &r, false, false, false) < 0)
			return -1;
		if (l.n != 1 || r.n != 1)
			return decl_errn(&rc->dc, n, ORM_ERR_UNSUPPORTED, "unsupported join condition \"%s\"",
							 decl_src(&rc->dc, n));
		orm_vec_push(rc->dc.a, out, l.items[0]);
		orm_vec_push(rc->dc.a, out, r.items[0]);
		return 0;
	}
	/* any other criterion (Address.email.startswith('x'), Child.deleted == False) */
	if (res_scan_ann(rc, n, 0) < 0)
		return -1;
	orm_vec_push(rc->dc.a, &rc->extra, (void *) orm_strdup(rc->dc.reg->arena, decl_src(&rc->dc, n)));
	return 0;
}

static bool
res_in(const OrmPtrVec *v, const OrmColumn *c)
{
	int			i;

	for (i = 0; i < v->n; i++)
		if (((ResCol *) v->items[i])->col == c)
			return true;
	return false;
}

/* Foreign key pair: fcol (holding the FK) references rcol. */
typedef struct ResPair
{
	OrmColumn  *fcol;
	OrmColumn  *rcol;
} ResPair;

static void
res_pair_push(ResCtx *rc, OrmPtrVec *v, OrmColumn *f, OrmColumn *r)
{
	ResPair    *p = ORM_NEW(rc->dc.a, ResPair);

	p->fcol = f;
	p->rcol = r;
	orm_vec_push(rc->dc.a, v, p);
}

/* FK columns of `from` referencing `to` (restricted to fks when given). */
static void
res_fk_pairs(ResCtx *rc, OrmTable *from, OrmTable *to, const OrmPtrVec *fks, OrmPtrVec *out)
{
	int			i;

	for (i = 0; i < from->ncols; i++)
	{
		OrmColumn  *c = from->cols[i];

		if (fks && fks->n && !res_in(fks, c))
			continue;
		for (OrmForeignKey *f = c->fk; f; f = f->next)
			if (f->ref_table == to)
			{
				res_pair_push(rc, out, c, f->ref_col);
				break;
			}
	}
}

/* Does a foreign key of column c reference column r? */
static bool
res_fk_refs(const OrmColumn *c, const OrmColumn *r)
{
	for (const OrmForeignKey *f = c->fk; f; f = f->next)
		if (f->ref_col == r)
			return true;
	return false;
}

/* Pairs from a primaryjoin expression, each oriented as (foreign, referenced). */
static int
res_pairs_from_join(ResCtx *rc, const PyNode *pj, const OrmPtrVec *fks, OrmPtrVec *out,
					OrmPtrVec *remote_ann)
{
	OrmPtrVec	raw = {0};
	int			i;

	if (res_join_pairs(rc, pj, &raw) < 0)
		return -1;
	for (i = 0; i + 1 < raw.n; i += 2)
	{
		ResCol	   *a = raw.items[i],
				   *b = raw.items[i + 1];
		ResCol	   *f = NULL,
				   *r = NULL;

		if (a->foreign || b->foreign)
			f = a->foreign ? a : b;
		else if (fks && fks->n && (res_in(fks, a->col) || res_in(fks, b->col)))
			f = res_in(fks, a->col) ? a : b;
		else if (res_fk_refs(a->col, b->col))
			f = a;
		else if (res_fk_refs(b->col, a->col))
			f = b;
		if (!f)
			return orm_err_at(rc->dc.err, ORM_ERR_DECL, rc->rel->line, rc->rel->col,
							  "relationship \"%s.%s\": could not determine the foreign key column of \"%s = %s\"",
							  rc->owner->name, rc->rel->name, a->col->name, b->col->name);
		r = f == a ? b : a;
		res_pair_push(rc, out, f->col, r->col);
		if (a->remote)
			res_push(rc, remote_ann, a->col, false, true, false);
		if (b->remote)
			res_push(rc, remote_ann, b->col, false, true, false);
	}
	return 0;
}

static int
res_set_pairs(ResCtx *rc, OrmPtrVec *pairs, bool manytoone)
{
	OrmRelationship *r = rc->rel;
	OrmArena   *ra = rc->dc.reg->arena;
	int			i;

	r->npairs = pairs->n;
	r->local_cols = ORM_NEWN(ra, OrmColumn *, pairs->n + 1);
	r->remote_cols = ORM_NEWN(ra, OrmColumn *, pairs->n + 1);
	for (i = 0; i < pairs->n; i++)
	{
		ResPair    *p = pairs->items[i];

		r->local_cols[i] = manytoone ? p->fcol : p->rcol;
		r->remote_cols[i] = manytoone ? p->rcol : p->fcol;
	}
	r->dir = manytoone ? ORM_REL_MANYTOONE : ORM_REL_ONETOMANY;
	return 0;
}

static int
res_err(ResCtx *rc, const char *what)
{
	return orm_err_at(rc->dc.err, ORM_ERR_DECL, rc->rel->line, rc->rel->col,
					  "relationship \"%s.%s\": %s", rc->owner->name, rc->rel->name, what);
}

/* Checks that a multi-column join does not use two FKs to the same column. */
static bool
res_ambiguous(OrmPtrVec *pairs)
{
	int			i,
				j;

	for (i = 0; i < pairs->n; i++)
		for (j = i + 1; j < pairs->n; j++)
			if (((ResPair *) pairs->items[i])->rcol == ((ResPair *) pairs->items[j])->rcol ||
				((ResPair *) pairs->items[i])->fcol == ((ResPair *) pairs->items[j])->fcol)
				return true;
	return false;
}

/* The source text of a relationship argument: a string's content, else the expression. */
static const char *
res_arg_text(ResCtx *rc, const PyNode *n)
{
	if (n->kind == PY_LAMBDA)
		n = n->a;
	if (n->kind == PY_STR)
		return orm_strndup(rc->dc.reg->arena, n->str, n->len);
	return orm_strdup(rc->dc.reg->arena, decl_src(&rc->dc, n));
}

/* Is secondary= a join expression (join(B, D, ...).join(...)) rather than a table? */
static bool
res_is_join_expr(ResCtx *rc, const PyNode *sec)
{
	const char *callee;

	if (sec->kind == PY_STR)
	{
		if (memchr(sec->str, '(', sec->len) == NULL)
			return false;
		if (!(sec = decl_parse_str(&rc->dc, sec)))
		{
			orm_err_clear(rc->dc.err);
			return false;
		}
	}
	if (sec->kind != PY_CALL)
		return false;
	callee = decl_callee(&rc->dc, sec);
	return callee && (strcmp(callee, "join") == 0 || strcmp(callee, "outerjoin") == 0);
}

/*
 * secondary= a join of several tables: kept as text, with the whole
 * primaryjoin and secondaryjoin, for the query side to evaluate (joins,
 * eager loads, any()).  Loading only: SQLAlchemy's documented form is
 * viewonly=True, and nothing here could write the join.
 */
static int
res_composite_secondary(ResCtx *rc, DeclRel *dr, const PyNode *sec, const PyNode *pj,
						const PyNode *sj)
{
	OrmRelationship *r = rc->rel;

	(void) dr;
	if (!pj || !sj)
		return res_err(rc, "a secondary join of several tables needs primaryjoin and secondaryjoin");
	if (!r->viewonly)
		return res_err(rc, "a secondary join of several tables needs viewonly=True");
	r->dir = ORM_REL_MANYTOMANY;
	r->secondary = NULL;
	r->npairs = r->nsec_pairs = 0;
	r->secondary_join = res_arg_text(rc, sec);
	r->sec_criteria = res_arg_text(rc, sj);
	/* the primaryjoin is the whole criterion (res_relationship keeps extra) */
	orm_vec_push(rc->dc.a, &rc->extra, (void *) res_arg_text(rc, pj));
	return 0;
}

static int
res_secondary(ResCtx *rc, DeclRel *dr, const PyNode *sec, const OrmPtrVec *fks)
{
	OrmRelationship *r = rc->rel;
	OrmArena   *ra = rc->dc.reg->arena;
	OrmTable   *st = NULL,
			   *ot = r->owner->table,
			   *tt = r->target->table;
	OrmPtrVec	po = {0},
				pt = {0};
	const PyNode *pj = py_kwarg(dr->call, "primaryjoin"),
			   *sj = py_kwarg(dr->call, "secondaryjoin");
	int			i;

	if (sec->kind == PY_LAMBDA)
		sec = sec->a;
	if (res_is_join_expr(rc, sec))
		return res_composite_secondary(rc, dr, sec, pj, sj);
	if (sec->kind == PY_NAME)
	{
		DeclVar    *v = decl_find_var(rc->dc.st, sec->str);

		st = v ? v->table : orm_reg_table(rc->dc.reg, sec->str);
	}
	else if (sec->kind == PY_STR)
	{
		const char *name = orm_strndup(rc->dc.a, sec->str, sec->len);
		DeclVar    *v = decl_find_var(rc->dc.st, name);

		st = v ? v->table : orm_reg_table(rc->dc.reg, name);
	}
	else if (sec->kind == PY_ATTR && sec->a && sec->a->kind == PY_NAME &&
			 orm_reg_class(rc->dc.reg, sec->a->str) == NULL && strcmp(sec->str, "__table__") == 0)
		st = NULL;
	if (!st)
	{
		decl_errn(&rc->dc, sec, ORM_ERR_UNKNOWN_ENTITY, "unknown secondary table \"%s\"",
				  decl_src(&rc->dc, sec));
		if (sec->kind == PY_STR || sec->kind == PY_NAME)
			rc->dc.err->later = true;	/* a later module may declare it */
		return -1;
	}
	r->secondary = st;
	if (pj || sj)
	{
		OrmPtrVec	ann = {0};

		/* one of them given: the other is the foreign keys between the secondary
		 * and that side's table, as SQLAlchemy derives it */
		if ((!pj || !sj) && ot == tt)
			return res_err(rc, "a self-referential many-to-many needs primaryjoin and secondaryjoin");
		if (pj ? res_pairs_from_join(rc, pj, fks, &po, &ann) < 0 : (res_fk_pairs(rc, st, ot, fks, &po), 0))
			return -1;
		if (sj ? res_pairs_from_join(rc, sj, fks, &pt, &ann) < 0 : (res_fk_pairs(rc, st, tt, fks, &pt), 0))
			return -1;
	}
	else
	{
		res_fk_pairs(rc, st, ot, fks, &po);
		res_fk_pairs(rc, st, tt, fks, &pt);
		if (ot == tt)
			return res_err(rc, "a self-referential many-to-many needs primaryjoin and secondaryjoin");
	}
	if (po.n == 0 || pt.n == 0)
		return res_err(rc, orm_sprintf(rc->dc.a, "could not determine join condition between "
									   "\"%s\", \"%s\" and \"%s\"", ot->name, st->name, tt->name));
	if (res_ambiguous(&po) || res_ambiguous(&pt))
		return res_err(rc, "multiple foreign key paths; specify primaryjoin and secondaryjoin");
	r->dir = ORM_REL_MANYTOMANY;
	r->npairs = po.n;
	r->local_cols = ORM_NEWN(ra, OrmColumn *, po.n + 1);
	r->remote_cols = ORM_NEWN(ra, OrmColumn *, po.n + 1);
	for (i = 0; i < po.n; i++)
	{
		r->local_cols[i] = ((ResPair *) po.items[i])->rcol;
		r->remote_cols[i] = ((ResPair *) po.items[i])->fcol;
	}
	r->nsec_pairs = pt.n;
	r->sec_cols = ORM_NEWN(ra, OrmColumn *, pt.n + 1);
	r->target_cols = ORM_NEWN(ra, OrmColumn *, pt.n + 1);
	for (i = 0; i < pt.n; i++)
	{
		r->sec_cols[i] = ((ResPair *) pt.items[i])->fcol;
		r->target_cols[i] = ((ResPair *) pt.items[i])->rcol;
	}
	return 0;
}

/* Is table t one of cls's (its own, or a superclass's of a joined hierarchy)? */
static bool
res_in_chain(const OrmClass *cls, const OrmTable *t)
{
	for (int depth = 0; cls && depth < 100; cls = cls->inherits, depth++)
		if (cls->table == t)
			return true;
	return false;
}

/*
 * No foreign key between the two classes' own tables: those between their
 * superclasses' tables, as SQLAlchemy's join condition of their mapped
 * selectables (Company.managers, the key employee.company_id of Manager's
 * superclass table).  Classes of one hierarchy are left alone.
 */
static void
res_chain_pairs(ResCtx *rc, const OrmClass *owner, const OrmClass *target,
				const OrmPtrVec *fks, OrmPtrVec *pairs)
{
	OrmPtrVec	fwd = {0},
				back = {0};

	for (const OrmClass *a = owner; a; a = a->inherits)
		if (res_in_chain(target, a->table))
			return;
	for (const OrmClass *a = owner; a; a = a->inherits)
		for (const OrmClass *b = target; b; b = b->inherits)
		{
			if ((a->inherits && a->inherits->table == a->table) ||
				(b->inherits && b->inherits->table == b->table))
				continue;		/* a single-table class: its table comes again */
			res_fk_pairs(rc, a->table, b->table, fks, &fwd);
			res_fk_pairs(rc, b->table, a->table, fks, &back);
		}
	if (fwd.n && back.n)
		return;					/* both ways: the caller reports none */
	*pairs = fwd.n ? fwd : back;
}

static int
res_direct(ResCtx *rc, DeclRel *dr, const OrmPtrVec *fks)
{
	OrmRelationship *r = rc->rel;
	OrmTable   *ot = r->owner->table,
			   *tt = r->target->table;
	const PyNode *pj = py_kwarg(dr->call, "primaryjoin"),
			   *rs = py_kwarg(dr->call, "remote_side");
	OrmPtrVec	pairs = {0},
				remote = {0};
	bool		selfref = ot == tt;
	int			i;

	if (rs && res_cols(rc, rs, &remote, false, true, false) < 0)
		return -1;
	if (pj)
	{
		if (res_pairs_from_join(rc, pj, fks, &pairs, &remote) < 0)
			return -1;
	}
	else
	{
		res_fk_pairs(rc, ot, tt, fks, &pairs);
		if (!selfref)
		{
			OrmPtrVec	back = {0};

			res_fk_pairs(rc, tt, ot, fks, &back);
			if (pairs.n && back.n)
				return res_err(rc, orm_sprintf(rc->dc.a, "foreign keys in both \"%s\" and \"%s\"; "
											   "specify foreign_keys", ot->name, tt->name));
			if (back.n)
				pairs = back;
		}
	}
	if (pairs.n == 0 && !pj && !selfref)
		res_chain_pairs(rc, r->owner, r->target, fks, &pairs);
	if (pairs.n == 0 && pj && rc->ann.n > 0)
	{
		/*
		 * No column pairs, only criteria with foreign() annotations (a
		 * materialized path: remote(foreign(path)).like(...)): the foreign
		 * columns' side is the many side.  Loads join through the criteria;
		 * nothing can be written through it (SQLAlchemy wants viewonly too).
		 */
		bool		fk_local = false,
					fk_remote = false;

		for (i = 0; i < rc->ann.n; i++)
		{
			ResCol	   *a = rc->ann.items[i];

			if (a->foreign && (a->remote || (!selfref && a->col->table == tt)))
				fk_remote = true;
			else if (a->foreign)
				fk_local = true;
		}
		if (fk_local == fk_remote)
			return res_err(rc, "could not tell the direction of its join condition; annotate "
						   "the foreign columns with foreign() and the remote ones with remote()");
		if (!r->viewonly)
			return res_err(rc, "a join condition without column pairs needs viewonly=True");
		return res_set_pairs(rc, &pairs, fk_local);
	}
	if (pairs.n == 0)
		return res_err(rc, orm_sprintf(rc->dc.a, "could not determine join condition between "
									   "\"%s\" and \"%s\"; no foreign key links them",
									   ot->name, tt->name));
	if (res_ambiguous(&pairs))
		return res_err(rc, orm_sprintf(rc->dc.a, "multiple foreign key paths between \"%s\" and "
									   "\"%s\"; specify foreign_keys", ot->name, tt->name));
	if (!selfref)
	{
		ResPair    *p0 = pairs.items[0];

		for (i = 0; i < pairs.n; i++)
		{
			ResPair    *p = pairs.items[i];

			if (p->fcol->table != p0->fcol->table)
				return res_err(rc, "join condition has foreign keys on both sides");
		}
		if (!res_in_chain(r->owner, p0->fcol->table) && !res_in_chain(r->target, p0->fcol->table))
			return res_err(rc, "join condition does not involve both tables");
		{
			bool		fk_local = res_in_chain(r->owner, p0->fcol->table);

			/* the foreign key's table is both classes' (Manager.reports of a
			 * joined subclass, employees.manager_id -> managers.id): the side
			 * whose table it references only is the "one" side */
			if (fk_local && res_in_chain(r->target, p0->fcol->table))
			{
				bool		ro = res_in_chain(r->owner, p0->rcol->table),
							rt = res_in_chain(r->target, p0->rcol->table);

				if (ro != rt)
					fk_local = rt;
			}
			return res_set_pairs(rc, &pairs, fk_local);
		}
	}
	/* self-referential: the remote side decides; default: the FK columns are remote */
	if (remote.n == 0)
		return res_set_pairs(rc, &pairs, false);
	{
		bool		fk_remote = false,
					ref_remote = false;

		for (i = 0; i < pairs.n; i++)
		{
			ResPair    *p = pairs.items[i];

			/* a column paired with itself (Folder.account_id in a composite
			 * adjacency list) is on both sides: the other pairs decide */
			if (p->fcol == p->rcol)
				continue;
			if (res_in(&remote, p->fcol))
				fk_remote = true;
			if (res_in(&remote, p->rcol))
				ref_remote = true;
		}
		if (fk_remote && ref_remote)
			return res_err(rc, "remote_side names both sides of the join");
		if (!fk_remote && !ref_remote)
			return res_err(rc, "remote_side names no column of the join");
		return res_set_pairs(rc, &pairs, ref_remote);
	}
}

static int
res_order_by(ResCtx *rc, const PyNode *ob)
{
	OrmPtrVec	cols = {0};
	OrmRelationship *r = rc->rel;
	int			i;

	if (ob->kind == PY_FALSE || ob->kind == PY_NONE)
		return 0;
	if (res_cols(rc, ob, &cols, false, false, false) < 0)
		return -1;
	r->norder = cols.n;
	r->order_by = ORM_NEWN(rc->dc.reg->arena, OrmOrderItem, cols.n + 1);
	for (i = 0; i < cols.n; i++)
	{
		r->order_by[i].col = ((ResCol *) cols.items[i])->col;
		r->order_by[i].desc = ((ResCol *) cols.items[i])->desc;
		r->order_by[i].nulls = ((ResCol *) cols.items[i])->nulls;
	}
	return 0;
}

/* rc->extra as one criterion: the text itself, or and_(a, b, ...); NULL when none. */
static const char *
res_extra_criteria(ResCtx *rc)
{
	OrmBuf		b;
	int			i;

	if (rc->extra.n == 0)
		return NULL;
	if (rc->extra.n == 1)
		orm_buf_init(&b, rc->dc.reg->arena), orm_buf_puts(&b, rc->extra.items[0]);
	else
	{
		orm_buf_init(&b, rc->dc.reg->arena);
		orm_buf_puts(&b, "and_(");
		for (i = 0; i < rc->extra.n; i++)
			orm_buf_printf(&b, "%s%s", i ? ", " : "", (const char *) rc->extra.items[i]);
		orm_buf_putc(&b, ')');
	}
	if (rc->cls_param)			/* cls.x of a @declared_attr: the owner's attribute */
		return decl_rename_ident(rc->dc.reg->arena, orm_buf_cstr(&b), rc->cls_param, rc->owner->name);
	return orm_buf_cstr(&b);
}

/*
 * delete-orphan on the "many" side (many-to-one, many-to-many) needs
 * single_parent=True, as SQLAlchemy's RelationshipProperty checks.
 */
static int
res_orphan_side(ResCtx *rc, const OrmRelationship *r)
{
	if (!(r->cascade & ORM_CASCADE_DELETE_ORPHAN) || r->single_parent || r->viewonly ||
		(r->dir != ORM_REL_MANYTOONE && r->dir != ORM_REL_MANYTOMANY))
		return 0;
	return orm_err_at(rc->dc.err, ORM_ERR_DECL, r->line, r->col,
					  "For %s relationship %s.%s, delete-orphan cascade is normally configured "
					  "only on the \"one\" side of a one-to-many relationship, and not on the "
					  "\"many\" side of a many-to-one or many-to-many relationship; set "
					  "single_parent=True to allow it",
					  r->dir == ORM_REL_MANYTOONE ? "many-to-one" : "many-to-many",
					  r->owner->name, r->name);
}

static int
res_relationship(ResCtx *rc, DeclRel *dr)
{
	OrmRelationship *r = dr->rel;
	const PyNode *kw;
	OrmPtrVec	fks = {0};

	rc->rel = r;
	rc->owner = r->owner;
	rc->cls_param = dr->cls_param;
	memset(&rc->extra, 0, sizeof(rc->extra));
	memset(&rc->ann, 0, sizeof(rc->ann));
	r->target = orm_reg_class(rc->dc.reg, r->target_name);
	if (!r->target)
	{
		orm_err_unknown(rc->dc.err, r->target_name, NULL);
		orm_err_at(rc->dc.err, ORM_ERR_UNKNOWN_ENTITY, r->line, r->col,
				   "relationship \"%s.%s\": unknown class \"%s\"", r->owner->name, r->name,
				   r->target_name);
		rc->dc.err->later = true;	/* a later module may declare it */
		return -1;
	}
	if (r->owner->concrete_union || r->target->concrete_union)
		return orm_err_at(rc->dc.err, ORM_ERR_UNSUPPORTED, r->line, r->col,
						  "relationship \"%s.%s\": relationships of or to a ConcreteBase class (%s) "
						  "are not supported", r->owner->name, r->name,
						  r->owner->concrete_union ? r->owner->name : r->target->name);
	r->secondary = NULL;
	r->secondary_join = r->sec_criteria = NULL;
	r->npairs = r->nsec_pairs = 0;
	r->reverse = NULL;
	if ((kw = py_kwarg(dr->call, "foreign_keys")) != NULL &&
		res_cols(rc, kw, &fks, true, false, false) < 0)
		return -1;
	if ((kw = py_kwarg(dr->call, "secondary")) == NULL && dr->call->nitems >= 2)
		kw = dr->call->items[1];
	if (kw && kw->kind != PY_NONE)
	{
		if (res_secondary(rc, dr, kw, &fks) < 0)
			return -1;
	}
	else if (res_direct(rc, dr, &fks) < 0)
		return -1;
	r->extra_criteria = res_extra_criteria(rc);
	if ((kw = py_kwarg(dr->call, "uselist")) != NULL && kw->kind != PY_NONE)
		r->uselist = decl_flag(&rc->dc, kw, true);
	else if (dr->ann_coll >= 0)
		r->uselist = dr->ann_coll == 1;
	else
		r->uselist = r->dir != ORM_REL_MANYTOONE;
	if (r->dict_key)
	{
		const OrmClass *tc = r->target;
		bool		found = false;

		for (; tc && !found; tc = tc->inherits)
			found = orm_class_attr(tc, r->dict_key) != NULL;
		if (!r->uselist)
			return orm_err_at(rc->dc.err, ORM_ERR_DECL, r->line, r->col,
							  "relationship \"%s.%s\": a keyed dict collection needs uselist", r->owner->name,
							  r->name);
		if (!found)
			return orm_err_at(rc->dc.err, ORM_ERR_DECL, r->line, r->col,
							  "relationship \"%s.%s\": attribute_keyed_dict(\"%s\"): %s has no column "
							  "attribute \"%s\"", r->owner->name, r->name, r->dict_key, r->target->name,
							  r->dict_key);
	}
	r->norder = 0;
	r->order_by = NULL;
	if ((kw = py_kwarg(dr->call, "order_by")) != NULL && res_order_by(rc, kw) < 0)
		return -1;
	return 0;
}

static void
res_add_rel(OrmArena *a, OrmClass *cls, OrmRelationship *r)
{
	OrmRelationship **nr = ORM_NEWN(a, OrmRelationship *, cls->nrels + 1);

	if (cls->nrels)
		memcpy(nr, cls->rels, sizeof(*nr) * (size_t) cls->nrels);
	nr[cls->nrels++] = r;
	cls->rels = nr;
}

/* backref="name" / backref("name", uselist=False, ...): the reverse relationship. */
static int
res_backref(ResCtx *rc, DeclRel *dr)
{
	OrmRelationship *f = dr->rel;
	OrmArena   *ra = rc->dc.reg->arena;
	OrmRelationship *b;
	const PyNode *bk = py_kwarg(dr->call, "backref");
	int			i;

	if (orm_class_rel(f->target, f->backref) || orm_class_attr(f->target, f->backref))
		return orm_err_at(rc->dc.err, ORM_ERR_DECL, f->line, f->col,
						  "error creating backref \"%s\" on relationship \"%s.%s\": property of that name exists on \"%s\"",
						  f->backref, f->owner->name, f->name, f->target->name);
	b = ORM_NEW(ra, OrmRelationship);
	b->name = f->backref;
	b->owner = f->target;
	b->target = f->owner;
	b->target_name = f->owner->name;
	b->from_backref = true;
	b->cascade = ORM_CASCADE_DEFAULT;
	b->line = f->line;
	b->col = f->col;
	b->secondary = f->secondary;
	b->dir = f->dir == ORM_REL_MANYTOONE ? ORM_REL_ONETOMANY :
		f->dir == ORM_REL_ONETOMANY ? ORM_REL_MANYTOONE : ORM_REL_MANYTOMANY;
	if (f->dir == ORM_REL_MANYTOMANY)
	{
		b->npairs = f->nsec_pairs;
		b->local_cols = f->target_cols;
		b->remote_cols = f->sec_cols;
		b->nsec_pairs = f->npairs;
		b->sec_cols = f->remote_cols;
		b->target_cols = f->local_cols;
	}
	else
	{
		b->npairs = f->npairs;
		b->local_cols = f->remote_cols;
		b->remote_cols = f->local_cols;
	}
	b->uselist = b->dir != ORM_REL_MANYTOONE;
	b->post_update = f->post_update;	/* SQLAlchemy's backref: setdefault("post_update") */
	b->reverse = f;
	f->reverse = b;
	b->extra_criteria = f->extra_criteria;	/* the same primaryjoin */
	if (bk && bk->kind == PY_CALL)
	{
		ResCtx		brc = *rc;

		brc.owner = b->owner;
		brc.rel = b;
		brc.cls_param = NULL;	/* cls is the forward side's owner, not this one */
		for (i = 0; i < bk->nkw; i++)
		{
			const char *k = bk->kwnames[i];
			PyNode	   *v = bk->kwvalues[i];

			if (!k)
				continue;
			if (strcmp(k, "uselist") == 0)
				b->uselist = decl_flag(&rc->dc, v, b->uselist);
			else if (strcmp(k, "cascade") == 0)
			{
				if (decl_cascade(&rc->dc, v, &b->cascade) < 0)
					return -1;
			}
			else if (strcmp(k, "lazy") == 0)
			{
				if (decl_lazy(&rc->dc, v, &b->lazy) < 0)
					return -1;
			}
			else if (strcmp(k, "passive_deletes") == 0)
				b->passive_deletes = decl_flag(&rc->dc, v, false);
			else if (strcmp(k, "passive_updates") == 0)
				b->active_updates = !decl_flag(&rc->dc, v, true);
			else if (strcmp(k, "viewonly") == 0)
				b->viewonly = decl_flag(&rc->dc, v, false);
			else if (strcmp(k, "post_update") == 0)
				b->post_update = decl_flag(&rc->dc, v, false);
			else if (strcmp(k, "order_by") == 0)
			{
				if (res_order_by(&brc, v) < 0)
					return -1;
			}
		}
	}
	res_add_rel(ra, f->target, b);
	return 0;
}

static int
res_back_populates(ResCtx *rc, OrmRelationship *r)
{
	OrmRelationship *o = orm_class_rel(r->target, r->back_populates);
	int			depth = 0;

	if (!o)
		return orm_err_at(rc->dc.err, ORM_ERR_DECL, r->line, r->col,
						  "relationship \"%s.%s\": back_populates \"%s\" is not a relationship of \"%s\"",
						  r->owner->name, r->name, r->back_populates, r->target->name);
	/* a concrete class's partner on its superclass (SQLAlchemy maps it, its flush refuses) */
	for (const OrmClass *k = r->owner->concrete_of; k && o->target != r->owner && depth < 200; k = k->concrete_of ? k->concrete_of : k->inherits, depth++)
		if (o->target == k)
			return orm_err_at(rc->dc.err, ORM_ERR_UNSUPPORTED, r->line, r->col,
							  "relationship \"%s.%s\": back_populates \"%s\" targets %s, a superclass "
							  "of concrete class %s; loading %s's rows into it needs ConcreteBase's "
							  "polymorphic loading, which is not supported", r->owner->name, r->name,
							  r->back_populates, k->name, r->owner->name, r->owner->name);
	if (o->target != r->owner ||
		(o->back_populates && strcmp(o->back_populates, r->name) != 0))
		return orm_err_at(rc->dc.err, ORM_ERR_DECL, r->line, r->col,
						  "relationship \"%s.%s\": back_populates \"%s\" does not refer back to it",
						  r->owner->name, r->name, r->back_populates);
	/* SQLAlchemy's check (the same words): one side of the pair must be many-to-one */
	if (o == r || (o->dir == r->dir && r->dir != ORM_REL_MANYTOMANY))
		return orm_err_at(rc->dc.err, ORM_ERR_DECL, r->line, r->col,
						  "relationship \"%s.%s\" and back-reference \"%s.%s\" are both of the "
						  "same direction %s; did you mean to set remote_side on the many-to-one side?",
						  r->owner->name, r->name, o->owner->name, o->name, decl_dir_name(r->dir));
	r->reverse = o;
	if (!o->reverse)
		o->reverse = r;
	return 0;
}

static DeclRel *
res_declrel(DeclState *st, OrmRelationship *r)
{
	int			i;

	for (i = st->rels.n - 1; i >= 0; i--)
		if (((DeclRel *) st->rels.items[i])->rel == r)
			return st->rels.items[i];
	return NULL;
}

/* FK target "users.id" / "schema.users.id" / "User.id" -> table and column. */
static int
res_foreign_key(ResCtx *rc, OrmColumn *c, OrmForeignKey *f)
{
	const char *dot = strrchr(f->target, '.');
	char	   *tname;
	OrmTable   *t = NULL;
	OrmColumn  *rcol = NULL;
	bool		known = false;	/* its table (or class) is declared */

	if (dot)
	{
		const char *tn;

		tname = orm_strndup(rc->dc.a, f->target, (size_t) (dot - f->target));
		tn = strrchr(tname, '.') ? strrchr(tname, '.') + 1 : tname;
		t = orm_reg_table(rc->dc.reg, tn);
		if (t)
			rcol = decl_table_col_ref(t, dot + 1);
		if (!rcol)
		{
			OrmClass   *cls = orm_reg_class(rc->dc.reg, tn);

			known = cls != NULL;
			if (cls && (rcol = orm_class_attr(cls, dot + 1)) != NULL)
				t = cls->table;
		}
		if (rcol)
		{
			f->ref_table = t;
			f->ref_col = rcol;
			return 0;
		}
	}
	orm_err_at(rc->dc.err, ORM_ERR_UNKNOWN_ENTITY, c->line, c->col,
			   "foreign key on column \"%s.%s\" could not find table \"%s\" with which to generate a foreign key to target column",
			   c->table->name, c->name, f->target);
	if (dot && !known && !t)
		rc->dc.err->later = true;	/* no such table yet: a later module may declare it */
	return -1;
}

/*
 * A foreign key column declared without a type takes the referenced
 * column's, along chains of such columns (repeated until nothing changes:
 * no recursion, however long the chain).  One whose chain comes back to
 * itself has no type to take -- SQLAlchemy's NullType, which its DDL
 * compiler refuses ("Can't generate DDL for NullType()"); an error here.
 */
static int
res_fk_types(ResCtx *rc)
{
	const OrmRegistry *reg = rc->dc.reg;
	bool		changed = true;
	int			i,
				j;

	while (changed)
	{
		changed = false;
		for (i = 0; i < reg->tables.n; i++)
		{
			OrmTable   *t = reg->tables.items[i];

			for (j = 0; j < t->ncols; j++)
			{
				OrmColumn  *c = t->cols[j];

				if (c->type.kind == ORM_T_UNKNOWN && c->fk && c->fk->ref_col &&
					c->fk->ref_col->type.kind != ORM_T_UNKNOWN)
				{
					c->type = c->fk->ref_col->type;
					changed = true;
				}
			}
		}
	}
	for (i = 0; i < reg->tables.n; i++)
	{
		OrmTable   *t = reg->tables.items[i];

		for (j = 0; j < t->ncols; j++)
			if (t->cols[j]->type.kind == ORM_T_UNKNOWN && t->cols[j]->fk)
				return orm_err_at(rc->dc.err, ORM_ERR_DECL, t->cols[j]->line, t->cols[j]->col,
								  "column \"%s.%s\" has no type: its foreign key \"%s\" leads "
								  "back to itself through columns without a type",
								  t->name, t->cols[j]->name, t->cols[j]->fk->target);
	}
	return 0;
}

static void
res_strip_backrefs(OrmRegistry *reg)
{
	int			i,
				j,
				k;

	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *cls = reg->classes.items[i];

		for (j = k = 0; j < cls->nrels; j++)
		{
			/* relationships built elsewhere (no DeclRel) keep their partner */
			if (res_declrel(reg->decl, cls->rels[j]))
				cls->rels[j]->reverse = NULL;
			if (!cls->rels[j]->from_backref)
				cls->rels[k++] = cls->rels[j];
		}
		cls->nrels = k;
	}
}

int
orm_registry_resolve(OrmRegistry *reg, OrmError *err)
{
	ResCtx		rc;
	int			i,
				j;

	memset(&rc, 0, sizeof(rc));
	rc.dc.reg = reg;
	rc.dc.a = reg->arena;
	rc.dc.st = decl_state(reg);
	rc.dc.err = err;
	res_strip_backrefs(reg);
	for (i = 0; i < reg->tables.n; i++)
	{
		OrmTable   *t = reg->tables.items[i];

		for (j = 0; j < t->ncols; j++)
			for (OrmForeignKey *f = t->cols[j]->fk; f; f = f->next)
				if (res_foreign_key(&rc, t->cols[j], f) < 0)
					return -1;
	}
	if (res_fk_types(&rc) < 0)
		return -1;
	for (i = 0; i < reg->tables.n; i++)
	{
		OrmTable   *t = reg->tables.items[i];

		for (j = 0; j < t->ncols; j++)
			t->cols[j]->is_autoinc = decl_is_autoinc_col(t, t->cols[j]);
		if (decl_autoinc_check(&rc.dc, t) < 0)
			return -1;
	}
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *cls = reg->classes.items[i];

		for (j = 0; j < cls->nrels; j++)
		{
			DeclRel    *dr = res_declrel(rc.dc.st, cls->rels[j]);

			if (!dr)
				continue;
			if (res_relationship(&rc, dr) < 0 || res_orphan_side(&rc, cls->rels[j]) < 0)
				return -1;
		}
	}
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *cls = reg->classes.items[i];

		for (j = 0; j < cls->nrels; j++)
			if (cls->rels[j]->back_populates && res_back_populates(&rc, cls->rels[j]) < 0)
				return -1;
	}
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *cls = reg->classes.items[i];
		int			n = cls->nrels;

		for (j = 0; j < n; j++)
		{
			OrmRelationship *r = cls->rels[j];
			DeclRel    *dr;

			if (!r->backref || r->from_backref)
				continue;
			dr = res_declrel(rc.dc.st, r);
			if (dr && res_backref(&rc, dr) < 0)
				return -1;
		}
	}
	if (err->code)
		return -1;				/* an error noted on the way (decl_flag) */
	return orm_registry_inherit(reg, err);
}
