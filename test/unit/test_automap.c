/*
 * test_automap.c -- orm_automap() and orm_view() over a tiny in-test SQLite
 * host.
 *
 * The schema is the seed's blog application as SQLAlchemy 2.0.40's
 * create_all() wrote it on SQLite (`sqlite3 blog.db .schema`).  The expected
 * classes and relationships are what sa-python's
 *     Base = automap_base(); Base.prepare(autoload_with=engine)
 * maps on that database (see the report of the helper that wrote this):
 *   users:    posts_collection, comments_collection (ONETOMANY)
 *   posts:    users (MANYTOONE), comments_collection (ONETOMANY),
 *             tags_collection (MANYTOMANY via post_tags)
 *   tags:     posts_collection (MANYTOMANY)
 *   comments: users, posts, comments (MANYTOONE), comments_collection (ONETOMANY)
 *   post_tags is the association table, not a class.
 *
 * Build (links -lsqlite3; test/ may include sqlite3.h, common/ may not):
 *   gcc -std=c11 -Wall -Wextra -g -Icommon test/unit/test_automap.c \
 *       build/libormcore.a -lsqlite3 -lm -o /tmp/test_automap
 */
#include <sqlite3.h>

#include "check.h"
#include "../../common/automap.h"
#include "../../common/loader.h"

/* ---- the in-test host --------------------------------------------------------- */

typedef struct TestHost
{
	sqlite3    *db;
	unsigned	seed;
} TestHost;

static void
th_bind(sqlite3_stmt *st, int i, const OrmParam *p)
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
			v->s = orm_strndup(a, (const char *) sqlite3_column_blob(st, c), v->len);
			break;
		default:
			v->kind = ORM_V_NULL;
	}
}

static int
th_query(void *hs, OrmArena *a, const char *sql, int nparams, const OrmParam *params,
		 OrmRows *out, OrmError *err)
{
	TestHost   *th = hs;
	sqlite3_stmt *st;
	int			rc,
				ncols,
				cap = 0;

	if (sqlite3_prepare_v2(th->db, sql, -1, &st, NULL) != SQLITE_OK)
		return orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(th->db));
	for (int i = 0; i < nparams; i++)
		th_bind(st, i + 1, &params[i]);
	ncols = sqlite3_column_count(st);
	if (out)
	{
		memset(out, 0, sizeof(*out));
		out->ncols = ncols;
		out->colnames = ORM_NEWN(a, const char *, ncols > 0 ? ncols : 1);
		for (int c = 0; c < ncols; c++)
			out->colnames[c] = orm_strdup(a, sqlite3_column_name(st, c));
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
			th_value(a, st, c, &out->values[(size_t) out->nrows * ncols + c]);
		out->nrows++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(th->db));
	if (out)
		out->affected = sqlite3_changes(th->db);
	return 0;
}

static void
th_random(void *hs, unsigned char *buf, size_t n)
{
	TestHost   *th = hs;

	for (size_t i = 0; i < n; i++)
	{
		th->seed = th->seed * 1103515245u + 12345u;
		buf[i] = (unsigned char) (th->seed >> 16);
	}
}

static void
th_log(void *hs, const char *sql)
{
	(void) hs;
	if (getenv("VIEW_SHOW"))
		printf("SQL: %s\n", sql);
}

static const OrmHost test_host = {
	.query = th_query,
	.log = th_log,
	.random = th_random,
};

/* ---- environment ---------------------------------------------------------------- */

typedef struct Env
{
	TestHost	th;
	OrmConn		conn;
	OrmArena	call;
	OrmError	err;
} Env;

static int
env_open(Env *env, const char *ddl)
{
	memset(env, 0, sizeof(*env));
	env->th.seed = 42;
	if (sqlite3_open(":memory:", &env->th.db) != SQLITE_OK)
		return -1;
	if (ddl && sqlite3_exec(env->th.db, ddl, NULL, NULL, NULL) != SQLITE_OK)
	{
		fprintf(stderr, "ddl: %s\n", sqlite3_errmsg(env->th.db));
		return -1;
	}
	orm_conn_init(&env->conn, &test_host, &env->th, &orm_dialect_sqlite, &check_hooks);
	env->conn.echo = getenv("VIEW_SHOW") != NULL;
	orm_arena_init(&env->call, &check_hooks);
	return 0;
}

/* a fresh call arena and error */
static OrmArena *
env_call(Env *env)
{
	orm_arena_reset(&env->call);
	orm_arena_init(&env->call, &check_hooks);
	memset(&env->err, 0, sizeof(env->err));
	return &env->call;
}

static void
env_close(Env *env)
{
	orm_arena_reset(&env->call);
	orm_conn_release(&env->conn);
	sqlite3_close(env->th.db);
}

static const char *
env_errtext(Env *env)
{
	return orm_error_text(&env->call, &env->err, "test");
}

/* One text value of plain SQL (the first column of the first row), or NULL. */
static char *
sql_text(Env *env, const char *sql)
{
	OrmRows		rows;
	OrmError	err;

	memset(&err, 0, sizeof(err));
	if (th_query(&env->th, &env->call, sql, 0, NULL, &rows, &err) != 0)
	{
		fprintf(stderr, "sql: %s\n", err.message);
		return NULL;
	}
	if (rows.nrows < 1 || rows.values[0].kind == ORM_V_NULL)
		return NULL;
	if (rows.values[0].kind == ORM_V_INT)
		return orm_sprintf(&env->call, "%lld", (long long) rows.values[0].i);
	return (char *) rows.values[0].s;
}

/* ---- the blog schema, as SQLAlchemy created it ------------------------------------- */

static const char *blog_ddl =
	"CREATE TABLE users (\n"
	"	id INTEGER NOT NULL, \n"
	"	username VARCHAR(50) NOT NULL, \n"
	"	email VARCHAR(255) NOT NULL, \n"
	"	display_name VARCHAR(100), \n"
	"	is_active BOOLEAN NOT NULL, \n"
	"	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
	"	updated_at DATETIME, \n"
	"	PRIMARY KEY (id), \n"
	"	UNIQUE (email)\n"
	");\n"
	"CREATE UNIQUE INDEX ix_users_username ON users (username);\n"
	"CREATE TABLE tags (\n"
	"	id INTEGER NOT NULL, \n"
	"	name VARCHAR(50) NOT NULL, \n"
	"	PRIMARY KEY (id), \n"
	"	UNIQUE (name)\n"
	");\n"
	"CREATE TABLE posts (\n"
	"	id INTEGER NOT NULL, \n"
	"	title VARCHAR(200) NOT NULL, \n"
	"	slug VARCHAR(200) NOT NULL, \n"
	"	body TEXT NOT NULL, \n"
	"	status VARCHAR(9) NOT NULL, \n"
	"	author_id INTEGER NOT NULL, \n"
	"	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
	"	updated_at DATETIME, \n"
	"	PRIMARY KEY (id), \n"
	"	FOREIGN KEY(author_id) REFERENCES users (id)\n"
	");\n"
	"CREATE INDEX ix_posts_author_status ON posts (author_id, status);\n"
	"CREATE UNIQUE INDEX ix_posts_slug ON posts (slug);\n"
	"CREATE TABLE post_tags (\n"
	"	post_id INTEGER NOT NULL, \n"
	"	tag_id INTEGER NOT NULL, \n"
	"	PRIMARY KEY (post_id, tag_id), \n"
	"	FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE, \n"
	"	FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE\n"
	");\n"
	"CREATE TABLE comments (\n"
	"	id INTEGER NOT NULL, \n"
	"	body TEXT NOT NULL, \n"
	"	post_id INTEGER NOT NULL, \n"
	"	author_id INTEGER NOT NULL, \n"
	"	parent_id INTEGER, \n"
	"	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
	"	updated_at DATETIME, \n"
	"	PRIMARY KEY (id), \n"
	"	FOREIGN KEY(post_id) REFERENCES posts (id), \n"
	"	FOREIGN KEY(author_id) REFERENCES users (id), \n"
	"	FOREIGN KEY(parent_id) REFERENCES comments (id)\n"
	");\n"
	"CREATE TABLE audit_log (msg TEXT);\n";

static const char *blog_rows =
	"INSERT INTO users VALUES (1, 'alice', 'alice@example.com', 'Alice', 1, "
	"'2024-01-01 10:00:00.000000', NULL);\n"
	"INSERT INTO users VALUES (2, 'bob', 'bob@example.com', NULL, 0, "
	"'2024-01-02 11:30:00.000000', NULL);\n"
	"INSERT INTO tags VALUES (1, 'python'), (2, 'sql');\n"
	"INSERT INTO posts VALUES (1, 'Hello', 'hello', 'First', 'PUBLISHED', 1, "
	"'2024-01-03 09:00:00.000000', NULL);\n"
	"INSERT INTO posts VALUES (2, 'It''s \"quoted\"', 'second', 'Second', 'DRAFT', 1, "
	"'2024-01-04 09:00:00.000000', NULL);\n"
	"INSERT INTO post_tags VALUES (1, 1), (1, 2), (2, 2);\n"
	"INSERT INTO comments VALUES (1, 'Nice', 1, 2, NULL, '2024-01-05 08:00:00.000000', NULL);\n"
	"INSERT INTO comments VALUES (2, 'Thanks', 1, 1, 1, '2024-01-05 09:00:00.000000', NULL);\n";

/* "name:DIRECTION:Target" for each relationship of cls, comma-separated */
static const char *
rels_of(Env *env, const char *cls_name)
{
	OrmCtx		ctx;
	OrmClass   *cls;
	OrmBuf		b;

	if (orm_ctx_begin(&ctx, &env->conn, &env->call, &env->err) != 0)
		return env_errtext(env);
	cls = orm_reg_class(ctx.reg, cls_name);
	if (!cls)
		return "(no class)";
	orm_buf_init(&b, &env->call);
	for (int i = 0; i < cls->nrels; i++)
	{
		const OrmRelationship *r = cls->rels[i];
		static const char *const dirs[] = {"MANYTOONE", "ONETOMANY", "MANYTOMANY"};

		orm_buf_printf(&b, "%s%s:%s:%s%s", i ? "," : "", r->name, dirs[r->dir],
					   r->target ? r->target->name : "?",
					   r->secondary ? orm_sprintf(&env->call, ":%s", r->secondary->name) : "");
		if (r->reverse)
			orm_buf_printf(&b, "<->%s", r->reverse->name);
	}
	return orm_buf_cstr(&b);
}

static void
test_automap_blog(void)
{
	Env			env;
	char	   *out = NULL;
	char	   *src = NULL;
	int			rc;

	if (env_open(&env, blog_ddl) != 0)
	{
		CHECK(!"env");
		return;
	}
	sqlite3_exec(env.th.db, blog_rows, NULL, NULL, NULL);

	rc = orm_automap_source(&env.conn, env_call(&env), NULL, &src, &env.err);
	CHECK(rc == 0);
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", src ? src : env_errtext(&env));

	rc = orm_api_automap(&env.conn, env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap: %s\n", env_errtext(&env));
		env_close(&env);
		return;
	}
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", out);
	CHECK(strstr(out, "\"name\":\"users\"") != NULL);
	CHECK(strstr(out, "\"name\":\"audit_log\"") == NULL);	/* no primary key */
	CHECK(strstr(out, "\"name\":\"post_tags\"") == NULL);	/* association table */

	env_call(&env);
	CHECK_STR(rels_of(&env, "users"),
			  "comments_collection:ONETOMANY:comments<->users,"
			  "posts_collection:ONETOMANY:posts<->users");
	CHECK_STR(rels_of(&env, "posts"),
			  "comments_collection:ONETOMANY:comments<->posts,"
			  "users:MANYTOONE:users<->posts_collection,"
			  "tags_collection:MANYTOMANY:tags:post_tags<->posts_collection");
	CHECK_STR(rels_of(&env, "tags"),
			  "posts_collection:MANYTOMANY:posts:post_tags<->tags_collection");
	CHECK_STR(rels_of(&env, "comments"),
			  "posts:MANYTOONE:posts<->comments_collection,"
			  "users:MANYTOONE:users<->comments_collection,"
			  "comments:MANYTOONE:comments<->comments_collection,"
			  "comments_collection:ONETOMANY:comments<->comments");

	/* orm_select through the automapped classes */
	rc = orm_api_select(&env.conn, env_call(&env),
						"select(users).options(selectinload(users.posts_collection)"
						".selectinload(posts.tags_collection)).where(users.id == 1)",
						NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out,
				  "[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\","
				  "\"display_name\":\"Alice\",\"is_active\":true,"
				  "\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,"
				  "\"posts_collection\":[{\"id\":1,\"title\":\"Hello\",\"slug\":\"hello\","
				  "\"body\":\"First\",\"status\":\"PUBLISHED\",\"author_id\":1,"
				  "\"created_at\":\"2024-01-03T09:00:00\",\"updated_at\":null,"
				  "\"tags_collection\":[{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sql\"}]},"
				  "{\"id\":2,\"title\":\"It's \\\"quoted\\\"\",\"slug\":\"second\","
				  "\"body\":\"Second\",\"status\":\"DRAFT\",\"author_id\":1,"
				  "\"created_at\":\"2024-01-04T09:00:00\",\"updated_at\":null,"
				  "\"tags_collection\":[{\"id\":2,\"name\":\"sql\"}]}]}]");
	else
		fprintf(stderr, "select: %s\n", env_errtext(&env));

	/* self-referential many-to-one */
	rc = orm_api_select(&env.conn, env_call(&env),
						"select(comments).options(joinedload(comments.comments))"
						".where(comments.id == 2)", NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK(strstr(out, "\"comments\":{\"id\":1,\"body\":\"Nice\"") != NULL);
	else
		fprintf(stderr, "select: %s\n", env_errtext(&env));

	/* a second call maps nothing new and stores nothing */
	rc = orm_api_automap(&env.conn, env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "{\"classes\":[],\"tables\":[],\"enums\":[]}");
	CHECK_STR(sql_text(&env, "SELECT count(*) FROM orm_registry"), "1");
	env_close(&env);
}

/* automap's conflict: a relationship named like a column is an error */
static void
test_automap_conflict(void)
{
	Env			env;
	char	   *out = NULL;

	if (env_open(&env, "CREATE TABLE post (id INTEGER PRIMARY KEY);"
				 "CREATE TABLE comment (id INTEGER PRIMARY KEY, post INTEGER REFERENCES post (id));") != 0)
	{
		CHECK(!"env");
		return;
	}
	CHECK(orm_api_automap(&env.conn, env_call(&env), NULL, &out, &env.err) == -1);
	CHECK_STR(env.err.message, "relationship \"post\" on comment conflicts with column \"post\"");
	env_close(&env);
}

/* odd names, types and keys: identifiers made safe, REFERENCES t without columns */
static void
test_automap_odd(void)
{
	Env			env;
	char	   *out = NULL;
	char	   *src = NULL;
	int			rc;

	if (env_open(&env,
				 "CREATE TABLE \"Weird Table\" (\"my id\" INTEGER PRIMARY KEY, \"class\" TEXT, "
				 "metadata JSON, price NUMERIC(10, 2), flag BOOL, raw BLOB, x);"
				 "CREATE TABLE child (a INTEGER, b INTEGER, parent INTEGER REFERENCES \"Weird Table\", "
				 "note VARCHAR(20) DEFAULT 'it''s \"x\"\\n', PRIMARY KEY (a, b));"
				 "CREATE TABLE gc (id INTEGER PRIMARY KEY, ca INTEGER NOT NULL, cb INTEGER NOT NULL, "
				 "FOREIGN KEY (ca, cb) REFERENCES child (a, b) ON DELETE CASCADE);") != 0)
	{
		CHECK(!"env");
		return;
	}
	rc = orm_automap_source(&env.conn, env_call(&env), NULL, &src, &env.err);
	CHECK(rc == 0);
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", src ? src : env_errtext(&env));
	rc = orm_api_automap(&env.conn, env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap odd: %s\n", env_errtext(&env));
		env_close(&env);
		return;
	}
	env_call(&env);
	CHECK_STR(rels_of(&env, "Weird_Table"),
			  "child_collection:ONETOMANY:child<->weird_table");
	CHECK_STR(rels_of(&env, "child"),
			  "weird_table:MANYTOONE:Weird_Table<->child_collection,"
			  "gc_collection:ONETOMANY:gc<->child");
	sqlite3_exec(env.th.db,
				 "INSERT INTO \"Weird Table\" VALUES (1, 'c', '{\"k\": [1]}', 1.50, 1, x'00ff', 7);"
				 "INSERT INTO child (a, b, parent) VALUES (1, 2, 1);"
				 "INSERT INTO gc VALUES (1, 1, 2);", NULL, NULL, NULL);
	rc = orm_api_select(&env.conn, env_call(&env),
						"select(gc).options(joinedload(gc.child).joinedload(child.weird_table))",
						NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "[{\"id\":1,\"ca\":1,\"cb\":2,\"child\":{\"a\":1,\"b\":2,\"parent\":1,"
				  "\"note\":\"it's \\\"x\\\"\\\\n\",\"weird_table\":{\"my_id\":1,\"class_\":\"c\","
				  "\"metadata_\":{\"k\":[1]},\"price\":1.50,\"flag\":true,\"raw\":\"\\\\x00ff\","
				  "\"x\":7}}}]");
	else
		fprintf(stderr, "select odd: %s\n", env_errtext(&env));
	env_close(&env);
}

/* ---- orm_view ------------------------------------------------------------------------- */

static const char *view_models =
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"\n"
	"class PostStatus(enum.Enum):\n"
	"    DRAFT = \"draft\"\n"
	"    PUBLISHED = \"published\"\n"
	"    ARCHIVED = \"archived\"\n"
	"\n"
	"post_tags = Table(\n"
	"    \"post_tags\",\n"
	"    Base.metadata,\n"
	"    Column(\"post_id\", Integer, ForeignKey(\"posts.id\", ondelete=\"CASCADE\"), primary_key=True),\n"
	"    Column(\"tag_id\", Integer, ForeignKey(\"tags.id\", ondelete=\"CASCADE\"), primary_key=True),\n"
	")\n"
	"\n"
	"class User(Base):\n"
	"    __tablename__ = \"users\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)\n"
	"    email: Mapped[str] = mapped_column(String(255), unique=True)\n"
	"    display_name: Mapped[Optional[str]] = mapped_column(String(100))\n"
	"    is_active: Mapped[bool] = mapped_column(default=True)\n"
	"    created_at: Mapped[datetime] = mapped_column(server_default=func.now())\n"
	"    posts: Mapped[list[\"Post\"]] = relationship(back_populates=\"author\")\n"
	"\n"
	"class Post(Base):\n"
	"    __tablename__ = \"posts\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    title: Mapped[str] = mapped_column(String(200))\n"
	"    status: Mapped[PostStatus] = mapped_column(SAEnum(PostStatus), default=PostStatus.DRAFT)\n"
	"    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n"
	"    author: Mapped[\"User\"] = relationship(back_populates=\"posts\")\n"
	"    tags: Mapped[list[\"Tag\"]] = relationship(secondary=post_tags, back_populates=\"posts\",\n"
	"                                              order_by=\"Tag.name.desc()\")\n"
	"\n"
	"class Tag(Base):\n"
	"    __tablename__ = \"tags\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50), unique=True)\n"
	"    posts: Mapped[list[\"Post\"]] = relationship(secondary=post_tags, back_populates=\"tags\")\n";

/* Rows of plain SQL as "a|b|c\n" lines. */
static char *
sql_rows(Env *env, const char *sql)
{
	OrmRows		rows;
	OrmError	err;
	OrmBuf		b;

	memset(&err, 0, sizeof(err));
	if (th_query(&env->th, &env->call, sql, 0, NULL, &rows, &err) != 0)
		return orm_sprintf(&env->call, "error: %s", err.message);
	orm_buf_init(&b, &env->call);
	for (int r = 0; r < rows.nrows; r++)
	{
		for (int c = 0; c < rows.ncols; c++)
		{
			const OrmValue *v = &ORM_ROW(&rows, r)[c];

			if (c)
				orm_buf_putc(&b, '|');
			if (v->kind == ORM_V_INT)
				orm_buf_printf(&b, "%lld", (long long) v->i);
			else if (v->kind == ORM_V_NULL)
				orm_buf_puts(&b, "NULL");
			else if (v->kind == ORM_V_FLOAT)
				orm_buf_printf(&b, "%g", v->f);
			else
				orm_buf_put(&b, v->s, v->len);
		}
		orm_buf_putc(&b, '\n');
	}
	return (char *) orm_buf_cstr(&b);
}

static void
test_view(void)
{
	Env			env;
	char	   *out = NULL;
	int			rc;

	if (env_open(&env, blog_ddl) != 0)
	{
		CHECK(!"env");
		return;
	}
	sqlite3_exec(env.th.db, blog_rows, NULL, NULL, NULL);
	rc = orm_api_declare(&env.conn, env_call(&env), view_models, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "declare: %s\n", env_errtext(&env));
		env_close(&env);
		return;
	}

	/* the brief's example: one entity, a selectin-loaded collection, nested */
	rc = orm_api_view(&env.conn, env_call(&env), "user_posts",
					  "select(User).options(selectinload(User.posts).selectinload(Post.tags))",
					  &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "{\"view\":\"user_posts\",\"columns\":[\"id\",\"username\",\"email\","
				  "\"display_name\",\"is_active\",\"created_at\",\"posts\"]}");
	else
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, username, is_active, posts FROM user_posts ORDER BY id"),
			  "1|alice|1|[{\"id\":1,\"title\":\"Hello\",\"status\":\"published\",\"author_id\":1,"
			  "\"tags\":[{\"id\":2,\"name\":\"sql\"},{\"id\":1,\"name\":\"python\"}]},"
			  "{\"id\":2,\"title\":\"It's \\\"quoted\\\"\",\"status\":\"draft\",\"author_id\":1,"
			  "\"tags\":[{\"id\":2,\"name\":\"sql\"}]}]\n"
			  "2|bob|0|[]\n");
	/* the same objects orm_select returns */
	rc = orm_api_select(&env.conn, env_call(&env),
						"select(User).options(selectinload(User.posts).selectinload(Post.tags))"
						".where(User.id == 1)", NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
	{
		char	   *p = strstr(out, "\"posts\":");
		char	   *v = sql_text(&env, "SELECT posts FROM user_posts WHERE id = 1");

		CHECK(p && v && strncmp(p + 8, v, strlen(v)) == 0);
	}

	/* scalar relationship, booleans and datetimes inside JSON, inlined literals */
	rc = orm_api_view(&env.conn, env_call(&env), "quoted_posts",
					  "select(Post).where(Post.title == \"It's \\\"quoted\\\"\", Post.id >= 2)"
					  ".options(joinedload(Post.author))", &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, status, author FROM quoted_posts"),
			  "2|DRAFT|{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\","
			  "\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\"}\n");

	/* a value that tries to end the literal stays a value */
	rc = orm_api_view(&env.conn, env_call(&env), "evil",
					  "select(User).where(User.username == \"x'); DROP TABLE users; --\")",
					  &out, &env.err);
	CHECK(rc == 0);
	CHECK_STR(sql_rows(&env, "SELECT count(*) FROM evil"), "0\n");
	CHECK_STR(sql_rows(&env, "SELECT count(*) FROM users"), "2\n");

	/* several items: an entity as a JSON object, columns as columns */
	rc = orm_api_view(&env.conn, env_call(&env), "pairs",
					  "select(Tag, Post.title).join(Tag.posts).order_by(Tag.id, Post.id)",
					  &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "{\"view\":\"pairs\",\"columns\":[\"Tag\",\"title\"]}");
	else
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT * FROM pairs"),
			  "{\"id\":1,\"name\":\"python\"}|Hello\n"
			  "{\"id\":2,\"name\":\"sql\"}|Hello\n"
			  "{\"id\":2,\"name\":\"sql\"}|It's \"quoted\"\n");

	/* a compound statement, limits, booleans and functions inlined */
	rc = orm_api_view(&env.conn, env_call(&env), "ids",
					  "union_all(select(User.id, User.username).where(User.is_active == True),"
					  " select(Tag.id, func.upper(Tag.name)).where(Tag.id == 1))", &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "{\"view\":\"ids\",\"columns\":[\"id\",\"username\"]}");
	else
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT * FROM ids ORDER BY 2"), "1|PYTHON\n1|alice\n");
	rc = orm_api_view(&env.conn, env_call(&env), "inactive",
					  "select(User).where(User.is_active.is_(False), User.display_name.is_(None),"
					  " User.created_at > \"2020-01-01T00:00:00\").limit(5).offset(0)", &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, username FROM inactive"), "2|bob\n");

	/* a statement with its own WITH clause */
	rc = orm_api_view(&env.conn, env_call(&env), "with_cte",
					  "pc = select(Post.author_id).where(Post.status == PostStatus.DRAFT).cte(\"pc\")\n"
					  "select(User).where(User.id.in_(select(pc.c.author_id)))", &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, username FROM with_cte"), "1|alice\n");

	/* errors: an existing name is the engine's error, bad query text ours */
	CHECK(orm_api_view(&env.conn, env_call(&env), "pairs", "select(Tag)", &out, &env.err) == -1);
	CHECK(env.err.code == ORM_ERR_ENGINE);
	CHECK(orm_api_view(&env.conn, env_call(&env), "v2", "select(Nope)", &out, &env.err) == -1);
	CHECK(env.err.code == ORM_ERR_NAME);
	CHECK(orm_api_view(&env.conn, env_call(&env), "", "select(Tag)", &out, &env.err) == -1);
	env_close(&env);
}

/* tables the registry already has are left alone; the rest maps around them */
static void
test_automap_partial(void)
{
	Env			env;
	char	   *out = NULL;
	int			rc;

	if (env_open(&env, blog_ddl) != 0)
	{
		CHECK(!"env");
		return;
	}
	sqlite3_exec(env.th.db, blog_rows, NULL, NULL, NULL);
	rc = orm_api_declare(&env.conn, env_call(&env), view_models, &out, &env.err);
	CHECK(rc == 0);
	rc = orm_api_automap(&env.conn, env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap partial: %s\n", env_errtext(&env));
		env_close(&env);
		return;
	}
	CHECK(strstr(out, "{\"classes\":[{\"name\":\"comments\",") == out);
	CHECK(strstr(out, "\"name\":\"users\"") == NULL);
	CHECK(strstr(out, "\"tables\":[]") != NULL);
	env_call(&env);
	CHECK_STR(rels_of(&env, "comments"),
			  "comments:MANYTOONE:comments<->comments_collection,"
			  "comments_collection:ONETOMANY:comments<->comments");
	CHECK_STR(rels_of(&env, "User"), "posts:ONETOMANY:Post<->author");
	rc = orm_api_select(&env.conn, env_call(&env),
						"select(comments).where(comments.author_id == 2)"
						".options(selectinload(comments.comments_collection))", NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "[{\"id\":1,\"body\":\"Nice\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,"
				  "\"created_at\":\"2024-01-05T08:00:00\",\"updated_at\":null,"
				  "\"comments_collection\":[{\"id\":2,\"body\":\"Thanks\",\"post_id\":1,"
				  "\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01-05T09:00:00\","
				  "\"updated_at\":null}]}]");
	else
		fprintf(stderr, "select partial: %s\n", env_errtext(&env));
	env_close(&env);
}

int
main(void)
{
	test_automap_partial();
	test_automap_blog();
	test_automap_conflict();
	test_automap_odd();
	test_view();
	CHECK_DONE();
}
