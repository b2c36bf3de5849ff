/*
 * query_lazy.c -- what reading an attribute that a statement did not load
 * off an object (query_calls.c, qc_obj_attr) does in SQLAlchemy, as the
 * statement's loader options and the mapping say:
 *
 *   - a relationship under raiseload() (an option on its path's first step,
 *     raiseload("*") / Load(Entity).raiseload("*") on the statement's
 *     entity) or declared lazy="raise" / "raise_on_sql" raises
 *     InvalidRequestError "'Loan.member' is not available due to
 *     lazy='raise'"; an explicit lazyload() / other strategy of the option
 *     wins over the wildcard and over the declaration;
 *   - a column left unloaded by load_only(..., raiseload=True) /
 *     defer(attr, raiseload=True), or declared deferred_raiseload=True, raises
 *     "'Member.email' is not available due to raiseload=True".
 *
 * Objects know the statement they came from (QVal.sel, set where a result's
 * rows become objects); objects nested in others (loaded by an eager load)
 * do not, and see the declarations only.
 *
 * Assumes: called by query_calls.c.
 *
 * Must not: run a statement.
 */
#include "orm/query_int.h"

#include <string.h>

static const char *
ql_raise_name(OrmLazy s)
{
	return s == ORM_LAZY_RAISE ? "raise" : s == ORM_LAZY_RAISE_ON_SQL ? "raise_on_sql" : NULL;
}

/*
 * "raise" / "raise_on_sql" when reading rel off obj raises, else NULL (the
 * relationship loads as it would).
 */
const char *
q_lazy_raise(const QVal *obj, const OrmRelationship *rel)
{
	const SxSelect *s = obj->sel;
	int			wild = -1;

	for (int i = 0; s && i < s->options.n; i++)
	{
		const SxLoadOpt *o = s->options.items[i];

		if (o->colopt != SXCO_NONE)
			continue;
		if (o->npath >= 1 && o->path[0] == rel && o->strategy[0] != ORM_LAZY_DEFAULT)
			return ql_raise_name(o->strategy[0]);
		if (o->npath == 0 && o->wildcard &&
			(!o->root_cls || orm_class_isa(obj->cls, o->root_cls)))
			wild = (int) o->wildcard_strategy;
	}
	if (wild >= 0)
		return ql_raise_name((OrmLazy) wild);
	return ql_raise_name(rel->lazy);
}

/* Does option o (on the statement's entity) name attribute key? */
static bool
ql_names(const SxLoadOpt *o, const char *key)
{
	for (int i = 0; i < o->ncols; i++)
		if (strcmp(o->cols[i], key) == 0)
			return true;
	return false;
}

/*
 * Does reading column attribute key (not loaded) off obj raise?  model_raise:
 * the attribute is declared deferred_raiseload=True.
 */
bool
q_col_raise(const QVal *obj, const char *key, bool model_raise)
{
	const SxSelect *s = obj->sel;

	for (int i = 0; s && i < s->options.n; i++)
	{
		const SxLoadOpt *o = s->options.items[i];

		if (o->colopt == SXCO_NONE || o->npath != 0 || !o->col_raise ||
			(o->col_cls && !orm_class_isa(obj->cls, o->col_cls)))
			continue;
		if (o->colopt == SXCO_LOAD_ONLY && !ql_names(o, key))
			return true;
		if (o->colopt == SXCO_DEFER && (o->col_wildcard || ql_names(o, key)))
			return true;
	}
	return model_raise;
}
