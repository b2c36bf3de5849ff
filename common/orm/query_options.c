/*
 * query_options.c -- loader options (query_int.h), as SQLAlchemy's
 * strategy_options: selectinload(A.b).joinedload(B.c), contains_eager(...,
 * alias=), the "*" wildcard, load_only() / defer() / undefer(), and
 * attaching them to a statement as SxLoadOpt paths for the planner
 * (loader.c).
 *
 * An option is kept as written (QOpt, private to this file) until
 * options() attaches it: string steps resolve against the statement's first
 * entity, and a path must start at an entity of the statement, as
 * SQLAlchemy checks it.
 *
 * Assumes: the attributes of a path are evaluated (through q_eval).  Calls
 * query_base.c only.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"

#include <string.h>

/* ---- an option as written ------------------------------------------------ */

/* A loader option as written; strings are resolved when it is attached. */
struct QOpt
{
	int			n;
	const char **names;			/* step given as a string, else NULL */
	OrmRelationship **rels;
	OrmLazy    *strategies;
	SxFrom	  **aliases;		/* of_type() / alias= per step, or NULL */
	SxExpr	  **criteria;		/* .and_() per step, or NULL */
	SxFrom	  **criteria_from;
	SxFrom	   *root;			/* the FROM of the first step's attribute (User of
								 * User.posts, u of u.posts), or NULL (a string) */
	const PyNode **step_nodes;	/* where each step was written */
	const PyNode **alias_nodes; /* where its alias= was written, or NULL */
	bool		wildcard;
	OrmLazy		wildcard_strategy;
	const PyNode *node;
	/* selectin_polymorphic(): the classes the objects at the path's end (n 0:
	 * the entities of poly_base) load by a statement of their own */
	OrmPtrVec	poly_selectin;
	OrmClass   *poly_base;
};

#define Q_MAX_OPT_PATH	64		/* relationships on one loader option path (the
								 * planner's depth limit too) */

/* ---- loader options ------------------------------------------------------ */

static const struct
{
	const char *name;
	OrmLazy		lazy;
}			q_loaders[] = {
	{"selectinload", ORM_LAZY_SELECTIN}, {"joinedload", ORM_LAZY_JOINED},
	{"subqueryload", ORM_LAZY_SUBQUERY}, {"lazyload", ORM_LAZY_SELECT},
	{"contains_eager", ORM_LAZY_CONTAINS_EAGER}, {"raiseload", ORM_LAZY_RAISE},
	{"noload", ORM_LAZY_NOLOAD}, {"defaultload", ORM_LAZY_DEFAULT},
	{"immediateload", ORM_LAZY_IMMEDIATE},
};

int
q_loader_lazy(const char *name, OrmLazy *out)
{
	size_t		i;

	for (i = 0; i < sizeof(q_loaders) / sizeof(q_loaders[0]); i++)
		if (strcmp(q_loaders[i].name, name) == 0)
		{
			*out = q_loaders[i].lazy;
			return 0;
		}
	return -1;
}

/* Appends one step (or the wildcard) to a copy of opt (NULL: a new option). */
/* Room for n steps in o's per-step arrays. */
static void
q_opt_alloc(QEnv *e, QOpt *o, int n)
{
	o->names = ORM_NEWN(e->a, const char *, n);
	o->rels = ORM_NEWN(e->a, OrmRelationship *, n);
	o->strategies = ORM_NEWN(e->a, OrmLazy, n);
	o->aliases = ORM_NEWN(e->a, SxFrom *, n);
	o->criteria = ORM_NEWN(e->a, SxExpr *, n);
	o->criteria_from = ORM_NEWN(e->a, SxFrom *, n);
	o->step_nodes = ORM_NEWN(e->a, const PyNode *, n);
	o->alias_nodes = ORM_NEWN(e->a, const PyNode *, n);
}

/* src's steps into o's arrays from step at on. */
static void
q_opt_copy_steps(QOpt *o, int at, const QOpt *src)
{
	memcpy(o->names + at, src->names, sizeof(char *) * src->n);
	memcpy(o->rels + at, src->rels, sizeof(OrmRelationship *) * src->n);
	memcpy(o->strategies + at, src->strategies, sizeof(OrmLazy) * src->n);
	memcpy(o->aliases + at, src->aliases, sizeof(SxFrom *) * src->n);
	memcpy(o->criteria + at, src->criteria, sizeof(SxExpr *) * src->n);
	memcpy(o->criteria_from + at, src->criteria_from, sizeof(SxFrom *) * src->n);
	memcpy(o->step_nodes + at, src->step_nodes, sizeof(PyNode *) * src->n);
	memcpy(o->alias_nodes + at, src->alias_nodes, sizeof(PyNode *) * src->n);
}

static const char *
q_loader_name(OrmLazy lazy)
{
	size_t		i;

	for (i = 0; i < sizeof(q_loaders) / sizeof(q_loaders[0]); i++)
		if (q_loaders[i].lazy == lazy)
			return q_loaders[i].name;
	return "loader option";
}

/*
 * The keyword arguments SQLAlchemy's loader functions take.  Those that do
 * not change the result are accepted (chunksize: selectin batching;
 * sql_only: raiseload is not loaded either way; innerjoin=False: the
 * default); those that would are refused, never ignored.  alias= (the last
 * key's) is returned in *alias.
 */
static int
q_opt_kwargs(QEnv *e, OrmLazy lazy, const PyNode *call, QVal **alias,
			 const PyNode **alias_node)
{
	const char *fn = q_loader_name(lazy);
	QVal	   *v;
	int			i;

	*alias = NULL;
	*alias_node = NULL;
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];
		const PyNode *kn = call->kwvalues[i];

		if (!k)
		{
			Q_FAIL(e, ORM_ERR_QUERY, kn, "** arguments in %s() are not supported", fn);
			return -1;
		}
		if (!(v = q_eval(e, kn)))
			return -1;
		if (lazy == ORM_LAZY_CONTAINS_EAGER && strcmp(k, "alias") == 0)
		{
			if (!q_is_lit_kind(v, JSON_NULL))
			{
				*alias = v;
				*alias_node = kn;
			}
			continue;
		}
		if (lazy == ORM_LAZY_SELECTIN && strcmp(k, "chunksize") == 0)
			continue;
		if (lazy == ORM_LAZY_RAISE && strcmp(k, "sql_only") == 0)
			continue;
		if (lazy == ORM_LAZY_JOINED && strcmp(k, "innerjoin") == 0)
		{
			if (q_is_lit_kind(v, JSON_FALSE) || q_is_lit_kind(v, JSON_NULL))
				continue;
			Q_FAIL(e, ORM_ERR_UNSUPPORTED, kn, "joinedload(innerjoin=...) is not supported");
			return -1;
		}
		if ((lazy == ORM_LAZY_SELECTIN || lazy == ORM_LAZY_IMMEDIATE) &&
			strcmp(k, "recursion_depth") == 0)
		{
			if (q_is_lit_kind(v, JSON_NULL))
				continue;
			Q_FAIL(e, ORM_ERR_UNSUPPORTED, kn, "%s(recursion_depth=...) is not supported", fn);
			return -1;
		}
		Q_FAIL(e, ORM_ERR_QUERY, kn, "%s() got an unexpected keyword argument '%s'", fn, k);
		return -1;
	}
	return 0;
}

/* Is class k, or a with_polymorphic() class of FROM f, a kind of c? */
static bool
q_opt_holds(const OrmClass *k, const SxFrom *f, const OrmClass *c)
{
	if (orm_class_isa(k, c))
		return true;
	for (int i = 0; f && i < f->poly.n; i++)
		if (orm_class_isa(f->poly.items[i], c))
			return true;
	return f && f->cls && orm_class_isa(f->cls, c);
}

/*
 * Does relationship next follow step prev (of_type() target alias)?  Its
 * class is prev's target or a superclass; a subclass's relationship only
 * through of_type() naming it, as SQLAlchemy checks the path.
 */
static bool
q_opt_links(const OrmRelationship *prev, const SxFrom *alias, const OrmRelationship *next)
{
	return q_opt_holds(prev->target, alias, next->owner);
}

/*
 * Appends the steps of one loader call to a copy of prev (NULL: a new
 * option).  Several keys are one path, as SQLAlchemy's _generate_from_keys
 * builds it: selectinload(A.b, B.c) is defaultload(A.b).selectinload(B.c);
 * contains_eager(A.b, B.c) is contains_eager on both.
 */
QVal *
q_opt_step(QEnv *e, QOpt *prev, OrmLazy lazy, const PyNode *call)
{
	const char *fn = q_loader_name(lazy);
	QOpt	   *o = ORM_NEW(e->a, QOpt);
	QVal	   *av,
			   *alias,
			   *v;
	const PyNode *alias_node;
	int			n = prev ? prev->n : 0,
				k;

	if (prev && prev->wildcard)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "nothing can follow a \"*\" loader option");
	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() needs a relationship attribute", fn);
	if (n + call->nitems > Q_MAX_OPT_PATH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "a loader option path longer than %d relationships is not supported",
					  Q_MAX_OPT_PATH);
	if (q_opt_kwargs(e, lazy, call, &alias, &alias_node) < 0)
		return NULL;
	o->node = call;
	q_opt_alloc(e, o, n + call->nitems);
	if (prev)
		q_opt_copy_steps(o, 0, prev);
	o->n = n;
	for (k = 0; k < call->nitems; k++)
	{
		bool		last = k == call->nitems - 1;
		OrmLazy		step = last || lazy == ORM_LAZY_CONTAINS_EAGER ? lazy : ORM_LAZY_DEFAULT;
		const char *str;

		if (call->items[k]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[k], "*arguments in %s() are not supported", fn);
		if (!(av = q_eval(e, call->items[k])))
			return NULL;
		n = o->n;
		o->step_nodes[n] = av->node;
		str = q_str_arg(av);
		if (str && strcmp(str, "*") == 0)
		{
			if (!last)
				return Q_FAIL(e, ORM_ERR_QUERY, av->node,
							  "wildcard token cannot be followed by another entity");
			o->wildcard = true;
			o->wildcard_strategy = lazy;
		}
		else if (str)
		{
			o->names[n] = str;
			o->strategies[n] = step;
			o->n++;
		}
		else if (av->kind == QV_REL)
		{
			if (n > 0 && o->rels[n - 1] && !q_opt_links(o->rels[n - 1], o->aliases[n - 1], av->rel))
			{
				if (!orm_class_isa(av->rel->owner, o->rels[n - 1]->target))
					return Q_FAIL(e, ORM_ERR_QUERY, av->node,
								  "\"%s\" is not an attribute of %s", av->rel->name,
								  o->rels[n - 1]->target->name);
				return Q_FAIL(e, ORM_ERR_QUERY, av->node,
							  "\"%s.%s\" does not link from %s; use of_type(%s) or "
							  "options(selectin_polymorphic(...), ...)",
							  av->rel->owner->name, av->rel->name, o->rels[n - 1]->target->name,
							  av->rel->owner->name);
			}
			if (n == 0)
				o->root = av->from;
			o->rels[n] = av->rel;
			o->strategies[n] = step;
			o->aliases[n] = av->target;
			o->criteria[n] = av->expr;
			o->criteria_from[n] = av->expr ? av->from_crit : NULL;
			o->n++;
		}
		else
			return Q_FAIL(e, ORM_ERR_QUERY, av->node,
						  "%s() takes relationship attributes", fn);
	}
	if (alias)
	{
		/* contains_eager(Post.tags, alias=t): checked against the
		 * relationship once string steps are resolved (q_opt_finish) */
		if (o->wildcard)
			return Q_FAIL(e, ORM_ERR_QUERY, alias_node, "alias= does not apply to \"*\"");
		if (alias->kind != QV_ENTITY && alias->kind != QV_SUBQ && alias->kind != QV_TABLE)
			return Q_FAIL(e, ORM_ERR_QUERY, alias_node,
						  "alias= takes an aliased() entity or a subquery");
		o->aliases[o->n - 1] = alias->from;
		o->alias_nodes[o->n - 1] = alias_node;
	}
	v = q_new(e, QV_OPT, call);
	v->n = 1;
	v->opts = ORM_NEWN(e->a, QOpt *, 1);
	v->opts[0] = o;
	return v;
}

/* Resolves string steps and turns a QOpt into an SxLoadOpt for statement s. */

/*
 * Is the option's first step an attribute of an entity of s's select list
 * (where a loader option must start)?  As in SQLAlchemy, User.posts applies
 * to the entity User, not to aliased(User) (u.posts does), nor the other way.
 */
static bool
q_sel_has_entity(const SxSelect *s, const OrmClass *cls, const SxFrom *root, bool *of_class)
{
	*of_class = false;
	for (int i = 0; i < s->items.n; i++)
	{
		const SxItem *it = s->items.items[i];
		const SxFrom *f;

		if (!it->expr || it->expr->kind != SX_ENTITY || !it->expr->from->cls ||
			!(orm_class_isa(it->expr->from->cls, cls) || orm_class_isa(cls, it->expr->from->cls)))
			continue;
		f = it->expr->from;
		*of_class = true;
		if (!root || (q_from_is_plain(root) ? q_from_is_plain(f) : f == root))
			return true;
	}
	return false;
}

/*
 * contains_eager(Post.tags, alias=a): the relationship's target is loaded
 * from a's columns, so a must have them: an aliased() of the target class
 * (or of its table), or a subquery holding the target's columns by name, as
 * aliased(Tag, subquery) needs.  Anything else would read another class's
 * columns as the target's: refused.
 */
static int
q_opt_alias_check(QEnv *e, const OrmRelationship *r, SxFrom *a, const PyNode *node)
{
	const OrmClass *t = r->target;
	const char **names;
	const OrmType **types;
	int			n,
				i,
				k;

	if (a->cls && a->cls != t && !q_is_single_kind(a->cls, t) && !q_is_single_kind(t, a->cls))
	{
		Q_FAIL(e, ORM_ERR_QUERY, node,
			   "contains_eager(%s.%s, alias=...): the alias is of %s, not %s",
			   r->owner->name, r->name, a->cls->name, t->name);
		return -1;
	}
	if (a->kind == SXF_TABLE)
	{
		if (a->table != t->table)
		{
			Q_FAIL(e, ORM_ERR_QUERY, node,
				   "contains_eager(%s.%s, alias=...): the alias is of table %s, not %s",
				   r->owner->name, r->name, a->table->name, t->table->name);
			return -1;
		}
		return 0;
	}
	if (orm_class_multi(t))
	{
		Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
			   "contains_eager(%s.%s, alias=subquery) of a joined-table subclass is not supported",
			   r->owner->name, r->name);
		return -1;
	}
	n = q_subq_cols(e, a, &names, &types);
	for (i = 0; i < t->nattrs; i++)
	{
		for (k = 0; k < n; k++)
			if (strcmp(names[k], t->attrs[i]->name) == 0)
				break;
		if (k == n)
		{
			Q_FAIL(e, ORM_ERR_QUERY, node,
				   "contains_eager(%s.%s, alias=...): the subquery has no column \"%s\" of %s",
				   r->owner->name, r->name, t->attrs[i]->name, t->name);
			return -1;
		}
	}
	return 0;
}

static SxLoadOpt *
q_opt_finish(QEnv *e, QOpt *o, SxSelect *s)
{
	SxLoadOpt  *lo = ORM_NEW(e->a, SxLoadOpt);
	OrmClass   *cls = NULL;
	bool		of_class;
	int			i;

	for (i = 0; i < s->items.n && !cls; i++)
	{
		SxItem	   *it = s->items.items[i];

		if (it->expr && it->expr->kind == SX_ENTITY)
			cls = it->expr->from->cls;
	}
	lo->npath = o->n;
	lo->path = ORM_NEWN(e->a, OrmRelationship *, o->n + 1);
	lo->strategy = ORM_NEWN(e->a, OrmLazy, o->n + 1);
	lo->alias = ORM_NEWN(e->a, SxFrom *, o->n + 1);
	lo->criteria = ORM_NEWN(e->a, SxExpr *, o->n + 1);
	lo->criteria_from = ORM_NEWN(e->a, SxFrom *, o->n + 1);
	for (i = 0; i < o->n; i++)
	{
		OrmRelationship *r = o->rels[i];

		if (!r)
		{
			if (!cls || !(r = orm_class_allrel(cls, o->names[i])))
				return Q_FAIL(e, ORM_ERR_NAME, o->step_nodes[i] ? o->step_nodes[i] : o->node,
							  "\"%s\" has no relationship \"%s\"",
							  cls ? cls->name : "statement", o->names[i]);
		}
		else if (i > 0 && !orm_class_isa(cls, r->owner) && !orm_class_isa(r->owner, cls))
			return Q_FAIL(e, ORM_ERR_QUERY, o->step_nodes[i] ? o->step_nodes[i] : o->node,
						  "\"%s\" is not an attribute of %s", r->name, cls->name);
		if (o->aliases[i] && o->alias_nodes[i] &&
			q_opt_alias_check(e, r, o->aliases[i], o->alias_nodes[i]) < 0)
			return NULL;
		lo->path[i] = r;
		lo->strategy[i] = o->strategies[i];
		lo->alias[i] = o->aliases ? o->aliases[i] : NULL;
		lo->criteria[i] = o->criteria ? o->criteria[i] : NULL;
		lo->criteria_from[i] = o->criteria_from ? o->criteria_from[i] : NULL;
		cls = r->target;
	}
	lo->wildcard = o->wildcard;
	lo->wildcard_strategy = o->wildcard_strategy;
	lo->poly_selectin = o->poly_selectin;
	lo->poly_base = o->n > 0 ? NULL : o->poly_base;
	if (o->n == 0 && o->poly_base && !q_sel_has_entity(s, o->poly_base, NULL, &of_class))
		return Q_FAIL(e, ORM_ERR_QUERY, o->node,
					  "selectin_polymorphic(%s, ...) does not apply to any entity of the statement",
					  o->poly_base->name);
	lo->line = o->node ? o->node->line : 0;
	lo->col = o->node ? o->node->col : 0;
	if (lo->npath > 0 && !q_sel_has_entity(s, lo->path[0]->owner, o->root, &of_class))
		return Q_FAIL(e, ORM_ERR_QUERY, o->node,
					  "loader option %s.%s does not apply to any entity of the statement%s",
					  lo->path[0]->owner->name, lo->path[0]->name, of_class ?
					  " (an aliased() entity takes its own attribute, alias.rel)" : "");
	/* the entity it starts at: an alias by identity, the plain class as any
	 * unaliased entity of it (the planner matches roots with this) */
	lo->root = o->root && !q_from_is_plain(o->root) ? o->root : NULL;
	return lo;
}

int
q_attach_opts(QEnv *e, SxSelect *s, QVal *v)
{
	int			i;
	SxLoadOpt  *lo;

	if (v->kind == QV_LIST)
	{
		for (i = 0; i < v->n; i++)
			if (q_attach_opts(e, s, v->items[i]) < 0)
				return -1;
		return 0;
	}
	if (v->kind != QV_OPT)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "options() takes loader options");
		return -1;
	}
	for (i = 0; i < v->n; i++)
	{
		if (!(lo = q_opt_finish(e, v->opts[i], s)))
			return -1;
		orm_vec_push(e->a, &s->options, lo);
	}
	return 0;
}

/* ---- column loading options ---------------------------------------------- */

/*
 * load_only() / defer() / undefer(): column loading options.  Every column
 * attribute is in the result whatever they say (reading a deferred
 * attribute of a SQLAlchemy object loads it), so they are checked and
 * otherwise change nothing: a QV_OPT without paths.
 */
int
q_column_opt_args(QEnv *e, const PyNode *call, const char *what)
{
	QVal	   *v;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return -1;
		if (v->kind != QV_EXPR || v->expr->kind != SX_COLUMN)
		{
			q_fail(e, ORM_ERR_QUERY, v->node,
				   orm_sprintf(e->a, "%s() takes column attributes", what));
			return -1;
		}
	}
	return 0;
}

/* ---- selectin_polymorphic() ---------------------------------------------- */

/*
 * The classes of selectin_polymorphic(base, [classes]) / .selectin_polymorphic(
 * [classes]): subclasses of base, given as mapped classes.
 */
static int
q_poly_classes(QEnv *e, const PyNode *arg, OrmClass *base, OrmPtrVec *out)
{
	QVal	   *v = q_eval(e, arg);

	if (!v)
		return -1;
	if (v->kind == QV_ENTITY)
	{
		QVal	   *l = q_new(e, QV_LIST, arg);

		l->n = 1;
		l->items = ORM_NEWN(e->a, QVal *, 1);
		l->items[0] = v;
		v = l;
	}
	if (v->kind != QV_LIST)
	{
		q_fail(e, ORM_ERR_QUERY, arg, "selectin_polymorphic() takes a list of mapped classes");
		return -1;
	}
	for (int i = 0; i < v->n; i++)
	{
		QVal	   *k = v->items[i];

		if (k->kind != QV_ENTITY || !k->cls || !q_from_is_plain(k->from))
		{
			q_fail(e, ORM_ERR_QUERY, k->node, "selectin_polymorphic() takes mapped classes");
			return -1;
		}
		if (!orm_class_isa(k->cls, base) || k->cls == base)
		{
			Q_FAIL(e, ORM_ERR_QUERY, k->node, "%s is not a subclass of %s", k->cls->name, base->name);
			return -1;
		}
		orm_vec_push(e->a, out, k->cls);
	}
	return 0;
}

/* selectin_polymorphic(Employee, [Manager, Engineer]) */
QVal *
q_selectin_polymorphic(QEnv *e, const PyNode *call)
{
	QVal	   *bv = q_arg(e, call, 0, "selectin_polymorphic"),
			   *v;
	QOpt	   *o;

	if (!bv)
		return NULL;
	if (bv->kind != QV_ENTITY || !bv->cls || !q_from_is_plain(bv->from))
		return Q_FAIL(e, ORM_ERR_QUERY, bv->node, "selectin_polymorphic() takes a mapped class first");
	if (call->nitems != 2 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "selectin_polymorphic() takes a class and a list of subclasses");
	o = ORM_NEW(e->a, QOpt);
	o->node = call;
	q_opt_alloc(e, o, 1);
	o->poly_base = bv->cls;
	if (q_poly_classes(e, call->items[1], bv->cls, &o->poly_selectin) < 0)
		return NULL;
	v = q_new(e, QV_OPT, call);
	v->n = 1;
	v->opts = ORM_NEWN(e->a, QOpt *, 1);
	v->opts[0] = o;
	return v;
}

/* ---- methods on loader options ------------------------------------------- */

QVal *
q_opt_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	OrmLazy		lazy;
	QVal	   *v,
			   *sub;
	int			i;

	if (q_loader_lazy(m, &lazy) == 0)
	{
		if (recv->n != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "cannot chain after options()");
		return q_opt_step(e, recv->opts[0], lazy, call);
	}
	if (strcmp(m, "load_only") == 0 || strcmp(m, "defer") == 0 || strcmp(m, "undefer") == 0)
		return q_column_opt_args(e, call, m) < 0 ? NULL : recv;
	if (strcmp(m, "selectin_polymorphic") == 0 && recv->n == 1)
	{
		/* selectinload(Company.employees).selectin_polymorphic([Manager, Engineer]) */
		QOpt	   *p = recv->opts[0],
				   *o = ORM_NEW(e->a, QOpt);

		if (p->wildcard || p->n == 0 || !p->rels[p->n - 1])
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "selectin_polymorphic() follows a relationship attribute");
		if (call->nitems != 1 || call->nkw > 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "selectin_polymorphic() takes a list of subclasses");
		*o = *p;
		o->node = call;
		o->poly_selectin.n = 0;
		o->poly_selectin.items = NULL;
		o->poly_selectin.cap = 0;
		o->poly_base = p->rels[p->n - 1]->target;
		if (q_poly_classes(e, call->items[0], o->poly_base, &o->poly_selectin) < 0)
			return NULL;
		v = q_new(e, QV_OPT, call);
		v->n = 1;
		v->opts = ORM_NEWN(e->a, QOpt *, 1);
		v->opts[0] = o;
		return v;
	}
	if (strcmp(m, "options") == 0 && recv->n == 1)
	{
		/* joinedload(A.b).options(selectinload(B.c), ...) */
		OrmPtrVec	all = {0};

		for (i = 0; i < call->nitems; i++)
		{
			if (!(sub = q_eval(e, call->items[i])))
				return NULL;
			if (sub->kind != QV_OPT)
				return Q_FAIL(e, ORM_ERR_QUERY, sub->node, "options() takes loader options");
			for (int k = 0; k < sub->n; k++)
			{
				QOpt	   *p = recv->opts[0],
						   *s = sub->opts[k],
						   *o = ORM_NEW(e->a, QOpt);

				if (p->wildcard)
					return Q_FAIL(e, ORM_ERR_QUERY, call,
								  "nothing can follow a \"*\" loader option");
				if (p->n + s->n > Q_MAX_OPT_PATH)
					return Q_FAIL(e, ORM_ERR_UNSUPPORTED, sub->node,
								  "a loader option path longer than %d relationships is not supported",
								  Q_MAX_OPT_PATH);
				*o = *s;
				q_opt_alloc(e, o, p->n + s->n);
				q_opt_copy_steps(o, 0, p);
				q_opt_copy_steps(o, p->n, s);
				o->n = p->n + s->n;
				orm_vec_push(e->a, &all, o);
			}
		}
		orm_vec_push(e->a, &all, recv->opts[0]);
		v = q_new(e, QV_OPT, call);
		v->n = all.n;
		v->opts = (QOpt **) all.items;
		return v;
	}
	return Q_FAIL(e, ORM_ERR_NAME, call, "unknown loader option method \"%s\"", m);
}
