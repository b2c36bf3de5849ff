/*
 * migrate.h -- Alembic's workflow inside the database: the SQL-visible
 * migration functions.
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
 *
 * Scripts live in the table orm_migrations (one row per script, in the order
 * they were added); the database's version is Alembic's own table
 * alembic_version(version_num).  Same convention as orm.h: 0 with *out set
 * in arena a, or -1 with err.
 */
#ifndef ORM_MIGRATE_H
#define ORM_MIGRATE_H

#include "session/session.h"

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

#endif							/* ORM_MIGRATE_H */
