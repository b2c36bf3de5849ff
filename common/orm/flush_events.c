/*
 * flush_events.c -- the mapper events of the unit of work (orm_listen).
 *
 * Owns: calling a class's listeners for one row (fl_fire, fl_fire_all,
 * asked by stage 5 next to the row's statement), the row as a listener
 * sees it, and what a before_* listener's result writes.  Assumes:
 * orm_listener_check decides whether a listener may run (README "Trust
 * model").  Its SELECTs run through fl_exec; calls only flush_graph.c.
 *
 * Mapper events: a class's listeners (OrmClass.listeners, orm_listen) run
 * as SELECT "fn"(row json) next to each row's statement: before_insert
 * and before_update receive the row to be written and may return a JSON
 * object whose attributes are written instead (NULL: unchanged);
 * before_delete and the after_* events receive the row as stored.
 *
 * Not done: listeners of a joined subclass see only its own table's
 * columns.
 */
#include "orm/flush_int.h"

#include <string.h>

/* ---- mapper events (orm_listen) ------------------------------------------ */

/* Column i's value as the row stands: what will be written, else what is stored. */
static void
fl_current(FlObj *o, int i, bool stored, OrmValue *v)
{
	FlCol	   *c = &o->c[i];

	memset(v, 0, sizeof(*v));
	if (stored && o->row)
		*v = o->row[i];
	else if (o->newkey && o->newkey->has[i])
		*v = o->newkey->val[i];	/* an update changing the key: its new value */
	else if (c->st == FLC_GIVEN || c->st == FLC_VALUE || c->st == FLC_NULLED)
		*v = o->val[i];
	else if (c->st == FLC_FK && c->src->row)
		*v = c->src->row[c->src_col->pos];
	else if (o->row)
		*v = o->row[i];
}

/* The row as the JSON object a listener receives: column attributes only. */
static void
fl_row_json(Flush *fx, FlObj *o, bool stored, OrmBuf *out)
{
	int			i;

	orm_buf_putc(out, '{');
	for (i = 0; i < o->cls->nattrs; i++)
	{
		OrmColumn  *col = o->cls->attrs[i];
		OrmValue	v;

		fl_current(o, col->pos, stored, &v);
		if (i)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, col->attr, strlen(col->attr));
		orm_buf_putc(out, ':');
		orm_value_to_json(out, fx->d, &v, &col->type);
	}
	orm_buf_putc(out, '}');
}

/* A before_* listener's result: its column attributes are the values to write. */
static int
fl_listener_result(Flush *fx, FlObj *o, OrmListener *l, const OrmValue *res)
{
	const JsonValue *j;
	int			i;

	if (res->kind == ORM_V_NULL)
		return 0;				/* nothing returned: the row stays as it is */
	if (!fl_is_textual(res->kind) ||
		!(j = json_parse(fx->a, res->s, res->len, fx->err)) || j->kind != JSON_OBJECT)
		return fl_err_path(fx, o->path, ORM_ERR_FLUSH,
						   orm_sprintf(fx->a, "%s listener %s must return a JSON object",
									   l->event, l->fn));
	for (i = 0; i < j->n; i++)
	{
		OrmColumn  *col = fl_attr(o->cls, j->keys[i]);
		OrmValue	v,
					cur;

		if (!col || o->c[col->pos].is_key)
			continue;
		if (orm_value_from_json(fx->a, fx->d, j->items[i], &col->type, &v, fx->err) < 0)
		{
			orm_err_path(fx->err, fl_path_text(fx, fl_path_key(fx, o->path, col->attr)));
			return -1;
		}
		fl_current(o, col->pos, false, &cur);
		if (fl_same(fx, &v, &cur, col))
			continue;			/* the row echoed back unchanged */
		o->c[col->pos].st = FLC_GIVEN;
		o->val[col->pos] = v;
		o->c[col->pos].path = o->path;
		o->c[col->pos].path_attr = false;
	}
	return 0;
}

/* SELECT "fn"(row json): one listener call. */
static int
fl_call_listener(Flush *fx, FlObj *o, OrmListener *l, bool stored)
{
	OrmBuf		row;
	OrmType		jt;
	OrmValue	v;
	FlStmt		s;
	OrmRows		rows;
	const char *p,
			   *dot;

	if (orm_listener_check(fx->ctx, o->cls, l) < 0)	/* README "Trust model" */
		return orm_err_path(fx->err, fl_path_text(fx, o->path)), -1;
	orm_buf_init(&row, fx->a);
	fl_row_json(fx, o, stored, &row);
	memset(&jt, 0, sizeof(jt));
	jt.kind = ORM_T_JSON;
	memset(&v, 0, sizeof(v));
	v.kind = ORM_V_JSON;
	v.s = orm_buf_cstr(&row);
	v.len = row.len;
	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "SELECT ");
	for (p = l->fn; (dot = strchr(p, '.')) != NULL; p = dot + 1)
	{							/* schema.function: each part quoted */
		orm_quote_ident(&s.sql, orm_strndup(fx->a, p, (size_t) (dot - p)));
		orm_buf_putc(&s.sql, '.');
	}
	orm_quote_ident(&s.sql, p);
	orm_buf_putc(&s.sql, '(');
	fl_bind(fx, &s, &v, &jt);
	orm_buf_putc(&s.sql, ')');
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (strncmp(l->event, "before_", 7) != 0 || rows.nrows < 1 || rows.ncols < 1)
		return 0;
	return fl_listener_result(fx, o, l, &ORM_ROW(&rows, 0)[0]);
}

/*
 * Fires o's class's listeners for event (before_insert ... after_delete),
 * in registration order.  before_* see the row to be written and may return
 * a changed row; after_* see the row as stored.
 */
int
fl_fire(Flush *fx, FlObj *o, const char *event)
{
	bool		stored = strncmp(event, "after_", 6) == 0 || strcmp(event, "before_delete") == 0;
	int			i;

	for (i = 0; i < o->cls->listeners.n; i++)
	{
		OrmListener *l = o->cls->listeners.items[i];

		if (orm_streq(l->event, event) && fl_call_listener(fx, o, l, stored) < 0)
			return -1;
	}
	return 0;
}

/* Fires event for n objects. */
int
fl_fire_all(Flush *fx, FlObj **objs, int n, const char *event)
{
	int			i;

	if (n == 0 || objs[0]->cls->listeners.n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (fl_fire(fx, objs[i], event) < 0)
			return -1;
	return 0;
}
