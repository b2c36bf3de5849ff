/*
 * test_util.c -- util.c's hot paths: JSON string escaping (word-at-a-time
 * scan against a byte-by-byte reference), integer formatting, the printf
 * fast paths, buffer and array growth without clearing.
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

int
main(void)
{
	orm_arena_init(&arena, &check_hooks);
	test_json_str();
	test_ints();
	test_grow();
	test_errors();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
