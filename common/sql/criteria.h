/*
 * criteria.h -- SQLAlchemy's single-table inheritance criterion
 * (criteria.c): the WHERE / ON condition that limits a FROM of a
 * single-table subclass to the rows of that class and its subclasses.
 *
 * Built from the registry's class information only; used by the query
 * evaluator where SQLAlchemy places it early (any()/has()) and by the
 * compiler for every FROM and join target of a select and for
 * update()/delete() of such a class.
 */
#ifndef ORM_CRITERIA_H
#define ORM_CRITERIA_H

#include "base/ctx.h"
#include "sql/sqlexpr.h"

/*
 * Is cls a single-table subclass (it inherits and shares its superclass's
 * table, with a discriminator column)?
 */
bool		orm_single_sub(const OrmClass *cls);

/*
 * SQLAlchemy's single-table inheritance criterion for FROM f of cls
 * ("f.type IN (identities of cls and its subclasses)"), or NULL when cls
 * is not a single-table subclass.  The compiler appends it to the WHERE
 * clause for each FROM of a select and to the ON clause of a join target,
 * unless the condition already holds it (query.c places it itself where
 * SQLAlchemy puts it earlier, as in any()/has()).
 */
SxExpr	   *orm_single_criterion(OrmCtx *ctx, OrmArena *a, SxFrom *f, OrmClass *cls);

/*
 * A class's polymorphic_identity (JSON text, as declare.c stores it) in the
 * stored form of the discriminator col, as the unit of work writes it and
 * the criterion binds it (the loader tells a row's class by it).
 */
void		orm_identity_value(OrmCtx *ctx, OrmArena *a, const OrmColumn *col,
							   const char *identity, OrmValue *out);

#endif							/* ORM_CRITERIA_H */
