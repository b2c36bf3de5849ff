/*
 * query_mapped.c -- the mapped attributes whose value is declaration text,
 * evaluated for one use: a column_property(), query_expression() or hybrid's
 * expression (q_xattr_value, installed as QEnv.xattr; orm_xattr_expr for the
 * loader), and association proxies (q_proxy_method, q_proxy_compare: their
 * methods and comparisons, as SQLAlchemy's AssociationProxy builds them).
 * Split out of query.c (the evaluator's top), whose q_env_init and
 * q_parse_text it uses to evaluate a declaration's text.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "orm/result.h"
#include "sql/concrete.h"
#include "sql/values.h"

#include <string.h>

/* ---- mapped SQL expressions ---------------------------------------------- */

#define Q_MAX_XATTR_DEPTH	32	/* mapped expressions inside each other */

static const char *
q_xattr_kind_name(const OrmXattr *p)
{
	switch (p->kind)
	{
		case ORM_XA_EXPR:
			return "column_property";
		case ORM_XA_QUERY_EXPR:
			return "query_expression";
		case ORM_XA_HYBRID:
			return "hybrid_property";
		case ORM_XA_HYBRID_METHOD:
			return "hybrid_method";
		case ORM_XA_PROXY:
			return "association_proxy";
	}
	return "attribute";
}

/*
 * An error inside a mapped expression's text: its message, with the place
 * in the declaration it comes from (the text is "(" + the declaration's
 * expression + ")"), at node of the query when there is one.
 */
static void *
q_xattr_fail(QEnv *e, const OrmXattr *p, const PyNode *node)
{
	OrmError   *err = e->ctx->err;
	OrmErrCode	code = err->code ? err->code : ORM_ERR_QUERY;
	const char *msg = orm_strdup(e->a, err->message);
	int			line = err->line,
				col = err->col;
	const char *where = "";

	if (line > 0)
	{
		int			dl = p->expr_line + line - 1,
					dc = line == 1 ? p->expr_col + col - 2 : col;

		where = orm_sprintf(e->a, " (declaration line %d, column %d)", dl, dc > 0 ? dc : 1);
	}
	orm_err_clear(err);
	e->xattr_failed = true;
	if (node && e->xattr_depth == 0)	/* a position in the query, not in another text */
		orm_err_at(err, code, node->line, node->col, "in %s %s.%s%s: %s", q_xattr_kind_name(p),
				   p->owner ? p->owner->name : "?", p->name, where, msg);
	else
		orm_err(err, code, "in %s %s.%s%s: %s", q_xattr_kind_name(p),
				p->owner ? p->owner->name : "?", p->name, where, msg);
	return NULL;
}

/*
 * Installed as e->xattr (q_xattr): mapped attribute p of entity as an
 * expression.  The declaration's text is evaluated in an environment of its
 * own, where the entity's FROM stands for the class (so aliased(User).fullname
 * is the expression over the alias, as SQLAlchemy adapts it), and -- for a
 * column_property() -- a bare name is an attribute of the class, as in the
 * class statement; for a hybrid its parameters are bound: self (cls) to the
 * entity, a hybrid_method's others to args.  Other classes named in the text
 * get FROMs of their own, so a correlated subquery correlates to the entity
 * only (what correlate_except() asks; SQLAlchemy's auto-correlation would
 * also take other FROMs of the enclosing statement).
 */
QVal *
q_xattr_value(QEnv *e, const OrmXattr *p, QVal *entity, QVal **args, int nargs, const PyNode *node)
{
	QEnv		sub;
	PyModule   *m;
	QVal	   *v;
	SxExpr	   *x;

	if (!p->expr)
	{
		if (p->kind == ORM_XA_QUERY_EXPR)
		{
			/* query_expression() without a default: NULL, as SQLAlchemy selects it */
			x = q_sx(e, SX_NULL, p->type.kind != ORM_T_UNKNOWN ? &p->type : NULL);
			x = sx_label(e->a, x, p->name);
			return q_expr_val(e, x, node);
		}
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
					  "%s %s.%s: its function body is not one return statement, so orm cannot "
					  "read its SQL expression (give it an @%s.expression)",
					  q_xattr_kind_name(p), p->owner ? p->owner->name : "?", p->name, p->name);
	}
	if (e->xattr_depth >= Q_MAX_XATTR_DEPTH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
					  "mapped expressions nest deeper than %d (%s.%s)", Q_MAX_XATTR_DEPTH,
					  p->owner ? p->owner->name : "?", p->name);
	if (nargs != p->nparams && p->kind == ORM_XA_HYBRID_METHOD)
		return Q_FAIL(e, ORM_ERR_INTERNAL, node, "hybrid method called with %d arguments", nargs);
	if (p->owner && entity->cls && entity->cls != p->owner && orm_class_isa(entity->cls, p->owner))
	{
		/* an inherited expression, in its declaring class's terms, read
		 * from the subclass's FROM (which holds that class's tables) */
		QVal	   *own = q_new(e, QV_ENTITY, entity->node);

		*own = *entity;
		own->cls = p->owner;
		entity = own;
	}
	q_env_init(&sub, e->ctx, NULL);
	sub.xattr_depth = e->xattr_depth + 1;
	if (entity->from && entity->from->kind == SXF_TABLE && entity->from->table)
	{
		SxFrom	   *f = entity->from;

		/* the entity's FROM stands for its class, the classes it inherits
		 * (their tables are its) and its with_polymorphic classes */
		if (!f->cls)
			q_class_from_set(&sub, f->table, f);
		for (OrmClass *k = f->cls; k; k = k->inherits)
			q_class_from_set(&sub, k, f);
		for (int i = 0; i < f->poly.n; i++)
			for (OrmClass *k = f->poly.items[i]; k && k != f->cls; k = k->inherits)
				q_class_from_set(&sub, k, f);
	}
	else if (entity->from && entity->cls &&
			 (entity->from->kind == SXF_SUBQUERY || entity->from->kind == SXF_CTE))
	{
		/*
		 * aliased(Entity, subquery): the class named in its own expression
		 * (Item.price_band = column_property(case((Item.list_price >= 100,
		 * ...)))) stands for the alias, whose columns are the subquery's, as
		 * SQLAlchemy adapts the expression; a bare name already is.
		 */
		for (OrmClass *k = entity->cls; k; k = k->inherits)
			q_var_set(&sub, k->name, entity);
	}
	if (p->self_name)
	{
		q_var_set(&sub, p->self_name, entity);
		for (int i = 0; i < nargs && i < p->nparams; i++)
			q_var_set(&sub, p->params[i], args[i]);
	}
	else
		sub.body_entity = entity;
	if (!(m = q_parse_text(&sub, p->expr)) || !(v = q_exec_module(&sub, m)) ||
		!(x = q_to_expr(&sub, v, NULL)))
	{
		if (!sub.xattr_failed)
			return q_xattr_fail(e, p, node);
		/* failed inside a mapped expression it names: that one said where;
		 * the query's own position is the outermost use */
		e->xattr_failed = true;
		if (node && e->xattr_depth == 0)
		{
			OrmErrCode	code = e->ctx->err->code;
			const char *msg = orm_strdup(e->a, e->ctx->err->message);

			orm_err_clear(e->ctx->err);
			orm_err_at(e->ctx->err, code, node->line, node->col, "%s", msg);
		}
		return NULL;
	}
	if (p->kind == ORM_XA_HYBRID_METHOD)
		return q_expr_val(e, x, node);
	x = sx_label(e->a, x, p->name);
	if ((!x->type || x->type->kind == ORM_T_UNKNOWN) && p->type.kind != ORM_T_UNKNOWN)
		x->type = &p->type;
	return q_expr_val(e, x, node);
}

/* ---- association proxies ------------------------------------------------- */

/*
 * An association proxy's operation, as SQLAlchemy's AssociationProxyInstance
 * writes it: the relationship's EXISTS (any() for a collection, has() for a
 * scalar) around the operation on the target's attribute -- for an attribute
 * that is a relationship itself, its own any()/has() of the criterion.  Built
 * as query text over the relationship (self.rel.any(Target.attr == _a0)) and
 * evaluated in an environment of its own, as a hybrid_method's body, with
 * self the entity and _a0, _a1 ... the operation's arguments (values of the
 * query, never spliced into the text).
 */
typedef struct QProxy
{
	const OrmXattr *p;
	OrmRelationship *rel;		/* the proxied relationship */
	OrmClass   *target;			/* its target class */
	OrmRelationship *arel;		/* the attribute when it is a relationship, else NULL */
	const char *outer;			/* "any" (a collection) or "has" */
} QProxy;

static int
q_proxy_resolve(QEnv *e, QVal *pv, QProxy *px, const PyNode *node)
{
	const OrmXattr *p = pv->xattr;
	OrmClass   *owner = p->owner ? p->owner : pv->cls;

	px->p = p;
	px->rel = orm_class_rel(owner, p->proxy_rel);
	if (!px->rel || !px->rel->target)
		return Q_FAIL(e, ORM_ERR_QUERY, node, "association_proxy %s.%s: %s has no relationship \"%s\"",
					  owner->name, p->name, owner->name, p->proxy_rel), -1;
	px->target = px->rel->target;
	px->arel = orm_class_rel(px->target, p->proxy_attr);
	if (!px->arel && !orm_class_attr(px->target, p->proxy_attr) &&
		!orm_class_xattr(px->target, p->proxy_attr))
		return Q_FAIL(e, ORM_ERR_UNKNOWN_ATTR, node,
					  "association_proxy %s.%s: unknown attribute \"%s\" on %s", owner->name,
					  p->name, p->proxy_attr, px->target->name), -1;
	px->outer = px->rel->uselist ? "any" : "has";
	return 0;
}

/* text evaluated with self = the proxy's entity, _a<i> = args[i] */
static QVal *
q_proxy_eval(QEnv *e, QVal *pv, const char *text, QVal **args, int nargs, const PyNode *node)
{
	QEnv		sub;
	PyModule   *m;
	QVal	   *v,
			   *entity = q_entity(e, pv->from, pv->node);
	SxExpr	   *x;
	SxFrom	   *f = pv->from;

	entity->cls = pv->cls;
	if (e->xattr_depth >= Q_MAX_XATTR_DEPTH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node, "mapped expressions nest deeper than %d",
					  Q_MAX_XATTR_DEPTH);
	q_env_init(&sub, e->ctx, NULL);
	sub.xattr_depth = e->xattr_depth + 1;
	if (f && f->kind == SXF_TABLE && f->table)
	{
		if (!f->cls)
			q_class_from_set(&sub, f->table, f);
		for (OrmClass *k = f->cls; k; k = k->inherits)
			q_class_from_set(&sub, k, f);
	}
	q_var_set(&sub, "self", entity);
	for (int i = 0; i < nargs; i++)
		q_var_set(&sub, orm_sprintf(e->a, "_a%d", i), args[i]);
	if (!(m = q_parse_text(&sub, text)) || !(v = q_exec_module(&sub, m)) ||
		!(x = q_to_expr(&sub, v, NULL)))
	{
		OrmErrCode	code = e->ctx->err->code ? e->ctx->err->code : ORM_ERR_QUERY;
		const char *msg = orm_strdup(e->a, e->ctx->err->message);

		orm_err_clear(e->ctx->err);
		e->xattr_failed = true;
		if (node)
			orm_err_at(e->ctx->err, code, node->line, node->col, "in association_proxy %s.%s: %s",
					   pv->cls ? pv->cls->name : "?", pv->xattr->name, msg);
		else
			orm_err(e->ctx->err, code, "in association_proxy %s.%s: %s",
					pv->cls ? pv->cls->name : "?", pv->xattr->name, msg);
		return NULL;
	}
	return q_expr_val(e, x, node);
}

/* "_a0, _a1, ..." */
static const char *
q_proxy_arglist(QEnv *e, int n)
{
	OrmBuf		b;

	orm_buf_init(&b, e->a);
	for (int i = 0; i < n; i++)
		orm_buf_printf(&b, i ? ", _a%d" : "_a%d", i);
	return orm_buf_cstr(&b);
}

QVal *
q_proxy_method(QEnv *e, QVal *pv, const char *name, const PyNode *call)
{
	QProxy		px;
	QVal	  **args = ORM_NEWN(e->a, QVal *, call->nitems + 1);
	const char *text;
	bool		value_scalar;

	if (q_proxy_resolve(e, pv, &px, call) < 0)
		return NULL;
	if (call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[0],
					  "%s() of an association proxy takes no keyword arguments here", name);
	for (int i = 0; i < call->nitems; i++)
		if (!(args[i] = q_eval(e, call->items[i])))
			return NULL;
	value_scalar = px.arel && !px.arel->uselist;
	if (strcmp(name, "any") == 0 || strcmp(name, "has") == 0)
	{
		bool		any = name[0] == 'a';

		/* SQLAlchemy's InvalidRequestErrors */
		if (any && !px.rel->uselist && (!px.arel || value_scalar))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "'any()' not implemented for scalar attributes. Use has().");
		if (!any && (px.rel->uselist || (px.arel && px.arel->uselist)))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "'has()' not implemented for collections. Use any().");
		if (call->nitems > 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes at most one criterion", name);
		if (px.arel)
			text = orm_sprintf(e->a, "(self.%s.%s(%s.%s.%s(%s)))", px.rel->name, px.outer,
							   px.target->name, px.arel->name, px.arel->uselist ? "any" : "has",
							   call->nitems ? "_a0" : "");
		else
			text = orm_sprintf(e->a, "(self.%s.%s(%s))", px.rel->name, px.outer,
							   call->nitems ? "_a0" : "");
		return q_proxy_eval(e, pv, text, args, call->nitems, call);
	}
	if (px.arel)
	{
		if (strcmp(name, "contains") != 0 || call->nitems != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "association proxy %s.%s (objects of %s): %s() is not supported; use "
						  "any(), has() or contains()", pv->cls->name, px.p->name,
						  px.arel->target ? px.arel->target->name : "?", name);
		if (!px.rel->uselist && value_scalar)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "contains() doesn't apply to a scalar object endpoint; use ==");
		text = !px.rel->uselist ?
			orm_sprintf(e->a, "(self.%s.has(%s.%s.contains(_a0)))", px.rel->name,
						px.target->name, px.arel->name) :
			orm_sprintf(e->a, "(self.%s.any(%s.%s == _a0))", px.rel->name, px.target->name,
						px.arel->name);
		return q_proxy_eval(e, pv, text, args, 1, call);
	}
	/* a column: the operation on the target's column, inside the EXISTS */
	text = orm_sprintf(e->a, "(self.%s.%s(%s.%s.%s(%s)))", px.rel->name, px.outer,
					   px.target->name, px.p->proxy_attr, name, q_proxy_arglist(e, call->nitems));
	return q_proxy_eval(e, pv, text, args, call->nitems, call);
}

QVal *
q_proxy_compare(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *n)
{
	QProxy		px;
	QVal	   *pv = a->kind == QV_PROXY ? a : b,
			   *other = a->kind == QV_PROXY ? b : a;
	const char *op,
			   *text;
	bool		swapped = a->kind != QV_PROXY;

	if (a->kind == QV_PROXY && b->kind == QV_PROXY)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "two association proxies cannot be compared");
	switch (pyop)
	{
		case PY_OP_EQ:
			op = "==";
			break;
		case PY_OP_NE:
			op = "!=";
			break;
		case '<':
			op = swapped ? ">" : "<";
			break;
		case PY_OP_LE:
			op = swapped ? ">=" : "<=";
			break;
		case '>':
			op = swapped ? "<" : ">";
			break;
		case PY_OP_GE:
			op = swapped ? "<=" : ">=";
			break;
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "this comparison has no SQL meaning; use in_(), is_() or ==");
	}
	if (q_proxy_resolve(e, pv, &px, n) < 0)
		return NULL;
	if (px.arel)
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "association proxy %s.%s (objects of %s): comparing with %s is not supported; "
					  "use any(), has() or contains()", pv->cls->name, px.p->name,
					  px.arel->target ? px.arel->target->name : "?", op);
	if (pyop == PY_OP_EQ && other->kind == QV_LIT && other->json->kind == JSON_NULL)
	{
		/* "== None": no related row counts too (SQLAlchemy's special case) */
		text = px.rel->uselist ?
			orm_sprintf(e->a, "(or_(self.%s.any(%s.%s == None), ~self.%s.any()))", px.rel->name,
						px.target->name, px.p->proxy_attr, px.rel->name) :
			orm_sprintf(e->a, "(or_(self.%s.has(%s.%s == None), self.%s == None))", px.rel->name,
						px.target->name, px.p->proxy_attr, px.rel->name);
		return q_proxy_eval(e, pv, text, NULL, 0, n);
	}
	text = orm_sprintf(e->a, "(self.%s.%s(%s.%s %s _a0))", px.rel->name, px.outer,
					   px.target->name, px.p->proxy_attr, op);
	return q_proxy_eval(e, pv, text, &other, 1, n);
}

int
orm_xattr_expr(OrmCtx *ctx, const OrmXattr *p, OrmClass *cls, SxFrom *from, SxExpr **out)
{
	QEnv		e;
	QVal	   *ent,
			   *v;

	*out = NULL;
	q_env_init(&e, ctx, NULL);
	ent = q_entity(&e, from, NULL);
	ent->cls = cls;
	if (!(v = q_xattr_value(&e, p, ent, NULL, 0, NULL)))
		return -1;
	*out = v->expr->kind == SX_LABEL ? v->expr->left : v->expr;
	if (!(*out)->type && v->expr->type)
		(*out)->type = v->expr->type;
	return 0;
}
