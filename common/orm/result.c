/*
 * result.c -- a statement's written rows cut to what the Result method the
 * query text ends in returns (result.h): unique(), all(), first(), one(),
 * one_or_none(), fetchmany(n), with SQLAlchemy 2.0's errors.
 *
 * Uniquing compares the elements' JSON text: the same object is written the
 * same way in every row it is in (one identity, one JSON), and values of
 * one column are equal exactly when their JSON is, for the values a column
 * returns -- what SQLAlchemy's unique() compares (objects by identity, other
 * values by hash).
 */
#include <string.h>

#include "orm/result.h"

/* SQLAlchemy 2.0's messages (sqlalchemy.exc.NoResultFound, MultipleResultsFound,
 * InvalidRequestError) */
#define RS_NO_ROW		"No row was found when one was required"
#define RS_MANY_ONE		"Multiple rows were found when exactly one was required"
#define RS_MANY_OPT		"Multiple rows were found when one or none was required"
#define RS_UNIQUE		"The unique() method must be invoked on this Result, as it " \
						"contains results that include joined eager loads against collections"

static int
rs_fail(OrmError *err, const OrmShape *sh, OrmErrCode code, const char *sqlstate,
		const char *msg)
{
	orm_err_at(err, code, sh->line, sh->col, "%s", msg);
	if (sqlstate)
		memcpy(err->sqlstate, sqlstate, 6);
	return -1;
}

/* Keeps the elements that are not equal to an earlier one; returns how many. */
static int
rs_unique(OrmArena *a, const char *data, size_t *starts, size_t *lens, int n)
{
	size_t		cap = 16;
	int		   *slots;
	int			kept = 0;

	while (cap < (size_t) n * 2)
		cap *= 2;
	slots = orm_alloc(a, cap * sizeof(int));
	for (size_t i = 0; i < cap; i++)
		slots[i] = -1;
	for (int i = 0; i < n; i++)
	{
		size_t		h = (size_t) orm_hash_str(data + starts[i], lens[i]) & (cap - 1);
		bool		seen = false;

		for (; slots[h] >= 0; h = (h + 1) & (cap - 1))
		{
			int			j = slots[h];

			if (lens[j] == lens[i] && memcmp(data + starts[j], data + starts[i], lens[i]) == 0)
			{
				seen = true;
				break;
			}
		}
		if (seen)
			continue;
		starts[kept] = starts[i];
		lens[kept] = lens[i];
		slots[h] = kept++;
	}
	return kept;
}

int
orm_shape_finish(OrmError *err, const OrmShape *sh, OrmBuf *out, size_t base,
				 const size_t *starts_in, const size_t *lens_in, int n,
				 bool joined_collection)
{
	size_t	   *starts,
			   *lens;
	size_t		w;
	int			keep;

	if (joined_collection && !sh->unique && sh->term != ORM_TERM_FIRST)
		return rs_fail(err, sh, ORM_ERR_QUERY, NULL, RS_UNIQUE);
	starts = orm_alloc(out->arena, sizeof(size_t) * (size_t) (n + 1));
	lens = orm_alloc(out->arena, sizeof(size_t) * (size_t) (n + 1));
	if (n > 0)
	{
		memcpy(starts, starts_in, sizeof(size_t) * (size_t) n);
		memcpy(lens, lens_in, sizeof(size_t) * (size_t) n);
	}
	if (sh->unique)
		n = rs_unique(out->arena, out->data, starts, lens, n);
	if (sh->abort404 && (n == 0 || (sh->term == ORM_TERM_ONE && n > 1) ||
						 (sh->term == ORM_TERM_FIRST && lens[0] == 4 && memcmp(out->data + starts[0], "null", 4) == 0)))
		return rs_fail(err, sh, ORM_ERR_NOTFOUND, NULL, sh->abort404);
	switch (sh->term)
	{
		case ORM_TERM_ONE:
			if (n == 0 && !sh->none_ok)
				return rs_fail(err, sh, ORM_ERR_NOTFOUND, NULL, RS_NO_ROW);
			/* FALLTHROUGH */
		case ORM_TERM_ONE_OR_NONE:
			if (n > 1)
				return rs_fail(err, sh, ORM_ERR_NOTFOUND, "P0003",
							   sh->term == ORM_TERM_ONE ? RS_MANY_ONE : RS_MANY_OPT);
			/* FALLTHROUGH */
		case ORM_TERM_FIRST:
		case ORM_TERM_FETCHONE:
			/* one element, or null; elements only move towards base */
			if (n == 0)
			{
				orm_buf_truncate(out, base);
				orm_buf_puts(out, "null");
				return 0;
			}
			memmove(out->data + base, out->data + starts[0], lens[0]);
			orm_buf_truncate(out, base + lens[0]);
			return 0;
		case ORM_TERM_FETCHMANY:
		case ORM_TERM_ALL:
			break;
	}
	keep = n;
	if (sh->term == ORM_TERM_FETCHMANY && sh->many >= 0 && sh->many < keep)
		keep = (int) sh->many;
	w = base + 1;				/* after the '[' */
	for (int i = 0; i < keep; i++)
	{
		if (i)
			out->data[w++] = ',';
		memmove(out->data + w, out->data + starts[i], lens[i]);
		w += lens[i];
	}
	orm_buf_truncate(out, w);
	orm_buf_putc(out, ']');
	return 0;
}

int
orm_shape_col(OrmError *err, const OrmShape *sh, int k, const char *const *keys, int nitems)
{
	const char *name;

	if (sh->cols[k] >= 0)
	{
		if (sh->cols[k] < nitems)
			return sh->cols[k];
		orm_err_at(err, ORM_ERR_QUERY, sh->line, sh->col, "index %d is out of range", sh->cols[k]);
		return -1;
	}
	name = sh->col_names[k];
	for (int i = 0; keys && i < nitems; i++)
		if (keys[i] && strcmp(keys[i], name) == 0)
			return i;
	orm_err_at(err, ORM_ERR_QUERY, sh->line, sh->col,
			   "Could not locate column in row for column '%s'", name);
	return -1;
}
