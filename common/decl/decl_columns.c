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

/* ---- columns --------------------------------------------------------------- */

/*
 * A phrase spliced into DDL as written must be one of the phrases SQL has
 * there (SQLAlchemy's DDL compiler checks the same with validate_sql_phrase
 * and FK_ON_DELETE / FK_INITIALLY); anything else is an error here, before
 * it can reach CREATE TABLE.  words: "|"-separated, matched ignoring case.
 */
static const char *
decl_phrase(DeclCtx *dc, const PyNode *v, const char *what, const char *words)
{
	const char *s = decl_str(dc, v);
	const char *w = words;

	if (!v || v->kind == PY_NONE)
		return NULL;
	while (s && *w)
	{
		const char *bar = strchr(w, '|');
		size_t		n = bar ? (size_t) (bar - w) : strlen(w);

		if (orm_strieq(s, orm_strndup(dc->a, w, n)))
			return orm_strdup(dc->reg->arena, s);
		w += n + (bar ? 1 : 0);
	}
	orm_err_at(dc->err, ORM_ERR_DECL, v->line, v->col, "unexpected SQL phrase %s for %s (one of %s)",
			   v->src ? orm_strndup(dc->a, v->src, v->srclen) : "?", what, words);
	return NULL;
}

#define DECL_FK_ACTIONS "RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT"

/* name=, ondelete=, onupdate=, deferrable=, initially=, use_alter= of ForeignKey(Constraint). */
static int
decl_fk_options(DeclCtx *dc, const PyNode *call, OrmForeignKey *f)
{
	OrmArena   *ra = dc->reg->arena;
	const PyNode *d = py_kwarg(call, "deferrable");
	const char *v,
			   *initially;

	if ((v = decl_str(dc, py_kwarg(call, "name"))) != NULL)
		f->name = orm_strdup(ra, v);
	f->ondelete = decl_phrase(dc, py_kwarg(call, "ondelete"), "ondelete", DECL_FK_ACTIONS);
	f->onupdate = decl_phrase(dc, py_kwarg(call, "onupdate"), "onupdate", DECL_FK_ACTIONS);
	initially = decl_phrase(dc, py_kwarg(call, "initially"), "initially", "DEFERRED|IMMEDIATE");
	if ((d && d->kind != PY_NONE) || initially)
		f->deferrable = orm_sprintf(ra, "%s%s%s",
									!d || d->kind == PY_NONE ? "" :
									decl_flag(dc, d, false) ? " DEFERRABLE" : " NOT DEFERRABLE",
									initially ? " INITIALLY " : "", initially ? initially : "");
	f->use_alter = decl_flag(dc, py_kwarg(call, "use_alter"), false);
	return dc->err->code ? -1 : 0;
}

static int
decl_foreign_key(DeclCtx *dc, const PyNode *fk, OrmColumn *c)
{
	OrmForeignKey *f = ORM_NEW(dc->reg->arena, OrmForeignKey);
	const char *target;

	if (fk->nitems < 1)
		return decl_errn(dc, fk, ORM_ERR_DECL, "ForeignKey needs a target column", NULL);
	if (fk->items[0]->kind == PY_STR)
		f->target = orm_strndup(dc->reg->arena, fk->items[0]->str, fk->items[0]->len);
	else if (fk->items[0]->kind == PY_ATTR && (target = py_dotted_name(dc->a, fk->items[0])) != NULL)
		f->target = orm_strdup(dc->reg->arena, target);	/* ForeignKey(User.id) */
	else
		return decl_errn(dc, fk->items[0], ORM_ERR_DECL, "unsupported foreign key target \"%s\"",
						 decl_src(dc, fk->items[0]));
	if (decl_fk_options(dc, fk, f) < 0)
		return -1;
	f->seq = 0;
	c->fk = f;
	return 0;
}

/* mapped_column()/Column() keyword arguments that carry no meaning for us. */
static const char *const decl_ignored_col_kw[] = {
	"init", "repr", "compare", "kw_only", "hash", "deferred", "deferred_group",
	"deferred_raiseload", "active_history", "info", "doc", "use_existing_column",
	"quote", "system", "type_", "key", "_omit_from_statements", "dataclass_metadata",
	NULL
};

/* postgresql_using=, sqlite_on_conflict_not_null=: dialect options, accepted and ignored. */
static bool
decl_dialect_kw(const char *k)
{
	static const char *const dialects[] = {
		"postgresql_", "sqlite_", "mysql_", "mariadb_", "mssql_", "oracle_", NULL
	};
	int			i;

	for (i = 0; dialects[i]; i++)
		if (strncmp(k, dialects[i], strlen(dialects[i])) == 0)
			return true;
	return false;
}

static int
decl_col_kwarg(DeclCtx *dc, OrmColumn *c, const char *k, PyNode *v, bool *nullable_set,
			   int *sort_order)
{
	if (strcmp(k, "primary_key") == 0)
		c->primary_key = decl_flag(dc, v, false);
	else if (strcmp(k, "nullable") == 0)
	{
		c->nullable = decl_flag(dc, v, true);
		*nullable_set = v->kind != PY_NONE;
	}
	else if (strcmp(k, "unique") == 0)
		c->unique = decl_flag(dc, v, false);
	else if (strcmp(k, "index") == 0)
		c->index = decl_flag(dc, v, false);
	else if (strcmp(k, "autoincrement") == 0)
		c->autoincrement = v->kind == PY_TRUE ? ORM_AUTOINC_TRUE :
			v->kind == PY_FALSE ? ORM_AUTOINC_FALSE : ORM_AUTOINC_AUTO;
	else if (strcmp(k, "comment") == 0)
		c->comment = decl_str(dc, v) ? orm_strdup(dc->reg->arena, decl_str(dc, v)) : NULL;
	else if (strcmp(k, "default") == 0 || strcmp(k, "insert_default") == 0 ||
			 strcmp(k, "default_factory") == 0)
		return decl_default(dc, v, &c->dflt);
	else if (strcmp(k, "onupdate") == 0)
		return decl_default(dc, v, &c->onupdate);
	else if (strcmp(k, "server_default") == 0)
		return decl_server_default(dc, v, &c->server_default);
	else if (strcmp(k, "server_onupdate") == 0)
		return decl_server_default(dc, v, &c->server_onupdate);
	else if (strcmp(k, "name") == 0)
	{
		if (decl_str(dc, v))
			c->name = orm_strdup(dc->reg->arena, decl_str(dc, v));
	}
	else if (strcmp(k, "sort_order") == 0)
		return decl_intfield(dc, v, INT32_MIN, "sort_order", sort_order);
	else if (!decl_in_list(decl_ignored_col_kw, k) && !decl_dialect_kw(k))
		return decl_errn(dc, v, ORM_ERR_DECL, "unknown column argument \"%s\"", k);
	return 0;
}

/*
 * Identity(always=, start=, increment=, ...) -> its PostgreSQL column clause
 * (NULL, error set, for an option that is not an integer / a flag).
 */
static const char *
decl_identity(DeclCtx *dc, const PyNode *call)
{
	static const char *const opts[][2] = {
		{"increment", "INCREMENT BY %lld"}, {"start", "START WITH %lld"},
		{"minvalue", "MINVALUE %lld"}, {"maxvalue", "MAXVALUE %lld"},
		{"nominvalue", "NO MINVALUE"}, {"nomaxvalue", "NO MAXVALUE"}, {"cache", "CACHE %lld"}
	};
	OrmBuf		b,
				o;
	const PyNode *kw;
	size_t		i;

	orm_buf_init(&b, dc->reg->arena);
	orm_buf_init(&o, dc->a);
	orm_buf_printf(&b, "GENERATED %s AS IDENTITY",
				   decl_flag(dc, py_kwarg(call, "always"), false) ? "ALWAYS" : "BY DEFAULT");
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
	{
		int64_t		v = 0;
		bool		flag = strncmp(opts[i][0], "no", 2) == 0;
		int			rc;

		kw = py_kwarg(call, opts[i][0]);
		if (flag)
			rc = decl_flag(dc, kw, false) ? 0 : 1;
		else if ((rc = decl_intval(dc, kw, INT64_MIN, INT64_MAX, opts[i][0], &v)) < 0)
			return NULL;
		if (rc > 0)
			continue;			/* absent, None, False */
		if (o.len)
			orm_buf_putc(&o, ' ');
		orm_buf_printf(&o, opts[i][1], (long long) v);
	}
	if ((kw = py_kwarg(call, "cycle")) != NULL && kw->kind != PY_NONE)
		orm_buf_printf(&o, "%s%s", o.len ? " " : "", decl_flag(dc, kw, false) ? "CYCLE" : "NO CYCLE");
	if (o.len)
		orm_buf_printf(&b, " (%s)", o.data);
	return orm_buf_cstr(&b);
}

/* Computed("sql", persisted=None) */
static int
decl_computed(DeclCtx *dc, const PyNode *call, OrmColumn *c)
{
	const PyNode *kw = py_kwarg(call, "persisted");

	if (call->nitems < 1 || call->items[0]->kind != PY_STR)
		return decl_errn(dc, call, ORM_ERR_UNSUPPORTED, "Computed() needs SQL text", NULL);
	c->computed = orm_strndup(dc->reg->arena, call->items[0]->str, call->items[0]->len);
	c->computed_persisted = !kw || kw->kind == PY_NONE ? -1 : decl_flag(dc, kw, false);
	return 0;
}

/* What a column's arguments have set so far (Annotated's, then its own). */
typedef struct DeclColArgs
{
	bool		have_type;
	bool		nullable_set;
	int			sort_order;
} DeclColArgs;

/* The arguments of one mapped_column()/Column() call, onto c. */
static int
decl_column_args(DeclCtx *dc, OrmColumn *c, PyNode *call, DeclColArgs *ca)
{
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		PyNode	   *arg = call->items[i];

		if (arg->kind == PY_STR && i == 0)
			c->name = orm_strndup(dc->reg->arena, arg->str, arg->len);
		else if (decl_is_call(dc, arg, "ForeignKey"))
		{
			if (decl_foreign_key(dc, arg, c) < 0)
				return -1;
		}
		else if (decl_is_call(dc, arg, "Identity"))
		{
			if (!(c->identity = decl_identity(dc, arg)))
				return -1;
		}
		else if (decl_is_call(dc, arg, "Computed"))
		{
			if (decl_computed(dc, arg, c) < 0)
				return -1;
		}
		else if (decl_is_call(dc, arg, "Sequence") || decl_is_call(dc, arg, "FetchedValue"))
			continue;
		else if (decl_is_type_expr(dc, arg))
		{
			if (decl_type_expr(dc, arg, &c->type) < 0)
				return -1;
			ca->have_type = true;
		}
		else
			return decl_errn(dc, arg, ORM_ERR_NAME, "unknown type \"%s\"", decl_src(dc, arg));
	}
	for (i = 0; i < call->nkw; i++)
	{
		if (!call->kwnames[i])
			continue;
		if (decl_col_kwarg(dc, c, call->kwnames[i], call->kwvalues[i], &ca->nullable_set,
						   &ca->sort_order) < 0)
			return -1;
	}
	return 0;
}

/*
 * One column: from mapped_column()/Column() (call may be NULL for a bare
 * annotation) and the annotation.  at->name is the attribute key.  An
 * Annotated type's mapped_column() applies first, the attribute's own
 * arguments override it (SQLAlchemy merges them the same way).
 */
static int
decl_column(DeclCtx *dc, OrmTable *t, DeclBase *base, DeclAttr *at, PyNode *call,
			OrmColumn **out)
{
	OrmArena   *ra = dc->reg->arena;
	OrmColumn  *c = ORM_NEW(ra, OrmColumn);
	DeclColArgs ca = {0};
	bool		optional = false;
	const PyNode *inner = NULL,
			   *ty = NULL;
	DeclAnno   *an = NULL;
	bool		legacy = call && decl_is_call(dc, call, "Column");

	c->attr = at ? orm_strdup(ra, at->name) : NULL;
	c->name = c->attr;
	c->table = t;
	c->line = at ? at->line : (call ? call->line : 0);
	c->col = at ? at->col : (call ? call->col : 0);
	c->type.precision = c->type.scale = -1;
	if (at && at->ann)
		inner = decl_mapped_inner(dc, at->ann, NULL);
	if (dc->err->code)
		return -1;
	if (inner)
	{
		if (!(ty = decl_unwrap_optional(dc, inner, &optional)))
			return -1;
		if ((an = decl_anno_of(dc, ty)) != NULL &&
			!decl_unwrap_optional(dc, an->type, &optional))
			return -1;
	}
	if (an && an->col && decl_column_args(dc, c, an->col, &ca) < 0)
		return -1;
	if (call && decl_column_args(dc, c, call, &ca) < 0)
		return -1;
	/* a ForeignKey column without a type of its own takes the referenced
	 * column's (at resolve), whatever the annotation says -- as SQLAlchemy */
	if (ty && !ca.have_type && !c->fk)
	{
		if (decl_type_from_python(dc, base, ty, &c->type) < 0)
			return -1;
		ca.have_type = true;
	}
	if (!ca.have_type)
	{
		/* a ForeignKey column takes its type from the referenced column at resolve */
		if (!c->fk)
			return orm_err_at(dc->err, ORM_ERR_DECL, c->line, c->col,
							  "column \"%s\" has no type", c->name);
		c->type.kind = ORM_T_UNKNOWN;
	}
	if (!ca.nullable_set)
	{
		/* Column(): nullable unless primary key, whatever the annotation says */
		if (c->primary_key)
			c->nullable = false;
		else if (inner && !legacy)
			c->nullable = optional;
		else
			c->nullable = true;
	}
	if (at)
		at->sort_order = ca.sort_order;
	*out = c;
	return 0;
}

/* Column("name", Type, ForeignKey(...), primary_key=True) in a Table(...) */
static int
decl_table_column(DeclCtx *dc, OrmTable *t, PyNode *call, OrmColumn **out)
{
	OrmColumn  *c = NULL;

	if (call->nitems < 1 || call->items[0]->kind != PY_STR)
		return decl_errn(dc, call, ORM_ERR_DECL, "Column() in a Table needs a name", NULL);
	if (decl_column(dc, t, NULL, NULL, call, &c) < 0)
		return -1;
	c->attr = NULL;
	*out = c;
	return 0;
}
