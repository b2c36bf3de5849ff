/*
 * flush_memory_test.c -- the flush's peak allocation against its input
 * (`make flushmemtest`, part of `make check`; issue 9's W1).
 *
 * Every allocation of the process goes through SQLite's allocator here
 * (SQLITE_CONFIG_MALLOC with a wrapper that counts the bytes live and their
 * highest level), the extension's arena blocks and cached statements
 * included.  The blog model of memory_test.c is declared in an in-memory
 * database holding only its 50 tags, and issue 9's W1 graph (test/bench/
 * case.py's w1_changes: one nested add per user, each with 10 posts of 3
 * comments and 3 tags by key; a comment's author named by the unique
 * username of a user of the same flush; the third comment of a post a reply
 * holding the first, whose post is named by its unique slug) is written as
 * one orm_flush(changes, 'keys').  Before it, the connection parses the
 * registry (orm_compile), so that what a long-lived connection holds anyway
 * is in the baseline.  Measured: the highest number of bytes live during
 * the call above that baseline, against the changes' length (500 users,
 * 7.0 MB, by default).  The changes are bound NUL-terminated and static, so
 * SQLite hands the extension the caller's text without a copy of its own
 * (a client that binds a copy pays one more 1x).  The rows written stay in
 * SQLite's in-memory database (its pages count, as they would in its page
 * cache); the test then checks the rows' count.
 *
 * The test fails above MAX_RATIO, a ceiling just over today's figure that
 * catches a regression (README "Speed", the W1 part: 14.3x before the
 * flush's own structures were cut, 10.1x after, 8.3x at 1,000 users and
 * 8.9x at 500 since the parsed changes are freed after stage 1 and an
 * inserted row is written over its object's values, 7.1x at 500 and 7.0x
 * at 1,000 with the arena's big allocations resized in place; issue 9's W1
 * aims at about 4x).
 *
 *   cc -std=c11 test/sqlite/flush_memory_test.c -lsqlite3 -o build/flush_memory_test
 *   build/flush_memory_test ./orm [users]
 */
#include "memcount.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RATIO 7.5			/* 7.08x at 500 users (README "Speed", W1) */


/* ---- the changes, as case.py's w1_changes shapes them ------------------- */

typedef struct Buf
{
	char	   *s;
	size_t		n,
				cap;
} Buf;

static void
put(Buf *b, const char *fmt,...)
{
	va_list		ap;
	int			k;

	for (;;)
	{
		size_t		room = b->cap - b->n;

		va_start(ap, fmt);
		k = vsnprintf(b->s + b->n, room, fmt, ap);
		va_end(ap);
		if (k < 0)
			exit(2);
		if ((size_t) k < room)
			break;
		b->cap = b->cap * 2 + (size_t) k + 1;
		b->s = realloc(b->s, b->cap);	/* the C library's malloc: not counted */
		if (!b->s)
			exit(2);
	}
	b->n += (size_t) k;
}

static const char *words[] = {
	"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit",
	"sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore",
	"magna", "aliqua", "enim", "ad", "minim", "veniam", "quis", "nostrud",
	"exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo"
};
#define NWORDS ((int) (sizeof(words) / sizeof(words[0])))

/* blog.py's words(seed, n) over this word list */
static void
put_words(Buf *b, int seed, int n)
{
	int			k;

	for (k = 0; k < n; k++)
		put(b, "%s%s", k ? " " : "", words[(31 * seed + 7 * k + k * k % 13) % NWORDS]);
}

static void
put_time(Buf *b, long long seconds)
{
	/* 2024-01-01 plus seconds, within January..March: days from a table */
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long long	d = seconds / 86400,
				s = seconds % 86400;
	int			m = 0;

	while (m < 11 && d >= mdays[m])
		d -= mdays[m++];
	put(b, "\"2024-%02d-%02lldT%02lld:%02lld:%02lld\"", m + 1, d + 1, s / 3600,
		s / 60 % 60, s % 60);
}

static char *
w1_changes(int users, size_t *len)
{
	Buf			b = {malloc(1 << 16), 0, 1 << 16};
	int			u,
				k,
				j;

	if (!b.s)
		exit(2);
	put(&b, "[");
	for (u = 1; u <= users; u++)
	{
		put(&b, "%s{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"user%06d\", "
			"\"email\": \"user%06d@example.com\", \"display_name\": \"User %d\", "
			"\"is_active\": %s, \"created_at\": ", u > 1 ? ", " : "", u, u, u,
			u % 10 ? "true" : "false");
		put_time(&b, 60LL * u);
		put(&b, ", \"posts\": [");
		for (k = 0; k < 10; k++)
		{
			int			p = 10 * (u - 1) + k + 1;
			static const char *st[] = {"published", "published", "draft", "archived"};

			put(&b, "%s{\"title\": \"Post %d by user%06d: ", k ? ", " : "", p, u);
			put_words(&b, p, 5);
			put(&b, "\", \"slug\": \"post-%07d\", \"body\": \"", p);
			put_words(&b, p, 60 + p % 40);
			put(&b, "\", \"status\": \"%s\", \"created_at\": ", st[p % 4]);
			put_time(&b, 37LL * p);
			put(&b, ", \"tags\": [{\"id\": %d}, {\"id\": %d}, {\"id\": %d}], \"comments\": [",
				p % 50 + 1, (p + 17) % 50 + 1, (p + 34) % 50 + 1);
			/* comments 2 and 3; 3 replies to 1, which names its post by slug */
			for (j = 1; j < 3; j++)
			{
				int			c = 3 * (p - 1) + j + 1;

				put(&b, "%s{\"body\": \"c%d: ", j > 1 ? ", " : "", c);
				put_words(&b, c, 12 + c % 10);
				put(&b, "\", \"author\": {\"username\": \"user%06d\"}, \"created_at\": ",
					(7 * p + 13 * j) % users + 1);
				put_time(&b, 11LL * c);
				if (j == 2)
				{
					int			c1 = c - 2;

					put(&b, ", \"parent\": {\"body\": \"c%d: ", c1);
					put_words(&b, c1, 12 + c1 % 10);
					put(&b, "\", \"author\": {\"username\": \"user%06d\"}, \"created_at\": ",
						(7 * p) % users + 1);
					put_time(&b, 11LL * c1);
					put(&b, ", \"post\": {\"slug\": \"post-%07d\"}}", p);
				}
				put(&b, "}");
			}
			put(&b, "]}");
		}
		put(&b, "]}}");
	}
	put(&b, "]");
	*len = b.n;
	return b.s;
}

/* ---- running it ---------------------------------------------------------- */

int
main(int argc, char **argv)
{
	const char *ext = argc > 1 ? argv[1] : "./orm";
	int			users = argc > 2 ? atoi(argv[2]) : 500;
	sqlite3    *db;
	char	   *msg = NULL,
			   *changes;
	size_t		inlen;
	long long	base,
				out,
				used,
				n;
	int			failed = 0;

	memcount_name = "flush memory";
	memcount_install();
	if (users < 1)
		return fprintf(stderr, "flush memory: users must be at least 1\n"), 1;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return fprintf(stderr, "flush memory: cannot open a database\n"), 1;
	sqlite3_enable_load_extension(db, 1);
	if (sqlite3_load_extension(db, ext, NULL, &msg) != SQLITE_OK)
		return fprintf(stderr, "flush memory: %s\n", msg ? msg : "cannot load the extension"), 1;
	changes = w1_changes(users, &inlen);
	if (run_one(db, "SELECT orm_declare(?1)", model, &out) < 0 ||
		run_one(db, "SELECT orm_create_all()", NULL, &out) < 0 ||
		sqlite3_exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
					 "WHERE i < 50) INSERT INTO tags (id, name) SELECT i, 'tag' || i FROM n",
					 NULL, NULL, NULL) != SQLITE_OK ||
		run_one(db, "SELECT orm_compile('select(Tag)')", NULL, &out) < 0)
		return fprintf(stderr, "flush memory: setup failed: %s\n", sqlite3_errmsg(db)), 1;
	base = peak = live;
	if (run_one(db, "SELECT length(orm_flush(?1, 'keys'))", changes, &out) < 0)
		return 1;
	used = peak - base;
	printf("flush memory: %d users: %lld bytes allocated at peak above the %lld before it, "
		   "for %zu bytes of changes (%.2fx); %lld bytes of keys echoed\n",
		   users, used, base, inlen, (double) used / (double) inlen, out);
	if (run_one(db, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM posts) + "
				"(SELECT count(*) FROM comments) + (SELECT count(*) FROM post_tags)",
				NULL, &n) < 0)
		return 1;
	if (n != 71LL * users)
	{
		printf("FAIL    flush memory: %lld rows written, not %lld\n", n, 71LL * users);
		failed++;
	}
	else
		printf("ok      flush memory: the graph's %lld rows written\n", n);
	if ((double) used >= MAX_RATIO * (double) inlen)
	{
		printf("FAIL    flush memory: the flush's peak is not under %.1fx its changes\n",
			   MAX_RATIO);
		failed++;
	}
	else
		printf("ok      flush memory: the flush's peak is under %.1fx its changes\n", MAX_RATIO);
#ifndef NO_CLOSE					/* -DNO_CLOSE: orm.so stays mapped (valgrind's symbols) */
	sqlite3_close(db);
#endif
	free(changes);
	printf("sqlite flush memory: %d passed, %d failed\n", 2 - failed, failed);
	return failed ? 1 : 0;
}
