/*
 * Conventions shared with compile.c only (the loader never sees them):
 *   - an SxItem with expr == NULL is the literal 1 (EXISTS (SELECT 1 ...));
 *   - SX_ORDER with index == -1 has no ASC/DESC (nulls_first(col));
 *   - SX_BINARY LIKE/NOT LIKE with name "startswith"/"endswith"/"contains"
 *     renders SQLAlchemy's `x LIKE y || '%'` forms;
 *   - SX_LABEL with index == -2 in ORDER BY is order_by("name"): the column
 *     of the select list by that name;
 *   - SX_CAST named "truediv" is the divisor of a true division (a / b):
 *     SQLite renders it (b + 0.0), as SQLAlchemy does;
 *   - SX_FUNC named "EXTRACT" (upper case) is the extract() construct, which
 *     SQLAlchemy does not mark as the ORM's; func.extract is a plain function.
 *
 * Trust: q_eval returns a value exactly when no error is set, and a QV_EXPR
 * never holds a NULL expression, so no failure is silent and no caller reads
 * a half-built value.  Where SQLAlchemy raises (a method a CompoundSelect
 * lacks, a plain string as a criterion, an option path that does not start
 * at its entity ...) this raises too, with the position.  Values built
 * through variables can nest without a syntax tree's bound: lists are
 * limited here, expressions by compile.c's check pass (SX_MAX_DEPTH /
 * SX_MAX_NODES), and every walk of an expression here stops at those limits.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */

/* ---- values -------------------------------------------------------------- */

typedef enum QvKind
{
	QV_LIT,						/* Python literal: json (int, float, str, bool, None) */
	QV_LIST,					/* list / tuple: items */
	QV_ENTITY,					/* mapped class or aliased(): cls, from */
	QV_TABLE,					/* plain Table(): from */
	QV_REL,						/* relationship attribute: rel, from (the parent) */
	QV_EXPR,					/* SQL expression: expr */
	QV_SELECT,					/* sel */
	QV_SUBQ,					/* .subquery() / .cte(): from */
	QV_SUBQ_C,					/* subq.c: from */
	QV_ENUMCLS,					/* enm */
	QV_ENUM,					/* enm, idx */
	QV_OPT,						/* loader options: opts */
	QV_FUNCNS,					/* func */
	QV_TYPE,					/* type (String, String(50)) */
	QV_BUILTIN,					/* a vocabulary callable: name */
	QV_DICT,					/* {k: v} (case() whens): items keys/values */
	QV_DML						/* insert() / update() / delete(): dml */
} QvKind;

typedef struct QOpt QOpt;

typedef struct QVal
{
	QvKind		kind;
	const PyNode *node;			/* where it was written */
	JsonValue  *json;			/* LIT */
	const char *param_key;		/* LIT from params: its key */
	const OrmType *lit_type;	/* LIT from date(), Decimal(), UUID()...: its type */
	bool		has_tval;		/* LIT temporal: tval holds its microseconds */
	int64_t		tval;
	int			n;				/* LIST, DICT, OPT */
	int			depth;			/* LIST: nesting of lists inside (1: flat) */
	struct QVal **items;		/* LIST items, DICT keys */
	struct QVal **values;		/* DICT values */
	OrmClass   *cls;
	SxFrom	   *from;
	OrmRelationship *rel;
	SxFrom	   *target;			/* REL.of_type(alias): the target FROM */
	SxFrom	   *from_crit;		/* REL.and_(crit): the FROM crit names (crit in expr) */
	SxExpr	   *expr;
	SxSelect   *sel;
	OrmEnum    *enm;
	int			idx;
	QOpt	  **opts;
	OrmType    *type;
	const char *name;
	SxDml	   *dml;
} QVal;
#define Q_MAX_DEPTH		SX_MAX_DEPTH	/* nesting of lists and expressions */
#define Q_MAX_WALK		SX_MAX_NODES	/* nodes one walk of an expression visits */

typedef struct QEnv
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	const JsonValue *params;
	/* the text's variables: an open-addressing table (names and values,
	 * var_cap slots, a power of two), so that a long text stays linear */
	const char **var_names;
	QVal	  **var_vals;
	int			var_n,
				var_cap;
	OrmPtrVec	class_from;		/* SxFrom*: the one un-aliased FROM per class/table */
	SxFrom	   *watch;			/* orm_rel_extra_criteria: a FROM not in the statement */
	bool		watched;		/* ... that a name resolved to */
	SxFrom	   *sec_var;		/* orm_rel_extra_criteria: the secondary Table's FROM,
								 * for its Python variable name (not kept in the registry) */
} QEnv;

/* ---- small helpers ------------------------------------------------------- */

#define Q_FAIL(e, code, node, ...) \
	q_fail((e), (code), (node), orm_sprintf((e)->a, __VA_ARGS__))

/* ---- names --------------------------------------------------------------- */

typedef QVal *(*QBuiltinFn) (QEnv *e, const PyNode *call);

typedef struct QBuiltin
{
	const char *name;
	QBuiltinFn	fn;
} QBuiltin;
