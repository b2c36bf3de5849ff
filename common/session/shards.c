/*
 * shards.c -- a table's foreign partitions, from the catalog.
 *
 * Owns: orm_shards_of, orm_shards_moves.  A partitioned table whose
 * partitions are foreign tables on other servers (postgres_fdw) takes rows
 * as any partitioned table does: an INSERT is routed to the partition, and
 * so to the shard, the partition key chooses.  An UPDATE is not: when
 * postgres_fdw can send it to the shard whole (a "direct modify", the plan
 * for UPDATE ... WHERE key = $1), the shard changes the row where it is,
 * and a row whose partition key changes stays on the shard its old value
 * chose, outside its partition's bounds, visible only where PostgreSQL does
 * not prune that partition away.  PostgreSQL does not check the bounds of
 * foreign partitions.  So a write of a partition key column of such a table
 * must know it is one: the flush moves the row itself (flush_emit.c),
 * orm_execute refuses (execute.c).
 *
 * The question is the dialect's catalog query (foreign_partition_keys_sql,
 * NULL where the engine has no foreign tables: no query at all).  Its
 * answer is kept per connection, by table, while the host's catalog stamp
 * stays the same (host.h, catalog_stamp: on PostgreSQL any relcache
 * invalidation, which ATTACH / DETACH PARTITION and CREATE FOREIGN TABLE
 * ... PARTITION OF send for the parent), so an UPDATE pays for the query
 * once, not at every flush (it costs about twice the UPDATE).  Without a
 * stamp, one query per table and call.
 */
#include "session/shards.h"
#include "session/session.h"

#include <string.h>

#define SHARDS_MAX_CACHED 1024		/* tables per connection; then start over */

typedef struct ShardsEnt
{
	struct ShardsEnt *next;
	const char *key;			/* the table's name as SQL */
	OrmShards	s;
} ShardsEnt;

/* The cached answer for name, or NULL; drops the cache when the stamp moved. */
static const ShardsEnt *
shards_cached(OrmCtx *ctx, const char *name)
{
	OrmConn    *c = ctx->conn;
	const ShardsEnt *e;
	uint64_t	stamp;

	if (!c || !ctx->host->catalog_stamp)
		return NULL;
	stamp = ctx->host->catalog_stamp(ctx->hs);
	if (stamp != c->shards_stamp || c->shards_n >= SHARDS_MAX_CACHED)
	{
		orm_arena_reset(&c->shards_arena);
		c->shards_cache = NULL;
		c->shards_n = 0;
		c->shards_stamp = stamp;
		return NULL;
	}
	for (e = c->shards_cache; e; e = e->next)
		if (strcmp(e->key, name) == 0)
			return e;
	return NULL;
}

/* Keeps the answer s for name in the connection's cache (a copy). */
static void
shards_keep(OrmCtx *ctx, const char *name, const OrmShards *s)
{
	OrmConn    *c = ctx->conn;
	OrmArena   *a;
	ShardsEnt  *e;
	int			i;

	if (!c || !ctx->host->catalog_stamp)
		return;
	a = &c->shards_arena;
	e = ORM_NEW(a, ShardsEnt);
	e->key = orm_strdup(a, name);
	e->s = *s;
	e->s.cols = ORM_NEWN(a, const char *, s->ncols + 1);
	for (i = 0; i < s->ncols; i++)
		e->s.cols[i] = orm_strdup(a, s->cols[i]);
	e->next = c->shards_cache;
	c->shards_cache = e;
	c->shards_n++;
}

int
orm_shards_of(OrmCtx *ctx, const OrmTable *t, OrmShards *out)
{
	const ShardsEnt *hit;
	const char *sql = ctx->dialect->foreign_partition_keys_sql;
	OrmBuf		name;
	OrmParam	p;
	OrmRows		rows;
	int			r;

	memset(out, 0, sizeof(*out));
	if (!sql)
		return 0;
	orm_buf_init(&name, ctx->arena);
	if (t->schema)
	{
		orm_quote_ident(&name, t->schema);
		orm_buf_putc(&name, '.');
	}
	orm_quote_ident(&name, t->name);
	if ((hit = shards_cached(ctx, orm_buf_cstr(&name))) != NULL)
	{
		*out = hit->s;
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.kind = ORM_V_TEXT;
	p.s = orm_buf_cstr(&name);
	p.len = strlen(p.s);
	if (orm_ctx_query(ctx, sql, 1, &p, &rows) < 0)
		return -1;
	out->foreign = rows.nrows > 0;
	out->cols = ORM_NEWN(ctx->arena, const char *, rows.nrows + 1);
	for (r = 0; r < rows.nrows; r++)
	{
		const OrmValue *v = ORM_ROW(&rows, r);

		if (v->kind == ORM_V_NULL || !v->s)
			out->expr_key = true;
		else
			out->cols[out->ncols++] = orm_strndup(ctx->arena, v->s, v->len);
	}
	shards_keep(ctx, p.s, out);
	return 0;
}

bool
orm_shards_moves(const OrmShards *s, const OrmColumn *col)
{
	int			i;

	if (!s->foreign)
		return false;
	if (s->expr_key)
		return true;			/* an expression may read any column */
	for (i = 0; i < s->ncols; i++)
		if (strcmp(s->cols[i], col->name) == 0)
			return true;
	return false;
}
