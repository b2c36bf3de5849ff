/*
 * query_pydates.c -- the date, datetime, time and timedelta values application
 * code reads off the objects and rows session calls return, as Python has
 * them (SQLAlchemy gives datetime.date / datetime.datetime objects):
 *
 *   loan.due_on.year / .month / .day, dt.hour / .minute / .second /
 *   .microsecond, (a - b).days / .seconds / .microseconds
 *   d.isoformat(), dt.date(), d.weekday(), d.isoweekday()
 *   str(d) ("2024-01-02"; a datetime "2024-01-02 10:00:00", as Python's str)
 *   a - b (a timedelta), a + timedelta(days=7), comparisons: query_pyvalues.c's
 *   arithmetic on typed literals
 *
 * A value read off an object is a typed literal (QVal.lit_type, has_tval)
 * when its column is a Date / DateTime / Time without time zone and its text
 * is the contract's ISO form; any other text stays a string.
 *
 * Assumes: called by query_calls.c (values read off objects and rows),
 * query.c (attributes, methods) and query_builtins.c (str()).
 *
 * Must not: run a statement.
 */
#include "orm/query_int.h"

#include <string.h>

#define QD_USEC_DAY INT64_C(86400000000)

/* n digits at *p (advanced), or -1 */
static int
qd_digits(const char **p, const char *end, int n)
{
	int			v = 0;

	for (int i = 0; i < n; i++, (*p)++)
	{
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

/* "HH:MM[:SS[.ffffff]]" at *p to the end: microseconds, or -1 */
static int64_t
qd_clock(const char *p, const char *end)
{
	int			hh,
				mi,
				ss = 0,
				us = 0;

	if ((hh = qd_digits(&p, end, 2)) < 0 || p >= end || *p++ != ':' ||
		(mi = qd_digits(&p, end, 2)) < 0)
		return -1;
	if (p < end && *p == ':')
	{
		p++;
		if ((ss = qd_digits(&p, end, 2)) < 0)
			return -1;
		if (p < end && *p == '.')
		{
			int			k = 0;

			p++;
			for (; p < end && *p >= '0' && *p <= '9' && k < 6; p++, k++)
				us = us * 10 + (*p - '0');
			if (k == 0)
				return -1;
			for (; k < 6; k++)
				us *= 10;
		}
	}
	if (p != end || hh > 23 || mi > 59 || ss > 59)
		return -1;
	return (((int64_t) hh * 60 + mi) * 60 + ss) * 1000000 + us;
}

QVal *
q_temporal_from_text(QEnv *e, const OrmType *t, const JsonValue *j, const PyNode *at)
{
	const char *p,
			   *end;
	int			y,
				m,
				d;
	int64_t		us = 0;

	if (!t || t->timezone || !j || j->kind != JSON_STRING ||
		(t->kind != ORM_T_DATE && t->kind != ORM_T_DATETIME && t->kind != ORM_T_TIME))
		return NULL;
	p = j->str;
	end = j->str + j->len;
	if (t->kind == ORM_T_TIME)
		return (us = qd_clock(p, end)) < 0 ? NULL : q_temporal(e, t, us, at);
	if ((y = qd_digits(&p, end, 4)) < 1 || p >= end || *p++ != '-' ||
		(m = qd_digits(&p, end, 2)) < 1 || m > 12 || p >= end || *p++ != '-' ||
		(d = qd_digits(&p, end, 2)) < 1 || d > 31)
		return NULL;
	if (t->kind == ORM_T_DATETIME && p < end && (*p == 'T' || *p == ' '))
	{
		if ((us = qd_clock(p + 1, end)) < 0)
			return NULL;
	}
	else if (p != end)
		return NULL;
	return q_temporal(e, t, q_days_from_civil(y, m, d) * QD_USEC_DAY + us, at);
}

static int64_t
qd_floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static QVal *
qd_int(QEnv *e, int64_t v, const PyNode *at)
{
	return q_lit(e, json_new_int(e->a, v), at);
}

/* v.name of a temporal value; NULL without an error: not one of its attributes */
QVal *
q_temporal_attr(QEnv *e, QVal *v, const PyNode *n)
{
	const char *a = n->str;
	int64_t		days = qd_floordiv(v->tval, QD_USEC_DAY),
				rest = v->tval - days * QD_USEC_DAY;
	OrmTypeKind k = v->lit_type->kind;
	int			y,
				m,
				d;

	if (k == ORM_T_INTERVAL)
	{
		/* timedelta: days, seconds (of the day), microseconds */
		if (strcmp(a, "days") == 0)
			return qd_int(e, days, n);
		if (strcmp(a, "seconds") == 0)
			return qd_int(e, rest / 1000000, n);
		if (strcmp(a, "microseconds") == 0)
			return qd_int(e, rest % 1000000, n);
		return NULL;
	}
	if (k != ORM_T_TIME)
	{
		q_civil_from_days(days, &y, &m, &d);
		if (strcmp(a, "year") == 0)
			return qd_int(e, y, n);
		if (strcmp(a, "month") == 0)
			return qd_int(e, m, n);
		if (strcmp(a, "day") == 0)
			return qd_int(e, d, n);
	}
	if (k == ORM_T_DATE)
		return NULL;
	if (k == ORM_T_TIME)
		rest = v->tval;
	if (strcmp(a, "hour") == 0)
		return qd_int(e, rest / 3600000000LL, n);
	if (strcmp(a, "minute") == 0)
		return qd_int(e, rest / 60000000LL % 60, n);
	if (strcmp(a, "second") == 0)
		return qd_int(e, rest / 1000000 % 60, n);
	if (strcmp(a, "microsecond") == 0)
		return qd_int(e, rest % 1000000, n);
	return NULL;
}

static const OrmType qd_t_date = {.kind = ORM_T_DATE, .precision = -1, .scale = -1};

/* v.m() of a temporal value; NULL without an error: not one of its methods */
QVal *
q_temporal_method(QEnv *e, QVal *v, const char *m, const PyNode *call)
{
	OrmTypeKind k = v->lit_type->kind;
	int64_t		days = qd_floordiv(v->tval, QD_USEC_DAY);

	if (strcmp(m, "isoformat") != 0 && strcmp(m, "date") != 0 && strcmp(m, "weekday") != 0 &&
		strcmp(m, "isoweekday") != 0)
		return NULL;
	if (call->nitems > 0 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "%s() with arguments is not supported", m);
	if (k == ORM_T_INTERVAL || (k == ORM_T_TIME && strcmp(m, "isoformat") != 0))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "AttributeError: '%s' object has no attribute '%s'",
					  k == ORM_T_INTERVAL ? "datetime.timedelta" : "datetime.time", m);
	if (strcmp(m, "isoformat") == 0)
		return q_lit(e, json_new_string(e->a, v->json->str, v->json->len), call);
	if (strcmp(m, "date") == 0)
	{
		if (k != ORM_T_DATETIME)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "AttributeError: 'datetime.date' object has no attribute 'date'");
		return q_temporal(e, &qd_t_date, days * QD_USEC_DAY, call);
	}
	/* 1970-01-01 was a Thursday: weekday() 3 */
	{
		int64_t		wd = ((days % 7) + 7 + 3) % 7;

		return qd_int(e, m[0] == 'w' ? wd : wd + 1, call);
	}
}

/* str() of a temporal value: Python's (a datetime with a space, not "T") */
QVal *
q_temporal_str(QEnv *e, QVal *v, const PyNode *at)
{
	char	   *s;

	if (v->lit_type->kind == ORM_T_INTERVAL)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at, "str() of a timedelta is not supported");
	s = orm_strndup(e->a, v->json->str, v->json->len);
	if (v->lit_type->kind == ORM_T_DATETIME && v->json->len > 10 && s[10] == 'T')
		s[10] = ' ';
	return q_lit(e, json_new_string(e->a, s, v->json->len), at);
}
