/*
 * load_cols.c -- which attributes each entity of a load plan loads
 * (load_cols.h), as SQLAlchemy's column loaders decide it.
 *
 * Owns: orm_load_cols_decide, orm_load_cols_decide_poly, orm_load_cols_keys,
 * orm_load_cols_place.
 *
 * The decision, per attribute of the node's class (its table columns and
 * its expression attributes, registry.h OrmXattr; with inheritance the
 * mapper's attributes, inherited ones included, and those of the node's
 * with_polymorphic classes), first rule that applies:
 *
 *   1. a primary key column, the polymorphic discriminator: always loaded
 *      (defer() of them is ignored, load_only() keeps them), as SQLAlchemy;
 *   2. an option naming the attribute at exactly this path: load_only() and
 *      undefer() load it, defer() does not, with_expression() loads its
 *      expression; load and defer of one attribute is SQLAlchemy's "loader
 *      strategies ... conflict" error;
 *   3. undefer_group(g) at this path, for an attribute the mapping defers in
 *      group g (an explicit defer() wins over it, a wildcard does not);
 *   4. a wildcard at this path, the last one given: defer("*") and
 *      load_only() (which defers every attribute it does not name) defer,
 *      undefer("*") loads (a query_expression() without an expression as
 *      NULL, as SQLAlchemy);
 *   5. the mapping: a column unless deferred=True, a column_property() unless
 *      deferred, a query_expression() when it has a default expression.
 *
 * "At this path": an option's relationship path equals the node's, from
 * the same statement entity (an aliased() entity by identity, the class
 * otherwise); a path-less option applies to the root entity of its
 * attributes' class (or a subclass), and a "*" written without an entity
 * (defer("*"), undefer_group()) to every root entity.  Options on other
 * paths do not reach a node: defer("*") on the root leaves a selectinload's
 * target alone.  raiseload=True / deferred_raiseload have no effect here:
 * an attribute that is not loaded is absent from its object, however it
 * would have failed on access.
 *
 * Inheritance: an option applies to the attributes of a class that is its
 * attributes' class or a subclass of it (load_only(Employee.name) on a
 * Manager entity), so with_polymorphic(Employee, [Manager]) takes
 * defer(Manager.bio) for Manager's attributes only; load_only() defers the
 * other attributes of every class it applies to.  A subclass loaded by a
 * statement of its own (an ORM_LAZY_POLY node) decides among the columns
 * that statement selects, with the options of its parent's path.
 *
 * Attributes come in mapper order, class by class (the node's, then each
 * with_polymorphic class's): expression attributes (xattrs), then
 * table columns, which is also the order of the row.  Then come hidden
 * columns: what a load reads for keys without loading it (a selectin
 * load's parent and child join columns, a joined collection's sort
 * columns), added by orm_load_cols_keys for every node of that class, so
 * an object met through several nodes has its keys whichever made it.
 *
 * Calls orm/query.h (orm_xattr_expr) only; called by loader.c.  Must not
 * emit SQL text.
 */
#include "orm/load_cols.h"
#include "orm/query.h"
#include "sql/entity.h"

#include <string.h>

typedef enum LcSet
{
	LC_NONE = 0,
	LC_LOAD,
	LC_DEFER,
	LC_EXPR
} LcSet;

/* Does option o start at the entity whose FROM is f? (loader.c's rule) */
static bool
lc_root_matches(const SxLoadOpt *o, const SxFrom *f)
{
	if (o->root)
		return o->root == f;
	return !f || (f->kind == SXF_TABLE && !f->is_alias) || (f->cls && f->kind != SXF_TABLE);
}

/* Does column option o apply to attributes of class cls at path[0..depth-1] from root_from? */
static bool
lc_applies(const SxLoadOpt *o, const SxFrom *root_from, OrmRelationship *const *path, int depth,
		   const OrmClass *cls)
{
	if (o->colopt == SXCO_NONE || o->npath != depth)
		return false;
	for (int i = 0; i < depth; i++)
		if (o->path[i] != path[i])
			return false;
	if (depth == 0)
	{
		if (!o->col_cls)
			return !o->root || o->root == root_from;
		if (!orm_class_isa(cls, o->col_cls))
			return false;
	}
	else if (o->col_cls && !orm_class_isa(cls, o->col_cls))
		return false;
	return lc_root_matches(o, root_from);
}

/* Where a node is, for the options that apply to it. */
typedef struct LcWhere
{
	const SxFrom *root_from;
	OrmRelationship *const *path;
	int			depth;
	const OrmLoadNode *node;
	const OrmClass *above;		/* an ORM_LAZY_POLY node: the class it loads for */
} LcWhere;

/*
 * Does option o apply to attributes of class cls of the node?  A subclass
 * loaded by a statement of its own takes only the options of its own
 * attributes (those of a class below the one it loads for), as
 * SQLAlchemy's polymorphic load; along an of_type() path the entity is the
 * of_type() class, with the attributes of every class it loads.
 */
static bool
lc_opt_applies(const LcWhere *w, const SxLoadOpt *o, const OrmClass *cls)
{
	if (w->above)
	{
		if (!o->col_cls || orm_class_isa(w->above, o->col_cls))
			return false;
	}
	else if (w->depth > 0 && w->node->of_type && w->node->of_type->cls && o->col_cls &&
			 orm_class_isa(w->node->of_type->cls, o->col_cls))
		cls = w->node->of_type->cls;
	return lc_applies(o, w->root_from, w->path, w->depth, cls);
}

/* Has class cls an attribute key (a column, inherited included, or an expression)? */
static bool
lc_class_has(const OrmClass *cls, const char *key)
{
	return orm_class_prop(cls, key) || orm_class_attr(cls, key) || orm_class_xattr(cls, key);
}

/*
 * One attribute an entity of the node can load: a table column of class
 * cls's attribute key (a joined subclass's attribute of several columns is
 * one candidate per column), or an expression attribute.
 */
typedef struct LcCand
{
	const OrmClass *cls;		/* the class of the node whose attribute it is */
	const char *key;
	OrmColumn  *col;			/* or NULL: */
	const OrmXattr *xattr;
} LcCand;

typedef struct LcCands
{
	int			n,
				cap;
	LcCand	   *items;
} LcCands;

static void
lc_cand_add(OrmCtx *ctx, LcCands *cs, const OrmClass *cls, const char *key, OrmColumn *col,
			const OrmXattr *x)
{
	for (int i = 0; i < cs->n; i++)
		if ((col && cs->items[i].col == col) || (x && cs->items[i].xattr == x))
			return;
	if (cs->n == cs->cap)
	{
		int			ncap = cs->cap ? cs->cap * 2 : 16;

		cs->items = orm_realloc(ctx->arena, cs->items, sizeof(LcCand) * (size_t) cs->cap,
								sizeof(LcCand) * (size_t) ncap);
		cs->cap = ncap;
	}
	cs->items[cs->n].cls = cls;
	cs->items[cs->n].key = key;
	cs->items[cs->n].col = col;
	cs->items[cs->n].xattr = x;
	cs->n++;
}

static bool
lc_has_col(OrmColumn *const *cols, int n, const OrmColumn *c)
{
	for (int i = 0; i < n; i++)
		if (cols[i] == c)
			return true;
	return false;
}

/*
 * Class cls's attributes in mapper order -- its expression attributes, then
 * its columns (sql/entity.h's order) -- those not there yet.  only: the
 * columns an ORM_LAZY_POLY node's statement selects (polymorphic.c), and
 * of the expression attributes those of the classes below above (NULL:
 * every one).
 */
static void
lc_class_cands(OrmCtx *ctx, LcCands *cs, const OrmClass *cls, OrmColumn *const *only, int nonly,
			   const OrmClass *above)
{
	for (int i = 0; i < cls->nxattrs; i++)
	{
		const OrmXattr *x = cls->xattrs[i];

		if (x->kind != ORM_XA_EXPR && x->kind != ORM_XA_QUERY_EXPR)
			continue;
		if (above && x->owner && orm_class_isa(above, x->owner))
			continue;
		lc_cand_add(ctx, cs, cls, x->name, NULL, x);
	}
	if (cls->nprops == 0)
	{
		/* a registry not derived by decl/inherit.c (unit tests build some by hand) */
		for (int i = 0; i < cls->nattrs; i++)
			if (!only || lc_has_col(only, nonly, cls->attrs[i]))
				lc_cand_add(ctx, cs, cls, cls->attrs[i]->attr ? cls->attrs[i]->attr : cls->attrs[i]->name,
							cls->attrs[i], NULL);
		return;
	}
	for (int i = 0; i < cls->nprops; i++)
		for (int k = 0; k < cls->props[i].ncols; k++)
			if (!only || lc_has_col(only, nonly, cls->props[i].cols[k]))
				lc_cand_add(ctx, cs, cls, cls->props[i].key, cls->props[i].cols[k], NULL);
}

static int
lc_opt_err(OrmCtx *ctx, const SxLoadOpt *o, OrmErrCode code, const char *msg)
{
	if (o && o->line > 0)
		return orm_err_at(ctx->err, code, o->line, o->col, "%s", msg);
	return orm_err(ctx->err, code, "%s", msg);
}

static bool
lc_always(const OrmClass *cls, const OrmColumn *col)
{
	return col->primary_key || (cls->polymorphic_on && cls->polymorphic_on == col);
}

/* The mapping's own choice (rule 5) for candidate c. */
static bool
lc_default(const LcCand *c)
{
	if (c->col)
		return !c->col->deferred;
	return c->xattr->kind == ORM_XA_QUERY_EXPR ? c->xattr->expr != NULL : !c->xattr->deferred;
}

/* The mapping's deferral group of candidate c, when the mapping defers it. */
static const char *
lc_group(const LcCand *c)
{
	if (c->col)
		return c->col->deferred ? c->col->deferred_group : NULL;
	return c->xattr->deferred ? c->xattr->deferred_group : NULL;
}

static bool
lc_names(const SxLoadOpt *o, const char *key)
{
	for (int k = 0; k < o->ncols; k++)
		if (strcmp(o->cols[k], key) == 0)
			return true;
	return false;
}

/* The index of col in cls->attrs / x in cls->xattrs (OrmLoadCol.attr), or -1. */
static int
lc_attr_of(const OrmClass *cls, const OrmColumn *col, const OrmXattr *x)
{
	for (int i = 0; col && i < cls->nattrs; i++)
		if (cls->attrs[i] == col)
			return i;
	for (int i = 0; x && i < cls->nxattrs; i++)
		if (cls->xattrs[i] == x)
			return cls->nattrs + i;
	return -1;
}

/*
 * The decision for the candidates of node (rules 1-5 of the prologue): an
 * option applies to a candidate when it applies to its class; a name an
 * option gives that no candidate of a class it applies to has is an error.
 */
static int
lc_decide(OrmCtx *ctx, const SxSelect *sel, const LcWhere *w, OrmLoadNode *node,
		  const LcCands *cs, bool force)
{
	OrmPtrVec	groups = {0};
	bool		any = false;
	int			n = 0;

	for (int i = 0; i < sel->options.n; i++)
	{
		const SxLoadOpt *o = sel->options.items[i];
		bool		applies = false;

		for (int c = 0; c < cs->n && !applies; c++)
			applies = lc_opt_applies(w, o, cs->items[c].cls);
		if (!applies)
			continue;
		any = true;
		if (o->colopt == SXCO_UNDEFER_GROUP)
			orm_vec_push(ctx->arena, &groups, (void *) o->group);
		for (int k = 0; k < o->ncols && !w->above; k++)
		{
			bool		found = false;

			for (int c = 0; c < cs->n && !found; c++)
				found = lc_opt_applies(w, o, cs->items[c].cls) &&
					lc_class_has(cs->items[c].cls, o->cols[k]);
			if (!found)
				return lc_opt_err(ctx, o, ORM_ERR_NAME,
								  orm_sprintf(ctx->arena, "%s has no column attribute \"%s\"",
											  o->col_cls ? o->col_cls->name : node->cls->name,
											  o->cols[k]));
		}
	}
	if (!any && !force)
	{
		bool		plain = true;

		for (int c = 0; c < cs->n && plain; c++)
			plain = cs->items[c].col && !cs->items[c].col->deferred;
		if (plain)
		{
			/* every column, nothing else: the compiler's default */
			node->load = NULL;
			node->nload = 0;
			return 0;
		}
	}
	node->load = ORM_NEWN(ctx->arena, OrmLoadCol, cs->n + 1);
	for (int c = 0; c < cs->n; c++)
	{
		const LcCand *cd = &cs->items[c];
		const char *g = lc_group(cd);
		LcSet		set = LC_NONE,
					wild = LC_NONE;
		SxExpr	   *expr = NULL;
		bool		load,
					grouped = false;
		OrmLoadCol *lc;

		for (int i = 0; i < sel->options.n; i++)
		{
			const SxLoadOpt *o = sel->options.items[i];
			LcSet		s;

			if (!lc_opt_applies(w, o, cd->cls))
				continue;
			switch (o->colopt)
			{
				case SXCO_LOAD_ONLY:
				case SXCO_DEFER:
				case SXCO_UNDEFER:
				case SXCO_WITH_EXPR:
					if (o->col_wildcard)
						wild = o->colopt == SXCO_DEFER ? LC_DEFER : LC_LOAD;
					if (o->colopt == SXCO_LOAD_ONLY)
						wild = LC_DEFER;
					if (!lc_names(o, cd->key))
						break;
					s = o->colopt == SXCO_DEFER ? LC_DEFER :
						o->colopt == SXCO_WITH_EXPR ? LC_EXPR : LC_LOAD;
					if (set != LC_NONE && (set == LC_DEFER) != (s == LC_DEFER))
						return lc_opt_err(ctx, o, ORM_ERR_QUERY,
										  orm_sprintf(ctx->arena, "loader strategies for %s.%s conflict: it is "
													  "both loaded and deferred", cd->cls->name, cd->key));
					if (set == LC_EXPR && s != LC_EXPR)
						break;	/* with_expression() gives the expression */
					set = s;
					if (s == LC_EXPR)
						expr = o->with_expr;
					break;
				case SXCO_UNDEFER_GROUP:
				case SXCO_NONE:
					break;
			}
		}
		for (int i = 0; g && i < groups.n && !grouped; i++)
			grouped = strcmp(groups.items[i], g) == 0;
		if (cd->col && (lc_always(cd->cls, cd->col) ||
						(node->from && cd->col == node->from->union_type)))
			load = true;
		else if (set != LC_NONE)
			load = set != LC_DEFER;
		else if (grouped)
			load = true;
		else if (wild != LC_NONE)
			load = wild == LC_LOAD;
		else
			load = lc_default(cd);
		if (!load)
			continue;
		lc = &node->load[n++];
		lc->attr = lc_attr_of(node->cls, cd->col, cd->xattr);
		lc->key = cd->key;
		if (set == LC_EXPR)
		{
			const OrmType *t = cd->col ? &cd->col->type :
				cd->xattr->type.kind != ORM_T_UNKNOWN ? &cd->xattr->type : NULL;

			/* with_expression(): its expression, for a column attribute too */
			lc->expr = lc->given = expr;
			lc->type = expr && expr->type && expr->type->kind != ORM_T_UNKNOWN ? expr->type : t;
		}
		else if (cd->col)
		{
			lc->col = cd->col;
			lc->type = &cd->col->type;
		}
		else
		{
			lc->xattr = cd->xattr;
			lc->type = cd->xattr->type.kind != ORM_T_UNKNOWN ? &cd->xattr->type : NULL;
		}
	}
	node->nload = n;
	return 0;
}

int
orm_load_cols_decide(OrmCtx *ctx, const SxSelect *sel, const SxFrom *root_from,
					 OrmRelationship *const *path, int depth, OrmLoadNode *node)
{
	LcCands		cs = {0};
	LcWhere		w = {root_from, path, depth, node, NULL};
	const SxFrom *f = node->from;
	bool		some = false;

	/* some: an aliased(Entity, subquery) entity whose subquery lacks columns */
	if (f && f->cls == node->cls && f->kind != SXF_TABLE && f->colmap_cols)
	{
		OrmColumn **all;
		int			n = sx_entity_cols(ctx->arena, NULL, node->cls, &all);

		for (int i = 0; i < n && !some; i++)
			some = sx_from_lacks(f, all[i]);
	}

	/* the node's class, then its with_polymorphic classes (sx_entity_cols);
	 * of an aliased(Entity, subquery) entity, the columns the subquery has */
	lc_class_cands(ctx, &cs, node->cls, some ? f->colmap_cols : NULL, some ? f->ncolmap : 0, NULL);
	if (f && f->union_type && f->cls == node->cls)
		lc_cand_add(ctx, &cs, node->cls, "type", f->union_type, NULL);	/* ConcreteBase's */
	for (int i = 0; i < node->poly.n; i++)
		lc_class_cands(ctx, &cs, node->poly.items[i], NULL, 0, NULL);
	if (f && f->union_type && f->cls == node->cls)
	{
		/* a ConcreteBase union: one column per name of the union */
		int			n = 0;

		for (int i = 0; i < cs.n; i++)
		{
			bool		dup = false;

			for (int k = 0; k < n && !dup; k++)
				dup = cs.items[i].col && cs.items[k].col &&
					strcmp(sx_from_colname(f, cs.items[i].col), sx_from_colname(f, cs.items[k].col)) == 0;
			if (!dup)
				cs.items[n++] = cs.items[i];
		}
		cs.n = n;
		some = true;
		for (int i = 0; i < sel->options.n; i++)
			if (lc_opt_applies(&w, sel->options.items[i], node->cls) &&
				((SxLoadOpt *) sel->options.items[i])->colopt != SXCO_NONE)
				return lc_opt_err(ctx, sel->options.items[i], ORM_ERR_UNSUPPORTED,
								  orm_sprintf(ctx->arena, "column loader options on ConcreteBase "
											  "class %s's polymorphic union are not supported",
											  node->cls->name));
	}
	/* some: a load list of its own, so the keys a relationship load needs
	 * are added to it (orm_load_cols_keys) and checked by the compiler */
	return lc_decide(ctx, sel, &w, node, &cs, some);
}

int
orm_load_cols_decide_poly(OrmCtx *ctx, const SxSelect *sel, const SxFrom *root_from,
						  OrmRelationship *const *path, int depth, OrmLoadNode *node,
						  const OrmClass *above, OrmColumn *const *cols, int ncols)
{
	LcCands		cs = {0};
	LcWhere		w = {root_from, path, depth, node, above};

	lc_class_cands(ctx, &cs, node->cls, cols, ncols, above);
	return lc_decide(ctx, sel, &w, node, &cs, true);
}

/* ---- keys ------------------------------------------------------------------ */

typedef struct LcNeed
{
	const OrmClass *cls;
	OrmPtrVec	cols;			/* OrmColumn* */
} LcNeed;

static void
lc_need(OrmCtx *ctx, OrmPtrVec *needs, const OrmClass *cls, OrmColumn *col)
{
	LcNeed	   *nd = NULL;

	for (int i = 0; i < needs->n && !nd; i++)
		if (((LcNeed *) needs->items[i])->cls == cls)
			nd = needs->items[i];
	if (!nd)
	{
		nd = ORM_NEW(ctx->arena, LcNeed);
		nd->cls = cls;
		orm_vec_push(ctx->arena, needs, nd);
	}
	for (int i = 0; i < nd->cols.n; i++)
		if (nd->cols.items[i] == col)
			return;
	orm_vec_push(ctx->arena, &nd->cols, col);
}

static void
lc_collect_needs(OrmCtx *ctx, const OrmLoadNode *node, OrmPtrVec *needs, int depth)
{
	if (depth > 1000)
		return;
	for (int i = 0; i < node->nchildren; i++)
	{
		const OrmLoadNode *k = node->children[i];
		const OrmRelationship *rel = k->rel;

		if (rel && k->strategy == ORM_LAZY_SELECTIN)
		{
			for (int j = 0; j < rel->npairs; j++)
			{
				lc_need(ctx, needs, node->cls, rel->local_cols[j]);
				if (rel->dir != ORM_REL_MANYTOMANY)
					lc_need(ctx, needs, k->cls, rel->remote_cols[j]);
			}
		}
		else if (rel && k->strategy == ORM_LAZY_JOINED && rel->uselist)
		{
			for (int j = 0; j < rel->norder; j++)
				lc_need(ctx, needs, k->cls, rel->order_by[j].col);
		}
		lc_collect_needs(ctx, k, needs, depth + 1);
	}
}

/* Is col a column an entity of node selects (its class's, its with_polymorphic classes')? */
static bool
lc_node_has_col(const OrmLoadNode *node, const OrmColumn *col)
{
	if (orm_class_prop_of(node->cls, col) || lc_has_col(node->cls->attrs, node->cls->nattrs, col))
		return true;
	for (int i = 0; i < node->poly.n; i++)
		if (orm_class_prop_of(node->poly.items[i], col))
			return true;
	return false;
}

static void
lc_add_hidden(OrmCtx *ctx, OrmLoadNode *node, const OrmPtrVec *needs, int depth)
{
	if (depth > 1000)
		return;
	if (node->load)
	{
		for (int i = 0; i < needs->n; i++)
		{
			const LcNeed *nd = needs->items[i];

			if (nd->cls != node->cls)
				continue;
			for (int j = 0; j < nd->cols.n; j++)
			{
				OrmColumn  *col = nd->cols.items[j];
				const OrmProp *p = orm_class_prop_of(node->cls, col);
				bool		have = false;

				for (int k = 0; k < node->nload && !have; k++)
					have = node->load[k].col == col && !node->load[k].expr;
				if (have || !lc_node_has_col(node, col))
					continue;
				/* room: nall + 1 was allocated, hidden columns may pass it */
				{
					OrmLoadCol *nc = ORM_NEWN(ctx->arena, OrmLoadCol, node->nload + 1);

					memcpy(nc, node->load, sizeof(OrmLoadCol) * (size_t) node->nload);
					node->load = nc;
				}
				node->load[node->nload].col = col;
				node->load[node->nload].attr = lc_attr_of(node->cls, col, NULL);
				node->load[node->nload].key = p ? p->key : col->attr ? col->attr : col->name;
				node->load[node->nload].type = &col->type;
				node->load[node->nload].hidden = true;
				node->nload++;
			}
		}
	}
	for (int i = 0; i < node->nchildren; i++)
		lc_add_hidden(ctx, node->children[i], needs, depth + 1);
}

int
orm_load_cols_keys(OrmCtx *ctx, OrmLoadNode **plans, int n)
{
	OrmPtrVec	needs = {0};

	for (int i = 0; plans && i < n; i++)
		if (plans[i])
			lc_collect_needs(ctx, plans[i], &needs, 0);
	if (needs.n == 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (plans[i])
			lc_add_hidden(ctx, plans[i], &needs, 0);
	return 0;
}

/* ---- placing ---------------------------------------------------------------- */

/*
 * x with the columns of the class's un-aliased table FROM read from node's
 * FROM instead (a joined load's alias, a selectin statement's FROM), as
 * SQLAlchemy adapts with_expression() to the entity it loads.  Nodes are
 * copied where they change; a subquery inside is left as written.
 */
static SxExpr *
lc_adapt(OrmCtx *ctx, SxExpr *x, const OrmTable *t, SxFrom *to, int depth)
{
	SxExpr	   *c;
	bool		changed = false;

	if (!x || depth > SX_MAX_DEPTH)
		return x;
	if (x->kind == SX_COLUMN)
	{
		if (x->from == to || x->from->table != t || x->from->kind != SXF_TABLE || x->from->is_alias)
			return x;
		c = ORM_NEW(ctx->arena, SxExpr);
		*c = *x;
		c->from = to;
		return c;
	}
	c = ORM_NEW(ctx->arena, SxExpr);
	*c = *x;
	c->left = lc_adapt(ctx, x->left, t, to, depth + 1);
	c->right = lc_adapt(ctx, x->right, t, to, depth + 1);
	c->third = lc_adapt(ctx, x->third, t, to, depth + 1);
	c->filter = lc_adapt(ctx, x->filter, t, to, depth + 1);
	changed = c->left != x->left || c->right != x->right || c->third != x->third ||
		c->filter != x->filter;
	if (x->nargs > 0)
	{
		c->args = ORM_NEWN(ctx->arena, SxExpr *, x->nargs);
		for (int i = 0; i < x->nargs; i++)
		{
			c->args[i] = lc_adapt(ctx, x->args[i], t, to, depth + 1);
			changed = changed || c->args[i] != x->args[i];
		}
	}
	if (x->npartition > 0)
	{
		c->partition_by = ORM_NEWN(ctx->arena, SxExpr *, x->npartition);
		for (int i = 0; i < x->npartition; i++)
		{
			c->partition_by[i] = lc_adapt(ctx, x->partition_by[i], t, to, depth + 1);
			changed = changed || c->partition_by[i] != x->partition_by[i];
		}
	}
	if (x->nover_order > 0)
	{
		c->over_order = ORM_NEWN(ctx->arena, SxExpr *, x->nover_order);
		for (int i = 0; i < x->nover_order; i++)
		{
			c->over_order[i] = lc_adapt(ctx, x->over_order[i], t, to, depth + 1);
			changed = changed || c->over_order[i] != x->over_order[i];
		}
	}
	return changed ? c : x;
}

int
orm_load_cols_place(OrmCtx *ctx, OrmLoadNode *node)
{
	for (int i = 0; node->load && i < node->nload; i++)
	{
		OrmLoadCol *lc = &node->load[i];

		if (lc->given && node->from)
			lc->expr = lc_adapt(ctx, lc->given, node->cls->table, node->from, 0);
		if (!lc->xattr)
			continue;
		if (!node->from)
			return orm_err(ctx->err, ORM_ERR_INTERNAL, "placing %s's columns without a FROM",
						   node->cls->name);
		/* a with_polymorphic class's attribute is evaluated as its own */
		if (orm_xattr_expr(ctx, lc->xattr,
						   lc->xattr->owner && !orm_class_isa(node->cls, lc->xattr->owner) ?
						   lc->xattr->owner : node->cls, node->from, &lc->expr) < 0)
			return -1;
		if (!lc->type && lc->expr->type && lc->expr->type->kind != ORM_T_UNKNOWN)
			lc->type = lc->expr->type;
	}
	return 0;
}
