/*
 * json.c -- a strict RFC 8259 JSON reader into an arena DOM, and the compact
 * writer (json.h).
 *
 * Owns: parsing (recursive descent, one function per value kind), the DOM
 * constructors and the compact writer.  Assumes: every byte comes from the
 * call arena; the input text need not be NUL-terminated and is not referenced
 * after json_parse returns (it is copied once into the arena, where the
 * strings end and decode in place and numbers end in place: the byte after
 * a number is a separator, a space or the end, never a string's).
 * json_parse_split puts that copy in an arena of its own, so that the
 * values can be freed while the strings stay (a flush's changes).
 *
 * Behaviour worth knowing:
 *   - object keys keep their order; a duplicate key replaces the earlier
 *     value in place (what Python's json.loads ends up with);
 *   - numbers keep their text; is_int/ival when the text has no fraction or
 *     exponent and fits int64; dval always (locale-independent strtod);
 *   - \uXXXX escapes decode to UTF-8, surrogate pairs combined; a lone
 *     surrogate is an error; raw control characters in strings are errors;
 *   - nesting deeper than JSON_MAX_DEPTH is an error, not a stack overflow;
 *   - anything but whitespace after the value is an error.
 * Errors are ORM_ERR_PARAM "invalid JSON at line L, column C: <what>".
 *
 * Arrays and objects grow by doubling; their capacity is implied by n
 * (json_cap), or is n itself for a parsed one (exact: a flush's changes are
 * mostly objects of a few members), so json_array_push/json_object_set work
 * on parsed values too.  A DOM built by hand must therefore use these
 * functions to add members.
 */
#include "base/json.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#define JSON_MAX_DEPTH 512

typedef struct JsonParser
{
	OrmArena   *arena;			/* the values (json_parse_split's tree) */
	const char *text;
	char	   *copy;			/* the text copied once (into keep): strings and
								 * numbers end and decode in it */
	size_t		n;
	size_t		pos;
	int			depth;
	char		decimal_point;	/* the locale's, for strtod */
	OrmError   *err;
	int			(*poll) (void *arg);	/* NULL, or json_parse_polled's */
	void	   *poll_arg;
	unsigned	nvalues;		/* values begun, for poll */

	/*
	 * Members of the containers being parsed, innermost last.  A container
	 * takes its members off the top when it closes, so each member array is
	 * allocated once, at its final size.
	 */
	JsonValue **vals;
	const char **keys;
	size_t	   *klens;
	int			top;
	int			cap;
	OrmArena   *stack_arena;	/* where vals/keys/klens live (NULL: arena) */
} JsonParser;

static JsonValue *json_parse_value(JsonParser *p);

/* ---- errors -------------------------------------------------------------- */

/* Reports `what` at byte offset at, as line and (character) column. */
static JsonValue *
json_fail_at(JsonParser *p, size_t at, const char *what)
{
	int			line = 1,
				col = 1;
	size_t		i;

	if (at > p->n)
		at = p->n;
	for (i = 0; i < at; i++)
	{
		unsigned char c = (unsigned char) p->text[i];

		if (c == '\n')
			line++, col = 1;
		else if ((c & 0xC0) != 0x80)
			col++;
	}
	orm_err(p->err, ORM_ERR_INVALID_VALUE, "invalid JSON at line %d, column %d: %s",
			line, col, what);
	return NULL;
}

static JsonValue *
json_fail(JsonParser *p, const char *what)
{
	return json_fail_at(p, p->pos, what);
}

/* "unexpected end of input" or "unexpected character 'x'" at the cursor. */
static JsonValue *
json_fail_unexpected(JsonParser *p)
{
	char		msg[64];
	unsigned char c;

	if (p->pos >= p->n)
		return json_fail(p, "unexpected end of input");
	c = (unsigned char) p->text[p->pos];
	if (c >= 0x20 && c < 0x7f)
		snprintf(msg, sizeof(msg), "unexpected character '%c'", c);
	else
		snprintf(msg, sizeof(msg), "unexpected byte 0x%02x", c);
	return json_fail(p, msg);
}

/* ---- small helpers ------------------------------------------------------- */

static inline void
json_skip_ws(JsonParser *p)
{
	while (p->pos < p->n)
	{
		char		c = p->text[p->pos];

		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			break;
		p->pos++;
	}
}

/* Implied capacity of an array/object of n members (see file comment). */
static int
json_cap(int n)
{
	int			c = 4;

	if (n <= 0)
		return 0;
	while (c < n)
		c *= 2;
	return c;
}

/* Makes room for one more member of arr (ARRAY or OBJECT). */
static void
json_grow(OrmArena *a, JsonValue *v)
{
	int			cap = v->exact ? v->n : json_cap(v->n);
	int			ncap;

	if (v->n < cap)
		return;
	ncap = json_cap(v->n + 1);	/* what json_cap implies from now on */
	v->exact = false;
	v->items = orm_realloc(a, v->items, sizeof(JsonValue *) * (size_t) cap,
						   sizeof(JsonValue *) * (size_t) ncap);
	if (v->kind == JSON_OBJECT)
	{
		v->keys = orm_realloc(a, (void *) v->keys, sizeof(char *) * (size_t) cap,
							  sizeof(char *) * (size_t) ncap);
		v->keylens = orm_realloc(a, v->keylens, sizeof(size_t) * (size_t) cap,
								 sizeof(size_t) * (size_t) ncap);
	}
}

static int
json_find_key(const JsonValue *obj, const char *key, size_t klen)
{
	int			i;

	for (i = obj->n - 1; i >= 0; i--)
		if (obj->keylens[i] == klen && memcmp(obj->keys[i], key, klen) == 0)
			return i;
	return -1;
}

/* Appends key/val, or replaces the value of an existing key in place. */
static void
json_obj_put(OrmArena *a, JsonValue *obj, const char *key, size_t klen, JsonValue *val)
{
	int			i = json_find_key(obj, key, klen);

	if (i >= 0)
	{
		obj->items[i] = val;
		return;
	}
	json_grow(a, obj);
	obj->keys[obj->n] = key;
	obj->keylens[obj->n] = klen;
	obj->items[obj->n] = val;
	obj->n++;
}

/* strtod that always reads '.' as the decimal point, whatever the locale. */
static double
json_strtod(const JsonParser *p, const char *s, size_t len)
{
	char		tmp[64];
	size_t		i;

	if (p->decimal_point == '.' || len >= sizeof(tmp) || !memchr(s, '.', len))
		return strtod(s, NULL);
	for (i = 0; i < len; i++)
		tmp[i] = (s[i] == '.') ? p->decimal_point : s[i];
	tmp[len] = '\0';
	return strtod(tmp, NULL);
}

static char
json_locale_point(void)
{
	const char *dp = localeconv()->decimal_point;

	return (dp && dp[0] && !dp[1]) ? dp[0] : '.';
}

/* ---- scalars ------------------------------------------------------------- */

/* literal: true | false | null */
static JsonValue *
json_parse_literal(JsonParser *p, const char *word, JsonKind kind)
{
	size_t		len = strlen(word);

	if (p->n - p->pos < len || memcmp(p->text + p->pos, word, len) != 0)
		return json_fail_unexpected(p);
	p->pos += len;
	return json_new(p->arena, kind);
}

static size_t
json_digits(JsonParser *p)
{
	size_t		start = p->pos;

	while (p->pos < p->n && p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
		p->pos++;
	return p->pos - start;
}

/* Fills ival/is_int from an integer text ("-123"); false on int64 overflow. */
static bool
json_int_value(const char *s, size_t len, int64_t *out)
{
	bool		neg = (s[0] == '-');
	uint64_t	acc = 0;
	uint64_t	limit = neg ? (uint64_t) INT64_MAX + 1 : (uint64_t) INT64_MAX;
	size_t		i;

	for (i = neg ? 1 : 0; i < len; i++)
	{
		unsigned	d = (unsigned) (s[i] - '0');

		if (acc > (limit - d) / 10)
			return false;
		acc = acc * 10 + d;
	}
	if (neg)
		*out = (acc == (uint64_t) INT64_MAX + 1) ? INT64_MIN : -(int64_t) acc;
	else
		*out = (int64_t) acc;
	return true;
}

/* number: '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? */
static JsonValue *
json_parse_number(JsonParser *p)
{
	size_t		start = p->pos;
	bool		integral = true;
	JsonValue  *v;

	if (p->text[p->pos] == '-')
		p->pos++;
	if (p->pos < p->n && p->text[p->pos] == '0')
		p->pos++;
	else if (json_digits(p) == 0)
		return json_fail_at(p, start, "invalid number");
	if (p->pos < p->n && p->text[p->pos] == '.')
	{
		p->pos++;
		integral = false;
		if (json_digits(p) == 0)
			return json_fail(p, "invalid number");
	}
	if (p->pos < p->n && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E'))
	{
		p->pos++;
		integral = false;
		if (p->pos < p->n && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
			p->pos++;
		if (json_digits(p) == 0)
			return json_fail(p, "invalid number");
	}
	v = json_new(p->arena, JSON_NUMBER);
	v->len = p->pos - start;
	/* the byte after a number (a separator, space or the end) is no string's */
	v->str = p->copy + start;
	p->copy[p->pos] = '\0';
	v->is_int = integral && json_int_value(v->str, v->len, &v->ival);
	v->dval = v->is_int ? (double) v->ival : json_strtod(p, v->str, v->len);
	return v;
}

static int
json_hex4(const char *s)
{
	int			i,
				v = 0;

	for (i = 0; i < 4; i++)
	{
		char		c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Writes code point cp as UTF-8 at d; returns the byte count. */
static size_t
json_put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80)
	{
		d[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		d[0] = (char) (0xC0 | (cp >> 6));
		d[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		d[0] = (char) (0xE0 | (cp >> 12));
		d[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		d[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (char) (0xF0 | (cp >> 18));
	d[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	d[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	d[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/* \uXXXX[\uXXXX] at the cursor (just after the backslash-u); -1 on error. */
static int
json_parse_uescape(JsonParser *p, char *d, size_t *k)
{
	size_t		at = p->pos - 2;
	int			hi,
				lo;

	if (p->n - p->pos < 4 || (hi = json_hex4(p->text + p->pos)) < 0)
		return json_fail_at(p, at, "invalid \\u escape"), -1;
	p->pos += 4;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return json_fail_at(p, at, "lone low surrogate in \\u escape"), -1;
	if (hi < 0xD800 || hi > 0xDBFF)
	{
		*k += json_put_utf8(d + *k, (unsigned) hi);
		return 0;
	}
	if (p->n - p->pos < 6 || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u' ||
		(lo = json_hex4(p->text + p->pos + 2)) < 0xDC00 || lo > 0xDFFF)
		return json_fail_at(p, at, "high surrogate not followed by a low surrogate"), -1;
	p->pos += 6;
	*k += json_put_utf8(d + *k, 0x10000 + (((unsigned) hi - 0xD800) << 10) + ((unsigned) lo - 0xDC00));
	return 0;
}

/* One escape sequence; the cursor is on the backslash.  Appends to d at *k. */
static int
json_parse_escape(JsonParser *p, char *d, size_t *k)
{
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	char		c = p->text[p->pos + 1];

	p->pos += 2;
	if (c == 'u')
		return json_parse_uescape(p, d, k);
	if (c == '\0' || (hit = strchr(from, c)) == NULL)
		return json_fail_at(p, p->pos - 2, "invalid escape"), -1;
	d[(*k)++] = to[hit - from];
	return 0;
}

/*
 * The bytes a string's first scan stops at: '"', '\\' and the control
 * characters (below 0x20).
 */
static const unsigned char json_str_stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

/*
 * The first byte at or after pos, before n, that json_str_stop names (n when
 * none): sixteen bytes a step with SSE2 (x86-64 always has it), else eight
 * (a byte b is '"', '\\' or below 0x20 exactly when b ^ '"', b ^ '\\' or
 * b & 0xe0 is zero), then byte by byte.
 */
static inline size_t
json_str_scan(const char *text, size_t pos, size_t n)
{
	if (pos >= n)
		return pos;				/* a backslash was the last byte */
#if defined(__SSE2__) && defined(__GNUC__)
	{
		const __m128i quote = _mm_set1_epi8('"'),
					bslash = _mm_set1_epi8('\\'),
					high = _mm_set1_epi8((char) 0xe0),
					zero = _mm_setzero_si128();

		while (n - pos >= 16)
		{
			__m128i		w = _mm_loadu_si128((const __m128i *) (text + pos));
			__m128i		hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote),
													 _mm_cmpeq_epi8(w, bslash)),
										   _mm_cmpeq_epi8(_mm_and_si128(w, high), zero));
			unsigned	m = (unsigned) _mm_movemask_epi8(hit);

			if (m)
				return pos + (size_t) __builtin_ctz(m);
			pos += 16;
		}
	}
#else
	{
		const uint64_t ones = 0x0101010101010101ULL,
					highs = 0x8080808080808080ULL;

		while (n - pos >= 8)
		{
			uint64_t	w,
						q,
						b,
						c;

			memcpy(&w, text + pos, 8);
			q = w ^ (ones * '"');
			b = w ^ (ones * '\\');
			c = w & (ones * 0xe0);
			/* some byte of q, b or c is zero exactly when this is nonzero */
			if (((q - ones) & ~q & highs) | ((b - ones) & ~b & highs) | ((c - ones) & ~c & highs))
				break;
			pos += 8;
		}
	}
#endif
	while (pos < n && !json_str_stop[(unsigned char) text[pos]])
		pos++;
	return pos;
}

/*
 * string: '"' char* '"'.  The cursor is on the opening quote.  Sets *out and
 * *outlen to the decoded, NUL-terminated string, which lives in the parser's
 * copy of the text (json_parse_polled makes it): a string without escapes
 * is its own bytes there, the closing quote's place taking the NUL; one with
 * escapes is decoded over its bytes of the copy (no escape decodes to more
 * bytes than it takes).  The scan reads the original text, so an error's
 * line and column count what the caller sent.
 */
static int
json_parse_str(JsonParser *p, const char **out, size_t *outlen)
{
	size_t		start = ++p->pos,
				end,
				k = 0;
	bool		escapes = false;
	char	   *d;

	for (;;)
	{
		unsigned char c;

		p->pos = json_str_scan(p->text, p->pos, p->n);
		if (p->pos >= p->n)
		{
			p->pos = p->n;
			return json_fail(p, "unterminated string"), -1;
		}
		c = (unsigned char) p->text[p->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return json_fail(p, "control character in string"), -1;
		/* a backslash: the escaped byte is skipped too */
		escapes = true;
		p->pos += 2;
	}
	end = p->pos;
	d = p->copy + start;
	if (!escapes)
	{
		d[end - start] = '\0';
		*out = d;
		*outlen = end - start;
		p->pos++;
		return 0;
	}
	for (p->pos = start; p->pos < end;)
	{
		if (p->text[p->pos] != '\\')
			d[k++] = p->text[p->pos++];
		else if (json_parse_escape(p, d, &k) < 0)
			return -1;
	}
	d[k] = '\0';
	*out = d;
	*outlen = k;
	p->pos = end + 1;
	return 0;
}

static JsonValue *
json_parse_string(JsonParser *p)
{
	JsonValue  *v = json_new(p->arena, JSON_STRING);

	if (json_parse_str(p, &v->str, &v->len) < 0)
		return NULL;
	return v;
}

/* ---- containers ---------------------------------------------------------- */

static bool
json_enter(JsonParser *p)
{
	if (++p->depth > JSON_MAX_DEPTH)
	{
		json_fail(p, "nesting too deep (limit 512)");
		return false;
	}
	p->pos++;					/* the '[' or '{' */
	json_skip_ws(p);
	return true;
}

/* Pushes one member (key NULL for array elements) on the scratch stack. */
static void
json_stack_push(JsonParser *p, const char *key, size_t klen, JsonValue *val)
{
	if (p->top == p->cap)
	{
		int			ncap = p->cap ? p->cap * 2 : 64;
		OrmArena   *a = p->stack_arena ? p->stack_arena : p->arena;

		p->vals = orm_realloc(a, p->vals, sizeof(JsonValue *) * (size_t) p->cap,
							  sizeof(JsonValue *) * (size_t) ncap);
		p->keys = orm_realloc(a, (void *) p->keys, sizeof(char *) * (size_t) p->cap,
							  sizeof(char *) * (size_t) ncap);
		p->klens = orm_realloc(a, p->klens, sizeof(size_t) * (size_t) p->cap,
							   sizeof(size_t) * (size_t) ncap);
		p->cap = ncap;
	}
	p->vals[p->top] = val;
	p->keys[p->top] = key;
	p->klens[p->top] = klen;
	p->top++;
}

/* Moves the members above base into v (exactly n of them: v->exact). */
static void
json_stack_pop(JsonParser *p, int base, JsonValue *v)
{
	int			n = p->top - base,
				cap = n;

	v->n = n;
	v->exact = true;
	if (n == 0)
		return;
	/* not cleared: every element is written at once */
	v->items = orm_arena_raw(p->arena, sizeof(JsonValue *) * (size_t) cap);
	memcpy(v->items, p->vals + base, sizeof(JsonValue *) * (size_t) n);
	if (v->kind == JSON_OBJECT)
	{
		v->keys = orm_arena_raw(p->arena, sizeof(char *) * (size_t) cap);
		v->keylens = orm_arena_raw(p->arena, sizeof(size_t) * (size_t) cap);
		memcpy((void *) v->keys, p->keys + base, sizeof(char *) * (size_t) n);
		memcpy(v->keylens, p->klens + base, sizeof(size_t) * (size_t) n);
	}
	p->top = base;
}

/* array: '[' (value (',' value)*)? ']' */
static JsonValue *
json_parse_array(JsonParser *p)
{
	JsonValue  *arr = json_new(p->arena, JSON_ARRAY);
	int			base = p->top;

	if (!json_enter(p))
		return NULL;
	if (p->pos < p->n && p->text[p->pos] == ']')
	{
		p->pos++;
		p->depth--;
		return arr;
	}
	for (;;)
	{
		JsonValue  *item = json_parse_value(p);

		if (!item)
			return NULL;
		json_stack_push(p, NULL, 0, item);
		json_skip_ws(p);
		if (p->pos < p->n && p->text[p->pos] == ',')
		{
			p->pos++;
			continue;
		}
		if (p->pos < p->n && p->text[p->pos] == ']')
			break;
		return p->pos >= p->n ? json_fail_unexpected(p) : json_fail(p, "expected ',' or ']'");
	}
	p->pos++;
	p->depth--;
	json_stack_pop(p, base, arr);
	return arr;
}

/*
 * Duplicate keys of an object being parsed: a linear search while small, an
 * open-addressing hash of member positions once it has JSON_HASH_MIN
 * members, so huge objects stay linear.  A duplicate replaces the earlier
 * value in place.
 */
#define JSON_HASH_MIN 16

typedef struct JsonKeyIndex
{
	int			base;			/* the object's first member on the stack */
	int		   *slots;			/* member position - base + 1; 0 = empty */
	int			cap;			/* power of two, >= 2 * members */
} JsonKeyIndex;

static int
json_slot(const JsonKeyIndex *ix, const char *key, size_t klen)
{
	return (int) (orm_hash_str(key, klen) & (uint64_t) (ix->cap - 1));
}

static void
json_index_rebuild(JsonParser *p, JsonKeyIndex *ix)
{
	int			n = p->top - ix->base,
				i;

	ix->cap = 64;
	while (ix->cap < n * 4)
		ix->cap *= 2;
	ix->slots = ORM_NEWN(p->arena, int, ix->cap);
	for (i = 0; i < n; i++)
	{
		int			s = json_slot(ix, p->keys[ix->base + i], p->klens[ix->base + i]);

		while (ix->slots[s])
			s = (s + 1) & (ix->cap - 1);
		ix->slots[s] = i + 1;
	}
}

/* Stack position of key among the object's members, or -1. */
static int
json_index_find(const JsonParser *p, const JsonKeyIndex *ix, const char *key, size_t klen)
{
	int			i,
				s;

	if (!ix->slots)
	{
		for (i = p->top - 1; i >= ix->base; i--)
			if (p->klens[i] == klen && memcmp(p->keys[i], key, klen) == 0)
				return i;
		return -1;
	}
	for (s = json_slot(ix, key, klen); ix->slots[s]; s = (s + 1) & (ix->cap - 1))
	{
		i = ix->base + ix->slots[s] - 1;
		if (p->klens[i] == klen && memcmp(p->keys[i], key, klen) == 0)
			return i;
	}
	return -1;
}

static void
json_member_put(JsonParser *p, JsonKeyIndex *ix, const char *key, size_t klen, JsonValue *val)
{
	int			i = json_index_find(p, ix, key, klen),
				n;

	if (i >= 0)
	{
		p->vals[i] = val;
		return;
	}
	json_stack_push(p, key, klen, val);
	n = p->top - ix->base;
	if (n == JSON_HASH_MIN || (ix->slots && n * 2 > ix->cap))
		json_index_rebuild(p, ix);
	else if (ix->slots)
	{
		int			s = json_slot(ix, key, klen);

		while (ix->slots[s])
			s = (s + 1) & (ix->cap - 1);
		ix->slots[s] = n;
	}
}

/* member: string ':' value */
static bool
json_parse_member(JsonParser *p, JsonKeyIndex *ix)
{
	const char *key;
	size_t		klen;
	JsonValue  *val;

	if (p->pos >= p->n || p->text[p->pos] != '"')
	{
		if (p->pos >= p->n)
			json_fail_unexpected(p);
		else
			json_fail(p, "expected a string key");
		return false;
	}
	if (json_parse_str(p, &key, &klen) < 0)
		return false;
	json_skip_ws(p);
	if (p->pos >= p->n || p->text[p->pos] != ':')
	{
		json_fail(p, p->pos >= p->n ? "unexpected end of input" : "expected ':'");
		return false;
	}
	p->pos++;
	if (!(val = json_parse_value(p)))
		return false;
	json_member_put(p, ix, key, klen, val);
	return true;
}

/* object: '{' (member (',' member)*)? '}' */
static JsonValue *
json_parse_object(JsonParser *p)
{
	JsonValue  *obj = json_new(p->arena, JSON_OBJECT);
	JsonKeyIndex ix = {p->top, NULL, 0};

	if (!json_enter(p))
		return NULL;
	if (p->pos < p->n && p->text[p->pos] == '}')
	{
		p->pos++;
		p->depth--;
		return obj;
	}
	for (;;)
	{
		if (!json_parse_member(p, &ix))
			return NULL;
		json_skip_ws(p);
		if (p->pos < p->n && p->text[p->pos] == ',')
		{
			p->pos++;
			json_skip_ws(p);
			continue;
		}
		if (p->pos < p->n && p->text[p->pos] == '}')
			break;
		return p->pos >= p->n ? json_fail_unexpected(p) : json_fail(p, "expected ',' or '}'");
	}
	p->pos++;
	p->depth--;
	json_stack_pop(p, ix.base, obj);
	return obj;
}

/* value: object | array | string | number | true | false | null */
static JsonValue *
json_parse_value(JsonParser *p)
{
	if (p->poll && (++p->nvalues % JSON_POLL_EVERY) == 0 && p->poll(p->poll_arg) != 0)
		return NULL;
	json_skip_ws(p);
	if (p->pos >= p->n)
		return json_fail_unexpected(p);
	switch (p->text[p->pos])
	{
		case '{':
			return json_parse_object(p);
		case '[':
			return json_parse_array(p);
		case '"':
			return json_parse_string(p);
		case 't':
			return json_parse_literal(p, "true", JSON_TRUE);
		case 'f':
			return json_parse_literal(p, "false", JSON_FALSE);
		case 'n':
			return json_parse_literal(p, "null", JSON_NULL);
		case '-':
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9':
			return json_parse_number(p);
		default:
			return json_fail_unexpected(p);
	}
}

JsonValue *
json_parse(OrmArena *a, const char *text, size_t n, OrmError *err)
{
	return json_parse_polled(a, text, n, NULL, NULL, err);
}

JsonValue *
json_parse_polled(OrmArena *a, const char *text, size_t n,
				  int (*poll) (void *arg), void *arg, OrmError *err)
{
	return json_parse_split(a, a, text, n, poll, arg, err);
}

/*
 * Streaming a top-level array (json.h, JsonStream): the parser of
 * json_parse_split, its scratch stack in keep, each element's values in the
 * tree arena the caller passes for it.  state: 0 before an element, 1 after
 * the closing ']' (the trailing text is checked next), 2 done.
 */
struct JsonStream
{
	JsonParser	p;
	int			state;
};

JsonStream *
json_stream_begin(OrmArena *keep, const char *text, size_t n,
				  int (*poll) (void *arg), void *arg, OrmError *err)
{
	JsonStream *s;
	size_t		i = 0;

	while (text && i < n && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' ||
							 text[i] == '\t'))
		i++;
	if (!text || i >= n || text[i] != '[')
		return NULL;
	s = ORM_NEW(keep, JsonStream);
	s->p.poll = poll;
	s->p.poll_arg = arg;
	s->p.arena = keep;
	s->p.stack_arena = keep;
	s->p.text = text;
	s->p.n = n;
	s->p.err = err;
	s->p.decimal_point = json_locale_point();
	s->p.copy = orm_strndup(keep, text, n);
	s->p.pos = i;
	/* the array itself, as json_parse_value begins it */
	if (poll && (++s->p.nvalues % JSON_POLL_EVERY) == 0 && poll(arg) != 0)
		return s->state = 2, s;
	json_enter(&s->p);
	if (s->p.pos < s->p.n && s->p.text[s->p.pos] == ']')
	{
		s->p.pos++;
		s->p.depth--;
		s->state = 1;
	}
	return s;
}

int
json_stream_next(JsonStream *s, OrmArena *tree, JsonValue **out)
{
	JsonParser *p = &s->p;

	*out = NULL;
	if (s->state == 2)
		return p->err->code != ORM_OK ? -1 : 0;
	if (s->state == 1)
	{
		s->state = 2;
		json_skip_ws(p);
		if (p->pos < p->n)
			return json_fail(p, "extra data after the value"), -1;
		return 0;
	}
	p->arena = tree;
	if (!(*out = json_parse_value(p)))
	{
		s->state = 2;
		return -1;
	}
	json_skip_ws(p);
	if (p->pos < p->n && p->text[p->pos] == ',')
		p->pos++;
	else if (p->pos < p->n && p->text[p->pos] == ']')
	{
		p->pos++;
		p->depth--;
		s->state = 1;
	}
	else
	{
		s->state = 2;
		*out = NULL;
		if (p->pos >= p->n)
			json_fail_unexpected(p);
		else
			json_fail(p, "expected ',' or ']'");
		return -1;
	}
	return 1;
}

int
json_stream_rest(JsonStream *s, OrmArena *scratch)
{
	JsonValue  *v;
	OrmArenaMark m;
	int			rc;

	orm_arena_mark(scratch, &m);
	while ((rc = json_stream_next(s, scratch, &v)) > 0)
		orm_arena_release(scratch, &m, NULL);
	orm_arena_release(scratch, &m, NULL);
	return rc;
}

JsonValue *
json_parse_split(OrmArena *tree, OrmArena *keep, const char *text, size_t n,
				 int (*poll) (void *arg), void *arg, OrmError *err)
{
	JsonParser	p;
	JsonValue  *v;

	memset(&p, 0, sizeof(p));
	p.poll = poll;
	p.poll_arg = arg;
	p.arena = tree;
	p.text = text ? text : "";
	p.n = text ? n : 0;
	p.err = err;
	p.decimal_point = json_locale_point();
	p.copy = orm_strndup(keep, p.text, p.n);
	v = json_parse_value(&p);
	if (!v)
		return NULL;
	json_skip_ws(&p);
	if (p.pos < p.n)
		return json_fail(&p, "extra data after the value");
	return v;
}

/* ---- access and writing -------------------------------------------------- */

JsonValue *
json_get(const JsonValue *v, const char *key)
{
	int			i;

	if (!v || v->kind != JSON_OBJECT || !key)
		return NULL;
	i = json_find_key(v, key, strlen(key));
	return i >= 0 ? v->items[i] : NULL;
}

void
json_write_styled(OrmBuf *out, const JsonValue *v, const JsonStyle *st)
{
	int			i;

	switch (v ? v->kind : JSON_NULL)
	{
		case JSON_NULL:
			orm_buf_puts(out, "null");
			break;
		case JSON_FALSE:
			orm_buf_puts(out, "false");
			break;
		case JSON_TRUE:
			orm_buf_puts(out, "true");
			break;
		case JSON_NUMBER:
			if (st->num)
				st->num(out, v);
			else
				orm_buf_put(out, v->str, v->len);
			break;
		case JSON_STRING:
			st->str(out, v->str ? v->str : "", v->len);
			break;
		case JSON_ARRAY:
			orm_buf_putc(out, '[');
			for (i = 0; i < v->n; i++)
			{
				if (i)
					orm_buf_puts(out, st->item_sep);
				json_write_styled(out, v->items[i], st);
			}
			orm_buf_putc(out, ']');
			break;
		case JSON_OBJECT:
			orm_buf_putc(out, '{');
			for (i = 0; i < v->n; i++)
			{
				if (i)
					orm_buf_puts(out, st->item_sep);
				st->str(out, v->keys[i], v->keylens[i]);
				orm_buf_puts(out, st->key_sep);
				json_write_styled(out, v->items[i], st);
			}
			orm_buf_putc(out, '}');
			break;
	}
}

static const JsonStyle json_compact = {",", ":", orm_buf_json_str, NULL};

void
json_write(OrmBuf *out, const JsonValue *v)
{
	json_write_styled(out, v, &json_compact);
}

/* ---- constructors -------------------------------------------------------- */

JsonValue *
json_new(OrmArena *a, JsonKind kind)
{
	JsonValue  *v = ORM_NEW(a, JsonValue);

	v->kind = kind;
	return v;
}

JsonValue *
json_new_string(OrmArena *a, const char *s, size_t n)
{
	JsonValue  *v = json_new(a, JSON_STRING);

	v->str = orm_strndup(a, s ? s : "", s ? n : 0);
	v->len = s ? n : 0;
	return v;
}

JsonValue *
json_new_int(OrmArena *a, int64_t i)
{
	JsonValue  *v = json_new(a, JSON_NUMBER);

	v->str = orm_sprintf(a, "%lld", (long long) i);
	v->len = strlen(v->str);
	v->is_int = true;
	v->ival = i;
	v->dval = (double) i;
	return v;
}

void
json_object_set(OrmArena *a, JsonValue *obj, const char *key, JsonValue *val)
{
	size_t		klen = strlen(key);
	int			i = json_find_key(obj, key, klen);

	if (i >= 0)
	{
		obj->items[i] = val;
		return;
	}
	json_obj_put(a, obj, orm_strndup(a, key, klen), klen, val);
}

void
json_array_push(OrmArena *a, JsonValue *arr, JsonValue *val)
{
	json_grow(a, arr);
	arr->items[arr->n++] = val;
}
