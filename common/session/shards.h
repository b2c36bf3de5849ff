/*
 * shards.h -- what the catalog says about a table spread over servers:
 * a partitioned table some of whose partitions are foreign tables
 * (postgres_fdw shards).  The flush and orm_execute ask before writing a
 * partition key of such a table (README "Scaling out").
 */
#ifndef ORM_SHARDS_H
#define ORM_SHARDS_H

#include "base/ctx.h"
#include "decl/registry.h"

typedef struct OrmShards
{
	bool		foreign;		/* some partition, at any depth, is a foreign table */
	bool		expr_key;		/* some level is partitioned by an expression */
	int			ncols;
	const char **cols;			/* the partition key columns of every level, by name */
} OrmShards;

/*
 * Fills out for table t (out->foreign false on an engine without foreign
 * tables, without a query).  0, or -1 with ctx->err set.
 */
int			orm_shards_of(OrmCtx *ctx, const OrmTable *t, OrmShards *out);

/* Whether writing col may move its row to another partition of a foreign-partitioned t. */
bool		orm_shards_moves(const OrmShards *s, const OrmColumn *col);

#endif							/* ORM_SHARDS_H */
