/*
 * load_cols.h -- which attributes each entity of a load plan loads (the
 * loader's column loading, load_cols.c): SQLAlchemy's deferred columns,
 * column_property() and query_expression() attributes, and the options
 * load_only() / defer() / undefer() / undefer_group() / with_expression()
 * on the root entities and along relationship paths.
 *
 * For each plan node (sql/compile.h, OrmLoadNode) the planner decides the
 * node's columns (OrmLoadNode.load): the attributes it loads, in mapper
 * order, then the columns the plan needs for keys without loading them
 * (hidden).  The node's expression columns are evaluated for its FROM when
 * the FROM is known (placing), again for each statement of a selectin node.
 */
#ifndef ORM_LOAD_COLS_H
#define ORM_LOAD_COLS_H

#include "session/session.h"
#include "sql/compile.h"

/*
 * The attributes node (of class node->cls, reached from the statement's
 * entity whose FROM is root_from through path[0..depth-1]) loads, by sel's
 * column loading options and the mapping's defaults, into node->load.  An
 * option that conflicts with another is an error.
 */
int			orm_load_cols_decide(OrmCtx *ctx, const SxSelect *sel, const SxFrom *root_from,
								 OrmRelationship *const *path, int depth, OrmLoadNode *node);

/*
 * The same for an ORM_LAZY_POLY node (its class below above, the class of
 * the node it loads for): of the columns its statement selects (cols,
 * polymorphic.c) and of its class's expression attributes declared below
 * above, those it loads; never NULL.
 */
int			orm_load_cols_decide_poly(OrmCtx *ctx, const SxSelect *sel, const SxFrom *root_from,
									  OrmRelationship *const *path, int depth, OrmLoadNode *node,
									  const OrmClass *above, OrmColumn *const *cols, int ncols);

/*
 * After every node of plans[0..n-1] (NULL entries skipped) is decided: the
 * columns the plan reads for keys -- a selectin load's join columns on both
 * sides, a joined collection's sort columns -- added as hidden columns to
 * every node of their class that does not load them, so that an object met
 * through any node of the plan has them.
 */
int			orm_load_cols_keys(OrmCtx *ctx, OrmLoadNode **plans, int n);

/* The expression columns of node, evaluated for node->from (set). */
int			orm_load_cols_place(OrmCtx *ctx, OrmLoadNode *node);

#endif							/* ORM_LOAD_COLS_H */
