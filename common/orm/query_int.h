/*
 * query_int.h -- what query.c shares with execute.c and loader.c only: the
 * evaluation of an insert() / update() / delete() statement from statement
 * text (its tree, SxDml, is sql/sqlexpr.h's; its compilation
 * sql/compile.h's), and relationship criteria evaluated for one use.
 *
 * Not a user contract: api.c and the engine glues see only orm.h.
 */
#ifndef ORM_QUERY_INT_H
#define ORM_QUERY_INT_H

#include "orm/loader.h"
#include "sql/compile.h"
#include "sql/criteria.h"

/*
 * query.c: evaluates statement text ending in a select() or a DML statement.
 * Exactly one of *sel, *dml is set on success.  params may be NULL, and only
 * a JSON object's keys act as names (an array is the executemany form,
 * handled by execute.c).
 */
int			orm_query_eval_stmt(OrmCtx *ctx, const char *text,
								const struct JsonValue *params,
								SxSelect **sel, SxDml **dml);

/*
 * query.c: rel->extra_criteria (the non column-pair parts of its
 * primaryjoin / secondaryjoin, as declaration text) evaluated for one use of
 * the relationship: the target class's columns name target, the owner's
 * parent, the secondary table's sec (NULL when not many-to-many).  *out is
 * NULL when the relationship has none.  parent NULL: the statement has no
 * parent FROM, and criteria naming the owner are an error.  Returns -1 with
 * ctx->err set on failure.
 */
int			orm_rel_extra_criteria(OrmCtx *ctx, const OrmRelationship *rel,
								   SxFrom *parent, SxFrom *sec, SxFrom *target,
								   SxExpr **out);

#endif							/* ORM_QUERY_INT_H */
