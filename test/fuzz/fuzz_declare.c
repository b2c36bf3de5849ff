/*
 * fuzz_declare.c -- fuzz harness: declaration text.  The input is up to four
 * model sources separated by "%%" lines, each declared in order
 * (orm_declare) on an empty database, as successive declarations are; then
 * the DDL of what was declared (orm_ddl).  Seeds: every orm_declare source
 * of sql/<name>.sql and test/demo/blog_models.py.
 */
#include <stdlib.h>

#include "fuzzlib.h"

#define MAXPARTS 4

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *parts[MAXPARTS];
	int			n = fz_split(data, size, parts, MAXPARTS);
	sqlite3    *db = fz_open(NULL);
	bool		declared = false;
	int			i;

	for (i = 0; i < n; i++)
		declared |= fz_run(db, "orm_declare", 1, parts[i]);
	if (declared)
		fz_run(db, "orm_ddl", 0);
	fz_close(db);
	fz_free_parts(parts, n);
	return 0;
}
