/*
 * decl_base.c -- the floor of the declaration reader: small helpers,
 * numbers, the registry lists.
 *
 * Owns: names after import aliases (decl_last, decl_dotted, decl_callee),
 * errors placed at a node (decl_errn), following a name into what it is
 * bound to (decl_follow: at most DECL_MAX_FOLLOW links deep, so that names
 * bound to each other are an error, not an endless recursion), flags,
 * integer and number literals as written (decl_number, decl_intval),
 * string literals parsed as expressions, and the lists kept in reg->decl
 * and reg (declarative bases, mixins, variables, Annotated aliases,
 * constants, which source declared what; a class, table or enum declared
 * again replaces the earlier one).
 *
 * Calls only registry.c's lookups; every other piece may call it.
 * Never touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

bool
decl_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

const char *
decl_lastcomp(const char *dotted)
{
	const char *p;

	if (!dotted)
		return NULL;
	p = strrchr(dotted, '.');
	return p ? p + 1 : dotted;
}

DeclAlias *
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
const char *
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
const char *
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
const char *
decl_callee(DeclCtx *dc, const PyNode *n)
{
	if (!n || n->kind != PY_CALL)
		return NULL;
	return decl_last(dc, n->a);
}

bool
decl_is_call(DeclCtx *dc, const PyNode *n, const char *name)
{
	return decl_streq(decl_callee(dc, n), name);
}

const char *
decl_src(DeclCtx *dc, const PyNode *n)
{
	if (n->kind == PY_STR)
		return orm_strndup(dc->a, n->str, n->len);
	if (n->src)
		return orm_strndup(dc->a, n->src, n->srclen);
	return "?";
}

int
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

bool
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

bool
decl_follow(DeclCtx *dc, const PyNode *n)
{
	return decl_follow_q(dc, n, false);
}

void
decl_unfollow(DeclCtx *dc)
{
	dc->nest--;
}

/* Length of the longest prefix of s (len bytes) of at most max bytes that ends between characters. */
int
decl_utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t		n = len > max ? max : len;

	while (n > 0 && n < len && ((unsigned char) s[n] & 0xC0) == 0x80)
		n--;
	return (int) n;
}

/* A dict key: the string name. */
bool
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
bool
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
bool
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
bool
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
const char *
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
bool
decl_is_number(const PyNode *n)
{
	if (n && n->kind == PY_UNARY && (n->op == '-' || n->op == '+'))
		n = n->a;
	return n && (n->kind == PY_INT || n->kind == PY_FLOAT);
}

/* decl_number of a decl_is_number node. */
const char *
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
int
decl_intval(DeclCtx *dc, const PyNode *n, int64_t lo, int64_t hi, const char *what, int64_t *out)
{
	const PyNode *lit = n;
	bool		neg = false;
	uint64_t	v;

	if (!n || n->kind == PY_NONE)
		return 1;
	if (n->kind == PY_NAME)
	{
		/* a module-level integer constant (NAME_MAX_LEN = 100), of this
		 * module or one declared before it that this one imports */
		const PyNode *k = decl_const(dc, (PyNode *) n);

		if (k != n && (k->kind == PY_INT ||
					   (k->kind == PY_UNARY && k->op == '-' && k->a && k->a->kind == PY_INT)))
			lit = k;
	}
	if (lit->kind == PY_UNARY && (lit->op == '-' || lit->op == '+') && lit->a)
		neg = lit->op == '-', lit = lit->a;
	if (lit->kind != PY_INT)
		return orm_err_at(dc->err, ORM_ERR_DECL, n->line, n->col, "%s must be an integer, not %s%s",
						  what, n->src ? orm_strndup(dc->a, n->src, n->srclen) : decl_src(dc, n),
						  n->kind == PY_NAME ? " (no integer constant of that name in this module "
						  "or a module declared before it)" : "");
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
int
decl_intfield(DeclCtx *dc, const PyNode *n, int lo, const char *what, int *field)
{
	int64_t		v;
	int			rc = decl_intval(dc, n, lo, INT32_MAX, what, &v);

	if (rc == 0)
		*field = (int) v;
	return rc < 0 ? -1 : 0;
}

const char *
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
PyNode *
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

void
decl_origin(DeclCtx *dc, const void *obj)
{
	DeclOrigin *o = ORM_NEW(dc->reg->arena, DeclOrigin);

	o->obj = obj;
	o->source_no = dc->source_no;
	orm_vec_push(dc->reg->arena, &dc->st->origins, o);
}

int
decl_origin_of(const OrmRegistry *reg, const void *obj)
{
	const DeclState *st = reg->decl;
	int			i;

	for (i = 0; st && i < st->origins.n; i++)
		if (((DeclOrigin *) st->origins.items[i])->obj == obj)
			return ((DeclOrigin *) st->origins.items[i])->source_no;
	return -1;
}

DeclState *
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

int
decl_vec_find(const OrmPtrVec *v, const void *p)
{
	int			i;

	for (i = 0; i < v->n; i++)
		if (v->items[i] == p)
			return i;
	return -1;
}

/* Adds t, replacing a table of the same name (or the table `old` replaced). */
void
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

void
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

void
decl_put_enum(OrmRegistry *reg, OrmEnum *e)
{
	OrmEnum    *old = orm_reg_enum(reg, e->name);
	int			i;

	if (old && (i = decl_vec_find(&reg->enums, old)) >= 0)
		reg->enums.items[i] = e;
	else
		orm_vec_push(reg->arena, &reg->enums, e);
}

DeclBase *
decl_find_base(DeclState *st, const char *name)
{
	int			i;

	for (i = st->bases.n - 1; i >= 0; i--)
		if (strcmp(((DeclBase *) st->bases.items[i])->name, name) == 0)
			return st->bases.items[i];
	return NULL;
}

DeclMixin *
decl_find_mixin(DeclState *st, const char *name)
{
	int			i;

	for (i = st->mixins.n - 1; i >= 0; i--)
		if (strcmp(((DeclMixin *) st->mixins.items[i])->name, name) == 0)
			return st->mixins.items[i];
	return NULL;
}

DeclVar *
decl_find_var(DeclState *st, const char *name)
{
	int			i;

	for (i = st->vars.n - 1; i >= 0; i--)
		if (strcmp(((DeclVar *) st->vars.items[i])->name, name) == 0)
			return st->vars.items[i];
	return NULL;
}

DeclAnno *
decl_find_anno(DeclState *st, const char *name)
{
	int			i;

	for (i = st->annos.n - 1; i >= 0; i--)
		if (strcmp(((DeclAnno *) st->annos.items[i])->name, name) == 0)
			return st->annos.items[i];
	return NULL;
}

DeclMapped *
decl_find_mapped(DeclState *st, const char *name)
{
	int			i;

	for (i = st->mapped.n - 1; i >= 0; i--)
		if (strcmp(((DeclMapped *) st->mapped.items[i])->name, name) == 0)
			return st->mapped.items[i];
	return NULL;
}

/* The value of a module-level name bound to a dict, sequence or MetaData(...); else n. */
PyNode *
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
void
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
	for (i = st->consts.n - 1; i >= 0; i--)
		if (strcmp(((DeclConst *) st->consts.items[i])->name, name) == 0)
			decl_vec_remove(&st->consts, i);
	for (i = st->funcs.n - 1; i >= 0; i--)
		if (strcmp(((DeclConst *) st->funcs.items[i])->name, name) == 0)
			decl_vec_remove(&st->funcs, i);
	for (i = st->badfuncs.n - 1; i >= 0; i--)
		if (strcmp((const char *) st->badfuncs.items[i], name) == 0)
			decl_vec_remove(&st->badfuncs, i);
	for (i = st->typedecs.n - 1; i >= 0; i--)
		if (strcmp(((DeclConst *) st->typedecs.items[i])->name, name) == 0)
			decl_vec_remove(&st->typedecs, i);
}

/* The TypeDecorator subclass declared as name, or NULL. */
DeclTypedec *
decl_typedec(DeclState *st, const char *name)
{
	for (int i = st->typedecs.n - 1; i >= 0; i--)
		if (strcmp(((DeclTypedec *) st->typedecs.items[i])->k.name, name) == 0)
			return st->typedecs.items[i];
	return NULL;
}

/* Its impl, or NULL. */
PyNode *
decl_find_typedec(DeclState *st, const char *name)
{
	DeclTypedec *td = decl_typedec(st, name);

	return td ? td->k.value : NULL;
}

/* The expression a module-level `def name(): return X` returns, or NULL. */
PyNode *
decl_find_func(DeclState *st, const char *name)
{
	for (int i = st->funcs.n - 1; i >= 0; i--)
		if (strcmp(((DeclConst *) st->funcs.items[i])->name, name) == 0)
			return ((DeclConst *) st->funcs.items[i])->value;
	return NULL;
}

/* ---- lists of names, relationship directions ----------------------------- */

/* Is s one of the names of a NULL-terminated list (the ignored keyword arguments)? */
bool
decl_in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* A relationship direction as SQLAlchemy names it (errors, the summary). */
const char *
decl_dir_name(OrmRelDir d)
{
	switch (d)
	{
		case ORM_REL_MANYTOONE:
			return "MANYTOONE";
		case ORM_REL_ONETOMANY:
			return "ONETOMANY";
		default:
			return "MANYTOMANY";
	}
}

/* ---- expression text ------------------------------------------------------- */

static bool
decl_identch(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		ch == '_' || (unsigned char) ch >= 0x80;
}

/*
 * Python expression text with each use of the name `from` (an identifier not
 * after a dot, outside quoted strings) written as `to`: a @declared_attr's
 * cls.x criterion kept as text, in the owner class's terms (Foo.x).
 */
const char *
decl_rename_ident(OrmArena *a, const char *text, const char *from, const char *to)
{
	OrmBuf		b;
	const char *p = text;
	size_t		n = strlen(from);

	orm_buf_init(&b, a);
	while (*p)
	{
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
		if (decl_identch(*p) && (p == text || (!decl_identch(p[-1]) && p[-1] != '.')))
		{
			const char *e = p;

			while (decl_identch(*e))
				e++;
			if ((size_t) (e - p) == n && memcmp(p, from, n) == 0)
				orm_buf_puts(&b, to);
			else
				orm_buf_put(&b, p, (size_t) (e - p));
			p = e;
			continue;
		}
		orm_buf_putc(&b, *p++);
	}
	return orm_buf_cstr(&b);
}
