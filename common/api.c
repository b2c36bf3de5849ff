/*
 * api.c -- the core's entry points (orm.h): one orm_api_* per SQL-visible
 * function, the per-call context, and the connection's registry cache.
 *
 * Owns: OrmConn lifetime, orm_ctx_query (the single place the core runs SQL),
 * reading and writing the stored registry (table orm_registry), and the glue
 * from each API call to the module that does the work (declare.c, ddl.c,
 * query.c, loader.c, flush.c).  Assumes every module reports errors through
 * OrmError and allocates only from the arenas it is given.
 */
#include "orm.h"
#include "orm/loader.h"
#include "base/json.h"
#include "sql/values.h"
#include "orm/execute.h"

#include <string.h>

/* ---- orm_declare --------------------------------------------------------- */


/*
 * The new source is checked together with everything stored (in the call
 * arena, so a failure leaves the cache alone); only a source that parses and
 * resolves with the rest is stored.
 */
int
orm_api_declare(OrmConn *c, OrmArena *a, const char *source,
				char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmRows		rows;
	OrmRegistry *reg;
	OrmBuf		buf;
	int			source_no;

	api_ctx_fill(&ctx, c, a, err);
	if (api_registry_read(&ctx, api_sources_sql(&ctx), &rows) != 0)
		return -1;
	reg = orm_registry_new(a);
	if (api_declare_rows(reg, &rows, err) != 0)
		return -1;
	source_no = rows.nrows;
	if (orm_declare_source(reg, source, source_no, err) != 0)
		return -1;
	reg->nsources = source_no + 1;
	if (orm_registry_resolve(reg, err) != 0)
		return -1;
	if (api_registry_insert(&ctx, source) != 0)
		return -1;
	orm_buf_init(&buf, a);
	orm_registry_summary(reg, source_no, &buf);
	*out = (char *) orm_buf_cstr(&buf);
	return 0;
}

/* ---- the others: load the registry, hand over to the module --------------- */

static int
api_done(OrmBuf *buf, char **out, OrmError *err, int rc)
{
	if (rc != 0)
	{
		if (err->code == ORM_OK)
			orm_err(err, ORM_ERR_INTERNAL, "failed without an error message");
		return -1;
	}
	*out = (char *) orm_buf_cstr(buf);
	return 0;
}

int
orm_api_create_all(OrmConn *c, OrmArena *a, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_ddl_create_all(&ctx, &buf));
}

int
orm_api_drop_all(OrmConn *c, OrmArena *a, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_ddl_drop_all(&ctx, &buf));
}

int
orm_api_ddl(OrmConn *c, OrmArena *a, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_ddl_text(&ctx, &buf));
}

/* Parses optional JSON input; NULL text is a NULL DOM. */
static int
api_json(OrmArena *a, const char *text, JsonValue **v, OrmError *err)
{
	*v = NULL;
	if (text == NULL)
		return 0;
	*v = json_parse(a, text, strlen(text), err);
	if (*v == NULL)
	{
		if (err->code == ORM_OK)
			orm_err(err, ORM_ERR_PARAM, "invalid JSON");
		return -1;
	}
	return 0;
}

static SxSelect *
api_eval(OrmCtx *ctx, const char *query, const char *params_json)
{
	JsonValue  *params;
	SxSelect   *sel;

	if (api_json(ctx->arena, params_json, &params, ctx->err) != 0)
		return NULL;
	sel = orm_query_eval(ctx, query, params);
	if (sel == NULL && ctx->err->code == ORM_OK)
		orm_err(ctx->err, ORM_ERR_INTERNAL, "query evaluation failed without an error message");
	return sel;
}

int
orm_api_select(OrmConn *c, OrmArena *a, const char *query,
			   const char *params_json, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	SxSelect   *sel;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if ((sel = api_eval(&ctx, query, params_json)) == NULL)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_load_select(&ctx, sel, &buf));
}

int
orm_api_compile(OrmConn *c, OrmArena *a, const char *query,
				const char *params_json, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	JsonValue  *params = NULL;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if (params_json && api_json(a, params_json, &params, err) != 0)
		return -1;
	/* select() text or insert()/update()/delete(): what either would run */
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_execute_compile(&ctx, query, params, &buf));
}

int
orm_api_get(OrmConn *c, OrmArena *a, const char *entity, const char *key_json,
			const char *options, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	OrmClass   *cls;
	JsonValue  *key;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	cls = orm_reg_class(ctx.reg, entity);
	if (cls == NULL)
		return orm_err(err, ORM_ERR_NAME, "unknown entity \"%s\"", entity);
	if (api_json(a, key_json, &key, err) != 0)
		return -1;
	if (key == NULL)
		return orm_err(err, ORM_ERR_PARAM, "key must not be null");
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_load_get(&ctx, cls, key, options, &buf));
}

int
orm_api_flush(OrmConn *c, OrmArena *a, const char *changes_json,
			  char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	JsonValue  *changes;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if (api_json(a, changes_json, &changes, err) != 0)
		return -1;
	if (changes == NULL)
		return orm_err(err, ORM_ERR_PARAM, "changes must not be null");
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_flush(&ctx, changes, &buf));
}

/* ---- orm_listen ---------------------------------------------------------- */

orm_api_listen(OrmConn *c, OrmArena *a, const char *entity, const char *event,
			   const char *fn, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	OrmClass   *cls;
	int			i;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if (!(cls = orm_reg_class(ctx.reg, entity)))
		return orm_err(err, ORM_ERR_NAME, "unknown entity \"%s\"", entity);
	for (i = 0; api_events[i]; i++)
		if (strcmp(api_events[i], event) == 0)
			break;
	if (!api_events[i])
	{
		orm_err(err, ORM_ERR_PARAM, "unknown event \"%s\"", event);
		orm_err_hint(err, "Events are before_insert, after_insert, before_update, "
					 "after_update, before_delete and after_delete.");
		return -1;
	}
	if (!fn[0] || strchr(fn, '\n'))
		return orm_err(err, ORM_ERR_PARAM, "invalid function name \"%s\"", fn);
	if (orm_dialect_refuses(ctx.dialect, api_fn_name(fn)))
		return orm_err(err, ORM_ERR_QUERY, "listener function %s is not allowed on %s",
					   fn, ctx.dialect->name);
	if (c->host->listen_check && cls->table &&
		c->host->listen_check(c->hs, a, cls->table->schema, cls->table->name, fn, &fn, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	orm_buf_printf(&buf, "%s%s\n%s\n%s", API_LISTEN_MARK, entity, event, fn);
	if (api_registry_insert(&ctx, orm_buf_cstr(&buf)) != 0)
		return -1;
	orm_buf_init(&buf, a);
	orm_buf_puts(&buf, "{\"entity\":");
	orm_buf_json_str(&buf, entity, strlen(entity));
	orm_buf_puts(&buf, ",\"event\":");
	orm_buf_json_str(&buf, event, strlen(event));
	orm_buf_puts(&buf, ",\"fn\":");
	orm_buf_json_str(&buf, fn, strlen(fn));
	orm_buf_putc(&buf, '}');
	*out = (char *) orm_buf_cstr(&buf);
	return 0;
}
