/*
 * loader_int.h -- what the pieces of the loader share (not an API): the
 * loader's public face is orm/loader.h.
 *
 *   loader_cache.c  session.get (orm_load_get) and orm_select by text
 *                   (orm_load_query): prepared selects kept per connection
 *   loader.c        running a select: hydration, the identity map, selectin
 *                   and polymorphic statements, a large result in pieces;
 *                   orm_load_select, orm_compile_text, ld_prepare /
 *                   ld_run_prepared
 *   loader_json.c   the objects and rows as JSON (its types with loader.c:
 *                   loader_ld.h)
 *   loader_plan.c   stage 1, the eager-load plan: orm_plan_build,
 *                   orm_plan_place, lp_place_joined, lp_copy_plans
 *   polymorphic.c   inheritance in a plan: which subclasses a node loads
 *                   inline or by a statement of their own, their
 *                   relationships, columns and statements, a row's class
 *
 * A piece calls only pieces below it in this list (loader_cache.c calls
 * loader.c; loader.c calls the three below, loader_plan.c calls
 * polymorphic.c, which calls neither); loader_plan.c also calls load_cols.c
 * (load_cols.h), the columns of each node.
 */
#ifndef ORM_LOADER_INT_H
#define ORM_LOADER_INT_H

#include "orm/loader.h"

#define LP_MAXDEPTH		64		/* plan depth limit (relationships on one path) */
#define LP_MAXNODES		4096	/* plan size limit (default eager loads of a big
								 * schema could otherwise grow without bound) */

/* ---- loader_plan.c ---------------------------------------------------------- */

/*
 * Node's expression columns for its FROM (set), the FROMs of the JOINED
 * nodes below it and their relationships' criteria, for one statement.
 */
int			lp_place_joined(OrmCtx *ctx, OrmLoadNode *node);

/*
 * plans[0..n-1] copied into a for one run of a kept plan: nodes, children
 * and column lists are the run's own, what they point to is shared.
 */
OrmLoadNode **lp_copy_plans(OrmArena *a, OrmLoadNode *const *plans, int n);

/*
 * dst and the JOINED / CONTAINS_EAGER nodes below it (one statement's
 * nodes) set as src's (a copy of the same plan node) are, their column
 * lists copied into a; dst's children stay its own.
 */
void		lp_restore_stmt(OrmArena *a, OrmLoadNode *dst, const OrmLoadNode *src);

/* ---- loader.c ---------------------------------------------------------------- */

/*
 * A selectin statement compiled for one parent, kept with a prepared
 * select: its key the statement's bind slot 1, node the plan node's copy as
 * compiling it left it (its FROM, its columns and where they start, and
 * those of the JOINED nodes of its statement), nextra its leading key items.
 */
typedef struct LdKept
{
	OrmCompiled comp;			/* comp.sql NULL: none for this node */
	OrmLoadNode *node;
	int			nextra;
} LdKept;

/* A select planned (placed) and its main statement compiled: what a run needs. */
typedef struct LdPrepared
{
	SxSelect   *sel;
	OrmLoadNode **plans;		/* one per item of sel (NULL: not an entity) */
	OrmCompiled comp;
	int			nkept;			/* kept[i]: plan node i, depth first (ld_prepare_selectins) */
	LdKept	   *kept;
	/* the classes its plan met, with their JSON member names rendered
	 * (ld_prepare_selectins): a run takes those names instead of writing
	 * them again */
	int			nclasses;
	struct LdClass *const *classes;
} LdPrepared;

/* What a run writes: the statement's result (orm_select), or its first object or null (session.get). */
typedef enum LdWrite
{
	LD_WRITE_RESULT,
	LD_WRITE_FIRST
} LdWrite;

/* Plans and compiles sel into *p (everything before the first statement runs). */
int			ld_prepare(OrmCtx *ctx, SxSelect *sel, LdPrepared *p);

/*
 * For a prepared select that will be kept: each selectin node's statement
 * compiled for one parent (a point read's case), in ctx's arena.  A node
 * whose statement fails to build keeps none (the run builds it, and fails
 * there only if it has a parent to load), and ctx->err is left clear.
 */
void		ld_prepare_selectins(OrmCtx *ctx, LdPrepared *p);

/*
 * Runs a prepared select kept from an earlier call, on the call's own copy
 * of its plan, bind slot k of its statement (compile.h, param_slots) bound
 * to binds[k - 1], and appends what w says to out.
 */
int			ld_run_prepared(OrmCtx *ctx, const LdPrepared *p, const OrmParam *binds,
							int nbinds, LdWrite w, OrmBuf *out);

/* ---- polymorphic.c ---------------------------------------------------------- */

/*
 * The with_polymorphic classes of a node loading target (a relationship's
 * target class): of_type()'s -- a with_polymorphic() entity's classes, or
 * a subclass of target and the classes between -- else target's mapper's.
 */
void		orm_poly_of_target(OrmArena *a, OrmClass *target, const SxFrom *alias,
							   OrmPtrVec *out);

/*
 * The classes whose columns a node of class k loads by a statement of
 * their own: its descendants with polymorphic_load="selectin" and those
 * selectin_polymorphic() names (opt), but the inline ones.
 */
void		orm_poly_selectin(OrmArena *a, OrmClass *k, const OrmPtrVec *inline_poly,
							  const OrmPtrVec *opt, OrmPtrVec *out);

/* Does the statement for subclass m (below k) load relationship rel? */
bool		orm_poly_loads_rel(const OrmClass *m, const OrmClass *k, const OrmRelationship *rel);

/* The columns the statement for subclass m (below k) selects. */
int			orm_poly_cols(OrmArena *a, OrmClass *m, OrmClass *k, OrmColumn ***cols);

/*
 * The ORM_LAZY_POLY child of node whose statement loads an object of class
 * s the node met (SQLAlchemy's _should_selectin_load), or NULL.
 */
OrmLoadNode *orm_poly_pick(const OrmLoadNode *node, const OrmClass *s);

/*
 * The statement of ORM_LAZY_POLY node pn (its class m) for n objects of
 * keys (n * npk values of the hierarchy's primary key):
 *   SELECT <m's columns> FROM <m's tables> WHERE <pk> IN (...) ORDER BY <pk>
 * Sets pn->from.
 */
SxSelect   *orm_poly_stmt(OrmCtx *ctx, OrmLoadNode *pn, const OrmValue *const *keys, int n);

/*
 * The identities of the classes of k's hierarchy that a row of a node of
 * class k can be (k and its descendants), as values of the discriminator:
 * *vals[i] is the identity of (*classes)[i].
 */
int			orm_poly_identities(OrmCtx *ctx, OrmClass *k, OrmValue **vals,
								OrmClass ***classes);

/*
 * The columns of base's hierarchy equal to c through the inherit conditions
 * (c first), into out.
 */
int			orm_poly_equivalents(OrmArena *a, const OrmColumn *c, const OrmClass *base,
								 OrmPtrVec *out);

#endif							/* ORM_LOADER_INT_H */
