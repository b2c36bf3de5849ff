/*
 * migrate_ops.h -- what the three files of a script body's operations share
 * (not an API; migrate_int.h is the migration modules' common header).
 *
 *   migrate_ops.c             errors, arguments, running SQL, SQLite's batch
 *                             copy-and-move, the body and its dispatch
 *                             (mig_run_body)
 *   migrate_ops_table.c       tables and columns: create / drop / rename
 *                             table, table comments, add / drop / alter column
 *   migrate_ops_cons.c        indexes, constraints, op.execute, bulk_insert
 */
#ifndef ORM_MIGRATE_OPS_H
#define ORM_MIGRATE_OPS_H

#include "schema/migrate_int.h"

/* A table being changed in a batch (SQLite's copy-and-move). */
typedef struct MigBatch
{
	const char *name;
	MigTable   *mt;				/* as read from the catalog, then changed */
	const char **src;			/* per column of mt->t: the old column to copy, or NULL */
	bool	   *cast;			/* per column: copied as CAST(old AS its new type) */
	OrmPtrVec	inplace;		/* ADD COLUMNs while no copy is needed (unused once
								 * recreate: the copy carries every column) */
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

/* ---- migrate_ops.c: errors, arguments, SQL, the batch ---- */
int mo_err(MigOps *mo, const PyNode *n, const char *fmt, const char *arg);
const char *mo_src(MigOps *mo, const PyNode *n);
const PyNode *mo_arg(MigOps *mo, int pos, const char *kw, int tpos);
const PyNode *mo_deref(MigOps *mo, const PyNode *n);
void mo_plain_names(PyNode *n, int depth);
int mo_str(MigOps *mo, const PyNode *n, const char *what, const char **out);
int mo_opt_str(MigOps *mo, const PyNode *n, const char *what, const char **out);
int mo_bool(MigOps *mo, const PyNode *n, bool dflt, bool *out);
int mo_str_list(MigOps *mo, const PyNode *n, const char *what, const char ***out, int *count);
int mo_exec(MigOps *mo, const char *sql);
void mo_table_name(OrmBuf *b, const char *schema, const char *name);
OrmBuf mo_alter(MigOps *mo, const char *schema, const char *table);
OrmBuf mo_add_constraint(MigOps *mo, const char *schema, const char *table, const char *name);
void mo_fk_stubs(MigOps *mo, OrmTable *t);
int mo_create_enums(MigOps *mo, const OrmTable *t);
int mo_create_enums_for_type(MigOps *mo, OrmColumn *c);
int mo_batch_for(MigOps *mo, const char *table, MigBatch **out);
int mo_col_index(const OrmTable *t, const char *name);
int mo_batch_done(MigOps *mo, MigBatch *b);
void mo_batch_drop_col(MigBatch *b, int i);

/* ---- migrate_ops_table.c: the operations on tables and columns ---- */
int mo_schema(MigOps *mo, const char **schema);
int op_create_table(MigOps *mo);
int op_create_table_comment(MigOps *mo);
int op_drop_table_comment(MigOps *mo);
int op_drop_table(MigOps *mo);
int op_rename_table(MigOps *mo);
int op_add_column(MigOps *mo);
int op_drop_column(MigOps *mo);
int op_alter_column(MigOps *mo);

/* ---- migrate_ops_cons.c: indexes, constraints, execute, bulk_insert ---- */
int op_create_index(MigOps *mo);
int op_drop_index(MigOps *mo);
int op_create_foreign_key(MigOps *mo);
int op_create_unique_constraint(MigOps *mo);
int op_create_primary_key(MigOps *mo);
int mo_sql_text(MigOps *mo, const PyNode *n, const char *what, const char **out);
int op_create_check_constraint(MigOps *mo);
int op_drop_constraint(MigOps *mo);
int op_execute(MigOps *mo);
int op_bulk_insert(MigOps *mo);
int op_get_bind(MigOps *mo);

#endif							/* ORM_MIGRATE_OPS_H */
