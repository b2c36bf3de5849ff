/*
 * polymorphic.c -- inheritance in a load plan (loader_int.h): which
 * subclasses' columns a node of a class loads, and how, as SQLAlchemy's
 * loading.py and mapper.py decide it.
 *
 * Owns: the with_polymorphic classes of a relationship's target
 * (orm_poly_of_target), the classes loaded by a statement of their own
 * (orm_poly_selectin, orm_poly_pick), their relationships, columns and
 * statement (orm_poly_loads_rel, orm_poly_cols, orm_poly_stmt), and the
 * discriminator's values (orm_poly_identities).  Assumes the registry's
 * mapper fields (decl/inherit.c).  Calls no other loader piece.
 *
 * SQLAlchemy's rules, with Employee (base), Manager and Engineer (joined):
 *
 *   select(Employee)            each row becomes the class its discriminator
 *                               names, with Employee's columns only: a
 *                               Manager whose manager_name is not loaded (and
 *                               none of Manager's own relationships);
 *   with_polymorphic(Employee, [Manager]), or Manager with
 *   polymorphic_load="inline"   the statement outer joins manager and selects
 *                               its columns: Manager rows get them, and
 *                               Manager's relationships load for them;
 *   selectin_polymorphic(Employee, [Manager]), or polymorphic_load="selectin"
 *                               after the statement, one per subclass:
 *                               SELECT manager.id, employee.id, employee.type,
 *                               manager.manager_name FROM employee JOIN
 *                               manager ON ... WHERE employee.id IN (...)
 *                               ORDER BY employee.id -- the subclass's own
 *                               columns (and its superclasses' below the
 *                               queried class that are "selectin" too), the
 *                               key and the discriminator; its own
 *                               relationships load below it.
 *
 * Which statement loads an object of class S met through class K
 * (_should_selectin_load): S, then its superclass, stopping after the first
 * one whose with_polymorphic classes do not hold the class before it, and
 * at K; the first of those loaded by a statement of its own.
 */
#include "orm/loader_int.h"
#include "sql/criteria.h"

#include <string.h>

#define POLY_MAX_DEPTH	100

static bool
poly_has(const OrmPtrVec *v, const void *p)
{
	for (int i = 0; v && i < v->n; i++)
		if (v->items[i] == p)
			return true;
	return false;
}

/* k's descendants, breadth-first (SQLAlchemy's self_and_descendants, k left out). */
static void
poly_descendants(OrmArena *a, const OrmClass *k, OrmPtrVec *out)
{
	out->n = 0;
	for (int i = 0; i < k->subclasses.n; i++)
		orm_vec_push(a, out, k->subclasses.items[i]);
	for (int q = 0; q < out->n; q++)
	{
		const OrmClass *c = out->items[q];

		for (int i = 0; i < c->subclasses.n; i++)
			orm_vec_push(a, out, c->subclasses.items[i]);
	}
}

void
orm_poly_of_target(OrmArena *a, OrmClass *target, const SxFrom *alias, OrmPtrVec *out)
{
	out->n = 0;
	if (alias && alias->kind == SXF_TABLE && alias->cls)
	{
		OrmPtrVec	desc = {0};

		if (alias->poly.n > 0)
		{
			for (int i = 0; i < alias->poly.n; i++)
				orm_vec_push(a, out, alias->poly.items[i]);
			return;
		}
		if (alias->cls == target || !orm_class_isa(alias->cls, target))
			return;
		/* of_type(Engineer) on a relationship to Employee: SQLAlchemy's
		 * with_polymorphic(Employee, [Engineer]), the classes between too */
		poly_descendants(a, target, &desc);
		for (int i = 0; i < desc.n; i++)
			if (orm_class_isa(alias->cls, desc.items[i]))
				orm_vec_push(a, out, desc.items[i]);
		return;
	}
	for (int i = 0; target && i < target->wp.n; i++)
		orm_vec_push(a, out, target->wp.items[i]);
}

void
orm_poly_selectin(OrmArena *a, OrmClass *k, const OrmPtrVec *inline_poly, const OrmPtrVec *opt,
				  OrmPtrVec *out)
{
	OrmPtrVec	desc = {0};

	out->n = 0;
	poly_descendants(a, k, &desc);
	for (int i = 0; i < desc.n; i++)
	{
		OrmClass   *m = desc.items[i];

		if ((m->polymorphic_load == ORM_POLY_SELECTIN || poly_has(opt, m)) &&
			!poly_has(inline_poly, m))
			orm_vec_push(a, out, m);
	}
}

/*
 * The classes whose properties the statement for m (below k) loads: m's
 * and those of the classes between it and k.  (SQLAlchemy's statement for m
 * holds m's and its "selectin" superclasses'; another statement then loads
 * the other superclasses' for the same objects: the objects come out the
 * same.)
 */
static bool
poly_included(const OrmClass *m, const OrmClass *k, const OrmClass *owner)
{
	for (const OrmClass *c = m; c && c != k; c = c->inherits)
		if (c == owner)
			return true;
	return false;
}

bool
orm_poly_loads_rel(const OrmClass *m, const OrmClass *k, const OrmRelationship *rel)
{
	return poly_included(m, k, rel->owner);
}

int
orm_poly_cols(OrmArena *a, OrmClass *m, OrmClass *k, OrmColumn ***cols)
{
	OrmPtrVec	out = {0};
	const OrmTable *bt = m->base->table;

	for (int i = 0; i < m->nprops; i++)
	{
		const OrmProp *p = &m->props[i];
		bool		keep = poly_included(m, k, p->owner);

		for (int j = 0; j < p->ncols && !keep; j++)
		{
			keep = p->cols[j] == m->polymorphic_on;
			for (int x = 0; x < bt->npk && !keep; x++)
				keep = p->cols[j] == bt->pk[x];
		}
		if (!keep)
			continue;
		for (int j = 0; j < p->ncols; j++)
			if (!poly_has(&out, p->cols[j]))
				orm_vec_push(a, &out, p->cols[j]);
	}
	*cols = (OrmColumn **) out.items;
	return out.n;
}

OrmLoadNode *
orm_poly_pick(const OrmLoadNode *node, const OrmClass *s)
{
	const OrmClass *k = node->cls,
			   *m = s,
			   *prev = s;

	for (int depth = 0; m && depth < POLY_MAX_DEPTH; depth++)
	{
		if (m != k)
			for (int i = 0; i < node->nchildren; i++)
			{
				OrmLoadNode *ch = node->children[i];

				if (ch->strategy == ORM_LAZY_POLY && ch->cls == m)
					return ch;
			}
		if (m != prev && !poly_has(&m->wp, prev))
			break;
		prev = m;
		if (m == k)
			break;
		m = m->inherits;
	}
	return NULL;
}

SxSelect *
orm_poly_stmt(OrmCtx *ctx, OrmLoadNode *pn, const OrmValue *const *keys, int n)
{
	OrmArena   *a = ctx->arena;
	OrmClass   *m = pn->cls;
	OrmTable   *bt = m->base->table;
	SxFrom	   *target = sx_from_table(a, m->table, m);
	SxSelect   *s = sx_select_new(a);
	SxExpr	  **terms = ORM_NEWN(a, SxExpr *, n > 0 ? n : 1);
	int			npk = bt->npk;

	sx_select_add_item(a, s, sx_entity(a, target), m->name);
	for (int i = 0; i < n; i++)
	{
		SxExpr	  **eqs = ORM_NEWN(a, SxExpr *, npk > 0 ? npk : 1);

		for (int k = 0; k < npk; k++)
		{
			SxExpr	   *p = sx_param(a, *keys[i * npk + k], &bt->pk[k]->type);

			eqs[k] = npk == 1 ? p : sx_binary(a, SXOP_EQ, sx_column(a, target, bt->pk[k]), p);
		}
		terms[i] = npk == 1 ? eqs[0] : sx_boollist(a, SXOP_AND, npk, eqs);
	}
	if (npk == 1)
		s->where = sx_binary(a, SXOP_IN, sx_column(a, target, bt->pk[0]), sx_tuple(a, n, terms));
	else
		s->where = n == 1 ? terms[0] : sx_boollist(a, SXOP_OR, n, terms);
	for (int k = 0; k < npk; k++)
		orm_vec_push(a, &s->order_by, sx_column(a, target, bt->pk[k]));
	if (pn->crit)
		s->crit = *pn->crit;
	pn->from = target;
	return s;
}

int
orm_poly_identities(OrmCtx *ctx, OrmClass *k, OrmValue **vals, OrmClass ***classes)
{
	OrmArena   *a = ctx->arena;
	OrmPtrVec	desc = {0},
				all = {0};
	int			n = 0;

	*vals = NULL;
	*classes = NULL;
	if (!k->polymorphic_on)
		return 0;
	poly_descendants(a, k, &desc);
	orm_vec_push(a, &all, k);
	for (int i = 0; i < desc.n; i++)
		orm_vec_push(a, &all, desc.items[i]);
	*vals = ORM_NEWN(a, OrmValue, all.n);
	*classes = ORM_NEWN(a, OrmClass *, all.n);
	for (int i = 0; i < all.n; i++)
	{
		OrmClass   *c = all.items[i];

		if (!c->polymorphic_identity)
			continue;
		orm_identity_value(ctx, a, k->polymorphic_on, c->polymorphic_identity, &(*vals)[n]);
		(*classes)[n++] = c;
	}
	return n;
}

/*
 * Adds to out the columns of base's hierarchy equal to c through the
 * inherit conditions (boss.boss_id = staff.id = person.id), as SQLAlchemy's
 * mapper equivalents: an attribute whose own column a row lacks is read
 * from an equal one it has.
 */
int
orm_poly_equivalents(OrmArena *a, const OrmColumn *c, const OrmClass *base, OrmPtrVec *out)
{
	OrmPtrVec	all = {0};

	out->n = 0;
	if (!base)
		return 0;
	poly_descendants(a, base, &all);
	orm_vec_push(a, out, (void *) c);
	for (int q = 0; q < out->n && q < 64; q++)
	{
		const OrmColumn *x = out->items[q];

		for (int i = 0; i < all.n; i++)
		{
			const OrmClass *k = all.items[i];

			for (int j = 0; j < k->ninherit; j++)
			{
				const OrmColumn *y = k->inherit_child[j] == x ? k->inherit_parent[j] :
					k->inherit_parent[j] == x ? k->inherit_child[j] : NULL;

				if (y && !poly_has(out, y))
					orm_vec_push(a, out, (void *) y);
			}
		}
	}
	return out->n;
}
