/*
 * flush.h -- the unit of work (flush*.c; its pieces share flush_int.h).
 */
#ifndef ORM_FLUSH_H
#define ORM_FLUSH_H

#include "session/session.h"

struct JsonValue;

/*
 * One unit of work: the JSON list of operations (add / update / merge /
 * delete of object graphs), flushed like one session.flush().  Appends
 * {"objects":[...],"counts":{...}} to out.  Runs inside host->begin_atomic
 * once it issues SQL and rolls back on error.  Assumes a multi-row INSERT
 * ... VALUES ... RETURNING returns its rows in VALUES order (see
 * flush_emit.c's prologue).
 */
int			orm_flush(OrmCtx *ctx, const struct JsonValue *changes, OrmBuf *out);

#endif							/* ORM_FLUSH_H */
