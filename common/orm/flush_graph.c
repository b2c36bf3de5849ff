/*
 * flush_graph.c -- what every stage of the unit of work uses: the bottom
 * of the flush.
 *
 * Owns: reading the registry the flush's way (attributes and relationships
 * of a class and its superclasses, unique columns), comparing and keying
 * values (fl_same, fl_value_key), naming objects and JSON paths for
 * messages, new objects (fl_obj_new) and the tables they touch (FlTab),
 * the identity map (text keys in a hash), the association rows to insert
 * (fl_assoc_add, made by stages 1 and 2), and building and running
 * statements (FlStmt, fl_bind, fl_exec, the row-count error, SELECT by
 * column values).  The one-line questions (fl_joined, fl_part, fl_gone,
 * ...) and fl_err_path are inline in flush_int.h.  Assumes: flush_int.h's
 * structures.  SQL runs only through fl_exec (orm_ctx_query), which opens
 * the atomic section before the first statement.  Calls none of the other
 * flush files; all of them call it.
 */
#include "orm/flush_int.h"

#include <stdio.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------- */

OrmColumn *
fl_attr(const OrmClass *cls, const char *name)
{
	int			i;

	for (i = 0; i < cls->nattrs; i++)
		if (orm_streq(cls->attrs[i]->attr, name))
			return cls->attrs[i];
	return NULL;
}

static OrmRelationship *
fl_rel(const OrmClass *cls, const char *name)
{
	int			i;

	for (i = 0; i < cls->nrels; i++)
		if (orm_streq(cls->rels[i]->name, name))
			return cls->rels[i];
	return NULL;
}

/* An attribute of cls or of a superclass (joined: stored in another table). */
OrmColumn *
fl_attr_up(const OrmClass *cls, const char *name)
{
	int			depth;

	for (depth = 0; cls && depth < 100; cls = cls->inherits, depth++)
	{
		OrmColumn  *col = fl_attr(cls, name);

		if (col)
			return col;
	}
	return NULL;
}

/* A relationship of cls or one it inherits (the subclass's own first). */
OrmRelationship *
fl_rel_up(const OrmClass *cls, const char *name)
{
	int			depth;

	for (depth = 0; cls && depth < 100; cls = cls->inherits, depth++)
	{
		OrmRelationship *rel = fl_rel(cls, name);

		if (rel)
			return rel;
	}
	return NULL;
}

/* Relationships of cls's row: of its same-table superclasses too (single-table). */
int
fl_row_nrels(const OrmClass *cls)
{
	int			n = 0,
				depth;

	for (depth = 0; cls && depth < 100; depth++)
	{
		n += cls->nrels;
		cls = cls->inherits && cls->inherits->table == cls->table ? cls->inherits : NULL;
	}
	return n;
}

/* The idx-th of them, the superclass's first (the mapper's order). */
OrmRelationship *
fl_row_rel(const OrmClass *cls, int idx)
{
	if (cls->inherits && cls->inherits->table == cls->table)
	{
		int			n = fl_row_nrels(cls->inherits);

		if (idx < n)
			return fl_row_rel(cls->inherits, idx);
		idx -= n;
	}
	return idx < cls->nrels ? cls->rels[idx] : NULL;
}

OrmClass *
fl_class(const OrmRegistry *reg, const char *name)
{
	int			i;

	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *c = reg->classes.items[i];

		if (orm_streq(c->name, name))
			return c;
	}
	return NULL;
}

bool
fl_is_textual(OrmValueKind k)
{
	return k != ORM_V_NULL && k != ORM_V_INT && k != ORM_V_BOOL &&
		k != ORM_V_FLOAT && k != ORM_V_INTERVAL;
}

/*
 * A value as part of an identity key: its canonical text for col's type
 * (orm_value_key), so a key given as "2026-02-15T10:00:00" and the stored
 * '2026-02-15 10:00:00' (or 1.0 and 1, or an upper-case UUID and the stored
 * hex) name one object, as SQLAlchemy's identity map compares them.
 */
void
fl_value_key(OrmBuf *b, const OrmValue *v, const OrmColumn *col)
{
	orm_value_key(b, v, col ? &col->type : NULL);
	orm_buf_putc(b, '\x1f');
}

/* Are x and y one value of col (given, bound or stored, in any spelling)? */
bool
fl_same(Flush *fx, const OrmValue *x, const OrmValue *y, const OrmColumn *col)
{
	int			eq;

	if (x->kind == ORM_V_NULL || y->kind == ORM_V_NULL)
		return x->kind == y->kind;
	if (x->kind == ORM_V_INT && y->kind == ORM_V_INT)
		return x->i == y->i;
	if ((eq = orm_value_key_text_eq(x, y, col ? &col->type : NULL)) >= 0)
		return eq == 1;
	fx->sbuf[0].len = fx->sbuf[1].len = 0;
	fl_value_key(&fx->sbuf[0], x, col);
	fl_value_key(&fx->sbuf[1], y, col);
	return fx->sbuf[0].len == fx->sbuf[1].len &&
		memcmp(fx->sbuf[0].data, fx->sbuf[1].data, fx->sbuf[0].len) == 0;
}

/* "User(1)" / "PostTag(1, 2)" for messages, from the row or the given key. */
const char *
fl_obj_ident(Flush *fx, FlObj *o)
{
	OrmBuf		b;
	int			i;

	orm_buf_init(&b, fx->a);
	orm_buf_printf(&b, "%s(", o->cls ? fl_bottom(o)->cls->name : o->t->name);
	for (i = 0; i < o->t->npk; i++)
	{
		int			pos = o->t->pk[i]->pos;

		if (i)
			orm_buf_puts(&b, ", ");
		orm_value_repr(&b, o->row ? &o->row[pos] : &o->val[pos], false);
	}
	orm_buf_putc(&b, ')');
	return orm_buf_cstr(&b);
}

/* path.key: a link (flush_int.h, "JSON paths"); key must live as long as the call */
const char *
fl_path_key(Flush *fx, const char *path, const char *key)
{
	FlPathLink *l = ORM_NEW(fx->a, FlPathLink);

	l->mark = FL_PATH_LINK;
	l->up = path;
	l->key = key;
	return (const char *) l;
}

/* path[i]: a link */
const char *
fl_path_idx(Flush *fx, const char *path, int i)
{
	FlPathLink *l = ORM_NEW(fx->a, FlPathLink);

	l->mark = FL_PATH_LINK;
	l->up = path;
	l->idx = i;
	return (const char *) l;
}

static void
fl_path_put(OrmBuf *b, const char *path)
{
	const FlPathLink *l;
	char		idx[16];
	char	   *d = idx + sizeof(idx);
	unsigned	u;

	if (path[0] != FL_PATH_LINK)
	{
		orm_buf_puts(b, path);
		return;
	}
	l = (const FlPathLink *) path;
	fl_path_put(b, l->up);
	if (l->key)
	{
		orm_buf_putc(b, '.');
		orm_buf_puts(b, l->key);
		return;
	}
	u = l->idx < 0 ? 0u - (unsigned) l->idx : (unsigned) l->idx;
	*--d = ']';
	do
	{
		*--d = (char) ('0' + u % 10);
		u /= 10;
	} while (u);
	if (l->idx < 0)
		*--d = '-';
	*--d = '[';
	orm_buf_put(b, d, (size_t) (idx + sizeof(idx) - d));
}

/* path as text (NULL stays NULL): what an error shows */
const char *
fl_path_text(Flush *fx, const char *path)
{
	OrmBuf		b;

	if (path == NULL || path[0] != FL_PATH_LINK)
		return path;
	orm_buf_init(&b, fx->a);
	fl_path_put(&b, path);
	return orm_buf_cstr(&b);
}

bool
fl_col_is_unique(const OrmTable *t, const OrmColumn *col)
{
	int			i;

	if (col->unique)
		return true;
	for (i = 0; i < t->uniques.n; i++)
	{
		OrmUnique  *u = t->uniques.items[i];

		if (u->ncols == 1 && u->cols[0] == col)
			return true;
	}
	for (i = 0; i < t->indexes.n; i++)
	{
		OrmIndex   *ix = t->indexes.items[i];

		if (ix->unique && ix->ncols == 1 && ix->cols[0] == col)
			return true;
	}
	return false;
}

/*
 * t's single-column unique columns other than its primary key, found once
 * per flush (every node asks: fl_identify, fl_register).
 */
const FlUniq *
fl_unique_cols(Flush *fx, const OrmTable *t)
{
	FlUniq	   *u;
	int			i;

	for (i = fx->uniq.n - 1; i >= 0; i--)
	{
		u = fx->uniq.items[i];
		if (u->t == t)
			return u;
	}
	u = ORM_NEW(fx->a, FlUniq);
	u->t = t;
	u->pos = ORM_NEWN(fx->a, int, t->ncols > 0 ? t->ncols : 1);
	for (i = 0; i < t->ncols; i++)
		if (!t->cols[i]->primary_key && fl_col_is_unique(t, t->cols[i]))
			u->pos[u->n++] = i;
	orm_vec_push(fx->a, &fx->uniq, u);
	return u;
}

/* ---- tables -------------------------------------------------------------- */

FlTab *
fl_tab(Flush *fx, OrmTable *t)
{
	int			i;
	FlTab	   *ft;

	for (i = 0; i < fx->tabs.n; i++)
	{
		ft = fx->tabs.items[i];
		if (ft->t == t)
			return ft;
	}
	ft = ORM_NEW(fx->a, FlTab);
	ft->t = t;
	ft->touch = fx->tabs.n;
	orm_vec_push(fx->a, &fx->tabs, ft);
	return ft;
}

/* ---- identity map -------------------------------------------------------- */

/*
 * Identity keys are text: "<table>\x1fpk\x1f<values>" for a primary key,
 * "<table>\x1f<column>\x1f<value>" for a unique column, see fl_value_key.
 */
static FlHashEnt *
fl_hash_find(Flush *fx, const char *key, uint64_t h)
{
	FlHashEnt  *e;

	for (e = fx->buckets[h % fx->nbuckets]; e; e = e->next)
		if (e->h == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

FlObj *
fl_hash_get(Flush *fx, const char *key)
{
	FlHashEnt  *e = fl_hash_find(fx, key, orm_hash_bytes(key, strlen(key)));

	return e ? e->obj : NULL;
}

static void
fl_hash_grow(Flush *fx)
{
	size_t		n = fx->nbuckets * 2,
				i;
	FlHashEnt **b = ORM_NEWN(fx->a, FlHashEnt *, n);

	for (i = 0; i < fx->nbuckets; i++)
	{
		FlHashEnt  *e = fx->buckets[i];

		while (e)
		{
			FlHashEnt  *next = e->next;

			e->next = b[e->h % n];
			b[e->h % n] = e;
			e = next;
		}
	}
	fx->buckets = b;
	fx->nbuckets = n;
}

/* Adds key (copied) for o; the first object keeps a key: false when it had one. */
bool
fl_hash_put(Flush *fx, const char *key, FlObj *o)
{
	size_t		len = strlen(key);
	uint64_t	h = orm_hash_bytes(key, len);
	FlHashEnt  *e;

	if (fl_hash_find(fx, key, h))
		return false;
	if (fx->nents >= fx->nbuckets)
		fl_hash_grow(fx);
	/* the key's copy right after the entry: a probe that matches the hash
	 * compares the key in the same cache line, not in a copy elsewhere */
	e = orm_alloc(fx->a, sizeof(FlHashEnt) + len + 1);
	e->h = h;
	e->key = memcpy((char *) (e + 1), key, len + 1);
	e->obj = o;
	e->next = fx->buckets[h % fx->nbuckets];
	fx->buckets[h % fx->nbuckets] = e;
	fx->nents++;
	return true;
}

/* Makes key name o (replacing the object it named). */
void
fl_hash_set(Flush *fx, const char *key, FlObj *o)
{
	FlHashEnt  *e = fl_hash_find(fx, key, orm_hash_bytes(key, strlen(key)));

	if (e)
		e->obj = o;
	else
		fl_hash_put(fx, key, o);
}

/* Starts a key in the scratch buffer; valid until the next key is built. */
OrmBuf *
fl_key_begin(Flush *fx)
{
	fx->kbuf.len = 0;
	if (fx->kbuf.data)
		fx->kbuf.data[0] = '\0';
	return &fx->kbuf;
}

/* Identity key of table t by its primary key, values vals (per column pos). */
const char *
fl_pk_key(Flush *fx, OrmTable *t, const OrmValue *vals)
{
	OrmBuf	   *b = fl_key_begin(fx);
	int			i;

	orm_buf_puts(b, t->name);
	orm_buf_puts(b, "\x1fpk\x1f");
	for (i = 0; i < t->npk; i++)
		fl_value_key(b, &vals[t->pk[i]->pos], t->pk[i]);
	return orm_buf_cstr(b);
}

const char *
fl_unique_key(Flush *fx, OrmTable *t, OrmColumn *col, const OrmValue *v)
{
	OrmBuf	   *b = fl_key_begin(fx);

	orm_buf_puts(b, t->name);
	orm_buf_putc(b, '\x1f');
	orm_buf_puts(b, col->name);
	orm_buf_putc(b, '\x1f');
	fl_value_key(b, v, col);
	return orm_buf_cstr(b);
}

/* ---- statements ---------------------------------------------------------- */

/*
 * Parameters per statement, at most.  Besides dialect->max_params there is
 * a cost: SQLite resolves each "?NNN" placeholder while coding the statement
 * by a linear search of the earlier ones (sqlite3VListNumToName), so
 * preparing a statement of n parameters takes O(n^2); measured on 3.40,
 * rows per second peak below a few hundred parameters per statement and at
 * 1000 are slower than one row per statement.  PostgreSQL loses nothing
 * by pages of this size.
 */
#define FL_STMT_PARAMS 256

/* Rows per statement for ppr parameters per row (at least 1). */
int
fl_per_stmt(Flush *fx, int ppr)
{
	int			budget = fx->d->max_params < FL_STMT_PARAMS ? fx->d->max_params : FL_STMT_PARAMS;
	int			per = ppr > 0 ? budget / ppr : budget;

	if (fx->single)
		return 1;
	return per < 1 ? 1 : per;
}

/*
 * A statement starts with the buffers of the last one fl_stmt_done gave
 * back: a flush of many batches (W1: ~1,000 statements) reuses one SQL text
 * and one parameter array, as large as the largest batch, instead of
 * leaving each batch's in the arena.
 */
void
fl_stmt_init(Flush *fx, FlStmt *s)
{
	memset(s, 0, sizeof(*s));
	orm_buf_init(&s->sql, fx->a);
	if (fx->spare.cap > 0)
	{
		s->p = fx->spare.p;
		s->cap = fx->spare.cap;
		fx->spare.p = NULL;
		fx->spare.cap = 0;
	}
	if (fx->spare.sql.cap > 0)
	{
		s->sql.data = fx->spare.sql.data;
		s->sql.cap = fx->spare.sql.cap;
		s->sql.data[0] = '\0';
		fx->spare.sql.data = NULL;
		fx->spare.sql.cap = 0;
	}
}

/*
 * s has run and nothing reads it any more (its rows are the arena's
 * copies): its buffers go to the next statement, the larger ones kept.
 */
void
fl_stmt_done(Flush *fx, FlStmt *s)
{
	if (s->cap > fx->spare.cap)
	{
		fx->spare.p = s->p;
		fx->spare.cap = s->cap;
	}
	if (s->sql.cap > fx->spare.sql.cap)
	{
		fx->spare.sql.data = s->sql.data;
		fx->spare.sql.cap = s->sql.cap;
	}
	s->p = NULL;
	s->cap = s->n = 0;
	orm_buf_init(&s->sql, fx->a);
}

/* Room for n parameters in all (avoids regrowing long statements). */
void
fl_stmt_reserve(Flush *fx, FlStmt *s, int n)
{
	if (n > s->cap)
	{
		s->p = orm_realloc(fx->a, s->p, sizeof(OrmParam) * s->cap, sizeof(OrmParam) * n);
		s->cap = n;
	}
}

/* Binds v as the next parameter; its placeholder is already in s->sql. */
void
fl_bind_value(Flush *fx, FlStmt *s, const OrmValue *v)
{
	if (s->n == s->cap)
	{
		int			ncap = s->cap ? s->cap * 2 : 16;

		s->p = orm_realloc(fx->a, s->p, sizeof(OrmParam) * s->cap,
						   sizeof(OrmParam) * ncap);
		s->cap = ncap;
	}
	s->p[s->n++] = *v;
}

/* Binds v as the next parameter and writes its placeholder. */
void
fl_bind(Flush *fx, FlStmt *s, const OrmValue *v, const OrmType *t)
{
	fl_bind_value(fx, s, v);
	fx->d->param(&s->sql, s->n, t);
}

/*
 * A batch of nrows rows of shape (one character per column of t, what
 * decides the text) into t: when the last INSERT kept (fl_sql_keep) was
 * of the same kind, its text goes into the empty s->sql and true is
 * returned; the caller then binds the values in the same order with
 * fl_bind_value.  Consecutive full batches of a table have one text, so
 * it is written once, not once per batch.
 */
bool
fl_sql_kept(Flush *fx, FlStmt *s, const OrmTable *t, int nrows, const char *shape)
{
	const FlKeptSql *k = &fx->kept;

	if (!k->sql || k->t != t || k->nrows != nrows || strcmp(k->shape, shape) != 0)
		return false;
	orm_buf_put(&s->sql, k->sql, k->len);
	return true;
}

void
fl_sql_keep(Flush *fx, const FlStmt *s, const OrmTable *t, int nrows, const char *shape)
{
	FlKeptSql  *k = &fx->kept;

	k->t = t;
	k->nrows = nrows;
	k->shape = orm_strdup(fx->a, shape);
	k->len = s->sql.len;
	k->sql = orm_strndup(fx->a, s->sql.data, s->sql.len);
}

/* Runs s; opens the atomic section before the first statement. */
int
fl_exec(Flush *fx, FlStmt *s, OrmRows *rows, FlObj *blame)
{
	if (!fx->atomic)
	{
		if (fx->ctx->host->begin_atomic(fx->ctx->hs, fx->err) < 0)
			return -1;
		fx->atomic = true;
	}
	memset(rows, 0, sizeof(*rows));
	if (orm_ctx_query(fx->ctx, orm_buf_cstr(&s->sql), s->n, s->p, rows) < 0)
	{
		if (fx->err->code == ORM_OK)
			orm_err(fx->err, ORM_ERR_ENGINE, "statement failed");
		if (fx->multi)
			fx->retry = true;	/* which object failed?  the replay tells */
		orm_err_path(fx->err, fl_path_text(fx, blame ? blame->path : NULL));
		return -1;
	}
	return 0;
}

/* fl_exec of a statement covering n objects (a batch: n > 1). */
int
fl_exec_n(Flush *fx, FlStmt *s, OrmRows *rows, FlObj *blame, int n)
{
	int			rc;

	fx->multi = n > 1;
	rc = fl_exec(fx, s, rows, blame);
	fx->multi = false;
	return rc;
}

/*
 * Runs s, an INSERT of n rows into blame's table without RETURNING,
 * through host->insert_rowids (flush_emit.c, "Keys without RETURNING"):
 * 1 with *first the first row's key, 0 when the host ran nothing (the
 * caller adds RETURNING and runs it with fl_exec_n), -1 as fl_exec.
 */
int
fl_exec_rowids(Flush *fx, FlStmt *s, const char *col, FlObj *blame, int n, int64_t *first)
{
	int			rc;

	if (!fx->atomic)
	{
		if (fx->ctx->host->begin_atomic(fx->ctx->hs, fx->err) < 0)
			return -1;
		fx->atomic = true;
	}
	rc = fx->ctx->host->insert_rowids(fx->ctx->hs, fx->a, blame->t->name, col,
									  orm_buf_cstr(&s->sql), s->n, s->p, n, first, fx->err);
	if (rc < 0)
	{
		if (fx->err->code == ORM_OK)
			orm_err(fx->err, ORM_ERR_ENGINE, "statement failed");
		if (n > 1)
			fx->retry = true;	/* which object failed?  the replay tells */
		orm_err_path(fx->err, fl_path_text(fx, blame->path));
	}
	return rc;
}

/*
 * A statement that changed another number of rows than the flush expects:
 * SQLAlchemy's StaleDataError, in its words.  In a batch the replay (one
 * row per statement) names the object.
 */
int
fl_rowcount_err(Flush *fx, const char *verb, const OrmTable *t, int64_t expected,
				int64_t matched, FlObj *blame, int n, bool only)
{
	orm_err(fx->err, ORM_ERR_STALE,
			"%s statement on table '%s' expected to %s %lld row(s); %s%lld were matched",
			verb, t->name, strcmp(verb, "UPDATE") == 0 ? "update" : "delete",
			(long long) expected, only ? "Only " : "", (long long) matched);
	if (n > 1 && !fx->single)
		fx->retry = true;
	orm_err_path(fx->err, fl_path_text(fx, blame ? blame->path : NULL));
	return -1;
}

/* "col1", "col2", ... of every column of t */
void
fl_put_all_cols(OrmBuf *b, OrmTable *t)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
	{
		if (i)
			orm_buf_puts(b, ", ");
		orm_quote_ident(b, t->cols[i]->name);
	}
}

/* "table"."column" */
void
fl_put_qualified(OrmBuf *b, const OrmTable *t, const OrmColumn *col)
{
	orm_quote_ident(b, t->name);
	orm_buf_putc(b, '.');
	orm_quote_ident(b, col->name);
}

/* "a" = ?1 AND "b" = ?2 */
void
fl_put_match(Flush *fx, FlStmt *s, int n, OrmColumn **cols, const OrmValue *vals)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_puts(&s->sql, " AND ");
		orm_quote_ident(&s->sql, cols[i]->name);
		orm_buf_puts(&s->sql, " = ");
		fl_bind(fx, s, &vals[i], &cols[i]->type);
	}
}

/* Copies a result row into the arena (positions of t's columns). */
OrmValue *
fl_copy_row(Flush *fx, const OrmRows *rows, int r)
{
	OrmValue   *row = ORM_NEWN(fx->a, OrmValue, rows->ncols);

	memcpy(row, ORM_ROW(rows, r), sizeof(OrmValue) * rows->ncols);
	return row;
}

/* SELECT every column of t WHERE cols = vals; rows out. */
int
fl_select(Flush *fx, OrmTable *t, int n, OrmColumn **cols, const OrmValue *vals,
		  OrmRows *rows, FlObj *blame)
{
	FlStmt		s;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "SELECT ");
	fl_put_all_cols(&s.sql, t);
	orm_buf_puts(&s.sql, " FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	fl_put_match(fx, &s, n, cols, vals);
	if (fl_exec(fx, &s, rows, blame) < 0)
		return -1;
	if (rows->nrows > 0 && rows->ncols != t->ncols)
		return orm_err(fx->err, ORM_ERR_INTERNAL, "unexpected row width from %s", t->name);
	return 0;
}

/* ---- objects: made by stages 1 and 2, read by every stage ---------------- */

/* Touches the tables of a joined hierarchy, the superclass's first. */
static void
fl_tab_chain(Flush *fx, OrmClass *cls)
{
	if (fl_joined(cls))
	{
		fl_tab_chain(fx, fl_up(cls));
		fl_tab(fx, fl_up(cls)->table);
	}
}

FlObj *
fl_obj_new(Flush *fx, OrmClass *cls, const char *path, int op)
{
	FlObj	   *o = ORM_NEW(fx->a, FlObj);

	o->cls = cls;
	o->t = cls->table;
	o->seq = fx->objs.n;
	o->op = op;
	o->path = path;
	o->c = ORM_NEWN(fx->a, FlCol, o->t->ncols);
	o->val = ORM_NEWN(fx->a, OrmValue, o->t->ncols);
	orm_vec_push(fx->a, &fx->objs, o);
	fl_tab_chain(fx, cls);
	fl_tab(fx, o->t);
	return o;
}

/* ---- association rows ----------------------------------------------------- */

/*
 * The association row of rel joining owner and other, once (the same pair
 * named from both sides is one row): inserted by stage 5 from the objects'
 * stored keys.
 */
/*
 * n >= 0 as 7-bit groups, each byte with its high bit set (never NUL nor a
 * separator, which are below 0x80), -1 as '-': a key part cheaper to write
 * than decimal digits (an association pair's key, one per pair).
 */
static inline void
fl_key_put_id(OrmBuf *b, int64_t n)
{
	if (n < 0)
	{
		orm_buf_putc(b, '-');
		return;
	}
	do
	{
		orm_buf_putc(b, (char) (0x80 | (n & 0x7f)));
		n >>= 7;
	} while (n);
}

void
fl_assoc_add(Flush *fx, OrmRelationship *rel, FlObj *owner, FlObj *other)
{
	OrmTable   *sec = rel->secondary;
	FlAssoc    *as = ORM_NEW(fx->a, FlAssoc);
	int			i;

	as->sec = sec;
	as->src = ORM_NEWN(fx->a, FlObj *, sec->ncols);
	as->src_col = ORM_NEWN(fx->a, OrmColumn *, sec->ncols);
	as->blame = owner;
	for (i = 0; i < rel->npairs; i++)
	{
		as->src[rel->remote_cols[i]->pos] = fl_part(owner, rel->local_cols[i]->table);
		as->src_col[rel->remote_cols[i]->pos] = rel->local_cols[i];
	}
	for (i = 0; i < rel->nsec_pairs; i++)
	{
		as->src[rel->sec_cols[i]->pos] = fl_part(other, rel->target_cols[i]->table);
		as->src_col[rel->sec_cols[i]->pos] = rel->target_cols[i];
	}
	{
		OrmBuf	   *key = fl_key_begin(fx);

		orm_buf_puts(key, sec->name);
		orm_buf_puts(key, "\x1f" "assoc");
		for (i = 0; i < sec->ncols; i++)
		{
			orm_buf_putc(key, '\x1f');
			fl_key_put_id(key, as->src[i] ? as->src[i]->seq : -1);
			orm_buf_putc(key, '.');
			fl_key_put_id(key, as->src_col[i] ? as->src_col[i]->pos : -1);
		}
		if (!fl_hash_put(fx, orm_buf_cstr(key), owner))
			return;				/* the same pair named from both sides */
	}
	fl_tab(fx, sec);
	orm_vec_push(fx->a, &fx->assocs, as);
}
