/*
 * query_introspect.c -- the Python introspection application code does on
 * the objects session calls return, as Python answers it:
 *
 *   type(obj) / obj.__class__   the object's mapped class (its polymorphic
 *                               subclass: type(account) is Savings), usable as
 *                               the class (select(type(a)), type(a).__name__)
 *   Cls.__name__                the class's name
 *   isinstance(obj, Cls)        Cls or a tuple of classes; a subclass's object
 *                               is an instance of its superclasses
 *
 * Anything else given to them (a Row, a number, a class that is no mapped
 * class) is refused naming what it got.
 *
 * Assumes: called by query_builtins.c (type, isinstance), query_calls.c
 * (obj.__class__) and query_base.c (Cls.__name__).
 *
 * Must not: run a statement.
 */
#include "orm/query_int.h"

#include <string.h>

/* v, or the value of the session call v stands for (session.get(...)) */
static QVal *
qi_value(QEnv *e, QVal *v)
{
	if (v && v->kind == QV_RESULT && v->result_kind == QV_RK_DONE)
		return q_call_value(e, v, v->node);
	return v;
}

/* The mapped class cls as the text's class name is (an entity). */
QVal *
q_class_of(QEnv *e, OrmClass *cls, const PyNode *at)
{
	return q_entity(e, q_class_from(e, cls->table, cls), at);
}

/* type(obj) */
QVal *
qb_type(QEnv *e, const PyNode *call)
{
	QVal	   *v;

	if (call->nitems != 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "type() takes one object here (the three-argument form makes a class)");
	if (!(v = qi_value(e, q_arg(e, call, 0, "type"))))
		return NULL;
	if (v->kind != QV_OBJ || !v->cls)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[0],
					  "type() is supported of an ORM object a session call returned");
	return q_class_of(e, v->cls, call);
}

/* Is v a plain (unaliased) mapped class?  Its class, else NULL. */
static OrmClass *
qi_class(const QVal *v)
{
	if (v->kind != QV_ENTITY || !v->cls || !v->from || v->from->kind != SXF_TABLE)
		return NULL;
	return v->cls;
}

/* isinstance(obj, Cls | (Cls, ...)) */
QVal *
qb_isinstance(QEnv *e, const PyNode *call)
{
	QVal	   *v,
			   *c;
	bool		yes = false;

	if (call->nitems != 2 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "isinstance expected 2 arguments, got %d",
					  call->nitems);
	if (!(v = qi_value(e, q_arg(e, call, 0, "isinstance"))) ||
		!(c = q_arg(e, call, 1, "isinstance")))
		return NULL;
	if (c->kind == QV_LIST)
	{
		for (int i = 0; i < c->n; i++)
		{
			OrmClass   *k = qi_class(c->items[i]);

			if (!k)
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[1],
							  "isinstance() is supported with mapped classes only");
			if (v->kind == QV_OBJ && v->cls && orm_class_isa(v->cls, k))
				yes = true;
		}
	}
	else if (qi_class(c))
		yes = v->kind == QV_OBJ && v->cls && orm_class_isa(v->cls, qi_class(c));
	else
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[1],
					  "isinstance() is supported with mapped classes only");
	if (v->kind != QV_OBJ && !(v->kind == QV_LIT) && !(v->kind == QV_LIST))
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->items[0],
					  "isinstance() is supported of ORM objects and plain values");
	return q_lit(e, json_new(e->a, yes ? JSON_TRUE : JSON_FALSE), call);
}

/* Cls.__name__ of a mapped class (NULL: not that attribute) */
QVal *
q_class_name_attr(QEnv *e, const QVal *ev, const char *name, const PyNode *at)
{
	if (strcmp(name, "__name__") != 0 || !qi_class(ev))
		return NULL;
	return q_lit(e, json_new_string(e->a, ev->cls->name, strlen(ev->cls->name)), at);
}
