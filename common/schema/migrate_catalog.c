/*
 * migrate_catalog.c -- the live catalog of one table, read into an OrmTable,
 * for migrations: SQLite's batch copy (which recreates a table from what the
 * catalog says) and autogenerate (which compares the catalog with the models).
 *
 * Owns: the two OrmMigDialect instances (catalog queries as data, as the
 * automap queries of dialect.c), mig_catalog_table, mig_catalog_tables and
 * mig_type_from_sql.  Columns come from the dialect's automap_columns_sql;
 * constraints from constraints_sql (PostgreSQL's pg_constraint) or, where
 * the engine keeps no names for them (SQLite), from the clauses of the
 * table's CREATE TABLE text, matched with pragma_foreign_key_list the way
 * SQLAlchemy's SQLite reflection does; indexes from indexes_sql, an index
 * with an expression or a WHERE kept as its CREATE INDEX text.
 *
 * Every object is allocated in the call arena; foreign keys point at stub
 * tables holding the referred columns by name.
 */
#include "schema/migrate_int.h"
#include "base/json.h"

#include <ctype.h>
#include <string.h>

/* ---- the two engines' queries ------------------------------------------------ */

const OrmMigDialect orm_mig_pg = {
	.batch_alter = false,
	.scripts_by_extension = true,
	.columns_sql = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
	"a.attnotnull::int, CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, "
	"COALESCE((SELECT k.n FROM pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
	"WHERE k.attnum = a.attnum)::int, 0), "
	"(SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder)::text "
	"FROM pg_catalog.pg_enum e WHERE e.enumtypid = COALESCE(NULLIF(ty.typelem, 0), ty.oid) "
	"HAVING count(*) > 0), "
	/* an identity in the words Identity() is declared with (declare.c) */
	"CASE WHEN a.attidentity <> '' THEN 'GENERATED ' || "
	"CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END || "
	"' AS IDENTITY (INCREMENT BY ' || s.seqincrement || ' START WITH ' || s.seqstart || "
	"' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache || "
	"CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END || ')' END, "
	"CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, "
	"CASE WHEN a.attgenerated = 's' THEN 1 END, "
	"pg_catalog.col_description(c.oid, a.attnum) "
	"FROM pg_catalog.pg_attribute a "
	"JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid "
	"LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary "
	"LEFT JOIN pg_catalog.pg_depend dep ON a.attidentity <> '' AND dep.refobjid = c.oid "
	"AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' "
	"AND dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
	"AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
	"LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid "
	"WHERE c.relname = $1 AND n.nspname = pg_catalog.current_schema() "
	"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
	.table_comment_sql = "SELECT pg_catalog.obj_description(c.oid, 'pg_class') "
	"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relname = $1 AND n.nspname = pg_catalog.current_schema()",
	.table_sql = NULL,
	.constraints_sql = "SELECT con.conname::text, con.contype::text, "
	"(SELECT pg_catalog.json_agg(a.attname ORDER BY k.n)::text "
	" FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, n) "
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), "
	"CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END, "
	"rc.relname::text, "
	"(SELECT pg_catalog.json_agg(a.attname ORDER BY k.n)::text "
	" FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, n) "
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), "
	"CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
	" WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' END, "
	"CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
	" WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' END, "
	/* OrmForeignKey.deferrable's SQL tail, as pg_get_constraintdef spells it */
	"CASE WHEN con.contype = 'f' AND con.condeferrable THEN ' DEFERRABLE' || "
	" CASE WHEN con.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END END "
	"FROM pg_catalog.pg_constraint con "
	"JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid "
	"WHERE c.relname = $1 AND n.nspname = pg_catalog.current_schema() "
	"AND con.contype IN ('p', 'u', 'c', 'f') ORDER BY con.conname",
	.indexes_sql = "SELECT i.relname::text, ix.indisunique::int, k.n::int, a.attname::text, "
	"CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(ix.indexrelid, k.n::int, true) END, "
	"pg_catalog.pg_get_expr(ix.indpred, ix.indrelid), NULL::text, "
	"(SELECT am.amname::text FROM pg_catalog.pg_am am WHERE am.oid = i.relam "
	"AND am.amname <> 'btree') "
	"FROM pg_catalog.pg_index ix "
	"JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid "
	"JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"CROSS JOIN LATERAL pg_catalog.unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) "
	"LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
	"WHERE c.relname = $1 AND n.nspname = pg_catalog.current_schema() "
	"AND k.n <= ix.indnkeyatts AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con "
	"WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x')) "
	"ORDER BY i.relname, k.n",
	.fk_enforced_sql = NULL,
	.fk_check_sql = NULL,
	.referencing_sql = NULL,
	.type_module = "postgresql",
	.reflected = {
		[ORM_T_INTEGER] = "sa.INTEGER", [ORM_T_BIGINT] = "sa.BIGINT",
		[ORM_T_SMALLINT] = "sa.SMALLINT", [ORM_T_STRING] = "sa.VARCHAR",
		[ORM_T_TEXT] = "sa.TEXT", [ORM_T_FLOAT] = "sa.DOUBLE_PRECISION",
		[ORM_T_NUMERIC] = "sa.NUMERIC", [ORM_T_BOOLEAN] = "sa.BOOLEAN",
		[ORM_T_DATETIME] = "postgresql.TIMESTAMP", [ORM_T_DATE] = "sa.DATE",
		[ORM_T_TIME] = "postgresql.TIME", [ORM_T_INTERVAL] = "postgresql.INTERVAL",
		[ORM_T_BINARY] = "postgresql.BYTEA", [ORM_T_UUID] = "sa.UUID",
		[ORM_T_JSON] = "postgresql.JSON", [ORM_T_JSONB] = "postgresql.JSONB",
		[ORM_T_ENUM] = "postgresql.ENUM", [ORM_T_ARRAY] = "postgresql.ARRAY",
	},
	.double_precision_53 = true,
	.reflect_autoincrement = true,
	.paren_defaults = false,
	.execute_multi = true,
	.refl_unique_opts = ", postgresql_nulls_not_distinct=False",
	.refl_unique_table_opts = ", postgresql_include=[], postgresql_nulls_not_distinct=False",
};

const OrmMigDialect orm_mig_sqlite = {
	.batch_alter = true,
	/* generated columns are hidden 2 (VIRTUAL) or 3 (STORED); their
	 * expression is read from table_sql */
	.columns_sql = "SELECT name, type, \"notnull\", dflt_value, pk, NULL, NULL, NULL, "
	"CASE hidden WHEN 3 THEN 1 WHEN 2 THEN 0 END, NULL "
	"FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid",
	.table_comment_sql = NULL,
	.table_sql = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
	/* foreign keys (names from table_sql): SQLite numbers them last-declared first */
	.constraints_sql = "SELECT NULL, 'f', json_group_array(\"from\"), NULL, \"table\", "
	"json_group_array(\"to\"), NULLIF(on_delete, 'NO ACTION'), NULLIF(on_update, 'NO ACTION'), "
	"NULL "
	"FROM (SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id DESC, seq) "
	"GROUP BY id ORDER BY id DESC",
	.indexes_sql = "SELECT il.name, il.\"unique\", ii.seqno + 1, "
	/* a DESC column is kept as the index's text, as an expression is */
	"CASE WHEN ii.\"desc\" THEN NULL ELSE ii.name END, NULL, "
	"CASE WHEN il.partial THEN 1 END, m.sql, NULL "
	"FROM pragma_index_list(?1) il JOIN pragma_index_xinfo(il.name) ii ON ii.key = 1 "
	"JOIN sqlite_master m ON m.type = 'index' AND m.name = il.name "
	"WHERE il.origin = 'c' ORDER BY il.name, ii.seqno",
	.fk_enforced_sql = "SELECT foreign_keys FROM pragma_foreign_keys",
	.fk_check_sql = "SELECT \"table\", rowid FROM pragma_foreign_key_check(?1)",
	.referencing_sql = "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
	"WHERE m.type = 'table' AND f.\"table\" = ?1 AND m.name <> ?1 GROUP BY m.name",
	.type_module = "sqlite",
	.reflected = {
		[ORM_T_INTEGER] = "sa.INTEGER", [ORM_T_BIGINT] = "sa.BIGINT",
		[ORM_T_SMALLINT] = "sa.SMALLINT", [ORM_T_STRING] = "sa.VARCHAR",
		[ORM_T_TEXT] = "sa.TEXT", [ORM_T_FLOAT] = "sa.FLOAT",
		[ORM_T_NUMERIC] = "sa.NUMERIC", [ORM_T_BOOLEAN] = "sa.BOOLEAN",
		[ORM_T_DATETIME] = "sa.DATETIME", [ORM_T_DATE] = "sa.DATE",
		[ORM_T_TIME] = "sa.TIME", [ORM_T_BINARY] = "sa.BLOB",
		[ORM_T_JSON] = "sqlite.JSON", [ORM_T_ENUM] = "sa.VARCHAR",
	},
	.double_precision_53 = false,
	.reflect_autoincrement = false,
	.paren_defaults = true,
	.skip_expr_indexes = true,
	.refl_unique_int = true,
};

/* ---- small helpers ---------------------------------------------------------- */

static const char *
cat_text(OrmArena *a, const OrmValue *v)
{
	if (v->kind == ORM_V_NULL || !v->s)
		return NULL;
	return orm_strndup(a, v->s, v->len);
}

static int64_t
cat_int(const OrmValue *v)
{
	if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
		return v->i;
	if (v->kind == ORM_V_FLOAT)
		return (int64_t) v->f;
	if ((v->kind == ORM_V_TEXT || v->kind == ORM_V_NUMERIC) && v->s)
	{
		int64_t		n = 0;
		size_t		i;

		for (i = 0; i < v->len && v->s[i] >= '0' && v->s[i] <= '9'; i++)
			n = n * 10 + (v->s[i] - '0');
		return n;
	}
	return 0;
}

static OrmParam
cat_param(const char *s)
{
	OrmParam	p;

	memset(&p, 0, sizeof(p));
	if (s)
	{
		p.kind = ORM_V_TEXT;
		p.s = s;
		p.len = strlen(s);
	}
	return p;
}

/* A JSON array of strings -> names. */
static int
cat_json_names(OrmCtx *ctx, const char *json, const char ***out)
{
	JsonValue  *v;
	OrmError	jerr;
	int			i,
				n = 0;

	*out = NULL;
	if (!json)
		return 0;
	memset(&jerr, 0, sizeof(jerr));
	v = json_parse(ctx->arena, json, strlen(json), &jerr);
	if (!v || v->kind != JSON_ARRAY)
		return 0;
	*out = ORM_NEWN(ctx->arena, const char *, v->n + 1);
	for (i = 0; i < v->n; i++)
		if (v->items[i]->kind == JSON_STRING)
			(*out)[n++] = orm_strndup(ctx->arena, v->items[i]->str, v->items[i]->len);
	return n;
}

static char *
cat_upper(OrmArena *a, const char *s, size_t n)
{
	char	   *r = orm_strndup(a, s, n);
	char	   *p;

	for (p = r; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 32;
	return r;
}

/* ---- types ------------------------------------------------------------------- */

typedef struct CatTypeName
{
	const char *name;			/* upper case, as the catalog prints it */
	OrmTypeKind kind;
	const char *sql_name;		/* OrmType.sql_name (explicit SQL types), or NULL */
	bool		tz;
} CatTypeName;

static const CatTypeName cat_types[] = {
	{"INTEGER", ORM_T_INTEGER, NULL, false},
	{"INT", ORM_T_INTEGER, NULL, false},
	{"INT4", ORM_T_INTEGER, NULL, false},
	{"BIGINT", ORM_T_BIGINT, NULL, false},
	{"INT8", ORM_T_BIGINT, NULL, false},
	{"SMALLINT", ORM_T_SMALLINT, NULL, false},
	{"INT2", ORM_T_SMALLINT, NULL, false},
	{"CHARACTER VARYING", ORM_T_STRING, NULL, false},
	{"VARCHAR", ORM_T_STRING, NULL, false},
	{"NVARCHAR", ORM_T_STRING, "NVARCHAR", false},
	{"CHARACTER", ORM_T_STRING, "CHAR", false},
	{"CHAR", ORM_T_STRING, "CHAR", false},
	{"NCHAR", ORM_T_STRING, "NCHAR", false},
	{"TEXT", ORM_T_TEXT, NULL, false},
	{"CLOB", ORM_T_TEXT, NULL, false},
	{"NUMERIC", ORM_T_NUMERIC, NULL, false},
	{"DECIMAL", ORM_T_NUMERIC, "DECIMAL", false},
	{"DOUBLE PRECISION", ORM_T_FLOAT, "DOUBLE PRECISION", false},
	{"DOUBLE", ORM_T_FLOAT, "DOUBLE", false},
	{"FLOAT", ORM_T_FLOAT, NULL, false},
	{"REAL", ORM_T_FLOAT, "REAL", false},
	{"BOOLEAN", ORM_T_BOOLEAN, NULL, false},
	{"BOOL", ORM_T_BOOLEAN, NULL, false},
	{"TIMESTAMP WITHOUT TIME ZONE", ORM_T_DATETIME, NULL, false},
	{"TIMESTAMP WITH TIME ZONE", ORM_T_DATETIME, NULL, true},
	{"TIMESTAMP", ORM_T_DATETIME, "TIMESTAMP", false},
	{"DATETIME", ORM_T_DATETIME, "DATETIME", false},
	{"DATE", ORM_T_DATE, NULL, false},
	{"TIME WITHOUT TIME ZONE", ORM_T_TIME, NULL, false},
	{"TIME WITH TIME ZONE", ORM_T_TIME, NULL, true},
	{"TIME", ORM_T_TIME, NULL, false},
	{"INTERVAL", ORM_T_INTERVAL, NULL, false},
	{"BYTEA", ORM_T_BINARY, NULL, false},
	{"BLOB", ORM_T_BINARY, NULL, false},
	{"UUID", ORM_T_UUID, "UUID", false},
	{"JSON", ORM_T_JSON, NULL, false},
	{"JSONB", ORM_T_JSONB, NULL, false},
	{NULL, ORM_T_UNKNOWN, NULL, false}
};

void
mig_type_from_sql(OrmArena *a, const char *sql, OrmType *t)
{
	const char *open = strchr(sql, '(');
	size_t		n = open ? (size_t) (open - sql) : strlen(sql);
	char	   *base;
	const CatTypeName *tn;
	int			args[2] = {-1, -1},
				nargs = 0;

	memset(t, 0, sizeof(*t));
	t->precision = t->scale = -1;
	{
		/* "character varying(20)[]": an ARRAY of the element type, as
		 * SQLAlchemy's PostgreSQL reflection gives ARRAY(VARCHAR(20)) (the
		 * catalog keeps no dimensions) */
		size_t		len = strlen(sql);

		if (len > 2 && sql[len - 2] == '[' && sql[len - 1] == ']')
		{
			while (len > 2 && sql[len - 2] == '[' && sql[len - 1] == ']')
				len -= 2;
			t->kind = ORM_T_ARRAY;
			t->dimensions = 1;
			t->item = ORM_NEW(a, OrmType);
			mig_type_from_sql(a, orm_strndup(a, sql, len), t->item);
			return;
		}
	}
	while (n > 0 && sql[n - 1] == ' ')
		n--;
	base = cat_upper(a, sql, n);
	if (open)
	{
		const char *p = open + 1;
		const char *close = strchr(open, ')');

		while (nargs < 2 && *p >= '0' && *p <= '9')
		{
			int			v = 0;

			while (*p >= '0' && *p <= '9' && v < 100000000)
				v = v * 10 + (*p++ - '0');
			args[nargs++] = v;
			while (*p == ' ' || *p == ',')
				p++;
		}
		/* "timestamp(3) with time zone": the words after the parentheses */
		if (close && close[1] == ' ')
			base = orm_sprintf(a, "%s%s", base, cat_upper(a, close + 1, strlen(close + 1)));
	}
	for (tn = cat_types; tn->name; tn++)
		if (strcmp(tn->name, base) == 0)
			break;
	if (!tn->name)
	{
		t->kind = ORM_T_UNKNOWN;
		t->sql_name = orm_strdup(a, sql);
		return;
	}
	t->kind = tn->kind;
	t->sql_name = tn->sql_name;
	t->timezone = tn->tz;
	switch (t->kind)
	{
		case ORM_T_STRING:
			t->length = args[0] > 0 ? args[0] : 0;
			break;
		case ORM_T_NUMERIC:
			t->precision = args[0];
			t->scale = args[1];
			break;
		case ORM_T_FLOAT:
			t->precision = args[0];
			break;
		case ORM_T_DATETIME:
		case ORM_T_TIME:
			/* "timestamp(3) without time zone", as postgresql.TIMESTAMP(precision=3) */
			t->precision = args[0];
			break;
		default:
			break;
	}
}

/* ---- the clauses of a CREATE TABLE text (SQLite) ------------------------------ */

typedef struct CatTok
{
	const char *p;				/* start in the text */
	size_t		n;
	char		kind;			/* 'w' word or quoted identifier, 's' string, or the char */
	const char *ident;			/* identifier value (unquoted), for 'w' */
} CatTok;

typedef struct CatLex
{
	OrmArena   *a;
	const char *p;
	const char *end;
} CatLex;

static void
cat_skip_space(CatLex *lx)
{
	for (;;)
	{
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' ||
								   *lx->p == '\r'))
			lx->p++;
		if (lx->end - lx->p >= 2 && lx->p[0] == '-' && lx->p[1] == '-')
		{
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '*')
		{
			const char *q = strstr(lx->p + 2, "*/");

			lx->p = q && q < lx->end ? q + 2 : lx->end;
			continue;
		}
		return;
	}
}

/* The next token; kind 0 at the end. */
static CatTok
cat_next(CatLex *lx)
{
	CatTok		t;

	memset(&t, 0, sizeof(t));
	cat_skip_space(lx);
	t.p = lx->p;
	if (lx->p >= lx->end)
		return t;
	if (*lx->p == '"' || *lx->p == '`' || *lx->p == '[' || *lx->p == '\'')
	{
		char		close = *lx->p == '[' ? ']' : *lx->p;
		OrmBuf		b;

		orm_buf_init(&b, lx->a);
		t.kind = *lx->p == '\'' ? 's' : 'w';
		lx->p++;
		while (lx->p < lx->end)
		{
			if (*lx->p == close)
			{
				if (close != ']' && lx->p + 1 < lx->end && lx->p[1] == close)
				{
					orm_buf_putc(&b, close);
					lx->p += 2;
					continue;
				}
				lx->p++;
				break;
			}
			orm_buf_putc(&b, *lx->p++);
		}
		t.ident = orm_buf_cstr(&b);
	}
	else if ((*lx->p >= 'a' && *lx->p <= 'z') || (*lx->p >= 'A' && *lx->p <= 'Z') ||
			 (*lx->p >= '0' && *lx->p <= '9') || *lx->p == '_' || *lx->p == '$' ||
			 (unsigned char) *lx->p >= 0x80)
	{
		t.kind = 'w';
		while (lx->p < lx->end && ((*lx->p >= 'a' && *lx->p <= 'z') ||
								   (*lx->p >= 'A' && *lx->p <= 'Z') ||
								   (*lx->p >= '0' && *lx->p <= '9') || *lx->p == '_' ||
								   *lx->p == '$' || (unsigned char) *lx->p >= 0x80))
			lx->p++;
		t.ident = orm_strndup(lx->a, t.p, (size_t) (lx->p - t.p));
	}
	else
		t.kind = *lx->p++;
	t.n = (size_t) (lx->p - t.p);
	return t;
}

static bool
cat_is(const CatTok *t, const char *kw)
{
	return t->kind == 'w' && t->p[0] != '"' && t->p[0] != '`' && t->p[0] != '[' &&
		orm_strieq(t->ident, kw);
}

/* After an opening parenthesis: the text up to its match, and the lexer past it. */
static const char *
cat_paren_body(CatLex *lx)
{
	const char *start = lx->p;
	int			depth = 1;

	for (;;)
	{
		CatTok		t = cat_next(lx);

		if (t.kind == 0)
			return orm_strndup(lx->a, start, (size_t) (lx->p - start));
		if (t.kind == '(')
			depth++;
		else if (t.kind == ')' && --depth == 0)
		{
			const char *s = start,
					   *e = t.p;

			while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
				s++;
			while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t'))
				e--;
			return orm_strndup(lx->a, s, (size_t) (e - s));
		}
	}
}

/* After an opening parenthesis: identifiers up to the closing one. */
static int
cat_ident_list(CatLex *lx, const char ***out)
{
	OrmPtrVec	v = {0};

	for (;;)
	{
		CatTok		t = cat_next(lx);

		if (t.kind == 0 || t.kind == ')')
			break;
		if (t.kind == 'w')
		{
			orm_vec_push(lx->a, &v, (void *) t.ident);
			/* skip COLLATE x / ASC / DESC up to the comma */
			for (;;)
			{
				CatLex		save = *lx;
				CatTok		u = cat_next(lx);

				if (u.kind == ',' || u.kind == 0)
					break;
				if (u.kind == ')')
				{
					*lx = save;
					break;
				}
			}
		}
	}
	*out = (const char **) v.items;
	return v.n;
}

typedef struct CatClause
{
	char		kind;			/* 'p' 'u' 'c' 'f' */
	const char *name;
	int			ncols;
	const char **cols;
	const char *check;
	const char *ref_table;
	int			nref;
	const char **ref_cols;
	const char *deferrable;		/* 'f': " [NOT ]DEFERRABLE[ INITIALLY X]" or NULL */
} CatClause;

/* One element of the column list: a table constraint, or a column with inline ones. */
static void
cat_element(CatLex *lx, OrmPtrVec *out)
{
	CatTok		t = cat_next(lx);
	const char *name = NULL,
			   *column = NULL;
	int			depth = 0;
	CatClause  *last_fk = NULL;
	bool		prev_not = false;

	if (cat_is(&t, "CONSTRAINT"))
	{
		CatTok		n = cat_next(lx);

		name = n.ident;
		t = cat_next(lx);
	}
	if (!(cat_is(&t, "PRIMARY") || cat_is(&t, "UNIQUE") || cat_is(&t, "CHECK") ||
		  cat_is(&t, "FOREIGN")) && t.kind == 'w')
	{
		column = t.ident;
		t = cat_next(lx);
	}
	while (t.kind != 0)
	{
		if (depth == 0 && t.kind == ',')
			return;
		if (t.kind == '(')
			depth++;
		else if (t.kind == ')')
		{
			if (depth == 0)
			{
				lx->p = t.p;	/* the end of the column list */
				return;
			}
			depth--;
		}
		else if (depth == 0 && cat_is(&t, "CONSTRAINT"))
		{
			CatTok		n = cat_next(lx);

			name = n.ident;
		}
		else if (depth == 0 && last_fk && cat_is(&t, "DEFERRABLE"))
			last_fk->deferrable = prev_not ? " NOT DEFERRABLE" : " DEFERRABLE";
		else if (depth == 0 && last_fk && cat_is(&t, "INITIALLY"))
		{
			CatTok		v = cat_next(lx);

			if (cat_is(&v, "DEFERRED") || cat_is(&v, "IMMEDIATE"))
				last_fk->deferrable = orm_sprintf(lx->a, "%s INITIALLY %s",
												  last_fk->deferrable ? last_fk->deferrable : "",
												  cat_is(&v, "DEFERRED") ? "DEFERRED" : "IMMEDIATE");
		}
		else if (depth == 0 && (cat_is(&t, "PRIMARY") || cat_is(&t, "UNIQUE") ||
								cat_is(&t, "CHECK") || cat_is(&t, "FOREIGN") ||
								cat_is(&t, "REFERENCES")))
		{
			CatClause  *c = ORM_NEW(lx->a, CatClause);
			CatTok		u;

			c->name = name;
			name = NULL;
			c->kind = cat_is(&t, "PRIMARY") ? 'p' : cat_is(&t, "UNIQUE") ? 'u' :
				cat_is(&t, "CHECK") ? 'c' : 'f';
			if (cat_is(&t, "PRIMARY") || cat_is(&t, "FOREIGN"))
				cat_next(lx);	/* KEY */
			if (c->kind == 'c')
			{
				if (cat_next(lx).kind == '(')
					c->check = cat_paren_body(lx);
			}
			else if (column && !cat_is(&t, "FOREIGN"))
			{
				c->ncols = 1;
				c->cols = ORM_NEWN(lx->a, const char *, 1);
				c->cols[0] = column;
			}
			else
			{
				CatLex		save = *lx;

				if ((u = cat_next(lx)).kind == '(')
					c->ncols = cat_ident_list(lx, &c->cols);
				else
					*lx = save;
			}
			if (c->kind == 'f')
			{
				if (!cat_is(&t, "REFERENCES"))
					cat_next(lx);	/* REFERENCES */
				u = cat_next(lx);
				c->ref_table = u.ident;
				{
					CatLex		save = *lx;

					if (cat_next(lx).kind == '(')
						c->nref = cat_ident_list(lx, &c->ref_cols);
					else
						*lx = save;
				}
			}
			orm_vec_push(lx->a, out, c);
			last_fk = c->kind == 'f' ? c : NULL;
		}
		prev_not = depth == 0 && cat_is(&t, "NOT");
		t = cat_next(lx);
	}
}

/* The constraint clauses of a CREATE TABLE text. */
static void
cat_clauses(OrmArena *a, const char *sql, OrmPtrVec *out)
{
	CatLex		lx;
	CatTok		t;

	lx.a = a;
	lx.p = sql;
	lx.end = sql + strlen(sql);
	do
		t = cat_next(&lx);
	while (t.kind != 0 && t.kind != '(');
	while (t.kind != 0)
	{
		const char *before = lx.p;

		cat_element(&lx, out);
		cat_skip_space(&lx);
		if (lx.p >= lx.end || *lx.p == ')' || lx.p == before)
			break;
	}
}

/* ---- reading a table ----------------------------------------------------------- */

static OrmColumn *
cat_col(const OrmTable *t, const char *name)
{
	return name ? orm_table_col(t, name) : NULL;
}

static OrmColumn **
cat_cols(OrmArena *a, const OrmTable *t, const char **names, int n, int *got)
{
	OrmColumn **cols = ORM_NEWN(a, OrmColumn *, n + 1);
	int			i,
				k = 0;

	for (i = 0; i < n; i++)
	{
		OrmColumn  *c = cat_col(t, names[i]);

		if (c)
			cols[k++] = c;
	}
	*got = k;
	return cols;
}

/* A stub table holding the referred columns by name. */
static void
cat_fk_target(OrmArena *a, OrmForeignKey *f, const char *table, const char *col)
{
	OrmTable   *rt = ORM_NEW(a, OrmTable);
	OrmColumn  *rc = ORM_NEW(a, OrmColumn);

	rt->name = orm_strdup(a, table);
	rc->name = orm_strdup(a, col ? col : "?");
	rc->table = rt;
	f->ref_table = rt;
	f->ref_col = rc;
	f->target = orm_sprintf(a, "%s.%s", table, rc->name);
}

/* The CREATE TABLE text of a table (SQLite), "" when there is none. */
static int
cat_table_sql(OrmCtx *ctx, const char *name, const char **out)
{
	OrmParam	p = cat_param(name);
	OrmRows		rows;

	*out = "";
	if (orm_ctx_query(ctx, ctx->dialect->mig->table_sql, 1, &p, &rows) < 0)
		return -1;
	if (rows.nrows > 0 && cat_text(ctx->arena, &ORM_ROW(&rows, 0)[0]))
		*out = cat_text(ctx->arena, &ORM_ROW(&rows, 0)[0]);
	return 0;
}

/* ASCII case-insensitive comparison of n bytes. */
static bool
cat_ncaseeq(const char *a, const char *b, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		char		x = (a[i] >= 'A' && a[i] <= 'Z') ? a[i] + 32 : a[i],
					y = (b[i] >= 'A' && b[i] <= 'Z') ? b[i] + 32 : b[i];

		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
	return true;
}

static bool
cat_word_at(const char *p, const char *w)
{
	size_t		n = strlen(w);

	return cat_ncaseeq(p, w, n) &&
		!((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') || p[n] == '_');
}

static const char *
cat_skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/*
 * The expression of generated column name in a CREATE TABLE text, as
 * SQLAlchemy's SQLite reflection finds it: the column name, no comma up to
 * GENERATED ALWAYS AS (, then the expression -- up to the matching ")",
 * where SQLAlchemy's pattern takes the line's last one (the same on the
 * one-column-a-line DDL both write), and past a type's parenthesized
 * arguments, where SQLAlchemy's stops at their comma and finds nothing (the
 * batch copy needs the expression).  NULL when it is not found.
 */
static const char *
cat_generated_expr(OrmArena *a, const char *sql, const char *name)
{
	size_t		n = strlen(name);
	const char *p;

	for (p = sql; n > 0 && *p; p++)
	{
		const char *q;

		if (!cat_ncaseeq(p, name, n))
			continue;
		for (q = p + n; *q && *q != ','; q++)
		{
			if (*q == '(')
			{
				/* a type's arguments, NUMERIC(10, 2): past them */
				int			d = 1;

				for (q++; *q && d > 0; q++)
					d += *q == '(' ? 1 : *q == ')' ? -1 : 0;
				if (!*q)
					break;
				q--;			/* the loop steps past the ")" */
				continue;
			}
			const char *r,
					   *open,
					   *close = NULL,
					   *e;
			int			depth;

			if (!(q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n' || q[-1] == '\r') ||
				!cat_word_at(q, "GENERATED"))
				continue;
			r = cat_skip_ws(q + 9);
			if (r == q + 9 || !cat_word_at(r, "ALWAYS"))
				continue;
			q = r + 6;
			r = cat_skip_ws(q);
			if (r == q || !cat_word_at(r, "AS"))
				continue;
			q = r + 2;
			open = cat_skip_ws(q);
			if (open == q || *open != '(')
				continue;
			/* to the matching parenthesis, quotes skipped */
			for (e = open + 1, depth = 1; *e && !close; e++)
			{
				if (*e == '\'' || *e == '"' || *e == '`' || *e == '[')
				{
					char		qc = *e == '[' ? ']' : *e;

					for (e++; *e && *e != qc; e++)
						;
					if (!*e)
						break;
				}
				else if (*e == '(')
					depth++;
				else if (*e == ')' && --depth == 0)
					close = e;
			}
			if (close)
				return orm_strndup(a, open + 1, (size_t) (close - open - 1));
			q = open;
		}
	}
	return NULL;
}

/* "INTEGER GENERATED ALWAYS" -> "INTEGER": what SQLite reports for some generated columns */
static const char *
cat_strip_generated(OrmArena *a, const char *type)
{
	OrmBuf		b;
	const char *p = type;

	orm_buf_init(&b, a);
	while (*p)
	{
		const char *w = cat_skip_ws(p);
		const char *e = w;

		while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
			e++;
		if (e > w && !(cat_word_at(w, "GENERATED") && e - w == 9) &&
			!(cat_word_at(w, "ALWAYS") && e - w == 6))
		{
			if (b.len)
				orm_buf_putc(&b, ' ');
			orm_buf_printf(&b, "%.*s", (int) (e - w), w);
		}
		p = e;
	}
	return orm_buf_cstr(&b);
}

static int
cat_columns(OrmCtx *ctx, MigTable *mt)
{
	OrmTable   *t = mt->t;
	OrmParam	p[2];
	OrmRows		rows;
	int			r,
				k;

	const OrmMigDialect *md = ctx->dialect->mig;
	const char *tablesql = NULL;

	p[0] = cat_param(t->name);
	if (orm_ctx_query(ctx, md->columns_sql, 1, p, &rows) < 0)
		return -1;
	t->ncols = rows.nrows;
	t->cols = ORM_NEWN(ctx->arena, OrmColumn *, rows.nrows + 1);
	mt->type_sql = ORM_NEWN(ctx->arena, const char *, rows.nrows + 1);
	t->pk = ORM_NEWN(ctx->arena, OrmColumn *, rows.nrows + 1);
	for (r = 0; r < rows.nrows; r++)
	{
		const OrmValue *row = ORM_ROW(&rows, r);
		OrmColumn  *c = ORM_NEW(ctx->arena, OrmColumn);
		const char *dflt = cat_text(ctx->arena, &row[3]);
		const char *labels = cat_text(ctx->arena, &row[5]);

		c->name = cat_text(ctx->arena, &row[0]);
		if (!c->name)
			c->name = "";
		mt->type_sql[r] = cat_text(ctx->arena, &row[1]);
		if (!mt->type_sql[r])
			mt->type_sql[r] = "";
		mig_type_from_sql(ctx->arena, mt->type_sql[r], &c->type);
		if (labels)
		{
			OrmEnum    *e = ORM_NEW(ctx->arena, OrmEnum);
			const char *tn = mt->type_sql[r];
			size_t		n = strlen(tn);

			e->n = cat_json_names(ctx, labels, &e->names);
			e->values = e->names;
			e->value_is_str = ORM_NEWN(ctx->arena, bool, e->n + 1);
			for (k = 0; k < e->n; k++)
				e->value_is_str[k] = true;
			if (n >= 2 && tn[0] == '"' && tn[n - 1] == '"')
				tn = orm_strndup(ctx->arena, tn + 1, n - 2);
			e->name = tn;
			memset(&c->type, 0, sizeof(c->type));
			c->type.kind = ORM_T_ENUM;
			c->type.precision = c->type.scale = -1;
			c->type.enm = e;
			c->type.native_enum = true;
			c->type.enum_type_name = tn;
		}
		c->nullable = cat_int(&row[2]) == 0;
		if (dflt)
		{
			c->server_default.kind = ORM_SD_TEXT;
			c->server_default.text = dflt;
		}
		c->primary_key = cat_int(&row[4]) > 0;
		c->identity = cat_text(ctx->arena, &row[6]);
		c->comment = cat_text(ctx->arena, &row[9]);
		if (row[8].kind != ORM_V_NULL)
		{
			/* a generated column: its expression, stored or not */
			c->computed_persisted = cat_int(&row[8]) ? 1 : 0;
			c->computed = cat_text(ctx->arena, &row[7]);
			if (!c->computed && md->table_sql)
			{
				if (!tablesql && cat_table_sql(ctx, t->name, &tablesql) < 0)
					return -1;
				c->computed = cat_generated_expr(ctx->arena, tablesql, c->name);
			}
			if (!c->computed)
				c->computed = "";
			mt->type_sql[r] = cat_strip_generated(ctx->arena, mt->type_sql[r]);
			mig_type_from_sql(ctx->arena, mt->type_sql[r], &c->type);
		}
		c->table = t;
		c->pos = r;
		t->cols[r] = c;
	}
	/* primary key columns in key order */
	for (k = 1; k <= rows.nrows; k++)
		for (r = 0; r < rows.nrows; r++)
			if (cat_int(&ORM_ROW(&rows, r)[4]) == k)
				t->pk[t->npk++] = t->cols[r];
	return 0;
}

static void
cat_add_fk(OrmCtx *ctx, OrmTable *t, const char *name, const char **cols, int ncols,
		   const char *ref_table, const char **ref_cols, int nref, const char *ondelete,
		   const char *onupdate, const char *deferrable, int seq)
{
	int			i;

	for (i = 0; i < ncols; i++)
	{
		OrmColumn  *c = cat_col(t, cols[i]);
		OrmForeignKey *f;

		if (!c || c->fk)
			continue;
		f = ORM_NEW(ctx->arena, OrmForeignKey);
		f->name = name;
		f->ondelete = ondelete;
		f->onupdate = onupdate;
		f->deferrable = deferrable;
		f->seq = seq;
		cat_fk_target(ctx->arena, f, ref_table ? ref_table : "?",
					  i < nref ? ref_cols[i] : NULL);
		c->fk = f;
	}
}

/* Does clause cl describe the foreign key (cols -> ref_table)? */
static bool
cat_fk_matches(const CatClause *cl, const char **cols, int ncols, const char *ref_table)
{
	int			i;

	if (cl->kind != 'f' || cl->ncols != ncols || !orm_strieq(cl->ref_table, ref_table))
		return false;
	for (i = 0; i < ncols; i++)
		if (!orm_strieq(cl->cols[i], cols[i]))
			return false;
	return true;
}

static int
cat_constraints(OrmCtx *ctx, MigTable *mt)
{
	const OrmMigDialect *md = ctx->dialect->mig;
	OrmTable   *t = mt->t;
	OrmPtrVec	clauses = {0};
	OrmParam	p = cat_param(t->name);
	OrmRows		rows;
	int			r,
				i,
				seq = 0;

	if (md->table_sql)
	{
		if (orm_ctx_query(ctx, md->table_sql, 1, &p, &rows) < 0)
			return -1;
		if (rows.nrows > 0 && cat_text(ctx->arena, &ORM_ROW(&rows, 0)[0]))
			cat_clauses(ctx->arena, cat_text(ctx->arena, &ORM_ROW(&rows, 0)[0]), &clauses);
		for (i = 0; i < clauses.n; i++)
		{
			CatClause  *cl = clauses.items[i];

			if (cl->kind == 'p')
				t->pk_name = cl->name;
			else if (cl->kind == 'u')
			{
				OrmUnique  *u = ORM_NEW(ctx->arena, OrmUnique);

				u->name = cl->name;
				u->cols = cat_cols(ctx->arena, t, cl->cols, cl->ncols, &u->ncols);
				u->seq = ++seq;
				if (u->ncols > 0)
					orm_vec_push(ctx->arena, &t->uniques, u);
			}
			else if (cl->kind == 'c' && cl->check)
			{
				OrmCheck   *ck = ORM_NEW(ctx->arena, OrmCheck);

				ck->name = cl->name;
				ck->sqltext = cl->check;
				ck->seq = ++seq;
				orm_vec_push(ctx->arena, &t->checks, ck);
			}
		}
	}
	if (!md->constraints_sql)
		return 0;
	if (orm_ctx_query(ctx, md->constraints_sql, 1, &p, &rows) < 0)
		return -1;
	for (r = 0; r < rows.nrows; r++)
	{
		const OrmValue *row = ORM_ROW(&rows, r);
		const char *name = cat_text(ctx->arena, &row[0]);
		const char *kind = cat_text(ctx->arena, &row[1]);
		const char **cols,
				  **ref_cols;
		int			ncols = cat_json_names(ctx, cat_text(ctx->arena, &row[2]), &cols);
		int			nref = cat_json_names(ctx, cat_text(ctx->arena, &row[5]), &ref_cols);

		if (!kind)
			continue;
		if (kind[0] == 'p')
			t->pk_name = name;
		else if (kind[0] == 'u')
		{
			OrmUnique  *u = ORM_NEW(ctx->arena, OrmUnique);

			u->name = name;
			u->cols = cat_cols(ctx->arena, t, cols, ncols, &u->ncols);
			u->seq = ++seq;
			orm_vec_push(ctx->arena, &t->uniques, u);
		}
		else if (kind[0] == 'c')
		{
			OrmCheck   *ck = ORM_NEW(ctx->arena, OrmCheck);
			const char *def = cat_text(ctx->arena, &row[3]);
			size_t		n;

			if (!def)
				continue;
			/* "CHECK (expr)" [NOT VALID] -> expr */
			if (strncmp(def, "CHECK (", 7) == 0 && (n = strlen(def)) > 8 && def[n - 1] == ')')
				def = orm_strndup(ctx->arena, def + 7, n - 8);
			ck->name = name;
			ck->sqltext = def;
			ck->seq = ++seq;
			orm_vec_push(ctx->arena, &t->checks, ck);
		}
		else if (kind[0] == 'f')
		{
			const char *ref = cat_text(ctx->arena, &row[4]);
			const char *defer = cat_text(ctx->arena, &row[8]);
			bool		named = name != NULL;

			/* SQLite: the name and DEFERRABLE from the CREATE TABLE text */
			for (i = 0; i < clauses.n; i++)
				if (cat_fk_matches(clauses.items[i], cols, ncols, ref))
				{
					if (!named)
						name = ((CatClause *) clauses.items[i])->name;
					if (!defer || ((CatClause *) clauses.items[i])->deferrable)
						defer = ((CatClause *) clauses.items[i])->deferrable;
				}
			cat_add_fk(ctx, t, name, cols, ncols, ref, ref_cols, nref,
					   cat_text(ctx->arena, &row[6]), cat_text(ctx->arena, &row[7]),
					   defer, ++seq);
		}
	}
	return 0;
}

/* A SQLite partial index's predicate as SQLAlchemy reflects it (its
 * partial_pred_re, r"\)\s+where\s+(.+)", case-insensitive, searched in
 * the CREATE INDEX text: the rest of that line), or NULL. */
static const char *
cat_sqlite_where(OrmCtx *ctx, const char *sql)
{
	const char *p;

	for (p = sql; *p; p++)
	{
		const char *q = p + 1,
				   *e;

		if (*p != ')')
			continue;
		if (!isspace((unsigned char) *q))
			continue;
		while (isspace((unsigned char) *q))
			q++;
		if (tolower((unsigned char) q[0]) != 'w' || tolower((unsigned char) q[1]) != 'h' ||
			tolower((unsigned char) q[2]) != 'e' || tolower((unsigned char) q[3]) != 'r' ||
			tolower((unsigned char) q[4]) != 'e' || !isspace((unsigned char) q[5]))
			continue;
		q += 5;
		while (isspace((unsigned char) *q) && *q != '\n')
			q++;
		for (e = q; *e && *e != '\n'; e++)
			;
		if (e == q)
			continue;
		return orm_strndup(ctx->arena, q, (size_t) (e - q));
	}
	return NULL;
}

static int
cat_indexes(OrmCtx *ctx, MigTable *mt)
{
	OrmTable   *t = mt->t;
	OrmParam	p = cat_param(t->name);
	OrmRows		rows;
	int			r = 0;

	if (orm_ctx_query(ctx, ctx->dialect->mig->indexes_sql, 1, &p, &rows) < 0)
		return -1;
	while (r < rows.nrows)
	{
		const char *name = cat_text(ctx->arena, &ORM_ROW(&rows, r)[0]);
		OrmIndex   *ix = ORM_NEW(ctx->arena, OrmIndex);
		OrmPtrVec	cols = {0},
					exprs = {0};
		bool		raw = false,
					any_expr = false;
		const char *sql = cat_text(ctx->arena, &ORM_ROW(&rows, r)[6]);
		int			s = r;

		ix->name = name ? name : "";
		ix->unique = cat_int(&ORM_ROW(&rows, r)[1]) != 0;
		/* a PostgreSQL access method other than btree, as SQLAlchemy reflects it */
		ix->pg_using = cat_text(ctx->arena, &ORM_ROW(&rows, r)[7]);
		for (; r < rows.nrows && orm_streq(cat_text(ctx->arena, &ORM_ROW(&rows, r)[0]), name); r++)
		{
			const OrmValue *row = ORM_ROW(&rows, r);
			const char *cn = cat_text(ctx->arena, &row[3]);
			const char *ex = cat_text(ctx->arena, &row[4]);
			OrmColumn  *c = cat_col(t, cn);

			if (c && !ex)
			{
				orm_vec_push(ctx->arena, &cols, c);
				orm_vec_push(ctx->arena, &exprs, NULL);
			}
			else if (ex)
			{
				orm_vec_push(ctx->arena, &exprs, (void *) ex);
				any_expr = true;
			}
			else
				raw = true;		/* an expression the catalog does not print (SQLite) */
			if (sql ? cat_int(&row[5]) != 0 : cat_text(ctx->arena, &row[5]) != NULL)
			{
				if (!sql)
					ix->pg_where = cat_text(ctx->arena, &row[5]);
				else if (!(ix->sqlite_where = cat_sqlite_where(ctx, sql)))
					raw = true;
			}
		}
		if (r == s)
			r++;				/* a NULL name: never loop */
		if (raw)
		{
			if (sql)
				orm_vec_push(ctx->arena, &mt->raw_indexes, (void *) sql);
			continue;
		}
		ix->ncols = cols.n;
		ix->cols = (OrmColumn **) cols.items;
		if (any_expr)
		{
			ix->nexprs = exprs.n;
			ix->exprs = (const char **) exprs.items;
		}
		orm_vec_push(ctx->arena, &t->indexes, ix);
	}
	return 0;
}

int
mig_catalog_table(OrmCtx *ctx, const char *name, MigTable **out)
{
	OrmParam	p = cat_param(name);
	OrmRows		rows;
	MigTable   *mt;

	*out = NULL;
	if (orm_ctx_query(ctx, ctx->dialect->table_exists_sql, 1, &p, &rows) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	mt = ORM_NEW(ctx->arena, MigTable);
	mt->t = ORM_NEW(ctx->arena, OrmTable);
	mt->t->name = orm_strdup(ctx->arena, name);
	if (cat_columns(ctx, mt) < 0 || cat_constraints(ctx, mt) < 0 || cat_indexes(ctx, mt) < 0)
		return -1;
	if (ctx->dialect->mig->table_comment_sql)
	{
		if (orm_ctx_query(ctx, ctx->dialect->mig->table_comment_sql, 1, &p, &rows) < 0)
			return -1;
		if (rows.nrows > 0)
			mt->t->comment = cat_text(ctx->arena, &ORM_ROW(&rows, 0)[0]);
	}
	*out = mt;
	return 0;
}

int
mig_catalog_tables(OrmCtx *ctx, OrmPtrVec *names)
{
	OrmParam	p = cat_param(NULL);
	OrmRows		rows;
	int			r;

	if (orm_ctx_query(ctx, ctx->dialect->automap_tables_sql, 1, &p, &rows) < 0)
		return -1;
	for (r = 0; r < rows.nrows; r++)
	{
		const char *n = cat_text(ctx->arena, &ORM_ROW(&rows, r)[0]);

		if (!n || strcmp(n, "alembic_version") == 0 || strcmp(n, "orm_registry") == 0 ||
			strcmp(n, "orm_migrations") == 0)
			continue;
		orm_vec_push(ctx->arena, names, (void *) n);
	}
	return 0;
}
