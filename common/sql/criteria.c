/*
 * criteria.c -- SQLAlchemy's single-table inheritance criterion
 * (criteria.h), built from the registry's class information.
 *
 * Owns: orm_single_sub, orm_single_criterion.  Assumes a resolved registry
 * (ctx->reg: the classes that inherit a class) and the discriminator's
 * identities as declare.c stores them (a Python constant as JSON text).
 * Every identity is a bound parameter.
 */
#include "sql/criteria.h"
#include "sql/values.h"
#include "base/json.h"

#include <string.h>

/*
 * A single-table subclass (its table is its superclass's) loads only the
 * rows of itself and its subclasses: SQLAlchemy's "type IN (identities)",
 * appended to the WHERE clause for a FROM of the select and to the ON
 * clause for a join target.  Identities in mapper.self_and_descendants
 * order (the class, then breadth-first its subclasses).
 */
bool
orm_single_sub(const OrmClass *cls)
{
	return cls && cls->inherits && cls->polymorphic_on && cls->inherits->table == cls->table;
}

/*
 * The identity (a Python constant as JSON text, as declare.c stores it) in
 * the discriminator's stored form, converted as the unit of work converts it
 * when it fills the discriminator.
 */
void
orm_identity_value(OrmCtx *ctx, OrmArena *a, const OrmColumn *col, const char *identity,
				   OrmValue *out)
{
	OrmParam	v = {.kind = ORM_V_TEXT, .s = identity, .len = strlen(identity)};
	OrmError	err = {0};
	JsonValue  *jv = json_parse(a, identity, strlen(identity), &err);

	if (!jv || orm_value_from_json(a, ctx->dialect, jv, &col->type, &v, &err) < 0)
		v = (OrmParam) {.kind = ORM_V_TEXT, .s = identity, .len = strlen(identity)};
	*out = v;
}

static SxExpr *
crit_identity_param(OrmCtx *ctx, OrmArena *a, OrmColumn *col, const char *identity)
{
	OrmParam	v;

	orm_identity_value(ctx, a, col, identity, &v);
	return sx_param(a, v, &col->type);
}

SxExpr *
orm_single_criterion(OrmCtx *ctx, OrmArena *a, SxFrom *f, OrmClass *cls)
{
	const OrmRegistry *reg = ctx->reg;
	OrmPtrVec	queue = {0},
				ids = {0};
	OrmColumn  *disc;

	if (!f || f->kind != SXF_TABLE || !orm_single_sub(cls) || f->table != cls->table)
		return NULL;
	disc = cls->polymorphic_on;
	orm_vec_push(a, &queue, cls);
	for (int q = 0; q < queue.n; q++)
	{
		OrmClass   *k = queue.items[q];

		if (k->polymorphic_identity)
			orm_vec_push(a, &ids, crit_identity_param(ctx, a, disc, k->polymorphic_identity));
		for (int i = 0; i < reg->classes.n; i++)
			if (((OrmClass *) reg->classes.items[i])->inherits == k)
				orm_vec_push(a, &queue, reg->classes.items[i]);
	}
	if (ids.n == 0)
		return NULL;
	return sx_binary(a, SXOP_IN, sx_column(a, f, disc), sx_tuple(a, ids.n, (SxExpr **) ids.items));
}
