/*
 * decl_columns.c -- mapped_column() / Column(): one column of a class or a
 * Table.
 *
 * Owns: a column's arguments (type, ForeignKey(...) with its ondelete= /
 * deferrable= phrases checked against SQL's, Identity(...), Computed(...),
 * primary_key=, nullable=, ...), merged with an Annotated alias's
 * mapped_column() and with the annotation's type and optionality as
 * SQLAlchemy merges them; and the column defaults (default=, onupdate=
 * callables and literals; server_default= text, func.now(), ...).
 * An unknown argument is an error with line and column.
 *
 * Calls decl_types.c and decl_base.c; called by decl_tables.c and
 * decl_classes.c.  Never touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ---- defaults -------------------------------------------------------------- */

bool
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
	if (strcmp(last, "uuid7") == 0)
		return ORM_DEF_UUID7;	/* uuid_extensions / uuid6 / uuid_utils, Python 3.14's uuid */
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
	if (body->kind == PY_ATTR && body->str && strcmp(body->str, "hex") == 0 && body->a &&
		body->a->kind == PY_CALL && body->a->nitems == 0)
	{
		OrmDefaultKind k = decl_callable_kind(dc, body->a->a);

		if (k == ORM_DEF_UUID4)
			return ORM_DEF_UUID4_HEX;	/* uuid.uuid4().hex */
		if (k == ORM_DEF_UUID7)
			return ORM_DEF_UUID7_HEX;
	}
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
		/* datetime.now(timezone.utc).replace(tzinfo=None): a naive now */
		if (body->a && body->a->kind == PY_ATTR && decl_streq(body->a->str, "replace") &&
			body->nitems == 0 && body->nkw == 1 && decl_streq(body->kwnames[0], "tzinfo") &&
			body->kwvalues[0]->kind == PY_NONE && body->a->a && body->a->a->kind == PY_CALL &&
			decl_callable_kind(dc, body->a->a->a) == ORM_DEF_NOW)
			return ORM_DEF_NOW;
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

/*
 * __mapper_args__ version_id_generator: a lambda of one parameter making a
 * new uuid4 (its hex, or its text), else ORM_DEF_NONE.
 */
OrmDefaultKind
decl_version_generator(DeclCtx *dc, const PyNode *n)
{
	OrmDefault	d;
	OrmDefaultKind k;

	memset(&d, 0, sizeof(d));
	if (!n || n->kind != PY_LAMBDA || n->nkw != 1)
		return ORM_DEF_NONE;
	k = decl_lambda_kind(dc, n->a, &d);
	return k == ORM_DEF_UUID4 || k == ORM_DEF_UUID4_HEX ? k : ORM_DEF_NONE;
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
	/*
	 * default=datetime.now() / datetime.utcnow() / date.today(): Python
	 * calls it once, when the module is imported, and every row gets that
	 * moment; orm gives each flush its own moment, as default=datetime.now
	 * does (README "Choices").  uuid.uuid4() stays an error: SQLAlchemy's
	 * every row would get one and the same key.
	 */
	if (n->kind == PY_CALL)
	{
		OrmDefaultKind k = decl_lambda_kind(dc, n, d);

		if (k == ORM_DEF_NOW || k == ORM_DEF_TODAY)
		{
			d->kind = k;
			return 0;
		}
	}
	if ((decl_is_call(dc, n, "text") || decl_is_call(dc, n, "literal_column")) &&
		n->nitems == 1 && n->nkw == 0 && n->items[0]->kind == PY_STR)
	{
		/* a SQL expression default, as the model's author wrote it (DDL's trust) */
		d->kind = ORM_DEF_SQL_TEXT;
		d->json = orm_strndup(dc->reg->arena, n->items[0]->str, n->items[0]->len);
		return 0;
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
	if (n->kind == PY_NAME && decl_find_func(dc->st, n->str))
	{
		/* def utcnow(): return datetime.now(timezone.utc): what its return gives */
		d->kind = decl_lambda_kind(dc, decl_find_func(dc->st, n->str), d);
		if (d->kind != ORM_DEF_NONE)
			return 0;
	}
	for (int i = 0; n->kind == PY_NAME && i < dc->st->badfuncs.n; i++)
		if (strcmp(dc->st->badfuncs.items[i], n->str) == 0)
			return decl_errn(dc, n, ORM_ERR_UNSUPPORTED,
							 "default function \"%s\" is Python that SQLAlchemy runs for each "
							 "row (parameters, or more than one return statement): not "
							 "supported (a function of one return of a literal, uuid4, now "
							 "or today is)", n->str);
	return decl_errn(dc, n, ORM_ERR_DECL, "unknown default callable \"%s\"", decl_src(dc, n));
}

int
decl_server_default(DeclCtx *dc, const PyNode *n, OrmServerDefault *sd)
{
	const char *fname;

	memset(sd, 0, sizeof(*sd));
	if (n->kind == PY_NONE)
		return 0;
	if (n->kind == PY_NAME && decl_const(dc, (PyNode *) n)->kind == PY_STR)
		n = decl_const(dc, (PyNode *) n);	/* DEFAULT_TIMEZONE = "UTC" */
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
	if (decl_enum_attr_text(dc, n))
	{
		/* server_default=Role.VIEWER.value / .name: the string */
		sd->kind = ORM_SD_STRING;
		sd->text = orm_strdup(dc->reg->arena, decl_enum_attr_text(dc, n));
		return 0;
	}
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
int
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

	const PyNode *col = fk->nitems >= 1 ? fk->items[0] : py_kwarg(fk, "column");

	if (!col)
		return decl_errn(dc, fk, ORM_ERR_DECL, "ForeignKey needs a target column", NULL);
	if (col->kind == PY_STR)		/* ForeignKey("users.id") / ForeignKey(column="users.id") */
		f->target = orm_strndup(dc->reg->arena, col->str, col->len);
	else if (col->kind == PY_ATTR && (target = py_dotted_name(dc->a, col)) != NULL)
		f->target = orm_strdup(dc->reg->arena, target);	/* ForeignKey(User.id) */
	else
		return decl_errn(dc, col, ORM_ERR_DECL, "unsupported foreign key target \"%s\"",
						 decl_src(dc, col));
	if (decl_fk_options(dc, fk, f) < 0)
		return -1;
	f->seq = 0;
	c->fk = f;
	return 0;
}

/* mapped_column()/Column() keyword arguments that carry no meaning for us. */
static const char *const decl_ignored_col_kw[] = {
	"init", "repr", "compare", "kw_only", "hash", "active_history", "info", "doc", "use_existing_column",
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
	{
		if (v->kind == PY_NONE)
		{
			memset(&c->onupdate, 0, sizeof(c->onupdate));	/* onupdate=None: none */
			return 0;
		}
		return decl_default(dc, v, &c->onupdate);
	}
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
	else if (strcmp(k, "deferred") == 0)
		c->deferred = decl_flag(dc, v, false);
	else if (strcmp(k, "deferred_raiseload") == 0)
		c->deferred_raiseload = decl_flag(dc, v, false);
	else if (strcmp(k, "deferred_group") == 0)
	{
		if (v->kind != PY_NONE && !decl_str(dc, v))
			return decl_errn(dc, v, ORM_ERR_DECL, "deferred_group= takes a string", NULL);
		c->deferred_group = v->kind == PY_NONE ? NULL : orm_strdup(dc->reg->arena, decl_str(dc, v));
	}
	else if (!decl_in_list(decl_ignored_col_kw, k) && !decl_dialect_kw(k))
		return decl_errn(dc, v, ORM_ERR_DECL, "unknown column argument \"%s\"", k);
	return 0;
}

/*
 * Identity(always=, start=, increment=, ...) -> its PostgreSQL column clause
 * (NULL, error set, for an option that is not an integer / a flag).
 */
static const char *decl_seq_options(DeclCtx *dc, const PyNode *call, bool *bad);

static const char *
decl_identity(DeclCtx *dc, const PyNode *call)
{
	OrmBuf		b;
	bool		bad = false;
	const char *o = decl_seq_options(dc, call, &bad);

	if (bad)
		return NULL;
	orm_buf_init(&b, dc->reg->arena);
	orm_buf_printf(&b, "GENERATED %s AS IDENTITY",
				   decl_flag(dc, py_kwarg(call, "always"), false) ? "ALWAYS" : "BY DEFAULT");
	if (o)
		orm_buf_printf(&b, " (%s)", o);
	return orm_buf_cstr(&b);
}

/*
 * Identity() / Sequence() options (increment=, start=, minvalue=, ...) as
 * PostgreSQL takes them, in SQLAlchemy's order; NULL when none (*bad set,
 * error set, for an option that is not an integer / a flag).
 */
static const char *
decl_seq_options(DeclCtx *dc, const PyNode *call, bool *bad)
{
	static const char *const opts[][2] = {
		{"increment", "INCREMENT BY %lld"}, {"start", "START WITH %lld"},
		{"minvalue", "MINVALUE %lld"}, {"maxvalue", "MAXVALUE %lld"},
		{"nominvalue", "NO MINVALUE"}, {"nomaxvalue", "NO MAXVALUE"}, {"cache", "CACHE %lld"}
	};
	OrmBuf		o;
	const PyNode *kw;
	size_t		i;

	orm_buf_init(&o, dc->reg->arena);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
	{
		int64_t		v = 0;
		bool		flag = strncmp(opts[i][0], "no", 2) == 0;
		int			rc;

		kw = py_kwarg(call, opts[i][0]);
		if (flag)
			rc = decl_flag(dc, kw, false) ? 0 : 1;
		else if ((rc = decl_intval(dc, kw, INT64_MIN, INT64_MAX, opts[i][0], &v)) < 0)
		{
			*bad = true;
			return NULL;
		}
		if (rc > 0)
			continue;			/* absent, None, False */
		if (o.len)
			orm_buf_putc(&o, ' ');
		orm_buf_printf(&o, opts[i][1], (long long) v);
	}
	if ((kw = py_kwarg(call, "cycle")) != NULL && kw->kind != PY_NONE)
		orm_buf_printf(&o, "%s%s", o.len ? " " : "", decl_flag(dc, kw, false) ? "CYCLE" : "NO CYCLE");
	return o.len ? orm_buf_cstr(&o) : NULL;
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
		else if (decl_is_call(dc, arg, "CheckConstraint"))
		{
			/* mapped_column(Numeric, CheckConstraint("price > 0")): a column-level
			 * constraint, written in the column's definition */
			OrmCheck   *ck = ORM_NEW(dc->reg->arena, OrmCheck);
			const PyNode *kw = py_kwarg(arg, "name");

			if (arg->nitems < 1 || arg->items[0]->kind != PY_STR)
				return decl_errn(dc, arg, ORM_ERR_DECL, "CheckConstraint needs SQL text", NULL);
			ck->sqltext = orm_strndup(dc->reg->arena, arg->items[0]->str, arg->items[0]->len);
			if (kw && kw->kind == PY_STR)
				ck->name = orm_strndup(dc->reg->arena, kw->str, kw->len);
			else if (kw && kw->kind != PY_NONE)
				return decl_errn(dc, kw, ORM_ERR_DECL, "CheckConstraint name= takes a string", NULL);
			orm_vec_push(dc->reg->arena, &c->checks, ck);
		}
		else if (decl_is_call(dc, arg, "Sequence"))
		{
			/* Sequence("name", start=, increment=, ...) */
			bool		bad = false;

			if (arg->nitems < 1 || arg->items[0]->kind != PY_STR)
				return decl_errn(dc, arg, ORM_ERR_DECL, "Sequence() needs a name", NULL);
			c->sequence_opts = decl_seq_options(dc, arg, &bad);
			if (bad)
				return -1;
			/* optional=True: only where nothing else generates keys; PostgreSQL has
			 * SERIAL, so never (SQLAlchemy's implicit_returning dialects) */
			if (!decl_flag(dc, py_kwarg(arg, "optional"), false))
				c->sequence = orm_strndup(dc->reg->arena, arg->items[0]->str, arg->items[0]->len);
		}
		else if (decl_is_call(dc, arg, "FetchedValue"))
			continue;
		else if (decl_is_type_expr(dc, arg))
		{
			if (decl_type_expr(dc, arg, &c->type) < 0)
				return -1;
			ca->have_type = true;
		}
		else
			return decl_unknown_type(dc, arg);
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
int
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
	if (base && base->dataclass && !legacy && c->dflt.kind == ORM_DEF_NULL &&
		(c->type.kind == ORM_T_JSON || c->type.kind == ORM_T_JSONB) && !c->type.none_as_null)
	{
		/* a dataclass field's default=None is set by __init__, and a JSON column
		 * stores a None it is given as the JSON text null (SQLAlchemy) */
		c->dflt.kind = ORM_DEF_LITERAL;
		c->dflt.json = "null";
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
	/* deferred_group= and deferred_raiseload= imply deferred=True (SQLAlchemy) */
	if (c->deferred_group || c->deferred_raiseload)
		c->deferred = true;
	if (at)
		at->sort_order = ca.sort_order;
	*out = c;
	return 0;
}

/* Column("name", Type, ForeignKey(...), primary_key=True) in a Table(...) */
int
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
