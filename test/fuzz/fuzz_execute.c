/*
 * fuzz_execute.c -- fuzz harness: execute text (insert / update / delete)
 * over the fixed model (test/fuzz/model.py, with the rows of data.json).
 * The input is a statement, optionally followed by a "%%" line and its
 * parameters (JSON); it is compiled (orm_compile) and run (orm_execute), and
 * when it succeeds every class is read back.  Dictionary:
 * test/fuzz/query.dict.  Seeds: every orm_execute statement of sql/<name>.sql and
 * test/demo/blog.sql.
 */
#include <stdlib.h>

#include "fuzzlib.h"

int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	fz_model_image();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *parts[2];
	int			n = fz_split(data, size, parts, 2);
	const char *params = n > 1 ? parts[1] : NULL;
	sqlite3    *db = fz_model_db();

	fz_run(db, "orm_compile", 2, parts[0], params);
	if (fz_run(db, "orm_execute", 2, parts[0], params))
		fz_read_back(db);
	fz_free_parts(parts, n);
	return 0;
}
