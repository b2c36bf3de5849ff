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
int			orm_api_get(OrmConn *c, OrmArena *a, const char *entity, const char *key_json,
						const char *options, char **out, OrmError *err);
int			orm_api_flush(OrmConn *c, OrmArena *a, const char *changes_json,
						  char **out, OrmError *err);

int			orm_api_listen(OrmConn *c, OrmArena *a, const char *entity, const char *event,
						   const char *fn, char **out, OrmError *err);

#endif							/* ORM_ORM_H */
