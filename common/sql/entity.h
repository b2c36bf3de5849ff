/*
 * entity.h -- the tables and columns of a mapped entity's FROM item
 * (entity.c): what a joined subclass or a with_polymorphic() entity selects
 * from, and which columns an entity of it selects.
 *
 * A FROM of a mapped class (sqlexpr.h, SxFrom of kind SXF_TABLE with cls)
 * stands for SQLAlchemy's mapper selectable: for a joined-table subclass its
 * superclasses' tables and its own, inner joined on each subclass's inherit
 * condition, root first; with_polymorphic()'s classes (f->poly) add the
 * tables of theirs not there yet, LEFT OUTER JOINed:
 *
 *   Manager                          employee JOIN manager ON employee.id = manager.id
 *   with_polymorphic(Employee, "*")  employee LEFT OUTER JOIN manager ON ...
 *                                    LEFT OUTER JOIN engineer ON ...
 *
 * The compiler renders those parts (compile_from.c) and qualifies a column
 * by the part holding its table (compile_expr.c); the loader selects an
 * entity's columns in the order given here.
 */
#ifndef ORM_ENTITY_H
#define ORM_ENTITY_H

#include "sql/sqlexpr.h"

typedef struct SxPart
{
	OrmTable   *table;
	OrmClass   *cls;			/* the class whose table it is (its inherit
								 * condition joins it to its superclass's) */
	bool		outer;			/* with_polymorphic's: LEFT OUTER JOIN */
} SxPart;

/* The tables of FROM f, root first; 1 for a plain table, 0 for a subquery / CTE. */
int			sx_from_parts(OrmArena *a, const SxFrom *f, SxPart **parts);

/* Does f join more than one table (a joined subclass, with_polymorphic)? */
bool		sx_from_multi(const SxFrom *f);

/* Is table t one of f's parts? */
bool		sx_from_holds(const SxFrom *f, const OrmTable *t);

/*
 * The columns an entity of class cls read from f selects, in SQLAlchemy's
 * order: each attribute's columns (cls's, then each with_polymorphic
 * class's), a column once; of an aliased(Entity, subquery) entity, those
 * the subquery has (sqlexpr.h, sx_from_lacks).
 */
int			sx_entity_cols(OrmArena *a, const SxFrom *f, const OrmClass *cls, OrmColumn ***cols);

#endif							/* ORM_ENTITY_H */
