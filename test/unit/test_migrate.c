/*
 * test_migrate.c -- migrations (migrate.c, migrate_ops*.c, autogen.c) below
 * the SQL functions:
 *
 *   scripts     mig_parse_script: the fields of Alembic's file format, and
 *               every malformed script an error with its line and column
 *   graph       orm_api_migration_add / upgrade / downgrade / stamp / current
 *               over the in-test SQLite host: heads, branches, merges, +N /
 *               -N, <rev>+N, prefixes, branch labels, label@head / heads /
 *               base / -N, ambiguous and unknown targets -- the outcomes real
 *               Alembic 1.19 gives for the same graph and commands
 *   operations  op.* calls run for each dialect: PostgreSQL's statements
 *               recorded by a fake host (the catalog answers "no such
 *               thing"), SQLite's by the in-test host (in place, or the batch
 *               copy-and-move); op.execute's statement cutting
 *
 * Build (from the repo root): make build/unit/test_migrate
 */
#include "check.h"
#include "testlib.h"
#include "schema/migrate_int.h"
#include "sql/dialect.h"

#include <string.h>

static OrmArena arena;

/* ---- scripts ------------------------------------------------------------------ */

/* mig_parse_script's error as "L:C message", or "ok". */
static const char *
parse_err(const char *src)
{
	OrmError	err;

	memset(&err, 0, sizeof(err));
	if (mig_parse_script(&arena, src, &err))
		return "ok";
	return orm_sprintf(&arena, "%d:%d %s", err.line, err.col, err.message);
}

static void
test_scripts(void)
{
	OrmError	err;
	MigScript  *s;

	memset(&err, 0, sizeof(err));
	s = mig_parse_script(&arena,
						 "\"\"\"add users table\n\nRevision ID: a1b2\nRevises:\n"
						 "Create Date: 2024-01-15 10:30:00.000000\n\"\"\"\n"
						 "from typing import Sequence, Union\nfrom alembic import op\n"
						 "revision: str = \"a1b2\"\n"
						 "down_revision: Union[str, None] = (\"x1\", \"x2\")\n"
						 "branch_labels = (\"feature\",)\n"
						 "depends_on = \"d1\"\n"
						 "def upgrade() -> None:\n    pass\n"
						 "def downgrade() -> None:\n    pass\n", &err);
	CHECK(s != NULL);
	if (s)
	{
		CHECK_STR(s->revision, "a1b2");
		CHECK(s->ndown == 2);
		CHECK_STR(s->down[1], "x2");
		CHECK(s->nlabels == 1);
		CHECK_STR(s->labels[0], "feature");
		CHECK(s->ndeps == 1);
		CHECK_STR(s->deps[0], "d1");
		CHECK_STR(s->message, "add users table");
		CHECK_STR(s->create_date, "2024-01-15 10:30:00.000000");
		CHECK(s->upgrade && s->downgrade);
	}

	/* the parser's own errors carry line and column */
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = None\ndef upgrade(:\n    pass\n"),
			  "3:13 invalid syntax near \":\"");
	CHECK(strncmp(parse_err("revision = \"x1\"\n  down_revision = None\n"), "2:", 2) == 0);
	CHECK(strncmp(parse_err("revision = \"unterminated\ndown_revision = None\n"), "1:", 2) == 0);
	/* the fields */
	CHECK_STR(parse_err("down_revision = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n"),
			  "0:0 the script has no revision identifier (revision = \"...\")");
	CHECK_STR(parse_err("revision = 5\ndown_revision = None\n"), "1:12 revision must be a string");
	CHECK_STR(parse_err("revision = \"x-1\"\ndown_revision = None\n"),
			  "1:12 invalid revision identifier \"x-1\"");
	CHECK_STR(parse_err("revision = \"\"\ndown_revision = None\n"),
			  "1:12 invalid revision identifier \"\"");
	CHECK_STR(parse_err("revision = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\ndown_revision = None\n"),
			  "1:12 invalid revision identifier \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"");
	CHECK_STR(parse_err("revision = \"x1\"\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n"),
			  "0:0 the script has no down_revision");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = (\"a\", 5)\n"),
			  "2:23 down_revision must be strings");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = 3\n"),
			  "2:17 down_revision must be None, a string or a tuple of strings");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = \"a b\"\n"),
			  "2:17 invalid revision identifier in down_revision");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = None\nbranch_labels = [\"\"]\n"),
			  "3:17 invalid revision identifier in branch_labels");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = None\ndef downgrade():\n    pass\n"),
			  "0:0 the script has no def upgrade()");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = None\ndef upgrade():\n    pass\n"),
			  "0:0 the script has no def downgrade()");
	CHECK_STR(parse_err("revision = \"x1\"\ndown_revision = \"x1\"\n"
						"def upgrade():\n    pass\ndef downgrade():\n    pass\n"),
			  "0:0 revision \"x1\" names itself as its down_revision");
	/* never a crash: empty, binary, truncated */
	CHECK(strcmp(parse_err(""), "ok") != 0);
	CHECK(strcmp(parse_err("\x01\x02\x03"), "ok") != 0);
	CHECK(strcmp(parse_err("revision = \"x1\"\ndown_revision = None\ndef upgrade():\n"), "ok") != 0);
}

/* ---- the revision graph, through the API on SQLite ------------------------------- */

static TlEnv env;

static const char *
script(const char *rev, const char *down, const char *labels)
{
	return orm_sprintf(&arena, "revision = \"%s\"\ndown_revision = %s\nbranch_labels = %s\n"
					   "def upgrade():\n    pass\ndef downgrade():\n    pass\n",
					   rev, down, labels ? labels : "None");
}

/* Result of one API call: its output, or "ERROR: message". */
typedef int (*TargetFn) (OrmConn *, OrmArena *, const char *, char **, OrmError *);

static const char *
run(TargetFn fn, const char *arg)
{
	char	   *out = NULL;
	OrmArena   *a = tl_env_call(&env);

	if (fn(&env.conn, a, arg, &out, &env.err) != 0)
		return orm_sprintf(&arena, "ERROR: %s", env.err.message);
	return orm_strdup(&arena, out);
}

static const char *
add(const char *src)
{
	return run(orm_api_migration_add, src);
}

static const char *
up(const char *target)
{
	return run(orm_api_upgrade, target);
}

static const char *
down(const char *target)
{
	return run(orm_api_downgrade, target);
}

static const char *
stamp(const char *target)
{
	return run(orm_api_stamp, target);
}

static const char *
versions(void)
{
	static const TlRowStyle style = {",", ",", "NULL", false, true};

	return tl_sql_rows(&env.host, "SELECT version_num FROM alembic_version ORDER BY 1", &style);
}

static void
test_graph(void)
{
	char	   *out = NULL;

	CHECK(tl_env_open(&env, NULL) == 0);

	/* no argument where one is required: an error, not a crash */
	CHECK_STR(stamp(NULL), "ERROR: a target revision is required");
	CHECK_STR(add(NULL), "ERROR: a script is required");
	CHECK(orm_api_revision(&env.conn, tl_env_call(&env), NULL, 1, &out, &env.err) == -1);
	CHECK_STR(env.err.message, "a message is required");

	/* nothing stored: head is nothing to do */
	CHECK_STR(up("head"), "{\"applied\":[],\"current\":[]}");
	/* a script whose parent is missing is refused */
	CHECK_STR(add(script("b", "\"a\"", NULL)), "ERROR: down_revision a of revision b is not present");

	/*
	 * a -> b -> c1 -> m
	 *        \-> c2 (feature) -/
	 * x1 (other) -> x2, a second base
	 */
	CHECK_STR(add(script("a", "None", NULL)), "a");
	CHECK_STR(add(script("b", "\"a\"", NULL)), "b");
	CHECK_STR(add(script("c1", "\"b\"", NULL)), "c1");
	CHECK_STR(add(script("c2", "\"b\"", "(\"feature\",)")), "c2");
	CHECK_STR(add(script("x1", "None", "(\"other\",)")), "x1");
	CHECK_STR(add(script("x2", "\"x1\"", NULL)), "x2");
	/* the same revision again, unapplied: replaced */
	CHECK_STR(add(script("x2", "\"x1\"", NULL)), "x2");

	CHECK_STR(up("head"), "ERROR: multiple head revisions are present for given argument 'head': c1, c2, x2");
	CHECK_STR(up("c3"), "ERROR: can't locate revision identified by 'c3'");
	CHECK_STR(up("c"), "ERROR: multiple revisions start with 'c': c1, c2");
	CHECK_STR(up("+1"), "ERROR: several revisions follow base: name the one to go to");
	CHECK_STR(up("a+1"), "{\"applied\":[\"a\",\"b\"],\"current\":[\"b\"]}");
	CHECK_STR(up("b+1"), "ERROR: several revisions follow b: name the one to go to");
	CHECK_STR(up("-1"), "ERROR: relative upgrade target must be +N");
	CHECK_STR(up("feature"), "{\"applied\":[\"c2\"],\"current\":[\"c2\"]}");
	CHECK_STR(up("c1"), "{\"applied\":[\"c1\"],\"current\":[\"c1\",\"c2\"]}");
	CHECK_STR(versions(), "c1,c2");
	CHECK_STR(up("+1"), "ERROR: a relative target needs a single current revision; name the target");
	CHECK_STR(up("other@head"), "{\"applied\":[\"x1\",\"x2\"],\"current\":[\"c1\",\"c2\",\"x2\"]}");
	CHECK_STR(down("other@-1"), "{\"undone\":[\"x2\"],\"current\":[\"c1\",\"c2\",\"x1\"]}");
	CHECK_STR(down("other@base"), "{\"undone\":[\"x1\"],\"current\":[\"c1\",\"c2\"]}");
	CHECK_STR(up("other@+2"), "{\"applied\":[\"x1\",\"x2\"],\"current\":[\"c1\",\"c2\",\"x2\"]}");
	CHECK_STR(up("other@c1"), "ERROR: revision c1 is not on the branch of x1");
	CHECK_STR(up("nosuch@head"), "ERROR: can't locate revision identified by 'nosuch'");

	/* the merge: one head per line of descent again */
	CHECK_STR(add(script("m", "(\"c1\", \"c2\")", NULL)), "m");
	CHECK_STR(up("feature@head"), "{\"applied\":[\"m\"],\"current\":[\"x2\",\"m\"]}");
	CHECK_STR(versions(), "m,x2");
	CHECK_STR(add(script("m", "(\"c1\", \"c2\")", NULL)),
			  "ERROR: revision m is already present and applied");
	CHECK_STR(down("-1"), "ERROR: a relative target needs a single current revision; name the target");
	/* down to one parent of the merge: only what is above it goes */
	CHECK_STR(down("feature"), "{\"undone\":[\"m\"],\"current\":[\"c1\",\"c2\",\"x2\"]}");
	CHECK_STR(down("m"), "ERROR: destination m is not a valid downgrade target from the current head(s)");
	CHECK_STR(up("heads"), "{\"applied\":[\"m\"],\"current\":[\"x2\",\"m\"]}");
	/* down to the branch point: both branches and the merge, the other base stays */
	CHECK_STR(down("b"), "{\"undone\":[\"m\",\"c2\",\"c1\"],\"current\":[\"b\",\"x2\"]}");
	CHECK_STR(up("heads"), "{\"applied\":[\"c1\",\"c2\",\"m\"],\"current\":[\"x2\",\"m\"]}");
	CHECK_STR(down("x1"), "{\"undone\":[\"x2\"],\"current\":[\"x1\",\"m\"]}");
	CHECK_STR(down("m-1"), "ERROR: revision m is a merge point: name the target");
	CHECK_STR(down("x1-2"), "ERROR: relative revision goes below base");
	/* label@base: the bases of the label's lineage and what descends from them */
	CHECK_STR(down("feature@base"),
			  "{\"undone\":[\"m\",\"c2\",\"c1\",\"b\",\"a\"],\"current\":[\"x1\"]}");
	CHECK_STR(down("base"), "{\"undone\":[\"x1\"],\"current\":[]}");
	CHECK_STR(versions(), "");

	/* stamp: the version without running anything */
	CHECK_STR(stamp("c1"), "{\"from\":[],\"current\":[\"c1\"]}");
	CHECK_STR(stamp("heads"), "{\"from\":[\"c1\"],\"current\":[\"x2\",\"m\"]}");
	CHECK_STR(versions(), "m,x2");
	CHECK(orm_api_current(&env.conn, tl_env_call(&env), &out, &env.err) == 0);
	CHECK(out && strstr(out, "\"revision\":\"m\"") && strstr(out, "\"revision\":\"x2\""));

	/* a version the scripts do not know */
	tl_sql_rows(&env.host, "INSERT INTO alembic_version VALUES ('zzz')",
				&(TlRowStyle) {",", ",", "NULL", false, false});
	CHECK_STR(up("heads"), "ERROR: can't locate revision identified by 'zzz' (it is in alembic_version)");
	tl_env_close(&env);

	/* a cycle through depends_on is refused when the graph is read */
	CHECK(tl_env_open(&env, NULL) == 0);
	CHECK_STR(add(script("p", "None", NULL)), "p");
	CHECK_STR(add("revision = \"q\"\ndown_revision = \"p\"\ndepends_on = \"nope\"\n"
				  "def upgrade():\n    pass\ndef downgrade():\n    pass\n"),
			  "ERROR: revision q depends on nope, which is not present");
	tl_env_close(&env);
}

/* ---- operations: PostgreSQL ------------------------------------------------------- */

/* Records every statement that is not a catalog read; catalog reads find nothing. */
static OrmBuf pg_log;

static int
rec_query(void *hs, OrmArena *a, const char *sql, int nparams, const OrmParam *params,
		  OrmRows *out, OrmError *err)
{
	(void) hs;
	(void) a;
	(void) nparams;
	(void) params;
	(void) err;
	if (out)
		memset(out, 0, sizeof(*out));
	if (strncmp(sql, "SELECT", 6) != 0)
		orm_buf_printf(&pg_log, "%s;\n", sql);
	return 0;
}

static const OrmHost rec_host = {
	.query = rec_query,
};

/* The statements of a script body (up or down) on PostgreSQL, or "ERROR: L:C message". */
static const char *
pg_ops(const char *body, bool up_)
{
	OrmCtx		ctx;
	OrmError	err;
	MigScript  *s;
	const char *src = orm_sprintf(&arena, "revision = \"r1\"\ndown_revision = None\n"
								  "from alembic import op\nimport sqlalchemy as sa\n"
								  "def upgrade():\n%s\ndef downgrade():\n%s\n",
								  up_ ? body : "    pass", up_ ? "    pass" : body);

	tl_ctx_init(&ctx, &arena, &err, &orm_dialect_pg, orm_registry_new(&arena));
	ctx.host = &rec_host;
	orm_buf_init(&pg_log, &arena);
	if (!(s = mig_parse_script(&arena, src, &err)) || mig_run_body(&ctx, s, up_) < 0)
		return orm_sprintf(&arena, "ERROR: %d:%d %s", err.line, err.col, err.message);
	return orm_buf_cstr(&pg_log);
}

static void
test_ops_pg(void)
{
	CHECK_STR(pg_ops("    op.create_table(\"t\", sa.Column(\"id\", sa.Integer(), nullable=False),\n"
					 "        sa.Column(\"name\", sa.String(length=50), nullable=True, comment=\"who\"),\n"
					 "        sa.Column(\"kind\", sa.Enum(\"a\", \"b\", name=\"t_kind\"), nullable=False),\n"
					 "        sa.PrimaryKeyConstraint(\"id\", name=op.f(\"pk_t\")),\n"
					 "        sa.UniqueConstraint(\"name\", name=op.f(\"uq_t_name\")),\n"
					 "        comment=\"things\")", true),
			  "CREATE TYPE \"t_kind\" AS ENUM ('a', 'b');\n"
			  "CREATE TABLE \"t\" (\n\t\"id\" SERIAL NOT NULL, \n\t\"name\" VARCHAR(50), \n"
			  "\t\"kind\" \"t_kind\" NOT NULL, \n\tCONSTRAINT \"pk_t\" PRIMARY KEY (\"id\"), \n"
			  "\tCONSTRAINT \"uq_t_name\" UNIQUE (\"name\")\n);\n"
			  "COMMENT ON TABLE \"t\" IS 'things';\n"
			  "COMMENT ON COLUMN \"t\".\"name\" IS 'who';\n");
	CHECK_STR(pg_ops("    op.add_column(\"t\", sa.Column(\"u_id\", sa.Integer(), sa.ForeignKey(\"u.id\"), nullable=True))", true),
			  "ALTER TABLE \"t\" ADD COLUMN \"u_id\" INTEGER;\n"
			  "ALTER TABLE \"t\" ADD FOREIGN KEY(\"u_id\") REFERENCES \"u\" (\"id\");\n");
	CHECK_STR(pg_ops("    op.alter_column(\"t\", \"name\", existing_type=sa.VARCHAR(length=50),\n"
					 "        type_=sa.Text(), nullable=False, server_default=\"x\",\n"
					 "        new_column_name=\"title\", comment=None)", true),
			  "ALTER TABLE \"t\" ALTER COLUMN \"name\" TYPE TEXT;\n"
			  "ALTER TABLE \"t\" ALTER COLUMN \"name\" SET NOT NULL;\n"
			  "ALTER TABLE \"t\" ALTER COLUMN \"name\" SET DEFAULT 'x';\n"
			  "COMMENT ON COLUMN \"t\".\"name\" IS NULL;\n"
			  "ALTER TABLE \"t\" RENAME \"name\" TO \"title\";\n");
	CHECK_STR(pg_ops("    op.alter_column(\"t\", \"n\", server_default=None, existing_nullable=True)", true),
			  "ALTER TABLE \"t\" ALTER COLUMN \"n\" DROP DEFAULT;\n");
	/* an identity added to a column that has none (the catalog answers none here) */
	CHECK_STR(pg_ops("    op.alter_column(\"t\", \"id\", existing_type=sa.INTEGER(),\n"
					 "        server_default=sa.Identity(always=True, start=10, increment=5, cycle=False))", true),
			  "ALTER TABLE \"t\" ALTER COLUMN \"id\" ADD GENERATED ALWAYS AS IDENTITY "
			  "(INCREMENT BY 5 START WITH 10 NO CYCLE);\n");
	CHECK_STR(pg_ops("    op.alter_column(\"t\", \"id\", server_default=sa.Identity(order=True))", true),
			  "ERROR: 6:65 revision r1 upgrade, op.alter_column: unsupported Identity() argument order");
	CHECK_STR(pg_ops("    op.create_index(op.f(\"ix_t_a_b\"), \"t\", [\"a\", sa.literal_column(\"lower(b)\")], unique=True)\n"
					 "    op.drop_index(\"ix_old\", table_name=\"t\")", true),
			  "CREATE UNIQUE INDEX \"ix_t_a_b\" ON \"t\" (\"a\", lower(b));\n"
			  "DROP INDEX \"ix_old\";\n");
	CHECK_STR(pg_ops("    op.create_foreign_key(\"fk_a\", \"t\", \"u\", [\"u_id\"], [\"id\"], ondelete=\"CASCADE\")\n"
					 "    op.create_unique_constraint(None, \"t\", [\"a\", \"b\"])\n"
					 "    op.create_check_constraint(\"ck_a\", \"t\", \"a > 0\")\n"
					 "    op.drop_constraint(\"ck_old\", \"t\", type_=\"check\")\n"
					 "    op.create_table_comment(\"t\", \"new\", existing_comment=\"old\")\n"
					 "    op.drop_table_comment(\"u\", existing_comment=\"x\")\n"
					 "    op.rename_table(\"u\", \"users\")\n"
					 "    op.drop_column(\"t\", \"a\")\n"
					 "    op.drop_table(\"v\")", true),
			  "ALTER TABLE \"t\" ADD CONSTRAINT \"fk_a\" FOREIGN KEY(\"u_id\") REFERENCES \"u\" (\"id\") ON DELETE CASCADE;\n"
			  "ALTER TABLE \"t\" ADD UNIQUE (\"a\", \"b\");\n"
			  "ALTER TABLE \"t\" ADD CONSTRAINT \"ck_a\" CHECK (a > 0);\n"
			  "ALTER TABLE \"t\" DROP CONSTRAINT \"ck_old\";\n"
			  "COMMENT ON TABLE \"t\" IS 'new';\n"
			  "COMMENT ON TABLE \"u\" IS NULL;\n"
			  "ALTER TABLE \"u\" RENAME TO \"users\";\n"
			  "ALTER TABLE \"t\" DROP COLUMN \"a\";\n"
			  "DROP TABLE \"v\";\n");
	/* the downgrade body runs for down */
	CHECK_STR(pg_ops("    op.drop_table(\"t\")", false), "DROP TABLE \"t\";\n");
	/* op.execute: several statements, cut as psql cuts them */
	CHECK_STR(pg_ops("    op.execute(\"UPDATE t SET a = ';' WHERE b = E'it\\\\'s;';\"\n"
					 "        \" -- x; y\\nDO $f$ BEGIN PERFORM 1; END $f$; /* a; /* b; */ */ SELECT 1;\"\n"
					 "        \"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\"\n"
					 "        \" ; \")", true),
			  "UPDATE t SET a = ';' WHERE b = E'it\\'s;';\n"
			  " -- x; y\nDO $f$ BEGIN PERFORM 1; END $f$;\n"
			  " /* a; /* b; */ */ SELECT 1;\n"
			  "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\n");
	CHECK_STR(pg_ops("    op.execute(\"  -- nothing\\n\")", true),
			  "ERROR: 6:5 revision r1 upgrade, op.execute: the SQL text is empty");
	/* what a script body may not hold */
	CHECK_STR(pg_ops("    sa.Enum(\"a\", name=\"e\").create(op.get_bind())", true),
			  "CREATE TYPE \"e\" AS ENUM ('a');\n");
	CHECK_STR(pg_ops("    sa.Enum(\"a\", name=\"e\").create(42)", true),
			  "ERROR: 6:35 revision r1 upgrade, Enum.create: create() needs op.get_bind() as its bind");
	CHECK_STR(pg_ops("    print(op.get_bind())", true),
			  "ERROR: 6:5 revision r1: unsupported statement \"print(op.get_bind())\": a migration runs op.* calls");
	CHECK_STR(pg_ops("    op.frobnicate(\"t\")", true),
			  "ERROR: 6:5 revision r1 upgrade, op.frobnicate: unsupported operation");
	CHECK_STR(pg_ops("    print(\"hi\")", true),
			  "ERROR: 6:5 revision r1: unsupported statement \"print(\"hi\")\": a migration runs op.* calls");
	CHECK_STR(pg_ops("    for x in y:\n        pass", true),
			  "ERROR: 6:5 revision r1: unsupported statement in upgrade(): a migration runs op.* calls");
	CHECK_STR(pg_ops("    op.drop_constraint(None, \"t\", type_=\"unique\")", true),
			  "ERROR: 6:5 revision r1 upgrade, op.drop_constraint: drop_constraint needs the "
			  "constraint's name (autogenerate writes None for an unnamed constraint, as Alembic "
			  "does: name it)");
	CHECK_STR(pg_ops("    op.create_foreign_key(\"f\", \"t\", \"u\", [\"a\"], [\"id\"], ondelete=\"CASCADE; DROP TABLE x\")", true),
			  "ERROR: 6:5 revision r1 upgrade, op.create_foreign_key: unsupported ON DELETE / ON "
			  "UPDATE action CASCADE; DROP TABLE x");
	CHECK_STR(pg_ops("    op.add_column(\"t\", 5)", true),
			  "ERROR: 6:24 revision r1 upgrade, op.add_column: expected sa.Column(...), got \"5\"");
}

/* ---- operations: SQLite ------------------------------------------------------------ */

/* Runs a one-revision script on SQLite (fresh scripts table); the recorded
 * statements that change something, ";\n"-terminated, or "ERROR: message". */
static const char *
sqlite_ops(const char *setup, const char *body)
{
	char	   *out;
	OrmBuf		b;
	int			i;

	if (tl_env_open(&env, setup) != 0)
		return "ERROR: setup";
	if (strncmp(add(orm_sprintf(&arena, "revision = \"s1\"\ndown_revision = None\n"
								"from alembic import op\nimport sqlalchemy as sa\n"
								"def upgrade():\n%s\ndef downgrade():\n    pass\n", body)),
				"ERROR", 5) == 0)
	{
		const char *e = orm_sprintf(&arena, "ERROR: %s", env.err.message);

		tl_env_close(&env);
		return e;
	}
	tl_env_call(&env);
	if (orm_api_upgrade(&env.conn, &env.call, "head", &out, &env.err) != 0)
	{
		const char *e = orm_sprintf(&arena, "ERROR: %d:%d %s", env.err.line, env.err.col,
									env.err.message);

		tl_env_close(&env);
		return e;
	}
	orm_buf_init(&b, &arena);
	for (i = 0; i < env.host.nlog; i++)
	{
		const char *s = env.host.log[i];

		if (strncmp(s, "SELECT", 6) == 0 || strncmp(s, "--", 2) == 0 ||
			strstr(s, "alembic_version") || strstr(s, "orm_migrations"))
			continue;
		orm_buf_printf(&b, "%s;\n", s);
	}
	tl_env_close(&env);
	return orm_buf_cstr(&b);
}

static void
test_ops_sqlite(void)
{
	const char *setup = "CREATE TABLE t (\"id\" INTEGER NOT NULL, \"a\" VARCHAR(10), "
		"\"b\" INTEGER GENERATED ALWAYS AS (id * 2) STORED, PRIMARY KEY (\"id\"));"
		"CREATE INDEX ix_t_a ON t (a);"
		"INSERT INTO t (id, a) VALUES (1, 'x');";

	/* what SQLite does in place */
	CHECK_STR(sqlite_ops(setup, "    op.add_column(\"t\", sa.Column(\"c\", sa.Integer(), server_default=\"0\", nullable=False))\n"
						 "    op.alter_column(\"t\", \"a\", new_column_name=\"a2\")\n"
						 "    op.create_index(\"ix_t_c\", \"t\", [\"c\"])\n"
						 "    op.rename_table(\"t\", \"t2\")"),
			  "ALTER TABLE \"t\" ADD COLUMN \"c\" INTEGER DEFAULT '0' NOT NULL;\n"
			  "ALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"a2\";\n"
			  "CREATE INDEX \"ix_t_c\" ON \"t\" (\"c\");\n"
			  "ALTER TABLE \"t\" RENAME TO \"t2\";\n");
	/* what it cannot: Alembic's batch copy, rows and the generated column kept */
	CHECK_STR(sqlite_ops(setup, "    op.alter_column(\"t\", \"a\", existing_type=sa.VARCHAR(length=10), nullable=False)"),
			  "CREATE TABLE \"_alembic_tmp_t\" (\n\t\"id\" INTEGER NOT NULL, \n\t\"a\" VARCHAR(10) NOT NULL, \n"
			  "\t\"b\" INTEGER GENERATED ALWAYS AS (id * 2) STORED, \n\tPRIMARY KEY (\"id\")\n);\n"
			  "INSERT INTO \"_alembic_tmp_t\" (\"id\", \"a\") SELECT \"id\", \"a\" FROM \"t\";\n"
			  "DROP TABLE \"t\";\n"
			  "ALTER TABLE \"_alembic_tmp_t\" RENAME TO \"t\";\n"
			  "CREATE INDEX \"ix_t_a\" ON \"t\" (\"a\");\n");
	/* a table in an attached database: in place yes, a copy no (its line and column) */
	CHECK_STR(sqlite_ops(setup, "    op.drop_column(\"t\", \"a\", schema=\"aux\")"),
			  "ERROR: 6:37 revision s1 upgrade, op.drop_column: SQLite cannot alter this in place, and a "
			  "copy-and-move batch of a table in another schema (an attached database) is not supported: table t");
	/* Alembic's op.add_column leaves the type's CHECK out on SQLite */
	CHECK_STR(sqlite_ops(setup, "    op.add_column(\"t\", sa.Column(\"on\", sa.Boolean(create_constraint=True, name=\"t_on\")))"),
			  "ALTER TABLE \"t\" ADD COLUMN \"on\" BOOLEAN;\n");
	/* a column a CHECK uses is not dropped (SQLite's own rule) */
	CHECK_STR(sqlite_ops("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT ck_a CHECK (\"a\" > 0));",
						 "    op.drop_column(\"t\", \"A\")"),
			  "ERROR: 6:5 revision s1 upgrade, op.drop_column: no such column: A");
	CHECK_STR(sqlite_ops("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT ck_a CHECK ('a' <> A));",
						 "    op.drop_column(\"t\", \"a\")"),
			  "ERROR: 6:5 revision s1 upgrade, op.drop_column: cannot drop column a: CHECK constraint ck_a "
			  "('a' <> A) uses it; drop the constraint first (SQLite refuses the drop, under Alembic too)");
	CHECK_STR(sqlite_ops("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, ab INTEGER, CHECK (ab > 'a'));",
						 "    op.drop_column(\"t\", \"a\")"),
			  "CREATE TABLE \"_alembic_tmp_t\" (\n\t\"id\" INTEGER, \n\t\"ab\" INTEGER, \n"
			  "\tPRIMARY KEY (\"id\"), \n\tCHECK (ab > 'a')\n);\n"
			  "INSERT INTO \"_alembic_tmp_t\" (\"id\", \"ab\") SELECT \"id\", \"ab\" FROM \"t\";\n"
			  "DROP TABLE \"t\";\n"
			  "ALTER TABLE \"_alembic_tmp_t\" RENAME TO \"t\";\n");
	/* a batch block: one copy for all its operations */
	CHECK_STR(sqlite_ops(setup, "    with op.batch_alter_table(\"t\") as batch_op:\n"
						 "        batch_op.drop_index(\"ix_t_a\")\n"
						 "        batch_op.drop_column(\"a\")\n"
						 "        batch_op.create_unique_constraint(\"uq_t_id\", [\"id\"])"),
			  "DROP INDEX \"ix_t_a\";\n"
			  "CREATE TABLE \"_alembic_tmp_t\" (\n\t\"id\" INTEGER NOT NULL, \n"
			  "\t\"b\" INTEGER GENERATED ALWAYS AS (id * 2) STORED, \n\tPRIMARY KEY (\"id\"), \n"
			  "\tCONSTRAINT \"uq_t_id\" UNIQUE (\"id\")\n);\n"
			  "INSERT INTO \"_alembic_tmp_t\" (\"id\") SELECT \"id\" FROM \"t\";\n"
			  "DROP TABLE \"t\";\n"
			  "ALTER TABLE \"_alembic_tmp_t\" RENAME TO \"t\";\n");
	/* an identity means nothing to SQLite: no copy */
	CHECK_STR(sqlite_ops(setup, "    op.alter_column(\"t\", \"id\", server_default=sa.Identity(start=3))"), "");
	/* op.execute: one statement, as Python's sqlite3 takes it */
	CHECK_STR(sqlite_ops(setup, "    op.execute(\"UPDATE t SET a = 'x;y'; \")"), "UPDATE t SET a = 'x;y';\n");
	CHECK_STR(sqlite_ops(setup, "    op.execute(\"CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
						 "UPDATE t SET a = 'z'; SELECT CASE WHEN 1 THEN 1 END; END\")"),
			  "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 'z'; SELECT CASE WHEN 1 THEN 1 END; END;\n");
	CHECK_STR(sqlite_ops(setup, "    op.execute(\"UPDATE t SET a = 'y'; DELETE FROM t\")"),
			  "ERROR: 6:5 revision s1 upgrade, op.execute: You can only execute one statement at a time");
	/* errors name the revision, the operation and its line; nothing stays */
	CHECK_STR(sqlite_ops(setup, "    op.add_column(\"t\", sa.Column(\"d\", sa.Integer()))\n"
						 "    op.drop_column(\"t\", \"nope\")"),
			  "ERROR: 7:5 revision s1 upgrade, op.drop_column: no such column: nope");
	CHECK_STR(sqlite_ops(setup, "    op.drop_constraint(\"nope\", \"t\")"),
			  "ERROR: 6:5 revision s1 upgrade, op.drop_constraint: no constraint named nope on the table");
}

int
main(void)
{
	orm_arena_init(&arena, &check_hooks);
	test_scripts();
	test_graph();
	test_ops_pg();
	test_ops_sqlite();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
