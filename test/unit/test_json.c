/*
 * test_json.c -- json.c: parsing, errors, the compact writer, constructors.
 *
 *   gcc -std=c11 -Wall -Wextra -g -Icommon test/unit/test_json.c common/util.c \
 *       common/json.c -lm -o /tmp/test_json && valgrind --error-exitcode=1 -q /tmp/test_json
 */
#include "check.h"
#include "base/json.h"

static OrmArena arena;

/* Parses and writes back compactly; the error message on failure. */
static const char *
roundtrip(const char *text)
{
	OrmError	err;
	JsonValue  *v;
	OrmBuf		b;

	orm_err_clear(&err);
	v = json_parse(&arena, text, strlen(text), &err);
	if (!v)
		return orm_sprintf(&arena, "ERR %s", err.message);
	orm_buf_init(&b, &arena);
	json_write(&b, v);
	return orm_buf_cstr(&b);
}

static JsonValue *
parse(const char *text)
{
	OrmError	err;

	orm_err_clear(&err);
	return json_parse(&arena, text, strlen(text), &err);
}

static void
test_roundtrips(void)
{
	CHECK_STR(roundtrip(" { \"b\" : 1 , \"a\" : [ true , false , null ] } "),
			  "{\"b\":1,\"a\":[true,false,null]}");
	CHECK_STR(roundtrip("[]"), "[]");
	CHECK_STR(roundtrip("{}"), "{}");
	CHECK_STR(roundtrip("\"x\""), "\"x\"");
	CHECK_STR(roundtrip("-0"), "-0");
	CHECK_STR(roundtrip("12.50"), "12.50");
	CHECK_STR(roundtrip("1E+3"), "1E+3");
	CHECK_STR(roundtrip("[1,[2,[3,{}]]]"), "[1,[2,[3,{}]]]");
	CHECK_STR(roundtrip("\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\""), "\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\"");
	CHECK_STR(roundtrip("\"\\u00e9\""), "\"\xc3\xa9\"");
	CHECK_STR(roundtrip("\"\\u20AC\""), "\"\xe2\x82\xac\"");
	CHECK_STR(roundtrip("\"\\ud83d\\ude00\""), "\"\xf0\x9f\x98\x80\"");
	CHECK_STR(roundtrip("\"\\u0001\""), "\"\\u0001\"");
	CHECK_STR(roundtrip("\"h\xc3\xa9llo\""), "\"h\xc3\xa9llo\"");
	/* duplicate keys: the later value replaces the earlier in place */
	CHECK_STR(roundtrip("{\"a\":1,\"b\":2,\"a\":3}"), "{\"a\":3,\"b\":2}");
}

static void
test_numbers(void)
{
	JsonValue  *v;

	v = parse("42");
	CHECK(v && v->kind == JSON_NUMBER && v->is_int && v->ival == 42 && v->dval == 42.0);
	v = parse("-9223372036854775808");
	CHECK(v && v->is_int && v->ival == INT64_MIN);
	v = parse("9223372036854775807");
	CHECK(v && v->is_int && v->ival == INT64_MAX);
	v = parse("9223372036854775808");
	CHECK(v && !v->is_int && v->dval == 9223372036854775808.0);
	CHECK_STR(v->str, "9223372036854775808");
	v = parse("1.5");
	CHECK(v && !v->is_int && v->dval == 1.5);
	v = parse("1e2");
	CHECK(v && !v->is_int && v->dval == 100.0);
	v = parse("0.1");
	CHECK(v && v->dval == 0.1 && v->len == 3);
	v = parse("123456789012345678901234567890.123456789");
	CHECK(v && !v->is_int);
	CHECK_STR(v->str, "123456789012345678901234567890.123456789");
}

static void
test_dom(void)
{
	JsonValue  *v = parse("{\"user\": {\"name\": \"al\", \"tags\": [\"a\", \"b\"]}, \"n\": 1}");
	JsonValue  *u;

	CHECK(v && v->kind == JSON_OBJECT && v->n == 2);
	u = json_get(v, "user");
	CHECK(u && u->kind == JSON_OBJECT);
	CHECK_STR(json_get(u, "name")->str, "al");
	CHECK(json_get(u, "tags")->n == 2);
	CHECK(json_get(v, "missing") == NULL);
	CHECK(json_get(json_get(v, "n"), "x") == NULL);
	CHECK(json_get(NULL, "x") == NULL);
	CHECK_STR(v->keys[0], "user");
	CHECK(v->keylens[1] == 1);

	/* keys with escapes are decoded, NUL-terminated */
	v = parse("{\"a\\u0062\": 1}");
	CHECK(v && json_get(v, "ab") != NULL);

	/* \u0000 keeps its length */
	v = parse("\"a\\u0000b\"");
	CHECK(v && v->len == 3 && v->str[1] == '\0' && v->str[2] == 'b');
}

static void
test_big_object(void)
{
	OrmBuf		b;
	JsonValue  *v;
	int			i;

	orm_buf_init(&b, &arena);
	orm_buf_putc(&b, '{');
	for (i = 0; i < 5000; i++)
		orm_buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i % 4000, i);
	orm_buf_putc(&b, '}');
	v = parse(orm_buf_cstr(&b));
	CHECK(v && v->n == 4000);
	CHECK(v && json_get(v, "k0")->ival == 4000);
	CHECK(v && json_get(v, "k3999")->ival == 3999);
	CHECK(v && json_get(v, "k999")->ival == 4999);
	CHECK(v && strcmp(v->keys[1234], "k1234") == 0);

	orm_buf_init(&b, &arena);
	orm_buf_putc(&b, '[');
	for (i = 0; i < 10000; i++)
		orm_buf_printf(&b, "%s%d", i ? "," : "", i);
	orm_buf_putc(&b, ']');
	v = parse(orm_buf_cstr(&b));
	CHECK(v && v->n == 10000 && v->items[9999]->ival == 9999);
}

static void
test_errors(void)
{
	CHECK_STR(roundtrip(""), "ERR invalid JSON at line 1, column 1: unexpected end of input");
	CHECK_STR(roundtrip("   "), "ERR invalid JSON at line 1, column 4: unexpected end of input");
	CHECK_STR(roundtrip("{\"a\":1} x"), "ERR invalid JSON at line 1, column 9: extra data after the value");
	CHECK_STR(roundtrip("[1,\n 2,\n x]"), "ERR invalid JSON at line 3, column 2: unexpected character 'x'");
	CHECK_STR(roundtrip("[1,]"), "ERR invalid JSON at line 1, column 4: unexpected character ']'");
	CHECK_STR(roundtrip("{\"a\":1,}"), "ERR invalid JSON at line 1, column 8: expected a string key");
	CHECK_STR(roundtrip("{\"a\" 1}"), "ERR invalid JSON at line 1, column 6: expected ':'");
	CHECK_STR(roundtrip("{\"a\":1 \"b\":2}"), "ERR invalid JSON at line 1, column 8: expected ',' or '}'");
	CHECK_STR(roundtrip("[1 2]"), "ERR invalid JSON at line 1, column 4: expected ',' or ']'");
	CHECK_STR(roundtrip("[1"), "ERR invalid JSON at line 1, column 3: unexpected end of input");
	CHECK_STR(roundtrip("{'a':1}"), "ERR invalid JSON at line 1, column 2: expected a string key");
	CHECK_STR(roundtrip("01"), "ERR invalid JSON at line 1, column 2: extra data after the value");
	CHECK_STR(roundtrip("-"), "ERR invalid JSON at line 1, column 1: invalid number");
	CHECK_STR(roundtrip("1."), "ERR invalid JSON at line 1, column 3: invalid number");
	CHECK_STR(roundtrip("1e"), "ERR invalid JSON at line 1, column 3: invalid number");
	CHECK_STR(roundtrip(".5"), "ERR invalid JSON at line 1, column 1: unexpected character '.'");
	CHECK_STR(roundtrip("NaN"), "ERR invalid JSON at line 1, column 1: unexpected character 'N'");
	CHECK_STR(roundtrip("tru"), "ERR invalid JSON at line 1, column 1: unexpected character 't'");
	CHECK_STR(roundtrip("\"abc"), "ERR invalid JSON at line 1, column 5: unterminated string");
	CHECK_STR(roundtrip("\"a\nb\""), "ERR invalid JSON at line 1, column 3: control character in string");
	CHECK_STR(roundtrip("\"\\x\""), "ERR invalid JSON at line 1, column 2: invalid escape");
	CHECK_STR(roundtrip("\"\\u12\""), "ERR invalid JSON at line 1, column 2: invalid \\u escape");
	CHECK_STR(roundtrip("\"\\ud800\""), "ERR invalid JSON at line 1, column 2: high surrogate not followed by a low surrogate");
	CHECK_STR(roundtrip("\"\\udc00\""), "ERR invalid JSON at line 1, column 2: lone low surrogate in \\u escape");
	CHECK_STR(roundtrip("\"\xc3\xa9\" x"), "ERR invalid JSON at line 1, column 5: extra data after the value");
	CHECK_STR(roundtrip("\x01"), "ERR invalid JSON at line 1, column 1: unexpected byte 0x01");

	/* the string scan steps over 8 or 16 bytes at a time: stops at every place */
	CHECK_STR(roundtrip("\"0123456789abcdefghij\\"),
			  "ERR invalid JSON at line 1, column 23: unterminated string");	/* a final backslash */
	CHECK_STR(roundtrip("\"0123456789abcdefghij\x01z\""),
			  "ERR invalid JSON at line 1, column 22: control character in string");
	CHECK_STR(roundtrip("[\"0123456789abcdef\\n\\u00e9\", \"0123456789abcdefghijklmnop\\\"q\"]"),
			  "[\"0123456789abcdef\\n\xc3\xa9\",\"0123456789abcdefghijklmnop\\\"q\"]");
	CHECK_STR(roundtrip("[\"a\\nb\\nc\", x]"),	/* decoded newlines do not move the column */
			  "ERR invalid JSON at line 1, column 13: unexpected character 'x'");
	CHECK_STR(roundtrip("{\"0123456789abcdefgh\xc3\xa9\":\"\\\"\\\\\\/\\b\\f\\r\\t\"}"),
			  "{\"0123456789abcdefgh\xc3\xa9\":\"\\\"\\\\/\\b\\f\\r\\t\"}");
	{
		/* strings are NUL-terminated in place; the text itself is never written */
		const char *text = "{\"key\":\"value\",\"k2\":\"a\\tb\"}";
		JsonValue  *v = parse(text);

		CHECK(v && v->n == 2 && strcmp(v->keys[0], "key") == 0 && v->keylens[0] == 3);
		CHECK(v && strcmp(v->items[0]->str, "value") == 0 && v->items[0]->len == 5);
		CHECK(v && strcmp(v->items[1]->str, "a\tb") == 0 && v->items[1]->len == 3);
		CHECK(strcmp(text, "{\"key\":\"value\",\"k2\":\"a\\tb\"}") == 0);
	}

	{
		OrmError	err;

		orm_err_clear(&err);
		CHECK(json_parse(&arena, "[1]", 2, &err) == NULL);	/* length is honoured */
		CHECK(err.code == ORM_ERR_INVALID_VALUE);
		CHECK(err.line == 0);
		orm_err_clear(&err);
		CHECK(json_parse(&arena, NULL, 0, &err) == NULL);
	}
}

static void
test_depth(void)
{
	OrmBuf		b;
	int			i;

	orm_buf_init(&b, &arena);
	for (i = 0; i < 512; i++)
		orm_buf_putc(&b, '[');
	for (i = 0; i < 512; i++)
		orm_buf_putc(&b, ']');
	CHECK(parse(orm_buf_cstr(&b)) != NULL);

	orm_buf_init(&b, &arena);
	for (i = 0; i < 513; i++)
		orm_buf_puts(&b, "{\"a\":");
	CHECK_STR(roundtrip(orm_buf_cstr(&b)),
			  "ERR invalid JSON at line 1, column 2561: nesting too deep (limit 512)");

	orm_buf_init(&b, &arena);
	for (i = 0; i < 100000; i++)
		orm_buf_putc(&b, '[');
	CHECK(parse(orm_buf_cstr(&b)) == NULL);
}

static void
test_constructors(void)
{
	JsonValue  *o = json_new(&arena, JSON_OBJECT);
	JsonValue  *arr = json_new(&arena, JSON_ARRAY);
	JsonValue  *p;
	OrmBuf		b;
	int			i;

	json_object_set(&arena, o, "id", json_new_int(&arena, -7));
	json_object_set(&arena, o, "name", json_new_string(&arena, "a\"b", 3));
	for (i = 0; i < 10; i++)
		json_array_push(&arena, arr, json_new_int(&arena, i));
	json_object_set(&arena, o, "list", arr);
	json_object_set(&arena, o, "id", json_new(&arena, JSON_TRUE));	/* replaces */
	orm_buf_init(&b, &arena);
	json_write(&b, o);
	CHECK_STR(orm_buf_cstr(&b), "{\"id\":true,\"name\":\"a\\\"b\",\"list\":[0,1,2,3,4,5,6,7,8,9]}");

	/* pushing onto parsed containers */
	p = parse("{\"a\":[1,2,3,4,5]}");
	json_array_push(&arena, json_get(p, "a"), json_new_int(&arena, 6));
	for (i = 0; i < 20; i++)
		json_object_set(&arena, p, orm_sprintf(&arena, "k%d", i), json_new(&arena, JSON_NULL));
	json_object_set(&arena, p, "k3", json_new_int(&arena, 3));
	orm_buf_init(&b, &arena);
	json_write(&b, json_get(p, "a"));
	CHECK_STR(orm_buf_cstr(&b), "[1,2,3,4,5,6]");
	CHECK(p->n == 21 && json_get(p, "k3")->ival == 3 && json_get(p, "k19")->kind == JSON_NULL);
	CHECK(json_new_int(&arena, INT64_MIN)->len == 20);
}

/* json_parse_polled: poll is called every JSON_POLL_EVERY values and stops the parse. */
static int	poll_calls;
static int	poll_stop_at;

static int
test_poll_fn(void *arg)
{
	OrmError   *err = arg;

	poll_calls++;
	if (poll_calls == poll_stop_at)
		return orm_err(err, ORM_ERR_ENGINE, "canceling statement");
	return 0;
}

static void
test_polled(void)
{
	OrmBuf		b;
	OrmError	err;
	JsonValue  *v;
	int			i;

	orm_buf_init(&b, &arena);
	orm_buf_putc(&b, '[');
	for (i = 0; i < 3 * JSON_POLL_EVERY; i++)
		orm_buf_puts(&b, i ? ",{\"a\":1}" : "{\"a\":1}");
	orm_buf_putc(&b, ']');
	/* 1 + 3N*2 values: polled 6 times, never stopped */
	orm_err_clear(&err);
	poll_calls = 0;
	poll_stop_at = -1;
	v = json_parse_polled(&arena, b.data, b.len, test_poll_fn, &err, &err);
	CHECK(v && v->n == 3 * JSON_POLL_EVERY && poll_calls == 6);
	/* stopped at the second poll: NULL, the poll's error kept */
	orm_err_clear(&err);
	poll_calls = 0;
	poll_stop_at = 2;
	v = json_parse_polled(&arena, b.data, b.len, test_poll_fn, &err, &err);
	CHECK(v == NULL && poll_calls == 2 && err.code == ORM_ERR_ENGINE);
	/* json_parse polls nothing */
	orm_err_clear(&err);
	CHECK(json_parse(&arena, b.data, b.len, &err) != NULL);
}

int
main(void)
{
	orm_arena_init(&arena, &check_hooks);
	test_roundtrips();
	test_numbers();
	test_dom();
	test_big_object();
	test_errors();
	test_depth();
	test_constructors();
	test_polled();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
