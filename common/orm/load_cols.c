/*
 * load_cols.c -- which attributes each entity of a load plan loads
 * (load_cols.h), as SQLAlchemy's column loaders decide it.
 *
 * Owns: orm_load_cols_decide, orm_load_cols_keys, orm_load_cols_place.
 *
 * The decision, per attribute of the node's class (its table columns and
 * its expression attributes, registry.h OrmXattr), first rule that applies:
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
 * Attributes come in mapper order: expression attributes (xattrs), then
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

#include <string.h>

typedef enum LcSet
{
	LC_NONE = 0,
	LC_LOAD,
	LC_DEFER,
	LC_EXPR
} LcSet;

typedef struct LcAttr
{
	LcSet		set;			/* rule 2 */
	const SxLoadOpt *by;		/* the option that set it */
	SxExpr	   *expr;			/* LC_EXPR */
} LcAttr;

/* Does option o start at the entity whose FROM is f? (loader.c's rule) */
static bool
lc_root_matches(const SxLoadOpt *o, const SxFrom *f)
{
	if (o->root)
		return o->root == f;
	return !f || (f->kind == SXF_TABLE && !f->is_alias) || (f->cls && f->kind != SXF_TABLE);
}

static bool
lc_isa(const OrmClass *cls, const OrmClass *base)
{
	for (int d = 0; cls && d < 1000; d++, cls = cls->inherits)
		if (cls == base)
			return true;
	return false;
}

/* Does column option o apply to node (class cls) at path[0..depth-1] from root_from? */
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
		if (!lc_isa(cls, o->col_cls))
			return false;
	}
	else if (o->col_cls && !lc_isa(cls, o->col_cls))
		return false;
	return lc_root_matches(o, root_from);
}

/* The attribute index of key name on cls (columns, then xattrs), or -1. */
static int
lc_attr_index(const OrmClass *cls, const char *name)
{
	for (int i = 0; i < cls->nattrs; i++)
		if (orm_streq(cls->attrs[i]->attr, name) ||
			(!cls->attrs[i]->attr && orm_streq(cls->attrs[i]->name, name)))
			return i;
	for (int i = 0; i < cls->nxattrs; i++)
		if (strcmp(cls->xattrs[i]->name, name) == 0)
			return cls->nattrs + i;
	return -1;
}

static const char *
lc_attr_name(const OrmClass *cls, int a)
{
	if (a < cls->nattrs)
		return cls->attrs[a]->attr ? cls->attrs[a]->attr : cls->attrs[a]->name;
	return cls->xattrs[a - cls->nattrs]->name;
}

static int
lc_opt_err(OrmCtx *ctx, const SxLoadOpt *o, OrmErrCode code, const char *msg)
{
	if (o && o->line > 0)
		return orm_err_at(ctx->err, code, o->line, o->col, "%s", msg);
	return orm_err(ctx->err, code, "%s", msg);
}

/* Rule 2 for one named attribute. */
static int
lc_set(OrmCtx *ctx, const OrmClass *cls, LcAttr *at, int a, LcSet set, const SxLoadOpt *o)
{
	LcAttr	   *x = &at[a];

	if (x->set != LC_NONE && (x->set == LC_DEFER) != (set == LC_DEFER))
		return lc_opt_err(ctx, o, ORM_ERR_QUERY,
						  orm_sprintf(ctx->arena, "loader strategies for %s.%s conflict: it is "
									  "both loaded and deferred", cls->name, lc_attr_name(cls, a)));
	if (x->set == LC_EXPR && set != LC_EXPR)
		return 0;				/* with_expression() gives the expression */
	x->set = set;
	x->by = o;
	if (set == LC_EXPR)
		x->expr = o->with_expr;
	return 0;
}

static bool
lc_always(const OrmClass *cls, const OrmColumn *col)
{
	return col->primary_key || (cls->polymorphic_on && cls->polymorphic_on == col);
}

/* The mapping's own choice (rule 5) for attribute a. */
static bool
lc_default(const OrmClass *cls, int a)
{
	if (a < cls->nattrs)
		return !cls->attrs[a]->deferred;
	{
		const OrmXattr *p = cls->xattrs[a - cls->nattrs];

		return p->kind == ORM_XA_QUERY_EXPR ? p->expr != NULL : !p->deferred;
	}
}

/* The mapping's deferral group of attribute a, when the mapping defers it. */
static const char *
lc_group(const OrmClass *cls, int a)
{
	if (a < cls->nattrs)
		return cls->attrs[a]->deferred ? cls->attrs[a]->deferred_group : NULL;
	return cls->xattrs[a - cls->nattrs]->deferred ? cls->xattrs[a - cls->nattrs]->deferred_group : NULL;
}

int
orm_load_cols_decide(OrmCtx *ctx, const SxSelect *sel, const SxFrom *root_from,
					 OrmRelationship *const *path, int depth, OrmLoadNode *node)
{
	const OrmClass *cls = node->cls;
	int			nall = cls->nattrs + cls->nxattrs,
				wild = LC_NONE,
				n = 0;
	LcAttr	   *at = ORM_NEWN(ctx->arena, LcAttr, nall + 1);
	OrmPtrVec	groups = {0};
	bool		any = false;

	for (int i = 0; i < sel->options.n; i++)
	{
		const SxLoadOpt *o = sel->options.items[i];

		if (!lc_applies(o, root_from, path, depth, cls))
			continue;
		any = true;
		switch (o->colopt)
		{
			case SXCO_LOAD_ONLY:
			case SXCO_DEFER:
			case SXCO_UNDEFER:
			case SXCO_WITH_EXPR:
				{
					LcSet		set = o->colopt == SXCO_DEFER ? LC_DEFER :
						o->colopt == SXCO_WITH_EXPR ? LC_EXPR : LC_LOAD;

					if (o->col_wildcard)
						wild = o->colopt == SXCO_DEFER ? LC_DEFER : LC_LOAD;
					if (o->colopt == SXCO_LOAD_ONLY)
						wild = LC_DEFER;
					for (int k = 0; k < o->ncols; k++)
					{
						int			a = lc_attr_index(cls, o->cols[k]);

						if (a < 0)
							return lc_opt_err(ctx, o, ORM_ERR_NAME,
											  orm_sprintf(ctx->arena, "%s has no column attribute \"%s\"",
														  cls->name, o->cols[k]));
						if (lc_set(ctx, cls, at, a, set, o) < 0)
							return -1;
					}
					break;
				}
			case SXCO_UNDEFER_GROUP:
				orm_vec_push(ctx->arena, &groups, (void *) o->group);
				break;
			case SXCO_NONE:
				break;
		}
	}
	if (!any && cls->nxattrs == 0)
	{
		bool		deferred = false;

		for (int a = 0; a < cls->nattrs && !deferred; a++)
			deferred = cls->attrs[a]->deferred;
		if (!deferred)
		{
			/* every column, nothing else: the compiler's default */
			node->load = NULL;
			node->nload = cls->nattrs;
			return 0;
		}
	}
	node->load = ORM_NEWN(ctx->arena, OrmLoadCol, nall + 1);
	/* mapper order: expression attributes, then columns */
	for (int k = 0; k < nall; k++)
	{
		int			a = k < cls->nxattrs ? cls->nattrs + k : k - cls->nxattrs;
		const OrmColumn *col = a < cls->nattrs ? cls->attrs[a] : NULL;
		const OrmXattr *p = col ? NULL : cls->xattrs[a - cls->nattrs];
		const char *g = lc_group(cls, a);
		bool		load;
		OrmLoadCol *lc;

		if (col && lc_always(cls, col))
			load = true;
		else if (at[a].set != LC_NONE)
			load = at[a].set != LC_DEFER;
		else
		{
			bool		grouped = false;

			for (int i = 0; g && i < groups.n && !grouped; i++)
				grouped = strcmp(groups.items[i], g) == 0;
			if (grouped)
				load = true;
			else if (wild != LC_NONE)
				load = wild == LC_LOAD;
			else
				load = lc_default(cls, a);
		}
		if (!load)
			continue;
		lc = &node->load[n++];
		lc->attr = a;
		if (at[a].set == LC_EXPR)
		{
			/* with_expression(): its expression, for a column attribute too */
			lc->expr = lc->given = at[a].expr;
			lc->type = lc->expr && lc->expr->type && lc->expr->type->kind != ORM_T_UNKNOWN ?
				lc->expr->type : col ? &col->type : p->type.kind != ORM_T_UNKNOWN ? &p->type : NULL;
		}
		else if (col)
		{
			lc->col = (OrmColumn *) col;
			lc->type = &col->type;
		}
		else
		{
			lc->xattr = p;
			lc->type = p->type.kind != ORM_T_UNKNOWN ? &p->type : NULL;
		}
	}
	node->nload = n;
	return 0;
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
				if (rel->order_by[j].col->table == k->cls->table)
					lc_need(ctx, needs, k->cls, rel->order_by[j].col);
		}
		lc_collect_needs(ctx, k, needs, depth + 1);
	}
}

static int
lc_col_attr(const OrmClass *cls, const OrmColumn *col)
{
	for (int i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i] == col)
			return i;
	return -1;
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
				int			a = lc_col_attr(node->cls, col);
				bool		have = false;

				for (int k = 0; k < node->nload && !have; k++)
					have = node->load[k].col == col && node->load[k].attr == a;
				if (have || a < 0)
					continue;
				/* room: nall + 1 was allocated, hidden columns may pass it */
				{
					OrmLoadCol *nc = ORM_NEWN(ctx->arena, OrmLoadCol, node->nload + 1);

					memcpy(nc, node->load, sizeof(OrmLoadCol) * (size_t) node->nload);
					node->load = nc;
				}
				node->load[node->nload].col = col;
				node->load[node->nload].attr = a;
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
		if (orm_xattr_expr(ctx, lc->xattr, node->cls, node->from, &lc->expr) < 0)
			return -1;
		if (!lc->type && lc->expr->type && lc->expr->type->kind != ORM_T_UNKNOWN)
			lc->type = lc->expr->type;
	}
	return 0;
}
