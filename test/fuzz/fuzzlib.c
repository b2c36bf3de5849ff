/*
 * fuzzlib.c -- the fuzz harnesses' shared library (see fuzzlib.h): databases
 * with the SQLite extension compiled in, the fixed model's image, checked
 * calls of the SQL functions, input splitting.
 *
 * Assumes: test/ may include sqlite3.h (common/ never does); the harness is
 * linked with sqlite_ext/orm_sqlite.c's object, the core and -lsqlite3; the
 * fixed model's texts are generated from test/fuzz/model.py and data.json
 * into build/ (the Makefile's fuzz_model.inc and fuzz_data.inc).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

const char	fz_model_source[] =
#include "fuzz_model.inc"
;

const char	fz_model_data[] =
#include "fuzz_data.inc"
;

/* The extension's entry point (sqlite_ext/orm_sqlite.c, compiled in). */
int			sqlite3_orm_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

static void
fz_fail(const char *what, const char *fn, const char *detail)
{
	fprintf(stderr, "fuzz check failed: %s: %s%s%s\n", fn, what,
			detail ? ": " : "", detail ? detail : "");
	abort();
}

/* Replaces the content of db's main database with a copy of image. */
static void
fz_load(sqlite3 *db, const FzImage *image)
{
	unsigned char *copy = sqlite3_malloc64((sqlite3_uint64) image->size);

	if (copy == NULL)
		fz_fail("out of memory", "fz_load", NULL);
	memcpy(copy, image->data, (size_t) image->size);
	/* on failure too, SQLite frees copy (FREEONCLOSE) */
	if (sqlite3_deserialize(db, "main", copy, image->size, image->size,
							SQLITE_DESERIALIZE_FREEONCLOSE |
							SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
		fz_fail("cannot load the image", "sqlite3_deserialize", sqlite3_errmsg(db));
}

sqlite3 *
fz_open(const FzImage *image)
{
	static bool registered;
	sqlite3    *db = NULL;

	if (!registered)
	{
		/* SQLite hands the entry point its API table, as .load does */
		if (sqlite3_auto_extension((void (*) (void)) sqlite3_orm_init) != SQLITE_OK)
			fz_fail("cannot register the extension", "sqlite3_auto_extension", NULL);
		registered = true;
	}
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		fz_fail("cannot open :memory:", "sqlite3_open", db ? sqlite3_errmsg(db) : NULL);
	if (image)
		fz_load(db, image);
	return db;
}

/*
 * An input that may have used one of SQLite's eponymous virtual tables
 * (json_each, json_tree, pragma_*: func.json_each(...).table_valued()).
 * SQLite 3.40 keeps such a table across sqlite3_deserialize() of "main"
 * with the schema pointer of the database it replaced, and the next
 * statement naming it reads freed memory (a SEGV inside SQLite): such a
 * connection is closed and opened anew instead of reloaded.
 */
static bool fz_eponymous;

static void
fz_note_eponymous(const char *arg)
{
	if (arg && (strcasestr(arg, "json_each") || strcasestr(arg, "json_tree") ||
				strcasestr(arg, "pragma_")))
		fz_eponymous = true;
}

sqlite3 *
fz_model_db(void)
{
	static sqlite3 *db;

	if (db != NULL && fz_eponymous)
	{
		fz_close(db);
		db = NULL;
	}
	fz_eponymous = false;
	if (db == NULL)
		db = fz_open(fz_model_image());
	else
		fz_load(db, fz_model_image());
	return db;
}

void
fz_close(sqlite3 *db)
{
	if (sqlite3_close(db) != SQLITE_OK)
		fz_fail("cannot close the database", "sqlite3_close", sqlite3_errmsg(db));
}

/* Functions whose result is JSON (all but those returning text). */
static bool
fz_returns_json(const char *fn)
{
	static const char *const text_fns[] = {
		"orm_ddl", "orm_compile", "orm_echo", "orm_revision", "orm_migration_add",
		"orm_explain", NULL
	};
	int			i;

	for (i = 0; text_fns[i]; i++)
		if (strcmp(fn, text_fns[i]) == 0)
			return false;
	return true;
}

static void
fz_check_json(sqlite3 *db, const char *fn, const char *text)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT json_valid(?1)", -1, &st, NULL) != SQLITE_OK)
		fz_fail("cannot prepare json_valid", fn, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
		fz_fail("the result is not JSON", fn, text);
	sqlite3_finalize(st);
}

static char *
fz_callv(sqlite3 *db, const char *fn, int nargs, va_list ap)
{
	static const char *const marks[] = {"", "?1", "?1, ?2", "?1, ?2, ?3"};
	bool		verbose = getenv("FZ_VERBOSE") != NULL;
	const char *args[3];
	char		sql[128];
	sqlite3_stmt *st = NULL;
	char	   *result = NULL;
	int			rc;
	int			i;

	if (nargs < 0 || nargs > 3)
		fz_fail("at most three arguments", fn, NULL);
	for (i = 0; i < nargs; i++)
	{
		args[i] = va_arg(ap, const char *);
		fz_note_eponymous(args[i]);
	}
	snprintf(sql, sizeof(sql), "SELECT %s(%s)", fn, marks[nargs]);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fz_fail("cannot prepare", fn, sqlite3_errmsg(db));
	for (i = 0; i < nargs; i++)
		if (args[i])
			sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
	{
		const char *text = (const char *) sqlite3_column_text(st, 0);

		if (text)
		{
			if (fz_returns_json(fn))
				fz_check_json(db, fn, text);
			result = strdup(text);
		}
		if (verbose)
			fprintf(stderr, "%s -> %s\n", fn, text ? text : "NULL");
	}
	else
	{
		const char *msg = sqlite3_errmsg(db);

		/*
		 * the codes orm's errors carry (sq_error_code in orm_sqlite.c: the
		 * engine's own, or one per kind of mistake); SQLITE_MISUSE, SQLITE_RANGE,
		 * a busy or I/O code, or SQLITE_NOMEM (no allocation fails here) is not one
		 */
		switch (rc & 0xff)
		{
			case SQLITE_ERROR:
			case SQLITE_CONSTRAINT:
			case SQLITE_MISMATCH:
			case SQLITE_ABORT:
			case SQLITE_NOTFOUND:
			case SQLITE_INTERNAL:
			case SQLITE_TOOBIG:
				break;
			default:
				fz_fail("unexpected result code", fn, sqlite3_errstr(rc));
		}
		if (msg == NULL || msg[0] == '\0' || strcmp(msg, "not an error") == 0)
			fz_fail("an error without a message", fn, NULL);
		if (verbose)
			fprintf(stderr, "%s -> ERROR %s\n", fn, msg);
	}
	sqlite3_finalize(st);
	if (!sqlite3_get_autocommit(db))
		fz_fail("the call left a transaction open", fn, NULL);
	return result;
}

char *
fz_call(sqlite3 *db, const char *fn, int nargs,...)
{
	va_list		ap;
	char	   *r;

	va_start(ap, nargs);
	r = fz_callv(db, fn, nargs, ap);
	va_end(ap);
	return r;
}

bool
fz_run(sqlite3 *db, const char *fn, int nargs,...)
{
	va_list		ap;
	char	   *r;

	va_start(ap, nargs);
	r = fz_callv(db, fn, nargs, ap);
	va_end(ap);
	free(r);
	return r != NULL;
}

const FzImage *
fz_model_image(void)
{
	static FzImage image;
	sqlite3    *db;

	if (image.data)
		return &image;
	db = fz_open(NULL);
	if (!fz_run(db, "orm_declare", 1, fz_model_source) ||
		!fz_run(db, "orm_create_all", 0) ||
		!fz_run(db, "orm_flush", 1, fz_model_data))
		fz_fail("the fixed model does not load", "fz_model_image", sqlite3_errmsg(db));
	image.data = sqlite3_serialize(db, "main", &image.size, 0);
	if (image.data == NULL)
		fz_fail("cannot serialize", "fz_model_image", sqlite3_errmsg(db));
	fz_close(db);
	return &image;
}

int
fz_split(const uint8_t *data, size_t size, char **parts, int max)
{
	const size_t seplen = strlen(FZ_SEP);
	size_t		start = 0;
	int			n = 0;

	while (n < max - 1)
	{
		size_t		i;
		bool		found = false;

		for (i = start; i + seplen <= size; i++)
			if (memcmp(data + i, FZ_SEP, seplen) == 0)
			{
				found = true;
				break;
			}
		if (!found)
			break;
		parts[n] = strndup((const char *) data + start, i - start);
		n++;
		start = i + seplen;
	}
	parts[n] = strndup((const char *) data + start, size - start);
	return n + 1;
}

void
fz_free_parts(char **parts, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		free(parts[i]);
}

void
fz_read_back(sqlite3 *db)
{
	static const char *const reads[] = {
		"select(User).options(selectinload(User.posts).selectinload(Post.tags), "
		"selectinload(User.comments).selectinload(Comment.replies))",
		"select(Post).options(joinedload(Post.author), selectinload(Post.comments))",
		"select(Tag).options(selectinload(Tag.posts))",
		"select(Employee).options(selectinload(Employee.reports))",
		"select(Dept).options(selectinload(Dept.managers))",
		"select(Company)",
		"select(Vendor)",
		"select(Config)",
		"select(Sample)",
		NULL
	};
	int			i;

	for (i = 0; reads[i]; i++)
		fz_run(db, "orm_select", 1, reads[i]);
}
