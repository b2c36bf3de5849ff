/*
 * loader.h -- running a select and building the JSON object graph.
 *
 *   query text --query.c--> SxSelect --loader: plan--> OrmLoadNode trees
 *     --compile.c--> SQL + params (+ column offsets written into the plan)
 *     --host--> rows --loader--> objects (+ one statement per selectin node)
 *     --loader--> JSON
 *
 * The load plan: for each entity item of a select, a tree of OrmLoadNodes.
 * The root is the entity itself; each child is a relationship to load and
 * how: JOINED (and CONTAINS_EAGER) children are part of the same statement,
 * so compile.c adds their LEFT OUTER JOINs and columns and records where
 * their columns start; SELECTIN/SUBQUERY children are loaded afterwards by
 * the loader, one statement per node for all parents at once.
 */
#ifndef ORM_LOADER_H
#define ORM_LOADER_H

#include "session/session.h"
#include "sql/sqlexpr.h"

typedef struct OrmLoadNode OrmLoadNode;

struct OrmLoadNode
{
	OrmClass   *cls;
	SxFrom	   *from;			/* FROM item this entity's columns come from: the
								 * item's own from at the root; for JOINED the
								 * compiler creates it (set by the compiler when
								 * NULL); for CONTAINS_EAGER the join target */
	SxFrom	   *sec_from;		/* JOINED many-to-many: the secondary's FROM (compiler) */
	OrmRelationship *rel;		/* from the parent node, NULL at the root */
	OrmLazy		strategy;		/* root: ORM_LAZY_SELECT; children: SELECTIN, JOINED,
								 * SUBQUERY (loaded as SELECTIN), CONTAINS_EAGER */
	int			col_offset;		/* compiler: first of cls->nattrs columns in the row */
	SxExpr	   *criteria;		/* rel.and_(criteria): added to the load's condition, or NULL */
	SxFrom	   *criteria_from;	/* the FROM of cls that criteria's columns name */
	int			nchildren;
	OrmLoadNode **children;
};

/*
 * Compiled statement.  item_offset[i] is the row position of the first column
 * of select item i (an entity item spans cls->nattrs columns, an expression
 * one); ncols is the row width.
 */
typedef struct OrmCompiled
{
	char	   *sql;
	int			nparams;
	OrmParam   *params;
	const OrmType **param_types;
	int			nitems;
	int		   *item_offset;
	int			ncols;
	const char **item_keys;		/* Row._fields for each item, as SQLAlchemy names them */
} OrmCompiled;

/*
 * compile.c: SxSelect -> SQL.  plans[i] is the plan root for select item i
 * when it is an entity (NULL otherwise, or plans itself NULL): the compiler
 * emits the entity's columns and, recursively, those of JOINED and
 * CONTAINS_EAGER children (adding LEFT OUTER JOINs for JOINED), writing
 * col_offset (and from/sec_from for JOINED) into the nodes.
 */
int			orm_compile_select(OrmCtx *ctx, SxSelect *sel, OrmLoadNode **plans,
							   OrmCompiled *out);

/* query.c: evaluates statement text (with params JSON DOM, may be NULL). */
struct JsonValue;
SxSelect   *orm_query_eval(OrmCtx *ctx, const char *text, const struct JsonValue *params);

/* query.c: parses options text ("selectinload(User.posts), joinedload(User.profile)")
 * against the statement's entity and appends the options to sel->options. */
int			orm_query_options(OrmCtx *ctx, const char *text, SxSelect *sel);

/* loader.c: builds the plan for sel's entity items (options + relationship lazy= defaults). */
OrmLoadNode **orm_plan_build(OrmCtx *ctx, SxSelect *sel);

/* loader.c: compiles, runs and loads sel, appending the result JSON to out. */
int			orm_load_select(OrmCtx *ctx, SxSelect *sel, OrmBuf *out);

/* loader.c: every statement orm_load_select would run, ";\n"-separated
 * (selectin statements shown with their IN list as one placeholder per key
 * found when run; orm_compile prints the first statement and the eager-load
 * statements' shape with "IN (...)"). */
int			orm_compile_text(OrmCtx *ctx, SxSelect *sel, OrmBuf *out);

/* loader.c: session.get(Entity, key) with options text ("selectinload(User.posts)"). */
int			orm_load_get(OrmCtx *ctx, OrmClass *cls, const struct JsonValue *key,
						 const char *options, OrmBuf *out);

/* flush.c: one unit of work.  Appends {"objects":[...],"counts":{...}} to out.
 * Runs inside host->begin_atomic once it issues SQL and rolls back on error.
 * Assumes a multi-row INSERT ... VALUES ... RETURNING returns its rows in
 * VALUES order (see flush.c's prologue). */
int			orm_flush(OrmCtx *ctx, const struct JsonValue *changes, OrmBuf *out);

#endif							/* ORM_LOADER_H */
