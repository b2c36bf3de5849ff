/*
 * test_automap.c -- orm_automap() and orm_view() over testlib's in-test
 * SQLite host.
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
 * Build and run (from the repository root; links testlib.o and -lsqlite3):
 *   make build/unit/test_automap && build/unit/test_automap
 *   (VIEW_SHOW=1 prints the SQL the views run)
 */
#include <sqlite3.h>

#include "check.h"
#include "testlib.h"
#include "schema/automap.h"
#include "orm.h"

/* ---- environment: testlib's host and connection ------------------------------ */

typedef TlEnv Env;

static int
env_open(Env *env, const char *ddl)
{
	if (tl_env_open(env, ddl) < 0)
		return -1;
	env->host.print_echo = getenv("VIEW_SHOW") != NULL;
	env->conn.echo = env->host.print_echo;
	return 0;
}

/* orm_automap_source in a fresh call on env's connection (the registry loaded). */
static int
automap_source(Env *env, char **src)
{
	OrmCtx		ctx;

	*src = NULL;
	if (orm_ctx_begin(&ctx, &env->conn, tl_env_call(env), &env->err) != 0)
		return -1;
	return orm_automap_source(&ctx, NULL, src);
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
	if (tl_host.query(&env->host, &env->call, sql, 0, NULL, &rows, &err) != 0)
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
	sqlite3_exec(env.host.db, blog_rows, NULL, NULL, NULL);

	rc = automap_source(&env, &src);
	CHECK(rc == 0);
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", src ? src : env_errtext(&env));

	rc = orm_api_automap(&env.conn, tl_env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap: %s\n", env_errtext(&env));
		tl_env_close(&env);
		return;
	}
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", out);
	CHECK(strstr(out, "\"name\":\"users\"") != NULL);
	CHECK(strstr(out, "\"name\":\"audit_log\"") == NULL);	/* no primary key */
	CHECK(strstr(out, "\"name\":\"post_tags\"") == NULL);	/* association table */

	tl_env_call(&env);
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
	rc = orm_api_select(&env.conn, tl_env_call(&env),
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
	rc = orm_api_select(&env.conn, tl_env_call(&env),
						"select(comments).options(joinedload(comments.comments))"
						".where(comments.id == 2)", NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK(strstr(out, "\"comments\":{\"id\":1,\"body\":\"Nice\"") != NULL);
	else
		fprintf(stderr, "select: %s\n", env_errtext(&env));

	/* a second call maps nothing new and stores nothing */
	rc = orm_api_automap(&env.conn, tl_env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "{\"classes\":[],\"tables\":[],\"enums\":[]}");
	CHECK_STR(sql_text(&env, "SELECT count(*) FROM orm_registry"), "1");
	tl_env_close(&env);
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
	CHECK(orm_api_automap(&env.conn, tl_env_call(&env), NULL, &out, &env.err) == -1);
	CHECK_STR(env.err.message, "relationship \"post\" on comment conflicts with column \"post\"");
	tl_env_close(&env);
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
	rc = automap_source(&env, &src);
	CHECK(rc == 0);
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", src ? src : env_errtext(&env));
	rc = orm_api_automap(&env.conn, tl_env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap odd: %s\n", env_errtext(&env));
		tl_env_close(&env);
		return;
	}
	tl_env_call(&env);
	CHECK_STR(rels_of(&env, "Weird_Table"),
			  "child_collection:ONETOMANY:child<->weird_table");
	CHECK_STR(rels_of(&env, "child"),
			  "weird_table:MANYTOONE:Weird_Table<->child_collection,"
			  "gc_collection:ONETOMANY:gc<->child");
	sqlite3_exec(env.host.db,
				 "INSERT INTO \"Weird Table\" VALUES (1, 'c', '{\"k\": [1]}', 1.50, 1, x'00ff', 7);"
				 "INSERT INTO child (a, b, parent) VALUES (1, 2, 1);"
				 "INSERT INTO gc VALUES (1, 1, 2);", NULL, NULL, NULL);
	rc = orm_api_select(&env.conn, tl_env_call(&env),
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
	tl_env_close(&env);
}

/*
 * Names that collide once made Python identifiers ("a b" and "a_b",
 * "metadata" and "metadata_"), a class whose lower-cased name is a keyword
 * ("For" -> for), "_" and "__": each attribute and relationship gets a
 * name of its own, and the generated source declares.
 */
static void
test_automap_names(void)
{
	Env			env;
	char	   *out = NULL;
	char	   *src = NULL;
	int			rc;

	if (env_open(&env,
				 "CREATE TABLE \"For\" (id INTEGER PRIMARY KEY, \"a b\" INTEGER, \"a_b\" TEXT, "
				 "metadata TEXT, metadata_ TEXT, \"class\" INTEGER, \"_\" INTEGER, \"__\" INTEGER);"
				 "CREATE TABLE \"Str\" (id INTEGER PRIMARY KEY, for_id INTEGER REFERENCES \"For\"(id), "
				 "str_id INTEGER REFERENCES \"Str\"(id));"
				 "CREATE TABLE \"x y\" (id INTEGER PRIMARY KEY, \"For\" INTEGER REFERENCES \"For\"(id));") != 0)
	{
		CHECK(!"env");
		return;
	}
	rc = automap_source(&env, &src);
	CHECK(rc == 0);
	if (getenv("AUTOMAP_SHOW"))
		printf("%s\n", src ? src : env_errtext(&env));
	rc = orm_api_automap(&env.conn, tl_env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap names: %s\n", env_errtext(&env));
		tl_env_close(&env);
		return;
	}
	tl_env_call(&env);
	sqlite3_exec(env.host.db,
				 "INSERT INTO \"For\" VALUES (1, 2, 'ab', 'm', 'm_', 3, 4, 5);"
				 "INSERT INTO \"Str\" VALUES (1, 1, NULL);", NULL, NULL, NULL);
	rc = orm_api_select(&env.conn, tl_env_call(&env), "select(Str).options(joinedload(Str.for_))",
						NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "[{\"id\":1,\"for_id\":1,\"str_id\":null,"
				  "\"for_\":{\"id\":1,\"a_b\":2,\"a_b_\":\"ab\",\"metadata_\":\"m\","
				  "\"metadata__\":\"m_\",\"class_\":3,\"_\":4,\"___\":5}}]");
	else
		fprintf(stderr, "select names: %s\n", env_errtext(&env));
	tl_env_close(&env);
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
static const char *
sql_rows(Env *env, const char *sql)
{
	static const TlRowStyle style = {"|", "\n", "NULL", true, false};

	return tl_sql_rows(&env->host, sql, &style);
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
	sqlite3_exec(env.host.db, blog_rows, NULL, NULL, NULL);
	rc = orm_api_declare(&env.conn, tl_env_call(&env), view_models, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "declare: %s\n", env_errtext(&env));
		tl_env_close(&env);
		return;
	}

	/* the brief's example: one entity, a selectin-loaded collection, nested */
	rc = orm_api_view(&env.conn, tl_env_call(&env), "user_posts",
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
	rc = orm_api_select(&env.conn, tl_env_call(&env),
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
	rc = orm_api_view(&env.conn, tl_env_call(&env), "quoted_posts",
					  "select(Post).where(Post.title == \"It's \\\"quoted\\\"\", Post.id >= 2)"
					  ".options(joinedload(Post.author))", &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, status, author FROM quoted_posts"),
			  "2|DRAFT|{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\","
			  "\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\"}\n");

	/* a value that tries to end the literal stays a value */
	rc = orm_api_view(&env.conn, tl_env_call(&env), "evil",
					  "select(User).where(User.username == \"x'); DROP TABLE users; --\")",
					  &out, &env.err);
	CHECK(rc == 0);
	CHECK_STR(sql_rows(&env, "SELECT count(*) FROM evil"), "0\n");
	CHECK_STR(sql_rows(&env, "SELECT count(*) FROM users"), "2\n");

	/* several items: an entity as a JSON object, columns as columns */
	rc = orm_api_view(&env.conn, tl_env_call(&env), "pairs",
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
	rc = orm_api_view(&env.conn, tl_env_call(&env), "ids",
					  "union_all(select(User.id, User.username).where(User.is_active == True),"
					  " select(Tag.id, func.upper(Tag.name)).where(Tag.id == 1))", &out, &env.err);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, "{\"view\":\"ids\",\"columns\":[\"id\",\"username\"]}");
	else
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT * FROM ids ORDER BY 2"), "1|PYTHON\n1|alice\n");
	rc = orm_api_view(&env.conn, tl_env_call(&env), "inactive",
					  "select(User).where(User.is_active.is_(False), User.display_name.is_(None),"
					  " User.created_at > \"2020-01-01T00:00:00\").limit(5).offset(0)", &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, username FROM inactive"), "2|bob\n");

	/* a statement with its own WITH clause */
	rc = orm_api_view(&env.conn, tl_env_call(&env), "with_cte",
					  "pc = select(Post.author_id).where(Post.status == PostStatus.DRAFT).cte(\"pc\")\n"
					  "select(User).where(User.id.in_(select(pc.c.author_id)))", &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "view: %s\n", env_errtext(&env));
	CHECK_STR(sql_rows(&env, "SELECT id, username FROM with_cte"), "1|alice\n");

	/* errors: an existing name is the engine's error, bad query text ours */
	CHECK(orm_api_view(&env.conn, tl_env_call(&env), "pairs", "select(Tag)", &out, &env.err) == -1);
	CHECK(env.err.code == ORM_ERR_ENGINE);
	CHECK(orm_api_view(&env.conn, tl_env_call(&env), "v2", "select(Nope)", &out, &env.err) == -1);
	CHECK(env.err.code == ORM_ERR_UNKNOWN_ENTITY);
	CHECK(env.err.text_arg == 2);	/* the position is in the query, orm_view's 2nd argument */
	CHECK(orm_api_view(&env.conn, tl_env_call(&env), "", "select(Tag)", &out, &env.err) == -1);
	tl_env_close(&env);
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
	sqlite3_exec(env.host.db, blog_rows, NULL, NULL, NULL);
	rc = orm_api_declare(&env.conn, tl_env_call(&env), view_models, &out, &env.err);
	CHECK(rc == 0);
	rc = orm_api_automap(&env.conn, tl_env_call(&env), NULL, &out, &env.err);
	CHECK(rc == 0);
	if (rc != 0)
	{
		fprintf(stderr, "automap partial: %s\n", env_errtext(&env));
		tl_env_close(&env);
		return;
	}
	CHECK(strstr(out, "{\"classes\":[{\"name\":\"comments\",") == out);
	CHECK(strstr(out, "\"name\":\"users\"") == NULL);
	CHECK(strstr(out, "\"tables\":[]") != NULL);
	tl_env_call(&env);
	CHECK_STR(rels_of(&env, "comments"),
			  "comments:MANYTOONE:comments<->comments_collection,"
			  "comments_collection:ONETOMANY:comments<->comments");
	CHECK_STR(rels_of(&env, "User"), "posts:ONETOMANY:Post<->author");
	rc = orm_api_select(&env.conn, tl_env_call(&env),
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
	tl_env_close(&env);
}

int
main(void)
{
	test_automap_partial();
	test_automap_blog();
	test_automap_conflict();
	test_automap_odd();
	test_automap_names();
	test_view();
	CHECK_DONE();
}
