/*
 * test_flush.c -- unit tests of the unit of work (common/flush.c).
 *
 * Owns: a tiny SQLite host (OrmHost over sqlite3: statements materialized
 * into the call arena, SAVEPOINT / RELEASE / ROLLBACK TO for the atomic
 * section, a fixed now(), deterministic random bytes) that records every
 * statement it runs, an OrmCtx built by hand, and the seed's blog model
 * (plus three small classes for null-out and version_id_col) declared
 * through orm_declare_source.  Tables are created with plain SQL, as
 * SQLAlchemy's create_all writes them.  Assumes: test/ may include
 * sqlite3.h; common/ never does.
 *
 * Build (standalone: defines orm_ctx_query instead of linking api.c):
 *   gcc -std=c11 -Wall -Wextra -g -Icommon -DTEST_FLUSH_STANDALONE \
 *     test/unit/test_flush.c common/util.c common/dialect.c common/json.c \
 *     common/values.c common/flush.c common/declare.c common/registry.c \
 *     common/pylex.c common/pyparse.c -lsqlite3 -lm -o /tmp/test_flush
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../../common/orm.h"
#include "../../common/loader.h"
#include "../../common/json.h"

/* ---- the in-test SQLite host -------------------------------------------- */

#define TH_MAXLOG 256

typedef struct TestHost
{
	sqlite3    *db;
	int			nlog;
	char	   *log[TH_MAXLOG];	/* every statement run, in order (malloc'd) */
	unsigned	rnd;
} TestHost;

static char *
th_strdup(const char *s)
{
	size_t		n = strlen(s) + 1;
	char	   *p = malloc(n);

	if (!p)
		abort();
	return memcpy(p, s, n);
}

static void
th_record(TestHost *h, const char *sql)
{
	if (h->nlog < TH_MAXLOG)
		h->log[h->nlog++] = th_strdup(sql);
}

static void
th_clear(TestHost *h)
{
	int			i;

	for (i = 0; i < h->nlog; i++)
		free(h->log[i]);
	h->nlog = 0;
}

static int
th_bind(sqlite3_stmt *st, int i, const OrmParam *p)
{
	switch (p->kind)
	{
		case ORM_V_NULL:
			return sqlite3_bind_null(st, i);
		case ORM_V_INT:
		case ORM_V_BOOL:
			return sqlite3_bind_int64(st, i, p->i);
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			return sqlite3_bind_double(st, i, p->f);
		case ORM_V_BLOB:
			return sqlite3_bind_blob(st, i, p->s, (int) p->len, SQLITE_TRANSIENT);
		default:
			return sqlite3_bind_text(st, i, p->s ? p->s : "", (int) p->len, SQLITE_TRANSIENT);
	}
}

static void
th_value(OrmArena *a, sqlite3_stmt *st, int c, OrmValue *v)
{
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
			v->len = (size_t) sqlite3_column_bytes(st, c);
			v->s = orm_strndup(a, sqlite3_column_blob(st, c) ? sqlite3_column_blob(st, c) : "", v->len);
			break;
		default:
			v->kind = ORM_V_NULL;
	}
}

static int
th_query(void *hs, OrmArena *a, const char *sql, int nparams, const OrmParam *params,
		 OrmRows *out, OrmError *err)
{
	TestHost   *h = hs;
	sqlite3_stmt *st;
	OrmValue   *vals = NULL;
	int			ncols,
				nrows = 0,
				cap = 0,
				rc,
				i;

	th_record(h, sql);
	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
		return orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(h->db));
	for (i = 0; i < nparams; i++)
		th_bind(st, i + 1, &params[i]);
	ncols = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
	{
		if (nrows == cap)
		{
			int			ncap = cap ? cap * 2 : 8;

			vals = orm_realloc(a, vals, sizeof(OrmValue) * (size_t) (cap * ncols),
							   sizeof(OrmValue) * (size_t) (ncap * ncols));
			cap = ncap;
		}
		for (i = 0; i < ncols; i++)
			th_value(a, st, i, &vals[nrows * ncols + i]);
		nrows++;
	}
	if (rc != SQLITE_DONE)
	{
		orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(h->db));
		sqlite3_finalize(st);
		return -1;
	}
	if (out)
	{
		out->ncols = ncols;
		out->colnames = ORM_NEWN(a, const char *, ncols + 1);
		for (i = 0; i < ncols; i++)
			out->colnames[i] = orm_strdup(a, sqlite3_column_name(st, i));
		out->nrows = nrows;
		out->values = vals;
		out->affected = sqlite3_stmt_readonly(st) ? 0 : sqlite3_changes(h->db);
	}
	sqlite3_finalize(st);
	return 0;
}

static int
th_exec(TestHost *h, const char *sql, OrmError *err)
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
th_begin(void *hs, OrmError *err)
{
	th_record(hs, "-- begin atomic");
	return th_exec(hs, "SAVEPOINT orm_flush", err);
}

static int
th_commit(void *hs, OrmError *err)
{
	th_record(hs, "-- commit atomic");
	return th_exec(hs, "RELEASE orm_flush", err);
}

static void
th_rollback(void *hs)
{
	OrmError	e = {0};

	th_record(hs, "-- rollback atomic");
	th_exec(hs, "ROLLBACK TO orm_flush; RELEASE orm_flush", &e);
}

static void
th_log(void *hs, const char *sql)
{
	(void) hs;
	(void) sql;
}

static void
th_random(void *hs, unsigned char *buf, size_t n)
{
	TestHost   *h = hs;
	size_t		i;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char) (h->rnd++ * 37u + 11u);
}

static const char *
th_now(void *hs, OrmArena *a)
{
	(void) hs;
	return orm_strdup(a, "2024-01-02 03:04:05.000000");
}

static const OrmHost th_host = {
	.query = th_query,
	.begin_atomic = th_begin,
	.commit_atomic = th_commit,
	.rollback_atomic = th_rollback,
	.log = th_log,
	.random = th_random,
	.now = th_now,
};

#ifdef TEST_FLUSH_STANDALONE
/* api.c's orm_ctx_query, for building this test without the whole core */
int
orm_ctx_query(OrmCtx *ctx, const char *sql, int nparams, const OrmParam *params,
			  OrmRows *out)
{
	return ctx->host->query(ctx->hs, ctx->arena, sql, nparams, params, out, ctx->err);
}
#endif

/* ---- fixture ------------------------------------------------------------ */

static const char *model_src =
	"\"\"\"\n"
	"Complete SQLAlchemy 2.0 example: Blog application with users, posts,\n"
	"comments, and tags.\n"
	"\"\"\"\n"
	"from __future__ import annotations\n"
	"\n"
	"import enum\n"
	"from datetime import datetime\n"
	"from typing import Optional\n"
	"\n"
	"from sqlalchemy import (\n"
	"    Column,\n"
	"    Enum as SAEnum,\n"
	"    ForeignKey,\n"
	"    Index,\n"
	"    Integer,\n"
	"    String,\n"
	"    Table,\n"
	"    Text,\n"
	"    create_engine,\n"
	"    func,\n"
	"    select,\n"
	")\n"
	"from sqlalchemy.orm import (\n"
	"    DeclarativeBase,\n"
	"    Mapped,\n"
	"    Session,\n"
	"    mapped_column,\n"
	"    relationship,\n"
	"    selectinload,\n"
	"    sessionmaker,\n"
	")\n"
	"\n"
	"\n"
	"#  Base \n"
	"\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"\n"
	"\n"
	"#  Enums \n"
	"\n"
	"class PostStatus(enum.Enum):\n"
	"    DRAFT = \"draft\"\n"
	"    PUBLISHED = \"published\"\n"
	"    ARCHIVED = \"archived\"\n"
	"\n"
	"\n"
	"#  Mixins \n"
	"\n"
	"class TimestampMixin:\n"
	"    \"\"\"Mixin that adds created_at and updated_at columns.\"\"\"\n"
	"    created_at: Mapped[datetime] = mapped_column(\n"
	"        default=func.now(), server_default=func.now()\n"
	"    )\n"
	"    updated_at: Mapped[Optional[datetime]] = mapped_column(\n"
	"        onupdate=func.now(), server_onupdate=func.now(), default=None\n"
	"    )\n"
	"\n"
	"\n"
	"#  Association Table \n"
	"\n"
	"post_tags = Table(\n"
	"    \"post_tags\",\n"
	"    Base.metadata,\n"
	"    Column(\"post_id\", Integer, ForeignKey(\"posts.id\", ondelete=\"CASCADE\"), primary_key=True),\n"
	"    Column(\"tag_id\", Integer, ForeignKey(\"tags.id\", ondelete=\"CASCADE\"), primary_key=True),\n"
	")\n"
	"\n"
	"\n"
	"#  Models \n"
	"\n"
	"class User(TimestampMixin, Base):\n"
	"    __tablename__ = \"users\"\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)\n"
	"    email: Mapped[str] = mapped_column(String(255), unique=True)\n"
	"    display_name: Mapped[Optional[str]] = mapped_column(String(100))\n"
	"    is_active: Mapped[bool] = mapped_column(default=True)\n"
	"\n"
	"    # Relationships\n"
	"    posts: Mapped[list[\"Post\"]] = relationship(\n"
	"        back_populates=\"author\", cascade=\"all, delete-orphan\"\n"
	"    )\n"
	"    comments: Mapped[list[\"Comment\"]] = relationship(\n"
	"        back_populates=\"author\", cascade=\"all, delete-orphan\"\n"
	"    )\n"
	"\n"
	"    def __repr__(self) -> str:\n"
	"        return f\"User(id={self.id!r}, username={self.username!r})\"\n"
	"\n"
	"\n"
	"class Post(TimestampMixin, Base):\n"
	"    __tablename__ = \"posts\"\n"
	"    __table_args__ = (\n"
	"        Index(\"ix_posts_author_status\", \"author_id\", \"status\"),\n"
	"    )\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    title: Mapped[str] = mapped_column(String(200))\n"
	"    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)\n"
	"    body: Mapped[str] = mapped_column(Text)\n"
	"    status: Mapped[PostStatus] = mapped_column(\n"
	"        SAEnum(PostStatus), default=PostStatus.DRAFT\n"
	"    )\n"
	"    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n"
	"\n"
	"    # Relationships\n"
	"    author: Mapped[\"User\"] = relationship(back_populates=\"posts\")\n"
	"    comments: Mapped[list[\"Comment\"]] = relationship(\n"
	"        back_populates=\"post\", cascade=\"all, delete-orphan\"\n"
	"    )\n"
	"    tags: Mapped[list[\"Tag\"]] = relationship(\n"
	"        secondary=post_tags, back_populates=\"posts\"\n"
	"    )\n"
	"\n"
	"    def __repr__(self) -> str:\n"
	"        return f\"Post(id={self.id!r}, title={self.title!r})\"\n"
	"\n"
	"\n"
	"class Comment(TimestampMixin, Base):\n"
	"    __tablename__ = \"comments\"\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    body: Mapped[str] = mapped_column(Text)\n"
	"    post_id: Mapped[int] = mapped_column(ForeignKey(\"posts.id\"))\n"
	"    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n"
	"\n"
	"    # Self-referential: threaded comments\n"
	"    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"comments.id\"))\n"
	"\n"
	"    # Relationships\n"
	"    post: Mapped[\"Post\"] = relationship(back_populates=\"comments\")\n"
	"    author: Mapped[\"User\"] = relationship(back_populates=\"comments\")\n"
	"    replies: Mapped[list[\"Comment\"]] = relationship(\n"
	"        back_populates=\"parent\", cascade=\"all, delete-orphan\"\n"
	"    )\n"
	"    parent: Mapped[Optional[\"Comment\"]] = relationship(\n"
	"        back_populates=\"replies\", remote_side=[id]\n"
	"    )\n"
	"\n"
	"    def __repr__(self) -> str:\n"
	"        return f\"Comment(id={self.id!r}, post_id={self.post_id!r})\"\n"
	"\n"
	"\n"
	"class Tag(Base):\n"
	"    __tablename__ = \"tags\"\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50), unique=True)\n"
	"\n"
	"    posts: Mapped[list[\"Post\"]] = relationship(\n"
	"        secondary=post_tags, back_populates=\"tags\"\n"
	"    )\n"
	"\n"
	"    def __repr__(self) -> str:\n"
	"        return f\"Tag(id={self.id!r}, name={self.name!r})\"\n"
	"\n"
	"\n"
	"\n"
	"class Team(Base):\n"
	"    __tablename__ = \"teams\"\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50))\n"
	"    members: Mapped[list[\"Player\"]] = relationship(back_populates=\"team\")\n"
	"\n"
	"\n"
	"class Player(Base):\n"
	"    __tablename__ = \"players\"\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50))\n"
	"    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"teams.id\"))\n"
	"    team: Mapped[Optional[\"Team\"]] = relationship(back_populates=\"members\")\n"
	"\n"
	"\n"
	"class Doc(Base):\n"
	"    __tablename__ = \"docs\"\n"
	"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    title: Mapped[str] = mapped_column(String(50))\n"
	"    version_id: Mapped[int] = mapped_column(nullable=False)\n"
	"\n"
	"    __mapper_args__ = {\"version_id_col\": version_id}\n"
	"\n"
	"\n"
	"class Note(Base):\n"
	"    __tablename__ = \"notes\"\n"
	"\n"
	"    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)\n"
	"    stamp: Mapped[datetime] = mapped_column(default=datetime.utcnow)\n"
	"    meta: Mapped[dict] = mapped_column(JSON, default=dict)\n"
	"    kind: Mapped[str] = mapped_column(String(10), default=\"plain\")\n"
	"\n";

static const char *schema_sql =
	"CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(50) NOT NULL,"
	" email VARCHAR(255) NOT NULL, display_name VARCHAR(100), is_active BOOLEAN NOT NULL,"
	" created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, updated_at DATETIME,"
	" PRIMARY KEY (id), UNIQUE (email));"
	"CREATE UNIQUE INDEX ix_users_username ON users (username);"
	"CREATE TABLE tags (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id),"
	" UNIQUE (name));"
	"CREATE TABLE posts (id INTEGER NOT NULL, title VARCHAR(200) NOT NULL,"
	" slug VARCHAR(200) NOT NULL, body TEXT NOT NULL, status VARCHAR(9) NOT NULL,"
	" author_id INTEGER NOT NULL, created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL,"
	" updated_at DATETIME, PRIMARY KEY (id), FOREIGN KEY(author_id) REFERENCES users (id));"
	"CREATE UNIQUE INDEX ix_posts_slug ON posts (slug);"
	"CREATE TABLE post_tags (post_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,"
	" PRIMARY KEY (post_id, tag_id),"
	" FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE,"
	" FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE);"
	"CREATE TABLE comments (id INTEGER NOT NULL, body TEXT NOT NULL, post_id INTEGER NOT NULL,"
	" author_id INTEGER NOT NULL, parent_id INTEGER,"
	" created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, updated_at DATETIME,"
	" PRIMARY KEY (id), FOREIGN KEY(post_id) REFERENCES posts (id),"
	" FOREIGN KEY(author_id) REFERENCES users (id),"
	" FOREIGN KEY(parent_id) REFERENCES comments (id));"
	"CREATE TABLE teams (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id));"
	"CREATE TABLE players (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, team_id INTEGER,"
	" PRIMARY KEY (id), FOREIGN KEY(team_id) REFERENCES teams (id));"
	"CREATE TABLE docs (id INTEGER NOT NULL, title VARCHAR(50) NOT NULL,"
	" version_id INTEGER NOT NULL, PRIMARY KEY (id));"
	"CREATE TABLE notes (id CHAR(32) NOT NULL, stamp DATETIME NOT NULL, meta JSON NOT NULL,"
	" kind VARCHAR(10) NOT NULL, PRIMARY KEY (id));";

static TestHost host;
static OrmArena reg_arena;
static OrmRegistry *reg;
static OrmError err;
static char *last_out;
static const OrmDialect *test_dialect = &orm_dialect_sqlite;

/* Runs one flush of changes_json in a fresh call arena; output in last_out. */
static int
flush(const char *changes_json)
{
	OrmArena	a;
	OrmCtx		ctx;
	OrmBuf		out;
	JsonValue  *changes;
	int			rc;

	free(last_out);
	last_out = NULL;
	th_clear(&host);
	orm_err_clear(&err);
	orm_arena_init(&a, &check_hooks);
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &a;
	ctx.host = &th_host;
	ctx.hs = &host;
	ctx.dialect = test_dialect;
	ctx.reg = reg;
	ctx.err = &err;
	orm_buf_init(&out, &a);
	changes = json_parse(&a, changes_json, strlen(changes_json), &err);
	rc = changes ? orm_flush(&ctx, changes, &out) : -1;
	if (rc == 0)
		last_out = th_strdup(orm_buf_cstr(&out));
	else
		last_out = th_strdup(orm_error_text(&a, &err, "orm_flush"));
	orm_arena_reset(&a);
	return rc;
}

/* The first column of every row of sql, ','-joined (NULL as ""). */
static char *
db_rows(const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;
	size_t		n = 0;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(host.db, sql, -1, &st, NULL) != SQLITE_OK)
	{
		snprintf(buf, sizeof(buf), "SQL ERROR: %s", sqlite3_errmsg(host.db));
		return buf;
	}
	while (sqlite3_step(st) == SQLITE_ROW && n < sizeof(buf) - 200)
	{
		const unsigned char *t = sqlite3_column_text(st, 0);

		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "",
							   t ? (const char *) t : "");
	}
	sqlite3_finalize(st);
	return buf;
}

/* Checks the recorded statements against want (NULL-terminated). */
static void
check_log(const char *const *want, int line)
{
	int			i;

	for (i = 0; want[i] || i < host.nlog; i++)
	{
		const char *g = i < host.nlog ? host.log[i] : NULL;
		const char *w = want[i];

		if (g && w && strcmp(g, w) == 0)
		{
			check_passed++;
			continue;
		}
		check_failed++;
		fprintf(stderr, "line %d: statement %d differs\n  got:  %s\n  want: %s\n",
				line, i, g ? g : "(none)", w ? w : "(none)");
		if (!w || !g)
			break;
	}
}

#define CHECK_LOG(...) do { \
	static const char *const want_[] = {__VA_ARGS__, NULL}; \
	check_log(want_, __LINE__); \
} while (0)

#define CHECK_HAS(hay, needle) do { \
	const char *h_ = (hay); \
	if (h_ && strstr(h_, (needle))) check_passed++; \
	else { check_failed++; fprintf(stderr, "%s:%d: missing %s\n  in: %s\n", \
			__FILE__, __LINE__, (needle), h_ ? h_ : "(null)"); } \
} while (0)

/* Listener functions for the mapper-event test (SQLite user functions). */
static int	listener_calls;

static void
fn_user_bi(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *row = (const char *) sqlite3_value_text(argv[0]);

	(void) argc;
	listener_calls++;
	/* keeps the row, fills display_name from the username it was given */
	if (row && strstr(row, "\"username\":\"gus\""))
		sqlite3_result_text(cx, "{\"display_name\": \"Gus (set by before_insert)\"}", -1,
							SQLITE_STATIC);
	else
		sqlite3_result_null(cx);
}

static char listener_seen[512];

static void
fn_user_after(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *row = (const char *) sqlite3_value_text(argv[0]);

	(void) argc;
	listener_calls++;
	snprintf(listener_seen, sizeof(listener_seen), "%s", row ? row : "");
	sqlite3_result_null(cx);
}

static int
setup(void)
{
	OrmError	e = {0};

	if (sqlite3_open(":memory:", &host.db) != SQLITE_OK ||
		sqlite3_exec(host.db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
	{
		fprintf(stderr, "schema: %s\n", sqlite3_errmsg(host.db));
		return -1;
	}
	sqlite3_create_function(host.db, "user_bi", 1, SQLITE_UTF8, NULL, fn_user_bi, NULL, NULL);
	sqlite3_create_function(host.db, "user_after", 1, SQLITE_UTF8, NULL, fn_user_after,
							NULL, NULL);
	orm_arena_init(&reg_arena, &check_hooks);
	reg = orm_registry_new(&reg_arena);
	if (orm_declare_source(reg, model_src, 0, &e) < 0 || orm_registry_resolve(reg, &e) < 0)
	{
		fprintf(stderr, "declare: %s\n", orm_error_text(&reg_arena, &e, "orm_declare"));
		return -1;
	}
	return 0;
}

static void
teardown(void)
{
	th_clear(&host);
	free(last_out);
	last_out = NULL;
	orm_arena_reset(&reg_arena);
	sqlite3_close(host.db);
}

/* ---- the seed's create_sample_data as one flush -------------------------- */

#define USERS_COLS "\"id\", \"username\", \"email\", \"display_name\", \"is_active\", " \
	"\"created_at\", \"updated_at\""
#define POSTS_COLS "\"id\", \"title\", \"slug\", \"body\", \"status\", \"author_id\", " \
	"\"created_at\", \"updated_at\""
#define COMMENTS_COLS "\"id\", \"body\", \"post_id\", \"author_id\", \"parent_id\", " \
	"\"created_at\", \"updated_at\""

static const char *sample_data =
	"[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"alice\","
	"  \"email\": \"alice@example.com\", \"display_name\": \"Alice\","
	"  \"posts\": ["
	"   {\"title\": \"Getting Started with SQLAlchemy 2.0\","
	"    \"slug\": \"getting-started-sqlalchemy-2\","
	"    \"body\": \"SQLAlchemy 2.0 introduces a modern API...\", \"status\": \"published\","
	"    \"tags\": [{\"name\": \"python\"}, {\"name\": \"sqlalchemy\"}, {\"name\": \"tutorial\"}],"
	"    \"comments\": [{\"body\": \"Great article!\", \"author\": {\"username\": \"bob\"},"
	"       \"replies\": [{\"body\": \"Thanks Bob!\", \"author\": {\"username\": \"alice\"},"
	"                     \"post\": {\"slug\": \"getting-started-sqlalchemy-2\"}}]}]},"
	"   {\"title\": \"Advanced Querying Techniques\", \"slug\": \"advanced-querying\","
	"    \"body\": \"In this post we explore subqueries, CTEs...\", \"status\": \"draft\","
	"    \"tags\": [{\"name\": \"sqlalchemy\"}]}]}},"
	" {\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"bob\","
	"  \"email\": \"bob@example.com\", \"display_name\": \"Bob\","
	"  \"posts\": [{\"title\": \"Python Best Practices\", \"slug\": \"python-best-practices\","
	"    \"body\": \"Here are some best practices for Python...\", \"status\": \"published\","
	"    \"tags\": [{\"name\": \"python\"}]}]}}]";

static void
test_create_sample_data(void)
{
	CHECK(flush(sample_data) == 0);
	CHECK_LOG("-- begin atomic",
			  "INSERT INTO \"users\" (\"username\", \"email\", \"display_name\", \"is_active\", "
			  "\"created_at\", \"updated_at\") VALUES (?1, ?2, ?3, ?4, CURRENT_TIMESTAMP, ?5), "
			  "(?6, ?7, ?8, ?9, CURRENT_TIMESTAMP, ?10) RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"posts\" (\"title\", \"slug\", \"body\", \"status\", \"author_id\", "
			  "\"created_at\", \"updated_at\") VALUES (?1, ?2, ?3, ?4, ?5, CURRENT_TIMESTAMP, ?6), "
			  "(?7, ?8, ?9, ?10, ?11, CURRENT_TIMESTAMP, ?12), "
			  "(?13, ?14, ?15, ?16, ?17, CURRENT_TIMESTAMP, ?18) RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"tags\" (\"name\") VALUES (?1), (?2), (?3) RETURNING \"id\"",
			  "INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (?1, ?2), (?3, ?4), "
			  "(?5, ?6), (?7, ?8), (?9, ?10)",
			  "INSERT INTO \"comments\" (\"body\", \"post_id\", \"author_id\", \"created_at\", "
			  "\"updated_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP, ?4) "
			  "RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"comments\" (\"body\", \"post_id\", \"author_id\", \"parent_id\", "
			  "\"created_at\", \"updated_at\") VALUES (?1, ?2, ?3, ?4, CURRENT_TIMESTAMP, ?5) "
			  "RETURNING \"id\", \"created_at\"",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT id || ':' || username || ':' || is_active || ':' || "
					  "coalesce(updated_at, '-') FROM users ORDER BY id"),
			  "1:alice:1:-,2:bob:1:-");
	CHECK_STR(db_rows("SELECT id || ':' || author_id || ':' || status || ':' || slug "
					  "FROM posts ORDER BY id"),
			  "1:1:PUBLISHED:getting-started-sqlalchemy-2,2:1:DRAFT:advanced-querying,"
			  "3:2:PUBLISHED:python-best-practices");
	CHECK_STR(db_rows("SELECT id || ':' || name FROM tags ORDER BY id"),
			  "1:python,2:sqlalchemy,3:tutorial");
	CHECK_STR(db_rows("SELECT post_id || ':' || tag_id FROM post_tags ORDER BY post_id, tag_id"),
			  "1:1,1:2,1:3,2:2,3:1");
	CHECK_STR(db_rows("SELECT id || ':' || post_id || ':' || author_id || ':' || "
					  "coalesce(parent_id, '-') || ':' || body FROM comments ORDER BY id"),
			  "1:1:2:-:Great article!,2:1:1:1:Thanks Bob!");
	CHECK_STR(db_rows("SELECT count(*) FROM users WHERE created_at IS NULL"), "0");
	/* the echo: nested as given, generated keys and defaults filled in */
	CHECK_HAS(last_out, "{\"objects\":[{\"id\":1,\"username\":\"alice\","
			  "\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,"
			  "\"created_at\":\"");
	CHECK_HAS(last_out, "\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\"");
	CHECK_HAS(last_out, "\"status\":\"published\",\"author_id\":1,");
	CHECK_HAS(last_out, "\"tags\":[{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sqlalchemy\"},"
			  "{\"id\":3,\"name\":\"tutorial\"}],\"comments\":[{\"id\":1,\"body\":\"Great article!\","
			  "\"post_id\":1,\"author_id\":2,\"parent_id\":null,");
	CHECK_HAS(last_out, "\"author\":{\"id\":2,\"username\":\"bob\",");
	CHECK_HAS(last_out, "\"replies\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,"
			  "\"author_id\":1,\"parent_id\":1,");
	CHECK_HAS(last_out, "{\"id\":2,\"title\":\"Advanced Querying Techniques\"");
	CHECK_HAS(last_out, "\"status\":\"draft\"");
	CHECK_HAS(last_out, "\"updated_at\":null,\"tags\":[{\"id\":2,\"name\":\"sqlalchemy\"}]}]}");
	CHECK_HAS(last_out, ",{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\"");
	CHECK_HAS(last_out, "\"counts\":{\"users\":{\"inserted\":2,\"updated\":0,\"deleted\":0},"
			  "\"posts\":{\"inserted\":3,\"updated\":0,\"deleted\":0},"
			  "\"tags\":{\"inserted\":3,\"updated\":0,\"deleted\":0},"
			  "\"post_tags\":{\"inserted\":5,\"updated\":0,\"deleted\":0},"
			  "\"comments\":{\"inserted\":2,\"updated\":0,\"deleted\":0}}}");
}

/* ---- update_example ------------------------------------------------------ */

static void
test_update_example(void)
{
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"User\", \"key\": 1,"
				" \"data\": {\"display_name\": \"Alice Wonderland\"}},"
				" {\"op\": \"update\", \"entity\": \"Post\", \"key\": {\"id\": 2},"
				" \"data\": {\"status\": \"archived\"}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"id\" = ?1",
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE \"id\" = ?1",
			  "UPDATE \"users\" SET \"display_name\" = ?1, \"updated_at\" = CURRENT_TIMESTAMP "
			  "WHERE \"id\" = ?2 RETURNING " USERS_COLS,
			  "UPDATE \"posts\" SET \"status\" = ?1, \"updated_at\" = CURRENT_TIMESTAMP "
			  "WHERE \"id\" = ?2 RETURNING " POSTS_COLS,
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT display_name || ':' || (updated_at IS NOT NULL) FROM users "
					  "ORDER BY id"), "Alice Wonderland:1,Bob:0");
	CHECK_STR(db_rows("SELECT status FROM posts ORDER BY id"), "PUBLISHED,ARCHIVED,PUBLISHED");
	CHECK_HAS(last_out, "{\"objects\":[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\","
			  "\"display_name\":\"Alice Wonderland\",\"is_active\":true,");
	CHECK_HAS(last_out, "\"status\":\"archived\"");
	CHECK_HAS(last_out, "\"counts\":{\"users\":{\"inserted\":0,\"updated\":1,\"deleted\":0},"
			  "\"posts\":{\"inserted\":0,\"updated\":1,\"deleted\":0}}}");

	/* update of a missing row */
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"User\", \"key\": 99, "
				"\"data\": {\"display_name\": \"x\"}}]") < 0);
	CHECK(err.code == ORM_ERR_NOTFOUND);
	CHECK_STR(last_out, "orm_flush: changes[0]: User(99) not found");
}

/* ---- delete_example: bob, cascade "all, delete-orphan" ------------------- */

static void
test_delete_example(void)
{
	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"User\", \"key\": {\"id\": 2}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"id\" = ?1",
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE \"author_id\" = ?1",
			  "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"author_id\" = ?1",
			  "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"post_id\" = ?1",
			  "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"parent_id\" = ?1",
			  "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"parent_id\" = ?1",
			  "DELETE FROM \"post_tags\" WHERE \"post_id\" IN (?1)",
			  "DELETE FROM \"comments\" WHERE \"id\" IN (?1)",
			  "DELETE FROM \"comments\" WHERE \"id\" IN (?1)",
			  "DELETE FROM \"posts\" WHERE \"id\" IN (?1)",
			  "DELETE FROM \"users\" WHERE \"id\" IN (?1)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT username FROM users"), "alice");
	CHECK_STR(db_rows("SELECT id FROM posts ORDER BY id"), "1,2");
	CHECK_STR(db_rows("SELECT count(*) FROM comments"), "0");
	CHECK_STR(db_rows("SELECT post_id || ':' || tag_id FROM post_tags ORDER BY post_id, tag_id"),
			  "1:1,1:2,1:3,2:2");
	CHECK_STR(db_rows("SELECT count(*) FROM tags"), "3");
	/* the deleted row as it was */
	CHECK_HAS(last_out, "{\"objects\":[{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\","
			  "\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"");
	CHECK_HAS(last_out, "\"counts\":{\"users\":{\"inserted\":0,\"updated\":0,\"deleted\":1},"
			  "\"posts\":{\"inserted\":0,\"updated\":0,\"deleted\":1},"
			  "\"comments\":{\"inserted\":0,\"updated\":0,\"deleted\":2},"
			  "\"post_tags\":{\"inserted\":0,\"updated\":0,\"deleted\":1}}}");

	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"User\", \"key\": 2}]") < 0);
	CHECK(err.code == ORM_ERR_NOTFOUND);
	CHECK_STR(last_out, "orm_flush: changes[0]: User(2) not found");
}

/* ---- the default null-out: no delete cascade ----------------------------- */

static void
test_null_out(void)
{
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Team\", \"data\": {\"name\": \"red\","
				" \"members\": [{\"name\": \"p1\"}, {\"name\": \"p2\"}]}},"
				" {\"op\": \"add\", \"entity\": \"Team\", \"data\": {\"name\": \"blue\","
				" \"members\": [{\"name\": \"p3\"}]}}]") == 0);
	CHECK_STR(db_rows("SELECT id || ':' || name || ':' || team_id FROM players ORDER BY id"),
			  "1:p1:1,2:p2:1,3:p3:2");
	CHECK_STR(last_out, "{\"objects\":[{\"id\":1,\"name\":\"red\",\"members\":["
			  "{\"id\":1,\"name\":\"p1\",\"team_id\":1},{\"id\":2,\"name\":\"p2\",\"team_id\":1}]},"
			  "{\"id\":2,\"name\":\"blue\",\"members\":[{\"id\":3,\"name\":\"p3\",\"team_id\":2}]}],"
			  "\"counts\":{\"teams\":{\"inserted\":2,\"updated\":0,\"deleted\":0},"
			  "\"players\":{\"inserted\":3,\"updated\":0,\"deleted\":0}}}");

	/* a collection in an update is complete: p2 is an orphan, its FK goes NULL */
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"Team\", \"key\": 1,"
				" \"data\": {\"members\": [{\"id\": 1}]}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT \"id\", \"name\" FROM \"teams\" WHERE \"id\" = ?1",
			  "SELECT \"id\", \"name\", \"team_id\" FROM \"players\" WHERE \"id\" = ?1",
			  "SELECT \"id\", \"name\", \"team_id\" FROM \"players\" WHERE \"team_id\" = ?1",
			  "UPDATE \"players\" SET \"team_id\" = ?1 WHERE \"id\" = ?2 "
			  "RETURNING \"id\", \"name\", \"team_id\"",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT id || ':' || coalesce(team_id, '-') FROM players ORDER BY id"),
			  "1:1,2:-,3:2");
	CHECK_STR(last_out, "{\"objects\":[{\"id\":1,\"name\":\"red\",\"members\":["
			  "{\"id\":1,\"name\":\"p1\",\"team_id\":1}]}],"
			  "\"counts\":{\"teams\":{\"inserted\":0,\"updated\":0,\"deleted\":0},"
			  "\"players\":{\"inserted\":0,\"updated\":1,\"deleted\":0}}}");

	/* deleting the parent sets the children's FK to NULL */
	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"Team\", \"key\": 2}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT \"id\", \"name\" FROM \"teams\" WHERE \"id\" = ?1",
			  "SELECT \"id\", \"name\", \"team_id\" FROM \"players\" WHERE \"team_id\" = ?1",
			  "UPDATE \"players\" SET \"team_id\" = ?1 WHERE \"id\" = ?2 "
			  "RETURNING \"id\", \"name\", \"team_id\"",
			  "DELETE FROM \"teams\" WHERE \"id\" IN (?1)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT id || ':' || coalesce(team_id, '-') FROM players ORDER BY id"),
			  "1:1,2:-,3:-");
	CHECK_STR(db_rows("SELECT name FROM teams"), "red");

	/* a player moved to a new team: MANYTOONE filled from the new parent's key */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Team\", \"data\": {\"name\": \"green\","
				" \"members\": [{\"id\": 2, \"name\": \"p2b\"}]}}]") == 0);
	CHECK_STR(db_rows("SELECT id || ':' || name || ':' || coalesce(team_id, '-') FROM players "
					  "ORDER BY id"), "1:p1:1,2:p2b:2,3:p3:-");
}

/* ---- failing flushes leave the database unchanged ------------------------ */

static void
test_failures(void)
{
	const char *before = "1:alice";

	CHECK_STR(db_rows("SELECT id || ':' || username FROM users"), before);

	/* NOT NULL: found before any SQL */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"carol\","
				" \"email\": \"carol@example.com\", \"posts\": ["
				"  {\"title\": \"a\", \"slug\": \"a\", \"body\": \"b\"},"
				"  {\"slug\": \"s2\", \"body\": \"b\"}]}}]") < 0);
	CHECK(err.code == ORM_ERR_FLUSH);
	CHECK_STR(err.path, "changes[0].data.posts[1].title");
	CHECK_STR(last_out, "orm_flush: changes[0].data.posts[1].title: NOT NULL constraint failed");
	CHECK(host.nlog == 0);

	/* unknown attribute */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"carol\","
				" \"email\": \"c\", \"posts\": [{\"title\": \"a\", \"slug\": \"a\", \"body\": \"b\"},"
				" {\"titel\": \"x\"}]}}]") < 0);
	CHECK(err.code == ORM_ERR_PARAM);
	CHECK_STR(last_out, "orm_flush: changes[0].data.posts[1].titel: unknown attribute \"titel\" on Post");
	CHECK(host.nlog == 0);

	CHECK(flush("[{\"op\": \"insert\", \"entity\": \"User\", \"data\": {}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[0].op: unknown op \"insert\"");
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Usr\", \"data\": {}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[0].entity: unknown entity \"Usr\"");
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Post\", \"data\": {\"status\": \"bogus\"}}]") < 0);
	CHECK(err.code == ORM_ERR_PARAM);
	CHECK_STR(err.path, "changes[0].data.status");
	CHECK(flush("{\"op\": \"add\"}") < 0);
	CHECK_STR(err.path, "changes");
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"posts\": {}}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[0].data.posts: collection \"posts\" of User must be an array");
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Post\", \"data\": {\"title\": \"t\","
				" \"slug\": \"q\", \"body\": \"b\", \"author\": null}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[0].data.author: NOT NULL constraint failed");
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"User\", \"key\": 1, \"data\": {\"id\": 2}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[0].data.id: conflicting values for \"id\" of User");
	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"User\", \"key\": 1, \"data\": {}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[0].data: delete takes a key, not data");
	CHECK(flush("[]") == 0);
	CHECK_STR(last_out, "{\"objects\":[],\"counts\":{}}");
	CHECK(host.nlog == 0);

	/* the engine rejects the second statement: everything is rolled back */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Tag\", \"data\": {\"name\": \"new-tag\"}},"
				" {\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"alice\","
				"  \"email\": \"alice2@example.com\"}}]") < 0);
	CHECK(err.code == ORM_ERR_ENGINE);
	CHECK_STR(err.path, "changes[1].data");
	CHECK_STR(host.log[host.nlog - 1], "-- rollback atomic");
	CHECK_STR(db_rows("SELECT count(*) FROM tags WHERE name = 'new-tag'"), "0");
	CHECK_STR(db_rows("SELECT id || ':' || username FROM users"), before);
}

/* ---- merge, and nested objects naming existing rows ---------------------- */

static void
test_merge(void)
{
	CHECK(flush("[{\"op\": \"merge\", \"entity\": \"Tag\", \"data\": {\"id\": 1, \"name\": \"python3\"}},"
				" {\"op\": \"merge\", \"entity\": \"Tag\", \"data\": {\"id\": 50, \"name\": \"go\"}},"
				" {\"op\": \"add\", \"entity\": \"Post\", \"data\": {\"title\": \"T\", \"slug\": \"t\","
				"  \"body\": \"B\", \"author\": {\"id\": 1}, \"tags\": [{\"id\": 50}, {\"id\": 2}]}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT \"id\", \"name\" FROM \"tags\" WHERE \"id\" IN (?1, ?2, ?3)",
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"id\" = ?1",
			  "UPDATE \"tags\" SET \"name\" = ?1 WHERE \"id\" = ?2 RETURNING \"id\", \"name\"",
			  "INSERT INTO \"tags\" (\"id\", \"name\") VALUES (?1, ?2)",
			  "INSERT INTO \"posts\" (\"title\", \"slug\", \"body\", \"status\", \"author_id\", "
			  "\"created_at\", \"updated_at\") VALUES (?1, ?2, ?3, ?4, ?5, CURRENT_TIMESTAMP, ?6) "
			  "RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (?1, ?2), (?3, ?4)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT id || ':' || name FROM tags ORDER BY id"),
			  "1:python3,2:sqlalchemy,3:tutorial,50:go");
	CHECK_STR(db_rows("SELECT id || ':' || author_id || ':' || status FROM posts WHERE slug = 't'"),
			  "3:1:DRAFT");
	CHECK_STR(db_rows("SELECT tag_id FROM post_tags WHERE post_id = 3 ORDER BY tag_id"), "2,50");
	CHECK_HAS(last_out, "\"author\":{\"id\":1,\"username\":\"alice\"");
	CHECK_HAS(last_out, "\"tags\":[{\"id\":50,\"name\":\"go\"},{\"id\":2,\"name\":\"sqlalchemy\"}]");

	/*
	 * many-to-many in an update: the collection is complete; the dropped
	 * pairs are deleted, the new one inserted (as SQLAlchemy's history)
	 */
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"Post\", \"key\": 3,"
				" \"data\": {\"tags\": [{\"id\": 1}]}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE \"id\" = ?1",
			  "SELECT \"id\", \"name\" FROM \"tags\" WHERE \"id\" = ?1",
			  "SELECT \"post_id\", \"tag_id\" FROM \"post_tags\" WHERE \"post_id\" = ?1",
			  "DELETE FROM \"post_tags\" WHERE (\"post_id\" = ?1 AND \"tag_id\" = ?2) OR "
			  "(\"post_id\" = ?3 AND \"tag_id\" = ?4)",
			  "INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (?1, ?2)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT tag_id FROM post_tags WHERE post_id = 3 ORDER BY tag_id"), "1");
	CHECK_HAS(last_out, "\"post_tags\":{\"inserted\":1,\"updated\":0,\"deleted\":2}");

	/* a pair that stays is not rewritten: only the new one is inserted */
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"Post\", \"key\": 3,"
				" \"data\": {\"tags\": [{\"id\": 1}, {\"id\": 2}]}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE \"id\" = ?1",
			  "SELECT \"id\", \"name\" FROM \"tags\" WHERE \"id\" IN (?1, ?2)",
			  "SELECT \"post_id\", \"tag_id\" FROM \"post_tags\" WHERE \"post_id\" = ?1",
			  "INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (?1, ?2)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT tag_id FROM post_tags WHERE post_id = 3 ORDER BY tag_id"), "1,2");
}

/* ---- version_id_col ------------------------------------------------------ */

static void
test_version(void)
{
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Doc\", \"data\": {\"title\": \"a\"}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "INSERT INTO \"docs\" (\"title\", \"version_id\") VALUES (?1, ?2) RETURNING \"id\"",
			  "-- commit atomic");
	CHECK_STR(last_out, "{\"objects\":[{\"id\":1,\"title\":\"a\",\"version_id\":1}],"
			  "\"counts\":{\"docs\":{\"inserted\":1,\"updated\":0,\"deleted\":0}}}");

	CHECK(flush("[{\"op\": \"update\", \"entity\": \"Doc\", \"key\": 1,"
				" \"data\": {\"title\": \"b\", \"version_id\": 1}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT \"id\", \"title\", \"version_id\" FROM \"docs\" WHERE \"id\" = ?1",
			  "UPDATE \"docs\" SET \"title\" = ?1, \"version_id\" = \"version_id\" + 1 "
			  "WHERE \"id\" = ?2 AND \"version_id\" = ?3 RETURNING \"id\", \"title\", \"version_id\"",
			  "-- commit atomic");
	CHECK_STR(last_out, "{\"objects\":[{\"id\":1,\"title\":\"b\",\"version_id\":2}],"
			  "\"counts\":{\"docs\":{\"inserted\":0,\"updated\":1,\"deleted\":0}}}");

	/* the client read version 1, the row is at 2 */
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"Doc\", \"key\": 1,"
				" \"data\": {\"title\": \"c\", \"version_id\": 1}}]") < 0);
	CHECK(err.code == ORM_ERR_STALE);
	CHECK_STR(last_out, "orm_flush: changes[0].data.version_id: stale data: "
			  "expected version 1 of Doc(1)");
	CHECK_STR(db_rows("SELECT title || ':' || version_id FROM docs"), "b:2");

	/* the stored value again is no change: no UPDATE, no version bump */
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"Doc\", \"key\": 1,"
				" \"data\": {\"title\": \"b\", \"version_id\": 2}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT \"id\", \"title\", \"version_id\" FROM \"docs\" WHERE \"id\" = ?1",
			  "-- commit atomic");
	CHECK_STR(last_out, "{\"objects\":[{\"id\":1,\"title\":\"b\",\"version_id\":2}],"
			  "\"counts\":{\"docs\":{\"inserted\":0,\"updated\":0,\"deleted\":0}}}");
}

/* ---- identity, batching limits, scalar relationships ---------------------- */

static void
test_graph(void)
{
	OrmDialect	small = orm_dialect_sqlite;

	/* the back-populating attribute under a nested object is its parent */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"eve\","
				" \"email\": \"eve@example.com\", \"is_active\": false, \"posts\": ["
				"  {\"title\": \"E\", \"slug\": \"e\", \"body\": \"b\", \"author\": {}}]}}]") == 0);
	CHECK_STR(db_rows("SELECT u.username || ':' || u.is_active FROM posts p JOIN users u "
					  "ON u.id = p.author_id WHERE p.slug = 'e'"), "eve:0");
	CHECK_HAS(last_out, "\"counts\":{\"users\":{\"inserted\":1,");
	CHECK_HAS(last_out, "\"author\":{\"id\":");

	/* ...and cannot be another object */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"fay\","
				" \"email\": \"fay@example.com\", \"posts\": [{\"title\": \"F\", \"slug\": \"f\","
				" \"body\": \"b\", \"author\": {\"id\": 1}}]}}]") < 0);
	CHECK(err.code == ORM_ERR_PARAM);
	CHECK_STR(err.path, "changes[0].data.posts[0].author");
	CHECK(host.nlog == 0);

	/* two values for one attribute of one object */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Tag\", \"data\": {\"name\": \"t1\","
				" \"posts\": []}}, {\"op\": \"merge\", \"entity\": \"Tag\", \"data\": "
				"{\"name\": \"t1\", \"id\": 7}}]") == 0);
	CHECK_STR(db_rows("SELECT id FROM tags WHERE name = 't1'"), "7");
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Tag\", \"data\": {\"name\": \"t2\"}},"
				" {\"op\": \"add\", \"entity\": \"Tag\", \"data\": {\"name\": \"t2\", \"id\": 8}},"
				" {\"op\": \"add\", \"entity\": \"Tag\", \"data\": {\"id\": 8, \"name\": \"t3\"}}]") < 0);
	CHECK_STR(last_out, "orm_flush: changes[2].data.name: conflicting values for \"name\" of Tag");

	/* max_params splits a batch: 5 bound values per users row, 10 per statement */
	small.max_params = 10;
	test_dialect = &small;
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"u1\", \"email\": \"u1\"}},"
				" {\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"u2\", \"email\": \"u2\"}},"
				" {\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"u3\", \"email\": \"u3\"}}]") == 0);
	test_dialect = &orm_dialect_sqlite;
	CHECK_LOG("-- begin atomic",
			  "INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\", "
			  "\"updated_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP, ?4), "
			  "(?5, ?6, ?7, CURRENT_TIMESTAMP, ?8) RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\", "
			  "\"updated_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP, ?4) "
			  "RETURNING \"id\", \"created_at\"",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT username FROM users WHERE username LIKE 'u_' ORDER BY id"), "u1,u2,u3");

	/* a scalar relationship set to null: Comment.parent = None */
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Comment\", \"data\": {\"body\": \"c\","
				" \"post\": {\"id\": 1}, \"author\": {\"id\": 1}, \"parent\": null}}]") == 0);
	CHECK_HAS(last_out, "\"parent_id\":null,");
	CHECK_HAS(last_out, "\"parent\":null}");
	CHECK_HAS(last_out, "\"post\":{\"id\":1,");
}

/* ---- Python-side defaults: uuid4, utcnow, dict, literal ------------------ */

static void
test_defaults(void)
{
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"Note\", \"data\": {}},"
				" {\"op\": \"add\", \"entity\": \"Note\", \"data\": {\"kind\": \"x\","
				" \"meta\": {\"a\": [1, 2]}}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "INSERT INTO \"notes\" (\"id\", \"stamp\", \"meta\", \"kind\") "
			  "VALUES (?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT id || '|' || stamp || '|' || meta || '|' || kind FROM notes "
					  "ORDER BY kind"),
			  "0b30557a9fc4490eb3587da2c7ec1136|2024-01-02 03:04:05.000000|{}|plain,"
			  "5b80a5caef14495e83a8cdf2173c6186|2024-01-02 03:04:05.000000|{\"a\": [1, 2]}|x");
	CHECK_HAS(last_out, "{\"objects\":[{\"id\":\"0b30557a-9fc4-490e-b358-7da2c7ec1136\","
			  "\"stamp\":\"2024-01-02T03:04:05\",\"meta\":{},\"kind\":\"plain\"}");
}

/* ---- API.md's example: the four operations in one flush ------------------ */

static void
test_api_example(void)
{
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"zed\","
				"  \"email\": \"zed@example.com\", \"posts\": [{\"title\": \"Hi\", \"slug\": \"hi\","
				"  \"body\": \"b\", \"tags\": [{\"name\": \"pyz\"}]}]}},"
				" {\"op\": \"update\", \"entity\": \"User\", \"key\": 1, \"data\": {\"display_name\": \"Alice W\"}},"
				" {\"op\": \"merge\", \"entity\": \"User\", \"data\": {\"id\": 42, \"username\": \"dave\","
				"  \"email\": \"dave@example.com\"}},"
				" {\"op\": \"delete\", \"entity\": \"Tag\", \"key\": {\"id\": 2}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"id\" IN (?1, ?2)",
			  "SELECT \"id\", \"name\" FROM \"tags\" WHERE \"id\" = ?1",
			  "UPDATE \"users\" SET \"display_name\" = ?1, \"updated_at\" = CURRENT_TIMESTAMP "
			  "WHERE \"id\" = ?2 RETURNING " USERS_COLS,
			  "INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\", "
			  "\"updated_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP, ?4) RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"users\" (\"id\", \"username\", \"email\", \"is_active\", \"created_at\", "
			  "\"updated_at\") VALUES (?1, ?2, ?3, ?4, CURRENT_TIMESTAMP, ?5) RETURNING \"created_at\"",
			  "INSERT INTO \"posts\" (\"title\", \"slug\", \"body\", \"status\", \"author_id\", "
			  "\"created_at\", \"updated_at\") VALUES (?1, ?2, ?3, ?4, ?5, CURRENT_TIMESTAMP, ?6) "
			  "RETURNING \"id\", \"created_at\"",
			  "INSERT INTO \"tags\" (\"name\") VALUES (?1) RETURNING \"id\"",
			  "INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (?1, ?2)",
			  "DELETE FROM \"post_tags\" WHERE \"tag_id\" IN (?1)",
			  "DELETE FROM \"tags\" WHERE \"id\" IN (?1)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT count(*) FROM post_tags WHERE tag_id = 2"), "0");
	CHECK_STR(db_rows("SELECT username FROM users WHERE id = 42"), "dave");
	CHECK_STR(db_rows("SELECT display_name FROM users WHERE id = 1"), "Alice W");
	CHECK_HAS(last_out, "{\"id\":2,\"name\":\"sqlalchemy\"}],\"counts\":");
}

/* ---- delete-orphan: a collection in an update is complete ----------------- */

static void
test_delete_orphan(void)
{
	CHECK_STR(db_rows("SELECT id FROM posts WHERE author_id = 1 ORDER BY id"), "1,2,3");
	CHECK(flush("[{\"op\": \"update\", \"entity\": \"User\", \"key\": 1,"
				" \"data\": {\"posts\": [{\"id\": 1, \"title\": \"Getting Started\"}]}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"id\" = ?1",
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE \"id\" = ?1",
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE \"author_id\" = ?1",
			  "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"post_id\" IN (?1, ?2)",
			  "UPDATE \"posts\" SET \"title\" = ?1, \"updated_at\" = CURRENT_TIMESTAMP "
			  "WHERE \"id\" = ?2 RETURNING " POSTS_COLS,
			  "DELETE FROM \"post_tags\" WHERE \"post_id\" IN (?1, ?2)",
			  "DELETE FROM \"posts\" WHERE \"id\" IN (?1, ?2)",
			  "-- commit atomic");
	CHECK_STR(db_rows("SELECT id || ':' || title FROM posts WHERE author_id = 1 ORDER BY id"),
			  "1:Getting Started");
	CHECK_STR(db_rows("SELECT count(*) FROM post_tags WHERE post_id IN (2, 3)"), "0");
	CHECK_HAS(last_out, "\"counts\":{\"users\":{\"inserted\":0,\"updated\":0,\"deleted\":0},"
			  "\"posts\":{\"inserted\":0,\"updated\":1,\"deleted\":2},"
			  "\"post_tags\":{\"inserted\":0,\"updated\":0,\"deleted\":");
}

/* ---- mapper events: before_insert may change the row, after_* see it ------ */

static void
test_listeners(void)
{
	OrmClass   *user = orm_reg_class(reg, "User");
	OrmListener bi = {"before_insert", "user_bi"};
	OrmListener ai = {"after_insert", "user_after"};
	OrmListener bu = {"before_update", "user_bi"};
	OrmListener ad = {"after_delete", "user_after"};

	orm_vec_push(&reg_arena, &user->listeners, &bi);
	orm_vec_push(&reg_arena, &user->listeners, &ai);
	orm_vec_push(&reg_arena, &user->listeners, &bu);
	orm_vec_push(&reg_arena, &user->listeners, &ad);
	listener_calls = 0;
	CHECK(flush("[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"gus\","
				" \"email\": \"gus@example.com\"}}]") == 0);
	CHECK_LOG("-- begin atomic",
			  "SELECT \"user_bi\"(?1)",
			  "INSERT INTO \"users\" (\"username\", \"email\", \"display_name\", \"is_active\", "
			  "\"created_at\", \"updated_at\") VALUES (?1, ?2, ?3, ?4, CURRENT_TIMESTAMP, ?5) "
			  "RETURNING \"id\", \"created_at\"",
			  "SELECT \"user_after\"(?1)",
			  "-- commit atomic");
	CHECK(listener_calls == 2);
	CHECK_STR(db_rows("SELECT display_name FROM users WHERE username = 'gus'"),
			  "Gus (set by before_insert)");
	CHECK_HAS(listener_seen, "\"username\":\"gus\",\"email\":\"gus@example.com\","
			  "\"display_name\":\"Gus (set by before_insert)\",\"is_active\":true,");
	CHECK_HAS(last_out, "\"display_name\":\"Gus (set by before_insert)\"");

	/* after_delete sees the row as it was */
	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"User\", \"key\": 42}]") == 0);
	CHECK_STR(host.log[host.nlog - 2], "SELECT \"user_after\"(?1)");
	CHECK_HAS(listener_seen, "\"id\":42,\"username\":\"dave\"");

	/* a schema-qualified name is quoted part by part (SQLite has no schemas
	 * for functions: the engine error rolls the delete back) */
	ad.fn = "audit.user_after";
	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"User\", \"key\": {\"username\": \"gus\"}}]") < 0);
	CHECK_STR(err.path, "changes[0].key.username");
	CHECK(flush("[{\"op\": \"delete\", \"entity\": \"User\", \"key\": 6}]") < 0);
	CHECK(err.code == ORM_ERR_ENGINE);
	CHECK_HAS(last_out, "orm_flush: changes[0]: ");
	CHECK_STR(host.log[host.nlog - 2], "SELECT \"audit\".\"user_after\"(?1)");
	CHECK_STR(host.log[host.nlog - 1], "-- rollback atomic");
	CHECK_STR(db_rows("SELECT username FROM users WHERE id = 6"), "zed");
	user->listeners.n = 0;
}

int
main(void)
{
	if (setup() < 0)
	{
		check_failed++;
		CHECK_DONE();
	}
	test_create_sample_data();
	test_update_example();
	test_delete_example();
	test_null_out();
	test_failures();
	test_merge();
	test_version();
	test_graph();
	test_defaults();
	test_api_example();
	test_delete_orphan();
	test_listeners();
	teardown();
	CHECK_DONE();
}
