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

SxExpr *
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

QVal *
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
	/* a joined entity's tables are the subquery's FROM, joined (not only the
	 * tables its criteria name) */
	if (!sec && sx_from_multi(target))
		orm_vec_push(e->a, &s->froms, target);
	s->where = sx_rel_condition(e->a, rel, rv->from, sec, target);
	if (q_rel_extra(e, rel, rv->from, sec, target, &x) < 0)
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

QVal *
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
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown method \"%s\"", m);
}

/* ---- where() arguments; methods on relationships ------------------------- */

/* The arguments of where() / having(): each an expression, AND-ed onto *acc. */
int
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
		if (t->kind != QV_ENTITY || !t->cls || !orm_class_isa(t->cls, recv->rel->target) ||
			t->from->kind != SXF_TABLE)
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
