/*
 * test_util.c -- util.c's hot paths: JSON string escaping (word-at-a-time
 * scan against a byte-by-byte reference), integer formatting, the printf
 * fast paths, buffer and array growth without clearing, the arena's big
 * allocations (grow, shrink, reset, detach, OrmBuf and vector growth).
 *
 *   gcc -std=c11 -Wall -Wextra -g -Icommon test/unit/test_util.c common/util.c \
 *       -o /tmp/test_util && valgrind --error-exitcode=1 -q /tmp/test_util
 */
#include "check.h"

#include <inttypes.h>

static OrmArena arena;

/* The reference: byte by byte, as RFC 8259 wants. */
static const char *
ref_json_str(const char *s, size_t n)
{
	OrmBuf		b;
	size_t		i;

	orm_buf_init(&b, &arena);
	orm_buf_putc(&b, '"');
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"')
			orm_buf_puts(&b, "\\\"");
		else if (c == '\\')
			orm_buf_puts(&b, "\\\\");
		else if (c == '\n')
			orm_buf_puts(&b, "\\n");
		else if (c == '\r')
			orm_buf_puts(&b, "\\r");
		else if (c == '\t')
			orm_buf_puts(&b, "\\t");
		else if (c == '\b')
			orm_buf_puts(&b, "\\b");
		else if (c == '\f')
			orm_buf_puts(&b, "\\f");
		else if (c < 0x20)
			orm_buf_printf(&b, "\\u%04x", c);
		else
			orm_buf_putc(&b, (char) c);
	}
	orm_buf_putc(&b, '"');
	return orm_buf_cstr(&b);
}

static const char *
json_str(const char *s, size_t n)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	orm_buf_json_str(&b, s, n);
	return orm_buf_cstr(&b);
}

static void
test_json_str(void)
{
	static const char *const cases[] = {
		"", "a", "plain ascii text that is longer than eight bytes",
		"quote\" in the middle", "\"", "\\", "back\\slash", "new\nline", "\t\r\b\f",
		"\x01\x1f\x7f", "caf\xc3\xa9 \xe2\x82\xac", "12345678\"", "1234567\"8",
		"\"\"\"\"\"\"\"\"\"", "abcdefgh\x01", NULL
	};
	int			i;
	unsigned	seed = 12345;
	char		buf[64];

	for (i = 0; cases[i]; i++)
		CHECK_STR(json_str(cases[i], strlen(cases[i])), ref_json_str(cases[i], strlen(cases[i])));
	/* an embedded NUL is escaped, not the end */
	CHECK_STR(json_str("a\0b", 3), "\"a\\u0000b\"");
	/* pseudo-random strings over a small alphabet rich in specials, every length */
	for (i = 0; i < 2000; i++)
	{
		static const char alphabet[] = "ab\"\\\n\x01 \x80\xff";
		size_t		n = (size_t) (i % 40),
					k;

		for (k = 0; k < n; k++)
		{
			seed = seed * 1103515245 + 12345;
			buf[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		CHECK(strcmp(json_str(buf, n), ref_json_str(buf, n)) == 0);
	}
	/* one special byte at every place of a long plain run (the 16- and 8-byte steps) */
	{
		static const char specials[] = "\"\\\n\x1f";
		size_t		n,
					at,
					k;
		int			sp;

		for (n = 1; n < 50; n++)
			for (at = 0; at < n; at++)
				for (sp = 0; sp < 4; sp++)
				{
					for (k = 0; k < n; k++)
						buf[k] = (char) (k % 3 ? 'q' : 0xe9);
					buf[at] = specials[sp];
					CHECK(strcmp(json_str(buf, n), ref_json_str(buf, n)) == 0);
				}
	}
	/* two special bytes at every pair of places: the run after the first
	 * ends in a window of the last 16 or 8 bytes that holds the first */
	{
		size_t		n,
					a,
					c,
					k;

		for (n = 2; n < 40; n++)
			for (a = 0; a < n; a++)
				for (c = a + 1; c <= n; c++)
				{
					for (k = 0; k < n; k++)
						buf[k] = (char) ('a' + k % 26);
					buf[a] = '"';
					if (c < n)
						buf[c] = '\x01';
					CHECK(strcmp(json_str(buf, n), ref_json_str(buf, n)) == 0);
				}
	}
	/* appended to a buffer that already holds text, growing it */
	{
		OrmBuf		b;
		int			r;

		orm_buf_init(&b, &arena);
		for (r = 0; r < 200; r++)
			orm_buf_json_str(&b, "x\"y", 3);
		CHECK(b.len == 200 * 6);
		CHECK(strncmp(b.data, "\"x\\\"y\"\"x\\\"y\"", 12) == 0);
		CHECK(b.data[b.len] == '\0');
	}
}

static const char *
put_int(int64_t v)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	orm_buf_put_int(&b, v);
	return orm_buf_cstr(&b);
}

static void
test_ints(void)
{
	char		want[32];
	int64_t		vals[] = {0, 1, -1, 9, 10, 99, 100, 12345, -987654321,
	INT64_MAX, INT64_MIN, (int64_t) 1 << 40};
	size_t		i;
	OrmBuf		b;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
	{
		snprintf(want, sizeof(want), "%" PRId64, vals[i]);
		CHECK_STR(put_int(vals[i]), want);
	}
	{
		/* two digits a step: every width, odd and even */
		int64_t		v;
		int			bad = 0;

		for (v = -1100; v <= 1100; v++)
		{
			snprintf(want, sizeof(want), "%" PRId64, v);
			bad += strcmp(put_int(v), want) != 0;
		}
		for (v = 1; v > 0 && v < INT64_MAX / 7; v = v * 7 + 3)
		{
			snprintf(want, sizeof(want), "%" PRId64, v);
			bad += strcmp(put_int(v), want) != 0;
		}
		CHECK(bad == 0);
	}
	orm_buf_init(&b, &arena);
	orm_buf_printf(&b, "%lld", (long long) -42);
	orm_buf_printf(&b, "%d", 7);
	orm_buf_printf(&b, "%d-%s", 1, "x");	/* not a fast-path format */
	orm_buf_printf(&b, "%ld", 5L);
	CHECK_STR(orm_buf_cstr(&b), "-4271-x5");
}

static void
test_grow(void)
{
	int64_t    *v = NULL;
	int			cap = 0,
				n,
				ok = 1;

	for (n = 0; n < 5000; n++)
	{
		if (n == cap)
		{
			int			ncap = cap ? cap * 2 : 4;

			v = orm_grow(&arena, v, sizeof(*v) * (size_t) cap, sizeof(*v) * (size_t) ncap);
			cap = ncap;
			orm_strdup(&arena, "something in between");	/* forces copies */
		}
		v[n] = n * 3;
	}
	for (n = 0; n < 5000; n++)
		ok &= v[n] == n * 3;
	CHECK(ok);
	/* strndup copies exactly and terminates */
	CHECK_STR(orm_strndup(&arena, "abcdef", 3), "abc");
}

/* The error model: SQLSTATEs, "did you mean", positions as characters. */
static void
test_errors(void)
{
	OrmError	e;
	OrmSuggest	s;
	static const char *const names[] = {"User", "Post", "Comment", "Tag", "PostStatus"};

	/* one SQLSTATE per code; the engine's wins */
	memset(&e, 0, sizeof(e));
	orm_err(&e, ORM_ERR_NOT_NULL, "NOT NULL constraint failed");
	CHECK_STR(orm_err_sqlstate(&e), "23502");
	e.code = ORM_ERR_UNKNOWN_ENTITY;
	CHECK_STR(orm_err_sqlstate(&e), "42P01");
	e.code = ORM_ERR_UNKNOWN_ATTR;
	CHECK_STR(orm_err_sqlstate(&e), "42703");
	e.code = ORM_ERR_UNKNOWN_FUNC;
	CHECK_STR(orm_err_sqlstate(&e), "42883");
	e.code = ORM_ERR_SYNTAX;
	CHECK_STR(orm_err_sqlstate(&e), "42601");
	e.code = ORM_ERR_INVALID_VALUE;
	CHECK_STR(orm_err_sqlstate(&e), "22P02");
	e.code = ORM_ERR_STALE;
	CHECK_STR(orm_err_sqlstate(&e), "40001");
	e.code = ORM_ERR_ENGINE;
	CHECK_STR(orm_err_sqlstate(&e), "XX000");
	memcpy(e.sqlstate, "23505", 6);
	CHECK_STR(orm_err_sqlstate(&e), "23505");

	/* the unknown name is recorded only for the error about to be set */
	memset(&e, 0, sizeof(e));
	orm_err_unknown(&e, "Usr", NULL);
	orm_err(&e, ORM_ERR_UNKNOWN_ENTITY, "name \"Usr\" is not defined");
	orm_err_unknown(&e, "Later", "X");
	CHECK_STR(e.name, "Usr");
	CHECK_STR(e.scope, "");

	/* distances: an edit, a swap of neighbours, a case difference */
	CHECK(orm_edit_distance("usrname", "username", 5) == 1);
	CHECK(orm_edit_distance("selectinlaod", "selectinload", 5) == 1);
	CHECK(orm_edit_distance("user", "User", 5) == 1);
	CHECK(orm_edit_distance("abc", "abc", 5) == 0);
	CHECK(orm_edit_distance("kitten", "sitting", 5) == 3);
	CHECK(orm_edit_distance("kitten", "sitting", 2) == 3);	/* more than max: max + 1 */
	CHECK(orm_edit_distance("a", "abcdef", 2) == 3);

	/* the nearest within a third of the name, the first on a tie, never itself */
	orm_suggest_init(&s, "Usr");
	for (int i = 0; i < 5; i++)
		orm_suggest_add(&s, names[i]);
	CHECK_STR(s.best, "User");
	orm_suggest_init(&s, "Pots");
	for (int i = 0; i < 5; i++)
		orm_suggest_add(&s, names[i]);
	CHECK_STR(s.best, "Post");
	orm_suggest_init(&s, "Zebra");
	for (int i = 0; i < 5; i++)
		orm_suggest_add(&s, names[i]);
	CHECK(s.best == NULL);
	orm_suggest_init(&s, "Tag");
	orm_suggest_add(&s, "Tag");
	CHECK(s.best == NULL);
	memset(&e, 0, sizeof(e));
	orm_suggest_init(&s, "Comment_");
	orm_suggest_add(&s, "Comment");
	orm_suggest_hint(&e, &s);
	CHECK_STR(e.hint, "Did you mean \"Comment\"?");
	/* the name itself among the candidates (a word that does not apply here): no hint */
	memset(&e, 0, sizeof(e));
	orm_suggest_init(&s, "has_key");
	orm_suggest_add(&s, "has_any");
	orm_suggest_add(&s, "has_key");
	orm_suggest_hint(&e, &s);
	CHECK(e.hint[0] == '\0');

	/* line and column (characters) to the character offset, 1-based */
	CHECK(orm_text_offset("select(Usr)", 1, 8) == 8);
	CHECK(orm_text_offset("select(User)\n  .where(x)", 2, 4) == 17);
	CHECK(orm_text_offset("\xc3\xa9t\xc3\xa9(x)", 1, 4) == 4);	/* "été(x)": characters, not bytes */
	CHECK(orm_text_offset("ab", 1, 3) == 3);	/* just after the end */
	CHECK(orm_text_offset("ab", 1, 5) == 0);
	CHECK(orm_text_offset("ab\ncd", 1, 4) == 0);
	CHECK(orm_text_offset("ab", 2, 1) == 0);
	CHECK(orm_text_offset("ab", 0, 1) == 0);
}

/* ---- big allocations (util.h, ORM_ARENA_BIG) ----------------------------- */

/* hooks that count: blocks live, big blocks live and resized */
static int small_live, big_live, big_resized;

static void *
cnt_alloc(void *st, size_t n)
{
	(void) st;
	small_live++;
	return check_block_alloc(NULL, n);
}

static void
cnt_free(void *st, void *p)
{
	(void) st;
	small_live--;
	free(p);
}

static void *
cnt_big_alloc(void *st, size_t n)
{
	(void) st;
	big_live++;
	return check_block_alloc(NULL, n);
}

static void *
cnt_big_realloc(void *st, void *p, size_t n)
{
	void	   *q = realloc(p, n);

	(void) st;
	if (!q)
		abort();
	big_resized++;
	return q;
}

static void
cnt_big_free(void *st, void *p)
{
	(void) st;
	big_live--;
	free(p);
}

static bool
all_bytes(const unsigned char *p, size_t from, size_t to, unsigned char v)
{
	for (; from < to; from++)
		if (p[from] != v)
			return false;
	return true;
}

static bool
pattern_ok(const unsigned char *p, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char) (i * 7 + 3))
			return false;
	return true;
}

static void
pattern_fill(unsigned char *p, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char) (i * 7 + 3);
}

static void
test_big_with(const OrmMemHooks *hooks, bool counted)
{
	OrmArena	a;
	const size_t big = ORM_ARENA_BIG;
	const size_t little = big / 4;	/* under the threshold (a test build may lower it) */
	unsigned char *p,
			   *q,
			   *small;
	size_t		total0;
	OrmBuf		b;
	OrmPtrVec	v = {0};
	char	   *det;
	int			i;

	small_live = big_live = big_resized = 0;
	orm_arena_init(&a, hooks);
	CHECK(a.big_min == ORM_ARENA_BIG);
	small = orm_alloc(&a, 100);
	total0 = a.total;

	/* a big allocation: zeroed, a block of its own, counted in total */
	p = orm_alloc(&a, big);
	CHECK(all_bytes(p, 0, big, 0));
	CHECK(a.big != NULL && a.total >= total0 + big);
	if (counted)
		CHECK(big_live == 1);
	/* the small blocks go on where they were */
	q = orm_alloc(&a, 16);
	CHECK(q == small + 104 || q == small + 112);

	/* growth: the contents kept, the new bytes cleared, through big_realloc */
	pattern_fill(p, big);
	p = orm_realloc(&a, p, big, 3 * big);
	CHECK(pattern_ok(p, big));
	CHECK(all_bytes(p, big, 3 * big, 0));
	if (counted)
		CHECK(big_live == 1 && big_resized == 1);
	/* shrink, still big: in its block, the prefix kept */
	p = orm_realloc(&a, p, 3 * big, 2 * big);
	CHECK(pattern_ok(p, big));
	if (counted)
		CHECK(big_live == 1 && big_resized == 2);
	/* shrink below the threshold: copied into the small blocks, its block freed */
	p = orm_realloc(&a, p, 2 * big, little);
	CHECK(pattern_ok(p, little));
	CHECK(a.big == NULL);
	if (counted)
		CHECK(big_live == 0);
	/* and small again to big: a new big block with the contents */
	p = orm_realloc(&a, p, little, big + 8);
	CHECK(pattern_ok(p, little));
	CHECK(all_bytes(p, little, big + 8, 0));
	if (counted)
		CHECK(big_live == 1);

	/* orm_grow: uninitialized growth, and shrinking a big row array */
	q = orm_grow(&a, NULL, 0, 2 * big);
	pattern_fill(q, 2 * big);
	q = orm_grow(&a, q, 2 * big, 4 * big);
	CHECK(pattern_ok(q, 2 * big));
	q = orm_grow(&a, q, 4 * big, big + 16);
	CHECK(pattern_ok(q, big + 16));
	q = orm_grow(&a, q, big + 16, little);	/* below the threshold */
	CHECK(pattern_ok(q, little));
	if (counted)
		CHECK(big_live == 1);	/* p's */

	/* an OrmBuf past the threshold: appends go on in place of copies */
	orm_buf_init(&b, &a);
	for (i = 0; i < 100000; i++)
		orm_buf_put(&b, "0123456789", 10);
	CHECK(b.len == 1000000 && b.cap >= b.len + 1);
	CHECK(memcmp(b.data + 999990, "0123456789", 11) == 0);
	CHECK(b.data[0] == '0' && b.data[123456] == '6');
	if (counted)
		CHECK(big_live == 2 && big_resized > 2);

	/* a vector of pointers past it */
	for (i = 0; i < 20000; i++)
		orm_vec_push(&a, &v, (void *) (intptr_t) (i + 1));
	CHECK(v.n == 20000 && v.items[0] == (void *) 1 && v.items[19999] == (void *) 20000);
	if (counted)
		CHECK(big_live == 3);

	/* detach: only the start of a big allocation, shrunk to what is kept */
	CHECK(orm_arena_detach(&a, b.data + 8, 10) == NULL);
	CHECK(orm_arena_detach(&a, small, 10) == NULL);
	det = orm_arena_detach(&a, b.data, b.len + 1);
	CHECK(det != NULL);
	CHECK(det != NULL && memcmp(det + ORM_ARENA_BIG_HDR + 999990, "0123456789", 11) == 0);
	if (counted)
		CHECK(big_live == 3);	/* still live: now the caller's */
	CHECK(orm_arena_detach(&a, det + ORM_ARENA_BIG_HDR, 10) == NULL);	/* no longer the arena's */

	/* reset frees every block, big ones included, but not the detached one */
	orm_arena_reset(&a);
	CHECK(a.big == NULL && a.total == 0);
	if (counted)
		CHECK(big_live == 1 && small_live == 0);
	if (hooks->big_free)
		hooks->big_free(NULL, det);
	else
		free(det);

	/* the arena serves again after a reset, small and big */
	p = orm_alloc(&a, 2 * big);
	CHECK(all_bytes(p, 0, 2 * big, 0));
	CHECK(orm_alloc(&a, 8) != NULL);
	orm_arena_reset(&a);
	if (counted)
		CHECK(big_live == 0 && small_live == 0);
}

static void
test_big(void)
{
	OrmMemHooks h = {cnt_alloc, cnt_free, NULL, cnt_big_alloc, cnt_big_realloc, cnt_big_free, 0};
	OrmMemHooks custom = h;
	OrmArena	a;
	char	   *p;

	test_big_with(&h, true);
	/* without big hooks: big blocks from block_alloc, resized by copying */
	test_big_with(&check_hooks, false);

	/* a threshold of the host's own */
	custom.big_min = 1000;
	orm_arena_init(&a, &custom);
	big_live = 0;
	p = orm_alloc(&a, 990);	/* 992: small */
	CHECK(big_live == 0);
	p = orm_realloc(&a, p, 990, 995);	/* rounds to 1000: big */
	CHECK(big_live == 1 && a.big != NULL);
	CHECK(orm_alloc(&a, 1000) != NULL && big_live == 2);
	orm_arena_reset(&a);
	CHECK(big_live == 0);
}

/* orm_arena_mark / orm_arena_release: what came after the mark goes, but keep */
static void
test_mark_with(const OrmMemHooks *hooks, bool counted)
{
	OrmArena	a;
	OrmArenaMark m;
	const size_t big = ORM_ARENA_BIG;
	unsigned char *before,
			   *old_big,
			   *p;
	OrmBuf		doc;
	size_t		total0;
	int			small0,
				big0;

	small_live = big_live = 0;
	orm_arena_init(&a, hooks);
	before = orm_alloc(&a, 100);
	pattern_fill(before, 100);
	old_big = orm_alloc(&a, big);
	pattern_fill(old_big, big);
	orm_buf_init(&doc, &a);
	orm_buf_reserve(&doc, big);	/* big before the mark */
	orm_buf_puts(&doc, "[");
	total0 = a.total;
	small0 = small_live;
	big0 = big_live;
	for (int round = 0; round < 3; round++)
	{
		orm_arena_mark(&a, &m);
		/* small ones past the first block, big ones, a big one before the mark grown */
		for (int i = 0; i < 200; i++)
			orm_alloc(&a, 1000);
		CHECK(orm_alloc(&a, 2 * big) != NULL);
		old_big = orm_realloc(&a, old_big, big + 8 * (size_t) round, big + 8 * (size_t) round + 8);
		for (int i = 0; i < 3000; i++)
			orm_buf_puts(&doc, "\"piece\",");
		orm_arena_release(&a, &m, doc.data);
		/* allocation goes on where the mark was */
		p = orm_alloc(&a, 8);
		CHECK(p == (unsigned char *) m.ptr);
		orm_arena_release(&a, &m, doc.data);
	}
	CHECK(pattern_ok(before, 100));
	CHECK(pattern_ok(old_big, big));
	CHECK(doc.len == 1 + 3 * 3000 * 8 && memcmp(doc.data, "[\"piece\",", 9) == 0);
	CHECK(a.total >= total0 && a.total <= total0 + 3 * 3000 * 8 + 64);
	CHECK(a.peak >= total0 + 2 * big);
	if (counted)
		CHECK(small_live == small0 && big_live == big0);
	orm_arena_reset(&a);
	CHECK(a.peak == 0);
	if (counted)
		CHECK(small_live == 0 && big_live == 0);
}

static void
test_mark(void)
{
	OrmMemHooks h = {cnt_alloc, cnt_free, NULL, cnt_big_alloc, cnt_big_realloc, cnt_big_free, 0};

	test_mark_with(&h, true);
	/* without big hooks: a resized big block is a new one, kept by keep */
	test_mark_with(&check_hooks, false);
}

int
main(void)
{
	orm_arena_init(&arena, &check_hooks);
	test_json_str();
	test_ints();
	test_grow();
	test_errors();
	test_big();
	test_mark();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
