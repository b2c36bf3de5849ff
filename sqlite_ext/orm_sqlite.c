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
 *   SELECT orm_allow_raw_sql(1);  -- let text() / literal_column() run (off by default)
 *
 * Functions: orm_declare(source), orm_create_all(), orm_drop_all(), orm_ddl(),
 * orm_select(query [, params]), orm_get(entity, key [, options]),
 * orm_compile(query [, params]), orm_flush(changes [, result]), orm_explain(query [,
 * params [, analyze]]), orm_echo(on), orm_allow_raw_sql(on), and the rest of
 * README's table.  A NULL
 * required argument gives NULL, as a STRICT PostgreSQL function would.
 *
 * How it works.  sqlite3_orm_init allocates one OrmConn per database
 * connection (the registry cache) and hands it to every function as user
 * data; the functions are registered from one static table and share the
 * state through a reference count, freed by the last destructor.  Each call
 * gets its own arena, malloc-backed: on out-of-memory the block allocator
 * longjmps back to the function's entry, which resets what is open
 * (the running statement, the flush savepoint) and reports SQLITE_NOMEM.
 * Prepared statements are cached per connection by SQL text, LRU-bounded,
 * and finalized when the connection closes (see "statement cache" below for
 * the close hook, the eponymous virtual table orm_statement_cache).  A call
 * that reads holds one read transaction throughout ("the pin"), which also
 * keeps the registry stamp current (sq_registry_stamp; api.c, "Skipping the
 * check"): a call with an unchanged registry runs no registry query.
 *
 * Flags: SQLITE_UTF8 | SQLITE_DIRECTONLY for every function, readers
 * included: a schema object (view, trigger, CHECK, default, generated
 * column) of an untrusted database file cannot invoke them, whatever
 * PRAGMA trusted_schema says ("unsafe use of orm_select()").  A reader
 * callable from a view would run the view author's query text with the
 * opener's connection, and the statements orm prepares are top-level ones,
 * where SQLite's own direct-only functions (writefile, load_extension) are
 * allowed.  Query text never names those either (dialect refused_funcs).
 * None is deterministic: they read tables.  A call from inside another orm
 * call (a trigger during a flush) is refused.
 *
 * Text arguments: SQLite text may hold NUL bytes, which C strings end at;
 * an argument whose text has one is refused (sqlite3_value_bytes against
 * strlen), as is a text value bound to a statement (a \u0000 in JSON),
 * the same refusal PostgreSQL's text type makes.
 *
 * Writers: a function that writes, called in autocommit mode, runs as one
 * BEGIN IMMEDIATE ... COMMIT (sq_write_begin), so it waits for another
 * connection's write lock as the busy timeout says instead of failing to
 * upgrade a read lock; a lock error reaches the caller with its own
 * (extended) result code, SQLITE_BUSY rather than SQLITE_ERROR.
 *
 * Cancel: sqlite3_interrupt() (another thread, or the application's
 * progress handler) stops the call at its next statement, and within
 * ORM_POLL_EVERY iterations of the core's long loops: sq_interrupted steps
 * a cached "SELECT 1", which fails with SQLITE_INTERRUPT while the
 * interrupt is pending (SQLite 3.40 has no sqlite3_is_interrupted).
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "orm.h"
#include "session/session.h"

#define ORM_EXPORT __attribute__((visibility("default")))

/* ---- state ---------------------------------------------------------------- */

/*
 * A cached prepared statement: in a hash chain (by SQL text) and in the LRU
 * list, most recently used first.  Allocated with sqlite3_malloc, not in an
 * arena: it outlives calls.
 */
typedef struct SqStmt
{
	struct SqStmt *hnext;
	struct SqStmt *prev,
			   *next;
	sqlite3_stmt *stmt;
	uint64_t	hash;
	char		sql[];
} SqStmt;

#define SQ_NBUCKETS 256
#define SQ_MAX_STMTS 128

/* An arena block kept for the next call (header before the block). */
typedef struct SqBlock
{
	struct SqBlock *next;
	size_t		cap;
} SqBlock;

#define SQ_BLOCK_CACHE (512 * 1024)	/* bytes of blocks kept per connection */

/* One call of one function: its arena, its OOM landing. */
typedef struct SqCall
{
	jmp_buf		oom;
	struct SqState *st;
	OrmArena	arena;
	sqlite3_stmt *active;		/* bound or stepping; reset at the call's end */
	bool		in_atomic;
	bool		pinned;			/* SqState.pin is stepping: a read transaction is held */
	bool		own_txn;		/* the call's BEGIN IMMEDIATE is open (sq_write_begin) */
	bool		names;			/* the running statement's rows take column names (sq_query_names) */
	/* sq_insert_rowids: tables checked during this call (name as given, 1 plain rowid table) */
	struct
	{
		const char *table;
		bool		ok;
	}			rowid_tabs[8];
	int			nrowid_tabs;
} SqCall;

typedef struct SqState
{
	OrmConn		conn;
	sqlite3    *db;
	SqCall	   *call;			/* the running call, NULL between calls */
	int			refs;			/* registrations sharing this state */

	/* the statement cache */
	SqStmt	   *buckets[SQ_NBUCKETS];
	SqStmt	   *lru_head,
			   *lru_tail;
	int			nstmts;
	bool		hooked;			/* close hook connected: cache across calls */
	bool		hook_tried;

	/* PRAGMA main.schema_version, stepped once and held for a call (sq_pin) */
	sqlite3_stmt *pin;
	int64_t		pin_cookie;

	/* SELECT 1, stepped to see a pending sqlite3_interrupt (sq_interrupted) */
	sqlite3_stmt *probe;

	/* arena blocks of ended calls, for the next call (sq_block_alloc) */
	SqBlock    *free_blocks;
	size_t		cached;
} SqState;

static void sq_state_unref(SqState *st);

/* ---- memory -------------------------------------------------------------- */

/*
 * A call's arena blocks are kept when it ends (up to SQ_BLOCK_CACHE bytes
 * per connection) and handed to the next call: a short call (orm_get)
 * finds its blocks where the last one left them instead of asking malloc
 * and the kernel for fresh pages.  Calls ask for the same sequence of block
 * sizes, so a block is reused for a request between half its size and its
 * size.  The cache is small on purpose: what a large call used beyond it
 * (and its big allocations, below, never kept) goes back when it ends, so
 * a connection keeps about half a megabyte whatever it built (README
 * "Speed", `make memtest`).
 */
static void *
sq_block_alloc(void *state, size_t size)
{
	SqCall	   *call = state;
	SqState    *st = call->st;
	SqBlock   **pp,
			   *b;

	for (pp = &st->free_blocks; (b = *pp) != NULL; pp = &b->next)
		if (b->cap >= size && b->cap / 2 <= size)
		{
			*pp = b->next;
			st->cached -= b->cap;
			return b + 1;
		}
	b = sqlite3_malloc64(sizeof(SqBlock) + size);
	if (b == NULL)
		longjmp(call->oom, 1);
	b->cap = size;
	return b + 1;
}

static void
sq_block_release(void *state, void *ptr)
{
	SqCall	   *call = state;
	SqState    *st = call->st;
	SqBlock    *b = (SqBlock *) ptr - 1;

	if (st->cached + b->cap <= SQ_BLOCK_CACHE)
	{
		b->next = st->free_blocks;
		st->free_blocks = b;
		st->cached += b->cap;
	}
	else
		sqlite3_free(b);
}

/*
 * Big allocations (util.h, ORM_ARENA_BIG: the row arrays of large results,
 * the JSON of a large document) get blocks of their own, resized by
 * sqlite3_realloc64 and never kept: a connection keeps at most
 * SQ_BLOCK_CACHE bytes after a call, whatever it built.
 */
static void *
sq_big_alloc(void *state, size_t size)
{
	SqCall	   *call = state;
	void	   *p = sqlite3_malloc64(size);

	if (p == NULL)
		longjmp(call->oom, 1);
	return p;
}

static void *
sq_big_realloc(void *state, void *ptr, size_t size)
{
	SqCall	   *call = state;
	void	   *p = sqlite3_realloc64(ptr, size);

	if (p == NULL)
		longjmp(call->oom, 1);	/* ptr stays in the arena, freed with it */
	return p;
}

static void
sq_big_free(void *state, void *ptr)
{
	(void) state;
	sqlite3_free(ptr);
}

/* the destructor of a result handed over without a copy (sq_result) */
static void
sq_big_result_free(void *text)
{
	sqlite3_free((char *) text - ORM_ARENA_BIG_HDR);
}

static void
sq_blocks_free(SqState *st)
{
	while (st->free_blocks)
	{
		SqBlock    *b = st->free_blocks;

		st->free_blocks = b->next;
		sqlite3_free(b);
	}
	st->cached = 0;
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

/* ---- statement cache ----------------------------------------------------- */

/*
 * Statements are prepared once per connection and kept, keyed by SQL text,
 * at most SQ_MAX_STMTS (least recently used finalized first).  A kept
 * statement would make sqlite3_close() fail with SQLITE_BUSY; SQLite has no
 * close hook, but sqlite3_close() and sqlite3_close_v2() disconnect every
 * virtual table *before* they check for unfinalized statements (so that
 * virtual tables holding statements, FTS5's, can let go of them).  The
 * eponymous virtual table orm_statement_cache (no rows) is our hook: the
 * first call connects it, and its xDisconnect finalizes the whole cache.
 * Until it is connected (or when connecting fails) statements are finalized
 * at the end of each call.  Cached statements are always reset with their
 * bindings cleared between uses, so they hold no locks and no pointers into
 * a call's arena.
 */

static void
sq_lru_unlink(SqState *st, SqStmt *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		st->lru_head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		st->lru_tail = e->prev;
	e->prev = e->next = NULL;
}

static void
sq_lru_push(SqState *st, SqStmt *e)
{
	e->prev = NULL;
	e->next = st->lru_head;
	if (st->lru_head)
		st->lru_head->prev = e;
	st->lru_head = e;
	if (!st->lru_tail)
		st->lru_tail = e;
}

/* Removes e from the cache and finalizes it. */
static void
sq_stmt_drop(SqState *st, SqStmt *e)
{
	SqStmt	  **pp = &st->buckets[e->hash % SQ_NBUCKETS];

	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	sq_lru_unlink(st, e);
	sqlite3_finalize(e->stmt);
	sqlite3_free(e);
	st->nstmts--;
}

static void
sq_cache_clear(SqState *st)
{
	while (st->lru_head)
		sq_stmt_drop(st, st->lru_head);
	sqlite3_finalize(st->pin);
	st->pin = NULL;
	sqlite3_finalize(st->probe);
	st->probe = NULL;
}

/*
 * The pin: a call that only reads holds one read transaction from its first
 * statement to its end, so that its statements see one snapshot and do not
 * each take and drop the file lock, and the registry stamp (api.c) reads a
 * data version that is current.  A statement that writes unpins first (an
 * open reader would make DROP TABLE fail with SQLITE_LOCKED).
 */
static void
sq_pin(SqState *st)
{
	if (st->call->pinned)
		return;
	if (st->pin == NULL &&
		sqlite3_prepare_v3(st->db, "PRAGMA main.schema_version", -1,
						   SQLITE_PREPARE_PERSISTENT, &st->pin, NULL) != SQLITE_OK)
	{
		sqlite3_finalize(st->pin);
		st->pin = NULL;
		return;
	}
	if (sqlite3_step(st->pin) == SQLITE_ROW)
	{
		st->pin_cookie = sqlite3_column_int64(st->pin, 0);
		st->call->pinned = true;
	}
	else
		sqlite3_reset(st->pin);
}

static void
sq_unpin(SqState *st)
{
	if (st->call && st->call->pinned)
	{
		sqlite3_reset(st->pin);
		st->call->pinned = false;
	}
}

/*
 * The connection's last error as err: SQLite's message and its extended
 * result code (SQLITE_CONSTRAINT_UNIQUE ...), which the function's error
 * result carries on to the application (sq_result_error).  Returns -1.
 */
static int
sq_engine_err(SqState *st, OrmError *err)
{
	if (err->code != ORM_OK)
		return -1;
	orm_err(err, ORM_ERR_ENGINE, "%s", sqlite3_errmsg(st->db));
	err->engine_code = sqlite3_extended_errcode(st->db);
	return -1;
}

/* Prepares exactly one statement (a second one in sql is an error). */
static sqlite3_stmt *
sq_prepare_one(SqState *st, const char *sql, size_t len, OrmError *err)
{
	sqlite3_stmt *stmt = NULL;
	const char *tail = NULL;

	int			rc = SQLITE_OK;

	/*
	 * A statement that does not compile ("no such column") while the schema
	 * this connection cached is older than the file's (the database replaced
	 * under it, sqlite3_deserialize) fails with SQLITE_SCHEMA after SQLite's
	 * own retry: prepared once more, it reports its real error.
	 */
	for (int attempt = 0; attempt < 3; attempt++)
	{
		rc = sqlite3_prepare_v3(st->db, sql, (int) len + 1, SQLITE_PREPARE_PERSISTENT,
								&stmt, &tail);
		if (rc != SQLITE_SCHEMA)
			break;
		sqlite3_finalize(stmt);
		stmt = NULL;
	}
	if (rc != SQLITE_OK)
	{
		sq_engine_err(st, err);
		if ((err->engine_code & 0xff) == SQLITE_SCHEMA)
			err->engine_code = SQLITE_ERROR;
		sqlite3_finalize(stmt);
		return NULL;
	}
	if (stmt == NULL)
	{
		orm_err(err, ORM_ERR_INTERNAL, "empty statement");
		return NULL;
	}
	/* one statement per call (PostgreSQL's glue enforces the same) */
	while (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';')
		tail++;
	if (*tail)
	{
		sqlite3_finalize(stmt);
		orm_err(err, ORM_ERR_INTERNAL, "more than one statement in one query");
		return NULL;
	}
	return stmt;
}

static sqlite3_stmt *
sq_prepare(SqState *st, const char *sql, OrmError *err)
{
	size_t		len = strlen(sql);
	uint64_t	h = orm_hash_bytes(sql, len);
	SqStmt	   *e;

	for (e = st->buckets[h % SQ_NBUCKETS]; e; e = e->hnext)
		if (e->hash == h && strcmp(e->sql, sql) == 0)
		{
			if (e != st->lru_head)
			{
				sq_lru_unlink(st, e);
				sq_lru_push(st, e);
			}
			return e->stmt;
		}
	/* the entry first: an allocation after prepare could longjmp past it */
	e = sqlite3_malloc64(sizeof(SqStmt) + len + 1);
	if (e == NULL)
		longjmp(st->call->oom, 1);
	if ((e->stmt = sq_prepare_one(st, sql, len, err)) == NULL)
	{
		sqlite3_free(e);
		return NULL;
	}
	if (st->nstmts >= SQ_MAX_STMTS)
		sq_stmt_drop(st, st->lru_tail);
	e->hash = h;
	memcpy(e->sql, sql, len + 1);
	e->hnext = st->buckets[h % SQ_NBUCKETS];
	st->buckets[h % SQ_NBUCKETS] = e;
	sq_lru_push(st, e);
	st->nstmts++;
	return e->stmt;
}

/* -- the close hook: eponymous virtual table orm_statement_cache -- */

typedef struct SqHookVtab
{
	sqlite3_vtab base;
	SqState    *st;
} SqHookVtab;

static int
sq_hook_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
				sqlite3_vtab **out, char **errmsg)
{
	SqHookVtab *v;
	int			rc;

	(void) argc;
	(void) argv;
	(void) errmsg;
	if ((rc = sqlite3_declare_vtab(db, "CREATE TABLE x(sql TEXT)")) != SQLITE_OK)
		return rc;
	if ((v = sqlite3_malloc(sizeof(*v))) == NULL)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->st = aux;
	v->st->hooked = true;
	v->st->refs++;				/* SQLite may drop the module before disconnecting */
	*out = &v->base;
	return SQLITE_OK;
}

/* Called by sqlite3_close() before its check for unfinalized statements. */
static int
sq_hook_disconnect(sqlite3_vtab *vtab)
{
	SqHookVtab *v = (SqHookVtab *) vtab;

	v->st->hooked = false;
	v->st->hook_tried = false;	/* a close that fails anyway: reconnect later */
	if (v->st->call == NULL)
		sq_cache_clear(v->st);
	sq_state_unref(v->st);
	sqlite3_free(v);
	return SQLITE_OK;
}

static int
sq_hook_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void) vtab;
	info->estimatedCost = 1;
	info->estimatedRows = 0;
	return SQLITE_OK;
}

static int
sq_hook_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cur)
{
	(void) vtab;
	if ((*cur = sqlite3_malloc(sizeof(**cur))) == NULL)
		return SQLITE_NOMEM;
	memset(*cur, 0, sizeof(**cur));
	return SQLITE_OK;
}

static int
sq_hook_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int
sq_hook_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr,
			   int argc, sqlite3_value **argv)
{
	(void) cur;
	(void) idx;
	(void) idxstr;
	(void) argc;
	(void) argv;
	return SQLITE_OK;
}

static int
sq_hook_next(sqlite3_vtab_cursor *cur)
{
	(void) cur;
	return SQLITE_OK;
}

static int
sq_hook_eof(sqlite3_vtab_cursor *cur)
{
	(void) cur;
	return 1;					/* no rows: the table exists for its xDisconnect */
}

static int
sq_hook_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i)
{
	(void) cur;
	(void) i;
	sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int
sq_hook_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	(void) cur;
	*rowid = 0;
	return SQLITE_OK;
}

static const sqlite3_module sq_hook_module = {
	.iVersion = 0,
	.xCreate = NULL,			/* eponymous only */
	.xConnect = sq_hook_connect,
	.xBestIndex = sq_hook_best_index,
	.xDisconnect = sq_hook_disconnect,
	.xDestroy = sq_hook_disconnect,
	.xOpen = sq_hook_open,
	.xClose = sq_hook_close,
	.xFilter = sq_hook_filter,
	.xNext = sq_hook_next,
	.xEof = sq_hook_eof,
	.xColumn = sq_hook_column,
	.xRowid = sq_hook_rowid,
};

/* Connects the hook, once (until it is disconnected); on failure statements are per call. */
static void
sq_hook_connect_once(SqState *st)
{
	sqlite3_stmt *stmt = NULL;

	st->hook_tried = true;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM orm_statement_cache",
						   -1, &stmt, NULL) != SQLITE_OK)
		st->hooked = false;
	sqlite3_finalize(stmt);
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

/*
 * Column c of the current row.  Text and blobs are copied into the arena:
 * SQLite's pointer is good only until the next step.  Every field is
 * written (the row array is not cleared when it grows).
 *
 * Read through sqlite3_column_value and the sqlite3_value_* functions:
 * each sqlite3_column_* call takes and drops the connection's mutex, three
 * times for a text column, where one sqlite3_column_value call takes it
 * once (R2's point reads spent a fifth of their instructions in the mutex
 * calls).  The value sqlite3_column_value returns is "unprotected", and
 * SQLite's documentation asks that the sqlite3_value_* accessors be used on
 * protected values only, i.e. with the connection's mutex held: it is, for
 * this whole call, by the application's sqlite3_step of the statement that
 * called the orm function (these statements run on the same connection,
 * and SQLite's mutexes are recursive), which is what SQLite's own
 * assertions check (sqlite3ValueText: sqlite3_mutex_held(db->mutex)).
 */
static void
sq_read_value(OrmArena *a, sqlite3_stmt *stmt, int c, OrmValue *v)
{
	sqlite3_value *col = sqlite3_column_value(stmt, c);

	v->i = 0;
	v->f = 0;
	v->s = NULL;
	v->len = 0;
	switch (sqlite3_value_type(col))
	{
		case SQLITE_INTEGER:
			v->kind = ORM_V_INT;
			v->i = sqlite3_value_int64(col);
			break;
		case SQLITE_FLOAT:
			v->kind = ORM_V_FLOAT;
			v->f = sqlite3_value_double(col);
			break;
		case SQLITE_TEXT:
			{
				const char *src = (const char *) sqlite3_value_text(col);
				size_t		n = (size_t) sqlite3_value_bytes(col);

				v->kind = ORM_V_TEXT;
				v->s = orm_strndup(a, src ? src : "", n);
				v->len = n;
				break;
			}
		case SQLITE_BLOB:
			{
				const void *src = sqlite3_value_blob(col);
				size_t		n = (size_t) sqlite3_value_bytes(col);

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
		out->ncols = ncols;
		if (st->call->names)
		{
			out->colnames = ORM_NEWN(a, const char *, ncols ? ncols : 1);
			for (int c = 0; c < ncols; c++)
				out->colnames[c] = orm_strdup(a, sqlite3_column_name(stmt, c));
		}
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
	{
		int			c;

		if (!out)
			continue;
		if (out->nrows == cap)
		{
			int			ncap = cap ? cap * 2 : 16;

			out->values = orm_grow(a, out->values,
								   sizeof(OrmValue) * (size_t) cap * ncols,
								   sizeof(OrmValue) * (size_t) ncap * ncols);
			cap = ncap;
		}
		for (c = 0; c < ncols; c++)
			sq_read_value(a, stmt, c, ORM_ROW(out, out->nrows) + c);
		out->nrows++;
	}
	if (rc != SQLITE_DONE)
		return sq_engine_err(st, err);
	if (out && out->nrows < cap)	/* a big row array gives back what it did not use */
		out->values = orm_grow(a, out->values, sizeof(OrmValue) * (size_t) cap * ncols,
							   sizeof(OrmValue) * (size_t) out->nrows * ncols);
	if (out)
		out->affected = sqlite3_stmt_readonly(stmt) ? out->nrows : sqlite3_changes64(st->db);
	return 0;
}

static int	sq_query(void *hs, OrmArena *a, const char *sql, int nparams,
					 const OrmParam *params, OrmRows *out, OrmError *err);

/* sq_query, the rows with the engine's column names (host.h, query_names). */
static int
sq_query_names(void *hs, OrmArena *a, const char *sql, int nparams,
			   const OrmParam *params, OrmRows *out, OrmError *err)
{
	SqState    *st = hs;
	int			rc;

	st->call->names = true;
	rc = sq_query(hs, a, sql, nparams, params, out, err);
	st->call->names = false;
	return rc;
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
	for (i = 0; i < nparams; i++)
		if (params[i].kind != ORM_V_BLOB && params[i].kind != ORM_V_NULL && params[i].s &&
			memchr(params[i].s, '\0', params[i].len) != NULL)
			return orm_err(err, ORM_ERR_PARAM, "text value contains a NUL byte (\\u0000)");
	if ((stmt = sq_prepare(st, sql, err)) == NULL)
		return -1;
	if (!sqlite3_stmt_readonly(stmt))
		sq_unpin(st);
	st->call->active = stmt;
	for (i = 0; i < nparams; i++)
	{
		if (sq_bind(stmt, i + 1, &params[i]) != SQLITE_OK)
		{
			sq_engine_err(st, err);
			sqlite3_clear_bindings(stmt);
			st->call->active = NULL;
			return -1;
		}
	}
	rc = sq_step_all(st, a, stmt, out, err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	st->call->active = NULL;
	return rc;
}

/*
 * Keys without RETURNING (host.h, insert_rowids).  A multi-row INSERT that
 * leaves out a rowid table's INTEGER PRIMARY KEY gives its rows the rowids
 * largest + 1, largest + 2, ... in VALUES order (OP_NewRowid: the table's
 * last rowid + 1, or the AUTOINCREMENT counter's, per row), unless the
 * largest rowid is 2^63 - 1 (then they are random) or something else
 * inserts into the table between two of the rows (a trigger).  So the
 * statement runs without RETURNING, whose per-row cost in SQLite (a
 * trigger-like subprogram storing every row in an ephemeral table) is
 * ~40% of a narrow row's insert, only into a table of main that, read
 * from the schema once per call, is a plain rowid table (not virtual,
 * not WITHOUT ROWID, no table of that name in temp) whose one primary key
 * column is col declared INTEGER, made no index for its key (INTEGER
 * PRIMARY KEY DESC is no rowid alias), and has no trigger (main's or
 * temp's); and only when the largest rowid read just before leaves room
 * for nrows more.  Afterwards the rows changed and last_insert_rowid are
 * checked against that: a mismatch is an internal error (the statement
 * ran; its keys are unknown) that the conditions above rule out.
 */
static const char sq_rowid_table_sql[] =
	"SELECT (SELECT count(*) FROM temp.sqlite_master WHERE name = ?1 COLLATE NOCASE"
	" OR (type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE))"
	" + (SELECT count(*) FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE)"
	" + (SELECT count(*) FROM pragma_index_list(?1, 'main') WHERE origin = 'pk'),"
	" (SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE"
	" AND sql NOT LIKE 'CREATE VIRTUAL%'),"
	" (SELECT count(*) FROM pragma_table_info(?1, 'main') WHERE pk > 0),"
	" (SELECT count(*) FROM pragma_table_info(?1, 'main') WHERE pk = 1 AND name = ?2 COLLATE NOCASE"
	" AND upper(type) = 'INTEGER')";

static int
sq_insert_rowids(void *hs, OrmArena *a, const char *table, const char *col,
				 const char *sql, int nparams, const OrmParam *params, int nrows,
				 int64_t *first, OrmError *err)
{
	SqState    *st = hs;
	SqCall	   *call = st->call;
	OrmRows		rows;
	OrmParam	p[2];
	OrmBuf		q;
	int64_t		max,
				last,
				changed;
	int			i;
	bool		ok = false,
				known = false;

	for (i = 0; i < call->nrowid_tabs; i++)
		if (call->rowid_tabs[i].table == table)
		{
			ok = call->rowid_tabs[i].ok;
			known = true;
			break;
		}
	if (!known)
	{
		memset(p, 0, sizeof(p));
		p[0].kind = p[1].kind = ORM_V_TEXT;
		p[0].s = table;
		p[0].len = (uint32_t) strlen(table);
		p[1].s = col;
		p[1].len = (uint32_t) strlen(col);
		if (sq_query(hs, a, sq_rowid_table_sql, 2, p, &rows, err) < 0)
			return -1;
		if (rows.nrows == 1 && rows.ncols == 4)
		{
			const OrmValue *v = ORM_ROW(&rows, 0);

			ok = v[0].kind == ORM_V_INT && v[0].i == 0 && v[1].kind == ORM_V_INT && v[1].i == 1 &&
				v[2].kind == ORM_V_INT && v[2].i == 1 && v[3].kind == ORM_V_INT && v[3].i == 1;
		}
		if (call->nrowid_tabs < (int) (sizeof(call->rowid_tabs) / sizeof(call->rowid_tabs[0])))
		{
			call->rowid_tabs[call->nrowid_tabs].table = table;
			call->rowid_tabs[call->nrowid_tabs].ok = ok;
			call->nrowid_tabs++;
		}
	}
	if (!ok)
		return 0;
	orm_buf_init(&q, a);
	orm_buf_puts(&q, "SELECT max(");
	orm_quote_ident(&q, col);
	orm_buf_puts(&q, ") FROM ");
	orm_quote_ident(&q, table);
	if (sq_query(hs, a, orm_buf_cstr(&q), 0, NULL, &rows, err) < 0)
		return -1;
	if (rows.nrows != 1 || rows.ncols != 1 ||
		(rows.values[0].kind != ORM_V_NULL && rows.values[0].kind != ORM_V_INT))
		return 0;
	max = rows.values[0].kind == ORM_V_INT ? rows.values[0].i : 0;
	if (max > INT64_MAX - nrows)
		return 0;
	if (sq_query(hs, a, sql, nparams, params, NULL, err) < 0)
		return -1;
	last = sqlite3_last_insert_rowid(st->db);
	changed = sqlite3_changes64(st->db);
	if (changed != nrows || last - nrows < max)
		return orm_err(err, ORM_ERR_INTERNAL,
					   "INSERT INTO %s: %lld rows with rowids up to %lld after %lld, %d expected",
					   table, (long long) changed, (long long) last, (long long) max, nrows);
	*first = last - nrows + 1;
	return 1;
}

/* ---- host: atomic section, log, random, now ------------------------------ */

static int
sq_exec(SqState *st, const char *sql, OrmError *err)
{
	sq_unpin(st);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sq_engine_err(st, err);
	return 0;
}

/*
 * The write lock, taken first.  A function that writes, called while the
 * connection is in autocommit mode (no BEGIN of the application's open),
 * runs as one BEGIN IMMEDIATE ... COMMIT: the lock is taken before the
 * call reads anything, so SQLite's busy handler (sqlite3_busy_timeout,
 * Python's timeout=) waits for another writer to finish, and SQLITE_BUSY
 * comes only when the timeout passes.  A transaction that reads first and
 * writes later (SAVEPOINT, BEGIN DEFERRED) upgrades its read lock, and an
 * upgrade never waits: SQLite returns SQLITE_BUSY at once, or, in WAL
 * mode when another connection committed since the read began,
 * SQLITE_BUSY_SNAPSHOT, which no retry of the statement can cure (the
 * transaction must start again).  Inside a transaction of the
 * application's own, the application chose (README: BEGIN IMMEDIATE).
 */
static int
sq_write_begin(SqState *st, OrmError *err)
{
	if (!sqlite3_get_autocommit(st->db))
		return 0;
	if (sq_exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	st->call->own_txn = true;
	return 0;
}

/* COMMIT of sq_write_begin's transaction (a failed COMMIT leaves it open: rolled back). */
static int
sq_write_commit(SqState *st, OrmError *err)
{
	if (!st->call->own_txn)
		return 0;
	if (sq_exec(st, "COMMIT", err) != 0)
		return -1;
	st->call->own_txn = false;
	return 0;
}

static void
sq_write_rollback(SqState *st)
{
	if (!st->call->own_txn)
		return;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->call->own_txn = false;
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

/* See api.c, "Skipping the check". */
static bool
sq_registry_stamp(void *hs, uint64_t stamp[2])
{
	SqState    *st = hs;
	unsigned int dv = 0;

	if (sqlite3_txn_state(st->db, NULL) == SQLITE_TXN_WRITE)
		return false;
	sq_pin(st);
	if (!st->call->pinned ||
		sqlite3_file_control(st->db, "main", SQLITE_FCNTL_DATA_VERSION, &dv) != SQLITE_OK)
		return false;
	stamp[0] = (uint64_t) dv | ((uint64_t) (uint32_t) st->pin_cookie << 32);
	stamp[1] = (uint64_t) sqlite3_total_changes64(st->db);
	return true;
}

/* orm's tables are main's (api.c): never temp's or an attached database's. */
static const char *
sq_own_schema(void *hs, OrmArena *a, OrmError *err)
{
	(void) hs;
	(void) a;
	(void) err;
	return "\"main\"";
}

/* A pending sqlite3_interrupt(): the next statement stepped fails with SQLITE_INTERRUPT. */
static int
sq_interrupted(void *hs, OrmError *err)
{
	SqState    *st = hs;
	int			rc;

	if (st->probe == NULL &&
		sqlite3_prepare_v3(st->db, "SELECT 1", -1, SQLITE_PREPARE_PERSISTENT,
						   &st->probe, NULL) != SQLITE_OK)
	{
		sqlite3_finalize(st->probe);
		st->probe = NULL;
		return 0;				/* cannot tell: the next statement will */
	}
	rc = sqlite3_step(st->probe);
	sqlite3_reset(st->probe);
	if (rc == SQLITE_INTERRUPT && err->code == ORM_OK)
	{
		orm_err(err, ORM_ERR_ENGINE, "interrupted");
		err->engine_code = SQLITE_INTERRUPT;
		return -1;
	}
	return 0;
}

static const OrmHost sq_host = {
	.query = sq_query,
	.query_names = sq_query_names,
	.begin_atomic = sq_begin_atomic,
	.commit_atomic = sq_commit_atomic,
	.rollback_atomic = sq_rollback_atomic,
	.log = sq_log,
	.random = sq_random,
	.now = sq_now,
	.registry_stamp = sq_registry_stamp,
	.own_schema = sq_own_schema,
	.interrupted = sq_interrupted,
	.insert_rowids = sq_insert_rowids,
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
	SQ_LISTEN,
	/* migrations (migrate.h) */
	SQ_REVISION,
	SQ_MIGRATION_ADD,
	SQ_UPGRADE,
	SQ_DOWNGRADE,
	SQ_CURRENT,
	SQ_HISTORY,
	SQ_STAMP,
	SQ_EXPLAIN
} SqFn;

/* Argument i as text, or NULL (SQL NULL or absent); sq_check_args has seen it. */
static const char *
sq_arg(int argc, sqlite3_value **argv, int i)
{
	if (i >= argc || sqlite3_value_type(argv[i]) == SQLITE_NULL)
		return NULL;
	return (const char *) sqlite3_value_text(argv[i]);
}

/* Argument names for messages, by function (absent: "argument N"). */
static const char *const sq_arg_names[][3] = {
	[SQ_DECLARE] = {"source"},
	[SQ_SELECT] = {"query", "params"},
	[SQ_GET] = {"entity", "key", "options"},
	[SQ_COMPILE] = {"query", "params"},
	[SQ_FLUSH] = {"changes", "result"},
	[SQ_EXECUTE] = {"stmt", "params"},
	[SQ_AUTOMAP] = {"schema"},
	[SQ_VIEW] = {"name", "query"},
	[SQ_LISTEN] = {"entity", "event", "fn"},
	[SQ_EXPLAIN] = {"query", "params", "analyze"},
};

/*
 * Every argument's text before the call reads any: one holding a NUL byte
 * would be cut short where C reads it ("select(User)\0.where(...)" is
 * select(User)), so it is refused.  0, -1 with err set, or 1 when out of
 * memory.
 */
static int
sq_check_args(SqFn fn, int argc, sqlite3_value **argv, OrmError *err)
{
	for (int i = 0; i < argc; i++)
	{
		const char *t;
		const char *name = NULL;

		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			continue;
		t = (const char *) sqlite3_value_text(argv[i]);
		if (t == NULL)
			return 1;
		if (strlen(t) == (size_t) sqlite3_value_bytes(argv[i]))
			continue;
		if ((size_t) fn < sizeof(sq_arg_names) / sizeof(sq_arg_names[0]) && i < 3)
			name = sq_arg_names[fn][i];
		if (name)
			orm_err(err, ORM_ERR_PARAM, "argument %s contains a NUL byte", name);
		else
			orm_err(err, ORM_ERR_PARAM, "argument %d contains a NUL byte", i + 1);
		return -1;
	}
	return 0;
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
			return orm_api_flush(c, a, a0, a1, out, err);
		case SQ_EXECUTE:
			return orm_api_execute(c, a, a0, a1, out, err);
		case SQ_AUTOMAP:
			return orm_api_automap(c, a, a0, out, err);
		case SQ_VIEW:
			return orm_api_view(c, a, a0, a1, out, err);
		case SQ_LISTEN:
			return orm_api_listen(c, a, a0, a1, sq_arg(argc, argv, 2), out, err);
		case SQ_REVISION:
			return orm_api_revision(c, a, a0, argc < 2 ||
									sqlite3_value_type(argv[1]) == SQLITE_NULL ||
									sqlite3_value_int(argv[1]) != 0, out, err);
		case SQ_MIGRATION_ADD:
			return orm_api_migration_add(c, a, a0, out, err);
		case SQ_UPGRADE:
			return orm_api_upgrade(c, a, a0, out, err);
		case SQ_DOWNGRADE:
			return orm_api_downgrade(c, a, a0, out, err);
		case SQ_CURRENT:
			return orm_api_current(c, a, out, err);
		case SQ_HISTORY:
			return orm_api_history(c, a, out, err);
		case SQ_STAMP:
			return orm_api_stamp(c, a, a0, out, err);
		case SQ_EXPLAIN:
			return orm_api_explain(c, a, a0, a1, argc > 2 &&
								   sqlite3_value_type(argv[2]) != SQLITE_NULL &&
								   sqlite3_value_int(argv[2]) != 0, out, err);
	}
	return orm_err(err, ORM_ERR_INTERNAL, "unknown function");
}

typedef struct SqFuncDef
{
	const char *name;
	int			nargs;
	int			nrequired;		/* leading arguments whose NULL gives NULL */
	bool		writes;			/* changes the database (every function is
								 * SQLITE_DIRECTONLY, readers too: prologue) */
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
	{"orm_flush", 2, 1, true, true, SQ_FLUSH},
	{"orm_execute", 1, 1, true, true, SQ_EXECUTE},
	{"orm_execute", 2, 1, true, true, SQ_EXECUTE},
	{"orm_automap", 0, 0, true, true, SQ_AUTOMAP},
	{"orm_automap", 1, 0, true, true, SQ_AUTOMAP},
	{"orm_view", 2, 2, true, true, SQ_VIEW},
	{"orm_listen", 3, 3, true, true, SQ_LISTEN},
	{"orm_revision", 1, 1, true, false, SQ_REVISION},
	{"orm_revision", 2, 1, true, false, SQ_REVISION},
	{"orm_migration_add", 1, 1, true, false, SQ_MIGRATION_ADD},
	{"orm_upgrade", 0, 0, true, true, SQ_UPGRADE},
	{"orm_upgrade", 1, 0, true, true, SQ_UPGRADE},
	{"orm_downgrade", 1, 1, true, true, SQ_DOWNGRADE},
	{"orm_current", 0, 0, false, true, SQ_CURRENT},
	{"orm_history", 0, 0, false, true, SQ_HISTORY},
	{"orm_stamp", 1, 1, true, true, SQ_STAMP},
	{"orm_explain", 1, 1, false, false, SQ_EXPLAIN},
	{"orm_explain", 2, 1, false, false, SQ_EXPLAIN},
	{"orm_explain", 3, 1, false, false, SQ_EXPLAIN},
};

static const char *const sq_fn_names[] = {
	"orm_declare", "orm_create_all", "orm_drop_all", "orm_ddl",
	"orm_select", "orm_get", "orm_compile", "orm_flush",
	"orm_execute", "orm_automap", "orm_view", "orm_listen",
	"orm_revision", "orm_migration_add", "orm_upgrade", "orm_downgrade",
	"orm_current", "orm_history", "orm_stamp", "orm_explain"
};

/*
 * The result: a large one (a big allocation of the arena, util.h) is taken
 * out of the arena and handed to SQLite with its destructor, not copied.
 */
static void
sq_result(sqlite3_context *ctx, SqCall *call, const SqFuncDef *def, const char *out)
{
	size_t		n;
	char	   *blk;

	if (out == NULL)
	{
		sqlite3_result_null(ctx);	/* as sqlite3_result_text(NULL) */
		return;
	}
	n = strlen(out);
	/* shrunk to its length on the way out: it may have moved */
	if (n + 1 >= call->arena.big_min &&
		(blk = orm_arena_detach(&call->arena, out, n + 1)) != NULL)
		sqlite3_result_text64(ctx, blk + ORM_ARENA_BIG_HDR, n, sq_big_result_free, SQLITE_UTF8);
	else
		sqlite3_result_text64(ctx, out, n, SQLITE_TRANSIENT, SQLITE_UTF8);
	if (def->json_result)
		sqlite3_result_subtype(ctx, 74);	/* 'J': the JSON1 functions take it as JSON */
}

/*
 * The result code of an error, as SQLite's own statements would fail for the
 * same mistake: the engine's own extended code for an error it raised; for
 * the core's, by SQLSTATE class (orm_err_sqlstate): 23 a constraint code
 * (NOT NULL, UNIQUE, FOREIGN KEY, CHECK), 22P02 (a value not in its type's
 * form) SQLITE_MISMATCH, 40 (a stale version) SQLITE_ABORT, P0 (no such
 * row) SQLITE_NOTFOUND, XX SQLITE_INTERNAL, anything else (syntax, unknown
 * names, invalid statements or arguments) SQLITE_ERROR, as SQLite's own
 * functions refuse a bad argument.  Python's sqlite3 picks its
 * exception class from the primary code (IntegrityError for
 * SQLITE_CONSTRAINT and SQLITE_MISMATCH, OperationalError for SQLITE_ERROR
 * and SQLITE_ABORT) and shows the extended one as sqlite_errorname;
 * better-sqlite3 as the error's code.  docs/reference.md has the table.
 */
static int
sq_error_code(const OrmError *err)
{
	const char *st = orm_err_sqlstate(err);

	if (err->code == ORM_ERR_ENGINE)
		return err->engine_code != 0 ? err->engine_code : SQLITE_ERROR;
	if (strcmp(st, "23502") == 0)
		return SQLITE_CONSTRAINT_NOTNULL;
	if (strcmp(st, "23505") == 0)
		return SQLITE_CONSTRAINT_UNIQUE;
	if (strcmp(st, "23503") == 0)
		return SQLITE_CONSTRAINT_FOREIGNKEY;
	if (strcmp(st, "23514") == 0)
		return SQLITE_CONSTRAINT_CHECK;
	if (strncmp(st, "23", 2) == 0)
		return SQLITE_CONSTRAINT;
	if (strcmp(st, "22P02") == 0)
		return SQLITE_MISMATCH;
	if (strncmp(st, "40", 2) == 0)
		return SQLITE_ABORT;
	if (strncmp(st, "P0", 2) == 0)
		return SQLITE_NOTFOUND;
	if (strncmp(st, "XX", 2) == 0)
		return SQLITE_INTERNAL;
	return SQLITE_ERROR;
}

static void
sq_result_error(sqlite3_context *ctx, SqCall *call, const OrmError *err, const char *fname)
{
	const char *text = orm_error_text(&call->arena, err, fname);

	/*
	 * SQLite carries one message per error: the detail (a full sentence)
	 * follows it in parentheses, the hint ("Did you mean ...?") after it
	 */
	if (err->detail[0])
		text = orm_sprintf(&call->arena, "%s (%s)", text, err->detail);
	if (err->hint[0])
		text = orm_sprintf(&call->arena, "%s. %s", text, err->hint);
	sqlite3_result_error(ctx, text, -1);
	/*
	 * after sqlite3_result_error, which sets SQLITE_ERROR; an engine error
	 * keeps its own code, so the lock errors (SQLITE_BUSY, _BUSY_SNAPSHOT,
	 * SQLITE_LOCKED) reach drivers as the retryable "database is locked"
	 */
	sqlite3_result_error_code(ctx, sq_error_code(err));
}

/* Ends a call whatever happened: the flush savepoint, statements, memory. */
static void
sq_call_end(SqState *st, SqCall *call)
{
	if (call->active)
	{
		/* out of memory while a statement ran: its bindings point into the arena */
		sqlite3_reset(call->active);
		sqlite3_clear_bindings(call->active);
		call->active = NULL;
	}
	sq_unpin(st);
	sq_rollback_atomic(st);
	sq_write_rollback(st);
	if (!st->hooked)
		sq_cache_clear(st);
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
	if (!st->hook_tried)
		sq_hook_connect_once(st);
	memset(&call, 0, sizeof(call));
	call.st = st;
	memset(&err, 0, sizeof(err));
	memset(&hooks, 0, sizeof(hooks));
	hooks.block_alloc = sq_block_alloc;
	hooks.block_free = sq_block_release;
	hooks.big_alloc = sq_big_alloc;
	hooks.big_realloc = sq_big_realloc;
	hooks.big_free = sq_big_free;
	hooks.state = &call;
	orm_arena_init(&call.arena, &hooks);
	st->call = &call;
	if (setjmp(call.oom) != 0)
	{
		sq_call_end(st, &call);
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if ((i = sq_check_args(def->fn, argc, argv, &err)) > 0)
		longjmp(call.oom, 1);
	if (i < 0 || (def->writes && sq_write_begin(st, &err) != 0) ||
		sq_dispatch(def->fn, &st->conn, &call.arena, argc, argv, &out, &err) != 0 ||
		sq_write_commit(st, &err) != 0)
		sq_result_error(ctx, &call, &err, fname);
	else
		sq_result(ctx, &call, def, out);
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

/*
 * orm_allow_raw_sql(on): lets text() / literal_column() in this
 * connection's query texts run (README "Raw SQL"); off by default.  Like
 * every orm function it is SQLITE_DIRECTONLY (no view or trigger calls it)
 * and refused from inside an orm call, so no query text turns it on.
 * Returns the new setting.
 */
static void
sq_allow_raw_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	SqReg	   *reg = sqlite3_user_data(ctx);

	(void) argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
	{
		sqlite3_result_null(ctx);
		return;
	}
	if (reg->st->call)
	{
		sqlite3_result_error(ctx, "orm_allow_raw_sql: cannot be called from inside another orm function", -1);
		return;
	}
	reg->st->conn.allow_raw_sql = sqlite3_value_int(argv[0]) != 0;
	sqlite3_result_int(ctx, reg->st->conn.allow_raw_sql);
}

static const SqFuncDef sq_raw_def = {"orm_allow_raw_sql", 1, 1, true, false, SQ_DDL};

/* ---- registration -------------------------------------------------------- */

static void
sq_state_unref(SqState *st)
{
	if (--st->refs > 0)
		return;
	sq_cache_clear(st);
	sq_blocks_free(st);
	orm_conn_release(&st->conn);
	sqlite3_free(st);
}

static void
sq_module_destroy(void *p)
{
	sq_state_unref(p);
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
	int			flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;	/* every one: see the prologue */

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
	memset(&long_hooks, 0, sizeof(long_hooks));
	long_hooks.block_alloc = sq_long_alloc;
	long_hooks.block_free = sq_block_free;
	long_hooks.state = st;
	orm_conn_init(&st->conn, &sq_host, st, &orm_dialect_sqlite, &long_hooks);
	for (i = 0; i < sizeof(sq_funcs) / sizeof(sq_funcs[0]) && rc == SQLITE_OK; i++)
		rc = sq_register(db, st, &sq_funcs[i], sq_func);
	if (rc == SQLITE_OK)
		rc = sq_register(db, st, &sq_echo_def, sq_echo);
	if (rc == SQLITE_OK)
		rc = sq_register(db, st, &sq_raw_def, sq_allow_raw_sql);
	if (rc == SQLITE_OK)
	{
		st->refs++;				/* the module's; released by sq_module_destroy */
		rc = sqlite3_create_module_v2(db, "orm_statement_cache", &sq_hook_module,
									  st, sq_module_destroy);
	}
	if (rc != SQLITE_OK && pzErrMsg)
		*pzErrMsg = sqlite3_mprintf("orm: cannot register functions: %s", sqlite3_errstr(rc));
	sq_state_unref(st);
	return rc;
}
