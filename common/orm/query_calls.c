/*
 * query_calls.c -- what a session call returns, when the text uses it as
 * Python does:
 *
 *     user = session.scalars(select(User).where(User.name == name)).one_or_none()
 *     user if user is not None else session.get(User, 1)
 *
 *     totals = {}
 *     for status in ["paid", "sent"]:
 *         totals[status] = session.scalar(select(func.count(Invoice.id))
 *                                         .where(Invoice.status == status))
 *     totals
 *
 * A session call is a QV_RESULT (query_session.c) that runs nothing while
 * the text only passes it on: a text whose value is one call stays one
 * statement, prepared once and kept (loader_cache.c).  When the text uses
 * its value -- an attribute, a subscript, its truth, a comparison, a loop
 * over it, len(), a list or dict of calls as the text's value -- its
 * statement runs then, once (q_result_value; the value is kept on the
 * QV_RESULT), through the runner orm_select gave (QEnv.run: the loader's
 * orm_load_select, writing the result JSON as the call's own result is
 * written), and the JSON becomes values: scalars and None literals, lists,
 * Rows (a QV_LIST with fields: a tuple with attributes by name, _fields,
 * _mapping, _asdict()), RowMappings as dicts, and ORM objects (QV_OBJ: their
 * JSON dict, attributes by mapped attribute name).  A relationship an object
 * has not loaded is loaded when the text reads it, as SQLAlchemy's lazy
 * load: one statement of the related objects (with_parent()'s criterion),
 * kept on the object.  Only selects run here: a session call of insert(),
 * update() or delete() is orm_execute's, one statement.
 *
 * Statements run in the order the text uses their values; a select's value
 * does not depend on when it runs within one call (nothing here writes).
 * Evaluation is bounded: Q_MAX_CALLS statements per text, and their results
 * Q_MAX_LOOP_BYTES of JSON in all.
 *
 * Calls the pieces below it through query_int.h; query.c dispatches to it
 * and installs q_result_value as QEnv.call_value, so that the Python values
 * stage (query_pyvalues.c) reaches it without naming it.
 *
 * Must not: emit SQL text (the runner does), or splice any value anywhere.
 */
#include <string.h>

#include "orm/query_int.h"
#include "orm/result.h"

/* ---- results to values ---------------------------------------------------- */

static QVal *
qc_none(QEnv *e, const PyNode *at)
{
	return q_lit(e, json_new(e->a, JSON_NULL), at);
}

/*
 * A scalar of type t from its JSON: an Enum column's value is its member
 * (post.status == PostStatus.DRAFT), written back as the result wrote it.
 */
static QVal *
qc_scalar(QEnv *e, const OrmType *t, const JsonValue *j, const PyNode *at)
{
	QVal	   *tv = q_temporal_from_text(e, t, j, at);	/* a date: query_pydates.c */

	if (tv)
		return tv;
	if (t && t->kind == ORM_T_ENUM && t->enm && j->kind != JSON_NULL)
	{
		OrmBuf		b;
		int			k;

		orm_buf_init(&b, e->a);
		if (j->kind == JSON_STRING)
			orm_buf_put(&b, j->str, j->len);
		else
			json_write(&b, j);
		if ((k = orm_enum_index_by_value(t->enm, orm_buf_cstr(&b))) >= 0)
		{
			QVal	   *v = q_new(e, QV_ENUM, at);

			v->enm = t->enm;
			v->idx = k;
			v->json = (JsonValue *) j;
			return v;
		}
	}
	return q_lit_from_json(e, j, at);
}

/* The class under cls (or cls) whose polymorphic identity's JSON text is id, or NULL. */
static OrmClass *
qc_identity_class(OrmClass *cls, const char *id, size_t len, int depth)
{
	if (depth > Q_MAX_DEPTH)
		return NULL;
	if (cls->polymorphic_identity && strlen(cls->polymorphic_identity) == len &&
		memcmp(cls->polymorphic_identity, id, len) == 0)
		return cls;
	for (int i = 0; i < cls->subclasses.n; i++)
	{
		OrmClass   *c = qc_identity_class(cls->subclasses.items[i], id, len, depth + 1);

		if (c)
			return c;
	}
	return NULL;
}

/* An object of cls, or None, from its JSON (of the subclass its discriminator names). */
static QVal *
qc_obj(QEnv *e, OrmClass *cls, const JsonValue *j, const PyNode *at)
{
	QVal	   *v;

	if (!cls || j->kind != JSON_OBJECT)
		return q_lit_from_json(e, j, at);
	if (cls->subclasses.n > 0 && cls->polymorphic_on)
	{
		const OrmColumn *d = cls->polymorphic_on;
		const JsonValue *id = json_get(j, d->attr ? d->attr : d->name);
		OrmClass   *sub = NULL;

		if (id && (id->kind == JSON_STRING || id->kind == JSON_NUMBER))
		{
			/* a polymorphic_identity is kept as its JSON text (declare.c) */
			OrmBuf		b;

			orm_buf_init(&b, e->a);
			json_write(&b, id);
			sub = qc_identity_class(cls, b.data, b.len, 0);
		}
		if (sub)
			cls = sub;
	}
	v = q_new(e, QV_OBJ, at);
	v->json = (JsonValue *) j;
	v->cls = cls;
	return v;
}

/* A relationship's value as an object's JSON holds it: a list, a dict, an object or None. */
static QVal *
qc_rel_value(QEnv *e, const OrmRelationship *rel, const JsonValue *j, const PyNode *at)
{
	QVal	   *v;

	if (j->kind == JSON_ARRAY)
	{
		v = q_new(e, QV_LIST, at);
		v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
		for (int i = 0; i < j->n; i++)
			if (!(v->items[v->n++] = qc_obj(e, rel->target, j->items[i], at)))
				return NULL;
		return q_list_depth(e, v);
	}
	if (j->kind == JSON_OBJECT && rel->uselist && rel->dict_key)
	{
		/* attribute_keyed_dict(): keyed by the attribute's value as text */
		v = q_new(e, QV_DICT, at);
		v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
		v->values = ORM_NEWN(e->a, QVal *, j->n + 1);
		for (int i = 0; i < j->n; i++)
		{
			size_t		kl = j->keylens ? j->keylens[i] : strlen(j->keys[i]);

			v->items[i] = q_lit(e, json_new_string(e->a, j->keys[i], kl), at);
			if (!(v->values[i] = qc_obj(e, rel->target, j->items[i], at)))
				return NULL;
			v->n++;
		}
		return v;
	}
	return qc_obj(e, rel->target, j, at);
}

/* The class of item i of s when it is an entity, else NULL. */
static OrmClass *
qc_item_class(const SxSelect *s, int i)
{
	const SxItem *it = s && i >= 0 && i < s->items.n ? s->items.items[i] : NULL;

	if (it && it->expr && it->expr->kind == SX_ENTITY && it->expr->from && it->expr->from->cls)
		return it->expr->from->cls;
	return NULL;
}

/* The type of item i of s, or NULL. */
static const OrmType *
qc_item_type(const SxSelect *s, int i)
{
	const SxItem *it = s && i >= 0 && i < s->items.n ? s->items.items[i] : NULL;

	return it && it->expr ? it->expr->type : NULL;
}

/*
 * Item i of s's value j when the item is a Bundle: a Row of the bundle's
 * columns (r.b.title, r.b[0], as SQLAlchemy's Bundle gives a Row-like
 * tuple), each typed as its column; else NULL.
 */
static QVal *
qc_bundle(QEnv *e, const SxSelect *s, int i, const JsonValue *j, const PyNode *at)
{
	const SxItem *it = s && i >= 0 && i < s->items.n ? s->items.items[i] : NULL;
	const SxExpr *b = it ? it->expr : NULL;
	QVal	   *v;

	if (!b || b->kind != SX_BUNDLE || j->kind != JSON_OBJECT)
		return NULL;
	v = q_new(e, QV_LIST, at);
	v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
	v->fields = ORM_NEWN(e->a, const char *, j->n + 1);
	for (int k = 0; k < j->n; k++)
	{
		const OrmType *t = k < b->nargs && b->args[k] ? b->args[k]->type : NULL;

		if (!(v->items[k] = qc_scalar(e, t, j->items[k], at)))
			return NULL;
		v->fields[k] = j->keys[k];
		v->n++;
	}
	return q_list_depth(e, v);
}

/* The item a row's position k shows (columns(...) keeps some), or -1. */
static int
qc_row_item(const OrmShape *sh, int k)
{
	if (sh->ncols == 0)
		return k;
	return k < sh->ncols ? sh->cols[k] : -1;
}

/* One element of a result: an object or a scalar, a Row, or a RowMapping (a dict). */
static QVal *
qc_element(QEnv *e, const SxSelect *s, const OrmShape *sh, QvResultKind rk,
		   const JsonValue *j, const PyNode *at)
{
	QVal	   *v;

	if (sh->scalars)
	{
		if ((v = qc_bundle(e, s, sh->scalar_col, j, at)) != NULL)
			return v;
		if (!qc_item_class(s, sh->scalar_col))
			return qc_scalar(e, qc_item_type(s, sh->scalar_col), j, at);
		v = qc_obj(e, qc_item_class(s, sh->scalar_col), j, at);
		if (v && v->kind == QV_OBJ)
			v->sel = (SxSelect *) s;	/* its loader options (query_lazy.c) */
		return v;
	}
	if (j->kind != JSON_OBJECT)
		return q_lit_from_json(e, j, at);
	if (rk == QV_RK_MAPPINGS)
	{
		v = q_new(e, QV_DICT, at);
		v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
		v->values = ORM_NEWN(e->a, QVal *, j->n + 1);
	}
	else
	{
		v = q_new(e, QV_LIST, at);
		v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
		v->fields = ORM_NEWN(e->a, const char *, j->n + 1);
	}
	for (int i = 0; i < j->n; i++)
	{
		int			k = qc_row_item(sh, i);
		QVal	   *x = qc_bundle(e, s, k, j->items[i], at);

		if (!x)
			x = qc_item_class(s, k) ? qc_obj(e, qc_item_class(s, k), j->items[i], at) :
				qc_scalar(e, qc_item_type(s, k), j->items[i], at);

		if (!x)
			return NULL;
		if (x->kind == QV_OBJ)
			x->sel = (SxSelect *) s;
		if (rk == QV_RK_MAPPINGS)
		{
			size_t		kl = j->keylens ? j->keylens[i] : strlen(j->keys[i]);

			v->items[i] = q_lit(e, json_new_string(e->a, j->keys[i], kl), at);
			v->values[i] = x;
		}
		else
		{
			v->fields[i] = j->keys[i];
			v->items[i] = x;
		}
		v->n++;
	}
	if (sh->legacy_keys && sh->ncols == 0 && rk != QV_RK_MAPPINGS && v->n == s->items.n)
		sx_legacy_keys(s, v->fields, v->n, false);
	return rk == QV_RK_MAPPINGS ? v : q_list_depth(e, v);
}

/*
 * Runs select s0 with shape sh (a copy of it: the runner writes as the
 * shape says) and makes its JSON values; NULL with the error.
 */
static QVal *
qc_run(QEnv *e, const SxSelect *s0, const OrmShape *sh, QvResultKind rk, const PyNode *at)
{
	SxSelect   *s;
	OrmBuf		out;
	JsonValue  *j;
	QVal	   *v;

	if (!e->run)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at,
					  "using what a session call returned runs its statement while the text "
					  "is evaluated: orm_select() does, orm_compile(), orm_explain() and "
					  "orm_execute() take a text of one statement");
	if (e->calls >= Q_MAX_CALLS)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at,
					  "the text's session calls ran %d statements: evaluation is bounded",
					  Q_MAX_CALLS);
	s = q_sel_copy(e, s0);
	if (q_check_items(e, s) < 0)
		return NULL;
	if (sh->legacy_keys && !sh->scalars)
	{
		/* a legacy Query's rows as Python values: every item's value (a tuple
		 * unpacks them all), its Row._fields applied by qc_element */
		OrmShape   *c = ORM_NEW(e->a, OrmShape);

		*c = *sh;
		c->legacy_keys = false;
		s->shape = c;
	}
	else
		s->shape = sh;
	orm_buf_init(&out, e->a);
	if (e->run(e->ctx, s, &out) < 0)
	{
		if (!e->ctx->err->code)
			orm_err(e->ctx->err, ORM_ERR_INTERNAL, "a session call failed without an error");
		return NULL;
	}
	e->calls++;
	e->call_bytes += out.len;
	e->ctx->uncacheable = true;
	if (e->call_bytes > Q_MAX_LOOP_BYTES)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at,
					  "the text's session calls returned more than %zu MB: evaluation is bounded",
					  Q_MAX_LOOP_BYTES >> 20);
	if (!(j = json_parse(e->a, out.data, out.len, e->ctx->err)))
		return NULL;
	if (sh->term != ORM_TERM_ALL && sh->term != ORM_TERM_FETCHMANY)
		return qc_element(e, s, sh, rk, j, at);
	if (j->kind != JSON_ARRAY)
		return Q_FAIL(e, ORM_ERR_INTERNAL, at, "a session call's rows were not a list");
	v = q_new(e, QV_LIST, at);
	v->items = ORM_NEWN(e->a, QVal *, j->n + 1);
	for (int i = 0; i < j->n; i++)
		if (!(v->items[v->n++] = qc_element(e, s, sh, rk, j->items[i], at)))
			return NULL;
	return q_list_depth(e, v);
}

/* A lazy load's statement run for its scalars: every object (term ALL) or the first. */
static QVal *
qc_run_scalars(QEnv *e, const SxSelect *s, OrmShapeTerm term, const PyNode *at)
{
	OrmShape   *sh = ORM_NEW(e->a, OrmShape);

	sh->scalars = true;
	sh->rows = true;
	sh->term = term;
	sh->line = at->line;
	sh->col = at->col;
	return qc_run(e, s, sh, QV_RK_SCALARS, at);
}

/*
 * The value of session call v (installed as QEnv.call_value): a terminal's
 * (first(), all(), get() ...) value, a Result or Query iterated (its rows,
 * as all()).  Run once: a second use reads the value kept.
 */
QVal *
q_result_value(QEnv *e, QVal *v, const PyNode *at)
{
	OrmShape   *sh;
	QVal	   *r;

	if (v->kind == QV_SELECT && v->sel->legacy_query)
	{
		/* for u in session.query(User): its all() */
		QVal	   *f;

		if (v->ran)
			return v->ran;
		if (!(f = q_query_final(e, v)))
			return NULL;
		if (!(r = qc_run(e, f->sel, f->sel->shape, QV_RK_ROWS, at)))
			return NULL;
		return v->ran = r;
	}
	if (v->kind != QV_RESULT)
		return v;
	if (v->ran)
		return v->ran;
	if (v->dml)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, at,
					  "using what session.execute() of an insert(), update() or delete() "
					  "returned is not supported: run that statement alone with orm_execute()");
	sh = ORM_NEW(e->a, OrmShape);
	*sh = *v->shape;
	if (v->result_kind != QV_RK_DONE)
	{
		sh->rows = true;		/* a Result iterated: its rows */
		sh->term = ORM_TERM_ALL;
	}
	if (!(r = qc_run(e, v->sel, sh, v->result_kind == QV_RK_DONE ? v->rows_kind :
					 v->result_kind, at)))
		return NULL;
	return v->ran = r;
}

/*
 * The calls of a statement's value run now, in order: a value that is not
 * the text's own (user = session.get(...) before the last line, totals[k] =
 * session.scalar(...) in a loop, a call whose value is dropped) runs where
 * Python runs it, its errors there.  v is the value of expression x: a call,
 * or the calls written in a list, tuple or dict display ([q.count(),
 * q.all()]) -- not the lists a name holds, so a statement costs its text.
 * Only with a runner (orm_select), and only terminals: a Result left for
 * its methods (result = session.execute(stmt); result.scalars().all()) stays
 * one statement.
 */
int
q_run_calls(QEnv *e, QVal *v, const PyNode *x)
{
	if (v->kind == QV_RESULT && v->dml)
	{
		/* it would write here, before the text's statement: not one statement */
		q_fail(e, ORM_ERR_UNSUPPORTED, v->node,
			   orm_sprintf(e->a, "session.execute() of an %s() before the text's last line is "
						   "not supported: a text runs its writing statement alone, as its "
						   "last line (orm_execute())", q_dml_word(v->dml->kind)));
		return -1;
	}
	if (v->kind == QV_DML && v->query_dml)
	{
		/* session.query(User).filter(...).update({...}) on a line of its own: the
		 * same -- SQLAlchemy writes there, before the text's statement reads */
		q_fail(e, ORM_ERR_UNSUPPORTED, v->node,
			   orm_sprintf(e->a, "Query.%s() before the text's last line is not supported: a "
						   "text runs its writing statement alone, as its last line "
						   "(orm_execute())", q_dml_word(v->dml->kind)));
		return -1;
	}
	if (!e->run)
		return 0;
	if (v->kind == QV_RESULT)
		return v->result_kind != QV_RK_DONE || v->dml || v->ran ||
			q_result_value(e, v, v->node) ? 0 : -1;
	if (!x || (x->kind != PY_LIST && x->kind != PY_TUPLE && x->kind != PY_DICT) ||
		v->n > x->nitems || (v->kind != QV_DICT && (v->kind != QV_LIST || v->fields)))
		return 0;
	for (int i = 0; i < v->n; i++)
		if (q_run_calls(e, v->kind == QV_DICT ? v->values[i] : v->items[i], NULL) < 0)
			return -1;
	return 0;
}

/* ---- Query[i] ---------------------------------------------------------------- */

/*
 * query[i]: SQLAlchemy's Query.__getitem__, list(query[i:i + 1])[0] -- the
 * statement with LIMIT 1 OFFSET i, its one object (IndexError when none); a
 * negative index is SQLAlchemy's IndexError.
 */
QVal *
q_query_index(QEnv *e, QVal *q, QVal *idx, const PyNode *n)
{
	SxSelect   *s;
	QVal	   *f,
			   *l;
	int64_t		i;

	if (idx->kind != QV_LIT || idx->lit_type || idx->json->kind != JSON_NUMBER ||
		!idx->json->is_int)
		return Q_FAIL(e, ORM_ERR_QUERY, n->b, "Query indices must be integers or slices, not %s",
					  q_py_type_name(idx));
	i = idx->json->ival;
	if (i < 0)
		return Q_FAIL(e, ORM_ERR_QUERY, n->b, "IndexError: negative indexes are not accepted "
					  "by SQL index / slice operators");
	if (!(f = q_query_final(e, q)))
		return NULL;
	s = f->sel;
	if (s->limit || s->offset)
	{
		/* q.limit(5)[2]: the limited rows' item, as SQLAlchemy's slice of a slice */
		if (!(l = qc_run(e, s, s->shape, QV_RK_ROWS, n)))
			return NULL;
		if (i >= l->n)
			return Q_FAIL(e, ORM_ERR_QUERY, n->b, "list index out of range");
		return l->items[i];
	}
	s = q_sel_copy(e, s);
	s->shape = f->sel->shape;
	if (!(s->limit = q_param(e, q_lit(e, json_new_int(e->a, 1), n), &q_t_int)) ||
		!(s->offset = q_param(e, q_lit(e, json_new_int(e->a, i), n), &q_t_int)))
		return NULL;
	if (!(l = qc_run(e, s, s->shape, QV_RK_ROWS, n)))
		return NULL;
	if (l->n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, n->b, "list index out of range");
	return l->items[0];
}

/* ---- attributes of objects and Rows -------------------------------------- */

/*
 * obj.rel when the object's JSON has not got it: SQLAlchemy's lazy load --
 * select(Target).where(with_parent(obj, Owner.rel)) (ordered by the
 * relationship's order_by), its objects, or the one object or None; a
 * many-to-one whose foreign key is None is None without a statement.  The
 * value is kept in the object's JSON (it is loaded now, as in SQLAlchemy).
 */
static QVal *
qc_lazy(QEnv *e, QVal *obj, OrmRelationship *rel, const PyNode *n)
{
	QVal	   *owner,
			   *rv,
			   *crit,
			   *ent,
			   *sv,
			   *args[2],
			   *r;
	OrmBuf		out;
	JsonValue  *j;
	const char *raise = q_lazy_raise(obj, rel);

	/* raiseload() / lazy="raise": before anything; "raise_on_sql" where SQL would run */
	if (raise && raise[5] == '\0')
		return Q_FAIL(e, ORM_ERR_QUERY, n, "'%s.%s' is not available due to lazy='raise'",
					  rel->owner->name, rel->name);
	if (rel->npairs == 0 || rel->secondary_join || !rel->target)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
					  "%s.%s is not loaded, and loading it here is not supported (a join "
					  "without column pairs): load it with the statement (selectinload(%s.%s))",
					  obj->cls->name, rel->name, rel->owner->name, rel->name);
	if (rel->dir == ORM_REL_MANYTOONE)
		for (int k = 0; k < rel->npairs; k++)
		{
			const OrmColumn *c = rel->local_cols[k];
			const JsonValue *x = json_get(obj->json, c->attr ? c->attr : c->name);

			if (x && x->kind == JSON_NULL)
				return qc_none(e, n);
		}
	if (raise)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "'%s.%s' is not available due to lazy='%s'",
					  rel->owner->name, rel->name, raise);
	if (e->awaits)
		/* AsyncSession: the lazy load's IO outside greenlet_spawn() */
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "MissingGreenlet: greenlet_spawn has not been called; can't call "
					  "await_only() here. Was IO attempted in an unexpected place? (%s.%s is "
					  "not loaded: load it with the statement, selectinload(%s.%s))",
					  obj->cls->name, rel->name, rel->owner->name, rel->name);
	owner = q_entity(e, q_class_from(e, rel->owner->table, rel->owner), n);
	if (!(rv = q_attr_entity(e, owner, rel->name, n)))
		return NULL;
	args[0] = q_lit(e, obj->json, n);
	args[1] = rv;
	if (!(crit = q_with_parent(e, q_call_with(e, n, "qc", 2, args))))
		return NULL;
	ent = q_entity(e, q_class_from(e, rel->target->table, rel->target), n);
	args[0] = ent;
	if (!(sv = q_builtin_lookup("select")->fn(e, q_call_with(e, n, "qc", 1, args))))
		return NULL;
	args[0] = crit;
	if (!(sv = q_call_method(e, sv, "where", q_call_with(e, n, "qc", 1, args))))
		return NULL;
	if (sv->kind != QV_SELECT)
		return Q_FAIL(e, ORM_ERR_INTERNAL, n, "lazy load of %s.%s: no select", rel->owner->name,
					  rel->name);
	for (int i = 0; i < rel->norder; i++)
		orm_vec_push(e->a, &sv->sel->order_by,
					 sx_order(e->a, sx_column(e->a, ent->from, rel->order_by[i].col),
							  rel->order_by[i].desc));
	if (rel->lazy == ORM_LAZY_DYNAMIC)
	{
		/* lazy="dynamic": the attribute is a Query (SQLAlchemy's AppenderQuery)
		 * of the related objects -- publisher.books.filter(...).count() */
		sv->sel->legacy_query = true;
		return sv;
	}
	if (!(r = qc_run_scalars(e, sv->sel, rel->uselist ? ORM_TERM_ALL : ORM_TERM_FIRST, n)))
		return NULL;
	/* kept on the object: its JSON gets the relationship, as a load writes it */
	if (!(j = q_value_json(e, r, 0)))
		return NULL;
	orm_buf_init(&out, e->a);
	if (rel->uselist && rel->dict_key && j->kind == JSON_ARRAY)
	{
		JsonValue  *d = json_new(e->a, JSON_OBJECT);

		for (int i = 0; i < j->n; i++)
		{
			const JsonValue *k = j->items[i]->kind == JSON_OBJECT ?
				json_get(j->items[i], rel->dict_key) : NULL;

			orm_buf_truncate(&out, 0);
			if (k && k->kind == JSON_STRING)
				orm_buf_put(&out, k->str, k->len);
			else if (k)
				json_write(&out, k);
			json_object_set(e->a, d, orm_strndup(e->a, out.data, out.len), j->items[i]);
		}
		j = d;
	}
	json_object_set(e->a, obj->json, rel->name, j);
	return qc_rel_value(e, rel, j, n);
}

/* The column of cls's attribute name, inherited ones included, or NULL. */
static const OrmColumn *
qc_column(const OrmClass *cls, const char *name)
{
	const OrmProp *p = orm_class_prop(cls, name);

	return p && p->ncols > 0 ? p->cols[0] : orm_class_attr(cls, name);
}

/*
 * obj.name of a column attribute or column_property() the statement left
 * unloaded (deferred, load_only()): SQLAlchemy loads it by the object's
 * primary key, select(Cls.name).where(Cls.pk == key); the value is kept in
 * the object's JSON.  Reading it raises instead where raiseload says so
 * (query_lazy.c); a text that awaits raises MissingGreenlet, as for a lazy
 * relationship.
 */
static QVal *
qc_load_col(QEnv *e, QVal *obj, const char *name, bool model_raise, const PyNode *n)
{
	OrmTable   *t = obj->cls->table;
	QVal	   *ent,
			   *sv,
			   *args[1],
			   *r;
	JsonValue  *j;

	if (q_col_raise(obj, name, model_raise))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "'%s.%s' is not available due to raiseload=True",
					  obj->cls->name, name);
	if (e->awaits)
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "MissingGreenlet: greenlet_spawn has not been called; can't call "
					  "await_only() here. Was IO attempted in an unexpected place? (%s.%s is "
					  "not loaded: load it with the statement, undefer(%s.%s))",
					  obj->cls->name, name, obj->cls->name, name);
	if (!t || t->npk == 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
					  "%s.%s is not loaded, and loading it here is not supported (no primary "
					  "key): load it with the statement (undefer())", obj->cls->name, name);
	ent = q_entity(e, q_class_from(e, t, obj->cls), n);
	if (!(args[0] = q_attr_entity(e, ent, name, n)))
		return NULL;
	if (!(sv = q_builtin_lookup("select")->fn(e, q_call_with(e, n, "qc", 1, args))))
		return NULL;
	for (int k = 0; k < t->npk; k++)
	{
		const OrmColumn *c = t->pk[k];
		const char *key = c->attr ? c->attr : c->name;
		JsonValue  *kj = (JsonValue *) json_get(obj->json, key);
		QVal	   *kv;

		if (!kj || kj->kind == JSON_NULL)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
						  "%s.%s is not loaded, and loading it here needs the object's primary "
						  "key (%s is not loaded either)", obj->cls->name, name, key);
		if (!(kv = q_attr_entity(e, ent, key, n)) ||
			!(args[0] = q_compare(e, SXOP_EQ, kv, q_lit(e, kj, n), n)) ||
			!(sv = q_call_method(e, sv, "where", q_call_with(e, n, "qc", 1, args))))
			return NULL;
	}
	if (sv->kind != QV_SELECT)
		return Q_FAIL(e, ORM_ERR_INTERNAL, n, "load of %s.%s: no select", obj->cls->name, name);
	if (!(r = qc_run_scalars(e, sv->sel, ORM_TERM_FIRST, n)))
		return NULL;
	if (!(j = q_value_json(e, r, 0)))
		return NULL;
	json_object_set(e->a, obj->json, name, j);
	return r;
}

/* obj.name of an ORM object: its column, its relationship (loaded now if need be) */
static QVal *
qc_obj_attr(QEnv *e, QVal *obj, const PyNode *n)
{
	const char *name = n->str;
	const JsonValue *j = json_get(obj->json, name);
	OrmRelationship *rel = orm_class_allrel(obj->cls, name);

	if (j)
	{
		const OrmColumn *c = rel ? NULL : qc_column(obj->cls, name);

		return rel ? qc_rel_value(e, rel, j, n) : qc_scalar(e, c ? &c->type : NULL, j, n);
	}
	if (rel)
		return qc_lazy(e, obj, rel, n);
	if (strcmp(name, "__class__") == 0)
		return q_class_of(e, obj->cls, n);	/* query_introspect.c */
	if (qc_column(obj->cls, name))
		return qc_load_col(e, obj, name, qc_column(obj->cls, name)->deferred_raiseload, n);
	if (orm_class_xattr(obj->cls, name) && orm_class_xattr(obj->cls, name)->kind == ORM_XA_EXPR)
		return qc_load_col(e, obj, name, orm_class_xattr(obj->cls, name)->deferred_raiseload, n);
	if (orm_class_xattr(obj->cls, name) || orm_class_composite(obj->cls, name))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
					  "%s.%s is not loaded (deferred, or a query_expression()), and loading it "
					  "here is not supported: load it with the statement (undefer(), "
					  "with_expression())", obj->cls->name, name);
	return Q_FAIL(e, ORM_ERR_QUERY, n, "AttributeError: '%s' object has no attribute '%s'",
				  obj->cls->name, name);
}

/* Does a later item of a (legacy Query's) row have item i's name? */
static bool
qc_row_field_later(const QVal *row, int i)
{
	for (int j = i + 1; j < row->n; j++)
		if (row->fields[j] && strcmp(row->fields[j], row->fields[i]) == 0)
			return true;
	return false;
}

/* row._fields: a tuple of its names (a legacy Query's two items of one name twice) */
static QVal *
qc_row_fields(QEnv *e, QVal *row, const PyNode *n, bool mapping)
{
	QVal	   *v = q_new(e, mapping ? QV_DICT : QV_LIST, n);

	v->items = ORM_NEWN(e->a, QVal *, row->n + 1);
	if (mapping)
		v->values = ORM_NEWN(e->a, QVal *, row->n + 1);
	for (int i = 0; i < row->n; i++)
	{
		if (!row->fields[i])
			continue;			/* a legacy Query's unnamed item: not in _fields */
		if (mapping && qc_row_field_later(row, i))
			continue;			/* two items of one name: the mapping has the last */
		v->items[v->n] = q_lit(e, json_new_string(e->a, row->fields[i], strlen(row->fields[i])), n);
		if (mapping)
			v->values[v->n] = row->items[i];
		v->n++;
	}
	if (!mapping)
	{
		/* a tuple: a node written as one */
		PyNode	   *t = ORM_NEW(e->a, PyNode);

		*t = *n;
		t->kind = PY_TUPLE;
		v->node = t;
		return q_list_depth(e, v);
	}
	return v;
}


/* row._t / row._tuple(): the row's values as a plain tuple */
static QVal *
qc_row_tuple(QEnv *e, QVal *row, const PyNode *at)
{
	QVal	   *t = qc_row_fields(e, row, at, false);

	if (!t)
		return NULL;
	for (int i = 0; i < row->n; i++)
		t->items[i] = row->items[i];
	t->n = row->n;
	return q_list_depth(e, t);
}

/*
 * base.name, base one of the values calls return: an ORM object's attribute,
 * a Row's column by name (and _fields, _mapping, _t), None's AttributeError.
 */
QVal *
q_value_attr(QEnv *e, QVal *base, const PyNode *n)
{
	const char *name = n->str;

	if (base->kind == QV_OBJ)
		return qc_obj_attr(e, base, n);
	if (base->kind == QV_LIST && base->fields)
	{
		if (strcmp(name, "_fields") == 0)
			return qc_row_fields(e, base, n, false);
		if (strcmp(name, "_mapping") == 0)
			return qc_row_fields(e, base, n, true);
		if (strcmp(name, "_t") == 0)
			return qc_row_tuple(e, base, n);
		for (int i = base->n - 1; i >= 0; i--)
			if (base->fields[i] && strcmp(base->fields[i], name) == 0)
				return base->items[i];	/* of two of one name, the last */
		return Q_FAIL(e, ORM_ERR_QUERY, n, "AttributeError: %s", name);
	}
	return Q_FAIL(e, ORM_ERR_QUERY, n, "AttributeError: '%s' object has no attribute '%s'",
				  q_py_type_name(base), name);
}

/* row._asdict(), row._tuple(), row.count(x), row.index(x); an object's and None's AttributeError */
QVal *
q_row_method(QEnv *e, QVal *row, const char *m, const PyNode *call)
{
	if (row->kind == QV_LIST && row->fields)
	{
		if ((strcmp(m, "_asdict") == 0 || strcmp(m, "_tuple") == 0) &&
			(call->nitems > 0 || call->nkw > 0))
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes no arguments", m);
		if (strcmp(m, "_asdict") == 0)
			return qc_row_fields(e, row, call, true);
		if (strcmp(m, "_tuple") == 0)
			return qc_row_tuple(e, row, call);
		for (int i = 0; i < row->n; i++)
			if (row->fields[i] && strcmp(row->fields[i], m) == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, call, "'%s' object is not callable",
							  q_py_type_name(row->items[i]));
		return Q_FAIL(e, ORM_ERR_QUERY, call, "AttributeError: %s", m);
	}
	if (row->kind == QV_OBJ && json_get(row->json, m))
	{
		/* user.name(): the attribute's value called */
		const JsonValue *j = json_get(row->json, m);
		const OrmRelationship *rel = orm_class_allrel(row->cls, m);

		return Q_FAIL(e, ORM_ERR_QUERY, call, "'%s' object is not callable",
					  rel && j->kind == JSON_ARRAY ? "InstrumentedList" :
					  rel && j->kind == JSON_OBJECT ? rel->target->name :
					  q_py_type_name(q_lit_from_json(e, j, call)));
	}
	return Q_FAIL(e, ORM_ERR_QUERY, call, "AttributeError: '%s' object has no attribute '%s'",
				  q_py_type_name(row), m);
}

/* ---- the text's value ------------------------------------------------------ */

/* Does v hold a session call or a value one returned (a list or dict of them)? */
bool
q_has_call(const QVal *v, int depth)
{
	if (depth > Q_MAX_DEPTH)
		return false;
	switch (v->kind)
	{
		case QV_RESULT:
		case QV_OBJ:
			return true;
		case QV_LIST:
			if (v->fields)
				return true;
			for (int i = 0; i < v->n; i++)
				if (q_has_call(v->items[i], depth + 1))
					return true;
			return false;
		case QV_DICT:
			for (int i = 0; i < v->n; i++)
				if (q_has_call(v->values[i], depth + 1))
					return true;
			return false;
		default:
			return false;
	}
}

/*
 * The text's value when its session calls ran (or it is a list or dict of
 * calls): a call or statement left as the last value runs as the text's
 * own (0 and *sel NULL: query.c goes on with it, nothing kept); a Python
 * value -- [q.count(), q.all()], totals, user -- is written as JSON into a
 * select that runs nothing (its shape's json).  1 done, 0 go on, -1 error.
 */
int
q_final_value(QEnv *e, QVal *v, SxSelect **sel)
{
	JsonValue  *j;
	OrmBuf		out;
	SxSelect   *s;
	OrmShape   *sh;

	e->ctx->uncacheable = true;
	if (v->kind == QV_RESULT && !v->ran)
		return 0;				/* the last call: the text's statement */
	if (v->kind == QV_SELECT || v->kind == QV_DML || v->kind == QV_ENTITY ||
		v->kind == QV_EXPR)
		return 0;
	if (!(j = q_value_json(e, v, 0)))
		return -1;
	orm_buf_init(&out, e->a);
	json_write(&out, j);
	s = sx_select_new(e->a);
	s->line = v->node ? v->node->line : 0;
	s->col = v->node ? v->node->col : 0;
	sh = ORM_NEW(e->a, OrmShape);
	sh->json = orm_strndup(e->a, out.data, out.len);
	s->shape = sh;
	*sel = s;
	return 1;
}
