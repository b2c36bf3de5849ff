/*
 * loader.c -- runs a compiled select(), loads its eager relationships, and
 * writes the result as the JSON object graph of docs/reference.md "Results and values".
 *
 * Owns: the eager-load plan (orm_plan_build), the identity map and object
 * graph of one call, the statements of selectin loads, the result JSON,
 * orm_compile's statement list (orm_compile_text) and session.get
 * (orm_load_get).
 *
 * Assumes: compile.c turns an SxSelect plus plan roots into SQL and writes
 * the row position of every JOINED / CONTAINS_EAGER node's columns into the
 * plan (col_offset); every key column a relationship joins on (local_cols,
 * remote_cols) is a mapped attribute of its class; the host returns the rows
 * of a statement as one row-major OrmValue array in the call arena.
 * Must not: execute SQL other than through orm_ctx_query, splice a value into
 * SQL text, or call malloc.
 *
 *
 * THE EAGER-LOAD PLANNER
 * ======================
 *
 * Stage 1: plan.  For every entity item of the statement the planner builds a
 * tree of OrmLoadNodes.  The root is the entity; below a node of class C it
 * considers each relationship r of C, in declaration order, and decides r's
 * strategy at this path, first match wins:
 *
 *   a. an option whose path is exactly root..C.r ("exact"): its strategy for
 *      that step (defaultload() keeps r's own lazy=);
 *   b. a chained wildcard, selectinload(User.posts).raiseload("*"), whose
 *      path is root..C: its strategy, for every relationship of C there;
 *   c. a top-level wildcard, lazyload("*") / raiseload("*"): every
 *      relationship at every depth (SQLAlchemy's "_sa_default" token);
 *   d. r's own lazy=.
 *
 * selectin, subquery and immediate become a SELECTIN node (a second
 * statement), joined a JOINED node (LEFT OUTER JOIN in the parent's
 * statement), contains_eager a CONTAINS_EAGER node (columns of a join the
 * statement already has; only in the main statement).  Everything else --
 * select (lazy), raise, raise_on_sql, noload, dynamic, write_only -- is not
 * loaded, and the relationship is absent from the JSON (docs/reference.md; SQLAlchemy's
 * noload would set None / [], we follow the contract).
 *
 * The cycle rule, the one SQLAlchemy applies (strategies.py: a relationship
 * loaded by its own lazy= or a wildcard is skipped when
 * path.contains_mapper(target)): an eager relationship NOT named by an exact
 * option is dropped when its target class already occurs on its path, owner
 * included.  Which path differs by strategy, as in SQLAlchemy: a SELECTIN
 * load looks at the whole path from the statement's root entity (its loader
 * sees current_path + path); a JOINED load only at the part of the path
 * inside its own statement, i.e. from the nearest SELECTIN node (or the
 * root) down.  Checked with SQLAlchemy 2.0.40 on SQLite with User.posts,
 * Post.author, Post.comments, Comment.post, Comment.replies all
 * lazy="selectin":
 *
 *   select(User)    -> User.posts, Post.comments            (Post.author: User
 *                      is on the path; Comment.post: Post is; Comment.replies:
 *                      Comment is)
 *   select(Post)    -> Post.author, Post.comments; nothing below
 *   select(Comment) -> Comment.post, Post.author; Comment.replies NOT loaded
 *                      (a self-referential default never loads at all)
 *   select(Comment).options(selectinload(Comment.replies))
 *                   -> replies (exact), and below it replies->post->author;
 *                      replies->replies stops (Comment on the path)
 *
 * and with Item.labels lazy="joined", Label.items lazy="selectin":
 *
 *   select(Label)   -> Label.items (selectin); in that statement Item.labels
 *                      IS joined (its statement starts at Item), and
 *                      Label.items below it is not (Label is on the path)
 *   select(Item)    -> Item.labels joined; Label.items stops (Item)
 *
 * An exact option always loads, whatever the path (so
 * selectinload(User.posts).selectinload(Post.author) loads User again).
 *
 * Stage 2: the main statement.  The planner gives every JOINED node its
 * FROM (a new alias of the target; many-to-many, one of the secondary too)
 * and evaluates the relationship's own criteria for them (lp_place_joined);
 * compile.c compiles the statement with the plan roots: JOINED children add
 * LEFT OUTER JOINs and their columns.  Each
 * row is hydrated through the identity map (class + primary key -> one
 * object; a NULL key means "no object"): the root object, then recursively
 * its JOINED / CONTAINS_EAGER children from the same row.  Objects keep a
 * pointer into the row array; nothing is copied.  Every node collects the
 * distinct objects it met, in first-seen order.
 *
 * Stage 3: selectin statements, breadth-first over the plan.  For a SELECTIN
 * node below node P: the parents are P's objects whose relationship is not
 * loaded yet (an object met through several paths is loaded once; its loaded
 * relationships are the union); their keys are collected (distinct, in
 * first-seen order) and, 500 keys per statement as SQLAlchemy does, one
 * statement runs per node:
 *
 *   ONETOMANY   SELECT <child> FROM child WHERE child.fk IN (keys)
 *               ORDER BY <order_by, else child pk>
 *   MANYTOONE   SELECT <target> FROM target WHERE target.pk IN (parent fks)
 *   MANYTOMANY  SELECT sec.owner_col, <target> FROM target
 *               JOIN sec ON sec.target_col = target.pk
 *               WHERE sec.owner_col IN (keys) ORDER BY ...
 *
 * (composite keys: (a = ? AND b = ?) OR (a = ? AND b = ?) ...; no parent
 * with a non-NULL key: no statement; selectinload(User.posts.and_(crit))
 * adds AND crit, its target being the FROM the criteria name).  The node's JOINED children are
 * compiled into its statement.  Rows are hydrated like
 * the main rows and attached to every parent whose key matches.  Parents
 * with no match get [] or null.  Collections filled by JOINED loads (whose
 * row order is the join's) are sorted at the end by order_by, else primary
 * key; selectin collections come in their statement's ORDER BY.
 *
 * Columns (load_cols.c): every plan node carries the columns its entity
 * loads (OrmLoadNode.load: attributes in mapper order, then hidden key
 * columns), decided with the plan; the compiler selects them and an object
 * keeps a pointer to its row's columns with the node's layout (LdLayout:
 * attribute -> column).  An object met again through a node of another
 * layout keeps that row's columns too (LdMore), so it has the union of what
 * its paths loaded, as SQLAlchemy's identity map populates unloaded
 * attributes.  Keys are read through the layouts (ld_obj_key).
 *
 * Stage 4: JSON, in one pass over the graph.  An object is the attributes
 * it loaded, in mapper order (expression attributes, then columns; one not
 * loaded is absent), then its loaded relationships in declaration order.  An object met again inside itself (User.posts -> Post.author ->
 * the same User) is written with its columns only, so the output is a tree.
 * Rows of other statements are keyed by Row._fields (compile.c); an unnamed
 * aliased() entity has none and is left out, as SQLAlchemy's _asdict() does,
 * and an entity of a compound select is written as its columns.
 *
 * Worked example: blog models (User.posts, Post.comments; default lazy=),
 *
 *   select(User).options(selectinload(User.posts).selectinload(Post.comments),
 *                        joinedload(User.comments))
 *
 * plan:   User (root)
 *          +- posts      SELECTIN  (exact)
 *          |   +- comments SELECTIN (exact)
 *          +- comments   JOINED    (exact)
 *
 * statements, in this order:
 *   1. SELECT users.*, comments_1.* FROM users
 *        LEFT OUTER JOIN comments AS comments_1 ON users.id = comments_1.author_id
 *   2. SELECT posts.* FROM posts WHERE posts.author_id IN (?1, ?2)
 *        ORDER BY posts.id                  -- keys: the distinct users.id
 *   3. SELECT comments.* FROM comments WHERE comments.post_id IN (?1, ?2, ?3)
 *        ORDER BY comments.id               -- keys: the posts of statement 2
 *
 * The Comment objects of statement 1 and 3 share the identity map: a comment
 * both written by a user and under one of that user's posts is one object.
 *
 * orm_compile_text prints statement 1 and, for each SELECTIN node in the same
 * breadth-first order, its statement compiled for a single key ("IN (?1)"),
 * each followed by ";" and separated by newlines.
 */
#include <string.h>

#include "orm/loader.h"
#include "orm/load_cols.h"
#include "orm/query.h"
#include "sql/values.h"
#include "base/json.h"

#define LP_MAXDEPTH		64		/* plan depth limit (relationships on one path) */
#define LP_MAXNODES		4096	/* plan size limit (default eager loads of a big
								 * schema could otherwise grow without bound) */
#define LD_MAXKEY		16		/* columns in one join key */
#define LD_CHUNK		500		/* keys per selectin statement (SQLAlchemy's) */
#define LD_MAXNEST		1000	/* JSON nesting limit */

/* ======================================================================
 * Stage 1: planning
 * ====================================================================== */

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
} LpState;

typedef struct LpChoice
{
	OrmLazy		strategy;
	int			innerjoin;		/* joined: 0 outer, 1 inner (nested), 2 "unnested" */
	int			recursion;		/* selectin: recursion_depth= */
	bool		exact;			/* named by an option path: no cycle check */
	SxFrom	   *alias;			/* contains_eager(alias=) target */
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

/* The strategy for relationship rel at the current path (rules a-d above). */
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
		 * User.posts to the unaliased User; Load(Address)'s to Address */
		if ((o->npath > 0 || o->root_cls) && !lp_root_matches(o, st->root_from))
			continue;
		if (o->root_cls && st->classes[0] != o->root_cls)
			continue;
		if (o->npath > d && o->path[d] == rel && lp_prefix_matches(o, st, d))
		{
			OrmLazy		s = o->strategy ? o->strategy[d] : ORM_LAZY_DEFAULT;

			/* a defaultload() step never overrides a real strategy */
			if (!c.exact || s != ORM_LAZY_DEFAULT)
			{
				c.strategy = s;
				c.alias = o->alias ? o->alias[d] : NULL;
				c.opt = o;
				c.innerjoin = o->innerjoin && o->innerjoin[d] >= 0 ? o->innerjoin[d] :
					rel->innerjoin;
				c.recursion = o->recursion ? o->recursion[d] : 0;
			}
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

		if (sx_join_end(j)->cls == rel->target)
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

/* One relationship of node's class: add a child node when it is loaded. */
static int
lp_child(LpState *st, OrmRelationship *rel, bool in_main, OrmPtrVec *kids)
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
	if (st->depth >= LP_MAXDEPTH)
		return orm_err(st->ctx->err, ORM_ERR_UNSUPPORTED,
					   "loader options nest deeper than %d relationships", LP_MAXDEPTH);
	if (++st->nnodes > LP_MAXNODES)
		return orm_err(st->ctx->err, ORM_ERR_UNSUPPORTED,
					   "eager loading would load more than %d relationship paths", LP_MAXNODES);

	kid = lp_new_node(a, rel->target, rel, s);
	kid->innerjoin = s == ORM_LAZY_JOINED ? c.innerjoin : 0;
	kid->recursion = s == ORM_LAZY_SELECTIN && rel->target == rel->owner ? c.recursion : 0;
	kid->criteria = c.criteria;
	kid->criteria_from = c.criteria_from;
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
	}
	orm_vec_push(a, kids, kid);

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

static int
lp_children(LpState *st, OrmLoadNode *node, bool in_main)
{
	OrmPtrVec	kids = {0};

	for (int i = 0; i < node->cls->nrels; i++)
	{
		/* selectinload(recursion_depth=): the relationship below is the same
		 * load again, run by the loader (ld_run_selectins), not planned */
		if (node->recursion != 0 && node->cls->rels[i] == node->rel)
			continue;
		if (lp_child(st, node->cls->rels[i], in_main, &kids) < 0)
			return -1;
	}
	node->nchildren = kids.n;
	node->children = (OrmLoadNode **) kids.items;
	return 0;
}

/* Every option must start at an entity of the statement, as SQLAlchemy demands. */
static int
lp_check_options(OrmCtx *ctx, const SxSelect *sel)
{
	for (int i = 0; i < sel->options.n; i++)
	{
		const SxLoadOpt *o = sel->options.items[i];
		bool		found = false;

		if (o->npath == 0)
			continue;
		for (int k = 0; k < sel->items.n && !found; k++)
		{
			const SxItem *it = sel->items.items[k];

			found = it->expr && it->expr->kind == SX_ENTITY && it->expr->from &&
				it->expr->from->cls == o->path[0]->owner &&
				lp_root_matches(o, it->expr->from);
		}
		if (!found)
			return lp_opt_err(ctx, o, ORM_ERR_QUERY,
							  orm_sprintf(ctx->arena,
										  "loader option %s.%s does not apply to any entity of the statement",
										  o->path[0]->owner->name, o->path[0]->name));
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
 * Places node (whose own FROM is set) and the nodes of its statement below
 * it: node's expression columns are evaluated for its FROM (load_cols.c);
 * each JOINED node gets a new alias of its target (or the FROM its rel.and_()
 * criteria name) and, many-to-many, one of the secondary table, and
 * rel->extra_criteria is evaluated for them and the parent's FROM, so that
 * the compiler only renders the plan.  Done for each statement: the main
 * statement's plan once (orm_plan_place), a selectin node's subtree again
 * for each of its statements (its FROM is new each time).
 */
static int
lp_place(OrmCtx *ctx, OrmLoadNode *node)
{
	if (node->from && orm_load_cols_place(ctx, node) < 0)
		return -1;
	for (int i = 0; i < node->nchildren; i++)
	{
		OrmLoadNode *k = node->children[i];
		OrmRelationship *rel = k->rel;

		if (k->strategy == ORM_LAZY_JOINED && rel && rel->target && node->from)
		{
			SxFrom	   *to = k->criteria_from ? k->criteria_from :
				sx_from_table(ctx->arena, rel->target->table, rel->target);
			SxFrom	   *sec = NULL;

			to->is_alias = true;
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
		if (k->strategy != ORM_LAZY_SELECTIN && lp_place(ctx, k) < 0)
			return -1;
	}
	return 0;
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
		if (lp_place(ctx, plans[i]) < 0)
			return -1;
	}
	return 0;
}

/* The plan of sel's main statement (orm_plan_build), placed (orm_plan_place). */
static OrmLoadNode **
ld_plan(OrmCtx *ctx, SxSelect *sel)
{
	OrmLoadNode **plans = orm_plan_build(ctx, sel);

	if (!plans || orm_plan_place(ctx, sel, plans) < 0)
		return NULL;
	return plans;
}

/* ======================================================================
 * Values: hashing and comparing engine values of key columns
 * ====================================================================== */

static bool
ld_is_num(OrmValueKind k)
{
	return k == ORM_V_INT || k == ORM_V_BOOL || k == ORM_V_FLOAT || k == ORM_V_INTERVAL;
}

static double
ld_num(const OrmValue *v)
{
	return (v->kind == ORM_V_FLOAT || v->kind == ORM_V_INTERVAL) ? v->f : (double) v->i;
}

static uint64_t
ld_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Equal values hash equal: an integral float hashes as its integer. */
static uint64_t
ld_hash_value(const OrmValue *v)
{
	if (v->kind == ORM_V_NULL)
		return 0;
	if (ld_is_num(v->kind))
	{
		double		f = ld_num(v);
		uint64_t	bits;

		if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
			return ld_mix((uint64_t) v->i);
		if (f >= -9.2e18 && f <= 9.2e18 && f == (double) (int64_t) f)
			return ld_mix((uint64_t) (int64_t) f);
		memcpy(&bits, &f, sizeof(bits));
		return ld_mix(bits);
	}
	return orm_hash_str(v->s ? v->s : "", v->s ? v->len : 0);
}

/* SQL equality: NULL equals nothing. */
static bool
ld_value_eq(const OrmValue *a, const OrmValue *b)
{
	if (a->kind == ORM_V_NULL || b->kind == ORM_V_NULL)
		return false;
	if (ld_is_num(a->kind) || ld_is_num(b->kind))
	{
		if (!ld_is_num(a->kind) || !ld_is_num(b->kind))
			return false;
		if ((a->kind == ORM_V_INT || a->kind == ORM_V_BOOL) &&
			(b->kind == ORM_V_INT || b->kind == ORM_V_BOOL))
			return a->i == b->i;
		return ld_num(a) == ld_num(b);
	}
	return a->len == b->len && (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
}

/* Sort order for in-memory sorting of joined collections: NULLs first. */
static int
ld_value_cmp(const OrmValue *a, const OrmValue *b)
{
	bool		an = a->kind == ORM_V_NULL,
				bn = b->kind == ORM_V_NULL;
	size_t		n;
	int			c;

	if (an || bn)
		return an == bn ? 0 : (an ? -1 : 1);
	if (ld_is_num(a->kind) && ld_is_num(b->kind))
	{
		if ((a->kind == ORM_V_INT || a->kind == ORM_V_BOOL) &&
			(b->kind == ORM_V_INT || b->kind == ORM_V_BOOL))
			return a->i < b->i ? -1 : a->i > b->i;
		return ld_num(a) < ld_num(b) ? -1 : ld_num(a) > ld_num(b);
	}
	if (ld_is_num(a->kind) != ld_is_num(b->kind))
		return ld_is_num(a->kind) ? -1 : 1;
	n = a->len < b->len ? a->len : b->len;
	c = n ? memcmp(a->s, b->s, n) : 0;
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static uint64_t
ld_hash_probe(const OrmValue *const *probe, int n)
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL;

	for (int i = 0; i < n; i++)
		h = ld_mix(h ^ ld_hash_value(probe[i])) + (uint64_t) i;
	return h;
}

static bool
ld_probe_has_null(const OrmValue *const *probe, int n)
{
	for (int i = 0; i < n; i++)
		if (probe[i]->kind == ORM_V_NULL)
			return true;
	return false;
}

/* ======================================================================
 * Objects, the identity map and the indexes
 * ====================================================================== */

typedef struct LdObj LdObj;
typedef struct LdClass LdClass;

/* One relationship slot of an object. */
typedef struct LdRel
{
	bool		loaded;
	bool		sorted;			/* queued for sorting (filled by a JOINED load) */
	LdObj	   *one;			/* scalar */
	LdObj	  **items;			/* collection */
	int			n,
				cap;
} LdRel;

/*
 * Where an entity's attributes are in the columns of a row: one per plan
 * node (OrmLoadNode.load, load_cols.c), one shared by the nodes that load
 * every column (LdClass.full).  Attributes are numbered as OrmLoadCol.attr:
 * the class's columns, then its expression attributes.
 */
typedef struct LdLayout
{
	int			ncols;			/* the entity's columns in the row */
	int		   *slot;			/* per attribute: its column, or -1 */
	bool	   *shown;			/* per attribute: loaded (else a key read only) */
	const OrmType **types;		/* per attribute: the type its value is written by */
} LdLayout;

/* The same object's columns from another node's rows (another layout). */
typedef struct LdMore
{
	const OrmValue *vals;
	const LdLayout *lay;
	struct LdMore *next;
} LdMore;

struct LdObj
{
	LdClass    *ci;
	const OrmValue *vals;		/* lay->ncols values, inside a row array */
	const LdLayout *lay;
	LdMore	   *more;			/* met again through nodes of other layouts: their
								 * columns too (an attribute loaded by any is loaded) */
	LdRel	   *rels;			/* ci->cls->nrels slots, allocated on first load */
	struct LdNode *met;			/* the first plan node that met it */
	bool		on_stack;		/* being written (cycle cut) */
};

/*
 * An open-addressing multimap from a key (values at positions idx of an
 * object's vals) to objects.  Duplicate keys are allowed; lookups walk every
 * match.
 */
typedef struct LdIndex
{
	LdObj	  **objs;
	uint64_t   *hashes;
	int			cap,
				n;
	const int  *idx;
	int			nidx;
} LdIndex;

/* A JSON member name, pre-rendered: ,"key": (write from text + 1 when first). */
typedef struct LdKey
{
	const char *text;
	size_t		len;
} LdKey;

struct LdClass
{
	OrmClass   *cls;
	int			nall;			/* attributes: cls->nattrs columns, cls->nxattrs expressions */
	int			npk;
	int		   *pk_idx;			/* primary key columns' positions in cls->attrs */
	LdIndex		idmap;
	LdKey	   *attr_keys;		/* per attribute */
	LdKey	   *rel_keys;		/* per cls->rels */
	LdLayout   *full;			/* every column in cls->attrs order */
};

/* A set of pointer triples: (node, obj, -) memberships and (parent, rel, child) edges. */
typedef struct LdSet
{
	const void **keys;			/* 3 per slot */
	int			cap,
				n;
} LdSet;

typedef struct LdNode LdNode;

struct LdNode
{
	OrmLoadNode *n;
	LdNode	   *parent;
	LdClass    *ci;				/* n->cls */
	const LdLayout *lay;		/* where its entity's attributes are in its rows */
	int			rel_idx;		/* n->rel's index in the owner's rels */
	int		   *own_idx;		/* the key in the owner's attrs: rel->local_cols, or
								 * (by_join) its primary key */
	int		   *tgt_idx;		/* rel->remote_cols in the target's attrs (not M2M,
								 * not by_join) */
	int			nkey;			/* columns of the key */
	int			recurse_left;	/* SELECTIN recursion_depth: levels still to load
								 * below this one (-1: no limit) */
	bool		by_join;		/* SELECTIN joins from the parent (SQLAlchemy's
								 * non-"omit_join" form): the relationship's join
								 * has no column pairs, or its criteria name the
								 * owner; the key is the parent's primary key */
	int			nkids;
	LdNode	  **kids;
	bool		multiplies;		/* SELECTIN: its statement joins a collection, so a
								 * child may come in several rows */
	OrmPtrVec	objs;			/* LdObj*: distinct, first-seen order */
};

typedef struct LdSortItem
{
	LdRel	   *slot;
	LdNode	   *ln;
} LdSortItem;

typedef struct Ld
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	OrmPtrVec	classes;		/* LdClass* */
	LdSet		members;
	LdSet		edges;
	OrmPtrVec	to_sort;		/* LdSortItem* */
	int			nroots;
	LdNode	  **roots;			/* per select item, NULL for expressions */
} Ld;

static int
ld_attr_index(const OrmClass *cls, const OrmColumn *col)
{
	for (int i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i] == col)
			return i;
	for (int i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i]->table == col->table && orm_streq(cls->attrs[i]->name, col->name))
			return i;
	return -1;
}

static LdKey
ld_key(OrmArena *a, const char *name)
{
	OrmBuf		b;
	LdKey		k;

	orm_buf_init(&b, a);
	orm_buf_putc(&b, ',');
	orm_buf_json_str(&b, name, strlen(name));
	orm_buf_putc(&b, ':');
	k.text = orm_buf_cstr(&b);
	k.len = b.len;
	return k;
}

static void
ld_class_keys(Ld *ld, LdClass *ci)
{
	const OrmClass *cls = ci->cls;

	ci->attr_keys = ORM_NEWN(ld->a, LdKey, ci->nall > 0 ? ci->nall : 1);
	for (int i = 0; i < cls->nattrs; i++)
		ci->attr_keys[i] = ld_key(ld->a, cls->attrs[i]->attr ? cls->attrs[i]->attr
								  : cls->attrs[i]->name);
	for (int i = 0; i < cls->nxattrs; i++)
		ci->attr_keys[cls->nattrs + i] = ld_key(ld->a, cls->xattrs[i]->name);
	ci->rel_keys = ORM_NEWN(ld->a, LdKey, cls->nrels > 0 ? cls->nrels : 1);
	for (int i = 0; i < cls->nrels; i++)
		ci->rel_keys[i] = ld_key(ld->a, cls->rels[i]->name);
}

static LdLayout *
ld_layout_new(Ld *ld, const LdClass *ci, int ncols)
{
	LdLayout   *l = ORM_NEW(ld->a, LdLayout);
	int			n = ci->nall > 0 ? ci->nall : 1;

	l->ncols = ncols;
	l->slot = ORM_NEWN(ld->a, int, n);
	l->shown = ORM_NEWN(ld->a, bool, n);
	l->types = ORM_NEWN(ld->a, const OrmType *, n);
	for (int a = 0; a < n; a++)
		l->slot[a] = -1;
	return l;
}

/* The layout of node n's rows: its columns (load_cols.c), or every column. */
static const LdLayout *
ld_node_layout(Ld *ld, LdClass *ci, const OrmLoadNode *n)
{
	LdLayout   *l;

	if (!n->load)
		return ci->full;
	l = ld_layout_new(ld, ci, n->nload);
	for (int i = 0; i < n->nload; i++)
	{
		const OrmLoadCol *lc = &n->load[i];

		if (lc->attr < 0 || lc->attr >= ci->nall || l->slot[lc->attr] >= 0)
			continue;
		l->slot[lc->attr] = i;
		l->shown[lc->attr] = !lc->hidden;
		l->types[lc->attr] = lc->type;
	}
	return l;
}

static const OrmValue ld_null = {ORM_V_NULL, 0, 0, NULL, 0};

/* Attribute a of o from any of its layouts; NULL when no row of it has a. */
static const OrmValue *
ld_obj_val(const LdObj *o, int a)
{
	int			s = o->lay->slot[a];

	if (s >= 0)
		return &o->vals[s];
	for (const LdMore *m = o->more; m; m = m->next)
		if ((s = m->lay->slot[a]) >= 0)
			return &m->vals[s];
	return NULL;
}

/* The same, a missing value read as NULL (a key not loaded: no match). */
static const OrmValue *
ld_obj_key(const LdObj *o, int a)
{
	const OrmValue *v = ld_obj_val(o, a);

	return v ? v : &ld_null;
}

/* Attribute a of o when loaded (shown by a layout), with its type. */
static const OrmValue *
ld_obj_shown(const LdObj *o, int a, const OrmType **type)
{
	int			s = o->lay->slot[a];

	if (s >= 0 && o->lay->shown[a])
	{
		*type = o->lay->types[a];
		return &o->vals[s];
	}
	for (const LdMore *m = o->more; m; m = m->next)
		if ((s = m->lay->slot[a]) >= 0 && m->lay->shown[a])
		{
			*type = m->lay->types[a];
			return &m->vals[s];
		}
	return NULL;
}

static LdClass *
ld_class(Ld *ld, OrmClass *cls)
{
	LdClass    *ci;

	for (int i = 0; i < ld->classes.n; i++)
	{
		ci = ld->classes.items[i];
		if (ci->cls == cls)
			return ci;
	}
	ci = ORM_NEW(ld->a, LdClass);
	ci->cls = cls;
	ci->nall = cls->nattrs + cls->nxattrs;
	ci->full = ld_layout_new(ld, ci, cls->nattrs);
	for (int a = 0; a < cls->nattrs; a++)
	{
		ci->full->slot[a] = a;
		ci->full->shown[a] = true;
		ci->full->types[a] = &cls->attrs[a]->type;
	}
	ci->npk = cls->table ? cls->table->npk : 0;
	ci->pk_idx = ORM_NEWN(ld->a, int, ci->npk > 0 ? ci->npk : 1);
	for (int k = 0; k < ci->npk; k++)
	{
		ci->pk_idx[k] = ld_attr_index(cls, cls->table->pk[k]);
		if (ci->pk_idx[k] < 0)
		{
			orm_err(ld->ctx->err, ORM_ERR_INTERNAL,
					"primary key column \"%s\" of %s is not mapped",
					cls->table->pk[k]->name, cls->name);
			return NULL;
		}
	}
	ci->idmap.idx = ci->pk_idx;
	ci->idmap.nidx = ci->npk;
	ld_class_keys(ld, ci);
	orm_vec_push(ld->a, &ld->classes, ci);
	return ci;
}

static void
ld_obj_probe(const LdObj *o, const int *idx, int n, const OrmValue **probe)
{
	for (int i = 0; i < n; i++)
		probe[i] = ld_obj_key(o, idx[i]);
}

static bool
ld_obj_key_eq(const LdObj *o, const int *idx, int n, const OrmValue *const *probe)
{
	for (int i = 0; i < n; i++)
		if (!ld_value_eq(ld_obj_key(o, idx[i]), probe[i]))
			return false;
	return true;
}

static void
ld_index_grow(Ld *ld, LdIndex *ix)
{
	int			ncap = ix->cap ? ix->cap * 2 : 64;
	LdObj	  **objs = ORM_NEWN(ld->a, LdObj *, ncap);
	uint64_t   *hashes = ORM_NEWN(ld->a, uint64_t, ncap);

	for (int i = 0; i < ix->cap; i++)
	{
		int			p;

		if (!ix->objs[i])
			continue;
		p = (int) (ix->hashes[i] & (uint64_t) (ncap - 1));
		while (objs[p])
			p = (p + 1) & (ncap - 1);
		objs[p] = ix->objs[i];
		hashes[p] = ix->hashes[i];
	}
	ix->objs = objs;
	ix->hashes = hashes;
	ix->cap = ncap;
}

static void
ld_index_add(Ld *ld, LdIndex *ix, LdObj *o, uint64_t h)
{
	int			p;

	if ((ix->n + 1) * 2 > ix->cap)
		ld_index_grow(ld, ix);
	p = (int) (h & (uint64_t) (ix->cap - 1));
	while (ix->objs[p])
		p = (p + 1) & (ix->cap - 1);
	ix->objs[p] = o;
	ix->hashes[p] = h;
	ix->n++;
}

/*
 * Next object whose key equals probe, starting at *pos (set *pos = -1 before
 * the first call); NULL when there are no more.
 */
static LdObj *
ld_index_next(const LdIndex *ix, const OrmValue *const *probe, uint64_t h, int *pos)
{
	int			p;

	if (ix->cap == 0)
		return NULL;
	p = *pos < 0 ? (int) (h & (uint64_t) (ix->cap - 1)) : ((*pos + 1) & (ix->cap - 1));
	while (ix->objs[p])
	{
		if (ix->hashes[p] == h && ld_obj_key_eq(ix->objs[p], ix->idx, ix->nidx, probe))
		{
			*pos = p;
			return ix->objs[p];
		}
		p = (p + 1) & (ix->cap - 1);
	}
	return NULL;
}

static uint64_t
ld_set_hash(const void *x, const void *y, const void *z)
{
	return ld_mix((uint64_t) (uintptr_t) x ^ ld_mix((uint64_t) (uintptr_t) y ^
												   ld_mix((uint64_t) (uintptr_t) z)));
}

static void ld_set_put(LdSet *s, const void *x, const void *y, const void *z);

static void
ld_set_grow(Ld *ld, LdSet *s)
{
	LdSet		old = *s;

	s->cap = old.cap ? old.cap * 2 : 256;
	s->keys = ORM_NEWN(ld->a, const void *, (size_t) s->cap * 3);
	s->n = 0;
	for (int i = 0; i < old.cap; i++)
		if (old.keys[i * 3])
			ld_set_put(s, old.keys[i * 3], old.keys[i * 3 + 1], old.keys[i * 3 + 2]);
}

static void
ld_set_put(LdSet *s, const void *x, const void *y, const void *z)
{
	int			p = (int) (ld_set_hash(x, y, z) & (uint64_t) (s->cap - 1));

	while (s->keys[p * 3])
		p = (p + 1) & (s->cap - 1);
	s->keys[p * 3] = x;
	s->keys[p * 3 + 1] = y;
	s->keys[p * 3 + 2] = z;
	s->n++;
}

/* Adds (x, y, z) (x never NULL); true when it was not there yet. */
static bool
ld_set_add(Ld *ld, LdSet *s, const void *x, const void *y, const void *z)
{
	int			p;

	if ((s->n + 1) * 2 > s->cap)
		ld_set_grow(ld, s);
	p = (int) (ld_set_hash(x, y, z) & (uint64_t) (s->cap - 1));
	while (s->keys[p * 3])
	{
		if (s->keys[p * 3] == x && s->keys[p * 3 + 1] == y && s->keys[p * 3 + 2] == z)
			return false;
		p = (p + 1) & (s->cap - 1);
	}
	ld_set_put(s, x, y, z);
	return true;
}

/* ---- relationship slots ---- */

static LdRel *
ld_slot(Ld *ld, LdObj *o, int rel_idx)
{
	if (!o->rels)
		o->rels = ORM_NEWN(ld->a, LdRel, o->ci->cls->nrels > 0 ? o->ci->cls->nrels : 1);
	return &o->rels[rel_idx];
}

static bool
ld_is_loaded(const LdObj *o, int rel_idx)
{
	return o->rels && o->rels[rel_idx].loaded;
}

/*
 * Adds child to parent's collection; once when dedupe is set (rows that a
 * join multiplies bring the same pair again).
 */
static void
ld_collection_add(Ld *ld, LdRel *slot, LdObj *parent, const OrmRelationship *rel,
				  LdObj *child, bool dedupe)
{
	if (dedupe && !ld_set_add(ld, &ld->edges, parent, rel, child))
		return;
	if (slot->n == slot->cap)
	{
		int			ncap = slot->cap ? slot->cap * 2 : 4;

		slot->items = orm_realloc(ld->a, slot->items, sizeof(LdObj *) * (size_t) slot->cap,
								  sizeof(LdObj *) * (size_t) ncap);
		slot->cap = ncap;
	}
	slot->items[slot->n++] = child;
}

/*
 * Records that ln met o; keeps ln->objs distinct.  Most objects meet one
 * node only: that one is remembered in the object, the set holds the rest.
 */
static void
ld_node_meet(Ld *ld, LdNode *ln, LdObj *o)
{
	if (o->met == ln)
		return;
	if (!o->met)
		o->met = ln;
	else if (!ld_set_add(ld, &ld->members, ln, o, NULL))
		return;
	orm_vec_push(ld->a, &ln->objs, o);
}

/* ======================================================================
 * Stage 2: hydration
 * ====================================================================== */

/*
 * An object met again through a node of another layout: that row's columns
 * join its own, so an attribute any of them loads is loaded (SQLAlchemy
 * populates the unloaded attributes of an object already in the identity
 * map, and keeps the loaded ones).
 */
static void
ld_obj_more(Ld *ld, LdObj *o, const LdLayout *lay, const OrmValue *vals)
{
	LdMore	   *m;

	if (o->lay == lay)
		return;
	for (m = o->more; m; m = m->next)
		if (m->lay == lay)
			return;
	m = ORM_NEW(ld->a, LdMore);
	m->vals = vals;
	m->lay = lay;
	m->next = o->more;
	o->more = m;
}

/* The object for the entity columns at vals, laid out by lay (NULL when the key is NULL). */
static LdObj *
ld_identity(Ld *ld, LdClass *ci, const LdLayout *lay, const OrmValue *vals)
{
	const OrmValue *probe[LD_MAXKEY];
	LdObj		tmp,
			   *o;
	uint64_t	h;
	int			pos = -1;

	if (ci->npk == 0 || ci->npk > LD_MAXKEY)
	{
		o = ORM_NEW(ld->a, LdObj);
		o->ci = ci;
		o->vals = vals;
		o->lay = lay;
		return o;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.vals = vals;
	tmp.lay = lay;
	ld_obj_probe(&tmp, ci->pk_idx, ci->npk, probe);
	if (ld_probe_has_null(probe, ci->npk))
		return NULL;
	h = ld_hash_probe(probe, ci->npk);
	o = ld_index_next(&ci->idmap, probe, h, &pos);
	if (o)
	{
		ld_obj_more(ld, o, lay, vals);
		return o;
	}
	o = ORM_NEW(ld->a, LdObj);
	o->ci = ci;
	o->vals = vals;
	o->lay = lay;
	ld_index_add(ld, &ci->idmap, o, h);
	return o;
}

static void ld_queue_sort(Ld *ld, LdRel *slot, LdNode *ln);

/* Attaches a JOINED / CONTAINS_EAGER child read from the same row. */
static void
ld_attach_joined(Ld *ld, LdNode *kid, LdObj *parent, LdObj *child)
{
	LdRel	   *slot = ld_slot(ld, parent, kid->rel_idx);
	const OrmRelationship *rel = kid->n->rel;

	slot->loaded = true;
	if (!rel->uselist)
	{
		if (!slot->one)
			slot->one = child;	/* the first row's, as SQLAlchemy keeps it */
		return;
	}
	if (!child)
		return;
	ld_collection_add(ld, slot, parent, rel, child, true);
	if (!slot->sorted)
		ld_queue_sort(ld, slot, kid);
}

/*
 * Hydrates the entity of node ln whose columns start at row[offset], then its
 * JOINED / CONTAINS_EAGER children from the same row.
 */
static LdObj *
ld_hydrate(Ld *ld, LdNode *ln, const OrmValue *row, int offset)
{
	LdObj	   *o = ld_identity(ld, ln->ci, ln->lay, row + offset);

	if (!o)
		return NULL;
	ld_node_meet(ld, ln, o);
	for (int i = 0; i < ln->nkids; i++)
	{
		LdNode	   *kid = ln->kids[i];
		LdObj	   *child;

		if (kid->n->strategy != ORM_LAZY_JOINED && kid->n->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		child = ld_hydrate(ld, kid, row, kid->n->col_offset);
		ld_attach_joined(ld, kid, o, child);
	}
	return o;
}

/*
 * The compiled row must hold every entity the plan reads from it: the
 * statement root at offset, and each JOINED / CONTAINS_EAGER descendant at
 * its col_offset.
 */
static int
ld_check_offsets(Ld *ld, const LdNode *ln, int offset, int ncols)
{
	if (offset < 0 || offset + ln->lay->ncols > ncols)
		return orm_err(ld->ctx->err, ORM_ERR_INTERNAL,
					   "compiled row has no columns for %s", ln->ci->cls->name);
	for (int i = 0; i < ln->nkids; i++)
	{
		const LdNode *k = ln->kids[i];

		if (k->n->strategy != ORM_LAZY_JOINED && k->n->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		if (ld_check_offsets(ld, k, k->n->col_offset, ncols) < 0)
			return -1;
	}
	return 0;
}

/* Every item and every entity the plan reads lies inside the returned row. */
static int
ld_check_row(Ld *ld, const SxSelect *sel, const OrmCompiled *comp, int ncols)
{
	for (int i = 0; i < comp->nitems; i++)
	{
		const SxItem *it = i < sel->items.n ? sel->items.items[i] : NULL;

		if (i < ld->nroots && ld->roots[i])
		{
			if (ld_check_offsets(ld, ld->roots[i], comp->item_offset[i], ncols) < 0)
				return -1;
		}
		else if (comp->item_offset[i] < 0 || comp->item_offset[i] >= ncols ||
				 (it && it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls &&
				  comp->item_offset[i] + it->expr->from->cls->nattrs > ncols))
			return orm_err(ld->ctx->err, ORM_ERR_INTERNAL,
						   "compiled row has no column for item %d", i + 1);
	}
	return 0;
}

/* ---- the runtime mirror of the plan ---- */

static int
ld_key_indexes(Ld *ld, LdNode *ln)
{
	const OrmRelationship *rel = ln->n->rel;
	OrmClass   *owner = ln->parent->ci->cls;
	bool		names_owner = false;

	if (ln->n->strategy == ORM_LAZY_SELECTIN && rel->npairs > 0 && rel->extra_criteria &&
		orm_rel_criteria_name_owner(ld->ctx, rel, &names_owner) < 0)
		return -1;
	ln->by_join = ln->n->strategy == ORM_LAZY_SELECTIN && (rel->npairs == 0 || names_owner);
	ln->nkey = ln->by_join ? owner->table->npk : rel->npairs;
	if (ln->nkey <= 0 || ln->nkey > LD_MAXKEY)
	{
		if (rel->npairs == 0 && ln->n->strategy != ORM_LAZY_SELECTIN)
			return 0;			/* joined: no key needed */
		return orm_err(ld->ctx->err, ORM_ERR_UNSUPPORTED,
					   "relationship %s.%s: cannot load a join of %d columns",
					   owner->name, rel->name, ln->nkey);
	}
	ln->own_idx = ORM_NEWN(ld->a, int, ln->nkey);
	ln->tgt_idx = ORM_NEWN(ld->a, int, ln->nkey);
	for (int k = 0; k < ln->nkey; k++)
	{
		ln->own_idx[k] = ld_attr_index(owner, ln->by_join ? owner->table->pk[k] :
									   rel->local_cols[k]);
		ln->tgt_idx[k] = rel->dir == ORM_REL_MANYTOMANY || ln->by_join ? 0 :
			ld_attr_index(ln->ci->cls, rel->remote_cols[k]);
		if (ln->own_idx[k] < 0 || ln->tgt_idx[k] < 0)
			return orm_err(ld->ctx->err, ORM_ERR_UNSUPPORTED,
						   "relationship %s.%s: join column is not a mapped attribute",
						   owner->name, rel->name);
	}
	return 0;
}

/* Does the statement of n join a collection (JOINED descendant with uselist)? */
static bool
ld_joins_collection(const OrmLoadNode *n)
{
	for (int i = 0; i < n->nchildren; i++)
	{
		const OrmLoadNode *k = n->children[i];

		if (k->strategy != ORM_LAZY_JOINED && k->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		if (k->rel->uselist || ld_joins_collection(k))
			return true;
	}
	return false;
}

static LdNode *
ld_mirror(Ld *ld, OrmLoadNode *n, LdNode *parent)
{
	LdNode	   *ln = ORM_NEW(ld->a, LdNode);

	ln->n = n;
	ln->parent = parent;
	ln->recurse_left = n->recursion;
	ln->ci = ld_class(ld, n->cls);
	if (!ln->ci)
		return NULL;
	ln->lay = ld_node_layout(ld, ln->ci, n);
	if (parent)
	{
		OrmClass   *owner = parent->ci->cls;

		ln->rel_idx = -1;
		for (int i = 0; i < owner->nrels; i++)
			if (owner->rels[i] == n->rel)
				ln->rel_idx = i;
		if (ln->rel_idx < 0)
		{
			orm_err(ld->ctx->err, ORM_ERR_INTERNAL, "plan: %s is not a relationship of %s",
					n->rel ? n->rel->name : "?", owner->name);
			return NULL;
		}
		if (ld_key_indexes(ld, ln) < 0)
			return NULL;
	}
	/* rows of a selectin statement can repeat a (parent, child) pair when it
	 * joins a collection, or when criteria (rel.and_(), the relationship's
	 * own) name another table; SQLAlchemy's selectin result is unique() */
	ln->multiplies = ld_joins_collection(n) || n->criteria ||
		(n->rel && n->rel->extra_criteria && *n->rel->extra_criteria);
	ln->nkids = n->nchildren;
	ln->kids = ORM_NEWN(ld->a, LdNode *, n->nchildren > 0 ? n->nchildren : 1);
	for (int i = 0; i < n->nchildren; i++)
		if (!(ln->kids[i] = ld_mirror(ld, n->children[i], ln)))
			return NULL;
	return ln;
}

static int
ld_init(Ld *ld, OrmCtx *ctx, OrmLoadNode **plans, int nitems)
{
	memset(ld, 0, sizeof(*ld));
	ld->ctx = ctx;
	ld->a = ctx->arena;
	ld->nroots = nitems;
	ld->roots = ORM_NEWN(ld->a, LdNode *, nitems > 0 ? nitems : 1);
	for (int i = 0; i < nitems; i++)
		if (plans && plans[i] && !(ld->roots[i] = ld_mirror(ld, plans[i], NULL)))
			return -1;
	return 0;
}

/* ======================================================================
 * Stage 3: selectin statements
 * ====================================================================== */

/* The statement's FROM items for node ln. */
typedef struct LdStmt
{
	SxSelect   *sel;
	SxFrom	   *target;
	SxFrom	   *sec;			/* MANYTOMANY */
	SxFrom	   *parent;			/* by_join: the parent's alias */
	int			nextra;			/* leading key items (MANYTOMANY, by_join) */
} LdStmt;

static SxExpr *
ld_key_column(OrmArena *a, const LdStmt *st, const LdNode *ln, int k)
{
	const OrmRelationship *rel = ln->n->rel;

	if (ln->by_join)
		return sx_column(a, st->parent, rel->owner->table->pk[k]);
	if (rel->dir == ORM_REL_MANYTOMANY)
		return sx_column(a, st->sec, rel->remote_cols[k]);
	return sx_column(a, st->target, rel->remote_cols[k]);
}

/* The type of key column k's values. */
static const OrmType *
ld_key_type(const LdNode *ln, int k)
{
	const OrmRelationship *rel = ln->n->rel;

	return ln->by_join ? &rel->owner->table->pk[k]->type : &rel->remote_cols[k]->type;
}

/* WHERE for the keys of parents keys[0..n-1]: col IN (...) or an OR of ANDs. */
static SxExpr *
ld_key_condition(OrmArena *a, const LdStmt *st, const LdNode *ln, LdObj **keys, int n)
{
	int			np = ln->nkey;
	SxExpr	  **terms = ORM_NEWN(a, SxExpr *, n > 0 ? n : 1);

	for (int i = 0; i < n; i++)
	{
		SxExpr	  **eqs = ORM_NEWN(a, SxExpr *, np);

		for (int k = 0; k < np; k++)
		{
			SxExpr	   *p = sx_param(a, *ld_obj_key(keys[i], ln->own_idx[k]), ld_key_type(ln, k));

			eqs[k] = np == 1 ? p : sx_binary(a, SXOP_EQ, ld_key_column(a, st, ln, k), p);
		}
		terms[i] = np == 1 ? eqs[0] : sx_boollist(a, SXOP_AND, np, eqs);
	}
	if (np == 1)
		return sx_binary(a, SXOP_IN, ld_key_column(a, st, ln, 0), sx_tuple(a, n, terms));
	return n == 1 ? terms[0] : sx_boollist(a, SXOP_OR, n, terms);
}

/* ORDER BY of a collection: relationship(order_by=), else the target's primary key. */
static void
ld_order_by(OrmArena *a, LdStmt *st, const OrmRelationship *rel)
{
	OrmTable   *t = rel->target->table;

	if (rel->norder > 0)
	{
		for (int i = 0; i < rel->norder; i++)
		{
			OrmColumn  *c = rel->order_by[i].col;
			SxFrom	   *f = (rel->secondary && c->table == rel->secondary) ? st->sec : st->target;

			orm_vec_push(a, &st->sel->order_by, sx_order(a, sx_column(a, f, c), rel->order_by[i].desc));
		}
		return;
	}
	for (int i = 0; i < t->npk; i++)
		orm_vec_push(a, &st->sel->order_by, sx_column(a, st->target, t->pk[i]));
}

/*
 * Builds the selectin statement of node ln for parents keys[0..n-1].  The
 * relationship's extra criteria (its primaryjoin's non-pair parts) come
 * before rel.and_() criteria, as SQLAlchemy places them.
 */
static int
ld_build_stmt(OrmCtx *ctx, LdNode *ln, LdObj **keys, int n, LdStmt *st)
{
	OrmArena   *a = ctx->arena;
	const OrmRelationship *rel = ln->n->rel;
	OrmClass   *target = ln->n->cls;
	SxExpr	   *extra;

	memset(st, 0, sizeof(*st));
	st->sel = sx_select_new(a);
	/* rel.and_(criteria): the criteria name this FROM, so it is the target's */
	st->target = ln->n->criteria_from ? ln->n->criteria_from :
		sx_from_table(a, target->table, target);
	if (ln->by_join)
	{
		/*
		 * SELECT parent_1.<pk>, <target> FROM owner AS parent_1 JOIN target
		 * ON <the relationship's join, criteria included> WHERE parent_1.<pk>
		 * IN (...): SQLAlchemy's selectin load when its join is more than
		 * key columns equal to a parent's key.
		 */
		OrmClass   *owner = rel->owner;
		SxJoin	   *j;

		st->parent = sx_from_table(a, owner->table, owner);
		st->parent->is_alias = true;
		orm_vec_push(a, &st->sel->froms, st->parent);
		if (rel->secondary_join)
		{
			SxExpr	   *pj;

			if (orm_rel_composite(ctx, rel, st->parent, st->target, &st->sec, &pj, &extra) < 0)
				return -1;
			j = ORM_NEW(a, SxJoin);
			j->left = st->parent;
			j->target = st->sec;
			j->on = pj;
			orm_vec_push(a, &st->sel->joins, j);
		}
		else if (orm_rel_extra_criteria(ctx, rel, st->parent, NULL, st->target, &extra) < 0)
			return -1;
		if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
		{
			st->sec = sx_from_table(a, rel->secondary, NULL);
			j = ORM_NEW(a, SxJoin);
			j->left = st->parent;
			j->target = st->sec;
			j->on = sx_rel_condition(a, rel, st->parent, st->sec, NULL);
			orm_vec_push(a, &st->sel->joins, j);
			if (orm_rel_extra_criteria(ctx, rel, st->parent, st->sec, st->target, &extra) < 0)
				return -1;
		}
		j = ORM_NEW(a, SxJoin);
		j->left = st->sec ? st->sec : st->parent;
		j->target = st->target;
		j->on = sx_and(a, st->sec ? sx_rel_condition(a, rel, NULL, st->sec, st->target) :
					   sx_rel_condition(a, rel, st->parent, NULL, st->target), extra);
		if (!j->on)
		{
			j->on = ORM_NEW(a, SxExpr);
			j->on->kind = SX_TRUE;
		}
		orm_vec_push(a, &st->sel->joins, j);
		for (int k = 0; k < owner->table->npk; k++)
			sx_select_add_item(a, st->sel, sx_column(a, st->parent, owner->table->pk[k]),
							   owner->table->pk[k]->name);
		st->nextra = owner->table->npk;
		sx_select_add_item(a, st->sel, sx_entity(a, st->target), target->name);
		st->sel->where = ld_key_condition(a, st, ln, keys, n);
	}
	else
	{
		orm_vec_push(a, &st->sel->froms, st->target);
		if (rel->dir == ORM_REL_MANYTOMANY)
		{
			SxJoin	   *j = ORM_NEW(a, SxJoin);

			st->sec = sx_from_table(a, rel->secondary, NULL);
			j->left = st->target;
			j->target = st->sec;
			j->on = sx_rel_condition(a, rel, NULL, st->sec, st->target);
			orm_vec_push(a, &st->sel->joins, j);
			for (int k = 0; k < rel->npairs; k++)
				sx_select_add_item(a, st->sel, sx_column(a, st->sec, rel->remote_cols[k]),
								   rel->remote_cols[k]->name);
			st->nextra = rel->npairs;
		}
		sx_select_add_item(a, st->sel, sx_entity(a, st->target), target->name);
		st->sel->where = ld_key_condition(a, st, ln, keys, n);
		if (orm_rel_extra_criteria(ctx, rel, NULL, st->sec, st->target, &extra) < 0)
			return -1;
		st->sel->where = sx_and(a, st->sel->where, extra);
	}
	if (ln->n->criteria)
		st->sel->where = sx_and(a, st->sel->where, ln->n->criteria);
	if (rel->uselist)
		ld_order_by(a, st, rel);
	ln->n->from = st->target;
	ln->n->sec_from = NULL;
	return lp_place(ctx, ln->n);
}

static int
ld_compile_stmt(OrmCtx *ctx, LdNode *ln, LdStmt *st, OrmCompiled *comp)
{
	OrmLoadNode **plans = ORM_NEWN(ctx->arena, OrmLoadNode *, st->nextra + 1);

	plans[st->nextra] = ln->n;
	memset(comp, 0, sizeof(*comp));
	return orm_compile_select(ctx, st->sel, plans, comp);
}

/* Parents of ln still to load, their distinct keys, and an index over them. */
typedef struct LdParents
{
	OrmPtrVec	pending;		/* LdObj* */
	OrmPtrVec	keys;			/* LdObj*: one representative per distinct key */
	LdIndex		index;			/* pending parents by their key */
} LdParents;

/*
 * Splits the parent node's objects: those already loaded contribute their
 * existing children to ln (the union of paths), the others become pending,
 * marked loaded (empty / null) before their children arrive.
 */
static int
ld_collect_parents(Ld *ld, LdNode *ln, LdParents *lp)
{
	const OrmValue *probe[LD_MAXKEY];

	memset(lp, 0, sizeof(*lp));
	lp->index.idx = ln->own_idx;
	lp->index.nidx = ln->nkey;
	for (int i = 0; i < ln->parent->objs.n; i++)
	{
		LdObj	   *p = ln->parent->objs.items[i];
		LdRel	   *slot;
		uint64_t	h;
		int			pos = -1;

		if (ORM_POLL(ld->ctx) < 0)	/* 500000 parents take a while: host.h, interrupted */
			return -1;
		if (ld_is_loaded(p, ln->rel_idx))
		{
			slot = &p->rels[ln->rel_idx];
			if (slot->one)
				ld_node_meet(ld, ln, slot->one);
			for (int k = 0; k < slot->n; k++)
				ld_node_meet(ld, ln, slot->items[k]);
			continue;
		}
		slot = ld_slot(ld, p, ln->rel_idx);
		slot->loaded = true;
		orm_vec_push(ld->a, &lp->pending, p);
		ld_obj_probe(p, ln->own_idx, ln->nkey, probe);
		if (ld_probe_has_null(probe, ln->nkey))
			continue;
		h = ld_hash_probe(probe, ln->nkey);
		if (!ld_index_next(&lp->index, probe, h, &pos))
			orm_vec_push(ld->a, &lp->keys, p);
		ld_index_add(ld, &lp->index, p, h);
	}
	return 0;
}

/* One row of a selectin statement: hydrate the child, attach it to its parents. */
static void
ld_selectin_row(Ld *ld, LdNode *ln, LdParents *lp, const OrmCompiled *comp,
				const OrmValue *row)
{
	const OrmRelationship *rel = ln->n->rel;
	const OrmValue *probe[LD_MAXKEY];
	LdObj	   *child,
			   *p;
	int			pos = -1;
	uint64_t	h;

	child = ld_hydrate(ld, ln, row, comp->item_offset[comp->nitems - 1]);
	if (!child)
		return;
	for (int k = 0; k < ln->nkey; k++)
		probe[k] = rel->dir == ORM_REL_MANYTOMANY || ln->by_join ? &row[comp->item_offset[k]]
			: ld_obj_key(child, ln->tgt_idx[k]);
	h = ld_hash_probe(probe, ln->nkey);
	while ((p = ld_index_next(&lp->index, probe, h, &pos)) != NULL)
	{
		LdRel	   *slot = ld_slot(ld, p, ln->rel_idx);

		if (rel->uselist)
			ld_collection_add(ld, slot, p, rel, child, ln->multiplies);
		else if (!slot->one)
			slot->one = child;	/* uselist=False with several rows: the first */
	}
}

static int
ld_run_selectin(Ld *ld, LdNode *ln, int *nkeys)
{
	OrmCtx	   *ctx = ld->ctx;
	LdParents	lp;
	int			chunk = LD_CHUNK;
	int			np = ln->nkey;

	if (ld_collect_parents(ld, ln, &lp) < 0)
		return -1;
	*nkeys = lp.keys.n;
	if (ctx->dialect && ctx->dialect->max_params > 0 && chunk * np > ctx->dialect->max_params)
		chunk = ctx->dialect->max_params / np;
	for (int start = 0; start < lp.keys.n; start += chunk)
	{
		int			n = lp.keys.n - start < chunk ? lp.keys.n - start : chunk;
		LdStmt		st;
		OrmCompiled comp;
		OrmRows		rows;

		if (ld_build_stmt(ctx, ln, (LdObj **) lp.keys.items + start, n, &st) < 0 ||
			ld_compile_stmt(ctx, ln, &st, &comp) < 0)
			return -1;
		if (comp.nitems != st.nextra + 1)
			return orm_err(ctx->err, ORM_ERR_INTERNAL, "selectin statement for %s.%s: bad row shape",
						   ln->parent->ci->cls->name, ln->n->rel->name);
		memset(&rows, 0, sizeof(rows));
		if (orm_ctx_query(ctx, comp.sql, comp.nparams, comp.params, &rows) < 0)
			return -1;
		if (rows.nrows > 0 &&
			ld_check_offsets(ld, ln, comp.item_offset[st.nextra], rows.ncols) < 0)
			return -1;
		for (int r = 0; r < rows.nrows; r++)
		{
			if (ORM_POLL(ctx) < 0)	/* a cancel lands here (host.h, interrupted) */
				return -1;
			ld_selectin_row(ld, ln, &lp, &comp, ORM_ROW(&rows, r));
		}
	}
	return 0;
}

/*
 * The SELECTIN nodes of the statement rooted at ln (ln's subtree through
 * JOINED / CONTAINS_EAGER nodes), appended to q in plan order.
 */
static void
ld_enqueue_selectins(Ld *ld, LdNode *ln, OrmPtrVec *q)
{
	for (int i = 0; i < ln->nkids; i++)
	{
		LdNode	   *k = ln->kids[i];

		if (k->n->strategy == ORM_LAZY_SELECTIN)
			orm_vec_push(ld->a, q, k);
		else
			ld_enqueue_selectins(ld, k, q);
	}
}

/* Breadth-first over the statements: each SELECTIN node after its parent's. */
static int
ld_run_selectins(Ld *ld)
{
	OrmPtrVec	q = {0};

	for (int i = 0; i < ld->nroots; i++)
		if (ld->roots[i])
			ld_enqueue_selectins(ld, ld->roots[i], &q);
	for (int i = 0; i < q.n; i++)
	{
		LdNode	   *ln = q.items[i];
		int			nkeys;

		if (ld_run_selectin(ld, ln, &nkeys) < 0)
			return -1;
		ld_enqueue_selectins(ld, ln, &q);
		if (ln->recurse_left != 0 && nkeys > 0 && ln->objs.n > 0)
		{
			/* selectinload(recursion_depth=): the same load again, below the
			 * objects this one loaded, until a level loads nothing new */
			LdNode	   *rn = ld_mirror(ld, ln->n, ln);

			if (!rn)
				return -1;
			rn->recurse_left = ln->recurse_left > 0 ? ln->recurse_left - 1 : -1;
			orm_vec_push(ld->a, &q, rn);
		}
	}
	return 0;
}

/* ---- sorting collections filled by joined loads ---- */

static void
ld_queue_sort(Ld *ld, LdRel *slot, LdNode *ln)
{
	LdSortItem *it = ORM_NEW(ld->a, LdSortItem);

	slot->sorted = true;
	it->slot = slot;
	it->ln = ln;
	orm_vec_push(ld->a, &ld->to_sort, it);
}

typedef struct LdSortKey
{
	int			n;
	int			idx[LD_MAXKEY];
	bool		desc[LD_MAXKEY];
} LdSortKey;

static void
ld_sort_key(const LdNode *ln, LdSortKey *key)
{
	const OrmRelationship *rel = ln->n->rel;
	OrmClass   *cls = ln->ci->cls;

	key->n = 0;
	for (int i = 0; i < rel->norder && key->n < LD_MAXKEY; i++)
	{
		int			x = ld_attr_index(cls, rel->order_by[i].col);

		if (x < 0)
			continue;
		key->idx[key->n] = x;
		key->desc[key->n++] = rel->order_by[i].desc;
	}
	if (rel->norder > 0)
		return;
	for (int i = 0; i < ln->ci->npk && key->n < LD_MAXKEY; i++)
	{
		key->idx[key->n] = ln->ci->pk_idx[i];
		key->desc[key->n++] = false;
	}
}

static int
ld_obj_cmp(const LdSortKey *key, const LdObj *x, const LdObj *y)
{
	for (int i = 0; i < key->n; i++)
	{
		int			c = ld_value_cmp(ld_obj_key(x, key->idx[i]), ld_obj_key(y, key->idx[i]));

		if (c)
			return key->desc[i] ? -c : c;
	}
	return 0;
}

/* Stable merge sort of v[0..n-1] using tmp. */
static void
ld_merge_sort(const LdSortKey *key, LdObj **v, LdObj **tmp, int n)
{
	int			mid = n / 2,
				i = 0,
				j,
				k = 0;

	if (n < 2)
		return;
	ld_merge_sort(key, v, tmp, mid);
	ld_merge_sort(key, v + mid, tmp, n - mid);
	j = mid;
	while (i < mid && j < n)
		tmp[k++] = ld_obj_cmp(key, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, sizeof(LdObj *) * (size_t) n);
}

static void
ld_sort_collections(Ld *ld)
{
	for (int i = 0; i < ld->to_sort.n; i++)
	{
		LdSortItem *it = ld->to_sort.items[i];
		LdSortKey	key;
		LdObj	  **tmp;

		if (it->slot->n < 2)
			continue;
		ld_sort_key(it->ln, &key);
		tmp = ORM_NEWN(ld->a, LdObj *, it->slot->n);
		ld_merge_sort(&key, it->slot->items, tmp, it->slot->n);
	}
}

/* ======================================================================
 * Stage 4: JSON
 * ====================================================================== */

static int	ld_write_obj(Ld *ld, OrmBuf *out, LdObj *o, int depth);

static int
ld_write_rel(Ld *ld, OrmBuf *out, const LdRel *slot, const OrmRelationship *rel, int depth)
{
	if (!rel->uselist)
	{
		if (!slot->one)
		{
			orm_buf_puts(out, "null");
			return 0;
		}
		return ld_write_obj(ld, out, slot->one, depth + 1);
	}
	orm_buf_putc(out, '[');
	for (int i = 0; i < slot->n; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		if (ld_write_obj(ld, out, slot->items[i], depth + 1) < 0)
			return -1;
	}
	orm_buf_putc(out, ']');
	return 0;
}

/*
 * The attributes it loaded in mapper order (expression attributes, then
 * columns; one not loaded is absent), then its loaded relationships
 * (unless o is its own ancestor).
 */
static int
ld_write_obj(Ld *ld, OrmBuf *out, LdObj *o, int depth)
{
	const OrmClass *cls = o->ci->cls;
	const LdKey *keys = o->ci->attr_keys;
	bool		first = true;

	if (depth > LD_MAXNEST)
		return orm_err(ld->ctx->err, ORM_ERR_UNSUPPORTED,
					   "result nests deeper than %d objects", LD_MAXNEST);
	if (ORM_POLL(ld->ctx) < 0)
		return -1;
	orm_buf_putc(out, '{');
	if (o->lay == o->ci->full && !o->more)
	{
		/* every column, nothing else: the common case */
		for (int i = 0; i < cls->nattrs; i++)
		{
			orm_buf_put(out, keys[i].text + (i == 0), keys[i].len - (i == 0));
			orm_value_to_json(out, ld->ctx->dialect, &o->vals[i], &cls->attrs[i]->type);
		}
		first = cls->nattrs == 0;
	}
	else
	{
		for (int k = 0; k < o->ci->nall; k++)
		{
			int			a = k < cls->nxattrs ? cls->nattrs + k : k - cls->nxattrs;
			const OrmType *type = NULL;
			const OrmValue *v = ld_obj_shown(o, a, &type);

			if (!v)
				continue;
			orm_buf_put(out, keys[a].text + first, keys[a].len - first);
			first = false;
			orm_value_to_json(out, ld->ctx->dialect, v, type);
		}
	}
	if (o->rels && !o->on_stack)
	{
		o->on_stack = true;
		for (int r = 0; r < cls->nrels; r++)
		{
			const OrmRelationship *rel = cls->rels[r];

			if (!o->rels[r].loaded)
				continue;
			orm_buf_put(out, o->ci->rel_keys[r].text + first, o->ci->rel_keys[r].len - first);
			first = false;
			if (ld_write_rel(ld, out, &o->rels[r], rel, depth) < 0)
				return -1;
		}
		o->on_stack = false;
	}
	orm_buf_putc(out, '}');
	return 0;
}

/* The type an expression item's values are formatted by. */
static const OrmType *
ld_item_type(const SxItem *it)
{
	const SxExpr *e = it->expr;

	while (e && !e->type && (e->kind == SX_LABEL || e->kind == SX_TYPE_COERCE) && e->left)
	{
		if (e->kind == SX_TYPE_COERCE && e->cast_type)
			return e->cast_type;
		e = e->left;
	}
	if (e && e->type && e->type->kind != ORM_T_UNKNOWN)
		return e->type;
	return NULL;
}

/*
 * A single-entity statement: the unique objects, first-seen order; a row
 * without the entity (outer join) is one null, where it was first seen
 * (null_pos objects before it; -1: none).
 */
static int
ld_write_unique(Ld *ld, OrmBuf *out, LdObj **objs, int n, int null_pos)
{
	orm_buf_putc(out, '[');
	for (int i = 0; i <= n; i++)
	{
		if (i == null_pos)
			orm_buf_puts(out, i > 0 ? ",null" : "null");
		if (i == n)
			break;
		if (i > 0 || null_pos == 0)
			orm_buf_putc(out, ',');
		if (ld_write_obj(ld, out, objs[i], 0) < 0)
			return -1;
	}
	orm_buf_putc(out, ']');
	return 0;
}

/*
 * An entity of a compound select (select(User).union(...)): SQLAlchemy
 * returns its columns, keyed by column name (a compound is Core's), not an
 * object.
 */
static void
ld_write_entity_cols(Ld *ld, OrmBuf *out, const OrmClass *cls, const OrmValue *vals)
{
	for (int a = 0; a < cls->nattrs; a++)
	{
		const OrmColumn *col = cls->attrs[a];
		const char *key = col->name;

		if (a)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, key, strlen(key));
		orm_buf_putc(out, ':');
		orm_value_to_json(out, ld->ctx->dialect, &vals[a], &col->type);
	}
}

/* A Bundle's columns (consecutive in the row) as an object by their keys. */
static void
ld_write_bundle(Ld *ld, OrmBuf *out, const SxExpr *b, const OrmValue *vals)
{
	int			nout = 0;

	orm_buf_putc(out, '{');
	for (int k = 0; k < b->nargs; k++)
	{
		const SxExpr *a = b->args[k];
		const SxItem it = {.expr = a->left};

		if (!a->name[0])
			continue;			/* unnamed: not in the bundle's Row._fields */
		if (nout++)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, a->name, strlen(a->name));
		orm_buf_putc(out, ':');
		orm_value_to_json(out, ld->ctx->dialect, &vals[k], ld_item_type(&it));
	}
	orm_buf_putc(out, '}');
}

/* One row of any other statement: a JSON object keyed by Row._fields. */
static int
ld_write_row(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
			 const OrmValue *row, LdObj **objs)
{
	orm_buf_putc(out, '{');
	for (int i = 0, nout = 0; i < comp->nitems; i++)
	{
		const char *key = comp->item_keys ? comp->item_keys[i] : "";
		const SxItem *it = i < sel->items.n ? sel->items.items[i] : NULL;

		if (sel->compound != SXC_NONE && it && it->expr && it->expr->kind == SX_ENTITY &&
			it->expr->from->cls)
		{
			/* a compound's entity is its columns, whatever its name */
			if (nout++ && it->expr->from->cls->nattrs > 0)
				orm_buf_putc(out, ',');
			ld_write_entity_cols(ld, out, it->expr->from->cls, &row[comp->item_offset[i]]);
			continue;
		}
		if (!key)
			continue;			/* not in Row._fields (an unnamed alias) */
		if (nout++)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, key, strlen(key));
		orm_buf_putc(out, ':');
		if (i < ld->nroots && ld->roots[i])
		{
			if (!objs || !objs[i])
				orm_buf_puts(out, "null");
			else if (ld_write_obj(ld, out, objs[i], 0) < 0)
				return -1;
		}
		else if (it && it->expr && it->expr->kind == SX_BUNDLE)
			ld_write_bundle(ld, out, it->expr, &row[comp->item_offset[i]]);
		else
			orm_value_to_json(out, ld->ctx->dialect, &row[comp->item_offset[i]],
							  it ? ld_item_type(it) : NULL);
	}
	orm_buf_putc(out, '}');
	return 0;
}

/* Any other statement: one JSON object per row. */
static int
ld_write_rows(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
			  const OrmRows *rows, LdObj **rowobjs)
{
	orm_buf_putc(out, '[');
	for (int r = 0; r < rows->nrows; r++)
	{
		if (ORM_POLL(ld->ctx) < 0)
			return -1;
		if (r)
			orm_buf_putc(out, ',');
		if (ld_write_row(ld, out, sel, comp, ORM_ROW(rows, r),
						 rowobjs ? &rowobjs[(size_t) r * comp->nitems] : NULL) < 0)
			return -1;
	}
	orm_buf_putc(out, ']');
	return 0;
}

/* ======================================================================
 * Running a select
 * ====================================================================== */

/* Select items that may carry an entity: none for a compound select. */
static int
ld_nroots(const SxSelect *sel, const OrmCompiled *comp)
{
	if (sel->compound != SXC_NONE)
		return 0;
	return sel->items.n < comp->nitems ? sel->items.n : comp->nitems;
}

/* A statement returns unique objects when it is exactly one entity item. */
static bool
ld_single_entity(const SxSelect *sel, OrmLoadNode **plans)
{
	return sel->compound == SXC_NONE && sel->items.n == 1 && plans && plans[0];
}

typedef struct LdResult
{
	Ld			ld;
	OrmCompiled comp;
	OrmRows		rows;
	LdObj	  **rowobjs;		/* nrows * nitems, entity items only */
	bool		single;
	int			null_pos;		/* single: objects seen before the first NULL
								 * entity, or -1 */
} LdResult;

/* Plans, runs the main statement and the selectin statements. */
static int
ld_execute(OrmCtx *ctx, SxSelect *sel, LdResult *res)
{
	OrmLoadNode **plans;
	int			nitems;

	memset(res, 0, sizeof(*res));
	res->null_pos = -1;
	plans = ld_plan(ctx, sel);
	if (!plans)
		return -1;
	if (orm_compile_select(ctx, sel, plans, &res->comp) < 0)
		return -1;
	nitems = res->comp.nitems;
	if (ld_init(&res->ld, ctx, plans, ld_nroots(sel, &res->comp)) < 0)
		return -1;
	if (orm_ctx_query(ctx, res->comp.sql, res->comp.nparams, res->comp.params, &res->rows) < 0)
		return -1;
	if (res->rows.nrows > 0 && ld_check_row(&res->ld, sel, &res->comp, res->rows.ncols) < 0)
		return -1;
	res->single = ld_single_entity(sel, plans);
	if (!res->single && res->rows.nrows > 0 && nitems > 0)
		res->rowobjs = ORM_NEWN(ctx->arena, LdObj *, (size_t) res->rows.nrows * nitems);
	for (int r = 0; r < res->rows.nrows; r++)
	{
		const OrmValue *row = ORM_ROW(&res->rows, r);

		if (ORM_POLL(ctx) < 0)
			return -1;
		for (int i = 0; i < res->ld.nroots; i++)
		{
			LdObj	   *o;

			if (!res->ld.roots[i])
				continue;
			o = ld_hydrate(&res->ld, res->ld.roots[i], row, res->comp.item_offset[i]);
			if (res->rowobjs)
				res->rowobjs[(size_t) r * nitems + i] = o;
			else if (!o && res->null_pos < 0)
				res->null_pos = res->ld.roots[i]->objs.n;
		}
	}
	if (ld_run_selectins(&res->ld) < 0)
		return -1;
	ld_sort_collections(&res->ld);
	return 0;
}

int
orm_load_select(OrmCtx *ctx, SxSelect *sel, OrmBuf *out)
{
	LdResult	res;

	if (ld_execute(ctx, sel, &res) < 0)
		return -1;
	if (res.single)
	{
		LdNode	   *root = res.ld.roots[0];

		return ld_write_unique(&res.ld, out, (LdObj **) root->objs.items, root->objs.n,
							   res.null_pos);
	}
	return ld_write_rows(&res.ld, out, sel, &res.comp, &res.rows, res.rowobjs);
}

/* ======================================================================
 * orm_compile: every statement, without running any
 * ====================================================================== */

static void
ld_put_stmt(OrmBuf *out, const char *sql)
{
	if (out->len > 0)
		orm_buf_putc(out, '\n');
	orm_buf_puts(out, sql);
	orm_buf_putc(out, ';');
}

/*
 * A selectin node's statement for one key.  The key's value is unknown
 * without running; the parameter is bound to NULL of the key column's type,
 * so the text is what a one-parent load sends.
 */
static int
ld_compile_one_key(Ld *ld, LdNode *ln, OrmBuf *out)
{
	OrmArena   *a = ld->a;
	LdObj	   *fake = ORM_NEW(a, LdObj);
	OrmValue   *vals;
	LdStmt		st;
	OrmCompiled comp;

	vals = ORM_NEWN(a, OrmValue, ln->parent->lay->ncols > 0 ? ln->parent->lay->ncols : 1);
	fake->ci = ln->parent->ci;
	fake->vals = vals;
	fake->lay = ln->parent->lay;
	if (ld_build_stmt(ld->ctx, ln, &fake, 1, &st) < 0 ||
		ld_compile_stmt(ld->ctx, ln, &st, &comp) < 0)
		return -1;
	ld_put_stmt(out, comp.sql);
	return 0;
}

int
orm_compile_text(OrmCtx *ctx, SxSelect *sel, OrmBuf *out)
{
	OrmLoadNode **plans;
	OrmCompiled comp;
	Ld			ld;
	OrmPtrVec	q = {0};

	plans = ld_plan(ctx, sel);
	if (!plans)
		return -1;
	memset(&comp, 0, sizeof(comp));
	if (orm_compile_select(ctx, sel, plans, &comp) < 0)
		return -1;
	if (ld_init(&ld, ctx, plans, ld_nroots(sel, &comp)) < 0)
		return -1;
	{
		OrmBuf		tmp;

		orm_buf_init(&tmp, ctx->arena);
		ld_put_stmt(&tmp, comp.sql);
		for (int i = 0; i < ld.nroots; i++)
			if (ld.roots[i])
				ld_enqueue_selectins(&ld, ld.roots[i], &q);
		for (int i = 0; i < q.n; i++)
		{
			if (ld_compile_one_key(&ld, q.items[i], &tmp) < 0)
				return -1;
			ld_enqueue_selectins(&ld, q.items[i], &q);
		}
		orm_buf_put(out, tmp.data, tmp.len);
	}
	return 0;
}

/* ======================================================================
 * session.get()
 * ====================================================================== */

/* The JSON value for primary key column k of cls from key, or NULL (bad shape). */
static const JsonValue *
ld_get_key_part(const OrmClass *cls, const JsonValue *key, int k)
{
	const OrmTable *t = cls->table;
	const OrmColumn *col = t->pk[k];

	switch (key->kind)
	{
		case JSON_ARRAY:
			return key->n == t->npk ? key->items[k] : NULL;
		case JSON_OBJECT:
			{
				const JsonValue *v = json_get(key, col->attr ? col->attr : col->name);

				if (!v && col->attr)
					v = json_get(key, col->name);
				return v;
			}
		case JSON_NULL:
			return NULL;
		default:
			return t->npk == 1 ? key : NULL;
	}
}

/* Extra members of a key object are an error too. */
static bool
ld_get_key_object_ok(const OrmClass *cls, const JsonValue *key)
{
	if (key->kind != JSON_OBJECT)
		return true;
	for (int i = 0; i < key->n; i++)
	{
		bool		found = false;

		for (int k = 0; k < cls->table->npk && !found; k++)
		{
			const OrmColumn *c = cls->table->pk[k];

			found = orm_streq(key->keys[i], c->attr) || orm_streq(key->keys[i], c->name);
		}
		if (!found)
			return false;
	}
	return key->n == cls->table->npk;
}

static int
ld_get_where(OrmCtx *ctx, OrmClass *cls, const JsonValue *key, SxFrom *from, SxSelect *sel)
{
	const OrmTable *t = cls->table;

	if (!key || t->npk == 0 || !ld_get_key_object_ok(cls, key))
		goto bad;
	for (int k = 0; k < t->npk; k++)
	{
		const JsonValue *v = ld_get_key_part(cls, key, k);
		OrmColumn  *col = t->pk[k];
		OrmParam	p;

		if (!v || v->kind == JSON_NULL || v->kind == JSON_ARRAY || v->kind == JSON_OBJECT)
			goto bad;
		if (orm_value_from_json(ctx->arena, ctx->dialect, v, &col->type, &p, ctx->err) < 0)
			return -1;
		sel->where = sx_and(ctx->arena, sel->where,
							sx_binary(ctx->arena, SXOP_EQ, sx_column(ctx->arena, from, col),
									  sx_param(ctx->arena, p, &col->type)));
	}
	return 0;

bad:
	orm_err(ctx->err, ORM_ERR_PARAM, "invalid primary key for %s", cls->name);
	orm_err_detail(ctx->err, "%s", t->npk == 1
				   ? "The key is the primary key value, or an object or array holding it."
				   : "A composite key is an object of the primary key attributes or an array in primary key order.");
	return -1;
}

int
orm_load_get(OrmCtx *ctx, OrmClass *cls, const struct JsonValue *key,
			 const char *options, OrmBuf *out)
{
	SxSelect   *sel = sx_select_new(ctx->arena);
	SxFrom	   *from = sx_from_table(ctx->arena, cls->table, cls);
	LdResult	res;
	LdNode	   *root;

	sx_select_add_item(ctx->arena, sel, sx_entity(ctx->arena, from), cls->name);
	if (ld_get_where(ctx, cls, key, from, sel) < 0)
		return -1;
	if (options && options[0] && orm_query_options(ctx, options, sel) < 0)
		return -1;
	if (ld_execute(ctx, sel, &res) < 0)
		return -1;
	root = res.ld.roots[0];
	if (!root || root->objs.n == 0)
	{
		orm_buf_puts(out, "null");
		return 0;
	}
	return ld_write_obj(&res.ld, out, root->objs.items[0], 0);
}
