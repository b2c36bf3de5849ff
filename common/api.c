/*
 * api.c -- the core's entry points (orm.h): one orm_api_* per SQL-visible
 * function.
 *
 * Owns: the glue from each API call to the module that does the work: it
 * opens the call's context on the connection (session/session.h: the
 * registry loaded or reused), reads the call's JSON arguments, hands over to
 * the module (decl through the session, ddl.c, query.c, loader.c, flush.c,
 * execute.c, view.c, automap.c, migrate.c) and turns its OrmBuf into *out.
 * A failed call is finished here (api_fail): which argument's text the
 * error's line and column are in, and the "did you mean" hint for an
 * unknown name, from the registry (session.c) and the query vocabulary.
 * Assumes every module reports errors through OrmError and allocates only
 * from the arenas it is given.  The top of the core: nothing in common/
 * calls these functions, only the engine glues (pg_ext/, sqlite_ext/).
 */
#include "orm.h"
#include "session/session.h"
#include "orm/query.h"
#include "orm/loader.h"
#include "orm/flush.h"
#include "orm/execute.h"
#include "orm/view.h"
#include "schema/ddl.h"
#include "schema/automap.h"
#include "schema/migrate.h"
#include "base/json.h"

#include <string.h>

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

/*
 * A call that failed after its context was opened: a line and column the
 * error carries are in argument text_arg's text (1-based; 0 for none),
 * unless the session said they are a stored text's, and an unknown name
 * gets its "did you mean" from the registry and the query vocabulary.
 */
static int
api_fail(OrmCtx *ctx, int text_arg)
{
	OrmError   *err = ctx->err;

	if (err->code == ORM_OK)
		orm_err(err, ORM_ERR_INTERNAL, "failed without an error message");
	if (err->line > 0 && err->text_arg == 0)
		err->text_arg = text_arg;
	if (ctx->reg)
		orm_session_suggest(ctx->reg, err, orm_query_word);
	return -1;
}

/* api_done, with api_fail's position and hint for argument text_arg. */
static int
api_end(OrmCtx *ctx, OrmBuf *buf, char **out, int rc, int text_arg)
{
	if (rc != 0)
		return api_fail(ctx, text_arg);
	*out = (char *) orm_buf_cstr(buf);
	return 0;
}

/* ---- orm_declare --------------------------------------------------------- */

/* The registry is not loaded: the session checks the source with every stored one. */
int
orm_api_declare(OrmConn *c, OrmArena *a, const char *source,
				char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	orm_ctx_init(&ctx, c, a, err);
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_session_declare(&ctx, source, &buf), 1);
}

/* ---- the others: load the registry, hand over to the module --------------- */

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

typedef struct ApiPoll
{
	OrmConn    *conn;
	OrmError   *err;
} ApiPoll;

/* json_parse_polled's poll: the host's cancel check. */
static int
api_poll(void *arg)
{
	ApiPoll    *ap = arg;

	if (ap->conn->host == NULL || ap->conn->host->interrupted == NULL)
		return 0;
	return ap->conn->host->interrupted(ap->conn->hs, ap->err);
}

/*
 * Parses optional JSON input; NULL text is a NULL DOM.  A cancel lands while
 * a large argument is read (api_poll).
 */
static int
api_json(OrmConn *c, OrmArena *a, const char *text, JsonValue **v, OrmError *err)
{
	ApiPoll		ap = {c, err};

	*v = NULL;
	if (text == NULL)
		return 0;
	*v = json_parse_polled(a, text, strlen(text), api_poll, &ap, err);
	if (*v == NULL)
	{
		if (err->code == ORM_OK)
			orm_err(err, ORM_ERR_PARAM, "invalid JSON");
		return -1;
	}
	return 0;
}

static SxSelect *
api_eval(OrmCtx *ctx, const char *query, const char *params_json, OrmQueryRun run)
{
	JsonValue  *params;
	SxSelect   *sel;

	if (api_json(ctx->conn, ctx->arena, params_json, &params, ctx->err) != 0)
		return NULL;
	/* orm_select runs the session calls a text uses; orm_explain shows one statement */
	sel = orm_query_eval_run(ctx, query, params, run);
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
	orm_buf_init(&buf, a);
	/* a short params text: the prepared statement is kept for the next call */
	if (!params_json || strlen(params_json) <= ORM_LOAD_QUERY_KEEP)
		return api_end(&ctx, &buf, out, orm_load_query(&ctx, query, params_json, &buf), 1);
	if ((sel = api_eval(&ctx, query, params_json, orm_load_select)) == NULL)
		return api_fail(&ctx, 1);
	return api_end(&ctx, &buf, out, orm_load_select(&ctx, sel, &buf), 1);
}

/*
 * orm_explain(query [, params] [, analyze]): orm_select's call with every
 * statement explained first (session.c, "Explain"); *out is the plans, the
 * objects are dropped.
 */
int
orm_api_explain(OrmConn *c, OrmArena *a, const char *query, const char *params_json,
				int analyze, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf,
				plans;
	SxSelect   *sel;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if ((sel = api_eval(&ctx, query, params_json, NULL)) == NULL)
		return api_fail(&ctx, 1);
	orm_buf_init(&buf, a);
	orm_buf_init(&plans, a);
	ctx.explain = &plans;
	ctx.explain_analyze = analyze != 0;
	if (orm_load_select(&ctx, sel, &buf) != 0)
		return api_fail(&ctx, 1);
	orm_buf_truncate(&plans, plans.len > 0 && plans.data[plans.len - 1] == '\n' ? plans.len - 1 : plans.len);
	return api_done(&plans, out, err, 0);
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
	if (params_json && api_json(c, a, params_json, &params, err) != 0)
		return -1;
	/* select() text or insert()/update()/delete(): what either would run */
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_execute_compile(&ctx, query, params, &buf), 1);
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
	{
		orm_err_unknown(err, entity, NULL);
		orm_err(err, ORM_ERR_UNKNOWN_ENTITY, "unknown entity \"%s\"", entity);
		return api_fail(&ctx, 0);
	}
	if (cls->concrete_union)
	{
		/* SQLAlchemy's get() reads the union, whose keys repeat across tables */
		orm_err(err, ORM_ERR_UNSUPPORTED, "orm_get of ConcreteBase class %s is not supported: "
				"query it (select(%s).where(...)) or get its concrete class", cls->name, cls->name);
		return api_fail(&ctx, 0);
	}
	if (api_json(c, a, key_json, &key, err) != 0)
		return -1;
	if (key == NULL)
		return orm_err(err, ORM_ERR_PARAM, "key must not be null");
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_load_get(&ctx, cls, key, options, &buf), 3);
}

/* result: NULL or 'objects' (the default), 'keys', 'counts' (flush.h) */
int
orm_api_flush(OrmConn *c, OrmArena *a, const char *changes_json, const char *result,
			  char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	ApiPoll		ap = {c, err};
	OrmFlushReturn ret = ORM_FLUSH_OBJECTS;

	if (result && strcmp(result, "keys") == 0)
		ret = ORM_FLUSH_KEYS;
	else if (result && strcmp(result, "counts") == 0)
		ret = ORM_FLUSH_COUNTS;
	else if (result && strcmp(result, "objects") != 0)
		return orm_err(err, ORM_ERR_PARAM,
					   "result must be 'objects', 'keys' or 'counts', not \"%s\"", result);
	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if (changes_json == NULL)
		return orm_err(err, ORM_ERR_PARAM, "changes must not be null");
	/* parsed by the flush into an arena of its own, freed after its stage 1 */
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_flush_text(&ctx, changes_json, api_poll, &ap, ret, &buf), 0);
}

int
orm_api_execute(OrmConn *c, OrmArena *a, const char *stmt, const char *params_json,
				char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	JsonValue  *params;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if (api_json(c, a, params_json, &params, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_execute_run(&ctx, stmt, params, &buf), 1);
}

int
orm_api_view(OrmConn *c, OrmArena *a, const char *name, const char *query,
			 char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;
	SxSelect   *sel;

	if (!name || !*name)
		return orm_err(err, ORM_ERR_PARAM, "orm_view: the view needs a name");
	if (!query)
		return orm_err(err, ORM_ERR_PARAM, "orm_view: query must not be null");
	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if ((sel = api_eval(&ctx, query, NULL, NULL)) == NULL)
		return api_fail(&ctx, 2);
	if (sel->shape)
	{
		/* a view's rows are the statement's: no Result method cuts them */
		orm_err_at(err, ORM_ERR_UNSUPPORTED, sel->line, sel->col,
				   "orm_view takes a statement: session and Result calls around it "
				   "shape what one call returns");
		return api_fail(&ctx, 2);
	}
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_view_create(&ctx, name, sel, &buf), 2);
}

/* ---- orm_automap ----------------------------------------------------------- */

/* The source automap writes for the live catalog, declared as orm_declare would. */
int
orm_api_automap(OrmConn *c, OrmArena *a, const char *schema, char **out, OrmError *err)
{
	OrmCtx		ctx;
	char	   *source;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	if (orm_automap_source(&ctx, schema, &source) != 0)
		return -1;
	if (!source)
	{
		*out = orm_strdup(a, "{\"classes\":[],\"tables\":[],\"enums\":[]}");
		return 0;
	}
	if (orm_api_declare(c, a, source, out, err) != 0)
	{
		orm_err_detail(err, "The error is in the declaration orm_automap generated.");
		err->text_arg = -1;		/* its position is in the generated text */
		return -1;
	}
	return 0;
}

/* ---- orm_listen ---------------------------------------------------------- */

int
orm_api_listen(OrmConn *c, OrmArena *a, const char *entity, const char *event,
			   const char *fn, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_session_listen(&ctx, entity, event, fn, &buf), 0);
}

/* ---- migrations ------------------------------------------------------------ */

int
orm_api_revision(OrmConn *c, OrmArena *a, const char *message, int autogenerate,
				 char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_migrate_revision(&ctx, message, autogenerate, &buf));
}

int
orm_api_migration_add(OrmConn *c, OrmArena *a, const char *script, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_end(&ctx, &buf, out, orm_migrate_add(&ctx, script, &buf), 1);
}

int
orm_api_upgrade(OrmConn *c, OrmArena *a, const char *target, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_migrate_upgrade(&ctx, target, &buf));
}

int
orm_api_downgrade(OrmConn *c, OrmArena *a, const char *target, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_migrate_downgrade(&ctx, target, &buf));
}

int
orm_api_current(OrmConn *c, OrmArena *a, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_migrate_current(&ctx, &buf));
}

int
orm_api_history(OrmConn *c, OrmArena *a, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_migrate_history(&ctx, &buf));
}

int
orm_api_stamp(OrmConn *c, OrmArena *a, const char *target, char **out, OrmError *err)
{
	OrmCtx		ctx;
	OrmBuf		buf;

	if (orm_ctx_begin(&ctx, c, a, err) != 0)
		return -1;
	orm_buf_init(&buf, a);
	return api_done(&buf, out, err, orm_migrate_stamp(&ctx, target, &buf));
}
