/*
 * decl_tables.c -- tables: their items, naming conventions, Table(...).
 *
 * Owns: __table_args__ (Index, UniqueConstraint, CheckConstraint,
 * PrimaryKeyConstraint, ForeignKeyConstraint, the options dict), a table's
 * columns, primary key and index=True indexes once its columns are known,
 * the naming convention of its MetaData, and
 *
 *   t = Table("t", B.metadata, Column(...))   a plain table
 *   MetaData(naming_convention=...)  constraint and index names
 *   Index("ix", C.a) at module level added to C's table
 *
 * and the migrations' table declarations (orm_declare_mig_*,
 * orm_declare_is_autoinc, for migrate_ops.c), which read Alembic's op.*
 * arguments as a Table(...) is read.
 *
 * Calls decl_columns.c, decl_types.c and decl_base.c; called by
 * decl_classes.c, declare.c and resolve.c.  Never touches SQL, hosts or
 * engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ---- table-level items ----------------------------------------------------- */

OrmColumn *
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
			return decl_errn(dc, it, ORM_ERR_UNKNOWN_ATTR, "unknown column \"%s\"", name);
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

/* Class.attr / table.c.col of table t inside an index expression (or, in
 * __table_args__, a column the class body bound to a name): the column's
 * name, quoted; NULL when n is not one. */
static const char *
decl_index_colref(DeclCtx *dc, OrmTable *t, const PyNode *n)
{
	OrmColumn  *c;
	OrmBuf		b;

	if (!t || !n)
		return NULL;
	if (n->kind == PY_NAME)
	{
		/* a column assigned earlier in the class body (timestamp.desc()) */
		if (!(c = decl_table_col_ref(t, n->str)))
			return NULL;
	}
	else if (n->kind != PY_ATTR || !n->a ||
			 (n->a->kind != PY_NAME && !(n->a->kind == PY_ATTR && strcmp(n->a->str, "c") == 0)) ||
			 !(c = decl_table_col_ref(t, n->str)))
		return NULL;
	orm_buf_init(&b, dc->reg->arena);
	orm_buf_putc(&b, '"');
	for (const char *p = c->name; *p; p++)
	{
		if (*p == '"')
			orm_buf_putc(&b, '"');
		orm_buf_putc(&b, *p);
	}
	orm_buf_putc(&b, '"');
	return orm_buf_cstr(&b);
}

/*
 * An expression element of an Index as SQL: text("sql"); func.f(args) with
 * text() / number arguments (SQLAlchemy renders them literally) or columns
 * of t (Class.attr, table.c.col); desc(x) / asc(x) / x.desc() / x.asc() of
 * a column (its name, a Class.attr) or of such an expression.
 */
static const char *
decl_index_expr(DeclCtx *dc, OrmTable *t, const PyNode *n)
{
	const char *fname,
			   *arg;
	OrmBuf		b;
	int			i;

	if ((arg = decl_sql_text(dc, n)) != NULL)
		return arg;
	if (t && n && n->kind == PY_CALL && n->nkw == 0 && n->a &&
		((n->nitems == 1 && (decl_is_call(dc, n, "desc") || decl_is_call(dc, n, "asc"))) ||
		 (n->nitems == 0 && n->a->kind == PY_ATTR &&
		  (strcmp(n->a->str, "desc") == 0 || strcmp(n->a->str, "asc") == 0))))
	{
		/* desc("col") / sa.desc(Class.attr) / Class.attr.desc() */
		const PyNode *x = n->nitems == 1 ? n->items[0] : n->a->a;
		const char *dir = n->nitems == 1 ? decl_callee(dc, n) : n->a->str;
		OrmColumn  *c;

		if (x->kind == PY_STR && (c = decl_table_col_ref(t, orm_strndup(dc->a, x->str, x->len))) != NULL)
		{
			PyNode		ref = {0};
			PyNode		owner = {0};

			owner.kind = PY_NAME;
			owner.str = "_";
			ref.kind = PY_ATTR;
			ref.a = &owner;
			ref.str = c->attr ? c->attr : c->name;
			arg = decl_index_colref(dc, t, &ref);
		}
		else if (!(arg = decl_index_colref(dc, t, x)))
			arg = decl_index_expr(dc, t, x);
		if (!arg || !dir)
			return NULL;
		return orm_sprintf(dc->reg->arena, "%s %s", arg, strcmp(dir, "desc") == 0 ? "DESC" : "ASC");
	}
	if (!decl_is_func_call(dc, n, &fname) || n->nkw > 0)
		return NULL;
	orm_buf_init(&b, dc->reg->arena);
	orm_buf_printf(&b, "%s(", fname);
	for (i = 0; i < n->nitems; i++)
	{
		const PyNode *a = n->items[i];

		if (i)
			orm_buf_puts(&b, ", ");
		if ((arg = decl_index_expr(dc, t, a)) != NULL || (arg = decl_index_colref(dc, t, a)) != NULL)
			orm_buf_puts(&b, arg);
		else if (decl_is_number(a) && (arg = decl_number_of(dc, a)) != NULL)
			orm_buf_puts(&b, arg);
		else if (a->kind == PY_STR)
		{
			/* a string argument: a literal, as SQLAlchemy renders DDL's binds */
			orm_buf_putc(&b, '\'');
			for (size_t k = 0; k < a->len; k++)
			{
				if (a->str[k] == '\'')
					orm_buf_putc(&b, '\'');
				orm_buf_putc(&b, a->str[k]);
			}
			orm_buf_putc(&b, '\'');
		}
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

		if ((ix->exprs[i] = decl_index_expr(dc, t, el)) != NULL)
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

static const char *decl_col_label(OrmArena *a, const OrmTable *t, const OrmColumn *c);

int
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

		if (it->nitems < 1 || (it->items[0]->kind != PY_STR && it->items[0]->kind != PY_NONE))
			return decl_errn(dc, it, ORM_ERR_DECL, "Index needs a name", NULL);
		if (it->items[0]->kind == PY_STR)
			ix->name = orm_strndup(ra, it->items[0]->str, it->items[0]->len);
		if (decl_index_elements(dc, t, it, ix) < 0)
			return -1;
		if (!ix->name)
		{
			/*
			 * Index(None, ...): SQLAlchemy's default convention {"ix":
			 * "ix_%(column_0_label)s"}; a MetaData naming_convention's "ix"
			 * replaces it (decl_apply_naming)
			 */
			if (ix->ncols == 0 || ix->nexprs > 0)
				return decl_errn(dc, it, ORM_ERR_DECL, "Index needs a name", NULL);
			ix->name = orm_sprintf(ra, "ix_%s", decl_col_label(ra, t, ix->cols[0]));
			ix->name_conv = true;
			ix->unnamed = true;
		}
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
		t->pk_explicit = n > 0;
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
				return decl_errn(dc, lc->items[i], ORM_ERR_UNKNOWN_ATTR, "unknown column \"%s\"",
								 orm_strndup(dc->a, lc->items[i]->str, lc->items[i]->len));
			f = ORM_NEW(ra, OrmForeignKey);
			f->target = orm_strndup(ra, rc->items[i]->str, rc->items[i]->len);
			if (decl_fk_options(dc, it, f) < 0)
				return -1;
			f->seq = seq;
			f->next = c->fk;	/* the column's other foreign keys stay known */
			c->fk = f;
		}
	}
	else
		return decl_errn(dc, it, ORM_ERR_UNSUPPORTED, "unsupported table argument \"%s\"", kind);
	return 0;
}

/* postgresql_inherits: one table name or a tuple/list of them; false when not that. */
static bool
decl_inherits(DeclCtx *dc, OrmTableOpts *o, const PyNode *v)
{
	int			n = v->kind == PY_STR ? 1 : v->nitems,
				i;

	if ((v->kind != PY_STR && v->kind != PY_TUPLE && v->kind != PY_LIST) || n == 0)
		return false;
	o->pg_inherits = ORM_NEWN(dc->reg->arena, const char *, n);
	for (i = 0; i < n; i++)
	{
		const PyNode *it = v->kind == PY_STR ? v : v->items[i];

		if (it->kind != PY_STR || it->len == 0 || memchr(it->str, '\0', it->len))
			return false;
		o->pg_inherits[i] = orm_strndup(dc->reg->arena, it->str, it->len);
	}
	o->npg_inherits = n;
	return true;
}

/*
 * postgresql_on_commit="preserve_rows": SQLAlchemy writes it upper-cased
 * with "_" as " " (PRESERVE ROWS, DELETE ROWS, DROP); only words are taken
 * (the text is spliced into the DDL).
 */
static const char *
decl_on_commit(DeclCtx *dc, const char *s)
{
	char	   *out;
	size_t		i;

	if (!s || !*s)
		return NULL;
	out = orm_strdup(dc->reg->arena, s);
	for (i = 0; out[i]; i++)
	{
		char		ch = out[i];

		if (ch == '_')
			out[i] = ' ';
		else if (ch >= 'a' && ch <= 'z')
			out[i] = (char) (ch - 32);
		else if (!((ch >= 'A' && ch <= 'Z') || ch == ' '))
			return NULL;
	}
	return out;
}

/*
 * One table keyword (a key of __table_args__'s dict, or a Table(...)
 * keyword) with value v; at names the key for errors.  SQLAlchemy checks a
 * dialect option against the dialect's construct_arguments: an unknown
 * postgresql_* / sqlite_* key is an ArgumentError; other dialects' options
 * (mysql_engine, ...) and Table's own keywords orm has no use for (info,
 * extend_existing, ...) are accepted and ignored.
 */
static int
decl_table_option(DeclCtx *dc, OrmTable *t, const char *k, const PyNode *at, const PyNode *v)
{
	OrmArena   *ra = dc->reg->arena;
	OrmTableOpts *o = &t->opts;
	const char *s = decl_str(dc, v);
	bool		none = v->kind == PY_NONE;

	if (strcmp(k, "schema") == 0)
		t->schema = s ? orm_strdup(ra, s) : NULL;
	else if (strcmp(k, "comment") == 0)
		t->comment = s ? orm_strdup(ra, s) : NULL;
	else if (strcmp(k, "sqlite_autoincrement") == 0)
		t->sqlite_autoincrement = decl_flag(dc, v, false);
	else if (strcmp(k, "sqlite_with_rowid") == 0)
		o->sqlite_without_rowid = !decl_flag(dc, v, true);
	else if (strcmp(k, "sqlite_strict") == 0)
		o->sqlite_strict = decl_flag(dc, v, false);
	else if (strcmp(k, "postgresql_partition_by") == 0 || strcmp(k, "postgresql_using") == 0)
	{
		if (!s && !none)
			return decl_errn(dc, v, ORM_ERR_DECL, "%s must be a string of SQL", k);
		s = s && *s ? orm_strdup(ra, s) : NULL;
		if (k[11] == 'p')
			o->pg_partition_by = s;
		else
			o->pg_using = s;
	}
	else if (strcmp(k, "postgresql_tablespace") == 0)
	{
		if (!s && !none)
			return decl_errn(dc, v, ORM_ERR_DECL, "postgresql_tablespace must be a name", NULL);
		o->pg_tablespace = s && *s ? orm_strdup(ra, s) : NULL;
	}
	else if (strcmp(k, "postgresql_inherits") == 0)
	{
		if (!none && !decl_inherits(dc, o, v))
			return decl_errn(dc, v, ORM_ERR_DECL,
							 "postgresql_inherits must be a table name or a tuple of them", NULL);
	}
	else if (strcmp(k, "postgresql_with_oids") == 0)
		o->pg_with_oids = none ? 0 : decl_flag(dc, v, false) ? 1 : -1;
	else if (strcmp(k, "postgresql_on_commit") == 0)
	{
		if (!none && !(o->pg_on_commit = decl_on_commit(dc, s)))
			return decl_errn(dc, v, ORM_ERR_DECL,
							 "postgresql_on_commit must be preserve_rows, delete_rows or drop", NULL);
	}
	else if (strcmp(k, "postgresql_ignore_search_path") == 0)
		(void) decl_flag(dc, v, false); /* reflection only: no DDL */
	else if ((strcmp(k, "autoload_with") == 0 || strcmp(k, "resolve_fks") == 0 ||
			  strcmp(k, "include_columns") == 0) && !none)
		/* its columns would come from the database: unknown here */
		return orm_err_at(dc->err, ORM_ERR_UNSUPPORTED, at->line, at->col,
						  "Table(%s=...) reflects a table from the database, which a declaration "
						  "cannot do here; declare its columns, or map it with orm_automap()", k);
	else if (strncmp(k, "postgresql_", 11) == 0 || strncmp(k, "sqlite_", 7) == 0)
		return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
						  "Argument '%s' is not accepted by dialect '%s' on behalf of "
						  "<class 'sqlalchemy.sql.schema.Table'>",
						  k, k[0] == 'p' ? "postgresql" : "sqlite");
	else if (!strchr(k, '_') && strcmp(k, "quote") != 0 && strcmp(k, "info") != 0 &&
			 strcmp(k, "prefixes") != 0 && strcmp(k, "listeners") != 0)
		/* Table's **kw takes dialect arguments only (2.0 removed autoload=) */
		return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
						  "Additional arguments should be named <dialectname>_<argument>, got '%s'", k);
	return dc->err->code ? -1 : 0;
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
		if (decl_table_option(dc, t, orm_strndup(dc->a, k->str, k->len), k, v) < 0)
			return -1;
	}
	return 0;
}

int
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
OrmIndex *
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
void
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
int
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

int
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

void
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
const char *
decl_schema_of(DeclCtx *dc, PyNode *metadata)
{
	PyNode	   *md = decl_const(dc, metadata);
	const char *schema;

	if (!decl_is_call(dc, md, "MetaData") || !(schema = decl_str(dc, py_kwarg(md, "schema"))))
		return NULL;
	return orm_strdup(dc->reg->arena, schema);
}

/* naming_convention dict of a MetaData(...) expression (or a name bound to one). */
PyNode *
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
int
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
		DeclConv	cx = {t, ix->cols, ix->ncols, i < ngen || ix->unnamed ? NULL : ix->name};

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
	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *c = t->cols[i];
		int			j;

		for (j = 0; j < c->checks.n; j++)
		{
			OrmCheck   *ck = c->checks.items[j];
			DeclConv	cx = {t, &t->cols[i], 1, ck->name};

			if (decl_conv_name(dc, naming, "ck", &cx, &ck->name, &ck->name_conv, c->line, c->col) < 0)
				return -1;
		}
		/* Enum / Boolean(create_constraint=True): their CHECK, named by the type's
		 * name, takes the "ck" convention too (an unnamed one is an error where
		 * the convention has %(constraint_name)s, as in SQLAlchemy) */
		if (c->type.create_constraint &&
			(c->type.kind == ORM_T_ENUM || c->type.kind == ORM_T_BOOLEAN))
		{
			const char *nm = c->type.check_name ? c->type.check_name :
				c->type.kind == ORM_T_ENUM ? c->type.enum_type_name : NULL;
			bool		conv = false;
			DeclConv	cx = {t, &t->cols[i], 1, nm};

			if (decl_conv_name(dc, naming, "ck", &cx, &nm, &conv, c->line, c->col) < 0)
				return -1;
			if (nm && conv)
				c->type.check_name = nm;
		}
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
		((b = decl_find_base(dc->st, md->a->str)) != NULL ||
		 (b = decl_find_base(dc->st, orm_sprintf(dc->a, "%s.Model", md->a->str))) != NULL))
		return b->naming;		/* Base.metadata; Flask-SQLAlchemy's db.metadata */
	return decl_naming_of(dc, md);
}

/* The naming convention of Table(name, metadata, ...), or of db.Table(name, ...),
 * Flask-SQLAlchemy's, whose metadata is db's */
static const PyNode *
decl_table_call_naming(DeclCtx *dc, PyNode *call)
{
	DeclBase   *b;

	if (call->a->kind == PY_ATTR && call->a->a && call->a->a->kind == PY_NAME &&
		(b = decl_find_base(dc->st, orm_sprintf(dc->a, "%s.Model", call->a->a->str))) != NULL)
		return b->naming;
	return call->nitems > 1 ? decl_table_naming(dc, call->items[1]) : NULL;
}

int
decl_plain_table(DeclCtx *dc, const char *var, PyNode *call, OrmTable **out)
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

		if (k && decl_table_option(dc, t, k, call->kwvalues[i], call->kwvalues[i]) < 0)
			return -1;
	}
	decl_table_pk(dc, t);
	decl_column_indexes(dc, t);
	if (decl_apply_naming(dc, decl_table_call_naming(dc, call), t) < 0)
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
	if (out)
		*out = t;
	return 0;
}

/* ---- the autoincrementing column ------------------------------------------- */

/*
 * Whether c is t's autoincrementing column (SQLAlchemy's
 * PrimaryKeyConstraint._autoincrement_column): set at resolve and for the
 * migrations' tables.  A single-column integer key is, unless
 * autoincrement=False or (with "auto") it has a foreign key or a default;
 * in a composite key only the integer column marked autoincrement=True is
 * (SERIAL on PostgreSQL, generated and fetched back by the flush; SQLite
 * has none: ddl.c refuses it there, as SQLAlchemy's compiler does).
 */
int
decl_is_autoinc_col(const OrmTable *t, const OrmColumn *c)
{
	bool		intlike = c->type.kind == ORM_T_INTEGER || c->type.kind == ORM_T_BIGINT ||
		c->type.kind == ORM_T_SMALLINT;
	int			i;

	if (!intlike || !c->primary_key || t->pk_mapper_only)
		return false;
	if (t->npk > 1)
	{
		if (c->autoincrement != ORM_AUTOINC_TRUE)
			return false;
		for (i = 0; i < t->npk && t->pk[i] != c; i++)
			if (t->pk[i]->autoincrement == ORM_AUTOINC_TRUE)
				return false;	/* another one first: decl_autoinc_check refuses two */
		return i < t->npk;
	}
	if (t->npk != 1 || t->pk[0] != c)
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

/* SQLAlchemy's ArgumentError for two autoincrement=True columns in one key. */
int
decl_autoinc_check(DeclCtx *dc, const OrmTable *t)
{
	const OrmColumn *first = NULL;
	int			i;

	for (i = 0; i < t->npk && t->npk > 1; i++)
	{
		if (t->pk[i]->autoincrement != ORM_AUTOINC_TRUE)
			continue;
		if (first)
			return orm_err_at(dc->err, ORM_ERR_DECL, t->pk[i]->line, t->pk[i]->col,
							  "Only one Column may be marked autoincrement=True, found both %s and %s.",
							  t->pk[i]->name, first->name);
		first = t->pk[i];
	}
	return 0;
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
		return decl_errn(&dc, n, ORM_ERR_UNKNOWN_TYPE, "unknown type \"%s\"", decl_src(&dc, n));
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
