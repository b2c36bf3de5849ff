/*
 * flush_load.c -- stage 2 of the unit of work: what the database holds.
 *
 * Owns: looking up the rows the flush names (fl_load_pending, batched per
 * table), completing a joined-inheritance row, the delete cascades (a
 * queue of deleted objects, in rounds), the orphans of a collection given
 * for an existing row, the diff of a given many-to-many collection against
 * its stored association rows, and the row switch.  Assumes: stage 1 has
 * run.  Its SELECTs run through fl_exec, so the first one opens the atomic
 * section; calls only flush_graph.c.
 *
 * Stage 2, load (SELECTs inside the atomic section).  Objects with a full
 * primary key are looked up, one SELECT ... IN (...) per table; "update" /
 * "delete" of a missing row is ORM_ERR_NOTFOUND; a stale version_id_col is
 * ORM_ERR_STALE.  Deletes cascade breadth first (a work queue, in rounds):
 * children under ORM_CASCADE_DELETE are loaded (SELECT ... WHERE fk IN
 * (...) for all parents of a round, per class and relationship) and
 * deleted, also along a many-to-many relationship; without it they are
 * loaded and their FK set to NULL (SQLAlchemy's default; nothing relies on
 * the foreign_keys pragma or ON DELETE); passive_deletes leaves them (and
 * a many-to-many relationship's association rows) to the database.  A
 * collection
 * given for an existing row is complete: current members not in it are
 * orphans (delete-orphan deletes them, otherwise their FK becomes NULL),
 * and of a many-to-many collection, the stored association rows of pairs
 * not named again are deleted (pairs that stay are not rewritten).
 *
 * Row switch (fl_switch).  A new object whose primary key is a row this
 * flush deletes (a delete and an add of one key, in any order, or a merge
 * after the delete, or an add of a row a delete cascades to) takes that
 * row over, as SQLAlchemy's persistence does: the delete's cascades run,
 * then the row is UPDATEd to the new object's given attributes instead of
 * DELETEd and INSERTed.  Objects stay separate for this: a top-level add
 * never merges into a deleted object (nor a delete into an added one), and
 * a row loaded with an added object's key is another object (switch_of).
 * Objects left linked to a deleted row follow its relationship's cascade
 * (fl_reconcile).
 *
 * Deletes, more.  A many-to-many collection with delete-orphan given for an
 * existing row deletes the targets whose association rows it drops
 * (single_parent, as SQLAlchemy).  How deleted rows are then deleted:
 * flush_emit.c.
 */
#include "orm/flush_int.h"

#include <string.h>

/* ---- stage 2: load ------------------------------------------------------- */

/* The object of a loaded row of cls: the one in the flush, or a new persistent one. */
static FlObj *
fl_obj_loaded(Flush *fx, OrmClass *cls, OrmValue *row, const char *path, int op)
{
	const char *key = fl_pk_key(fx, cls->table, row);
	FlObj	   *o = fl_hash_get(fx, key);
	FlObj	   *fresh = NULL;

	if (o && o->fresh && !o->persistent)
	{
		/*
		 * A new object of this flush has the key of the row read: they are
		 * two objects (the row may be deleted and switched to the new one).
		 */
		if (o->switch_of)
			return o->switch_of;
		fresh = o;
		o = NULL;
	}
	if (o)
	{
		if (!o->row && o->need_load)
		{
			o->row = row;
			o->persistent = true;
		}
		return o;
	}
	o = fl_obj_new(fx, cls, path, op);
	o->row = row;
	o->persistent = true;
	o->checked = true;
	if (fresh)
	{
		fresh->switch_of = o;
		o->switch_new = fresh;
	}
	else
		fl_hash_put(fx, key, o);
	return o;
}

/* Is cls, or a class below it, the one whose polymorphic_identity is ident? */
static bool
fl_identity_of(const OrmRegistry *reg, const OrmClass *cls, const char *ident)
{
	int			i;

	for (i = 0; i < reg->classes.n; i++)
	{
		const OrmClass *c = reg->classes.items[i];
		const OrmClass *up;
		int			depth = 0;

		if (!orm_streq(c->polymorphic_identity, ident))
			continue;
		for (up = c; up && depth < 100; up = up->inherits, depth++)
			if (up == cls)
				return true;
	}
	return false;
}

/*
 * A row whose discriminator names a class outside cls's hierarchy below it
 * is no cls (session.get(Car, 2) of a plain Vehicle row is None): for an
 * update or delete, not found.
 */
static int
fl_check_class(Flush *fx, FlObj *o)
{
	OrmColumn  *on = o->cls->polymorphic_on;
	OrmBuf		b;

	if (!on || on->table != o->t || !o->cls->polymorphic_identity || !o->must_exist ||
		o->row[on->pos].kind == ORM_V_NULL)
		return 0;
	orm_buf_init(&b, fx->a);
	orm_value_to_json(&b, fx->d, &o->row[on->pos], &on->type);
	if (fl_identity_of(fx->ctx->reg, o->cls, orm_buf_cstr(&b)))
		return 0;
	orm_err(fx->err, ORM_ERR_NOTFOUND, "%s not found", fl_obj_ident(fx, o));
	orm_err_path(fx->err, fl_path_text(fx, o->path));
	return -1;
}

static int
fl_check_version(Flush *fx, FlObj *o)
{
	OrmColumn  *vc = fl_version_col(o);
	FlCol	   *c;

	if (fl_check_class(fx, o) < 0)
		return -1;
	if (!vc)
		return 0;
	c = &o->c[vc->pos];
	if (c->st != FLC_GIVEN || fl_same(fx, &o->val[vc->pos], &o->row[vc->pos], vc))
		return 0;
	{
		OrmBuf		b;

		orm_buf_init(&b, fx->a);
		orm_value_repr(&b, &o->val[vc->pos], false);
		orm_err(fx->err, ORM_ERR_STALE, "stale data: expected version %s of %s",
				orm_buf_cstr(&b), fl_obj_ident(fx, o));
		orm_err_path(fx->err, fl_path_text(fx, fl_col_path(fx, o, vc->pos)));
	}
	return -1;
}

static int
fl_load_one(Flush *fx, FlObj *o)
{
	OrmTable   *t = o->t;
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, t->npk);
	OrmRows		rows;
	int			i;

	for (i = 0; i < t->npk; i++)
		vals[i] = o->val[t->pk[i]->pos];
	if (fl_select(fx, t, t->npk, t->pk, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows == 0)
	{
		if (o->must_exist)
		{
			orm_err(fx->err, ORM_ERR_NOTFOUND, "%s not found", fl_obj_ident(fx, o));
			orm_err_path(fx->err, fl_path_text(fx, o->path));
			return -1;
		}
		return 0;
	}
	o->row = fl_copy_row(fx, &rows, 0);
	o->persistent = true;
	return fl_check_version(fx, o);
}

/* The batch object a loaded row belongs to (by primary key). */
static FlObj *
fl_batch_match(Flush *fx, FlObj **objs, int n, OrmValue *row)
{
	FlObj	   *o = fl_hash_get(fx, fl_pk_key(fx, objs[0]->t, row));
	int			pos = objs[0]->t->pk[0]->pos,
				i;

	for (i = 0; i < n; i++)
		if (objs[i] == o)
			return o;
	for (i = 0; i < n; i++)		/* the engine spelled the key differently */
		if (!objs[i]->row && fl_same(fx, &objs[i]->val[pos], &row[pos], objs[0]->t->pk[0]))
			return objs[i];
	return NULL;
}

/* SELECT every column of t WHERE col IN (vals[0..n)); one value: col = ?1. */
static int
fl_select_in(Flush *fx, OrmTable *t, OrmColumn *col, const OrmValue *vals, int n,
			 OrmRows *rows, FlObj *blame)
{
	FlStmt		s;
	int			i;

	if (n == 1)
		return fl_select(fx, t, 1, &col, vals, rows, blame);
	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n);
	orm_buf_puts(&s.sql, "SELECT ");
	fl_put_all_cols(&s.sql, t);
	orm_buf_puts(&s.sql, " FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	orm_quote_ident(&s.sql, col->name);
	orm_buf_puts(&s.sql, " IN (");
	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_puts(&s.sql, ", ");
		fl_bind(fx, &s, &vals[i], &col->type);
	}
	orm_buf_putc(&s.sql, ')');
	if (fl_exec(fx, &s, rows, blame) < 0)
		return -1;
	if (rows->nrows > 0 && rows->ncols != t->ncols)
		return orm_err(fx->err, ORM_ERR_INTERNAL, "unexpected row width from %s", t->name);
	return 0;
}

/* SELECT ... WHERE pk IN (...) for objects of one single-column-key table. */
static int
fl_load_batch(Flush *fx, FlObj **objs, int n)
{
	OrmTable   *t = objs[0]->t;
	OrmColumn  *pk = t->pk[0];
	OrmValue   *vals;
	OrmRows		rows;
	int			i;

	if (n == 1)
		return fl_load_one(fx, objs[0]);
	vals = ORM_NEWN(fx->a, OrmValue, n);
	for (i = 0; i < n; i++)
		vals[i] = objs[i]->val[pk->pos];
	if (fl_select_in(fx, t, pk, vals, n, &rows, objs[0]) < 0)
		return -1;
	for (i = 0; i < rows.nrows; i++)
	{
		OrmValue   *row = fl_copy_row(fx, &rows, i);
		FlObj	   *o = fl_batch_match(fx, objs, n, row);

		if (o && !o->row)
		{
			o->row = row;
			o->persistent = true;
		}
	}
	for (i = 0; i < n; i++)
	{
		FlObj	   *o = objs[i];

		if (!o->persistent && o->must_exist)
		{
			orm_err(fx->err, ORM_ERR_NOTFOUND, "%s not found", fl_obj_ident(fx, o));
			orm_err_path(fx->err, fl_path_text(fx, o->path));
			return -1;
		}
		if (o->persistent && fl_check_version(fx, o) < 0)
			return -1;
	}
	return 0;
}

/* Looks up every object given with its full primary key, per table. */
static int
fl_load_pending(Flush *fx)
{
	FlObj	  **batch = ORM_NEWN(fx->a, FlObj *, fx->objs.n + 1);
	FlObj	  **todo = ORM_NEWN(fx->a, FlObj *, fx->objs.n + 1);
	int			ntodo = 0,
				ti,
				i;

	/* one pass over every object, then one per table over the few to look up */
	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (o->need_load && !o->persistent)
			todo[ntodo++] = o;
	}
	for (ti = 0; ti < fx->tabs.n && ntodo > 0; ti++)
	{
		OrmTable   *t = ((FlTab *) fx->tabs.items[ti])->t;
		int			n = 0,
					per = fl_per_stmt(fx, 1);

		for (i = 0; i < ntodo; i++)
		{
			FlObj	   *o = todo[i];

			if (o->t == t && o->need_load && !o->persistent)
				batch[n++] = o;
		}
		for (i = 0; i < n; i += (t->npk == 1 ? per : 1))
		{
			int			m = t->npk == 1 ? (n - i < per ? n - i : per) : 1;

			if ((t->npk == 1 ? fl_load_batch(fx, batch + i, m) : fl_load_one(fx, batch[i])) < 0)
				return -1;
		}
	}
	return 0;
}

static int	fl_delete_obj(Flush *fx, FlObj *o);

/* Links loaded rows o (subclass) and b (its superclass's row). */
static void
fl_join_rows(FlObj *o, FlObj *b)
{
	o->base = b;
	b->sub = o;
}

/* The superclass row of a loaded joined subclass row o. */
static int
fl_load_base(Flush *fx, FlObj *o)
{
	OrmClass   *pc = fl_up(o->cls);
	OrmColumn **cols = ORM_NEWN(fx->a, OrmColumn *, o->t->ncols);
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, o->t->ncols);
	OrmRows		rows;
	FlObj	   *b;
	int			i,
				n = 0;

	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];

		if (col->primary_key && col->fk && col->fk->ref_table == pc->table && col->fk->ref_col)
		{
			cols[n] = col->fk->ref_col;
			vals[n++] = o->row[i];
		}
	}
	if (n == 0)
		return 0;
	if (fl_select(fx, pc->table, n, cols, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	b = fl_obj_loaded(fx, pc, fl_copy_row(fx, &rows, 0), o->path, o->op);
	if (b->sub && b->sub != o)
		return 0;
	fl_join_rows(o, b);
	if (fl_joined(pc) && !b->base)
		return fl_load_base(fx, b);
	return 0;
}

/*
 * The joined subclass row of a loaded row o whose discriminator names a
 * subclass with its own table (SQLAlchemy loads the object as that class
 * and deletes its rows too).
 */
static int
fl_load_sub(Flush *fx, FlObj *o)
{
	const OrmRegistry *reg = fx->ctx->reg;
	OrmColumn  *on = o->cls->polymorphic_on;
	OrmBuf		b;
	OrmRows		rows;
	int			i,
				j;

	if (!on || on->table != o->t || o->row[on->pos].kind == ORM_V_NULL)
		return 0;
	orm_buf_init(&b, fx->a);
	orm_value_to_json(&b, fx->d, &o->row[on->pos], &on->type);
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *c = reg->classes.items[i];
		OrmColumn **cols;
		OrmValue   *vals;
		int			n = 0;

		if (fl_up(c) != o->cls ||
			!orm_streq(c->polymorphic_identity, orm_buf_cstr(&b)))
			continue;
		cols = ORM_NEWN(fx->a, OrmColumn *, c->table->ncols);
		vals = ORM_NEWN(fx->a, OrmValue, c->table->ncols);
		for (j = 0; j < c->table->ncols; j++)
		{
			OrmColumn  *col = c->table->cols[j];

			if (col->primary_key && col->fk && col->fk->ref_table == o->t && col->fk->ref_col)
			{
				cols[n] = col;
				vals[n++] = o->row[col->fk->ref_col->pos];
			}
		}
		if (n == 0 || fl_select(fx, c->table, n, cols, vals, &rows, o) < 0)
			return n == 0 ? 0 : -1;
		if (rows.nrows > 0)
		{
			FlObj	   *s = fl_obj_loaded(fx, c, fl_copy_row(fx, &rows, 0), o->path, o->op);

			if (!s->base)
				fl_join_rows(s, o);
		}
		return 0;
	}
	return 0;
}

/* Rows of rel's target that point at o (ONETOMANY), as objects. */
static int
fl_load_children(Flush *fx, FlObj *o, OrmRelationship *rel, OrmPtrVec *out)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
	OrmRows		rows;
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		vals[i] = o->row[rel->local_cols[i]->pos];
		if (vals[i].kind == ORM_V_NULL)
			return 0;
	}
	if (fl_select(fx, rel->target->table, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
		return -1;
	for (i = 0; i < rows.nrows; i++)
		orm_vec_push(fx->a, out,
					 fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, i), o->path, o->op));
	return 0;
}

/*
 * The rows o's many-to-many rel joins through its secondary table, as
 * objects: SELECT "t"."c", ... FROM "t" JOIN "sec" ON "sec"."x" = "t"."y"
 * WHERE "sec"."z" = ?1 (a delete cascading along rel, as SQLAlchemy's
 * lazy load of the collection before it deletes the members).
 */
static int
fl_load_m2m_targets(Flush *fx, FlObj *o, OrmRelationship *rel, OrmPtrVec *out)
{
	OrmTable   *t = rel->target->table;
	FlStmt		s;
	OrmRows		rows;
	int			i;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "SELECT ");
	for (i = 0; i < t->ncols; i++)
	{
		if (i)
			orm_buf_puts(&s.sql, ", ");
		fl_put_qualified(&s.sql, t, t->cols[i]);
	}
	orm_buf_puts(&s.sql, " FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " JOIN ");
	orm_quote_ident(&s.sql, rel->secondary->name);
	for (i = 0; i < rel->nsec_pairs; i++)
	{
		orm_buf_puts(&s.sql, i ? " AND " : " ON ");
		fl_put_qualified(&s.sql, rel->secondary, rel->sec_cols[i]);
		orm_buf_puts(&s.sql, " = ");
		fl_put_qualified(&s.sql, t, rel->target_cols[i]);
	}
	for (i = 0; i < rel->npairs; i++)
	{
		orm_buf_puts(&s.sql, i ? " AND " : " WHERE ");
		fl_put_qualified(&s.sql, rel->secondary, rel->remote_cols[i]);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &o->row[rel->local_cols[i]->pos], &rel->remote_cols[i]->type);
	}
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.nrows > 0 && rows.ncols != t->ncols)
		return orm_err(fx->err, ORM_ERR_INTERNAL, "unexpected row width from %s", t->name);
	for (i = 0; i < rows.nrows; i++)
		orm_vec_push(fx->a, out,
					 fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, i), o->path, o->op));
	return 0;
}

/* The parent row of a MANYTOONE rel of o, as an object (NULL when none). */
static int
fl_load_parent(Flush *fx, FlObj *o, OrmRelationship *rel, FlObj **out)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
	OrmRows		rows;
	int			i;

	*out = NULL;
	for (i = 0; i < rel->npairs; i++)
	{
		vals[i] = o->row[rel->local_cols[i]->pos];
		if (vals[i].kind == ORM_V_NULL)
			return 0;
	}
	if (fl_select(fx, rel->target->table, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows > 0)
		*out = fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, 0), o->path, o->op);
	return 0;
}

/* child's FK columns of rel go NULL, unless it is deleted or re-parented. */
static void
fl_null_out(FlObj *child, OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		FlCol	   *c = &child->c[rel->remote_cols[i]->pos];

		if (c->st == FLC_FK || c->st == FLC_GIVEN)
			continue;
		c->st = FLC_NULLED;
		child->val[rel->remote_cols[i]->pos].kind = ORM_V_NULL;
		c->path = child->path;
		c->path_attr = false;
	}
}

/*
 * Does this flush put child under another parent through rel (or its
 * backref), one that is not deleted?  Then a delete of its old parent does
 * not take it along: it moved, as a member taken out of a collection.
 */
static bool
fl_moved(const FlObj *child, const OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		const FlCol *c = &child->c[rel->remote_cols[i]->pos];

		if (c->st == FLC_FK && c->rel && (c->rel == rel || c->rel == rel->reverse) &&
			(!c->src->deleted || c->src->ghost))
			return true;
	}
	return false;
}

/* The rows of a deleted parent's rel: deleted too, or their FK set to NULL. */
static int
fl_cascade_kids(Flush *fx, OrmRelationship *rel, const OrmPtrVec *kids)
{
	int			i;

	for (i = 0; i < kids->n; i++)
	{
		FlObj	   *k = kids->items[i];

		if (fl_moved(k, rel))
			continue;
		if (rel->cascade & ORM_CASCADE_DELETE)
		{
			if (fl_delete_obj(fx, k) < 0)
				return -1;
		}
		else if (!k->deleted)
			fl_null_out(k, rel);
	}
	return 0;
}

static int
fl_cascade_rel(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	OrmPtrVec	kids = {0};
	FlObj	   *parent;
	FlAssocDel *ad;
	int			i;

	if (rel->viewonly)
		return 0;
	switch (rel->dir)
	{
		case ORM_REL_ONETOMANY:
			if (rel->passive_deletes)
				return 0;
			if (fl_load_children(fx, o, rel, &kids) < 0)
				return -1;
			return fl_cascade_kids(fx, rel, &kids);
		case ORM_REL_MANYTOONE:
			if (!(rel->cascade & ORM_CASCADE_DELETE))
				return 0;
			if (fl_load_parent(fx, o, rel, &parent) < 0)
				return -1;
			return parent ? fl_delete_obj(fx, parent) : 0;
		case ORM_REL_MANYTOMANY:
			if (rel->passive_deletes)
				return 0;		/* the association rows (and targets) left to ON DELETE,
								 * as SQLAlchemy leaves an unloaded collection */
			ad = ORM_NEW(fx->a, FlAssocDel);
			ad->rel = rel;
			ad->owner = o;
			fl_tab(fx, rel->secondary);
			orm_vec_push(fx->a, &fx->assoc_drop, ad);
			if (!(rel->cascade & ORM_CASCADE_DELETE))
				return 0;
			if (fl_load_m2m_targets(fx, o, rel, &kids) < 0)
				return -1;
			for (i = 0; i < kids.n; i++)
				if (fl_delete_obj(fx, kids.items[i]) < 0)
					return -1;
			return 0;
	}
	return 0;
}

/*
 * Marks a loaded object deleted; fl_drain_deletes follows its cascades.  A
 * work queue, not recursion: a reply chain as deep as the table is long
 * must not exhaust the stack.
 */
static int
fl_delete_obj(Flush *fx, FlObj *o)
{
	if (o->cascaded)
		return 0;
	fx->ndeleted += !o->deleted;
	o->deleted = true;
	o->cascaded = true;
	orm_vec_push(fx->a, &fx->del_queue, o);
	if (o->persistent && fl_joined(o->cls) && !o->base && fl_load_base(fx, o) < 0)
		return -1;
	if (o->persistent && !o->sub && fl_load_sub(fx, o) < 0)
		return -1;
	if (o->base && fl_delete_obj(fx, o->base) < 0)
		return -1;
	return o->sub ? fl_delete_obj(fx, o->sub) : 0;
}

/*
 * The children of rel of n deleted parents of one class, in batches:
 * SELECT ... WHERE fk IN (...), one statement for up to FL_STMT_PARAMS
 * parents (SQLAlchemy lazy-loads each parent's collection; the rows found
 * are the same, the statements far fewer).  Single-column joins only.
 */
static int
fl_cascade_batch(Flush *fx, FlObj **objs, int n, OrmRelationship *rel)
{
	OrmColumn  *fk = rel->remote_cols[0];
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, n);
	FlObj	  **who = ORM_NEWN(fx->a, FlObj *, n);
	int			per = fl_per_stmt(fx, 1),
				m = 0,
				i,
				r;

	for (i = 0; i < n; i++)
		if (objs[i]->row[rel->local_cols[0]->pos].kind != ORM_V_NULL)
		{
			who[m] = objs[i];
			vals[m++] = objs[i]->row[rel->local_cols[0]->pos];
		}
	for (i = 0; i < m; i += per)
	{
		int			k = m - i < per ? m - i : per;
		OrmPtrVec	kids = {0};
		OrmRows		rows;

		if (fl_select_in(fx, rel->target->table, fk, vals + i, k, &rows, who[i]) < 0)
			return -1;
		for (r = 0; r < rows.nrows; r++)
		{
			OrmValue   *row = fl_copy_row(fx, &rows, r);
			FlObj	   *parent = who[i];
			int			j;

			for (j = i; j < i + k; j++)	/* the parent, for the error path */
				if (fl_same(fx, &vals[j], &row[fk->pos], fk))
					parent = who[j];
			orm_vec_push(fx->a, &kids, fl_obj_loaded(fx, rel->target, row, parent->path,
													 parent->op));
		}
		if (fl_cascade_kids(fx, rel, &kids) < 0)
			return -1;
	}
	return 0;
}

/* Follows rel for n deleted objects of one class. */
static int
fl_cascade_group(Flush *fx, FlObj **objs, int n, OrmRelationship *rel)
{
	int			i;

	if (rel->dir == ORM_REL_ONETOMANY && rel->npairs == 1 && !rel->viewonly &&
		!rel->passive_deletes)
		return fl_cascade_batch(fx, objs, n, rel);
	for (i = 0; i < n; i++)
		if (fl_cascade_rel(fx, objs[i], rel) < 0)
			return -1;
	return 0;
}

/*
 * One breadth-first round: the cascades of the objects the previous round
 * deleted (objs, a copy: following them queues more), class by class.
 */
static int
fl_cascade_round(Flush *fx, FlObj **objs, int n)
{
	FlObj	  **same = ORM_NEWN(fx->a, FlObj *, n);
	bool	   *done = ORM_NEWN(fx->a, bool, n);
	int			i,
				j,
				m;

	for (i = 0; i < n; i++)
	{
		const OrmClass *cls = objs[i]->cls;

		if (!objs[i]->persistent || !objs[i]->row)
			done[i] = true;		/* a new object: no stored rows refer to it */
		if (done[i])
			continue;
		for (m = 0, j = i; j < n; j++)
			if (!done[j] && objs[j]->cls == cls)
			{
				done[j] = true;
				same[m++] = objs[j];
			}
		for (j = 0; j < fl_row_nrels(cls); j++)
			if (fl_cascade_group(fx, same, m, fl_row_rel(cls, j)) < 0)
				return -1;
	}
	return 0;
}

/* Follows the cascades of every queued deleted object, breadth first. */
static int
fl_drain_deletes(Flush *fx)
{
	while (fx->del_next < fx->del_queue.n)
	{
		int			n = fx->del_queue.n - fx->del_next;
		FlObj	  **round = ORM_NEWN(fx->a, FlObj *, n);

		memcpy(round, fx->del_queue.items + fx->del_next, sizeof(FlObj *) * n);
		fx->del_next = fx->del_queue.n;
		if (fl_cascade_round(fx, round, n) < 0)
			return -1;
	}
	return 0;
}

static bool
fl_in_members(const FlColl *cl, const FlObj *o)
{
	int			i;

	for (i = 0; i < cl->members.n; i++)
		if (cl->members.items[i] == o)
			return true;
	return false;
}

/*
 * Does this flush give child's foreign key of rel a parent (owner, named
 * from the child's side, or another object) or a value?  Then it is no
 * orphan.
 */
static bool
fl_linked(const FlObj *child, const OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		const FlCol *c = &child->c[rel->remote_cols[i]->pos];

		if (c->st == FLC_FK || c->st == FLC_GIVEN)
			return true;
	}
	return false;
}

/*
 * A new member m of a collection given for an existing row, whose primary
 * key is complete once its foreign key takes the owner's key (an
 * association object keyed by (owner_id, x)): it names a row like a
 * nested object given with its key, so a member kept is that row, updated,
 * not an INSERT of a key that exists (SQLAlchemy: the new object with a
 * removed member's key is a row switch).
 */
static void
fl_key_by_fk(Flush *fx, FlObj *m)
{
	OrmValue   *vals;
	bool		via_fk = false;
	int			i;

	if (m->persistent || m->need_load || m->deleted || m->fresh || m->t->npk == 0 ||
		m->base || m->sub)
		return;
	vals = ORM_NEWN(fx->a, OrmValue, m->t->ncols);
	for (i = 0; i < m->t->npk; i++)
	{
		int			pos = m->t->pk[i]->pos;
		FlCol	   *c = &m->c[pos];

		if (c->st == FLC_GIVEN && m->val[pos].kind != ORM_V_NULL)
			vals[pos] = m->val[pos];
		else if (c->st == FLC_FK && c->src->persistent && c->src->row &&
				 c->src->row[c->src_col->pos].kind != ORM_V_NULL)
		{
			vals[pos] = c->src->row[c->src_col->pos];
			via_fk = true;
		}
		else
			return;
	}
	if (!via_fk || fl_hash_get(fx, fl_pk_key(fx, m->t, vals)))
		return;
	fl_hash_put(fx, fl_pk_key(fx, m->t, vals), m);
	m->need_load = true;
}

/* A collection given for an existing row replaces it: the rest are orphans. */
static int
fl_orphans(Flush *fx, FlObj *o, FlColl *cl)
{
	OrmPtrVec	kids = {0};
	int			i;

	for (i = 0; i < cl->members.n; i++)
		fl_key_by_fk(fx, cl->members.items[i]);
	if (cl->rel->viewonly || fl_load_children(fx, o, cl->rel, &kids) < 0)
		return fx->err->code ? -1 : 0;
	for (i = 0; i < kids.n; i++)
	{
		FlObj	   *k = kids.items[i];

		if (fl_in_members(cl, k) || k->deleted || fl_linked(k, cl->rel))
			continue;
		if (cl->rel->cascade & ORM_CASCADE_DELETE_ORPHAN)
		{
			if (fl_delete_obj(fx, k) < 0)
				return -1;
		}
		else
			fl_null_out(k, cl->rel);
	}
	return 0;
}

/*
 * A many-to-one relationship with delete-orphan (single_parent=True, which
 * SQLAlchemy requires for it) given another value on an existing row: the
 * target it referred to is an orphan and deleted, as SQLAlchemy's
 * ManyToOneDP does for the attribute's deleted history -- unless the new
 * value is that same row.
 */
static int
fl_m2o_orphans(Flush *fx, FlObj *o)
{
	int			r,
				i;

	for (r = 0; r < o->cls->nrels; r++)
	{
		OrmRelationship *rel = o->cls->rels[r];
		OrmValue   *old;
		OrmRows		rows;
		FlObj	   *k,
				   *src = NULL;
		bool		given = false,
					same = true,
					null = false;

		if (rel->dir != ORM_REL_MANYTOONE || rel->viewonly || rel->npairs == 0 ||
			!(rel->cascade & ORM_CASCADE_DELETE_ORPHAN) || rel->local_cols[0]->table != o->t)
			continue;
		old = ORM_NEWN(fx->a, OrmValue, rel->npairs);
		for (i = 0; i < rel->npairs; i++)
		{
			int			pos = rel->local_cols[i]->pos;
			const FlCol *c = &o->c[pos];

			old[i] = o->row[pos];
			if (old[i].kind == ORM_V_NULL)
				null = true;
			if (c->st == FLC_UNSET || c->st == FLC_VALUE || c->st == FLC_SQLNOW)
				continue;
			given = true;
			if (c->st == FLC_FK)
			{
				src = c->src;
				if (!src->persistent || !src->row ||
					!fl_same(fx, &src->row[c->src_col->pos], &old[i], rel->local_cols[i]))
					same = false;
			}
			else if (!fl_same(fx, &o->val[pos], &old[i], rel->local_cols[i]))
				same = false;
		}
		if (!given || same || null)
			continue;
		if (fl_select(fx, rel->target->table, rel->npairs, rel->remote_cols, old, &rows, o) < 0)
			return -1;
		if (rows.nrows == 0)
			continue;
		k = fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, 0), o->path, o->op);
		if (k == src || k->deleted)
			continue;
		if (fl_delete_obj(fx, k) < 0)
			return -1;
	}
	return 0;
}

/* Does the association row (values per secondary column) join as's objects? */
static bool
fl_assoc_is(Flush *fx, const FlAssoc *as, const OrmValue *row)
{
	int			i;

	for (i = 0; i < as->sec->ncols; i++)
	{
		const FlObj *src = as->src[i];

		if (!src)
			continue;
		if (!src->row || !fl_same(fx, &src->row[as->src_col[i]->pos], &row[i], as->src_col[i]))
			return false;
	}
	return true;
}

/* Does an association row of this flush name o (in any column of sec)? */
static bool
fl_assoc_names(Flush *fx, const OrmTable *sec, const FlObj *o)
{
	int			i,
				j;

	for (i = 0; i < fx->assocs.n; i++)
	{
		FlAssoc    *as = fx->assocs.items[i];

		if (as->sec != sec)
			continue;
		for (j = 0; j < sec->ncols; j++)
			if (as->src[j] == o)
				return true;
	}
	return false;
}

/*
 * The target of a dropped association row of a delete-orphan many-to-many
 * rel is deleted, unless this flush links it again (SQLAlchemy: the
 * member removed from a single_parent collection is an orphan).
 */
static int
fl_m2m_orphan(Flush *fx, FlObj *o, OrmRelationship *rel, const OrmValue *row)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->nsec_pairs);
	OrmRows		rows;
	FlObj	   *k;
	int			i;

	if (!(rel->cascade & ORM_CASCADE_DELETE_ORPHAN) || rel->viewonly)
		return 0;
	for (i = 0; i < rel->nsec_pairs; i++)
		vals[i] = row[rel->sec_cols[i]->pos];
	if (fl_select(fx, rel->target->table, rel->nsec_pairs, rel->target_cols, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	k = fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, 0), o->path, o->op);
	if (k->deleted || fl_assoc_names(fx, rel->secondary, k))
		return 0;
	return fl_delete_obj(fx, k);
}

/*
 * A many-to-many collection given for an existing row is complete: of the
 * stored association rows of owner, those this flush names again stay (no
 * INSERT), the rest are deleted one by one, as SQLAlchemy's
 * ManyToManyDP does from the collection's history (it never rewrites the
 * pairs that stay).
 */
static int
fl_assoc_diff(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
	OrmRows		rows;
	int			i,
				r;

	fl_tab(fx, rel->secondary);
	for (i = 0; i < rel->npairs; i++)
		vals[i] = o->row[rel->local_cols[i]->pos];
	if (fl_select(fx, rel->secondary, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
		return -1;
	for (r = 0; r < rows.nrows; r++)
	{
		OrmValue   *row = fl_copy_row(fx, &rows, r);
		FlAssocRow *ar;
		bool		kept = false;

		for (i = 0; i < fx->assocs.n && !kept; i++)
		{
			FlAssoc    *as = fx->assocs.items[i];

			if (as->sec == rel->secondary && !as->stored && fl_assoc_is(fx, as, row))
				kept = as->stored = true;
		}
		if (kept)
			continue;
		ar = ORM_NEW(fx->a, FlAssocRow);
		ar->rel = rel;
		ar->row = row;
		ar->owner = o;
		orm_vec_push(fx->a, &fx->assoc_stale, ar);
		if (fl_m2m_orphan(fx, o, rel, row) < 0)
			return -1;
	}
	return 0;
}

/*
 * Row switches, once every delete is known (SQLAlchemy's
 * _organize_states_for_save): a new object whose primary key is a row this
 * flush deletes takes that row over.  The deleted object's cascades have
 * run as for any delete (its children that the flush does not name again
 * are deleted, or their foreign key set to NULL; its association rows go);
 * the row itself is not deleted but UPDATEd to the new object's given
 * attributes, the others keeping their stored values.  A new object whose
 * key names a row that stays is an INSERT, which the database refuses.
 */
static void
fl_switch(Flush *fx)
{
	int			i;

	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *o = fx->objs.items[i];
		FlObj	   *d = o->switch_of;

		if (!d || o->persistent || o->deleted || !d->deleted || !d->row || d->ghost ||
			o->base || o->sub || d->base || d->sub || o->t != d->t)
			continue;
		o->row = d->row;
		o->persistent = true;
		o->switched = true;
		d->ghost = true;
	}
}

/*
 * An object that stays (new, or an existing row given in the flush) but is
 * linked to a row this flush deletes: what SQLAlchemy does to a member of
 * the deleted parent's collection.  The parent's relationship cascades
 * delete: the object is deleted too (a new one is never inserted);
 * otherwise its foreign key becomes NULL (passive_deletes: left to the
 * database).  A link the parent's side does not know (a many-to-one
 * without a backref) would leave a dangling key: an error.  Until nothing
 * changes, as deleting an object cascades further.
 */
static int
fl_reconcile(Flush *fx)
{
	bool		changed = true;
	int			i,
				j;

	while (changed)
	{
		changed = false;
		for (i = 0; i < fx->objs.n; i++)
		{
			FlObj	   *o = fx->objs.items[i];

			for (j = 0; j < o->t->ncols && !o->deleted; j++)
			{
				FlCol	   *c = &o->c[j];
				OrmRelationship *pr;

				if (c->st != FLC_FK || !c->rel || !fl_gone(c->src))
					continue;
				pr = c->rel->dir == ORM_REL_ONETOMANY ? c->rel : c->rel->reverse;
				if (!pr)
					return fl_err_path(fx, o->path, ORM_ERR_FOREIGN_KEY,
									   orm_sprintf(fx->a, "%s refers to %s, which this flush "
												   "deletes", o->cls->name,
												   fl_obj_ident(fx, c->src)));
				if (pr->passive_deletes && !(pr->cascade & ORM_CASCADE_DELETE))
					continue;
				changed = true;
				if (pr->cascade & ORM_CASCADE_DELETE)
				{
					if (fl_delete_obj(fx, o) < 0)
						return -1;
					continue;
				}
				c->st = FLC_NULLED;
				o->val[j].kind = ORM_V_NULL;
				c->path = o->path;
				c->path_attr = false;
				c->src = NULL;
			}
		}
		if (fl_drain_deletes(fx) < 0)
			return -1;
	}
	return 0;
}

/*
 * relationship(passive_updates=False), SQLAlchemy's answer for a database
 * that does not cascade a changed key (no ON UPDATE CASCADE; a coordinator
 * cannot even have a foreign key to a sharded table): when an "update"
 * changes o's key (FlObj.newkey), what refers to o by the changed columns
 * follows.  The members of a one-to-many collection are loaded and take
 * o's new key (an UPDATE each, after o's: flush_emit.c); the association
 * rows of a many-to-many are deleted and made again with it (SQLAlchemy
 * updates them in place; the rows are the same).  Set on either side of a
 * pair.  Members the flush links elsewhere itself are left to that link.
 * With passive_updates=True (the default) the database's ON UPDATE
 * CASCADE does it and the flush does nothing.
 */
static bool
fl_follows_key(const FlObj *o, const OrmRelationship *rel)
{
	int			i;

	if (rel->viewonly || !(rel->active_updates || (rel->reverse && rel->reverse->active_updates)))
		return false;
	if (rel->dir != ORM_REL_ONETOMANY && rel->dir != ORM_REL_MANYTOMANY)
		return false;
	for (i = 0; i < rel->npairs; i++)
		if (rel->local_cols[i]->table == o->t && o->newkey->has[rel->local_cols[i]->pos])
			return true;
	return false;
}

static int
fl_follow_key(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	OrmPtrVec	kids = {0};
	int			i,
				k;

	if (rel->dir == ORM_REL_ONETOMANY)
	{
		if (fl_load_children(fx, o, rel, &kids) < 0)
			return -1;
		for (k = 0; k < kids.n; k++)
		{
			FlObj	   *kid = kids.items[k];

			if (kid->deleted)
				continue;
			for (i = 0; i < rel->npairs; i++)
			{
				FlCol	   *c = &kid->c[rel->remote_cols[i]->pos];

				if (c->st != FLC_UNSET)
					continue;	/* given, or linked by this flush */
				c->st = FLC_FK;
				c->src = o;
				c->src_col = rel->local_cols[i];
				c->rel = rel;
			}
		}
		return 0;
	}
	else
	{
		OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
		OrmRows		rows;
		int			r;

		fl_tab(fx, rel->secondary);
		for (i = 0; i < rel->npairs; i++)
			vals[i] = o->row[rel->local_cols[i]->pos];
		if (fl_select(fx, rel->secondary, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
			return -1;
		for (r = 0; r < rows.nrows; r++)
		{
			OrmValue   *row = fl_copy_row(fx, &rows, r);
			OrmValue   *tv = ORM_NEWN(fx->a, OrmValue, rel->nsec_pairs);
			OrmRows		trows;
			FlAssocRow *ar;

			for (i = 0; i < rel->nsec_pairs; i++)
				tv[i] = row[rel->sec_cols[i]->pos];
			if (fl_select(fx, rel->target->table, rel->nsec_pairs, rel->target_cols, tv,
						  &trows, o) < 0)
				return -1;
			if (trows.nrows != 1)
				continue;		/* a dangling association row: left as it is */
			ar = ORM_NEW(fx->a, FlAssocRow);
			ar->rel = rel;
			ar->row = row;
			ar->owner = o;
			orm_vec_push(fx->a, &fx->assoc_stale, ar);
			fl_assoc_add(fx, rel, o,
						 fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &trows, 0), o->path, o->op));
		}
		return 0;
	}
}

/* The passive_updates=False relationships of every object whose key an update changes. */
static int
fl_follow_keys(Flush *fx)
{
	int			i,
				j,
				n = fx->objs.n;

	for (i = 0; i < n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (!o->newkey || !o->persistent || o->deleted)
			continue;
		for (j = 0; j < fl_row_nrels(o->cls); j++)
		{
			OrmRelationship *rel = fl_row_rel(o->cls, j);

			int			k;

			if (!fl_follows_key(o, rel))
				continue;
			for (k = 0; k < o->m2m.n && rel->dir == ORM_REL_MANYTOMANY; k++)
				if (o->m2m.items[k] == rel)
					return fl_err_path(fx, o->path, ORM_ERR_UNSUPPORTED,
									   orm_sprintf(fx->a, "changing the key of %s and its "
												   "collection \"%s\" (passive_updates=False) "
												   "in one update is not supported",
												   o->cls->name, rel->name));
			if (fl_follow_key(fx, o, rel) < 0)
				return -1;
		}
	}
	return 0;
}

int
fl_load(Flush *fx)
{
	int			i,
				j,
				n;

	if (fl_load_pending(fx) < 0)
		return -1;
	for (i = 0; i < fx->nops; i++)
		if (fx->del_roots[i] && fl_delete_obj(fx, fx->del_roots[i]) < 0)
			return -1;
	if (fl_drain_deletes(fx) < 0)
		return -1;
	n = fx->objs.n;				/* objects loaded below have no collections given */
	for (i = 0; i < n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (!o->persistent || o->deleted)
			continue;
		for (j = 0; j < o->colls.n; j++)
			if (fl_orphans(fx, o, o->colls.items[j]) < 0 || fl_drain_deletes(fx) < 0)
				return -1;
		if (o->op >= 0 && (fl_m2o_orphans(fx, o) < 0 || fl_drain_deletes(fx) < 0))
			return -1;
		for (j = 0; j < o->m2m.n; j++)
			if (fl_assoc_diff(fx, o, o->m2m.items[j]) < 0 || fl_drain_deletes(fx) < 0)
				return -1;
	}
	if (fl_follow_keys(fx) < 0)
		return -1;
	if (fx->ndeleted == 0)
		return 0;				/* nothing deleted: no row switch, nothing linked to a gone row */
	fl_switch(fx);
	return fl_reconcile(fx);
}
