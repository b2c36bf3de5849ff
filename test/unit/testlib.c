/*
 * testlib.c -- the C unit tests' shared fixtures (see testlib.h): the
 * recording in-test SQLite host, the OrmConn / OrmCtx builder, registries
 * declared from source and the seed reader.
 *
 * Assumes: test/ may include sqlite3.h, common/ never does; allocation here
 * is malloc (check.h's hooks) or an arena over them; the core is reached only
 * through its headers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testlib.h"

static char *
tl_strdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(check_block_alloc(NULL, n), s, n);
}

/* ---- the in-test SQLite host -------------------------------------------------- */

static void
tl_record(TlHost *h, const char *sql)
{
	if (h->nlog < TL_MAXLOG)
		h->log[h->nlog++] = tl_strdup(sql);
}

static void
tl_bind(sqlite3_stmt *st, int i, const OrmParam *p)
{
	switch (p->kind)
	{
		case ORM_V_NULL:
			sqlite3_bind_null(st, i);
			break;
		case ORM_V_INT:
		case ORM_V_BOOL:
			sqlite3_bind_int64(st, i, p->i);
			break;
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			sqlite3_bind_double(st, i, p->f);
			break;
		case ORM_V_BLOB:
			sqlite3_bind_blob(st, i, p->s, (int) p->len, SQLITE_TRANSIENT);
			break;
		default:
			sqlite3_bind_text(st, i, p->s ? p->s : "", (int) (p->s ? p->len : 0),
							  SQLITE_TRANSIENT);
	}
}

static void
tl_value(OrmArena *a, sqlite3_stmt *st, int c, OrmValue *v)
{
	const void *blob;

	memset(v, 0, sizeof(*v));
	switch (sqlite3_column_type(st, c))
	{
		case SQLITE_INTEGER:
			v->kind = ORM_V_INT;
			v->i = sqlite3_column_int64(st, c);
			break;
		case SQLITE_FLOAT:
			v->kind = ORM_V_FLOAT;
			v->f = sqlite3_column_double(st, c);
			break;
		case SQLITE_TEXT:
			v->kind = ORM_V_TEXT;
			v->len = (size_t) sqlite3_column_bytes(st, c);
			v->s = orm_strndup(a, (const char *) sqlite3_column_text(st, c), v->len);
			break;
		case SQLITE_BLOB:
			v->kind = ORM_V_BLOB;
			blob = sqlite3_column_blob(st, c);
			v->len = (size_t) sqlite3_column_bytes(st, c);
			v->s = orm_strndup(a, blob ? blob : "", v->len);
			break;
		default:
			v->kind = ORM_V_NULL;
	}
}

/* Steps st to the end; the rows go to out when wanted. */
static int
tl_step_all(OrmArena *a, sqlite3_stmt *st, OrmRows *out)
{
	int			ncols = sqlite3_column_count(st);
	int			cap = 0,
				rc;

	if (out)
	{
		bool		want = orm_rows_want_names(out);

		memset(out, 0, sizeof(*out));
		out->ncols = ncols;
		if (want)
		{
			out->want_names = true;
			out->colnames = ORM_NEWN(a, const char *, ncols + 1);
			for (int c = 0; c < ncols; c++)
				out->colnames[c] = orm_strdup(a, sqlite3_column_name(st, c));
		}
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
	{
		if (!out)
			continue;
		if (out->nrows == cap)
		{
			int			ncap = cap ? cap * 2 : 16;

			out->values = orm_realloc(a, out->values, sizeof(OrmValue) * (size_t) cap * ncols,
									  sizeof(OrmValue) * (size_t) ncap * ncols);
			cap = ncap;
		}
		for (int c = 0; c < ncols; c++)
			tl_value(a, st, c, &out->values[(size_t) out->nrows * ncols + c]);
		out->nrows++;
	}
	return rc;
}

static int
tl_query(void *hs, OrmArena *a, const char *sql, int nparams, const OrmParam *params,
		 OrmRows *out, OrmError *err)
{
	TlHost	   *h = hs;
	sqlite3_stmt *st;
	int			rc;

	tl_record(h, sql);
	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
		return orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(h->db));
	for (int i = 0; i < nparams; i++)
		tl_bind(st, i + 1, &params[i]);
	rc = tl_step_all(a, st, out);
	if (rc != SQLITE_DONE)
	{
		orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(h->db));
		sqlite3_finalize(st);
		return -1;
	}
	if (out)
		out->affected = sqlite3_stmt_readonly(st) ? 0 : sqlite3_changes(h->db);
	sqlite3_finalize(st);
	return 0;
}

static int
tl_exec(TlHost *h, const char *sql, OrmError *err)
{
	char	   *msg = NULL;

	if (sqlite3_exec(h->db, sql, NULL, NULL, &msg) != SQLITE_OK)
	{
		orm_err(err, ORM_ERR_ENGINE, "%s", msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
tl_begin(void *hs, OrmError *err)
{
	tl_record(hs, "-- begin atomic");
	return tl_exec(hs, "SAVEPOINT orm_test", err);
}

static int
tl_commit(void *hs, OrmError *err)
{
	tl_record(hs, "-- commit atomic");
	return tl_exec(hs, "RELEASE orm_test", err);
}

static void
tl_rollback(void *hs)
{
	OrmError	e = {0};

	tl_record(hs, "-- rollback atomic");
	tl_exec(hs, "ROLLBACK TO orm_test; RELEASE orm_test", &e);
}

static void
tl_echo(void *hs, const char *sql)
{
	if (((TlHost *) hs)->print_echo)
		printf("SQL: %s\n", sql);
}

static void
tl_random(void *hs, unsigned char *buf, size_t n)
{
	TlHost	   *h = hs;

	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char) (h->rnd++ * 37u + 11u);
}

static const char *
tl_now(void *hs, OrmArena *a)
{
	(void) hs;
	return orm_strdup(a, "2024-01-02 03:04:05.000000");
}

/* A cancel on demand: the interrupt_at-th poll and every later one fail. */
static int
tl_interrupted(void *hs, OrmError *err)
{
	TlHost	   *h = hs;

	h->npolls++;
	if (h->interrupt_at > 0 && h->npolls >= h->interrupt_at)
	{
		orm_err(err, ORM_ERR_ENGINE, "interrupted");
		return -1;
	}
	return 0;
}

const OrmHost tl_host = {
	.query = tl_query,
	.begin_atomic = tl_begin,
	.commit_atomic = tl_commit,
	.rollback_atomic = tl_rollback,
	.log = tl_echo,
	.random = tl_random,
	.now = tl_now,
	.interrupted = tl_interrupted,
};

int
tl_host_open(TlHost *h, const char *setup_sql)
{
	memset(h, 0, sizeof(*h));
	orm_arena_init(&h->arena, &check_hooks);
	if (sqlite3_open(":memory:", &h->db) != SQLITE_OK)
		return -1;
	if (setup_sql && sqlite3_exec(h->db, setup_sql, NULL, NULL, NULL) != SQLITE_OK)
	{
		fprintf(stderr, "setup: %s\n", sqlite3_errmsg(h->db));
		return -1;
	}
	return 0;
}

void
tl_host_clear(TlHost *h)
{
	for (int i = 0; i < h->nlog; i++)
		free(h->log[i]);
	h->nlog = 0;
}

void
tl_host_close(TlHost *h)
{
	tl_host_clear(h);
	orm_arena_reset(&h->arena);
	sqlite3_close(h->db);
	h->db = NULL;
}

int
tl_log_count(const TlHost *h, const char *prefix)
{
	int			n = 0;

	for (int i = 0; i < h->nlog; i++)
		n += strncmp(h->log[i], prefix, strlen(prefix)) == 0;
	return n;
}

void
tl_check_log(const TlHost *h, const char *const *want, int line, int *passed, int *failed)
{
	for (int i = 0; want[i] || i < h->nlog; i++)
	{
		const char *g = i < h->nlog ? h->log[i] : NULL;
		const char *w = want[i];

		if (g && w && strcmp(g, w) == 0)
		{
			(*passed)++;
			continue;
		}
		(*failed)++;
		fprintf(stderr, "line %d: statement %d differs\n  got:  %s\n  want: %s\n",
				line, i, g ? g : "(none)", w ? w : "(none)");
		if (!w || !g)
			break;
	}
}

static void
tl_put_row(OrmBuf *b, sqlite3_stmt *st, const TlRowStyle *style)
{
	int			ncols = style->first_col ? 1 : sqlite3_column_count(st);

	for (int c = 0; c < ncols; c++)
	{
		const char *v = (const char *) sqlite3_column_text(st, c);

		if (c)
			orm_buf_puts(b, style->colsep);
		orm_buf_puts(b, v ? v : style->null);
	}
}

const char *
tl_sql_rows(TlHost *h, const char *sql, const TlRowStyle *style)
{
	sqlite3_stmt *st;
	OrmBuf		b;
	int			n = 0;

	orm_buf_init(&b, &h->arena);
	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
		return orm_sprintf(&h->arena, "SQL ERROR: %s", sqlite3_errmsg(h->db));
	while (sqlite3_step(st) == SQLITE_ROW)
	{
		if (n++ && !style->row_end)
			orm_buf_puts(&b, style->rowsep);
		tl_put_row(&b, st, style);
		if (style->row_end)
			orm_buf_puts(&b, style->rowsep);
	}
	sqlite3_finalize(st);
	return orm_buf_cstr(&b);
}

/* ---- connection and call context ------------------------------------------------ */

int
tl_env_open(TlEnv *env, const char *setup_sql)
{
	memset(env, 0, sizeof(*env));
	orm_conn_init(&env->conn, &tl_host, &env->host, &orm_dialect_sqlite, &check_hooks);
	orm_arena_init(&env->call, &check_hooks);
	return tl_host_open(&env->host, setup_sql);
}

int
tl_env_declare(TlEnv *env, const char *source)
{
	OrmError	err = {0};

	env->conn.reg = orm_registry_new(&env->conn.reg_arena);
	if (orm_declare_source(env->conn.reg, source, 0, &err) < 0 ||
		orm_registry_resolve(env->conn.reg, &err) < 0)
	{
		fprintf(stderr, "declare: %s\n", orm_error_text(&env->conn.reg_arena, &err, "test"));
		return -1;
	}
	return 0;
}

int
tl_env_api_declare(TlEnv *env, const char *source, bool create_all)
{
	char	   *out;
	bool		ok;

	tl_env_call(env);
	ok = source && orm_api_declare(&env->conn, &env->call, source, &out, &env->err) == 0 &&
		(!create_all || orm_api_create_all(&env->conn, &env->call, &out, &env->err) == 0);
	if (!ok)
		fprintf(stderr, "setup: %s\n", orm_error_text(&env->call, &env->err, "setup"));
	tl_env_call(env);
	return ok ? 0 : -1;
}

OrmArena *
tl_env_call(TlEnv *env)
{
	orm_arena_reset(&env->call);
	orm_arena_init(&env->call, &check_hooks);
	memset(&env->err, 0, sizeof(env->err));
	tl_host_clear(&env->host);
	return &env->call;
}

OrmCtx *
tl_env_ctx(TlEnv *env)
{
	OrmCtx	   *ctx = &env->ctx;

	tl_env_call(env);
	tl_ctx_init(ctx, &env->call, &env->err, env->conn.dialect, env->conn.reg);
	ctx->conn = &env->conn;
	ctx->host = env->conn.host;
	ctx->hs = env->conn.hs;
	return ctx;
}

void
tl_env_close(TlEnv *env)
{
	orm_arena_reset(&env->call);
	orm_conn_release(&env->conn);
	tl_host_close(&env->host);
}

void
tl_ctx_init(OrmCtx *ctx, OrmArena *a, OrmError *err, const OrmDialect *d, OrmRegistry *reg)
{
	memset(ctx, 0, sizeof(*ctx));
	memset(err, 0, sizeof(*err));
	ctx->arena = a;
	ctx->dialect = d;
	ctx->reg = reg;
	ctx->err = err;
}

/* ---- registries ------------------------------------------------------------------- */

OrmRegistry *
tl_declarev(OrmArena *a, OrmError *err, const char *first, va_list ap)
{
	OrmRegistry *reg = orm_registry_new(a);
	OrmError	local;
	OrmError   *e = err ? err : &local;
	int			n = 0,
				rc = 0;

	memset(e, 0, sizeof(*e));
	for (const char *src = first; src && rc == 0; src = va_arg(ap, const char *))
		rc = orm_declare_source(reg, src, n++, e);
	if (rc == 0)
		rc = orm_registry_resolve(reg, e);
	if (rc == 0)
		return reg;
	if (!err)
		fprintf(stderr, "declare: line %d, column %d: %s\n", e->line, e->col, e->message);
	return NULL;
}

OrmRegistry *
tl_declare(OrmArena *a, OrmError *err, const char *first,...)
{
	OrmRegistry *reg;
	va_list		ap;

	va_start(ap, first);
	reg = tl_declarev(a, err, first, ap);
	va_end(ap);
	return reg;
}

/* ---- the seed ----------------------------------------------------------------------- */

static char *
tl_read_file(OrmArena *a, const char *path)
{
	FILE	   *f = fopen(path, "rb");
	long		n;
	char	   *buf;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = n >= 0 ? orm_alloc(a, (size_t) n + 1) : NULL;
	if (!buf || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	return buf;
}

const char *
tl_seed_read(OrmArena *a, int argc, char **argv)
{
	const char *path = argc > 1 && strncmp(argv[1], "--", 2) != 0 ? argv[1] : getenv("ORM_SEED");
	const char *seed;

	if (!path)
		path = TL_SEED_DEFAULT;
	seed = tl_read_file(a, path);
	if (!seed)
		fprintf(stderr, "cannot read seed file %s\n", path);
	return seed;
}

const char *
tl_seed_next_block(OrmArena *a, const char *seed, const char **p, int *line)
{
	const char *start = *p ? strstr(*p, "```python\n") : NULL;
	const char *end;

	if (!start)
		return NULL;
	start += strlen("```python\n");
	end = strstr(start, "\n```");
	if (!end)
		return NULL;
	if (line)
	{
		*line = 1;
		for (const char *q = seed; q < start; q++)
			*line += *q == '\n';
	}
	*p = end + 4;
	return orm_strndup(a, start, (size_t) (end - start) + 1);
}

const char *
tl_seed_block(OrmArena *a, const char *seed, const char *heading, int nth)
{
	const char *p = seed ? strstr(seed, heading) : NULL;
	const char *src = NULL;

	while (p && nth-- > 0)
		src = tl_seed_next_block(a, seed, &p, NULL);
	return src;
}

const char *
tl_blog_source(OrmArena *a, const char *seed)
{
	return tl_seed_block(a, seed, TL_BLOG_HEADING, 1);
}

OrmRegistry *
tl_blog_registry(OrmArena *a, const char *seed, const char *extra)
{
	const char *blog = tl_blog_source(a, seed);

	if (!blog)
		return NULL;
	if (extra)
		blog = orm_sprintf(a, "%s%s", blog, extra);
	return tl_declare(a, NULL, blog, NULL);
}
