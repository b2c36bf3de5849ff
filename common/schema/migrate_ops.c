/*
 * migrate_ops.c -- the body of a migration script's upgrade() or downgrade():
 * op.* calls with sa.* arguments, run as SQL for the dialect.
 *
 * Owns: mig_run_body.  A body is a list of statements: op.<name>(...) calls
 * (the operations of alembic.op), docstrings and pass, local assignments
 * (t = sa.table(...) for bulk_insert, conn = op.get_bind(), an enum type),
 * and "with op.batch_alter_table(...) as batch_op:" blocks of
 * batch_op.<name>(...) calls.  Arguments are read
 * by declare.c's Table() reader (orm_declare_mig_*), statements are spelled
 * by ddl.c's pieces, so a column written in a script gets the DDL
 * create_all gives the same column.  What each operation emits is what
 * Alembic emits for it (PostgreSQL: ALTER TABLE ... ADD COLUMN / ALTER
 * COLUMN ... TYPE / SET NOT NULL / SET DEFAULT / RENAME, ADD CONSTRAINT,
 * CREATE [UNIQUE] INDEX, a native enum's CREATE TYPE before its table,
 * COMMENT ON for comment= and the table comment operations, ADD GENERATED /
 * SET ... / DROP IDENTITY for server_default=sa.Identity(...)).  op.execute
 * runs the caller's SQL as Alembic's drivers take it: several statements on
 * PostgreSQL (cut as psql cuts them), one on SQLite.
 *
 * SQLite cannot alter a column or a constraint in place; there an operation
 * that needs it (alter_column other than a rename, drop_column, the
 * constraint operations, an add_column with a constraint or a non-constant
 * default) runs as Alembic's batch_alter_table does: the table is read from
 * the catalog (migrate_catalog.c), changed in memory, created anew as
 * "_alembic_tmp_<name>", the rows copied (every column name quoted, CAST
 * where a type changed, generated columns left to be computed), the old
 * table dropped, the new one renamed, its indexes created again, and
 * PRAGMA foreign_key_check run on it.  A batch block applies all its
 * operations in one copy.  With foreign keys enforced a table other tables
 * refer to is not copied (dropping it would run their ON DELETE actions):
 * that is an error naming PRAGMA foreign_keys.
 *
 * Deliberate differences from Alembic: op.create_table creates a PostgreSQL
 * enum type only when it does not exist yet (Alembic raises DuplicateObject
 * on a table created again after a downgrade); an identity set on a column
 * that has one is changed with SET (Alembic's script, without
 * existing_server_default, tries ADD and fails); SQLite keeps no comments
 * and no identity, so those operations change nothing there.  Beyond op.*
 * calls a body may hold what Alembic's scripts are written with:
 * sa.Enum(...) / postgresql.ENUM(...) .create(op.get_bind()) / .drop(...)
 * (SQLAlchemy's CREATE / DROP TYPE, nothing on SQLite) and
 * op.get_bind().execute(sa.text(...)); other Python is an error.
 * Every statement runs with the caller's rights.
 *
 * Errors name the revision, the direction, the operation and its line in
 * the script ("revision 1a2b3c4d5e6f upgrade, op.create_index: ...").
 */
#include "schema/migrate_int.h"
#include "schema/ddl.h"

#include <stdio.h>
#include <string.h>

/* A table being changed in a batch (SQLite's copy-and-move). */
typedef struct MigBatch
{
	const char *name;
	MigTable   *mt;				/* as read from the catalog, then changed */
	const char **src;			/* per column of mt->t: the old column to copy, or NULL */
	bool	   *cast;			/* per column: copied as CAST(old AS its new type) */
	OrmPtrVec	after;			/* statements to run after the copy (new indexes) */
	bool		recreate;
	bool		renamed_only;	/* nothing but column renames so far */
} MigBatch;

typedef struct MigOps
{
	OrmCtx	   *ctx;
	const MigScript *s;
	bool		up;
	OrmRegistry *scratch;		/* arena for objects read from the script */
	const char *label;			/* the statement in errors when it is no op.* call */
	OrmPtrVec	var_names;		/* local assignments of the body */
	OrmPtrVec	var_values;
	MigBatch   *batch;			/* the open batch_alter_table block, or NULL */
	const char *batch_table;
	const char *batch_alias;	/* "batch_op" */
	const char *opname;
	const PyNode *call;
} MigOps;

/* ---- errors -------------------------------------------------------------------- */

static int
mo_fail(MigOps *mo)
{
	OrmError   *e = mo->ctx->err;
	char		msg[sizeof(e->message) + 600];

	if (e->code == ORM_OK)
		orm_err(e, ORM_ERR_INTERNAL, "failed without an error message");
	snprintf(msg, sizeof(msg), "revision %s %s, %s%s: %s", mo->s->revision,
			 mo->up ? "upgrade" : "downgrade", mo->label ? "" : mo->batch ? "batch_op." : "op.",
			 mo->label ? mo->label : mo->opname ? mo->opname : "?", e->message);
	memcpy(e->message, msg, sizeof(e->message) - 1);
	e->message[sizeof(e->message) - 1] = '\0';
	if (e->line == 0 && mo->call)
	{
		e->line = mo->call->line;
		e->col = mo->call->col;
	}
	return -1;
}

static int
mo_err(MigOps *mo, const PyNode *n, const char *fmt, const char *arg)
{
	const PyNode *at = n ? n : mo->call;

	orm_err_at(mo->ctx->err, ORM_ERR_PARAM, at ? at->line : 0, at ? at->col : 0, fmt,
			   arg ? arg : "");
	return -1;
}

static const char *
mo_src(MigOps *mo, const PyNode *n)
{
	if (n->src)
		return orm_strndup(mo->ctx->arena, n->src, n->srclen);
	return "?";
}

static int	mo_sql_text(MigOps *mo, const PyNode *n, const char *what, const char **out);

/* ---- arguments ------------------------------------------------------------------- */

/*
 * Argument pos (0-based, in op.<name>'s own signature) or keyword kw.  In a
 * batch block the table argument at position tpos is implied (batch_op's
 * signatures leave it out); tpos < 0: the operation has none.
 */
static const PyNode *
mo_arg(MigOps *mo, int pos, const char *kw, int tpos)
{
	const PyNode *c = mo->call;
	const PyNode *v;

	if (kw && (v = py_kwarg(c, kw)) != NULL)
		return v;
	if (mo->batch_table && tpos >= 0)
	{
		if (pos == tpos)
		{
			PyNode	   *t = ORM_NEW(mo->ctx->arena, PyNode);

			t->kind = PY_STR;
			t->str = mo->batch_table;
			t->len = strlen(mo->batch_table);
			t->line = c->line;
			t->col = c->col;
			return t;
		}
		if (pos > tpos)
			pos--;
	}
	if (pos >= 0 && pos < c->nitems && c->items[pos]->kind != PY_STARRED)
		return c->items[pos];
	return NULL;
}

/* A local variable's value, or n itself. */
static const PyNode *
mo_deref(MigOps *mo, const PyNode *n)
{
	int			i;

	if (n && n->kind == PY_NAME)
		for (i = mo->var_names.n - 1; i >= 0; i--)
			if (strcmp(mo->var_names.items[i], n->str) == 0)
				return mo->var_values.items[i];
	return n;
}

/* op.f('name') / sa.schema.conv('name') -> 'name' */
static const PyNode *
mo_unwrap_name(const PyNode *n)
{
	if (n && n->kind == PY_CALL && n->nitems == 1 && n->nkw == 0 &&
		(orm_streq(py_last_name(n->a), "f") || orm_streq(py_last_name(n->a), "conv")))
		return n->items[0];
	return n;
}

/*
 * name=op.f('x') anywhere inside a column or constraint -> name='x', so the
 * declaration reader takes it as the literal name it is (op.f() marks a name
 * a naming convention made; in a script it is final).  Depth-limited walk.
 */
static void
mo_plain_names(PyNode *n, int depth)
{
	int			k;

	if (!n || n->kind != PY_CALL || depth > 8)
		return;
	for (k = 0; k < n->nkw; k++)
	{
		if (n->kwnames[k] && strcmp(n->kwnames[k], "name") == 0)
			n->kwvalues[k] = (PyNode *) mo_unwrap_name(n->kwvalues[k]);
		mo_plain_names(n->kwvalues[k], depth + 1);
	}
	for (k = 0; k < n->nitems; k++)
		mo_plain_names(n->items[k], depth + 1);
}

/* A required string argument. */
static int
mo_str(MigOps *mo, const PyNode *n, const char *what, const char **out)
{
	n = mo_unwrap_name(mo_deref(mo, n));
	if (!n)
		return mo_err(mo, NULL, "missing argument %s", what);
	if (n->kind != PY_STR)
		return mo_err(mo, n, "%s must be a string", what);
	if (memchr(n->str, '\0', n->len))
		return mo_err(mo, n, "%s must not contain a NUL character", what);
	*out = orm_strndup(mo->ctx->arena, n->str, n->len);
	return 0;
}

/* An optional string argument: NULL when absent or None. */
static int
mo_opt_str(MigOps *mo, const PyNode *n, const char *what, const char **out)
{
	*out = NULL;
	n = mo_unwrap_name(mo_deref(mo, n));
	if (!n || n->kind == PY_NONE)
		return 0;
	return mo_str(mo, n, what, out);
}

static int
mo_bool(MigOps *mo, const PyNode *n, bool dflt, bool *out)
{
	n = mo_deref(mo, n);
	*out = dflt;
	if (!n || n->kind == PY_NONE)
		return 0;
	if (n->kind == PY_TRUE || n->kind == PY_FALSE)
	{
		*out = n->kind == PY_TRUE;
		return 0;
	}
	if (n->kind == PY_INT)
	{
		/* Python's truth of an int (autogenerate writes unique=1 for a SQLite index) */
		*out = n->ival != 0;
		return 0;
	}
	return mo_err(mo, n, "expected True or False, got %s", mo_src(mo, n));
}

/* ["a", "b"] / ("a",) -> names */
static int
mo_str_list(MigOps *mo, const PyNode *n, const char *what, const char ***out, int *count)
{
	int			i;

	n = mo_deref(mo, n);
	if (!n)
		return mo_err(mo, NULL, "missing argument %s", what);
	if (n->kind == PY_STR)
	{
		*out = ORM_NEWN(mo->ctx->arena, const char *, 1);
		*count = 1;
		return mo_str(mo, n, what, &(*out)[0]);
	}
	if (n->kind != PY_LIST && n->kind != PY_TUPLE)
		return mo_err(mo, n, "%s must be a list of names", what);
	*out = ORM_NEWN(mo->ctx->arena, const char *, n->nitems + 1);
	*count = n->nitems;
	for (i = 0; i < n->nitems; i++)
		if (mo_str(mo, n->items[i], what, &(*out)[i]) < 0)
			return -1;
	if (n->nitems == 0)
		return mo_err(mo, n, "%s must not be empty", what);
	return 0;
}

/* ---- running SQL -------------------------------------------------------------------- */

static int
mo_exec(MigOps *mo, const char *sql)
{
	return orm_ctx_query(mo->ctx, sql, 0, NULL, NULL);
}

static void
mo_table_name(OrmBuf *b, const char *schema, const char *name)
{
	if (schema)
	{
		orm_quote_ident(b, schema);
		orm_buf_putc(b, '.');
	}
	orm_quote_ident(b, name);
}

static OrmBuf
mo_alter(MigOps *mo, const char *schema, const char *table)
{
	OrmBuf		b;

	orm_buf_init(&b, mo->ctx->arena);
	orm_buf_puts(&b, "ALTER TABLE ");
	mo_table_name(&b, schema, table);
	orm_buf_putc(&b, ' ');
	return b;
}

/* The foreign keys of t, read from the script, point at stub tables by name. */
static void
mo_fk_stubs(MigOps *mo, OrmTable *t)
{
	OrmArena   *a = mo->ctx->arena;
	int			i;

	for (i = 0; i < t->ncols; i++)
	{
		OrmForeignKey *f = t->cols[i]->fk;
		const char *dot;
		OrmTable   *rt;
		OrmColumn  *rc;

		if (!f || f->ref_col || !f->target)
			continue;
		dot = strrchr(f->target, '.');
		rt = ORM_NEW(a, OrmTable);
		rc = ORM_NEW(a, OrmColumn);
		if (dot)
		{
			const char *tn = orm_strndup(a, f->target, (size_t) (dot - f->target));
			const char *sdot = strrchr(tn, '.');

			rt->name = sdot ? sdot + 1 : tn;
			rt->schema = sdot ? orm_strndup(a, tn, (size_t) (sdot - tn)) : t->schema;
			rc->name = dot + 1;
		}
		else
		{
			rt->name = f->target;
			rc->name = "id";
		}
		rc->table = rt;
		f->ref_table = rt;
		f->ref_col = rc;
	}
}

/* CREATE TYPE for the native enum types of t that do not exist yet (PostgreSQL). */
static int
mo_create_enums(MigOps *mo, const OrmTable *t)
{
	OrmPtrVec	enums = {0};
	int			i;

	orm_ddl_table_enums(mo->ctx, t, &enums);
	for (i = 0; i < enums.n; i++)
	{
		const OrmType *ty = enums.items[i];
		OrmParam	p;
		OrmRows		rows;
		OrmBuf		b;

		if (!ty->enm || !ty->enum_type_name)
			continue;
		if (mo->ctx->dialect->enum_exists_sql)
		{
			memset(&p, 0, sizeof(p));
			p.kind = ORM_V_TEXT;
			p.s = ty->enum_type_name;
			p.len = strlen(p.s);
			if (orm_ctx_query(mo->ctx, mo->ctx->dialect->enum_exists_sql, 1, &p, &rows) < 0)
				return -1;
			if (rows.nrows > 0)
				continue;
		}
		orm_buf_init(&b, mo->ctx->arena);
		orm_ddl_enum_sql(ty, &b);
		if (mo_exec(mo, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	return 0;
}

/* CREATE TYPE for a column's native enum type (alter_column type_=). */
static int
mo_create_enums_for_type(MigOps *mo, OrmColumn *c)
{
	OrmTable	t;
	OrmColumn  *cols[1];

	memset(&t, 0, sizeof(t));
	cols[0] = c;
	t.ncols = 1;
	t.cols = cols;
	return mo_create_enums(mo, &t);
}

/* ---- SQLite's batch: copy and move -------------------------------------------------------- */

static int
mo_batch_open(MigOps *mo, const char *table, MigBatch **out)
{
	MigBatch   *b;
	MigTable   *mt;
	int			i;

	{
		const PyNode *sn = mo_deref(mo, py_kwarg(mo->call, "schema"));

		if (sn && sn->kind != PY_NONE)
			return mo_err(mo, sn, "SQLite cannot alter this in place, and a copy-and-move batch of a "
						  "table in another schema (an attached database) is not supported: table %s", table);
	}
	if (mig_catalog_table(mo->ctx, table, &mt) < 0)
		return -1;
	if (!mt)
		return mo_err(mo, NULL, "no such table: %s", table);
	b = ORM_NEW(mo->ctx->arena, MigBatch);
	b->name = table;
	b->mt = mt;
	b->renamed_only = true;
	b->src = ORM_NEWN(mo->ctx->arena, const char *, mt->t->ncols + 1);
	b->cast = ORM_NEWN(mo->ctx->arena, bool, mt->t->ncols + 1);
	for (i = 0; i < mt->t->ncols; i++)
		b->src[i] = mt->t->cols[i]->name;
	*out = b;
	return 0;
}

/* The batch's table: the open block's, or a batch of one operation. */
static int
mo_batch_for(MigOps *mo, const char *table, MigBatch **out)
{
	if (mo->batch)
	{
		*out = mo->batch;
		return 0;
	}
	return mo_batch_open(mo, table, out);
}

static int
mo_col_index(const OrmTable *t, const char *name)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i]->name, name) == 0)
			return i;
	return -1;
}

/* The CREATE TABLE of a batch's table under another name. */
static void
mo_batch_create_sql(MigOps *mo, MigBatch *b, const char *name, OrmBuf *out)
{
	OrmTable   *t = b->mt->t;
	OrmTable	copy = *t;

	copy.name = name;
	copy.schema = NULL;
	orm_ddl_create_table_sql(mo->ctx, &copy, out);
}

/* Would dropping table run other tables' ON DELETE actions or fail their keys? */
static int
mo_batch_fk_guard(MigOps *mo, const char *table)
{
	const OrmMigDialect *md = mo->ctx->dialect->mig;
	OrmRows		rows;
	OrmParam	p;

	if (!md->fk_enforced_sql || !md->referencing_sql)
		return 0;
	if (orm_ctx_query(mo->ctx, md->fk_enforced_sql, 0, NULL, &rows) < 0)
		return -1;
	if (rows.nrows == 0 || rows.values[0].kind != ORM_V_INT || rows.values[0].i == 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p.kind = ORM_V_TEXT;
	p.s = table;
	p.len = strlen(table);
	if (orm_ctx_query(mo->ctx, md->referencing_sql, 1, &p, &rows) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	orm_err(mo->ctx->err, ORM_ERR_UNSUPPORTED,
			"table %s must be copied to change it, and other tables refer to it while "
			"foreign keys are enforced", table);
	orm_err_hint(mo->ctx->err, "Run PRAGMA foreign_keys = OFF before the upgrade (it cannot be "
				 "changed inside a transaction); the copy checks the keys afterwards with "
				 "PRAGMA foreign_key_check.");
	return -1;
}

/* The copy: new table, rows, drop, rename, indexes, key check. */
static int
mo_batch_run(MigOps *mo, MigBatch *b)
{
	OrmCtx	   *ctx = mo->ctx;
	OrmTable   *t = b->mt->t;
	const char *tmp = orm_sprintf(ctx->arena, "_alembic_tmp_%s", b->name);
	OrmBuf		sql,
				cols,
				exprs;
	int			i,
				n = 0;

	if (!b->recreate)
	{
		for (i = 0; i < b->after.n; i++)
			if (mo_exec(mo, b->after.items[i]) < 0)
				return -1;
		return 0;
	}
	if (mo_batch_fk_guard(mo, b->name) < 0)
		return -1;
	orm_buf_init(&sql, ctx->arena);
	mo_batch_create_sql(mo, b, tmp, &sql);
	if (mo_exec(mo, orm_buf_cstr(&sql)) < 0)
		return -1;
	orm_buf_init(&cols, ctx->arena);
	orm_buf_init(&exprs, ctx->arena);
	for (i = 0; i < t->ncols; i++)
	{
		/* a new column takes its default; a generated one is computed */
		if (!b->src[i] || t->cols[i]->computed)
			continue;
		if (n++)
		{
			orm_buf_puts(&cols, ", ");
			orm_buf_puts(&exprs, ", ");
		}
		orm_quote_ident(&cols, t->cols[i]->name);
		if (b->cast[i])
		{
			/* CAST where the type changed, as Alembic's batch copy does */
			orm_buf_puts(&exprs, "CAST(");
			orm_quote_ident(&exprs, b->src[i]);
			orm_buf_puts(&exprs, " AS ");
			orm_ddl_type_sql(ctx, t->cols[i], &exprs);
			orm_buf_putc(&exprs, ')');
		}
		else
			orm_quote_ident(&exprs, b->src[i]);
	}
	if (n > 0)
	{
		orm_buf_init(&sql, ctx->arena);
		orm_buf_puts(&sql, "INSERT INTO ");
		orm_quote_ident(&sql, tmp);
		orm_buf_printf(&sql, " (%s) SELECT %s FROM ", orm_buf_cstr(&cols), orm_buf_cstr(&exprs));
		orm_quote_ident(&sql, b->name);
		if (mo_exec(mo, orm_buf_cstr(&sql)) < 0)
			return -1;
	}
	orm_buf_init(&sql, ctx->arena);
	orm_buf_puts(&sql, "DROP TABLE ");
	orm_quote_ident(&sql, b->name);
	if (mo_exec(mo, orm_buf_cstr(&sql)) < 0)
		return -1;
	orm_buf_init(&sql, ctx->arena);
	orm_buf_puts(&sql, "ALTER TABLE ");
	orm_quote_ident(&sql, tmp);
	orm_buf_puts(&sql, " RENAME TO ");
	orm_quote_ident(&sql, b->name);
	if (mo_exec(mo, orm_buf_cstr(&sql)) < 0)
		return -1;
	t->name = b->name;
	for (i = 0; i < t->indexes.n; i++)
	{
		orm_buf_init(&sql, ctx->arena);
		orm_ddl_index_sql(ctx, t, t->indexes.items[i], &sql);
		if (mo_exec(mo, orm_buf_cstr(&sql)) < 0)
			return -1;
	}
	for (i = 0; i < b->mt->raw_indexes.n; i++)
		if (mo_exec(mo, b->mt->raw_indexes.items[i]) < 0)
			return -1;
	for (i = 0; i < b->after.n; i++)
		if (mo_exec(mo, b->after.items[i]) < 0)
			return -1;
	if (ctx->dialect->mig->fk_check_sql)
	{
		OrmParam	p;
		OrmRows		rows;

		memset(&p, 0, sizeof(p));
		p.kind = ORM_V_TEXT;
		p.s = b->name;
		p.len = strlen(b->name);
		if (orm_ctx_query(ctx, ctx->dialect->mig->fk_check_sql, 1, &p, &rows) < 0)
			return -1;
		if (rows.nrows > 0)
			return orm_err(ctx->err, ORM_ERR_FOREIGN_KEY,
						   "FOREIGN KEY constraint failed: %d row(s) of %s refer to no row after the copy",
						   rows.nrows, b->name);
	}
	return 0;
}

/* Ends a batch of one operation (outside a block). */
static int
mo_batch_done(MigOps *mo, MigBatch *b)
{
	if (mo->batch == b)
		return 0;
	return mo_batch_run(mo, b);
}

/* Removes column i from the batch's table, with the indexes and constraints on it. */
static void
mo_batch_drop_col(MigBatch *b, int i)
{
	OrmTable   *t = b->mt->t;
	OrmColumn  *c = t->cols[i];
	int			j,
				k;

	for (j = i; j < t->ncols - 1; j++)
	{
		t->cols[j] = t->cols[j + 1];
		t->cols[j]->pos = j;
		b->src[j] = b->src[j + 1];
		b->cast[j] = b->cast[j + 1];
	}
	t->ncols--;
	for (j = k = 0; j < t->npk; j++)
		if (t->pk[j] != c)
			t->pk[k++] = t->pk[j];
	t->npk = k;
	for (j = k = 0; j < t->indexes.n; j++)
	{
		OrmIndex   *ix = t->indexes.items[j];
		bool		uses = false;

		for (int m = 0; m < ix->ncols; m++)
			uses |= ix->cols[m] == c;
		if (!uses)
			t->indexes.items[k++] = ix;
	}
	t->indexes.n = k;
	for (j = k = 0; j < t->uniques.n; j++)
	{
		OrmUnique  *u = t->uniques.items[j];
		bool		uses = false;

		for (int m = 0; m < u->ncols; m++)
			uses |= u->cols[m] == c;
		if (!uses)
			t->uniques.items[k++] = u;
	}
	t->uniques.n = k;
}

/* ---- the operations -------------------------------------------------------------------- */

static int
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
static int
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
static int
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
static int
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
static int
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
static int
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
static int
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
			orm_vec_push(mo->ctx->arena, &bt->after, (void *) orm_buf_cstr(&b));
		}
		else
			bt->after.n = 0;	/* the copy carries every column */
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

static int
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
		bt->after.n = 0;
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
static int
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

/* op.create_index(name, table, columns, unique=False, schema=None) */
static int
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
static int
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
	int			i,
				maxseq = 0;

	if (mo_batch_for(mo, table, &bt) < 0)
		return -1;
	t = bt->mt->t;
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->fk && t->cols[i]->fk->seq > maxseq)
			maxseq = t->cols[i]->fk->seq;
	for (i = 0; i < t->uniques.n; i++)
		if (((OrmUnique *) t->uniques.items[i])->seq > maxseq)
			maxseq = ((OrmUnique *) t->uniques.items[i])->seq;
	for (i = 0; i < t->checks.n; i++)
		if (((OrmCheck *) t->checks.items[i])->seq > maxseq)
			maxseq = ((OrmCheck *) t->checks.items[i])->seq;
	if (orm_declare_mig_table_item(mo->scratch, mo->s->source, t, item, maxseq + 1,
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
	bt->after.n = 0;
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
static int
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
	b = mo_alter(mo, sschema, src);
	orm_buf_puts(&b, "ADD ");
	if (name)
	{
		orm_buf_puts(&b, "CONSTRAINT ");
		orm_quote_ident(&b, name);
		orm_buf_putc(&b, ' ');
	}
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

/* op.create_unique_constraint(name, table, columns, schema=None) */
static int
op_create_unique_constraint(MigOps *mo)
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
		int			i;

		for (i = 0; i < n; i++)
			items[i] = mo_str_node(mo, cols[i]);
		return mo_batch_constraint(mo, table, mo_synth_call(mo, "UniqueConstraint", items, n, name));
	}
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "ADD ");
	if (name)
	{
		orm_buf_puts(&b, "CONSTRAINT ");
		orm_quote_ident(&b, name);
		orm_buf_putc(&b, ' ');
	}
	orm_buf_puts(&b, "UNIQUE ");
	mo_col_list(&b, cols, n);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* op.create_primary_key(name, table, columns, schema=None) */
static int
op_create_primary_key(MigOps *mo)
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
		int			i;

		for (i = 0; i < n; i++)
			items[i] = mo_str_node(mo, cols[i]);
		return mo_batch_constraint(mo, table,
								   mo_synth_call(mo, "PrimaryKeyConstraint", items, n, name));
	}
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "ADD ");
	if (name)
	{
		orm_buf_puts(&b, "CONSTRAINT ");
		orm_quote_ident(&b, name);
		orm_buf_putc(&b, ' ');
	}
	orm_buf_puts(&b, "PRIMARY KEY ");
	mo_col_list(&b, cols, n);
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* The SQL text of a CHECK condition: a string or sa.text("..."). */
static int
mo_sql_text(MigOps *mo, const PyNode *n, const char *what, const char **out)
{
	n = mo_deref(mo, n);
	if (n && n->kind == PY_CALL && n->nitems == 1 &&
		(orm_streq(py_last_name(n->a), "text") || orm_streq(py_last_name(n->a), "literal_column")))
		n = n->items[0];
	return mo_str(mo, n, what, out);
}

/* op.create_check_constraint(name, table, condition, schema=None) */
static int
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
	b = mo_alter(mo, schema, table);
	orm_buf_puts(&b, "ADD ");
	if (name)
	{
		orm_buf_puts(&b, "CONSTRAINT ");
		orm_quote_ident(&b, name);
		orm_buf_putc(&b, ' ');
	}
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
static int
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
		bt->after.n = 0;
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
static int
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
static int
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
static int
op_get_bind(MigOps *mo)
{
	(void) mo;
	return 0;
}

/* ---- the body ----------------------------------------------------------------------------- */

typedef struct MoOp
{
	const char *name;
	int			(*fn) (MigOps *mo);
} MoOp;

static const MoOp mo_ops[] = {
	{"create_table", op_create_table},
	{"drop_table", op_drop_table},
	{"rename_table", op_rename_table},
	{"add_column", op_add_column},
	{"drop_column", op_drop_column},
	{"alter_column", op_alter_column},
	{"create_index", op_create_index},
	{"drop_index", op_drop_index},
	{"create_foreign_key", op_create_foreign_key},
	{"create_unique_constraint", op_create_unique_constraint},
	{"create_primary_key", op_create_primary_key},
	{"create_check_constraint", op_create_check_constraint},
	{"drop_constraint", op_drop_constraint},
	{"execute", op_execute},
	{"create_table_comment", op_create_table_comment},
	{"drop_table_comment", op_drop_table_comment},
	{"bulk_insert", op_bulk_insert},
	{"get_bind", op_get_bind},
	{NULL, NULL}
};

static int	mo_body(MigOps *mo, PyStmt *const *body, int n);

/* with op.batch_alter_table("t", schema=None) as batch_op: ... */
static int
mo_batch_block(MigOps *mo, const PyStmt *st)
{
	const PyNode *c = st->value;
	const char *table;
	MigBatch   *bt = NULL;
	int			rc;

	mo->call = c;
	mo->opname = "batch_alter_table";
	if (mo->batch_table)
		return mo_err(mo, c, "batch_alter_table blocks do not nest%s", "");
	if (mo_str(mo, mo_arg(mo, 0, "table_name", -1), "table_name", &table) < 0)
		return mo_fail(mo);
	if (!st->target || st->target->kind != PY_NAME)
		return mo_err(mo, c, "write: with op.batch_alter_table(...) as %s:", "batch_op");
	if (mo->ctx->dialect->mig->batch_alter && mo_batch_open(mo, table, &bt) < 0)
		return mo_fail(mo);
	mo->batch = bt;
	mo->batch_table = table;
	mo->batch_alias = st->target->str;
	rc = mo_body(mo, st->body, st->nbody);
	mo->batch = NULL;
	mo->batch_table = NULL;
	mo->batch_alias = NULL;
	if (rc < 0)
		return -1;
	if (bt)
	{
		mo->call = c;
		mo->opname = "batch_alter_table";
		if (mo_batch_run(mo, bt) < 0)
			return mo_fail(mo);
	}
	return 0;
}

/* Is n op.get_bind() (or a local variable holding it)? */
static bool
mo_is_bind(MigOps *mo, const PyNode *n)
{
	n = mo_deref(mo, n);
	return n && n->kind == PY_CALL && n->nitems == 0 && n->nkw == 0 && n->a &&
		n->a->kind == PY_ATTR && orm_streq(n->a->str, "get_bind") && n->a->a &&
		n->a->a->kind == PY_NAME && strcmp(n->a->a->str, "op") == 0;
}

/*
 * sa.Enum(...).create(op.get_bind(), checkfirst=False) / .drop(...), and
 * postgresql.ENUM's (checkfirst=True by default): SQLAlchemy's CREATE TYPE /
 * DROP TYPE of a native enum; nothing where enums are not native (SQLite,
 * native_enum=False), as SQLAlchemy.
 */
static int
mo_enum_ddl(MigOps *mo, const PyNode *call, const PyNode *en, bool create)
{
	const PyNode *bind = mo_arg(mo, 0, "bind", -1),
			   *cf = py_kwarg(call, "checkfirst");
	bool		checkfirst = orm_streq(py_last_name(en->a), "ENUM"),
				exists = false;
	OrmType		ty;
	OrmBuf		b;

	if (!bind || !mo_is_bind(mo, bind))
		return mo_err(mo, bind ? bind : call, "%s() needs op.get_bind() as its bind", create ? "create" : "drop");
	if (cf && cf->kind != PY_TRUE && cf->kind != PY_FALSE)
		return mo_err(mo, cf, "checkfirst must be True or False%s", "");
	if (cf)
		checkfirst = cf->kind == PY_TRUE;
	if (py_kwarg(en, "schema"))
		return mo_err(mo, py_kwarg(en, "schema"), "an enum type in another schema (schema=) is not supported%s",
					  "");
	memset(&ty, 0, sizeof(ty));
	if (orm_declare_mig_type(mo->scratch, mo->s->source, en, &ty, mo->ctx->err) < 0)
		return -1;
	if (ty.kind != ORM_T_ENUM || !mo->ctx->dialect->native_enum || !ty.native_enum)
		return 0;
	if (!ty.enum_type_name)
		return mo_err(mo, en, "PostgreSQL ENUM type requires a name.%s", "");
	if (checkfirst && mo->ctx->dialect->enum_exists_sql)
	{
		OrmParam	p;
		OrmRows		rows;

		memset(&p, 0, sizeof(p));
		p.kind = ORM_V_TEXT;
		p.s = ty.enum_type_name;
		p.len = strlen(p.s);
		if (orm_ctx_query(mo->ctx, mo->ctx->dialect->enum_exists_sql, 1, &p, &rows) < 0)
			return -1;
		exists = rows.nrows > 0;
		if (exists == create)
			return 0;
	}
	orm_buf_init(&b, mo->ctx->arena);
	if (!create)
	{
		orm_buf_puts(&b, "DROP TYPE ");
		orm_quote_ident(&b, ty.enum_type_name);
	}
	else if (ty.enm && ty.enm->n > 0)
		orm_ddl_enum_sql(&ty, &b);
	else
	{
		orm_buf_puts(&b, "CREATE TYPE ");
		orm_quote_ident(&b, ty.enum_type_name);
		orm_buf_puts(&b, " AS ENUM ()");
	}
	return mo_exec(mo, orm_buf_cstr(&b));
}

/* One op.<name>(...) / batch_op.<name>(...) call. */
static int
mo_call(MigOps *mo, const PyNode *call)
{
	const PyNode *fn = call->a;
	const char *owner = fn && fn->kind == PY_ATTR && fn->a && fn->a->kind == PY_NAME ?
		fn->a->str : NULL;
	const MoOp *op;

	mo->call = call;
	mo->opname = fn && fn->kind == PY_ATTR ? fn->str : NULL;
	mo->label = NULL;
	if (fn && fn->kind == PY_ATTR && (orm_streq(fn->str, "create") || orm_streq(fn->str, "drop")))
	{
		const PyNode *en = mo_deref(mo, fn->a);

		if (en && en->kind == PY_CALL && en->a &&
			(orm_streq(py_last_name(en->a), "Enum") || orm_streq(py_last_name(en->a), "ENUM")))
		{
			mo->label = orm_streq(py_last_name(en->a), "ENUM") ? (fn->str[0] == 'c' ? "ENUM.create" : "ENUM.drop")
				: (fn->str[0] == 'c' ? "Enum.create" : "Enum.drop");
			if (mo_enum_ddl(mo, call, en, fn->str[0] == 'c') < 0)
				return mo_fail(mo);
			mo->label = NULL;
			return 0;
		}
	}
	if (fn && fn->kind == PY_ATTR && orm_streq(fn->str, "execute") && mo_is_bind(mo, fn->a))
	{
		/* op.get_bind().execute(sa.text("...")): what op.execute runs */
		mo->label = "get_bind().execute";
		if (call->nitems > 1 || call->nkw > 0)
		{
			mo_err(mo, call, "parameters of Connection.execute() are not supported: write the values in "
				   "the SQL text, or use op.bulk_insert%s", "");
			return mo_fail(mo);
		}
		if (op_execute(mo) < 0)
			return mo_fail(mo);
		mo->label = NULL;
		return 0;
	}
	if (!owner || !(strcmp(owner, "op") == 0 || orm_streq(owner, mo->batch_alias)))
	{
		mo->opname = NULL;
		orm_err_at(mo->ctx->err, ORM_ERR_UNSUPPORTED, call->line, call->col,
				   "revision %s: unsupported statement \"%s\": a migration runs op.* calls",
				   mo->s->revision, mo_src(mo, call));
		return -1;
	}
	for (op = mo_ops; op->name; op++)
		if (strcmp(op->name, fn->str) == 0)
			break;
	if (!op->name)
	{
		mo_err(mo, call, "unsupported operation%s", "");
		return mo_fail(mo);
	}
	if (op->fn(mo) < 0)
		return mo_fail(mo);
	return 0;
}

static int
mo_body(MigOps *mo, PyStmt *const *body, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		const PyStmt *st = body[i];

		switch (st->kind)
		{
			case PYS_PASS:
			case PYS_IMPORT:
				continue;
			case PYS_EXPR:
				if (st->value->kind == PY_STR || st->value->kind == PY_ELLIPSIS)
					continue;	/* a docstring */
				if (st->value->kind != PY_CALL)
					break;
				if (mo_call(mo, st->value) < 0)
					return -1;
				continue;
			case PYS_ASSIGN:
				if (st->target && st->target->kind == PY_NAME && st->ntargets == 1)
				{
					orm_vec_push(mo->ctx->arena, &mo->var_names, (void *) st->target->str);
					orm_vec_push(mo->ctx->arena, &mo->var_values, st->value);
					continue;
				}
				break;
			case PYS_IF:
				if (st->name && strcmp(st->name, "with") == 0 && st->value &&
					st->value->kind == PY_CALL && st->value->a &&
					orm_streq(py_last_name(st->value->a), "batch_alter_table"))
				{
					if (mo_batch_block(mo, st) < 0)
						return -1;
					continue;
				}
				break;
			default:
				break;
		}
		mo->opname = NULL;
		orm_err_at(mo->ctx->err, ORM_ERR_UNSUPPORTED, st->line, st->col,
				   "revision %s: unsupported statement in %s(): a migration runs op.* calls",
				   mo->s->revision, mo->up ? "upgrade" : "downgrade");
		return -1;
	}
	return 0;
}

int
mig_run_body(OrmCtx *ctx, const MigScript *s, bool up)
{
	MigOps		mo;
	const PyStmt *def = up ? s->upgrade : s->downgrade;

	memset(&mo, 0, sizeof(mo));
	mo.ctx = ctx;
	mo.s = s;
	mo.up = up;
	mo.scratch = orm_registry_new(ctx->arena);
	if (!def)
		return orm_err(ctx->err, ORM_ERR_PARAM, "revision %s has no %s()", s->revision,
					   up ? "upgrade" : "downgrade");
	return mo_body(&mo, def->body, def->nbody);
}
