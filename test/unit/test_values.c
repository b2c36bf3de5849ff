/*
 * test_values.c -- values.c: JSON input -> stored form, engine value -> result
 * JSON, json.dumps compatibility, on both dialects.
 *
 * The expected SQLite stored forms were taken from SQLAlchemy 2.0.40 writing
 * the same values through the ORM (sqlite3: SELECT typeof(x), quote(x)); the
 * float and json.dumps expectations from Python 3's repr() and json.dumps().
 *
 *   gcc -std=c11 -Wall -Wextra -g -Icommon test/unit/test_values.c common/util.c \
 *       common/dialect.c common/json.c common/values.c -lm -o /tmp/test_values \
 *       && valgrind --error-exitcode=1 -q /tmp/test_values
 */
#include "check.h"
#include "sql/values.h"

#include <math.h>

static OrmArena arena;
static const OrmDialect *SQ = &orm_dialect_sqlite;
static const OrmDialect *PG = &orm_dialect_pg;

/* ---- fixtures ------------------------------------------------------------ */

static OrmType *
ty(OrmTypeKind kind)
{
	OrmType    *t = ORM_NEW(&arena, OrmType);

	t->kind = kind;
	t->precision = -1;
	t->scale = -1;
	return t;
}

static OrmType *
ty_numeric(int p, int s)
{
	OrmType    *t = ty(ORM_T_NUMERIC);

	t->precision = p;
	t->scale = s;
	return t;
}

static OrmType *
ty_tz(OrmTypeKind kind)
{
	OrmType    *t = ty(kind);

	t->timezone = true;
	return t;
}

static const char *st_names[] = {"DRAFT", "PUBLISHED"};
static const char *st_values[] = {"draft", "published"};
static bool st_is_str[] = {true, true};
static OrmEnum st_enum = {"PostStatus", 2, st_names, st_values, st_is_str, 0, 0, 0, 0};

static const char *num_names[] = {"ONE", "TWO", "HALF"};
static const char *num_values[] = {"1", "2", "0.5"};
static bool num_is_str[] = {false, false, false};
static OrmEnum num_enum = {"Num", 3, num_names, num_values, num_is_str, 0, 0, 0, 0};

static OrmType *
ty_enum(OrmEnum *e, bool by_value)
{
	OrmType    *t = ty(ORM_T_ENUM);

	t->enm = e;
	t->enum_by_value = by_value;
	t->native_enum = true;
	t->enum_type_name = "poststatus";
	return t;
}

/* ---- helpers ------------------------------------------------------------- */

/*
 * The bound value of `json` for type t as "KIND:payload": INT:5, FLOAT:1.5,
 * BOOL:1, TEXT:abc, BLOB:<hex>, NULL; or "ERR:<message>".
 */
static const char *
bind(const OrmDialect *d, const char *json, const OrmType *t)
{
	OrmError	err;
	JsonValue  *in;
	OrmParam	p;

	orm_err_clear(&err);
	in = json_parse(&arena, json, strlen(json), &err);
	if (!in)
		return orm_sprintf(&arena, "BADTEST:%s", err.message);
	memset(&p, 0x55, sizeof(p));
	if (orm_value_from_json(&arena, d, in, t, &p, &err) < 0)
		return orm_sprintf(&arena, "ERR:%s", err.message);
	switch (p.kind)
	{
		case ORM_V_NULL:
			return "NULL";
		case ORM_V_INT:
			return orm_sprintf(&arena, "INT:%lld", (long long) p.i);
		case ORM_V_BOOL:
			return orm_sprintf(&arena, "BOOL:%lld", (long long) p.i);
		case ORM_V_FLOAT:
			return orm_sprintf(&arena, "FLOAT:%.17g", p.f);
		case ORM_V_TEXT:
			if (strlen(p.s) != p.len)
				return "BADLEN";
			return orm_sprintf(&arena, "TEXT:%.*s", (int) p.len, p.s);
		case ORM_V_BLOB:
			{
				OrmBuf		b;
				size_t		i;

				orm_buf_init(&b, &arena);
				orm_buf_puts(&b, "BLOB:");
				for (i = 0; i < p.len; i++)
					orm_buf_printf(&b, "%02x", (unsigned char) p.s[i]);
				return orm_buf_cstr(&b);
			}
		default:
			return orm_sprintf(&arena, "KIND%d", (int) p.kind);
	}
}

static const char *
bind_text(const OrmDialect *d, const char *text, const OrmType *t)
{
	OrmError	err;
	OrmParam	p;

	orm_err_clear(&err);
	if (orm_value_from_text(&arena, d, text, strlen(text), t, &p, &err) < 0)
		return orm_sprintf(&arena, "ERR:%s", err.message);
	if (p.kind == ORM_V_TEXT)
		return orm_sprintf(&arena, "TEXT:%.*s", (int) p.len, p.s);
	if (p.kind == ORM_V_INT)
		return orm_sprintf(&arena, "INT:%lld", (long long) p.i);
	if (p.kind == ORM_V_BOOL)
		return orm_sprintf(&arena, "BOOL:%lld", (long long) p.i);
	if (p.kind == ORM_V_FLOAT)
		return orm_sprintf(&arena, "FLOAT:%.17g", p.f);
	return orm_sprintf(&arena, "KIND%d", (int) p.kind);
}

static const char *
out(const OrmDialect *d, OrmValue v, const OrmType *t)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	orm_value_to_json(&b, d, &v, t);
	return orm_buf_cstr(&b);
}

static OrmValue
vtext(OrmValueKind kind, const char *s)
{
	OrmValue	v = {.kind = kind, .s = s, .len = (uint32_t) strlen(s)};

	return v;
}

static OrmValue
vint(OrmValueKind kind, int64_t i)
{
	OrmValue	v = {.kind = kind, .i = i};

	return v;
}

static OrmValue
vfloat(OrmValueKind kind, double f)
{
	OrmValue	v = {.kind = kind, .f = f};

	return v;
}

/*
 * JSON input -> bound on SQLite -> read back as SQLite gives it -> result
 * JSON.  The engine value is what SQLite returns for the bound value in a
 * column of that type (REAL for Numeric, INTEGER 1/0 for Boolean, TEXT).
 */
static const char *
sqlite_roundtrip(const char *json, const OrmType *t)
{
	OrmError	err;
	JsonValue  *in;
	OrmParam	p;

	orm_err_clear(&err);
	in = json_parse(&arena, json, strlen(json), &err);
	if (!in || orm_value_from_json(&arena, SQ, in, t, &p, &err) < 0)
		return orm_sprintf(&arena, "ERR:%s", err.message);
	return out(SQ, p, t);
}

static const char *
dumps(const char *json)
{
	OrmError	err;
	JsonValue  *in;
	OrmBuf		b;

	orm_err_clear(&err);
	in = json_parse(&arena, json, strlen(json), &err);
	if (!in)
		return orm_sprintf(&arena, "BADTEST:%s", err.message);
	orm_buf_init(&b, &arena);
	orm_json_dumps(&b, in);
	return orm_buf_cstr(&b);
}

/* ---- input --------------------------------------------------------------- */

static void
test_in_scalars(void)
{
	OrmType    *i = ty(ORM_T_INTEGER);

	CHECK_STR(bind(SQ, "5", i), "INT:5");
	CHECK_STR(bind(PG, "-5", ty(ORM_T_BIGINT)), "INT:-5");
	CHECK_STR(bind(SQ, "1099511627776", ty(ORM_T_BIGINT)), "INT:1099511627776");
	CHECK_STR(bind(SQ, "5.0", i), "INT:5");
	CHECK_STR(bind(SQ, "\"42\"", i), "INT:42");
	CHECK_STR(bind(SQ, "true", i), "INT:1");
	CHECK_STR(bind(SQ, "null", i), "NULL");
	CHECK_STR(bind(SQ, "1.5", i), "ERR:invalid value for Integer: 1.5");
	CHECK_STR(bind(SQ, "\"abc\"", ty(ORM_T_SMALLINT)), "ERR:invalid value for SmallInteger: \"abc\"");
	CHECK_STR(bind(SQ, "[1]", i), "ERR:invalid value for Integer: [1]");

	CHECK_STR(bind(SQ, "1.1", ty(ORM_T_FLOAT)), "FLOAT:1.1000000000000001");
	CHECK_STR(bind(PG, "3", ty(ORM_T_FLOAT)), "FLOAT:3");
	CHECK_STR(bind(PG, "\"2.5\"", ty(ORM_T_FLOAT)), "FLOAT:2.5");
	CHECK_STR(bind(PG, "\"x\"", ty(ORM_T_FLOAT)), "ERR:invalid value for Float: \"x\"");

	/* Numeric: SQLAlchemy binds a float on SQLite (stored REAL) */
	CHECK_STR(bind(SQ, "12.34", ty_numeric(10, 2)), "FLOAT:12.34");
	CHECK_STR(bind(SQ, "\"12.34\"", ty_numeric(10, 2)), "FLOAT:12.34");
	CHECK_STR(bind(PG, "12.340", ty_numeric(10, 2)), "TEXT:12.340");
	CHECK_STR(bind(PG, "\"12.34\"", ty_numeric(10, 2)), "TEXT:12.34");
	CHECK_STR(bind(PG, "\"+.5\"", ty_numeric(10, 2)), "TEXT:0.5");
	CHECK_STR(bind(PG, "123456789012345678901234567890.5", ty(ORM_T_NUMERIC)),
			  "TEXT:123456789012345678901234567890.5");
	CHECK_STR(bind(PG, "\"1,5\"", ty(ORM_T_NUMERIC)), "ERR:invalid value for Numeric: \"1,5\"");

	/* Boolean: integer 1/0 on SQLite, a boolean on PostgreSQL */
	CHECK_STR(bind(SQ, "true", ty(ORM_T_BOOLEAN)), "INT:1");
	CHECK_STR(bind(SQ, "false", ty(ORM_T_BOOLEAN)), "INT:0");
	CHECK_STR(bind(PG, "true", ty(ORM_T_BOOLEAN)), "BOOL:1");
	CHECK_STR(bind(PG, "0", ty(ORM_T_BOOLEAN)), "BOOL:0");
	CHECK_STR(bind(PG, "2", ty(ORM_T_BOOLEAN)), "ERR:invalid value for Boolean: 2");
	CHECK_STR(bind_text(PG, "true", ty(ORM_T_BOOLEAN)), "BOOL:1");
	CHECK_STR(bind_text(SQ, "0", ty(ORM_T_BOOLEAN)), "INT:0");

	CHECK_STR(bind(SQ, "\"h\\u00e9llo\"", ty(ORM_T_STRING)), "TEXT:h\xc3\xa9llo");
	CHECK_STR(bind(PG, "12.50", ty(ORM_T_TEXT)), "TEXT:12.50");
	CHECK_STR(bind(PG, "{}", ty(ORM_T_TEXT)), "ERR:invalid value for Text: {}");
	CHECK_STR(bind(PG, "\"a\\u0000b\"", ty(ORM_T_TEXT)), "ERR:invalid value for Text: \"a\\u0000b\"");
	CHECK(strcmp(bind(SQ, "\"a\\u0000b\"", ty(ORM_T_TEXT)), "BADLEN") == 0);	/* kept, with its length */
	CHECK_STR(bind(PG, "\"0123456789012345678901234567890123456789012345678901234567890123456789\"",
				   ty(ORM_T_DATE)),
			  "ERR:invalid value for Date: \"01234567890123456789012345678901234567890123456789012345...");
}

static void
test_in_datetime(void)
{
	OrmType    *dt = ty(ORM_T_DATETIME);
	OrmType    *dtz = ty_tz(ORM_T_DATETIME);

	/* SQLite: SQLAlchemy's DATETIME storage, microseconds always, offset dropped */
	CHECK_STR(bind(SQ, "\"2024-01-02T03:04:05.000006\"", dt), "TEXT:2024-01-02 03:04:05.000006");
	CHECK_STR(bind(SQ, "\"2024-01-02 03:04:05\"", dt), "TEXT:2024-01-02 03:04:05.000000");
	CHECK_STR(bind(SQ, "\"2024-01-02T03:04:05+02:00\"", dtz), "TEXT:2024-01-02 03:04:05.000000");
	CHECK_STR(bind(SQ, "\"2024-01-02T03:04\"", dt), "TEXT:2024-01-02 03:04:00.000000");
	CHECK_STR(bind(SQ, "\"2024-01-02\"", dt), "TEXT:2024-01-02 00:00:00.000000");
	CHECK_STR(bind(SQ, "\"2024-02-29T23:59:59.5Z\"", dt), "TEXT:2024-02-29 23:59:59.500000");
	/* PostgreSQL: ISO text for the ::timestamp[tz] cast */
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05.123\"", dt), "TEXT:2024-01-02 03:04:05.123000");
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05+02:00\"", dtz), "TEXT:2024-01-02 03:04:05.000000+02:00");
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05Z\"", dtz), "TEXT:2024-01-02 03:04:05.000000+00:00");
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05-0530\"", dtz), "TEXT:2024-01-02 03:04:05.000000-05:30");
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05+02:00\"", dt), "TEXT:2024-01-02 03:04:05.000000");
	CHECK_STR(bind(PG, "\"abc\"", dt), "ERR:invalid value for DateTime: \"abc\"");
	CHECK_STR(bind(PG, "\"2023-02-29T00:00:00\"", dt), "ERR:invalid value for DateTime: \"2023-02-29T00:00:00\"");
	CHECK_STR(bind(PG, "\"2024-01-02T24:00:00\"", dt), "ERR:invalid value for DateTime: \"2024-01-02T24:00:00\"");
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05.1234567\"", dt), "ERR:invalid value for DateTime: \"2024-01-02T03:04:05.1234567\"");
	CHECK_STR(bind(PG, "\"2024-01-02T03:04:05 \"", dt), "ERR:invalid value for DateTime: \"2024-01-02T03:04:05 \"");
	CHECK_STR(bind(PG, "5", dt), "ERR:invalid value for DateTime: 5");
	/* isoformat()'s own spelling (vl_in_datetime_iso): the same checks and text */
	CHECK_STR(bind(SQ, "\"2000-02-29T23:59:59\"", dt), "TEXT:2000-02-29 23:59:59.000000");
	CHECK_STR(bind(SQ, "\"2024-12-31t00:00:00.000001\"", dt), "TEXT:2024-12-31 00:00:00.000001");
	CHECK_STR(bind(PG, "\"2024-06-30 12:30:45.999999\"", dt), "TEXT:2024-06-30 12:30:45.999999");
	CHECK_STR(bind(PG, "\"2024-06-30T12:30:45\"", dtz), "TEXT:2024-06-30 12:30:45.000000");
	CHECK_STR(bind(SQ, "\"1900-02-29T00:00:00\"", dt), "ERR:invalid value for DateTime: \"1900-02-29T00:00:00\"");
	CHECK_STR(bind(SQ, "\"0000-01-01T00:00:00\"", dt), "ERR:invalid value for DateTime: \"0000-01-01T00:00:00\"");
	CHECK_STR(bind(SQ, "\"2024-04-31T00:00:00\"", dt), "ERR:invalid value for DateTime: \"2024-04-31T00:00:00\"");
	CHECK_STR(bind(SQ, "\"2024-01-00T00:00:00\"", dt), "ERR:invalid value for DateTime: \"2024-01-00T00:00:00\"");
	CHECK_STR(bind(SQ, "\"2024-00-01T00:00:00\"", dt), "ERR:invalid value for DateTime: \"2024-00-01T00:00:00\"");
	CHECK_STR(bind(SQ, "\"2024-01-01T23:60:00\"", dt), "ERR:invalid value for DateTime: \"2024-01-01T23:60:00\"");
	CHECK_STR(bind(SQ, "\"2024-01-01T23:00:60\"", dt), "ERR:invalid value for DateTime: \"2024-01-01T23:00:60\"");
	CHECK_STR(bind(SQ, "\"2024-01-01X23:00:00\"", dt), "ERR:invalid value for DateTime: \"2024-01-01X23:00:00\"");
	CHECK_STR(bind(SQ, "\"2024-01-01T23:00:00.12345a\"", dt), "ERR:invalid value for DateTime: \"2024-01-01T23:00:00.12345a\"");
	CHECK_STR(bind(SQ, "\"2024-01-01T23:00:00,123456\"", dt), "TEXT:2024-01-01 23:00:00.123456");
	CHECK_STR(bind(SQ, "\"2024-01-01T23:00:00+01:00\"", dt), "TEXT:2024-01-01 23:00:00.000000");

	CHECK_STR(bind(SQ, "\"2024-01-02\"", ty(ORM_T_DATE)), "TEXT:2024-01-02");
	CHECK_STR(bind(PG, "\"2024-01-02\"", ty(ORM_T_DATE)), "TEXT:2024-01-02");
	CHECK_STR(bind(PG, "\"2024-13-02\"", ty(ORM_T_DATE)), "ERR:invalid value for Date: \"2024-13-02\"");
	CHECK_STR(bind(PG, "\"2024-01-02T00:00:00\"", ty(ORM_T_DATE)), "ERR:invalid value for Date: \"2024-01-02T00:00:00\"");

	CHECK_STR(bind(SQ, "\"03:04:05\"", ty(ORM_T_TIME)), "TEXT:03:04:05.000000");
	CHECK_STR(bind(SQ, "\"03:04:05.00012\"", ty(ORM_T_TIME)), "TEXT:03:04:05.000120");
	CHECK_STR(bind(PG, "\"03:04\"", ty(ORM_T_TIME)), "TEXT:03:04:00.000000");
	CHECK_STR(bind(PG, "\"03:04:05+02:00\"", ty_tz(ORM_T_TIME)), "TEXT:03:04:05.000000+02:00");
	CHECK_STR(bind(PG, "\"3:04\"", ty(ORM_T_TIME)), "ERR:invalid value for Time: \"3:04\"");

	/* Interval: SQLite stores epoch + delta (as SQLAlchemy), PostgreSQL days and
	 * seconds as psycopg2 adapts a timedelta (0 <= seconds < 86400) */
	CHECK_STR(bind(SQ, "86403.5", ty(ORM_T_INTERVAL)), "TEXT:1970-01-02 00:00:03.500000");
	CHECK_STR(bind(SQ, "-1.25", ty(ORM_T_INTERVAL)), "TEXT:1969-12-31 23:59:58.750000");
	CHECK_STR(bind(SQ, "0", ty(ORM_T_INTERVAL)), "TEXT:1970-01-01 00:00:00.000000");
	CHECK_STR(bind(PG, "86403.5", ty(ORM_T_INTERVAL)), "TEXT:1 days 3.500000 seconds");
	CHECK_STR(bind(PG, "-1.25", ty(ORM_T_INTERVAL)), "TEXT:-1 days 86398.750000 seconds");
	CHECK_STR(bind(PG, "3600", ty(ORM_T_INTERVAL)), "TEXT:0 days 3600.000000 seconds");
	CHECK_STR(bind(PG, "\"1 day\"", ty(ORM_T_INTERVAL)), "ERR:invalid value for Interval: \"1 day\"");
	CHECK_STR(bind(SQ, "1e300", ty(ORM_T_INTERVAL)), "ERR:invalid value for Interval: 1e300");
}

static void
test_in_other(void)
{
	OrmType    *u = ty(ORM_T_UUID);
	OrmType    *st = ty_enum(&st_enum, false);
	OrmType    *stv = ty_enum(&st_enum, true);
	OrmType    *num = ty_enum(&num_enum, false);
	OrmType    *numv = ty_enum(&num_enum, true);

	CHECK_STR(bind(SQ, "\"\\\\x0001ff\"", ty(ORM_T_BINARY)), "BLOB:0001ff");
	CHECK_STR(bind(PG, "\"\\\\x0A0b\"", ty(ORM_T_BINARY)), "BLOB:0a0b");
	CHECK_STR(bind(PG, "\"\\\\x\"", ty(ORM_T_BINARY)), "BLOB:");
	CHECK_STR(bind(PG, "\"0a0b\"", ty(ORM_T_BINARY)), "ERR:invalid value for LargeBinary: \"0a0b\"");
	CHECK_STR(bind(PG, "\"\\\\x0g\"", ty(ORM_T_BINARY)), "ERR:invalid value for LargeBinary: \"\\\\x0g\"");

	CHECK_STR(bind(SQ, "\"12345678-1234-5678-1234-567812345678\"", u), "TEXT:12345678123456781234567812345678");
	CHECK_STR(bind(SQ, "\"ABCDEF00123456781234567812345678\"", u), "TEXT:abcdef00123456781234567812345678");
	CHECK_STR(bind(PG, "\"ABCDEF00123456781234567812345678\"", u), "TEXT:abcdef00-1234-5678-1234-567812345678");
	CHECK_STR(bind(PG, "\"12345678-1234-5678-1234-56781234567\"", u),
			  "ERR:invalid value for Uuid: \"12345678-1234-5678-1234-56781234567\"");

	/* JSON: json.dumps text; None is the JSON text null */
	CHECK_STR(bind(SQ, "{\"a\":[1,2.5,\"\\u00e9\",null,true],\"b\":{}}", ty(ORM_T_JSON)),
			  "TEXT:{\"a\": [1, 2.5, \"\\u00e9\", null, true], \"b\": {}}");
	CHECK_STR(bind(PG, "null", ty(ORM_T_JSONB)), "TEXT:null");
	CHECK_STR(bind(SQ, "\"x\"", ty(ORM_T_JSON)), "TEXT:\"x\"");
	CHECK_STR(bind_text(SQ, "[1,2]", ty(ORM_T_JSON)), "TEXT:[1, 2]");
	CHECK_STR(bind_text(SQ, "abc", ty(ORM_T_JSON)), "TEXT:\"abc\"");

	/* Enum: the member's value (or name) in, its NAME (or value) stored */
	CHECK_STR(bind(SQ, "\"published\"", st), "TEXT:PUBLISHED");
	CHECK_STR(bind(PG, "\"PUBLISHED\"", st), "TEXT:PUBLISHED");
	CHECK_STR(bind(SQ, "\"published\"", stv), "TEXT:published");
	CHECK_STR(bind(SQ, "\"DRAFT\"", stv), "TEXT:draft");
	CHECK_STR(bind(PG, "\"x\"", st), "ERR:invalid value for Enum PostStatus: \"x\"");
	CHECK_STR(bind(PG, "1", st), "ERR:invalid value for Enum PostStatus: 1");
	CHECK_STR(bind(SQ, "2", num), "TEXT:TWO");
	CHECK_STR(bind(SQ, "0.50", num), "TEXT:HALF");
	CHECK_STR(bind(SQ, "\"TWO\"", num), "TEXT:TWO");
	CHECK_STR(bind(SQ, "2", numv), "TEXT:2");
	CHECK_STR(bind(SQ, "3", num), "ERR:invalid value for Enum Num: 3");
	CHECK_STR(bind_text(SQ, "published", st), "TEXT:PUBLISHED");
	CHECK_STR(bind_text(PG, "1", num), "TEXT:ONE");

	/* ARRAY */
	{
		OrmType    *arr = ty(ORM_T_ARRAY);

		arr->item = ty(ORM_T_TEXT);
		CHECK_STR(bind(PG, "[\"a b\",\"q\\\"\",null,[1,2]]", arr), "TEXT:{\"a b\",\"q\\\"\",NULL,{1,2}}");
		CHECK_STR(bind(SQ, "[1, 2]", arr), "TEXT:[1,2]");
		CHECK_STR(bind(PG, "1", arr), "ERR:invalid value for ARRAY: 1");
	}
}

static void
test_in_untyped(void)
{
	OrmType    *unk = ty(ORM_T_UNKNOWN);

	CHECK_STR(bind(SQ, "5", NULL), "INT:5");
	CHECK_STR(bind(SQ, "2.5", unk), "FLOAT:2.5");
	CHECK_STR(bind(SQ, "\"x\"", NULL), "TEXT:x");
	CHECK_STR(bind(SQ, "true", NULL), "INT:1");
	CHECK_STR(bind(PG, "true", NULL), "BOOL:1");
	CHECK_STR(bind(PG, "false", unk), "BOOL:0");
	CHECK_STR(bind(PG, "null", NULL), "NULL");
	CHECK_STR(bind(PG, "{\"a\": [1, 2]}", NULL), "TEXT:{\"a\":[1,2]}");
	CHECK_STR(bind_text(PG, "abc", NULL), "TEXT:abc");
	CHECK_STR(bind_text(PG, "42", ty(ORM_T_INTEGER)), "INT:42");
	CHECK_STR(bind_text(PG, "2024-01-02T03:04:05", ty(ORM_T_DATETIME)), "TEXT:2024-01-02 03:04:05.000000");
	{
		OrmError	err;
		OrmParam	p;

		orm_err_clear(&err);
		CHECK(orm_value_from_json(&arena, SQ, NULL, ty(ORM_T_TEXT), &p, &err) == 0 && p.kind == ORM_V_NULL);
	}
}

/* ---- output -------------------------------------------------------------- */

static void
test_out(void)
{
	OrmType    *st = ty_enum(&st_enum, false);
	OrmType    *num = ty_enum(&num_enum, false);

	CHECK_STR(out(SQ, vint(ORM_V_INT, -7), ty(ORM_T_INTEGER)), "-7");
	CHECK_STR(out(SQ, vint(ORM_V_NULL, 0), ty(ORM_T_INTEGER)), "null");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 1.1), ty(ORM_T_FLOAT)), "1.1");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 1e300), ty(ORM_T_FLOAT)), "1e+300");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 2.0), NULL), "2.0");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, NAN), NULL), "null");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, -INFINITY), NULL), "null");

	/* Numeric: SQLite REAL with the column's scale; PostgreSQL digits */
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 12.34), ty_numeric(10, 2)), "12.34");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 0.1), ty_numeric(10, 2)), "0.10");
	CHECK_STR(out(SQ, vint(ORM_V_INT, 12), ty_numeric(10, 2)), "12.00");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 123456789.12), ty_numeric(10, 2)), "123456789.12");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, -0.5), ty_numeric(10, 0)), "-0");
	CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, 0.1), ty(ORM_T_NUMERIC)), "0.1");
	CHECK_STR(out(PG, vtext(ORM_V_NUMERIC, "12.50"), ty_numeric(10, 2)), "12.50");
	CHECK_STR(out(PG, vtext(ORM_V_NUMERIC, "NaN"), ty(ORM_T_NUMERIC)), "\"NaN\"");
	CHECK_STR(out(PG, vtext(ORM_V_NUMERIC, "-0.001"), NULL), "-0.001");

	CHECK_STR(out(SQ, vint(ORM_V_INT, 1), ty(ORM_T_BOOLEAN)), "true");
	CHECK_STR(out(SQ, vint(ORM_V_INT, 0), ty(ORM_T_BOOLEAN)), "false");
	CHECK_STR(out(PG, vint(ORM_V_BOOL, 1), ty(ORM_T_BOOLEAN)), "true");
	CHECK_STR(out(PG, vint(ORM_V_BOOL, 0), NULL), "false");
	CHECK_STR(out(SQ, vint(ORM_V_INT, 1), NULL), "1");

	/* DateTime: isoformat(), microseconds only when non-zero */
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 03:04:05.000006"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02T03:04:05.000006\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 03:04:05.000000"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02T03:04:05\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 03:04:05"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02T03:04:05\"");
	/* the stored forms' fast path (values.c, vl_out_datetime_fast) checks as the parser does */
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-02-29T23:59:59.100000"), ty(ORM_T_DATETIME)),
			  "\"2024-02-29T23:59:59.100000\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2000-02-29 00:00:00"), ty(ORM_T_DATETIME)),
			  "\"2000-02-29T00:00:00\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2023-02-29 00:00:00"), ty(ORM_T_DATETIME)),
			  "\"2023-02-29 00:00:00\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "1900-02-29 00:00:00.000000"), ty(ORM_T_DATETIME)),
			  "\"1900-02-29 00:00:00.000000\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "0000-01-01 00:00:00"), ty(ORM_T_DATETIME)),
			  "\"0000-01-01 00:00:00\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 24:00:00"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02 24:00:00\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 03:60:00"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02 03:60:00\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 03:04:05,000001"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02T03:04:05.000001\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02 03:04:05.00000x"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02 03:04:05.00000x\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-1-02 03:04:05.000000"), ty(ORM_T_DATETIME)),
			  "\"2024-1-02 03:04:05.000000\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02t03:04:05"), ty(ORM_T_DATETIME)),
			  "\"2024-01-02T03:04:05\"");
	CHECK_STR(out(PG, vtext(ORM_V_TIMESTAMP, "2024-01-02 03:04:05.12"), NULL),
			  "\"2024-01-02T03:04:05.120000\"");
	CHECK_STR(out(PG, vtext(ORM_V_TIMESTAMPTZ, "2024-01-02 03:04:05+00"), ty_tz(ORM_T_DATETIME)),
			  "\"2024-01-02T03:04:05+00:00\"");
	CHECK_STR(out(PG, vtext(ORM_V_TIMESTAMPTZ, "2024-01-02 03:04:05.5-05:30"), NULL),
			  "\"2024-01-02T03:04:05.500000-05:30\"");
	CHECK_STR(out(PG, vtext(ORM_V_TIMESTAMP, "infinity"), NULL), "\"infinity\"");
	CHECK_STR(out(PG, vtext(ORM_V_DATE, "2024-01-02"), ty(ORM_T_DATE)), "\"2024-01-02\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "2024-01-02"), ty(ORM_T_DATE)), "\"2024-01-02\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "03:04:05.000000"), ty(ORM_T_TIME)), "\"03:04:05\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "03:04:05.000120"), ty(ORM_T_TIME)), "\"03:04:05.000120\"");
	CHECK_STR(out(PG, vtext(ORM_V_TIME, "03:04:05.5"), NULL), "\"03:04:05.500000\"");
	CHECK_STR(out(PG, vtext(ORM_V_TIME, "03:04:05+02"), ty_tz(ORM_T_TIME)), "\"03:04:05+02:00\"");

	/* Interval: seconds */
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "1970-01-02 00:00:03.500000"), ty(ORM_T_INTERVAL)), "86403.5");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "1969-12-31 23:59:58.750000"), ty(ORM_T_INTERVAL)), "-1.25");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "1970-01-01 01:00:00.000000"), ty(ORM_T_INTERVAL)), "3600.0");
	CHECK_STR(out(PG, vfloat(ORM_V_INTERVAL, 86403.5), ty(ORM_T_INTERVAL)), "86403.5");
	CHECK_STR(out(PG, vfloat(ORM_V_INTERVAL, 60), NULL), "60.0");
	/* the bind form, echoed by the flush */
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "1 days 3.500000 seconds"), ty(ORM_T_INTERVAL)), "86403.5");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "-1 days 86398.750000 seconds"), ty(ORM_T_INTERVAL)), "-1.25");

	/* bytes, uuid */
	{
		OrmValue	b = {.kind = ORM_V_BLOB, .s = "\x00\x01\xff", .len = 3};

		CHECK_STR(out(SQ, b, ty(ORM_T_BINARY)), "\"\\\\x0001ff\"");
		CHECK_STR(out(PG, b, NULL), "\"\\\\x0001ff\"");
	}
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "12345678123456781234567812345678"), ty(ORM_T_UUID)),
			  "\"12345678-1234-5678-1234-567812345678\"");
	CHECK_STR(out(PG, vtext(ORM_V_UUID, "ABCDEF00-1234-5678-1234-567812345678"), NULL),
			  "\"abcdef00-1234-5678-1234-567812345678\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "not-a-uuid"), ty(ORM_T_UUID)), "\"not-a-uuid\"");

	/* JSON: embedded, canonical compact form */
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "{\"a\": [1, 2.5, \"\\u00e9\", null, true], \"b\": {}}"), ty(ORM_T_JSON)),
			  "{\"a\":[1,2.5,\"\xc3\xa9\",null,true],\"b\":{}}");
	CHECK_STR(out(PG, vtext(ORM_V_JSON, "{\"b\": 1, \"a\": 2}"), NULL), "{\"b\":1,\"a\":2}");
	CHECK_STR(out(SQ, vint(ORM_V_INT, 5), ty(ORM_T_JSON)), "5");	/* NUMERIC affinity */
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "null"), ty(ORM_T_JSON)), "null");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "{bad"), ty(ORM_T_JSON)), "\"{bad\"");
	CHECK_STR(out(PG, vtext(ORM_V_ARRAY, "[1, 2, [3]]"), NULL), "[1,2,[3]]");

	/* Enum: stored NAME -> value */
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "PUBLISHED"), st), "\"published\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "published"), ty_enum(&st_enum, true)), "\"published\"");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "TWO"), num), "2");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "2"), ty_enum(&num_enum, true)), "2");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "GONE"), st), "\"GONE\"");

	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "a\"b\n"), ty(ORM_T_STRING)), "\"a\\\"b\\n\"");
	CHECK_STR(out(SQ, vtext(ORM_V_TEXT, "x"), NULL), "\"x\"");
}

/* Every type: input form -> SQLite storage -> result form is the identity. */
static void
test_roundtrip(void)
{
	CHECK_STR(sqlite_roundtrip("5", ty(ORM_T_INTEGER)), "5");
	CHECK_STR(sqlite_roundtrip("1.1", ty(ORM_T_FLOAT)), "1.1");
	CHECK_STR(sqlite_roundtrip("12.34", ty_numeric(10, 2)), "12.34");
	CHECK_STR(sqlite_roundtrip("true", ty(ORM_T_BOOLEAN)), "true");
	CHECK_STR(sqlite_roundtrip("\"2024-01-02T03:04:05.000006\"", ty(ORM_T_DATETIME)), "\"2024-01-02T03:04:05.000006\"");
	CHECK_STR(sqlite_roundtrip("\"2024-01-02T03:04:05\"", ty(ORM_T_DATETIME)), "\"2024-01-02T03:04:05\"");
	CHECK_STR(sqlite_roundtrip("\"2024-01-02\"", ty(ORM_T_DATE)), "\"2024-01-02\"");
	CHECK_STR(sqlite_roundtrip("\"03:04:05.000120\"", ty(ORM_T_TIME)), "\"03:04:05.000120\"");
	CHECK_STR(sqlite_roundtrip("86403.5", ty(ORM_T_INTERVAL)), "86403.5");
	CHECK_STR(sqlite_roundtrip("-1e-06", ty(ORM_T_INTERVAL)), "-1e-06");
	CHECK_STR(sqlite_roundtrip("253402300799.5", ty(ORM_T_INTERVAL)), "253402300799.5");
	CHECK_STR(sqlite_roundtrip("-62135596800", ty(ORM_T_INTERVAL)), "-62135596800.0");
	CHECK_STR(sqlite_roundtrip("253402300800", ty(ORM_T_INTERVAL)), "ERR:invalid value for Interval: 253402300800");
	CHECK_STR(sqlite_roundtrip("\"\\\\x00ff\"", ty(ORM_T_BINARY)), "\"\\\\x00ff\"");
	CHECK_STR(sqlite_roundtrip("\"12345678-1234-5678-1234-567812345678\"", ty(ORM_T_UUID)),
			  "\"12345678-1234-5678-1234-567812345678\"");
	CHECK_STR(sqlite_roundtrip("{\"k\":[1,{\"x\":\"\\ud83d\\ude00\"}]}", ty(ORM_T_JSON)),
			  "{\"k\":[1,{\"x\":\"\xf0\x9f\x98\x80\"}]}");
	CHECK_STR(sqlite_roundtrip("\"published\"", ty_enum(&st_enum, false)), "\"published\"");
	CHECK_STR(sqlite_roundtrip("1", ty_enum(&num_enum, false)), "1");
	CHECK_STR(sqlite_roundtrip("\"text\"", ty(ORM_T_TEXT)), "\"text\"");
}

/* ---- Python compatibility ------------------------------------------------ */

static const struct
{
	double		x;
	const char *repr;
}			floats[] = {
	/* generated: Python's float.hex() and repr() */
	{0x0.0p+0, "0.0"},
	{-0x0.0p+0, "-0.0"},
	{0x1.0000000000000p+0, "1.0"},
	{0x1.999999999999ap-4, "0.1"},
	{0x1.199999999999ap+0, "1.1"},
	{0x1.4000000000000p+1, "2.5"},
	{0x1.9000000000000p+6, "100.0"},
	{0x1.c6bf526340000p+49, "1000000000000000.0"},
	{0x1.1c37937e08000p+53, "1e+16"},
	{0x1.1c37937e07fffp+53, "9999999999999998.0"},
	{0x1.a36e2eb1c432dp-14, "0.0001"},
	{0x1.4f8b588e368f1p-17, "1e-05"},
	{0x1.ad7f29abcaf48p-24, "1e-07"},
	{0x1.e240c9fbe76c9p+16, "123456.789"},
	{0x1.1eb2d66005835p+997, "1.5e+300"},
	{0x0.0000000000001p-1022, "5e-324"},
	{0x1.fffffffffffffp+1023, "1.7976931348623157e+308"},
	{0x1.5183800000000p+16, "86403.5"},
	{-0x1.4000000000000p+0, "-1.25"},
	{0x1.c200000000000p+11, "3600.0"},
	{0x1.5555555555555p-2, "0.3333333333333333"},
	{0x1.5555555555555p-1, "0.6666666666666666"},
	{0x1.8ae147ae147aep+3, "12.34"},
	{0x1.0f0cf064dd592p+73, "1e+22"},
	{0x1.b69b4ba630f35p+56, "1.2345678901234568e+17"},
	{-0x1.74de452e6b438p+811, "-1.989032661366619e+244"},
	{0x1.3270e269e0d37p+594, "7.761117632285041e+178"},
	{0x1.c7fd0a6a3a450p-826, "3.980498358697587e-249"},
	{-0x1.f0824128b2f33p+292, "-1.5432835417340557e+88"},
	{0x1.8e811892f902bp-638, "1.3647584518757569e-192"},
	{-0x1.1985d5d9dc9f8p-684, "-1.3701135617873088e-206"},
	{-0x1.25d940ed90475p+655, "-1.7160537630466207e+197"},
	{0x1.675cc81e74ef5p-144, "6.294675241195386e-44"},
	{0x1.0a35a099950d8p-671, "1.0613447212142254e-202"},
	{0x1.d549b6f03675ap+689, "4.708325160387546e+207"},
	{0x1.c172411e20b8fp-38, "6.387016158513563e-12"},
	{-0x1.16ece1738f7d9p-814, "-9.973130378568733e-246"},
	{0x1.1ddb66cad4a26p-781, "8.779753225680271e-236"},
	{-0x1.192cfd3ac94afp-755, "-5.795503248498993e-228"},
	{-0x1.c105d1fb17c23p+809, "-5.988180159386011e+243"},
	{-0x1.0b33839263059p-488, "-1.306052388527796e-147"},
	{-0x1.f48f1a09f76b5p-684, "-2.436117699484841e-206"},
	{0x1.630f1f29d0da9p-770, "2.233386999150174e-232"},
	{-0x1.60af593bd04cfp-673, "-3.51527970626667e-203"},
	{0x1.1e29c658cda14p-820, "1.5987381841032883e-247"},
	{0x1.8d190f9ebdaccp-118, "4.6678633181812096e-36"},
	{-0x1.1973e0becd7b0p-791, "-8.441872792105456e-239"},
	{0x1.7beaddbc496cbp-478, "1.9015657400796622e-144"},
	{0x1.cb2424a23d596p+693, "7.370437700706684e+208"},
	{-0x1.a63ec24ede6a4p-857, "-1.7163996725272777e-258"},
	{-0x1.766581e27a1c0p-733, "-3.2367190832119987e-221"},
	{-0x1.d05584ef8aa38p-777, "-2.2818334634712625e-234"},
	{-0x1.7ba94d0eda82fp-278, "-3.0536383926309363e-84"},
	{0x1.1dbe22e44158bp-601, "1.3449551894627777e-181"},
	{-0x1.a736994e3bf91p-732, "-7.317495976062606e-221"},
	{0x1.850c5a38fd547p-254, "5.249822308814304e-77"},
	{0x1.135d25f557203p-624, "1.5450754142984396e-188"},
	{-0x1.ce4228c38fb29p-155, "-3.953625698224792e-47"},
	{-0x1.a70c31012f037p-760, "-2.72491267476498e-229"},
	{-0x1.769b10f4205b4p-536, "-6.505141861548772e-162"},
	{0x1.5052434b9b5dfp+1010, "1.441484839555994e+304"},
	{-0x1.ed162ae2eb154p-894, "-1.4583679262758548e-269"},
	{-0x1.877186d76b07ep+112, "-7.939416668807721e+33"},
	{0x1.1af10506bf2efp+884, "1.4255183989699612e+266"},
	{-0x1.6a78795e761d1p+711, "-1.525315701232403e+214"},
	{-0x1.6dbf3f4c54698p+16, "-93631.24725844932"},
	{0x1.2bc459ea57215p+8, "299.766997"},
	{-0x1.38ba5006d46c9p+19, "-640466.5008337136"},
	{0x1.8600000000000p+9, "780.0"},
	{0x1.22b7b5d383238p+17, "148847.42051734193"},
	{0x1.069999999999ap+9, "525.2"},
	{0x1.c022a50c58230p+18, "458890.5788784353"},
	{0x1.2000000000000p+8, "288.0"},
	{-0x1.74fb8e3112197p+19, "-763868.4434900758"},
	{0x1.a21f7143393abp+8, "418.122822"},
	{-0x1.347c18cfc0f78p+18, "-315888.3876802842"},
	{0x1.d2a28f5c28f5cp+9, "933.27"},
	{-0x1.c1fe2f8c88e77p+19, "-921585.4859051247"},
	{0x1.4e1ba133c1ce7p+9, "668.215857"},
	{0x1.c5b7815bc87b0p+16, "116151.50530674937"},
	{0x1.8a8c0dcb9a9dap+9, "789.094171"},
	{-0x1.6bc63e5afe5a4p+18, "-372504.97430380643"},
	{0x1.5ba5cfaacd9e8p+9, "695.2954"},
	{-0x1.9fa68ce923380p+12, "-6650.409402024816"},
	{0x1.8e80000000000p+9, "797.0"},
	{0x1.4bfff1f3eadfep+19, "679935.5610250828"},
	{0x1.d8572b020c49cp+9, "944.681"},
	{0x1.80d908ae8d834p+18, "394084.13565385644"},
	{0x1.03fffac1d29dcp+6, "64.99998"},
	{0x1.898a02ba1a760p+18, "402984.04260884784"},
	{0x1.43907e28240b8p+9, "647.12885"},
	{0x1.3a613257d0460p+19, "643849.5732194297"},
	{0x1.1c989374bc6a8p+8, "284.596"},
	{0x1.79f812b40765cp+19, "774080.5844761836"},
	{0x1.5b0147ae147aep+8, "347.005"},
	{-0x1.1a4bf1fa94fa2p+18, "-289071.78091930796"},
	{0x1.3175c28f5c28fp+9, "610.92"},
	{-0x1.aeb56529ad01ep+19, "-882091.1613373791"},
	{0x1.801999999999ap+9, "768.2"},
	{0x1.d18db0968fed4p+18, "476726.75918958825"},
	{0x1.8de5ce4a7b4e5p+8, "397.897679"},
	{-0x1.b4a9a18bead80p+12, "-6986.601940076216"},
	{0x1.4cbb645a1cac1p+7, "166.366"},
	{0x1.823fd17b53c80p+16, "98879.8182880748"},
	{0x1.b9b12135daad6p+9, "883.383826"},
	{-0x1.0f66595239f10p+17, "-138956.69782184856"},
	{0x1.131c1a36e2eb2p+9, "550.21955"},
	{-0x1.4adf7b98039d8p+17, "-169406.96557660284"},
	{0x1.66c5604189375p+8, "358.771"},
	{0x1.bf00cd0dbefc0p+19, "915462.4079279825"},
	{0x1.2dccccccccccdp+7, "150.9"},
	{-0x1.5487677b05592p+19, "-697403.2337671986"},
	{0x1.4980000000000p+9, "659.0"},
	{-0x1.d5ea2842ca740p+14, "-30074.539317286806"},
	{0x1.268f5c28f5c29p+9, "589.12"},
	{-0x1.a9eaa38acc266p+18, "-436138.5553465247"},
	{0x1.235a5119ce076p+7, "145.6764"},
	{-0x1.feba6d56c5728p+17, "-261492.85421054927"},
	{0x1.1b26666666666p+9, "566.3"},
	{0x1.740ed41d081f0p+18, "380987.31427195575"},
	{0x1.01bee631f8a09p+9, "515.4914"},
	{0x1.2eab3b5b0e814p+18, "309932.92743265745"},
	{0x1.71e47ae147ae1p+9, "739.785"},
	{0x1.862b40a4ca1bep+19, "799066.0201159043"},
	{0x1.85fc1847f5621p+9, "779.969491"},
	{0x1.60af8cef9711cp+18, "361150.2021234201"},
	{0x1.17a2d0e560419p+9, "559.272"},
	{-0x1.8a9d2aed0effcp+17, "-202042.33535945404"},
	{0x1.9e25faebc408ep+6, "103.53709"},
	{-0x1.84e55e967b060p+17, "-199114.73896730226"},
	{0x1.7d33333333333p+7, "190.6"},
	{-0x1.cfda436af0348p+16, "-118746.26335049898"},
	{0x1.b7b694467381dp+6, "109.9283"},
	{-0x1.b4f01959dca34p+19, "-894848.7922194661"},
	{0x1.999999999999ap-3, "0.2"},
	{0x1.1e15603d66170p+16, "73237.37593687116"},
	{0x1.da7972474538fp+9, "948.9488"},
	{-0x1.cf60c740dca37p+19, "-948998.2266677086"},
	{0x1.b52a8c154c986p+9, "874.3324"},
	{-0x1.e37aa360a7308p+17, "-247541.27638711804"},
	{0x1.3d347ae147ae1p+9, "634.41"},
	{0x1.8f87305fd06d8p+17, "204558.37792401644"},
	{0x1.da00000000000p+8, "474.0"},
	{0x1.54c23b4b86206p+19, "697873.8529692299"},
	{0x1.f08d2f1a9fbe7p+9, "993.103"},
};

static void
test_float_repr(void)
{
	size_t		i;

	for (i = 0; i < sizeof(floats) / sizeof(floats[0]); i++)
		CHECK_STR(out(SQ, vfloat(ORM_V_FLOAT, floats[i].x), NULL), floats[i].repr);
}

static void
test_dumps(void)
{
	CHECK_STR(dumps("{\"a\": [1, 2.5, \"\\u00e9\", null, true], \"b\": {}}"),
			  "{\"a\": [1, 2.5, \"\\u00e9\", null, true], \"b\": {}}");
	CHECK_STR(dumps("{\"x\":1.50,\"y\":1E+3,\"z\":-0,\"big\":123456789012345678901234567890,"
					"\"s\":\"\\ud83d\\ude00 \\\"q\\\" \\\\ / \\n\\t\\u0001\\u007f\",\"e\":[],"
					"\"f\":-0.0,\"g\":1e-7, \"dup\":1, \"dup\":2}"),
			  "{\"x\": 1.5, \"y\": 1000.0, \"z\": 0, \"big\": 123456789012345678901234567890, "
			  "\"s\": \"\\ud83d\\ude00 \\\"q\\\" \\\\ / \\n\\t\\u0001\\u007f\", \"e\": [], "
			  "\"f\": -0.0, \"g\": 1e-07, \"dup\": 2}");
	CHECK_STR(dumps("\"\xe2\x82\xac\""), "\"\\u20ac\"");
	CHECK_STR(dumps("[]"), "[]");
	{
		OrmBuf		b;
		JsonValue  *s = json_new_string(&arena, "a\xff" "b", 3);	/* invalid UTF-8 */

		orm_buf_init(&b, &arena);
		orm_json_dumps(&b, s);
		CHECK_STR(orm_buf_cstr(&b), "\"a\\ufffdb\"");
	}
}

/* bound (from JSON) vs stored (as the engine returns it): SQLAlchemy's history */
static bool
same(const OrmDialect *d, const char *json, OrmValue stored, const OrmType *t)
{
	OrmError	err;
	JsonValue  *in;
	OrmParam	p;

	orm_err_clear(&err);
	in = json_parse(&arena, json, strlen(json), &err);
	if (!in || orm_value_from_json(&arena, d, in, t, &p, &err) < 0)
		return false;
	return orm_value_same(&arena, d, &p, &stored, t);
}

/* Numeric(p, s) as stored: the bound digits rescaled, half away from zero */
static void
test_numeric_scale(void)
{
	OrmType    *num = ty(ORM_T_NUMERIC);

	num->precision = 8;
	num->scale = 2;
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "1"), num), "1.00");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "7.5"), num), "7.50");
	CHECK_STR(out(PG, vtext(ORM_V_NUMERIC, "12.3333"), num), "12.3333");	/* avg(): as given */
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "0.125"), num), "0.13");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "-0.125"), num), "-0.13");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "99.995"), num), "100.00");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "-99.995"), num), "-100.00");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "-0.001"), num), "0.00");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "007.1"), num), "7.10");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "1e3"), num), "1e3");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "NaN"), num), "\"NaN\"");
	num->scale = 0;
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "2.5"), num), "3");
	CHECK_STR(out(PG, vtext(ORM_V_TEXT, "9"), num), "9");
}

static void
test_same(void)
{
	OrmValue	null = {.kind = ORM_V_NULL};
	OrmType    *num = ty(ORM_T_NUMERIC);

	num->precision = 8;
	num->scale = 2;
	CHECK(same(PG, "\"7.5\"", vtext(ORM_V_NUMERIC, "7.50"), num));
	CHECK(same(PG, "7.5", vtext(ORM_V_NUMERIC, "7.50"), num));
	CHECK(!same(PG, "7.51", vtext(ORM_V_NUMERIC, "7.50"), num));
	CHECK(same(SQ, "\"7.50\"", vfloat(ORM_V_FLOAT, 7.5), num));
	CHECK(same(SQ, "1", vint(ORM_V_INT, 1), num));
	CHECK(same(SQ, "true", vint(ORM_V_INT, 1), ty(ORM_T_BOOLEAN)));
	CHECK(!same(SQ, "false", vint(ORM_V_INT, 1), ty(ORM_T_BOOLEAN)));
	CHECK(same(PG, "null", null, ty(ORM_T_TEXT)));
	CHECK(!same(PG, "\"\"", null, ty(ORM_T_TEXT)));
	/* one instant, two zones (PostgreSQL prints in the session's zone) */
	CHECK(same(PG, "\"2021-03-04T05:06:07.25+02:00\"",
			   vtext(ORM_V_TIMESTAMPTZ, "2021-03-03 19:06:07.25-08"), ty_tz(ORM_T_DATETIME)));
	CHECK(!same(PG, "\"2021-03-04T05:06:07.25+02:00\"",
				vtext(ORM_V_TIMESTAMPTZ, "2021-03-04 05:06:07.25-08"), ty_tz(ORM_T_DATETIME)));
	/* SQLite stores no zone: the bound value (zone dropped) is what is compared */
	CHECK(same(SQ, "\"2021-03-04T03:06:07+00:00\"",
			   vtext(ORM_V_TEXT, "2021-03-04 03:06:07.000000"), ty_tz(ORM_T_DATETIME)));
	CHECK(!same(PG, "\"2021-03-04T03:06:07\"",
				vtext(ORM_V_TIMESTAMPTZ, "2021-03-04 03:06:07+00"), ty_tz(ORM_T_DATETIME)));
	CHECK(same(SQ, "\"2021-03-04T03:06:07\"",
			   vtext(ORM_V_TEXT, "2021-03-04 03:06:07.000000"), ty(ORM_T_DATETIME)));
	CHECK(same(SQ, "\"01:02\"", vtext(ORM_V_TEXT, "01:02:00.000000"), ty(ORM_T_TIME)));
	/* JSON documents: key order does not matter, 1 == 1.0 */
	CHECK(same(SQ, "{\"b\": [1, null], \"a\": 1.0}",
			   vtext(ORM_V_TEXT, "{\"a\": 1, \"b\": [1, null]}"), ty(ORM_T_JSON)));
	CHECK(!same(SQ, "{\"a\": [2, 1]}", vtext(ORM_V_TEXT, "{\"a\": [1, 2]}"), ty(ORM_T_JSON)));
	CHECK(same(PG, "\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"",
			   vtext(ORM_V_UUID, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), ty(ORM_T_UUID)));
	CHECK(same(SQ, "\"AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE\"",
			   vtext(ORM_V_TEXT, "aaaaaaaabbbbccccddddeeeeeeeeeeee"), ty(ORM_T_UUID)));
	CHECK(same(PG, "90000.5", vtext(ORM_V_TEXT, "1 days 3600.500000 seconds"), ty(ORM_T_INTERVAL)));
	CHECK(same(PG, "90000.5", vfloat(ORM_V_INTERVAL, 90000.5), ty(ORM_T_INTERVAL)));
}

/* The identity key of a value given as json (bound for d) and of a stored value. */
static const char *
key_given(const OrmDialect *d, const char *json, const OrmType *t)
{
	OrmError	err;
	JsonValue  *in;
	OrmParam	p;
	OrmBuf		b;

	orm_err_clear(&err);
	in = json_parse(&arena, json, strlen(json), &err);
	if (!in || orm_value_from_json(&arena, d, in, t, &p, &err) < 0)
		return "ERR";
	orm_buf_init(&b, &arena);
	orm_value_key(&b, &p, t);
	return orm_buf_cstr(&b);
}

static const char *
key_stored(OrmValue v, const OrmType *t)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	orm_value_key(&b, &v, t);
	return orm_buf_cstr(&b);
}

/* Identity keys: one text per Python value, whatever the spelling or form. */
static void
test_key(void)
{
	OrmType    *num = ty_numeric(8, 2);
	OrmValue	blob = {.kind = ORM_V_BLOB, .s = "\xaa\xaa\xaa\xaa\xbb\xbb\xcc\xcc\xdd\xdd"
		"\xee\xee\xee\xee\xee\xee", .len = 16};

	/* datetimes: with or without a fraction, T or space, stored or given */
	CHECK_STR(key_given(SQ, "\"2026-02-15T10:00:00\"", ty(ORM_T_DATETIME)),
			  key_stored(vtext(ORM_V_TEXT, "2026-02-15 10:00:00"), ty(ORM_T_DATETIME)));
	CHECK_STR(key_given(SQ, "\"2026-02-15T10:00:00.000\"", ty(ORM_T_DATETIME)),
			  key_stored(vtext(ORM_V_TEXT, "2026-02-15 10:00:00.000000"), ty(ORM_T_DATETIME)));
	CHECK_STR(key_given(PG, "\"2026-02-15 10:00:00\"", ty(ORM_T_DATETIME)),
			  key_stored(vtext(ORM_V_TIMESTAMP, "2026-02-15 10:00:00"), ty(ORM_T_DATETIME)));
	CHECK(strcmp(key_given(SQ, "\"2026-02-15T10:00:00.5\"", ty(ORM_T_DATETIME)),
				 key_stored(vtext(ORM_V_TEXT, "2026-02-15 10:00:00"), ty(ORM_T_DATETIME))) != 0);
	/* an offset: one instant on PostgreSQL; SQLite stores the wall clock */
	CHECK_STR(key_given(PG, "\"2026-02-15T12:00:00+02:00\"", ty_tz(ORM_T_DATETIME)),
			  key_stored(vtext(ORM_V_TIMESTAMPTZ, "2026-02-15 10:00:00+00:00"),
						 ty_tz(ORM_T_DATETIME)));
	CHECK_STR(key_given(SQ, "\"2026-02-15T10:00:00+02:00\"", ty_tz(ORM_T_DATETIME)),
			  key_stored(vtext(ORM_V_TEXT, "2026-02-15 10:00:00.000000"), ty_tz(ORM_T_DATETIME)));
	CHECK_STR(key_given(PG, "\"2026-02-15\"", ty(ORM_T_DATE)),
			  key_stored(vtext(ORM_V_DATE, "2026-02-15"), ty(ORM_T_DATE)));
	CHECK_STR(key_given(SQ, "\"10:00\"", ty(ORM_T_TIME)),
			  key_stored(vtext(ORM_V_TEXT, "10:00:00.000000"), ty(ORM_T_TIME)));
	/* numbers by value: 1, 1.0, "1.00", true */
	CHECK_STR(key_given(SQ, "1.0", ty(ORM_T_INTEGER)), key_stored(vint(ORM_V_INT, 1), ty(ORM_T_INTEGER)));
	CHECK_STR(key_given(SQ, "\"1\"", ty(ORM_T_INTEGER)), key_stored(vint(ORM_V_INT, 1), ty(ORM_T_INTEGER)));
	CHECK_STR(key_given(PG, "\"1.00\"", num), key_stored(vtext(ORM_V_NUMERIC, "1"), num));
	CHECK_STR(key_given(PG, "100", num), key_stored(vtext(ORM_V_NUMERIC, "1.00E+2"), num));
	CHECK_STR(key_given(SQ, "\"1.10\"", num), key_stored(vfloat(ORM_V_FLOAT, 1.1), num));
	CHECK_STR(key_given(PG, "-0.0", num), key_stored(vtext(ORM_V_NUMERIC, "0.00"), num));
	CHECK(strcmp(key_given(PG, "1.01", num), key_stored(vtext(ORM_V_NUMERIC, "1.1"), num)) != 0);
	CHECK_STR(key_given(PG, "true", ty(ORM_T_BOOLEAN)), key_stored(vint(ORM_V_INT, 1), ty(ORM_T_BOOLEAN)));
	CHECK_STR(key_given(SQ, "1", ty(ORM_T_BOOLEAN)), key_stored(vint(ORM_V_BOOL, 1), ty(ORM_T_BOOLEAN)));
	CHECK_STR(key_stored(vint(ORM_V_INT, 0), ty(ORM_T_INTEGER)), "N0");
	CHECK_STR(key_stored(vint(ORM_V_INT, -120), ty(ORM_T_INTEGER)), "N-12e1");
	/* an integer's key is its decimal text's (vl_int_key writes it directly) */
	{
		static const int64_t ints[] = {1, 7, 10, 100, 1000000, 1200, 10203, -1, -10, -90000,
			INT64_MAX, INT64_MIN, INT64_MIN + 1, 10000000000000000LL, 123456789012345678LL};
		OrmType    *n0 = ty_numeric(30, 0);
		char		txt[32];

		for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		{
			snprintf(txt, sizeof(txt), "%lld", (long long) ints[i]);
			CHECK_STR(key_stored(vint(ORM_V_INT, ints[i]), ty(ORM_T_INTEGER)),
					  key_stored(vtext(ORM_V_NUMERIC, txt), n0));
		}
		for (int64_t v = -2000; v <= 2000; v++)
		{
			snprintf(txt, sizeof(txt), "%lld", (long long) v);
			if (strcmp(key_stored(vint(ORM_V_INT, v), ty(ORM_T_BIGINT)),
					   key_stored(vtext(ORM_V_NUMERIC, txt), n0)) != 0)
				CHECK_STR(key_stored(vint(ORM_V_INT, v), ty(ORM_T_BIGINT)),
						  key_stored(vtext(ORM_V_NUMERIC, txt), n0));
		}
	}
	/* UUIDs: any case, dashes or not, 16 bytes */
	CHECK_STR(key_given(SQ, "\"AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE\"", ty(ORM_T_UUID)),
			  key_stored(vtext(ORM_V_TEXT, "aaaaaaaabbbbccccddddeeeeeeeeeeee"), ty(ORM_T_UUID)));
	CHECK_STR(key_given(PG, "\"aaaaaaaabbbbccccddddeeeeeeeeeeee\"", ty(ORM_T_UUID)),
			  key_stored(vtext(ORM_V_UUID, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), ty(ORM_T_UUID)));
	CHECK_STR(key_stored(blob, ty(ORM_T_UUID)), "Uaaaaaaaabbbbccccddddeeeeeeeeeeee");
	/* text as it is; a number given for a text key is its text */
	CHECK_STR(key_given(SQ, "12", ty(ORM_T_STRING)), key_stored(vtext(ORM_V_TEXT, "12"), ty(ORM_T_STRING)));
	CHECK(strcmp(key_given(SQ, "\"Ab\"", ty(ORM_T_STRING)),
				 key_stored(vtext(ORM_V_TEXT, "ab"), ty(ORM_T_STRING))) != 0);
	/* no two kinds collide: the text "1" and the number 1 of an untyped key */
	CHECK(strcmp(key_stored(vtext(ORM_V_TEXT, "1"), NULL), key_stored(vint(ORM_V_INT, 1), NULL)) != 0);
	CHECK_STR(key_stored(vint(ORM_V_NULL, 0), ty(ORM_T_INTEGER)), "n");
}

int
main(void)
{
	orm_arena_init(&arena, &check_hooks);
	test_in_scalars();
	test_in_datetime();
	test_in_other();
	test_in_untyped();
	test_out();
	test_roundtrip();
	test_float_repr();
	test_same();
	test_key();
	test_numeric_scale();
	test_dumps();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
