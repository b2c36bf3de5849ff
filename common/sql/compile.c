/*
 * compile.c -- the SQL compiler (compile.h): the statement tree (sqlexpr.h)
 * to dialect SQL text and a parameter list, emitting what SQLAlchemy 2.0's
 * compiler emits (modulo identifier quoting, placeholder style and
 * whitespace: one line).  This piece: the check pass and a select
 * statement -- its select list (with the eager loads of the plan), its
 * clauses, WITH -- and the entry orm_compile_select.  The FROM clause is
 * compile_from.c's, expressions, names and parameters compile_expr.c's,
 * insert / update / delete compile_dml.c's (compile_int.h: which piece
 * may call which).
 *
 * Owns: orm_compile_select, the check pass (c_check_*), c_select.  Assumes:
 * the tree was built by query.c or the loader and is not changed while
 * compiled; identifiers come only from the registry (tables, columns), from
 * aliased(name=)/cte(name)/label() names written in the query, or are
 * numbered here -- every one goes through orm_quote_ident; every value is a
 * numbered parameter (dialect->param), in order of appearance, never
 * spliced.  Function names are checked to be plain identifiers before they
 * are emitted.
 *
 * Two passes, as postgres_fdw's deparse.c: c_check_* walks the whole tree,
 * rejecting what cannot be emitted (with the reason and position) and
 * collecting CTEs for the WITH clause; then c_emit_* / c_expr_* append to
 * one OrmBuf carried in the Cmp context.  The check pass also bounds what
 * the emit pass will walk (SX_MAX_DEPTH levels, SX_MAX_NODES nodes with a
 * shared subtree or subquery counted each time it is written), so no text
 * -- however deep or shared its variables make the tree -- overflows the
 * stack or writes exponential SQL.
 *
 * Names: anonymous aliases and subqueries are numbered per base name at
 * first use (users_1, posts_1, anon_1); unlabeled expressions in the select
 * list get SQLAlchemy's anonymous labels (count_1, anon_2); repeated column
 * names are labeled id_1 (entity columns) or id__1 (explicit columns).
 * Derived-table and CTE bodies label every column with its key (an
 * entity's columns with their column names), the names query.c gives the
 * .c collection.  Row._fields (c_item_keys): an ORM statement (c_sel_is_orm:
 * a mapped class named anywhere but inside filter()/over()/exists()/
 * extract()) names unlabeled columns _no_label / the function's name, a
 * Core one by their anonymous labels; a compound names columns by column
 * name; an unnamed aliased() entity (no name there) is keyed by its class.
 *
 * Select items: an SxItem with expr NULL is the literal 1; an SX_LABEL with
 * index -2 in ORDER BY refers to a select list column by name (conventions
 * shared with query.c).  joinedload() of a collection with order_by=
 * appends that order to the statement's ORDER BY (c_eager_order), as
 * SQLAlchemy does.  Read from the dialect here: DISTINCT ON; OFFSET without
 * LIMIT is written "LIMIT 9223372036854775807 OFFSET ?", valid on both
 * engines; with_for_update()'s locking clause (has_for_update).
 *
 * Entity columns: a plan node's cols (compile.h, OrmLoadCol: columns and
 * expressions such as a column_property(), labeled anon_N), else every
 * column attribute; in a derived statement every column by name and the
 * node's expressions labeled for the outer statement (c_entity_cols).
 *
 * Eager loads (the plan, compile.h): for each entity item with a plan,
 * JOINED children add LEFT OUTER JOINs to the tree of the parent's FROM
 * (many-to-many as a nested "(secondary AS s JOIN target AS t ON ..)" join,
 * as SQLAlchemy; the FROMs and the relationship's own criteria are the
 * loader's, evaluated when it planned the statement), and
 * their columns follow the parent's (a child's descendants first, SQLAlchemy's
 * order); CONTAINS_EAGER children read the columns of their already joined
 * FROM.  A joined collection under LIMIT/OFFSET makes the statement a
 * subquery (c_wrapped), so the limit counts parents:
 *
 *   select(User).options(joinedload(User.posts)).limit(3)
 *   SELECT anon_1.id, ..., posts_1.id AS id_1, ...
 *   FROM (SELECT users.id AS id, ... FROM users LIMIT ?1) AS anon_1
 *   LEFT OUTER JOIN posts AS posts_1 ON anon_1.id = posts_1.author_id
 */
#include "sql/compile_int.h"

#include <string.h>

static void c_for_update(Cmp *c, SxSelect *s);
static const char *c_anon_label(Cmp *c, SxExpr *x);

/* Rendering the inner statement of a wrapped one (c_wrapped): the label column col of f gets. */
static void
c_wrap_record(Cmp *c, SxFrom *f, OrmColumn *col, const char *label)
{
	CWrapCol   *w;

	if (!c->wrap_record)
		return;
	w = ORM_NEW(c->a, CWrapCol);
	w->from = f;
	w->col = col;
	w->label = label;
	orm_vec_push(c->a, &c->wrap_cols, w);
}

/* Rendering the inner statement of a wrapped one: the label an entity's expression column gets. */
static void
c_wrap_record_expr(Cmp *c, const SxExpr *x, const char *label)
{
	CWrapCol   *w;

	if (!c->wrap_record)
		return;
	w = ORM_NEW(c->a, CWrapCol);
	w->expr = x;
	w->label = label;
	orm_vec_push(c->a, &c->wrap_cols, w);
}

/* Rendering the outer statement of a wrapped one: the inner label of expression x, or NULL. */
static const char *
c_wrap_expr_label(Cmp *c, const SxExpr *x)
{
	if (!c->wrap_active)
		return NULL;
	for (int i = 0; i < c->wrap_cols.n; i++)
	{
		CWrapCol   *w = c->wrap_cols.items[i];

		if (w->expr && w->expr == x)
			return w->label;
	}
	return NULL;
}

/* ---- check pass ---------------------------------------------------------- */

int
c_check_from(Cmp *c, SxFrom *f)
{
	f = sx_from_canon(f);
	if (!f)
		return 0;
	if (f->kind == SXF_CTE)
	{
		if (c_vec_has(&c->ctes, f))
			return 0;
		orm_vec_push(c->a, &c->ctes, f);
	}
	if (f->kind == SXF_JOIN)
	{
		/* a join of FROMs (a composite secondary): its sides and ON clauses */
		if (!f->select || f->select->froms.n != 1)
			return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "join without its left side");
		if (c_check_from(c, f->select->froms.items[0]) < 0)
			return -1;
		for (int i = 0; i < f->select->joins.n; i++)
		{
			SxJoin	   *j = f->select->joins.items[i];

			if (c_check_from(c, j->target) < 0 || c_check_from(c, j->inner_target) < 0 ||
				c_check_expr(c, j->on) < 0 || c_check_expr(c, j->inner_on) < 0)
				return -1;
		}
		return 0;
	}
	if (f->tvf)					/* a table-valued function: its call (the body is its columns) */
		return c_check_expr(c, f->tvf);
	if (f->values)				/* Values(): its rows (the body is its columns) */
		return f->values->nargs == 0 ?
			c_fail(c, ORM_ERR_QUERY, f->values,
				   orm_sprintf(c->a, "Values() %s has no rows: give them with data()",
							   f->name ? f->name : "")) :
			c_check_expr(c, f->values);
	if (f->kind != SXF_TABLE)
		return f->select ? c_check_select(c, f->select) : orm_err(c->ctx->err, ORM_ERR_INTERNAL, "subquery without a body");
	if (!f->table)
		return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "FROM item without a table");
	return 0;
}

/*
 * The check pass counts what the emit passes will walk: nesting (every
 * walker recurses) and nodes, a shared subtree counted each time it is
 * written (a = a + a through variables doubles the SQL each time).
 */
static int
c_check_limits(Cmp *c, int line, int col, int64_t nodes)
{
	const char *msg = NULL;

	c->nodes += nodes;
	if (c->depth > SX_MAX_DEPTH)
		msg = orm_sprintf(c->a, "the statement nests deeper than %d levels", SX_MAX_DEPTH);
	else if (c->nodes > SX_MAX_NODES)
		msg = orm_sprintf(c->a, "the statement has more than %d parts", SX_MAX_NODES);
	if (msg)
		return line > 0 ? orm_err_at(c->ctx->err, ORM_ERR_UNSUPPORTED, line, col, "%s", msg)
			: orm_err(c->ctx->err, ORM_ERR_UNSUPPORTED, "%s", msg);
	if (c->depth > c->height)
		c->height = c->depth;
	return 0;
}

static int	c_check_expr_inner(Cmp *c, SxExpr *x);

/*
 * An aliased(Entity, subquery) entity's class column the subquery has no
 * column for, named in an expression or needed by a load (why): refused,
 * where SQLAlchemy writes the table's column unadapted (a cartesian
 * product, or the engine's "no such column").
 */
static int
c_lacks(Cmp *c, const SxExpr *at, const SxFrom *f, const OrmColumn *col, const char *why)
{
	const char *attr = col->attr ? col->attr : col->name;

	return c_fail(c, ORM_ERR_QUERY, at,
				  orm_sprintf(c->a, "aliased(%s, subquery): the subquery has no column for %s.%s%s%s",
							  f->cls->name, f->cls->name, attr, why ? ", " : "", why ? why : ""));
}

int
c_check_expr(Cmp *c, SxExpr *x)
{
	int			r;

	if (!x)
		return 0;
	c->depth++;
	r = c_check_limits(c, x->line, x->column, 1);
	if (r == 0)
		r = c_check_expr_inner(c, x);
	c->depth--;
	return r;
}

static int
c_check_expr_inner(Cmp *c, SxExpr *x)
{
	int			i;

	switch (x->kind)
	{
		case SX_COLUMN:
			if (!x->col || !x->from)
				return c_fail(c, ORM_ERR_INTERNAL, x, "column without a FROM item");
			if (sx_from_lacks(x->from, x->col))
				return c_lacks(c, x, x->from, x->col, NULL);
			return c_check_from(c, x->from);
		case SX_FROMCOL:
		case SX_ENTITY:
			return c_check_from(c, x->from);
		case SX_FUNC:
			if (x->name && strcmp(x->name, " aggregate_order_by") == 0 && x->nargs >= 2)
				break;			/* query_builtins.c's: expr ORDER BY ... (compile_expr.c) */
			if (x->name && strcmp(x->name, " within_group") == 0 && x->nargs >= 2)
				break;			/* query_expr.c's: f(...) WITHIN GROUP (ORDER BY ...) */
			if (x->name && strcmp(x->name, " array_index") == 0 && x->nargs == 2)
			{
				if (!c->d->has_pg_operators)
					return c_fail(c, ORM_ERR_UNSUPPORTED, x, "ARRAY indexes are PostgreSQL's");
				break;			/* query.c's: (array)[i] (compile_expr.c) */
			}
			if (!c_is_ident(x->name))
				return c_fail(c, ORM_ERR_QUERY, x,
							  orm_sprintf(c->a, "invalid function name \"%s\"", x->name ? x->name : ""));
			if (orm_dialect_refuses(c->d, x->name))	/* README "Trust model" */
				return c_fail(c, ORM_ERR_QUERY, x, orm_sprintf(c->a, "func.%s() is not allowed on %s",
															   x->name, c->d->name));
			break;
		case SX_LABEL:
			if (!x->name)
				return c_fail(c, ORM_ERR_INTERNAL, x, "label without a name");
			if (x->index == -4)
				return c_fail(c, ORM_ERR_UNSUPPORTED, x,
							  orm_sprintf(c->a, "column(\"%s\") is supported only as a column of "
										  "Values() here", x->name));
			if (x->index == -3)
				return c_fail(c, ORM_ERR_QUERY, x,
							  orm_sprintf(c->a, "a reference to \"%s\" by name is only valid in order_by()",
										  x->name));
			break;
		case SX_CAST:
			if (!x->cast_type)
				return c_fail(c, ORM_ERR_INTERNAL, x, "cast without a type");
			break;
		case SX_SCALAR_SUBQ:
		case SX_EXISTS:
			if (!x->select)
				return c_fail(c, ORM_ERR_INTERNAL, x, "subquery without a select");
			if (c_check_select(c, x->select) < 0)
				return -1;
			break;
		case SX_JSON_ELEM:
			for (i = 0; i < x->nargs; i++)
				if (x->args[i]->kind != SX_PARAM ||
					(x->args[i]->value.kind != ORM_V_TEXT && x->args[i]->value.kind != ORM_V_INT))
					return c_fail(c, ORM_ERR_QUERY, x, "a JSON path step must be a string or an integer");
			break;
		default:
			break;
	}
	if (c_check_expr(c, x->left) < 0 || c_check_expr(c, x->right) < 0 ||
		c_check_expr(c, x->third) < 0 || c_check_expr(c, x->filter) < 0)
		return -1;
	for (i = 0; i < x->nargs; i++)
		if (c_check_expr(c, x->args[i]) < 0)
			return -1;
	for (i = 0; i < x->npartition; i++)
		if (c_check_expr(c, x->partition_by[i]) < 0)
			return -1;
	for (i = 0; i < x->nover_order; i++)
		if (c_check_expr(c, x->over_order[i]) < 0)
			return -1;
	return 0;
}

static int
c_check_vec(Cmp *c, OrmPtrVec *v)
{
	int			i;

	for (i = 0; i < v->n; i++)
		if (c_check_expr(c, v->items[i]) < 0)
			return -1;
	return 0;
}

static int	c_check_select_body(Cmp *c, SxSelect *s);

/*
 * A select is checked once; written again (the same subquery used twice),
 * its size and nesting count again, as it will be emitted again.
 */
int
c_check_select(Cmp *c, SxSelect *s)
{
	int64_t		nodes0 = c->nodes;
	int			height0 = c->height,
				r;

	for (int i = 0; i < c->checked.n; i++)
	{
		if (c->checked.items[i] != s)
			continue;
		if (!c->checked_size.items[i])
			return 0;			/* being checked: a CTE naming itself */
		c->depth += (int) (intptr_t) c->checked_height.items[i];
		r = c_check_limits(c, s->line, s->col, (int64_t) (intptr_t) c->checked_size.items[i]);
		c->depth -= (int) (intptr_t) c->checked_height.items[i];
		return r;
	}
	orm_vec_push(c->a, &c->checked, s);
	orm_vec_push(c->a, &c->checked_size, NULL);
	orm_vec_push(c->a, &c->checked_height, NULL);
	c->depth++;
	c->height = c->depth;
	r = c_check_limits(c, s->line, s->col, 1);
	if (r == 0)
		r = c_check_select_body(c, s);
	c->depth--;
	if (r < 0)
		return -1;
	for (int i = 0; i < c->checked.n; i++)
		if (c->checked.items[i] == s)
		{
			c->checked_size.items[i] = (void *) (intptr_t) (c->nodes - nodes0);
			c->checked_height.items[i] = (void *) (intptr_t) (c->height - c->depth);
		}
	if (height0 > c->height)
		c->height = height0;
	return 0;
}

static int
c_check_select_body(Cmp *c, SxSelect *s)
{
	int			i;

	if (s->compound != SXC_NONE)
	{
		if (s->parts.n < 1)
			return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "compound select without parts");
		for (i = 0; i < s->parts.n; i++)
			if (c_check_select(c, s->parts.items[i]) < 0)
				return -1;
	}
	if (s->compound == SXC_NONE)
		for (i = 0; i < s->items.n; i++)
			if (c_check_expr(c, ((SxItem *) s->items.items[i])->expr) < 0)
				return -1;
	for (i = 0; i < s->froms.n; i++)
		if (c_check_from(c, s->froms.items[i]) < 0)
			return -1;
	for (i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];

		if (!j->on)
			return orm_err_at(c->ctx->err, ORM_ERR_QUERY, s->line, s->col,
							  "join without an ON clause");
		if (c_check_from(c, j->left) < 0 || c_check_from(c, j->target) < 0 ||
			c_check_expr(c, j->on) < 0 || c_check_from(c, j->inner_target) < 0 ||
			c_check_expr(c, j->inner_on) < 0)
			return -1;
	}
	if (c_check_expr(c, s->where) < 0 || c_check_expr(c, s->having) < 0 ||
		c_check_expr(c, s->raw) < 0 ||
		c_check_vec(c, &s->group_by) < 0 || c_check_vec(c, &s->order_by) < 0 ||
		c_check_vec(c, &s->distinct_on) < 0 ||
		c_check_expr(c, s->limit) < 0 || c_check_expr(c, s->offset) < 0)
		return -1;
	return 0;
}

/*
 * The expressions a load plan brings into the statement (a node's expression
 * columns, its relationship's criteria and rel.and_() criteria) pass the same
 * check as the statement's own: they come from declarations and options.
 */
static int
c_check_plan(Cmp *c, const OrmLoadNode *n, const SxExpr *at)
{
	if (!n)
		return 0;
	for (int i = 0; n->load && i < n->nload; i++)
	{
		if (c_check_expr(c, n->load[i].expr) < 0)
			return -1;
		if (n->load[i].col && sx_from_lacks(n->from, n->load[i].col))
			return c_lacks(c, at, n->from, n->load[i].col,
						   n->load[i].hidden ? "which a relationship load of it needs" : NULL);
	}
	/* an entity loaded from a subquery: its primary key identifies its
	 * objects (SQLAlchemy: NoSuchColumnError when it fetches the rows) */
	if (n->from && n->from->kind != SXF_TABLE && n->from->cls == n->cls)
	{
		const OrmClass *root = n->cls;
		OrmColumn **all;
		int			nall = sx_entity_cols(c->a, NULL, n->cls, &all);

		/* a joined subclass's identity is its root table's key */
		while (root->inherits)
			root = root->inherits;
		for (int i = 0; i < nall; i++)
			if (all[i]->primary_key && all[i]->table == root->table &&
				sx_from_lacks(n->from, all[i]))
				return c_lacks(c, at, n->from, all[i],
							   "its primary key, which loading it needs");
		if (n->cls->polymorphic_on && sx_from_lacks(n->from, n->cls->polymorphic_on))
			return c_lacks(c, at, n->from, n->cls->polymorphic_on,
						   "its polymorphic discriminator, which loading it needs");
	}
	if (c_check_expr(c, n->criteria) < 0 || c_check_expr(c, n->rel_criteria) < 0)
		return -1;
	for (int i = 0; i < n->nchildren; i++)
		if (n->children[i]->strategy != ORM_LAZY_SELECTIN && c_check_plan(c, n->children[i], at) < 0)
			return -1;
	return 0;
}

static bool
c_plan_has_joined_collection(OrmLoadNode *n)
{
	int			i;

	for (i = 0; n && i < n->nchildren; i++)
	{
		OrmLoadNode *ch = n->children[i];

		if (ch->strategy == ORM_LAZY_JOINED &&
			((ch->rel && ch->rel->uselist) || c_plan_has_joined_collection(ch)))
			return true;
	}
	return false;
}

/* ---- select list --------------------------------------------------------- */

static void
c_as(Cmp *c, const char *label)
{
	orm_buf_puts(c->out, " AS ");
	orm_quote_ident(c->out, label);
}

/* One column of an entity: "from"."col" [AS name_N] (derived: AS name). */
static void
c_entity_col(Cmp *c, CSel *cs, CMode mode, SxFrom *f, OrmColumn *col)
{
	const char *wl = c_wrap_label(c, f, col);

	if (wl)
	{
		/* outer statement of a wrapped one: anon_1.<label> */
		c_column(c, c->wrap_from, wl);
		orm_vec_push(c->a, &cs->used, (void *) wl);
		return;
	}
	/* its name in the row: the column's, or its label in an aliased joined
	 * entity's subquery (anon_1.employee_name), or of an aliased(Entity,
	 * subquery) entity the subquery column it is (anon_1.id_1) */
	const char *name = c_from_subq(f) ? c_subq_label(c, f, col) : sx_from_colname(f, col);

	c_col(c, f, col);
	if (mode == CM_DERIVED)
	{
		/* an entity in a subquery: its columns by name (sq.c.title), as SQLAlchemy labels them */
		const char *l = c_dedupe(c, &cs->used, name);

		c_as(c, l);
		c_wrap_record(c, f, col, l);
	}
	else if (c_used(&cs->used, name))
	{
		const char *l;

		do					/* a wrapped statement's labels are taken too */
			l = orm_sprintf(c->a, "%s_%d", name, c_next_count(c, name));
		while (c_used(&cs->used, l));
		c_as(c, l);
		orm_vec_push(c->a, &cs->used, (void *) l);
	}
	else
		orm_vec_push(c->a, &cs->used, (void *) name);
}

/* One expression column of an entity (a column_property()): expr AS anon_N. */
static int
c_entity_expr(Cmp *c, CSel *cs, CMode mode, SxExpr *x)
{
	const char *wl = c_wrap_expr_label(c, x);
	const char *l;

	if (wl)
	{
		c_column(c, c->wrap_from, wl);
		orm_vec_push(c->a, &cs->used, (void *) wl);
		return 0;
	}
	if (c_expr(c, x, 0) < 0)
		return -1;
	l = c_anon_label(c, x);
	if (mode == CM_DERIVED)
	{
		l = c_dedupe(c, &cs->used, l);
		c_wrap_record_expr(c, x, l);
	}
	c_as(c, l);
	orm_vec_push(c->a, &cs->used, (void *) l);
	return 0;
}

static void
c_entity_sep(Cmp *c, bool *first)
{
	if (!*first)
		orm_buf_puts(c->out, ", ");
	*first = false;
}

/* The index of col in cls->attrs, or -1 (a joined superclass's, a with_polymorphic class's). */
static int
c_attr_index(const OrmClass *cls, const OrmColumn *col)
{
	for (int i = 0; cls && i < cls->nattrs; i++)
		if (cls->attrs[i] == col)
			return i;
	return -1;
}

/* node loads columns cols[0..n-1] of cls (the planner said nothing): written into it, for the loader */
static void
c_default_load(Cmp *c, const OrmClass *cls, OrmLoadNode *node, OrmColumn **cols, int n)
{
	node->load = ORM_NEWN(c->a, OrmLoadCol, n > 0 ? n : 1);
	node->nload = n;
	for (int i = 0; i < n; i++)
	{
		const OrmProp *p = orm_class_prop_of(cls, cols[i]);

		node->load[i].col = cols[i];
		node->load[i].type = &cols[i]->type;
		node->load[i].attr = c_attr_index(cls, cols[i]);
		node->load[i].key = p ? p->key : cols[i]->attr ? cols[i]->attr : cols[i]->name;
	}
}

/*
 * The columns of cls read from FROM f (f holds them: the planner checked):
 * those node loads (OrmLoadNode.load: columns and expressions), or every
 * column sx_entity_cols gives for f and cls when there is no node or it
 * says nothing (then written into the node, for the loader).  A derived
 * statement (a subquery, the inner statement of a wrapped one) has every
 * column by name, and the node's expressions labeled for the outer one.
 */
static int
c_entity_cols(Cmp *c, CSel *cs, CMode mode, SxFrom *f, const OrmClass *cls,
			  OrmLoadNode *node, bool *first)
{
	if (!node || !node->load || mode == CM_DERIVED)
	{
		OrmColumn **cols;
		int			n = sx_entity_cols(c->a, f, cls, &cols);

		for (int i = 0; i < n; i++)
		{
			c_entity_sep(c, first);
			c_entity_col(c, cs, mode, f, cols[i]);
			c->ncols++;
		}
		if (node && !node->load && mode != CM_DERIVED)
			c_default_load(c, cls, node, cols, n);
		for (int i = 0; node && node->load && i < node->nload; i++)
		{
			if (!node->load[i].expr)
				continue;
			c_entity_sep(c, first);
			if (c_entity_expr(c, cs, mode, node->load[i].expr) < 0)
				return -1;
			c->ncols++;
		}
		return 0;
	}
	for (int i = 0; i < node->nload; i++)
	{
		const OrmLoadCol *lc = &node->load[i];

		c_entity_sep(c, first);
		if (lc->expr)
		{
			if (c_entity_expr(c, cs, mode, lc->expr) < 0)
				return -1;
		}
		else if (lc->col)
			c_entity_col(c, cs, mode, f, lc->col);
		else
			return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "an entity column with nothing to read");
		c->ncols++;
	}
	return 0;
}

/*
 * JOINED / CONTAINS_EAGER children of a plan node: joins in pre-order, columns
 * in post-order (a child's own descendants' columns come before its own), the
 * order SQLAlchemy's joined loader adds them.
 */
/* The top-level join of tree t that holds f (as its target or inside it), or NULL. */
static CJoin *
c_join_holding(CTree *t, SxFrom *f)
{
	for (int i = 0; t && i < t->joins.n; i++)
	{
		CJoin	   *cj = t->joins.items[i];

		if (cj->target == f || cj->inner_target == f)
			return cj;
		for (int k = 0; k < cj->nested.n; k++)
			if (((CJoin *) cj->nested.items[k])->target == f)
				return cj;
	}
	return NULL;
}

static CJoin *
c_cjoin(Cmp *c, SxFrom *target, SxExpr *on, bool outer)
{
	CJoin	   *cj = ORM_NEW(c->a, CJoin);

	cj->target = target;
	cj->on = on;
	cj->outer = outer;
	return cj;
}

/*
 * The join of a JOINED child, as SQLAlchemy's joined loader writes it: a
 * LEFT OUTER JOIN (many-to-many: to the secondary, with the target joined
 * inside its parentheses); with innerjoin, an INNER JOIN -- flat below the
 * root or an inner join, and below an outer join nested inside that outer
 * join's parentheses (innerjoin=True) or outer after all ("unnested").
 */
static int
c_eager_join(Cmp *c, CSel *cs, OrmLoadNode *node, OrmLoadNode *ch)
{
	OrmRelationship *rel = ch->rel;
	CTree	   *t = c_tree_holding(c, cs, node->from);
	CJoin	   *pj,
			   *cj;
	SxFrom	   *to = ch->from;
	SxExpr	   *lcrit,
			   *crit;
	bool		m2m,
				inner;

	if (!t && c->wrap_active)
		t = c_tree_of(cs, c->wrap_from);	/* the entity lives in the inner statement */

	if (!t || !rel || !rel->target)
		return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "joined eager load without a parent FROM");
	if (!to)
		return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "joined eager load without its FROM");
	m2m = rel->dir == ORM_REL_MANYTOMANY && (rel->secondary || rel->secondary_join);
	if (m2m && !ch->sec_from)
		return orm_err(c->ctx->err, ORM_ERR_INTERNAL,
					   "joined many-to-many load without its secondary FROM");
	/* rel.and_() criteria, then the statement's with_loader_criteria() */
	if (orm_loader_criteria(c->ctx, c->a, c->crit, to, ORM_CRIT_JOINED, &lcrit) < 0)
		return -1;
	crit = sx_and(c->a, ch->criteria, lcrit);
	pj = c_join_holding(t, sx_from_canon(node->from));
	inner = ch->innerjoin == 1 || (ch->innerjoin == 2 && !(pj && pj->outer));
	if (!inner)
	{
		if (m2m)
		{
			cj = c_cjoin(c, ch->sec_from, sx_and(c->a, sx_rel_condition(c->a, rel, node->from,
																			  ch->sec_from, NULL),
												  ch->sec_on), true);
			cj->inner_target = to;
			cj->inner_on = sx_and(c->a, sx_and(c->a, sx_rel_condition(c->a, rel, NULL, ch->sec_from, to),
											   ch->rel_criteria), crit);
		}
		else
			cj = c_cjoin(c, to, sx_and(c->a, sx_and(c->a, sx_rel_condition(c->a, rel, node->from, NULL, to),
													ch->rel_criteria), crit), true);
		orm_vec_push(c->a, &t->joins, cj);
	}
	else
	{
		/* inner: below an outer join, inside its parentheses; else flat */
		OrmPtrVec  *into = pj && pj->outer ? &pj->nested : &t->joins;

		if (m2m)
		{
			orm_vec_push(c->a, into, c_cjoin(c, ch->sec_from,
											 sx_and(c->a, sx_rel_condition(c->a, rel, node->from,
																		   ch->sec_from, NULL),
													ch->sec_on), false));
			orm_vec_push(c->a, into,
						 c_cjoin(c, to, sx_and(c->a, sx_and(c->a, sx_rel_condition(c->a, rel, NULL, ch->sec_from, to),
															ch->rel_criteria), crit), false));
		}
		else
			orm_vec_push(c->a, into,
						 c_cjoin(c, to, sx_and(c->a, sx_and(c->a, sx_rel_condition(c->a, rel, node->from, NULL, to),
														   ch->rel_criteria), crit), false));
	}
	c_cover(c, cs, to);
	if (m2m)
		c_cover(c, cs, ch->sec_from);
	return 0;
}

static int
c_eager(Cmp *c, CSel *cs, OrmLoadNode *node, bool *first)
{
	int			i;

	for (i = 0; i < node->nchildren; i++)
	{
		OrmLoadNode *ch = node->children[i];

		if (ch->strategy == ORM_LAZY_JOINED)
		{
			if (c_eager_join(c, cs, node, ch) < 0)
				return -1;
		}
		else if (ch->strategy == ORM_LAZY_CONTAINS_EAGER)
		{
			if (!ch->from)
				return orm_err(c->ctx->err, ORM_ERR_QUERY,
							   "contains_eager(%s.%s) needs the relationship joined in the statement",
							   ch->rel ? ch->rel->owner->name : "?", ch->rel ? ch->rel->name : "?");
		}
		else
			continue;
		if (!ch->cls || !ch->from)
			return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "eager load without a class or FROM");
		if (c_eager(c, cs, ch, first) < 0)
			return -1;
		/* contains_eager() of a class the statement does not join: its table
		 * joins the FROM list, as in SQLAlchemy */
		if (ch->strategy == ORM_LAZY_CONTAINS_EAGER && !c_tree_of(cs, ch->from) && !c->wrap_active)
			c_tree_add(c, cs, ch->from);
		ch->col_offset = c->ncols;
		/* the relationship's target class: the loader reads ch->cls's columns */
		if (c_entity_cols(c, cs, CM_TOP, ch->from, ch->cls, ch, first) < 0)
			return -1;
	}
	return 0;
}

/*
 * The inner statement of a wrapped one (c_wrapped) selects the columns of
 * contains_eager() targets, as SQLAlchemy's does: their joins are the
 * user's, inside it; the outer statement reads them by their labels.
 */
static int
c_eager_inner(Cmp *c, CSel *cs, OrmLoadNode *node, bool *first)
{
	for (int i = 0; i < node->nchildren; i++)
	{
		OrmLoadNode *ch = node->children[i];

		if (ch->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		if (!ch->cls || !ch->from)
			return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "eager load without a class or FROM");
		if (c_eager_inner(c, cs, ch, first) < 0)
			return -1;
		if (c_entity_cols(c, cs, CM_DERIVED, ch->from, ch->cls, ch, first) < 0)
			return -1;
	}
	return 0;
}

/* Elements SQLAlchemy does not mark as the ORM's even when they name an
 * entity's columns: f.filter(), f.over(), f.within_group(), exists(), extract() (query.c
 * names the extract() construct "EXTRACT"; func.extract, in any case, is the same
 * Extract construct in SQLAlchemy 2.0). */
static bool
c_is_unannotated(const SxExpr *x)
{
	return x && ((x->kind == SX_FUNC && (x->filter || x->has_over ||
										 orm_strieq(x->name, "extract") ||
										 strcmp(x->name, " within_group") == 0)) ||
				 (x->kind == SX_EXISTS && x->select && x->select->items.n == 0));
}

/* The label of an unlabeled expression: count_1, anon_1 (SQLAlchemy's). */
static const char *
c_anon_label(Cmp *c, SxExpr *x)
{
	const char *base = "anon";

	if (x->kind == SX_FUNC && c_is_ident(x->name) && !c_is_unannotated(x) &&
		!orm_strieq(x->name, "extract"))
		base = c_lower(c, x->name);
	return orm_sprintf(c->a, "%s_%d", base, c_next_count(c, base));
}

/* Does raw SQL text read as several columns: a * or a top-level comma? */
static bool
c_raw_multi(const char *sql)
{
	int			depth = 0;
	char		q = 0;
	const char *p;

	for (p = sql; *p; p++)
	{
		if (q)
		{
			if (*p == q)
				q = 0;
			continue;
		}
		if (*p == '\'' || *p == '"')
			q = *p;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (depth == 0 && *p == ',')
			return true;
	}
	while (p > sql && (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t'))
		p--;
	return p > sql && p[-1] == '*' && (p - 1 == sql || p[-2] == '.' || p[-2] == ' ' ||
									  p[-2] == '\n' || p[-2] == '\t');
}

static const char *
c_item_colname(const SxExpr *x)
{
	if (x->kind == SX_COLUMN)
		return x->col->name;
	if (x->kind == SX_FROMCOL)
		return x->name;
	return NULL;
}

static int
c_item(Cmp *c, CSel *cs, CMode mode, SxItem *it, int idx, bool outermost, bool *first)
{
	SxExpr	   *x = it->expr;
	const char *cn;

	if (!x)
	{
		if (!*first)
			orm_buf_puts(c->out, ", ");
		*first = false;
		orm_buf_putc(c->out, '1');
		c->ncols++;
		return 0;
	}
	if (x->kind == SX_ENTITY)
	{
		OrmLoadNode *plan = outermost && c->plans ? c->plans[idx] : NULL;

		if (!x->from->cls)
			return c_fail(c, ORM_ERR_QUERY, x, "only mapped classes can be selected as entities");
		if (plan && !plan->from)
			plan->from = x->from;
		if (plan)
			plan->col_offset = c->ncols;
		if (!plan && c->wrap_record && c->wrap_plans && c->wrap_plans[idx] &&
			c->wrap_from && cs->sel == c->wrap_from->select)
		{
			/* the inner statement of a wrapped one: the entity's columns and
			 * expressions, then its contains_eager targets' */
			if (c_entity_cols(c, cs, mode, x->from, x->from->cls, c->wrap_plans[idx], first) < 0)
				return -1;
			return c_eager_inner(c, cs, c->wrap_plans[idx], first);
		}
		if (c_entity_cols(c, cs, mode, x->from, plan ? plan->cls : x->from->cls, plan, first) < 0)
			return -1;
		return plan ? c_eager(c, cs, plan, first) : 0;
	}
	if (x->kind == SX_BUNDLE)
	{
		/* its columns, each as a column of the select list */
		for (int k = 0; k < x->nargs; k++)
		{
			SxItem		sub = {.expr = x->args[k]->left,
			.key = x->args[k]->name[0] ? x->args[k]->name : NULL};

			if (c_item(c, cs, mode, &sub, idx, false, first) < 0)
				return -1;
		}
		return 0;
	}
	if (!*first)
		orm_buf_puts(c->out, ", ");
	*first = false;
	c->ncols++;
	if (x->kind == SX_STAR)
	{
		orm_buf_putc(c->out, '*');
		return 0;
	}
	if (c_expr(c, x, 0) < 0)
		return -1;
	if (mode == CM_DERIVED)
	{
		const char *l = c_dedupe(c, &cs->used, x->kind == SX_LABEL ? x->name :
								 it->key ? it->key : "_no_label");

		c_as(c, l);
		if (x->kind == SX_COLUMN)
			c_wrap_record(c, x->from, x->col, l);
		return 0;
	}
	if (x->kind == SX_LABEL)
	{
		c_as(c, x->name);
		orm_vec_push(c->a, &cs->used, (void *) x->name);
	}
	else if ((cn = c_item_colname(x)) != NULL)
	{
		if (c_used(&cs->used, cn))
		{
			const char *l = orm_sprintf(c->a, "%s__%d", cn, c_next_count(c, orm_sprintf(c->a, "%s__", cn)));

			c_as(c, l);
			cn = l;
		}
		orm_vec_push(c->a, &cs->used, (void *) cn);
	}
	else if (x->kind == SX_CAST && x->left->kind == SX_COLUMN)
	{
		cn = x->left->col->name;
		if (c_used(&cs->used, cn))
			cn = orm_sprintf(c->a, "%s__%d", cn, c_next_count(c, orm_sprintf(c->a, "%s__", cn)));
		c_as(c, cn);
		orm_vec_push(c->a, &cs->used, (void *) cn);
	}
	else if (x->kind == SX_RAW && !x->negated)
	{
		/* text(): written as is, no label; the engine names the column */
		if (c_raw_multi(x->name))
			return c_fail(c, ORM_ERR_UNSUPPORTED, x,
						  "text() in a select list is one column here (a * or a list of "
						  "columns is not supported): write one text() per column");
	}
	else if (!(x->kind == SX_UNARY && x->op == SXOP_NEG) && x->kind != SX_ORDER)
	{
		/* (select(User.id.desc()): SQLAlchemy writes "id DESC" with no label) */
		const char *l = c_anon_label(c, x);

		c_as(c, l);
		if (outermost)
			c->item_anon[idx] = l;
	}
	return 0;
}

int
c_items(Cmp *c, CSel *cs, CMode mode, bool outermost)
{
	SxSelect   *s = cs->sel;
	bool		first = true;
	int			i;

	if (s->items.n == 0)
		orm_buf_putc(c->out, '*');	/* exists().where(...) */
	for (i = 0; i < s->items.n; i++)
	{
		if (outermost)
			c->item_offset[i] = c->ncols;
		if (c_item(c, cs, mode, s->items.items[i], i, outermost, &first) < 0)
			return -1;
	}
	return 0;
}

/* ---- clauses ------------------------------------------------------------- */

/* ORDER BY / GROUP BY item: a label of the select list by its name. */

/* A FROM's column by key (attribute key, else column name), or NULL. */
static SxExpr *
c_from_col_by_key(Cmp *c, SxFrom *f, const char *key)
{
	if (f->kind != SXF_TABLE)
		return NULL;
	for (int i = 0; i < f->table->ncols; i++)
	{
		OrmColumn  *col = f->table->cols[i];

		if (strcmp(col->attr ? col->attr : col->name, key) == 0)
			return sx_column(c->a, f, col);
	}
	return NULL;
}

/*
 * order_by("name") / group_by("name") / desc("name"), resolved as
 * SQLAlchemy's compiler resolves a textual label reference against the
 * final statement (_label_resolve_dict): the select list's columns by key
 * (a label by its name, an entity's columns by attribute key; the last of
 * one key wins), else a column of the statement's FROMs by key.  The
 * result is a label of the select list (written by its name) or a column
 * (written as the column); NULL: nothing by that name, as SQLAlchemy
 * raises.
 */
static SxExpr *
c_resolve_name(Cmp *c, SxSelect *s, const char *name)
{
	SxExpr	   *found = NULL,
			   *x;
	OrmPtrVec	froms = {0};

	for (int i = 0; i < s->items.n; i++)
	{
		SxExpr	   *it = ((SxItem *) s->items.items[i])->expr;

		if (!it)
			continue;
		if (it->kind == SX_LABEL && strcmp(it->name, name) == 0)
			found = it;
		else if (it->kind == SX_COLUMN &&
				 strcmp(it->col->attr ? it->col->attr : it->col->name, name) == 0)
			found = it;
		else if (it->kind == SX_FROMCOL && it->name && strcmp(it->name, name) == 0)
			found = it;
		else if (it->kind == SX_ENTITY && (x = c_from_col_by_key(c, it->from, name)) != NULL)
			found = x;
	}
	if (found)
		return found;
	for (int i = 0; i < s->froms.n; i++)
		c_vec_add(c, &froms, s->froms.items[i]);
	for (int i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];

		if (j->left)
			c_vec_add(c, &froms, j->left);
		c_vec_add(c, &froms, j->target);
		if (j->inner_target)
			c_vec_add(c, &froms, j->inner_target);
	}
	for (int i = 0; i < s->items.n; i++)
		c_expr_froms(c, ((SxItem *) s->items.items[i])->expr, &froms);
	c_expr_froms(c, s->where, &froms);
	for (int i = 0; i < froms.n; i++)
		if ((x = c_from_col_by_key(c, froms.items[i], name)) != NULL)
			found = x;
	return found;
}

static int
c_sort_item(Cmp *c, CSel *cs, SxExpr *x)
{
	SxExpr	   *inner = x->kind == SX_ORDER ? x->left : x;
	int			i;

	if (inner->kind == SX_LABEL && inner->index == -2)
	{
		/* order_by("name"): a label of the select list, or a column, by name;
		 * a compound's ORDER BY names its columns */
		SxExpr	   *r = cs->sel->compound != SXC_NONE ? inner :
			c_resolve_name(c, cs->sel, inner->name);

		if (!r)
		{
			orm_err_unknown(c->ctx->err, inner->name, NULL);
			return c_fail(c, ORM_ERR_UNKNOWN_ATTR, inner,
						  orm_sprintf(c->a, "cannot resolve \"%s\" in ORDER BY / GROUP BY: no label "
									  "or column of that name", inner->name));
		}
		if (r->kind == SX_LABEL)
			orm_quote_ident(c->out, r->name);
		else if (c_expr(c, r, P_CMP) < 0)
			return -1;
		if (x->kind == SX_ORDER)
			c_order_suffix(c, x);
		return 0;
	}
	if (inner->kind == SX_COLUMN && cs->sel->compound != SXC_NONE)
	{
		/* union(...).order_by(User.id): the compound's column, by name */
		orm_quote_ident(c->out, inner->col->name);
		if (x->kind == SX_ORDER)
			c_order_suffix(c, x);
		return 0;
	}
	if (inner->kind == SX_LABEL)
	{
		for (i = 0; i < cs->sel->items.n; i++)
			if (((SxItem *) cs->sel->items.items[i])->expr == inner)
			{
				orm_quote_ident(c->out, inner->name);
				if (x->kind == SX_ORDER)
					c_order_suffix(c, x);
				return 0;
			}
	}
	return c_expr(c, x, 0);
}

static int
c_sort_list(Cmp *c, CSel *cs, const char *kw, OrmPtrVec *v)
{
	int			i;

	if (v->n == 0)
		return 0;
	orm_buf_puts(c->out, kw);
	for (i = 0; i < v->n; i++)
	{
		if (i > 0)
			orm_buf_puts(c->out, ", ");
		if (c_sort_item(c, cs, v->items[i]) < 0)
			return -1;
	}
	return 0;
}

static int
c_limit_offset(Cmp *c, SxSelect *s)
{
	if (s->fetch && s->limit)
	{
		/* fetch(): SQLAlchemy's fetch_clause */
		if (!c->d->has_pg_operators)
			return c_fail(c, ORM_ERR_UNSUPPORTED, s->limit,
						  orm_sprintf(c->a, "fetch() is not supported on %s: SQLAlchemy "
									  "writes FETCH FIRST n ROWS, which %s does not parse "
									  "(use limit())", c->d->name, c->d->name));
		if (s->fetch & SX_FETCH_PERCENT)
			return c_fail(c, ORM_ERR_UNSUPPORTED, s->limit,
						  orm_sprintf(c->a, "fetch(percent=True) is not supported on %s: "
									  "it has no FETCH FIRST n PERCENT ROWS", c->d->name));
		if (s->offset)
		{
			orm_buf_puts(c->out, " OFFSET ");
			if (c_expr(c, s->offset, 0) < 0)
				return -1;
			orm_buf_puts(c->out, " ROWS");
		}
		orm_buf_puts(c->out, " FETCH FIRST ");
		if (c_expr(c, s->limit, 0) < 0)
			return -1;
		orm_buf_puts(c->out, (s->fetch & SX_FETCH_TIES) ? " ROWS WITH TIES" : " ROWS ONLY");
		return 0;
	}
	if (s->limit)
	{
		orm_buf_puts(c->out, " LIMIT ");
		if (c_expr(c, s->limit, 0) < 0)
			return -1;
	}
	else if (s->offset)
		/* OFFSET alone is not SQLite syntax; a limit no table reaches */
		orm_buf_puts(c->out, " LIMIT 9223372036854775807");
	if (s->offset)
	{
		orm_buf_puts(c->out, " OFFSET ");
		if (c_expr(c, s->offset, 0) < 0)
			return -1;
	}
	return 0;
}

static const char *
c_compound_sql(SxCompound k)
{
	switch (k)
	{
		case SXC_UNION:
			return " UNION ";
		case SXC_UNION_ALL:
			return " UNION ALL ";
		case SXC_INTERSECT:
			return " INTERSECT ";
		case SXC_INTERSECT_ALL:
			return " INTERSECT ALL ";
		case SXC_EXCEPT:
			return " EXCEPT ";
		case SXC_EXCEPT_ALL:
			return " EXCEPT ALL ";
		default:
			return " ";
	}
}

static int
c_compound(Cmp *c, SxSelect *s, CMode mode, bool outermost)
{
	CSel		cs = {.sel = s};
	int			i,
				ncols = 0;

	for (i = 0; i < s->parts.n; i++)
	{
		SxSelect   *p = s->parts.items[i];

		/*
		 * A part that is itself a compound, or has its own ORDER BY / LIMIT /
		 * OFFSET, is parenthesized, as SQLAlchemy groups it: written flat,
		 * "a UNION b INTERSECT c" or "a UNION b LIMIT 1" would mean another
		 * statement (PostgreSQL's INTERSECT binds tighter; the LIMIT would
		 * apply to the whole union).  SQLite refuses the parentheses, as it
		 * does SQLAlchemy's.
		 */
		bool		group = p->compound != SXC_NONE || p->order_by.n > 0 || p->limit ||
			p->offset;

		if (i > 0)
			orm_buf_puts(c->out, c_compound_sql(s->compound));
		if (group)
			orm_buf_putc(c->out, '(');
		if (c_select(c, p, mode, outermost && i == 0) < 0)
			return -1;
		if (group)
			orm_buf_putc(c->out, ')');
		if (i == 0)
			ncols = c->ncols;
	}
	c->ncols = ncols;		/* the row is as wide as the first part */
	/* what SQLAlchemy writes after a compound (the database may refuse it) */
	if (c_sort_list(c, &cs, " GROUP BY ", &s->group_by) < 0 ||
		c_sort_list(c, &cs, " ORDER BY ", &s->order_by) < 0 || c_limit_offset(c, s) < 0)
		return -1;
	c_for_update(c, s);
	return 0;
}

/*
 * joinedload() of a relationship with order_by= appends that order to the
 * statement's ORDER BY, on the join's alias, as SQLAlchemy does (so parents
 * come in the order of their first child).  *any: whether ORDER BY is out.
 */
static void
c_eager_order_node(Cmp *c, const OrmLoadNode *node, bool *any)
{
	for (int i = 0; i < node->nchildren; i++)
	{
		const OrmLoadNode *ch = node->children[i];
		const OrmRelationship *rel = ch->rel;

		/* a joinedload() below contains_eager() is ordered too, as in SQLAlchemy
		 * (the contains_eager collection itself takes the statement's order) */
		if (ch->strategy == ORM_LAZY_CONTAINS_EAGER)
		{
			c_eager_order_node(c, ch, any);
			continue;
		}
		if (ch->strategy != ORM_LAZY_JOINED || !ch->from)
			continue;
		for (int k = 0; rel && k < rel->norder; k++)
		{
			const OrmColumn *col = rel->order_by[k].col;

			orm_buf_puts(c->out, *any ? ", " : " ORDER BY ");
			*any = true;
			c_col(c, col->table == rel->secondary && ch->sec_from ? ch->sec_from : ch->from, col);
			if (rel->order_by[k].desc)
				orm_buf_puts(c->out, " DESC");
			if (rel->order_by[k].nulls)
				orm_buf_puts(c->out, rel->order_by[k].nulls == 1 ? " NULLS FIRST" : " NULLS LAST");
		}
		c_eager_order_node(c, ch, any);
	}
}

static void
c_eager_order(Cmp *c, SxSelect *s)
{
	bool		any = s->order_by.n > 0;

	for (int i = 0; c->plans && i < s->items.n; i++)
		if (c->plans[i])
			c_eager_order_node(c, c->plans[i], &any);
}

/* with_for_update(): PostgreSQL's locking clause; SQLAlchemy's SQLite dialect writes none. */
static void
c_for_update(Cmp *c, SxSelect *s)
{
	unsigned	f = s->for_update;

	if (!f || !c->d->has_for_update)
		return;
	if (f & SX_FOR_READ)
		orm_buf_puts(c->out, f & SX_FOR_KEY_SHARE ? " FOR KEY SHARE" : " FOR SHARE");
	else
		orm_buf_puts(c->out, f & SX_FOR_KEY_SHARE ? " FOR NO KEY UPDATE" : " FOR UPDATE");
	for (int i = 0; i < s->for_update_of.n; i++)
	{
		orm_buf_puts(c->out, i ? ", " : " OF ");
		orm_quote_ident(c->out, c_from_name(c, s->for_update_of.items[i]));
	}
	if (f & SX_FOR_NOWAIT)
		orm_buf_puts(c->out, " NOWAIT");
	if (f & SX_FOR_SKIP_LOCKED)
		orm_buf_puts(c->out, " SKIP LOCKED");
}

int
c_select(Cmp *c, SxSelect *s, CMode mode, bool outermost)
{
	CSel	   *cs;
	SxExpr	   *where,
			   *lcrit;
	int			r = -1,
				ncols = c->ncols;

	if (s->compound != SXC_NONE)
		return c_compound(c, s, mode, outermost);
	if (s->raw)
	{
		/* text(...).columns(...): the text is the statement; its columns, one each */
		if (c_expr(c, s->raw, 0) < 0)
			return -1;
		for (int i = 0; i < s->items.n; i++)
		{
			if (outermost)
				c->item_offset[i] = c->ncols;
			c->ncols++;
		}
		if (!outermost)
			c->ncols = ncols;
		return 0;
	}
	cs = ORM_NEW(c->a, CSel);
	cs->sel = s;
	if (c_build_froms(c, cs) < 0 || c_loader_crit(c, cs, &lcrit) < 0)
		return -1;
	orm_vec_push(c->a, &c->scopes, cs);
	orm_buf_puts(c->out, "SELECT ");
	if (s->distinct)
	{
		orm_buf_puts(c->out, "DISTINCT ");
		/* distinct(*cols) where the engine has no DISTINCT ON (SQLite): a plain
		 * DISTINCT, the expressions dropped, as SQLAlchemy's compiler does */
		if (s->distinct_on.n > 0 && c->d->has_distinct_on)
		{
			orm_buf_puts(c->out, "ON (");
			if (c_exprs(c, s->distinct_on.n, (SxExpr **) s->distinct_on.items) < 0)
				goto done;
			orm_buf_puts(c->out, ") ");
		}
	}
	if (c_items(c, cs, mode, outermost) < 0 || c_from_clause(c, cs) < 0)
		goto done;
	where = sx_and(c->a, s->where, lcrit);
	for (int i = 0; i < cs->trees.n; i++)
		where = c_with_single(c, where, ((CTree *) cs->trees.items[i])->base);
	{
		/*
		 * each single-table subclass a select item stands for adds its
		 * criterion once; two of one FROM (wp.Article.summary,
		 * wp.Video.duration_s) add both, as SQLAlchemy does (no row is both)
		 */
		const SxFrom **seen_f = ORM_NEWN(c->a, const SxFrom *, s->items.n + 1);
		const OrmClass **seen_k = ORM_NEWN(c->a, const OrmClass *, s->items.n + 1);
		int			nseen = 0;

		for (int i = 0; i < s->items.n; i++)
		{
			SxExpr	   *x = ((SxItem *) s->items.items[i])->expr;
			OrmClass   *k = c_declaring_single(c, x);
			bool		dup = false,
						other = false;

			while (k && x->kind == SX_LABEL)
				x = x->left;
			if (!k)
				continue;
			for (int j = 0; j < nseen; j++)
				if (seen_f[j] == x->from)
				{
					dup = dup || seen_k[j] == k;
					other = other || seen_k[j] != k;
				}
			if (dup)
				continue;
			seen_f[nseen] = x->from;
			seen_k[nseen++] = k;
			if (other || !c_has_single_criterion(where, x->from, k->polymorphic_on))
				where = sx_and(c->a, where, orm_single_criterion(c->ctx, c->a, x->from, k));
		}
	}
	if (where)
	{
		orm_buf_puts(c->out, " WHERE ");
		if (c_expr(c, where, 0) < 0)
			goto done;
	}
	if (c_sort_list(c, cs, " GROUP BY ", &s->group_by) < 0)
		goto done;
	if (s->having)
	{
		orm_buf_puts(c->out, " HAVING ");
		if (c_expr(c, s->having, 0) < 0)
			goto done;
	}
	if (c_sort_list(c, cs, " ORDER BY ", &s->order_by) < 0)
		goto done;
	if (outermost && !c->wrap_record)
		c_eager_order(c, s);
	if (c_limit_offset(c, s) < 0)
		goto done;
	c_for_update(c, s);
	r = 0;
done:
	c->scopes.n--;
	if (!outermost)
		c->ncols = ncols;		/* only the statement's own row counts */
	return r;
}

/*
 * joinedload() of a collection with LIMIT/OFFSET: as SQLAlchemy, the statement
 * becomes a subquery (anon_1) so the limit counts parent rows, and the eager
 * joins and ORDER BY are applied outside it:
 *   SELECT anon_1.id, ..., posts_1.id AS id_1, ... FROM (SELECT users.id AS id,
 *   ... LIMIT ?) AS anon_1 LEFT OUTER JOIN posts AS posts_1 ON anon_1.id = ...
 *   ORDER BY anon_1.username
 */
static int
c_wrapped(Cmp *c, SxSelect *sel)
{
	CSel	   *cs = ORM_NEW(c->a, CSel);
	SxFrom	   *wf = sx_from_table(c->a, NULL, NULL);
	OrmBuf	   *outer = c->out,
				inner;
	OrmLoadNode **plans = c->plans;
	int			r;

	wf->kind = SXF_SUBQUERY;
	wf->select = sel;
	c->wrap_from = wf;
	cs->sel = sel;
	c_tree_add(c, cs, wf);

	/* the inner statement first, into its own buffer, to learn its labels;
	 * its parameters are numbered after the outer select list's (none) */
	orm_buf_init(&inner, c->a);
	c->out = &inner;
	c->plans = NULL;
	c->wrap_plans = plans;
	c->wrap_record = true;
	orm_vec_push(c->a, &c->scopes, NULL);
	r = c_select(c, sel, CM_DERIVED, false);
	c->scopes.n--;
	c->wrap_record = false;
	c->wrap_plans = NULL;
	c->plans = plans;
	c->out = outer;
	if (r < 0)
		return -1;

	c->wrap_active = true;
	orm_vec_push(c->a, &c->scopes, cs);
	orm_buf_puts(c->out, "SELECT ");
	r = c_items(c, cs, CM_TOP, true);
	if (r == 0)
	{
		orm_buf_puts(c->out, " FROM (");
		orm_buf_puts(c->out, orm_buf_cstr(&inner));
		orm_buf_puts(c->out, ") AS ");
		orm_quote_ident(c->out, c_from_name(c, wf));
		for (int j = 0; j < ((CTree *) cs->trees.items[0])->joins.n && r == 0; j++)
			r = c_join(c, ((CTree *) cs->trees.items[0])->joins.items[j]);
	}
	if (r == 0)
		r = c_sort_list(c, cs, " ORDER BY ", &sel->order_by);
	if (r == 0)
		c_eager_order(c, sel);
	c->scopes.n--;
	c->wrap_active = false;
	return r;
}

static bool
c_needs_wrap(Cmp *c, SxSelect *sel, SxSelect *first)
{
	int			i;

	if (!c->plans || first != sel || (!sel->limit && !sel->offset))
		return false;
	for (i = 0; i < sel->items.n; i++)
		if (c->plans[i] && c_plan_has_joined_collection(c->plans[i]))
			return true;
	return false;
}

/* ---- WITH ---------------------------------------------------------------- */

int
c_with(Cmp *c)
{
	int			i,
				j;
	bool		recursive = false;

	if (c->ctes.n == 0)
		return 0;
	for (i = 0; i < c->ctes.n; i++)
		recursive = recursive || ((SxFrom *) c->ctes.items[i])->recursive;
	orm_buf_puts(c->out, recursive ? "WITH RECURSIVE " : "WITH ");
	for (i = 0; i < c->ctes.n; i++)
	{
		SxFrom	   *f = c->ctes.items[i];
		int			r;

		if (i > 0)
			orm_buf_puts(c->out, ", ");
		orm_quote_ident(c->out, c_from_name(c, f));
		if (f->recursive)
		{
			/* the column names, as the anchor part labels them */
			SxSelect   *anchor = f->select;
			CSel		cs = {0};

			while (anchor->compound != SXC_NONE && anchor->parts.n > 0)
				anchor = anchor->parts.items[0];
			orm_buf_putc(c->out, '(');
			for (j = 0; j < anchor->items.n; j++)
			{
				SxItem	   *it = anchor->items.items[j];
				const char *k = it->expr && it->expr->kind == SX_LABEL ? it->expr->name :
					it->key ? it->key : "_no_label";

				if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls)
				{
					OrmColumn **cols;
					int			n = sx_entity_cols(c->a, it->expr->from, it->expr->from->cls, &cols);

					for (int a = 0; a < n; a++)
					{
						if (cs.used.n > 0)
							orm_buf_puts(c->out, ", ");
						orm_quote_ident(c->out, c_dedupe(c, &cs.used, cols[a]->name));
					}
					continue;
				}
				if (cs.used.n > 0)
					orm_buf_puts(c->out, ", ");
				orm_quote_ident(c->out, c_dedupe(c, &cs.used, k));
			}
			orm_buf_putc(c->out, ')');
		}
		orm_buf_puts(c->out, " AS (");
		orm_vec_push(c->a, &c->scopes, NULL);
		r = c_select(c, f->select, CM_DERIVED, false);
		c->scopes.n--;
		if (r < 0)
			return -1;
		orm_buf_puts(c->out, ")");
	}
	orm_buf_putc(c->out, ' ');
	return 0;
}

/* ---- entry --------------------------------------------------------------- */

static bool c_sel_is_orm(const SxSelect *s, int depth);

/* A FROM item of a mapped class, or a subquery / CTE of an ORM select. */
static bool
c_from_is_orm(const SxFrom *f, int depth)
{
	if (!f)
		return false;
	if (f->cls)
		return true;
	return f->kind != SXF_TABLE && f->select && c_sel_is_orm(f->select, depth + 1);
}

/* Does an expression carry the ORM's annotation (it names a mapped class)? */
static bool
c_expr_is_orm(const SxExpr *x, int depth)
{
	if (!x || depth > 16 || c_is_unannotated(x))
		return false;
	switch (x->kind)
	{
		case SX_COLUMN:
			return !x->core && c_from_is_orm(x->from, depth);
		case SX_FROMCOL:
		case SX_ENTITY:
			return c_from_is_orm(x->from, depth);
		case SX_SCALAR_SUBQ:
		case SX_EXISTS:
			return x->select && c_sel_is_orm(x->select, depth + 1);
		default:
			break;
	}
	if (c_expr_is_orm(x->left, depth + 1) || c_expr_is_orm(x->right, depth + 1) ||
		c_expr_is_orm(x->third, depth + 1))
		return true;
	for (int i = 0; i < x->nargs; i++)
		if (c_expr_is_orm(x->args[i], depth + 1))
			return true;
	return false;
}

static bool
c_vec_is_orm(const OrmPtrVec *v, int depth)
{
	for (int i = 0; i < v->n; i++)
		if (c_expr_is_orm(v->items[i], depth))
			return true;
	return false;
}

/* A FROM of s: ORM unless s names it through its Table (User.__table__) */
static bool
c_sel_from_is_orm(const SxSelect *s, const SxFrom *f, int depth)
{
	for (int i = 0; i < s->core_froms.n; i++)
		if (s->core_froms.items[i] == f)
			return false;
	return c_from_is_orm(f, depth);
}

/*
 * Is s an ORM statement (SQLAlchemy's "orm" compile plugin)?  It is when its
 * columns, FROM items, joins or criteria name a mapped class -- but not
 * through f.filter(), f.over(), exists() or extract(), which SQLAlchemy does
 * not mark.  A Core statement names its unlabeled columns by their anonymous
 * labels (now_1), the ORM by _no_label / the function name.
 */
static bool
c_sel_is_orm(const SxSelect *s, int depth)
{
	if (depth > 16)
		return false;
	for (int i = 0; i < s->parts.n; i++)
		if (c_sel_is_orm(s->parts.items[i], depth + 1))
			return true;
	for (int i = s->woc_items; i < s->items.n; i++)
		if (c_expr_is_orm(((SxItem *) s->items.items[i])->expr, depth))
			return true;
	for (int i = 0; i < s->froms.n; i++)
		if (c_sel_from_is_orm(s, s->froms.items[i], depth))
			return true;
	for (int i = 0; i < s->joins.n; i++)
		if (c_sel_from_is_orm(s, ((SxJoin *) s->joins.items[i])->target, depth) ||
			c_sel_from_is_orm(s, ((SxJoin *) s->joins.items[i])->inner_target, depth) ||
			c_sel_from_is_orm(s, ((SxJoin *) s->joins.items[i])->left, depth))
			return true;
	return c_expr_is_orm(s->where, depth) || c_expr_is_orm(s->having, depth) ||
		c_vec_is_orm(&s->group_by, depth) || c_vec_is_orm(&s->order_by, depth) ||
		c_vec_is_orm(&s->replaced, depth);
}

const char	ORM_KEY_DRIVER[] = "?column?";

void
c_item_keys(Cmp *c, SxSelect *s, OrmCompiled *out)
{
	OrmPtrVec	used = {0};
	int			i;
	bool		core,
				compound;

	/* a compound select is Core's: its columns are named as Core names them */
	compound = core = s->compound != SXC_NONE;
	while (s->compound != SXC_NONE && s->parts.n > 0)
		s = s->parts.items[0];
	core = core || !c_sel_is_orm(s, 0);
	out->nitems = s->items.n;
	out->item_keys = ORM_NEWN(c->a, const char *, s->items.n + 1);
	for (i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];
		const char *k = it->key ? it->key : "_no_label";

		if (core && c->item_anon[i])
			k = c->item_anon[i];
		/* text() in the select list: Core's row names it as the driver's
		 * cursor.description does; an ORM statement's row leaves it out of
		 * Row._fields (SQLAlchemy 2.0: select(User.id, text("1"))._fields
		 * is ('id',)) */
		if (it->expr && it->expr->kind == SX_RAW && !it->expr->negated)
		{
			out->item_keys[i] = core ? ORM_KEY_DRIVER : NULL;
			continue;
		}
		/* a compound (Core) names a column attribute by its column name */
		if (compound && it->expr && it->expr->kind == SX_COLUMN)
			k = it->expr->col->name;
		/* an aliased() entity without name= has no name in Row._fields, nor
		 * has aliased(Post, subquery) without name=; a row still holds it
		 * (SQLAlchemy's by position: for user, address in rows), keyed by
		 * its class's name, as a with_polymorphic() entity below (alone,
		 * the statement's rows are its objects: no name) */
		if (it->expr && it->expr->kind == SX_ENTITY &&
			((it->expr->from->is_alias && !it->expr->from->name && !it->expr->from->adapted) ||
			 (it->expr->from->kind != SXF_TABLE && !it->expr->from->entity_name)))
			k = it->expr->from->cls && s->items.n > 1 ? it->expr->from->cls->name : NULL;
		/* a with_polymorphic() entity: SQLAlchemy names none either, but
		 * leaving it out would lose it; its name=, else its class's name */
		if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from->wp)
			k = it->expr->from->name ? it->expr->from->name : it->expr->from->cls->name;
		out->item_keys[i] = k ? c_dedupe(c, &used, k) : NULL;
	}
}

/*
 * The statement's with_loader_criteria() expressions, checked as the
 * statement's own (limits; the CTEs their subqueries name join its WITH).
 */
int
c_check_crit(Cmp *c)
{
	for (int i = 0; c->crit && i < c->crit->n; i++)
	{
		const SxCrit *k = c->crit->items[i];

		if (k->expr && c_check_expr(c, k->expr) < 0)
			return -1;
	}
	return 0;
}

void
c_init(Cmp *c, OrmCtx *ctx, OrmBuf *buf)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->a = ctx->arena;
	c->d = ctx->dialect;
	orm_buf_init(buf, c->a);
	c->out = buf;
	c->select = c_select;
}

/*
 * select(User).from_statement(stmt): stmt is written as it is when each
 * item of the select is its columns in the item's order (an entity's
 * columns one after another) and no eager join needs adding; the items'
 * row positions are then those columns'.  Otherwise the select is written
 * over stmt as a subquery (the same rows).  1: written directly.
 */
static int
c_from_statement(Cmp *c, SxSelect *sel)
{
	SxFrom	   *f = sel->from_statement;
	int		   *pos = ORM_NEWN(c->a, int, sel->items.n + 1);

	for (int i = 0; i < sel->items.n; i++)
	{
		SxExpr	   *x = ((SxItem *) sel->items.items[i])->expr;

		if (c->plans && c->plans[i] && c->plans[i]->nchildren > 0)
			for (int k = 0; k < c->plans[i]->nchildren; k++)
				if (c->plans[i]->children[k]->strategy == ORM_LAZY_JOINED ||
					c->plans[i]->children[k]->strategy == ORM_LAZY_CONTAINS_EAGER)
					return 0;
		/* column options (load_only, defer, expressions): not stmt's columns as they are */
		if (c->plans && c->plans[i] && c->plans[i]->load)
			return 0;
		if (x && x->kind == SX_FROMCOL && sx_from_canon(x->from) == f)
			pos[i] = x->index;
		else if (x && x->kind == SX_ENTITY && sx_from_canon(x->from) == f &&
				 x->from->colmap_index && x->from->cls)
		{
			pos[i] = x->from->ncolmap ? x->from->colmap_index[0] : 0;
			for (int a = 0; a < x->from->ncolmap; a++)
				if (x->from->colmap_index[a] != pos[i] + a)
					return 0;
		}
		else
			return 0;
	}
	if (c_with(c) < 0 || c_select(c, f->select, CM_TOP, true) < 0)
		return -1;
	for (int i = 0; i < sel->items.n; i++)
	{
		SxExpr	   *x = ((SxItem *) sel->items.items[i])->expr;

		c->item_offset[i] = pos[i];
		c->item_anon[i] = NULL;
		/* an entity's node reads its mapped columns, in colmap order */
		if (c->plans && c->plans[i] && x->kind == SX_ENTITY)
			c_default_load(c, x->from->cls, c->plans[i], x->from->colmap_cols, x->from->ncolmap);
	}
	return 1;
}

int
orm_compile_select(OrmCtx *ctx, SxSelect *sel, OrmLoadNode **plans, OrmCompiled *out)
{
	Cmp			c;
	OrmBuf		buf;
	SxSelect   *first = sel;
	int			i;

	memset(out, 0, sizeof(*out));
	c_init(&c, ctx, &buf);
	c.plans = plans;
	c.crit = &sel->crit;
	c.share_params = c.d->share_params;
	if (c_check_select(&c, sel) < 0 || c_check_crit(&c) < 0)
		return -1;
	for (i = 0; plans && sel->compound == SXC_NONE && i < sel->items.n; i++)
		if (c_check_plan(&c, plans[i], ((SxItem *) sel->items.items[i])->expr) < 0)
			return -1;
	if (sel->compound == SXC_NONE && sel->items.n == 0)
		return orm_err_at(ctx->err, ORM_ERR_QUERY, sel->line, sel->col,
						  "select() has no columns");
	while (first->compound != SXC_NONE && first->parts.n > 0)
		first = first->parts.items[0];
	if (plans && first != sel)
		c.plans = NULL;			/* eager joins do not apply to a compound */
	c.item_offset = ORM_NEWN(c.a, int, first->items.n + 1);
	c.item_anon = ORM_NEWN(c.a, const char *, first->items.n + 1);
	if (sel->from_statement)
	{
		SxSelect   *u = sel->from_statement->select;
		int			r;

		while (u->compound != SXC_NONE && u->parts.n > 0)
			u = u->parts.items[0];
		if (u->items.n > first->items.n)
		{
			c.item_offset = ORM_NEWN(c.a, int, u->items.n + 1);
			c.item_anon = ORM_NEWN(c.a, const char *, u->items.n + 1);
		}
		if ((r = c_from_statement(&c, sel)) < 0)
			return -1;
		if (r == 0 && (c_with(&c) < 0 || c_select(&c, sel, CM_TOP, true) < 0))
			return -1;
	}
	else if (c_needs_wrap(&c, sel, first))
	{
		for (i = 0; i < sel->items.n; i++)
		{
			SxExpr	   *x = ((SxItem *) sel->items.items[i])->expr;

			if (!x || (x->kind != SX_ENTITY && x->kind != SX_COLUMN))
				return orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, sel->line, sel->col,
								  "joinedload() of a collection with limit()/offset() needs a "
								  "select of entities and columns only; use selectinload()");
		}
		if (c_with(&c) < 0 || c_wrapped(&c, sel) < 0)
			return -1;
	}
	else if (c_with(&c) < 0 || c_select(&c, sel, CM_TOP, true) < 0)
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
	if (c.pslots.n > 0)
	{
		out->param_slots = ORM_NEWN(c.a, int, c.params.n + 1);
		for (i = 0; i < c.params.n && i < c.pslots.n; i++)
			out->param_slots[i] = (int) (intptr_t) c.pslots.items[i];
	}
	if (c.params.n > c.d->max_params)
		return orm_err(ctx->err, ORM_ERR_QUERY, "statement has %d parameters, more than %s allows (%d)",
					   c.params.n, c.d->name, c.d->max_params);
	c_item_keys(&c, sel, out);
	out->item_offset = c.item_offset;
	out->ncols = c.ncols;
	return 0;
}

