/*
 * loader.h -- running a select and building the JSON object graph.
 *
 *   query text --query.c--> SxSelect --loader: plan--> OrmLoadNode trees
 *     --compile.c--> SQL + params (+ column offsets written into the plan)
 *     --host--> rows --loader--> objects (+ one statement per selectin node)
 *     --loader--> JSON
 *
 * The load plan: for each entity item of a select, a tree of OrmLoadNodes
 * (declared in sql/compile.h, since the compiler reads it).  The root is the
 * entity itself; each child is a relationship to load and how: JOINED (and
 * CONTAINS_EAGER) children are part of the same statement, so compile.c
 * adds their LEFT OUTER JOINs and columns and records where their columns
 * start; SELECTIN/SUBQUERY children are loaded afterwards by the loader,
 * one statement per node for all parents at once.
 */
#ifndef ORM_LOADER_H
#define ORM_LOADER_H

#include "session/session.h"
#include "sql/sqlexpr.h"
#include "sql/compile.h"

struct JsonValue;

/* loader.c: builds the plan for sel's entity items (options + relationship lazy= defaults). */
OrmLoadNode **orm_plan_build(OrmCtx *ctx, SxSelect *sel);

/*
 * loader.c: places plans (one per item of sel, as orm_plan_build makes
 * them) in sel's main statement: each root reads its entity item's FROM
 * (when not set), and every JOINED node below gets its own FROM (many-to-
 * many: and the secondary's) and its relationship's criteria evaluated for
 * them, as orm_load_select and orm_compile_text do before compiling (the
 * compiler only renders the plan).  For plans built by hand, too.
 */
int			orm_plan_place(OrmCtx *ctx, SxSelect *sel, OrmLoadNode **plans);

/* loader.c: compiles, runs and loads sel, appending the result JSON to out. */
int			orm_load_select(OrmCtx *ctx, SxSelect *sel, OrmBuf *out);

/* loader.c: every statement orm_load_select would run, ";\n"-separated
 * (selectin statements shown with their IN list as one placeholder per key
 * found when run; orm_compile prints the first statement and the eager-load
 * statements' shape with "IN (...)"). */
int			orm_compile_text(OrmCtx *ctx, SxSelect *sel, OrmBuf *out);

/*
 * loader_cache.c: session.get(Entity, key) with options text
 * ("selectinload(User.posts)"); the statement prepared for (entity,
 * options) is kept per connection and runs again for any key.
 */
int			orm_load_get(OrmCtx *ctx, OrmClass *cls, const struct JsonValue *key,
						 const char *options, OrmBuf *out);

/*
 * loader_cache.c: orm_select(text, params): evaluates, compiles, runs and
 * loads as orm_query_eval + orm_load_select do, the prepared statement kept
 * per connection for the same (text, params text).  params is the JSON text
 * or NULL, at most ORM_LOAD_QUERY_KEEP bytes (longer ones: orm_query_eval
 * and orm_load_select, nothing kept).
 */
#define ORM_LOAD_QUERY_KEEP 1024
int			orm_load_query(OrmCtx *ctx, const char *text, const char *params, OrmBuf *out);

#endif							/* ORM_LOADER_H */
