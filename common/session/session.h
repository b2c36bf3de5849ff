/*
 * session.h -- the session layer: a database connection's state (OrmConn,
 * the cached registry), the per-call context filled from it, the single
 * place the core runs SQL, and the registry's own rows (declarations and
 * listeners).  SQLAlchemy's Session and engine to api.c's public functions.
 *
 * A host glue keeps one OrmConn per database connection (orm_conn_init) and
 * sets conn.echo; for each call, api.c fills an OrmCtx (base/ctx.h) with
 * orm_ctx_begin and hands it to the module that does the work.  Modules of
 * the layers above (orm/, schema/) run SQL only through orm_ctx_query.
 * Every function returns 0, or -1 with the context's err set.
 */
#ifndef ORM_SESSION_H
#define ORM_SESSION_H

#include "base/util.h"
#include "base/host.h"
#include "base/ctx.h"
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
	bool		allow_raw_sql;	/* text() / literal_column() in query text run, as
								 * the caller opted in (orm.allow_raw_sql /
								 * orm_allow_raw_sql(1)); off: refused */
	/*
	 * Parsed statement texts, reused by query.c across calls (syntax only:
	 * nothing in it depends on the registry).  Bounded; dropped whole when
	 * full.
	 */
	OrmArena	parse_arena;
	void	   *parse_cache;
	uint64_t	parse_gen;		/* counts parse cache restarts (query.c) */
	bool		parse_full;		/* the cache filled up during a call: dropped
								 * when the next call begins, never during
								 * one (its trees may be in use) */
	uint64_t	reg_gen;		/* counts registry rebuilds */
	/* session/callcache.c: planned and compiled calls, kept while reg_gen
	 * and parse_gen stay */
	struct OrmCallCache *call_cache;
	bool		reg_stamped;	/* reg_stamp is valid for reg (host->registry_stamp) */
	uint64_t	reg_stamp[2];
	/* session/shards.c: tables' foreign partitions, kept while host->catalog_stamp is */
	OrmArena	shards_arena;
	void	   *shards_cache;
	int			shards_n;
	uint64_t	shards_stamp;
} OrmConn;

void		orm_conn_init(OrmConn *c, const OrmHost *host, void *hs,
						  const OrmDialect *d, const OrmMemHooks *long_hooks);
void		orm_conn_release(OrmConn *c);	/* frees the registry arena */

/* Fills ctx for a call on connection c without loading the registry (ctx->reg NULL). */
void		orm_ctx_init(OrmCtx *ctx, OrmConn *c, OrmArena *a, OrmError *err);

/* Loads (or reuses) the registry for a call; fills ctx.  Used by every api. */
int			orm_ctx_begin(OrmCtx *ctx, OrmConn *c, OrmArena *a, OrmError *err);

/*
 * Runs one statement through the host, echoing it when conn->echo is set.
 * The single place the core executes SQL.
 */
int			orm_ctx_query(OrmCtx *ctx, const char *sql, int nparams,
						  const OrmParam *params, OrmRows *out);

/* orm_ctx_query with out->colnames filled (host.h, query_names). */
int			orm_ctx_query_names(OrmCtx *ctx, const char *sql, int nparams,
								const OrmParam *params, OrmRows *out);

/*
 * One of orm's own tables (orm_registry) as SQL: qualified by the host's own
 * schema ("orm"."orm_registry"; host.h, own_schema), else the quoted name
 * alone; NULL with ctx->err set when the host cannot name the schema.
 */
const char *orm_own_table(OrmCtx *ctx, const char *name);

/*
 * orm_declare(source): the new source is checked together with every stored
 * one and, when the whole parses and resolves, stored as a new row of
 * orm_registry; appends the declaration summary JSON to out.  ctx from
 * orm_ctx_init (the stored rows are read here, not through the cache).
 */
int			orm_session_declare(OrmCtx *ctx, const char *source, OrmBuf *out);

/*
 * orm_listen(entity, event, fn): checks the event, the function's name and
 * (through the host) the caller's right to attach code to the entity's
 * table, stores the listener as a row of orm_registry and appends
 * {"entity":..,"event":..,"fn":..} to out.  ctx from orm_ctx_begin.
 */
int			orm_session_listen(OrmCtx *ctx, const char *entity, const char *event,
							   const char *fn, OrmBuf *out);

/*
 * Before a flush runs listener l of class cls: 0 when it may run, -1 with
 * ctx->err set when it may not (a function the dialect refuses; on
 * PostgreSQL, a registrar that lost the TRIGGER privilege on the table).
 */
int			orm_listener_check(OrmCtx *ctx, const OrmClass *cls, const OrmListener *l);

/*
 * "Did you mean": err's unknown name (util.h, orm_err_unknown) against the
 * names reg knows of its kind (classes, enums and plain tables; a class's
 * attributes and relationships; a table's columns; an enum's members), and
 * word(0), word(1) ... (NULL ends; word may be NULL) for unknown names and
 * functions; sets err's hint to the nearest one.
 */
void		orm_session_suggest(const OrmRegistry *reg, OrmError *err, const char *(*word) (int));

#endif							/* ORM_SESSION_H */
