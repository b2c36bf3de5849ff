/*
 * decl_classes.c -- class bodies: mixins, mapped classes, inheritance.
 *
 * Owns: reading the body of a mapped class the way SQLAlchemy's class scan
 * does --
 *
 *   class M: x = mapped_column()    a mixin (neither base nor enum nor mapped)
 *   class C(M, B): __tablename__    a mapped class; its columns in the mapper's
 *                                   order: own attributes (class dict merged with
 *                                   annotations, as util.merge_lists_w_ordering),
 *                                   then each mixin's in MRO order; sort_order=
 *   @declared_attr def f(cls): return ...    the returned expression of a
 *                                   body that is one return statement (the
 *                                   parser keeps such bodies): columns,
 *                                   relationships, __tablename__ (evaluated:
 *                                   cls.__name__, .lower(), f-strings, the
 *                                   re.sub snake-case idiom), __table_args__
 *   class S(C): (C mapped)           single-table inheritance without a
 *                                   table of its own, joined with one
 *   class C(B): __table__ = t        declarative with an imperative table: t's
 *                                   columns mapped (renamed by t.c.col in the
 *                                   body), include/exclude_properties,
 *                                   column_prefix, a mapper primary_key
 *   x: Mapped[P] = composite(...)    an OrmComposite over columns it makes or
 *                                   names, P a @dataclass of the module
 *
 * The declarative base's own attributes are inherited like a mixin's.  Also
 * the class kinds a class statement needs (the declarative base a class
 * derives from, the C3 MRO of its mixins, bounded by DECL_MAX_HIERARCHY),
 * __mapper_args__, and the class's table put in reg.
 *
 * Calls decl_tables.c, decl_relationships.c, decl_props.c, decl_columns.c,
 * decl_types.c and decl_base.c; called by declare.c only.  Never touches SQL, hosts or
 * engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ---- declared_attr functions ------------------------------------------------ */

/*
 * A @declared_attr function is read from its parsed body: its return
 * annotation and, when the body is one return statement (after an optional
 * docstring), the returned expression, with their positions in the source:
 *
 *   @declared_attr
 *   def author_id(cls) -> Mapped[int]:
 *       return mapped_column(ForeignKey("users.id"))
 *
 * Any other body would have to run; it is not guessed at.
 */

/* @declared_attr / @declared_attr.directive / @declared_attr.cascading / @classmethod-less */
static bool
decl_is_declared_attr(DeclCtx *dc, const PyStmt *s)
{
	int			i;

	for (i = 0; i < s->ndecorators; i++)
	{
		const PyNode *d = s->decorators[i];

		if (d->kind == PY_ATTR && decl_streq(decl_last(dc, d->a), "declared_attr"))
			return true;
		if (decl_streq(decl_last(dc, d), "declared_attr"))
			return true;
	}
	return false;
}

/*
 * A @declared_attr function's return annotation (*ann, NULL if none) and
 * returned expression (*ret); false, *ret NULL, when the body is not a
 * single return of a value.
 */
static bool
decl_def_return(const PyStmt *s, PyNode **ann, PyNode **ret)
{
	int			i = 0;

	*ann = s->annotation;
	*ret = NULL;
	if (s->skipped)
		return false;
	if (i < s->nbody && s->body[i]->kind == PYS_EXPR && s->body[i]->value &&
		s->body[i]->value->kind == PY_STR)
		i++;					/* docstring */
	if (i != s->nbody - 1 || s->body[i]->kind != PYS_PASS ||
		!decl_streq(s->body[i]->name, "return") || !s->body[i]->value)
		return false;
	*ret = s->body[i]->value;
	return true;
}

/* The error for a @declared_attr whose body is not one return statement. */
static int
decl_unreadable_attr(DeclCtx *dc, const PyStmt *def)
{
	return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, def->line, def->col,
					  "cannot evaluate @declared_attr \"%s\": only a body of one return "
					  "statement is read", def->name);
}

/*
 * A class-level value: `name = value`, or a @declared_attr function's
 * returned expression (for __tablename__, __table_args__, __mapper_args__);
 * such a function with any other body is an error (dc->err set).
 */
static bool
decl_class_value(DeclCtx *dc, const PyStmt *s, const char *name, PyNode **value)
{
	int			i;

	/* the last binding of the name in the body wins, an assignment or a function */
	for (i = s->nbody - 1; i >= 0; i--)
	{
		PyStmt	   *b = s->body[i];
		PyNode	   *ann,
				   *ret;

		if ((b->kind == PYS_ASSIGN || b->kind == PYS_ANNASSIGN) && b->target &&
			b->target->kind == PY_NAME && strcmp(b->target->str, name) == 0 && b->value)
		{
			if (value)
				*value = b->value;
			return true;
		}
		if (b->kind != PYS_DEF || strcmp(b->name, name) != 0 || !decl_is_declared_attr(dc, b))
			continue;
		if (!decl_def_return(b, &ann, &ret))
		{
			decl_unreadable_attr(dc, b);
			return false;
		}
		if (value)
			*value = ret;
		return true;
	}
	return false;
}

/* ---- class attributes ------------------------------------------------------ */

/*
 * The order SQLAlchemy scans a class body: vars(cls) (assignment order)
 * merged with __annotations__ (annotation order), maintaining both orders as
 * far as possible -- whenever a name present in both lists is met, scanning
 * switches to the other list.
 */
static void
decl_merge_order(OrmArena *a, OrmPtrVec *dict_names, OrmPtrVec *ann_names, OrmPtrVec *out)
{
	OrmPtrVec  *cur = dict_names,
			   *oth = ann_names;
	int			ci = 0,
				oi = 0,
				i,
				j;
	bool	   *ov_d = ORM_NEWN(a, bool, dict_names->n + 1);
	bool	   *ov_a = ORM_NEWN(a, bool, ann_names->n + 1);
	bool	   *cur_ov,
			   *oth_ov;

	for (i = 0; i < dict_names->n; i++)
		for (j = 0; j < ann_names->n; j++)
			if (strcmp(dict_names->items[i], ann_names->items[j]) == 0)
				ov_d[i] = ov_a[j] = true;
	cur_ov = ov_d;
	oth_ov = ov_a;
	for (;;)
	{
		bool		switched = false;

		while (ci < cur->n)
		{
			const char *el = cur->items[ci++];

			if (cur_ov[ci - 1])
			{
				/* discard from the overlap: mark the twin in the other list as plain */
				for (j = 0; j < oth->n; j++)
					if (oth_ov[j] && strcmp(oth->items[j], el) == 0)
						oth_ov[j] = false;
				cur_ov[ci - 1] = false;
				{
					OrmPtrVec  *tv = cur;
					bool	   *tb = cur_ov;
					int			ti = ci;

					cur = oth, oth = tv;
					cur_ov = oth_ov, oth_ov = tb;
					ci = oi, oi = ti;
				}
				switched = true;
				break;
			}
			orm_vec_push(a, out, (void *) el);
		}
		if (!switched)
		{
			while (oi < oth->n)
				orm_vec_push(a, out, oth->items[oi++]);
			break;
		}
	}
}

static bool
decl_is_dunder(const char *name)
{
	size_t		n = strlen(name);

	return n > 4 && name[0] == '_' && name[1] == '_' && name[n - 1] == '_' && name[n - 2] == '_';
}

/* Collects a class body's attributes in SQLAlchemy's scan order. */
static void
decl_collect_attrs(DeclCtx *dc, PyStmt *cls, OrmPtrVec *out)
{
	OrmPtrVec	dict_names = {0},
				ann_names = {0},
				order = {0},
				attrs = {0};
	int			i,
				j;

	for (i = 0; i < cls->nbody; i++)
	{
		PyStmt	   *b = cls->body[i];
		const char *name = NULL;
		DeclAttr   *at = NULL;

		if ((b->kind == PYS_ASSIGN || b->kind == PYS_ANNASSIGN) && b->target &&
			b->target->kind == PY_NAME)
			name = b->target->str;
		else if (b->kind == PYS_DEF)
			name = b->name;
		if (!name)
			continue;
		for (j = 0; j < attrs.n; j++)
			if (strcmp(((DeclAttr *) attrs.items[j])->name, name) == 0)
				at = attrs.items[j];
		if (!at)
		{
			at = ORM_NEW(dc->a, DeclAttr);
			at->name = name;
			at->line = b->line;
			at->col = b->col;
			orm_vec_push(dc->a, &attrs, at);
		}
		if (b->kind == PYS_DEF)
		{
			at->value = NULL;
			at->ann = NULL;
			at->def = NULL;
			at->cls_param = b->nparams > 0 ? b->params[0] : NULL;
			if ((at->declared = decl_is_declared_attr(dc, b)) &&
				!decl_def_return(b, &at->ann, &at->value))
				at->def = b;	/* unreadable: an error if it is to be mapped */
			for (j = 0; j < dict_names.n; j++)
				if (strcmp(dict_names.items[j], name) == 0)
					break;
			if (j == dict_names.n)
				orm_vec_push(dc->a, &dict_names, (void *) name);
			continue;
		}
		if (b->kind == PYS_ANNASSIGN)
		{
			at->ann = b->annotation;
			if (b->value)
				at->value = b->value;
			for (j = 0; j < ann_names.n; j++)
				if (strcmp(ann_names.items[j], name) == 0)
					break;
			if (j == ann_names.n)
				orm_vec_push(dc->a, &ann_names, (void *) name);
		}
		else
			at->value = b->value;
		if (b->value)
		{
			for (j = 0; j < dict_names.n; j++)
				if (strcmp(dict_names.items[j], name) == 0)
					break;
			if (j == dict_names.n)
				orm_vec_push(dc->a, &dict_names, (void *) name);
		}
	}
	decl_merge_order(dc->a, &dict_names, &ann_names, &order);
	for (i = 0; i < order.n; i++)
		for (j = 0; j < attrs.n; j++)
			if (strcmp(((DeclAttr *) attrs.items[j])->name, order.items[i]) == 0)
			{
				orm_vec_push(dc->a, out, attrs.items[j]);
				break;
			}
}

static DeclAttr *
decl_attr(OrmPtrVec *attrs, const char *name)
{
	int			i;

	for (i = 0; i < attrs->n; i++)
		if (strcmp(((DeclAttr *) attrs->items[i])->name, name) == 0)
			return attrs->items[i];
	return NULL;
}

/* ---- class kinds ----------------------------------------------------------- */

bool
decl_is_decl_base(DeclCtx *dc, const PyStmt *s)
{
	int			i;

	for (i = 0; i < s->nbases; i++)
	{
		const char *l = decl_last(dc, s->bases[i]);

		if (decl_streq(l, "DeclarativeBase") || decl_streq(l, "DeclarativeBaseNoMeta"))
			return true;
	}
	/* @as_declarative() / @mapper_registry.as_declarative_base() */
	for (i = 0; i < s->ndecorators; i++)
	{
		const PyNode *d = s->decorators[i];
		const char *l = decl_last(dc, d->kind == PY_CALL ? d->a : d);

		if (decl_streq(l, "as_declarative") || decl_streq(l, "as_declarative_base"))
			return true;
	}
	return false;
}

bool
decl_has_assign(const PyStmt *s, const char *name, PyNode **value)
{
	int			i;

	/* the last assignment is the one the class has, as in Python */
	for (i = s->nbody - 1; i >= 0; i--)
	{
		PyStmt	   *b = s->body[i];

		if ((b->kind == PYS_ASSIGN || b->kind == PYS_ANNASSIGN) && b->target &&
			b->target->kind == PY_NAME && strcmp(b->target->str, name) == 0 && b->value)
		{
			if (value)
				*value = b->value;
			return true;
		}
	}
	return false;
}

/*
 * The declarative base a class derives from, through mixins and abstract
 * classes (depth-first, each mixin visited once).
 */
int
decl_too_deep(DeclCtx *dc, const PyStmt *s)
{
	if (dc->cls)
		s = dc->cls;			/* where the user looks, not the deepest ancestor */
	return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
					  "the class hierarchy of \"%s\" is more than %d levels deep",
					  s->name, DECL_MAX_HIERARCHY);
}

static DeclBase *
decl_base_walk(DeclCtx *dc, const PyStmt *s, OrmPtrVec *visited, bool *found_unknown,
			   int depth)
{
	int			i;

	if (depth > DECL_MAX_HIERARCHY)
	{
		decl_too_deep(dc, s);
		return NULL;
	}
	for (i = 0; i < s->nbases; i++)
	{
		const PyNode *b = s->bases[i];
		DeclBase   *base;
		DeclMixin  *m;

		if (b->kind != PY_NAME)
			continue;
		if ((base = decl_find_base(dc->st, b->str)) != NULL)
			return base;
		if ((m = decl_find_mixin(dc->st, b->str)) != NULL)
		{
			DeclBase   *r;

			if (decl_vec_find(visited, m) >= 0)
				continue;
			orm_vec_push(dc->a, visited, m);
			r = decl_base_walk(dc, m->stmt, visited, found_unknown, depth + 1);
			if (r)
				return r;
			continue;
		}
		if (orm_reg_class(dc->reg, b->str) != NULL)
		{
			DeclMapped *mp = decl_find_mapped(dc->st, b->str);

			if (mp && mp->base)
				return mp->base;
			continue;
		}
		if (found_unknown)
			*found_unknown = true;
	}
	return NULL;
}

/*
 * Bases that add methods only, never columns or a table: a class may derive
 * from them without orm seeing their code (flask_login's UserMixin,
 * SQLAlchemy's AsyncAttrs, sqlalchemy_serializer's SerializerMixin, typing's
 * Generic, abc's ABC).
 */
static const char *const decl_method_only_bases[] = {
	"UserMixin", "RoleMixin", "AsyncAttrs", "SerializerMixin", "Generic", "ABC", "object",
	"Protocol", "AllFeaturesMixin", "ActiveRecordMixin", "SmartQueryMixin", "ReprMixin",
	"SerializeMixin",
	"MappedAsDataclass", "ConcreteBase", "AbstractConcreteBase", "DeclarativeBase",
	"DeclarativeBaseNoMeta", NULL
};

/*
 * The first base of s (or of a mixin it derives from) that no declaration
 * defines and that may add columns: a class imported from a module orm has
 * not seen (a library's user table, a project's mixin in a module not
 * declared first).  NULL when there is none.
 */
const PyNode *
decl_unknown_base(DeclCtx *dc, const PyStmt *s, int depth)
{
	if (depth > DECL_MAX_HIERARCHY)
		return NULL;			/* decl_base_walk reports it */
	for (int i = 0; i < s->nbases; i++)
	{
		const PyNode *b = s->bases[i];
		DeclMixin  *m;

		if (b->kind == PY_SUBSCRIPT)
			b = b->a;			/* Generic[T] */
		if (!b || b->kind != PY_NAME || strcmp(b->str, s->name) == 0)
			continue;
		if (decl_find_base(dc->st, b->str) || orm_reg_class(dc->reg, b->str) ||
			decl_in_list(decl_method_only_bases, decl_last(dc, b)))
			continue;
		if ((m = decl_find_mixin(dc->st, b->str)) != NULL)
		{
			const PyNode *u = m->stmt == s ? NULL : decl_unknown_base(dc, m->stmt, depth + 1);

			if (u)
				return u;
			continue;
		}
		return b;
	}
	return NULL;
}

DeclBase *
decl_base_of(DeclCtx *dc, const PyStmt *s, bool *found_unknown)
{
	OrmPtrVec	visited = {0};

	return decl_base_walk(dc, s, &visited, found_unknown, 0);
}

/*
 * The mixins a class inherits attributes from, in MRO order (the class
 * itself excluded): Python's C3 linearization restricted to mixins (and
 * __abstract__ classes), memoized per mixin.  An inconsistent hierarchy
 * (Python would refuse it) falls back to the first remaining head.
 */
typedef struct DeclMro
{
	OrmPtrVec	done;			/* DeclMixin* whose linearization is memoized */
	OrmPtrVec	lin;			/* OrmPtrVec* per entry of done (NULL while in progress) */
	int			depth;			/* decl_c3 recursion */
} DeclMro;

static OrmPtrVec *decl_c3(DeclCtx *dc, DeclMro *memo, const PyStmt *s, DeclMixin *self);

static bool
decl_in_tail(OrmPtrVec **seqs, int *heads, int nseq, void *x)
{
	int			i,
				j;

	for (i = 0; i < nseq; i++)
		for (j = heads[i] + 1; j < seqs[i]->n; j++)
			if (seqs[i]->items[j] == x)
				return true;
	return false;
}

static void
decl_c3_merge(DeclCtx *dc, OrmPtrVec **seqs, int nseq, OrmPtrVec *out)
{
	int		   *heads = ORM_NEWN(dc->a, int, nseq + 1);
	int			i;

	for (;;)
	{
		void	   *pick = NULL;

		for (i = 0; i < nseq && !pick; i++)
			if (heads[i] < seqs[i]->n && !decl_in_tail(seqs, heads, nseq, seqs[i]->items[heads[i]]))
				pick = seqs[i]->items[heads[i]];
		for (i = 0; i < nseq && !pick; i++)
			if (heads[i] < seqs[i]->n)
				pick = seqs[i]->items[heads[i]];
		if (!pick)
			return;
		orm_vec_push(dc->a, out, pick);
		for (i = 0; i < nseq; i++)
			while (heads[i] < seqs[i]->n && seqs[i]->items[heads[i]] == pick)
				heads[i]++;
		for (i = 0; i < nseq; i++)
		{
			int			j,
						k;

			/* drop later occurrences too (only possible when inconsistent) */
			for (j = k = heads[i]; j < seqs[i]->n; j++)
				if (seqs[i]->items[j] != pick)
					seqs[i]->items[k++] = seqs[i]->items[j];
			seqs[i]->n = k;
		}
	}
}

/* Linearization of s (self = its DeclMixin, or NULL for the mapped class): self + merge. */
static OrmPtrVec *
decl_c3(DeclCtx *dc, DeclMro *memo, const PyStmt *s, DeclMixin *self)
{
	OrmPtrVec  *out = ORM_NEW(dc->a, OrmPtrVec);
	OrmPtrVec **seqs;
	OrmPtrVec  *direct = ORM_NEW(dc->a, OrmPtrVec);
	int			i,
				nseq = 0,
				slot = -1;

	if (self)
	{
		slot = decl_vec_find(&memo->done, self);
		if (slot >= 0)
			return memo->lin.items[slot] ? memo->lin.items[slot] : out;	/* cycle: empty */
		orm_vec_push(dc->a, &memo->done, self);
		orm_vec_push(dc->a, &memo->lin, NULL);
		slot = memo->done.n - 1;
		orm_vec_push(dc->a, out, self);
	}
	seqs = ORM_NEWN(dc->a, OrmPtrVec *, s->nbases + 2);
	for (i = 0; i < s->nbases; i++)
	{
		DeclMixin  *m;
		OrmPtrVec  *l,
				   *copy;
		int			j;

		if (s->bases[i]->kind != PY_NAME)
			continue;
		m = decl_find_mixin(dc->st, s->bases[i]->str);
		if (!m || m == self)
			continue;
		if (memo->depth >= DECL_MAX_HIERARCHY)
		{
			decl_too_deep(dc, s);
			break;
		}
		memo->depth++;
		l = decl_c3(dc, memo, m->stmt, m);
		memo->depth--;
		copy = ORM_NEW(dc->a, OrmPtrVec);
		for (j = 0; j < l->n; j++)
			orm_vec_push(dc->a, copy, l->items[j]);
		seqs[nseq++] = copy;
		orm_vec_push(dc->a, direct, m);
	}
	seqs[nseq++] = direct;
	decl_c3_merge(dc, seqs, nseq, out);
	if (slot >= 0)
		memo->lin.items[slot] = out;
	return out;
}

static void
decl_mro(DeclCtx *dc, const PyStmt *s, OrmPtrVec *out)
{
	DeclMro		memo;
	OrmPtrVec  *l;
	int			i;

	memset(&memo, 0, sizeof(memo));
	l = decl_c3(dc, &memo, s, NULL);
	for (i = 0; i < l->n; i++)
		orm_vec_push(dc->a, out, l->items[i]);
}

/* ---- mapped classes -------------------------------------------------------- */

static const char *const decl_skip_callees[] = {
	"column_property", "synonym", "association_proxy", "hybrid_property", "composite",
	"query_expression", "deferred", "declared_attr", "validates", "property",
	"staticmethod", "classmethod", NULL
};

typedef struct DeclMapCtx
{
	OrmClass   *cls;
	OrmTable   *t;
	DeclBase   *base;
	OrmPtrVec	cols;			/* OrmColumn*, scan order */
	OrmPtrVec	orders;			/* sort_order per column (as intptr) */
	OrmPtrVec	seen;			/* attribute names taken */
	OrmPtrVec	xattrs;			/* OrmXattr*: column_property() ..., scan order */
	OrmPtrVec	hybrids;		/* OrmXattr*: hybrids of the class, then of its mixins */
	bool		allow_unmapped; /* __allow_unmapped__: plain annotations are ignored */
	bool		single;			/* a single-table subclass: seen holds the superclass's */
	bool		own;			/* mapping the class's own attributes (not a mixin's) */
	bool		imperative;		/* __table__ = Table(...): the table's columns are given */
	const char *tvar;			/* the module name bound to that table, or NULL */
	OrmPtrVec	comps;			/* DeclComp*: composite() attributes, scan order */
} DeclMapCtx;

/* A composite() being declared: fields given by an attribute name resolve after the body. */
typedef struct DeclComp
{
	OrmComposite *comp;
	const PyNode **refs;		/* per field: the name or t.c.col naming its column, or NULL */
	PyNode	  **anns;			/* per field: its annotation in the dataclass */
} DeclComp;

static bool
decl_seen(DeclMapCtx *mc, const char *name)
{
	int			i;

	for (i = 0; i < mc->seen.n; i++)
		if (strcmp(mc->seen.items[i], name) == 0)
			return true;
	return false;
}

/*
 * SQLAlchemy 2.0 refuses an annotation that is not Mapped[...] (nor
 * ClassVar) on an attribute it would map -- one without a value, or one
 * assigned mapped_column() / Column() / relationship() -- unless the class
 * sets __allow_unmapped__.  A mixin's or the base's bare annotation is
 * left alone, as SQLAlchemy leaves it.
 */
static int
decl_unmapped_annotation(DeclCtx *dc, DeclMapCtx *mc, DeclAttr *at)
{
	const PyNode *ann = at->ann;
	const char *callee = decl_callee(dc, at->value);
	const char *w;

	if (!ann || mc->allow_unmapped || decl_mapped_inner(dc, ann, NULL))
		return dc->err->code ? -1 : 0;
	/* a bare annotation of a mixin or the declarative base (id: Any) maps nothing */
	if (!mc->own && !at->value)
		return 0;
	w = decl_last(dc, ann->kind == PY_SUBSCRIPT ? ann->a : ann);
	if (decl_streq(w, "ClassVar") || (ann->kind == PY_STR && ann->len >= 8 &&
									  memcmp(ann->str, "ClassVar", 8) == 0))
		return 0;
	if (at->value && !decl_streq(callee, "mapped_column") && !decl_streq(callee, "Column") &&
		!decl_streq(callee, "relationship"))
		return 0;
	return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
					  "type annotation for \"%s.%s\" can't be correctly interpreted for "
					  "Annotated Declarative Table form; use Mapped[] or set __allow_unmapped__",
					  mc->cls->name, at->name);
}

/* __allow_unmapped__ = True on the class, a mixin or the declarative base. */
static bool
decl_allow_unmapped(DeclCtx *dc, PyStmt *s)
{
	OrmPtrVec	mro = {0};
	PyNode	   *v = NULL;
	int			i;

	if (decl_has_assign(s, "__allow_unmapped__", &v))
		return decl_flag(dc, v, false);
	decl_mro(dc, s, &mro);
	for (i = 0; i < mro.n; i++)
		if (decl_has_assign(((DeclMixin *) mro.items[i])->stmt, "__allow_unmapped__", &v))
			return decl_flag(dc, v, false);
	return false;
}

/*
 * A column of the imperative table: __table__.c.name, t.c.name, t.c["name"],
 * t.columns.name (t the module name bound to the class's table).  1 with
 * *out set, 0 when n is no such reference, -1 (error set) for an unknown
 * column or a column of another table.
 */
static int
decl_colref(DeclCtx *dc, DeclMapCtx *mc, const PyNode *n, OrmColumn **out)
{
	const PyNode *coll,
			   *head;
	const char *cname;
	DeclVar    *v;

	*out = NULL;
	if (!n)
		return 0;
	if (n->kind == PY_ATTR)
	{
		coll = n->a;
		cname = n->str;
	}
	else if (n->kind == PY_SUBSCRIPT && n->b && n->b->kind == PY_STR)
	{
		coll = n->a;
		cname = orm_strndup(dc->a, n->b->str, n->b->len);
	}
	else
		return 0;
	if (!coll || coll->kind != PY_ATTR || (strcmp(coll->str, "c") != 0 && strcmp(coll->str, "columns") != 0))
		return 0;
	head = coll->a;
	if (!head || head->kind != PY_NAME)
		return 0;
	if (strcmp(head->str, "__table__") != 0 && !(mc->tvar && strcmp(head->str, mc->tvar) == 0))
	{
		if ((v = decl_find_var(dc->st, head->str)) != NULL && v->table != mc->t)
			return decl_errn(dc, n, ORM_ERR_UNSUPPORTED,
							 "%s is a column of another table than the class's __table__",
							 decl_src(dc, n));
		return 0;
	}
	if (!(*out = decl_table_col_ref(mc->t, cname)))
		return decl_errn(dc, n, ORM_ERR_UNKNOWN_ATTR, "table has no column %s", decl_src(dc, n));
	return 1;
}

/*
 * An attribute of a class mapped to an imperative table (__table__): a
 * column of the table under another key (id = user_table.c.user_id),
 * column_property() / deferred() of one; a column declared in the body is
 * refused as SQLAlchemy refuses it (unless the table has it: a mixin's);
 * a Mapped[] annotation alone only types the attribute.  1 when handled
 * here, 0 when the ordinary path maps it, -1 on error.
 */
static int
decl_imperative_attr(DeclCtx *dc, DeclMapCtx *mc, DeclAttr *at)
{
	PyNode	   *v = at->value,
			   *wrapper = NULL;
	const char *callee = decl_callee(dc, v);
	OrmColumn  *c = NULL;
	int			rc;

	if ((decl_streq(callee, "deferred") || decl_streq(callee, "column_property")) && v->nitems >= 1)
	{
		if ((rc = decl_colref(dc, mc, v->items[0], &c)) < 0)
			return -1;
		if (rc > 0)
			wrapper = v;
	}
	else if ((rc = decl_colref(dc, mc, v, &c)) < 0)
		return -1;
	if (c)
	{
		if (c->attr)
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, at->line, at->col,
							  "column \"%s\" is mapped twice (\"%s\" and \"%s\"): a column is "
							  "mapped under one attribute here", c->name, c->attr, at->name);
		if (wrapper && decl_column_prop_flags(dc, wrapper, c) < 0)
			return -1;
		c->attr = orm_strdup(dc->reg->arena, at->name);
		orm_vec_push(dc->a, &mc->seen, (void *) at->name);
		return 1;
	}
	if (decl_streq(callee, "mapped_column") || decl_streq(callee, "Column"))
	{
		const PyNode *nm = v->nitems > 0 && v->items[0]->kind == PY_STR ? v->items[0] : NULL;
		const char *cname = nm ? orm_strndup(dc->a, nm->str, nm->len) : at->name;

		if (!mc->own && decl_table_col_ref(mc->t, cname))
			return 1;			/* a mixin's column the table has */
		return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
						  "can't add additional column \"%s\" when specifying __table__", at->name);
	}
	if (!v && at->ann && decl_mapped_inner(dc, at->ann, NULL))
		return 1;				/* Mapped[int] alone: the table's column types it */
	return dc->err->code ? -1 : 0;
}

/* ---- composite() ------------------------------------------------------------ */

/* The class statement of a @dataclass declared in the module, or NULL. */
static const PyStmt *
decl_dataclass(DeclCtx *dc, const char *name)
{
	const DeclMixin *m = name ? decl_find_mixin(dc->st, name) : NULL;

	for (int i = 0; m && i < m->stmt->ndecorators; i++)
	{
		const PyNode *d = m->stmt->decorators[i];

		if (decl_streq(decl_last(dc, d->kind == PY_CALL ? d->a : d), "dataclass"))
			return m->stmt;
	}
	return NULL;
}

/* Mapped[<ann>], for a composite's column typed by its dataclass field. */
static PyNode *
decl_mapped_of(DeclCtx *dc, PyNode *ann)
{
	PyNode	   *m = ORM_NEW(dc->a, PyNode),
			   *w = ORM_NEW(dc->a, PyNode);

	*w = *ann;
	w->kind = PY_NAME;
	w->str = "Mapped";
	w->a = w->b = w->c = NULL;
	w->nitems = w->nkw = 0;
	*m = *ann;
	m->kind = PY_SUBSCRIPT;
	m->a = w;
	m->b = ann;
	m->nitems = m->nkw = 0;
	return m;
}

/*
 * start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1")),
 * start = composite(Point, "x1", "y1") (attributes of the class), or
 * composite(Point, Column("x1", Integer), ...): as SQLAlchemy's Composite
 * reads them -- the dataclass's fields in order, each a column (a
 * mapped_column() without a type takes the field's annotation; one not given
 * is a column named after the field).
 */
static int
decl_composite(DeclCtx *dc, DeclMapCtx *mc, DeclAttr *at, PyNode *v)
{
	OrmArena   *ra = dc->reg->arena;
	const PyNode *inner = at->ann ? decl_mapped_inner(dc, at->ann, NULL) : NULL;
	const char *cname = NULL;
	const PyStmt *ds;
	OrmPtrVec	fields = {0},
				anns = {0};
	OrmComposite *comp;
	DeclComp   *pc;
	int			first = 0,
				nargs;
	bool		opt = false;

	if (inner)
		inner = decl_unwrap_optional(dc, inner, &opt);
	if (v->nitems > 0 && v->items[0]->kind == PY_NAME && decl_dataclass(dc, v->items[0]->str))
	{
		cname = v->items[0]->str;
		first = 1;
	}
	else if (inner && inner->kind == PY_NAME)
		cname = inner->str;
	if (!cname || !(ds = decl_dataclass(dc, cname)))
		return decl_errn(dc, v, ORM_ERR_UNSUPPORTED,
						 "composite(): its class must be a @dataclass declared in the module "
						 "(composite(Point, ...) or Mapped[Point])", NULL);
	if (v->nkw > 0)
		return decl_errn(dc, v->kwvalues[0], ORM_ERR_UNSUPPORTED, "composite(%s=) is not supported",
						 v->kwnames[0] ? v->kwnames[0] : "**");
	for (int i = 0; i < ds->nbody; i++)
	{
		const PyStmt *b = ds->body[i];
		const char *w;

		if (b->kind != PYS_ANNASSIGN || !b->target || b->target->kind != PY_NAME)
			continue;
		w = decl_last(dc, b->annotation->kind == PY_SUBSCRIPT ? b->annotation->a : b->annotation);
		if (decl_streq(w, "ClassVar"))
			continue;
		orm_vec_push(dc->a, &fields, (void *) b->target->str);
		orm_vec_push(dc->a, &anns, b->annotation);
	}
	nargs = v->nitems - first;
	if (nargs > fields.n)
		return decl_errn(dc, v, ORM_ERR_DECL,
						 "number of composite attributes %s exceeds that of the number of "
						 "attributes in its class", orm_sprintf(dc->a, "%d", nargs));
	if (fields.n == 0)
		return decl_errn(dc, v, ORM_ERR_DECL, "composite(): dataclass %s has no fields", cname);
	comp = ORM_NEW(ra, OrmComposite);
	comp->name = orm_strdup(ra, at->name);
	comp->cls_name = orm_strdup(ra, cname);
	comp->n = fields.n;
	comp->fields = ORM_NEWN(ra, const char *, fields.n);
	comp->cols = ORM_NEWN(ra, OrmColumn *, fields.n);
	comp->line = at->line;
	comp->col = at->col;
	pc = ORM_NEW(dc->a, DeclComp);
	pc->comp = comp;
	pc->refs = ORM_NEWN(dc->a, const PyNode *, fields.n);
	pc->anns = (PyNode **) anns.items;
	for (int i = 0; i < fields.n; i++)
	{
		PyNode	   *arg = i < nargs ? v->items[first + i] : NULL;

		comp->fields[i] = orm_strdup(ra, fields.items[i]);
		if (!arg || decl_is_call(dc, arg, "mapped_column") || decl_is_call(dc, arg, "Column"))
		{
			DeclAttr   *ca = ORM_NEW(dc->a, DeclAttr);
			OrmColumn  *c;

			if (mc->imperative)
				return orm_err_at(dc->err, ORM_ERR_DECL, arg ? arg->line : at->line,
								  arg ? arg->col : at->col,
								  "can't add additional column \"%s\" when specifying __table__",
								  comp->fields[i]);
			ca->name = arg && arg->nitems > 0 && arg->items[0]->kind == PY_STR ?
				orm_strndup(dc->a, arg->items[0]->str, arg->items[0]->len) : comp->fields[i];
			ca->ann = decl_mapped_of(dc, anns.items[i]);
			ca->line = arg ? arg->line : at->line;
			ca->col = arg ? arg->col : at->col;
			ca->sort_order = at->sort_order;
			if (decl_seen(mc, ca->name))
				return orm_err_at(dc->err, ORM_ERR_DECL, ca->line, ca->col,
								  "composite \"%s\": column \"%s\" is an attribute of the class already",
								  at->name, ca->name);
			if (decl_column(dc, mc->t, mc->base, ca, arg, &c) < 0)
				return -1;
			orm_vec_push(dc->a, &mc->seen, (void *) c->attr);
			orm_vec_push(dc->a, &mc->cols, c);
			orm_vec_push(dc->a, &mc->orders, (void *) (intptr_t) ca->sort_order);
			comp->cols[i] = c;
		}
		else if (arg->kind == PY_STR || arg->kind == PY_NAME || arg->kind == PY_ATTR ||
				 arg->kind == PY_SUBSCRIPT)
			pc->refs[i] = arg;
		else
			return decl_errn(dc, arg, ORM_ERR_UNSUPPORTED,
							 "composite() takes mapped_column(), Column() or the class's attributes, not %s",
							 decl_src(dc, arg));
	}
	orm_vec_push(dc->a, &mc->seen, (void *) at->name);
	orm_vec_push(dc->a, &mc->comps, pc);
	return 0;
}

/*
 * composite(Point, x1, y1) naming x1 = mapped_column(Integer) of the body: as
 * SQLAlchemy scans that mapped_column with the field's annotation, the column
 * is nullable only when the field is Optional (unless nullable= is given).
 */
static void
decl_comp_nullable(DeclCtx *dc, const PyNode *r, PyNode *ann, OrmColumn *c)
{
	PyNode	   *v = NULL;
	bool		opt = false;

	if (r->kind != PY_NAME || !dc->cls || !decl_has_assign(dc->cls, r->str, &v) ||
		!decl_is_call(dc, v, "mapped_column") || py_kwarg(v, "nullable") || c->primary_key)
		return;
	if (decl_unwrap_optional(dc, ann, &opt))
		c->nullable = opt;
}

/* The column a composite field names (an attribute of the class, or t.c.col). */
static OrmColumn *
decl_comp_ref(DeclCtx *dc, DeclMapCtx *mc, const PyNode *r)
{
	const char *name = r->kind == PY_STR ? orm_strndup(dc->a, r->str, r->len) :
		r->kind == PY_NAME ? r->str : NULL;
	OrmColumn  *c = NULL;

	if (!name && mc->imperative)
	{
		if (decl_colref(dc, mc, r, &c) < 0)
			return NULL;
	}
	for (int i = 0; name && !c && i < mc->cols.n; i++)
		if (orm_streq(((OrmColumn *) mc->cols.items[i])->attr, name))
			c = mc->cols.items[i];
	if (name && !c)
		c = mc->single && mc->cls->inherits ? orm_class_attr(mc->cls->inherits, name) :
			mc->imperative ? decl_table_col_ref(mc->t, name) : NULL;
	if (!c && !dc->err->code)
		decl_errn(dc, r, ORM_ERR_UNKNOWN_ATTR, "composite(): %s is no column attribute of the class",
				  decl_src(dc, r));
	return c;
}

/* The composites' named fields resolved; each composite added to the class. */
static int
decl_finish_composites(DeclCtx *dc, DeclMapCtx *mc)
{
	for (int i = 0; i < mc->comps.n; i++)
	{
		DeclComp   *pc = mc->comps.items[i];

		for (int j = 0; j < pc->comp->n; j++)
		{
			if (!pc->refs[j])
				continue;
			if (!(pc->comp->cols[j] = decl_comp_ref(dc, mc, pc->refs[j])))
				return -1;
			decl_comp_nullable(dc, pc->refs[j], pc->anns[j], pc->comp->cols[j]);
		}
		orm_vec_push(dc->reg->arena, &mc->cls->composites, pc->comp);
	}
	return 0;
}

/* One attribute of the class (or of a mixin it inherits). */
static int
decl_map_attr(DeclCtx *dc, DeclMapCtx *mc, DeclAttr *at)
{
	PyNode	   *v = at->value,
			   *wrapper = NULL;
	const char *callee;
	OrmColumn  *c = NULL;

	if (decl_is_dunder(at->name) || strcmp(at->name, "type_annotation_map") == 0 ||
		strcmp(at->name, "metadata") == 0 || strcmp(at->name, "registry") == 0)
		return 0;
	if (decl_seen(mc, at->name))
	{
		const char *cl = decl_callee(dc, v);

		/* a column of the subclass's own over the superclass's: SQLAlchemy's conflict */
		if (mc->single && mc->own && (decl_streq(cl, "mapped_column") || decl_streq(cl, "Column") ||
									  (!v && at->ann && decl_mapped_inner(dc, at->ann, NULL))))
			return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
							  "column \"%s\" on class \"%s\" conflicts with existing column "
							  "\"%s.%s\"", at->name, mc->cls->name, mc->t->name,
							  orm_class_attr(mc->cls->inherits, at->name) ?
							  orm_class_attr(mc->cls->inherits, at->name)->name : at->name);
		return 0;
	}
	if (decl_unmapped_annotation(dc, mc, at) < 0)
		return -1;
	if (mc->imperative)
	{
		int			rc = decl_imperative_attr(dc, mc, at);

		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	if (at->def && at->ann && decl_mapped_inner(dc, at->ann, NULL))
		return decl_unreadable_attr(dc, at->def);	/* its mapped_column() is unknown */
	callee = decl_callee(dc, v);
	if ((decl_streq(callee, "deferred") || decl_streq(callee, "column_property")) &&
		v->nitems >= 1 && (decl_is_call(dc, v->items[0], "Column") ||
						   decl_is_call(dc, v->items[0], "mapped_column")))
	{
		/* deferred(Column(...)): a column, loaded only when asked for */
		wrapper = v;
		v = v->items[0];
		callee = decl_callee(dc, v);
	}
	else if (decl_is_xattr_call(dc, v))
	{
		/* column_property(expr), deferred(expr), query_expression() */
		OrmXattr    *p;

		if (decl_xattr(dc, mc->cls, mc->base, at, v, &p) < 0)
			return -1;
		orm_vec_push(dc->a, &mc->seen, (void *) at->name);
		orm_vec_push(dc->a, &mc->xattrs, p);
		return 0;
	}
	if (decl_streq(callee, "composite"))
		return decl_composite(dc, mc, at, v);
	if (v && v->kind == PY_CALL && callee && decl_in_list(decl_skip_callees, callee))
		return 0;
	if (callee && strcmp(callee, "relationship") == 0)
	{
		orm_vec_push(dc->a, &mc->seen, (void *) at->name);
		return decl_relationship(dc, mc->cls, mc->base, at, v);
	}
	if (callee && (strcmp(callee, "mapped_column") == 0 || strcmp(callee, "Column") == 0))
	{
		if (decl_column(dc, mc->t, mc->base, at, v, &c) < 0)
			return -1;
	}
	else if (!v && at->ann && decl_mapped_inner(dc, at->ann, NULL))
	{
		if (decl_column(dc, mc->t, mc->base, at, NULL, &c) < 0)
			return -1;
	}
	else
	{
		if (dc->err->code)
			return -1;
		return 0;				/* plain class attribute, method, constant */
	}
	if (wrapper && decl_column_prop_flags(dc, wrapper, c) < 0)
		return -1;
	orm_vec_push(dc->a, &mc->seen, (void *) at->name);
	orm_vec_push(dc->a, &mc->cols, c);
	orm_vec_push(dc->a, &mc->orders, (void *) (intptr_t) at->sort_order);
	return 0;
}

/* Stable sort of the columns by sort_order (SQLAlchemy 2.0's mapped_column(sort_order=)). */
static void
decl_sort_columns(DeclMapCtx *mc)
{
	int			i,
				j;

	for (i = 1; i < mc->cols.n; i++)
	{
		void	   *c = mc->cols.items[i],
				   *o = mc->orders.items[i];

		for (j = i - 1; j >= 0 && (intptr_t) mc->orders.items[j] > (intptr_t) o; j--)
		{
			mc->cols.items[j + 1] = mc->cols.items[j];
			mc->orders.items[j + 1] = mc->orders.items[j];
		}
		mc->cols.items[j + 1] = c;
		mc->orders.items[j + 1] = o;
	}
}

/* ---- __tablename__ ------------------------------------------------------------ */

/* CamelCase -> camel_case: re.sub(r"(?<!^)(?=[A-Z])", "_", name) */
static const char *
decl_snake(OrmArena *a, const char *name)
{
	OrmBuf		b;
	const char *p;

	orm_buf_init(&b, a);
	for (p = name; *p; p++)
	{
		if (p > name && *p >= 'A' && *p <= 'Z')
			orm_buf_putc(&b, '_');
		orm_buf_putc(&b, *p);
	}
	return b.data ? b.data : "";
}

static const char *
decl_case(OrmArena *a, const char *s, bool upper)
{
	char	   *r = orm_strdup(a, s),
			   *p;

	for (p = r; *p; p++)
		if (upper ? (*p >= 'a' && *p <= 'z') : (*p >= 'A' && *p <= 'Z'))
			*p = (char) (*p ^ 0x20);
	return r;
}

static const char *decl_tablename_eval(DeclCtx *dc, const PyNode *n, const char *cls);

/* f"..." / rf"...": the literal's prefix, as written in the source. */
static bool
decl_is_fstring(const PyNode *n)
{
	const char *p = n->src;
	int			i;

	for (i = 0; p && i < 2 && p[i] && p[i] != '"' && p[i] != '\''; i++)
		if (p[i] == 'f' || p[i] == 'F')
			return true;
	return false;
}

/* f"{cls.__name__.lower()}s": each {expression} evaluated as a __tablename__ value. */
static const char *
decl_fstring_eval(DeclCtx *dc, const PyNode *n, const char *cls)
{
	OrmBuf		b;
	size_t		i = 0;

	orm_buf_init(&b, dc->a);
	while (i < n->len)
	{
		const char *close;
		const char *v;
		OrmError	e;
		PyNode	   *x;

		if (n->str[i] != '{' || (i + 1 < n->len && n->str[i + 1] == '{'))
		{
			orm_buf_putc(&b, n->str[i]);
			i += (n->str[i] == '{' || n->str[i] == '}') && i + 1 < n->len &&
				n->str[i + 1] == n->str[i] ? 2 : 1;
			continue;
		}
		close = memchr(n->str + i, '}', n->len - i);
		if (!close)
			return NULL;
		memset(&e, 0, sizeof(e));
		x = py_parse_expr(dc->a, orm_strndup(dc->a, n->str + i + 1, (size_t) (close - n->str - i - 1)), &e);
		if (!x || !(v = decl_tablename_eval(dc, x, cls)))
			return NULL;
		orm_buf_puts(&b, v);
		i = (size_t) (close - n->str) + 1;
	}
	return orm_buf_cstr(&b);
}

/* "ix_%s_x" % cls.__tablename__ / % (a, b): %s and %% only. */
static const char *
decl_percent_eval(DeclCtx *dc, const PyNode *n, const char *cls)
{
	const PyNode *fmt = n->a;
	const PyNode *const *args = (const PyNode *const *) &n->b;
	int			nargs = 1,
				k = 0;
	OrmBuf		b;
	size_t		i;

	if (n->b && n->b->kind == PY_TUPLE)
	{
		args = (const PyNode *const *) n->b->items;
		nargs = n->b->nitems;
	}
	orm_buf_init(&b, dc->a);
	for (i = 0; i < fmt->len; i++)
	{
		const char *v;

		if (fmt->str[i] != '%')
		{
			orm_buf_putc(&b, fmt->str[i]);
			continue;
		}
		if (i + 1 < fmt->len && fmt->str[i + 1] == '%')
		{
			orm_buf_putc(&b, '%');
			i++;
			continue;
		}
		if (i + 1 >= fmt->len || fmt->str[i + 1] != 's' || k >= nargs ||
			!(v = decl_tablename_eval(dc, args[k++], cls)))
			return NULL;
		orm_buf_puts(&b, v);
		i++;
	}
	return k == nargs ? orm_buf_cstr(&b) : NULL;
}

/*
 * Evaluates a __tablename__ value for class cls: a string, an f-string,
 * cls.__name__, .lower() / .upper(), + concatenation, and the camel-to-snake
 * re.sub idiom.
 * NULL when it is something else.
 */
static const char *
decl_tablename_eval(DeclCtx *dc, const PyNode *n, const char *cls)
{
	const char *l,
			   *r;

	if (!n)
		return NULL;
	if (n->kind == PY_STR && decl_is_fstring(n))
		return decl_fstring_eval(dc, n, cls);
	if (n->kind == PY_STR)
		return orm_strndup(dc->a, n->str, n->len);
	if (n->kind == PY_ATTR && strcmp(n->str, "__name__") == 0)
		return cls;
	if (n->kind == PY_ATTR && strcmp(n->str, "__tablename__") == 0 && dc->cls_tablename)
		return dc->cls_tablename;
	if (n->kind == PY_BINOP && n->op == '+')
	{
		l = decl_tablename_eval(dc, n->a, cls);
		r = decl_tablename_eval(dc, n->b, cls);
		return l && r ? orm_sprintf(dc->a, "%s%s", l, r) : NULL;
	}
	if (n->kind == PY_BINOP && n->op == '%' && n->a && n->a->kind == PY_STR && !decl_is_fstring(n->a))
		return decl_percent_eval(dc, n, cls);
	if (n->kind != PY_CALL)
		return NULL;
	if (n->a->kind == PY_ATTR && n->nitems == 0 &&
		(strcmp(n->a->str, "lower") == 0 || strcmp(n->a->str, "upper") == 0))
	{
		l = decl_tablename_eval(dc, n->a->a, cls);
		return l ? decl_case(dc->a, l, n->a->str[0] == 'u') : NULL;
	}
	if (decl_streq(decl_dotted(dc, n->a), "re.sub") && n->nitems == 3 &&
		n->items[0]->kind == PY_STR && n->items[1]->kind == PY_STR &&
		strcmp(n->items[0]->str, "(?<!^)(?=[A-Z])") == 0 && strcmp(n->items[1]->str, "_") == 0)
	{
		l = decl_tablename_eval(dc, n->items[2], cls);
		return l ? decl_snake(dc->a, l) : NULL;
	}
	return NULL;
}

/*
 * A copy of n (a __table_args__ / __mapper_args__ value) with each f-string
 * evaluated for class cls, as Python evaluates it when the @declared_attr
 * runs for that class: Index(f"ix_{cls.__tablename__}", "a").  The nodes
 * it does not change are shared.  An f-string it cannot evaluate is an
 * error (dc->err set, NULL), never kept as its literal text.
 */
static PyNode *
decl_eval_fstrings(DeclCtx *dc, PyNode *n, const char *cls)
{
	PyNode	   *c;
	bool		changed = false;
	int			i;

	if (!n || dc->err->code)
		return n;
	if (n->kind == PY_BINOP && (n->op == '%' || n->op == '+'))
	{
		/* "ix_%s_x" % cls.__tablename__, "ix_" + cls.__tablename__ */
		const char *v = decl_tablename_eval(dc, n, cls);

		if (v)
		{
			c = ORM_NEW(dc->a, PyNode);
			*c = *n;
			c->kind = PY_STR;
			c->a = c->b = NULL;
			c->str = (char *) v;
			c->len = strlen(v);
			return c;
		}
	}
	if (n->kind == PY_STR && decl_is_fstring(n))
	{
		const char *v = decl_fstring_eval(dc, n, cls);

		if (!v)
		{
			decl_errn(dc, n, ORM_ERR_UNSUPPORTED, "cannot evaluate the f-string %s", decl_src(dc, n));
			return NULL;
		}
		c = ORM_NEW(dc->a, PyNode);
		*c = *n;
		c->str = (char *) v;
		c->len = strlen(v);
		return c;				/* src stays the f-string's, for messages */
	}
	c = ORM_NEW(dc->a, PyNode);
	*c = *n;
	if (n->a && (c->a = decl_eval_fstrings(dc, n->a, cls)) != n->a)
		changed = true;
	if (n->b && (c->b = decl_eval_fstrings(dc, n->b, cls)) != n->b)
		changed = true;
	if (n->c && (c->c = decl_eval_fstrings(dc, n->c, cls)) != n->c)
		changed = true;
	if (n->nitems > 0 && n->items)
	{
		c->items = ORM_NEWN(dc->a, PyNode *, n->nitems);
		for (i = 0; i < n->nitems; i++)
			if ((c->items[i] = decl_eval_fstrings(dc, n->items[i], cls)) != n->items[i])
				changed = true;
		if (n->values)
		{
			c->values = ORM_NEWN(dc->a, PyNode *, n->nitems);
			for (i = 0; i < n->nitems; i++)
				if ((c->values[i] = decl_eval_fstrings(dc, n->values[i], cls)) != n->values[i])
					changed = true;
		}
	}
	if (n->nkw > 0 && n->kwvalues)
	{
		c->kwvalues = ORM_NEWN(dc->a, PyNode *, n->nkw);
		for (i = 0; i < n->nkw; i++)
			if ((c->kwvalues[i] = decl_eval_fstrings(dc, n->kwvalues[i], cls)) != n->kwvalues[i])
				changed = true;
	}
	if (dc->err->code)
		return NULL;
	return changed ? c : n;
}

/*
 * A @declared_attr __tablename__ of a mapped superclass applies to its
 * subclasses too (a plain string does not): the subclass gets a table of
 * its own, joined inheritance.
 */
static void
decl_inherited_tablename(DeclCtx *dc, const PyStmt *s, PyNode **node, int depth)
{
	int			i;

	for (i = 0; i < s->nbases && !*node && depth < 50; i++)
	{
		DeclMapped *mp;
		PyNode	   *v = NULL;

		if (s->bases[i]->kind != PY_NAME || !orm_reg_class(dc->reg, s->bases[i]->str) ||
			!(mp = decl_find_mapped(dc->st, s->bases[i]->str)))
			continue;
		if (!decl_has_assign(mp->decl.stmt, "__tablename__", NULL) &&
			decl_class_value(dc, mp->decl.stmt, "__tablename__", &v))
			*node = v;
		if (!*node)
		{
			/* a directive of a mixin of the superclass (class Person(Tablename, Base)) */
			OrmPtrVec	mro = {0};

			decl_mro(dc, mp->decl.stmt, &mro);
			for (int j = 0; j < mro.n && !*node; j++)
			{
				const PyStmt *ms = ((DeclMixin *) mro.items[j])->stmt;

				if (!decl_has_assign(ms, "__tablename__", NULL) &&
					decl_class_value(dc, ms, "__tablename__", &v))
					*node = v;
			}
		}
		if (!*node)
			decl_inherited_tablename(dc, mp->decl.stmt, node, depth + 1);
	}
}

/*
 * The __tablename__ of class s: its own, else the first one in its MRO
 * (mixins, the declarative base).  *node is the value found, NULL if none.
 */
void
decl_find_tablename(DeclCtx *dc, PyStmt *s, PyNode **node)
{
	OrmPtrVec	mro = {0};
	int			i;

	*node = NULL;
	if (decl_class_value(dc, s, "__tablename__", node))
		return;
	decl_mro(dc, s, &mro);
	for (i = 0; i < mro.n && !*node; i++)
		decl_class_value(dc, ((DeclMixin *) mro.items[i])->stmt, "__tablename__", node);
	if (!*node)
		decl_inherited_tablename(dc, s, node, 0);
}

/* A mixin's hybrids, after the class's own (a name the class has already is its own). */
static int
decl_mixin_hybrids(DeclCtx *dc, DeclMapCtx *mc, const PyStmt *mixin)
{
	OrmPtrVec	hv = {0};

	if (decl_hybrids(dc, mc->cls, mixin, &hv) < 0)
		return -1;
	for (int i = 0; i < hv.n; i++)
	{
		const OrmXattr *h = hv.items[i];
		bool		taken = decl_seen(mc, h->name);

		for (int j = 0; j < mc->hybrids.n && !taken; j++)
			taken = strcmp(((OrmXattr *) mc->hybrids.items[j])->name, h->name) == 0;
		if (!taken)
			orm_vec_push(dc->a, &mc->hybrids, hv.items[i]);
	}
	return 0;
}

/*
 * The class's expression attributes and hybrids: its own (mc), then its
 * superclass's (a name the class has already is its own), as the mapper
 * lists inherited properties after the class's own.
 */
static void
decl_class_props(DeclCtx *dc, DeclMapCtx *mc, const OrmClass *parent)
{
	OrmArena   *ra = dc->reg->arena;
	OrmClass   *cls = mc->cls;
	int			np = parent ? parent->nxattrs : 0,
				nh = parent ? parent->nhybrids : 0;

	cls->xattrs = ORM_NEWN(ra, OrmXattr *, mc->xattrs.n + np + 1);
	for (int i = 0; i < mc->xattrs.n; i++)
		cls->xattrs[cls->nxattrs++] = mc->xattrs.items[i];
	cls->hybrids = ORM_NEWN(ra, OrmXattr *, mc->hybrids.n + nh + 1);
	for (int i = 0; i < mc->hybrids.n; i++)
		cls->hybrids[cls->nhybrids++] = mc->hybrids.items[i];
	for (int i = 0; i < np; i++)
		if (!orm_class_xattr(cls, parent->xattrs[i]->name) && !orm_class_attr(cls, parent->xattrs[i]->name))
			cls->xattrs[cls->nxattrs++] = parent->xattrs[i];
	for (int i = 0; i < nh; i++)
		if (!orm_class_xattr(cls, parent->hybrids[i]->name))
			cls->hybrids[cls->nhybrids++] = parent->hybrids[i];
}

/*
 * cls->pybases: its mixins (mro, the class's own MRO restricted to them),
 * then each declarative base the class or one of them names as a base --
 * the unmapped classes whose __subclasses__() reach cls without passing a
 * mapped class (with_loader_criteria(Mixin, ...) applies to it).
 */
static void
decl_pybases(DeclCtx *dc, OrmClass *cls, const PyStmt *s, const OrmPtrVec *mro)
{
	OrmArena   *ra = dc->reg->arena;

	for (int i = 0; i < mro->n; i++)
		orm_vec_push(ra, &cls->pybases, orm_strdup(ra, ((DeclMixin *) mro->items[i])->name));
	for (int i = -1; i < mro->n; i++)
	{
		const PyStmt *b = i < 0 ? s : ((DeclMixin *) mro->items[i])->stmt;

		for (int k = 0; k < b->nbases; k++)
		{
			const char *name = b->bases[k]->kind == PY_NAME ? b->bases[k]->str : NULL;
			bool		seen = false;

			if (!name || !decl_find_base(dc->st, name))
				continue;
			for (int j = 0; j < cls->pybases.n && !seen; j++)
				seen = strcmp(cls->pybases.items[j], name) == 0;
			if (!seen)
				orm_vec_push(ra, &cls->pybases, orm_strdup(ra, name));
		}
	}
}

/* Own attributes, then each mixin's in MRO order; the first __table_args__ / __mapper_args__. */
static int
decl_map_body(DeclCtx *dc, DeclMapCtx *mc, PyStmt *s, PyNode **targs, PyNode **margs)
{
	OrmPtrVec	attrs = {0},
				mro = {0};
	int			i,
				j;

	decl_collect_attrs(dc, s, &attrs);
	mc->own = true;
	for (i = 0; i < attrs.n; i++)
		if (decl_map_attr(dc, mc, attrs.items[i]) < 0)
			return -1;
	if (decl_hybrids(dc, mc->cls, s, &mc->hybrids) < 0)
		return -1;
	mc->own = false;
	decl_class_value(dc, s, "__table_args__", targs);
	decl_class_value(dc, s, "__mapper_args__", margs);
	decl_mro(dc, s, &mro);
	decl_pybases(dc, mc->cls, s, &mro);
	for (i = 0; i < mro.n; i++)
	{
		DeclMixin  *m = mro.items[i];
		OrmPtrVec	mattrs = {0};

		/* a mixin's plain attributes, then its @declared_attr ones */
		decl_collect_attrs(dc, m->stmt, &mattrs);
		for (j = 0; j < 2 * mattrs.n; j++)
		{
			DeclAttr   *at = mattrs.items[j % mattrs.n];

			if (at->declared != (j >= mattrs.n) || decl_attr(&attrs, at->name))
				continue;		/* not this pass, or overridden by the class */
			if (decl_map_attr(dc, mc, at) < 0)
				return -1;
		}
		if (decl_mixin_hybrids(dc, mc, m->stmt) < 0)
			return -1;
		if (!*targs)
			decl_class_value(dc, m->stmt, "__table_args__", targs);
		if (!*margs)
			decl_class_value(dc, m->stmt, "__mapper_args__", margs);
	}
	if (decl_finish_composites(dc, mc) < 0)
		return -1;
	decl_sort_columns(mc);
	return dc->err->code ? -1 : 0;
}

/* A __mapper_args__ value naming an attribute: "type", type, or cls.type. */
static OrmColumn *
decl_mapper_col(DeclCtx *dc, OrmClass *cls, const PyNode *v)
{
	const char *name = v->kind == PY_NAME ? v->str : v->kind == PY_ATTR ? v->str :
		v->kind == PY_STR ? orm_strndup(dc->a, v->str, v->len) : NULL;

	return name ? orm_class_attr(cls, name) : NULL;
}

/*
 * __mapper_args__ with_polymorphic: "*", a list of subclasses (resolved by
 * inherit.c: they may come later in the source), or either as the first of
 * a pair whose selectable is None.
 */
static int
decl_mapper_wp(DeclCtx *dc, OrmClass *cls, const PyNode *v)
{
	cls->wp_all = false;
	cls->wp_names.n = 0;
	cls->wp_line = v->line;
	cls->wp_col = v->col;
	if (v->kind == PY_NONE)
		return 0;
	if (v->kind == PY_TUPLE && v->nitems == 2 && v->items[1]->kind == PY_NONE &&
		(v->items[0]->kind == PY_STR || v->items[0]->kind == PY_LIST ||
		 v->items[0]->kind == PY_TUPLE))
		v = v->items[0];
	if (v->kind == PY_STR && v->len == 1 && v->str[0] == '*')
	{
		cls->wp_all = true;
		return 0;
	}
	if (v->kind == PY_LIST || v->kind == PY_TUPLE)
	{
		for (int i = 0; i < v->nitems; i++)
		{
			const PyNode *it = v->items[i];
			const char *name = it->kind == PY_NAME ? it->str :
				it->kind == PY_STR ? orm_strndup(dc->reg->arena, it->str, it->len) : NULL;

			if (!name)
				return decl_errn(dc, it, ORM_ERR_UNSUPPORTED,
								 "with_polymorphic names mapped classes, not %s", decl_src(dc, it));
			orm_vec_push(dc->reg->arena, &cls->wp_names, (void *) orm_strdup(dc->reg->arena, name));
		}
		return 0;
	}
	return decl_errn(dc, v, ORM_ERR_UNSUPPORTED,
					 "with_polymorphic is \"*\" or a list of subclasses (a selectable is not supported), not %s",
					 decl_src(dc, v));
}

/*
 * The other keyword arguments of SQLAlchemy 2.0's Mapper.  Each is accepted only
 * where it cannot change what is stored or returned here; the rest are refused
 * rather than ignored (a silently mis-mapped class is worse than an error).
 */
typedef struct DeclMapperKw
{
	const char *name;
	int			accept;			/* MK_ANY, MK_FALSE (accepted when falsy), MK_TRUE,
								 * MK_NONE, MK_NEVER */
	const char *why;			/* what the refusal says the key would do */
} DeclMapperKw;

enum
{
	MK_ANY,
	MK_FALSE,
	MK_TRUE,
	MK_NONE,
	MK_NEVER
};

static const DeclMapperKw decl_mapper_kws[] = {
	/* how and when SQLAlchemy emits its statements: the rows and results are the same */
	{"eager_defaults", MK_ANY, NULL},
	{"batch", MK_ANY, NULL},
	{"confirm_deleted_rows", MK_ANY, NULL},
	{"always_refresh", MK_ANY, NULL},
	{"_compiled_cache_size", MK_ANY, NULL},
	/* a joined subclass's key change is refused anyway ("Unit of work") */
	{"passive_updates", MK_ANY, NULL},
	/* their defaults are what orm does */
	{"allow_partial_pks", MK_TRUE, "objects whose primary key is partly NULL would not be loaded"},
	{"legacy_is_orphan", MK_FALSE, "orphan detection would consider any one parent"},
	{"passive_deletes", MK_FALSE, "a joined subclass's rows would be left to the database's ON DELETE"},
	{"non_primary", MK_FALSE, "a non-primary mapper (deprecated in SQLAlchemy 1.3)"},
	{"version_id_generator", MK_NONE, "the version counter would be generated otherwise"},
	{"inherits", MK_NONE, "the inherited mapper would be another than the Python base class's"},
	{"properties", MK_NONE, "properties would be added outside the class body"},
	{"include_properties", MK_NONE, "only some columns of the table would be mapped"},
	{"exclude_properties", MK_NONE, "some columns of the table would not be mapped"},
	{"column_prefix", MK_NONE, "column attributes would be named with a prefix"},
	{"primary_key", MK_NONE, "the mapper's primary key would differ from the table's"},
	{"inherit_condition", MK_NONE, "the join to the parent table would be given explicitly"},
	{"inherit_foreign_keys", MK_NONE, "the join to the parent table would be given explicitly"},
	{"_polymorphic_map", MK_NEVER, "a private argument of SQLAlchemy's"},
	{NULL, 0, NULL}
};

static int
decl_mapper_other_arg(DeclCtx *dc, const PyNode *k, const PyNode *v)
{
	char	   *name;
	const DeclMapperKw *m;
	bool		ok;

	if (!k || k->kind != PY_STR)
		return decl_errn(dc, k ? k : v, ORM_ERR_DECL, "__mapper_args__ keys must be strings", NULL);
	name = orm_strndup(dc->a, k->str, k->len);
	v = decl_const(dc, (PyNode *) v);
	if (dc->err->code)
		return -1;
	if (!v)
		v = k;
	if (strcmp(name, "class_") == 0 || strcmp(name, "local_table") == 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, k->line, k->col,
						  "Mapper.__init__() got multiple values for argument '%s'", name);
	for (m = decl_mapper_kws; m->name; m++)
		if (strcmp(m->name, name) == 0)
			break;
	if (!m->name)
		return orm_err_at(dc->err, ORM_ERR_DECL, k->line, k->col,
						  "Mapper.__init__() got an unexpected keyword argument '%s'", name);
	switch (m->accept)
	{
		case MK_ANY:
			ok = true;
			break;
		case MK_FALSE:
			ok = v->kind == PY_NONE || v->kind == PY_FALSE || (v->kind == PY_INT && v->ival == 0);
			break;
		case MK_TRUE:
			ok = v->kind == PY_TRUE || (v->kind == PY_INT && v->ival != 0);
			break;
		case MK_NONE:
			ok = v->kind == PY_NONE;
			break;
		default:
			ok = false;
			break;
	}
	if (ok)
		return 0;
	return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, k->line, k->col,
					  "__mapper_args__ \"%s\" = %s is not supported: %s",
					  name, decl_src(dc, v), m->why);
}

/* Does foreign key fk (not resolved yet: its target text) reference column c of table t? */
static bool
decl_fk_names(const OrmForeignKey *fk, const OrmTable *t, const OrmColumn *c)
{
	const char *s = fk->target;
	size_t		n;

	if (t->schema && strncmp(s, t->schema, strlen(t->schema)) == 0 && s[strlen(t->schema)] == '.')
		s += strlen(t->schema) + 1;
	n = strlen(t->name);
	return strncmp(s, t->name, n) == 0 && s[n] == '.' && strcmp(s + n + 1, c->name) == 0;
}

/* Does column c's foreign key reference a column of table t? */
static bool
decl_references_col(const OrmColumn *c, const OrmTable *t)
{
	for (int i = 0; i < t->ncols; i++)
		if (decl_fk_names(c->fk, t, t->cols[i]))
			return true;
	return false;
}

/* One side of an inherit_condition: a column of the class body (id) or Class.col. */
static OrmColumn *
decl_inherit_side(DeclCtx *dc, OrmClass *cls, const PyNode *n)
{
	if (n->kind == PY_NAME)
		return orm_class_attr(cls, n->str);
	if (n->kind == PY_ATTR && n->a && n->a->kind == PY_NAME)
	{
		const OrmClass *k = strcmp(n->a->str, cls->name) == 0 ? cls : orm_reg_class(dc->reg, n->a->str);

		return k ? orm_class_attr(k, n->str) : NULL;
	}
	return NULL;
}

/*
 * inherit_condition: accepted where it is the join orm makes anyway (decl/inherit.c:
 * each own primary key column with a foreign key to the superclass's table, equal
 * to the column it references) -- SQLAlchemy needs it when the tables have foreign
 * keys both ways (employees.manager_id -> managers.id); any other join is refused.
 */
static int
decl_inherit_condition(DeclCtx *dc, OrmClass *cls, const PyNode *v)
{
	const PyNode *terms[16];
	int			nterms = 0,
				nfk = 0;
	OrmTable   *t = cls->table,
			   *pt = cls->inherits ? cls->inherits->table : NULL;
	const char *callee = decl_callee(dc, v);

	if (!pt || pt == t)
		return decl_errn(dc, v, ORM_ERR_UNSUPPORTED,
						 "__mapper_args__ \"inherit_condition\" = %s is not supported: only a joined "
						 "subclass has an inherit condition", decl_src(dc, v));
	if (callee && strcmp(callee, "and_") == 0 && v->nitems <= 16)
		for (int i = 0; i < v->nitems; i++)
			terms[nterms++] = v->items[i];
	else
		terms[nterms++] = v;
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i]->primary_key && t->cols[i]->fk && decl_references_col(t->cols[i], pt))
			nfk++;
	for (int i = 0; i < nterms; i++)
	{
		const PyNode *e = terms[i];
		OrmColumn  *a = NULL,
				   *b = NULL;

		if (e->kind == PY_COMPARE && e->op == PY_OP_EQ)
		{
			a = decl_inherit_side(dc, cls, e->a);
			b = decl_inherit_side(dc, cls, e->b);
			if (a && a->table != t)
			{
				OrmColumn  *x = a;

				a = b, b = x;
			}
		}
		if (!a || !b || a->table != t || b->table != pt || !a->primary_key || !a->fk ||
			!decl_fk_names(a->fk, pt, b))
			return decl_errn(dc, e, ORM_ERR_UNSUPPORTED,
							 "__mapper_args__ \"inherit_condition\" = %s is not supported: only the "
							 "join of the primary key's foreign key to the parent table is", decl_src(dc, v));
	}
	if (nterms != nfk)
		return decl_errn(dc, v, ORM_ERR_UNSUPPORTED,
						 "__mapper_args__ \"inherit_condition\" = %s is not supported: only the "
						 "join of the primary key's foreign key to the parent table is", decl_src(dc, v));
	return 0;
}

/*
 * __mapper_args__: version_id_col, polymorphic_on, polymorphic_identity,
 * polymorphic_load, with_polymorphic; concrete (concrete.c).
 */
static int
decl_mapper_args(DeclCtx *dc, OrmClass *cls, const PyNode *margs, bool imperative)
{
	int			i;

	if (cls->inherits)
		cls->polymorphic_on = cls->inherits->polymorphic_on;
	margs = decl_const(dc, (PyNode *) margs);
	if (margs && (margs->kind != PY_DICT || margs->op == PY_OP_IN))
		return decl_errn(dc, margs, ORM_ERR_DECL, "__mapper_args__ must be a dict", NULL);
	for (i = 0; margs && i < margs->nitems; i++)
	{
		const PyNode *k = margs->items[i],
				   *v = margs->values[i];

		if (decl_key_is(k, "version_id_col"))
		{
			if (!(cls->version_col = decl_mapper_col(dc, cls, v)))
				return decl_errn(dc, v, ORM_ERR_UNKNOWN_ATTR, "unknown version_id_col \"%s\"", decl_src(dc, v));
		}
		else if (decl_key_is(k, "polymorphic_on"))
		{
			if (!(cls->polymorphic_on = decl_mapper_col(dc, cls, v)))
				return decl_errn(dc, v, ORM_ERR_UNKNOWN_ATTR, "unknown polymorphic_on \"%s\"", decl_src(dc, v));
		}
		else if (decl_key_is(k, "concrete"))
			(void) decl_flag(dc, v, false);	/* read by decl_concrete (concrete.c) */
		else if (decl_key_is(k, "polymorphic_load"))
		{
			const char *s = v->kind == PY_STR ? orm_strndup(dc->a, v->str, v->len) : NULL;

			if (v->kind == PY_NONE)
				cls->polymorphic_load = ORM_POLY_DEFAULT;
			else if (s && strcmp(s, "inline") == 0)
				cls->polymorphic_load = ORM_POLY_INLINE;
			else if (s && strcmp(s, "selectin") == 0)
				cls->polymorphic_load = ORM_POLY_SELECTIN;
			else
				return decl_errn(dc, v, ORM_ERR_DECL,
								 "polymorphic_load is \"inline\", \"selectin\" or None, not %s",
								 decl_src(dc, v));
		}
		else if (decl_key_is(k, "with_polymorphic"))
		{
			if (decl_mapper_wp(dc, cls, v) < 0)
				return -1;
		}
		else if (imperative && (decl_key_is(k, "include_properties") || decl_key_is(k, "exclude_properties") ||
								decl_key_is(k, "column_prefix") || decl_key_is(k, "primary_key")))
			continue;			/* read by decl_imperative_class */
		else if (decl_key_is(k, "inherit_condition") && v->kind != PY_NONE)
		{
			if (decl_inherit_condition(dc, cls, v) < 0)
				return -1;
		}
		else if (decl_key_is(k, "version_id_generator") &&
				 decl_version_generator(dc, decl_const(dc, (PyNode *) v)) != ORM_DEF_NONE)
			cls->version_gen.kind = decl_version_generator(dc, decl_const(dc, (PyNode *) v));
		else if (decl_key_is(k, "polymorphic_abstract"))
			cls->polymorphic_abstract = decl_flag(dc, v, false);
		else if (decl_key_is(k, "polymorphic_identity"))
		{
			OrmBuf		b;

			if (v->kind == PY_NONE)
				continue;
			orm_buf_init(&b, dc->reg->arena);
			if (!decl_const_json(dc, v, &b))
				return decl_errn(dc, v, ORM_ERR_UNSUPPORTED, "unsupported polymorphic_identity \"%s\"",
								 decl_src(dc, v));
			cls->polymorphic_identity = orm_buf_cstr(&b);
		}
		else if (decl_mapper_other_arg(dc, k, v) < 0)
			return -1;
	}
	return 0;
}

static OrmClass *
decl_new_class(DeclCtx *dc, const PyStmt *s, OrmClass *parent)
{
	OrmClass   *c = ORM_NEW(dc->reg->arena, OrmClass);

	c->name = orm_strdup(dc->reg->arena, s->name);
	c->source_no = dc->source_no;
	c->line = s->line;
	c->col = s->col;
	c->inherits = parent;
	return c;
}

/* Remembers which declarative base a mapped class derives from (for subclasses). */
static void
decl_note_mapped(DeclCtx *dc, PyStmt *s, DeclBase *base)
{
	DeclMapped *m = ORM_NEW(dc->reg->arena, DeclMapped);

	m->name = orm_strdup(dc->reg->arena, s->name);
	m->base = base;
	m->decl.name = m->name;
	m->decl.stmt = s;
	orm_vec_push(dc->reg->arena, &dc->st->mapped, m);
}

/* Does a foreign key of t name a column of table to? */
static bool
decl_references(const OrmTable *t, const OrmTable *to)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
	{
		const OrmForeignKey *fk = t->cols[i]->fk;
		const char *dot;
		size_t		n;

		if (!fk || !(dot = strrchr(fk->target, '.')))
			continue;
		n = (size_t) (dot - fk->target);
		if (to->schema && strncmp(fk->target, to->schema, strlen(to->schema)) == 0 &&
			fk->target[strlen(to->schema)] == '.')
			n -= strlen(to->schema) + 1;
		if (strlen(to->name) == n && strncmp(dot - n, to->name, n) == 0)
			return true;
	}
	return false;
}

/*
 * One table per name and schema in a source: another class of this source
 * mapped to the same table is an error, as SQLAlchemy's MetaData says.
 */
static int
decl_table_taken(DeclCtx *dc, const OrmTable *t, const PyStmt *s)
{
	const OrmTable *old = orm_reg_table(dc->reg, t->name);

	if (old && old->cls && orm_streq(old->schema, t->schema) &&
		old->cls->source_no == dc->source_no && strcmp(old->cls->name, s->name) != 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "table \"%s\" is already defined (class \"%s\")", t->name, old->cls->name);
	return 0;
}

/*
 * A class with its own table: a plain mapped class, or (parent set) a
 * joined-table inheritance subclass, whose table holds its own columns.
 */
int
decl_mapped_class(DeclCtx *dc, PyStmt *s, PyNode *tablename, OrmClass *parent)
{
	const char *tname = decl_tablename_eval(dc, tablename, s->name);
	DeclMapCtx	mc;
	PyNode	   *targs = NULL,
			   *margs = NULL;

	memset(&mc, 0, sizeof(mc));
	if (!tname)
		return decl_errn(dc, tablename, ORM_ERR_UNSUPPORTED,
						 "cannot evaluate __tablename__ \"%s\"", decl_src(dc, tablename));
	mc.cls = decl_new_class(dc, s, parent);
	mc.t = ORM_NEW(dc->reg->arena, OrmTable);
	mc.cls->table = mc.t;
	mc.t->name = orm_strdup(dc->reg->arena, tname);
	mc.t->cls = mc.cls;
	mc.t->line = s->line;
	mc.t->col = s->col;
	mc.base = decl_base_of(dc, s, NULL);
	mc.allow_unmapped = decl_allow_unmapped(dc, s);
	if (decl_map_body(dc, &mc, s, &targs, &margs) < 0)
		return -1;
	if (decl_table_finish(dc, mc.t, &mc.cols) < 0)
		return -1;
	if (mc.t->ncols == 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "class \"%s\" maps no columns", s->name);
	dc->cls_tablename = mc.t->name;
	targs = decl_eval_fstrings(dc, targs, s->name);
	margs = decl_eval_fstrings(dc, margs, s->name);
	dc->cls_tablename = NULL;
	if (dc->err->code)
		return -1;
	if (targs && decl_table_args(dc, mc.t, targs) < 0)
		return -1;
	if (!mc.t->schema && mc.base)
		mc.t->schema = mc.base->schema;	/* MetaData(schema=) */
	decl_table_pk(dc, mc.t);
	if (mc.t->npk == 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "mapper for class \"%s\" could not assemble any primary key columns", s->name);
	decl_column_indexes(dc, mc.t);
	if (decl_apply_naming(dc, mc.base ? mc.base->naming : NULL, mc.t) < 0)
		return -1;
	mc.cls->nattrs = mc.t->ncols;
	mc.cls->attrs = mc.t->cols;
	decl_class_props(dc, &mc, parent);
	if (decl_mapper_args(dc, mc.cls, margs, false) < 0)
		return -1;
	if (parent && !decl_references(mc.t, parent->table))
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "can't determine the inherit condition between inherited table \"%s\" "
						  "and inheriting table \"%s\"; they have no foreign key", parent->table->name,
						  mc.t->name);
	if (decl_table_taken(dc, mc.t, s) < 0)
		return -1;
	decl_note_mapped(dc, s, mc.base);
	decl_put_class(dc->reg, mc.cls);
	return 0;
}

/*
 * Single-table inheritance: a subclass of a mapped class without a table of
 * its own.  Its columns go to the end of the superclass's table (nullable as
 * declared, as SQLAlchemy does); its attributes are the superclass's, then
 * its own.  __table_args__ is not allowed here (SQLAlchemy refuses it too).
 */
int
decl_single_table_class(DeclCtx *dc, PyStmt *s, OrmClass *parent)
{
	OrmArena   *ra = dc->reg->arena;
	OrmTable   *t = parent->table;
	DeclMapCtx	mc;
	PyNode	   *targs = NULL,
			   *margs = NULL;
	OrmColumn **cols;
	int			i,
				old = t->ncols;

	memset(&mc, 0, sizeof(mc));
	mc.cls = decl_new_class(dc, s, parent);
	mc.cls->table = t;
	mc.t = t;
	mc.base = decl_base_of(dc, s, NULL);
	mc.allow_unmapped = decl_allow_unmapped(dc, s);
	mc.single = true;
	for (i = 0; i < parent->nattrs; i++)
		orm_vec_push(dc->a, &mc.seen, (void *) parent->attrs[i]->attr);
	if (decl_map_body(dc, &mc, s, &targs, &margs) < 0)
		return -1;
	if (targs && decl_has_assign(s, "__table_args__", NULL))
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "can't place __table_args__ on an inherited class with no table");
	cols = ORM_NEWN(ra, OrmColumn *, old + mc.cols.n + 1);
	memcpy(cols, t->cols, sizeof(OrmColumn *) * (size_t) old);
	for (i = 0; i < mc.cols.n; i++)
	{
		/* SQLAlchemy: "Column 'x' on class B conflicts with existing column 'a.x'" */
		if (decl_new_column_name(dc, t, cols, old + i, mc.cols.items[i]) < 0)
			return -1;
		cols[old + i] = mc.cols.items[i];
		cols[old + i]->pos = old + i;
		cols[old + i]->table = t;
		if (cols[old + i]->index)
			orm_vec_push(ra, &t->indexes, decl_column_index(dc, t, cols[old + i]));
	}
	t->cols = cols;
	t->ncols = old + mc.cols.n;
	mc.cls->nattrs = parent->nattrs + mc.cols.n;
	mc.cls->attrs = ORM_NEWN(ra, OrmColumn *, mc.cls->nattrs + 1);
	memcpy(mc.cls->attrs, parent->attrs, sizeof(OrmColumn *) * (size_t) parent->nattrs);
	memcpy(mc.cls->attrs + parent->nattrs, cols + old, sizeof(OrmColumn *) * (size_t) mc.cols.n);
	decl_class_props(dc, &mc, parent);
	if (decl_mapper_args(dc, mc.cls, margs, false) < 0)
		return -1;
	decl_note_mapped(dc, s, mc.base);
	decl_put_class(dc->reg, mc.cls);
	return 0;
}

/* ---- declarative with an imperative table (__table__) ---------------------- */

/* __table__'s value: a module name bound to Table(...), Table(...) itself, or Base.metadata.tables["t"]. */
static OrmTable *
decl_imperative_table(DeclCtx *dc, PyNode *v, const char **tvar)
{
	OrmTable   *t = NULL;
	DeclVar    *var;

	*tvar = NULL;
	if (v->kind == PY_NAME && (var = decl_find_var(dc->st, v->str)) != NULL)
	{
		*tvar = var->name;
		return var->table;
	}
	if (decl_is_call(dc, v, "Table"))
	{
		if (decl_plain_table(dc, NULL, v, &t) < 0)
			return NULL;
		return t;
	}
	if (v->kind == PY_SUBSCRIPT && v->a->kind == PY_ATTR && strcmp(v->a->str, "tables") == 0 &&
		v->b && v->b->kind == PY_STR &&
		(t = orm_reg_table(dc->reg, orm_strndup(dc->a, v->b->str, v->b->len))) != NULL && !t->cls)
		return t;
	decl_errn(dc, v, ORM_ERR_UNSUPPORTED,
			  "cannot evaluate __table__ = %s: give a Table(...) or a module-level name bound to one",
			  decl_src(dc, v));
	return NULL;
}

/* __mapper_args__ include_properties / exclude_properties: the names listed (strings). */
static int
decl_prop_names(DeclCtx *dc, const PyNode *v, OrmPtrVec *out)
{
	v = decl_const(dc, (PyNode *) v);
	if (!v || (v->kind != PY_LIST && v->kind != PY_TUPLE && !(v->kind == PY_CALL &&
															 (decl_streq(decl_callee(dc, v), "set") ||
															  decl_streq(decl_callee(dc, v), "frozenset")))))
		return decl_errn(dc, v, ORM_ERR_UNSUPPORTED, "expected a list of attribute names, not %s",
						 decl_src(dc, v));
	if (v->kind == PY_CALL)
	{
		if (v->nitems != 1)
			return decl_errn(dc, v, ORM_ERR_UNSUPPORTED, "expected a list of attribute names, not %s",
							 decl_src(dc, v));
		return decl_prop_names(dc, v->items[0], out);
	}
	for (int i = 0; i < v->nitems; i++)
	{
		if (v->items[i]->kind != PY_STR)
			return decl_errn(dc, v->items[i], ORM_ERR_UNSUPPORTED,
							 "attribute names are strings here, not %s", decl_src(dc, v->items[i]));
		orm_vec_push(dc->a, out, (void *) orm_strndup(dc->a, v->items[i]->str, v->items[i]->len));
	}
	return 0;
}

static bool
decl_name_in(const OrmPtrVec *v, const char *name)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i], name) == 0)
			return true;
	return false;
}

/*
 * __mapper_args__ of an imperative table's class: column_prefix (the
 * default keys of the columns not named in the body), include_properties,
 * exclude_properties (columns left unmapped: attr NULL, not in cls->attrs)
 * and primary_key (the mapper's key where the table has none).
 */
static int
decl_imperative_margs(DeclCtx *dc, DeclMapCtx *mc, const PyNode *margs, OrmPtrVec *pkcols)
{
	OrmTable   *t = mc->t;
	const char *prefix = NULL;
	OrmPtrVec	inc = {0},
				exc = {0};
	bool		has_inc = false;
	bool	   *named = ORM_NEWN(dc->a, bool, t->ncols + 1);

	for (int i = 0; i < t->ncols; i++)
		named[i] = t->cols[i]->attr != NULL;
	margs = decl_const(dc, (PyNode *) margs);
	for (int i = 0; margs && margs->kind == PY_DICT && i < margs->nitems; i++)
	{
		const PyNode *k = margs->items[i],
				   *v = margs->values[i];

		if (decl_key_is(k, "column_prefix"))
		{
			v = decl_const(dc, (PyNode *) v);
			if (v->kind != PY_STR)
				return decl_errn(dc, v, ORM_ERR_UNSUPPORTED, "column_prefix is a string, not %s",
								 decl_src(dc, v));
			prefix = orm_strndup(dc->a, v->str, v->len);
		}
		else if (decl_key_is(k, "include_properties"))
		{
			has_inc = true;
			if (decl_prop_names(dc, v, &inc) < 0)
				return -1;
		}
		else if (decl_key_is(k, "exclude_properties"))
		{
			if (decl_prop_names(dc, v, &exc) < 0)
				return -1;
		}
		else if (decl_key_is(k, "primary_key"))
		{
			PyNode	   *l = decl_const(dc, (PyNode *) v);
			PyNode	   *one[1];
			PyNode	   *const *items = one;
			int			n = 1;

			one[0] = l;
			if (l->kind == PY_LIST || l->kind == PY_TUPLE)
				items = l->items, n = l->nitems;
			for (int j = 0; j < n; j++)
			{
				OrmColumn  *c = NULL;
				int			rc = decl_colref(dc, mc, items[j], &c);

				if (rc < 0)
					return -1;
				if (!c && items[j]->kind == PY_STR)
					c = decl_table_col_ref(t, orm_strndup(dc->a, items[j]->str, items[j]->len));
				if (!c)
					return decl_errn(dc, items[j], ORM_ERR_UNSUPPORTED,
									 "primary_key names columns of the class's table, not %s",
									 decl_src(dc, items[j]));
				orm_vec_push(dc->a, pkcols, c);
			}
		}
	}
	for (int i = 0; i < t->ncols; i++)
	{
		OrmColumn  *c = t->cols[i];

		if (!named[i])
			c->attr = prefix ? orm_sprintf(dc->reg->arena, "%s%s", prefix, c->name) :
				orm_strdup(dc->reg->arena, c->name);
		if ((has_inc && !decl_name_in(&inc, c->attr)) || decl_name_in(&exc, c->attr))
			c->attr = NULL;		/* not mapped */
	}
	for (int i = 0; i < t->ncols; i++)
		for (int j = i + 1; j < t->ncols; j++)
			if (t->cols[i]->attr && t->cols[j]->attr && strcmp(t->cols[i]->attr, t->cols[j]->attr) == 0)
				return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, mc->cls->line, mc->cls->col,
								  "class \"%s\": columns \"%s\" and \"%s\" would both be attribute \"%s\"",
								  mc->cls->name, t->cols[i]->name, t->cols[j]->name, t->cols[i]->attr);
	return 0;
}

static bool
decl_ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		ch == '_' || (unsigned char) ch >= 0x80;
}

/* The identifier at *p (advanced past it and the blanks after it), or NULL. */
static const char *
decl_scan_ident(OrmArena *a, const char **p)
{
	const char *s = *p,
			   *e = s;

	if (!decl_ident_char(*s) || (*s >= '0' && *s <= '9'))
		return NULL;
	while (decl_ident_char(*e))
		e++;
	*p = e;
	while (**p == ' ' || **p == '\t')
		(*p)++;
	return orm_strndup(a, s, (size_t) (e - s));
}

/*
 * A column_property() expression's text of an imperative table's class, with
 * each t.c.col / __table__.c.col written as the column's attribute (the
 * expression is evaluated in the class body's terms, where that name is the
 * column).  Quoted strings are copied as they are.
 */
static const char *
decl_colref_text(DeclCtx *dc, DeclMapCtx *mc, const char *expr)
{
	OrmBuf		b;
	const char *p = expr;

	orm_buf_init(&b, dc->reg->arena);
	while (*p)
	{
		const char *q = p,
				   *id,
				   *c,
				   *col;
		const OrmColumn *oc;

		if (*p == '\'' || *p == '"')
		{
			char		quote = *p;

			orm_buf_putc(&b, *p++);
			while (*p && *p != quote)
			{
				if (*p == '\\' && p[1])
					orm_buf_putc(&b, *p++);
				orm_buf_putc(&b, *p++);
			}
			if (*p)
				orm_buf_putc(&b, *p++);
			continue;
		}
		if ((p > expr && (decl_ident_char(p[-1]) || p[-1] == '.')) || !(id = decl_scan_ident(dc->a, &q)))
		{
			orm_buf_putc(&b, *p++);
			continue;
		}
		if ((strcmp(id, "__table__") == 0 || (mc->tvar && strcmp(id, mc->tvar) == 0)) && *q == '.')
		{
			const char *r = q + 1;

			while (*r == ' ' || *r == '\t')
				r++;
			if ((c = decl_scan_ident(dc->a, &r)) != NULL && (strcmp(c, "c") == 0 || strcmp(c, "columns") == 0) &&
				*r == '.')
			{
				r++;
				while (*r == ' ' || *r == '\t')
					r++;
				if ((col = decl_scan_ident(dc->a, &r)) != NULL && (oc = orm_table_col(mc->t, col)) != NULL &&
					oc->attr)
				{
					orm_buf_puts(&b, oc->attr);
					/* keep the blanks the scan skipped after the name */
					while (r > p && (r[-1] == ' ' || r[-1] == '\t'))
						r--;
					p = r;
					continue;
				}
			}
		}
		while (p < q && decl_ident_char(*p))
			orm_buf_putc(&b, *p++);
	}
	return orm_buf_cstr(&b);
}

/*
 * Declarative with an imperative table: class C(Base): __table__ = t.  The
 * Table's columns are the class's column attributes (in table order, keyed
 * by column name unless the body names one: id = t.c.user_id), with the
 * body's relationships, column_property() expressions and hybrids; parent
 * set: a joined subclass mapped to its own table.  __tablename__ and
 * __table_args__ are ignored, as SQLAlchemy ignores them beside __table__.
 */
int
decl_imperative_class(DeclCtx *dc, PyStmt *s, PyNode *table, OrmClass *parent)
{
	OrmArena   *ra = dc->reg->arena;
	DeclMapCtx	mc;
	PyNode	   *targs = NULL,
			   *margs = NULL;
	OrmPtrVec	pkcols = {0};
	OrmTable   *t;
	int			i,
				n = 0;

	memset(&mc, 0, sizeof(mc));
	if (!(t = decl_imperative_table(dc, table, &mc.tvar)))
		return -1;
	if (t->cls && strcmp(t->cls->name, s->name) != 0)
		return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, s->line, s->col,
						  "class \"%s\": table \"%s\" is mapped by class \"%s\" already; "
						  "one class per table is supported", s->name, t->name, t->cls->name);
	if (parent && t == parent->table)
		return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, s->line, s->col,
						  "class \"%s\": __table__ is its superclass's table; leave __table__ out "
						  "for single-table inheritance", s->name);
	for (i = 0; i < t->ncols; i++)
		t->cols[i]->attr = NULL;	/* a class of an earlier source may have named them */
	mc.cls = decl_new_class(dc, s, parent);
	mc.cls->table = t;
	mc.t = t;
	mc.imperative = true;
	mc.base = decl_base_of(dc, s, NULL);
	mc.allow_unmapped = decl_allow_unmapped(dc, s);
	if (decl_map_body(dc, &mc, s, &targs, &margs) < 0)
		return -1;
	if (mc.cols.n > 0)			/* not reached: decl_imperative_attr refuses columns */
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "class \"%s\": can't add columns when specifying __table__", s->name);
	if (decl_imperative_margs(dc, &mc, margs, &pkcols) < 0)
		return -1;
	if (pkcols.n > 0)
	{
		bool		same = t->npk == pkcols.n;

		for (i = 0; same && i < pkcols.n; i++)
			same = ((OrmColumn *) pkcols.items[i])->primary_key;
		if (!same && t->npk > 0)
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, s->line, s->col,
							  "class \"%s\": a mapper primary_key other than its table's primary "
							  "key is not supported", s->name);
		if (!same)
		{
			t->npk = pkcols.n;
			t->pk = ORM_NEWN(ra, OrmColumn *, pkcols.n + 1);
			for (i = 0; i < pkcols.n; i++)
			{
				t->pk[i] = pkcols.items[i];
				t->pk[i]->primary_key = true;
			}
			t->pk_mapper_only = true;
		}
	}
	if (t->npk == 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "mapper for class \"%s\" could not assemble any primary key columns "
						  "(table \"%s\" has none; give __mapper_args__ \"primary_key\")", s->name, t->name);
	for (i = 0; i < t->npk; i++)
		if (!t->pk[i]->attr)
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, s->line, s->col,
							  "class \"%s\": primary key column \"%s\" is not mapped", s->name,
							  t->pk[i]->name);
	mc.cls->attrs = ORM_NEWN(ra, OrmColumn *, t->ncols + 1);
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->attr)
			mc.cls->attrs[n++] = t->cols[i];
	mc.cls->nattrs = n;
	t->cls = mc.cls;
	for (i = 0; i < mc.xattrs.n; i++)
	{
		OrmXattr   *x = mc.xattrs.items[i];

		if (x->expr)
			x->expr = decl_colref_text(dc, &mc, x->expr);
	}
	decl_class_props(dc, &mc, parent);
	if (decl_mapper_args(dc, mc.cls, margs, true) < 0)
		return -1;
	if (parent && !decl_references(t, parent->table))
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "can't determine the inherit condition between inherited table \"%s\" "
						  "and inheriting table \"%s\"; they have no foreign key", parent->table->name,
						  t->name);
	decl_note_mapped(dc, s, mc.base);
	decl_put_class(dc->reg, mc.cls);
	return 0;
}
