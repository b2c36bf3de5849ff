/*
 * migrate.h -- Alembic's workflow inside the database: what each migration
 * function does, in a call's context (api.c calls them: orm_api_revision
 * ... orm_api_stamp, orm.h).
 *
 *   orm_migrate_revision   alembic revision [--autogenerate] -m message: a new
 *                          script in Alembic's file format, stored, not run;
 *                          out gets its text
 *   orm_migrate_add        a script written or edited by hand, stored; out
 *                          gets its revision id
 *   orm_migrate_upgrade    alembic upgrade <target>   (json)
 *   orm_migrate_downgrade  alembic downgrade <target> (json)
 *   orm_migrate_current    alembic current            (json)
 *   orm_migrate_history    alembic history --verbose  (json)
 *   orm_migrate_stamp      alembic stamp <target>     (json)
 *
 * Scripts live in the table orm_migrations (one row per script, in the order
 * they were added); the database's version is Alembic's own table
 * alembic_version(version_num).  ctx comes from orm_ctx_begin; each returns
 * 0 with the result appended to out, or -1 with ctx->err set.
 */
#ifndef ORM_MIGRATE_H
#define ORM_MIGRATE_H

#include "session/session.h"

/* autogenerate: 1 compare the models with the database, 0 an empty script */
int			orm_migrate_revision(OrmCtx *ctx, const char *message, int autogenerate,
								 OrmBuf *out);
int			orm_migrate_add(OrmCtx *ctx, const char *script, OrmBuf *out);
/* target NULL: "head" */
int			orm_migrate_upgrade(OrmCtx *ctx, const char *target, OrmBuf *out);
int			orm_migrate_downgrade(OrmCtx *ctx, const char *target, OrmBuf *out);
int			orm_migrate_current(OrmCtx *ctx, OrmBuf *out);
int			orm_migrate_history(OrmCtx *ctx, OrmBuf *out);
int			orm_migrate_stamp(OrmCtx *ctx, const char *target, OrmBuf *out);

#endif							/* ORM_MIGRATE_H */
