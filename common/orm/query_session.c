/*
 * query_session.c -- the session and Result calls real programs write around
 * a statement, evaluated to the statement and its result shape
 * (orm/result.h):
 *
 *   session.execute(stmt [, params])    a Result: rows keyed by Row._fields
 *   session.scalars(stmt)               a ScalarResult: each row's first item
 *   session.scalar(stmt)                the first row's first item, or None
 *   session.get(User, 5 | (1, 2) | {"id": 5} [, options=[...]]), get_one()
 *   result.all() / first() / one() / one_or_none() / scalar() / scalar_one()
 *         / scalar_one_or_none() / scalars([i]) / unique() / mappings()
 *         / fetchall() / fetchone() / fetchmany(n) / tuples() / columns(...)
 *   session.query(User, ...)            a legacy Query: select()'s methods,
 *         with_entities(), and its terminals all(), first() (LIMIT 1), one(),
 *         one_or_none(), scalar(), count(), get(), update(), delete()
 *
 * The session is a receiver the text binds to nothing (session, db.session,
 * self.session, sess, s ...) called with one of execute, scalars, scalar,
 * get, query (q_session_recv); a name the text binds keeps its meaning.
 *
 * Owns: QV_RESULT values and a legacy Query's own methods.  Calls the
 * pieces below it (select, DML, options) through query_int.h; query.c
 * dispatches to it.
 */
#include <string.h>

#include "orm/query_int.h"
#include "orm/result.h"

/* ---- helpers ------------------------------------------------------------- */

/* The names of a session's methods that run or build a statement. */
static bool
qs_session_method(const char *m)
{
	return strcmp(m, "execute") == 0 || strcmp(m, "scalars") == 0 ||
		strcmp(m, "scalar") == 0 || strcmp(m, "get") == 0 || strcmp(m, "get_one") == 0 ||
		strcmp(m, "query") == 0;
}

/* Is name bound to anything the evaluator knows (q_eval_name's order)? */
static bool
qs_name_bound(QEnv *e, const char *name)
{
	return q_var(e, name) || orm_reg_class(e->ctx->reg, name) ||
		orm_reg_enum(e->ctx->reg, name) || orm_reg_table(e->ctx->reg, name) ||
		strcmp(name, "func") == 0 || q_builtin_lookup(name) ||
		q_type_by_name(e, name) || (e->params && json_get(e->params, name)) ||
		e->body_entity || e->scope_cls || e->sec_var;
}

/* A Session's methods that change objects or the transaction: orm_flush's work. */
static bool
qs_session_mutator(const char *m)
{
	static const char *const ms[] = {"add", "add_all", "delete", "merge", "flush", "commit",
		"rollback", "refresh", "expire", "expunge", "close", "begin", "begin_nested",
	"bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings", NULL};

	for (int i = 0; ms[i]; i++)
		if (strcmp(ms[i], m) == 0)
			return true;
	return false;
}

bool
q_session_recv(QEnv *e, const PyNode *recv, const char *method)
{
	const PyNode *n = recv;

	if (!qs_session_method(method) && !qs_session_mutator(method))
		return false;
	while (n->kind == PY_ATTR)
		n = n->a;
	return n->kind == PY_NAME && !qs_name_bound(e, n->str);
}

/* A copy of node n in the arena: values keep their node (errors, q_query_final) */
static PyNode *
qs_node_copy(QEnv *e, const PyNode *n)
{
	PyNode	   *c = ORM_NEW(e->a, PyNode);

	*c = *n;
	return c;
}

static OrmShape *
qs_shape_copy(QEnv *e, const OrmShape *sh)
{
	OrmShape   *c = ORM_NEW(e->a, OrmShape);

	if (sh)
		*c = *sh;
	return c;
}

static QVal *
qs_result(QEnv *e, const PyNode *node, SxSelect *sel, SxDml *dml, OrmShape *sh,
		  QvResultKind rk)
{
	QVal	   *v = q_new(e, QV_RESULT, node);

	v->sel = sel;
	v->dml = dml;
	v->shape = sh;
	v->result_kind = rk;
	sh->line = node->line;
	sh->col = node->col;
	return v;
}

/*
 * A call node at a node's place (for errors' line and column) that calls
 * nothing, whose arguments are args, bound to names the text cannot write
 * ("\x01" tag i): how session calls and lazy loads hand values they hold to
 * the builtins and methods that build statements.
 */
PyNode *
q_call_with(QEnv *e, const PyNode *at, const char *tag, int n, QVal **args)
{
	PyNode	   *c = ORM_NEW(e->a, PyNode);

	*c = *at;
	c->kind = PY_CALL;
	c->a = c->b = c->c = NULL;
	c->nkw = 0;
	c->kwnames = NULL;
	c->kwvalues = NULL;
	c->nitems = n;
	c->items = ORM_NEWN(e->a, PyNode *, n > 0 ? n : 1);
	for (int i = 0; i < n; i++)
	{
		PyNode	   *nm = ORM_NEW(e->a, PyNode);
		const char *name = orm_sprintf(e->a, "\x01%s%d", tag, i);

		*nm = *at;
		nm->kind = PY_NAME;
		nm->str = name;
		nm->a = nm->b = nm->c = NULL;
		nm->nitems = 0;
		nm->nkw = 0;
		q_var_set(e, name, args[i]);
		c->items[i] = nm;
	}
	return c;
}

/* ---- session.get() ------------------------------------------------------- */

/*
 * select(ent).where(<primary key> == key): key a value, a tuple or list in
 * primary key order, or a dict of the key's attribute names.
 */
static SxSelect *
qs_get_select(QEnv *e, QVal *ent, QVal *key, const PyNode *call)
{
	const OrmClass *cls = ent->cls;
	const OrmTable *t = cls->base ? cls->base->table : cls->table;
	SxSelect   *s = sx_select_new(e->a);
	int			nkey;

	if (!t || t->npk == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s has no primary key", cls->name);
	s->line = call->line;
	s->col = call->col;
	if (q_add_item(e, s, ent) < 0)
		return NULL;
	nkey = key->kind == QV_LIST ? key->n : key->kind == QV_DICT ? key->n :
		(key->kind == QV_LIT && key->json->kind == JSON_OBJECT) ? key->json->n : 1;
	if (nkey != t->npk)
	{
		OrmBuf		b;

		orm_buf_init(&b, e->a);
		for (int k = 0; k < t->npk; k++)
			orm_buf_puts(&b, orm_sprintf(e->a, "%s'%s.%s'", k ? "," : "", t->name,
										 t->pk[k]->name));
		return Q_FAIL(e, ORM_ERR_QUERY, key->node,
					  "Incorrect number of values in identifier to formulate primary key "
					  "for session.get(); primary key columns are %s", b.data);
	}
	for (int k = 0; k < t->npk; k++)
	{
		const OrmColumn *col = t->pk[k];
		const char *attr = col->attr ? col->attr : col->name;
		QVal	   *part = NULL,
				   *cv,
				   *eq;

		if (key->kind == QV_LIST)
			part = key->items[k];
		else if (key->kind == QV_DICT)
		{
			for (int i = 0; i < key->n && !part; i++)
			{
				const char *kn = q_str_arg(key->items[i]);

				if (kn && (strcmp(kn, attr) == 0 || strcmp(kn, col->name) == 0))
					part = key->values[i];
			}
		}
		else if (key->kind == QV_LIT && key->json->kind == JSON_OBJECT)
		{
			const JsonValue *j = json_get(key->json, attr);

			if (!j)
				j = json_get(key->json, col->name);
			if (j)
				part = q_lit_from_json(e, j, key->node);
		}
		else
			part = key;
		if (!part)
			return Q_FAIL(e, ORM_ERR_QUERY, key->node,
						  "Incomplete identity dictionary for %s: \"%s\" is missing",
						  cls->name, attr);
		if (!(cv = q_attr_entity(e, ent, attr, call)) ||
			!(eq = q_compare(e, SXOP_EQ, cv, part, call)))
			return NULL;
		s->where = sx_and(e->a, s->where, eq->expr);
	}
	return s;
}

static QVal *
qs_get(QEnv *e, QVal *ent, QVal *key, QVal *opts, const PyNode *call, bool one, unsigned lock)
{
	SxSelect   *s;
	OrmShape   *sh = qs_shape_copy(e, NULL);

	if (ent->kind != QV_ENTITY || !ent->cls || ent->from->is_alias ||
		ent->from->kind != SXF_TABLE)
		return Q_FAIL(e, ORM_ERR_QUERY, ent->node, "get() takes a mapped class");
	if (!(s = qs_get_select(e, ent, key, call)))
		return NULL;
	if (opts && q_attach_opts(e, s, opts) < 0)
		return NULL;
	s->for_update = lock;		/* get(..., with_for_update=True): SELECT ... FOR UPDATE */
	sh->scalars = true;
	sh->unique = true;
	sh->term = one ? ORM_TERM_ONE : ORM_TERM_ONE_OR_NONE;	/* get_one(): NoResultFound */
	return qs_result(e, call, s, NULL, sh, QV_RK_DONE);
}

/* ---- the session --------------------------------------------------------- */

/* The statement argument of execute() / scalars() / scalar(). */
static QVal *
qs_stmt_arg(QEnv *e, const char *m, const PyNode *call)
{
	QVal	   *v;

	if (call->nitems < 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "session.%s() needs a statement", m);
	if (!(v = q_eval(e, call->items[0])))
		return NULL;
	if (v->kind == QV_SELECT || v->kind == QV_DML)
		return v;
	return Q_FAIL(e, ORM_ERR_QUERY, v->node,
				  "session.%s() takes a select(), insert(), update() or delete() statement", m);
}

/* A statement's params: execute(stmt, {...}) / execute(stmt, [{...}, ...]) / params=. */
static int
qs_params(QEnv *e, const char *m, const PyNode *call, OrmShape *sh)
{
	QVal	   *pv = NULL;
	JsonValue  *j;
	bool		ok = true;

	if (call->nitems > 2)
		return q_fail(e, ORM_ERR_QUERY, call->items[2],
					  orm_sprintf(e->a, "session.%s() takes a statement and its params", m)),
			-1;
	if (call->nitems == 2 && !(pv = q_eval(e, call->items[1])))
		return -1;
	for (int i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];

		if (k && strcmp(k, "params") == 0 && !pv)
		{
			if (!(pv = q_eval(e, call->kwvalues[i])))
				return -1;
		}
		else if (!k || (strcmp(k, "execution_options") != 0 &&
						strcmp(k, "bind_arguments") != 0))
			return q_fail(e, ORM_ERR_QUERY, call->kwvalues[i],
						  k ? orm_sprintf(e->a, "%s() got an unexpected keyword argument '%s'",
										  m, k) :
						  orm_sprintf(e->a, "** arguments in %s() are not supported", m)), -1;
	}
	if (!pv || (pv->kind == QV_LIT && pv->json->kind == JSON_NULL))
		return 0;
	if (!(j = q_value_json(e, pv, 0)))
		return -1;
	for (int i = 0; j->kind == JSON_ARRAY && i < j->n && ok; i++)
		ok = j->items[i]->kind == JSON_OBJECT;
	if (!ok || (j->kind != JSON_OBJECT && j->kind != JSON_ARRAY))
		return q_fail(e, ORM_ERR_QUERY, pv->node,
					  "a statement's params are a dict or a list of dicts"), -1;
	sh->params = j;
	return 0;
}

QVal *
q_session_call(QEnv *e, const PyNode *recv, const char *m, const PyNode *call)
{
	QVal	   *st,
			   *ent,
			   *key,
			   *opts = NULL,
			   *v;
	OrmShape   *sh;
	const char *rn = recv->str;
	unsigned	lock = 0;

	if (rn && (strcmp(rn, "conn") == 0 || strcmp(rn, "connection") == 0 ||
			   strcmp(rn, "engine") == 0))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, recv,
					  "%s.%s() is a Core Connection's, whose rows are columns, not objects: "
					  "query text runs statements as a Session does (session.%s())",
					  rn, m, m);
	if (qs_session_mutator(m))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "session.%s() changes objects or the transaction: use orm_flush() "
					  "(query text runs one statement)", m);

	if (strcmp(m, "query") == 0)
	{
		PyNode	   *c = qs_node_copy(e, call);

		for (int i = 0; i < call->nkw; i++)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "query() got an unexpected keyword argument '%s'",
						  call->kwnames[i] ? call->kwnames[i] : "**");
		if (call->nitems == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "session.query() needs an entity or a column");
		c->nkw = 0;
		if (!(v = q_builtin_lookup("select")->fn(e, c)))
			return NULL;
		if (v->kind != QV_SELECT)
			return v;
		v->sel->legacy_query = true;
		return v;
	}
	if (strcmp(m, "get") == 0 || strcmp(m, "get_one") == 0)
	{
		if (call->nitems != 2)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "session.%s() takes a class and a primary key", m);
		for (int i = 0; i < call->nkw; i++)
		{
			const char *k = call->kwnames[i];

			if (k && strcmp(k, "options") == 0)
			{
				if (!(opts = q_eval(e, call->kwvalues[i])))
					return NULL;
			}
			else if (k && strcmp(k, "with_for_update") == 0)
			{
				QVal	   *w = q_eval(e, call->kwvalues[i]);

				if (!w)
					return NULL;
				if (w->kind != QV_LIT || (w->json->kind != JSON_TRUE &&
										  w->json->kind != JSON_FALSE &&
										  w->json->kind != JSON_NULL))
					return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->kwvalues[i],
								  "get(with_for_update=) other than True / False is not supported: "
								  "use select(...).with_for_update(...)");
				lock = w->json->kind == JSON_TRUE ? SX_FOR_UPDATE : 0;
			}
			else if (!k || (strcmp(k, "populate_existing") != 0 &&
							strcmp(k, "execution_options") != 0 &&
							strcmp(k, "bind_arguments") != 0))
				return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
							  "get() got an unexpected keyword argument '%s'", k ? k : "**");
		}
		if (!(ent = q_eval(e, call->items[0])) || !(key = q_eval(e, call->items[1])))
			return NULL;
		return qs_get(e, ent, key, opts, call, m[3] == '_', lock);
	}
	sh = qs_shape_copy(e, NULL);
	if (qs_params(e, m, call, sh) < 0)
		return NULL;
	if (sh->params)
	{
		/* the statement's own params name its bindparam() values (the first
		 * row's, for a list): evaluated with them */
		const JsonValue *saved = e->params,
				   *row = sh->params->kind == JSON_ARRAY ?
			(sh->params->n > 0 ? sh->params->items[0] : NULL) : sh->params;
		JsonValue  *m2 = json_new(e->a, JSON_OBJECT);

		for (int i = 0; saved && saved->kind == JSON_OBJECT && i < saved->n; i++)
			json_object_set(e->a, m2, saved->keys[i], saved->items[i]);
		for (int i = 0; row && row->kind == JSON_OBJECT && i < row->n; i++)
			json_object_set(e->a, m2, row->keys[i], row->items[i]);
		e->params = m2;
		st = qs_stmt_arg(e, m, call);
		e->params = saved;
	}
	else
		st = qs_stmt_arg(e, m, call);
	if (!st)
		return NULL;
	if (st->kind == QV_DML)
	{
		if (strcmp(m, "execute") == 0)
			return qs_result(e, call, NULL, st->dml, sh, QV_RK_ROWS);
		sh->rows = true;		/* scalars(), scalar() of its RETURNING rows */
		sh->scalars = true;
		if (strcmp(m, "scalars") == 0)
			return qs_result(e, call, NULL, st->dml, sh, QV_RK_SCALARS);
		sh->term = ORM_TERM_FIRST;
		return qs_result(e, call, NULL, st->dml, sh, QV_RK_DONE);
	}
	if (st->sel->legacy_query)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0],
					  "session.%s() takes a select(); a Query runs with its own .all()", m);
	if (strcmp(m, "execute") == 0)
		return qs_result(e, call, st->sel, NULL, sh, QV_RK_ROWS);
	sh->scalars = true;
	if (strcmp(m, "scalars") == 0)
		return qs_result(e, call, st->sel, NULL, sh, QV_RK_SCALARS);
	sh->term = ORM_TERM_FIRST;	/* scalar() */
	return qs_result(e, call, st->sel, NULL, sh, QV_RK_DONE);
}

/* ---- Result methods ------------------------------------------------------ */

static bool
qs_has(QvResultKind rk, const char *m)
{
	/* SQLAlchemy 2.0's Result, ScalarResult and MappingResult methods */
	static const char *const common[] = {"all", "fetchall", "fetchmany", "first", "one",
	"one_or_none", "unique", "yield_per", NULL};
	static const char *const rows[] = {"fetchone", "scalar", "scalar_one",
	"scalar_one_or_none", "scalars", "mappings", "tuples", "columns", "keys", NULL};
	static const char *const maps[] = {"fetchone", "columns", "keys", NULL};

	for (int i = 0; common[i]; i++)
		if (strcmp(common[i], m) == 0)
			return true;
	for (int i = 0; rk == QV_RK_ROWS && rows[i]; i++)
		if (strcmp(rows[i], m) == 0)
			return true;
	for (int i = 0; rk == QV_RK_MAPPINGS && maps[i]; i++)
		if (strcmp(maps[i], m) == 0)
			return true;
	return false;
}

static const char *
qs_kind_name(QvResultKind rk)
{
	switch (rk)
	{
		case QV_RK_SCALARS:
			return "ScalarResult";
		case QV_RK_MAPPINGS:
			return "MappingResult";
		default:
			return "Result";
	}
}

/* An int argument (fetchmany(n), scalars(i), columns(i)). */
static bool
qs_int(QVal *v, int64_t *out)
{
	if (v->kind != QV_LIT || v->json->kind != JSON_NUMBER || !v->json->is_int)
		return false;
	*out = v->json->ival;
	return true;
}

static QVal *
qs_columns(QEnv *e, OrmShape *sh, const PyNode *call)
{
	int			n = call->nitems;

	sh->ncols = n;
	sh->cols = ORM_NEWN(e->a, int, n > 0 ? n : 1);
	sh->col_names = ORM_NEWN(e->a, const char *, n > 0 ? n : 1);
	for (int i = 0; i < n; i++)
	{
		QVal	   *v = q_eval(e, call->items[i]);
		int64_t		k;

		if (!v)
			return NULL;
		if (qs_int(v, &k) && k >= 0 && k < 100000)
			sh->cols[i] = (int) k;
		else if (q_str_arg(v))
		{
			sh->cols[i] = -1;
			sh->col_names[i] = q_str_arg(v);
		}
		else
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node,
						  "columns() takes column names or positions");
	}
	return (QVal *) sh;			/* not NULL: done */
}

QVal *
q_result_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	OrmShape   *sh;
	QvResultKind rk = recv->result_kind;
	QVal	   *v;
	int64_t		k;

	if (rk == QV_RK_DONE)
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL,
						 "the result of this call is a value: it has no method \"%s\"", m);
	if (!qs_has(rk, m))
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL,
						 "'%s' object has no attribute '%s'", qs_kind_name(rk), m);
	if (strcmp(m, "keys") == 0)
		return q_result_keys(e, recv, call);	/* query_keys.c */
	for (int i = 0; i < call->nkw; i++)
		if (!(strcmp(m, "unique") == 0 && call->kwnames[i] &&
			  strcmp(call->kwnames[i], "strategy") == 0))
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "%s() got an unexpected keyword argument '%s'", m,
						  call->kwnames[i] ? call->kwnames[i] : "**");
	sh = qs_shape_copy(e, recv->shape);
	sh->rows = true;
	if (strcmp(m, "unique") == 0 || strcmp(m, "yield_per") == 0 ||
		strcmp(m, "tuples") == 0 || strcmp(m, "mappings") == 0)
	{
		if (m[0] == 'u')
		{
			if (call->nitems > 0)
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[0],
							  "unique(strategy) is a Python function");
			sh->unique = true;
		}
		v = qs_result(e, call, recv->sel, recv->dml, sh,
					  m[0] == 'm' ? QV_RK_MAPPINGS : rk);
		sh->line = recv->shape->line;	/* errors stay at the terminal */
		return v;
	}
	if (strcmp(m, "scalars") == 0)
	{
		int64_t		i = 0;

		if (call->nitems > 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "scalars() takes one index");
		if (call->nitems == 1)
		{
			if (!(v = q_eval(e, call->items[0])))
				return NULL;
			if (!qs_int(v, &i) || i < 0 || i >= 100000)
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node,
							  "scalars() takes the position of a column");
		}
		sh->scalars = true;
		sh->scalar_col = (int) i;
		return qs_result(e, call, recv->sel, recv->dml, sh, QV_RK_SCALARS);
	}
	if (strcmp(m, "columns") == 0)
	{
		if (sh->scalars || sh->ncols > 0)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "columns() after columns() or scalars()");
		if (call->nitems == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "columns() needs a column");
		if (!qs_columns(e, sh, call))
			return NULL;
		return qs_result(e, call, recv->sel, recv->dml, sh, rk);
	}
	/* the terminals */
	if (strcmp(m, "fetchmany") == 0)
	{
		if (call->nitems != 1)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
						  "fetchmany() without a size: give it the number of rows");
		if (!(v = q_eval(e, call->items[0])))
			return NULL;
		if (!qs_int(v, &k))
			return Q_FAIL(e, ORM_ERR_QUERY, v->node, "fetchmany() takes an int");
		sh->term = ORM_TERM_FETCHMANY;
		sh->many = k < 0 ? 0 : k;
	}
	else if (call->nitems > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "%s() takes no arguments", m);
	else if (strcmp(m, "all") == 0 || strcmp(m, "fetchall") == 0)
		sh->term = ORM_TERM_ALL;
	else if (strcmp(m, "first") == 0)
		sh->term = ORM_TERM_FIRST;
	else if (strcmp(m, "fetchone") == 0)
		sh->term = ORM_TERM_FETCHONE;
	else if (strcmp(m, "one") == 0)
		sh->term = ORM_TERM_ONE;
	else if (strcmp(m, "one_or_none") == 0)
		sh->term = ORM_TERM_ONE_OR_NONE;
	else
	{
		/* scalar(), scalar_one(), scalar_one_or_none(): the first column */
		sh->scalars = true;
		sh->scalar_col = 0;
		sh->term = strcmp(m, "scalar") == 0 ? ORM_TERM_FIRST :
			strcmp(m, "scalar_one") == 0 ? ORM_TERM_ONE : ORM_TERM_ONE_OR_NONE;
	}
	v = qs_result(e, call, recv->sel, recv->dml, sh, QV_RK_DONE);
	v->rows_kind = rk;			/* a RowMapping's first(): a dict (query_calls.c) */
	return v;
}

/* ---- the legacy Query ---------------------------------------------------- */

/* Does the query select a mapped entity (SQLAlchemy then uniques its rows)? */
static bool
qs_has_entity(const SxSelect *s, bool *single)
{
	bool		any = false;

	for (int i = 0; i < s->items.n; i++)
	{
		const SxItem *it = s->items.items[i];

		if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from && it->expr->from->cls)
			any = true;
	}
	*single = any && s->items.n == 1;
	return any;
}

/* Query's result: one entity gives its objects, else rows; uniqued with an entity. */
static OrmShape *
qs_legacy_shape(QEnv *e, const SxSelect *s, OrmShapeTerm term, const PyNode *call)
{
	OrmShape   *sh = qs_shape_copy(e, NULL);
	bool		single;

	sh->unique = qs_has_entity(s, &single);
	sh->scalars = single;
	sh->legacy_keys = true;
	sh->term = term;
	sh->line = call->line;
	sh->col = call->col;
	return sh;
}

QVal *
q_query_final(QEnv *e, QVal *v)
{
	SxSelect   *s = q_sel_copy(e, v->sel);

	s->shape = qs_legacy_shape(e, s, ORM_TERM_ALL, v->node);
	return q_sel_val(e, s, v->node);
}

bool
q_query_has(const char *m)
{
	static const char *const own[] = {"all", "first", "one", "one_or_none", "scalar",
		"count", "get", "update", "delete", "with_entities", "yield_per", "populate_existing",
		"enable_eagerloads", "autoflush", "enable_assertions", "union", "union_all",
		"intersect", "intersect_all", "except_", "except_all", "add_entity", "from_self",
	"values", "value", "params", "with_parent", NULL};

	for (int i = 0; own[i]; i++)
		if (strcmp(own[i], m) == 0)
			return true;
	return false;
}

/* The query's one entity (update(), delete(), get()), or NULL with the error. */
static QVal *
qs_query_entity(QEnv *e, const SxSelect *s, const char *m, const PyNode *call)
{
	const SxItem *it = s->items.n == 1 ? s->items.items[0] : NULL;

	if (!it || !it->expr || it->expr->kind != SX_ENTITY || !it->expr->from->cls)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "Query.%s() needs a query of one entity", m);
	return q_entity(e, it->expr->from, call);
}

/* Query.update({...}) / Query.delete(): the DML statement of its criteria. */
static QVal *
qs_query_dml(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	const SxSelect *s = recv->sel;
	QVal	   *ent,
			   *d;
	QVal	   *args[1];

	for (int i = 0; i < call->nkw; i++)
		if (!call->kwnames[i] || (strcmp(call->kwnames[i], "synchronize_session") != 0 &&
								  strcmp(call->kwnames[i], "update_args") != 0 &&
								  strcmp(call->kwnames[i], "delete_args") != 0))
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "%s() got an unexpected keyword argument '%s'", m,
						  call->kwnames[i] ? call->kwnames[i] : "**");
	if (s->joins.n > 0 || s->froms.n > 0 || s->group_by.n > 0 || s->having || s->limit ||
		s->offset || s->distinct || s->order_by.n > 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "Query.%s() of a query with joins, select_from(), grouping, ordering or "
					  "limits: write %s(Entity).where(...) instead", m, m);
	if (!(ent = qs_query_entity(e, s, m, call)))
		return NULL;
	args[0] = ent;
	if (!(d = q_builtin_lookup(m[0] == 'u' ? "update" : "delete")->fn(e, q_call_with(e, call, "qs", 1, args))))
		return NULL;
	if (s->where)
	{
		args[0] = q_expr_val(e, s->where, call);
		if (!(d = q_call_method(e, d, "where", q_call_with(e, call, "qs", 1, args))))
			return NULL;
	}
	if (m[0] == 'u')
	{
		PyNode	   *c = qs_node_copy(e, call);

		if (call->nitems != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "Query.update() takes a dict of values");
		c->nkw = 0;
		if (!(d = q_call_method(e, d, "values", c)))
			return NULL;
	}
	else if (call->nitems > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "Query.delete() takes no positional arguments");
	if (d->kind == QV_DML)
		d->query_dml = true;
	return d;
}

/* Query.count(): SELECT count(*) FROM (<the query>) AS anon_1, its scalar. */
static QVal *
qs_query_count(QEnv *e, QVal *recv, const PyNode *call)
{
	PyNode	   *c = qs_node_copy(e, call);
	QVal	   *sub,
			   *cnt,
			   *sv,
			   *args[1];
	SxSelect   *inner = q_sel_copy(e, recv->sel),
			   *s;
	OrmShape   *sh;

	if (call->nitems > 0 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "count() takes no arguments");
	c->nitems = 0;
	c->nkw = 0;
	inner->options.n = 0;		/* enable_eagerloads(False) */
	inner->legacy_query = false;
	if (!(sub = q_select_method(e, q_sel_val(e, inner, call), "subquery", c)) ||
		!(cnt = q_func_call(e, "count", c)))
		return NULL;
	s = sx_select_new(e->a);
	s->line = call->line;
	s->col = call->col;
	if (q_add_item(e, s, cnt) < 0)
		return NULL;
	/* the query's with_loader_criteria() stay its options: the outer statement's,
	 * which SQLAlchemy applies inside the subquery (count() of a tenant filter) */
	s->crit = inner->crit;
	args[0] = sub;
	if (!(sv = q_select_method(e, q_sel_val(e, s, call), "select_from", q_call_with(e, call, "qs", 1, args))))
		return NULL;
	sh = qs_shape_copy(e, NULL);
	sh->scalars = true;
	sh->term = ORM_TERM_FIRST;
	return qs_result(e, call, sv->sel, NULL, sh, QV_RK_DONE);
}

/*
 * Query.union(q, ...) (union_all, intersect, except_ ...): as SQLAlchemy's
 * Query, a query of the compound as a subquery, its entity aliased to it
 * (SELECT anon_1.id, ... FROM (q1 UNION q2) AS anon_1: still objects), or
 * its columns; a query of one entity or of columns only.
 */
static QVal *
qs_query_compound(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxSelect   *first = q_sel_copy(e, recv->sel),
			   *s;
	PyNode	   *c0 = qs_node_copy(e, call);
	QVal	   *cv,
			   *sq,
			   *v;
	bool		single;
	bool		any = qs_has_entity(first, &single);
	const char **names;
	const OrmType **types;
	int			n;

	if (any && !single)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "Query.%s() of a query of several entities: write the compound with "
					  "select() and aliased() entities", m);
	first->legacy_query = false;
	if (!(cv = q_select_method(e, q_sel_val(e, first, call), m, call)))
		return NULL;
	if (cv->kind != QV_SELECT)
		return cv;
	c0->nitems = 0;
	c0->nkw = 0;
	if (!(sq = q_select_method(e, cv, "subquery", c0)))
		return NULL;
	if (sq->kind != QV_SUBQ)
		return Q_FAIL(e, ORM_ERR_INTERNAL, call, "Query.%s(): no subquery", m);
	s = sx_select_new(e->a);
	s->line = call->line;
	s->col = call->col;
	if (single)
	{
		const SxItem *it = first->items.items[0];

		if (!(v = q_subq_entity(e, it->expr->from->cls, sq->from, NULL, false, call)) ||
			q_add_item(e, s, v) < 0)
			return NULL;
		s->legacy_from = it->expr->from;
		s->legacy_to = v->from;
	}
	else
	{
		const SxItem *it = first->items.n > 0 ? first->items.items[0] : NULL;

		n = q_subq_cols(e, sq->from, &names, &types);
		for (int i = 0; i < n; i++)
			if (!(v = q_subq_col(e, sq->from, names[i], call)) || q_add_item(e, s, v) < 0)
				return NULL;
		if (it && it->expr && it->expr->kind == SX_COLUMN)
		{
			s->legacy_from = it->expr->from;
			s->legacy_to = sq->from;
		}
	}
	s->legacy_query = true;
	return q_sel_val(e, s, call);
}

QVal *
q_query_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxSelect   *s;
	OrmShapeTerm term;
	QVal	   *v;

	if (strcmp(m, "with_entities") == 0)
	{
		if (!(v = q_select_method(e, recv, "with_only_columns", call)))
			return NULL;
		if (v->kind == QV_SELECT)
			v->sel->legacy_query = true;
		return v;
	}
	if (strcmp(m, "enable_eagerloads") == 0 && call->nitems == 1 && call->nkw == 0)
	{
		QVal	   *flag = q_eval(e, call->items[0]);

		if (!flag)
			return NULL;
		if (flag->kind == QV_LIT && !flag->lit_type && flag->json->kind == JSON_FALSE)
		{
			/* SQLAlchemy's Query then applies none of its loader options */
			s = q_sel_copy(e, recv->sel);
			s->options.n = 0;
			s->no_eager = true;
			return q_sel_val(e, s, call);
		}
		return recv;
	}
	if (strcmp(m, "yield_per") == 0 || strcmp(m, "populate_existing") == 0 ||
		strcmp(m, "enable_eagerloads") == 0 || strcmp(m, "autoflush") == 0 ||
		strcmp(m, "enable_assertions") == 0)
		return recv;			/* nothing the statement or its rows show */
	if (strcmp(m, "with_parent") == 0)
	{
		/* Query.with_parent(instance[, Parent.rel]): filter(with_parent(...)),
		 * the relationship the one from the instance's class to the entity */
		QVal	   *inst,
				   *ent,
				   *rv = NULL,
				   *crit,
				   *args[2];
		const OrmClass *pc;
		OrmRelationship *found = NULL;

		if (call->nitems < 1 || call->nitems > 2 || call->nkw > 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "Query.with_parent() takes an instance and an optional relationship");
		{
			/* the query's first entity, or the class of its first column */
			const SxItem *it0 = recv->sel->items.n > 0 ? recv->sel->items.items[0] : NULL;

			if (!it0 || !it0->expr || !it0->expr->from || !it0->expr->from->cls ||
				(it0->expr->kind != SX_ENTITY && it0->expr->kind != SX_COLUMN))
				return Q_FAIL(e, ORM_ERR_QUERY, call,
							  "Query.with_parent() needs a query of an entity");
			ent = q_entity(e, it0->expr->from, call);
		}
		if (!ent || !(inst = q_eval(e, call->items[0])))
			return NULL;
		if (inst->kind == QV_RESULT && !(inst = q_call_value(e, inst, call->items[0])))
			return NULL;
		if (inst->kind != QV_OBJ || !inst->cls)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0],
						  "Query.with_parent() takes a mapped instance");
		if (call->nitems == 2 && !(rv = q_eval(e, call->items[1])))
			return NULL;
		if (!rv)
		{
			/* SQLAlchemy takes the first, in the mapper's order: the base
			 * class's relationships before a subclass's */
			const OrmClass *chain[64];
			int			nc = 0;

			for (pc = inst->cls; pc && nc < 64; pc = pc->inherits)
				chain[nc++] = pc;
			while (!found && nc-- > 0)
				for (int i = 0; !found && i < chain[nc]->nrels; i++)
					if (chain[nc]->rels[i]->target == ent->from->cls)
						found = chain[nc]->rels[i];
			if (!found)
				return Q_FAIL(e, ORM_ERR_QUERY, call,
							  "Could not locate a property which relates instances of class "
							  "'%s' to instances of class '%s'", inst->cls->name,
							  ent->from->cls->name);
			if (!(rv = q_attr_entity(e, q_entity(e, q_class_from(e, found->owner->table,
																 found->owner), call),
									 found->name, call)))
				return NULL;
		}
		args[0] = inst;
		args[1] = rv;
		if (!(crit = q_with_parent(e, q_call_with(e, call, "qs", 2, args))))
			return NULL;
		args[0] = crit;
		if (!(v = q_select_method(e, recv, "filter", q_call_with(e, call, "qs", 1, args))))
			return NULL;
		if (v->kind == QV_SELECT)
			v->sel->legacy_query = true;
		return v;
	}
	if (strcmp(m, "params") == 0)
	{
		/* Query.params(uid=2) / params({...}): as select().params(), on a copy */
		QVal	   *c = q_sel_val(e, q_sel_copy(e, recv->sel), call);

		if (!(v = q_select_method(e, c, "params", call)))
			return NULL;
		if (v->kind == QV_SELECT)
			v->sel->legacy_query = true;
		return v;
	}
	if (strcmp(m, "update") == 0 || strcmp(m, "delete") == 0)
		return qs_query_dml(e, recv, m, call);
	if (strcmp(m, "count") == 0)
		return qs_query_count(e, recv, call);
	if (strcmp(m, "union") == 0 || strcmp(m, "union_all") == 0 ||
		strcmp(m, "intersect") == 0 || strcmp(m, "intersect_all") == 0 ||
		strcmp(m, "except_") == 0 || strcmp(m, "except_all") == 0)
		return qs_query_compound(e, recv, m, call);
	if (strcmp(m, "add_entity") == 0)
	{
		if (!(v = q_select_method(e, recv, "add_columns", call)))
			return NULL;
		if (v->kind == QV_SELECT)
			v->sel->legacy_query = true;
		return v;
	}
	if (strcmp(m, "get") == 0)
	{
		QVal	   *ent,
				   *key;

		const SxSelect *rs = recv->sel;

		if (call->nitems != 1 || call->nkw > 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "Query.get() takes a primary key");
		if (rs->where || rs->joins.n > 0 || rs->froms.n > 0 || rs->group_by.n > 0 ||
			rs->having || rs->limit || rs->offset || rs->from_statement)
			/* SQLAlchemy's Query.get() refuses its filters (order_by, distinct kept) */
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "Query.get() being called on a Query with existing criterion.");
		if (!(ent = qs_query_entity(e, recv->sel, m, call)) || !(key = q_eval(e, call->items[0])))
			return NULL;
		if (!(v = qs_get(e, ent, key, NULL, call, false, 0)))
			return NULL;
		q_vec_copy(e->a, &v->sel->options, &recv->sel->options);
		/* its with_loader_criteria() too: SQLAlchemy's get() statement takes them */
		q_vec_copy(e->a, &v->sel->crit, &recv->sel->crit);
		return v;
	}
	if (strcmp(m, "all") == 0 || strcmp(m, "first") == 0 || strcmp(m, "one") == 0 ||
		strcmp(m, "one_or_none") == 0 || strcmp(m, "scalar") == 0)
	{
		OrmShape   *sh;

		if (call->nitems > 0 || call->nkw > 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes no arguments", m);
		s = q_sel_copy(e, recv->sel);
		s->legacy_query = false;
		term = m[0] == 'a' ? ORM_TERM_ALL : m[0] == 'f' ? ORM_TERM_FIRST :
			strcmp(m, "one") == 0 ? ORM_TERM_ONE : ORM_TERM_ONE_OR_NONE;
		if (m[0] == 'f')
		{
			/* Query.first() is limit(1) */
			JsonValue  *one = json_new_int(e->a, 1);

			if (!(s->limit = q_param(e, q_lit(e, one, call), &q_t_int)))
				return NULL;
		}
		sh = qs_legacy_shape(e, s, term, call);
		if (m[0] == 's')
		{
			/* Query.scalar(): one() (None for no row), then the first column of a row */
			sh->scalars = true;
			sh->scalar_col = 0;
			sh->term = ORM_TERM_ONE;
			sh->none_ok = true;
		}
		return qs_result(e, call, s, NULL, sh, QV_RK_DONE);
	}
	return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
				  "Query.%s() is not supported: write the statement with select()", m);
}
