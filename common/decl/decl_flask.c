/*
 * decl_flask.c -- Flask-SQLAlchemy 3.x declarations.
 *
 *   db = SQLAlchemy()                      (or SQLAlchemy(app), model_class=Base,
 *                                           metadata=MetaData(...), disable_autonaming=True)
 *   class User(db.Model):
 *       id = db.Column(db.Integer, primary_key=True)
 *
 * The instance is a namespace: db.Column, db.String, db.relationship are
 * sqlalchemy's and sqlalchemy.orm's own names (the reader already takes a
 * dotted name by its last component), db.Table is Table without a MetaData.
 * db.Model is a declarative base named "db.Model" here, whose classes get
 * Flask-SQLAlchemy's automatic __tablename__ (model.py's
 * should_set_tablename, camel_to_snake_case and __table_cls__):
 *
 *   - a class that sets no __tablename__ (nor __table__, nor __abstract__)
 *     gets camel_to_snake_case(name), unless the first class of its MRO
 *     that has one is a mixin or an abstract class (that name is used);
 *   - a class deriving from a mapped class whose columns (its own and its
 *     mixins') have no primary key has no table of its own: single-table
 *     inheritance, even when it names one.
 *
 * The names bound to SQLAlchemy() are kept in reg->namespaces for the query
 * side (db.session, db.select, db.paginate).
 */
#include "decl/decl_int.h"

#include <string.h>

/* The name that declares a Flask-SQLAlchemy instance (alias followed). */
static bool
fsa_is_ctor(DeclCtx *dc, const PyNode *call)
{
	const char *d;

	if (!decl_is_call(dc, call, "SQLAlchemy"))
		return false;
	d = decl_dotted(dc, call->a);
	return d && (strcmp(d, "SQLAlchemy") == 0 || strncmp(d, "flask_sqlalchemy.", 17) == 0);
}

static bool
fsa_is_namespace(DeclCtx *dc, const char *name)
{
	const OrmPtrVec *v = &dc->reg->namespaces;

	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i], name) == 0)
			return true;
	return false;
}

static int	fsa_register(DeclCtx *dc, const char *var, PyNode *call);

int
decl_fsa_instance(DeclCtx *dc, const char *var, PyNode *call)
{
	if (!fsa_is_ctor(dc, call))
		return 0;
	return fsa_register(dc, var, call);
}

/* db (or call's SQLAlchemy(...) arguments; NULL: an instance made elsewhere) */
static int
fsa_register(DeclCtx *dc, const char *var, PyNode *call)
{
	OrmArena   *ra = dc->reg->arena;
	DeclBase   *b;
	const PyNode *mc = call ? py_kwarg(call, "model_class") : NULL,
			   *md = call ? py_kwarg(call, "metadata") : NULL,
			   *noname = call ? py_kwarg(call, "disable_autonaming") : NULL;
	DeclMixin  *src = NULL;
	b = ORM_NEW(ra, DeclBase);
	b->name = orm_sprintf(ra, "%s.Model", var);
	b->autoname = noname && decl_flag(dc, noname, false) ? DECL_AUTONAME_NONE :
		DECL_AUTONAME_FLASK;
	if (dc->err->code)
		return -1;
	if (mc && mc->kind == PY_NAME)
	{
		DeclBase   *pb = decl_find_base(dc->st, mc->str);

		/* model_class=Base (a DeclarativeBase, 3.1) or a plain class (a mixin) */
		if (pb)
		{
			for (int j = 0; j < pb->tmap.n; j++)
				orm_vec_push(ra, &b->tmap, pb->tmap.items[j]);
			b->naming = pb->naming;
			b->schema = pb->schema;
			b->dataclass = pb->dataclass;
		}
		src = decl_find_mixin(dc->st, mc->str);
	}
	else if (mc)
		return decl_errn(dc, mc, ORM_ERR_UNSUPPORTED,
						 "SQLAlchemy(model_class=%s): only the name of a class declared above "
						 "is supported", decl_src(dc, mc));
	if (md && !b->naming)
	{
		b->naming = decl_naming_of(dc, (PyNode *) md);
		b->schema = decl_schema_of(dc, (PyNode *) md);
	}
	decl_forget(dc->st, b->name);
	orm_vec_push(ra, &dc->st->bases, b);
	if (src)
	{
		DeclMixin  *m = ORM_NEW(ra, DeclMixin);

		*m = *src;
		m->name = b->name;
		orm_vec_push(ra, &dc->st->mixins, m);
	}
	if (!fsa_is_namespace(dc, var))
		orm_vec_push(ra, &dc->reg->namespaces, orm_strdup(ra, var));
	return 0;
}

/*
 * class User(db.Model): the base db.Model is read as the name "db.Model".
 * An instance the source imports (from app import db, the usual models.py)
 * or names db without declaring it is taken as SQLAlchemy() made there.
 */
void
decl_fsa_bases(DeclCtx *dc, PyStmt *s)
{
	for (int i = 0; i < s->nbases; i++)
	{
		PyNode	   *b = s->bases[i];

		if (b->kind == PY_ATTR && b->a && b->a->kind == PY_NAME &&
			strcmp(b->str, "Model") == 0 && !fsa_is_namespace(dc, b->a->str) &&
			!decl_find_base(dc->st, b->a->str) && !decl_find_mixin(dc->st, b->a->str) &&
			!orm_reg_class(dc->reg, b->a->str) &&
			(strcmp(b->a->str, "db") == 0 || decl_alias(dc->st, b->a->str)))
			fsa_register(dc, b->a->str, NULL);
		if (b->kind == PY_ATTR && b->a && b->a->kind == PY_NAME &&
			strcmp(b->str, "Model") == 0 && fsa_is_namespace(dc, b->a->str))
		{
			PyNode	   *n = ORM_NEW(dc->reg->arena, PyNode);

			*n = *b;
			n->kind = PY_NAME;
			n->a = NULL;
			n->str = orm_sprintf(dc->reg->arena, "%s.Model", b->a->str);
			s->bases[i] = n;
		}
	}
}

/* model.py's camel_to_snake_case: "_" before an upper-case letter that
 * follows a lower-case letter or digit, or that starts a word (an upper-case
 * letter followed by a lower-case one, not at the start); lower-cased; leading
 * underscores stripped. */
static const char *
fsa_snake(OrmArena *a, const char *name)
{
	size_t		n = strlen(name),
				o = 0;
	char	   *out = orm_alloc(a, 2 * n + 1);
	const char *p;

	for (size_t i = 0; i < n; i++)
	{
		char		c = name[i];

		if (c >= 'A' && c <= 'Z' && i > 0 &&
			((name[i - 1] >= 'a' && name[i - 1] <= 'z') || (name[i - 1] >= '0' && name[i - 1] <= '9') ||
			 (i + 1 < n && name[i + 1] >= 'a' && name[i + 1] <= 'z')))
			out[o++] = '_';
		out[o++] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
	}
	out[o] = '\0';
	for (p = out; *p == '_'; p++)
		;
	return p;
}

static bool
fsa_has_tablename(const PyStmt *s)
{
	if (decl_has_assign(s, "__tablename__", NULL))
		return true;
	for (int i = 0; i < s->nbody; i++)
		if (s->body[i]->kind == PYS_DEF && s->body[i]->name &&
			strcmp(s->body[i]->name, "__tablename__") == 0)
			return true;
	return false;
}

enum
{
	FSA_UNDECIDED, FSA_GENERATE, FSA_KEEP
};

/* should_set_tablename's walk over the MRO (depth-first over the bases). */
static int
fsa_walk(DeclCtx *dc, const PyStmt *s, int depth)
{
	if (depth > DECL_MAX_HIERARCHY)
		return FSA_KEEP;
	for (int i = 0; i < s->nbases; i++)
	{
		const PyNode *b = s->bases[i];
		DeclMixin  *m;
		int			r;

		if (b->kind != PY_NAME)
			continue;
		if (orm_reg_class(dc->reg, b->str))
			return FSA_GENERATE;	/* a mapped class: its name is not inherited */
		if (decl_find_base(dc->st, b->str))
			continue;
		if ((m = decl_find_mixin(dc->st, b->str)) == NULL || m->stmt == s)
			continue;
		if (fsa_has_tablename(m->stmt))
			return FSA_KEEP;
		if ((r = fsa_walk(dc, m->stmt, depth + 1)) != FSA_UNDECIDED)
			return r;
	}
	return FSA_UNDECIDED;
}

/* Is n (a Column(...) / mapped_column(...) / Mapped[...] annotation) a primary key? */
static bool
fsa_pk_value(DeclCtx *dc, const PyNode *n)
{
	const PyNode *k;

	if (!n || n->kind != PY_CALL)
		return false;
	if (decl_is_call(dc, n, "Column") || decl_is_call(dc, n, "mapped_column") ||
		decl_is_call(dc, n, "Field"))
		return (k = py_kwarg(n, "primary_key")) != NULL && k->kind == PY_TRUE;
	return false;
}

static bool
fsa_has_pk(DeclCtx *dc, const PyStmt *s, int depth)
{
	PyNode	   *ta = NULL;

	if (depth > DECL_MAX_HIERARCHY)
		return true;
	for (int i = 0; i < s->nbody; i++)
	{
		const PyStmt *b = s->body[i];

		if (b->kind != PYS_ASSIGN && b->kind != PYS_ANNASSIGN)
			continue;
		if (fsa_pk_value(dc, b->value))
			return true;
		if (b->annotation)
		{
			const PyNode *inner = decl_mapped_inner(dc, b->annotation, NULL);
			DeclAnno   *an = inner ? decl_anno_of(dc, inner) : NULL;

			if (dc->err->code)
				return true;
			if (an && fsa_pk_value(dc, an->col))
				return true;
		}
	}
	if (decl_has_assign(s, "__table_args__", &ta))
	{
		const PyNode *t = decl_const(dc, ta);

		for (int i = 0; t && (t->kind == PY_TUPLE || t->kind == PY_LIST) && i < t->nitems; i++)
			if (decl_is_call(dc, t->items[i], "PrimaryKeyConstraint"))
				return true;
	}
	for (int i = 0; i < s->nbases; i++)
	{
		DeclMixin  *m;

		if (s->bases[i]->kind == PY_NAME && !orm_reg_class(dc->reg, s->bases[i]->str) &&
			(m = decl_find_mixin(dc->st, s->bases[i]->str)) != NULL && m->stmt != s &&
			fsa_has_pk(dc, m->stmt, depth + 1))
			return true;
	}
	return false;
}

/*
 * The __tablename__ Flask-SQLAlchemy gives class s (under db.Model), in
 * *tablename (the name found by the caller, or NULL); NULL for a
 * single-table subclass.  0, or -1 on an error.
 */
int
decl_fsa_tablename(DeclCtx *dc, PyStmt *s, PyNode **tablename)
{
	DeclBase   *base = decl_base_of(dc, s, NULL);
	bool		parent = false;

	if (dc->err->code)
		return -1;
	if (!base || base->autoname != DECL_AUTONAME_FLASK)
		return 0;
	if (!fsa_has_tablename(s) && fsa_walk(dc, s, 0) != FSA_KEEP)
	{
		PyNode	   *n = ORM_NEW(dc->reg->arena, PyNode);

		n->kind = PY_STR;
		n->line = s->line;
		n->col = s->col;
		n->str = fsa_snake(dc->reg->arena, s->name);
		n->len = strlen(n->str);
		*tablename = n;
	}
	for (int i = 0; i < s->nbases; i++)
		if (s->bases[i]->kind == PY_NAME && strcmp(s->bases[i]->str, s->name) != 0 &&
			orm_reg_class(dc->reg, s->bases[i]->str))
			parent = true;
	/* __table_cls__: no primary key below a mapped class -> single-table */
	if (parent && *tablename && (*tablename)->kind == PY_STR && !fsa_has_pk(dc, s, 0))
		*tablename = NULL;
	return dc->err->code ? -1 : 0;
}
