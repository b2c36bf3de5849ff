/*
 * host.h -- the seam between the engine-neutral core and an engine.
 *
 * The core reaches PostgreSQL or SQLite only through an OrmHost: run one SQL
 * statement with bound parameters and get its rows back, materialized in the
 * call's arena; open/close the flush's atomic section; log echoed SQL.  How SQL
 * is *spelled* for an engine is not here but in the dialect (dialect.h).
 *
 * Values crossing the seam are OrmValues.  SQLite produces only NULL, INT,
 * FLOAT, TEXT and BLOB; PostgreSQL tags values by their column type so the
 * result formatter knows a timestamp from a text (see OrmValueKind).  Text is
 * the engine's own output form (PostgreSQL output functions with ISO DateStyle,
 * SQLite's stored text).
 */
#ifndef ORM_HOST_H
#define ORM_HOST_H

#include "base/util.h"

typedef enum OrmValueKind
{
	ORM_V_NULL = 0,
	ORM_V_INT,					/* i */
	ORM_V_FLOAT,				/* f */
	ORM_V_TEXT,					/* s,len: plain text */
	ORM_V_BLOB,					/* s,len: raw bytes */
	ORM_V_BOOL,					/* i: 0/1 (PostgreSQL boolean) */
	ORM_V_NUMERIC,				/* s: decimal digits as the engine prints them */
	ORM_V_JSON,					/* s: JSON text */
	ORM_V_TIMESTAMP,			/* s: "YYYY-MM-DD HH:MM:SS[.ffffff]" */
	ORM_V_TIMESTAMPTZ,			/* s: "YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]" */
	ORM_V_DATE,					/* s: "YYYY-MM-DD" */
	ORM_V_TIME,					/* s: "HH:MM:SS[.ffffff]" */
	ORM_V_INTERVAL,				/* f: seconds */
	ORM_V_UUID,					/* s: 36-char lowercase */
	ORM_V_ARRAY,				/* s: JSON array text */
	ORM_V_TYPED_TEXT,			/* s,len: a parameter's text in the input form of
								 * the type the statement casts it to ($1::BIGINT[]):
								 * PostgreSQL binds it as that type, read by its
								 * input function once; others bind it as text */
	ORM_V_UNTYPED				/* s,len: a parameter only: text whose type the
								 * engine may infer, as psycopg2's untyped literal
								 * (a string argument of a function orm knows no
								 * signature of; compile_expr.c, c_func_args) */
} OrmValueKind;

/*
 * 24 bytes (one per value of every row a call reads): i and f share their
 * place, so a value is read by its kind only; a text is under 4 GB (both
 * engines stop at 1 GB).
 */
typedef struct OrmValue
{
	OrmValueKind kind;
	uint32_t	len;
	union
	{
		int64_t		i;
		double		f;
	};
	const char *s;
} OrmValue;

/*
 * A bound parameter is a plain value.  Hosts bind by kind (PostgreSQL: INT as
 * int8, FLOAT as float8, BOOL as bool, BLOB as bytea, everything else as
 * text; UNTYPED as text, and as unknown when text finds no function); where
 * the target needs another type the generated SQL carries an explicit cast
 * next to the placeholder (dialect->param), so the host never needs to know
 * column types.
 */
typedef OrmValue OrmParam;

/* Rows of one statement, materialized in the call arena. */
typedef struct OrmRows
{
	int			ncols;
	int			nrows;
	OrmValue   *values;			/* nrows * ncols, row-major: one allocation of the
								 * call arena of that size or more, which the
								 * loader may give back (orm_free) */
	int64_t		affected;		/* rows changed by INSERT/UPDATE/DELETE */
	const char **colnames;		/* the engine's column names: filled by
								 * query_names only, else NULL (a text() item's
								 * Row._fields key) */
} OrmRows;

#define ORM_ROW(rows, r)	((rows)->values + (size_t) (r) * (rows)->ncols)

typedef struct OrmHost
{
	/*
	 * Run one statement.  params are $1..$n (PostgreSQL) or ?1..?n (SQLite).
	 * out may be NULL when no rows are wanted.  Returns 0, or -1 with err
	 * set (code ORM_ERR_ENGINE, the engine's message and SQLSTATE).  The host
	 * may cache the prepared statement by its text.
	 */
	int			(*query) (void *hs, OrmArena *a, const char *sql,
						  int nparams, const OrmParam *params,
						  OrmRows *out, OrmError *err);

	/*
	 * Optional (NULL: query, and no names).  As query, with out->colnames
	 * the engine's names of the result's columns (a statement with a
	 * text() item, whose key in Row._fields is the driver's name).
	 */
	int			(*query_names) (void *hs, OrmArena *a, const char *sql,
								int nparams, const OrmParam *params,
								OrmRows *out, OrmError *err);

	/* The flush's all-or-nothing section (SQLite savepoint, PostgreSQL subtransaction). */
	int			(*begin_atomic) (void *hs, OrmError *err);
	int			(*commit_atomic) (void *hs, OrmError *err);
	void		(*rollback_atomic) (void *hs);

	/* orm.echo: one generated statement (after it ran or failed). */
	void		(*log) (void *hs, const char *sql);

	/* Random bytes for uuid4 defaults and registry tokens. */
	void		(*random) (void *hs, unsigned char *buf, size_t n);

	/* Current timestamp for now()/utcnow() defaults: "YYYY-MM-DD HH:MM:SS.ffffff" UTC. */
	const char *(*now) (void *hs, OrmArena *a);

	/*
	 * Optional (NULL: none).  A cheap stamp of this connection's view of
	 * orm_registry, so that a call with an unchanged registry runs no
	 * registry query.  Returns true and fills stamp when the host vouches
	 * that equal stamps taken at two calls mean the registry's visible
	 * content is the same at both, and that what is visible now cannot be
	 * rolled back (committed); false when it cannot tell (the registry is
	 * then read as usual).
	 */
	bool		(*registry_stamp) (void *hs, uint64_t stamp[2]);

	/*
	 * Optional (NULL: orm's tables are named unqualified, found however the
	 * engine finds such a name).  The schema holding orm's own tables
	 * (orm_registry) as SQL, quoted ("orm", "main"), valid until the call
	 * ends, or NULL with err set.  Every statement on those tables names
	 * them in it (orm_own_table, session/session.h): they are found by the
	 * engine's own schema, never through the caller's search path (a role
	 * able to put a table of that name earlier on someone's path would
	 * otherwise choose what their calls run).
	 */
	const char *(*own_schema) (void *hs, OrmArena *a, OrmError *err);

	/*
	 * Optional (NULL: nothing checked).  orm_listen() of function fn on the
	 * entity stored in table schema.table (schema NULL: the default): the
	 * host checks that the calling role may attach code to that table's
	 * writes (PostgreSQL: what CREATE TRIGGER requires, the TRIGGER
	 * privilege on the table and EXECUTE on the function) and resolves fn
	 * once, now, to the name the registry stores (*fn_out, qualified so
	 * that no later caller's search path changes which function runs).
	 * Returns 0, or -1 with err set.
	 */
	int			(*listen_check) (void *hs, OrmArena *a, const char *schema,
								 const char *table, const char *fn,
								 const char **fn_out, OrmError *err);

	/*
	 * Optional (NULL: nothing checked).  Before a flush runs a listener:
	 * whether registrar (the role that wrote the listener's registry row,
	 * as the registry recorded it; NULL: unknown) may still attach code to
	 * table schema.table (PostgreSQL: still has the TRIGGER privilege).
	 * Returns 0, or -1 with err set: the flush fails.
	 */
	int			(*listener_check) (void *hs, OrmArena *a, const char *schema,
								   const char *table, const char *registrar,
								   const char *fn, OrmError *err);

	/*
	 * Optional (NULL: never).  Polled by the core's long loops (rows,
	 * objects, JSON, flush organizing) every ORM_POLL_EVERY iterations, so
	 * that a cancel lands within a fraction of a second anywhere in a
	 * call.  Returns 0 to go on, or -1 with err set (the engine's
	 * cancel error) to stop the call; a host whose errors unwind by
	 * themselves may raise instead and not return (PostgreSQL's
	 * CHECK_FOR_INTERRUPTS: the call's cleanup runs on the way out).
	 */
	int			(*interrupted) (void *hs, OrmError *err);

	/*
	 * Optional (NULL: nothing is kept).  A number that changes whenever the
	 * definition of some table may have changed (PostgreSQL: a relcache
	 * invalidation received by this backend, ATTACH PARTITION included), so
	 * that what a call learnt from the catalog about a table
	 * (session/shards.c: its foreign partitions) serves the next calls of
	 * the connection while the number stays the same.
	 */
	uint64_t	(*catalog_stamp) (void *hs);

	/*
	 * Optional (NULL: never).  Runs sql, an INSERT of nrows rows into table
	 * (unqualified) that leaves out its one key column col and has no
	 * RETURNING, when the host can tell the keys the engine gives those
	 * rows without one: sets *first (the rows' keys are first, first + 1,
	 * ... in VALUES order) and returns 1.  Returns 0, having run nothing,
	 * when it cannot tell (the caller runs the statement with RETURNING);
	 * -1 with err set when the statement failed.  SQLite: a plain rowid
	 * table whose rowid is col, with no trigger, the keys below the
	 * largest rowid (flush_emit.c, "Keys without RETURNING").
	 */
	int			(*insert_rowids) (void *hs, OrmArena *a, const char *table,
								  const char *col, const char *sql, int nparams,
								  const OrmParam *params, int nrows,
								  int64_t *first, OrmError *err);
} OrmHost;

/* How many loop iterations between two polls of host->interrupted (a power of 2). */
#define ORM_POLL_EVERY 256

/* One loop iteration: polls host->interrupted every ORM_POLL_EVERY calls (*tick counts). */
static inline int
orm_host_poll(const OrmHost *h, void *hs, uint32_t *tick, OrmError *err)
{
	if (h == NULL || h->interrupted == NULL || (++*tick & (ORM_POLL_EVERY - 1)) != 0)
		return 0;
	return h->interrupted(hs, err);
}

#endif							/* ORM_HOST_H */
