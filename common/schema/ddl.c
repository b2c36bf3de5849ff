/*
 * ddl.c -- CREATE/DROP statements for the declared tables (metadata.create_all).
 *
 * Owns: orm_ddl_text (orm_ddl), orm_ddl_create_all, orm_ddl_drop_all.
 * The text is what SQLAlchemy 2.0's DDL compiler emits for the same
 * metadata on the same dialect, except that every identifier is quoted:
 *
 *   CREATE TYPE "poststatus" AS ENUM ('DRAFT', 'PUBLISHED')   (PostgreSQL, every
 *                                            type first, as metadata before_create)
 *   CREATE TABLE "posts" (
 *   	"id" SERIAL NOT NULL,
 *   	"status" "poststatus" NOT NULL,
 *   	"created_at" TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL,
 *   	PRIMARY KEY ("id"),
 *   	<__table_args__ constraints in order>,
 *   	<per column, in column order: FOREIGN KEY / UNIQUE>
 *   )
 *   CREATE [UNIQUE] INDEX "ix_posts_slug" ON "posts" ("slug")
 *
 * Tables come in foreign-key order (orm_registry_sorted_tables, the order
 * create_all uses).  Tables in a foreign-key cycle get their foreign keys by
 * ALTER TABLE after all tables where the dialect has_alter_fk (PostgreSQL),
 * inline elsewhere, as SQLAlchemy does; drop_all drops a cycle's tables in
 * one DROP TABLE there.  A column with unique=True and index=True gets a unique
 * index and no UNIQUE constraint, as in SQLAlchemy.  SQLite server defaults
 * follow SQLAlchemy's rule: an expression that is not a quoted literal or
 * parenthesized and contains a non-word character is wrapped in parentheses.
 * The dialect's table options (postgresql_partition_by, postgresql_inherits,
 * sqlite_strict, ...) follow the closing parenthesis as SQLAlchemy's
 * post_create_table writes them (dialect table_options_sql); an implicit
 * composite key lists its autoincrement=True column first (SERIAL on
 * PostgreSQL, refused on SQLite as SQLAlchemy refuses it).
 * Identity() and Computed() columns, sqlite_autoincrement, UPPERCASE types
 * (TIMESTAMP, UUID, DATETIME), expression indexes with postgresql_using /
 * postgresql_where / sqlite_where, and naming-convention constraint names
 * are spelled per dialect as SQLAlchemy spells them.  Generated index and
 * constraint names (ix_<label>, naming conventions) longer than the dialect's
 * max_identifier_length are shortened as SQLAlchemy does (ddl_ident_max).
 *
 * Assumes a resolved registry.  Identifiers only through orm_quote_ident;
 * the only literals spliced are the declared server defaults, enum labels
 * (through orm_quote_literal) and the SQL text the declaration gives
 * (text() in server defaults, CHECK, Computed, index expressions).  SQL
 * runs only via orm_ctx_query.
 */
#include "schema/ddl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pieces ---------------------------------------------------------------- */

static void
ddl_table_name(OrmBuf *out, const OrmTable *t)
{
	if (t->schema)
	{
		orm_quote_ident(out, t->schema);
		orm_buf_putc(out, '.');
	}
	orm_quote_ident(out, t->name);
}

static void
ddl_col_list(OrmBuf *out, OrmColumn **cols, int n)
{
	int			i;

	orm_buf_putc(out, '(');
	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_puts(out, ", ");
		orm_quote_ident(out, cols[i]->name);
	}
	orm_buf_putc(out, ')');
}

static bool
ddl_is_native_enum(const OrmCtx *ctx, const OrmType *t)
{
	return t->kind == ORM_T_ENUM && ctx->dialect->native_enum && t->native_enum &&
		t->enum_type_name != NULL;
}

/*
 * Column clauses in PostgreSQL's order (identity columns, GENERATED before
 * NOT NULL) on the dialect with SERIAL keys; elsewhere SQLite's (no
 * identity, GENERATED after NOT NULL).
 */
static bool
ddl_pg_columns(const OrmCtx *ctx)
{
	/* the dialect with SERIAL keys is PostgreSQL */
	return ctx->dialect->serial_pk;
}

/*
 * A type SQLAlchemy spells differently from the dialect's generic spelling
 * of its kind: the UPPERCASE types DATETIME and UUID by their own name
 * everywhere, TIMESTAMP by its own name outside PostgreSQL, Float(n)
 * without the precision on SQLite.  NULL: the dialect's spelling.
 */
static const char *
ddl_named_type(const OrmCtx *ctx, const OrmType *t)
{
	bool		pg = ddl_pg_columns(ctx);

	if (!t->sql_name)
		return t->kind == ORM_T_FLOAT && t->precision >= 0 && !pg ? "FLOAT" : NULL;
	if (strcmp(t->sql_name, "DATETIME") == 0 || strcmp(t->sql_name, "UUID") == 0)
		return t->sql_name;
	if (strcmp(t->sql_name, "TIMESTAMP") == 0 && !pg)
		return t->sql_name;
	return NULL;
}

/* The column's type on this dialect: a with_variant() type for it, else its own. */
static const OrmType *
ddl_dialect_type(const OrmCtx *ctx, const OrmType *t)
{
	const OrmType *v = ddl_pg_columns(ctx) ? t->pg_variant : t->sqlite_variant;

	return v ? v : t;
}

/* The column's Sequence() where the engine has sequences (else NULL: ignored). */
static const char *
ddl_sequence(const OrmCtx *ctx, const OrmColumn *c)
{
	return c->sequence && ctx->dialect->sequence_exists_sql ? c->sequence : NULL;
}

/* Every Sequence() of the metadata, once each by name (columns in table order). */
static void
ddl_all_sequences(OrmCtx *ctx, OrmPtrVec *out)
{
	int			i,
				j,
				k;

	for (i = 0; i < ctx->reg->tables.n; i++)
	{
		const OrmTable *t = ctx->reg->tables.items[i];

		for (j = 0; j < t->ncols; j++)
		{
			const OrmColumn *c = t->cols[j];
			bool		seen = false;

			if (!ddl_sequence(ctx, c))
				continue;
			for (k = 0; k < out->n && !seen; k++)
				seen = strcmp(((const OrmColumn *) out->items[k])->sequence, c->sequence) == 0;
			if (!seen)
				orm_vec_push(ctx->arena, out, (void *) c);
		}
	}
}

static const char *
ddl_sequence_stmt(OrmCtx *ctx, const OrmColumn *c)
{
	OrmBuf		b;

	orm_buf_init(&b, ctx->arena);
	orm_buf_puts(&b, "CREATE SEQUENCE ");
	orm_quote_ident(&b, c->sequence);
	if (c->sequence_opts)
		orm_buf_printf(&b, " %s", c->sequence_opts);
	return orm_buf_cstr(&b);
}

static void
ddl_type(OrmCtx *ctx, OrmBuf *out, const OrmColumn *c)
{
	const OrmType *t = ddl_dialect_type(ctx, &c->type);
	const char *named = ddl_named_type(ctx, t);

	if (named)
	{
		orm_buf_puts(out, named);
		return;
	}

	/* Enum(length=n) stored as VARCHAR(n) */
	if (t->kind == ORM_T_ENUM && !ddl_is_native_enum(ctx, t) && t->length > 0)
	{
		orm_buf_printf(out, "VARCHAR(%d)", t->length);
		return;
	}
	ctx->dialect->type_sql(out, t, c->is_autoinc && ctx->dialect->serial_pk && !c->identity &&
						   !ddl_sequence(ctx, c));
	/* String(collation=): always quoted, as SQLAlchemy writes it */
	if (t->collation && (t->kind == ORM_T_STRING || t->kind == ORM_T_TEXT))
	{
		orm_buf_puts(out, " COLLATE ");
		orm_quote_ident(out, t->collation);
	}
}

/* SQLAlchemy's ANSI functions rendered without parentheses. */
static const char *
ddl_ansi_func(const char *name)
{
	static const char *const ansi[] = {
		"current_timestamp", "current_date", "current_time", "localtimestamp",
		"localtime", "current_user", "session_user", "user", NULL
	};
	int			i;

	for (i = 0; ansi[i]; i++)
		if (orm_strieq(ansi[i], name))
			return ansi[i];
	return NULL;
}

/* The default expression as SQLAlchemy renders it for this dialect. */
static const char *
ddl_default_expr(OrmCtx *ctx, const OrmServerDefault *sd)
{
	OrmBuf		b;
	const char *ansi;

	orm_buf_init(&b, ctx->arena);
	switch (sd->kind)
	{
		case ORM_SD_STRING:
			orm_quote_literal(&b, sd->text);
			break;
		case ORM_SD_TEXT:
			orm_buf_puts(&b, sd->text);
			break;
		case ORM_SD_FUNC:
			if (strcmp(sd->text, "true") == 0 || strcmp(sd->text, "false") == 0)
			{
				/* sa.true() / sa.false() */
				if (ctx->dialect->native_bool)
					orm_buf_puts(&b, sd->text);
				else
					orm_buf_puts(&b, sd->text[0] == 't' ? "1" : "0");
			}
			else if (orm_strieq(sd->text, "now"))
			{
				/* the dialect's now, without the parentheses it may carry for
				 * INSERT use; the wrap rule below decides */
				const char *n = ctx->dialect->now_sql;
				size_t		len = strlen(n);

				if (len >= 2 && n[0] == '(' && n[len - 1] == ')')
					orm_buf_put(&b, n + 1, len - 2);
				else
					orm_buf_puts(&b, n);
			}
			else if ((ansi = ddl_ansi_func(sd->text)) != NULL)
			{
				const char *p;

				for (p = ansi; *p; p++)
					orm_buf_putc(&b, (*p >= 'a' && *p <= 'z') ? *p - 32 : *p);
			}
			else
				orm_buf_printf(&b, "%s()", sd->text);
			break;
		default:
			return NULL;
	}
	return orm_buf_cstr(&b);
}

static bool
ddl_is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || (unsigned char) c >= 0x80;
}

static void
ddl_default(OrmCtx *ctx, OrmBuf *out, const OrmColumn *c)
{
	const char *expr = ddl_default_expr(ctx, &c->server_default);
	const char *p;
	bool		wrap = false;

	if (!expr)
		return;
	if (ctx->dialect->wrap_func_default)
	{
		for (p = expr; *p == ' ' || *p == '\t' || *p == '\n'; p++)
			;
		if (*p != '\'' && *p != '"' && *p != '(')
			for (p = expr; *p; p++)
				if (!ddl_is_word_char(*p))
				{
					wrap = true;
					break;
				}
	}
	orm_buf_puts(out, wrap ? " DEFAULT (" : " DEFAULT ");
	orm_buf_puts(out, expr);
	if (wrap)
		orm_buf_putc(out, ')');
}

/*
 * SQLite's sqlite_autoincrement=True: the single integer primary key column
 * (without a foreign key) carries PRIMARY KEY AUTOINCREMENT itself and the
 * table no PRIMARY KEY clause.  NULL when not so.
 */
static const OrmColumn *
ddl_inline_pk(const OrmTable *t)
{
	const OrmColumn *c = t && t->npk == 1 && !t->pk_mapper_only ? t->pk[0] : NULL;

	if (!c || !t->sqlite_autoincrement || c->fk)
		return NULL;
	if (c->type.kind != ORM_T_INTEGER && c->type.kind != ORM_T_BIGINT &&
		c->type.kind != ORM_T_SMALLINT)
		return NULL;
	return c;
}

static void ddl_constraint_name(OrmBuf *out, const char *name, bool conv, int max);

static void
ddl_computed(OrmBuf *out, const OrmColumn *c, bool pg)
{
	orm_buf_printf(out, " GENERATED ALWAYS AS (%s)", c->computed);
	if (pg || c->computed_persisted == 1)
		orm_buf_puts(out, " STORED");
	else if (c->computed_persisted == 0)
		orm_buf_puts(out, " VIRTUAL");
}

static void
ddl_column(OrmCtx *ctx, OrmBuf *out, const OrmColumn *c)
{
	bool		pg = ddl_pg_columns(ctx);
	bool		identity = pg && c->identity;
	int			i;

	orm_quote_ident(out, c->name);
	orm_buf_putc(out, ' ');
	ddl_type(ctx, out, c);
	ddl_default(ctx, out, c);
	if (c->computed && pg)
		ddl_computed(out, c, pg);
	if (identity)
	{
		orm_buf_putc(out, ' ');
		orm_buf_puts(out, c->identity);
	}
	if (!c->nullable && !identity)
		orm_buf_puts(out, " NOT NULL");
	else if (c->nullable && identity)
		orm_buf_puts(out, " NULL");
	if (!pg && ddl_inline_pk(c->table) == c)
		orm_buf_puts(out, " PRIMARY KEY AUTOINCREMENT");
	if (c->computed && !pg)
		ddl_computed(out, c, pg);
	for (i = 0; i < c->checks.n; i++)
	{
		const OrmCheck *ck = c->checks.items[i];

		/* a column-level constraint: after the column's specification */
		orm_buf_putc(out, ' ');
		ddl_constraint_name(out, ck->name, ck->name_conv, ctx->dialect->max_identifier_length);
		orm_buf_printf(out, "CHECK (%s)", ck->sqltext);
	}
}

/* ---- generated names past max_identifier_length ----------------------------- */

/* MD5 (RFC 1321) of n bytes as 32 lowercase hex digits: the hash suffix of a
 * shortened name. */
static const uint32_t ddl_md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};
static const unsigned char ddl_md5_r[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
};

static void
ddl_md5_block(uint32_t h[4], const unsigned char *blk)
{
	uint32_t	m[16],
				a = h[0],
				b = h[1],
				c = h[2],
				d = h[3];
	int			i;

	for (i = 0; i < 16; i++)
		m[i] = (uint32_t) blk[i * 4] | (uint32_t) blk[i * 4 + 1] << 8 |
			(uint32_t) blk[i * 4 + 2] << 16 | (uint32_t) blk[i * 4 + 3] << 24;
	for (i = 0; i < 64; i++)
	{
		uint32_t	f,
					t;
		int			g;

		if (i < 16)
			f = (b & c) | (~b & d), g = i;
		else if (i < 32)
			f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
		else if (i < 48)
			f = b ^ c ^ d, g = (3 * i + 5) % 16;
		else
			f = c ^ (b | ~d), g = (7 * i) % 16;
		t = a + f + ddl_md5_k[i] + m[g];
		a = d;
		d = c;
		c = b;
		b = b + ((t << ddl_md5_r[i]) | (t >> (32 - ddl_md5_r[i])));
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

static void
ddl_md5_hex(const char *s, size_t n, char hex[33])
{
	uint32_t	h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
	unsigned char blk[64];
	uint64_t	bits = (uint64_t) n * 8;
	size_t		off = 0,
				k;
	int			i;

	for (; n - off >= 64; off += 64)
		ddl_md5_block(h, (const unsigned char *) s + off);
	k = n - off;
	memset(blk, 0, sizeof(blk));
	memcpy(blk, s + off, k);
	blk[k] = 0x80;
	if (k >= 56)
	{
		ddl_md5_block(h, blk);
		memset(blk, 0, sizeof(blk));
	}
	for (i = 0; i < 8; i++)
		blk[56 + i] = (unsigned char) (bits >> (8 * i));
	ddl_md5_block(h, blk);
	for (i = 0; i < 16; i++)
		snprintf(hex + i * 2, 3, "%02x", (unsigned) (h[i / 4] >> (8 * (i % 4))) & 0xff);
}

/* Byte offset of character n (UTF-8) in s, or -1 when s has no more than n characters. */
static long
ddl_char_offset(const char *s, int n)
{
	const char *p;
	int			chars = 0;

	for (p = s; *p; p++)
		if (((unsigned char) *p & 0xc0) != 0x80 && chars++ == n)
			return (long) (p - s);
	return -1;
}

/*
 * Appends a generated name (conv), quoted: past max characters it becomes
 * its first max - 8 characters, "_", and the last 4 hex digits of the MD5 of
 * the whole name, as SQLAlchemy's DDL compiler shortens naming-convention and
 * ix_ names.  A name as declared is written unchanged.
 */
static void
ddl_ident_max(OrmBuf *out, const char *name, bool conv, int max)
{
	OrmBuf		b;
	char		hex[33];
	long		cut;

	if (!conv || max <= 8 || ddl_char_offset(name, max) < 0)
	{
		orm_quote_ident(out, name);
		return;
	}
	cut = ddl_char_offset(name, max - 8);
	ddl_md5_hex(name, strlen(name), hex);
	orm_buf_init(&b, out->arena);
	orm_buf_put(&b, name, (size_t) cut);
	orm_buf_putc(&b, '_');
	orm_buf_puts(&b, hex + 28);
	orm_quote_ident(out, orm_buf_cstr(&b));
}

static void
ddl_constraint_name(OrmBuf *out, const char *name, bool conv, int max)
{
	if (name)
	{
		orm_buf_puts(out, "CONSTRAINT ");
		ddl_ident_max(out, name, conv, max);
		orm_buf_putc(out, ' ');
	}
}

static void
ddl_fk_tail(OrmBuf *out, const OrmForeignKey *fk)
{
	if (fk->ondelete)
		orm_buf_printf(out, " ON DELETE %s", fk->ondelete);
	if (fk->onupdate)
		orm_buf_printf(out, " ON UPDATE %s", fk->onupdate);
	if (fk->deferrable)
		orm_buf_puts(out, fk->deferrable);
}

/*
 * sep FOREIGN KEY(a, b) REFERENCES t (x, y): the columns of t sharing
 * fk->seq (or one).  SQLite (pg false), as SQLAlchemy's SQLite compiler:
 * the referenced table without its schema, and no constraint at all to a
 * table of another schema.
 */
static void
ddl_foreign_key(OrmBuf *out, const OrmTable *t, const OrmColumn *first, const char *sep, bool pg,
				int max)
{
	const OrmForeignKey *fk = first->fk;
	int			i,
				n = 0;

	if (!pg && fk->ref_table && !orm_streq(fk->ref_table->schema, t->schema))
		return;
	orm_buf_puts(out, sep);
	ddl_constraint_name(out, fk->name, fk->name_conv, max);
	orm_buf_puts(out, "FOREIGN KEY(");
	for (i = 0; i < t->ncols; i++)
	{
		const OrmColumn *c = t->cols[i];

		if (c == first || (fk->seq > 0 && c->fk && c->fk->seq == fk->seq))
		{
			if (n++)
				orm_buf_puts(out, ", ");
			orm_quote_ident(out, c->name);
		}
	}
	orm_buf_puts(out, ") REFERENCES ");
	if (fk->ref_table && pg)
		ddl_table_name(out, fk->ref_table);
	else if (fk->ref_table)
		orm_quote_ident(out, fk->ref_table->name);
	orm_buf_puts(out, " (");
	n = 0;
	for (i = 0; i < t->ncols; i++)
	{
		const OrmColumn *c = t->cols[i];

		if (c == first || (fk->seq > 0 && c->fk && c->fk->seq == fk->seq))
		{
			if (n++)
				orm_buf_puts(out, ", ");
			orm_quote_ident(out, c->fk->ref_col ? c->fk->ref_col->name : "?");
		}
	}
	orm_buf_putc(out, ')');
	ddl_fk_tail(out, fk);
}

static void
ddl_unique(OrmBuf *out, const OrmUnique *u, int max)
{
	if (u->ncols == 0)
		return;					/* UniqueConstraint(): SQLAlchemy writes nothing */
	orm_buf_puts(out, ", \n\t");
	ddl_constraint_name(out, u->name, u->name_conv, max);
	orm_buf_puts(out, "UNIQUE ");
	ddl_col_list(out, u->cols, u->ncols);
}

static void
ddl_check(OrmBuf *out, const OrmCheck *ck, int max)
{
	orm_buf_puts(out, ", \n\t");
	ddl_constraint_name(out, ck->name, ck->name_conv, max);
	orm_buf_printf(out, "CHECK (%s)", ck->sqltext);
}

/*
 * __table_args__ constraints in declaration order (seq 1, 2, ...); foreign
 * keys only when with_fks (else they are added by ALTER TABLE).
 */
/* Is fk written inside CREATE TABLE (else by ALTER TABLE: cycles, use_alter)? */
static bool
ddl_fk_inline(const OrmCtx *ctx, const OrmForeignKey *fk, bool with_fks)
{
	return with_fks && !(fk->use_alter && ctx->dialect->has_alter_fk);
}

static void
ddl_table_args(const OrmCtx *ctx, OrmBuf *out, const OrmTable *t, bool with_fks)
{
	int			seq,
				maxseq = orm_table_max_seq(t),
				i;

	for (seq = 1; seq <= maxseq; seq++)
	{
		for (i = 0; i < t->uniques.n; i++)
			if (((OrmUnique *) t->uniques.items[i])->seq == seq)
				ddl_unique(out, t->uniques.items[i], ctx->dialect->max_identifier_length);
		for (i = 0; i < t->checks.n; i++)
			if (((OrmCheck *) t->checks.items[i])->seq == seq)
				ddl_check(out, t->checks.items[i], ctx->dialect->max_identifier_length);
		for (i = 0; i < t->ncols; i++)
			if (t->cols[i]->fk && t->cols[i]->fk->seq == seq)
			{
				if (ddl_fk_inline(ctx, t->cols[i]->fk, with_fks))
					ddl_foreign_key(out, t, t->cols[i], ", \n\t", ddl_pg_columns(ctx),
									ctx->dialect->max_identifier_length);
				break;
			}
	}
	/* constraints without a position (built by other means) */
	for (i = 0; i < t->uniques.n; i++)
		if (((OrmUnique *) t->uniques.items[i])->seq <= 0)
			ddl_unique(out, t->uniques.items[i], ctx->dialect->max_identifier_length);
	for (i = 0; i < t->checks.n; i++)
		if (((OrmCheck *) t->checks.items[i])->seq <= 0)
			ddl_check(out, t->checks.items[i], ctx->dialect->max_identifier_length);
}

/*
 * create_constraint=True where the type is not native: Enum -> CONSTRAINT
 * <type name> CHECK (col IN ('A', 'B')), Boolean -> CHECK (col IN (0, 1)).
 */
static void
ddl_type_check(const OrmCtx *ctx, OrmBuf *out, const OrmColumn *c)
{
	const OrmType *t = &c->type;
	int			i;

	if (!t->create_constraint || (t->kind == ORM_T_BOOLEAN && ctx->dialect->native_bool) ||
		(t->kind == ORM_T_ENUM && (ddl_is_native_enum(ctx, t) || !t->enm)))
		return;
	orm_buf_puts(out, ", \n\t");
	if (t->kind == ORM_T_ENUM)
		ddl_constraint_name(out, t->check_name ? t->check_name : t->enum_type_name, false, 0);
	else if (t->check_name)
		ddl_constraint_name(out, t->check_name, false, 0);
	orm_buf_puts(out, "CHECK (");
	orm_quote_ident(out, c->name);
	orm_buf_puts(out, " IN (");
	for (i = 0; t->kind == ORM_T_ENUM && i < t->enm->n; i++)
	{
		if (i)
			orm_buf_puts(out, ", ");
		orm_quote_literal(out, t->enum_by_value ? t->enm->values[i] : t->enm->names[i]);
	}
	if (t->kind == ORM_T_BOOLEAN)
		orm_buf_puts(out, "0, 1");
	orm_buf_puts(out, "))");
}

/* The CHECK a column's type makes (see ddl_type_check) as "[CONSTRAINT x ]CHECK
 * (...)" for ALTER TABLE ... ADD; false (nothing written) when it makes none. */
bool
orm_ddl_type_check_sql(const OrmCtx *ctx, const OrmColumn *c, OrmBuf *out)
{
	OrmBuf		b;
	const char *s;

	orm_buf_init(&b, ctx->arena);
	ddl_type_check(ctx, &b, c);
	s = orm_buf_cstr(&b);
	if (!*s)
		return false;
	orm_buf_puts(out, s + 4);	/* past ", \n\t" */
	return true;
}

/* Column-level constraints: created when the column is attached, in column
 * order; a column's UNIQUE, then its type's CHECK, then its FOREIGN KEY. */
static void
ddl_column_constraints(const OrmCtx *ctx, OrmBuf *out, const OrmTable *t, bool with_fks)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
	{
		const OrmColumn *c = t->cols[i];

		if (c->unique && !c->index)
		{
			orm_buf_puts(out, ", \n\t");
			ddl_constraint_name(out, c->unique_name, c->unique_name_conv,
								ctx->dialect->max_identifier_length);
			orm_buf_puts(out, "UNIQUE (");
			orm_quote_ident(out, c->name);
			orm_buf_putc(out, ')');
		}
		ddl_type_check(ctx, out, c);
		if (c->fk && c->fk->seq == 0 && ddl_fk_inline(ctx, c->fk, with_fks))
			ddl_foreign_key(out, t, c, ", \n\t", ddl_pg_columns(ctx),
							ctx->dialect->max_identifier_length);
	}
}

/*
 * ALTER TABLE t ADD FOREIGN KEY ... for each foreign key of t (all: a table
 * in a cycle) or each one CREATE TABLE leaves out (use_alter=True), in the
 * order CREATE TABLE would have listed them.
 */
static void
ddl_alter_fks(OrmCtx *ctx, const OrmTable *t, bool all, OrmPtrVec *stmts)
{
	int			i,
				j;

	for (i = 0; i < t->ncols; i++)
	{
		const OrmColumn *c = t->cols[i];
		OrmBuf		b;

		if (!c->fk || (!all && ddl_fk_inline(ctx, c->fk, true)))
			continue;
		for (j = 0; j < i; j++)	/* a composite constraint once */
			if (c->fk->seq > 0 && t->cols[j]->fk && t->cols[j]->fk->seq == c->fk->seq)
				break;
		if (j < i)
			continue;
		orm_buf_init(&b, ctx->arena);
		orm_buf_puts(&b, "ALTER TABLE ");
		ddl_table_name(&b, t);
		orm_buf_puts(&b, " ADD ");
		ddl_foreign_key(&b, t, c, "", true, ctx->dialect->max_identifier_length);
		orm_vec_push(ctx->arena, stmts, (void *) orm_buf_cstr(&b));
	}
}

/*
 * The primary key's columns: an implicit key (primary_key=True columns)
 * lists its autoincrement column first, as SQLAlchemy's
 * columns_autoinc_first does; a PrimaryKeyConstraint(...) keeps its order.
 */
static void
ddl_pk_cols(OrmBuf *out, const OrmTable *t)
{
	const OrmColumn *first = NULL;
	int			i;

	for (i = 0; i < t->npk && !t->pk_explicit; i++)
		if (t->pk[i]->is_autoinc)
			first = t->pk[i];
	if (!first)
	{
		ddl_col_list(out, t->pk, t->npk);
		return;
	}
	orm_buf_putc(out, '(');
	orm_quote_ident(out, first->name);
	for (i = 0; i < t->npk; i++)
		if (t->pk[i] != first)
		{
			orm_buf_puts(out, ", ");
			orm_quote_ident(out, t->pk[i]->name);
		}
	orm_buf_putc(out, ')');
}

/*
 * SQLAlchemy's SQLite compiler refuses an autoincrement=True column in a
 * composite primary key (SQLite generates only a single INTEGER PRIMARY
 * KEY); the dialects without composite_autoinc do too.
 */
static int
ddl_check_autoinc(OrmCtx *ctx, const OrmTable *t)
{
	int			i;

	for (i = 0; i < t->npk && t->npk > 1 && !ctx->dialect->composite_autoinc; i++)
		if (t->pk[i]->is_autoinc)
			return orm_err(ctx->err, ORM_ERR_DECL,
						   "(in table '%s', column '%s'): SQLite does not support autoincrement "
						   "for composite primary keys", t->name, t->pk[i]->name);
	return 0;
}

static void
ddl_create_table(OrmCtx *ctx, OrmBuf *out, const OrmTable *t, bool with_fks)
{
	int			i;

	orm_buf_puts(out, "CREATE TABLE ");
	ddl_table_name(out, t);
	orm_buf_puts(out, " (\n\t");
	for (i = 0; i < t->ncols; i++)
	{
		if (i)
			orm_buf_puts(out, ", \n\t");
		ddl_column(ctx, out, t->cols[i]);
	}
	if (t->npk > 0 && !t->pk_mapper_only && (ddl_pg_columns(ctx) || !ddl_inline_pk(t)))
	{
		orm_buf_puts(out, ", \n\t");
		ddl_constraint_name(out, t->pk_name, t->pk_name_conv, ctx->dialect->max_identifier_length);
		orm_buf_puts(out, "PRIMARY KEY ");
		ddl_pk_cols(out, t);
	}
	ddl_table_args(ctx, out, t, with_fks);
	ddl_column_constraints(ctx, out, t, with_fks);
	orm_buf_puts(out, "\n)");
	ctx->dialect->table_options_sql(out, t);
}

/* (a, lower(b)): an index's columns and expressions in declaration order. */
static void
ddl_index_elements(OrmBuf *out, const OrmIndex *ix)
{
	int			i,
				c = 0;

	orm_buf_putc(out, '(');
	for (i = 0; i < ix->nexprs; i++)
	{
		if (i)
			orm_buf_puts(out, ", ");
		if (ix->exprs[i])
			orm_buf_puts(out, ix->exprs[i]);
		else if (c < ix->ncols)
			orm_quote_ident(out, ix->cols[c++]->name);
	}
	orm_buf_putc(out, ')');
}

static void
ddl_create_index(OrmCtx *ctx, OrmBuf *out, const OrmTable *t, const OrmIndex *ix)
{
	bool		pg = ddl_pg_columns(ctx);
	const char *where;

	orm_buf_puts(out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	/* PostgreSQL: name ON schema.table; SQLite: schema.name ON table */
	if (!pg && t->schema)
	{
		orm_quote_ident(out, t->schema);
		orm_buf_putc(out, '.');
	}
	ddl_ident_max(out, ix->name, ix->name_conv, ctx->dialect->max_identifier_length);
	orm_buf_puts(out, " ON ");
	if (pg)
		ddl_table_name(out, t);
	else
		orm_quote_ident(out, t->name);
	orm_buf_putc(out, ' ');
	if (pg && ix->pg_using)
		orm_buf_printf(out, "USING %s ", ix->pg_using);
	if (ix->exprs)
		ddl_index_elements(out, ix);
	else
		ddl_col_list(out, ix->cols, ix->ncols);
	where = pg ? ix->pg_where : ix->sqlite_where;
	if (where)
		orm_buf_printf(out, " WHERE %s", where);
}

static void
ddl_create_enum(OrmBuf *out, const OrmType *t)
{
	int			i;

	orm_buf_puts(out, "CREATE TYPE ");
	orm_quote_ident(out, t->enum_type_name);
	orm_buf_puts(out, " AS ENUM (");
	for (i = 0; i < t->enm->n; i++)
	{
		if (i)
			orm_buf_puts(out, ", ");
		orm_quote_literal(out, t->enum_by_value ? t->enm->values[i] : t->enm->names[i]);
	}
	orm_buf_putc(out, ')');
}

/* Comment statements (PostgreSQL), each appended with its terminator. */
static void
ddl_comments(OrmCtx *ctx, const OrmTable *t, OrmPtrVec *stmts)
{
	int			i;

	if (!ctx->dialect->has_comments)
		return;
	if (t->comment)
	{
		OrmBuf		b;

		orm_buf_init(&b, ctx->arena);
		orm_buf_puts(&b, "COMMENT ON TABLE ");
		ddl_table_name(&b, t);
		orm_buf_puts(&b, " IS ");
		orm_quote_literal(&b, t->comment);
		orm_vec_push(ctx->arena, stmts, (void *) orm_buf_cstr(&b));
	}
	for (i = 0; i < t->ncols; i++)
	{
		OrmBuf		b;

		if (!t->cols[i]->comment)
			continue;
		orm_buf_init(&b, ctx->arena);
		orm_buf_puts(&b, "COMMENT ON COLUMN ");
		ddl_table_name(&b, t);
		orm_buf_putc(&b, '.');
		orm_quote_ident(&b, t->cols[i]->name);
		orm_buf_puts(&b, " IS ");
		orm_quote_literal(&b, t->cols[i]->comment);
		orm_vec_push(ctx->arena, stmts, (void *) orm_buf_cstr(&b));
	}
}

/* ---- per table statement lists --------------------------------------------- */

/* Native enum types a table uses, first use first, skipping names in *seen. */
static void
ddl_table_enums(OrmCtx *ctx, const OrmTable *t, OrmPtrVec *seen, OrmPtrVec *out)
{
	int			i,
				j;

	for (i = 0; i < t->ncols; i++)
	{
		const OrmType *ty = &t->cols[i]->type;

		if (ty->kind == ORM_T_ARRAY && ty->item)
			ty = ty->item;
		if (!ddl_is_native_enum(ctx, ty))
			continue;
		for (j = 0; j < seen->n; j++)
			if (strcmp(((const OrmType *) seen->items[j])->enum_type_name, ty->enum_type_name) == 0)
				break;
		if (j < seen->n)
			continue;
		orm_vec_push(ctx->arena, seen, (void *) ty);
		orm_vec_push(ctx->arena, out, (void *) ty);
	}
}

/*
 * The order and shape of the whole DDL: tables in create order, and which
 * tables' foreign keys wait for ALTER TABLE (members of a foreign-key cycle,
 * on a dialect that can add constraints later; elsewhere they stay inline).
 */
typedef struct DdlPlan
{
	OrmTable  **tabs;			/* create order */
	int			n;
	int		   *comp;			/* foreign-key component of tabs[i] */
	bool	   *cyclic;			/* tabs[i] is in a foreign-key cycle */
	int		   *dstart;			/* tabs[i] refers to tables of the components */
	int		   *dcomp;			/* dcomp[dstart[i] .. dstart[i + 1]) */
} DdlPlan;

typedef struct DdlPos
{
	const OrmTable *t;
	int			i;
} DdlPos;

static int
ddl_pos_cmp(const void *a, const void *b)
{
	uintptr_t	x = (uintptr_t) ((const DdlPos *) a)->t,
				y = (uintptr_t) ((const DdlPos *) b)->t;

	return x < y ? -1 : x > y;
}

/* Position of t in a DdlPos array sorted by pointer, or -1. */
static int
ddl_pos_of(const DdlPos *pos, int n, const OrmTable *t)
{
	DdlPos		key = {t, 0};
	const DdlPos *hit = bsearch(&key, pos, (size_t) n, sizeof(DdlPos), ddl_pos_cmp);

	return hit ? hit->i : -1;
}

static void
ddl_plan(OrmCtx *ctx, DdlPlan *p)
{
	int		   *comp;
	bool	   *cyclic;
	int			i,
				c,
				ne = 0;
	DdlPos	   *pos;

	p->tabs = orm_registry_sorted_tables(ctx->reg, ctx->arena, &p->n);
	orm_registry_fk_cycles(ctx->reg, ctx->arena, &comp, &cyclic);
	/* reg->tables positions by table, to carry comp/cyclic over to create order */
	pos = ORM_NEWN(ctx->arena, DdlPos, p->n + 1);
	for (i = 0; i < p->n; i++)
	{
		pos[i].t = ctx->reg->tables.items[i];
		pos[i].i = i;
	}
	qsort(pos, (size_t) p->n, sizeof(DdlPos), ddl_pos_cmp);
	p->comp = ORM_NEWN(ctx->arena, int, p->n + 1);
	p->cyclic = ORM_NEWN(ctx->arena, bool, p->n + 1);
	p->dstart = ORM_NEWN(ctx->arena, int, p->n + 1);
	for (i = 0; i < p->n; i++)
	{
		int			k = ddl_pos_of(pos, p->n, p->tabs[i]);

		p->comp[i] = k >= 0 ? comp[k] : -1 - i;
		p->cyclic[i] = k >= 0 && cyclic[k];
		ne += p->tabs[i]->ncols;
	}
	/* the components each table refers to (self-references left out) */
	p->dcomp = ORM_NEWN(ctx->arena, int, ne + 1);
	ne = 0;
	for (i = 0; i < p->n; i++)
	{
		const OrmTable *t = p->tabs[i];

		p->dstart[i] = ne;
		for (c = 0; c < t->ncols; c++)
		{
			const OrmForeignKey *fk = t->cols[c]->fk;
			int			k;

			if (fk && fk->ref_table && fk->ref_table != t &&
				(k = ddl_pos_of(pos, p->n, fk->ref_table)) >= 0)
				p->dcomp[ne++] = comp[k];
		}
	}
	p->dstart[p->n] = ne;
}

static bool
ddl_in_cycle(const OrmCtx *ctx, const DdlPlan *p, int i)
{
	(void) ctx;
	return p->cyclic[i];
}

static bool
ddl_fks_later(const OrmCtx *ctx, const DdlPlan *p, int i)
{
	return ctx->dialect->has_alter_fk && ddl_in_cycle(ctx, p, i);
}

/* CREATE TABLE, its indexes and comments. */
static void
ddl_table_stmts(OrmCtx *ctx, const OrmTable *t, bool with_fks, OrmPtrVec *stmts)
{
	OrmBuf		b;
	int			i;

	orm_buf_init(&b, ctx->arena);
	ddl_create_table(ctx, &b, t, with_fks);
	orm_vec_push(ctx->arena, stmts, (void *) orm_buf_cstr(&b));
	for (i = 0; i < t->indexes.n; i++)
	{
		orm_buf_init(&b, ctx->arena);
		ddl_create_index(ctx, &b, t, t->indexes.items[i]);
		orm_vec_push(ctx->arena, stmts, (void *) orm_buf_cstr(&b));
	}
	ddl_comments(ctx, t, stmts);
}

/*
 * Every native enum type, in the order SQLAlchemy's metadata-level
 * before_create events create them: tables in declaration order, columns in
 * table order, each type name once -- all before the first table.
 */
static void
ddl_all_enums(OrmCtx *ctx, OrmPtrVec *out)
{
	OrmPtrVec	seen = {0};
	int			i;

	for (i = 0; i < ctx->reg->tables.n; i++)
		ddl_table_enums(ctx, ctx->reg->tables.items[i], &seen, out);
}

static const char *
ddl_enum_stmt(OrmCtx *ctx, const OrmType *ty)
{
	OrmBuf		b;

	orm_buf_init(&b, ctx->arena);
	ddl_create_enum(&b, ty);
	return orm_buf_cstr(&b);
}

static void
ddl_put_stmts(OrmBuf *out, const OrmPtrVec *stmts)
{
	int			j;

	for (j = 0; j < stmts->n; j++)
	{
		orm_buf_puts(out, stmts->items[j]);
		orm_buf_puts(out, ";\n");
	}
}

int
orm_ddl_text(OrmCtx *ctx, OrmBuf *out)
{
	DdlPlan		p;
	OrmPtrVec	enums = {0},
				seqs = {0},
				alters = {0};
	int			i;

	ddl_plan(ctx, &p);
	for (i = 0; i < p.n; i++)
		if (ddl_check_autoinc(ctx, p.tabs[i]) < 0)
			return -1;
	ddl_all_enums(ctx, &enums);
	for (i = 0; i < enums.n; i++)
	{
		orm_buf_puts(out, ddl_enum_stmt(ctx, enums.items[i]));
		orm_buf_puts(out, ";\n");
	}
	ddl_all_sequences(ctx, &seqs);
	for (i = 0; i < seqs.n; i++)
	{
		orm_buf_puts(out, ddl_sequence_stmt(ctx, seqs.items[i]));
		orm_buf_puts(out, ";\n");
	}
	for (i = 0; i < p.n; i++)
	{
		OrmPtrVec	stmts = {0};
		bool		later = ddl_fks_later(ctx, &p, i);

		ddl_table_stmts(ctx, p.tabs[i], !later, &stmts);
		ddl_put_stmts(out, &stmts);
		ddl_alter_fks(ctx, p.tabs[i], later, &alters);
	}
	ddl_put_stmts(out, &alters);
	return 0;
}

/* ---- running it ------------------------------------------------------------- */

static int
ddl_exists(OrmCtx *ctx, const char *sql, const char *name, bool *exists)
{
	OrmParam	p;
	OrmRows		rows;

	memset(&p, 0, sizeof(p));
	memset(&rows, 0, sizeof(rows));
	p.kind = ORM_V_TEXT;
	p.s = name;
	p.len = strlen(name);
	if (orm_ctx_query(ctx, sql, 1, &p, &rows) < 0)
		return -1;
	*exists = rows.nrows > 0;
	return 0;
}

static int
ddl_run(OrmCtx *ctx, const char *sql)
{
	return orm_ctx_query(ctx, sql, 0, NULL, NULL);
}

static int
ddl_run_all(OrmCtx *ctx, const OrmPtrVec *stmts)
{
	int			j;

	for (j = 0; j < stmts->n; j++)
		if (ddl_run(ctx, stmts->items[j]) < 0)
			return -1;
	return 0;
}

static void
ddl_json_names(OrmBuf *out, const char *key, OrmPtrVec *names)
{
	int			i;

	orm_buf_printf(out, "\"%s\":[", key);
	for (i = 0; i < names->n; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, names->items[i], strlen(names->items[i]));
	}
	orm_buf_putc(out, ']');
}

static void
ddl_json_result(OrmBuf *out, const char *k1, OrmPtrVec *v1, const char *k2, OrmPtrVec *v2)
{
	orm_buf_putc(out, '{');
	ddl_json_names(out, k1, v1);
	orm_buf_putc(out, ',');
	ddl_json_names(out, k2, v2);
	orm_buf_putc(out, '}');
}

/* CREATE TYPE for every enum type that does not exist yet (PostgreSQL). */
static int
ddl_create_enums(OrmCtx *ctx)
{
	OrmPtrVec	enums = {0};
	int			j;

	ddl_all_enums(ctx, &enums);
	for (j = 0; j < enums.n; j++)
	{
		const OrmType *ty = enums.items[j];
		bool		exists = false;

		if (ctx->dialect->enum_exists_sql &&
			ddl_exists(ctx, ctx->dialect->enum_exists_sql, ty->enum_type_name, &exists) < 0)
			return -1;
		if (!exists && ddl_run(ctx, ddl_enum_stmt(ctx, ty)) < 0)
			return -1;
	}
	return 0;
}

/* CREATE SEQUENCE for every Sequence() that does not exist yet (PostgreSQL). */
static int
ddl_create_sequences(OrmCtx *ctx)
{
	OrmPtrVec	seqs = {0};
	int			j;

	ddl_all_sequences(ctx, &seqs);
	for (j = 0; j < seqs.n; j++)
	{
		const OrmColumn *c = seqs.items[j];
		bool		exists = false;

		if (ddl_exists(ctx, ctx->dialect->sequence_exists_sql, c->sequence, &exists) < 0)
			return -1;
		if (!exists && ddl_run(ctx, ddl_sequence_stmt(ctx, c)) < 0)
			return -1;
	}
	return 0;
}

int
orm_ddl_create_all(OrmCtx *ctx, OrmBuf *json_out)
{
	DdlPlan		p;
	OrmPtrVec	alters = {0},
				created = {0},
				skipped = {0};
	int			i;

	ddl_plan(ctx, &p);
	for (i = 0; i < p.n; i++)
		if (ddl_check_autoinc(ctx, p.tabs[i]) < 0)
			return -1;
	if (ddl_create_enums(ctx) < 0 || ddl_create_sequences(ctx) < 0)
		return -1;
	for (i = 0; i < p.n; i++)
	{
		OrmPtrVec	stmts = {0};
		bool		exists,
					later = ddl_fks_later(ctx, &p, i);

		if (ddl_exists(ctx, ctx->dialect->table_exists_sql, p.tabs[i]->name, &exists) < 0)
			return -1;
		if (exists)
		{
			orm_vec_push(ctx->arena, &skipped, (void *) p.tabs[i]->name);
			continue;
		}
		ddl_table_stmts(ctx, p.tabs[i], !later, &stmts);
		if (ddl_run_all(ctx, &stmts) < 0)
			return -1;
		ddl_alter_fks(ctx, p.tabs[i], later, &alters);
		orm_vec_push(ctx->arena, &created, (void *) p.tabs[i]->name);
	}
	if (ddl_run_all(ctx, &alters) < 0)
		return -1;
	ddl_json_result(json_out, "created", &created, "skipped", &skipped);
	return 0;
}

/*
 * Drop order: the reverse of the create order, except that tables in one
 * foreign-key cycle go together, once no other remaining table depends on
 * any of them -- in one DROP TABLE a, b where the dialect adds foreign keys
 * by ALTER (PostgreSQL drops mutually dependent tables in one statement),
 * else one after the other.  Without cycles this is exactly reversed().
 */
static bool
ddl_same_cycle(const OrmCtx *ctx, const DdlPlan *p, int i, int j)
{
	(void) ctx;
	return p->comp[i] == p->comp[j];
}

/*
 * Can i's group go now: does no remaining table outside it hold a foreign
 * key to one of its tables?  Direct references suffice: a remaining table
 * reaching the group through others reaches it through a remaining one
 * (a table goes only once nothing outside its group refers to it).
 */
static bool
ddl_drop_ready(const OrmCtx *ctx, const DdlPlan *p, const bool *gone, int i)
{
	int			j,
				k;

	for (j = 0; j < p->n; j++)
	{
		if (gone[j] || ddl_same_cycle(ctx, p, i, j))
			continue;
		for (k = p->dstart[j]; k < p->dstart[j + 1]; k++)
			if (p->dcomp[k] == p->comp[i])
				return false;
	}
	return true;
}


/* DROP <what> "name" when exists_sql finds it (DROP ... IF EXISTS is not
 * SQLAlchemy's text: it asks first, as checkfirst does). */
static int
ddl_drop_existing(OrmCtx *ctx, const char *exists_sql, const char *what, const char *name)
{
	bool		exists;
	OrmBuf		b;

	if (ddl_exists(ctx, exists_sql, name, &exists) < 0)
		return -1;
	if (!exists)
		return 0;
	orm_buf_init(&b, ctx->arena);
	orm_buf_printf(&b, "DROP %s ", what);
	orm_quote_ident(&b, name);
	return ddl_run(ctx, orm_buf_cstr(&b)) < 0 ? -1 : 0;
}

int
orm_ddl_drop_all(OrmCtx *ctx, OrmBuf *json_out)
{
	DdlPlan		p;
	OrmPtrVec	seen = {0},
				enums = {0},
				dropped = {0},
				skipped = {0};
	bool	   *gone;
	int			i,
				left;

	ddl_plan(ctx, &p);
	gone = ORM_NEWN(ctx->arena, bool, p.n + 1);
	for (i = 0; i < p.n; i++)
		ddl_table_enums(ctx, p.tabs[i], &seen, &enums);
	for (left = p.n; left > 0;)
	{
		OrmBuf		b;
		int			g,
					k,
					ndrop = 0;

		for (g = p.n - 1; g >= 0; g--)
			if (!gone[g] && ddl_drop_ready(ctx, &p, gone, g))
				break;
		if (g < 0)				/* can't happen; drop the last remaining */
			for (g = p.n - 1; g >= 0 && gone[g]; g--)
				;
		orm_buf_init(&b, ctx->arena);
		for (k = p.n - 1; k >= 0; k--)
		{
			bool		exists;

			if (gone[k] || !ddl_same_cycle(ctx, &p, g, k))
				continue;
			gone[k] = true;
			left--;
			if (ddl_exists(ctx, ctx->dialect->table_exists_sql, p.tabs[k]->name, &exists) < 0)
				return -1;
			if (!exists)
			{
				orm_vec_push(ctx->arena, &skipped, (void *) p.tabs[k]->name);
				continue;
			}
			if (ndrop > 0 && !ctx->dialect->has_alter_fk)
			{
				if (ddl_run(ctx, orm_buf_cstr(&b)) < 0)
					return -1;
				orm_buf_init(&b, ctx->arena);
				ndrop = 0;
			}
			orm_buf_puts(&b, ndrop++ ? ", " : "DROP TABLE ");
			ddl_table_name(&b, p.tabs[k]);
			orm_vec_push(ctx->arena, &dropped, (void *) p.tabs[k]->name);
		}
		if (ndrop > 0 && ddl_run(ctx, orm_buf_cstr(&b)) < 0)
			return -1;
	}
	/* the sequences of the metadata (PostgreSQL), after the tables using them */
	{
		OrmPtrVec	seqs = {0};

		ddl_all_sequences(ctx, &seqs);
		for (i = 0; i < seqs.n; i++)
		{
			const OrmColumn *c = seqs.items[i];

			if (ddl_drop_existing(ctx, ctx->dialect->sequence_exists_sql, "SEQUENCE",
								  c->sequence) < 0)
				return -1;
		}
	}
	/* the enum types of the dropped metadata (PostgreSQL) */
	for (i = 0; i < enums.n && ctx->dialect->enum_exists_sql; i++)
	{
		const OrmType *ty = enums.items[i];

		if (ddl_drop_existing(ctx, ctx->dialect->enum_exists_sql, "TYPE", ty->enum_type_name) < 0)
			return -1;
	}
	ddl_json_result(json_out, "dropped", &dropped, "skipped", &skipped);
	return 0;
}

/* ---- pieces for migrations (migrate_ops.c) ---------------------------------- */

/*
 * The same spellings as create_all, one piece at a time, for op.create_table,
 * op.add_column, op.alter_column, op.create_index, op.create_foreign_key and
 * SQLite's batch copy.  t need not be in the registry; its foreign keys need
 * ref_table and ref_col set.
 */
void
orm_ddl_create_table_sql(OrmCtx *ctx, const OrmTable *t, OrmBuf *out)
{
	ddl_create_table(ctx, out, t, true);
}

/* "name" TYPE [DEFAULT x] [NOT NULL] */
void
orm_ddl_column_sql(OrmCtx *ctx, const OrmColumn *c, OrmBuf *out)
{
	ddl_column(ctx, out, c);
}

void
orm_ddl_type_sql(OrmCtx *ctx, const OrmColumn *c, OrmBuf *out)
{
	ddl_type(ctx, out, c);
}

/* The default expression as DEFAULT writes it (SQLite's parentheses
 * included), or nothing when c has none. */
void
orm_ddl_default_sql(OrmCtx *ctx, const OrmColumn *c, OrmBuf *out)
{
	OrmBuf		b;
	const char *s;

	orm_buf_init(&b, ctx->arena);
	ddl_default(ctx, &b, c);
	s = orm_buf_cstr(&b);
	if (strncmp(s, " DEFAULT ", 9) == 0)
		orm_buf_puts(out, s + 9);
}

void
orm_ddl_index_sql(OrmCtx *ctx, const OrmTable *t, const OrmIndex *ix, OrmBuf *out)
{
	ddl_create_index(ctx, out, t, ix);
}

void
orm_ddl_enum_sql(const OrmType *t, OrmBuf *out)
{
	ddl_create_enum(out, t);
}

/* [CONSTRAINT "n" ]FOREIGN KEY(...) REFERENCES ... for the constraint of column first */
void
orm_ddl_fk_sql(OrmCtx *ctx, const OrmTable *t, const OrmColumn *first, OrmBuf *out)
{
	ddl_foreign_key(out, t, first, "", ddl_pg_columns(ctx), ctx->dialect->max_identifier_length);
}

/* The native enum types t's columns use (PostgreSQL), each once. */
void
orm_ddl_table_enums(OrmCtx *ctx, const OrmTable *t, OrmPtrVec *out)
{
	OrmPtrVec	seen = {0};

	ddl_table_enums(ctx, t, &seen, out);
}
