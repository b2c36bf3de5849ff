/*
 * declare.c -- SQLAlchemy 2.0 declarative source -> registry.
 *
 * Owns: orm_registry_new, orm_declare_source, orm_registry_resolve,
 * orm_registry_summary.  Reads the PyModule that pyparse.c builds and
 * interprets it the way sqlalchemy.orm.decl_base does:
 *
 *   import lines        remembered as aliases (Enum as SAEnum, sqlalchemy as sa)
 *   class B(DeclarativeBase)        a declarative base, with type_annotation_map
 *   class E(enum.Enum)              an OrmEnum (members and values)
 *   class M: x = mapped_column()    a mixin (neither base nor enum nor mapped)
 *   class C(M, B): __tablename__    a mapped class; its columns in the mapper's
 *                                   order: own attributes (class dict merged with
 *                                   annotations, as util.merge_lists_w_ordering),
 *                                   then each mixin's in MRO order; sort_order=
 *   t = Table("t", B.metadata, Column(...))   a plain table
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
 * Declaring only records what is written; orm_registry_resolve() then binds
 * foreign keys to columns, relationships to targets, works out each
 * relationship's direction and join columns (SQLAlchemy's rules: secondary ->
 * MANYTOMANY, else the side holding the foreign key, self-referential by
 * remote_side), pairs back_populates and creates backrefs.  Resolve can run
 * again after further sources: it first drops what the previous run derived.
 *
 * Assumes: pyast.h's tree; the registry arena outlives every source (the
 * syntax trees of mixins and relationships are kept there until resolve).
 * Never touches SQL, hosts or engines.
 */
#include "decl/registry.h"
#include "lang/pyast.h"

#include <string.h>
#include <stdlib.h>

/* ---- private state kept in reg->decl --------------------------------------- */

typedef struct DeclAlias
{
	const char *name;			/* SAEnum */
	const char *target;			/* sqlalchemy.Enum */
} DeclAlias;

typedef struct DeclTypeMapItem
{
	const char *key;			/* last component of the Python type: "str", "Decimal" */
	PyNode	   *type;			/* String(255) */
} DeclTypeMapItem;

typedef struct DeclBase
{
	const char *name;
	OrmPtrVec	tmap;			/* DeclTypeMapItem* */
	PyNode	   *naming;			/* its MetaData's naming_convention dict, or NULL */
	const char *schema;			/* its MetaData's schema=, or NULL */
} DeclBase;

/* A module-level name bound to a dict, tuple, list, MetaData(...) or a type (String(50)). */
typedef struct DeclConst
{
	const char *name;
	PyNode	   *value;
} DeclConst;

typedef struct DeclMixin
{
	const char *name;
	PyStmt	   *stmt;			/* the class statement (kept in the registry arena) */
} DeclMixin;

/* The declarative base of a mapped class (its subclasses derive from it too). */
typedef struct DeclMapped
{
	const char *name;
	DeclBase   *base;
	DeclMixin	decl;			/* its class statement (name, stmt) */
} DeclMapped;

typedef struct DeclVar
{
	const char *name;			/* module variable: post_tags */
	OrmTable   *table;
} DeclVar;

/*
 * An Annotated[...] type, inline or a module alias:
 *   intpk = Annotated[int, mapped_column(primary_key=True)]
 *   str50 = Annotated[str, 50]
 */
typedef struct DeclAnno
{
	const char *name;			/* the alias, NULL inline */
	PyNode	   *node;			/* Annotated[...] */
	PyNode	   *type;			/* the Python type: int */
	PyNode	   *col;			/* the mapped_column(...) it carries, or NULL */
} DeclAnno;

/* What resolve needs about a declared relationship beyond OrmRelationship. */
typedef struct DeclRel
{
	OrmRelationship *rel;
	PyNode	   *call;			/* relationship(...) */
	int			ann_coll;		/* annotation: 1 collection, 0 scalar, -1 none */
	DeclBase   *base;
} DeclRel;

typedef struct DeclState
{
	OrmPtrVec	aliases;		/* DeclAlias* */
	OrmPtrVec	bases;			/* DeclBase* */
	OrmPtrVec	mixins;			/* DeclMixin* */
	OrmPtrVec	vars;			/* DeclVar* */
	OrmPtrVec	annos;			/* DeclAnno*: module-level Annotated[...] aliases */
	OrmPtrVec	consts;			/* DeclConst*: module-level dicts, sequences, MetaData(...) */
	OrmPtrVec	mapped;			/* DeclMapped*: the base of each mapped class */
	OrmPtrVec	rels;			/* DeclRel* */
	OrmPtrVec	origins;		/* DeclOrigin*: which source declared a plain table / enum */
} DeclState;

typedef struct DeclOrigin
{
	const void *obj;
	int			source_no;
} DeclOrigin;

/* Per-source context. */
typedef struct DeclCtx
{
	OrmRegistry *reg;
	OrmArena   *a;
	DeclState  *st;
	const char *src;			/* the source text (node src pointers point into it) */
	int			source_no;
	OrmError   *err;
	int			nest;			/* names being followed into their definitions */
	long		follows;		/* names followed for this statement (decl_follow) */
	const PyStmt *cls;			/* the class statement being declared, or NULL */
} DeclCtx;

/* One attribute of a class body (or a mixin's), as collected. */
typedef struct DeclAttr
{
	const char *name;
	PyNode	   *ann;			/* the annotation, or NULL */
	PyNode	   *value;			/* the assigned value, or NULL */
	int			line,
				col;
	int			sort_order;
	bool		declared;		/* a @declared_attr function */
	const PyStmt *def;			/* that function, when its body is not one return */
} DeclAttr;

static int	decl_column(DeclCtx *dc, OrmTable *t, DeclBase *base, DeclAttr *at,
						PyNode *call, OrmColumn **out);
static bool decl_has_assign(const PyStmt *s, const char *name, PyNode **value);

/* ---- small helpers -------------------------------------------------------- */

static bool
decl_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static const char *
decl_lastcomp(const char *dotted)
{
	const char *p;

	if (!dotted)
		return NULL;
	p = strrchr(dotted, '.');
	return p ? p + 1 : dotted;
}

static DeclAlias *
decl_alias(DeclState *st, const char *name)
{
	int			i;

	for (i = st->aliases.n - 1; i >= 0; i--)
	{
		DeclAlias  *al = st->aliases.items[i];

		if (strcmp(al->name, name) == 0)
			return al;
	}
	return NULL;
}

/* Builtin aliases the seed uses without importing them in every snippet. */
static const char *const decl_builtin_alias[][2] = {
	{"SAEnum", "sqlalchemy.Enum"},
	{"PG_UUID", "sqlalchemy.dialects.postgresql.UUID"},
	{"PG_ARRAY", "sqlalchemy.dialects.postgresql.ARRAY"},
	{"PG_INTERVAL", "sqlalchemy.dialects.postgresql.INTERVAL"},
};

/*
 * The last component of a NAME/ATTR chain after import aliases:
 * SAEnum -> "Enum", sa.String -> "String", datetime.utcnow -> "utcnow".
 */
static const char *
decl_last(DeclCtx *dc, const PyNode *n)
{
	if (!n)
		return NULL;
	if (n->kind == PY_ATTR)
		return n->str;
	if (n->kind == PY_NAME)
	{
		DeclAlias  *al = decl_alias(dc->st, n->str);
		size_t		i;

		if (al)
			return decl_lastcomp(al->target);
		for (i = 0; i < sizeof(decl_builtin_alias) / sizeof(decl_builtin_alias[0]); i++)
			if (strcmp(n->str, decl_builtin_alias[i][0]) == 0)
				return decl_lastcomp(decl_builtin_alias[i][1]);
		return n->str;
	}
	return NULL;
}

/* The full dotted name after aliases ("datetime.datetime.utcnow"), or NULL. */
static const char *
decl_dotted(DeclCtx *dc, const PyNode *n)
{
	const char *d = py_dotted_name(dc->a, n);
	const char *dot;
	DeclAlias  *al;
	char	   *first;

	if (!d)
		return NULL;
	dot = strchr(d, '.');
	first = dot ? orm_strndup(dc->a, d, (size_t) (dot - d)) : (char *) d;
	al = decl_alias(dc->st, first);
	if (!al)
		return d;
	return dot ? orm_sprintf(dc->a, "%s%s", al->target, dot) : al->target;
}

/* The callee's last name of a CALL node ("mapped_column"), else NULL. */
static const char *
decl_callee(DeclCtx *dc, const PyNode *n)
{
	if (!n || n->kind != PY_CALL)
		return NULL;
	return decl_last(dc, n->a);
}

static bool
decl_is_call(DeclCtx *dc, const PyNode *n, const char *name)
{
	return decl_streq(decl_callee(dc, n), name);
}

static const char *
decl_src(DeclCtx *dc, const PyNode *n)
{
	if (n->kind == PY_STR)
		return orm_strndup(dc->a, n->str, n->len);
	if (n->src)
		return orm_strndup(dc->a, n->src, n->srclen);
	return "?";
}

static int
decl_errn(DeclCtx *dc, const PyNode *n, OrmErrCode code, const char *msg, const char *arg)
{
	if (arg)
		return orm_err_at(dc->err, code, n ? n->line : 0, n ? n->col : 0, msg, arg);
	return orm_err_at(dc->err, code, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

/*
 * Following a name into what it is bound to (an Annotated alias, a module
 * constant): at most DECL_MAX_FOLLOW links deep and DECL_MAX_FOLLOWS links
 * per statement, so that names bound to each other (a = Annotated[b, ...];
 * b = Annotated[a, ...]) are an error, not an endless (or exponential)
 * recursion.  decl_follow() enters one link (false: too far, error set at
 * n unless quiet), decl_unfollow() leaves it.
 */
#define DECL_MAX_FOLLOW		32
#define DECL_MAX_FOLLOWS	100000

static bool
decl_follow_q(DeclCtx *dc, const PyNode *n, bool quiet)
{
	if (dc->nest >= DECL_MAX_FOLLOW || dc->follows >= DECL_MAX_FOLLOWS)
	{
		if (!quiet)
			orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col,
					   "\"%s\" refers to itself through the names it is defined with",
					   decl_src(dc, n));
		return false;
	}
	dc->nest++;
	dc->follows++;
	return true;
}

static bool
decl_follow(DeclCtx *dc, const PyNode *n)
{
	return decl_follow_q(dc, n, false);
}

static void
decl_unfollow(DeclCtx *dc)
{
	dc->nest--;
}

/* Length of the longest prefix of s (len bytes) of at most max bytes that ends between characters. */
static int
decl_utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t		n = len > max ? max : len;

	while (n > 0 && n < len && ((unsigned char) s[n] & 0xC0) == 0x80)
		n--;
	return (int) n;
}

/* A dict key: the string name. */
static bool
decl_key_is(const PyNode *k, const char *name)
{
	return k && k->kind == PY_STR && k->len == strlen(name) && memcmp(k->str, name, k->len) == 0;
}

static bool
decl_bool(const PyNode *n, bool dflt)
{
	if (!n)
		return dflt;
	if (n->kind == PY_TRUE)
		return true;
	if (n->kind == PY_FALSE || n->kind == PY_NONE)
		return false;
	if (n->kind == PY_INT)
		return n->ival != 0;
	if (n->kind == PY_STR)
		return n->len > 0;
	return dflt;
}

/*
 * A flag argument (primary_key=, nullable=, uselist=, ...): True, False,
 * None, or a number or string (Python's truth); anything else -- a name,
 * an expression -- cannot be evaluated here and is an error (dc->err set),
 * rather than read as the default.
 */
static bool
decl_flag(DeclCtx *dc, const PyNode *n, bool dflt)
{
	if (n && n->kind != PY_TRUE && n->kind != PY_FALSE && n->kind != PY_NONE &&
		n->kind != PY_INT && n->kind != PY_STR)
		orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col, "expected True or False, not %s",
				   n->src ? orm_strndup(dc->a, n->src, n->srclen) : "an expression");
	return decl_bool(n, dflt);
}

/* ---- numbers ------------------------------------------------------------------ */

/*
 * The value of an integer literal as written (decimal, 0x, 0o, 0b,
 * underscores); false when it does not fit in 64 bits (the parser's ival
 * saturates, which would silently change the value).
 */
static bool
decl_lit_int(const PyNode *n, uint64_t *out)
{
	const char *p = n->str;
	int			base = 10;
	uint64_t	v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	for (; *p; p++)
	{
		int			d = *p >= '0' && *p <= '9' ? *p - '0' :
			*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (*p == '_')
			continue;
		if (d < 0 || d >= base || v > (UINT64_MAX - (uint64_t) d) / (uint64_t) base)
			return false;
		v = v * (uint64_t) base + (uint64_t) d;
	}
	*out = v;
	return true;
}

/*
 * Decimal number text (digits with single underscores, optional fraction
 * and exponent, as a Python float or int literal or a Decimal("...")
 * string) in JSON's spelling: underscores and leading zeros dropped, "1."
 * -> "1.0", ".5" -> "0.5".  False when s is not such a number.
 */
static bool
decl_num_canon(const char *s, size_t len, OrmBuf *out)
{
	const char *p = s,
			   *end = s + len;
	bool		any = false,
				lead = true;

	for (; p < end && ((*p >= '0' && *p <= '9') || *p == '_'); p++)
	{
		if (*p == '_')
			continue;
		any = true;
		if (lead && *p == '0')
			continue;			/* leading zeros */
		lead = false;
		orm_buf_putc(out, *p);
	}
	if (any && lead)
		orm_buf_putc(out, '0');
	if (p < end && *p == '.')
	{
		bool		frac = false;

		if (!any)
			orm_buf_putc(out, '0');
		orm_buf_putc(out, '.');
		for (p++; p < end && ((*p >= '0' && *p <= '9') || *p == '_'); p++)
			if (*p != '_')
				orm_buf_putc(out, *p), frac = true;
		if (!frac && !any)
			return false;		/* "." */
		if (!frac)
			orm_buf_putc(out, '0');
		any = true;
	}
	if (!any)
		return false;
	if (p < end && (*p == 'e' || *p == 'E'))
	{
		bool		exp = false;

		orm_buf_putc(out, 'e');
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			orm_buf_putc(out, *p++);
		for (; p < end && ((*p >= '0' && *p <= '9') || *p == '_'); p++)
			if (*p != '_')
				orm_buf_putc(out, *p), exp = true;
		if (!exp)
			return false;
	}
	return p == end;
}

/*
 * A number literal (INT / FLOAT node, optionally negated) as JSON and SQL
 * number text.  An integer too large for 64 bits in another base than 10,
 * or a float that is not finite, is an error (dc->err set, NULL returned):
 * written as digits it would mean another value, or none.
 */
static const char *
decl_number(DeclCtx *dc, const PyNode *n, bool neg)
{
	OrmBuf		b;
	uint64_t	v;

	orm_buf_init(&b, dc->reg->arena);
	if (neg)
		orm_buf_putc(&b, '-');
	if (n->kind == PY_INT && n->str[0] == '0' && n->str[1] && strchr("xXoObB", n->str[1]))
	{
		if (!decl_lit_int(n, &v))
		{
			orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col,
					   "integer literal %s does not fit in 64 bits", n->str);
			return NULL;
		}
		orm_buf_printf(&b, "%llu", (unsigned long long) v);
		return orm_buf_cstr(&b);
	}
	if ((n->kind != PY_INT && n->kind != PY_FLOAT) ||
		(n->kind == PY_FLOAT && !(n->fval - n->fval == 0)) ||	/* inf, nan */
		!decl_num_canon(n->str, strlen(n->str), &b))
	{
		orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col,
				   "number %s cannot be represented (not finite)", n->str);
		return NULL;
	}
	return orm_buf_cstr(&b);
}

/* A number constant: INT, FLOAT, or -/+ one of them. */
static bool
decl_is_number(const PyNode *n)
{
	if (n && n->kind == PY_UNARY && (n->op == '-' || n->op == '+'))
		n = n->a;
	return n && (n->kind == PY_INT || n->kind == PY_FLOAT);
}

/* decl_number of a decl_is_number node. */
static const char *
decl_number_of(DeclCtx *dc, const PyNode *n)
{
	if (n->kind == PY_UNARY)
		return decl_number(dc, n->a, n->op == '-');
	return decl_number(dc, n, false);
}

/*
 * An integer argument (String(50), Identity(start=-5), sort_order=...):
 * 0 with *out set, 1 when absent or None (*out untouched), -1 error for
 * anything else or a value outside [lo, hi] -- a type argument that is not
 * a literal integer would otherwise be dropped without a word.
 */
static int
decl_intval(DeclCtx *dc, const PyNode *n, int64_t lo, int64_t hi, const char *what, int64_t *out)
{
	const PyNode *lit = n;
	bool		neg = false;
	uint64_t	v;

	if (!n || n->kind == PY_NONE)
		return 1;
	if (n->kind == PY_UNARY && (n->op == '-' || n->op == '+') && n->a)
		neg = n->op == '-', lit = n->a;
	if (lit->kind != PY_INT)
		return orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col, "%s must be an integer, not %s",
						  what, n->src ? orm_strndup(dc->a, n->src, n->srclen) : decl_src(dc, n));
	if (decl_lit_int(lit, &v) && v <= (uint64_t) INT64_MAX)
	{
		int64_t		val = neg ? -(int64_t) v : (int64_t) v;

		if (val >= lo && val <= hi)
		{
			*out = val;
			return 0;
		}
	}
	return orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col,
					  "%s %s is out of range (%lld to %lld)", what, decl_src(dc, n),
					  (long long) lo, (long long) hi);
}

/* decl_intval into an int field. */
static int
decl_intfield(DeclCtx *dc, const PyNode *n, int lo, const char *what, int *field)
{
	int64_t		v;
	int			rc = decl_intval(dc, n, lo, INT32_MAX, what, &v);

	if (rc == 0)
		*field = (int) v;
	return rc < 0 ? -1 : 0;
}

static const char *
decl_str(DeclCtx *dc, const PyNode *n)
{
	if (n && n->kind == PY_STR)
		return orm_strndup(dc->a, n->str, n->len);
	return NULL;
}

/* Moves positions of a tree parsed from a string literal onto the literal. */
static void
decl_shift_pos(PyNode *n, const PyNode *s, int depth)
{
	int			i;

	if (!n || depth > 300)
		return;
	if (n->line == 1)
		n->col = s->col + n->col;	/* the text starts after the opening quote */
	n->line = s->line + n->line - 1;
	decl_shift_pos(n->a, s, depth + 1);
	decl_shift_pos(n->b, s, depth + 1);
	decl_shift_pos(n->c, s, depth + 1);
	for (i = 0; i < n->nitems; i++)
	{
		decl_shift_pos(n->items[i], s, depth + 1);
		if (n->values)
			decl_shift_pos(n->values[i], s, depth + 1);
	}
	for (i = 0; i < n->nkw && n->kwvalues; i++)
		decl_shift_pos(n->kwvalues[i], s, depth + 1);
}

/* Parses the text of a string literal as an expression (annotations, "User.id"). */
static PyNode *
decl_parse_str(DeclCtx *dc, const PyNode *s)
{
	OrmError	e;
	PyNode	   *n;

	memset(&e, 0, sizeof(e));
	n = py_parse_expr(dc->a, orm_strndup(dc->a, s->str, s->len), &e);
	if (!n)
	{
		orm_err_at(dc->err, ORM_ERR_SYNTAX, s->line, s->col, "invalid expression in string \"%.*s\"",
				   decl_utf8_prefix(s->str, s->len, 100), s->str);
		return NULL;
	}
	decl_shift_pos(n, s, 0);
	return n;
}

/* ---- registry lists -------------------------------------------------------- */

static void
decl_origin(DeclCtx *dc, const void *obj)
{
	DeclOrigin *o = ORM_NEW(dc->reg->arena, DeclOrigin);

	o->obj = obj;
	o->source_no = dc->source_no;
	orm_vec_push(dc->reg->arena, &dc->st->origins, o);
}

static int
decl_origin_of(const OrmRegistry *reg, const void *obj)
{
	const DeclState *st = reg->decl;
	int			i;

	for (i = 0; st && i < st->origins.n; i++)
		if (((DeclOrigin *) st->origins.items[i])->obj == obj)
			return ((DeclOrigin *) st->origins.items[i])->source_no;
	return -1;
}

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
 * import a.b as c -> c means a.b;  from m import x [as y] -> x (y) means
 * m.x.  (A plain "import a.b" binds a, which means itself.)
 */
static void
decl_import(DeclCtx *dc, const PyStmt *s)
{
	int			i;

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
			}
		}
	if (decl_has_assign(s, "metadata", &md))
	{
		b->naming = decl_naming_of(dc, md);
		b->schema = decl_schema_of(dc, md);
	}
	if (decl_has_assign(s, "type_annotation_map", &tm) && tm->kind == PY_DICT)
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

static int
decl_class(DeclCtx *dc, PyStmt *s)
{
	PyNode	   *tablename = NULL,
			   *abstract = NULL;
	OrmClass   *parent = NULL;
	int			i;

	if (decl_is_decl_base(dc, s))
	{
		decl_add_base(dc, s);
		return 0;
	}
	for (i = 0; i < s->nbases; i++)
		if (decl_is_enum_base(dc, s->bases[i]))
			return decl_enum_class(dc, s);
	if (decl_has_assign(s, "__abstract__", &abstract) && decl_flag(dc, abstract, false))
	{
		decl_add_mixin(dc, s);
		return 0;
	}
	if (decl_has_assign(s, "__table__", NULL))
		return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, s->line, s->col,
						  "class \"%s\": __table__ is not supported; use __tablename__", s->name);
	/* a __tablename__ of its own, or an inherited one under a declarative base */
	if (!decl_has_assign(s, "__tablename__", &tablename) && decl_base_of(dc, s, NULL))
		decl_find_tablename(dc, s, &tablename);
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
	}
	decl_add_mixin(dc, s);
	return 0;
}

/* ---- module ---------------------------------------------------------------- */

/*
 * declarative_base(cls=Mixin): the base carries the mixin's attributes and
 * directives, so it is also recorded as a mixin with the mixin's body.
 */
static void
decl_base_cls(DeclCtx *dc, DeclBase *b, const PyNode *cls)
{
	DeclMixin  *src,
			   *m;

	if (!cls || cls->kind != PY_NAME || !(src = decl_find_mixin(dc->st, cls->str)))
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
static int
decl_module_index(DeclCtx *dc, PyNode *call)
{
	const PyNode *el = call->nitems > 1 ? call->items[1] : NULL;
	OrmTable   *t = NULL;
	OrmClass   *c;
	DeclVar    *v;

	if (el && el->kind == PY_ATTR && el->a->kind == PY_NAME &&
		(c = orm_reg_class(dc->reg, el->a->str)) != NULL)
		t = c->table;
	else if (el && el->kind == PY_ATTR && el->a->kind == PY_ATTR && strcmp(el->a->str, "c") == 0 &&
			 el->a->a->kind == PY_NAME && (v = decl_find_var(dc->st, el->a->a->str)) != NULL)
		t = v->table;
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
		(v->kind == PY_DICT || v->kind == PY_TUPLE || v->kind == PY_LIST ||
		 decl_streq(callee, "MetaData") || (v->kind == PY_CALL && decl_is_type_expr(dc, v))))
	{
		DeclConst  *k = ORM_NEW(dc->reg->arena, DeclConst);

		k->name = orm_strdup(dc->reg->arena, s->target->str);
		k->value = v;
		orm_vec_push(dc->reg->arena, &dc->st->consts, k);
		return 0;
	}
	if (!callee || !s->target)
		return 0;
	if (strcmp(callee, "Index") == 0)
		return decl_module_index(dc, v);
	if (strcmp(callee, "Table") == 0)
		return decl_plain_table(dc, s->target->kind == PY_NAME ? s->target->str : NULL, v);
	if (strcmp(callee, "declarative_base") == 0 && s->target->kind == PY_NAME)
	{
		DeclBase   *b = ORM_NEW(dc->reg->arena, DeclBase);

		b->name = orm_strdup(dc->reg->arena, s->target->str);
		b->naming = decl_naming_of(dc, py_kwarg(v, "metadata"));
		b->schema = decl_schema_of(dc, py_kwarg(v, "metadata"));
		decl_forget(dc->st, b->name);
		orm_vec_push(dc->reg->arena, &dc->st->bases, b);
		decl_base_cls(dc, b, py_kwarg(v, "cls"));
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
				decl_import(&dc, s);
				break;
			case PYS_CLASS:
				dc.cls = s;
				rc = decl_class(&dc, s);
				dc.cls = NULL;
				break;
			case PYS_ASSIGN:
				rc = decl_module_assign(&dc, s);
				break;
			case PYS_EXPR:
				if (decl_is_call(&dc, s->value, "Index"))
					rc = decl_module_index(&dc, s->value);
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
