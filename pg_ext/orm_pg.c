/*
 * orm_pg.c -- the PostgreSQL extension: the OrmHost over SPI and the SQL
 * functions of orm--0.2.sql.
 *
 *   CREATE EXTENSION orm;
 *   SELECT orm_declare('class Base(DeclarativeBase): pass ...');
 *   SELECT orm_create_all();
 *   SELECT orm_select('select(User).options(selectinload(User.posts))');
 *   SET orm.echo = on; SET client_min_messages = log;  -- see generated SQL
 *
 * Each call: a memory context "orm call" (child of the caller's context, so
 * an ERROR cleans it up with everything else) for SPI and our pallocs; the
 * call's arena takes its blocks from "orm blocks" and hands them back when
 * the call ends, ERROR or not, to be reused by the next call (opg_call_alloc);
 * the registry cache lives in "orm registry", a TopMemoryContext child, for
 * the life of the backend; prepared plans in "orm plans".  SPI is connected once
 * per call.  The core never sees an ERROR longjmp from a statement: every
 * statement runs inside PG_TRY, and an error is copied into the OrmError
 * (message, detail, hint, SQLSTATE) and flushed.  Catching an error safely
 * needs a subtransaction to roll back (the plpgsql EXCEPTION-block pattern):
 * outside a flush each statement gets its own internal subtransaction;
 * inside the flush's atomic section the section's subtransaction is the one
 * rolled back, so a flush costs one subtransaction, not one per statement.
 *
 * Parameters are bound by OrmValue kind (INT int8, FLOAT float8, BOOL bool,
 * BLOB bytea, everything else text; the generated SQL carries any cast).  A
 * NULL parameter's type is left for the parser to infer from its context
 * (variable-parameter parsing, as PREPARE without types does), so
 * "SET author_id = $1" takes a NULL without a cast.  Plans are kept
 * (SPI_keepplan) keyed by SQL text and parameter kinds, at most PG_MAX_PLANS,
 * for SELECT/INSERT/UPDATE/DELETE/WITH; DDL is prepared and freed.
 *
 * Result values are tagged by column type (domains by their base type) and
 * formatted here so that no setting changes them: timestamps as
 * "YYYY-MM-DD HH:MM:SS[.ffffff]" (timestamptz in UTC with "+00:00") from the
 * Datum, not via DateStyle/TimeZone; dates and times likewise; intervals as
 * seconds with extract(epoch)'s convention (a month is 30 days, a year
 * 365.25); numeric, uuid, enum and jsonb through their output functions,
 * which read no settings; arrays through array_to_json (its float elements
 * follow extra_float_digits, the one exception).
 *
 * orm.echo sends each generated statement to the client as a NOTICE
 * (opg_log).  orm.allow_raw_sql (off by default) lets text() /
 * literal_column() in query text run; both are read as each call starts.
 *
 * A read call (orm_select, orm_get) pushes one snapshot when it starts and
 * runs its plain SELECTs read-only in it, so all its statements see one
 * commit (opg_call, opg_run).  The core's long loops poll host->interrupted:
 * CHECK_FOR_INTERRUPTS, whose ERROR unwinds through opg_call's cleanup like
 * any other.  The registry is the extension's schema's (opg_own_schema);
 * listeners need what CREATE TRIGGER needs (opg_listen_check,
 * opg_listener_check, the row trigger orm_registry_row).  README "Engines"
 * and "Trust model".
 *
 * Exports: PostgreSQL 15 builds modules with default visibility; we build
 * with -fvisibility=hidden and mark only _PG_init, Pg_magic_func, the
 * pg_finfo_* records and the SQL-callable functions with PGDLLEXPORT (the
 * Makefile defines it, since c.h leaves it empty).  The C symbols of the SQL
 * functions are orm_sql_<name> (orm_flush etc. are the core's own names).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "parser/parse_param.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/rel.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "orm.h"
#include "session/session.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

PG_MODULE_MAGIC;

#define PG_MAX_PLANS 512
#define PG_NBUCKETS 256

/* ---- per-backend state --------------------------------------------------- */

typedef struct PgPlan
{
	struct PgPlan *next;
	char	   *key;			/* parameter kinds, '|', SQL text */
	SPIPlanPtr	plan;
	Oid		   *types;			/* parameter types (NULLs: as the parser inferred) */
	int			ntypes;
	int			nsig;			/* the key's parameter kinds */
	bool		kept;
	bool		read_only;		/* a plain SELECT: runs in the call's snapshot (opg_run) */
} PgPlan;

/* A call-arena block kept for the next call (header before the block). */
typedef struct PgBlock
{
	struct PgBlock *next;
	size_t		cap;
} PgBlock;

#define PG_BLOCK_CACHE (512 * 1024)	/* bytes of blocks kept per backend */
#define PG_TRIM_AFTER (4 * 1024 * 1024)	/* a call's arena this large: malloc_trim after it */

typedef struct PgState
{
	bool		inited;
	OrmConn		conn;
	MemoryContext reg_cxt;		/* the registry cache (backend lifetime) */
	MemoryContext plan_cxt;		/* PgPlan entries */
	PgPlan	   *buckets[PG_NBUCKETS];
	int			nplans;

	/* the running call */
	bool		in_call;
	bool		names;			/* the running statement's rows take column names (opg_query_names) */
	MemoryContext call_cxt;
	OrmArena	arena;			/* its arena: blocks from block_cxt, kept across calls */
	MemoryContext block_cxt;
	PgBlock    *free_blocks;
	size_t		cached;
	MemoryContext big_cxt;		/* the call's big allocations: the caller's context */

	/* the flush's atomic section */
	bool		in_atomic;
	bool		atomic_aborted;
	MemoryContext atomic_cxt;
	ResourceOwner atomic_owner;

	/* a read call's snapshot (opg_call): pushed, and stale after a locking statement */
	bool		snap_pushed;
	bool		snap_stale;

	/* the registry: the extension's schema and its orm_registry (opg_registry_resolve) */
	bool		reg_resolved;	/* reset by every relcache invalidation of reg_relid */
	Oid			ext_nsp;
	Oid			reg_relid;
	int			reg_trigger;	/* its change trigger: 1 there, 0 not, -1 unknown */
	uint64		reg_epoch;		/* bumped by every relcache invalidation of it */
	uint64		catalog_epoch;	/* bumped by every relcache invalidation (opg_catalog_stamp) */
} PgState;

static PgState opg;
static bool orm_echo_guc = false;
static bool orm_allow_raw_sql_guc = false;

PGDLLEXPORT void _PG_init(void);

/* ---- memory hooks -------------------------------------------------------- */

static void *
opg_block_alloc(void *state, size_t size)
{
	return MemoryContextAllocHuge((MemoryContext) state, size);
}

static void
opg_block_free(void *state, void *ptr)
{
	(void) state;
	pfree(ptr);
}

/*
 * The call arena's blocks live in "orm blocks" (backend lifetime) and are
 * kept when a call ends, up to PG_BLOCK_CACHE bytes, for the next call:
 * a short call (orm_get) then finds its blocks where the last one left
 * them instead of asking malloc again.  Calls ask for the same sequence of
 * sizes, so a block is reused for a request between half its size and its
 * size.  The cache is small on purpose: what a large call used goes back
 * to the system when it ends (_PG_init, "memory after a call"), so a
 * backend that once built a 30 MB document does not keep 30 MB.  Every way
 * out of opg_call, ERROR included, resets the arena, which hands its
 * blocks back.
 */
static void *
opg_call_alloc(void *state, size_t size)
{
	PgBlock   **pp,
			   *b;

	(void) state;
	for (pp = &opg.free_blocks; (b = *pp) != NULL; pp = &b->next)
		if (b->cap >= size && b->cap / 2 <= size)
		{
			*pp = b->next;
			opg.cached -= b->cap;
			return b + 1;
		}
	b = MemoryContextAllocHuge(opg.block_cxt, sizeof(PgBlock) + size);
	b->cap = size;
	return b + 1;
}

static void
opg_call_free(void *state, void *ptr)
{
	PgBlock    *b = (PgBlock *) ptr - 1;

	(void) state;
	if (opg.cached + b->cap <= PG_BLOCK_CACHE)
	{
		b->next = opg.free_blocks;
		opg.free_blocks = b;
		opg.cached += b->cap;
	}
	else
		pfree(b);
}

/*
 * Big allocations (util.h, ORM_ARENA_BIG: the row arrays of large results,
 * the JSON of a large document) are huge chunks of their own in the
 * caller's context, resized by repalloc_huge and never kept: the result
 * can then be handed over in its chunk (opg_call), and what a large call
 * used goes back to the system when it ends.  An ERROR frees them with the
 * caller's context if the arena's reset did not.
 */
static void *
opg_big_alloc(void *state, size_t size)
{
	(void) state;
	return MemoryContextAllocHuge(opg.big_cxt, size);
}

static void *
opg_big_realloc(void *state, void *ptr, size_t size)
{
	(void) state;
	return repalloc_huge(ptr, size);
}

static void
opg_big_free(void *state, void *ptr)
{
	(void) state;
	pfree(ptr);
}

/* ---- errors -------------------------------------------------------------- */

static void
opg_copy_error(OrmError *err, ErrorData *edata)
{
	orm_err(err, ORM_ERR_ENGINE, "%s", edata->message ? edata->message : "error");
	if (edata->detail)
		orm_err_detail(err, "%s", edata->detail);
	if (edata->hint)
		orm_err_hint(err, "%s", edata->hint);
	strlcpy(err->sqlstate, unpack_sql_state(edata->sqlerrcode), sizeof(err->sqlstate));
}

/* The errcode of err: its SQLSTATE (util.c, orm_err_sqlstate: the engine's, or its code's). */
static int
opg_errcode(const OrmError *err)
{
	const char *s = orm_err_sqlstate(err);

	if (strlen(s) != 5)
		return ERRCODE_INTERNAL_ERROR;
	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

/* ---- parameters ---------------------------------------------------------- */

static Oid
opg_param_type(const OrmParam *p, bool untyped)
{
	switch (p->kind)
	{
		case ORM_V_NULL:
		case ORM_V_TYPED_TEXT:
			return UNKNOWNOID;	/* inferred by the parser (TYPED_TEXT: from its cast) */
		case ORM_V_UNTYPED:
			return untyped ? UNKNOWNOID : TEXTOID;
		case ORM_V_INT:
			return INT8OID;
		case ORM_V_FLOAT:
			return FLOAT8OID;
		case ORM_V_BOOL:
			return BOOLOID;
		case ORM_V_BLOB:
			return BYTEAOID;
		default:
			return TEXTOID;
	}
}

static char
opg_param_sig(const OrmParam *p, bool untyped)
{
	switch (p->kind)
	{
		case ORM_V_NULL:
			return 'n';
		case ORM_V_TYPED_TEXT:
			return 'u';
		case ORM_V_UNTYPED:
			return untyped ? 'u' : 't';
		case ORM_V_INT:
			return 'i';
		case ORM_V_FLOAT:
			return 'f';
		case ORM_V_BOOL:
			return 'b';
		case ORM_V_BLOB:
			return 'x';
		default:
			return 't';
	}
}

static Datum
opg_param_datum(const OrmParam *p)
{
	switch (p->kind)
	{
		case ORM_V_INT:
			return Int64GetDatum(p->i);
		case ORM_V_FLOAT:
			return Float8GetDatum(p->f);
		case ORM_V_BOOL:
			return BoolGetDatum(p->i != 0);
		case ORM_V_BLOB:
			{
				bytea	   *b = palloc(VARHDRSZ + p->len);

				SET_VARSIZE(b, VARHDRSZ + p->len);
				if (p->len)
					memcpy(VARDATA(b), p->s, p->len);
				return PointerGetDatum(b);
			}
		case ORM_V_INTERVAL:
			if (p->s == NULL)
				return PointerGetDatum(cstring_to_text(psprintf("%.6f seconds", p->f)));
			/* FALLTHROUGH */
		default:
			return PointerGetDatum(cstring_to_text_with_len(p->s ? p->s : "", (int) p->len));
	}
}

/*
 * An ORM_V_TYPED_TEXT parameter: its text read by the input function of
 * the type the parser gave it (the statement's cast, $1::BIGINT[]), once
 * per statement, so a custom plan sees a constant of that type (an array
 * the planner can hash or search an index with) and no row casts it again.
 */
static Datum
opg_param_typed(const OrmParam *p, Oid type)
{
	Oid			fn,
				ioparam;
	char	   *s = pnstrdup(p->s ? p->s : "", p->len);

	getTypeInputInfo(type, &fn, &ioparam);
	return OidInputFunctionCall(fn, s, ioparam, -1);
}

/* ---- plans --------------------------------------------------------------- */

static void
opg_parser_setup(struct ParseState *pstate, void *arg)
{
	PgPlan	   *p = arg;

	setup_parse_variable_parameters(pstate, &p->types, &p->ntypes);
}

static bool
opg_cacheable(const char *sql)
{
	static const char *const verbs[] = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"};
	size_t		i;

	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	for (i = 0; i < lengthof(verbs); i++)
		if (pg_strncasecmp(sql, verbs[i], strlen(verbs[i])) == 0)
			return true;
	return false;
}

static void
opg_plans_clear(void)
{
	int			b;
	PgPlan	   *p;

	for (b = 0; b < PG_NBUCKETS; b++)
	{
		for (p = opg.buckets[b]; p; p = p->next)
			SPI_freeplan(p->plan);
		opg.buckets[b] = NULL;
	}
	opg.nplans = 0;
	MemoryContextReset(opg.plan_cxt);
}

/*
 * A plain SELECT: no FOR UPDATE / FOR SHARE, no data-modifying WITH.  Such a
 * statement of a read call runs read-only in the call's snapshot (opg_run);
 * any other takes a snapshot of its own, as SPI gives every statement.
 */
static bool
opg_plan_is_read_only(SPIPlanPtr plan)
{
	ListCell   *lc;

	foreach(lc, SPI_plan_get_plan_sources(plan))
	{
		CachedPlanSource *ps = (CachedPlanSource *) lfirst(lc);
		ListCell   *q;

		if (ps->commandTag != CMDTAG_SELECT || !ps->is_valid || ps->query_list == NIL)
			return false;
		foreach(q, ps->query_list)
		{
			Query	   *qry = lfirst_node(Query, q);

			if (qry->commandType != CMD_SELECT || qry->utilityStmt != NULL ||
				qry->rowMarks != NIL || qry->hasModifyingCTE)
				return false;
		}
	}
	return true;
}

/*
 * The plan for sql with these parameter kinds: cached, or prepared now (not
 * when find_only: NULL).  The key (kinds, '|', text) is hashed eight bytes a
 * step and built only for a new plan: a kept call's statements are found
 * without copying their text.  untyped: UNTYPED parameters as unknown.
 */
static PgPlan *
opg_plan_get(const char *sql, int nparams, const OrmParam *params, bool untyped,
			 bool find_only)
{
	char		sigbuf[64];
	char	   *sig = nparams <= (int) sizeof(sigbuf) ? sigbuf : palloc(nparams);
	size_t		sqllen = strlen(sql);
	uint32		b;
	PgPlan	   *p;
	int			i;
	bool		cache;

	for (i = 0; i < nparams; i++)
		sig[i] = opg_param_sig(&params[i], untyped);
	b = (uint32) ((orm_hash_bytes(sql, sqllen) ^
				   (orm_hash_bytes(sig, (size_t) nparams) * UINT64_C(0x9e3779b97f4a7c15))) % PG_NBUCKETS);
	for (p = opg.buckets[b]; p; p = p->next)
		if (p->nsig == nparams && memcmp(p->key, sig, (size_t) nparams) == 0 &&
			p->key[nparams] == '|' && strcmp(p->key + nparams + 1, sql) == 0)
		{
			if (sig != sigbuf)
				pfree(sig);
			return p;
		}
	if (find_only)
	{
		if (sig != sigbuf)
			pfree(sig);
		return NULL;
	}

	cache = opg_cacheable(sql);
	if (cache && opg.nplans >= PG_MAX_PLANS)
		opg_plans_clear();
	p = MemoryContextAllocZero(opg.plan_cxt, sizeof(PgPlan));
	p->ntypes = nparams;
	p->types = MemoryContextAlloc(opg.plan_cxt, sizeof(Oid) * (nparams ? nparams : 1));
	for (i = 0; i < nparams; i++)
		p->types[i] = opg_param_type(&params[i], untyped);
	p->plan = SPI_prepare_params(sql, opg_parser_setup, p, 0);
	if (p->plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (p->ntypes < nparams)
		elog(ERROR, "statement uses %d parameters, %d given", p->ntypes, nparams);
	/* one statement per call (SQLite's glue enforces the same) */
	if (list_length(SPI_plan_get_plan_sources(p->plan)) != 1)
		elog(ERROR, "more than one statement in one query");
	p->read_only = opg_plan_is_read_only(p->plan);
	if (cache)
	{
		if (SPI_keepplan(p->plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		p->kept = true;
		p->nsig = nparams;
		p->key = MemoryContextAlloc(opg.plan_cxt, (size_t) nparams + 1 + sqllen + 1);
		memcpy(p->key, sig, (size_t) nparams);
		p->key[nparams] = '|';
		memcpy(p->key + nparams + 1, sql, sqllen + 1);
		p->next = opg.buckets[b];
		opg.buckets[b] = p;
		opg.nplans++;
	}
	if (sig != sigbuf)
		pfree(sig);
	return p;
}

static void
opg_plan_done(PgPlan *p)
{
	if (p->kept)
		return;
	SPI_freeplan(p->plan);
	pfree(p->types);
	pfree(p);
}

/* ---- result values ------------------------------------------------------- */

typedef enum PgConv
{
	PGC_INT2, PGC_INT4, PGC_INT8, PGC_OID, PGC_FLOAT4, PGC_FLOAT8, PGC_BOOL,
	PGC_NUMERIC, PGC_TIMESTAMP, PGC_TIMESTAMPTZ, PGC_DATE, PGC_TIME, PGC_TIMETZ,
	PGC_INTERVAL, PGC_UUID, PGC_JSON, PGC_JSONB, PGC_BYTEA, PGC_ARRAY, PGC_TEXT,
	PGC_NAME, PGC_OTHER
} PgConv;

typedef struct PgCol
{
	PgConv		conv;
	FmgrInfo	out;			/* output function, for the PGC_* that use it */
} PgCol;

static PgConv
opg_conv_for(Oid typ)
{
	switch (typ)
	{
		case INT2OID:
			return PGC_INT2;
		case INT4OID:
			return PGC_INT4;
		case INT8OID:
			return PGC_INT8;
		case OIDOID:
			return PGC_OID;
		case FLOAT4OID:
			return PGC_FLOAT4;
		case FLOAT8OID:
			return PGC_FLOAT8;
		case BOOLOID:
			return PGC_BOOL;
		case NUMERICOID:
			return PGC_NUMERIC;
		case TIMESTAMPOID:
			return PGC_TIMESTAMP;
		case TIMESTAMPTZOID:
			return PGC_TIMESTAMPTZ;
		case DATEOID:
			return PGC_DATE;
		case TIMEOID:
			return PGC_TIME;
		case TIMETZOID:
			return PGC_TIMETZ;
		case INTERVALOID:
			return PGC_INTERVAL;
		case UUIDOID:
			return PGC_UUID;
		case JSONOID:
			return PGC_JSON;
		case JSONBOID:
			return PGC_JSONB;
		case BYTEAOID:
			return PGC_BYTEA;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			return PGC_TEXT;
		case NAMEOID:
			return PGC_NAME;
		default:
			return OidIsValid(get_element_type(typ)) ? PGC_ARRAY : PGC_OTHER;
	}
}

/* Whether values of this conversion go through the type's output function. */
static bool
opg_conv_uses_output(PgConv conv)
{
	return conv == PGC_NUMERIC || conv == PGC_TIMETZ || conv == PGC_UUID ||
		conv == PGC_JSONB || conv == PGC_OTHER;
}

/*
 * Built-in types are recognized by OID alone; only other types (domains,
 * enums, arrays...) cost catalog lookups, and only the conversions that
 * print through the output function look it up.
 */
static void
opg_col_init(PgCol *col, Oid typ)
{
	Oid			outfn;
	bool		varlena;

	col->conv = opg_conv_for(typ);
	if (col->conv == PGC_OTHER || col->conv == PGC_ARRAY)
	{
		Oid			base = getBaseType(typ);

		if (base != typ)
			col->conv = opg_conv_for(base);
		typ = base;
	}
	if (opg_conv_uses_output(col->conv))
	{
		getTypeOutputInfo(typ, &outfn, &varlena);
		fmgr_info(outfn, &col->out);
	}
}

/* Appends ".ffffff" when there are microseconds. */
static void
opg_fmt_usec(StringInfo s, int64 usec)
{
	if (usec != 0)
		appendStringInfo(s, ".%06d", (int) usec);
}

/* n >= 0 as exactly w decimal digits (n < 10^w) at p; returns the end. */
static char *
opg_put_digits(char *p, int n, int w)
{
	for (int i = w - 1; i >= 0; i--)
	{
		p[i] = (char) ('0' + n % 10);
		n /= 10;
	}
	return p + w;
}

/*
 * "YYYY-MM-DD HH:MM:SS[.ffffff]" written digit by digit (R2's point reads
 * spent 2,000 instructions per timestamp in appendStringInfo's printf):
 * the same text as the format below, for years 1 to 9999; NULL otherwise.
 */
static char *
opg_fmt_tm_fast(OrmArena *a, const struct pg_tm *tm, fsec_t fsec, bool tz)
{
	char	   *r,
			   *p;

	if (tm->tm_year < 1 || tm->tm_year > 9999 || fsec < 0 || fsec > 999999)
		return NULL;
	r = p = orm_alloc(a, 40);
	p = opg_put_digits(p, tm->tm_year, 4);
	*p++ = '-';
	p = opg_put_digits(p, tm->tm_mon, 2);
	*p++ = '-';
	p = opg_put_digits(p, tm->tm_mday, 2);
	*p++ = ' ';
	p = opg_put_digits(p, tm->tm_hour, 2);
	*p++ = ':';
	p = opg_put_digits(p, tm->tm_min, 2);
	*p++ = ':';
	p = opg_put_digits(p, tm->tm_sec, 2);
	if (fsec != 0)
	{
		*p++ = '.';
		p = opg_put_digits(p, (int) fsec, 6);
	}
	if (tz)
	{
		memcpy(p, "+00:00", 6);
		p += 6;
	}
	*p = '\0';
	return r;
}

static const char *
opg_fmt_timestamp(OrmArena *a, Timestamp ts, bool tz)
{
	struct pg_tm tm;
	fsec_t		fsec;
	StringInfoData s;
	const char *r;

	if (TIMESTAMP_IS_NOBEGIN(ts))
		return "-infinity";
	if (TIMESTAMP_IS_NOEND(ts))
		return "infinity";
	if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
						errmsg("timestamp out of range")));
	if ((r = opg_fmt_tm_fast(a, &tm, fsec, tz)) != NULL)
		return r;
	initStringInfo(&s);
	appendStringInfo(&s, "%04d-%02d-%02d %02d:%02d:%02d",
					 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	opg_fmt_usec(&s, fsec);
	if (tz)
		appendStringInfoString(&s, "+00:00");
	r = orm_strdup(a, s.data);
	pfree(s.data);
	return r;
}

static const char *
opg_fmt_date(OrmArena *a, DateADT d)
{
	int			y,
				m,
				day;

	if (DATE_IS_NOBEGIN(d))
		return "-infinity";
	if (DATE_IS_NOEND(d))
		return "infinity";
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	if (y >= 1 && y <= 9999)
	{
		char	   *r = orm_alloc(a, 11),
				   *p = r;

		p = opg_put_digits(p, y, 4);
		*p++ = '-';
		p = opg_put_digits(p, m, 2);
		*p++ = '-';
		p = opg_put_digits(p, day, 2);
		*p = '\0';
		return r;
	}
	return orm_sprintf(a, "%04d-%02d-%02d", y, m, day);
}

static const char *
opg_fmt_time(OrmArena *a, TimeADT t)
{
	int64		sec = t / USECS_PER_SEC;
	int64		usec = t % USECS_PER_SEC;

	if (usec)
		return orm_sprintf(a, "%02d:%02d:%02d.%06d", (int) (sec / 3600),
						   (int) (sec / 60 % 60), (int) (sec % 60), (int) usec);
	return orm_sprintf(a, "%02d:%02d:%02d", (int) (sec / 3600),
					   (int) (sec / 60 % 60), (int) (sec % 60));
}

/* extract(epoch from interval): a year is 365.25 days, a month 30. */
static double
opg_interval_seconds(const Interval *iv)
{
	double		r = iv->time / 1000000.0;

	r += (365.25 * 86400.0) * (iv->month / 12);
	r += (30.0 * 86400.0) * (iv->month % 12);
	r += 86400.0 * iv->day;
	return r;
}

static void
opg_set_text(OrmArena *a, OrmValue *v, OrmValueKind kind, const char *s, size_t n)
{
	v->kind = kind;
	v->s = orm_strndup(a, s, n);
	v->len = n;
}

static void
opg_set_varlena(OrmArena *a, OrmValue *v, OrmValueKind kind, Datum d)
{
	struct varlena *t = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(d));

	opg_set_text(a, v, kind, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

static void
opg_set_output(OrmArena *a, OrmValue *v, OrmValueKind kind, PgCol *col, Datum d)
{
	char	   *s = OutputFunctionCall(&col->out, d);

	opg_set_text(a, v, kind, s, strlen(s));
	pfree(s);
}

static void
opg_convert(OrmArena *a, PgCol *col, Datum d, OrmValue *v)
{
	switch (col->conv)
	{
		case PGC_INT2:
			v->kind = ORM_V_INT;
			v->i = DatumGetInt16(d);
			break;
		case PGC_INT4:
			v->kind = ORM_V_INT;
			v->i = DatumGetInt32(d);
			break;
		case PGC_INT8:
			v->kind = ORM_V_INT;
			v->i = DatumGetInt64(d);
			break;
		case PGC_OID:
			v->kind = ORM_V_INT;
			v->i = DatumGetObjectId(d);
			break;
		case PGC_FLOAT4:
			v->kind = ORM_V_FLOAT;
			v->f = DatumGetFloat4(d);
			break;
		case PGC_FLOAT8:
			v->kind = ORM_V_FLOAT;
			v->f = DatumGetFloat8(d);
			break;
		case PGC_BOOL:
			v->kind = ORM_V_BOOL;
			v->i = DatumGetBool(d) ? 1 : 0;
			break;
		case PGC_NUMERIC:
			opg_set_output(a, v, ORM_V_NUMERIC, col, d);
			break;
		case PGC_TIMESTAMP:
		case PGC_TIMESTAMPTZ:
			v->kind = col->conv == PGC_TIMESTAMP ? ORM_V_TIMESTAMP : ORM_V_TIMESTAMPTZ;
			v->s = opg_fmt_timestamp(a, DatumGetTimestamp(d), col->conv == PGC_TIMESTAMPTZ);
			v->len = strlen(v->s);
			break;
		case PGC_DATE:
			v->kind = ORM_V_DATE;
			v->s = opg_fmt_date(a, DatumGetDateADT(d));
			v->len = strlen(v->s);
			break;
		case PGC_TIME:
			v->kind = ORM_V_TIME;
			v->s = opg_fmt_time(a, DatumGetTimeADT(d));
			v->len = strlen(v->s);
			break;
		case PGC_TIMETZ:
			opg_set_output(a, v, ORM_V_TIME, col, d);
			break;
		case PGC_INTERVAL:
			v->kind = ORM_V_INTERVAL;
			v->f = opg_interval_seconds(DatumGetIntervalP(d));
			break;
		case PGC_UUID:
			opg_set_output(a, v, ORM_V_UUID, col, d);
			break;
		case PGC_JSON:
			opg_set_varlena(a, v, ORM_V_JSON, d);
			break;
		case PGC_JSONB:
			opg_set_output(a, v, ORM_V_JSON, col, d);
			break;
		case PGC_BYTEA:
			opg_set_varlena(a, v, ORM_V_BLOB, d);
			break;
		case PGC_ARRAY:
			opg_set_varlena(a, v, ORM_V_ARRAY, DirectFunctionCall1(array_to_json, d));
			break;
		case PGC_TEXT:
			opg_set_varlena(a, v, ORM_V_TEXT, d);
			break;
		case PGC_NAME:
			{
				const char *n = NameStr(*DatumGetName(d));

				opg_set_text(a, v, ORM_V_TEXT, n, strlen(n));
				break;
			}
		case PGC_OTHER:
			opg_set_output(a, v, ORM_V_TEXT, col, d);
			break;
	}
}

/* Copies SPI_tuptable into out (in the call arena). */
static void
opg_read_rows(OrmArena *a, OrmRows *out)
{
	SPITupleTable *tt = SPI_tuptable;
	TupleDesc	td;
	PgCol	   *cols;
	Datum	   *datums;
	bool	   *nulls;
	uint64		r;
	int			c;

	out->affected = (int64_t) SPI_processed;
	if (tt == NULL)
		return;
	td = tt->tupdesc;
	out->ncols = td->natts;
	if (opg.names)
		out->colnames = ORM_NEWN(a, const char *, td->natts ? td->natts : 1);
	cols = palloc0(sizeof(PgCol) * (td->natts ? td->natts : 1));
	for (c = 0; c < td->natts; c++)
	{
		opg_col_init(&cols[c], TupleDescAttr(td, c)->atttypid);
		if (out->colnames)
			out->colnames[c] = orm_strdup(a, NameStr(TupleDescAttr(td, c)->attname));
	}
	out->nrows = (int) SPI_processed;
	out->values = ORM_NEWN(a, OrmValue, (size_t) SPI_processed * (td->natts ? td->natts : 1));
	/* one pass over each tuple for all its columns (not one per column) */
	datums = palloc(sizeof(Datum) * (td->natts ? td->natts : 1));
	nulls = palloc(sizeof(bool) * (td->natts ? td->natts : 1));
	for (r = 0; r < SPI_processed; r++)
	{
		if ((r & (ORM_POLL_EVERY - 1)) == 0)
			CHECK_FOR_INTERRUPTS();		/* a cancel lands within a few ms (README) */
		heap_deform_tuple(tt->vals[r], td, datums, nulls);
		for (c = 0; c < td->natts; c++)
		{
			OrmValue   *v = ORM_ROW(out, r) + c;

			if (nulls[c])
				v->kind = ORM_V_NULL;
			else
				opg_convert(a, &cols[c], datums[c], v);
		}
	}
	pfree(datums);
	pfree(nulls);
	pfree(cols);
}

/* ---- host: query --------------------------------------------------------- */

/*
 * Runs one statement; raises ERROR on failure (the caller catches it).
 * untyped: UNTYPED parameters are bound as unknown, not text (opg_query).
 */
static void
opg_run(OrmArena *a, const char *sql, int nparams, const OrmParam *params, OrmRows *out,
		bool untyped)
{
	PgPlan	   *p = opg_plan_get(sql, nparams, params, untyped, false);
	ParamListInfo pli = NULL;
	bool		read_only;
	int			i;
	int			rc;

	if (nparams > 0)
	{
		pli = makeParamList(nparams);
		for (i = 0; i < nparams; i++)
		{
			ParamExternData *prm = &pli->params[i];

			prm->isnull = params[i].kind == ORM_V_NULL;
			prm->pflags = PARAM_FLAG_CONST;
			prm->ptype = p->types[i];
			if (prm->isnull)
				prm->value = (Datum) 0;
			else if (params[i].kind == ORM_V_TYPED_TEXT)
				prm->value = opg_param_typed(&params[i], p->types[i]);
			else if (params[i].kind == ORM_V_UNTYPED && prm->ptype != TEXTOID)
			{
				/* an untyped string takes the type the parser gave it: its input */
				Oid			infunc,
							ioparam;

				getTypeInputInfo(prm->ptype, &infunc, &ioparam);
				prm->value = OidInputFunctionCall(infunc, pnstrdup(params[i].s ? params[i].s : "",
																   params[i].len),
												  ioparam, -1);
			}
			else
				prm->value = opg_param_datum(&params[i]);
		}
	}
	/*
	 * In a read call every plain SELECT runs read-only, which makes SPI use
	 * the active snapshot, the call's (opg_call), instead of taking a new
	 * one per statement: a user and its posts come from one commit.  A
	 * locking SELECT takes its own snapshot, and the call's is renewed after
	 * it (opg_query), so later statements see at least what it locked.
	 */
	read_only = opg.snap_pushed && p->read_only;
	if (opg.snap_pushed && !read_only)
		opg.snap_stale = true;
	rc = SPI_execute_plan_with_paramlist(p->plan, pli, read_only, 0);
	if (rc < 0)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	if (out)
		opg_read_rows(a, out);
	if (SPI_tuptable)
		SPI_freetuptable(SPI_tuptable);
	opg_plan_done(p);
}

/* Rolls back the flush's subtransaction after an error inside it. */
static void
opg_atomic_abort(void)
{
	RollbackAndReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(opg.atomic_cxt);
	CurrentResourceOwner = opg.atomic_owner;
	opg.atomic_aborted = true;
}

static int
opg_query(void *hs, OrmArena *a, const char *sql, int nparams,
		 const OrmParam *params, OrmRows *out, OrmError *err)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	bool		own_subxact = !opg.in_atomic;
	volatile int rc = 0;
	volatile bool untyped = false;
	bool		retried = false;
	bool		has_untyped = false;

	(void) hs;
	if (out)
		memset(out, 0, sizeof(*out));
	if (opg.in_atomic && opg.atomic_aborted)
		return orm_err(err, ORM_ERR_INTERNAL, "statement after the flush failed");
	for (int i = 0; i < nparams; i++)
		if (params[i].kind != ORM_V_BLOB && params[i].kind != ORM_V_NULL && params[i].s &&
			memchr(params[i].s, '\0', params[i].len) != NULL)
			return orm_err(err, ORM_ERR_PARAM, "text value contains a NUL byte (\\u0000)");
	for (int i = 0; i < nparams; i++)
		has_untyped |= params[i].kind == ORM_V_UNTYPED;
	/* a statement that needed its untyped arguments before (below) */
	if (has_untyped && opg_plan_get(sql, nparams, params, true, true) != NULL)
		untyped = true;
retry:
	if (own_subxact)
	{
		BeginInternalSubTransaction(NULL);
		MemoryContextSwitchTo(oldcxt);
	}
	PG_TRY();
	{
		opg_run(a, sql, nparams, params, out, untyped);
		if (own_subxact)
		{
			ReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(oldcxt);
			CurrentResourceOwner = oldowner;
		}
		if (opg.snap_stale)
		{
			/* after a locking statement: the call's snapshot, renewed */
			PopActiveSnapshot();
			PushActiveSnapshot(GetTransactionSnapshot());
			opg.snap_stale = false;
		}
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(opg.call_cxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (own_subxact)
		{
			RollbackAndReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(oldcxt);
			CurrentResourceOwner = oldowner;
		}
		else
			opg_atomic_abort();
		opg.snap_stale = false;
		if (edata->sqlerrcode == ERRCODE_UNDEFINED_FUNCTION && has_untyped && !untyped &&
			own_subxact)
		{
			/*
			 * A string argument bound as text found no function: once more
			 * with such arguments untyped, resolved by the function's
			 * signature as psycopg2's literal is (json_object(text[]),
			 * json_array_elements(json)).  Text first keeps every other
			 * statement typed as before: an untyped parameter where the
			 * argument is "any" (json_build_object) has no type at all.
			 */
			untyped = true;
		}
		else
		{
			opg_copy_error(err, edata);
			rc = -1;
		}
		FreeErrorData(edata);
	}
	PG_END_TRY();
	if (untyped && rc == 0 && !retried)
	{
		retried = true;
		goto retry;
	}
	return rc;
}

/* ---- host: atomic section, log, random, now ------------------------------ */

static int
opg_begin_atomic(void *hs, OrmError *err)
{
	(void) hs;
	if (opg.in_atomic)
		return orm_err(err, ORM_ERR_INTERNAL, "atomic section already open");
	opg.atomic_cxt = CurrentMemoryContext;
	opg.atomic_owner = CurrentResourceOwner;
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(opg.atomic_cxt);
	opg.in_atomic = true;
	opg.atomic_aborted = false;
	return 0;
}

static int
opg_commit_atomic(void *hs, OrmError *err)
{
	(void) hs;
	if (!opg.in_atomic || opg.atomic_aborted)
	{
		opg.in_atomic = false;
		return orm_err(err, ORM_ERR_INTERNAL, "no atomic section to commit");
	}
	ReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(opg.atomic_cxt);
	CurrentResourceOwner = opg.atomic_owner;
	opg.in_atomic = false;
	return 0;
}

static void
opg_rollback_atomic(void *hs)
{
	(void) hs;
	if (opg.in_atomic && !opg.atomic_aborted)
		opg_atomic_abort();
	opg.in_atomic = false;
	opg.atomic_aborted = false;
}

/*
 * orm.echo: a NOTICE, so it reaches the client that set it (psql prints it;
 * drivers hand notices to the application) and not other sessions; the
 * server log has it too where log_min_messages is notice or lower.
 */
static void
opg_log(void *hs, const char *sql)
{
	(void) hs;
	ereport(NOTICE, (errmsg("orm: %s", sql), errhidestmt(true)));
}

static void
opg_random(void *hs, unsigned char *buf, size_t n)
{
	(void) hs;
	if (!pg_strong_random(buf, n))
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not generate random bytes")));
}

/* Current time in UTC, "YYYY-MM-DD HH:MM:SS.ffffff" (microseconds always). */
static const char *
opg_now(void *hs, OrmArena *a)
{
	struct pg_tm tm;
	fsec_t		fsec;

	(void) hs;
	if (timestamp2tm(GetCurrentTimestamp(), NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
						errmsg("timestamp out of range")));
	return orm_sprintf(a, "%04d-%02d-%02d %02d:%02d:%02d.%06d",
					   tm.tm_year, tm.tm_mon, tm.tm_mday,
					   tm.tm_hour, tm.tm_min, tm.tm_sec, (int) fsec);
}

/* ---- host: registry stamp ----------------------------------------------- */

/*
 * A call with an unchanged registry runs no registry query (api.c).  Every
 * change to orm_registry reaches every backend as a relcache invalidation of
 * it: the statement trigger orm_registry_changed (install script, ENABLE
 * ALWAYS, so session_replication_role does not switch it off) calls
 * CacheInvalidateRelcacheByRelid on INSERT, UPDATE, DELETE and TRUNCATE.
 * The invalidation is sent at commit to other backends and runs locally at
 * the next command; a rollback runs it locally again.  Our relcache callback
 * bumps reg_epoch for it (and for a full cache reset), and each call first
 * accepts pending invalidations, so the stamp (epoch, relid) changes
 * whenever the registry may have.  A committer makes its transaction visible
 * before it sends the invalidation, so a reader that has received it sees
 * the change in any later snapshot: the stamp is vouched for under READ
 * COMMITTED only (a repeatable-read snapshot may predate an invalidation
 * already consumed), and only while the extension's orm_registry carries
 * the trigger; otherwise the registry is read every call.
 *
 * Which orm_registry: the one in the extension's own schema (pg_extension's
 * extnamespace for "orm"), never the one the caller's search_path finds
 * first: a role with CREATE on the database could otherwise make a schema
 * named after another role ($user leads the default search_path), put an
 * orm_registry there, and choose what that role's calls run.  The schema and
 * the table's OID are looked up once and kept until a relcache invalidation
 * of that table (DROP EXTENSION drops it) or a full reset; the schema's name
 * is read from the syscache at each use (ALTER SCHEMA RENAME).  So CREATE
 * EXTENSION orm SCHEMA x works without x on anyone's search_path.
 */
#define PG_REG_TRIGGER "orm_registry_changed"

static void
opg_relcache_cb(Datum arg, Oid relid)
{
	(void) arg;
	opg.catalog_epoch++;
	if (relid == InvalidOid || relid == opg.reg_relid)
	{
		opg.reg_epoch++;
		opg.reg_trigger = -1;	/* CREATE/DROP TRIGGER invalidate too */
		opg.reg_resolved = false;
	}
}

/* pg_extension.extnamespace of "orm", or InvalidOid (no syscache for it in 15). */
static Oid
opg_extension_namespace(void)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum("orm"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return nsp;
}

/* The extension's schema and orm_registry in it (opg.ext_nsp, opg.reg_relid). */
static void
opg_registry_resolve(void)
{
	Oid			relid;

	if (opg.reg_resolved)
		return;
	opg.ext_nsp = opg_extension_namespace();
	relid = OidIsValid(opg.ext_nsp) ? get_relname_relid("orm_registry", opg.ext_nsp) : InvalidOid;
	if (relid != opg.reg_relid)
	{
		opg.reg_relid = relid;
		opg.reg_trigger = -1;
		opg.reg_epoch++;
	}
	opg.reg_resolved = true;
}

/* host->own_schema: the extension's schema, quoted (its orm_registry must be there). */
static const char *
opg_own_schema(void *hs, OrmArena *a, OrmError *err)
{
	char	   *nsp;
	OrmBuf		b;

	(void) hs;
	opg_registry_resolve();
	if (!OidIsValid(opg.reg_relid) || (nsp = get_namespace_name(opg.ext_nsp)) == NULL)
	{
		orm_err(err, ORM_ERR_ENGINE, "the orm extension's registry table is missing");
		orm_err_hint(err, "Install the extension in this database: CREATE EXTENSION orm.");
		strlcpy(err->sqlstate, "55000", sizeof(err->sqlstate));
		return NULL;
	}
	orm_buf_init(&b, a);
	orm_quote_ident(&b, nsp);
	return orm_buf_cstr(&b);
}

/* Whether relid has our change trigger, firing always on every kind of write. */
static bool
opg_registry_has_trigger(Oid relid)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TriggerDesc *td = rel->trigdesc;
	bool		found = false;
	int			i;

	for (i = 0; td && i < td->numtriggers && !found; i++)
	{
		Trigger    *t = &td->triggers[i];
		int16		want = TRIGGER_TYPE_INSERT | TRIGGER_TYPE_UPDATE |
			TRIGGER_TYPE_DELETE | TRIGGER_TYPE_TRUNCATE;

		found = strcmp(t->tgname, PG_REG_TRIGGER) == 0 &&
			t->tgenabled == TRIGGER_FIRES_ALWAYS &&
			(t->tgtype & want) == want;
	}
	table_close(rel, NoLock);
	return found;
}

static bool
opg_registry_stamp(void *hs, uint64_t stamp[2])
{
	Oid			relid;

	(void) hs;
	if (IsolationUsesXactSnapshot())
		return false;
	AcceptInvalidationMessages();
	opg_registry_resolve();
	relid = opg.reg_relid;
	if (!OidIsValid(relid))
		return false;
	if (opg.reg_trigger < 0)
		opg.reg_trigger = opg_registry_has_trigger(relid) ? 1 : 0;
	if (opg.reg_trigger != 1)
		return false;
	stamp[0] = opg.reg_epoch;
	stamp[1] = relid;
	return true;
}

/*
 * What the core learnt from the catalog about a table (its foreign
 * partitions, session/shards.c) is kept until any relcache invalidation:
 * attaching or detaching a partition invalidates its parent's entry.
 */
static uint64_t
opg_catalog_stamp(void *hs)
{
	(void) hs;
	AcceptInvalidationMessages();
	return opg.catalog_epoch;
}

/* The trigger: SQL function orm_registry_changed(), FOR EACH STATEMENT. */
PGDLLEXPORT Datum orm_sql_registry_changed(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(orm_sql_registry_changed);

Datum
orm_sql_registry_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("orm_registry_changed: not called as a trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(td->tg_relation));
	return PointerGetDatum(NULL);
}

/*
 * The registry's row trigger: BEFORE INSERT OR UPDATE, FOR EACH ROW
 * (orm_registry_row(), ENABLE ALWAYS).  Records in column registrar the role
 * that wrote the row (current_user, as CREATE TRIGGER checks current_user),
 * so that a listener's right to run is its registrar's, not whatever the
 * row says: only a superuser may give another name (pg_dump's data, restored
 * as a superuser, keeps its registrars).  An UPDATE also gets a new token,
 * so every session's cache sees the changed row (api.c's fingerprint).
 */
PGDLLEXPORT Datum orm_sql_registry_row(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(orm_sql_registry_row);

Datum
orm_sql_registry_row(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	tup;
	int			reg_att,
				tok_att;
	int			cols[2];
	Datum		vals[2];
	bool		nulls[2] = {false, false};
	int			n = 0;
	bool		isnull;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("orm_registry_row: not called as a BEFORE ROW trigger")));
	desc = RelationGetDescr(td->tg_relation);
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	reg_att = SPI_fnumber(desc, "registrar");
	tok_att = SPI_fnumber(desc, "token");
	if (reg_att <= 0 || tok_att <= 0)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
						errmsg("orm_registry_row: the table has no registrar or token column")));
	(void) heap_getattr(tup, reg_att, desc, &isnull);
	if (isnull || !superuser())
	{
		cols[n] = reg_att;
		vals[n++] = CStringGetTextDatum(GetUserNameFromId(GetUserId(), false));
	}
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		bool		onull,
					nnull;
		Datum		o = heap_getattr(td->tg_trigtuple, tok_att, desc, &onull);
		Datum		nw = heap_getattr(tup, tok_att, desc, &nnull);
		int64		t = 0;

		if (onull || nnull || DatumGetInt64(o) == DatumGetInt64(nw))
		{
			if (!pg_strong_random(&t, sizeof(t)))
				ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
								errmsg("could not generate random bytes")));
			t &= INT64CONST(0x7fffffffffffffff);
			cols[n] = tok_att;
			vals[n++] = Int64GetDatum(t ? t : 1);
		}
	}
	if (n == 0)
		return PointerGetDatum(tup);
	return PointerGetDatum(heap_modify_tuple_by_cols(tup, desc, n, cols, vals, nulls));
}

/* ---- host: listeners' rights -------------------------------------------- */

/* Sets err to message with SQLSTATE sqlstate (an engine error: its errcode reaches the client). */
static int
opg_fail(OrmError *err, const char *sqlstate, const char *message)
{
	orm_err(err, ORM_ERR_ENGINE, "%s", message);
	strlcpy(err->sqlstate, sqlstate, sizeof(err->sqlstate));
	return -1;
}

/*
 * The entity's table as the caller's search_path finds it (as the flush's
 * own statements will), or InvalidOid.
 */
static Oid
opg_table_relid(const char *schema, const char *table)
{
	RangeVar   *rv = makeRangeVar(schema ? pstrdup(schema) : NULL, pstrdup(table), -1);

	return RangeVarGetRelid(rv, NoLock, true);
}

/*
 * orm_listen() on PostgreSQL asks what CREATE TRIGGER asks (README "Trust
 * model"): the TRIGGER privilege on the entity's table and EXECUTE on the
 * function.  The function is fn(json), looked up now through the caller's
 * search_path (fn may be "schema.name"), and stored as schema.name, so a
 * later flusher's search_path cannot make another function of that name run.
 */
static int
opg_listen_check(void *hs, OrmArena *a, const char *schema, const char *table,
				 const char *fn, const char **fn_out, OrmError *err)
{
	Oid			relid,
				fnoid,
				argtype = JSONOID;
	const char *dot = strchr(fn, '.');
	List	   *names;
	char	   *nsp,
			   *name;

	(void) hs;
	relid = opg_table_relid(schema, table);
	if (!OidIsValid(relid))
	{
		opg_fail(err, "42P01", psprintf("relation \"%s\" does not exist", table));
		orm_err_hint(err, "A listener attaches to its entity's table: create it first (orm_create_all()).");
		return -1;
	}
	if (pg_class_aclcheck(relid, GetUserId(), ACL_TRIGGER) != ACLCHECK_OK)
	{
		opg_fail(err, "42501", psprintf("permission denied for table %s", get_rel_name(relid)));
		orm_err_detail(err, "A listener runs in every later flush of the table with the flusher's rights: "
					   "registering one needs the TRIGGER privilege on the table, as CREATE TRIGGER does.");
		return -1;
	}
	if (dot && strchr(dot + 1, '.'))
		return opg_fail(err, "42601", psprintf("improper qualified name (too many dotted names): %s", fn));
	names = dot ? list_make2(makeString(pnstrdup(fn, dot - fn)), makeString(pstrdup(dot + 1)))
		: list_make1(makeString(pstrdup(fn)));
	fnoid = LookupFuncName(names, 1, &argtype, true);
	if (!OidIsValid(fnoid))
	{
		opg_fail(err, "42883", psprintf("function %s(json) does not exist", fn));
		orm_err_hint(err, "A listener is a function of the row as json: CREATE FUNCTION %s(row json) RETURNS json ...", fn);
		return -1;
	}
	if (pg_proc_aclcheck(fnoid, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
		return opg_fail(err, "42501", psprintf("permission denied for function %s", fn));
	nsp = get_namespace_name(get_func_namespace(fnoid));
	name = get_func_name(fnoid);
	if (!nsp || !name || strchr(nsp, '.') || strchr(name, '.') || strchr(nsp, '\n') || strchr(name, '\n'))
		return opg_fail(err, "42602", psprintf("listener function %s: its schema or name contains a dot", fn));
	*fn_out = orm_sprintf(a, "%s.%s", nsp, name);
	return 0;
}

/*
 * Before a flush runs a listener: its registrar (orm_registry.registrar,
 * set by orm_registry_row) must still have the TRIGGER privilege on the
 * table the flush writes, else the flush fails (a listener is not skipped:
 * one that validates or audits would be bypassed silently).
 */
static int
opg_listener_check(void *hs, OrmArena *a, const char *schema, const char *table,
				   const char *registrar, const char *fn, OrmError *err)
{
	Oid			relid = opg_table_relid(schema, table);
	Oid			role = registrar ? get_role_oid(registrar, true) : InvalidOid;

	(void) hs;
	(void) a;
	if (!OidIsValid(relid))
		return opg_fail(err, "42P01", psprintf("relation \"%s\" does not exist", table));
	if (OidIsValid(role) && pg_class_aclcheck(relid, role, ACL_TRIGGER) == ACLCHECK_OK)
		return 0;
	opg_fail(err, "42501",
			 psprintf("listener %s may not run: %s%s%s does not have the TRIGGER privilege on table %s",
					  fn, registrar ? "role \"" : "its registrar", registrar ? registrar : "",
					  registrar ? "\", which registered it," : "", get_rel_name(relid)));
	orm_err_hint(err, "Grant TRIGGER on the table to the role that registered the listener, "
				 "or delete the listener's row from orm_registry.");
	return -1;
}

/* host->interrupted: a pending cancel or timeout raises here (the ERROR unwinds opg_call). */
static int
opg_interrupted(void *hs, OrmError *err)
{
	(void) hs;
	(void) err;
	CHECK_FOR_INTERRUPTS();
	return 0;
}

/* opg_query, the rows with the engine's column names (host.h, query_names). */
static int
opg_query_names(void *hs, OrmArena *a, const char *sql, int nparams,
				const OrmParam *params, OrmRows *out, OrmError *err)
{
	int			rc;

	opg.names = true;
	PG_TRY();
	{
		rc = opg_query(hs, a, sql, nparams, params, out, err);
	}
	PG_FINALLY();
	{
		opg.names = false;
	}
	PG_END_TRY();
	return rc;
}

static const OrmHost opg_host = {
	.query = opg_query,
	.query_names = opg_query_names,
	.begin_atomic = opg_begin_atomic,
	.commit_atomic = opg_commit_atomic,
	.rollback_atomic = opg_rollback_atomic,
	.log = opg_log,
	.random = opg_random,
	.now = opg_now,
	.registry_stamp = opg_registry_stamp,
	.catalog_stamp = opg_catalog_stamp,
	.own_schema = opg_own_schema,
	.listen_check = opg_listen_check,
	.listener_check = opg_listener_check,
	.interrupted = opg_interrupted,
};

/* ---- the SQL functions --------------------------------------------------- */

typedef enum PgFn
{
	PGF_DECLARE,
	PGF_CREATE_ALL,
	PGF_DROP_ALL,
	PGF_DDL,
	PGF_SELECT,
	PGF_GET,
	PGF_COMPILE,
	PGF_FLUSH,
	PGF_EXECUTE,
	PGF_AUTOMAP,
	PGF_VIEW,
	PGF_LISTEN,
	/* migrations (migrate.h) */
	PGF_REVISION,
	PGF_MIGRATION_ADD,
	PGF_UPGRADE,
	PGF_DOWNGRADE,
	PGF_CURRENT,
	PGF_HISTORY,
	PGF_STAMP,
	PGF_EXPLAIN
} PgFn;

typedef struct PgFuncDef
{
	const char *name;
	int			nrequired;		/* leading arguments whose NULL gives NULL */
} PgFuncDef;

static const PgFuncDef opg_funcs[] = {
	[PGF_DECLARE] = {"orm_declare", 1},
	[PGF_CREATE_ALL] = {"orm_create_all", 0},
	[PGF_DROP_ALL] = {"orm_drop_all", 0},
	[PGF_DDL] = {"orm_ddl", 0},
	[PGF_SELECT] = {"orm_select", 1},
	[PGF_GET] = {"orm_get", 2},
	[PGF_COMPILE] = {"orm_compile", 1},
	[PGF_FLUSH] = {"orm_flush", 1},
	[PGF_EXECUTE] = {"orm_execute", 1},
	[PGF_AUTOMAP] = {"orm_automap", 0},
	[PGF_VIEW] = {"orm_view", 2},
	[PGF_LISTEN] = {"orm_listen", 3},
	[PGF_REVISION] = {"orm_revision", 1},
	[PGF_MIGRATION_ADD] = {"orm_migration_add", 1},
	[PGF_UPGRADE] = {"orm_upgrade", 0},
	[PGF_DOWNGRADE] = {"orm_downgrade", 1},
	[PGF_CURRENT] = {"orm_current", 0},
	[PGF_HISTORY] = {"orm_history", 0},
	[PGF_STAMP] = {"orm_stamp", 1},
	[PGF_EXPLAIN] = {"orm_explain", 1},
};

static void
opg_state_init(void)
{
	OrmMemHooks long_hooks;

	if (opg.inited)
		return;
	memset(&long_hooks, 0, sizeof(long_hooks));
	opg.reg_cxt = AllocSetContextCreate(TopMemoryContext, "orm registry",
									   ALLOCSET_DEFAULT_SIZES);
	opg.plan_cxt = AllocSetContextCreate(TopMemoryContext, "orm plans",
										ALLOCSET_SMALL_SIZES);
	opg.block_cxt = AllocSetContextCreate(TopMemoryContext, "orm blocks",
										 ALLOCSET_DEFAULT_SIZES);
	long_hooks.block_alloc = opg_block_alloc;
	long_hooks.block_free = opg_block_free;
	long_hooks.state = opg.reg_cxt;
	orm_conn_init(&opg.conn, &opg_host, &opg, &orm_dialect_pg, &long_hooks);
	opg.inited = true;
}

/* Argument i as a C string in the call context, or NULL. */
static const char *
opg_arg(FunctionCallInfo fcinfo, int i)
{
	if (i >= PG_NARGS() || PG_ARGISNULL(i))
		return NULL;
	return text_to_cstring(PG_GETARG_TEXT_PP(i));
}

static int
opg_dispatch(PgFn fn, FunctionCallInfo fcinfo, OrmArena *a, char **out, OrmError *err)
{
	OrmConn    *c = &opg.conn;

	switch (fn)
	{
		case PGF_DECLARE:
			return orm_api_declare(c, a, opg_arg(fcinfo, 0), out, err);
		case PGF_CREATE_ALL:
			return orm_api_create_all(c, a, out, err);
		case PGF_DROP_ALL:
			return orm_api_drop_all(c, a, out, err);
		case PGF_DDL:
			return orm_api_ddl(c, a, out, err);
		case PGF_SELECT:
			return orm_api_select(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1), out, err);
		case PGF_GET:
			return orm_api_get(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1),
							   opg_arg(fcinfo, 2), out, err);
		case PGF_COMPILE:
			return orm_api_compile(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1), out, err);
		case PGF_FLUSH:
			return orm_api_flush(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1), out, err);
		case PGF_EXECUTE:
			return orm_api_execute(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1), out, err);
		case PGF_AUTOMAP:
			return orm_api_automap(c, a, opg_arg(fcinfo, 0), out, err);
		case PGF_VIEW:
			return orm_api_view(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1), out, err);
		case PGF_LISTEN:
			return orm_api_listen(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1),
								  opg_arg(fcinfo, 2), out, err);
		case PGF_REVISION:
			return orm_api_revision(c, a, opg_arg(fcinfo, 0),
									PG_NARGS() < 2 || PG_ARGISNULL(1) || PG_GETARG_BOOL(1),
									out, err);
		case PGF_MIGRATION_ADD:
			return orm_api_migration_add(c, a, opg_arg(fcinfo, 0), out, err);
		case PGF_UPGRADE:
			return orm_api_upgrade(c, a, opg_arg(fcinfo, 0), out, err);
		case PGF_DOWNGRADE:
			return orm_api_downgrade(c, a, opg_arg(fcinfo, 0), out, err);
		case PGF_CURRENT:
			return orm_api_current(c, a, out, err);
		case PGF_HISTORY:
			return orm_api_history(c, a, out, err);
		case PGF_STAMP:
			return orm_api_stamp(c, a, opg_arg(fcinfo, 0), out, err);
		case PGF_EXPLAIN:
			return orm_api_explain(c, a, opg_arg(fcinfo, 0), opg_arg(fcinfo, 1),
								   PG_NARGS() > 2 && !PG_ARGISNULL(2) && PG_GETARG_BOOL(2),
								   out, err);
	}
	return orm_err(err, ORM_ERR_INTERNAL, "unknown function");
}

/*
 * Where the argument text arg stands in the statement the client sent
 * (debug_query_string), as the 1-based character of its first one: the
 * text must be there exactly once, between quotes ('...' or $$...$$), as a
 * literal argument is; 0 otherwise (a bound parameter, an escaped
 * literal, a call from inside a function).
 */
static int
opg_arg_in_query(const char *arg)
{
	const char *q = debug_query_string;
	const char *p,
			   *found = NULL;
	size_t		n = strlen(arg);

	if (!q || n == 0)
		return 0;
	for (p = strstr(q, arg); p; p = strstr(p + 1, arg))
	{
		if (p == q || (p[-1] != '\'' && p[-1] != '$') || (p[n] != '\'' && p[n] != '$'))
			continue;
		if (found)
			return 0;			/* twice: which one is ours cannot be told */
		found = p;
	}
	return found ? pg_mbstrlen_with_len(q, (int) (found - q)) + 1 : 0;
}

/*
 * The error as an ERROR with its SQLSTATE, detail and hint.  A line and
 * column in an argument's text (OrmError.text_arg) become the error's
 * position: in the client's statement when the argument is a literal in it
 * (psql draws its caret under the character; drivers report the position),
 * else in the argument's text as the internal query (psql prints it as
 * QUERY with the caret; drivers report internal_position and
 * internal_query).
 */
static void
opg_report(FunctionCallInfo fcinfo, const OrmError *err, const char *text)
{
	const char *arg = NULL;
	int			off = 0,
				at = 0;

	if (err->text_arg > 0 && err->line > 0 &&
		(arg = opg_arg(fcinfo, err->text_arg - 1)) != NULL &&
		(off = orm_text_offset(arg, err->line, err->col)) > 0)
		at = opg_arg_in_query(arg);
	ereport(ERROR,
			(errcode(opg_errcode(err)),
			 errmsg("%s", text),
			 err->detail[0] ? errdetail("%s", err->detail) : 0,
			 err->hint[0] ? errhint("%s", err->hint) : 0,
			 off > 0 && at > 0 ? errposition(at + off - 1) : 0,
			 off > 0 && at == 0 ? internalerrposition(off) : 0,
			 off > 0 && at == 0 ? internalerrquery(arg) : 0));
}

/*
 * The result as text.  A large one is a big allocation of the arena in the
 * caller's context (opg_big_alloc): taken out of the arena, shrunk to its
 * length, and turned into a text in its own chunk (the bytes moved up over
 * the arena's header, VARHDRSZ before them), not copied into a second one.
 */
static Datum
opg_result(const char *out)
{
	size_t		n = out ? strlen(out) : 0;
	char	   *chunk;

	if (n + 1 >= opg.arena.big_min && n + VARHDRSZ <= MaxAllocSize &&
		(chunk = orm_arena_detach(&opg.arena, out, n + 1)) != NULL)
	{
		memmove(chunk + VARHDRSZ, chunk + ORM_ARENA_BIG_HDR, n);
		SET_VARSIZE(chunk, n + VARHDRSZ);
		return PointerGetDatum(chunk);
	}
	return PointerGetDatum(cstring_to_text(out ? out : ""));
}

/*
 * One call: arena in its own memory context, SPI connected around the core,
 * the result copied to the caller's context, the error reported after SPI is
 * closed.
 */
static Datum
opg_call(FunctionCallInfo fcinfo, PgFn fn)
{
	MemoryContext callercxt = CurrentMemoryContext;
	const PgFuncDef *def = &opg_funcs[fn];
	OrmMemHooks hooks;
	OrmError	err;
	char	   *out = NULL;
	volatile int rc = -1;
	int			i;
	Datum		result;
	bool		large;

	for (i = 0; i < def->nrequired; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();
	opg_state_init();
	if (opg.in_call)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("%s: cannot be called from inside another orm function", def->name)));

	opg.call_cxt = AllocSetContextCreate(callercxt, "orm call", ALLOCSET_DEFAULT_SIZES);
	memset(&hooks, 0, sizeof(hooks));
	hooks.block_alloc = opg_call_alloc;
	hooks.block_free = opg_call_free;
	hooks.big_alloc = opg_big_alloc;
	hooks.big_realloc = opg_big_realloc;
	hooks.big_free = opg_big_free;
	hooks.big_min = 256 * 1024;	/* _PG_init's M_MMAP_THRESHOLD: each one mapped and unmapped */
	/*
	 * blocks of a call an ERROR left (none normally): its big ones were in
	 * its caller's context, which that ERROR's cleanup reset or will
	 */
	opg.arena.big = NULL;
	orm_arena_reset(&opg.arena);
	opg.big_cxt = callercxt;
	orm_arena_init(&opg.arena, &hooks);
	memset(&err, 0, sizeof(err));
	opg.conn.echo = orm_echo_guc;
	opg.conn.allow_raw_sql = orm_allow_raw_sql_guc;

	MemoryContextSwitchTo(opg.call_cxt);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	opg.in_call = true;
	opg.in_atomic = false;
	opg.atomic_aborted = false;
	opg.snap_stale = false;
	PG_TRY();
	{
		if (fn == PGF_SELECT || fn == PGF_GET || fn == PGF_EXPLAIN)
		{
			/*
			 * A read call's statements (root, each selectin level, the
			 * registry) all read one snapshot, taken now as SPI would take
			 * the first one's: under READ COMMITTED a user and its posts
			 * cannot come from two commits (opg_run).  An ERROR leaves it
			 * to the (sub)transaction abort, which pops what was pushed at
			 * its level.
			 */
			CommandCounterIncrement();
			PushActiveSnapshot(GetTransactionSnapshot());
			opg.snap_pushed = true;
		}
		rc = opg_dispatch(fn, fcinfo, &opg.arena, &out, &err);
		opg_rollback_atomic(&opg);	/* a flush that returned early */
		CHECK_FOR_INTERRUPTS();	/* a cancel that came late: not after copying a large result */
	}
	PG_CATCH();
	{
		opg.in_call = false;
		opg.snap_pushed = false;
		opg.snap_stale = false;
		orm_arena_reset(&opg.arena);
		if (opg.in_atomic && !opg.atomic_aborted)
		{
			/*
			 * An ERROR escaped the core (out of memory, say) with the flush's
			 * subtransaction open: whoever catches it will roll back *its*
			 * subtransaction, the innermost, so ours must go first.  The
			 * same order as plpgsql's exception block: copy, flush, roll
			 * back, then raise the copy again.
			 */
			ErrorData  *edata;

			MemoryContextSwitchTo(callercxt);
			edata = CopyErrorData();
			FlushErrorState();
			opg_atomic_abort();
			opg.in_atomic = false;
			ReThrowError(edata);
		}
		opg.in_atomic = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	opg.in_call = false;
	if (opg.snap_pushed)
	{
		PopActiveSnapshot();
		opg.snap_pushed = false;
	}
	SPI_finish();
	MemoryContextSwitchTo(callercxt);

	if (rc != 0)
	{
		const char *text = pstrdup(orm_error_text(&opg.arena, &err, def->name));

		orm_arena_reset(&opg.arena);
		opg_report(fcinfo, &err, text);
	}
	result = opg_result(out);
	large = opg.arena.peak >= PG_TRIM_AFTER;
	orm_arena_reset(&opg.arena);
	MemoryContextDelete(opg.call_cxt);
	opg.call_cxt = NULL;
	/*
	 * A large call keeps no blocks for the next one either: the next call
	 * asks malloc for its first few (PG_BLOCK_CACHE is for runs of small
	 * calls), and the backend keeps less than a small call leaves.
	 */
	while (large && opg.free_blocks)
	{
		PgBlock    *b = opg.free_blocks;

		opg.free_blocks = b->next;
		opg.cached -= b->cap;
		pfree(b);
	}
#ifdef __GLIBC__
	/*
	 * After a large call, the free memory inside glibc's heap (what its
	 * statements' rows and the arena's smaller blocks left between chunks
	 * still in use, which trimming the top cannot give back) goes back to
	 * the system too: a backend keeps no more than a small call leaves
	 * (README "Speed").  About a millisecond, against the tens a call
	 * this large takes.
	 */
	if (large)
		malloc_trim(0);
#endif
	return result;
}

#define ORM_PG_FUNC(sqlname, fn) \
	PGDLLEXPORT Datum sqlname(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(sqlname); \
	Datum sqlname(PG_FUNCTION_ARGS) { return opg_call(fcinfo, fn); }

ORM_PG_FUNC(orm_sql_declare, PGF_DECLARE)
ORM_PG_FUNC(orm_sql_create_all, PGF_CREATE_ALL)
ORM_PG_FUNC(orm_sql_drop_all, PGF_DROP_ALL)
ORM_PG_FUNC(orm_sql_ddl, PGF_DDL)
ORM_PG_FUNC(orm_sql_select, PGF_SELECT)
ORM_PG_FUNC(orm_sql_get, PGF_GET)
ORM_PG_FUNC(orm_sql_compile, PGF_COMPILE)
ORM_PG_FUNC(orm_sql_flush, PGF_FLUSH)
ORM_PG_FUNC(orm_sql_execute, PGF_EXECUTE)
ORM_PG_FUNC(orm_sql_automap, PGF_AUTOMAP)
ORM_PG_FUNC(orm_sql_view, PGF_VIEW)
ORM_PG_FUNC(orm_sql_listen, PGF_LISTEN)
ORM_PG_FUNC(orm_sql_revision, PGF_REVISION)
ORM_PG_FUNC(orm_sql_migration_add, PGF_MIGRATION_ADD)
ORM_PG_FUNC(orm_sql_upgrade, PGF_UPGRADE)
ORM_PG_FUNC(orm_sql_downgrade, PGF_DOWNGRADE)
ORM_PG_FUNC(orm_sql_current, PGF_CURRENT)
ORM_PG_FUNC(orm_sql_history, PGF_HISTORY)
ORM_PG_FUNC(orm_sql_stamp, PGF_STAMP)
ORM_PG_FUNC(orm_sql_explain, PGF_EXPLAIN)

/*
 * orm_grant_declare(role): what a role needs to declare, granted by whoever
 * may grant it (the registry's owner): USAGE on the extension's schema,
 * INSERT, UPDATE and DELETE on its orm_registry (a declaration replaces the
 * rows it redeclares; session.c) and USAGE on the id sequence.  Run with the
 * caller's rights, as GRANT statements of its own would be.
 */
PGDLLEXPORT Datum orm_sql_grant_declare(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(orm_sql_grant_declare);

Datum
orm_sql_grant_declare(PG_FUNCTION_ARGS)
{
	const char *role = quote_identifier(NameStr(*PG_GETARG_NAME(0)));
	const char *schema;
	const char *stmts[3];
	int			i;

	opg_state_init();
	opg_registry_resolve();
	if (!OidIsValid(opg.reg_relid) || !(schema = get_namespace_name(opg.ext_nsp)))
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
						errmsg("orm_grant_declare: the orm extension's registry table is missing")));
	schema = quote_identifier(schema);
	stmts[0] = psprintf("GRANT USAGE ON SCHEMA %s TO %s", schema, role);
	stmts[1] = psprintf("GRANT INSERT, UPDATE, DELETE ON TABLE %s.orm_registry TO %s", schema, role);
	stmts[2] = psprintf("GRANT USAGE ON SEQUENCE %s.orm_registry_id_seq TO %s", schema, role);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	for (i = 0; i < lengthof(stmts); i++)
		if (SPI_execute(stmts[i], false, 0) != SPI_OK_UTILITY)
			elog(ERROR, "orm_grant_declare: %s failed", stmts[i]);
	SPI_finish();
	PG_RETURN_VOID();
}

void
_PG_init(void)
{
#ifdef __GLIBC__

	/*
	 * Memory after a call.  glibc serves a large malloc with mmap and
	 * gives it back with munmap on free, but by default it raises that
	 * threshold to the largest chunk ever freed (up to 32 MB) and keeps up
	 * to twice as much free at the top of its heap: after one orm_select
	 * of a 30 MB graph (its rows, objects, the document, PostgreSQL's copy
	 * of it for the client), the next large allocations come from the heap
	 * and tens of megabytes stay with the backend for its life.  Fixed
	 * thresholds keep glibc's initial behaviour: chunks from 256 kB up are
	 * mapped and unmapped, and the heap is trimmed above 1 MB free.  This
	 * applies to the whole backend that loaded orm (README "Speed").
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
#endif
	DefineCustomBoolVariable("orm.echo",
							 "Sends every SQL statement orm generates to the client.",
							 "Like create_engine(echo=True); each statement is a NOTICE.",
							 &orm_echo_guc,
							 false,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	/*
	 * Raw SQL (text(), literal_column()) in query text runs only where the
	 * caller opted in.  USERSET: the SQL runs with the caller's own rights
	 * anyway, so any role may allow it for its own session (SET, ALTER ROLE
	 * / DATABASE ... SET); query text cannot, as func.set_config is refused
	 * in it (dialect.c) and the setting is read as each call starts.
	 */
	DefineCustomBoolVariable("orm.allow_raw_sql",
							 "Lets text() and literal_column() in orm query text run.",
							 "Off: they are refused, so query text never carries SQL of its own.",
							 &orm_allow_raw_sql_guc,
							 false,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("orm");
	opg.reg_trigger = -1;
	CacheRegisterRelcacheCallback(opg_relcache_cb, (Datum) 0);
}
