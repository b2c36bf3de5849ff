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
 * ON, update()/delete() of it in WHERE (orm_single_criterion).
 *
 * Joined-table inheritance (sql/entity.h): a FROM of a joined entity renders
 * its tables joined ("employee JOIN manager ON ..."; as a join's target in
 * parentheses; aliased: the join as a subquery, or each table aliased when
 * flat).  An unaliased table is one table wherever it is named, as
 * SQLAlchemy's Table object: an unaliased FROM whose tables another
 * unaliased FROM of the select holds is that one (c_covers, c_drop_held:
 * Employee's FROM inside Manager's), and a WHERE column of a joined entity
 * names its own table only (c_where_froms), as SQLAlchemy's FROM list does.
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

/* The FROM's tables (its parts), one at a time, are they all held by g? */
static bool
c_from_within(Cmp *c, SxFrom *f, const SxFrom *g)
{
	SxPart	   *parts;
	int			n = sx_from_parts(c->a, f, &parts);

	if (n == 0)
		return false;
	for (int i = 0; i < n; i++)
		if (!sx_from_holds(g, parts[i].table))
			return false;
	return true;
}

static bool
c_unaliased(const SxFrom *f)
{
	return f && f->kind == SXF_TABLE && !f->is_alias;
}

/*
 * Is FROM f (or, t set, its table t) among covered?  An unaliased table is
 * the same table in every FROM naming it (SQLAlchemy's Table object): an
 * unaliased FROM holding it covers it -- Employee's table inside Manager's
 * "employee JOIN manager", a single-table subclass's inside its base's.
 */
bool
c_covers(Cmp *c, const OrmPtrVec *covered, SxFrom *f, const OrmTable *t)
{
	if (c_vec_has(covered, f))
		return true;
	if (!c_unaliased(f))
		return false;
	for (int i = 0; i < covered->n; i++)
	{
		const SxFrom *g = covered->items[i];

		if (c_unaliased(g) && (t ? sx_from_holds(g, t) : c_from_within(c, f, g)))
			return true;
	}
	return false;
}

/* The tree holding FROM f, itself or (unaliased) its tables. */
CTree *
c_tree_holding(Cmp *c, CSel *cs, SxFrom *f)
{
	CTree	   *t = c_tree_of(cs, f);

	if (t || !c_unaliased(f))
		return t;
	for (int i = 0; i < cs->trees.n; i++)
	{
		CTree	   *tr = cs->trees.items[i];

		if (c_unaliased(tr->base) && c_from_within(c, f, tr->base))
			return tr;
		for (int j = 0; j < tr->joins.n; j++)
		{
			CJoin	   *cj = tr->joins.items[j];

			if ((c_unaliased(cj->target) && c_from_within(c, f, cj->target)) ||
				(c_unaliased(cj->inner_target) && c_from_within(c, f, cj->inner_target)))
				return tr;
		}
	}
	return NULL;
}

/*
 * The plain FROM of table t: a WHERE clause naming a column of a joined
 * entity names that column's table only, as SQLAlchemy's FROM list has it
 * (select(Company).where(Manager.manager_name == "x"): FROM company, manager).
 */
SxFrom *
c_table_from(Cmp *c, OrmTable *t)
{
	SxFrom	   *f;

	for (int i = 0; i < c->plain_tabs.n; i++)
		if (((SxFrom *) c->plain_tabs.items[i])->table == t)
			return c->plain_tabs.items[i];
	f = sx_from_table(c->a, t, NULL);
	orm_vec_push(c->a, &c->plain_tabs, f);
	return f;
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

/*
 * The FROMs a WHERE clause names: c_expr_froms', but a column of an
 * unaliased joined entity names its own table only (c_table_from).
 */
void
c_where_froms(Cmp *c, SxExpr *x, OrmPtrVec *out)
{
	int			i;

	if (!x)
		return;
	switch (x->kind)
	{
		case SX_COLUMN:
			if (c_unaliased(x->from) && sx_from_multi(x->from))
				c_vec_add(c, out, c_table_from(c, x->col->table));
			else
				c_vec_add(c, out, sx_from_canon(x->from));
			return;
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
	c_where_froms(c, x->left, out);
	c_where_froms(c, x->right, out);
	c_where_froms(c, x->third, out);
	c_where_froms(c, x->filter, out);
	for (i = 0; i < x->nargs; i++)
		c_where_froms(c, x->args[i], out);
	for (i = 0; i < x->npartition; i++)
		c_where_froms(c, x->partition_by[i], out);
	for (i = 0; i < x->nover_order; i++)
		c_where_froms(c, x->over_order[i], out);
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
		if (c_covers(c, &cs->covered, f, NULL))
			return true;
	}
	return false;
}

/*
 * Of the FROMs a select names, an unaliased one whose tables another holds
 * goes (Employee's "employee" beside Manager's "employee JOIN manager"; of
 * two with the same tables, the later).
 */
static void
c_drop_held(Cmp *c, OrmPtrVec *keep)
{
	OrmPtrVec	out = {0};

	for (int i = 0; i < keep->n; i++)
	{
		SxFrom	   *g = keep->items[i];
		bool		held = false;

		for (int j = 0; j < keep->n && !held && c_unaliased(g); j++)
		{
			SxFrom	   *h = keep->items[j];

			if (j == i || !c_unaliased(h) || !c_from_within(c, g, h))
				continue;
			held = j < i || !c_from_within(c, h, g);
		}
		if (!held)
			orm_vec_push(c->a, &out, g);
	}
	*keep = out;
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
		if (!(t = c_tree_holding(c, cs, left)))
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
	c_where_froms(c, s->where, &implicit);
	for (i = 0; i < implicit.n; i++)
		if (!c_covers(c, &cs->covered, implicit.items[i], NULL))
			orm_vec_push(c->a, &keep, implicit.items[i]);
	c_drop_held(c, &keep);
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

/* ---- with_loader_criteria() ---------------------------------------------- */

/* f's loader criteria (criteria.c), AND-ed onto *cond; f is marked done. */
static int
c_crit_add(Cmp *c, OrmPtrVec *done, SxFrom *f, SxExpr **cond)
{
	SxExpr	   *x;

	f = sx_from_canon(f);
	if (!f || c_vec_has(done, f))
		return 0;
	c_vec_add(c, done, f);
	if (orm_loader_criteria(c->ctx, c->a, c->crit, f, ORM_CRIT_STATEMENT, &x) < 0)
		return -1;
	if (x)
		*cond = sx_and(c->a, *cond, x);
	return 0;
}

/*
 * The statement's with_loader_criteria() for the entities of this select,
 * as SQLAlchemy places them: a join's target in its ON (after the join's
 * condition), the select_from() FROMs, a join's left side and the FROMs of
 * the select list's entities and columns in *where (the caller puts it
 * after the WHERE criteria, before the single-table ones).  A FROM the
 * WHERE clause alone names takes none (SQLAlchemy's entities of the
 * statement are those).  Called once the FROM trees are built.
 */
int
c_loader_crit(Cmp *c, CSel *cs, SxExpr **where)
{
	SxSelect   *s = cs->sel;
	OrmPtrVec	done = {0},
				refs = {0};

	*where = NULL;
	if (!c->crit || c->crit->n == 0)
		return 0;
	for (int i = 0; i < cs->trees.n; i++)
	{
		CTree	   *t = cs->trees.items[i];

		for (int j = 0; j < t->joins.n; j++)
		{
			CJoin	   *cj = t->joins.items[j];

			if (c_crit_add(c, &done, cj->target, &cj->on) < 0 ||
				(cj->inner_target && c_crit_add(c, &done, cj->inner_target, &cj->inner_on) < 0))
				return -1;
			for (int k = 0; k < cj->nested.n; k++)
			{
				CJoin	   *n = cj->nested.items[k];

				if (c_crit_add(c, &done, n->target, &n->on) < 0)
					return -1;
			}
		}
	}
	for (int i = 0; i < s->froms.n; i++)
		if (c_crit_add(c, &done, s->froms.items[i], where) < 0)
			return -1;
	for (int i = 0; i < cs->trees.n; i++)
	{
		CTree	   *t = cs->trees.items[i];

		if (t->joins.n > 0 && c_crit_add(c, &done, t->base, where) < 0)
			return -1;
	}
	for (int i = 0; i < s->items.n; i++)
		c_expr_froms(c, ((SxItem *) s->items.items[i])->expr, &refs);
	for (int i = 0; i < refs.n; i++)
		if (c_crit_add(c, &done, refs.items[i], where) < 0)
			return -1;
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
 * The single-table subclass a select item stands for: an entity or a
 * column of a single-table subclass's FROM (select(Manager.manager_data)),
 * as SQLAlchemy's column entity does; NULL for any other item.
 */
OrmClass *
c_declaring_single(Cmp *c, const SxExpr *x)
{
	(void) c;
	while (x && x->kind == SX_LABEL)
		x = x->left;
	if (x && x->kind == SX_COLUMN && x->single_poly > 0 && x->from &&
		x->from->kind == SXF_TABLE && x->single_poly <= x->from->poly.n)
		return x->from->poly.items[x->single_poly - 1];	/* wp.Video.duration_s */
	if (!x || (x->kind != SX_COLUMN && x->kind != SX_ENTITY) || !x->from ||
		x->from->kind != SXF_TABLE || !orm_single_sub(x->from->cls))
		return NULL;
	return x->from->cls;
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

static void
c_table_name(Cmp *c, const OrmTable *t)
{
	if (t->schema)
	{
		orm_quote_ident(c->out, t->schema);
		orm_buf_putc(c->out, '.');
	}
	orm_quote_ident(c->out, t->name);
}

/*
 * A joined entity's tables (entity.h): "employee JOIN manager ON
 * employee.id = manager.id", each table aliased in a flat aliased() one,
 * with_polymorphic's LEFT OUTER JOINed.  The condition is each subclass's
 * inherit condition, its superclass's column first, as SQLAlchemy writes it.
 */
static int
c_from_parts(Cmp *c, SxFrom *f)
{
	SxPart	   *parts;
	int			n = sx_from_parts(c->a, f, &parts);

	for (int i = 0; i < n; i++)
	{
		const OrmClass *k = parts[i].cls;

		if (i > 0)
			orm_buf_puts(c->out, parts[i].outer ? " LEFT OUTER JOIN " : " JOIN ");
		c_table_name(c, parts[i].table);
		if (f->is_alias)
		{
			orm_buf_puts(c->out, " AS ");
			orm_quote_ident(c->out, c_part_name(c, f, parts[i].table));
		}
		if (i == 0)
			continue;
		if (!k || k->ninherit == 0)
			return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "no inherit condition for table \"%s\"",
						   parts[i].table->name);
		orm_buf_puts(c->out, " ON ");
		for (int j = 0; j < k->ninherit; j++)
		{
			if (j)
				orm_buf_puts(c->out, " AND ");
			c_col(c, f, k->inherit_parent[j]);
			orm_buf_puts(c->out, " = ");
			c_col(c, f, k->inherit_child[j]);
		}
	}
	return 0;
}

/*
 * aliased() of a joined entity (not flat): SQLAlchemy's alias of the join,
 * (SELECT employee.id AS employee_id, ... FROM employee JOIN manager ON
 * ...) AS anon_1, every column of its tables labeled <table>_<column>.
 */
static int
c_from_join_subq(Cmp *c, SxFrom *f)
{
	SxFrom	   *u = ORM_NEW(c->a, SxFrom);
	SxSelect   *s = sx_select_new(c->a);
	SxPart	   *parts;
	int			n,
				r;

	*u = *f;
	u->is_alias = false;
	u->name = NULL;
	n = sx_from_parts(c->a, u, &parts);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < parts[i].table->ncols; k++)
		{
			OrmColumn  *col = parts[i].table->cols[k];
			const char *l = c_subq_label(c, f, col);

			sx_select_add_item(c->a, s, sx_label(c->a, sx_column(c->a, u, col), l), l);
		}
	orm_vec_push(c->a, &s->froms, u);
	orm_buf_putc(c->out, '(');
	orm_vec_push(c->a, &c->scopes, NULL);	/* derived: no correlation */
	r = c_nested_select(c, s, CM_DERIVED, false);
	c->scopes.n--;
	if (r < 0)
		return -1;
	orm_buf_puts(c->out, ") AS ");
	orm_quote_ident(c->out, c_from_name(c, f));
	return 0;
}

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

/* func.f(...).table_valued(...): f(...) [WITH ORDINALITY] AS name [(a, b)] */
static int
c_from_tvf(Cmp *c, SxFrom *f)
{
	const char *name = c_from_name(c, f);

	if (f->lateral)
		orm_buf_puts(c->out, "LATERAL ");
	if (c_expr(c, f->tvf, 0) < 0)
		return -1;
	if (f->ordinality)
		orm_buf_puts(c->out, " WITH ORDINALITY");
	orm_buf_puts(c->out, " AS ");
	orm_quote_ident(c->out, name);
	if (f->tvf_derived)
	{
		orm_buf_putc(c->out, '(');
		for (int i = 0; i < f->select->items.n; i++)
		{
			SxItem	   *it = f->select->items.items[i];

			if (i)
				orm_buf_puts(c->out, ", ");
			orm_quote_ident(c->out, it->key);
		}
		orm_buf_putc(c->out, ')');
	}
	return 0;
}

/* Values(...).data(...): (VALUES (a, b), (c, d)) AS name (x, y) */
static int
c_from_values(Cmp *c, SxFrom *f)
{
	const char *name = c_from_name(c, f);

	if (f->lateral)
		orm_buf_puts(c->out, "LATERAL ");
	orm_buf_puts(c->out, "(VALUES ");
	for (int r = 0; r < f->values->nargs; r++)
	{
		if (r)
			orm_buf_puts(c->out, ", ");
		if (c_expr(c, f->values->args[r], 0) < 0)
			return -1;
	}
	orm_buf_puts(c->out, ") AS ");
	orm_quote_ident(c->out, name);
	orm_buf_puts(c->out, " (");
	for (int i = 0; i < f->select->items.n; i++)
	{
		if (i)
			orm_buf_puts(c->out, ", ");
		orm_quote_ident(c->out, ((SxItem *) f->select->items.items[i])->key);
	}
	orm_buf_putc(c->out, ')');
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
			if (c_from_subq(f))
				return c_from_join_subq(c, f);
			if (sx_from_multi(f))
				return c_from_parts(c, f);
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
			if (f->tvf)
				return c_from_tvf(c, f);
			if (f->values)
				return c_from_values(c, f);
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

/* A join's right side: a joined entity's tables in parentheses, as SQLAlchemy nests them. */
static int
c_from_nested(Cmp *c, SxFrom *f)
{
	bool		paren = sx_from_multi(f) && !c_from_subq(f);

	if (paren)
		orm_buf_putc(c->out, '(');
	if (c_from_item(c, f) < 0)
		return -1;
	if (paren)
		orm_buf_putc(c->out, ')');
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
			if (c_from_nested(c, j->inner_target) < 0)
				return -1;
			orm_buf_puts(c->out, " ON ");
			if (c_expr(c, c_with_single(c, j->inner_on, j->inner_target), 0) < 0)
				return -1;
		}
		for (int k = 0; k < j->nested.n; k++)
		{
			CJoin	   *n = j->nested.items[k];

			orm_buf_puts(c->out, " JOIN ");
			if (c_from_nested(c, n->target) < 0)
				return -1;
			orm_buf_puts(c->out, " ON ");
			if (c_expr(c, c_with_single(c, n->on, n->target), 0) < 0)
				return -1;
		}
		orm_buf_putc(c->out, ')');
	}
	else if (c_from_nested(c, j->target) < 0)
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

