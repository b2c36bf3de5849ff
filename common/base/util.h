/*
 * util.h -- memory arena, string builder and the one error model of the core.
 *
 * Everything in common/ allocates from an OrmArena: one arena per call (freed
 * as a whole when the call ends) and one long-lived arena per connection for
 * the parsed registry.  The arena gets its blocks from the host through
 * OrmMemHooks (palloc in a memory context on PostgreSQL, malloc on SQLite), so
 * the core never calls malloc itself.  orm_alloc never returns NULL: on
 * out-of-memory the hooks' oom() does not return (PostgreSQL's palloc raises,
 * the SQLite glue longjmps to its entry point).
 *
 * Errors: every fallible core function returns int (0 = ok, -1 = error) and
 * fills an OrmError.  The first error set wins; later ones are ignored so the
 * innermost, most precise message survives the unwinding.  The edge (pg_ext,
 * sqlite_ext) turns an OrmError into ereport() or sqlite3_result_error() with
 * orm_error_text().
 *
 * No engine header may be included here or anywhere in common/.
 */
#ifndef ORM_UTIL_H
#define ORM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#if defined(__GNUC__)
#define ORM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ORM_PRINTF(f, a)
#endif

/* ---- memory -------------------------------------------------------------- */

/*
 * Big allocations: one of big_min bytes or more (rounded up to 8; the hooks'
 * big_min, or ORM_ARENA_BIG when that is 0) gets a
 * block of its own (ORM_ARENA_BIG_HDR bytes of header, then the data), kept
 * on a list apart from the small blocks.  orm_realloc, orm_grow and OrmBuf
 * growth resize it through big_realloc (SQLite: sqlite3_realloc64,
 * PostgreSQL: repalloc_huge), so a growing row array or JSON document leaves
 * no dead copies behind; shrinking it below the threshold copies it into
 * the small blocks and frees it.  Whether an allocation is big is told by
 * the size the caller gives as its old size, never by reading memory: every
 * caller passes the size it allocated.  Freed at reset with the rest.
 * Without big_alloc the big blocks come from block_alloc/block_free and a
 * resize copies.
 */
#ifndef ORM_ARENA_BIG			/* -DORM_ARENA_BIG=512: a test build that makes most allocations big */
#define ORM_ARENA_BIG		(64 * 1024)	/* the default of OrmMemHooks.big_min */
#endif
#define ORM_ARENA_BIG_HDR	32

typedef struct OrmMemHooks
{
	void	   *(*block_alloc) (void *state, size_t size);	/* never NULL on return */
	void		(*block_free) (void *state, void *ptr); /* may be NULL: no-op */
	void	   *state;
	/* optional, all three or none; never NULL on return (the old block stays) */
	void	   *(*big_alloc) (void *state, size_t size);
	void	   *(*big_realloc) (void *state, void *ptr, size_t size);
	void		(*big_free) (void *state, void *ptr);
	size_t		big_min;		/* 0: ORM_ARENA_BIG */
} OrmMemHooks;

typedef struct OrmArenaBlock OrmArenaBlock;
typedef struct OrmBigBlock OrmBigBlock;

typedef struct OrmArena
{
	OrmMemHooks hooks;
	OrmArenaBlock *head;		/* newest block first */
	char	   *ptr;			/* next free byte in head */
	size_t		left;			/* bytes left in head */
	size_t		total;			/* bytes obtained from hooks (statistics) */
	OrmBigBlock *big;			/* big allocations, each its own block */
	size_t		big_min;		/* an allocation this large is big */
	size_t		peak;			/* the highest total so far (statistics) */
	uint64_t	big_serial;		/* big blocks made so far (orm_arena_mark) */
} OrmArena;

void		orm_arena_init(OrmArena *a, const OrmMemHooks *hooks);
void		orm_arena_reset(OrmArena *a);	/* frees every block */

/*
 * Takes the big block whose data starts at p out of the arena (reset no
 * longer frees it), shrunk to keep bytes of data; returns the host's block
 * (the data at ORM_ARENA_BIG_HDR past it), which the caller now owns and
 * frees as the host frees big blocks.  NULL when p is not the start of a
 * big allocation (nothing changes then).  The engines hand a large result
 * over this way instead of copying it.
 */
void	   *orm_arena_detach(OrmArena *a, const void *p, size_t keep);
void	   *orm_arena_raw(OrmArena *a, size_t n);	/* uninitialized, 8-byte aligned */

/*
 * A point in an arena's life: orm_arena_release frees every block obtained
 * after orm_arena_mark (small blocks newer than the mark's, big blocks made
 * after it: a big block made before keeps its place however it is resized)
 * and allocates from where the mark was, but for the big allocation whose
 * data is keep (NULL: none), which stays.  Everything allocated after the
 * mark is gone, so nothing made before it may point there; what was made
 * before stays as it is.  For a loop that runs in pieces (the loader writing
 * its result a piece of objects at a time).
 */
typedef struct OrmArenaMark
{
	OrmArenaBlock *head;
	char	   *ptr;
	size_t		left;
	uint64_t	big_serial;
} OrmArenaMark;

void		orm_arena_mark(OrmArena *a, OrmArenaMark *m);
void		orm_arena_release(OrmArena *a, const OrmArenaMark *m, const void *keep);
void	   *orm_alloc_block(OrmArena *a, size_t n);	/* orm_alloc from a new block */

/* zeroed, 8-byte aligned; inline, so that a fixed size (ORM_NEW) is cleared
 * in place and only a new block costs a call */
static inline void *
orm_alloc(OrmArena *a, size_t n)
{
	size_t		m = n ? ((n + 7) & ~(size_t) 7) : 8;

	if (m > a->left || m >= a->big_min)
		return orm_alloc_block(a, n);
	a->ptr += m;
	a->left -= m;
	return memset(a->ptr - m, 0, m);
}

void	   *orm_realloc(OrmArena *a, void *old, size_t oldn, size_t newn);
/* Gives back an allocation of n bytes when it is big (its block freed); else nothing. */
void		orm_free(OrmArena *a, void *p, size_t n);
/* orm_realloc without clearing: the bytes past oldn are undefined (row arrays the caller fills). */
void	   *orm_grow(OrmArena *a, void *old, size_t oldn, size_t newn);
char	   *orm_strdup(OrmArena *a, const char *s);
char	   *orm_strndup(OrmArena *a, const char *s, size_t n);
char	   *orm_sprintf(OrmArena *a, const char *fmt,...) ORM_PRINTF(2, 3);

#define ORM_NEW(a, T)		((T *) orm_alloc((a), sizeof(T)))
#define ORM_NEWN(a, T, n)	((T *) orm_alloc((a), sizeof(T) * (size_t) (n)))

/* A growable array of pointers in an arena. */
typedef struct OrmPtrVec
{
	void	  **items;
	int			n;
	int			cap;
} OrmPtrVec;

void		orm_vec_push(OrmArena *a, OrmPtrVec *v, void *item);

/* ---- string builder ------------------------------------------------------ */

typedef struct OrmBuf
{
	OrmArena   *arena;
	char	   *data;			/* always NUL-terminated once anything added */
	size_t		len;
	size_t		cap;
} OrmBuf;

void		orm_buf_init(OrmBuf *b, OrmArena *a);
void		orm_buf_reserve(OrmBuf *b, size_t extra);	/* room for extra bytes and the NUL */

/* Appending: inline, the room checked in place (the JSON writer and the
 * statement builders append a few bytes at a time, millions of times). */
static inline void
orm_buf_put(OrmBuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		orm_buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
orm_buf_putc(OrmBuf *b, char c)
{
	if (b->len + 2 > b->cap)
		orm_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

static inline void
orm_buf_puts(OrmBuf *b, const char *s)
{
	orm_buf_put(b, s, strlen(s));
}

void		orm_buf_printf(OrmBuf *b, const char *fmt,...) ORM_PRINTF(2, 3);
void		orm_buf_vprintf(OrmBuf *b, const char *fmt, va_list ap);
const char *orm_buf_cstr(OrmBuf *b);	/* "" when empty, never NULL */
void		orm_buf_truncate(OrmBuf *b, size_t len);

/* JSON string literal with quotes and escapes (RFC 8259). */
void		orm_buf_json_str(OrmBuf *b, const char *s, size_t n);

/* Decimal integer, as "%lld" prints it, without printf. */
void		orm_buf_put_int(OrmBuf *b, int64_t v);

/* ---- errors -------------------------------------------------------------- */

/*
 * What went wrong, as the user's mistake.  Each code has one SQLSTATE
 * (orm_err_sqlstate; README "Errors" and docs/reference.md have the table);
 * the glues turn it into PostgreSQL's errcode and SQLite's extended result
 * code.  The finer codes below ORM_ERR_INTERNAL name the kind of thing
 * that is unknown, or the constraint a value breaks, so that clients can
 * tell them apart as they tell the engine's own errors apart.
 */
typedef enum OrmErrCode
{
	ORM_OK = 0,
	ORM_ERR_SYNTAX,				/* declaration or query text does not parse */
	ORM_ERR_NAME,				/* an unknown name of no finer kind below */
	ORM_ERR_DECL,				/* parses, but is not a valid mapping */
	ORM_ERR_QUERY,				/* parses, but is not a valid statement */
	ORM_ERR_PARAM,				/* bad params / key / flush changes input */
	ORM_ERR_FLUSH,				/* flush could not be carried out */
	ORM_ERR_STALE,				/* version_id_col mismatch */
	ORM_ERR_NOTFOUND,			/* update/delete of a row that does not exist */
	ORM_ERR_ENGINE,				/* the engine rejected a generated statement */
	ORM_ERR_UNSUPPORTED,		/* valid SQLAlchemy we do not do yet */
	ORM_ERR_INTERNAL,			/* can't happen */
	ORM_ERR_UNKNOWN_ENTITY,		/* a class, table or other name that is not there */
	ORM_ERR_UNKNOWN_ATTR,		/* an attribute, column, relationship or enum member */
	ORM_ERR_UNKNOWN_FUNC,		/* a method, loader option or function */
	ORM_ERR_UNKNOWN_TYPE,		/* a type or enum named in a declaration */
	ORM_ERR_INVALID_VALUE,		/* a value not in its type's format (JSON text, "x" as an int) */
	ORM_ERR_NOT_NULL,			/* a NOT NULL column gets no value */
	ORM_ERR_UNIQUE,				/* a unique or primary key value is taken */
	ORM_ERR_FOREIGN_KEY,		/* a row refers to a row that is not there (or goes) */
	ORM_ERR_CHECK				/* a CHECK constraint fails */
} OrmErrCode;

typedef struct OrmError
{
	OrmErrCode	code;			/* ORM_OK while no error */
	char		message[512];	/* short, lower case, no trailing period */
	char		detail[512];	/* full sentence or "" */
	char		hint[256];		/* full sentence or "" */
	int			line;			/* 1-based position in the source text, 0 = none */
	int			col;			/* 1-based, in characters */
	char		path[256];		/* JSON path in flush input ("changes[0].data.posts[1]") or "" */
	char		sqlstate[6];	/* the engine's SQLSTATE for ORM_ERR_ENGINE, else "" */
	int			engine_code;	/* the engine's own code for ORM_ERR_ENGINE (SQLite's
								 * extended result code), else 0 */
	/*
	 * Which text line/col are in: the 1-based argument of the SQL function
	 * (set by api.c), -1 for a stored text (a declaration in orm_registry, a
	 * migration script), 0 when not known.  The glue points at the
	 * character only for an argument (PostgreSQL's errposition).
	 */
	int			text_arg;
	/* an unknown name, and the class, table or enum it was looked up on ("" none) */
	char		name[128];
	char		scope[128];
	/*
	 * The error names a class or table no declaration has defined yet, which a
	 * later one may (SQLAlchemy resolves such names when the mappers are first
	 * used): orm_declare stores the source and reports it as pending.
	 */
	bool		later;
} OrmError;

/* Sets code+message (printf style) unless an error is already set; returns -1. */
int			orm_err(OrmError *e, OrmErrCode code, const char *fmt,...) ORM_PRINTF(3, 4);
/* Same, with a source position. */
int			orm_err_at(OrmError *e, OrmErrCode code, int line, int col,
					   const char *fmt,...) ORM_PRINTF(5, 6);
void		orm_err_detail(OrmError *e, const char *fmt,...) ORM_PRINTF(2, 3);
void		orm_err_hint(OrmError *e, const char *fmt,...) ORM_PRINTF(2, 3);
/* Sets the JSON path if none is set yet. */
void		orm_err_path(OrmError *e, const char *path);
void		orm_err_clear(OrmError *e);

/*
 * Records the unknown name (and the class/table/enum it was looked up on,
 * or NULL) of the error about to be set: call it just before orm_err of an
 * ORM_ERR_UNKNOWN_* / ORM_ERR_NAME error.  Does nothing once an error is set
 * (the first error wins).  The entry point (api.c) turns it into a "did you
 * mean" hint from the names the registry and the vocabulary know.
 */
void		orm_err_unknown(OrmError *e, const char *name, const char *scope);

/* The SQLSTATE of e: the engine's when it has one, else its code's. */
const char *orm_err_sqlstate(const OrmError *e);

/*
 * The 1-based character offset in text of line/col (both 1-based), or 0
 * when text has no such position.
 */
int			orm_text_offset(const char *text, int line, int col);

/*
 * "Did you mean": the known name nearest to an unknown one.  Feed it every
 * candidate; best is the nearest within a distance that grows with the
 * name (a third of its length, at least 1; a case difference counts as
 * one edit, as does swapping two neighbours), the first one on a tie.
 */
typedef struct OrmSuggest
{
	const char *name;			/* the unknown name */
	const char *best;			/* nearest candidate so far, or NULL */
	int			dist;
	bool		exact;			/* a candidate is the name itself: no hint */
} OrmSuggest;

void		orm_suggest_init(OrmSuggest *s, const char *name);
void		orm_suggest_add(OrmSuggest *s, const char *candidate);
/* Sets e's hint to "Did you mean "best"?" when there is a best one and no hint yet. */
void		orm_suggest_hint(OrmError *e, const OrmSuggest *s);
/* The edit distance of a and b (the one orm_suggest uses), or max + 1 when more than max. */
int			orm_edit_distance(const char *a, const char *b, int max);

/*
 * The one-line text shown to users:
 *   "<func>: line 3, column 5: unknown type \"Strin\""   (position known)
 *   "<func>: changes[0].data.title: NOT NULL constraint failed"  (path known)
 *   "<func>: <message>"
 */
const char *orm_error_text(OrmArena *a, const OrmError *e, const char *func);

/* ---- small helpers ------------------------------------------------------- */

uint64_t	orm_hash_str(const char *s, size_t n);	/* FNV-1a */
/* eight bytes a step, for tables whose order nothing reads (a statement
 * cache, the flush's identity map); not the same values as orm_hash_str */
uint64_t	orm_hash_bytes(const char *s, size_t n);
/* NULL-safe; inline, the first bytes compared before strcmp (the registry's
 * name lookups call it in every loop) */
static inline bool
orm_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return a[0] == b[0] && (a[0] == '\0' || strcmp(a + 1, b + 1) == 0);
}
bool		orm_strieq(const char *a, const char *b);	/* ASCII case-insensitive */
/*
 * A new UUID's text (36 characters and a NUL, or its 32 hex digits with hex)
 * from 16 random bytes: version 4, or version 7 (RFC 9562: the Unix time in
 * milliseconds of now_utc, "YYYY-MM-DD HH:MM:SS.ffffff", in its first 48 bits).
 */
void		orm_uuid_text(const unsigned char rnd[16], int version, const char *now_utc,
						  bool hex, char out[37]);

#endif							/* ORM_UTIL_H */
