/*
 * query.h -- the query evaluator (query*.c): SQLAlchemy statement text to
 * statement trees.  What the loader, execute.c, view.c and api.c call: a
 * select() evaluated, a select() or insert() / update() / delete() evaluated
 * (its tree, SxDml, is sql/sqlexpr.h's; its compilation sql/compile.h's),
 * loader options text, and relationship criteria evaluated for one use.
 *
 * Not a user contract: the engine glues see only orm.h.  The pieces of the
 * evaluator share query_int.h.
 */
#ifndef ORM_QUERY_H
#define ORM_QUERY_H

#include "session/session.h"
#include "sql/sqlexpr.h"

struct JsonValue;

/* query.c: evaluates statement text (with params JSON DOM, may be NULL). */
SxSelect   *orm_query_eval(OrmCtx *ctx, const char *text, const struct JsonValue *params);

/*
 * Runs a select (its shape, orm/result.h, included) and appends its result
 * JSON to out: the loader's orm_load_select, handed down by the callers that
 * run the text (the evaluator never names the loader).
 */
typedef int (*OrmQueryRun) (OrmCtx *ctx, SxSelect *sel, OrmBuf *out);

/*
 * query.c: orm_query_eval for orm_select, which runs the text: a session
 * call whose value the text uses (session.get(User, 1).name, `if rows:`,
 * [q.count(), q.all()], a loop of calls) runs its statement through run
 * while the text is evaluated.  When the text's value is such a value, the
 * select returned carries it as JSON (its shape's json, result.h) and
 * ctx->uncacheable is set: nothing of the call is kept.
 */
SxSelect   *orm_query_eval_run(OrmCtx *ctx, const char *text,
							   const struct JsonValue *params, OrmQueryRun run);

/* query.c: parses options text ("selectinload(User.posts), joinedload(User.profile)")
 * against the statement's entity and appends the options to sel->options. */
int			orm_query_options(OrmCtx *ctx, const char *text, SxSelect *sel);

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
 * query.c: the same, also collecting into *bound (when not NULL) the keys
 * of params the text used, through bindparam("k") or as a name: Core's
 * executemany (execute.c) sets the other keys of each row as values.
 */
int			orm_query_eval_bound(OrmCtx *ctx, const char *text,
								 const struct JsonValue *params,
								 SxSelect **sel, SxDml **dml, OrmPtrVec *bound);

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

/*
 * query.c: a composite secondary (rel->secondary_join) for one use of rel:
 * *sec the join of its tables, each aliased (SXF_JOIN), *pj the
 * primaryjoin from parent (its owner's FROM) to them, *sj the secondaryjoin
 * from them to target.  parent NULL: criteria naming the owner are an
 * error.
 */
int			orm_rel_composite(OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
							  SxFrom *target, SxFrom **sec, SxExpr **pj, SxExpr **sj);

/*
 * query.c: do rel's criteria name its owner class (the parent side)?  A
 * selectin load then joins from the parent (SQLAlchemy's "join" form)
 * rather than selecting the target by key alone.
 */
int			orm_rel_criteria_name_owner(OrmCtx *ctx, const OrmRelationship *rel,
										bool *names_owner);

/*
 * query.c: the SQL expression of mapped attribute p (column_property(),
 * deferred(expr), query_expression()'s default or NULL, a hybrid property)
 * of an entity of class cls read from FROM from: its declaration text
 * evaluated for that FROM (registry.h, OrmXattr).  Returns -1 with ctx->err
 * set (naming the attribute) on failure.
 */
int			orm_xattr_expr(OrmCtx *ctx, const OrmXattr *p, OrmClass *cls, SxFrom *from,
						  SxExpr **out);

/*
 * query_builtins.c: the i-th word of the query vocabulary (the builtins,
 * then the method names), NULL past the last: the candidates of "did you
 * mean" for an unknown name or method (api.c).
 */
const char *orm_query_word(int i);

#endif							/* ORM_QUERY_H */
