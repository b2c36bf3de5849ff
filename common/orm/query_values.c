/*
 * query_values.c -- the VALUES construct as a FROM item: Values(*columns,
 * name=) / values(...) with .data([(...), ...]), and column(name, Type),
 * the columns it names when they are no table's.
 *
 * A Values is an SXF_SUBQUERY (sql/sqlexpr.h, SxFrom.values) written
 * "(VALUES (a, b), (c, d)) AS name (x, y)"; its select holds one SX_NULL
 * item per column, keyed and typed as the column, so that .c names them as
 * a subquery's.  Every value is an SX_PARAM bound as its column's type.
 * SQLite has no column list for such an alias (SQLAlchemy's statement fails
 * there): refused.  column() outside a Values is refused by the compiler's
 * check (an SX_LABEL with index -4).
 *
 * Assumes: called by query_builtins.c (the builtins) and query_select.c
 * (a Values's methods).
 *
 * Must not: emit SQL text, or splice any value anywhere.
 */
#include "orm/query_int.h"

#include <string.h>

/* column("name", Type): a column of no table, for Values() */
QVal *
q_column_builtin(QEnv *e, const PyNode *call)
{
	QVal	   *nv,
			   *tv = NULL;
	SxExpr	   *x;

	if (call->nitems < 1 || call->nitems > 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "column() takes a name and a type");
	if (!(nv = q_eval(e, call->items[0])))
		return NULL;
	if (!q_str_arg(nv) || !q_str_arg(nv)[0])
		return Q_FAIL(e, ORM_ERR_QUERY, nv->node, "column() takes its name as a string");
	if (call->nitems > 1 && !(tv = q_eval(e, call->items[1])))
		return NULL;
	if (!tv && q_kwarg(e, call, "type_", &tv) < 0)
		return NULL;
	if (tv && tv->kind != QV_TYPE)
		return Q_FAIL(e, ORM_ERR_QUERY, tv->node, "column() takes a type second");
	x = q_sx(e, SX_LABEL, tv ? tv->type : &q_t_null);
	x->left = q_sx(e, SX_NULL, x->type);
	x->name = q_str_arg(nv);
	x->index = -4;				/* compile.c: only a Values's column */
	return q_expr_val(e, x, call);
}

/* Values(col, ..., name=) / values(...): no rows until .data() */
QVal *
q_values_builtin(QEnv *e, const PyNode *call)
{
	SxFrom	   *f = sx_from_table(e->a, NULL, NULL);	/* for a fresh id */
	QVal	   *v,
			   *nv = NULL;
	int			err = 0;

	if (!e->ctx->dialect->has_pg_operators)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "Values() is not supported on %s: it has no column names for a VALUES "
					  "alias (SQLAlchemy's statement fails there too)", e->ctx->dialect->name);
	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "Values() takes its columns");
	f->kind = SXF_SUBQUERY;
	f->select = sx_select_new(e->a);
	for (int i = 0; i < call->nitems; i++)
	{
		SxExpr	   *x;

		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "*arguments are not supported here");
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		x = v->kind == QV_EXPR ? v->expr : NULL;
		if (x && x->kind == SX_COLUMN)
			sx_select_add_item(e->a, f->select, q_sx(e, SX_NULL, &x->col->type), x->col->name);
		else if (x && x->kind == SX_LABEL && x->index == -4)
			sx_select_add_item(e->a, f->select, q_sx(e, SX_NULL, x->type), x->name);
		else
			return Q_FAIL(e, ORM_ERR_QUERY, v->node,
						  "Values() takes columns: column(\"name\", Type) or a table's column");
	}
	if (q_kwarg(e, call, "name", &nv) < 0)
		return NULL;
	if (nv && (!q_str_arg(nv) || !q_str_arg(nv)[0]))
		return Q_FAIL(e, ORM_ERR_QUERY, nv->node, "Values() name= takes a string");
	if (!nv)					/* PostgreSQL: VALUES in FROM must have an alias */
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "Values() needs name= here (VALUES in FROM must have an alias)");
	f->name = q_str_arg(nv);
	if (q_kw_true(e, call, "literal_binds", &err) || err)
		return err ? NULL : Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
								   "Values(literal_binds=True) is not supported: values are bound");
	f->values = q_sx(e, SX_TUPLE, NULL);
	f->values->line = call->line;	/* where "has no rows" points */
	f->values->column = call->col;
	v = q_new(e, QV_SUBQ, call);
	v->from = f;
	return v;
}

/* values.data([(a, b), ...]): a copy with those rows added; values.alias(name) */
QVal *
q_values_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxFrom	   *f = sx_from_table(e->a, NULL, NULL);
	SxSelect   *body = recv->from->select;
	QVal	   *rows,
			   *v;
	SxExpr	   *all;
	int			id = f->id,
				n0;

	*f = *recv->from;
	f->id = id;
	if (strcmp(m, "alias") == 0 || strcmp(m, "lateral") == 0)
	{
		QVal	   *nv = NULL;

		if (call->nitems > 0 && !(nv = q_eval(e, call->items[0])))
			return NULL;
		if (!nv && q_kwarg(e, call, "name", &nv) < 0)
			return NULL;
		if (nv && (!q_str_arg(nv) || !q_str_arg(nv)[0]))
			return Q_FAIL(e, ORM_ERR_QUERY, nv->node, "%s() takes a name", m);
		if (nv)
			f->name = q_str_arg(nv);
		f->lateral = f->lateral || m[0] == 'l';
		v = q_new(e, QV_SUBQ, call);
		v->from = f;
		return v;
	}
	if (strcmp(m, "data") != 0)
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown Values() method \"%s\"", m);
	if (call->nitems != 1 || !(rows = q_eval(e, call->items[0])))
		return call->nitems != 1 ? Q_FAIL(e, ORM_ERR_QUERY, call, "data() takes a list of tuples") : NULL;
	if (rows->kind != QV_LIST || rows->n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, rows->node, "data() takes a list of tuples");
	n0 = recv->from->values->nargs;
	all = q_sx(e, SX_TUPLE, NULL);
	all->nargs = n0 + rows->n;
	all->args = ORM_NEWN(e->a, SxExpr *, all->nargs + 1);
	memcpy(all->args, recv->from->values->args, sizeof(SxExpr *) * (size_t) n0);
	for (int r = 0; r < rows->n; r++)
	{
		QVal	   *row = rows->items[r];
		SxExpr	   *t = q_sx(e, SX_TUPLE, NULL);

		if (row->kind != QV_LIST || row->n != body->items.n)
			return Q_FAIL(e, ORM_ERR_QUERY, row->node,
						  "data(): each row is a tuple of %d values, one per column", body->items.n);
		t->nargs = row->n;
		t->args = ORM_NEWN(e->a, SxExpr *, row->n + 1);
		for (int k = 0; k < row->n; k++)
		{
			SxItem	   *it = body->items.items[k];

			if (!(t->args[k] = q_to_expr(e, row->items[k], it->expr->type)))
				return NULL;
		}
		all->args[n0 + r] = t;
	}
	f->values = all;
	v = q_new(e, QV_SUBQ, call);
	v->from = f;
	return v;
}
