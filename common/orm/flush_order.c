/*
 * flush_order.c -- stage 4 of the unit of work: the order of tables and
 * rows.
 *
 * Owns: the sort of the touched tables (fl_sort_tables, run by flush.c
 * between stages 3 and 5), the insert and delete levels of the rows of a
 * self-referential table (fl_ins_level, fl_del_level, asked by stage 5 as
 * it emits a table), and which columns a relationship(post_update=True)
 * fills (fl_table_post_col).  Runs no SQL; calls only flush_graph.c.
 *
 * Stage 4, order.  Touched tables are sorted by foreign-key edges (the
 * referenced table first; ties in order of first touch).  In a table whose
 * FK references itself, new rows get a level (1 + the level of a new parent
 * row, 1 under an existing parent) and are inserted level by level; deleted rows are deleted deepest
 * level first.  Between tables that refer to each other, a nullable
 * foreign key whose row is not stored yet is written as post_update does:
 * NULL in the INSERT (or left out of the UPDATE), then one UPDATE per row
 * once every row is stored.
 *
 * relationship(post_update=True) (either side of a pair; OrmRelationship.
 * post_update) orders nothing: not the tables (only a tie-break: the
 * referenced table first when no other key decides), not the rows of a
 * self-referential table (one level: g, c, root in session.add order), not
 * their deletes; stage 5 writes its key after the rows (flush_emit.c).
 * Unlike SQLAlchemy, whose unrelated mappers go in class-name order, ties
 * go by first touch.
 */
#include "orm/flush_int.h"

/* ---- stage 4: order ------------------------------------------------------ */

/* Does rel fill col (a foreign key column of its many side)? */
static bool
fl_rel_fills(const OrmRelationship *rel, const OrmColumn *col)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
		if ((rel->dir == ORM_REL_MANYTOONE && rel->local_cols[i] == col) ||
			(rel->dir == ORM_REL_ONETOMANY && rel->remote_cols[i] == col))
			return true;
	return false;
}

/* Is col filled by a relationship(post_update=True) (either side) of the registry? */
bool
fl_table_post_col(Flush *fx, const OrmColumn *col)
{
	OrmRegistry *reg = fx->ctx->reg;
	int			i,
				j;

	for (i = 0; reg && i < reg->classes.n; i++)
	{
		const OrmClass *cls = reg->classes.items[i];

		for (j = 0; j < cls->nrels; j++)
			if (!cls->rels[j]->viewonly && fl_rel_post(cls->rels[j]) &&
				fl_rel_fills(cls->rels[j], col))
				return true;
	}
	return false;
}

/*
 * Must rows of t be inserted after rows of on?  With soft, a post_update
 * foreign key counts too.  Such a key orders nothing (SQLAlchemy's
 * dependency processor for it adds no edge between the two mappers' saves,
 * only the post-update after both), so it only breaks ties: the
 * referenced table still goes first when nothing else decides.
 */
static bool
fl_depends(Flush *fx, const OrmTable *t, const OrmTable *on, bool soft)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->fk && t->cols[i]->fk->ref_table == on && on != t &&
			(soft || !fl_table_post_col(fx, t->cols[i])))
			return true;
	return false;
}

/* The first unsorted table (first-touch order) no unsorted table must precede. */
static FlTab *
fl_sort_pick(Flush *fx, bool soft)
{
	int			n = fx->tabs.n,
				i,
				j;

	for (i = 0; i < n; i++)
	{
		FlTab	   *ft = fx->tabs.items[i];
		bool		ready = !ft->sorted;

		for (j = 0; j < n && ready; j++)
		{
			FlTab	   *other = fx->tabs.items[j];

			if (!other->sorted && fl_depends(fx, ft->t, other->t, soft))
				ready = false;
		}
		if (ready)
			return ft;
	}
	return NULL;
}

/* Kahn's sort of the touched tables; ties (and cycles) by first touch. */
void
fl_sort_tables(Flush *fx)
{
	int			n = fx->tabs.n,
				k,
				i;

	fx->order = ORM_NEWN(fx->a, FlTab *, n);
	for (k = 0; k < n; k++)
	{
		FlTab	   *pick = fl_sort_pick(fx, true);

		if (!pick)
			pick = fl_sort_pick(fx, false);
		for (i = 0; i < n && !pick; i++)
			if (!((FlTab *) fx->tabs.items[i])->sorted)
				pick = fx->tabs.items[i];
		pick->sorted = true;
		fx->order[fx->norder++] = pick;
	}
}

/*
 * Insert level: 1 + the level of a new parent row in the same table; an
 * existing parent row named by this flush counts as level 0.  That is the
 * order SQLAlchemy's per-row sort gives a self-referential table: the
 * parent, whose collection the new row joins, is part of the flush, and
 * each level is inserted in one save_obj call ordered by insert_order.
 */
int
fl_ins_level(Flush *fx, FlObj *o)
{
	int			i;

	if (o->level_state == 2)
		return 0;
	if (o->level_state == 1)
		return fl_err_path(fx, o->path, ORM_ERR_UNSUPPORTED,
						   orm_sprintf(fx->a, "rows of %s depend on each other in a cycle",
									   o->t->name));
	o->level_state = 1;
	o->level = 0;
	for (i = 0; i < o->t->ncols; i++)
	{
		FlCol	   *c = &o->c[i];

		if (c->st != FLC_FK || c->src->t != o->t || c->src == o || c->post)
			continue;			/* a post_update key does not order the INSERTs */
		if (c->src->persistent)
		{
			o->level = o->level > 1 ? o->level : 1;
			continue;
		}
		if (fl_ins_level(fx, c->src) < 0)
			return -1;
		if (c->src->level + 1 > o->level)
			o->level = c->src->level + 1;
	}
	o->level_state = 2;
	return 0;
}

/* Delete level: 1 + the level of a deleted parent row in the same table. */
int
fl_del_level(Flush *fx, FlObj *o, int depth)
{
	int			i;

	if (o->level_state == 3)
		return o->level;
	o->level = 0;
	if (depth > 10000)
		return 0;
	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];
		FlObj	   *p;
		OrmBuf	   *key;

		if (!col->fk || col->fk->ref_table != o->t || o->t->npk != 1 ||
			col->fk->ref_col != o->t->pk[0] || o->row[i].kind == ORM_V_NULL ||
			fl_table_post_col(fx, col))
			continue;			/* a post_update key is cut first instead */
		key = fl_key_begin(fx);
		orm_buf_puts(key, o->t->name);
		orm_buf_puts(key, "\x1fpk\x1f");
		fl_value_key(key, &o->row[i], o->t->pk[0]);
		p = fl_hash_get(fx, orm_buf_cstr(key));
		if (p && p != o && fl_gone(p))
		{
			int			pl = fl_del_level(fx, p, depth + 1);

			if (pl + 1 > o->level)
				o->level = pl + 1;
		}
	}
	o->level_state = 3;
	return o->level;
}
