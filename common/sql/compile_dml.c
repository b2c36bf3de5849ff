/*
 * compile_dml.c -- the SQL compiler's insert / update / delete
 * (orm_compile_dml; compile_int.h): an SxDml to SQL, with the same check
 * pass, FROM items, expressions, WITH and RETURNING list as a select
 * (compile.c and the pieces below it).
 *
 * Owns: orm_compile_dml.  Assumes: the values are SX_PARAMs already in
 * their column's stored form (query.c, execute.c), and every row of an
 * INSERT sets the same columns (execute.c groups rows).
 */
#include "sql/compile_int.h"

#include <string.h>

/* ---- insert / update / delete -------------------------------------------- */

/*
 * DML statements (SxDml, sqlexpr.h), as SQLAlchemy's compiler writes them:
 *
 *   INSERT INTO "users" ("username", "email") VALUES (?1, ?2), (?3, ?4)
 *   UPDATE "posts" SET "status"=?1, "updated_at"=CURRENT_TIMESTAMP
 *     WHERE "posts"."status" = ?2
 *   DELETE FROM "users" WHERE "users"."is_active" = 0 RETURNING "users"."id"
 *
 * The target table is the one FROM of the statement's scope, so a scalar
 * subquery or EXISTS (relationship any()/has()) in WHERE or SET correlates to
 * it.  Other tables the criteria name become UPDATE ... FROM (SQLAlchemy's
 * multi-table UPDATE, both engines) and, on PostgreSQL, DELETE ... USING;
 * multi-table DELETE is refused on SQLite, as SQLAlchemy refuses it.  SET and INSERT columns are in table
 * order, whatever order values() gave them in; a value that is not atomic is
 * parenthesized, as SQLAlchemy groups it: SET "username"=("users"."username" || ?1).
 */

static int
c_dml_check(Cmp *c, SxDml *d)
{
	int			i,
				j;

	if (c_check_from(c, d->from) < 0 || c_check_expr(c, d->where) < 0)
		return -1;
	for (i = 0; i < d->rows.n; i++)
	{
		SxDmlRow   *r = d->rows.items[i];

		for (j = 0; j < r->n; j++)
			if (c_check_expr(c, r->exprs[j]) < 0)
				return -1;
	}
	if (d->returning && c_check_select(c, d->returning) < 0)
		return -1;
	if (d->from_select && c_check_select(c, d->from_select) < 0)
		return -1;
	if (d->conflict_set)
		for (j = 0; j < d->conflict_set->n; j++)
			if (c_check_expr(c, d->conflict_set->exprs[j]) < 0)
				return -1;
	if (c_check_expr(c, d->conflict_where) < 0 || c_check_expr(c, d->conflict_index_where) < 0)
		return -1;
	if (d->kind == SXD_UPDATE && (d->rows.n == 0 || ((SxDmlRow *) d->rows.items[0])->n == 0))
		return orm_err_at(c->ctx->err, ORM_ERR_QUERY, d->line, d->col,
						  "update() has no values() to set");
	return 0;
}

/* Position of col in row r, or -1. */
static int
c_dml_pos(const SxDmlRow *r, const OrmColumn *col)
{
	int			i;

	for (i = 0; i < r->n; i++)
		if (r->cols[i] == col)
			return i;
	return -1;
}

/* The FROMs besides the target that the criteria and values name. */
static int
c_dml_extra_froms(Cmp *c, SxDml *d, CSel *cs)
{
	OrmPtrVec	froms = {0};
	int			i,
				j;

	c_where_froms(c, d->where, &froms);
	for (i = 0; i < d->rows.n; i++)
	{
		SxDmlRow   *r = d->rows.items[i];

		for (j = 0; j < r->n; j++)
			c_where_froms(c, r->exprs[j], &froms);
	}
	for (i = 0; i < froms.n; i++)
	{
		SxFrom	   *f = froms.items[i];

		if (f == d->from || c_covers(c, &cs->covered, f, NULL))
			continue;
		if (d->kind == SXD_DELETE && !c->d->has_pg_operators)	/* PostgreSQL: DELETE ... USING */
			return orm_err_at(c->ctx->err, ORM_ERR_UNSUPPORTED, d->line, d->col,
							  "delete() criteria naming another table (%s) are not supported on %s "
							  "(no multiple-table criteria within DELETE); use a subquery or any()/has()",
							  c_from_name(c, f), c->d->name);
		if (d->kind == SXD_INSERT)
			return orm_err_at(c->ctx->err, ORM_ERR_QUERY, d->line, d->col,
							  "insert() values cannot name another table (%s); "
							  "use a scalar subquery", c_from_name(c, f));
		if (c_check_from(c, f) < 0)
			return -1;
		c_tree_add(c, cs, f);
	}
	return 0;
}

/* INSERT INTO t (a, b) SELECT ...: the select never correlates to t. */
static int
c_dml_insert_select(Cmp *c, SxDml *d)
{
	int			i,
				r;

	orm_buf_puts(c->out, " (");
	for (i = 0; i < d->nfs; i++)
	{
		if (i)
			orm_buf_puts(c->out, ", ");
		orm_quote_ident(c->out, d->fs_cols[i]->name);
	}
	orm_buf_puts(c->out, ") ");
	orm_vec_push(c->a, &c->scopes, NULL);
	r = c_select(c, d->from_select, CM_TOP, false);
	c->scopes.n--;
	return r;
}

/*
 * The target: its table only, a joined subclass's too (update(Manager)
 * writes "manager"; the superclass table its criteria name is a FROM of
 * its own, as SQLAlchemy writes it: UPDATE manager SET ... FROM employee).
 */
static int
c_dml_target(Cmp *c, SxDml *d)
{
	if (sx_from_multi(d->from))
		return c_from_item(c, c_table_from(c, d->table));
	return c_from_item(c, d->from);
}

static int
c_dml_insert(Cmp *c, SxDml *d)
{
	OrmTable   *t = d->table;
	SxDmlRow   *first = d->rows.n ? d->rows.items[0] : NULL;
	bool		any = false;
	int			i,
				r,
				k;

	orm_buf_puts(c->out, "INSERT INTO ");
	if (c_dml_target(c, d) < 0)
		return -1;
	if (d->from_select)
		return c_dml_insert_select(c, d);
	if (!first || first->n == 0)
	{
		if (d->rows.n > 1)
			return orm_err_at(c->ctx->err, ORM_ERR_QUERY, d->line, d->col,
							  "insert() of several rows needs values");
		orm_buf_puts(c->out, " DEFAULT VALUES");
		return 0;
	}
	orm_buf_puts(c->out, " (");
	for (i = 0; i < t->ncols; i++)
	{
		if (c_dml_pos(first, t->cols[i]) < 0)
			continue;
		if (any)
			orm_buf_puts(c->out, ", ");
		any = true;
		orm_quote_ident(c->out, t->cols[i]->name);
	}
	orm_buf_puts(c->out, ") VALUES ");
	for (r = 0; r < d->rows.n; r++)
	{
		SxDmlRow   *row = d->rows.items[r];

		if (row->n != first->n)
			return orm_err_at(c->ctx->err, ORM_ERR_QUERY, d->line, d->col,
							  "every row of a multi-row insert() must set the same columns");
		orm_buf_puts(c->out, r ? ", (" : "(");
		any = false;
		for (i = 0; i < t->ncols; i++)
		{
			if (c_dml_pos(first, t->cols[i]) < 0)
				continue;
			if ((k = c_dml_pos(row, t->cols[i])) < 0)
				return orm_err_at(c->ctx->err, ORM_ERR_QUERY, d->line, d->col,
								  "every row of a multi-row insert() must set the same columns");
			if (any)
				orm_buf_puts(c->out, ", ");
			any = true;
			if (c_expr(c, row->exprs[k], P_ATOM) < 0)
				return -1;
		}
		orm_buf_putc(c->out, ')');
	}
	return 0;
}

/* SET "a"=?1, "b"=... in table order (UPDATE; ON CONFLICT DO UPDATE with eq " = ") */
static int
c_dml_set(Cmp *c, OrmTable *t, SxDmlRow *row, const char *eq)
{
	bool		any = false;
	int			i,
				k;

	orm_buf_puts(c->out, " SET ");
	for (i = 0; i < t->ncols; i++)
	{
		if ((k = c_dml_pos(row, t->cols[i])) < 0)
			continue;
		if (any)
			orm_buf_puts(c->out, ", ");
		any = true;
		orm_quote_ident(c->out, t->cols[i]->name);
		orm_buf_puts(c->out, eq);
		if (c_expr(c, row->exprs[k], P_ATOM) < 0)
			return -1;
	}
	return 0;
}

/* ON CONFLICT [("a", "b")] DO NOTHING | DO UPDATE SET "a" = excluded."a" [WHERE ...] */
static int
c_dml_conflict(Cmp *c, SxDml *d)
{
	int			i;

	if (d->conflict == SXC_CONFLICT_NONE)
		return 0;
	orm_buf_puts(c->out, " ON CONFLICT");
	if (d->conflict_constraint)
	{
		if (!c->d->has_conflict_constraint)
			return orm_err_at(c->ctx->err, ORM_ERR_UNSUPPORTED, d->line, d->col,
							  "on_conflict(constraint=...) is PostgreSQL's; on %s give "
							  "index_elements=", c->d->name);
		orm_buf_puts(c->out, " ON CONSTRAINT ");
		orm_quote_ident(c->out, d->conflict_constraint);
	}
	for (i = 0; i < d->nconflict_cols; i++)
	{
		orm_buf_puts(c->out, i ? ", " : " (");
		orm_quote_ident(c->out, d->conflict_cols[i]->name);
	}
	if (d->nconflict_cols > 0)
		orm_buf_putc(c->out, ')');
	if (d->conflict_index_where)
	{
		orm_buf_puts(c->out, " WHERE ");
		if (c_expr(c, d->conflict_index_where, 0) < 0)
			return -1;
	}
	if (d->conflict == SXC_CONFLICT_NOTHING)
	{
		orm_buf_puts(c->out, " DO NOTHING");
		return 0;
	}
	orm_buf_puts(c->out, " DO UPDATE");
	if (c_dml_set(c, d->table, d->conflict_set, " = ") < 0)
		return -1;
	if (d->conflict_where)
	{
		orm_buf_puts(c->out, " WHERE ");
		return c_expr(c, d->conflict_where, 0);
	}
	return 0;
}

static int
c_dml_update(Cmp *c, SxDml *d, CSel *cs)
{
	SxDmlRow   *row = d->rows.items[0];
	int			i;

	orm_buf_puts(c->out, "UPDATE ");
	if (c_dml_target(c, d) < 0 || c_dml_set(c, d->table, row, "=") < 0)
		return -1;
	for (i = 1; i < cs->trees.n; i++)
	{
		orm_buf_puts(c->out, i == 1 ? " FROM " : ", ");
		if (c_from_item(c, ((CTree *) cs->trees.items[i])->base) < 0)
			return -1;
	}
	return 0;
}

int
orm_compile_dml(OrmCtx *ctx, SxDml *d, OrmCompiled *out)
{
	Cmp			c;
	OrmBuf		buf;
	CSel	   *cs;
	SxSelect   *ret = d->returning ? d->returning : sx_select_new(ctx->arena);
	SxExpr	   *where;
	int			i,
				r = 0;

	memset(out, 0, sizeof(*out));
	c_init(&c, ctx, &buf);
	c.crit = &d->crit;
	if (c_dml_check(&c, d) < 0 || c_check_crit(&c) < 0)
		return -1;
	if (d->returning && !c.d->has_returning)
		return orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, d->line, d->col,
						  "returning() is not supported by %s", c.d->name);
	cs = ORM_NEW(c.a, CSel);
	cs->sel = ret;
	c_tree_add(&c, cs, sx_from_multi(d->from) ? c_table_from(&c, d->table) : d->from);
	if (c_dml_extra_froms(&c, d, cs) < 0)
		return -1;
	c.item_offset = ORM_NEWN(c.a, int, ret->items.n + 1);
	c.item_anon = ORM_NEWN(c.a, const char *, ret->items.n + 1);
	/* WITH for the CTEs the check pass found in the statement's subqueries */
	if (c_with(&c) < 0)
		return -1;
	orm_vec_push(c.a, &c.scopes, cs);
	if (d->kind == SXD_INSERT)
		r = c_dml_insert(&c, d) < 0 ? -1 : c_dml_conflict(&c, d);
	else if (d->kind == SXD_UPDATE)
		r = c_dml_update(&c, d, cs);
	else
	{
		orm_buf_puts(c.out, "DELETE FROM ");
		r = c_dml_target(&c, d);
		/* the other tables the criteria name (PostgreSQL), as SQLAlchemy writes them */
		for (i = 1; r == 0 && i < cs->trees.n; i++)
		{
			orm_buf_puts(c.out, i == 1 ? " USING " : ", ");
			r = c_from_item(&c, ((CTree *) cs->trees.items[i])->base);
		}
	}
	/* .options(with_loader_criteria()) for the target, then update(Manager) /
	 * delete(Manager): only its rows, as SQLAlchemy */
	where = d->where;
	if (r == 0 && d->kind != SXD_INSERT)
	{
		SxExpr	   *lcrit;

		if (orm_loader_criteria(c.ctx, c.a, c.crit, d->from, ORM_CRIT_STATEMENT, &lcrit) < 0)
			r = -1;
		else
			where = sx_and(c.a, where, lcrit);
	}
	if (d->kind != SXD_INSERT && orm_single_sub(d->cls) &&
		!c_has_single_criterion(where, d->from, d->cls->polymorphic_on))
		where = sx_and(c.a, where, orm_single_criterion(c.ctx, c.a, d->from, d->cls));
	if (r == 0 && where)
	{
		orm_buf_puts(c.out, " WHERE ");
		r = c_expr(&c, where, 0);
	}
	if (r == 0 && d->returning)
	{
		orm_buf_puts(c.out, " RETURNING ");
		r = c_items(&c, cs, CM_TOP, true);
	}
	c.scopes.n--;
	if (r < 0)
		return -1;
	out->sql = (char *) orm_buf_cstr(&buf);
	out->nparams = c.params.n;
	out->params = ORM_NEWN(c.a, OrmParam, c.params.n + 1);
	out->param_types = ORM_NEWN(c.a, const OrmType *, c.params.n + 1);
	for (i = 0; i < c.params.n; i++)
	{
		out->params[i] = *(OrmParam *) c.params.items[i];
		out->param_types[i] = c.ptypes.items[i];
	}
	if (c.params.n > c.d->max_params)
		return orm_err(ctx->err, ORM_ERR_QUERY, "statement has %d parameters, more than %s allows (%d)",
					   c.params.n, c.d->name, c.d->max_params);
	c_item_keys(&c, ret, out);
	out->item_offset = c.item_offset;
	out->ncols = c.ncols;
	return 0;
}
