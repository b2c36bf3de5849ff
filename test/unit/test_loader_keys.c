/*
 * test_loader_keys.c -- loader_keys.h's value order for sorting joined
 * collections in memory (a relationship's order_by): Numeric values as the
 * engine prints them ("450.00", PostgreSQL's numeric) compare by value, not as
 * text, so Event.tiers ordered by price lists 60.00 before 450.00.
 *
 *   make build/unit/test_loader_keys && build/unit/test_loader_keys
 */
#include "check.h"
#include "orm/loader_keys.h"

static OrmValue
num(const char *s)
{
	OrmValue	v;

	memset(&v, 0, sizeof(v));
	v.kind = ORM_V_NUMERIC;
	v.s = s;
	v.len = strlen(s);
	return v;
}

static int
cmp(const char *a, const char *b)
{
	OrmValue	x = num(a),
				y = num(b);

	return ld_value_cmp(&x, &y);
}

int
main(void)
{
	OrmValue	i,
				f,
				n;

	CHECK(cmp("60.00", "450.00") < 0);
	CHECK(cmp("450.00", "60.00") > 0);
	CHECK(cmp("60.00", "60.00") == 0);
	CHECK(cmp("60.0", "60.000") == 0);
	CHECK(cmp("007.5", "7.50") == 0);
	CHECK(cmp("-250.50", "-1000.00") > 0);
	CHECK(cmp("-1000.00", "5.00") < 0);
	CHECK(cmp("-0.00", "0") == 0);
	CHECK(cmp("0.1", "0.09") > 0);
	CHECK(cmp("99.99", "100") < 0);
	CHECK(cmp(".5", "0.25") > 0);
	CHECK(cmp("1e3", "999") > 0);	/* through strtod */
	/* a Numeric against an integer or a float: by value */
	memset(&i, 0, sizeof(i));
	i.kind = ORM_V_INT;
	i.i = 100;
	memset(&f, 0, sizeof(f));
	f.kind = ORM_V_FLOAT;
	f.f = 99.5;
	n = num("99.75");
	CHECK(ld_value_cmp(&n, &i) < 0);
	CHECK(ld_value_cmp(&i, &n) > 0);
	CHECK(ld_value_cmp(&n, &f) > 0);
	CHECK_DONE();
}
