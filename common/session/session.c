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
 * Registry cache.  orm_registry holds one row per successful orm_declare
 * (id, token, source) and orm_listen.  Each call reads a fingerprint of the
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

int
orm_ctx_query(OrmCtx *ctx, const char *sql, int nparams,
			  const OrmParam *params, OrmRows *out)
{
	int			rc;

	rc = ctx->host->query(ctx->hs, ctx->arena, sql, nparams, params, out, ctx->err);
	if (ctx->conn && ctx->conn->echo && ctx->host->log)
		ctx->host->log(ctx->hs, sess_echo_text(ctx->arena, sql, nparams, params));
	return rc;
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
	l = ORM_NEW(reg->arena, OrmListener);
	l->event = event;
	l->fn = fn;
	l->registrar = registrar;
	orm_vec_push(reg->arena, &cls->listeners, l);
}

/*
 * Parses every stored source (rows of SESS_SOURCES_SQL) into reg; the source
 * text is copied into reg's arena first, so nothing in the registry points
 * into the call arena.
 */
static int
sess_declare_rows(OrmRegistry *reg, const OrmRows *rows, OrmError *err)
{
	int			r;

	for (r = 0; r < rows->nrows; r++)
	{
		const char *src = sess_text(reg->arena, &ORM_ROW(rows, r)[2]);

		if (strncmp(src, SESS_LISTEN_MARK, strlen(SESS_LISTEN_MARK)) == 0)
			continue;			/* an orm_listen row: attached below */
		if (orm_declare_source(reg, src, r, err) != 0)
		{
			orm_err_detail(err, "The error is in declaration %d stored in orm_registry.",
						   (int) sess_int(&ORM_ROW(rows, r)[0]));
			return -1;
		}
	}
	reg->nsources = rows->nrows;
	for (r = 0; r < rows->nrows; r++)
	{
		const OrmValue *who = rows->ncols > 3 ? &ORM_ROW(rows, r)[3] : NULL;

		sess_attach_listener(reg, sess_text(reg->arena, &ORM_ROW(rows, r)[2]),
							who && who->kind != ORM_V_NULL ? sess_text(reg->arena, who) : NULL);
	}
	return 0;
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
	if (sess_registry_read(ctx, sess_sources_sql(ctx), &rows) != 0)
		return -1;
	reg = orm_registry_new(&c->reg_arena);
	if (sess_declare_rows(reg, &rows, ctx->err) != 0 ||
		orm_registry_resolve(reg, ctx->err) != 0)
	{
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

static int
sess_registry_insert(OrmCtx *ctx, const char *source)
{
	OrmBuf		sql;
	OrmParam	p[2];
	const char *t = sess_registry_table(ctx);

	if (!t)
		return -1;
	if (ctx->dialect->registry_init_sql &&
		ctx->host->query(ctx->hs, ctx->arena, orm_sprintf(ctx->arena, ctx->dialect->registry_init_sql, t),
						 0, NULL, NULL, ctx->err) != 0)
		return -1;
	orm_buf_init(&sql, ctx->arena);
	orm_buf_printf(&sql, "INSERT INTO %s (token, source) VALUES (", t);
	ctx->dialect->param(&sql, 1, NULL);
	orm_buf_puts(&sql, ", ");
	ctx->dialect->param(&sql, 2, NULL);
	orm_buf_puts(&sql, ")");
	memset(p, 0, sizeof(p));
	p[0].kind = ORM_V_INT;
	p[0].i = sess_new_token(ctx);
	p[1].kind = ORM_V_TEXT;
	p[1].s = source;
	p[1].len = strlen(source);
	ctx->conn->reg_stamped = false;
	return ctx->host->query(ctx->hs, ctx->arena, orm_buf_cstr(&sql), 2, p, NULL, ctx->err);
}

/*
 * The new source is checked together with everything stored (in the call
 * arena, so a failure leaves the cache alone); only a source that parses and
 * resolves with the rest is stored.
 */
int
orm_session_declare(OrmCtx *ctx, const char *source, OrmBuf *out)
{
	OrmRows		rows;
	OrmRegistry *reg;
	int			source_no;

	if (sess_registry_read(ctx, sess_sources_sql(ctx), &rows) != 0)
		return -1;
	reg = orm_registry_new(ctx->arena);
	if (sess_declare_rows(reg, &rows, ctx->err) != 0)
		return -1;
	source_no = rows.nrows;
	if (orm_declare_source(reg, source, source_no, ctx->err) != 0)
		return -1;
	reg->nsources = source_no + 1;
	if (orm_registry_resolve(reg, ctx->err) != 0)
		return -1;
	if (sess_registry_insert(ctx, source) != 0)
		return -1;
	orm_registry_summary(reg, source_no, out);
	return 0;
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

int
orm_session_listen(OrmCtx *ctx, const char *entity, const char *event,
				   const char *fn, OrmBuf *out)
{
	OrmBuf		row;
	OrmClass   *cls;
	int			i;

	if (!(cls = orm_reg_class(ctx->reg, entity)))
		return orm_err(ctx->err, ORM_ERR_NAME, "unknown entity \"%s\"", entity);
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
	if (sess_registry_insert(ctx, orm_buf_cstr(&row)) != 0)
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
