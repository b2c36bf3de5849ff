/*
 * loader_int.h -- what the pieces of the loader share (not an API): the
 * loader's public face is orm/loader.h.
 *
 *   loader.c        running a select: hydration, the identity map, selectin
 *                   and polymorphic statements, JSON; orm_load_select,
 *                   orm_compile_text, orm_load_get
 *   loader_plan.c   stage 1, the eager-load plan: orm_plan_build,
 *                   orm_plan_place, lp_place_joined
 *   polymorphic.c   inheritance in a plan: which subclasses a node loads
 *                   inline or by a statement of their own, their
 *                   relationships, columns and statements, a row's class
 *
 * A piece calls only pieces below it in this list (loader.c calls both,
 * loader_plan.c calls polymorphic.c, which calls neither); loader_plan.c
 * also calls load_cols.c (load_cols.h), the columns of each node.
 */
#ifndef ORM_LOADER_INT_H
#define ORM_LOADER_INT_H

#include "orm/loader.h"

#define LP_MAXDEPTH		64		/* plan depth limit (relationships on one path) */
#define LP_MAXNODES		4096	/* plan size limit (default eager loads of a big
								 * schema could otherwise grow without bound) */

/* ---- loader_plan.c ---------------------------------------------------------- */

/*
 * Node's expression columns for its FROM (set), the FROMs of the JOINED
 * nodes below it and their relationships' criteria, for one statement.
 */
int			lp_place_joined(OrmCtx *ctx, OrmLoadNode *node);

/* ---- polymorphic.c ---------------------------------------------------------- */

/*
 * The with_polymorphic classes of a node loading target (a relationship's
 * target class): of_type()'s -- a with_polymorphic() entity's classes, or
 * a subclass of target and the classes between -- else target's mapper's.
 */
void		orm_poly_of_target(OrmArena *a, OrmClass *target, const SxFrom *alias,
							   OrmPtrVec *out);

/*
 * The classes whose columns a node of class k loads by a statement of
 * their own: its descendants with polymorphic_load="selectin" and those
 * selectin_polymorphic() names (opt), but the inline ones.
 */
void		orm_poly_selectin(OrmArena *a, OrmClass *k, const OrmPtrVec *inline_poly,
							  const OrmPtrVec *opt, OrmPtrVec *out);

/* Does the statement for subclass m (below k) load relationship rel? */
bool		orm_poly_loads_rel(const OrmClass *m, const OrmClass *k, const OrmRelationship *rel);

/* The columns the statement for subclass m (below k) selects. */
int			orm_poly_cols(OrmArena *a, OrmClass *m, OrmClass *k, OrmColumn ***cols);

/*
 * The ORM_LAZY_POLY child of node whose statement loads an object of class
 * s the node met (SQLAlchemy's _should_selectin_load), or NULL.
 */
OrmLoadNode *orm_poly_pick(const OrmLoadNode *node, const OrmClass *s);

/*
 * The statement of ORM_LAZY_POLY node pn (its class m) for n objects of
 * keys (n * npk values of the hierarchy's primary key):
 *   SELECT <m's columns> FROM <m's tables> WHERE <pk> IN (...) ORDER BY <pk>
 * Sets pn->from.
 */
SxSelect   *orm_poly_stmt(OrmCtx *ctx, OrmLoadNode *pn, const OrmValue *const *keys, int n);

/*
 * The identities of the classes of k's hierarchy that a row of a node of
 * class k can be (k and its descendants), as values of the discriminator:
 * *vals[i] is the identity of (*classes)[i].
 */
int			orm_poly_identities(OrmCtx *ctx, OrmClass *k, OrmValue **vals,
								OrmClass ***classes);

/*
 * The columns of base's hierarchy equal to c through the inherit conditions
 * (c first), into out.
 */
int			orm_poly_equivalents(OrmArena *a, const OrmColumn *c, const OrmClass *base,
								 OrmPtrVec *out);

#endif							/* ORM_LOADER_INT_H */
