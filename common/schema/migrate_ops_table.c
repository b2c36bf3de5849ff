/*
 * migrate_ops_table.c -- the operations of a script body on tables and
 * columns: op.create_table, drop_table, rename_table, create_table_comment /
 * drop_table_comment, add_column, drop_column, alter_column (and their
 * batch_op forms).  Arguments, errors, running SQL and SQLite's batch copy
 * are migrate_ops.c's; see there for what the operations emit.
 */
#include "schema/migrate_ops.h"
#include "schema/ddl.h"

#include <stdio.h>
#include <string.h>

/* ---- the operations -------------------------------------------------------------------- */

int
mo_schema(MigOps *mo, const char **schema)
{
	return mo_opt_str(mo, py_kwarg(mo->call, "schema"), "schema", schema);
}

/*
 * COMMENT ON TABLE t / COLUMN t.c IS 'x' (NULL: none), where the engine
 * keeps comments; elsewhere (SQLite) nothing, as create_all writes none.
 */
static int
mo_comment(MigOps *mo, const char *schema, const char *table, const char *col,
		   const char *comment)
{
	OrmBuf		b;

	if (!mo->ctx->dialect->has_comments)
		return 0;
	orm_buf_init(&b, mo->ctx->arena);
	orm_buf_puts(&b, col ? "COMMENT ON COLUMN " : "COMMENT ON TABLE ");
	mo_table_name(&b, schema, table);
	if (col)
	{
		orm_buf_putc(&b, '.');
		orm_quote_ident(&b, col);
	}
	orm_buf_puts(&b, " IS ");
	if (comment)
		orm_quote_literal(&b, comment);
	else
		orm_buf_puts(&b, "NULL");
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* The comments of a new table and its columns. */
static int
mo_table_comments(MigOps *mo, const OrmTable *t)
{
	int			i;

	if (t->comment && mo_comment(mo, t->schema, t->name, NULL, t->comment) < 0)
		return -1;
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->comment &&
			mo_comment(mo, t->schema, t->name, t->cols[i]->name, t->cols[i]->comment) < 0)
			return -1;
	return 0;
}

/* op.create_table(name, *columns_and_constraints, schema=None, comment=None) */
int
op_create_table(MigOps *mo)
{
	const PyNode *c = mo->call;
	const char *name,
			   *schema;
	OrmTable   *t;
	OrmBuf		b;
	int			i;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", -1), "table_name", &name) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	for (i = 1; i < c->nitems; i++)
		mo_plain_names(c->items[i], 0);
	if (orm_declare_mig_table(mo->scratch, mo->s->source, name,
							  c->nitems > 0 ? (PyNode *const *) c->items + 1 : NULL,
							  c->nitems > 0 ? c->nitems - 1 : 0, &t, mo->ctx->err) < 0)
		return -1;
	t->schema = schema;
	if (mo_opt_str(mo, py_kwarg(c, "comment"), "comment", &t->comment) < 0)
		return -1;
	mo_fk_stubs(mo, t);
	if (mo_create_enums(mo, t) < 0)
		return -1;
	orm_buf_init(&b, mo->ctx->arena);
	orm_ddl_create_table_sql(mo->ctx, t, &b);
	if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
		return -1;
	for (i = 0; i < t->indexes.n; i++)
	{
		orm_buf_init(&b, mo->ctx->arena);
		orm_ddl_index_sql(mo->ctx, t, t->indexes.items[i], &b);
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	return mo_table_comments(mo, t);
}

/* op.create_table_comment(table, comment, existing_comment=None, schema=None) */
int
op_create_table_comment(MigOps *mo)
{
	const char *table,
			   *comment,
			   *schema;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", 0), "table_name", &table) < 0 ||
		mo_opt_str(mo, mo_arg(mo, 1, "comment", 0), "comment", &comment) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	return mo_comment(mo, schema, table, NULL, comment);
}

/* op.drop_table_comment(table, existing_comment=None, schema=None) */
int
op_drop_table_comment(MigOps *mo)
{
	const char *table,
			   *schema;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", 0), "table_name", &table) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	return mo_comment(mo, schema, table, NULL, NULL);
}

/* op.drop_table(name, schema=None) */
int
op_drop_table(MigOps *mo)
{
	const char *name,
			   *schema;
	OrmBuf		b;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", -1), "table_name", &name) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	orm_buf_init(&b, mo->ctx->arena);
	orm_buf_puts(&b, "DROP TABLE ");
	mo_table_name(&b, schema, name);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* op.rename_table(old, new, schema=None) */
int
op_rename_table(MigOps *mo)
{
	const char *old,
			   *new,
			   *schema;
	OrmBuf		b;

	if (mo_str(mo, mo_arg(mo, 0, "old_table_name", -1), "old_table_name", &old) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "new_table_name", -1), "new_table_name", &new) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	b = mo_alter(mo, schema, old);
	orm_buf_puts(&b, "RENAME TO ");
	orm_quote_ident(&b, new);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* Reads sa.Column(...) for table (name/schema) into a one-column table. */
static int
mo_read_column(MigOps *mo, const PyNode *n, const char *table, const char *schema,
			   OrmColumn **out)
{
	OrmTable   *t = ORM_NEW(mo->ctx->arena, OrmTable);

	n = mo_deref(mo, n);
	if (!n)
		return mo_err(mo, NULL, "missing argument %s", "column");
	mo_plain_names((PyNode *) n, 0);
	t->name = table;
	t->schema = schema;
	if (orm_declare_mig_column(mo->scratch, mo->s->source, (PyNode *) n, t, out,
							   mo->ctx->err) < 0)
		return -1;
	t->ncols = 1;
	t->cols = ORM_NEWN(mo->ctx->arena, OrmColumn *, 1);
	t->cols[0] = *out;
	(*out)->table = t;
	mo_fk_stubs(mo, t);
	return 0;
}

/* Does SQLite's ALTER TABLE ADD COLUMN take c as it is? */
static bool
mo_add_in_place(const OrmColumn *c)
{
	if (c->primary_key || c->unique || c->fk || c->computed)
		return false;
	if (c->server_default.kind == ORM_SD_FUNC)
		return c->server_default.text && (strcmp(c->server_default.text, "true") == 0 ||
										  strcmp(c->server_default.text, "false") == 0);
	if (c->server_default.kind == ORM_SD_TEXT)
	{
		const char *p = c->server_default.text;

		/* a constant: a number or a quoted string */
		if (*p == '\'' || *p == '-' || (*p >= '0' && *p <= '9'))
			return true;
		return false;
	}
	/* NOT NULL without a default cannot be added to a table with rows */
	return c->nullable || c->server_default.kind != ORM_SD_NONE;
}

/* op.add_column(table, column, schema=None) */
int
op_add_column(MigOps *mo)
{
	const char *table,
			   *schema;
	OrmColumn  *c;
	OrmBuf		b;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", 0), "table_name", &table) < 0 ||
		mo_schema(mo, &schema) < 0 ||
		mo_read_column(mo, mo_arg(mo, 1, "column", 0), table, schema, &c) < 0)
		return -1;
	/*
	 * Alembic's op.add_column on SQLite skips the CHECK of a Boolean or Enum
	 * with create_constraint=True ("Skipping unsupported ALTER for creation
	 * of implicit constraint"); a batch_op.add_column copies it in
	 */
	if (mo->ctx->dialect->mig->batch_alter && !mo->batch)
		c->type.create_constraint = false;
	if (mo->ctx->dialect->mig->batch_alter && (mo->batch || !mo_add_in_place(c)))
	{
		MigBatch   *bt;
		OrmTable   *t;
		int			i;

		if (mo_batch_for(mo, table, &bt) < 0)
			return -1;
		t = bt->mt->t;
		if (mo_col_index(t, c->name) >= 0)
			return mo_err(mo, NULL, "column %s already exists", c->name);
		t->cols = orm_realloc(mo->ctx->arena, t->cols, sizeof(OrmColumn *) * (size_t) (t->ncols + 1),
							  sizeof(OrmColumn *) * (size_t) (t->ncols + 2));
		bt->src = orm_realloc(mo->ctx->arena, bt->src, sizeof(char *) * (size_t) (t->ncols + 1),
							  sizeof(char *) * (size_t) (t->ncols + 2));
		bt->cast = orm_realloc(mo->ctx->arena, bt->cast, sizeof(bool) * (size_t) (t->ncols + 1),
							   sizeof(bool) * (size_t) (t->ncols + 2));
		bt->cast[t->ncols] = false;
		c->table = t;
		c->pos = t->ncols;
		t->cols[t->ncols] = c;
		bt->src[t->ncols] = NULL;
		t->ncols++;
		if (c->primary_key)
		{
			t->pk = orm_realloc(mo->ctx->arena, t->pk, sizeof(OrmColumn *) * (size_t) (t->npk + 1),
								sizeof(OrmColumn *) * (size_t) (t->npk + 2));
			t->pk[t->npk++] = c;
		}
		if (c->fk)
		{
			int			maxseq = 0;

			for (i = 0; i < t->ncols; i++)
				if (t->cols[i]->fk && t->cols[i]->fk->seq > maxseq)
					maxseq = t->cols[i]->fk->seq;
			c->fk->seq = maxseq + 1;
		}
		bt->recreate = bt->recreate || !mo_add_in_place(c);
		if (!bt->recreate)
		{
			/* in place after all (inside a block): remember the statement */
			b = mo_alter(mo, NULL, table);
			orm_buf_puts(&b, "ADD COLUMN ");
			orm_ddl_column_sql(mo->ctx, c, &b);
			orm_vec_push(mo->ctx->arena, &bt->inplace, (void *) orm_buf_cstr(&b));
		}
		return mo_batch_done(mo, bt);
	}
	if (mo_create_enums(mo, c->table) < 0)
		return -1;
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "ADD COLUMN ");
	orm_ddl_column_sql(mo->ctx, c, &b);
	if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
		return -1;
	if (c->fk)
	{
		b = mo_alter(mo, schema, table);
		orm_buf_puts(&b, "ADD ");
		orm_ddl_fk_sql(mo->ctx, c->table, c, &b);
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	if (c->unique)
	{
		b = mo_alter(mo, schema, table);
		orm_buf_puts(&b, "ADD UNIQUE (");
		orm_quote_ident(&b, c->name);
		orm_buf_putc(&b, ')');
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	/* as Alembic's add_column adds the new column's table constraints: the
	 * CHECK of a non-native Enum with create_constraint=True (PostgreSQL; left
	 * out on SQLite above) */
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "ADD ");
	if (orm_ddl_type_check_sql(mo->ctx, c, &b) && mo_exec(mo, orm_buf_cstr(&b)) < 0)
		return -1;
	if (c->comment)
		return mo_comment(mo, schema, table, c->name, c->comment);
	return 0;
}

/* op.drop_column(table, column_name, schema=None) */
/* Does the SQL text of a CHECK name column col (a bare or "quoted" identifier)? */
static bool
mo_sql_names(const char *sql, const char *col)
{
	const char *p = sql;
	size_t		n = strlen(col);

	while (*p)
	{
		if (*p == '\'')
		{
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p += (*p == '\'' ? 2 : 1))
				;
			if (*p)
				p++;
		}
		else if (*p == '"')
		{
			const char *q = ++p;

			while (*p && !(*p == '"' && p[1] != '"'))
				p += (*p == '"' ? 2 : 1);
			if ((size_t) (p - q) == n && strncmp(q, col, n) == 0)
				return true;
			if (*p)
				p++;
		}
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
				 (unsigned char) *p >= 0x80)
		{
			const char *q = p;

			while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' || *p == '$' ||
				   (*p >= '0' && *p <= '9') || (unsigned char) *p >= 0x80)
				p++;
			if ((size_t) (p - q) == n)
			{
				size_t		k;

				for (k = 0; k < n && (q[k] | 0x20) == (col[k] | 0x20); k++)
					;
				if (k == n)
					return true;
			}
		}
		else
			p++;
	}
	return false;
}

int
op_drop_column(MigOps *mo)
{
	const char *table,
			   *col,
			   *schema;
	OrmBuf		b;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", 0), "table_name", &table) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "column_name", 0), "column_name", &col) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	if (mo->ctx->dialect->mig->batch_alter)
	{
		MigBatch   *bt;
		int			i;

		if (mo_batch_for(mo, table, &bt) < 0)
			return -1;
		if ((i = mo_col_index(bt->mt->t, col)) < 0)
			return mo_err(mo, NULL, "no such column: %s", col);
		/* SQLite's and Alembic's rule: a copy would keep a CHECK naming no column */
		for (int k = 0; k < bt->mt->t->checks.n; k++)
		{
			const OrmCheck *ck = bt->mt->t->checks.items[k];

			if (ck->sqltext && mo_sql_names(ck->sqltext, col))
				return mo_err(mo, NULL, "%s", orm_sprintf(mo->ctx->arena,
															"cannot drop column %s: CHECK constraint %s (%s) uses it; drop the "
															"constraint first (SQLite refuses the drop, under Alembic too)",
															col, ck->name ? ck->name : "(unnamed)", ck->sqltext));
		}
		mo_batch_drop_col(bt, i);
		bt->recreate = true;
		return mo_batch_done(mo, bt);
	}
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "DROP COLUMN ");
	orm_quote_ident(&b, col);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/*
 * server_default=sa.Identity(...) of alter_column (what autogenerate writes
 * for a changed identity): the identity clause as declare.c spells
 * Identity() ("GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5 ...)"), and
 * the same options as ALTER COLUMN ... SET clauses for a column that has an
 * identity already.
 */
static int
mo_identity(MigOps *mo, const PyNode *call, const char **add, const char **set)
{
	static const struct
	{
		const char *kw;
		const char *add;		/* printf format, or the words of a flag */
		const char *set;
		bool		flag;		/* True / False, not a number */
		const char *unset;		/* the words when the flag is False */
	}			opts[] = {
		{"increment", "INCREMENT BY %lld", " SET INCREMENT BY %lld", false, NULL},
		{"start", "START WITH %lld", " SET START WITH %lld", false, NULL},
		{"minvalue", "MINVALUE %lld", " SET MINVALUE %lld", false, NULL},
		{"maxvalue", "MAXVALUE %lld", " SET MAXVALUE %lld", false, NULL},
		{"nominvalue", "NO MINVALUE", " SET NO MINVALUE", true, NULL},
		{"nomaxvalue", "NO MAXVALUE", " SET NO MAXVALUE", true, NULL},
		{"cache", "CACHE %lld", " SET CACHE %lld", false, NULL},
		{"cycle", "CYCLE", " SET CYCLE", true, "NO CYCLE"},
	};
	OrmBuf		a,
				o,
				st;
	bool		always = false;
	size_t		i;
	int			k;

	for (k = 0; k < call->nkw; k++)
	{
		const char *kw = call->kwnames[k];

		for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
			if (kw && strcmp(kw, opts[i].kw) == 0)
				break;
		if (!kw || (i == sizeof(opts) / sizeof(opts[0]) && strcmp(kw, "always") != 0))
			return mo_err(mo, call->kwvalues[k], "unsupported Identity() argument %s",
						  kw ? kw : "**");
	}
	if (call->nitems > 0)
		return mo_err(mo, call->items[0], "Identity() takes keyword arguments%s", "");
	if (mo_bool(mo, py_kwarg(call, "always"), false, &always) < 0)
		return -1;
	orm_buf_init(&a, mo->ctx->arena);
	orm_buf_init(&o, mo->ctx->arena);
	orm_buf_init(&st, mo->ctx->arena);
	orm_buf_printf(&a, "GENERATED %s AS IDENTITY", always ? "ALWAYS" : "BY DEFAULT");
	orm_buf_printf(&st, "SET GENERATED %s", always ? "ALWAYS" : "BY DEFAULT");
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
	{
		const PyNode *v = mo_deref(mo, py_kwarg(call, opts[i].kw));
		long long	n = 0;
		bool		b = false;

		if (!v || v->kind == PY_NONE)
			continue;
		if (opts[i].flag)
		{
			if (mo_bool(mo, v, false, &b) < 0)
				return -1;
			if (!b && !opts[i].unset)
				continue;
		}
		else if (v->kind == PY_INT)
			n = v->ival;
		else if (v->kind == PY_UNARY && v->op == '-' && v->a && v->a->kind == PY_INT)
			n = -v->a->ival;
		else
			return mo_err(mo, v, "Identity(%s=) takes an integer", opts[i].kw);
		if (o.len)
			orm_buf_putc(&o, ' ');
		if (opts[i].flag && !b)
		{
			orm_buf_puts(&o, opts[i].unset);
			orm_buf_printf(&st, " SET %s", opts[i].unset);
		}
		else
		{
			orm_buf_printf(&o, opts[i].add, n);
			orm_buf_printf(&st, opts[i].set, n);
		}
	}
	if (o.len)
		orm_buf_printf(&a, " (%s)", orm_buf_cstr(&o));
	*add = orm_buf_cstr(&a);
	*set = orm_buf_cstr(&st);
	return 0;
}

static bool
mo_is_identity(const PyNode *n)
{
	return n && n->kind == PY_CALL && orm_streq(py_last_name(n->a), "Identity");
}

/* server_default= of alter_column: absent (false), None (drop), or a default. */
static int
mo_server_default_arg(MigOps *mo, const char *kw, bool *given, OrmServerDefault *sd)
{
	const PyNode *n = py_kwarg(mo->call, kw);

	memset(sd, 0, sizeof(*sd));
	*given = false;
	if (!n || n->kind == PY_FALSE)
		return 0;
	*given = true;
	return orm_declare_mig_server_default(mo->scratch, mo->s->source, mo_deref(mo, n), sd,
										  mo->ctx->err);
}

/*
 * op.alter_column(table, column, nullable=None, server_default=False,
 * new_column_name=None, type_=None, existing_type=None,
 * existing_server_default=False, existing_nullable=None, schema=None)
 */
int
op_alter_column(MigOps *mo)
{
	const PyNode *c = mo->call;
	const char *table,
			   *col,
			   *schema,
			   *newname;
	const PyNode *nullable_n = py_kwarg(c, "nullable");
	const PyNode *type_n = py_kwarg(c, "type_");
	const PyNode *comment_n = py_kwarg(c, "comment");	/* absent or False: unchanged */
	bool		nullable = true,
				has_default;
	const PyNode *identity_n;
	const char *identity_add = NULL,
			   *identity_set = NULL;
	OrmServerDefault sd;
	OrmType		type;
	OrmColumn	tmp;
	OrmBuf		b;

	if (mo_str(mo, mo_arg(mo, 0, "table_name", 0), "table_name", &table) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "column_name", 0), "column_name", &col) < 0 ||
		mo_schema(mo, &schema) < 0 ||
		mo_opt_str(mo, py_kwarg(c, "new_column_name"), "new_column_name", &newname) < 0)
		return -1;
	if (nullable_n && nullable_n->kind != PY_NONE && mo_bool(mo, nullable_n, true, &nullable) < 0)
		return -1;
	if (nullable_n && nullable_n->kind == PY_NONE)
		nullable_n = NULL;
	if (comment_n && comment_n->kind == PY_FALSE)
		comment_n = NULL;
	identity_n = mo_deref(mo, py_kwarg(c, "server_default"));
	if (mo_is_identity(identity_n))
	{
		/* an identity, not a default: SQLite keeps none */
		if (mo_identity(mo, identity_n, &identity_add, &identity_set) < 0)
			return -1;
		has_default = false;
		memset(&sd, 0, sizeof(sd));
	}
	else
	{
		identity_n = NULL;
		if (mo_server_default_arg(mo, "server_default", &has_default, &sd) < 0)
			return -1;
	}
	if (type_n && type_n->kind == PY_NONE)
		type_n = NULL;
	if (type_n && orm_declare_mig_type(mo->scratch, mo->s->source, mo_deref(mo, type_n), &type,
									   mo->ctx->err) < 0)
		return -1;
	if (mo->ctx->dialect->mig->batch_alter)
	{
		MigBatch   *bt;
		OrmColumn  *cc;
		int			i;

		if (mo_batch_for(mo, table, &bt) < 0)
			return -1;
		if ((i = mo_col_index(bt->mt->t, col)) < 0)
			return mo_err(mo, NULL, "no such column: %s", col);
		cc = bt->mt->t->cols[i];
		if (nullable_n || has_default || type_n)
			bt->recreate = true;
		if (nullable_n)
			cc->nullable = nullable;
		if (has_default)
			cc->server_default = sd;
		if (type_n)
		{
			cc->type = type;
			cc->type.pg_variant = cc->type.sqlite_variant = NULL;
			bt->cast[i] = bt->src[i] != NULL;
		}
		if (newname)
		{
			if (!bt->recreate && !mo->batch)
			{
				/* a rename alone: SQLite does it in place */
				b = mo_alter(mo, NULL, table);
				orm_buf_puts(&b, "RENAME COLUMN ");
				orm_quote_ident(&b, col);
				orm_buf_puts(&b, " TO ");
				orm_quote_ident(&b, newname);
				return mo_exec(mo, orm_buf_cstr(&b));
			}
			cc->name = newname;
			bt->recreate = true;
		}
		return mo_batch_done(mo, bt);
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.name = col;
	if (type_n)
	{
		const PyNode *using = py_kwarg(c, "postgresql_using");
		const char *u = NULL;

		if (mo_opt_str(mo, using, "postgresql_using", &u) < 0)
			return -1;
		tmp.type = type;
		if (mo_create_enums_for_type(mo, &tmp) < 0)
			return -1;
		b = mo_alter(mo, schema, table);
		orm_buf_puts(&b, "ALTER COLUMN ");
		orm_quote_ident(&b, col);
		orm_buf_puts(&b, " TYPE ");
		orm_ddl_type_sql(mo->ctx, &tmp, &b);
		if (u)
			orm_buf_printf(&b, " USING %s", u);
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	if (nullable_n)
	{
		b = mo_alter(mo, schema, table);
		orm_buf_puts(&b, "ALTER COLUMN ");
		orm_quote_ident(&b, col);
		orm_buf_puts(&b, nullable ? " DROP NOT NULL" : " SET NOT NULL");
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	if (identity_n || (has_default && sd.kind == ORM_SD_NONE))
	{
		/* an identity set, changed or dropped, by what the column has now */
		MigTable   *mt = NULL;
		const OrmColumn *cur = NULL;

		if (!schema && mig_catalog_table(mo->ctx, table, &mt) < 0)
			return -1;
		cur = mt ? orm_table_col(mt->t, col) : NULL;
		if (identity_n && cur && cur->identity && !py_kwarg(mo->call, "existing_server_default") &&
			strncmp(identity_set, "SET GENERATED BY DEFAULT", 24) == 0)
		{
			/*
			 * As Alembic with no existing_server_default (what autogenerate
			 * writes): each option the new Identity() gives is SET, and
			 * GENERATED only when it is always=True -- an ALWAYS identity
			 * made always=False stays ALWAYS.
			 */
			identity_set += 24;
			while (*identity_set == ' ')
				identity_set++;
			if (!*identity_set)
			{
				identity_n = NULL;
				cur = NULL;
				has_default = false;	/* nothing to SET */
			}
		}
		if (identity_n || (cur && cur->identity))
		{
			b = mo_alter(mo, schema, table);
			orm_buf_puts(&b, "ALTER COLUMN ");
			orm_quote_ident(&b, col);
			if (!identity_n)
				orm_buf_puts(&b, " DROP IDENTITY");
			else if (cur && cur->identity)
				orm_buf_printf(&b, " %s", identity_set);
			else
				orm_buf_printf(&b, " ADD %s", identity_add);
			if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
				return -1;
			has_default = false;
		}
	}
	if (has_default)
	{
		tmp.server_default = sd;
		b = mo_alter(mo, schema, table);
		orm_buf_puts(&b, "ALTER COLUMN ");
		orm_quote_ident(&b, col);
		if (sd.kind == ORM_SD_NONE)
			orm_buf_puts(&b, " DROP DEFAULT");
		else
		{
			orm_buf_puts(&b, " SET DEFAULT ");
			orm_ddl_default_sql(mo->ctx, &tmp, &b);
		}
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	if (comment_n)
	{
		const char *cm = NULL;

		if (mo_opt_str(mo, comment_n, "comment", &cm) < 0 ||
			mo_comment(mo, schema, table, col, cm) < 0)
			return -1;
	}
	if (newname)
	{
		b = mo_alter(mo, schema, table);
		orm_buf_puts(&b, "RENAME ");
		orm_quote_ident(&b, col);
		orm_buf_puts(&b, " TO ");
		orm_quote_ident(&b, newname);
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	return 0;
}
