/*
 * compile_int.h -- what the pieces of the SQL compiler share (not an API):
 * the compiler's context (Cmp) and working types, the operator precedences,
 * and the functions one piece calls in another.
 *
 *   compile_dml.c    insert / update / delete: orm_compile_dml
 *   compile.c        the check pass; a select statement: select list,
 *                    clauses, WITH; orm_compile_select
 *   compile_from.c   FROM trees, single-table inheritance, FROM rendering
 *   compile_expr.c   names and parameters; expressions
 *
 * A piece calls only the pieces below it in this list (the entries are at
 * the top, expressions at the bottom).  Selects and expressions nest both
 * ways -- a FROM item or an expression may hold a subquery -- so the two
 * lower pieces write a nested select through the context: c_init
 * (compile.c) installs c_select as c->select, and compile_from.c and
 * compile_expr.c call c_nested_select, never a function of compile.c or
 * compile_dml.c.  Every piece writes into the one OrmBuf of the Cmp context
 * and numbers names and parameters through it (compile_expr.c), so the
 * pieces' output is one statement in order of appearance.
 */
#ifndef ORM_COMPILE_INT_H
#define ORM_COMPILE_INT_H

#include "sql/compile.h"
#include "sql/criteria.h"
#include "sql/dialect.h"
#include "sql/entity.h"

typedef struct CJoin
{
	SxFrom	   *target;
	SxExpr	   *on;
	bool		outer;
	bool		full;
	SxFrom	   *inner_target;	/* nested join: (target JOIN inner_target ON inner_on) */
	SxExpr	   *inner_on;
	OrmPtrVec	nested;			/* CJoin*: more inner joins inside those parentheses
								 * (joinedload(innerjoin=True) below an outer join) */
} CJoin;

typedef struct CTree
{
	SxFrom	   *base;
	OrmPtrVec	joins;			/* CJoin* */
} CTree;

typedef struct CName
{
	int			id;
	const OrmTable *t;			/* a table of a flat aliased() joined entity, or NULL */
	const char *name;
} CName;

typedef struct CCount
{
	const char *base;
	int			n;
} CCount;

typedef struct CSel
{
	SxSelect   *sel;
	OrmPtrVec	trees;			/* CTree* */
	OrmPtrVec	covered;		/* SxFrom*: every FROM this select has */
	OrmPtrVec	used;			/* output column names so far (labels) */
} CSel;

/* A column of the wrapped inner statement and the label it has there. */
typedef struct CWrapCol
{
	SxFrom	   *from;
	OrmColumn  *col;
	const char *label;
	const SxExpr *expr;			/* instead of (from, col): an entity's expression
								 * column (a column_property()), by identity */
} CWrapCol;

typedef enum CMode
{
	CM_TOP,						/* statement or expression subquery: SQLAlchemy's
								 * anonymous labels, dedupe labels */
	CM_DERIVED					/* subquery in FROM, CTE body: every column AS key */
} CMode;

typedef struct Cmp
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	const OrmDialect *d;
	OrmBuf	   *out;
	OrmPtrVec	params;			/* OrmParam* */
	OrmPtrVec	ptypes;			/* const OrmType* */
	OrmPtrVec	pslots;			/* (void *) (intptr_t) bind_slot per parameter, when
								 * any has one (else empty) */
	OrmPtrVec	names;			/* CName* */
	OrmPtrVec	counts;			/* CCount* */
	OrmPtrVec	ctes;			/* SxFrom* in order of first appearance */
	OrmPtrVec	scopes;			/* CSel* of enclosing selects; NULL = barrier */
	OrmPtrVec	checked;		/* SxSelect* visited by the check pass */
	OrmPtrVec	checked_size;	/* per checked select: (void *) its node count */
	OrmPtrVec	checked_height; /* per checked select: (void *) its nesting */
	int			depth;			/* check pass: current nesting */
	int			height;			/* check pass: deepest nesting reached */
	int64_t		nodes;			/* check pass: nodes counted so far */
	OrmLoadNode **plans;		/* for the outermost select only */
	OrmLoadNode **wrap_plans;	/* c_wrapped: the plans, whose contains_eager
								 * columns the inner statement selects */
	SxFrom	   *wrap_from;		/* joined eager load + LIMIT: the inner statement */
	OrmPtrVec	wrap_cols;		/* CWrapCol*: its columns, by (from, column) */
	bool		wrap_record;	/* rendering the inner statement's select list */
	bool		wrap_active;	/* rendering the outer statement */
	int			ncols;			/* columns emitted in the outermost select list */
	int		   *item_offset;
	const char **item_anon;		/* outermost items: the anonymous label given, or NULL */
	OrmPtrVec	shared;			/* (void *) (index + 1) of parameters later equal
								 * values may reuse */
	OrmPtrVec	plain_tabs;		/* SxFrom*: one plain FROM per table a WHERE clause
								 * names through a joined entity (c_table_from) */
	const OrmPtrVec *crit;		/* SxCrit*: the outermost statement's
								 * with_loader_criteria(), for every select in it */
	bool		in_list;		/* emitting an IN (...) list: its values are not shared */
	bool		share_params;	/* a select on PostgreSQL: equal values, one parameter */

	/*
	 * Writes a nested select (compile.c's c_select, installed by c_init):
	 * the FROM and expression pieces write a subquery through it
	 * (c_nested_select), so they never name a function of a piece above.
	 */
	int			(*select) (struct Cmp *c, SxSelect *s, CMode mode, bool outermost);
} Cmp;

/* A subquery in FROM or in an expression: the select written by compile.c. */
static inline int
c_nested_select(Cmp *c, SxSelect *s, CMode mode, bool outermost)
{
	return c->select(c, s, mode, outermost);
}

/* Operator precedence, lowest first: an operand of lower precedence than
 * its place is parenthesized (c_expr's prec). */
enum
{
	P_CUSTOM = 1, P_OR = 2, P_AND = 3, P_NOT = 4, P_CMP = 5, P_CONCAT = 6, P_ADD = 7, P_MUL = 8,
	P_UNARY = 9, P_ATOM = 100
};

/* ---- compile.c (for compile_dml.c only) ----------------------------------- */

/* A compiler context for one statement of ctx, writing into buf. */
void		c_init(Cmp *c, OrmCtx *ctx, OrmBuf *buf);
int			c_select(Cmp *c, SxSelect *s, CMode mode, bool outermost);
int			c_check_crit(Cmp *c);
int			c_check_from(Cmp *c, SxFrom *f);
int			c_check_expr(Cmp *c, SxExpr *x);
int			c_check_select(Cmp *c, SxSelect *s);
int			c_items(Cmp *c, CSel *cs, CMode mode, bool outermost);
void		c_item_keys(Cmp *c, SxSelect *s, OrmCompiled *out);
int			c_with(Cmp *c);

/* ---- compile_from.c ------------------------------------------------------- */

CTree	   *c_tree_of(CSel *cs, SxFrom *f);
CTree	   *c_tree_holding(Cmp *c, CSel *cs, SxFrom *f);
bool		c_covers(Cmp *c, const OrmPtrVec *covered, SxFrom *f, const OrmTable *t);
SxFrom	   *c_table_from(Cmp *c, OrmTable *t);
CTree	   *c_tree_add(Cmp *c, CSel *cs, SxFrom *f);
void		c_cover(Cmp *c, CSel *cs, SxFrom *f);
void		c_expr_froms(Cmp *c, SxExpr *x, OrmPtrVec *out);
void		c_where_froms(Cmp *c, SxExpr *x, OrmPtrVec *out);
int			c_build_froms(Cmp *c, CSel *cs);
bool		c_has_single_criterion(const SxExpr *cond, const SxFrom *f, const OrmColumn *disc);
int			c_loader_crit(Cmp *c, CSel *cs, SxExpr **where);
OrmClass   *c_declaring_single(Cmp *c, const SxExpr *x);
SxExpr	   *c_with_single(Cmp *c, SxExpr *cond, SxFrom *f);
int			c_from_item(Cmp *c, SxFrom *f);
int			c_join(Cmp *c, CJoin *j);
int			c_from_clause(Cmp *c, CSel *cs);

/* ---- compile_expr.c ------------------------------------------------------- */

int			c_fail(Cmp *c, OrmErrCode code, const SxExpr *x, const char *msg);
bool		c_vec_has(const OrmPtrVec *v, const void *p);
void		c_vec_add(Cmp *c, OrmPtrVec *v, void *p);
int			c_next_count(Cmp *c, const char *base);
bool		c_used(const OrmPtrVec *v, const char *s);
const char *c_dedupe(Cmp *c, OrmPtrVec *v, const char *base);
const char *c_from_name(Cmp *c, SxFrom *f);
bool		c_from_subq(const SxFrom *f);
const char *c_part_name(Cmp *c, SxFrom *f, const OrmTable *t);
const char *c_subq_label(Cmp *c, SxFrom *f, const OrmColumn *col);
void		c_col(Cmp *c, SxFrom *f, const OrmColumn *col);
const char *c_wrap_label(Cmp *c, SxFrom *f, OrmColumn *col);
bool		c_is_ident(const char *s);
void		c_column(Cmp *c, SxFrom *f, const char *colname);
const char *c_lower(Cmp *c, const char *s);
void		c_order_suffix(Cmp *c, const SxExpr *x);
int			c_expr(Cmp *c, SxExpr *x, int prec);
int			c_exprs(Cmp *c, int n, SxExpr **xs);

#endif							/* ORM_COMPILE_INT_H */
