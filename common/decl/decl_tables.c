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

/* ---- enums ----------------------------------------------------------------- */

static bool
decl_is_enum_base(DeclCtx *dc, const PyNode *b)
{
	const char *l = decl_last(dc, b);
	const char *d = decl_dotted(dc, b);

	if (!l)
		return false;
	if (strcmp(l, "Enum") == 0)
		return !(d && strncmp(d, "sqlalchemy", 10) == 0);
	return strcmp(l, "IntEnum") == 0 || strcmp(l, "StrEnum") == 0 ||
		strcmp(l, "IntFlag") == 0 || strcmp(l, "Flag") == 0 ||
		(b->kind == PY_NAME && orm_reg_enum(dc->reg, b->str) != NULL);
}

/* One member's value as text; *is_str tells a string from a number. */
static const char *
decl_enum_value(DeclCtx *dc, const PyStmt *b, bool strenum, int64_t *autov, bool *is_str)
{
	OrmArena   *ra = dc->reg->arena;
	const PyNode *v = b->value;
	OrmBuf		jb;

	*is_str = false;
	if (v->kind == PY_CALL && decl_streq(decl_callee(dc, v), "auto"))
	{
		/* enum.auto(): 1, 2, ... ; StrEnum: the lower-cased member name */
		*is_str = strenum;
		if (strenum)
			return decl_lower(ra, b->target->str);
		if (*autov == INT64_MAX)
		{
			orm_err_at(dc->err, ORM_ERR_DECL, v->line, v->col,
					   "enum.auto() after a value too large to count from");
			return NULL;
		}
		return orm_sprintf(ra, "%lld", (long long) ++*autov);
	}
	if (v->kind == PY_STR)
	{
		*is_str = true;
		return orm_strndup(ra, v->str, v->len);
	}
	if (v->kind == PY_INT)
	{
		uint64_t	u;

		*autov = decl_lit_int(v, &u) && u < (uint64_t) INT64_MAX ? (int64_t) u : INT64_MAX;
		return decl_number(dc, v, false);
	}
	orm_buf_init(&jb, ra);
	if ((v->kind == PY_FLOAT || v->kind == PY_UNARY || v->kind == PY_TRUE ||
		 v->kind == PY_FALSE) && decl_const_json(dc, v, &jb))
		return orm_buf_cstr(&jb);
	if (dc->err->code)
		return NULL;
	/* anything else (tuples, calls): kept as its source text */
	*is_str = true;
	return orm_strdup(ra, decl_src(dc, v));
}

/* class Status(enum.Enum): DRAFT = "draft" ... */
static int
decl_enum_class(DeclCtx *dc, PyStmt *s)
{
	OrmArena   *ra = dc->reg->arena;
	OrmEnum    *e = ORM_NEW(ra, OrmEnum);
	bool		strenum = false;
	int			i,
				n = 0;
	int64_t		autov = 0;

	for (i = 0; i < s->nbases; i++)
	{
		const char *l = decl_last(dc, s->bases[i]);

		if (decl_streq(l, "str") || decl_streq(l, "StrEnum"))
			strenum = true;
	}
	e->name = orm_strdup(ra, s->name);
	e->line = s->line;
	e->col = s->col;
	e->names = ORM_NEWN(ra, const char *, s->nbody + 1);
	e->values = ORM_NEWN(ra, const char *, s->nbody + 1);
	e->value_is_str = ORM_NEWN(ra, bool, s->nbody + 1);
	for (i = 0; i < s->nbody; i++)
	{
		PyStmt	   *b = s->body[i];

		if (b->kind != PYS_ASSIGN || !b->target || b->target->kind != PY_NAME || !b->value ||
			b->target->str[0] == '_')
			continue;
		e->names[n] = orm_strdup(ra, b->target->str);
		e->values[n] = decl_enum_value(dc, b, strenum, &autov, &e->value_is_str[n]);
		if (!e->values[n])
			return -1;
		n++;
	}
	e->n = n;
	decl_put_enum(dc->reg, e);
	decl_origin(dc, e);
	return 0;
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

static bool
decl_in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

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

/* ---- table-level items ----------------------------------------------------- */

static OrmColumn *
decl_table_col_ref(OrmTable *t, const char *name)
{
	OrmColumn  *c = orm_table_col(t, name);
	int			i;

	if (c)
		return c;
	for (i = 0; i < t->ncols; i++)
		if (orm_streq(t->cols[i]->attr, name))
			return t->cols[i];
	return NULL;
}

/* Column references of Index/UniqueConstraint/PrimaryKeyConstraint args. */
static int
decl_col_list(DeclCtx *dc, OrmTable *t, PyNode **items, int n, int from,
			  OrmColumn ***cols, int *ncols)
{
	int			i,
				k = 0;

	*cols = ORM_NEWN(dc->reg->arena, OrmColumn *, n + 1);
	for (i = from; i < n; i++)
	{
		PyNode	   *it = items[i];
		const char *name = NULL;
		OrmColumn  *c;

		if (it->kind == PY_STR)
			name = orm_strndup(dc->a, it->str, it->len);
		else if (it->kind == PY_NAME)
			name = it->str;
		else if (it->kind == PY_ATTR)
			name = it->str;
		if (!name)
			return decl_errn(dc, it, ORM_ERR_UNSUPPORTED, "unsupported index element \"%s\"",
							 decl_src(dc, it));
		c = decl_table_col_ref(t, name);
		if (!c)
			return decl_errn(dc, it, ORM_ERR_NAME, "unknown column \"%s\"", name);
		(*cols)[k++] = c;
	}
	*ncols = k;
	return 0;
}

/* text("sql") -> "sql" (kept in the registry arena), else NULL. */
static const char *
decl_sql_text(DeclCtx *dc, const PyNode *n)
{
	if (n && decl_is_call(dc, n, "text") && n->nitems == 1 && n->items[0]->kind == PY_STR)
		return orm_strndup(dc->reg->arena, n->items[0]->str, n->items[0]->len);
	return NULL;
}

/*
 * An expression element of an Index as SQL: text("sql"), or func.f(args)
 * with text() / number arguments (SQLAlchemy renders them literally).
 */
static const char *
decl_index_expr(DeclCtx *dc, const PyNode *n)
{
	const char *fname,
			   *arg;
	OrmBuf		b;
	int			i;

	if ((arg = decl_sql_text(dc, n)) != NULL)
		return arg;
	if (!decl_is_func_call(dc, n, &fname) || n->nkw > 0)
		return NULL;
	orm_buf_init(&b, dc->reg->arena);
	orm_buf_printf(&b, "%s(", fname);
	for (i = 0; i < n->nitems; i++)
	{
		const PyNode *a = n->items[i];

		if (i)
			orm_buf_puts(&b, ", ");
		if ((arg = decl_index_expr(dc, a)) != NULL)
			orm_buf_puts(&b, arg);
		else if (decl_is_number(a) && (arg = decl_number_of(dc, a)) != NULL)
			orm_buf_puts(&b, arg);
		else
			return NULL;
	}
	orm_buf_putc(&b, ')');
	return orm_buf_cstr(&b);
}

/* Index("name", "col", Class.col, text("lower(x)"), func.lower(text("x")), ...) */
static int
decl_index_elements(DeclCtx *dc, OrmTable *t, const PyNode *it, OrmIndex *ix)
{
	OrmArena   *ra = dc->reg->arena;
	int			i,
				n = it->nitems - 1;
	bool		any = false;

	ix->cols = ORM_NEWN(ra, OrmColumn *, n + 1);
	ix->exprs = ORM_NEWN(ra, const char *, n + 1);
	for (i = 0; i < n; i++)
	{
		PyNode	   *el = it->items[i + 1];
		OrmColumn **one;
		int			k;

		if ((ix->exprs[i] = decl_index_expr(dc, el)) != NULL)
			any = true;
		else if (decl_col_list(dc, t, &el, 1, 0, &one, &k) < 0)
			return -1;
		else
			ix->cols[ix->ncols++] = one[0];
	}
	ix->nexprs = any ? n : 0;
	if (!any)
		ix->exprs = NULL;
	return 0;
}

static int
decl_table_item(DeclCtx *dc, OrmTable *t, PyNode *it, int seq)
{
	OrmArena   *ra = dc->reg->arena;
	const char *kind = decl_callee(dc, it);
	const PyNode *kw;

	if (!kind)
		return decl_errn(dc, it, ORM_ERR_DECL, "unsupported table argument \"%s\"", decl_src(dc, it));
	if (strcmp(kind, "Index") == 0)
	{
		OrmIndex   *ix = ORM_NEW(ra, OrmIndex);

		if (it->nitems < 1 || it->items[0]->kind != PY_STR)
			return decl_errn(dc, it, ORM_ERR_DECL, "Index needs a name", NULL);
		ix->name = orm_strndup(ra, it->items[0]->str, it->items[0]->len);
		if (decl_index_elements(dc, t, it, ix) < 0)
			return -1;
		ix->unique = decl_flag(dc, py_kwarg(it, "unique"), false);
		if ((kw = py_kwarg(it, "postgresql_using")) != NULL && kw->kind != PY_NONE)
		{
			const char *u = decl_str(dc, kw);

			/* SQLAlchemy's IDX_USING: one word */
			for (const char *p = u; p && *p; p++)
				if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					  (*p >= '0' && *p <= '9') || *p == '_' || (unsigned char) *p >= 0x80))
					u = NULL;
			if (!u || !*u)
				return decl_errn(dc, kw, ORM_ERR_DECL, "unexpected SQL phrase %s for postgresql_using",
								 kw->src ? orm_strndup(dc->a, kw->src, kw->srclen) : "?");
			ix->pg_using = u;
		}
		ix->pg_where = decl_sql_text(dc, py_kwarg(it, "postgresql_where"));
		ix->sqlite_where = decl_sql_text(dc, py_kwarg(it, "sqlite_where"));
		orm_vec_push(ra, &t->indexes, ix);
	}
	else if (strcmp(kind, "UniqueConstraint") == 0)
	{
		OrmUnique  *u = ORM_NEW(ra, OrmUnique);

		if (decl_col_list(dc, t, it->items, it->nitems, 0, &u->cols, &u->ncols) < 0)
			return -1;
		if ((kw = py_kwarg(it, "name")) != NULL && kw->kind == PY_STR)
			u->name = orm_strndup(ra, kw->str, kw->len);
		u->seq = seq;
		orm_vec_push(ra, &t->uniques, u);
	}
	else if (strcmp(kind, "CheckConstraint") == 0)
	{
		OrmCheck   *ck = ORM_NEW(ra, OrmCheck);

		if (it->nitems < 1 || it->items[0]->kind != PY_STR)
			return decl_errn(dc, it, ORM_ERR_DECL, "CheckConstraint needs SQL text", NULL);
		ck->sqltext = orm_strndup(ra, it->items[0]->str, it->items[0]->len);
		if ((kw = py_kwarg(it, "name")) != NULL && kw->kind == PY_STR)
			ck->name = orm_strndup(ra, kw->str, kw->len);
		ck->seq = seq;
		orm_vec_push(ra, &t->checks, ck);
	}
	else if (strcmp(kind, "PrimaryKeyConstraint") == 0)
	{
		OrmColumn **cols;
		int			n,
					i;

		if (decl_col_list(dc, t, it->items, it->nitems, 0, &cols, &n) < 0)
			return -1;
		if ((kw = py_kwarg(it, "name")) != NULL && kw->kind == PY_STR)
			t->pk_name = orm_strndup(ra, kw->str, kw->len);
		/* no columns: the primary_key=True columns stay (as in SQLAlchemy) */
		for (i = 0; i < t->ncols && n > 0; i++)
			t->cols[i]->primary_key = false;
		for (i = 0; i < n; i++)
		{
			cols[i]->primary_key = true;
			cols[i]->nullable = false;
		}
	}
	else if (strcmp(kind, "ForeignKeyConstraint") == 0)
	{
		PyNode	   *lc = it->nitems > 0 ? it->items[0] : NULL,
				   *rc = it->nitems > 1 ? it->items[1] : NULL;
		int			i;

		if (!lc || !rc || (lc->kind != PY_LIST && lc->kind != PY_TUPLE) ||
			(rc->kind != PY_LIST && rc->kind != PY_TUPLE) || lc->nitems != rc->nitems)
			return decl_errn(dc, it, ORM_ERR_DECL, "ForeignKeyConstraint needs two lists of columns", NULL);
		for (i = 0; i < lc->nitems; i++)
		{
			OrmColumn  *c;
			OrmForeignKey *f;

			if (lc->items[i]->kind != PY_STR || rc->items[i]->kind != PY_STR)
				return decl_errn(dc, lc->items[i], ORM_ERR_UNSUPPORTED,
								 "ForeignKeyConstraint columns must be strings", NULL);
			c = decl_table_col_ref(t, orm_strndup(dc->a, lc->items[i]->str, lc->items[i]->len));
			if (!c)
				return decl_errn(dc, lc->items[i], ORM_ERR_NAME, "unknown column \"%s\"",
								 orm_strndup(dc->a, lc->items[i]->str, lc->items[i]->len));
			f = ORM_NEW(ra, OrmForeignKey);
			f->target = orm_strndup(ra, rc->items[i]->str, rc->items[i]->len);
			if (decl_fk_options(dc, it, f) < 0)
				return -1;
			f->seq = seq;
			c->fk = f;
		}
	}
	else
		return decl_errn(dc, it, ORM_ERR_UNSUPPORTED, "unsupported table argument \"%s\"", kind);
	return 0;
}

static int
decl_table_opts_dict(DeclCtx *dc, OrmTable *t, PyNode *d)
{
	int			i;

	for (i = 0; i < d->nitems; i++)
	{
		PyNode	   *k = d->items[i],
				   *v = d->values[i];

		if (!k || k->kind != PY_STR)
			continue;
		if (k->len == 6 && memcmp(k->str, "schema", 6) == 0)
			t->schema = decl_str(dc, v) ? orm_strdup(dc->reg->arena, decl_str(dc, v)) : NULL;
		else if (k->len == 7 && memcmp(k->str, "comment", 7) == 0)
			t->comment = decl_str(dc, v) ? orm_strdup(dc->reg->arena, decl_str(dc, v)) : NULL;
		else if (decl_key_is(k, "sqlite_autoincrement"))
			t->sqlite_autoincrement = decl_flag(dc, v, false);
	}
	return 0;
}

static int
decl_table_args(DeclCtx *dc, OrmTable *t, PyNode *args)
{
	int			i;

	args = decl_const(dc, args);	/* __table_args__ = TABLE_ARGS */
	if (args->op == PY_OP_IN && (args->kind == PY_DICT || args->kind == PY_TUPLE ||
								 args->kind == PY_LIST))
		return decl_errn(dc, args, ORM_ERR_DECL, "__table_args__ cannot be a comprehension", NULL);
	if (args->kind == PY_DICT)
		return decl_table_opts_dict(dc, t, args);
	if (args->kind != PY_TUPLE && args->kind != PY_LIST)
		return decl_errn(dc, args, ORM_ERR_DECL, "__table_args__ must be a tuple or a dict", NULL);
	for (i = 0; i < args->nitems; i++)
	{
		PyNode	   *it = args->items[i];

		if (it->kind == PY_DICT)
		{
			if (decl_table_opts_dict(dc, t, it) < 0)
				return -1;
		}
		else if (decl_table_item(dc, t, it, i + 1) < 0)
			return -1;
	}
	return 0;
}

/* A column's label as SQLAlchemy forms it: [schema_]table_column. */
static const char *
decl_col_label(OrmArena *a, const OrmTable *t, const OrmColumn *c)
{
	if (t->schema)
		return orm_sprintf(a, "%s_%s_%s", t->schema, t->name, c->name);
	return orm_sprintf(a, "%s_%s", t->name, c->name);
}

/* The ix_<label> index of an index=True column. */
static OrmIndex *
decl_column_index(DeclCtx *dc, OrmTable *t, OrmColumn *c)
{
	OrmArena   *ra = dc->reg->arena;
	OrmIndex   *ix = ORM_NEW(ra, OrmIndex);

	ix->name = orm_sprintf(ra, "ix_%s", decl_col_label(ra, t, c));
	ix->name_conv = true;		/* SQLAlchemy's default "ix" convention */
	ix->ncols = 1;
	ix->cols = ORM_NEWN(ra, OrmColumn *, 1);
	ix->cols[0] = c;
	ix->unique = c->unique;
	return ix;
}

/* Generated ix_<table>_<col> indexes for index=True columns, in column order. */
static void
decl_column_indexes(DeclCtx *dc, OrmTable *t)
{
	OrmArena   *ra = dc->reg->arena;
	OrmPtrVec	given = t->indexes;
	int			i;

	memset(&t->indexes, 0, sizeof(t->indexes));
	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *c = t->cols[i];

		if (c->index)
			orm_vec_push(ra, &t->indexes, decl_column_index(dc, t, c));
	}
	for (i = 0; i < given.n; i++)
		orm_vec_push(ra, &t->indexes, given.items[i]);
}

/*
 * A column's name must be new to its table and not blank: SQLAlchemy's
 * Table refuses both (DuplicateColumnError, ArgumentError) at declaration.
 */
static int
decl_new_column_name(DeclCtx *dc, const OrmTable *t, OrmColumn **cols, int ncols,
					 const OrmColumn *c)
{
	int			i;

	if (!c->name || !*c->name)
		return orm_err_at(dc->err, ORM_ERR_DECL, c->line, c->col,
						  "column \"%s\" of table \"%s\" has a blank name",
						  c->attr ? c->attr : "", t->name);
	for (i = 0; i < ncols; i++)
		if (cols[i] != c && strcmp(cols[i]->name, c->name) == 0)
			return orm_err_at(dc->err, ORM_ERR_DECL, c->line, c->col,
							  "a column with name \"%s\" is already present in table \"%s\"",
							  c->name, t->name);
	return 0;
}

static int
decl_table_finish(DeclCtx *dc, OrmTable *t, OrmPtrVec *cols)
{
	int			i;

	for (i = 0; i < cols->n; i++)
		if (decl_new_column_name(dc, t, (OrmColumn **) cols->items, i, cols->items[i]) < 0)
			return -1;
	t->ncols = cols->n;
	t->cols = ORM_NEWN(dc->reg->arena, OrmColumn *, t->ncols + 1);
	for (i = 0; i < cols->n; i++)
	{
		t->cols[i] = cols->items[i];
		t->cols[i]->pos = i;
		t->cols[i]->table = t;
	}
	return 0;
}

static void
decl_table_pk(DeclCtx *dc, OrmTable *t)
{
	int			i,
				k = 0;

	t->npk = 0;
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->primary_key)
			t->npk++;
	t->pk = ORM_NEWN(dc->reg->arena, OrmColumn *, t->npk + 1);
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->primary_key)
			t->pk[k++] = t->cols[i];
}

/* ---- naming conventions ---------------------------------------------------------- */

/*
 * MetaData(naming_convention={...}) on the declarative base names the
 * constraints and indexes SQLAlchemy would name (sqlalchemy.sql.naming):
 * "ix" / "uq" / "ck" / "fk" / "pk" templates with %(table_name)s,
 * %(constraint_name)s, %(column_0_name)s / _label / _key, %(column_0N_name)s,
 * %(column_0_N_name)s, %(referred_table_name)s, %(referred_column_0_name)s.
 * A template applies to an unnamed constraint, and to a named one only when
 * it uses %(constraint_name)s.  Names are not truncated to the dialect's
 * identifier length.
 */
typedef struct DeclConv
{
	const OrmTable *t;
	OrmColumn **cols;
	int			ncols;
	const char *name;			/* the constraint's own name, or NULL */
} DeclConv;

/* schema= of a MetaData(...) expression (or a name bound to one), or NULL. */
static const char *
decl_schema_of(DeclCtx *dc, PyNode *metadata)
{
	PyNode	   *md = decl_const(dc, metadata);
	const char *schema;

	if (!decl_is_call(dc, md, "MetaData") || !(schema = decl_str(dc, py_kwarg(md, "schema"))))
		return NULL;
	return orm_strdup(dc->reg->arena, schema);
}

/* naming_convention dict of a MetaData(...) expression (or a name bound to one). */
static PyNode *
decl_naming_of(DeclCtx *dc, PyNode *metadata)
{
	PyNode	   *md = decl_const(dc, metadata),
			   *nc;

	if (!decl_is_call(dc, md, "MetaData"))
		return NULL;
	nc = decl_const(dc, py_kwarg(md, "naming_convention"));
	return nc && nc->kind == PY_DICT ? nc : NULL;
}

/* The template for kind ("ix", "uq", ...) or NULL. */
static const char *
decl_conv_template(DeclCtx *dc, const PyNode *naming, const char *kind)
{
	int			i;

	for (i = 0; naming && i < naming->nitems; i++)
	{
		const PyNode *k = naming->items[i],
				   *v = naming->values[i];

		if (k && k->kind == PY_STR && strlen(kind) == k->len &&
			memcmp(k->str, kind, k->len) == 0 && v->kind == PY_STR)
			return decl_str(dc, v);
	}
	return NULL;
}

/* "users.id" / "s.users.id" -> the table part ("users"), or the column part. */
static const char *
decl_target_part(OrmArena *a, const char *target, bool column)
{
	const char *dot = strrchr(target, '.');
	const char *start;

	if (!dot)
		return target;
	if (column)
		return dot + 1;
	for (start = dot; start > target && start[-1] != '.'; start--)
		;
	return orm_strndup(a, start, (size_t) (dot - start));
}

/* One column's value for a column_<k>_<kind> / referred_column_<k>_name token. */
static const char *
decl_conv_col(DeclCtx *dc, const DeclConv *cx, int k, const char *kind, bool referred)
{
	const OrmColumn *c;

	if (k >= cx->ncols)
		return NULL;
	c = cx->cols[k];
	if (referred)
		return c->fk ? decl_target_part(dc->a, c->fk->target, true) : NULL;
	if (strcmp(kind, "name") == 0)
		return c->name;
	if (strcmp(kind, "label") == 0)
		return decl_col_label(dc->a, cx->t, c);
	if (strcmp(kind, "key") == 0)
		return c->attr ? c->attr : c->name;
	return NULL;
}

/* column_0_name, column_0N_name, column_0_N_label, referred_column_0_name ... */
static bool
decl_conv_cols(DeclCtx *dc, const DeclConv *cx, const char *key, OrmBuf *out)
{
	bool		referred = strncmp(key, "referred_", 9) == 0;
	const char *p = referred ? key + 9 : key;
	const char *sep = NULL;
	const char *v;
	int			k = 0,
				i;

	if (strncmp(p, "column_", 7) != 0)
		return false;
	p += 7;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
	{
		k = k * 10 + (*p++ - '0');
		if (k > 100000)
			return false;		/* no such column, and no int overflow */
	}
	if (p[0] == 'N' && p[1] == '_')
		sep = "", p += 1;
	else if (p[0] == '_' && p[1] == 'N' && p[2] == '_')
		sep = "_", p += 2;
	if (*p++ != '_')
		return false;
	for (i = k; i < (sep ? cx->ncols : k + 1); i++)
	{
		if (!(v = decl_conv_col(dc, cx, i, p, referred)))
			return false;
		if (i > k)
			orm_buf_puts(out, sep);
		orm_buf_puts(out, v);
	}
	return true;
}

static bool
decl_conv_token(DeclCtx *dc, const DeclConv *cx, const char *key, OrmBuf *out)
{
	if (strcmp(key, "table_name") == 0)
		orm_buf_puts(out, cx->t->name);
	else if (strcmp(key, "constraint_name") == 0 && cx->name)
		orm_buf_puts(out, cx->name);
	else if (strcmp(key, "referred_table_name") == 0 && cx->ncols > 0 && cx->cols[0]->fk)
		orm_buf_puts(out, decl_target_part(dc->a, cx->cols[0]->fk->target, false));
	else
		return decl_conv_cols(dc, cx, key, out);
	return true;
}

/*
 * The name of a constraint of kind under the naming convention: *name
 * replaced when the template applies.  n positions errors.
 */
static int
decl_conv_name(DeclCtx *dc, const PyNode *naming, const char *kind, const DeclConv *cx,
			   const char **name, bool *conv, int line, int col)
{
	const char *tpl = decl_conv_template(dc, naming, kind);
	const char *p;
	OrmBuf		b;

	if (!tpl)
		return 0;
	if (cx->name && !strstr(tpl, "%(constraint_name)s"))
		return 0;
	if (!cx->name && strstr(tpl, "%(constraint_name)s"))
		return orm_err_at(dc->err, ORM_ERR_DECL, line, col,
						  "naming convention including %%(constraint_name)s token requires that constraint is explicitly named");
	orm_buf_init(&b, dc->reg->arena);
	for (p = tpl; *p; p++)
	{
		const char *end;

		if (p[0] == '%' && p[1] == '(' && (end = strstr(p, ")s")) != NULL)
		{
			const char *key = orm_strndup(dc->a, p + 2, (size_t) (end - p - 2));

			if (!decl_conv_token(dc, cx, key, &b))
				return orm_err_at(dc->err, ORM_ERR_DECL, line, col,
								  "unknown naming convention token \"%s\"", key);
			p = end + 1;
		}
		else if (p[0] == '%' && p[1] == '%')
			orm_buf_putc(&b, *p++);
		else
			orm_buf_putc(&b, *p);
	}
	*name = orm_buf_cstr(&b);
	*conv = true;
	return 0;
}

/* Foreign keys: a column's own, or the columns of one ForeignKeyConstraint. */
static int
decl_conv_fks(DeclCtx *dc, const PyNode *naming, OrmTable *t)
{
	int			i,
				j;

	for (i = 0; i < t->ncols; i++)
	{
		OrmForeignKey *fk = t->cols[i]->fk;
		DeclConv	cx = {t, NULL, 0, fk ? fk->name : NULL};
		bool		first = true;

		for (j = 0; fk && j < i && fk->seq > 0; j++)
			if (t->cols[j]->fk && t->cols[j]->fk->seq == fk->seq)
				first = false;
		if (!fk || !first)
			continue;
		cx.cols = ORM_NEWN(dc->a, OrmColumn *, t->ncols);
		for (j = i; j < t->ncols; j++)
			if (j == i || (fk->seq > 0 && t->cols[j]->fk && t->cols[j]->fk->seq == fk->seq))
				cx.cols[cx.ncols++] = t->cols[j];
		if (decl_conv_name(dc, naming, "fk", &cx, &fk->name, &fk->name_conv, t->cols[i]->line, t->cols[i]->col) < 0)
			return -1;
		for (j = 1; j < cx.ncols; j++)
		{
			cx.cols[j]->fk->name = fk->name;
			cx.cols[j]->fk->name_conv = fk->name_conv;
		}
	}
	return 0;
}

/* Applies the naming convention to t's constraints and indexes. */
static int
decl_apply_naming(DeclCtx *dc, const PyNode *naming, OrmTable *t)
{
	int			i,
				ngen = 0;

	if (!naming)
		return 0;
	for (i = 0; i < t->ncols; i++)
		ngen += t->cols[i]->index;
	for (i = 0; i < t->indexes.n; i++)
	{
		OrmIndex   *ix = t->indexes.items[i];
		DeclConv	cx = {t, ix->cols, ix->ncols, i < ngen ? NULL : ix->name};

		if (decl_conv_name(dc, naming, "ix", &cx, &ix->name, &ix->name_conv, t->line, t->col) < 0)
			return -1;
	}
	for (i = 0; i < t->uniques.n; i++)
	{
		OrmUnique  *u = t->uniques.items[i];
		DeclConv	cx = {t, u->cols, u->ncols, u->name};

		if (decl_conv_name(dc, naming, "uq", &cx, &u->name, &u->name_conv, t->line, t->col) < 0)
			return -1;
	}
	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *c = t->cols[i];
		DeclConv	cx = {t, &t->cols[i], 1, NULL};

		if (c->unique && !c->index &&
			decl_conv_name(dc, naming, "uq", &cx, &c->unique_name, &c->unique_name_conv, c->line, c->col) < 0)
			return -1;
	}
	for (i = 0; i < t->checks.n; i++)
	{
		OrmCheck   *ck = t->checks.items[i];
		DeclConv	cx = {t, NULL, 0, ck->name};

		if (decl_conv_name(dc, naming, "ck", &cx, &ck->name, &ck->name_conv, t->line, t->col) < 0)
			return -1;
	}
	{
		DeclConv	cx = {t, t->pk, t->npk, t->pk_name};

		if (t->npk > 0 && decl_conv_name(dc, naming, "pk", &cx, &t->pk_name, &t->pk_name_conv, t->line, t->col) < 0)
			return -1;
	}
	return decl_conv_fks(dc, naming, t);
}

/* ---- Table("name", Base.metadata, Column(...), ...) -------------------------- */

/* The naming convention of a Table's metadata argument: Base.metadata or a MetaData. */
static const PyNode *
decl_table_naming(DeclCtx *dc, PyNode *md)
{
	DeclBase   *b;

	if (md->kind == PY_ATTR && strcmp(md->str, "metadata") == 0 && md->a->kind == PY_NAME &&
		(b = decl_find_base(dc->st, md->a->str)) != NULL)
		return b->naming;
	return decl_naming_of(dc, md);
}

static int
decl_plain_table(DeclCtx *dc, const char *var, PyNode *call)
{
	OrmArena   *ra = dc->reg->arena;
	OrmTable   *t = ORM_NEW(ra, OrmTable);
	OrmPtrVec	cols = {0};
	OrmPtrVec	items = {0};
	int			i;
	DeclVar    *v;

	if (call->nitems < 1 || call->items[0]->kind != PY_STR)
		return decl_errn(dc, call, ORM_ERR_DECL, "Table() needs a name", NULL);
	t->name = orm_strndup(ra, call->items[0]->str, call->items[0]->len);
	t->line = call->line;
	t->col = call->col;
	for (i = 1; i < call->nitems; i++)
	{
		PyNode	   *it = call->items[i];
		OrmColumn  *c = NULL;

		if (decl_is_call(dc, it, "Column") || decl_is_call(dc, it, "mapped_column"))
		{
			if (decl_table_column(dc, t, it, &c) < 0)
				return -1;
			orm_vec_push(ra, &cols, c);
		}
		else if (it->kind == PY_CALL)
			orm_vec_push(dc->a, &items, it);
		/* else: the MetaData argument */
	}
	if (decl_table_finish(dc, t, &cols) < 0)
		return -1;
	for (i = 0; i < items.n; i++)
		if (decl_table_item(dc, t, items.items[i], i + 1) < 0)
			return -1;
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];

		if (k && strcmp(k, "schema") == 0 && decl_str(dc, call->kwvalues[i]))
			t->schema = orm_strdup(ra, decl_str(dc, call->kwvalues[i]));
		else if (k && strcmp(k, "comment") == 0 && decl_str(dc, call->kwvalues[i]))
			t->comment = orm_strdup(ra, decl_str(dc, call->kwvalues[i]));
	}
	decl_table_pk(dc, t);
	decl_column_indexes(dc, t);
	if (call->nitems > 1 && decl_apply_naming(dc, decl_table_naming(dc, call->items[1]), t) < 0)
		return -1;
	decl_put_table(dc->reg, t, NULL);
	decl_origin(dc, t);
	if (var)
	{
		v = decl_find_var(dc->st, var);
		if (!v)
		{
			v = ORM_NEW(ra, DeclVar);
			v->name = orm_strdup(ra, var);
			orm_vec_push(ra, &dc->st->vars, v);
		}
		v->table = t;
	}
	return 0;
}

static int
decl_is_autoinc_col(const OrmTable *t, const OrmColumn *c)
{
	bool		intlike = c->type.kind == ORM_T_INTEGER || c->type.kind == ORM_T_BIGINT ||
		c->type.kind == ORM_T_SMALLINT;

	if (t->npk != 1 || t->pk[0] != c || !intlike)
		return false;
	if (c->autoincrement == ORM_AUTOINC_FALSE)
		return false;
	if (c->autoincrement == ORM_AUTOINC_TRUE)
		return true;
	/* "auto": no foreign key, no Python-side or server default */
	return c->fk == NULL &&
		(c->dflt.kind == ORM_DEF_NONE || c->dflt.kind == ORM_DEF_NULL) &&
		c->server_default.kind == ORM_SD_NONE;
}

/* ==== migration scripts (migrate_ops.c) ====================================== */

/*
 * Alembic's op.create_table / op.add_column / op.alter_column take the same
 * sa.Column(...), sa.<Type>(...) and constraint arguments a Table(...) does;
 * these read them the way decl_plain_table reads a Table, into objects that
 * are not added to reg (reg is a scratch registry: its arena holds them).
 * Foreign keys stay unresolved (target text only).
 */
static void
decl_mig_ctx(DeclCtx *dc, OrmRegistry *reg, const char *src, OrmError *err)
{
	memset(dc, 0, sizeof(*dc));
	dc->reg = reg;
	dc->a = reg->arena;
	dc->st = decl_state(reg);
	dc->src = src;
	dc->err = err;
}

/* sa.Column("name", sa.Integer(), ...) for table t (not added to it). */
int
orm_declare_mig_column(OrmRegistry *reg, const char *src, PyNode *call, OrmTable *t,
					   OrmColumn **out, OrmError *err)
{
	DeclCtx		dc;

	decl_mig_ctx(&dc, reg, src, err);
	if (!decl_is_call(&dc, call, "Column"))
		return decl_errn(&dc, call, ORM_ERR_PARAM, "expected sa.Column(...), got \"%s\"",
						 decl_src(&dc, call));
	return decl_table_column(&dc, t, call, out);
}

/* A type expression: sa.String(length=50), sa.INTEGER(), postgresql.ENUM(...). */
int
orm_declare_mig_type(OrmRegistry *reg, const char *src, const PyNode *n, OrmType *t,
					 OrmError *err)
{
	DeclCtx		dc;

	decl_mig_ctx(&dc, reg, src, err);
	if (!decl_is_type_expr(&dc, n))
		return decl_errn(&dc, n, ORM_ERR_NAME, "unknown type \"%s\"", decl_src(&dc, n));
	return decl_type_expr(&dc, n, t);
}

/* server_default=: 'x', sa.text('0'), sa.func.now(), None. */
int
orm_declare_mig_server_default(OrmRegistry *reg, const char *src, const PyNode *n,
							   OrmServerDefault *sd, OrmError *err)
{
	DeclCtx		dc;

	decl_mig_ctx(&dc, reg, src, err);
	return decl_server_default(&dc, n, sd);
}

/*
 * op.create_table(name, *items): columns and table-level constraints
 * (PrimaryKeyConstraint, ForeignKeyConstraint, UniqueConstraint,
 * CheckConstraint, Index), read as Table(name, metadata, *items).
 */
int
orm_declare_mig_table(OrmRegistry *reg, const char *src, const char *name,
					  PyNode *const *items, int nitems, OrmTable **out, OrmError *err)
{
	DeclCtx		dc;
	OrmArena   *ra = reg->arena;
	OrmTable   *t = ORM_NEW(ra, OrmTable);
	OrmPtrVec	cols = {0},
				rest = {0};
	int			i;

	decl_mig_ctx(&dc, reg, src, err);
	t->name = orm_strdup(ra, name);
	for (i = 0; i < nitems; i++)
	{
		PyNode	   *it = items[i];
		OrmColumn  *c = NULL;

		if (decl_is_call(&dc, it, "Column"))
		{
			if (decl_table_column(&dc, t, it, &c) < 0)
				return -1;
			orm_vec_push(ra, &cols, c);
		}
		else if (it->kind == PY_CALL)
			orm_vec_push(ra, &rest, it);
		else
			return decl_errn(&dc, it, ORM_ERR_PARAM, "unsupported create_table argument \"%s\"",
							 decl_src(&dc, it));
	}
	if (decl_table_finish(&dc, t, &cols) < 0)
		return -1;
	for (i = 0; i < rest.n; i++)
		if (decl_table_item(&dc, t, rest.items[i], i + 1) < 0)
			return -1;
	decl_table_pk(&dc, t);
	decl_column_indexes(&dc, t);
	for (i = 0; i < t->ncols; i++)
		t->cols[i]->is_autoinc = decl_is_autoinc_col(t, t->cols[i]);
	*out = t;
	return 0;
}

/* One table-level item (constraint or Index) added to t, as in __table_args__. */
int
orm_declare_mig_table_item(OrmRegistry *reg, const char *src, OrmTable *t, PyNode *item,
						   int seq, OrmError *err)
{
	DeclCtx		dc;

	decl_mig_ctx(&dc, reg, src, err);
	return decl_table_item(&dc, t, item, seq);
}

/* Whether c is t's autoincrementing column (SQLAlchemy's "auto" rule). */
bool
orm_declare_is_autoinc(const OrmTable *t, const OrmColumn *c)
{
	return decl_is_autoinc_col(t, c);
}
