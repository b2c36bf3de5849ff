/*
 * execute.h -- orm_execute: SQLAlchemy 2.0 insert() / update() / delete()
 * statements, their executemany (bulk) forms and .returning().
 *
 * Wired by the engine glue and api.c like the other orm_api_* entry points
 * (orm.h).  orm_execute_compile also compiles select() text (deferring to
 * the loader's orm_compile_text), so orm_compile can call it for any
 * statement.
 */
#ifndef ORM_EXECUTE_H
#define ORM_EXECUTE_H

#include "session/session.h"

struct JsonValue;

/*
 * orm_execute(stmt [, params]).  params: a JSON object (names in the text
 * resolve to its keys, as in orm_select), or a JSON array of objects (the
 * executemany form session.execute(insert(User), [{...}, ...]): one batched
 * multi-row INSERT, or ORM bulk UPDATE by primary key), or NULL.
 * *out: {"rowcount": N}, or with .returning() an array shaped as
 * orm_select's result.
 */
int			orm_api_execute(OrmConn *c, OrmArena *a, const char *stmt,
							const char *params_json, char **out, OrmError *err);

/*
 * The SQL orm_execute would run for stmt (every statement, ";\n"-separated,
 * as orm_compile shows multi-statement loads); for select() text the same
 * text as orm_compile_text.
 */
int			orm_execute_compile(OrmCtx *ctx, const char *stmt,
								const struct JsonValue *params, OrmBuf *out);

#endif							/* ORM_EXECUTE_H */
