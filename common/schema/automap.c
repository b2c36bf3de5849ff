/*
 * automap.c -- orm_automap(): sqlalchemy.ext.automap's AutomapBase.prepare()
 * over the live catalog, written out as a declaration source.
 *
 * Owns: reading tables, columns and foreign keys through the dialect's
 * automap_*_sql (one row shape for both engines, see dialect.h), applying
 * automap's rules, and generating declarative Python text
 * (orm_automap_source) that orm_automap (api.c) then declares, parsed and
 * stored like any user declaration (so the mapping is cached, survives
 * reconnects and shows in orm_ddl like the rest).
 *
 * automap's rules, as ext/automap.py applies them with its default hooks:
 *   - a table with exactly two foreign key constraints whose columns are all
 *     of the table's columns is an association table: not mapped, it becomes
 *     the secondary of a many-to-many between the two referred classes
 *     (named <referred lower>_collection on each side);
 *   - any other table with a primary key is a class named after the table;
 *     tables without one are skipped;
 *   - each foreign key constraint of a mapped table to a mapped table gives a
 *     many-to-one named after the referred class lower-cased and its
 *     one-to-many backref <referring class lower>_collection, with
 *     cascade="all, delete-orphan" when the key columns are NOT NULL and
 *     passive_deletes for ON DELETE CASCADE / SET NULL; a name already taken
 *     on a class is not generated again (automap's properties check);
 *   - a relationship name equal to a column name is an error, as it is in
 *     SQLAlchemy.
 * Deterministic where automap is not: automap walks Table.constraints, a
 * set, so with two foreign keys to one table which one gets the names
 * depends on hashing there; here foreign keys go in declaration order
 * (SQLite) or by constraint name (PostgreSQL).
 *
 * Assumes: names are Python identifiers to become class and attribute names;
 * a table or column name that is not (or is a Python keyword, or a name the
 * generated source itself uses) gets a trailing "_" / has other characters
 * replaced by "_".  Tables the registry already has (declared classes or
 * Table()s) and orm_registry (and orm_migrations) are left alone; relationships are derived only
 * among the tables mapped by this call.
 */
#include "schema/automap.h"
#include "base/json.h"

#include <string.h>

#define AM_BASE "AutomapBase"

typedef enum AmRole
{
	AM_SKIP = 0,
	AM_CLASS,
	AM_M2M
} AmRole;

typedef struct AmCol
{
	const char *name;
	const char *attr;			/* Python attribute key */
	const char *type;			/* as the catalog spells it */
	bool		notnull;
	const char *dflt;			/* default SQL or NULL */
	int			pk;				/* position in the primary key, 0 = none */
	const char *enum_json;		/* PostgreSQL enum labels, JSON array, or NULL */
	const char *identity;		/* "a" GENERATED ALWAYS / "d" BY DEFAULT AS IDENTITY, or NULL */
} AmCol;

typedef struct AmFk
{
	const char *id;
	int			n;
	const char *from[16];
	const char *to[16];			/* NULL: the referred primary key, in order */
	const char *ref;
	const char *ondelete;
} AmFk;

typedef struct AmTable
{
	const char *name;
	const char *cls;			/* class name (AM_CLASS) or variable (AM_M2M) */
	int			ncols;
	AmCol	   *cols;
	int			npk;
	OrmPtrVec	fks;			/* AmFk* */
	AmRole		role;
	OrmPtrVec	taken;			/* const char*: relationship names on the class */
	OrmPtrVec	rels;			/* const char*: generated relationship lines */
} AmTable;

typedef struct Am
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	const char *schema;
	OrmPtrVec	tables;			/* AmTable*, by name */
} Am;

/* ---- names ------------------------------------------------------------------ */

static const char *const am_reserved[] = {
	/* Python keywords and constants */
	"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
	"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
	"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
	"return", "try", "while", "with", "yield",
	/* what the generated source itself names */
	AM_BASE, "DeclarativeBase", "Mapped", "mapped_column", "relationship", "ForeignKey",
	"ForeignKeyConstraint", "Table", "Column", "text", "Enum", "ARRAY", "Integer",
	"BigInteger", "SmallInteger", "String", "CHAR", "Text", "Boolean", "DateTime", "Date",
	"Time", "Interval", "Numeric", "Float", "REAL", "DOUBLE_PRECISION", "LargeBinary",
	"Uuid", "JSON", "JSONB", "metadata", "registry",
	/* names declarations resolve specially */
	"str", "int", "float", "bool", "bytes", "dict", "list", "datetime", "date", "time",
	"timedelta", "uuid", "enum", "decimal", "Decimal", "Optional", "List", "Dict", "Any",
	"func", "sa", "sqlalchemy", "typing",
	NULL
};

static bool
am_is_reserved(const char *s)
{
	for (int i = 0; am_reserved[i]; i++)
		if (strcmp(am_reserved[i], s) == 0)
			return true;
	return strncmp(s, "__", 2) == 0;
}

/* name as a Python identifier: other characters become "_", a reserved word gets "_" */
static char *
am_ident(OrmArena *a, const char *name)
{
	size_t		n = strlen(name);
	char	   *s = orm_alloc(a, n + 3);
	char	   *p = s;

	if (n == 0 || (name[0] >= '0' && name[0] <= '9'))
		*p++ = '_';
	for (size_t i = 0; i < n; i++)
	{
		char		c = name[i];
		bool		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '_';

		*p++ = ok ? c : '_';
	}
	if (am_is_reserved(s))
		*p++ = '_';
	return s;
}

static char *
am_lower(OrmArena *a, const char *s)
{
	char	   *r = orm_strdup(a, s);

	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p - 'A' + 'a');
	return r;
}

/*
 * A relationship name made from a class name (automap's lower-cased
 * referred class, "<x>_collection"): "For" gives "for", a keyword -- "for_",
 * as a column of that name would be.
 */
static const char *
am_rel_name(OrmArena *a, const char *name)
{
	return am_is_reserved(name) ? orm_sprintf(a, "%s_", name) : name;
}

/* A Python string literal. */
static void
am_pystr(OrmBuf *b, const char *s)
{
	orm_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		if (*p == '\\' || *p == '"')
		{
			orm_buf_putc(b, '\\');
			orm_buf_putc(b, (char) *p);
		}
		else if (*p == '\n')
			orm_buf_puts(b, "\\n");
		else if (*p == '\r')
			orm_buf_puts(b, "\\r");
		else if (*p == '\t')
			orm_buf_puts(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			orm_buf_printf(b, "\\x%02x", *p);
		else
			orm_buf_putc(b, (char) *p);
	}
	orm_buf_putc(b, '"');
}

static bool
am_taken(const AmTable *t, const char *name)
{
	for (int i = 0; i < t->taken.n; i++)
		if (strcmp(t->taken.items[i], name) == 0)
			return true;
	return false;
}

static AmTable *
am_table(const Am *am, const char *name)
{
	for (int i = 0; i < am->tables.n; i++)
	{
		AmTable    *t = am->tables.items[i];

		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

static const AmCol *
am_col(const AmTable *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

/* ---- reading the catalog ---------------------------------------------------- */

static const char *
am_text(OrmArena *a, const OrmValue *v)
{
	if (v->kind == ORM_V_NULL)
		return NULL;
	if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
		return orm_sprintf(a, "%lld", (long long) v->i);
	return v->s ? orm_strndup(a, v->s, v->len) : "";
}

static int64_t
am_int(const OrmValue *v)
{
	int64_t		n = 0;

	if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
		return v->i;
	if (v->kind == ORM_V_FLOAT)
		return (int64_t) v->f;
	if (v->s && v->kind != ORM_V_NULL)
		for (size_t i = 0; i < v->len && v->s[i] >= '0' && v->s[i] <= '9' && n < INT32_MAX; i++)
			n = n * 10 + (v->s[i] - '0');
	return n;
}

static int
am_query(Am *am, const char *sql, const char *table, OrmRows *rows, int ncols)
{
	OrmParam	p[2];

	memset(p, 0, sizeof(p));
	if (am->schema)
	{
		p[0].kind = ORM_V_TEXT;
		p[0].s = am->schema;
		p[0].len = strlen(am->schema);
	}
	if (table)
	{
		p[1].kind = ORM_V_TEXT;
		p[1].s = table;
		p[1].len = strlen(table);
	}
	if (!sql)
		return orm_err(am->ctx->err, ORM_ERR_UNSUPPORTED,
					   "orm_automap is not available on %s", am->ctx->dialect->name);
	if (orm_ctx_query(am->ctx, sql, table ? 2 : 1, p, rows) != 0)
		return -1;
	if (rows->nrows > 0 && rows->ncols < ncols)
		return orm_err(am->ctx->err, ORM_ERR_INTERNAL, "catalog query returned %d columns",
					   rows->ncols);
	return 0;
}

static int
am_load_columns(Am *am, AmTable *t)
{
	OrmRows		rows;

	if (am_query(am, am->ctx->dialect->automap_columns_sql, t->name, &rows, 7) != 0)
		return -1;
	t->ncols = rows.nrows;
	t->cols = ORM_NEWN(am->a, AmCol, rows.nrows + 1);
	for (int r = 0; r < rows.nrows; r++)
	{
		const OrmValue *v = ORM_ROW(&rows, r);
		AmCol	   *c = &t->cols[r];

		c->name = am_text(am->a, &v[0]);
		c->type = am_text(am->a, &v[1]);
		c->notnull = am_int(&v[2]) != 0;
		c->dflt = am_text(am->a, &v[3]);
		c->pk = (int) am_int(&v[4]);
		c->enum_json = am_text(am->a, &v[5]);
		c->identity = am_text(am->a, &v[6]);
		if (!c->name)
			return orm_err(am->ctx->err, ORM_ERR_INTERNAL, "catalog column without a name");
		if (!c->type)
			c->type = "";
		if (strcmp(c->name, "metadata") == 0)
			c->attr = "metadata_";	/* declarative reserves "metadata" */
		else
			c->attr = am_ident(am->a, c->name);
		/* "a b" and "a_b" are two columns: two attributes */
		for (int k = 0; k < r; k++)
			if (strcmp(t->cols[k].attr, c->attr) == 0)
			{
				c->attr = orm_sprintf(am->a, "%s_", c->attr);
				k = -1;
			}
		if (c->pk)
			t->npk++;
	}
	return 0;
}

static int
am_load_fks(Am *am, AmTable *t)
{
	OrmRows		rows;
	AmFk	   *fk = NULL;

	if (am_query(am, am->ctx->dialect->automap_fks_sql, t->name, &rows, 6) != 0)
		return -1;
	for (int r = 0; r < rows.nrows; r++)
	{
		const OrmValue *v = ORM_ROW(&rows, r);
		const char *id = am_text(am->a, &v[0]);

		if (!fk || !orm_streq(fk->id, id))
		{
			fk = ORM_NEW(am->a, AmFk);
			fk->id = id;
			fk->ref = am_text(am->a, &v[3]);
			fk->ondelete = am_text(am->a, &v[5]);
			orm_vec_push(am->a, &t->fks, fk);
		}
		if (fk->n == 16)
			return orm_err(am->ctx->err, ORM_ERR_UNSUPPORTED,
						   "foreign key of table \"%s\" has more than 16 columns", t->name);
		fk->from[fk->n] = am_text(am->a, &v[2]);
		fk->to[fk->n] = am_text(am->a, &v[4]);
		if (!fk->ref || !fk->from[fk->n])
			return orm_err(am->ctx->err, ORM_ERR_INTERNAL,
						   "catalog foreign key of table \"%s\" without its columns", t->name);
		fk->n++;
	}
	return 0;
}

static int
am_load(Am *am)
{
	OrmRows		rows;

	if (am_query(am, am->ctx->dialect->automap_tables_sql, NULL, &rows, 1) != 0)
		return -1;
	for (int r = 0; r < rows.nrows; r++)
	{
		const char *name = am_text(am->a, &ORM_ROW(&rows, r)[0]);
		AmTable    *t;

		if (!name || strcmp(name, "orm_registry") == 0 || strcmp(name, "orm_migrations") == 0 ||
			(am->ctx->reg && orm_reg_table(am->ctx->reg, name)))
			continue;
		t = ORM_NEW(am->a, AmTable);
		t->name = name;
		orm_vec_push(am->a, &am->tables, t);
		if (am_load_columns(am, t) != 0 || am_load_fks(am, t) != 0)
			return -1;
	}
	return 0;
}

/* ---- automap's decisions ----------------------------------------------------- */

/* Fills the referred columns of a foreign key that names none (SQLite REFERENCES t). */
static void
am_fk_targets(Am *am, AmFk *fk)
{
	AmTable    *rt = am_table(am, fk->ref);

	for (int i = 0; i < fk->n; i++)
	{
		if (fk->to[i] || !rt)
			continue;
		for (int c = 0; c < rt->ncols; c++)
			if (rt->cols[c].pk == i + 1)
				fk->to[i] = rt->cols[c].name;
	}
}

/* _is_many_to_many: two foreign key constraints covering exactly the table's columns. */
static bool
am_is_m2m(const AmTable *t)
{
	if (t->fks.n != 2)
		return false;
	for (int c = 0; c < t->ncols; c++)
	{
		bool		found = false;

		for (int k = 0; k < 2 && !found; k++)
		{
			const AmFk *fk = t->fks.items[k];

			for (int i = 0; i < fk->n; i++)
				if (orm_streq(fk->from[i], t->cols[c].name))
					found = true;
		}
		if (!found)
			return false;
	}
	for (int k = 0; k < 2; k++)
	{
		const AmFk *fk = t->fks.items[k];

		for (int i = 0; i < fk->n; i++)
			if (!am_col(t, fk->from[i]))
				return false;
	}
	return true;
}

/* A class name not used by another class, automapped or declared. */
static const char *
am_class_name(Am *am, const AmTable *self, const char *table)
{
	const char *name = am_ident(am->a, table);

	for (;;)
	{
		bool		clash = am->ctx->reg && orm_reg_class(am->ctx->reg, name);

		for (int i = 0; i < am->tables.n && !clash; i++)
		{
			const AmTable *o = am->tables.items[i];

			clash = o != self && o->cls && strcmp(o->cls, name) == 0;
		}
		if (!clash)
			return name;
		name = orm_sprintf(am->a, "%s_", name);
	}
}

static void
am_classify(Am *am)
{
	for (int i = 0; i < am->tables.n; i++)
		for (int k = 0; k < ((AmTable *) am->tables.items[i])->fks.n; k++)
			am_fk_targets(am, ((AmTable *) am->tables.items[i])->fks.items[k]);
	for (int i = 0; i < am->tables.n; i++)
	{
		AmTable    *t = am->tables.items[i];

		if (am_is_m2m(t))
		{
			t->role = AM_M2M;
			t->cls = orm_sprintf(am->a, "%s_table", am_ident(am->a, t->name));
		}
		else if (t->npk > 0)
		{
			t->role = AM_CLASS;
			t->cls = am_class_name(am, t, t->name);
		}
	}
}

/* A relationship name on class t; a column of that name is SQLAlchemy's error too. */
static int
am_take(Am *am, AmTable *t, const char *name)
{
	for (int c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].attr, name) == 0)
		{
			orm_err(am->ctx->err, ORM_ERR_DECL,
					"relationship \"%s\" on %s conflicts with column \"%s\"",
					name, t->cls, t->cols[c].name);
			orm_err_hint(am->ctx->err, "SQLAlchemy's automap fails the same way; "
						 "declare this table's class yourself before calling orm_automap().");
			return -1;
		}
	orm_vec_push(am->a, &t->taken, (void *) name);
	return 0;
}

/* "[cls.a, cls.b]": the foreign key's columns as attributes of its class */
static const char *
am_fk_attrs(Am *am, const AmTable *t, const AmFk *fk, bool referred, const AmTable *rt)
{
	OrmBuf		b;

	orm_buf_init(&b, am->a);
	orm_buf_putc(&b, '[');
	for (int i = 0; i < fk->n; i++)
	{
		const AmTable *ot = referred ? rt : t;
		const AmCol *c = am_col(ot, referred ? fk->to[i] : fk->from[i]);

		orm_buf_printf(&b, "%s%s.%s", i ? ", " : "", ot->cls, c ? c->attr : "?");
	}
	orm_buf_putc(&b, ']');
	return orm_buf_cstr(&b);
}

static bool
am_fk_nullable(const AmTable *t, const AmFk *fk)
{
	for (int i = 0; i < fk->n; i++)
	{
		const AmCol *c = am_col(t, fk->from[i]);

		if (c && !c->notnull && !c->pk)
			return true;
	}
	return false;
}

static void
am_add_rel(Am *am, AmTable *t, const char *name, OrmBuf *call)
{
	orm_vec_push(am->a, &t->rels, (void *) orm_sprintf(am->a, "    %s = %s)\n", name,
													   orm_buf_cstr(call)));
}

/* relationship("Target", foreign_keys="[...]" */
static void
am_rel_start(OrmBuf *b, OrmArena *a, const char *target, const char *fks)
{
	orm_buf_init(b, a);
	orm_buf_puts(b, "relationship(");
	am_pystr(b, target);
	if (fks)
	{
		orm_buf_puts(b, ", foreign_keys=");
		am_pystr(b, fks);
	}
}

static void
am_o2m_kws(OrmBuf *b, const AmTable *t, const AmFk *fk)
{
	bool		nullable = am_fk_nullable(t, fk);

	if (!nullable)
	{
		orm_buf_puts(b, ", cascade=\"all, delete-orphan\"");
		if (fk->ondelete && orm_strieq(fk->ondelete, "cascade"))
			orm_buf_puts(b, ", passive_deletes=True");
	}
	else if (fk->ondelete && orm_strieq(fk->ondelete, "set null"))
		orm_buf_puts(b, ", passive_deletes=True");
}

/* _relationships_for_fks for one foreign key of class t */
static int
am_fk_rels(Am *am, AmTable *t, const AmFk *fk)
{
	AmTable    *rt = am_table(am, fk->ref);
	const char *name,
			   *back,
			   *fks;
	bool		has_back;
	OrmBuf		b;

	if (!rt || rt->role != AM_CLASS)
		return 0;
	name = am_rel_name(am->a, am_lower(am->a, rt->cls));
	back = am_rel_name(am->a, orm_sprintf(am->a, "%s_collection", am_lower(am->a, t->cls)));
	fks = am_fk_attrs(am, t, fk, false, NULL);
	if (!am_taken(t, name))
	{
		if (am_take(am, t, name) != 0)
			return -1;
		has_back = !am_taken(rt, back);
		if (has_back && am_take(am, rt, back) != 0)
			return -1;
		am_rel_start(&b, am->a, rt->cls, fks);
		if (rt == t)
		{
			orm_buf_puts(&b, ", remote_side=");
			am_pystr(&b, am_fk_attrs(am, t, fk, true, rt));
		}
		if (has_back)
		{
			orm_buf_puts(&b, ", back_populates=");
			am_pystr(&b, back);
		}
		am_add_rel(am, t, name, &b);
		if (!has_back)
			return 0;
	}
	else if (!am_taken(rt, back))
	{
		if (am_take(am, rt, back) != 0)
			return -1;
		name = NULL;
	}
	else
		return 0;
	am_rel_start(&b, am->a, t->cls, fks);
	if (name)
	{
		orm_buf_puts(&b, ", back_populates=");
		am_pystr(&b, name);
	}
	am_o2m_kws(&b, t, fk);
	am_add_rel(am, rt, back, &b);
	return 0;
}

/* _m2m_relationship for association table m */
static int
am_m2m_rels(Am *am, AmTable *m)
{
	AmTable    *lt = am_table(am, ((AmFk *) m->fks.items[0])->ref),
			   *rt = am_table(am, ((AmFk *) m->fks.items[1])->ref);
	const char *name,
			   *back;
	bool		has_back;
	OrmBuf		b;

	if (!lt || !rt || lt->role != AM_CLASS || rt->role != AM_CLASS)
		return 0;
	if (lt == rt)
		return 0;				/* self-referential: automap's backref collides with itself */
	name = am_rel_name(am->a, orm_sprintf(am->a, "%s_collection", am_lower(am->a, rt->cls)));
	back = am_rel_name(am->a, orm_sprintf(am->a, "%s_collection", am_lower(am->a, lt->cls)));
	if (!am_taken(lt, name))
	{
		if (am_take(am, lt, name) != 0)
			return -1;
		has_back = !am_taken(rt, back);
		if (has_back && am_take(am, rt, back) != 0)
			return -1;
		am_rel_start(&b, am->a, rt->cls, NULL);
		orm_buf_puts(&b, ", secondary=");
		am_pystr(&b, m->name);
		if (has_back)
		{
			orm_buf_puts(&b, ", back_populates=");
			am_pystr(&b, back);
		}
		am_add_rel(am, lt, name, &b);
		if (!has_back)
			return 0;
	}
	else if (!am_taken(rt, back))
	{
		if (am_take(am, rt, back) != 0)
			return -1;
		name = NULL;
	}
	else
		return 0;
	am_rel_start(&b, am->a, lt->cls, NULL);
	orm_buf_puts(&b, ", secondary=");
	am_pystr(&b, m->name);
	if (name)
	{
		orm_buf_puts(&b, ", back_populates=");
		am_pystr(&b, name);
	}
	am_add_rel(am, rt, back, &b);
	return 0;
}

static int
am_relationships(Am *am)
{
	for (int i = 0; i < am->tables.n; i++)
	{
		AmTable    *t = am->tables.items[i];

		if (t->role != AM_CLASS)
			continue;
		for (int k = 0; k < t->fks.n; k++)
			if (am_fk_rels(am, t, t->fks.items[k]) != 0)
				return -1;
	}
	for (int i = 0; i < am->tables.n; i++)
	{
		AmTable    *t = am->tables.items[i];

		if (t->role == AM_M2M && am_m2m_rels(am, t) != 0)
			return -1;
	}
	return 0;
}

/* ---- column types --------------------------------------------------------------- */

typedef struct AmTypeName
{
	const char *sql;			/* upper-case catalog spelling */
	const char *py;				/* declaration type */
	int			args;			/* 0: none; 1: (length); 2: (precision[, scale]); 3: timezone */
} AmTypeName;

static const AmTypeName am_types[] = {
	{"INTEGER", "Integer", 0}, {"INT", "Integer", 0}, {"INT4", "Integer", 0},
	{"SERIAL", "Integer", 0}, {"MEDIUMINT", "Integer", 0},
	{"BIGINT", "BigInteger", 0}, {"INT8", "BigInteger", 0}, {"BIGSERIAL", "BigInteger", 0},
	{"SMALLINT", "SmallInteger", 0}, {"INT2", "SmallInteger", 0},
	{"TINYINT", "SmallInteger", 0}, {"SMALLSERIAL", "SmallInteger", 0},
	{"CHARACTER VARYING", "String", 1}, {"VARCHAR", "String", 1}, {"NVARCHAR", "String", 1},
	{"VARYING CHARACTER", "String", 1}, {"NATIONAL VARCHAR", "String", 1},
	{"CHARACTER", "CHAR", 1}, {"CHAR", "CHAR", 1}, {"NCHAR", "CHAR", 1}, {"BPCHAR", "CHAR", 1},
	{"TEXT", "Text", 0}, {"CLOB", "Text", 0}, {"CITEXT", "Text", 0}, {"NAME", "Text", 0},
	{"BOOLEAN", "Boolean", 0}, {"BOOL", "Boolean", 0},
	{"TIMESTAMP WITH TIME ZONE", "DateTime", 3}, {"TIMESTAMPTZ", "DateTime", 3},
	{"TIMESTAMP WITHOUT TIME ZONE", "DateTime", 0}, {"TIMESTAMP", "DateTime", 0},
	{"DATETIME", "DateTime", 0}, {"DATE", "Date", 0},
	{"TIME WITH TIME ZONE", "Time", 3}, {"TIMETZ", "Time", 3},
	{"TIME WITHOUT TIME ZONE", "Time", 0}, {"TIME", "Time", 0},
	{"INTERVAL", "Interval", 0},
	{"NUMERIC", "Numeric", 2}, {"DECIMAL", "Numeric", 2},
	{"REAL", "REAL", 0}, {"FLOAT4", "REAL", 0},
	{"DOUBLE PRECISION", "DOUBLE_PRECISION", 0}, {"DOUBLE", "DOUBLE_PRECISION", 0},
	{"FLOAT8", "DOUBLE_PRECISION", 0}, {"FLOAT", "Float", 0},
	{"BYTEA", "LargeBinary", 0}, {"BLOB", "LargeBinary", 0},
	{"UUID", "Uuid", 0}, {"JSON", "JSON", 0}, {"JSONB", "JSONB", 0},
	{NULL, NULL, 0}
};

/* Splits "character varying(50)[]" into "CHARACTER VARYING", args "50" and array. */
static void
am_type_parts(OrmArena *a, const char *type, char **base, const char **args, bool *array)
{
	size_t		n = strlen(type);
	char	   *b = orm_alloc(a, n + 1);
	size_t		bl = 0;
	const char *p = type;

	*args = NULL;
	*array = false;
	while (*p == ' ')
		p++;
	for (; *p && *p != '(' && *p != '['; p++)
	{
		char		c = *p;

		if (c == '"')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		if (c == ' ' && (bl == 0 || b[bl - 1] == ' '))
			continue;
		b[bl++] = c;
	}
	while (bl > 0 && b[bl - 1] == ' ')
		b[--bl] = '\0';
	if (*p == '(')
	{
		const char *q = strchr(p, ')');

		if (q)
		{
			*args = orm_strndup(a, p + 1, (size_t) (q - p - 1));
			p = q + 1;
			/* "timestamp(3) with time zone": the words after the arguments */
			while (*p == ' ')
				p++;
			if (*p && *p != '[')
			{
				char	   *rest = orm_sprintf(a, "%s %s", b, p);

				am_type_parts(a, rest, base, &q, array);
				return;
			}
		}
	}
	if (strstr(p, "[]"))
		*array = true;
	*base = b;
}

/* Only digits, commas and spaces: the arguments are numbers we print back. */
static bool
am_numeric_args(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == ',' || *s == ' '))
			return false;
	return true;
}

/* SQLite's type affinity for a name we do not know (sqlite3AffinityType). */
static const char *
am_affinity(const char *base)
{
	if (strstr(base, "INT"))
		return "Integer";
	if (strstr(base, "CHAR") || strstr(base, "CLOB") || strstr(base, "TEXT"))
		return "Text";
	if (strstr(base, "BLOB"))
		return "LargeBinary";
	if (strstr(base, "REAL") || strstr(base, "FLOA") || strstr(base, "DOUB"))
		return "Float";
	return NULL;
}

static int
am_enum_type(Am *am, OrmBuf *b, const AmCol *c, const char *base)
{
	JsonValue  *labels = json_parse(am->a, c->enum_json, strlen(c->enum_json), am->ctx->err);

	if (!labels || labels->kind != JSON_ARRAY)
		return orm_err(am->ctx->err, ORM_ERR_INTERNAL, "bad enum labels for column \"%s\"",
					   c->name);
	orm_buf_puts(b, "Enum(");
	for (int i = 0; i < labels->n; i++)
	{
		if (labels->items[i]->kind != JSON_STRING)
			continue;
		am_pystr(b, labels->items[i]->str);
		orm_buf_puts(b, ", ");
	}
	orm_buf_puts(b, "name=");
	am_pystr(b, am_lower(am->a, base));
	orm_buf_putc(b, ')');
	return 0;
}

/* The declaration type of a catalog column type. */
static int
am_type(Am *am, OrmBuf *b, const AmCol *c)
{
	char	   *base;
	const char *args;
	bool		array;
	const AmTypeName *tn;
	const char *dot;

	am_type_parts(am->a, c->type, &base, &args, &array);
	if ((dot = strrchr(base, '.')) != NULL)
		base = (char *) dot + 1;	/* schema-qualified type name */
	if (array)
		orm_buf_puts(b, "ARRAY(");
	if (c->enum_json)
	{
		if (am_enum_type(am, b, c, base) != 0)
			return -1;
	}
	else
	{
		for (tn = am_types; tn->sql; tn++)
			if (strcmp(tn->sql, base) == 0)
				break;
		if (tn->sql)
		{
			orm_buf_puts(b, tn->py);
			if ((tn->args == 1 || tn->args == 2) && am_numeric_args(args))
				orm_buf_printf(b, "(%s)", args);
			else if (tn->args == 3)
				orm_buf_puts(b, "(timezone=True)");
		}
		else
		{
			const char *aff = am_affinity(base);

			/*
			 * SQLite: a name we do not know has the engine's affinity (NUMERIC
			 * when nothing else matches); no type at all (SQLAlchemy's
			 * NullType) and a PostgreSQL type we do not model read as text.
			 */
			if (!aff)
				aff = (base[0] && !am->ctx->dialect->native_bool) ? "Numeric" : "String";
			orm_buf_puts(b, aff);
		}
	}
	if (array)
		orm_buf_putc(b, ')');
	return 0;
}

/* ---- writing the source -------------------------------------------------------- */

/* A referred table the declaration can name: mapped here or already declared. */
static bool
am_known(const Am *am, const char *table)
{
	const AmTable *t = am_table(am, table);

	if (t)
		return t->role != AM_SKIP;
	return am->ctx->reg && orm_reg_table(am->ctx->reg, table) != NULL;
}

static const AmFk *
am_single_fk(const Am *am, const AmTable *t, const AmCol *c)
{
	for (int k = 0; k < t->fks.n; k++)
	{
		const AmFk *fk = t->fks.items[k];

		if (fk->n == 1 && strcmp(fk->from[0], c->name) == 0 && fk->to[0] &&
			am_known(am, fk->ref))
			return fk;
	}
	return NULL;
}

static void
am_fk_target(OrmBuf *b, const AmFk *fk, int i)
{
	am_pystr(b, orm_sprintf(b->arena, "%s.%s", fk->ref, fk->to[i] ? fk->to[i] : "?"));
}

static void
am_ondelete(OrmBuf *b, const AmFk *fk)
{
	if (fk->ondelete && !orm_strieq(fk->ondelete, "no action"))
	{
		orm_buf_puts(b, ", ondelete=");
		am_pystr(b, fk->ondelete);
	}
}

/*
 * The generated column of a composite primary key: its first column (in
 * column order) that is an identity or takes a sequence's nextval(), as
 * SQLAlchemy's reflection marks them autoincrement=True; NULL when none.
 * It is declared autoincrement=True (so generated: SERIAL, or its
 * Identity), the others autoincrement=False with their default kept.
 */
static const AmCol *
am_composite_autoinc(const AmTable *t)
{
	for (int i = 0; i < t->ncols; i++)
	{
		const AmCol *c = &t->cols[i];

		if (c->pk && (c->identity || (c->dflt && strstr(c->dflt, "nextval("))))
			return c;
	}
	return NULL;
}

/* The arguments after the name of mapped_column("x", ...) / Column("x", ...). */
static int
am_column_args(Am *am, OrmBuf *b, const AmTable *t, const AmCol *c)
{
	const AmFk *fk = am_single_fk(am, t, c);

	am_pystr(b, c->name);
	orm_buf_puts(b, ", ");
	if (am_type(am, b, c) != 0)
		return -1;
	if (fk)
	{
		orm_buf_puts(b, ", ForeignKey(");
		am_fk_target(b, fk, 0);
		am_ondelete(b, fk);
		orm_buf_putc(b, ')');
	}
	if (c->identity)
		orm_buf_puts(b, c->identity[0] == 'a' ? ", Identity(always=True)" : ", Identity()");
	if (c->pk)
		orm_buf_puts(b, ", primary_key=True");
	if (c->notnull && !c->pk)
		orm_buf_puts(b, ", nullable=False");
	if (t->npk > 1 && c->pk)
		orm_buf_puts(b, am_composite_autoinc(t) == c ? ", autoincrement=True" : ", autoincrement=False");
	if (c->dflt && (!strstr(c->dflt, "nextval(") || (t->npk > 1 && c->pk && am_composite_autoinc(t) != c)))
	{
		orm_buf_puts(b, ", server_default=text(");
		am_pystr(b, c->dflt);
		orm_buf_putc(b, ')');
	}
	return 0;
}

/* ForeignKeyConstraint([...], [...]) of the multi-column keys. */
static int
am_fk_constraints(Am *am, OrmBuf *b, const AmTable *t, const char *sep)
{
	int			n = 0;

	for (int k = 0; k < t->fks.n; k++)
	{
		const AmFk *fk = t->fks.items[k];
		bool		ok = fk->n > 1 && am_known(am, fk->ref);

		for (int i = 0; ok && i < fk->n; i++)
			ok = fk->to[i] != NULL;
		if (!ok)
			continue;
		orm_buf_printf(b, "%sForeignKeyConstraint([", n++ ? sep : "");
		for (int i = 0; i < fk->n; i++)
		{
			if (i)
				orm_buf_puts(b, ", ");
			am_pystr(b, fk->from[i]);
		}
		orm_buf_puts(b, "], [");
		for (int i = 0; i < fk->n; i++)
		{
			if (i)
				orm_buf_puts(b, ", ");
			am_fk_target(b, fk, i);
		}
		orm_buf_putc(b, ']');
		am_ondelete(b, fk);
		orm_buf_putc(b, ')');
	}
	return n;
}

static int
am_write_table(Am *am, OrmBuf *b, const AmTable *t)
{
	orm_buf_printf(b, "%s = Table(", t->cls);
	am_pystr(b, t->name);
	orm_buf_puts(b, ", " AM_BASE ".metadata");
	for (int i = 0; i < t->ncols; i++)
	{
		orm_buf_puts(b, ",\n    Column(");
		if (am_column_args(am, b, t, &t->cols[i]) != 0)
			return -1;
		orm_buf_putc(b, ')');
	}
	(void) am_fk_constraints(am, b, t, ",\n    ");
	if (am->schema)
	{
		orm_buf_puts(b, ",\n    schema=");
		am_pystr(b, am->schema);
	}
	orm_buf_puts(b, ",\n)\n\n\n");
	return 0;
}

static int
am_write_class(Am *am, OrmBuf *b, const AmTable *t)
{
	OrmBuf		ta;
	int			nfk;

	orm_buf_printf(b, "class %s(" AM_BASE "):\n    __tablename__ = ", t->cls);
	am_pystr(b, t->name);
	orm_buf_putc(b, '\n');
	orm_buf_init(&ta, am->a);
	nfk = am_fk_constraints(am, &ta, t, ", ");
	if (nfk > 0 || am->schema)
	{
		orm_buf_puts(b, "    __table_args__ = ");
		if (nfk > 0)
			orm_buf_printf(b, "(%s, ", orm_buf_cstr(&ta));
		if (am->schema)
		{
			orm_buf_puts(b, "{\"schema\": ");
			am_pystr(b, am->schema);
			orm_buf_puts(b, "}");
		}
		orm_buf_puts(b, nfk > 0 ? ")\n" : "\n");
	}
	for (int i = 0; i < t->ncols; i++)
	{
		orm_buf_printf(b, "    %s = mapped_column(", t->cols[i].attr);
		if (am_column_args(am, b, t, &t->cols[i]) != 0)
			return -1;
		orm_buf_puts(b, ")\n");
	}
	for (int i = 0; i < t->rels.n; i++)
		orm_buf_puts(b, t->rels.items[i]);
	orm_buf_puts(b, "\n\n");
	return 0;
}

static int
am_write(Am *am, OrmBuf *b, int *nmapped)
{
	*nmapped = 0;
	orm_buf_puts(b, "\"\"\"orm_automap()");
	if (am->schema)
		orm_buf_printf(b, " of schema %s", am_ident(am->a, am->schema));
	orm_buf_puts(b, "\"\"\"\n\nclass " AM_BASE "(DeclarativeBase):\n    pass\n\n\n");
	for (int i = 0; i < am->tables.n; i++)
	{
		const AmTable *t = am->tables.items[i];

		if (t->role == AM_M2M)
		{
			(*nmapped)++;
			if (am_write_table(am, b, t) != 0)
				return -1;
		}
	}
	for (int i = 0; i < am->tables.n; i++)
	{
		const AmTable *t = am->tables.items[i];

		if (t->role == AM_CLASS)
		{
			(*nmapped)++;
			if (am_write_class(am, b, t) != 0)
				return -1;
		}
	}
	return 0;
}

/* ---- entry points -------------------------------------------------------------- */

int
orm_automap_source(OrmCtx *ctx, const char *schema, char **source)
{
	Am			am;
	OrmBuf		b;
	int			n;

	*source = NULL;
	memset(&am, 0, sizeof(am));
	am.ctx = ctx;
	am.a = ctx->arena;
	am.schema = schema;
	if (am_load(&am) != 0)
		return -1;
	am_classify(&am);
	if (am_relationships(&am) != 0)
		return -1;
	orm_buf_init(&b, ctx->arena);
	if (am_write(&am, &b, &n) != 0)
		return -1;
	if (n > 0)
		*source = (char *) orm_buf_cstr(&b);
	return 0;
}
