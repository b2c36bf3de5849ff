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

static DeclState *
decl_state(OrmRegistry *reg)
{
	if (!reg->decl)
		reg->decl = ORM_NEW(reg->arena, DeclState);
	return reg->decl;
}

static void
decl_vec_remove(OrmPtrVec *v, int i)
{
	memmove(&v->items[i], &v->items[i + 1], sizeof(void *) * (size_t) (v->n - i - 1));
	v->n--;
}

static int
decl_vec_find(const OrmPtrVec *v, const void *p)
{
	int			i;

	for (i = 0; i < v->n; i++)
		if (v->items[i] == p)
			return i;
	return -1;
}

/* Adds t, replacing a table of the same name (or the table `old` replaced). */
static void
decl_put_table(OrmRegistry *reg, OrmTable *t, OrmTable *old)
{
	OrmTable   *same = orm_reg_table(reg, t->name);
	int			i;

	if (same && same != old)
	{
		i = decl_vec_find(&reg->tables, same);
		if (old && (decl_vec_find(&reg->tables, old)) >= 0)
		{
			reg->tables.items[i] = t;
			decl_vec_remove(&reg->tables, decl_vec_find(&reg->tables, old));
			return;
		}
		reg->tables.items[i] = t;
		return;
	}
	if (old && (i = decl_vec_find(&reg->tables, old)) >= 0)
	{
		reg->tables.items[i] = t;
		return;
	}
	orm_vec_push(reg->arena, &reg->tables, t);
}

static void
decl_put_class(OrmRegistry *reg, OrmClass *c)
{
	OrmClass   *old = orm_reg_class(reg, c->name);
	int			i;

	decl_put_table(reg, c->table, old ? old->table : NULL);
	if (old && (i = decl_vec_find(&reg->classes, old)) >= 0)
		reg->classes.items[i] = c;
	else
		orm_vec_push(reg->arena, &reg->classes, c);
}

static void
decl_put_enum(OrmRegistry *reg, OrmEnum *e)
{
	OrmEnum    *old = orm_reg_enum(reg, e->name);
	int			i;

	if (old && (i = decl_vec_find(&reg->enums, old)) >= 0)
		reg->enums.items[i] = e;
	else
		orm_vec_push(reg->arena, &reg->enums, e);
}

static DeclBase *
decl_find_base(DeclState *st, const char *name)
{
	int			i;

	for (i = st->bases.n - 1; i >= 0; i--)
		if (strcmp(((DeclBase *) st->bases.items[i])->name, name) == 0)
			return st->bases.items[i];
	return NULL;
}

static DeclMixin *
decl_find_mixin(DeclState *st, const char *name)
{
	int			i;

	for (i = st->mixins.n - 1; i >= 0; i--)
		if (strcmp(((DeclMixin *) st->mixins.items[i])->name, name) == 0)
			return st->mixins.items[i];
	return NULL;
}

static DeclVar *
decl_find_var(DeclState *st, const char *name)
{
	int			i;

	for (i = st->vars.n - 1; i >= 0; i--)
		if (strcmp(((DeclVar *) st->vars.items[i])->name, name) == 0)
			return st->vars.items[i];
	return NULL;
}

static DeclAnno *
decl_find_anno(DeclState *st, const char *name)
{
	int			i;

	for (i = st->annos.n - 1; i >= 0; i--)
		if (strcmp(((DeclAnno *) st->annos.items[i])->name, name) == 0)
			return st->annos.items[i];
	return NULL;
}

static DeclMapped *
decl_find_mapped(DeclState *st, const char *name)
{
	int			i;

	for (i = st->mapped.n - 1; i >= 0; i--)
		if (strcmp(((DeclMapped *) st->mapped.items[i])->name, name) == 0)
			return st->mapped.items[i];
	return NULL;
}

/* The value of a module-level name bound to a dict, sequence or MetaData(...); else n. */
static PyNode *
decl_const(DeclCtx *dc, PyNode *n)
{
	int			i;

	if (!n || n->kind != PY_NAME)
		return n;
	for (i = dc->st->consts.n - 1; i >= 0; i--)
	{
		DeclConst  *k = dc->st->consts.items[i];

		if (strcmp(k->name, n->str) == 0)
			return k->value;
	}
	return n;
}

/* Forgets a name's previous meaning when it is declared again. */
static void
decl_forget(DeclState *st, const char *name)
{
	int			i;

	for (i = st->bases.n - 1; i >= 0; i--)
		if (strcmp(((DeclBase *) st->bases.items[i])->name, name) == 0)
			decl_vec_remove(&st->bases, i);
	for (i = st->mixins.n - 1; i >= 0; i--)
		if (strcmp(((DeclMixin *) st->mixins.items[i])->name, name) == 0)
			decl_vec_remove(&st->mixins, i);
	for (i = st->annos.n - 1; i >= 0; i--)
		if (strcmp(((DeclAnno *) st->annos.items[i])->name, name) == 0)
			decl_vec_remove(&st->annos, i);
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

/* ---- literals as JSON ------------------------------------------------------ */

static OrmEnum *decl_enum_of_node(DeclCtx *dc, const PyNode *n);

static int
decl_enum_member_json(const OrmEnum *e, const char *member, OrmBuf *out)
{
	int			i = orm_enum_index_by_name(e, member);

	if (i < 0)
		return -1;
	if (e->value_is_str[i])
		orm_buf_json_str(out, e->values[i], strlen(e->values[i]));
	else
		orm_buf_puts(out, e->values[i]);
	return 0;
}

/*
 * Decimal("9.99") as a JSON number: Python's Decimal() takes surrounding
 * blanks, a sign, underscores; "abc" is its InvalidOperation at import
 * time, and NaN / Infinity have no JSON spelling -- errors, not text copied
 * into JSON.
 */
static bool
decl_decimal_json(DeclCtx *dc, const PyNode *v, OrmBuf *out)
{
	const char *p = v->str,
			   *end = v->str + v->len;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		end--;
	if (p < end && (*p == '-' || *p == '+'))
	{
		if (*p == '-')
			orm_buf_putc(out, '-');
		p++;
	}
	if (p == end || !(*p == '.' || (*p >= '0' && *p <= '9')) || !decl_num_canon(p, (size_t) (end - p), out))
	{
		orm_err_at(dc->err, ORM_ERR_DECL, v->line, v->col,
				   "Decimal(\"%.*s\") is not a finite decimal number",
				   decl_utf8_prefix(v->str, v->len, 60), v->str);
		return false;
	}
	return true;
}

/* A Python constant as JSON text; false when n is not a constant (or, dc->err set, a bad one). */
static bool
decl_const_json(DeclCtx *dc, const PyNode *n, OrmBuf *out)
{
	int			i;

	switch (n->kind)
	{
		case PY_INT:
		case PY_FLOAT:
			{
				const char *num = decl_number(dc, n, false);

				if (!num)
					return false;
				orm_buf_puts(out, num);
				return true;
			}
		case PY_STR:
			orm_buf_json_str(out, n->str, n->len);
			return true;
		case PY_TRUE:
			orm_buf_puts(out, "true");
			return true;
		case PY_FALSE:
			orm_buf_puts(out, "false");
			return true;
		case PY_NONE:
			orm_buf_puts(out, "null");
			return true;
		case PY_UNARY:
			if (decl_is_number(n))
			{
				const char *num = decl_number_of(dc, n);

				if (!num)
					return false;
				orm_buf_puts(out, num);
				return true;
			}
			return false;
		case PY_LIST:
		case PY_TUPLE:
			if (n->op == PY_OP_IN)
				return false;	/* a comprehension */
			orm_buf_putc(out, '[');
			for (i = 0; i < n->nitems; i++)
			{
				if (i)
					orm_buf_putc(out, ',');
				if (!decl_const_json(dc, n->items[i], out))
					return false;
			}
			orm_buf_putc(out, ']');
			return true;
		case PY_DICT:
			if (n->op == PY_OP_IN)
				return false;
			orm_buf_putc(out, '{');
			for (i = 0; i < n->nitems; i++)
			{
				if (!n->items[i] || n->items[i]->kind != PY_STR)
					return false;
				if (i)
					orm_buf_putc(out, ',');
				orm_buf_json_str(out, n->items[i]->str, n->items[i]->len);
				orm_buf_putc(out, ':');
				if (!decl_const_json(dc, n->values[i], out))
					return false;
			}
			orm_buf_putc(out, '}');
			return true;
		case PY_ATTR:
			{
				OrmEnum    *e = decl_enum_of_node(dc, n->a);

				return e && decl_enum_member_json(e, n->str, out) == 0;
			}
		case PY_CALL:
			/* Decimal("9.99") */
			if (decl_is_call(dc, n, "Decimal") && n->nitems == 1 && n->nkw == 0 &&
				(n->items[0]->kind == PY_STR || decl_is_number(n->items[0])))
			{
				const PyNode *v = n->items[0];
				const char *num;

				if (v->kind == PY_STR)
					return decl_decimal_json(dc, v, out);
				if (!(num = decl_number_of(dc, v)))
					return false;
				orm_buf_puts(out, num);
				return true;
			}
			return false;
		default:
			return false;
	}
}

/* ---- defaults -------------------------------------------------------------- */

static bool
decl_is_func_call(DeclCtx *dc, const PyNode *n, const char **fname)
{
	if (!n || n->kind != PY_CALL || !n->a || n->a->kind != PY_ATTR)
		return false;
	if (!decl_streq(decl_last(dc, n->a->a), "func"))
		return false;
	*fname = n->a->str;
	return true;
}

/* A callable (or lambda body) given as a default: what it produces. */
static OrmDefaultKind
decl_callable_kind(DeclCtx *dc, const PyNode *n)
{
	const char *last = decl_last(dc, n);
	const char *dotted = decl_dotted(dc, n);
	const char *owner = (n->kind == PY_ATTR) ? decl_last(dc, n->a) : NULL;

	if (!last)
		return ORM_DEF_NONE;
	if ((strcmp(last, "utcnow") == 0 || strcmp(last, "now") == 0) &&
		(decl_streq(owner, "datetime") || (dotted && strstr(dotted, "datetime"))))
		return ORM_DEF_NOW;
	if (strcmp(last, "today") == 0 && (decl_streq(owner, "date") || decl_streq(owner, "datetime")))
		return ORM_DEF_TODAY;
	if (strcmp(last, "uuid4") == 0)
		return ORM_DEF_UUID4;
	if (n->kind == PY_NAME && strcmp(last, "dict") == 0)
		return ORM_DEF_DICT;
	if (n->kind == PY_NAME && strcmp(last, "list") == 0)
		return ORM_DEF_LIST;
	return ORM_DEF_NONE;
}

/* lambda: ... bodies */
static OrmDefaultKind
decl_lambda_kind(DeclCtx *dc, const PyNode *body, OrmDefault *d)
{
	const char *fname;

	if (body->kind == PY_DICT && body->nitems == 0)
		return ORM_DEF_DICT;
	if (body->kind == PY_LIST && body->nitems == 0)
		return ORM_DEF_LIST;
	if (body->kind == PY_CALL)
	{
		OrmDefaultKind k;

		if (decl_is_func_call(dc, body, &fname))
			return ORM_DEF_NONE;
		/* str(uuid.uuid4()) */
		if (decl_is_call(dc, body, "str") && body->nitems == 1 && body->items[0]->kind == PY_CALL)
			body = body->items[0];
		k = decl_callable_kind(dc, body->a);
		if (k != ORM_DEF_NONE)
			return k;
	}
	{
		OrmBuf		b;

		orm_buf_init(&b, dc->reg->arena);
		if (decl_const_json(dc, body, &b))
		{
			d->json = orm_buf_cstr(&b);
			return ORM_DEF_LITERAL;
		}
	}
	return ORM_DEF_NONE;
}

static int
decl_default(DeclCtx *dc, const PyNode *n, OrmDefault *d)
{
	OrmBuf		b;
	const char *fname;

	memset(d, 0, sizeof(*d));
	if (n->kind == PY_NONE)
	{
		d->kind = ORM_DEF_NULL;
		return 0;
	}
	if (decl_is_func_call(dc, n, &fname))
	{
		if (orm_strieq(fname, "now") || orm_strieq(fname, "current_timestamp") ||
			orm_strieq(fname, "localtimestamp"))
		{
			d->kind = ORM_DEF_SQL_NOW;
			return 0;
		}
		return decl_errn(dc, n, ORM_ERR_UNSUPPORTED, "unsupported default \"func.%s()\"", fname);
	}
	if (n->kind == PY_LAMBDA)
	{
		d->kind = decl_lambda_kind(dc, n->a, d);
		if (d->kind == ORM_DEF_NONE)
			return decl_errn(dc, n, ORM_ERR_DECL, "unknown default callable \"%s\"", decl_src(dc, n));
		return 0;
	}
	orm_buf_init(&b, dc->reg->arena);
	if (decl_const_json(dc, n, &b))
	{
		d->kind = ORM_DEF_LITERAL;
		d->json = orm_buf_cstr(&b);
		return 0;
	}
	if (n->kind == PY_NAME || n->kind == PY_ATTR)
	{
		d->kind = decl_callable_kind(dc, n);
		if (d->kind != ORM_DEF_NONE)
			return 0;
	}
	return decl_errn(dc, n, ORM_ERR_DECL, "unknown default callable \"%s\"", decl_src(dc, n));
}

static int
decl_server_default(DeclCtx *dc, const PyNode *n, OrmServerDefault *sd)
{
	const char *fname;

	memset(sd, 0, sizeof(*sd));
	if (n->kind == PY_NONE)
		return 0;
	if (n->kind == PY_STR)
	{
		sd->kind = ORM_SD_STRING;
		sd->text = orm_strndup(dc->reg->arena, n->str, n->len);
		return 0;
	}
	if ((decl_is_call(dc, n, "text") || decl_is_call(dc, n, "literal_column")) &&
		n->nitems == 1 && n->items[0]->kind == PY_STR)
	{
		sd->kind = ORM_SD_TEXT;
		sd->text = orm_strndup(dc->reg->arena, n->items[0]->str, n->items[0]->len);
		return 0;
	}
	if ((decl_is_call(dc, n, "true") || decl_is_call(dc, n, "false")) && n->nitems == 0 &&
		!decl_is_func_call(dc, n, &fname))
	{
		/* sa.true() / sa.false(): the dialect's boolean literal (ddl.c) */
		sd->kind = ORM_SD_FUNC;
		sd->text = decl_callee(dc, n);
		return 0;
	}
	if (decl_is_func_call(dc, n, &fname))
	{
		if (n->nitems == 0 && n->nkw == 0)
		{
			sd->kind = ORM_SD_FUNC;
			sd->text = orm_strdup(dc->reg->arena, fname);
			return 0;
		}
		else
		{
			/* func.lower('X'): rendered as SQL text with literal arguments */
			OrmBuf		b;
			int			i;

			orm_buf_init(&b, dc->reg->arena);
			orm_buf_printf(&b, "%s(", fname);
			for (i = 0; i < n->nitems; i++)
			{
				const PyNode *arg = n->items[i];

				if (i)
					orm_buf_puts(&b, ", ");
				if (arg->kind == PY_STR)
				{
					char	   *s = orm_strndup(dc->a, arg->str, arg->len);
					const char *p;

					orm_buf_putc(&b, '\'');
					for (p = s; *p; p++)
					{
						if (*p == '\'')
							orm_buf_putc(&b, '\'');
						orm_buf_putc(&b, *p);
					}
					orm_buf_putc(&b, '\'');
				}
				else if (decl_is_number(arg))
				{
					const char *num = decl_number_of(dc, arg);

					if (!num)
						return -1;
					orm_buf_puts(&b, num);
				}
				else
					return decl_errn(dc, arg, ORM_ERR_UNSUPPORTED,
									 "unsupported server_default argument \"%s\"", decl_src(dc, arg));
			}
			orm_buf_putc(&b, ')');
			sd->kind = ORM_SD_TEXT;
			sd->text = orm_buf_cstr(&b);
			return 0;
		}
	}
	if (decl_is_call(dc, n, "FetchedValue"))
		return 0;
	return decl_errn(dc, n, ORM_ERR_DECL, "unsupported server_default \"%s\"", decl_src(dc, n));
}

/* ---- types ----------------------------------------------------------------- */

static OrmEnum *
decl_enum_of_node(DeclCtx *dc, const PyNode *n)
{
	if (!n)
		return NULL;
	if (n->kind == PY_STR)
		return orm_reg_enum(dc->reg, orm_strndup(dc->a, n->str, n->len));
	if (n->kind == PY_NAME || n->kind == PY_ATTR)
	{
		OrmEnum    *e = NULL;

		if (n->kind == PY_NAME)
			e = orm_reg_enum(dc->reg, n->str);
		if (!e)
			e = orm_reg_enum(dc->reg, n->kind == PY_ATTR ? n->str : decl_last(dc, n));
		return e;
	}
	return NULL;
}

static char *
decl_lower(OrmArena *a, const char *s)
{
	char	   *r = orm_strdup(a, s);
	char	   *p;

	for (p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return r;
}

static void
decl_enum_type_for(OrmRegistry *reg, OrmEnum *e, OrmType *t)
{
	memset(t, 0, sizeof(*t));
	t->kind = ORM_T_ENUM;
	t->precision = t->scale = -1;
	t->enm = e;
	t->native_enum = true;
	t->enum_type_name = decl_lower(reg->arena, e->name);
}

/* Enum(PostStatus, values_callable=..., native_enum=False, name="x", length=20)
 * or Enum("a", "b", name="x") */
/* The string arguments of Enum("a", "b", *NAMES) (NAMES a module-level tuple or list). */
static int
decl_enum_strings(DeclCtx *dc, const PyNode *call, OrmPtrVec *out)
{
	int			i,
				j;

	for (i = 0; i < call->nitems; i++)
	{
		const PyNode *v = call->items[i];
		const PyNode *seq = v->kind == PY_STARRED ? decl_const(dc, v->a) : NULL;

		if (seq && (seq->kind == PY_TUPLE || seq->kind == PY_LIST))
		{
			for (j = 0; j < seq->nitems; j++)
			{
				if (seq->items[j]->kind != PY_STR)
					return decl_errn(dc, v, ORM_ERR_DECL, "enum values must be strings", NULL);
				orm_vec_push(dc->a, out, seq->items[j]);
			}
			continue;
		}
		if (v->kind != PY_STR)
			return decl_errn(dc, v, ORM_ERR_DECL, "enum values must be strings", NULL);
		orm_vec_push(dc->a, out, (void *) v);
	}
	return 0;
}

static int
decl_enum_type(DeclCtx *dc, const PyNode *call, OrmType *t)
{
	OrmEnum    *e = NULL;
	const PyNode *kw;

	if (call->nitems >= 1 && call->items[0]->kind != PY_STR && call->items[0]->kind != PY_STARRED)
	{
		e = decl_enum_of_node(dc, call->items[0]);
		if (!e)
			return decl_errn(dc, call->items[0], ORM_ERR_NAME, "unknown enum \"%s\"",
							 decl_src(dc, call->items[0]));
		decl_enum_type_for(dc->reg, e, t);
	}
	else
	{
		int			i;
		OrmPtrVec	strs = {0};

		/* Enum("a", "b") / Enum(*VALUES): an anonymous enum whose names are its values */
		if (decl_enum_strings(dc, call, &strs) < 0)
			return -1;
		e = ORM_NEW(dc->reg->arena, OrmEnum);
		e->n = strs.n;
		e->names = ORM_NEWN(dc->reg->arena, const char *, e->n + 1);
		e->values = ORM_NEWN(dc->reg->arena, const char *, e->n + 1);
		e->value_is_str = ORM_NEWN(dc->reg->arena, bool, e->n + 1);
		for (i = 0; i < e->n; i++)
		{
			const PyNode *v = strs.items[i];

			e->names[i] = e->values[i] = orm_strndup(dc->reg->arena, v->str, v->len);
			e->value_is_str[i] = true;
		}
		e->line = call->line;
		e->col = call->col;
		memset(t, 0, sizeof(*t));
		t->kind = ORM_T_ENUM;
		t->precision = t->scale = -1;
		t->enm = e;
		t->native_enum = true;
		t->enum_type_name = NULL;
	}
	if ((kw = py_kwarg(call, "values_callable")) != NULL && kw->kind != PY_NONE)
		t->enum_by_value = true;
	if ((kw = py_kwarg(call, "native_enum")) != NULL)
		t->native_enum = decl_flag(dc, kw, true);
	if ((kw = py_kwarg(call, "name")) != NULL && kw->kind == PY_STR)
		t->enum_type_name = orm_strndup(dc->reg->arena, kw->str, kw->len);
	if (decl_intfield(dc, py_kwarg(call, "length"), 0, "Enum length", &t->length) < 0)
		return -1;
	t->create_constraint = decl_flag(dc, py_kwarg(call, "create_constraint"), false);
	if (!e->name && t->enum_type_name)
		e->name = t->enum_type_name;
	return 0;
}

typedef struct DeclTypeName
{
	const char *name;
	OrmTypeKind kind;
	const char *sql_name;
} DeclTypeName;

/* SQLAlchemy type names (generic and UPPERCASE SQL types). */
static const DeclTypeName decl_type_names[] = {
	{"String", ORM_T_STRING, NULL},
	{"Unicode", ORM_T_STRING, NULL},
	{"VARCHAR", ORM_T_STRING, NULL},
	{"NVARCHAR", ORM_T_STRING, "NVARCHAR"},
	{"CHAR", ORM_T_STRING, "CHAR"},
	{"NCHAR", ORM_T_STRING, "NCHAR"},
	{"Text", ORM_T_TEXT, NULL},
	{"UnicodeText", ORM_T_TEXT, NULL},
	{"TEXT", ORM_T_TEXT, NULL},
	{"CITEXT", ORM_T_TEXT, NULL},
	{"Integer", ORM_T_INTEGER, NULL},
	{"INTEGER", ORM_T_INTEGER, NULL},
	{"INT", ORM_T_INTEGER, NULL},
	{"BigInteger", ORM_T_BIGINT, NULL},
	{"BIGINT", ORM_T_BIGINT, NULL},
	{"SmallInteger", ORM_T_SMALLINT, NULL},
	{"SMALLINT", ORM_T_SMALLINT, NULL},
	{"Float", ORM_T_FLOAT, NULL},
	{"FLOAT", ORM_T_FLOAT, NULL},
	{"REAL", ORM_T_FLOAT, "REAL"},
	{"Double", ORM_T_FLOAT, "Double"},	/* generic: named per dialect */
	{"DOUBLE", ORM_T_FLOAT, "DOUBLE"},
	{"DOUBLE_PRECISION", ORM_T_FLOAT, "DOUBLE PRECISION"},
	{"Numeric", ORM_T_NUMERIC, NULL},
	{"NUMERIC", ORM_T_NUMERIC, NULL},
	{"DECIMAL", ORM_T_NUMERIC, "DECIMAL"},
	{"Boolean", ORM_T_BOOLEAN, NULL},
	{"BOOLEAN", ORM_T_BOOLEAN, NULL},
	{"DateTime", ORM_T_DATETIME, NULL},
	{"DATETIME", ORM_T_DATETIME, "DATETIME"},
	{"TIMESTAMP", ORM_T_DATETIME, "TIMESTAMP"},
	{"Date", ORM_T_DATE, NULL},
	{"DATE", ORM_T_DATE, NULL},
	{"Time", ORM_T_TIME, NULL},
	{"TIME", ORM_T_TIME, NULL},
	{"Interval", ORM_T_INTERVAL, NULL},
	{"INTERVAL", ORM_T_INTERVAL, NULL},
	{"LargeBinary", ORM_T_BINARY, NULL},
	{"BLOB", ORM_T_BINARY, NULL},
	{"BYTEA", ORM_T_BINARY, NULL},
	{"LargeBinary", ORM_T_BINARY, NULL},
	{"Uuid", ORM_T_UUID, NULL},
	{"UUID", ORM_T_UUID, "UUID"},
	{"JSON", ORM_T_JSON, NULL},
	{"JSONB", ORM_T_JSONB, NULL},
	{"Enum", ORM_T_ENUM, NULL},
	{"ARRAY", ORM_T_ARRAY, NULL},
	{NULL, ORM_T_UNKNOWN, NULL}
};

static const DeclTypeName *
decl_type_name(const char *name)
{
	const DeclTypeName *tn;

	for (tn = decl_type_names; name && tn->name; tn++)
		if (strcmp(tn->name, name) == 0)
			return tn;
	return NULL;
}

static bool decl_is_type_expr(DeclCtx *dc, const PyNode *n);
static int	decl_type_expr_plain(DeclCtx *dc, const PyNode *n, OrmType *t);

/* T.with_variant(V, "dialect", ...) */
static bool
decl_is_variant(DeclCtx *dc, const PyNode *n)
{
	return n->kind == PY_CALL && n->a->kind == PY_ATTR && strcmp(n->a->str, "with_variant") == 0 &&
		n->nitems >= 2 && decl_is_type_expr(dc, n->a->a) && decl_is_type_expr(dc, n->items[0]);
}

static bool
decl_is_type_expr(DeclCtx *dc, const PyNode *n)
{
	if (n->kind == PY_NAME && decl_const(dc, (PyNode *) n) != n)
	{
		bool		r;

		/* a cycle counts as a type here; decl_type_expr reports it */
		if (!decl_follow_q(dc, n, true))
			return true;
		r = decl_is_type_expr(dc, decl_const(dc, (PyNode *) n));
		decl_unfollow(dc);
		return r;
	}
	if (decl_is_variant(dc, n))
		return true;
	if (n->kind == PY_CALL)
		return decl_type_name(decl_callee(dc, n)) != NULL;
	if (n->kind == PY_NAME || n->kind == PY_ATTR)
		return decl_type_name(decl_last(dc, n)) != NULL;
	return false;
}

static int	decl_type_expr(DeclCtx *dc, const PyNode *n, OrmType *t);

/* The base type, then each variant for the two dialects we know (others ignored). */
static int
decl_variant_type(DeclCtx *dc, const PyNode *n, OrmType *t)
{
	OrmType		v;
	int			i;

	if (decl_type_expr(dc, n->a->a, t) < 0 || decl_type_expr(dc, n->items[0], &v) < 0)
		return -1;
	for (i = 1; i < n->nitems; i++)
	{
		const char *d = n->items[i]->kind == PY_STR ? n->items[i]->str : "";
		OrmType   **slot = strcmp(d, "postgresql") == 0 ? &t->pg_variant :
			strcmp(d, "sqlite") == 0 ? &t->sqlite_variant : NULL;

		if (slot)
		{
			*slot = ORM_NEW(dc->reg->arena, OrmType);
			**slot = v;
		}
	}
	return 0;
}

/* String(50), Numeric(10, 2), DateTime(timezone=True), Enum(...), ARRAY(...), Text */
static int
decl_type_expr(DeclCtx *dc, const PyNode *n, OrmType *t)
{
	if (n->kind == PY_NAME && decl_const(dc, (PyNode *) n) != n)
	{
		int			rc;

		/* BigIntPK = BigInteger()... */
		if (!decl_follow(dc, n))
			return -1;
		rc = decl_type_expr(dc, decl_const(dc, (PyNode *) n), t);
		decl_unfollow(dc);
		return rc;
	}
	if (decl_is_variant(dc, n))
		return decl_variant_type(dc, n, t);
	return decl_type_expr_plain(dc, n, t);
}

static int
decl_type_expr_plain(DeclCtx *dc, const PyNode *n, OrmType *t)
{
	const PyNode *call = n->kind == PY_CALL ? n : NULL;
	const char *name = call ? decl_callee(dc, n) : decl_last(dc, n);
	const DeclTypeName *tn = decl_type_name(name);

	memset(t, 0, sizeof(*t));
	t->precision = t->scale = -1;
	if (!tn)
		return decl_errn(dc, n, ORM_ERR_NAME, "unknown type \"%s\"", decl_src(dc, n));
	t->kind = tn->kind;
	t->sql_name = tn->sql_name;
	if (!call)
	{
		if (t->kind == ORM_T_ENUM || t->kind == ORM_T_ARRAY)
			return decl_errn(dc, n, ORM_ERR_DECL, "type \"%s\" needs arguments", name);
		return 0;
	}
	switch (t->kind)
	{
		case ORM_T_ENUM:
			return decl_enum_type(dc, call, t);
		case ORM_T_ARRAY:
			if (call->nitems < 1)
				return decl_errn(dc, n, ORM_ERR_DECL, "ARRAY needs an item type", NULL);
			t->item = ORM_NEW(dc->reg->arena, OrmType);
			if (decl_type_expr(dc, call->items[0], t->item) < 0)
				return -1;
			t->dimensions = 1;
			return decl_intfield(dc, py_kwarg(call, "dimensions"), 1, "ARRAY dimensions",
								 &t->dimensions);
		case ORM_T_STRING:
		case ORM_T_TEXT:
			if ((call->nitems >= 1 &&
				 decl_intfield(dc, call->items[0], 0, "length", &t->length) < 0) ||
				decl_intfield(dc, py_kwarg(call, "length"), 0, "length", &t->length) < 0)
				return -1;
			if (t->kind == ORM_T_TEXT)
				t->length = 0;
			return 0;
		case ORM_T_NUMERIC:
		case ORM_T_FLOAT:
			if ((call->nitems >= 1 &&
				 decl_intfield(dc, call->items[0], 0, "precision", &t->precision) < 0) ||
				(call->nitems >= 2 && t->kind == ORM_T_NUMERIC &&
				 decl_intfield(dc, call->items[1], 0, "scale", &t->scale) < 0) ||
				decl_intfield(dc, py_kwarg(call, "precision"), 0, "precision", &t->precision) < 0 ||
				(t->kind == ORM_T_NUMERIC &&
				 decl_intfield(dc, py_kwarg(call, "scale"), 0, "scale", &t->scale) < 0))
				return -1;
			return 0;
		case ORM_T_DATETIME:
		case ORM_T_TIME:
			if (call->nitems >= 1)
				t->timezone = decl_flag(dc, call->items[0], false);
			t->timezone = decl_flag(dc, py_kwarg(call, "timezone"), t->timezone);
			return 0;
		case ORM_T_BOOLEAN:
			t->create_constraint = decl_flag(dc, py_kwarg(call, "create_constraint"), false);
			return 0;
		default:
			return 0;
	}
}

/* Optional[T], Union[T, None], T | None, "T" -> T; *optional set when None is allowed. */
static const PyNode *
decl_unwrap_optional(DeclCtx *dc, const PyNode *n, bool *optional)
{
	for (;;)
	{
		if (!n)
			return NULL;
		if (n->kind == PY_STR)
		{
			PyNode	   *p = decl_parse_str(dc, n);

			if (!p)
				return NULL;
			n = p;
			continue;
		}
		if (n->kind == PY_SUBSCRIPT && decl_streq(decl_last(dc, n->a), "Optional"))
		{
			*optional = true;
			n = n->b;
			continue;
		}
		if (n->kind == PY_SUBSCRIPT && decl_streq(decl_last(dc, n->a), "Union") &&
			n->b->kind == PY_TUPLE)
		{
			const PyNode *keep = NULL;
			int			i,
						nkeep = 0;

			for (i = 0; i < n->b->nitems; i++)
			{
				if (n->b->items[i]->kind == PY_NONE)
					*optional = true;
				else
					keep = n->b->items[i], nkeep++;
			}
			if (nkeep != 1)
				return n;
			n = keep;
			continue;
		}
		if (n->kind == PY_BINOP && n->op == '|')
		{
			if (n->b->kind == PY_NONE)
			{
				*optional = true;
				n = n->a;
				continue;
			}
			if (n->a->kind == PY_NONE)
			{
				*optional = true;
				n = n->b;
				continue;
			}
		}
		return n;
	}
}

/* Mapped[X] / WriteOnlyMapped[X] / DynamicMapped[X] -> X (kind in *wrapper) */
static const PyNode *
decl_mapped_inner(DeclCtx *dc, const PyNode *ann, const char **wrapper)
{
	const char *w;

	if (!ann)
		return NULL;
	if (ann->kind == PY_STR)
	{
		PyNode	   *p = decl_parse_str(dc, ann);

		if (!p)
			return NULL;
		ann = p;
	}
	if (ann->kind != PY_SUBSCRIPT)
		return NULL;
	w = decl_last(dc, ann->a);
	if (!decl_streq(w, "Mapped") && !decl_streq(w, "WriteOnlyMapped") &&
		!decl_streq(w, "DynamicMapped"))
		return NULL;
	if (wrapper)
		*wrapper = w;
	return ann->b;
}

/*
 * Annotated[T, x, mapped_column(...)] -> a DeclAnno (name NULL), else NULL.
 * Nested Annotated types are flattened as typing does -- Annotated[intpk, y]
 * with intpk = Annotated[int, x] is Annotated[int, x, y] -- the alias taken
 * as it is bound now; and the first mapped_column() of the flattened
 * metadata is the one that applies, as in SQLAlchemy's
 * MappedColumn.declarative_scan.
 */
static DeclAnno *
decl_annotated(DeclCtx *dc, PyNode *n)
{
	DeclAnno   *an,
			   *inner = NULL;
	int			i;

	if (!n || n->kind != PY_SUBSCRIPT || !decl_streq(decl_last(dc, n->a), "Annotated") ||
		n->b->kind != PY_TUPLE || n->b->op == PY_OP_IN || n->b->nitems < 1)
		return NULL;
	an = ORM_NEW(dc->reg->arena, DeclAnno);
	an->node = n;
	an->type = n->b->items[0];
	for (i = 1; i < n->b->nitems && !an->col; i++)
		if (decl_is_call(dc, n->b->items[i], "mapped_column"))
			an->col = n->b->items[i];
	if (an->type->kind == PY_NAME)
		inner = decl_find_anno(dc->st, an->type->str);
	else
		inner = decl_annotated(dc, an->type);
	if (inner)
	{
		an->type = inner->type;
		if (inner->col)
			an->col = inner->col;
	}
	return an;
}

/* The Annotated type n is (an alias name or inline), else NULL. */
static DeclAnno *
decl_anno_of(DeclCtx *dc, const PyNode *n)
{
	if (n && n->kind == PY_NAME)
		return decl_find_anno(dc->st, n->str);
	return decl_annotated(dc, (PyNode *) n);
}

/* Python type in an annotation -> OrmType, via the base's type_annotation_map first. */
static int
decl_type_from_python(DeclCtx *dc, DeclBase *base, const PyNode *n, OrmType *t)
{
	const char *name;
	OrmEnum    *e;
	DeclAnno   *an;
	int			i;

	memset(t, 0, sizeof(*t));
	t->precision = t->scale = -1;
	if (n->kind == PY_SUBSCRIPT)
		name = decl_last(dc, n->a);	/* dict[str, Any], list[str] */
	else
		name = decl_last(dc, n);
	if (!name)
		return decl_errn(dc, n, ORM_ERR_NAME, "unknown type \"%s\"", decl_src(dc, n));
	if (base)
		for (i = 0; i < base->tmap.n; i++)
		{
			DeclTypeMapItem *it = base->tmap.items[i];

			if (strcmp(it->key, name) == 0)
				return decl_type_expr(dc, it->type, t);
		}
	if ((an = decl_anno_of(dc, n)) != NULL)
	{
		bool		optional = false;
		const PyNode *inner = decl_unwrap_optional(dc, an->type, &optional);
		int			rc;

		if (!inner || !decl_follow(dc, n))
			return -1;
		rc = decl_type_from_python(dc, base, inner, t);
		decl_unfollow(dc);
		return rc;
	}
	if (n->kind == PY_NAME && (e = orm_reg_enum(dc->reg, n->str)) != NULL)
	{
		decl_enum_type_for(dc->reg, e, t);
		return 0;
	}
	if ((e = orm_reg_enum(dc->reg, name)) != NULL)
	{
		decl_enum_type_for(dc->reg, e, t);
		return 0;
	}
	if (strcmp(name, "int") == 0)
		t->kind = ORM_T_INTEGER;
	else if (strcmp(name, "str") == 0)
		t->kind = ORM_T_STRING;
	else if (strcmp(name, "float") == 0)
		t->kind = ORM_T_FLOAT;
	else if (strcmp(name, "bool") == 0)
		t->kind = ORM_T_BOOLEAN;
	else if (strcmp(name, "bytes") == 0)
		t->kind = ORM_T_BINARY;
	else if (strcmp(name, "datetime") == 0)
		t->kind = ORM_T_DATETIME;
	else if (strcmp(name, "date") == 0)
		t->kind = ORM_T_DATE;
	else if (strcmp(name, "time") == 0)
		t->kind = ORM_T_TIME;
	else if (strcmp(name, "timedelta") == 0)
		t->kind = ORM_T_INTERVAL;
	else if (strcmp(name, "Decimal") == 0)
		t->kind = ORM_T_NUMERIC;
	else if (strcmp(name, "UUID") == 0)
		t->kind = ORM_T_UUID;
	else if (strcmp(name, "dict") == 0 || strcmp(name, "Dict") == 0 ||
			 strcmp(name, "list") == 0 || strcmp(name, "List") == 0 ||
			 strcmp(name, "Any") == 0)
		return decl_errn(dc, n, ORM_ERR_DECL,
						 "could not locate SQLAlchemy Core type for Python type \"%s\"; "
						 "give the column a type (JSON) or a type_annotation_map entry",
						 decl_src(dc, n));
	else
		return decl_errn(dc, n, ORM_ERR_NAME, "unknown type \"%s\"", decl_src(dc, n));
	return 0;
}

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

	if (decl_has_assign(s, name, value))
		return true;
	for (i = 0; i < s->nbody; i++)
	{
		PyStmt	   *b = s->body[i];
		PyNode	   *ann,
				   *ret;

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

static bool
decl_is_decl_base(DeclCtx *dc, const PyStmt *s)
{
	int			i;

	for (i = 0; i < s->nbases; i++)
	{
		const char *l = decl_last(dc, s->bases[i]);

		if (decl_streq(l, "DeclarativeBase") || decl_streq(l, "DeclarativeBaseNoMeta"))
			return true;
	}
	return false;
}

static bool
decl_has_assign(const PyStmt *s, const char *name, PyNode **value)
{
	int			i;

	for (i = 0; i < s->nbody; i++)
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
/*
 * Classes derive from classes at most DECL_MAX_HIERARCHY levels deep: the
 * walks over a hierarchy recurse, and each level's attributes are copied.
 */
#define DECL_MAX_HIERARCHY	100

static int
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

static DeclBase *
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
	bool		allow_unmapped; /* __allow_unmapped__: plain annotations are ignored */
	bool		single;			/* a single-table subclass: seen holds the superclass's */
	bool		own;			/* mapping the class's own attributes (not a mixin's) */
} DeclMapCtx;

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
 * sets __allow_unmapped__.
 */
static int
decl_unmapped_annotation(DeclCtx *dc, DeclMapCtx *mc, DeclAttr *at)
{
	const PyNode *ann = at->ann;
	const char *callee = decl_callee(dc, at->value);
	const char *w;

	if (!ann || mc->allow_unmapped || decl_mapped_inner(dc, ann, NULL))
		return dc->err->code ? -1 : 0;
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

/* One attribute of the class (or of a mixin it inherits). */
static int
decl_map_attr(DeclCtx *dc, DeclMapCtx *mc, DeclAttr *at)
{
	PyNode	   *v = at->value;
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
	if (at->def && at->ann && decl_mapped_inner(dc, at->ann, NULL))
		return decl_unreadable_attr(dc, at->def);	/* its mapped_column() is unknown */
	callee = decl_callee(dc, v);
	if ((decl_streq(callee, "deferred") || decl_streq(callee, "column_property")) &&
		v->nitems >= 1 && (decl_is_call(dc, v->items[0], "Column") ||
						   decl_is_call(dc, v->items[0], "mapped_column")))
	{
		/* deferred(Column(...)): a column, loaded later by SQLAlchemy */
		v = v->items[0];
		callee = decl_callee(dc, v);
	}
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
	if (n->kind == PY_BINOP && n->op == '+')
	{
		l = decl_tablename_eval(dc, n->a, cls);
		r = decl_tablename_eval(dc, n->b, cls);
		return l && r ? orm_sprintf(dc->a, "%s%s", l, r) : NULL;
	}
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
			decl_inherited_tablename(dc, mp->decl.stmt, node, depth + 1);
	}
}

/*
 * The __tablename__ of class s: its own, else the first one in its MRO
 * (mixins, the declarative base).  *node is the value found, NULL if none.
 */
static void
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
	mc->own = false;
	decl_class_value(dc, s, "__table_args__", targs);
	decl_class_value(dc, s, "__mapper_args__", margs);
	decl_mro(dc, s, &mro);
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
		if (!*targs)
			decl_class_value(dc, m->stmt, "__table_args__", targs);
		if (!*margs)
			decl_class_value(dc, m->stmt, "__mapper_args__", margs);
	}
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

/* __mapper_args__: version_id_col, polymorphic_on, polymorphic_identity. */
static int
decl_mapper_args(DeclCtx *dc, OrmClass *cls, const PyNode *margs)
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
				return decl_errn(dc, v, ORM_ERR_NAME, "unknown version_id_col \"%s\"", decl_src(dc, v));
		}
		else if (decl_key_is(k, "polymorphic_on"))
		{
			if (!(cls->polymorphic_on = decl_mapper_col(dc, cls, v)))
				return decl_errn(dc, v, ORM_ERR_NAME, "unknown polymorphic_on \"%s\"", decl_src(dc, v));
		}
		else if (decl_key_is(k, "polymorphic_identity") && v->kind != PY_NONE)
		{
			OrmBuf		b;

			orm_buf_init(&b, dc->reg->arena);
			if (!decl_const_json(dc, v, &b))
				return decl_errn(dc, v, ORM_ERR_UNSUPPORTED, "unsupported polymorphic_identity \"%s\"",
								 decl_src(dc, v));
			cls->polymorphic_identity = orm_buf_cstr(&b);
		}
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
static int
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
	if (decl_mapper_args(dc, mc.cls, margs) < 0)
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
static int
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
	if (decl_mapper_args(dc, mc.cls, margs) < 0)
		return -1;
	decl_note_mapped(dc, s, mc.base);
	decl_put_class(dc->reg, mc.cls);
	return 0;
}
