/*
 * loader_cache.c -- session.get (orm_get) and orm_select by statement text,
 * with what repeated calls would build again kept per connection.
 *
 * Owns: orm_load_get, orm_load_query, and what they keep: a prepared
 * select (loader_int.h, LdPrepared: the statement tree, its placed load
 * plan, its main statement compiled) in the connection's call cache
 * (session/callcache.h), keyed by everything the preparation reads
 * besides the registry:
 *
 *   orm_get     the entity, the options text, and whether raw SQL is
 *               allowed; the key's values are bind slots (sql/compile.h,
 *               param_slots: a placeholder of their own, whatever the
 *               value), bound at each run
 *   orm_select  the statement text, the params text exactly (so that the
 *               SQL can never depend on a value the cache did not see: a
 *               list expanding to N placeholders, None becoming IS NULL,
 *               limit() values are all part of the key), and whether raw
 *               SQL is allowed; only params texts of at most
 *               ORM_LOAD_QUERY_KEEP bytes are kept
 *
 * A miss builds the value in a new entry's arena (the call's context
 * points there while the text is parsed, evaluated, planned and compiled),
 * stores it unless the evaluation read the clock (OrmCtx.uncacheable), and
 * runs it like a hit: ld_run_prepared, on the call's copy of the plan.  An
 * entry goes when the registry or the parse cache starts over
 * (callcache.c).  What a build fails on is never kept: the next call fails
 * the same way.  The selectin statements are built and compiled at each
 * run (their IN lists depend on the rows).
 *
 * Assumes: preparing reads nothing but its texts, the registry, the
 * dialect and allow_raw_sql (no SQL runs before ld_run_prepared); values
 * reach the prepared select only through its own arena.
 */
#include <string.h>

#include "orm/loader_int.h"
#include "orm/query.h"
#include "orm/result.h"
#include "session/callcache.h"
#include "sql/values.h"
#include "base/json.h"

/* ======================================================================
 * Building a prepared select where it can be kept
 * ====================================================================== */

typedef int (*LcBuildFn) (OrmCtx *ctx, void *arg, LdPrepared *p);

/*
 * The prepared select under key, or NULL (ctx->err set).  On a miss, built
 * by fn in a new entry's arena and stored; *kept is false when it could not
 * be kept (built in the pending entry, which the caller abandons after the
 * run: lc_done).
 */
static LdPrepared *
lc_prepared(OrmCtx *ctx, const OrmBuf *key, LcBuildFn fn, void *arg, bool *kept)
{
	OrmArena   *call = ctx->arena;
	OrmArena   *keep;
	LdPrepared *p = orm_callcache_find(ctx, key->data, key->len);
	int			rc;

	*kept = true;
	if (p)
		return p;
	keep = orm_callcache_start(ctx, key->data, key->len);
	if (keep)
		ctx->arena = keep;
	ctx->uncacheable = false;
	p = ORM_NEW(ctx->arena, LdPrepared);
	rc = fn(ctx, arg, p);
	ctx->arena = call;
	if (rc == 0 && keep && !ctx->uncacheable)
	{
		/* a point read's selectin statements, for the runs to come */
		ctx->arena = keep;
		ld_prepare_selectins(ctx, p);
		ctx->arena = call;
	}
	if (rc < 0)
	{
		if (keep)
			orm_callcache_abandon(ctx);
		return NULL;
	}
	/* a bound value's own placeholder holds no value between runs */
	for (int i = 0; p->comp.param_slots && i < p->comp.nparams; i++)
		if (p->comp.param_slots[i] > 0)
			memset(&p->comp.params[i], 0, sizeof(OrmParam));
	*kept = keep && !ctx->uncacheable && orm_callcache_store(ctx, p);
	return p;
}

/* After the run of a prepared select that was not kept: its memory goes. */
static int
lc_done(OrmCtx *ctx, bool kept, int rc)
{
	if (!kept)
		orm_callcache_abandon(ctx);
	return rc;
}

/* The start of every key: what preparing reads besides the texts. */
static void
lc_key_init(OrmCtx *ctx, OrmBuf *key, char kind)
{
	orm_buf_init(key, ctx->arena);
	orm_buf_putc(key, kind);
	orm_buf_putc(key, ctx->conn && ctx->conn->allow_raw_sql ? 'r' : '-');
}

/* ======================================================================
 * session.get()
 * ====================================================================== */

/*
 * The table whose primary key identifies cls's objects: its hierarchy's
 * base's (session.get(Manager, 1) is WHERE employee.id = 1).
 */
static const OrmTable *
lc_get_table(const OrmClass *cls)
{
	return cls->base ? cls->base->table : cls->table;
}

/* The JSON value for primary key column k of cls from key, or NULL (bad shape). */
static const JsonValue *
lc_get_key_part(const OrmClass *cls, const JsonValue *key, int k)
{
	const OrmTable *t = lc_get_table(cls);
	const OrmColumn *col = t->pk[k];

	switch (key->kind)
	{
		case JSON_ARRAY:
			return key->n == t->npk ? key->items[k] : NULL;
		case JSON_OBJECT:
			{
				const JsonValue *v = json_get(key, col->attr ? col->attr : col->name);

				if (!v && col->attr)
					v = json_get(key, col->name);
				return v;
			}
		case JSON_NULL:
			return NULL;
		default:
			return t->npk == 1 ? key : NULL;
	}
}

/* Extra members of a key object are an error too. */
static bool
lc_get_key_object_ok(const OrmClass *cls, const JsonValue *key)
{
	if (key->kind != JSON_OBJECT)
		return true;
	for (int i = 0; i < key->n; i++)
	{
		bool		found = false;

		for (int k = 0; k < lc_get_table(cls)->npk && !found; k++)
		{
			const OrmColumn *c = lc_get_table(cls)->pk[k];

			found = orm_streq(key->keys[i], c->attr) || orm_streq(key->keys[i], c->name);
		}
		if (!found)
			return false;
	}
	return key->n == lc_get_table(cls)->npk;
}

/*
 * The key's values, one per primary key column of cls, converted for the
 * column's type into vals[0..npk-1].
 */
static int
lc_get_keys(OrmCtx *ctx, OrmClass *cls, const JsonValue *key, OrmParam *vals)
{
	const OrmTable *t = lc_get_table(cls);

	if (!key || t->npk == 0 || !lc_get_key_object_ok(cls, key))
		goto bad;
	for (int k = 0; k < t->npk; k++)
	{
		const JsonValue *v = lc_get_key_part(cls, key, k);
		OrmColumn  *col = t->pk[k];

		if (!v || v->kind == JSON_NULL || v->kind == JSON_ARRAY || v->kind == JSON_OBJECT)
			goto bad;
		if (orm_value_from_json(ctx->arena, ctx->dialect, v, &col->type, &vals[k], ctx->err) < 0)
			return -1;
	}
	return 0;

bad:
	orm_err(ctx->err, ORM_ERR_PARAM, "invalid primary key for %s", cls->name);
	orm_err_detail(ctx->err, "%s", t->npk == 1
				   ? "The key is the primary key value, or an object or array holding it."
				   : "A composite key is an object of the primary key attributes or an array in primary key order.");
	return -1;
}

typedef struct LcGet
{
	OrmClass   *cls;
	const OrmParam *vals;
	const char *options;
} LcGet;

/*
 * select(cls).where(pk == :key ...).options(options): each key value a bind
 * slot (1-based, in primary key order), so the kept statement takes any key.
 */
static int
lc_get_build(OrmCtx *ctx, void *arg, LdPrepared *p)
{
	LcGet	   *g = arg;
	OrmArena   *a = ctx->arena;
	OrmClass   *cls = g->cls;
	const OrmTable *t = lc_get_table(cls);
	SxSelect   *sel = sx_select_new(a);
	SxFrom	   *from = sx_from_table(a, cls->table, cls);

	for (int i = 0; i < cls->wp.n; i++)
		orm_vec_push(a, &from->poly, cls->wp.items[i]);
	sx_select_add_item(a, sel, sx_entity(a, from), cls->name);
	for (int k = 0; k < t->npk; k++)
	{
		OrmColumn  *col = t->pk[k];
		SxExpr	   *v = sx_param(a, g->vals[k], &col->type);

		v->bind_slot = k + 1;
		sel->where = sx_and(a, sel->where, sx_binary(a, SXOP_EQ, sx_column(a, from, col), v));
	}
	/* the syntax tree points into its text: the kept one gets its own copy */
	if (g->options && g->options[0] && orm_query_options(ctx, orm_strdup(a, g->options), sel) < 0)
		return -1;
	return ld_prepare(ctx, sel, p);
}

int
orm_load_get(OrmCtx *ctx, OrmClass *cls, const struct JsonValue *key,
			 const char *options, OrmBuf *out)
{
	const OrmTable *t = lc_get_table(cls);
	OrmParam   *vals = ORM_NEWN(ctx->arena, OrmParam, t->npk > 0 ? t->npk : 1);
	LcGet		g = {cls, vals, options};
	OrmBuf		k;
	LdPrepared *p;
	bool		kept;

	if (lc_get_keys(ctx, cls, key, vals) < 0)
		return -1;
	lc_key_init(ctx, &k, 'g');
	orm_buf_puts(&k, cls->name);
	orm_buf_putc(&k, '\0');
	if (options)
		orm_buf_puts(&k, options);
	if (!(p = lc_prepared(ctx, &k, lc_get_build, &g, &kept)))
		return -1;
	return lc_done(ctx, kept, ld_run_prepared(ctx, p, vals, t->npk, LD_WRITE_FIRST, out));
}

/* ======================================================================
 * orm_select(text, params)
 * ====================================================================== */

typedef struct LcQuery
{
	const char *text;
	const char *params;
} LcQuery;

static int
lc_query_build(OrmCtx *ctx, void *arg, LdPrepared *p)
{
	LcQuery    *q = arg;
	JsonValue  *params = NULL;
	SxSelect   *sel;

	if (q->params)
	{
		/* into the kept arena: the statement's values may point into it */
		params = json_parse(ctx->arena, q->params, strlen(q->params), ctx->err);
		if (!params)
		{
			if (ctx->err->code == ORM_OK)
				orm_err(ctx->err, ORM_ERR_PARAM, "invalid JSON");
			return -1;
		}
	}
	/* session calls whose values the text uses run as it is evaluated */
	sel = orm_query_eval_run(ctx, q->text, params, orm_load_select);
	if (!sel)
	{
		if (ctx->err->code == ORM_OK)
			orm_err(ctx->err, ORM_ERR_INTERNAL, "query evaluation failed without an error message");
		return -1;
	}
	if (sel->shape && sel->shape->json)
	{
		/* the text's value, computed: nothing to prepare (nor kept) */
		memset(p, 0, sizeof(*p));
		p->sel = sel;
		return 0;
	}
	return ld_prepare(ctx, sel, p);
}

int
orm_load_query(OrmCtx *ctx, const char *text, const char *params, OrmBuf *out)
{
	LcQuery		q = {text, params};
	OrmBuf		k;
	LdPrepared *p;
	bool		kept;

	if (params && strlen(params) > ORM_LOAD_QUERY_KEEP)
		return orm_err(ctx->err, ORM_ERR_INTERNAL, "orm_load_query: params longer than %d bytes",
					   ORM_LOAD_QUERY_KEEP);
	lc_key_init(ctx, &k, 's');
	orm_buf_puts(&k, text);
	orm_buf_putc(&k, '\0');
	if (params)
	{
		orm_buf_putc(&k, '1');
		orm_buf_puts(&k, params);
	}
	if (!(p = lc_prepared(ctx, &k, lc_query_build, &q, &kept)))
		return -1;
	if (p->sel && p->sel->shape && p->sel->shape->json)
	{
		orm_buf_puts(out, p->sel->shape->json);
		return lc_done(ctx, kept, 0);
	}
	return lc_done(ctx, kept, ld_run_prepared(ctx, p, NULL, 0, LD_WRITE_RESULT, out));
}
