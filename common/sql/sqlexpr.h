/*
 * sqlexpr.h -- the SQL expression tree: what a select() statement *is*.
 *
 * query.c evaluates the Python text of a statement into these nodes, the way
 * SQLAlchemy's Core builds ClauseElements (a select, or an insert / update /
 * delete: SxDml); loader.c builds them directly for the statements of eager
 * loads; compile.c turns them into dialect SQL text and a parameter list.  Nodes are immutable once built and live in the call
 * arena.
 *
 * FROM items: every reference to a table goes through an SxFrom.  Within one
 * statement text, a mapped class used without aliased() has exactly one
 * SxFrom (so User.id in the select list and in a subquery's WHERE refer to
 * the same FROM item, which is what makes correlation work); aliased(User)
 * and each .subquery()/.cte() make a new one.
 */
#ifndef ORM_SQLEXPR_H
#define ORM_SQLEXPR_H

#include "base/util.h"
#include "base/host.h"
#include "decl/registry.h"

/*
 * Limits on a statement's tree.  Expressions built through variables
 * (a = a + 1 repeated, a = a + a) can be far deeper than a syntax tree and
 * share subtrees; every recursive walk of the tree is bounded by these, and
 * compile.c refuses a statement beyond them with the position it reached.
 */
#define SX_MAX_DEPTH	1000	/* nesting of expressions and selects */
#define SX_MAX_NODES	1000000 /* nodes of the statement, shared ones counted
								 * each time they are written */

typedef struct SxExpr SxExpr;
typedef struct SxFrom SxFrom;
typedef struct SxSelect SxSelect;

/* ---- FROM items ---------------------------------------------------------- */

typedef enum SxFromKind
{
	SXF_TABLE,					/* a table, mapped (cls set) or plain Table() */
	SXF_SUBQUERY,				/* (SELECT ...) AS name */
	SXF_CTE,					/* WITH name AS (SELECT ...) */
	SXF_JOIN					/* (a JOIN b ON ... JOIN c ON ...): select's froms[0]
								 * and joins (a composite secondary, orm_rel_composite) */
} SxFromKind;

struct SxFrom
{
	SxFromKind	kind;
	int			id;				/* unique within the call, for identity */
	OrmTable   *table;			/* SXF_TABLE */
	OrmClass   *cls;			/* SXF_TABLE of a mapped class, else NULL */
	bool		is_alias;		/* aliased(): rendered "<table> AS <alias>" */
	const char *name;			/* alias / subquery / CTE name; NULL = anonymous,
								 * the compiler numbers it (users_1, anon_1) */
	SxSelect   *select;			/* SXF_SUBQUERY, SXF_CTE: the body (for a recursive
								 * CTE, a UNION [ALL] compound whose first part is
								 * the anchor) */
	bool		recursive;		/* SXF_CTE */
	bool		lateral;

	/*
	 * SXF_TABLE of a mapped class (sql/entity.h): a joined subclass's FROM
	 * is its hierarchy's tables joined, root first (employee JOIN manager
	 * ON ...); with_polymorphic's classes add theirs, outer joined, and
	 * their columns to the entity's.  An aliased() one is a subquery of
	 * that join (anon_1), or with flat each table aliased on its own.
	 */
	OrmPtrVec	poly;			/* OrmClass*: with_polymorphic classes, in order */
	bool		flat;			/* aliased(..., flat=True) / with_polymorphic(flat=True) */
	bool		wp;				/* a with_polymorphic() entity: no Row._fields name */
	bool		poly_inner;		/* with_polymorphic(innerjoin=True): inner joins */
	bool		adapted;		/* the alias join() made of a joined entity whose
								 * tables the statement has: still named as the
								 * entity in Row._fields */

	/*
	 * aliased(Entity, subquery): the subquery's FROM carries the class (cls)
	 * and which of its columns each class column is (colmap: the column
	 * SQLAlchemy's correspondence finds, else the one of the same name;
	 * a class column the subquery has no column for is not in it: its
	 * attribute is not loaded, and an expression naming it is refused).
	 * A second entity over a subquery another one maps already is a FROM of
	 * its own that is view_of the first: written as it, with its own class
	 * and colmap.  entity_name: aliased(..., name=) of such an entity (its
	 * Row._fields key; the SQL name stays the subquery's).
	 */
	SxFrom	   *view_of;
	const char *entity_name;
	int			ncolmap;
	OrmColumn **colmap_cols;
	const char **colmap_names;
	int		   *colmap_index;	/* the subquery column's position */
	bool		plain_entity;	/* from_statement()'s entity: the class itself to
								 * loader options (User.addresses applies) */
	/*
	 * A ConcreteBase class's polymorphic union (sql/concrete.c): the
	 * subquery "pjoin" of every concrete class's table, poly its concrete
	 * subclasses, colmap every one's columns, union_type its discriminator
	 * column "type" (a column of no table) naming each row's class.
	 */
	OrmColumn  *union_type;

	/*
	 * func.f(...).table_valued("a", ...) / column_valued(): an SXF_SUBQUERY
	 * written as the call itself, "f(...) [WITH ORDINALITY] AS name", whose
	 * select holds one SX_NULL item per column, keyed by its name (the
	 * columns .c names; the body is never written).  render_derived() adds
	 * the column names, "AS name(a, b)"; a column_valued() one is read as
	 * its alias alone (SELECT x FROM f(...) AS x).
	 */
	SxExpr	   *tvf;
	const char *ordinality;		/* with_ordinality="ord": that column's name */
	bool		tvf_derived;
	bool		column_valued;

	/*
	 * Values(...).data(...) (orm/query_values.c): an SXF_SUBQUERY written
	 * "(VALUES (a, b), ...) AS name (x, y)"; values is an SX_TUPLE of its
	 * rows (each an SX_TUPLE of PARAMs), select its columns as for tvf.
	 */
	SxExpr	   *values;
};

/* The FROM item a FROM is written as (itself, or what it is a view of). */
static inline SxFrom *
sx_from_canon(SxFrom *f)
{
	return f && f->view_of ? f->view_of : f;
}

/* The name of class column col in FROM f: its mapped subquery column, else its own. */
static inline const char *
sx_from_colname(const SxFrom *f, const OrmColumn *col)
{
	for (int i = 0; f && i < f->ncolmap; i++)
		if (f->colmap_cols[i] == col)
			return f->colmap_names[i];
	return col->name;
}

/*
 * Is f an aliased(Entity, subquery) entity without a column for class
 * column col (sx_from_colname would name a column the subquery lacks)?
 */
static inline bool
sx_from_lacks(const SxFrom *f, const OrmColumn *col)
{
	if (!f || f->kind == SXF_TABLE || !f->cls || !f->colmap_cols)
		return false;
	for (int i = 0; i < f->ncolmap; i++)
		if (f->colmap_cols[i] == col)
			return false;
	return true;
}

/* ---- expressions --------------------------------------------------------- */

typedef enum SxKind
{
	SX_COLUMN,					/* from.col (SXF_TABLE) */
	SX_FROMCOL,					/* from.c.<name> of a SUBQUERY/CTE: index into its items */
	SX_ENTITY,					/* a whole mapped entity in a select list: from */
	SX_PARAM,					/* bound value */
	SX_NULL,					/* NULL (None) */
	SX_TRUE,					/* true() / True where SQLAlchemy renders a literal */
	SX_FALSE,
	SX_STAR,					/* * in count(*) */
	SX_BINARY,					/* left op right */
	SX_UNARY,					/* op operand */
	SX_BOOLLIST,				/* and_/or_ of n items (op SXOP_AND / SXOP_OR) */
	SX_FUNC,					/* name(args) [FILTER (WHERE ...)] [OVER (...)] */
	SX_CASE,					/* CASE [value] WHEN ... THEN ... [ELSE ...] END */
	SX_CAST,					/* CAST(operand AS type) */
	SX_TYPE_COERCE,				/* operand, typed as type, rendered as is */
	SX_LABEL,					/* operand AS name */
	SX_BETWEEN,					/* operand BETWEEN lo AND hi (negated: NOT BETWEEN) */
	SX_TUPLE,					/* (a, b, c): IN lists */
	SX_SCALAR_SUBQ,				/* (SELECT ...) */
	SX_EXISTS,					/* EXISTS (SELECT ...) */
	SX_ORDER,					/* operand ASC/DESC [NULLS FIRST/LAST] */
	SX_JSON_ELEM,				/* operand[path...]: json element, maybe as_<type>() */
	SX_DISTINCT,				/* DISTINCT operand (func arg: count(distinct(x))) */
	SX_RAW,						/* text("SQL") / literal_column("x") (raw SQL, when the
								 * caller allows it): name the SQL as written; its :k
								 * bind names in args (SX_LABEL(name) of the SX_PARAM
								 * bound, or of NULL: not given yet); negated: it is a
								 * literal_column() */
	SX_BUNDLE					/* Bundle(name, cols...): a select-list item only; args
								 * are its columns, each an SX_LABEL whose name is its key
								 * in the bundle ("": unnamed), name the bundle's */
} SxKind;

typedef enum SxOp
{
	SXOP_EQ, SXOP_NE, SXOP_LT, SXOP_LE, SXOP_GT, SXOP_GE,
	SXOP_ADD, SXOP_SUB, SXOP_MUL, SXOP_DIV, SXOP_FLOORDIV, SXOP_MOD, SXOP_CONCAT,
	SXOP_LIKE, SXOP_NOT_LIKE, SXOP_ILIKE, SXOP_NOT_ILIKE,
	SXOP_IN, SXOP_NOT_IN,		/* right: SX_TUPLE or SX_SCALAR_SUBQ */
	SXOP_IS, SXOP_IS_NOT,		/* right: SX_NULL / SX_TRUE / SX_FALSE */
	SXOP_IS_DISTINCT, SXOP_IS_NOT_DISTINCT,
	SXOP_AND, SXOP_OR,			/* SX_BOOLLIST */
	SXOP_NOT,					/* SX_UNARY */
	SXOP_NEG,					/* SX_UNARY: -x */
	SXOP_BITAND, SXOP_BITOR, SXOP_BITXOR, SXOP_BITNOT,	/* on integers (op() forms) */
	SXOP_MATCH,					/* reserved */
	SXOP_COLLATE,				/* SX_BINARY: left COLLATE "name" (name; right NULL) */
	SXOP_CUSTOM					/* SX_BINARY: left name right, column.op(name)(right);
								 * name is one of query.c's allowed spellings */
} SxOp;

typedef enum SxJsonAs
{
	SXJ_JSON = 0,				/* still JSON (col["k"]) */
	SXJ_STRING,					/* .as_string() */
	SXJ_INTEGER,				/* .as_integer() */
	SXJ_FLOAT,					/* .as_float() */
	SXJ_BOOLEAN,				/* .as_boolean() */
	SXJ_NUMERIC					/* .as_numeric(p, s) */
} SxJsonAs;

struct SxExpr
{
	SxKind		kind;
	const OrmType *type;		/* result type when known (a column's type, INTEGER
								 * for count(), the cast type, ...) or NULL */
	SxOp		op;				/* BINARY, UNARY, BOOLLIST */
	SxExpr	   *left;			/* BINARY left; UNARY/CAST/LABEL/ORDER/BETWEEN/JSON_ELEM/
								 * DISTINCT/TYPE_COERCE operand; CASE value (or NULL) */
	SxExpr	   *right;			/* BINARY right; BETWEEN low; CASE else (or NULL) */
	SxExpr	   *third;			/* BETWEEN high */
	int			nargs;
	SxExpr	  **args;			/* FUNC args, BOOLLIST/TUPLE items, CASE whens
								 * (pairs: cond0, result0, cond1, result1 ...),
								 * JSON_ELEM path steps (SX_PARAM text or int) */
	SxFrom	   *from;			/* COLUMN, FROMCOL, ENTITY */
	OrmColumn  *col;			/* COLUMN */
	int			index;			/* FROMCOL: item index in from->select */
	const char *name;			/* FUNC name as written (lower-cased SQL name is
								 * the compiler's business), LABEL name, FROMCOL name */
	OrmParam	value;			/* PARAM */
	int			bind_slot;		/* PARAM: 1 + the index of a value the caller binds
								 * anew each time it runs the compiled statement
								 * again (OrmCompiled.param_slots); 0 for none */
	const char *param_key;		/* PARAM from bindparam("k") / params: its name, else NULL */
	SxSelect   *select;			/* SCALAR_SUBQ, EXISTS; also FUNC FILTER: NULL */
	SxExpr	   *filter;			/* FUNC .filter(cond) */
	bool		has_over;		/* FUNC .over(...) */
	bool		sa_nulltype;	/* FUNC: a function SQLAlchemy does not know, so
								 * its type there is NullType; `type` is its first
								 * typed argument's (how its values read), but an
								 * operator meets it as NullType (func.instr(s,
								 * '@') + 1 adds, binding 1 as an Integer) */
	short		single_poly;	/* COLUMN read through with_polymorphic()'s
								 * single-table subclass (wp.Video.duration_s): 1 +
								 * its index in from->poly, else 0; as a select
								 * item its discriminator criterion is added, as
								 * for Video.duration_s (in the padding before
								 * npartition: SxExpr keeps its size) */
	int			npartition;
	SxExpr	  **partition_by;	/* FUNC over(partition_by=) */
	int			nover_order;
	SxExpr	  **over_order;		/* FUNC over(order_by=) */
	char		frame;			/* FUNC over(rows=) 'R' / over(range_=) 'G', else 0 */
	signed char frame_kind[2];	/* start, end: 0 UNBOUNDED, 1 CURRENT ROW,
								 * 2 frame_n PRECEDING, 3 frame_n FOLLOWING */
	SxExpr	   *frame_n[2];		/* the bound PARAMs of kinds 2 and 3 */
	bool		desc;			/* ORDER */
	int			nulls;			/* ORDER: 0 none, 1 NULLS FIRST, 2 NULLS LAST */
	bool		negated;		/* BETWEEN: NOT BETWEEN */
	bool		symmetric;		/* BETWEEN SYMMETRIC (between(symmetric=True)) */
	bool		key_array;		/* BINARY IN: right is one PARAM holding every key as
								 * dialect->key_array_text wrote them (selectin) */
	char		like_escape;	/* BINARY LIKE / ILIKE forms: ESCAPE 'c' (0: none) */
	bool		anon;			/* FROMCOL: an anonymous column of its subquery (an
								 * unlabeled function or expression): no Row._fields
								 * name ("_no_label"), as SQLAlchemy names it */
	bool		core;			/* COLUMN: named through its mapped class's Table
								 * (User.__table__.c.name): a Core column, which
								 * does not make its statement an ORM one */
	bool		bind_soft;		/* PARAM of a bindparam() the call's params did not
								 * name (its value= or none yet): Select.params()
								 * may bind it anew, as its type (query_select.c) */
	bool		bind_pending;	/* such a PARAM with no value yet: compiling it is
								 * an error (no value for bindparam "k") */
	SxJsonAs	json_as;		/* JSON_ELEM */
	OrmType    *cast_type;		/* CAST, TYPE_COERCE target */
	int			line,
				column;			/* position in the query text, for errors (named
								 * column: `col` is the OrmColumn above) */
};

/* ---- statements ---------------------------------------------------------- */

typedef struct SxItem
{
	SxExpr	   *expr;			/* SX_ENTITY for a whole entity */
	const char *key;			/* Row._fields name: attribute key, label, class or
								 * alias name; NULL for an anonymous expression
								 * (the compiler/loader names it as SQLAlchemy does) */
} SxItem;

typedef struct SxJoin
{
	SxFrom	   *left;			/* join_from() left side, or NULL = inferred */
	SxFrom	   *target;
	SxExpr	   *on;				/* always set by the evaluator (relationship or FK
								 * condition already derived) */
	bool		outer;			/* LEFT OUTER */
	bool		full;			/* FULL OUTER */
	OrmRelationship *via;		/* join(User.posts): the relationship used, or NULL */
	SxFrom	   *inner_target;	/* an outer join through a many-to-many relationship:
								 * target (the secondary) JOIN inner_target ON
								 * inner_on, nested, as SQLAlchemy writes it (else
								 * the secondary's row would survive a failed ON) */
	SxExpr	   *inner_on;
	SxFrom	   *via_from;		/* join(User.posts): the attribute's own FROM (User's,
								 * or the alias of u.posts), before any adaptation */
} SxJoin;

/* The FROM a join ends at: its nested target, else its target. */
static inline SxFrom *
sx_join_end(const SxJoin *j)
{
	return j->inner_target ? j->inner_target : j->target;
}

typedef enum SxCompound
{
	SXC_NONE = 0,
	SXC_UNION,
	SXC_UNION_ALL,
	SXC_INTERSECT,
	SXC_INTERSECT_ALL,
	SXC_EXCEPT,
	SXC_EXCEPT_ALL
} SxCompound;

/* What a column loading option does to the attributes it names (SxLoadOpt.colopt). */
typedef enum SxColOpt
{
	SXCO_NONE = 0,				/* a relationship loader option */
	SXCO_LOAD_ONLY,				/* load_only(a, b): a, b loaded, every other column
								 * attribute deferred */
	SXCO_DEFER,					/* defer(a) / defer("*") */
	SXCO_UNDEFER,				/* undefer(a) / undefer("*") */
	SXCO_UNDEFER_GROUP,			/* undefer_group("g") */
	SXCO_WITH_EXPR				/* with_expression(a, expr) */
} SxColOpt;

/*
 * A loader option: one path through relationships with a strategy per step;
 * or (colopt set) a column loading option for the attributes of the class
 * the path ends at (the root entity's when npath is 0), whose steps only
 * name where it applies (their strategies are ORM_LAZY_DEFAULT).
 */
typedef struct SxLoadOpt
{
	int			npath;
	OrmRelationship **path;		/* selectinload(User.posts).joinedload(Post.comments) */
	OrmLazy    *strategy;		/* per step: SELECTIN, JOINED, SUBQUERY, NOLOAD,
								 * RAISE, SELECT (lazyload), CONTAINS_EAGER, DEFAULT */
	SxFrom	  **alias;			/* per step: contains_eager(..., alias=) / of_type target, or NULL */
	bool		wildcard;		/* raiseload("*") / lazyload("*") on the last step's class */
	OrmLazy		wildcard_strategy;
	/* per step: selectinload(User.posts.and_(crit)): the criterion, or NULL, and
	 * the FROM of the target class its columns name (may be NULL arrays) */
	SxExpr	  **criteria;
	SxFrom	  **criteria_from;
	int		   *innerjoin;		/* per step: joinedload(innerjoin=): -1 not given,
								 * 0 False, 1 True, 2 "unnested" */
	int		   *recursion;		/* per step: selectinload(recursion_depth=): 0 none,
								 * -1 unlimited, n levels more */
	int			line,
				col;			/* where the option is written (0: not from query text) */
	SxFrom	   *root;			/* the aliased() entity the path starts at (u.posts),
								 * or NULL: the unaliased entity of path[0]'s owner */
	/* selectin_polymorphic(): the subclasses whose columns the objects at the
	 * path's end (npath 0: entities of poly_base) load by a statement each */
	OrmPtrVec	poly_selectin;	/* OrmClass* */
	OrmClass   *poly_base;
	OrmClass   *root_cls;		/* Load(Entity)...: the entity's class (a wildcard
								 * with no path then applies to it only), or NULL */

	/* column loading options (colopt != SXCO_NONE) */
	SxColOpt	colopt;
	OrmClass   *col_cls;		/* the class the attributes are of (the path's end or
								 * the root entity's); NULL: a "*" written without an
								 * entity, for every entity of the statement */
	int			ncols;
	const char **cols;			/* attribute keys; none with col_wildcard */
	bool		col_wildcard;	/* defer("*") / undefer("*") */
	const char *group;			/* SXCO_UNDEFER_GROUP */
	SxExpr	   *with_expr;		/* SXCO_WITH_EXPR: the expression, over the statement */
	bool		col_raise;		/* load_only() / defer() raiseload=True: reading an
								 * attribute it leaves unloaded raises */
} SxLoadOpt;

/*
 * with_loader_criteria(entity, criteria): criteria for the loads of a
 * mapped class, one SxCrit per class the option reaches (SQLAlchemy's
 * _all_mappers: the entity's class and its subclasses; for a mixin or
 * declarative base, the mapped classes deriving from it and theirs).  The
 * outermost statement's list applies to every FROM of that class in it and
 * in its subqueries (sql/criteria.h, orm_loader_criteria says which FROMs
 * and adapts the expression to them), and to the statements of its eager
 * loads; a nested statement's own list is not used, as in SQLAlchemy.
 */
typedef struct SxCrit
{
	OrmClass   *cls;			/* the class this entry is for */
	SxFrom	   *entity;			/* with_loader_criteria(aliased(X), ...): that entity
								 * only (without include_aliases); else NULL */
	bool		exact;			/* cls is the option's entity (not a subclass or a
								 * mixin's class): applies to cls's plain FROM */
	bool		include_aliases;	/* applies to every FROM of cls, aliases too */
	bool		propagate;		/* propagate_to_loaders: joined eager loads (and
								 * immediateload's statements) take it */
	SxFrom	   *from;			/* the FROM expr's columns name (the class's un-aliased
								 * FROM, or the aliased entity) */
	SxExpr	   *expr;			/* the criteria for cls; NULL: evaluating the lambda for
								 * cls failed with error (raised only if it applies) */
	const char *error;
	int			error_code;
	int			line,
				col;			/* where with_loader_criteria() is written */
} SxCrit;
/* SxSelect.fetch */
#define SX_FETCH_ONLY 1
#define SX_FETCH_TIES 2
#define SX_FETCH_PERCENT 4

struct SxSelect
{
	OrmPtrVec	items;			/* SxItem* */
	OrmPtrVec	froms;			/* SxFrom*: select_from() (explicit FROM order) */
	OrmPtrVec	joins;			/* SxJoin*, in call order */
	SxExpr	   *where;			/* NULL or a condition (several .where() are AND-ed) */
	OrmPtrVec	group_by;		/* SxExpr* */
	SxExpr	   *having;
	OrmPtrVec	order_by;		/* SxExpr* (SX_ORDER or plain) */
	SxExpr	   *limit;			/* SX_PARAM or NULL */
	SxExpr	   *offset;
	uint8_t		fetch;			/* 0: limit is LIMIT; else fetch(): FETCH FIRST
								 * limit ROWS, SX_FETCH_ONLY or SX_FETCH_TIES,
								 * | SX_FETCH_PERCENT */
	bool		distinct;
	OrmPtrVec	distinct_on;	/* SxExpr*: PostgreSQL distinct(col) */
	SxCompound	compound;		/* set when this select is a UNION etc. of parts */
	OrmPtrVec	parts;			/* SxSelect*: the compound's members, in order */
	OrmPtrVec	options;		/* SxLoadOpt* */
	OrmPtrVec	correlate;		/* SxFrom*: .correlate(...) */
	OrmPtrVec	correlate_except;	/* SxFrom*: correlate every enclosing FROM but
									 * these (any()/has(): the target never is) */
	bool		correlate_none; /* .correlate(None) */
	bool		correlate_all;	/* .correlate_except(...): correlate every enclosing FROM
								 * not in correlate_except, even when it would leave none */
	bool		scalar;			/* built by .scalar_subquery() */
	unsigned	for_update;		/* with_for_update(): SX_FOR_* bits, 0 = none */
	OrmPtrVec	for_update_of;	/* SxFrom*: with_for_update(of=...) */
	/* Row._fields naming follows SQLAlchemy's "ORM statement" flag, which
	 * with_only_columns() neither clears nor sets: the items it replaced
	 * still count, the first woc_items items (its own) do not */
	OrmPtrVec	replaced;		/* SxExpr* */
	int			woc_items;
	OrmPtrVec	core_froms;		/* SxFrom*: mapped classes' FROMs this statement
								 * names through their Table (select_from(User.__table__),
								 * join(Address.__table__)): not ORM by themselves */
	OrmPtrVec	adapt;			/* SxFrom*: the evaluator's flat aliases of joined
								 * entities a join() made for overlapping tables; its
								 * later criteria read those tables through them */
	/* select(User).from_statement(stmt): the statement's rows, read as the
	 * items (entities mapped onto this subquery FROM of stmt by column name);
	 * compile.c runs stmt itself when the items are its columns in order */
	SxFrom	   *from_statement;
	SxExpr	   *raw;			/* text(...).columns(...): the statement is this SX_RAW,
								 * its rows read as items (the columns given) */
	SxFrom	   *implicit_subq;	/* the query evaluator's memo of stmt.c (SQLAlchemy's
								 * deprecated SelectBase.c: one anonymous subquery of
								 * this statement, the same one each time) */
	OrmPtrVec	crit;			/* SxCrit*: with_loader_criteria() of options() */
	/* the session / Result calls around the statement (orm/result.h), or
	 * NULL: only the statement the loader runs reads it */
	const struct OrmShape *shape;
	bool		legacy_query;	/* session.query(...): a legacy Query */
	bool		no_eager;		/* Query.enable_eagerloads(False): its options(), before
								 * and after, are not applied (as SQLAlchemy's Query) */
	SxFrom	   *legacy_from,	/* a Query's union(): its entity's FROM, read through */
			   *legacy_to;		/* ... the compound's subquery by later methods */
	int			line,
				col;
};

/* SxSelect.for_update bits (rendered by PostgreSQL only, as SQLAlchemy does) */
#define SX_FOR_UPDATE		0x01	/* FOR UPDATE */
#define SX_FOR_READ			0x02	/* FOR SHARE */
#define SX_FOR_NOWAIT		0x04
#define SX_FOR_SKIP_LOCKED	0x08
#define SX_FOR_KEY_SHARE	0x10	/* FOR KEY SHARE / FOR NO KEY UPDATE */

/* ---- insert / update / delete ------------------------------------------- */

/*
 * A DML statement (query.c evaluates it, sql/compile.h compiles it) reuses
 * the select machinery: its WHERE clause is an ordinary SxExpr built by the
 * query evaluator (relationship any()/has(), subqueries and correlation work
 * as in a select), its RETURNING list is an SxSelect's items (entity or
 * expressions, keyed as Row._fields), and every value is an SX_PARAM already
 * converted to the column's stored form.
 */
typedef enum SxDmlKind
{
	SXD_INSERT,
	SXD_UPDATE,
	SXD_DELETE
} SxDmlKind;

typedef enum SxConflict
{
	SXC_CONFLICT_NONE = 0,
	SXC_CONFLICT_NOTHING,		/* ON CONFLICT [(cols)] DO NOTHING */
	SXC_CONFLICT_UPDATE			/* ON CONFLICT (cols) DO UPDATE SET ... [WHERE ...] */
} SxConflict;

/* One row of values: cols[i] = exprs[i], in the order given. */
typedef struct SxDmlRow
{
	int			n;
	OrmColumn **cols;
	SxExpr	  **exprs;
} SxDmlRow;

typedef struct SxDml
{
	SxDmlKind	kind;
	SxFrom	   *from;			/* the target table (the class's one un-aliased FROM) */
	OrmClass   *cls;			/* NULL for a plain Table() */
	OrmTable   *table;
	SxExpr	   *where;			/* UPDATE / DELETE criteria, or NULL */
	OrmPtrVec	rows;			/* SxDmlRow*: values(); INSERT may have several
								 * (multi-values), UPDATE has at most one */
	bool		multi;			/* values([{...}, {...}]) form */
	SxSelect   *returning;		/* items of .returning(...), or NULL */
	SxSelect   *from_select;	/* insert().from_select(names, select), or NULL */
	int			nfs;
	OrmColumn **fs_cols;		/* from_select's columns, in the order given */

	/* postgresql/sqlite insert(): on_conflict_do_nothing / on_conflict_do_update */
	SxConflict	conflict;
	int			nconflict_cols;
	OrmColumn **conflict_cols;	/* index_elements=, or none */
	SxExpr	   *conflict_index_where;	/* index_where= (a partial index's predicate) */
	const char *conflict_constraint;	/* constraint="name" (PostgreSQL's ON CONSTRAINT) */
	SxDmlRow   *conflict_set;	/* set_= (DO UPDATE) */
	SxExpr	   *conflict_where; /* where= (DO UPDATE ... WHERE) */
	SxFrom	   *excluded;		/* stmt.excluded: the proposed row, "excluded" */
	OrmPtrVec	crit;			/* SxCrit*: update()/delete() .options(with_loader_criteria()) */
	const struct OrmShape *shape;	/* session.execute(stmt, params): orm/result.h */
	int			line,
				col;			/* where the statement starts in the text */
} SxDml;

/* ---- constructors (sqlexpr.c) -------------------------------------------- */

SxFrom	   *sx_from_table(OrmArena *a, OrmTable *t, OrmClass *cls);	/* new id each call */
SxExpr	   *sx_column(OrmArena *a, SxFrom *f, OrmColumn *c);
SxExpr	   *sx_entity(OrmArena *a, SxFrom *f);
SxExpr	   *sx_param(OrmArena *a, OrmParam v, const OrmType *t);
SxExpr	   *sx_binary(OrmArena *a, SxOp op, SxExpr *l, SxExpr *r);
SxExpr	   *sx_unary(OrmArena *a, SxOp op, SxExpr *operand);
SxExpr	   *sx_boollist(OrmArena *a, SxOp op, int n, SxExpr **items);
SxExpr	   *sx_and(OrmArena *a, SxExpr *l, SxExpr *r);	/* l may be NULL: returns r */
SxExpr	   *sx_tuple(OrmArena *a, int n, SxExpr **items);
SxExpr	   *sx_order(OrmArena *a, SxExpr *e, bool desc);
SxExpr	   *sx_label(OrmArena *a, SxExpr *e, const char *name);
SxSelect   *sx_select_new(OrmArena *a);
/* A legacy Query's Row._fields, from the row's keys (keys[i] of item i, n of
 * them, changed in place): NULL for an item SQLAlchemy names nothing (an
 * unlabeled expression), a column's own name for a suffixed one; with dedupe,
 * NULL for an item a later one of the same name shadows (the row as a dict
 * keeps the last value) */
void		sx_legacy_keys(const SxSelect *sel, const char **keys, int n, bool dedupe);
void		sx_select_add_item(OrmArena *a, SxSelect *s, SxExpr *e, const char *key);

/*
 * The join condition of a relationship from `from` (an SXF_TABLE of
 * rel->owner) to `to` (an SXF_TABLE of rel->target): the AND of its column
 * pairs.  For MANYTOMANY, `sec` is the FROM item of the secondary table and
 * the result covers owner = secondary only when to == NULL, secondary =
 * target only when from == NULL, both otherwise.
 */
SxExpr	   *sx_rel_condition(OrmArena *a, const OrmRelationship *rel,
							 SxFrom *from, SxFrom *sec, SxFrom *to);

#endif							/* ORM_SQLEXPR_H */
