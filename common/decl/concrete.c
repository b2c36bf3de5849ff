/*
 * concrete.c -- concrete table inheritance at declaration (SQLAlchemy 2.0's
 * __mapper_args__ = {"concrete": True}).
 *
 * A concrete subclass of a mapped class maps a table of its own holding all
 * of its columns: its superclass's columns are not copied to it and its
 * mapper inherits none of the superclass's attributes or relationships
 * (SQLAlchemy's ConcreteInheritedProperty raises on them).  Without a
 * polymorphic union (ConcreteBase) a query of either class reads that
 * class's table only, and the flush writes each class to its own table --
 * which is what a class mapped on its own does.  So the subclass is declared
 * as a class of its own (inherits NULL) and remembers its Python superclass
 * in concrete_of.
 */
#include "decl/decl_int.h"

#include <string.h>

/* Does class statement s say __mapper_args__ = {..., "concrete": True}? */
bool
decl_concrete(DeclCtx *dc, const PyStmt *s)
{
	PyNode	   *margs = NULL;

	if (!decl_has_assign(s, "__mapper_args__", &margs))
		return false;
	margs = decl_const(dc, margs);
	if (!margs || margs->kind != PY_DICT || margs->op == PY_OP_IN)
		return false;			/* decl_mapper_args says what is wrong */
	for (int i = 0; i < margs->nitems; i++)
		if (margs->items[i] && decl_key_is(margs->items[i], "concrete"))
			return decl_flag(dc, margs->values[i], false);
	return false;
}

/*
 * A concrete=True subclass of parent: mapped as a class of its own, on
 * __tablename__ (tablename) or __table__ (table).
 */
int
decl_concrete_class(DeclCtx *dc, PyStmt *s, PyNode *tablename, PyNode *table, OrmClass *parent)
{
	OrmClass   *cls;
	int			rc;

	rc = table ? decl_imperative_class(dc, s, table, NULL)
		: decl_mapped_class(dc, s, tablename, NULL);
	if (rc < 0)
		return rc;
	cls = orm_reg_class(dc->reg, s->name);
	if (!cls)
		return 0;
	cls->concrete_of = parent;
	/*
	 * The superclass's hybrids are Python attributes of the subclass too,
	 * evaluated on it (its column attributes and relationships are not).
	 */
	if (parent->nhybrids > 0)
	{
		OrmXattr  **h = ORM_NEWN(dc->reg->arena, OrmXattr *, cls->nhybrids + parent->nhybrids + 1);
		int			n = cls->nhybrids;

		memcpy(h, cls->hybrids, sizeof(OrmXattr *) * (size_t) n);
		for (int i = 0; i < parent->nhybrids; i++)
		{
			const char *name = parent->hybrids[i]->name;

			if (!orm_class_xattr(cls, name) && !orm_class_attr(cls, name) && !orm_class_rel(cls, name))
				h[n++] = parent->hybrids[i];
		}
		cls->hybrids = h;
		cls->nhybrids = n;
	}
	return 0;
}

const OrmClass *
orm_concrete_attr_owner(const OrmClass *cls, const char *name)
{
	int			depth = 0;

	for (const OrmClass *k = cls ? cls->concrete_of : NULL; k && depth < 200;
		 k = k->concrete_of ? k->concrete_of : k->inherits, depth++)
		if (orm_class_prop(k, name) || orm_class_allrel(k, name) || orm_class_xattr(k, name))
			return k;
	return NULL;
}

/*
 * class Employee(ConcreteBase, Base) with a __tablename__: mapped on its
 * table as any class; its queries read the polymorphic union of its table
 * and its concrete subclasses' (concrete_union).
 */
int
decl_concrete_base(DeclCtx *dc, PyStmt *s, PyNode *tablename, OrmClass *parent, PyNode *at)
{
	OrmClass   *cls;

	if (parent)
		return decl_errn(dc, at, ORM_ERR_UNSUPPORTED,
						 "ConcreteBase below a mapped class (%s) is not supported", parent->name);
	if (decl_mapped_class(dc, s, tablename, NULL) < 0)
		return -1;
	if ((cls = orm_reg_class(dc->reg, s->name)) != NULL)
		cls->concrete_union = true;
	return 0;
}
