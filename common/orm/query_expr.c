/*
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/loader.h"
#include "orm/query_int.h"
#include "lang/pyast.h"
#include "base/json.h"
#include "sql/values.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- values -------------------------------------------------------------- */
#define Q_MAX_FLAT		10000	/* items of one flattened and_() / or_() */
static SxExpr *q_to_expr(QEnv *e, QVal *v, const OrmType *hint);

/* ---- conversion to SQL expressions --------------------------------------- */

static SxExpr *
q_scalar_subq(QEnv *e, SxSelect *s)
{
	SxExpr	   *x = q_sx(e, SX_SCALAR_SUBQ, NULL);

	x->select = s;
	if (s->items.n == 1 && ((SxItem *) s->items.items[0])->expr)
		x->type = ((SxItem *) s->items.items[0])->expr->type;
	return x;
}

static SxExpr *
q_tuple(QEnv *e, QVal *v, const OrmType *hint)
{
	SxExpr	  **items = ORM_NEWN(e->a, SxExpr *, v->n ? v->n : 1);
	int			i;

	for (i = 0; i < v->n; i++)
		if (!(items[i] = q_to_expr(e, v->items[i], hint)))
			return NULL;
	return sx_tuple(e->a, v->n, items);
}

static SxExpr *
q_to_expr(QEnv *e, QVal *v, const OrmType *hint)
{
	switch (v->kind)
	{
		case QV_EXPR:
			return v->expr;
		case QV_LIT:
			if (v->json->kind == JSON_NULL)
				return q_sx(e, SX_NULL, &q_t_null);
			return q_param(e, v, hint);
		case QV_LIST:
			return q_tuple(e, v, hint);
		case QV_ENUM:
			return q_enum_param(e, v, hint);
		case QV_SELECT:
			return q_scalar_subq(e, v->sel);
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
static SxExpr *
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

static SxExpr *
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

static SxExpr *
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
static SxExpr *
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

static SxExpr *
q_binary(QEnv *e, SxOp op, SxExpr *l, SxExpr *r, const OrmType *t)
{
	SxExpr	   *x = sx_binary(e->a, op, l, r);

	x->type = t;
	return x;
}

/* a <op> b with literal coercion to the other side's type. */
static QVal *q_rel_null(QEnv *e, QVal *rv, bool is_not, const PyNode *node);

static QVal *
q_compare(QEnv *e, SxOp op, QVal *a, QVal *b, const PyNode *node)
{
	SxExpr	   *l,
			   *r;
	const OrmType *lt;

	/* User.department == None, Department.users != None */
	if ((op == SXOP_EQ || op == SXOP_NE) && (a->kind == QV_REL || b->kind == QV_REL) &&
		(q_is_lit_kind(a, JSON_NULL) || q_is_lit_kind(b, JSON_NULL)))
		return q_rel_null(e, a->kind == QV_REL ? a : b, op == SXOP_NE, node);

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
	else if (!(r = q_to_expr(e, b, lt)))
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
		lt = r->type && r->type->kind == ORM_T_FLOAT ? &q_t_float : &numeric;
	return q_expr_val(e, q_binary(e, SXOP_DIV, l, c, lt), node);
}

static QVal *
q_arith(QEnv *e, int pyop, QVal *a, QVal *b, const PyNode *node)
{
	SxExpr	   *l,
			   *r;
	SxOp		op;
	const OrmType *t;
	QVal	   *tv;
	bool		done;

	if ((tv = q_temporal_arith(e, pyop, a, b, node, &done)) != NULL || done)
		return tv;
	if (pyop == '/')
		return q_truediv(e, a, b, node);
	if (a->kind != QV_EXPR && b->kind == QV_EXPR)
	{
		if (!(r = q_to_expr(e, b, NULL)) || !(l = q_to_expr(e, a, r->type)))
			return NULL;
	}
	else if (!(l = q_to_expr(e, a, NULL)) || !(r = q_to_expr(e, b, l->type)))
		return NULL;
	t = q_type_known(l->type) ? l->type : r->type;
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

static OrmType *
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
static QVal *
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

/* ---- select() and its items ---------------------------------------------- */

static const char *
q_expr_key(SxExpr *x)
{
	switch (x->kind)
	{
		case SX_COLUMN:
			return x->col->attr ? x->col->attr : x->col->name;
		case SX_LABEL:
		case SX_FROMCOL:
			return x->name;
		case SX_FUNC:
			return orm_strieq(x->name, "extract") || x->filter || x->has_over ? NULL : x->name;
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

static int
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
				sx_select_add_item(e->a, s, sx_column(e->a, v->from, v->from->table->cols[i]),
								   v->from->table->cols[i]->name);
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
					sx_select_add_item(e->a, s, x, names[i]);
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
			sx_select_add_item(e->a, s, x, q_expr_key(x));
			return 0;
	}
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
	else if (rel->target == rel->owner)
		target = q_alias_from(e, rel->target->table, rel->target, NULL);
	else
		target = q_class_from(e, rel->target->table, rel->target);
	s->line = call->line;
	s->col = call->col;
	sx_select_add_item(e->a, s, NULL, NULL);	/* SELECT 1 */
	if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
	{
		sec = sx_from_table(e->a, rel->secondary, NULL);
		orm_vec_push(e->a, &s->froms, sec);
		orm_vec_push(e->a, &s->froms, target);
		orm_vec_push(e->a, &s->correlate_except, sec);
	}
	/* SQLAlchemy's exists().correlate_except(target): the target stays in
	 * the subquery even when the enclosing statement selects it too */
	orm_vec_push(e->a, &s->correlate_except, target);
	s->where = sx_rel_condition(e->a, rel, rv->from, sec, target);
	if (orm_rel_extra_criteria(e->ctx, rel, rv->from, sec, target, &x) < 0)
		return NULL;
	s->where = sx_and(e->a, s->where, x);
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
			return Q_FAIL(e, ORM_ERR_NAME, call->kwvalues[i], "unknown attribute \"%s\" on %s",
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

/* ---- builtins ------------------------------------------------------------ */

static QVal *
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

static QVal *
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

static const OrmType *
q_func_type(const char *name, SxExpr **args, int n)
{
	static const char *const ints[] = {"count", "length", "char_length", "row_number",
	"rank", "dense_rank", "ntile", "extract", NULL};
	static const char *const strs[] = {"lower", "upper", "concat", "substr", "substring",
	"trim", "replace", "group_concat", "string_agg", NULL};
	int			i;

	for (i = 0; ints[i]; i++)
		if (orm_strieq(ints[i], name))
			return &q_t_int;
	for (i = 0; strs[i]; i++)
		if (strcmp(strs[i], name) == 0)
			return &q_t_str;
	if (strcmp(name, "avg") == 0)
		return &q_t_float;
	if (strcmp(name, "date") == 0)
		return &q_t_date;
	for (i = 0; i < n; i++)
		if (args[i] && q_type_known(args[i]->type))
			return args[i]->type;
	return NULL;
}

static QVal *
q_func_call(QEnv *e, const char *name, const PyNode *call)
{
	SxExpr	   *x = q_sx(e, SX_FUNC, NULL);
	QVal	   *v;
	int			i;

	x->name = name;
	x->nargs = call->nitems;
	x->args = ORM_NEWN(e->a, SxExpr *, call->nitems + 1);
	for (i = 0; i < call->nitems; i++)
		if (!(v = q_eval(e, call->items[i])) || !(x->args[i] = q_to_expr(e, v, NULL)))
			return NULL;
	x->type = q_func_type(name, x->args, x->nargs);
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

/* f.over(partition_by=, order_by=) and over(f, ...) */
static QVal *
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

	if (!a || !(l = q_to_expr(e, recv, NULL)))
		return NULL;
	if (!(r = q_to_expr(e, a, q_is_stringy(l->type) ? l->type : &q_t_str)))
		return NULL;
	x = q_binary(e, op, l, r, &q_t_bool);
	x->name = form;
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
		r = q_tuple(e, a, l->type);
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

static QVal *
q_between(QEnv *e, QVal *recv, const PyNode *call)
{
	int			base = recv->node == call ? 1 : 0;	/* between(x, lo, hi) form */
	QVal	   *lo = q_arg(e, call, base, "between"),
			   *hi;
	SxExpr	   *x;

	if (!lo || !(hi = q_arg(e, call, base + 1, "between")))
		return NULL;
	x = q_sx(e, SX_BETWEEN, &q_t_bool);
	if (!(x->left = q_to_expr(e, recv, NULL)) ||
		!(x->right = q_to_expr(e, lo, x->left->type)) ||
		!(x->third = q_to_expr(e, hi, x->left->type)))
		return NULL;
	return q_expr_val(e, x, call);
}

static QVal *
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

static QVal *
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

static QVal *
q_expr_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxExpr	   *x = recv->expr;
	QVal	   *a;
	SxExpr	   *d,
			   *r;

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
	if (x->kind == SX_FUNC && strcmp(m, "over") == 0)
		return q_func_over(e, recv, call);
	if (x->kind == SX_FUNC && strcmp(m, "filter") == 0)
		return q_filter_func(e, recv, call);
	if (x->kind == SX_EXISTS && (strcmp(m, "where") == 0 || strcmp(m, "filter") == 0 ||
								 strcmp(m, "select_from") == 0 || strcmp(m, "correlate") == 0))
		return q_exists_where(e, recv, call, m);
	if (x->kind == SX_SCALAR_SUBQ && strcmp(m, "label") == 0)
		return q_label(e, recv, call);
	return Q_FAIL(e, ORM_ERR_NAME, call, "unknown method \"%s\"", m);
}

/* ---- methods on select() ------------------------------------------------- */

/* The arguments of where() / having(): each an expression, AND-ed onto *acc. */
static int
q_and_args(QEnv *e, const PyNode *call, SxExpr **acc)
{
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])) || !(x = q_to_criterion(e, v, "WHERE / HAVING")))
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

static QVal *
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
		if (t->kind != QV_ENTITY || !q_is_single_kind(t->cls, recv->rel->target))
			return Q_FAIL(e, ORM_ERR_QUERY, t->node, "of_type() takes an aliased() %s",
						  recv->rel->target->name);
		v = q_new(e, QV_REL, call);
		*v = *recv;
		v->node = call;
		v->target = t->from;
		return v;
	}
	if (strcmp(m, "and_") == 0)
		return q_rel_and(e, recv, call);
	return Q_FAIL(e, ORM_ERR_NAME, call, "unknown relationship method \"%s\"", m);
}

static QVal *
q_call_method(QEnv *e, QVal *recv, const char *name, const PyNode *call)
{
	switch (recv->kind)
	{
		case QV_SELECT:
			return q_select_method(e, recv, name, call);
		case QV_EXPR:
			return q_expr_method(e, recv, name, call);
		case QV_SUBQ:
			return q_subq_method(e, recv, name, call);
		case QV_OPT:
			return q_opt_method(e, recv, name, call);
		case QV_REL:
			return q_rel_method(e, recv, name, call);
		case QV_DML:
			return q_dml_method(e, recv, name, call);
		case QV_LIT:
		case QV_ENUM:
			/* literal(5).label() style calls on plain values */
			{
				SxExpr	   *x = q_to_expr(e, recv, NULL);

				return x ? q_expr_method(e, q_expr_val(e, x, call), name, call) : NULL;
			}
		default:
			return Q_FAIL(e, ORM_ERR_NAME, call, "unknown method \"%s\"", name);
	}
}

/* ---- calls --------------------------------------------------------------- */

/*
 * The call node of a method call, positioned at the method's name, so that
 * errors point at ".join" rather than at the start of the whole chain.
 */
static const PyNode *
q_at_method(QEnv *e, const PyNode *call, const PyNode *attr)
{
	PyNode	   *c = ORM_NEW(e->a, PyNode);
	size_t		nlen = strlen(attr->str);
	const char *p,
			   *end;

	*c = *call;
	if (!attr->src || attr->srclen < nlen)
		return c;
	end = attr->src + attr->srclen - nlen;
	for (p = attr->src; p < end; p++)
	{
		if (*p == '\n')
		{
			c->line++;
			c->col = 1;
		}
		else
			c->col++;
	}
	return c;
}

/*
 * Calls through Python's modules: datetime.datetime(...), datetime.date(...),
 * uuid.UUID(...), decimal.Decimal(...), datetime.now()/utcnow(),
 * date.today(); NULL (and no error) when fn is none of them.
 */
static QVal *
q_py_module_call(QEnv *e, const PyNode *fn, const PyNode *call)
{
	static const char *const mods[][2] = {
		{"datetime", "datetime"}, {"datetime", "date"}, {"datetime", "time"},
		{"datetime", "timedelta"}, {"uuid", "UUID"}, {"decimal", "Decimal"},
	};
	const char *m = fn->a->kind == PY_NAME ? fn->a->str : NULL;
	size_t		i;

	if (fn->a->kind == PY_ATTR && fn->a->a->kind == PY_NAME &&
		strcmp(fn->a->a->str, "datetime") == 0 && !q_var(e, "datetime"))
		m = fn->a->str;			/* datetime.datetime.now() */
	if (!m || q_var(e, m))
		return NULL;
	if (strcmp(m, "datetime") == 0 &&
		(strcmp(fn->str, "now") == 0 || strcmp(fn->str, "utcnow") == 0))
		return q_now_lit(e, &q_t_datetime, call);
	if (strcmp(m, "date") == 0 && strcmp(fn->str, "today") == 0)
		return q_now_lit(e, &q_t_date, call);
	if (fn->a->kind != PY_NAME)
		return NULL;
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
		if (strcmp(m, mods[i][0]) == 0 && strcmp(fn->str, mods[i][1]) == 0)
			return q_builtin_lookup(fn->str)->fn(e, call);
	return NULL;
}

/*
 * column.op("||")(other) / column.bool_op("@>")(other): SQLAlchemy's custom
 * operator.  The operator text goes into the SQL, so only these spellings
 * are accepted; the SQL carries the allow-list's own string.
 */
static const char *const q_custom_ops[] = {
	"||", "&", "|", "#", "<<", ">>", "~", "~*", "!~", "!~*", "@>", "<@",
	"?", "?|", "?&", "->", "->>", "#>", "#>>", "#-", "@?", "@@", "@", "&&",
	"%", "^", "+", "-", "*", "/", "=", "!=", "<>", "<", "<=", ">", ">=",
	"<->", "-|-", "&<", "&>", "<<|", "|>>", "&<|", "|&>",
	"LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE", "SIMILAR TO", "NOT SIMILAR TO",
	"IS DISTINCT FROM", "IS NOT DISTINCT FROM", "GLOB", "REGEXP", "MATCH",
};

static const char *
q_custom_op_lookup(const PyNode *s)
{
	size_t		i;

	if (s->kind != PY_STR)
		return NULL;
	for (i = 0; i < sizeof(q_custom_ops) / sizeof(q_custom_ops[0]); i++)
		if (strlen(q_custom_ops[i]) == s->len && memcmp(q_custom_ops[i], s->str, s->len) == 0)
			return q_custom_ops[i];
	return NULL;
}

/* is_comparison= / precedence= / return_type= of op(): 1 comparison, 0 not, -1 error */
static int
q_custom_op_kw(QEnv *e, const PyNode *opcall, bool boolean)
{
	int			err = 0,
				i;
	bool		cmp;

	for (i = 0; i < opcall->nkw; i++)
		if (!opcall->kwnames[i] || strcmp(opcall->kwnames[i], "is_comparison") != 0)
		{
			q_fail(e, ORM_ERR_UNSUPPORTED, opcall->kwvalues[i],
				   orm_sprintf(e->a, "%s() keyword \"%s\" is not supported", opcall->a->str,
							   opcall->kwnames[i] ? opcall->kwnames[i] : "**"));
			return -1;
		}
	cmp = q_kw_true(e, opcall, "is_comparison", &err);
	return err ? -1 : (cmp || boolean);
}

static QVal *
q_custom_op(QEnv *e, const PyNode *opcall, const PyNode *call)
{
	const char *m = opcall->a->str,
			   *op;
	QVal	   *recv,
			   *a;
	SxExpr	   *l,
			   *r,
			   *x;
	int			cmp;

	if (opcall->nitems != 1)
		return Q_FAIL(e, ORM_ERR_QUERY, opcall, "%s() takes one operator string", m);
	if (!(op = q_custom_op_lookup(opcall->items[0])))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, opcall->items[0],
					  opcall->items[0]->kind == PY_STR ?
					  "operator \"%.40s\" is not allowed in %s()" :
					  "%s() takes an operator string", opcall->items[0]->kind == PY_STR ?
					  opcall->items[0]->str : m, m);
	if ((cmp = q_custom_op_kw(e, opcall, strcmp(m, "bool_op") == 0)) < 0)
		return NULL;
	if (call->nkw > 0 || call->nitems != 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s(...) takes one operand", m);
	if (!(recv = q_eval(e, opcall->a->a)) || !(l = q_to_expr(e, recv, NULL)) ||
		!(a = q_eval(e, call->items[0])) || !(r = q_to_expr(e, a, l->type)))
		return NULL;
	x = q_binary(e, SXOP_CUSTOM, l, r, cmp ? &q_t_bool : l->type);
	x->name = op;
	return q_expr_val(e, x, call);
}

static QVal *
q_eval_call(QEnv *e, const PyNode *n)
{
	const PyNode *fn = n->a;
	QVal	   *f,
			   *recv;
	const QBuiltin *b;

	if (fn->kind == PY_ATTR)
	{
		/* func.count(...), select(...).where(...), User.id.in_(...) */
		if (fn->a->kind == PY_NAME && strcmp(fn->a->str, "func") == 0 && !q_var(e, "func"))
			return q_func_call(e, fn->str, n);
		if (fn->a->kind == PY_ATTR && strcmp(fn->a->str, "func") == 0)
			return q_func_call(e, fn->str, n);
		if ((f = q_py_module_call(e, fn, n)) != NULL || e->ctx->err->code)
			return f;
		if (fn->a->kind == PY_NAME && !q_var(e, fn->a->str) &&
			(strcmp(fn->a->str, "sa") == 0 || strcmp(fn->a->str, "sqlalchemy") == 0 ||
			 strcmp(fn->a->str, "orm") == 0))
		{
			PyNode		nm = *fn;

			nm.kind = PY_NAME;
			if (!(f = q_eval_name(e, &nm)))
				return NULL;
		}
		else
		{
			if (!(recv = q_eval(e, fn->a)))
				return NULL;
			if (recv->kind == QV_FUNCNS)
				return q_func_call(e, fn->str, n);
			if (recv->kind != QV_ENTITY && recv->kind != QV_ENUMCLS && recv->kind != QV_SUBQ_C)
				return q_call_method(e, recv, fn->str, q_at_method(e, n, fn));
			if (!(f = q_eval_attr(e, fn)))
				return NULL;
			return Q_FAIL(e, ORM_ERR_QUERY, n, "\"%s\" is not callable", fn->str);
		}
	}
	else if (fn->kind == PY_CALL && fn->a->kind == PY_ATTR &&
			 (strcmp(fn->a->str, "op") == 0 || strcmp(fn->a->str, "bool_op") == 0))
		return q_custom_op(e, fn, n);
	else if (!(f = q_eval(e, fn)))
		return NULL;
	if (f->kind == QV_TYPE)
		return q_type_call(e, f, n);
	if (f->kind == QV_BUILTIN && (b = q_builtin_lookup(f->name)) != NULL)
		return b->fn(e, n);
	return Q_FAIL(e, ORM_ERR_QUERY, n, "this is not callable");
}

/* ---- operators ----------------------------------------------------------- */

static SxOp
q_cmp_op(int pyop)
{
	switch (pyop)
	{
		case PY_OP_EQ:
			return SXOP_EQ;
		case PY_OP_NE:
			return SXOP_NE;
		case '<':
			return SXOP_LT;
		case PY_OP_LE:
			return SXOP_LE;
		case '>':
			return SXOP_GT;
		case PY_OP_GE:
			return SXOP_GE;
		default:
			return SXOP_MATCH;
	}
}

static QVal *
q_eval_compare(QEnv *e, const PyNode *n)
{
	QVal	   *a,
			   *b;
	SxOp		op = q_cmp_op(n->op);

	if (op == SXOP_MATCH)
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "this comparison has no SQL meaning; use in_(), is_() or ==");
	if (!(a = q_eval(e, n->a)) || !(b = q_eval(e, n->b)))
		return NULL;
	if (a->kind != QV_EXPR && b->kind != QV_EXPR && a->kind != QV_REL && b->kind != QV_REL)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "a comparison needs an SQL expression on one side");
	return q_compare(e, op, a, b, n);
}

/* ---- Python arithmetic on literals ---------------------------------------- */

/*
 * The value of an integer literal's text as written (0x1F, 0o17, 0b1,
 * 1_000); false when it does not fit 64 unsigned bits.  The lexer saturates
 * ival at INT64_MAX, so the text decides whether a literal fits.
 */
static bool
q_int_text_value(const char *s, uint64_t *out)
{
	uint64_t	v = 0;
	unsigned	base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, s += 2;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, s += 2;
	for (; *s; s++)
	{
		unsigned	d;

		if (*s == '_')
			continue;
		d = (unsigned) q_hex((unsigned char) *s);
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

/* Is the integer literal n exactly 2**63 (which fits negated only)? */
static bool
q_int_literal_is_2_63(const PyNode *n)
{
	uint64_t	v;

	return n->str && q_int_text_value(n->str, &v) && v == (uint64_t) INT64_MAX + 1;
}


/*
 * What Python computes before SQLAlchemy sees it: (page - 1) * size,
 * 10 / 4, -7 // 2, 2 ** 10.  The result follows Python's semantics (floor
 * division and modulo take the divisor's sign, / is true division giving a
 * float, int ** negative int is a float), where Python's unbounded ints
 * would not fit the 64 bits of an SQL BIGINT the fold is an error (as the
 * database would raise for such a value), and so is a division by zero,
 * with the operator's position -- never a wrapped value or a signal.
 */

static const char *
q_op_text(int op)
{
	switch (op)
	{
		case PY_OP_FLOORDIV:
			return "//";
		case PY_OP_POW:
			return "**";
		case PY_OP_LSHIFT:
			return "<<";
		case PY_OP_RSHIFT:
			return ">>";
		case '+':
			return "+";
		case '-':
			return "-";
		case '*':
			return "*";
		case '/':
			return "/";
		case '%':
			return "%";
		case '&':
			return "&";
		case '|':
			return "|";
		case '^':
			return "^";
		default:
			return "?";
	}
}

static QVal *
q_int_overflow(QEnv *e, const PyNode *n)
{
	return Q_FAIL(e, ORM_ERR_QUERY, n,
				  "integer overflow: the result of %s does not fit in a 64-bit integer",
				  q_op_text(n->op));
}

/* A float literal, its text Python's repr (the shortest that reads back). */
static QVal *
q_float_lit(QEnv *e, double d, const PyNode *n)
{
	char		buf[48];
	JsonValue  *j = NULL;
	OrmError	ignored;

	if (!isfinite(d))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "float result of %s is out of range",
					  n->kind == PY_BINOP ? q_op_text(n->op) : "this expression");
	for (int prec = 15; prec <= 17; prec++)
	{
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		for (char *c = buf; *c; c++)	/* a locale's decimal comma */
			if (!((*c >= '0' && *c <= '9') || *c == 'e' || *c == '-' || *c == '+'))
				*c = '.';
		if (!strpbrk(buf, ".e"))
			strcat(buf, ".0");	/* 3.0, not 3: a float stays a float */
		memset(&ignored, 0, sizeof(ignored));
		if ((j = json_parse(e->a, buf, strlen(buf), &ignored)) != NULL &&
			j->kind == JSON_NUMBER && j->dval == d)
			break;
		j = NULL;
	}
	if (!j)
		return Q_FAIL(e, ORM_ERR_INTERNAL, n, "cannot write the float result of this expression");
	j->is_int = false;
	j->dval = d;
	return q_lit(e, j, n);
}

/* Python's float divmod (floatobject.c): the floor quotient and the modulo. */
static void
q_float_divmod(double vx, double wx, double *floordiv, double *mod)
{
	double		m = fmod(vx, wx),
				div = (vx - m) / wx;

	if (m != 0.0)
	{
		if ((wx < 0) != (m < 0))
		{
			m += wx;
			div -= 1.0;
		}
	}
	else
		m = copysign(0.0, wx);
	if (div != 0.0)
	{
		double		f = floor(div);

		if (div - f > 0.5)
			f += 1.0;
		div = f;
	}
	else
		div = copysign(0.0, vx / wx);
	*floordiv = div;
	*mod = m;
}

/* x ** y on floats as Python's float_pow, or NULL with the error. */
static QVal *
q_float_pow(QEnv *e, double x, double y, const PyNode *n)
{
	if (y == 0.0)
		return q_float_lit(e, 1.0, n);
	if (x == 0.0 && y < 0.0)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "0.0 cannot be raised to a negative power");
	if (x < 0.0 && y != floor(y))
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "a negative number raised to a fractional power is complex");
	return q_float_lit(e, pow(x, y), n);
}

static QVal *
q_fold_float(QEnv *e, int op, double x, double y, const PyNode *n)
{
	double		fd,
				md;

	switch (op)
	{
		case '+':
			return q_float_lit(e, x + y, n);
		case '-':
			return q_float_lit(e, x - y, n);
		case '*':
			return q_float_lit(e, x * y, n);
		case '/':
			if (y == 0.0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "float division by zero");
			return q_float_lit(e, x / y, n);
		case PY_OP_FLOORDIV:
		case '%':
			if (y == 0.0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, op == '%' ? "float modulo by zero" :
							  "float floor division by zero");
			q_float_divmod(x, y, &fd, &md);
			return q_float_lit(e, op == '%' ? md : fd, n);
		case PY_OP_POW:
			return q_float_pow(e, x, y, n);
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported operand types for %s: floats",
						  q_op_text(op));
	}
}

static QVal *
q_fold_int(QEnv *e, int op, int64_t x, int64_t y, const PyNode *n)
{
	int64_t		z;

	switch (op)
	{
		case '+':
			if (__builtin_add_overflow(x, y, &z))
				return q_int_overflow(e, n);
			break;
		case '-':
			if (__builtin_sub_overflow(x, y, &z))
				return q_int_overflow(e, n);
			break;
		case '*':
			if (__builtin_mul_overflow(x, y, &z))
				return q_int_overflow(e, n);
			break;
		case '/':
			/* true division: exact in long double for 64-bit ints */
			if (y == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "division by zero");
			return q_float_lit(e, (double) ((long double) x / (long double) y), n);
		case PY_OP_FLOORDIV:
			if (y == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "integer division or modulo by zero");
			if (x == INT64_MIN && y == -1)
				return q_int_overflow(e, n);
			z = x / y - (x % y != 0 && (x < 0) != (y < 0));
			break;
		case '%':
			if (y == 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "integer division or modulo by zero");
			if (y == -1)
				z = 0;			/* INT64_MIN % -1 would trap */
			else
			{
				z = x % y;
				if (z != 0 && (z < 0) != (y < 0))
					z += y;
			}
			break;
		case PY_OP_POW:
			if (y < 0)
			{
				if (x == 0)
					return Q_FAIL(e, ORM_ERR_QUERY, n, "0.0 cannot be raised to a negative power");
				return q_float_pow(e, (double) x, (double) y, n);
			}
			z = 1;
			for (int64_t b = x, k = y; k > 0; k >>= 1)
			{
				if ((k & 1) && __builtin_mul_overflow(z, b, &z))
					return q_int_overflow(e, n);
				if (k > 1 && __builtin_mul_overflow(b, b, &b))
					return q_int_overflow(e, n);
			}
			break;
		case PY_OP_LSHIFT:
			if (y < 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "negative shift count");
			if (x == 0)
				z = 0;
			else if (y >= 63 || (x > 0 ? x > (INT64_MAX >> y) : x < (INT64_MIN >> y)))
				return q_int_overflow(e, n);
			else
				z = (int64_t) ((uint64_t) x << y);
			break;
		case PY_OP_RSHIFT:
			if (y < 0)
				return Q_FAIL(e, ORM_ERR_QUERY, n, "negative shift count");
			/* Python's >> floors: -1 >> 100 is -1 */
			z = y >= 63 ? (x < 0 ? -1 : 0) : (x < 0 ? ~(~x >> y) : x >> y);
			break;
		case '&':
			z = x & y;
			break;
		case '|':
			z = x | y;
			break;
		case '^':
			z = x ^ y;
			break;
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported operand types for %s: integers",
						  q_op_text(op));
	}
	return q_lit(e, json_new_int(e->a, z), n);
}

static bool
q_is_number_lit(const QVal *v)
{
	return v->kind == QV_LIT && !v->lit_type && v->json->kind == JSON_NUMBER;
}

static QVal *
q_eval_binop(QEnv *e, const PyNode *n)
{
	QVal	   *a,
			   *b;
	SxExpr	   *l,
			   *r;

	if (!(a = q_eval(e, n->a)) || !(b = q_eval(e, n->b)))
		return NULL;
	if (q_is_number_lit(a) && q_is_number_lit(b))
	{
		/* Python arithmetic on the client: (page - 1) * page_size */
		if (a->json->is_int && b->json->is_int)
			return q_fold_int(e, n->op, a->json->ival, b->json->ival, n);
		return q_fold_float(e, n->op, a->json->dval, b->json->dval, n);
	}
	if (n->op == '+' && a->kind == QV_LIT && b->kind == QV_LIT && !a->lit_type &&
		!b->lit_type && a->json->kind == JSON_STRING && b->json->kind == JSON_STRING)
	{
		/* "abc" + "def": Python's string concatenation */
		char	   *c;

		if (a->json->len + b->json->len > Q_MAX_STR)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n, "a string longer than %d bytes", Q_MAX_STR);
		c = orm_alloc(e->a, a->json->len + b->json->len + 1);

		memcpy(c, a->json->str, a->json->len);
		memcpy(c + a->json->len, b->json->str, b->json->len);
		c[a->json->len + b->json->len] = '\0';
		return q_lit(e, json_new_string(e->a, c, a->json->len + b->json->len), n);
	}
	if (n->op == '&' || n->op == '|')
	{
		if (!(l = q_to_criterion(e, a, "& / |")) || !(r = q_to_criterion(e, b, "& / |")))
			return NULL;
		SxExpr	   *two[2] = {l, r};

		return q_expr_val(e, q_boollist(e, n->op == '&' ? SXOP_AND : SXOP_OR, 2, two), n);
	}
	if (a->kind != QV_EXPR && b->kind != QV_EXPR && !(a->has_tval && b->has_tval))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported operator on these values");
	return q_arith(e, n->op, a, b, n);
}

/* -x / ~x / +x of a number literal as Python computes it, else NULL (no error). */
static QVal *
q_fold_unary(QEnv *e, const PyNode *n, QVal *a, bool *done)
{
	const JsonValue *j = a->json;

	*done = false;
	if (a->kind == QV_LIT && a->has_tval && (n->op == '-' || n->op == '~' || n->op == '+'))
	{
		/* -timedelta(hours=1); a date has no sign */
		*done = true;
		if (a->lit_type->kind == ORM_T_INTERVAL && n->op != '~')
			return n->op == '+' ? a : q_temporal(e, a->lit_type, -a->tval, n);
		return Q_FAIL(e, ORM_ERR_QUERY, n, "bad operand type for unary %c", n->op);
	}
	if (!q_is_number_lit(a) || (n->op != '-' && n->op != '~' && n->op != '+'))
		return NULL;
	*done = true;
	if (n->op == '+')
		return a;
	if (!j->is_int)
	{
		if (n->op == '~')
			return Q_FAIL(e, ORM_ERR_QUERY, n, "bad operand type for unary ~: float");
		return q_float_lit(e, -j->dval, n);
	}
	if (n->op == '~')
		return q_lit(e, json_new_int(e->a, ~j->ival), n);
	if (j->ival == INT64_MIN)
		return Q_FAIL(e, ORM_ERR_QUERY, n,
					  "integer overflow: the result of - does not fit in a 64-bit integer");
	return q_lit(e, json_new_int(e->a, -j->ival), n);
}

static QVal *
q_eval_unary(QEnv *e, const PyNode *n)
{
	QVal	   *a,
			   *folded;
	SxExpr	   *x;
	bool		done;

	/* -9223372036854775808: the one literal that fits only negated */
	if (n->op == '-' && n->a && n->a->kind == PY_INT && q_int_literal_is_2_63(n->a))
		return q_lit(e, json_new_int(e->a, INT64_MIN), n);
	if (!(a = q_eval(e, n->a)))
		return NULL;
	if ((folded = q_fold_unary(e, n, a, &done)) != NULL || done)
		return folded;
	if (n->op == '+')
		return a;
	if (n->op == PY_OP_NOT)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "use not_() or ~ instead of \"not\"");
	if (!(x = q_to_expr(e, a, NULL)))
		return NULL;
	if (n->op == '~')
		return q_expr_val(e, q_negate(e, x), n);
	if (n->op == '-')
	{
		SxExpr	   *u = sx_unary(e->a, SXOP_NEG, x);

		u->type = x->type;
		return q_expr_val(e, u, n);
	}
	return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported unary operator");
}

/*
 * v's list nesting from its items', checked: lists nested through variables
 * (a = [a]) are walked recursively by every consumer.
 */
static QVal *
q_list_depth(QEnv *e, QVal *v)
{
	v->depth = 1;
	for (int i = 0; i < v->n; i++)
		if (v->items[i]->kind == QV_LIST && v->items[i]->depth + 1 > v->depth)
			v->depth = v->items[i]->depth + 1;
	if (v->depth > Q_MAX_DEPTH)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, v->node, "lists nest deeper than %d levels",
					  Q_MAX_DEPTH);
	return v;
}

static QVal *
q_eval_seq(QEnv *e, const PyNode *n)
{
	QVal	   *v = q_new(e, QV_LIST, n);
	int			i;

	v->n = n->nitems;
	v->items = ORM_NEWN(e->a, QVal *, n->nitems + 1);
	for (i = 0; i < n->nitems; i++)
		if (!(v->items[i] = q_eval(e, n->items[i])))
			return NULL;
	return q_list_depth(e, v);
}

static QVal *
q_eval_dict(QEnv *e, const PyNode *n)
{
	QVal	   *v = q_new(e, QV_DICT, n);
	int			i;

	v->n = n->nitems;
	v->items = ORM_NEWN(e->a, QVal *, n->nitems + 1);
	v->values = ORM_NEWN(e->a, QVal *, n->nitems + 1);
	for (i = 0; i < n->nitems; i++)
	{
		if (!n->items[i])
			return Q_FAIL(e, ORM_ERR_QUERY, n, "** in a dict is not supported");
		if (!(v->items[i] = q_eval(e, n->items[i])) || !(v->values[i] = q_eval(e, n->values[i])))
			return NULL;
	}
	return v;
}

/*
 * A number literal.  Its JSON text is canonical (decimal digits for an int,
 * no underscores), since values.c may bind the text itself (a Numeric on
 * PostgreSQL).  An int that does not fit 64 bits is an error: Python's ints
 * are unbounded, the database's BIGINT is not.
 */
static QVal *
q_eval_number(QEnv *e, const PyNode *n)
{
	JsonValue  *j;
	uint64_t	v;

	if (n->kind == PY_INT)
	{
		if (n->str && (!q_int_text_value(n->str, &v) || v > (uint64_t) INT64_MAX))
			return Q_FAIL(e, ORM_ERR_QUERY, n,
						  "integer literal %.40s does not fit in a 64-bit integer", n->str);
		return q_lit(e, json_new_int(e->a, n->ival), n);
	}
	if (!isfinite(n->fval))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "float literal %.40s is out of range",
					  n->str ? n->str : "");
	j = json_new(e->a, JSON_NUMBER);
	j->dval = n->fval;
	if (n->str)
	{
		char	   *t = orm_alloc(e->a, strlen(n->str) + 3),
				   *o = t;

		/* 1_000.5 -> 1000.5; .5 -> 0.5; 5. -> 5.0 (as numeric input reads them) */
		if (n->str[0] == '.')
			*o++ = '0';
		for (const char *c = n->str; *c; c++)
		{
			if (*c == '_')
				continue;
			*o++ = *c;
			if (*c == '.' && !(c[1] >= '0' && c[1] <= '9'))
				*o++ = '0';
		}
		*o = '\0';
		j->str = t;
		j->len = strlen(t);
	}
	else
		return q_float_lit(e, n->fval, n);
	return q_lit(e, j, n);
}

static QVal *
q_eval_node(QEnv *e, const PyNode *n)
{
	switch (n->kind)
	{
		case PY_NAME:
			return q_eval_name(e, n);
		case PY_INT:
		case PY_FLOAT:
			return q_eval_number(e, n);
		case PY_STR:
			return q_lit(e, json_new_string(e->a, n->str, n->len), n);
		case PY_NONE:
			return q_lit(e, json_new(e->a, JSON_NULL), n);
		case PY_TRUE:
			return q_lit(e, json_new(e->a, JSON_TRUE), n);
		case PY_FALSE:
			return q_lit(e, json_new(e->a, JSON_FALSE), n);
		case PY_ATTR:
			return q_eval_attr(e, n);
		case PY_CALL:
			return q_eval_call(e, n);
		case PY_SUBSCRIPT:
			return q_eval_subscript(e, n);
		case PY_BINOP:
			return q_eval_binop(e, n);
		case PY_UNARY:
			return q_eval_unary(e, n);
		case PY_COMPARE:
			return q_eval_compare(e, n);
		case PY_BOOLOP:
			return Q_FAIL(e, ORM_ERR_QUERY, n,
						  "use and_() / or_() or & / | instead of \"and\" / \"or\"");
		case PY_LIST:
		case PY_TUPLE:
		case PY_SET:
			return q_eval_seq(e, n);
		case PY_DICT:
			return q_eval_dict(e, n);
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported expression in a query");
	}
}

/*
 * Evaluates one node.  The invariant every caller relies on: a value comes
 * back exactly when no error is set.  A value that comes back with an error
 * set (a helper that reported a failure but still built something) is not
 * used, and a failure is never silent.
 */
static QVal *
q_eval(QEnv *e, const PyNode *n)
{
	QVal	   *v;

	if (!n)
		return q_fail(e, ORM_ERR_QUERY, NULL, "missing expression in the query");
	v = q_eval_node(e, n);
	if (v && e->ctx->err->code)
		return NULL;
	if (!v && !e->ctx->err->code)
		return Q_FAIL(e, ORM_ERR_INTERNAL, n, "this expression could not be evaluated");
	return v;
}

/* ---- insert() / update() / delete() -------------------------------------- */

/*
 * DML statements are generative like select(): every method returns a copy.
 * Values meet their column's type here, so an enum member binds its stored
 * form and a string meeting a DateTime column is parsed as one.
 *
 *   update(Post).where(Post.status == PostStatus.DRAFT)
 *               .values(status=PostStatus.ARCHIVED)
 *   -> DML(UPDATE posts, rows[0] = {status: PARAM 'ARCHIVED'},
 *          where = BINARY(EQ, COLUMN posts.status, PARAM 'DRAFT'))
 */

static QVal *
q_dml_val(QEnv *e, SxDml *d, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_DML, node);

	v->dml = d;
	return v;
}

static SxDml *
q_dml_copy(QEnv *e, const SxDml *d)
{
	SxDml	   *c = ORM_NEW(e->a, SxDml);

	*c = *d;
	q_vec_copy(e->a, &c->rows, &d->rows);
	return c;
}

static const char *
q_dml_word(SxDmlKind k)
{
	return k == SXD_INSERT ? "insert" : k == SXD_UPDATE ? "update" : "delete";
}

/* insert(User) / update(Post) / delete(post_tags) */
static QVal *
q_dml_new(QEnv *e, const PyNode *call, SxDmlKind kind)
{
	QVal	   *t;
	SxDml	   *d;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes one mapped class or Table",
					  q_dml_word(kind));
	if (!(t = q_eval(e, call->items[0])))
		return NULL;
	if ((t->kind != QV_ENTITY && t->kind != QV_TABLE) || t->from->kind != SXF_TABLE)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "%s() needs a mapped class or Table",
					  q_dml_word(kind));
	if (t->from->is_alias)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[0],
					  "%s() of an aliased() entity is not supported", q_dml_word(kind));
	d = ORM_NEW(e->a, SxDml);
	d->kind = kind;
	d->from = t->from;
	d->cls = t->from->cls;
	d->table = t->from->table;
	d->line = call->line;
	d->col = call->col;
	if (kind == SXD_INSERT)
		d->excluded = q_alias_from(e, d->table, d->cls, "excluded");
	return q_dml_val(e, d, call);
}

static QVal *
qb_insert(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_INSERT);
}

static QVal *
qb_update(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_UPDATE);
}

static QVal *
qb_delete(QEnv *e, const PyNode *call)
{
	return q_dml_new(e, call, SXD_DELETE);
}

/* A values() key: attribute key (metadata_), else column name (metadata). */
static OrmColumn *
q_dml_col_named(QEnv *e, SxDml *d, const char *name, const PyNode *node)
{
	OrmColumn  *col = d->cls ? orm_class_attr(d->cls, name) : NULL;

	if (!col)
		col = orm_table_col(d->table, name);
	if (!col)
		return Q_FAIL(e, ORM_ERR_NAME, node, "unknown attribute \"%s\" on %s", name,
					  d->cls ? d->cls->name : d->table->name);
	return col;
}

/* A dict key: "name" or User.name (a column of the statement's table). */
static OrmColumn *
q_dml_col_key(QEnv *e, SxDml *d, QVal *k)
{
	const char *s = q_str_arg(k);

	if (s)
		return q_dml_col_named(e, d, s, k->node);
	if (k->kind == QV_EXPR && k->expr->kind == SX_COLUMN && k->expr->col->table == d->table)
		return k->expr->col;
	return Q_FAIL(e, ORM_ERR_QUERY, k->node,
				  "a values() key must be an attribute name or a column of %s",
				  d->cls ? d->cls->name : d->table->name);
}

/* row[col] = v (replacing an earlier value of the same column). */
static int
q_dml_set(QEnv *e, SxDmlRow *row, OrmColumn *col, QVal *v)
{
	SxExpr	   *x;
	int			i;

	if (v->kind == QV_DML || v->kind == QV_ENTITY)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "expected a value or an SQL expression here");
		return -1;
	}
	if (v->kind == QV_LIT && v->json->kind == JSON_NULL)
	{
		/* None is bound as a NULL parameter, as SQLAlchemy binds it */
		OrmParam	p = {.kind = ORM_V_NULL};

		x = sx_param(e->a, p, &col->type);
	}
	else if (!(x = q_to_expr(e, v, &col->type)))
		return -1;
	for (i = 0; i < row->n; i++)
	{
		if (row->cols[i] == col)
		{
			row->exprs[i] = x;
			return 0;
		}
	}
	row->cols = orm_realloc(e->a, row->cols, sizeof(OrmColumn *) * (size_t) row->n,
							sizeof(OrmColumn *) * (size_t) (row->n + 1));
	row->exprs = orm_realloc(e->a, row->exprs, sizeof(SxExpr *) * (size_t) row->n,
							 sizeof(SxExpr *) * (size_t) (row->n + 1));
	row->cols[row->n] = col;
	row->exprs[row->n] = x;
	row->n++;
	return 0;
}

static SxDmlRow *
q_dml_row_copy(QEnv *e, const SxDmlRow *r)
{
	SxDmlRow   *c = ORM_NEW(e->a, SxDmlRow);

	if (!r)
		return c;
	c->n = r->n;
	c->cols = ORM_NEWN(e->a, OrmColumn *, r->n + 1);
	c->exprs = ORM_NEWN(e->a, SxExpr *, r->n + 1);
	memcpy(c->cols, r->cols, sizeof(OrmColumn *) * (size_t) r->n);
	memcpy(c->exprs, r->exprs, sizeof(SxExpr *) * (size_t) r->n);
	return c;
}

static int
q_dml_set_dict(QEnv *e, SxDml *d, SxDmlRow *row, QVal *dict)
{
	OrmColumn  *col;
	int			i;

	for (i = 0; i < dict->n; i++)
		if (!(col = q_dml_col_key(e, d, dict->items[i])) ||
			q_dml_set(e, row, col, dict->values[i]) < 0)
			return -1;
	return 0;
}

/* values([{...}, {...}]): one row per dict (INSERT only). */
static QVal *
q_dml_values_multi(QEnv *e, SxDml *d, QVal *list, const PyNode *call)
{
	int			i;

	if (d->kind != SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "only insert() takes several rows of values");
	if (d->rows.n > 0 && !d->multi)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "values() cannot add rows to single-row values");
	d->multi = true;
	for (i = 0; i < list->n; i++)
	{
		SxDmlRow   *row = q_dml_row_copy(e, NULL);

		if (list->items[i]->kind != QV_DICT)
			return Q_FAIL(e, ORM_ERR_QUERY, list->items[i]->node,
						  "values() takes a list of dicts here");
		if (q_dml_set_dict(e, d, row, list->items[i]) < 0)
			return NULL;
		orm_vec_push(e->a, &d->rows, row);
	}
	return q_dml_val(e, d, call);
}

/* values(name="x") / values({"name": "x"}) / values({User.name: "x"}) / values([...]) */
static QVal *
q_dml_values(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	SxDmlRow   *row;
	QVal	   *v = NULL;
	OrmColumn  *col;
	int			i;

	if (d->kind == SXD_DELETE)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "delete() takes no values()");
	if (d->from_select)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "values() cannot follow from_select()");
	if (call->nitems > 1 || (call->nitems == 1 && call->nkw > 0))
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "values() takes keyword arguments, one dict or one list of dicts");
	if (call->nitems == 1)
	{
		if (!(v = q_eval(e, call->items[0])))
			return NULL;
		if (v->kind == QV_LIST)
			return q_dml_values_multi(e, d, v, call);
		if (v->kind != QV_DICT)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0],
						  "values() takes keyword arguments, one dict or one list of dicts");
	}
	if (d->multi)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "values() cannot add to multi-row values");
	row = q_dml_row_copy(e, d->rows.n ? d->rows.items[0] : NULL);
	if (call->nitems == 1 && q_dml_set_dict(e, d, row, v) < 0)
		return NULL;
	for (i = 0; i < call->nkw; i++)
	{
		if (!call->kwnames[i])
			return Q_FAIL(e, ORM_ERR_QUERY, call, "** in values() is not supported");
		if (!(col = q_dml_col_named(e, d, call->kwnames[i], call->kwvalues[i])) ||
			!(v = q_eval(e, call->kwvalues[i])) || q_dml_set(e, row, col, v) < 0)
			return NULL;
	}
	d->rows.n = 0;
	orm_vec_push(e->a, &d->rows, row);
	return q_dml_val(e, d, call);
}

static QVal *
q_dml_where(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);

	if (d->kind == SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "insert() has no where()");
	if (q_and_args(e, call, &d->where) < 0)
		return NULL;
	return q_dml_val(e, d, call);
}

/* filter_by(k=v): against the statement's own entity. */
static QVal *
q_dml_filter_by(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	QVal	   *v,
			   *cv;
	OrmColumn  *col;
	int			i;

	if (d->kind == SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "insert() has no filter_by()");
	for (i = 0; i < call->nkw; i++)
	{
		if (!call->kwnames[i])
			return Q_FAIL(e, ORM_ERR_QUERY, call, "filter_by() takes keyword arguments");
		if (!(col = q_dml_col_named(e, d, call->kwnames[i], call->kwvalues[i])))
			return NULL;
		cv = q_expr_val(e, sx_column(e->a, d->from, col), call->kwvalues[i]);
		if (!(v = q_eval(e, call->kwvalues[i])) || !(v = q_compare(e, SXOP_EQ, cv, v, call)))
			return NULL;
		d->where = q_and2(e, d->where, v->expr);
	}
	return q_dml_val(e, d, call);
}

/* returning(User) / returning(User.id, User.name): appends, as SQLAlchemy 2.0 */
static QVal *
q_dml_returning(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	SxSelect   *r = sx_select_new(e->a);
	QVal	   *v;
	int			i;

	if (d->returning)
		q_vec_copy(e->a, &r->items, &d->returning->items);
	r->line = call->line;
	r->col = call->col;
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if ((v->kind == QV_ENTITY || v->kind == QV_TABLE) && v->from != d->from)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i],
						  "returning() takes the statement's own entity or its columns");
		if (q_add_item(e, r, v) < 0)
			return NULL;
	}
	if (r->items.n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "returning() needs at least one column");
	for (i = 0; i < r->items.n; i++)
	{
		OrmPtrVec	froms = {0};

		q_expr_froms(e, ((SxItem *) r->items.items[i])->expr, &froms);
		if (froms.n > 1 || (froms.n == 1 && froms.items[0] != d->from))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "returning() takes the statement's own entity or its columns");
	}
	d->returning = r;
	return q_dml_val(e, d, call);
}

/* Select-list width, or -1 when it cannot be told here (compound). */
static int
q_sel_width(const SxSelect *s)
{
	int			i,
				n = 0;

	if (s->compound != SXC_NONE)
		return -1;
	for (i = 0; i < s->items.n; i++)
	{
		SxExpr	   *x = ((SxItem *) s->items.items[i])->expr;

		n += x && x->kind == SX_ENTITY && x->from->cls ? x->from->cls->nattrs : 1;
	}
	return n;
}

/* insert(User).from_select(["username", User.email], select(...)) */
static QVal *
q_dml_from_select(QEnv *e, QVal *recv, const PyNode *call)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	QVal	   *names,
			   *sv;
	int			i,
				w;

	if (d->kind != SXD_INSERT || d->rows.n > 0 || d->from_select)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "from_select() needs an insert() without values()");
	if (call->nitems != 2 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "from_select() takes a list of columns and a select()");
	if (!(names = q_eval(e, call->items[0])) || !(sv = q_eval(e, call->items[1])))
		return NULL;
	if (names->kind != QV_LIST || names->n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "from_select() takes a list of columns");
	if (sv->kind != QV_SELECT)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[1], "from_select() takes a select() here");
	d->nfs = names->n;
	d->fs_cols = ORM_NEWN(e->a, OrmColumn *, names->n);
	for (i = 0; i < names->n; i++)
		if (!(d->fs_cols[i] = q_dml_col_key(e, d, names->items[i])))
			return NULL;
	w = q_sel_width(sv->sel);
	if (w >= 0 && w != names->n)
		return Q_FAIL(e, ORM_ERR_QUERY, call->items[1],
					  "from_select() names %d columns but the select has %d", names->n, w);
	d->from_select = sv->sel;
	return q_dml_val(e, d, call);
}

/* The keyword argument named name as its PyNode, or NULL. */
static const PyNode *
q_kwnode(const PyNode *call, const char *name)
{
	int			i;

	for (i = 0; i < call->nkw; i++)
		if (call->kwnames[i] && strcmp(call->kwnames[i], name) == 0)
			return call->kwvalues[i];
	return NULL;
}

/* set_=dict(email=stmt.excluded.email) / set_={"email": ...} / {User.email: ...} */
static int
q_conflict_set(QEnv *e, SxDml *d, const PyNode *n)
{
	SxDmlRow   *row = ORM_NEW(e->a, SxDmlRow);
	OrmColumn  *col;
	QVal	   *v;
	int			i;

	d->conflict_set = row;
	if (n->kind == PY_CALL && n->a->kind == PY_NAME && strcmp(n->a->str, "dict") == 0 &&
		!q_var(e, "dict"))
	{
		if (n->nitems > 0)
		{
			q_fail(e, ORM_ERR_QUERY, n, "set_=dict() takes keyword arguments here");
			return -1;
		}
		for (i = 0; i < n->nkw; i++)
			if (!n->kwnames[i] ||
				!(col = q_dml_col_named(e, d, n->kwnames[i], n->kwvalues[i])) ||
				!(v = q_eval(e, n->kwvalues[i])) || q_dml_set(e, row, col, v) < 0)
				return -1;
	}
	else
	{
		if (!(v = q_eval(e, n)))
			return -1;
		if (v->kind != QV_DICT)
		{
			q_fail(e, ORM_ERR_QUERY, n, "set_ takes a dict");
			return -1;
		}
		if (q_dml_set_dict(e, d, row, v) < 0)
			return -1;
	}
	if (row->n == 0)
	{
		q_fail(e, ORM_ERR_QUERY, n, "set_ must not be empty");
		return -1;
	}
	return 0;
}

/*
 * on_conflict_do_nothing([index_elements=]) / on_conflict_do_update(
 * index_elements=, set_=, where=): the sqlite and postgresql dialects'
 * insert(), which the text imports as insert like the plain one.
 */
static QVal *
q_dml_on_conflict(QEnv *e, QVal *recv, const PyNode *call, SxConflict kind)
{
	SxDml	   *d = q_dml_copy(e, recv->dml);
	const PyNode *ie = q_kwnode(call, "index_elements"),
			   *wh = q_kwnode(call, "where"),
			   *set = q_kwnode(call, "set_");
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	if (d->kind != SXD_INSERT)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "on_conflict needs an insert()");
	if (d->conflict != SXC_CONFLICT_NONE)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "the insert already has an on_conflict clause");
	if (q_kwnode(call, "constraint") || q_kwnode(call, "index_where"))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "on_conflict with constraint= or index_where= is not supported; "
					  "use index_elements=");
	if (call->nitems > 0 || call->nkw != (ie != NULL) + (wh != NULL) + (set != NULL) ||
		(kind == SXC_CONFLICT_NOTHING && (wh || set)))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "unsupported on_conflict arguments");
	d->conflict = kind;
	if (ie)
	{
		if (!(v = q_eval(e, ie)))
			return NULL;
		if (v->kind != QV_LIST || v->n == 0)
			return Q_FAIL(e, ORM_ERR_QUERY, ie, "index_elements takes a list of columns");
		d->nconflict_cols = v->n;
		d->conflict_cols = ORM_NEWN(e->a, OrmColumn *, v->n);
		for (i = 0; i < v->n; i++)
			if (!(d->conflict_cols[i] = q_dml_col_key(e, d, v->items[i])))
				return NULL;
	}
	if (kind == SXC_CONFLICT_UPDATE)
	{
		if (!ie || !set)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "on_conflict_do_update() needs index_elements= and set_=");
		if (q_conflict_set(e, d, set) < 0)
			return NULL;
		if (wh)
		{
			if (!(v = q_eval(e, wh)) || !(x = q_to_expr(e, v, NULL)))
				return NULL;
			d->conflict_where = x;
		}
	}
	return q_dml_val(e, d, call);
}

static QVal *
q_dml_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	if (strcmp(m, "values") == 0)
		return q_dml_values(e, recv, call);
	if (strcmp(m, "where") == 0 || strcmp(m, "filter") == 0)
		return q_dml_where(e, recv, call);
	if (strcmp(m, "filter_by") == 0)
		return q_dml_filter_by(e, recv, call);
	if (strcmp(m, "returning") == 0)
		return q_dml_returning(e, recv, call);
	if (strcmp(m, "from_select") == 0)
		return q_dml_from_select(e, recv, call);
	if (strcmp(m, "on_conflict_do_nothing") == 0)
		return q_dml_on_conflict(e, recv, call, SXC_CONFLICT_NOTHING);
	if (strcmp(m, "on_conflict_do_update") == 0)
		return q_dml_on_conflict(e, recv, call, SXC_CONFLICT_UPDATE);
	if (strcmp(m, "execution_options") == 0 || strcmp(m, "inline") == 0)
		return q_dml_val(e, q_dml_copy(e, recv->dml), call);	/* no session: no effect */
	return Q_FAIL(e, ORM_ERR_NAME, call, "unknown method \"%s\" of %s()", m,
				  q_dml_word(recv->dml->kind));
}

/* ---- module -------------------------------------------------------------- */

static void
q_env_init(QEnv *e, OrmCtx *ctx, const JsonValue *params)
{
	memset(e, 0, sizeof(*e));
	e->ctx = ctx;
	e->a = ctx->arena;
	e->params = params && params->kind == JSON_OBJECT ? params : NULL;
}

static int
q_bind(QEnv *e, const PyNode *target, QVal *v)
{
	if (target->kind != PY_NAME)
	{
		q_fail(e, ORM_ERR_QUERY, target, "only simple names can be assigned");
		return -1;
	}
	q_var_set(e, target->str, v);
	return 0;
}

static QVal *
q_eval_module(QEnv *e, PyModule *m)
{
	QVal	   *last = NULL;
	int			i,
				t;

	for (i = 0; i < m->nstmts; i++)
	{
		PyStmt	   *st = m->stmts[i];

		switch (st->kind)
		{
			case PYS_IMPORT:
			case PYS_PASS:
				continue;
			case PYS_EXPR:
				if (!(last = q_eval(e, st->value)))
					return NULL;
				break;
			case PYS_ASSIGN:
			case PYS_ANNASSIGN:
				if (!st->value)
					continue;
				if (!(last = q_eval(e, st->value)))
					return NULL;
				if (st->ntargets > 0)
				{
					for (t = 0; t < st->ntargets; t++)
						if (q_bind(e, st->targets[t], last) < 0)
							return NULL;
				}
				else if (q_bind(e, st->target, last) < 0)
					return NULL;
				break;
			default:
				orm_err_at(e->ctx->err, ORM_ERR_QUERY, st->line, st->col,
						   "only assignments and one statement are allowed in a query");
				return NULL;
		}
	}
	if (!last)
		orm_err(e->ctx->err, ORM_ERR_QUERY, "empty query");
	return last;
}

/*
 * The text as a module of statements, parsed into arena a.  A statement
 * copied from inside a call, as the seed writes session.execute(\n
 * update(Post)\n    .where(...)), is one expression spread over indented
 * lines without its enclosing parentheses: when the text does not parse as a
 * module but does as one expression, it is that expression.  Otherwise the
 * module's error stands.
 */
static PyModule *
q_parse_into(QEnv *e, OrmArena *a, const char *text)
{
	PyModule   *m;
	PyStmt	   *st;
	PyNode	   *n;
	OrmError	expr_err;

	if ((m = py_parse_module(a, text, e->ctx->err)) != NULL)
		return m;
	memset(&expr_err, 0, sizeof(expr_err));
	if (!(n = py_parse_expr(a, text, &expr_err)))
		return NULL;
	orm_err_clear(e->ctx->err);
	st = ORM_NEW(a, PyStmt);
	st->kind = PYS_EXPR;
	st->line = n->line;
	st->col = n->col;
	st->value = n;
	m = ORM_NEW(a, PyModule);
	m->nstmts = 1;
	m->stmts = ORM_NEWN(a, PyStmt *, 1);
	m->stmts[0] = st;
	return m;
}

/*
 * The parse cache: an application sends the same statement texts again and
 * again (with other params), and lexing and parsing is a third of a small
 * query's cost.  Syntax trees are immutable once built (the evaluator copies
 * a node before changing it), so a tree parsed into the connection's
 * parse_arena serves every later call with the same text.  An open-addressed
 * table of QPC_SLOTS entries keyed by the text; when half full, or when the
 * arena passes QPC_MAX_BYTES, everything is dropped and the cache refills.
 */
#define QPC_SLOTS		1024
#define QPC_MAX_BYTES	((size_t) 16 * 1024 * 1024)

typedef struct QParseEnt
{
	uint64_t	hash;
	const char *text;
	PyModule   *m;
} QParseEnt;

typedef struct QParseCache
{
	int			n;
	QParseEnt	ents[QPC_SLOTS];
} QParseCache;

static QParseEnt *
q_cache_slot(QParseCache *pc, const char *text, uint64_t h)
{
	size_t		i = (size_t) (h % QPC_SLOTS);

	while (pc->ents[i].text && (pc->ents[i].hash != h || strcmp(pc->ents[i].text, text) != 0))
		i = (i + 1) % QPC_SLOTS;
	return &pc->ents[i];
}

static PyModule *
q_parse_text(QEnv *e, const char *text)
{
	OrmConn    *conn = e->ctx->conn;
	QParseCache *pc;
	QParseEnt  *ent;
	uint64_t	h;
	char	   *copy;
	PyModule   *m;

	if (!conn || !conn->parse_arena.hooks.block_alloc)	/* no connection-lifetime memory */
		return q_parse_into(e, e->a, text);
	pc = conn->parse_cache;
	if (pc && (pc->n >= QPC_SLOTS / 2 || conn->parse_arena.total > QPC_MAX_BYTES))
		pc = NULL;
	if (!pc)
	{
		orm_arena_reset(&conn->parse_arena);
		conn->parse_cache = NULL;
		pc = ORM_NEW(&conn->parse_arena, QParseCache);
		conn->parse_cache = pc;
	}
	h = orm_hash_str(text, strlen(text));
	ent = q_cache_slot(pc, text, h);
	if (ent->text)
		return ent->m;
	/* syntax trees point into their text: the cached tree gets its own copy */
	copy = orm_strdup(&conn->parse_arena, text);
	if (!(m = q_parse_into(e, &conn->parse_arena, copy)))
		return NULL;
	ent->hash = h;
	ent->text = copy;
	ent->m = m;
	pc->n++;
	return m;
}

/* The statement's value: a select (a bare entity or column is select(x)) or a DML. */
static int
q_eval_text(QEnv *e, const char *text, SxSelect **sel, SxDml **dml)
{
	PyModule   *m;
	QVal	   *v;

	*sel = NULL;
	*dml = NULL;
	if (!(m = q_parse_text(e, text)))
		return -1;
	if (!(v = q_eval_module(e, m)))
		return -1;
	if (v->kind == QV_DML)
	{
		*dml = v->dml;
		return 0;
	}
	if (v->kind == QV_ENTITY || v->kind == QV_EXPR)
	{
		SxSelect   *s = sx_select_new(e->a);

		if (v->kind == QV_EXPR && v->expr->kind == SX_EXISTS)
		{
			q_fail(e, ORM_ERR_QUERY, v->node, "the query text must end with a select() statement");
			return -1;
		}
		if (q_add_item(e, s, v) < 0)
			return -1;
		*sel = s;
		return 0;
	}
	if (v->kind != QV_SELECT)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "the query text must end with a select() statement");
		return -1;
	}
	*sel = v->sel;
	return 0;
}

SxSelect *
orm_query_eval(OrmCtx *ctx, const char *text, const JsonValue *params)
{
	QEnv		e;
	SxSelect   *sel;
	SxDml	   *dml;

	q_env_init(&e, ctx, params);
	if (q_eval_text(&e, text, &sel, &dml) < 0)
		return NULL;
	if (dml)
	{
		orm_err_at(ctx->err, ORM_ERR_QUERY, dml->line, dml->col,
				   "%s() statements run with orm_execute(), not orm_select()",
				   q_dml_word(dml->kind));
		return NULL;
	}
	return sel;
}

int
orm_query_eval_stmt(OrmCtx *ctx, const char *text, const JsonValue *params,
					SxSelect **sel, SxDml **dml)
{
	QEnv		e;

	q_env_init(&e, ctx, params);
	return q_eval_text(&e, text, sel, dml);
}

int
orm_query_options(OrmCtx *ctx, const char *text, SxSelect *sel)
{
	QEnv		e;
	PyNode	   *n;
	QVal	   *v;

	q_env_init(&e, ctx, NULL);
	if (!text || !*text)
		return 0;
	if (!(n = py_parse_expr(ctx->arena, text, ctx->err)))
		return -1;
	if (!(v = q_eval(&e, n)))
		return -1;
	return q_attach_opts(&e, sel, v);
}

/*
 * A relationship's extra primaryjoin / secondaryjoin criteria (rel->
 * extra_criteria, declaration text) as an expression over the FROMs of one
 * use of it: the target class's columns name target, the owner's parent, the
 * secondary table's sec.  On a self-referential relationship the class
 * names the parent, as in SQLAlchemy's unannotated primaryjoin (remote() is
 * not understood).  On a many-to-many relationship a name that is nothing
 * else names the secondary table (its Python variable).  The parse cache
 * parses each text once per connection.
 * parent may be NULL when the statement has no parent FROM: criteria naming
 * the owner are then an error.
 */
int
orm_rel_extra_criteria(OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
					   SxFrom *sec, SxFrom *target, SxExpr **out)
{
	QEnv		e;
	PyModule   *m;
	QVal	   *v;
	bool		self_ref;

	*out = NULL;
	if (!rel || !rel->extra_criteria || !*rel->extra_criteria)
		return 0;
	q_env_init(&e, ctx, NULL);
	self_ref = rel->owner && rel->target && rel->owner->table == rel->target->table;
	if (target && !self_ref)
		orm_vec_push(e.a, &e.class_from, target);
	if (sec && rel->secondary)
	{
		orm_vec_push(e.a, &e.class_from, sec);
		/* the declaration names the secondary Table by its variable, which
		 * the registry does not keep: an otherwise unknown name is it */
		e.sec_var = sec;
	}
	if (rel->owner)
	{
		if (!parent)
		{
			parent = sx_from_table(e.a, rel->owner->table, rel->owner);
			e.watch = parent;
		}
		orm_vec_push(e.a, &e.class_from, parent);
	}
	if (!(m = q_parse_text(&e, rel->extra_criteria)))
		goto bad;
	if (!(v = q_eval_module(&e, m)) || !(*out = q_to_expr(&e, v, NULL)))
		goto bad;
	if (e.watched)
		return orm_err(ctx->err, ORM_ERR_UNSUPPORTED,
					   "the criteria of relationship %s.%s name %s, which this load does not join",
					   rel->owner->name, rel->name, rel->owner->name);
	return 0;
bad:
	{
		OrmErrCode	code = ctx->err->code ? ctx->err->code : ORM_ERR_QUERY;
		const char *msg = orm_strdup(e.a, ctx->err->message);

		*out = NULL;
		orm_err_clear(ctx->err);
		return orm_err(ctx->err, code, "in the criteria of relationship %s.%s: %s",
					   rel->owner ? rel->owner->name : "?", rel->name, msg);
	}
}
