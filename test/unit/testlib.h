/*
 * testlib.h -- what the C unit tests share: an in-test SQLite host that
 * records the statements it runs, an OrmConn / OrmCtx builder, registries
 * declared from source, and the seed reader.
 *
 * Owns nothing of the core.  Assumes: test/ may include sqlite3.h (common/
 * never does); every test binary links test/unit/testlib.o, build/
 * libormcore.a and -lsqlite3.  check.h stays self-contained (its counters
 * are per test file), so testlib never counts checks itself: the CHECK_LOG
 * macro below expands in the test file and passes that file's counters.
 */
#ifndef ORM_TEST_TESTLIB_H
#define ORM_TEST_TESTLIB_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>

#include "orm.h"
#include "session/session.h"

/* ---- the in-test SQLite host ---------------------------------------------- */

#define TL_MAXLOG 256

/*
 * An OrmHost over an in-memory sqlite3: statements materialized into the
 * call arena, SAVEPOINT / RELEASE / ROLLBACK TO for the atomic section, a
 * fixed now() ("2024-01-02 03:04:05.000000"), deterministic random bytes
 * and a cancel on demand (interrupt_at).
 * Every statement it is asked to run is recorded in order, and the atomic
 * section as "-- begin atomic", "-- commit atomic", "-- rollback atomic".
 */
typedef struct TlHost
{
	sqlite3    *db;
	int			nlog;
	char	   *log[TL_MAXLOG];	/* recorded since tl_host_clear (malloc'd) */
	unsigned	rnd;			/* next random byte is f(rnd++) */
	bool		print_echo;		/* host->log prints "SQL: <sql>" */
	/* host->interrupted: 0 never; n > 0: its n-th poll (and every later one) says cancelled */
	int			interrupt_at;
	int			npolls;			/* polls so far */
	OrmArena	arena;			/* tl_sql_rows' results, until tl_host_close */
} TlHost;

extern const OrmHost tl_host;

/* Opens :memory: and runs setup_sql (may be NULL); -1 (message printed) on failure. */
int			tl_host_open(TlHost *h, const char *setup_sql);
void		tl_host_clear(TlHost *h);	/* forgets the recorded statements */
void		tl_host_close(TlHost *h);

/* Recorded statements that start with prefix. */
int			tl_log_count(const TlHost *h, const char *prefix);

/*
 * Compares the recorded statements with want (NULL-terminated): one pass or
 * fail per statement, a mismatch printed with line; stops at a missing one.
 */
void		tl_check_log(const TlHost *h, const char *const *want, int line,
						 int *passed, int *failed);

#define CHECK_LOG(h, ...) do { \
	static const char *const want_[] = {__VA_ARGS__, NULL}; \
	tl_check_log((h), want_, __LINE__, &check_passed, &check_failed); \
} while (0)

/* How tl_sql_rows writes rows: column and row separators, NULL's text. */
typedef struct TlRowStyle
{
	const char *colsep;
	const char *rowsep;
	const char *null;
	bool		row_end;		/* rowsep after every row, not between rows */
	bool		first_col;		/* only the first column */
} TlRowStyle;

/* Rows of plain SQL run directly (not recorded), or "SQL ERROR: <message>". */
const char *tl_sql_rows(TlHost *h, const char *sql, const TlRowStyle *style);

/* ---- connection and call context ---------------------------------------------- */

/* A connection (SQLite dialect) over a TlHost, with a call arena and error. */
typedef struct TlEnv
{
	TlHost		host;
	OrmConn		conn;
	OrmArena	call;
	OrmError	err;
	OrmCtx		ctx;
} TlEnv;

int			tl_env_open(TlEnv *env, const char *setup_sql);

/* Declares sources straight into conn.reg (no orm_registry table). */
int			tl_env_declare(TlEnv *env, const char *source);

/* orm_api_declare, then orm_api_create_all when create_all. */
int			tl_env_api_declare(TlEnv *env, const char *source, bool create_all);

/* A fresh call: empties the call arena and err, forgets recorded statements. */
OrmArena   *tl_env_call(TlEnv *env);

/* tl_env_call, then env->ctx filled from the connection. */
OrmCtx	   *tl_env_ctx(TlEnv *env);

void		tl_env_close(TlEnv *env);

/* A context without connection or host (compile-only tests). */
void		tl_ctx_init(OrmCtx *ctx, OrmArena *a, OrmError *err, const OrmDialect *d,
						OrmRegistry *reg);

/* ---- registries ----------------------------------------------------------------- */

/*
 * A new registry in a with the sources (NULL-terminated) declared in order
 * and resolved, or NULL with err filled; err NULL: the error is printed as
 * "declare: line L, column C: message".
 */
OrmRegistry *tl_declare(OrmArena *a, OrmError *err, const char *first,...);
OrmRegistry *tl_declarev(OrmArena *a, OrmError *err, const char *first, va_list ap);

/* ---- the seed ----------------------------------------------------------------- */

#define TL_SEED_DEFAULT "test/unit/seed_code.md"
#define TL_BLOG_HEADING "### Full Application with Models, Relationships, and CRUD"

/*
 * The seed's text, read into a: argv[1] unless it starts with "--", else
 * $ORM_SEED, else TL_SEED_DEFAULT (relative to the repository root, where
 * tests run).  NULL (message printed) when unreadable.
 */
const char *tl_seed_read(OrmArena *a, int argc, char **argv);

/* The ```python block at or after *p (advanced past it); *line: its first line. */
const char *tl_seed_next_block(OrmArena *a, const char *seed, const char **p, int *line);

/* The nth (1-based) ```python block after heading, or NULL. */
const char *tl_seed_block(OrmArena *a, const char *seed, const char *heading, int nth);

/* The seed's complete blog module ("Complete Code Examples"), verbatim. */
const char *tl_blog_source(OrmArena *a, const char *seed);

/* The blog module, then the extra sources (NULL-terminated), declared and resolved. */
OrmRegistry *tl_blog_registry(OrmArena *a, const char *seed, const char *extra);

#endif
