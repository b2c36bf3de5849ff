/*
 * test_query.c -- golden tests of query.c (statement text -> SxSelect) and
 * compile.c (SxSelect -> SQL), on both dialects.
 *
 * The registry is the seed's blog application model, declared through
 * declare.c; every case is a statement text, the expected SQL, the row keys
 * and the bound parameters.  Expected SQL is what SQLAlchemy 2.0.40 prints
 * for the same statement (checked with sa-python), with quoted identifiers,
 * numbered placeholders and on one line.
 *
 * Build (from the repository root):
 *   make build/unit/test_query
 *   valgrind --error-exitcode=1 -q build/unit/test_query [seed-file]
 *     (seed file: argv[1], else $ORM_SEED, else testlib.h's TL_SEED_DEFAULT)
 */
#include "check.h"
#include "testlib.h"
#include "orm/query.h"
#include "orm/loader.h"
#include "sql/compile.h"
#include "base/json.h"

#include <inttypes.h>

static const char *misc_src =
	"import enum\n"
	"from sqlalchemy import JSON, String, ForeignKey, Enum as SAEnum\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class Status(enum.Enum):\n"
	"    DRAFT = \"draft\"\n"
	"    PUBLISHED = \"published\"\n"
	"class Config(Base):\n"
	"    __tablename__ = \"configs\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    data: Mapped[dict] = mapped_column(JSON, default=dict)\n"
	"class Order(Base):\n"
	"    __tablename__ = \"order\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    user_: Mapped[str] = mapped_column(\"user\", String(10))\n"
	"    weird: Mapped[str] = mapped_column(\"a\\\"b\", String(10))\n"
	"class Employee(Base):\n"
	"    __tablename__ = \"employees\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50))\n"
	"    manager_id: Mapped[int] = mapped_column(ForeignKey(\"employees.id\"))\n"
	"    mentor_id: Mapped[int] = mapped_column(ForeignKey(\"employees.id\"))\n"
	"class Article(Base):\n"
	"    __tablename__ = \"articles\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    status: Mapped[Status] = mapped_column(\n"
	"        SAEnum(Status, values_callable=lambda e: [i.value for i in e]),\n"
	"        default=Status.DRAFT,\n"
	"    )\n";

static OrmArena arena;
static OrmRegistry *blog;
static OrmRegistry *misc;

static const OrmDialect *const SQLITE = &orm_dialect_sqlite;
static const OrmDialect *const PG = &orm_dialect_pg;

static void
ctx_init(OrmCtx *ctx, OrmError *err, const OrmDialect *d, OrmRegistry *reg)
{
	tl_ctx_init(ctx, &arena, err, d, reg);
}

static void
fmt_params(OrmBuf *b, const OrmCompiled *c)
{
	int			i;

	orm_buf_puts(b, "[");
	for (i = 0; i < c->nparams; i++)
	{
		const OrmParam *p = &c->params[i];

		if (i > 0)
			orm_buf_puts(b, ", ");
		switch (p->kind)
		{
			case ORM_V_INT:
			case ORM_V_BOOL:
				orm_buf_printf(b, "%" PRId64, p->i);
				break;
			case ORM_V_FLOAT:
				orm_buf_printf(b, "%g", p->f);
				break;
			case ORM_V_NULL:
				orm_buf_puts(b, "NULL");
				break;
			default:
				orm_buf_printf(b, "'%.*s'", (int) p->len, p->s);
		}
	}
	orm_buf_puts(b, "]");
}

/* "SQL | keys | params" or "ERROR <text>" */
static const char *
run_plans(OrmRegistry *reg, const OrmDialect *d, const char *q, const char *params,
		  OrmLoadNode **plans)
{
	OrmCtx		ctx;
	OrmError	err;
	JsonValue  *pj = NULL;
	SxSelect   *s;
	OrmCompiled c;
	OrmBuf		b;
	int			i;

	ctx_init(&ctx, &err, d, reg);
	orm_buf_init(&b, &arena);
	if (params && !(pj = json_parse(&arena, params, strlen(params), &err)))
		return "ERROR bad params";
	if (!(s = orm_query_eval(&ctx, q, pj)) || orm_plan_place(&ctx, s, plans) < 0 ||
		orm_compile_select(&ctx, s, plans, &c) < 0)
	{
		orm_buf_printf(&b, "ERROR %s", orm_error_text(&arena, &err, "orm_select"));
		return orm_buf_cstr(&b);
	}
	orm_buf_printf(&b, "%s |", c.sql);
	for (i = 0; i < c.nitems; i++)
		orm_buf_printf(&b, " %s", c.item_keys[i] ? c.item_keys[i] : "-");
	orm_buf_puts(&b, " | ");
	fmt_params(&b, &c);
	return orm_buf_cstr(&b);
}

static const char *
run(const OrmDialect *d, const char *q)
{
	return run_plans(blog, d, q, NULL, NULL);
}

static const char *
runp(const OrmDialect *d, const char *q, const char *params)
{
	return run_plans(blog, d, q, params, NULL);
}

static const char *
runm(const OrmDialect *d, const char *q)
{
	return run_plans(misc, d, q, NULL, NULL);
}

#define USERS_COLS "\"users\".\"id\", \"users\".\"username\", \"users\".\"email\", " \
	"\"users\".\"display_name\", \"users\".\"is_active\", \"users\".\"created_at\", \"users\".\"updated_at\""
#define POSTS_COLS "\"posts\".\"id\", \"posts\".\"title\", \"posts\".\"slug\", \"posts\".\"body\", " \
	"\"posts\".\"status\", \"posts\".\"author_id\", \"posts\".\"created_at\", \"posts\".\"updated_at\""
#define COMMENTS_COLS "\"comments\".\"id\", \"comments\".\"body\", \"comments\".\"post_id\", " \
	"\"comments\".\"author_id\", \"comments\".\"parent_id\", \"comments\".\"created_at\", \"comments\".\"updated_at\""

/* ---- the six queries of the seed's query_examples() ---------------------- */

static void
test_query_examples(void)
{
	const char *q1 = "select(User).options(selectinload(User.posts))";
	const char *q2 =
		"stmt = (\n"
		"    select(Post)\n"
		"    .join(Post.author)\n"
		"    .where(User.username == \"alice\")\n"
		"    .where(Post.status == PostStatus.PUBLISHED)\n"
		"    .order_by(Post.created_at.desc())\n"
		")\n";
	const char *q3 =
		"stmt = (\n"
		"    select(User.username, func.count(Post.id).label(\"post_count\"))\n"
		"    .join(User.posts)\n"
		"    .group_by(User.username)\n"
		"    .order_by(func.count(Post.id).desc())\n"
		")\n";
	const char *q4 =
		"stmt = (\n"
		"    select(Post)\n"
		"    .join(Post.tags)\n"
		"    .where(Tag.name == \"python\")\n"
		"    .options(selectinload(Post.tags), selectinload(Post.author))\n"
		")\n";
	const char *q5 =
		"subq = (\n"
		"    select(Post.author_id)\n"
		"    .where(Post.status == PostStatus.PUBLISHED)\n"
		"    .distinct()\n"
		"    .subquery()\n"
		")\n"
		"stmt = select(User).where(User.id.in_(select(subq.c.author_id)))\n";
	const char *q6 =
		"stmt = (\n"
		"    select(Comment)\n"
		"    .where(Comment.parent_id.is_(None))\n"
		"    .options(\n"
		"        selectinload(Comment.replies),\n"
		"        selectinload(Comment.author),\n"
		"    )\n"
		")\n";

	CHECK_STR(run(SQLITE, q1), "SELECT " USERS_COLS " FROM \"users\" | User | []");
	CHECK_STR(run(PG, q1), "SELECT " USERS_COLS " FROM \"users\" | User | []");
	CHECK_STR(run(SQLITE, q2), "SELECT " POSTS_COLS " FROM \"posts\" JOIN \"users\" ON \"users\".\"id\" = \"posts\".\"author_id\" "
			  "WHERE \"users\".\"username\" = ?1 AND \"posts\".\"status\" = ?2 ORDER BY \"posts\".\"created_at\" DESC | Post | ['alice', 'PUBLISHED']");
	CHECK_STR(run(PG, q2), "SELECT " POSTS_COLS " FROM \"posts\" JOIN \"users\" ON \"users\".\"id\" = \"posts\".\"author_id\" "
			  "WHERE \"users\".\"username\" = $1 AND \"posts\".\"status\" = $2::\"poststatus\" ORDER BY \"posts\".\"created_at\" DESC | Post | ['alice', 'PUBLISHED']");
	CHECK_STR(run(SQLITE, q3), "SELECT \"users\".\"username\", count(\"posts\".\"id\") AS \"post_count\" FROM \"users\" "
			  "JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\" GROUP BY \"users\".\"username\" "
			  "ORDER BY count(\"posts\".\"id\") DESC | username post_count | []");
	CHECK_STR(run(PG, q3), "SELECT \"users\".\"username\", count(\"posts\".\"id\") AS \"post_count\" FROM \"users\" "
			  "JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\" GROUP BY \"users\".\"username\" "
			  "ORDER BY count(\"posts\".\"id\") DESC | username post_count | []");
	CHECK_STR(run(SQLITE, q4), "SELECT " POSTS_COLS " FROM \"posts\" JOIN \"post_tags\" AS \"post_tags_1\" ON \"posts\".\"id\" = \"post_tags_1\".\"post_id\" "
			  "JOIN \"tags\" ON \"tags\".\"id\" = \"post_tags_1\".\"tag_id\" WHERE \"tags\".\"name\" = ?1 | Post | ['python']");
	CHECK_STR(run(PG, q4), "SELECT " POSTS_COLS " FROM \"posts\" JOIN \"post_tags\" AS \"post_tags_1\" ON \"posts\".\"id\" = \"post_tags_1\".\"post_id\" "
			  "JOIN \"tags\" ON \"tags\".\"id\" = \"post_tags_1\".\"tag_id\" WHERE \"tags\".\"name\" = $1 | Post | ['python']");
	CHECK_STR(run(SQLITE, q5), "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" IN (SELECT \"anon_1\".\"author_id\" "
			  "FROM (SELECT DISTINCT \"posts\".\"author_id\" AS \"author_id\" FROM \"posts\" WHERE \"posts\".\"status\" = ?1) AS \"anon_1\") | User | ['PUBLISHED']");
	CHECK_STR(run(PG, q5), "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" IN (SELECT \"anon_1\".\"author_id\" "
			  "FROM (SELECT DISTINCT \"posts\".\"author_id\" AS \"author_id\" FROM \"posts\" WHERE \"posts\".\"status\" = $1::\"poststatus\") AS \"anon_1\") | User | ['PUBLISHED']");
	CHECK_STR(run(SQLITE, q6), "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"comments\".\"parent_id\" IS NULL | Comment | []");
	CHECK_STR(run(PG, q6), "SELECT " COMMENTS_COLS " FROM \"comments\" WHERE \"comments\".\"parent_id\" IS NULL | Comment | []");
}

/* The statements carry their loader options. */
static void
test_options(void)
{
	OrmCtx		ctx;
	OrmError	err;
	SxSelect   *s;
	SxLoadOpt  *o;

	ctx_init(&ctx, &err, SQLITE, blog);
	s = orm_query_eval(&ctx, "select(User).options(selectinload(User.posts).joinedload(Post.comments), raiseload(\"*\"))", NULL);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(s->options.n == 2);
	o = s->options.items[0];
	CHECK(o->npath == 2 && strcmp(o->path[0]->name, "posts") == 0 &&
		  strcmp(o->path[1]->name, "comments") == 0);
	CHECK(o->strategy[0] == ORM_LAZY_SELECTIN && o->strategy[1] == ORM_LAZY_JOINED);
	o = s->options.items[1];
	CHECK(o->npath == 0 && o->wildcard && o->wildcard_strategy == ORM_LAZY_RAISE);

	s = orm_query_eval(&ctx, "select(Post).options(selectinload(\"comments\").selectinload(\"replies\"))", NULL);
	CHECK(s && s->options.n == 1);
	if (s && s->options.n == 1)
	{
		o = s->options.items[0];
		CHECK(o->npath == 2 && o->path[1]->owner == o->path[0]->target);
	}
	/* orm_get style options text */
	s = orm_query_eval(&ctx, "select(User)", NULL);
	CHECK(s && orm_query_options(&ctx, "selectinload(User.posts), joinedload(User.comments)", s) == 0);
	CHECK(s && s->options.n == 2);
	CHECK(s && orm_query_options(&ctx, "selectinload(User.postz)", s) < 0);
	CHECK_STR(err.message, "unknown attribute \"postz\" on User");
	CHECK(err.line == 1 && err.col == 14);
}

/* ---- the seed's "Querying (2.0 Style)" snippets, on the blog model ------- */

static void
test_where(void)
{
	CHECK_STR(run(SQLITE, "select(User).where(User.username == \"Alice\")"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"username\" = ?1 | User | ['Alice']");
	CHECK_STR(run(SQLITE, "select(User).where(User.id >= 18, User.is_active == True)"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" >= ?1 AND \"users\".\"is_active\" = 1 | User | [18]");
	CHECK_STR(run(PG, "select(User).where(User.id >= 18, User.is_active == True)"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" >= $1 AND \"users\".\"is_active\" = true | User | [18]");
	CHECK_STR(run(SQLITE, "select(User).where(User.username.like(\"%ali%\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"username\" LIKE ?1 | User | ['%ali%']");
	CHECK_STR(run(SQLITE, "select(User).where(User.username.ilike(\"%ali%\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE lower(\"users\".\"username\") LIKE lower(?1) | User | ['%ali%']");
	CHECK_STR(run(PG, "select(User).where(User.username.ilike(\"%ali%\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"username\" ILIKE $1 | User | ['%ali%']");
	CHECK_STR(run(SQLITE, "select(User).where(User.id.in_([1, 2, 3]))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" IN (?1, ?2, ?3) | User | [1, 2, 3]");
	CHECK_STR(run(SQLITE, "select(User).where(User.email.is_(None))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"email\" IS NULL | User | []");
	CHECK_STR(run(SQLITE, "select(User).where(User.email.is_not(None))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"email\" IS NOT NULL | User | []");
	CHECK_STR(run(SQLITE, "select(User).where(User.username.startswith(\"A\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE (\"users\".\"username\" LIKE ?1 || '%') | User | ['A']");
	CHECK_STR(run(PG, "select(User).where(User.username.contains(\"lic\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE (\"users\".\"username\" LIKE '%' || $1 || '%') | User | ['lic']");
	CHECK_STR(run(SQLITE, "select(User).where(User.username.endswith(\"e\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE (\"users\".\"username\" LIKE '%' || ?1) | User | ['e']");
	CHECK_STR(run(SQLITE, "select(User).where(User.id.between(18, 65))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" BETWEEN ?1 AND ?2 | User | [18, 65]");
	CHECK_STR(run(SQLITE, "select(User).where(or_(User.username == \"Alice\", User.username == \"Bob\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"username\" = ?1 OR \"users\".\"username\" = ?2 | User | ['Alice', 'Bob']");
	CHECK_STR(run(SQLITE, "select(User).where(and_(User.id >= 18, or_(User.email == \"admin\", User.email == \"mod\")))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" >= ?1 AND (\"users\".\"email\" = ?2 OR \"users\".\"email\" = ?3) | User | [18, 'admin', 'mod']");
	CHECK_STR(run(SQLITE, "select(User).where(not_(User.is_active))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"is_active\" = 0 | User | []");
	CHECK_STR(run(PG, "select(User).where(not_(User.is_active))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE NOT \"users\".\"is_active\" | User | []");
	CHECK_STR(run(SQLITE, "select(User).filter_by(username=\"Alice\", is_active=True)"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"username\" = ?1 AND \"users\".\"is_active\" = 1 | User | ['Alice']");
	CHECK_STR(run(SQLITE, "select(User).where(User.id >= 18).where(User.is_active == True)"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" >= ?1 AND \"users\".\"is_active\" = 1 | User | [18]");
	CHECK_STR(run(SQLITE, "select(User).where(or_(User.username == \"a\", and_(User.id > 1, User.id < 3))).where(~(User.id == 3))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE (\"users\".\"username\" = ?1 OR \"users\".\"id\" > ?2 AND \"users\".\"id\" < ?3) AND \"users\".\"id\" != ?4 | User | ['a', 1, 3, 3]");
	CHECK_STR(run(SQLITE, "select(User).where(User.username == None).where(User.id.not_in([4, 5]))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"username\" IS NULL AND \"users\".\"id\" NOT IN (?1, ?2) | User | [4, 5]");
	/* literals take the stored form of the column they meet */
	CHECK_STR(run(SQLITE, "select(Post.id).where(Post.created_at > \"2024-01-01T00:00:00\")"),
			  "SELECT \"posts\".\"id\" FROM \"posts\" WHERE \"posts\".\"created_at\" > ?1 | id | ['2024-01-01 00:00:00.000000']");
	CHECK_STR(run(PG, "select(Post.id).where(Post.created_at > \"2024-01-01T00:00:00\")"),
			  "SELECT \"posts\".\"id\" FROM \"posts\" WHERE \"posts\".\"created_at\" > $1::timestamp | id | ['2024-01-01 00:00:00.000000']");
	CHECK_STR(run(PG, "select(Post.id).where(Post.status.in_([PostStatus.PUBLISHED, PostStatus.DRAFT]))"),
			  "SELECT \"posts\".\"id\" FROM \"posts\" WHERE \"posts\".\"status\" IN ($1::\"poststatus\", $2::\"poststatus\") | id | ['PUBLISHED', 'DRAFT']");
}

static void
test_joins(void)
{
	const char *j = " JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\"";

	CHECK_STR(run(SQLITE, "select(User).join(Post)"),
			  orm_sprintf(&arena, "SELECT " USERS_COLS " FROM \"users\"%s | User | []", j));
	CHECK_STR(run(SQLITE, "select(User).join(Post, User.id == Post.author_id)"),
			  orm_sprintf(&arena, "SELECT " USERS_COLS " FROM \"users\"%s | User | []", j));
	CHECK_STR(run(SQLITE, "select(User).join(User.posts)"),
			  orm_sprintf(&arena, "SELECT " USERS_COLS " FROM \"users\"%s | User | []", j));
	CHECK_STR(run(SQLITE, "select(User).outerjoin(Post)"),
			  "SELECT " USERS_COLS " FROM \"users\" LEFT OUTER JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\" | User | []");
	CHECK_STR(run(PG, "select(User).outerjoin(User.posts)"),
			  "SELECT " USERS_COLS " FROM \"users\" LEFT OUTER JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\" | User | []");
	CHECK_STR(run(SQLITE, "stmt = (\n    select(User)\n    .join(User.posts)\n    .join(Post.comments)\n"
				  "    .where(Comment.body.contains(\"great\"))\n)\n"),
			  orm_sprintf(&arena, "SELECT " USERS_COLS " FROM \"users\"%s JOIN \"comments\" ON \"posts\".\"id\" = \"comments\".\"post_id\" "
						  "WHERE (\"comments\".\"body\" LIKE '%%' || ?1 || '%%') | User | ['great']", j));
	/* entity joins infer from the right-most joined table first */
	CHECK_STR(run(SQLITE, "select(User).join(Post).join(Comment)"),
			  orm_sprintf(&arena, "SELECT " USERS_COLS " FROM \"users\"%s JOIN \"comments\" ON \"posts\".\"id\" = \"comments\".\"post_id\" | User | []", j));
	CHECK_STR(run(SQLITE, "select(Tag.name, User.username).join(User.posts)"),
			  orm_sprintf(&arena, "SELECT \"tags\".\"name\", \"users\".\"username\" FROM \"users\"%s, \"tags\" | name username | []", j));
	CHECK_STR(run(SQLITE, "select(User.username).where(Tag.id == 1).select_from(Post)"),
			  "SELECT \"users\".\"username\" FROM \"posts\", \"users\", \"tags\" WHERE \"tags\".\"id\" = ?1 | username | [1]");
	CHECK_STR(run(SQLITE, "select(Post).filter_by(title=\"x\").join(Post.author).filter_by(username=\"y\")"),
			  "SELECT " POSTS_COLS " FROM \"posts\" JOIN \"users\" ON \"users\".\"id\" = \"posts\".\"author_id\" "
			  "WHERE \"posts\".\"title\" = ?1 AND \"users\".\"username\" = ?2 | Post | ['x', 'y']");
	CHECK_STR(run(SQLITE, "manager = aliased(User, name=\"manager\")\nstmt = (\n    select(User, manager)\n"
				  "    .join(manager, User.id == manager.id)\n)\n"),
			  "SELECT " USERS_COLS ", \"manager\".\"id\" AS \"id_1\", \"manager\".\"username\" AS \"username_1\", "
			  "\"manager\".\"email\" AS \"email_1\", \"manager\".\"display_name\" AS \"display_name_1\", "
			  "\"manager\".\"is_active\" AS \"is_active_1\", \"manager\".\"created_at\" AS \"created_at_1\", "
			  "\"manager\".\"updated_at\" AS \"updated_at_1\" FROM \"users\" JOIN \"users\" AS \"manager\" "
			  "ON \"users\".\"id\" = \"manager\".\"id\" | User manager | []");
	CHECK_STR(run(SQLITE, "c2 = aliased(Comment)\nselect(Comment.body, c2.body.label(\"parent_body\")).join(c2, Comment.parent)"),
			  "SELECT \"comments\".\"body\", \"comments_1\".\"body\" AS \"parent_body\" FROM \"comments\" "
			  "JOIN \"comments\" AS \"comments_1\" ON \"comments_1\".\"id\" = \"comments\".\"parent_id\" | body parent_body | []");
	CHECK_STR(run(SQLITE, "p = aliased(Post, name=\"p\")\nselect(User.id).join(User.posts.of_type(p)).where(p.title == \"x\")"),
			  "SELECT \"users\".\"id\" FROM \"users\" JOIN \"posts\" AS \"p\" ON \"users\".\"id\" = \"p\".\"author_id\" "
			  "WHERE \"p\".\"title\" = ?1 | id | ['x']");
	CHECK_STR(run(SQLITE, "p = aliased(Post)\nselect(User.id, p.title).join(p, User.posts)"),
			  "SELECT \"users\".\"id\", \"posts_1\".\"title\" FROM \"users\" JOIN \"posts\" AS \"posts_1\" "
			  "ON \"users\".\"id\" = \"posts_1\".\"author_id\" | id title | []");
	CHECK_STR(run(PG, "select(User.username, Post.title).outerjoin_from(User, Post, User.id == Post.author_id)"),
			  "SELECT \"users\".\"username\", \"posts\".\"title\" FROM \"users\" LEFT OUTER JOIN \"posts\" "
			  "ON \"users\".\"id\" = \"posts\".\"author_id\" | username title | []");
	CHECK_STR(run(SQLITE, "select(User, Post).join(Post)"),
			  "SELECT " USERS_COLS ", \"posts\".\"id\" AS \"id_1\", \"posts\".\"title\", \"posts\".\"slug\", \"posts\".\"body\", "
			  "\"posts\".\"status\", \"posts\".\"author_id\", \"posts\".\"created_at\" AS \"created_at_1\", "
			  "\"posts\".\"updated_at\" AS \"updated_at_1\" FROM \"users\" JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\" | User Post | []");
}

static void
test_order_group_limit(void)
{
	CHECK_STR(run(SQLITE, "select(User).order_by(User.username)"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"username\" | User | []");
	CHECK_STR(run(SQLITE, "select(User).order_by(User.username.desc())"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"username\" DESC | User | []");
	CHECK_STR(run(SQLITE, "select(User).order_by(desc(User.created_at))"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"created_at\" DESC | User | []");
	CHECK_STR(run(PG, "select(User).order_by(User.display_name, User.username)"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"display_name\", \"users\".\"username\" | User | []");
	CHECK_STR(run(SQLITE, "select(User).order_by(User.username.desc().nulls_last(), asc(User.id))"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"username\" DESC NULLS LAST, \"users\".\"id\" ASC | User | []");
	CHECK_STR(run(SQLITE, "select(User.id).order_by(User.id.nulls_first())"),
			  "SELECT \"users\".\"id\" FROM \"users\" ORDER BY \"users\".\"id\" NULLS FIRST | id | []");
	CHECK_STR(run(SQLITE, "select(User).order_by(User.id).order_by(None)"),
			  "SELECT " USERS_COLS " FROM \"users\" | User | []");
	CHECK_STR(run(SQLITE, "stmt = (\n    select(Post.author_id, func.count(Post.id).label(\"post_count\"))\n"
				  "    .group_by(Post.author_id)\n    .having(func.count(Post.id) > 5)\n)\n"),
			  "SELECT \"posts\".\"author_id\", count(\"posts\".\"id\") AS \"post_count\" FROM \"posts\" "
			  "GROUP BY \"posts\".\"author_id\" HAVING count(\"posts\".\"id\") > ?1 | author_id post_count | [5]");
	CHECK_STR(run(SQLITE, "select(User.id, User.username.label(\"u\")).order_by(\"u\")"),
			  "SELECT \"users\".\"id\", \"users\".\"username\" AS \"u\" FROM \"users\" ORDER BY \"u\" | id u | []");
	CHECK_STR(run(SQLITE, "page = 2\npage_size = 20\nstmt = (\n    select(User)\n    .order_by(User.id)\n"
				  "    .limit(page_size)\n    .offset((page - 1) * page_size)\n)\n"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"id\" LIMIT ?1 OFFSET ?2 | User | [20, 20]");
	CHECK_STR(runp(PG, "select(User).order_by(User.id).limit(page_size).offset((page - 1) * page_size)",
				   "{\"page\": 3, \"page_size\": 10}"),
			  "SELECT " USERS_COLS " FROM \"users\" ORDER BY \"users\".\"id\" LIMIT $1 OFFSET $2 | User | [10, 20]");
	CHECK_STR(run(SQLITE, "select(User.username).distinct()"),
			  "SELECT DISTINCT \"users\".\"username\" FROM \"users\" | username | []");
}

static void
test_functions(void)
{
	CHECK_STR(run(SQLITE, "select(func.count(User.id))"),
			  "SELECT count(\"users\".\"id\") AS \"count_1\" FROM \"users\" | count | []");
	CHECK_STR(run(SQLITE, "select(func.count()).select_from(User)"),
			  "SELECT count(*) AS \"count_1\" FROM \"users\" | count | []");
	CHECK_STR(run(SQLITE, "select(func.min(Post.id), func.max(Post.id))"),
			  "SELECT min(\"posts\".\"id\") AS \"min_1\", max(\"posts\".\"id\") AS \"max_1\" FROM \"posts\" | min max | []");
	CHECK_STR(run(SQLITE, "select(func.lower(User.username), func.coalesce(User.display_name, User.username))"),
			  "SELECT lower(\"users\".\"username\") AS \"lower_1\", coalesce(\"users\".\"display_name\", \"users\".\"username\") AS \"coalesce_1\" "
			  "FROM \"users\" | lower coalesce | []");
	/* no mapped class: a Core statement, keyed by its anonymous labels */
	CHECK_STR(run(SQLITE, "select(func.now(), literal(3))"),
			  "SELECT CURRENT_TIMESTAMP AS \"now_1\", ?1 AS \"anon_1\" | now_1 anon_1 | [3]");
	CHECK_STR(run(PG, "select(func.now())"), "SELECT now() AS \"now_1\" | now_1 | []");
	/* func.extract is SQLAlchemy's Extract construct, which carries no ORM
	 * annotation: alone in a select, a Core statement (Row key anon_1, as
	 * SQLAlchemy 2.0.52's session.execute() names it) */
	CHECK_STR(run(SQLITE, "select(func.extract(\"year\", User.created_at))"),
			  "SELECT CAST(STRFTIME('%Y', \"users\".\"created_at\") AS INTEGER) AS \"anon_1\" FROM \"users\" | anon_1 | []");
	CHECK_STR(run(PG, "select(func.extract(\"year\", User.created_at))"),
			  "SELECT EXTRACT(year FROM \"users\".\"created_at\") AS \"anon_1\" FROM \"users\" | anon_1 | []");
	CHECK_STR(run(PG, "stmt = select(\n    User.username,\n    func.row_number().over(\n        partition_by=User.email,\n"
				  "        order_by=User.created_at.desc(),\n    ).label(\"row_num\"),\n)\n"),
			  "SELECT \"users\".\"username\", row_number() OVER (PARTITION BY \"users\".\"email\" ORDER BY \"users\".\"created_at\" DESC) "
			  "AS \"row_num\" FROM \"users\" | username row_num | []");
	CHECK_STR(run(PG, "select(func.count(Post.id).filter(Post.status == PostStatus.DRAFT))"),
			  "SELECT count(\"posts\".\"id\") FILTER (WHERE \"posts\".\"status\" = $1::\"poststatus\") AS \"anon_1\" FROM \"posts\" | anon_1 | ['DRAFT']");
	CHECK_STR(run(SQLITE, "select(User.username, func.count(Post.id), func.count(Post.id), User.username, User.id + 1, literal(3), Post.id, Post.id)"),
			  "SELECT \"users\".\"username\", count(\"posts\".\"id\") AS \"count_1\", count(\"posts\".\"id\") AS \"count_2\", "
			  "\"users\".\"username\" AS \"username__1\", \"users\".\"id\" + ?1 AS \"anon_1\", ?2 AS \"anon_2\", \"posts\".\"id\", "
			  "\"posts\".\"id\" AS \"id__1\" FROM \"users\", \"posts\" | username count count_1 username_1 _no_label _no_label_1 id id_1 | [1, 3]");
	CHECK_STR(run(SQLITE, "select(User.username + \"x\", -User.id, User.id * 2 - (User.id - 1))"),
			  "SELECT \"users\".\"username\" || ?1 AS \"anon_1\", -\"users\".\"id\", \"users\".\"id\" * ?2 - (\"users\".\"id\" - ?3) AS \"anon_2\" "
			  "FROM \"users\" | _no_label _no_label_1 _no_label_2 | ['x', 2, 1]");
}

static void
test_subqueries(void)
{
	CHECK_STR(run(SQLITE, "subq = (\n    select(func.max(Post.created_at).label(\"latest_post\"))\n"
				  "    .where(Post.author_id == User.id)\n    .correlate(User)\n    .scalar_subquery()\n)\n"
				  "stmt = select(User.username, subq.label(\"latest_post_date\"))\n"),
			  "SELECT \"users\".\"username\", (SELECT max(\"posts\".\"created_at\") AS \"latest_post\" FROM \"posts\" "
			  "WHERE \"posts\".\"author_id\" = \"users\".\"id\") AS \"latest_post_date\" FROM \"users\" | username latest_post_date | []");
	CHECK_STR(run(SQLITE, "subq = (\n    select(\n        Post.author_id,\n        func.count(Post.id).label(\"post_count\"),\n    )\n"
				  "    .group_by(Post.author_id)\n    .subquery()\n)\nstmt = (\n    select(User.username, subq.c.post_count)\n"
				  "    .join(subq, User.id == subq.c.author_id)\n)\n"),
			  "SELECT \"users\".\"username\", \"anon_1\".\"post_count\" FROM \"users\" JOIN (SELECT \"posts\".\"author_id\" AS \"author_id\", "
			  "count(\"posts\".\"id\") AS \"post_count\" FROM \"posts\" GROUP BY \"posts\".\"author_id\") AS \"anon_1\" "
			  "ON \"users\".\"id\" = \"anon_1\".\"author_id\" | username post_count | []");
	CHECK_STR(run(PG, "cte = (\n    select(\n        Post.author_id,\n        func.count(Post.id).label(\"post_count\"),\n    )\n"
				  "    .group_by(Post.author_id)\n    .cte(\"post_counts\")\n)\nstmt = (\n    select(User.username, cte.c.post_count)\n"
				  "    .join(cte, User.id == cte.c.author_id)\n    .where(cte.c.post_count > 10)\n)\n"),
			  "WITH \"post_counts\" AS (SELECT \"posts\".\"author_id\" AS \"author_id\", count(\"posts\".\"id\") AS \"post_count\" "
			  "FROM \"posts\" GROUP BY \"posts\".\"author_id\") SELECT \"users\".\"username\", \"post_counts\".\"post_count\" "
			  "FROM \"users\" JOIN \"post_counts\" ON \"users\".\"id\" = \"post_counts\".\"author_id\" "
			  "WHERE \"post_counts\".\"post_count\" > $1 | username post_count | [10]");
	CHECK_STR(run(SQLITE, "hierarchy = (\n    select(Comment.id, Comment.body, Comment.parent_id)\n"
				  "    .where(Comment.parent_id.is_(None))\n    .cte(\"hierarchy\", recursive=True)\n)\n"
				  "hierarchy = hierarchy.union_all(\n    select(Comment.id, Comment.body, Comment.parent_id)\n"
				  "    .join(hierarchy, Comment.parent_id == hierarchy.c.id)\n)\nstmt = select(hierarchy)\n"),
			  "WITH RECURSIVE \"hierarchy\"(\"id\", \"body\", \"parent_id\") AS (SELECT \"comments\".\"id\" AS \"id\", "
			  "\"comments\".\"body\" AS \"body\", \"comments\".\"parent_id\" AS \"parent_id\" FROM \"comments\" "
			  "WHERE \"comments\".\"parent_id\" IS NULL UNION ALL SELECT \"comments\".\"id\" AS \"id\", \"comments\".\"body\" AS \"body\", "
			  "\"comments\".\"parent_id\" AS \"parent_id\" FROM \"comments\" JOIN \"hierarchy\" ON \"comments\".\"parent_id\" = \"hierarchy\".\"id\") "
			  "SELECT \"hierarchy\".\"id\", \"hierarchy\".\"body\", \"hierarchy\".\"parent_id\" FROM \"hierarchy\" | id body parent_id | []");
	CHECK_STR(run(SQLITE, "select(User).where(User.id == select(func.max(User.id)).scalar_subquery())"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" = (SELECT max(\"users\".\"id\") AS \"max_1\" FROM \"users\") | User | []");
	CHECK_STR(run(SQLITE, "select(User.id).union_all(select(Post.id))"),
			  "SELECT \"users\".\"id\" FROM \"users\" UNION ALL SELECT \"posts\".\"id\" FROM \"posts\" | id | []");
	CHECK_STR(run(SQLITE, "union(select(User.id), select(Post.id)).order_by(\"id\")"),
			  "SELECT \"users\".\"id\" FROM \"users\" UNION SELECT \"posts\".\"id\" FROM \"posts\" ORDER BY \"id\" | id | []");
}

static void
test_exists_case_cast(void)
{
	CHECK_STR(run(SQLITE, "subq = exists().where(Post.author_id == User.id)\nstmt = select(User).where(subq)\n"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE EXISTS (SELECT * FROM \"posts\" WHERE \"posts\".\"author_id\" = \"users\".\"id\") | User | []");
	CHECK_STR(run(SQLITE, "select(User).where(User.posts.any())"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE EXISTS (SELECT 1 FROM \"posts\" WHERE \"users\".\"id\" = \"posts\".\"author_id\") | User | []");
	CHECK_STR(run(SQLITE, "select(User).where(User.posts.any(Post.title == \"Hello\"))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE EXISTS (SELECT 1 FROM \"posts\" WHERE \"users\".\"id\" = \"posts\".\"author_id\" "
			  "AND \"posts\".\"title\" = ?1) | User | ['Hello']");
	CHECK_STR(run(SQLITE, "select(User).where(~User.posts.any())"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE NOT (EXISTS (SELECT 1 FROM \"posts\" WHERE \"users\".\"id\" = \"posts\".\"author_id\")) | User | []");
	CHECK_STR(run(PG, "select(Post).where(Post.author.has(User.username == \"a\"))"),
			  "SELECT " POSTS_COLS " FROM \"posts\" WHERE EXISTS (SELECT 1 FROM \"users\" WHERE \"users\".\"id\" = \"posts\".\"author_id\" "
			  "AND \"users\".\"username\" = $1) | Post | ['a']");
	CHECK_STR(run(SQLITE, "select(Post.id).where(Post.tags.any(Tag.name == \"python\"))"),
			  "SELECT \"posts\".\"id\" FROM \"posts\" WHERE EXISTS (SELECT 1 FROM \"post_tags\", \"tags\" WHERE \"posts\".\"id\" = \"post_tags\".\"post_id\" "
			  "AND \"tags\".\"id\" = \"post_tags\".\"tag_id\" AND \"tags\".\"name\" = ?1) | id | ['python']");
	CHECK_STR(run(SQLITE, "select(Comment.id).where(Comment.replies.any())"),
			  "SELECT \"comments\".\"id\" FROM \"comments\" WHERE EXISTS (SELECT 1 FROM \"comments\" AS \"comments_1\" "
			  "WHERE \"comments\".\"id\" = \"comments_1\".\"parent_id\") | id | []");
	CHECK_STR(run(SQLITE, "stmt = select(\n    User.username,\n    case(\n        (User.id < 18, \"minor\"),\n"
				  "        (User.id < 65, \"adult\"),\n        else_=\"senior\",\n    ).label(\"age_group\"),\n)\n"),
			  "SELECT \"users\".\"username\", CASE WHEN (\"users\".\"id\" < ?1) THEN ?2 WHEN (\"users\".\"id\" < ?3) THEN ?4 "
			  "ELSE ?5 END AS \"age_group\" FROM \"users\" | username age_group | [18, 'minor', 65, 'adult', 'senior']");
	CHECK_STR(run(SQLITE, "select(cast(User.id, String))"),
			  "SELECT CAST(\"users\".\"id\" AS VARCHAR) AS \"id\" FROM \"users\" | id | []");
	CHECK_STR(run(PG, "select(cast(User.id, String(20)))"),
			  "SELECT CAST(\"users\".\"id\" AS VARCHAR(20)) AS \"id\" FROM \"users\" | id | []");
	CHECK_STR(run(SQLITE, "select(User).where(User.is_active.is_(True))"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"is_active\" IS 1 | User | []");
}

static void
test_params(void)
{
	CHECK_STR(runp(SQLITE, "select(User).where(User.id == bindparam(\"uid\")).where(User.username == name)",
				   "{\"uid\": 5, \"name\": \"bob\"}"),
			  "SELECT " USERS_COLS " FROM \"users\" WHERE \"users\".\"id\" = ?1 AND \"users\".\"username\" = ?2 | User | [5, 'bob']");
	CHECK_STR(runp(SQLITE, "select(User.id).where(User.username.in_(names))", "{\"names\": [\"a\", \"b\"]}"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"username\" IN (?1, ?2) | id | ['a', 'b']");
	CHECK_STR(runp(SQLITE, "select(User.id).where(User.id.in_(ids))", "{\"ids\": []}"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"id\" IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)) | id | []");
	/* a value can never become SQL text */
	CHECK_STR(runp(SQLITE, "select(User.id).where(User.username == name)", "{\"name\": \"x' OR 1=1 --\"}"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"username\" = ?1 | id | ['x' OR 1=1 --']");
}

static void
test_errors(void)
{
	CHECK_STR(run(SQLITE, "select(User).where(User.usrname == \"x\")"),
			  "ERROR orm_select: line 1, column 20: unknown attribute \"usrname\" on User");
	CHECK_STR(run(SQLITE, "stmt = (\n    select(Post)\n    .join(Post.author2)\n)\n"),
			  "ERROR orm_select: line 3, column 11: unknown attribute \"author2\" on Post");
	CHECK_STR(run(SQLITE, "select(User).join(Tag)"),
			  "ERROR orm_select: line 1, column 14: cannot join User to Tag: no foreign key path");
	CHECK_STR(run(SQLITE, "stmt = (\n    select(User)\n    .where(User.id > 0)\n    .join(Tag)\n)\n"),
			  "ERROR orm_select: line 4, column 6: cannot join User to Tag: no foreign key path");
	CHECK_STR(run(SQLITE, "select(User).join(User.posts).join(Post.tags).join(Tag.posts)"),
			  "ERROR orm_select: line 1, column 47: Post is already in the FROM clause; join an aliased() Post");
	CHECK_STR(run(SQLITE, "select(Usr)"), "ERROR orm_select: line 1, column 8: name 'Usr' is not defined");
	CHECK_STR(run(SQLITE, "select(Post).where(Post.status == PostStatus.GONE)"),
			  "ERROR orm_select: line 1, column 35: enum PostStatus has no member \"GONE\"");
	CHECK_STR(run(SQLITE, "select(User).where(User.id == 1 and User.id == 2)"),
			  "ERROR orm_select: line 1, column 20: Boolean value of this clause is not defined");
	CHECK_STR(run(SQLITE, "select(User).frobnicate()"),
			  "ERROR orm_select: line 1, column 14: unknown select() method \"frobnicate\"");
	CHECK_STR(run(SQLITE, "x = 1"), "ERROR orm_select: line 1, column 5: the query text must end with a select() statement");
	CHECK_STR(run(SQLITE, "select(User).where(User.posts.has())"),
			  "ERROR orm_select: line 1, column 31: has() applies to scalar relationships; use any()");
	CHECK_STR(run(SQLITE, "select(User).where(User.id == bindparam(\"nope\"))"),
			  "ERROR orm_select: line 1, column 31: no value for bindparam \"nope\" in params");
	CHECK_STR(run(SQLITE, "select(User).options(selectinload(User.posts).selectinload(User.comments))"),
			  "ERROR orm_select: line 1, column 60: \"comments\" is not an attribute of Post");
	CHECK_STR(run(SQLITE, "select(User).where(User.id == )"), "ERROR orm_select: line 1, column 31: invalid syntax near \")\"");
	CHECK_STR(run(SQLITE, "select(func.count(Post.id), Post.x y)"), "ERROR orm_select: line 1, column 36: invalid syntax near \"y\"");
}

static void
test_more_constructs(void)
{
	/* case() binds its whens without value='s Enum type: SQLAlchemy's driver
	 * cannot bind a plain enum member there; the stored names bind as they are */
	CHECK_STR(run(SQLITE, "select(Post.id, case({PostStatus.DRAFT: \"d\", PostStatus.PUBLISHED: \"p\"}, value=Post.status, else_=\"x\").label(\"s\"))"),
			  "ERROR orm_select: line 1, column 23: PostStatus.DRAFT has no SQL type here: SQLAlchemy's "
			  "driver cannot bind an enum member that is not compared with an Enum column (use .name or .value)");
	CHECK_STR(run(SQLITE, "select(Post.id, case({\"DRAFT\": \"d\", \"PUBLISHED\": \"p\"}, value=Post.status, else_=\"x\").label(\"s\"))"),
			  "SELECT \"posts\".\"id\", CASE \"posts\".\"status\" WHEN ?1 THEN ?2 WHEN ?3 THEN ?4 ELSE ?5 END AS \"s\" FROM \"posts\" "
			  "| id s | ['DRAFT', 'd', 'PUBLISHED', 'p', 'x']");
	CHECK_STR(run(SQLITE, "select(User.id).where(tuple_(User.id, User.username).in_([(1, \"a\"), (2, \"b\")]))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"id\", \"users\".\"username\") IN ((?1, ?2), (?3, ?4)) "
			  "| id | [1, 'a', 2, 'b']");
	CHECK_STR(run(SQLITE, "select(User.id, select(func.count(Post.id)).where(Post.author_id == User.id).correlate(None).scalar_subquery())"),
			  "SELECT \"users\".\"id\", (SELECT count(\"posts\".\"id\") AS \"count_1\" FROM \"posts\", \"users\" "
			  "WHERE \"posts\".\"author_id\" = \"users\".\"id\") AS \"anon_1\" FROM \"users\" | id _no_label | []");
	CHECK_STR(run(SQLITE, "u = union_all(select(User.id), select(Post.id)).subquery()\nselect(u.c.id).where(u.c.id > 1)"),
			  "SELECT \"anon_1\".\"id\" FROM (SELECT \"users\".\"id\" AS \"id\" FROM \"users\" UNION ALL "
			  "SELECT \"posts\".\"id\" AS \"id\" FROM \"posts\") AS \"anon_1\" WHERE \"anon_1\".\"id\" > ?1 | id | [1]");
	CHECK_STR(run(SQLITE, "select(func.count(distinct(User.username)))"),
			  "SELECT count(DISTINCT \"users\".\"username\") AS \"count_1\" FROM \"users\" | count | []");
	CHECK_STR(run(SQLITE, "select(type_coerce(User.id, String).label(\"t\"))"),
			  "SELECT \"users\".\"id\" AS \"t\" FROM \"users\" | t | []");
	CHECK_STR(run(SQLITE, "select(User.id).where(select(Post.id).where(Post.author_id == User.id).exists())"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE EXISTS (SELECT \"posts\".\"id\" FROM \"posts\" "
			  "WHERE \"posts\".\"author_id\" = \"users\".\"id\") | id | []");
	/* a CompoundSelect has no except_() in SQLAlchemy; a nested compound is
	 * parenthesized as SQLAlchemy groups it (PostgreSQL's INTERSECT binds tighter) */
	CHECK_STR(run(SQLITE, "select(User.id).intersect(select(Post.author_id)).except_(select(Comment.author_id))"),
			  "ERROR orm_select: line 1, column 51: a compound select (union(), intersect(), except_()) "
			  "has no method \"except_\"; apply it to a part, or select from .subquery()");
	CHECK_STR(run(PG, "except_(intersect(select(User.id), select(Post.author_id)), select(Comment.author_id))"),
			  "(SELECT \"users\".\"id\" FROM \"users\" INTERSECT SELECT \"posts\".\"author_id\" FROM \"posts\") "
			  "EXCEPT SELECT \"comments\".\"author_id\" FROM \"comments\" | id | []");
	CHECK_STR(run(PG, "select(User).distinct(User.username)"),
			  "SELECT DISTINCT ON (\"users\".\"username\") " USERS_COLS " FROM \"users\" | User | []");
	/* SQLite has no DISTINCT ON: SQLAlchemy's compiler drops the expressions */
	CHECK_STR(run(SQLITE, "select(User).distinct(User.username)"),
			  "SELECT DISTINCT " USERS_COLS " FROM \"users\" | User | []");
	CHECK_STR(run(SQLITE, "select(User.id).order_by(User.id).offset(5)"),
			  "SELECT \"users\".\"id\" FROM \"users\" ORDER BY \"users\".\"id\" LIMIT 9223372036854775807 OFFSET ?1 | id | [5]");
}

/* ---- found by differential testing against SQLAlchemy 2.0.40 ------------ */

/*
 * True division (CAST / + 0.0), Python date/datetime/timedelta/Decimal/UUID
 * literals and their errors, raw SQL refused, Row._fields of an unnamed
 * alias (none: "-") and of filter()/over()/~bool, self-referential any(),
 * in_(scalar_subquery()), integer function arguments on PostgreSQL, a
 * compound's ORDER BY by column name, loader option errors with a position,
 * aliased(Entity, subquery), rel.and_() in a join, column options accepted,
 * icontains()/collate()/slice()/with_for_update(), relationship == None, and
 * which statements are the ORM's (named count / _no_label) or Core's (count_1).
 */
static void
test_differential(void)
{
	CHECK_STR(run(SQLITE, "select(Post.id / 3.0, Post.id / 2, Post.id // 2)"),
			  "SELECT \"posts\".\"id\" / (?1 + 0.0) AS \"anon_1\", \"posts\".\"id\" / (?2 + 0.0) AS "
			  "\"anon_2\", \"posts\".\"id\" / ?3 AS \"anon_3\" FROM \"posts\" | _no_label _no_label_1 "
			  "_no_label_2 | [3, 2, 2]");
	CHECK_STR(run(PG, "select(Post.id / 3.0, Post.id / 2, Post.id // 2)"),
			  "SELECT \"posts\".\"id\" / CAST($1 AS FLOAT) AS \"anon_1\", \"posts\".\"id\" / CAST($2 AS "
			  "NUMERIC) AS \"anon_2\", \"posts\".\"id\" / $3 AS \"anon_3\" FROM \"posts\" | _no_label "
			  "_no_label_1 _no_label_2 | [3, 2, 2]");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.created_at > datetime(2024, 1, 2, 3, 4, 5, 60))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"created_at\" > ?1 | id | "
			  "['2024-01-02 03:04:05.000060']");
	CHECK_STR(run(PG, "select(User.id).where(User.created_at > datetime(2024, 1, 2) - timedelta(days=1, minutes=1))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"created_at\" > $1::timestamp | id "
			  "| ['2023-12-31 23:59:00.000000']");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.created_at > date(2024, 3, 1) - timedelta(weeks=1))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"created_at\" > ?1 | id | "
			  "['2024-02-23 00:00:00.000000']");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.created_at > datetime(2024, 2, 30))"),
			  "ERROR orm_select: line 1, column 41: day is out of range for month");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.created_at > datetime(2024, 13, 1))"),
			  "ERROR orm_select: line 1, column 41: month must be in 1..12");
	CHECK_STR(run(SQLITE, "select(literal(Decimal(\"1.50\")), literal(uuid.UUID(\"{12345678-1234-5678-1234-567812345678}\")))"),
			  "SELECT ?1 AS \"anon_1\", ?2 AS \"anon_2\" | anon_1 anon_2 | [1.5, "
			  "'12345678123456781234567812345678']");
	CHECK_STR(run(SQLITE, "select(literal(UUID(\"123\")))"),
			  "ERROR orm_select: line 1, column 16: badly formed hexadecimal UUID string");
	CHECK_STR(run(SQLITE, "select(User).where(text(\"id = 1\"))"),
			  "ERROR orm_select: line 1, column 20: raw SQL (text()) is not allowed: write the "
			  "expression with the mapped classes, or allow it for this connection "
			  "(SELECT orm_allow_raw_sql(1))");
	CHECK_STR(run(SQLITE, "u2 = aliased(User)\nselect(User, u2).join(u2, User.id < u2.id)"),
			  "SELECT \"users\".\"id\", \"users\".\"username\", \"users\".\"email\", "
			  "\"users\".\"display_name\", \"users\".\"is_active\", \"users\".\"created_at\", "
			  "\"users\".\"updated_at\", \"users_1\".\"id\" AS \"id_1\", \"users_1\".\"username\" AS "
			  "\"username_1\", \"users_1\".\"email\" AS \"email_1\", \"users_1\".\"display_name\" AS "
			  "\"display_name_1\", \"users_1\".\"is_active\" AS \"is_active_1\", "
			  "\"users_1\".\"created_at\" AS \"created_at_1\", \"users_1\".\"updated_at\" AS "
			  "\"updated_at_1\" FROM \"users\" JOIN \"users\" AS \"users_1\" ON \"users\".\"id\" < "
			  "\"users_1\".\"id\" | User User_1 | []");
	CHECK_STR(run(SQLITE, "select(Comment.id).where(Comment.replies.any(Comment.body == \"x\"))"),
			  "SELECT \"comments\".\"id\" FROM \"comments\" WHERE EXISTS (SELECT 1 FROM \"comments\" AS "
			  "\"comments_1\" WHERE \"comments\".\"id\" = \"comments_1\".\"parent_id\" AND "
			  "\"comments_1\".\"body\" = ?1) | id | ['x']");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.id.in_(select(Post.author_id).scalar_subquery()))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"id\" IN (SELECT "
			  "\"posts\".\"author_id\" FROM \"posts\") | id | []");
	CHECK_STR(run(PG, "select(func.round(func.avg(Post.id), 2))"),
			  "SELECT round(avg(\"posts\".\"id\"), CAST($1 AS INTEGER)) AS \"round_1\" FROM \"posts\" | "
			  "round | [2]");
	CHECK_STR(run(PG, "select(User).union(select(User)).order_by(User.id.desc())"),
			  "SELECT \"users\".\"id\", \"users\".\"username\", \"users\".\"email\", "
			  "\"users\".\"display_name\", \"users\".\"is_active\", \"users\".\"created_at\", "
			  "\"users\".\"updated_at\" FROM \"users\" UNION SELECT \"users\".\"id\", "
			  "\"users\".\"username\", \"users\".\"email\", \"users\".\"display_name\", "
			  "\"users\".\"is_active\", \"users\".\"created_at\", \"users\".\"updated_at\" FROM \"users\" "
			  "ORDER BY \"id\" DESC | User | []");
	CHECK_STR(run(SQLITE, "select(User).options(selectinload(Post.comments))"),
			  "ERROR orm_select: line 1, column 22: loader option Post.comments does not apply to any "
			  "entity of the statement");
	CHECK_STR(run(SQLITE, "sq = select(Post).where(Post.id > 1).subquery()\npa = aliased(Post, sq)\nselect(pa.id, pa.title).where(pa.author_id == 1)"),
			  "SELECT \"anon_1\".\"id\", \"anon_1\".\"title\" FROM (SELECT \"posts\".\"id\" AS \"id\", "
			  "\"posts\".\"title\" AS \"title\", \"posts\".\"slug\" AS \"slug\", \"posts\".\"body\" AS "
			  "\"body\", \"posts\".\"status\" AS \"status\", \"posts\".\"author_id\" AS \"author_id\", "
			  "\"posts\".\"created_at\" AS \"created_at\", \"posts\".\"updated_at\" AS \"updated_at\" FROM "
			  "\"posts\" WHERE \"posts\".\"id\" > ?1) AS \"anon_1\" WHERE \"anon_1\".\"author_id\" = ?2 | "
			  "id title | [1, 1]");
	CHECK_STR(run(SQLITE, "select(User.id, Post.id).join(User.posts.and_(Post.title != \"x\"))"),
			  "SELECT \"users\".\"id\", \"posts\".\"id\" AS \"id__1\" FROM \"users\" JOIN \"posts\" ON "
			  "\"users\".\"id\" = \"posts\".\"author_id\" AND \"posts\".\"title\" != ?1 | id id_1 | ['x']");
	CHECK_STR(run(SQLITE, "select(User.id, func.count(Post.id).filter(Post.id > 1), func.row_number().over(order_by=User.id), ~User.is_active).join(User.posts).group_by(User.id)"),
			  "SELECT \"users\".\"id\", count(\"posts\".\"id\") FILTER (WHERE \"posts\".\"id\" > ?1) AS "
			  "\"anon_1\", row_number() OVER (ORDER BY \"users\".\"id\") AS \"anon_2\", "
			  "\"users\".\"is_active\" = 0 AS \"anon_3\" FROM \"users\" JOIN \"posts\" ON \"users\".\"id\" "
			  "= \"posts\".\"author_id\" GROUP BY \"users\".\"id\" | id _no_label _no_label_1 is_active | "
			  "[1]");
	CHECK_STR(run(SQLITE, "select(User).options(load_only(User.username), selectinload(User.posts).defer(Post.body))"),
			  "SELECT \"users\".\"id\", \"users\".\"username\", \"users\".\"email\", "
			  "\"users\".\"display_name\", \"users\".\"is_active\", \"users\".\"created_at\", "
			  "\"users\".\"updated_at\" FROM \"users\" | User | []");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.username.icontains(\"LI\"), ~User.email.istartswith(\"a\"))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (lower(\"users\".\"username\") LIKE '%' || "
			  "lower(?1) || '%') AND (lower(\"users\".\"email\") NOT LIKE lower(?2) || '%') | id | ['LI', "
			  "'a']");
	CHECK_STR(run(PG, "select(User.id).where(User.username.iendswith(\"x\"))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"username\" ILIKE '%' || $1) | id "
			  "| ['x']");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.username.collate(\"NOCASE\") == \"x\").order_by(User.username.collate(\"NOCASE\").desc())"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"username\" COLLATE \"NOCASE\") = "
			  "?1 ORDER BY \"users\".\"username\" COLLATE \"NOCASE\" DESC | id | ['x']");
	CHECK_STR(run(SQLITE, "select(User.id).order_by(User.id).slice(1, 3)"),
			  "SELECT \"users\".\"id\" FROM \"users\" ORDER BY \"users\".\"id\" LIMIT ?1 OFFSET ?2 | id | "
			  "[2, 1]");
	CHECK_STR(run(PG, "select(User.id).with_for_update(of=User, skip_locked=True)"),
			  "SELECT \"users\".\"id\" FROM \"users\" FOR UPDATE OF \"users\" SKIP LOCKED | id | []");
	CHECK_STR(run(PG, "select(User.id).with_for_update(read=True, nowait=True)"),
			  "SELECT \"users\".\"id\" FROM \"users\" FOR SHARE NOWAIT | id | []");
	CHECK_STR(run(SQLITE, "select(User.id).with_for_update()"),
			  "SELECT \"users\".\"id\" FROM \"users\" | id | []");
	CHECK_STR(run(SQLITE, "select(Post.id).where(Post.author == None)"),
			  "SELECT \"posts\".\"id\" FROM \"posts\" WHERE \"posts\".\"author_id\" IS NULL | id | []");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.posts != None)"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE EXISTS (SELECT 1 FROM \"posts\" WHERE "
			  "\"users\".\"id\" = \"posts\".\"author_id\") | id | []");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.posts.is_(None))"),
			  "ERROR orm_select: line 1, column 34: is_() is not implemented for a relationship; compare "
			  "it with == None");
	CHECK_STR(run(SQLITE, "select(func.count()).select_from(select(User).subquery())"),
			  "SELECT count(*) AS \"count_1\" FROM (SELECT \"users\".\"id\" AS \"id\", "
			  "\"users\".\"username\" AS \"username\", \"users\".\"email\" AS \"email\", "
			  "\"users\".\"display_name\" AS \"display_name\", \"users\".\"is_active\" AS \"is_active\", "
			  "\"users\".\"created_at\" AS \"created_at\", \"users\".\"updated_at\" AS \"updated_at\" FROM "
			  "\"users\") AS \"anon_1\" | count | []");
	CHECK_STR(run(SQLITE, "select(func.count()).where(User.id > 1)"),
			  "SELECT count(*) AS \"count_1\" FROM \"users\" WHERE \"users\".\"id\" > ?1 | count | [1]");
	CHECK_STR(run(SQLITE, "select(select(User.id).exists(), exists().where(User.id == 1))"),
			  "SELECT EXISTS (SELECT \"users\".\"id\" FROM \"users\") AS \"anon_1\", EXISTS (SELECT * FROM "
			  "\"users\" WHERE \"users\".\"id\" = ?1) AS \"anon_2\" | _no_label _no_label_1 | [1]");
	CHECK_STR(run(PG, "select(func.substr(User.username, 1, 2).label(\"p\"), func.count()).group_by(func.substr(User.username, 1, 2)).order_by(desc(\"p\"))"),
			  "SELECT substr(\"users\".\"username\", CAST($1 AS INTEGER), CAST($2 AS INTEGER)) AS \"p\", "
			  "count(*) AS \"count_1\" FROM \"users\" GROUP BY substr(\"users\".\"username\", CAST($1 AS "
			  "INTEGER), CAST($2 AS INTEGER)) ORDER BY \"p\" DESC | p count | [1, 2]");
	CHECK_STR(run(SQLITE, "select(func.substr(User.username, 1, 2)).group_by(func.substr(User.username, 1, 2))"),
			  "SELECT substr(\"users\".\"username\", ?1, ?2) AS \"substr_1\" FROM \"users\" GROUP BY "
			  "substr(\"users\".\"username\", ?3, ?4) | substr | [1, 2, 1, 2]");
	CHECK_STR(run(SQLITE, "select(User.username).where(desc(\"u\") == 1)"),
			  "ERROR orm_select: line 1, column 29: a reference to \"u\" by name is only valid in "
			  "order_by()");
	CHECK_STR(run(SQLITE, "select(func.count(User.id)).where(and_(), or_())"),
			  "SELECT count(\"users\".\"id\") AS \"count_1\" FROM \"users\" WHERE 1 AND 1 | count | []");
}

/* ---- other models: quoting, JSON, enums stored by value, ambiguous joins -- */

static void
test_misc_model(void)
{
	/* SQLite's JSON_EXTRACT takes one path string (dialect.h json_path_text) */
	static OrmDialect sqlite_json;
	const OrmDialect *SQLITE = &sqlite_json;

	sqlite_json = orm_dialect_sqlite;
	sqlite_json.json_path_text = true;
	if (!orm_dialect_sqlite.json_path_text)
		fprintf(stderr, "dialect.c: orm_dialect_sqlite needs .json_path_text = true\n");
	CHECK(orm_dialect_sqlite.json_path_text);
	CHECK_STR(runm(SQLITE, "select(Order).where(Order.user_ == \"u\")"),
			  "SELECT \"order\".\"id\", \"order\".\"user\", \"order\".\"a\"\"b\" FROM \"order\" WHERE \"order\".\"user\" = ?1 | Order | ['u']");
	CHECK_STR(runm(SQLITE, "select(Order.weird, Order.user_)"),
			  "SELECT \"order\".\"a\"\"b\", \"order\".\"user\" FROM \"order\" | weird user_ | []");
	CHECK_STR(runm(SQLITE, "select(Config).where(Config.data[\"theme\"].as_string() == \"dark\")"),
			  "SELECT \"configs\".\"id\", \"configs\".\"data\" FROM \"configs\" WHERE JSON_EXTRACT(\"configs\".\"data\", ?1) = ?2 "
			  "| Config | ['$.\"theme\"', 'dark']");
	CHECK_STR(runm(PG, "select(Config).where(Config.data[\"theme\"].as_string() == \"dark\")"),
			  "SELECT \"configs\".\"id\", \"configs\".\"data\" FROM \"configs\" WHERE \"configs\".\"data\" ->> $1 = $2 "
			  "| Config | ['theme', 'dark']");
	CHECK_STR(runm(SQLITE, "select(Config.id).where(Config.data[\"features\"][0].as_string() == \"beta\")"),
			  "SELECT \"configs\".\"id\" FROM \"configs\" WHERE JSON_EXTRACT(\"configs\".\"data\", ?1) = ?2 "
			  "| id | ['$.\"features\"[0]', 'beta']");
	CHECK_STR(runm(PG, "select(Config.id).where(Config.data[\"features\"][0].as_string() == \"beta\")"),
			  "SELECT \"configs\".\"id\" FROM \"configs\" WHERE \"configs\".\"data\" -> $1 ->> CAST($2 AS INTEGER) = $3 "
			  "| id | ['features', 0, 'beta']");
	CHECK_STR(runm(PG, "select(Config.id).where(Config.data[\"n\"].as_integer() > 3)"),
			  "SELECT \"configs\".\"id\" FROM \"configs\" WHERE CAST(\"configs\".\"data\" ->> $1 AS INTEGER) > $2 | id | ['n', 3]");
	CHECK_STR(runm(SQLITE, "select(Article.id).where(Article.status == Status.PUBLISHED)"),
			  "SELECT \"articles\".\"id\" FROM \"articles\" WHERE \"articles\".\"status\" = ?1 | id | ['published']");
	CHECK_STR(runm(SQLITE, "boss = aliased(Employee)\nselect(Employee.name).join(boss, Employee.manager_id == boss.id)"),
			  "SELECT \"employees\".\"name\" FROM \"employees\" JOIN \"employees\" AS \"employees_1\" "
			  "ON \"employees\".\"manager_id\" = \"employees_1\".\"id\" | name | []");
	CHECK_STR(runm(SQLITE, "boss = aliased(Employee)\nselect(Employee.name).join(boss)"),
			  "ERROR orm_select: line 2, column 23: cannot join to Employee: more than one foreign key path; give the ON clause");
}

/* ---- eager loading plans (loader.h) -------------------------------------- */

static OrmLoadNode *
node(OrmClass *cls, OrmRelationship *rel, OrmLazy strategy, int n, OrmLoadNode **children)
{
	OrmLoadNode *nd = ORM_NEW(&arena, OrmLoadNode);

	nd->cls = cls;
	nd->rel = rel;
	nd->strategy = strategy;
	nd->nchildren = n;
	nd->children = children;
	return nd;
}

static const char *
compile_with(const OrmDialect *d, const char *q, OrmLoadNode **plans, OrmCompiled *c)
{
	OrmCtx		ctx;
	OrmError	err;
	SxSelect   *s;

	ctx_init(&ctx, &err, d, blog);
	if (!(s = orm_query_eval(&ctx, q, NULL)) || orm_plan_place(&ctx, s, plans) < 0 ||
		orm_compile_select(&ctx, s, plans, c) < 0)
		return orm_error_text(&arena, &err, "orm_select");
	return c->sql;
}

static void
test_eager(void)
{
	OrmClass   *user = orm_reg_class(blog, "User"),
			   *post = orm_reg_class(blog, "Post"),
			   *tag = orm_reg_class(blog, "Tag");
	OrmLoadNode *tags = node(tag, orm_class_rel(post, "tags"), ORM_LAZY_JOINED, 0, NULL);
	OrmLoadNode *posts = node(post, orm_class_rel(user, "posts"), ORM_LAZY_JOINED, 1, &tags);
	OrmLoadNode *sel = node(post, orm_class_rel(user, "posts"), ORM_LAZY_SELECTIN, 0, NULL);
	OrmLoadNode *kids[2] = {posts, sel};
	OrmLoadNode *root = node(user, NULL, ORM_LAZY_SELECT, 2, kids);
	OrmLoadNode *author,
			   *proot,
			   *ce,
			   *croot;
	OrmCompiled c;
	OrmCtx		ctx;
	OrmError	err;
	SxSelect   *s;

	/* joinedload(User.posts).joinedload(Post.tags): as SQLAlchemy, columns of
	 * the innermost relationship first */
	CHECK_STR(compile_with(SQLITE, "select(User)", &root, &c),
			  "SELECT " USERS_COLS ", \"tags_1\".\"id\" AS \"id_1\", \"tags_1\".\"name\", \"posts_1\".\"id\" AS \"id_2\", "
			  "\"posts_1\".\"title\", \"posts_1\".\"slug\", \"posts_1\".\"body\", \"posts_1\".\"status\", \"posts_1\".\"author_id\", "
			  "\"posts_1\".\"created_at\" AS \"created_at_1\", \"posts_1\".\"updated_at\" AS \"updated_at_1\" FROM \"users\" "
			  "LEFT OUTER JOIN \"posts\" AS \"posts_1\" ON \"users\".\"id\" = \"posts_1\".\"author_id\" "
			  "LEFT OUTER JOIN (\"post_tags\" AS \"post_tags_1\" JOIN \"tags\" AS \"tags_1\" ON \"tags_1\".\"id\" = \"post_tags_1\".\"tag_id\") "
			  "ON \"posts_1\".\"id\" = \"post_tags_1\".\"post_id\"");
	CHECK(root->col_offset == 0 && tags->col_offset == 7 && posts->col_offset == 9);
	CHECK(c.ncols == 17 && c.nitems == 1 && c.item_offset[0] == 0);
	CHECK(posts->from && posts->from->is_alias && tags->sec_from != NULL);

	/* many-to-one joinedload(Post.author) */
	author = node(user, orm_class_rel(post, "author"), ORM_LAZY_JOINED, 0, NULL);
	proot = node(post, NULL, ORM_LAZY_SELECT, 1, &author);
	CHECK_STR(compile_with(PG, "select(Post).where(Post.id == 1)", &proot, &c),
			  "SELECT " POSTS_COLS ", \"users_1\".\"id\" AS \"id_1\", \"users_1\".\"username\", \"users_1\".\"email\", "
			  "\"users_1\".\"display_name\", \"users_1\".\"is_active\", \"users_1\".\"created_at\" AS \"created_at_1\", "
			  "\"users_1\".\"updated_at\" AS \"updated_at_1\" FROM \"posts\" LEFT OUTER JOIN \"users\" AS \"users_1\" "
			  "ON \"users_1\".\"id\" = \"posts\".\"author_id\" WHERE \"posts\".\"id\" = $1");
	CHECK(author->col_offset == 8 && c.ncols == 15);

	/* contains_eager(User.posts) reads the joined posts */
	ctx_init(&ctx, &err, SQLITE, blog);
	s = orm_query_eval(&ctx, "select(User).join(User.posts).options(contains_eager(User.posts))", NULL);
	CHECK(s != NULL);
	if (s)
	{
		ce = node(post, orm_class_rel(user, "posts"), ORM_LAZY_CONTAINS_EAGER, 0, NULL);
		ce->from = ((SxJoin *) s->joins.items[0])->target;
		croot = node(user, NULL, ORM_LAZY_SELECT, 1, &ce);
		CHECK(orm_compile_select(&ctx, s, &croot, &c) == 0);
		CHECK_STR(c.sql, "SELECT " USERS_COLS ", \"posts\".\"id\" AS \"id_1\", \"posts\".\"title\", \"posts\".\"slug\", "
				  "\"posts\".\"body\", \"posts\".\"status\", \"posts\".\"author_id\", \"posts\".\"created_at\" AS \"created_at_1\", "
				  "\"posts\".\"updated_at\" AS \"updated_at_1\" FROM \"users\" JOIN \"posts\" ON \"users\".\"id\" = \"posts\".\"author_id\"");
		CHECK(ce->col_offset == 7 && c.ncols == 15);
	}

	/* joined collection + LIMIT: the limited statement becomes a subquery */
	posts = node(post, orm_class_rel(user, "posts"), ORM_LAZY_JOINED, 0, NULL);
	root = node(user, NULL, ORM_LAZY_SELECT, 1, &posts);
	CHECK_STR(compile_with(SQLITE, "select(User).where(User.id > 2).order_by(User.username.desc()).limit(3).offset(1)",
						   &root, &c),
			  "SELECT \"anon_1\".\"id\", \"anon_1\".\"username\", \"anon_1\".\"email\", \"anon_1\".\"display_name\", "
			  "\"anon_1\".\"is_active\", \"anon_1\".\"created_at\", \"anon_1\".\"updated_at\", \"posts_1\".\"id\" AS \"id_1\", "
			  "\"posts_1\".\"title\", \"posts_1\".\"slug\", \"posts_1\".\"body\", \"posts_1\".\"status\", \"posts_1\".\"author_id\", "
			  "\"posts_1\".\"created_at\" AS \"created_at_1\", \"posts_1\".\"updated_at\" AS \"updated_at_1\" "
			  "FROM (SELECT \"users\".\"id\" AS \"id\", \"users\".\"username\" AS \"username\", \"users\".\"email\" AS \"email\", "
			  "\"users\".\"display_name\" AS \"display_name\", \"users\".\"is_active\" AS \"is_active\", "
			  "\"users\".\"created_at\" AS \"created_at\", \"users\".\"updated_at\" AS \"updated_at\" FROM \"users\" "
			  "WHERE \"users\".\"id\" > ?1 ORDER BY \"users\".\"username\" DESC LIMIT ?2 OFFSET ?3) AS \"anon_1\" "
			  "LEFT OUTER JOIN \"posts\" AS \"posts_1\" ON \"anon_1\".\"id\" = \"posts_1\".\"author_id\" "
			  "ORDER BY \"anon_1\".\"username\" DESC");
	CHECK(c.nparams == 3 && c.params[0].i == 2 && c.params[1].i == 3 && c.params[2].i == 1);
	CHECK(posts->col_offset == 7 && c.ncols == 15);

	/* many-to-one and many-to-many under a limit */
	author = node(user, orm_class_rel(post, "author"), ORM_LAZY_JOINED, 0, NULL);
	tags = node(tag, orm_class_rel(post, "tags"), ORM_LAZY_JOINED, 0, NULL);
	kids[0] = author;
	kids[1] = tags;
	proot = node(post, NULL, ORM_LAZY_SELECT, 2, kids);
	CHECK_STR(compile_with(PG, "select(Post).limit(3)", &proot, &c),
			  "SELECT \"anon_1\".\"id\", \"anon_1\".\"title\", \"anon_1\".\"slug\", \"anon_1\".\"body\", \"anon_1\".\"status\", "
			  "\"anon_1\".\"author_id\", \"anon_1\".\"created_at\", \"anon_1\".\"updated_at\", \"users_1\".\"id\" AS \"id_1\", "
			  "\"users_1\".\"username\", \"users_1\".\"email\", \"users_1\".\"display_name\", \"users_1\".\"is_active\", "
			  "\"users_1\".\"created_at\" AS \"created_at_1\", \"users_1\".\"updated_at\" AS \"updated_at_1\", "
			  "\"tags_1\".\"id\" AS \"id_2\", \"tags_1\".\"name\" FROM (SELECT \"posts\".\"id\" AS \"id\", \"posts\".\"title\" AS \"title\", "
			  "\"posts\".\"slug\" AS \"slug\", \"posts\".\"body\" AS \"body\", \"posts\".\"status\" AS \"status\", "
			  "\"posts\".\"author_id\" AS \"author_id\", \"posts\".\"created_at\" AS \"created_at\", "
			  "\"posts\".\"updated_at\" AS \"updated_at\" FROM \"posts\" LIMIT $1) AS \"anon_1\" "
			  "LEFT OUTER JOIN \"users\" AS \"users_1\" ON \"users_1\".\"id\" = \"anon_1\".\"author_id\" "
			  "LEFT OUTER JOIN (\"post_tags\" AS \"post_tags_1\" JOIN \"tags\" AS \"tags_1\" ON \"tags_1\".\"id\" = \"post_tags_1\".\"tag_id\") "
			  "ON \"anon_1\".\"id\" = \"post_tags_1\".\"post_id\"");
	CHECK(author->col_offset == 8 && tags->col_offset == 15 && c.ncols == 17);
	kids[0] = root;
	kids[1] = NULL;				/* plans[i] for each select item */
	CHECK_STR(compile_with(SQLITE, "select(User, func.count(Post.id)).limit(3)", kids, &c),
			  "orm_select: line 1, column 1: joinedload() of a collection with limit()/offset() needs a "
			  "select of entities and columns only; use selectinload()");
}

/* ---- inheritance --------------------------------------------------------- */

static const char *inherit_src =
	"from typing import List, Optional\n"
	"from sqlalchemy import ForeignKey, String\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class Dept(Base):\n"
	"    __tablename__ = \"dept\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str]\n"
	"    managers: Mapped[List[\"Manager\"]] = relationship(back_populates=\"dept\")\n"
	"class Employee(Base):\n"
	"    __tablename__ = \"employee\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str]\n"
	"    type: Mapped[str]\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"employee\", \"polymorphic_on\": \"type\"}\n"
	"class Manager(Employee):\n"
	"    dept_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"dept.id\"))\n"
	"    dept: Mapped[Optional[Dept]] = relationship(back_populates=\"managers\")\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"manager\"}\n"
	"class Boss(Manager):\n"
	"    boss_x: Mapped[Optional[str]]\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"boss\"}\n"
	"class Engineer(Employee):\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"engineer\"}\n";

/*
 * Single-table inheritance: SQLAlchemy 2.0.40's criterion "type IN (the
 * class's and its subclasses' identities)" in WHERE for a FROM of the
 * select, in ON for a join target, after the relationship condition in
 * any(); none for the base class.
 */
static void
test_inherit(void)
{
	OrmError	err = {0};
	OrmRegistry *reg = tl_declare(&arena, &err, inherit_src, NULL);
	const char *emp = "\"employee\".\"id\", \"employee\".\"name\", \"employee\".\"type\"";

	CHECK(reg != NULL);
	if (!reg)
		return;
	CHECK_STR(run_plans(reg, SQLITE, "select(Employee)", NULL, NULL),
			  orm_sprintf(&arena, "SELECT %s FROM \"employee\" | Employee | []", emp));
	CHECK_STR(run_plans(reg, SQLITE, "select(Manager).where(Manager.name == 'x')", NULL, NULL),
			  orm_sprintf(&arena, "SELECT %s, \"employee\".\"dept_id\" FROM \"employee\" "
						  "WHERE \"employee\".\"name\" = ?1 AND \"employee\".\"type\" IN (?2, ?3) "
						  "| Manager | ['x', 'manager', 'boss']", emp));
	CHECK_STR(run_plans(reg, PG, "select(Boss.name)", NULL, NULL),
			  "SELECT \"employee\".\"name\" FROM \"employee\" WHERE \"employee\".\"type\" IN ($1) "
			  "| name | ['boss']");
	CHECK_STR(run_plans(reg, SQLITE, "select(Dept).join(Dept.managers)", NULL, NULL),
			  "SELECT \"dept\".\"id\", \"dept\".\"name\" FROM \"dept\" JOIN \"employee\" "
			  "ON \"dept\".\"id\" = \"employee\".\"dept_id\" AND \"employee\".\"type\" IN (?1, ?2) "
			  "| Dept | ['manager', 'boss']");
	CHECK_STR(run_plans(reg, SQLITE, "select(Dept).where(Dept.managers.any(Manager.name == 'b'))",
						NULL, NULL),
			  "SELECT \"dept\".\"id\", \"dept\".\"name\" FROM \"dept\" WHERE EXISTS (SELECT 1 "
			  "FROM \"employee\" WHERE \"dept\".\"id\" = \"employee\".\"dept_id\" AND "
			  "\"employee\".\"type\" IN (?1, ?2) AND \"employee\".\"name\" = ?3) "
			  "| Dept | ['manager', 'boss', 'b']");
	CHECK_STR(run_plans(reg, SQLITE, "select(aliased(Engineer))", NULL, NULL),
			  "SELECT \"employee_1\".\"id\", \"employee_1\".\"name\", \"employee_1\".\"type\" "
			  "FROM \"employee\" AS \"employee_1\" WHERE \"employee_1\".\"type\" IN (?1) "
			  "| - | ['engineer']");
	/* of_type(single-table subclass): the subclass's criterion; any() keeps both */
	CHECK_STR(run_plans(reg, SQLITE, "select(Dept).join(Dept.managers.of_type(Boss))", NULL, NULL),
			  "SELECT \"dept\".\"id\", \"dept\".\"name\" FROM \"dept\" JOIN \"employee\" "
			  "ON \"dept\".\"id\" = \"employee\".\"dept_id\" AND \"employee\".\"type\" IN (?1) "
			  "| Dept | ['boss']");
	CHECK_STR(run_plans(reg, SQLITE,
						"select(Dept).where(Dept.managers.of_type(Boss).any(Boss.boss_x == 'b'))",
						NULL, NULL),
			  "SELECT \"dept\".\"id\", \"dept\".\"name\" FROM \"dept\" WHERE EXISTS (SELECT 1 "
			  "FROM \"employee\" WHERE \"dept\".\"id\" = \"employee\".\"dept_id\" AND "
			  "\"employee\".\"type\" IN (?1, ?2) AND \"employee\".\"type\" IN (?3) AND "
			  "\"employee\".\"boss_x\" = ?4) | Dept | ['manager', 'boss', 'boss', 'b']");
	/* a subclass attribute next to the base class's (one shared FROM) */
	CHECK_STR(run_plans(reg, SQLITE, "select(Employee.name, Boss.boss_x)", NULL, NULL),
			  "SELECT \"employee\".\"name\", \"employee\".\"boss_x\" FROM \"employee\" "
			  "WHERE \"employee\".\"type\" IN (?1) | name boss_x | ['boss']");
	CHECK_STR(run_plans(reg, SQLITE, "select(Dept).join(Dept.managers.of_type(Engineer))", NULL, NULL),
			  "ERROR orm_select: line 1, column 41: of_type() takes Manager or a subclass (the class, "
			  "aliased() or with_polymorphic())");
}

/*
 * A relationship's extra primaryjoin criteria (rel->extra_criteria): ANDed
 * after the column pairs in join ON, any()/has() and a joined eager load's
 * ON, before .and_() criteria; the owner's class names the parent FROM.
 */
static const char *relcrit_src =
	"from sqlalchemy import Column, ForeignKey, Integer, String, Table\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class U(Base):\n"
	"    __tablename__ = \"u\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(10))\n"
	"    xs: Mapped[list[\"A\"]] = relationship(primaryjoin=\"and_(U.id == A.u_id, A.email.startswith('x'), U.name != 'z')\", viewonly=True)\n"
	"class A(Base):\n"
	"    __tablename__ = \"a\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    u_id: Mapped[int] = mapped_column(ForeignKey(\"u.id\"))\n"
	"    email: Mapped[str] = mapped_column(String(10))\n"
	"link_t = Table(\"links\", Base.metadata,\n"
	"    Column(\"w_id\", ForeignKey(\"w.id\"), primary_key=True),\n"
	"    Column(\"u_id\", ForeignKey(\"u.id\"), primary_key=True),\n"
	"    Column(\"n\", Integer))\n"
	"class W(Base):\n"
	"    __tablename__ = \"w\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    us: Mapped[list[\"U\"]] = relationship(secondary=link_t, primaryjoin=\"W.id == link_t.c.w_id\",\n"
	"        secondaryjoin=\"and_(link_t.c.u_id == U.id, link_t.c.n > 2)\", viewonly=True)\n";

static void
test_rel_extra_criteria(void)
{
	OrmError	err = {0};
	OrmRegistry *reg = tl_declare(&arena, &err, relcrit_src, NULL);
	OrmClass   *u,
			   *a;
	OrmRelationship *xs;
	OrmLoadNode *kid,
			   *root;
	OrmCtx		ctx;
	SxSelect   *s;
	OrmCompiled c;

	CHECK(reg != NULL);
	if (!reg)
	{
		fprintf(stderr, "declare: %s\n", orm_error_text(&arena, &err, "orm_declare"));
		return;
	}
	u = orm_reg_class(reg, "U");
	a = orm_reg_class(reg, "A");
	xs = orm_class_rel(u, "xs");
	CHECK(xs && xs->extra_criteria);
	if (!xs || !xs->extra_criteria)
		return;
	CHECK_STR(run_plans(reg, SQLITE, "select(U.id).join(U.xs)", NULL, NULL),
			  "SELECT \"u\".\"id\" FROM \"u\" JOIN \"a\" ON \"u\".\"id\" = \"a\".\"u_id\" AND "
			  "(\"a\".\"email\" LIKE ?1 || '%') AND \"u\".\"name\" != ?2 | id | ['x', 'z']");
	/* an aliased parent and target */
	CHECK_STR(run_plans(reg, PG, "p = aliased(U)\nt = aliased(A)\nselect(p.id).join(p.xs.of_type(t))",
						NULL, NULL),
			  "SELECT \"u_1\".\"id\" FROM \"u\" AS \"u_1\" JOIN \"a\" AS \"a_1\" ON \"u_1\".\"id\" = "
			  "\"a_1\".\"u_id\" AND (\"a_1\".\"email\" LIKE $1 || '%') AND \"u_1\".\"name\" != $2 "
			  "| id | ['x', 'z']");
	CHECK_STR(run_plans(reg, SQLITE, "select(U.id).where(U.xs.any(A.id > 1))", NULL, NULL),
			  "SELECT \"u\".\"id\" FROM \"u\" WHERE EXISTS (SELECT 1 FROM \"a\" WHERE \"u\".\"id\" = "
			  "\"a\".\"u_id\" AND (\"a\".\"email\" LIKE ?1 || '%') AND \"u\".\"name\" != ?2 AND "
			  "\"a\".\"id\" > ?3) | id | ['x', 'z', 1]");
	/* many-to-many: the secondary Table named by its variable (link_t, table "links") */
	CHECK_STR(run_plans(reg, SQLITE, "select(W.id).join(W.us)", NULL, NULL),
			  "SELECT \"w\".\"id\" FROM \"w\" JOIN \"links\" AS \"links_1\" ON \"w\".\"id\" = "
			  "\"links_1\".\"w_id\" JOIN \"u\" ON \"u\".\"id\" = \"links_1\".\"u_id\" AND "
			  "\"links_1\".\"n\" > ?1 | id | [2]");
	/* joined eager load: the criteria, then .and_() */
	kid = node(a, xs, ORM_LAZY_JOINED, 0, NULL);
	root = node(u, NULL, ORM_LAZY_SELECT, 1, &kid);
	ctx_init(&ctx, &err, SQLITE, reg);
	s = orm_query_eval(&ctx, "select(U)", NULL);
	CHECK(s != NULL);
	if (s && orm_plan_place(&ctx, s, &root) == 0 && orm_compile_select(&ctx, s, &root, &c) == 0)
		CHECK(strstr(c.sql, "ON \"u\".\"id\" = \"a_1\".\"u_id\" AND (\"a_1\".\"email\" LIKE ?1 || '%') "
					 "AND \"u\".\"name\" != ?2") != NULL);
	else
		CHECK(0);
	/* bad criteria text: an error naming the relationship */
	xs->extra_criteria = "Nope.x == 1";
	CHECK_STR(run_plans(reg, SQLITE, "select(U.id).join(U.xs)", NULL, NULL),
			  "ERROR orm_select: in the criteria of relationship U.xs: name 'Nope' is not defined");
}

/* column.op() / bool_op(): allow-listed operator spellings only */
static const char *joined_src =
	"from typing import List, Optional\n"
	"from sqlalchemy import ForeignKey\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class Org(Base):\n"
	"    __tablename__ = \"org\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    people: Mapped[List[\"Person\"]] = relationship(back_populates=\"org\")\n"
	"class Person(Base):\n"
	"    __tablename__ = \"person\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str]\n"
	"    kind: Mapped[str]\n"
	"    org_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"org.id\"))\n"
	"    org: Mapped[Optional[Org]] = relationship(back_populates=\"people\")\n"
	"    __mapper_args__ = {\"polymorphic_on\": \"kind\", \"polymorphic_identity\": \"person\"}\n"
	"class Staff(Person):\n"
	"    __tablename__ = \"staff\"\n"
	"    salary: Mapped[int]\n"
	"    id: Mapped[int] = mapped_column(ForeignKey(\"person.id\"), primary_key=True)\n"
	"    notes: Mapped[List[\"Note\"]] = relationship()\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"staff\"}\n"
	"class Boss(Staff):\n"
	"    __tablename__ = \"boss\"\n"
	"    boss_id: Mapped[int] = mapped_column(ForeignKey(\"staff.id\"), primary_key=True)\n"
	"    title: Mapped[str]\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"boss\"}\n"
	"class Temp(Staff):\n"
	"    agency: Mapped[Optional[str]]\n"
	"    __mapper_args__ = {\"polymorphic_identity\": \"temp\"}\n"
	"class Note(Base):\n"
	"    __tablename__ = \"note\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    staff_id: Mapped[int] = mapped_column(ForeignKey(\"staff.id\"))\n";

/* The attribute keys of cls in mapper order, with their slots: "id:0 name:1 ...". */
static const char *
props_of(OrmRegistry *reg, const char *name)
{
	OrmClass   *cls = orm_reg_class(reg, name);
	OrmBuf		b;

	if (!cls)
		return "no class";
	orm_buf_init(&b, &arena);
	for (int i = 0; i < cls->nprops; i++)
		orm_buf_printf(&b, "%s%s:%d/%d", i ? " " : "", cls->props[i].key, cls->props[i].slot,
					   cls->props[i].ncols);
	orm_buf_puts(&b, " |");
	for (int i = 0; i < cls->nallrels; i++)
		orm_buf_printf(&b, " %s", cls->allrels[i]->name);
	return orm_buf_cstr(&b);
}

/*
 * Joined-table inheritance (SQLAlchemy 2.0.52's SQL): a subclass's FROM is
 * its hierarchy's tables; its attributes are its superclasses' first (a
 * column repeating an inherited key joins that attribute, its own column
 * first); with_polymorphic() outer joins subclass tables; aliased() is the
 * join as a subquery, or with flat each table aliased; a WHERE column of a
 * joined entity names its own table only.
 */
static void
test_joined_inherit(void)
{
	OrmError	err = {0};
	OrmRegistry *reg = tl_declare(&arena, &err, joined_src, NULL);
	const char *chain = "FROM \"person\" JOIN \"staff\" ON \"person\".\"id\" = \"staff\".\"id\"";

	CHECK(reg != NULL);
	if (!reg)
		return;
	/* the mapper's attributes: slots shared down the hierarchy */
	CHECK_STR(props_of(reg, "Person"), "id:0/1 name:1/1 kind:2/1 org_id:3/1 | org");
	CHECK_STR(props_of(reg, "Staff"), "id:0/2 name:1/1 kind:2/1 org_id:3/1 salary:4/1 | notes org");
	CHECK_STR(props_of(reg, "Boss"),
			  "id:0/2 name:1/1 kind:2/1 org_id:3/1 salary:4/1 boss_id:5/1 title:6/1 | notes org");
	CHECK_STR(props_of(reg, "Temp"),
			  "id:0/2 name:1/1 kind:2/1 org_id:3/1 salary:4/1 agency:7/1 | notes org");
	CHECK_STR(run_plans(reg, SQLITE, "select(Staff).where(Staff.name == 'x').order_by(Staff.id)", NULL, NULL),
			  orm_sprintf(&arena, "SELECT \"staff\".\"id\", \"person\".\"id\" AS \"id_1\", \"person\".\"name\", "
						  "\"person\".\"kind\", \"person\".\"org_id\", \"staff\".\"salary\" %s WHERE "
						  "\"person\".\"name\" = ?1 ORDER BY \"staff\".\"id\" | Staff | ['x']", chain));
	CHECK_STR(run_plans(reg, PG, "select(Temp.name)", NULL, NULL),
			  orm_sprintf(&arena, "SELECT \"person\".\"name\" %s WHERE \"person\".\"kind\" IN ($1) "
						  "| name | ['temp']", chain));
	/* a join target's tables in parentheses; ON inferred across them */
	CHECK_STR(run_plans(reg, SQLITE, "select(Org.id).join(Boss)", NULL, NULL),
			  "SELECT \"org\".\"id\" FROM \"org\" JOIN (\"person\" JOIN \"staff\" ON \"person\".\"id\" = "
			  "\"staff\".\"id\" JOIN \"boss\" ON \"staff\".\"id\" = \"boss\".\"boss_id\") ON \"org\".\"id\" = "
			  "\"person\".\"org_id\" | id | []");
	/* WHERE names the table only (SQLAlchemy's FROM list) */
	CHECK_STR(run_plans(reg, SQLITE, "select(Org.id).where(Staff.salary > 1)", NULL, NULL),
			  "SELECT \"org\".\"id\" FROM \"org\", \"staff\" WHERE \"staff\".\"salary\" > ?1 | id | [1]");
	/* a superclass's FROM merges into the subclass's */
	CHECK_STR(run_plans(reg, SQLITE, "select(Person.name, Staff.salary)", NULL, NULL),
			  orm_sprintf(&arena, "SELECT \"person\".\"name\", \"staff\".\"salary\" %s | name salary | []",
						  chain));
	CHECK_STR(run_plans(reg, SQLITE, "select(with_polymorphic(Person, [Boss]))", NULL, NULL),
			  "SELECT \"person\".\"id\", \"person\".\"name\", \"person\".\"kind\", \"person\".\"org_id\", "
			  "\"staff\".\"id\" AS \"id_1\", \"staff\".\"salary\", \"boss\".\"boss_id\", \"boss\".\"title\" "
			  "FROM \"person\" LEFT OUTER JOIN \"staff\" ON \"person\".\"id\" = \"staff\".\"id\" LEFT OUTER "
			  "JOIN \"boss\" ON \"staff\".\"id\" = \"boss\".\"boss_id\" | Person | []");
	CHECK_STR(run_plans(reg, SQLITE, "a = aliased(Staff, flat=True)\nselect(a.name)", NULL, NULL),
			  "SELECT \"person_1\".\"name\" FROM \"person\" AS \"person_1\" JOIN \"staff\" AS \"staff_1\" "
			  "ON \"person_1\".\"id\" = \"staff_1\".\"id\" | name | []");
	CHECK_STR(run_plans(reg, SQLITE, "a = aliased(Staff)\nselect(a.salary)", NULL, NULL),
			  "SELECT \"anon_1\".\"staff_salary\" FROM (SELECT \"person\".\"id\" AS \"person_id\", "
			  "\"person\".\"name\" AS \"person_name\", \"person\".\"kind\" AS \"person_kind\", "
			  "\"person\".\"org_id\" AS \"person_org_id\", \"staff\".\"salary\" AS \"staff_salary\", "
			  "\"staff\".\"id\" AS \"staff_id\", \"staff\".\"agency\" AS \"staff_agency\" FROM \"person\" "
			  "JOIN \"staff\" ON \"person\".\"id\" = \"staff\".\"id\") AS \"anon_1\" | salary | []");
	CHECK_STR(run_plans(reg, SQLITE, "select(Org.id).where(Org.people.of_type(Staff).any(Staff.salary > 2))",
						NULL, NULL),
			  orm_sprintf(&arena, "SELECT \"org\".\"id\" FROM \"org\" WHERE EXISTS (SELECT 1 %s WHERE "
						  "\"org\".\"id\" = \"person\".\"org_id\" AND \"staff\".\"salary\" > ?1) | id | [2]",
						  chain));
	/* a joined entity overlapping the statement's tables: a flat alias of it,
	 * which every column of its tables is read through, as SQLAlchemy's
	 * legacy adapter does (ON staff_1.id = staff_1.id: its SQL, verbatim) */
	CHECK_STR(run_plans(reg, SQLITE, "select(Staff.name).join(Boss, Boss.id == Staff.id)", NULL, NULL),
			  orm_sprintf(&arena, "SELECT \"person_1\".\"name\" %s JOIN (\"person\" AS \"person_1\" JOIN "
						  "\"staff\" AS \"staff_1\" ON \"person_1\".\"id\" = \"staff_1\".\"id\" JOIN \"boss\" "
						  "AS \"boss_1\" ON \"staff_1\".\"id\" = \"boss_1\".\"boss_id\") ON \"staff_1\".\"id\" = "
						  "\"staff_1\".\"id\" | name | []", chain));
	CHECK_STR(run_plans(reg, SQLITE, "select(Org).join(Org.people.of_type(Note))", NULL, NULL),
			  "ERROR orm_select: line 1, column 37: of_type() takes Person or a subclass (the class, "
			  "aliased() or with_polymorphic())");
}

static void
test_custom_op(void)
{
	CHECK_STR(run(SQLITE, "select(User.id).where(User.username.op('||')('x') == 'ax')"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"username\" || ?1) = ?2"
			  " | id | ['x', 'ax']");
	CHECK_STR(run(PG, "select(User.id).where(and_(User.username.op('~*', is_comparison=True)('^a'), User.id == 1))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"username\" ~* $1) AND "
			  "\"users\".\"id\" = $2 | id | ['^a', 1]");
	CHECK_STR(run(PG, "select(User.id).where(User.email.bool_op('@>')('a'))"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"email\" @> $1 | id | ['a']");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.username.op('||')(User.email).op('||')('z') == 'q')"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE ((\"users\".\"username\" || "
			  "\"users\".\"email\") || ?1) = ?2 | id | ['z', 'q']");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.id.op('= 1 OR 1 =')(1))"),
			  "ERROR orm_select: line 1, column 34: operator \"= 1 OR 1 =\" is not allowed in op()");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.id.op('||', precedence=5)(1))"),
			  "ERROR orm_select: line 1, column 51: op() keyword \"precedence\" is not supported");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.id.op(x)(1))"),
			  "ERROR orm_select: line 1, column 34: op() takes an operator string");
	CHECK_STR(run(SQLITE, "select(User.id).where(User.email.op('?')('a'))"),
			  "ERROR orm_select: line 1, column 23: operator \"?\" is not supported by sqlite");
}

/* ---- trust: forms that crashed or gave silently wrong results ------------ */

/* As run(), with the loader's plan (eager columns, plan-time errors). */
static const char *
run_planned(const OrmDialect *d, const char *q)
{
	OrmCtx		ctx;
	OrmError	err;
	SxSelect   *s;
	OrmLoadNode **plans;
	OrmCompiled c;
	OrmBuf		b;

	ctx_init(&ctx, &err, d, blog);
	orm_buf_init(&b, &arena);
	if (!(s = orm_query_eval(&ctx, q, NULL)) || !(plans = orm_plan_build(&ctx, s)) ||
		orm_plan_place(&ctx, s, plans) < 0 || orm_compile_select(&ctx, s, plans, &c) < 0)
	{
		orm_buf_printf(&b, "ERROR %s", orm_error_text(&arena, &err, "orm_select"));
		return orm_buf_cstr(&b);
	}
	orm_buf_printf(&b, "%s | ", c.sql);
	fmt_params(&b, &c);
	return orm_buf_cstr(&b);
}

static void
test_trust(void)
{
	/* contains_eager through a many-to-many join reads the target's join,
	 * not the secondary table's (which has no class) */
	CHECK_STR(run(SQLITE, "select(Post.id).join(Post.tags).options(contains_eager(Post.tags))"),
			  "ERROR orm_select: line 1, column 41: loader option Post.tags does not apply to any entity of the statement");
	CHECK_STR(run_planned(SQLITE, "select(Post).join(Post.tags).where(Tag.name == \"x\").options(contains_eager(Post.tags))"),
			  "SELECT " POSTS_COLS ", \"tags\".\"id\" AS \"id_1\", \"tags\".\"name\" FROM \"posts\" "
			  "JOIN \"post_tags\" AS \"post_tags_1\" ON \"posts\".\"id\" = \"post_tags_1\".\"post_id\" "
			  "JOIN \"tags\" ON \"tags\".\"id\" = \"post_tags_1\".\"tag_id\" WHERE \"tags\".\"name\" = ?1 | ['x']");
	CHECK_STR(run(SQLITE, "select(Post).join(Post.tags).options(contains_eager(Post.tags, alias=aliased(User)))"),
			  "ERROR orm_select: line 1, column 70: contains_eager(Post.tags, alias=...): the alias is of User, not Tag");
	CHECK_STR(run_planned(SQLITE, "p = select(Tag).subquery()\nselect(Post).join(Post.tags).options(contains_eager(Post.tags, alias=p))"),
			  "ERROR orm_select: line 2, column 38: contains_eager(Post.tags, alias=...): the alias is not in the statement; join to it");
	/* a method on an expression that could not be built */
	CHECK_STR(run(SQLITE, "select(User).where(tuple_(User).foo())"),
			  "ERROR orm_select: line 1, column 27: expected an SQL expression here");
	/* Python's arithmetic on literals */
	CHECK_STR(run(SQLITE, "select(User.id).where(User.id == -7 // 2).limit(-7 % 2)"),
			  "SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"id\" = ?1 LIMIT ?2 | id | [-4, 1]");
	CHECK_STR(run(SQLITE, "select(literal(10 / 4), literal(2 ** -1)).where(User.id == -9223372036854775808)"),
			  "SELECT ?1 AS \"anon_1\", ?2 AS \"anon_2\" FROM \"users\" WHERE \"users\".\"id\" = ?3 "
			  "| _no_label _no_label_1 | [2.5, 0.5, -9223372036854775808]");
	CHECK_STR(run(SQLITE, "select(User).limit((-9223372036854775807 - 1) // -1)"),
			  "ERROR orm_select: line 1, column 21: integer overflow: the result of // does not fit in a 64-bit integer");
	CHECK_STR(run(SQLITE, "select(User).limit(9223372036854775807 + 1)"),
			  "ERROR orm_select: line 1, column 20: integer overflow: the result of + does not fit in a 64-bit integer");
	CHECK_STR(run(SQLITE, "select(User).limit(18446744073709551616)"),
			  "ERROR orm_select: line 1, column 20: integer literal 18446744073709551616 does not fit in a 64-bit integer");
	CHECK_STR(run(SQLITE, "select(User).limit(7 % 0)"),
			  "ERROR orm_select: line 1, column 20: integer division or modulo by zero");
	/* a statement nested through variables beyond what any walk may recurse */
	CHECK_STR(run(SQLITE, "a = User.id\na = a + a\na = a + a\na = a + a\na = a + a\na = a + a\na = a + a\n"
				  "a = a + a\na = a + a\na = a + a\na = a + a\na = a + a\na = a + a\na = a + a\na = a + a\n"
				  "a = a + a\na = a + a\na = a + a\na = a + a\na = a + a\na = a + a\nselect(a)"),
			  "ERROR orm_select: line 1, column 5: the statement has more than 1000000 parts");
	/* compound parts are grouped as SQLAlchemy groups them */
	CHECK_STR(run(PG, "union(select(User.id), select(Post.id).limit(1))"),
			  "SELECT \"users\".\"id\" FROM \"users\" UNION (SELECT \"posts\".\"id\" FROM \"posts\" LIMIT $1) | id | [1]");
	CHECK_STR(run(SQLITE, "select(User.id).union(select(Post.id)).where(User.id == 1)"),
			  "ERROR orm_select: line 1, column 40: a compound select (union(), intersect(), except_()) has no method "
			  "\"where\"; apply it to a part, or select from .subquery()");
	/* slice() as SQLAlchemy's _make_slice: negative values pass through */
	CHECK_STR(run(SQLITE, "select(User.id).slice(-1, 2)"),
			  "SELECT \"users\".\"id\" FROM \"users\" LIMIT ?1 OFFSET ?2 | id | [3, -1]");
}

int
main(int argc, char **argv)
{
	OrmError	err = {0};

	orm_arena_init(&arena, &check_hooks);
	blog = tl_blog_registry(&arena, tl_seed_read(&arena, argc, argv), NULL);
	misc = tl_declare(&arena, &err, misc_src, NULL);
	if (!blog || !misc)
	{
		if (!misc)
			fprintf(stderr, "declare: %s\n", orm_error_text(&arena, &err, "orm_declare"));
		CHECK(0);
		orm_arena_reset(&arena);
		CHECK_DONE();
	}
	test_query_examples();
	test_options();
	test_where();
	test_joins();
	test_order_group_limit();
	test_functions();
	test_subqueries();
	test_exists_case_cast();
	test_more_constructs();
	test_params();
	test_errors();
	test_differential();
	test_misc_model();
	test_eager();
	test_inherit();
	test_joined_inherit();
	test_custom_op();
	test_rel_extra_criteria();
	test_trust();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
