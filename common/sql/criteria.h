/*
 * criteria.h -- criteria a FROM of a mapped class carries wherever it
 * appears (criteria.c): SQLAlchemy's single-table inheritance criterion, the
 * WHERE / ON condition that limits a FROM of a single-table subclass to the
 * rows of that class and its subclasses; and with_loader_criteria()'s.
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

/*
 * with_loader_criteria() (sqlexpr.h, SxCrit): where a statement's criteria
 * list applies, as SQLAlchemy's loader criteria do --
 *   ORM_CRIT_STATEMENT: a FROM of a statement (or of its subqueries), or
 *     the FROM a selectin / subquery / immediate load or a polymorphic load
 *     selects from: an entry for the FROM's class whose option named that
 *     class itself (its un-aliased FROM) or that aliased() entity, or any
 *     FROM of the class with include_aliases;
 *   ORM_CRIT_JOINED: the target of a joined eager load: any entry for the
 *     class with propagate_to_loaders.
 * *out is the AND of the applying criteria, each adapted to f (the columns
 * of the FROM it was written for read from f), or NULL when none applies.
 * -1 with ctx->err set: a lambda that failed for this class, or criteria
 * that cannot be adapted to f (a subquery naming the entity, a subquery
 * entity).
 */
typedef enum OrmCritUse
{
	ORM_CRIT_STATEMENT,
	ORM_CRIT_JOINED
} OrmCritUse;

int			orm_loader_criteria(OrmCtx *ctx, OrmArena *a, const OrmPtrVec *crit, SxFrom *f,
								OrmCritUse use, SxExpr **out);

#endif							/* ORM_CRITERIA_H */
