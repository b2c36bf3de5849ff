/*
 * fuzzlib.h -- what the fuzz harnesses (test/fuzz/fuzz_*.c) share: a
 * :memory: SQLite database with the SQLite extension compiled in
 * (sqlite_ext/orm_sqlite.c, registered as an auto-extension), the fixed
 * model's database image, calls of the SQL functions with the checks every
 * call must pass, and the splitting of an input into parts.
 *
 * Each harness drives the core the way an engine does: through the SQLite
 * glue and its SQL functions.  An execution's database starts from the same
 * content every time (empty, or the fixed model's image), so an input's
 * result does not depend on the inputs before it and a reported input
 * reproduces alone.
 *
 * Harnesses are linked two ways (Makefile): with clang's libFuzzer (`make
 * fuzz`) and with gcc's sanitizers and replay.c's main(), which runs each
 * file of a directory through LLVMFuzzerTestOneInput (`make fuzz-replay`,
 * part of `make check`).
 */
#ifndef ORM_TEST_FUZZLIB_H
#define ORM_TEST_FUZZLIB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What separates the parts of an input: a line holding only "%%". */
#define FZ_SEP "\n%%\n"

/* The fixed model (test/fuzz/model.py) and its rows (test/fuzz/data.json). */
extern const char fz_model_source[];
extern const char fz_model_data[];

/* A serialized database (sqlite3_serialize), copied into each fz_open. */
typedef struct FzImage
{
	unsigned char *data;
	sqlite3_int64 size;
} FzImage;

/* Opens a :memory: database with the extension loaded; image: its content, or NULL. */
sqlite3    *fz_open(const FzImage *image);
void		fz_close(sqlite3 *db);

/* The fixed model declared and created, its rows flushed; built once, kept. */
const FzImage *fz_model_image(void);

/*
 * The fixed model's database, its content restored from the image on every
 * call: one connection kept for the process (never closed), so that its
 * registry is parsed once, as a real connection keeps it (the registry never
 * changes in the harnesses that use it).  Only the connection's caches
 * (registry, parsed statements, prepared statements) outlive an execution.
 */
sqlite3    *fz_model_db(void);

/*
 * SELECT fn(args...): the result text (malloc'd; free it) or NULL when the
 * call failed or returned NULL.  nargs texts, NUL-terminated (NULL: SQL NULL).
 * Aborts when a check fails: a successful call of a function that returns
 * JSON returned text that is not JSON; a failed call has no message; the
 * connection is left inside a transaction.  FZ_VERBOSE=1 in the environment
 * prints every call and its result on stderr.
 */
char	   *fz_call(sqlite3 *db, const char *fn, int nargs, ...);

/* fz_call, the result discarded; true when the call succeeded. */
bool		fz_run(sqlite3 *db, const char *fn, int nargs, ...);

/*
 * Splits data at FZ_SEP into at most max parts (the last one keeps any
 * further separators), each a malloc'd NUL-terminated copy; returns the count
 * (at least 1).  fz_free_parts frees them.
 */
int			fz_split(const uint8_t *data, size_t size, char **parts, int max);
void		fz_free_parts(char **parts, int n);

/* Reads the fixed model's objects back through orm_select (after a write). */
void		fz_read_back(sqlite3 *db);

#endif
