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
#include "orm/result.h"
#include "sql/compile.h"
#include "sql/criteria.h"
#include "sql/values.h"
#include "session/shards.h"
#include "base/json.h"

#include <string.h>

static const OrmType ex_t_int = {.kind = ORM_T_INTEGER, .precision = -1, .scale = -1};

/* Parameters a batched INSERT leaves for the rest of the statement (upsert SET). */
#define EX_RESERVED_PARAMS 64

typedef struct ExPlan
{
	OrmCtx	   *ctx;
	SxDml	   *dml;			/* the statement as written */
	OrmPtrVec	stmts;			/* SxDml*: what runs, in order */
	OrmPtrVec	compiled;		/* OrmCompiled*, one per stmt */
	/* a bulk insert of a joined subclass (ex_joined_*): its tables' classes,
	 * root first, and per params row one SxDmlRow per table */
	OrmPtrVec	chain;			/* OrmClass* */
	OrmPtrVec	jrows;			/* SxDmlRow**: [row][table] */
	bool		joined_insert;	/* run by ex_joined_insert, not stmts */
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
	if (v->kind == JSON_NULL && col->type.kind != ORM_T_JSON && col->type.kind != ORM_T_JSONB)
		return sx_param(ctx->arena, p, &col->type);	/* NULL bound, as SQLAlchemy binds None
													 * (a JSON column's None is 'null') */
	if (orm_value_from_json(ctx->arena, ctx->dialect, v, &col->type, &p, ctx->err) < 0)
		return NULL;
	return sx_param(ctx->arena, p, &col->type);
}

/* uuid.uuid4() / uuid7(): a new UUID's text (or its hex digits). */
static SxExpr *
ex_uuid(OrmCtx *ctx, OrmColumn *col, int version, bool hex)
{
	unsigned char b[16];
	char		s[37];

	memset(b, 0, sizeof(b));
	ctx->host->random(ctx->hs, b, sizeof(b));
	orm_uuid_text(b, version, version == 7 ? ctx->host->now(ctx->hs, ctx->arena) : NULL, hex, s);
	return ex_text_param(ctx, col, s, strlen(s));
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
		case ORM_DEF_SQL_TEXT:
			/* the declared SQL, verbatim (an SX_RAW marked as literal_column) */
			*out = ORM_NEW(ctx->arena, SxExpr);
			(*out)->kind = SX_RAW;
			(*out)->negated = true;
			(*out)->name = orm_sprintf(ctx->arena, "(%s)", def->json);
			(*out)->type = &col->type;
			return 0;
		case ORM_DEF_NOW:
		case ORM_DEF_TODAY:
			now = ctx->host->now(ctx->hs, ctx->arena);
			*out = ex_text_param(ctx, col, now, def->kind == ORM_DEF_TODAY ? 10 : strlen(now));
			break;
		case ORM_DEF_UUID4:
		case ORM_DEF_UUID4_HEX:
			*out = ex_uuid(ctx, col, 4, def->kind == ORM_DEF_UUID4_HEX);
			break;
		case ORM_DEF_UUID7:
		case ORM_DEF_UUID7_HEX:
			*out = ex_uuid(ctx, col, 7, def->kind == ORM_DEF_UUID7_HEX);
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

	if (!col && d->cls)
	{
		/* an attribute of this table that the class maps by another key */
		const OrmProp *pr = orm_class_prop(d->cls, key);

		for (int k = 0; pr && k < pr->ncols && !col; k++)
			if (pr->cols[k]->table == d->table)
				col = pr->cols[k];
	}
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

/*
 * An ORM bulk insert (params a list) of a class with a polymorphic identity
 * fills its discriminator when the row does not, as SQLAlchemy's does (its
 * values() form does not).
 */
static void
ex_add_identity(OrmCtx *ctx, const OrmClass *cls, SxDmlRow *row)
{
	OrmColumn  *disc = cls ? cls->polymorphic_on : NULL;
	OrmValue	v;

	if (!disc || !cls->polymorphic_identity || ex_row_pos(row, disc) >= 0)
		return;
	orm_identity_value(ctx, ctx->arena, disc, cls->polymorphic_identity, &v);
	ex_row_add(ctx->arena, row, disc, sx_param(ctx->arena, v, &disc->type));
}

/* ---- joined-table inheritance: one row, every table -------------------------- */

static SxDml *ex_stmt(ExPlan *p, const SxDml *like);
static bool ex_same_cols(const SxDmlRow *a, const SxDmlRow *b);
static int	ex_pk_where_of(ExPlan *p, const SxDml *d, SxDmlRow *row, int idx, SxExpr **where);

/*
 * A bulk insert / update of a joined subclass writes each of its tables, as
 * SQLAlchemy's does: a params row's attributes split by table (the primary
 * key attribute, Manager.id = manager.id, employee.id, goes to both), the
 * discriminator filled in the root table's row.
 */
static bool
ex_is_joined(const SxDml *d)
{
	return d->cls && orm_class_multi(d->cls);
}

static int
ex_chain_index(const ExPlan *p, const OrmTable *t)
{
	for (int i = 0; i < p->chain.n; i++)
		if (((OrmClass *) p->chain.items[i])->table == t)
			return i;
	return -1;
}

/* params[idx] -> one SxDmlRow per table of the chain. */
static SxDmlRow **
ex_split_row(ExPlan *p, const JsonValue *obj, int idx)
{
	OrmCtx	   *ctx = p->ctx;
	const OrmClass *cls = p->dml->cls;
	SxDmlRow  **rows = ORM_NEWN(ctx->arena, SxDmlRow *, p->chain.n);
	const char *path = orm_sprintf(ctx->arena, "params[%d]", idx);

	for (int t = 0; t < p->chain.n; t++)
		rows[t] = ORM_NEW(ctx->arena, SxDmlRow);
	if (obj->kind != JSON_OBJECT)
	{
		orm_err(ctx->err, ORM_ERR_PARAM, "each row of params must be a JSON object");
		orm_err_path(ctx->err, path);
		return NULL;
	}
	for (int i = 0; i < obj->n; i++)
	{
		const char *kpath = orm_sprintf(ctx->arena, "%s.%s", path, obj->keys[i]);
		const OrmProp *pr = orm_class_prop(cls, obj->keys[i]);

		if (!pr)
			continue;			/* a key naming nothing: ignored, as SQLAlchemy ignores it */
		for (int k = 0; k < pr->ncols; k++)
		{
			OrmColumn  *col = pr->cols[k];
			int			t = ex_chain_index(p, col->table);
			SxExpr	   *x;

			if (t < 0)
				continue;
			if (ex_row_pos(rows[t], col) >= 0)
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
			ex_row_add(ctx->arena, rows[t], col, x);
		}
	}
	return rows;
}

/* The columns of chain[t]'s table that the next table's inherit condition takes. */
static SxSelect *
ex_joined_returning(ExPlan *p, int t, SxFrom *f)
{
	OrmClass   *next = t + 1 < p->chain.n ? p->chain.items[t + 1] : NULL;
	SxSelect   *s;

	if (!next || next->ninherit == 0)
		return NULL;
	s = sx_select_new(p->ctx->arena);
	for (int k = 0; k < next->ninherit; k++)
		sx_select_add_item(p->ctx->arena, s, sx_column(p->ctx->arena, f, next->inherit_parent[k]),
						   next->inherit_parent[k]->name);
	return s;
}

/* Plans a joined subclass's bulk insert: every row split, defaults added. */
static int
ex_plan_joined_insert(ExPlan *p, const JsonValue *many)
{
	if (p->dml->returning && !p->ctx->dialect->has_returning)
		return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
						  "returning() is not supported by %s", p->ctx->dialect->name);
	orm_class_chain(p->dml->cls, p->ctx->arena, &p->chain);
	for (int i = 0; i < many->n; i++)
	{
		SxDmlRow  **rows = ex_split_row(p, many->items[i], i);

		if (!rows)
			return -1;
		ex_add_identity(p->ctx, p->dml->cls, rows[0]);
		for (int t = 0; t < p->chain.n; t++)
			if (ex_apply_defaults(p->ctx, ((OrmClass *) p->chain.items[t])->table, rows[t], true) < 0)
				return -1;
		orm_vec_push(p->ctx->arena, &p->jrows, rows);
	}
	return 0;
}

/*
 * The INSERTs of table level t for rows [from, to): multi-row, rows setting
 * the same columns together, at most max_params parameters each; each
 * RETURNING what the next level's inherit condition takes.
 */
static int
ex_joined_level_stmts(ExPlan *p, int t, OrmPtrVec *stmts, OrmPtrVec *firsts)
{
	OrmClass   *tc = p->chain.items[t];
	SxDml	   *cur = NULL;
	SxDmlRow   *first = NULL;

	for (int i = 0; i < p->jrows.n; i++)
	{
		SxDmlRow   *row = ((SxDmlRow **) p->jrows.items[i])[t];
		int			per = p->ctx->dialect->max_params / (row->n > 0 ? row->n : 1);

		if (per < 1)
			per = 1;
		if (!cur || !ex_same_cols(first, row) || cur->rows.n >= per)
		{
			cur = ORM_NEW(p->ctx->arena, SxDml);
			cur->kind = SXD_INSERT;
			cur->table = tc->table;
			cur->from = sx_from_table(p->ctx->arena, tc->table, NULL);
			cur->returning = ex_joined_returning(p, t, cur->from);
			cur->line = p->dml->line;
			cur->col = p->dml->col;
			first = row;
			orm_vec_push(p->ctx->arena, stmts, cur);
			orm_vec_push(p->ctx->arena, firsts, (void *) (intptr_t) i);
		}
		cur->multi = true;
		orm_vec_push(p->ctx->arena, &cur->rows, row);
	}
	return 0;
}

/* Level t's rows take the keys level t - 1 returned (vals: per row, its RETURNING values). */
static void
ex_joined_keys(ExPlan *p, int t, const OrmValue **vals)
{
	OrmClass   *tc = p->chain.items[t];

	for (int i = 0; i < p->jrows.n; i++)
	{
		SxDmlRow   *row = ((SxDmlRow **) p->jrows.items[i])[t];

		for (int k = 0; k < tc->ninherit; k++)
		{
			OrmColumn  *c = tc->inherit_child[k];
			OrmValue	v = vals && vals[i] ? vals[i][k] : (OrmValue) {.kind = ORM_V_NULL};

			if (ex_row_pos(row, c) < 0)
				ex_row_add(p->ctx->arena, row, c, sx_param(p->ctx->arena, v, &c->type));
		}
	}
}

/*
 * The user's returning() of a joined subclass's bulk insert: a select of
 * its items from the entity by the keys written, in params order.
 */
static int
ex_joined_returning_rows(ExPlan *p, const OrmValue **keys, OrmBuf *out, bool compile)
{
	OrmArena   *a = p->ctx->arena;
	const OrmTable *bt = p->dml->cls->base->table;
	SxSelect   *s = sx_select_new(a);
	SxExpr	  **terms = ORM_NEWN(a, SxExpr *, p->jrows.n + 1);
	SxExpr	   *order = ORM_NEW(a, SxExpr);
	int			npk = bt->npk;

	for (int i = 0; i < p->dml->returning->items.n; i++)
		orm_vec_push(a, &s->items, p->dml->returning->items.items[i]);
	order->kind = SX_CASE;
	order->nargs = 2 * p->jrows.n;
	order->args = ORM_NEWN(a, SxExpr *, order->nargs + 1);
	for (int i = 0; i < p->jrows.n; i++)
	{
		SxExpr	   *eq = NULL;
		OrmParam	pos = {.kind = ORM_V_INT, .i = i};

		for (int k = 0; k < npk; k++)
			eq = sx_and(a, eq, sx_binary(a, SXOP_EQ, sx_column(a, p->dml->from, bt->pk[k]),
										 sx_param(a, keys[i][k], &bt->pk[k]->type)));
		terms[i] = eq;
		order->args[2 * i] = eq;
		order->args[2 * i + 1] = sx_param(a, pos, &ex_t_int);
	}
	s->where = p->jrows.n == 1 ? terms[0] : sx_boollist(a, SXOP_OR, p->jrows.n, terms);
	orm_vec_push(a, &s->order_by, order);
	s->line = p->dml->line;
	s->col = p->dml->col;
	if (compile)
	{
		if (out->len > 0)
			orm_buf_puts(out, ";\n");
		return orm_compile_text(p->ctx, s, out);
	}
	return orm_load_select(p->ctx, s, out);
}

/*
 * Runs (or, out_sql set, compiles: with the keys it would get, unknown yet,
 * as NULL) a joined subclass's bulk insert, level by level.
 */
static int
ex_joined_insert(ExPlan *p, OrmBuf *out, OrmBuf *out_sql)
{
	OrmCtx	   *ctx = p->ctx;
	OrmArena   *a = ctx->arena;
	const OrmValue **prev = NULL;	/* per row: the previous level's RETURNING values */
	const OrmValue **keys = ORM_NEWN(a, const OrmValue *, p->jrows.n + 1);	/* root keys */
	int64_t		count = 0;
	bool		atomic = !out_sql && ctx->host->begin_atomic;

	if (p->jrows.n == 0)
	{
		if (!out_sql)
			orm_buf_puts(out, p->dml->returning ? "[]" : "{\"rowcount\":0}");
		return 0;
	}
	if (atomic && ctx->host->begin_atomic(ctx->hs, ctx->err) < 0)
		return -1;
	for (int t = 0; t < p->chain.n; t++)
	{
		OrmPtrVec	stmts = {0},
					firsts = {0};
		const OrmValue **got = ORM_NEWN(a, const OrmValue *, p->jrows.n + 1);

		if (t > 0)
			ex_joined_keys(p, t, prev);
		if (ex_joined_level_stmts(p, t, &stmts, &firsts) < 0)
			goto fail;
		for (int k = 0; k < stmts.n; k++)
		{
			SxDml	   *d = stmts.items[k];
			OrmCompiled c;
			OrmRows		rows;
			int			i0 = (int) (intptr_t) firsts.items[k];

			if (orm_compile_dml(ctx, d, &c) < 0)
			{
				orm_err_path(ctx->err, orm_sprintf(a, "params[%d]", i0));
				goto fail;
			}
			if (out_sql)
			{
				if (out_sql->len > 0)
					orm_buf_puts(out_sql, ";\n");
				orm_buf_puts(out_sql, c.sql);
				continue;
			}
			memset(&rows, 0, sizeof(rows));
			if (orm_ctx_query(ctx, c.sql, c.nparams, c.params, &rows) < 0)
				goto fail;
			count += rows.affected;
			if (d->returning && rows.nrows != d->rows.n)
			{
				orm_err(ctx->err, ORM_ERR_INTERNAL, "INSERT INTO %s returned %d rows for %d",
						d->table->name, rows.nrows, d->rows.n);
				goto fail;
			}
			for (int r = 0; d->returning && r < rows.nrows; r++)
				got[i0 + r] = ORM_ROW(&rows, r);
		}
		if (t == 0)
		{
			/* the root keys: given, or returned for the next level */
			const OrmTable *bt = ((OrmClass *) p->chain.items[0])->table;

			for (int i = 0; i < p->jrows.n; i++)
			{
				SxDmlRow   *row = ((SxDmlRow **) p->jrows.items[i])[0];
				OrmValue   *kv = ORM_NEWN(a, OrmValue, bt->npk + 1);	/* NULLs */
				OrmClass   *next = p->chain.items[1];

				for (int k = 0; k < bt->npk; k++)
				{
					int			at = ex_row_pos(row, bt->pk[k]);

					if (at >= 0 && row->exprs[at]->kind == SX_PARAM)
						kv[k] = row->exprs[at]->value;
					for (int j = 0; got[i] && j < next->ninherit; j++)
						if (next->inherit_parent[j] == bt->pk[k])
							kv[k] = got[i][j];
				}
				keys[i] = kv;
			}
		}
		prev = got;
	}
	if (atomic && ctx->host->commit_atomic(ctx->hs, ctx->err) < 0)
		return -1;
	if (p->dml->returning)
		return ex_joined_returning_rows(p, keys, out_sql ? out_sql : out, out_sql != NULL);
	if (out_sql)
		return 0;
	orm_buf_printf(out, "{\"rowcount\":%lld}", (long long) count);
	return 0;
fail:
	if (atomic)
		ctx->host->rollback_atomic(ctx->hs);
	return -1;
}

/*
 * A joined subclass's bulk update by primary key: for each of its tables,
 * root first, an UPDATE per row that sets a column of it (SQLAlchemy's
 * executemany per table), by that table's primary key.
 */
static int
ex_plan_joined_update(ExPlan *p, const JsonValue *many)
{
	OrmPtrVec	all = {0};

	if (p->dml->where)
		return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
						  "bulk update by primary key of joined subclass %s with where() is not supported",
						  p->dml->cls->name);
	orm_class_chain(p->dml->cls, p->ctx->arena, &p->chain);
	for (int i = 0; i < many->n; i++)
	{
		SxDmlRow  **rows = ex_split_row(p, many->items[i], i);

		if (!rows)
			return -1;
		orm_vec_push(p->ctx->arena, &all, rows);
	}
	for (int t = 0; t < p->chain.n; t++)
	{
		OrmClass   *tc = p->chain.items[t];

		for (int i = 0; i < all.n; i++)
		{
			SxDmlRow   *row = ((SxDmlRow **) all.items[i])[t];
			SxExpr	   *w = NULL;
			SxDml	   *s;
			SxDml		like = *p->dml;

			like.table = tc->table;
			like.cls = tc;
			like.from = sx_from_table(p->ctx->arena, tc->table, NULL);
			if (ex_pk_where_of(p, &like, row, i, &w) < 0)
				return -1;
			if (row->n == 0)
				continue;		/* nothing of this table in the row */
			if (ex_apply_defaults(p->ctx, tc->table, row, false) < 0)
				return -1;
			s = ex_stmt(p, &like);
			s->where = w;
			orm_vec_push(p->ctx->arena, &s->rows, row);
		}
	}
	return 0;
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

/*
 * insert().values([{...}, {...}]) as SQLAlchemy compiles it: the first row
 * (with its defaults) names the columns; a later row's value for a column the
 * first row does not set is dropped, and a column it does not set takes the
 * column's default or is an error (SQLAlchemy's CompileError).
 */
static int
ex_multi_values_like_first(ExPlan *p, SxDml *s)
{
	SxDmlRow   *first;
	int			r,
				i,
				k;

	if (s->rows.n < 2)
		return 0;
	first = s->rows.items[0];
	for (r = 1; r < s->rows.n; r++)
	{
		SxDmlRow   *row = s->rows.items[r],
				   *out = ORM_NEW(p->ctx->arena, SxDmlRow);

		for (i = 0; i < first->n; i++)
		{
			if ((k = ex_row_pos(row, first->cols[i])) < 0)
				return orm_err_at(p->ctx->err, ORM_ERR_QUERY, p->dml->line, p->dml->col,
								  "insert().values(): row %d sets no value for column %s.%s, "
								  "which the first row sets, and the column has no default",
								  r + 1, p->dml->table->name, first->cols[i]->name);
			ex_row_add(p->ctx->arena, out, row->cols[k], row->exprs[k]);
		}
		s->rows.items[r] = out;
	}
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
		 * multi-values insert takes the first row's columns, as SQLAlchemy does */
		SxDml	   *s = ex_stmt(p, p->dml);

		s->multi = p->dml->multi;
		if (p->dml->rows.n == 0)
			orm_vec_push(p->ctx->arena, &s->rows, ORM_NEW(p->ctx->arena, SxDmlRow));
		for (i = 0; i < p->dml->rows.n; i++)
			orm_vec_push(p->ctx->arena, &s->rows, ex_row_copy(p->ctx->arena, p->dml->rows.items[i]));
		for (i = 0; i < s->rows.n; i++)
			if (ex_apply_defaults(p->ctx, p->dml->table, s->rows.items[i], true) < 0)
				return -1;
		return ex_multi_values_like_first(p, s);
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
		ex_add_identity(p->ctx, p->dml->cls, row);
		orm_vec_push(p->ctx->arena, &rows, row);
	}
	return ex_plan_insert_rows(p, &rows);
}

/* pk = value AND ... for one bulk-update row of statement d; the pk columns leave the row. */
static int
ex_pk_where_of(ExPlan *p, const SxDml *d, SxDmlRow *row, int idx, SxExpr **where)
{
	OrmTable   *t = d->table;
	SxDmlRow   *rest = ORM_NEW(p->ctx->arena, SxDmlRow);
	SxExpr	   *w = NULL;
	int			i,
				k;

	if (t->npk == 0)
		return orm_err(p->ctx->err, ORM_ERR_QUERY, "bulk update of %s needs a primary key",
					   ex_owner(d));
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
											   sx_column(p->ctx->arena, d->from, t->pk[i]),
											   row->exprs[k]));
	}
	for (i = 0; i < row->n; i++)
		if (ex_row_pos(&(SxDmlRow) {t->npk, t->pk, NULL}, row->cols[i]) < 0)
			ex_row_add(p->ctx->arena, rest, row->cols[i], row->exprs[i]);
	*row = *rest;
	*where = w;
	return 0;
}

static int
ex_pk_where(ExPlan *p, SxDmlRow *row, int idx, SxExpr **where)
{
	return ex_pk_where_of(p, p->dml, row, idx, where);
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
	for (int i = 0; p->dml->returning && i < p->dml->returning->items.n; i++)
	{
		const SxItem *it = p->dml->returning->items.items[i];

		/* a joined subclass's row is in several tables: only its bulk insert
		 * (ex_joined_insert) reads it back whole */
		if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls &&
			orm_class_multi(it->expr->from->cls) &&
			!(p->dml->kind == SXD_INSERT && many && ex_is_joined(p->dml)))
			return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
							  "returning(%s) of joined subclass %s is supported by its bulk insert only",
							  it->expr->from->cls->name, it->expr->from->cls->name);
	}
	switch (p->dml->kind)
	{
		case SXD_INSERT:
			if (many && ex_is_joined(p->dml) && !p->dml->from_select)
			{
				if (p->dml->multi || p->dml->rows.n > 0)
					return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
									  "a bulk insert of joined subclass %s takes its values from params only",
									  p->dml->cls->name);
				p->joined_insert = true;
				return ex_plan_joined_insert(p, many);
			}
			if (ex_plan_insert(p, many) < 0)
				return -1;
			break;
		case SXD_UPDATE:
			if (many && ex_is_joined(p->dml))
			{
				if (p->dml->returning)
					return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
									  "bulk update by primary key does not support returning()");
				if (ex_plan_joined_update(p, many) < 0)
					return -1;
				break;
			}
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

/* row with the keys of names it lacks (names: orm_execute's params object, or NULL) */
static const JsonValue *
ex_merge_names(OrmCtx *ctx, const JsonValue *row, const JsonValue *names)
{
	JsonValue  *m;

	if (!names || names->kind != JSON_OBJECT || names->n == 0 || row->kind != JSON_OBJECT)
		return row;
	m = json_new(ctx->arena, JSON_OBJECT);
	for (int i = 0; i < row->n; i++)
		json_object_set(ctx->arena, m, row->keys[i], row->items[i]);
	for (int i = 0; i < names->n; i++)
		if (!json_get(row, names->keys[i]))
			json_object_set(ctx->arena, m, names->keys[i], names->items[i]);
	return m;
}

/*
 * session.execute(stmt, params) in the text (dml->shape->params): those are
 * the statement's params, a row each, with the keys of orm_execute's own
 * params object it lacks (names the text uses).
 */
static const JsonValue *
ex_inline_params(OrmCtx *ctx, const JsonValue *inl, const JsonValue *names)
{
	JsonValue  *arr;

	if (inl->kind != JSON_ARRAY)
		return ex_merge_names(ctx, inl, names);
	arr = json_new(ctx->arena, JSON_ARRAY);
	for (int i = 0; i < inl->n; i++)
		json_array_push(ctx->arena, arr, (JsonValue *) ex_merge_names(ctx, inl->items[i], names));
	return arr;
}

static int	ex_prepare_in(ExPlan *p, OrmCtx *ctx, const char *stmt, const JsonValue *params,
						  SxSelect **sel, bool inl);

/* Evaluates stmt and plans it; *sel set (nothing planned) when the text is a select(). */
static int
ex_prepare(ExPlan *p, OrmCtx *ctx, const char *stmt, const JsonValue *params,
		   SxSelect **sel)
{
	return ex_prepare_in(p, ctx, stmt, params, sel, false);
}

/* inl: params are session.execute()'s second argument already */
static int
ex_prepare_in(ExPlan *p, OrmCtx *ctx, const char *stmt, const JsonValue *params,
			  SxSelect **sel, bool inl)
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
	if (!inl && dml->shape && dml->shape->params)
	{
		if (params && params->kind == JSON_ARRAY)
			return orm_err_at(ctx->err, ORM_ERR_PARAM, dml->line, dml->col,
							  "the statement has its params in the text: orm_execute()'s "
							  "params can only name values then");
		return ex_prepare_in(p, ctx, stmt, ex_inline_params(ctx, dml->shape->params, params),
							 sel, true);
	}
	if (dml->kind == SXD_INSERT && params && params->kind == JSON_OBJECT && params->n > 0 &&
		dml->rows.n == 0 && !dml->multi && !dml->from_select)
	{
		/*
		 * insert(User) with one dictionary of params and no values():
		 * SQLAlchemy's execute(insert(t), {"name": ...}) inserts that row
		 * (its keys are the VALUES), as a list of one dictionary would
		 */
		JsonValue  *one = json_new(ctx->arena, JSON_ARRAY);

		json_array_push(ctx->arena, one, (JsonValue *) params);
		return ex_prepare_in(p, ctx, stmt, one, sel, inl);
	}
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
	int			nout,
				r,
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
		for (i = 0, nout = 0; i < c->nitems; i++)
		{
			SxItem	   *it = ret->items.items[i];
			const char *key = c->item_keys[i];

			if (!key)
				continue;		/* not in Row._fields (text() of an ORM statement) */
			if (key == ORM_KEY_DRIVER && rows->colnames && c->item_offset[i] < rows->ncols)
				key = rows->colnames[c->item_offset[i]];
			if (nout++)
				orm_buf_putc(out, ',');
			orm_buf_json_str(out, key, strlen(key));
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

/* One RETURNING item of a row: an entity's object or a value. */
static void
ex_write_item(OrmCtx *ctx, OrmBuf *out, const SxDml *d, const OrmCompiled *c,
			  const OrmValue *row, int i)
{
	SxItem	   *it = d->returning->items.items[i];

	if (it->expr && it->expr->kind == SX_ENTITY)
		ex_write_obj(ctx, out, it->expr->from->cls, row + c->item_offset[i]);
	else
		orm_value_to_json(out, ctx->dialect, &row[c->item_offset[i]], ex_item_type(it->expr));
}

/* Elements written for a result shape (orm/result.h): where each starts, how long. */
typedef struct ExElems
{
	size_t	   *starts,
			   *lens;
	int			n,
				cap;
} ExElems;

/*
 * RETURNING rows as session.execute(stmt) returns them (a shape: orm/
 * result.h): each row keyed by Row._fields, or one item's value
 * (scalars()); their places kept in el for orm_shape_finish.
 */
static int
ex_write_shaped(OrmCtx *ctx, OrmBuf *out, const SxDml *d, const OrmCompiled *c,
				const OrmRows *rows, bool *first, const OrmShape *sh, ExElems *el)
{
	for (int r = 0; r < rows->nrows; r++)
	{
		const OrmValue *row = ORM_ROW(rows, r);

		if (!*first)
			orm_buf_putc(out, ',');
		*first = false;
		if (el->n == el->cap)
		{
			int			cap = el->cap ? el->cap * 2 : 64;

			el->starts = orm_realloc(ctx->arena, el->starts, sizeof(size_t) * (size_t) el->cap,
									 sizeof(size_t) * (size_t) cap);
			el->lens = orm_realloc(ctx->arena, el->lens, sizeof(size_t) * (size_t) el->cap,
								   sizeof(size_t) * (size_t) cap);
			el->cap = cap;
		}
		el->starts[el->n] = out->len;
		if (sh->scalars)
		{
			if (sh->scalar_col >= c->nitems)
				return orm_err_at(ctx->err, ORM_ERR_QUERY, sh->line, sh->col,
								  "list index out of range");
			ex_write_item(ctx, out, d, c, row, sh->scalar_col);
		}
		else
		{
			orm_buf_putc(out, '{');
			for (int i = 0, nout = 0; i < c->nitems; i++)
			{
				const char *key = c->item_keys[i];

				if (!key)
					continue;
				if (key == ORM_KEY_DRIVER && rows->colnames && c->item_offset[i] < rows->ncols)
					key = rows->colnames[c->item_offset[i]];
				if (nout++)
					orm_buf_putc(out, ',');
				orm_buf_json_str(out, key, strlen(key));
				orm_buf_putc(out, ':');
				ex_write_item(ctx, out, d, c, row, i);
			}
			orm_buf_putc(out, '}');
		}
		el->lens[el->n] = out->len - el->starts[el->n];
		el->n++;
	}
	return 0;
}

static int
ex_run_all(ExPlan *p, OrmBuf *out)
{
	OrmCtx	   *ctx = p->ctx;
	bool		returning = p->dml->returning != NULL,
				first = true;
	int64_t		count = 0;
	int			i;
	const OrmShape *sh = p->dml->shape && (p->dml->shape->rows || returning) ?
		p->dml->shape : NULL;
	size_t		base = out->len;
	ExElems		el = {0};

	if (sh && !returning)
		return orm_err_at(ctx->err, ORM_ERR_QUERY, sh->line, sh->col,
						  "This result object does not return rows. It has been closed "
						  "automatically.");
	if (sh && sh->ncols > 0)
		return orm_err_at(ctx->err, ORM_ERR_UNSUPPORTED, sh->line, sh->col,
						  "columns() of RETURNING rows: name the columns in returning()");
	if (returning)
		orm_buf_putc(out, '[');
	for (i = 0; i < p->stmts.n; i++)
	{
		OrmCompiled *c = p->compiled.items[i];
		OrmRows		rows;

		memset(&rows, 0, sizeof(rows));
		if ((orm_compiled_driver_names(c) ?
			 orm_ctx_query_names(ctx, c->sql, c->nparams, c->params, &rows) :
			 orm_ctx_query(ctx, c->sql, c->nparams, c->params, &rows)) < 0)
			return -1;
		count += rows.affected;
		if (sh && ex_write_shaped(ctx, out, p->stmts.items[i], c, &rows, &first, sh, &el) < 0)
			return -1;
		if (returning && !sh)
			ex_write_rows(ctx, out, p->stmts.items[i], c, &rows, &first);
	}
	if (!returning)
	{
		orm_buf_printf(out, "{\"rowcount\":%lld}", (long long) count);
		return 0;
	}
	orm_buf_putc(out, ']');
	if (sh)
		return orm_shape_finish(ctx->err, sh, out, base, el.starts, el.lens, el.n, false);
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

	if (p->joined_insert && p->dml->shape && (p->dml->shape->rows || p->dml->returning))
		return orm_err_at(p->ctx->err, ORM_ERR_UNSUPPORTED, p->dml->line, p->dml->col,
						  "Result methods of a joined subclass's bulk insert: orm_execute "
						  "returns its RETURNING rows as the statement alone does");
	if (p->joined_insert)
		return ex_joined_insert(p, out, NULL);
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
	if (p.joined_insert)
		return ex_joined_insert(&p, NULL, out);
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
