/*
 * migrate_ops_cons.c -- the operations of a script body on indexes and
 * constraints (op.create_index / drop_index, create_foreign_key,
 * create_unique_constraint, create_primary_key, create_check_constraint,
 * drop_constraint), and op.execute (SQL text cut into statements as psql
 * cuts them on PostgreSQL), op.bulk_insert and op.get_bind.  Arguments,
 * errors, running SQL and SQLite's batch copy are migrate_ops.c's.
 */
#include "schema/migrate_ops.h"
#include "schema/ddl.h"

#include <stdio.h>
#include <string.h>

/* op.create_index(name, table, columns, unique=False, schema=None) */
int
op_create_index(MigOps *mo)
{
	const char *name,
			   *table,
			   *schema;
	const PyNode *cols = mo_deref(mo, mo_arg(mo, 2, "columns", 1));
	OrmArena   *a = mo->ctx->arena;
	OrmTable   *t = ORM_NEW(a, OrmTable);
	OrmIndex   *ix = ORM_NEW(a, OrmIndex);
	OrmPtrVec	ccols = {0},
				exprs = {0};
	bool		any_expr = false;
	OrmBuf		b;
	int			i;

	if (mo_str(mo, mo_arg(mo, 0, "index_name", 1), "index_name", &name) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "table_name", 1), "table_name", &table) < 0 ||
		mo_schema(mo, &schema) < 0 ||
		mo_bool(mo, py_kwarg(mo->call, "unique"), false, &ix->unique) < 0)
		return -1;
	if (!cols || (cols->kind != PY_LIST && cols->kind != PY_TUPLE && cols->kind != PY_STR))
		return mo_err(mo, cols, "columns must be a list of %s", "column names or sa.text() expressions");
	for (i = 0; i < (cols->kind == PY_STR ? 1 : cols->nitems); i++)
	{
		const PyNode *e = mo_deref(mo, cols->kind == PY_STR ? cols : cols->items[i]);

		if (e->kind == PY_STR)
		{
			OrmColumn  *c = ORM_NEW(a, OrmColumn);

			c->name = orm_strndup(a, e->str, e->len);
			c->table = t;
			orm_vec_push(a, &ccols, c);
			orm_vec_push(a, &exprs, NULL);
		}
		else if (e->kind == PY_CALL && e->nitems == 1 && e->items[0]->kind == PY_STR &&
				 (orm_streq(py_last_name(e->a), "text") ||
				  orm_streq(py_last_name(e->a), "literal_column")))
		{
			orm_vec_push(a, &exprs, orm_strndup(a, e->items[0]->str, e->items[0]->len));
			any_expr = true;
		}
		else
			return mo_err(mo, e, "unsupported index element \"%s\"", mo_src(mo, e));
	}
	t->name = table;
	t->schema = schema;
	ix->name = name;
	ix->ncols = ccols.n;
	ix->cols = (OrmColumn **) ccols.items;
	if (any_expr)
	{
		ix->nexprs = exprs.n;
		ix->exprs = (const char **) exprs.items;
	}
	{
		const char *w = NULL;

		const PyNode *wn;

		/* a string or sa.text("..."), as SQLAlchemy's where clauses */
		wn = mo_deref(mo, py_kwarg(mo->call, "postgresql_where"));
		if (wn && wn->kind != PY_NONE && mo_sql_text(mo, wn, "postgresql_where", &w) < 0)
			return -1;
		ix->pg_where = wn && wn->kind != PY_NONE ? w : NULL;
		w = NULL;
		wn = mo_deref(mo, py_kwarg(mo->call, "sqlite_where"));
		if (wn && wn->kind != PY_NONE && mo_sql_text(mo, wn, "sqlite_where", &w) < 0)
			return -1;
		ix->sqlite_where = wn && wn->kind != PY_NONE ? w : NULL;
		w = NULL;
		if (mo_opt_str(mo, py_kwarg(mo->call, "postgresql_using"), "postgresql_using", &w) < 0)
			return -1;
		ix->pg_using = w;
	}
	orm_buf_init(&b, a);
	orm_ddl_index_sql(mo->ctx, t, ix, &b);
	if (mo->batch)
	{
		/* after the block's copy, on the new table */
		orm_vec_push(a, &mo->batch->after, (void *) orm_buf_cstr(&b));
		return 0;
	}
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* op.drop_index(name, table_name=None, schema=None) */
int
op_drop_index(MigOps *mo)
{
	const char *name,
			   *schema;
	OrmBuf		b;

	if (mo_str(mo, mo_arg(mo, 0, "index_name", -1), "index_name", &name) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	if (mo->batch)
	{
		OrmTable   *t = mo->batch->mt->t;
		int			i,
					k;

		/* the copy must not create it again */
		for (i = k = 0; i < t->indexes.n; i++)
			if (strcmp(((OrmIndex *) t->indexes.items[i])->name, name) != 0)
				t->indexes.items[k++] = t->indexes.items[i];
		t->indexes.n = k;
	}
	orm_buf_init(&b, mo->ctx->arena);
	orm_buf_puts(&b, "DROP INDEX ");
	mo_table_name(&b, schema, name);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* A table-level constraint added in a batch copy (SQLite). */
static int
mo_batch_constraint(MigOps *mo, const char *table, PyNode *item)
{
	MigBatch   *bt;
	OrmTable   *t;
	int			i;

	if (mo_batch_for(mo, table, &bt) < 0)
		return -1;
	t = bt->mt->t;
	if (orm_declare_mig_table_item(mo->scratch, mo->s->source, t, item, orm_table_max_seq(t) + 1,
								   mo->ctx->err) < 0)
		return -1;
	/* a PrimaryKeyConstraint marks columns; rebuild the key list */
	t->npk = 0;
	t->pk = ORM_NEWN(mo->ctx->arena, OrmColumn *, t->ncols + 1);
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->primary_key)
			t->pk[t->npk++] = t->cols[i];
	mo_fk_stubs(mo, t);
	bt->recreate = true;
	return mo_batch_done(mo, bt);
}

/* Builds sa.<kind>(args..., name=...) as a node, for the batch path. */
static PyNode *
mo_synth_call(MigOps *mo, const char *kind, PyNode **items, int n, const char *name)
{
	OrmArena   *a = mo->ctx->arena;
	PyNode	   *call = ORM_NEW(a, PyNode),
			   *fn = ORM_NEW(a, PyNode);

	fn->kind = PY_NAME;
	fn->str = kind;
	call->kind = PY_CALL;
	call->a = fn;
	call->line = mo->call->line;
	call->col = mo->call->col;
	call->nitems = n;
	call->items = items;
	if (name)
	{
		PyNode	   *v = ORM_NEW(a, PyNode);

		v->kind = PY_STR;
		v->str = name;
		v->len = strlen(name);
		call->nkw = 1;
		call->kwnames = ORM_NEWN(a, const char *, 1);
		call->kwvalues = ORM_NEWN(a, PyNode *, 1);
		call->kwnames[0] = "name";
		call->kwvalues[0] = v;
	}
	return call;
}

static PyNode *
mo_str_node(MigOps *mo, const char *s)
{
	PyNode	   *v = ORM_NEW(mo->ctx->arena, PyNode);

	v->kind = PY_STR;
	v->str = s;
	v->len = strlen(s);
	return v;
}

static PyNode *
mo_list_node(MigOps *mo, const char **names, int n)
{
	PyNode	   *l = ORM_NEW(mo->ctx->arena, PyNode);
	int			i;

	l->kind = PY_LIST;
	l->nitems = n;
	l->items = ORM_NEWN(mo->ctx->arena, PyNode *, n + 1);
	for (i = 0; i < n; i++)
		l->items[i] = mo_str_node(mo, names[i]);
	return l;
}

static void
mo_col_list(OrmBuf *b, const char **cols, int n)
{
	int			i;

	orm_buf_putc(b, '(');
	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_puts(b, ", ");
		orm_quote_ident(b, cols[i]);
	}
	orm_buf_putc(b, ')');
}

/* ON DELETE / ON UPDATE actions are SQL keywords: only these. */
static bool
mo_fk_action_ok(const char *s)
{
	static const char *const ok[] = {"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT",
	"NO ACTION", NULL};
	int			i;

	for (i = 0; s && ok[i]; i++)
		if (orm_strieq(s, ok[i]))
			return true;
	return s == NULL;
}

/*
 * op.create_foreign_key(name, source_table, referent_table, local_cols,
 * remote_cols, onupdate=None, ondelete=None, deferrable=None,
 * initially=None, source_schema=None, referent_schema=None)
 */
int
op_create_foreign_key(MigOps *mo)
{
	const char *name,
			   *src,
			   *ref,
			   *ondelete,
			   *onupdate,
			   *sschema,
			   *rschema;
	const char **lcols,
			  **rcols;
	int			nl,
				nr;
	OrmBuf		b;

	if (mo_opt_str(mo, mo_arg(mo, 0, "constraint_name", 1), "constraint_name", &name) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "source_table", 1), "source_table", &src) < 0 ||
		mo_str(mo, mo_arg(mo, 2, "referent_table", 1), "referent_table", &ref) < 0 ||
		mo_str_list(mo, mo_arg(mo, 3, "local_cols", 1), "local_cols", &lcols, &nl) < 0 ||
		mo_str_list(mo, mo_arg(mo, 4, "remote_cols", 1), "remote_cols", &rcols, &nr) < 0 ||
		mo_opt_str(mo, py_kwarg(mo->call, "ondelete"), "ondelete", &ondelete) < 0 ||
		mo_opt_str(mo, py_kwarg(mo->call, "onupdate"), "onupdate", &onupdate) < 0 ||
		mo_opt_str(mo, py_kwarg(mo->call, "source_schema"), "source_schema", &sschema) < 0 ||
		mo_opt_str(mo, py_kwarg(mo->call, "referent_schema"), "referent_schema", &rschema) < 0)
		return -1;
	if (nl != nr)
		return mo_err(mo, NULL, "local_cols and remote_cols differ in length%s", "");
	if (!mo_fk_action_ok(ondelete) || !mo_fk_action_ok(onupdate))
		return mo_err(mo, NULL, "unsupported ON DELETE / ON UPDATE action %s",
					  mo_fk_action_ok(ondelete) ? onupdate : ondelete);
	if (mo->ctx->dialect->mig->batch_alter)
	{
		PyNode	  **items = ORM_NEWN(mo->ctx->arena, PyNode *, 2);
		const char **targets = ORM_NEWN(mo->ctx->arena, const char *, nr + 1);
		PyNode	   *fkc;
		int			i;

		for (i = 0; i < nr; i++)
			targets[i] = orm_sprintf(mo->ctx->arena, "%s.%s", ref, rcols[i]);
		items[0] = mo_list_node(mo, lcols, nl);
		items[1] = mo_list_node(mo, targets, nr);
		fkc = mo_synth_call(mo, "ForeignKeyConstraint", items, 2, name);
		if (ondelete || onupdate)
		{
			int			k = fkc->nkw;
			const char **kn = ORM_NEWN(mo->ctx->arena, const char *, k + 2);
			PyNode	  **kv = ORM_NEWN(mo->ctx->arena, PyNode *, k + 2);

			for (i = 0; i < k; i++)
			{
				kn[i] = fkc->kwnames[i];
				kv[i] = fkc->kwvalues[i];
			}
			if (ondelete)
			{
				kn[k] = "ondelete";
				kv[k++] = mo_str_node(mo, ondelete);
			}
			if (onupdate)
			{
				kn[k] = "onupdate";
				kv[k++] = mo_str_node(mo, onupdate);
			}
			fkc->nkw = k;
			fkc->kwnames = kn;
			fkc->kwvalues = kv;
		}
		return mo_batch_constraint(mo, src, fkc);
	}
	b = mo_add_constraint(mo, sschema, src, name);
	orm_buf_puts(&b, "FOREIGN KEY");
	mo_col_list(&b, lcols, nl);
	orm_buf_puts(&b, " REFERENCES ");
	mo_table_name(&b, rschema, ref);
	orm_buf_putc(&b, ' ');
	mo_col_list(&b, rcols, nr);
	if (ondelete)
		orm_buf_printf(&b, " ON DELETE %s", ondelete);
	if (onupdate)
		orm_buf_printf(&b, " ON UPDATE %s", onupdate);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/*
 * op.create_unique_constraint / op.create_primary_key(name, table, columns,
 * schema=None): constraint is SQLAlchemy's class (SQLite's batch copy takes
 * it), keyword the DDL's ("UNIQUE" / "PRIMARY KEY").
 */
static int
op_create_key_constraint(MigOps *mo, const char *constraint, const char *keyword)
{
	const char *name,
			   *table,
			   *schema;
	const char **cols;
	int			n;
	OrmBuf		b;

	if (mo_opt_str(mo, mo_arg(mo, 0, "constraint_name", 1), "constraint_name", &name) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "table_name", 1), "table_name", &table) < 0 ||
		mo_str_list(mo, mo_arg(mo, 2, "columns", 1), "columns", &cols, &n) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	if (mo->ctx->dialect->mig->batch_alter)
	{
		PyNode	  **items = ORM_NEWN(mo->ctx->arena, PyNode *, n + 1);

		for (int i = 0; i < n; i++)
			items[i] = mo_str_node(mo, cols[i]);
		return mo_batch_constraint(mo, table, mo_synth_call(mo, constraint, items, n, name));
	}
	b = mo_add_constraint(mo, schema, table, name);
	orm_buf_printf(&b, "%s ", keyword);
	mo_col_list(&b, cols, n);
	return mo_exec(mo, orm_buf_cstr(&b));
}

int
op_create_unique_constraint(MigOps *mo)
{
	return op_create_key_constraint(mo, "UniqueConstraint", "UNIQUE");
}

int
op_create_primary_key(MigOps *mo)
{
	return op_create_key_constraint(mo, "PrimaryKeyConstraint", "PRIMARY KEY");
}

/* The SQL text of a CHECK condition: a string or sa.text("..."). */
int
mo_sql_text(MigOps *mo, const PyNode *n, const char *what, const char **out)
{
	n = mo_deref(mo, n);
	if (n && n->kind == PY_CALL && n->nitems == 1 &&
		(orm_streq(py_last_name(n->a), "text") || orm_streq(py_last_name(n->a), "literal_column")))
		n = n->items[0];
	return mo_str(mo, n, what, out);
}

/* op.create_check_constraint(name, table, condition, schema=None) */
int
op_create_check_constraint(MigOps *mo)
{
	const char *name,
			   *table,
			   *schema,
			   *cond;
	OrmBuf		b;

	if (mo_opt_str(mo, mo_arg(mo, 0, "constraint_name", 1), "constraint_name", &name) < 0 ||
		mo_str(mo, mo_arg(mo, 1, "table_name", 1), "table_name", &table) < 0 ||
		mo_sql_text(mo, mo_arg(mo, 2, "condition", 1), "condition", &cond) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	if (mo->ctx->dialect->mig->batch_alter)
	{
		PyNode	  **items = ORM_NEWN(mo->ctx->arena, PyNode *, 1);

		items[0] = mo_str_node(mo, cond);
		return mo_batch_constraint(mo, table, mo_synth_call(mo, "CheckConstraint", items, 1, name));
	}
	b = mo_add_constraint(mo, schema, table, name);
	orm_buf_printf(&b, "CHECK (%s)", cond);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* Removes the named constraint from a batch's table; false when it has none of that name. */
static bool
mo_batch_drop_named(OrmTable *t, const char *name)
{
	bool		found = false;
	int			i,
				k;

	if (orm_streq(t->pk_name, name))
	{
		for (i = 0; i < t->npk; i++)
			t->pk[i]->primary_key = false;
		t->npk = 0;
		t->pk_name = NULL;
		found = true;
	}
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->fk && orm_streq(t->cols[i]->fk->name, name))
		{
			t->cols[i]->fk = NULL;
			found = true;
		}
	for (i = k = 0; i < t->uniques.n; i++)
	{
		if (orm_streq(((OrmUnique *) t->uniques.items[i])->name, name))
			found = true;
		else
			t->uniques.items[k++] = t->uniques.items[i];
	}
	t->uniques.n = k;
	for (i = k = 0; i < t->checks.n; i++)
	{
		if (orm_streq(((OrmCheck *) t->checks.items[i])->name, name))
			found = true;
		else
			t->checks.items[k++] = t->checks.items[i];
	}
	t->checks.n = k;
	return found;
}

/* op.drop_constraint(name, table, type_=None, schema=None) */
int
op_drop_constraint(MigOps *mo)
{
	const char *name,
			   *table,
			   *schema,
			   *type_;
	OrmBuf		b;

	if (mo_opt_str(mo, mo_arg(mo, 0, "constraint_name", 1), "constraint_name", &name) < 0)
		return -1;
	if (!name)
		return mo_err(mo, NULL, "drop_constraint needs the constraint's name%s (autogenerate "
					  "writes None for an unnamed constraint, as Alembic does: name it)", "");
	if (mo_str(mo, mo_arg(mo, 1, "table_name", 1), "table_name", &table) < 0 ||
		mo_opt_str(mo, mo_arg(mo, 2, "type_", 1), "type_", &type_) < 0 ||
		mo_schema(mo, &schema) < 0)
		return -1;
	if (mo->ctx->dialect->mig->batch_alter)
	{
		MigBatch   *bt;

		if (mo_batch_for(mo, table, &bt) < 0)
			return -1;
		if (!mo_batch_drop_named(bt->mt->t, name))
			return mo_err(mo, NULL, "no constraint named %s on the table", name);
		bt->recreate = true;
		return mo_batch_done(mo, bt);
	}
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "DROP CONSTRAINT ");
	orm_quote_ident(&b, name);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* ---- op.execute: SQL text cut into statements ----------------------------------- */

static bool
mo_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '$' || (unsigned char) c >= 0x80;
}

/* Is the word at p (length n) w, case-insensitively? */
static bool
mo_word_is(const char *p, size_t n, const char *w)
{
	size_t		i;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++)
		if (((p[i] >= 'a' && p[i] <= 'z') ? p[i] - 32 : p[i]) != w[i])
			return false;
	return true;
}

/*
 * Cuts SQL text into statements at semicolons outside quotes ('...', "...",
 * and PostgreSQL's E'...' and $tag$...$tag$ or SQLite's [...] and `...`),
 * comments (-- and nested slash-star ones), parentheses, and the BEGIN ... END
 * body of a routine (PostgreSQL: CREATE [OR REPLACE] FUNCTION/PROCEDURE ...
 * BEGIN ATOMIC; SQLite: CREATE TRIGGER ... BEGIN), where CASE ... END nests
 * -- the rules psql and sqlite3_complete() follow.  Statements that are only
 * white space and comments are left out.
 */
static void
mo_split_sql(OrmArena *a, const char *sql, bool pg, OrmPtrVec *out)
{
	const char *p = sql,
			   *start = sql;
	int			paren = 0,
				depth = 0,
				nwords = 0;
	bool		routine = false,
				content = false;
	const char *w1 = NULL,
			   *w2 = NULL,
			   *w3 = NULL;
	size_t		n1 = 0,
				n2 = 0,
				n3 = 0;

	while (*p)
	{
		if (p[0] == '-' && p[1] == '-')
		{
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*')
		{
			int			nest = 1;

			p += 2;
			while (*p && nest > 0)
			{
				if (pg && p[0] == '/' && p[1] == '*')
					nest++, p += 2;
				else if (p[0] == '*' && p[1] == '/')
					nest--, p += 2;
				else
					p++;
			}
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		{
			p++;
			continue;
		}
		if (*p != ';')
			content = true;
		if (*p == '\'' || *p == '"' || (!pg && (*p == '`' || *p == '[')))
		{
			char		close = *p == '[' ? ']' : *p;
			bool		esc = pg && *p == '\'' && p > start &&
				(p[-1] == 'E' || p[-1] == 'e') && (p - 1 == start || !mo_ident_char(p[-2]));

			for (p++; *p; p++)
			{
				if (esc && *p == '\\' && p[1])
					p++;
				else if (*p == close)
				{
					if (close != ']' && p[1] == close)
						p++;
					else
						break;
				}
			}
			if (*p)
				p++;
			continue;
		}
		if (pg && *p == '$' && (p == start || !mo_ident_char(p[-1])))
		{
			const char *t = p + 1;

			while (*t && mo_ident_char(*t) && *t != '$' && !(t == p + 1 && *t >= '0' && *t <= '9'))
				t++;
			if (*t == '$')
			{
				size_t		tag = (size_t) (t - p + 1);
				const char *e = strstr(t + 1, orm_strndup(a, p, tag));

				p = e ? e + tag : p + strlen(p);
				continue;
			}
		}
		if (mo_ident_char(*p))
		{
			const char *w = p;
			size_t		n;

			while (*p && mo_ident_char(*p))
				p++;
			n = (size_t) (p - w);
			nwords++;
			if (nwords == 1)
				w1 = w, n1 = n;
			else if (nwords == 2)
				w2 = w, n2 = n;
			else if (nwords == 3)
				w3 = w, n3 = n;
			if (nwords <= 4 && w1 && mo_word_is(w1, n1, "CREATE"))
			{
				/* CREATE [OR REPLACE] FUNCTION / PROCEDURE, CREATE [TEMP] TRIGGER */
				const char *k = nwords == 2 ? w2 : nwords == 3 ? w3 : w;
				size_t		kn = nwords == 2 ? n2 : nwords == 3 ? n3 : n;

				if (nwords >= 2 &&
					(pg ? (mo_word_is(k, kn, "FUNCTION") || mo_word_is(k, kn, "PROCEDURE")) :
					 mo_word_is(k, kn, "TRIGGER")))
					routine = true;
			}
			if (routine && mo_word_is(w, n, "BEGIN"))
				depth++;
			else if (routine && depth > 0 && mo_word_is(w, n, "CASE"))
				depth++;
			else if (routine && depth > 0 && mo_word_is(w, n, "END"))
				depth--;
			continue;
		}
		if (*p == '(')
			paren++;
		else if (*p == ')' && paren > 0)
			paren--;
		else if (*p == ';' && paren == 0 && depth == 0)
		{
			if (content)
				orm_vec_push(a, out, orm_strndup(a, start, (size_t) (p - start)));
			start = p + 1;
			content = false;
			routine = false;
			nwords = 0;
			p++;
			continue;
		}
		p++;
	}
	if (content)
		orm_vec_push(a, out, orm_strdup(a, start));
}

/*
 * op.execute(sqltext): raw SQL the script's author wrote, with the caller's
 * rights.  Alembic hands the text to the driver: psycopg2 runs several
 * statements in one call, Python's sqlite3 only one ("You can only execute
 * one statement at a time") -- so here too.
 */
int
op_execute(MigOps *mo)
{
	const char *sql;
	OrmPtrVec	stmts = {0};
	int			i;

	if (mo_sql_text(mo, mo_arg(mo, 0, "sqltext", -1), "sqltext", &sql) < 0)
		return -1;
	mo_split_sql(mo->ctx->arena, sql, mo->ctx->dialect->mig->execute_multi, &stmts);
	if (stmts.n == 0)
		return mo_err(mo, NULL, "the SQL text is empty%s", "");
	if (stmts.n > 1 && !mo->ctx->dialect->mig->execute_multi)
	{
		mo_err(mo, NULL, "You can only execute one statement at a time%s", "");
		orm_err_hint(mo->ctx->err, "On SQLite, as with Alembic and Python's sqlite3, op.execute "
					 "runs one statement: write one op.execute per statement.");
		return -1;
	}
	for (i = 0; i < stmts.n; i++)
		if (mo_exec(mo, stmts.items[i]) < 0)
			return -1;
	return 0;
}

/* A Python literal as a bound parameter (None, str, int, float, bool). */
static int
mo_literal_param(MigOps *mo, const PyNode *v, OrmParam *p)
{
	memset(p, 0, sizeof(*p));
	v = mo_deref(mo, v);
	if (v->kind == PY_UNARY && v->op == '-' && v->a && (v->a->kind == PY_INT || v->a->kind == PY_FLOAT))
	{
		if (mo_literal_param(mo, v->a, p) < 0)
			return -1;
		if (p->kind == ORM_V_FLOAT)
			p->f = -p->f;
		else
			p->i = -p->i;
		return 0;
	}
	switch (v->kind)
	{
		case PY_NONE:
			p->kind = ORM_V_NULL;
			return 0;
		case PY_STR:
			p->kind = ORM_V_TEXT;
			p->s = v->str;
			p->len = v->len;
			return 0;
		case PY_INT:
			p->kind = ORM_V_INT;
			p->i = v->ival;
			return 0;
		case PY_FLOAT:
			p->kind = ORM_V_FLOAT;
			p->f = v->fval;
			return 0;
		case PY_TRUE:
		case PY_FALSE:
			p->kind = ORM_V_BOOL;
			p->i = v->kind == PY_TRUE;
			return 0;
		default:
			return mo_err(mo, v, "unsupported value \"%s\" (bulk_insert takes None, strings, "
						  "numbers and booleans)", mo_src(mo, v));
	}
}

/*
 * op.bulk_insert(sa.table("t", sa.column("a"), ...), [{"a": 1}, ...]): one
 * INSERT per row, every value bound, each cast to the live column's type.
 */
int
op_bulk_insert(MigOps *mo)
{
	const PyNode *tn = mo_deref(mo, mo_arg(mo, 0, "table", -1));
	const PyNode *rows = mo_deref(mo, mo_arg(mo, 1, "rows", -1));
	const char *table;
	MigTable   *mt;
	int			r,
				k;

	if (!tn || tn->kind != PY_CALL || !orm_streq(py_last_name(tn->a), "table") || tn->nitems < 1)
		return mo_err(mo, tn, "bulk_insert needs a %s", "sa.table(\"name\", sa.column(...), ...)");
	if (mo_str(mo, tn->items[0], "table name", &table) < 0)
		return -1;
	if (!rows || (rows->kind != PY_LIST && rows->kind != PY_TUPLE))
		return mo_err(mo, rows, "rows must be a list of %s", "dicts");
	if (mig_catalog_table(mo->ctx, table, &mt) < 0)
		return -1;
	if (!mt)
		return mo_err(mo, tn, "no such table: %s", table);
	for (r = 0; r < rows->nitems; r++)
	{
		const PyNode *d = mo_deref(mo, rows->items[r]);
		OrmParam   *ps;
		OrmBuf		sql,
					vals;

		if (d->kind != PY_DICT || d->op == PY_OP_IN)
			return mo_err(mo, d, "each row must be a dict of %s", "column: value");
		ps = ORM_NEWN(mo->ctx->arena, OrmParam, d->nitems + 1);
		orm_buf_init(&sql, mo->ctx->arena);
		orm_buf_init(&vals, mo->ctx->arena);
		orm_buf_puts(&sql, "INSERT INTO ");
		orm_quote_ident(&sql, table);
		orm_buf_puts(&sql, " (");
		for (k = 0; k < d->nitems; k++)
		{
			const char *cn;
			OrmColumn  *c;

			if (!d->items[k] || mo_str(mo, d->items[k], "column name", &cn) < 0)
				return d->items[k] ? -1 : mo_err(mo, d, "unsupported %s", "**row");
			if (!(c = orm_table_col(mt->t, cn)))
				return mo_err(mo, d->items[k], "no such column: %s", cn);
			if (mo_literal_param(mo, d->values[k], &ps[k]) < 0)
				return -1;
			if (k)
			{
				orm_buf_puts(&sql, ", ");
				orm_buf_puts(&vals, ", ");
			}
			orm_quote_ident(&sql, cn);
			mo->ctx->dialect->param(&vals, k + 1, ps[k].kind == ORM_V_TEXT ? &c->type : NULL);
		}
		orm_buf_printf(&sql, ") VALUES (%s)", orm_buf_cstr(&vals));
		if (orm_ctx_query(mo->ctx, orm_buf_cstr(&sql), d->nitems, ps, NULL) < 0)
			return -1;
	}
	return 0;
}

/* op.get_bind() alone: its value unused */
int
op_get_bind(MigOps *mo)
{
	(void) mo;
	return 0;
}
