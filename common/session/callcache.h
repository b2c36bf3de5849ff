/*
 * callcache.h -- what a repeated call would build again, kept per
 * connection: a bounded set of entries, each a key (bytes) and a value that
 * lives in the entry's own arena of connection-lifetime memory.
 *
 * The orm/ layer fills it (orm/loader_cache.c: a planned and compiled
 * orm_get / orm_select); this layer owns the memory, the bound and the
 * freshness.  Every entry is dropped when the registry is rebuilt or the
 * parse cache starts over (an entry points into both), and when the
 * connection is released.  Bounded by CC_MAX_ENTRIES entries and
 * CC_MAX_BYTES of arena in all: the least recently used entry goes first;
 * an entry larger than CC_MAX_ENTRY_BYTES is never kept.
 *
 * Use: v = orm_callcache_find(ctx, key, n); on a miss a =
 * orm_callcache_start(ctx, key, n), build the value in a (not in the call's
 * arena), then orm_callcache_store (or orm_callcache_abandon on failure).  Without connection-lifetime
 * memory (a context with no connection) start returns NULL: build in the
 * call's arena and do not store.
 */
#ifndef ORM_CALLCACHE_H
#define ORM_CALLCACHE_H

#include "base/ctx.h"

#define CC_MAX_ENTRIES		64
#define CC_MAX_BYTES		((size_t) 8 * 1024 * 1024)
#define CC_MAX_ENTRY_BYTES	((size_t) 1024 * 1024)

struct OrmConn;

/* The value stored under key[0..n-1], or NULL; a hit becomes the most recently used. */
void	   *orm_callcache_find(OrmCtx *ctx, const void *key, size_t n);

/*
 * A new entry for key[0..n-1] (copied): its arena, pending until stored or
 * abandoned (a pending entry left by a call that never returned, an
 * out-of-memory longjmp, is freed here); NULL when the connection cannot
 * keep one, or when the key was not built before (a key is kept the second
 * time it is built: callcache.c, "Admission").
 */
OrmArena   *orm_callcache_start(OrmCtx *ctx, const void *key, size_t n);

/*
 * Keeps the pending entry as key -> value (evicting as needed): true.  False
 * when it is not kept (too large, or built while the registry or the parse
 * cache moved): it stays pending, valid until orm_callcache_abandon.
 */
bool		orm_callcache_store(OrmCtx *ctx, void *value);

/* Frees the pending entry. */
void		orm_callcache_abandon(OrmCtx *ctx);

/* Frees every entry and the cache itself (orm_conn_release). */
void		orm_callcache_release(struct OrmConn *c);

/* Statistics, for tests: entries kept and the bytes of their arenas. */
int			orm_callcache_count(const struct OrmConn *c, size_t *bytes);

#endif							/* ORM_CALLCACHE_H */
