/*
 * automap.h -- orm_automap() and orm_view(): mappings and views derived from
 * what is already in the database.
 *
 *   orm_api_automap  reads the engine's catalog (the dialect's automap_*_sql),
 *                    writes the declarative source sqlalchemy.ext.automap
 *                    would amount to (automap.c) and stores it through
 *                    orm_api_declare; *out is orm_declare's summary JSON.
 *   orm_api_view     CREATE VIEW "name" over a select() statement: the
 *                    statement's rows, each eager-loaded relationship a JSON
 *                    column built in SQL (view.c); *out is
 *                    {"view": "name", "columns": [...]}.
 *
 * Both follow orm.h's convention: 0 with *out set in arena a, or -1 with err.
 */
#ifndef ORM_AUTOMAP_H
#define ORM_AUTOMAP_H

#include "session/session.h"

/* schema: NULL = the default schema (SQLite: "main") */
int			orm_api_automap(OrmConn *c, OrmArena *a, const char *schema,
							char **out, OrmError *err);

/* The declarative source orm_api_automap would declare, without declaring it
 * (NULL in *source when there is nothing to map).  For tests and orm_ddl-like
 * inspection. */
int			orm_automap_source(OrmConn *c, OrmArena *a, const char *schema,
							   char **source, OrmError *err);

int			orm_api_view(OrmConn *c, OrmArena *a, const char *name, const char *query,
						 char **out, OrmError *err);

#endif							/* ORM_AUTOMAP_H */
