/*
 * execute.c -- orm_execute: SQLAlchemy 2.0 ORM-enabled insert() / update() /
 * delete() statements, their executemany (bulk) forms and .returning().
 *
 * Owns: orm_execute_run, orm_execute_compile.  Assumes: query.c evaluates
 * the statement text into an SxDml (query.h) whose values are already
 * bound parameters in their column's stored form; compile.c turns an SxDml
 * into SQL; values.c converts JSON input and formats RETURNING rows.  Must
 * not: splice a value into SQL, or run SQL except through orm_ctx_query.
 *
 * How it works.  The statement is planned into a list of SxDml statements,
 * all compiled before the first one runs (a bad row fails before anything is
 * written); several statements run in the host's atomic section, so a bulk
 * call is all or nothing.
 *
 *   insert(User).values(username="a", email="b")
 *     -> one INSERT; Python-side defaults added for columns not given, as
 *        SQLAlchemy's ORM-enabled insert does (is_active=True as a parameter,
 *        func.now() as the dialect's now SQL, datetime.utcnow as host now,
 *        uuid.uuid4 from host random bytes).
 *   session.execute(insert(User), [{...}, {...}])      (params is an array)
 *     -> rows grouped by the columns they set, each group one multi-row
 *        INSERT, split so no statement exceeds dialect->max_params.
 *   update(Post).where(...).values(status=PostStatus.ARCHIVED)
 *     -> one UPDATE; onupdate= columns not set are added.
 *   session.execute(update(User), [{"id": 1, "display_name": "x"}, ...])
 *     -> ORM bulk UPDATE by primary key: one UPDATE ... WHERE pk = ? per row
 *        (the statement's own where() AND-ed in front, as SQLAlchemy 2.0 does).
 *   insert(User).from_select(["username"], select(...))
 *     -> defaults of the columns not named are appended to the select list.
 *   insert(User).values(...).on_conflict_do_update(index_elements=[...],
 *     set_=dict(email=stmt.excluded.email))     (sqlite/postgresql insert())
 *     -> INSERT ... ON CONFLICT ("username") DO UPDATE SET ...; compiled by
 *        compile.c, nothing to plan here (onupdate= does not apply to it, as
 *        in SQLAlchemy).
 *
 * Result: {"rowcount": N} (the rows the engine reports changed), or with
 * .returning() the rows as orm_select shapes them: returning(User) is an
 * array of objects, anything else an array of rows keyed by Row._fields.
 */
#include "orm/execute.h"
#include "orm/query.h"
#include "orm/loader.h"
#include "sql/compile.h"
#include "sql/values.h"
#include "session/shards.h"
#include "base/json.h"

#include <string.h>

/* Parameters a batched INSERT leaves for the rest of the statement (upsert SET). */
#define EX_RESERVED_PARAMS 64

typedef struct ExPlan
{
	OrmCtx	   *ctx;
	SxDml	   *dml;			/* the statement as written */
	OrmPtrVec	stmts;			/* SxDml*: what runs, in order */
	OrmPtrVec	compiled;		/* OrmCompiled*, one per stmt */
} ExPlan;

static const char *
ex_owner(const SxDml *d)
{
	return d->cls ? d->cls->name : d->table->name;
}

/* ---- defaults ------------------------------------------------------------ */

/* A text value in input form (ISO datetime, uuid, ...) bound for column col. */
static SxExpr *
ex_text_param(OrmCtx *ctx, OrmColumn *col, const char *s, size_t n)
{
	OrmParam	p;

	memset(&p, 0, sizeof(p));
	if (orm_value_from_text(ctx->arena, ctx->dialect, s, n, &col->type, &p, ctx->err) < 0)
		return NULL;
	return sx_param(ctx->arena, p, &col->type);
}

static SxExpr *
ex_json_param(OrmCtx *ctx, OrmColumn *col, const JsonValue *v)
{
	OrmParam	p;

	memset(&p, 0, sizeof(p));
	if (v->kind == JSON_NULL)
		return sx_param(ctx->arena, p, &col->type);	/* NULL bound, as SQLAlchemy binds None */
	if (orm_value_from_json(ctx->arena, ctx->dialect, v, &col->type, &p, ctx->err) < 0)
		return NULL;
	return sx_param(ctx->arena, p, &col->type);
}

/* uuid.uuid4(): 16 random bytes with the version and variant bits set. */
static SxExpr *
ex_uuid4(OrmCtx *ctx, OrmColumn *col)
{
	unsigned char b[16];
	char		s[37];
	int			i,
				k = 0;

	memset(b, 0, sizeof(b));
	ctx->host->random(ctx->hs, b, sizeof(b));
	b[6] = (unsigned char) ((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char) ((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			s[k++] = '-';
		s[k++] = "0123456789abcdef"[b[i] >> 4];
		s[k++] = "0123456789abcdef"[b[i] & 15];
	}
	s[k] = '\0';
	return ex_text_param(ctx, col, s, 36);
}

/*
 * The value a Python-side default (default= or onupdate=) gives column col:
 * *out NULL when there is none to apply (no default, default=None).
 */
static int
ex_default(OrmCtx *ctx, OrmColumn *col, const OrmDefault *def, SxExpr **out)
{
	const char *now;
	JsonValue  *j;

	*out = NULL;
	switch (def->kind)
	{
		case ORM_DEF_NONE:
		case ORM_DEF_NULL:
			return 0;
		case ORM_DEF_LITERAL:
			if (!def->json || !(j = json_parse(ctx->arena, def->json, strlen(def->json), ctx->err)))
				return orm_err(ctx->err, ORM_ERR_INTERNAL, "bad default of %s.%s",
							   col->table->name, col->name);
			*out = ex_json_param(ctx, col, j);
			break;
		case ORM_DEF_SQL_NOW:
			*out = ORM_NEW(ctx->arena, SxExpr);
			(*out)->kind = SX_FUNC;
			(*out)->name = "now";
			(*out)->type = &col->type;
			return 0;
		case ORM_DEF_NOW:
		case ORM_DEF_TODAY:
			now = ctx->host->now(ctx->hs, ctx->arena);
			*out = ex_text_param(ctx, col, now, def->kind == ORM_DEF_TODAY ? 10 : strlen(now));
			break;
		case ORM_DEF_UUID4:
			*out = ex_uuid4(ctx, col);
			break;
		case ORM_DEF_DICT:
		case ORM_DEF_LIST:
			j = json_new(ctx->arena, def->kind == ORM_DEF_DICT ? JSON_OBJECT : JSON_ARRAY);
			*out = ex_json_param(ctx, col, j);
			break;
	}
	return *out ? 0 : -1;
}

static int
ex_row_pos(const SxDmlRow *r, const OrmColumn *col)
{
	int			i;

	for (i = 0; i < r->n; i++)
		if (r->cols[i] == col)
			return i;
	return -1;
}

static void
ex_row_add(OrmArena *a, SxDmlRow *r, OrmColumn *col, SxExpr *x)
{
	r->cols = orm_realloc(a, r->cols, sizeof(OrmColumn *) * (size_t) r->n,
						  sizeof(OrmColumn *) * (size_t) (r->n + 1));
	r->exprs = orm_realloc(a, r->exprs, sizeof(SxExpr *) * (size_t) r->n,
						   sizeof(SxExpr *) * (size_t) (r->n + 1));
	r->cols[r->n] = col;
	r->exprs[r->n] = x;
	r->n++;
}

static SxDmlRow *
ex_row_copy(OrmArena *a, const SxDmlRow *r)
{
	SxDmlRow   *c = ORM_NEW(a, SxDmlRow);
	int			i;

	for (i = 0; r && i < r->n; i++)
		ex_row_add(a, c, r->cols[i], r->exprs[i]);
	return c;
}

/* Adds default= (insert) or onupdate= (update) values for columns row does not set. */
static int
ex_apply_defaults(OrmCtx *ctx, OrmTable *t, SxDmlRow *row, bool insert)
{
	SxExpr	   *x;
	int			i;

	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *col = t->cols[i];

		if (ex_row_pos(row, col) >= 0)
			continue;
		if (ex_default(ctx, col, insert ? &col->dflt : &col->onupdate, &x) < 0)
			return -1;
		if (x)
			ex_row_add(ctx->arena, row, col, x);
	}
	return 0;
}

/* ---- executemany input --------------------------------------------------- */

/* The column a params key names: attribute key, else column name; NULL: none. */
static OrmColumn *
ex_col_named(const SxDml *d, const char *key)
{
	OrmColumn  *col = d->cls ? orm_class_attr(d->cls, key) : NULL;

	return col ? col : orm_table_col(d->table, key);
}

/*
 * params[i] (an object) -> a row of bound values.  A key naming no
 * attribute or column is ignored, as SQLAlchemy's bulk INSERT and UPDATE
 * ignore it (the guide's bulk_update_mappings example passes one).
 */
static SxDmlRow *
ex_row_of(OrmCtx *ctx, const SxDml *d, const JsonValue *obj, int idx)
{
	SxDmlRow   *row = ORM_NEW(ctx->arena, SxDmlRow);
	const char *path = orm_sprintf(ctx->arena, "params[%d]", idx);
	OrmColumn  *col;
	SxExpr	   *x;
	int			i;

	if (obj->kind != JSON_OBJECT)
	{
		orm_err(ctx->err, ORM_ERR_PARAM, "each row of params must be a JSON object");
		orm_err_path(ctx->err, path);
		return NULL;
	}
	for (i = 0; i < obj->n; i++)
	{
		const char *kpath = orm_sprintf(ctx->arena, "%s.%s", path, obj->keys[i]);

		if (!(col = ex_col_named(d, obj->keys[i])))
		{
			/* a parent class's attribute that this statement cannot write
			 * (a joined subclass's inherited column) is not ignored */
			for (const OrmClass *k = d->cls ? d->cls->inherits : NULL; k; k = k->inherits)
				if (orm_class_attr(k, obj->keys[i]))
				{
					orm_err(ctx->err, ORM_ERR_UNKNOWN_ATTR, "unknown attribute \"%s\" on %s",
							obj->keys[i], ex_owner(d));
					orm_err_path(ctx->err, kpath);
					return NULL;
				}
			continue;
		}
		if (ex_row_pos(row, col) >= 0)
		{
			orm_err(ctx->err, ORM_ERR_PARAM, "column \"%s\" is given twice", col->name);
			orm_err_path(ctx->err, kpath);
			return NULL;
		}
		if (!(x = ex_json_param(ctx, col, obj->items[i])))
		{
			orm_err_path(ctx->err, kpath);
			return NULL;
		}
		ex_row_add(ctx->arena, row, col, x);
	}
	return row;
}

/* ---- planning ------------------------------------------------------------ */

static SxDml *
ex_stmt(ExPlan *p, const SxDml *like)
{
	SxDml	   *s = ORM_NEW(p->ctx->arena, SxDml);

	*s = *like;
	memset(&s->rows, 0, sizeof(s->rows));
	s->multi = false;
	orm_vec_push(p->ctx->arena, &p->stmts, s);
	return s;
}

static bool
ex_same_cols(const SxDmlRow *a, const SxDmlRow *b)
{
	int			i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (ex_row_pos(b, a->cols[i]) < 0)
			return false;
	return true;
}

/*
 * INSERT rows -> statements: consecutive rows setting the same columns share
 * a multi-row INSERT, at most max_params parameters each.
 */
static int
ex_plan_insert_rows(ExPlan *p, OrmPtrVec *rows)
{
	SxDml	   *cur = NULL;
	SxDmlRow   *first = NULL;
	int			i,
				per;

	for (i = 0; i < rows->n; i++)
	{
		SxDmlRow   *row = rows->items[i];

		if (ex_apply_defaults(p->ctx, p->dml->table, row, true) < 0)
			return -1;
		/* room kept for the parameters of an ON CONFLICT ... DO UPDATE clause */
		per = (p->ctx->dialect->max_params - EX_RESERVED_PARAMS) / (row->n > 0 ? row->n : 1);
		if (per < 1)
			per = 1;
		if (!cur || !ex_same_cols(first, row) || cur->rows.n >= per)
		{
			cur = ex_stmt(p, p->dml);
			cur->multi = rows->n > 1;
			first = row;
		}
		orm_vec_push(p->ctx->arena, &cur->rows, row);
	}
	return 0;
}

/* The statement's own values() row merged under a params row (params win). */
static void
ex_merge_values(OrmArena *a, const SxDml *d, SxDmlRow *row)
{
	const SxDmlRow *v = d->rows.n == 1 ? d->rows.items[0] : NULL;
	int			i;

	for (i = 0; v && i < v->n; i++)
		if (ex_row_pos(row, v->cols[i]) < 0)
			ex_row_add(a, row, v->cols[i], v->exprs[i]);
}

/*
 * insert().from_select(): defaults of the columns not named are appended to
 * a copy of the select list (SQLAlchemy's include_defaults), so
 * INSERT INTO users (username, email, is_active, created_at)
 * SELECT tags.name, ..., ?2 AS anon_2, CURRENT_TIMESTAMP AS now_1 FROM tags.
 */
static int
ex_plan_from_select(ExPlan *p)
{
	OrmArena   *a = p->ctx->arena;
	SxDml	   *s = ex_stmt(p, p->dml);
	SxSelect   *src = p->dml->from_select,
			   *sel;
	OrmTable   *t = p->dml->table;
	SxExpr	   *x;
	int			i,
				j;

	if (src->compound != SXC_NONE)
		return 0;				/* a UNION's width is fixed: defaults do not apply */
	sel = sx_select_new(a);
	*sel = *src;
	memset(&sel->items, 0, sizeof(sel->items));
	for (i = 0; i < src->items.n; i++)
		orm_vec_push(a, &sel->items, src->items.items[i]);
	s->fs_cols = ORM_NEWN(a, OrmColumn *, t->ncols + p->dml->nfs);
	memcpy(s->fs_cols, p->dml->fs_cols, sizeof(OrmColumn *) * (size_t) p->dml->nfs);
	for (i = 0; i < t->ncols; i++)
	{
		for (j = 0; j < p->dml->nfs && p->dml->fs_cols[j] != t->cols[i]; j++)
			;
		if (j < p->dml->nfs)
			continue;
		if (ex_default(p->ctx, t->cols[i], &t->cols[i]->dflt, &x) < 0)
			return -1;
		if (x)
		{
			sx_select_add_item(a, sel, x, NULL);
			s->fs_cols[s->nfs++] = t->cols[i];
		}
	}
	s->from_select = sel;
	return 0;
}

static int
ex_plan_insert(ExPlan *p, const JsonValue *many)
{
	OrmPtrVec	rows = {0};
	int			i;

	if (p->dml->from_select)
	{
		if (many)
			return orm_err_at(p->ctx->err, ORM_ERR_QUERY, p->dml->line, p->dml->col,
							  "from_select() cannot be combined with a list of params");
		return ex_plan_from_select(p);
	}

	if (!many)
	{
		/* values() / values([...]): one statement, as written; every row of a
		 * multi-values insert must set the same columns (compile.c checks) */
		SxDml	   *s = ex_stmt(p, p->dml);

		s->multi = p->dml->multi;
		if (p->dml->rows.n == 0)
			orm_vec_push(p->ctx->arena, &s->rows, ORM_NEW(p->ctx->arena, SxDmlRow));
		for (i = 0; i < p->dml->rows.n; i++)
			orm_vec_push(p->ctx->arena, &s->rows, ex_row_copy(p->ctx->arena, p->dml->rows.items[i]));
		for (i = 0; i < s->rows.n; i++)
			if (ex_apply_defaults(p->ctx, p->dml->table, s->rows.items[i], true) < 0)
				return -1;
		return 0;
	}
	if (p->dml->multi)
		return orm_err_at(p->ctx->err, ORM_ERR_QUERY, p->dml->line, p->dml->col,
						  "a multi-row values() cannot be combined with a list of params");
	for (i = 0; i < many->n; i++)
	{
		SxDmlRow   *row = ex_row_of(p->ctx, p->dml, many->items[i], i);

		if (!row)
			return -1;
		ex_merge_values(p->ctx->arena, p->dml, row);
		orm_vec_push(p->ctx->arena, &rows, row);
	}
	return ex_plan_insert_rows(p, &rows);
}

/* pk = value AND ... for one bulk-update row; the pk columns leave the row. */
static int
ex_pk_where(ExPlan *p, SxDmlRow *row, int idx, SxExpr **where)
{
	OrmTable   *t = p->dml->table;
	SxDmlRow   *rest = ORM_NEW(p->ctx->arena, SxDmlRow);
	SxExpr	   *w = NULL;
	int			i,
				k;

	if (t->npk == 0)
		return orm_err(p->ctx->err, ORM_ERR_QUERY, "bulk update of %s needs a primary key",
					   ex_owner(p->dml));
	for (i = 0; i < t->npk; i++)
	{
		if ((k = ex_row_pos(row, t->pk[i])) < 0)
		{
			orm_err(p->ctx->err, ORM_ERR_PARAM,
					"bulk update by primary key: row has no value for \"%s\"",
					t->pk[i]->attr ? t->pk[i]->attr : t->pk[i]->name);
			orm_err_path(p->ctx->err, orm_sprintf(p->ctx->arena, "params[%d]", idx));
			return -1;
		}
		w = sx_and(p->ctx->arena, w, sx_binary(p->ctx->arena, SXOP_EQ,
											   sx_column(p->ctx->arena, p->dml->from, t->pk[i]),
											   row->exprs[k]));
	}
	for (i = 0; i < row->n; i++)
		if (ex_row_pos(&(SxDmlRow) {t->npk, t->pk, NULL}, row->cols[i]) < 0)
			ex_row_add(p->ctx->arena, rest, row->cols[i], row->exprs[i]);
	*row = *rest;
	*where = w;
	return 0;
}

/* session.execute(update(User), [{"id": 1, ...}, ...]): bulk UPDATE by primary key */
static int
ex_plan_bulk_update(ExPlan *p, const JsonValue *many)
{
	int			i;

	if (p->dml->returning)
		return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
						  "bulk update by primary key does not support returning()");
	if (p->dml->rows.n > 0)
		return orm_err_at(p->ctx->err, ORM_ERR_QUERY, p->dml->line, p->dml->col,
						  "bulk update by primary key takes its values from params, not values()");
	for (i = 0; i < many->n; i++)
	{
		SxDmlRow   *row = ex_row_of(p->ctx, p->dml, many->items[i], i);
		SxExpr	   *w = NULL;
		SxDml	   *s;

		if (!row || ex_pk_where(p, row, i, &w) < 0)
			return -1;
		if (row->n == 0)
			continue;			/* nothing but the key: SQLAlchemy skips it too */
		if (ex_apply_defaults(p->ctx, p->dml->table, row, false) < 0)
			return -1;
		s = ex_stmt(p, p->dml);
		s->where = sx_and(p->ctx->arena, p->dml->where, w);	/* where() first, as SQLAlchemy */
		orm_vec_push(p->ctx->arena, &s->rows, row);
	}
	return 0;
}

static int
ex_plan_update(ExPlan *p)
{
	SxDml	   *s = ex_stmt(p, p->dml);
	SxDmlRow   *row = ex_row_copy(p->ctx->arena, p->dml->rows.n ? p->dml->rows.items[0] : NULL);

	if (row->n == 0)
		return orm_err_at(p->ctx->err, ORM_ERR_QUERY, p->dml->line, p->dml->col,
						  "update() has no values() to set");
	if (ex_apply_defaults(p->ctx, p->dml->table, row, false) < 0)
		return -1;
	orm_vec_push(p->ctx->arena, &s->rows, row);
	return 0;
}

/* Compiles every planned statement (before the first one runs). */
static int
ex_compile_all(ExPlan *p, bool many)
{
	for (int i = 0; i < p->stmts.n; i++)
	{
		OrmCompiled *c = ORM_NEW(p->ctx->arena, OrmCompiled);

		if (orm_compile_dml(p->ctx, p->stmts.items[i], c) < 0)
		{
			if (many)
				orm_err_path(p->ctx->err, orm_sprintf(p->ctx->arena, "params[%d]", i));
			return -1;
		}
		orm_vec_push(p->ctx->arena, &p->compiled, c);
	}
	return 0;
}

static int
ex_plan(ExPlan *p, const JsonValue *many)
{
	if (many && many->kind != JSON_ARRAY)
		many = NULL;
	switch (p->dml->kind)
	{
		case SXD_INSERT:
			if (ex_plan_insert(p, many) < 0)
				return -1;
			break;
		case SXD_UPDATE:
			if ((many ? ex_plan_bulk_update(p, many) : ex_plan_update(p)) < 0)
				return -1;
			break;
		case SXD_DELETE:
			if (many)
				return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
								  "delete() with a list of params is not supported");
			ex_stmt(p, p->dml);
			break;
	}
	return ex_compile_all(p, many != NULL);
}

/* ---- Core executemany: bindparam() in the statement ----------------------- */

static int
ex_path_fail(OrmCtx *ctx, const char *path)
{
	orm_err_path(ctx->err, path);
	return -1;
}

static bool
ex_key_bound(const OrmPtrVec *bound, const char *k)
{
	for (int i = 0; i < bound->n; i++)
		if (strcmp(bound->items[i], k) == 0)
			return true;
	return false;
}

/*
 * session.connection().execute(update(User).where(User.name ==
 * bindparam("u_name")), [{"u_name": "sandy", "fullname": "S"}, ...]): the
 * statement names some keys of the rows (bindparam("k"), or k as a name);
 * it runs once per row with that row's values for them, as Core's
 * executemany does.  The other keys of the first row that name a column
 * are the statement's values (UPDATE's SET, INSERT's columns; ignored by
 * DELETE), and every later row must give them (SQLAlchemy: "A value is
 * required for bind parameter"); keys naming nothing are ignored, as
 * SQLAlchemy ignores them.  first is the statement evaluated with row 0,
 * bound0 the keys it used.
 */
static int
ex_plan_core_many(ExPlan *p, const char *text, const JsonValue *many, SxDml *first,
				  OrmPtrVec *bound0)
{
	OrmCtx	   *ctx = p->ctx;
	const JsonValue *row0 = many->items[0];
	OrmPtrVec	keys = {0},
				cols = {0};

	for (int k = 0; k < row0->n; k++)
	{
		OrmColumn  *col;

		if (ex_key_bound(bound0, row0->keys[k]))
			continue;
		if (!(col = ex_col_named(first, row0->keys[k])))
			continue;
		orm_vec_push(ctx->arena, &keys, (void *) row0->keys[k]);
		orm_vec_push(ctx->arena, &cols, col);
	}
	for (int i = 0; i < many->n; i++)
	{
		const JsonValue *r = many->items[i];
		const char *path = orm_sprintf(ctx->arena, "params[%d]", i);
		SxDml	   *d = first;
		SxSelect   *sel = NULL;
		SxDmlRow   *row;
		int			rc;

		if (r->kind != JSON_OBJECT)
		{
			orm_err(ctx->err, ORM_ERR_PARAM, "each row of params must be a JSON object");
			return ex_path_fail(ctx, path);
		}
		if (i > 0)
		{
			OrmPtrVec	bound = {0};

			if (orm_query_eval_bound(ctx, text, r, &sel, &d, &bound) < 0)
				return ex_path_fail(ctx, path);
		}
		if (d->kind != SXD_DELETE && keys.n > 0)
		{
			if (d->multi || d->from_select)
				return orm_err_at(ctx->err, ORM_ERR_QUERY, d->line, d->col,
								  "a multi-row values() or from_select() cannot be combined "
								  "with a list of params");
			SxDml	   *src = d;

			d = ORM_NEW(ctx->arena, SxDml);
			*d = *src;
			row = ex_row_copy(ctx->arena, d->rows.n ? d->rows.items[0] : NULL);
			memset(&d->rows, 0, sizeof(d->rows));
			orm_vec_push(ctx->arena, &d->rows, row);
			for (int k = 0; k < keys.n; k++)
			{
				const JsonValue *v = json_get(r, keys.items[k]);
				OrmColumn  *col = cols.items[k];
				SxExpr	   *x;
				int			pos;

				if (!v)
				{
					orm_err(ctx->err, ORM_ERR_PARAM,
							"a value is required for \"%s\" in every row (the first row sets it)",
							(const char *) keys.items[k]);
					return ex_path_fail(ctx, path);
				}
				if (!(x = ex_json_param(ctx, col, v)))
					return ex_path_fail(ctx, orm_sprintf(ctx->arena, "%s.%s", path,
															  (const char *) keys.items[k]));
				if ((pos = ex_row_pos(row, col)) >= 0)
					row->exprs[pos] = x;
				else
					ex_row_add(ctx->arena, row, col, x);
			}
		}
		p->dml = d;
		rc = d->kind == SXD_INSERT ? ex_plan_insert(p, NULL) :
			d->kind == SXD_UPDATE ? ex_plan_update(p) : (ex_stmt(p, d), 0);
		if (rc < 0)
			return ex_path_fail(ctx, path);
	}
	p->dml = first;
	return ex_compile_all(p, true);
}

/* Evaluates stmt and plans it; *sel set (nothing planned) when the text is a select(). */
static int
ex_prepare(ExPlan *p, OrmCtx *ctx, const char *stmt, const JsonValue *params,
		   SxSelect **sel)
{
	SxDml	   *dml;

	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	if (params && params->kind == JSON_ARRAY && params->n > 0 &&
		params->items[0]->kind == JSON_OBJECT)
	{
		/* does the statement name keys of the rows (Core's executemany)? */
		OrmPtrVec	bound = {0};

		if (orm_query_eval_bound(ctx, stmt, params->items[0], sel, &dml, &bound) == 0 &&
			!*sel && bound.n > 0)
			return ex_plan_core_many(p, stmt, params, dml, &bound);
		orm_err_clear(ctx->err);
	}
	if (orm_query_eval_stmt(ctx, stmt, params, sel, &dml) < 0)
	{
		if (ctx->err->code == ORM_OK)
			orm_err(ctx->err, ORM_ERR_INTERNAL, "statement evaluation failed without an error message");
		return -1;
	}
	if (*sel)
		return 0;
	p->dml = dml;
	return ex_plan(p, params);
}

/* ---- results ------------------------------------------------------------- */

/*
 * A RETURNING entity: its columns as SQLAlchemy loads them by default -- a
 * deferred column is left out (the statement returns every column; no
 * column_property is returned).
 */
static void
ex_write_obj(OrmCtx *ctx, OrmBuf *out, OrmClass *cls, const OrmValue *v)
{
	int			i;
	bool		first = true;

	orm_buf_putc(out, '{');
	for (i = 0; i < cls->nattrs; i++)
	{
		OrmColumn  *col = cls->attrs[i];
		const char *k = col->attr ? col->attr : col->name;

		if (col->deferred && !col->primary_key)
			continue;
		if (!first)
			orm_buf_putc(out, ',');
		first = false;
		orm_buf_json_str(out, k, strlen(k));
		orm_buf_putc(out, ':');
		orm_value_to_json(out, ctx->dialect, &v[i], &col->type);
	}
	orm_buf_putc(out, '}');
}

static const OrmType *
ex_item_type(const SxExpr *x)
{
	while (x && x->kind == SX_LABEL && !x->type)
		x = x->left;
	return x ? x->type : NULL;
}

/* RETURNING rows, appended to out as elements of the result array. */
static void
ex_write_rows(OrmCtx *ctx, OrmBuf *out, const SxDml *d, const OrmCompiled *c,
			  const OrmRows *rows, bool *first)
{
	SxSelect   *ret = d->returning;
	SxItem	   *only = ret->items.items[0];
	bool		scalars = ret->items.n == 1 && only->expr && only->expr->kind == SX_ENTITY;
	int			r,
				i;

	for (r = 0; r < rows->nrows; r++)
	{
		const OrmValue *row = ORM_ROW(rows, r);

		if (!*first)
			orm_buf_putc(out, ',');
		*first = false;
		if (scalars)
		{
			ex_write_obj(ctx, out, only->expr->from->cls, row + c->item_offset[0]);
			continue;
		}
		orm_buf_putc(out, '{');
		for (i = 0; i < c->nitems; i++)
		{
			SxItem	   *it = ret->items.items[i];

			if (i)
				orm_buf_putc(out, ',');
			orm_buf_json_str(out, c->item_keys[i], strlen(c->item_keys[i]));
			orm_buf_putc(out, ':');
			if (it->expr && it->expr->kind == SX_ENTITY)
				ex_write_obj(ctx, out, it->expr->from->cls, row + c->item_offset[i]);
			else
				orm_value_to_json(out, ctx->dialect, &row[c->item_offset[i]],
								  ex_item_type(it->expr));
		}
		orm_buf_putc(out, '}');
	}
}

static int
ex_run_all(ExPlan *p, OrmBuf *out)
{
	OrmCtx	   *ctx = p->ctx;
	bool		returning = p->dml->returning != NULL,
				first = true;
	int64_t		count = 0;
	int			i;

	if (returning)
		orm_buf_putc(out, '[');
	for (i = 0; i < p->stmts.n; i++)
	{
		OrmCompiled *c = p->compiled.items[i];
		OrmRows		rows;

		memset(&rows, 0, sizeof(rows));
		if (orm_ctx_query(ctx, c->sql, c->nparams, c->params, &rows) < 0)
			return -1;
		count += rows.affected;
		if (returning)
			ex_write_rows(ctx, out, p->stmts.items[i], c, &rows, &first);
	}
	if (returning)
		orm_buf_putc(out, ']');
	else
		orm_buf_printf(out, "{\"rowcount\":%lld}", (long long) count);
	return 0;
}

/*
 * Statements PostgreSQL would get wrong or refuse unhelpfully on a
 * partitioned table whose partitions are foreign tables (postgres_fdw
 * shards; session/shards.c): an UPDATE setting a partition key column
 * changes the rows on the shard where they are, never moving them to the
 * shard the new value belongs to; an ON CONFLICT naming index_elements has
 * no unique index to infer (PostgreSQL allows none on such a table) and
 * fails with 42P10.  Refused here, before anything runs; one catalog query
 * per call, and only on an engine with foreign tables.
 */
static int
ex_check_shards(ExPlan *p)
{
	OrmCtx	   *ctx = p->ctx;
	OrmShards	sh;
	int			i,
				j,
				k;

	if (!ctx->dialect->foreign_partition_keys_sql || p->stmts.n == 0)
		return 0;
	if (p->dml->kind != SXD_UPDATE &&
		!(p->dml->kind == SXD_INSERT && p->dml->nconflict_cols > 0))
		return 0;
	if (orm_shards_of(ctx, p->dml->table, &sh) < 0)
		return -1;
	if (!sh.foreign)
		return 0;
	if (p->dml->kind == SXD_INSERT)
	{
		orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
				   "%s with index_elements over \"%s\": its partitions include foreign "
				   "tables, and PostgreSQL keeps no unique index across shards to detect "
				   "the conflict with",
				   p->dml->conflict == SXC_CONFLICT_UPDATE ? "on_conflict_do_update" :
				   "on_conflict_do_nothing", p->dml->table->name);
		orm_err_hint(ctx->err, "Each shard checks its own constraints: on_conflict_do_nothing() "
					 "without index_elements runs there; or look the row up and flush an "
					 "update or an add.");
		return -1;
	}
	for (i = 0; i < p->stmts.n; i++)
	{
		const SxDml *d = p->stmts.items[i];

		for (j = 0; j < d->rows.n; j++)
		{
			const SxDmlRow *r = d->rows.items[j];

			for (k = 0; k < r->n; k++)
				if (orm_shards_moves(&sh, r->cols[k]))
				{
					orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
							   "update() sets \"%s\", a partition key column of \"%s\", whose "
							   "partitions include foreign tables: the shards would change the "
							   "rows where they are instead of moving them to the partition the "
							   "new value belongs to", r->cols[k]->name, d->table->name);
					orm_err_hint(ctx->err, "orm_flush moves such a row (a delete and an insert); "
								 "so does a delete and an insert of your own.");
					return -1;
				}
		}
	}
	return 0;
}

/* Runs the plan; several statements together in the host's atomic section. */
static int
ex_run(ExPlan *p, OrmBuf *out)
{
	OrmCtx	   *ctx = p->ctx;
	bool		atomic = p->stmts.n > 1 && ctx->host->begin_atomic;

	if (p->stmts.n == 0)
	{
		orm_buf_puts(out, p->dml->returning ? "[]" : "{\"rowcount\":0}");
		return 0;
	}
	if (ex_check_shards(p) < 0)
		return -1;
	if (atomic && ctx->host->begin_atomic(ctx->hs, ctx->err) < 0)
		return -1;
	if (ex_run_all(p, out) < 0)
	{
		if (atomic)
			ctx->host->rollback_atomic(ctx->hs);
		return -1;
	}
	if (atomic && ctx->host->commit_atomic(ctx->hs, ctx->err) < 0)
		return -1;
	return 0;
}

/* ---- entry points -------------------------------------------------------- */

int
orm_execute_compile(OrmCtx *ctx, const char *stmt, const JsonValue *params, OrmBuf *out)
{
	ExPlan		p;
	SxSelect   *sel;
	int			i;

	if (ex_prepare(&p, ctx, stmt, params, &sel) < 0)
		return -1;
	if (sel)
		return orm_compile_text(ctx, sel, out);
	for (i = 0; i < p.compiled.n; i++)
	{
		if (i)
			orm_buf_puts(out, ";\n");
		orm_buf_puts(out, ((OrmCompiled *) p.compiled.items[i])->sql);
	}
	return 0;
}

int
orm_execute_run(OrmCtx *ctx, const char *stmt, const JsonValue *params, OrmBuf *out)
{
	SxSelect   *sel;
	ExPlan		p;

	if (params && params->kind != JSON_OBJECT && params->kind != JSON_ARRAY &&
		params->kind != JSON_NULL)
		return orm_err(ctx->err, ORM_ERR_PARAM,
					   "params must be a JSON object or an array of objects");
	if (ex_prepare(&p, ctx, stmt, params, &sel) < 0)
		return -1;
	if (sel)
		return orm_err_at(ctx->err, ORM_ERR_QUERY, sel->line, sel->col,
						  "orm_execute() runs insert(), update() and delete(); "
						  "use orm_select() for select()");
	return ex_run(&p, out);
}
