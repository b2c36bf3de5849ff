/*
 * A mapped class used without aliased() has exactly one SxFrom per call
 * (sqlexpr.h), which makes correlation work.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/loader.h"
#include "orm/query_int.h"
#include "lang/pyast.h"
#include "base/json.h"
#include "sql/values.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- values -------------------------------------------------------------- */

static const OrmType q_t_int = {.kind = ORM_T_INTEGER, .precision = -1, .scale = -1};
static const OrmType q_t_float = {.kind = ORM_T_FLOAT, .precision = -1, .scale = -1};
static const OrmType q_t_str = {.kind = ORM_T_STRING, .precision = -1, .scale = -1};
static const OrmType q_t_bool = {.kind = ORM_T_BOOLEAN, .precision = -1, .scale = -1};
static const OrmType q_t_null = {.kind = ORM_T_NULLTYPE, .precision = -1, .scale = -1};

/* ---- small helpers ------------------------------------------------------- */

static QVal *
q_new(QEnv *e, QvKind kind, const PyNode *node)
{
	QVal	   *v = ORM_NEW(e->a, QVal);

	v->kind = kind;
	v->node = node;
	return v;
}

static void *
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
static QVal *
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

static SxExpr *
q_sx(QEnv *e, SxKind kind, const OrmType *t)
{
	SxExpr	   *x = ORM_NEW(e->a, SxExpr);

	x->kind = kind;
	x->type = t;
	return x;
}

static bool
q_is_lit_kind(const QVal *v, JsonKind k)
{
	return v && v->kind == QV_LIT && v->json->kind == k;
}

static const char *
q_str_arg(const QVal *v)
{
	if (v && v->kind == QV_LIT && v->json->kind == JSON_STRING)
		return v->json->str;
	return NULL;
}

/* A FROM of the class itself, not aliased() (nor a subquery entity). */
static bool
q_from_is_plain(const SxFrom *f)
{
	return f->kind == SXF_TABLE && !f->is_alias;
}

static SxFrom *
q_class_from(QEnv *e, OrmTable *t, OrmClass *cls)
{
	int			i;
	SxFrom	   *f;

	for (i = 0; i < e->class_from.n; i++)
	{
		f = e->class_from.items[i];
		if (f->table == t)
		{
			if (f == e->watch)
				e->watched = true;
			return f;
		}
	}
	f = sx_from_table(e->a, t, cls);
	orm_vec_push(e->a, &e->class_from, f);
	return f;
}

static SxFrom *
q_alias_from(QEnv *e, OrmTable *t, OrmClass *cls, const char *name)
{
	SxFrom	   *f = sx_from_table(e->a, t, cls);

	f->is_alias = true;
	f->name = name;
	return f;
}

static QVal *
q_entity(QEnv *e, SxFrom *f, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_ENTITY, node);

	v->from = f;
	v->cls = f->cls;
	return v;
}

static const char *
q_entity_key(const SxFrom *f)
{
	if (f->is_alias && f->name)
		return f->name;
	return f->cls ? f->cls->name : f->table->name;
}

/* Positional argument i of a call, evaluated; NULL + error when missing. */
static QVal *
q_arg(QEnv *e, const PyNode *call, int i, const char *what)
{
	if (i >= call->nitems)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() needs more arguments", what);
	return q_eval(e, call->items[i]);
}

/* Keyword argument: 1 found (*out set), 0 absent, -1 error. */
static int
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

static bool
q_kw_true(QEnv *e, const PyNode *call, const char *name, int *err)
{
	QVal	   *v;
	int			r = q_kwarg(e, call, name, &v);

	if (r < 0)
		*err = 1;
	return r > 0 && q_is_lit_kind(v, JSON_TRUE);
}

static bool
q_type_known(const OrmType *t)
{
	return t && t->kind != ORM_T_UNKNOWN && t->kind != ORM_T_NULLTYPE;
}

/* ---- SELECT copies (statements are generative, as in SQLAlchemy) --------- */

static void
q_vec_copy(OrmArena *a, OrmPtrVec *dst, const OrmPtrVec *src)
{
	int			i;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < src->n; i++)
		orm_vec_push(a, dst, src->items[i]);
}

static SxSelect *
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
	q_vec_copy(e->a, &c->correlate, &s->correlate);
	q_vec_copy(e->a, &c->correlate_except, &s->correlate_except);
	q_vec_copy(e->a, &c->for_update_of, &s->for_update_of);
	q_vec_copy(e->a, &c->replaced, &s->replaced);
	return c;
}

static QVal *
q_sel_val(QEnv *e, SxSelect *s, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_SELECT, node);

	v->sel = s;
	return v;
}

/* ---- names --------------------------------------------------------------- */

/* The slot of name in the variable table (empty when it is not bound). */
static int
q_var_slot(const QEnv *e, const char *name)
{
	int			p = (int) (orm_hash_str(name, strlen(name)) & (uint64_t) (e->var_cap - 1));

	while (e->var_names[p] && strcmp(e->var_names[p], name) != 0)
		p = (p + 1) & (e->var_cap - 1);
	return p;
}

static QVal *
q_var(QEnv *e, const char *name)
{
	return e->var_cap ? e->var_vals[q_var_slot(e, name)] : NULL;
}

/* Binds name to v; a name bound again is replaced (Python's rebinding). */
static void
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

/* ---- select() and its items ---------------------------------------------- */

/* Column names of a subquery/CTE, as its .c collection names them. */
static int
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

		if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls)
		{
			OrmClass   *c = it->expr->from->cls;

			/* an entity's columns are named by column name (sq.c.title), as
			 * SQLAlchemy names them; a column attribute by its key */
			for (j = 0; j < c->nattrs; j++)
			{
				orm_vec_push(e->a, &nv, (void *) c->attrs[j]->name);
				orm_vec_push(e->a, &tv, (void *) &c->attrs[j]->type);
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

static QVal *
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
			return q_expr_val(e, x, node);
		}
	}
	return Q_FAIL(e, ORM_ERR_NAME, node, "unknown column \"%s\" on %s", name,
				  f->name ? f->name : "subquery");
}

/* ---- joins --------------------------------------------------------------- */

/*
 * Is cls the class base or a single-table subclass of it (same table,
 * reached through inherits)?  of_type() takes those: SQLAlchemy's of_type
 * of a single-table subclass narrows the target with the subclass's
 * discriminator criterion.
 */
static bool
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

/* ---- attribute access ---------------------------------------------------- */

static QVal *
q_attr_entity(QEnv *e, QVal *ev, const char *name, const PyNode *node)
{
	OrmColumn  *col;
	OrmRelationship *rel;
	QVal	   *v;
	SxExpr	   *x;

	if ((col = orm_class_attr(ev->cls, name)) != NULL)
	{
		x = sx_column(e->a, ev->from, col);
		x->type = &col->type;
		return q_expr_val(e, x, node);
	}
	if ((rel = orm_class_rel(ev->cls, name)) != NULL)
	{
		v = q_new(e, QV_REL, node);
		v->rel = rel;
		v->from = ev->from;
		return v;
	}
	return Q_FAIL(e, ORM_ERR_NAME, node, "unknown attribute \"%s\" on %s", name,
				  ev->cls->name);
}

/* ---- Python arithmetic on literals ---------------------------------------- */

/*
 * v's list nesting from its items', checked: lists nested through variables
 * (a = [a]) are walked recursively by every consumer.
 */
static QVal *
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

static QVal *
q_eval_seq(QEnv *e, const PyNode *n)
{
	QVal	   *v = q_new(e, QV_LIST, n);
	int			i;

	v->n = n->nitems;
	v->items = ORM_NEWN(e->a, QVal *, n->nitems + 1);
	for (i = 0; i < n->nitems; i++)
		if (!(v->items[i] = q_eval(e, n->items[i])))
			return NULL;
	return q_list_depth(e, v);
}

static QVal *
q_eval_dict(QEnv *e, const PyNode *n)
{
	QVal	   *v = q_new(e, QV_DICT, n);
	int			i;

	v->n = n->nitems;
	v->items = ORM_NEWN(e->a, QVal *, n->nitems + 1);
	v->values = ORM_NEWN(e->a, QVal *, n->nitems + 1);
	for (i = 0; i < n->nitems; i++)
	{
		if (!n->items[i])
			return Q_FAIL(e, ORM_ERR_QUERY, n, "** in a dict is not supported");
		if (!(v->items[i] = q_eval(e, n->items[i])) || !(v->values[i] = q_eval(e, n->values[i])))
			return NULL;
	}
	return v;
}

/*
 * A number literal.  Its JSON text is canonical (decimal digits for an int,
 * no underscores), since values.c may bind the text itself (a Numeric on
 * PostgreSQL).  An int that does not fit 64 bits is an error: Python's ints
 * are unbounded, the database's BIGINT is not.
 */
static QVal *
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

static QVal *
q_eval_node(QEnv *e, const PyNode *n)
{
	switch (n->kind)
	{
		case PY_NAME:
			return q_eval_name(e, n);
		case PY_INT:
		case PY_FLOAT:
			return q_eval_number(e, n);
		case PY_STR:
			return q_lit(e, json_new_string(e->a, n->str, n->len), n);
		case PY_NONE:
			return q_lit(e, json_new(e->a, JSON_NULL), n);
		case PY_TRUE:
			return q_lit(e, json_new(e->a, JSON_TRUE), n);
		case PY_FALSE:
			return q_lit(e, json_new(e->a, JSON_FALSE), n);
		case PY_ATTR:
			return q_eval_attr(e, n);
		case PY_CALL:
			return q_eval_call(e, n);
		case PY_SUBSCRIPT:
			return q_eval_subscript(e, n);
		case PY_BINOP:
			return q_eval_binop(e, n);
		case PY_UNARY:
			return q_eval_unary(e, n);
		case PY_COMPARE:
			return q_eval_compare(e, n);
		case PY_BOOLOP:
			return Q_FAIL(e, ORM_ERR_QUERY, n,
						  "use and_() / or_() or & / | instead of \"and\" / \"or\"");
		case PY_LIST:
		case PY_TUPLE:
		case PY_SET:
			return q_eval_seq(e, n);
		case PY_DICT:
			return q_eval_dict(e, n);
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported expression in a query");
	}
}

/*
 * Evaluates one node.  The invariant every caller relies on: a value comes
 * back exactly when no error is set.  A value that comes back with an error
 * set (a helper that reported a failure but still built something) is not
 * used, and a failure is never silent.
 */
static QVal *
q_eval(QEnv *e, const PyNode *n)
{
	QVal	   *v;

	if (!n)
		return q_fail(e, ORM_ERR_QUERY, NULL, "missing expression in the query");
	v = q_eval_node(e, n);
	if (v && e->ctx->err->code)
		return NULL;
	if (!v && !e->ctx->err->code)
		return Q_FAIL(e, ORM_ERR_INTERNAL, n, "this expression could not be evaluated");
	return v;
}

/* ---- insert() / update() / delete() -------------------------------------- */

/*
 * DML statements are generative like select(): every method returns a copy.
 * Values meet their column's type here, so an enum member binds its stored
 * form and a string meeting a DateTime column is parsed as one.
 *
 *   update(Post).where(Post.status == PostStatus.DRAFT)
 *               .values(status=PostStatus.ARCHIVED)
 *   -> DML(UPDATE posts, rows[0] = {status: PARAM 'ARCHIVED'},
 *          where = BINARY(EQ, COLUMN posts.status, PARAM 'DRAFT'))
 */

static QVal *
q_dml_val(QEnv *e, SxDml *d, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_DML, node);

	v->dml = d;
	return v;
}

static SxDml *
q_dml_copy(QEnv *e, const SxDml *d)
{
	SxDml	   *c = ORM_NEW(e->a, SxDml);

	*c = *d;
	q_vec_copy(e->a, &c->rows, &d->rows);
	return c;
}

static const char *
q_dml_word(SxDmlKind k)
{
	return k == SXD_INSERT ? "insert" : k == SXD_UPDATE ? "update" : "delete";
}

/* insert(User) / update(Post) / delete(post_tags) */
static QVal *
q_dml_new(QEnv *e, const PyNode *call, SxDmlKind kind)
{
	QVal	   *t;
	SxDml	   *d;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes one mapped class or Table",
					  q_dml_word(kind));
	if (!(t = q_eval(e, call->items[0])))
		return NULL;
	if ((t->kind != QV_ENTITY && t->kind != QV_TABLE) || t->from->kind != SXF_TABLE)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "%s() needs a mapped class or Table",
					  q_dml_word(kind));
	if (t->from->is_alias)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[0],
					  "%s() of an aliased() entity is not supported", q_dml_word(kind));
	d = ORM_NEW(e->a, SxDml);
	d->kind = kind;
	d->from = t->from;
	d->cls = t->from->cls;
	d->table = t->from->table;
	d->line = call->line;
	d->col = call->col;
	if (kind == SXD_INSERT)
		d->excluded = q_alias_from(e, d->table, d->cls, "excluded");
	return q_dml_val(e, d, call);
}

static QVal *
qb_insert(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_INSERT);
}

static QVal *
qb_update(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_UPDATE);
}

static QVal *
qb_delete(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_DELETE);
}

/* A values() key: attribute key (metadata_), else column name (metadata). */
static OrmColumn *
q_dml_col_named(QEnv *e, SxDml *d, const char *name, const PyNode *node)
{
	OrmColumn  *col = d->cls ? orm_class_attr(d->cls, name) : NULL;

	if (!col)
		col = orm_table_col(d->table, name);
	if (!col)
		return Q_FAIL(e, ORM_ERR_NAME, node, "unknown attribute \"%s\" on %s", name,
					  d->cls ? d->cls->name : d->table->name);
	return col;
}

/* A dict key: "name" or User.name (a column of the statement's table). */
static OrmColumn *
q_dml_col_key(QEnv *e, SxDml *d, QVal *k)
{
	const char *s = q_str_arg(k);

	if (s)
		return q_dml_col_named(e, d, s, k->node);
	if (k->kind == QV_EXPR && k->expr->kind == SX_COLUMN && k->expr->col->table == d->table)
		return k->expr->col;
	return Q_FAIL(e, ORM_ERR_QUERY, k->node,
				  "a values() key must be an attribute name or a column of %s",
				  d->cls ? d->cls->name : d->table->name);
}

/* row[col] = v (replacing an earlier value of the same column). */
static int
q_dml_set(QEnv *e, SxDmlRow *row, OrmColumn *col, QVal *v)
{
	SxExpr	   *x;
	int			i;

	if (v->kind == QV_DML || v->kind == QV_ENTITY)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "expected a value or an SQL expression here");
		return -1;
	}
	if (v->kind == QV_LIT && v->json->kind == JSON_NULL)
	{
		/* None is bound as a NULL parameter, as SQLAlchemy binds it */
		OrmParam	p = {.kind = ORM_V_NULL};

		x = sx_param(e->a, p, &col->type);
	}
	else if (!(x = q_to_expr(e, v, &col->type)))
		return -1;
	for (i = 0; i < row->n; i++)
	{
		if (row->cols[i] == col)
		{
			row->exprs[i] = x;
			return 0;
		}
	}
	row->cols = orm_realloc(e->a, row->cols, sizeof(OrmColumn *) * (size_t) row->n,
							sizeof(OrmColumn *) * (size_t) (row->n + 1));
	row->exprs = orm_realloc(e->a, row->exprs, sizeof(SxExpr *) * (size_t) row->n,
							 sizeof(SxExpr *) * (size_t) (row->n + 1));
	row->cols[row->n] = col;
	row->exprs[row->n] = x;
	row->n++;
	return 0;
}

static SxDmlRow *
q_dml_row_copy(QEnv *e, const SxDmlRow *r)
{
	SxDmlRow   *c = ORM_NEW(e->a, SxDmlRow);

	if (!r)
		return c;
	c->n = r->n;
	c->cols = ORM_NEWN(e->a, OrmColumn *, r->n + 1);
	c->exprs = ORM_NEWN(e->a, SxExpr *, r->n + 1);
	memcpy(c->cols, r->cols, sizeof(OrmColumn *) * (size_t) r->n);
	memcpy(c->exprs, r->exprs, sizeof(SxExpr *) * (size_t) r->n);
	return c;
}

static int
q_dml_set_dict(QEnv *e, SxDml *d, SxDmlRow *row, QVal *dict)
{
	OrmColumn  *col;
	int			i;

	for (i = 0; i < dict->n; i++)
		if (!(col = q_dml_col_key(e, d, dict->items[i])) ||
			q_dml_set(e, row, col, dict->values[i]) < 0)
			return -1;
	return 0;
}

/* values([{...}, {...}]): one row per dict (INSERT only). */
static QVal *
q_dml_values_multi(QEnv *e, SxDml *d, QVal *list, const PyNode *call)
{
	int			i;

	if (d->kind != SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "only insert() takes several rows of values");
	if (d->rows.n > 0 && !d->multi)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "values() cannot add rows to single-row values");
	d->multi = true;
	for (i = 0; i < list->n; i++)
	{
		SxDmlRow   *row = q_dml_row_copy(e, NULL);

		if (list->items[i]->kind != QV_DICT)
			return Q_FAIL(e, ORM_ERR_QUERY, list->items[i]->node,
						  "values() takes a list of dicts here");
		if (q_dml_set_dict(e, d, row, list->items[i]) < 0)
			return NULL;
		orm_vec_push(e->a, &d->rows, row);
	}
	return q_dml_val(e, d, call);
}

/* values(name="x") / values({"name": "x"}) / values({User.name: "x"}) / values([...]) */
static QVal *
q_dml_values(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	SxDmlRow   *row;
	QVal	   *v = NULL;
	OrmColumn  *col;
	int			i;

	if (d->kind == SXD_DELETE)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "delete() takes no values()");
	if (d->from_select)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "values() cannot follow from_select()");
	if (call->nitems > 1 || (call->nitems == 1 && call->nkw > 0))
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "values() takes keyword arguments, one dict or one list of dicts");
	if (call->nitems == 1)
	{
		if (!(v = q_eval(e, call->items[0])))
			return NULL;
		if (v->kind == QV_LIST)
			return q_dml_values_multi(e, d, v, call);
		if (v->kind != QV_DICT)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0],
						  "values() takes keyword arguments, one dict or one list of dicts");
	}
	if (d->multi)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "values() cannot add to multi-row values");
	row = q_dml_row_copy(e, d->rows.n ? d->rows.items[0] : NULL);
	if (call->nitems == 1 && q_dml_set_dict(e, d, row, v) < 0)
		return NULL;
	for (i = 0; i < call->nkw; i++)
	{
		if (!call->kwnames[i])
			return Q_FAIL(e, ORM_ERR_QUERY, call, "** in values() is not supported");
		if (!(col = q_dml_col_named(e, d, call->kwnames[i], call->kwvalues[i])) ||
			!(v = q_eval(e, call->kwvalues[i])) || q_dml_set(e, row, col, v) < 0)
			return NULL;
	}
	d->rows.n = 0;
	orm_vec_push(e->a, &d->rows, row);
	return q_dml_val(e, d, call);
}

static QVal *
q_dml_where(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);

	if (d->kind == SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "insert() has no where()");
	if (q_and_args(e, call, &d->where) < 0)
		return NULL;
	return q_dml_val(e, d, call);
}

/* filter_by(k=v): against the statement's own entity. */
static QVal *
q_dml_filter_by(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	QVal	   *v,
			   *cv;
	OrmColumn  *col;
	int			i;

	if (d->kind == SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "insert() has no filter_by()");
	for (i = 0; i < call->nkw; i++)
	{
		if (!call->kwnames[i])
			return Q_FAIL(e, ORM_ERR_QUERY, call, "filter_by() takes keyword arguments");
		if (!(col = q_dml_col_named(e, d, call->kwnames[i], call->kwvalues[i])))
			return NULL;
		cv = q_expr_val(e, sx_column(e->a, d->from, col), call->kwvalues[i]);
		if (!(v = q_eval(e, call->kwvalues[i])) || !(v = q_compare(e, SXOP_EQ, cv, v, call)))
			return NULL;
		d->where = q_and2(e, d->where, v->expr);
	}
	return q_dml_val(e, d, call);
}

/* returning(User) / returning(User.id, User.name): appends, as SQLAlchemy 2.0 */
static QVal *
q_dml_returning(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	SxSelect   *r = sx_select_new(e->a);
	QVal	   *v;
	int			i;

	if (d->returning)
		q_vec_copy(e->a, &r->items, &d->returning->items);
	r->line = call->line;
	r->col = call->col;
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if ((v->kind == QV_ENTITY || v->kind == QV_TABLE) && v->from != d->from)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i],
						  "returning() takes the statement's own entity or its columns");
		if (q_add_item(e, r, v) < 0)
			return NULL;
	}
	if (r->items.n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "returning() needs at least one column");
	for (i = 0; i < r->items.n; i++)
	{
		OrmPtrVec	froms = {0};

		q_expr_froms(e, ((SxItem *) r->items.items[i])->expr, &froms);
		if (froms.n > 1 || (froms.n == 1 && froms.items[0] != d->from))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "returning() takes the statement's own entity or its columns");
	}
	d->returning = r;
	return q_dml_val(e, d, call);
}

/* Select-list width, or -1 when it cannot be told here (compound). */
static int
q_sel_width(const SxSelect *s)
{
	int			i,
				n = 0;

	if (s->compound != SXC_NONE)
		return -1;
	for (i = 0; i < s->items.n; i++)
	{
		SxExpr	   *x = ((SxItem *) s->items.items[i])->expr;

		n += x && x->kind == SX_ENTITY && x->from->cls ? x->from->cls->nattrs : 1;
	}
	return n;
}

/* insert(User).from_select(["username", User.email], select(...)) */
static QVal *
q_dml_from_select(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	QVal	   *names,
			   *sv;
	int			i,
				w;

	if (d->kind != SXD_INSERT || d->rows.n > 0 || d->from_select)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "from_select() needs an insert() without values()");
	if (call->nitems != 2 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "from_select() takes a list of columns and a select()");
	if (!(names = q_eval(e, call->items[0])) || !(sv = q_eval(e, call->items[1])))
		return NULL;
	if (names->kind != QV_LIST || names->n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "from_select() takes a list of columns");
	if (sv->kind != QV_SELECT)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[1], "from_select() takes a select() here");
	d->nfs = names->n;
	d->fs_cols = ORM_NEWN(e->a, OrmColumn *, names->n);
	for (i = 0; i < names->n; i++)
		if (!(d->fs_cols[i] = q_dml_col_key(e, d, names->items[i])))
			return NULL;
	w = q_sel_width(sv->sel);
	if (w >= 0 && w != names->n)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[1],
					  "from_select() names %d columns but the select has %d", names->n, w);
	d->from_select = sv->sel;
	return q_dml_val(e, d, call);
}

/* The keyword argument named name as its PyNode, or NULL. */
static const PyNode *
q_kwnode(const PyNode *call, const char *name)
{
	int			i;

	for (i = 0; i < call->nkw; i++)
		if (call->kwnames[i] && strcmp(call->kwnames[i], name) == 0)
			return call->kwvalues[i];
	return NULL;
}

/* set_=dict(email=stmt.excluded.email) / set_={"email": ...} / {User.email: ...} */
static int
q_conflict_set(QEnv *e, SxDml *d, const PyNode *n)
{
	SxDmlRow   *row = ORM_NEW(e->a, SxDmlRow);
	OrmColumn  *col;
	QVal	   *v;
	int			i;

	d->conflict_set = row;
	if (n->kind == PY_CALL && n->a->kind == PY_NAME && strcmp(n->a->str, "dict") == 0 &&
		!q_var(e, "dict"))
	{
		if (n->nitems > 0)
		{
			q_fail(e, ORM_ERR_QUERY, n, "set_=dict() takes keyword arguments here");
			return -1;
		}
		for (i = 0; i < n->nkw; i++)
			if (!n->kwnames[i] ||
				!(col = q_dml_col_named(e, d, n->kwnames[i], n->kwvalues[i])) ||
				!(v = q_eval(e, n->kwvalues[i])) || q_dml_set(e, row, col, v) < 0)
				return -1;
	}
	else
	{
		if (!(v = q_eval(e, n)))
			return -1;
		if (v->kind != QV_DICT)
		{
			q_fail(e, ORM_ERR_QUERY, n, "set_ takes a dict");
			return -1;
		}
		if (q_dml_set_dict(e, d, row, v) < 0)
			return -1;
	}
	if (row->n == 0)
	{
		q_fail(e, ORM_ERR_QUERY, n, "set_ must not be empty");
		return -1;
	}
	return 0;
}

/*
 * on_conflict_do_nothing([index_elements=]) / on_conflict_do_update(
 * index_elements=, set_=, where=): the sqlite and postgresql dialects'
 * insert(), which the text imports as insert like the plain one.
 */
static QVal *
q_dml_on_conflict(QEnv *e, QVal *recv, const PyNode *call, SxConflict kind)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	const PyNode *ie = q_kwnode(call, "index_elements"),
			   *wh = q_kwnode(call, "where"),
			   *set = q_kwnode(call, "set_");
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	if (d->kind != SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "on_conflict needs an insert()");
	if (d->conflict != SXC_CONFLICT_NONE)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "the insert already has an on_conflict clause");
	if (q_kwnode(call, "constraint") || q_kwnode(call, "index_where"))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "on_conflict with constraint= or index_where= is not supported; "
					  "use index_elements=");
	if (call->nitems > 0 || call->nkw != (ie != NULL) + (wh != NULL) + (set != NULL) ||
		(kind == SXC_CONFLICT_NOTHING && (wh || set)))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "unsupported on_conflict arguments");
	d->conflict = kind;
	if (ie)
	{
		if (!(v = q_eval(e, ie)))
			return NULL;
		if (v->kind != QV_LIST || v->n == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, ie, "index_elements takes a list of columns");
		d->nconflict_cols = v->n;
		d->conflict_cols = ORM_NEWN(e->a, OrmColumn *, v->n);
		for (i = 0; i < v->n; i++)
			if (!(d->conflict_cols[i] = q_dml_col_key(e, d, v->items[i])))
				return NULL;
	}
	if (kind == SXC_CONFLICT_UPDATE)
	{
		if (!ie || !set)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "on_conflict_do_update() needs index_elements= and set_=");
		if (q_conflict_set(e, d, set) < 0)
			return NULL;
		if (wh)
		{
			if (!(v = q_eval(e, wh)) || !(x = q_to_expr(e, v, NULL)))
				return NULL;
			d->conflict_where = x;
		}
	}
	return q_dml_val(e, d, call);
}

static QVal *
q_dml_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	if (strcmp(m, "values") == 0)
		return q_dml_values(e, recv, call);
	if (strcmp(m, "where") == 0 || strcmp(m, "filter") == 0)
		return q_dml_where(e, recv, call);
	if (strcmp(m, "filter_by") == 0)
		return q_dml_filter_by(e, recv, call);
	if (strcmp(m, "returning") == 0)
		return q_dml_returning(e, recv, call);
	if (strcmp(m, "from_select") == 0)
		return q_dml_from_select(e, recv, call);
	if (strcmp(m, "on_conflict_do_nothing") == 0)
		return q_dml_on_conflict(e, recv, call, SXC_CONFLICT_NOTHING);
	if (strcmp(m, "on_conflict_do_update") == 0)
		return q_dml_on_conflict(e, recv, call, SXC_CONFLICT_UPDATE);
	if (strcmp(m, "execution_options") == 0 || strcmp(m, "inline") == 0)
		return q_dml_val(e, q_dml_copy(e, recv->dml), call);	/* no session: no effect */
	return Q_FAIL(e, ORM_ERR_NAME, call, "unknown method \"%s\" of %s()", m,
				  q_dml_word(recv->dml->kind));
}

/* ---- module -------------------------------------------------------------- */

static void
q_env_init(QEnv *e, OrmCtx *ctx, const JsonValue *params)
{
	memset(e, 0, sizeof(*e));
	e->ctx = ctx;
	e->a = ctx->arena;
	e->params = params && params->kind == JSON_OBJECT ? params : NULL;
}

static int
q_bind(QEnv *e, const PyNode *target, QVal *v)
{
	if (target->kind != PY_NAME)
	{
		q_fail(e, ORM_ERR_QUERY, target, "only simple names can be assigned");
		return -1;
	}
	q_var_set(e, target->str, v);
	return 0;
}

static QVal *
q_eval_module(QEnv *e, PyModule *m)
{
	QVal	   *last = NULL;
	int			i,
				t;

	for (i = 0; i < m->nstmts; i++)
	{
		PyStmt	   *st = m->stmts[i];

		switch (st->kind)
		{
			case PYS_IMPORT:
			case PYS_PASS:
				continue;
			case PYS_EXPR:
				if (!(last = q_eval(e, st->value)))
					return NULL;
				break;
			case PYS_ASSIGN:
			case PYS_ANNASSIGN:
				if (!st->value)
					continue;
				if (!(last = q_eval(e, st->value)))
					return NULL;
				if (st->ntargets > 0)
				{
					for (t = 0; t < st->ntargets; t++)
						if (q_bind(e, st->targets[t], last) < 0)
							return NULL;
				}
				else if (q_bind(e, st->target, last) < 0)
					return NULL;
				break;
			default:
				orm_err_at(e->ctx->err, ORM_ERR_QUERY, st->line, st->col,
						   "only assignments and one statement are allowed in a query");
				return NULL;
		}
	}
	if (!last)
		orm_err(e->ctx->err, ORM_ERR_QUERY, "empty query");
	return last;
}

/*
 * The text as a module of statements, parsed into arena a.  A statement
 * copied from inside a call, as the seed writes session.execute(\n
 * update(Post)\n    .where(...)), is one expression spread over indented
 * lines without its enclosing parentheses: when the text does not parse as a
 * module but does as one expression, it is that expression.  Otherwise the
 * module's error stands.
 */
static PyModule *
q_parse_into(QEnv *e, OrmArena *a, const char *text)
{
	PyModule   *m;
	PyStmt	   *st;
	PyNode	   *n;
	OrmError	expr_err;

	if ((m = py_parse_module(a, text, e->ctx->err)) != NULL)
		return m;
	memset(&expr_err, 0, sizeof(expr_err));
	if (!(n = py_parse_expr(a, text, &expr_err)))
		return NULL;
	orm_err_clear(e->ctx->err);
	st = ORM_NEW(a, PyStmt);
	st->kind = PYS_EXPR;
	st->line = n->line;
	st->col = n->col;
	st->value = n;
	m = ORM_NEW(a, PyModule);
	m->nstmts = 1;
	m->stmts = ORM_NEWN(a, PyStmt *, 1);
	m->stmts[0] = st;
	return m;
}

/*
 * The parse cache: an application sends the same statement texts again and
 * again (with other params), and lexing and parsing is a third of a small
 * query's cost.  Syntax trees are immutable once built (the evaluator copies
 * a node before changing it), so a tree parsed into the connection's
 * parse_arena serves every later call with the same text.  An open-addressed
 * table of QPC_SLOTS entries keyed by the text; when half full, or when the
 * arena passes QPC_MAX_BYTES, everything is dropped and the cache refills.
 */
#define QPC_SLOTS		1024
#define QPC_MAX_BYTES	((size_t) 16 * 1024 * 1024)

typedef struct QParseEnt
{
	uint64_t	hash;
	const char *text;
	PyModule   *m;
} QParseEnt;

typedef struct QParseCache
{
	int			n;
	QParseEnt	ents[QPC_SLOTS];
} QParseCache;

static QParseEnt *
q_cache_slot(QParseCache *pc, const char *text, uint64_t h)
{
	size_t		i = (size_t) (h % QPC_SLOTS);

	while (pc->ents[i].text && (pc->ents[i].hash != h || strcmp(pc->ents[i].text, text) != 0))
		i = (i + 1) % QPC_SLOTS;
	return &pc->ents[i];
}

static PyModule *
q_parse_text(QEnv *e, const char *text)
{
	OrmConn    *conn = e->ctx->conn;
	QParseCache *pc;
	QParseEnt  *ent;
	uint64_t	h;
	char	   *copy;
	PyModule   *m;

	if (!conn || !conn->parse_arena.hooks.block_alloc)	/* no connection-lifetime memory */
		return q_parse_into(e, e->a, text);
	pc = conn->parse_cache;
	if (pc && (pc->n >= QPC_SLOTS / 2 || conn->parse_arena.total > QPC_MAX_BYTES))
		pc = NULL;
	if (!pc)
	{
		orm_arena_reset(&conn->parse_arena);
		conn->parse_cache = NULL;
		pc = ORM_NEW(&conn->parse_arena, QParseCache);
		conn->parse_cache = pc;
	}
	h = orm_hash_str(text, strlen(text));
	ent = q_cache_slot(pc, text, h);
	if (ent->text)
		return ent->m;
	/* syntax trees point into their text: the cached tree gets its own copy */
	copy = orm_strdup(&conn->parse_arena, text);
	if (!(m = q_parse_into(e, &conn->parse_arena, copy)))
		return NULL;
	ent->hash = h;
	ent->text = copy;
	ent->m = m;
	pc->n++;
	return m;
}

/* The statement's value: a select (a bare entity or column is select(x)) or a DML. */
static int
q_eval_text(QEnv *e, const char *text, SxSelect **sel, SxDml **dml)
{
	PyModule   *m;
	QVal	   *v;

	*sel = NULL;
	*dml = NULL;
	if (!(m = q_parse_text(e, text)))
		return -1;
	if (!(v = q_eval_module(e, m)))
		return -1;
	if (v->kind == QV_DML)
	{
		*dml = v->dml;
		return 0;
	}
	if (v->kind == QV_ENTITY || v->kind == QV_EXPR)
	{
		SxSelect   *s = sx_select_new(e->a);

		if (v->kind == QV_EXPR && v->expr->kind == SX_EXISTS)
		{
			q_fail(e, ORM_ERR_QUERY, v->node, "the query text must end with a select() statement");
			return -1;
		}
		if (q_add_item(e, s, v) < 0)
			return -1;
		*sel = s;
		return 0;
	}
	if (v->kind != QV_SELECT)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "the query text must end with a select() statement");
		return -1;
	}
	*sel = v->sel;
	return 0;
}

SxSelect *
orm_query_eval(OrmCtx *ctx, const char *text, const JsonValue *params)
{
	QEnv		e;
	SxSelect   *sel;
	SxDml	   *dml;

	q_env_init(&e, ctx, params);
	if (q_eval_text(&e, text, &sel, &dml) < 0)
		return NULL;
	if (dml)
	{
		orm_err_at(ctx->err, ORM_ERR_QUERY, dml->line, dml->col,
				   "%s() statements run with orm_execute(), not orm_select()",
				   q_dml_word(dml->kind));
		return NULL;
	}
	return sel;
}

int
orm_query_eval_stmt(OrmCtx *ctx, const char *text, const JsonValue *params,
					SxSelect **sel, SxDml **dml)
{
	QEnv		e;

	q_env_init(&e, ctx, params);
	return q_eval_text(&e, text, sel, dml);
}

int
orm_query_options(OrmCtx *ctx, const char *text, SxSelect *sel)
{
	QEnv		e;
	PyNode	   *n;
	QVal	   *v;

	q_env_init(&e, ctx, NULL);
	if (!text || !*text)
		return 0;
	if (!(n = py_parse_expr(ctx->arena, text, ctx->err)))
		return -1;
	if (!(v = q_eval(&e, n)))
		return -1;
	return q_attach_opts(&e, sel, v);
}

/*
 * A relationship's extra primaryjoin / secondaryjoin criteria (rel->
 * extra_criteria, declaration text) as an expression over the FROMs of one
 * use of it: the target class's columns name target, the owner's parent, the
 * secondary table's sec.  On a self-referential relationship the class
 * names the parent, as in SQLAlchemy's unannotated primaryjoin (remote() is
 * not understood).  On a many-to-many relationship a name that is nothing
 * else names the secondary table (its Python variable).  The parse cache
 * parses each text once per connection.
 * parent may be NULL when the statement has no parent FROM: criteria naming
 * the owner are then an error.
 */
int
orm_rel_extra_criteria(OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
					   SxFrom *sec, SxFrom *target, SxExpr **out)
{
	QEnv		e;
	PyModule   *m;
	QVal	   *v;
	bool		self_ref;

	*out = NULL;
	if (!rel || !rel->extra_criteria || !*rel->extra_criteria)
		return 0;
	q_env_init(&e, ctx, NULL);
	self_ref = rel->owner && rel->target && rel->owner->table == rel->target->table;
	if (target && !self_ref)
		orm_vec_push(e.a, &e.class_from, target);
	if (sec && rel->secondary)
	{
		orm_vec_push(e.a, &e.class_from, sec);
		/* the declaration names the secondary Table by its variable, which
		 * the registry does not keep: an otherwise unknown name is it */
		e.sec_var = sec;
	}
	if (rel->owner)
	{
		if (!parent)
		{
			parent = sx_from_table(e.a, rel->owner->table, rel->owner);
			e.watch = parent;
		}
		orm_vec_push(e.a, &e.class_from, parent);
	}
	if (!(m = q_parse_text(&e, rel->extra_criteria)))
		goto bad;
	if (!(v = q_eval_module(&e, m)) || !(*out = q_to_expr(&e, v, NULL)))
		goto bad;
	if (e.watched)
		return orm_err(ctx->err, ORM_ERR_UNSUPPORTED,
					   "the criteria of relationship %s.%s name %s, which this load does not join",
					   rel->owner->name, rel->name, rel->owner->name);
	return 0;
bad:
	{
		OrmErrCode	code = ctx->err->code ? ctx->err->code : ORM_ERR_QUERY;
		const char *msg = orm_strdup(e.a, ctx->err->message);

		*out = NULL;
		orm_err_clear(ctx->err);
		return orm_err(ctx->err, code, "in the criteria of relationship %s.%s: %s",
					   rel->owner ? rel->owner->name : "?", rel->name, msg);
	}
}
