/*
 * flush.h -- the unit of work (flush*.c; its pieces share flush_int.h).
 */
#ifndef ORM_FLUSH_H
#define ORM_FLUSH_H

#include "session/session.h"

struct JsonValue;

/* What orm_flush returns (orm_flush(changes, result)). */
typedef enum OrmFlushReturn
{
	ORM_FLUSH_OBJECTS,			/* 'objects': each operation's graph as stored, and counts */
	ORM_FLUSH_KEYS,				/* 'keys': the graphs with keys and produced values only */
	ORM_FLUSH_COUNTS			/* 'counts': the counts per table alone */
} OrmFlushReturn;

/*
 * One unit of work: the JSON list of operations (add / update / merge /
 * delete of object graphs), flushed like one session.flush().  Appends
 * {"objects":[...],"counts":{...}} to out ({"counts":{...}} for
 * ORM_FLUSH_COUNTS; flush.c's prologue says what 'keys' shows).  Runs inside host->begin_atomic
 * once it issues SQL and rolls back on error.  Assumes a multi-row INSERT
 * ... VALUES ... RETURNING returns its rows in VALUES order (see
 * flush_emit.c's prologue).
 */
int			orm_flush(OrmCtx *ctx, const struct JsonValue *changes, OrmFlushReturn ret,
					  OrmBuf *out);

/*
 * orm_flush of the changes as JSON text (orm_flush(changes, result)'s
 * own): their values are parsed into an arena of their own and freed once
 * stage 1 has made the objects (the text's one copy, which the strings
 * are, stays in the call's arena); poll(arg) is json_parse_polled's cancel
 * check.  A replay of a failed batch parses the text again.  Errors are
 * orm_flush's, and the parser's ("invalid JSON at line L, column C").
 */
int			orm_flush_text(OrmCtx *ctx, const char *changes, int (*poll) (void *arg),
						   void *arg, OrmFlushReturn ret, OrmBuf *out);

#endif							/* ORM_FLUSH_H */
