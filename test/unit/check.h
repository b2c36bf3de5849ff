/*
 * check.h -- the C unit tests' tiny harness.  Each test binary calls
 * CHECK(...) / CHECK_STR(...) and ends with CHECK_DONE(), which prints
 * "N passed, N failed" and returns non-zero on any failure.  The counters
 * are per test file (testlib.c includes this header only for the hooks).
 */
#ifndef ORM_TEST_CHECK_H
#define ORM_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int check_passed __attribute__((unused)),
			check_failed __attribute__((unused));

#define CHECK(cond) do { \
	if (cond) check_passed++; \
	else { check_failed++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && strcmp(g_, w_) == 0) check_passed++; \
	else { check_failed++; fprintf(stderr, "%s:%d: CHECK_STR failed\n  got:  %s\n  want: %s\n", \
			__FILE__, __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define CHECK_DONE() do { \
	printf("%s: %d passed, %d failed\n", __FILE__, check_passed, check_failed); \
	return check_failed ? 1 : 0; \
} while (0)

static void *
check_block_alloc(void *st, size_t n)
{
	void	   *p = malloc(n);

	(void) st;
	if (!p)
		abort();
	return p;
}

static void
check_block_free(void *st, void *p)
{
	(void) st;
	free(p);
}

static const OrmMemHooks check_hooks = {.block_alloc = check_block_alloc, .block_free = check_block_free};

#endif
