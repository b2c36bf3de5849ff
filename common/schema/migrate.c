/*
 * migrate.c -- Alembic's workflow inside the database: scripts, the revision
 * graph, the version table, and the orm_migrate_* functions of migrate.h
 * (called by api.c's orm_api_revision ... orm_api_stamp).
 *
 * Owns: mig_parse_script (a script in Alembic's file format -> MigScript),
 * the storage of scripts (table orm_migrations: PostgreSQL creates it in the
 * extension script and pg_dump keeps it; SQLite creates it in the database
 * file on the first script, as orm_registry), the revision graph (heads,
 * ancestors, targets: head, heads, base, a revision id or a unique prefix of
 * one, a branch label, +N / -N, <rev>+N / <rev>-N, label@head / heads /
 * base / +N / -N), and alembic_version,
 * created and written exactly as Alembic does:
 *
 *   CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
 *       CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))
 *   INSERT INTO alembic_version (version_num) VALUES (...)      a new head
 *   UPDATE alembic_version SET version_num=... WHERE version_num = ...
 *   DELETE FROM alembic_version WHERE version_num = ...         a head gone
 *
 * so a database can move between Alembic and orm both ways.  The table holds
 * the heads of what is applied (one row, or one per branch).  It lives where
 * Alembic (version_table_schema=None) puts it: unqualified, i.e. found
 * through search_path and created in the current schema on PostgreSQL, in
 * main on SQLite.  The scripts' table, whose contents an upgrade runs, is
 * named in one place (mig_scripts_table) and on PostgreSQL qualified with
 * the extension's schema, so no table earlier on search_path can stand in
 * for it.
 *
 * An upgrade or downgrade runs in the host's atomic section (a subtransaction
 * on PostgreSQL, a savepoint on SQLite): every revision's operations and its
 * version-table write, all or nothing.  The operations themselves are run by
 * migrate_ops.c; autogenerate's comparison and text are autogen.c's.
 *
 * orm_revision writes the script as Alembic's generic template
 * (script.py.mako) does: the docstring with Revision ID / Revises / Create
 * Date, the typed revision identifiers, upgrade() and downgrade() with their
 * docstrings.  A revision id is twelve hex digits from the host's random
 * bytes (uuid4().hex[-12:]); the Create Date is the host's clock, in UTC.
 */
#include "schema/migrate_int.h"
#include "base/json.h"

#include <string.h>

#define MIG_VERSION_CREATE "CREATE TABLE \"alembic_version\" (\"version_num\" VARCHAR(32) NOT NULL, " \
	"CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (\"version_num\"))"
#define MIG_MAX_REV 32			/* version_num VARCHAR(32) */

/* ---- parsing a script --------------------------------------------------- */

static int
mig_err_node(OrmError *err, const PyNode *n, const char *fmt, const char *arg)
{
	return orm_err_at(err, ORM_ERR_PARAM, n ? n->line : 0, n ? n->col : 0, fmt, arg);
}

/* A revision identifier: non-empty, at most 32 characters, none of @ - + and space. */
static bool
mig_valid_rev(const char *s)
{
	size_t		n = strlen(s);

	if (n == 0 || n > MIG_MAX_REV)
		return false;
	return strpbrk(s, "@-+ \t\n\r,") == NULL;
}

/* None, "a", ("a", "b") or ["a", "b"] -> names; -1 on anything else. */
static int
mig_str_list(OrmArena *a, const PyNode *v, const char ***out, int *n, OrmError *err,
			 const char *what, bool revisions)
{
	int			i;

	*out = NULL;
	*n = 0;
	if (v->kind == PY_NONE)
		return 0;
	if (v->kind == PY_STR)
	{
		*out = ORM_NEWN(a, const char *, 1);
		(*out)[0] = orm_strndup(a, v->str, v->len);
		*n = 1;
	}
	else if (v->kind == PY_TUPLE || v->kind == PY_LIST)
	{
		*out = ORM_NEWN(a, const char *, v->nitems + 1);
		for (i = 0; i < v->nitems; i++)
		{
			if (v->items[i]->kind != PY_STR)
				return mig_err_node(err, v->items[i], "%s must be strings", what);
			(*out)[i] = orm_strndup(a, v->items[i]->str, v->items[i]->len);
		}
		*n = v->nitems;
	}
	else
		return mig_err_node(err, v, "%s must be None, a string or a tuple of strings", what);
	for (i = 0; i < *n; i++)
		if ((revisions && !mig_valid_rev((*out)[i])) || (*out)[i][0] == '\0')
			return mig_err_node(err, v, "invalid revision identifier in %s", what);
	return 0;
}

/* The first line of the docstring, and its "Create Date: " line. */
static void
mig_doc_fields(OrmArena *a, MigScript *s)
{
	const char *p = s->doc,
			   *nl;

	while (*p == '\n' || *p == ' ')
		p++;
	nl = strchr(p, '\n');
	s->message = nl ? orm_strndup(a, p, (size_t) (nl - p)) : orm_strdup(a, p);
	for (p = s->doc; p && *p; p = nl ? nl + 1 : NULL)
	{
		const char *q = p;

		nl = strchr(p, '\n');
		while (*q == ' ')
			q++;
		if (strncmp(q, "Create Date:", 12) == 0)
		{
			q += 12;
			while (*q == ' ')
				q++;
			s->create_date = nl ? orm_strndup(a, q, (size_t) (nl - q)) : orm_strdup(a, q);
			break;
		}
		if (!nl)
			break;
	}
}

MigScript *
mig_parse_script(OrmArena *a, const char *src, OrmError *err)
{
	PyModule   *m = py_parse_module_bodies(a, src, err);
	MigScript  *s;
	bool		have_down = false;
	int			i;

	if (!m)
		return NULL;
	s = ORM_NEW(a, MigScript);
	s->source = src;
	s->message = "";
	for (i = 0; i < m->nstmts; i++)
	{
		PyStmt	   *st = m->stmts[i];
		const PyNode *t = st->target;
		const char *name = t && t->kind == PY_NAME ? t->str : NULL;

		if (i == 0 && st->kind == PYS_EXPR && st->value->kind == PY_STR)
		{
			s->doc = orm_strndup(a, st->value->str, st->value->len);
			mig_doc_fields(a, s);
			continue;
		}
		if (st->kind == PYS_DEF && strcmp(st->name, "upgrade") == 0)
			s->upgrade = st;
		else if (st->kind == PYS_DEF && strcmp(st->name, "downgrade") == 0)
			s->downgrade = st;
		if ((st->kind != PYS_ASSIGN && st->kind != PYS_ANNASSIGN) || !name || !st->value)
			continue;
		if (strcmp(name, "revision") == 0)
		{
			if (st->value->kind != PY_STR)
				return mig_err_node(err, st->value, "%s must be a string", "revision"), NULL;
			s->revision = orm_strndup(a, st->value->str, st->value->len);
			if (!mig_valid_rev(s->revision))
				return mig_err_node(err, st->value, "invalid revision identifier \"%s\"",
									s->revision), NULL;
		}
		else if (strcmp(name, "down_revision") == 0)
		{
			if (mig_str_list(a, st->value, &s->down, &s->ndown, err, "down_revision", true) < 0)
				return NULL;
			have_down = true;
		}
		else if (strcmp(name, "branch_labels") == 0)
		{
			if (mig_str_list(a, st->value, &s->labels, &s->nlabels, err, "branch_labels", false) < 0)
				return NULL;
		}
		else if (strcmp(name, "depends_on") == 0)
		{
			if (mig_str_list(a, st->value, &s->deps, &s->ndeps, err, "depends_on", true) < 0)
				return NULL;
		}
	}
	if (!s->revision)
		return orm_err(err, ORM_ERR_PARAM, "the script has no revision identifier (revision = \"...\")"),
			NULL;
	if (!have_down)
		return orm_err(err, ORM_ERR_PARAM, "the script has no down_revision"), NULL;
	if (!s->upgrade || !s->downgrade)
		return orm_err(err, ORM_ERR_PARAM, "the script has no def %s()",
					   s->upgrade ? "downgrade" : "upgrade"), NULL;
	for (i = 0; i < s->ndown; i++)
		if (strcmp(s->down[i], s->revision) == 0)
			return orm_err(err, ORM_ERR_PARAM, "revision \"%s\" names itself as its down_revision",
						   s->revision), NULL;
	return s;
}

/* ---- the stored scripts --------------------------------------------------- */

typedef struct MigGraph
{
	int			n;
	MigScript **s;				/* storage order */
} MigGraph;

static OrmParam
mig_text_param(const char *s)
{
	OrmParam	p;

	memset(&p, 0, sizeof(p));
	p.kind = ORM_V_TEXT;
	p.s = s;
	p.len = strlen(s);
	return p;
}

/* Does the table exist (the dialect's check, default schema)? */
static int
mig_table_exists(OrmCtx *ctx, const char *name, bool *exists)
{
	OrmParam	p = mig_text_param(name);
	OrmRows		rows;

	if (ctx->host->query(ctx->hs, ctx->arena, ctx->dialect->table_exists_sql, 1, &p,
						 &rows, ctx->err) != 0)
		return -1;
	*exists = rows.nrows > 0;
	return 0;
}

static const char *mig_value_text(OrmArena *a, const OrmValue *v);

/*
 * The one place the scripts' table is named: *name gets it qualified as the
 * registry is (orm_own_table: the extension's schema on PostgreSQL, main on
 * SQLite) -- never found through search_path or behind a TEMP table, which
 * would otherwise supply the scripts an upgrade runs -- and *exists whether
 * it is there (the extension script creates it on PostgreSQL; on SQLite the
 * first script does).
 */
static int
mig_scripts_table(OrmCtx *ctx, const char **name, bool *exists)
{
	*exists = false;
	if ((*name = orm_own_table(ctx, "orm_migrations")) == NULL)
		return -1;
	if (ctx->dialect->mig->scripts_by_extension)
	{
		*exists = true;
		return 0;
	}
	return mig_table_exists(ctx, "orm_migrations", exists);
}

static const char *
mig_value_text(OrmArena *a, const OrmValue *v)
{
	if (v->kind == ORM_V_NULL || !v->s)
		return "";
	return orm_strndup(a, v->s, v->len);
}

/* Reads and parses every stored script; a missing table is no scripts. */
static int
mig_load(OrmCtx *ctx, MigGraph *g)
{
	OrmRows		rows;
	bool		exists;
	int			r;

	const char *table;

	memset(g, 0, sizeof(*g));
	if (mig_scripts_table(ctx, &table, &exists) < 0)
		return -1;
	if (!exists)
		return 0;
	if (orm_ctx_query(ctx, orm_sprintf(ctx->arena, "SELECT \"revision\", \"source\" FROM %s ORDER BY \"id\"",
									  table), 0, NULL, &rows) < 0)
		return -1;
	g->s = ORM_NEWN(ctx->arena, MigScript *, rows.nrows + 1);
	for (r = 0; r < rows.nrows; r++)
	{
		const char *rev = mig_value_text(ctx->arena, &ORM_ROW(&rows, r)[0]);
		MigScript  *s = mig_parse_script(ctx->arena,
										 mig_value_text(ctx->arena, &ORM_ROW(&rows, r)[1]),
										 ctx->err);

		if (!s)
		{
			orm_err_detail(ctx->err, "The error is in the stored script of revision %s.", rev);
			ctx->err->text_arg = -1;	/* its line and column are the stored script's */
			return -1;
		}
		s->seq = r;
		g->s[g->n++] = s;
	}
	return 0;
}

static int
mig_index(const MigGraph *g, const char *rev)
{
	int			i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->s[i]->revision, rev) == 0)
			return i;
	return -1;
}

/* Every down_revision and depends_on names a stored script. */
static int
mig_check_graph(OrmCtx *ctx, const MigGraph *g)
{
	int			i,
				j;

	for (i = 0; i < g->n; i++)
	{
		const MigScript *s = g->s[i];

		for (j = 0; j < s->ndown; j++)
			if (mig_index(g, s->down[j]) < 0)
			{
				orm_err(ctx->err, ORM_ERR_PARAM,
						"revision %s is present, but its down_revision %s is not", s->revision,
						s->down[j]);
				orm_err_hint(ctx->err, "Add the script of revision %s with orm_migration_add.",
							 s->down[j]);
				return -1;
			}
		for (j = 0; j < s->ndeps; j++)
			if (mig_index(g, s->deps[j]) < 0)
				return orm_err(ctx->err, ORM_ERR_PARAM,
							   "revision %s depends on %s, which is not present", s->revision,
							   s->deps[j]);
	}
	return 0;
}

/* ---- the revision graph ----------------------------------------------------- */

/* Is j a parent of i (down_revision, or depends_on when with_deps)? */
static bool
mig_is_parent(const MigGraph *g, int i, int j, bool with_deps)
{
	const MigScript *s = g->s[i];
	int			k;

	for (k = 0; k < s->ndown; k++)
		if (strcmp(s->down[k], g->s[j]->revision) == 0)
			return true;
	for (k = 0; with_deps && k < s->ndeps; k++)
		if (strcmp(s->deps[k], g->s[j]->revision) == 0)
			return true;
	return false;
}

/*
 * Topological order, parents first; among revisions ready together, the one
 * stored first.  A cycle is an error.
 */
static int
mig_topo(OrmCtx *ctx, const MigGraph *g, int **order)
{
	bool	   *done = ORM_NEWN(ctx->arena, bool, g->n + 1);
	int			k,
				i,
				j;

	*order = ORM_NEWN(ctx->arena, int, g->n + 1);
	for (k = 0; k < g->n; k++)
	{
		for (i = 0; i < g->n; i++)
		{
			if (done[i])
				continue;
			for (j = 0; j < g->n; j++)
				if (!done[j] && j != i && mig_is_parent(g, i, j, true))
					break;
			if (j == g->n)
				break;
		}
		if (i == g->n)
			return orm_err(ctx->err, ORM_ERR_PARAM, "the revisions form a cycle");
		done[i] = true;
		(*order)[k] = i;
	}
	return 0;
}

/* The closure of set under parents (down_revision and depends_on), in place. */
static void
mig_closure(const MigGraph *g, bool *set)
{
	bool		changed = true;
	int			i,
				j;

	while (changed)
	{
		changed = false;
		for (i = 0; i < g->n; i++)
			if (set[i])
				for (j = 0; j < g->n; j++)
					if (!set[j] && mig_is_parent(g, i, j, true))
					{
						set[j] = true;
						changed = true;
					}
	}
}

/* Heads of a set: members no other member names as its down_revision. */
static void
mig_heads_of(const MigGraph *g, const bool *set, bool *heads)
{
	int			i,
				j;

	for (i = 0; i < g->n; i++)
	{
		heads[i] = set[i];
		for (j = 0; heads[i] && j < g->n; j++)
			if (set[j] && j != i && mig_is_parent(g, j, i, false))
				heads[i] = false;
	}
}

static bool *
mig_set(OrmCtx *ctx, const MigGraph *g)
{
	return ORM_NEWN(ctx->arena, bool, g->n + 1);
}

static bool *
mig_all_heads(OrmCtx *ctx, const MigGraph *g)
{
	bool	   *all = mig_set(ctx, g),
			   *heads = mig_set(ctx, g);
	int			i;

	for (i = 0; i < g->n; i++)
		all[i] = true;
	mig_heads_of(g, all, heads);
	return heads;
}

static int
mig_count(const MigGraph *g, const bool *set)
{
	int			i,
				n = 0;

	for (i = 0; i < g->n; i++)
		n += set[i] ? 1 : 0;
	return n;
}

static void
mig_names(const MigGraph *g, const bool *set, OrmBuf *out)
{
	int			i,
				n = 0;

	for (i = 0; i < g->n; i++)
		if (set[i])
			orm_buf_printf(out, "%s%s", n++ ? ", " : "", g->s[i]->revision);
}

/* A revision by id, unique prefix, or branch label; -1 with err set. */
static int
mig_lookup(OrmCtx *ctx, const MigGraph *g, const char *id)
{
	int			i,
				found = -1,
				nfound = 0;
	size_t		len = strlen(id);

	if ((i = mig_index(g, id)) >= 0)
		return i;
	for (i = 0; i < g->n; i++)
		for (int k = 0; k < g->s[i]->nlabels; k++)
			if (strcmp(g->s[i]->labels[k], id) == 0)
				return i;
	for (i = 0; len > 0 && i < g->n; i++)
		if (strncmp(g->s[i]->revision, id, len) == 0)
		{
			found = i;
			nfound++;
		}
	if (nfound == 1)
		return found;
	if (nfound > 1)
	{
		OrmBuf		b;

		orm_buf_init(&b, ctx->arena);
		for (i = 0; i < g->n; i++)
			if (strncmp(g->s[i]->revision, id, len) == 0)
				orm_buf_printf(&b, "%s%s", b.len ? ", " : "", g->s[i]->revision);
		orm_err(ctx->err, ORM_ERR_PARAM, "multiple revisions start with '%s': %s", id,
				orm_buf_cstr(&b));
		return -1;
	}
	orm_err(ctx->err, ORM_ERR_PARAM, "can't locate revision identified by '%s'", id);
	return -1;
}

/* ---- alembic_version ------------------------------------------------------------ */

/* The version table's rows as a set of g's revisions (unknown ones are an error). */
static int
mig_current(OrmCtx *ctx, const MigGraph *g, bool *cur, bool *exists)
{
	OrmRows		rows;
	int			r;

	if (mig_table_exists(ctx, "alembic_version", exists) < 0)
		return -1;
	if (!*exists)
		return 0;
	if (orm_ctx_query(ctx, "SELECT \"version_num\" FROM \"alembic_version\"", 0, NULL, &rows) < 0)
		return -1;
	for (r = 0; r < rows.nrows; r++)
	{
		const char *v = mig_value_text(ctx->arena, &ORM_ROW(&rows, r)[0]);
		int			i = mig_index(g, v);

		if (i < 0)
		{
			orm_err(ctx->err, ORM_ERR_PARAM,
					"can't locate revision identified by '%s' (it is in alembic_version)", v);
			orm_err_hint(ctx->err, "Add its script with orm_migration_add, or set the version "
						 "with orm_stamp.");
			return -1;
		}
		cur[i] = true;
	}
	return 0;
}

static int
mig_version_write(OrmCtx *ctx, const MigGraph *g, const bool *from, const bool *to)
{
	int			i,
				j = 0;
	OrmParam	p[2];
	int		   *added = ORM_NEWN(ctx->arena, int, g->n + 1);
	int			nadded = 0;

	for (i = 0; i < g->n; i++)
		if (to[i] && !from[i])
			added[nadded++] = i;
	for (i = 0; i < g->n; i++)
	{
		if (!from[i] || to[i])
			continue;
		if (j < nadded)
		{
			OrmBuf		sql;

			orm_buf_init(&sql, ctx->arena);
			orm_buf_puts(&sql, "UPDATE \"alembic_version\" SET \"version_num\"=");
			ctx->dialect->param(&sql, 1, NULL);
			orm_buf_puts(&sql, " WHERE \"alembic_version\".\"version_num\" = ");
			ctx->dialect->param(&sql, 2, NULL);
			p[0] = mig_text_param(g->s[added[j++]]->revision);
			p[1] = mig_text_param(g->s[i]->revision);
			if (orm_ctx_query(ctx, orm_buf_cstr(&sql), 2, p, NULL) < 0)
				return -1;
		}
		else
		{
			OrmBuf		sql;

			orm_buf_init(&sql, ctx->arena);
			orm_buf_puts(&sql, "DELETE FROM \"alembic_version\" WHERE \"alembic_version\".\"version_num\" = ");
			ctx->dialect->param(&sql, 1, NULL);
			p[0] = mig_text_param(g->s[i]->revision);
			if (orm_ctx_query(ctx, orm_buf_cstr(&sql), 1, p, NULL) < 0)
				return -1;
		}
	}
	for (; j < nadded; j++)
	{
		OrmBuf		sql;

		orm_buf_init(&sql, ctx->arena);
		orm_buf_puts(&sql, "INSERT INTO \"alembic_version\" (\"version_num\") VALUES (");
		ctx->dialect->param(&sql, 1, NULL);
		orm_buf_putc(&sql, ')');
		p[0] = mig_text_param(g->s[added[j]]->revision);
		if (orm_ctx_query(ctx, orm_buf_cstr(&sql), 1, p, NULL) < 0)
			return -1;
	}
	return 0;
}

/* ---- JSON ---------------------------------------------------------------------- */

static void
mig_json_str(OrmBuf *out, const char *s)
{
	if (s)
		orm_buf_json_str(out, s, strlen(s));
	else
		orm_buf_puts(out, "null");
}

static void
mig_json_names(OrmBuf *out, const char *const *names, int n)
{
	int			i;

	orm_buf_putc(out, '[');
	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		mig_json_str(out, names[i]);
	}
	orm_buf_putc(out, ']');
}

/* A set of revisions as a JSON array, in storage order. */
static void
mig_json_set(OrmBuf *out, const MigGraph *g, const bool *set)
{
	int			i,
				n = 0;

	orm_buf_putc(out, '[');
	for (i = 0; i < g->n; i++)
		if (set[i])
		{
			if (n++)
				orm_buf_putc(out, ',');
			mig_json_str(out, g->s[i]->revision);
		}
	orm_buf_putc(out, ']');
}

/* down_revision as Alembic shows it: null, "a", or ["a", "b"] */
static void
mig_json_down(OrmBuf *out, const MigScript *s)
{
	if (s->ndown == 0)
		orm_buf_puts(out, "null");
	else if (s->ndown == 1)
		mig_json_str(out, s->down[0]);
	else
		mig_json_names(out, s->down, s->ndown);
}

/* ---- targets --------------------------------------------------------------------- */

/* "+3" / "-2" -> 3 / -2; false when s is not a relative step. */
static bool
mig_relative(const char *s, int *steps)
{
	int			n = 0;
	const char *p = s + 1;

	if ((s[0] != '+' && s[0] != '-') || !*p)
		return false;
	for (; *p; p++)
	{
		if (*p < '0' || *p > '9' || n > 100000)
			return false;
		n = n * 10 + (*p - '0');
	}
	*steps = s[0] == '-' ? -n : n;
	return true;
}

/* Is a an ancestor of d (by down_revision, and depends_on when with_deps)? */
static bool
mig_ancestor(const MigGraph *g, int a, int d, bool with_deps, bool *seen)
{
	int			j;

	if (seen[d])
		return false;
	seen[d] = true;
	for (j = 0; j < g->n; j++)
		if (mig_is_parent(g, d, j, with_deps) && (j == a || mig_ancestor(g, a, j, with_deps, seen)))
			return true;
	return false;
}

static bool
mig_is_ancestor(OrmCtx *ctx, const MigGraph *g, int a, int d, bool with_deps)
{
	return mig_ancestor(g, a, d, with_deps, mig_set(ctx, g));
}

/*
 * The revisions sharing a lineage with lab (itself, its ancestors and its
 * descendants by down_revision): what "lab@..." targets are confined to,
 * as Alembic's filter_for_lineage.
 */
static bool *
mig_lineage(OrmCtx *ctx, const MigGraph *g, int lab)
{
	bool	   *lin = mig_set(ctx, g);
	int			i;

	for (i = 0; i < g->n; i++)
		lin[i] = i == lab || mig_is_ancestor(ctx, g, i, lab, false) ||
			mig_is_ancestor(ctx, g, lab, i, false);
	return lin;
}

/*
 * What "label@base" undoes, as Alembic resolves it: the bases that share
 * the label's lineage, and everything descending from them.
 */
static bool *
mig_branch(OrmCtx *ctx, const MigGraph *g, const bool *lin)
{
	bool	   *br = mig_set(ctx, g);
	int			i,
				b;

	for (b = 0; b < g->n; b++)
		if (lin[b] && g->s[b]->ndown == 0)
			for (i = 0; i < g->n; i++)
				if (i == b || mig_is_ancestor(ctx, g, b, i, true))
					br[i] = true;
	return br;
}

/*
 * The only child of i (or of base when i < 0), within lin when given;
 * -1 (error set when must) when there is none or several.
 */
static int
mig_only_child(OrmCtx *ctx, const MigGraph *g, int i, const bool *lin, bool must)
{
	int			j,
				found = -1,
				n = 0;

	for (j = 0; j < g->n; j++)
		if ((i < 0 ? g->s[j]->ndown == 0 : mig_is_parent(g, j, i, false)) && (!lin || lin[j]))
		{
			found = j;
			n++;
		}
	if (n == 1)
		return found;
	if (must)
		orm_err(ctx->err, ORM_ERR_PARAM, n == 0 ? "no revision follows %s" :
				"several revisions follow %s: name the one to go to",
				i < 0 ? "base" : g->s[i]->revision);
	return -1;
}

/* The heads of g within lin (all when lin is NULL). */
static bool *
mig_heads_in(OrmCtx *ctx, const MigGraph *g, const bool *lin)
{
	bool	   *heads = mig_all_heads(ctx, g);
	int			i;

	for (i = 0; lin && i < g->n; i++)
		heads[i] = heads[i] && lin[i];
	return heads;
}

/*
 * A target of orm_upgrade / orm_downgrade / orm_stamp, Alembic's syntax:
 *
 *   [label@](head | heads | base | <rev> | +N | -N | <rev>+N | <rev>-N)
 *
 * <rev> a revision id, a unique prefix of one, or a branch label; label@
 * confines head, heads and +N / -N to the branch's lineage (its ancestors and
 * descendants).  *target gets the revisions to go to: an upgrade applies
 * them with their ancestors, a downgrade undoes what is above them (their
 * descendants, by down_revision or depends_on; all for base).  For
 * label@base, or label@-N below the branch's base, *branch gets what the
 * downgrade undoes instead: the bases of the label's lineage and all their
 * descendants; otherwise *branch is NULL.
 */
static int
mig_target(OrmCtx *ctx, const MigGraph *g, const char *text, const bool *cur, bool up,
		   bool *target, bool **branch)
{
	const char *at_sign = text ? strchr(text, '@') : NULL;
	const char *sym = at_sign ? at_sign + 1 : text;
	const bool *lin = NULL;
	int			lab = -1,
				steps = 0,
				i;
	const char *rel = NULL;

	memset(target, 0, sizeof(bool) * (size_t) g->n);
	*branch = NULL;
	if (!text)
		return orm_err(ctx->err, ORM_ERR_PARAM, "a target revision is required");
	if (at_sign)
	{
		const char *label = orm_strndup(ctx->arena, text, (size_t) (at_sign - text));

		if (!*label)
			return orm_err(ctx->err, ORM_ERR_PARAM, "no branch before '@' in target '%s'", text);
		if ((lab = mig_lookup(ctx, g, label)) < 0)
			return -1;
		lin = mig_lineage(ctx, g, lab);
	}
	if (strcmp(sym, "heads") == 0)
	{
		memcpy(target, mig_heads_in(ctx, g, lin), sizeof(bool) * (size_t) g->n);
		return 0;
	}
	if (strcmp(sym, "head") == 0)
	{
		bool	   *heads = mig_heads_in(ctx, g, lin);

		if (mig_count(g, heads) > 1)
		{
			OrmBuf		b;

			orm_buf_init(&b, ctx->arena);
			mig_names(g, heads, &b);
			orm_err(ctx->err, ORM_ERR_PARAM,
					"multiple head revisions are present for given argument '%s': %s",
					text, orm_buf_cstr(&b));
			orm_err_hint(ctx->err, at_sign ? "Name a specific target revision." :
						 "Name a specific target revision, or use 'heads' for all heads.");
			return -1;
		}
		memcpy(target, heads, sizeof(bool) * (size_t) g->n);
		return 0;
	}
	if (strcmp(sym, "base") == 0)
	{
		if (lin && !up)
			*branch = mig_branch(ctx, g, lin);
		return 0;
	}
	if (mig_relative(sym, &steps) || (rel = strrchr(sym, '+')) || (rel = strrchr(sym, '-')))
	{
		int			at;

		if (rel && !mig_relative(rel, &steps))
			goto plain;
		if (rel)
		{
			const char *base = orm_strndup(ctx->arena, sym, (size_t) (rel - sym));

			at = strcmp(base, "base") == 0 ? -1 : mig_lookup(ctx, g, base);
			if (at < 0 && strcmp(base, "base") != 0)
				return -1;
		}
		else
		{
			bool	   *start = mig_set(ctx, g);

			/* from the current revision (on the branch, when one is named) */
			for (i = 0; i < g->n; i++)
				start[i] = cur[i] && (!lin || lin[i]);
			if (lin && mig_count(g, start) == 0)
			{
				/* the branch is not a current head: its newest applied revision */
				bool	   *applied = mig_set(ctx, g),
						   *tips = mig_set(ctx, g);

				memcpy(applied, cur, sizeof(bool) * (size_t) g->n);
				mig_closure(g, applied);
				for (i = 0; i < g->n; i++)
					applied[i] = applied[i] && lin[i];
				mig_heads_of(g, applied, tips);
				memcpy(start, tips, sizeof(bool) * (size_t) g->n);
			}
			if (mig_count(g, start) > 1)
				return orm_err(ctx->err, ORM_ERR_PARAM,
							   "a relative target needs a single current revision; name the target");
			at = -1;
			for (i = 0; i < g->n; i++)
				if (start[i])
					at = i;
			if ((steps > 0) != up)
				return orm_err(ctx->err, ORM_ERR_PARAM, "relative %s target must be %s",
							   up ? "upgrade" : "downgrade", up ? "+N" : "-N");
		}
		for (; steps > 0; steps--)
			if ((at = mig_only_child(ctx, g, at, lin, true)) < 0)
				return -1;
		for (; steps < 0; steps++)
		{
			if (at < 0)
				return orm_err(ctx->err, ORM_ERR_PARAM, "relative revision goes below base");
			if (g->s[at]->ndown > 1)
				return orm_err(ctx->err, ORM_ERR_PARAM,
							   "revision %s is a merge point: name the target", g->s[at]->revision);
			at = g->s[at]->ndown == 0 ? -1 : mig_index(g, g->s[at]->down[0]);
		}
		if (at >= 0)
			target[at] = true;
		else if (lin && !up)
			*branch = mig_branch(ctx, g, lin);	/* below the branch's base */
		return 0;
	}
plain:
	if ((i = mig_lookup(ctx, g, sym)) < 0)
		return -1;
	if (lin && !lin[i])
		return orm_err(ctx->err, ORM_ERR_PARAM, "revision %s is not on the branch of %s",
					   g->s[i]->revision, g->s[lab]->revision);
	target[i] = true;
	return 0;
}

/* ---- loading the graph --------------------------------------------------------------- */

static int
mig_begin(OrmCtx *ctx, MigGraph *g)
{
	if (mig_load(ctx, g) < 0 || mig_check_graph(ctx, g) < 0)
		return -1;
	return 0;
}

/* ---- upgrade / downgrade / stamp ---------------------------------------------------- */

static int
mig_ensure_version_table(OrmCtx *ctx, bool exists)
{
	if (exists)
		return 0;
	return orm_ctx_query(ctx, MIG_VERSION_CREATE, 0, NULL, NULL);
}

/*
 * Runs revisions in order (parents first for an upgrade, children first for
 * a downgrade), each followed by its version-table write, inside the atomic
 * section.  applied is the closure of the current heads, updated as it goes.
 */
static int
mig_run(OrmCtx *ctx, const MigGraph *g, bool up, bool *applied, const int *seq, int nseq,
		bool vt_exists, OrmBuf *done)
{
	bool	   *heads = mig_set(ctx, g),
			   *next = mig_set(ctx, g);
	int			k;

	if (ctx->host->begin_atomic(ctx->hs, ctx->err) != 0)
		return -1;
	if (mig_ensure_version_table(ctx, vt_exists) < 0)
		goto fail;
	mig_heads_of(g, applied, heads);
	for (k = 0; k < nseq; k++)
	{
		const MigScript *s = g->s[seq[k]];

		if (mig_run_body(ctx, s, up) < 0)
			goto fail;
		applied[seq[k]] = up;
		mig_heads_of(g, applied, next);
		if (mig_version_write(ctx, g, heads, next) < 0)
			goto fail;
		memcpy(heads, next, sizeof(bool) * (size_t) g->n);
		if (k)
			orm_buf_putc(done, ',');
		mig_json_str(done, s->revision);
	}
	if (ctx->host->commit_atomic(ctx->hs, ctx->err) != 0)
		goto fail;
	return 0;
fail:
	ctx->host->rollback_atomic(ctx->hs);
	return -1;
}

static int
mig_upgrade_or_downgrade(OrmCtx *ctx, const char *target, bool up, OrmBuf *out)
{
	MigGraph	g;
	bool	   *cur,
			   *applied,
			   *want,
			   *branch,
				vt_exists = false;
	int		   *order,
			   *seq,
				nseq = 0,
				i,
				k;

	if (mig_begin(ctx, &g) < 0)
		return -1;
	cur = mig_set(ctx, &g);
	applied = mig_set(ctx, &g);
	want = mig_set(ctx, &g);
	if (mig_current(ctx, &g, cur, &vt_exists) < 0 || mig_topo(ctx, &g, &order) < 0)
		return -1;
	if (mig_target(ctx, &g, target ? target : "head", cur, up, want, &branch) < 0)
		return -1;
	memcpy(applied, cur, sizeof(bool) * (size_t) g.n);
	mig_closure(&g, applied);
	seq = ORM_NEWN(ctx->arena, int, g.n + 1);
	if (up)
	{
		mig_closure(&g, want);
		for (k = 0; k < g.n; k++)
			if (want[order[k]] && !applied[order[k]])
				seq[nseq++] = order[k];
	}
	else
	{
		bool	   *undo = mig_set(ctx, &g);
		bool		any = false;

		for (i = 0; i < g.n; i++)
		{
			if (want[i] && !applied[i])
			{
				orm_err(ctx->err, ORM_ERR_PARAM,
						"destination %s is not a valid downgrade target from the current head(s)",
						target);
				orm_err_hint(ctx->err, "Revision %s is not applied; use orm_upgrade to go there.",
							 g.s[i]->revision);
				return -1;
			}
			any |= want[i];
		}
		/* what is above the target (everything for base), or the branch */
		for (i = 0; i < g.n; i++)
		{
			int			j;

			if (!applied[i])
				continue;
			if (branch)
				undo[i] = branch[i];
			else if (!any)
				undo[i] = true;
			else
				for (j = 0; j < g.n && !undo[i]; j++)
					undo[i] = want[j] && mig_is_ancestor(ctx, &g, j, i, true);
		}
		for (k = g.n - 1; k >= 0; k--)
			if (undo[order[k]])
				seq[nseq++] = order[k];
	}
	orm_buf_puts(out, up ? "{\"applied\":[" : "{\"undone\":[");
	if (mig_run(ctx, &g, up, applied, seq, nseq, vt_exists, out) < 0)
		return -1;
	orm_buf_puts(out, "],\"current\":");
	mig_heads_of(&g, applied, cur);
	mig_json_set(out, &g, cur);
	orm_buf_putc(out, '}');
	return 0;
}

int
orm_migrate_upgrade(OrmCtx *ctx, const char *target, OrmBuf *out)
{
	return mig_upgrade_or_downgrade(ctx, target, true, out);
}

int
orm_migrate_downgrade(OrmCtx *ctx, const char *target, OrmBuf *out)
{
	return mig_upgrade_or_downgrade(ctx, target, false, out);
}

int
orm_migrate_stamp(OrmCtx *ctx, const char *target, OrmBuf *out)
{
	MigGraph	g;
	bool	   *cur,
			   *want,
			   *heads,
			   *branch,
				vt_exists = false;

	if (mig_begin(ctx, &g) < 0)
		return -1;
	cur = mig_set(ctx, &g);
	want = mig_set(ctx, &g);
	heads = mig_set(ctx, &g);
	if (mig_current(ctx, &g, cur, &vt_exists) < 0)
		return -1;
	if (mig_target(ctx, &g, target, cur, true, want, &branch) < 0)
		return -1;
	mig_closure(&g, want);
	mig_heads_of(&g, want, heads);
	if (ctx->host->begin_atomic(ctx->hs, ctx->err) != 0)
		return -1;
	if (mig_ensure_version_table(ctx, vt_exists) < 0 ||
		mig_version_write(ctx, &g, cur, heads) < 0 ||
		ctx->host->commit_atomic(ctx->hs, ctx->err) != 0)
	{
		ctx->host->rollback_atomic(ctx->hs);
		return -1;
	}
	orm_buf_puts(out, "{\"from\":");
	mig_json_set(out, &g, cur);
	orm_buf_puts(out, ",\"current\":");
	mig_json_set(out, &g, heads);
	orm_buf_putc(out, '}');
	return 0;
}

/* ---- current / history ---------------------------------------------------------------- */

static void
mig_json_script(OrmBuf *out, const MigScript *s, bool is_head, bool is_current)
{
	orm_buf_puts(out, "{\"revision\":");
	mig_json_str(out, s->revision);
	orm_buf_puts(out, ",\"down_revision\":");
	mig_json_down(out, s);
	orm_buf_puts(out, ",\"branch_labels\":");
	mig_json_names(out, s->labels, s->nlabels);
	orm_buf_puts(out, ",\"depends_on\":");
	mig_json_names(out, s->deps, s->ndeps);
	orm_buf_puts(out, ",\"message\":");
	mig_json_str(out, s->message);
	orm_buf_puts(out, ",\"create_date\":");
	mig_json_str(out, s->create_date);
	orm_buf_printf(out, ",\"is_head\":%s,\"is_current\":%s}", is_head ? "true" : "false",
				   is_current ? "true" : "false");
}

int
orm_migrate_current(OrmCtx *ctx, OrmBuf *out)
{
	MigGraph	g;
	bool	   *cur,
			   *heads,
				exists;
	int			i,
				n = 0;

	if (mig_begin(ctx, &g) < 0)
		return -1;
	cur = mig_set(ctx, &g);
	if (mig_current(ctx, &g, cur, &exists) < 0)
		return -1;
	heads = mig_all_heads(ctx, &g);
	orm_buf_putc(out, '[');
	for (i = 0; i < g.n; i++)
		if (cur[i])
		{
			if (n++)
				orm_buf_putc(out, ',');
			mig_json_script(out, g.s[i], heads[i], true);
		}
	orm_buf_putc(out, ']');
	return 0;
}

int
orm_migrate_history(OrmCtx *ctx, OrmBuf *out)
{
	MigGraph	g;
	bool	   *cur,
			   *heads,
				exists;
	int		   *order,
				k;

	if (mig_begin(ctx, &g) < 0)
		return -1;
	cur = mig_set(ctx, &g);
	if (mig_current(ctx, &g, cur, &exists) < 0 || mig_topo(ctx, &g, &order) < 0)
		return -1;
	heads = mig_all_heads(ctx, &g);
	orm_buf_putc(out, '[');
	/* newest first, as alembic history lists them */
	for (k = g.n - 1; k >= 0; k--)
	{
		if (k != g.n - 1)
			orm_buf_putc(out, ',');
		mig_json_script(out, g.s[order[k]], heads[order[k]], cur[order[k]]);
	}
	orm_buf_putc(out, ']');
	return 0;
}

/* ---- adding scripts -------------------------------------------------------------------- */

static int
mig_store(OrmCtx *ctx, const MigScript *s)
{
	OrmBuf		sql;
	OrmParam	p[2];
	const char *table;
	bool		exists;

	if (ctx->dialect->migrations_init_sql &&
		orm_ctx_query(ctx, ctx->dialect->migrations_init_sql, 0, NULL, NULL) < 0)
		return -1;
	if (mig_scripts_table(ctx, &table, &exists) < 0)
		return -1;
	orm_buf_init(&sql, ctx->arena);
	orm_buf_printf(&sql, "INSERT INTO %s (\"revision\", \"source\") VALUES (", table);
	ctx->dialect->param(&sql, 1, NULL);
	orm_buf_puts(&sql, ", ");
	ctx->dialect->param(&sql, 2, NULL);
	orm_buf_putc(&sql, ')');
	p[0] = mig_text_param(s->revision);
	p[1] = mig_text_param(s->source);
	return orm_ctx_query(ctx, orm_buf_cstr(&sql), 2, p, NULL);
}

/*
 * A new script joins the stored ones: its revision is new, and what it names
 * (down_revision, depends_on) is stored already, so the graph stays whole.
 */
static int
mig_add(OrmCtx *ctx, MigGraph *g, MigScript *s)
{
	int			j,
				at = mig_index(g, s->revision);

	for (j = 0; j < s->ndown; j++)
		if (mig_index(g, s->down[j]) < 0)
			return orm_err(ctx->err, ORM_ERR_PARAM,
						   "down_revision %s of revision %s is not present", s->down[j],
						   s->revision);
	for (j = 0; j < s->ndeps; j++)
		if (mig_index(g, s->deps[j]) < 0)
			return orm_err(ctx->err, ORM_ERR_PARAM,
						   "revision %s depends on %s, which is not present", s->revision,
						   s->deps[j]);
	if (at >= 0)
	{
		/* an edited script replaces its stored one while it is not applied */
		bool	   *cur = mig_set(ctx, g),
					exists;
		const char *table;
		OrmBuf		sql;
		OrmParam	p[2];
		int		   *order;

		if (mig_current(ctx, g, cur, &exists) < 0)
			return -1;
		mig_closure(g, cur);
		if (cur[at])
		{
			orm_err(ctx->err, ORM_ERR_PARAM, "revision %s is already present and applied",
					s->revision);
			orm_err_hint(ctx->err, "Downgrade below it first to replace its script.");
			return -1;
		}
		g->s[at] = s;
		if (mig_check_graph(ctx, g) < 0 || mig_topo(ctx, g, &order) < 0)
			return -1;
		if (mig_scripts_table(ctx, &table, &exists) < 0)
			return -1;
		orm_buf_init(&sql, ctx->arena);
		orm_buf_printf(&sql, "UPDATE %s SET \"source\" = ", table);
		ctx->dialect->param(&sql, 1, NULL);
		orm_buf_puts(&sql, " WHERE \"revision\" = ");
		ctx->dialect->param(&sql, 2, NULL);
		p[0] = mig_text_param(s->source);
		p[1] = mig_text_param(s->revision);
		return orm_ctx_query(ctx, orm_buf_cstr(&sql), 2, p, NULL);
	}
	return mig_store(ctx, s);
}

int
orm_migrate_add(OrmCtx *ctx, const char *script, OrmBuf *out)
{
	MigGraph	g;
	MigScript  *s;

	if (!script)
		return orm_err(ctx->err, ORM_ERR_PARAM, "a script is required");
	if (mig_begin(ctx, &g) < 0)
		return -1;
	if ((s = mig_parse_script(ctx->arena, script, ctx->err)) == NULL)
		return -1;
	if (mig_add(ctx, &g, s) < 0)
		return -1;
	orm_buf_puts(out, s->revision);
	return 0;
}

/* ---- orm_revision ------------------------------------------------------------------------ */

/* uuid4().hex[-12:]: twelve lowercase hex digits, six random bytes. */
static const char *
mig_new_rev(OrmCtx *ctx)
{
	unsigned char b[6];
	OrmBuf		out;
	int			i;

	memset(b, 0, sizeof(b));
	ctx->host->random(ctx->hs, b, sizeof(b));
	orm_buf_init(&out, ctx->arena);
	for (i = 0; i < 6; i++)
		orm_buf_printf(&out, "%02x", b[i]);
	return orm_buf_cstr(&out);
}

/* str(datetime.now()): no fraction when it is zero. */
static const char *
mig_create_date(OrmCtx *ctx)
{
	const char *now = ctx->host->now(ctx->hs, ctx->arena);
	const char *dot = strchr(now, '.');

	if (dot && strspn(dot + 1, "0") == strlen(dot + 1))
		return orm_strndup(ctx->arena, now, (size_t) (dot - now));
	return now;
}

/* Python's repr of down_revision: None, 'a', ('a', 'b') */
static void
mig_repr_revs(OrmBuf *out, const MigGraph *g, const bool *set)
{
	int			i,
				n = mig_count(g, set),
				k = 0;

	if (n == 0)
	{
		orm_buf_puts(out, "None");
		return;
	}
	if (n > 1)
		orm_buf_putc(out, '(');
	for (i = 0; i < g->n; i++)
		if (set[i])
		{
			if (k++)
				orm_buf_puts(out, ", ");
			mig_py_repr(out, g->s[i]->revision);
		}
	if (n > 1)
		orm_buf_putc(out, ')');
}

/* Alembic's generic script.py.mako, filled in. */
static void
mig_script_text(OrmBuf *out, const char *message, const char *rev, const MigGraph *g,
				const bool *down, const char *date, const char *imports,
				const char *upgrades, const char *downgrades)
{
	orm_buf_printf(out, "\"\"\"%s\n\nRevision ID: %s\nRevises: ", message, rev);
	mig_names(g, down, out);
	orm_buf_printf(out, "\nCreate Date: %s\n\n\"\"\"\n", date);
	orm_buf_puts(out, "from typing import Sequence, Union\n\nfrom alembic import op\n"
				 "import sqlalchemy as sa\n");
	orm_buf_puts(out, imports);
	orm_buf_puts(out, "\n\n# revision identifiers, used by Alembic.\nrevision: str = ");
	mig_py_repr(out, rev);
	orm_buf_puts(out, "\ndown_revision: Union[str, Sequence[str], None] = ");
	mig_repr_revs(out, g, down);
	orm_buf_puts(out, "\nbranch_labels: Union[str, Sequence[str], None] = None\n"
				 "depends_on: Union[str, Sequence[str], None] = None\n\n\n"
				 "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    ");
	orm_buf_puts(out, upgrades);
	orm_buf_puts(out, "\n\n\ndef downgrade() -> None:\n    \"\"\"Downgrade schema.\"\"\"\n    ");
	orm_buf_puts(out, downgrades);
	orm_buf_putc(out, '\n');
}

int
orm_migrate_revision(OrmCtx *ctx, const char *message, int autogenerate, OrmBuf *out)
{
	MigGraph	g;
	bool	   *heads,
			   *cur,
				exists;
	OrmBuf		up,
				down,
				imports;
	const char *rev;
	MigScript  *s;
	int			i;

	if (!message)
		return orm_err(ctx->err, ORM_ERR_PARAM, "a message is required");
	if (mig_begin(ctx, &g) < 0)
		return -1;
	if (strstr(message, "\"\"\"") || strchr(message, '\\'))
		return orm_err(ctx->err, ORM_ERR_PARAM, "the message must not contain \"\"\" or a backslash");
	heads = mig_all_heads(ctx, &g);
	if (mig_count(&g, heads) > 1)
	{
		OrmBuf		b;

		orm_buf_init(&b, ctx->arena);
		mig_names(&g, heads, &b);
		orm_err(ctx->err, ORM_ERR_PARAM, "multiple heads are present: %s", orm_buf_cstr(&b));
		orm_err_hint(ctx->err, "Merge them first: add a script whose down_revision names them all.");
		return -1;
	}
	orm_buf_init(&up, ctx->arena);
	orm_buf_init(&down, ctx->arena);
	orm_buf_init(&imports, ctx->arena);
	if (autogenerate)
	{
		cur = mig_set(ctx, &g);
		if (mig_current(ctx, &g, cur, &exists) < 0)
			return -1;
		for (i = 0; i < g.n; i++)
			if (cur[i] != heads[i])
			{
				orm_err(ctx->err, ORM_ERR_PARAM, "target database is not up to date");
				orm_err_hint(ctx->err, "Run orm_upgrade() first: autogenerate compares the models "
							 "with a database at the head revision.");
				return -1;
			}
		if (mig_autogenerate(ctx, &up, &down, &imports) < 0)
			return -1;
	}
	else
	{
		orm_buf_puts(&up, "pass");
		orm_buf_puts(&down, "pass");
	}
	rev = mig_new_rev(ctx);
	mig_script_text(out, message, rev, &g, heads, mig_create_date(ctx),
					orm_buf_cstr(&imports), orm_buf_cstr(&up), orm_buf_cstr(&down));
	/* what is stored is what orm_migration_add would accept */
	if ((s = mig_parse_script(ctx->arena, orm_buf_cstr(out), ctx->err)) == NULL)
		return -1;
	if (mig_add(ctx, &g, s) < 0)
		return -1;
	return 0;
}
