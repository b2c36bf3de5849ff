/*
 * query.c -- evaluates SQLAlchemy 2.0 select() statement text into the SQL
 * expression tree (sqlexpr.h), the way SQLAlchemy's Core and ORM build their
 * ClauseElements when the Python text runs.  This file is the evaluator's
 * top; the stages it calls are the query_*.c pieces, in the order
 * query_int.h gives.
 *
 * Owns: orm_query_eval, orm_query_options, and orm_query_eval_stmt, which
 * also evaluates insert() / update() / delete() (query.h);
 * orm_rel_extra_criteria (a relationship's primaryjoin criteria, evaluated
 * for one use of it); the parse cache (the statements run in query_flow.c), names, attribute
 * access, subscripts, calls and the method dispatcher, operators, and
 * q_eval itself.  Assumes: the text is parsed by
 * py_parse_module (pyast.h) -- this file never looks at characters; the
 * registry is resolved; literals meeting a typed expression are converted by
 * values.c (orm_value_from_json) to the stored form of that type.
 *
 * How it works.  The text is a module: assignments and control flow, then
 * the statement (the value of the last line; query_flow.c).  Each node is evaluated into a QVal, a tagged
 * value standing for the Python object SQLAlchemy would have built: an
 * entity (mapped class or aliased()), a relationship attribute, an SQL
 * expression (SxExpr), a select (SxSelect), a subquery/CTE (SxFrom), a
 * Python literal (kept as a JSON DOM so values.c can coerce it), an enum
 * member, a loader option, the func namespace, a type for cast().
 *
 *   User.id == 5          ENTITY(User) .id -> EXPR(col)  == LIT(5)
 *                         -> BINARY(EQ, COLUMN users.id, PARAM 5 as INTEGER)
 *
 * Names resolve to earlier assignments, then mapped classes, enums and plain
 * tables, then the vocabulary (select, and_, func, ...), then params keys.
 * A call is a builtin (query_builtins.c), func.<name>(), a type (String(50))
 * or a method, which q_call_method hands to the piece of its receiver's kind.
 * Before that, every keyword argument is checked against what the callable
 * takes (q_kw_rules): none is ever ignored.  "import x as y" binds y.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "orm/result.h"
#include "sql/concrete.h"
#include "sql/values.h"

#include <string.h>

#define Q_MAX_STR		(1024 * 1024)	/* a string folded from literals ("a" + "b") */

/* ---- names --------------------------------------------------------------- */

static QVal *
q_eval_name(QEnv *e, const PyNode *n)
{
	QVal	   *v;
	OrmClass   *cls;
	OrmEnum    *enm;
	OrmTable   *t;
	OrmType    *ty;
	const JsonValue *pj;

	if ((v = q_var(e, n->str)) != NULL)
		return v;
	if (e->body_entity && (orm_class_attr(e->body_entity->cls, n->str) ||
						   orm_class_xattr(e->body_entity->cls, n->str) ||
						   orm_class_rel(e->body_entity->cls, n->str)))
	{
		/* inside a column_property(): the class statement's own names */
		return q_attr_entity(e, e->body_entity, n->str, n);
	}
	if ((cls = orm_reg_class(e->ctx->reg, n->str)) != NULL && cls->concrete_union)
	{
		/* a ConcreteBase class: its polymorphic union (sql/concrete.c) */
		SxFrom	   *f = NULL;

		for (int i = 0; i < e->concrete_from.n && !f; i++)
			if (((SxFrom *) e->concrete_from.items[i])->cls == cls)
				f = e->concrete_from.items[i];
		if (!f)
		{
			if (!(f = sx_concrete_union(e->ctx, e->a, cls)))
				return Q_FAIL(e, ORM_ERR_DECL, n, "%s", e->ctx->err->message);
			orm_vec_push(e->a, &e->concrete_from, f);
		}
		return q_entity(e, f, n);
	}
	if (cls)
	{
		v = q_entity(e, q_class_from(e, cls->table, cls), n);
		if (!v->cls)			/* a relationship's secondary table (q_rel_criteria) */
			v->cls = cls;
		return v;
	}
	if ((enm = orm_reg_enum(e->ctx->reg, n->str)) != NULL)
	{
		v = q_new(e, QV_ENUMCLS, n);
		v->enm = enm;
		return v;
	}
	if ((t = orm_reg_table(e->ctx->reg, n->str)) != NULL && !t->cls)
	{
		v = q_new(e, QV_TABLE, n);
		v->from = q_class_from(e, t, NULL);
		return v;
	}
	if (strcmp(n->str, "func") == 0)
		return q_new(e, QV_FUNCNS, n);
	if (q_builtin_lookup(n->str))
	{
		v = q_new(e, QV_BUILTIN, n);
		v->name = n->str;
		return v;
	}
	if ((ty = q_type_by_name(e, n->str)) != NULL)
	{
		v = q_new(e, QV_TYPE, n);
		v->type = ty;
		return v;
	}
	if (e->params && (pj = json_get(e->params, n->str)) != NULL)
	{
		if (e->bound)
			orm_vec_push(e->a, e->bound, (void *) n->str);
		v = q_lit_from_json(e, pj, n);
		if (v->kind == QV_LIT)
			v->param_key = n->str;
		return v;
	}
	if (e->scope_cls && orm_class_attr(e->scope_cls, n->str))
	{
		/* primaryjoin=remote(foreign(path)).like(...) in the class body */
		QVal		ev = {.kind = QV_ENTITY, .cls = e->scope_cls, .node = n,
		.from = q_class_from(e, e->scope_cls->table, e->scope_cls)};

		return q_attr_entity(e, &ev, n->str, n);
	}
	if (e->sec_var)
	{
		v = q_new(e, QV_TABLE, n);
		v->from = e->sec_var;
		return v;
	}
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ENTITY, n, n->str, NULL, "name '%s' is not defined", n->str);
}

/* ---- attribute access ---------------------------------------------------- */

static const PyNode *q_at_method(QEnv *e, const PyNode *call, const PyNode *attr);

/* sa.select, sqlalchemy.func, orm.aliased, so.selectinload (`import
 * sqlalchemy.orm as so`, as SQLAlchemy 2.0 tutorials write it): the name */
static bool
q_module_alias(QEnv *e, const char *name)
{
	return q_fsa_namespace(e, name) || strcmp(name, "sa") == 0 || strcmp(name, "sqlalchemy") == 0 ||
		strcmp(name, "orm") == 0 || strcmp(name, "so") == 0;
}

static QVal *
q_eval_attr(QEnv *e, const PyNode *n)
{
	QVal	   *base,
			   *v;
	int			i;

	if (n->a->kind == PY_NAME && !q_var(e, n->a->str) && q_module_alias(e, n->a->str))
	{
		PyNode		nm = *n;

		nm.kind = PY_NAME;
		return q_eval_name(e, &nm);
	}
	if (!(base = q_eval(e, n->a)))
		return NULL;
	if (base->kind == QV_RESULT && base->result_kind == QV_RK_DONE)
	{
		/* session.get(User, 1).name, q.first().title: Python on the call's value */
		if (!(base = q_call_value(e, base, n)))
			return NULL;
	}
	if (base->kind == QV_OBJ || (base->kind == QV_LIST && base->fields) ||
		(base->kind == QV_LIT && base->json->kind == JSON_NULL && !base->lit_type))
		return q_value_attr(e, base, q_at_method(e, n, n));	/* errors at the name */
	if (base->kind == QV_DICT && base->name && strcmp(base->name, "Pagination") == 0)
		return q_flask_page_attr(e, base, n);	/* db.paginate(...).items */
	switch (base->kind)
	{
		case QV_RESULT:
			/* result.rowcount: the Result object's own attributes */
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, q_at_method(e, n, n),
						  "\"%s\" of a Result is not supported: call one of its methods "
						  "(all(), first(), scalars() ...) and use what it returns", n->str);
		case QV_ENTITY:
			if (strcmp(n->str, "__table__") == 0 && base->cls && base->from->kind == SXF_TABLE)
			{
				/* User.__table__: the mapped Table (one FROM with the class's) */
				v = q_new(e, QV_TABLE, n);
				v->from = q_class_from(e, base->cls->table, base->cls);
				v->core = true;
				return v;
			}
			if (strcmp(n->str, "query") == 0 && base->cls && e->ctx->reg->namespaces.n &&
				!orm_class_attr(base->cls, "query") && !orm_class_xattr(base->cls, "query"))
				return q_flask_query(e, base, n);	/* Flask-SQLAlchemy's Model.query */
			return q_attr_entity(e, base, n->str, n);
		case QV_ENUMCLS:
			if ((i = orm_enum_index_by_name(base->enm, n->str)) < 0)
				return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, n, n->str, base->enm->name,
								 "enum %s has no member \"%s\"",
							  base->enm->name, n->str);
			v = q_new(e, QV_ENUM, n);
			v->enm = base->enm;
			v->idx = i;
			return v;
		case QV_SUBQ:
		case QV_TABLE:
			if (strcmp(n->str, "c") == 0 || strcmp(n->str, "columns") == 0)
			{
				v = q_new(e, QV_SUBQ_C, n);
				v->from = base->from;
				v->core = base->core;
				return v;
			}
			break;
		case QV_SELECT:
			if (base->sel->legacy_query && strcmp(n->str, "statement") == 0)
			{
				/* Query.statement: its select() */
				SxSelect   *s = q_sel_copy(e, base->sel);

				s->legacy_query = false;
				return q_sel_val(e, s, n);
			}
			if ((strcmp(n->str, "c") == 0 || strcmp(n->str, "columns") == 0) && !base->sel->raw)
				return q_sel_implicit_c(e, base, n);
			if (strcmp(n->str, "selected_columns") == 0 || strcmp(n->str, "exported_columns") == 0)
			{
				v = q_new(e, QV_SELCOLS, n);
				v->sel = base->sel;
				return v;
			}
			break;
		case QV_SELCOLS:
			return q_sel_col(e, base->sel, n->str, 0, n);
		case QV_SUBQ_C:
			if (base->from->kind == SXF_TABLE)
			{
				OrmColumn  *c = orm_table_col(base->from->table, n->str);
				SxExpr	   *x;

				if (!c)
					return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, n, n->str, base->from->table->name,
									 "unknown column \"%s\" on %s", n->str,
								  base->from->table->name);
				x = sx_column(e->a, base->from, c);
				x->core = base->core;
				return q_expr_val(e, x, n);
			}
			return q_subq_col(e, base->from, n->str, n);
		case QV_ENUM:
			if (strcmp(n->str, "value") == 0 || strcmp(n->str, "name") == 0)
			{
				const char *s = n->str[0] == 'v' ? base->enm->values[base->idx]
					: base->enm->names[base->idx];

				return q_lit(e, json_new_string(e->a, s, strlen(s)), n);
			}
			break;
		case QV_FUNCNS:
			v = q_new(e, QV_BUILTIN, n);
			v->name = orm_sprintf(e->a, "func.%s", n->str);
			return v;
		case QV_EXPR:
			if (strcmp(n->str, "astext") == 0 && base->expr->kind == SX_JSON_ELEM &&
				base->expr->type && base->expr->type->kind == ORM_T_JSONB)
			{
				/* PostgreSQL's JSONB comparator: data["k"].astext is ->> */
				return q_json_as(e, base, SXJ_STRING, &q_t_str, n);
			}
			if (strcmp(n->str, "expression") == 0)
			{
				/* User.fullname.expression, filename.expression in a
				 * column_property(): the attribute's SQL expression */
				return base->expr->kind == SX_LABEL && base->expr->index == 0 ?
					q_expr_val(e, base->expr->left, n) : base;
			}
			break;
		case QV_TYPE:
			if (strcmp(n->str, "NULL") == 0 && base->type &&
				(base->type->kind == ORM_T_JSON || base->type->kind == ORM_T_JSONB))
			{
				/* JSON.NULL: the JSON null ('null') bound as a JSON value, where
				 * None is SQL NULL: a bound parameter of the JSON type */
				OrmParam	p;
				SxExpr	   *x;

				memset(&p, 0, sizeof(p));
				if (orm_value_from_json(e->a, e->ctx->dialect, json_new(e->a, JSON_NULL),
										base->type, &p, e->ctx->err) < 0)
					return NULL;
				x = sx_param(e->a, p, base->type);
				x->type = base->type;
				x->line = n->line;
				x->column = n->col;
				return q_expr_val(e, x, n);
			}
			break;
		case QV_DML:
			if (strcmp(n->str, "excluded") == 0 && base->dml->excluded)
			{
				/* stmt.excluded.<column>: the row proposed for insertion */
				v = q_new(e, QV_SUBQ_C, n);
				v->from = base->dml->excluded;
				return v;
			}
			break;
		default:
			break;
	}
	if (base->kind == QV_LIT && base->has_tval && (v = q_temporal_attr(e, base, n)) != NULL)
		return v;				/* loan.due_on.year, (a - b).days */
	/* a bound method, called right after (handled by q_eval_call) */
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, n, n->str, NULL, "unknown attribute \"%s\"", n->str);
}

/* ---- subscripts: subq.c["x"], col["k"][0] -------------------------------- */

/*
 * tags[1]: an element of a PostgreSQL ARRAY, indexed as written (PostgreSQL
 * counts from 1), of the array's item type; a slice is refused.
 */
static QVal *
q_array_index(QEnv *e, QVal *base, QVal *idx, const PyNode *n)
{
	SxExpr	   *x = q_sx(e, SX_FUNC, NULL);
	const OrmType *t = base->expr->type;

	if (idx->kind != QV_LIT || idx->json->kind != JSON_NUMBER || !idx->json->is_int)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n, "an ARRAY is indexed by an integer here (slices are not supported)");
	x->name = " array_index";
	x->nargs = 2;
	x->args = ORM_NEWN(e->a, SxExpr *, 2);
	x->args[0] = base->expr;
	if (!(x->args[1] = q_to_expr(e, idx, &q_t_int)))
		return NULL;
	x->type = t->dimensions > 1 ? t : t->item;
	return q_expr_val(e, x, n);
}

/*
 * query[1:3]: Query.__getitem__ of a slice is its .slice(start, stop) (a
 * Query, whose value is its objects); an empty or reversed range is no rows,
 * as Python returns [].  A negative bound (Python slices the loaded list), a
 * step and an integer index are refused.
 */
static QVal *
q_query_getitem(QEnv *e, QVal *base, const PyNode *n)
{
	PyNode	   *c,
			   *none;
	const PyNode *sl = n->b;
	QVal	   *bound[2] = {0};

	if (sl->kind != PY_SLICE)
	{
		/* query[i]: the object at i (Python's IndexError past the end) */
		QVal	   *iv = q_eval(e, sl);

		return iv ? q_query_index(e, base, iv, n) : NULL;
	}
	if (sl->c)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, sl->c, "a step in a Query's slice is not supported");
	for (int i = 0; i < 2; i++)
	{
		const PyNode *x = i == 0 ? sl->a : sl->b;

		if (!x)
			continue;
		if (!(bound[i] = q_eval(e, x)))
			return NULL;
		if (bound[i]->kind == QV_LIT && bound[i]->json->kind == JSON_NUMBER &&
			bound[i]->json->is_int && bound[i]->json->ival < 0)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, x,
						  "a negative bound in a Query's slice is not supported (Python slices "
						  "the loaded rows)");
	}
	none = ORM_NEW(e->a, PyNode);
	*none = *sl;
	none->kind = PY_NONE;
	none->a = none->b = none->c = NULL;
	c = ORM_NEW(e->a, PyNode);
	*c = *n;
	c->kind = PY_CALL;
	c->a = n->a;
	c->b = c->c = NULL;
	c->nitems = 2;
	c->items = ORM_NEWN(e->a, PyNode *, 2);
	c->items[0] = sl->a ? sl->a : none;
	c->items[1] = sl->b ? sl->b : none;
	c->nkw = 0;
	c->kwnames = NULL;
	c->kwvalues = NULL;
	if (bound[0] && bound[1] && bound[0]->kind == QV_LIT && bound[1]->kind == QV_LIT &&
		bound[0]->json->kind == JSON_NUMBER && bound[1]->json->kind == JSON_NUMBER &&
		bound[0]->json->is_int && bound[1]->json->is_int &&
		bound[1]->json->ival < bound[0]->json->ival)
		c->items[1] = sl->a;	/* [3:1]: no rows, as .slice(3, 3) */
	return q_select_method(e, base, "slice", c);
}

static QVal *
q_eval_subscript(QEnv *e, const PyNode *n)
{
	QVal	   *base,
			   *idx;
	SxExpr	   *x,
			  **steps,
			  **args;
	const char *s;
	int			nsteps;

	if (!(base = q_eval(e, n->a)))
		return NULL;
	if (base->kind == QV_RESULT && base->result_kind == QV_RK_DONE &&
		!(base = q_call_value(e, base, n)))
		return NULL;			/* rows[0], row["name"]: Python on the call's value */
	if (q_is_pycontainer(base))
		return q_py_subscript(e, base, n);	/* tags[0], opts["k"], name[:3] */
	if (base->kind == QV_OBJ || (base->kind == QV_LIT && base->json->kind == JSON_NULL))
		return Q_FAIL(e, ORM_ERR_QUERY, n->a, "'%s' object is not subscriptable",
					  q_py_type_name(base));
	if (base->kind == QV_SELECT && base->sel->legacy_query)
		return q_query_getitem(e, base, n);
	if (!(idx = q_eval(e, n->b)))
		return NULL;
	if (base->kind == QV_RESULT)
		return Q_FAIL(e, ORM_ERR_QUERY, n->a, "'%s' object is not subscriptable",
					  base->result_kind == QV_RK_SCALARS ? "ScalarResult" :
					  base->result_kind == QV_RK_MAPPINGS ? "MappingResult" : "Result");
	if (base->kind == QV_SUBQ_C && (s = q_str_arg(idx)) != NULL)
	{
		PyNode		an = *n;

		an.kind = PY_ATTR;
		an.str = s;
		an.a = n->a;
		return q_eval_attr(e, &an);
	}
	if (base->kind == QV_SELCOLS && idx->kind == QV_LIT && !idx->lit_type &&
		idx->json->kind == JSON_NUMBER && idx->json->is_int)
		return q_sel_col(e, base->sel, NULL, idx->json->ival, n);
	if (base->kind == QV_SELCOLS && (s = q_str_arg(idx)) != NULL)
		return q_sel_col(e, base->sel, s, 0, n);
	if (base->kind == QV_SUBQ_C && idx->kind == QV_LIST)
	{
		/* table.c["name", "fullname"]: those columns, in that order (a
		 * column collection, which select() spreads into its columns) */
		QVal	   *l = q_new(e, QV_LIST, n);

		l->n = idx->n;
		l->depth = 1;
		l->items = ORM_NEWN(e->a, QVal *, idx->n > 0 ? idx->n : 1);
		for (int k = 0; k < idx->n; k++)
		{
			PyNode		an = *n;

			if (!(s = q_str_arg(idx->items[k])))
				return Q_FAIL(e, ORM_ERR_QUERY, idx->items[k]->node,
							  "a column collection is subscripted by column names");
			an.kind = PY_ATTR;
			an.str = s;
			an.a = n->a;
			if (!(l->items[k] = q_eval_attr(e, &an)))
				return NULL;
		}
		return l;
	}
	if (base->kind != QV_EXPR || (idx->kind != QV_LIT && idx->kind != QV_LIST))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported subscript");
	if (base->expr->type && base->expr->type->kind == ORM_T_ARRAY)
		return q_array_index(e, base, idx, n);
	/* col["k"] is JSON's element access; SQLAlchemy has no [] on other types */
	if (!base->expr->type || (base->expr->type->kind != ORM_T_JSON &&
							  base->expr->type->kind != ORM_T_JSONB))
		return Q_FAIL(e, ORM_ERR_QUERY, n, "only a JSON value can be subscripted");
	/* col[("a", 1, "b")]: a path of several steps (SQLAlchemy's JSON path
	 * index), the same as col["a"][1]["b"] */
	nsteps = idx->kind == QV_LIST ? idx->n : 1;
	if (nsteps == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, n->b, "a JSON path needs at least one step");
	steps = ORM_NEWN(e->a, SxExpr *, nsteps);
	for (int k = 0; k < nsteps; k++)
	{
		QVal	   *sv = idx->kind == QV_LIST ? idx->items[k] : idx;

		if (sv->kind != QV_LIT || sv->lit_type ||
			!(sv->json->kind == JSON_STRING || (sv->json->kind == JSON_NUMBER && sv->json->is_int)))
			return Q_FAIL(e, ORM_ERR_QUERY, sv->node ? sv->node : n->b,
						  "a JSON path step must be a string or an integer");
		if (!(steps[k] = q_param(e, sv, NULL)))
			return NULL;
	}
	if (base->expr->kind == SX_JSON_ELEM && base->expr->json_as == SXJ_JSON)
	{
		x = ORM_NEW(e->a, SxExpr);
		*x = *base->expr;
		args = ORM_NEWN(e->a, SxExpr *, x->nargs + nsteps);
		memcpy(args, x->args, sizeof(SxExpr *) * x->nargs);
		memcpy(args + x->nargs, steps, sizeof(SxExpr *) * nsteps);
		x->nargs += nsteps;
		x->args = args;
		return q_expr_val(e, x, n);
	}
	x = q_sx(e, SX_JSON_ELEM, base->expr->type);
	x->left = base->expr;
	x->nargs = nsteps;
	x->args = steps;
	return q_expr_val(e, x, n);
}

/* ---- keyword arguments: every one is consumed, or the call is refused ----- */

/*
 * The keyword arguments each callable takes here, by the kind of its
 * receiver (Q_KW_BUILTIN: a name called on its own).  A keyword not listed
 * is refused, as Python refuses it (SQLAlchemy's TypeError "got an
 * unexpected keyword argument"), or -- where SQLAlchemy has it and orm does
 * not -- because ignoring it would change the result silently.  "*": the
 * handler checks its keywords itself (filter_by(), values(), loader
 * options, ...).  A callable not in the table takes none.
 */
#define Q_KW_BUILTIN	(-1)
#define Q_KW_FUNC		(-2)	/* func.<name>(...) */
#define Q_KW_TYPE		(-3)	/* String(50), DateTime(timezone=True) */

typedef struct QKwRule
{
	int			kind;			/* QvKind of the receiver, or Q_KW_* */
	const char *name;			/* NULL: every callable of that kind */
	const char *kw;				/* "a,b", "*" */
} QKwRule;

static const QKwRule q_kw_rules[] = {
	{Q_KW_BUILTIN, "case", "value,else_"},
	{Q_KW_BUILTIN, "between", "symmetric"},
	{Q_KW_BUILTIN, "aliased", "name,adapt_on_names,flat"},
	{Q_KW_BUILTIN, "bindparam", "value,expanding,unique,required"},
	{Q_KW_BUILTIN, "over", "partition_by,order_by,rows,range_"},
	{Q_KW_BUILTIN, "join", "onclause,isouter,full"},
	{Q_KW_BUILTIN, "outerjoin", "onclause,full"},
	/* these check their own keywords */
	{Q_KW_BUILTIN, "selectinload", "*"}, {Q_KW_BUILTIN, "joinedload", "*"},
	{Q_KW_BUILTIN, "subqueryload", "*"}, {Q_KW_BUILTIN, "lazyload", "*"},
	{Q_KW_BUILTIN, "contains_eager", "*"}, {Q_KW_BUILTIN, "raiseload", "*"},
	{Q_KW_BUILTIN, "noload", "*"}, {Q_KW_BUILTIN, "defaultload", "*"},
	{Q_KW_BUILTIN, "immediateload", "*"}, {Q_KW_BUILTIN, "Load", "*"},
	{Q_KW_BUILTIN, "with_polymorphic", "*"}, {Q_KW_BUILTIN, "with_loader_criteria", "*"},
	{Q_KW_BUILTIN, "load_only", "*"}, {Q_KW_BUILTIN, "defer", "*"},
	{Q_KW_BUILTIN, "undefer", "*"}, {Q_KW_BUILTIN, "Bundle", "*"},
	{Q_KW_BUILTIN, "with_parent", "*"}, {Q_KW_BUILTIN, "dict", "*"},
	{Q_KW_BUILTIN, "date", "*"}, {Q_KW_BUILTIN, "datetime", "*"},
	{Q_KW_BUILTIN, "time", "*"}, {Q_KW_BUILTIN, "timedelta", "*"},
	{Q_KW_BUILTIN, "Decimal", "*"}, {Q_KW_BUILTIN, "UUID", "*"},
	{Q_KW_BUILTIN, "insert", "*"}, {Q_KW_BUILTIN, "update", "*"},
	{Q_KW_BUILTIN, "delete", "*"}, {Q_KW_BUILTIN, "remote", "*"},
	{Q_KW_BUILTIN, "foreign", "*"}, {Q_KW_BUILTIN, "literal_column", "type_"},
	{Q_KW_BUILTIN, "Values", "name,literal_binds"}, {Q_KW_BUILTIN, "values", "name,literal_binds"},
	{Q_KW_BUILTIN, "column", "type_"}, {Q_KW_BUILTIN, "enumerate", "start"},
	{Q_KW_BUILTIN, "sorted", "reverse,key"}, {Q_KW_BUILTIN, "sum", "start"},
	{Q_KW_TYPE, NULL, "timezone"},
	{Q_KW_FUNC, NULL, "type_"},
	{QV_SELECT, "join", "onclause,isouter,full"},
	{QV_SELECT, "outerjoin", "onclause,full"},
	{QV_SELECT, "join_from", "onclause,isouter,full"},
	{QV_SELECT, "outerjoin_from", "onclause,full"},
	{QV_SELECT, "with_for_update", "nowait,read,skip_locked,key_share,of"},
	{QV_SELECT, "fetch", "with_ties,percent"}, {QV_SELECT, "params", "*"},
	{QV_SELECT, "subquery", "name"}, {QV_SELECT, "alias", "name"},
	{QV_SELECT, "lateral", "name"}, {QV_SELECT, "cte", "name,recursive"},
	{QV_SELECT, "filter_by", "*"}, {QV_SELECT, "execution_options", "*"},
	{QV_SELECT, "bindparams", "*"},
	{QV_TABLE, "join", "onclause,isouter,full"}, {QV_TABLE, "outerjoin", "onclause,full"},
	{QV_TABLE, "alias", "name"},
	{QV_JOIN, "join", "onclause,isouter,full"}, {QV_JOIN, "outerjoin", "onclause,full"},
	{QV_EXPR, "over", "partition_by,order_by,rows,range_"},
	{QV_EXPR, "table_valued", "name,with_ordinality,joins_implicitly"},
	{QV_EXPR, "column_valued", "name,joins_implicitly"},
	{QV_SELECT, "render_derived", "name,with_types"},
	{QV_EXPR, "regexp_match", "flags"}, {QV_EXPR, "not_regexp_match", "flags"},
	{QV_EXPR, "like", "escape"}, {QV_EXPR, "ilike", "escape"},
	{QV_EXPR, "between", "symmetric"},
	{QV_EXPR, "not_like", "escape"}, {QV_EXPR, "notlike", "escape"},
	{QV_EXPR, "not_ilike", "escape"}, {QV_EXPR, "notilike", "escape"},
	{QV_EXPR, "startswith", "escape,autoescape"}, {QV_EXPR, "endswith", "escape,autoescape"},
	{QV_EXPR, "contains", "escape,autoescape"}, {QV_EXPR, "istartswith", "escape,autoescape"},
	{QV_EXPR, "iendswith", "escape,autoescape"}, {QV_EXPR, "icontains", "escape,autoescape"},
	{QV_EXPR, "bindparams", "*"},
	{QV_EXPR, "select_from", NULL}, {QV_EXPR, "where", NULL},
	{QV_REL, "any", "*"}, {QV_REL, "has", "*"},
	{QV_DML, "values", "*"}, {QV_DML, "filter_by", "*"},
	/* rows come back in parameter order anyway (README: RETURNING in VALUES order) */
	{QV_DML, "returning", "sort_by_parameter_order"},
	{QV_DML, "on_conflict_do_nothing", "*"}, {QV_DML, "on_conflict_do_update", "*"},
	{QV_DML, "execution_options", "*"},
	{QV_OPT, NULL, "*"},		/* loader option steps check theirs */
};

static bool
q_kw_in(const char *list, const char *k)
{
	size_t		n = strlen(k);

	for (const char *p = list; p && *p;)
	{
		const char *end = strchr(p, ',');
		size_t		len = end ? (size_t) (end - p) : strlen(p);

		if (len == n && strncmp(p, k, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* 0, or -1 with the error at the first keyword callable kind/name does not take. */
static int
q_check_kwargs(QEnv *e, int kind, const char *name, const PyNode *call)
{
	const char *allowed = NULL;

	if (call->nkw == 0)
		return 0;
	for (size_t i = 0; i < sizeof(q_kw_rules) / sizeof(q_kw_rules[0]); i++)
		if (q_kw_rules[i].kind == kind &&
			(!q_kw_rules[i].name || strcmp(q_kw_rules[i].name, name) == 0))
		{
			allowed = q_kw_rules[i].kw;
			break;
		}
	if (allowed && strcmp(allowed, "*") == 0)
		return 0;
	for (int i = 0; i < call->nkw; i++)
		if (!call->kwnames[i] || !q_kw_in(allowed, call->kwnames[i]))
		{
			q_fail(e, ORM_ERR_QUERY, call->kwvalues[i],
				   call->kwnames[i] ?
				   orm_sprintf(e->a, "%s() got an unexpected keyword argument '%s'", name,
							   call->kwnames[i]) :
				   orm_sprintf(e->a, "** arguments in %s() are not supported", name));
			return -1;
		}
	return 0;
}

/* ---- methods: the receiver's stage --------------------------------------- */

/* recv.name(...): the method of recv's kind (installed as e->call_method) */
static QVal *
q_dispatch_method(QEnv *e, QVal *recv, const char *name, const PyNode *call)
{
	if (q_is_pydict(recv))
		return q_dict_method(e, recv, name, call);	/* d.items(), d.get(k) ... */
	if (recv->kind == QV_LIT && !recv->lit_type && recv->json->kind == JSON_STRING)
	{
		/* s.lower(), s.split(","), s.startswith("-") ...: Python's str methods */
		QVal	   *v = q_str_method(e, recv, name, call);

		if (v || e->ctx->err->code)
			return v;
	}
	if (recv->kind == QV_RESULT && recv->result_kind == QV_RK_DONE)
	{
		/* session.get(User, 1)._asdict(), q.first().title.upper(): its value's */
		if (!(recv = q_call_value(e, recv, call)))
			return NULL;
		return q_dispatch_method(e, recv, name, call);
	}
	if (recv->kind == QV_RESULT)
		return q_result_method(e, recv, name, call);
	if (recv->kind == QV_LIT && recv->has_tval)
	{
		/* d.isoformat(), dt.date(): query_pydates.c */
		QVal	   *v = q_temporal_method(e, recv, name, call);

		if (v || e->ctx->err->code)
			return v;
	}
	if (recv->kind == QV_OBJ || (recv->kind == QV_LIST && recv->fields) ||
		(recv->kind == QV_LIT && recv->json->kind == JSON_NULL && !recv->lit_type))
		return q_row_method(e, recv, name, call);
	if (recv->kind == QV_SELECT && recv->sel->legacy_query && q_query_has(name))
		return q_query_method(e, recv, name, call);
	if (recv->kind == QV_SELECT && recv->sel->legacy_from)
	{
		/* after a Query's union(): its entity's columns read the compound */
		QVal	   *v;

		if (q_check_kwargs(e, QV_SELECT, name, call) < 0)
			return NULL;
		v = q_select_method(e, recv, name, call);

		if (v && v->kind == QV_SELECT && v->sel != recv->sel)
			q_adapt_sel(e, v->sel, recv->sel->legacy_from, recv->sel->legacy_to);
		return v;
	}
	if (q_check_kwargs(e, recv->kind == QV_LIT || recv->kind == QV_ENUM ? QV_EXPR :
					   recv->kind == QV_SUBQ ? QV_SELECT : (int) recv->kind, name, call) < 0)
		return NULL;
	switch (recv->kind)
	{
		case QV_SELECT:
			if (recv->sel->no_eager && strcmp(name, "options") == 0)
			{
				/* enable_eagerloads(False) before: the options are not applied
				 * (with_loader_criteria() still is) */
				QVal	   *v = q_select_method(e, recv, name, call);

				if (v && v->kind == QV_SELECT && v->sel != recv->sel)
					v->sel->options.n = 0;
				return v;
			}
			return q_select_method(e, recv, name, call);
		case QV_EXPR:
			if (recv->expr->kind == SX_SCALAR_SUBQ && recv->expr->select &&
				(strcmp(name, "correlate") == 0 || strcmp(name, "correlate_except") == 0))
			{
				/* select(...).scalar_subquery().correlate(t): the select's
				 * correlate(), still a scalar subquery (ScalarSelect's own) */
				QVal	   *sv = q_sel_val(e, recv->expr->select, recv->node),
						   *r;
				SxExpr	   *x;

				if (!(r = q_select_method(e, sv, name, call)))
					return NULL;
				if (r->kind != QV_SELECT)
					return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() of a scalar subquery", name);
				x = q_sx(e, SX_SCALAR_SUBQ, recv->expr->type);
				*x = *recv->expr;
				x->select = r->sel;
				return q_expr_val(e, x, call);
			}
			return q_expr_method(e, recv, name, call);
		case QV_SUBQ:
			return q_subq_method(e, recv, name, call);
		case QV_OPT:
			return q_opt_method(e, recv, name, call);
		case QV_REL:
			return q_rel_method(e, recv, name, call);
		case QV_PROXY:
			return q_proxy_method(e, recv, name, call);
		case QV_DML:
			return q_dml_method(e, recv, name, call);
		case QV_TABLE:
		case QV_JOIN:
			return q_join_method(e, recv, name, call);
		case QV_LIT:
		case QV_ENUM:
			/* literal(5).label() style calls on plain values */
			{
				SxExpr	   *x = q_to_expr(e, recv, NULL);

				return x ? q_expr_method(e, q_expr_val(e, x, call), name, call) : NULL;
			}
		default:
			return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, name, NULL, "unknown method \"%s\"", name);
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
		!(a = q_eval(e, call->items[0])) || !(r = q_to_expr(e, a, q_compared_type(l->type, a))))
		return NULL;
	x = q_binary(e, SXOP_CUSTOM, l, r, cmp ? &q_t_bool : l->type);
	x->name = op;
	return q_expr_val(e, x, call);
}

/* Entity.method(args) of a @hybrid_method: its arguments by position or name. */
static QVal *
q_hybrid_call(QEnv *e, const OrmXattr *p, QVal *entity, const PyNode *call)
{
	QVal	  **args = ORM_NEWN(e->a, QVal *, p->nparams + 1);
	int			i,
				k;

	if (call->nitems > p->nparams)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() takes %d argument%s (%d given)", p->name,
					  p->nparams, p->nparams == 1 ? "" : "s", call->nitems);
	for (i = 0; i < call->nitems; i++)
	{
		if (call->items[i]->kind == PY_STARRED)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "*arguments are not supported here");
		if (!(args[i] = q_eval(e, call->items[i])))
			return NULL;
	}
	for (i = 0; i < call->nkw; i++)
	{
		const char *kn = call->kwnames[i];

		for (k = 0; kn && k < p->nparams; k++)
			if (strcmp(p->params[k], kn) == 0)
				break;
		if (!kn || k == p->nparams)
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "%s() got an unexpected keyword argument '%s'",
						  p->name, kn ? kn : "**");
		if (args[k])
			return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i], "%s() got multiple values for argument '%s'",
						  p->name, kn);
		if (!(args[k] = q_eval(e, call->kwvalues[i])))
			return NULL;
	}
	for (k = 0; k < p->nparams; k++)
		if (!args[k])
			return Q_FAIL(e, ORM_ERR_QUERY, call, "%s() missing required argument '%s'",
						  p->name, p->params[k]);
	return q_xattr(e, p, entity, args, p->nparams, call);
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
		if ((fn->a->kind == PY_NAME && strcmp(fn->a->str, "func") == 0 && !q_var(e, "func")) ||
			(fn->a->kind == PY_ATTR && strcmp(fn->a->str, "func") == 0))
			return q_check_kwargs(e, Q_KW_FUNC, orm_sprintf(e->a, "func.%s", fn->str), n) < 0 ?
				NULL : q_func_call(e, fn->str, n);
		if ((f = q_py_module_call(e, fn, n)) != NULL || e->ctx->err->code)
			return f;
		if ((f = q_flask_call(e, fn, n)) != NULL || e->ctx->err->code)
			return f;
		if (q_session_recv(e, fn->a, fn->str))
			return q_session_call(e, fn->a, fn->str, q_at_method(e, n, fn));
		if (fn->a->kind == PY_NAME && !q_var(e, fn->a->str) && q_module_alias(e, fn->a->str))
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
				return q_check_kwargs(e, Q_KW_FUNC, orm_sprintf(e->a, "func.%s", fn->str), n) < 0 ?
					NULL : q_func_call(e, fn->str, n);
			if (recv->kind == QV_ENTITY && recv->cls)
			{
				const OrmXattr *p = orm_class_xattr(recv->cls, fn->str);

				if (p && p->kind == ORM_XA_HYBRID_METHOD)
					return q_hybrid_call(e, p, recv, n);
			}
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
		return q_check_kwargs(e, Q_KW_TYPE, fn->kind == PY_NAME ? fn->str : "type", n) < 0 ?
			NULL : q_type_call(e, f, n);
	if (f->kind == QV_BUILTIN && (b = q_builtin_lookup(f->name)) != NULL)
		return q_check_kwargs(e, Q_KW_BUILTIN, b->name, n) < 0 ? NULL : b->fn(e, n);
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

/*
 * Vertex.start == Point(1, 2) (or a tuple, or None): each column compared
 * with its field's value, and_()-ed, as SQLAlchemy's composite comparator
 * does for every operator.
 */
static QVal *
q_composite_compare(QEnv *e, SxOp op, QVal *a, const PyNode *rhs, const PyNode *n)
{
	const OrmComposite *comp = a->comp;
	const PyNode **vals = ORM_NEWN(e->a, const PyNode *, comp->n);
	SxExpr	  **cmp = ORM_NEWN(e->a, SxExpr *, comp->n);

	if (rhs->kind == PY_NONE)
		for (int i = 0; i < comp->n; i++)
			vals[i] = rhs;
	else if (rhs->kind == PY_TUPLE && rhs->nitems == comp->n)
		for (int i = 0; i < comp->n; i++)
			vals[i] = rhs->items[i];
	else if (rhs->kind == PY_CALL && rhs->a->kind == PY_NAME && strcmp(rhs->a->str, comp->cls_name) == 0)
	{
		if (rhs->nitems > comp->n)
			return Q_FAIL(e, ORM_ERR_QUERY, rhs, "%s() takes %d arguments", comp->cls_name, comp->n);
		for (int i = 0; i < rhs->nitems; i++)
			vals[i] = rhs->items[i];
		for (int k = 0; k < rhs->nkw; k++)
		{
			int			i;

			for (i = 0; i < comp->n && !(rhs->kwnames[k] && strcmp(rhs->kwnames[k], comp->fields[i]) == 0); i++)
				;
			if (i == comp->n || vals[i])
				return Q_FAIL(e, ORM_ERR_QUERY, rhs->kwvalues[k], "%s() got an unexpected or repeated "
							  "argument '%s'", comp->cls_name, rhs->kwnames[k] ? rhs->kwnames[k] : "**");
			vals[i] = rhs->kwvalues[k];
		}
		for (int i = 0; i < comp->n; i++)
			if (!vals[i])
				return Q_FAIL(e, ORM_ERR_QUERY, rhs, "%s() missing argument '%s'", comp->cls_name,
							  comp->fields[i]);
	}
	else
		return Q_FAIL(e, ORM_ERR_QUERY, rhs,
					  "composite %s compares with %s(...), a tuple of %d values or None",
					  comp->name, comp->cls_name, comp->n);
	for (int i = 0; i < comp->n; i++)
	{
		SxExpr	   *x = sx_column(e->a, a->from, comp->cols[i]);
		QVal	   *bv,
				   *r;

		x->type = &comp->cols[i]->type;
		if (!(bv = q_eval(e, vals[i])) || !(r = q_compare(e, op, q_expr_val(e, x, n), bv, n)))
			return NULL;
		cmp[i] = r->expr;
	}
	return q_expr_val(e, q_boollist(e, SXOP_AND, comp->n, cmp), n);
}

/* An SQL construct (not a Python value) that SQL compares? */
static bool
q_is_sqlish(const QVal *v)
{
	return v->kind == QV_EXPR || v->kind == QV_REL || v->kind == QV_PROXY;
}

/*
 * x in y / x is y: Python's tests of Python values.  On an SQL expression
 * Python's answer is a constant (User.id in [1, 2] is False, User.id is
 * None is False), never what was meant: refused, pointing at in_() / is_().
 */
static QVal *
q_eval_in_is(QEnv *e, const PyNode *n)
{
	QVal	   *a,
			   *b;
	bool		is = n->op == PY_OP_IS || n->op == PY_OP_IS_NOT;

	if (!(a = q_eval(e, n->a)) || !(b = q_eval(e, n->b)))
		return NULL;
	if (q_is_sqlish(a) || (is && q_is_sqlish(b)))
		return Q_FAIL(e, ORM_ERR_QUERY, n, is ?
					  "\"is\" on an SQL expression is Python's identity test, not SQL: use "
					  ".is_(None) / .is_not(None) or == None / != None" :
					  "\"in\" on an SQL expression is Python's membership test, not SQL: use "
					  ".in_([...]) / .not_in([...])");
	return q_py_compare(e, n->op, a, b, n);
}

static QVal *q_done_value(QEnv *e, QVal *v, const PyNode *at);

static QVal *
q_eval_compare(QEnv *e, const PyNode *n)
{
	QVal	   *a,
			   *b = NULL;
	SxOp		op = q_cmp_op(n->op);

	if (op == SXOP_MATCH)
		return q_eval_in_is(e, n);
	if ((n->a->kind == PY_CALL || n->a->kind == PY_TUPLE) && n->b->kind == PY_ATTR)
	{
		/* Point(1, 2) == Vertex.start: reflected, as Python tries the right side */
		static const SxOp swap[][2] = {{SXOP_LT, SXOP_GT}, {SXOP_GT, SXOP_LT},
		{SXOP_LE, SXOP_GE}, {SXOP_GE, SXOP_LE}};

		if (!(b = q_eval(e, n->b)))
			return NULL;
		if (b->kind == QV_EXPR && b->comp)
		{
			for (size_t i = 0; i < sizeof(swap) / sizeof(swap[0]); i++)
				if (swap[i][0] == op)
				{
					op = swap[i][1];
					break;
				}
			return q_composite_compare(e, op, b, n->a, n);
		}
	}
	if (!(a = q_done_value(e, q_eval(e, n->a), n->a)))
		return NULL;
	if (a->kind == QV_EXPR && a->comp)
		return q_composite_compare(e, op, a, n->b, n);
	if (!b && !(b = q_eval(e, n->b)))
		return NULL;
	if (!(b = q_done_value(e, b, n->b)))
		return NULL;
	if (b->kind == QV_EXPR && b->comp)
		return Q_FAIL(e, ORM_ERR_QUERY, n, "composite %s compares with %s(...), a tuple of %d values or None",
					  b->comp->name, b->comp->cls_name, b->comp->n);
	if (a->kind == QV_PROXY || b->kind == QV_PROXY)
		return q_proxy_compare(e, n->op, a, b, n);
	if (a->kind != QV_EXPR && b->kind != QV_EXPR && a->kind != QV_REL && b->kind != QV_REL)
		return q_py_compare(e, n->op, a, b, n);	/* two Python values: Python's answer */
	return q_compare(e, op, a, b, n);
}

/* ---- arithmetic and unary operators, lists, dicts; one node -------------- */

/* v, or the value of v when it is a session call's terminal (n + session.scalar(...)) */
static QVal *
q_done_value(QEnv *e, QVal *v, const PyNode *at)
{
	if (v && v->kind == QV_RESULT && v->result_kind == QV_RK_DONE)
		return q_call_value(e, v, at);
	return v;
}

static QVal *
q_eval_binop(QEnv *e, const PyNode *n)
{
	QVal	   *a,
			   *b;
	SxExpr	   *l,
			   *r;

	if (!(a = q_done_value(e, q_eval(e, n->a), n->a)) ||
		!(b = q_done_value(e, q_eval(e, n->b), n->b)))
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
	if (n->op == '+' && a->kind == QV_LIST && b->kind == QV_LIST)
	{
		/* [1, 2] + ids: Python's concatenation (a new list; a tuple of tuples) */
		bool		ta = a->node && a->node->kind == PY_TUPLE,
					tb = b->node && b->node->kind == PY_TUPLE;
		QVal	   *c;

		if (ta != tb)
			return Q_FAIL(e, ORM_ERR_QUERY, n, "can only concatenate %s (not \"%s\") to %s",
						  ta ? "tuple" : "list", tb ? "tuple" : "list", ta ? "tuple" : "list");
		c = q_new(e, QV_LIST, ta ? a->node : n);
		c->items = ORM_NEWN(e->a, QVal *, a->n + b->n + 1);
		for (int i = 0; i < a->n; i++)
			c->items[c->n++] = a->items[i];
		for (int i = 0; i < b->n; i++)
			c->items[c->n++] = b->items[i];
		return q_list_depth(e, c);
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
	if (!(a = q_done_value(e, q_eval(e, n->a), n->a)))
		return NULL;
	if ((folded = q_fold_unary(e, n, a, &done)) != NULL || done)
		return folded;
	if (n->op == '+')
		return a;
	if (n->op == PY_OP_NOT)
	{
		/* Python's not: of a clause, SQLAlchemy's TypeError (use not_() or ~) */
		int			t = q_truth(e, a, n);

		return t < 0 ? NULL : q_lit(e, json_new(e->a, t ? JSON_FALSE : JSON_TRUE), n);
	}
	if (a->kind == QV_LIST || a->kind == QV_DICT)	/* Python: TypeError */
		return Q_FAIL(e, ORM_ERR_QUERY, n, "bad operand type for unary %c: '%s'", n->op,
					  a->kind == QV_DICT ? "dict" : "list");
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
 * [expr for name in iterable if cond]: one "for" over a list or tuple the text
 * gives (terms = ["a", "b"]), conditions that evaluate to a literal; the name
 * is bound for the element only, as Python scopes it.
 */
static QVal *
q_eval_comprehension(QEnv *e, const PyNode *n)
{
	QVal	   *v = q_new(e, QV_LIST, n),
			   *d = NULL,
			   *it,
			  **saved;
	const char **names;
	OrmPtrVec	out = {0};
	int			i,
				nnames;

	if ((n->kind == PY_DICT && (!n->values || !n->values[0])) ||
		n->nkw != 1 + (n->c ? 1 : 0) || !n->a ||
		(n->a->kind != PY_NAME && n->a->kind != PY_TUPLE))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, n,
					  "this comprehension is not supported: only [expr for target in iterable if cond] "
					  "and {key: value for target in iterable if cond}");
	/* the names the element binds, scoped to it as Python scopes them */
	nnames = n->a->kind == PY_NAME ? 1 : n->a->nitems;
	names = ORM_NEWN(e->a, const char *, nnames + 1);
	saved = ORM_NEWN(e->a, QVal *, nnames + 1);
	for (i = 0; i < nnames; i++)
	{
		const PyNode *t = n->a->kind == PY_NAME ? n->a : n->a->items[i];

		if (t->kind != PY_NAME)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, t,
						  "this comprehension is not supported: its targets are names");
		names[i] = t->str;
		saved[i] = q_var(e, t->str);
	}
	if (!(it = q_eval(e, n->b)) || !(it = q_iter_list(e, it, n->b)))
		return NULL;
	for (i = 0; i < it->n; i++)
	{
		QVal	   *x;

		if (q_flow_tick(e, n->line, n->col) < 0 || q_bind(e, n->a, it->items[i]) < 0)
			return NULL;
		if (n->c)
		{
			QVal	   *c = q_eval(e, n->c);
			int			t;

			if (!c || (t = q_truth(e, c, n->c)) < 0)
				return NULL;
			if (!t)
				continue;
		}
		if (!(x = q_eval(e, n->items[0])))
			return NULL;
		if (n->kind == PY_DICT)
		{
			/* {k: v for ...}: the key first, then its value; a repeated key
			 * keeps its place and takes the later value, as Python's dict */
			QVal	   *xv;

			if (!d)
				d = q_new(e, QV_DICT, n);
			if (!(xv = q_eval(e, n->values[0])) || q_py_setitem(e, d, x, xv, n->items[0]) < 0)
				return NULL;
			continue;
		}
		orm_vec_push(e->a, &out, x);
	}
	for (i = 0; i < nnames; i++)
		q_var_set(e, names[i], saved[i]);
	if (n->kind == PY_DICT)
		return d ? d : q_new(e, QV_DICT, n);
	v->n = out.n;
	v->items = ORM_NEWN(e->a, QVal *, out.n + 1);
	for (i = 0; i < out.n; i++)
		v->items[i] = out.items[i];
	return q_list_depth(e, v);
}

static QVal *
q_eval_seq(QEnv *e, const PyNode *n)
{
	QVal	   *v = q_new(e, QV_LIST, n);
	int			i;

	if (n->op == PY_OP_IN && n->nitems == 1 && n->b)
		return q_eval_comprehension(e, n);

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
 * a and b / a or b: Python's, on the truth of each operand but the last
 * (an SQL clause tested is SQLAlchemy's TypeError: and_() / or_() build SQL);
 * the value is the operand that decided, as in Python.
 */
static QVal *
q_eval_boolop(QEnv *e, const PyNode *n)
{
	QVal	   *v = NULL;

	for (int i = 0; i < n->nitems; i++)
	{
		int			t;

		if (!(v = q_eval(e, n->items[i])))
			return NULL;
		if (i == n->nitems - 1)
			break;
		if ((t = q_truth(e, v, n->items[i])) < 0)
			return NULL;
		if (t == (n->op == PY_OP_OR))
			break;
	}
	return v;
}

/* body if test else orelse */
static QVal *
q_eval_ifexp(QEnv *e, const PyNode *n)
{
	QVal	   *t = q_eval(e, n->b);
	int			b;

	if (!t || (b = q_truth(e, t, n->b)) < 0)
		return NULL;
	return q_eval(e, b ? n->a : n->c);
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
			if (q_is_fstring(n))
				return q_eval_fstring(e, n);
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
			return q_eval_boolop(e, n);
		case PY_IFEXP:
			return q_eval_ifexp(e, n);
		case PY_LIST:
		case PY_TUPLE:
		case PY_SET:
			return q_eval_seq(e, n);
		case PY_DICT:
			if (n->op == PY_OP_IN && n->nitems == 1 && n->b)
				return q_eval_comprehension(e, n);
			return q_eval_dict(e, n);
		default:
			return Q_FAIL(e, ORM_ERR_QUERY, n, "unsupported expression in a query");
	}
}

/*
 * Evaluates one node (installed as e->eval: every piece calls it as
 * q_eval).  The invariant every caller relies on: a value comes
 * back exactly when no error is set.  A value that comes back with an error
 * set (a helper that reported a failure but still built something) is not
 * used, and a failure is never silent.
 */
static QVal *
q_evaluate(QEnv *e, const PyNode *n)
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

/* ---- module -------------------------------------------------------------- */

void
q_env_init(QEnv *e, OrmCtx *ctx, const JsonValue *params)
{
	memset(e, 0, sizeof(*e));
	e->ctx = ctx;
	e->a = ctx->arena;
	e->params = params && params->kind == JSON_OBJECT ? params : NULL;
	e->eval = q_evaluate;
	e->call_method = q_dispatch_method;
	e->rel_extra = orm_rel_extra_criteria;
	e->rel_composite = orm_rel_composite;
	e->xattr = q_xattr_value;
	e->call_value = q_result_value;
}

#define Q_SPLIT_TRIES	64		/* head/tail splits q_parse_into tries */

/* Does a line after position p start (after its indentation) with "."? */
static bool
q_dot_line_after(const char *text, size_t p)
{
	for (const char *s = strchr(text + p, '\n'); s; s = strchr(s + 1, '\n'))
	{
		const char *t = s + 1;

		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '.')
			return true;
	}
	return false;
}

/*
 * head (a module, or NULL) then the expression n, as one module.
 */
static PyModule *
q_module_with_expr(OrmArena *a, PyModule *head, PyNode *n)
{
	PyModule   *m = ORM_NEW(a, PyModule);
	PyStmt	   *st = ORM_NEW(a, PyStmt);
	int			nh = head ? head->nstmts : 0;

	st->kind = PYS_EXPR;
	st->line = n->line;
	st->col = n->col;
	st->value = n;
	m->nstmts = nh + 1;
	m->stmts = ORM_NEWN(a, PyStmt *, nh + 1);
	for (int i = 0; i < nh; i++)
		m->stmts[i] = head->stmts[i];
	m->stmts[nh] = st;
	return m;
}

/*
 * The text as a module of statements, parsed into arena a.  A statement
 * copied from inside a call, as the seed writes session.execute(\n
 * update(Post)\n    .where(...)), is one expression spread over indented
 * lines without its enclosing parentheses: when the text does not parse as a
 * module but does as one expression, it is that expression; or, after
 * assignments (the tutorial's `subq = ...` then `select(...)\n.where(...)`
 * copied out of print(...)), the lines before a line that starts at column 0
 * are those statements and the rest is that expression (tried from the last
 * such line up, at most Q_SPLIT_TRIES of them).  The tail is parsed from a
 * copy of the text whose head is blanked out (newlines kept), so positions
 * stay those of the text.  Otherwise the module's error stands.
 */
static PyModule *
q_parse_into(QEnv *e, OrmArena *a, const char *text)
{
	PyModule   *m,
			   *head;
	PyNode	   *n;
	OrmError	scratch;
	size_t		len,
				p;
	char	   *buf;
	int			tries = 0;

	if ((m = py_parse_module(a, text, e->ctx->err)) != NULL)
		return m;
	memset(&scratch, 0, sizeof(scratch));
	if ((n = py_parse_expr(a, text, &scratch)) != NULL)
	{
		orm_err_clear(e->ctx->err);
		return q_module_with_expr(a, NULL, n);
	}
	orm_err_clear(&scratch);
	len = strlen(text);
	buf = orm_alloc(a, len + 1);
	for (p = len; p > 0 && tries < Q_SPLIT_TRIES; p--)
	{
		char		c = text[p];

		/* p: the start of a line that starts with a name, after a newline */
		if (text[p - 1] != '\n' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			c == '.' || c == '#' || c == ')' || !q_dot_line_after(text, p))
			continue;
		tries++;
		memcpy(buf, text, p);
		buf[p] = '\0';
		if (!(head = py_parse_module(a, buf, &scratch)))
		{
			orm_err_clear(&scratch);
			continue;
		}
		for (size_t i = 0; i < p; i++)
			buf[i] = text[i] == '\n' ? '\n' : ' ';
		memcpy(buf + p, text + p, len - p + 1);
		if (!(n = py_parse_expr(a, buf, &scratch)))
		{
			orm_err_clear(&scratch);
			continue;
		}
		orm_err_clear(e->ctx->err);
		return q_module_with_expr(a, head, n);
	}
	return NULL;
}

/*
 * The parse cache: an application sends the same statement texts again and
 * again (with other params), and lexing and parsing is a third of a small
 * query's cost.  Syntax trees are immutable once built (the evaluator copies
 * a node before changing it), so a tree parsed into the connection's
 * parse_arena serves every later call with the same text.  An open-addressed
 * table of QPC_SLOTS entries keyed by the text.  When it is half full, or the
 * arena passes QPC_MAX_BYTES, new texts are parsed into the call's own arena
 * and the connection is marked parse_full: the cache is dropped whole when
 * the next call begins (session.c, orm_ctx_init), never during a call, whose
 * statement, relationship criteria and column expressions may all be trees
 * of it.
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

PyModule *
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
	if (!pc)
	{
		/* empty since orm_ctx_init dropped it (or never filled) */
		orm_arena_reset(&conn->parse_arena);
		pc = ORM_NEW(&conn->parse_arena, QParseCache);
		conn->parse_cache = pc;
	}
	h = orm_hash_str(text, strlen(text));
	ent = q_cache_slot(pc, text, h);
	if (ent->text)
		return ent->m;
	if (pc->n >= QPC_SLOTS / 2 || conn->parse_arena.total > QPC_MAX_BYTES)
	{
		conn->parse_full = true;
		return q_parse_into(e, e->a, text);
	}
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
	if (!(v = q_exec_module(e, m)))
		return -1;
	if (e->calls > 0 || q_has_call(v, 0))
	{
		/* the text used what session calls returned: nothing of it is kept */
		int			r = q_final_value(e, v, sel);

		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	if (v->kind == QV_SELECT && v->sel->legacy_query)
		v = q_query_final(e, v);	/* a Query iterated: its all() */
	if (v->kind == QV_RESULT && v->dml)
	{
		SxDml	   *d = ORM_NEW(e->a, SxDml);

		*d = *v->dml;
		d->shape = v->shape;
		*dml = d;
		return 0;
	}
	if (v->kind == QV_RESULT)
	{
		SxSelect   *s = q_sel_copy(e, v->sel);

		if (q_check_items(e, s) < 0)
			return -1;
		s->shape = v->shape;
		*sel = s;
		return 0;
	}
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
		if (v->kind == QV_EXPR && v->expr->kind == SX_RAW && !v->expr->negated)
		{
			q_fail(e, ORM_ERR_QUERY, v->node,
				   "text() as a statement needs .columns(...) to name the columns its rows have");
			return -1;
		}
		if (q_add_item(e, s, v) < 0 || q_check_items(e, s) < 0)
			return -1;
		*sel = s;
		return 0;
	}
	if (v->kind == QV_LIST || v->kind == QV_DICT)
	{
		/* [select(User), select(Post)]: statements, not calls */
		for (int i = 0; i < v->n; i++)
			if (v->items[i]->kind == QV_SELECT ||
				(v->kind == QV_DICT && v->values[i]->kind == QV_SELECT))
			{
				q_fail(e, ORM_ERR_UNSUPPORTED, v->node,
					   "a list or dict of statements is not supported: the text's value is "
					   "one statement, or what session calls returned");
				return -1;
			}
	}
	if (v->kind != QV_SELECT)
	{
		q_fail(e, ORM_ERR_QUERY, v->node, "the query text must end with a select() statement");
		return -1;
	}
	if (q_check_items(e, v->sel) < 0)
		return -1;
	*sel = v->sel;
	return 0;
}

SxSelect *
orm_query_eval(OrmCtx *ctx, const char *text, const JsonValue *params)
{
	return orm_query_eval_run(ctx, text, params, NULL);
}

SxSelect *
orm_query_eval_run(OrmCtx *ctx, const char *text, const JsonValue *params, OrmQueryRun run)
{
	QEnv		e;
	SxSelect   *sel;
	SxDml	   *dml;

	q_env_init(&e, ctx, params);
	e.run = run;
	if (q_eval_text(&e, text, &sel, &dml) < 0)
		return NULL;
	if (sel && sel->shape && sel->shape->params && sel->shape->params->kind != JSON_OBJECT)
	{
		/* session.execute(select(...), [{...}, ...]) */
		orm_err_at(ctx->err, ORM_ERR_QUERY, sel->shape->line, sel->shape->col,
				   "a select()'s params are one dict (a list of them is executemany, "
				   "for insert(), update() and delete())");
		return NULL;
	}
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
	return orm_query_eval_bound(ctx, text, params, sel, dml, NULL);
}

int
orm_query_eval_bound(OrmCtx *ctx, const char *text, const JsonValue *params,
					 SxSelect **sel, SxDml **dml, OrmPtrVec *bound)
{
	QEnv		e;

	q_env_init(&e, ctx, params);
	e.bound = bound;
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
static int
q_rel_criteria(OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
			   SxFrom *sec, SxFrom *target, SxExpr **out, bool *names_owner)
{
	QEnv		e;
	PyModule   *m;
	QVal	   *v;
	bool		self_ref;

	*out = NULL;
	if (!rel || !rel->extra_criteria || !*rel->extra_criteria)
		return 0;
	q_env_init(&e, ctx, NULL);
	e.scope_cls = rel->owner;
	e.remote_from = target;
	self_ref = rel->owner && rel->target && rel->owner->table == rel->target->table;
	if (target && !self_ref)
		q_class_from_set(&e, rel->target, target);
	if (sec && rel->secondary)
	{
		q_class_from_set(&e, rel->secondary, sec);
		/* the class mapping the secondary table (Membership.role in the
		 * primaryjoin of a relationship through memberships) names it too */
		if (rel->secondary->cls && rel->secondary->cls != rel->owner && rel->secondary->cls != rel->target)
			q_class_from_set(&e, rel->secondary->cls, sec);
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
		q_class_from_set(&e, rel->owner, parent);
	}
	if (!(m = q_parse_text(&e, rel->extra_criteria)))
		goto bad;
	if (!(v = q_exec_module(&e, m)) || !(*out = q_to_expr(&e, v, NULL)))
		goto bad;
	if (names_owner)
		*names_owner = e.watched;
	else if (e.watched)
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

int
orm_rel_extra_criteria(OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
					   SxFrom *sec, SxFrom *target, SxExpr **out)
{
	return q_rel_criteria(ctx, rel, parent, sec, target, out, NULL);
}

/* One criterion of a composite secondary, in e's scope. */
static SxExpr *
q_composite_crit(QEnv *e, const char *text)
{
	PyModule   *m;
	QVal	   *v;

	if (!(m = q_parse_text(e, text)) || !(v = q_exec_module(e, m)))
		return NULL;
	return q_to_criterion(e, v, "a join condition");
}

int
orm_rel_composite(OrmCtx *ctx, const OrmRelationship *rel, SxFrom *parent,
				  SxFrom *target, SxFrom **sec, SxExpr **pj, SxExpr **sj)
{
	QEnv		e;
	PyModule   *m;
	QVal	   *v;
	OrmPtrVec	aliases = {0},
				alias_keys = {0};

	*sec = NULL;
	*pj = *sj = NULL;
	q_env_init(&e, ctx, NULL);
	e.scope_cls = rel->owner;
	/* the join, each class in it aliased: (b AS b_1 JOIN d AS d_1 ON ...) */
	e.alias_classes = true;
	if (!(m = q_parse_text(&e, rel->secondary_join)) || !(v = q_exec_module(&e, m)))
		goto bad;
	if (v->kind != QV_JOIN)
	{
		q_fail(&e, ORM_ERR_QUERY, v->node, "the secondary is not a join");
		goto bad;
	}
	*sec = sx_from_table(e.a, NULL, NULL);
	(*sec)->kind = SXF_JOIN;
	(*sec)->select = v->sel;
	q_vec_copy(e.a, &aliases, &e.class_from);
	q_vec_copy(e.a, &alias_keys, &e.class_key);
	/* the criteria: the owner is the parent, the target class the target,
	 * the join's other classes their aliases */
	e.alias_classes = false;
	memset(&e.class_from, 0, sizeof(e.class_from));
	memset(&e.class_key, 0, sizeof(e.class_key));
	if (!parent)
	{
		parent = sx_from_table(e.a, rel->owner->table, rel->owner);
		e.watch = parent;
	}
	q_class_from_set(&e, rel->owner, parent);
	q_class_from_set(&e, rel->target, target);
	for (int i = 0; i < aliases.n; i++)
	{
		SxFrom	   *f = aliases.items[i];

		if (f->table != parent->table && f->table != target->table)
			q_class_from_set(&e, alias_keys.items[i], f);
	}
	if (!(*pj = q_composite_crit(&e, rel->extra_criteria)) ||
		!(*sj = q_composite_crit(&e, rel->sec_criteria)))
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

		orm_err_clear(ctx->err);
		return orm_err(ctx->err, code, "in the secondary join of relationship %s.%s: %s",
					   rel->owner->name, rel->name, msg);
	}
}

int
orm_rel_criteria_name_owner(OrmCtx *ctx, const OrmRelationship *rel, bool *names_owner)
{
	SxExpr	   *x;
	SxFrom	   *sec = rel->secondary ? sx_from_table(ctx->arena, rel->secondary, NULL) : NULL;
	SxFrom	   *target = rel->target ? sx_from_table(ctx->arena, rel->target->table, rel->target) : NULL;

	*names_owner = false;
	return q_rel_criteria(ctx, rel, NULL, sec, target, &x, names_owner);
}
