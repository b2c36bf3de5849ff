/*
 * fuzz_flush.c -- fuzz harness: flush JSON over the fixed model
 * (test/fuzz/model.py, with the rows of data.json).  The input is the
 * changes document of one orm_flush; when it succeeds, every class is read
 * back (orm_select with eager loads), so that what the flush stored is
 * formatted again.  Dictionary: test/fuzz/flush.dict.  Seeds: every
 * orm_flush document of sql/<name>.sql and test/demo/blog.sql.
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
	char	   *parts[1];
	int			n = fz_split(data, size, parts, 1);
	sqlite3    *db = fz_model_db();

	if (fz_run(db, "orm_flush", 1, parts[0]))
		fz_read_back(db);
	fz_free_parts(parts, n);
	return 0;
}
