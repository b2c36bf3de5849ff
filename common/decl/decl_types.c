/*
 * decl_types.c -- types, Annotated, enums and literals of declarations.
 *
 * Owns: a type expression as SQLAlchemy writes it (String(50),
 * Numeric(10, 2), Enum(...), ARRAY(...), T.with_variant(V, "postgresql"),
 * a module-level name bound to one) -> OrmType; a Python type in an
 * annotation -> OrmType (Mapped[X], Optional[X], the declarative base's
 * type_annotation_map first, then the Python defaults: int, str, datetime,
 * Decimal, an enum class, ...); Annotated[...] aliases
 *
 *   x = Annotated[int, mapped_column(...)]    an alias: its mapped_column()
 *                                   applies first, the attribute's own after;
 *                                   nested aliases flattened as typing does
 *
 * enum classes (class E(enum.Enum): members and values, auto(), StrEnum),
 * and Python constants as JSON text (defaults, polymorphic_identity).
 *
 * Calls decl_base.c only.  Never touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <stdlib.h>
#include <string.h>

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
/* An integer literal (a unary minus too) into *v; false for anything else. */
static bool
decl_int_literal(DeclCtx *dc, const PyNode *n, int64_t *v)
{
	const char *num;
	char	   *end;

	if (!n || !decl_is_number(n) || !(num = decl_number_of(dc, n)) || strpbrk(num, ".eE"))
		return false;
	*v = strtoll(num, &end, 10);
	return *end == '\0';
}

/*
 * The arguments of a constructor call by position, then by keyword, into
 * vals (names: its parameters in order); unset stay as they were.  false for
 * an argument that is not an integer literal or a name it does not have.
 */
static bool
decl_int_args(DeclCtx *dc, const PyNode *n, const char *const *names, int nnames, int64_t *vals)
{
	int			i,
				j;

	if (n->nitems > nnames)
		return false;
	for (i = 0; i < n->nitems; i++)
		if (!decl_int_literal(dc, n->items[i], &vals[i]))
			return false;
	for (i = 0; i < n->nkw; i++)
	{
		for (j = 0; j < nnames; j++)
			if (n->kwnames[i] && strcmp(n->kwnames[i], names[j]) == 0)
				break;
		if (j == nnames || j < n->nitems || !decl_int_literal(dc, n->kwvalues[i], &vals[j]))
			return false;
	}
	return true;
}

/*
 * date(2020, 1, 1), time(3, 0), datetime(2030, 1, 1, 12, 0), timedelta(minutes=5)
 * as a default: the value in the contract's input format (ISO text; an
 * interval as seconds).  Integer arguments only; a tzinfo= is not taken.
 */
static bool
decl_temporal_json(DeclCtx *dc, const PyNode *n, OrmBuf *out)
{
	static const char *const dt_names[] = {"year", "month", "day", "hour", "minute", "second",
	"microsecond"};
	static const char *const td_names[] = {"days", "seconds", "microseconds", "milliseconds",
	"minutes", "hours", "weeks"};
	int64_t		v[7] = {0, 0, 0, 0, 0, 0, 0};
	const char *callee = decl_last(dc, n->a);

	if (!callee)
		return false;
	if (strcmp(callee, "timedelta") == 0)
	{
		int64_t		us;

		if (!decl_int_args(dc, n, td_names, 7, v))
			return false;
		for (int i = 0; i < 7; i++)
			if (v[i] > 100000000 || v[i] < -100000000)
				return false;
		us = ((v[6] * 7 + v[0]) * 86400 + v[5] * 3600 + v[4] * 60 + v[1]) * 1000000 +
			v[3] * 1000 + v[2];
		orm_buf_printf(out, "%s%lld", us < 0 ? "-" : "", (long long) ((us < 0 ? -us : us) / 1000000));
		if (us % 1000000)
			orm_buf_printf(out, ".%06lld", (long long) ((us < 0 ? -us : us) % 1000000));
		return true;
	}
	if (strcmp(callee, "date") == 0 || strcmp(callee, "datetime") == 0)
	{
		bool		dt = strcmp(callee, "datetime") == 0;

		if (n->nitems + n->nkw < 3 || !decl_int_args(dc, n, dt_names, dt ? 7 : 3, v))
			return false;
		if (v[0] < 1 || v[0] > 9999 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 ||
			v[3] < 0 || v[3] > 23 || v[4] < 0 || v[4] > 59 || v[5] < 0 || v[5] > 59 ||
			v[6] < 0 || v[6] > 999999)
			return false;
		orm_buf_printf(out, "\"%04d-%02d-%02d", (int) v[0], (int) v[1], (int) v[2]);
		if (dt)
		{
			orm_buf_printf(out, "T%02d:%02d:%02d", (int) v[3], (int) v[4], (int) v[5]);
			if (v[6])
				orm_buf_printf(out, ".%06d", (int) v[6]);
		}
		orm_buf_putc(out, '"');
		return true;
	}
	if (strcmp(callee, "time") == 0)
	{
		if (!decl_int_args(dc, n, dt_names + 3, 4, v))
			return false;
		if (v[0] < 0 || v[0] > 23 || v[1] < 0 || v[1] > 59 || v[2] < 0 || v[2] > 59 ||
			v[3] < 0 || v[3] > 999999)
			return false;
		orm_buf_printf(out, "\"%02d:%02d:%02d", (int) v[0], (int) v[1], (int) v[2]);
		if (v[3])
			orm_buf_printf(out, ".%06d", (int) v[3]);
		orm_buf_putc(out, '"');
		return true;
	}
	return false;
}


bool
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
		case PY_NAME:
			{
				/* a module-level constant: DEFAULT_LANGUAGE = Language.EN */
				const PyNode *k = decl_const(dc, (PyNode *) n);
				bool		r;

				if (k == n || !decl_follow_q(dc, n, true))
					return false;
				r = decl_const_json(dc, k, out);
				decl_unfollow(dc);
				return r;
			}
		case PY_ATTR:
			{
				OrmEnum    *e = decl_enum_of_node(dc, n->a);
				const char *s;

				if ((s = decl_enum_attr_text(dc, n)) != NULL)
				{
					/* Enum.MEMBER.value (a string) / Enum.MEMBER.name */
					orm_buf_json_str(out, s, strlen(s));
					return true;
				}
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
			return decl_temporal_json(dc, n, out);
		default:
			return false;
	}
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

static int	decl_enum_kwargs(DeclCtx *dc, const PyNode *call, OrmType *t, OrmEnum *e);

static int
decl_enum_type(DeclCtx *dc, const PyNode *call, OrmType *t)
{
	OrmEnum    *e = NULL;

	if (call->nitems >= 1 && call->items[0]->kind != PY_STR && call->items[0]->kind != PY_STARRED)
	{
		e = decl_enum_of_node(dc, call->items[0]);
		if (!e)
			return decl_errn(dc, call->items[0], ORM_ERR_UNKNOWN_TYPE, "unknown enum \"%s\"",
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
		e->strings = true;
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
	return decl_enum_kwargs(dc, call, t, e);
}

/* Enum(...)'s keyword arguments onto t (whose enum is e). */
static int
decl_enum_kwargs(DeclCtx *dc, const PyNode *call, OrmType *t, OrmEnum *e)
{
	const PyNode *kw;

	if ((kw = py_kwarg(call, "values_callable")) != NULL && kw->kind != PY_NONE)
	{
		if (e->values_unknown)
			return decl_errn(dc, kw, ORM_ERR_UNSUPPORTED,
							 "values_callable of enum \"%s\": its members are tuples its own "
							 "__init__ / __new__ turns into values, which orm does not run "
							 "(an __init__ setting self._value_ = <parameter> is read)",
							 e->name);
		t->enum_by_value = true;
	}
	if ((kw = py_kwarg(call, "native_enum")) != NULL)
		t->native_enum = decl_flag(dc, kw, true);
	if ((kw = py_kwarg(call, "name")) != NULL && kw->kind == PY_STR)
		t->enum_type_name = orm_strndup(dc->reg->arena, kw->str, kw->len);
	if (decl_intfield(dc, py_kwarg(call, "length"), 0, "Enum length", &t->length) < 0)
		return -1;
	t->create_constraint = decl_flag(dc, py_kwarg(call, "create_constraint"), false);
	t->validate_strings = decl_flag(dc, py_kwarg(call, "validate_strings"), false);
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
	{"ENUM", ORM_T_ENUM, NULL},	/* postgresql.ENUM */
	{"ARRAY", ORM_T_ARRAY, NULL},
	/* postgresql.INET / CIDR / MACADDR: text values, bound with their cast */
	{"INET", ORM_T_STRING, "INET"},
	{"CIDR", ORM_T_STRING, "CIDR"},
	{"MACADDR", ORM_T_STRING, "MACADDR"},
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

static int	decl_type_expr_plain(DeclCtx *dc, const PyNode *n, OrmType *t);

/* T.with_variant(V, "dialect", ...) */
static bool
decl_is_variant(DeclCtx *dc, const PyNode *n)
{
	return n->kind == PY_CALL && n->a->kind == PY_ATTR && strcmp(n->a->str, "with_variant") == 0 &&
		n->nitems >= 2 && decl_is_type_expr(dc, n->a->a) && decl_is_type_expr(dc, n->items[0]);
}

/* MutableDict.as_mutable(JSON) / MutableList / MutableSet (sqlalchemy.ext.mutable):
 * change tracking in Python only; the column's type is the argument. */
static const PyNode *
decl_mutable_inner(DeclCtx *dc, const PyNode *n)
{
	const char *m;

	if (n->kind != PY_CALL || !n->a || n->a->kind != PY_ATTR || strcmp(n->a->str, "as_mutable") != 0 ||
		n->nitems != 1 || n->nkw != 0 || !(m = decl_last(dc, n->a->a)))
		return NULL;
	if (strcmp(m, "MutableDict") != 0 && strcmp(m, "MutableList") != 0 &&
		strcmp(m, "MutableSet") != 0)
		return NULL;
	return n->items[0];
}

/* ---- TypeDecorator subclasses --------------------------------------------- */

/* class X(TypeDecorator) / (types.TypeDecorator) / (Y), Y such a class */
bool
decl_is_typedec_class(DeclCtx *dc, const PyStmt *s)
{
	for (int i = 0; i < s->nbases; i++)
	{
		const PyNode *b = s->bases[i];

		if (decl_streq(decl_last(dc, b), "TypeDecorator") ||
			(b->kind == PY_NAME && strcmp(b->str, s->name) != 0 &&
			 decl_find_typedec(dc->st, b->str)))
			return true;
	}
	return false;
}

/* The __init__ of TypeDecorator class s, for td->init (decl_int.h). */
static void
decl_typedec_init(DeclCtx *dc, const PyStmt *s, DeclTypedec *td)
{
	for (int i = 0; i < s->nbody; i++)
	{
		const PyStmt *d = s->body[i];
		const PyNode *sc = NULL;
		int			nsuper = 0;

		if (d->kind != PYS_DEF || strcmp(d->name, "__init__") != 0)
			continue;
		td->init = 3;
		if (d->skipped || d->nparams < 1)
			return;
		for (int j = 0; j < d->nbody; j++)
		{
			const PyNode *v = d->body[j]->kind == PYS_EXPR ? d->body[j]->value : NULL;

			if (v && v->kind == PY_CALL && v->a && v->a->kind == PY_ATTR &&
				strcmp(v->a->str, "__init__") == 0 && v->a->a && v->a->a->kind == PY_CALL &&
				decl_streq(decl_callee(dc, v->a->a), "super"))
			{
				sc = v;
				nsuper++;
			}
		}
		if (nsuper != 1)
			return;
		{
			int			nnamed = 0;
			bool		star = false,
						dstar = false,
						fwd = true,
						lit = true;

			for (int k = 1; k < d->nparams; k++)
			{
				if (d->params[k][0] == '*' && d->params[k][1] == '*')
					dstar = true;
				else if (d->params[k][0] == '*')
					star = true;
				else if (!star)
					nnamed++;
			}
			/* super().__init__(*args, **kwargs): a pass-through */
			for (int k = 0; k < sc->nitems; k++)
				if (sc->items[k]->kind != PY_STARRED || k > 0)
					fwd = false;
			for (int k = 0; k < sc->nkw; k++)
				if (sc->kwnames[k] || k > 0)
					fwd = false;
			if (fwd && (sc->nitems == 0 || star) && (sc->nkw == 0 || dstar))
			{
				td->init = 1;
				td->ndrop = nnamed;
				td->params = d->params;
				return;
			}
			for (int k = 0; k < sc->nitems; k++)
				if (!decl_is_number(sc->items[k]) && sc->items[k]->kind != PY_STR &&
					sc->items[k]->kind != PY_TRUE && sc->items[k]->kind != PY_FALSE &&
					sc->items[k]->kind != PY_NONE)
					lit = false;
			for (int k = 0; k < sc->nkw; k++)
				if (!sc->kwnames[k] ||
					(!decl_is_number(sc->kwvalues[k]) && sc->kwvalues[k]->kind != PY_STR &&
					 sc->kwvalues[k]->kind != PY_TRUE && sc->kwvalues[k]->kind != PY_FALSE &&
					 sc->kwvalues[k]->kind != PY_NONE))
					lit = false;
			if (lit)
			{
				td->init = 2;
				td->supercall = sc;
			}
		}
		return;
	}
}

/*
 * class JSONEncodedDict(TypeDecorator): impl = Text; cache_ok = True; def
 * process_bind_param(...): ...  orm cannot run the Python methods: a column of
 * this type is its impl -- the DDL SQLAlchemy writes (load_dialect_impl()
 * aside), values bound and read as the impl binds and reads them -- and
 * orm_declare's summary notes each such column (README "Choices").  The impl
 * is the class's own `impl =`, else its TypeDecorator base's.
 */
/* The source text of class statement s: its lines up to the next one at column 1. */
static const char *
decl_class_text(DeclCtx *dc, const PyStmt *s, size_t *len)
{
	const char *p = dc->src,
			   *start,
			   *e;

	for (int line = 1; p && *p && line < s->line; p++)
		if (*p == '\n')
			line++;
	if (!p || !*p)
		return NULL;
	start = p;
	e = strchr(p, '\n');
	while (e)
	{
		const char *q = e + 1;

		if (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '#')
			break;				/* the next statement at column 1 */
		e = strchr(q, '\n');
	}
	*len = e ? (size_t) (e - start) : strlen(start);
	return start;
}

static bool
decl_text_has(const char *s, size_t n, const char *what)
{
	size_t		w = strlen(what);

	for (size_t i = 0; s && i + w <= n; i++)
		if (memcmp(s + i, what, w) == 0)
			return true;
	return false;
}

int
decl_typedec_class(DeclCtx *dc, PyStmt *s)
{
	PyNode	   *impl = NULL;
	DeclTypedec *td = ORM_NEW(dc->reg->arena, DeclTypedec);

	for (int i = 0; i < s->nbases; i++)
	{
		DeclTypedec *b = s->bases[i]->kind == PY_NAME && strcmp(s->bases[i]->str, s->name) != 0 ?
			decl_typedec(dc->st, s->bases[i]->str) : NULL;

		if (!b)
			continue;
		if (!impl)
			impl = b->k.value;
		td->binds |= b->binds;
		td->results |= b->results;
		if (b->guid)
			td->guid = b->guid;
		td->json |= b->json;
		if (!td->init)
		{
			td->init = b->init;
			td->ndrop = b->ndrop;
			td->params = b->params;
			td->supercall = b->supercall;
		}
	}
	decl_typedec_init(dc, s, td);
	decl_has_assign(s, "impl", &impl);
	for (int i = 0; i < s->nbody; i++)
	{
		const PyStmt *m = s->body[i];

		if (m->kind != PYS_DEF)
			continue;
		if (strcmp(m->name, "process_bind_param") == 0 || strcmp(m->name, "bind_expression") == 0)
			td->binds = true;
		if (strcmp(m->name, "process_result_value") == 0 || strcmp(m->name, "column_expression") == 0)
			td->results = true;
	}
	{
		/*
		 * SQLAlchemy's documented GUID type and its many copies: a
		 * load_dialect_impl choosing PostgreSQL's UUID, CHAR(32) hex digits
		 * (CHAR(36) with hyphens: GUIDHyphens, fastapi-users) elsewhere, uuid
		 * objects both ways -- what the Uuid type does; read as that.
		 */
		size_t		n = 0;
		const char *txt = decl_class_text(dc, s, &n);

		if (decl_text_has(txt, n, "load_dialect_impl") && decl_text_has(txt, n, "UUID("))
			td->guid = 32;
		if (td->guid && decl_text_has(txt, n, "CHAR(36)"))
			td->guid = 36;
		/* SQLAlchemy's documented JSONEncodedDict: json.dumps in, json.loads out */
		if (!td->guid && decl_text_has(txt, n, "json.dumps(") && decl_text_has(txt, n, "json.loads("))
			td->json = true;
		if (td->guid || td->json)
			td->binds = td->results = false;
	}
	if (!impl)
		return orm_err_at(dc->err, ORM_ERR_DECL, s->line, s->col,
						  "TypeDecorator \"%s\" has no impl (the type it stores as)", s->name);
	if (!decl_is_type_expr(dc, impl))
		return decl_errn(dc, impl, ORM_ERR_UNKNOWN_TYPE, "unknown type \"%s\"", decl_src(dc, impl));
	decl_forget(dc->st, s->name);
	td->k.name = orm_strdup(dc->reg->arena, s->name);
	td->k.value = impl;
	orm_vec_push(dc->reg->arena, &dc->st->typedecs, td);
	return 0;
}

/*
 * X or X(args) of a TypeDecorator X: its impl, called with args when the
 * impl is a class (TypeDecorator passes its arguments to the impl's
 * constructor); NULL when n is not one.
 */
static const PyNode *
decl_typedec_impl(DeclCtx *dc, const PyNode *n, const char **name)
{
	const PyNode *callee = n->kind == PY_CALL ? n->a : n;
	PyNode	   *impl;
	PyNode	   *call;
	const DeclTypedec *td;

	if (!callee || callee->kind != PY_NAME || !(impl = decl_find_typedec(dc->st, callee->str)))
		return NULL;
	*name = callee->str;
	td = decl_typedec(dc->st, callee->str);
	if (td && td->init == 2 && impl->kind != PY_CALL)
	{
		/* def __init__(self, ...): super().__init__(length=36): those arguments */
		call = ORM_NEW(dc->a, PyNode);
		*call = *td->supercall;
		call->a = impl;
		return call;
	}
	if (n->kind != PY_CALL || impl->kind == PY_CALL)
		return impl;
	call = ORM_NEW(dc->a, PyNode);
	*call = *n;
	call->a = impl;
	if (td && td->init == 1)
	{
		/* EnumValueType(Status, length=20) of __init__(self, enum_class, *args,
		 * **kwargs): super().__init__(*args, **kwargs): String(length=20) */
		int			k = 0;

		call->nitems = n->nitems > td->ndrop ? n->nitems - td->ndrop : 0;
		call->items = call->nitems > 0 ? n->items + (n->nitems - call->nitems) : NULL;
		call->kwnames = ORM_NEWN(dc->a, const char *, n->nkw + 1);
		call->kwvalues = ORM_NEWN(dc->a, PyNode *, n->nkw + 1);
		for (int i = 0; i < n->nkw; i++)
		{
			bool		dropped = false;

			for (int j = 1; j <= td->ndrop; j++)
				if (n->kwnames[i] && strcmp(n->kwnames[i], td->params[j]) == 0)
					dropped = true;
			if (dropped)
				continue;
			call->kwnames[k] = n->kwnames[i];
			call->kwvalues[k++] = n->kwvalues[i];
		}
		call->nkw = k;
	}
	return call;
}

bool
decl_is_type_expr(DeclCtx *dc, const PyNode *n)
{
	const char *tdname;
	const PyNode *td = decl_typedec_impl(dc, n, &tdname);

	if (td)
	{
		bool		r;

		if (!decl_follow_q(dc, n, true))
			return true;		/* a cycle: decl_type_expr reports it */
		r = decl_is_type_expr(dc, td);
		decl_unfollow(dc);
		return r;
	}
	if (decl_mutable_inner(dc, n))
		return decl_is_type_expr(dc, decl_mutable_inner(dc, n));
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
	if (t->kind == ORM_T_UUID && t->sqlite_variant &&
		(t->sqlite_variant->kind == ORM_T_STRING || t->sqlite_variant->kind == ORM_T_TEXT))
		t->uuid_text36 = true;	/* the text variant stores str(uuid) */
	return 0;
}

/* String(50), Numeric(10, 2), DateTime(timezone=True), Enum(...), ARRAY(...), Text */
int
decl_type_expr(DeclCtx *dc, const PyNode *n, OrmType *t)
{
	const char *tdname;
	const PyNode *td = decl_typedec_impl(dc, n, &tdname);

	if (td)
	{
		const DeclTypedec *g = decl_typedec(dc->st, tdname);
		int			rc;

		if (g && g->guid)
		{
			/* the GUID recipe: Uuid, with a CHAR(36) text variant on SQLite */
			OrmError	perr;
			PyNode	   *u;

			memset(&perr, 0, sizeof(perr));
			u = py_parse_expr(dc->a, g->guid == 36 ?
							  "Uuid().with_variant(CHAR(36), \"sqlite\")" : "Uuid()", &perr);
			if (!u)
				return orm_err_at(dc->err, ORM_ERR_INTERNAL, n->line, n->col,
								  "GUID type \"%s\" could not be read", tdname);
			u->line = n->line;
			u->col = n->col;
			return decl_type_expr(dc, u, t);
		}
		if (!decl_follow(dc, n))
			return -1;
		rc = decl_type_expr(dc, td, t);
		decl_unfollow(dc);
		if (rc == 0 && g && g->json && (t->kind == ORM_T_STRING || t->kind == ORM_T_TEXT))
		{
			/* JSONEncodedDict: JSON values (None is NULL) in the impl's text column */
			OrmType    *ddl = ORM_NEW(dc->reg->arena, OrmType);

			*ddl = *t;
			memset(t, 0, sizeof(*t));
			t->kind = ORM_T_JSON;
			t->precision = t->scale = -1;
			t->none_as_null = true;
			t->pg_variant = ddl;
			t->sqlite_variant = ddl;
			return 0;
		}
		if (rc == 0 && !t->decorator)
		{
			const DeclTypedec *d = decl_typedec(dc->st, tdname);

			t->decorator = orm_strdup(dc->reg->arena, tdname);
			t->decorator_binds = d && d->binds;
			t->decorator_results = d && d->results;
		}
		return rc;
	}
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
	if (decl_mutable_inner(dc, n))
		return decl_type_expr(dc, decl_mutable_inner(dc, n), t);
	return decl_type_expr_plain(dc, n, t);
}

/*
 * The error for a type expression orm does not know: a class of the module
 * deriving from TypeDecorator / UserDefinedType / TypeEngine is Python that
 * SQLAlchemy runs for every value (a refusal), anything else an unknown name.
 */
int
decl_unknown_type(DeclCtx *dc, const PyNode *n)
{
	const PyNode *c = n && n->kind == PY_CALL ? n->a : n;
	const char *name = c ? decl_last(dc, c) : NULL;
	DeclMixin  *m = name ? decl_find_mixin(dc->st, name) : NULL;

	for (int i = 0; m && m->stmt && i < m->stmt->nbases; i++)
	{
		const char *b = decl_last(dc, m->stmt->bases[i]);

		if (decl_streq(b, "TypeDecorator") || decl_streq(b, "UserDefinedType") ||
			decl_streq(b, "TypeEngine"))
			return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, n->line, n->col,
							  "type \"%s\" is a %s subclass, Python that SQLAlchemy runs for "
							  "each value: not supported (declare its impl type instead)", name, b);
	}
	return decl_errn(dc, n, ORM_ERR_UNKNOWN_TYPE, "unknown type \"%s\"", decl_src(dc, n));
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
		return decl_unknown_type(dc, n);
	t->kind = tn->kind;
	t->sql_name = tn->sql_name;
	if (strcmp(tn->name, "Unicode") == 0 || strcmp(tn->name, "UnicodeText") == 0)
		t->generic_name = tn->name;
	if (t->kind == ORM_T_DATETIME || t->kind == ORM_T_TIME)
	{
		/* postgresql.TIMESTAMP / TIME (its own precision=; autogenerate names the module) */
		const char *d = decl_dotted(dc, call ? call->a : n);

		t->pg_dialect = d && (strncmp(d, "postgresql.", 11) == 0 ||
							  strncmp(d, "sqlalchemy.dialects.postgresql.", 31) == 0);
	}
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
		case ORM_T_BINARY:		/* LargeBinary(32): kept for autogenerate's text */
			if ((call->nitems >= 1 &&
				 decl_intfield(dc, call->items[0], 0, "length", &t->length) < 0) ||
				decl_intfield(dc, py_kwarg(call, "length"), 0, "length", &t->length) < 0)
				return -1;
			if (t->kind == ORM_T_TEXT)
				t->length = 0;
			{
				const PyNode *kw = py_kwarg(call, "collation");

				if (kw && kw->kind == PY_STR && kw->len > 0)
					t->collation = orm_strndup(dc->reg->arena, kw->str, kw->len);
				else if (kw && kw->kind != PY_NONE)
					return decl_errn(dc, kw, ORM_ERR_DECL, "collation must be a string", NULL);
			}
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
			if (t->kind == ORM_T_NUMERIC)
				t->as_float = !decl_flag(dc, py_kwarg(call, "asdecimal"), true);
			return 0;
		case ORM_T_DATETIME:
		case ORM_T_TIME:
			if (call->nitems >= 1)
				t->timezone = decl_flag(dc, call->items[0], false);
			t->timezone = decl_flag(dc, py_kwarg(call, "timezone"), t->timezone);
			/* postgresql.TIMESTAMP(timezone=False, precision=None) / TIME(...) */
			if (t->pg_dialect &&
				((call->nitems >= 2 &&
				  decl_intfield(dc, call->items[1], 0, "precision", &t->precision) < 0) ||
				 decl_intfield(dc, py_kwarg(call, "precision"), 0, "precision", &t->precision) < 0))
				return -1;
			return 0;
		case ORM_T_JSON:
		case ORM_T_JSONB:
			t->none_as_null = decl_flag(dc, py_kwarg(call, "none_as_null"), false);
			return 0;
		case ORM_T_UUID:
			/* Uuid(native_uuid=False) / sqlalchemy.UUID(native_uuid=False); the
			 * dialect's postgresql.UUID has no such argument */
			t->uuid_hex = !decl_flag(dc, py_kwarg(call, "native_uuid"), true);
			t->uuid_as_str = !decl_flag(dc, py_kwarg(call, "as_uuid"), call->nitems >= 1 ?
										decl_flag(dc, call->items[0], true) : true);
			return 0;
		case ORM_T_BOOLEAN:
			t->create_constraint = decl_flag(dc, py_kwarg(call, "create_constraint"), false);
			{
				const PyNode *kw = py_kwarg(call, "name");

				if (kw && kw->kind == PY_STR)
					t->check_name = orm_strndup(dc->reg->arena, kw->str, kw->len);
			}
			return 0;
		default:
			return 0;
	}
}

/* Optional[T], Union[T, None], T | None, "T" -> T; *optional set when None is allowed. */
const PyNode *
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
const PyNode *
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
DeclAnno *
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
DeclAnno *
decl_anno_of(DeclCtx *dc, const PyNode *n)
{
	if (n && n->kind == PY_NAME)
		return decl_find_anno(dc->st, n->str);
	return decl_annotated(dc, (PyNode *) n);
}

/*
 * An enum class that is not itself a key of the type_annotation_map takes the
 * map's generic entry, as SQLAlchemy's lookup finds it along the class's MRO
 * (enum.Enum: Enum(enum.Enum, native_enum=False, length=50)): the entry's
 * Enum is adapted to the class, keeping its keyword arguments.
 */
static int
decl_enum_generic(DeclCtx *dc, DeclBase *base, OrmEnum *e, OrmType *t)
{
	int			i;

	if (!base)
		return 0;
	for (i = 0; i < base->tmap.n; i++)
	{
		DeclTypeMapItem *it = base->tmap.items[i];
		const PyNode *v = it->type;

		if (strcmp(it->key, "Enum") != 0)
			continue;
		if (!v || v->kind != PY_CALL || !decl_streq(decl_callee(dc, v), "Enum"))
			return 0;
		return decl_enum_kwargs(dc, v, t, e);
	}
	return 0;
}

/* Literal["a", "b"] (n), or a module-level name bound to one: the Literal, else NULL. */
static const PyNode *
decl_literal_of(DeclCtx *dc, const PyNode *n)
{
	if (n && n->kind == PY_NAME)
		n = decl_const(dc, (PyNode *) n);
	if (n && n->kind == PY_SUBSCRIPT && decl_streq(decl_last(dc, n->a), "Literal"))
		return n;
	return NULL;
}

/*
 * Mapped[Literal["a", "b"]] (or a name bound to the Literal): as SQLAlchemy
 * 2.0's type map makes it, a string Enum of the literal's values with
 * native_enum=False (VARCHAR of the longest value on every engine); a
 * type_annotation_map entry for Literal (Enum(enum.Enum, length=...)) gives
 * its keyword arguments.  Values other than strings are refused, as
 * SQLAlchemy refuses them.
 */
static int
decl_literal_type(DeclCtx *dc, DeclBase *base, const PyNode *lit, OrmType *t)
{
	const PyNode *args = lit->b;
	PyNode	   *const *items = args->kind == PY_TUPLE ? args->items : (PyNode *const *) &lit->b;
	int			n = args->kind == PY_TUPLE ? args->nitems : 1;
	OrmEnum    *e = ORM_NEW(dc->reg->arena, OrmEnum);
	int			i;

	for (i = 0; i < n; i++)
		if (items[i]->kind != PY_STR)
			return decl_errn(dc, items[i], ORM_ERR_DECL,
							 "can't create string-based Enum datatype from non-string values: %s; "
							 "provide an explicit Enum datatype for this Python type",
							 decl_src(dc, items[i]));
	e->n = n;
	e->names = ORM_NEWN(dc->reg->arena, const char *, n + 1);
	e->values = ORM_NEWN(dc->reg->arena, const char *, n + 1);
	e->value_is_str = ORM_NEWN(dc->reg->arena, bool, n + 1);
	for (i = 0; i < n; i++)
	{
		e->names[i] = e->values[i] = orm_strndup(dc->reg->arena, items[i]->str, items[i]->len);
		e->value_is_str[i] = true;
	}
	e->line = lit->line;
	e->col = lit->col;
	memset(t, 0, sizeof(*t));
	t->kind = ORM_T_ENUM;
	t->precision = t->scale = -1;
	t->enm = e;
	for (i = 0; base && i < base->tmap.n; i++)
	{
		DeclTypeMapItem *it = base->tmap.items[i];

		if (strcmp(it->key, "Literal") == 0 && it->type && it->type->kind == PY_CALL &&
			decl_streq(decl_callee(dc, it->type), "Enum"))
		{
			if (decl_enum_kwargs(dc, it->type, t, e) < 0)
				return -1;
			break;
		}
	}
	t->native_enum = false;
	return 0;
}

/* Union[A, B] (n, or a module alias of one): its members, else NULL. */
static const PyNode *
decl_union_of(DeclCtx *dc, const PyNode *n)
{
	if (n && n->kind == PY_NAME)
		n = decl_const(dc, (PyNode *) n);
	if (n && n->kind == PY_SUBSCRIPT && decl_streq(decl_last(dc, n->a), "Union") &&
		n->b->kind == PY_TUPLE)
		return n->b;
	return NULL;
}

/* Two member types of a Union written alike (list[int] and list[ int ]). */
static bool
decl_same_type_text(DeclCtx *dc, const PyNode *a, const PyNode *b)
{
	const char *x = decl_src(dc, a),
			   *y = decl_src(dc, b);

	for (;;)
	{
		while (*x == ' ' || *x == '\t' || *x == '\n')
			x++;
		while (*y == ' ' || *y == '\t' || *y == '\n')
			y++;
		if (*x != *y)
			return false;
		if (!*x)
			return true;
		x++, y++;
	}
}

/* Does every member of Union a appear in Union b (Python's Unions compare as sets)? */
static bool
decl_union_within(DeclCtx *dc, const PyNode *a, const PyNode *b)
{
	for (int i = 0; i < a->nitems; i++)
	{
		bool		found = a->items[i]->kind == PY_NONE;	/* Optional: the column's nullability */

		for (int j = 0; j < b->nitems && !found; j++)
			found = decl_same_type_text(dc, a->items[i], b->items[j]);
		if (!found)
			return false;
	}
	return true;
}

/*
 * The type_annotation_map entry of a Union type: the entry whose key is
 * the same Union (members in any order, as typing compares them), else NULL.
 */
static DeclTypeMapItem *
decl_union_entry(DeclCtx *dc, DeclBase *base, const PyNode *n)
{
	const PyNode *u = decl_union_of(dc, n);

	for (int i = 0; u && base && i < base->tmap.n; i++)
	{
		DeclTypeMapItem *it = base->tmap.items[i];
		const PyNode *k = decl_union_of(dc, it->key_node);

		if (k && decl_union_within(dc, u, k) && decl_union_within(dc, k, u))
			return it;
	}
	return NULL;
}

/* Python type in an annotation -> OrmType, via the base's type_annotation_map first. */
int
decl_type_from_python(DeclCtx *dc, DeclBase *base, const PyNode *n, OrmType *t)
{
	const char *name;
	OrmEnum    *e;
	DeclAnno   *an;
	const PyNode *lit;
	int			i;

	memset(t, 0, sizeof(*t));
	t->precision = t->scale = -1;
	if ((lit = decl_literal_of(dc, n)) != NULL)
		return decl_literal_type(dc, base, lit, t);
	{
		DeclTypeMapItem *it = decl_union_entry(dc, base, n);

		if (it)
			return decl_type_expr(dc, it->type, t);
	}
	if (n->kind == PY_SUBSCRIPT)
		name = decl_last(dc, n->a);	/* dict[str, Any], list[str] */
	else
		name = decl_last(dc, n);
	if (!name)
		return decl_errn(dc, n, ORM_ERR_UNKNOWN_TYPE, "unknown type \"%s\"", decl_src(dc, n));
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
	if ((n->kind == PY_NAME && (e = orm_reg_enum(dc->reg, n->str)) != NULL) ||
		(e = orm_reg_enum(dc->reg, name)) != NULL)
	{
		decl_enum_type_for(dc->reg, e, t);
		return decl_enum_generic(dc, base, e, t);
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
		return decl_errn(dc, n, ORM_ERR_UNKNOWN_TYPE, "unknown type \"%s\"", decl_src(dc, n));
	return 0;
}

/* ---- enums ----------------------------------------------------------------- */

bool
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

/*
 * An enum class's own __init__ / __new__ (*custom): members given as tuples
 * are its arguments.  *vidx: which of them is the value, when __init__ sets
 * `self._value_ = <parameter>` (the idiom for members carrying more than a
 * value); -1 when orm cannot tell.
 */
static void
decl_enum_init_value(const PyStmt *s, bool *custom, int *vidx)
{
	for (int i = 0; i < s->nbody; i++)
	{
		const PyStmt *d = s->body[i];

		if (d->kind != PYS_DEF || !d->name ||
			(strcmp(d->name, "__init__") != 0 && strcmp(d->name, "__new__") != 0))
			continue;
		*custom = true;
		if (strcmp(d->name, "__init__") != 0 || d->skipped || d->nparams < 2)
			continue;
		for (int j = 0; j < d->nbody; j++)
		{
			const PyStmt *a = d->body[j];

			if (a->kind != PYS_ASSIGN || !a->target || a->target->kind != PY_ATTR ||
				!a->target->str || strcmp(a->target->str, "_value_") != 0 ||
				!a->target->a || a->target->a->kind != PY_NAME ||
				strcmp(a->target->a->str, d->params[0]) != 0 ||
				!a->value || a->value->kind != PY_NAME)
				continue;
			for (int k = 1; k < d->nparams; k++)
				if (strcmp(d->params[k], a->value->str) == 0)
					*vidx = k - 1;
		}
	}
}

/* class Status(enum.Enum): DRAFT = "draft" ... */
int
decl_enum_class(DeclCtx *dc, PyStmt *s)
{
	OrmArena   *ra = dc->reg->arena;
	OrmEnum    *e = ORM_NEW(ra, OrmEnum);
	bool		strenum = false,
				custom = false;
	int			i,
				n = 0,
				vidx = -1;
	int64_t		autov = 0;

	for (i = 0; i < s->nbases; i++)
	{
		const char *l = decl_last(dc, s->bases[i]);
		const OrmEnum *be = s->bases[i]->kind == PY_NAME ?
			orm_reg_enum(dc->reg, s->bases[i]->str) : NULL;

		if (decl_streq(l, "str") || decl_streq(l, "StrEnum") || (be && be->str_mixin))
			strenum = true;
		if (decl_streq(l, "int") || decl_streq(l, "IntEnum") || decl_streq(l, "IntFlag") ||
			(be && be->int_mixin))
			e->int_mixin = true;
	}
	e->str_mixin = strenum;
	e->name = orm_strdup(ra, s->name);
	e->line = s->line;
	e->col = s->col;
	e->names = ORM_NEWN(ra, const char *, s->nbody + 1);
	e->values = ORM_NEWN(ra, const char *, s->nbody + 1);
	e->value_is_str = ORM_NEWN(ra, bool, s->nbody + 1);
	decl_enum_init_value(s, &custom, &vidx);
	for (i = 0; i < s->nbody; i++)
	{
		PyStmt	   *b = s->body[i];
		PyStmt		elem;

		if (b->kind != PYS_ASSIGN || !b->target || b->target->kind != PY_NAME || !b->value ||
			b->target->str[0] == '_')
			continue;
		e->names[n] = orm_strdup(ra, b->target->str);
		if (custom && b->value->kind == PY_TUPLE)
		{
			if (vidx < 0 || vidx >= b->value->nitems)
				e->values_unknown = true;
			else
			{
				/* admin = ("administrator", 1) with self._value_ = value */
				elem = *b;
				elem.value = b->value->items[vidx];
				b = &elem;
			}
		}
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

/*
 * Enum.MEMBER.value (when the value is a string) / Enum.MEMBER.name, as
 * applications give them to server_default= and default=: the text, or NULL
 * when n is not that.
 */
const char *
decl_enum_attr_text(DeclCtx *dc, const PyNode *n)
{
	OrmEnum    *e;
	bool		name;
	int			i;

	if (!n || n->kind != PY_ATTR || !n->a || n->a->kind != PY_ATTR || !n->str)
		return NULL;
	name = strcmp(n->str, "name") == 0;
	if (!name && strcmp(n->str, "value") != 0)
		return NULL;
	if (!(e = decl_enum_of_node(dc, n->a->a)) || (i = orm_enum_index_by_name(e, n->a->str)) < 0)
		return NULL;
	if (name)
		return e->names[i];
	return e->value_is_str[i] ? e->values[i] : NULL;
}
