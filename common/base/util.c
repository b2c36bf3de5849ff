/*
 * util.c -- arena, string builder, error model (see util.h): the errors,
 * each code's SQLSTATE (orm_err_sqlstate), positions as characters
 * (orm_text_offset) and the edit distance behind "did you mean"
 * (orm_suggest_*; the candidates are the caller's).
 *
 * The arena hands out zeroed, 8-byte aligned memory from blocks it gets from
 * the host hooks; blocks grow geometrically (up to ARENA_MAX_BLOCK) so a
 * call makes few host allocations.  Nothing is freed individually, but for
 * big allocations (util.h): blocks of their own, resized by the host's
 * realloc, given back by orm_free or when shrunk under the threshold.
 *
 * Hot paths (every value of every result row passes through them):
 * orm_strndup copies without clearing first; orm_buf_json_str scans with a
 * table and copies runs of plain bytes at once; integers are formatted
 * without printf (orm_buf_put_int, and orm_buf_printf's "%lld"/"%d" fast
 * path for callers that still use it).
 */
#include "base/util.h"

#include <stdio.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

struct OrmArenaBlock
{
	OrmArenaBlock *next;
	size_t		size;
	/* data follows, 8-byte aligned */
};

/* a big allocation's block (util.h, ORM_ARENA_BIG): header, then the data */
struct OrmBigBlock
{
	OrmBigBlock *prev;
	OrmBigBlock *next;
	size_t		size;			/* bytes of data (the request, rounded to 8) */
	uint64_t	serial;			/* the arena's big_serial when made (orm_arena_mark) */
};

#define ARENA_MIN_BLOCK 8192
#define ARENA_MAX_BLOCK ((size_t) 1024 * 1024)	/* the unused end of the newest is waste */
#define ALIGN8(n) (((n) + 7) & ~(size_t) 7)
#define IS_BIG(n) (ALIGN8((n) ? (n) : 1) >= a->big_min)
#define BIG_DATA(b) ((char *) (b) + ORM_ARENA_BIG_HDR)
#define BIG_OF(p) ((OrmBigBlock *) ((char *) (p) - ORM_ARENA_BIG_HDR))

_Static_assert(sizeof(OrmBigBlock) == ORM_ARENA_BIG_HDR, "OrmBigBlock is the big header");

void
orm_arena_init(OrmArena *a, const OrmMemHooks *hooks)
{
	memset(a, 0, sizeof(*a));
	a->hooks = *hooks;
	a->big_min = ALIGN8(hooks->big_min ? hooks->big_min : ORM_ARENA_BIG);
}

static void
big_unlink(OrmArena *a, OrmBigBlock *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		a->big = b->next;
	if (b->next)
		b->next->prev = b->prev;
	a->total -= ORM_ARENA_BIG_HDR + b->size;
}

static void
big_free(OrmArena *a, OrmBigBlock *b)
{
	big_unlink(a, b);
	if (a->hooks.big_free)
		a->hooks.big_free(a->hooks.state, b);
	else if (a->hooks.block_free)
		a->hooks.block_free(a->hooks.state, b);
}

/* a new big block of n data bytes (n rounded to 8), uninitialized */
static void *
big_alloc(OrmArena *a, size_t n)
{
	size_t		want = ORM_ARENA_BIG_HDR + n;
	OrmBigBlock *b = a->hooks.big_alloc ? a->hooks.big_alloc(a->hooks.state, want)
		: a->hooks.block_alloc(a->hooks.state, want);

	b->prev = NULL;
	b->next = a->big;
	if (a->big)
		a->big->prev = b;
	a->big = b;
	b->size = n;
	b->serial = ++a->big_serial;
	a->total += want;
	if (a->total > a->peak)
		a->peak = a->total;
	return BIG_DATA(b);
}

/*
 * Resizes the big allocation old to n data bytes (rounded to 8, big too);
 * its first keep bytes survive.  In place or moved by the host's realloc;
 * without one, a copy.
 */
static void *
big_resize(OrmArena *a, void *old, size_t keep, size_t n)
{
	OrmBigBlock *b = BIG_OF(old);
	OrmBigBlock *prev = b->prev,
			   *next = b->next;
	OrmBigBlock *nb;
	char	   *p;

	if (n == b->size)
		return old;
	if (!a->hooks.big_realloc)
	{
		p = big_alloc(a, n);
		memcpy(p, old, keep < n ? keep : n);
		BIG_OF(p)->serial = b->serial;	/* made when the old one was (orm_arena_mark) */
		big_free(a, b);
		return p;
	}
	nb = a->hooks.big_realloc(a->hooks.state, b, ORM_ARENA_BIG_HDR + n);
	/* the header moved with the data: its neighbours point at it anew */
	if (prev)
		prev->next = nb;
	else
		a->big = nb;
	if (next)
		next->prev = nb;
	a->total += n;
	a->total -= nb->size;
	if (a->total > a->peak)
		a->peak = a->total;
	nb->size = n;
	return BIG_DATA(nb);
}

void
orm_arena_reset(OrmArena *a)
{
	OrmArenaBlock *b = a->head;

	while (b)
	{
		OrmArenaBlock *next = b->next;

		if (a->hooks.block_free)
			a->hooks.block_free(a->hooks.state, b);
		b = next;
	}
	while (a->big)
		big_free(a, a->big);
	a->head = NULL;
	a->ptr = NULL;
	a->left = 0;
	a->total = 0;
	a->peak = 0;
}

void
orm_arena_mark(OrmArena *a, OrmArenaMark *m)
{
	m->head = a->head;
	m->ptr = a->ptr;
	m->left = a->left;
	m->big_serial = a->big_serial;
}

void
orm_arena_release(OrmArena *a, const OrmArenaMark *m, const void *keep)
{
	OrmBigBlock *b = a->big;

	while (a->head && a->head != m->head)
	{
		OrmArenaBlock *next = a->head->next;

		a->total -= a->head->size;
		if (a->hooks.block_free)
			a->hooks.block_free(a->hooks.state, a->head);
		a->head = next;
	}
	a->ptr = m->ptr;
	a->left = m->left;
	while (b)
	{
		OrmBigBlock *next = b->next;

		if (b->serial > m->big_serial && BIG_DATA(b) != (const char *) keep)
			big_free(a, b);
		b = next;
	}
}

void *
orm_arena_detach(OrmArena *a, const void *p, size_t keep)
{
	OrmBigBlock *b;

	for (b = a->big; b; b = b->next)
		if (BIG_DATA(b) == (const char *) p)
			break;
	if (!b)
		return NULL;
	keep = ALIGN8(keep ? keep : 1);
	if (keep < b->size && a->hooks.big_realloc)
		b = BIG_OF(big_resize(a, (void *) p, keep, keep));
	big_unlink(a, b);
	return b;
}

/* Uninitialized allocation; orm_alloc and orm_realloc clear what needs it. */
void *
orm_arena_raw(OrmArena *a, size_t n)
{
	void	   *p;

	n = ALIGN8(n ? n : 1);
	if (n >= a->big_min)
		return big_alloc(a, n);
	if (n > a->left)
	{
		size_t		want = a->head ? a->head->size * 2 : ARENA_MIN_BLOCK;
		size_t		hdr = ALIGN8(sizeof(OrmArenaBlock));
		OrmArenaBlock *b;

		if (want > ARENA_MAX_BLOCK)
			want = ARENA_MAX_BLOCK;
		if (want < n + hdr)
			want = n + hdr;
		b = a->hooks.block_alloc(a->hooks.state, want);
		b->size = want;
		b->next = a->head;
		a->head = b;
		a->ptr = (char *) b + hdr;
		a->left = want - hdr;
		a->total += want;
		if (a->total > a->peak)
			a->peak = a->total;
	}
	p = a->ptr;
	a->ptr += n;
	a->left -= n;
	return p;
}

void *
orm_alloc_block(OrmArena *a, size_t n)
{
	void	   *p = orm_arena_raw(a, n);

	memset(p, 0, ALIGN8(n ? n : 1));
	return p;
}

/*
 * A big allocation old of oldn bytes resized to newn, its first keep bytes
 * kept: in its block while newn is big, else copied into the small blocks
 * and its block freed.
 */
static void *
big_realloc(OrmArena *a, void *old, size_t keep, size_t newn)
{
	char	   *p;

	if (IS_BIG(newn))
		return big_resize(a, old, keep, ALIGN8(newn));
	p = orm_arena_raw(a, newn);
	memcpy(p, old, keep < newn ? keep : newn);
	big_free(a, BIG_OF(old));
	return p;
}

/*
 * Grows (or shrinks) an allocation.  Growth in place when `old` is the last
 * allocation of the newest block or a big allocation; otherwise a copy.
 * Only the bytes past oldn are cleared, so growing a large row array costs
 * one copy (none when big), not a clear of everything.
 */
void *
orm_realloc(OrmArena *a, void *old, size_t oldn, size_t newn)
{
	char	   *p;

	if (old && ALIGN8(oldn) == ALIGN8(newn))
		return old;
	if (old && IS_BIG(oldn))
	{
		p = big_realloc(a, old, oldn, newn);
		if (newn > oldn)
			memset(p + oldn, 0, ALIGN8(newn) - oldn);
		return p;
	}
	if (old && newn > oldn && (char *) old + ALIGN8(oldn) == a->ptr &&
		ALIGN8(newn) - ALIGN8(oldn) <= a->left && !IS_BIG(newn))
	{
		size_t		extra = ALIGN8(newn) - ALIGN8(oldn);

		memset((char *) old + oldn, 0, ALIGN8(newn) - oldn);
		a->ptr += extra;
		a->left -= extra;
		return old;
	}
	p = orm_arena_raw(a, newn);
	if (old)
		memcpy(p, old, oldn < newn ? oldn : newn);
	if (newn > oldn || !old)
		memset(p + (old ? oldn : 0), 0, ALIGN8(newn) - (old ? oldn : 0));
	return p;
}

/*
 * Grows an allocation of cap bytes of which the first used are kept; the
 * rest is left uninitialized.  In place when it is the newest allocation
 * or a big one.
 */
static void *
arena_grow(OrmArena *a, void *old, size_t used, size_t cap, size_t newn)
{
	char	   *p;

	if (old && newn <= ALIGN8(cap))
		return old;
	if (old && IS_BIG(cap))
		return big_resize(a, old, used, ALIGN8(newn));
	if (old && (char *) old + ALIGN8(cap) == a->ptr &&
		ALIGN8(newn) - ALIGN8(cap) <= a->left && !IS_BIG(newn))
	{
		size_t		extra = ALIGN8(newn) - ALIGN8(cap);

		a->ptr += extra;
		a->left -= extra;
		return old;
	}
	p = orm_arena_raw(a, newn);
	if (old && used)
		memcpy(p, old, used < newn ? used : newn);
	return p;
}

void
orm_free(OrmArena *a, void *p, size_t n)
{
	if (p && IS_BIG(n))
		big_free(a, BIG_OF(p));
}

/* growth as arena_grow; a big allocation also shrinks (rows read to their end) */
void *
orm_grow(OrmArena *a, void *old, size_t oldn, size_t newn)
{
	if (old && newn < oldn && IS_BIG(oldn))
		return ALIGN8(newn) == ALIGN8(oldn) ? old : big_realloc(a, old, newn, newn);
	return arena_grow(a, old, oldn, oldn, newn);
}

char *
orm_strndup(OrmArena *a, const char *s, size_t n)
{
	char	   *p = orm_arena_raw(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
orm_strdup(OrmArena *a, const char *s)
{
	return s ? orm_strndup(a, s, strlen(s)) : NULL;
}

/* formatted on the stack, then copied at its size (an OrmBuf would take 256 bytes) */
char *
orm_sprintf(OrmArena *a, const char *fmt,...)
{
	char		tmp[256];
	OrmBuf		b;
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t) n < sizeof(tmp))
		return orm_strndup(a, tmp, (size_t) n);
	orm_buf_init(&b, a);
	va_start(ap, fmt);
	orm_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return (char *) orm_buf_cstr(&b);
}

void
orm_vec_push(OrmArena *a, OrmPtrVec *v, void *item)
{
	if (v->n == v->cap)
	{
		int			ncap = v->cap ? v->cap * 2 : 8;

		v->items = orm_realloc(a, v->items, sizeof(void *) * v->cap,
							   sizeof(void *) * ncap);
		v->cap = ncap;
	}
	v->items[v->n++] = item;
}

/* ---- string builder ------------------------------------------------------ */

void
orm_buf_init(OrmBuf *b, OrmArena *a)
{
	b->arena = a;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
orm_buf_reserve(OrmBuf *b, size_t extra)
{
	size_t		need = b->len + extra + 1;

	if (need > b->cap)
	{
		size_t		ncap = b->cap ? b->cap * 2 : 256;

		/* a big one grows by half (a realloc, util.h): less unused at its end */
		if (b->cap >= b->arena->big_min)
			ncap = b->cap + b->cap / 2;
		while (ncap < need)
			ncap *= 2;
		b->data = arena_grow(b->arena, b->data, b->data ? b->len + 1 : 0, b->cap, ncap);
		b->cap = ncap;
	}
}

void
orm_buf_vprintf(OrmBuf *b, const char *fmt, va_list ap)
{
	va_list		ap2;
	int			n;

	va_copy(ap2, ap);
	orm_buf_reserve(b, 64);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	if (n >= 0 && (size_t) n >= b->cap - b->len)
	{
		orm_buf_reserve(b, (size_t) n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	}
	va_end(ap2);
	if (n > 0)
		b->len += (size_t) n;
}

void
orm_buf_put_int(OrmBuf *b, int64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	char		tmp[24];
	char	   *p = tmp + sizeof(tmp);
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;

	while (u >= 100)
	{
		unsigned	d = (unsigned) (u % 100) * 2;

		u /= 100;
		*--p = pairs[d + 1];
		*--p = pairs[d];
	}
	if (u >= 10)
	{
		*--p = pairs[u * 2 + 1];
		*--p = pairs[u * 2];
	}
	else
		*--p = (char) ('0' + u);
	if (v < 0)
		*--p = '-';
	orm_buf_put(b, p, (size_t) (tmp + sizeof(tmp) - p));
}

void
orm_buf_printf(OrmBuf *b, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	if (fmt[0] == '%' && fmt[1] == 'd' && fmt[2] == '\0')
		orm_buf_put_int(b, va_arg(ap, int));
	else if (fmt[0] == '%' && strcmp(fmt, "%lld") == 0)
		orm_buf_put_int(b, va_arg(ap, long long));
	else
		orm_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
orm_buf_cstr(OrmBuf *b)
{
	if (!b->data)
		orm_buf_reserve(b, 0), b->data[0] = '\0';
	return b->data;
}

void
orm_buf_truncate(OrmBuf *b, size_t len)
{
	if (len < b->len)
	{
		b->len = len;
		b->data[len] = '\0';
	}
}

/* 1 for the bytes a JSON string must escape: controls, '"' and '\\'. */
static const unsigned char buf_json_esc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

#define BUF_ONES	UINT64_C(0x0101010101010101)
#define BUF_HIGHS	UINT64_C(0x8080808080808080)

/* Whether one of the 8 bytes of x is < 0x20, '"' or '\\' (exact, no false positives). */
static inline bool
buf_word_needs_escape(uint64_t x)
{
	uint64_t	q = x ^ (BUF_ONES * 0x22);
	uint64_t	b = x ^ (BUF_ONES * 0x5C);

	return (((x - BUF_ONES * 0x20) & ~x) |
			((q - BUF_ONES) & ~q) |
			((b - BUF_ONES) & ~b)) & BUF_HIGHS;
}

/*
 * The index of the first byte of s[i..n) that needs an escape, or n:
 * sixteen bytes a step with SSE2 (x86-64 always has it), then eight.  The
 * last step of a run reads the last sixteen (or eight) bytes of s, over
 * bytes already passed, instead of going on byte by byte.
 */
static size_t
buf_json_plain_run(const char *s, size_t i, size_t n)
{
	uint64_t	x;

#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 16)
	{
		const __m128i quote = _mm_set1_epi8('"'),
					bslash = _mm_set1_epi8('\\'),
					high = _mm_set1_epi8((char) 0xe0),
					zero = _mm_setzero_si128();
		__m128i		w;
		unsigned	m;

		while (n - i >= 16)
		{
			w = _mm_loadu_si128((const __m128i *) (s + i));
			m = (unsigned) _mm_movemask_epi8(
				_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, bslash)),
							 _mm_cmpeq_epi8(_mm_and_si128(w, high), zero)));
			if (m)
				return i + (size_t) __builtin_ctz(m);
			i += 16;
		}
		if (i == n)
			return n;
		/* the last sixteen bytes: those before i are not looked at (the
		 * escape just written, or plain bytes already passed) */
		w = _mm_loadu_si128((const __m128i *) (s + n - 16));
		m = (unsigned) _mm_movemask_epi8(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, bslash)),
						 _mm_cmpeq_epi8(_mm_and_si128(w, high), zero)));
		m &= ~0u << (i - (n - 16));
		return m ? n - 16 + (size_t) __builtin_ctz(m) : n;
	}
#endif
	while (n - i >= 8)
	{
		memcpy(&x, s + i, 8);
		if (buf_word_needs_escape(x))
			break;
		i += 8;
	}
	if (n - i >= 4 && n - i < 8 && n >= 8)
	{
		/* the last eight bytes; one before i that needs an escape (the one
		 * just written) sends the rest byte by byte */
		memcpy(&x, s + n - 8, 8);
		if (!buf_word_needs_escape(x))
			return n;
	}
	while (i < n && !buf_json_esc[(unsigned char) s[i]])
		i++;
	return i;
}

/* The escape of one byte that needs it, at dst (at most 6 bytes); returns its length. */
static size_t
buf_json_escape(char *dst, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char		e = 0;

	switch (c)
	{
		case '"':
			e = '"';
			break;
		case '\\':
			e = '\\';
			break;
		case '\n':
			e = 'n';
			break;
		case '\r':
			e = 'r';
			break;
		case '\t':
			e = 't';
			break;
		case '\b':
			e = 'b';
			break;
		case '\f':
			e = 'f';
			break;
	}
	dst[0] = '\\';
	if (e)
	{
		dst[1] = e;
		return 2;
	}
	dst[1] = 'u';
	dst[2] = '0';
	dst[3] = '0';
	dst[4] = hex[c >> 4];
	dst[5] = hex[c & 15];
	return 6;
}

void
orm_buf_json_str(OrmBuf *b, const char *s, size_t n)
{
	size_t		i = 0;
	char	   *d;

	orm_buf_reserve(b, n + 2);
	d = b->data + b->len;
	*d++ = '"';
	for (;;)
	{
		size_t		run = i;

		i = buf_json_plain_run(s, i, n);
		memcpy(d, s + run, i - run);
		d += i - run;
		if (i == n)
			break;
		/* room for this escape and the rest unescaped, plus the quote */
		b->len = (size_t) (d - b->data);
		orm_buf_reserve(b, 6 + (n - i - 1) + 1);
		d = b->data + b->len;
		d += buf_json_escape(d, (unsigned char) s[i]);
		i++;
	}
	*d++ = '"';
	*d = '\0';
	b->len = (size_t) (d - b->data);
}

/* ---- errors -------------------------------------------------------------- */

/*
 * A message cut at its buffer's size may end inside a UTF-8 character (the
 * user's text is quoted in it): the partial character is dropped, so that
 * every message is valid UTF-8 for the engine and its clients.
 */
static void
err_utf8_trim(char *buf)
{
	size_t		n = strlen(buf),
				i = n,
				need;
	unsigned char c;

	while (i > 0 && ((unsigned char) buf[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return;
	c = (unsigned char) buf[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (c >= 0x80 && n - (i - 1) < need)
		buf[i - 1] = '\0';
}

static void
err_vset(OrmError *e, OrmErrCode code, const char *fmt, va_list ap)
{
	e->code = code;
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	err_utf8_trim(e->message);
}

int
orm_err(OrmError *e, OrmErrCode code, const char *fmt,...)
{
	va_list		ap;

	if (e->code != ORM_OK)
		return -1;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

int
orm_err_at(OrmError *e, OrmErrCode code, int line, int col, const char *fmt,...)
{
	va_list		ap;

	if (e->code != ORM_OK)
		return -1;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	e->line = line;
	e->col = col;
	return -1;
}

void
orm_err_detail(OrmError *e, const char *fmt,...)
{
	va_list		ap;

	if (e->detail[0])
		return;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	err_utf8_trim(e->detail);
	va_end(ap);
}

void
orm_err_hint(OrmError *e, const char *fmt,...)
{
	va_list		ap;

	if (e->hint[0])
		return;
	va_start(ap, fmt);
	vsnprintf(e->hint, sizeof(e->hint), fmt, ap);
	err_utf8_trim(e->hint);
	va_end(ap);
}

void
orm_err_path(OrmError *e, const char *path)
{
	if (!e->path[0] && path)
		snprintf(e->path, sizeof(e->path), "%s", path);
}

void
orm_err_clear(OrmError *e)
{
	memset(e, 0, sizeof(*e));
}

void
orm_err_unknown(OrmError *e, const char *name, const char *scope)
{
	if (e->code != ORM_OK)
		return;
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	snprintf(e->scope, sizeof(e->scope), "%s", scope ? scope : "");
}

/*
 * One SQLSTATE per code, chosen as PostgreSQL chooses for the same mistake
 * in SQL: a missing table 42P01, column 42703, function 42883, type 42704;
 * the constraint classes 23xxx; a stale version 40001, which clients
 * retry as a serialization failure.
 */
const char *
orm_err_sqlstate(const OrmError *e)
{
	if (e->sqlstate[0])
		return e->sqlstate;
	switch (e->code)
	{
		case ORM_OK:
			return "00000";
		case ORM_ERR_SYNTAX:
			return "42601";		/* syntax_error */
		case ORM_ERR_NAME:
			return "42704";		/* undefined_object */
		case ORM_ERR_DECL:
			return "42P17";		/* invalid_object_definition */
		case ORM_ERR_QUERY:
			return "42000";		/* syntax_error_or_access_rule_violation */
		case ORM_ERR_PARAM:
			return "22023";		/* invalid_parameter_value */
		case ORM_ERR_FLUSH:
			return "55000";		/* object_not_in_prerequisite_state */
		case ORM_ERR_STALE:
			return "40001";		/* serialization_failure */
		case ORM_ERR_NOTFOUND:
			return "P0002";		/* no_data_found */
		case ORM_ERR_UNSUPPORTED:
			return "0A000";		/* feature_not_supported */
		case ORM_ERR_UNKNOWN_ENTITY:
			return "42P01";		/* undefined_table */
		case ORM_ERR_UNKNOWN_ATTR:
			return "42703";		/* undefined_column */
		case ORM_ERR_UNKNOWN_FUNC:
			return "42883";		/* undefined_function */
		case ORM_ERR_UNKNOWN_TYPE:
			return "42704";		/* undefined_object */
		case ORM_ERR_INVALID_VALUE:
			return "22P02";		/* invalid_text_representation */
		case ORM_ERR_NOT_NULL:
			return "23502";		/* not_null_violation */
		case ORM_ERR_UNIQUE:
			return "23505";		/* unique_violation */
		case ORM_ERR_FOREIGN_KEY:
			return "23503";		/* foreign_key_violation */
		case ORM_ERR_CHECK:
			return "23514";		/* check_violation */
		case ORM_ERR_ENGINE:
		case ORM_ERR_INTERNAL:
			break;
	}
	return "XX000";				/* internal_error */
}

int
orm_text_offset(const char *text, int line, int col)
{
	const unsigned char *p = (const unsigned char *) text;
	int			l = 1,
				c = 1,
				off = 1;

	if (!text || line < 1 || col < 1)
		return 0;
	for (; *p; p++)
	{
		if ((*p & 0xC0) == 0x80)
			continue;			/* a UTF-8 continuation byte: same character */
		if (l == line && c == col)
			return off;
		if (*p == '\n')
		{
			if (l == line)
				return 0;		/* col is past the end of its line */
			l++;
			c = 1;
		}
		else
			c++;
		off++;
	}
	return l == line && c == col ? off : 0;	/* just after the last character */
}

/* ---- did you mean -------------------------------------------------------- */

#define SUGGEST_MAXLEN 64

int
orm_edit_distance(const char *a, const char *b, int max)
{
	int			la = (int) strlen(a),
				lb = (int) strlen(b);
	int			d[3][SUGGEST_MAXLEN + 1];	/* rows i, i-1, i-2 of the table, by i % 3 */
	int			i,
				j;

	if (la > SUGGEST_MAXLEN || lb > SUGGEST_MAXLEN || (la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
	{
		int		   *cur = d[i % 3],
				   *prev = d[(i - 1) % 3],
				   *prev2 = d[(i + 1) % 3];	/* row i - 2 */
		int			rowmin;

		cur[0] = rowmin = i;
		for (j = 1; j <= lb; j++)
		{
			int			v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			/* swapping two neighbours is one edit */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > max)
			return max + 1;
	}
	return d[la % 3][lb] > max ? max + 1 : d[la % 3][lb];
}

void
orm_suggest_init(OrmSuggest *s, const char *name)
{
	s->name = name;
	s->best = NULL;
	s->dist = 0;
	s->exact = false;
}

void
orm_suggest_add(OrmSuggest *s, const char *candidate)
{
	int			max,
				d;

	if (!s->name || !s->name[0] || !candidate || !candidate[0])
		return;
	if (strcmp(s->name, candidate) == 0)
	{
		/*
		 * The name is a word of the vocabulary that does not apply here
		 * (has_key() of a String column): a neighbour would mislead.
		 */
		s->exact = true;
		return;
	}
	max = (int) strlen(s->name) / 3;
	if (max < 1)
		max = 1;
	if (s->best)
		max = s->dist - 1;		/* only a nearer one replaces it */
	if (max < 1)
		return;
	d = orm_edit_distance(s->name, candidate, max);
	if (d == 0 || d > max)
		return;
	s->best = candidate;
	s->dist = d;
}

void
orm_suggest_hint(OrmError *e, const OrmSuggest *s)
{
	if (s->best && !s->exact)
		orm_err_hint(e, "Did you mean \"%s\"?", s->best);
}

const char *
orm_error_text(OrmArena *a, const OrmError *e, const char *func)
{
	if (e->line > 0)
		return orm_sprintf(a, "%s: line %d, column %d: %s", func, e->line, e->col, e->message);
	if (e->path[0])
		return orm_sprintf(a, "%s: %s: %s", func, e->path, e->message);
	return orm_sprintf(a, "%s: %s", func, e->message);
}

/* ---- small helpers ------------------------------------------------------- */

uint64_t
orm_hash_str(const char *s, size_t n)
{
	uint64_t	h = 1469598103934665603ULL;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t
orm_hash_bytes(const char *s, size_t n)
{
	uint64_t	h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t) n,
				w;

	for (; n >= 8; s += 8, n -= 8)
	{
		memcpy(&w, s, 8);
		h = (h ^ w) * UINT64_C(0xbf58476d1ce4e5b9);
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * UINT64_C(0x94d049bb133111eb);
	return h ^ (h >> 29);
}

bool
orm_strieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a && *b; a++, b++)
	{
		char		x = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
		char		y = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/* days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil) */
static long long
orm_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long	era;
	unsigned	yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned) (y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long) doe - 719468;
}

static long long
orm_digits(const char *s, int n)
{
	long long	v = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

void
orm_uuid_text(const unsigned char rnd[16], int version, const char *now_utc, bool hex,
			  char out[37])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char b[16];
	int			i,
				k = 0;

	memcpy(b, rnd, 16);
	if (version == 7 && now_utc && strlen(now_utc) >= 19)
	{
		long long	y = orm_digits(now_utc, 4),
					mo = orm_digits(now_utc + 5, 2),
					d = orm_digits(now_utc + 8, 2),
					h = orm_digits(now_utc + 11, 2),
					mi = orm_digits(now_utc + 14, 2),
					sec = orm_digits(now_utc + 17, 2),
					ms = now_utc[19] == '.' && strlen(now_utc) >= 23 ? orm_digits(now_utc + 20, 3) : 0;
		unsigned long long t = 0;

		if (y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && mi >= 0 &&
			sec >= 0 && ms >= 0)
			t = (unsigned long long) (((orm_days_from_civil(y, (unsigned) mo, (unsigned) d) * 24 +
										h) * 60 + mi) * 60 + sec) * 1000ULL + (unsigned long long) ms;
		for (i = 0; i < 6; i++)
			b[i] = (unsigned char) (t >> (8 * (5 - i)));
		b[6] = (unsigned char) ((b[6] & 0x0f) | 0x70);
	}
	else
		b[6] = (unsigned char) ((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char) ((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++)
	{
		if (!hex && (i == 4 || i == 6 || i == 8 || i == 10))
			out[k++] = '-';
		out[k++] = digits[b[i] >> 4];
		out[k++] = digits[b[i] & 15];
	}
	out[k] = '\0';
}
