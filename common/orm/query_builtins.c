/*
 * query_builtins.c -- the vocabulary query text calls by name
 * (query_int.h): select, and_, or_, not_, desc, case, cast, literal,
 * exists, aliased, bindparam, union, tuple_, the loader option functions,
 * insert / update / delete, date / datetime / Decimal / UUID, join,
 * Bundle, Load, with_parent, dict, array, remote / foreign ..., each an
 * entry of q_builtins.  A builtin that is a stage's own (select(),
 * insert(), date() ...) is defined in that stage's piece; the rest are here.
 * text() and literal_column() run only where the caller allowed raw SQL
 * for the connection (OrmConn.allow_raw_sql; README "Raw SQL").
 *
 * Assumes: a builtin gets its call node and evaluates its own arguments
 * (through q_eval).  Called by query.c only; calls every piece below it.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"

#include <ctype.h>
#include <string.h>

/* ---- builtins ------------------------------------------------------------ */

/*
 * getattr(Post, key[, default]): the attribute named by a string the text
 * computes (a filter's key, a sort key), as Post.<key> evaluates it; with a
 * default, an unknown attribute of what the first argument is gives the
 * default (Python's AttributeError caught), any other error stays.
 */
static QVal *
qb_getattr(QEnv *e, const PyNode *call)
{
	PyNode	   *an;
	QVal	   *nv,
			   *v;
	const char *name;

	if (call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "getattr() takes no keyword arguments");
	if (call->nitems != 2 && call->nitems != 3)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "getattr expected 2 or 3 arguments, got %d",
					  call->nitems);
	for (int i = 0; i < call->nitems; i++)
		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "*arguments in getattr() are not supported");
	if (!q_eval(e, call->items[0]) || !(nv = q_eval(e, call->items[1])))
		return NULL;
	if (!(name = q_str_arg(nv)) || nv->kind != QV_LIT)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[1], "attribute name must be string");
	an = ORM_NEW(e->a, PyNode);
	*an = *call;
	an->kind = PY_ATTR;
	an->a = call->items[0];
	an->b = an->c = NULL;
	an->str = name;
	an->nitems = 0;
	an->items = an->values = an->kwvalues = NULL;
	an->nkw = 0;
	an->kwnames = NULL;
	v = q_eval(e, an);
	if (!v && call->nitems == 3 && e->ctx->err->code == ORM_ERR_UNKNOWN_ATTR)
	{
		orm_err_clear(e->ctx->err);
		return q_eval(e, call->items[2]);
	}
	return v;
}

/*
 * min(a, b, ...) / max(a, b, ...) / min(iterable) / max(iterable) of Python
 * values, compared as Python compares them (its TypeError between a str and
 * an int); key= and default= are refused.
 */
static QVal *
qb_minmax(QEnv *e, const PyNode *call, bool is_max)
{
	const char *fn = is_max ? "max" : "min";
	QVal	  **vals,
			   *best = NULL;
	int			n;

	if (call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "%s() with key= or default= is not supported", fn);
	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s expected at least 1 argument, got 0", fn);
	for (int i = 0; i < call->nitems; i++)
		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "*arguments in %s() are not supported", fn);
	if (call->nitems == 1)
	{
		QVal	   *l = q_arg(e, call, 0, fn);

		if (!l || !(l = q_iter_list(e, l, call->items[0])))
			return NULL;
		vals = l->items;
		n = l->n;
		if (n == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() arg is an empty sequence", fn);
	}
	else
	{
		n = call->nitems;
		vals = ORM_NEWN(e->a, QVal *, n);
		for (int i = 0; i < n; i++)
			if (!(vals[i] = q_arg(e, call, i, fn)))
				return NULL;
	}
	for (int i = 0; i < n; i++)
	{
		QVal	   *r;

		if (!best)
		{
			best = vals[i];
			continue;
		}
		/* Python keeps the first of equal values: replace only on a strict win */
		if (!(r = q_py_compare(e, is_max ? '>' : '<', vals[i], best, call)))
			return NULL;
		if (r->kind == QV_LIT && r->json->kind == JSON_TRUE)
			best = vals[i];
	}
	return best;
}

static QVal *
qb_min(QEnv *e, const PyNode *call)
{
	return qb_minmax(e, call, false);
}

static QVal *
qb_max(QEnv *e, const PyNode *call)
{
	return qb_minmax(e, call, true);
}

/* is b to come before a (b < a; reversed: a < b)?  1 / 0, -1 with the error */
static int
qb_before(QEnv *e, QVal *a, QVal *b, bool reverse, const PyNode *call)
{
	QVal	   *r = reverse ? q_py_compare(e, '<', a, b, call) : q_py_compare(e, '<', b, a, call);

	if (!r)
		return -1;
	return r->kind == QV_LIT && r->json->kind == JSON_TRUE;
}

/*
 * sorted(iterable, reverse=False): a new list in Python's order (a stable
 * merge sort on Python's comparison, its TypeError between a str and an
 * int); key= is refused.
 */
static QVal *
qb_sorted(QEnv *e, const PyNode *call)
{
	QVal	   *l,
			   *out,
			   *rv = NULL;
	QVal	  **a,
			  **tmp;
	bool		reverse = false;
	int			n;

	if (call->nitems != 1 || call->items[0]->kind == PY_STARRED)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "sorted expected 1 argument, got %d", call->nitems);
	for (int i = 0; i < call->nkw; i++)
		if (!call->kwnames[i] || strcmp(call->kwnames[i], "reverse") != 0)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->kwvalues[i],
						  "sorted() with key= is not supported: sort in the statement (order_by)");
	if (q_kwarg(e, call, "reverse", &rv) < 0)
		return NULL;
	if (rv)
	{
		int			t = q_truth(e, rv, call);

		if (t < 0)
			return NULL;
		reverse = t;
	}
	if (!(l = q_arg(e, call, 0, "sorted")) || !(l = q_iter_list(e, l, call->items[0])))
		return NULL;
	n = l->n;
	a = ORM_NEWN(e->a, QVal *, n + 1);
	tmp = ORM_NEWN(e->a, QVal *, n + 1);
	for (int i = 0; i < n; i++)
		a[i] = l->items[i];
	for (int w = 1; w < n; w *= 2)
		for (int lo = 0; lo < n - w; lo += 2 * w)
		{
			int			mid = lo + w,
						hi = lo + 2 * w < n ? lo + 2 * w : n,
						i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
			{
				int			b = qb_before(e, a[i], a[j], reverse, call);

				if (b < 0)
					return NULL;
				tmp[k++] = b ? a[j++] : a[i++];
			}
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
			for (k = lo; k < hi; k++)
				a[k] = tmp[k];
		}
	out = q_new(e, QV_LIST, call);
	out->n = n;
	out->items = a;
	out->depth = 1;
	return n ? q_list_depth(e, out) : out;
}

/* sum(iterable, start=0) of Python numbers */
static QVal *
qb_sum(QEnv *e, const PyNode *call)
{
	QVal	   *l,
			   *acc = NULL;

	if (call->nitems < 1 || call->nitems > 2 || call->nkw > 1 ||
		call->items[0]->kind == PY_STARRED)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "sum() takes an iterable and a start value");
	if (call->nitems == 2 && !(acc = q_arg(e, call, 1, "sum")))
		return NULL;
	if (!acc && q_kwarg(e, call, "start", &acc) < 0)
		return NULL;
	if (!acc)
		acc = q_lit(e, json_new_int(e->a, 0), call);
	if (!(l = q_arg(e, call, 0, "sum")) || !(l = q_iter_list(e, l, call->items[0])))
		return NULL;
	for (int i = 0; i < l->n; i++)
	{
		QVal	   *x = l->items[i];

		if (!q_is_number_lit(acc) || !q_is_number_lit(x))
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
						  "sum() of values other than int and float is not supported");
		acc = acc->json->is_int && x->json->is_int ?
			q_fold_int(e, '+', acc->json->ival, x->json->ival, call) :
			q_fold_float(e, '+', acc->json->dval, x->json->dval, call);
		if (!acc)
			return NULL;
	}
	return acc;
}

/* ---- str methods of Python strings in the text (s.lower(), s.split(",")) -- */

static bool
qb_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char) s[i] >= 0x80)
			return false;
	return true;
}

static bool
qb_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static const JsonValue *
qb_str_of(QVal *v)
{
	return v && v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_STRING ? v->json : NULL;
}

static QVal *
qb_strval(QEnv *e, const char *s, size_t n, const PyNode *at)
{
	return q_lit(e, json_new_string(e->a, orm_strndup(e->a, s, n), n), at);
}

/* s.strip([chars]) / lstrip / rstrip */
static QVal *
qb_str_strip(QEnv *e, const JsonValue *j, int which, const PyNode *call)
{
	const char *s = j->str,
			   *chars = NULL;
	size_t		b = 0,
				end = j->len,
				nchars = 0;

	if (call->nitems > 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "strip expected at most 1 argument, got %d", call->nitems);
	if (call->nitems == 1)
	{
		QVal	   *c = q_arg(e, call, 0, "strip");
		const JsonValue *cj;

		if (!c)
			return NULL;
		if (!(c->kind == QV_LIT && c->json->kind == JSON_NULL))
		{
			if (!(cj = qb_str_of(c)))
				return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "strip arg must be None or str");
			if (!qb_ascii(cj->str, cj->len))
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[0],
							  "strip() of non-ASCII characters is not supported");
			chars = cj->str;
			nchars = cj->len;
		}
	}
#define QB_STRIPS(c) (chars ? memchr(chars, (c), nchars) != NULL : qb_is_space(c))
	if (which <= 0)
		while (b < end && QB_STRIPS(s[b]))
			b++;
	if (which >= 0)
		while (end > b && QB_STRIPS(s[end - 1]))
			end--;
#undef QB_STRIPS
	return qb_strval(e, s + b, end - b, call);
}

/* s.split(sep=None, maxsplit=-1) */
static QVal *
qb_str_split(QEnv *e, const JsonValue *j, const PyNode *call)
{
	const JsonValue *sep = NULL;
	int64_t		maxsplit = -1;
	QVal	   *l,
			   *v;
	const char *s = j->str;
	size_t		n = j->len,
				i = 0;

	if (call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "keyword arguments of split() are not supported");
	if (call->nitems > 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "split expected at most 2 arguments, got %d", call->nitems);
	if (call->nitems >= 1)
	{
		if (!(v = q_arg(e, call, 0, "split")))
			return NULL;
		if (!(v->kind == QV_LIT && v->json->kind == JSON_NULL))
		{
			if (!(sep = qb_str_of(v)))
				return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "must be str or None");
			if (sep->len == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "ValueError: empty separator");
		}
	}
	if (call->nitems == 2)
	{
		if (!(v = q_arg(e, call, 1, "split")))
			return NULL;
		if (v->kind != QV_LIT || v->json->kind != JSON_NUMBER || !v->json->is_int)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[1], "'maxsplit' must be an integer");
		maxsplit = v->json->ival;
	}
	if (!sep && !qb_ascii(s, n))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "split() on whitespace of a non-ASCII string is not supported");
	l = q_new(e, QV_LIST, call);
	l->depth = 1;
	l->items = ORM_NEWN(e->a, QVal *, n + 2);
	if (!sep)
	{
		while (i < n)
		{
			size_t		b;

			while (i < n && qb_is_space(s[i]))
				i++;
			if (i >= n)
				break;
			if (maxsplit >= 0 && l->n >= maxsplit)
			{
				size_t		end = n;

				while (end > i && qb_is_space(s[end - 1]))
					end--;
				l->items[l->n++] = qb_strval(e, s + i, end - i, call);
				break;
			}
			b = i;
			while (i < n && !qb_is_space(s[i]))
				i++;
			l->items[l->n++] = qb_strval(e, s + b, i - b, call);
		}
		return l;
	}
	for (;;)
	{
		const char *hit = (maxsplit >= 0 && l->n >= maxsplit) ? NULL :
			(const char *) memmem(s + i, n - i, sep->str, sep->len);

		if (!hit)
		{
			l->items[l->n++] = qb_strval(e, s + i, n - i, call);
			break;
		}
		l->items[l->n++] = qb_strval(e, s + i, (size_t) (hit - (s + i)), call);
		i = (size_t) (hit - s) + sep->len;
	}
	return l;
}

/* s.startswith(p | (p, ...)) / s.endswith(...) */
static QVal *
qb_str_affix(QEnv *e, const JsonValue *j, bool start, const PyNode *call)
{
	const char *fn = start ? "startswith" : "endswith";
	QVal	   *a,
			  **alts;
	int			nalts;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "%s() takes one prefix (or a tuple of them) here", fn);
	if (!(a = q_arg(e, call, 0, fn)))
		return NULL;
	if (a->kind == QV_LIST)
	{
		alts = a->items;
		nalts = a->n;
	}
	else
	{
		alts = &a;
		nalts = 1;
	}
	for (int i = 0; i < nalts; i++)
	{
		const JsonValue *p = qb_str_of(alts[i]);

		if (!p)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0],
						  "%s first arg must be str or a tuple of str", fn);
		if (p->len <= j->len &&
			memcmp(start ? j->str : j->str + j->len - p->len, p->str, p->len) == 0)
			return q_lit(e, json_new(e->a, JSON_TRUE), call);
	}
	return q_lit(e, json_new(e->a, JSON_FALSE), call);
}

/*
 * int(x) / str(x) / bool(x) of Python values (a page number given as text,
 * a key built from a number): int of an int, a bool, a float (truncated) or
 * a decimal string (Python's ValueError otherwise); str of a str, an int, a
 * bool or None (a float's repr is refused); bool as Python's truth (an SQL
 * clause's is SQLAlchemy's TypeError, as in if).
 */
static QVal *
qb_conv(QEnv *e, const PyNode *call, const char *fn)
{
	QVal	   *v;
	const JsonValue *j;

	if (call->nkw > 0 || call->nitems > 1 || (call->nitems == 1 && call->items[0]->kind == PY_STARRED))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "%s() takes one positional argument here", fn);
	if (call->nitems == 0)
		return q_lit(e, fn[0] == 'i' ? json_new_int(e->a, 0) : fn[0] == 'b' ? json_new(e->a, JSON_FALSE) :
					 json_new_string(e->a, "", 0), call);
	if (!(v = q_arg(e, call, 0, fn)))
		return NULL;
	if (fn[0] == 'b')
	{
		int			t = q_truth(e, v, call->items[0]);

		return t < 0 ? NULL : q_lit(e, json_new(e->a, t ? JSON_TRUE : JSON_FALSE), call);
	}
	if (fn[0] == 's' && v->kind == QV_LIT && v->has_tval)
		return q_temporal_str(e, v, call);	/* str(date): query_pydates.c */
	j = v->kind == QV_LIT && !v->lit_type ? v->json : NULL;
	if (fn[0] == 'i')
	{
		if (j && j->kind == JSON_NUMBER && j->is_int)
			return v;
		if (j && (j->kind == JSON_TRUE || j->kind == JSON_FALSE))
			return q_lit(e, json_new_int(e->a, j->kind == JSON_TRUE), call);
		if (j && j->kind == JSON_NUMBER)
		{
			if (!(j->dval > -9.2e18 && j->dval < 9.2e18))
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "int() of %s is out of the 64-bit range", j->str);
			return q_lit(e, json_new_int(e->a, (int64_t) j->dval), call);
		}
		if (j && j->kind == JSON_STRING)
		{
			const char *p = j->str,
					   *end = j->str + j->len;
			bool		neg = false,
						any = false,
						under_ok = false;
			int64_t		n = 0;

			while (p < end && qb_is_space(*p))
				p++;
			while (end > p && qb_is_space(end[-1]))
				end--;
			if (p < end && (*p == '+' || *p == '-'))
				neg = *p++ == '-';
			for (; p < end; p++)
			{
				if (*p == '_' && under_ok && p + 1 < end && p[1] >= '0' && p[1] <= '9')
				{
					under_ok = false;
					continue;
				}
				if (*p < '0' || *p > '9')
					break;
				if (__builtin_mul_overflow(n, 10, &n) ||
					(neg ? __builtin_sub_overflow(n, *p - '0', &n) : __builtin_add_overflow(n, *p - '0', &n)))
					return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "int() of a number outside the 64-bit range");
				any = under_ok = true;
			}
			if (!any || p != end)
				return Q_FAIL(e, ORM_ERR_QUERY, call, "ValueError: invalid literal for int() with base 10: '%.*s'",
							  (int) (j->len > 60 ? 60 : j->len), j->str);
			return q_lit(e, json_new_int(e->a, n), call);
		}
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "int() argument must be a string, a bytes-like object or a real number, not '%s'",
					  q_py_type_name(v));
	}
	/* str() */
	if (j && j->kind == JSON_STRING)
		return v;
	if (j && j->kind == JSON_NUMBER && j->is_int)
	{
		const char *t = orm_sprintf(e->a, "%lld", (long long) j->ival);

		return q_lit(e, json_new_string(e->a, t, strlen(t)), call);
	}
	if (j && (j->kind == JSON_TRUE || j->kind == JSON_FALSE || j->kind == JSON_NULL))
	{
		const char *t = j->kind == JSON_TRUE ? "True" : j->kind == JSON_FALSE ? "False" : "None";

		return q_lit(e, json_new_string(e->a, t, strlen(t)), call);
	}
	return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "str() of a %s is not supported", q_py_type_name(v));
}

/* list(x) / tuple(x): a new list (tuple) of an iterable's items (a dict's keys) */
static QVal *
qb_seq(QEnv *e, const PyNode *call, bool tuple)
{
	const char *fn = tuple ? "tuple" : "list";
	PyNode	   *ln = ORM_NEW(e->a, PyNode);
	QVal	   *v = NULL,
			   *l;

	if (call->nkw > 0 || call->nitems > 1 || (call->nitems == 1 && call->items[0]->kind == PY_STARRED))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s expected at most 1 argument", fn);
	if (call->nitems == 1 &&
		(!(v = q_arg(e, call, 0, fn)) || !(v = q_iter_list(e, v, call->items[0]))))
		return NULL;
	*ln = *call;
	ln->kind = tuple ? PY_TUPLE : PY_LIST;
	l = q_new(e, QV_LIST, ln);
	l->n = v ? v->n : 0;
	l->items = ORM_NEWN(e->a, QVal *, l->n + 1);
	for (int i = 0; i < l->n; i++)
		l->items[i] = v->items[i];
	l->depth = 1;
	return l->n ? q_list_depth(e, l) : l;
}

static QVal *
qb_list(QEnv *e, const PyNode *call)
{
	return qb_seq(e, call, false);
}

static QVal *
qb_pytuple(QEnv *e, const PyNode *call)
{
	return qb_seq(e, call, true);
}

static QVal *
qb_int(QEnv *e, const PyNode *call)
{
	return qb_conv(e, call, "int");
}

static QVal *
qb_str(QEnv *e, const PyNode *call)
{
	return qb_conv(e, call, "str");
}

static QVal *
qb_bool(QEnv *e, const PyNode *call)
{
	return qb_conv(e, call, "bool");
}

/*
 * A Python string's method: lower(), upper() (ASCII strings; others
 * refused), strip() / lstrip() / rstrip(), split(), startswith(),
 * endswith(), replace(old, new).  NULL without an error: not one of these
 * (the caller goes on as before).
 */
QVal *
q_str_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	const JsonValue *j = qb_str_of(recv);

	if (!j)
		return NULL;
	if (strcmp(m, "lower") == 0 || strcmp(m, "upper") == 0)
	{
		char	   *out;

		if (call->nitems || call->nkw)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "str.%s() takes no arguments", m);
		if (!qb_ascii(j->str, j->len))
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "str.%s() of a non-ASCII string is not supported", m);
		out = orm_strndup(e->a, j->str, j->len);
		for (size_t i = 0; i < j->len; i++)
			out[i] = (char) (m[0] == 'l' ? tolower((unsigned char) out[i]) : toupper((unsigned char) out[i]));
		return q_lit(e, json_new_string(e->a, out, j->len), call);
	}
	if (strcmp(m, "strip") == 0 || strcmp(m, "lstrip") == 0 || strcmp(m, "rstrip") == 0)
	{
		if (call->nkw)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "str.%s() takes no keyword arguments", m);
		return qb_str_strip(e, j, m[0] == 'l' ? -1 : m[0] == 'r' ? 1 : 0, call);
	}
	if (strcmp(m, "split") == 0)
		return qb_str_split(e, j, call);
	if (strcmp(m, "startswith") == 0 || strcmp(m, "endswith") == 0)
		return qb_str_affix(e, j, m[0] == 's', call);
	if (strcmp(m, "join") == 0)
		return q_str_join(e, j, call);	/* query_pyiter.c */
	if (strcmp(m, "replace") == 0)
	{
		QVal	   *a,
				   *b;
		const JsonValue *o,
				   *r;
		OrmBuf		buf;
		size_t		i = 0;

		if (call->nitems != 2 || call->nkw)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "str.replace() takes two strings here");
		if (!(a = q_arg(e, call, 0, "replace")) || !(b = q_arg(e, call, 1, "replace")))
			return NULL;
		if (!(o = qb_str_of(a)) || !(r = qb_str_of(b)))
			return Q_FAIL(e, ORM_ERR_QUERY, call, "replace() argument must be str");
		if (o->len == 0)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "str.replace() of an empty string is not supported");
		orm_buf_init(&buf, e->a);
		for (;;)
		{
			const char *hit = (const char *) memmem(j->str + i, j->len - i, o->str, o->len);

			if (!hit)
			{
				orm_buf_put(&buf, j->str + i, j->len - i);
				break;
			}
			orm_buf_put(&buf, j->str + i, (size_t) (hit - (j->str + i)));
			orm_buf_put(&buf, r->str, r->len);
			i = (size_t) (hit - j->str) + o->len;
		}
		return qb_strval(e, buf.data ? buf.data : "", buf.len, call);
	}
	return NULL;
}

/* extract("year", col): the construct (func.extract is a plain function) */
static QVal *
qb_extract(QEnv *e, const PyNode *call)
{
	return q_func_call(e, "EXTRACT", call);
}

/*
 * remote(x) / foreign(x): the annotations of a relationship's criteria.
 * Evaluating a relationship's criteria (QEnv.remote_from set), remote(x)
 * names the target: the class of that FROM's table stands for it while x
 * is evaluated (on a self-referential relationship the class otherwise
 * names the parent).  foreign() changes nothing here; neither does either
 * in a statement.
 */
static QVal *
q_annotation(QEnv *e, const PyNode *call, bool remote)
{
	SxFrom	   *rf = remote ? e->remote_from : NULL;
	OrmPtrVec	swapped = {0};
	QVal	   *v;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes one expression",
					  remote ? "remote" : "foreign");
	for (int i = 0; rf && i < e->class_from.n; i++)
		if (((SxFrom *) e->class_from.items[i])->table == rf->table &&
			e->class_from.items[i] != rf)
		{
			orm_vec_push(e->a, &swapped, e->class_from.items[i]);
			orm_vec_push(e->a, &swapped, (void *) (intptr_t) i);
			e->class_from.items[i] = rf;
		}
	v = q_eval(e, call->items[0]);
	for (int k = 0; k + 1 < swapped.n; k += 2)
		e->class_from.items[(intptr_t) swapped.items[k + 1]] = swapped.items[k];
	return v;
}

static QVal *
qb_remote(QEnv *e, const PyNode *call)
{
	return q_annotation(e, call, true);
}

static QVal *
qb_foreign(QEnv *e, const PyNode *call)
{
	return q_annotation(e, call, false);
}

/*
 * text("SQL") and literal_column("x"): raw SQL.  Refused unless the caller
 * allows it for the connection (orm.allow_raw_sql on PostgreSQL,
 * orm_allow_raw_sql(1) on SQLite; README "Raw SQL"), so that query text is
 * safe to take from a less trusted source by default.  Allowed, the text
 * runs as written with the caller's rights; its :name placeholders are
 * bound parameters (values from .bindparams() or the call's params), never
 * spliced.
 */
static QVal *
qb_raw_sql(QEnv *e, const PyNode *call)
{
	const char *fn = call->a && call->a->kind == PY_NAME ? call->a->str : "text";
	bool		column = strcmp(fn, "literal_column") == 0;
	QVal	   *sv;
	SxExpr	   *x;
	OrmPtrVec	names = {0};
	const char *sql,
			   *p;

	if (!e->ctx->conn || !e->ctx->conn->allow_raw_sql)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "raw SQL (%s()) is not allowed: write the expression with the mapped "
					  "classes, or allow it for this connection (%s)", fn,
					  e->ctx->dialect->raw_sql_optin);
	if (call->nitems < 1 || call->nitems > (column ? 2 : 1))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes the SQL as a string", fn);
	if (!(sv = q_eval(e, call->items[0])))
		return NULL;
	if (!q_str_arg(sv))
		return Q_FAIL(e, ORM_ERR_QUERY, sv->node, "%s() takes the SQL as a string", fn);
	sql = q_str_arg(sv);
	x = q_sx(e, SX_RAW, NULL);
	x->name = sql;
	x->negated = column;
	if (column)
	{
		QVal	   *tv = NULL;

		if (call->nitems > 1 && !(tv = q_eval(e, call->items[1])))
			return NULL;
		if (!tv && q_kwarg(e, call, "type_", &tv) < 0)
			return NULL;
		if (tv && tv->kind != QV_TYPE)
			return Q_FAIL(e, ORM_ERR_QUERY, tv->node, "literal_column() takes a type second");
		x->type = tv ? tv->type : NULL;
		return q_expr_val(e, x, call);
	}
	/* :name placeholders, as SQLAlchemy's TextClause finds them
	 * ((?<![:\w\\]):(\w+)(?!:)); values from the call's params for now */
	for (p = sql; *p; p++)
	{
		const char *q;

		if (*p != ':' || (p > sql && (p[-1] == ':' || p[-1] == '\\' || p[-1] == '_' ||
									  isalnum((unsigned char) p[-1]))))
			continue;
		for (q = p + 1; *q == '_' || isalnum((unsigned char) *q); q++)
			;
		if (q == p + 1 || *q == ':')
			continue;
		orm_vec_push(e->a, &names, (void *) orm_strndup(e->a, p + 1, (size_t) (q - p - 1)));
		p = q - 1;
	}
	x->nargs = names.n;
	x->args = ORM_NEWN(e->a, SxExpr *, names.n + 1);
	for (int i = 0; i < names.n; i++)
	{
		const JsonValue *j = e->params ? json_get(e->params, names.items[i]) : NULL;
		SxExpr	   *pv = NULL;

		if (j)
		{
			QVal	   *lv = q_lit_from_json(e, j, call);

			if (!(pv = q_to_expr(e, lv, NULL)))
				return NULL;
		}
		x->args[i] = sx_label(e->a, pv, names.items[i]);
	}
	return q_expr_val(e, x, call);
}

/* and_(a, b, *conds): a starred list's items are criteria too. */
static QVal *
q_bool_fn(QEnv *e, const PyNode *call, SxOp op)
{
	OrmPtrVec	xs = {0};
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		bool		star = call->items[i]->kind == PY_STARRED;

		if (!(v = q_eval(e, star ? call->items[i]->a : call->items[i])))
			return NULL;
		if (star && v->kind != QV_LIST)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "*arguments of and_() / or_() must be a list");
		for (int k = 0; k < (star ? v->n : 1); k++)
		{
			if (!(x = q_to_criterion(e, star ? v->items[k] : v, "and_() / or_()")))
				return NULL;
			orm_vec_push(e->a, &xs, x);
		}
	}
	if (xs.n == 0)				/* deprecated in SQLAlchemy, and no criterion */
		return q_expr_val(e, q_sx(e, SX_TRUE, &q_t_bool), call);
	return q_expr_val(e, q_boollist(e, op, xs.n, (SxExpr **) xs.items), call);
}

static QVal *
qb_and(QEnv *e, const PyNode *call)
{
	return q_bool_fn(e, call, SXOP_AND);
}

static QVal *
qb_or(QEnv *e, const PyNode *call)
{
	return q_bool_fn(e, call, SXOP_OR);
}

/*
 * aggregate_order_by(expr, *order_by) (sqlalchemy.dialects.postgresql): the
 * argument of an aggregate, "expr ORDER BY ...", as in
 * func.array_agg(aggregate_order_by(Tag.name, Tag.name.desc())).  The
 * compiler knows it by its name, which no func.<name> can spell.
 */
static QVal *
qb_aggregate_order_by(QEnv *e, const PyNode *call)
{
	SxExpr	   *x = q_sx(e, SX_FUNC, NULL);
	QVal	   *v;

	if (call->nitems < 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "aggregate_order_by() takes an expression and an order");
	if (!e->ctx->dialect->has_pg_operators)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "aggregate_order_by() is PostgreSQL's; it is not supported on %s",
					  e->ctx->dialect->name);
	x->name = " aggregate_order_by";
	x->nargs = call->nitems;
	x->args = ORM_NEWN(e->a, SxExpr *, call->nitems + 1);
	for (int i = 0; i < call->nitems; i++)
	{
		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "*arguments are not supported here");
		if (!(v = q_eval(e, call->items[i])) || !(x->args[i] = q_to_expr(e, v, NULL)))
			return NULL;
	}
	x->type = x->args[0]->type;
	return q_expr_val(e, x, call);
}

static QVal *
qb_not(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "not_");
	SxExpr	   *x;

	if (!v || !(x = q_to_expr(e, v, NULL)))
		return NULL;
	return q_expr_val(e, q_negate(e, x), call);
}

static QVal *
qb_desc(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "desc");

	return v ? q_order_of(e, v, 1, 0, call) : NULL;
}

static QVal *
qb_asc(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "asc");

	return v ? q_order_of(e, v, 0, 0, call) : NULL;
}

static QVal *
qb_nulls_first(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "nulls_first");

	return v ? q_order_of(e, v, -1, 1, call) : NULL;
}

static QVal *
qb_nulls_last(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "nulls_last");

	return v ? q_order_of(e, v, -1, 2, call) : NULL;
}

/* case((cond, value), ..., else_=x)  /  case({k: v, ...}, value=x, else_=) */
static QVal *
qb_case(QEnv *e, const PyNode *call)
{
	SxExpr	   *x = q_sx(e, SX_CASE, NULL);
	OrmPtrVec	whens = {0};
	QVal	   *v,
			   *valv = NULL,
			   *elsev = NULL;
	SxExpr	   *c,
			   *r;
	const OrmType *keyt,
			   *enumt = NULL;
	int			i;

	if (q_kwarg(e, call, "value", &valv) < 0 || q_kwarg(e, call, "else_", &elsev) < 0)
		return NULL;
	if (valv && !(x->left = q_to_expr(e, valv, NULL)))
		return NULL;
	/* the whens' values are bound by their own types, not value='s: SQLAlchemy
	 * coerces them without it, so an Enum's lookup does not apply to them */
	keyt = x->left ? x->left->type : NULL;
	if (keyt && keyt->kind == ORM_T_ENUM && keyt->enm)
		enumt = keyt;
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (v->kind == QV_DICT)
		{
			for (int k = 0; k < v->n; k++)
			{
				if (!(c = enumt ? q_enum_case_key(e, v->items[k], enumt) :
					  q_to_expr(e, v->items[k], keyt)) ||
					!(r = q_to_expr(e, v->values[k], NULL)))
					return NULL;
				orm_vec_push(e->a, &whens, c);
				orm_vec_push(e->a, &whens, r);
				x->type = x->type ? x->type : r->type;
			}
			continue;
		}
		if (v->kind != QV_LIST || v->n != 2)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i],
						  "case() takes (condition, value) pairs");
		/* without value=, a when is a criterion (a bound "x" would be a constant) */
		if (!(c = enumt ? q_enum_case_key(e, v->items[0], enumt) :
			  x->left ? q_to_expr(e, v->items[0], keyt) :
			  q_to_criterion(e, v->items[0], "a case() condition")) ||
			!(r = q_to_expr(e, v->items[1], NULL)))
			return NULL;
		orm_vec_push(e->a, &whens, c);
		orm_vec_push(e->a, &whens, r);
		if (!x->type)
			x->type = r->type;
	}
	if (whens.n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "case() needs at least one when");
	if (elsev && !(x->right = q_to_expr(e, elsev, x->type)))
		return NULL;
	x->nargs = whens.n;
	x->args = (SxExpr **) whens.items;
	return q_expr_val(e, x, call);
}

static QVal *
q_cast_fn(QEnv *e, const PyNode *call, SxKind kind)
{
	QVal	   *v = q_arg(e, call, 0, "cast"),
			   *tv;

	if (!v || !(tv = q_arg(e, call, 1, "cast")))
		return NULL;
	return q_cast_to(e, v, tv, kind, call);
}

static QVal *
qb_cast(QEnv *e, const PyNode *call)
{
	return q_cast_fn(e, call, SX_CAST);
}

static QVal *
qb_type_coerce(QEnv *e, const PyNode *call)
{
	return q_cast_fn(e, call, SX_TYPE_COERCE);
}

static QVal *
qb_literal(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "literal"),
			   *tv = NULL;
	SxExpr	   *x;

	if (!v)
		return NULL;
	if (call->nitems > 1 && !(tv = q_eval(e, call->items[1])))
		return NULL;
	if (!(x = q_to_expr(e, v, tv && tv->kind == QV_TYPE ? tv->type : NULL)))
		return NULL;
	return q_expr_val(e, x, call);
}

static QVal *
qb_null(QEnv *e, const PyNode *call)
{
	return q_expr_val(e, q_sx(e, SX_NULL, &q_t_null), call);
}

static QVal *
qb_true(QEnv *e, const PyNode *call)
{
	return q_expr_val(e, q_sx(e, SX_TRUE, &q_t_bool), call);
}

static QVal *
qb_false(QEnv *e, const PyNode *call)
{
	return q_expr_val(e, q_sx(e, SX_FALSE, &q_t_bool), call);
}

/* exists() / exists(select) / exists(col...) */
static QVal *
qb_exists(QEnv *e, const PyNode *call)
{
	SxExpr	   *x = q_sx(e, SX_EXISTS, &q_t_bool);
	QVal	   *v;
	int			i;

	if (call->nitems == 1)
	{
		if (!(v = q_eval(e, call->items[0])))
			return NULL;
		if (v->kind == QV_SELECT)
		{
			x->select = v->sel;
			return q_expr_val(e, x, call);
		}
	}
	x->select = sx_select_new(e->a);
	x->select->line = call->line;
	x->select->col = call->col;
	for (i = 0; i < call->nitems; i++)
		if (!(v = q_eval(e, call->items[i])) || q_add_item(e, x->select, v) < 0)
			return NULL;
	return q_expr_val(e, x, call);
}

static QVal *
qb_aliased(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "aliased"),
			   *nv = NULL,
			   *kn = NULL;
	const char *name = NULL;
	int			err = 0;
	bool		flat,
				on_names;

	if (!v)
		return NULL;
	flat = q_kw_true(e, call, "flat", &err);
	if (err)
		return NULL;
	if (call->nitems > 1 && !(nv = q_eval(e, call->items[1])))
		return NULL;
	if (q_kwarg(e, call, "name", &kn) < 0)
		return NULL;
	if (kn && !q_str_arg(kn) && !q_is_lit_kind(kn, JSON_NULL))
		return Q_FAIL(e, ORM_ERR_QUERY, kn->node, "aliased(name=) takes a string");
	on_names = q_kw_true(e, call, "adapt_on_names", &err);
	if (err)
		return NULL;
	name = kn ? q_str_arg(kn) : NULL;
	if (nv)
	{
		if (q_str_arg(nv) && !kn)
			name = q_str_arg(nv);
		else if (nv->kind == QV_SUBQ && v->kind == QV_ENTITY)
			return q_subq_entity(e, v->cls, nv->from, name, on_names, call);
		else if (!q_is_lit_kind(nv, JSON_NULL))
			return Q_FAIL(e, ORM_ERR_QUERY, nv->node,
						  "aliased() takes a subquery or a name here");
	}
	if (v->kind == QV_ENTITY && v->from->union_type)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "aliased() of ConcreteBase class %s (an alias of its polymorphic union) "
					  "is not supported", v->cls->name);
	if (v->kind == QV_ENTITY)
	{
		SxFrom	   *f = q_alias_from(e, v->cls->table, v->cls, name);

		/* an alias of the entity's selectable: with_polymorphic() classes too */
		q_vec_copy(e->a, &f->poly, v->from->kind == SXF_TABLE && v->from->cls == v->cls ?
				   &v->from->poly : &v->cls->wp);
		f->flat = flat;
		f->wp = v->from->wp;
		return q_entity(e, f, call);
	}
	if (v->kind == QV_TABLE)
	{
		QVal	   *t = q_new(e, QV_TABLE, call);

		t->from = q_alias_from(e, v->from->table, NULL, name);
		return t;
	}
	if (v->kind == QV_SUBQ)
		return v;
	return Q_FAIL(e, ORM_ERR_QUERY, call, "aliased() takes a mapped class");
}

/*
 * with_polymorphic(Employee, [Manager, Engineer] | "*", aliased=, flat=,
 * innerjoin=): an entity of the base class whose FROM also joins the
 * subclasses' tables (sql/entity.h) and selects their columns; the classes
 * between a named subclass and the base come too, in SQLAlchemy's
 * self_and_descendants order.  Its subclasses are attributes of it
 * (wp.Manager.manager_name).
 */
static QVal *
qb_with_polymorphic(QEnv *e, const PyNode *call)
{
	QVal	   *bv = q_arg(e, call, 0, "with_polymorphic"),
			   *cv,
			   *kv;
	OrmPtrVec	want = {0},
				desc = {0};
	OrmClass   *base;
	SxFrom	   *f;
	const char *name = NULL;
	bool		aliased,
				flat,
				inner;
	int			err = 0;

	if (!bv)
		return NULL;
	if (bv->kind != QV_ENTITY || !bv->cls || !q_from_is_plain(bv->from))
		return Q_FAIL(e, ORM_ERR_QUERY, bv->node, "with_polymorphic() takes a mapped class first");
	base = bv->cls;
	if (!(cv = q_arg(e, call, 1, "with_polymorphic")))
		return NULL;
	aliased = q_kw_true(e, call, "aliased", &err);
	flat = q_kw_true(e, call, "flat", &err);
	inner = q_kw_true(e, call, "innerjoin", &err);
	if (err)
		return NULL;
	for (int i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];

		if (k && (strcmp(k, "aliased") == 0 || strcmp(k, "flat") == 0 ||
				  strcmp(k, "innerjoin") == 0 || strcmp(k, "name") == 0))
			continue;
		if (k && (strcmp(k, "selectable") == 0 || strcmp(k, "polymorphic_on") == 0) &&
			(kv = q_eval(e, call->kwvalues[i])) && (q_is_lit_kind(kv, JSON_NULL) ||
													q_is_lit_kind(kv, JSON_FALSE)))
			continue;
		if (e->ctx->err->code)
			return NULL;
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->kwvalues[i],
					  "with_polymorphic(%s=...) is not supported", k ? k : "**");
	}
	if (call->nitems > 2)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[2],
					  "with_polymorphic() with a selectable is not supported");
	if (q_kwarg(e, call, "name", &kv) < 0)
		return NULL;
	if (kv && !(name = q_str_arg(kv)) && !q_is_lit_kind(kv, JSON_NULL))
		return Q_FAIL(e, ORM_ERR_QUERY, kv->node, "with_polymorphic(name=...) takes a string");
	/* the classes: "*", or subclasses and the classes up to base */
	for (int q = -1; q < desc.n; q++)
	{
		const OrmClass *k = q < 0 ? base : desc.items[q];

		for (int i = 0; i < k->subclasses.n; i++)
			orm_vec_push(e->a, &desc, k->subclasses.items[i]);
	}
	if (q_str_arg(cv) && strcmp(q_str_arg(cv), "*") == 0)
		want = desc;
	else
	{
		QVal		one = {.kind = QV_LIST, .n = 1, .items = &cv};
		QVal	   *lv = cv->kind == QV_LIST ? cv : &one;

		for (int i = 0; i < lv->n; i++)
		{
			QVal	   *k = lv->items[i];

			if (k->kind != QV_ENTITY || !k->cls || !q_from_is_plain(k->from))
				return Q_FAIL(e, ORM_ERR_QUERY, k->node,
							  "with_polymorphic() takes \"*\" or a list of mapped classes");
			if (!orm_class_isa(k->cls, base))
				return Q_FAIL(e, ORM_ERR_QUERY, k->node, "%s is not a subclass of %s",
							  k->cls->name, base->name);
			for (OrmClass *c = k->cls; c && c != base; c = c->inherits)
				orm_vec_push(e->a, &want, c);
		}
	}
	f = sx_from_table(e->a, base->table, base);
	for (int i = 0; i < desc.n; i++)
		for (int j = 0; j < want.n; j++)
			if (want.items[j] == desc.items[i])
			{
				orm_vec_push(e->a, &f->poly, desc.items[i]);
				break;
			}
	f->is_alias = aliased || flat;
	f->flat = flat;
	f->name = f->is_alias ? name : NULL;
	f->wp = true;
	f->poly_inner = inner;
	return q_entity(e, f, call);
}

/* dict(a=1, b=2) / dict({...}) / dict([(k, v), ...]): a Python dict */
static QVal *
qb_dict(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_new(e, QV_DICT, call),
			   *src = NULL;
	OrmPtrVec	keys = {0},
				vals = {0};

	if (call->nitems > 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "dict() takes at most one positional argument");
	if (call->nitems == 1 && !(src = q_eval(e, call->items[0])))
		return NULL;
	if (src && src->kind != QV_DICT && src->kind != QV_LIST &&
		!(src = q_iter_list(e, src, call->items[0])))
		return NULL;			/* dict(session.query(User.id, User.name)): its rows */
	if (src && src->kind == QV_DICT)
		for (int i = 0; i < src->n; i++)
		{
			orm_vec_push(e->a, &keys, src->items[i]);
			orm_vec_push(e->a, &vals, src->values[i]);
		}
	else if (src && src->kind == QV_LIST)
		for (int i = 0; i < src->n; i++)
		{
			QVal	   *p = src->items[i];

			if (p->kind != QV_LIST || p->n != 2)
				return Q_FAIL(e, ORM_ERR_QUERY, p->node, "dict() takes (key, value) pairs");
			orm_vec_push(e->a, &keys, p->items[0]);
			orm_vec_push(e->a, &vals, p->items[1]);
		}
	else if (src)
		return Q_FAIL(e, ORM_ERR_QUERY, src->node, "dict() takes a dict or (key, value) pairs");
	for (int i = 0; i < call->nkw; i++)
	{
		QVal	   *kv;

		if (!call->kwnames[i])
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "** in dict() is not supported");
		if (!(kv = q_eval(e, call->kwvalues[i])))
			return NULL;
		orm_vec_push(e->a, &keys, q_lit(e, json_new_string(e->a, call->kwnames[i],
														  strlen(call->kwnames[i])),
									   call->kwvalues[i]));
		orm_vec_push(e->a, &vals, kv);
	}
	v->n = keys.n;
	v->items = (QVal **) keys.items;
	v->values = (QVal **) vals.items;
	return v;
}

static QVal *
qb_bindparam(QEnv *e, const PyNode *call)
{
	QVal	   *kv = q_arg(e, call, 0, "bindparam"),
			   *v;
	const char *key;
	const JsonValue *j;
	int			err = 0;
	bool		expanding = q_kw_true(e, call, "expanding", &err);

	if (!kv || err)
		return NULL;
	if (!(key = q_str_arg(kv)))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "bindparam() takes a name");
	/*
	 * Its value, as SQLAlchemy takes it: the call's params (execute()'s)
	 * first, else what Select.params() gives it later, else value=; a
	 * bindparam() without either is bound NULL until params() names it
	 * (bind_pending: compiled without a value, it is an error).
	 */
	if (!e->params || !(j = json_get(e->params, key)))
	{
		if (call->nitems > 1 || py_kwarg(call, "value"))
		{
			if (call->nitems > 1)
				v = q_eval(e, call->items[1]);
			else if (q_kwarg(e, call, "value", &v) < 0)
				return NULL;
			if (!v || v->kind != QV_LIT)
				return v;
			{
				QVal	   *c = q_new(e, QV_LIT, v->node);

				*c = *v;
				v = c;
			}
		}
		else if (expanding)
			return Q_FAIL(e, ORM_ERR_PARAM, call, "no value for bindparam \"%s\" in params", key);
		else
		{
			v = q_lit_from_json(e, json_new(e->a, JSON_NULL), call);
			if (!v)
				return NULL;
			v->bind_pending = true;
		}
		v->param_key = key;
		v->bind_soft = true;
		return v;
	}
	if (e->bound)
		orm_vec_push(e->a, e->bound, (void *) key);
	v = q_lit_from_json(e, j, call);
	if (!v)
		return NULL;
	/* expanding=True: a list, one bound parameter per item (in_() takes it) */
	if (expanding && v->kind != QV_LIST)
		return Q_FAIL(e, ORM_ERR_PARAM, call,
					  "bindparam(\"%s\", expanding=True) needs a list in params", key);
	if (v->kind == QV_LIT)
		v->param_key = key;
	return v;
}

static QVal *
q_compound_fn(QEnv *e, const PyNode *call, SxCompound kind)
{
	SxSelect   *s = sx_select_new(e->a);
	QVal	   *v;
	int			i;

	s->compound = kind;
	s->line = call->line;
	s->col = call->col;
	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "a set operation needs at least one select()");
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (v->kind != QV_SELECT)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "expected a select()");
		orm_vec_push(e->a, &s->parts, v->sel);
	}
	if (q_union_entity_refuse(e, s, call) < 0)
		return NULL;
	q_vec_copy(e->a, &s->items, &((SxSelect *) s->parts.items[0])->items);
	return q_sel_val(e, s, call);
}

static QVal *
qb_union(QEnv *e, const PyNode *call)
{
	return q_compound_fn(e, call, SXC_UNION);
}

static QVal *
qb_union_all(QEnv *e, const PyNode *call)
{
	return q_compound_fn(e, call, SXC_UNION_ALL);
}

static QVal *
qb_intersect(QEnv *e, const PyNode *call)
{
	return q_compound_fn(e, call, SXC_INTERSECT);
}

static QVal *
qb_except(QEnv *e, const PyNode *call)
{
	return q_compound_fn(e, call, SXC_EXCEPT);
}

static QVal *
qb_distinct(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "distinct");
	SxExpr	   *x,
			   *d;

	if (!v || !(x = q_to_expr(e, v, NULL)))
		return NULL;
	d = q_sx(e, SX_DISTINCT, x->type);
	d->left = x;
	return q_expr_val(e, d, call);
}

static QVal *
qb_tuple(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_new(e, QV_LIST, call);
	int			i;

	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "tuple_() needs at least one element");
	v->n = call->nitems;
	v->items = ORM_NEWN(e->a, QVal *, v->n + 1);
	for (i = 0; i < v->n; i++)
		if (!(v->items[i] = q_eval(e, call->items[i])))
			return NULL;
	if (!q_list_depth(e, v))
		return NULL;
	return q_expr_val(e, q_tuple(e, v, NULL), call);
}

static QVal *
qb_between(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "between");

	return v ? q_between_fn(e, v, call) : NULL;
}

static QVal *
qb_over(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "over");

	return v ? q_func_over(e, v, call) : NULL;
}

static QVal *
q_loader_builtin(QEnv *e, const PyNode *call, const char *name)
{
	OrmLazy		lazy;

	if (q_loader_lazy(name, &lazy) < 0)
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, name, NULL, "unknown loader option \"%s\"", name);
	return q_opt_step(e, NULL, lazy, call);
}

#define Q_LOADER_FN(nm) \
	static QVal *qb_##nm(QEnv *e, const PyNode *call) { return q_loader_builtin(e, call, #nm); }
Q_LOADER_FN(selectinload)
Q_LOADER_FN(joinedload)
Q_LOADER_FN(subqueryload)
Q_LOADER_FN(lazyload)
Q_LOADER_FN(contains_eager)
Q_LOADER_FN(raiseload)
Q_LOADER_FN(noload)
Q_LOADER_FN(defaultload)
Q_LOADER_FN(immediateload)

static QVal *
qb_column_opt(QEnv *e, const PyNode *call)
{
	const char *fn = call->a->kind == PY_NAME || call->a->kind == PY_ATTR ? call->a->str : "load_only";

	return q_col_opt(e, NULL, fn, call);
}

static QVal *
qb_any(QEnv *e, const PyNode *call)
{
	return q_any_all(e, call, false);
}

static QVal *
qb_all(QEnv *e, const PyNode *call)
{
	return q_any_all(e, call, true);
}

static const QBuiltin q_builtins[] = {
	{"any_", qb_any}, {"all_", qb_all},
	{"select", qb_select}, {"and_", qb_and}, {"or_", qb_or}, {"not_", qb_not},
	{"desc", qb_desc}, {"asc", qb_asc}, {"nulls_first", qb_nulls_first},
	{"nulls_last", qb_nulls_last}, {"nullsfirst", qb_nulls_first},
	{"nullslast", qb_nulls_last}, {"case", qb_case}, {"cast", qb_cast},
	{"type_coerce", qb_type_coerce}, {"literal", qb_literal}, {"null", qb_null},
	{"true", qb_true}, {"false", qb_false}, {"exists", qb_exists},
	{"aliased", qb_aliased}, {"bindparam", qb_bindparam}, {"union", qb_union},
	{"union_all", qb_union_all}, {"intersect", qb_intersect}, {"except_", qb_except},
	{"distinct", qb_distinct}, {"tuple_", qb_tuple}, {"between", qb_between},
	{"over", qb_over}, {"aggregate_order_by", qb_aggregate_order_by},
	{"selectinload", qb_selectinload}, {"joinedload", qb_joinedload},
	{"subqueryload", qb_subqueryload}, {"lazyload", qb_lazyload},
	{"contains_eager", qb_contains_eager}, {"raiseload", qb_raiseload},
	{"noload", qb_noload}, {"defaultload", qb_defaultload},
	{"immediateload", qb_immediateload}, {"Load", qb_load},
	{"with_polymorphic", qb_with_polymorphic}, {"selectin_polymorphic", q_selectin_polymorphic},
	{"with_loader_criteria", q_with_loader_criteria},
	{"insert", qb_insert}, {"update", qb_update}, {"delete", qb_delete},
	{"join", qb_join}, {"outerjoin", qb_outerjoin}, {"Bundle", q_bundle},
	{"remote", qb_remote}, {"foreign", qb_foreign}, {"dict", qb_dict},
	{"array", q_array_lit}, {"with_parent", q_with_parent},
	{"date", qb_date}, {"datetime", qb_datetime}, {"time", qb_time},
	{"timedelta", qb_timedelta}, {"Decimal", qb_decimal}, {"UUID", qb_uuid},
	{"text", qb_raw_sql}, {"literal_column", qb_raw_sql}, {"extract", qb_extract},
	{"Values", q_values_builtin}, {"values", q_values_builtin}, {"column", q_column_builtin},
	{"load_only", qb_column_opt}, {"defer", qb_column_opt}, {"undefer", qb_column_opt},
	{"undefer_group", qb_column_opt}, {"with_expression", qb_column_opt},
	{"len", qb_len}, {"range", qb_range}, {"enumerate", qb_enumerate}, {"zip", qb_zip},
	{"getattr", qb_getattr}, {"min", qb_min}, {"max", qb_max},
	{"sorted", qb_sorted}, {"sum", qb_sum},
	{"int", qb_int}, {"str", qb_str}, {"bool", qb_bool},
	{"list", qb_list}, {"tuple", qb_pytuple}, {"col", q_sqlmodel_col},
	{"type", qb_type}, {"isinstance", qb_isinstance}, {"any", qb_py_any}, {"all", qb_py_all},
};

/*
 * The words a query may call besides the builtins: the methods of a select,
 * a column expression, a relationship, a loader option and a DML statement
 * that the pieces of the evaluator answer to.  Only "did you mean" reads
 * this list (orm_query_word), so a word missing here costs a hint, no more.
 */
static const char *const q_method_words[] = {
	"where", "filter", "filter_by", "join", "outerjoin", "join_from", "select_from",
	"order_by", "group_by", "having", "limit", "offset", "slice", "distinct", "options",
	"union", "union_all", "intersect", "except_", "subquery", "scalar_subquery", "cte",
	"correlate", "exists", "label", "add_columns", "with_only_columns", "with_for_update",
	"execution_options", "alias", "returning", "values", "on_conflict_do_nothing",
	"on_conflict_do_update", "like", "ilike", "in_", "not_in", "is_", "is_not",
	"startswith", "endswith", "contains", "between", "desc", "asc", "nulls_first",
	"nulls_last", "any", "has", "and_", "as_string", "as_integer", "as_float",
	"as_boolean", "as_json", "selectinload", "joinedload", "subqueryload", "contains_eager",
	"lazyload", "raiseload", "noload", "defaultload", "load_only", "defer", "undefer",
	"undefer_group", "with_expression", "of_type", "lateral", "from_statement",
	"correlate_except", "outerjoin_from", "bindparams", "columns", "from_select", "over",
	"cast", "collate", "concat", "op", "bool_op", "all", "icontains", "istartswith",
	"iendswith", "not_like", "not_ilike", "is_distinct_from", "is_not_distinct_from",
	"as_numeric", "as_scalar", "contained_by", "overlap", "has_key", "has_any", "has_all",
	"table_valued", "column_valued", "render_derived", "within_group", "data",
};

const char *
orm_query_word(int i)
{
	int			nb = (int) (sizeof(q_builtins) / sizeof(q_builtins[0]));
	int			nm = (int) (sizeof(q_method_words) / sizeof(q_method_words[0]));

	if (i < 0)
		return NULL;
	if (i < nb)
		return q_builtins[i].name;
	return i - nb < nm ? q_method_words[i - nb] : NULL;
}

const QBuiltin *
q_builtin_lookup(const char *name)
{
	size_t		i;

	for (i = 0; i < sizeof(q_builtins) / sizeof(q_builtins[0]); i++)
		if (strcmp(q_builtins[i].name, name) == 0)
			return &q_builtins[i];
	return NULL;
}
