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
 * that has none is added with ADD (Alembic, without existing_server_default,
 * SETs the options and fails; on a column that has one both SET the options
 * given, and GENERATED only for always=True); SQLite keeps no comments
 * and no identity, so those operations change nothing there.  Beyond op.*
 * calls a body may hold what Alembic's scripts are written with:
 * sa.Enum(...) / postgresql.ENUM(...) .create(op.get_bind()) / .drop(...)
 * (SQLAlchemy's CREATE / DROP TYPE, nothing on SQLite) and
 * op.get_bind().execute(sa.text(...)); other Python is an error.
 * Every statement runs with the caller's rights.
 *
 * Errors name the revision, the direction, the operation and its line in
 * the script ("revision 1a2b3c4d5e6f upgrade, op.create_index: ...").
 *
 * The operations themselves are migrate_ops_table.c's (tables, columns) and
 * migrate_ops_cons.c's (indexes, constraints, execute, bulk_insert);
 * migrate_ops.h is what the three share.
 */
#include "schema/migrate_ops.h"
#include "schema/ddl.h"

#include <stdio.h>
#include <string.h>

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

int
mo_err(MigOps *mo, const PyNode *n, const char *fmt, const char *arg)
{
	const PyNode *at = n ? n : mo->call;

	orm_err_at(mo->ctx->err, ORM_ERR_PARAM, at ? at->line : 0, at ? at->col : 0, fmt,
			   arg ? arg : "");
	return -1;
}

const char *
mo_src(MigOps *mo, const PyNode *n)
{
	if (n->src)
		return orm_strndup(mo->ctx->arena, n->src, n->srclen);
	return "?";
}


/* ---- arguments ------------------------------------------------------------------- */

/*
 * Argument pos (0-based, in op.<name>'s own signature) or keyword kw.  In a
 * batch block the table argument at position tpos is implied (batch_op's
 * signatures leave it out); tpos < 0: the operation has none.
 */
const PyNode *
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
const PyNode *
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
void
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
int
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
int
mo_opt_str(MigOps *mo, const PyNode *n, const char *what, const char **out)
{
	*out = NULL;
	n = mo_unwrap_name(mo_deref(mo, n));
	if (!n || n->kind == PY_NONE)
		return 0;
	return mo_str(mo, n, what, out);
}

int
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
int
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

int
mo_exec(MigOps *mo, const char *sql)
{
	return orm_ctx_query(mo->ctx, sql, 0, NULL, NULL);
}

void
mo_table_name(OrmBuf *b, const char *schema, const char *name)
{
	if (schema)
	{
		orm_quote_ident(b, schema);
		orm_buf_putc(b, '.');
	}
	orm_quote_ident(b, name);
}

OrmBuf
mo_alter(MigOps *mo, const char *schema, const char *table)
{
	OrmBuf		b;

	orm_buf_init(&b, mo->ctx->arena);
	orm_buf_puts(&b, "ALTER TABLE ");
	mo_table_name(&b, schema, table);
	orm_buf_putc(&b, ' ');
	return b;
}

/* ALTER TABLE t ADD [CONSTRAINT "name" ]: the start of an op that adds a constraint. */
OrmBuf
mo_add_constraint(MigOps *mo, const char *schema, const char *table, const char *name)
{
	OrmBuf		b = mo_alter(mo, schema, table);

	orm_buf_puts(&b, "ADD ");
	if (name)
	{
		orm_buf_puts(&b, "CONSTRAINT ");
		orm_quote_ident(&b, name);
		orm_buf_putc(&b, ' ');
	}
	return b;
}

/* The foreign keys of t, read from the script, point at stub tables by name. */
void
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
			/* "parent.id" is the default schema's table, as SQLAlchemy reads it */
			rt->schema = sdot ? orm_strndup(a, tn, (size_t) (sdot - tn)) : NULL;
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
int
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
int
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
int
mo_batch_for(MigOps *mo, const char *table, MigBatch **out)
{
	if (mo->batch)
	{
		*out = mo->batch;
		return 0;
	}
	return mo_batch_open(mo, table, out);
}

int
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
		for (i = 0; i < b->inplace.n; i++)
			if (mo_exec(mo, b->inplace.items[i]) < 0)
				return -1;
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
int
mo_batch_done(MigOps *mo, MigBatch *b)
{
	if (mo->batch == b)
		return 0;
	return mo_batch_run(mo, b);
}

/* Removes column i from the batch's table, with the indexes and constraints on it. */
void
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
