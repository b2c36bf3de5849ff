/*
 * compile.h -- the SQL compiler (compile*.c): a statement tree (sqlexpr.h)
 * to dialect SQL text and a parameter list.
 *
 * Its inputs are an SxSelect with, for a select, the load plan of its
 * entity items (the OrmLoadNode trees the loader builds: declared here
 * because the compiler reads them, and writes where each node's columns
 * start), or an SxDml.  Its output is an OrmCompiled.  The compiler never
 * runs SQL and never evaluates statement text.
 */
#ifndef ORM_COMPILE_H
#define ORM_COMPILE_H

#include "base/ctx.h"
#include "sql/sqlexpr.h"

typedef struct OrmLoadNode OrmLoadNode;

/*
 * One column of an entity in the row: a table column (col), or an
 * expression (expr: a column_property() evaluated for the node's FROM, a
 * with_expression()'s, NULL for a query_expression() without one).  attr is
 * the attribute's index in the node's class: 0 .. cls->nattrs - 1 for
 * cls->attrs, then cls->nattrs + i for cls->xattrs[i], -1 for an attribute
 * the class has from elsewhere (a joined superclass's column, a
 * with_polymorphic class's); key is the attribute's name (the loader maps
 * by it, with the column for a table column); a hidden column is read only
 * for a key (a join, a sort), not loaded as an attribute.
 */
typedef struct OrmLoadCol
{
	OrmColumn  *col;
	const OrmXattr *xattr;		/* an expression attribute: expr is its expression,
								 * evaluated for the node's FROM when it is placed */
	SxExpr	   *expr;
	SxExpr	   *given;			/* with_expression()'s expression as written: expr is it
								 * adapted to the node's FROM (a joined load's alias) */
	const OrmType *type;		/* the value's type, for the JSON (NULL: by value) */
	int			attr;
	const char *key;
	bool		hidden;
} OrmLoadCol;

struct OrmLoadNode
{
	OrmClass   *cls;
	SxFrom	   *from;			/* FROM item this entity's columns come from: the
								 * item's own from at the root; for JOINED a new
								 * alias of the target (or the FROM its criteria
								 * name) that the loader creates for each
								 * statement; for CONTAINS_EAGER the join target */
	SxFrom	   *sec_from;		/* JOINED many-to-many: the secondary's FROM (loader) */
	OrmRelationship *rel;		/* from the parent node, NULL at the root */
	OrmLazy		strategy;		/* root: ORM_LAZY_SELECT; children: SELECTIN, JOINED,
								 * SUBQUERY (loaded as SELECTIN), CONTAINS_EAGER */
	int			col_offset;		/* compiler: where the entity's columns start in the row */
	int			nload;			/* the entity's columns, in row order, load[]: what it
								 * loads (the planner, orm/load_cols.c); load NULL:
								 * every column sql/entity.h's sx_entity_cols gives
								 * for from and cls, written here by the compiler */
	OrmLoadCol *load;
	int			recursion;		/* SELECTIN: selectinload(recursion_depth=): loaded again
								 * below its own objects, n more times (-1: until no
								 * new rows); 0 = once */
	int			innerjoin;		/* JOINED: 0 LEFT OUTER JOIN, 1 INNER JOIN (nested
								 * inside the parent's outer join), 2 INNER JOIN unless
								 * below an outer join ("unnested") */
	const OrmPtrVec *crit;		/* SELECTIN (subquery, immediate) and polymorphic nodes:
								 * the with_loader_criteria() their statement takes
								 * (the main statement's; immediateload's: those that
								 * propagate to loaders), or NULL */
	SxExpr	   *criteria;		/* rel.and_(criteria): added to the load's condition, or NULL */
	SxFrom	   *criteria_from;	/* the FROM of cls that criteria's columns name (a
								 * SELECTIN node's: or with_loader_criteria()'s) */
	SxExpr	   *sec_on;			/* JOINED through a composite secondary: its primaryjoin
								 * (the ON of the join to sec_from), or NULL */
	SxExpr	   *rel_criteria;	/* JOINED: the relationship's own criteria (the
								 * non column-pair parts of its primaryjoin /
								 * secondaryjoin) for from, sec_from and the
								 * parent's FROM, evaluated by the loader; or NULL */
	int			nchildren;
	OrmLoadNode **children;
	OrmPtrVec	noload;			/* OrmRelationship*: noload() / lazy="noload" ones of
								 * cls, loaded empty ([] or null) without SQL, as
								 * SQLAlchemy's noload strategy sets them */

	/*
	 * Inheritance (orm/polymorphic.c).  poly: the with_polymorphic classes
	 * whose columns the node's statement selects (its FROM joins their
	 * tables).  only: a child that applies to the parent's objects of this
	 * class only (a subclass's relationship; an ORM_LAZY_POLY node's class).
	 * An ORM_LAZY_POLY node (rel NULL) loads its class's columns into objects
	 * its parent met, by a statement of their keys; its children are that
	 * class's relationships.
	 */
	OrmPtrVec	poly;			/* OrmClass* */
	OrmClass   *only;
	SxFrom	   *of_type;		/* the of_type() target an option named for it
								 * (a JOINED node's FROM is then that entity's
								 * alias, not a flat one), or NULL */
};

/*
 * Compiled statement.  item_offset[i] is the row position of the first column
 * of select item i (an entity item spans its plan node's nload columns, an
 * expression one); ncols is the row width.
 */
typedef struct OrmCompiled
{
	char	   *sql;
	int			nparams;
	OrmParam   *params;
	const OrmType **param_types;
	int		   *param_slots;	/* per parameter, SxExpr.bind_slot of its value (0:
								 * none); NULL when no value has one */
	int			nitems;
	int		   *item_offset;
	int			ncols;
	const char **item_keys;		/* Row._fields for each item, as SQLAlchemy names them */
} OrmCompiled;

/*
 * item_keys[i] == ORM_KEY_DRIVER (compared by address): the item is text()
 * written without a label, and Row._fields names it as the driver's cursor
 * does: the engine's own name for the result column (SQLite: the text as
 * written; PostgreSQL: ?column?, a function's or column's name).  Whoever
 * writes the rows takes the name from OrmRows.colnames.
 */
extern const char ORM_KEY_DRIVER[];

/* Does a row of c take a key from the engine's column names (a text() item)? */
static inline bool
orm_compiled_driver_names(const OrmCompiled *c)
{
	for (int i = 0; c->item_keys && i < c->nitems; i++)
		if (c->item_keys[i] == ORM_KEY_DRIVER)
			return true;
	return false;
}

/*
 * SxSelect -> SQL.  plans[i] is the plan root for select item i
 * when it is an entity (NULL otherwise, or plans itself NULL): the compiler
 * emits the entity's columns and, recursively, those of JOINED and
 * CONTAINS_EAGER children (adding LEFT OUTER JOINs for JOINED, their ON
 * clause the relationship's condition AND rel_criteria AND criteria),
 * writing col_offset into the nodes.  Every JOINED node's from (sec_from)
 * must be set: the compiler renders the plan, it creates no FROM for it.
 */
int			orm_compile_select(OrmCtx *ctx, SxSelect *sel, OrmLoadNode **plans,
							   OrmCompiled *out);

/*
 * One DML statement to SQL.  Every row of an INSERT must set the same
 * columns (the caller groups rows); columns are emitted in table order
 * (from_select: in the order given, paired with the select's columns).
 * out->nitems/item_offset/item_keys/ncols describe the RETURNING list as
 * orm_compile_select describes a select list.
 */
int			orm_compile_dml(OrmCtx *ctx, SxDml *dml, OrmCompiled *out);

#endif							/* ORM_COMPILE_H */
