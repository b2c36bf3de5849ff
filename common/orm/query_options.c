/*
 * query_options.c -- loader options (query_int.h), as SQLAlchemy's
 * strategy_options: selectinload(A.b).joinedload(B.c), contains_eager(...,
 * alias=), the "*" wildcard, Load(Entity), the column loading options
 * load_only() / defer() / undefer() / undefer_group() / with_expression()
 * (on the root or chained after a relationship step, as column parts of
 * the option at that step), and attaching them to a statement as SxLoadOpt
 * paths for the planner (loader.c, load_cols.c).
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
#include "sql/entity.h"

#include <string.h>

/* ---- an option as written ------------------------------------------------ */

/*
 * A column loading option as written (load_only(), defer(), ...), at step
 * `at` of its option's path (0: on the root entity; load_only(User.name) is
 * one at 0, selectinload(User.books).load_only(Book.title) one at 1).
 */
typedef struct QColPart
{
	int			at;
	SxColOpt	kind;
	OrmClass   *cls;			/* the attributes' class; NULL for a "*" alone */
	SxFrom	   *from;			/* the attributes' FROM (the entity they start at) */
	int			n;
	const char **names;			/* attribute keys */
	bool		wildcard;
	const char *group;
	SxExpr	   *expr;			/* with_expression() */
	bool		raise;			/* load_only() / defer() raiseload=True */
	const PyNode *node;
} QColPart;

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
	int		   *innerjoin;		/* per step, -1: not given */
	int		   *recursion;		/* per step: recursion_depth=, 0 none, -1 unlimited */
	SxFrom	   *root;			/* the FROM of the first step's attribute (User of
								 * User.posts, u of u.posts), or NULL (a string) */
	OrmClass   *root_cls;		/* Load(Entity): its class (root its FROM) */
	const PyNode **step_nodes;	/* where each step was written */
	const PyNode **alias_nodes; /* where its alias= was written, or NULL */
	bool		wildcard;
	OrmLazy		wildcard_strategy;
	const PyNode *node;
	/* selectin_polymorphic(): the classes the objects at the path's end (n 0:
	 * the entities of poly_base) load by a statement of their own */
	OrmPtrVec	poly_selectin;
	OrmClass   *poly_base;
	int			ncolparts;		/* column loading options along the path */
	QColPart  **colparts;
	/* with_loader_criteria(): not a path; its entries go to the statement */
	bool		is_crit;
	OrmPtrVec	crits;			/* SxCrit* */
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
	o->innerjoin = ORM_NEWN(e->a, int, n);
	o->recursion = ORM_NEWN(e->a, int, n);
	o->step_nodes = ORM_NEWN(e->a, const PyNode *, n);
	o->alias_nodes = ORM_NEWN(e->a, const PyNode *, n);
}

/* src's steps into o's arrays from step at on. */
static void
q_opt_copy_steps(QOpt *o, int at, const QOpt *src)
{
	if (src->n == 0)
		return;					/* a Load() or a column option alone: no steps */
	memcpy(o->names + at, src->names, sizeof(char *) * src->n);
	memcpy(o->rels + at, src->rels, sizeof(OrmRelationship *) * src->n);
	memcpy(o->strategies + at, src->strategies, sizeof(OrmLazy) * src->n);
	memcpy(o->aliases + at, src->aliases, sizeof(SxFrom *) * src->n);
	memcpy(o->criteria + at, src->criteria, sizeof(SxExpr *) * src->n);
	memcpy(o->criteria_from + at, src->criteria_from, sizeof(SxFrom *) * src->n);
	memcpy(o->innerjoin + at, src->innerjoin, sizeof(int) * src->n);
	memcpy(o->recursion + at, src->recursion, sizeof(int) * src->n);
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
			 const PyNode **alias_node, int *innerjoin, int *recursion)
{
	const char *fn = q_loader_name(lazy);
	QVal	   *v;
	int			i;

	*alias = NULL;
	*alias_node = NULL;
	*innerjoin = -1;
	*recursion = 0;
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
			/* True: INNER JOIN (nested inside an outer join above it);
			 * "unnested": INNER JOIN unless below an outer join */
			if (q_is_lit_kind(v, JSON_FALSE) || q_is_lit_kind(v, JSON_NULL))
				*innerjoin = 0;
			else if (q_is_lit_kind(v, JSON_TRUE))
				*innerjoin = 1;
			else if (q_str_arg(v) && strcmp(q_str_arg(v), "unnested") == 0)
				*innerjoin = 2;
			else
			{
				Q_FAIL(e, ORM_ERR_QUERY, kn, "innerjoin takes True, False or \"unnested\"");
				return -1;
			}
			continue;
		}
		if ((lazy == ORM_LAZY_SELECTIN || lazy == ORM_LAZY_IMMEDIATE) &&
			strcmp(k, "recursion_depth") == 0)
		{
			/* the same relationship loaded again below, n more levels (-1: all) */
			if (q_is_lit_kind(v, JSON_NULL))
				continue;
			if (!q_is_lit_kind(v, JSON_NUMBER) || !v->json->is_int || v->json->ival < -1 ||
				v->json->ival > 1000000)
			{
				Q_FAIL(e, ORM_ERR_QUERY, kn, "recursion_depth takes an integer, -1 for no limit");
				return -1;
			}
			*recursion = (int) v->json->ival;
			continue;
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
				k,
				innerjoin,
				recursion;

	if (prev && prev->wildcard)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "nothing can follow a \"*\" loader option");
	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() needs a relationship attribute", fn);
	if (n + call->nitems > Q_MAX_OPT_PATH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "a loader option path longer than %d relationships is not supported",
					  Q_MAX_OPT_PATH);
	if (q_opt_kwargs(e, lazy, call, &alias, &alias_node, &innerjoin, &recursion) < 0)
		return NULL;
	if (lazy == ORM_LAZY_RAISE)
	{
		/* raiseload(sql_only=True): lazy="raise_on_sql" (query_lazy.c's message) */
		int			bad = 0;

		if (q_kw_true(e, call, "sql_only", &bad))
			lazy = ORM_LAZY_RAISE_ON_SQL;
		if (bad)
			return NULL;
	}
	o->node = call;
	q_opt_alloc(e, o, n + call->nitems);
	if (prev)
	{
		q_opt_copy_steps(o, 0, prev);
		o->ncolparts = prev->ncolparts;
		o->colparts = prev->colparts;
		o->root = prev->root;
		o->root_cls = prev->root_cls;
	}
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
		o->innerjoin[n] = last ? innerjoin : -1;
		o->recursion[n] = last ? recursion : 0;
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
			if (n == 0 && o->root_cls &&
				((!orm_class_isa(o->root_cls, av->rel->owner) &&
				  !orm_class_isa(av->rel->owner, o->root_cls)) ||
				 (o->root && !q_from_is_plain(o->root) && av->from != o->root)))
				return Q_FAIL(e, ORM_ERR_QUERY, av->node,
							  "ORM mapped attribute \"%s.%s\" does not link mapped class \"%s\"",
							  av->rel->owner->name, av->rel->name, o->root_cls->name);
			if ((av->rel->lazy == ORM_LAZY_DYNAMIC || av->rel->lazy == ORM_LAZY_WRITE_ONLY) &&
				(step == ORM_LAZY_SELECTIN || step == ORM_LAZY_JOINED || step == ORM_LAZY_SUBQUERY ||
				 step == ORM_LAZY_IMMEDIATE || step == ORM_LAZY_CONTAINS_EAGER))
				return Q_FAIL(e, ORM_ERR_QUERY, av->node,
							  "\"%s.%s\" (lazy=\"%s\") does not support object population: "
							  "eager loading cannot be applied",
							  av->rel->owner->name, av->rel->name,
							  av->rel->lazy == ORM_LAZY_DYNAMIC ? "dynamic" : "write_only");
			if (n == 0 && !o->root_cls)
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
		if (!root || (q_from_is_plain(root) ? q_from_is_plain(f) || f->plain_entity : f == root))
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
	lo->innerjoin = ORM_NEWN(e->a, int, o->n + 1);
	lo->recursion = ORM_NEWN(e->a, int, o->n + 1);
	if (o->root_cls)
	{
		/* Load(Entity): string steps and the wildcard resolve against it */
		cls = o->root_cls;
		if (!q_sel_has_entity(s, cls, o->root, &of_class))
			return Q_FAIL(e, ORM_ERR_QUERY, o->node,
						  "Load(%s) does not apply to any entity of the statement", cls->name);
		lo->root_cls = cls;
	}
	for (i = 0; i < o->n; i++)
	{
		OrmRelationship *r = o->rels[i];

		if (!r)
		{
			if (!cls || !(r = orm_class_allrel(cls, o->names[i])))
				return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, o->step_nodes[i] ? o->step_nodes[i] : o->node,
								 o->names[i], cls ? cls->name : NULL,
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
		lo->innerjoin[i] = o->innerjoin ? o->innerjoin[i] : -1;
		lo->recursion[i] = o->recursion ? o->recursion[i] : 0;
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

/*
 * Two options giving one path different strategies (joinedload(A.b) and
 * selectinload(A.b)): SQLAlchemy raises "Loader strategies for ... conflict"
 * rather than pick one; so does this.
 */
static int
q_opt_conflict(QEnv *e, const SxSelect *s, const SxLoadOpt *lo, const PyNode *node)
{
	for (int i = 0; i < s->options.n; i++)
	{
		const SxLoadOpt *o = s->options.items[i];

		if (o->root != lo->root || o->root_cls != lo->root_cls)
			continue;
		for (int d = 0; d < o->npath && d < lo->npath; d++)
		{
			if (o->path[d] != lo->path[d])
				break;
			if (o->strategy[d] != ORM_LAZY_DEFAULT && lo->strategy[d] != ORM_LAZY_DEFAULT &&
				o->strategy[d] != lo->strategy[d])
			{
				q_fail(e, ORM_ERR_QUERY, node,
					   orm_sprintf(e->a, "loader strategies for %s.%s conflict",
								   lo->path[d]->owner->name, lo->path[d]->name));
				return -1;
			}
		}
	}
	return 0;
}

static SxLoadOpt *q_col_finish(QEnv *e, const QOpt *o, const QColPart *p, const SxLoadOpt *lo,
								SxSelect *s);

int
q_attach_opts(QEnv *e, SxSelect *s, QVal *v)
{
	int			i;
	SxLoadOpt  *lo,
			   *co;

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
		const QOpt *o = v->opts[i];

		if (o->is_crit)
		{
			/* with_loader_criteria(): for every FROM of its classes (criteria.h) */
			for (int k = 0; k < o->crits.n; k++)
				orm_vec_push(e->a, &s->crit, o->crits.items[k]);
			continue;
		}
		if (!(lo = q_opt_finish(e, v->opts[i], s)) ||
			q_opt_conflict(e, s, lo, v->opts[i]->node) < 0)
			return -1;
		/* a path of no relationship and no wildcard is column parts only */
		if (lo->npath > 0 || lo->wildcard || lo->poly_selectin.n > 0)
			orm_vec_push(e->a, &s->options, lo);
		for (int k = 0; k < o->ncolparts; k++)
		{
			if (!(co = q_col_finish(e, o, o->colparts[k], lo, s)))
				return -1;
			orm_vec_push(e->a, &s->options, co);
		}
	}
	return 0;
}

/* ---- column loading options ---------------------------------------------- */

/*
 * An attribute argument of a column loading option: a column attribute or
 * an expression attribute (column_property(), query_expression()) of an
 * entity, named without evaluating its expression.  *cls, *from and *name
 * are set; anything else is SQLAlchemy's error for it.
 */
static int
q_col_attr(QEnv *e, const char *fn, const PyNode *n, OrmClass **cls, SxFrom **from,
		   const char **name)
{
	QVal	   *v;

	if (n->kind == PY_ATTR)
	{
		QVal	   *base = q_eval(e, n->a);
		const OrmXattr *p;

		if (!base)
			return -1;
		if (base->kind == QV_ENTITY && base->cls)
		{
			*cls = base->cls;
			*from = base->from;
			*name = n->str;
			if (orm_class_attr(base->cls, n->str))
				return 0;
			if ((p = orm_class_xattr(base->cls, n->str)) != NULL)
			{
				if (p->kind == ORM_XA_EXPR || p->kind == ORM_XA_QUERY_EXPR)
					return 0;
				q_fail(e, ORM_ERR_QUERY, n,
					   orm_sprintf(e->a, "%s() takes column attributes; %s.%s is a hybrid attribute",
								   fn, base->cls->name, n->str));
				return -1;
			}
			if (orm_class_rel(base->cls, n->str))
			{
				q_fail(e, ORM_ERR_QUERY, n,
					   orm_sprintf(e->a, "can't apply \"%s\" to property \"%s.%s\", which is a "
								   "relationship; it applies to column attributes", fn,
								   base->cls->name, n->str));
				return -1;
			}
		}
	}
	if (!(v = q_eval(e, n)))
		return -1;
	if (v->kind == QV_EXPR && v->expr->kind == SX_COLUMN && v->expr->from->cls && v->expr->col->attr)
	{
		*cls = v->expr->from->cls;
		*from = v->expr->from;
		*name = v->expr->col->attr;
		return 0;
	}
	q_fail(e, ORM_ERR_QUERY, n,
		   orm_sprintf(e->a, "%s() takes mapped column attributes (expected ORM mapped attribute "
					   "for loader strategy argument)", fn));
	return -1;
}

/* The attributes of one call onto part (one entity's, as SQLAlchemy requires). */
static int
q_col_attrs(QEnv *e, const char *fn, const PyNode *call, int first, int last, QColPart *part)
{
	part->names = ORM_NEWN(e->a, const char *, last - first + 1);
	for (int i = first; i < last; i++)
	{
		const PyNode *n = call->items[i];
		OrmClass   *cls;
		SxFrom	   *from;
		const char *name;

		if (n->kind == PY_STARRED)
		{
			q_fail(e, ORM_ERR_QUERY, n, orm_sprintf(e->a, "*arguments in %s() are not supported", fn));
			return -1;
		}
		if (q_col_attr(e, fn, n, &cls, &from, &name) < 0)
			return -1;
		if (part->cls && (part->cls != cls || part->from != from))
		{
			q_fail(e, ORM_ERR_QUERY, n,
				   orm_sprintf(e->a, "%s() takes attributes of one entity (%s, then %s)", fn,
							   part->cls->name, cls->name));
			return -1;
		}
		part->cls = cls;
		part->from = from;
		part->names[part->n++] = name;
	}
	return 0;
}

/*
 * load_only(*attrs, raiseload=), defer(attr | "*", raiseload=), undefer(attr
 * | "*"), undefer_group(name), with_expression(attr, expr): a column part
 * added to a copy of prev (NULL: a new option) at its current step.
 * raiseload=True changes nothing in the statement (an attribute not loaded
 * is absent); it is kept for reading the attribute off an object after
 * (query_lazy.c: SQLAlchemy's "not available due to raiseload=True").
 */
QVal *
q_col_opt(QEnv *e, QOpt *prev, const char *fn, const PyNode *call)
{
	QOpt	   *o = ORM_NEW(e->a, QOpt);
	QColPart   *part = ORM_NEW(e->a, QColPart);
	QVal	   *v;
	int			i;

	if (prev)
		*o = *prev;
	o->node = prev ? prev->node : call;
	part->at = o->n;
	part->node = call;
	if (prev && prev->wildcard)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "nothing can follow a \"*\" loader option");
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];

		if (k && strcmp(k, "raiseload") == 0 && strcmp(fn, "load_only") == 0)
			continue;
		if (k && strcmp(k, "raiseload") == 0 && strcmp(fn, "defer") == 0)
			continue;
		return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "%s() got an unexpected keyword argument '%s'",
					  fn, k ? k : "**");
	}
	for (i = 0; i < call->nkw; i++)
	{
		int			bad = 0;

		if (!q_eval(e, call->kwvalues[i]))
			return NULL;
		if (call->kwnames[i] && strcmp(call->kwnames[i], "raiseload") == 0)
		{
			part->raise = q_kw_true(e, call, "raiseload", &bad);
			if (bad)
				return NULL;
		}
	}
	if (strcmp(fn, "undefer_group") == 0)
	{
		QVal	   *g;

		part->kind = SXCO_UNDEFER_GROUP;
		if (call->nitems != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "undefer_group() takes one group name");
		if (!(g = q_eval(e, call->items[0])))
			return NULL;
		if (!q_str_arg(g))
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "undefer_group() takes a group name");
		part->group = q_str_arg(g);
	}
	else if (strcmp(fn, "with_expression") == 0)
	{
		QVal	   *x;

		part->kind = SXCO_WITH_EXPR;
		if (call->nitems != 2)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "with_expression() takes an attribute and an expression");
		if (q_col_attrs(e, fn, call, 0, 1, part) < 0)
			return NULL;
		if (!(x = q_eval(e, call->items[1])) || !(part->expr = q_to_expr(e, x, NULL)))
			return NULL;
	}
	else if (strcmp(fn, "load_only") == 0 || strcmp(fn, "defer") == 0 || strcmp(fn, "undefer") == 0)
	{
		part->kind = strcmp(fn, "load_only") == 0 ? SXCO_LOAD_ONLY :
			strcmp(fn, "defer") == 0 ? SXCO_DEFER : SXCO_UNDEFER;
		if (call->nitems == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() needs an attribute", fn);
		if (part->kind != SXCO_LOAD_ONLY && call->nitems > 1)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[1],
						  "%s() takes one attribute (a path of several is SQLAlchemy 1.x's form; "
						  "chain it from a relationship loader instead)", fn);
		if (part->kind != SXCO_LOAD_ONLY && call->items[0]->kind == PY_STR)
		{
			if (call->items[0]->len != 1 || call->items[0]->str[0] != '*')
				return Q_FAIL(e, ORM_ERR_QUERY, call->items[0],
							  "strings are not accepted for attribute names in loader options; use "
							  "class-bound attributes (or \"*\")");
			part->wildcard = true;
			part->names = ORM_NEWN(e->a, const char *, 1);
			part->cls = o->n == 0 ? o->root_cls : NULL;
			part->from = o->n == 0 && o->root_cls ? o->root : NULL;
		}
		else if (q_col_attrs(e, fn, call, 0, call->nitems, part) < 0)
			return NULL;
	}
	else
		return Q_FAIL(e, ORM_ERR_NAME, call, "unknown column loading option \"%s\"", fn);
	if (!part->cls && o->n == 0 && o->root_cls)
	{
		part->cls = o->root_cls;
		part->from = o->root;
	}
	if (o->n == 0 && o->root_cls && part->cls && part->cls != o->root_cls &&
		!orm_class_isa(o->root_cls, part->cls) && !orm_class_isa(part->cls, o->root_cls))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "ORM mapped attribute \"%s.%s\" does not link mapped class \"%s\"",
					  part->cls->name, part->n ? part->names[0] : "*", o->root_cls->name);
	o->colparts = ORM_NEWN(e->a, QColPart *, o->ncolparts + 1);
	if (prev && prev->ncolparts)
		memcpy(o->colparts, prev->colparts, sizeof(QColPart *) * (size_t) prev->ncolparts);
	o->colparts[o->ncolparts++] = part;
	v = q_new(e, QV_OPT, call);
	v->n = 1;
	v->opts = ORM_NEWN(e->a, QOpt *, 1);
	v->opts[0] = o;
	return v;
}

/*
 * Load(User): the start of an option path at one entity of the statement
 * (SQLAlchemy's Load object): Load(User).selectinload(User.addresses),
 * Load(Order).raiseload("*") -- a wildcard for that entity's
 * relationships only.
 */
QVal *
qb_load(QEnv *e, const PyNode *call)
{
	QOpt	   *o = ORM_NEW(e->a, QOpt);
	QVal	   *ev,
			   *v;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "Load() takes one entity");
	if (!(ev = q_eval(e, call->items[0])))
		return NULL;
	if (ev->kind != QV_ENTITY || !ev->cls)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "Load() takes a mapped class or aliased() entity");
	o->node = call;
	q_opt_alloc(e, o, 1);
	o->root = ev->from;
	o->root_cls = ev->cls;
	v = q_new(e, QV_OPT, call);
	v->n = 1;
	v->opts = ORM_NEWN(e->a, QOpt *, 1);
	v->opts[0] = o;
	return v;
}

/* Does entity FROM f load class cls as one of its with_polymorphic classes? */
static bool
q_poly_has(const SxFrom *f, const OrmClass *cls)
{
	for (int i = 0; f && i < f->poly.n; i++)
		if (f->poly.items[i] == cls)
			return true;
	return false;
}

/*
 * The SxLoadOpt of column part p of option o (whose steps are resolved into
 * lo, the option's relationship path): its path is the first p->at steps.
 */
static SxLoadOpt *
q_col_finish(QEnv *e, const QOpt *o, const QColPart *p, const SxLoadOpt *lo, SxSelect *s)
{
	SxLoadOpt  *c = ORM_NEW(e->a, SxLoadOpt);
	bool		of_class;

	c->npath = p->at;
	c->path = lo->path;
	c->strategy = ORM_NEWN(e->a, OrmLazy, p->at + 1);
	for (int i = 0; i < p->at; i++)
		c->strategy[i] = ORM_LAZY_DEFAULT;
	c->line = p->node ? p->node->line : 0;
	c->col = p->node ? p->node->col : 0;
	c->colopt = p->kind;
	c->col_cls = p->cls;
	c->ncols = p->n;
	c->cols = p->names;
	c->col_wildcard = p->wildcard;
	c->group = p->group;
	c->with_expr = p->expr;
	c->col_raise = p->raise;
	if (p->at > 0)
	{
		OrmClass   *end = lo->path[p->at - 1]->target;

		c->root = lo->root;
		const SxFrom *of = lo->alias ? lo->alias[p->at - 1] : NULL;

		/* the target's attributes and its superclasses'; a subclass's through
		 * of_type() (SQLAlchemy's "does not link" otherwise), or a
		 * single-table one */
		if (p->cls && p->cls != end && !orm_class_isa(end, p->cls) &&
			!q_is_single_kind(p->cls, end) &&
			!(of && of->cls && orm_class_isa(of->cls, p->cls)))
			return Q_FAIL(e, ORM_ERR_QUERY, p->node,
						  "ORM mapped entity or attribute \"%s.%s\" does not link from relationship \"%s.%s\"",
						  p->cls->name, p->n ? p->names[0] : "*", lo->path[p->at - 1]->owner->name,
						  lo->path[p->at - 1]->name);
		return c;
	}
	/* on a root entity: the one its attributes are of (an alias by identity) */
	{
		SxFrom	   *f = o->root_cls ? o->root : p->from;

		c->root = f && !q_from_is_plain(f) ? f : NULL;
		if (p->cls && !q_sel_has_entity(s, p->cls, f, &of_class))
		{
			bool		found = false;

			/* an entity of a subclass takes its superclass's attributes' options */
			for (int i = 0; i < s->items.n && !found; i++)
			{
				const SxItem *it = s->items.items[i];

				/* a joined subclass's entity takes its superclasses' attributes,
				 * a base class's its subclasses' (for the rows of those classes,
				 * as SQLAlchemy's polymorphic loads apply them) */
				found = it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls &&
					(orm_class_isa(it->expr->from->cls, p->cls) ||
					 orm_class_isa(p->cls, it->expr->from->cls) ||
					 q_poly_has(it->expr->from, p->cls)) &&
					(!c->root || it->expr->from == c->root);
			}
			if (!found)
				return Q_FAIL(e, ORM_ERR_QUERY, p->node,
							  "mapped class %s does not apply to any of the root entities in this "
							  "query; give the full path from a root entity to the attribute%s",
							  p->cls->name, of_class ?
							  " (an aliased() entity takes its own attributes, alias.attr)" : "");
		}
	}
	return c;
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

	for (i = 0; i < recv->n; i++)
		if (recv->opts[i]->is_crit)
			return Q_FAIL(e, ORM_ERR_UNKNOWN_FUNC, call,
						  "'LoaderCriteriaOption' object has no attribute '%s'", m);
	if (q_loader_lazy(m, &lazy) == 0)
	{
		if (recv->n != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "cannot chain after options()");
		return q_opt_step(e, recv->opts[0], lazy, call);
	}
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
	if (strcmp(m, "load_only") == 0 || strcmp(m, "defer") == 0 || strcmp(m, "undefer") == 0 ||
		strcmp(m, "undefer_group") == 0 || strcmp(m, "with_expression") == 0)
	{
		if (recv->n != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "cannot chain after options()");
		return q_col_opt(e, recv->opts[0], m, call);
	}
	if (strcmp(m, "options") == 0 && recv->n == 1)
	{
		/* joinedload(A.b).options(selectinload(B.c), ...), options(*subs) */
		OrmPtrVec	all = {0},
					subs = {0};

		for (i = 0; i < call->nitems; i++)
		{
			const PyNode *an = call->items[i];
			bool		star = an->kind == PY_STARRED;

			if (!(sub = q_eval(e, star ? an->a : an)))
				return NULL;
			if (!star)
				orm_vec_push(e->a, &subs, sub);
			else if (sub->kind != QV_LIST)
				return Q_FAIL(e, ORM_ERR_QUERY, an, "options() argument after * must be a "
							  "list or tuple of loader options");
			else
				for (int j = 0; j < sub->n; j++)
					orm_vec_push(e->a, &subs, sub->items[j]);
		}
		for (i = 0; i < subs.n; i++)
		{
			sub = subs.items[i];
			if (sub->kind != QV_OPT)
				return Q_FAIL(e, ORM_ERR_QUERY, sub->node, "options() takes loader options");
			for (int k = 0; k < sub->n; k++)
			{
				QOpt	   *p = recv->opts[0],
						   *s = sub->opts[k],
						   *o = ORM_NEW(e->a, QOpt);

				if (s->is_crit)
					return Q_FAIL(e, ORM_ERR_QUERY, sub->node,
								  "with_loader_criteria() is not compatible with the Load.options() "
								  "method; give it to the statement's options()");
				if (p->wildcard)
					return Q_FAIL(e, ORM_ERR_QUERY, call,
								  "nothing can follow a \"*\" loader option");
				if (p->n + s->n > Q_MAX_OPT_PATH)
					return Q_FAIL(e, ORM_ERR_UNSUPPORTED, sub->node,
								  "a loader option path longer than %d relationships is not supported",
								  Q_MAX_OPT_PATH);
				if (s->root_cls)
					return Q_FAIL(e, ORM_ERR_QUERY, sub->node,
								  "options() of a loader option takes relative options, not Load()");
				*o = *s;
				q_opt_alloc(e, o, p->n + s->n);
				q_opt_copy_steps(o, 0, p);
				q_opt_copy_steps(o, p->n, s);
				o->n = p->n + s->n;
				o->root = p->root;
				o->root_cls = p->root_cls;
				/* the sub-option's column parts, after p's steps */
				o->colparts = ORM_NEWN(e->a, QColPart *, s->ncolparts + 1);
				for (int c = 0; c < s->ncolparts; c++)
				{
					QColPart   *cp = ORM_NEW(e->a, QColPart);

					*cp = *s->colparts[c];
					cp->at += p->n;
					o->colparts[c] = cp;
				}
				orm_vec_push(e->a, &all, o);
			}
		}
		orm_vec_push(e->a, &all, recv->opts[0]);
		v = q_new(e, QV_OPT, call);
		v->n = all.n;
		v->opts = (QOpt **) all.items;
		return v;
	}
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown loader option method \"%s\"", m);
}

/* ---- with_loader_criteria() ---------------------------------------------- */

/*
 * with_loader_criteria(entity_or_base, where_criteria, loader_only=False,
 * include_aliases=False, propagate_to_loaders=True,
 * track_closure_variables=True): criteria added to every load of a mapped
 * class, as SQLAlchemy's LoaderCriteriaOption.  The entity is a mapped
 * class (its subclasses take the criteria too, with include_aliases), an
 * aliased() entity (that entity only), or an unmapped mixin / declarative
 * base of mapped classes (the classes deriving from it and their
 * subclasses; with include_aliases only, as SQLAlchemy matches entities).
 * The criteria are an expression over the entity, or a lambda called with
 * each class (lambda cls: cls.tenant_id == 5): its body is evaluated here
 * for each class, with its parameter bound to the class's entity.  A
 * failure for the option's own entity (for a mixin, a class deriving from
 * it directly: the mixin's attributes are its) is raised here, as SQLAlchemy
 * calls the lambda with the entity when the option is made; one for a
 * subclass is kept and raised only where the criteria apply to that class
 * (SQLAlchemy calls the lambda again when it compiles such a statement).  The entries (SxCrit, one per class) go to the statement when
 * options() attaches the option; sql/criteria.c says where they apply.
 */

static const char *const q_wlc_params[] = {
	"entity_or_base", "where_criteria", "loader_only", "include_aliases",
	"propagate_to_loaders", "track_closure_variables"
};

#define Q_WLC_NPARAMS ((int) (sizeof(q_wlc_params) / sizeof(q_wlc_params[0])))

/* Python's "'a', 'b' and 'c'" list of the missing names (n of them). */
static const char *
q_wlc_names(QEnv *e, const char *const *names, int n)
{
	OrmBuf		b;

	orm_buf_init(&b, e->a);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			orm_buf_puts(&b, i == n - 1 ? (n > 2 ? ", and " : " and ") : ", ");
		orm_buf_printf(&b, "'%s'", names[i]);
	}
	return orm_buf_cstr(&b);
}

/* The mapped classes reached from unmapped class `name` (cls->pybases), then theirs. */
static void
q_wlc_mixin_classes(QEnv *e, const char *name, OrmPtrVec *out)
{
	const OrmRegistry *reg = e->ctx->reg;

	for (int i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *k = reg->classes.items[i];

		for (int j = 0; j < k->pybases.n; j++)
			if (strcmp(k->pybases.items[j], name) == 0)
			{
				orm_vec_push(e->a, out, k);
				break;
			}
	}
}

/* Adds cls and its subclasses (mapper.self_and_descendants) to out, once each. */
static void
q_wlc_descendants(QEnv *e, OrmPtrVec *out, int from)
{
	for (int q = from; q < out->n; q++)
	{
		OrmClass   *k = out->items[q];

		for (int i = 0; i < k->subclasses.n; i++)
		{
			bool		seen = false;

			for (int j = 0; j < out->n && !seen; j++)
				seen = out->items[j] == k->subclasses.items[i];
			if (!seen)
				orm_vec_push(e->a, out, k->subclasses.items[i]);
		}
	}
}

/*
 * Do x's columns (outside subqueries) all read from FROM `from` (or a table
 * of it, for an un-aliased one)?  Else the criteria name another entity,
 * which SQLAlchemy would add to the statement's FROM list: refused.
 */
static const SxExpr *
q_wlc_foreign(const SxExpr *x, const SxFrom *from, int depth, int64_t *budget)
{
	const SxExpr *r;

	/* an expression shared through variables is a tree far larger than its
	 * nodes: past Q_MAX_WALK visits the compiler's check pass refuses it */
	if (!x || depth > Q_MAX_DEPTH || --*budget < 0)
		return NULL;
	if (x->kind == SX_COLUMN || x->kind == SX_FROMCOL || x->kind == SX_ENTITY)
	{
		const SxFrom *g = x->from;

		if (g == from || sx_from_canon((SxFrom *) g) == from)
			return NULL;
		if (x->kind == SX_COLUMN && q_from_is_plain(from) && q_from_is_plain(g) &&
			sx_from_holds(from, x->col->table))
			return NULL;
		return x;
	}
	if (x->kind == SX_SCALAR_SUBQ || x->kind == SX_EXISTS)
		return NULL;
	if ((r = q_wlc_foreign(x->left, from, depth + 1, budget)) ||
		(r = q_wlc_foreign(x->right, from, depth + 1, budget)) ||
		(r = q_wlc_foreign(x->third, from, depth + 1, budget)) ||
		(r = q_wlc_foreign(x->filter, from, depth + 1, budget)))
		return r;
	for (int i = 0; i < x->nargs; i++)
		if ((r = q_wlc_foreign(x->args[i], from, depth + 1, budget)))
			return r;
	for (int i = 0; i < x->npartition; i++)
		if ((r = q_wlc_foreign(x->partition_by[i], from, depth + 1, budget)))
			return r;
	for (int i = 0; i < x->nover_order; i++)
		if ((r = q_wlc_foreign(x->over_order[i], from, depth + 1, budget)))
			return r;
	return NULL;
}

/* The criteria as an expression for FROM `from` of class k (what names it). */
static SxExpr *
q_wlc_criterion(QEnv *e, QVal *v, const SxFrom *from, const OrmClass *k, const PyNode *node)
{
	SxExpr	   *x = q_to_criterion(e, v, "WHERE/HAVING");
	const SxExpr *f;
	int64_t		budget = Q_MAX_WALK;

	if (!x)
		return NULL;

	if ((f = q_wlc_foreign(x, from, 0, &budget)) != NULL)
	{
		const SxFrom *g = f->from;
		const char *what = g->cls ? g->cls->name : g->table ? g->table->name : "a subquery";

		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
					  "with_loader_criteria() for %s: the criteria name %s, which is not that "
					  "entity (SQLAlchemy adds it to the statement's FROM list, a cartesian "
					  "product); use a subquery (%s.x.in_(select(...)), has(), any())",
					  k->name, what, k->name);
	}
	return x;
}

/*
 * lambda cls: body, called for class k with its entity (FROM from): the
 * body evaluated with the parameter bound to it (further parameters to
 * their defaults), as Python calls it with one argument.
 */
static SxExpr *
q_wlc_lambda(QEnv *e, const PyNode *lam, OrmClass *k, SxFrom *from)
{
	int			np = lam->nkw,
				nreq = 0;
	const char *missing[64];
	QVal	  **saved,
			   *v;
	SxExpr	   *x;

	for (int i = 0; i < np; i++)
		if (lam->kwnames[i][0] == '*')
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, lam,
						  "a with_loader_criteria() lambda with *args or **kwargs is not supported");
	if (np == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, lam,
					  "<lambda>() takes 0 positional arguments but 1 was given");
	for (int i = 1; i < np; i++)
		if (!lam->kwvalues[i] && nreq < 64)
			missing[nreq++] = lam->kwnames[i];
	if (nreq > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, lam,
					  "<lambda>() missing %d required positional argument%s: %s", nreq,
					  nreq > 1 ? "s" : "", q_wlc_names(e, missing, nreq));
	saved = ORM_NEWN(e->a, QVal *, np);
	for (int i = 0; i < np; i++)
	{
		QVal	   *pv = i == 0 ? q_entity(e, from, lam) : q_eval(e, lam->kwvalues[i]);

		if (!pv)
		{
			for (int j = 0; j < i; j++)
				q_var_set(e, lam->kwnames[j], saved[j]);
			return NULL;
		}
		saved[i] = q_var(e, lam->kwnames[i]);
		q_var_set(e, lam->kwnames[i], pv);
	}
	v = q_eval(e, lam->a);
	x = v ? q_wlc_criterion(e, v, from, k, lam->a) : NULL;
	for (int i = np - 1; i >= 0; i--)
		q_var_set(e, lam->kwnames[i], saved[i]);
	return x;
}

/* A flag argument: Python's truth of a literal (SQLAlchemy tests it so). */
static int
q_wlc_flag(QEnv *e, const PyNode *n, const char *name, bool *out)
{
	QVal	   *v = q_eval(e, n);

	if (!v)
		return -1;
	if (v->kind != QV_LIT)
	{
		Q_FAIL(e, ORM_ERR_QUERY, n, "with_loader_criteria(): %s takes True or False", name);
		return -1;
	}
	switch (v->json->kind)
	{
		case JSON_NULL:
		case JSON_FALSE:
			*out = false;
			break;
		case JSON_NUMBER:
			*out = v->json->is_int ? v->json->ival != 0 : v->json->dval != 0;
			break;
		case JSON_STRING:
			*out = v->json->len > 0;
			break;
		default:
			*out = true;
	}
	return 0;
}

QVal *
q_with_loader_criteria(QEnv *e, const PyNode *call)
{
	const PyNode *args[Q_WLC_NPARAMS] = {0};
	const char *missing[2];
	int			nmissing = 0;
	bool		include_aliases = false,
				propagate = true,
				flag;
	const PyNode *en,
			   *cn;
	const char *mixin = NULL;
	QVal	   *ev = NULL,
			   *v;
	OrmPtrVec	classes = {0};
	OrmClass   *ecls = NULL;
	SxFrom	   *efrom = NULL;
	SxExpr	   *shared = NULL;
	QOpt	   *o;
	int			ndirect;

	/* the arguments as Python binds them to the signature */
	if (call->nitems > Q_WLC_NPARAMS)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[Q_WLC_NPARAMS],
					  "with_loader_criteria() takes from 2 to %d positional arguments but %d were given",
					  Q_WLC_NPARAMS, call->nitems);
	for (int i = 0; i < call->nitems; i++)
	{
		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i],
						  "*arguments in with_loader_criteria() are not supported");
		args[i] = call->items[i];
	}
	for (int i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];
		int			p;

		if (!k)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "** arguments in with_loader_criteria() are not supported");
		for (p = 0; p < Q_WLC_NPARAMS && strcmp(q_wlc_params[p], k) != 0; p++)
			;
		if (p == Q_WLC_NPARAMS)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "with_loader_criteria() got an unexpected keyword argument '%s'", k);
		if (args[p])
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "with_loader_criteria() got multiple values for argument '%s'", k);
		args[p] = call->kwvalues[i];
	}
	for (int i = 0; i < 2; i++)
		if (!args[i])
			missing[nmissing++] = q_wlc_params[i];
	if (nmissing > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "with_loader_criteria() missing %d required positional argument%s: %s",
					  nmissing, nmissing > 1 ? "s" : "", q_wlc_names(e, missing, nmissing));
	en = args[0];
	cn = args[1];
	for (int i = 2; i < Q_WLC_NPARAMS; i++)
	{
		if (!args[i])
			continue;
		if (q_wlc_flag(e, args[i], q_wlc_params[i], &flag) < 0)
			return NULL;
		if (i == 3)
			include_aliases = flag;
		else if (i == 4)
			propagate = flag;
	}

	/* the entity: a mapped class, an aliased() one, or an unmapped base of some */
	if (en->kind == PY_NAME && !q_var(e, en->str) && !orm_reg_class(e->ctx->reg, en->str))
	{
		q_wlc_mixin_classes(e, en->str, &classes);
		if (classes.n > 0)
			mixin = en->str;
	}
	if (!mixin)
	{
		if (!(ev = q_eval(e, en)))
			return NULL;
		if (ev->kind != QV_ENTITY || !ev->cls || !ev->from)
			return Q_FAIL(e, ORM_ERR_QUERY, en,
						  "with_loader_criteria() takes a mapped class, an aliased() entity or a "
						  "mixin or base class of mapped classes first");
		ecls = ev->cls;
		efrom = ev->from;
		orm_vec_push(e->a, &classes, ecls);
	}
	ndirect = classes.n;
	q_wlc_descendants(e, &classes, 0);

	/* the criteria: one expression for every class, or the lambda's per class */
	if (cn->kind != PY_LAMBDA)
	{
		if (!(v = q_eval(e, cn)) || !(shared = q_wlc_criterion(e, v, efrom, ecls, cn)))
			return NULL;
	}
	o = ORM_NEW(e->a, QOpt);
	o->node = call;
	o->is_crit = true;
	for (int i = 0; i < classes.n; i++)
	{
		OrmClass   *k = classes.items[i];
		SxCrit	   *c = ORM_NEW(e->a, SxCrit);

		c->cls = k;
		c->exact = !mixin && k == ecls;
		c->entity = c->exact && !q_from_is_plain(efrom) ? efrom : NULL;
		if (c->exact && q_from_is_plain(efrom) && efrom->wp)
			c->entity = efrom;
		c->include_aliases = include_aliases;
		c->propagate = propagate;
		c->line = call->line;
		c->col = call->col;
		if (shared)
		{
			c->from = efrom;
			c->expr = shared;
		}
		else
		{
			c->from = c->entity ? c->entity : q_class_from(e, k->table, k);
			if (!(c->expr = q_wlc_lambda(e, cn, k, c->from)))
			{
				/* SQLAlchemy calls the lambda with the option's entity (a
				 * mixin: the mixin, whose attributes its classes have) when
				 * the option is made: an error there is raised now */
				if (i < ndirect)
					return NULL;
				/* a subclass's: kept, raised where the criteria apply to it */
				c->error = orm_strdup(e->a, e->ctx->err->message);
				c->error_code = (int) e->ctx->err->code;
				c->line = e->ctx->err->line ? e->ctx->err->line : call->line;
				c->col = e->ctx->err->line ? e->ctx->err->col : call->col;
				orm_err_clear(e->ctx->err);
			}
		}
		orm_vec_push(e->a, &o->crits, c);
	}
	v = q_new(e, QV_OPT, call);
	v->n = 1;
	v->opts = ORM_NEWN(e->a, QOpt *, 1);
	v->opts[0] = o;
	return v;
}

/*
 * update() / delete() .options(...): with_loader_criteria() adds its
 * criteria for the statement's target (and its subqueries), as
 * SQLAlchemy's ORM-enabled update and delete do; a loader option loads
 * nothing there and is ignored, as there.
 */
int
q_attach_dml_opts(QEnv *e, SxDml *d, QVal *v)
{
	if (v->kind == QV_LIST)
	{
		for (int i = 0; i < v->n; i++)
			if (q_attach_dml_opts(e, d, v->items[i]) < 0)
				return -1;
		return 0;
	}
	if (v->kind != QV_OPT)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "options() takes loader options");
		return -1;
	}
	for (int i = 0; i < v->n; i++)
	{
		const QOpt *o = v->opts[i];

		if (!o->is_crit)
			continue;			/* nothing to load: SQLAlchemy ignores it too */
		for (int k = 0; k < o->crits.n; k++)
			orm_vec_push(e->a, &d->crit, o->crits.items[k]);
	}
	return 0;
}
