/*
 * fuzz_migrate.c -- fuzz harness: migration scripts.  The input is up to
 * four scripts in Alembic's file format separated by "%%" lines, each
 * registered (orm_migration_add) on a database holding the fixed model's
 * declarations; then the whole workflow over them: orm_history,
 * orm_upgrade('heads'), orm_current, orm_revision (autogenerate against what
 * the scripts built), orm_downgrade('base'), orm_stamp('heads').  Seeds: the
 * scripts of sql/migrate_*.sql and test/migrate/expected/.
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
	bool		added = false;
	int			i;

	fz_run(db, "orm_declare", 1, fz_model_source);
	for (i = 0; i < n; i++)
		added |= fz_run(db, "orm_migration_add", 1, parts[i]);
	if (added)
	{
		fz_run(db, "orm_history", 0);
		fz_run(db, "orm_upgrade", 1, "heads");
		fz_run(db, "orm_current", 0);
		fz_run(db, "orm_revision", 1, "fuzz");
		fz_run(db, "orm_downgrade", 1, "base");
		fz_run(db, "orm_stamp", 1, "heads");
	}
	fz_close(db);
	fz_free_parts(parts, n);
	return 0;
}
