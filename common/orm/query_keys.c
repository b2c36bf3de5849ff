/*
 * query_keys.c -- Result.keys() / MappingResult.keys(): the names of a
 * result's columns, as Row._fields names them (SQLAlchemy's RMKeyView: a
 * duplicate is "id_1", an unnamed expression "_no_label"), written as a
 * list, from the item keys of the statement compiled (a copy).
 * The statement runs too, as session.execute() ran it.  Refused after
 * columns() / scalars(), of a legacy Query's rows and where a text() item
 * takes its name from the database.
 *
 * Assumes: called by query_session.c (the Result methods).
 *
 * Must not: run a statement.
 */
#include "orm/query_int.h"
#include "orm/loader.h"
#include "orm/result.h"

#include <string.h>

QVal *
q_result_keys(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s;
	OrmLoadNode **plans;
	OrmCompiled comp;
	QVal	   *v;

	if (call->nitems > 0 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "keys() takes no arguments");
	if (!recv->sel || recv->dml || !recv->shape || recv->shape->ncols > 0 ||
		recv->shape->scalars || recv->shape->legacy_keys)
		return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
					  "keys() is supported of session.execute(select(...)) and its mappings() "
					  "only (not after columns() or scalars(), nor of a DML statement's result)");
	/* session.execute() ran the statement (a text ending with r.keys() is a
	 * session call's value): run it, its rows unused */
	if (!(v = q_result_method(e, recv, "all", call)) || !q_call_value(e, v, call))
		return NULL;
	s = q_sel_copy(e, recv->sel);
	if (!(plans = orm_plan_build(e->ctx, s)) || orm_plan_place(e->ctx, s, plans) < 0)
		return NULL;
	memset(&comp, 0, sizeof(comp));
	if (orm_compile_select(e->ctx, s, plans, &comp) < 0)
		return NULL;
	v = q_new(e, QV_LIST, call);
	v->items = ORM_NEWN(e->a, QVal *, comp.nitems + 1);
	for (int i = 0; i < comp.nitems; i++)
	{
		const char *k = comp.item_keys ? comp.item_keys[i] : NULL;

		if (!k)
			continue;			/* not in Row._fields */
		if (k == ORM_KEY_DRIVER)
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
						  "keys() of a result with an unlabeled text() column is not supported "
						  "(the database names it): label it");
		v->items[v->n++] = q_lit(e, json_new_string(e->a, k, strlen(k)), call);
	}
	return q_list_depth(e, v);
}
