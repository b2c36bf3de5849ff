/*
 * test_execute.c -- unit tests of orm_execute (common/execute.c and the DML
 * parts of query.c / compile.c).
 *
 * Owns: golden SQL for both dialects through orm_execute_compile, and
 * end-to-end runs of orm_api_execute against an in-memory SQLite database
 * through testlib's recording in-test host.  The model is the seed's blog
 * module, read from the seed file and declared with orm_api_declare; tables
 * come from orm_api_create_all.  Assumes: test/ may include sqlite3.h;
 * common/ never does.
 *
 * Build and run (from the repository root):
 *   make build/unit/test_execute
 *   valgrind --error-exitcode=1 -q build/unit/test_execute [seed-file] [--dump]
 *     (seed file: argv[1], else $ORM_SEED, else testlib.h's TL_SEED_DEFAULT)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testlib.h"
#include "orm.h"
#include "orm/execute.h"
#include "base/json.h"

/* ---- golden SQL ---------------------------------------------------------- */

static OrmArena arena;			/* the test's own allocations */
static TlHost gold_host;		/* compile only: now() and random bytes */

/* orm_execute_compile's text, or "ERROR: line L, column C: message". */
static const char *
compile_sql(OrmRegistry *reg, const OrmDialect *d, const char *stmt, const char *params)
{
	OrmCtx		ctx;
	OrmError	err;
	OrmBuf		b;
	JsonValue  *pj = NULL;

	tl_ctx_init(&ctx, &arena, &err, d, reg);
	ctx.host = &tl_host;
	ctx.hs = &gold_host;
	gold_host.rnd = 0;
	if (params && !(pj = json_parse(&arena, params, strlen(params), &err)))
		return "ERROR: bad params JSON";
	orm_buf_init(&b, &arena);
	if (orm_execute_compile(&ctx, stmt, pj, &b) < 0)
		return orm_sprintf(&arena, "ERROR: line %d, column %d: %s%s%s", err.line, err.col,
						   err.path[0] ? err.path : "", err.path[0] ? ": " : "", err.message);
	return orm_buf_cstr(&b);
}

typedef struct GoldenCase
{
	const char *stmt;
	const char *params;
	const char *sqlite;
	const char *pg;
} GoldenCase;

static const GoldenCase golden[] = {
	{"update(Post).where(Post.status == PostStatus.DRAFT).values(status=PostStatus.ARCHIVED)",
		NULL,
		"UPDATE \"posts\" SET \"status\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"posts\".\"status\" = ?2",
		"UPDATE \"posts\" SET \"status\"=$1::\"poststatus\", \"updated_at\"=now() WHERE \"posts\".\"status\" = $2::\"poststatus\""},
	{"insert(User).values(username=\"dave\", email=\"dave@example.com\")",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now())"},
	{"insert(User).values(username=\"dave\", email=\"d@x\").returning(User.id, User.username)",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP) RETURNING \"users\".\"id\", \"users\".\"username\"",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()) RETURNING \"users\".\"id\", \"users\".\"username\""},
	{"insert(User).values([{\"username\": \"a\", \"email\": \"b\"}, {\"username\": \"c\", \"email\": \"d\"}])",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP), (?4, ?5, ?6, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()), ($4, $5, $6, now())"},
	{"insert(User)",
		"[{\"username\": \"u0\", \"email\": \"e0\"}, {\"username\": \"u1\", \"email\": \"e1\"}]",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP), (?4, ?5, ?6, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()), ($4, $5, $6, now())"},
	{"insert(Post).returning(Post.id, Post.status)",
		"[{\"title\": \"t\", \"slug\": \"s0\", \"body\": \"b\", \"author_id\": 1, \"status\": \"published\"}, {\"title\": \"t\", \"slug\": \"s1\", \"body\": \"b\", \"author_id\": 1}]",
		"INSERT INTO \"posts\" (\"title\", \"slug\", \"body\", \"status\", \"author_id\", \"created_at\") VALUES (?1, ?2, ?3, ?4, ?5, CURRENT_TIMESTAMP), (?6, ?7, ?8, ?9, ?10, CURRENT_TIMESTAMP) RETURNING \"posts\".\"id\", \"posts\".\"status\"",
		"INSERT INTO \"posts\" (\"title\", \"slug\", \"body\", \"status\", \"author_id\", \"created_at\") VALUES ($1, $2, $3, $4::\"poststatus\", $5, now()), ($6, $7, $8, $9::\"poststatus\", $10, now()) RETURNING \"posts\".\"id\", \"posts\".\"status\""},
	{"update(User).where(User.id == 1).values(display_name=\"Alice V2\").returning(User.id, User.username)",
		NULL,
		"UPDATE \"users\" SET \"display_name\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"id\" = ?2 RETURNING \"users\".\"id\", \"users\".\"username\"",
		"UPDATE \"users\" SET \"display_name\"=$1, \"updated_at\"=now() WHERE \"users\".\"id\" = $2 RETURNING \"users\".\"id\", \"users\".\"username\""},
	{"delete(User).where(User.is_active == False)",
		NULL,
		"DELETE FROM \"users\" WHERE \"users\".\"is_active\" = 0",
		"DELETE FROM \"users\" WHERE \"users\".\"is_active\" = false"},
	{"delete(User).where(User.posts.any(Post.title == \"x\"))",
		NULL,
		"DELETE FROM \"users\" WHERE EXISTS (SELECT 1 FROM \"posts\" WHERE \"users\".\"id\" = \"posts\".\"author_id\" AND \"posts\".\"title\" = ?1)",
		"DELETE FROM \"users\" WHERE EXISTS (SELECT 1 FROM \"posts\" WHERE \"users\".\"id\" = \"posts\".\"author_id\" AND \"posts\".\"title\" = $1)"},
	{"delete(Post).where(Post.tags.any(Tag.name == \"python\"))",
		NULL,
		"DELETE FROM \"posts\" WHERE EXISTS (SELECT 1 FROM \"post_tags\", \"tags\" WHERE \"posts\".\"id\" = \"post_tags\".\"post_id\" AND \"tags\".\"id\" = \"post_tags\".\"tag_id\" AND \"tags\".\"name\" = ?1)",
		"DELETE FROM \"posts\" WHERE EXISTS (SELECT 1 FROM \"post_tags\", \"tags\" WHERE \"posts\".\"id\" = \"post_tags\".\"post_id\" AND \"tags\".\"id\" = \"post_tags\".\"tag_id\" AND \"tags\".\"name\" = $1)"},
	{"update(Post).where(Post.author.has(User.username == \"a\")).values(title=\"t\")",
		NULL,
		"UPDATE \"posts\" SET \"title\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE EXISTS (SELECT 1 FROM \"users\" WHERE \"users\".\"id\" = \"posts\".\"author_id\" AND \"users\".\"username\" = ?2)",
		"UPDATE \"posts\" SET \"title\"=$1, \"updated_at\"=now() WHERE EXISTS (SELECT 1 FROM \"users\" WHERE \"users\".\"id\" = \"posts\".\"author_id\" AND \"users\".\"username\" = $2)"},
	{"update(Post).where(Post.author_id == User.id, User.username == \"a\").values(title=\"t\")",
		NULL,
		"UPDATE \"posts\" SET \"title\"=?1, \"updated_at\"=CURRENT_TIMESTAMP FROM \"users\" WHERE \"posts\".\"author_id\" = \"users\".\"id\" AND \"users\".\"username\" = ?2",
		"UPDATE \"posts\" SET \"title\"=$1, \"updated_at\"=now() FROM \"users\" WHERE \"posts\".\"author_id\" = \"users\".\"id\" AND \"users\".\"username\" = $2"},
	{"update(User)",
		"[{\"id\": 1, \"display_name\": \"X\"}, {\"id\": 2, \"display_name\": \"Y\", \"is_active\": false}]",
		"UPDATE \"users\" SET \"display_name\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"id\" = ?2;\nUPDATE \"users\" SET \"display_name\"=?1, \"is_active\"=?2, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"id\" = ?3",
		"UPDATE \"users\" SET \"display_name\"=$1, \"updated_at\"=now() WHERE \"users\".\"id\" = $2;\nUPDATE \"users\" SET \"display_name\"=$1, \"is_active\"=$2, \"updated_at\"=now() WHERE \"users\".\"id\" = $3"},
	{"delete(User).where(User.id == 1).returning(User)",
		NULL,
		"DELETE FROM \"users\" WHERE \"users\".\"id\" = ?1 RETURNING \"users\".\"id\", \"users\".\"username\", \"users\".\"email\", \"users\".\"display_name\", \"users\".\"is_active\", \"users\".\"created_at\", \"users\".\"updated_at\"",
		"DELETE FROM \"users\" WHERE \"users\".\"id\" = $1 RETURNING \"users\".\"id\", \"users\".\"username\", \"users\".\"email\", \"users\".\"display_name\", \"users\".\"is_active\", \"users\".\"created_at\", \"users\".\"updated_at\""},
	{"update(User).values(is_active=True, display_name=\"x\", username=User.username + \"z\")",
		NULL,
		"UPDATE \"users\" SET \"username\"=(\"users\".\"username\" || ?1), \"display_name\"=?2, \"is_active\"=?3, \"updated_at\"=CURRENT_TIMESTAMP",
		"UPDATE \"users\" SET \"username\"=(\"users\".\"username\" || $1), \"display_name\"=$2, \"is_active\"=$3, \"updated_at\"=now()"},
	{"insert(User).values({User.email: \"e\", \"username\": \"u\"})",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now())"},
	{"delete(User).where(User.username == name)",
		"{\"name\": \"bob\"}",
		"DELETE FROM \"users\" WHERE \"users\".\"username\" = ?1",
		"DELETE FROM \"users\" WHERE \"users\".\"username\" = $1"},
	{"update(User).filter_by(username=\"a\").values(display_name=\"t\")",
		NULL,
		"UPDATE \"users\" SET \"display_name\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"username\" = ?2",
		"UPDATE \"users\" SET \"display_name\"=$1, \"updated_at\"=now() WHERE \"users\".\"username\" = $2"},
	{"insert(post_tags).values(post_id=1, tag_id=2)",
		NULL,
		"INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (?1, ?2)",
		"INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES ($1, $2)"},
	{"update(Post).values(author_id=select(User.id).where(User.username == \"a\").scalar_subquery())",
		NULL,
		"UPDATE \"posts\" SET \"author_id\"=(SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"username\" = ?1), \"updated_at\"=CURRENT_TIMESTAMP",
		"UPDATE \"posts\" SET \"author_id\"=(SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"username\" = $1), \"updated_at\"=now()"},
	{"insert(Tag).values(name=\"x\").returning(Tag.id, Tag.name.label(\"n\"))",
		NULL,
		"INSERT INTO \"tags\" (\"name\") VALUES (?1) RETURNING \"tags\".\"id\", \"tags\".\"name\" AS \"n\"",
		"INSERT INTO \"tags\" (\"name\") VALUES ($1) RETURNING \"tags\".\"id\", \"tags\".\"name\" AS \"n\""},
	{"select(User.id).where(User.id == 1)",
		NULL,
		"SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"id\" = ?1;",
		"SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"id\" = $1;"},
	{"insert(User).values(usrname=\"x\")",
		NULL,
		"ERROR: line 1, column 29: unknown attribute \"usrname\" on User",
		"ERROR: line 1, column 29: unknown attribute \"usrname\" on User"},
	{"update(User).where(User.id == 1)",
		NULL,
		"ERROR: line 1, column 1: update() has no values() to set",
		"ERROR: line 1, column 1: update() has no values() to set"},
	{"delete(User)",
		"[{\"id\": 1}]",
		"ERROR: line 1, column 1: delete() with a list of params is not supported",
		"ERROR: line 1, column 1: delete() with a list of params is not supported"},
	{"update(User)",
		"[{\"display_name\": \"X\"}]",
		"ERROR: line 0, column 0: params[0]: bulk update by primary key: row has no value for \"id\"",
		"ERROR: line 0, column 0: params[0]: bulk update by primary key: row has no value for \"id\""},
	{"insert(User)",
		"[{\"username\": \"u0\", \"email\": \"e0\", \"nope\": 1}]",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now())"},
	/* a string no member stores is bound as it is, as SQLAlchemy's Enum binds it
	 * (PostgreSQL refuses it for the native ENUM when the statement runs) */
	{"update(Post).values(status=\"bogus\")",
		NULL,
		"UPDATE \"posts\" SET \"status\"=?1, \"updated_at\"=CURRENT_TIMESTAMP",
		"UPDATE \"posts\" SET \"status\"=$1::\"poststatus\", \"updated_at\"=now()"},
	{"delete(Post).where(Post.author_id == User.id)",
		NULL,
		"ERROR: line 1, column 1: delete() criteria naming another table (users) are not supported on sqlite (no multiple-table criteria within DELETE); use a subquery or any()/has()",
		"DELETE FROM \"posts\" USING \"users\" WHERE \"posts\".\"author_id\" = \"users\".\"id\""},
	{"insert(User).values(is_active=False)",
		"[{\"username\": \"u0\", \"email\": \"e0\"}, {\"username\": \"u1\", \"email\": \"e1\", \"is_active\": true}]",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP), (?4, ?5, ?6, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()), ($4, $5, $6, now())"},
	{"update(User).where(User.is_active == False).execution_options(synchronize_session=None)",
		"[{\"id\": 1, \"display_name\": \"X\"}]",
		"UPDATE \"users\" SET \"display_name\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"is_active\" = 0 AND \"users\".\"id\" = ?2",
		"UPDATE \"users\" SET \"display_name\"=$1, \"updated_at\"=now() WHERE \"users\".\"is_active\" = false AND \"users\".\"id\" = $2"},
	/* the first row names the columns; the second's display_name is dropped, as SQLAlchemy does */
	{"insert(User).values([{\"username\": \"a\", \"email\": \"b\"}, {\"username\": \"c\", \"email\": \"d\", \"display_name\": \"x\"}])",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP), (?4, ?5, ?6, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()), ($4, $5, $6, now())"},
	{"update(User).values({\"is_active\": True}).where(or_(User.id == 1, User.id == 2))",
		NULL,
		"UPDATE \"users\" SET \"is_active\"=?1, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"id\" = ?2 OR \"users\".\"id\" = ?3",
		"UPDATE \"users\" SET \"is_active\"=$1, \"updated_at\"=now() WHERE \"users\".\"id\" = $2 OR \"users\".\"id\" = $3"},
	{"delete(Comment).where(Comment.replies.any())",
		NULL,
		"DELETE FROM \"comments\" WHERE EXISTS (SELECT 1 FROM \"comments\" AS \"comments_1\" WHERE \"comments\".\"id\" = \"comments_1\".\"parent_id\")",
		"DELETE FROM \"comments\" WHERE EXISTS (SELECT 1 FROM \"comments\" AS \"comments_1\" WHERE \"comments\".\"id\" = \"comments_1\".\"parent_id\")"},
	{"insert(User)",
		NULL,
		"INSERT INTO \"users\" (\"is_active\", \"created_at\") VALUES (?1, CURRENT_TIMESTAMP)",
		"INSERT INTO \"users\" (\"is_active\", \"created_at\") VALUES ($1, now())"},
	{"insert(Tag).values(name=\"a\").where(Tag.id == 1)",
		NULL,
		"ERROR: line 1, column 30: insert() has no where()",
		"ERROR: line 1, column 30: insert() has no where()"},
	{"update(Post).values(status=PostStatus.ARCHIVED).returning(User.id)",
		NULL,
		"ERROR: line 1, column 49: returning() takes the statement's own entity or its columns",
		"ERROR: line 1, column 49: returning() takes the statement's own entity or its columns"},
	{"insert(User).from_select([\"username\", \"email\"], select(Tag.name, Tag.name + \"@x\").where(Tag.id > 1))",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") SELECT \"tags\".\"name\", \"tags\".\"name\" || ?1 AS \"anon_1\", ?2 AS \"anon_2\", CURRENT_TIMESTAMP AS \"now_1\" FROM \"tags\" WHERE \"tags\".\"id\" > ?3",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") SELECT \"tags\".\"name\", \"tags\".\"name\" || $1 AS \"anon_1\", $2 AS \"anon_2\", now() AS \"now_1\" FROM \"tags\" WHERE \"tags\".\"id\" > $3"},
	{"insert(post_tags).from_select([post_tags.c.post_id, post_tags.c.tag_id], select(Post.id, Tag.id).where(Tag.name == \"x\"))",
		NULL,
		"INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") SELECT \"posts\".\"id\", \"tags\".\"id\" AS \"id__1\" FROM \"posts\", \"tags\" WHERE \"tags\".\"name\" = ?1",
		"INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") SELECT \"posts\".\"id\", \"tags\".\"id\" AS \"id__1\" FROM \"posts\", \"tags\" WHERE \"tags\".\"name\" = $1"},
	{"insert(User).from_select([\"username\", \"email\"], select(Tag.name, Tag.name + \"@x\")).returning(User.id)",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") SELECT \"tags\".\"name\", \"tags\".\"name\" || ?1 AS \"anon_1\", ?2 AS \"anon_2\", CURRENT_TIMESTAMP AS \"now_1\" FROM \"tags\" RETURNING \"users\".\"id\"",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") SELECT \"tags\".\"name\", \"tags\".\"name\" || $1 AS \"anon_1\", $2 AS \"anon_2\", now() AS \"now_1\" FROM \"tags\" RETURNING \"users\".\"id\""},
	{"insert(User).from_select([\"username\"], select(Tag.name, Tag.id))",
		NULL,
		"ERROR: line 1, column 40: from_select() names 1 columns but the select has 2",
		"ERROR: line 1, column 40: from_select() names 1 columns but the select has 2"},
	{"insert(User).values(username=\"a\", email=\"b\").on_conflict_do_nothing()",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING"},
	{"insert(User).values(username=\"a\", email=\"b\").on_conflict_do_nothing(index_elements=[User.username])",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP) ON CONFLICT (\"username\") DO NOTHING",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()) ON CONFLICT (\"username\") DO NOTHING"},
	{"stmt = insert(User).values(username=\"a\", email=\"b\")\nstmt.on_conflict_do_update(index_elements=[User.username], set_=dict(email=stmt.excluded.email, display_name=\"x\"), where=User.is_active == True)",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP) ON CONFLICT (\"username\") DO UPDATE SET \"email\" = \"excluded\".\"email\", \"display_name\" = ?4 WHERE \"users\".\"is_active\" = 1",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()) ON CONFLICT (\"username\") DO UPDATE SET \"email\" = \"excluded\".\"email\", \"display_name\" = $4 WHERE \"users\".\"is_active\" = true"},
	{"stmt = insert(User).values(username=\"a\", email=\"b\")\nstmt.on_conflict_do_update(index_elements=[\"username\"], set_={User.email: stmt.excluded.email}).returning(User.id)",
		NULL,
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP) ON CONFLICT (\"username\") DO UPDATE SET \"email\" = \"excluded\".\"email\" RETURNING \"users\".\"id\"",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()) ON CONFLICT (\"username\") DO UPDATE SET \"email\" = \"excluded\".\"email\" RETURNING \"users\".\"id\""},
	{"stmt = insert(User)\nstmt.on_conflict_do_update(index_elements=[\"username\"], set_={\"email\": stmt.excluded.email})",
		"[{\"username\": \"a\", \"email\": \"b\"}, {\"username\": \"c\", \"email\": \"d\"}]",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES (?1, ?2, ?3, CURRENT_TIMESTAMP), (?4, ?5, ?6, CURRENT_TIMESTAMP) ON CONFLICT (\"username\") DO UPDATE SET \"email\" = \"excluded\".\"email\"",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()), ($4, $5, $6, now()) ON CONFLICT (\"username\") DO UPDATE SET \"email\" = \"excluded\".\"email\""},
	{"insert(User).values(username=\"a\", email=\"b\").on_conflict_do_update(set_={\"email\": \"x\"})",
		NULL,
		"ERROR: line 1, column 46: on_conflict_do_update() needs constraint= or index_elements=",
		"ERROR: line 1, column 46: on_conflict_do_update() needs constraint= or index_elements="},
	{"insert(User).values(username=\"a\", email=\"b\").on_conflict_do_nothing(constraint=\"uq\")",
		NULL,
		"ERROR: line 1, column 80: on_conflict_do_nothing(constraint=...) is PostgreSQL's; on sqlite give index_elements=",
		"INSERT INTO \"users\" (\"username\", \"email\", \"is_active\", \"created_at\") VALUES ($1, $2, $3, now()) ON CONFLICT ON CONSTRAINT \"uq\" DO NOTHING"},
	{"active = select(Post.author_id).where(Post.status == PostStatus.PUBLISHED).cte(\"active\")\nupdate(User).where(User.id.in_(select(active.c.author_id))).values(display_name=None)",
		NULL,
		"WITH \"active\" AS (SELECT \"posts\".\"author_id\" AS \"author_id\" FROM \"posts\" WHERE \"posts\".\"status\" = ?1) UPDATE \"users\" SET \"display_name\"=?2, \"updated_at\"=CURRENT_TIMESTAMP WHERE \"users\".\"id\" IN (SELECT \"active\".\"author_id\" FROM \"active\")",
		"WITH \"active\" AS (SELECT \"posts\".\"author_id\" AS \"author_id\" FROM \"posts\" WHERE \"posts\".\"status\" = $1::\"poststatus\") UPDATE \"users\" SET \"display_name\"=$2, \"updated_at\"=now() WHERE \"users\".\"id\" IN (SELECT \"active\".\"author_id\" FROM \"active\")"},
	{"update(User).values(display_name=func.upper(User.username))",
		NULL,
		"UPDATE \"users\" SET \"display_name\"=upper(\"users\".\"username\"), \"updated_at\"=CURRENT_TIMESTAMP",
		"UPDATE \"users\" SET \"display_name\"=upper(\"users\".\"username\"), \"updated_at\"=now()"},
	{"delete(User).where(User.id.in_([1, 2]))",
		NULL,
		"DELETE FROM \"users\" WHERE \"users\".\"id\" IN (?1, ?2)",
		"DELETE FROM \"users\" WHERE \"users\".\"id\" IN ($1, $2)"},
};

/* --dump: the cases as C source, with what the code produces now (for review). */
static void
dump_c_str(const char *s)
{
	if (!s)
	{
		printf("NULL");
		return;
	}
	putchar('"');
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s == '\n')
			printf("\\n");
		else
			putchar(*s);
	}
	putchar('"');
}

static void
dump_case(const GoldenCase *g, const char *s, const char *p)
{
	printf("\t{");
	dump_c_str(g->stmt);
	printf(",\n\t\t");
	dump_c_str(g->params);
	printf(",\n\t\t");
	dump_c_str(s);
	printf(",\n\t\t");
	dump_c_str(p);
	printf("},\n");
}

static void
test_golden(OrmRegistry *reg, bool dump)
{
	size_t		i;

	for (i = 0; i < sizeof(golden) / sizeof(golden[0]); i++)
	{
		const char *s = compile_sql(reg, &orm_dialect_sqlite, golden[i].stmt, golden[i].params);
		const char *p = compile_sql(reg, &orm_dialect_pg, golden[i].stmt, golden[i].params);

		if (dump)
		{
			dump_case(&golden[i], s, p);
			continue;
		}
		CHECK_STR(s, golden[i].sqlite);
		CHECK_STR(p, golden[i].pg);
	}
}

/* ---- end to end against SQLite ------------------------------------------ */

typedef TlEnv E2E;

/* One orm_api_execute call: its JSON result, or "ERROR: <message>". */
static const char *
run_execute(E2E *t, const char *stmt, const char *params)
{
	OrmArena	call;
	OrmError	err;
	char	   *out = NULL;
	const char *r;

	orm_arena_init(&call, &check_hooks);
	memset(&err, 0, sizeof(err));
	if (orm_api_execute(&t->conn, &call, stmt, params, &out, &err) < 0)
		r = orm_sprintf(&arena, "ERROR: %s", orm_error_text(&call, &err, "orm_execute"));
	else
		r = orm_strdup(&arena, out);
	orm_arena_reset(&call);
	return r;
}

/* The rows of a plain SQL query as "a|b;c|d" (NULL as "~"). */
static const char *
sql_rows(E2E *t, const char *sql)
{
	static const TlRowStyle style = {"|", ";", "~", false, false};

	return tl_sql_rows(&t->host, sql, &style);
}

static bool
e2e_setup(E2E *t, const char *source)
{
	return tl_env_open(t, NULL) == 0 && tl_env_api_declare(t, source, true) == 0;
}

static void
test_e2e_insert(E2E *t)
{
	const char *r;

	/* session.execute(insert(User), [{...}, ...]): one multi-row INSERT */
	tl_host_clear(&t->host);
	CHECK_STR(run_execute(t, "insert(User)",
						  "[{\"username\": \"alice\", \"email\": \"alice@example.com\"},"
						  " {\"username\": \"bob\", \"email\": \"bob@example.com\"}]"),
			  "{\"rowcount\":2}");
	CHECK(tl_log_count(&t->host, "INSERT INTO \"users\"") == 1);
	CHECK_STR(sql_rows(t, "SELECT id, username, is_active, created_at IS NOT NULL, updated_at FROM users"),
			  "1|alice|1|1|~;2|bob|1|1|~");

	/* insert(...).values(...).returning(...) */
	CHECK_STR(run_execute(t, "insert(User).values(username=\"carol\", email=\"c@x\")"
						  ".returning(User.id, User.username, User.is_active)", NULL),
			  "[{\"id\":3,\"username\":\"carol\",\"is_active\":true}]");

	/* returning(User): the objects, every column attribute */
	r = run_execute(t, "insert(User).values({\"username\": \"dave\", User.email: \"d@x\"}).returning(User)",
					NULL);
	CHECK(strncmp(r, "[{\"id\":4,\"username\":\"dave\",\"email\":\"d@x\",\"display_name\":null,"
				  "\"is_active\":true,\"created_at\":\"", strlen("[{\"id\":4,\"username\":\"dave\","
																 "\"email\":\"d@x\",\"display_name\":null,\"is_active\":true,\"created_at\":\"")) == 0);
	CHECK(strstr(r, "\"updated_at\":null}]") != NULL);

	/* bulk insert with returning; the enum default applies, stored by name */
	CHECK_STR(run_execute(t, "insert(Post).returning(Post.id, Post.status)",
						  "[{\"title\": \"T1\", \"slug\": \"t1\", \"body\": \"b\", \"author_id\": 1},"
						  " {\"title\": \"T2\", \"slug\": \"t2\", \"body\": \"b\", \"author_id\": 1,"
						  "  \"status\": \"published\"},"
						  " {\"title\": \"T3\", \"slug\": \"t3\", \"body\": \"b\", \"author_id\": 2}]"),
			  "[{\"id\":1,\"status\":\"draft\"},{\"id\":2,\"status\":\"published\"},"
			  "{\"id\":3,\"status\":\"draft\"}]");
	CHECK_STR(sql_rows(t, "SELECT id, status FROM posts ORDER BY id"),
			  "1|DRAFT;2|PUBLISHED;3|DRAFT");

	/* multi-values form and a plain Table() */
	CHECK_STR(run_execute(t, "insert(Tag).values([{\"name\": \"python\"}, {\"name\": \"sql\"}])", NULL),
			  "{\"rowcount\":2}");
	CHECK_STR(run_execute(t, "insert(post_tags).values(post_id=1, tag_id=1)", NULL),
			  "{\"rowcount\":1}");

	/* upserts: the sqlite / postgresql insert()'s on_conflict clauses */
	CHECK_STR(run_execute(t, "stmt = insert(User).values(username=\"alice\", email=\"new@x\")\n"
						  "stmt = stmt.on_conflict_do_update(\n"
						  "    index_elements=[User.username], set_=dict(email=stmt.excluded.email))\n"
						  "stmt.returning(User.id, User.email)", NULL),
			  "[{\"id\":1,\"email\":\"new@x\"}]");
	CHECK_STR(run_execute(t, "insert(User).on_conflict_do_nothing().returning(User.id)",
						  "[{\"username\": \"alice\", \"email\": \"zz@x\"},"
						  " {\"username\": \"erin\", \"email\": \"e@x\"}]"),
			  "[{\"id\":5}]");
	CHECK_STR(run_execute(t, "delete(User).where(User.username == \"erin\")", NULL),
			  "{\"rowcount\":1}");
	CHECK_STR(sql_rows(t, "SELECT email FROM users WHERE id = 1"), "new@x");

	/* insert().from_select(): the defaults of the other columns ride in the select */
	CHECK_STR(run_execute(t, "insert(User).from_select([\"username\", User.email],"
						  " select(Tag.name, Tag.name + \"@tags\").where(Tag.name == \"sql\"))"
						  ".returning(User.username, User.email, User.is_active)", NULL),
			  "[{\"username\":\"sql\",\"email\":\"sql@tags\",\"is_active\":true}]");
	CHECK_STR(run_execute(t, "delete(User).where(User.email == \"sql@tags\")", NULL),
			  "{\"rowcount\":1}");
}

static void
test_e2e_update(E2E *t)
{
	/* the seed's update_example bulk update */
	CHECK_STR(run_execute(t, "(\n"
						  "    update(Post)\n"
						  "    .where(Post.status == PostStatus.DRAFT)\n"
						  "    .values(status=PostStatus.ARCHIVED)\n"
						  ")", NULL),
			  "{\"rowcount\":2}");
	CHECK_STR(sql_rows(t, "SELECT id, status, updated_at IS NOT NULL FROM posts ORDER BY id"),
			  "1|ARCHIVED|1;2|PUBLISHED|0;3|ARCHIVED|1");

	/* the seed's "session.execute() -- 2.0 Style" update with returning */
	CHECK_STR(run_execute(t, "stmt = (\n"
						  "    update(User)\n"
						  "    .where(User.id == 1)\n"
						  "    .values(display_name=\"Alice V2\")\n"
						  "    .returning(User.id, User.username)\n"
						  ")\n"
						  "stmt", NULL),
			  "[{\"id\":1,\"username\":\"alice\"}]");

	/* ORM bulk UPDATE by primary key */
	CHECK_STR(run_execute(t, "update(User)",
						  "[{\"id\": 2, \"display_name\": \"Bob\"}, {\"id\": 3, \"is_active\": false}]"),
			  "{\"rowcount\":2}");
	CHECK_STR(sql_rows(t, "SELECT id, display_name, is_active FROM users ORDER BY id"),
			  "1|Alice V2|1;2|Bob|1;3|~|0;4|~|1");

	/* all or nothing: the second row violates the unique username */
	tl_host_clear(&t->host);
	CHECK(strncmp(run_execute(t, "update(User)",
							  "[{\"id\": 1, \"display_name\": \"Z\"}, {\"id\": 2, \"username\": \"alice\"}]"),
				  "ERROR: orm_execute: UNIQUE constraint failed", 44) == 0);
	CHECK(tl_log_count(&t->host, "-- rollback atomic") == 1);
	CHECK_STR(sql_rows(t, "SELECT display_name FROM users WHERE id = 1"), "Alice V2");

	/* relationship criteria and names from params */
	CHECK_STR(run_execute(t, "update(Post).where(Post.author.has(User.username == who))"
						  ".values(title=Post.title + \"!\")", "{\"who\": \"bob\"}"),
			  "{\"rowcount\":1}");
	CHECK_STR(sql_rows(t, "SELECT title FROM posts WHERE id = 3"), "T3!");

	/* a CTE in the criteria: WITH ... UPDATE */
	CHECK_STR(run_execute(t, "active = (\n"
						  "    select(Post.author_id)\n"
						  "    .where(Post.status == PostStatus.PUBLISHED)\n"
						  "    .cte(\"active\")\n"
						  ")\n"
						  "update(User).where(User.id.in_(select(active.c.author_id)))"
						  ".values(display_name=None)", NULL),
			  "{\"rowcount\":1}");
	CHECK_STR(sql_rows(t, "SELECT id FROM users WHERE display_name IS NULL ORDER BY id"), "1;3;4");
}

static void
test_e2e_delete(E2E *t)
{
	/* the seed's delete with where */
	CHECK_STR(run_execute(t, "delete(User).where(User.is_active == False)", NULL),
			  "{\"rowcount\":1}");
	CHECK_STR(sql_rows(t, "SELECT id FROM users ORDER BY id"), "1;2;4");

	CHECK_STR(run_execute(t, "delete(Post).where(Post.tags.any(Tag.name == \"python\"))"
						  ".returning(Post.id, Post.title)", NULL),
			  "[{\"id\":1,\"title\":\"T1\"}]");
	CHECK_STR(run_execute(t, "delete(User).where(~User.posts.any()).returning(User.username)", NULL),
			  "[{\"username\":\"dave\"}]");

	/* a select is not for orm_execute; errors carry the position */
	CHECK_STR(run_execute(t, "select(User)", NULL),
			  "ERROR: orm_execute: line 1, column 1: orm_execute() runs insert(), update() and "
			  "delete(); use orm_select() for select()");
	CHECK_STR(run_execute(t, "delete(User).where(User.nme == \"x\")", NULL),
			  "ERROR: orm_execute: line 1, column 20: unknown attribute \"nme\" on User");
}

/* Rows beyond dialect->max_params split into several INSERTs, atomically. */
static void
test_e2e_batches(E2E *t)
{
	OrmBuf		p;
	int			i,
				n = 9000;		/* 4 columns a row: 8175 rows per statement */

	orm_buf_init(&p, &arena);
	orm_buf_putc(&p, '[');
	for (i = 0; i < n; i++)
		orm_buf_printf(&p, "%s{\"username\": \"u%d\", \"email\": \"u%d@x\"}", i ? "," : "", i, i);
	orm_buf_putc(&p, ']');
	tl_host_clear(&t->host);
	CHECK_STR(run_execute(t, "insert(User)", orm_buf_cstr(&p)), "{\"rowcount\":9000}");
	CHECK(tl_log_count(&t->host, "INSERT INTO \"users\"") == 2);
	CHECK(tl_log_count(&t->host, "-- begin atomic") == 1 && tl_log_count(&t->host, "-- commit atomic") == 1);
	CHECK_STR(sql_rows(t, "SELECT count(*) FROM users WHERE username LIKE 'u%'"), "9000");
	CHECK_STR(run_execute(t, "insert(User)", "[]"), "{\"rowcount\":0}");
}

static void
test_e2e(const char *blog)
{
	E2E			t;

	if (!e2e_setup(&t, blog))
	{
		CHECK(0);
		tl_env_close(&t);
		return;
	}
	test_e2e_insert(&t);
	test_e2e_update(&t);
	test_e2e_delete(&t);
	test_e2e_batches(&t);
	tl_env_close(&t);
}

/* Python-side defaults and onupdate: literal, uuid4, dict, utcnow; metadata_ keys. */
static const char *defaults_model =
	"import uuid\n"
	"from datetime import datetime\n"
	"from typing import Optional\n"
	"from sqlalchemy import JSON, String\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
	"\n"
	"\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"\n"
	"\n"
	"class Doc(Base):\n"
	"    __tablename__ = \"docs\"\n"
	"\n"
	"    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)\n"
	"    title: Mapped[str] = mapped_column(String(50), default=\"untitled\")\n"
	"    extra: Mapped[dict] = mapped_column(JSON, default=dict)\n"
	"    created: Mapped[datetime] = mapped_column(default=datetime.utcnow)\n"
	"    touched: Mapped[Optional[datetime]] = mapped_column(onupdate=datetime.utcnow)\n"
	"    metadata_: Mapped[Optional[str]] = mapped_column(\"metadata\", String(20))\n";

static void
test_e2e_defaults(void)
{
	E2E			t;

	if (!e2e_setup(&t, defaults_model))
	{
		CHECK(0);
		tl_env_close(&t);
		return;
	}
	t.host.rnd = 0;
	CHECK_STR(run_execute(&t, "insert(Doc).values(metadata_=\"m\")"
						  ".returning(Doc.title, Doc.extra, Doc.created, Doc.metadata_)", NULL),
			  "[{\"title\":\"untitled\",\"extra\":{},\"created\":\"2024-01-02T03:04:05\","
			  "\"metadata_\":\"m\"}]");
	CHECK_STR(sql_rows(&t, "SELECT length(id), substr(id, 13, 1), title, extra, "
					   "created, touched, metadata FROM docs"),
			  "32|4|untitled|{}|2024-01-02 03:04:05.000000|~|m");
	CHECK_STR(run_execute(&t, "update(Doc).values(title=\"t\")", NULL), "{\"rowcount\":1}");
	CHECK_STR(sql_rows(&t, "SELECT title, touched FROM docs"), "t|2024-01-02 03:04:05.000000");
	CHECK_STR(run_execute(&t, "insert(Doc)", "[{\"metadata\": \"by column name\"}]"),
			  "{\"rowcount\":1}");
	CHECK_STR(sql_rows(&t, "SELECT count(*) FROM docs WHERE metadata = 'by column name'"), "1");
	tl_env_close(&t);
}

int
main(int argc, char **argv)
{
	bool		dump = argc > 1 && strcmp(argv[argc - 1], "--dump") == 0;
	const char *seed;
	OrmRegistry *reg;

	orm_arena_init(&arena, &check_hooks);
	seed = tl_seed_read(&arena, argc, argv);
	CHECK(seed != NULL);
	reg = tl_blog_registry(&arena, seed, NULL);
	CHECK(reg != NULL);
	if (reg)
		test_golden(reg, dump);
	if (!dump)
	{
		test_e2e(tl_blog_source(&arena, seed));
		test_e2e_defaults();
	}
	orm_arena_reset(&arena);
	CHECK_DONE();
}
