/*
 * fuzz_pipeline.c -- fuzz harness: a whole session on an empty database.
 * The input is parts separated by "%%" lines (at most 16): the first is a
 * model source, declared (orm_declare) and created (orm_create_all); each
 * further part is a command line and its argument lines:
 *
 *   select[ <params json>]\n<query>          orm_compile, then orm_select
 *   execute[ <params json>]\n<statement>     orm_compile, then orm_execute
 *   flush\n<changes json>                    orm_flush
 *   get\n<Entity>\n<key json>[\n<options>]   orm_get
 *   view\n<name>\n<query>                    orm_view
 *   declare\n<source>                        orm_declare (another declaration)
 *   create_all | drop_all | ddl | automap
 *
 * (an unknown command is skipped).  Dictionary: the session format, query,
 * flush and declaration vocabularies together.  Seeds: each sql/<name>.sql
 * file and the demo's blog application as sessions (their calls in order),
 * and the fixed model with its rows and the query seeds.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#define MAXPARTS 16

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Cuts the first line off *p (in place) and returns it; *p: the rest, or "". */
static char *
fz_line(char **p)
{
	char	   *line = *p;
	char	   *nl = strchr(line, '\n');

	if (nl)
	{
		*nl = '\0';
		*p = nl + 1;
	}
	else
		*p = line + strlen(line);
	return line;
}

static void
fz_command(sqlite3 *db, char *part)
{
	char	   *rest = part;
	char	   *cmd = fz_line(&rest);
	char	   *space = strchr(cmd, ' ');
	const char *params = NULL;

	if (space)
	{
		*space = '\0';
		params = space + 1;
	}
	if (strcmp(cmd, "select") == 0)
	{
		fz_run(db, "orm_compile", 2, rest, params);
		fz_run(db, "orm_select", 2, rest, params);
	}
	else if (strcmp(cmd, "execute") == 0)
	{
		fz_run(db, "orm_compile", 2, rest, params);
		fz_run(db, "orm_execute", 2, rest, params);
	}
	else if (strcmp(cmd, "flush") == 0)
		fz_run(db, "orm_flush", 1, rest);
	else if (strcmp(cmd, "get") == 0)
	{
		const char *entity = fz_line(&rest);
		const char *key = fz_line(&rest);

		fz_run(db, "orm_get", 3, entity, key, *rest ? rest : NULL);
	}
	else if (strcmp(cmd, "view") == 0)
	{
		const char *name = fz_line(&rest);

		fz_run(db, "orm_view", 2, name, rest);
	}
	else if (strcmp(cmd, "declare") == 0)
		fz_run(db, "orm_declare", 1, rest);
	else if (strcmp(cmd, "create_all") == 0)
		fz_run(db, "orm_create_all", 0);
	else if (strcmp(cmd, "drop_all") == 0)
		fz_run(db, "orm_drop_all", 0);
	else if (strcmp(cmd, "ddl") == 0)
		fz_run(db, "orm_ddl", 0);
	else if (strcmp(cmd, "automap") == 0)
		fz_run(db, "orm_automap", 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *parts[MAXPARTS];
	int			n = fz_split(data, size, parts, MAXPARTS);
	sqlite3    *db = fz_open(NULL);
	int			i;

	if (fz_run(db, "orm_declare", 1, parts[0]))
		fz_run(db, "orm_create_all", 0);
	for (i = 1; i < n; i++)
		fz_command(db, parts[i]);
	fz_close(db);
	fz_free_parts(parts, n);
	return 0;
}
