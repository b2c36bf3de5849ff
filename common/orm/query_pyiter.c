/*
 * query_pyiter.c -- Python builtins over the values a text iterates, as
 * application code uses them on what session calls return:
 *
 *   any(p.role == "owner" for p in conv.participants), all(...)
 *   ", ".join(u.handle for u in users)   (strings only: Python's TypeError
 *                                         for anything else)
 *
 * Assumes: called by query_builtins.c (the builtins and str methods).
 *
 * Must not: run a statement (the iterable's session call runs where it is
 * used, as any value's).
 */
#include "orm/query_int.h"

#include <string.h>

static QVal *
qi_anyall(QEnv *e, const PyNode *call, bool all)
{
	const char *fn = all ? "all" : "any";
	QVal	   *v;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes exactly one argument (%d given)", fn,
					  call->nitems + call->nkw);
	if (!(v = q_arg(e, call, 0, fn)) || !(v = q_iter_list(e, v, call->items[0])))
		return NULL;
	for (int i = 0; i < v->n; i++)
	{
		int			t = q_truth(e, v->items[i], call->items[0]);

		if (t < 0)
			return NULL;
		if (t != all)
			return q_lit(e, json_new(e->a, all ? JSON_FALSE : JSON_TRUE), call);
	}
	return q_lit(e, json_new(e->a, all ? JSON_TRUE : JSON_FALSE), call);
}

QVal *
qb_py_any(QEnv *e, const PyNode *call)
{
	return qi_anyall(e, call, false);
}

QVal *
qb_py_all(QEnv *e, const PyNode *call)
{
	return qi_anyall(e, call, true);
}

/* sep.join(iterable) of strings; sep is a string */
QVal *
q_str_join(QEnv *e, const JsonValue *sep, const PyNode *call)
{
	QVal	   *v;
	OrmBuf		b;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "str.join() takes exactly one argument");
	if (!(v = q_arg(e, call, 0, "join")) || !(v = q_iter_list(e, v, call->items[0])))
		return NULL;
	orm_buf_init(&b, e->a);
	for (int i = 0; i < v->n; i++)
	{
		const QVal *x = v->items[i];

		if (x->kind != QV_LIT || x->lit_type || x->json->kind != JSON_STRING)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "TypeError: sequence item %d: expected str instance, %s found", i,
						  q_py_type_name(x));
		if (i > 0)
			orm_buf_put(&b, sep->str, sep->len);
		orm_buf_put(&b, x->json->str, x->json->len);
	}
	return q_lit(e, json_new_string(e->a, b.data ? b.data : "", b.len), call);
}
