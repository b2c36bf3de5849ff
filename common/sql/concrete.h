/*
 * concrete.h -- a ConcreteBase class's polymorphic union (concrete.c).
 */
#ifndef ORM_SQL_CONCRETE_H
#define ORM_SQL_CONCRETE_H

#include "base/ctx.h"
#include "sql/sqlexpr.h"

/*
 * The FROM item "pjoin" a query of ConcreteBase class root reads: the
 * UNION ALL of its table and its concrete subclasses' tables.  NULL with
 * ctx->err set when a class of it has no polymorphic_identity.
 */
SxFrom	   *sx_concrete_union(OrmCtx *ctx, OrmArena *a, OrmClass *root);

#endif							/* ORM_SQL_CONCRETE_H */
