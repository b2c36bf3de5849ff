/*
 * query_expr.c -- SQL expressions from evaluated values (query_int.h), as
 * SQLAlchemy's sql.elements, sql.functions and the ORM's relationship
 * comparator build them:
 *
 *   - coercion: a value as an SQL expression (q_to_expr), as a criterion
 *     (q_to_criterion: WHERE, ON, and_() ...), as select-list items
 *     (q_add_item);
 *   - boolean, comparison and arithmetic construction (literals take the
 *     type of the other side), ORDER BY modifiers and cast();
 *   - relationship comparisons: any(), has(), == None (EXISTS or the
 *     foreign key columns), and the relationship methods and_(), of_type();
 *   - types for cast(), func.<name>() and over(), methods on expressions
 *     (like(), in_(), between(), label(), as_string(), ...).
 *
 * Assumes: values are evaluated (the arguments of a method through q_eval);
 * exists().where() is a method of the select inside it, reached through
 * q_call_method (query_int.h).  Calls query_pyvalues.c and query_base.c.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "sql/criteria.h"
#include "sql/entity.h"

#include <string.h>

#define Q_MAX_FLAT		10000	/* items of one flattened and_() / or_() */

/* ---- conversion to SQL expressions --------------------------------------- */

SxExpr *
q_scalar_subq(QEnv *e, SxSelect *s)
{
	SxExpr	   *x = q_sx(e, SX_SCALAR_SUBQ, NULL);

	x->select = s;
	if (s->items.n == 1 && ((SxItem *) s->items.items[0])->expr)
		x->type = ((SxItem *) s->items.items[0])->expr->type;
	return x;
}

SxExpr *
q_tuple(QEnv *e, QVal *v, const OrmType *hint)
{
	SxExpr	  **items = ORM_NEWN(e->a, SxExpr *, v->n ? v->n : 1);
	int			i;

	for (i = 0; i < v->n; i++)
		if (!(items[i] = q_to_expr(e, v->items[i], hint)))
			return NULL;
	return sx_tuple(e->a, v->n, items);
}

/* Is t a type whose values are JSON documents or arrays (a list / dict binds as one)? */
static bool
q_is_doc_type(const OrmType *t)
{
	return t && (t->kind == ORM_T_JSON || t->kind == ORM_T_JSONB || t->kind == ORM_T_ARRAY);
}

SxExpr *
q_to_expr(QEnv *e, QVal *v, const OrmType *hint)
{
	/* User.id == session.scalar(...): the call's value, bound */
	if (v->kind == QV_RESULT && v->result_kind == QV_RK_DONE && !(v = q_call_value(e, v, v->node)))
		return NULL;
	if ((v->kind == QV_DICT || v->kind == QV_LIST) && q_is_doc_type(hint))
	{
		/* {"k": 1} / [1, 2] as the value of a JSON or ARRAY column */
		JsonValue  *j = q_value_json(e, v, 0);
		QVal		lit = {.kind = QV_LIT, .node = v->node};

		if (!j)
			return NULL;
		lit.json = j;
		return q_param(e, &lit, hint);
	}
	switch (v->kind)
	{
		case QV_EXPR:
			return v->expr;
		case QV_LIT:
			if (v->json->kind == JSON_NULL && !v->bind_pending)
				return q_sx(e, SX_NULL, &q_t_null);
			return q_param(e, v, hint);
		case QV_LIST:
			/* SQLAlchemy binds an empty tuple as one parameter, which no
			 * driver takes; "()" is no SQL either */
			if (v->n == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, v->node,
							  "an empty tuple or list is not an SQL value (use in_([]) for an "
							  "empty IN)");
			return q_tuple(e, v, hint);
		case QV_ENUM:
			return q_enum_param(e, v, hint);
		case QV_SELECT:
			return q_scalar_subq(e, v->sel);
		case QV_DICT:
			return Q_FAIL(e, ORM_ERR_QUERY, v->node,
						  "a dict is a value of a JSON column only, not an SQL expression here");
		case QV_PROXY:
			/* SQLAlchemy's NotImplementedError */
			return Q_FAIL(e, ORM_ERR_QUERY, v->node,
						  "association proxy %s.%s can't be used as a plain column expression; "
						  "it only works inside of a comparison expression (==, any(), has(), "
						  "contains() ...)", v->cls ? v->cls->name : "?", v->xattr->name);
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, v->node,
						  "expected an SQL expression here");
	}
}

/*
 * An expression where SQLAlchemy expects a criterion (WHERE, HAVING,
 * and_() / or_() / not_() items... the WhereHavingRole, an ON clause, any()):
 * True / False / None are true() / false() / NULL; any other plain Python
 * value is refused as SQLAlchemy refuses it (a bound "x" or 5 would filter
 * by a constant).
 */
SxExpr *
q_to_criterion(QEnv *e, QVal *v, const char *what)
{
	if (v->kind == QV_LIT && !v->lit_type)
	{
		switch (v->json->kind)
		{
			case JSON_TRUE:
				return q_sx(e, SX_TRUE, &q_t_bool);
			case JSON_FALSE:
				return q_sx(e, SX_FALSE, &q_t_bool);
			case JSON_NULL:
				return q_sx(e, SX_NULL, &q_t_null);
			case JSON_STRING:
				return Q_FAIL(e, ORM_ERR_QUERY, v->node,
							  "textual SQL \"%.40s\" is not an expression here (raw SQL is not supported)",
							  v->json->str);
			default:
				break;
		}
	}
	if (v->kind == QV_LIT || v->kind == QV_LIST || v->kind == QV_ENUM)
		return Q_FAIL(e, ORM_ERR_QUERY, v->node, "an SQL expression is expected for %s here", what);
	return q_to_expr(e, v, NULL);
}

/* ---- boolean and comparison construction --------------------------------- */

SxExpr *
q_boollist(QEnv *e, SxOp op, int n, SxExpr **in)
{
	OrmPtrVec	flat = {0};
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		SxExpr	   *x = in[i];

		/* and_(a, a) repeated through variables would double a flat list
		 * each time: past Q_MAX_FLAT items a list nests instead (same SQL
		 * meaning; compile.c bounds the statement's size) */
		if (x->kind == SX_BOOLLIST && x->op == op && flat.n + x->nargs <= Q_MAX_FLAT)
			for (j = 0; j < x->nargs; j++)
				orm_vec_push(e->a, &flat, x->args[j]);
		else
			orm_vec_push(e->a, &flat, x);
	}
	if (flat.n == 1)
		return flat.items[0];
	return sx_boollist(e->a, op, flat.n, (SxExpr **) flat.items);
}

SxExpr *
q_and2(QEnv *e, SxExpr *l, SxExpr *r)
{
	SxExpr	   *two[2];

	if (!l)
		return r;
	two[0] = l;
	two[1] = r;
	return q_boollist(e, SXOP_AND, 2, two);
}

static bool
q_negated_op(SxOp op, SxOp *out)
{
	static const SxOp pairs[][2] = {
		{SXOP_EQ, SXOP_NE}, {SXOP_LT, SXOP_GE}, {SXOP_LE, SXOP_GT},
		{SXOP_GT, SXOP_LE}, {SXOP_GE, SXOP_LT}, {SXOP_LIKE, SXOP_NOT_LIKE},
		{SXOP_ILIKE, SXOP_NOT_ILIKE}, {SXOP_IN, SXOP_NOT_IN}, {SXOP_IS, SXOP_IS_NOT},
		{SXOP_IS_DISTINCT, SXOP_IS_NOT_DISTINCT},
	};
	size_t		i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
	{
		if (pairs[i][0] == op)
		{
			*out = pairs[i][1];
			return true;
		}
		if (pairs[i][1] == op && op != SXOP_GE && op != SXOP_GT && op != SXOP_LE && op != SXOP_LT)
		{
			*out = pairs[i][0];
			return true;
		}
	}
	return false;
}

/* ~x / not_(x): negate the operator where SQLAlchemy does, else NOT (x). */
SxExpr *
q_negate(QEnv *e, SxExpr *x)
{
	SxExpr	   *c;
	SxOp		nop;

	if (x->kind == SX_BINARY && q_negated_op(x->op, &nop))
	{
		c = ORM_NEW(e->a, SxExpr);
		*c = *x;
		c->op = nop;
		return c;
	}
	if (x->kind == SX_BETWEEN)
	{
		c = ORM_NEW(e->a, SxExpr);
		*c = *x;
		c->negated = !x->negated;
		return c;
	}
	if (x->kind == SX_UNARY && x->op == SXOP_NOT)
		return x->left;
	c = sx_unary(e->a, SXOP_NOT, x);
	c->type = &q_t_bool;
	return c;
}

SxExpr *
q_binary(QEnv *e, SxOp op, SxExpr *l, SxExpr *r, const OrmType *t)
{
	SxExpr	   *x = sx_binary(e->a, op, l, r);

	x->type = t;
	return x;
}

/* a <op> b with literal coercion to the other side's type. */
static QVal *q_rel_null(QEnv *e, QVal *rv, bool is_not, const PyNode *node);

/*
 * The type a literal of the query text is bound with when compared with an
 * expression of type lt, as SQLAlchemy's coerce_compared_value gives it: lt,
 * unless the literal's own type is of another kind, which it then keeps --
 * a datetime meeting a Date (Rate.valid_from < datetime(...)), a number
 * meeting a Boolean, string, Uuid, Interval or date/time type, a bool meeting
 * a number or string (PostgreSQL then refuses integer = boolean, as it does
 * SQLAlchemy's statement).  Strings keep being read in the column's format
 * (README "Choices"), and a named parameter's JSON value always is.
 */
const OrmType *
q_compared_type(const OrmType *lt, const QVal *b)
{
	OrmTypeKind k;

	if (!lt || b->kind != QV_LIT || b->param_key)
		return lt;
	k = lt->kind;
	if ((k == ORM_T_JSON || k == ORM_T_JSONB) && !b->lit_type &&
		(b->json->kind == JSON_STRING || b->json->kind == JSON_NUMBER))
		return NULL;			/* SQLAlchemy's JSON: a str / int meeting it is a
								 * String / Integer (settings.op("->>")("theme")) */
	if (b->lit_type)
		return b->lit_type->kind == ORM_T_DATETIME && k == ORM_T_DATE ? NULL : lt;
	if (b->json->kind == JSON_NUMBER)
		return (k == ORM_T_BOOLEAN || k == ORM_T_STRING || k == ORM_T_TEXT ||
				k == ORM_T_UUID || k == ORM_T_INTERVAL || k == ORM_T_DATE ||
				k == ORM_T_DATETIME || k == ORM_T_TIME) ? NULL : lt;
	if (b->json->kind == JSON_TRUE || b->json->kind == JSON_FALSE)
		return (k == ORM_T_INTEGER || k == ORM_T_BIGINT || k == ORM_T_SMALLINT ||
				k == ORM_T_NUMERIC || k == ORM_T_FLOAT || k == ORM_T_STRING ||
				k == ORM_T_TEXT) ? NULL : lt;
	return lt;
}

static QVal *q_rel_obj(QEnv *e, QVal *rv, QVal *obj, bool is_not, const PyNode *node);

QVal *
q_compare(QEnv *e, SxOp op, QVal *a, QVal *b, const PyNode *node)
{
	SxExpr	   *l,
			   *r;
	const OrmType *lt;

	/* User.department == None, Department.users != None */
	if ((op == SXOP_EQ || op == SXOP_NE) && (a->kind == QV_REL || b->kind == QV_REL) &&
		(q_is_lit_kind(a, JSON_NULL) || q_is_lit_kind(b, JSON_NULL)))
		return q_rel_null(e, a->kind == QV_REL ? a : b, op == SXOP_NE, node);
	/* Post.author == user, user an object a session call returned */
	if ((op == SXOP_EQ || op == SXOP_NE) &&
		((a->kind == QV_REL && b->kind == QV_OBJ) || (b->kind == QV_REL && a->kind == QV_OBJ)))
		return q_rel_obj(e, a->kind == QV_REL ? a : b, a->kind == QV_OBJ ? a : b,
						 op == SXOP_NE, node);

	if (a->kind != QV_EXPR && b->kind == QV_EXPR)
	{
		/* 5 == User.id: SQLAlchemy reflects the comparison */
		static const SxOp swap[][2] = {{SXOP_LT, SXOP_GT}, {SXOP_GT, SXOP_LT},
		{SXOP_LE, SXOP_GE}, {SXOP_GE, SXOP_LE}};
		size_t		i;
		QVal	   *t = a;

		a = b;
		b = t;
		for (i = 0; i < 4; i++)
			if (swap[i][0] == op)
			{
				op = swap[i][1];
				break;
			}
	}
	if (op != SXOP_EQ && op != SXOP_NE &&
		(q_is_lit_kind(b, JSON_NULL) || q_is_lit_kind(b, JSON_TRUE) || q_is_lit_kind(b, JSON_FALSE)))
		return Q_FAIL(e, ORM_ERR_QUERY, node,
					  "only ==, !=, is_(), is_not(), is_distinct_from() and "
					  "is_not_distinct_from() can compare with None, True or False");
	if (!(l = q_to_expr(e, a, NULL)))
		return NULL;
	lt = l->type;
	if ((op == SXOP_EQ || op == SXOP_NE) && q_is_lit_kind(b, JSON_NULL))
	{
		r = q_sx(e, SX_NULL, &q_t_null);
		op = op == SXOP_EQ ? SXOP_IS : SXOP_IS_NOT;
	}
	else if ((op == SXOP_EQ || op == SXOP_NE) && lt && lt->kind == ORM_T_BOOLEAN &&
			 (q_is_lit_kind(b, JSON_TRUE) || q_is_lit_kind(b, JSON_FALSE)) && !b->param_key)
		r = q_sx(e, b->json->kind == JSON_TRUE ? SX_TRUE : SX_FALSE, &q_t_bool);
	else if (l->kind == SX_JSON_ELEM && lt && (lt->kind == ORM_T_JSON || lt->kind == ORM_T_JSONB) &&
			 b->kind == QV_LIT && !b->lit_type &&
			 (b->json->kind == JSON_STRING || b->json->kind == JSON_NUMBER))
	{
		/*
		 * data["k"] == "v" (no as_string()): SQLAlchemy binds the value as it
		 * is, not as JSON, so on SQLite the quoted element never equals it
		 * and PostgreSQL refuses json = text; the same statement here.
		 */
		if (!(r = q_to_expr(e, b, NULL)))
			return NULL;
	}
	else if (!(r = l->kind == SX_TUPLE && b->kind == QV_LIST ? q_tuple_like(e, b, l) :
			   q_to_expr(e, b, q_compared_type(lt, b))))
		return NULL;
	return q_expr_val(e, q_binary(e, op, l, r, &q_t_bool), node);
}

static bool
q_is_stringy(const OrmType *t)
{
	return t && (t->kind == ORM_T_STRING || t->kind == ORM_T_TEXT);
}

static bool
q_is_numeric(const OrmType *t)
{
	return t && (t->kind == ORM_T_NUMERIC || t->kind == ORM_T_FLOAT);
}

/*
 * a / b is true division in SQLAlchemy 2.0: a literal keeps its own Python
 * type, the divisor is cast to a numeric type (its own when it has one, else
 * NUMERIC; compile.c renders it per dialect), and integer / integer is
 * NUMERIC, integer / float FLOAT, anything else keeps the dividend's type.
 */
static QVal *
q_truediv(QEnv *e, QVal *a, QVal *b, const PyNode *node)
{
	static const OrmType numeric = {.kind = ORM_T_NUMERIC, .precision = -1, .scale = -1};
	SxExpr	   *l,
			   *r,
			   *c;
	const OrmType *lt;

	if (!(l = q_to_expr(e, a, NULL)) || !(r = q_to_expr(e, b, NULL)))
		return NULL;
	c = q_sx(e, SX_CAST, NULL);
	c->left = r;
	c->cast_type = (OrmType *) (q_is_numeric(r->type) ? r->type : &numeric);
	c->type = c->cast_type;
	c->name = "truediv";
	lt = q_type_known(l->type) ? l->type : &q_t_int;
	if (lt->kind == ORM_T_INTEGER || lt->kind == ORM_T_BIGINT || lt->kind == ORM_T_SMALLINT)
	{
		/* SQLAlchemy: Integer / Float is Float, Integer / Numeric(10, 2) that
		 * Numeric, Integer / Integer a Numeric without scale */
		lt = r->type && r->type->kind == ORM_T_FLOAT ? &q_t_float :
			r->type && r->type->kind == ORM_T_NUMERIC ? r->type : &numeric;
	}
	else if (lt->kind == ORM_T_NUMERIC && q_is_numeric(r->type))
		lt = r->type;			/* Numeric / Numeric or Float: the divisor's type */
	return q_expr_val(e, q_binary(e, SXOP_DIV, l, c, lt), node);
}

const OrmType q_t_sqlite_dt_text = {.kind = ORM_T_DATETIME, .precision = -1, .scale = -1};
const OrmType q_t_sqlite_iv_text = {.kind = ORM_T_INTERVAL, .precision = -1, .scale = -1};
const OrmType q_t_sqlite_date_text = {.kind = ORM_T_DATE, .precision = -1, .scale = -1};

/*
 * A statement's result columns: SQLite's datetime arithmetic (q_arith) is
 * refused there, with SQLAlchemy's error, which reads the number SQLite
 * computes as a datetime or interval and fails.
 */
int
q_check_items(QEnv *e, const SxSelect *s)
{
	for (int i = 0; i < s->items.n; i++)
	{
		const SxItem *it = s->items.items[i];
		const SxExpr *x = it->expr;

		if (x && (x->type == &q_t_sqlite_dt_text || x->type == &q_t_sqlite_iv_text ||
				  x->type == &q_t_sqlite_date_text))
		{
			orm_err_at(e->ctx->err, ORM_ERR_UNSUPPORTED, x->line, x->column,
					   "datetime arithmetic on columns cannot be a result column on %s: it "
					   "stores datetimes and intervals as text, which SQL adds as numbers "
					   "(SQLAlchemy cannot read the result back: TypeError: fromisoformat: "
					   "argument must be str)",
					   e->ctx->dialect->name);
			return -1;
		}
		while (x && x->kind == SX_LABEL)
			x = x->left;
		if (x && x->kind == SX_CAST && x->cast_type && !e->ctx->dialect->native_datetime &&
			(x->cast_type->kind == ORM_T_DATE || x->cast_type->kind == ORM_T_DATETIME ||
			 x->cast_type->kind == ORM_T_TIME))
		{
			/* SQLite's CAST(x AS DATE) has NUMERIC affinity: '2024-03-01' is 2024 */
			orm_err_at(e->ctx->err, ORM_ERR_UNSUPPORTED, x->line, x->column,
					   "cast() to a date or time type cannot be a result column on %s: its "
					   "CAST makes a number of the text (2024) (SQLAlchemy cannot read the "
					   "result back: TypeError: fromisoformat: argument must be str)",
					   e->ctx->dialect->name);
			return -1;
		}
	}
	for (int i = 0; i < s->parts.n; i++)
		if (q_check_items(e, s->parts.items[i]) < 0)
			return -1;
	return 0;
}

static bool
q_is_integer(const OrmType *t)
{
	return t && (t->kind == ORM_T_INTEGER || t->kind == ORM_T_BIGINT || t->kind == ORM_T_SMALLINT);
}

/*
 * The type of a + - * // % b, as SQLAlchemy's expression adaptation gives it:
 * an integer with a Numeric or Float operand (+ - * //) is that operand's type
 * (quantity * unit_price is Numeric(10, 2)); a Numeric with a Numeric or Float
 * operand (+ - *) is the right operand's (price * rate: rate's Float); else
 * the left operand's type when it is known.
 */
static const OrmType *
q_arith_type(int pyop, const OrmType *lt, const OrmType *rt)
{
	if (!q_type_known(lt))
		return rt;
	if (!q_type_known(rt))
		return lt;
	if (q_is_integer(lt) && q_is_numeric(rt) && pyop != '%')
		return rt;
	if (lt->kind == ORM_T_NUMERIC && q_is_numeric(rt) &&
		(pyop == '+' || pyop == '-' || pyop == '*'))
		return rt;
	return lt;
}

/*
 * An operand's type for datetime arithmetic: its own, or DateTime for
 * func.now() / current_timestamp / localtimestamp, SQLAlchemy's DateTime
 * functions (their results keep no type here otherwise).
 */
static const OrmType *
q_arith_operand_type(const SxExpr *x)
{
	if (x->type)
		return x->type;
	if (x->kind == SX_FUNC && x->nargs == 0 && x->name &&
		(orm_strieq(x->name, "now") || orm_strieq(x->name, "current_timestamp") ||
		 orm_strieq(x->name, "localtimestamp")))
		return &q_t_datetime;
	return NULL;
}

/*
 * The type a plain value takes beside an expression other: other's
 * (SQLAlchemy's coerce_compared_value), except that a number meeting a Date /
 * DateTime / Time keeps its own (Integer: Date + Integer stays a Date), and
 * nothing is taken from a NullType operand.
 */
static const OrmType *
q_operand_type(const QVal *v, const SxExpr *other)
{
	const OrmType *t = other->type;

	if (other->sa_nulltype)
		return NULL;
	if (v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_NUMBER && t &&
		(t->kind == ORM_T_DATE || t->kind == ORM_T_DATETIME || t->kind == ORM_T_TIME))
		return NULL;
	return t;
}

QVal *
q_arith(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *node)
{
	SxExpr	   *l,
			   *r;
	SxOp		op;
	const OrmType *t,
			   *lt,
			   *rt;
	QVal	   *tv;
	bool		done;

	if ((tv = q_temporal_arith(e, pyop, a, b, node, &done)) != NULL || done)
		return tv;
	if (pyop == '/')
		return q_truediv(e, a, b, node);
	if ((pyop == '+' || pyop == '-') &&
		((b->kind == QV_LIT && b->lit_type && b->lit_type->kind == ORM_T_INTERVAL) ||
		 (a->kind == QV_LIT && a->lit_type && a->lit_type->kind == ORM_T_INTERVAL)))
	{
		/* created_at + timedelta(days=1): the interval keeps its own type */
		if (!(l = q_to_expr(e, a, NULL)) || !(r = q_to_expr(e, b, NULL)))
			return NULL;
	}
	else if (a->kind != QV_EXPR && b->kind == QV_EXPR)
	{
		if (!(r = q_to_expr(e, b, NULL)))
			return NULL;
		if (!(l = q_to_expr(e, a, q_operand_type(a, r))))	/* 1 + ship_date */
			return NULL;
	}
	else
	{
		if (!(l = q_to_expr(e, a, NULL)))
			return NULL;
		if (!(r = q_to_expr(e, b, q_operand_type(b, l))))	/* ship_date + 1 */
			return NULL;
	}
	/*
	 * A function SQLAlchemy types as NullType meets the other operand's type
	 * (NullType's comparator defers to it): func.instr(s, '@') + 1 is an
	 * Integer addition, func.lower(x) + '!' (a known String) concatenates.
	 */
	if (l->sa_nulltype || r->sa_nulltype)
		t = q_arith_type(pyop, l->sa_nulltype ? NULL : l->type, r->sa_nulltype ? NULL : r->type);
	else
		t = q_arith_type(pyop, l->type, r->type);
	lt = q_arith_operand_type(l);
	rt = q_arith_operand_type(r);
	if ((pyop == '+' || pyop == '-') && lt && rt &&
		((lt->kind == ORM_T_DATE && rt->kind == ORM_T_INTERVAL) ||
		 (lt->kind == ORM_T_INTERVAL && rt->kind == ORM_T_DATE)))
	{
		/* SQLAlchemy: Date +/- Interval is a DateTime (SQLite: text, below) */
		t = e->ctx->dialect->native_datetime ? &q_t_datetime : &q_t_sqlite_dt_text;
	}
	else if ((pyop == '+' || pyop == '-') && lt && rt &&
		((lt->kind == ORM_T_DATETIME && (rt->kind == ORM_T_DATETIME ||
										 rt->kind == ORM_T_INTERVAL)) ||
		 (lt->kind == ORM_T_INTERVAL && (rt->kind == ORM_T_DATETIME ||
										 rt->kind == ORM_T_INTERVAL))))
	{
		/*
		 * datetime - datetime is an Interval, datetime +/- interval a
		 * DateTime (SQLAlchemy's types).  SQLite stores both as text, and
		 * SQLAlchemy writes the same + / - there: SQLite adds the texts' leading
		 * numbers (2024 + 1970), which a comparison then sees as a number (a
		 * number sorts before any text).  Such an expression is kept, as
		 * SQLAlchemy runs it; selected as a result column it is refused
		 * (q_check_items), where SQLAlchemy cannot read the number back
		 * (TypeError: fromisoformat: argument must be str).
		 */
		bool		text_dt = !e->ctx->dialect->native_datetime;

		if (lt->kind == ORM_T_DATETIME && rt->kind == ORM_T_DATETIME)
		{
			if (pyop == '+')
				return Q_FAIL(e, ORM_ERR_QUERY, node, "unsupported operand types for +: datetimes");
			t = text_dt ? &q_t_sqlite_iv_text : &q_t_interval;
		}
		else if (lt->kind == ORM_T_INTERVAL && rt->kind == ORM_T_INTERVAL)
			t = text_dt ? &q_t_sqlite_iv_text : &q_t_interval;
		else if (text_dt)
			t = &q_t_sqlite_dt_text;
		else
			t = lt->kind == ORM_T_DATETIME ? lt : rt;
	}
	else if (pyop == '-' && l->type && r->type && l->type->kind == ORM_T_DATE &&
			 r->type->kind == ORM_T_DATE)
		t = &q_t_int;			/* SQLAlchemy: Date - Date is an Integer */
	else if ((pyop == '+' || pyop == '-') && l->type && r->type &&
			 ((l->type->kind == ORM_T_DATE && q_is_integer(r->type)) ||
			  (pyop == '+' && q_is_integer(l->type) && r->type->kind == ORM_T_DATE)))
	{
		/*
		 * SQLAlchemy: Date +/- Integer (and Integer + Date) is a Date.  SQLite
		 * adds the number to the text's leading number (2024 + 1), which a
		 * comparison sees as a number and a result column cannot be read
		 * back as a date (q_check_items), as datetime arithmetic above.
		 */
		t = e->ctx->dialect->native_datetime ? &q_t_date : &q_t_sqlite_date_text;
	}
	switch (pyop)
	{
		case '+':
			op = q_is_stringy(t) ? SXOP_CONCAT : SXOP_ADD;
			break;
		case '-':
			op = SXOP_SUB;
			break;
		case '*':
			op = SXOP_MUL;
			break;
		case PY_OP_FLOORDIV:
			op = SXOP_FLOORDIV;
			break;
		case '%':
			op = SXOP_MOD;
			break;
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, node, "unsupported operator");
	}
	return q_expr_val(e, q_binary(e, op, l, r, t), node);
}

/* ---- types for cast() ---------------------------------------------------- */

OrmType *
q_type_by_name(QEnv *e, const char *name)
{
	static const struct
	{
		const char *name;
		OrmTypeKind kind;
	}			types[] = {
		{"String", ORM_T_STRING}, {"VARCHAR", ORM_T_STRING}, {"Unicode", ORM_T_STRING},
		{"Text", ORM_T_TEXT}, {"TEXT", ORM_T_TEXT}, {"UnicodeText", ORM_T_TEXT},
		{"Integer", ORM_T_INTEGER}, {"INTEGER", ORM_T_INTEGER},
		{"BigInteger", ORM_T_BIGINT}, {"SmallInteger", ORM_T_SMALLINT},
		{"Float", ORM_T_FLOAT}, {"Double", ORM_T_FLOAT}, {"REAL", ORM_T_FLOAT},
		{"Numeric", ORM_T_NUMERIC}, {"DECIMAL", ORM_T_NUMERIC},
		{"Boolean", ORM_T_BOOLEAN}, {"DateTime", ORM_T_DATETIME},
		{"Date", ORM_T_DATE}, {"Time", ORM_T_TIME}, {"Interval", ORM_T_INTERVAL},
		{"LargeBinary", ORM_T_BINARY}, {"Uuid", ORM_T_UUID}, {"UUID", ORM_T_UUID},
		{"JSON", ORM_T_JSON}, {"JSONB", ORM_T_JSONB},
	};
	size_t		i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
	{
		if (strcmp(types[i].name, name) == 0)
		{
			OrmType    *t = ORM_NEW(e->a, OrmType);

			t->kind = types[i].kind;
			t->precision = -1;
			t->scale = -1;
			return t;
		}
	}
	return NULL;
}

/* String(50), Numeric(10, 2), DateTime(timezone=True) */
QVal *
q_type_call(QEnv *e, QVal *tv, const PyNode *call)
{
	OrmType    *t = ORM_NEW(e->a, OrmType);
	QVal	   *a0 = NULL,
			   *a1 = NULL;
	int			err = 0;

	*t = *tv->type;
	if (call->nitems > 0 && !(a0 = q_eval(e, call->items[0])))
		return NULL;
	if (call->nitems > 1 && !(a1 = q_eval(e, call->items[1])))
		return NULL;
	if ((a0 && !q_is_lit_kind(a0, JSON_NULL) &&
		 (!q_is_lit_kind(a0, JSON_NUMBER) || !a0->json->is_int || a0->json->ival < 0 ||
		  a0->json->ival > 1000000000)) ||
		(a1 && !q_is_lit_kind(a1, JSON_NULL) &&
		 (!q_is_lit_kind(a1, JSON_NUMBER) || !a1->json->is_int || a1->json->ival < -1000 ||
		  a1->json->ival > 1000)))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "a type's length, precision or scale is a small integer");
	if (a0 && a0->kind == QV_LIT && a0->json->is_int)
	{
		if (t->kind == ORM_T_NUMERIC || t->kind == ORM_T_FLOAT)
			t->precision = (int) a0->json->ival;
		else
			t->length = (int) a0->json->ival;
	}
	if (a1 && a1->kind == QV_LIT && a1->json->is_int)
		t->scale = (int) a1->json->ival;
	t->timezone = q_kw_true(e, call, "timezone", &err);
	if (err)
		return NULL;
	tv = q_new(e, QV_TYPE, call);
	tv->type = t;
	return tv;
}

/* ---- select-list items --------------------------------------------------- */

static const char *
q_expr_key(SxExpr *x)
{
	switch (x->kind)
	{
		case SX_COLUMN:
			return x->col->attr ? x->col->attr : x->col->name;
		case SX_FROMCOL:
			return x->anon ? NULL : x->name;
		case SX_RAW:
			return x->negated ? x->name : NULL;	/* literal_column("x"): "x" */
		case SX_LABEL:
		case SX_BUNDLE:
			return x->name;
		case SX_FUNC:
			return orm_strieq(x->name, "extract") || x->filter || x->has_over ||
				x->name[0] == ' ' ? NULL : x->name;	/* " array_index": compile-only names */
		case SX_CAST:
		case SX_TYPE_COERCE:
			return q_expr_key(x->left);
		case SX_UNARY:
			/* ~User.is_active keeps the column's name; -User.id has none */
			return x->op == SXOP_NOT && x->left->kind == SX_COLUMN ? q_expr_key(x->left) : NULL;
		default:
			return NULL;
	}
}

int
q_add_item(QEnv *e, SxSelect *s, QVal *v)
{
	SxExpr	   *x;
	int			i;

	switch (v->kind)
	{
		case QV_ENTITY:
			x = sx_entity(e->a, v->from);
			x->type = NULL;
			sx_select_add_item(e->a, s, x, q_entity_key(v->from));
			return 0;
		case QV_TABLE:
			for (i = 0; i < v->from->table->ncols; i++)
			{
				x = sx_column(e->a, v->from, v->from->table->cols[i]);
				x->core = v->core;
				sx_select_add_item(e->a, s, x, v->from->table->cols[i]->name);
			}
			return 0;
		case QV_SUBQ_C:
			if (v->from->kind == SXF_TABLE)
			{
				/* select(table.c): its columns */
				QVal		t = *v;

				t.kind = QV_TABLE;
				return q_add_item(e, s, &t);
			}
			/* FALLTHROUGH */
		case QV_SUBQ:
			{
				const char **names;
				const OrmType **types;
				int			n = q_subq_cols(e, v->from, &names, &types);

				for (i = 0; i < n; i++)
				{
					x = q_sx(e, SX_FROMCOL, types[i]);
					x->from = v->from;
					x->index = i;
					x->name = names[i];
					x->anon = q_subq_col_anon(e, v->from, i);
					sx_select_add_item(e->a, s, x, x->anon ? NULL : names[i]);
				}
				return 0;
			}
		case QV_LIST:
			for (i = 0; i < v->n; i++)
				if (q_add_item(e, s, v->items[i]) < 0)
					return -1;
			return 0;
		case QV_REL:
			q_fail(e, ORM_ERR_QUERY, v->node,
				   "a relationship cannot be selected; select its entity instead");
			return -1;
		default:
			if (!(x = q_to_expr(e, v, NULL)))
				return -1;
			if (x->kind == SX_TUPLE)
			{
				q_fail(e, ORM_ERR_QUERY, v->node,
					   "most backends don't support SELECTing from a tuple() object; "
					   "select its elements, or use Bundle");
				return -1;
			}
			sx_select_add_item(e->a, s, x, q_expr_key(x));
			return 0;
	}
}

/*
 * Bundle("user", User.name, User.fullname): columns selected together and
 * returned as one object keyed by their names (Row._fields of a Bundle:
 * a column's key, a label's name; an unnamed expression has none).
 */
QVal *
q_bundle(QEnv *e, const PyNode *call)
{
	QVal	   *nv = q_arg(e, call, 0, "Bundle"),
			   *v;
	SxExpr	   *b,
			   *x;

	if (!nv)
		return NULL;
	if (!q_str_arg(nv))
		return Q_FAIL(e, ORM_ERR_QUERY, nv->node, "Bundle() takes a name first");
	for (int i = 0; i < call->nkw; i++)
		if (!call->kwnames[i] || strcmp(call->kwnames[i], "single_entity") != 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "Bundle() got an unexpected keyword argument '%s'",
						  call->kwnames[i] ? call->kwnames[i] : "**");
		else
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->kwvalues[i],
						  "Bundle(single_entity=...) is not supported");
	if (call->nitems < 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "Bundle() needs at least one column");
	b = q_sx(e, SX_BUNDLE, NULL);
	b->name = q_str_arg(nv);
	b->nargs = call->nitems - 1;
	b->args = ORM_NEWN(e->a, SxExpr *, b->nargs);
	for (int i = 1; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (v->kind == QV_ENTITY || v->kind == QV_TABLE || v->kind == QV_SUBQ ||
			(v->kind == QV_EXPR && v->expr->kind == SX_BUNDLE))
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node,
						  "a Bundle of entities or bundles is not supported; give columns");
		if (!(x = q_to_expr(e, v, NULL)))
			return NULL;
		b->args[i - 1] = sx_label(e->a, x, q_expr_key(x) ? q_expr_key(x) : "");
		b->args[i - 1]->type = x->type;
	}
	return q_expr_val(e, b, call);
}

/*
 * with_parent(User(id=2), User.addresses [, from_entity=alias]): the
 * criterion of the related rows of one parent object, as SQLAlchemy's
 * with_parent() writes it (address.user_id = ?, the parent's key bound).
 * The parent is an object a session call returned (query_calls.c), or its
 * class called with the attributes the relationship joins on (User(id=2)),
 * or a JSON object from params.
 */
QVal *
q_with_parent(QEnv *e, const PyNode *call)
{
	const PyNode *on = call->nitems > 0 ? call->items[0] : NULL;
	QVal	   *pv = NULL,
			   *rv,
			   *fe = NULL;
	OrmRelationship *rel;
	SxFrom	   *target,
			   *sec = NULL;
	SxExpr	   *crit = NULL,
			   *extra;
	const JsonValue *obj = NULL;
	JsonValue  *built = NULL;

	if (call->nitems != 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "with_parent() takes an instance and a relationship");
	for (int i = 0; i < call->nkw; i++)
		if (!call->kwnames[i] || strcmp(call->kwnames[i], "from_entity") != 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
						  "with_parent() got an unexpected keyword argument '%s'",
						  call->kwnames[i] ? call->kwnames[i] : "**");
	if (q_kwarg(e, call, "from_entity", &fe) < 0)
		return NULL;
	if (!(rv = q_eval(e, call->items[1])))
		return NULL;
	if (rv->kind != QV_REL)
		return Q_FAIL(e, ORM_ERR_QUERY, rv->node, "with_parent() takes a relationship attribute");
	rel = rv->rel;
	if (on->kind == PY_CALL && on->nitems == 0)
	{
		/* User(id=2): the parent's attributes, by keyword */
		QVal	   *cv = q_eval(e, on->a);

		if (!cv)
			return NULL;
		if (cv->kind != QV_ENTITY || !cv->cls)
			return Q_FAIL(e, ORM_ERR_QUERY, on, "with_parent() takes an instance: Class(key=value)");
		if (cv->cls != rel->owner && !q_is_single_kind(cv->cls, rel->owner))
			return Q_FAIL(e, ORM_ERR_QUERY, on, "with_parent(): %s is not a %s", cv->cls->name,
						  rel->owner->name);
		built = json_new(e->a, JSON_OBJECT);
		for (int i = 0; i < on->nkw; i++)
		{
			QVal	   *v;
			JsonValue  *j;

			if (!on->kwnames[i])
				return Q_FAIL(e, ORM_ERR_QUERY, on, "** is not supported here");
			if (!(v = q_eval(e, on->kwvalues[i])) || !(j = q_value_json(e, v, 0)))
				return NULL;
			json_object_set(e->a, built, on->kwnames[i], j);
		}
		obj = built;
	}
	else
	{
		if (!(pv = q_eval(e, on)) || !(pv = q_call_value(e, pv, on)))
			return NULL;
		if (pv->kind == QV_OBJ && pv->cls != rel->owner && !orm_class_isa(pv->cls, rel->owner))
			return Q_FAIL(e, ORM_ERR_QUERY, on, "with_parent(): %s is not a %s", pv->cls->name,
						  rel->owner->name);
		if (pv->kind != QV_OBJ && (pv->kind != QV_LIT || pv->json->kind != JSON_OBJECT))
			return Q_FAIL(e, ORM_ERR_QUERY, on,
						  "with_parent() takes an instance: Class(key=value) or a params object");
		obj = pv->json;
	}
	if (fe && (fe->kind != QV_ENTITY || fe->cls != rel->target))
		return Q_FAIL(e, ORM_ERR_QUERY, fe->node, "from_entity= takes an aliased() %s",
					  rel->target->name);
	target = fe ? fe->from : rv->target ? rv->target :
		q_class_from(e, rel->target->table, rel->target);
	if (rel->npairs == 0 || rel->secondary_join)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "with_parent() of relationship %s.%s (a join without column pairs) is not supported",
					  rel->owner->name, rel->name);
	if (rel->dir == ORM_REL_MANYTOMANY)
	{
		sec = q_alias_from(e, rel->secondary, NULL, NULL);
		crit = sx_rel_condition(e->a, rel, NULL, sec, target);
	}
	/* the parent's side of each pair (its key, or its foreign key for a
	 * many-to-one) bound, against the target's (or secondary's) column */
	for (int k = 0; k < rel->npairs; k++)
	{
		OrmColumn  *pc = rel->local_cols[k];
		const char *key = pc->attr ? pc->attr : pc->name;
		const JsonValue *jv = json_get(obj, key);
		QVal		lit = {.kind = QV_LIT, .node = on};
		SxExpr	   *p,
				   *side;

		if (!jv)
			return Q_FAIL(e, ORM_ERR_PARAM, on, "with_parent(): the instance has no \"%s\"", key);
		lit.json = (JsonValue *) jv;
		if (!(p = jv->kind == JSON_NULL ? q_sx(e, SX_NULL, &q_t_null) : q_param(e, &lit, &pc->type)))
			return NULL;
		side = sx_column(e->a, rel->dir == ORM_REL_MANYTOMANY ? sec : target, rel->remote_cols[k]);
		crit = q_and2(e, crit, q_binary(e, jv->kind == JSON_NULL ? SXOP_IS : SXOP_EQ, side, p,
										&q_t_bool));
	}
	if (rel->extra_criteria)
	{
		/* the relationship's own criteria; those naming the parent class
		 * cannot be written without its row */
		if (q_rel_extra(e, rel, NULL, sec, target, &extra) < 0)
			return NULL;
		crit = sx_and(e->a, crit, extra);
	}
	return q_expr_val(e, crit, call);
}

/*
 * array([...]) (sqlalchemy.dialects.postgresql.array): an ARRAY value, its
 * item type the elements' (strings: VARCHAR, integers: INTEGER, ...).
 */
static SxExpr *q_array_param(QEnv *e, QVal *v, const PyNode *node);

QVal *
q_array_lit(QEnv *e, const PyNode *call)
{
	QVal	   *v = q_arg(e, call, 0, "array");
	SxExpr	   *x;

	if (!v)
		return NULL;
	if (call->nitems != 1 || call->nkw > 0 || v->kind != QV_LIST)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "array() takes one list of values");
	if (!(x = q_array_param(e, v, call)))
		return NULL;
	return q_expr_val(e, x, call);
}

/*
 * any_(x) / all_(x): x = ANY (array or subquery), PostgreSQL's.  The value is
 * an ARRAY (column, array([...]), a list: one ARRAY parameter) or a scalar
 * subquery (ANY (SELECT ...): each of its rows).  Its type is the array's
 * item type, else x's, as SQLAlchemy's CollectionAggregate.  SQLite has no
 * ANY / ALL (SQLAlchemy's statement fails there): refused.
 */
QVal *
q_any_all(QEnv *e, const PyNode *call, bool all)
{
	const char *fn = all ? "all_" : "any_";
	QVal	   *v;
	SxExpr	   *x,
			   *f;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes one argument", fn);
	if (!e->ctx->dialect->has_pg_operators)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "%s() is not supported on %s: it has no ANY / ALL (SQLAlchemy's "
					  "statement fails there too)", fn, e->ctx->dialect->name);
	if (!(v = q_eval(e, call->items[0])))
		return NULL;
	if (v->kind == QV_LIST)
		x = q_array_param(e, v, call->items[0]);
	else
		x = q_to_expr(e, v, NULL);
	if (!x)
		return NULL;
	f = q_sx(e, SX_FUNC, x->type && x->type->kind == ORM_T_ARRAY ? x->type->item : x->type);
	f->name = all ? "ALL" : "ANY";
	f->nargs = 1;
	f->args = ORM_NEWN(e->a, SxExpr *, 1);
	f->args[0] = x;
	return q_expr_val(e, f, call);
}

/* A list of values as one ARRAY parameter (psycopg2 adapts a list so). */
static SxExpr *
q_array_param(QEnv *e, QVal *v, const PyNode *node)
{
	QVal		lit = {.kind = QV_LIT, .node = node};
	OrmType    *t,
			   *it;
	JsonValue  *j;

	if (!(j = q_value_json(e, v, 0)))
		return NULL;
	it = ORM_NEW(e->a, OrmType);
	it->kind = ORM_T_STRING;
	it->precision = it->scale = -1;
	for (int i = 0; i < j->n; i++)
		if (j->items[i]->kind == JSON_NUMBER)
			it->kind = j->items[i]->is_int && it->kind != ORM_T_FLOAT ? ORM_T_INTEGER : ORM_T_FLOAT;
		else if (j->items[i]->kind == JSON_TRUE || j->items[i]->kind == JSON_FALSE)
			it->kind = ORM_T_BOOLEAN;
	t = ORM_NEW(e->a, OrmType);
	t->kind = ORM_T_ARRAY;
	t->precision = t->scale = -1;
	t->item = it;
	t->dimensions = 1;
	lit.json = j;
	return q_param(e, &lit, t);
}

/* ---- relationship any() / has() ------------------------------------------ */

/*
 * The criterion of any()/has().  On a self-referential relationship the
 * target is an alias, and SQLAlchemy adapts the criterion to it: the class
 * written in it (Employee.name) stands for the alias while it is evaluated.
 */
static SxExpr *
q_rel_criterion(QEnv *e, OrmRelationship *rel, SxFrom *target, const PyNode *n)
{
	SxFrom	   *plain = q_class_from(e, rel->target->table, rel->target);
	QVal	   *cv;
	int			i;

	for (i = 0; i < e->class_from.n; i++)
		if (e->class_from.items[i] == plain)
			e->class_from.items[i] = target;
	cv = q_eval(e, n);
	for (i = 0; i < e->class_from.n; i++)
		if (e->class_from.items[i] == target)
			e->class_from.items[i] = plain;
	return cv ? q_to_criterion(e, cv, "the criterion") : NULL;
}

/* Does class k's FROM hold a table of FROM f (both unaliased)? */
static bool
q_tables_overlap(QEnv *e, const SxFrom *f, OrmClass *k)
{
	SxFrom		probe = {.kind = SXF_TABLE, .table = k->table, .cls = k};
	SxPart	   *parts;
	int			n;

	if (!f || f->kind != SXF_TABLE || f->is_alias)
		return false;
	n = sx_from_parts(e->a, &probe, &parts);
	for (int i = 0; i < n; i++)
		if (sx_from_holds(f, parts[i].table))
			return true;
	return false;
}

static QVal *
q_rel_exists(QEnv *e, QVal *rv, const PyNode *call)
{
	OrmRelationship *rel = rv->rel;
	SxSelect   *s = sx_select_new(e->a);
	SxFrom	   *target,
			   *sec = NULL;
	SxExpr	   *x;
	QVal	   *cv;

	if (rv->target)
		target = rv->target;
	else if (rel->target == rel->owner || q_tables_overlap(e, rv->from, rel->target))
	{
		/* the target's tables are the parent's too (self-referential, or a
		 * subclass of the same table / superclass): an alias of it */
		target = q_alias_from(e, rel->target->table, rel->target, NULL);
		q_vec_copy(e->a, &target->poly, &rel->target->wp);
	}
	else
		target = q_class_from(e, rel->target->table, rel->target);
	s->line = call->line;
	s->col = call->col;
	sx_select_add_item(e->a, s, NULL, NULL);	/* SELECT 1 */
	if (rel->secondary_join)
	{
		/* EXISTS (SELECT 1 FROM (b_1 JOIN ...), d WHERE pj AND sj) */
		SxExpr	   *pj,
				   *sj;

		if (e->rel_composite(e->ctx, rel, rv->from, target, &sec, &pj, &sj) < 0)
			return NULL;
		orm_vec_push(e->a, &s->froms, sec);
		orm_vec_push(e->a, &s->froms, target);
		orm_vec_push(e->a, &s->correlate_except, sec);
		s->where = q_and2(e, pj, sj);
	}
	else if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
	{
		sec = sx_from_table(e->a, rel->secondary, NULL);
		orm_vec_push(e->a, &s->froms, sec);
		orm_vec_push(e->a, &s->froms, target);
		orm_vec_push(e->a, &s->correlate_except, sec);
	}
	/* SQLAlchemy's exists().correlate_except(target): the target stays in
	 * the subquery even when the enclosing statement selects it too */
	orm_vec_push(e->a, &s->correlate_except, target);
	/* a joined entity's tables are the subquery's FROM, joined (not only the
	 * tables its criteria name) */
	if (!sec && sx_from_multi(target))
		orm_vec_push(e->a, &s->froms, target);
	if (!rel->secondary_join)
	{
		s->where = sx_rel_condition(e->a, rel, rv->from, sec, target);
		if (q_rel_extra(e, rel, rv->from, sec, target, &x) < 0)
			return NULL;
		s->where = sx_and(e->a, s->where, x);
	}
	/* a single-table subclass target: its criterion before the user's, as SQLAlchemy */
	s->where = sx_and(e->a, s->where, orm_single_criterion(e->ctx, e->a, target, rel->target));
	if (rv->target && target->cls != rel->target)	/* of_type(subclass): its criterion too */
		s->where = sx_and(e->a, s->where, orm_single_criterion(e->ctx, e->a, target, target->cls));
	if (call->nitems > 0)
	{
		if (!(x = q_rel_criterion(e, rel, target, call->items[0])))
			return NULL;
		s->where = q_and2(e, s->where, x);
	}
	/* keyword criteria: any(title="x") */
	for (int i = 0; i < call->nkw; i++)
	{
		OrmColumn  *col = call->kwnames[i] ? orm_class_attr(rel->target, call->kwnames[i]) : NULL;

		if (!col)
			return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, call->kwvalues[i], call->kwnames[i],
							 rel->target->name, "unknown attribute \"%s\" on %s",
						  call->kwnames[i] ? call->kwnames[i] : "**", rel->target->name);
		if (!(cv = q_eval(e, call->kwvalues[i])))
			return NULL;
		if (!(cv = q_compare(e, SXOP_EQ, q_expr_val(e, sx_column(e->a, target, col), call),
							 cv, call)))
			return NULL;
		s->where = q_and2(e, s->where, cv->expr);
	}
	x = q_sx(e, SX_EXISTS, &q_t_bool);
	x->select = s;
	return q_expr_val(e, x, call);
}

/* ---- ORDER BY modifiers and cast() --------------------------------------- */

QVal *
q_order_of(QEnv *e, QVal *v, int dir, int nulls, const PyNode *node)
{
	SxExpr	   *x,
			   *o;

	if (q_str_arg(v))
	{
		/* desc("name"): resolved against the select list by order_by() */
		x = q_sx(e, SX_LABEL, NULL);
		x->name = q_str_arg(v);
		x->index = -3;
		x->line = node->line;
		x->column = node->col;
	}
	else if (v->kind == QV_LIT || v->kind == QV_LIST)
		/* SQLAlchemy: ArgumentError, a literal is no ORDER BY expression */
		return Q_FAIL(e, ORM_ERR_QUERY, node, "GROUP BY / OF / etc. expression expected, got %s",
					  v->kind == QV_LIST ? "a list" : v->node && v->node->src ?
					  orm_strndup(e->a, v->node->src, v->node->srclen) : "a literal");
	else if (!(x = q_to_expr(e, v, NULL)))
		return NULL;
	if (x->kind == SX_ORDER)
	{
		o = ORM_NEW(e->a, SxExpr);
		*o = *x;
	}
	else
	{
		o = sx_order(e->a, x, dir == 1);
		o->type = x->type;
		o->index = -1;
	}
	if (dir >= 0)
	{
		o->desc = dir == 1;
		o->index = 0;
	}
	if (nulls)
		o->nulls = nulls;
	return q_expr_val(e, o, node);
}

QVal *
q_cast_to(QEnv *e, QVal *v, QVal *tv, SxKind kind, const PyNode *call)
{
	SxExpr	   *x,
			   *operand;

	if (tv->kind != QV_TYPE)
		return Q_FAIL(e, ORM_ERR_QUERY, tv->node, "expected a type such as String");
	if (!(operand = q_to_expr(e, v, tv->type)))
		return NULL;
	x = q_sx(e, kind, tv->type);
	x->left = operand;
	x->cast_type = tv->type;
	return q_expr_val(e, x, call);
}

/* ---- func.<name>(...) ---------------------------------------------------- */

static bool
q_returns_arg_type(const char *name)
{
	static const char *const same[] = {"coalesce", "max", "min", "sum", "nullif", NULL};

	for (int i = 0; same[i]; i++)
		if (strcmp(same[i], name) == 0)
			return true;
	return false;
}

static const OrmType *
q_func_type(QEnv *e, const char *name, SxExpr **args, int n, bool *nulltype)
{
	static const char *const ints[] = {"count", "length", "char_length", "row_number",
	"rank", "dense_rank", "ntile", "extract", NULL};
	static const char *const strs[] = {"lower", "upper", "concat", "substr", "substring",
	"trim", "replace", "group_concat", "string_agg", "aggregate_strings", NULL};
	int			i;

	for (i = 0; ints[i]; i++)
		if (orm_strieq(ints[i], name))
			return &q_t_int;
	for (i = 0; strs[i]; i++)
		if (strcmp(strs[i], name) == 0)
			return &q_t_str;
	static const OrmType q_t_numeric = {.kind = ORM_T_NUMERIC, .precision = -1, .scale = -1};

	if (orm_strieq(name, "percent_rank") || orm_strieq(name, "cume_dist"))
		return &q_t_numeric;	/* SQLAlchemy's GenericFunctions typed Numeric: the
								 * engine's double read as a Decimal of 10 fraction
								 * digits (0.0588235294) */
	if (strcmp(name, "avg") == 0)
		return NULL;			/* not one of SQLAlchemy's GenericFunctions: NullType,
								 * so price - func.avg(price).over() is price's
								 * Numeric(10, 2) */
	if (strcmp(name, "date") == 0 || orm_strieq(name, "current_date"))
		return &q_t_date;		/* SQLAlchemy's func.current_date is a Date */
	if (orm_strieq(name, "array_agg") && n >= 1 && args[0] && q_type_known(args[0]->type) &&
		args[0]->type->kind != ORM_T_ARRAY)
	{
		/* SQLAlchemy's array_agg: ARRAY of its argument's type */
		OrmType    *t = ORM_NEW(e->a, OrmType);

		t->kind = ORM_T_ARRAY;
		t->precision = t->scale = -1;
		t->item = (OrmType *) args[0]->type;
		t->dimensions = 1;
		return t;
	}
	for (i = 0; i < n; i++)
		if (args[i] && q_type_known(args[i]->type))
		{
			/*
			 * SQLAlchemy types a function it does not know as NullType, and
			 * only coalesce / max / min / sum (ReturnTypeFromArgs) take their
			 * argument's type: func.json_array_length(Task.labels) == 0 binds
			 * 0 as a number, func.lower(Task.status) reads the stored name.
			 * Other types are kept (how their values read is the same).
			 */
			OrmTypeKind k = args[i]->type->kind;

			if ((k == ORM_T_JSON || k == ORM_T_JSONB || k == ORM_T_ENUM || k == ORM_T_ARRAY) &&
				!q_returns_arg_type(name))
				return NULL;

			/*
			 * Types whose stored form on SQLite is not how their values read
			 * (DateTime text with microseconds, a Uuid's 32 hex digits, a
			 * Boolean's 0/1, an Interval's epoch datetime): NullType reads the
			 * stored form, as SQLAlchemy's func.lag(Event.at) returns
			 * '2024-01-05 09:00:00.000000' there. PostgreSQL's values carry
			 * their own type, which the driver reads either way.
			 */
			if ((k == ORM_T_DATETIME || k == ORM_T_DATE || k == ORM_T_TIME ||
				 k == ORM_T_UUID || k == ORM_T_BOOLEAN || k == ORM_T_INTERVAL) &&
				!q_returns_arg_type(name) && !e->ctx->dialect->has_pg_operators)
				return NULL;
			*nulltype = !q_returns_arg_type(name);
			return args[i]->type;
		}
	return NULL;
}

QVal *
q_func_call(QEnv *e, const char *name, const PyNode *call)
{
	SxExpr	   *x = q_sx(e, SX_FUNC, NULL);
	QVal	   *v;
	int			i;

	x->name = name;
	x->nargs = call->nitems;
	x->args = ORM_NEWN(e->a, SxExpr *, call->nitems + 1);
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		/* a list argument is one ARRAY value on PostgreSQL, as psycopg2 binds
		 * a list (func.percentile_disc([0.25, 0.5])) */
		if (v->kind == QV_LIST && v->n > 0 && e->ctx->dialect->has_pg_operators)
			x->args[i] = q_array_param(e, v, call->items[i]);
		else
			x->args[i] = q_to_expr(e, v, NULL);
		if (!x->args[i])
			return NULL;
	}
	if (strcmp(name, "aggregate_strings") == 0 && call->nitems != 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "aggregate_strings() takes 2 arguments (the expression and the "
					  "separator) but %d were given", call->nitems);
	x->type = q_func_type(e, name, x->args, x->nargs, &x->sa_nulltype);
	if (x->nargs > 0 && x->args[0]->type && x->args[0]->type->kind == ORM_T_INTERVAL &&
		!e->ctx->dialect->native_datetime &&
		(strcmp(name, "sum") == 0 || strcmp(name, "avg") == 0 || strcmp(name, "total") == 0))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "func.%s() of an Interval is not supported on %s: it stores an interval as "
					  "a datetime, which SQL cannot add up (SQLAlchemy cannot read it back either)",
					  name, e->ctx->dialect->name);
	if (q_kwarg(e, call, "type_", &v) < 0)
		return NULL;
	if (v)
	{
		/* func.f(..., type_=Integer): the result's type */
		if (v->kind != QV_TYPE)
			return Q_FAIL(e, ORM_ERR_QUERY, v->node, "type_= takes a type such as Integer");
		x->type = v->type;
		x->sa_nulltype = false;
	}
	return q_expr_val(e, x, call);
}

static int
q_expr_list(QEnv *e, QVal *v, int *n, SxExpr ***out)
{
	OrmPtrVec	xs = {0};
	SxExpr	   *x;
	int			i;

	if (v->kind == QV_LIST)
	{
		for (i = 0; i < v->n; i++)
		{
			if (!(x = q_to_expr(e, v->items[i], NULL)))
				return -1;
			orm_vec_push(e->a, &xs, x);
		}
	}
	else
	{
		if (!(x = q_to_expr(e, v, NULL)))
			return -1;
		orm_vec_push(e->a, &xs, x);
	}
	*n = xs.n;
	*out = (SxExpr **) xs.items;
	return 0;
}

/*
 * over(rows=(start, end)) / over(range_=(start, end)): None is UNBOUNDED,
 * 0 CURRENT ROW, -n n PRECEDING, n n FOLLOWING (n bound, as SQLAlchemy
 * binds it).
 */
static int
q_over_frame(QEnv *e, SxExpr *x, const PyNode *call)
{
	QVal	   *rv,
			   *gv,
			   *v;

	if (q_kwarg(e, call, "rows", &rv) < 0 || q_kwarg(e, call, "range_", &gv) < 0)
		return -1;
	if (rv && gv)
	{
		Q_FAIL(e, ORM_ERR_QUERY, call, "over() takes rows= or range_=, not both");
		return -1;
	}
	if (!(v = rv ? rv : gv))
		return 0;
	if (v->kind != QV_LIST || v->n != 2)
	{
		Q_FAIL(e, ORM_ERR_QUERY, v->node, "%s= takes a (start, end) pair", rv ? "rows" : "range_");
		return -1;
	}
	x->frame = rv ? 'R' : 'G';
	for (int i = 0; i < 2; i++)
	{
		QVal	   *b = v->items[i];

		if (b->kind == QV_LIT && b->json->kind == JSON_NULL)
			x->frame_kind[i] = 0;
		else if (b->kind == QV_LIT && b->json->kind == JSON_NUMBER && b->json->is_int &&
				 !b->param_key)
		{
			int64_t		n = b->json->ival;

			if (n == 0)
				x->frame_kind[i] = 1;
			else
			{
				QVal	   *abs_v = q_lit(e, json_new_int(e->a, n < 0 ? -n : n), b->node);

				x->frame_kind[i] = n < 0 ? 2 : 3;
				if (!(x->frame_n[i] = q_to_expr(e, abs_v, &q_t_int)))
					return -1;
			}
		}
		else
		{
			Q_FAIL(e, ORM_ERR_QUERY, b->node, "a window frame bound is None or an integer");
			return -1;
		}
	}
	return 0;
}

/* f.over(partition_by=, order_by=) and over(f, ...) */
QVal *
q_func_over(QEnv *e, QVal *fv, const PyNode *call)
{
	SxExpr	   *x;
	QVal	   *pv,
			   *ov;

	if (fv->kind != QV_EXPR || fv->expr->kind != SX_FUNC)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "over() applies to a function");
	x = ORM_NEW(e->a, SxExpr);
	*x = *fv->expr;
	x->has_over = true;
	if (q_kwarg(e, call, "partition_by", &pv) < 0 || q_kwarg(e, call, "order_by", &ov) < 0)
		return NULL;
	if (pv && q_expr_list(e, pv, &x->npartition, &x->partition_by) < 0)
		return NULL;
	if (ov && q_expr_list(e, ov, &x->nover_order, &x->over_order) < 0)
		return NULL;
	if (q_over_frame(e, x, call) < 0)
		return NULL;
	return q_expr_val(e, x, call);
}

/* ---- methods on expressions ---------------------------------------------- */

static QVal *
q_like(QEnv *e, QVal *recv, SxOp op, const char *form, const PyNode *call)
{
	QVal	   *a = q_arg(e, call, 0, "like");
	SxExpr	   *l,
			   *r,
			   *x;
	char		esc;

	if (!a || !(l = q_to_expr(e, recv, NULL)))
		return NULL;
	if (l->type && l->type->kind == ORM_T_ENUM && l->type->enm && a->kind == QV_LIT &&
		!a->lit_type && a->json->kind == JSON_STRING)
	{
		/* SQLAlchemy binds the pattern through the Enum's lookup too (a str
		 * enum's value becomes its name; validate_strings refuses others) */
		const char *st = q_enum_bind_str(e, l->type, a->json->str, a->json->len, a->node);

		if (!st)
			return NULL;
		a = q_lit(e, json_new_string(e->a, st, strlen(st)), a->node);
	}
	if (q_like_escape(e, &a, form, call, &esc) < 0)
		return NULL;
	if (!(r = q_to_expr(e, a, q_is_stringy(l->type) ? l->type : &q_t_str)))
		return NULL;
	x = q_binary(e, op, l, r, &q_t_bool);
	x->name = form;
	x->like_escape = esc;
	return q_expr_val(e, x, call);
}

/*
 * col.regexp_match(pattern [, flags="i"]): PostgreSQL's ~ / ~* (!~ / !~*),
 * as SQLAlchemy writes them.  SQLite has no REGEXP of its own (SQLAlchemy's
 * pysqlite dialect installs Python's re as one): refused there, and flags
 * other than "i" (written into the pattern as (?flags)) are refused too.
 */
static QVal *
q_regexp_match(QEnv *e, QVal *recv, bool negated, const PyNode *call)
{
	QVal	   *a = q_arg(e, call, 0, "regexp_match"),
			   *fv = NULL;
	SxExpr	   *l,
			   *r,
			   *x;
	bool		icase = false;

	if (!a || q_kwarg(e, call, "flags", &fv) < 0)
		return NULL;
	if (call->nitems > 2)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "regexp_match() takes a pattern and flags");
	if (!fv && call->nitems == 2 && !(fv = q_eval(e, call->items[1])))
		return NULL;
	if (fv && !(fv->kind == QV_LIT && fv->json->kind == JSON_NULL))
	{
		if (fv->kind != QV_LIT || fv->json->kind != JSON_STRING ||
			(fv->json->len > 0 && !(fv->json->len == 1 && fv->json->str[0] == 'i')))
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, fv->node,
						  "regexp_match() flags other than \"i\" are not supported");
		icase = fv->json->len == 1;
	}
	if (!e->ctx->dialect->has_pg_operators)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "regexp_match() is not supported on %s (it has no regular expression "
					  "operator of its own)", e->ctx->dialect->name);
	if (!(l = q_to_expr(e, recv, NULL)) || !(r = q_to_expr(e, a, &q_t_str)))
		return NULL;
	x = q_binary(e, SXOP_CUSTOM, l, r, &q_t_bool);
	x->name = negated ? (icase ? "!~*" : "!~") : (icase ? "~*" : "~");
	return q_expr_val(e, x, call);
}

static QVal *
q_in(QEnv *e, QVal *recv, SxOp op, const PyNode *call)
{
	QVal	   *a = q_arg(e, call, 0, "in_");
	SxExpr	   *l,
			   *r;

	if (!a || !(l = q_to_expr(e, recv, NULL)))
		return NULL;
	if (a->kind == QV_SELECT)
	{
		SxSelect   *fs = a->sel;
		SxItem	   *it;

		while (fs->compound != SXC_NONE && fs->parts.n > 0)
			fs = fs->parts.items[0];
		it = fs->items.n == 1 ? fs->items.items[0] : NULL;
		if (l->kind != SX_TUPLE && (!it || !it->expr || it->expr->kind == SX_ENTITY))
			return Q_FAIL(e, ORM_ERR_QUERY, a->node, "in_() takes a select() of one column");
		r = q_scalar_subq(e, a->sel);
	}
	else if (a->kind == QV_LIST)
		/* the first value's kind decides, as SQLAlchemy's expanding parameter */
		r = l->kind == SX_TUPLE ? q_tuple_like(e, a, l) :
			q_tuple(e, a, a->n > 0 ? q_compared_type(l->type, a->items[0]) : l->type);
	else if (a->kind == QV_EXPR && a->expr->kind == SX_SCALAR_SUBQ)
		r = a->expr;			/* in_(select(...).scalar_subquery()) */
	else if (a->kind == QV_LIT && a->param_key && a->json->kind == JSON_NULL)
		return Q_FAIL(e, ORM_ERR_PARAM, a->node, "in_() takes a list, not null");
	else if (a->kind == QV_SUBQ)
	{
		SxSelect   *s = sx_select_new(e->a);
		QVal	   *sv = q_new(e, QV_SUBQ, call);

		sv->from = a->from;
		if (q_add_item(e, s, sv) < 0)
			return NULL;
		r = q_scalar_subq(e, s);
	}
	else
		return Q_FAIL(e, ORM_ERR_QUERY, a->node, "in_() takes a list or a select()");
	if (!r)
		return NULL;
	return q_expr_val(e, q_binary(e, op, l, r, &q_t_bool), call);
}

static QVal *
q_is(QEnv *e, QVal *recv, SxOp op, const PyNode *call)
{
	QVal	   *a = q_arg(e, call, 0, "is_");
	SxExpr	   *l,
			   *r;

	if (!a || !(l = q_to_expr(e, recv, NULL)))
		return NULL;
	if (q_is_lit_kind(a, JSON_NULL))
		r = q_sx(e, SX_NULL, &q_t_null);
	else if (q_is_lit_kind(a, JSON_TRUE) || q_is_lit_kind(a, JSON_FALSE))
		r = q_sx(e, a->json->kind == JSON_TRUE ? SX_TRUE : SX_FALSE, &q_t_bool);
	else if (!(r = q_to_expr(e, a, l->type)))
		return NULL;
	return q_expr_val(e, q_binary(e, op, l, r, &q_t_bool), call);
}

/* x.between(lo, hi) (base 0), or between(x, lo, hi) (base 1: recv is x) */
static QVal *
q_between_at(QEnv *e, QVal *recv, const PyNode *call, int base)
{
	QVal	   *lo = q_arg(e, call, base, "between"),
			   *hi;
	SxExpr	   *x;
	int			err = 0;

	if (!lo || !(hi = q_arg(e, call, base + 1, "between")))
		return NULL;
	x = q_sx(e, SX_BETWEEN, &q_t_bool);
	/* symmetric=True: BETWEEN SYMMETRIC, as SQLAlchemy writes it (PostgreSQL's;
	 * SQLite does not parse it, as it does not SQLAlchemy's statement) */
	x->symmetric = q_kw_true(e, call, "symmetric", &err);
	if (err)
		return NULL;
	if (!(x->left = q_to_expr(e, recv, NULL)) ||
		!(x->right = q_to_expr(e, lo, q_compared_type(x->left->type, lo))) ||
		!(x->third = q_to_expr(e, hi, q_compared_type(x->left->type, hi))))
		return NULL;
	return q_expr_val(e, x, call);
}

static QVal *
q_between(QEnv *e, QVal *recv, const PyNode *call)
{
	return q_between_at(e, recv, call, 0);
}

/* the between(x, lo, hi) function (query_builtins.c): x is its first argument */
QVal *
q_between_fn(QEnv *e, QVal *x, const PyNode *call)
{
	return q_between_at(e, x, call, 1);
}

QVal *
q_label(QEnv *e, QVal *recv, const PyNode *call)
{
	QVal	   *nv = q_arg(e, call, 0, "label");
	SxExpr	   *x,
			   *l;

	if (!nv)
		return NULL;
	if (!q_str_arg(nv))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "label() takes a name");
	if (!(x = q_to_expr(e, recv, NULL)))
		return NULL;
	l = sx_label(e->a, x, q_str_arg(nv));
	l->type = x->type;
	return q_expr_val(e, l, call);
}

QVal *
q_json_as(QEnv *e, QVal *recv, SxJsonAs as, const OrmType *t, const PyNode *call)
{
	SxExpr	   *x;

	if (recv->expr->kind != SX_JSON_ELEM)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "as_<type>() applies to a JSON element");
	x = ORM_NEW(e->a, SxExpr);
	*x = *recv->expr;
	x->json_as = as;
	x->type = t;
	return q_expr_val(e, x, call);
}

static QVal *
q_filter_func(QEnv *e, QVal *recv, const PyNode *call)
{
	QVal	   *cv = q_arg(e, call, 0, "filter");
	SxExpr	   *x,
			   *c;

	if (!cv || !(c = q_to_expr(e, cv, NULL)))
		return NULL;
	x = ORM_NEW(e->a, SxExpr);
	*x = *recv->expr;
	x->filter = q_and2(e, x->filter, c);
	return q_expr_val(e, x, call);
}

static QVal *
q_exists_where(QEnv *e, QVal *recv, const PyNode *call, const char *m)
{
	SxExpr	   *x = ORM_NEW(e->a, SxExpr);
	QVal	   *sv = q_sel_val(e, recv->expr->select, call);

	*x = *recv->expr;
	if (!(sv = q_call_method(e, sv, m, call)))
		return NULL;
	x->select = sv->sel;
	return q_expr_val(e, x, call);
}

/* x.collate("NOCASE"): the collation is an identifier, quoted by compile.c */
static QVal *
q_collate(QEnv *e, QVal *recv, const PyNode *call)
{
	QVal	   *a = q_arg(e, call, 0, "collate");
	SxExpr	   *x;

	if (!a)
		return NULL;
	if (!q_str_arg(a) || !*q_str_arg(a))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "collate() takes a collation name");
	x = q_sx(e, SX_BINARY, recv->expr->type);
	x->op = SXOP_COLLATE;
	x->left = recv->expr;
	x->name = q_str_arg(a);
	return q_expr_val(e, x, call);
}

/*
 * PostgreSQL's JSONB and ARRAY comparators: contains() @>, contained_by()
 * <@, has_key() ?, has_any() ?|, has_all() ?&, overlap() &&, and ARRAY's
 * any(x) / all(x) (x = ANY (col)).  SQLAlchemy has them on those types
 * only; on SQLite there are no such columns' operators.  NULL (no error)
 * when m is not one of them for recv's type.
 */
static QVal *
q_pg_comparator(QEnv *e, QVal *recv, const char *m, const PyNode *call, bool *handled)
{
	const OrmType *t = recv->expr->type;
	bool		jsonb = t && t->kind == ORM_T_JSONB,
				array = t && t->kind == ORM_T_ARRAY;
	const char *op = NULL;
	const OrmType *rt = t;
	QVal	   *a;
	SxExpr	   *r,
			   *x;

	*handled = false;
	if ((jsonb || array) && (strcmp(m, "contains") == 0))
		op = "@>";
	else if ((jsonb || array) && strcmp(m, "contained_by") == 0)
		op = "<@";
	else if (jsonb && strcmp(m, "has_key") == 0)
		op = "?", rt = &q_t_str;
	else if (jsonb && strcmp(m, "has_any") == 0)
		op = "?|";				/* a list binds as JSONB, as SQLAlchemy binds it */
	else if (jsonb && strcmp(m, "has_all") == 0)
		op = "?&";				/* (which PostgreSQL refuses): array([...]) is text[] */
	else if (array && strcmp(m, "overlap") == 0)
		op = "&&";
	else if (array && (strcmp(m, "any") == 0 || strcmp(m, "all") == 0))
		op = m;
	if (!op)
		return NULL;
	*handled = true;
	if (!e->ctx->dialect->has_pg_operators)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call, "%s() of a %s column is PostgreSQL's",
					  m, jsonb ? "JSONB" : "ARRAY");
	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes one argument", m);
	if (!(a = q_eval(e, call->items[0])))
		return NULL;
	if (op == m)
	{
		/* tags.any("y"): 'y' = ANY (tags) */
		SxExpr	   *f = q_sx(e, SX_FUNC, &q_t_bool);

		if (!(r = q_to_expr(e, a, t->item)))
			return NULL;
		f->name = m[1] == 'n' ? "ANY" : "ALL";
		f->nargs = 1;
		f->args = ORM_NEWN(e->a, SxExpr *, 1);
		f->args[0] = recv->expr;
		return q_expr_val(e, q_binary(e, SXOP_EQ, r, f, &q_t_bool), call);
	}
	if (!(r = q_to_expr(e, a, rt)))
		return NULL;
	x = q_binary(e, SXOP_CUSTOM, recv->expr, r, &q_t_bool);
	x->name = op;
	return q_expr_val(e, x, call);
}

/*
 * text(...).bindparams(k=v) (values of its :k placeholders) and
 * text(...).columns(User.id, ...) (a textual select: its rows read as those
 * columns).
 */
static QVal *
q_raw_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxExpr	   *x = recv->expr;

	if (strcmp(m, "bindparams") == 0)
	{
		SxExpr	   *c = ORM_NEW(e->a, SxExpr);

		*c = *x;
		c->args = ORM_NEWN(e->a, SxExpr *, x->nargs + 1);
		memcpy(c->args, x->args, sizeof(SxExpr *) * (size_t) x->nargs);
		for (int i = 0; i < call->nkw; i++)
		{
			QVal	   *v;
			SxExpr	   *pv;
			bool		found = false;

			if (!call->kwnames[i] || !(v = q_eval(e, call->kwvalues[i])) ||
				!(pv = q_to_expr(e, v, NULL)))
				return call->kwnames[i] ? NULL :
					Q_FAIL(e, ORM_ERR_QUERY, call, "bindparams() takes keyword arguments");
			/* the call's params win over bindparams(), as execute()'s do */
			for (int k = 0; k < c->nargs; k++)
				if (strcmp(c->args[k]->name, call->kwnames[i]) == 0)
				{
					if (!e->params || !json_get(e->params, call->kwnames[i]))
						c->args[k] = sx_label(e->a, pv, c->args[k]->name);
					found = true;
				}
			if (!found)			/* SQLAlchemy: ArgumentError */
				return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
							  "this text() construct doesn't define a bound parameter named '%s'",
							  call->kwnames[i]);
		}
		if (call->nitems > 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "bindparams() takes keyword arguments");
		return q_expr_val(e, c, call);
	}
	if (strcmp(m, "columns") == 0 && !x->negated)
	{
		SxSelect   *s = sx_select_new(e->a);
		QVal	   *v;

		s->raw = x;
		s->line = call->line;
		s->col = call->col;
		if (call->nkw > 0)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
						  "columns() takes column attributes here (name=Type is not supported)");
		if (call->nitems == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "columns() needs the statement's columns");
		for (int i = 0; i < call->nitems; i++)
		{
			if (!(v = q_eval(e, call->items[i])))
				return NULL;
			if (v->kind != QV_EXPR || (v->expr->kind != SX_COLUMN && v->expr->kind != SX_FROMCOL))
				return Q_FAIL(e, ORM_ERR_QUERY, v->node, "columns() takes column attributes");
			if (q_add_item(e, s, v) < 0)
				return NULL;
		}
		return q_sel_val(e, s, call);
	}
	return NULL;
}

/*
 * func.f(...).within_group(a, b.desc()): "f(...) WITHIN GROUP (ORDER BY a,
 * b DESC)", an ordered-set aggregate (PostgreSQL's percentile_cont, mode).
 * The compiler knows it by its name, which no func.<name> can spell; as
 * SQLAlchemy's WithinGroup it is no function: labeled anon_1.
 */
static QVal *
q_within_group(QEnv *e, QVal *recv, const PyNode *call)
{
	SxExpr	   *x = q_sx(e, SX_FUNC, recv->expr->type);
	QVal	   *v;

	if (call->nitems < 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "within_group() takes the ORDER BY expressions");
	if (recv->expr->name[0] == ' ' || recv->expr->has_over || recv->expr->filter)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "within_group() takes a function call");
	x->name = " within_group";
	x->nargs = call->nitems + 1;
	x->args = ORM_NEWN(e->a, SxExpr *, call->nitems + 1);
	x->args[0] = recv->expr;
	for (int i = 0; i < call->nitems; i++)
	{
		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "*arguments are not supported here");
		if (!(v = q_eval(e, call->items[i])) || !(x->args[i + 1] = q_to_expr(e, v, NULL)))
			return NULL;
	}
	return q_expr_val(e, x, call);
}

/* A string argument of a table-valued function's call (name=, a column name). */
static const char *
q_tvf_name(QEnv *e, QVal *v, const char *what)
{
	const char *s = v ? q_str_arg(v) : NULL;

	if (v && (!s || !s[0]))
	{
		Q_FAIL(e, ORM_ERR_QUERY, v->node, "%s takes a name (a string)", what);
		return NULL;
	}
	return s;
}

/*
 * func.f(...).table_valued("a", "b", name=, with_ordinality=) -- a FROM
 * item "f(...) AS anon_1" whose .c has those columns (untyped, as
 * SQLAlchemy's are unless given as column() objects) -- and
 * func.f(...).column_valued([name]): "SELECT x FROM f(...) AS x", the
 * alias read as the one column (sql/sqlexpr.h, SxFrom.tvf).
 */
static QVal *
q_table_valued(QEnv *e, QVal *recv, const PyNode *call, bool column)
{
	SxFrom	   *f = sx_from_table(e->a, NULL, NULL);	/* for a fresh id */
	QVal	   *nv = NULL,
			   *ov = NULL,
			   *v;
	const char *fn = column ? "column_valued()" : "table_valued()";

	if (recv->expr->name[0] == ' ' || recv->expr->has_over || recv->expr->filter)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s takes a function call", fn);
	f->kind = SXF_SUBQUERY;
	f->tvf = recv->expr;
	f->select = sx_select_new(e->a);
	if (q_kwarg(e, call, "name", &nv) < 0)
		return NULL;
	if (nv && !(f->name = q_tvf_name(e, nv, orm_sprintf(e->a, "%s name=", fn))))
		return NULL;
	if (column)
	{
		SxExpr	   *x;

		if (call->nitems > 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[1], "column_valued() takes one name");
		if (call->nitems == 1 && (!(nv = q_eval(e, call->items[0])) ||
								  !(f->name = q_tvf_name(e, nv, fn))))
			return NULL;
		if (!e->ctx->dialect->has_pg_operators)	/* SQLAlchemy's statement fails there too */
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
						  "column_valued() is not supported on %s: it cannot read a function's "
						  "alias as a column (no such column)", e->ctx->dialect->name);
		f->column_valued = true;
		sx_select_add_item(e->a, f->select, q_sx(e, SX_NULL, recv->expr->type), "anon_1");
		x = q_sx(e, SX_FROMCOL, recv->expr->type);
		x->from = f;
		x->index = 0;
		x->name = f->name ? f->name : "anon_1";
		return q_expr_val(e, x, call);
	}
	for (int i = 0; i < call->nitems; i++)
	{
		const char *cn;

		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "*arguments are not supported here");
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (!q_str_arg(v))
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node,
						  "table_valued() takes column names as strings here (column() objects "
						  "are not supported)");
		if (!(cn = q_tvf_name(e, v, fn)))
			return NULL;
		sx_select_add_item(e->a, f->select, q_sx(e, SX_NULL, NULL), cn);
	}
	if (q_kwarg(e, call, "with_ordinality", &ov) < 0)
		return NULL;
	if (ov && !(f->ordinality = q_tvf_name(e, ov, "table_valued() with_ordinality=")))
		return NULL;
	if (f->ordinality)
		sx_select_add_item(e->a, f->select, q_sx(e, SX_NULL, &q_t_int), f->ordinality);
	v = q_new(e, QV_SUBQ, call);
	v->from = f;
	return v;
}

/* tvf.render_derived(name=, with_types=) / tvf.alias(name): a copy of it */
QVal *
q_tvf_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxFrom	   *f = sx_from_table(e->a, NULL, NULL);
	QVal	   *nv = NULL,
			   *v;
	int			id = f->id,
				err = 0;

	*f = *recv->from;
	f->id = id;
	if (strcmp(m, "render_derived") == 0)
	{
		if (q_kw_true(e, call, "with_types", &err) || err)
			return err ? NULL : Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
									   "render_derived(with_types=True) is not supported");
		f->tvf_derived = true;
		if (q_kwarg(e, call, "name", &nv) < 0)
			return NULL;
	}
	else if (strcmp(m, "alias") == 0 || strcmp(m, "lateral") == 0)
	{
		if (call->nitems > 0 && !(nv = q_eval(e, call->items[0])))
			return NULL;
		if (!nv && q_kwarg(e, call, "name", &nv) < 0)
			return NULL;
		f->lateral = f->lateral || m[0] == 'l';
	}
	else
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL,
						 "unknown table-valued function method \"%s\"", m);
	if (nv && !(f->name = q_tvf_name(e, nv, orm_sprintf(e->a, "%s() name", m))))
		return NULL;
	v = q_new(e, QV_SUBQ, call);
	v->from = f;
	return v;
}

QVal *
q_expr_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxExpr	   *x = recv->expr;
	QVal	   *a;
	SxExpr	   *d,
			   *r;
	bool		handled;

	if ((a = q_pg_comparator(e, recv, m, call, &handled)) != NULL || handled)
		return a;
	if (x->kind == SX_RAW && (strcmp(m, "bindparams") == 0 || strcmp(m, "columns") == 0))
		return q_raw_method(e, recv, m, call);

	if (strcmp(m, "like") == 0)
		return q_like(e, recv, SXOP_LIKE, NULL, call);
	if (strcmp(m, "ilike") == 0)
		return q_like(e, recv, SXOP_ILIKE, NULL, call);
	if (strcmp(m, "not_like") == 0 || strcmp(m, "notlike") == 0)
		return q_like(e, recv, SXOP_NOT_LIKE, NULL, call);
	if (strcmp(m, "not_ilike") == 0 || strcmp(m, "notilike") == 0)
		return q_like(e, recv, SXOP_NOT_ILIKE, NULL, call);
	if (strcmp(m, "startswith") == 0 || strcmp(m, "endswith") == 0 ||
		strcmp(m, "contains") == 0)
		return q_like(e, recv, SXOP_LIKE, m, call);
	if (strcmp(m, "istartswith") == 0 || strcmp(m, "iendswith") == 0 ||
		strcmp(m, "icontains") == 0)
		return q_like(e, recv, SXOP_ILIKE, m + 1, call);
	if (strcmp(m, "regexp_match") == 0 || strcmp(m, "not_regexp_match") == 0)
		return q_regexp_match(e, recv, m[0] == 'n', call);
	if (strcmp(m, "collate") == 0)
		return q_collate(e, recv, call);
	if (strcmp(m, "in_") == 0)
		return q_in(e, recv, SXOP_IN, call);
	if (strcmp(m, "not_in") == 0 || strcmp(m, "notin_") == 0)
		return q_in(e, recv, SXOP_NOT_IN, call);
	if (strcmp(m, "is_") == 0)
		return q_is(e, recv, SXOP_IS, call);
	if (strcmp(m, "is_not") == 0 || strcmp(m, "isnot") == 0)
		return q_is(e, recv, SXOP_IS_NOT, call);
	if (strcmp(m, "is_distinct_from") == 0)
		return q_is(e, recv, SXOP_IS_DISTINCT, call);
	if (strcmp(m, "is_not_distinct_from") == 0 || strcmp(m, "isnot_distinct_from") == 0)
		return q_is(e, recv, SXOP_IS_NOT_DISTINCT, call);
	if (strcmp(m, "between") == 0)
		return q_between(e, recv, call);
	if (strcmp(m, "desc") == 0)
		return q_order_of(e, recv, 1, 0, call);
	if (strcmp(m, "asc") == 0)
		return q_order_of(e, recv, 0, 0, call);
	if (strcmp(m, "nulls_first") == 0 || strcmp(m, "nullsfirst") == 0)
		return q_order_of(e, recv, -1, 1, call);
	if (strcmp(m, "nulls_last") == 0 || strcmp(m, "nullslast") == 0)
		return q_order_of(e, recv, -1, 2, call);
	if (strcmp(m, "label") == 0)
		return q_label(e, recv, call);
	if (strcmp(m, "distinct") == 0)
	{
		d = q_sx(e, SX_DISTINCT, x->type);
		d->left = x;
		return q_expr_val(e, d, call);
	}
	if (strcmp(m, "cast") == 0)
	{
		if (!(a = q_arg(e, call, 0, "cast")))
			return NULL;
		return q_cast_to(e, recv, a, SX_CAST, call);
	}
	if (strcmp(m, "concat") == 0)
	{
		if (!(a = q_arg(e, call, 0, "concat")) || !(r = q_to_expr(e, a, &q_t_str)))
			return NULL;
		return q_expr_val(e, q_binary(e, SXOP_CONCAT, x, r, x->type), call);
	}
	if (strcmp(m, "as_string") == 0)
		return q_json_as(e, recv, SXJ_STRING, &q_t_str, call);
	if (strcmp(m, "as_json") == 0)	/* the element, still JSON */
		return q_json_as(e, recv, SXJ_JSON, recv->expr->type, call);
	if (strcmp(m, "as_integer") == 0)
		return q_json_as(e, recv, SXJ_INTEGER, &q_t_int, call);
	if (strcmp(m, "as_float") == 0)
		return q_json_as(e, recv, SXJ_FLOAT, &q_t_float, call);
	if (strcmp(m, "as_boolean") == 0)
		return q_json_as(e, recv, SXJ_BOOLEAN, &q_t_bool, call);
	if (strcmp(m, "as_numeric") == 0)
	{
		static const OrmType num = {.kind = ORM_T_NUMERIC, .precision = -1, .scale = -1};
		OrmType    *t = ORM_NEW(e->a, OrmType);
		QVal	   *p,
				   *s;

		*t = num;
		if (call->nitems != 0 && call->nitems != 2)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "as_numeric() takes precision and scale");
		if (call->nitems == 2)
		{
			if (!(p = q_eval(e, call->items[0])) || !(s = q_eval(e, call->items[1])))
				return NULL;
			if (!q_is_lit_kind(p, JSON_NUMBER) || !p->json->is_int || p->json->ival < 1 ||
				p->json->ival > 1000 || !q_is_lit_kind(s, JSON_NUMBER) || !s->json->is_int ||
				s->json->ival < 0 || s->json->ival > p->json->ival)
				return Q_FAIL(e, ORM_ERR_QUERY, call,
							  "as_numeric() takes an integer precision and scale");
			t->precision = (int) p->json->ival;
			t->scale = (int) s->json->ival;
		}
		return q_json_as(e, recv, SXJ_NUMERIC, t, call);
	}
	if (x->kind == SX_FUNC && (strcmp(m, "table_valued") == 0 || strcmp(m, "column_valued") == 0))
		return q_table_valued(e, recv, call, m[0] == 'c');
	if (x->kind == SX_FUNC && strcmp(m, "within_group") == 0)
		return q_within_group(e, recv, call);
	if (x->kind == SX_FUNC && strcmp(m, "over") == 0)
		return q_func_over(e, recv, call);
	if (x->kind == SX_FUNC && strcmp(m, "filter") == 0)
		return q_filter_func(e, recv, call);
	if (x->kind == SX_EXISTS && (strcmp(m, "where") == 0 || strcmp(m, "filter") == 0 ||
								 strcmp(m, "select_from") == 0 || strcmp(m, "correlate") == 0 ||
								 strcmp(m, "correlate_except") == 0))
		return q_exists_where(e, recv, call, m);
	if (x->kind == SX_SCALAR_SUBQ && strcmp(m, "label") == 0)
		return q_label(e, recv, call);
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown method \"%s\"", m);
}

/* ---- where() arguments; methods on relationships ------------------------- */

/* The arguments of where() / having(): each an expression, AND-ed onto *acc;
 * *conds spreads a list or tuple of them (where(*filters)). */
int
q_and_args(QEnv *e, const PyNode *call, SxExpr **acc)
{
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		const PyNode *an = call->items[i];

		if (an->kind == PY_STARRED)
		{
			if (!(v = q_eval(e, an->a)))
				return -1;
			if (v->kind != QV_LIST)
			{
				Q_FAIL(e, ORM_ERR_QUERY, an, "*arguments must be a list or tuple");
				return -1;
			}
			for (int k = 0; k < v->n; k++)
			{
				if (!(x = q_to_criterion(e, v->items[k], "WHERE / HAVING")))
					return -1;
				*acc = q_and2(e, *acc, x);
			}
			continue;
		}
		if (!(v = q_eval(e, an)) || !(x = q_to_criterion(e, v, "WHERE / HAVING")))
			return -1;
		*acc = q_and2(e, *acc, x);
	}
	return 0;
}

/*
 * User.posts.and_(Post.views > 50): a relationship carrying extra criteria
 * for a loader option (the criteria name the target class, or the of_type()
 * alias).
 */
static QVal *
q_rel_and(QEnv *e, QVal *recv, const PyNode *call)
{
	QVal	   *v = q_new(e, QV_REL, call);
	SxExpr	   *crit = recv->expr;

	*v = *recv;
	v->node = call;
	v->from_crit = recv->target ? recv->target :
		q_class_from(e, recv->rel->target->table, recv->rel->target);
	if (call->nitems == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "and_() needs criteria");
	if (q_and_args(e, call, &crit) < 0)
		return NULL;
	v->expr = crit;
	return v;
}

/*
 * A relationship compared to None: a many-to-one tests its foreign key
 * columns (IS NULL / IS NOT NULL), any other relationship [NOT] EXISTS of
 * its target, as SQLAlchemy writes them.
 */
static QVal *
q_rel_null(QEnv *e, QVal *rv, bool is_not, const PyNode *node)
{
	OrmRelationship *rel = rv->rel;
	SxExpr	   *x = NULL,
			   *n;
	PyNode	   *bare;
	QVal	   *ex;

	if (rel->dir == ORM_REL_MANYTOONE)
	{
		for (int i = 0; i < rel->npairs; i++)
			x = q_and2(e, x, q_binary(e, is_not ? SXOP_IS_NOT : SXOP_IS,
									  sx_column(e->a, rv->from, rel->local_cols[i]),
									  q_sx(e, SX_NULL, &q_t_null), &q_t_bool));
		return q_expr_val(e, x, node);
	}
	bare = ORM_NEW(e->a, PyNode);
	*bare = *node;
	bare->nitems = 0;
	bare->nkw = 0;
	if (!(ex = q_rel_exists(e, rv, bare)) || is_not)
		return ex;
	n = q_sx(e, SX_UNARY, &q_t_bool);
	n->op = SXOP_NOT;
	n->left = ex->expr;
	return q_expr_val(e, n, node);
}

/*
 * Post.author == obj (!=): a many-to-one compared with an object, as
 * SQLAlchemy writes it -- its foreign key columns equal to the object's
 * key bound (posts.author_id = ?; != is "!= ? OR IS NULL").  A collection
 * compared with an object is SQLAlchemy's InvalidRequestError.
 */
static QVal *
q_rel_obj(QEnv *e, QVal *rv, QVal *obj, bool is_not, const PyNode *node)
{
	OrmRelationship *rel = rv->rel;
	SxExpr	   *x = NULL;

	if (rel->uselist)
		return Q_FAIL(e, ORM_ERR_QUERY, node, "Can't compare a collection to an object or "
					  "collection; use contains() to test for membership.");
	if (rel->dir != ORM_REL_MANYTOONE || rel->npairs == 0 || rel->secondary_join)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
					  "comparing %s.%s with an object is supported for a many-to-one only: "
					  "write with_parent()", rel->owner->name, rel->name);
	if (obj->cls != rel->target && !orm_class_isa(obj->cls, rel->target))
		return Q_FAIL(e, ORM_ERR_QUERY, node, "%s.%s is compared with a %s, not a %s",
					  rel->owner->name, rel->name, obj->cls->name, rel->target->name);
	for (int i = 0; i < rel->npairs; i++)
	{
		const OrmColumn *rc = rel->remote_cols[i];
		const JsonValue *j = json_get(obj->json, rc->attr ? rc->attr : rc->name);
		SxExpr	   *col = sx_column(e->a, rv->from, rel->local_cols[i]),
				   *p,
				   *c;

		if (!j)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node, "%s.%s is not loaded on the %s object",
						  rel->target->name, rc->attr ? rc->attr : rc->name, obj->cls->name);
		if (j->kind == JSON_NULL)
			c = q_binary(e, is_not ? SXOP_IS_NOT : SXOP_IS, col, q_sx(e, SX_NULL, &q_t_null),
						 &q_t_bool);
		else
		{
			if (!(p = q_param(e, q_lit_from_json(e, j, node), &rel->local_cols[i]->type)))
				return NULL;
			c = q_binary(e, is_not ? SXOP_NE : SXOP_EQ, col, p, &q_t_bool);
			if (is_not)
			{
				SxExpr	   *two[2] = {c, q_binary(e, SXOP_IS, col, q_sx(e, SX_NULL, &q_t_null),
												 &q_t_bool)};

				c = q_boollist(e, SXOP_OR, 2, two);
			}
		}
		x = q_and2(e, x, c);
	}
	return q_expr_val(e, x, node);
}

QVal *
q_rel_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	if (strcmp(m, "is_") == 0 || strcmp(m, "is_not") == 0 || strcmp(m, "isnot") == 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "%s() is not implemented for a relationship; compare it with == None", m);
	if (strcmp(m, "any") == 0 || strcmp(m, "has") == 0)
	{
		bool		coll = recv->rel->uselist;

		if (coll != (m[0] == 'a'))
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() applies to %s relationships; use %s()",
						  m, coll ? "scalar" : "collection", coll ? "any" : "has");
		return q_rel_exists(e, recv, call);
	}
	if (strcmp(m, "of_type") == 0)
	{
		QVal	   *t = q_arg(e, call, 0, "of_type"),
				   *v;

		if (!t)
			return NULL;
		/* the class or a subclass, aliased() or with_polymorphic(); or the
		 * target class mapped onto a subquery (aliased(Address, subq)) */
		if (t->kind != QV_ENTITY || !t->cls || !orm_class_isa(t->cls, recv->rel->target) ||
			(t->from->kind != SXF_TABLE &&
			 !(t->from->kind == SXF_SUBQUERY && q_is_single_kind(t->cls, recv->rel->target))))
			return Q_FAIL(e, ORM_ERR_QUERY, t->node,
						  "of_type() takes %s or a subclass (the class, aliased() or with_polymorphic())",
						  recv->rel->target->name);
		v = q_new(e, QV_REL, call);
		*v = *recv;
		v->node = call;
		v->target = t->from;
		return v;
	}
	if (strcmp(m, "and_") == 0)
		return q_rel_and(e, recv, call);
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown relationship method \"%s\"", m);
}
