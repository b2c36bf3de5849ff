/*
 * flush_emit.c -- stage 5 of the unit of work: the statements that write.
 *
 * Owns: per table in order, the UPDATEs of existing rows, the multi-row
 * INSERTs (column shape, batches, RETURNING), the association rows (pairs
 * dropped, pairs added, rows of deleted owners), the post-update UPDATEs,
 * the NULL-outs of foreign-key cycles before deleting, the DELETEs, and
 * the row-count check of each.  Assumes: stages 1 to 4 have run.  Calls
 * flush_defaults.c (onupdate values, generated columns), flush_order.c (row
 * levels, post_update columns), flush_events.c (the listeners around each
 * row's statement) and flush_graph.c; never flush.c.
 *
 * Stage 5, emit.  For each table in order: UPDATE existing rows one by one
 * (only the attributes whose value changes, plus onupdate, `version =
 * version + 1 ... AND version = ?`; no UPDATE at all when nothing changes,
 * as SQLAlchemy's attribute history decides), RETURNING the whole row;
 * then INSERT the new rows (SQLAlchemy's save_obj order) in insert order,
 * one multi-row statement per run of consecutive rows of one level and
 * compatible column shape, split at dialect->max_params or FL_STMT_PARAMS
 * parameters, with RETURNING for generated keys, the now-SQL
 * columns and server defaults (none for a lone rowid key where the host
 * reads the keys itself: fl_rowid_col, "Keys without RETURNING"; consecutive
 * batches of one table, shape and
 * size share one text, written once: fl_sql_kept); then, for an
 * association table, DELETE the dropped pairs and INSERT the new ones.
 * Each table's objects are gathered once (fl_tab_objs), so no step reads
 * the other tables' objects.  Then for each table in reverse
 * order: DELETE association rows of deleted owners, and DELETE the deleted
 * rows `WHERE pk IN (...)`.
 *
 *   ASSUMPTION: a multi-row INSERT ... VALUES ... RETURNING returns its rows
 *   in VALUES order.  True of PostgreSQL's and SQLite's implementations for
 *   plain VALUES inserts, though neither documents it (SQLAlchemy's
 *   insertmanyvalues declines to rely on it for SQLite and inserts row by
 *   row there).
 *
 * Deletes, more.  A versioned row is deleted one by one, WHERE pk = ? AND
 * version = ?; no row matched is stale data.  Rows of tables that refer to
 * each other (Person.favorite <-> Widget.owner), both deleted in one
 * flush: the nullable foreign key of the table deleted later is set to
 * NULL first (UPDATE ... SET fk = NULL WHERE pk = ?), as SQLAlchemy's
 * post_update does.
 *
 * relationship(post_update=True) (either side of a pair; OrmRelationship.
 * post_update): the key it fills is NULL in the INSERT and left out of the
 * row's own UPDATE, then set by one UPDATE per row once every row is
 * stored (fl_emit_post_updates), unless it already holds that value (it
 * orders nothing: flush_order.c); a deleted row's post_update key to a row
 * deleted in the same flush is set to NULL before the DELETEs
 * (sql/flush_post_update.sql).  Unlike SQLAlchemy, the NULL-out before a
 * delete is only done when the referenced row is deleted too (SQLAlchemy
 * does it whenever the relationship is loaded).
 */
#include "orm/flush_int.h"

#include <string.h>

/* ---- stage 5: emit ------------------------------------------------------- */

/*
 * A foreign key whose row is stored later (tables that refer to each
 * other: Person.favorite -> widgets, Widget.owner -> people) is written
 * as SQLAlchemy's post_update=True writes it: NULL first, then an UPDATE
 * once every row is stored (fl_emit_post_updates).  Only a nullable
 * column of another table; anything else is still a cycle.
 */
static int
fl_defer_fk(Flush *fx, FlObj *o, int i, OrmValue *v)
{
	FlCol	   *c = &o->c[i];
	int			j;
	bool		listed = false;

	if (!c->post && (!o->t->cols[i]->nullable || c->src->t == o->t))
		return fl_err_path(fx, o->path, ORM_ERR_UNSUPPORTED,
						   orm_sprintf(fx->a, "%s must be stored before %s: circular "
									   "dependency between tables", c->src->cls->name,
									   o->cls->name));
	memset(v, 0, sizeof(*v));
	if (c->deferred)
		return 0;
	c->deferred = true;
	for (j = 0; j < o->t->ncols && !listed; j++)
		listed = j != i && o->c[j].deferred;
	if (!listed)
		orm_vec_push(fx->a, &fx->post_updates, o);
	return 0;
}

/*
 * relationship(post_update=True): the key is written by the UPDATE after
 * every row is stored (NULL in the INSERT, left out of the row's own
 * UPDATE), unless a stored row already holds that value: no net change.
 */
static bool
fl_post_same(Flush *fx, const FlObj *o, int i)
{
	const FlCol *c = &o->c[i];

	return o->persistent && o->row && c->src->row &&
		fl_same(fx, &c->src->row[c->src_col->pos], &o->row[i], c->src_col);
}

/* The value bound for column i of o (FK fills read the stored parent). */
static int
fl_col_value(Flush *fx, FlObj *o, int i, OrmValue *v)
{
	FlCol	   *c = &o->c[i];

	if (c->st != FLC_FK)
	{
		*v = o->val[i];
		return 0;
	}
	if (!c->src->row || (c->post && !fl_post_same(fx, o, i)))
		return fl_defer_fk(fx, o, i, v);
	*v = c->src->row[c->src_col->pos];
	return 0;
}

/* Column shape of a new row: b bound, s now-SQL, r returned, - omitted. */
static char
fl_shape(const FlObj *o, int i)
{
	const FlCol *c = &o->c[i];
	const OrmColumn *col = o->t->cols[i];

	if (c->st == FLC_SQLNOW)
		return 's';
	if (c->st != FLC_UNSET)
		return 'b';
	return fl_generated(col) ? 'r' : '-';
}

/* Fills shape[0..ncols) for a new row (no terminator). */
static void
fl_shape_fill(const FlObj *o, char *shape)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
		shape[i] = fl_shape(o, i);
}

/* Can a row of shape b join a statement of shape run?  '-' binds as NULL. */
static bool
fl_shape_joins(const char *run, const char *b, int ncols)
{
	int			i;

	for (i = 0; i < ncols; i++)
		if (run[i] != b[i] && !((run[i] == '-' || run[i] == 'b') && (b[i] == '-' || b[i] == 'b')))
			return false;
	return true;
}

static void
fl_put_returning(OrmBuf *sql, OrmTable *t, const char *shape)
{
	int			i,
				k = 0;

	for (i = 0; i < t->ncols; i++)
	{
		if (shape[i] != 's' && shape[i] != 'r')
			continue;
		orm_buf_puts(sql, k++ ? ", " : " RETURNING ");
		orm_quote_ident(sql, t->cols[i]->name);
	}
}

/* INSERT INTO t (...) VALUES (...), ... [RETURNING ...] for n rows of shape. */
static void
fl_insert_sql(Flush *fx, OrmBuf *sql, OrmTable *t, int n, const char *shape, bool returning)
{
	int			i,
				r,
				k = 0,
				np = 0;

	orm_buf_puts(sql, "INSERT INTO ");
	orm_quote_ident(sql, t->name);
	for (i = 0; i < t->ncols; i++)
	{
		if (shape[i] != 'b' && shape[i] != 's')
			continue;
		orm_buf_puts(sql, k++ ? ", " : " (");
		orm_quote_ident(sql, t->cols[i]->name);
	}
	if (k == 0)
		orm_buf_puts(sql, " DEFAULT VALUES");
	else
	{
		orm_buf_puts(sql, ") VALUES ");
		for (r = 0; r < n; r++)
		{
			int			m = 0;

			orm_buf_puts(sql, r ? ", (" : "(");
			for (i = 0; i < t->ncols; i++)
			{
				if (shape[i] != 'b' && shape[i] != 's')
					continue;
				if (m++)
					orm_buf_puts(sql, ", ");
				if (shape[i] == 's')
					fl_sql_value(fx, sql, t->cols[i], &t->cols[i]->dflt);
				else
					fx->d->param(sql, ++np, &t->cols[i]->type);
			}
			orm_buf_putc(sql, ')');
		}
	}
	if (returning)
		fl_put_returning(sql, t, shape);
}

/* Fills the stored rows of a just-inserted batch from bound values + RETURNING. */
static int
fl_store_inserted(Flush *fx, FlObj **batch, int n, const char *shape, OrmRows *rows)
{
	OrmTable   *t = batch[0]->t;
	int			r,
				i;

	if (strchr(shape, 's') || strchr(shape, 'r'))
	{
		if (rows->nrows != n)
			return fl_err_path(fx, batch[0]->path, ORM_ERR_INTERNAL,
							   orm_sprintf(fx->a, "INSERT INTO %s returned %d rows for %d",
										   t->name, rows->nrows, n));
	}
	for (r = 0; r < n; r++)
	{
		FlObj	   *o = batch[r];
		int			k = 0;

		/*
		 * The stored row is written over the object's values (FlObj.val):
		 * a bound column's value is the one bound (fl_insert_batch wrote
		 * it there as it bound it: a foreign key's is its parent's stored
		 * value, read once, not a second time here), and nothing reads
		 * another column's value of an inserted object (fl_current and the
		 * echo read its row, its UPDATE paths are a persistent object's).
		 */
		o->row = o->val;
		for (i = 0; i < t->ncols; i++)
		{
			if (shape[i] == 'b')
				continue;
			else if (shape[i] == 's' || shape[i] == 'r')
				o->row[i] = ORM_ROW(rows, r)[k++];
			else
				memset(&o->row[i], 0, sizeof(OrmValue));
		}
		o->inserted = true;
	}
	return 0;
}

/*
 * Keys without RETURNING.  A batch whose only generated column is its
 * table's one integer autoincrement key, where the host can tell the keys
 * an INSERT gives its rows (host->insert_rowids: SQLite's consecutive
 * rowids, orm_sqlite.c), runs without RETURNING, which costs SQLite ~40%
 * more per narrow row; the host reads the keys.  Not with orm.echo or
 * orm_explain on (they show the statement with RETURNING, as it runs
 * there), not for a table in a named schema.  Returns the key's column
 * index, or -1.
 */
static int
fl_rowid_col(Flush *fx, FlTab *ft, const char *shape)
{
	const OrmTable *t = ft->t;
	const OrmColumn *col;
	int			i,
				k = -1;

	if (!fx->ctx->host->insert_rowids || ft->no_rowids || t->schema || t->npk != 1 ||
		fx->ctx->explain || (fx->ctx->conn && fx->ctx->conn->echo))
		return -1;
	for (i = 0; i < t->ncols; i++)
	{
		if (shape[i] == 's' || (shape[i] == 'r' && (k >= 0 || t->cols[i] != t->pk[0])))
			return -1;
		if (shape[i] == 'r')
			k = i;
	}
	if (k < 0)
		return -1;
	col = t->cols[k];
	if (!col->is_autoinc || (col->type.kind != ORM_T_INTEGER && col->type.kind != ORM_T_BIGINT &&
							 col->type.kind != ORM_T_SMALLINT))
		return -1;
	return k;
}

static int
fl_insert_batch(Flush *fx, FlTab *ft, FlObj **batch, int n, const char *shape)
{
	OrmTable   *t = ft->t;
	FlStmt		s;
	OrmRows		rows;
	int			i,
				r,
				key = fl_rowid_col(fx, ft, shape);
	const char *kind = shape;

	if (key >= 0)
	{
		/* the kept text without RETURNING is another kind than the one with */
		size_t		len = strlen(shape);
		char	   *k = orm_alloc(fx->a, len + 2);

		memcpy(k, shape, len);
		k[len] = '!';
		k[len + 1] = '\0';
		kind = k;
	}
	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * t->ncols);
	if (!fl_sql_kept(fx, &s, t, n, kind))
	{
		fl_insert_sql(fx, &s.sql, t, n, shape, key < 0);
		fl_sql_keep(fx, &s, t, n, kind);
	}
	/* the values, in the order of the placeholders fl_insert_sql wrote */
	for (r = 0; r < n; r++)
		for (i = 0; i < t->ncols; i++)
		{
			OrmValue	v;

			if (shape[i] != 'b')
				continue;
			if (fl_col_value(fx, batch[r], i, &v) < 0)
				return -1;
			fl_bind_value(fx, &s, &v);
			batch[r]->val[i] = v;	/* the stored value (fl_store_inserted) */
		}
	if (key >= 0)
	{
		int64_t		first = 0;
		int			rc = fl_exec_rowids(fx, &s, t->cols[key]->name, batch[0], n, &first);

		if (rc < 0)
			return -1;
		if (rc == 0)
		{
			/* the host cannot tell the keys: RETURNING, for the rest of the flush too */
			ft->no_rowids = true;
			fl_put_returning(&s.sql, t, shape);
			key = -1;
		}
		else
		{
			memset(&rows, 0, sizeof(rows));
			rows.ncols = 1;
			rows.nrows = n;
			rows.affected = n;
			rows.values = ORM_NEWN(fx->a, OrmValue, n);
			for (r = 0; r < n; r++)
			{
				rows.values[r].kind = ORM_V_INT;
				rows.values[r].i = first + r;
			}
		}
	}
	if (key < 0 && fl_exec_n(fx, &s, &rows, batch[0], n) < 0)
		return -1;
	fl_stmt_done(fx, &s);
	ft->inserted += n;
	if (fl_store_inserted(fx, batch, n, shape, &rows) < 0)
		return -1;
	return fl_fire_all(fx, batch, n, "after_insert");
}

/* Rows of one level and shape, split so no statement exceeds max_params. */
static int
fl_insert_group(Flush *fx, FlTab *ft, FlObj **rows, int n, const char *shape)
{
	int			nb = 0,
				per,
				i;

	for (i = 0; shape[i]; i++)
		nb += shape[i] == 'b';
	per = fl_per_stmt(fx, nb);
	if (nb == 0 && !strchr(shape, 's'))
		per = 1;				/* DEFAULT VALUES: one row per statement */
	for (i = 0; i < n; i += per)
		if (fl_insert_batch(fx, ft, rows + i, n - i < per ? n - i : per, shape) < 0)
			return -1;
	return 0;
}

/*
 * The new rows of one level, in insert order, as runs of consecutive rows
 * one statement can take: their columns agree on what is generated ('s',
 * 'r'); a column one row binds and another leaves out ('-': no value, no
 * default) is bound as NULL for the latter, which stores the same.  Never
 * more than consecutive rows: a multi-row INSERT must keep SQLAlchemy's
 * row order, or generated keys would differ.
 */
static int
fl_insert_level(Flush *fx, FlTab *ft, FlObj **objs, int n)
{
	int			ncols = ft->t->ncols,
				i = 0,
				j;
	char	   *run = orm_alloc(fx->a, (size_t) ncols + 1);
	char	   *next = orm_alloc(fx->a, (size_t) ncols + 1);

	while (i < n)
	{
		fl_shape_fill(objs[i], run);
		for (j = i + 1; j < n; j++)
		{
			int			c;

			fl_shape_fill(objs[j], next);
			if (!fl_shape_joins(run, next, ncols))
				break;
			for (c = 0; c < ncols; c++)
				if (next[c] == 'b')
					run[c] = 'b';
		}
		if (fl_insert_group(fx, ft, objs + i, j - i, run) < 0)
			return -1;
		i = j;
	}
	return 0;
}

static int
fl_emit_inserts(Flush *fx, FlTab *ft)
{
	FlObj	  **objs = ORM_NEWN(fx->a, FlObj *, ft->ranked.n + 1);
	int			n = 0,
				maxlevel = 0,
				lv,
				i;

	for (i = 0; i < ft->ranked.n; i++)
	{
		FlObj	   *o = ft->ranked.items[i];

		if (o->persistent || o->deleted || o->inserted)
			continue;
		if (ORM_POLL(fx->ctx) < 0 || fl_fire(fx, o, "before_insert") < 0 || fl_ins_level(fx, o) < 0)
			return -1;
		if (o->level > maxlevel)
			maxlevel = o->level;
		objs[n++] = o;
	}
	for (lv = 0; lv <= maxlevel && n > 0; lv++)
	{
		FlObj	  **at = ORM_NEWN(fx->a, FlObj *, n);
		int			m = 0;

		for (i = 0; i < n; i++)
			if (objs[i]->level == lv)
				at[m++] = objs[i];
		if (m && fl_insert_level(fx, ft, at, m) < 0)
			return -1;
	}
	return 0;
}

/* Does column i of a persistent object go into SET, and with what value? */
static int
fl_update_col(Flush *fx, FlObj *o, int i, bool *set, OrmValue *v)
{
	FlCol	   *c = &o->c[i];
	OrmColumn  *col = o->t->cols[i];

	*set = false;
	switch (c->st)
	{
		case FLC_GIVEN:
			if (c->is_key && o->newkey && o->newkey->has[i])
			{
				/* the key's new value (flush_int.h, FlObj.newkey) */
				*set = !orm_value_same(fx->a, fx->d, &o->newkey->val[i], &o->row[i], &col->type);
				*v = o->newkey->val[i];
				return 0;
			}
			if (c->is_key || col == fl_version_col(o))
				return 0;

			/*
			 * Unchanged: no net change in SQLAlchemy's history.  A row
			 * switch's new object has no history: SQLAlchemy writes every
			 * attribute it was given.
			 */
			if ((!o->switched || col->primary_key) &&
				orm_value_same(fx->a, fx->d, &o->val[i], &o->row[i], &col->type))
				return 0;
			if (col->primary_key)
				return fl_err_path(fx, fl_col_path(fx, o, i), ORM_ERR_UNSUPPORTED,
								   "changing a primary key is not supported");
			if (!col->nullable && o->val[i].kind == ORM_V_NULL)
				return fl_err_path(fx, fl_col_path(fx, o, i), ORM_ERR_NOT_NULL,
								   "NOT NULL constraint failed");
			*set = true;
			*v = o->val[i];
			return 0;
		case FLC_FK:
		case FLC_NULLED:
			if (fl_col_value(fx, o, i, v) < 0)
				return -1;
			*set = !c->deferred && !fl_same(fx, v, &o->row[i], col);
			return 0;
		default:
			return 0;
	}
}

/* Has a persistent object anything that may need an UPDATE? */
static bool
fl_has_changes(const FlObj *o)
{
	int			i;

	if (o->newkey)
		return true;

	for (i = 0; i < o->t->ncols; i++)
	{
		const FlCol *c = &o->c[i];

		if ((c->st == FLC_GIVEN && !c->is_key) || c->st == FLC_FK || c->st == FLC_NULLED)
			return true;
	}
	return false;
}

/* onupdate of the columns not SET: appended to the SET list. */
static int
fl_put_onupdate(Flush *fx, FlStmt *s, FlObj *o, const bool *set, int *k)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];
		FlColState	st;
		OrmValue	v;

		if (set[i] || col->onupdate.kind == ORM_DEF_NONE || o->c[i].st == FLC_GIVEN)
			continue;
		if (fl_default(fx, col, &col->onupdate, &st, &v) < 0)
		{
			orm_err_path(fx->err, fl_path_text(fx, o->path));
			return -1;
		}
		if (st == FLC_UNSET)
			continue;
		if ((*k)++)
			orm_buf_puts(&s->sql, ", ");
		orm_quote_ident(&s->sql, col->name);
		orm_buf_puts(&s->sql, " = ");
		if (st == FLC_SQLNOW)
			fl_sql_value(fx, &s->sql, col, &col->onupdate);
		else
			fl_bind(fx, s, &v, &col->type);
	}
	return 0;
}

/*
 * Whether the UPDATE of o, setting the columns set[], may move its row
 * between shards: a partition key column of a table with foreign
 * partitions (session/shards.c; asked once per table and flush, on
 * PostgreSQL only).
 */
static int
fl_update_moves(Flush *fx, FlTab *ft, FlObj *o, const bool *set, bool *moves)
{
	int			i;

	*moves = false;
	if (!fx->d->foreign_partition_keys_sql)
		return 0;
	if (!ft->shards_known)
	{
		if (orm_shards_of(fx->ctx, ft->t, &ft->shards) < 0)
		{
			orm_err_path(fx->err, fl_path_text(fx, o->path));
			return -1;
		}
		ft->shards_known = true;
	}
	for (i = 0; i < o->t->ncols && !*moves; i++)
		*moves = set[i] && orm_shards_moves(&ft->shards, o->t->cols[i]);
	return 0;
}

/*
 * The UPDATE of a row whose new partition key belongs to another shard, as
 * a DELETE of the row and an INSERT of it with the new values: a foreign
 * partition's UPDATE would leave the row on its old shard
 * (session/shards.c).  The INSERT is routed as any insert is.  Its values
 * are the deleted row's, with what the UPDATE would set (the changed
 * columns, onupdate, version + 1); generated columns are left to the
 * engine, identity columns GENERATED ALWAYS keep their value (OVERRIDING
 * SYSTEM VALUE).  Two statements on two shards: PostgreSQL commits them on
 * each shard separately (README "Scaling out").
 */
static int
fl_move_obj(Flush *fx, FlTab *ft, FlObj *o, const bool *set, const OrmValue *vals)
{
	OrmTable   *t = o->t;
	OrmColumn  *vc = fl_version_col(o);
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	OrmValue   *old;
	FlStmt		s;
	OrmRows		rows;
	bool		overriding = false;
	int			i,
				k = 0;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (vc)
	{
		orm_buf_puts(&s.sql, " AND ");
		fl_put_match(fx, &s, 1, &vc, &o->row[vc->pos]);
	}
	orm_buf_puts(&s.sql, " RETURNING ");
	fl_put_all_cols(&s.sql, t);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.nrows != 1)
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.nrows, o, 1, false);
	old = fl_copy_row(fx, &rows, 0);

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "INSERT INTO ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " (");
	for (i = 0; i < t->ncols; i++)
	{
		if (t->cols[i]->computed)
			continue;
		if (t->cols[i]->identity && strstr(t->cols[i]->identity, "ALWAYS"))
			overriding = true;
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
	}
	orm_buf_puts(&s.sql, overriding ? ") OVERRIDING SYSTEM VALUE VALUES (" : ") VALUES (");
	k = 0;
	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *col = t->cols[i];
		FlColState	st = FLC_UNSET;
		OrmValue	v;

		if (col->computed)
			continue;
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		if (set[i])
		{
			fl_bind(fx, &s, &vals[i], &col->type);
			continue;
		}
		if (col == vc && o->cls->version_gen.kind != ORM_DEF_NONE)
		{
			if (fl_default(fx, col, &o->cls->version_gen, &st, &v) < 0)
				return -1;
			fl_bind(fx, &s, &v, &col->type);
			continue;
		}
		if (col == vc && old[i].kind == ORM_V_INT)
		{
			v = old[i];
			v.i++;
			fl_bind(fx, &s, &v, &col->type);
			continue;
		}
		if (col->onupdate.kind != ORM_DEF_NONE && o->c[i].st != FLC_GIVEN &&
			fl_default(fx, col, &col->onupdate, &st, &v) < 0)
		{
			orm_err_path(fx->err, fl_path_text(fx, o->path));
			return -1;
		}
		if (st == FLC_SQLNOW)
			fl_sql_value(fx, &s.sql, col, &col->onupdate);
		else
			fl_bind(fx, &s, st == FLC_VALUE ? &v : &old[i], &col->type);
	}
	orm_buf_puts(&s.sql, ") RETURNING ");
	fl_put_all_cols(&s.sql, t);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.nrows != 1)
		return fl_rowcount_err(fx, "INSERT", t, 1, rows.nrows, o, 1, false);
	o->row = fl_copy_row(fx, &rows, 0);
	ft->updated++;
	return fl_fire(fx, o, "after_update");
}

/*
 * Does a joined-inheritance subclass row of o change?  Then o's table,
 * holding the version_id_col, is UPDATEd for the version alone, as
 * SQLAlchemy's _collect_update_commands does when the history is only in
 * another table of the mapper.
 */
static bool
fl_sub_changes(Flush *fx, FlObj *o)
{
	FlObj	   *s;
	int			i;

	for (s = o->sub; s; s = s->sub)
		for (i = 0; i < s->t->ncols; i++)
		{
			bool		set = false;
			OrmValue	v;

			if (s->c[i].st == FLC_UNSET || s->c[i].st == FLC_VALUE || s->c[i].st == FLC_SQLNOW)
				continue;
			if (fl_update_col(fx, s, i, &set, &v) < 0)
			{
				orm_err_clear(fx->err);
				return true;	/* its own UPDATE reports the error */
			}
			if (set)
				return true;
		}
	return false;
}

static int
fl_update_obj(Flush *fx, FlTab *ft, FlObj *o)
{
	OrmTable   *t = o->t;
	OrmColumn  *vc = fl_version_col(o);
	bool	   *set = ORM_NEWN(fx->a, bool, t->ncols);
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, t->ncols);
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	const OrmValue *expected = NULL;	/* set with vc */
	FlStmt		s;
	OrmRows		rows;
	bool		moves;
	int			i,
				k = 0;

	if (o->cls->listeners.n > 0 && fl_has_changes(o) && fl_fire(fx, o, "before_update") < 0)
		return -1;
	for (i = 0; i < t->ncols; i++)
	{
		if (fl_update_col(fx, o, i, &set[i], &vals[i]) < 0)
			return -1;
		k += set[i];
	}
	if (k == 0 && !(vc && fl_sub_changes(fx, o)))
		return 0;				/* nothing changed: no UPDATE, no onupdate */
	if (fl_update_moves(fx, ft, o, set, &moves) < 0)
		return -1;
	if (moves)
		return fl_move_obj(fx, ft, o, set, vals);
	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "UPDATE ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " SET ");
	k = 0;
	for (i = 0; i < t->ncols; i++)
	{
		if (!set[i])
			continue;
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &vals[i], &t->cols[i]->type);
	}
	if (fl_put_onupdate(fx, &s, o, set, &k) < 0)
		return -1;
	if (vc)
	{
		expected = &o->row[vc->pos];
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, vc->name);
		orm_buf_puts(&s.sql, " = ");
		if (o->cls->version_gen.kind != ORM_DEF_NONE)
		{
			/* version_id_generator: a new value of its own */
			FlColState	st = FLC_UNSET;
			OrmValue	nv;

			if (fl_default(fx, vc, &o->cls->version_gen, &st, &nv) < 0)
				return -1;
			fl_bind(fx, &s, &nv, &vc->type);
		}
		else
		{
			orm_quote_ident(&s.sql, vc->name);
			orm_buf_puts(&s.sql, " + 1");
		}
	}
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (vc)
	{
		orm_buf_puts(&s.sql, " AND ");
		fl_put_match(fx, &s, 1, &vc, expected);
	}
	orm_buf_puts(&s.sql, " RETURNING ");
	fl_put_all_cols(&s.sql, t);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	fl_stmt_done(fx, &s);
	if (rows.nrows != 1)		/* gone, stale version, or a key naming two rows */
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.nrows, o, 1, false);
	o->row = fl_copy_row(fx, &rows, 0);
	ft->updated++;
	return fl_fire(fx, o, "after_update");
}

/* Are the rows o's foreign keys are filled from stored already? */
static bool
fl_fk_ready(const FlObj *o)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
		if (o->c[i].st == FLC_FK && !o->c[i].src->row)
			return false;
	return true;
}

/*
 * UPDATEs of ft's existing rows.  SQLAlchemy's save_obj updates a table's
 * rows before it inserts its new ones; a row whose new foreign key names a
 * row inserted in this same table (a node moved under a new parent) waits
 * for the inserts (ready_only).
 */
static int
fl_emit_updates(Flush *fx, FlTab *ft, bool ready_only)
{
	int			i;

	for (i = 0; i < ft->objs.n; i++)
	{
		FlObj	   *o = ft->objs.items[i];

		if (!o->persistent || o->deleted || o->saved ||
			(ready_only && !fl_fk_ready(o)))
			continue;
		o->saved = true;
		if (fl_update_obj(fx, ft, o) < 0)
			return -1;
	}
	return 0;
}

/* DELETE FROM sec WHERE owner columns IN (...) for n owners of one relationship. */
static int
fl_assoc_delete(Flush *fx, FlTab *ft, OrmRelationship *rel, FlAssocDel **dels, int n)
{
	FlStmt		s;
	OrmRows		rows;
	int			i,
				j;

	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * rel->npairs);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, rel->secondary->name);
	orm_buf_puts(&s.sql, " WHERE ");
	if (rel->npairs == 1)
	{
		orm_quote_ident(&s.sql, rel->remote_cols[0]->name);
		orm_buf_puts(&s.sql, " IN (");
	}
	for (i = 0; i < n; i++)
	{
		if (rel->npairs == 1)
		{
			if (i)
				orm_buf_puts(&s.sql, ", ");
			fl_bind(fx, &s, &dels[i]->owner->row[rel->local_cols[0]->pos],
					&rel->remote_cols[0]->type);
			continue;
		}
		orm_buf_puts(&s.sql, i ? " OR (" : "(");
		for (j = 0; j < rel->npairs; j++)
		{
			if (j)
				orm_buf_puts(&s.sql, " AND ");
			orm_quote_ident(&s.sql, rel->remote_cols[j]->name);
			orm_buf_puts(&s.sql, " = ");
			fl_bind(fx, &s, &dels[i]->owner->row[rel->local_cols[j]->pos],
					&rel->remote_cols[j]->type);
		}
		orm_buf_putc(&s.sql, ')');
	}
	if (rel->npairs == 1)
		orm_buf_putc(&s.sql, ')');
	if (fl_exec_n(fx, &s, &rows, dels[0]->owner, n) < 0)
		return -1;
	ft->deleted += (int) rows.affected;	/* every pair of the owners: no count expected */
	return 0;
}

/* The FlAssocDels of ft's table, grouped by relationship, in batches. */
static int
fl_assoc_deletes(Flush *fx, FlTab *ft, OrmPtrVec *dels, bool ghosts)
{
	FlAssocDel **grp = ORM_NEWN(fx->a, FlAssocDel *, dels->n + 1);
	OrmPtrVec	rels = {0};
	int			i,
				j,
				m,
				r;

	for (i = 0; i < dels->n; i++)	/* the relationships: a handful */
	{
		FlAssocDel *d = dels->items[i];
		bool		seen = false;

		if (d->rel->secondary != ft->t || !d->owner->row || d->owner->ghost != ghosts)
			continue;
		for (r = 0; r < rels.n && !seen; r++)
			seen = rels.items[r] == d->rel;
		if (!seen)
			orm_vec_push(fx->a, &rels, d->rel);
	}
	for (r = 0; r < rels.n; r++)
	{
		OrmRelationship *rel = rels.items[r];
		int			per = fl_per_stmt(fx, rel->npairs);

		for (m = 0, i = 0; i < dels->n; i++)
		{
			FlAssocDel *d = dels->items[i];

			if (d->rel == rel && d->owner->row && d->owner->ghost == ghosts)
				grp[m++] = d;
		}
		for (j = 0; j < m; j += per)
			if (fl_assoc_delete(fx, ft, rel, grp + j, m - j < per ? m - j : per) < 0)
				return -1;
	}
	return 0;
}

/* "a" = ?1 AND "b" = ?2: the pair columns of rel in an association row */
static void
fl_put_pair_match(Flush *fx, FlStmt *s, const FlAssocRow *ar)
{
	const OrmRelationship *rel = ar->rel;
	int			j;

	for (j = 0; j < rel->npairs + rel->nsec_pairs; j++)
	{
		OrmColumn  *col = j < rel->npairs ? rel->remote_cols[j] :
			rel->sec_cols[j - rel->npairs];

		if (j)
			orm_buf_puts(&s->sql, " AND ");
		orm_quote_ident(&s->sql, col->name);
		orm_buf_puts(&s->sql, " = ");
		fl_bind(fx, s, &ar->row[col->pos], &col->type);
	}
}

/* DELETE FROM sec WHERE (pair) OR (pair) ... for n stale rows of one table. */
static int
fl_assoc_stale_delete(Flush *fx, FlTab *ft, FlAssocRow **rows, int n)
{
	FlStmt		s;
	OrmRows		res;
	int			r;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, ft->t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	for (r = 0; r < n; r++)
	{
		if (n > 1)
			orm_buf_puts(&s.sql, r ? " OR (" : "(");
		fl_put_pair_match(fx, &s, rows[r]);
		if (n > 1)
			orm_buf_putc(&s.sql, ')');
	}
	if (fl_exec_n(fx, &s, &res, rows[0]->owner, n) < 0)
		return -1;
	if (res.affected != n)		/* ManyToManyDP's check of the pairs it deletes */
		return fl_rowcount_err(fx, "DELETE", ft->t, n, res.affected, rows[0]->owner, n, true);
	ft->deleted += (int) res.affected;
	return 0;
}

/* The stale association rows of ft's table, in batches. */
static int
fl_assoc_stale_deletes(Flush *fx, FlTab *ft)
{
	FlAssocRow **rows = ORM_NEWN(fx->a, FlAssocRow *, fx->assoc_stale.n + 1);
	int			n = 0,
				i,
				per;

	for (i = 0; i < fx->assoc_stale.n; i++)
	{
		FlAssocRow *ar = fx->assoc_stale.items[i];

		if (ar->rel->secondary == ft->t)
			rows[n++] = ar;
	}
	if (n == 0)
		return 0;
	for (i = 0, per = 1; i < n; i++)
		if (rows[i]->rel->npairs + rows[i]->rel->nsec_pairs > per)
			per = rows[i]->rel->npairs + rows[i]->rel->nsec_pairs;
	per = fl_per_stmt(fx, per);
	for (i = 0; i < n; i += per)
		if (fl_assoc_stale_delete(fx, ft, rows + i, n - i < per ? n - i : per) < 0)
			return -1;
	return 0;
}

static int
fl_assoc_insert(Flush *fx, FlTab *ft, FlAssoc **rows, int n)
{
	OrmTable   *t = ft->t;
	FlStmt		s;
	OrmRows		res;
	char	   *shape = orm_alloc(fx->a, (size_t) t->ncols + 1);
	bool		same = true;	/* every row names the columns the first does */
	int			i,
				r,
				k = 0,
				np = 0;

	for (i = 0; i < t->ncols; i++)
		shape[i] = rows[0]->src[i] ? 'b' : '-';
	for (r = 1; r < n && same; r++)
		for (i = 0; i < t->ncols; i++)
			same = same && (rows[r]->src[i] != NULL) == (shape[i] == 'b');
	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * t->ncols);
	if (!same || !fl_sql_kept(fx, &s, t, n, shape))
	{
		orm_buf_puts(&s.sql, "INSERT INTO ");
		orm_quote_ident(&s.sql, t->name);
		for (i = 0; i < t->ncols; i++)
			if (rows[0]->src[i])
			{
				orm_buf_puts(&s.sql, k++ ? ", " : " (");
				orm_quote_ident(&s.sql, t->cols[i]->name);
			}
		orm_buf_puts(&s.sql, ") VALUES ");
		for (r = 0; r < n; r++)
		{
			int			m = 0;

			orm_buf_puts(&s.sql, r ? ", (" : "(");
			for (i = 0; i < t->ncols; i++)
			{
				if (!rows[r]->src[i])
					continue;
				if (m++)
					orm_buf_puts(&s.sql, ", ");
				fx->d->param(&s.sql, ++np, &t->cols[i]->type);
			}
			orm_buf_putc(&s.sql, ')');
		}
		if (same)
			fl_sql_keep(fx, &s, t, n, shape);
	}
	/* the values, in the order of the placeholders */
	for (r = 0; r < n; r++)
		for (i = 0; i < t->ncols; i++)
		{
			FlObj	   *src = rows[r]->src[i];

			if (!src)
				continue;
			if (!src->row)
				return fl_err_path(fx, rows[r]->blame->path, ORM_ERR_INTERNAL,
								   "association row before its objects");
			fl_bind_value(fx, &s, &src->row[rows[r]->src_col[i]->pos]);
		}
	if (fl_exec_n(fx, &s, &res, rows[0]->blame, n) < 0)
		return -1;
	fl_stmt_done(fx, &s);
	ft->inserted += n;
	return 0;
}

static int
fl_emit_assocs(Flush *fx, FlTab *ft)
{
	FlAssoc   **rows = ORM_NEWN(fx->a, FlAssoc *, fx->assocs.n + 1);
	int			n = 0,
				i,
				per,
				ncols = 0;

	/*
	 * The pairs of a row switch's deleted object go before the new
	 * object's pairs are inserted (SQLAlchemy's ManyToManyDP orders its
	 * deletes before the parent's save for this case).
	 */
	if (fl_assoc_stale_deletes(fx, ft) < 0 || fl_assoc_deletes(fx, ft, &fx->assoc_drop, true) < 0)
		return -1;
	for (i = 0; i < fx->assocs.n; i++)
	{
		FlAssoc    *as = fx->assocs.items[i];
		int			j;
		bool		dead = false;

		if (as->sec != ft->t || as->stored)
			continue;
		for (j = 0; j < as->sec->ncols; j++)
			if (as->src[j] && fl_gone(as->src[j]))
				dead = true;
		if (!dead)
			rows[n++] = as;
	}
	if (n == 0)
		return 0;
	for (i = 0; i < ft->t->ncols; i++)
		ncols += rows[0]->src[i] != NULL;
	per = fl_per_stmt(fx, ncols);
	for (i = 0; i < n; i += per)
		if (fl_assoc_insert(fx, ft, rows + i, n - i < per ? n - i : per) < 0)
			return -1;
	return 0;
}

/* DELETE FROM t WHERE pk IN (...) for n deleted objects. */
static int
fl_delete_batch(Flush *fx, FlTab *ft, FlObj **objs, int n)
{
	OrmTable   *t = ft->t;
	FlStmt		s;
	OrmRows		rows;
	int			r,
				j;

	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * ft->t->npk);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	if (t->npk == 1)
	{
		orm_quote_ident(&s.sql, t->pk[0]->name);
		orm_buf_puts(&s.sql, " IN (");
	}
	for (r = 0; r < n; r++)
	{
		if (t->npk == 1)
		{
			if (r)
				orm_buf_puts(&s.sql, ", ");
			fl_bind(fx, &s, &objs[r]->row[t->pk[0]->pos], &t->pk[0]->type);
			continue;
		}
		orm_buf_puts(&s.sql, r ? " OR (" : "(");
		for (j = 0; j < t->npk; j++)
		{
			if (j)
				orm_buf_puts(&s.sql, " AND ");
			orm_quote_ident(&s.sql, t->pk[j]->name);
			orm_buf_puts(&s.sql, " = ");
			fl_bind(fx, &s, &objs[r]->row[t->pk[j]->pos], &t->pk[j]->type);
		}
		orm_buf_putc(&s.sql, ')');
	}
	if (t->npk == 1)
		orm_buf_putc(&s.sql, ')');
	if (fl_exec_n(fx, &s, &rows, objs[0], n) < 0)
		return -1;
	fl_stmt_done(fx, &s);

	/*
	 * More rows than keys: a key names several rows (a primary key the
	 * database does not enforce), and deleting them all would drop rows
	 * nobody asked to drop: an error, as SQLAlchemy raises with a
	 * version_id_col.  Fewer: the row is gone already; SQLAlchemy (without
	 * a version_id_col) only warns, and the flush goes on likewise.
	 */
	if (rows.affected > n)
		return fl_rowcount_err(fx, "DELETE", t, n, rows.affected, objs[0], n, false);
	ft->deleted += (int) rows.affected;
	return 0;
}

/*
 * A versioned row is deleted alone, DELETE ... WHERE pk = ? AND version =
 * ?, as SQLAlchemy's delete_obj does with a version_id_col: no row matched
 * is stale data (someone changed or deleted it since it was read).
 */
static int
fl_delete_versioned(Flush *fx, FlTab *ft, FlObj *o)
{
	OrmTable   *t = ft->t;
	OrmColumn  *vc = fl_version_col(o);
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	FlStmt		s;
	OrmRows		rows;
	int			i;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	orm_buf_puts(&s.sql, " AND ");
	fl_put_match(fx, &s, 1, &vc, &o->row[vc->pos]);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.affected != 1)
		return fl_rowcount_err(fx, "DELETE", t, 1, rows.affected, o, 1, false);
	ft->deleted++;
	return 0;
}

/* Deletes n rows of one level: versioned rows one by one, the rest batched. */
static int
fl_delete_rows(Flush *fx, FlTab *ft, FlObj **objs, int n)
{
	int			i;
	bool		versioned = false;

	for (i = 0; i < n; i++)
		versioned = versioned || fl_version_col(objs[i]) != NULL;
	if (!versioned)
		return fl_delete_batch(fx, ft, objs, n);
	for (i = 0; i < n; i++)
		if (fl_version_col(objs[i]) ? fl_delete_versioned(fx, ft, objs[i]) < 0 :
			fl_delete_batch(fx, ft, objs + i, 1) < 0)
			return -1;
	return 0;
}

static int
fl_emit_deletes(Flush *fx, FlTab *ft)
{
	FlObj	  **objs = ORM_NEWN(fx->a, FlObj *, ft->objs.n + 1);
	int			n = 0,
				maxlevel = 0,
				lv,
				i,
				per;

	if (fl_assoc_deletes(fx, ft, &fx->assoc_drop, false) < 0)
		return -1;
	for (i = 0; i < ft->objs.n; i++)
	{
		FlObj	   *o = ft->objs.items[i];

		if (!fl_gone(o) || !o->row || !o->persistent)
			continue;
		objs[n++] = o;
	}
	for (i = 0; i < n; i++)
		if (fl_del_level(fx, objs[i], 0) > maxlevel)
			maxlevel = objs[i]->level;
	if (n == 0)
		return 0;
	if (ft->t->npk == 0)
		return fl_err_path(fx, objs[0]->path, ORM_ERR_UNSUPPORTED,
						   "cannot delete from a table without a primary key");
	per = fl_per_stmt(fx, ft->t->npk);
	for (lv = maxlevel; lv >= 0 && n > 0; lv--)
	{
		FlObj	  **at = ORM_NEWN(fx->a, FlObj *, n);
		int			m = 0;

		for (i = 0; i < n; i++)
			if (objs[i]->level == lv)
				at[m++] = objs[i];
		for (i = 0; i < m; i += per)
		{
			int			k = m - i < per ? m - i : per;

			if (fl_fire_all(fx, at + i, k, "before_delete") < 0 ||
				fl_delete_rows(fx, ft, at + i, k) < 0 ||
				fl_fire_all(fx, at + i, k, "after_delete") < 0)
				return -1;
		}
	}
	return 0;
}

/* UPDATE t SET fk = ?, ... WHERE pk = ? for each row with deferred FKs. */
static int
fl_post_update(Flush *fx, FlObj *o)
{
	OrmTable   *t = o->t;
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	FlStmt		s;
	OrmRows		rows;
	int			i,
				k = 0;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "UPDATE ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " SET ");
	for (i = 0; i < t->ncols; i++)
	{
		FlCol	   *c = &o->c[i];

		if (!c->deferred)
			continue;
		if (!c->src->row)
			return fl_err_path(fx, o->path, ORM_ERR_INTERNAL, "post-update before its row");
		o->row[i] = c->src->row[c->src_col->pos];
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &o->row[i], &t->cols[i]->type);
	}
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.affected != 1)
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.affected, o, 1, false);
	fl_tab(fx, t)->updated++;
	return 0;
}

static int
fl_emit_post_updates(Flush *fx)
{
	int			i;

	for (i = 0; i < fx->post_updates.n; i++)
		if (fl_post_update(fx, fx->post_updates.items[i]) < 0)
			return -1;
	return 0;
}

/* Position of table t in the flush's table order, -1 when not there. */
static int
fl_order_index(Flush *fx, const OrmTable *t)
{
	int			i;

	for (i = 0; i < fx->norder; i++)
		if (fx->order[i]->t == t)
			return i;
	return -1;
}

/* Is a row of col's referenced table holding v deleted by this flush? */
static bool
fl_ref_deleted(Flush *fx, const OrmColumn *col, const OrmValue *v)
{
	OrmTable   *rt = col->fk->ref_table;
	int			i;

	if (rt->npk == 1 && col->fk->ref_col == rt->pk[0])
	{
		OrmBuf	   *key = fl_key_begin(fx);
		FlObj	   *p;

		orm_buf_puts(key, rt->name);
		orm_buf_puts(key, "\x1fpk\x1f");
		fl_value_key(key, v, rt->pk[0]);
		p = fl_hash_get(fx, orm_buf_cstr(key));
		if (p)
			return fl_gone(p) && p->persistent;
	}
	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *p = fx->objs.items[i];

		if (p->t == rt && fl_gone(p) && p->persistent && p->row &&
			fl_same(fx, &p->row[col->fk->ref_col->pos], v, col->fk->ref_col))
			return true;
	}
	return false;
}

/*
 * Does deleted o keep a nullable foreign key to a row deleted before it
 * (tables that refer to each other: the referenced table comes later in
 * the order, so its rows go first)?  That reference must be cut first.
 */
static bool
fl_unlink_col(Flush *fx, FlObj *o, int at, int i)
{
	OrmColumn  *col = o->t->cols[i];
	int			rat;

	if (!col->fk || !col->fk->ref_table || !col->fk->ref_col || col->primary_key ||
		o->row[i].kind == ORM_V_NULL)
		return false;
	if (fl_table_post_col(fx, col))
		return !(col->fk->ref_table == o->t &&
				 fl_same(fx, &o->row[i], &o->row[col->fk->ref_col->pos], col->fk->ref_col)) &&
			fl_ref_deleted(fx, col, &o->row[i]);
	if (!col->nullable || col->fk->ref_table == o->t)
		return false;
	rat = fl_order_index(fx, col->fk->ref_table);
	return rat > at && fl_ref_deleted(fx, col, &o->row[i]);
}

/*
 * UPDATE t SET fk = NULL WHERE pk = ? for a deleted row of a foreign-key
 * cycle, before any DELETE: what SQLAlchemy's post_update=True emits when
 * both rows of a cycle (Person.favorite <-> Widget.owner) are deleted.
 */
static int
fl_unlink(Flush *fx, FlObj *o, int at)
{
	OrmTable   *t = o->t;
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	OrmValue	null = {0};
	FlStmt		s;
	OrmRows		rows;
	int			i,
				k = 0;

	null.kind = ORM_V_NULL;
	fl_stmt_init(fx, &s);
	for (i = 0; i < t->ncols; i++)
	{
		if (!fl_unlink_col(fx, o, at, i))
			continue;
		if (k++ == 0)
		{
			orm_buf_puts(&s.sql, "UPDATE ");
			orm_quote_ident(&s.sql, t->name);
			orm_buf_puts(&s.sql, " SET ");
		}
		else
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &null, &t->cols[i]->type);
	}
	if (k == 0 || t->npk == 0)
		return 0;
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.affected != 1)
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.affected, o, 1, false);
	fl_tab(fx, t)->updated++;
	return 0;
}

static int
fl_emit_unlinks(Flush *fx)
{
	int			i,
				j;

	for (i = 0; i < fx->norder; i++)
		for (j = 0; j < fx->order[i]->objs.n; j++)
		{
			FlObj	   *o = fx->order[i]->objs.items[j];

			if (fl_gone(o) && o->persistent && o->row &&
				fl_unlink(fx, o, i) < 0)
				return -1;
		}
	return 0;
}

/*
 * Each table's objects, in creation order and in insert order, gathered
 * once: the passes of this stage (updates twice, inserts, unlinks,
 * deletes, per table) then read only their table's objects, not every
 * object of the flush each time (at 1,000 users of issue 9's W1, 41,000
 * objects scattered over ~90 MB: a pass was a cache miss per object).
 * No object is made after stage 2 (fl_obj_new: organize and load).
 */
static void
fl_tab_objs(Flush *fx)
{
	FlTab	   *ft = NULL;
	int			i,
				j,
				v;

	for (v = 0; v < 2; v++)
	{
		OrmPtrVec  *all = v ? &fx->ranked : &fx->objs;

		for (i = 0; i < all->n; i++)
		{
			FlObj	   *o = all->items[i];

			for (j = 0; (!ft || ft->t != o->t) && j < fx->tabs.n; j++)
				ft = fx->tabs.items[j];
			if (ft && ft->t == o->t)
				orm_vec_push(fx->a, v ? &ft->ranked : &ft->objs, o);
		}
	}
}

int
fl_emit(Flush *fx)
{
	int			i;

	fl_tab_objs(fx);
	for (i = 0; i < fx->norder; i++)
	{
		FlTab	   *ft = fx->order[i];

		if (fl_emit_updates(fx, ft, true) < 0 || fl_emit_inserts(fx, ft) < 0 ||
			fl_emit_updates(fx, ft, false) < 0 || fl_emit_assocs(fx, ft) < 0)
			return -1;
	}
	if (fl_emit_post_updates(fx) < 0 || fl_emit_unlinks(fx) < 0)
		return -1;
	for (i = fx->norder - 1; i >= 0; i--)
		if (fl_emit_deletes(fx, fx->order[i]) < 0)
			return -1;
	return 0;
}
