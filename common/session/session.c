/*
 * session.c -- the session layer (session.h): a connection's state, the
 * per-call context, the single place the core runs SQL, and the
 * connection's registry cache.
 *
 * Owns: OrmConn lifetime, orm_ctx_begin / orm_ctx_init (filling an OrmCtx),
 * orm_ctx_query (with orm.echo), reading, rebuilding and writing the stored
 * registry (table orm_registry: declarations and listeners), the stamps that
 * skip the freshness check, and the names of orm's own tables
 * (orm_own_table).  Assumes: the registry's parser and resolver
 * (decl/registry.h) and the dialect's spellings; reports errors through
 * OrmError and allocates only from the arenas it is given.  Must not: call
 * into the ORM or schema modules (orm/, schema/) or api.c, which are above
 * it: they call here.
 *
 * Registry cache.  orm_registry holds one row per stored declaration (id,
 * token, source) and listener; a declaration replaces the stored ones it
 * redeclares, and one that is stored already adds nothing ("Keeping the
 * registry small" below), so the rows are the current models, however
 * often they were declared.  Each call reads a fingerprint of the
 * rows (newest id; row count and token sum: a row deleted or changed
 * anywhere is seen); when it matches what the connection's cached registry
 * was built from, the cache is reused, else the connection's long-lived
 * arena is reset and every stored source is parsed again in id order and
 * resolved.  The table is named in the host's own schema (orm_own_table:
 * never found through a caller's search path).  The token is random
 * (63 bits from host->random), so a row id reused after a rolled-back declare
 * (SQLite) still invalidates the cache.  conn->reg is set only once the
 * registry is complete: a failure halfway (or a PostgreSQL ERROR unwinding
 * past us) leaves the cache empty, never half-built.
 *
 * Skipping the check.  A host may offer registry_stamp (host.h): a cheap
 * stamp of its view of orm_registry that it vouches for.  When the stamp
 * taken at the start of a call equals the one recorded when the cache was
 * last checked by query, the call runs no registry query at all.  A stamp
 * is recorded only when the host vouches for it, and forgotten after every
 * registry write of ours.  SQLite's stamp is (SQLITE_FCNTL_DATA_VERSION of
 * main, main's schema cookie, sqlite3_total_changes64()), read while the
 * call holds a read transaction (so the pager has seen the file's latest
 * commit), and vouched for only outside a write transaction: the data
 * version moves on every commit to the file, by any connection; the schema
 * cookie on every DDL (DROP TABLE orm_registry); total_changes on every row
 * this connection changes, even ones later rolled back; and outside a write
 * transaction nothing visible is uncommitted, so no rollback can undo it.
 * (The registry is main's: SQLite's glue names it "main"."orm_registry".)
 * PostgreSQL's stamp is a count of relcache invalidations of
 * orm_registry, which its statement trigger orm_registry_changed sends on
 * every write (orm_pg.c, "registry stamp"); vouched for under READ
 * COMMITTED while the trigger exists, else the registry is read by query
 * (a cached plan) as before.
 *
 * Listeners (orm_listen) are rows too; who may add one, and whether it may
 * still run, is asked of the host (listen_check, listener_check: README
 * "Trust model"), and the dialect's refused functions never run.
 *
 * The registry's own statements are not echoed (orm.echo shows what the ORM
 * generates for the user's work, as create_engine(echo=True) does, not our
 * bookkeeping).  On SQLite the table is created on the first orm_declare;
 * before that a missing table reads as an empty registry, so read-only calls
 * never write.
 */
#include "session/session.h"
#include "session/callcache.h"
#include "lang/pyast.h"
#include "sql/values.h"

#include <string.h>

/*
 * The registry statements, with the registry table's qualified name
 * (orm_own_table) for %s.  The freshness check reads a fingerprint
 * of every row (newest id, row count, sum of tokens modulo SESS_TOKEN_MOD),
 * so a row deleted or changed anywhere in the table is seen, not only a new
 * newest row; sess_fingerprint computes the same from the rows it parsed.
 */
#define SESS_NEWEST_SQL "SELECT max(id), count(*), sum(token %% 1000000007) FROM %s"
#define SESS_SOURCES_SQL "SELECT id, token, source, %s FROM %s ORDER BY id"
#define SESS_TOKEN_MOD 1000000007

static int64_t sess_int(const OrmValue *v);

/* ---- connection ---------------------------------------------------------- */

void
orm_conn_init(OrmConn *c, const OrmHost *host, void *hs,
			  const OrmDialect *d, const OrmMemHooks *long_hooks)
{
	memset(c, 0, sizeof(*c));
	c->host = host;
	c->hs = hs;
	c->dialect = d;
	c->long_hooks = *long_hooks;
	orm_arena_init(&c->reg_arena, long_hooks);
	orm_arena_init(&c->parse_arena, long_hooks);
	orm_arena_init(&c->shards_arena, long_hooks);
}

void
orm_conn_release(OrmConn *c)
{
	orm_arena_reset(&c->reg_arena);
	orm_arena_reset(&c->parse_arena);
	orm_arena_reset(&c->shards_arena);
	orm_callcache_release(c);
	c->shards_cache = NULL;
	c->shards_n = 0;
	c->parse_cache = NULL;
	c->reg = NULL;
	c->reg_token = 0;
	c->reg_id = 0;
	c->reg_stamped = false;
}

/* ---- running SQL --------------------------------------------------------- */

/*
 * What orm.echo logs for one statement: the SQL, then its parameters the way
 * create_engine(echo=True) shows them, "[parameters: ('alice', 1)]".
 */
static const char *
sess_echo_text(OrmArena *a, const char *sql, int nparams, const OrmParam *params)
{
	OrmBuf		b;
	int			i;

	if (nparams == 0)
		return sql;
	orm_buf_init(&b, a);
	orm_buf_puts(&b, sql);
	orm_buf_puts(&b, "\n[parameters: (");
	for (i = 0; i < nparams; i++)
	{
		if (i > 0)
			orm_buf_puts(&b, ", ");
		orm_value_repr(&b, &params[i], true);
	}
	orm_buf_puts(&b, nparams == 1 ? ",)]" : ")]");
	return orm_buf_cstr(&b);
}

/*
 * Explain.  orm_explain runs its call as orm_select does, with ctx->explain
 * set: each statement is first run under the dialect's explain prefix (the
 * same parameters bound) and its plan appended, then run itself, since the
 * next selectin level needs its rows (so with analyze, PostgreSQL runs each
 * statement twice: once under EXPLAIN ANALYZE, once for its rows).  SQLite
 * has no EXPLAIN ANALYZE: there analyze adds the number of rows each
 * statement returned.  A plan is: the statement as orm.echo shows it, then
 * the plan's lines; statements are separated by an empty line.
 */

/* One row of SQLite's EXPLAIN QUERY PLAN and its children, drawn as the shell draws them. */
static void
sess_explain_tree(OrmBuf *b, const OrmRows *rows, int64_t parent, const char *prefix)
{
	int			r,
				last = -1;

	for (r = 0; r < rows->nrows; r++)
		if (sess_int(&ORM_ROW(rows, r)[1]) == parent)
			last = r;
	for (r = 0; r <= last; r++)
	{
		const OrmValue *v = ORM_ROW(rows, r);

		if (sess_int(&v[1]) != parent)
			continue;
		orm_buf_printf(b, "%s%s", prefix, r == last ? "`--" : "|--");
		if (v[3].kind != ORM_V_NULL && v[3].s)
			orm_buf_put(b, v[3].s, v[3].len);
		orm_buf_putc(b, '\n');
		if (sess_int(&v[0]) != parent)
			sess_explain_tree(b, rows, sess_int(&v[0]),
							  orm_sprintf(b->arena, "%s%s", prefix, r == last ? "   " : "|  "));
	}
}

static int
sess_explain(OrmCtx *ctx, const char *sql, int nparams, const OrmParam *params)
{
	const char *prefix = ctx->explain_analyze && ctx->dialect->explain_analyze_sql
		? ctx->dialect->explain_analyze_sql : ctx->dialect->explain_sql;
	OrmBuf	   *b = ctx->explain;
	OrmRows		plan;
	int			r;

	if (!prefix)
		return orm_err(ctx->err, ORM_ERR_UNSUPPORTED, "orm_explain is not available on %s",
					   ctx->dialect->name);
	if (ctx->explain_n++ > 0)
		orm_buf_putc(b, '\n');
	orm_buf_puts(b, sess_echo_text(ctx->arena, sql, nparams, params));
	orm_buf_putc(b, '\n');
	if (ctx->host->query(ctx->hs, ctx->arena, orm_sprintf(ctx->arena, "%s%s", prefix, sql),
						 nparams, params, &plan, ctx->err) != 0)
		return -1;
	if (ctx->dialect->explain_tree && plan.ncols >= 4)
	{
		orm_buf_puts(b, "QUERY PLAN\n");
		sess_explain_tree(b, &plan, 0, "");
		return 0;
	}
	for (r = 0; r < plan.nrows; r++)
	{
		const OrmValue *v = ORM_ROW(&plan, r);

		if (plan.ncols > 0 && v->kind != ORM_V_NULL && v->s)
			orm_buf_put(b, v->s, v->len);
		orm_buf_putc(b, '\n');
	}
	return 0;
}

static int
sess_query(OrmCtx *ctx, const char *sql, int nparams,
		   const OrmParam *params, OrmRows *out, bool names)
{
	int			rc;
	OrmRows		own;

	if (ctx->explain)
	{
		if (sess_explain(ctx, sql, nparams, params) != 0)
			return -1;
		if (!out)
			out = &own;
	}
	if (names && out && ctx->host->query_names)
		rc = ctx->host->query_names(ctx->hs, ctx->arena, sql, nparams, params, out, ctx->err);
	else
		rc = ctx->host->query(ctx->hs, ctx->arena, sql, nparams, params, out, ctx->err);
	if (ctx->conn && ctx->conn->echo && ctx->host->log)
		ctx->host->log(ctx->hs, sess_echo_text(ctx->arena, sql, nparams, params));
	if (rc == 0 && ctx->explain && ctx->explain_analyze && !ctx->dialect->explain_analyze_sql)
		orm_buf_printf(ctx->explain, "(%d row%s)\n", out->nrows, out->nrows == 1 ? "" : "s");
	return rc;
}

int
orm_ctx_query(OrmCtx *ctx, const char *sql, int nparams,
			  const OrmParam *params, OrmRows *out)
{
	return sess_query(ctx, sql, nparams, params, out, false);
}

int
orm_ctx_query_names(OrmCtx *ctx, const char *sql, int nparams,
					const OrmParam *params, OrmRows *out)
{
	return sess_query(ctx, sql, nparams, params, out, true);
}

/* Fills ctx for a call without loading the registry. */
void
orm_ctx_init(OrmCtx *ctx, OrmConn *c, OrmArena *a, OrmError *err)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->conn = c;
	ctx->arena = a;
	ctx->host = c->host;
	ctx->hs = c->hs;
	ctx->dialect = c->dialect;
	ctx->err = err;
	if (c->parse_full)
	{
		/*
		 * query.c's parse cache filled up during an earlier call.  No tree
		 * of it is in use between calls (orm functions do not nest: the
		 * glue refuses a call from inside another), so it is dropped here,
		 * and only here.
		 */
		if (c->parse_cache)
			c->parse_gen++;		/* session/callcache.c: entries point into it */
		orm_arena_reset(&c->parse_arena);
		c->parse_cache = NULL;
		c->parse_full = false;
	}
}

/* ---- the stored registry ------------------------------------------------- */

const char *
orm_own_table(OrmCtx *ctx, const char *name)
{
	OrmBuf		b;

	orm_buf_init(&b, ctx->arena);
	if (ctx->host->own_schema)
	{
		const char *schema = ctx->host->own_schema(ctx->hs, ctx->arena, ctx->err);

		if (!schema)
			return NULL;
		orm_buf_puts(&b, schema);
		orm_buf_putc(&b, '.');
	}
	orm_quote_ident(&b, name);
	return orm_buf_cstr(&b);
}

/* The registry table as SQL (orm_own_table). */
static const char *
sess_registry_table(OrmCtx *ctx)
{
	return orm_own_table(ctx, "orm_registry");
}

static const char *
sess_sources_sql(OrmCtx *ctx)
{
	const char *t = sess_registry_table(ctx);
	const char *registrar = ctx->dialect->registry_registrar;

	if (!t)
		return NULL;
	return orm_sprintf(ctx->arena, SESS_SOURCES_SQL, registrar ? registrar : "NULL", t);
}

/*
 * Runs a registry read.  On an engine whose registry table may be missing
 * (the dialect creates it on demand), a missing table reads as no rows.
 */
static int
sess_registry_read(OrmCtx *ctx, const char *sql, OrmRows *rows)
{
	OrmError	qerr;
	OrmRows		exists;
	OrmParam	name;

	memset(rows, 0, sizeof(*rows));
	memset(&qerr, 0, sizeof(qerr));
	if (sql == NULL)
		return -1;				/* the host could not name the registry: err set */
	if (ctx->host->query(ctx->hs, ctx->arena, sql, 0, NULL, rows, &qerr) == 0)
		return 0;
	if (ctx->dialect->registry_init_sql && ctx->dialect->table_exists_sql)
	{
		OrmError	eerr;

		memset(&eerr, 0, sizeof(eerr));
		memset(&name, 0, sizeof(name));
		name.kind = ORM_V_TEXT;
		name.s = "orm_registry";
		name.len = strlen(name.s);
		if (ctx->host->query(ctx->hs, ctx->arena, ctx->dialect->table_exists_sql,
							 1, &name, &exists, &eerr) == 0 && exists.nrows == 0)
		{
			memset(rows, 0, sizeof(*rows));
			return 0;
		}
	}
	*ctx->err = qerr;
	return -1;
}

static int64_t
sess_int(const OrmValue *v)
{
	switch (v->kind)
	{
		case ORM_V_INT:
		case ORM_V_BOOL:
			return v->i;
		case ORM_V_FLOAT:
			return (int64_t) v->f;
		case ORM_V_TEXT:
		case ORM_V_NUMERIC:
			{
				int64_t		n = 0;
				size_t		i = v->len > 0 && v->s[0] == '-' ? 1 : 0;

				for (; i < v->len && v->s[i] >= '0' && v->s[i] <= '9'; i++)
					n = n * 10 + (v->s[i] - '0');
				return v->len > 0 && v->s[0] == '-' ? -n : n;
			}
		default:
			return 0;
	}
}

/* The text of a row value as a NUL-terminated string in arena a. */
static const char *
sess_text(OrmArena *a, const OrmValue *v)
{
	if (v->kind == ORM_V_NULL || v->s == NULL)
		return "";
	return orm_strndup(a, v->s, v->len);
}

/*
 * Mapper events.  orm_listen() stores a row in orm_registry like a
 * declaration, so the same token invalidates every connection's cache; its
 * source is SESS_LISTEN_MARK followed by "entity\nevent\nfn".  Listeners are
 * attached after every declaration is parsed, so a class declared again
 * later keeps them.  A listener whose class no longer exists is ignored.
 */
#define SESS_LISTEN_MARK "#orm_listen\n"

static const char *const sess_events[] = {
	"before_insert", "after_insert", "before_update", "after_update",
	"before_delete", "after_delete", NULL
};

static void
sess_attach_listener(OrmRegistry *reg, const char *src, const char *registrar)
{
	const char *entity,
			   *event,
			   *fn,
			   *nl;
	OrmClass   *cls;
	OrmListener *l;

	if (strncmp(src, SESS_LISTEN_MARK, strlen(SESS_LISTEN_MARK)) != 0)
		return;
	entity = src + strlen(SESS_LISTEN_MARK);
	if (!(nl = strchr(entity, '\n')))
		return;
	entity = orm_strndup(reg->arena, entity, (size_t) (nl - entity));
	event = nl + 1;
	if (!(nl = strchr(event, '\n')))
		return;
	fn = nl + 1;
	event = orm_strndup(reg->arena, event, (size_t) (nl - event));
	if (!(cls = orm_reg_class(reg, entity)))
		return;
	/*
	 * The same function for the same event once (as SQLAlchemy's
	 * event.listen of a registered listener adds nothing): the newest row's
	 * registrar decides whether it may run.
	 */
	for (int i = 0; i < cls->listeners.n; i++)
	{
		l = cls->listeners.items[i];
		if (strcmp(l->event, event) == 0 && strcmp(l->fn, fn) == 0)
		{
			l->registrar = registrar;
			return;
		}
	}
	l = ORM_NEW(reg->arena, OrmListener);
	l->event = event;
	l->fn = fn;
	l->registrar = registrar;
	orm_vec_push(reg->arena, &cls->listeners, l);
}

/*
 * One stored row (or the new source) in the order the registry is built:
 * its id (0 for a source not stored yet), source and registrar.
 */
typedef struct SessSrc
{
	int64_t		id;
	const char *source;
	const char *registrar;		/* NULL where the engine has no roles */
} SessSrc;

/* The rows of SESS_SOURCES_SQL as SessSrc, their text copied into arena a. */
static SessSrc *
sess_srcs(OrmArena *a, const OrmRows *rows)
{
	SessSrc    *v = ORM_NEWN(a, SessSrc, rows->nrows + 1);
	int			r;

	for (r = 0; r < rows->nrows; r++)
	{
		const OrmValue *who = rows->ncols > 3 ? &ORM_ROW(rows, r)[3] : NULL;

		v[r].id = sess_int(&ORM_ROW(rows, r)[0]);
		v[r].source = sess_text(a, &ORM_ROW(rows, r)[2]);
		v[r].registrar = who && who->kind != ORM_V_NULL ? sess_text(a, who) : NULL;
	}
	return v;
}

static bool
sess_is_listener(const char *src)
{
	return strncmp(src, SESS_LISTEN_MARK, strlen(SESS_LISTEN_MARK)) == 0;
}

/*
 * Parses the sources srcs[0..n) into reg, in order; the text is copied into
 * reg's arena first, so nothing in the registry points into a call arena.
 * Listener rows are attached after every declaration.
 */
static int
sess_declare_list(OrmRegistry *reg, const SessSrc *srcs, int n, OrmError *err)
{
	int			r;

	for (r = 0; r < n; r++)
	{
		const char *src = orm_strdup(reg->arena, srcs[r].source);

		if (sess_is_listener(src))
			continue;			/* an orm_listen row: attached below */
		if (orm_declare_source(reg, src, r, err) != 0)
		{
			if (srcs[r].id > 0)
			{
				orm_err_detail(err, "The error is in declaration %d stored in orm_registry.",
							   (int) srcs[r].id);
				err->text_arg = -1; /* its line and column are the stored text's */
			}
			return -1;
		}
	}
	reg->nsources = n;
	for (r = 0; r < n; r++)
		sess_attach_listener(reg, orm_strdup(reg->arena, srcs[r].source),
							 srcs[r].registrar ? orm_strdup(reg->arena, srcs[r].registrar) : NULL);
	return 0;
}

/* Parses every stored source (rows of SESS_SOURCES_SQL, text in arena tmp) into reg. */
static int
sess_declare_rows(OrmRegistry *reg, OrmArena *tmp, const OrmRows *rows, OrmError *err)
{
	return sess_declare_list(reg, sess_srcs(tmp, rows), rows->nrows, err);
}

/* The freshness fingerprint of rows (SESS_NEWEST_SQL's second and third columns). */
static uint64_t
sess_fingerprint(int64_t count, int64_t token_sum)
{
	return ((uint64_t) count << 48) ^ (uint64_t) token_sum;
}

/* Rebuilds the connection's cached registry from the stored sources. */
static int
sess_registry_rebuild(OrmCtx *ctx, OrmConn *c)
{
	OrmRows		rows;
	OrmRegistry *reg;

	orm_arena_reset(&c->reg_arena);
	c->reg = NULL;
	c->reg_gen++;				/* what pointed into the old registry is stale */
	if (sess_registry_read(ctx, sess_sources_sql(ctx), &rows) != 0)
		return -1;
	reg = orm_registry_new(&c->reg_arena);
	if (sess_declare_rows(reg, ctx->arena, &rows, ctx->err) != 0 ||
		orm_registry_resolve(reg, ctx->err) != 0)
	{
		ctx->err->text_arg = -1;	/* a position is in a stored text */
		if (ctx->err->later && !ctx->err->hint[0])
			orm_err_hint(ctx->err, "A stored declaration names it and no declaration defines it "
						 "yet: declare the module that does (orm_declare).");
		orm_arena_reset(&c->reg_arena);
		return -1;
	}
	c->reg_id = 0;
	c->reg_token = 0;
	if (rows.nrows > 0)
	{
		int64_t		sum = 0;

		for (int r = 0; r < rows.nrows; r++)
		{
			int64_t		id = sess_int(&ORM_ROW(&rows, r)[0]);

			if (id > c->reg_id)
				c->reg_id = id;
			sum += sess_int(&ORM_ROW(&rows, r)[1]) % SESS_TOKEN_MOD;
		}
		c->reg_token = sess_fingerprint(rows.nrows, sum);
	}
	reg->token = c->reg_token;
	c->reg = reg;
	return 0;
}

int
orm_ctx_begin(OrmCtx *ctx, OrmConn *c, OrmArena *a, OrmError *err)
{
	OrmRows		rows;
	int64_t		id = 0;
	uint64_t	token = 0;
	uint64_t	stamp[2] = {0, 0};
	bool		stamped;

	orm_ctx_init(ctx, c, a, err);
	stamped = c->host->registry_stamp && c->host->registry_stamp(c->hs, stamp);
	if (stamped && c->reg && c->reg_stamped &&
		stamp[0] == c->reg_stamp[0] && stamp[1] == c->reg_stamp[1])
	{
		ctx->reg = c->reg;
		return 0;
	}
	c->reg_stamped = false;
	{
		const char *t = sess_registry_table(ctx);

		if (sess_registry_read(ctx, t ? orm_sprintf(a, SESS_NEWEST_SQL, t) : NULL, &rows) != 0)
			return -1;
	}
	if (rows.nrows > 0 && rows.ncols >= 3 && sess_int(&ORM_ROW(&rows, 0)[1]) > 0)
	{
		id = sess_int(&ORM_ROW(&rows, 0)[0]);
		token = sess_fingerprint(sess_int(&ORM_ROW(&rows, 0)[1]), sess_int(&ORM_ROW(&rows, 0)[2]));
	}
	if (c->reg == NULL || c->reg_id != id || c->reg_token != token)
	{
		if (sess_registry_rebuild(ctx, c) != 0)
			return -1;
	}
	ctx->reg = c->reg;
	if (stamped)
	{
		c->reg_stamp[0] = stamp[0];
		c->reg_stamp[1] = stamp[1];
		c->reg_stamped = true;
	}
	return 0;
}

/* ---- orm_declare --------------------------------------------------------- */

/* A random positive 63-bit token, never 0 (0 means "no registry"). */
static int64_t
sess_new_token(OrmCtx *ctx)
{
	unsigned char b[8];
	uint64_t	t = 0;
	int			i;

	memset(b, 0, sizeof(b));
	ctx->host->random(ctx->hs, b, sizeof(b));
	for (i = 0; i < 8; i++)
		t = (t << 8) | b[i];
	t &= UINT64_C(0x7fffffffffffffff);
	return t ? (int64_t) t : 1;
}

/* The registry table, created first where the engine creates it on demand (SQLite). */
static const char *
sess_registry_for_write(OrmCtx *ctx)
{
	const char *t = sess_registry_table(ctx);

	if (!t)
		return NULL;
	if (ctx->dialect->registry_init_sql &&
		ctx->host->query(ctx->hs, ctx->arena, orm_sprintf(ctx->arena, ctx->dialect->registry_init_sql, t),
						 0, NULL, NULL, ctx->err) != 0)
		return NULL;
	ctx->conn->reg_stamped = false;
	return t;
}

/* Runs one registry statement with parameters p (not echoed: bookkeeping). */
static int
sess_registry_exec(OrmCtx *ctx, const char *sql, int np, const OrmParam *p,
				   OrmRows *out, OrmError *err)
{
	return ctx->host->query(ctx->hs, ctx->arena, sql, np, p, out, err);
}

static OrmParam
sess_int_param(int64_t v)
{
	OrmParam	p;

	memset(&p, 0, sizeof(p));
	p.kind = ORM_V_INT;
	p.i = v;
	return p;
}

static OrmParam
sess_text_param(const char *s)
{
	OrmParam	p;

	memset(&p, 0, sizeof(p));
	p.kind = ORM_V_TEXT;
	p.s = s;
	p.len = strlen(s);
	return p;
}

/* "INSERT INTO t (token, source) VALUES ($1, $2)" in the dialect's spelling. */
static int
sess_registry_insert_into(OrmCtx *ctx, const char *t, const char *source, OrmError *err)
{
	OrmBuf		sql;
	OrmParam	p[2];

	orm_buf_init(&sql, ctx->arena);
	orm_buf_printf(&sql, "INSERT INTO %s (token, source) VALUES (", t);
	ctx->dialect->param(&sql, 1, NULL);
	orm_buf_puts(&sql, ", ");
	ctx->dialect->param(&sql, 2, NULL);
	orm_buf_puts(&sql, ")");
	p[0] = sess_int_param(sess_new_token(ctx));
	p[1] = sess_text_param(source);
	return sess_registry_exec(ctx, orm_buf_cstr(&sql), 2, p, NULL, err);
}

static int
sess_registry_insert(OrmCtx *ctx, const char *source)
{
	const char *t = sess_registry_for_write(ctx);

	if (!t)
		return -1;
	return sess_registry_insert_into(ctx, t, source, ctx->err);
}

/*
 * Keeping the registry small.  A stored declaration is known by the names
 * its module binds at top level (classes of every kind, assigned names such
 * as Annotated aliases and Table variables, and each Table("name") as
 * "Table:name"); imports, expressions and defs bind nothing that counts.  A
 * new source S:
 *
 *   1. equal to a stored declaration none of whose names a later row binds
 *      again: nothing is stored (declaring the same module at every start-up
 *      adds nothing), the summary is the stored one's;
 *   2. else, when S binds every name of a stored declaration R (the first
 *      such), and every later declaration either has all its names bound by
 *      S too or shares none with it: S takes R's place (UPDATE, a new token)
 *      and the later ones S covers are deleted.  The registry is then the
 *      stored modules evaluated in order, each edited module in its place;
 *   3. else the declarations S covers are deleted and S is added after the
 *      rest;
 *   4. else (nothing covered, or 2 and 3 do not declare cleanly: a later
 *      module uses a name only a covered one binds) S is added, as before.
 *
 * Each arrangement is declared and resolved in full (in the call's arena)
 * before anything is written, so the stored registry always builds; a write
 * that fails (a role without UPDATE or DELETE on orm_registry) is rolled
 * back and S is added instead (4).  A declaration binding no name (one
 * Index(...) line) is never covered; listener rows take no part.
 */
typedef struct SessNames
{
	OrmPtrVec	v;				/* const char *, the names a source binds */
	bool		parsed;
} SessNames;

static void
sess_names_add(OrmArena *a, SessNames *n, const char *name)
{
	for (int i = 0; i < n->v.n; i++)
		if (strcmp(n->v.items[i], name) == 0)
			return;
	orm_vec_push(a, &n->v, (void *) name);
}

static void
sess_names_node(OrmArena *a, SessNames *n, const PyNode *t)
{
	if (!t)
		return;
	if (t->kind == PY_NAME)
		sess_names_add(a, n, t->str);
	else if (t->kind == PY_TUPLE)
		for (int i = 0; i < t->nitems; i++)
			sess_names_node(a, n, t->items[i]);
}

static void
sess_names_table(OrmArena *a, SessNames *n, const PyNode *v)
{
	const char *callee;

	if (!v || v->kind != PY_CALL || v->nitems < 1 || v->items[0]->kind != PY_STR)
		return;
	callee = py_last_name(v->a);
	if (callee && strcmp(callee, "Table") == 0)
		sess_names_add(a, n, orm_sprintf(a, "Table:%.*s", (int) v->items[0]->len, v->items[0]->str));
}

/* The names source binds at module level (none for a listener or text that does not parse). */
static SessNames
sess_names(OrmArena *a, const char *source)
{
	SessNames	n;
	OrmError	perr;
	PyModule   *m;

	memset(&n, 0, sizeof(n));
	memset(&perr, 0, sizeof(perr));
	if (sess_is_listener(source) || !(m = py_parse_module(a, source, &perr)))
		return n;
	n.parsed = true;
	for (int i = 0; i < m->nstmts; i++)
	{
		const PyStmt *st = m->stmts[i];

		switch (st->kind)
		{
			case PYS_CLASS:
				sess_names_add(a, &n, st->name);
				break;
			case PYS_ASSIGN:
				for (int j = 0; j < st->ntargets; j++)
					sess_names_node(a, &n, st->targets[j]);
				sess_names_table(a, &n, st->value);
				break;
			case PYS_ANNASSIGN:
				sess_names_node(a, &n, st->target);
				sess_names_table(a, &n, st->value);
				break;
			case PYS_EXPR:
				sess_names_table(a, &n, st->value);
				break;
			default:
				break;
		}
	}
	return n;
}

static bool
sess_names_has(const SessNames *n, const char *name)
{
	for (int i = 0; i < n->v.n; i++)
		if (strcmp(n->v.items[i], name) == 0)
			return true;
	return false;
}

/* Every name of r is one of s's (r binds at least one). */
static bool
sess_covers(const SessNames *s, const SessNames *r)
{
	if (r->v.n == 0)
		return false;
	for (int i = 0; i < r->v.n; i++)
		if (!sess_names_has(s, r->v.items[i]))
			return false;
	return true;
}

static bool
sess_overlaps(const SessNames *s, const SessNames *r)
{
	for (int i = 0; i < r->v.n; i++)
		if (sess_names_has(s, r->v.items[i]))
			return true;
	return false;
}

/*
 * Which text a resolution error's line and column are in.  Resolution runs
 * once every source is read, so its error carries the position of the
 * class, relationship or column at fault in whichever source declared it.
 * The new source (number s_no) is taken when one of its items is on that
 * line and no other source's is; otherwise the position is left to the
 * message only (text_arg -1), never drawn in the wrong text.
 */
static void
sess_resolve_error_src(const OrmRegistry *reg, int s_no, OrmError *err)
{
	bool		mine = false,
				theirs = false;

	if (err->line <= 0 || err->text_arg != 0)
		return;
	for (int i = 0; i < reg->classes.n; i++)
	{
		const OrmClass *c = reg->classes.items[i];
		bool		here = c->line == err->line;

		for (int j = 0; j < c->nrels && !here; j++)
			here = c->rels[j]->line == err->line;
		for (int j = 0; c->table && c->table->cls == c && j < c->table->ncols && !here; j++)
			here = c->table->cols[j]->line == err->line;
		if (here && c->source_no == s_no)
			mine = true;
		else if (here)
			theirs = true;
	}
	for (int i = 0; i < reg->tables.n; i++)
	{
		const OrmTable *t = reg->tables.items[i];

		if (t->cls)
			continue;			/* its class's, above */
		for (int j = 0; j < t->ncols; j++)
			if (t->line == err->line || t->cols[j]->line == err->line)
				theirs = true;	/* a plain Table(): which source is not kept here */
	}
	if (!mine || theirs)
		err->text_arg = -1;
}

/*
 * Declares and resolves the sources list[0..n) into a new registry in the
 * call arena; *reg_out on success.  Errors go to err; s_no is the new
 * source's place in list (sess_resolve_error_src).
 */
static int
sess_try(OrmCtx *ctx, const SessSrc *list, int n, int s_no, OrmRegistry **reg_out, OrmError *err)
{
	OrmRegistry *reg = orm_registry_new(ctx->arena);

	*reg_out = reg;				/* on failure too: what was declared, for "did you mean" */
	if (sess_declare_list(reg, list, n, err) != 0)
		return -1;
	if (orm_registry_resolve(reg, err) != 0)
	{
		sess_resolve_error_src(reg, s_no, err);
		return -1;
	}
	return 0;
}

/*
 * Is err (from sess_try) a name a later declaration may define -- a class or
 * table no declaration has, and no declared one is a likely typo of ("did you
 * mean", which stays an error at once)?  Then the source is stored pending.
 */
static bool
sess_pending(const OrmRegistry *reg, OrmError *err)
{
	OrmError	probe;

	if (!err->later)
		return false;
	probe = *err;
	orm_session_suggest(reg, &probe, NULL);
	if (probe.hint[0])
	{
		err->later = false;
		return false;
	}
	return true;
}

/* UPDATE the row id to source (a new token); the row must still be there. */
static int
sess_registry_replace(OrmCtx *ctx, const char *t, int64_t id, const char *source, OrmError *err)
{
	OrmBuf		sql;
	OrmParam	p[3];
	OrmRows		rows;

	orm_buf_init(&sql, ctx->arena);
	orm_buf_printf(&sql, "UPDATE %s SET source = ", t);
	ctx->dialect->param(&sql, 1, NULL);
	orm_buf_puts(&sql, ", token = ");
	ctx->dialect->param(&sql, 2, NULL);
	orm_buf_puts(&sql, " WHERE id = ");
	ctx->dialect->param(&sql, 3, NULL);
	p[0] = sess_text_param(source);
	p[1] = sess_int_param(sess_new_token(ctx));
	p[2] = sess_int_param(id);
	if (sess_registry_exec(ctx, orm_buf_cstr(&sql), 3, p, &rows, err) != 0)
		return -1;
	if (rows.affected != 1)
		return orm_err(err, ORM_ERR_ENGINE, "declaration %lld was changed meanwhile", (long long) id);
	return 0;
}

static int
sess_registry_delete(OrmCtx *ctx, const char *t, int64_t id, OrmError *err)
{
	OrmBuf		sql;
	OrmParam	p = sess_int_param(id);

	orm_buf_init(&sql, ctx->arena);
	orm_buf_printf(&sql, "DELETE FROM %s WHERE id = ", t);
	ctx->dialect->param(&sql, 1, NULL);
	return sess_registry_exec(ctx, orm_buf_cstr(&sql), 1, &p, NULL, err);
}

/*
 * Writes arrangement 2 (replace_id > 0: that row becomes source) or 3
 * (source added), deleting the rows del[0..ndel), all or nothing.  0, or -1
 * with nothing written (the caller falls back to adding the source).
 */
static int
sess_registry_compact(OrmCtx *ctx, const char *t, int64_t replace_id, const char *source,
					  const int64_t *del, int ndel)
{
	OrmError	werr;
	int			rc = 0;

	memset(&werr, 0, sizeof(werr));
	if (ctx->host->begin_atomic(ctx->hs, &werr) != 0)
		return -1;
	if (replace_id > 0)
		rc = sess_registry_replace(ctx, t, replace_id, source, &werr);
	for (int i = 0; rc == 0 && i < ndel; i++)
		rc = sess_registry_delete(ctx, t, del[i], &werr);
	if (rc == 0 && replace_id <= 0)
		rc = sess_registry_insert_into(ctx, t, source, &werr);
	if (rc == 0 && ctx->host->commit_atomic(ctx->hs, &werr) == 0)
		return 0;
	ctx->host->rollback_atomic(ctx->hs);
	return -1;
}

/*
 * The new source is checked together with everything stored (in the call
 * arena, so a failure leaves the cache alone); only a source that parses and
 * resolves with the rest is stored, in the arrangement "Keeping the registry
 * small" chooses.
 */
int
orm_session_declare(OrmCtx *ctx, const char *source, OrmBuf *out)
{
	OrmArena   *a = ctx->arena;
	OrmRows		rows;
	OrmRegistry *reg;
	SessSrc    *stored,
			   *list;
	SessNames  *names,
				snames;
	int64_t    *del;
	int			n,
				r,
				k,
				ndel = 0,
				first = -1;
	const char *t;
	OrmError	terr;

	if (sess_registry_read(ctx, sess_sources_sql(ctx), &rows) != 0)
		return -1;
	n = rows.nrows;
	stored = sess_srcs(a, &rows);
	names = ORM_NEWN(a, SessNames, n + 1);
	for (r = 0; r < n; r++)
		names[r] = sess_names(a, stored[r].source);
	snames = sess_names(a, source);

	/* 1. the same source, still current: nothing to store */
	for (r = 0; r < n; r++)
	{
		bool		current = true;

		if (sess_is_listener(stored[r].source) || strcmp(stored[r].source, source) != 0)
			continue;
		for (k = r + 1; k < n && current; k++)
			current = !sess_overlaps(&names[k], &names[r]);
		if (!current)
			continue;
		reg = orm_registry_new(a);
		if (sess_declare_list(reg, stored, n, ctx->err) != 0 ||
			orm_registry_resolve(reg, ctx->err) != 0)
		{
			ctx->err->text_arg = -1;	/* the stored texts' */
			return -1;
		}
		orm_registry_summary(reg, r, NULL, out);
		return 0;
	}

	/* the stored declarations S covers, and the first of them */
	del = ORM_NEWN(a, int64_t, n + 1);
	list = ORM_NEWN(a, SessSrc, n + 1);
	for (r = 0; r < n; r++)
		if (snames.parsed && sess_covers(&snames, &names[r]))
		{
			if (first < 0)
				first = r;
			else
				del[ndel++] = stored[r].id;
		}
	memset(&terr, 0, sizeof(terr));
	if (first >= 0)
	{
		bool		in_place = true;

		/* 2. S in the place of the first one it covers */
		for (r = first + 1; r < n && in_place; r++)
			in_place = sess_covers(&snames, &names[r]) || !sess_overlaps(&snames, &names[r]);
		if (in_place)
		{
			for (r = 0, k = 0; r < n; r++)
			{
				if (r == first)
				{
					list[k] = stored[r];
					list[k].source = source;
					list[k++].id = 0;
				}
				else if (!sess_covers(&snames, &names[r]))
					list[k++] = stored[r];
			}
			if (sess_try(ctx, list, k, first, &reg, &terr) == 0 || sess_pending(reg, &terr))
			{
				if (!(t = sess_registry_for_write(ctx)))
					return -1;
				if (sess_registry_compact(ctx, t, stored[first].id, source, del, ndel) == 0)
				{
					orm_registry_summary(reg, first, terr.later ? &terr : NULL, out);
					return 0;
				}
			}
		}
		/* 3. the ones S covers deleted, S added after the rest */
		for (r = 0, k = 0; r < n; r++)
			if (!sess_covers(&snames, &names[r]))
				list[k++] = stored[r];
		memset(&list[k], 0, sizeof(list[k]));
		list[k++].source = source;
		memset(&terr, 0, sizeof(terr));
		if (sess_try(ctx, list, k, k - 1, &reg, &terr) == 0 || sess_pending(reg, &terr))
		{
			if (!(t = sess_registry_for_write(ctx)))
				return -1;
			del[ndel++] = stored[first].id;
			if (sess_registry_compact(ctx, t, 0, source, del, ndel) == 0)
			{
				orm_registry_summary(reg, k - 1, terr.later ? &terr : NULL, out);
				return 0;
			}
		}
	}

	/* 4. S added after every stored row */
	memcpy(list, stored, sizeof(SessSrc) * (size_t) n);
	memset(&list[n], 0, sizeof(list[n]));
	list[n].source = source;
	memset(&terr, 0, sizeof(terr));
	if (sess_try(ctx, list, n + 1, n, &reg, &terr) != 0 && !sess_pending(reg, &terr))
	{
		*ctx->err = terr;
		orm_session_suggest(reg, ctx->err, NULL);
		return -1;
	}
	/*
	 * A relationship or foreign key naming a class or table no module has
	 * declared yet (models split over modules that refer to each other): the
	 * source is stored, as SQLAlchemy imports such a module, and the registry
	 * is pending -- every other call fails with that error -- until a module
	 * declares the name.
	 */
	if (sess_registry_insert(ctx, source) != 0)
		return -1;
	orm_registry_summary(reg, n, terr.later ? &terr : NULL, out);
	return 0;
}

/* ---- did you mean -------------------------------------------------------- */

/* cls's attribute keys and relationships, its superclasses' too. */
static void
sess_suggest_class(OrmSuggest *s, const OrmClass *cls)
{
	int			depth = 0;

	for (; cls && depth < 100; cls = cls->inherits, depth++)
	{
		for (int i = 0; i < cls->nattrs; i++)
			orm_suggest_add(s, cls->attrs[i]->attr);
		for (int i = 0; i < cls->nrels; i++)
			orm_suggest_add(s, cls->rels[i]->name);
	}
}

void
orm_session_suggest(const OrmRegistry *reg, OrmError *err, const char *(*word) (int))
{
	OrmSuggest	s;
	const OrmClass *cls;
	const OrmTable *t;
	const OrmEnum *enm;
	int			i;

	if (!reg || !err->name[0] || err->hint[0])
		return;
	orm_suggest_init(&s, err->name);
	switch (err->code)
	{
		case ORM_ERR_UNKNOWN_ENTITY:
		case ORM_ERR_NAME:
			for (i = 0; i < reg->classes.n; i++)
				orm_suggest_add(&s, ((OrmClass *) reg->classes.items[i])->name);
			for (i = 0; i < reg->enums.n; i++)
				orm_suggest_add(&s, ((OrmEnum *) reg->enums.items[i])->name);
			for (i = 0; i < reg->tables.n; i++)
				if (!((OrmTable *) reg->tables.items[i])->cls)
					orm_suggest_add(&s, ((OrmTable *) reg->tables.items[i])->name);
			for (i = 0; word && word(i); i++)
				orm_suggest_add(&s, word(i));
			break;
		case ORM_ERR_UNKNOWN_ATTR:
			if (!err->scope[0])
				break;
			if ((cls = orm_reg_class(reg, err->scope)) != NULL)
				sess_suggest_class(&s, cls);
			else if ((t = orm_reg_table(reg, err->scope)) != NULL)
				for (i = 0; i < t->ncols; i++)
					orm_suggest_add(&s, t->cols[i]->name);
			else if ((enm = orm_reg_enum(reg, err->scope)) != NULL)
				for (i = 0; i < enm->n; i++)
					orm_suggest_add(&s, enm->names[i]);
			break;
		case ORM_ERR_UNKNOWN_FUNC:
			for (i = 0; word && word(i); i++)
				orm_suggest_add(&s, word(i));
			break;
		default:
			break;
	}
	orm_suggest_hint(err, &s);
}

/* ---- orm_listen ---------------------------------------------------------- */

/* fn's last dotted part (the function's own name). */
static const char *
sess_fn_name(const char *fn)
{
	const char *dot = strrchr(fn, '.');

	return dot ? dot + 1 : fn;
}

/*
 * Who may attach code to a table's writes, and which code (README "Trust
 * model"): the dialect's refused functions never run; the host checks the
 * registering role's right to the table (PostgreSQL: TRIGGER) at orm_listen
 * and again before every run, so a listener stops when its registrar loses
 * that right, and a row written into orm_registry by a role without it
 * never runs.
 */
int
orm_listener_check(OrmCtx *ctx, const OrmClass *cls, const OrmListener *l)
{
	if (orm_dialect_refuses(ctx->dialect, sess_fn_name(l->fn)))
		return orm_err(ctx->err, ORM_ERR_QUERY, "listener function %s is not allowed on %s",
					   l->fn, ctx->dialect->name);
	if (!ctx->host->listener_check || !cls->table)
		return 0;
	return ctx->host->listener_check(ctx->hs, ctx->arena, cls->table->schema, cls->table->name,
									 l->registrar, l->fn, ctx->err);
}

/*
 * Whether the listener row source is stored already, written by this role
 * (dialect registry_mine_sql): registering it again adds no row.
 */
static int
sess_listener_stored(OrmCtx *ctx, const char *source, bool *stored)
{
	const char *t = sess_registry_table(ctx);
	OrmBuf		sql;
	OrmParam	p = sess_text_param(source);
	OrmRows		rows;

	*stored = false;
	if (!t)
		return -1;
	orm_buf_init(&sql, ctx->arena);
	orm_buf_printf(&sql, "SELECT 1 FROM %s WHERE source = ", t);
	ctx->dialect->param(&sql, 1, NULL);
	orm_buf_printf(&sql, " AND %s", ctx->dialect->registry_mine_sql ? ctx->dialect->registry_mine_sql : "1 = 1");
	if (sess_registry_exec(ctx, orm_buf_cstr(&sql), 1, &p, &rows, ctx->err) != 0)
		return -1;
	*stored = rows.nrows > 0;
	return 0;
}

int
orm_session_listen(OrmCtx *ctx, const char *entity, const char *event,
				   const char *fn, OrmBuf *out)
{
	OrmBuf		row;
	OrmClass   *cls;
	int			i;
	bool		stored;

	if (!(cls = orm_reg_class(ctx->reg, entity)))
	{
		orm_err_unknown(ctx->err, entity, NULL);
		return orm_err(ctx->err, ORM_ERR_UNKNOWN_ENTITY, "unknown entity \"%s\"", entity);
	}
	for (i = 0; sess_events[i]; i++)
		if (strcmp(sess_events[i], event) == 0)
			break;
	if (!sess_events[i])
	{
		orm_err(ctx->err, ORM_ERR_PARAM, "unknown event \"%s\"", event);
		orm_err_hint(ctx->err, "Events are before_insert, after_insert, before_update, "
					 "after_update, before_delete and after_delete.");
		return -1;
	}
	if (!fn[0] || strchr(fn, '\n'))
		return orm_err(ctx->err, ORM_ERR_PARAM, "invalid function name \"%s\"", fn);
	if (orm_dialect_refuses(ctx->dialect, sess_fn_name(fn)))
		return orm_err(ctx->err, ORM_ERR_QUERY, "listener function %s is not allowed on %s",
					   fn, ctx->dialect->name);
	if (ctx->host->listen_check && cls->table &&
		ctx->host->listen_check(ctx->hs, ctx->arena, cls->table->schema, cls->table->name,
								fn, &fn, ctx->err) != 0)
		return -1;
	orm_buf_init(&row, ctx->arena);
	orm_buf_printf(&row, "%s%s\n%s\n%s", SESS_LISTEN_MARK, entity, event, fn);
	if (sess_listener_stored(ctx, orm_buf_cstr(&row), &stored) != 0)
		return -1;
	if (!stored && sess_registry_insert(ctx, orm_buf_cstr(&row)) != 0)
		return -1;
	orm_buf_puts(out, "{\"entity\":");
	orm_buf_json_str(out, entity, strlen(entity));
	orm_buf_puts(out, ",\"event\":");
	orm_buf_json_str(out, event, strlen(event));
	orm_buf_puts(out, ",\"fn\":");
	orm_buf_json_str(out, fn, strlen(fn));
	orm_buf_putc(out, '}');
	return 0;
}
