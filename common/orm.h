/*
 * orm.h -- the core's entry points, one per SQL-visible function (api.c).
 *
 * A host glue (pg_ext/orm_pg.c, sqlite_ext/orm_sqlite.c) keeps one OrmConn per
 * database connection (session/session.h: orm_conn_init, the registry cache)
 * and, for each call, an arena; it calls orm_api_* and turns the result or
 * the OrmError into the engine's result.  Every orm_api_* returns 0 with *out
 * set (JSON or text, in the call arena), or -1 with err set.  Nothing in the
 * core calls these: they are the top of it.
 */
#ifndef ORM_ORM_H
#define ORM_ORM_H

#include "base/util.h"

typedef struct OrmConn OrmConn;	/* session/session.h */

int			orm_api_declare(OrmConn *c, OrmArena *a, const char *source,
							char **out, OrmError *err);
int			orm_api_create_all(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_drop_all(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_ddl(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_select(OrmConn *c, OrmArena *a, const char *query,
						   const char *params_json, char **out, OrmError *err);
int			orm_api_compile(OrmConn *c, OrmArena *a, const char *query,
							const char *params_json, char **out, OrmError *err);
/* orm_explain(query [, params] [, analyze]): the plan of every statement orm_select runs */
int			orm_api_explain(OrmConn *c, OrmArena *a, const char *query,
							const char *params_json, int analyze, char **out, OrmError *err);
int			orm_api_get(OrmConn *c, OrmArena *a, const char *entity, const char *key_json,
						const char *options, char **out, OrmError *err);
/*
 * orm_flush(changes [, result]): result NULL or "objects" (each
 * operation's graph as stored, and counts), "keys" (the graphs with keys and
 * the values the flush produced), "counts" (counts alone).
 */
int			orm_api_flush(OrmConn *c, OrmArena *a, const char *changes_json,
						  const char *result, char **out, OrmError *err);

/*
 * orm_execute(stmt [, params]): insert() / update() / delete().  params: a
 * JSON object (names in the text resolve to its keys, as in orm_select), or
 * a JSON array of objects (the executemany form session.execute(insert(User),
 * [{...}, ...]): one batched multi-row INSERT, or ORM bulk UPDATE by primary
 * key), or NULL.  *out: {"rowcount": N}, or with .returning() an array
 * shaped as orm_select's result.
 */
int			orm_api_execute(OrmConn *c, OrmArena *a, const char *stmt,
							const char *params_json, char **out, OrmError *err);

/*
 * orm_view(name, query): CREATE VIEW "name" over a select() statement: the
 * statement's rows, each eager-loaded relationship a JSON column built in
 * SQL; *out is {"view": "name", "columns": [...]}.
 */
int			orm_api_view(OrmConn *c, OrmArena *a, const char *name, const char *query,
						 char **out, OrmError *err);

/*
 * orm_automap([schema]): reads the engine's catalog (schema NULL: the
 * default; SQLite: "main"), writes the declarative source
 * sqlalchemy.ext.automap would amount to and stores it as orm_declare does;
 * *out is orm_declare's summary JSON.
 */
int			orm_api_automap(OrmConn *c, OrmArena *a, const char *schema,
							char **out, OrmError *err);

int			orm_api_listen(OrmConn *c, OrmArena *a, const char *entity, const char *event,
						   const char *fn, char **out, OrmError *err);

/*
 * Alembic's workflow inside the database (schema/migrate.h):
 *
 *   orm_api_revision       alembic revision [--autogenerate] -m message: a new
 *                          script in Alembic's file format, stored, not run
 *   orm_api_migration_add  a script written or edited by hand, stored; *out is
 *                          its revision id
 *   orm_api_upgrade        alembic upgrade <target>   (json)
 *   orm_api_downgrade      alembic downgrade <target> (json)
 *   orm_api_current        alembic current            (json)
 *   orm_api_history        alembic history --verbose  (json)
 *   orm_api_stamp          alembic stamp <target>     (json)
 */
/* autogenerate: 1 compare the models with the database, 0 an empty script */
int			orm_api_revision(OrmConn *c, OrmArena *a, const char *message, int autogenerate,
							 char **out, OrmError *err);
int			orm_api_migration_add(OrmConn *c, OrmArena *a, const char *script,
								  char **out, OrmError *err);
/* target NULL: "head" */
int			orm_api_upgrade(OrmConn *c, OrmArena *a, const char *target,
							char **out, OrmError *err);
int			orm_api_downgrade(OrmConn *c, OrmArena *a, const char *target,
							  char **out, OrmError *err);
int			orm_api_current(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_history(OrmConn *c, OrmArena *a, char **out, OrmError *err);
int			orm_api_stamp(OrmConn *c, OrmArena *a, const char *target,
						  char **out, OrmError *err);

#endif							/* ORM_ORM_H */
