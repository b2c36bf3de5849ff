/*
 * query_int.h -- what the pieces of the query evaluator share, and nothing
 * outside them sees: QVal (the value of one evaluated node), QEnv (one
 * evaluation's state) and the functions one piece calls in another.  The
 * evaluator turns SQLAlchemy 2.0 statement text into the SQL expression tree
 * (sqlexpr.h); its public face is orm/query.h and orm/loader.h.
 *
 * The pieces, each a stage as SQLAlchemy has them in modules, from the top:
 *
 *   query.c           the entry points; names, attribute access, subscripts,
 *                     calls and the method dispatcher, operators: q_eval
 *                     itself
 *   query_flow.c      the text's statements: assignments, list methods,
 *                     if/elif/else, for and while loops, then the statement
 *   query_session.c   session calls, Result methods, the legacy Query
 *   query_calls.c     what a session call returns, run when the text uses it
 *                     (through QEnv.run and QEnv.call_value)
 *   query_builtins.c  the vocabulary the text calls: select, and_, aliased,
 *                     union, exists, case, cast, ... (q_builtin_lookup)
 *   query_dml.c       insert() / update() / delete() and their methods
 *   query_select.c    select(): the FROM collection, joins, methods on
 *                     select() and on subqueries / CTEs
 *   query_options.c   loader options (selectinload(A.b).joinedload(B.c), ...)
 *   query_expr.c      SQL expressions: coercion of values (q_to_expr,
 *                     q_to_criterion, select-list items), boolean, comparison
 *                     and arithmetic construction, relationship comparisons
 *                     (any(), has(), == None, and_(), of_type()), types for
 *                     cast(), func.<name>(), methods on expressions
 *   query_pyvalues.c  literals, Python values computed on the client (date(),
 *                     datetime(), timedelta(), Decimal(), UUID()) and Python
 *                     arithmetic on literals; a literal as a bound parameter;
 *                     Python's truth, comparisons, len(), range() ... of values
 *   query_base.c      QVal constructors, errors, arguments, the variable
 *                     table, small helpers every piece uses
 *
 * The order: a piece calls only pieces below it in this list, and includes
 * only this header of them (query_options.c and query_expr.c do not call
 * each other).  The evaluator is recursive -- a handler evaluates its
 * arguments, between(x, a, b) and exists().where() are methods of a value, a
 * join or any() needs a relationship's extra criteria -- and those calls up
 * go through QEnv: q_eval, q_call_method and q_rel_extra (at the end) call
 * the functions query.c installs there, so no piece names a function of a
 * piece above it.
 *
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
#ifndef ORM_QUERY_INT_H
#define ORM_QUERY_INT_H

#include "orm/query.h"
#include "lang/pyast.h"
#include "base/json.h"

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
	QV_SELCOLS,					/* stmt.selected_columns: sel */
	QV_ENUMCLS,					/* enm */
	QV_ENUM,					/* enm, idx */
	QV_OPT,						/* loader options: opts */
	QV_FUNCNS,					/* func */
	QV_TYPE,					/* type (String, String(50)) */
	QV_BUILTIN,					/* a vocabulary callable: name */
	QV_DICT,					/* {k: v} (case() whens): items keys/values */
	QV_DML,						/* insert() / update() / delete(): dml */
	QV_JOIN,					/* a Core join (a.join(b, on), join(a, b)): sel holds
								 * its left FROM in froms[0] and its joins */
	QV_PROXY,					/* an association_proxy of an entity: xattr, cls, from */
	QV_RESULT,					/* session.execute(...) and its Result methods: sel or
								 * dml, shape, result_kind (query_session.c); ran: its
								 * value once a use of it ran it (query_calls.c) */
	QV_OBJ						/* an ORM object a session call returned: json (its
								 * JSON dict), cls (query_calls.c) */
} QvKind;

/* QV_RESULT: which Result it is, for its methods */
typedef enum QvResultKind
{
	QV_RK_ROWS = 0,				/* Result (and tuples()) */
	QV_RK_SCALARS,				/* ScalarResult */
	QV_RK_MAPPINGS,				/* MappingResult */
	QV_RK_DONE					/* a terminal's value (first(), one(), get() ...) */
} QvResultKind;

struct OrmShape;

typedef struct QOpt QOpt;

typedef struct QVal
{
	QvKind		kind;
	const PyNode *node;			/* where it was written */
	JsonValue  *json;			/* LIT */
	const char *param_key;		/* LIT from params: its key */
	const OrmType *lit_type;	/* LIT from date(), Decimal(), UUID()...: its type */
	bool		has_tval;		/* LIT temporal: tval holds its microseconds */
	bool		bind_soft;		/* LIT of bindparam() not named by the call's params
								 * (SxExpr.bind_soft) */
	bool		bind_pending;	/* ... with no value yet (SxExpr.bind_pending) */
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
	SxSelect   *sel;			/* SELECT...; OBJ: the statement the object is a row of
								 * (its loader options), or NULL */
	OrmEnum    *enm;
	int			idx;
	QOpt	  **opts;
	OrmType    *type;
	const char *name;
	SxDml	   *dml;
	bool		query_dml;		/* DML of Query.update() / Query.delete(): it would write
								 * where it is written */
	bool		core;			/* TABLE, SUBQ_C: a mapped class's Table (User.__table__),
								 * whose columns are Core's (no ORM annotation) */
	const OrmComposite *comp;	/* EXPR of a composite attribute (a Bundle of its
								 * columns keyed by its fields), read from from */
	const OrmXattr *xattr;		/* PROXY: the association_proxy */
	struct OrmShape *shape;		/* RESULT: orm/result.h */
	QvResultKind result_kind;	/* RESULT */
	struct QVal *ran;			/* RESULT: the value its statement returned, once run */
	QvResultKind rows_kind;		/* RESULT terminal: the Result it ended (its elements) */
	const char **fields;		/* LIST that is a Row a session call returned: the names
								 * of its n items (Row._fields); else NULL */
	int			cap;			/* DICT: the slots items / values have (0: n) */
} QVal;

#define Q_MAX_DEPTH		SX_MAX_DEPTH	/* nesting of lists and expressions */
#define Q_MAX_WALK		SX_MAX_NODES	/* nodes one walk of an expression visits */
#define Q_MAX_ITER		100000	/* loop bodies and comprehension items a text runs,
								 * values range() and the like make (q_flow_tick) */
#define Q_MAX_LOOP_BYTES ((size_t) 64 * 1024 * 1024)	/* what the call's memory may grow
														 * by while they run */
#define Q_MAX_CALLS		1000	/* statements the session calls of a text run */
#define Q_MAX_PY_STEPS	((int64_t) 50 * 1000 * 1000)	/* element comparisons and string
														 * scans on Python values */

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
	OrmPtrVec	concrete_from;	/* SxFrom*: each ConcreteBase class's union (one each) */
	OrmPtrVec	class_key;		/* per class_from: its OrmClass* (a plain Table's
								 * OrmTable*) -- q_class_from's key */
	SxFrom	   *watch;			/* orm_rel_extra_criteria: a FROM not in the statement */
	bool		watched;		/* ... that a name resolved to */
	SxFrom	   *sec_var;		/* orm_rel_extra_criteria: the secondary Table's FROM,
								 * for its Python variable name (not kept in the registry) */
	OrmPtrVec  *bound;			/* or NULL: the params keys the text used, by bindparam()
								 * or by name (orm_query_eval_bound) */
	/* orm_rel_extra_criteria: the owner class, whose attributes a bare name
	 * is (the criteria were written in its class body), and the target's
	 * FROM, which remote(x) makes x's class stand for */
	OrmClass   *scope_cls;
	SxFrom	   *remote_from;
	bool		alias_classes;	/* a class named for the first time gets an alias
								 * (a composite secondary's tables) */
	QVal	   *body_entity;	/* orm_xattr_expr of a column_property(): the entity
								 * whose attributes a bare name names, as inside the
								 * class statement; else NULL */
	int			xattr_depth;	/* mapped expressions being evaluated inside each other */
	bool		xattr_failed;	/* a mapped expression evaluated here failed, its error
								 * already saying which */
	/* the bounds of evaluation (q_flow_tick, q_py_work) */
	int			flow_iters;		/* loop bodies and comprehension items so far */
	bool		flow_counting;	/* flow_base is set */
	size_t		flow_base;		/* the arena's size at the first of them */
	int64_t		py_steps;		/* comparisons and string bytes of Python values */
	/*
	 * Running session calls whose value the text uses (query_calls.c): the
	 * runner the caller gave (orm_query_eval_run: the loader's
	 * orm_load_select), or NULL (orm_compile, orm_explain, orm_execute:
	 * such a text is refused); the statements run so far, and the bytes
	 * of their results.
	 */
	OrmQueryRun run;
	int			calls;
	size_t		call_bytes;
	bool		awaits;			/* the text awaits (PyModule.awaits): it runs on an
								 * AsyncSession, where a lazy load raises MissingGreenlet */

	/*
	 * The evaluator's own entry points, installed by query.c (q_env_init):
	 * the pieces below it call back up through these (q_eval, q_call_method,
	 * q_rel_extra below), never by name.
	 */
	QVal	   *(*eval) (struct QEnv *e, const PyNode *n);
	QVal	   *(*call_method) (struct QEnv *e, QVal *recv, const char *name,
								const PyNode *call);
	int			(*rel_extra) (OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
							  SxFrom *sec, SxFrom *target, SxExpr **out);
	int			(*rel_composite) (OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
								  SxFrom *target, SxFrom **sec, SxExpr **pj, SxExpr **sj);
	QVal	   *(*xattr) (struct QEnv *e, const OrmXattr *p, QVal *entity, QVal **args,
						 int nargs, const PyNode *node);
	/* a session call's value (query_calls.c, q_call_value below) */
	QVal	   *(*call_value) (struct QEnv *e, QVal *v, const PyNode *at);
} QEnv;

/* q_fail with a formatted message (query_base.c) */
#define Q_FAIL(e, code, node, ...) \
	q_fail((e), (code), (node), orm_sprintf((e)->a, __VA_ARGS__))

/* Q_FAIL of an unknown name, looked up on scope (a class, table, enum or NULL): util.h */
#define Q_UNKNOWN(e, code, node, name, scope, ...) \
	(orm_err_unknown((e)->ctx->err, (name), (scope)), Q_FAIL(e, code, node, __VA_ARGS__))

/* A name the text calls: select, and_, ... (query_builtins.c) */
typedef QVal *(*QBuiltinFn) (QEnv *e, const PyNode *call);

typedef struct QBuiltin
{
	const char *name;
	QBuiltinFn	fn;
} QBuiltin;

/* query_base.c: QVal constructors, errors, arguments, the variable table */
extern const OrmType q_t_int;	/* the types of Python's literals */
extern const OrmType q_t_float;
extern const OrmType q_t_str;
extern const OrmType q_t_bool;
extern const OrmType q_t_null;

QVal	   *q_new(QEnv *e, QvKind kind, const PyNode *node);
void	   *q_fail(QEnv *e, OrmErrCode code, const PyNode *n, const char *msg);
QVal	   *q_expr_val(QEnv *e, SxExpr *x, const PyNode *node);
SxExpr	   *q_sx(QEnv *e, SxKind kind, const OrmType *t);
QVal	   *q_tvf_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_table_dml(QEnv *e, QVal *t, const char *m, const PyNode *call);
/* query_values.c */
QVal	   *q_column_builtin(QEnv *e, const PyNode *call);
QVal	   *q_values_builtin(QEnv *e, const PyNode *call);
QVal	   *q_values_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
bool		q_is_lit_kind(const QVal *v, JsonKind k);
const char *q_str_arg(const QVal *v);
const PyNode *q_expand_dstar(QEnv *e, const PyNode *call);
QVal	   *q_str_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_json_as(QEnv *e, QVal *recv, SxJsonAs as, const OrmType *t, const PyNode *call);
bool		q_from_is_plain(const SxFrom *f);
SxFrom	   *q_class_from(QEnv *e, OrmTable *t, OrmClass *cls);
void		q_class_from_set(QEnv *e, const void *key, SxFrom *f);
SxFrom	   *q_alias_from(QEnv *e, OrmTable *t, OrmClass *cls, const char *name);
QVal	   *q_entity(QEnv *e, SxFrom *f, const PyNode *node);
int			q_union_entity_refuse(QEnv *e, const SxSelect *s, const PyNode *node);	/* query_select.c */
const char *q_entity_key(const SxFrom *f);
QVal	   *q_arg(QEnv *e, const PyNode *call, int i, const char *what);
int			q_kwarg(QEnv *e, const PyNode *call, const char *name, QVal **out);
bool		q_kw_true(QEnv *e, const PyNode *call, const char *name, int *err);
bool		q_type_known(const OrmType *t);
void		q_vec_copy(OrmArena *a, OrmPtrVec *dst, const OrmPtrVec *src);
SxSelect   *q_sel_copy(QEnv *e, const SxSelect *s);
QVal	   *q_sel_val(QEnv *e, SxSelect *s, const PyNode *node);
QVal	   *q_sel_implicit_c(QEnv *e, QVal *recv, const PyNode *node);
QVal	   *q_var(QEnv *e, const char *name);
void		q_var_set(QEnv *e, const char *name, QVal *v);
int			q_subq_cols(QEnv *e, SxFrom *f, const char ***names, const OrmType ***types);
QVal	   *q_subq_col(QEnv *e, SxFrom *f, const char *name, const PyNode *node);
QVal	   *q_sel_col(QEnv *e, SxSelect *s, const char *name, int64_t idx, const PyNode *node);
OrmColumn **q_subq_sources(QEnv *e, SxFrom *f, int depth);
bool		q_subq_col_anon(QEnv *e, const SxFrom *f, int idx);
QVal	   *q_subq_entity(QEnv *e, OrmClass *cls, SxFrom *f, const char *name, bool on_names,
						  const PyNode *node);
bool		q_is_single_kind(const OrmClass *cls, const OrmClass *base);
QVal	   *q_attr_entity(QEnv *e, QVal *ev, const char *name, const PyNode *node);
QVal	   *q_list_depth(QEnv *e, QVal *v);

/* query_pyvalues.c: literals, Python values, Python arithmetic on literals */
extern const OrmType q_t_date;
extern const OrmType q_t_interval;
extern const OrmType q_t_datetime;
/* SQLite: the result of datetime arithmetic on text (query_expr.c, q_arith) */
extern const OrmType q_t_sqlite_dt_text;
extern const OrmType q_t_sqlite_iv_text;
extern const OrmType q_t_sqlite_date_text;
int			q_check_items(QEnv *e, const SxSelect *s);

QVal	   *q_lit(QEnv *e, JsonValue *j, const PyNode *node);
QVal	   *q_lit_from_json(QEnv *e, const JsonValue *j, const PyNode *node);
bool		q_is_fstring(const PyNode *n);
QVal	   *q_eval_fstring(QEnv *e, const PyNode *n);
QVal	   *qb_date(QEnv *e, const PyNode *call);
QVal	   *qb_datetime(QEnv *e, const PyNode *call);
QVal	   *qb_time(QEnv *e, const PyNode *call);
QVal	   *qb_timedelta(QEnv *e, const PyNode *call);
QVal	   *q_now_lit(QEnv *e, const OrmType *t, const PyNode *call);
QVal	   *qb_decimal(QEnv *e, const PyNode *call);
QVal	   *qb_uuid(QEnv *e, const PyNode *call);
QVal	   *q_temporal_arith(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *node,
							 bool *done);
SxExpr	   *q_param(QEnv *e, QVal *v, const OrmType *t);
JsonValue  *q_value_json(QEnv *e, QVal *v, int depth);
SxExpr	   *q_enum_str_param(QEnv *e, const OrmType *t, const char *s, size_t len,
								 const PyNode *node, const char *param_key);
const char *q_enum_bind_str(QEnv *e, const OrmType *t, const char *s, size_t len,
							const PyNode *node);
SxExpr	   *q_enum_case_key(QEnv *e, QVal *v, const OrmType *t);
SxExpr	   *q_enum_param(QEnv *e, QVal *v, const OrmType *t);
bool		q_int_literal_is_2_63(const PyNode *n);
QVal	   *q_fold_float(QEnv *e, int op, double x, double y, const PyNode *n);
QVal	   *q_fold_int(QEnv *e, int op, int64_t x, int64_t y, const PyNode *n);
bool		q_is_number_lit(const QVal *v);
QVal	   *q_fold_unary(QEnv *e, const PyNode *n, QVal *a, bool *done);
QVal	   *q_eval_number(QEnv *e, const PyNode *n);
/* ... Python's semantics of values (control flow, and / or / not, == < in is, len()) */
int			q_flow_tick(QEnv *e, int line, int col);
bool		q_is_pyvalue(const QVal *v);
bool		q_is_pydict(const QVal *v);
bool		q_is_pycontainer(const QVal *v);
const char *q_py_type_name(const QVal *v);
int			q_truth(QEnv *e, QVal *v, const PyNode *at);
QVal	   *q_py_compare(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *n);
QVal	   *q_iter_list(QEnv *e, QVal *v, const PyNode *at);
QVal	   *q_py_subscript(QEnv *e, QVal *base, const PyNode *n);
int			q_py_setitem(QEnv *e, QVal *base, QVal *iv, QVal *v, const PyNode *at);
QVal	   *q_dict_method(QEnv *e, QVal *d, const char *m, const PyNode *call);
QVal	   *qb_range(QEnv *e, const PyNode *call);
QVal	   *qb_enumerate(QEnv *e, const PyNode *call);
QVal	   *qb_zip(QEnv *e, const PyNode *call);
QVal	   *qb_len(QEnv *e, const PyNode *call);

/* query_expr.c: SQL expressions */
SxExpr	   *q_scalar_subq(QEnv *e, SxSelect *s);
SxExpr	   *q_tuple(QEnv *e, QVal *v, const OrmType *hint);
SxExpr	   *q_tuple_like(QEnv *e, QVal *v, const SxExpr *like);	/* query_tuple.c */
/* query_pyvalues.c: temporal values (microseconds since 1970; days) */
int64_t		q_days_from_civil(int64_t y, int m, int d);
void		q_civil_from_days(int64_t z, int *y, int *m, int *d);
QVal	   *q_temporal(QEnv *e, const OrmType *t, int64_t us, const PyNode *node);
/* query_pydates.c: the date / datetime / time / timedelta values objects hold */
QVal	   *q_temporal_from_text(QEnv *e, const OrmType *t, const JsonValue *j, const PyNode *at);
QVal	   *q_temporal_attr(QEnv *e, QVal *v, const PyNode *n);
QVal	   *q_temporal_method(QEnv *e, QVal *v, const char *m, const PyNode *call);
QVal	   *q_temporal_str(QEnv *e, QVal *v, const PyNode *at);
/* query.c: the evaluator's top, used by query_mapped.c */
void		q_env_init(QEnv *e, OrmCtx *ctx, const JsonValue *params);
PyModule   *q_parse_text(QEnv *e, const char *text);
/* query_mapped.c: mapped expressions and association proxies */
QVal	   *q_xattr_value(QEnv *e, const OrmXattr *p, QVal *entity, QVal **args, int nargs,
						  const PyNode *node);
QVal	   *q_proxy_method(QEnv *e, QVal *pv, const char *name, const PyNode *call);
QVal	   *q_proxy_compare(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *n);
/* query_pyiter.c: any(), all(), str.join() */
QVal	   *qb_py_any(QEnv *e, const PyNode *call);
QVal	   *qb_py_all(QEnv *e, const PyNode *call);
QVal	   *q_str_join(QEnv *e, const JsonValue *sep, const PyNode *call);
/* query_keys.c: Result.keys() */
QVal	   *q_result_keys(QEnv *e, QVal *recv, const PyNode *call);
/* query_like.c: like()'s escape= / autoescape= */
int			q_like_escape(QEnv *e, QVal **a, const char *form, const PyNode *call, char *esc);
/* query_introspect.c: type(), isinstance(), obj.__class__, Cls.__name__ */
QVal	   *q_class_of(QEnv *e, OrmClass *cls, const PyNode *at);
QVal	   *qb_type(QEnv *e, const PyNode *call);
QVal	   *qb_isinstance(QEnv *e, const PyNode *call);
QVal	   *q_class_name_attr(QEnv *e, const QVal *ev, const char *name, const PyNode *at);
/* query_lazy.c: reading an attribute a statement did not load */
const char *q_lazy_raise(const QVal *obj, const OrmRelationship *rel);
bool		q_col_raise(const QVal *obj, const char *key, bool model_raise);
SxExpr	   *q_to_expr(QEnv *e, QVal *v, const OrmType *hint);
SxExpr	   *q_to_criterion(QEnv *e, QVal *v, const char *what);
SxExpr	   *q_boollist(QEnv *e, SxOp op, int n, SxExpr **in);
SxExpr	   *q_and2(QEnv *e, SxExpr *l, SxExpr *r);
SxExpr	   *q_negate(QEnv *e, SxExpr *x);
SxExpr	   *q_binary(QEnv *e, SxOp op, SxExpr *l, SxExpr *r, const OrmType *t);
QVal	   *q_compare(QEnv *e, SxOp op, QVal *a, QVal *b, const PyNode *node);
QVal	   *q_arith(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *node);
OrmType	   *q_type_by_name(QEnv *e, const char *name);
QVal	   *q_type_call(QEnv *e, QVal *tv, const PyNode *call);
int			q_add_item(QEnv *e, SxSelect *s, QVal *v);
QVal	   *q_order_of(QEnv *e, QVal *v, int dir, int nulls, const PyNode *node);
QVal	   *q_cast_to(QEnv *e, QVal *v, QVal *tv, SxKind kind, const PyNode *call);
QVal	   *q_func_call(QEnv *e, const char *name, const PyNode *call);
QVal	   *q_func_over(QEnv *e, QVal *fv, const PyNode *call);
QVal	   *q_label(QEnv *e, QVal *recv, const PyNode *call);
QVal	   *q_between_fn(QEnv *e, QVal *x, const PyNode *call);
QVal	   *q_expr_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
int			q_and_args(QEnv *e, const PyNode *call, SxExpr **acc);
QVal	   *q_rel_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_bundle(QEnv *e, const PyNode *call);
QVal	   *q_array_lit(QEnv *e, const PyNode *call);
QVal	   *q_any_all(QEnv *e, const PyNode *call, bool all);
const OrmType *q_compared_type(const OrmType *lt, const QVal *b);
QVal	   *q_with_parent(QEnv *e, const PyNode *call);

/* query_options.c: loader options */
int			q_loader_lazy(const char *name, OrmLazy *out);
QVal	   *q_opt_step(QEnv *e, QOpt *prev, OrmLazy lazy, const PyNode *call);
int			q_attach_opts(QEnv *e, SxSelect *s, QVal *v);
QVal	   *q_col_opt(QEnv *e, QOpt *prev, const char *fn, const PyNode *call);
QVal	   *qb_load(QEnv *e, const PyNode *call);
QVal	   *q_opt_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_selectin_polymorphic(QEnv *e, const PyNode *call);
QVal	   *q_with_loader_criteria(QEnv *e, const PyNode *call);
int			q_attach_dml_opts(QEnv *e, SxDml *d, QVal *v);

/* query_select.c: select() */
void		q_expr_froms(QEnv *e, SxExpr *x, OrmPtrVec *out);
QVal	   *qb_select(QEnv *e, const PyNode *call);
QVal	   *q_select_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_subq_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_join_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *qb_join(QEnv *e, const PyNode *call);
QVal	   *qb_outerjoin(QEnv *e, const PyNode *call);
void		q_adapt_sel(QEnv *e, SxSelect *s, SxFrom *from, SxFrom *to);

/* query_dml.c: insert() / update() / delete() */
const char *q_dml_word(SxDmlKind k);
QVal	   *qb_insert(QEnv *e, const PyNode *call);
QVal	   *qb_update(QEnv *e, const PyNode *call);
QVal	   *qb_delete(QEnv *e, const PyNode *call);
QVal	   *q_dml_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);

/* query_flow.c: the text's statements, control flow included; the statement's value */
QVal	   *q_exec_module(QEnv *e, PyModule *m);
int			q_bind(QEnv *e, const PyNode *target, QVal *v);
/* query_session.c: session calls, Result methods, the legacy Query */
PyNode	   *q_call_with(QEnv *e, const PyNode *at, const char *tag, int n, QVal **args);
bool		q_session_recv(QEnv *e, const PyNode *recv, const char *method);
QVal	   *q_session_call(QEnv *e, const PyNode *recv, const char *m, const PyNode *call);

/* query_flask.c: Flask-SQLAlchemy's db.* and Model.query calls, SQLModel's exec() */
bool		q_fsa_namespace(QEnv *e, const char *name);
QVal	   *q_flask_call(QEnv *e, const PyNode *fn, const PyNode *call);
QVal	   *q_flask_query(QEnv *e, QVal *ent, const PyNode *at);
QVal	   *q_flask_page_attr(QEnv *e, QVal *page, const PyNode *attr);
QVal	   *q_sqlmodel_col(QEnv *e, const PyNode *call);
QVal	   *q_result_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
bool		q_query_has(const char *m);
QVal	   *q_query_method(QEnv *e, QVal *recv, const char *m, const PyNode *call);
QVal	   *q_query_final(QEnv *e, QVal *v);

/* query_calls.c: the values session calls return, run when the text uses them */
QVal	   *q_result_value(QEnv *e, QVal *v, const PyNode *at);
QVal	   *q_value_attr(QEnv *e, QVal *base, const PyNode *n);
QVal	   *q_row_method(QEnv *e, QVal *row, const char *m, const PyNode *call);
bool		q_has_call(const QVal *v, int depth);
int			q_run_calls(QEnv *e, QVal *v, const PyNode *x);
int			q_final_value(QEnv *e, QVal *v, SxSelect **sel);
QVal	   *q_query_index(QEnv *e, QVal *q, QVal *idx, const PyNode *n);

/* query_builtins.c: the vocabulary */
const QBuiltin *q_builtin_lookup(const char *name);

/*
 * query.c: the evaluator, reached through QEnv.  q_eval evaluates one node
 * (a value exactly when no error is set); q_call_method calls method name of
 * recv, whatever its kind; q_rel_extra is orm_rel_extra_criteria
 * (query.h) for one use of a relationship.
 */
static inline QVal *
q_eval(QEnv *e, const PyNode *n)
{
	return e->eval(e, n);
}

static inline QVal *
q_call_method(QEnv *e, QVal *recv, const char *name, const PyNode *call)
{
	return e->call_method(e, recv, name, call);
}

/*
 * query.c: mapped attribute p (column_property, query_expression, hybrid) of
 * entity (a QV_ENTITY) as an expression: its declaration text evaluated for
 * the entity's FROM, labeled with its key (a hybrid method: called with
 * args, not labeled).
 */
static inline QVal *
q_xattr(QEnv *e, const OrmXattr *p, QVal *entity, QVal **args, int nargs, const PyNode *node)
{
	return e->xattr(e, p, entity, args, nargs, node);
}

/*
 * v itself, or the value of a session call when v is one (QV_RESULT: its
 * statement run now, once; a legacy Query: its all()): what Python sees
 * when it tests, compares, indexes or iterates it.  NULL with the error.
 */
static inline QVal *
q_call_value(QEnv *e, QVal *v, const PyNode *at)
{
	if (v->kind != QV_RESULT && !(v->kind == QV_SELECT && v->sel->legacy_query))
		return v;
	return e->call_value(e, v, at);
}

static inline int
q_rel_extra(QEnv *e, const OrmRelationship *rel, SxFrom *parent, SxFrom *sec,
			SxFrom *target, SxExpr **out)
{
	return e->rel_extra(e->ctx, rel, parent, sec, target, out);
}

#endif							/* ORM_QUERY_INT_H */
