/*
 * dialect.h -- how SQL is spelled for one engine.
 *
 * Shared code never asks "which engine am I?": it reads a field or calls a
 * hook of the OrmDialect it was given.  Hosts (how SQL is *run*) are in
 * host.h.  There are exactly two dialects, orm_dialect_pg and
 * orm_dialect_sqlite (dialect.c); each differs from the other only in the
 * fields below.
 */
#ifndef ORM_DIALECT_H
#define ORM_DIALECT_H

#include "base/util.h"
#include "decl/registry.h"

typedef enum OrmStorageUuid
{
	ORM_UUID_NATIVE,			/* uuid type, 36-char text form */
	ORM_UUID_HEX32				/* CHAR(32), lowercase hex without dashes */
} OrmStorageUuid;

typedef struct OrmDialect
{
	const char *name;			/* "postgresql" / "sqlite" */

	/* ---- placeholders and literals ---- */
	/*
	 * Appends placeholder n (1-based) for a parameter of type t (may be NULL):
	 * "?3" on SQLite; "$3" or "$3::timestamp" on PostgreSQL, the cast added
	 * when a text-bound value must become another type (enum, uuid, dates,
	 * json, numeric, interval).
	 */
	void		(*param) (OrmBuf *out, int n, const OrmType *t);
	int			max_params;		/* per statement */

	/* ---- operators ---- */
	bool		has_ilike;		/* else lower(a) LIKE lower(b) */
	bool		has_nulls_order;	/* NULLS FIRST / NULLS LAST */
	bool		has_distinct_on;
	const char *concat_op;		/* "||" */
	/* JSON element access: base -> path; as_text selects the ->> / JSON_EXTRACT form */
	void		(*json_elem) (OrmBuf *out, const char *base_sql, const char *path_sql,
							  bool as_text);
	/* json_elem takes one whole path string ('$."k"[0]', SQLite's JSON_EXTRACT)
	 * rather than one key or index per operator (PostgreSQL ->, ->>) */
	bool		json_path_text;

	/*
	 * Integer literals passed to SQL functions are cast AS INTEGER: they are
	 * bound as int8, and round(x, $1::int8) does not exist (PostgreSQL).
	 */
	bool		int_func_args_cast;
	/* True division of integers: a / (b + 0.0) (SQLite) instead of CAST(b AS NUMERIC) */
	bool		truediv_plus_zero;
	bool		has_for_update; /* with_for_update(): FOR UPDATE / SHARE (SQLAlchemy's SQLite writes none) */
	/*
	 * Equal bound values share one placeholder, so an expression repeated in
	 * the select list and GROUP BY is the same expression to the planner
	 * (PostgreSQL compares GROUP BY expressions, parameters included).
	 */
	bool		share_params;

	/* ---- types ---- */
	/* DDL type name for a column type ("VARCHAR(50)", "TIMESTAMP WITHOUT TIME ZONE", "SERIAL"). */
	void		(*type_sql) (OrmBuf *out, const OrmType *t, bool serial);
	bool		native_enum;	/* CREATE TYPE ... AS ENUM */
	bool		native_bool;	/* booleans come back as booleans */
	bool		native_datetime; /* timestamps are typed (else text as SQLAlchemy writes it) */
	OrmStorageUuid uuid_storage;
	const char *now_sql;		/* func.now(): "now()" / "CURRENT_TIMESTAMP" */
	bool		serial_pk;		/* integer autoincrement PK as SERIAL */
	/*
	 * DEFAULT (expr): SQLite needs parentheses around a default expression
	 * that contains a non-word character and does not start with a quote or
	 * parenthesis (SQLAlchemy's rule): DEFAULT CURRENT_TIMESTAMP, but
	 * DEFAULT (lower('X')).
	 */
	bool		wrap_func_default;

	/* ---- statements ---- */
	bool		has_returning;
	bool		has_conflict_constraint;	/* ON CONFLICT ON CONSTRAINT name (PostgreSQL) */
	bool		empty_in_subquery;	/* an empty IN is x IN (SELECT 1 FROM (SELECT 1) WHERE
									 * 1!=1) (SQLite), else x IN (NULL) AND (1 != 1) */
	bool		has_pg_operators;
	const char *raw_sql_optin;	/* how a caller allows raw SQL in query text here */	/* JSONB / ARRAY comparators: @>, <@, ?, ?|, ?&, &&, ANY() */
	bool		if_not_exists_index;	/* CREATE INDEX IF NOT EXISTS */
	bool		has_comments;	/* COMMENT ON TABLE/COLUMN after CREATE TABLE (PostgreSQL) */
	bool		has_alter_fk;	/* ALTER TABLE ADD FOREIGN KEY: the foreign keys of tables in
								 * a dependency cycle are added after all tables (PostgreSQL) */
	/*
	 * The registry table (api.c): registry_init_sql creates it when missing
	 * (a format whose one %s is its name as orm_own_table gives it),
	 * or NULL (the extension's install script made it); registry_registrar
	 * is the SQL of the column naming the role that wrote a row ("NULL"
	 * where the engine has no roles).
	 */
	const char *registry_init_sql;
	const char *registry_registrar;
	const char *registry_mine_sql;	/* a row the caller wrote ("registrar = current_user"), or NULL */
	const char *table_exists_sql;	/* one row when table $1 exists (schema default) */
	const char *enum_exists_sql;	/* one row when enum type $1 exists, or NULL */
	const char *sequence_exists_sql;	/* one row when sequence $1 exists; NULL: the
										 * engine has no sequences (Sequence() ignored) */

	/*
	 * orm_explain (session.c): the prefix that makes a statement its plan,
	 * and the one that also runs it (NULL: the engine has none).  With
	 * explain_tree the plan's rows are (id, parent, notused, detail), drawn
	 * as a tree as SQLite's shell draws them; else each row is one line.
	 */
	const char *explain_sql;
	const char *explain_analyze_sql;
	bool		explain_tree;

	/* ---- orm_automap: catalog queries as data (automap.c) ----
	 * Parameter 1 is the schema (NULL: the default one), 2 the table name.
	 *   tables:  (name) of every base table, by name
	 *   columns: (name, type, notnull 0/1, default SQL or NULL, pk position 1..n or 0,
	 *             enum labels as a JSON array or NULL, identity 'a' (ALWAYS) / 'd'
	 *             (BY DEFAULT) or NULL), in column order
	 *   fks:     (constraint id, seq, from column, referred table, referred column
	 *             or NULL = its primary key, on delete action or NULL), by id, seq
	 */
	const char *automap_tables_sql;
	const char *automap_columns_sql;
	const char *automap_fks_sql;

	/* ---- orm_view: JSON built in SQL (view.c) ---- */
	const char *json_object_fn;	/* "json_build_object" / "json_object" */
	int			json_object_max_args;	/* function argument limit */
	const char *json_agg_fn;	/* "json_agg" / "json_group_array" */
	bool		json_agg_order_by;	/* json_agg(x ORDER BY ...); else an ordered subquery */
	const char *json_empty_array;	/* COALESCE(agg, this), or NULL: no rows give [] */
	const char *json_wrap_fn;	/* NULL, or "json": nested JSON text kept as JSON */
	const char *json_true;		/* NULL: booleans are native; else CASE ... THEN this */
	const char *json_false;
	bool		json_blob_hex;	/* blobs as '\x' || lower(hex(b)) (else the engine's bytea text) */
	bool		json_interval_epoch;	/* intervals as EXTRACT(EPOCH FROM x) */
	bool		literal_backslash_e;	/* a string literal with a backslash is E'...' */

	/*
	 * Functions a query may not call (func.<name>, listeners), by name
	 * (case-insensitive), NULL-terminated, or NULL: none.  SQLite's
	 * functions that reach outside the database (files, extensions, SQL
	 * text run as code): on SQLite a privilege cannot stop them, so
	 * orm's text never reaches them.  PostgreSQL needs none: its own
	 * privileges govern what the caller's functions may do.
	 */
	const char *const *refused_funcs;

	/* ---- identifiers (appended) ---- */
	/*
	 * SQLAlchemy's max_identifier_length, in characters: a generated index or
	 * constraint name longer than this is cut to max - 8 characters + "_" + the
	 * last 4 hex digits of its MD5 (PostgreSQL 63; SQLite 9999, i.e. never).
	 */
	int			max_identifier_length;

	/* ---- migrations (appended; migrate.c, migrate_catalog.c) ---- */
	/* creates the table of migration scripts when missing, or NULL (created
	 * by the extension script) */
	const char *migrations_init_sql;
	/* catalog queries and ALTER capabilities for migrations (migrate_catalog.c) */
	const struct OrmMigDialect *mig;

	/* ---- partitioned and sharded tables (appended; ddl.c, session/partitions.c) ---- */
	/*
	 * Appends what CREATE TABLE writes after its closing parenthesis for
	 * t's options of this dialect (SQLAlchemy's post_create_table: "\n
	 * PARTITION BY ..." / "\n WITHOUT ROWID,\n STRICT"); the other
	 * dialect's options are ignored, as SQLAlchemy ignores them.
	 */
	void		(*table_options_sql) (OrmBuf *out, const OrmTable *t);
	/* an autoincrement=True column inside a composite primary key can be
	 * generated (SERIAL); SQLAlchemy's SQLite compiler refuses it */
	bool		composite_autoinc;
	/*
	 * The partition key columns of table $1 (its name as SQL, quoted and
	 * maybe schema-qualified) when some partition of it, at any depth, is a
	 * foreign table (postgres_fdw shards): one row per column, a NULL name
	 * for an expression; no rows otherwise.  NULL: the engine has no
	 * foreign tables.
	 */
	const char *foreign_partition_keys_sql;

	/* ---- selectin keys as one parameter (appended; orm/loader.c) ---- */
	/*
	 * A selectin statement's single-column integer or string keys bound as
	 * one parameter holding them all, instead of an IN list of one
	 * parameter per key (SxExpr.key_array): key_array_sql writes what comes
	 * before the placeholder (part 0) and after it (part 1) for keys of
	 * type t (" = ANY (" "$1" "::BIGINT[])"); key_array_text writes the
	 * keys as that parameter's text ('{1,2}', '{"a","b"}'), bound as
	 * ORM_V_TYPED_TEXT.  NULL: the IN list (SQLite: its json_each form was
	 * measured and not taken, README "Speed").
	 */
	void		(*key_array_sql) (OrmBuf *out, int part, const OrmType *t);
	void		(*key_array_text) (OrmBuf *out, const OrmValue *const *keys, int n);
} OrmDialect;

/* migrate_catalog.c */
extern const struct OrmMigDialect orm_mig_pg;
extern const struct OrmMigDialect orm_mig_sqlite;

extern const OrmDialect orm_dialect_pg;
extern const OrmDialect orm_dialect_sqlite;

/* Appends an identifier, always double-quoted, with '"' doubled.  The only way
 * an identifier enters generated SQL. */
void		orm_quote_ident(OrmBuf *out, const char *ident);

/* Appends a SQL string literal 'x' with quotes doubled (DDL defaults only). */
void		orm_quote_literal(OrmBuf *out, const char *s);

/* Whether d refuses a call of function name (refused_funcs). */
bool		orm_dialect_refuses(const OrmDialect *d, const char *name);

#endif							/* ORM_DIALECT_H */
