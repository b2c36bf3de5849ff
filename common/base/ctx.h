/*
 * ctx.h -- the per-call context every core module receives (OrmCtx), and
 * the poll of long loops (ORM_POLL).
 *
 * Declared in the lowest layer because every layer above takes it: the SQL
 * compiler reads its arena, dialect, registry and error; the ORM and schema
 * modules also run SQL through it (session/session.h, orm_ctx_query).  What
 * the fields point to belongs to higher layers, so they are named here as
 * incomplete struct types only: a file that dereferences ctx->dialect or
 * ctx->reg includes sql/dialect.h or decl/registry.h itself, and only the
 * session layer (session/session.h) knows OrmConn's fields.  The session
 * layer fills an OrmCtx for each call (orm_ctx_begin); nothing else does,
 * apart from tests that compile without a connection.
 */
#ifndef ORM_CTX_H
#define ORM_CTX_H

#include "base/util.h"
#include "base/host.h"

struct OrmConn;					/* session/session.h */
struct OrmDialect;				/* sql/dialect.h */
struct OrmRegistry;				/* decl/registry.h */

/* Per-call context handed to every core module. */
typedef struct OrmCtx
{
	struct OrmConn *conn;
	OrmArena   *arena;			/* the call's arena */
	const OrmHost *host;
	void	   *hs;
	const struct OrmDialect *dialect;
	struct OrmRegistry *reg;
	OrmError   *err;
	uint32_t	poll_tick;		/* ORM_POLL's iteration count */
	/*
	 * orm_explain: when set, every statement run through orm_ctx_query is
	 * explained first and its plan appended here (session.c, "Explain").
	 */
	OrmBuf	   *explain;
	bool		explain_analyze;
	int			explain_n;		/* statements explained so far */
	/*
	 * Set when what the call built depends on more than its texts and the
	 * registry (the clock: datetime.now() in query text), so that it must
	 * not be kept for the next call (session/callcache.h).
	 */
	bool		uncacheable;
} OrmCtx;

/*
 * In every long loop of a call (rows, objects, JSON): -1 (err set) when the
 * host says the call was cancelled (host.h, interrupted).  Cheap: a counter.
 */
#define ORM_POLL(ctx) orm_host_poll((ctx)->host, (ctx)->hs, &(ctx)->poll_tick, (ctx)->err)

#endif							/* ORM_CTX_H */
