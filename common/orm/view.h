/*
 * view.h -- orm_view(name, query): an ordinary SQL view of a select()
 * statement's objects, eager-loaded relationships as JSON columns (view.c).
 */
#ifndef ORM_VIEW_H
#define ORM_VIEW_H

#include "session/session.h"
#include "sql/sqlexpr.h"

/*
 * Creates view "name" over sel (evaluated from the statement text by the
 * caller, orm_query_eval) and appends {"view": "name", "columns": [...]} to
 * out.  name is one identifier, quoted as given.
 */
int			orm_view_create(OrmCtx *ctx, const char *name, SxSelect *sel, OrmBuf *out);

#endif							/* ORM_VIEW_H */
