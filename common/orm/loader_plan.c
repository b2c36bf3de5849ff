/*
 * loader_plan.c -- stage 1 of the loader (loader_int.h): the eager-load plan
 * of a select's entities, a tree of OrmLoadNodes per entity item built from
 * the statement's loader options and the relationships' lazy= defaults
 * (orm_plan_build), and the FROMs of its joined loads for one statement
 * (orm_plan_place, lp_place_joined).  loader.c's prologue describes the
 * plan, the rules that choose each relationship's strategy and the cycle
 * rule; polymorphic.c decides which subclasses a node loads.
 *
 * Owns: orm_plan_build, orm_plan_place, lp_place_joined.  Calls
 * polymorphic.c and load_cols.c (each node's columns, decided with the
 * plan, placed with its FROM); called by loader.c.  Executes nothing.
 *
 * Inheritance: a node of class K has children for K's relationships
 * (inherited ones included); for each with_polymorphic class W of its
 * FROM, for W's own relationships too (only = W: they apply to the node's
 * W objects); and an ORM_LAZY_POLY child for each subclass loaded by a
 * statement of its own (polymorphic.c), whose children are that class's
 * relationships.  A relationship's target node takes of_type()'s classes
 * (or the target's mapper's with_polymorphic) as its own.
 */
#include "orm/loader_int.h"
#include "orm/load_cols.h"
#include "orm/query.h"

#include <string.h>

typedef struct LpState
{
	OrmCtx	   *ctx;
	SxSelect   *sel;
	int			depth;			/* relationships on the current path */
	int			stmt_start;		/* classes[] index of the current statement's root */
	int			nnodes;			/* nodes planned so far */
	const SxFrom *root_from;	/* the FROM of the entity being planned */
	OrmRelationship *path[LP_MAXDEPTH];
	OrmClass   *classes[LP_MAXDEPTH + 1];	/* classes[0] = root ... classes[depth] */
	OrmPtrVec  *crit_propagate; /* sel's with_loader_criteria() that propagate to
								 * loaders (immediateload's statements), made once */
} LpState;

/*
 * The with_loader_criteria() a node's own statement takes: the statement's
 * (SQLAlchemy's selectin and subquery loaders pass every option on),
 * immediateload's those that propagate_to_loaders (its lazy loads get only
 * those); NULL when there are none.
 */
static const OrmPtrVec *
lp_node_crit(LpState *st, OrmLazy strategy)
{
	if (st->sel->crit.n == 0)
		return NULL;
	if (strategy != ORM_LAZY_IMMEDIATE)
		return &st->sel->crit;
	if (!st->crit_propagate)
	{
		st->crit_propagate = ORM_NEW(st->ctx->arena, OrmPtrVec);
		for (int i = 0; i < st->sel->crit.n; i++)
			if (((const SxCrit *) st->sel->crit.items[i])->propagate)
				orm_vec_push(st->ctx->arena, st->crit_propagate, st->sel->crit.items[i]);
	}
	return st->crit_propagate;
}

typedef struct LpChoice
{
	OrmLazy		strategy;
	int			innerjoin;		/* joined: 0 outer, 1 inner (nested), 2 "unnested" */
	int			recursion;		/* selectin: recursion_depth= */
	bool		exact;			/* named by an option path: no cycle check */
	SxFrom	   *alias;			/* contains_eager(alias=) / of_type() target */
	SxExpr	   *criteria;		/* rel.and_(criteria) */
	SxFrom	   *criteria_from;
	const SxLoadOpt *opt;		/* the exact option that decided, or NULL */
} LpChoice;

/* Does option o's path start with the current path's first n steps? */
static bool
lp_prefix_matches(const SxLoadOpt *o, const LpState *st, int n)
{
	for (int i = 0; i < n; i++)
		if (o->path[i] != st->path[i])
			return false;
	return true;
}

/* Does option o start at the entity whose FROM is f? */
static bool
lp_root_matches(const SxLoadOpt *o, const SxFrom *f)
{
	if (o->root)
		return o->root == f;
	return !f || (f->kind == SXF_TABLE && !f->is_alias) || f->plain_entity;
}

/* Are classes a and b of one line of inheritance (an option's class applies to the other)? */
static bool
lp_related(const OrmClass *a, const OrmClass *b)
{
	return orm_class_isa(a, b) || orm_class_isa(b, a);
}

/* The strategy for relationship rel at the current path (rules a-d, loader.c). */
static LpChoice
lp_choose(const LpState *st, OrmRelationship *rel)
{
	LpChoice	c = {rel->lazy, rel->innerjoin, 0, false, NULL, NULL, NULL, NULL};
	int			d = st->depth;
	bool		have_wild = false,
				have_global = false;
	OrmLazy		wild = ORM_LAZY_SELECT,
				global = ORM_LAZY_SELECT;

	for (int i = 0; i < st->sel->options.n; i++)
	{
		const SxLoadOpt *o = st->sel->options.items[i];

		if (o->colopt != SXCO_NONE)
			continue;			/* column loading: load_cols.c */
		/* a path applies to its own entity: u.posts to aliased(User) u,
		 * User.posts to the unaliased User; Load(Address)'s to Address (and
		 * to its classes of one line of inheritance) */
		if ((o->npath > 0 || o->root_cls) && !lp_root_matches(o, st->root_from))
			continue;
		if (o->root_cls && !lp_related(st->classes[0], o->root_cls))
			continue;
		if (o->npath > d && o->path[d] == rel && lp_prefix_matches(o, st, d))
		{
			OrmLazy		s = o->strategy ? o->strategy[d] : ORM_LAZY_DEFAULT;

			/* a defaultload() step never overrides a real strategy */
			if (!c.exact || s != ORM_LAZY_DEFAULT)
			{
				c.strategy = s;
				c.opt = o;
				c.innerjoin = o->innerjoin && o->innerjoin[d] >= 0 ? o->innerjoin[d] :
					rel->innerjoin;
				c.recursion = o->recursion ? o->recursion[d] : 0;
			}
			if (o->alias && o->alias[d])
				c.alias = o->alias[d];
			if (o->criteria && o->criteria[d])
			{
				c.criteria = o->criteria[d];
				c.criteria_from = o->criteria_from[d];
			}
			c.exact = true;
		}
		else if (o->wildcard && o->npath == d && (d > 0 || o->root_cls) &&
				 lp_prefix_matches(o, st, d))
		{
			/* selectinload(User.posts).raiseload("*"), Load(Order).raiseload("*") */
			have_wild = true;
			wild = o->wildcard_strategy;
		}
		else if (o->wildcard && o->npath == 0 && !o->root_cls)
		{
			have_global = true;
			global = o->wildcard_strategy;
		}
	}
	if (c.exact)
	{
		if (c.strategy == ORM_LAZY_DEFAULT)
			c.strategy = rel->lazy;
	}
	else if (have_wild)
		c.strategy = wild;
	else if (have_global)
		c.strategy = global;
	return c;
}

/* Node strategy for a lazy= value: SELECTIN, JOINED, CONTAINS_EAGER, or SELECT (not loaded). */
static OrmLazy
lp_node_strategy(OrmLazy s)
{
	switch (s)
	{
		case ORM_LAZY_SELECTIN:
		case ORM_LAZY_SUBQUERY:
		case ORM_LAZY_IMMEDIATE:
			return ORM_LAZY_SELECTIN;
		case ORM_LAZY_JOINED:
			return ORM_LAZY_JOINED;
		case ORM_LAZY_CONTAINS_EAGER:
			return ORM_LAZY_CONTAINS_EAGER;
		default:
			return ORM_LAZY_SELECT;
	}
}

static bool
lp_class_on_path(const LpState *st, const OrmClass *cls, int from)
{
	for (int i = from; i <= st->depth; i++)
		if (st->classes[i] == cls)
			return true;
	return false;
}

/*
 * contains_eager(Post.author) without alias=: the statement's join to the
 * target.  A join made through the relationship itself comes first; for a
 * many-to-many one that is its second join (to the target), not the first
 * (to the secondary table, which has no class).
 */
static SxFrom *
lp_join_target(const SxSelect *sel, const OrmRelationship *rel)
{
	for (int i = 0; i < sel->joins.n; i++)
	{
		const SxJoin *j = sel->joins.items[i];

		if (j->via == rel && sx_join_end(j)->cls)
			return sx_join_end(j);
	}
	for (int i = 0; i < sel->joins.n; i++)
	{
		const SxJoin *j = sel->joins.items[i];

		if (sx_join_end(j)->cls && orm_class_isa(sx_join_end(j)->cls, rel->target))
			return sx_join_end(j);
	}
	return NULL;
}

/*
 * contains_eager(User.orders) when the statement has no join to Order: as
 * SQLAlchemy, the target class's own table, which the statement then has in
 * its FROM list (a cartesian product unless the WHERE clause relates them):
 * the statement's unaliased FROM of that table when it names one, else a
 * new one (compile.c adds it to the FROM list).
 */
static void
lp_plain_froms_expr(const SxExpr *x, const OrmTable *t, SxFrom **found, int depth)
{
	if (!x || *found || depth > 200)
		return;
	if ((x->kind == SX_COLUMN || x->kind == SX_ENTITY) && x->from &&
		x->from->kind == SXF_TABLE && !x->from->is_alias && x->from->table == t)
	{
		*found = x->from;
		return;
	}
	if (x->kind == SX_SCALAR_SUBQ || x->kind == SX_EXISTS)
		return;
	lp_plain_froms_expr(x->left, t, found, depth + 1);
	lp_plain_froms_expr(x->right, t, found, depth + 1);
	lp_plain_froms_expr(x->third, t, found, depth + 1);
	for (int i = 0; i < x->nargs; i++)
		lp_plain_froms_expr(x->args[i], t, found, depth + 1);
}

static SxFrom *
lp_plain_target(OrmArena *a, const SxSelect *sel, const OrmRelationship *rel)
{
	const OrmTable *t = rel->target->table;
	SxFrom	   *found = NULL;

	for (int i = 0; i < sel->froms.n && !found; i++)
	{
		SxFrom	   *f = sel->froms.items[i];

		if (f->kind == SXF_TABLE && !f->is_alias && f->table == t)
			found = f;
	}
	for (int i = 0; i < sel->items.n && !found; i++)
		lp_plain_froms_expr(((SxItem *) sel->items.items[i])->expr, t, &found, 0);
	lp_plain_froms_expr(sel->where, t, &found, 0);
	return found ? found : sx_from_table(a, rel->target->table, rel->target);
}

/* Is f a FROM of the statement (select_from(), a join's side, or an entity's)? */
static bool
lp_from_in_statement(const SxSelect *sel, const SxFrom *f)
{
	for (int i = 0; i < sel->froms.n; i++)
		if (sel->froms.items[i] == f)
			return true;
	for (int i = 0; i < sel->joins.n; i++)
	{
		const SxJoin *j = sel->joins.items[i];

		if (j->target == f || j->left == f || j->inner_target == f)
			return true;
	}
	for (int i = 0; i < sel->items.n; i++)
	{
		const SxItem *it = sel->items.items[i];

		if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from == f)
			return true;
	}
	return false;
}

/* An error about option o (its position in the query text when it has one). */
static int
lp_opt_err(OrmCtx *ctx, const SxLoadOpt *o, OrmErrCode code, const char *msg)
{
	if (o && o->line > 0)
		return orm_err_at(ctx->err, code, o->line, o->col, "%s", msg);
	return orm_err(ctx->err, code, "%s", msg);
}

static OrmLoadNode *
lp_new_node(OrmArena *a, OrmClass *cls, OrmRelationship *rel, OrmLazy strategy)
{
	OrmLoadNode *n = ORM_NEW(a, OrmLoadNode);

	n->cls = cls;
	n->rel = rel;
	n->strategy = strategy;
	return n;
}

static int	lp_children(LpState *st, OrmLoadNode *node, bool in_main);

static int
lp_count_node(LpState *st)
{
	if (st->depth >= LP_MAXDEPTH)
		return orm_err(st->ctx->err, ORM_ERR_UNSUPPORTED,
					   "loader options nest deeper than %d relationships", LP_MAXDEPTH);
	if (++st->nnodes > LP_MAXNODES)
		return orm_err(st->ctx->err, ORM_ERR_UNSUPPORTED,
					   "eager loading would load more than %d relationship paths", LP_MAXNODES);
	return 0;
}

/*
 * The un-aliased FROM with_loader_criteria() for node's class were written
 * for (when the node loads that class plainly), or NULL.
 */
static SxFrom *
lp_crit_from(const OrmLoadNode *node)
{
	for (int i = 0; node->crit && node->poly.n == 0 && i < node->crit->n; i++)
	{
		const SxCrit *c = node->crit->items[i];

		if (c->cls == node->cls && c->from && c->from->kind == SXF_TABLE && !c->from->is_alias &&
			!c->from->wp && c->from->cls == node->cls && c->from->poly.n == 0)
			return c->from;
	}
	return NULL;
}

/*
 * One relationship of node's class (or, only set, of its subclass only):
 * add a child node to kids when it is loaded.
 */
static int
lp_child(LpState *st, OrmLoadNode *node, OrmRelationship *rel, bool in_main, OrmPtrVec *kids,
		 OrmClass *only)
{
	OrmArena   *a = st->ctx->arena;
	LpChoice	c;
	OrmLazy		s;
	OrmLoadNode *kid;
	int			rc,
				saved_start = st->stmt_start;

	if (!rel->target)
		return 0;
	c = lp_choose(st, rel);
	if (c.strategy == ORM_LAZY_NOLOAD && node)
	{
		orm_vec_push(a, &node->noload, rel);	/* loaded empty (loader.c) */
		return 0;
	}
	s = lp_node_strategy(c.strategy);
	if (s == ORM_LAZY_SELECT)
		return 0;
	/*
	 * The cycle rule for a relationship no option names: with join_depth=n,
	 * SQLAlchemy's eager loaders go n relationships deep (from the root
	 * entity) instead of stopping where the target class is on the path.
	 */
	if (!c.exact && rel->join_depth > 0 && st->depth + 1 > rel->join_depth)
		return 0;
	if (!c.exact && rel->join_depth == 0 &&
		lp_class_on_path(st, rel->target, s == ORM_LAZY_SELECTIN ? 0 : st->stmt_start))
		return 0;
	if (s == ORM_LAZY_CONTAINS_EAGER && !in_main)
		return 0;				/* no join to read it from in a selectin statement */
	if (lp_count_node(st) < 0)
		return -1;

	kid = lp_new_node(a, rel->target, rel, s);
	kid->crit = s == ORM_LAZY_SELECTIN ? lp_node_crit(st, c.strategy) : NULL;
	kid->innerjoin = s == ORM_LAZY_JOINED ? c.innerjoin : 0;
	kid->recursion = s == ORM_LAZY_SELECTIN && rel->target == rel->owner ? c.recursion : 0;
	kid->criteria = c.criteria;
	kid->criteria_from = c.criteria_from;
	kid->only = only;
	if (s == ORM_LAZY_CONTAINS_EAGER)
	{
		/* the target's columns are read from that FROM: it must be in the
		 * statement (query.c checked an alias= holds the target's columns) */
		kid->from = c.alias ? c.alias : lp_join_target(st->sel, rel);
		if (!kid->from)
			kid->from = lp_plain_target(a, st->sel, rel);
		if (c.alias && !lp_from_in_statement(st->sel, c.alias))
			return lp_opt_err(st->ctx, c.opt, ORM_ERR_QUERY,
							  orm_sprintf(a, "contains_eager(%s.%s, alias=...): the alias is not in "
										  "the statement; join to it", rel->owner->name, rel->name));
		if (kid->from->kind == SXF_TABLE && kid->from->cls)
			kid->cls = kid->from->cls;
		for (int i = 0; i < kid->from->poly.n; i++)
			orm_vec_push(a, &kid->poly, kid->from->poly.items[i]);
	}
	else
	{
		kid->of_type = c.alias;
		orm_poly_of_target(a, rel->target, c.alias, &kid->poly);
	}
	orm_vec_push(a, kids, kid);
	/* a selectin load of a class with_loader_criteria() name selects from
	 * the FROM they were written for (kept as written, subqueries included) */
	if (kid->crit && !kid->criteria_from && s == ORM_LAZY_SELECTIN)
		kid->criteria_from = lp_crit_from(kid);

	st->path[st->depth] = rel;
	st->depth++;
	st->classes[st->depth] = rel->target;
	if (orm_load_cols_decide(st->ctx, st->sel, st->root_from, st->path, st->depth, kid) < 0)
	{
		st->depth--;
		return -1;
	}
	if (s == ORM_LAZY_SELECTIN)
		st->stmt_start = st->depth;
	rc = lp_children(st, kid, in_main && s != ORM_LAZY_SELECTIN);
	st->depth--;
	st->stmt_start = saved_start;
	return rc;
}

/*
 * The classes selectin_polymorphic() options name for the node at the
 * current path (the entity itself at depth 0).
 */
static void
lp_poly_opts(const LpState *st, const OrmLoadNode *node, OrmPtrVec *out)
{
	OrmArena   *a = st->ctx->arena;

	out->n = 0;
	for (int i = 0; i < st->sel->options.n; i++)
	{
		const SxLoadOpt *o = st->sel->options.items[i];

		if (o->poly_selectin.n == 0 || o->npath != st->depth || !lp_prefix_matches(o, st, st->depth))
			continue;
		if (o->npath > 0 ? !lp_root_matches(o, st->root_from) :
			(o->poly_base && !lp_related(o->poly_base, node->cls)))
			continue;
		for (int k = 0; k < o->poly_selectin.n; k++)
			orm_vec_push(a, out, o->poly_selectin.items[k]);
	}
}

static bool
lp_has_rel(const OrmClass *k, const OrmRelationship *rel)
{
	for (int i = 0; i < k->nallrels; i++)
		if (k->allrels[i] == rel)
			return true;
	return false;
}

/*
 * The subclass parts of node's children: the relationships of its
 * with_polymorphic classes, and a POLY child (with its class's
 * relationships below it) per class loaded by a statement of its own.
 */
static int
lp_poly_children(LpState *st, OrmLoadNode *node, bool in_main, OrmPtrVec *kids)
{
	OrmArena   *a = st->ctx->arena;
	OrmClass   *k = node->cls;
	OrmPtrVec	seen = {0},
				opt = {0},
				sel = {0};

	for (int i = 0; i < node->poly.n; i++)
	{
		OrmClass   *w = node->poly.items[i];

		for (int r = 0; r < w->nallrels; r++)
		{
			OrmRelationship *rel = w->allrels[r];
			bool		dup = lp_has_rel(k, rel);

			for (int j = 0; j < seen.n && !dup; j++)
				dup = seen.items[j] == rel;
			if (dup)
				continue;
			orm_vec_push(a, &seen, rel);
			if (lp_child(st, node, rel, in_main, kids, w) < 0)
				return -1;
		}
	}
	lp_poly_opts(st, node, &opt);
	orm_poly_selectin(a, k, &node->poly, &opt, &sel);
	for (int i = 0; i < sel.n; i++)
	{
		OrmClass   *m = sel.items[i];
		OrmLoadNode *pn;
		OrmPtrVec	pk = {0};
		int			saved_start = st->stmt_start;

		if (lp_count_node(st) < 0)
			return -1;
		pn = lp_new_node(a, m, NULL, ORM_LAZY_POLY);
		pn->only = m;
		pn->crit = lp_node_crit(st, ORM_LAZY_SELECTIN);
		{
			OrmColumn **cols;
			int			ncols = orm_poly_cols(a, m, k, &cols);

			if (orm_load_cols_decide_poly(st->ctx, st->sel, st->root_from, st->path, st->depth,
										  pn, k, cols, ncols) < 0)
				return -1;
		}
		orm_vec_push(a, kids, pn);
		/* its statement is its own: joined loads below it join into it */
		st->stmt_start = st->depth;
		for (int r = 0; r < m->nallrels; r++)
			if (orm_poly_loads_rel(m, k, m->allrels[r]) &&
				lp_child(st, pn, m->allrels[r], false, &pk, NULL) < 0)
				return -1;
		st->stmt_start = saved_start;
		pn->nchildren = pk.n;
		pn->children = (OrmLoadNode **) pk.items;
	}
	return 0;
}

static int
lp_children(LpState *st, OrmLoadNode *node, bool in_main)
{
	OrmPtrVec	kids = {0};
	OrmClass   *k = node->cls;

	if (k->nallrels == 0 && k->nrels > 0)
	{
		/* a registry not derived by decl/inherit.c */
		for (int i = 0; i < k->nrels; i++)
			if (lp_child(st, node, k->rels[i], in_main, &kids, NULL) < 0)
				return -1;
	}
	for (int i = 0; i < k->nallrels; i++)
	{
		/* selectinload(recursion_depth=): the relationship below is the same
		 * load again, run by the loader (ld_run_selectins), not planned */
		if (node->recursion != 0 && k->allrels[i] == node->rel)
			continue;
		if (lp_child(st, node, k->allrels[i], in_main, &kids, NULL) < 0)
			return -1;
	}
	if (lp_poly_children(st, node, in_main, &kids) < 0)
		return -1;
	node->nchildren = kids.n;
	node->children = (OrmLoadNode **) kids.items;
	return 0;
}

/*
 * Every option must start at an entity of the statement, as SQLAlchemy
 * demands: at its class, a superclass's attribute (Employee.company for a
 * Manager entity) or a subclass's (Manager.paperwork for an Employee one,
 * loaded where the entity loads Managers).
 */
static int
lp_check_options(OrmCtx *ctx, const SxSelect *sel)
{
	for (int i = 0; i < sel->options.n; i++)
	{
		const SxLoadOpt *o = sel->options.items[i];
		const OrmClass *owner = o->npath > 0 ? o->path[0]->owner : o->poly_base;
		bool		found = false;

		if (!owner)
			continue;
		for (int k = 0; k < sel->items.n && !found; k++)
		{
			const SxItem *it = sel->items.items[k];

			found = it->expr && it->expr->kind == SX_ENTITY && it->expr->from &&
				it->expr->from->cls && lp_related(it->expr->from->cls, owner) &&
				(o->npath == 0 || lp_root_matches(o, it->expr->from));
		}
		if (!found)
			return lp_opt_err(ctx, o, ORM_ERR_QUERY, o->npath > 0 ?
							  orm_sprintf(ctx->arena,
										  "loader option %s.%s does not apply to any entity of the statement",
										  o->path[0]->owner->name, o->path[0]->name) :
							  orm_sprintf(ctx->arena,
										  "selectin_polymorphic(%s, ...) does not apply to any entity of the statement",
										  owner->name));
	}
	return 0;
}

OrmLoadNode **
orm_plan_build(OrmCtx *ctx, SxSelect *sel)
{
	int			n = sel->items.n;
	OrmLoadNode **plans = ORM_NEWN(ctx->arena, OrmLoadNode *, n > 0 ? n : 1);
	LpState		st;

	if (sel->compound != SXC_NONE)
		return plans;			/* rows of columns: nothing to load */
	if (lp_check_options(ctx, sel) < 0)
		return NULL;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.sel = sel;
	for (int i = 0; i < n; i++)
	{
		const SxItem *it = sel->items.items[i];
		OrmLoadNode *root;

		if (!it->expr || it->expr->kind != SX_ENTITY || !it->expr->from ||
			!it->expr->from->cls)
			continue;
		root = lp_new_node(ctx->arena, it->expr->from->cls, NULL, ORM_LAZY_SELECT);
		root->from = it->expr->from;
		for (int k = 0; k < root->from->poly.n; k++)
			orm_vec_push(ctx->arena, &root->poly, root->from->poly.items[k]);
		st.root_from = it->expr->from;
		st.depth = 0;
		st.stmt_start = 0;
		st.classes[0] = root->cls;
		if (orm_load_cols_decide(ctx, sel, st.root_from, st.path, 0, root) < 0 ||
			lp_children(&st, root, true) < 0)
			return NULL;
		plans[i] = root;
	}
	if (orm_load_cols_keys(ctx, plans, n) < 0)
		return NULL;
	return plans;
}

/*
 * A JOINED node's FROM: a new alias of the target -- flat (each table its
 * own alias) as SQLAlchemy's joined loader aliases a joined entity, or, for
 * of_type() in the option, SQLAlchemy's aliased with_polymorphic (the join
 * as a subquery, anon_1) -- or the FROM its rel.and_() criteria name.
 */
static SxFrom *
lp_joined_from(OrmCtx *ctx, OrmLoadNode *k)
{
	SxFrom	   *to;

	if (k->criteria_from)
		to = k->criteria_from;
	else
	{
		to = sx_from_table(ctx->arena, k->rel->target->table, k->rel->target);
		for (int i = 0; i < k->poly.n; i++)
			orm_vec_push(ctx->arena, &to->poly, k->poly.items[i]);
		to->flat = !k->of_type;
	}
	to->is_alias = true;
	return to;
}

/*
 * Places node (whose own FROM is set) and the nodes of its statement below
 * it: node's expression columns are evaluated for its FROM (load_cols.c);
 * each JOINED node gets a new alias of its target (or the FROM its rel.and_()
 * criteria name) and, many-to-many, one of the secondary table, and
 * rel->extra_criteria is evaluated for them and the parent's FROM, so that
 * the compiler only renders the plan.  Done for each statement: the main
 * statement's plan once (orm_plan_place), a selectin or polymorphic node's
 * subtree again for each of its statements (its FROM is new each time).
 */
int
lp_place_joined(OrmCtx *ctx, OrmLoadNode *node)
{
	if (node->from && orm_load_cols_place(ctx, node) < 0)
		return -1;
	for (int i = 0; i < node->nchildren; i++)
	{
		OrmLoadNode *k = node->children[i];
		OrmRelationship *rel = k->rel;

		if (k->strategy == ORM_LAZY_JOINED && rel && rel->target && node->from)
		{
			SxFrom	   *to = lp_joined_from(ctx, k);
			SxFrom	   *sec = NULL;

			k->from = to;
			if (rel->secondary_join)
			{
				/* (b_1 JOIN d_2 ... JOIN c_1 ...) ON primaryjoin, target ON secondaryjoin */
				if (orm_rel_composite(ctx, rel, node->from, to, &k->sec_from, &k->sec_on,
									  &k->rel_criteria) < 0)
					return -1;
			}
			else
			{
				if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
				{
					sec = sx_from_table(ctx->arena, rel->secondary, NULL);
					sec->is_alias = true;
				}
				k->sec_from = sec;
				if (orm_rel_extra_criteria(ctx, rel, node->from, sec, to, &k->rel_criteria) < 0)
					return -1;
			}
		}
		if (k->strategy != ORM_LAZY_SELECTIN && k->strategy != ORM_LAZY_POLY &&
			lp_place_joined(ctx, k) < 0)
			return -1;
	}
	return 0;
}

/*
 * A copy of a plan tree for one run of a kept plan (orm/loader_cache.c):
 * running changes its nodes (a selectin or polymorphic node's FROM and
 * columns are placed again for each statement, the compiler writes where
 * columns start), so each run gets its own nodes and column lists; what
 * they point to (classes, FROMs, criteria) is shared and only read.
 */
static OrmLoadNode *
lp_copy(OrmArena *a, const OrmLoadNode *n)
{
	OrmLoadNode *c = ORM_NEW(a, OrmLoadNode);

	*c = *n;
	if (n->load)
	{
		/* one spare slot, as the planner allocates (load_cols.c) */
		c->load = ORM_NEWN(a, OrmLoadCol, n->nload + 1);
		memcpy(c->load, n->load, sizeof(OrmLoadCol) * (size_t) n->nload);
	}
	/* as deep as the planner built it (LP_MAXDEPTH) */
	if (n->nchildren > 0)
	{
		c->children = ORM_NEWN(a, OrmLoadNode *, n->nchildren);
		for (int i = 0; i < n->nchildren; i++)
			c->children[i] = lp_copy(a, n->children[i]);
	}
	return c;
}

OrmLoadNode **
lp_copy_plans(OrmArena *a, OrmLoadNode *const *plans, int n)
{
	OrmLoadNode **c = ORM_NEWN(a, OrmLoadNode *, n > 0 ? n : 1);

	for (int i = 0; plans && i < n; i++)
		c[i] = plans[i] ? lp_copy(a, plans[i]) : NULL;
	return c;
}

void
lp_restore_stmt(OrmArena *a, OrmLoadNode *dst, const OrmLoadNode *src)
{
	OrmLoadNode **kids = dst->children;
	int			nkids = dst->nchildren;

	*dst = *src;
	dst->children = kids;
	dst->nchildren = nkids;
	if (src->load)
	{
		dst->load = ORM_NEWN(a, OrmLoadCol, src->nload + 1);
		memcpy(dst->load, src->load, sizeof(OrmLoadCol) * (size_t) src->nload);
	}
	for (int i = 0; i < nkids && i < src->nchildren; i++)
		if (kids[i]->strategy == ORM_LAZY_JOINED || kids[i]->strategy == ORM_LAZY_CONTAINS_EAGER)
			lp_restore_stmt(a, kids[i], src->children[i]);
}

int
orm_plan_place(OrmCtx *ctx, SxSelect *sel, OrmLoadNode **plans)
{
	for (int i = 0; plans && i < sel->items.n; i++)
	{
		const SxItem *it = sel->items.items[i];

		if (!plans[i])
			continue;
		if (!plans[i]->from && it->expr && it->expr->kind == SX_ENTITY)
			plans[i]->from = it->expr->from;
		if (lp_place_joined(ctx, plans[i]) < 0)
			return -1;
	}
	return 0;
}
