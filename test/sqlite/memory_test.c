/*
 * memory_test.c -- the SQLite extension's peak allocation against its output
 * (`make memtest`, part of `make check`; issue 9's bound).
 *
 * Every allocation of the process goes through SQLite's allocator here
 * (SQLITE_CONFIG_MALLOC with a wrapper that counts the bytes live and their
 * highest level), the extension's arena blocks and cached statements
 * included: they are sqlite3_malloc'd.  The blog graph of R1 (test/bench/
 * blog.py: users with 10 posts, 3 comments and 3 tags each) is built at a
 * small scale in an in-memory database, and one orm_select loads it whole
 * as R1 does (selectinload of posts, their comments and their tags).  Before
 * it, the same connection reads every table once and parses the registry
 * (orm_compile), so that SQLite's page cache and orm's registry, which a
 * long-lived connection holds anyway, are in the baseline.  Measured: the
 * highest number of bytes live during the call, above that baseline,
 * against the output's length (the JSON text handed back,
 * sqlite3_column_bytes).
 *
 * Issue 9 asks for under 2x.  At 300 users that does not hold yet: the
 * loader holds every row it read (objects point into them), the objects
 * and the whole JSON text at once (4.28x, README "Speed").  A larger graph
 * is loaded and written a piece of users at a time (loader.c, "Writing the
 * result a piece of objects at a time": 500 users a piece on SQLite), each
 * piece's rows and objects given back before the next: at PIECES_USERS the
 * peak is 2.48x (3.98x before pieces).  The test fails above
 * MAX_RATIO at 300 users and MAX_RATIO_PIECES at PIECES_USERS, ceilings just
 * over today's figures that catch a regression, and prints whether 2x is
 * met; a second call must not need more than the first; and what the
 * connection keeps after the call (its arena blocks kept for the next call,
 * the kept prepared call) must stay under RETAINED_MAX bytes (issue 9: a
 * connection keeps no more than 1 MB after a large call).
 *
 *   cc -std=c11 test/sqlite/memory_test.c -lsqlite3 -o build/memory_test
 *   build/memory_test ./orm [users]     (users: that scale alone, MAX_RATIO)
 */
#include "memcount.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RATIO 4.4			/* today's ceiling at 300 users (2.0 is the goal) */
#define PIECES_USERS 1500		/* three pieces */
#define MAX_RATIO_PIECES 2.6	/* today's ceiling there */
#define RETAINED_MAX (1024 * 1024)


/* the data, as blog.py shapes it (texts of a similar length), in SQL */
static const char *data_sql =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) "
	"INSERT INTO tags (id, name) SELECT i, 'tag' || i FROM n;"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
	"INSERT INTO users SELECT i, 'user' || i, 'user' || i || '@example.com', "
	"CASE WHEN i % 3 THEN 'User number ' || i END, i % 5 <> 0, "
	"datetime('2024-01-01', '+' || i || ' minutes') FROM n;"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 * 10) "
	"INSERT INTO posts SELECT i, 'Post title number ' || i, 'post-' || i, "
	"printf('%.*c', 200 + i % 300, 'b') || ' lorem ipsum dolor sit amet', "
	"CASE i % 3 WHEN 0 THEN 'draft' WHEN 1 THEN 'published' ELSE 'archived' END, "
	"(i - 1) / 10 + 1, datetime('2024-02-01', '+' || i || ' minutes') FROM n;"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 * 30) "
	"INSERT INTO comments SELECT i, printf('%.*c', 40 + i % 80, 'c'), (i - 1) / 3 + 1, "
	"(i * 7) % ?1 + 1, CASE WHEN i % 3 = 0 THEN i - 2 END, "
	"datetime('2024-03-01', '+' || i || ' minutes') FROM n;"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 * 10) "
	"INSERT INTO post_tags SELECT i, (i + k * 17) % 50 + 1 FROM n, "
	"(SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2);";

static const char *r1_call =
	"SELECT orm_select('select(User).options("
	"selectinload(User.posts).selectinload(Post.comments), "
	"selectinload(User.posts).selectinload(Post.tags))')";

static int
run_script(sqlite3 *db, const char *sql, int users)
{
	const char *tail = sql;

	while (*tail)
	{
		sqlite3_stmt *st = NULL;
		int			rc;

		if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK)
			return fprintf(stderr, "memory: %s\n", sqlite3_errmsg(db)), -1;
		if (st == NULL)
			break;
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int(st, 1, users);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return fprintf(stderr, "memory: %s\n", sqlite3_errmsg(db)), -1;
	}
	return 0;
}

/*
 * One database of users users, two R1 calls; the first's peak must be under
 * ceiling times its output.  Returns the checks failed (of 3), -1: setup.
 */
static int
measure(const char *ext, int users, double ceiling)
{
	sqlite3    *db;
	char	   *msg = NULL;
	long long	base,
				before = 0,
				out,
				used[2],
				kept = 0;
	int			failed = 0,
				i;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return fprintf(stderr, "memory: cannot open a database\n"), -1;
	sqlite3_enable_load_extension(db, 1);
	if (sqlite3_load_extension(db, ext, NULL, &msg) != SQLITE_OK)
		return fprintf(stderr, "memory: %s\n", msg ? msg : "cannot load the extension"), -1;
	if (run_one(db, "SELECT orm_declare(?1)", model, &out) < 0 ||
		run_one(db, "SELECT orm_create_all()", NULL, &out) < 0 ||
		run_script(db, data_sql, users) < 0 ||
		run_script(db, "SELECT count(*), sum(length(body)) FROM posts;"
				   "SELECT count(*), sum(length(body)) FROM comments;"
				   "SELECT count(*) FROM users; SELECT count(*) FROM post_tags;"
				   "SELECT count(*) FROM tags;", users) < 0 ||
		run_one(db, "SELECT orm_compile('select(Tag)')", NULL, &out) < 0)
		return -1;
	for (i = 0; i < 2; i++)
	{
		base = peak = live;
		if (i == 0)
			before = live;
		if (run_one(db, r1_call, NULL, &out) < 0)
			return -1;
		if (i == 0)
			kept = live - before;
		used[i] = peak - base;
		printf("memory: %d users, call %d: %lld bytes allocated at peak above the %lld before it, "
			   "for %lld bytes of output (%.2fx)\n",
			   users, i + 1, used[i], base, out, (double) used[i] / (double) out);
	}
	printf("memory: %d users: issue 9's bound (peak under 2x the output): %s\n",
		   users, used[0] < 2 * out ? "met" : "NOT met");
	if ((double) used[0] >= ceiling * (double) out)
	{
		printf("FAIL    memory: %d users: the first call's peak is not under %.2fx its output\n",
			   users, ceiling);
		failed++;
	}
	else
		printf("ok      memory: %d users: the first call's peak is under %.2fx its output\n",
			   users, ceiling);
	if (used[1] > used[0])
	{
		printf("FAIL    memory: %d users: a second call needs more than the first\n", users);
		failed++;
	}
	else
		printf("ok      memory: %d users: a second call needs no more than the first\n", users);
	printf("memory: %d users: kept after the first call: %lld bytes\n", users, kept);
	if (kept >= RETAINED_MAX)
	{
		printf("FAIL    memory: %d users: the connection keeps %lld bytes after the call "
			   "(not under %d)\n", users, kept, RETAINED_MAX);
		failed++;
	}
	else
		printf("ok      memory: %d users: the connection keeps under 1 MB after the call\n", users);
	sqlite3_close(db);
	return failed;
}

int
main(int argc, char **argv)
{
	const char *ext = argc > 1 ? argv[1] : "./orm";
	int			failed = 0,
				f;

	memcount_name = "memory";
	memcount_install();
	if (argc > 2)
		f = measure(ext, atoi(argv[2]), MAX_RATIO);
	else if ((f = measure(ext, 300, MAX_RATIO)) >= 0)
	{
		failed = f;
		f = measure(ext, PIECES_USERS, MAX_RATIO_PIECES);
	}
	if (f < 0)
		return 1;
	failed += f;
	printf("sqlite memory: %d passed, %d failed\n", (argc > 2 ? 3 : 6) - failed, failed);
	return failed ? 1 : 0;
}
