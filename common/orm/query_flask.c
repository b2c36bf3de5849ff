/*
 * query_flask.c -- the query text of Flask-SQLAlchemy 3.x and SQLModel
 * programs, on top of the session calls (query_session.c):
 *
 *   db.session.execute(db.select(User)...), db.select, db.func ...
 *                         db (a name the declarations bound to SQLAlchemy())
 *                         is a module alias, as sa is
 *   User.query            session.query(User), a legacy Query
 *   db.get_or_404(User, 1 [, description=])     session.get(), 404 when None
 *   db.first_or_404(stmt)                        session.execute(stmt).scalar(), 404 when None
 *   db.one_or_404(stmt)                          ....scalar_one(), 404 for none or many
 *   Query.get_or_404(id) / first_or_404() / one_or_404()
 *   db.paginate(stmt, page=, per_page=, max_per_page=, error_out=, count=)
 *   Query.paginate(...)   a Pagination as a JSON object:
 *       {"items": [...], "total": N|null, "page": p, "per_page": pp, "pages": n,
 *        "has_prev": b, "has_next": b, "prev_num": p-1|null, "next_num": p+1|null,
 *        "first": i, "last": j, "iter_pages": [1, 2, null, 5, ...]}
 *     (pagination.py: items = the statement's page, unique scalars; total =
 *      SELECT count(*) of the statement without ORDER BY as a subquery (a
 *      Query: its count()); the 404s of error_out)
 *   session.exec(stmt)    SQLModel's Session.exec: a select of one entity or
 *                         column gives its ScalarResult, else the Result
 *   col(Hero.age)         SQLModel's col(): the column itself
 *
 * A 404 is an error (ORM_ERR_NOTFOUND): "404 Not Found: <description>", the
 * text werkzeug's NotFound gives.
 *
 * Owns nothing: it rewrites each call into session and Result calls and
 * evaluates them through QEnv.
 */
#include <string.h>

#include "orm/query_int.h"
#include "orm/result.h"

#define QF_404 "The requested URL was not found on the server. If you entered the URL " \
	"manually please check your spelling and try again."

bool
q_fsa_namespace(QEnv *e, const char *name)
{
	const OrmPtrVec *v = &e->ctx->reg->namespaces;

	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i], name) == 0)
			return true;
	return false;
}

/* Places every node of n at (line, col): errors point at the call written. */
static void
qf_place(PyNode *n, const PyNode *at, int depth)
{
	if (!n || depth > 64)
		return;
	n->line = at->line;
	n->col = at->col;
	n->src = at->src;
	n->srclen = at->srclen;
	qf_place(n->a, at, depth + 1);
	qf_place(n->b, at, depth + 1);
	qf_place(n->c, at, depth + 1);
	for (int i = 0; i < n->nitems; i++)
	{
		qf_place(n->items[i], at, depth + 1);
		if (n->values)
			qf_place(n->values[i], at, depth + 1);
	}
	for (int i = 0; n->kwvalues && i < n->nkw; i++)
		qf_place(n->kwvalues[i], at, depth + 1);
}

/* Evaluates Python text (names bound with q_var_set) as written at `at`. */
static QVal *
qf_eval_text(QEnv *e, const char *text, const PyNode *at)
{
	OrmError	perr = {0};
	PyNode	   *n = py_parse_expr(e->a, text, &perr);

	if (!n)
		return Q_FAIL(e, ORM_ERR_INTERNAL, at, "could not build \"%s\"", text);
	qf_place(n, at, 0);
	return q_eval(e, n);
}

static QVal *
qf_int(QEnv *e, int64_t v, const PyNode *at)
{
	return q_lit(e, json_new_int(e->a, v), at);
}

/* A keyword argument's value as an integer (None: *isnull), or error. */
static int
qf_kw_int(QEnv *e, const PyNode *call, const char *name, int64_t *out, bool *given)
{
	const PyNode *k = py_kwarg(call, name);
	QVal	   *v;

	*given = false;
	if (!k)
		return 0;
	if (!(v = q_eval(e, k)))
		return -1;
	if (v->kind == QV_LIT && v->json->kind == JSON_NULL)
		return 0;
	if (v->kind != QV_LIT || !(v->json->kind == JSON_NUMBER && v->json->is_int))
	{
		Q_FAIL(e, ORM_ERR_QUERY, k, "%s= takes an int", name);
		return -1;
	}
	*out = v->json->ival;
	*given = true;
	return 0;
}

static int
qf_kw_bool(QEnv *e, const PyNode *call, const char *name, bool dflt, bool *out)
{
	const PyNode *k = py_kwarg(call, name);
	QVal	   *v;

	*out = dflt;
	if (!k)
		return 0;
	if (!(v = q_eval(e, k)))
		return -1;
	if (v->kind != QV_LIT || (v->json->kind != JSON_TRUE && v->json->kind != JSON_FALSE))
	{
		Q_FAIL(e, ORM_ERR_QUERY, k, "%s= takes True or False", name);
		return -1;
	}
	*out = v->json->kind == JSON_TRUE;
	return 0;
}

/* Only the keywords in ok (NULL-terminated) are taken. */
static int
qf_check_kw(QEnv *e, const PyNode *call, const char *fname, const char *const *ok)
{
	for (int i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];
		int			j;

		for (j = 0; k && ok[j]; j++)
			if (strcmp(ok[j], k) == 0)
				break;
		if (!k || !ok[j])
		{
			Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "%s() got an unexpected keyword argument '%s'",
				   fname, k ? k : "**");
			return -1;
		}
	}
	return 0;
}

static const char *
qf_description(QEnv *e, const PyNode *call, int *err)
{
	const PyNode *k = py_kwarg(call, "description");
	QVal	   *v;

	*err = 0;
	if (!k)
		return QF_404;
	if (!(v = q_eval(e, k)))
	{
		*err = -1;
		return NULL;
	}
	if (v->kind == QV_LIT && v->json->kind == JSON_NULL)
		return QF_404;
	if (v->kind != QV_LIT || v->json->kind != JSON_STRING)
	{
		Q_FAIL(e, ORM_ERR_QUERY, k, "description= takes a string");
		*err = -1;
		return NULL;
	}
	return orm_strndup(e->a, v->json->str, v->json->len);
}

/* v (a session call's terminal) aborts with 404 where it has no value. */
static QVal *
qf_mark_404(QEnv *e, QVal *v, const char *desc, const PyNode *at)
{
	OrmShape   *sh;

	if (!v)
		return NULL;
	if (v->kind != QV_RESULT || !v->shape)
		return Q_FAIL(e, ORM_ERR_INTERNAL, at, "a 404 call did not make a result");
	sh = ORM_NEW(e->a, OrmShape);
	*sh = *v->shape;
	sh->abort404 = orm_sprintf(e->a, "404 Not Found: %s", desc);
	sh->line = at->line;
	sh->col = at->col;
	v->shape = sh;
	return v;
}

static bool
qf_is_query(const QVal *v)
{
	return v && v->kind == QV_SELECT && v->sel && v->sel->legacy_query;
}

/* ---- paginate ------------------------------------------------------------ */

static QVal *
qf_key(QEnv *e, QVal *d, const char *k, QVal *v)
{
	d->items[d->n] = q_lit(e, json_new_string(e->a, k, strlen(k)), d->node);
	d->values[d->n++] = v;
	return v;
}

static QVal *
qf_bool(QEnv *e, bool b, const PyNode *at)
{
	return q_lit(e, json_new(e->a, b ? JSON_TRUE : JSON_FALSE), at);
}

static QVal *
qf_null(QEnv *e, const PyNode *at)
{
	return q_lit(e, json_new(e->a, JSON_NULL), at);
}

static QVal *
qf_int_or_null(QEnv *e, bool has, int64_t v, const PyNode *at)
{
	return has ? qf_int(e, v, at) : qf_null(e, at);
}

typedef struct QfEdges
{
	int64_t		left_edge,
				left_current,
				right_current,
				right_edge;
} QfEdges;

static const QfEdges qf_default_edges = {2, 2, 4, 2};

/* pagination.py's iter_pages(): page numbers, None for a gap. */
static QVal *
qf_iter_pages(QEnv *e, int64_t page, int64_t pages, const QfEdges *ed, const PyNode *at)
{
	QVal	   *l = q_new(e, QV_LIST, at);
	OrmPtrVec	it = {0};
	int64_t		end = pages + 1,
				left_end,
				mid_start,
				mid_end,
				right_start;

	l->depth = 1;
	if (pages > 100000)
		pages = 100000, end = pages + 1;	/* a bound: the middle is small anyway */
	if (end != 1)
	{
		left_end = 1 + ed->left_edge < end ? 1 + ed->left_edge : end;
		for (int64_t p = 1; p < left_end; p++)
			orm_vec_push(e->a, &it, qf_int(e, p, at));
		if (left_end != end)
		{
			mid_start = left_end > page - ed->left_current ? left_end : page - ed->left_current;
			mid_end = page + ed->right_current + 1 < end ? page + ed->right_current + 1 : end;
			if (mid_start - left_end > 0)
				orm_vec_push(e->a, &it, qf_null(e, at));
			for (int64_t p = mid_start; p < mid_end; p++)
				orm_vec_push(e->a, &it, qf_int(e, p, at));
			if (mid_end != end)
			{
				right_start = mid_end > end - ed->right_edge ? mid_end : end - ed->right_edge;
				if (right_start - mid_end > 0)
					orm_vec_push(e->a, &it, qf_null(e, at));
				for (int64_t p = right_start; p < end; p++)
					orm_vec_push(e->a, &it, qf_int(e, p, at));
			}
		}
	}
	l->n = it.n;
	l->items = it.n > 0 ? (QVal **) it.items : ORM_NEWN(e->a, QVal *, 1);
	return l;
}

static QVal *
qf_paginate(QEnv *e, QVal *stmt, const PyNode *call, bool query)
{
	static const char *const kws[] = {"page", "per_page", "max_per_page", "error_out", "count",
	NULL};
	int64_t		page = 1,
				per_page = 20,
				maxpp = 0,
				total = 0,
				pages,
				n,
				first,
				last;
	bool		g,
				gmax,
				error_out,
				count;
	QVal	   *items,
			   *tot = NULL,
			   *d;

	if (qf_check_kw(e, call, "paginate", kws) < 0)
		return NULL;
	if (qf_kw_int(e, call, "page", &page, &g) < 0 || (!g && (page = 1, false)) ||
		qf_kw_int(e, call, "per_page", &per_page, &g) < 0 || (!g && (per_page = 20, false)) ||
		qf_kw_int(e, call, "max_per_page", &maxpp, &gmax) < 0 ||
		qf_kw_bool(e, call, "error_out", true, &error_out) < 0 ||
		qf_kw_bool(e, call, "count", true, &count) < 0)
		return NULL;
	if (gmax && per_page > maxpp)
		per_page = maxpp;
	if (page < 1)
	{
		if (error_out)
			return Q_FAIL(e, ORM_ERR_NOTFOUND, call, "404 Not Found: %s", QF_404);
		page = 1;
	}
	if (per_page < 1)
	{
		if (error_out)
			return Q_FAIL(e, ORM_ERR_NOTFOUND, call, "404 Not Found: %s", QF_404);
		per_page = 20;
	}
	if (page > INT64_MAX / per_page)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "page %lld is out of range", (long long) page);
	q_var_set(e, "__fsa_stmt", stmt);
	q_var_set(e, "__fsa_limit", qf_int(e, per_page, call));
	q_var_set(e, "__fsa_offset", qf_int(e, (page - 1) * per_page, call));
	if (query)
		items = qf_eval_text(e, "__fsa_stmt.limit(__fsa_limit).offset(__fsa_offset).all()", call);
	else
		items = qf_eval_text(e, "session.execute(__fsa_stmt.limit(__fsa_limit)"
							 ".offset(__fsa_offset)).unique().scalars().all()", call);
	if (!items || !(items = q_call_value(e, items, call)))
		return NULL;
	if (items->kind != QV_LIST)
		return Q_FAIL(e, ORM_ERR_INTERNAL, call, "paginate() items were not a list");
	n = items->n;
	if (n == 0 && page != 1 && error_out)
		return Q_FAIL(e, ORM_ERR_NOTFOUND, call, "404 Not Found: %s", QF_404);
	if (count)
	{
		if (query)
			tot = qf_eval_text(e, "__fsa_stmt.order_by(None).count()", call);
		else
			tot = qf_eval_text(e, "session.execute(select(func.count()).select_from("
							   "__fsa_stmt.order_by(None).subquery())).scalar()", call);
		if (!tot || !(tot = q_call_value(e, tot, call)))
			return NULL;
		if (tot->kind != QV_LIT || !(tot->json->kind == JSON_NUMBER && tot->json->is_int))
			return Q_FAIL(e, ORM_ERR_INTERNAL, call, "paginate() count was not an int");
		total = tot->json->ival;
	}
	pages = (!count || total == 0) ? 0 : (total + per_page - 1) / per_page;
	first = n == 0 ? 0 : (page - 1) * per_page + 1;
	last = first + n - 1 > first ? first + n - 1 : first;
	d = q_new(e, QV_DICT, call);
	d->items = ORM_NEWN(e->a, QVal *, 14);
	d->values = ORM_NEWN(e->a, QVal *, 14);
	qf_key(e, d, "items", items);
	qf_key(e, d, "total", count ? tot : qf_null(e, call));
	qf_key(e, d, "page", qf_int(e, page, call));
	qf_key(e, d, "per_page", qf_int(e, per_page, call));
	qf_key(e, d, "pages", qf_int(e, pages, call));
	qf_key(e, d, "has_prev", qf_bool(e, page > 1, call));
	qf_key(e, d, "has_next", qf_bool(e, page < pages, call));
	qf_key(e, d, "prev_num", qf_int_or_null(e, page > 1, page - 1, call));
	qf_key(e, d, "next_num", qf_int_or_null(e, page < pages, page + 1, call));
	qf_key(e, d, "first", qf_int(e, first, call));
	qf_key(e, d, "last", qf_int(e, last, call));
	qf_key(e, d, "iter_pages", qf_iter_pages(e, page, pages, &qf_default_edges, call));
	d->name = "Pagination";
	return d;
}

/* ---- the calls ----------------------------------------------------------- */

static QVal *qf_iter_call(QEnv *e, const PyNode *fn, const PyNode *call);

static bool
qf_method(const char *m)
{
	return strcmp(m, "get_or_404") == 0 || strcmp(m, "first_or_404") == 0 ||
		strcmp(m, "one_or_404") == 0 || strcmp(m, "paginate") == 0;
}

/* db.get_or_404 / first_or_404 / one_or_404 / paginate */
static QVal *
qf_db_call(QEnv *e, const char *m, const PyNode *call)
{
	static const char *const desc_only[] = {"description", NULL};
	static const char *const get_kws[] = {"description", "options", "populate_existing",
	"with_for_update", "execution_options", NULL};
	const char *desc;
	int			err;
	QVal	   *v;

	if (strcmp(m, "paginate") == 0)
	{
		if (call->nitems != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "paginate() takes a select() and keywords");
		if (!(v = q_eval(e, call->items[0])))
			return NULL;
		if (v->kind != QV_SELECT || qf_is_query(v))
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "db.paginate() takes a select()");
		return qf_paginate(e, v, call, false);
	}
	if (qf_check_kw(e, call, m, strcmp(m, "get_or_404") == 0 ? get_kws : desc_only) < 0)
		return NULL;
	desc = qf_description(e, call, &err);
	if (err)
		return NULL;
	if (strcmp(m, "get_or_404") == 0)
	{
		PyNode	   *c,
				   *recv;
		int			k = 0;

		if (call->nitems != 2)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "get_or_404() takes a class and a primary key");
		c = ORM_NEW(e->a, PyNode);
		recv = ORM_NEW(e->a, PyNode);
		*c = *call;
		recv->kind = PY_NAME;
		recv->str = "session";
		recv->line = call->line;
		recv->col = call->col;
		c->kwnames = ORM_NEWN(e->a, const char *, call->nkw + 1);
		c->kwvalues = ORM_NEWN(e->a, PyNode *, call->nkw + 1);
		for (int i = 0; i < call->nkw; i++)
			if (strcmp(call->kwnames[i], "description") != 0)
			{
				c->kwnames[k] = call->kwnames[i];
				c->kwvalues[k++] = call->kwvalues[i];
			}
		c->nkw = k;
		return qf_mark_404(e, q_session_call(e, recv, "get", c), desc, call);
	}
	if (call->nitems != 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes a select()", m);
	if (!(v = q_eval(e, call->items[0])))
		return NULL;
	if (v->kind != QV_SELECT || qf_is_query(v))
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "db.%s() takes a select()", m);
	q_var_set(e, "__fsa_stmt", v);
	return qf_mark_404(e, qf_eval_text(e, strcmp(m, "first_or_404") == 0 ?
									   "session.execute(__fsa_stmt).scalar()" :
									   "session.execute(__fsa_stmt).scalar_one()", call),
					   desc, call);
}

/* Query.get_or_404(ident) / first_or_404() / one_or_404() / paginate() */
static QVal *
qf_query_call(QEnv *e, QVal *q, const char *m, const PyNode *call)
{
	static const char *const desc_only[] = {"description", NULL};
	const char *desc;
	int			err;

	if (strcmp(m, "paginate") == 0)
	{
		if (call->nitems != 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "paginate() takes keyword arguments only");
		return qf_paginate(e, q, call, true);
	}
	if (qf_check_kw(e, call, m, desc_only) < 0)
		return NULL;
	desc = qf_description(e, call, &err);
	if (err)
		return NULL;
	q_var_set(e, "__fsa_stmt", q);
	if (strcmp(m, "get_or_404") == 0)
	{
		if (call->nitems != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "get_or_404() takes a primary key");
		{
			QVal	   *k = q_eval(e, call->items[0]);

			if (!k)
				return NULL;
			q_var_set(e, "__fsa_ident", k);
		}
		return qf_mark_404(e, qf_eval_text(e, "__fsa_stmt.get(__fsa_ident)", call), desc, call);
	}
	if (call->nitems != 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes no positional arguments", m);
	return qf_mark_404(e, qf_eval_text(e, strcmp(m, "first_or_404") == 0 ?
									   "__fsa_stmt.first()" : "__fsa_stmt.one()", call),
					   desc, call);
}

/* SQLModel's session.exec(stmt) */
static QVal *
qf_exec(QEnv *e, const PyNode *fn, const PyNode *call)
{
	PyNode	   *c = ORM_NEW(e->a, PyNode);
	QVal	   *v;

	*c = *call;
	if (call->nitems != 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "exec() takes a statement");
	for (int i = 0; i < call->nkw; i++)
		if (!call->kwnames[i] || strcmp(call->kwnames[i], "params") != 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "exec() got an unexpected keyword argument '%s'",
						  call->kwnames[i] ? call->kwnames[i] : "**");
	if (!(v = q_session_call(e, fn->a, "execute", c)))
		return NULL;
	if (v->kind == QV_RESULT && v->sel && v->sel->items.n == 1)
	{
		q_var_set(e, "__sqlmodel_result", v);
		return qf_eval_text(e, "__sqlmodel_result.scalars()", call);
	}
	return v;
}

QVal *
q_flask_call(QEnv *e, const PyNode *fn, const PyNode *call)
{
	const char *m = fn->str;
	QVal	   *recv;

	if (strcmp(m, "exec") == 0)
		return q_session_recv(e, fn->a, "execute") ? qf_exec(e, fn, call) : NULL;
	if (strcmp(m, "iter_pages") == 0 || strcmp(m, "next") == 0 || strcmp(m, "prev") == 0)
		return qf_iter_call(e, fn, call);
	if (!qf_method(m))
		return NULL;
	if (fn->a->kind == PY_NAME && !q_var(e, fn->a->str) && q_fsa_namespace(e, fn->a->str))
		return qf_db_call(e, m, call);
	if (!(recv = q_eval(e, fn->a)))
		return NULL;
	if (qf_is_query(recv))
		return qf_query_call(e, recv, m, call);
	return Q_FAIL(e, ORM_ERR_QUERY, call,
				  "%s() is Flask-SQLAlchemy's, of db (the SQLAlchemy() instance the "
				  "declarations name) or of a Query (Model.query, session.query())", m);
}

static QVal *
qf_page_get(QVal *page, const char *key)
{
	for (int i = 0; i < page->n; i++)
		if (page->items[i]->kind == QV_LIT && page->items[i]->json->kind == JSON_STRING &&
			strcmp(page->items[i]->json->str, key) == 0)
			return page->values[i];
	return NULL;
}

/* page.items, page.total ...: the Pagination's attributes */
QVal *
q_flask_page_attr(QEnv *e, QVal *page, const PyNode *attr)
{
	QVal	   *v;

	if (strcmp(attr->str, "iter_pages") == 0 || !(v = qf_page_get(page, attr->str)))
		return Q_FAIL(e, ORM_ERR_QUERY, attr, "'Pagination' object has no attribute '%s'%s",
					  attr->str, strcmp(attr->str, "iter_pages") == 0 ? " (call it: iter_pages())" :
					  strcmp(attr->str, "next") == 0 || strcmp(attr->str, "prev") == 0 ?
					  " (next() / prev() are not supported: paginate again with page=)" : "");
	return v;
}

/* page.iter_pages([left_edge=, left_current=, right_current=, right_edge=]) */
static QVal *
qf_iter_call(QEnv *e, const PyNode *fn, const PyNode *call)
{
	static const char *const kws[] = {"left_edge", "left_current", "right_current", "right_edge",
	NULL};
	QfEdges		ed = qf_default_edges;
	int64_t    *slots[] = {&ed.left_edge, &ed.left_current, &ed.right_current, &ed.right_edge};
	QVal	   *page,
			   *p,
			   *ps;
	bool		g;

	if (!(page = q_eval(e, fn->a)))
		return NULL;
	if (page->kind != QV_DICT || !page->name || strcmp(page->name, "Pagination") != 0)
		return q_call_method(e, page, fn->str, call);
	if (strcmp(fn->str, "iter_pages") != 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "Pagination.%s() is not supported: paginate again with page=%s",
					  fn->str, fn->str[0] == 'n' ? "page.next_num" : "page.prev_num");
	if (call->nitems > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "iter_pages() takes keyword arguments only");
	if (qf_check_kw(e, call, "iter_pages", kws) < 0)
		return NULL;
	for (int i = 0; kws[i]; i++)
	{
		int64_t		v = 0;

		if (qf_kw_int(e, call, kws[i], &v, &g) < 0)
			return NULL;
		if (g)
		{
			if (v < 0 || v > 1000000)
				return Q_FAIL(e, ORM_ERR_QUERY, call, "%s=%lld is out of range", kws[i], (long long) v);
			*slots[i] = v;
		}
	}
	p = qf_page_get(page, "page");
	ps = qf_page_get(page, "pages");
	if (!p || !ps)
		return Q_FAIL(e, ORM_ERR_INTERNAL, call, "a Pagination without its page");
	return qf_iter_pages(e, p->json->ival, ps->json->ival, &ed, call);
}

/* User.query: session.query(User) */
QVal *
q_flask_query(QEnv *e, QVal *ent, const PyNode *at)
{
	q_var_set(e, "__fsa_entity", ent);
	return qf_eval_text(e, "session.query(__fsa_entity)", at);
}

/* SQLModel's col(Hero.age): the attribute as a column expression, unchanged */
QVal *
q_sqlmodel_col(QEnv *e, const PyNode *call)
{
	QVal	   *v;

	if (call->nitems != 1 || call->nkw != 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "col() takes one column");
	if (!(v = q_eval(e, call->items[0])))
		return NULL;
	if (v->kind != QV_EXPR)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "col() takes a column (Hero.age)");
	return v;
}
