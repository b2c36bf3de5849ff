/*
 * compile_from.c -- the SQL compiler's FROM clause (compile_int.h): which
 * FROM items a select has and how they are joined, SQLAlchemy's
 * single-table inheritance criterion in WHERE / ON, and the FROM clause's
 * text.
 *
 * Owns: c_build_froms (the FROM trees of one select, correlation), the
 * single-table placement (c_with_single, c_declaring_single; criteria.c
 * builds the criterion), c_from_item / c_join / c_from_clause.  Assumes:
 * the check pass (compile.c) has checked every FROM item.  Must not: call
 * compile.c or compile_dml.c (a subquery in FROM is written through
 * c_nested_select); it calls only compile_expr.c.
 *
 * FROM clause (SQLAlchemy's rules): a list of trees.  select_from() items
 * first, then each join attached to the tree holding its left side (a new
 * tree when none does), then the FROMs the select list and WHERE clause
 * refer to that no tree covers.  A nested select in an expression (scalar
 * subquery, EXISTS, IN) auto-correlates: when it has more than one FROM,
 * those its enclosing selects have are dropped (correlate(x) drops x only,
 * correlate(None) nothing).  Derived tables and CTE bodies never correlate.
 *
 * Single-table inheritance (registry.h: a subclass sharing its superclass's
 * table): a FROM of such a subclass in a select gets SQLAlchemy's
 * "type IN (identities)" after the WHERE criteria, a join to it the same in
 * ON, update()/delete() of it in WHERE (orm_single_criterion).  Joined-table
 * subclasses are not expanded to their superclass's table yet.
 */
#include "sql/compile_int.h"

#include <string.h>

/* ---- FROM trees ---------------------------------------------------------- */

CTree *
c_tree_of(CSel *cs, SxFrom *f)
{
	int			i,
				j;

	f = sx_from_canon(f);
	for (i = 0; i < cs->trees.n; i++)
	{
		CTree	   *t = cs->trees.items[i];

		if (t->base == f)
			return t;
		for (j = 0; j < t->joins.n; j++)
		{
			CJoin	   *cj = t->joins.items[j];

			if (cj->target == f || cj->inner_target == f)
				return t;
			for (int k = 0; k < cj->nested.n; k++)
				if (((CJoin *) cj->nested.items[k])->target == f)
					return t;
		}
	}
	return NULL;
}

/* f is in the select's FROM clause; a join of FROMs brings its own along. */
void
c_cover(Cmp *c, CSel *cs, SxFrom *f)
{
	f = sx_from_canon(f);
	if (!f)
		return;
	c_vec_add(c, &cs->covered, f);
	if (f->kind == SXF_JOIN && f->select && f->select->froms.n > 0)
	{
		c_cover(c, cs, f->select->froms.items[0]);
		for (int i = 0; i < f->select->joins.n; i++)
		{
			SxJoin	   *j = f->select->joins.items[i];

			c_cover(c, cs, j->target);
			c_cover(c, cs, j->inner_target);
		}
	}
}

CTree *
c_tree_add(Cmp *c, CSel *cs, SxFrom *f)
{
	CTree	   *t = ORM_NEW(c->a, CTree);

	f = sx_from_canon(f);
	t->base = f;
	orm_vec_push(c->a, &cs->trees, t);
	c_cover(c, cs, f);
	return t;
}

void
c_expr_froms(Cmp *c, SxExpr *x, OrmPtrVec *out)
{
	int			i;

	if (!x)
		return;
	switch (x->kind)
	{
		case SX_COLUMN:
		case SX_FROMCOL:
		case SX_ENTITY:
			c_vec_add(c, out, sx_from_canon(x->from));
			return;
		case SX_SCALAR_SUBQ:
		case SX_EXISTS:
			return;
		default:
			break;
	}
	c_expr_froms(c, x->left, out);
	c_expr_froms(c, x->right, out);
	c_expr_froms(c, x->third, out);
	c_expr_froms(c, x->filter, out);
	for (i = 0; i < x->nargs; i++)
		c_expr_froms(c, x->args[i], out);
	for (i = 0; i < x->npartition; i++)
		c_expr_froms(c, x->partition_by[i], out);
	for (i = 0; i < x->nover_order; i++)
		c_expr_froms(c, x->over_order[i], out);
}

/* FROMs of the enclosing selects this select may correlate to. */
static bool
c_in_enclosing(Cmp *c, SxFrom *f)
{
	int			i;

	for (i = c->scopes.n - 1; i >= 0; i--)
	{
		CSel	   *cs = c->scopes.items[i];

		if (!cs)
			return false;		/* barrier: derived table */
		if (c_vec_has(&cs->covered, f))
			return true;
	}
	return false;
}

/*
 * A join's target that is also a plain FROM of its own (select_from(User)
 * then a join to User from Address) is that FROM: SQLAlchemy's join hides
 * the FROMs it holds, so the plain one goes.
 */
static void
c_hide_plain(CSel *cs, CTree *into, SxFrom *f)
{
	for (int i = 0; i < cs->trees.n; i++)
	{
		CTree	   *t = cs->trees.items[i];

		if (t != into && t->base == f && t->joins.n == 0)
		{
			memmove(&cs->trees.items[i], &cs->trees.items[i + 1],
					sizeof(void *) * (size_t) (cs->trees.n - i - 1));
			cs->trees.n--;
			return;
		}
	}
}

int
c_build_froms(Cmp *c, CSel *cs)
{
	SxSelect   *s = cs->sel;
	OrmPtrVec	implicit = {0},
				keep = {0};
	int			i;

	for (i = 0; i < s->froms.n; i++)
		if (!c_tree_of(cs, s->froms.items[i]))
			c_tree_add(c, cs, s->froms.items[i]);
	for (i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];
		SxFrom	   *left = j->left;
		CTree	   *t;
		CJoin	   *cj;

		if (!left)
		{
			OrmPtrVec	refs = {0};

			c_expr_froms(c, j->on, &refs);
			for (int k = 0; k < refs.n && !left; k++)
				if (refs.items[k] != sx_from_canon(j->target))
					left = refs.items[k];
			if (!left)
				return orm_err_at(c->ctx->err, ORM_ERR_QUERY, s->line, s->col,
								  "cannot tell the left side of a join");
		}
		if (!(t = c_tree_of(cs, left)))
			t = c_tree_add(c, cs, left);
		cj = ORM_NEW(c->a, CJoin);
		cj->target = sx_from_canon(j->target);
		cj->on = j->on;
		cj->outer = j->outer;
		cj->full = j->full;
		cj->inner_target = j->inner_target;
		cj->inner_on = j->inner_on;
		orm_vec_push(c->a, &t->joins, cj);
		c_hide_plain(cs, t, cj->target);
		if (j->inner_target)
			c_hide_plain(cs, t, j->inner_target);
		c_cover(c, cs, cj->target);
		if (j->inner_target)
			c_cover(c, cs, j->inner_target);
	}
	for (i = 0; i < s->items.n; i++)
		c_expr_froms(c, ((SxItem *) s->items.items[i])->expr, &implicit);
	c_expr_froms(c, s->where, &implicit);
	for (i = 0; i < implicit.n; i++)
		if (!c_vec_has(&cs->covered, implicit.items[i]))
			orm_vec_push(c->a, &keep, implicit.items[i]);
	/* correlation of a select nested in an expression */
	if (!s->correlate_none && s->correlate.n == 0 &&
		(s->correlate_except.n > 0 || s->correlate_all) &&
		c->scopes.n > 0 && c->scopes.items[c->scopes.n - 1])
	{
		/* correlate_except(): every enclosing FROM but those */
		OrmPtrVec	left = {0};

		for (i = 0; i < keep.n; i++)
		{
			SxFrom	   *f = keep.items[i];

			if (c_vec_has(&s->correlate_except, f) || !c_in_enclosing(c, f))
				orm_vec_push(c->a, &left, f);
		}
		if (cs->trees.n + left.n == 0)
			return orm_err_at(c->ctx->err, ORM_ERR_QUERY, s->line, s->col,
							  "a subquery has no FROM left after correlation; use correlate()");
		keep = left;
	}
	else if (!s->correlate_none && c->scopes.n > 0 && c->scopes.items[c->scopes.n - 1])
	{
		OrmPtrVec	left = {0};
		bool		expl = s->correlate.n > 0;
		bool		any = false;

		if (expl || cs->trees.n + keep.n > 1)
		{
			for (i = 0; i < keep.n; i++)
			{
				SxFrom	   *f = keep.items[i];

				if ((!expl || c_vec_has(&s->correlate, f)) && c_in_enclosing(c, f))
					any = true;
				else
					orm_vec_push(c->a, &left, f);
			}
			if (any && cs->trees.n + left.n == 0)
				return orm_err_at(c->ctx->err, ORM_ERR_QUERY, s->line, s->col,
								  "a subquery has no FROM left after correlation; use correlate()");
			keep = left;
		}
	}
	for (i = 0; i < keep.n; i++)
		c_tree_add(c, cs, keep.items[i]);
	return 0;
}

/* ---- single-table inheritance -------------------------------------------- */

/*
 * Where the criterion goes (criteria.c builds it): after the WHERE criteria
 * for each FROM of a select, in ON for a join target, unless the condition
 * holds it already.
 */

/* Does cond (an AND list or one condition) already hold f's discriminator IN? */
bool
c_has_single_criterion(const SxExpr *cond, const SxFrom *f, const OrmColumn *disc)
{
	if (!cond)
		return false;
	if (cond->kind == SX_BOOLLIST && cond->op == SXOP_AND)
	{
		for (int i = 0; i < cond->nargs; i++)
			if (c_has_single_criterion(cond->args[i], f, disc))
				return true;
		return false;
	}
	return cond->kind == SX_BINARY && cond->op == SXOP_IN && cond->left &&
		cond->left->kind == SX_COLUMN && cond->left->from == f && cond->left->col == disc;
}

/*
 * A column item of a subclass's own attribute on a FROM of its superclass
 * (select(Employee.name, Manager.manager_data): one shared FROM whose class
 * is Employee) stands for the subclass, as SQLAlchemy's column entity does:
 * the class that declares the column, when it is a single-table subclass.
 */
OrmClass *
c_declaring_single(Cmp *c, const SxExpr *x)
{
	const OrmRegistry *reg = c->ctx->reg;

	while (x && x->kind == SX_LABEL)
		x = x->left;
	if (!x || x->kind != SX_COLUMN || !x->from || x->from->kind != SXF_TABLE ||
		!x->from->cls || !x->from->cls->polymorphic_on)
		return NULL;
	for (int i = 0; i < x->from->cls->nattrs; i++)
		if (x->from->cls->attrs[i] == x->col)
			return NULL;
	for (int i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *k = reg->classes.items[i];
		bool		mine = false;

		if (!orm_single_sub(k) || k->table != x->from->table)
			continue;
		for (int j = 0; j < k->nattrs && !mine; j++)
			mine = k->attrs[j] == x->col;
		for (int j = 0; mine && j < k->inherits->nattrs; j++)
			if (k->inherits->attrs[j] == x->col)
				mine = false;
		if (mine)
			return k;
	}
	return NULL;
}

/* cond AND f's single-table criterion, unless cond has it already. */
SxExpr *
c_with_single(Cmp *c, SxExpr *cond, SxFrom *f)
{
	if (!f || f->kind != SXF_TABLE || !orm_single_sub(f->cls) ||
		c_has_single_criterion(cond, f, f->cls->polymorphic_on))
		return cond;
	return sx_and(c->a, cond, orm_single_criterion(c->ctx, c->a, f, f->cls));
}

/* ---- FROM rendering ------------------------------------------------------ */

/* The inside of a join of FROMs: a JOIN b ON ... JOIN c ON ... */
static int
c_join_body(Cmp *c, SxFrom *f)
{
	if (c_from_item(c, f->select->froms.items[0]) < 0)
		return -1;
	for (int i = 0; i < f->select->joins.n; i++)
	{
		SxJoin	   *j = f->select->joins.items[i];
		CJoin		cj = {.target = j->target, .on = j->on, .outer = j->outer, .full = j->full,
		.inner_target = j->inner_target, .inner_on = j->inner_on};

		if (c_join(c, &cj) < 0)
			return -1;
	}
	return 0;
}

int
c_from_item(Cmp *c, SxFrom *f)
{
	OrmBuf	   *out = c->out;

	f = sx_from_canon(f);
	switch (f->kind)
	{
		case SXF_TABLE:
			if (f->table->schema)
			{
				orm_quote_ident(out, f->table->schema);
				orm_buf_putc(out, '.');
			}
			orm_quote_ident(out, f->table->name);
			if (f->is_alias)
			{
				orm_buf_puts(out, " AS ");
				orm_quote_ident(out, c_from_name(c, f));
			}
			return 0;
		case SXF_SUBQUERY:
			{
				const char *name = c_from_name(c, f);
				int			r;

				if (f->lateral)
					orm_buf_puts(out, "LATERAL ");
				orm_buf_putc(out, '(');
				/* derived: no correlation, but a LATERAL one correlates to the
				 * FROMs of the select it is in */
				if (!f->lateral)
					orm_vec_push(c->a, &c->scopes, NULL);
				r = c_nested_select(c, f->select, CM_DERIVED, false);
				if (!f->lateral)
					c->scopes.n--;
				if (r < 0)
					return -1;
				orm_buf_puts(out, ") AS ");
				orm_quote_ident(out, name);
				return 0;
			}
		case SXF_CTE:
			orm_quote_ident(out, c_from_name(c, f));
			return 0;
		case SXF_JOIN:
			orm_buf_putc(out, '(');
			if (c_join_body(c, f) < 0)
				return -1;
			orm_buf_putc(out, ')');
			return 0;
	}
	return 0;
}

int
c_join(Cmp *c, CJoin *j)
{
	orm_buf_puts(c->out, j->full ? " FULL OUTER JOIN " : j->outer ? " LEFT OUTER JOIN " : " JOIN ");
	if (j->inner_target || j->nested.n > 0)
	{
		SxFrom	   *t = sx_from_canon(j->target);

		/* a join of FROMs as the first side: written inside these parentheses */
		orm_buf_putc(c->out, '(');
		if ((t->kind == SXF_JOIN ? c_join_body(c, t) : c_from_item(c, t)) < 0)
			return -1;
		if (j->inner_target)
		{
			orm_buf_puts(c->out, " JOIN ");
			if (c_from_item(c, j->inner_target) < 0)
				return -1;
			orm_buf_puts(c->out, " ON ");
			if (c_expr(c, c_with_single(c, j->inner_on, j->inner_target), 0) < 0)
				return -1;
		}
		for (int k = 0; k < j->nested.n; k++)
		{
			CJoin	   *n = j->nested.items[k];

			orm_buf_puts(c->out, " JOIN ");
			if (c_from_item(c, n->target) < 0)
				return -1;
			orm_buf_puts(c->out, " ON ");
			if (c_expr(c, c_with_single(c, n->on, n->target), 0) < 0)
				return -1;
		}
		orm_buf_putc(c->out, ')');
	}
	else if (c_from_item(c, j->target) < 0)
		return -1;
	orm_buf_puts(c->out, " ON ");
	return c_expr(c, c_with_single(c, j->on, j->target), 0);
}

int
c_from_clause(Cmp *c, CSel *cs)
{
	int			i,
				j;

	if (cs->trees.n == 0)
		return 0;
	orm_buf_puts(c->out, " FROM ");
	for (i = 0; i < cs->trees.n; i++)
	{
		CTree	   *t = cs->trees.items[i];

		if (i > 0)
			orm_buf_puts(c->out, ", ");
		if (c_from_item(c, t->base) < 0)
			return -1;
		for (j = 0; j < t->joins.n; j++)
			if (c_join(c, t->joins.items[j]) < 0)
				return -1;
	}
	return 0;
}

