/*
 * loader_keys.h -- hashing and comparing the engine values of key columns,
 * for the loader's identity map, its indexes of parents by join key, and the
 * in-memory sorting of joined collections (loader.c).
 *
 * Owns: value equality as SQL sees it (NULL equals nothing; an integral
 * float equals its integer), a hash that agrees with it, and the sort order
 * of joined collections (NULLs first).  Inline: they run once or more per
 * row of every statement.  Assumes: base/host.h's OrmValue and
 * base/util.h's orm_hash_str.  Must not: allocate.
 */
#ifndef ORM_LOADER_KEYS_H
#define ORM_LOADER_KEYS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/host.h"
#include "base/util.h"


static inline bool
ld_is_num(OrmValueKind k)
{
	return k == ORM_V_INT || k == ORM_V_BOOL || k == ORM_V_FLOAT || k == ORM_V_INTERVAL;
}

static inline double
ld_num(const OrmValue *v)
{
	return (v->kind == ORM_V_FLOAT || v->kind == ORM_V_INTERVAL) ? v->f : (double) v->i;
}

static inline uint64_t
ld_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Equal values hash equal: an integral float hashes as its integer. */
static inline uint64_t
ld_hash_value(const OrmValue *v)
{
	if (v->kind == ORM_V_NULL)
		return 0;
	if (ld_is_num(v->kind))
	{
		double		f = ld_num(v);
		uint64_t	bits;

		if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
			return ld_mix((uint64_t) v->i);
		if (f >= -9.2e18 && f <= 9.2e18 && f == (double) (int64_t) f)
			return ld_mix((uint64_t) (int64_t) f);
		memcpy(&bits, &f, sizeof(bits));
		return ld_mix(bits);
	}
	return orm_hash_str(v->s ? v->s : "", v->s ? v->len : 0);
}

/* SQL equality: NULL equals nothing. */
static inline bool
ld_value_eq(const OrmValue *a, const OrmValue *b)
{
	if (a->kind == ORM_V_NULL || b->kind == ORM_V_NULL)
		return false;
	if (ld_is_num(a->kind) || ld_is_num(b->kind))
	{
		if (!ld_is_num(a->kind) || !ld_is_num(b->kind))
			return false;
		if ((a->kind == ORM_V_INT || a->kind == ORM_V_BOOL) &&
			(b->kind == ORM_V_INT || b->kind == ORM_V_BOOL))
			return a->i == b->i;
		return ld_num(a) == ld_num(b);
	}
	return a->len == b->len && (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
}

/*
 * Two decimal numbers as the engine prints them ("-12.50", "450.00"), compared
 * by value, exactly: sign, then the integer digits (leading zeros dropped) by
 * length and digit, then the fraction digits.  Forms other than
 * [-+]digits[.digits] (NaN, Infinity, exponents) compare through strtod.
 */
static inline bool
ld_dec_plain(const OrmValue *v)
{
	size_t		i = 0;
	bool		dot = false,
				digit = false;

	if (!v->s || v->len == 0)
		return false;
	if (v->s[0] == '-' || v->s[0] == '+')
		i++;
	for (; i < v->len; i++)
	{
		if (v->s[i] == '.' && !dot)
			dot = true;
		else if (v->s[i] >= '0' && v->s[i] <= '9')
			digit = true;
		else
			return false;
	}
	return digit;
}

static inline double
ld_dec_double(const OrmValue *v)
{
	char		buf[64];
	size_t		n = v->len < sizeof(buf) - 1 ? v->len : sizeof(buf) - 1;

	if (ld_is_num(v->kind))
		return ld_num(v);
	if (n && v->s)
		memcpy(buf, v->s, n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

static inline int
ld_dec_cmp_abs(const char *a, size_t an, const char *b, size_t bn)
{
	size_t		ai = 0,
				bi = 0,
				ae,
				be;

	while (ai < an && a[ai] == '0')
		ai++;
	while (bi < bn && b[bi] == '0')
		bi++;
	for (ae = ai; ae < an && a[ae] != '.'; ae++)
		;
	for (be = bi; be < bn && b[be] != '.'; be++)
		;
	if (ae - ai != be - bi)
		return ae - ai < be - bi ? -1 : 1;
	for (; ai < ae; ai++, bi++)
		if (a[ai] != b[bi])
			return a[ai] < b[bi] ? -1 : 1;
	/* the fractions, the shorter padded with zeros */
	ae = ae < an ? ae + 1 : ae;
	be = be < bn ? be + 1 : be;
	while (ae < an || be < bn)
	{
		char		x = ae < an ? a[ae++] : '0',
					y = be < bn ? b[be++] : '0';

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static inline int
ld_dec_cmp(const OrmValue *a, const OrmValue *b)
{
	bool		aneg,
				bneg;
	size_t		ao,
				bo;
	int			c;

	if (a->kind != ORM_V_NUMERIC || b->kind != ORM_V_NUMERIC || !ld_dec_plain(a) || !ld_dec_plain(b))
	{
		double		x = ld_dec_double(a),
					y = ld_dec_double(b);

		return x < y ? -1 : x > y;
	}
	aneg = a->s[0] == '-';
	bneg = b->s[0] == '-';
	ao = (a->s[0] == '-' || a->s[0] == '+') ? 1 : 0;
	bo = (b->s[0] == '-' || b->s[0] == '+') ? 1 : 0;
	c = ld_dec_cmp_abs(a->s + ao, a->len - ao, b->s + bo, b->len - bo);
	if (c == 0)
		return 0;				/* -0 and 0 included */
	if (aneg != bneg)
		return aneg ? -1 : 1;
	return aneg ? -c : c;
}

/* Sort order for in-memory sorting of joined collections: NULLs first. */
static inline int
ld_value_cmp(const OrmValue *a, const OrmValue *b)
{
	bool		an = a->kind == ORM_V_NULL,
				bn = b->kind == ORM_V_NULL;
	size_t		n;
	int			c;

	if (an || bn)
		return an == bn ? 0 : (an ? -1 : 1);
	if (ld_is_num(a->kind) && ld_is_num(b->kind))
	{
		if ((a->kind == ORM_V_INT || a->kind == ORM_V_BOOL) &&
			(b->kind == ORM_V_INT || b->kind == ORM_V_BOOL))
			return a->i < b->i ? -1 : a->i > b->i;
		return ld_num(a) < ld_num(b) ? -1 : ld_num(a) > ld_num(b);
	}
	if ((a->kind == ORM_V_NUMERIC && (b->kind == ORM_V_NUMERIC || ld_is_num(b->kind))) ||
		(b->kind == ORM_V_NUMERIC && ld_is_num(a->kind)))
		return ld_dec_cmp(a, b);	/* Numeric: by value, not as text */
	if (ld_is_num(a->kind) != ld_is_num(b->kind))
		return ld_is_num(a->kind) ? -1 : 1;
	n = a->len < b->len ? a->len : b->len;
	c = n ? memcmp(a->s, b->s, n) : 0;
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static inline uint64_t
ld_hash_probe(const OrmValue *const *probe, int n)
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL;

	for (int i = 0; i < n; i++)
		h = ld_mix(h ^ ld_hash_value(probe[i])) + (uint64_t) i;
	return h;
}

static inline bool
ld_probe_has_null(const OrmValue *const *probe, int n)
{
	for (int i = 0; i < n; i++)
		if (probe[i]->kind == ORM_V_NULL)
			return true;
	return false;
}

#endif							/* ORM_LOADER_KEYS_H */
