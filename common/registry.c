/*
 * registry.c -- read-only lookups in a resolved registry (see registry.h).
 *
 * Owns: name lookups of classes, tables, enums, attributes, relationships
 * and columns, enum member search, and the foreign-key dependency order of
 * tables.  Assumes registries are small (tens of classes): lookups are linear
 * scans, which keeps the registry a plain read-only structure with no index
 * to invalidate.  Never allocates except in orm_registry_sorted_tables.
 */
#include "registry.h"

#include <string.h>

OrmClass *
orm_reg_class(const OrmRegistry *reg, const char *name)
{
	int			i;

	if (!reg || !name)
		return NULL;
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *c = reg->classes.items[i];

		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

OrmTable *
orm_reg_table(const OrmRegistry *reg, const char *name)
{
	int			i;

	if (!reg || !name)
		return NULL;
	for (i = 0; i < reg->tables.n; i++)
	{
		OrmTable   *t = reg->tables.items[i];

		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

OrmEnum *
orm_reg_enum(const OrmRegistry *reg, const char *name)
{
	int			i;

	if (!reg || !name)
		return NULL;
	for (i = 0; i < reg->enums.n; i++)
	{
		OrmEnum    *e = reg->enums.items[i];

		if (e->name && strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

OrmColumn *
orm_class_attr(const OrmClass *cls, const char *attr)
{
	int			i;

	if (!cls || !attr)
		return NULL;
	for (i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i]->attr && strcmp(cls->attrs[i]->attr, attr) == 0)
			return cls->attrs[i];
	return NULL;
}

OrmRelationship *
orm_class_rel(const OrmClass *cls, const char *name)
{
	int			i;

	if (!cls || !name)
		return NULL;
	for (i = 0; i < cls->nrels; i++)
		if (strcmp(cls->rels[i]->name, name) == 0)
			return cls->rels[i];
	return NULL;
}

OrmColumn *
orm_table_col(const OrmTable *t, const char *name)
{
	int			i;

	if (!t || !name)
		return NULL;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i]->name, name) == 0)
			return t->cols[i];
	return NULL;
}

int
orm_enum_index_by_name(const OrmEnum *e, const char *name)
{
	int			i;

	if (!e || !name)
		return -1;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->names[i], name) == 0)
			return i;
	return -1;
}

int
orm_enum_index_by_value(const OrmEnum *e, const char *value)
{
	int			i;

	if (!e || !value)
		return -1;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->values[i], value) == 0)
			return i;
	return -1;
}

/* ---- dependency order ------------------------------------------------------ */

/* Does t hold a foreign key to dep (self-references ignored)? */
static bool
reg_depends_on(const OrmTable *t, const OrmTable *dep)
{
	int			i;

	if (t == dep)
		return false;
	for (i = 0; i < t->ncols; i++)
	{
		const OrmForeignKey *fk = t->cols[i]->fk;

		if (fk && fk->ref_table == dep)
			return true;
	}
	return false;
}

bool *
orm_registry_fk_reach(const OrmRegistry *reg, OrmArena *a)
{
	int			n = reg->tables.n,
				i,
				j,
				k;
	bool	   *r = ORM_NEWN(a, bool, (size_t) n * n + 1);

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			r[i * n + j] = reg_depends_on(reg->tables.items[i], reg->tables.items[j]);
	/* Warshall's transitive closure; registries are small */
	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++)
			if (r[i * n + k])
				for (j = 0; j < n; j++)
					if (r[k * n + j])
						r[i * n + j] = true;
	return r;
}

/*
 * Tables in layers, as SQLAlchemy's create_all sorts them
 * (util.topological.sort_as_subsets over metadata.tables in declaration
 * order): each round emits, in declaration order, every remaining table
 * whose referenced tables have all been emitted.  When foreign keys form a
 * cycle, SQLAlchemy sets aside every foreign key of the tables in the cycle
 * (they are added with ALTER TABLE afterwards) and sorts again; so do we:
 * a table in a cycle depends on nothing.
 */
OrmTable **
orm_registry_sorted_tables(const OrmRegistry *reg, OrmArena *a, int *n)
{
	int			nt = reg->tables.n,
				done = 0,
				i,
				j;
	OrmTable  **out = ORM_NEWN(a, OrmTable *, nt + 1);
	bool	   *emitted = ORM_NEWN(a, bool, nt + 1);
	bool	   *ready = ORM_NEWN(a, bool, nt + 1);
	bool	   *reach = orm_registry_fk_reach(reg, a);

	while (done < nt)
	{
		int			nready = 0;

		for (i = 0; i < nt; i++)
		{
			ready[i] = false;
			if (emitted[i])
				continue;
			j = nt;
			if (!reach[i * nt + i])
				for (j = 0; j < nt; j++)
					if (!emitted[j] && j != i &&
						reg_depends_on(reg->tables.items[i], reg->tables.items[j]))
						break;
			if (reach[i * nt + i] || j == nt)
				ready[i] = true, nready++;
		}
		if (nready == 0)		/* can't happen: cycles were set aside */
			for (i = 0; i < nt; i++)
				if (!emitted[i])
				{
					ready[i] = true;
					break;
				}
		for (i = 0; i < nt; i++)
			if (ready[i])
			{
				emitted[i] = true;
				out[done++] = reg->tables.items[i];
			}
	}
	*n = nt;
	return out;
}
