/*
 * entity.c -- the tables and columns of a mapped entity's FROM item
 * (entity.h): a joined subclass's chain of tables, with_polymorphic()'s
 * outer joined subclass tables, and the entity's columns.
 *
 * Owns: sx_from_parts, sx_from_multi, sx_from_holds, sx_entity_cols.
 * Assumes: the registry's mapper fields (decl/inherit.c: props, the
 * superclass chain, with_polymorphic lists).  Builds no SQL.
 */
#include "sql/entity.h"

#include <string.h>

#define ENT_MAX_PARTS	256

/* The classes owning each table of cls's chain, root first (orm_class_chain). */
static int
ent_add_chain(OrmArena *a, const OrmClass *cls, bool outer, SxPart *parts, int n)
{
	OrmPtrVec	chain = {0};

	orm_class_chain(cls, a, &chain);
	for (int i = 0; i < chain.n && n < ENT_MAX_PARTS; i++)
	{
		OrmClass   *k = chain.items[i];
		bool		have = false;

		for (int j = 0; j < n && !have; j++)
			have = parts[j].table == k->table;
		if (have)
			continue;
		parts[n].table = k->table;
		parts[n].cls = k;
		parts[n].outer = outer;
		n++;
	}
	return n;
}

int
sx_from_parts(OrmArena *a, const SxFrom *f, SxPart **out)
{
	SxPart	   *parts;
	int			n;

	*out = NULL;
	if (!f || f->kind != SXF_TABLE || !f->table)
		return 0;
	parts = ORM_NEWN(a, SxPart, ENT_MAX_PARTS);
	if (!f->cls || !sx_from_multi(f))
	{
		parts[0].table = f->table;
		parts[0].cls = f->cls;
		*out = parts;
		return 1;
	}
	n = ent_add_chain(a, f->cls, false, parts, 0);
	for (int i = 0; i < f->poly.n; i++)
		n = ent_add_chain(a, f->poly.items[i], !f->poly_inner, parts, n);
	*out = parts;
	return n;
}

bool
sx_from_multi(const SxFrom *f)
{
	if (!f || f->kind != SXF_TABLE || !f->cls)
		return false;
	if (orm_class_multi(f->cls))
		return true;			/* a joined subclass, or a single-table one below it */
	for (int i = 0; i < f->poly.n; i++)
		for (const OrmClass *k = f->poly.items[i]; k && k != f->cls; k = k->inherits)
			if (k->table != f->table)
				return true;
	return false;
}

bool
sx_from_holds(const SxFrom *f, const OrmTable *t)
{
	if (!f || f->kind != SXF_TABLE)
		return false;
	if (f->table == t)
		return true;
	if (!f->cls)
		return false;
	for (const OrmClass *k = f->cls; k; k = k->inherits)
		if (k->table == t)
			return true;
	for (int i = 0; i < f->poly.n; i++)
		for (const OrmClass *k = f->poly.items[i]; k && k != f->cls; k = k->inherits)
			if (k->table == t)
				return true;
	return false;
}

static void
ent_add_class_cols(OrmArena *a, const OrmClass *cls, OrmPtrVec *cols)
{
	for (int i = 0; i < cls->nprops; i++)
		for (int k = 0; k < cls->props[i].ncols; k++)
		{
			OrmColumn  *c = cls->props[i].cols[k];
			bool		have = false;

			for (int j = 0; j < cols->n && !have; j++)
				have = cols->items[j] == c;
			if (!have)
				orm_vec_push(a, cols, c);
		}
}

int
sx_entity_cols(OrmArena *a, const SxFrom *f, const OrmClass *cls, OrmColumn ***out)
{
	OrmPtrVec	cols = {0};

	if (!cls)
	{
		*out = NULL;
		return 0;
	}
	if (cls->nprops == 0 && cls->nattrs > 0)
	{
		/* a registry not derived by inherit.c (unit tests build some by hand) */
		*out = cls->attrs;
		return cls->nattrs;
	}
	ent_add_class_cols(a, cls, &cols);
	for (int i = 0; f && i < f->poly.n; i++)
		ent_add_class_cols(a, f->poly.items[i], &cols);
	if (f && f->cls == cls)
	{
		int			n = 0;

		/* aliased(Entity, subquery): the columns the subquery has */
		for (int i = 0; i < cols.n; i++)
			if (!sx_from_lacks(f, cols.items[i]))
				cols.items[n++] = cols.items[i];
		cols.n = n;
	}
	*out = (OrmColumn **) cols.items;
	return cols.n;
}
