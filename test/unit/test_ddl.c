/*
 * test_ddl.c -- orm_ddl_text / orm_ddl_create_all / orm_ddl_drop_all (ddl.c).
 *
 * Golden DDL: the seed's blog module and a model exercising every constraint
 * kind, compared with what SQLAlchemy 2.0.40 prints for the same metadata
 * (CreateTable/CreateIndex/CreateEnumType compiled for postgresql and sqlite,
 * tables in create_all order, identifiers force-quoted -- our only
 * difference from SQLAlchemy's text).  create_all/drop_all run against a
 * recording fake host that answers the existence queries from a list.
 *
 * Build (from the repo root):
 *   make build/unit/test_ddl
 *   valgrind --error-exitcode=1 -q build/unit/test_ddl [seed-file]
 *     (seed file: argv[1], else $ORM_SEED, else testlib.h's TL_SEED_DEFAULT)
 */
#include "check.h"
#include "testlib.h"
#include "schema/ddl.h"

static OrmArena arena;

/* ---- a recording host ------------------------------------------------------- */

static OrmBuf executed;			/* every statement run, ";\n"-terminated */
static const char *existing[16];	/* names that "exist" (tables and types) */
static int nexisting;
static const OrmDialect *fake_dialect;	/* the context's, for its existence queries */

static bool
fake_exists(const char *name)
{
	int			i;

	for (i = 0; i < nexisting; i++)
		if (strcmp(existing[i], name) == 0)
			return true;
	return false;
}

static int
fake_query(void *hs, OrmArena *a, const char *sql, int nparams, const OrmParam *params,
		   OrmRows *out, OrmError *err)
{
	(void) hs;
	(void) err;
	if (out)
		memset(out, 0, sizeof(*out));
	if (sql == fake_dialect->table_exists_sql || sql == fake_dialect->enum_exists_sql)
	{
		CHECK(nparams == 1 && params[0].kind == ORM_V_TEXT);
		if (out && nparams == 1 && fake_exists(params[0].s))
		{
			out->ncols = 1;
			out->nrows = 1;
			out->values = ORM_NEW(a, OrmValue);
			out->values[0].kind = ORM_V_INT;
			out->values[0].i = 1;
		}
		return 0;
	}
	CHECK(nparams == 0);
	orm_buf_puts(&executed, sql);
	orm_buf_puts(&executed, ";\n");
	return 0;
}

static const OrmHost fake_host = {.query = fake_query};

/* ---- golden text (SQLAlchemy 2.0.40 output, identifiers quoted) -------------- */

static const char *blog_pg =
"CREATE TYPE \"poststatus\" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');\n"
"CREATE TABLE \"users\" (\n"
"\t\"id\" SERIAL NOT NULL, \n"
"\t\"username\" VARCHAR(50) NOT NULL, \n"
"\t\"email\" VARCHAR(255) NOT NULL, \n"
"\t\"display_name\" VARCHAR(100), \n"
"\t\"is_active\" BOOLEAN NOT NULL, \n"
"\t\"created_at\" TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, \n"
"\t\"updated_at\" TIMESTAMP WITHOUT TIME ZONE, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tUNIQUE (\"email\")\n"
");\n"
"CREATE UNIQUE INDEX \"ix_users_username\" ON \"users\" (\"username\");\n"
"CREATE TABLE \"tags\" (\n"
"\t\"id\" SERIAL NOT NULL, \n"
"\t\"name\" VARCHAR(50) NOT NULL, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tUNIQUE (\"name\")\n"
");\n"
"CREATE TABLE \"posts\" (\n"
"\t\"id\" SERIAL NOT NULL, \n"
"\t\"title\" VARCHAR(200) NOT NULL, \n"
"\t\"slug\" VARCHAR(200) NOT NULL, \n"
"\t\"body\" TEXT NOT NULL, \n"
"\t\"status\" \"poststatus\" NOT NULL, \n"
"\t\"author_id\" INTEGER NOT NULL, \n"
"\t\"created_at\" TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, \n"
"\t\"updated_at\" TIMESTAMP WITHOUT TIME ZONE, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tFOREIGN KEY(\"author_id\") REFERENCES \"users\" (\"id\")\n"
");\n"
"CREATE UNIQUE INDEX \"ix_posts_slug\" ON \"posts\" (\"slug\");\n"
"CREATE INDEX \"ix_posts_author_status\" ON \"posts\" (\"author_id\", \"status\");\n"
"CREATE TABLE \"post_tags\" (\n"
"\t\"post_id\" INTEGER NOT NULL, \n"
"\t\"tag_id\" INTEGER NOT NULL, \n"
"\tPRIMARY KEY (\"post_id\", \"tag_id\"), \n"
"\tFOREIGN KEY(\"post_id\") REFERENCES \"posts\" (\"id\") ON DELETE CASCADE, \n"
"\tFOREIGN KEY(\"tag_id\") REFERENCES \"tags\" (\"id\") ON DELETE CASCADE\n"
");\n"
"CREATE TABLE \"comments\" (\n"
"\t\"id\" SERIAL NOT NULL, \n"
"\t\"body\" TEXT NOT NULL, \n"
"\t\"post_id\" INTEGER NOT NULL, \n"
"\t\"author_id\" INTEGER NOT NULL, \n"
"\t\"parent_id\" INTEGER, \n"
"\t\"created_at\" TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, \n"
"\t\"updated_at\" TIMESTAMP WITHOUT TIME ZONE, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tFOREIGN KEY(\"post_id\") REFERENCES \"posts\" (\"id\"), \n"
"\tFOREIGN KEY(\"author_id\") REFERENCES \"users\" (\"id\"), \n"
"\tFOREIGN KEY(\"parent_id\") REFERENCES \"comments\" (\"id\")\n"
");\n"
;

static const char *blog_sqlite =
"CREATE TABLE \"users\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"username\" VARCHAR(50) NOT NULL, \n"
"\t\"email\" VARCHAR(255) NOT NULL, \n"
"\t\"display_name\" VARCHAR(100), \n"
"\t\"is_active\" BOOLEAN NOT NULL, \n"
"\t\"created_at\" DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
"\t\"updated_at\" DATETIME, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tUNIQUE (\"email\")\n"
");\n"
"CREATE UNIQUE INDEX \"ix_users_username\" ON \"users\" (\"username\");\n"
"CREATE TABLE \"tags\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"name\" VARCHAR(50) NOT NULL, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tUNIQUE (\"name\")\n"
");\n"
"CREATE TABLE \"posts\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"title\" VARCHAR(200) NOT NULL, \n"
"\t\"slug\" VARCHAR(200) NOT NULL, \n"
"\t\"body\" TEXT NOT NULL, \n"
"\t\"status\" VARCHAR(9) NOT NULL, \n"
"\t\"author_id\" INTEGER NOT NULL, \n"
"\t\"created_at\" DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
"\t\"updated_at\" DATETIME, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tFOREIGN KEY(\"author_id\") REFERENCES \"users\" (\"id\")\n"
");\n"
"CREATE UNIQUE INDEX \"ix_posts_slug\" ON \"posts\" (\"slug\");\n"
"CREATE INDEX \"ix_posts_author_status\" ON \"posts\" (\"author_id\", \"status\");\n"
"CREATE TABLE \"post_tags\" (\n"
"\t\"post_id\" INTEGER NOT NULL, \n"
"\t\"tag_id\" INTEGER NOT NULL, \n"
"\tPRIMARY KEY (\"post_id\", \"tag_id\"), \n"
"\tFOREIGN KEY(\"post_id\") REFERENCES \"posts\" (\"id\") ON DELETE CASCADE, \n"
"\tFOREIGN KEY(\"tag_id\") REFERENCES \"tags\" (\"id\") ON DELETE CASCADE\n"
");\n"
"CREATE TABLE \"comments\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"body\" TEXT NOT NULL, \n"
"\t\"post_id\" INTEGER NOT NULL, \n"
"\t\"author_id\" INTEGER NOT NULL, \n"
"\t\"parent_id\" INTEGER, \n"
"\t\"created_at\" DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
"\t\"updated_at\" DATETIME, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tFOREIGN KEY(\"post_id\") REFERENCES \"posts\" (\"id\"), \n"
"\tFOREIGN KEY(\"author_id\") REFERENCES \"users\" (\"id\"), \n"
"\tFOREIGN KEY(\"parent_id\") REFERENCES \"comments\" (\"id\")\n"
");\n"
;

static const char *m4_pg =
"CREATE TYPE \"status\" AS ENUM ('a', 'bb');\n"
"CREATE TYPE \"lvl\" AS ENUM ('LOW', 'HIGH');\n"
"CREATE TABLE \"p\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"id2\" INTEGER NOT NULL, \n"
"\tPRIMARY KEY (\"id\", \"id2\")\n"
");\n"
"CREATE TABLE \"order\" (\n"
"\t\"id\" SERIAL NOT NULL, \n"
"\t\"user\"\"ref\" INTEGER NOT NULL, \n"
"\t\"qty\" INTEGER DEFAULT 1 NOT NULL, \n"
"\t\"note\" VARCHAR(255) DEFAULT 'it''s', \n"
"\t\"price\" NUMERIC(10, 2) DEFAULT lower('X') NOT NULL, \n"
"\t\"st\" \"status\" NOT NULL, \n"
"\t\"st2\" VARCHAR(20) NOT NULL, \n"
"\t\"lvl\" \"lvl\" DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
"\t\"x\" INTEGER, \n"
"\t\"y\" INTEGER, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tCHECK (qty > 0), \n"
"\tCONSTRAINT \"uq_note_qty\" UNIQUE (\"note\", \"qty\"), \n"
"\tCONSTRAINT \"fk_xy\" FOREIGN KEY(\"x\", \"y\") REFERENCES \"p\" (\"id\", \"id2\") ON DELETE SET NULL, \n"
"\tUNIQUE (\"user\"\"ref\"), \n"
"\tCONSTRAINT \"fk_u\" FOREIGN KEY(\"user\"\"ref\") REFERENCES \"p\" (\"id\") ON UPDATE CASCADE\n"
");\n"
"CREATE INDEX \"ix_order_lvl\" ON \"order\" (\"lvl\");\n"
"CREATE UNIQUE INDEX \"ix_x\" ON \"order\" (\"note\");\n"
"CREATE TABLE \"node\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"parent_id\" INTEGER, \n"
"\t\"order_id\" INTEGER NOT NULL, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tFOREIGN KEY(\"parent_id\") REFERENCES \"node\" (\"id\"), \n"
"\tFOREIGN KEY(\"order_id\") REFERENCES \"order\" (\"id\") ON DELETE CASCADE\n"
");\n"
"CREATE TABLE \"link\" (\n"
"\t\"a\" INTEGER NOT NULL, \n"
"\t\"b\" INTEGER NOT NULL, \n"
"\t\"note\" TEXT, \n"
"\tPRIMARY KEY (\"a\", \"b\"), \n"
"\tFOREIGN KEY(\"a\") REFERENCES \"node\" (\"id\"), \n"
"\tFOREIGN KEY(\"b\") REFERENCES \"p\" (\"id\")\n"
");\n"
;

static const char *m4_sqlite =
"CREATE TABLE \"p\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"id2\" INTEGER NOT NULL, \n"
"\tPRIMARY KEY (\"id\", \"id2\")\n"
");\n"
"CREATE TABLE \"order\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"user\"\"ref\" INTEGER NOT NULL, \n"
"\t\"qty\" INTEGER DEFAULT 1 NOT NULL, \n"
"\t\"note\" VARCHAR(255) DEFAULT 'it''s', \n"
"\t\"price\" NUMERIC(10, 2) DEFAULT (lower('X')) NOT NULL, \n"
"\t\"st\" VARCHAR(2) NOT NULL, \n"
"\t\"st2\" VARCHAR(20) NOT NULL, \n"
"\t\"lvl\" VARCHAR(4) DEFAULT CURRENT_TIMESTAMP NOT NULL, \n"
"\t\"x\" INTEGER, \n"
"\t\"y\" INTEGER, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tCHECK (qty > 0), \n"
"\tCONSTRAINT \"uq_note_qty\" UNIQUE (\"note\", \"qty\"), \n"
"\tCONSTRAINT \"fk_xy\" FOREIGN KEY(\"x\", \"y\") REFERENCES \"p\" (\"id\", \"id2\") ON DELETE SET NULL, \n"
"\tUNIQUE (\"user\"\"ref\"), \n"
"\tCONSTRAINT \"fk_u\" FOREIGN KEY(\"user\"\"ref\") REFERENCES \"p\" (\"id\") ON UPDATE CASCADE\n"
");\n"
"CREATE INDEX \"ix_order_lvl\" ON \"order\" (\"lvl\");\n"
"CREATE UNIQUE INDEX \"ix_x\" ON \"order\" (\"note\");\n"
"CREATE TABLE \"node\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"parent_id\" INTEGER, \n"
"\t\"order_id\" INTEGER NOT NULL, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tFOREIGN KEY(\"parent_id\") REFERENCES \"node\" (\"id\"), \n"
"\tFOREIGN KEY(\"order_id\") REFERENCES \"order\" (\"id\") ON DELETE CASCADE\n"
");\n"
"CREATE TABLE \"link\" (\n"
"\t\"a\" INTEGER NOT NULL, \n"
"\t\"b\" INTEGER NOT NULL, \n"
"\t\"note\" TEXT, \n"
"\tPRIMARY KEY (\"a\", \"b\"), \n"
"\tFOREIGN KEY(\"a\") REFERENCES \"node\" (\"id\"), \n"
"\tFOREIGN KEY(\"b\") REFERENCES \"p\" (\"id\")\n"
");\n"
;

/* The model behind m4_pg / m4_sqlite. */
static const char *m4_src =
"import enum\n"
"from typing import Optional\n"
"from sqlalchemy import String, Integer, Text, ForeignKey, UniqueConstraint, CheckConstraint, ForeignKeyConstraint, Index, text, func, Enum, Numeric, Table, Column\n"
"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
"\n"
"\n"
"class Base(DeclarativeBase):\n"
"    type_annotation_map = {str: String(255)}\n"
"\n"
"\n"
"class Status(str, enum.Enum):\n"
"    A = \"a\"\n"
"    BB = \"bb\"\n"
"\n"
"\n"
"class Lvl(enum.IntEnum):\n"
"    LOW = 1\n"
"    HIGH = 2\n"
"\n"
"\n"
"class P(Base):\n"
"    __tablename__ = \"p\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    id2: Mapped[int] = mapped_column(primary_key=True)\n"
"\n"
"\n"
"class Order(Base):\n"
"    __tablename__ = \"order\"\n"
"    __table_args__ = (\n"
"        CheckConstraint(\"qty > 0\"),\n"
"        UniqueConstraint(\"note\", \"qty\", name=\"uq_note_qty\"),\n"
"        ForeignKeyConstraint([\"x\", \"y\"], [\"p.id\", \"p.id2\"], ondelete=\"SET NULL\", name=\"fk_xy\"),\n"
"        Index(\"ix_x\", \"note\", unique=True),\n"
"    )\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    user_ref: Mapped[int] = mapped_column('user\"ref', ForeignKey(\"p.id\", name=\"fk_u\", onupdate=\"CASCADE\"), unique=True)\n"
"    qty: Mapped[int] = mapped_column(server_default=text(\"1\"))\n"
"    note: Mapped[Optional[str]] = mapped_column(server_default=\"it's\")\n"
"    price: Mapped[float] = mapped_column(Numeric(10, 2), server_default=func.lower(\"X\"))\n"
"    st: Mapped[Status] = mapped_column(Enum(Status, values_callable=lambda e: [x.value for x in e]))\n"
"    st2: Mapped[Status] = mapped_column(Enum(Status, native_enum=False, length=20))\n"
"    lvl: Mapped[Lvl] = mapped_column(index=True, server_default=func.current_timestamp())\n"
"    x: Mapped[Optional[int]]\n"
"    y: Mapped[Optional[int]]\n"
"\n"
"\n"
"class Node(Base):\n"
"    __tablename__ = \"node\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)\n"
"    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"node.id\"))\n"
"    order_id: Mapped[int] = mapped_column(ForeignKey(\"order.id\", ondelete=\"CASCADE\"))\n"
"\n"
"\n"
"link = Table(\n"
"    \"link\",\n"
"    Base.metadata,\n"
"    Column(\"a\", Integer, ForeignKey(\"node.id\"), primary_key=True),\n"
"    Column(\"b\", Integer, ForeignKey(\"p.id\"), primary_key=True),\n"
"    Column(\"note\", Text),\n"
")\n"
;

static OrmRegistry *
registry_of(const char *src)
{
	OrmRegistry *reg = tl_declare(&arena, NULL, src, NULL);

	if (!reg)
		CHECK(0);
	return reg;
}

static void
ctx_for(OrmCtx *ctx, OrmError *err, OrmRegistry *reg, const OrmDialect *d)
{
	tl_ctx_init(ctx, &arena, err, d, reg);
	ctx->host = &fake_host;
	fake_dialect = d;
}

static const char *
ddl_text(OrmRegistry *reg, const OrmDialect *d)
{
	OrmCtx		ctx;
	OrmError	err;
	OrmBuf		b;

	ctx_for(&ctx, &err, reg, d);
	orm_buf_init(&b, &arena);
	CHECK(orm_ddl_text(&ctx, &b) == 0);
	return orm_buf_cstr(&b);
}

static void
test_golden(const char *seed)
{
	const char *blog = tl_blog_source(&arena, seed);
	OrmRegistry *reg;

	CHECK(blog != NULL);
	if (blog && (reg = registry_of(blog)) != NULL)
	{
		CHECK_STR(ddl_text(reg, &orm_dialect_pg), blog_pg);
		CHECK_STR(ddl_text(reg, &orm_dialect_sqlite), blog_sqlite);
	}
	if ((reg = registry_of(m4_src)) != NULL)
	{
		CHECK_STR(ddl_text(reg, &orm_dialect_pg), m4_pg);
		CHECK_STR(ddl_text(reg, &orm_dialect_sqlite), m4_sqlite);
	}
}

static void
test_comments(void)
{
	OrmRegistry *reg = registry_of(
		"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
		"class Base(DeclarativeBase):\n"
		"    pass\n"
		"class T(Base):\n"
		"    __tablename__ = 't'\n"
		"    __table_args__ = {'comment': \"the t's\"}\n"
		"    id: Mapped[int] = mapped_column(primary_key=True, comment='key')\n");
	OrmDialect	d;

	if (!reg)
		return;
	CHECK_STR(ddl_text(reg, &orm_dialect_sqlite),
			  "CREATE TABLE \"t\" (\n\t\"id\" INTEGER NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n");
	d = orm_dialect_pg;
	d.has_comments = true;
	CHECK_STR(ddl_text(reg, &d),
			  "CREATE TABLE \"t\" (\n\t\"id\" SERIAL NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "COMMENT ON TABLE \"t\" IS 'the t''s';\n"
			  "COMMENT ON COLUMN \"t\".\"id\" IS 'key';\n");
}

static void
test_create_drop(const char *seed)
{
	const char *blog = tl_blog_source(&arena, seed);
	OrmRegistry *reg = blog ? registry_of(blog) : NULL;
	OrmCtx		ctx;
	OrmError	err;
	OrmBuf		json;

	if (!reg)
		return;
	/* nothing exists: everything is created, as orm_ddl_text shows it */
	nexisting = 0;
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	ctx_for(&ctx, &err, reg, &orm_dialect_pg);
	CHECK(orm_ddl_create_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&json),
			  "{\"created\":[\"users\",\"tags\",\"posts\",\"post_tags\",\"comments\"],\"skipped\":[]}");
	CHECK_STR(orm_buf_cstr(&executed), blog_pg);

	/* users and the enum type exist: users skipped, no CREATE TYPE */
	existing[0] = "users";
	existing[1] = "poststatus";
	nexisting = 2;
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_create_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&json),
			  "{\"created\":[\"tags\",\"posts\",\"post_tags\",\"comments\"],\"skipped\":[\"users\"]}");
	CHECK(strstr(orm_buf_cstr(&executed), "CREATE TYPE") == NULL);
	CHECK(strstr(orm_buf_cstr(&executed), "CREATE TABLE \"users\"") == NULL);
	CHECK(strstr(orm_buf_cstr(&executed), "CREATE TABLE \"posts\"") != NULL);

	/* drop_all: reverse order, missing tables skipped, then the enum type */
	existing[0] = "users";
	existing[1] = "poststatus";
	existing[2] = "posts";
	existing[3] = "comments";
	nexisting = 4;
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_drop_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&json),
			  "{\"dropped\":[\"comments\",\"posts\",\"users\"],\"skipped\":[\"post_tags\",\"tags\"]}");
	CHECK_STR(orm_buf_cstr(&executed),
			  "DROP TABLE \"comments\";\nDROP TABLE \"posts\";\nDROP TABLE \"users\";\n"
			  "DROP TYPE \"poststatus\";\n");

	/* SQLite: no enum types at all */
	ctx_for(&ctx, &err, reg, &orm_dialect_sqlite);
	nexisting = 0;
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_create_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&executed), blog_sqlite);
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_drop_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&json),
			  "{\"dropped\":[],\"skipped\":[\"comments\",\"post_tags\",\"posts\",\"tags\",\"users\"]}");
	CHECK_STR(orm_buf_cstr(&executed), "");
}

/* A foreign-key cycle a <-> b: PostgreSQL adds their foreign keys by ALTER TABLE
 * after all tables and drops a and b in one statement; SQLite keeps them inline. */
static void
test_cycle(void)
{
	OrmRegistry *reg = registry_of(
		"from sqlalchemy import ForeignKey\n"
		"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
		"class Base(DeclarativeBase):\n"
		"    pass\n"
		"class C(Base):\n"
		"    __tablename__ = 'c'\n"
		"    id: Mapped[int] = mapped_column(primary_key=True)\n"
		"    a_id: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
		"class A(Base):\n"
		"    __tablename__ = 'a'\n"
		"    id: Mapped[int] = mapped_column(primary_key=True)\n"
		"    b_id: Mapped[int] = mapped_column(ForeignKey('b.id'))\n"
		"    d_id: Mapped[int] = mapped_column(ForeignKey('d.id', name='fk_d'))\n"
		"class B(Base):\n"
		"    __tablename__ = 'b'\n"
		"    id: Mapped[int] = mapped_column(primary_key=True)\n"
		"    a_id: Mapped[int] = mapped_column(ForeignKey('a.id', ondelete='CASCADE'))\n"
		"class D(Base):\n"
		"    __tablename__ = 'd'\n"
		"    id: Mapped[int] = mapped_column(primary_key=True)\n");
	OrmDialect	pg = orm_dialect_pg;
	OrmCtx		ctx;
	OrmError	err;
	OrmBuf		json;

	if (!reg)
		return;
	pg.has_alter_fk = true;
	/* SQLAlchemy 2.0.40 prints the same (its ALTER order is a set's) */
	CHECK_STR(ddl_text(reg, &pg),
			  "CREATE TABLE \"a\" (\n\t\"id\" SERIAL NOT NULL, \n\t\"b_id\" INTEGER NOT NULL, \n\t"
			  "\"d_id\" INTEGER NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE TABLE \"b\" (\n\t\"id\" SERIAL NOT NULL, \n\t\"a_id\" INTEGER NOT NULL, \n\t"
			  "PRIMARY KEY (\"id\")\n);\n"
			  "CREATE TABLE \"d\" (\n\t\"id\" SERIAL NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE TABLE \"c\" (\n\t\"id\" SERIAL NOT NULL, \n\t\"a_id\" INTEGER NOT NULL, \n\t"
			  "PRIMARY KEY (\"id\"), \n\tFOREIGN KEY(\"a_id\") REFERENCES \"a\" (\"id\")\n);\n"
			  "ALTER TABLE \"a\" ADD FOREIGN KEY(\"b_id\") REFERENCES \"b\" (\"id\");\n"
			  "ALTER TABLE \"a\" ADD CONSTRAINT \"fk_d\" FOREIGN KEY(\"d_id\") REFERENCES \"d\" (\"id\");\n"
			  "ALTER TABLE \"b\" ADD FOREIGN KEY(\"a_id\") REFERENCES \"a\" (\"id\") ON DELETE CASCADE;\n");
	CHECK(strstr(ddl_text(reg, &orm_dialect_sqlite),
				 "CREATE TABLE \"a\" (\n\t\"id\" INTEGER NOT NULL, \n\t\"b_id\" INTEGER NOT NULL, \n\t"
				 "\"d_id\" INTEGER NOT NULL, \n\tPRIMARY KEY (\"id\"), \n\t"
				 "FOREIGN KEY(\"b_id\") REFERENCES \"b\" (\"id\"), \n\t"
				 "CONSTRAINT \"fk_d\" FOREIGN KEY(\"d_id\") REFERENCES \"d\" (\"id\")\n);\n") != NULL);

	/* create_all runs the same statements */
	existing[0] = "d";
	nexisting = 1;
	ctx_for(&ctx, &err, reg, &pg);
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_create_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&json), "{\"created\":[\"a\",\"b\",\"c\"],\"skipped\":[\"d\"]}");
	CHECK(strstr(orm_buf_cstr(&executed), "ALTER TABLE \"b\" ADD FOREIGN KEY") != NULL);

	/* drop: c first (it needs a), then a and b together, then d (a needed it) */
	existing[0] = "a";
	existing[1] = "b";
	existing[2] = "c";
	existing[3] = "d";
	nexisting = 4;
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_drop_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&executed),
			  "DROP TABLE \"c\";\nDROP TABLE \"b\", \"a\";\nDROP TABLE \"d\";\n");
	CHECK_STR(orm_buf_cstr(&json), "{\"dropped\":[\"c\",\"b\",\"a\",\"d\"],\"skipped\":[]}");
	ctx_for(&ctx, &err, reg, &orm_dialect_sqlite);
	orm_buf_init(&executed, &arena);
	orm_buf_init(&json, &arena);
	CHECK(orm_ddl_drop_all(&ctx, &json) == 0);
	CHECK_STR(orm_buf_cstr(&executed),
			  "DROP TABLE \"c\";\nDROP TABLE \"b\";\nDROP TABLE \"a\";\nDROP TABLE \"d\";\n");
}

/* ---- Identity, Computed, sa.true(), naming conventions, named primary key ---- */

/* g1: SQLAlchemy 2.0.40's create_all text for the same model, identifiers quoted. */
static const char *g1_src =
"import enum\n"
"import sqlalchemy as sa\n"
"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
"class Base(DeclarativeBase):\n"
"    metadata = sa.MetaData(naming_convention={\"uq\": \"uq_%(table_name)s_%(column_0_name)s\",\n"
"        \"fk\": \"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s\"})\n"
"class Tone(enum.Enum):\n"
"    LOW = 1\n"
"    HIGH = 2\n"
"class P(Base):\n"
"    __tablename__ = \"p\"\n"
"    __table_args__ = (sa.PrimaryKeyConstraint(\"id\", name=\"p_key\"),)\n"
"    id: Mapped[int] = mapped_column(sa.Identity(start=10, increment=5))\n"
"    code: Mapped[str] = mapped_column(sa.String(8), unique=True)\n"
"class Q(Base):\n"
"    __tablename__ = \"q\"\n"
"    id: Mapped[int] = mapped_column(primary_key=True)\n"
"    p_id: Mapped[int] = mapped_column(sa.ForeignKey(\"p.id\"))\n"
"    tone: Mapped[Tone]\n"
"    on: Mapped[bool] = mapped_column(server_default=sa.true())\n"
"    upper_code: Mapped[str] = mapped_column(sa.String(8), sa.Computed(\"upper(code)\", persisted=True))\n";

static const char *g1_pg =
"CREATE TYPE \"tone\" AS ENUM ('LOW', 'HIGH');\n"
"CREATE TABLE \"p\" (\n"
"\t\"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5 START WITH 10), \n"
"\t\"code\" VARCHAR(8) NOT NULL, \n"
"\tCONSTRAINT \"p_key\" PRIMARY KEY (\"id\"), \n"
"\tCONSTRAINT \"uq_p_code\" UNIQUE (\"code\")\n"
");\n"
"CREATE TABLE \"q\" (\n"
"\t\"id\" SERIAL NOT NULL, \n"
"\t\"p_id\" INTEGER NOT NULL, \n"
"\t\"tone\" \"tone\" NOT NULL, \n"
"\t\"on\" BOOLEAN DEFAULT true NOT NULL, \n"
"\t\"upper_code\" VARCHAR(8) GENERATED ALWAYS AS (upper(code)) STORED NOT NULL, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tCONSTRAINT \"fk_q_p_id_p\" FOREIGN KEY(\"p_id\") REFERENCES \"p\" (\"id\")\n"
");\n"
;

static const char *g1_sqlite =
"CREATE TABLE \"p\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"code\" VARCHAR(8) NOT NULL, \n"
"\tCONSTRAINT \"p_key\" PRIMARY KEY (\"id\"), \n"
"\tCONSTRAINT \"uq_p_code\" UNIQUE (\"code\")\n"
");\n"
"CREATE TABLE \"q\" (\n"
"\t\"id\" INTEGER NOT NULL, \n"
"\t\"p_id\" INTEGER NOT NULL, \n"
"\t\"tone\" VARCHAR(4) NOT NULL, \n"
"\t\"on\" BOOLEAN DEFAULT 1 NOT NULL, \n"
"\t\"upper_code\" VARCHAR(8) NOT NULL GENERATED ALWAYS AS (upper(code)) STORED, \n"
"\tPRIMARY KEY (\"id\"), \n"
"\tCONSTRAINT \"fk_q_p_id_p\" FOREIGN KEY(\"p_id\") REFERENCES \"p\" (\"id\")\n"
");\n"
;

static void
test_column_clauses(void)
{
	OrmRegistry *reg = registry_of(g1_src);

	if (!reg)
		return;
	CHECK_STR(ddl_text(reg, &orm_dialect_pg), g1_pg);
	CHECK_STR(ddl_text(reg, &orm_dialect_sqlite), g1_sqlite);
	/* sqlite_autoincrement; an expression index with USING / WHERE per dialect */
	reg = registry_of("import sqlalchemy as sa\n"
					  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
					  "class Base(DeclarativeBase):\n"
					  "    pass\n"
					  "class Log(Base):\n"
					  "    __tablename__ = 'log'\n"
					  "    __table_args__ = (sa.Index('ix_log', sa.func.lower(sa.text('msg')), 'id',\n"
					  "        postgresql_using='gin', postgresql_where=sa.text('id > 1')),\n"
					  "        {'sqlite_autoincrement': True})\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    msg: Mapped[str]\n");
	if (!reg)
		return;
	CHECK_STR(ddl_text(reg, &orm_dialect_sqlite),
			  "CREATE TABLE \"log\" (\n\t\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
			  "\t\"msg\" VARCHAR NOT NULL\n);\n"
			  "CREATE INDEX \"ix_log\" ON \"log\" (lower(msg), \"id\");\n");
	CHECK_STR(ddl_text(reg, &orm_dialect_pg),
			  "CREATE TABLE \"log\" (\n\t\"id\" SERIAL NOT NULL, \n"
			  "\t\"msg\" VARCHAR NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE INDEX \"ix_log\" ON \"log\" USING gin (lower(msg), \"id\") WHERE id > 1;\n");
	/* create_constraint=True: a CHECK where the type is not native */
	reg = registry_of("import enum\n"
					  "import sqlalchemy as sa\n"
					  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
					  "class Base(DeclarativeBase):\n"
					  "    pass\n"
					  "class R(enum.Enum):\n"
					  "    a = 'x'\n"
					  "    b = 'y'\n"
					  "class T(Base):\n"
					  "    __tablename__ = 't'\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    r: Mapped[R] = mapped_column(sa.Enum(R, create_constraint=True), unique=True)\n"
					  "    s: Mapped[R] = mapped_column(sa.Enum(R, create_constraint=True, native_enum=False, name='sss'))\n"
					  "    b: Mapped[bool] = mapped_column(sa.Boolean(create_constraint=True))\n");
	if (!reg)
		return;
	CHECK(strstr(ddl_text(reg, &orm_dialect_sqlite),
				 "\tPRIMARY KEY (\"id\"), \n\tUNIQUE (\"r\"), \n\tCONSTRAINT \"r\" CHECK (\"r\" IN ('a', 'b')), \n"
				 "\tCONSTRAINT \"sss\" CHECK (\"s\" IN ('a', 'b')), \n\tCHECK (\"b\" IN (0, 1))\n);\n") != NULL);
	CHECK(strstr(ddl_text(reg, &orm_dialect_pg),
				 "\tPRIMARY KEY (\"id\"), \n\tUNIQUE (\"r\"), \n"
				 "\tCONSTRAINT \"sss\" CHECK (\"s\" IN ('a', 'b'))\n);\n") != NULL);
	/* deferrable / initially; use_alter: ALTER TABLE on PostgreSQL, inline on SQLite */
	reg = registry_of("import sqlalchemy as sa\n"
					  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
					  "class Base(DeclarativeBase):\n"
					  "    pass\n"
					  "class P(Base):\n"
					  "    __tablename__ = 'p'\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "class C(Base):\n"
					  "    __tablename__ = 'c'\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    a: Mapped[int] = mapped_column(sa.ForeignKey('p.id', deferrable=True, initially='DEFERRED'))\n"
					  "    b: Mapped[int] = mapped_column(sa.ForeignKey('p.id', use_alter=True, name='fk_b'))\n");
	if (!reg)
		return;
	CHECK_STR(ddl_text(reg, &orm_dialect_pg),
			  "CREATE TABLE \"p\" (\n\t\"id\" SERIAL NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE TABLE \"c\" (\n\t\"id\" SERIAL NOT NULL, \n\t\"a\" INTEGER NOT NULL, \n"
			  "\t\"b\" INTEGER NOT NULL, \n\tPRIMARY KEY (\"id\"), \n"
			  "\tFOREIGN KEY(\"a\") REFERENCES \"p\" (\"id\") DEFERRABLE INITIALLY DEFERRED\n);\n"
			  "ALTER TABLE \"c\" ADD CONSTRAINT \"fk_b\" FOREIGN KEY(\"b\") REFERENCES \"p\" (\"id\");\n");
	CHECK(strstr(ddl_text(reg, &orm_dialect_sqlite),
				 "DEFERRABLE INITIALLY DEFERRED, \n\tCONSTRAINT \"fk_b\" FOREIGN KEY(\"b\")") != NULL);
	/* MetaData(schema=), with_variant(); SQLite: no schema in REFERENCES, none
	 * at all across schemas, the schema on the index name */
	reg = registry_of("import sqlalchemy as sa\n"
					  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
					  "Big = sa.BigInteger().with_variant(sa.Integer, 'sqlite')\n"
					  "class Base(DeclarativeBase):\n"
					  "    metadata = sa.MetaData(schema='app')\n"
					  "class A(Base):\n"
					  "    __tablename__ = 'a'\n"
					  "    id: Mapped[int] = mapped_column(Big, primary_key=True)\n"
					  "class B(Base):\n"
					  "    __tablename__ = 'b'\n"
					  "    __table_args__ = {'schema': 'other'}\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    a_id: Mapped[int] = mapped_column(sa.ForeignKey('app.a.id'), index=True)\n");
	if (!reg)
		return;
	CHECK_STR(ddl_text(reg, &orm_dialect_sqlite),
			  "CREATE TABLE \"app\".\"a\" (\n\t\"id\" INTEGER NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE TABLE \"other\".\"b\" (\n\t\"id\" INTEGER NOT NULL, \n\t\"a_id\" INTEGER NOT NULL, \n"
			  "\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE INDEX \"other\".\"ix_other_b_a_id\" ON \"b\" (\"a_id\");\n");
	CHECK_STR(ddl_text(reg, &orm_dialect_pg),
			  "CREATE TABLE \"app\".\"a\" (\n\t\"id\" BIGSERIAL NOT NULL, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "CREATE TABLE \"other\".\"b\" (\n\t\"id\" SERIAL NOT NULL, \n\t\"a_id\" BIGINT NOT NULL, \n"
			  "\tPRIMARY KEY (\"id\"), \n\tFOREIGN KEY(\"a_id\") REFERENCES \"app\".\"a\" (\"id\")\n);\n"
			  "CREATE INDEX \"ix_other_b_a_id\" ON \"other\".\"b\" (\"a_id\");\n");
}

/* Generated names past max_identifier_length: SQLAlchemy's hash-suffixed form (PostgreSQL 63). */
static const char *long_src =
	"from sqlalchemy import MetaData, CheckConstraint, ForeignKey, String\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
	"class Base(DeclarativeBase):\n"
	"    metadata = MetaData(naming_convention={'ix': 'ix_%(column_0_label)s', 'uq': 'uq_%(table_name)s_%(column_0_name)s', 'ck': 'ck_%(table_name)s_%(constraint_name)s', 'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s', 'pk': 'pk_%(table_name)s'})\n"
	"class Parent(Base):\n"
	"    __tablename__ = 'parent_table_with_a_quite_long_name_exceeding'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"class Child(Base):\n"
	"    __tablename__ = 'a_very_long_table_name_that_goes_on_and_on_and_on'\n"
	"    __table_args__ = (CheckConstraint('id > 0', name='positive_identifier_check'),)\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    another_extremely_long_column_name: Mapped[str] = mapped_column(String(20), index=True)\n"
	"    yet_another_long_column_name_unique: Mapped[str] = mapped_column(String(20), unique=True)\n"
	"    pid: Mapped[int] = mapped_column(ForeignKey('parent_table_with_a_quite_long_name_exceeding.id'))\n";

static void
test_long_names(void)
{
	OrmRegistry *reg = registry_of(long_src);
	const char *pg;

	if (!reg)
		return;
	pg = ddl_text(reg, &orm_dialect_pg);
	CHECK(strstr(pg, "CONSTRAINT \"pk_a_very_long_table_name_that_goes_on_and_on_and_on\" PRIMARY KEY") != NULL);
	CHECK(strstr(pg, "CONSTRAINT \"ck_a_very_long_table_name_that_goes_on_and_on_and_on_po_72e0\" CHECK") != NULL);
	CHECK(strstr(pg, "CONSTRAINT \"uq_a_very_long_table_name_that_goes_on_and_on_and_on_ye_dde3\" UNIQUE") != NULL);
	CHECK(strstr(pg, "CONSTRAINT \"fk_a_very_long_table_name_that_goes_on_and_on_and_on_pi_83f6\" FOREIGN KEY") != NULL);
	CHECK(strstr(pg, "CREATE INDEX \"ix_a_very_long_table_name_that_goes_on_and_on_and_on_an_2679\" ON") != NULL);
	pg = ddl_text(reg, &orm_dialect_sqlite);
	CHECK(strstr(pg, "CONSTRAINT \"ck_a_very_long_table_name_that_goes_on_and_on_and_on_positive_identifier_check\" CHECK") != NULL);
	CHECK(strstr(pg, "CREATE INDEX \"ix_a_very_long_table_name_that_goes_on_and_on_and_on_another_extremely_long_column_name\" ON") != NULL);
	/* the default ix_ convention, no naming_convention given; a declared name is kept */
	reg = registry_of("from sqlalchemy import Index\n"
					  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
					  "class Base(DeclarativeBase):\n"
					  "    pass\n"
					  "class P2(Base):\n"
					  "    __tablename__ = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n"
					  "    __table_args__ = (Index('explicit_name_exactly_sixty_three_characters_long_for_postgres', 'col'),)\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    col: Mapped[int] = mapped_column(index=True)\n");
	if (!reg)
		return;
	pg = ddl_text(reg, &orm_dialect_pg);
	CHECK(strstr(pg, "CREATE INDEX \"ix_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_e77c\" ON") != NULL);
	CHECK(strstr(pg, "CREATE INDEX \"explicit_name_exactly_sixty_three_characters_long_for_postgres\" ON") != NULL);
	pg = ddl_text(reg, &orm_dialect_sqlite);
	CHECK(strstr(pg, "CREATE INDEX \"ix_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_col\" ON") != NULL);
}

int
main(int argc, char **argv)
{
	const char *seed;

	orm_arena_init(&arena, &check_hooks);
	seed = tl_seed_read(&arena, argc, argv);
	CHECK(seed != NULL);
	test_golden(seed);
	test_comments();
	test_create_drop(seed);
	test_cycle();
	test_column_clauses();
	test_long_names();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
