/*
 * test_api.c -- api.c over a fake host: the registry cache (missing table,
 * reuse while the fingerprint of every row is unchanged, rebuild when any
 * row changes or goes), orm_declare storing nothing on error, echo through
 * host->log, listeners of refused functions; and over the in-test SQLite
 * host (testlib): a cancel (host->interrupted) stops a select or a flush at
 * any of its polls, cleanly.
 *
 * The fake host answers the registry statements from an in-memory list of
 * (id, token, source) rows and counts what it was asked.
 */
#include "check.h"
#include "testlib.h"
#include "orm.h"
#include "session/session.h"

#include <string.h>

#define MAXROWS 8

typedef struct Fake
{
	bool		table_exists;
	int			nrows;
	int64_t		ids[MAXROWS];
	int64_t		tokens[MAXROWS];
	const char *sources[MAXROWS];
	int			n_newest;
	int			n_sources;
	int			n_insert;
	int			n_other;
	int			n_log;
	char		last_log[256];
} Fake;

static void
fake_set(OrmValue *v, int64_t i)
{
	v->kind = ORM_V_INT;
	v->i = i;
}

static int
fake_query(void *hs, OrmArena *a, const char *sql, int nparams,
		   const OrmParam *params, OrmRows *out, OrmError *err)
{
	Fake	   *f = hs;
	bool		newest = strncmp(sql, "SELECT max(id), count(*), sum(token % 1000000007) FROM ", 55) == 0;
	bool		sources = strncmp(sql, "SELECT id, token, source, NULL FROM ", 36) == 0;
	int			r;

	if (out)
		memset(out, 0, sizeof(*out));
	if (strncmp(sql, "CREATE TABLE IF NOT EXISTS \"orm_registry\"", 41) == 0)
	{
		f->table_exists = true;
		return 0;
	}
	if (strstr(sql, "sqlite_master"))
	{
		out->ncols = 1;
		out->nrows = f->table_exists ? 1 : 0;
		out->values = ORM_NEWN(a, OrmValue, 1);
		fake_set(&out->values[0], 1);
		return 0;
	}
	if (strncmp(sql, "INSERT INTO \"orm_registry\"", 26) == 0)
	{
		CHECK(nparams == 2);
		CHECK(f->table_exists);
		f->n_insert++;
		f->ids[f->nrows] = f->nrows + 1;
		f->tokens[f->nrows] = params[0].i;
		f->sources[f->nrows] = strdup(params[1].s);
		f->nrows++;
		return 0;
	}
	if (!newest && !sources)
	{
		f->n_other++;
		return 0;
	}
	if (!f->table_exists)
		return orm_err(err, ORM_ERR_ENGINE, "no such table: orm_registry");
	if (newest)
		f->n_newest++;
	else
		f->n_sources++;
	out->ncols = sources ? 4 : 3;
	out->values = ORM_NEWN(a, OrmValue, 4 * MAXROWS);
	if (newest)
	{
		/* max(id), count(*), sum(token % 1000000007): NULL, 0, NULL when empty */
		int64_t		sum = 0;

		out->nrows = 1;
		for (r = 0; r < f->nrows; r++)
			sum += f->tokens[r] % 1000000007;
		fake_set(&out->values[0], f->nrows ? f->ids[f->nrows - 1] : 0);
		fake_set(&out->values[1], f->nrows);
		fake_set(&out->values[2], sum);
		if (!f->nrows)
			out->values[0].kind = out->values[2].kind = ORM_V_NULL;
		return 0;
	}
	out->nrows = f->nrows;
	for (r = 0; r < out->nrows; r++)
	{
		OrmValue   *row = ORM_ROW(out, r);

		fake_set(&row[0], f->ids[r]);
		fake_set(&row[1], f->tokens[r]);
		row[2].kind = ORM_V_TEXT;
		row[2].s = f->sources[r];
		row[2].len = strlen(f->sources[r]);
	}
	return 0;
}

static void
fake_log(void *hs, const char *sql)
{
	snprintf(((Fake *) hs)->last_log, sizeof(((Fake *) hs)->last_log), "%s", sql);
	((Fake *) hs)->n_log++;
}

static void
fake_random(void *hs, unsigned char *buf, size_t n)
{
	(void) hs;
	memset(buf, 0xff, n);		/* all bits: the token must still be 63-bit */
}

static const OrmHost fake_host = {
	.query = fake_query,
	.log = fake_log,
	.random = fake_random,
};

static const char *model =
"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
"class Base(DeclarativeBase):\n"
"    pass\n"
"class A(Base):\n"
"    __tablename__ = \"a\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n";

static const char *model_b =
"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
"class Base(DeclarativeBase):\n"
"    pass\n"
"class B(Base):\n"
"    __tablename__ = \"b\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n";

static const char *bad_model =
"class B(Base)\n"
"    __tablename__ = \"b\"\n";

/* Deletes stored row r (the fake's list closes up; ids stay). */
static void
fake_delete(Fake *f, int r)
{
	free((void *) f->sources[r]);
	for (; r + 1 < f->nrows; r++)
	{
		f->ids[r] = f->ids[r + 1];
		f->tokens[r] = f->tokens[r + 1];
		f->sources[r] = f->sources[r + 1];
	}
	f->nrows--;
}

static const char *blog =
"from sqlalchemy import ForeignKey\n"
"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
"class Base(DeclarativeBase):\n"
"    pass\n"
"class User(Base):\n"
"    __tablename__ = \"users\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    name: Mapped[str]\n"
"    posts: Mapped[list[\"Post\"]] = relationship()\n"
"class Post(Base):\n"
"    __tablename__ = \"posts\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n";

#define BLOG_SELECT "select(User).options(selectinload(User.posts))"

/*
 * A cancel at the n-th poll of a call: whatever n (from the first poll to
 * the last a whole call makes), the call fails with the host's error, leaves
 * nothing written and the connection as good as before.
 */
static void
test_interrupt(void)
{
	TlEnv		env;
	char	   *out = NULL;
	char	   *whole;
	int			polls,
				n;
	OrmBuf		changes;
	const TlRowStyle count_style = {.colsep = ",", .rowsep = ";", .null = "NULL"};

	if (tl_env_open(&env, NULL) < 0 || tl_env_api_declare(&env, blog, true) < 0)
	{
		CHECK(!"setup");
		return;
	}
	CHECK(sqlite3_exec(env.host.db,
					   "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 3000) "
					   "INSERT INTO users SELECT i, 'u' || i FROM g; "
					   "INSERT INTO posts SELECT id * 3 + k, id FROM users, "
					   "(SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2);",
					   NULL, NULL, NULL) == SQLITE_OK);

	/* an uncancelled call: how many polls it makes */
	env.host.npolls = 0;
	CHECK(orm_api_select(&env.conn, tl_env_call(&env), BLOG_SELECT, NULL, &out, &env.err) == 0);
	whole = out ? strdup(out) : NULL;
	polls = env.host.npolls;
	CHECK(polls >= (3000 + 9000) / ORM_POLL_EVERY);	/* rows, objects, JSON: all polled */

	for (n = 1; n <= polls; n += (n < 4 || n > polls - 2) ? 1 : polls / 7 + 1)
	{
		env.host.npolls = 0;
		env.host.interrupt_at = n;
		out = NULL;
		CHECK(orm_api_select(&env.conn, tl_env_call(&env), BLOG_SELECT, NULL, &out, &env.err) == -1);
		CHECK_STR(env.err.message, "interrupted");
		CHECK(env.host.npolls == n);	/* stopped at that poll */
	}
	env.host.interrupt_at = 0;
	CHECK(orm_api_select(&env.conn, tl_env_call(&env), BLOG_SELECT, NULL, &out, &env.err) == 0);
	CHECK(whole && out && strcmp(whole, out) == 0);
	free(whole);

	/* a flush of 600 objects cancelled halfway writes nothing */
	orm_buf_init(&changes, &env.host.arena);
	orm_buf_putc(&changes, '[');
	for (n = 0; n < 200; n++)
		orm_buf_printf(&changes, "%s{\"op\": \"add\", \"entity\": \"User\", \"data\": "
					   "{\"name\": \"n%d\", \"posts\": [{}, {}]}}", n ? "," : "", n);
	orm_buf_putc(&changes, ']');
	env.host.npolls = 0;
	env.host.interrupt_at = 2;
	CHECK(orm_api_flush(&env.conn, tl_env_call(&env), orm_buf_cstr(&changes), NULL, &out, &env.err) == -1);
	CHECK_STR(env.err.message, "interrupted");
	CHECK_STR(tl_sql_rows(&env.host, "SELECT count(*) FROM users", &count_style), "3000");
	env.host.interrupt_at = 0;
	CHECK(orm_api_flush(&env.conn, tl_env_call(&env), orm_buf_cstr(&changes), NULL, &out, &env.err) == 0);
	CHECK_STR(tl_sql_rows(&env.host, "SELECT count(*) FROM users", &count_style), "3200");
	tl_env_close(&env);
}

static const char *blog_criteria =
"from sqlalchemy import ForeignKey, and_\n"
"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
"class Base(DeclarativeBase):\n"
"    pass\n"
"class User(Base):\n"
"    __tablename__ = \"users\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    name: Mapped[str]\n"
"    posts: Mapped[list[\"Post\"]] = relationship(\n"
"        primaryjoin=\"and_(User.id == Post.author_id, Post.id > 1)\")\n"
"class Post(Base):\n"
"    __tablename__ = \"posts\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n";

/*
 * The parse cache fills up in the middle of a call: the statement's own text
 * takes the last free place, then the relationship's criteria text is parsed
 * in the same call.  The cache must not be dropped then (the statement's tree
 * is in use: under ASan a use after free); the criteria go to the call's
 * arena, and the cache is dropped when the next call begins.
 */
static void
test_parse_cache_full(void)
{
	TlEnv		env;
	char	   *out = NULL;
	char		q[128];
	int			n;
	uint64_t	gen;

	if (tl_env_open(&env, NULL) < 0 || tl_env_api_declare(&env, blog_criteria, true) < 0)
	{
		CHECK(!"setup");
		return;
	}
	CHECK(sqlite3_exec(env.host.db,
					   "INSERT INTO users VALUES (1, 'a'), (2, 'b');"
					   "INSERT INTO posts VALUES (1, 1), (2, 1), (3, 2);",
					   NULL, NULL, NULL) == SQLITE_OK);
	/* distinct texts that use no criteria: fill the cache once (parse_full),
	 * the next call starts it empty, then 511 texts leave one place */
	for (n = 0; n < 2000 && !env.conn.parse_full; n++)
	{
		snprintf(q, sizeof(q), "select(User.name).where(User.id > %d)", -n);
		CHECK(orm_api_select(&env.conn, tl_env_call(&env), q, NULL, &out, &env.err) == 0);
	}
	CHECK(env.conn.parse_full);
	for (n = 0; n < 511; n++)
	{
		snprintf(q, sizeof(q), "select(User.name).where(User.id < %d)", n + 10);
		CHECK(orm_api_select(&env.conn, tl_env_call(&env), q, NULL, &out, &env.err) == 0);
	}
	CHECK(!env.conn.parse_full);
	gen = env.conn.parse_gen;
	/* text number 512 fills the cache; the criteria come after it */
	CHECK(orm_api_select(&env.conn, tl_env_call(&env),
						 "select(User).options(selectinload(User.posts)).order_by(User.id)",
						 NULL, &out, &env.err) == 0);
	CHECK_STR(out, "[{\"id\":1,\"name\":\"a\",\"posts\":[{\"id\":2,\"author_id\":1}]},"
			  "{\"id\":2,\"name\":\"b\",\"posts\":[{\"id\":3,\"author_id\":2}]}]");
	CHECK(env.conn.parse_full);
	CHECK(env.conn.parse_gen == gen);	/* not dropped during the call */
	/* the next call drops it and starts again */
	CHECK(orm_api_select(&env.conn, tl_env_call(&env),
						 "select(User).options(selectinload(User.posts)).order_by(User.id)",
						 NULL, &out, &env.err) == 0);
	CHECK(!env.conn.parse_full);
	CHECK(env.conn.parse_gen == gen + 1);
	CHECK_STR(out, "[{\"id\":1,\"name\":\"a\",\"posts\":[{\"id\":2,\"author_id\":1}]},"
			  "{\"id\":2,\"name\":\"b\",\"posts\":[{\"id\":3,\"author_id\":2}]}]");
	tl_env_close(&env);
}

int
main(void)
{
	Fake		f;
	OrmConn		conn;
	OrmArena	a;
	OrmError	err;
	OrmCtx		ctx;
	char	   *out = NULL;
	OrmRegistry *first;
	int			i;

	memset(&f, 0, sizeof(f));
	orm_conn_init(&conn, &fake_host, &f, &orm_dialect_sqlite, &check_hooks);
	orm_arena_init(&a, &check_hooks);

	/* no registry table yet: an empty registry, nothing written */
	memset(&err, 0, sizeof(err));
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(ctx.reg != NULL && ctx.reg->classes.n == 0);
	CHECK(!f.table_exists);

	/* declare: stored once, with a positive 63-bit token */
	memset(&err, 0, sizeof(err));
	CHECK(orm_api_declare(&conn, &a, model, &out, &err) == 0);
	CHECK(out && strstr(out, "\"A\"") != NULL);
	CHECK(f.nrows == 1 && f.n_insert == 1);
	CHECK(f.tokens[0] > 0);

	/* the next call rebuilds once, then reuses the cache */
	memset(&err, 0, sizeof(err));
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(orm_reg_class(ctx.reg, "A") != NULL);
	first = ctx.reg;
	i = f.n_sources;
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(ctx.reg == first);
	CHECK(f.n_sources == i);

	/* a declaration error stores nothing and names the line */
	memset(&err, 0, sizeof(err));
	CHECK(orm_api_declare(&conn, &a, bad_model, &out, &err) == -1);
	CHECK(err.code == ORM_ERR_SYNTAX);
	CHECK(err.line == 1);
	CHECK(f.nrows == 1 && f.n_insert == 1);

	/* another session's change to a row (a new token) forces a rebuild */
	f.tokens[0] = 12345;
	i = f.n_sources;
	memset(&err, 0, sizeof(err));
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(f.n_sources == i + 1);
	CHECK(conn.reg_token == ((UINT64_C(1) << 48) ^ 12345));

	/* a row deleted anywhere (not the newest) is seen: the registry is rebuilt without it */
	memset(&err, 0, sizeof(err));
	CHECK(orm_api_declare(&conn, &a, model_b, &out, &err) == 0);
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(orm_reg_class(ctx.reg, "A") != NULL && orm_reg_class(ctx.reg, "B") != NULL);
	fake_delete(&f, 0);
	i = f.n_sources;
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(f.n_sources == i + 1);
	CHECK(orm_reg_class(ctx.reg, "A") == NULL && orm_reg_class(ctx.reg, "B") != NULL);

	/* SQLite: a listener calling a function that leaves the database is refused */
	memset(&err, 0, sizeof(err));
	i = f.n_insert;
	CHECK(orm_api_listen(&conn, &a, "B", "after_insert", "writefile", &out, &err) == -1);
	CHECK_STR(err.message, "listener function writefile is not allowed on sqlite");
	CHECK(f.n_insert == i);

	/* orm_get of an unknown entity */
	memset(&err, 0, sizeof(err));
	CHECK(orm_api_get(&conn, &a, "Nope", "1", NULL, &out, &err) == -1);
	CHECK(err.code == ORM_ERR_UNKNOWN_ENTITY);
	CHECK_STR(err.message, "unknown entity \"Nope\"");
	CHECK_STR(orm_err_sqlstate(&err), "42P01");
	CHECK_STR(err.name, "Nope");

	/* echo: every statement the core runs goes to host->log, registry reads don't */
	memset(&err, 0, sizeof(err));
	CHECK(orm_ctx_begin(&ctx, &conn, &a, &err) == 0);
	CHECK(f.n_log == 0);
	conn.echo = true;
	CHECK(orm_ctx_query(&ctx, "SELECT 1", 0, NULL, NULL) == 0);
	CHECK(f.n_log == 1);
	CHECK_STR(f.last_log, "SELECT 1");
	{
		/* with parameters, shown as create_engine(echo=True) shows them */
		OrmParam	p[3] = {{.kind = ORM_V_TEXT, .s = "al", .len = 2},
		{.kind = ORM_V_INT, .i = 3}, {.kind = ORM_V_NULL}};

		CHECK(orm_ctx_query(&ctx, "SELECT ?1, ?2, ?3", 3, p, NULL) == 0);
		CHECK_STR(f.last_log, "SELECT ?1, ?2, ?3\n[parameters: ('al', 3, None)]");
	}

	for (i = 0; i < f.nrows; i++)
		free((void *) f.sources[i]);
	orm_arena_reset(&a);
	orm_conn_release(&conn);

	test_interrupt();
	test_parse_cache_full();
	CHECK_DONE();
}
