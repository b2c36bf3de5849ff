/*
 * callcache.c -- the per-connection cache of what repeated calls rebuild
 * (callcache.h).
 *
 * Owns: the entries' memory (one arena each, from the connection's
 * long-lived hooks, so evicting one frees its blocks), the bound (entries,
 * bytes: least recently used out first) and freshness: the cache remembers
 * the registry generation and the parse cache generation (OrmConn.reg_gen,
 * parse_gen; and the registry's address) it was filled under and empties
 * itself when either moved, as
 * entries point into the registry's arena and the parse cache's.  An entry
 * whose build saw either move is not kept.  Values are opaque here.
 *
 * A small array searched linearly: CC_MAX_ENTRIES is 64, and a probe is a
 * hash compare per entry, far below what a hit saves (~30,000 instructions).
 *
 * Admission: a key is kept the second time it is built, not the first
 * (seen[]: the hashes of keys built once, direct-mapped).  A call whose
 * key never repeats (orm_select with other params each time) then builds
 * in its own arena, whose blocks are reused call after call, instead of in
 * new long-lived blocks that would only push the others out.
 */
#include "session/callcache.h"
#include "session/session.h"

#include <string.h>

#define CC_SEEN 256

typedef struct CcEnt
{
	uint64_t	hash;
	char	   *key;			/* in arena */
	size_t		keylen;
	void	   *value;
	uint64_t	used;			/* tick of the last hit or store */
	OrmArena	arena;
} CcEnt;

typedef struct OrmCallCache
{
	int			n;
	uint64_t	tick;
	uint64_t	reg_gen;
	uint64_t	parse_gen;
	const void *reg;			/* the registry itself, should it be swapped whole */
	size_t		bytes;			/* arena bytes of the kept entries */
	bool		pending_used;
	char	   *pending_key;	/* in pending, first (no block is added after the value) */
	size_t		pending_keylen;
	uint64_t	pending_reg_gen;
	uint64_t	pending_parse_gen;
	OrmArena	pending;
	CcEnt		ents[CC_MAX_ENTRIES];
	uint64_t	seen[CC_SEEN];	/* hashes of keys built once, by hash % CC_SEEN */
} OrmCallCache;

static bool
cc_can(const OrmConn *c)
{
	return c && c->long_hooks.block_alloc;
}

static OrmCallCache *
cc_get(OrmConn *c, bool create)
{
	OrmCallCache *cc = c->call_cache;

	if (cc || !create || !cc_can(c))
		return cc;
	cc = c->long_hooks.block_alloc(c->long_hooks.state, sizeof(OrmCallCache));
	memset(cc, 0, sizeof(*cc));
	cc->reg_gen = c->reg_gen;
	cc->parse_gen = c->parse_gen;
	cc->reg = c->reg;
	orm_arena_init(&cc->pending, &c->long_hooks);
	c->call_cache = cc;
	return cc;
}

static void
cc_drop(OrmCallCache *cc, int i)
{
	cc->bytes -= cc->ents[i].arena.total;
	orm_arena_reset(&cc->ents[i].arena);
	cc->ents[i] = cc->ents[--cc->n];
}

static void
cc_clear(OrmCallCache *cc)
{
	while (cc->n > 0)
		cc_drop(cc, cc->n - 1);
}

/* Empties the cache when the registry or the parse cache it points into changed. */
static void
cc_fresh(OrmCallCache *cc, const OrmConn *c)
{
	if (cc->reg_gen == c->reg_gen && cc->parse_gen == c->parse_gen && cc->reg == c->reg)
		return;
	cc_clear(cc);
	cc->reg_gen = c->reg_gen;
	cc->parse_gen = c->parse_gen;
	cc->reg = c->reg;
}

void *
orm_callcache_find(OrmCtx *ctx, const void *key, size_t n)
{
	OrmCallCache *cc = ctx->conn ? cc_get(ctx->conn, false) : NULL;
	uint64_t	h;

	if (!cc)
		return NULL;
	cc_fresh(cc, ctx->conn);
	h = orm_hash_str(key, n);
	for (int i = 0; i < cc->n; i++)
	{
		CcEnt	   *e = &cc->ents[i];

		if (e->hash == h && e->keylen == n && memcmp(e->key, key, n) == 0)
		{
			e->used = ++cc->tick;
			return e->value;
		}
	}
	return NULL;
}

OrmArena *
orm_callcache_start(OrmCtx *ctx, const void *key, size_t n)
{
	OrmCallCache *cc = ctx->conn ? cc_get(ctx->conn, true) : NULL;
	uint64_t	h;

	if (!cc)
		return NULL;
	orm_arena_reset(&cc->pending);
	cc->pending_used = false;
	h = orm_hash_str(key, n);
	if (cc->seen[h % CC_SEEN] != h)
	{
		cc->seen[h % CC_SEEN] = h;	/* kept if it comes again */
		return NULL;
	}
	cc->pending_used = true;
	cc->pending_key = orm_alloc(&cc->pending, n + 1);
	memcpy(cc->pending_key, key, n);
	cc->pending_keylen = n;
	cc->pending_reg_gen = ctx->conn->reg_gen;
	cc->pending_parse_gen = ctx->conn->parse_gen;
	return &cc->pending;
}

void
orm_callcache_abandon(OrmCtx *ctx)
{
	OrmCallCache *cc = ctx->conn ? cc_get(ctx->conn, false) : NULL;

	if (!cc)
		return;
	orm_arena_reset(&cc->pending);
	cc->pending_used = false;
}

bool
orm_callcache_store(OrmCtx *ctx, void *value)
{
	OrmConn    *c = ctx->conn;
	OrmCallCache *cc = c ? cc_get(c, false) : NULL;
	CcEnt	   *e;
	size_t		size;

	if (!cc || !cc->pending_used)
		return false;
	cc_fresh(cc, c);
	/* built while the registry or the parse cache moved, or too large: not kept */
	if (cc->pending_reg_gen != c->reg_gen || cc->pending_parse_gen != c->parse_gen ||
		cc->pending.total > CC_MAX_ENTRY_BYTES)
		return false;
	size = cc->pending.total;
	while (cc->n > 0 && (cc->n >= CC_MAX_ENTRIES || cc->bytes + size > CC_MAX_BYTES))
	{
		int			lru = 0;

		for (int i = 1; i < cc->n; i++)
			if (cc->ents[i].used < cc->ents[lru].used)
				lru = i;
		cc_drop(cc, lru);
	}
	e = &cc->ents[cc->n++];
	memset(e, 0, sizeof(*e));
	e->arena = cc->pending;		/* the blocks move to the entry */
	orm_arena_init(&cc->pending, &c->long_hooks);
	cc->pending_used = false;
	e->key = cc->pending_key;
	e->keylen = cc->pending_keylen;
	e->hash = orm_hash_str(e->key, e->keylen);
	e->value = value;
	e->used = ++cc->tick;
	cc->bytes += e->arena.total;
	return true;
}

void
orm_callcache_release(OrmConn *c)
{
	OrmCallCache *cc = c->call_cache;

	if (!cc)
		return;
	cc_clear(cc);
	orm_arena_reset(&cc->pending);
	if (c->long_hooks.block_free)
		c->long_hooks.block_free(c->long_hooks.state, cc);
	c->call_cache = NULL;
}

int
orm_callcache_count(const OrmConn *c, size_t *bytes)
{
	const OrmCallCache *cc = c ? c->call_cache : NULL;

	if (bytes)
		*bytes = cc ? cc->bytes : 0;
	return cc ? cc->n : 0;
}
