/*
 * declare.c -- SQLAlchemy 2.0 declarative source -> registry: the entry.
 *
 * Owns: orm_registry_new, orm_declare_source.  Reads the PyModule that
 * pyparse.c builds, statement by statement, and interprets it the way
 * sqlalchemy.orm.decl_base does; each construct is read by one piece of
 * common/decl/ (decl_int.h says which piece may call which):
 *
 *   import lines        remembered as aliases (Enum as SAEnum, sqlalchemy as sa)
 *   class B(DeclarativeBase)        a declarative base, with type_annotation_map
 *   class E(enum.Enum)              an OrmEnum (members and values): decl_types.c
 *   class M: x = mapped_column()    a mixin (neither base nor enum nor mapped)
 *   class C(M, B): __tablename__    a mapped class; its columns in the mapper's
 *                                   order: own attributes (class dict merged with
 *                                   annotations, as util.merge_lists_w_ordering),
 *                                   then each mixin's in MRO order; sort_order=
 *                                   (decl_classes.c, decl_columns.c,
 *                                   decl_relationships.c)
 *   t = Table("t", B.metadata, Column(...))   a plain table: decl_tables.c
 *   x = Annotated[int, mapped_column(...)]    an alias: its mapped_column()
 *                                   applies first, the attribute's own after;
 *                                   nested aliases flattened as typing does
 *   @declared_attr def f(cls): return ...    the returned expression of a
 *                                   body that is one return statement (the
 *                                   parser keeps such bodies): columns,
 *                                   relationships, __tablename__ (evaluated:
 *                                   cls.__name__, .lower(), f-strings, the
 *                                   re.sub snake-case idiom), __table_args__
 *   class S(C): (C mapped)           single-table inheritance without a
 *                                   table of its own, joined with one
 *   MetaData(naming_convention=...)  constraint and index names
 *   Index("ix", C.a) at module level added to C's table
 *   class C(Base): __table__ = t     declarative with an imperative table
 *                                   (decl_classes.c decl_imperative_class)
 *   reg.map_imperatively(C, t, properties={...})   the same, the properties
 *                                   as the class body
 *   x: Mapped[P] = composite(...)    an attribute over columns (decl_classes.c)
 *
 * This file reads the module level: imports, names bound to Annotated
 * aliases, dicts, sequences, MetaData(...) and types, Table(...),
 * Index(...), declarative_base(); and the class statements, telling a
 * declarative base, an enum, a mixin and a mapped class apart and handing
 * each to the piece that reads it.  It is the top of the reader: it calls
 * decl_classes.c, decl_tables.c, decl_types.c and decl_base.c, and no piece
 * calls it.
 *
 * The declarative base's own attributes are inherited like a mixin's.
 * What SQLAlchemy refuses at declaration time is refused (non-Mapped
 * annotations, Mapped[dict] without a type, two classes for one table, a
 * joined subclass without a foreign key to its superclass, a column name
 * twice in a table, ...), and so is what cannot be evaluated here without
 * running Python (a flag given by a name, a @declared_attr body of several
 * statements): an error with line and column, never a guess.  Names are
 * bound as Python binds them at that point of the module (T =
 * T.with_variant(...)); following names into their definitions is bounded
 * (decl_follow), as are class hierarchies (DECL_MAX_HIERARCHY), so no text
 * recurses without end.
 *
 * Declaring only records what is written; orm_registry_resolve() (resolve.c)
 * binds it afterwards.
 *
 * Assumes: pyast.h's tree; the registry arena outlives every source (the
 * syntax trees of mixins and relationships are kept there until resolve).
 * Never touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ---- the entry -------------------------------------------------------------- */

OrmRegistry *
orm_registry_new(OrmArena *a)
{
	OrmRegistry *reg = ORM_NEW(a, OrmRegistry);

	reg->arena = a;
	reg->decl = ORM_NEW(a, DeclState);
	return reg;
}

/* ---- imports --------------------------------------------------------------- */

static void
decl_add_alias(DeclCtx *dc, const char *name, const char *target)
{
	DeclAlias  *al;

	if (strcmp(name, target) == 0)
		return;
	al = ORM_NEW(dc->reg->arena, DeclAlias);
	al->name = orm_strdup(dc->reg->arena, name);
	al->target = orm_strdup(dc->reg->arena, target);
	orm_vec_push(dc->reg->arena, &dc->st->aliases, al);
}

/*
 * from m import ... of a library whose table mixins orm carries
 * (decl_libs.c): that declaration, once per registry, before the names are
 * bound, so the mixins are known by the names the module imports.
 */
static int
decl_import_library(DeclCtx *dc, const PyStmt *s)
{
	const char *key = NULL;
	const char *text = decl_library_source(s->name, &key);

	if (!text)
		return 0;
	for (int i = 0; i < dc->st->libs.n; i++)
		if (strcmp(dc->st->libs.items[i], key) == 0)
			return 0;
	orm_vec_push(dc->reg->arena, &dc->st->libs, (void *) key);
	if (orm_declare_source(dc->reg, text, dc->source_no, dc->err) != 0)
	{
		orm_err_detail(dc->err, "The error is in orm's declaration of %s's tables.", key);
		return -1;
	}
	return 0;
}

/*
 * import a.b as c -> c means a.b;  from m import x [as y] -> x (y) means
 * m.x.  (A plain "import a.b" binds a, which means itself.)
 */
static int
decl_import(DeclCtx *dc, const PyStmt *s)
{
	int			i;

	if (s->name && decl_import_library(dc, s) < 0)
		return -1;

	for (i = 0; i < s->nnames; i++)
	{
		const char *name = s->names[i],
				   *as = s->asnames[i];

		if (strcmp(name, "*") == 0)
			continue;
		if (!s->name)
		{
			if (as)
				decl_add_alias(dc, as, name);
		}
		else
			decl_add_alias(dc, as ? as : name, orm_sprintf(dc->a, "%s.%s", s->name, name));
	}
	return 0;
}

/* ---- class statements ------------------------------------------------------ */

static void
decl_add_base(DeclCtx *dc, PyStmt *s)
{
	OrmArena   *ra = dc->reg->arena;
	DeclBase   *b = ORM_NEW(ra, DeclBase);
	DeclMixin  *m;
	PyNode	   *tm = NULL,
			   *md = NULL;
	int			i;

	b->name = orm_strdup(ra, s->name);
	/* a base deriving from another base inherits its map */
	for (i = 0; i < s->nbases; i++)
		if (s->bases[i]->kind == PY_NAME)
		{
			DeclBase   *pb = decl_find_base(dc->st, s->bases[i]->str);
			int			j;

			if (pb)
			{
				for (j = 0; j < pb->tmap.n; j++)
					orm_vec_push(ra, &b->tmap, pb->tmap.items[j]);
				b->naming = pb->naming;
				b->schema = pb->schema;
				b->dataclass = b->dataclass || pb->dataclass;
			}
			else if (strcmp(s->bases[i]->str, "MappedAsDataclass") == 0)
				b->dataclass = true;
		}
		else if (decl_streq(decl_last(dc, s->bases[i]), "MappedAsDataclass"))
			b->dataclass = true;
	if (decl_has_assign(s, "metadata", &md))
	{
		b->naming = decl_naming_of(dc, md);
		b->schema = decl_schema_of(dc, md);
	}
	/* registry = registry(type_annotation_map={...}, metadata=MetaData(...)) */
	{
		PyNode	   *rg = NULL;

		if (decl_has_assign(s, "registry", &rg) && rg->kind == PY_CALL &&
			decl_streq(decl_callee(dc, rg), "registry"))
		{
			PyNode	   *v;

			if (!tm && (v = (PyNode *) py_kwarg(rg, "type_annotation_map")) != NULL)
				tm = v;
			if ((v = (PyNode *) py_kwarg(rg, "metadata")) != NULL && !md)
			{
				b->naming = decl_naming_of(dc, v);
				b->schema = decl_schema_of(dc, v);
			}
		}
	}
	if ((decl_has_assign(s, "type_annotation_map", &tm) || tm) && tm->kind == PY_DICT)
	{
		for (i = 0; i < tm->nitems; i++)
		{
			DeclTypeMapItem *it;
			const char *key;

			if (!tm->items[i])
				continue;
			key = tm->items[i]->kind == PY_SUBSCRIPT ? decl_last(dc, tm->items[i]->a) :
				decl_last(dc, tm->items[i]);
			if (!key)
				continue;
			it = ORM_NEW(ra, DeclTypeMapItem);
			it->key = orm_strdup(ra, key);
			it->key_node = decl_const(dc, tm->items[i]);
			it->type = tm->values[i];
			orm_vec_push(ra, &b->tmap, it);
		}
	}
	decl_forget(dc->st, s->name);
	orm_vec_push(ra, &dc->st->bases, b);
	/* its own attributes (id, __tablename__ directive) are inherited like a mixin's */
	m = ORM_NEW(ra, DeclMixin);
	m->name = b->name;
	m->stmt = s;
	orm_vec_push(ra, &dc->st->mixins, m);
}

static void
decl_add_mixin(DeclCtx *dc, PyStmt *s)
{
	OrmArena   *ra = dc->reg->arena;
	DeclMixin  *m = ORM_NEW(ra, DeclMixin);

	m->name = orm_strdup(ra, s->name);
	m->stmt = s;
	decl_forget(dc->st, s->name);
	orm_vec_push(ra, &dc->st->mixins, m);
}

/* The mapped class s inherits from (*parent, NULL if none); two are an error. */
static int
decl_mapped_parent(DeclCtx *dc, const PyStmt *s, OrmClass **parent)
{
	int			i;

	*parent = NULL;
	for (i = 0; i < s->nbases; i++)
	{
		OrmClass   *c;

		if (s->bases[i]->kind != PY_NAME || strcmp(s->bases[i]->str, s->name) == 0 ||
			!(c = orm_reg_class(dc->reg, s->bases[i]->str)))
			continue;
		if (*parent)
			return decl_errn(dc, s->bases[i], ORM_ERR_DECL,
							 "class \"%s\" has multiple mapped base classes", s->name);
		*parent = c;
	}
	return 0;
}

/*
 * A class assigning mapped_column() / Column() / relationship() whose bases are
 * none orm knows (class User(Base) with Base's module not declared yet, or
 * declared after it): kept as a mixin, as SQLAlchemy would never see it mapped
 * either, and noted in the summary so the missing base is visible.
 */
static void
decl_note_unmapped(DeclCtx *dc, const PyStmt *s)
{
	const PyNode *base = NULL;
	bool		columns = false;
	DeclUnmapped *u;

	for (int i = 0; i < s->nbases && !base; i++)
		if (s->bases[i]->kind == PY_NAME && !decl_find_mixin(dc->st, s->bases[i]->str))
			base = s->bases[i];
	for (int i = 0; i < s->nbody && !columns; i++)
	{
		const PyStmt *b = s->body[i];
		const char *callee = (b->kind == PYS_ASSIGN || b->kind == PYS_ANNASSIGN) && b->value &&
			b->value->kind == PY_CALL ? decl_callee(dc, b->value) : NULL;

		columns = decl_streq(callee, "mapped_column") || decl_streq(callee, "Column") ||
			decl_streq(callee, "relationship");
	}
	if (!base || !columns)
		return;
	u = ORM_NEW(dc->reg->arena, DeclUnmapped);
	u->name = orm_strdup(dc->reg->arena, s->name);
	u->base = orm_strdup(dc->reg->arena, base->str);
	u->source_no = dc->source_no;
	u->line = s->line;
	orm_vec_push(dc->reg->arena, &dc->st->unmapped, u);
}

static int
decl_class(DeclCtx *dc, PyStmt *s)
{
	PyNode	   *tablename = NULL,
			   *abstract = NULL,
			   *table = NULL;
	OrmClass   *parent = NULL;
	PyNode	   *cbase = NULL;
	int			i;

	decl_fsa_bases(dc, s);
	if ((i = decl_sqlmodel_class(dc, s)) != 0)
		return i < 0 ? -1 : 0;
	for (i = 0; i < s->nbases; i++)
		if (s->bases[i]->kind == PY_SUBSCRIPT && s->bases[i]->a &&
			(s->bases[i]->a->kind == PY_NAME || s->bases[i]->a->kind == PY_ATTR))
			s->bases[i] = s->bases[i]->a;	/* SQLAlchemyBaseUserTable[int], Generic[T] */
	if (decl_is_decl_base(dc, s))
	{
		decl_add_base(dc, s);
		return 0;
	}
	for (i = 0; i < s->nbases; i++)
	{
		const char *b = decl_last(dc, s->bases[i]);

		if (decl_streq(b, "ConcreteBase") && !cbase)
			cbase = s->bases[i];
		else if (decl_streq(b, "ConcreteBase") || decl_streq(b, "AbstractConcreteBase"))
			return decl_errn(dc, s->bases[i], ORM_ERR_UNSUPPORTED,
							 "%s (polymorphic loading over a UNION of the concrete tables) is not "
							 "supported; concrete=True subclasses without it are", b);
	}
	for (i = 0; i < s->nbases; i++)
		if (decl_is_enum_base(dc, s->bases[i]))
			return decl_enum_class(dc, s);
	if (decl_is_typedec_class(dc, s))
		return decl_typedec_class(dc, s);
	if (decl_has_assign(s, "__abstract__", &abstract) && decl_flag(dc, abstract, false))
	{
		decl_add_mixin(dc, s);
		return 0;
	}
	if (decl_base_of(dc, s, NULL))
	{
		/* mapped (it derives from a declarative base): every base must be known */
		const PyNode *ub = decl_unknown_base(dc, s, 0);
		const DeclAlias *al = ub ? decl_alias(dc->st, ub->str) : NULL;

		if (ub)
			return orm_err_at(dc->err, ORM_ERR_DECL, ub->line, ub->col,
							  "class \"%s\": base class \"%s\"%s%s%s is not declared, and its "
							  "columns and table would be part of this mapping: declare the "
							  "module that defines it first", s->name, ub->str,
							  al ? " (" : "", al ? al->target : "", al ? ")" : "");
	}
	if (decl_has_assign(s, "__table__", &table))
	{
		if (decl_mapped_parent(dc, s, &parent) < 0)
			return -1;
		decl_forget(dc->st, s->name);
		if (parent && decl_concrete(dc, s))
			return decl_concrete_class(dc, s, NULL, table, parent);
		return decl_imperative_class(dc, s, table, parent);
	}
	/* a __tablename__ of its own, or an inherited one under a declarative base */
	if (!decl_has_assign(s, "__tablename__", &tablename) && decl_base_of(dc, s, NULL))
		decl_find_tablename(dc, s, &tablename);
	if (decl_fsa_tablename(dc, s, &tablename) < 0)
		return -1;
	if (tablename && tablename->kind == PY_NONE)
		tablename = NULL;		/* __tablename__ = None: no table of its own */
	if (decl_mapped_parent(dc, s, &parent) < 0)
		return -1;
	{
		const OrmClass *p = parent;
		int			depth = 0;

		for (; p; p = p->inherits)
			if (++depth >= DECL_MAX_HIERARCHY)
				return decl_too_deep(dc, s);
	}
	if (dc->err->code)
		return -1;				/* from the walks above */
	decl_forget(dc->st, s->name);
	if (parent && parent->concrete_union && !decl_concrete(dc, s))
		return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, s->line, s->col,
						  "class \"%s\": a subclass of ConcreteBase class %s must be concrete=True "
						  "(other inheritance below a ConcreteBase is not supported)", s->name,
						  parent->name);
	if (parent && decl_concrete(dc, s))
	{
		if (!decl_has_assign(s, "__tablename__", &tablename) || tablename->kind == PY_NONE)
			return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
							  "class \"%s\": a concrete=True subclass needs a __tablename__ "
							  "or __table__ of its own", s->name);
		return decl_concrete_class(dc, s, tablename, NULL, parent);
	}
	if (tablename && !parent && !cbase)
	{
		bool		unknown = false;

		/* class Mix: __tablename__ = "x" -- a mixin naming its subclasses' table */
		if (!decl_base_of(dc, s, &unknown) && !unknown && !dc->err->code)
		{
			decl_add_mixin(dc, s);
			return 0;
		}
	}
	if (tablename && cbase)
		return decl_concrete_base(dc, s, tablename, parent, cbase);
	if (tablename)
		return decl_mapped_class(dc, s, tablename, parent);
	if (parent)
		return decl_single_table_class(dc, s, parent);
	{
		bool		unknown = false;

		if (decl_base_of(dc, s, &unknown) && !unknown)
		{
			/* derives from the base without a table: SQLAlchemy refuses it */
			for (i = 0; i < s->nbases; i++)
				if (s->bases[i]->kind == PY_NAME && decl_find_base(dc->st, s->bases[i]->str))
					return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
									  "class \"%s\" does not have a __table__ or __tablename__", s->name);
		}
		else if (!decl_base_of(dc, s, NULL))
			decl_note_unmapped(dc, s);
	}
	decl_add_mixin(dc, s);
	return 0;
}

/* ---- registry.map_imperatively ---------------------------------------------- */

static PyStmt *
decl_synth_assign(DeclCtx *dc, const char *name, PyNode *value, const PyNode *at)
{
	PyStmt	   *a = ORM_NEW(dc->reg->arena, PyStmt);
	PyNode	   *t = ORM_NEW(dc->reg->arena, PyNode);

	t->kind = PY_NAME;
	t->str = orm_strdup(dc->reg->arena, name);
	t->line = at->line;
	t->col = at->col;
	t->src = at->src;
	t->srclen = at->srclen;
	a->kind = PYS_ASSIGN;
	a->line = at->line;
	a->col = at->col;
	a->target = t;
	a->ntargets = 1;
	a->targets = ORM_NEWN(dc->reg->arena, PyNode *, 1);
	a->targets[0] = t;
	a->value = value;
	return a;
}

/*
 * registry.map_imperatively(User, user_table, properties={...}, **mapper_kw):
 * the class (a plain class statement earlier in the module) is mapped as a
 * declarative class whose body is `__table__ = user_table`, one assignment per
 * properties entry and `__mapper_args__` of the other keywords -- the same
 * mapper SQLAlchemy builds either way.  inherits= names the superclass; with
 * no table (None) the class is a single-table subclass.
 */
static int
decl_map_imperatively(DeclCtx *dc, PyNode *call)
{
	OrmArena   *ra = dc->reg->arena;
	PyNode	   *cls = call->nitems > 0 ? call->items[0] : py_kwarg(call, "class_");
	PyNode	   *table = call->nitems > 1 ? call->items[1] : py_kwarg(call, "local_table");
	PyNode	   *props = py_kwarg(call, "properties");
	PyNode	   *margs;
	OrmClass   *parent = NULL;
	PyStmt	   *s;
	int			i,
				n = 0,
				rc;

	if (!cls || cls->kind != PY_NAME)
		return decl_errn(dc, cls ? cls : call, ORM_ERR_DECL,
						 "map_imperatively() takes the class to map first", NULL);
	if (!decl_find_mixin(dc->st, cls->str) || orm_reg_class(dc->reg, cls->str))
		return decl_errn(dc, cls, ORM_ERR_DECL,
						 "map_imperatively(): \"%s\" is not a plain class declared earlier in the module",
						 cls->str);
	if (call->nitems > 2)
		return decl_errn(dc, call->items[2], ORM_ERR_DECL,
						 "map_imperatively() takes at most 2 positional arguments", NULL);
	props = decl_const(dc, props);
	if (props && (props->kind != PY_DICT || props->op == PY_OP_IN))
		return decl_errn(dc, props, ORM_ERR_UNSUPPORTED, "properties must be a dict, not %s",
						 decl_src(dc, props));
	s = ORM_NEW(ra, PyStmt);
	s->kind = PYS_CLASS;
	s->name = orm_strdup(ra, cls->str);
	s->line = call->line;
	s->col = call->col;
	s->body = ORM_NEWN(ra, PyStmt *, (props ? props->nitems : 0) + 3);
	margs = ORM_NEW(ra, PyNode);
	*margs = *call;
	margs->kind = PY_DICT;
	margs->op = 0;
	margs->nitems = 0;
	margs->items = ORM_NEWN(ra, PyNode *, call->nkw + 1);
	margs->values = ORM_NEWN(ra, PyNode *, call->nkw + 1);
	margs->nkw = 0;
	margs->kwnames = NULL;
	margs->kwvalues = NULL;
	margs->a = margs->b = margs->c = NULL;
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];
		PyNode	   *key;

		if (!k)
			return decl_errn(dc, call->kwvalues[i], ORM_ERR_UNSUPPORTED,
							 "map_imperatively(**kwargs) is not supported", NULL);
		if (strcmp(k, "properties") == 0 || strcmp(k, "class_") == 0 || strcmp(k, "local_table") == 0)
			continue;
		if (strcmp(k, "inherits") == 0 && call->kwvalues[i]->kind == PY_NAME &&
			(parent = orm_reg_class(dc->reg, call->kwvalues[i]->str)) != NULL)
			continue;
		key = ORM_NEW(ra, PyNode);
		*key = *call->kwvalues[i];
		key->kind = PY_STR;
		key->str = k;
		key->len = strlen(k);
		key->nitems = key->nkw = 0;
		key->a = key->b = key->c = NULL;
		margs->items[margs->nitems] = key;
		margs->values[margs->nitems++] = call->kwvalues[i];
	}
	if (table && table->kind != PY_NONE)
		s->body[n++] = decl_synth_assign(dc, "__table__", table, table);
	for (i = 0; props && i < props->nitems; i++)
	{
		const PyNode *k = props->items[i];

		if (!k || k->kind != PY_STR)
			return decl_errn(dc, k ? k : props, ORM_ERR_DECL, "properties keys must be strings", NULL);
		s->body[n++] = decl_synth_assign(dc, orm_strndup(ra, k->str, k->len), props->values[i], k);
	}
	if (margs->nitems > 0)
		s->body[n++] = decl_synth_assign(dc, "__mapper_args__", margs, call);
	s->nbody = n;
	decl_forget(dc->st, s->name);
	dc->cls = s;
	if (table && table->kind != PY_NONE && parent && decl_concrete(dc, s))
		rc = decl_concrete_class(dc, s, NULL, table, parent);
	else if (table && table->kind != PY_NONE)
		rc = decl_imperative_class(dc, s, table, parent);
	else if (parent && decl_concrete(dc, s))
		rc = decl_errn(dc, call, ORM_ERR_DECL,
					   "map_imperatively() of \"%s\": a concrete=True class needs a table of its own",
					   s->name);
	else if (parent)
		rc = decl_single_table_class(dc, s, parent);
	else
		rc = decl_errn(dc, call, ORM_ERR_DECL,
					   "map_imperatively() of \"%s\" needs a table (or inherits= a mapped class)",
					   s->name);
	dc->cls = NULL;
	return rc;
}

/* x.map_imperatively(...) (a registry's method) */
static bool
decl_is_map_imperatively(const PyNode *v)
{
	return v && v->kind == PY_CALL && v->a && v->a->kind == PY_ATTR &&
		strcmp(v->a->str, "map_imperatively") == 0;
}

/* ---- module ---------------------------------------------------------------- */

/*
 * declarative_base(cls=Mixin): the base carries the mixin's attributes and
 * directives, so it is also recorded as a mixin with the mixin's body.
 */
static void
decl_base_cls(DeclCtx *dc, DeclBase *b, DeclMixin *src)
{
	DeclMixin  *m;

	if (!src)
		return;
	m = ORM_NEW(dc->reg->arena, DeclMixin);
	*m = *src;
	m->name = b->name;
	orm_vec_push(dc->reg->arena, &dc->st->mixins, m);
}

/*
 * A module-level Index("name", Cls.attr, ...) / Index("name", table.c.col):
 * added to the table of its first column, as SQLAlchemy does.
 */
/* The table of the first Class.attr / table.c.col in el (an expression too). */
static OrmTable *
decl_index_table(DeclCtx *dc, const PyNode *el)
{
	OrmClass   *c;
	DeclVar    *v;
	OrmTable   *t = NULL;
	int			i;

	if (!el)
		return NULL;
	if (el->kind == PY_ATTR && el->a && el->a->kind == PY_NAME &&
		(c = orm_reg_class(dc->reg, el->a->str)) != NULL)
		return c->table;
	if (el->kind == PY_ATTR && el->a && el->a->kind == PY_ATTR && strcmp(el->a->str, "c") == 0 &&
		el->a->a && el->a->a->kind == PY_NAME && (v = decl_find_var(dc->st, el->a->a->str)) != NULL)
		return v->table;
	if (el->kind == PY_ATTR)
		return decl_index_table(dc, el->a);	/* Class.attr.desc */
	if (el->kind != PY_CALL)
		return NULL;
	if (el->a && el->a->kind == PY_ATTR && (t = decl_index_table(dc, el->a->a)) != NULL)
		return t;				/* Class.attr.desc() */
	for (i = 0; i < el->nitems && !t; i++)
		t = decl_index_table(dc, el->items[i]);
	return t;
}

static int
decl_module_index(DeclCtx *dc, PyNode *call)
{
	OrmTable   *t = decl_index_table(dc, call->nitems > 1 ? call->items[1] : NULL);

	if (!t)
		return decl_errn(dc, call, ORM_ERR_UNSUPPORTED,
						 "a module-level Index needs Class.attribute or table.c.column elements", NULL);
	return decl_table_item(dc, t, call, 0);
}

/* Does the tree n use the name (a NAME node)? */
static bool
decl_mentions(const PyNode *n, const char *name)
{
	int			i;

	if (!n)
		return false;
	if (n->kind == PY_NAME)
		return strcmp(n->str, name) == 0;
	if (decl_mentions(n->a, name) || decl_mentions(n->b, name) || decl_mentions(n->c, name))
		return true;
	for (i = 0; i < n->nitems; i++)
		if (decl_mentions(n->items[i], name) || (n->values && decl_mentions(n->values[i], name)))
			return true;
	for (i = 0; n->kwvalues && i < n->nkw; i++)
		if (decl_mentions(n->kwvalues[i], name))
			return true;
	return false;
}

/* A copy of n with each NAME node `name` replaced by repl (the nodes it does not touch shared). */
static PyNode *
decl_subst(OrmArena *a, PyNode *n, const char *name, PyNode *repl)
{
	PyNode	   *c;
	int			i;

	if (!decl_mentions(n, name))
		return n;
	if (n->kind == PY_NAME)
		return repl;
	c = ORM_NEW(a, PyNode);
	*c = *n;
	c->a = n->a ? decl_subst(a, n->a, name, repl) : NULL;
	c->b = n->b ? decl_subst(a, n->b, name, repl) : NULL;
	c->c = n->c ? decl_subst(a, n->c, name, repl) : NULL;
	if (n->nitems > 0)
	{
		c->items = ORM_NEWN(a, PyNode *, n->nitems);
		for (i = 0; i < n->nitems; i++)
			c->items[i] = n->items[i] ? decl_subst(a, n->items[i], name, repl) : NULL;
		if (n->values)
		{
			c->values = ORM_NEWN(a, PyNode *, n->nitems);
			for (i = 0; i < n->nitems; i++)
				c->values[i] = decl_subst(a, n->values[i], name, repl);
		}
	}
	if (n->nkw > 0 && n->kwvalues)
	{
		c->kwvalues = ORM_NEWN(a, PyNode *, n->nkw);
		for (i = 0; i < n->nkw; i++)
			c->kwvalues[i] = n->kwvalues[i] ? decl_subst(a, n->kwvalues[i], name, repl) : NULL;
	}
	return c;
}

/* The NAME / ATTR chain of a dotted name ("uuid.UUID"), placed at `at`. */
static PyNode *
decl_dotted_node(DeclCtx *dc, const char *dotted, const PyNode *at)
{
	PyNode	   *n = NULL;
	const char *p = dotted;

	for (;;)
	{
		const char *dot = strchr(p, '.');
		PyNode	   *c = ORM_NEW(dc->reg->arena, PyNode);

		c->kind = n ? PY_ATTR : PY_NAME;
		c->a = n;
		c->str = dot ? orm_strndup(dc->reg->arena, p, (size_t) (dot - p)) : orm_strdup(dc->reg->arena, p);
		c->line = at->line;
		c->col = at->col;
		c->src = at->src;
		c->srclen = at->srclen;
		n = c;
		if (!dot)
			return n;
		p = dot + 1;
	}
}

/*
 * name = <value using name>: Python reads the name on the right before it
 * is bound again, so the value is taken with the earlier binding (a module
 * constant, an Annotated alias, an import) put in place --
 * T = T.with_variant(...), intpk = Annotated[intpk, ...], UUID = Annotated[UUID, ...].
 */
static PyNode *
decl_rebind(DeclCtx *dc, const char *name, PyNode *v)
{
	PyNode	   *prev = NULL;
	DeclAnno   *an = decl_find_anno(dc->st, name);
	DeclAlias  *al;
	int			i;

	if (!decl_mentions(v, name))
		return v;
	for (i = dc->st->consts.n - 1; i >= 0 && !prev; i--)
		if (strcmp(((DeclConst *) dc->st->consts.items[i])->name, name) == 0)
			prev = ((DeclConst *) dc->st->consts.items[i])->value;
	if (!prev && an)
		prev = an->node;
	if (!prev && (al = decl_alias(dc->st, name)) != NULL)
		prev = decl_dotted_node(dc, al->target, v);	/* UUID = Annotated[UUID, ...] */
	if (!prev)
		return v;
	return decl_subst(dc->reg->arena, v, name, prev);
}

/* Add x to cls's expression attributes and to those of its subclasses declared already. */
static void
decl_late_push(DeclCtx *dc, OrmClass *cls, OrmXattr *x)
{
	OrmArena   *ra = dc->reg->arena;

	for (int i = 0; i < dc->reg->classes.n; i++)
	{
		OrmClass   *k = dc->reg->classes.items[i];
		const OrmClass *up = k;
		OrmXattr  **nx;

		for (int depth = 0; up && up != cls && depth < DECL_MAX_HIERARCHY; depth++)
			up = up->inherits;
		if (up != cls || orm_class_xattr(k, x->name) || orm_class_attr(k, x->name))
			continue;
		nx = ORM_NEWN(ra, OrmXattr *, k->nxattrs + 2);
		if (k->nxattrs)
			memcpy(nx, k->xattrs, sizeof(OrmXattr *) * (size_t) k->nxattrs);
		nx[k->nxattrs++] = x;
		k->xattrs = nx;
	}
}

/*
 * Class.attr = column_property(...) / deferred(...) / query_expression() after the
 * class statement, as SQLAlchemy's mapped_sql_expr chapter writes a correlated
 * subquery of a class declared later: the class gets the attribute (and its
 * subclasses); Class.attr = relationship(...), as projects add one side of a
 * pair once both classes exist, a relationship of the class.  Anything else
 * assigned to a mapped class's attribute is refused rather than ignored.
 */
static int
decl_late_attr(DeclCtx *dc, PyStmt *s)
{
	OrmClass   *cls = orm_reg_class(dc->reg, s->target->a->str);
	DeclAttr	at;
	OrmXattr   *x;
	bool		rel = s->value && s->value->kind == PY_CALL &&
		decl_streq(decl_callee(dc, s->value), "relationship");

	if (!s->value || (!rel && !decl_is_xattr_call(dc, s->value)))
		return decl_errn(dc, s->target, ORM_ERR_UNSUPPORTED,
						 "assigning %s to a mapped class after its class statement is not "
						 "supported (only relationship(), column_property(), deferred() and "
						 "query_expression() are)",
						 decl_src(dc, s->value ? s->value : s->target));
	if (orm_class_xattr(cls, s->target->str) || orm_class_attr(cls, s->target->str) ||
		orm_class_rel(cls, s->target->str))
		return decl_errn(dc, s->target, ORM_ERR_UNSUPPORTED,
						 "%s: replacing a mapped attribute after the class statement is not supported",
						 decl_src(dc, s->target));
	memset(&at, 0, sizeof(at));
	at.name = s->target->str;
	at.value = s->value;
	at.line = s->target->line;
	at.col = s->target->col;
	if (rel)
	{
		/* Parent.children = relationship("Child", ...): the mapper gets the
		 * property, as declarative's __setattr__ adds it (subclasses too) */
		DeclMapped *m = decl_find_mapped(dc->st, cls->name);

		return decl_relationship(dc, cls, m ? m->base : NULL, &at, s->value);
	}
	if (decl_xattr(dc, cls, NULL, &at, s->value, &x) < 0)
		return -1;
	decl_late_push(dc, cls, x);
	return 0;
}

static int
decl_module_assign(DeclCtx *dc, PyStmt *s)
{
	PyNode	   *v = s->value;
	const char *callee;
	DeclAnno   *an;

	if (s->target && s->target->kind == PY_NAME && v)
		v = decl_rebind(dc, s->target->str, v);
	callee = decl_callee(dc, v);
	if (s->target && s->target->kind == PY_NAME && (an = decl_annotated(dc, v)) != NULL)
	{
		an->name = orm_strdup(dc->reg->arena, s->target->str);
		decl_forget(dc->st, an->name);
		orm_vec_push(dc->reg->arena, &dc->st->annos, an);
		return 0;
	}
	if (s->target && s->target->kind == PY_NAME && v &&
		(v->kind == PY_DICT || v->kind == PY_TUPLE || v->kind == PY_LIST || v->kind == PY_INT ||
		 v->kind == PY_STR ||
		 (v->kind == PY_ATTR && v->a && v->a->kind == PY_NAME && orm_reg_enum(dc->reg, v->a->str)) ||
		 (v->kind == PY_UNARY && v->op == '-' && v->a && v->a->kind == PY_INT) ||
		 decl_streq(callee, "MetaData") || (v->kind == PY_CALL && decl_is_type_expr(dc, v)) ||
		 (v->kind == PY_SUBSCRIPT && (decl_streq(decl_last(dc, v->a), "Literal") ||
									  decl_streq(decl_last(dc, v->a), "Union")))))
	{
		DeclConst  *k = ORM_NEW(dc->reg->arena, DeclConst);

		k->name = orm_strdup(dc->reg->arena, s->target->str);
		k->value = v;
		orm_vec_push(dc->reg->arena, &dc->st->consts, k);
		return 0;
	}
	if (decl_is_map_imperatively(v))
		return decl_map_imperatively(dc, v);
	if (s->target && s->target->kind == PY_ATTR && s->target->a && s->target->a->kind == PY_NAME &&
		s->target->str[0] != '_' && orm_reg_class(dc->reg, s->target->a->str))
		return decl_late_attr(dc, s);
	if (!callee || !s->target)
		return 0;
	if (strcmp(callee, "Index") == 0)
		return decl_module_index(dc, v);
	if (strcmp(callee, "SQLAlchemy") == 0 && s->target->kind == PY_NAME)
		return decl_fsa_instance(dc, s->target->str, v);
	if (strcmp(callee, "Table") == 0)
		return decl_plain_table(dc, s->target->kind == PY_NAME ? s->target->str : NULL, v, NULL);
	if (strcmp(callee, "declarative_base") == 0 && s->target->kind == PY_NAME)
	{
		DeclBase   *b = ORM_NEW(dc->reg->arena, DeclBase);
		const PyNode *cls = py_kwarg(v, "cls");
		/* looked up before the name is bound again: Base = declarative_base(cls=Base) */
		DeclMixin  *src = cls && cls->kind == PY_NAME ? decl_find_mixin(dc->st, cls->str) : NULL;

		b->name = orm_strdup(dc->reg->arena, s->target->str);
		b->naming = decl_naming_of(dc, py_kwarg(v, "metadata"));
		b->schema = decl_schema_of(dc, py_kwarg(v, "metadata"));
		decl_forget(dc->st, b->name);
		orm_vec_push(dc->reg->arena, &dc->st->bases, b);
		decl_base_cls(dc, b, src);
	}
	return 0;
}

/*
 * No string that is read as a declaration may hold a NUL character: names,
 * SQL text and values are C strings here and would be cut short without a
 * word (and neither engine takes NUL in identifiers or text).  Checked
 * over what is interpreted: statements and class bodies, the bodies of
 * decorated functions (@declared_attr); docstrings, other function bodies
 * and if-blocks are not read, so not checked.
 */
static int
decl_nul_node(DeclCtx *dc, const PyNode *n)
{
	int			i;

	if (!n)
		return 0;
	if ((n->kind == PY_STR || n->kind == PY_BYTES) && memchr(n->str, '\0', n->len))
		return orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col,
						  "a string with a NUL character (\\x00) is not supported here");
	if (decl_nul_node(dc, n->a) < 0 || decl_nul_node(dc, n->b) < 0 || decl_nul_node(dc, n->c) < 0)
		return -1;
	for (i = 0; i < n->nitems; i++)
		if (decl_nul_node(dc, n->items[i]) < 0 || (n->values && decl_nul_node(dc, n->values[i]) < 0))
			return -1;
	for (i = 0; n->kwvalues && i < n->nkw; i++)
		if (decl_nul_node(dc, n->kwvalues[i]) < 0)
			return -1;
	return 0;
}

static int
decl_nul_stmts(DeclCtx *dc, PyStmt *const *stmts, int n)
{
	int			i,
				k;

	for (i = 0; i < n; i++)
	{
		const PyStmt *s = stmts[i];

		switch (s->kind)
		{
			case PYS_CLASS:
				for (k = 0; k < s->nbases; k++)
					if (decl_nul_node(dc, s->bases[k]) < 0)
						return -1;
				for (k = 0; k < s->nkw; k++)
					if (decl_nul_node(dc, s->kwvalues[k]) < 0)
						return -1;
				if (decl_nul_stmts(dc, s->body, s->nbody) < 0)
					return -1;
				break;
			case PYS_DEF:
				if (s->ndecorators > 0 &&
					(decl_nul_node(dc, s->annotation) < 0 ||
					 decl_nul_stmts(dc, s->body, s->nbody) < 0))
					return -1;
				break;
			case PYS_EXPR:
				if (s->value && s->value->kind == PY_STR)
					break;		/* a docstring */
				/* FALLTHROUGH */
			case PYS_ASSIGN:
			case PYS_ANNASSIGN:
			case PYS_PASS:
				if (decl_nul_node(dc, s->annotation) < 0 || decl_nul_node(dc, s->value) < 0)
					return -1;
				break;
			default:
				break;
		}
	}
	return 0;
}

/*
 * A module-level function a column's default= / onupdate= may name: `def
 * utcnow(): return datetime.now(timezone.utc)` (no parameters, no decorator, a
 * docstring at most before one return).  Its return value is read as a lambda's
 * body (decl_columns.c); any other def only forgets what its name meant.
 */
static void
decl_module_def(DeclCtx *dc, const PyStmt *s)
{
	int			k = 0;

	decl_forget(dc->st, s->name);
	if (s->body && k < s->nbody && s->body[k]->kind == PYS_EXPR && s->body[k]->value &&
		s->body[k]->value->kind == PY_STR)
		k++;					/* a docstring */
	if (s->skipped || s->nparams != 0 || s->ndecorators != 0 || !s->body ||
		k != s->nbody - 1 || s->body[k]->kind != PYS_PASS || !s->body[k]->name ||
		strcmp(s->body[k]->name, "return") != 0 || !s->body[k]->value)
	{
		/* named by a default, an error that says why (decl_columns.c) */
		orm_vec_push(dc->reg->arena, &dc->st->badfuncs, orm_strdup(dc->reg->arena, s->name));
		return;
	}
	{
		DeclConst  *f = ORM_NEW(dc->reg->arena, DeclConst);

		f->name = orm_strdup(dc->reg->arena, s->name);
		f->value = s->body[k]->value;
		orm_vec_push(dc->reg->arena, &dc->st->funcs, f);
	}
}

int
orm_declare_source(OrmRegistry *reg, const char *source, int source_no, OrmError *err)
{
	DeclCtx		dc;
	PyModule   *m;
	int			i;

	memset(&dc, 0, sizeof(dc));
	dc.reg = reg;
	dc.a = reg->arena;
	dc.st = decl_state(reg);
	dc.src = source;
	dc.source_no = source_no;
	dc.err = err;
	m = py_parse_module(reg->arena, source, err);
	if (!m || decl_nul_stmts(&dc, m->stmts, m->nstmts) < 0)
		return -1;
	for (i = 0; i < m->nstmts; i++)
	{
		PyStmt	   *s = m->stmts[i];
		int			rc = 0;

		dc.follows = 0;
		switch (s->kind)
		{
			case PYS_IMPORT:
				rc = decl_import(&dc, s);
				break;
			case PYS_CLASS:
				dc.cls = s;
				rc = decl_class(&dc, s);
				dc.cls = NULL;
				break;
			case PYS_ASSIGN:
				rc = decl_module_assign(&dc, s);
				break;
			case PYS_DEF:
				decl_module_def(&dc, s);
				break;
			case PYS_EXPR:
				if (decl_is_call(&dc, s->value, "Index"))
					rc = decl_module_index(&dc, s->value);
				else if (decl_is_map_imperatively(s->value))
					rc = decl_map_imperatively(&dc, s->value);
				break;
			default:
				break;
		}
		if (rc < 0 || err->code != ORM_OK)
			return -1;
	}
	if (source_no >= reg->nsources)
		reg->nsources = source_no + 1;
	return 0;
}
