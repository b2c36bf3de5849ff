/*
 * result.h -- the shape of a statement's result when the query text wraps it
 * in the session and Result calls real programs write around a statement
 * (session.execute(stmt).scalars().first(), session.query(User).one() ...):
 * which elements each row gives, whether they are uniqued, and how many of
 * them come back and as what.
 *
 * The query evaluator (query_session.c) builds an OrmShape and hangs it on
 * the statement (SxSelect.shape, SxDml.shape); the loader writes one JSON
 * element per row as the shape says (orm_shape_rows) and hands the array to
 * orm_shape_finish, which uniques and cuts it to what the terminal method
 * returns.  A statement without a shape is orm_select's default result
 * (README, "Results"): unique objects of a single entity, else rows.
 *
 * Owns: OrmShape, and the step from the written elements to the result.
 * Must not: run SQL or read the registry (the loader does both).
 */
#ifndef ORM_RESULT_H
#define ORM_RESULT_H

#include "base/util.h"
#include "base/json.h"

/* What the last Result method returns. */
typedef enum OrmShapeTerm
{
	ORM_TERM_ALL = 0,			/* .all(), .fetchall(), iterating: an array */
	ORM_TERM_FIRST,				/* .first(), .scalar(): one element or null */
	ORM_TERM_ONE,				/* .one(), .scalar_one(): exactly one element */
	ORM_TERM_ONE_OR_NONE,		/* .one_or_none(), .scalar_one_or_none(), get() */
	ORM_TERM_FETCHONE,			/* .fetchone(): the first element or null */
	ORM_TERM_FETCHMANY			/* .fetchmany(n): an array of at most n */
} OrmShapeTerm;

typedef struct OrmShape
{
	bool		rows;			/* a Result of rows, not the call's default result (an
								 * insert()'s {"rowcount": N}) */
	bool		scalars;		/* each row's element is one item's value (ScalarResult) */
	int			scalar_col;		/* ... that item */
	int			ncols;			/* .columns(...): the items each row keeps (0: all) */
	int		   *cols;			/* an item's index, or -1: by name (col_names[i]) */
	const char **col_names;
	bool		unique;			/* .unique(), a legacy Query with an entity, get() */
	OrmShapeTerm term;
	int64_t		many;			/* FETCHMANY: n */
	bool		none_ok;		/* ONE: no row is null (a legacy Query's scalar()) */
	const char *abort404;		/* Flask-SQLAlchemy's *_or_404: this error's message
								 * where the terminal has no value (none; many for ONE;
								 * a null value for FIRST) */
	bool		legacy_keys;	/* a legacy Query: Row._fields has no key for an
								 * unlabeled expression (func.count(x), x + 1) */
	int			line,
				col;			/* where the terminal was written (errors) */
	/* session.execute(insert(User), [{...}, ...]): the second argument as
	 * params (orm_execute), or NULL */
	const JsonValue *params;
	/*
	 * The text's value computed while it was evaluated (session calls whose
	 * values the text used: query_calls.c), as JSON, or NULL.  A select
	 * with it runs nothing: the loader writes this text as its result.
	 */
	const char *json;
} OrmShape;

/*
 * out holds, from base, a JSON array of n elements written by the loader:
 * element i is the text at starts[i] of length lens[i].  Replaces the array
 * with what sh's terminal returns, uniqued first when sh says so (elements
 * equal as text are one: the same object or the same values).
 * joined_collection: the statement loads a collection by a joined eager
 * load, whose rows SQLAlchemy refuses to return without unique().
 * Returns -1 with ctx's error set (NoResultFound, MultipleResultsFound, the
 * unique() requirement) at sh's position.
 */
int			orm_shape_finish(OrmError *err, const OrmShape *sh, OrmBuf *out, size_t base,
							 const size_t *starts, const size_t *lens, int n,
							 bool joined_collection);

/* The item each row keeps in position k of sh's columns, given Row._fields keys
 * (keys[i] of item i, NULL: none); -1 with err set when no item has that name. */
int			orm_shape_col(OrmError *err, const OrmShape *sh, int k, const char *const *keys,
						  int nitems);

#endif							/* ORM_RESULT_H */
