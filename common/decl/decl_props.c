/*
 * decl_props.c -- mapped attributes that are SQL expressions, and hybrids.
 *
 * Owns: reading, in a class body,
 *
 *   x = column_property(<expr>, deferred=, group=, raiseload=)
 *   x = deferred(<expr>, group=, raiseload=)       an ORM_XA_EXPR (registry.h)
 *   x: Mapped[int] = query_expression([default_expr])   ORM_XA_QUERY_EXPR
 *   deferred(Column(...)) / column_property(mapped_column(...), deferred=True)
 *                                                  the flags onto the column
 *   @hybrid_property / @hybrid_method def f(self, ...): return <expr>
 *   @f.expression / @f.inplace.expression def g(cls): return <expr>
 *                                                  ORM_XA_HYBRID(_METHOD)
 *   @validates("attr", ...)                         recorded (OrmValidator); orm_flush
 *                                                  refuses to write the attribute
 *   x = association_proxy("rel", "attr")           ORM_XA_PROXY (queries only)
 *
 * An expression is kept as its source text (wrapped in parentheses, so that
 * a multi-line argument parses as one expression) and evaluated by the
 * query evaluator at each use (orm/query.h: orm_xattr_expr), for the FROM of
 * that use; here it is only located.  A hybrid's body must be one return
 * statement (after a docstring) to be read, as a @declared_attr's; a hybrid
 * whose body is anything else keeps no expression, and using it in a query
 * is the error (SQLAlchemy would run the Python).
 *
 * Calls decl_types.c and decl_base.c; called by decl_classes.c.  Never
 * touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* The keyword arguments that change nothing orm does (dataclass and
 * instrumentation options), per construct. */
static const char *const decl_prop_ignored_kw[] = {
	"active_history", "expire_on_flush", "info", "doc", "init", "repr", "default",
	"default_factory", "compare", "kw_only", "hash", "dataclass_metadata", NULL
};

bool
decl_is_xattr_call(DeclCtx *dc, const PyNode *v)
{
	return decl_is_call(dc, v, "column_property") || decl_is_call(dc, v, "deferred") ||
		decl_is_call(dc, v, "query_expression");
}

/* An argument's source text as a parenthesized expression, in the registry arena. */
static const char *
decl_expr_text(DeclCtx *dc, const PyNode *n)
{
	if (!n->src || n->srclen == 0)
		return NULL;
	return orm_sprintf(dc->reg->arena, "(%.*s)", (int) n->srclen, n->src);
}

/*
 * The keyword arguments of column_property() / deferred() (is_cp: which),
 * for an expression or a wrapped column: deferred=, group=, raiseload=.
 */
static int
decl_prop_kwargs(DeclCtx *dc, const PyNode *call, bool is_cp, bool *deferred,
				 const char **group, bool *raiseload)
{
	const char *fn = is_cp ? "column_property" : "deferred";

	for (int i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];
		const PyNode *v = call->kwvalues[i];

		if (!k)
			return decl_errn(dc, v, ORM_ERR_UNSUPPORTED, "** arguments in %s() are not supported", fn);
		if (is_cp && strcmp(k, "deferred") == 0)
			*deferred = decl_flag(dc, v, false);
		else if (strcmp(k, "group") == 0)
		{
			if (v->kind != PY_NONE && !decl_str(dc, v))
				return decl_errn(dc, v, ORM_ERR_DECL, "%s(group=...) takes a string", fn);
			*group = v->kind == PY_NONE ? NULL : orm_strdup(dc->reg->arena, decl_str(dc, v));
		}
		else if (strcmp(k, "raiseload") == 0)
			*raiseload = decl_flag(dc, v, false);
		else if (strcmp(k, "comparator_factory") == 0 || strcmp(k, "descriptor") == 0)
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, v->line, v->col,
							  "%s(%s=...) is not supported: it is Python code orm cannot run", fn, k);
		else if (!decl_in_list(decl_prop_ignored_kw, k))
			return orm_err_at(dc->err, ORM_ERR_DECL, v->line, v->col,
							  "%s() got an unexpected keyword argument '%s'", fn, k);
		if (dc->err->code)
			return -1;
	}
	return 0;
}

int
decl_column_prop_flags(DeclCtx *dc, const PyNode *wrapper, OrmColumn *c)
{
	bool		is_cp = decl_is_call(dc, wrapper, "column_property");
	bool		deferred = !is_cp,
				raiseload = false;
	const char *group = NULL;

	if (wrapper->nitems > 1)
		return decl_errn(dc, wrapper->items[1], ORM_ERR_UNSUPPORTED,
						 "%s() of several columns is not supported", is_cp ? "column_property" : "deferred");
	if (decl_prop_kwargs(dc, wrapper, is_cp, &deferred, &group, &raiseload) < 0)
		return -1;
	/* SQLAlchemy: a group or raiseload makes a column_property deferred */
	c->deferred = deferred || group || raiseload;
	c->deferred_group = group;
	c->deferred_raiseload = raiseload;
	return 0;
}

/* Mapped[...]'s type, when it is one orm knows; otherwise the type stays unknown. */
static void
decl_prop_type(DeclCtx *dc, DeclBase *base, const PyNode *ann, OrmType *t)
{
	const PyNode *inner,
			   *ty;
	bool		optional = false;
	OrmError	saved = *dc->err;

	memset(t, 0, sizeof(*t));
	t->precision = t->scale = -1;
	if (!ann || !(inner = decl_mapped_inner(dc, ann, NULL)) ||
		!(ty = decl_unwrap_optional(dc, inner, &optional)) ||
		decl_type_from_python(dc, base, ty, t) < 0)
	{
		/* the type only formats values: an annotation orm does not know as a
		 * column type (Mapped[list[str]]) is no error for an expression */
		*dc->err = saved;
		memset(t, 0, sizeof(*t));
		t->kind = ORM_T_UNKNOWN;
		t->precision = t->scale = -1;
	}
}

int
decl_xattr(DeclCtx *dc, OrmClass *cls, DeclBase *base, DeclAttr *at, PyNode *call, OrmXattr **out)
{
	OrmXattr    *p = ORM_NEW(dc->reg->arena, OrmXattr);
	const char *fn = decl_callee(dc, call);

	p->name = orm_strdup(dc->reg->arena, at->name);
	p->owner = cls;
	p->line = at->line;
	p->col = at->col;
	/* returned by a @declared_attr function: the class is its parameter
	 * (cls.x), as a hybrid's is, not the class body's names */
	if (at->declared && at->cls_param)
		p->self_name = orm_strdup(dc->reg->arena, at->cls_param);
	decl_prop_type(dc, base, at->ann, &p->type);
	if (strcmp(fn, "query_expression") == 0)
	{
		const PyNode *dflt = call->nitems > 0 ? call->items[0] : NULL;

		p->kind = ORM_XA_QUERY_EXPR;
		if (call->nitems > 1)
			return decl_errn(dc, call->items[1], ORM_ERR_DECL,
							 "query_expression() takes one default expression", NULL);
		for (int i = 0; i < call->nkw; i++)
		{
			const char *k = call->kwnames[i];

			if (k && strcmp(k, "default_expr") == 0 && !dflt)
				dflt = call->kwvalues[i];
			else if (!k || !decl_in_list(decl_prop_ignored_kw, k))
				return orm_err_at(dc->err, ORM_ERR_DECL, call->kwvalues[i]->line, call->kwvalues[i]->col,
								  "query_expression() got an unexpected keyword argument '%s'",
								  k ? k : "**");
		}
		if (dflt && dflt->kind != PY_NONE)
		{
			p->expr = decl_expr_text(dc, dflt);
			p->expr_line = dflt->line;
			p->expr_col = dflt->col;
		}
		*out = p;
		return 0;
	}
	p->kind = ORM_XA_EXPR;
	if (call->nitems != 1)
		return decl_errn(dc, call, ORM_ERR_UNSUPPORTED, call->nitems == 0 ?
						 "%s() needs an expression" : "%s() of several expressions is not supported", fn);
	if (call->items[0]->kind == PY_STARRED)
		return decl_errn(dc, call->items[0], ORM_ERR_UNSUPPORTED,
						 "*arguments in %s() are not supported", fn);
	p->deferred = strcmp(fn, "deferred") == 0;
	if (decl_prop_kwargs(dc, call, strcmp(fn, "column_property") == 0, &p->deferred,
						 &p->deferred_group, &p->deferred_raiseload) < 0)
		return -1;
	p->deferred = p->deferred || p->deferred_group || p->deferred_raiseload;
	if (!(p->expr = decl_expr_text(dc, call->items[0])))
		return decl_errn(dc, call, ORM_ERR_INTERNAL, "%s(): no source text", fn);
	p->expr_line = call->items[0]->line;
	p->expr_col = call->items[0]->col;
	*out = p;
	return 0;
}

/* ---- hybrids ---------------------------------------------------------------- */

/* A def's returned expression when its body is one return (after a docstring). */
static const PyNode *
decl_def_returns(const PyStmt *s)
{
	int			i = 0;

	if (s->skipped)
		return NULL;
	if (i < s->nbody && s->body[i]->kind == PYS_EXPR && s->body[i]->value &&
		s->body[i]->value->kind == PY_STR)
		i++;
	if (i != s->nbody - 1 || s->body[i]->kind != PYS_PASS ||
		!decl_streq(s->body[i]->name, "return") || !s->body[i]->value)
		return NULL;
	return s->body[i]->value;
}

static OrmXattr *
decl_hybrid_find(OrmPtrVec *v, const char *name)
{
	for (int i = v->n - 1; i >= 0; i--)
		if (strcmp(((OrmXattr *) v->items[i])->name, name) == 0)
			return v->items[i];
	return NULL;
}

/* The function's expression and parameters onto p (its own, or a .expression's). */
static int
decl_hybrid_body(DeclCtx *dc, const PyStmt *def, OrmXattr *p)
{
	const PyNode *ret = decl_def_returns(def);
	int			first = 0;

	for (int i = 0; i < def->nparams; i++)
		if (def->params[i][0] == '*')
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, def->line, def->col,
							  "hybrid %s: *args and **kwargs are not supported", p->name);
	if (def->nparams < 1)
		return orm_err_at(dc->err, ORM_ERR_DECL, def->line, def->col,
						  "hybrid %s needs a self (or cls) parameter", p->name);
	p->self_name = orm_strdup(dc->reg->arena, def->params[first]);
	p->nparams = def->nparams - 1;
	p->params = ORM_NEWN(dc->reg->arena, const char *, p->nparams > 0 ? p->nparams : 1);
	for (int i = 0; i < p->nparams; i++)
		p->params[i] = orm_strdup(dc->reg->arena, def->params[i + 1]);
	p->expr = ret ? decl_expr_text(dc, ret) : NULL;
	p->expr_line = ret ? ret->line : def->line;
	p->expr_col = ret ? ret->col : def->col;
	return 0;
}

/*
 * A decorator naming a hybrid of this body: f.expression, f.inplace.expression,
 * f.setter ... -- *hybrid is f's attribute, *what the last name ("expression"),
 * *inplace whether .inplace is in the chain.  False for anything else.
 */
static bool
decl_hybrid_modifier(DeclCtx *dc, const PyNode *d, OrmPtrVec *hybrids, OrmXattr **hybrid,
					 const char **what, bool *inplace)
{
	const PyNode *b;

	(void) dc;
	if (d->kind != PY_ATTR)
		return false;
	*what = d->str;
	*inplace = false;
	for (b = d->a; b->kind == PY_ATTR; b = b->a)
		if (strcmp(b->str, "inplace") == 0)
			*inplace = true;
	if (b->kind != PY_NAME || !(*hybrid = decl_hybrid_find(hybrids, b->str)))
		return false;
	return true;
}

/*
 * @validates("a", "b", include_removes=..., include_backrefs=...): the
 * attributes are recorded (OrmValidator); the keywords change nothing orm
 * does, as orm never runs the validator.
 */
static int
decl_validates(DeclCtx *dc, OrmClass *cls, const PyStmt *def, const PyNode *d)
{
	OrmArena   *ra = dc->reg->arena;

	if (d->nitems == 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, d->line, d->col,
						  "@validates on %s.%s names no attribute", cls->name, def->name);
	for (int i = 0; i < d->nitems; i++)
	{
		const PyNode *n = d->items[i];
		OrmValidator *v;

		if (n->kind != PY_STR)
			return orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col,
							  "@validates on %s.%s: attribute names are strings",
							  cls->name, def->name);
		v = ORM_NEW(ra, OrmValidator);
		v->attr = orm_strndup(ra, n->str, n->len);
		v->fn = orm_strdup(ra, def->name);
		v->line = d->line;
		v->col = d->col;
		orm_vec_push(ra, &cls->validators, v);
	}
	return 0;
}

static int
decl_hybrid_def(DeclCtx *dc, OrmClass *cls, const PyStmt *def, OrmPtrVec *hybrids)
{
	OrmArena   *ra = dc->reg->arena;

	for (int k = 0; k < def->ndecorators; k++)
	{
		const PyNode *d = def->decorators[k];
		const char *last = d->kind == PY_CALL ? decl_callee(dc, d) : decl_last(dc, d);
		OrmXattr    *h,
				   *p;
		const char *what;
		bool		inplace;

		if (d->kind == PY_CALL && decl_streq(last, "validates"))
		{
			if (decl_validates(dc, cls, def, d) < 0)
				return -1;
			continue;
		}
		if (decl_hybrid_modifier(dc, d, hybrids, &h, &what, &inplace))
		{
			if (strcmp(what, "comparator") == 0)
				return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, d->line, d->col,
								  "hybrid %s.%s: a custom comparator is not supported", cls->name,
								  h->name);
			if (strcmp(what, "expression") != 0)
				continue;		/* setter, deleter, update_expression: not for queries */
			if (!inplace && strcmp(def->name, h->name) != 0)
			{
				/* @f.expression def g(cls): a new hybrid g, f unchanged */
				p = ORM_NEW(ra, OrmXattr);
				*p = *h;
				p->name = orm_strdup(ra, def->name);
				p->line = def->line;
				p->col = def->col;
				orm_vec_push(dc->a, hybrids, p);
				h = p;
			}
			if (decl_hybrid_body(dc, def, h) < 0)
				return -1;
			if (!h->expr)
				return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, def->line, def->col,
								  "hybrid %s.%s: cannot read the expression function \"%s\": only a "
								  "body of one return statement is read", cls->name, h->name, def->name);
			continue;
		}
		if (decl_streq(last, "hybrid_property") || decl_streq(last, "hybrid_method"))
		{
			if (d->kind == PY_CALL)
				return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, d->line, d->col,
								  "@%s(...) with arguments is not supported", last);
			p = ORM_NEW(ra, OrmXattr);
			p->name = orm_strdup(ra, def->name);
			p->kind = strcmp(last, "hybrid_method") == 0 ? ORM_XA_HYBRID_METHOD : ORM_XA_HYBRID;
			p->owner = cls;
			p->type.kind = ORM_T_UNKNOWN;
			p->type.precision = p->type.scale = -1;
			p->line = def->line;
			p->col = def->col;
			if (decl_hybrid_body(dc, def, p) < 0)
				return -1;
			orm_vec_push(dc->a, hybrids, p);
		}
	}
	return 0;
}

/*
 * name = association_proxy("rel", "attr"[, creator=...]): a view of
 * relationship rel's attr, kept for queries (orm/query.c, q_proxy_*).  The
 * creator is Python, used by SQLAlchemy when the proxy is appended to,
 * which orm_flush does not take (the relationship is written instead).
 */
static int
decl_proxy(DeclCtx *dc, OrmClass *cls, const PyStmt *s, OrmPtrVec *hybrids)
{
	OrmArena   *ra = dc->reg->arena;
	const PyNode *v = s->value;
	OrmXattr   *p;

	if (!v || v->kind != PY_CALL || !decl_is_call(dc, v, "association_proxy") || !s->target ||
		s->target->kind != PY_NAME)
		return 0;
	if (v->nitems != 2 || v->items[0]->kind != PY_STR || v->items[1]->kind != PY_STR)
		return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, v->line, v->col,
						  "association_proxy %s.%s: give the relationship and the attribute as two "
						  "strings", cls->name, s->target->str);
	for (int k = 0; k < v->nkw; k++)
		if (!v->kwnames[k] || (strcmp(v->kwnames[k], "creator") != 0 &&
							   strcmp(v->kwnames[k], "info") != 0))
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, v->kwvalues[k]->line,
							  v->kwvalues[k]->col,
							  "association_proxy %s.%s: keyword argument %s is not supported",
							  cls->name, s->target->str, v->kwnames[k] ? v->kwnames[k] : "**");
	p = ORM_NEW(ra, OrmXattr);
	p->name = orm_strdup(ra, s->target->str);
	p->kind = ORM_XA_PROXY;
	p->owner = cls;
	p->type.kind = ORM_T_UNKNOWN;
	p->type.precision = p->type.scale = -1;
	p->proxy_rel = orm_strdup(ra, v->items[0]->str);
	p->proxy_attr = orm_strdup(ra, v->items[1]->str);
	p->line = s->line;
	p->col = s->col;
	p->expr_line = v->line;
	p->expr_col = v->col;
	orm_vec_push(dc->a, hybrids, p);
	return 0;
}

int
decl_hybrids(DeclCtx *dc, OrmClass *cls, const PyStmt *body, OrmPtrVec *hybrids)
{
	int			first = hybrids->n;

	for (int i = 0; i < body->nbody; i++)
	{
		const PyStmt *s = body->body[i];

		if (s->kind == PYS_DEF && s->ndecorators > 0 && decl_hybrid_def(dc, cls, s, hybrids) < 0)
			return -1;
		if ((s->kind == PYS_ASSIGN || s->kind == PYS_ANNASSIGN) && decl_proxy(dc, cls, s, hybrids) < 0)
			return -1;
	}
	/* a name defined again later in the body (a plain attribute, another
	 * def) is no longer the hybrid, as in Python's class namespace */
	for (int i = hybrids->n - 1; i >= first; i--)
	{
		OrmXattr    *h = hybrids->items[i];

		for (int j = 0; j < body->nbody; j++)
		{
			const PyStmt *s = body->body[j];
			const char *n = s->kind == PYS_DEF ? s->name :
				(s->kind == PYS_ASSIGN || s->kind == PYS_ANNASSIGN) && s->target &&
				s->target->kind == PY_NAME ? s->target->str : NULL;

			if (n && strcmp(n, h->name) == 0 && s->line > h->line &&
				!(s->kind == PYS_DEF && s->ndecorators > 0))
			{
				memmove(&hybrids->items[i], &hybrids->items[i + 1],
						sizeof(void *) * (size_t) (hybrids->n - i - 1));
				hybrids->n--;
				break;
			}
		}
	}
	return 0;
}
