/*
 * ddl.h -- CREATE / DROP statements for the declared tables (ddl.c):
 * metadata.create_all / drop_all, orm_ddl's text, and the same spellings one
 * piece at a time for migrations (migrate_ops.c, autogen.c).
 */
#ifndef ORM_DDL_H
#define ORM_DDL_H

#include "session/session.h"

int			orm_ddl_text(OrmCtx *ctx, OrmBuf *out);		/* CREATE statements, ";\n" separated */
int			orm_ddl_create_all(OrmCtx *ctx, OrmBuf *json_out);
int			orm_ddl_drop_all(OrmCtx *ctx, OrmBuf *json_out);
/* the same spellings, one piece at a time (migrations) */
void		orm_ddl_create_table_sql(OrmCtx *ctx, const OrmTable *t, OrmBuf *out);
void		orm_ddl_column_sql(OrmCtx *ctx, const OrmColumn *c, OrmBuf *out);
/* ALTER TABLE ... ADD's text of the CHECK a column's type makes (a non-native
 * Enum or Boolean with create_constraint=True); false when it makes none */
bool		orm_ddl_type_check_sql(const OrmCtx *ctx, const OrmColumn *c, OrmBuf *out);
void		orm_ddl_type_sql(OrmCtx *ctx, const OrmColumn *c, OrmBuf *out);
void		orm_ddl_default_sql(OrmCtx *ctx, const OrmColumn *c, OrmBuf *out);
void		orm_ddl_index_sql(OrmCtx *ctx, const OrmTable *t, const OrmIndex *ix, OrmBuf *out);
void		orm_ddl_enum_sql(const OrmType *t, OrmBuf *out);
void		orm_ddl_fk_sql(OrmCtx *ctx, const OrmTable *t, const OrmColumn *first, OrmBuf *out);
void		orm_ddl_table_enums(OrmCtx *ctx, const OrmTable *t, OrmPtrVec *out);

#endif							/* ORM_DDL_H */
