/*
 * criteria.c -- the criteria a FROM of a mapped class carries (criteria.h):
 * SQLAlchemy's single-table inheritance criterion, built from the
 * registry's class information, and where with_loader_criteria()'s apply.
 *
 * Owns: orm_single_sub, orm_single_criterion, orm_loader_criteria.  Assumes
 * a resolved registry (ctx->reg: the classes that inherit a class) and the
 * discriminator's identities as declare.c stores them (a Python constant as
 * JSON text).  Every identity is a bound parameter; loader criteria come
 * evaluated (the query evaluator built them) and are only copied here.
 */
#include "sql/criteria.h"
#include "sql/entity.h"
#include "sql/values.h"
#include "base/json.h"

#include <string.h>

/*
 * A single-table subclass (its table is its superclass's) loads only the
 * rows of itself and its subclasses: SQLAlchemy's "type IN (identities)",
 * appended to the WHERE clause for a FROM of the select and to the ON
 * clause for a join target.  Identities in mapper.self_and_descendants
 * order (the class, then breadth-first its subclasses).
 */
bool
orm_single_sub(const OrmClass *cls)
{
	return cls && cls->inherits && cls->polymorphic_on && cls->inherits->table == cls->table;
}

/*
 * The identity (a Python constant as JSON text, as declare.c stores it) in
 * the discriminator's stored form, converted as the unit of work converts it
 * when it fills the discriminator.
 */
void
orm_identity_value(OrmCtx *ctx, OrmArena *a, const OrmColumn *col, const char *identity,
				   OrmValue *out)
{
	OrmParam	v = {.kind = ORM_V_TEXT, .s = identity, .len = strlen(identity)};
	OrmError	err = {0};
	JsonValue  *jv = json_parse(a, identity, strlen(identity), &err);

	if (!jv || orm_value_from_json(a, ctx->dialect, jv, &col->type, &v, &err) < 0)
		v = (OrmParam) {.kind = ORM_V_TEXT, .s = identity, .len = strlen(identity)};
	*out = v;
}

static SxExpr *
crit_identity_param(OrmCtx *ctx, OrmArena *a, OrmColumn *col, const char *identity)
{
	OrmParam	v;

	orm_identity_value(ctx, a, col, identity, &v);
	return sx_param(a, v, &col->type);
}

SxExpr *
orm_single_criterion(OrmCtx *ctx, OrmArena *a, SxFrom *f, OrmClass *cls)
{
	const OrmRegistry *reg = ctx->reg;
	OrmPtrVec	queue = {0},
				ids = {0};
	OrmColumn  *disc;

	if (!f || f->kind != SXF_TABLE || !orm_single_sub(cls) || f->table != cls->table)
		return NULL;
	disc = cls->polymorphic_on;
	orm_vec_push(a, &queue, cls);
	for (int q = 0; q < queue.n; q++)
	{
		OrmClass   *k = queue.items[q];

		if (k->polymorphic_identity)
			orm_vec_push(a, &ids, crit_identity_param(ctx, a, disc, k->polymorphic_identity));
		for (int i = 0; i < reg->classes.n; i++)
			if (((OrmClass *) reg->classes.items[i])->inherits == k)
				orm_vec_push(a, &queue, reg->classes.items[i]);
	}
	if (ids.n == 0)
		return NULL;
	return sx_binary(a, SXOP_IN, sx_column(a, f, disc), sx_tuple(a, ids.n, (SxExpr **) ids.items));
}

/* ---- with_loader_criteria() ---------------------------------------------- */

/* Is column x (of FROM g) one that criteria written for FROM from name in to? */
static bool
crit_moves(const SxFrom *g, const OrmColumn *col, const SxFrom *from, const SxFrom *to)
{
	if (g == from)
		return true;
	/* an un-aliased FROM of a table `to` holds too: Employee.tenant_id in
	 * criteria for Manager (the same table, as SQLAlchemy's adapter sees it) */
	return from->kind == SXF_TABLE && !from->is_alias && g->kind == SXF_TABLE &&
		!g->is_alias && col && sx_from_holds(from, col->table) && sx_from_holds(to, col->table);
}

/* Does select s (or a select inside it) name a column crit_moves would move? */
static bool crit_sel_names(const SxSelect *s, const SxFrom *from, const SxFrom *to, int depth);

static bool
crit_names(const SxExpr *x, const SxFrom *from, const SxFrom *to, int depth)
{
	if (!x || depth > SX_MAX_DEPTH)
		return depth > SX_MAX_DEPTH;
	if (x->kind == SX_COLUMN)
		return crit_moves(x->from, x->col, from, to);
	if (x->select && crit_sel_names(x->select, from, to, depth + 1))
		return true;
	if (crit_names(x->left, from, to, depth + 1) || crit_names(x->right, from, to, depth + 1) ||
		crit_names(x->third, from, to, depth + 1) || crit_names(x->filter, from, to, depth + 1))
		return true;
	for (int i = 0; i < x->nargs; i++)
		if (crit_names(x->args[i], from, to, depth + 1))
			return true;
	for (int i = 0; i < x->npartition; i++)
		if (crit_names(x->partition_by[i], from, to, depth + 1))
			return true;
	for (int i = 0; i < x->nover_order; i++)
		if (crit_names(x->over_order[i], from, to, depth + 1))
			return true;
	return false;
}

static bool
crit_sel_names(const SxSelect *s, const SxFrom *from, const SxFrom *to, int depth)
{
	if (!s || depth > SX_MAX_DEPTH)
		return depth > SX_MAX_DEPTH;
	for (int i = 0; i < s->parts.n; i++)
		if (crit_sel_names(s->parts.items[i], from, to, depth + 1))
			return true;
	for (int i = 0; i < s->items.n; i++)
		if (crit_names(((SxItem *) s->items.items[i])->expr, from, to, depth + 1))
			return true;
	for (int i = 0; i < s->froms.n; i++)
	{
		const SxFrom *f = s->froms.items[i];

		if (f == from || (f->kind != SXF_TABLE && crit_sel_names(f->select, from, to, depth + 1)))
			return true;
	}
	for (int i = 0; i < s->joins.n; i++)
		if (crit_names(((SxJoin *) s->joins.items[i])->on, from, to, depth + 1))
			return true;
	if (crit_names(s->where, from, to, depth + 1) || crit_names(s->having, from, to, depth + 1))
		return true;
	for (int i = 0; i < s->group_by.n; i++)
		if (crit_names(s->group_by.items[i], from, to, depth + 1))
			return true;
	for (int i = 0; i < s->order_by.n; i++)
		if (crit_names(s->order_by.items[i], from, to, depth + 1))
			return true;
	return false;
}

static SxExpr *crit_adapt(OrmArena *a, SxExpr *x, const SxFrom *from, SxFrom *to, int depth,
						  bool *refused);

static SxFrom *
crit_swap(SxFrom *f, const SxFrom *from, SxFrom *to)
{
	return f == from ? to : f;
}

static void
crit_adapt_vec(OrmArena *a, OrmPtrVec *v, const SxFrom *from, SxFrom *to, int depth, bool *refused,
			   bool froms)
{
	OrmPtrVec	c = {0};

	for (int i = 0; i < v->n; i++)
		orm_vec_push(a, &c, froms ? (void *) crit_swap(v->items[i], from, to) :
					 (void *) crit_adapt(a, v->items[i], from, to, depth + 1, refused));
	*v = c;
}

/*
 * A subquery of criteria, adapted as SQLAlchemy's adapter adapts it: its
 * columns (and FROM list, correlation) naming the entity's FROM name `to`
 * instead -- a correlated has() / any() then correlates to `to`, a select of
 * the entity itself selects from `to` (its own FROM there, as it has no
 * other).  Kept as it is when it names none of them.  A derived table
 * inside it is kept as written (refused when it names them).
 */
static SxSelect *
crit_adapt_sel(OrmArena *a, SxSelect *s, const SxFrom *from, SxFrom *to, int depth, bool *refused)
{
	SxSelect   *c;

	if (!s || depth > SX_MAX_DEPTH || !crit_sel_names(s, from, to, depth))
		return s;
	c = ORM_NEW(a, SxSelect);
	*c = *s;
	memset(&c->items, 0, sizeof(c->items));
	for (int i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = ORM_NEW(a, SxItem);

		*it = *(SxItem *) s->items.items[i];
		it->expr = crit_adapt(a, it->expr, from, to, depth + 1, refused);
		orm_vec_push(a, &c->items, it);
	}
	for (int i = 0; i < s->froms.n; i++)
	{
		const SxFrom *f = s->froms.items[i];

		if (f != from && f->kind != SXF_TABLE && f->select && !f->tvf && !f->values &&
			crit_sel_names(f->select, from, to, depth + 1))
			*refused = true;
	}
	crit_adapt_vec(a, &c->froms, from, to, depth, refused, true);
	memset(&c->joins, 0, sizeof(c->joins));
	for (int i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = ORM_NEW(a, SxJoin);

		*j = *(SxJoin *) s->joins.items[i];
		j->left = crit_swap(j->left, from, to);
		j->target = crit_swap(j->target, from, to);
		j->on = crit_adapt(a, j->on, from, to, depth + 1, refused);
		j->inner_on = crit_adapt(a, j->inner_on, from, to, depth + 1, refused);
		orm_vec_push(a, &c->joins, j);
	}
	c->where = crit_adapt(a, s->where, from, to, depth + 1, refused);
	c->having = crit_adapt(a, s->having, from, to, depth + 1, refused);
	crit_adapt_vec(a, &c->group_by, from, to, depth, refused, false);
	crit_adapt_vec(a, &c->order_by, from, to, depth, refused, false);
	crit_adapt_vec(a, &c->distinct_on, from, to, depth, refused, false);
	crit_adapt_vec(a, &c->correlate, from, to, depth, refused, true);
	crit_adapt_vec(a, &c->correlate_except, from, to, depth, refused, true);
	memset(&c->parts, 0, sizeof(c->parts));
	for (int i = 0; i < s->parts.n; i++)
		orm_vec_push(a, &c->parts, crit_adapt_sel(a, s->parts.items[i], from, to, depth + 1, refused));
	return c;
}

/*
 * x with the columns crit_moves says read from `to` instead: copied where
 * they change, subqueries naming them included (crit_adapt_sel); *refused
 * set where that cannot be done.
 */
static SxExpr *
crit_adapt(OrmArena *a, SxExpr *x, const SxFrom *from, SxFrom *to, int depth, bool *refused)
{
	SxExpr	   *c;
	bool		changed;

	if (!x || depth > SX_MAX_DEPTH)
		return x;
	if (x->kind == SX_COLUMN)
	{
		if (!crit_moves(x->from, x->col, from, to) || x->from == to)
			return x;
		c = ORM_NEW(a, SxExpr);
		*c = *x;
		c->from = to;
		return c;
	}
	c = ORM_NEW(a, SxExpr);
	*c = *x;
	c->select = crit_adapt_sel(a, x->select, from, to, depth + 1, refused);
	c->left = crit_adapt(a, x->left, from, to, depth + 1, refused);
	c->right = crit_adapt(a, x->right, from, to, depth + 1, refused);
	c->third = crit_adapt(a, x->third, from, to, depth + 1, refused);
	c->filter = crit_adapt(a, x->filter, from, to, depth + 1, refused);
	changed = c->left != x->left || c->right != x->right || c->third != x->third ||
		c->filter != x->filter || c->select != x->select;
	if (x->nargs > 0)
	{
		c->args = ORM_NEWN(a, SxExpr *, x->nargs);
		for (int i = 0; i < x->nargs; i++)
		{
			c->args[i] = crit_adapt(a, x->args[i], from, to, depth + 1, refused);
			changed = changed || c->args[i] != x->args[i];
		}
	}
	if (x->npartition > 0)
	{
		c->partition_by = ORM_NEWN(a, SxExpr *, x->npartition);
		for (int i = 0; i < x->npartition; i++)
		{
			c->partition_by[i] = crit_adapt(a, x->partition_by[i], from, to, depth + 1, refused);
			changed = changed || c->partition_by[i] != x->partition_by[i];
		}
	}
	if (x->nover_order > 0)
	{
		c->over_order = ORM_NEWN(a, SxExpr *, x->nover_order);
		for (int i = 0; i < x->nover_order; i++)
		{
			c->over_order[i] = crit_adapt(a, x->over_order[i], from, to, depth + 1, refused);
			changed = changed || c->over_order[i] != x->over_order[i];
		}
	}
	return changed ? c : x;
}

/* Does entry c apply to FROM f used as use says (criteria.h)? */
static bool
crit_applies(const SxCrit *c, const SxFrom *f, OrmCritUse use)
{
	if (c->cls != f->cls)
		return false;
	if (use == ORM_CRIT_JOINED)
		return c->propagate;
	if (c->include_aliases)
		return true;
	if (!c->exact)
		return false;
	if (c->entity)
		return f == c->entity || f->view_of == c->entity;
	return f->kind == SXF_TABLE && !f->is_alias && !f->wp;
}

int
orm_loader_criteria(OrmCtx *ctx, OrmArena *a, const OrmPtrVec *crit, SxFrom *f, OrmCritUse use,
					SxExpr **out)
{
	*out = NULL;
	if (!crit || crit->n == 0 || !f || !f->cls)
		return 0;
	for (int i = 0; i < crit->n; i++)
	{
		const SxCrit *c = crit->items[i];
		bool		refused = false;
		SxExpr	   *x;

		if (!crit_applies(c, f, use))
			continue;
		if (!c->expr)
			return orm_err_at(ctx->err, (OrmErrCode) c->error_code, c->line, c->col, "%s",
							  c->error ? c->error : "with_loader_criteria() failed");
		if (c->entity && use == ORM_CRIT_JOINED)
			return orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, c->line, c->col,
							  "with_loader_criteria() of an aliased() entity applied to a joined "
							  "eager load of %s is not supported (SQLAlchemy writes the alias's "
							  "columns into that join)", f->cls->name);
		if (f != c->from && f->kind != SXF_TABLE)
			return orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, c->line, c->col,
							  "with_loader_criteria() for an entity of %s mapped onto a subquery "
							  "is not supported", f->cls->name);
		x = f == c->from ? c->expr : crit_adapt(a, c->expr, c->from, f, 0, &refused);
		if (refused)
			return orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, c->line, c->col,
							  "with_loader_criteria() criteria with a derived table naming %s "
							  "apply to the entity as written only; for an alias or a joined "
							  "eager load of it they are not supported", f->cls->name);
		*out = sx_and(a, *out, x);
	}
	return 0;
}
