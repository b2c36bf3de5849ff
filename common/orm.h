/*
 * orm.h -- the core's entry points, one per SQL-visible function, and the
 * per-call context every core module receives.
 *
 * A host glue (pg_ext/orm_pg.c, sqlite_ext/orm_sqlite.c) keeps one OrmConn per
 * database connection (the registry cache) and, for each call, an arena; it
 * calls orm_api_* and turns the result or the OrmError into the engine's
 * result.  Every orm_api_* returns 0 with *out set (JSON or text, in the call
 * arena), or -1 with err set.
 */
#ifndef ORM_ORM_H
#define ORM_ORM_H

#include "base/util.h"
#include "base/host.h"
#include "sql/dialect.h"
#include "decl/registry.h"

/* Per-connection state. */
typedef struct OrmConn
{
	const OrmHost *host;
	void	   *hs;				/* host state passed to every host callback */
	const OrmDialect *dialect;
	OrmMemHooks long_hooks;		/* for the registry arena (outlives calls) */
	OrmArena	reg_arena;
	OrmRegistry *reg;			/* cached registry or NULL */
	uint64_t	reg_token;		/* token of the stored registry reg was built from */
	int64_t		reg_id;
	bool		echo;			/* log generated SQL via host->log */
	/*
	 * Parsed statement texts, reused by query.c across calls (syntax only:
	 * nothing in it depends on the registry).  Bounded; dropped whole when
	 * full.
	 */
	OrmArena	parse_arena;
	void	   *parse_cache;
	bool		reg_stamped;	/* reg_stamp is valid for reg (host->registry_stamp) */
	uint64_t	reg_stamp[2];
} OrmConn;

/* Per-call context handed to every core module. */
typedef struct OrmCtx
{
	OrmConn    *conn;
	OrmArena   *arena;			/* the call's arena */
	const OrmHost *host;
	void	   *hs;
	const OrmDialect *dialect;
	OrmRegistry *reg;
	OrmError   *err;
	int			anon_seq;		/* anon_1, users_1 ... numbering */
	uint32_t	poll_tick;		/* ORM_POLL's iteration count */
} OrmCtx;

/*
 * In every long loop of a call (rows, objects, JSON): -1 (err set) when the
 * host says the call was cancelled (host.h, interrupted).  Cheap: a counter.
 */
#define ORM_POLL(ctx) orm_host_poll((ctx)->host, (ctx)->hs, &(ctx)->poll_tick, (ctx)->err)

void		orm_conn_init(OrmConn *c, const OrmHost *host, void *hs,
						  const OrmDialect *d, const OrmMemHooks *long_hooks);
void		orm_conn_release(OrmConn *c);	/* frees the registry arena */

/*
 * Runs one statement through the host, echoing it when conn->echo is set.
 * The single place the core executes SQL.
 */
int			orm_ctx_query(OrmCtx *ctx, const char *sql, int nparams,
						  const OrmParam *params, OrmRows *out);

int			orm_api_declare(OrmConn *c, OrmArena *a, const char *source,
							char **out, OrmError *err);
int			orm_api_create_all(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_drop_all(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_ddl(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_select(OrmConn *c, OrmArena *a, const char *query,
						   const char *params_json, char **out, OrmError *err);
int			orm_api_compile(OrmConn *c, OrmArena *a, const char *query,
							const char *params_json, char **out, OrmError *err);
int			orm_api_get(OrmConn *c, OrmArena *a, const char *entity, const char *key_json,
						const char *options, char **out, OrmError *err);
int			orm_api_flush(OrmConn *c, OrmArena *a, const char *changes_json,
						  char **out, OrmError *err);

int			orm_api_listen(OrmConn *c, OrmArena *a, const char *entity, const char *event,
						   const char *fn, char **out, OrmError *err);

/*
 * Before a flush runs listener l of class cls: 0 when it may run, -1 with
 * ctx->err set when it may not (a function the dialect refuses; on
 * PostgreSQL, a registrar that lost the TRIGGER privilege on the table).
 */
int			orm_listener_check(OrmCtx *ctx, const OrmClass *cls, const OrmListener *l);

/*
 * One of orm's own tables (orm_registry) as SQL: qualified by the host's own
 * schema ("orm"."orm_registry"; host.h, own_schema), else the quoted name
 * alone; NULL with ctx->err set when the host cannot name the schema.
 */
const char *orm_own_table(OrmCtx *ctx, const char *name);

/* Loads (or reuses) the registry for a call; fills ctx.  Used by every api. */
int			orm_ctx_begin(OrmCtx *ctx, OrmConn *c, OrmArena *a, OrmError *err);

#endif							/* ORM_ORM_H */
