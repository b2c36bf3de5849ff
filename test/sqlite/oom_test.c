/*
 * oom_test.c -- out-of-memory paths of the SQLite extension (`make oomtest`).
 *
 * Runs a small declare / create_all / flush / select / rollback-flush script
 * with ./orm.so loaded, once per N, with an allocator that fails the Nth
 * allocation after the extension is loaded (and every one after it, for a
 * few, then recovers).  Each run must end without a crash and leave the
 * connection closable; the arena's longjmp landing (SqCall.oom) is what is
 * being exercised.  Run it under valgrind to check for leaks and bad reads.
 *
 *   cc -std=c11 test/sqlite/oom_test.c -lsqlite3 -o build/oom_test && build/oom_test
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3_mem_methods real;
static long countdown = -1;		/* fail when it reaches 0; -1 = never */
static int failing;				/* allocations still to fail */
static long nfailed;

static int
oom_should_fail(void)
{
	if (countdown < 0)
		return 0;
	if (countdown > 0)
	{
		countdown--;
		return 0;
	}
	if (failing > 0)
	{
		failing--;
		nfailed++;
		return 1;
	}
	countdown = -1;
	return 0;
}

static void *
oom_malloc(int n)
{
	return oom_should_fail() ? NULL : real.xMalloc(n);
}

static void *
oom_realloc(void *p, int n)
{
	return oom_should_fail() ? NULL : real.xRealloc(p, n);
}

static const char *script[] = {
	"SELECT orm_declare('from sqlalchemy import ForeignKey\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class User(Base):\n"
	"    __tablename__ = \"users\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str]\n"
	"    posts: Mapped[list[\"Post\"]] = relationship(back_populates=\"author\", cascade=\"all, delete-orphan\")\n"
	"class Post(Base):\n"
	"    __tablename__ = \"posts\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    title: Mapped[str]\n"
	"    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n"
	"    author: Mapped[\"User\"] = relationship(back_populates=\"posts\")\n"
	"')",
	"SELECT orm_create_all()",
	"SELECT orm_flush('[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"name\": \"a\", "
	"\"posts\": [{\"title\": \"x\"}, {\"title\": \"y\"}]}}]')",
	"SELECT orm_select('select(User).options(selectinload(User.posts))')",
	"SELECT orm_flush('[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"name\": \"b\"}}, "
	"{\"op\": \"add\", \"entity\": \"User\", \"data\": {}}]')",
	"SELECT orm_compile('select(Post).join(Post.author).where(User.name == \"a\")')",
	"SELECT orm_flush('[{\"op\": \"delete\", \"entity\": \"User\", \"key\": 1}]')",
	NULL
};

/* One run; returns the number of statements that reported SQLITE_NOMEM. */
static int
oom_run(long fail_at, const char *ext)
{
	sqlite3    *db;
	char	   *err = NULL;
	int			i;
	int			nomem = 0;

	countdown = -1;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	sqlite3_enable_load_extension(db, 1);
	if (sqlite3_load_extension(db, ext, NULL, &err) != SQLITE_OK)
	{
		fprintf(stderr, "cannot load %s: %s\n", ext, err ? err : "?");
		sqlite3_free(err);
		sqlite3_close(db);
		exit(2);
	}
	countdown = fail_at;
	failing = 3;
	for (i = 0; script[i]; i++)
	{
		int			rc = sqlite3_exec(db, script[i], NULL, NULL, NULL);

		if (rc == SQLITE_NOMEM)
			nomem++;
	}
	countdown = -1;
	if (sqlite3_close(db) != SQLITE_OK)
	{
		fprintf(stderr, "fail_at %ld: sqlite3_close: %s\n", fail_at, sqlite3_errmsg(db));
		exit(1);
	}
	return nomem;
}

int
main(int argc, char **argv)
{
	sqlite3_mem_methods m;
	const char *ext = argc > 1 ? argv[1] : "./orm";
	long		maxn = argc > 2 ? atol(argv[2]) : 3000;
	long		n;
	long		runs_with_nomem = 0;

	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real);
	m = real;
	m.xMalloc = oom_malloc;
	m.xRealloc = oom_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
	sqlite3_initialize();

	for (n = 0; n < maxn; n += (n < 400 ? 1 : 7))
		if (oom_run(n, ext) > 0)
			runs_with_nomem++;
	printf("oom_test: %ld runs hit out-of-memory (%ld allocations failed), no crash\n",
		   runs_with_nomem, nfailed);
	return 0;
}
