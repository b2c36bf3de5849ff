/*
 * dialect.c -- the two dialects: PostgreSQL 15 and SQLite 3.40.
 *
 * Type names follow what SQLAlchemy 2.0's DDL compiler emits for each
 * dialect, so a schema created by orm_create_all() is the one
 * Base.metadata.create_all() would have created.
 */
#include "sql/dialect.h"

#include <string.h>

void
orm_quote_ident(OrmBuf *out, const char *ident)
{
	const char *p = ident,
			   *q;

	orm_buf_putc(out, '"');
	while ((q = strchr(p, '"')) != NULL)
	{
		orm_buf_put(out, p, (size_t) (q - p) + 1);	/* up to and with the quote */
		orm_buf_putc(out, '"');						/* ... doubled */
		p = q + 1;
	}
	orm_buf_puts(out, p);
	orm_buf_putc(out, '"');
}

void
orm_quote_literal(OrmBuf *out, const char *s)
{
	const char *p;

	orm_buf_putc(out, '\'');
	for (p = s; *p; p++)
	{
		if (*p == '\'')
			orm_buf_putc(out, '\'');
		orm_buf_putc(out, *p);
	}
	orm_buf_putc(out, '\'');
}

bool
orm_dialect_refuses(const OrmDialect *d, const char *name)
{
	const char *const *f;

	if (!d || !d->refused_funcs || !name)
		return false;
	for (f = d->refused_funcs; *f; f++)
		if (orm_strieq(*f, name))
			return true;
	return false;
}

/* ---- shared pieces ------------------------------------------------------- */

static void
string_type(OrmBuf *out, const OrmType *t, const char *dflt)
{
	orm_buf_puts(out, t->sql_name ? t->sql_name : dflt);
	if (t->length > 0)
		orm_buf_printf(out, "(%d)", t->length);
}

static void
numeric_type(OrmBuf *out, const OrmType *t)
{
	orm_buf_puts(out, t->sql_name ? t->sql_name : "NUMERIC");
	if (t->precision >= 0 && t->scale >= 0)
		orm_buf_printf(out, "(%d, %d)", t->precision, t->scale);
	else if (t->precision >= 0)
		orm_buf_printf(out, "(%d)", t->precision);
}

static int
enum_max_len(const OrmType *t)
{
	int			i,
				m = 0;

	if (!t->enm)
		return 0;
	for (i = 0; i < t->enm->n; i++)
	{
		const char *s = t->enum_by_value ? t->enm->values[i] : t->enm->names[i];
		int			l = (int) strlen(s);

		if (l > m)
			m = l;
	}
	return m;
}

/*
 * Type names, as SQLAlchemy 2.0's DDL compiler spells them for each dialect:
 * one table per dialect indexed by OrmTypeKind, and one writer for both.
 * NULL in tz_names / serial_names: no such form on that engine.
 */
typedef struct TypeNames
{
	const char *names[ORM_T_NULLTYPE + 1];
	const char *tz_names[ORM_T_NULLTYPE + 1];	/* timezone=True */
	const char *serial_names[ORM_T_NULLTYPE + 1];	/* autoincrementing key */
	const char *generic_double;		/* the generic Double() type */
	bool		float_precision;	/* FLOAT(53) keeps its precision */
	bool		native_enum;		/* CREATE TYPE ... AS ENUM: a named type */
	bool		time_precision;	/* TIMESTAMP(3) / TIME(3): fractional seconds kept */
} TypeNames;

static void
type_sql(OrmBuf *out, const OrmType *t, bool serial, const TypeNames *tn)
{
	OrmTypeKind k = t->kind <= ORM_T_NULLTYPE ? t->kind : ORM_T_UNKNOWN;
	const char *name = tn->names[k] ? tn->names[k] : "TEXT";

	if (serial && tn->serial_names[k])
		name = tn->serial_names[k];
	else if (t->timezone && tn->tz_names[k])
		name = tn->tz_names[k];
	switch (k)
	{
		case ORM_T_STRING:
			string_type(out, t, name);
			return;
		case ORM_T_UUID:
			orm_buf_puts(out, t->uuid_hex ? "CHAR(32)" : name);
			return;
		case ORM_T_NUMERIC:
			numeric_type(out, t);
			return;
		case ORM_T_FLOAT:
			if (orm_streq(t->sql_name, "Double"))
				orm_buf_puts(out, tn->generic_double);
			else if (t->sql_name)
				orm_buf_puts(out, t->sql_name);
			else
			{
				orm_buf_puts(out, name);
				if (tn->float_precision && t->precision >= 0)
					orm_buf_printf(out, "(%d)", t->precision);
			}
			return;
		case ORM_T_INTEGER:
			orm_buf_puts(out, (!serial && t->sql_name) ? t->sql_name : name);
			return;
		case ORM_T_ENUM:
			if (tn->native_enum && t->native_enum && t->enum_type_name)
				orm_quote_ident(out, t->enum_type_name);
			else
				orm_buf_printf(out, "VARCHAR(%d)", enum_max_len(t));
			return;
		case ORM_T_DATETIME:
		case ORM_T_TIME:
			/* postgresql.TIMESTAMP(precision=3): TIMESTAMP(3) WITHOUT TIME ZONE */
			if (tn->time_precision && t->precision >= 0 && strchr(name, ' '))
				orm_buf_printf(out, "%.*s(%d)%s", (int) (strchr(name, ' ') - name), name,
							   t->precision, strchr(name, ' '));
			else
				orm_buf_puts(out, name);
			return;
		case ORM_T_ARRAY:
			if (t->item)
				type_sql(out, t->item, false, tn);
			for (int d = 0; d < (t->dimensions > 0 ? t->dimensions : 1); d++)
				orm_buf_puts(out, "[]");
			return;
		default:
			orm_buf_puts(out, name);
	}
}

static const TypeNames pg_types = {
	.names = {
		[ORM_T_INTEGER] = "INTEGER", [ORM_T_BIGINT] = "BIGINT", [ORM_T_SMALLINT] = "SMALLINT",
		[ORM_T_STRING] = "VARCHAR", [ORM_T_TEXT] = "TEXT", [ORM_T_FLOAT] = "FLOAT",
		[ORM_T_BOOLEAN] = "BOOLEAN", [ORM_T_DATETIME] = "TIMESTAMP WITHOUT TIME ZONE",
		[ORM_T_DATE] = "DATE", [ORM_T_TIME] = "TIME WITHOUT TIME ZONE",
		[ORM_T_INTERVAL] = "INTERVAL", [ORM_T_BINARY] = "BYTEA", [ORM_T_UUID] = "UUID",
		[ORM_T_JSON] = "JSON", [ORM_T_JSONB] = "JSONB",
	},
	.tz_names = {
		[ORM_T_DATETIME] = "TIMESTAMP WITH TIME ZONE", [ORM_T_TIME] = "TIME WITH TIME ZONE",
	},
	.serial_names = {
		[ORM_T_INTEGER] = "SERIAL", [ORM_T_BIGINT] = "BIGSERIAL", [ORM_T_SMALLINT] = "SMALLSERIAL",
	},
	.generic_double = "DOUBLE PRECISION",
	.float_precision = true,
	.native_enum = true,
	.time_precision = true,
};

static const TypeNames sqlite_types = {
	.names = {
		[ORM_T_INTEGER] = "INTEGER", [ORM_T_BIGINT] = "BIGINT", [ORM_T_SMALLINT] = "SMALLINT",
		[ORM_T_STRING] = "VARCHAR", [ORM_T_TEXT] = "TEXT", [ORM_T_FLOAT] = "FLOAT",
		[ORM_T_BOOLEAN] = "BOOLEAN", [ORM_T_DATETIME] = "DATETIME", [ORM_T_DATE] = "DATE",
		[ORM_T_TIME] = "TIME",
		[ORM_T_INTERVAL] = "DATETIME",	/* SQLAlchemy stores epoch + delta */
		[ORM_T_BINARY] = "BLOB", [ORM_T_UUID] = "CHAR(32)", [ORM_T_JSON] = "JSON",
		[ORM_T_JSONB] = "JSON",
	},
	.generic_double = "DOUBLE",
	.float_precision = false,	/* SQLAlchemy's SQLite dialect: Float(n) is plain FLOAT */
	.native_enum = false,
};

static void
pg_type_sql(OrmBuf *out, const OrmType *t, bool serial)
{
	type_sql(out, t, serial, &pg_types);
}

static void
sqlite_type_sql(OrmBuf *out, const OrmType *t, bool serial)
{
	type_sql(out, t, serial, &sqlite_types);
}

/* ---- PostgreSQL ---------------------------------------------------------- */

/* Cast needed when the value is bound as text (see host.h). */
static const char *
pg_cast_name(const OrmType *t)
{
	if (!t)
		return NULL;
	switch (t->kind)
	{
		case ORM_T_NUMERIC:
			return "numeric";
		case ORM_T_DATETIME:
			return t->timezone ? "timestamptz" : "timestamp";
		case ORM_T_DATE:
			return "date";
		case ORM_T_TIME:
			return t->timezone ? "timetz" : "time";
		case ORM_T_INTERVAL:
			return "interval";
		case ORM_T_UUID:
			return t->uuid_hex ? NULL : "uuid";
		case ORM_T_STRING:
			/* postgresql.INET / CIDR / MACADDR (a text value otherwise) */
			if (orm_streq(t->sql_name, "INET"))
				return "inet";
			if (orm_streq(t->sql_name, "CIDR"))
				return "cidr";
			if (orm_streq(t->sql_name, "MACADDR"))
				return "macaddr";
			return NULL;
		case ORM_T_JSON:
			return "json";
		case ORM_T_JSONB:
			return "jsonb";
		case ORM_T_ENUM:
			return (t->native_enum && t->enum_type_name) ? t->enum_type_name : NULL;
		default:
			return NULL;
	}
}

/*
 * A placeholder's mark and number ("?12", "$12"), the digits written in
 * place: a flush writes tens of thousands (no printf, no copy).
 */
static void
dialect_placeholder(OrmBuf *out, char mark, int n)
{
	char	   *p;
	int			k;

	if (n < 0 || n > 99999)
	{
		orm_buf_putc(out, mark);
		orm_buf_put_int(out, n);
		return;
	}
	if (out->len + 7 > out->cap)
		orm_buf_reserve(out, 6);
	p = out->data + out->len;
	*p++ = mark;
	k = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5;
	p[k] = '\0';
	out->len += (size_t) k + 1;
	while (k-- > 0)
	{
		p[k] = (char) ('0' + n % 10);
		n /= 10;
	}
}

static void
pg_param(OrmBuf *out, int n, const OrmType *t)
{
	const char *cast = pg_cast_name(t);

	dialect_placeholder(out, '$', n);
	if (t && t->kind == ORM_T_ARRAY)
	{
		/* an array is bound in its text form: cast to the column's array type */
		orm_buf_puts(out, "::");
		pg_type_sql(out, t, false);
		return;
	}
	if (cast)
	{
		orm_buf_puts(out, "::");
		if (t->kind == ORM_T_ENUM)
			orm_quote_ident(out, cast);
		else
			orm_buf_puts(out, cast);
	}
}

static void
pg_json_elem(OrmBuf *out, const char *base, const char *path, bool as_text)
{
	orm_buf_printf(out, "%s %s %s", base, as_text ? "->>" : "->", path);
}

/*
 * PostgreSQL: functions that change the session's settings.  Query text may
 * not turn on orm.allow_raw_sql (or change search_path) for the calls after
 * it: the caller's own SET does that.
 */
static const char *const pg_refused_funcs[] = {
	"set_config", NULL
};

/*
 * SQLAlchemy's PGDDLCompiler.post_create_table: each option on a line of
 * its own after the column list, in this order.
 */
static void
pg_table_options(OrmBuf *out, const OrmTable *t)
{
	const OrmTableOpts *o = &t->opts;
	int			i;

	if (o->npg_inherits > 0)
	{
		orm_buf_puts(out, "\n INHERITS ( ");
		for (i = 0; i < o->npg_inherits; i++)
		{
			if (i)
				orm_buf_puts(out, ", ");
			orm_quote_ident(out, o->pg_inherits[i]);
		}
		orm_buf_puts(out, " )");
	}
	if (o->pg_partition_by)
		orm_buf_printf(out, "\n PARTITION BY %s", o->pg_partition_by);
	if (o->pg_using)
		orm_buf_printf(out, "\n USING %s", o->pg_using);
	if (o->pg_with_oids)
		orm_buf_puts(out, o->pg_with_oids > 0 ? "\n WITH OIDS" : "\n WITHOUT OIDS");
	if (o->pg_on_commit)
		orm_buf_printf(out, "\n ON COMMIT %s", o->pg_on_commit);
	if (o->pg_tablespace)
	{
		orm_buf_puts(out, "\n TABLESPACE ");
		orm_quote_ident(out, o->pg_tablespace);
	}
}

/*
 * Selectin keys as one array parameter: col = ANY ($1::BIGINT[]), the
 * parameter bound as text '{1,2,3}' (its strings double-quoted, '"' and
 * '\\' escaped by a backslash), which the cast reads.
 */
static void
pg_key_array_sql(OrmBuf *out, int part, const OrmType *t)
{
	bool		ints = t->kind == ORM_T_INTEGER || t->kind == ORM_T_BIGINT ||
		t->kind == ORM_T_SMALLINT;

	orm_buf_puts(out, part == 0 ? " = ANY (" : ints ? "::BIGINT[])" : "::TEXT[])");
}

static void
pg_key_array_text(OrmBuf *out, const OrmValue *const *keys, int n)
{
	orm_buf_putc(out, '{');
	for (int i = 0; i < n; i++)
	{
		const OrmValue *v = keys[i];

		if (i)
			orm_buf_putc(out, ',');
		if (v->kind == ORM_V_INT)
		{
			orm_buf_put_int(out, v->i);
			continue;
		}
		orm_buf_putc(out, '"');
		for (uint32_t k = 0; k < v->len; k++)
		{
			if (v->s[k] == '"' || v->s[k] == '\\')
				orm_buf_putc(out, '\\');
			orm_buf_putc(out, v->s[k]);
		}
		orm_buf_putc(out, '"');
	}
	orm_buf_putc(out, '}');
}

const OrmDialect orm_dialect_pg = {
	.name = "postgresql",
	.param = pg_param,
	.max_params = 65535,
	.has_ilike = true,
	.has_nulls_order = true,
	.has_distinct_on = true,
	.concat_op = "||",
	.json_elem = pg_json_elem,
	.int_func_args_cast = true,
	.truediv_plus_zero = false,
	.has_for_update = true,
	.share_params = true,
	.type_sql = pg_type_sql,
	.native_enum = true,
	.native_bool = true,
	.native_datetime = true,
	.uuid_storage = ORM_UUID_NATIVE,
	.now_sql = "now()",
	.serial_pk = true,
	.wrap_func_default = false,
	.has_returning = true,
	.has_conflict_constraint = true,
	.has_pg_operators = true,
	.raw_sql_optin = "SET orm.allow_raw_sql = on",
	.if_not_exists_index = true,
	.has_comments = true,
	.has_alter_fk = true,
	.refused_funcs = pg_refused_funcs,
	.registry_init_sql = NULL,	/* created by the extension script */
	.registry_registrar = "registrar",	/* set by its row trigger (orm--0.2.sql) */
	.registry_mine_sql = "registrar = current_user",
	.explain_sql = "EXPLAIN ",
	.explain_analyze_sql = "EXPLAIN (ANALYZE, BUFFERS) ",
	.table_exists_sql = "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
	"ON n.oid = c.relnamespace WHERE c.relname = $1 AND c.relkind IN ('r','p','v') "
	"AND pg_catalog.pg_table_is_visible(c.oid)",
	.enum_exists_sql = "SELECT 1 FROM pg_catalog.pg_type t WHERE t.typname = $1 "
	"AND t.typtype = 'e' AND pg_catalog.pg_type_is_visible(t.oid)",
	.sequence_exists_sql = "SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = $1 "
	"AND c.relkind = 'S' AND pg_catalog.pg_table_is_visible(c.oid)",
	.automap_tables_sql = "SELECT c.relname FROM pg_catalog.pg_class c "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relkind IN ('r','p') AND NOT c.relispartition "
	"AND n.nspname = COALESCE($1::text, pg_catalog.current_schema()) ORDER BY c.relname",
	.automap_columns_sql = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
	"a.attnotnull::int, CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, "
	"COALESCE((SELECT k.n FROM pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
	"WHERE k.attnum = a.attnum)::int, 0), "
	"(SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder)::text "
	"FROM pg_catalog.pg_enum e WHERE e.enumtypid = COALESCE(NULLIF(ty.typelem, 0), ty.oid) "
	"HAVING count(*) > 0), "
	"NULLIF(a.attidentity, '')::text "
	"FROM pg_catalog.pg_attribute a "
	"JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid "
	"LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary "
	"WHERE c.relname = $2 AND n.nspname = COALESCE($1::text, pg_catalog.current_schema()) "
	"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
	.automap_fks_sql = "SELECT con.conname::text, k.ord::int, a.attname::text, rc.relname::text, "
	"ra.attname::text, CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
	"WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' END "
	"FROM pg_catalog.pg_constraint con "
	"JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid AND rc.relnamespace = c.relnamespace "
	"CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(con.conkey), pg_catalog.unnest(con.confkey)) "
	"WITH ORDINALITY AS k(l, r, ord) "
	"JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.l "
	"JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.r "
	"WHERE con.contype = 'f' AND c.relname = $2 "
	"AND n.nspname = COALESCE($1::text, pg_catalog.current_schema()) ORDER BY con.conname, k.ord",
	/*
	 * Schema-qualified: a view binds its functions when it is created, and
	 * an unqualified json_build_object("any"...) would bind to a better
	 * matching one an untrusted schema on the creator's path offers.
	 */
	.json_object_fn = "pg_catalog.json_build_object",
	.json_object_max_args = 100,
	.json_agg_fn = "pg_catalog.json_agg",
	.json_agg_order_by = true,
	.json_empty_array = "'[]'::json",
	.json_wrap_fn = NULL,
	.json_true = NULL,
	.json_false = NULL,
	.json_blob_hex = false,
	.json_interval_epoch = true,
	.literal_backslash_e = true,
	.max_identifier_length = 63,
	.mig = &orm_mig_pg,
	.table_options_sql = pg_table_options,
	.composite_autoinc = true,
	.foreign_partition_keys_sql = "SELECT a.attname::text "
	"FROM pg_catalog.pg_partition_tree($1::text::pg_catalog.regclass) t "
	"JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = t.relid "
	"CROSS JOIN LATERAL pg_catalog.unnest(p.partattrs::pg_catalog.int2[]) AS k(attnum) "
	"LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = k.attnum "
	"WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_partition_tree($1::text::pg_catalog.regclass) f "
	"JOIN pg_catalog.pg_class c ON c.oid = f.relid WHERE c.relkind = 'f')",
	.key_array_sql = pg_key_array_sql,
	.key_array_text = pg_key_array_text,
};

/* ---- SQLite -------------------------------------------------------------- */

/* SQLAlchemy's SQLiteDDLCompiler.post_create_table. */
static void
sqlite_table_options(OrmBuf *out, const OrmTable *t)
{
	if (t->opts.sqlite_without_rowid)
		orm_buf_puts(out, "\n WITHOUT ROWID");
	if (t->opts.sqlite_strict)
		orm_buf_puts(out, t->opts.sqlite_without_rowid ? ",\n STRICT" : "\n STRICT");
}

static void
sqlite_param(OrmBuf *out, int n, const OrmType *t)
{
	(void) t;
	dialect_placeholder(out, '?', n);
}

/*
 * SQLite functions that reach outside the database: load code
 * (load_extension; fts3_tokenizer with a pointer), read or write files and
 * directories (readfile, writefile, edit, fsdir, zipfile: the shell's and
 * ext/misc's), write raw pages (sqlite_dbpage), or run their argument as SQL
 * (eval, sha3_query).  Built in, the shell's, or common loadable
 * extensions'; SQLite has no privilege to withhold them, so query text
 * given to orm never reaches them (README "Trust model").
 */
static const char *const sqlite_refused_funcs[] = {
	"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "fsdir",
	"zipfile", "sqlite_dbpage", "eval", "sha3_query", NULL
};

static void
sqlite_json_elem(OrmBuf *out, const char *base, const char *path, bool as_text)
{
	(void) as_text;
	orm_buf_printf(out, "JSON_EXTRACT(%s, %s)", base, path);
}

const OrmDialect orm_dialect_sqlite = {
	.name = "sqlite",
	.param = sqlite_param,
	.max_params = 32766,
	.has_ilike = false,
	.has_nulls_order = true,
	.has_distinct_on = false,
	.concat_op = "||",
	.json_elem = sqlite_json_elem,
	.int_func_args_cast = false,
	.truediv_plus_zero = true,
	.has_for_update = false,
	.share_params = false,
	.json_path_text = true,
	.refused_funcs = sqlite_refused_funcs,
	.type_sql = sqlite_type_sql,
	.native_enum = false,
	.native_bool = false,
	.native_datetime = false,
	.uuid_storage = ORM_UUID_HEX32,
	.now_sql = "CURRENT_TIMESTAMP",
	.serial_pk = false,
	.wrap_func_default = true,	/* only when the text has a non-word character */
	.has_returning = true,
	.empty_in_subquery = true,
	.raw_sql_optin = "SELECT orm_allow_raw_sql(1)",
	.if_not_exists_index = true,
	.registry_init_sql = "CREATE TABLE IF NOT EXISTS %s ("
	"id INTEGER PRIMARY KEY, token INTEGER NOT NULL, source TEXT NOT NULL, "
	"declared_at TEXT NOT NULL DEFAULT (CURRENT_TIMESTAMP))",
	.registry_registrar = "NULL",
	.explain_sql = "EXPLAIN QUERY PLAN ",
	.explain_tree = true,
	.table_exists_sql = "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?1",
	.enum_exists_sql = NULL,
	.automap_tables_sql = "SELECT name FROM pragma_table_list "
	"WHERE schema = COALESCE(?1, 'main') AND type = 'table' "
	"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
	.automap_columns_sql = "SELECT name, type, \"notnull\", dflt_value, pk, NULL, NULL "
	"FROM pragma_table_info(?2, COALESCE(?1, 'main')) ORDER BY cid",
	/* SQLite numbers a table's foreign keys last-declared first: id DESC is declaration order */
	.automap_fks_sql = "SELECT id, seq, \"from\", \"table\", \"to\", "
	"NULLIF(on_delete, 'NO ACTION') "
	"FROM pragma_foreign_key_list(?2, COALESCE(?1, 'main')) ORDER BY id DESC, seq",
	.json_object_fn = "json_object",
	.json_object_max_args = 127,
	.json_agg_fn = "json_group_array",
	.json_agg_order_by = false,
	.json_empty_array = NULL,
	.json_wrap_fn = "json",
	.json_true = "json('true')",
	.json_false = "json('false')",
	.json_blob_hex = true,
	.json_interval_epoch = false,
	.literal_backslash_e = false,
	.max_identifier_length = 9999,
	.migrations_init_sql = "CREATE TABLE IF NOT EXISTS \"orm_migrations\" ("
	"\"id\" INTEGER PRIMARY KEY, \"revision\" VARCHAR(32) NOT NULL UNIQUE, "
	"\"source\" TEXT NOT NULL, \"added_at\" TEXT NOT NULL DEFAULT (CURRENT_TIMESTAMP))",
	.mig = &orm_mig_sqlite,
	.table_options_sql = sqlite_table_options,
	.composite_autoinc = false,
	.foreign_partition_keys_sql = NULL,
	.key_array_sql = NULL,		/* measured, not taken: README "Speed" */
	.key_array_text = NULL,
};
