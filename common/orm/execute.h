/*
 * execute.h -- orm_execute: SQLAlchemy 2.0 insert() / update() / delete()
 * statements, their executemany (bulk) forms and .returning().
 *
 * Called by api.c (orm_api_execute, orm_api_compile; orm.h) with a call's
 * context.  orm_execute_compile also compiles select() text (deferring to
 * the loader's orm_compile_text), so orm_compile can call it for any
 * statement.
 */
#ifndef ORM_EXECUTE_H
#define ORM_EXECUTE_H

#include "session/session.h"

struct JsonValue;

/*
 * orm_execute(stmt [, params]) (api.c: orm_api_execute).  params: a JSON
 * object (names in the text resolve to its keys, as in orm_select), or a
 * JSON array of objects (the executemany form session.execute(insert(User),
 * [{...}, ...]): one batched multi-row INSERT, or ORM bulk UPDATE by primary
 * key), or NULL.  Appends {"rowcount": N} to out, or with .returning() an
 * array shaped as orm_select's result.
 */
int			orm_execute_run(OrmCtx *ctx, const char *stmt,
							const struct JsonValue *params, OrmBuf *out);

/*
 * The SQL orm_execute would run for stmt (every statement, ";\n"-separated,
 * as orm_compile shows multi-statement loads); for select() text the same
 * text as orm_compile_text.
 */
int			orm_execute_compile(OrmCtx *ctx, const char *stmt,
								const struct JsonValue *params, OrmBuf *out);

#endif							/* ORM_EXECUTE_H */
