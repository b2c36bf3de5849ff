/*
 * query_dml.c -- insert() / update() / delete() statements (query_int.h,
 * SxDml in query.h), as SQLAlchemy's sql.dml builds them: values()
 * (one row, several rows), where() / filter_by(), returning(),
 * from_select(), and the postgresql / sqlite insert's on_conflict_do_nothing
 * / on_conflict_do_update.  compile.c turns an SxDml into SQL; execute.c
 * runs it.
 *
 * Assumes: arguments are evaluated through q_eval.  Calls query_select.c,
 * query_expr.c and query_base.c.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "sql/entity.h"
#include "sql/dialect.h"

#include <string.h>

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
	q_vec_copy(e->a, &c->crit, &d->crit);
	return c;
}

const char *
q_dml_word(SxDmlKind k)
{
	return k == SXD_INSERT ? "insert" : k == SXD_UPDATE ? "update" : "delete";
}

static QVal *q_dml_of(QEnv *e, QVal *t, const PyNode *call, SxDmlKind kind);

/* insert(User) / update(Post) / delete(post_tags) */
static QVal *
q_dml_new(QEnv *e, const PyNode *call, SxDmlKind kind)
{
	QVal	   *t;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes one mapped class or Table",
					  q_dml_word(kind));
	if (!(t = q_eval(e, call->items[0])))
		return NULL;
	return q_dml_of(e, t, call, kind);
}

/* The statement of t (a mapped class or Table): insert(t), t.update() ... */
static QVal *
q_dml_of(QEnv *e, QVal *t, const PyNode *call, SxDmlKind kind)
{
	SxDml	   *d;

	if (t->kind == QV_ENTITY && t->from->union_type)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, t->node,
					  "%s() of ConcreteBase class %s (whose queries read the union of its "
					  "classes' tables) is not supported", q_dml_word(kind), t->from->cls->name);
	if ((t->kind != QV_ENTITY && t->kind != QV_TABLE) || t->from->kind != SXF_TABLE)
		return Q_FAIL(e, ORM_ERR_QUERY, t->node, "%s() needs a mapped class or Table",
					  q_dml_word(kind));
	if (t->from->is_alias)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, t->node,
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

/* table.insert() / table.update() / table.delete(): insert(table) ... (Core's) */
QVal *
q_table_dml(QEnv *e, QVal *t, const char *m, const PyNode *call)
{
	SxDmlKind	kind = m[0] == 'i' ? SXD_INSERT : m[0] == 'u' ? SXD_UPDATE : SXD_DELETE;

	if (call->nitems > 0 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() of a table takes no arguments here", m);
	return q_dml_of(e, t, call, kind);
}

QVal *
qb_insert(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_INSERT);
}

QVal *
qb_update(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_UPDATE);
}

QVal *
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
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, node, name, d->cls ? d->cls->name : d->table->name,
						 "unknown attribute \"%s\" on %s", name,
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
	if (v->kind == QV_LIT && v->json->kind == JSON_NULL &&
		col->type.kind != ORM_T_JSON && col->type.kind != ORM_T_JSONB)
	{
		/* None is bound as a NULL parameter, as SQLAlchemy binds it (into a
		 * JSON column it is the JSON null, 'null', as q_to_expr binds it;
		 * null() is SQL NULL there) */
		OrmParam	p = {.kind = ORM_V_NULL};

		x = sx_param(e->a, p, &col->type);
	}
	else if (v->kind == QV_LIT && v->json->kind == JSON_NULL)
	{
		if (!(x = q_param(e, v, &col->type)))	/* JSON's 'null' (values.c) */
			return -1;
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

	if (!(call = q_expand_dstar(e, call)))	/* values(**data) */
		return NULL;
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

	if (!(call = q_expand_dstar(e, call)))	/* filter_by(**criteria) */
		return NULL;
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
q_sel_width(QEnv *e, const SxSelect *s)
{
	int			i,
				n = 0;

	if (s->compound != SXC_NONE)
		return -1;
	for (i = 0; i < s->items.n; i++)
	{
		SxExpr	   *x = ((SxItem *) s->items.items[i])->expr;

		OrmColumn **cols;

		n += x && x->kind == SX_ENTITY && x->from->cls ?
			sx_entity_cols(e->a, x->from, x->from->cls, &cols) : 1;
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
	w = q_sel_width(e, sv->sel);
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
			   *iw = q_kwnode(call, "index_where"),
			   *cn = q_kwnode(call, "constraint"),
			   *wh = q_kwnode(call, "where"),
			   *set = q_kwnode(call, "set_");
	const char *fn = kind == SXC_CONFLICT_NOTHING ? "on_conflict_do_nothing" :
		"on_conflict_do_update";
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	if (d->kind != SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "on_conflict needs an insert()");
	if (d->conflict != SXC_CONFLICT_NONE)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "the insert already has an on_conflict clause");
	/* SQLAlchemy's signatures: (constraint, index_elements, index_where[, set_, where]) */
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];

		if (!k || !(strcmp(k, "index_elements") == 0 || strcmp(k, "index_where") == 0 ||
					strcmp(k, "constraint") == 0 ||
					(kind == SXC_CONFLICT_UPDATE && (strcmp(k, "set_") == 0 ||
													 strcmp(k, "where") == 0))))
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "%s() got an unexpected keyword argument '%s'", fn, k ? k : "**");
	}
	if (call->nitems > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes keyword arguments", fn);
	if (cn && (ie || iw))
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "'constraint' and 'index_elements' are mutually exclusive");
	d->conflict = kind;
	if (cn)
	{
		if (!(v = q_eval(e, cn)))
			return NULL;
		if (!q_str_arg(v) || !*q_str_arg(v))
			return Q_FAIL(e, ORM_ERR_QUERY, cn, "constraint= takes the constraint's name");
		if (!e->ctx->dialect->has_conflict_constraint)	/* SQLite's insert() has no constraint= */
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, cn,
						  "%s(constraint=...) is PostgreSQL's; on %s give index_elements=",
						  fn, e->ctx->dialect->name);
		d->conflict_constraint = q_str_arg(v);
	}
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
	if (iw)
	{
		/* without index_elements SQLAlchemy writes no conflict target, and
		 * no predicate either */
		if (!(v = q_eval(e, iw)) || !(x = q_to_criterion(e, v, "index_where")))
			return NULL;
		if (ie)
			d->conflict_index_where = x;
	}
	if (kind == SXC_CONFLICT_UPDATE)
	{
		/* SQLAlchemy: "Either constraint or index_elements, but not both, must be
		 * specified unless DO NOTHING"; set_ is required */
		if (!ie && !cn)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "on_conflict_do_update() needs constraint= or index_elements=");
		if (!set)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "on_conflict_do_update() needs set_=");
		if (q_conflict_set(e, d, set) < 0)
			return NULL;
		if (wh)
		{
			if (!(v = q_eval(e, wh)) || !(x = q_to_criterion(e, v, "where")))
				return NULL;
			d->conflict_where = x;
		}
	}
	return q_dml_val(e, d, call);
}

QVal *
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
	if (strcmp(m, "options") == 0 && recv->dml->kind != SXD_INSERT)
	{
		/* update() / delete() .options(with_loader_criteria(...)) */
		SxDml	   *d = q_dml_copy(e, recv->dml);

		for (int i = 0; i < call->nitems; i++)
		{
			bool		star = call->items[i]->kind == PY_STARRED;
			QVal	   *v = q_eval(e, star ? call->items[i]->a : call->items[i]);

			if (v && star && v->kind != QV_LIST)
				return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "options() argument after * must be an iterable");
			if (!v || q_attach_dml_opts(e, d, v) < 0)
				return NULL;
		}
		return q_dml_val(e, d, call);
	}
	if (strcmp(m, "execution_options") == 0 || strcmp(m, "inline") == 0)
		return q_dml_val(e, q_dml_copy(e, recv->dml), call);	/* no session: no effect */
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown method \"%s\" of %s()", m,
				  q_dml_word(recv->dml->kind));
}
