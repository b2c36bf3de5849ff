/*
 * orm_sqlite.c -- the SQLite loadable extension: the OrmHost over the
 * sqlite3 API and the SQL functions.
 *
 * Usage (sqlite3 shell):
 *
 *   .load ./orm
 *   SELECT orm_declare('class Base(DeclarativeBase): pass ...');
 *   SELECT orm_create_all();
 *   SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice"}}]');
 *   SELECT orm_select('select(User).options(selectinload(User.posts))');
 *   SELECT orm_echo(1);    -- print every generated statement on stderr
 *
 * Functions: orm_declare(source), orm_create_all(), orm_drop_all(), orm_ddl(),
 * orm_select(query [, params]), orm_get(entity, key [, options]),
 * orm_compile(query [, params]), orm_flush(changes), orm_echo(on).  A NULL
 * required argument gives NULL, as a STRICT PostgreSQL function would.
 *
 * How it works.  sqlite3_orm_init allocates one OrmConn per database
 * connection (the registry cache) and hands it to every function as user
 * data; the functions are registered from one static table and share the
 * state through a reference count, freed by the last destructor.  Each call
 * gets its own arena, malloc-backed: on out-of-memory the block allocator
 * longjmps back to the function's entry, which resets what is open
 * (statements, the flush savepoint) and reports SQLITE_NOMEM.  Prepared
 * statements are cached by SQL text for the duration of one call and
 * finalized when it ends: statements kept across calls would make
 * sqlite3_close() fail with SQLITE_BUSY, and SQLite has no close hook.
 *
 * Flags: SQLITE_UTF8 only for the readers, plus SQLITE_DIRECTONLY for the
 * functions that write (orm_declare, orm_create_all, orm_drop_all,
 * orm_flush, orm_echo), so a schema object (trigger, view) in an untrusted
 * database cannot invoke them.  None is deterministic: they read tables.
 * A call from inside another orm call (a trigger during a flush) is refused.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "orm.h"
#include "execute.h"
#include "automap.h"

#define ORM_EXPORT __attribute__((visibility("default")))

/* ---- per-call state ------------------------------------------------------ */

typedef struct SqStmt
{
	struct SqStmt *next;
	const char *sql;
	sqlite3_stmt *stmt;
} SqStmt;

#define SQ_NBUCKETS 64

/* One call of one function: its arena, its OOM landing, its statements. */
typedef struct SqCall
{
	jmp_buf		oom;
	OrmArena	arena;
	SqStmt	   *buckets[SQ_NBUCKETS];
	bool		in_atomic;
} SqCall;

typedef struct SqState
{
	OrmConn		conn;
	sqlite3    *db;
	SqCall	   *call;			/* the running call, NULL between calls */
	int			refs;			/* function registrations sharing this state */
} SqState;

/* ---- memory -------------------------------------------------------------- */

static void *
sq_block_alloc(void *state, size_t size)
{
	SqCall	   *call = state;
	void	   *p = sqlite3_malloc64(size);

	if (p == NULL)
		longjmp(call->oom, 1);
	return p;
}

static void *
sq_long_alloc(void *state, size_t size)
{
	SqState    *st = state;
	void	   *p = sqlite3_malloc64(size);

	if (p == NULL)
	{
		if (st->call)
			longjmp(st->call->oom, 1);
		abort();				/* unreachable: the registry is built inside a call */
	}
	return p;
}

static void
sq_block_free(void *state, void *ptr)
{
	(void) state;
	sqlite3_free(ptr);
}

/* ---- statement cache (per call) ------------------------------------------ */

static sqlite3_stmt *
sq_prepare(SqState *st, const char *sql, OrmError *err)
{
	SqCall	   *call = st->call;
	unsigned	b = (unsigned) (orm_hash_str(sql, strlen(sql)) % SQ_NBUCKETS);
	SqStmt	   *e;
	const char *tail = NULL;

	for (e = call->buckets[b]; e; e = e->next)
		if (strcmp(e->sql, sql) == 0)
			return e->stmt;
	/* the entry first: an allocation after prepare could longjmp past it */
	e = ORM_NEW(&call->arena, SqStmt);
	e->sql = orm_strdup(&call->arena, sql);
	if (sqlite3_prepare_v2(st->db, sql, -1, &e->stmt, &tail) != SQLITE_OK)
	{
		orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(st->db));
		sqlite3_finalize(e->stmt);
		return NULL;
	}
	if (e->stmt == NULL)
	{
		orm_err(err, ORM_ERR_INTERNAL, "empty statement");
		return NULL;
	}
	/* one statement per call (PostgreSQL's glue enforces the same) */
	while (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';')
		tail++;
	if (*tail)
	{
		sqlite3_finalize(e->stmt);
		orm_err(err, ORM_ERR_INTERNAL, "more than one statement in one query");
		return NULL;
	}
	e->next = call->buckets[b];
	call->buckets[b] = e;
	return e->stmt;
}

static void
sq_finalize_all(SqCall *call)
{
	int			b;
	SqStmt	   *e;

	for (b = 0; b < SQ_NBUCKETS; b++)
	{
		for (e = call->buckets[b]; e; e = e->next)
			sqlite3_finalize(e->stmt);
		call->buckets[b] = NULL;
	}
}

/* ---- host: query --------------------------------------------------------- */

static int
sq_bind(sqlite3_stmt *stmt, int i, const OrmParam *p)
{
	switch (p->kind)
	{
		case ORM_V_NULL:
			return sqlite3_bind_null(stmt, i);
		case ORM_V_INT:
		case ORM_V_BOOL:
			return sqlite3_bind_int64(stmt, i, p->i);
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			return sqlite3_bind_double(stmt, i, p->f);
		case ORM_V_BLOB:
			return sqlite3_bind_blob64(stmt, i, p->s ? p->s : "", p->len, SQLITE_STATIC);
		default:
			return sqlite3_bind_text64(stmt, i, p->s ? p->s : "", p->len,
									   SQLITE_STATIC, SQLITE_UTF8);
	}
}

static void
sq_read_value(OrmArena *a, sqlite3_stmt *stmt, int c, OrmValue *v)
{
	switch (sqlite3_column_type(stmt, c))
	{
		case SQLITE_INTEGER:
			v->kind = ORM_V_INT;
			v->i = sqlite3_column_int64(stmt, c);
			break;
		case SQLITE_FLOAT:
			v->kind = ORM_V_FLOAT;
			v->f = sqlite3_column_double(stmt, c);
			break;
		case SQLITE_TEXT:
			v->kind = ORM_V_TEXT;
			v->s = orm_strndup(a, (const char *) sqlite3_column_text(stmt, c),
							   (size_t) sqlite3_column_bytes(stmt, c));
			v->len = (size_t) sqlite3_column_bytes(stmt, c);
			break;
		case SQLITE_BLOB:
			{
				size_t		n = (size_t) sqlite3_column_bytes(stmt, c);
				const void *src = sqlite3_column_blob(stmt, c);

				v->kind = ORM_V_BLOB;
				v->s = orm_strndup(a, src ? src : "", n);
				v->len = n;
				break;
			}
		default:
			v->kind = ORM_V_NULL;
	}
}

/* Steps stmt to the end, appending rows to out (when wanted). */
static int
sq_step_all(SqState *st, OrmArena *a, sqlite3_stmt *stmt, OrmRows *out, OrmError *err)
{
	int			ncols = sqlite3_column_count(stmt);
	int			cap = 0;
	int			rc;

	if (out)
	{
		int			c;

		out->ncols = ncols;
		out->colnames = ORM_NEWN(a, const char *, ncols ? ncols : 1);
		for (c = 0; c < ncols; c++)
			out->colnames[c] = orm_strdup(a, sqlite3_column_name(stmt, c));
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
	{
		int			c;

		if (!out)
			continue;
		if (out->nrows == cap)
		{
			int			ncap = cap ? cap * 2 : 16;

			out->values = orm_realloc(a, out->values,
									  sizeof(OrmValue) * (size_t) cap * ncols,
									  sizeof(OrmValue) * (size_t) ncap * ncols);
			cap = ncap;
		}
		for (c = 0; c < ncols; c++)
			sq_read_value(a, stmt, c, ORM_ROW(out, out->nrows) + c);
		out->nrows++;
	}
	if (rc != SQLITE_DONE)
		return orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(st->db));
	if (out)
		out->affected = sqlite3_stmt_readonly(stmt) ? out->nrows : sqlite3_changes64(st->db);
	return 0;
}

static int
sq_query(void *hs, OrmArena *a, const char *sql, int nparams,
		 const OrmParam *params, OrmRows *out, OrmError *err)
{
	SqState    *st = hs;
	sqlite3_stmt *stmt;
	int			i;
	int			rc;

	if (out)
		memset(out, 0, sizeof(*out));
	if ((stmt = sq_prepare(st, sql, err)) == NULL)
		return -1;
	for (i = 0; i < nparams; i++)
	{
		if (sq_bind(stmt, i + 1, &params[i]) != SQLITE_OK)
		{
			orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(st->db));
			sqlite3_clear_bindings(stmt);
			return -1;
		}
	}
	rc = sq_step_all(st, a, stmt, out, err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

/* ---- host: atomic section, log, random, now ------------------------------ */

static int
sq_exec(SqState *st, const char *sql, OrmError *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(st->db));
	return 0;
}

static int
sq_begin_atomic(void *hs, OrmError *err)
{
	SqState    *st = hs;

	if (sq_exec(st, "SAVEPOINT orm_flush", err) != 0)
		return -1;
	st->call->in_atomic = true;
	return 0;
}

static int
sq_commit_atomic(void *hs, OrmError *err)
{
	SqState    *st = hs;

	if (sq_exec(st, "RELEASE orm_flush", err) != 0)
		return -1;
	st->call->in_atomic = false;
	return 0;
}

static void
sq_rollback_atomic(void *hs)
{
	SqState    *st = hs;

	if (!st->call->in_atomic)
		return;
	sqlite3_exec(st->db, "ROLLBACK TO orm_flush", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE orm_flush", NULL, NULL, NULL);
	st->call->in_atomic = false;
}

static void
sq_log(void *hs, const char *sql)
{
	(void) hs;
	fprintf(stderr, "%s\n", sql);
	fflush(stderr);
}

static void
sq_random(void *hs, unsigned char *buf, size_t n)
{
	(void) hs;
	sqlite3_randomness((int) n, buf);
}

/* Current UTC time with microseconds, "YYYY-MM-DD HH:MM:SS.ffffff". */
static const char *
sq_now(void *hs, OrmArena *a)
{
	struct timespec ts;
	struct tm	tm;

	(void) hs;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	return orm_sprintf(a, "%04d-%02d-%02d %02d:%02d:%02d.%06ld",
					   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
					   tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
}

static const OrmHost sq_host = {
	.query = sq_query,
	.begin_atomic = sq_begin_atomic,
	.commit_atomic = sq_commit_atomic,
	.rollback_atomic = sq_rollback_atomic,
	.log = sq_log,
	.random = sq_random,
	.now = sq_now,
};

/* ---- the SQL functions --------------------------------------------------- */

typedef enum SqFn
{
	SQ_DECLARE,
	SQ_CREATE_ALL,
	SQ_DROP_ALL,
	SQ_DDL,
	SQ_SELECT,
	SQ_GET,
	SQ_COMPILE,
	SQ_FLUSH,
	SQ_EXECUTE,
	SQ_AUTOMAP,
	SQ_VIEW,
	SQ_LISTEN
} SqFn;

/* Argument i as text, or NULL (SQL NULL or absent). */
static const char *
sq_arg(int argc, sqlite3_value **argv, int i)
{
	if (i >= argc || sqlite3_value_type(argv[i]) == SQLITE_NULL)
		return NULL;
	return (const char *) sqlite3_value_text(argv[i]);
}

static int
sq_dispatch(SqFn fn, OrmConn *c, OrmArena *a, int argc, sqlite3_value **argv,
			char **out, OrmError *err)
{
	const char *a0 = sq_arg(argc, argv, 0);
	const char *a1 = sq_arg(argc, argv, 1);

	switch (fn)
	{
		case SQ_DECLARE:
			return orm_api_declare(c, a, a0, out, err);
		case SQ_CREATE_ALL:
			return orm_api_create_all(c, a, out, err);
		case SQ_DROP_ALL:
			return orm_api_drop_all(c, a, out, err);
		case SQ_DDL:
			return orm_api_ddl(c, a, out, err);
		case SQ_SELECT:
			return orm_api_select(c, a, a0, a1, out, err);
		case SQ_GET:
			return orm_api_get(c, a, a0, a1, sq_arg(argc, argv, 2), out, err);
		case SQ_COMPILE:
			return orm_api_compile(c, a, a0, a1, out, err);
		case SQ_FLUSH:
			return orm_api_flush(c, a, a0, out, err);
		case SQ_EXECUTE:
			return orm_api_execute(c, a, a0, a1, out, err);
		case SQ_AUTOMAP:
			return orm_api_automap(c, a, a0, out, err);
		case SQ_VIEW:
			return orm_api_view(c, a, a0, a1, out, err);
		case SQ_LISTEN:
			return orm_api_listen(c, a, a0, a1, sq_arg(argc, argv, 2), out, err);
	}
	return orm_err(err, ORM_ERR_INTERNAL, "unknown function");
}

typedef struct SqFuncDef
{
	const char *name;
	int			nargs;
	int			nrequired;		/* leading arguments whose NULL gives NULL */
	bool		writes;
	bool		json_result;
	SqFn		fn;
} SqFuncDef;

static const SqFuncDef sq_funcs[] = {
	{"orm_declare", 1, 1, true, true, SQ_DECLARE},
	{"orm_create_all", 0, 0, true, true, SQ_CREATE_ALL},
	{"orm_drop_all", 0, 0, true, true, SQ_DROP_ALL},
	{"orm_ddl", 0, 0, false, false, SQ_DDL},
	{"orm_select", 1, 1, false, true, SQ_SELECT},
	{"orm_select", 2, 1, false, true, SQ_SELECT},
	{"orm_get", 2, 2, false, true, SQ_GET},
	{"orm_get", 3, 2, false, true, SQ_GET},
	{"orm_compile", 1, 1, false, false, SQ_COMPILE},
	{"orm_compile", 2, 1, false, false, SQ_COMPILE},
	{"orm_flush", 1, 1, true, true, SQ_FLUSH},
	{"orm_execute", 1, 1, true, true, SQ_EXECUTE},
	{"orm_execute", 2, 1, true, true, SQ_EXECUTE},
	{"orm_automap", 0, 0, true, true, SQ_AUTOMAP},
	{"orm_automap", 1, 0, true, true, SQ_AUTOMAP},
	{"orm_view", 2, 2, true, true, SQ_VIEW},
	{"orm_listen", 3, 3, true, true, SQ_LISTEN},
};

static const char *const sq_fn_names[] = {
	"orm_declare", "orm_create_all", "orm_drop_all", "orm_ddl",
	"orm_select", "orm_get", "orm_compile", "orm_flush",
	"orm_execute", "orm_automap", "orm_view", "orm_listen"
};

static void
sq_result(sqlite3_context *ctx, const SqFuncDef *def, const char *out)
{
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
	if (def->json_result)
		sqlite3_result_subtype(ctx, 74);	/* 'J': the JSON1 functions take it as JSON */
}

static void
sq_result_error(sqlite3_context *ctx, SqCall *call, const OrmError *err, const char *fname)
{
	const char *text = orm_error_text(&call->arena, err, fname);

	/* SQLite carries one message per error: the detail (a full sentence) follows it */
	if (err->detail[0])
		text = orm_sprintf(&call->arena, "%s (%s)", text, err->detail);
	sqlite3_result_error(ctx, text, -1);
}

/* Ends a call whatever happened: the flush savepoint, statements, memory. */
static void
sq_call_end(SqState *st, SqCall *call)
{
	sq_rollback_atomic(st);
	sq_finalize_all(call);
	orm_arena_reset(&call->arena);
	st->call = NULL;
}

/* User data of one registration: the shared state and the function's entry. */
typedef struct SqReg
{
	SqState    *st;
	const SqFuncDef *def;
} SqReg;

static void
sq_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	SqReg	   *reg = sqlite3_user_data(ctx);
	SqState    *st = reg->st;
	const SqFuncDef *def = reg->def;
	const char *fname = sq_fn_names[def->fn];
	OrmMemHooks hooks;
	OrmError	err;
	SqCall		call;
	char	   *out = NULL;
	int			i;

	for (i = 0; i < def->nrequired; i++)
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
		{
			sqlite3_result_null(ctx);
			return;
		}
	if (st->call != NULL)
	{
		char		msg[160];

		snprintf(msg, sizeof(msg), "%s: cannot be called from inside another orm function", fname);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	memset(&call, 0, sizeof(call));
	memset(&err, 0, sizeof(err));
	hooks.block_alloc = sq_block_alloc;
	hooks.block_free = sq_block_free;
	hooks.state = &call;
	orm_arena_init(&call.arena, &hooks);
	st->call = &call;
	if (setjmp(call.oom) != 0)
	{
		sq_call_end(st, &call);
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (sq_dispatch(def->fn, &st->conn, &call.arena, argc, argv, &out, &err) != 0)
		sq_result_error(ctx, &call, &err, fname);
	else
		sq_result(ctx, def, out);
	sq_call_end(st, &call);
}

/* orm_echo(on): switches logging of generated SQL (to stderr); returns the new setting. */
static void
sq_echo(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	SqReg	   *reg = sqlite3_user_data(ctx);

	(void) argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
	{
		sqlite3_result_null(ctx);
		return;
	}
	reg->st->conn.echo = sqlite3_value_int(argv[0]) != 0;
	sqlite3_result_int(ctx, reg->st->conn.echo);
}

static const SqFuncDef sq_echo_def = {"orm_echo", 1, 1, true, false, SQ_DDL};

/* ---- registration -------------------------------------------------------- */

static void
sq_state_unref(SqState *st)
{
	if (--st->refs > 0)
		return;
	orm_conn_release(&st->conn);
	sqlite3_free(st);
}

static void
sq_reg_destroy(void *p)
{
	SqReg	   *reg = p;

	sq_state_unref(reg->st);
	sqlite3_free(reg);
}

/* Registers one function; its SqReg holds a reference to st. */
static int
sq_register(sqlite3 *db, SqState *st, const SqFuncDef *def,
			void (*fn) (sqlite3_context *, int, sqlite3_value **))
{
	SqReg	   *reg = sqlite3_malloc(sizeof(SqReg));
	int			flags = SQLITE_UTF8 | (def->writes ? SQLITE_DIRECTONLY : 0);

#ifdef SQLITE_RESULT_SUBTYPE
	if (def->json_result)
		flags |= SQLITE_RESULT_SUBTYPE; /* declared since SQLite 3.45 */
#endif

	if (reg == NULL)
		return SQLITE_NOMEM;
	reg->st = st;
	reg->def = def;
	st->refs++;
	/* on failure sqlite3_create_function_v2 calls the destructor itself */
	return sqlite3_create_function_v2(db, def->name, def->nargs, flags, reg,
									  fn, NULL, NULL, sq_reg_destroy);
}

ORM_EXPORT int
sqlite3_orm_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
	SqState    *st;
	OrmMemHooks long_hooks;
	size_t		i;
	int			rc = SQLITE_OK;

	SQLITE_EXTENSION_INIT2(pApi);
	st = sqlite3_malloc(sizeof(SqState));
	if (st == NULL)
		return SQLITE_NOMEM;
	memset(st, 0, sizeof(*st));
	st->db = db;
	st->refs = 1;				/* ours until registration is done */
	long_hooks.block_alloc = sq_long_alloc;
	long_hooks.block_free = sq_block_free;
	long_hooks.state = st;
	orm_conn_init(&st->conn, &sq_host, st, &orm_dialect_sqlite, &long_hooks);
	for (i = 0; i < sizeof(sq_funcs) / sizeof(sq_funcs[0]) && rc == SQLITE_OK; i++)
		rc = sq_register(db, st, &sq_funcs[i], sq_func);
	if (rc == SQLITE_OK)
		rc = sq_register(db, st, &sq_echo_def, sq_echo);
	if (rc != SQLITE_OK && pzErrMsg)
		*pzErrMsg = sqlite3_mprintf("orm: cannot register functions: %s", sqlite3_errstr(rc));
	sq_state_unref(st);
	return rc;
}
