/*
 * query_tuple.c -- a tuple of plain values meeting a tuple_() of expressions:
 * keyset pagination (`tuple_(Entry.booked, Entry.id) < ("2024-01-16", 13)`)
 * and composite IN (`tuple_(a, b).in_([(1, "x"), (2, "y")])`).  Each value is
 * bound as the expression at its position is, as SQLAlchemy's Tuple types its
 * right side element by element (coerce_compared_value of each): a date
 * string beside a Date column is a Date there, not text that PostgreSQL then
 * refuses to compare with a date.
 *
 * Assumes: called by query_expr.c (comparisons and in_()).
 *
 * Must not: emit SQL text, or splice any value anywhere.
 */
#include "orm/query_int.h"

/*
 * v (a QV_LIST) as an SX_TUPLE typed element by element like `like` (an
 * SX_TUPLE of as many items); a list of such lists (in_()) element by
 * element too.  Otherwise q_tuple's one hint, like's type.
 */
SxExpr *
q_tuple_like(QEnv *e, QVal *v, const SxExpr *like)
{
	SxExpr	  **items;

	if (v->kind != QV_LIST || !like || like->kind != SX_TUPLE)
		return q_tuple(e, v, like ? like->type : NULL);
	if (v->n > 0 && v->items[0]->kind == QV_LIST)
	{
		/* in_([(1, "x"), ...]): each row like the tuple */
		items = ORM_NEWN(e->a, SxExpr *, v->n);
		for (int i = 0; i < v->n; i++)
			if (!(items[i] = q_tuple_like(e, v->items[i], like)))
				return NULL;
		return sx_tuple(e->a, v->n, items);
	}
	if (v->n != like->nargs)
		return q_tuple(e, v, like->type);
	items = ORM_NEWN(e->a, SxExpr *, v->n ? v->n : 1);
	for (int i = 0; i < v->n; i++)
	{
		const SxExpr *x = like->args[i];

		if (!(items[i] = q_to_expr(e, v->items[i], x->sa_nulltype ? NULL :
									q_compared_type(x->type, v->items[i]))))
			return NULL;
	}
	return sx_tuple(e->a, v->n, items);
}
