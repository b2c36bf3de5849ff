/*
 * values.c -- values between the API's JSON forms, the engine's stored forms
 * and result JSON (values.h).
 *
 * Owns: input conversion (JSON value + column type -> bound OrmParam), result
 * formatting (engine OrmValue + type -> JSON text) and Python json.dumps
 * compatible serialization for JSON columns.  Assumes: the dialect's flags
 * (native_bool, native_datetime, uuid_storage) say which stored form to use;
 * on PostgreSQL every value that is neither int, float, bool nor bytes is
 * bound as text and the SQL carries the cast (dialect.c pg_param).
 *
 * Stored forms, checked against SQLAlchemy 2.0.40 writing the same model:
 *
 *   type           SQLite (typeof: value)                 PostgreSQL (bound as)
 *   Integer        integer                                INT
 *   Float          real                                   FLOAT
 *   Numeric        real (SQLAlchemy binds a float)        TEXT digits ::numeric
 *   Boolean        integer 1 / 0                          BOOL
 *   DateTime       text 'YYYY-MM-DD HH:MM:SS.ffffff'      TEXT ISO ::timestamp[tz]
 *                  (an offset is dropped, also with timezone=True)
 *   Date           text 'YYYY-MM-DD'                      TEXT ::date
 *   Time           text 'HH:MM:SS.ffffff'                 TEXT ::time[tz]
 *   Interval       text epoch + delta 'YYYY-MM-DD HH:MM:SS.ffffff'
 *                                                         TEXT '<s> seconds' ::interval
 *   LargeBinary    blob                                   BLOB
 *   Uuid           text 32 lowercase hex                  TEXT 36 chars ::uuid
 *   JSON           text json.dumps(v) (None -> 'null')    TEXT the same ::json
 *   Enum           text member NAME (VALUE with values_callable), both engines
 *
 * Result forms (docs/reference.md "Results and values") are Python's: floats as repr() prints
 * them, datetimes as isoformat(), Numeric with its scale, bytes "\\x"+hex.
 */
#include "sql/values.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names and errors ---------------------------------------------------- */

static const char *
vl_type_name(const OrmType *t)
{
	switch (t->kind)
	{
		case ORM_T_INTEGER:
			return "Integer";
		case ORM_T_BIGINT:
			return "BigInteger";
		case ORM_T_SMALLINT:
			return "SmallInteger";
		case ORM_T_STRING:
			return "String";
		case ORM_T_TEXT:
			return "Text";
		case ORM_T_FLOAT:
			return "Float";
		case ORM_T_NUMERIC:
			return "Numeric";
		case ORM_T_BOOLEAN:
			return "Boolean";
		case ORM_T_DATETIME:
			return "DateTime";
		case ORM_T_DATE:
			return "Date";
		case ORM_T_TIME:
			return "Time";
		case ORM_T_INTERVAL:
			return "Interval";
		case ORM_T_BINARY:
			return "LargeBinary";
		case ORM_T_UUID:
			return "Uuid";
		case ORM_T_JSON:
			return "JSON";
		case ORM_T_JSONB:
			return "JSONB";
		case ORM_T_ENUM:
			return "Enum";
		case ORM_T_ARRAY:
			return "ARRAY";
		default:
			return "value";
	}
}

/* invalid value for DateTime: "abc"  /  invalid value for Enum PostStatus: "x" */
static int
vl_bad(OrmArena *a, const OrmType *t, const JsonValue *in, OrmError *err)
{
	OrmBuf		shown;

	orm_buf_init(&shown, a);
	json_write(&shown, in);
	if (shown.len > 60)
	{
		orm_buf_truncate(&shown, 57);
		orm_buf_puts(&shown, "...");
	}
	if (t->kind == ORM_T_ENUM && t->enm && t->enm->name)
		return orm_err(err, ORM_ERR_INVALID_VALUE, "invalid value for Enum %s: %s",
					   t->enm->name, orm_buf_cstr(&shown));
	if (t->kind == ORM_T_ENUM && t->enm)
	{
		/* an anonymous Enum("a", "b") / Literal["a", "b"]: its values */
		OrmBuf		vals;

		orm_buf_init(&vals, a);
		for (int i = 0; i < t->enm->n && vals.len < 200; i++)
			orm_buf_printf(&vals, "%s\"%s\"", i ? ", " : "", t->enm->values[i]);
		if (vals.len >= 200)
			orm_buf_puts(&vals, ", ...");
		return orm_err(err, ORM_ERR_INVALID_VALUE, "invalid value for Enum(%s): %s",
					   orm_buf_cstr(&vals), orm_buf_cstr(&shown));
	}
	return orm_err(err, ORM_ERR_INVALID_VALUE, "invalid value for %s: %s",
				   vl_type_name(t), orm_buf_cstr(&shown));
}

/* ---- bound values -------------------------------------------------------- */

static void
vl_set_int(OrmParam *out, int64_t i)
{
	memset(out, 0, sizeof(*out));
	out->kind = ORM_V_INT;
	out->i = i;
}

static void
vl_set_float(OrmParam *out, double f)
{
	memset(out, 0, sizeof(*out));
	out->kind = ORM_V_FLOAT;
	out->f = f;
}

static void
vl_set_bool(const OrmDialect *d, OrmParam *out, bool b)
{
	memset(out, 0, sizeof(*out));
	out->kind = d->native_bool ? ORM_V_BOOL : ORM_V_INT;
	out->i = b ? 1 : 0;
}

static void
vl_set_text(OrmParam *out, OrmValueKind kind, const char *s, size_t n)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->s = s;
	out->len = n;
}

static void
vl_set_buf(OrmParam *out, OrmBuf *b)
{
	const char *s = orm_buf_cstr(b);

	vl_set_text(out, ORM_V_TEXT, s, b->len);
}

/*
 * Short values (datetimes, UUIDs, intervals) are formatted in a scratch
 * buffer on the stack: an OrmBuf over caller storage (orm_realloc copies
 * out of it should it ever outgrow it), so formatting allocates nothing
 * and a bound value costs one allocation of its exact size.
 */
#define VL_SCRATCH 128

static void
vl_scratch_init(OrmBuf *b, OrmArena *a, char *store)
{
	b->arena = a;
	b->data = store;
	b->len = 0;
	b->cap = VL_SCRATCH;
	store[0] = '\0';
}

/* The scratch text as the bound value: copied to the arena, exact size. */
static void
vl_set_scratch(OrmArena *a, OrmParam *out, const OrmBuf *b)
{
	vl_set_text(out, ORM_V_TEXT, orm_strndup(a, b->data, b->len), b->len);
}

/* ---- numbers ------------------------------------------------------------- */

/* A decimal number text: [+-]? (d+ [. d*] | . d+) ([eE] [+-]? d+)? */
static bool
vl_is_decimal(const char *s, size_t n)
{
	size_t		i = 0,
				intd = 0,
				frac = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, intd++;
	if (i < n && s[i] == '.')
	{
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, frac++;
	}
	if (intd + frac == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E'))
	{
		size_t		expd = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, expd++;
		if (expd == 0)
			return false;
	}
	return i == n;
}

/*
 * Parses a decimal number text through the JSON reader, so number semantics
 * (is_int, locale-independent strtod) are the same everywhere.  Leading '+'
 * and forms like "5." / ".5" are normalized first.
 */
static const JsonValue *
vl_number_from_text(OrmArena *a, const char *s, size_t n)
{
	OrmBuf		b;
	OrmError	e;
	size_t		i = 0;

	if (!vl_is_decimal(s, n))
		return NULL;
	orm_buf_init(&b, a);
	if (s[0] == '+' || s[0] == '-')
	{
		if (s[0] == '-')
			orm_buf_putc(&b, '-');
		i = 1;
	}
	if (s[i] == '.')
		orm_buf_putc(&b, '0');
	while (i < n && s[i] == '0' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;					/* leading zeros */
	for (; i < n; i++)
	{
		orm_buf_putc(&b, s[i]);
		if (s[i] == '.' && (i + 1 == n || s[i + 1] < '0' || s[i + 1] > '9'))
			orm_buf_putc(&b, '0');
	}
	orm_err_clear(&e);
	return json_parse(a, orm_buf_cstr(&b), b.len, &e);
}

/* The number in a JSON number or numeric string, or NULL. */
static const JsonValue *
vl_as_number(OrmArena *a, const JsonValue *in)
{
	if (in->kind == JSON_NUMBER)
		return in;
	if (in->kind == JSON_STRING)
		return vl_number_from_text(a, in->str, in->len);
	return NULL;
}

/*
 * Shortest decimal digits that read back as x (like Python's repr): fills
 * digits (no dot, no trailing zeros), returns the decimal exponent e with
 * x = d.ddd * 10^e, and sets *neg.  Locale-proof: only the digits of the
 * "%e" output are used.
 */
static int
vl_shortest_digits(double x, char *digits, bool *neg)
{
	char		buf[40];
	const char *p;
	int			prec,
				nd = 0;

	/*
	 * A normal double carries more than 15 significant digits, so a shorter
	 * round-tripping string padded with zeros is exactly the 15-digit
	 * rounding: starting at 15 still finds the shortest form.  Subnormals
	 * carry fewer digits and are searched from 1.
	 */
	for (prec = (fabs(x) < DBL_MIN) ? 1 : 15; prec <= 17; prec++)
	{
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	p = buf;
	*neg = (*p == '-');
	if (*neg)
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	return *p == 'e' ? atoi(p + 1) : 0;
}

/* A double as Python's repr() prints it; non-finite as null. */
static void
vl_put_double(OrmBuf *out, double x)
{
	char		digits[24];
	bool		neg;
	int			e,
				nd,
				i;

	if (!isfinite(x))
	{
		orm_buf_puts(out, "null");
		return;
	}
	e = vl_shortest_digits(x, digits, &neg);
	nd = (int) strlen(digits);
	if (neg)
		orm_buf_putc(out, '-');
	if (e < -4 || e >= 16)
	{
		orm_buf_putc(out, digits[0]);
		if (nd > 1)
		{
			orm_buf_putc(out, '.');
			orm_buf_puts(out, digits + 1);
		}
		orm_buf_printf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	}
	else if (e < 0)
	{
		orm_buf_puts(out, "0.");
		for (i = 0; i < -e - 1; i++)
			orm_buf_putc(out, '0');
		orm_buf_puts(out, digits);
	}
	else
	{
		for (i = 0; i <= e; i++)
			orm_buf_putc(out, i < nd ? digits[i] : '0');
		orm_buf_putc(out, '.');
		orm_buf_puts(out, nd > e + 1 ? digits + e + 1 : "0");
	}
}

/* x with exactly scale fraction digits (Numeric(p, s) read back from a REAL). */
static void
vl_put_fixed(OrmBuf *out, double x, int scale)
{
	char		buf[400];
	char	   *p;

	if (!isfinite(x) || fabs(x) >= 1e300 || scale > 60)
	{
		vl_put_double(out, x);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*f", scale, x);
	for (p = buf; *p; p++)
		if (!(*p >= '0' && *p <= '9') && *p != '-')
			*p = '.';			/* the locale's decimal point */
	orm_buf_puts(out, buf);
}

/* An integer in decimal (the commonest result value: no printf). */
static void
vl_put_int(OrmBuf *out, int64_t v)
{
	char		s[24];
	char	   *p = s + sizeof(s);
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;

	do
	{
		*--p = (char) ('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	orm_buf_put(out, p, (size_t) (s + sizeof(s) - p));
}

/* ---- dates and times ----------------------------------------------------- */

typedef struct VlDateTime
{
	int			year,
				month,
				day;
	int			hour,
				minute,
				second,
				usec;
	bool		has_date,
				has_time,
				has_tz;
	int			tz_sec;			/* offset east of UTC in seconds */
} VlDateTime;

static bool
vl_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
vl_days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && vl_leap(y) ? 29 : dm[m - 1];
}

/* Exactly n digits at s[*pos]; false otherwise. */
static bool
vl_digits(const char *s, size_t len, size_t *pos, int n, int *out)
{
	int			v = 0,
				i;

	if (*pos + (size_t) n > len)
		return false;
	for (i = 0; i < n; i++)
	{
		char		c = s[*pos + (size_t) i];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*pos += (size_t) n;
	*out = v;
	return true;
}

static bool
vl_expect(const char *s, size_t len, size_t *pos, char c)
{
	if (*pos < len && s[*pos] == c)
	{
		(*pos)++;
		return true;
	}
	return false;
}

/* date: YYYY-MM-DD */
static bool
vl_parse_date(const char *s, size_t len, size_t *pos, VlDateTime *dt)
{
	if (!vl_digits(s, len, pos, 4, &dt->year) || !vl_expect(s, len, pos, '-') ||
		!vl_digits(s, len, pos, 2, &dt->month) || !vl_expect(s, len, pos, '-') ||
		!vl_digits(s, len, pos, 2, &dt->day))
		return false;
	if (dt->year < 1 || dt->month < 1 || dt->month > 12 ||
		dt->day < 1 || dt->day > vl_days_in_month(dt->year, dt->month))
		return false;
	dt->has_date = true;
	return true;
}

/* time: HH:MM[:SS[.f{1,6}]] */
static bool
vl_parse_time(const char *s, size_t len, size_t *pos, VlDateTime *dt)
{
	if (!vl_digits(s, len, pos, 2, &dt->hour) || !vl_expect(s, len, pos, ':') ||
		!vl_digits(s, len, pos, 2, &dt->minute))
		return false;
	if (vl_expect(s, len, pos, ':'))
	{
		if (!vl_digits(s, len, pos, 2, &dt->second))
			return false;
		if (vl_expect(s, len, pos, '.') || vl_expect(s, len, pos, ','))
		{
			int			nd = 0,
						scale = 100000;

			while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9')
			{
				if (++nd > 6)
					return false;
				dt->usec += (s[*pos] - '0') * scale;
				scale /= 10;
				(*pos)++;
			}
			if (nd == 0)
				return false;
		}
	}
	if (dt->hour > 23 || dt->minute > 59 || dt->second > 59)
		return false;
	dt->has_time = true;
	return true;
}

/* tz: Z | [+-]HH[[:]MM[[:]SS]] */
static bool
vl_parse_tz(const char *s, size_t len, size_t *pos, VlDateTime *dt)
{
	int			sign,
				h = 0,
				m = 0,
				sec = 0;

	if (*pos < len && (s[*pos] == 'Z' || s[*pos] == 'z'))
	{
		(*pos)++;
		dt->has_tz = true;
		dt->tz_sec = 0;
		return true;
	}
	if (*pos >= len || (s[*pos] != '+' && s[*pos] != '-'))
		return false;
	sign = s[*pos] == '-' ? -1 : 1;
	(*pos)++;
	if (!vl_digits(s, len, pos, 2, &h))
		return false;
	if (*pos < len)
	{
		vl_expect(s, len, pos, ':');
		if (!vl_digits(s, len, pos, 2, &m))
			return false;
		if (*pos < len)
		{
			vl_expect(s, len, pos, ':');
			if (!vl_digits(s, len, pos, 2, &sec))
				return false;
		}
	}
	if (h > 23 || m > 59 || sec > 59)
		return false;
	dt->has_tz = true;
	dt->tz_sec = sign * (h * 3600 + m * 60 + sec);
	return true;
}

/* datetime: date [(T|t|' ') time [tz]] -- the whole text */
static bool
vl_parse_datetime(const char *s, size_t len, VlDateTime *dt)
{
	size_t		pos = 0;

	memset(dt, 0, sizeof(*dt));
	if (!vl_parse_date(s, len, &pos, dt))
		return false;
	if (pos == len)
		return true;
	if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')
		return false;
	pos++;
	if (!vl_parse_time(s, len, &pos, dt))
		return false;
	if (pos < len && !vl_parse_tz(s, len, &pos, dt))
		return false;
	return pos == len;
}

/* time [tz] -- the whole text; "HH" alone is not accepted */
static bool
vl_parse_timeofday(const char *s, size_t len, VlDateTime *dt)
{
	size_t		pos = 0;

	memset(dt, 0, sizeof(*dt));
	if (!vl_parse_time(s, len, &pos, dt))
		return false;
	if (pos < len && !vl_parse_tz(s, len, &pos, dt))
		return false;
	return pos == len;
}

static bool
vl_parse_dateonly(const char *s, size_t len, VlDateTime *dt)
{
	size_t		pos = 0;

	memset(dt, 0, sizeof(*dt));
	return vl_parse_date(s, len, &pos, dt) && pos == len;
}

/* v (0 <= v < 10^width) as exactly width digits at p: no printf per field. */
static void
vl_digits_at(char *p, int v, int width)
{
	while (width-- > 0)
	{
		p[width] = (char) ('0' + v % 10);
		v /= 10;
	}
}

static void
vl_put_date(OrmBuf *b, const VlDateTime *dt)
{
	char		s[10];

	vl_digits_at(s, dt->year, 4);
	s[4] = '-';
	vl_digits_at(s + 5, dt->month, 2);
	s[7] = '-';
	vl_digits_at(s + 8, dt->day, 2);
	orm_buf_put(b, s, sizeof(s));
}

/* HH:MM:SS then .ffffff always (storage) or only when non-zero (isoformat) */
static void
vl_put_time(OrmBuf *b, const VlDateTime *dt, bool always_usec)
{
	char		s[15];
	size_t		n = 8;

	vl_digits_at(s, dt->hour, 2);
	s[2] = ':';
	vl_digits_at(s + 3, dt->minute, 2);
	s[5] = ':';
	vl_digits_at(s + 6, dt->second, 2);
	if (always_usec || dt->usec)
	{
		s[8] = '.';
		vl_digits_at(s + 9, dt->usec, 6);
		n = 15;
	}
	orm_buf_put(b, s, n);
}

/* +HH:MM[:SS], as Python's isoformat() and PostgreSQL accept it */
static void
vl_put_tz(OrmBuf *b, const VlDateTime *dt)
{
	int			o = dt->tz_sec < 0 ? -dt->tz_sec : dt->tz_sec;

	orm_buf_printf(b, "%c%02d:%02d", dt->tz_sec < 0 ? '-' : '+', o / 3600, (o / 60) % 60);
	if (o % 60)
		orm_buf_printf(b, ":%02d", o % 60);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
vl_days_from_civil(int y, int m, int d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
vl_civil_from_days(int64_t z, VlDateTime *dt)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp,
				y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt->day = (int) (doy - (153 * mp + 2) / 5 + 1);
	dt->month = (int) (mp < 10 ? mp + 3 : mp - 9);
	dt->year = (int) (y + (dt->month <= 2));
}

/* Microseconds since the epoch of a naive datetime. */
static int64_t
vl_epoch_usec(const VlDateTime *dt)
{
	int64_t		days = vl_days_from_civil(dt->year, dt->month, dt->day);
	int64_t		secs = days * 86400 + dt->hour * 3600 + dt->minute * 60 + dt->second;

	return secs * 1000000 + dt->usec;
}

/* Epoch + us as a datetime; false when outside years 1..9999. */
static bool
vl_from_epoch_usec(int64_t us, VlDateTime *dt)
{
	int64_t		days,
				rem;

	memset(dt, 0, sizeof(*dt));
	days = us / 86400000000LL;
	rem = us % 86400000000LL;
	if (rem < 0)
		rem += 86400000000LL, days--;
	vl_civil_from_days(days, dt);
	dt->hour = (int) (rem / 3600000000LL);
	dt->minute = (int) (rem / 60000000 % 60);
	dt->second = (int) (rem / 1000000 % 60);
	dt->usec = (int) (rem % 1000000);
	dt->has_date = dt->has_time = true;
	return dt->year >= 1 && dt->year <= 9999;
}

/* ---- input: one converter per type --------------------------------------- */

/*
 * Whether the engine has typed dates, numerics, intervals and arrays
 * (PostgreSQL: values bound as text with a cast) or stores SQLAlchemy's
 * SQLite forms.  The dialect's native_datetime flag says it.
 */
static bool
vl_typed_engine(const OrmDialect *d)
{
	return d->native_datetime;
}

typedef struct VlIn
{
	OrmArena   *a;
	const OrmDialect *d;
	const JsonValue *in;
	const OrmType *t;
	OrmParam   *out;
	OrmError   *err;
} VlIn;

static int
vl_in_bad(VlIn *c)
{
	return vl_bad(c->a, c->t, c->in, c->err);
}

/* Integer, BigInteger, SmallInteger: a JSON integer (or integral number,
 * numeric string, or boolean as Python's int(True)). */
static int
vl_in_integer(VlIn *c)
{
	const JsonValue *num;

	if (c->in->kind == JSON_TRUE || c->in->kind == JSON_FALSE)
	{
		vl_set_int(c->out, c->in->kind == JSON_TRUE);
		return 0;
	}
	num = vl_as_number(c->a, c->in);
	if (num && num->is_int)
	{
		vl_set_int(c->out, num->ival);
		return 0;
	}
	if (num && isfinite(num->dval) && num->dval == floor(num->dval) &&
		fabs(num->dval) < 9.2e18)
	{
		vl_set_int(c->out, (int64_t) num->dval);
		return 0;
	}
	return vl_in_bad(c);
}

static int
vl_in_float(VlIn *c)
{
	const JsonValue *num = vl_as_number(c->a, c->in);

	if (!num || !isfinite(num->dval))
		return vl_in_bad(c);
	vl_set_float(c->out, num->dval);
	return 0;
}

/* Numeric: SQLite gets the float SQLAlchemy binds; PostgreSQL the digits. */
static int
vl_in_numeric(VlIn *c)
{
	const JsonValue *num = vl_as_number(c->a, c->in);

	if (!num)
		return vl_in_bad(c);
	if (!vl_typed_engine(c->d))
	{
		if (!isfinite(num->dval))
			return vl_in_bad(c);
		vl_set_float(c->out, num->dval);
		return 0;
	}
	vl_set_text(c->out, ORM_V_TEXT, num->str, num->len);
	return 0;
}

static int
vl_in_boolean(VlIn *c)
{
	const JsonValue *in = c->in;

	if (in->kind == JSON_TRUE || in->kind == JSON_FALSE)
		vl_set_bool(c->d, c->out, in->kind == JSON_TRUE);
	else if (in->kind == JSON_NUMBER && in->is_int && (in->ival == 0 || in->ival == 1))
		vl_set_bool(c->d, c->out, in->ival == 1);
	else if (in->kind == JSON_STRING && (orm_strieq(in->str, "true") || strcmp(in->str, "1") == 0))
		vl_set_bool(c->d, c->out, true);
	else if (in->kind == JSON_STRING && (orm_strieq(in->str, "false") || strcmp(in->str, "0") == 0))
		vl_set_bool(c->d, c->out, false);
	else
		return vl_in_bad(c);
	return 0;
}

/* String, Text: strings, and numbers as their text.  PostgreSQL text
 * cannot hold NUL (psycopg2 refuses it too). */
static int
vl_in_string(VlIn *c)
{
	if (c->in->kind != JSON_STRING && c->in->kind != JSON_NUMBER)
		return vl_in_bad(c);
	if (vl_typed_engine(c->d) && memchr(c->in->str, '\0', c->in->len))
		return vl_in_bad(c);
	vl_set_text(c->out, ORM_V_TEXT, c->in->str, c->in->len);
	return 0;
}

/*
 * The commonest datetime given, "YYYY-MM-DDTHH:MM:SS[.ffffff]" (Python's
 * isoformat() of a naive datetime), to its stored text at once: the same
 * checks and the same text as vl_parse_datetime, vl_put_date and
 * vl_put_time.  False (nothing written) for any other spelling.
 */
static bool
vl_in_datetime_iso(VlIn *c)
{
	const char *s = c->in->str;
	size_t		n = c->in->len;
	static const unsigned char digit[26] = {1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1,
	0, 1, 1, 0, 1, 1, 1, 1, 1, 1};
	int			y,
				mo,
				d;
	char	   *out;

	if ((n != 19 && n != 26) || s[4] != '-' || s[7] != '-' ||
		(s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' ||
		(n == 26 && s[19] != '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (digit[i] && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > vl_days_in_month(y, mo) ||
		(s[11] - '0') * 10 + (s[12] - '0') > 23 || s[14] > '5' || s[17] > '5')
		return false;
	out = orm_alloc(c->a, 27);
	memcpy(out, s, n);
	out[10] = ' ';
	if (n == 19)
		memcpy(out + 19, ".000000", 7);
	vl_set_text(c->out, ORM_V_TEXT, out, 26);
	return true;
}

static int
vl_in_datetime(VlIn *c)
{
	VlDateTime	dt;
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (c->in->kind == JSON_STRING && vl_in_datetime_iso(c))
		return 0;
	if (c->in->kind != JSON_STRING || !vl_parse_datetime(c->in->str, c->in->len, &dt))
		return vl_in_bad(c);
	vl_scratch_init(&b, c->a, store);
	vl_put_date(&b, &dt);
	orm_buf_putc(&b, ' ');
	vl_put_time(&b, &dt, true);
	if (dt.has_tz && vl_typed_engine(c->d) && c->t->timezone)
		vl_put_tz(&b, &dt);
	vl_set_scratch(c->a, c->out, &b);
	return 0;
}

static int
vl_in_date(VlIn *c)
{
	VlDateTime	dt;
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (c->in->kind != JSON_STRING || !vl_parse_dateonly(c->in->str, c->in->len, &dt))
		return vl_in_bad(c);
	vl_scratch_init(&b, c->a, store);
	vl_put_date(&b, &dt);
	vl_set_scratch(c->a, c->out, &b);
	return 0;
}

static int
vl_in_time(VlIn *c)
{
	VlDateTime	dt;
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (c->in->kind != JSON_STRING || !vl_parse_timeofday(c->in->str, c->in->len, &dt))
		return vl_in_bad(c);
	vl_scratch_init(&b, c->a, store);
	vl_put_time(&b, &dt, true);
	if (dt.has_tz && vl_typed_engine(c->d) && c->t->timezone)
		vl_put_tz(&b, &dt);
	vl_set_scratch(c->a, c->out, &b);
	return 0;
}

/*
 * PostgreSQL interval text as psycopg2 adapts a timedelta: whole days and
 * the rest in seconds, "D days S.ffffff seconds" with 0 <= S < 86400 (so
 * 90000 s is stored as "1 day 01:00:00", not "25:00:00", as SQLAlchemy's).
 */
static void
vl_put_pg_interval(OrmBuf *b, int64_t us)
{
	int64_t		day = 86400000000LL,
				days = us / day,
				rest = us % day;

	if (rest < 0)
		rest += day, days--;
	orm_buf_printf(b, "%lld days %lld.%06lld seconds", (long long) days,
				   (long long) (rest / 1000000), (long long) (rest % 1000000));
}

/* Interval: seconds.  SQLite: epoch + delta as DATETIME text (SQLAlchemy's
 * storage); PostgreSQL: vl_put_pg_interval. */
static int
vl_in_interval(VlIn *c)
{
	const JsonValue *num = vl_as_number(c->a, c->in);
	int64_t		us;
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (!num || !isfinite(num->dval) || fabs(num->dval) > 9e12)
		return vl_in_bad(c);
	if (num->is_int)
		us = num->ival * 1000000;
	else
	{
		double		whole,
					frac = modf(num->dval, &whole);

		us = (int64_t) whole * 1000000 + llround(frac * 1e6);	/* exact whole part */
	}
	vl_scratch_init(&b, c->a, store);
	if (vl_typed_engine(c->d))
		vl_put_pg_interval(&b, us);
	else
	{
		VlDateTime	dt;

		if (!vl_from_epoch_usec(us, &dt))
			return vl_in_bad(c);
		vl_put_date(&b, &dt);
		orm_buf_putc(&b, ' ');
		vl_put_time(&b, &dt, true);
	}
	vl_set_scratch(c->a, c->out, &b);
	return 0;
}

static int
vl_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* LargeBinary: "\\x" + hex pairs -> raw bytes */
static int
vl_in_binary(VlIn *c)
{
	const char *s = c->in->str;
	size_t		n = c->in->len,
				i;
	char	   *bytes;

	if (c->in->kind != JSON_STRING || n < 2 || s[0] != '\\' || s[1] != 'x' || n % 2)
		return vl_in_bad(c);
	bytes = orm_alloc(c->a, (n - 2) / 2 + 1);
	for (i = 2; i < n; i += 2)
	{
		int			hi = vl_hexval(s[i]),
					lo = vl_hexval(s[i + 1]);

		if (hi < 0 || lo < 0)
			return vl_in_bad(c);
		bytes[(i - 2) / 2] = (char) (hi << 4 | lo);
	}
	vl_set_text(c->out, ORM_V_BLOB, bytes, (n - 2) / 2);
	return 0;
}

/* 36-char (dashes at 8, 13, 18, 23) or 32-char hex, any case -> 32 lowercase hex */
static bool
vl_uuid_hex(const char *s, size_t n, char *hex)
{
	size_t		i,
				k = 0;

	if (n != 32 && n != 36)
		return false;
	for (i = 0; i < n; i++)
	{
		if (n == 36 && (i == 8 || i == 13 || i == 18 || i == 23))
		{
			if (s[i] != '-')
				return false;
			continue;
		}
		if (vl_hexval(s[i]) < 0)
			return false;
		hex[k++] = (s[i] >= 'A' && s[i] <= 'F') ? (char) (s[i] - 'A' + 'a') : s[i];
	}
	hex[32] = '\0';
	return true;
}

static void
vl_put_uuid36(OrmBuf *b, const char *hex)
{
	orm_buf_printf(b, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static int
vl_in_uuid(VlIn *c)
{
	char		hex[33];
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (c->in->kind != JSON_STRING || !vl_uuid_hex(c->in->str, c->in->len, hex))
		return vl_in_bad(c);
	vl_scratch_init(&b, c->a, store);
	if ((c->d->uuid_storage == ORM_UUID_HEX32 && !(c->t && c->t->uuid_text36)) ||
		(c->t && c->t->uuid_hex))
		orm_buf_puts(&b, hex);
	else
		vl_put_uuid36(&b, hex);
	vl_set_scratch(c->a, c->out, &b);
	return 0;
}

/* JSON, JSONB: json.dumps(value); a JSON null is the text 'null', as
 * SQLAlchemy writes None into a JSON column (none_as_null=False). */
static int
vl_in_json(VlIn *c)
{
	OrmBuf		b;

	orm_buf_init(&b, c->a);
	orm_json_dumps(&b, c->in);
	vl_set_buf(c->out, &b);
	return 0;
}

/* Index of the member whose value (then name) is the input, or -1. */
static int
vl_enum_lookup(VlIn *c, const OrmEnum *e)
{
	const JsonValue *in = c->in;
	const char *key;
	int			i;

	if (in->kind == JSON_STRING)
		key = in->str;
	else if (in->kind == JSON_NUMBER)
		key = in->is_int ? orm_sprintf(c->a, "%lld", (long long) in->ival) : in->str;
	else
		return -1;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->values[i], key) == 0)
			return i;
	if (in->kind == JSON_NUMBER && !in->is_int)
	{
		for (i = 0; i < e->n; i++)		/* 1.50 for a member valued 1.5 */
		{
			const JsonValue *v = e->value_is_str[i] ? NULL :
				vl_number_from_text(c->a, e->values[i], strlen(e->values[i]));

			if (v && v->dval == in->dval)
				return i;
		}
	}
	if (in->kind == JSON_STRING)
		for (i = 0; i < e->n; i++)
			if (strcmp(e->names[i], key) == 0)
				return i;
	return -1;
}

static int
vl_in_enum(VlIn *c)
{
	const OrmEnum *e = c->t->enm;
	const char *stored;
	int			i;

	if (!e)
		return vl_in_string(c);
	if ((i = vl_enum_lookup(c, e)) < 0)
	{
		if (e->strings && !c->t->validate_strings && c->in->kind == JSON_STRING)
			return vl_in_string(c);
		return vl_in_bad(c);
	}
	stored = c->t->enum_by_value ? e->values[i] : e->names[i];
	vl_set_text(c->out, ORM_V_TEXT, stored, strlen(stored));
	return 0;
}

/* PostgreSQL array literal: {1,"a b",NULL,{2,3}} */
static bool
vl_pg_array(OrmBuf *b, const JsonValue *v)
{
	int			i;
	size_t		k;

	switch (v->kind)
	{
		case JSON_NULL:
			orm_buf_puts(b, "NULL");
			return true;
		case JSON_TRUE:
		case JSON_FALSE:
			orm_buf_puts(b, v->kind == JSON_TRUE ? "true" : "false");
			return true;
		case JSON_NUMBER:
			orm_buf_put(b, v->str, v->len);
			return true;
		case JSON_STRING:
			orm_buf_putc(b, '"');
			for (k = 0; k < v->len; k++)
			{
				if (v->str[k] == '"' || v->str[k] == '\\')
					orm_buf_putc(b, '\\');
				orm_buf_putc(b, v->str[k]);
			}
			orm_buf_putc(b, '"');
			return true;
		case JSON_ARRAY:
			orm_buf_putc(b, '{');
			for (i = 0; i < v->n; i++)
			{
				if (i)
					orm_buf_putc(b, ',');
				if (!vl_pg_array(b, v->items[i]))
					return false;
			}
			orm_buf_putc(b, '}');
			return true;
		default:
			return false;
	}
}

/* ARRAY: PostgreSQL array literal text; elsewhere compact JSON text. */
static int
vl_in_array(VlIn *c)
{
	OrmBuf		b;

	if (c->in->kind != JSON_ARRAY)
		return vl_in_bad(c);
	orm_buf_init(&b, c->a);
	if (vl_typed_engine(c->d))
	{
		if (!vl_pg_array(&b, c->in))
			return vl_in_bad(c);
	}
	else
		json_write(&b, c->in);
	vl_set_buf(c->out, &b);
	return 0;
}

/* No type known: by the JSON kind alone. */
static int
vl_in_untyped(VlIn *c)
{
	const JsonValue *in = c->in;
	OrmBuf		b;

	switch (in->kind)
	{
		case JSON_NULL:
			memset(c->out, 0, sizeof(*c->out));
			return 0;
		case JSON_TRUE:
		case JSON_FALSE:
			vl_set_bool(c->d, c->out, in->kind == JSON_TRUE);
			return 0;
		case JSON_NUMBER:
			if (in->is_int)
				vl_set_int(c->out, in->ival);
			else
				vl_set_float(c->out, in->dval);
			return 0;
		case JSON_STRING:
			vl_set_text(c->out, ORM_V_TEXT, in->str, in->len);
			return 0;
		default:
			orm_buf_init(&b, c->a);
			json_write(&b, in);
			vl_set_buf(c->out, &b);
			return 0;
	}
}

static int
vl_in_dispatch(VlIn *c)
{
	const OrmType *t = c->t;

	if (!t || t->kind == ORM_T_UNKNOWN || t->kind == ORM_T_NULLTYPE)
		return vl_in_untyped(c);
	if (c->in->kind == JSON_NULL &&
		((t->kind != ORM_T_JSON && t->kind != ORM_T_JSONB) || t->none_as_null))
	{
		/* SQL NULL (a JSON column's None is 'null' unless none_as_null=True) */
		memset(c->out, 0, sizeof(*c->out));
		return 0;
	}
	switch (t->kind)
	{
		case ORM_T_INTEGER:
		case ORM_T_BIGINT:
		case ORM_T_SMALLINT:
			return vl_in_integer(c);
		case ORM_T_STRING:
		case ORM_T_TEXT:
			return vl_in_string(c);
		case ORM_T_FLOAT:
			return vl_in_float(c);
		case ORM_T_NUMERIC:
			return vl_in_numeric(c);
		case ORM_T_BOOLEAN:
			return vl_in_boolean(c);
		case ORM_T_DATETIME:
			return vl_in_datetime(c);
		case ORM_T_DATE:
			return vl_in_date(c);
		case ORM_T_TIME:
			return vl_in_time(c);
		case ORM_T_INTERVAL:
			return vl_in_interval(c);
		case ORM_T_BINARY:
			return vl_in_binary(c);
		case ORM_T_UUID:
			return vl_in_uuid(c);
		case ORM_T_JSON:
		case ORM_T_JSONB:
			return vl_in_json(c);
		case ORM_T_ENUM:
			return vl_in_enum(c);
		case ORM_T_ARRAY:
			return vl_in_array(c);
		default:
			return vl_in_untyped(c);
	}
}

int
orm_value_from_json(OrmArena *a, const OrmDialect *d, const JsonValue *in,
					const OrmType *t, OrmParam *out, OrmError *err)
{
	VlIn		c = {a, d, in, t, out, err};
	JsonValue	null_value;

	if (t && t->decorator_binds && in && in->kind != JSON_NULL)
		return orm_err(err, ORM_ERR_UNSUPPORTED,
					   "%s is a TypeDecorator whose process_bind_param is Python that orm does "
					   "not run: a value for it is not bound unprocessed", t->decorator);
	if (!in)
	{
		memset(&null_value, 0, sizeof(null_value));
		c.in = &null_value;
	}
	return vl_in_dispatch(&c);
}

int
orm_value_from_text(OrmArena *a, const OrmDialect *d, const char *s, size_t n,
					const OrmType *t, OrmParam *out, OrmError *err)
{
	JsonValue  *in;

	if (t && (t->kind == ORM_T_JSON || t->kind == ORM_T_JSONB))
	{
		OrmError	e;

		orm_err_clear(&e);
		if ((in = json_parse(a, s, n, &e)) != NULL)
			return orm_value_from_json(a, d, in, t, out, err);
	}
	in = json_new_string(a, s, n);
	return orm_value_from_json(a, d, in, t, out, err);
}

/* ---- output -------------------------------------------------------------- */

static void
vl_out_hex(OrmBuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i;

	orm_buf_puts(out, "\"\\\\x");
	for (i = 0; i < n; i++)
	{
		orm_buf_putc(out, hex[((unsigned char) s[i]) >> 4]);
		orm_buf_putc(out, hex[((unsigned char) s[i]) & 15]);
	}
	orm_buf_putc(out, '"');
}

static void
vl_out_str(OrmBuf *out, const OrmValue *v)
{
	orm_buf_json_str(out, v->s ? v->s : "", v->s ? v->len : 0);
}

/* Embeds JSON text canonically (compact); text that does not parse becomes a string. */
static void
vl_out_json_text(OrmBuf *out, const OrmValue *v)
{
	OrmError	e;
	JsonValue  *j;

	orm_err_clear(&e);
	j = json_parse(out->arena, v->s ? v->s : "", v->s ? v->len : 0, &e);
	if (j)
		json_write(out, j);
	else
		vl_out_str(out, v);
}

/*
 * Is s already a JSON number: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?  (the form
 * engines print numerics in; anything else goes through the normalizer).
 */
static bool
vl_is_json_number(const char *s, size_t n)
{
	size_t		i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n || s[i] < '0' || s[i] > '9' || (s[i] == '0' && i + 1 < n && s[i + 1] >= '0' &&
											   s[i + 1] <= '9'))
		return false;
	if (!vl_is_decimal(s + i, n - i))
		return false;
	for (; i < n; i++)
		if (s[i] == '.' && (i + 1 == n || s[i + 1] < '0' || s[i + 1] > '9'))
			return false;
	return true;
}

/* A numeric text as a JSON number when it is one ("12.50"), else a string ("NaN"). */
static void
vl_out_numeric_text(OrmBuf *out, const OrmValue *v)
{
	const JsonValue *num;

	if (v->s && vl_is_json_number(v->s, v->len))
	{
		orm_buf_put(out, v->s, v->len);		/* the common case: no allocation */
		return;
	}
	num = v->s ? vl_number_from_text(out->arena, v->s, v->len) : NULL;
	if (num)
		orm_buf_put(out, num->str, num->len);
	else
		vl_out_str(out, v);
}

/* Two digits at s as a number, or -1. */
static int
vl_2digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * The form SQLite stores datetimes in ("YYYY-MM-DD HH:MM:SS.ffffff",
 * SQLAlchemy's; or without the fraction, or with 'T'), written as
 * isoformat() straight from the text: the same checks as vl_parse_datetime
 * and the same output as the general path below (the fraction left out
 * when zero), at a fifth of its cost.  false: not that form, the general
 * path decides.
 */
static bool
vl_out_datetime_fast(OrmBuf *out, const char *s, size_t n)
{
	char		o[28];
	int			y = 0,
				mo,
				d,
				h,
				mi,
				sec;
	bool		frac = false;

	if ((n != 19 && n != 26) || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') ||
		s[13] != ':' || s[16] != ':')
		return false;
	for (int i = 0; i < 4; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	mo = vl_2digits(s + 5);
	d = vl_2digits(s + 8);
	h = vl_2digits(s + 11);
	mi = vl_2digits(s + 14);
	sec = vl_2digits(s + 17);
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > vl_days_in_month(y, mo) ||
		h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return false;
	if (n == 26)
	{
		if (s[19] != '.')
			return false;
		for (int i = 20; i < 26; i++)
		{
			if (s[i] < '0' || s[i] > '9')
				return false;
			frac = frac || s[i] != '0';
		}
	}
	o[0] = '"';
	memcpy(o + 1, s, 19);
	o[11] = 'T';
	if (frac)
		memcpy(o + 20, s + 19, 7);
	o[frac ? 27 : 20] = '"';
	orm_buf_put(out, o, frac ? 28 : 21);
	return true;
}

/* datetime text of either engine -> isoformat(); unparsable text as is */
static void
vl_out_datetime(OrmBuf *out, const OrmValue *v)
{
	VlDateTime	dt;
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (v->s && vl_out_datetime_fast(out, v->s, v->len))
		return;
	if (!v->s || !vl_parse_datetime(v->s, v->len, &dt))
	{
		vl_out_str(out, v);
		return;
	}
	vl_scratch_init(&b, out->arena, store);
	vl_put_date(&b, &dt);
	if (dt.has_time || dt.has_tz)
	{
		orm_buf_putc(&b, 'T');
		vl_put_time(&b, &dt, false);
		if (dt.has_tz)
			vl_put_tz(&b, &dt);
	}
	else
		orm_buf_puts(&b, "T00:00:00");
	orm_buf_json_str(out, b.data, b.len);
}

static void
vl_out_time(OrmBuf *out, const OrmValue *v)
{
	VlDateTime	dt;
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (!v->s || !vl_parse_timeofday(v->s, v->len, &dt))
	{
		vl_out_str(out, v);
		return;
	}
	vl_scratch_init(&b, out->arena, store);
	vl_put_time(&b, &dt, false);
	if (dt.has_tz)
		vl_put_tz(&b, &dt);
	orm_buf_json_str(out, b.data, b.len);
}

/*
 * Our own PostgreSQL bind form, echoed by the flush: "D days S.ffffff
 * seconds" (vl_put_pg_interval) -> seconds.  Only digits are read, so the
 * locale's decimal point does not matter.
 */
static bool
vl_pg_interval_secs(const char *s, size_t n, double *out)
{
	long long	days,
				whole;
	int			usec,
				used = 0;
	char		buf[80];

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (sscanf(buf, "%lld days %lld.%6d seconds%n", &days, &whole, &usec, &used) != 3 ||
		(size_t) used != n)
		return false;
	*out = (double) (days * 86400 + whole) + usec / 1e6;
	return true;
}

/* Interval: PostgreSQL gives seconds; SQLite stores epoch + delta. */
static void
vl_out_interval(OrmBuf *out, const OrmValue *v)
{
	VlDateTime	dt;
	double		secs;

	if ((v->kind == ORM_V_TEXT || v->kind == ORM_V_TIMESTAMP) && v->s &&
		vl_parse_datetime(v->s, v->len, &dt) && !dt.has_tz)
		vl_put_double(out, (double) vl_epoch_usec(&dt) / 1e6);
	else if (v->kind == ORM_V_TEXT && v->s && vl_pg_interval_secs(v->s, v->len, &secs))
		vl_put_double(out, secs);
	else if (v->kind == ORM_V_INT)
		vl_put_double(out, (double) v->i);
	else if (v->kind == ORM_V_INTERVAL || v->kind == ORM_V_FLOAT)
		vl_put_double(out, v->f);
	else
		vl_out_str(out, v);
}

static void
vl_out_uuid(OrmBuf *out, const OrmValue *v)
{
	char		hex[33];
	OrmBuf		b;
	char		store[VL_SCRATCH];

	if (!v->s || !vl_uuid_hex(v->s, v->len, hex))
	{
		vl_out_str(out, v);
		return;
	}
	vl_scratch_init(&b, out->arena, store);
	vl_put_uuid36(&b, hex);
	orm_buf_json_str(out, b.data, b.len);
}

/* The member stored as key (len bytes, not terminated), or -1. */
static int
vl_enum_index(const OrmEnum *e, const char *key, size_t len, bool by_value)
{
	int			i;

	for (i = 0; i < e->n; i++)
	{
		const char *m = by_value ? e->values[i] : e->names[i];

		if (strncmp(m, key, len) == 0 && m[len] == '\0')
			return i;
	}
	return -1;
}

/* Enum: stored NAME (or value) -> the member's value, a number when numeric. */
static void
vl_out_enum(OrmBuf *out, const OrmValue *v, const OrmType *t)
{
	const OrmEnum *e = t->enm;
	int			i;

	if (!e || !v->s || memchr(v->s, '\0', v->len))
	{
		vl_out_str(out, v);
		return;
	}
	i = vl_enum_index(e, v->s, v->len, t->enum_by_value);
	if (i < 0)
		vl_out_str(out, v);
	else if (e->value_is_str[i])
		orm_buf_json_str(out, e->values[i], strlen(e->values[i]));
	else
		orm_buf_puts(out, e->values[i]);
}

/* SQLAlchemy's repr_tuple_names(): at most four names (three, "...", the
 * last), each cut to 11 characters with "..". */
static void
vl_enum_names(char *buf, size_t size, const OrmEnum *e, bool by_value)
{
	size_t		at = 0;

	buf[0] = '\0';
	for (int i = 0; i < e->n && at + 1 < size; i++)
	{
		const char *n = by_value ? e->values[i] : e->names[i];
		size_t		len = strlen(n);

		if (e->n > 4 && i >= 3 && i < e->n - 1)
		{
			if (i == 3)
				at += (size_t) snprintf(buf + at, size - at, ", ...");
			continue;
		}
		if (at >= size)
			break;
		at += (size_t) snprintf(buf + at, size - at, "%s%.*s%s", i ? ", " : "",
								(int) (len > 11 ? 11 : len), n, len > 11 ? ".." : "");
	}
}

int
orm_value_check_read(const OrmValue *v, const OrmType *t, OrmError *err)
{
	const OrmEnum *e;
	char		names[128];

	if (t && t->decorator_results && v->kind != ORM_V_NULL)
		return orm_err(err, ORM_ERR_UNSUPPORTED,
					   "%s is a TypeDecorator whose process_result_value is Python that orm does "
					   "not run: its stored value is not read unprocessed (select other columns)",
					   t->decorator);
	if (t && (t->kind == ORM_T_DATE || t->kind == ORM_T_DATETIME || t->kind == ORM_T_TIME) &&
		(v->kind == ORM_V_INT || v->kind == ORM_V_FLOAT))
	{
		/*
		 * SQLite's numeric result for a date type (CAST(x AS DATE) is numeric
		 * there): SQLAlchemy's result processing hands it to fromisoformat(),
		 * which raises TypeError.
		 */
		return orm_err(err, ORM_ERR_INVALID_VALUE,
					   "fromisoformat: argument must be str (the engine returned a number "
					   "for a %s result)", t->kind == ORM_T_DATE ? "Date" :
					   t->kind == ORM_T_TIME ? "Time" : "DateTime");
	}
	if (!t || t->kind != ORM_T_ENUM || !(e = t->enm) || e->n == 0 ||
		v->kind != ORM_V_TEXT || !v->s || memchr(v->s, '\0', v->len) ||
		vl_enum_index(e, v->s, v->len, t->enum_by_value) >= 0)
		return 0;
	vl_enum_names(names, sizeof(names), e, t->enum_by_value);
	return orm_err(err, ORM_ERR_INVALID_VALUE,
				   "'%.*s' is not among the defined enum values. Enum name: %s. "
				   "Possible values: %s", (int) (v->len > 100 ? 100 : v->len), v->s,
				   t->enum_type_name ? t->enum_type_name : "None", names);
}

/* By the value's kind alone. */
static void
vl_out_kind(OrmBuf *out, const OrmValue *v)
{
	switch (v->kind)
	{
		case ORM_V_NULL:
			orm_buf_puts(out, "null");
			break;
		case ORM_V_INT:
			vl_put_int(out, v->i);
			break;
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			vl_put_double(out, v->f);
			break;
		case ORM_V_BOOL:
			orm_buf_puts(out, v->i ? "true" : "false");
			break;
		case ORM_V_BLOB:
			vl_out_hex(out, v->s, v->len);
			break;
		case ORM_V_NUMERIC:
			vl_out_numeric_text(out, v);
			break;
		case ORM_V_JSON:
		case ORM_V_ARRAY:
			vl_out_json_text(out, v);
			break;
		case ORM_V_TIMESTAMP:
		case ORM_V_TIMESTAMPTZ:
			vl_out_datetime(out, v);
			break;
		case ORM_V_TIME:
			vl_out_time(out, v);
			break;
		case ORM_V_UUID:
			vl_out_uuid(out, v);
			break;
		case ORM_V_DATE:
		case ORM_V_TEXT:
		default:
			vl_out_str(out, v);
	}
}

/*
 * Numeric(p, s) read back from SQLite's REAL gets its scale, as SQLAlchemy's
 * Decimal does and as PostgreSQL prints it ("0.10").  A zeroed OrmType
 * (precision 0) is not taken to mean scale 0.
 */
static bool
vl_has_scale(const OrmType *t)
{
	return t->precision > 0 && t->scale >= 0;
}

/*
 * Decimal digits [-]d+[.d*] with exactly scale fraction digits, rounded
 * half away from zero as PostgreSQL's numeric(p, s) stores them: the
 * digits the flush bound ("1", "0.125") echoed as stored ("1.00",
 * "0.13").  False when s is not of that plain form or too long.
 */
static bool
vl_put_rescaled(OrmBuf *out, const char *s, size_t n, int scale)
{
	char		d[160];			/* integer digits then scale fraction digits */
	size_t		i = 0,
				nint = 0,
				nd = 0,
				k;
	bool		neg = false,
				zero = true,
				up = false;

	if (i < n && s[i] == '-')
		neg = true, i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && nd < sizeof(d) - 1; i++)
		d[nd++] = s[i];
	nint = nd;
	if (nint == 0 || (i < n && s[i] != '.') || scale > 60)
		return false;
	if (i < n)
		i++;
	for (k = 0; k < (size_t) scale; k++)
		d[nd++] = (i < n && s[i] >= '0' && s[i] <= '9') ? s[i++] : '0';
	if (i < n && s[i] >= '5' && s[i] <= '9')
		up = true;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9' || nd >= sizeof(d) - 1)
			return false;
	for (k = nd; up && k-- > 0;)	/* carry */
	{
		d[k] = d[k] == '9' ? '0' : (char) (d[k] + 1);
		up = d[k] == '0';
	}
	for (k = 0; k < nd; k++)
		zero = zero && d[k] == '0';
	if (neg && (!zero || up))
		orm_buf_putc(out, '-');
	if (up)
		orm_buf_putc(out, '1');	/* 99.995 -> 100.00: every digit carried */
	for (k = 0; !up && k < nint - 1 && d[k] == '0'; k++)
		;						/* leading zeros */
	orm_buf_put(out, d + k, nint - k);
	if (scale > 0)
	{
		orm_buf_putc(out, '.');
		orm_buf_put(out, d + nint, (size_t) scale);
	}
	return true;
}

/*
 * A Numeric without a scale read back from SQLite's REAL: SQLAlchemy's Decimal
 * of it has 10 fraction digits (its default decimal_return_scale), so
 * 0.1 + 0.2 is 0.3, not 0.30000000000000004; written without trailing zeros.
 */
static void
vl_put_decimal10(OrmBuf *out, double x)
{
	char		buf[64];
	char	   *p;
	size_t		n;

	if (!isfinite(x) || fabs(x) >= 1e17)
	{
		vl_put_double(out, x);
		return;
	}
	snprintf(buf, sizeof(buf), "%.10f", x);
	for (p = buf; *p; p++)
		if (!(*p >= '0' && *p <= '9') && *p != '-')
			*p = '.';			/* the locale's decimal point */
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		n--;
	if (n > 0 && buf[n - 1] == '.')
		n--;
	if (n == 2 && buf[0] == '-' && buf[1] == '0')
		orm_buf_putc(out, '0');	/* -0.00000000001 */
	else
		orm_buf_put(out, buf, n);
}

static void
vl_out_numeric(OrmBuf *out, const OrmValue *v, const OrmType *t)
{
	if (t->as_float && (v->kind == ORM_V_FLOAT || v->kind == ORM_V_INT))
		vl_out_kind(out, v);	/* Numeric(asdecimal=False): SQLAlchemy's float as read */
	else if (t->as_float && (v->kind == ORM_V_TEXT || v->kind == ORM_V_NUMERIC) && v->s &&
			 v->len < 64 && vl_is_decimal(v->s, v->len))
	{
		/* PostgreSQL's numeric text ("1.500") as the float SQLAlchemy returns */
		char		num[64];
		OrmValue	f = {0};

		memcpy(num, v->s, v->len);
		num[v->len] = '\0';
		f.kind = ORM_V_FLOAT;
		f.f = strtod(num, NULL);
		vl_out_kind(out, &f);
	}
	else if (v->kind == ORM_V_FLOAT && vl_has_scale(t))
		vl_put_fixed(out, v->f, t->scale);
	else if (v->kind == ORM_V_INT && vl_has_scale(t))
		vl_put_fixed(out, (double) v->i, t->scale);
	else if (v->kind == ORM_V_FLOAT && t->kind == ORM_T_NUMERIC)
		vl_put_decimal10(out, v->f);
	else if (v->kind == ORM_V_TEXT && v->s && vl_has_scale(t) &&
			 vl_put_rescaled(out, v->s, v->len, t->scale))
		return;					/* bound digits (the flush echo); engine numerics as they are */
	else if (v->kind == ORM_V_TEXT)
		vl_out_numeric_text(out, v);
	else
		vl_out_kind(out, v);
}

static bool
vl_is_texty(const OrmValue *v)
{
	return v->kind == ORM_V_TEXT && v->s != NULL;
}

void
orm_value_to_json(OrmBuf *out, const OrmDialect *d, const OrmValue *v, const OrmType *t)
{
	(void) d;
	if (v->kind == ORM_V_NULL || !t)
	{
		vl_out_kind(out, v);
		return;
	}
	switch (t->kind)
	{
		case ORM_T_BOOLEAN:
			if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
				orm_buf_puts(out, v->i ? "true" : "false");
			else
				vl_out_kind(out, v);
			return;
		case ORM_T_NUMERIC:
			vl_out_numeric(out, v, t);
			return;
		case ORM_T_DATETIME:
			if (vl_is_texty(v))
				vl_out_datetime(out, v);
			else
				vl_out_kind(out, v);
			return;
		case ORM_T_TIME:
			if (vl_is_texty(v))
				vl_out_time(out, v);
			else
				vl_out_kind(out, v);
			return;
		case ORM_T_INTERVAL:
			vl_out_interval(out, v);
			return;
		case ORM_T_BINARY:
			if (v->kind == ORM_V_TEXT || v->kind == ORM_V_BLOB)
				vl_out_hex(out, v->s, v->len);
			else
				vl_out_kind(out, v);
			return;
		case ORM_T_UUID:
			if (vl_is_texty(v) || v->kind == ORM_V_UUID)
				vl_out_uuid(out, v);
			else
				vl_out_kind(out, v);
			return;
		case ORM_T_JSON:
		case ORM_T_JSONB:
		case ORM_T_ARRAY:
			if (vl_is_texty(v) || v->kind == ORM_V_JSON || v->kind == ORM_V_ARRAY)
				vl_out_json_text(out, v);
			else
				vl_out_kind(out, v);
			return;
		case ORM_T_ENUM:
			if (vl_is_texty(v))
				vl_out_enum(out, v, t);
			else
				vl_out_kind(out, v);
			return;
		default:
			vl_out_kind(out, v);
	}
}

/* ---- sameness (attribute history) ---------------------------------------- */

static bool vl_json_same(const JsonValue *x, const JsonValue *y);

static bool
vl_json_members_same(const JsonValue *x, const JsonValue *y)
{
	int			i;

	if (x->n != y->n)
		return false;
	for (i = 0; i < x->n; i++)
	{
		const JsonValue *other = x->kind == JSON_OBJECT ? json_get(y, x->keys[i]) : y->items[i];

		if (!other || !vl_json_same(x->items[i], other))
			return false;
	}
	return true;
}

/* Python's == of what json.loads made of x and y (1 == 1.0, dicts unordered). */
static bool
vl_json_same(const JsonValue *x, const JsonValue *y)
{
	if (x->kind != y->kind)
		return false;
	switch (x->kind)
	{
		case JSON_NUMBER:
			return x->is_int && y->is_int ? x->ival == y->ival : x->dval == y->dval;
		case JSON_STRING:
			return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
		case JSON_ARRAY:
		case JSON_OBJECT:
			return vl_json_members_same(x, y);
		default:
			return true;
	}
}

/* The value as its result JSON (values.c's one canonical form), parsed back. */
static const JsonValue *
vl_as_result(OrmArena *a, const OrmDialect *d, const OrmValue *v, const OrmType *t)
{
	OrmBuf		b;
	OrmError	e;

	orm_buf_init(&b, a);
	orm_value_to_json(&b, d, v, t);
	orm_err_clear(&e);
	return json_parse(a, b.data, b.len, &e);
}

/* Datetimes and times: one instant when both carry a zone, else one clock reading. */
static bool
vl_time_same(const JsonValue *x, const JsonValue *y, bool is_time)
{
	VlDateTime	p,
				q;
	int64_t		ux,
				uy;

	if (x->kind != JSON_STRING || y->kind != JSON_STRING)
		return false;
	if (is_time ? !vl_parse_timeofday(x->str, x->len, &p) || !vl_parse_timeofday(y->str, y->len, &q)
		: !vl_parse_datetime(x->str, x->len, &p) || !vl_parse_datetime(y->str, y->len, &q))
		return vl_json_same(x, y);
	if (p.has_tz != q.has_tz)
		return false;
	if (is_time)
		p.year = q.year = 1970, p.month = q.month = 1, p.day = q.day = 1;
	ux = vl_epoch_usec(&p) - (int64_t) p.tz_sec * 1000000;
	uy = vl_epoch_usec(&q) - (int64_t) q.tz_sec * 1000000;
	return ux == uy;
}

/* Numbers by value: exact decimal digits when both are decimal texts. */
static bool
vl_number_same(const JsonValue *x, const JsonValue *y)
{
	if (x->kind != JSON_NUMBER || y->kind != JSON_NUMBER)
		return vl_json_same(x, y);
	if (x->is_int && y->is_int)
		return x->ival == y->ival;
	return x->dval == y->dval;
}

bool
orm_value_same(OrmArena *a, const OrmDialect *d, const OrmValue *x, const OrmValue *y,
			   const OrmType *t)
{
	const JsonValue *jx,
			   *jy;

	if (x->kind == ORM_V_NULL || y->kind == ORM_V_NULL)
		return x->kind == y->kind;
	jx = vl_as_result(a, d, x, t);
	jy = vl_as_result(a, d, y, t);
	if (!jx || !jy)
		return false;
	switch (t ? t->kind : ORM_T_UNKNOWN)
	{
		case ORM_T_DATETIME:
			return vl_time_same(jx, jy, false);
		case ORM_T_TIME:
			return vl_time_same(jx, jy, true);
		case ORM_T_NUMERIC:
		case ORM_T_FLOAT:
		case ORM_T_INTEGER:
		case ORM_T_BIGINT:
		case ORM_T_SMALLINT:
		case ORM_T_INTERVAL:
			return vl_number_same(jx, jy);
		default:
			return vl_json_same(jx, jy);
	}
}

/* ---- identity keys ------------------------------------------------------- */

/*
 * A decimal number's text as "N[-]<digits>e<exp>", its digits without
 * leading or trailing zeros (0 is "N0"): 1, 1.0, "1.00", 1e0 and 10e-1 give
 * one text.  False when s is no decimal number.
 */
static bool
vl_decimal_key(OrmBuf *out, const char *s, size_t n)
{
	size_t		i = 0,
				first,
				last;
	bool		neg = false,
				any = false;
	long		exp = 0,
				e = 0,
				frac = 0;
	char		stack[64];
	char	   *digits = n < sizeof(stack) ? stack : orm_alloc(out->arena, n + 1);
	size_t		nd = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = true)
		digits[nd++] = s[i];
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = true, frac++)
			digits[nd++] = s[i];
	if (!any)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E'))
	{
		bool		eneg = false,
					edig = false;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, edig = true)
			if (e < 100000000)
				e = e * 10 + (s[i] - '0');
		if (!edig)
			return false;
		exp = eneg ? -e : e;
	}
	if (i != n)
		return false;
	for (first = 0; first < nd && digits[first] == '0'; first++)
		;
	if (first == nd)
	{
		orm_buf_puts(out, "N0");
		return true;
	}
	for (last = nd; digits[last - 1] == '0'; last--)
		exp++;
	exp -= frac;
	orm_buf_puts(out, neg ? "N-" : "N");
	orm_buf_put(out, digits + first, last - first);
	orm_buf_putc(out, 'e');
	orm_buf_put_int(out, exp);
	return true;
}

static bool
vl_is_texty_kind(OrmValueKind k)
{
	return k == ORM_V_TEXT || k == ORM_V_NUMERIC || k == ORM_V_TIMESTAMP ||
		k == ORM_V_TIMESTAMPTZ || k == ORM_V_DATE || k == ORM_V_TIME || k == ORM_V_UUID;
}

/*
 * An integer as vl_decimal_key writes its decimal text, without writing
 * that text first: "N0", else "N[-]<digits>e<trailing zeros>" (identity
 * keys of integer keys, the commonest).
 */
static void
vl_int_key(OrmBuf *out, int64_t v)
{
	char		tmp[24];
	char	   *p = tmp + sizeof(tmp);
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	int			exp = 0;

	if (u == 0)
	{
		orm_buf_put(out, "N0", 2);
		return;
	}
	while (u % 10 == 0)
	{
		u /= 10;
		exp++;
	}
	do
	{
		*--p = (char) ('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	*--p = 'N';
	orm_buf_put(out, p, (size_t) (tmp + sizeof(tmp) - p));
	orm_buf_putc(out, 'e');
	if (exp < 10)
		orm_buf_putc(out, (char) ('0' + exp));
	else
		orm_buf_put_int(out, exp);
}

/* A number of any kind (int, float, decimal text) as vl_decimal_key. */
static bool
vl_number_key(OrmBuf *out, const OrmValue *v)
{
	OrmBuf		b;

	switch (v->kind)
	{
		case ORM_V_INT:
		case ORM_V_BOOL:
			vl_int_key(out, v->i);
			return true;
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			if (!isfinite(v->f))
				return false;
			orm_buf_init(&b, out->arena);
			vl_put_double(&b, v->f);	/* the shortest text that reads back as f */
			return vl_decimal_key(out, b.data, b.len);
		default:
			return vl_is_texty_kind(v->kind) && v->s && vl_decimal_key(out, v->s, v->len);
	}
}

/* A datetime, date or time as microseconds: "T<us>" naive, "Z<us>" an instant. */
static bool
vl_time_key(OrmBuf *out, const OrmValue *v, OrmTypeKind k)
{
	VlDateTime	dt;
	bool		ok;

	if (!vl_is_texty_kind(v->kind) || !v->s)
		return false;
	if (k == ORM_T_TIME)
	{
		ok = vl_parse_timeofday(v->s, v->len, &dt);
		dt.year = 1970, dt.month = 1, dt.day = 1;
	}
	else
		ok = vl_parse_datetime(v->s, v->len, &dt);
	if (!ok)
		return false;
	if (k == ORM_T_DATE)
	{
		if (dt.has_time || dt.has_tz)
			return false;		/* a datetime is no date */
		orm_buf_putc(out, 'D');
		orm_buf_put_int(out, vl_days_from_civil(dt.year, dt.month, dt.day));
		return true;
	}
	orm_buf_putc(out, dt.has_tz ? 'Z' : 'T');
	orm_buf_put_int(out, vl_epoch_usec(&dt) - (int64_t) dt.tz_sec * 1000000);
	return true;
}

/* orm_value_key's types with a canonical form (its first switch) */
static bool
vl_key_canonical_type(OrmTypeKind k)
{
	switch (k)
	{
		case ORM_T_INTEGER:
		case ORM_T_BIGINT:
		case ORM_T_SMALLINT:
		case ORM_T_FLOAT:
		case ORM_T_NUMERIC:
		case ORM_T_BOOLEAN:
		case ORM_T_DATETIME:
		case ORM_T_DATE:
		case ORM_T_TIME:
		case ORM_T_UUID:
			return true;
		default:
			return false;
	}
}

int
orm_value_key_text_eq(const OrmValue *x, const OrmValue *y, const OrmType *t)
{
	if (x->kind != ORM_V_TEXT || y->kind != ORM_V_TEXT ||
		vl_key_canonical_type(t ? t->kind : ORM_T_UNKNOWN))
		return -1;
	/* both keys are 's' <len> ':' <bytes> */
	return x->len == y->len && (x->len == 0 || memcmp(x->s, y->s, x->len) == 0);
}

void
orm_value_key(OrmBuf *out, const OrmValue *v, const OrmType *t)
{
	OrmTypeKind k = t ? t->kind : ORM_T_UNKNOWN;
	char		hex[33];

	switch (k)
	{
		case ORM_T_INTEGER:
		case ORM_T_BIGINT:
		case ORM_T_SMALLINT:
		case ORM_T_FLOAT:
		case ORM_T_NUMERIC:
		case ORM_T_BOOLEAN:
			if (v->kind != ORM_V_NULL && vl_number_key(out, v))
				return;
			break;
		case ORM_T_DATETIME:
		case ORM_T_DATE:
		case ORM_T_TIME:
			if (vl_time_key(out, v, k))
				return;
			break;
		case ORM_T_UUID:
			if (vl_is_texty_kind(v->kind) && v->s && vl_uuid_hex(v->s, v->len, hex))
			{
				orm_buf_putc(out, 'U');
				orm_buf_put(out, hex, 32);
				return;
			}
			if (v->kind == ORM_V_BLOB && v->len == 16)
			{
				static const char digits[] = "0123456789abcdef";
				size_t		i;

				orm_buf_putc(out, 'U');
				for (i = 0; i < 16; i++)
				{
					orm_buf_putc(out, digits[((unsigned char) v->s[i]) >> 4]);
					orm_buf_putc(out, digits[((unsigned char) v->s[i]) & 15]);
				}
				return;
			}
			break;
		default:
			break;
	}
	switch (v->kind)
	{
		case ORM_V_NULL:
			orm_buf_putc(out, 'n');
			return;
		case ORM_V_INT:
		case ORM_V_BOOL:
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			if (vl_number_key(out, v))
				return;
			orm_buf_printf(out, "F%.17g", v->f);
			return;
		case ORM_V_BLOB:
		default:
			orm_buf_putc(out, v->kind == ORM_V_BLOB ? 'b' : 's');
			orm_buf_put_int(out, (int64_t) v->len);
			orm_buf_putc(out, ':');
			break;
	}
	if (v->len)
		orm_buf_put(out, v->s, v->len);
}

/* ---- json.dumps ---------------------------------------------------------- */

/* Decodes one UTF-8 sequence at s[*i]; invalid bytes give U+FFFD. */
static unsigned
vl_utf8_next(const char *s, size_t n, size_t *i)
{
	unsigned char c = (unsigned char) s[*i];
	unsigned	cp,
				min;
	int			extra,
				k;

	if (c < 0x80)
		return (*i)++, c;
	if ((c & 0xE0) == 0xC0)
		cp = c & 0x1F, extra = 1, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		cp = c & 0x0F, extra = 2, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		cp = c & 0x07, extra = 3, min = 0x10000;
	else
		return (*i)++, 0xFFFD;
	if (*i + (size_t) extra >= n)
		return (*i)++, 0xFFFD;
	for (k = 1; k <= extra; k++)
	{
		unsigned char cc = (unsigned char) s[*i + (size_t) k];

		if ((cc & 0xC0) != 0x80)
			return (*i)++, 0xFFFD;
		cp = cp << 6 | (cc & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return (*i)++, 0xFFFD;
	*i += (size_t) extra + 1;
	return cp;
}

/* A string as json.dumps(ensure_ascii=True) writes it. */
static void
vl_dumps_str(OrmBuf *out, const char *s, size_t n)
{
	size_t		i = 0;

	orm_buf_putc(out, '"');
	while (i < n)
	{
		unsigned char c = (unsigned char) s[i];
		unsigned	cp;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
		{
			orm_buf_putc(out, (char) c);
			i++;
			continue;
		}
		switch (c)
		{
			case '"':
				orm_buf_puts(out, "\\\"");
				i++;
				continue;
			case '\\':
				orm_buf_puts(out, "\\\\");
				i++;
				continue;
			case '\n':
				orm_buf_puts(out, "\\n");
				i++;
				continue;
			case '\r':
				orm_buf_puts(out, "\\r");
				i++;
				continue;
			case '\t':
				orm_buf_puts(out, "\\t");
				i++;
				continue;
			case '\b':
				orm_buf_puts(out, "\\b");
				i++;
				continue;
			case '\f':
				orm_buf_puts(out, "\\f");
				i++;
				continue;
		}
		cp = vl_utf8_next(s, n, &i);
		if (cp >= 0x10000)
		{
			cp -= 0x10000;
			orm_buf_printf(out, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		}
		else
			orm_buf_printf(out, "\\u%04x", cp);
	}
	orm_buf_putc(out, '"');
}

/* A number as Python writes the value json.loads made of it. */
static void
vl_dumps_number(OrmBuf *out, const JsonValue *v)
{
	bool		integral = v->str && !memchr(v->str, '.', v->len) &&
		!memchr(v->str, 'e', v->len) && !memchr(v->str, 'E', v->len);

	if (v->is_int)
		orm_buf_printf(out, "%lld", (long long) v->ival);
	else if (integral || !isfinite(v->dval))
		orm_buf_put(out, v->str, v->len);	/* Python big int; or beyond double */
	else
		vl_put_double(out, v->dval);
}

static const JsonStyle vl_python_json = {", ", ": ", vl_dumps_str, vl_dumps_number};

void
orm_json_dumps(OrmBuf *out, const JsonValue *v)
{
	json_write_styled(out, v, &vl_python_json);
}

void
orm_value_repr(OrmBuf *out, const OrmValue *v, bool quote_text)
{
	switch (v->kind)
	{
		case ORM_V_NULL:
			orm_buf_puts(out, "None");
			break;
		case ORM_V_INT:
			orm_buf_put_int(out, v->i);
			break;
		case ORM_V_BOOL:
			orm_buf_puts(out, v->i ? "True" : "False");
			break;
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			orm_buf_printf(out, "%.17g", v->f);
			break;
		case ORM_V_BLOB:
			orm_buf_printf(out, "<%zu bytes>", (size_t) v->len);
			break;
		default:
			if (quote_text)
				orm_buf_putc(out, '\'');
			orm_buf_put(out, v->s ? v->s : "", v->s ? v->len : 0);
			if (quote_text)
				orm_buf_putc(out, '\'');
	}
}
