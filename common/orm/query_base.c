/*
 * query_base.c -- the query evaluator's ground floor (query_int.h): QVal
 * constructors, error reporting (q_fail, Q_FAIL), call arguments (q_arg,
 * q_kwarg), the text's variable table, the one un-aliased FROM per class,
 * copies of a select (statements are generative), the columns of a
 * subquery by name, a select's selected_columns, aliased(Entity, subquery),
 * and an entity's attributes.
 *
 * A mapped class used without aliased() has exactly one SxFrom per call
 * (sqlexpr.h), which makes correlation work.
 *
 * Assumes: QEnv was set up by query.c.  Calls no other query piece; q_arg
 * and q_kwarg evaluate their argument through q_eval (query_int.h).
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "sql/criteria.h"
#include "sql/entity.h"

#include <limits.h>
#include <string.h>

/* ---- the types of Python's literals -------------------------------------- */

const OrmType q_t_int = {.kind = ORM_T_INTEGER, .precision = -1, .scale = -1};
const OrmType q_t_float = {.kind = ORM_T_FLOAT, .precision = -1, .scale = -1};
const OrmType q_t_str = {.kind = ORM_T_STRING, .precision = -1, .scale = -1};
const OrmType q_t_bool = {.kind = ORM_T_BOOLEAN, .precision = -1, .scale = -1};
const OrmType q_t_null = {.kind = ORM_T_NULLTYPE, .precision = -1, .scale = -1};

/* ---- small helpers ------------------------------------------------------- */

QVal *
q_new(QEnv *e, QvKind kind, const PyNode *node)
{
	QVal	   *v = ORM_NEW(e->a, QVal);

	v->kind = kind;
	v->node = node;
	return v;
}

void *
q_fail(QEnv *e, OrmErrCode code, const PyNode *n, const char *msg)
{
	if (n)
		orm_err_at(e->ctx->err, code, n->line, n->col, "%s", msg);
	else
		orm_err(e->ctx->err, code, "%s", msg);
	return NULL;
}

/*
 * An SQL expression value.  x NULL means building it failed (its error is
 * set): the value is NULL too, so a QV_EXPR never holds a NULL expression.
 */
QVal *
q_expr_val(QEnv *e, SxExpr *x, const PyNode *node)
{
	QVal	   *v;

	if (!x)
	{
		if (!e->ctx->err->code)
			q_fail(e, ORM_ERR_INTERNAL, node, "an expression could not be built here");
		return NULL;
	}
	v = q_new(e, QV_EXPR, node);
	if (node && x->line == 0)
	{
		x->line = node->line;
		x->column = node->col;
	}
	v->expr = x;
	return v;
}

SxExpr *
q_sx(QEnv *e, SxKind kind, const OrmType *t)
{
	SxExpr	   *x = ORM_NEW(e->a, SxExpr);

	x->kind = kind;
	x->type = t;
	return x;
}

bool
q_is_lit_kind(const QVal *v, JsonKind k)
{
	/* a bindparam() with no value yet is no literal of any kind: it binds */
	return v && v->kind == QV_LIT && v->json->kind == k && !v->bind_pending;
}

const char *
q_str_arg(const QVal *v)
{
	if (v && v->kind == QV_LIT && v->json->kind == JSON_STRING)
		return v->json->str;
	return NULL;
}

/* A FROM of the class itself, not aliased() (nor a subquery entity). */
bool
q_from_is_plain(const SxFrom *f)
{
	return f->kind == SXF_TABLE && !f->is_alias;
}

/*
 * The one unaliased FROM of class cls (of plain table t when cls is NULL).
 * A class of an inheritance hierarchy has its own (which the compiler
 * merges with its superclasses' where they name the same tables); one with
 * with_polymorphic classes (its __mapper_args__, its subclasses'
 * polymorphic_load="inline") joins their tables, as SQLAlchemy's mapper
 * selectable does.
 */
SxFrom *
q_class_from(QEnv *e, OrmTable *t, OrmClass *cls)
{
	const void *key = cls ? (const void *) cls : (const void *) t;
	SxFrom	   *f;

	for (int i = 0; i < e->class_key.n; i++)
	{
		if (e->class_key.items[i] != key)
			continue;
		f = e->class_from.items[i];
		if (f == e->watch)
			e->watched = true;
		return f;
	}
	f = sx_from_table(e->a, t, cls);
	f->is_alias = e->alias_classes;
	if (cls)
		q_vec_copy(e->a, &f->poly, &cls->wp);
	q_class_from_set(e, key, f);
	return f;
}

/* Sets (or adds) the FROM standing for key (a class, or a plain table). */
void
q_class_from_set(QEnv *e, const void *key, SxFrom *f)
{
	for (int i = 0; i < e->class_key.n; i++)
		if (e->class_key.items[i] == key)
		{
			e->class_from.items[i] = f;
			return;
		}
	orm_vec_push(e->a, &e->class_key, (void *) key);
	orm_vec_push(e->a, &e->class_from, f);
}

SxFrom *
q_alias_from(QEnv *e, OrmTable *t, OrmClass *cls, const char *name)
{
	SxFrom	   *f = sx_from_table(e->a, t, cls);

	f->is_alias = true;
	f->name = name;
	return f;
}

QVal *
q_entity(QEnv *e, SxFrom *f, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_ENTITY, node);

	v->from = f;
	v->cls = f->cls;
	return v;
}

const char *
q_entity_key(const SxFrom *f)
{
	if (f->entity_name)
		return f->entity_name;
	if (f->is_alias && f->name)
		return f->name;
	return f->cls ? f->cls->name : f->table->name;
}

/* Positional argument i of a call, evaluated; NULL + error when missing. */
QVal *
q_arg(QEnv *e, const PyNode *call, int i, const char *what)
{
	if (i >= call->nitems)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() needs more arguments", what);
	return q_eval(e, call->items[i]);
}

/*
 * f(**kw): call with each ** argument that evaluates to a dict of string keys
 * the text gives (kw = {"slug": "x"}) spelled out as keyword arguments (its
 * value nodes, evaluated where the call evaluates them); the call itself
 * when it has none; NULL with the error when one is not such a dict.
 */
const PyNode *
q_expand_dstar(QEnv *e, const PyNode *call)
{
	PyNode	   *c;
	OrmPtrVec	names = {0},
				values = {0};
	bool		any = false;

	for (int i = 0; i < call->nkw; i++)
		any = any || !call->kwnames[i];
	if (!any)
		return call;
	for (int i = 0; i < call->nkw; i++)
	{
		QVal	   *v;

		if (call->kwnames[i])
		{
			orm_vec_push(e->a, &names, (void *) call->kwnames[i]);
			orm_vec_push(e->a, &values, call->kwvalues[i]);
			continue;
		}
		if (!call->kwvalues[i] || !call->kwvalues[i]->a)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "** needs a dict");
		if (!(v = q_eval(e, call->kwvalues[i]->a)))
			return NULL;
		if (v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_OBJECT)
		{
			/* filter_by(**filters) of a params object: its members */
			QVal	   *d = q_new(e, QV_DICT, v->node);

			d->n = v->json->n;
			d->items = ORM_NEWN(e->a, QVal *, d->n + 1);
			d->values = ORM_NEWN(e->a, QVal *, d->n + 1);
			for (int k = 0; k < d->n; k++)
			{
				d->items[k] = q_lit(e, json_new_string(e->a, v->json->keys[k], strlen(v->json->keys[k])),
									call->kwvalues[i]);
				d->values[k] = q_lit(e, v->json->items[k], call->kwvalues[i]);
			}
			v = d;
		}
		if (v->kind != QV_DICT)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "argument after ** must be a dict");
		for (int k = 0; k < v->n; k++)
		{
			const char *key = q_str_arg(v->items[k]);

			if (!key)
				return Q_FAIL(e, ORM_ERR_QUERY, v->items[k]->node, "keywords must be strings");
			PyNode	   *vn;
			const char *hidden;

			if (!v->values[k]->node)
				return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "argument after ** must be a dict");
			/*
			 * The value as it is now (a loop variable's, `filter_by(**{key:
			 * value})`), not its node evaluated again: a name no text can
			 * spell, bound to it, at the value's place.
			 */
			hidden = orm_sprintf(e->a, "\x01**%d", e->var_n);
			q_var_set(e, hidden, v->values[k]);
			vn = ORM_NEW(e->a, PyNode);
			*vn = *v->values[k]->node;
			vn->kind = PY_NAME;
			vn->str = hidden;
			vn->nitems = 0;
			vn->nkw = 0;
			vn->a = vn->b = vn->c = NULL;
			vn->items = vn->values = vn->kwvalues = NULL;
			vn->kwnames = NULL;
			orm_vec_push(e->a, &names, (void *) key);
			orm_vec_push(e->a, &values, (void *) vn);
		}
	}
	c = ORM_NEW(e->a, PyNode);
	*c = *call;
	c->nkw = names.n;
	c->kwnames = (const char **) names.items;
	c->kwvalues = (PyNode **) values.items;
	return c;
}

/* Keyword argument: 1 found (*out set), 0 absent, -1 error. */
int
q_kwarg(QEnv *e, const PyNode *call, const char *name, QVal **out)
{
	int			i;

	*out = NULL;
	for (i = 0; i < call->nkw; i++)
	{
		if (call->kwnames[i] && strcmp(call->kwnames[i], name) == 0)
		{
			*out = q_eval(e, call->kwvalues[i]);
			return *out ? 1 : -1;
		}
	}
	return 0;
}

bool
q_kw_true(QEnv *e, const PyNode *call, const char *name, int *err)
{
	QVal	   *v;
	int			r = q_kwarg(e, call, name, &v);

	if (r < 0)
		*err = 1;
	return r > 0 && q_is_lit_kind(v, JSON_TRUE);
}

bool
q_type_known(const OrmType *t)
{
	return t && t->kind != ORM_T_UNKNOWN && t->kind != ORM_T_NULLTYPE;
}

/* ---- SELECT copies (statements are generative, as in SQLAlchemy) --------- */

void
q_vec_copy(OrmArena *a, OrmPtrVec *dst, const OrmPtrVec *src)
{
	int			i;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < src->n; i++)
		orm_vec_push(a, dst, src->items[i]);
}

SxSelect *
q_sel_copy(QEnv *e, const SxSelect *s)
{
	SxSelect   *c = sx_select_new(e->a);

	*c = *s;
	q_vec_copy(e->a, &c->items, &s->items);
	q_vec_copy(e->a, &c->froms, &s->froms);
	q_vec_copy(e->a, &c->joins, &s->joins);
	q_vec_copy(e->a, &c->group_by, &s->group_by);
	q_vec_copy(e->a, &c->order_by, &s->order_by);
	q_vec_copy(e->a, &c->distinct_on, &s->distinct_on);
	q_vec_copy(e->a, &c->parts, &s->parts);
	q_vec_copy(e->a, &c->options, &s->options);
	q_vec_copy(e->a, &c->crit, &s->crit);
	q_vec_copy(e->a, &c->correlate, &s->correlate);
	q_vec_copy(e->a, &c->correlate_except, &s->correlate_except);
	q_vec_copy(e->a, &c->for_update_of, &s->for_update_of);
	q_vec_copy(e->a, &c->replaced, &s->replaced);
	q_vec_copy(e->a, &c->adapt, &s->adapt);
	q_vec_copy(e->a, &c->core_froms, &s->core_froms);
	c->implicit_subq = NULL;	/* a changed statement is another subquery */
	return c;
}

QVal *
q_sel_val(QEnv *e, SxSelect *s, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_SELECT, node);

	v->sel = s;
	return v;
}

/* ---- the text's variables ------------------------------------------------ */

/* The slot of name in the variable table (empty when it is not bound). */
static int
q_var_slot(const QEnv *e, const char *name)
{
	int			p = (int) (orm_hash_str(name, strlen(name)) & (uint64_t) (e->var_cap - 1));

	while (e->var_names[p] && strcmp(e->var_names[p], name) != 0)
		p = (p + 1) & (e->var_cap - 1);
	return p;
}

QVal *
q_var(QEnv *e, const char *name)
{
	return e->var_cap ? e->var_vals[q_var_slot(e, name)] : NULL;
}

/* Binds name to v; a name bound again is replaced (Python's rebinding). */
void
q_var_set(QEnv *e, const char *name, QVal *v)
{
	int			p;

	if ((e->var_n + 1) * 2 > e->var_cap)
	{
		const char **on = e->var_names;
		QVal	  **ov = e->var_vals;
		int			oc = e->var_cap;

		e->var_cap = oc ? oc * 2 : 16;
		e->var_names = ORM_NEWN(e->a, const char *, e->var_cap);
		e->var_vals = ORM_NEWN(e->a, QVal *, e->var_cap);
		for (int k = 0; k < oc; k++)
			if (on[k])
			{
				p = q_var_slot(e, on[k]);
				e->var_names[p] = on[k];
				e->var_vals[p] = ov[k];
			}
	}
	p = q_var_slot(e, name);
	if (!e->var_names[p])
	{
		e->var_names[p] = name;
		e->var_n++;
	}
	e->var_vals[p] = v;
}

/* ---- a subquery's columns ------------------------------------------------ */

/* A text() select-list item: in no subquery's .c (SQLAlchemy's TextClause has no name). */
static bool
q_item_is_text(const SxItem *it)
{
	return it->expr && it->expr->kind == SX_RAW && !it->expr->negated;
}

/* Column names of a subquery/CTE, as its .c collection names them. */
int
q_subq_cols(QEnv *e, SxFrom *f, const char ***names, const OrmType ***types)
{
	SxSelect   *s = f->select;
	OrmPtrVec	nv = {0},
				tv = {0};
	int			i,
				j,
				k;

	while (s->compound != SXC_NONE && s->parts.n > 0)
		s = s->parts.items[0];
	for (i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];

		if (q_item_is_text(it))
			continue;			/* text(): no column of .c, as in SQLAlchemy */
		if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls)
		{
			OrmClass   *c = it->expr->from->cls;
			OrmColumn **cols;
			int			n = sx_entity_cols(e->a, it->expr->from, c, &cols);

			/* an entity's columns are named by column name (sq.c.title), as
			 * SQLAlchemy names them; a column attribute by its key */
			for (j = 0; j < n; j++)
			{
				orm_vec_push(e->a, &nv, (void *) cols[j]->name);
				orm_vec_push(e->a, &tv, (void *) &cols[j]->type);
			}
			continue;
		}
		if (it->expr && it->expr->kind == SX_BUNDLE)
		{
			/* a Bundle in a subquery: its columns */
			for (j = 0; j < it->expr->nargs; j++)
			{
				SxExpr	   *a = it->expr->args[j];

				orm_vec_push(e->a, &nv, (void *) (a->name[0] ? a->name : "_no_label"));
				orm_vec_push(e->a, &tv, (void *) a->type);
			}
			continue;
		}
		orm_vec_push(e->a, &nv, (void *) (it->key ? it->key : "_no_label"));
		orm_vec_push(e->a, &tv, (void *) (it->expr ? it->expr->type : NULL));
	}
	/* duplicates get base_1, base_2 (compile.c labels the columns the same way) */
	for (i = 0; i < nv.n; i++)
	{
		const char *base = nv.items[i];

		for (j = 0, k = 0; j < i; j++)
			if (strcmp(nv.items[i], nv.items[j]) == 0)
			{
				nv.items[i] = orm_sprintf(e->a, "%s_%d", base, ++k);
				j = -1;
			}
	}
	*names = (const char **) nv.items;
	*types = (const OrmType **) tv.items;
	return nv.n;
}

/*
 * The table column each column of subquery f (in q_subq_cols order) is
 * derived from -- a column of a table, or of a subquery of one, unlabeled
 * or labeled -- or NULL (an expression): what SQLAlchemy's
 * corresponding_column() follows to map an entity onto a subquery.
 */
OrmColumn **
q_subq_sources(QEnv *e, SxFrom *f, int depth)
{
	SxSelect   *s = f->select;
	OrmPtrVec	src = {0};

	while (s->compound != SXC_NONE && s->parts.n > 0)
		s = s->parts.items[0];
	for (int i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];
		SxExpr	   *x = it->expr;

		if (q_item_is_text(it))
			continue;
		if (x && x->kind == SX_ENTITY && x->from->cls)
		{
			OrmColumn **cols;
			int			nc = sx_entity_cols(e->a, x->from, x->from->cls, &cols);

			for (int j = 0; j < nc; j++)
				orm_vec_push(e->a, &src, cols[j]);
			continue;
		}
		if (x && x->kind == SX_BUNDLE)
		{
			for (int j = 0; j < x->nargs; j++)
				orm_vec_push(e->a, &src, x->args[j]->left->kind == SX_COLUMN ?
							 x->args[j]->left->col : NULL);
			continue;
		}
		while (x && x->kind == SX_LABEL)
			x = x->left;
		if (x && x->kind == SX_COLUMN)
			orm_vec_push(e->a, &src, x->col);
		else if (x && x->kind == SX_FROMCOL && x->from->select && depth < Q_MAX_DEPTH)
		{
			OrmColumn **inner = q_subq_sources(e, x->from, depth + 1);

			orm_vec_push(e->a, &src, inner[x->index]);
		}
		else
			orm_vec_push(e->a, &src, NULL);
	}
	orm_vec_push(e->a, &src, NULL);
	return (OrmColumn **) src.items;
}

/*
 * Is column idx of subquery f (q_subq_cols order) anonymous -- an unlabeled
 * function or expression, whose name in the subquery is made up
 * (count_1)?  Row._fields then has no name for it, as in SQLAlchemy.
 */
bool
q_subq_col_anon(QEnv *e, const SxFrom *f, int idx)
{
	SxSelect   *s = f->select;
	int			k = 0;

	while (s->compound != SXC_NONE && s->parts.n > 0)
		s = s->parts.items[0];
	for (int i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];
		SxExpr	   *x = it->expr;
		int			width = 1;

		if (q_item_is_text(it))
			continue;
		if (x && x->kind == SX_ENTITY && x->from->cls)
		{
			OrmColumn **cols;

			width = sx_entity_cols(e->a, x->from, x->from->cls, &cols);
		}
		else if (x && x->kind == SX_BUNDLE)
			width = x->nargs;
		if (idx >= k + width)
		{
			k += width;
			continue;
		}
		if (x && x->kind == SX_ENTITY)
			return false;
		if (x && x->kind == SX_BUNDLE)
			return !x->args[idx - k]->name[0];
		if (!it->key || !x || x->kind == SX_FUNC)
			return true;
		if (x->kind == SX_FROMCOL)
			return x->anon;
		return false;
	}
	return false;
}

QVal *
q_subq_col(QEnv *e, SxFrom *f, const char *name, const PyNode *node)
{
	const char **names;
	const OrmType **types;
	int			n = q_subq_cols(e, f, &names, &types),
				i;
	SxExpr	   *x;

	for (i = 0; i < n; i++)
	{
		if (strcmp(names[i], name) == 0)
		{
			x = q_sx(e, SX_FROMCOL, types[i]);
			x->from = f;
			x->index = i;
			x->name = names[i];
			x->anon = q_subq_col_anon(e, f, i);
			return q_expr_val(e, x, node);
		}
	}
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, node, name, NULL, "unknown column \"%s\" on %s", name,
				  f->name ? f->name : "subquery");
}

/*
 * stmt.selected_columns.<name> / ["name"] / [i] (exported_columns the
 * same): the expression the select (a compound: its first part) selects
 * under that key -- a label, a column attribute, one column of an entity
 * (by attribute name), repeated keys numbered name_1 as SQLAlchemy's
 * collection numbers them.  The expression itself, as in SQLAlchemy, so
 * from_statement(stmt) finds it among stmt's columns (query_select.c).
 * name NULL: the idx-th.
 */
QVal *
q_sel_col(QEnv *e, SxSelect *s, const char *name, int64_t idx, const PyNode *node)
{
	OrmPtrVec	keys = {0},
				exprs = {0};

	while (s->compound != SXC_NONE && s->parts.n > 0)
		s = s->parts.items[0];
	if (s->raw)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
					  "selected_columns of a textual select is not supported");
	for (int i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];
		SxExpr	   *x = it->expr;

		if (x && x->kind == SX_ENTITY && x->from->cls)
		{
			OrmColumn **cols;
			int			n = sx_entity_cols(e->a, x->from, x->from->cls, &cols);

			for (int k = 0; k < n; k++)
			{
				SxExpr	   *c = sx_column(e->a, x->from, cols[k]);

				c->type = &cols[k]->type;
				orm_vec_push(e->a, &keys, (void *) (cols[k]->attr ? cols[k]->attr : cols[k]->name));
				orm_vec_push(e->a, &exprs, c);
			}
			continue;
		}
		if (!x || x->kind == SX_BUNDLE)
			continue;
		orm_vec_push(e->a, &keys, (void *) (it->key ? it->key : "_no_label"));
		orm_vec_push(e->a, &exprs, x);
	}
	for (int i = 0; i < keys.n; i++)
	{
		const char *k = keys.items[i];

		for (int j = 0, n = 0; j < i; j++)
			if (strcmp(keys.items[i], keys.items[j]) == 0)
			{
				keys.items[i] = orm_sprintf(e->a, "%s_%d", k, ++n);
				j = -1;
			}
	}
	if (!name)
	{
		if (idx < 0)
			idx += keys.n;
		if (idx < 0 || idx >= keys.n)
			return Q_FAIL(e, ORM_ERR_QUERY, node, "selected_columns index out of range");
		return q_expr_val(e, exprs.items[(int) idx], node);
	}
	for (int i = 0; i < keys.n; i++)
		if (strcmp(keys.items[i], name) == 0)
			return q_expr_val(e, exprs.items[i], node);
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, node, name, NULL,
					 "unknown column \"%s\" in selected_columns", name);
}

/*
 * aliased(Post, subq [, name=] [, adapt_on_names=]): the entity whose rows
 * are the subquery's.  Each class column is the subquery column SQLAlchemy's
 * correspondence finds (the one selected from that table column, through
 * labels and nested subqueries), else -- with adapt_on_names, or where the
 * subquery's column of that name is an expression -- the column of the same
 * name; a column with neither is not mapped (SQLAlchemy leaves its
 * attribute unloaded).  The subquery's FROM item carries the class, so subq.c.x and the
 * entity's attributes name the same FROM; a second class over the same
 * subquery gets a FROM of its own that is a view of it (sqlexpr.h).
 */
QVal *
q_subq_entity(QEnv *e, OrmClass *cls, SxFrom *f, const char *name, bool on_names,
				 const PyNode *call)
{
	const char **names;
	const OrmType **types;
	int			n = q_subq_cols(e, f, &names, &types);
	OrmColumn **src = q_subq_sources(e, f, 0);
	OrmColumn **all;
	int			nall = sx_entity_cols(e->a, NULL, cls, &all);
	SxFrom	   *ent = f;

	if (f->cls && (f->cls != cls || name))
	{
		ent = ORM_NEW(e->a, SxFrom);
		*ent = *sx_from_table(e->a, NULL, NULL);	/* a fresh id */
		ent->kind = f->kind;
		ent->select = f->select;
		ent->name = f->name;
		ent->view_of = sx_from_canon(f);
	}
	ent->ncolmap = 0;
	ent->colmap_cols = ORM_NEWN(e->a, OrmColumn *, nall + 1);
	ent->colmap_names = ORM_NEWN(e->a, const char *, nall + 1);
	ent->colmap_index = ORM_NEWN(e->a, int, nall + 1);
	for (int i = 0; i < nall; i++)
	{
		OrmColumn  *col = all[i];
		int			k;

		for (k = 0; k < n && src[k] != col; k++)
			;
		if (k == n)
			for (k = 0; k < n; k++)
				if (strcmp(names[k], col->name) == 0 && (on_names || !src[k]))
					break;
		/* a column the subquery lacks is not mapped: the attribute is not
		 * loaded, as SQLAlchemy leaves it unloaded; naming it in an
		 * expression is refused when compiled (compile.c, c_check_*) */
		if (k == n)
			continue;
		ent->colmap_cols[ent->ncolmap] = col;
		ent->colmap_names[ent->ncolmap] = names[k];
		ent->colmap_index[ent->ncolmap] = k;
		ent->ncolmap++;
	}
	ent->cls = cls;
	ent->entity_name = name;
	return q_entity(e, ent, call);
}

/* ---- single-table inheritance -------------------------------------------- */

/*
 * Is cls the class base or a single-table subclass of it (same table,
 * reached through inherits)?  of_type() takes those: SQLAlchemy's of_type
 * of a single-table subclass narrows the target with the subclass's
 * discriminator criterion.
 */
bool
q_is_single_kind(const OrmClass *cls, const OrmClass *base)
{
	for (const OrmClass *k = cls; k; k = k->inherits)
	{
		if (k == base)
			return true;
		if (!k->inherits || k->inherits->table != k->table)
			return false;
	}
	return false;
}

/* ---- an entity's attributes ---------------------------------------------- */

QVal *
q_attr_entity(QEnv *e, QVal *ev, const char *name, const PyNode *node)
{
	OrmColumn  *col;
	OrmRelationship *rel;
	const OrmXattr *p;
	QVal	   *v;
	SxExpr	   *x;
	const OrmClass *sup;

	const OrmProp *prop = orm_class_prop(ev->cls, name);

	if ((v = q_class_name_attr(e, ev, name, node)) != NULL)
		return v;				/* User.__name__ */
	/* an attribute SQLAlchemy's mapper has, inherited ones included: its
	 * first column (Manager.id is manager.id) */
	if ((col = prop ? prop->cols[0] : orm_class_attr(ev->cls, name)) != NULL)
	{
		x = sx_column(e->a, ev->from, col);
		x->type = &col->type;
		if (ev->from && ev->from->kind == SXF_TABLE && ev->from->cls && ev->cls != ev->from->cls &&
			orm_single_sub(ev->cls) && q_is_single_kind(ev->cls, ev->from->cls))
			for (int i = 0; i < ev->from->poly.n && i < SHRT_MAX - 1; i++)
				if (ev->from->poly.items[i] == ev->cls)
					x->single_poly = (short) (i + 1);	/* wp.Video.duration_s */
		return q_expr_val(e, x, node);
	}
	if ((rel = orm_class_allrel(ev->cls, name)) != NULL || (rel = orm_class_rel(ev->cls, name)) != NULL)
	{
		v = q_new(e, QV_REL, node);
		v->rel = rel;
		v->from = ev->from;
		return v;
	}
	{
		/* a composite: its columns selected together, keyed by the dataclass's
		 * fields (a Bundle named after it); comparisons go field by field */
		const OrmComposite *comp = orm_class_composite(ev->cls, name);

		if (comp)
		{
			SxExpr	   *b = q_sx(e, SX_BUNDLE, NULL);

			b->name = comp->name;
			b->nargs = comp->n;
			b->args = ORM_NEWN(e->a, SxExpr *, comp->n);
			for (int i = 0; i < comp->n; i++)
			{
				x = sx_column(e->a, ev->from, comp->cols[i]);
				x->type = &comp->cols[i]->type;
				b->args[i] = sx_label(e->a, x, comp->fields[i]);
				b->args[i]->type = x->type;
			}
			v = q_expr_val(e, b, node);
			v->comp = comp;
			v->from = ev->from;
			return v;
		}
	}
	/* with_polymorphic(Employee, [Manager]).Manager: the subclass read from
	 * the same FROM (its tables are the entity's) */
	for (int i = 0; ev->from && i < ev->from->poly.n && ev->cls == ev->from->cls; i++)
	{
		OrmClass   *k = ev->from->poly.items[i];

		if (strcmp(k->name, name) == 0)
		{
			v = q_entity(e, ev->from, node);
			v->cls = k;
			return v;
		}
	}
	if ((p = orm_class_xattr(ev->cls, name)) != NULL)
	{
		if (p->kind == ORM_XA_PROXY)
		{
			/* compared or called (any(), has(), contains() ...): query.c */
			v = q_new(e, QV_PROXY, node);
			v->cls = ev->cls;
			v->from = ev->from;
			v->xattr = p;
			return v;
		}
		if (p->kind == ORM_XA_HYBRID_METHOD)
			return Q_FAIL(e, ORM_ERR_QUERY, node, "hybrid method %s.%s must be called",
						  ev->cls->name, name);
		return q_xattr(e, p, ev, NULL, 0, node);
	}
	/* a concrete class's superclass's attribute: SQLAlchemy's ConcreteInheritedProperty */
	if ((sup = orm_concrete_attr_owner(ev->cls, name)) != NULL)
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, node, name, ev->cls->name,
						 "concrete class %s does not have %s's attribute \"%s\" (a concrete "
						 "mapper inherits no attributes: declare it on %s)", ev->cls->name, sup->name,
						 name, ev->cls->name);
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, node, name, ev->cls->name, "unknown attribute \"%s\" on %s", name,
				  ev->cls->name);
}

/* ---- lists --------------------------------------------------------------- */

/*
 * v's list nesting from its items', checked: lists nested through variables
 * (a = [a]) are walked recursively by every consumer.
 */
QVal *
q_list_depth(QEnv *e, QVal *v)
{
	v->depth = 1;
	for (int i = 0; i < v->n; i++)
		if (v->items[i]->kind == QV_LIST && v->items[i]->depth + 1 > v->depth)
			v->depth = v->items[i]->depth + 1;
	if (v->depth > Q_MAX_DEPTH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node, "lists nest deeper than %d levels",
					  Q_MAX_DEPTH);
	return v;
}
