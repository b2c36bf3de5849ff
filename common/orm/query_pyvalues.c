/*
 * query_pyvalues.c -- Python values in query text (query_int.h): literals,
 * the values the text computes on the client, and a literal as a bound
 * parameter (q_param: values.c converts it to the stored form of the type
 * it meets).
 *
 * Python values the text computes on the client (date(), datetime(),
 * timedelta(), Decimal(), UUID(), datetime arithmetic) are typed literals.
 * Arithmetic on number literals is folded with Python's semantics; what
 * would leave 64 bits, and a division by zero, is an error at the operator.
 *
 * Assumes: the text's clock is the host's (UTC).  Calls query_base.c only.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "sql/values.h"
#include "lang/pyast.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ---- literals ------------------------------------------------------------ */

QVal *
q_lit(QEnv *e, JsonValue *j, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_LIT, node);

	v->json = j;
	return v;
}

QVal *
q_lit_from_json(QEnv *e, const JsonValue *j, const PyNode *node)
{
	QVal	   *v;
	int			i;

	if (j->kind != JSON_ARRAY)
		return q_lit(e, (JsonValue *) j, node);
	v = q_new(e, QV_LIST, node);
	v->n = j->n;
	v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
	for (i = 0; i < j->n; i++)
		v->items[i] = q_lit_from_json(e, j->items[i], node);
	v->depth = 1;				/* JSON nesting is bounded by json.c's parser */
	for (i = 0; i < j->n; i++)
		if (v->items[i]->kind == QV_LIST && v->items[i]->depth + 1 > v->depth)
			v->depth = v->items[i]->depth + 1;
	return v;
}

/* ---- f-strings ------------------------------------------------------------ */

/* f"..." / rf"...": the literal's prefix, as written in the text. */
bool
q_is_fstring(const PyNode *n)
{
	const char *p = n->src;
	int			i;

	for (i = 0; p && i < 2 && p[i] && p[i] != '"' && p[i] != '\''; i++)
		if (p[i] == 'f' || p[i] == 'F')
			return true;
	return false;
}

/*
 * f"%{q}%" where q is a string, integer, bool or None the text assigned
 * (q = "mo") or a params key: the string Python makes of it.  A replacement
 * field that is not such a value (a column, a bindparam: Python would format
 * the object's repr into the text; a float, whose repr is not kept) or that
 * has a conversion or format spec is refused, never formatted into
 * something else.
 */
QVal *
q_eval_fstring(QEnv *e, const PyNode *n)
{
	OrmBuf		b;
	size_t		i = 0;

	orm_buf_init(&b, e->a);
	while (i < n->len)
	{
		const char *close;
		const char *inner;
		OrmError	err;
		PyNode	   *x;
		QVal	   *v;
		size_t		k;

		if (n->str[i] == '}' && i + 1 < n->len && n->str[i + 1] == '}')
		{
			orm_buf_putc(&b, '}');
			i += 2;
			continue;
		}
		if (n->str[i] != '{' || (i + 1 < n->len && n->str[i + 1] == '{'))
		{
			orm_buf_putc(&b, n->str[i]);
			i += n->str[i] == '{' ? 2 : 1;
			continue;
		}
		close = memchr(n->str + i, '}', n->len - i);
		if (!close)
			return Q_FAIL(e, ORM_ERR_QUERY, n, "f-string: a replacement field has no closing \"}\"");
		inner = orm_strndup(e->a, n->str + i + 1, (size_t) (close - n->str - i - 1));
		for (k = 0; inner[k]; k++)
			if (inner[k] == '!' || inner[k] == ':' || inner[k] == '{' || inner[k] == '\'' ||
				inner[k] == '"' || inner[k] == '=')
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
							  "f-string replacement field {%s} is not supported: only {name} of a "
							  "string or integer the text assigns", inner);
		memset(&err, 0, sizeof(err));
		x = py_parse_expr(e->a, inner, &err);
		if (!x)
			return Q_FAIL(e, ORM_ERR_QUERY, n, "f-string: {%s} is not an expression", inner);
		if (!(v = q_eval(e, x)))
			return NULL;
		if (v->kind != QV_LIT || v->lit_type ||
			!(v->json->kind == JSON_STRING || (v->json->kind == JSON_NUMBER && v->json->is_int) ||
			  v->json->kind == JSON_TRUE || v->json->kind == JSON_FALSE ||
			  v->json->kind == JSON_NULL))
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
						  "f-string replacement field {%s} is not supported: it is not a string, "
						  "integer, bool or None (for a column, concatenate: "
						  "\"%%\" + Entity.attr + \"%%\")", inner);
		if (v->json->kind == JSON_STRING)
			orm_buf_put(&b, v->json->str, v->json->len);
		else if (v->json->kind == JSON_NUMBER)
			orm_buf_printf(&b, "%lld", (long long) v->json->ival);
		else
			orm_buf_puts(&b, v->json->kind == JSON_TRUE ? "True" :
						 v->json->kind == JSON_FALSE ? "False" : "None");
		i = (size_t) (close - n->str) + 1;
	}
	return q_lit(e, json_new_string(e->a, orm_buf_cstr(&b), b.len), n);
}

/*
 * A Python list / tuple / dict of literals as JSON (the value of a JSON or
 * ARRAY column: {"k": [1, 2]}); NULL with an error when something in it is
 * not a plain literal (an SQL expression, a date) or a key is not a string.
 */
JsonValue *
q_value_json(QEnv *e, QVal *v, int depth)
{
	JsonValue  *j;

	if (depth > Q_MAX_DEPTH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node, "a value nests deeper than %d levels",
					  Q_MAX_DEPTH);
	switch (v->kind)
	{
		case QV_LIT:
			if (v->lit_type && !(v->has_tval && v->lit_type->kind != ORM_T_INTERVAL))
				return Q_FAIL(e, ORM_ERR_QUERY, v->node,
							  "only strings, numbers, booleans, None, lists and dicts make a "
							  "JSON value");
			return v->json;
		case QV_LIST:
			j = json_new(e->a, v->fields ? JSON_OBJECT : JSON_ARRAY);
			for (int i = 0; i < v->n; i++)
			{
				JsonValue  *x = q_value_json(e, v->items[i], depth + 1);

				if (!x)
					return NULL;
				if (v->fields && !v->fields[i])
					continue;	/* a legacy Query's unnamed item: not in Row._asdict() */
				if (v->fields)
					json_object_set(e->a, j, v->fields[i], x);	/* a Row, as results write it */
				else
					json_array_push(e->a, j, x);
			}
			return j;
		case QV_OBJ:
			return v->json;
		case QV_ENUM:
			if (v->json)
				return v->json;	/* an Enum column's value a call returned */
			break;
		case QV_RESULT:
		case QV_SELECT:
			if (v->kind == QV_SELECT && !v->sel->legacy_query)
				break;
			if (!(v = q_call_value(e, v, v->node)))
				return NULL;
			return q_value_json(e, v, depth);
		case QV_DICT:
			j = json_new(e->a, JSON_OBJECT);
			for (int i = 0; i < v->n; i++)
			{
				const char *k = q_str_arg(v->items[i]);
				const QVal *kv = v->items[i];
				JsonValue  *x;

				if (!k && kv->kind == QV_LIT && !kv->lit_type && kv->json)
				{
					/* json.dumps({1: ...}): an int, bool or None key is written
					 * as its JSON text */
					const JsonValue *kj = kv->json;

					if (kj->kind == JSON_NUMBER && kj->is_int)
						k = orm_sprintf(e->a, "%lld", (long long) kj->ival);
					else if (kj->kind == JSON_TRUE)
						k = "true";
					else if (kj->kind == JSON_FALSE)
						k = "false";
					else if (kj->kind == JSON_NULL)
						k = "null";
				}
				if (!k)
					return Q_FAIL(e, ORM_ERR_QUERY, v->items[i]->node,
								  "a JSON object's keys are strings");
				if (!(x = q_value_json(e, v->values[i], depth + 1)))
					return NULL;
				json_object_set(e->a, j, k, x);
			}
			return j;
		default:
			break;
	}
	return Q_FAIL(e, ORM_ERR_QUERY, v->node,
				  "only strings, numbers, booleans, None, lists and dicts make a JSON value");
}

static const OrmType *
q_lit_type(const JsonValue *j)
{
	switch (j->kind)
	{
		case JSON_NUMBER:
			return j->is_int ? &q_t_int : &q_t_float;
		case JSON_STRING:
			return &q_t_str;
		case JSON_TRUE:
		case JSON_FALSE:
			return &q_t_bool;
		case JSON_NULL:
			return &q_t_null;
		default:
			return NULL;
	}
}

/* ---- Python values: date(), datetime(), time(), timedelta(), Decimal(), UUID() */

/*
 * What the Python text computes on the client before SQLAlchemy sees it: a
 * typed literal (QV_LIT with lit_type), its text the canonical input form
 * of docs/reference.md (values.c converts it to the stored form), and for temporal
 * values the microseconds in tval (since 1970-01-01 for date/datetime, since
 * midnight for time, the length for timedelta) so that datetime arithmetic
 * (datetime(...) - timedelta(days=7)) can be done here, as Python does it.
 */
#define Q_USEC_DAY INT64_C(86400000000)
/* |timedelta| in microseconds: 1e18 (Python's limit, 999999999 days, is
 * beyond 64 bits of microseconds); dates are years 1..9999 */
#define Q_MAX_TEMPORAL_USEC 1e18
#define Q_MIN_DATE_USEC (INT64_C(-719162) * Q_USEC_DAY)	/* 0001-01-01 */
#define Q_MAX_DATE_USEC (INT64_C(2932897) * Q_USEC_DAY - 1)	/* 9999-12-31 23:59:59.999999 */

const OrmType q_t_date = {.kind = ORM_T_DATE, .precision = -1, .scale = -1};
const OrmType q_t_datetime = {.kind = ORM_T_DATETIME, .precision = -1, .scale = -1};
static const OrmType q_t_time = {.kind = ORM_T_TIME, .precision = -1, .scale = -1};
const OrmType q_t_interval = {.kind = ORM_T_INTERVAL, .precision = -1, .scale = -1};
static const OrmType q_t_numeric = {.kind = ORM_T_NUMERIC, .precision = -1, .scale = -1};
static const OrmType q_t_uuid = {.kind = ORM_T_UUID, .precision = -1, .scale = -1};

/* days since 1970-01-01 of a proleptic Gregorian date */
int64_t
q_days_from_civil(int64_t y, int m, int d)
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

void
q_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = (int) (yoe + era * 400 + (*m <= 2));
}

static int
q_month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int64_t
q_floordiv64(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The literal's text from its kind and microseconds. */
static const char *
q_temporal_text(QEnv *e, const OrmType *t, int64_t us)
{
	int64_t		days = q_floordiv64(us, Q_USEC_DAY),
				rest = us - days * Q_USEC_DAY;
	int			y, m, d,
				hh = (int) (rest / 3600000000),
				mi = (int) (rest / 60000000 % 60),
				ss = (int) (rest / 1000000 % 60),
				fr = (int) (rest % 1000000);
	const char *tm;

	if (t->kind == ORM_T_INTERVAL)	/* seconds: -0.000001, not -1.999999 */
		return orm_sprintf(e->a, "%s%lld.%06lld", us < 0 ? "-" : "",
						   (long long) ((us < 0 ? -us : us) / 1000000),
						   (long long) ((us < 0 ? -us : us) % 1000000));
	tm = fr ? orm_sprintf(e->a, "%02d:%02d:%02d.%06d", hh, mi, ss, fr)
		: orm_sprintf(e->a, "%02d:%02d:%02d", hh, mi, ss);
	if (t->kind == ORM_T_TIME)
		return tm;
	q_civil_from_days(days, &y, &m, &d);
	if (t->kind == ORM_T_DATE)
		return orm_sprintf(e->a, "%04d-%02d-%02d", y, m, d);
	return orm_sprintf(e->a, "%04d-%02d-%02dT%s", y, m, d, tm);
}

static QVal *
q_typed_lit(QEnv *e, const OrmType *t, const char *text, const PyNode *node)
{
	QVal	   *v = q_lit(e, json_new_string(e->a, text, strlen(text)), node);

	v->lit_type = t;
	return v;
}

QVal *
q_temporal(QEnv *e, const OrmType *t, int64_t us, const PyNode *node)
{
	QVal	   *v;

	if (t->kind == ORM_T_INTERVAL)
	{
		const char *s = q_temporal_text(e, t, us);
		JsonValue  *j;

		if (!(j = json_parse(e->a, s, strlen(s), e->ctx->err)))
			return NULL;
		v = q_lit(e, j, node);
		v->lit_type = t;
	}
	else
		v = q_typed_lit(e, t, q_temporal_text(e, t, us), node);
	v->has_tval = true;
	v->tval = us;
	return v;
}

/*
 * The arguments of a Python constructor: positional in the order of names,
 * or by keyword; missing ones keep their default (out[] on entry).
 */
static int
q_py_args(QEnv *e, const PyNode *call, const char *const *names, int nnames,
		  double *out, const char *fn)
{
	int			i,
				k;
	QVal	   *v;

	bool		given[8] = {false};

	if (call->nitems > nnames || nnames > 8)
	{
		Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes at most %d arguments", fn, nnames);
		return -1;
	}
	for (i = 0; i < call->nitems + call->nkw; i++)
	{
		const PyNode *an = i < call->nitems ? call->items[i] : call->kwvalues[i - call->nitems];

		k = i;
		if (i >= call->nitems)
			for (k = 0; k < nnames; k++)
				if (call->kwnames[i - call->nitems] &&
					strcmp(names[k], call->kwnames[i - call->nitems]) == 0)
					break;
		if (k == nnames)
		{
			Q_FAIL(e, ORM_ERR_QUERY, an, "%s() got an unexpected keyword argument", fn);
			return -1;
		}
		if (given[k])
		{
			Q_FAIL(e, ORM_ERR_QUERY, an, "%s() got multiple values for argument '%s'", fn, names[k]);
			return -1;
		}
		given[k] = true;
		if (!(v = q_eval(e, an)))
			return -1;
		if (v->kind != QV_LIT || v->json->kind != JSON_NUMBER)
		{
			Q_FAIL(e, ORM_ERR_QUERY, an, "%s() takes numbers", fn);
			return -1;
		}
		out[k] = v->json->is_int ? (double) v->json->ival : v->json->dval;
	}
	return 0;
}

/* The calendar and clock fields out of range, as Python's datetime says it, or NULL. */
static const char *
q_bad_fields(const double *f, int nf, bool has_date)
{
	static const char *const what[] = {"hour must be in 0..23", "minute must be in 0..59",
	"second must be in 0..59", "microsecond must be in 0..999999"};
	static const double max[] = {23, 59, 59, 999999};
	int			i,
				off = has_date ? 3 : 0;

	for (i = 0; i < nf; i++)
		if (!(f[i] > -1e9 && f[i] < 1e9) || f[i] != floor(f[i]))
			return !(f[i] > -1e9 && f[i] < 1e9) && f[i] == floor(f[i]) ?
				"signed integer is greater than maximum" : "integer argument expected";
	if (has_date && (f[0] < 1 || f[0] > 9999))
		return "year is out of range";
	if (has_date && (f[1] < 1 || f[1] > 12))
		return "month must be in 1..12";
	if (has_date && (f[2] < 1 || f[2] > q_month_days((int) f[0], (int) f[1])))
		return "day is out of range for month";
	for (i = 0; i < 4; i++)
		if (f[off + i] < 0 || f[off + i] > max[i])
			return what[i];
	return NULL;
}

static int64_t
q_clock_usec(const double *f)
{
	return (((int64_t) f[0] * 60 + (int64_t) f[1]) * 60 + (int64_t) f[2]) * 1000000 +
		(int64_t) f[3];
}

/* date(y, m, d) / datetime(y, m, d[, H, M, S, us]) */
static QVal *
q_date_ctor(QEnv *e, const PyNode *call, const OrmType *t)
{
	static const char *const names[] = {"year", "month", "day", "hour", "minute",
	"second", "microsecond"};
	double		f[7] = {-1, -1, -1, 0, 0, 0, 0};
	int			n = t->kind == ORM_T_DATE ? 3 : 7;
	const char *bad;

	if (q_py_args(e, call, names, n, f, t->kind == ORM_T_DATE ? "date" : "datetime") < 0)
		return NULL;
	if (f[0] < 0 || f[1] < 0 || f[2] < 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() needs year, month and day",
					  t->kind == ORM_T_DATE ? "date" : "datetime");
	if ((bad = q_bad_fields(f, 7, true)) != NULL)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s", bad);
	return q_temporal(e, t, q_days_from_civil((int64_t) f[0], (int) f[1], (int) f[2]) *
					  Q_USEC_DAY + q_clock_usec(f + 3), call);
}

QVal *
qb_date(QEnv *e, const PyNode *call)
{
	return q_date_ctor(e, call, &q_t_date);
}

static const OrmType q_t_datetime_tz = {.kind = ORM_T_DATETIME, .precision = -1, .scale = -1,
.timezone = true};

/*
 * tzinfo=timezone.utc / UTC / timezone(timedelta(hours=h, minutes=m)): the
 * offset in minutes; -1 with the error for anything else.
 */
static int
q_tzinfo_minutes(QEnv *e, const PyNode *n, int *minutes)
{
	QVal	   *d;

	*minutes = 0;
	if ((n->kind == PY_ATTR && strcmp(n->str, "utc") == 0 && n->a && n->a->kind == PY_NAME &&
		 strcmp(n->a->str, "timezone") == 0) ||
		(n->kind == PY_NAME && strcmp(n->str, "UTC") == 0))
		return 0;
	if (n->kind == PY_CALL && n->a && n->a->kind == PY_NAME && strcmp(n->a->str, "timezone") == 0 &&
		n->nitems == 1 && n->nkw == 0)
	{
		if (!(d = q_eval(e, n->items[0])))
			return -1;
		if (d->kind == QV_LIT && d->lit_type && d->lit_type->kind == ORM_T_INTERVAL && d->has_tval &&
			d->tval % 60000000 == 0 && d->tval > -24LL * 3600000000 && d->tval < 24LL * 3600000000)
		{
			*minutes = (int) (d->tval / 60000000);
			return 0;
		}
	}
	Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
		   "tzinfo= is supported as timezone.utc, UTC or timezone(timedelta(...)) of whole minutes");
	return -1;
}

QVal *
qb_datetime(QEnv *e, const PyNode *call)
{
	PyNode	   *c;
	QVal	   *v;
	int			k,
				minutes;

	for (k = 0; k < call->nkw; k++)
		if (call->kwnames[k] && strcmp(call->kwnames[k], "tzinfo") == 0)
			break;
	if (k == call->nkw)
		return q_date_ctor(e, call, &q_t_datetime);
	/* datetime(..., tzinfo=...): an aware datetime, written with its offset */
	if (q_tzinfo_minutes(e, call->kwvalues[k], &minutes) < 0)
		return NULL;
	c = ORM_NEW(e->a, PyNode);
	*c = *call;
	c->kwnames = ORM_NEWN(e->a, const char *, call->nkw);
	c->kwvalues = ORM_NEWN(e->a, PyNode *, call->nkw);
	c->nkw = 0;
	for (int i = 0; i < call->nkw; i++)
		if (i != k)
		{
			c->kwnames[c->nkw] = call->kwnames[i];
			c->kwvalues[c->nkw++] = call->kwvalues[i];
		}
	if (!(v = q_date_ctor(e, c, &q_t_datetime)))
		return NULL;
	v = q_typed_lit(e, &q_t_datetime_tz,
					orm_sprintf(e->a, "%.*s%c%02d:%02d", (int) v->json->len, v->json->str,
								minutes < 0 ? '-' : '+', abs(minutes) / 60, abs(minutes) % 60), call);
	return v;					/* no tval: arithmetic on aware datetimes is not done here */
}

QVal *
qb_time(QEnv *e, const PyNode *call)
{
	static const char *const names[] = {"hour", "minute", "second", "microsecond"};
	double		f[4] = {0, 0, 0, 0};
	const char *bad;

	if (q_py_args(e, call, names, 4, f, "time") < 0)
		return NULL;
	if ((bad = q_bad_fields(f, 4, false)) != NULL)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s", bad);
	return q_temporal(e, &q_t_time, q_clock_usec(f), call);
}

QVal *
qb_timedelta(QEnv *e, const PyNode *call)
{
	static const char *const names[] = {"days", "seconds", "microseconds", "milliseconds",
	"minutes", "hours", "weeks"};
	static const double usec[] = {86400e6, 1e6, 1, 1e3, 60e6, 3600e6, 604800e6};
	double		f[7] = {0, 0, 0, 0, 0, 0, 0},
				total = 0;
	int			i;

	if (q_py_args(e, call, names, 7, f, "timedelta") < 0)
		return NULL;
	for (i = 0; i < 7; i++)
		total += f[i] * usec[i];
	if (!(total <= Q_MAX_TEMPORAL_USEC && total >= -Q_MAX_TEMPORAL_USEC))	/* NaN too */
		return Q_FAIL(e, ORM_ERR_QUERY, call, "timedelta is out of range");
	return q_temporal(e, &q_t_interval, (int64_t) (total < 0 ? total - 0.5 : total + 0.5), call);
}

/* datetime.now() / datetime.utcnow() / date.today(): the host's clock (UTC). */
QVal *
q_now_lit(QEnv *e, const OrmType *t, const PyNode *call)
{
	const char *s = e->ctx->host->now(e->ctx->hs, e->a);
	int64_t		f[7] = {0, 0, 0, 0, 0, 0, 0};
	int			n = 0,
				y, m, d, hh, mi, ss, us;

	e->ctx->uncacheable = true;	/* a value of this moment: never reused */

	/* "YYYY-MM-DD HH:MM:SS.ffffff": seven runs of digits */
	for (; s && *s && n < 7; n++)
	{
		while (*s && (*s < '0' || *s > '9'))
			s++;
		while (*s >= '0' && *s <= '9')
			f[n] = f[n] * 10 + (*s++ - '0');
	}
	if (n < 6)
		return Q_FAIL(e, ORM_ERR_INTERNAL, call, "the current time is not available");
	y = (int) f[0], m = (int) f[1], d = (int) f[2];
	hh = (int) f[3], mi = (int) f[4], ss = (int) f[5], us = (int) f[6];
	if (t->kind == ORM_T_DATE)
		hh = mi = ss = us = 0;
	return q_temporal(e, t, q_days_from_civil(y, m, d) * Q_USEC_DAY +
					  (((int64_t) hh * 60 + mi) * 60 + ss) * 1000000 + us, call);
}

/* Decimal("9.99") / Decimal(5): a NUMERIC literal with the digits as written. */
QVal *
qb_decimal(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "Decimal");
	JsonValue  *j;
	OrmError	ignored;

	if (!v)
		return NULL;
	if (v->kind == QV_LIT && v->json->kind == JSON_NUMBER)
		j = v->json;
	else if (v->kind != QV_LIT || v->json->kind != JSON_STRING ||
			 !(j = json_parse(e->a, v->json->str, v->json->len, &ignored)) ||
			 j->kind != JSON_NUMBER)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "invalid literal for Decimal()");
	v = q_lit(e, j, call);
	v->lit_type = &q_t_numeric;
	return v;
}

static int
q_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* UUID("...") with or without hyphens: the lowercase 36-character form. */
QVal *
qb_uuid(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "UUID");
	char		out[37];
	const char *s;
	int			nd = 0,
				o = 0;

	if (!v)
		return NULL;
	if (!(s = q_str_arg(v)))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "UUID() takes a string");
	for (; *s && nd <= 32; s++)
	{
		if (*s == '-' || *s == '{' || *s == '}')
			continue;
		if (q_hex((unsigned char) *s) < 0 || nd == 32)
			break;
		if (nd == 8 || nd == 12 || nd == 16 || nd == 20)
			out[o++] = '-';
		out[o++] = "0123456789abcdef"[q_hex((unsigned char) *s)];
		nd++;
	}
	if (*s || nd != 32)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "badly formed hexadecimal UUID string");
	out[o] = '\0';
	return q_typed_lit(e, &q_t_uuid, orm_strdup(e->a, out), call);
}

/*
 * The result of datetime arithmetic: a timedelta within +-1e18 us, a date or
 * datetime within years 1..9999, as Python's OverflowError says.
 */
static QVal *
q_temporal_result(QEnv *e, const OrmType *t, int64_t x, int64_t y, bool add,
				  const PyNode *node)
{
	int64_t		z;

	/* date +- timedelta uses the timedelta's days only (Python's timedelta.days,
	 * a floor): date - timedelta(hours=1) is the same date */
	if (t->kind == ORM_T_DATE)
		y = q_floordiv64(y, Q_USEC_DAY) * Q_USEC_DAY;
	if (add ? __builtin_add_overflow(x, y, &z) : __builtin_sub_overflow(x, y, &z))
		return Q_FAIL(e, ORM_ERR_QUERY, node, "%s value out of range",
					  t->kind == ORM_T_INTERVAL ? "timedelta" : "date");
	if (t->kind == ORM_T_INTERVAL ? (z > (int64_t) Q_MAX_TEMPORAL_USEC ||
									 z < -(int64_t) Q_MAX_TEMPORAL_USEC)
		: t->kind != ORM_T_TIME && (z < Q_MIN_DATE_USEC || z > Q_MAX_DATE_USEC))
		return Q_FAIL(e, ORM_ERR_QUERY, node, "%s value out of range",
					  t->kind == ORM_T_INTERVAL ? "timedelta" : "date");
	return q_temporal(e, t, z, node);
}

/* Python's datetime arithmetic on two temporal literals, or NULL (not one). */
QVal *
q_temporal_arith(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *node, bool *done)
{
	bool		ai,
				bi;

	*done = false;
	if (a->kind != QV_LIT || b->kind != QV_LIT || !a->has_tval || !b->has_tval ||
		(pyop != '+' && pyop != '-'))
		return NULL;
	ai = a->lit_type->kind == ORM_T_INTERVAL;
	bi = b->lit_type->kind == ORM_T_INTERVAL;
	*done = true;
	if (bi && (ai || a->lit_type->kind != ORM_T_TIME))
		return q_temporal_result(e, a->lit_type, a->tval, b->tval, pyop == '+', node);
	if (ai && pyop == '+' && b->lit_type->kind != ORM_T_TIME)
		return q_temporal_result(e, b->lit_type, b->tval, a->tval, true, node);
	if (!ai && !bi && pyop == '-' && a->lit_type->kind == b->lit_type->kind &&
		a->lit_type->kind != ORM_T_TIME)
		return q_temporal_result(e, &q_t_interval, a->tval, b->tval, false, node);
	return Q_FAIL(e, ORM_ERR_QUERY, node, "unsupported operand types for %c", pyop);
}

/* ---- literals as bound parameters ---------------------------------------- */

/* The enum's names, for SQLAlchemy's LookupError message: "PAID, OPEN". */
static const char *
q_enum_stored_list(QEnv *e, const OrmType *t)
{
	OrmBuf		b;

	orm_buf_init(&b, e->a);
	for (int i = 0; i < t->enm->n && b.len < 200; i++)
		orm_buf_printf(&b, "%s%s", i ? ", " : "",
					   t->enum_by_value ? t->enm->values[i] : t->enm->names[i]);
	if (b.len >= 200)
		orm_buf_puts(&b, ", ...");
	return orm_buf_cstr(&b);
}

/* SQLAlchemy's LookupError for a value an Enum cannot bind (shown as Python's str()). */
static SxExpr *
q_enum_lookup_error(QEnv *e, const OrmType *t, const char *shown, const PyNode *node)
{
	const char *name = t->enum_type_name ? t->enum_type_name :
		t->enm->name ? t->enm->name : "None";

	Q_FAIL(e, ORM_ERR_INVALID_VALUE, node,
		   "'%s' is not among the defined enum values. Enum name: %s. Possible values: %s",
		   shown, name, q_enum_stored_list(e, t));
	return NULL;
}

/* A text parameter of Enum type t binding s (the stored form). */
static SxExpr *
q_enum_text_param(QEnv *e, const OrmType *t, const char *s, size_t len, const PyNode *node,
				  const char *param_key)
{
	OrmParam	p;
	SxExpr	   *x;

	memset(&p, 0, sizeof(p));
	p.kind = ORM_V_TEXT;
	p.s = orm_strndup(e->a, s, len);
	p.len = len;
	x = sx_param(e->a, p, t);
	x->type = t;
	x->param_key = param_key;
	if (node)
	{
		x->line = node->line;
		x->column = node->col;
	}
	return x;
}

static bool
q_streq_n(const char *m, const char *s, size_t len)
{
	return strlen(m) == len && memcmp(m, s, len) == 0;
}

/*
 * A string bound to Enum type t, as SQLAlchemy's Enum binds it: a string the
 * column stores (the member's name, or its value with values_callable) is
 * bound as it is; for an enum mixing in str a member equals its value, so the
 * value string finds the member and binds what it stores; any other string is
 * bound unchanged (it matches nothing; PostgreSQL refuses it for a native
 * ENUM), or refused with validate_strings=True.
 */
const char *
q_enum_bind_str(QEnv *e, const OrmType *t, const char *s, size_t len, const PyNode *node)
{
	const OrmEnum *en = t->enm;
	int			i;

	for (i = 0; i < en->n; i++)
		if (q_streq_n(t->enum_by_value ? en->values[i] : en->names[i], s, len))
			return orm_strndup(e->a, s, len);
	for (i = 0; en->str_mixin && i < en->n; i++)
		if (q_streq_n(en->values[i], s, len))
			return t->enum_by_value ? en->values[i] : en->names[i];
	if (t->validate_strings || memchr(s, '\0', len))
	{
		q_enum_lookup_error(e, t, orm_strndup(e->a, s, len), node);
		return NULL;
	}
	return orm_strndup(e->a, s, len);
}

SxExpr *
q_enum_str_param(QEnv *e, const OrmType *t, const char *s, size_t len, const PyNode *node,
				 const char *param_key)
{
	const char *st = q_enum_bind_str(e, t, s, len, node);

	return st ? q_enum_text_param(e, t, st, strlen(st), node, param_key) : NULL;
}

/* A literal as a bound parameter, converted to the stored form of type t. */
SxExpr *
q_param(QEnv *e, QVal *v, const OrmType *t)
{
	OrmParam	p;
	SxExpr	   *x;
	const OrmType *pt;

	/* 2.5 meeting an Integer column: SQLAlchemy binds the float as it is */
	if (t && (t->kind == ORM_T_INTEGER || t->kind == ORM_T_BIGINT ||
			  t->kind == ORM_T_SMALLINT) && !v->lit_type &&
		v->json->kind == JSON_NUMBER && !v->json->is_int)
		t = &q_t_float;
	if (t && t->kind == ORM_T_ENUM && t->enm && !v->lit_type)
	{
		/* SQLAlchemy's Enum bind: a string goes through the Enum's lookup; a
		 * number or bool has its own type (Integer, ...) and is bound as it is */
		if (v->json->kind == JSON_STRING)
		{
			x = q_enum_str_param(e, t, v->json->str, v->json->len, v->node, v->param_key);
			if (x && v->bind_soft)
				x->bind_soft = true;
			return x;
		}
		if (v->json->kind == JSON_NUMBER || v->json->kind == JSON_TRUE ||
			v->json->kind == JSON_FALSE)
			t = NULL;
	}
	if ((t == &q_t_sqlite_dt_text || t == &q_t_sqlite_iv_text || t == &q_t_sqlite_date_text) &&
		(v->lit_type ? v->lit_type : q_lit_type(v->json))->kind != t->kind)
	{
		/* SQLite's datetime arithmetic (query_expr.c, q_arith) meeting a value
		 * of another kind (== 3994, > timedelta): SQLAlchemy's
		 * coerce_compared_value keeps the value's own type */
		t = NULL;
	}
	pt = q_type_known(t) ? t : v->lit_type ? v->lit_type : q_lit_type(v->json);

	memset(&p, 0, sizeof(p));
	if (orm_value_from_json(e->a, e->ctx->dialect, v->json,
							q_type_known(t) ? t : v->lit_type, &p, e->ctx->err) < 0)
	{
		if (v->node && e->ctx->err->line == 0)
		{
			e->ctx->err->line = v->node->line;
			e->ctx->err->col = v->node->col;
		}
		return NULL;
	}
	x = sx_param(e->a, p, pt);
	x->type = pt;
	x->param_key = v->param_key;
	/* Select.params() may bind it anew (q_sel_params) */
	x->bind_soft = v->bind_soft;
	x->bind_pending = v->bind_pending;
	if (v->node)
	{
		x->line = v->node->line;
		x->column = v->node->col;
	}
	return x;
}

/*
 * A when of case({...}, value=col) where col is an Enum (type t): SQLAlchemy
 * binds it by its own type, so no Enum lookup: a string as it is, a str-mixin
 * member as its value, an int-mixin member as its number, another member not
 * at all.  The parameter keeps t's type, as the driver's untyped literal takes
 * the column's type on PostgreSQL (an unknown string is then refused there).
 */
SxExpr *
q_enum_case_key(QEnv *e, QVal *v, const OrmType *t)
{
	if (v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_STRING)
		return q_enum_text_param(e, t, v->json->str, v->json->len, v->node, v->param_key);
	if (v->kind == QV_ENUM && v->enm->str_mixin)
	{
		const char *val = v->enm->values[v->idx];

		return q_enum_text_param(e, t, val, strlen(val), v->node, NULL);
	}
	if (v->kind == QV_ENUM)
		return q_enum_param(e, v, NULL);
	return q_to_expr(e, v, NULL);
}

/*
 * An enum member as a bound parameter meeting type t.  As SQLAlchemy binds
 * it: a member of t's own enum binds what the column stores; a member of an
 * enum mixing in str is its value string (then as q_enum_str_param); one
 * mixing in int equals the member of an int enum with its number; any other
 * member is not among t's values (LookupError).  Without an Enum type the
 * driver binds a str or int member as its value and cannot bind any other.
 */
SxExpr *
q_enum_param(QEnv *e, QVal *v, const OrmType *t)
{
	const OrmEnum *m = v->enm;
	const char *val = m->values[v->idx];
	OrmParam	p;
	SxExpr	   *x;
	int			i;

	if (t && t->kind == ORM_T_ENUM && t->enm)
	{
		const OrmEnum *te = t->enm;

		if (te == m || (te->name && m->name && strcmp(te->name, m->name) == 0 &&
						te->n == m->n))
		{
			/* the member, or the first one with its value (an alias) */
			for (i = 0; i < te->n; i++)
				if (strcmp(te->values[i], val) == 0)
				{
					const char *st = t->enum_by_value ? te->values[i] : te->names[i];

					return q_enum_text_param(e, t, st, strlen(st), v->node, NULL);
				}
		}
		if (m->str_mixin)
			return q_enum_str_param(e, t, val, strlen(val), v->node, NULL);
		for (i = 0; m->int_mixin && te->int_mixin && i < te->n; i++)
			if (!te->value_is_str[i] && strcmp(te->values[i], val) == 0)
			{
				const char *st = t->enum_by_value ? te->values[i] : te->names[i];

				return q_enum_text_param(e, t, st, strlen(st), v->node, NULL);
			}
		return q_enum_lookup_error(e, t, m->int_mixin ? val :
								   orm_sprintf(e->a, "%s.%s", m->name, m->names[v->idx]),
								   v->node);
	}
	memset(&p, 0, sizeof(p));
	if (m->str_mixin)
	{
		p.kind = ORM_V_TEXT;
		p.s = val;
		p.len = strlen(val);
		t = &q_t_str;
	}
	else if (m->int_mixin && !m->value_is_str[v->idx])
	{
		p.kind = ORM_V_INT;
		p.i = strtoll(val, NULL, 10);
		t = &q_t_int;
	}
	else
	{
		Q_FAIL(e, ORM_ERR_QUERY, v->node,
			   "%s.%s has no SQL type here: SQLAlchemy's driver cannot bind an enum member "
			   "that is not compared with an Enum column (use .name or .value)",
			   m->name, m->names[v->idx]);
		return NULL;
	}
	x = sx_param(e->a, p, t);
	x->type = t;
	return x;
}

/* ---- Python arithmetic on literals ---------------------------------------- */

/*
 * The value of an integer literal's text as written (0x1F, 0o17, 0b1,
 * 1_000); false when it does not fit 64 unsigned bits.  The lexer saturates
 * ival at INT64_MAX, so the text decides whether a literal fits.
 */
static bool
q_int_text_value(const char *s, uint64_t *out)
{
	uint64_t	v = 0;
	unsigned	base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, s += 2;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, s += 2;
	for (; *s; s++)
	{
		unsigned	d;

		if (*s == '_')
			continue;
		d = (unsigned) q_hex((unsigned char) *s);
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

/* Is the integer literal n exactly 2**63 (which fits negated only)? */
bool
q_int_literal_is_2_63(const PyNode *n)
{
	uint64_t	v;

	return n->str && q_int_text_value(n->str, &v) && v == (uint64_t) INT64_MAX + 1;
}

/*
 * What Python computes before SQLAlchemy sees it: (page - 1) * size,
 * 10 / 4, -7 // 2, 2 ** 10.  The result follows Python's semantics (floor
 * division and modulo take the divisor's sign, / is true division giving a
 * float, int ** negative int is a float), where Python's unbounded ints
 * would not fit the 64 bits of an SQL BIGINT the fold is an error (as the
 * database would raise for such a value), and so is a division by zero,
 * with the operator's position -- never a wrapped value or a signal.
 */

static const char *
q_op_text(int op)
{
	switch (op)
	{
		case PY_OP_FLOORDIV:
			return "//";
		case PY_OP_POW:
			return "**";
		case PY_OP_LSHIFT:
			return "<<";
		case PY_OP_RSHIFT:
			return ">>";
		case '+':
			return "+";
		case '-':
			return "-";
		case '*':
			return "*";
		case '/':
			return "/";
		case '%':
			return "%";
		case '&':
			return "&";
		case '|':
			return "|";
		case '^':
			return "^";
		default:
			return "?";
	}
}

static QVal *
q_int_overflow(QEnv *e, const PyNode *n)
{
	return Q_FAIL(e, ORM_ERR_QUERY, n,
				  "integer overflow: the result of %s does not fit in a 64-bit integer",
				  q_op_text(n->op));
}

/* A float literal, its text Python's repr (the shortest that reads back). */
static QVal *
q_float_lit(QEnv *e, double d, const PyNode *n)
{
	char		buf[48];
	JsonValue  *j = NULL;
	OrmError	ignored;

	if (!isfinite(d))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "float result of %s is out of range",
					  n->kind == PY_BINOP ? q_op_text(n->op) : "this expression");
	for (int prec = 15; prec <= 17; prec++)
	{
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		for (char *c = buf; *c; c++)	/* a locale's decimal comma */
			if (!((*c >= '0' && *c <= '9') || *c == 'e' || *c == '-' || *c == '+'))
				*c = '.';
		if (!strpbrk(buf, ".e"))
			strcat(buf, ".0");	/* 3.0, not 3: a float stays a float */
		memset(&ignored, 0, sizeof(ignored));
		if ((j = json_parse(e->a, buf, strlen(buf), &ignored)) != NULL &&
			j->kind == JSON_NUMBER && j->dval == d)
			break;
		j = NULL;
	}
	if (!j)
		return Q_FAIL(e, ORM_ERR_INTERNAL, n, "cannot write the float result of this expression");
	j->is_int = false;
	j->dval = d;
	return q_lit(e, j, n);
}

/* Python's float divmod (floatobject.c): the floor quotient and the modulo. */
static void
q_float_divmod(double vx, double wx, double *floordiv, double *mod)
{
	double		m = fmod(vx, wx),
				div = (vx - m) / wx;

	if (m != 0.0)
	{
		if ((wx < 0) != (m < 0))
		{
			m += wx;
			div -= 1.0;
		}
	}
	else
		m = copysign(0.0, wx);
	if (div != 0.0)
	{
		double		f = floor(div);

		if (div - f > 0.5)
			f += 1.0;
		div = f;
	}
	else
		div = copysign(0.0, vx / wx);
	*floordiv = div;
	*mod = m;
}

/* x ** y on floats as Python's float_pow, or NULL with the error. */
static QVal *
q_float_pow(QEnv *e, double x, double y, const PyNode *n)
{
	if (y == 0.0)
		return q_float_lit(e, 1.0, n);
	if (x == 0.0 && y < 0.0)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "0.0 cannot be raised to a negative power");
	if (x < 0.0 && y != floor(y))
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "a negative number raised to a fractional power is complex");
	return q_float_lit(e, pow(x, y), n);
}

QVal *
q_fold_float(QEnv *e, int op, double x, double y, const PyNode *n)
{
	double		fd,
				md;

	switch (op)
	{
		case '+':
			return q_float_lit(e, x + y, n);
		case '-':
			return q_float_lit(e, x - y, n);
		case '*':
			return q_float_lit(e, x * y, n);
		case '/':
			if (y == 0.0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "float division by zero");
			return q_float_lit(e, x / y, n);
		case PY_OP_FLOORDIV:
		case '%':
			if (y == 0.0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, op == '%' ? "float modulo by zero" :
							  "float floor division by zero");
			q_float_divmod(x, y, &fd, &md);
			return q_float_lit(e, op == '%' ? md : fd, n);
		case PY_OP_POW:
			return q_float_pow(e, x, y, n);
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported operand types for %s: floats",
						  q_op_text(op));
	}
}

QVal *
q_fold_int(QEnv *e, int op, int64_t x, int64_t y, const PyNode *n)
{
	int64_t		z;

	switch (op)
	{
		case '+':
			if (__builtin_add_overflow(x, y, &z))
				return q_int_overflow(e, n);
			break;
		case '-':
			if (__builtin_sub_overflow(x, y, &z))
				return q_int_overflow(e, n);
			break;
		case '*':
			if (__builtin_mul_overflow(x, y, &z))
				return q_int_overflow(e, n);
			break;
		case '/':
			/* true division: exact in long double for 64-bit ints */
			if (y == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "division by zero");
			return q_float_lit(e, (double) ((long double) x / (long double) y), n);
		case PY_OP_FLOORDIV:
			if (y == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "integer division or modulo by zero");
			if (x == INT64_MIN && y == -1)
				return q_int_overflow(e, n);
			z = x / y - (x % y != 0 && (x < 0) != (y < 0));
			break;
		case '%':
			if (y == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "integer division or modulo by zero");
			if (y == -1)
				z = 0;			/* INT64_MIN % -1 would trap */
			else
			{
				z = x % y;
				if (z != 0 && (z < 0) != (y < 0))
					z += y;
			}
			break;
		case PY_OP_POW:
			if (y < 0)
			{
				if (x == 0)
					return Q_FAIL(e, ORM_ERR_QUERY, n, "0.0 cannot be raised to a negative power");
				return q_float_pow(e, (double) x, (double) y, n);
			}
			z = 1;
			for (int64_t b = x, k = y; k > 0; k >>= 1)
			{
				if ((k & 1) && __builtin_mul_overflow(z, b, &z))
					return q_int_overflow(e, n);
				if (k > 1 && __builtin_mul_overflow(b, b, &b))
					return q_int_overflow(e, n);
			}
			break;
		case PY_OP_LSHIFT:
			if (y < 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "negative shift count");
			if (x == 0)
				z = 0;
			else if (y >= 63 || (x > 0 ? x > (INT64_MAX >> y) : x < (INT64_MIN >> y)))
				return q_int_overflow(e, n);
			else
				z = (int64_t) ((uint64_t) x << y);
			break;
		case PY_OP_RSHIFT:
			if (y < 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "negative shift count");
			/* Python's >> floors: -1 >> 100 is -1 */
			z = y >= 63 ? (x < 0 ? -1 : 0) : (x < 0 ? ~(~x >> y) : x >> y);
			break;
		case '&':
			z = x & y;
			break;
		case '|':
			z = x | y;
			break;
		case '^':
			z = x ^ y;
			break;
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported operand types for %s: integers",
						  q_op_text(op));
	}
	return q_lit(e, json_new_int(e->a, z), n);
}

bool
q_is_number_lit(const QVal *v)
{
	return v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_NUMBER;
}

/* -x / ~x / +x of a number literal as Python computes it, else NULL (no error). */
QVal *
q_fold_unary(QEnv *e, const PyNode *n, QVal *a, bool *done)
{
	const JsonValue *j = a->json;

	*done = false;
	if (a->kind == QV_LIT && a->has_tval && (n->op == '-' || n->op == '~' || n->op == '+'))
	{
		/* -timedelta(hours=1); a date has no sign */
		*done = true;
		if (a->lit_type->kind == ORM_T_INTERVAL && n->op != '~')
			return n->op == '+' ? a : q_temporal(e, a->lit_type, -a->tval, n);
		return Q_FAIL(e, ORM_ERR_QUERY, n, "bad operand type for unary %c", n->op);
	}
	if (!q_is_number_lit(a) || (n->op != '-' && n->op != '~' && n->op != '+'))
		return NULL;
	*done = true;
	if (n->op == '+')
		return a;
	if (!j->is_int)
	{
		if (n->op == '~')
			return Q_FAIL(e, ORM_ERR_QUERY, n, "bad operand type for unary ~: float");
		return q_float_lit(e, -j->dval, n);
	}
	if (n->op == '~')
		return q_lit(e, json_new_int(e->a, ~j->ival), n);
	if (j->ival == INT64_MIN)
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "integer overflow: the result of - does not fit in a 64-bit integer");
	return q_lit(e, json_new_int(e->a, -j->ival), n);
}

/*
 * A number literal.  Its JSON text is canonical (decimal digits for an int,
 * no underscores), since values.c may bind the text itself (a Numeric on
 * PostgreSQL).  An int that does not fit 64 bits is an error: Python's ints
 * are unbounded, the database's BIGINT is not.
 */
QVal *
q_eval_number(QEnv *e, const PyNode *n)
{
	JsonValue  *j;
	uint64_t	v;

	if (n->kind == PY_INT)
	{
		if (n->str && (!q_int_text_value(n->str, &v) || v > (uint64_t) INT64_MAX))
			return Q_FAIL(e, ORM_ERR_QUERY, n,
						  "integer literal %.40s does not fit in a 64-bit integer", n->str);
		return q_lit(e, json_new_int(e->a, n->ival), n);
	}
	if (!isfinite(n->fval))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "float literal %.40s is out of range",
					  n->str ? n->str : "");
	j = json_new(e->a, JSON_NUMBER);
	j->dval = n->fval;
	if (n->str)
	{
		char	   *t = orm_alloc(e->a, strlen(n->str) + 3),
				   *o = t;

		/* 1_000.5 -> 1000.5; .5 -> 0.5; 5. -> 5.0 (as numeric input reads them) */
		if (n->str[0] == '.')
			*o++ = '0';
		for (const char *c = n->str; *c; c++)
		{
			if (*c == '_')
				continue;
			*o++ = *c;
			if (*c == '.' && !(c[1] >= '0' && c[1] <= '9'))
				*o++ = '0';
		}
		*o = '\0';
		j->str = t;
		j->len = strlen(t);
	}
	else
		return q_float_lit(e, n->fval, n);
	return q_lit(e, j, n);
}

/* ---- Python's semantics of values: truth, comparison, containers ----------- */

/*
 * Control flow in query text (query_flow.c) and the operators that test
 * Python values (and, or, not, a if c else b, == < in is on two Python
 * values, len()) follow Python: a value here is a literal (None, a bool, a
 * number, a string, a params value, date() ...), a list or tuple, a dict,
 * an enum member.  An SQL construct has SQLAlchemy's truth: a mapped class,
 * an attribute, a relationship or a loader option is true; a clause is
 * SQLAlchemy's TypeError -- also "a == b" / "a != b", which SQLAlchemy
 * answers by its operands' identity (User.id == 5 is False, silently): such
 * a test is never what a query means, so it is refused too.
 */

/*
 * One more loop body or comprehension item (at line/col): 0, or -1 past the
 * bounds -- Q_MAX_ITER of them, the call's memory grown by Q_MAX_LOOP_BYTES
 * since the first -- or on a cancel.
 */
int
q_flow_tick(QEnv *e, int line, int col)
{
	if (!e->flow_counting)
	{
		e->flow_base = e->a->total;
		e->flow_counting = true;
	}
	if (++e->flow_iters > Q_MAX_ITER)
		return orm_err_at(e->ctx->err, ORM_ERR_UNSUPPORTED, line, col,
						  "the query text's loops ran more than %d times: evaluation is bounded",
						  Q_MAX_ITER);
	if (e->a->total > e->flow_base + Q_MAX_LOOP_BYTES)
		return orm_err_at(e->ctx->err, ORM_ERR_UNSUPPORTED, line, col,
						  "the query text's loops built more than %d MB: evaluation is bounded",
						  (int) (Q_MAX_LOOP_BYTES >> 20));
	return ORM_POLL(e->ctx) < 0 ? -1 : 0;
}

/* n more steps of work on Python values: false past Q_MAX_PY_STEPS (the error set). */
static bool
q_py_work(QEnv *e, int64_t n, const PyNode *at)
{
	e->py_steps += n;
	if (e->py_steps <= Q_MAX_PY_STEPS)
		return true;
	if (!e->ctx->err->code)
		Q_FAIL(e, ORM_ERR_UNSUPPORTED, at, "comparisons of Python values took more than %lld "
			   "steps: evaluation is bounded", (long long) Q_MAX_PY_STEPS);
	return false;
}

/* A Python value (not an SQL construct)? */
bool
q_is_pyvalue(const QVal *v)
{
	return v->kind == QV_LIT || v->kind == QV_LIST || v->kind == QV_DICT || v->kind == QV_ENUM;
}

static bool
q_is_tuple(const QVal *v)
{
	/* a Row a session call returned is a tuple too (Row compares as one) */
	return v->kind == QV_LIST && (v->fields || (v->node && v->node->kind == PY_TUPLE));
}

/* A dict: a {...} of the text or a params object. */
bool
q_is_pydict(const QVal *v)
{
	return v->kind == QV_DICT || (v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_OBJECT);
}

static bool
q_is_pystr(const QVal *v)
{
	return v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_STRING;
}

/* The name Python's messages give v's type. */
const char *
q_py_type_name(const QVal *v)
{
	switch (v->kind)
	{
		case QV_LIT:
			if (v->lit_type)
				switch (v->lit_type->kind)
				{
					case ORM_T_DATE:
						return "datetime.date";
					case ORM_T_DATETIME:
						return "datetime.datetime";
					case ORM_T_TIME:
						return "datetime.time";
					case ORM_T_INTERVAL:
						return "datetime.timedelta";
					case ORM_T_NUMERIC:
						return "decimal.Decimal";
					case ORM_T_UUID:
						return "UUID";
					default:
						break;
				}
			switch (v->json->kind)
			{
				case JSON_NULL:
					return "NoneType";
				case JSON_TRUE:
				case JSON_FALSE:
					return "bool";
				case JSON_NUMBER:
					return v->json->is_int ? "int" : "float";
				case JSON_STRING:
					return "str";
				case JSON_ARRAY:
					return "list";
				default:
					return "dict";
			}
		case QV_LIST:
			return v->fields ? "Row" : q_is_tuple(v) ? "tuple" : "list";
		case QV_DICT:
			return "dict";
		case QV_OBJ:
			return v->cls->name;
		case QV_ENUM:
			return v->enm && v->enm->name ? v->enm->name : "Enum";
		case QV_ENTITY:
			return v->from && v->from->is_alias ? "AliasedClass" : "DeclarativeAttributeIntercept";
		case QV_REL:
		case QV_PROXY:
			return "InstrumentedAttribute";
		case QV_EXPR:
			return v->expr->kind == SX_COLUMN ? "InstrumentedAttribute" : "ColumnElement";
		case QV_SELECT:
			return "Select";
		case QV_SUBQ:
			return "Subquery";
		case QV_TABLE:
			return "Table";
		case QV_DML:
			return "DMLStatement";
		case QV_OPT:
			return "_AbstractLoad";
		default:
			return "object";
	}
}

/* A numeric value (bool, int, float, Decimal): *d and *is_int / *i. */
static bool
q_py_number(const QVal *v, double *d, int64_t *i, bool *is_int)
{
	if (v->kind != QV_LIT || (v->lit_type && v->lit_type->kind != ORM_T_NUMERIC))
		return false;
	switch (v->json->kind)
	{
		case JSON_TRUE:
		case JSON_FALSE:
			*i = v->json->kind == JSON_TRUE;
			*d = (double) *i;
			*is_int = true;
			return true;
		case JSON_NUMBER:
			*is_int = v->json->is_int && !v->lit_type;
			*i = v->json->is_int ? v->json->ival : 0;
			*d = v->json->is_int ? (double) v->json->ival : v->json->dval;
			return true;
		default:
			return false;
	}
}

/* Number of a dict's entries; its key and value i as values. */
static int
q_dict_n(const QVal *v)
{
	return v->kind == QV_DICT ? v->n : v->json->n;
}

static QVal *
q_dict_key(QEnv *e, const QVal *v, int i)
{
	if (v->kind == QV_DICT)
		return v->items[i];
	return q_lit(e, json_new_string(e->a, v->json->keys[i], v->json->keylens ?
									v->json->keylens[i] : strlen(v->json->keys[i])), v->node);
}

static QVal *
q_dict_val(QEnv *e, const QVal *v, int i)
{
	if (v->kind == QV_DICT)
		return v->values[i];
	return q_lit_from_json(e, v->json->items[i], v->node);
}

static bool q_py_eq(QEnv *e, QVal *a, QVal *b, int depth);

/*
 * The index of key in dict d, or -1 (also with an error set past the
 * bounds).  A params object's keys are compared in place (no value is made
 * of each).
 */
static int
q_dict_find(QEnv *e, const QVal *d, QVal *key, int depth)
{
	int			n = q_dict_n(d);

	if (d->kind == QV_DICT)
	{
		for (int i = 0; i < n; i++)
			if (q_py_eq(e, key, d->items[i], depth))
				return i;
		return -1;
	}
	if (key->kind != QV_LIT || key->lit_type || key->json->kind != JSON_STRING)
		return -1;				/* a JSON object's keys are strings */
	for (int i = 0; i < n; i++)
	{
		size_t		kl = d->json->keylens ? d->json->keylens[i] : strlen(d->json->keys[i]);

		if (!q_py_work(e, 1 + (int64_t) (kl / 16), key->node))
			return -1;
		if (kl == key->json->len && memcmp(d->json->keys[i], key->json->str, kl) == 0)
			return i;
	}
	return -1;
}

/* A params array is a list already; a JSON array inside a params object becomes one. */
static QVal *
q_pv(QEnv *e, QVal *v)
{
	if (v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_ARRAY)
		return q_lit_from_json(e, v->json, v->node);
	return v;
}

/* Python's == of two values (SQL constructs by identity, as their hashes compare). */
static bool
q_py_eq(QEnv *e, QVal *a, QVal *b, int depth)
{
	double		da,
				db;
	int64_t		ia,
				ib;
	bool		inta,
				intb;

	a = q_pv(e, a);
	b = q_pv(e, b);
	if (a == b)
		return true;
	if (depth > Q_MAX_DEPTH || !q_py_work(e, 1, a->node ? a->node : b->node))
		return false;
	if (q_py_number(a, &da, &ia, &inta) && q_py_number(b, &db, &ib, &intb))
		return inta && intb ? ia == ib : da == db;
	if (a->kind == QV_LIT && b->kind == QV_LIT)
	{
		if (a->has_tval || b->has_tval)
			return a->has_tval && b->has_tval && a->lit_type->kind == b->lit_type->kind &&
				a->tval == b->tval;
		if (a->lit_type != b->lit_type &&
			(!a->lit_type || !b->lit_type || a->lit_type->kind != b->lit_type->kind))
			return false;
		if (a->json->kind == JSON_NULL || b->json->kind == JSON_NULL)
			return a->json->kind == b->json->kind;
		if (a->json->kind == JSON_STRING && b->json->kind == JSON_STRING)
			return a->json->len == b->json->len &&
				q_py_work(e, (int64_t) (a->json->len / 16), a->node ? a->node : b->node) &&
				memcmp(a->json->str, b->json->str, a->json->len) == 0;
	}
	if (a->kind == QV_LIST && b->kind == QV_LIST)
	{
		if (q_is_tuple(a) != q_is_tuple(b) || a->n != b->n)
			return false;
		for (int i = 0; i < a->n; i++)
			if (!q_py_eq(e, a->items[i], b->items[i], depth + 1))
				return false;
		return true;
	}
	if (q_is_pydict(a) && q_is_pydict(b))
	{
		int			n = q_dict_n(a);

		if (n != q_dict_n(b))
			return false;
		for (int i = 0; i < n; i++)
		{
			int			j = q_dict_find(e, b, q_dict_key(e, a, i), depth + 1);

			if (j < 0 || !q_py_eq(e, q_dict_val(e, a, i), q_dict_val(e, b, j), depth + 1))
				return false;
		}
		return true;
	}
	if (a->kind == QV_ENUM && b->kind == QV_ENUM)
		return a->enm == b->enm && a->idx == b->idx;
	if (a->kind == QV_EXPR && b->kind == QV_EXPR && a->expr->kind == SX_COLUMN &&
		b->expr->kind == SX_COLUMN)
		return a->expr->from == b->expr->from && a->expr->col == b->expr->col;
	if (a->kind == QV_ENTITY && b->kind == QV_ENTITY)
		return a->from == b->from && a->cls == b->cls;
	if (a->kind == QV_REL && b->kind == QV_REL)
		return a->rel == b->rel && a->from == b->from;
	if (a->kind == QV_OBJ && b->kind == QV_OBJ)
	{
		/* the identity map's one object per primary key */
		const OrmClass *ca = a->cls->base ? a->cls->base : a->cls,
				   *cb = b->cls->base ? b->cls->base : b->cls;
		const OrmTable *t = ca->table;

		if (ca != cb || !t || t->npk == 0)
			return false;
		for (int k = 0; k < t->npk; k++)
		{
			const char *an = t->pk[k]->attr ? t->pk[k]->attr : t->pk[k]->name;
			const JsonValue *x = json_get(a->json, an),
					   *y = json_get(b->json, an);

			if (!x || !y || !q_py_eq(e, q_lit_from_json(e, x, a->node),
									 q_lit_from_json(e, y, b->node), depth + 1))
				return false;
		}
		return true;
	}
	return false;
}

/* The UTF-8 characters of a string: count, and the byte offset of character i. */
static size_t
q_utf8_len(const char *s, size_t n)
{
	size_t		k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static size_t
q_utf8_at(const char *s, size_t n, size_t ch)
{
	size_t		i = 0;

	for (size_t k = 0; i < n; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80 && k++ == ch)
			return i;
	return n;
}

static void *
q_order_error(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *n)
{
	return Q_FAIL(e, ORM_ERR_QUERY, n, "'%s' not supported between instances of '%s' and '%s'",
				  pyop == '<' ? "<" : pyop == '>' ? ">" : pyop == PY_OP_LE ? "<=" : ">=",
				  q_py_type_name(a), q_py_type_name(b));
}

/* Python's ordering of a and b: *cmp < 0, 0, > 0; -1 with its TypeError. */
static int
q_py_order(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *n, int *cmp, int depth)
{
	double		da,
				db;
	int64_t		ia,
				ib;
	bool		inta,
				intb;

	a = q_pv(e, a);
	b = q_pv(e, b);
	if (depth > Q_MAX_DEPTH)
	{
		Q_FAIL(e, ORM_ERR_UNSUPPORTED, n, "values nest deeper than %d levels", Q_MAX_DEPTH);
		return -1;
	}
	if (!q_py_work(e, 1, n))
		return -1;
	if (q_py_number(a, &da, &ia, &inta) && q_py_number(b, &db, &ib, &intb))
	{
		if (inta && intb)
			*cmp = ia < ib ? -1 : ia > ib;
		else
			*cmp = da < db ? -1 : da > db;
		return 0;
	}
	if (q_is_pystr(a) && q_is_pystr(b))
	{
		size_t		m = a->json->len < b->json->len ? a->json->len : b->json->len;
		int			c;

		if (!q_py_work(e, (int64_t) (m / 16), n))
			return -1;
		c = memcmp(a->json->str, b->json->str, m);

		*cmp = c ? c : a->json->len < b->json->len ? -1 : a->json->len > b->json->len;
		return 0;
	}
	if (a->kind == QV_LIT && b->kind == QV_LIT && a->has_tval && b->has_tval &&
		a->lit_type->kind == b->lit_type->kind)
	{
		*cmp = a->tval < b->tval ? -1 : a->tval > b->tval;
		return 0;
	}
	if (a->kind == QV_LIST && b->kind == QV_LIST && q_is_tuple(a) == q_is_tuple(b))
	{
		int			i;

		for (i = 0; i < a->n && i < b->n; i++)
			if (!q_py_eq(e, a->items[i], b->items[i], depth + 1))
				return q_py_order(e, pyop, a->items[i], b->items[i], n, cmp, depth + 1);
		*cmp = a->n < b->n ? -1 : a->n > b->n;
		return 0;
	}
	q_order_error(e, pyop, a, b, n);
	return -1;
}

/* x in container: 1, 0, or -1 with Python's TypeError. */
static int
q_py_in(QEnv *e, QVal *x, QVal *c, const PyNode *n)
{
	c = q_pv(e, c);
	if (c->kind == QV_LIST)
	{
		for (int i = 0; i < c->n; i++)
			if (q_py_eq(e, x, c->items[i], 0))
				return 1;
		return e->ctx->err->code ? -1 : 0;
	}
	if (q_is_pydict(c))
	{
		if (q_dict_find(e, c, x, 0) >= 0)
			return 1;
		return e->ctx->err->code ? -1 : 0;
	}
	if (q_is_pystr(c))
	{
		if (!q_is_pystr(x))
		{
			Q_FAIL(e, ORM_ERR_QUERY, n, "'in <string>' requires string as left operand, not %s",
				   q_py_type_name(x));
			return -1;
		}
		if (x->json->len == 0)
			return 1;
		if (!q_py_work(e, (int64_t) (c->json->len / 16), n))
			return -1;
		return memmem(c->json->str, c->json->len, x->json->str, x->json->len) != NULL;
	}
	if (c->kind == QV_EXPR || c->kind == QV_REL || c->kind == QV_PROXY)
	{
		q_fail(e, ORM_ERR_QUERY, n, "Operator 'contains' is not supported on this expression");
		return -1;
	}
	Q_FAIL(e, ORM_ERR_QUERY, n, "argument of type '%s' is not iterable", q_py_type_name(c));
	return -1;
}

/* a is b: None, True and False are themselves; lists, dicts and SQL constructs by identity. */
static bool
q_py_is(QEnv *e, QVal *a, QVal *b)
{
	if (a == b)
		return true;
	if (a->kind == QV_LIT && b->kind == QV_LIT && !a->lit_type && !b->lit_type &&
		a->json->kind != JSON_ARRAY && a->json->kind != JSON_OBJECT &&
		b->json->kind != JSON_ARRAY && b->json->kind != JSON_OBJECT)
		return a->json->kind == b->json->kind && q_py_eq(e, a, b, 0);
	if (a->kind == QV_ENUM || a->kind == QV_ENTITY || a->kind == QV_REL || a->kind == QV_OBJ)
		return q_py_eq(e, a, b, 0);
	return false;
}

/*
 * a op b, both Python values or constructs SQL does not compare (an entity,
 * an enum member): Python's result as a bool literal.
 */
QVal *
q_py_compare(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *n)
{
	int			r,
				cmp;

	/* user is None, rows == []: Python on what the calls returned (a Result
	 * object itself is compared by identity) */
	if ((a->kind == QV_RESULT && a->result_kind == QV_RK_DONE && !(a = q_call_value(e, a, n))) ||
		(b->kind == QV_RESULT && b->result_kind == QV_RK_DONE && !(b = q_call_value(e, b, n))))
		return NULL;
	switch (pyop)
	{
		case PY_OP_EQ:
		case PY_OP_NE:
			r = q_py_eq(e, a, b, 0) == (pyop == PY_OP_EQ);
			if (e->ctx->err->code)
				return NULL;
			break;
		case PY_OP_IN:
		case PY_OP_NOT_IN:
			if ((r = q_py_in(e, a, b, n)) < 0)
				return NULL;
			r = r == (pyop == PY_OP_IN);
			break;
		case PY_OP_IS:
		case PY_OP_IS_NOT:
			r = q_py_is(e, a, b) == (pyop == PY_OP_IS);
			if (e->ctx->err->code)
				return NULL;
			break;
		default:
			if (q_py_order(e, pyop, a, b, n, &cmp, 0) < 0)
				return NULL;
			r = pyop == '<' ? cmp < 0 : pyop == '>' ? cmp > 0 : pyop == PY_OP_LE ? cmp <= 0 : cmp >= 0;
			break;
	}
	return q_lit(e, json_new(e->a, r ? JSON_TRUE : JSON_FALSE), n);
}

/* Python's bool(v): 1 or 0, or -1 with the error (SQLAlchemy's TypeError for a clause). */
int
q_truth(QEnv *e, QVal *v, const PyNode *at)
{
	switch (v->kind)
	{
		case QV_LIT:
			if (v->has_tval)
				return v->lit_type->kind == ORM_T_INTERVAL ? v->tval != 0 : 1;
			switch (v->json->kind)
			{
				case JSON_NULL:
				case JSON_FALSE:
					return 0;
				case JSON_TRUE:
					return 1;
				case JSON_NUMBER:
					return v->json->is_int ? v->json->ival != 0 : v->json->dval != 0;
				case JSON_STRING:
					return v->json->len > 0;
				default:
					return v->json->n > 0;
			}
		case QV_LIST:
		case QV_DICT:
			return v->n > 0;
		case QV_EXPR:
			if (v->expr->kind == SX_COLUMN && !v->core && v->expr->from && v->expr->from->cls)
				return 1;		/* User.id: an InstrumentedAttribute */
			break;
		case QV_SELECT:
		case QV_SUBQ:
		case QV_TABLE:
		case QV_JOIN:
		case QV_DML:
			break;
		case QV_RESULT:
			if (v->result_kind != QV_RK_DONE)
				return 1;		/* a Result object */
			if (!(v = q_call_value(e, v, at)))
				return -1;
			return q_truth(e, v, at);
		default:
			return 1;			/* a class, a relationship, an option, func, a type ... */
	}
	q_fail(e, ORM_ERR_QUERY, at, "Boolean value of this clause is not defined");
	orm_err_hint(e->ctx->err, "An SQL expression has no truth value in Python: combine criteria "
				 "with and_() / or_() / not_() (or & | ~), and test Python values in if / and / or.");
	return -1;
}

/*
 * What a for loop (or a comprehension) iterates over, as a list: a list or
 * tuple itself (read by index as the loop goes), a dict's keys, a string's
 * characters; anything else is Python's TypeError.
 */
QVal *
q_iter_list(QEnv *e, QVal *v, const PyNode *at)
{
	QVal	   *l;

	/* for row in session.execute(stmt), for u in q.all(): the call's rows */
	if (!(v = q_call_value(e, v, at)))
		return NULL;
	v = q_pv(e, v);
	if (v->kind == QV_LIST)
		return v;
	if (q_is_pydict(v))
	{
		int			n = q_dict_n(v);

		l = q_new(e, QV_LIST, at);
		l->n = n;
		l->items = ORM_NEWN(e->a, QVal *, n + 1);
		for (int i = 0; i < n; i++)
			l->items[i] = q_dict_key(e, v, i);
		return q_list_depth(e, l);
	}
	if (q_is_pystr(v))
	{
		const char *s = v->json->str;
		size_t		len = v->json->len;
		size_t		n;

		if (!q_py_work(e, (int64_t) (len / 16), at))
			return NULL;
		n = q_utf8_len(s, len);

		if (n > Q_MAX_ITER)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at, "a string of more than %d characters to "
						  "iterate over: evaluation is bounded", Q_MAX_ITER);
		l = q_new(e, QV_LIST, at);
		l->items = ORM_NEWN(e->a, QVal *, n + 1);
		for (size_t i = 0; i < len;)
		{
			size_t		j = i + 1;

			while (j < len && ((unsigned char) s[j] & 0xC0) == 0x80)
				j++;
			l->items[l->n++] = q_lit(e, json_new_string(e->a, orm_strndup(e->a, s + i, j - i), j - i), at);
			i = j;
		}
		l->depth = 1;
		return l;
	}
	if (v->kind == QV_EXPR || v->kind == QV_REL || v->kind == QV_PROXY)
	{
		/* SQLAlchemy's ColumnOperators.__getitem__, which Python's iteration calls */
		q_fail(e, ORM_ERR_QUERY, at, "Operator 'getitem' is not supported on this expression");
		orm_err_hint(e->ctx->err, "A query text loops over Python values (lists, tuples, dicts, "
					 "range()), not SQL.");
		return NULL;
	}
	return Q_FAIL(e, ORM_ERR_QUERY, at, "'%s' object is not iterable", q_py_type_name(v));
}

/* An integer argument of range() and the like: 0, or -1 with Python's TypeError. */
static int
q_py_int_arg(QEnv *e, const PyNode *call, int i, const char *fn, int64_t *out)
{
	QVal	   *v = q_arg(e, call, i, fn);

	if (!v)
		return -1;
	if (v->kind != QV_LIT || v->lit_type ||
		!((v->json->kind == JSON_NUMBER && v->json->is_int) || v->json->kind == JSON_TRUE ||
		  v->json->kind == JSON_FALSE))
	{
		Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "'%s' object cannot be interpreted as an integer",
			   q_py_type_name(v));
		return -1;
	}
	*out = v->json->kind == JSON_NUMBER ? v->json->ival : v->json->kind == JSON_TRUE;
	return 0;
}

/* A list of n values (enumerate(), zip(), range()), bounded as loops are. */
static QVal *
q_new_list(QEnv *e, int64_t n, const PyNode *at, const char *fn)
{
	QVal	   *l;

	if (n > Q_MAX_ITER)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at, "%s() of more than %d values: evaluation is "
					  "bounded", fn, Q_MAX_ITER);
	l = q_new(e, QV_LIST, at);
	l->items = ORM_NEWN(e->a, QVal *, n + 1);
	l->depth = 1;
	return l;
}

/* A tuple of two or more values (enumerate()'s and zip()'s items). */
static QVal *
q_new_tuple(QEnv *e, const PyNode *at, int n)
{
	PyNode	   *tn = ORM_NEW(e->a, PyNode);
	QVal	   *t;

	*tn = *at;
	tn->kind = PY_TUPLE;
	t = q_new(e, QV_LIST, tn);
	t->items = ORM_NEWN(e->a, QVal *, n + 1);
	t->n = n;
	return t;
}

/* range(stop) / range(start, stop[, step]): the list of its values. */
QVal *
qb_range(QEnv *e, const PyNode *call)
{
	int64_t		start = 0,
				stop,
				step = 1,
				n;
	QVal	   *l;

	if (call->nitems < 1 || call->nitems > 3)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "range expected 1 to 3 arguments, got %d", call->nitems);
	if (call->nitems == 1 ? q_py_int_arg(e, call, 0, "range", &stop) < 0 :
		(q_py_int_arg(e, call, 0, "range", &start) < 0 || q_py_int_arg(e, call, 1, "range", &stop) < 0 ||
		 (call->nitems == 3 && q_py_int_arg(e, call, 2, "range", &step) < 0)))
		return NULL;
	if (step == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "range() arg 3 must not be zero");
	/* the count, without overflow: in 128 bits' worth of care */
	if (step > 0)
		n = start >= stop ? 0 : (int64_t) (((uint64_t) stop - (uint64_t) start - 1) / (uint64_t) step) + 1;
	else
		n = start <= stop ? 0 : (int64_t) (((uint64_t) start - (uint64_t) stop - 1) / ((uint64_t) 0 - (uint64_t) step)) + 1;
	if (n < 0 || n > Q_MAX_ITER)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "range() of more than %d values: evaluation is "
					  "bounded", Q_MAX_ITER);
	if (!(l = q_new_list(e, n, call, "range")))
		return NULL;
	for (int64_t i = 0; i < n; i++)
		l->items[l->n++] = q_lit(e, json_new_int(e->a, start + i * step), call);
	return l;
}

/* enumerate(iterable, start=0): a list of (index, value) tuples. */
QVal *
qb_enumerate(QEnv *e, const PyNode *call)
{
	QVal	   *it,
			   *l,
			   *sv;
	int64_t		start = 0;

	if (call->nitems < 1 || call->nitems + call->nkw > 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "enumerate() takes at most 2 arguments (%d given)",
					  call->nitems + call->nkw);
	if (!(it = q_arg(e, call, 0, "enumerate")) || !(it = q_iter_list(e, it, call->items[0])))
		return NULL;
	if (call->nitems == 2 ? !(sv = q_arg(e, call, 1, "enumerate")) :
		q_kwarg(e, call, "start", &sv) < 0)
		return NULL;
	if (sv)
	{
		if (sv->kind != QV_LIT || sv->lit_type || sv->json->kind != JSON_NUMBER || !sv->json->is_int)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "'%s' object cannot be interpreted as an integer",
						  q_py_type_name(sv));
		start = sv->json->ival;
		if (start > INT64_MAX - Q_MAX_ITER)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "enumerate() start is too large");
	}
	if (!(l = q_new_list(e, it->n, call, "enumerate")))
		return NULL;
	for (int i = 0; i < it->n; i++)
	{
		QVal	   *t = q_new_tuple(e, call, 2);

		t->items[0] = q_lit(e, json_new_int(e->a, start + i), call);
		t->items[1] = it->items[i];
		l->items[l->n++] = q_list_depth(e, t);
		if (!l->items[l->n - 1])
			return NULL;
	}
	return q_list_depth(e, l);
}

/* zip(a, b, ...): a list of tuples, as long as the shortest. */
QVal *
qb_zip(QEnv *e, const PyNode *call)
{
	QVal	  **its = ORM_NEWN(e->a, QVal *, call->nitems + 1);
	QVal	   *l;
	int			n = call->nitems ? INT32_MAX : 0;

	for (int k = 0; k < call->nitems; k++)
	{
		if (!(its[k] = q_arg(e, call, k, "zip")) || !(its[k] = q_iter_list(e, its[k], call->items[k])))
			return NULL;
		if (its[k]->n < n)
			n = its[k]->n;
	}
	if (!(l = q_new_list(e, n, call, "zip")))
		return NULL;
	for (int i = 0; i < n; i++)
	{
		QVal	   *t = q_new_tuple(e, call, call->nitems);

		for (int k = 0; k < call->nitems; k++)
			t->items[k] = its[k]->items[i];
		if (!(l->items[l->n++] = q_list_depth(e, t)))
			return NULL;
	}
	return q_list_depth(e, l);
}

/* len(x) of a Python value; Python's TypeError for anything else. */
QVal *
qb_len(QEnv *e, const PyNode *call)
{
	QVal	   *v;
	int64_t		n;

	if (call->nitems != 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "len() takes exactly one argument (%d given)",
					  call->nitems);
	if (!(v = q_arg(e, call, 0, "len")))
		return NULL;
	if (v->kind == QV_RESULT && v->result_kind == QV_RK_DONE && !(v = q_call_value(e, v, call)))
		return NULL;
	v = q_pv(e, v);
	if (v->kind == QV_LIST || v->kind == QV_DICT)
		n = v->n;
	else if (q_is_pydict(v))
		n = v->json->n;
	else if (q_is_pystr(v))
	{
		if (!q_py_work(e, (int64_t) (v->json->len / 16), call))
			return NULL;
		n = (int64_t) q_utf8_len(v->json->str, v->json->len);
	}
	else
		return Q_FAIL(e, ORM_ERR_QUERY, call, "object of type '%s' has no len()", q_py_type_name(v));
	return q_lit(e, json_new_int(e->a, n), call);
}

/* An index i of a sequence of n: the position, or -1 with Python's IndexError. */
static int64_t
q_py_index(QEnv *e, QVal *iv, int64_t n, const char *what, const PyNode *at)
{
	int64_t		i;

	if (iv->kind != QV_LIT || iv->lit_type ||
		!((iv->json->kind == JSON_NUMBER && iv->json->is_int) || iv->json->kind == JSON_TRUE ||
		  iv->json->kind == JSON_FALSE))
	{
		if (strcmp(what, "string") == 0)
			Q_FAIL(e, ORM_ERR_QUERY, at, "string indices must be integers, not '%s'",
				   q_py_type_name(iv));
		else
			Q_FAIL(e, ORM_ERR_QUERY, at, "%s indices must be integers or slices, not %s", what,
				   q_py_type_name(iv));
		return -1;
	}
	i = iv->json->kind == JSON_NUMBER ? iv->json->ival : iv->json->kind == JSON_TRUE;
	if (i < 0 && i >= -n)
		i += n;
	if (i < 0 || i >= n)
	{
		Q_FAIL(e, ORM_ERR_QUERY, at, "%s index out of range", what);
		return -1;
	}
	return i;
}

/* A slice bound: Python's clamping of lower / upper for a sequence of n. */
static int
q_py_slice_bound(QEnv *e, const PyNode *b, int64_t n, int64_t dflt, int64_t *out)
{
	QVal	   *v;
	int64_t		i;

	*out = dflt;
	if (!b)
		return 0;
	if (!(v = q_eval(e, b)))
		return -1;
	if (v->kind == QV_LIT && v->json->kind == JSON_NULL)
		return 0;
	if (v->kind != QV_LIT || v->lit_type || v->json->kind != JSON_NUMBER || !v->json->is_int)
	{
		Q_FAIL(e, ORM_ERR_QUERY, b, "slice indices must be integers or None");
		return -1;
	}
	i = v->json->ival;
	if (i < 0)
		i = i < -n ? 0 : i + n;
	*out = i > n ? n : i;
	return 0;
}

/*
 * base[index] of a Python value: a list's or tuple's element (or a slice
 * [i:j] of it, or of a string), a dict's value (Python's KeyError when the
 * key is not there), a string's character.
 */
QVal *
q_py_subscript(QEnv *e, QVal *base, const PyNode *n)
{
	QVal	   *iv;
	int64_t		len,
				i;
	bool		str;

	base = q_pv(e, base);
	str = q_is_pystr(base);
	if (str && !q_py_work(e, (int64_t) (base->json->len / 8), n))
		return NULL;
	len = str ? (int64_t) q_utf8_len(base->json->str, base->json->len) : base->n;
	if (n->b && n->b->kind == PY_SLICE && !q_is_pydict(base))
	{
		int64_t		lo,
					hi;

		if (n->b->c)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n->b, "a slice with a step is not supported");
		if (q_py_slice_bound(e, n->b->a, len, 0, &lo) < 0 ||
			q_py_slice_bound(e, n->b->b, len, len, &hi) < 0)
			return NULL;
		if (hi < lo)
			hi = lo;
		if (str)
		{
			size_t		p = q_utf8_at(base->json->str, base->json->len, (size_t) lo);
			size_t		q = q_utf8_at(base->json->str, base->json->len, (size_t) hi);

			return q_lit(e, json_new_string(e->a, orm_strndup(e->a, base->json->str + p, q - p), q - p), n);
		}
		else
		{
			QVal	   *l = q_new(e, QV_LIST, base->node);

			l->items = ORM_NEWN(e->a, QVal *, hi - lo + 1);
			for (i = lo; i < hi; i++)
				l->items[l->n++] = base->items[i];
			return q_list_depth(e, l);
		}
	}
	if (!(iv = q_eval(e, n->b)))
		return NULL;
	if (q_is_pydict(base))
	{
		int			k = q_dict_find(e, base, iv, 0);

		if (k >= 0)
			return q_dict_val(e, base, k);
		if (e->ctx->err->code)
			return NULL;
		if (q_is_pystr(iv))
			return Q_FAIL(e, ORM_ERR_QUERY, n->b, "KeyError: '%s'", iv->json->str);
		return Q_FAIL(e, ORM_ERR_QUERY, n->b, "KeyError: a key that is not in the dict");
	}
	if ((i = q_py_index(e, iv, len, str ? "string" : q_is_tuple(base) ? "tuple" : "list", n->b)) < 0)
		return NULL;
	if (str)
	{
		size_t		p = q_utf8_at(base->json->str, base->json->len, (size_t) i);
		size_t		q = q_utf8_at(base->json->str, base->json->len, (size_t) i + 1);

		return q_lit(e, json_new_string(e->a, orm_strndup(e->a, base->json->str + p, q - p), q - p), n);
	}
	return base->items[i];
}

/*
 * base[index] = v (totals[k] = ..., l[0] = 2): a list's element replaced, a
 * dict's key set (added at the end when new), as Python does; 0, or -1
 * with Python's error.
 */
int
q_py_setitem(QEnv *e, QVal *base, QVal *iv, QVal *v, const PyNode *at)
{
	int64_t		i;

	if (base->kind == QV_LIST && !q_is_tuple(base))
	{
		bool		isint = iv->kind == QV_LIT && !iv->lit_type &&
			((iv->json->kind == JSON_NUMBER && iv->json->is_int) ||
			 iv->json->kind == JSON_TRUE || iv->json->kind == JSON_FALSE);

		if ((i = q_py_index(e, iv, base->n, isint ? "list assignment" : "list", at)) < 0)
			return -1;
		base->items[i] = v;
		return q_list_depth(e, base) ? 0 : -1;
	}
	if (base->kind == QV_DICT)
	{
		int			k;

		if ((iv->kind == QV_LIST && !q_is_tuple(iv)) || q_is_pydict(iv))
		{
			Q_FAIL(e, ORM_ERR_QUERY, at, "unhashable type: '%s'", q_py_type_name(iv));
			return -1;
		}
		if ((k = q_dict_find(e, base, iv, 0)) >= 0)
		{
			base->values[k] = v;
			return 0;
		}
		if (e->ctx->err->code)
			return -1;
		if (base->n >= (base->cap > 0 ? base->cap : base->n))
		{
			int			cap = base->n < 8 ? 16 : base->n * 2;
			QVal	  **ni = ORM_NEWN(e->a, QVal *, cap),
					  **nv = ORM_NEWN(e->a, QVal *, cap);

			if (base->n > Q_MAX_ITER)
			{
				Q_FAIL(e, ORM_ERR_UNSUPPORTED, at, "a dict of more than %d keys: evaluation "
					   "is bounded", Q_MAX_ITER);
				return -1;
			}
			for (int j = 0; j < base->n; j++)
			{
				ni[j] = base->items[j];
				nv[j] = base->values[j];
			}
			base->items = ni;
			base->values = nv;
			base->cap = cap;
		}
		base->items[base->n] = iv;
		base->values[base->n++] = v;
		return 0;
	}
	if (q_is_pydict(base))
		Q_FAIL(e, ORM_ERR_UNSUPPORTED, at, "a params value cannot be changed: build a dict "
			   "or list of the text's own");
	else
		Q_FAIL(e, ORM_ERR_QUERY, at, "'%s' object does not support item assignment",
			   q_py_type_name(base));
	return -1;
}

/* A Python value that can be subscripted here (a list, tuple, dict or string). */
bool
q_is_pycontainer(const QVal *v)
{
	return v->kind == QV_LIST || q_is_pydict(v) || q_is_pystr(v) ||
		(v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_ARRAY);
}

/* d.items() / d.keys() / d.values() / d.get(k[, default]) of a dict. */
QVal *
q_dict_method(QEnv *e, QVal *d, const char *m, const PyNode *call)
{
	int			n = q_dict_n(d);
	bool		items = strcmp(m, "items") == 0,
				keys = strcmp(m, "keys") == 0,
				values = strcmp(m, "values") == 0;
	QVal	   *l;

	if (strcmp(m, "get") == 0)
	{
		QVal	   *k,
				   *dflt = NULL;

		if (call->nitems < 1 || call->nitems > 2 || call->nkw)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "get expected 1 or 2 arguments");
		if (!(k = q_arg(e, call, 0, "get")) || (call->nitems == 2 && !(dflt = q_arg(e, call, 1, "get"))))
			return NULL;
		int			i = q_dict_find(e, d, k, 0);

		if (i >= 0)
			return q_dict_val(e, d, i);
		if (e->ctx->err->code)
			return NULL;
		return dflt ? dflt : q_lit(e, json_new(e->a, JSON_NULL), call);
	}
	if (!items && !keys && !values)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "'dict' object has no attribute '%s'", m);
	if (call->nitems || call->nkw)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "dict.%s() takes no arguments", m);
	if (!(l = q_new_list(e, n, call, m)))
		return NULL;
	for (int i = 0; i < n; i++)
	{
		if (items)
		{
			QVal	   *t = q_new_tuple(e, call, 2);

			t->items[0] = q_dict_key(e, d, i);
			t->items[1] = q_dict_val(e, d, i);
			if (!(l->items[l->n++] = q_list_depth(e, t)))
				return NULL;
		}
		else
			l->items[l->n++] = keys ? q_dict_key(e, d, i) : q_dict_val(e, d, i);
	}
	return q_list_depth(e, l);
}
