/*
 * automap.h -- orm_automap(): a mapping derived from what is already in the
 * database (automap.c).
 *
 * orm_api_automap (api.c) reads the engine's catalog through
 * orm_automap_source, which writes the declarative source
 * sqlalchemy.ext.automap would amount to, and stores it through
 * orm_api_declare; its result is orm_declare's summary JSON.
 */
#ifndef ORM_AUTOMAP_H
#define ORM_AUTOMAP_H

#include "session/session.h"

/*
 * The declarative source orm_automap would declare for schema (NULL: the
 * default schema; SQLite: "main"), without declaring it: *source is NULL
 * when there is nothing to map.  ctx from orm_ctx_begin (tables the registry
 * has are left alone).  Also for tests and orm_ddl-like inspection.
 */
int			orm_automap_source(OrmCtx *ctx, const char *schema, char **source);

#endif							/* ORM_AUTOMAP_H */
