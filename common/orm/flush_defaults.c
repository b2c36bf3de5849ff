/*
 * flush_defaults.c -- stage 3 of the unit of work: defaults and NOT NULL.
 *
 * Owns: the value of a column's Python-side default or onupdate
 * (fl_default, remembered per column and default), the discriminator of a
 * new single-table row, what the engine fills itself (fl_generated), and
 * the check of a new object's NOT NULL columns (fl_prepare_pending).
 * Stage 5 takes fl_default (onupdate) and fl_generated from here.
 * Assumes: the host's now and random.  Runs no SQL; calls only
 * flush_graph.c.
 *
 * Stage 3, defaults and checks.  New objects get Python-side defaults for
 * columns not given or given null (SQLAlchemy leaves None out of an
 * INSERT, except for JSON, which stores 'null'): literal, host->now in
 * stored form, the dialect's now SQL inside VALUES, uuid4 from
 * host->random, {} / []; a version_id_col starts at 1.  A NOT NULL column that is not given, not defaulted, not
 * generated and not filled by a relationship is "NOT NULL constraint
 * failed" at path.attr.  Objects that need no lookup are checked before
 * any SQL.
 */
#include "orm/flush_int.h"

#include <string.h>

/* ---- stage 3: defaults and NOT NULL -------------------------------------- */

static const char *
fl_now(Flush *fx)
{
	if (!fx->now)
	{
		char	   *s = orm_strdup(fx->a, fx->ctx->host->now(fx->ctx->hs, fx->a));

		if (strlen(s) > 10 && s[10] == ' ')
			s[10] = 'T';		/* the ISO input form */
		fx->now = s;
	}
	return fx->now;
}

static void
fl_uuid(Flush *fx, int version, bool hex, char out[37])
{
	unsigned char b[16];

	memset(b, 0, sizeof(b));
	fx->ctx->host->random(fx->ctx->hs, b, sizeof(b));
	orm_uuid_text(b, version, version == 7 ? fl_now(fx) : NULL, hex, out);
}

/*
 * The value of a Python-side default (or onupdate) d for col: *st becomes
 * FLC_VALUE with *v, FLC_SQLNOW, or stays FLC_UNSET when d gives nothing.
 */
static int	fl_default_eval(Flush *fx, OrmColumn *col, const OrmDefault *d,
							FlColState *st, OrmValue *v);

typedef struct FlDefCache		/* a default's value, the same for every row */
{
	const OrmDefault *d;
	const OrmColumn *col;
	FlColState	st;
	OrmValue	v;
} FlDefCache;

/* fl_default_eval, remembered per (column, default) except for uuid4. */
int
fl_default(Flush *fx, OrmColumn *col, const OrmDefault *d, FlColState *st, OrmValue *v)
{
	FlDefCache *dc;
	int			i;

	if (d->kind == ORM_DEF_UUID4 || d->kind == ORM_DEF_UUID4_HEX ||
		d->kind == ORM_DEF_UUID7 || d->kind == ORM_DEF_UUID7_HEX)
		return fl_default_eval(fx, col, d, st, v);
	for (i = 0; i < fx->defaults.n; i++)
	{
		dc = fx->defaults.items[i];
		if (dc->d == d && dc->col == col)
		{
			*st = dc->st;
			*v = dc->v;
			return 0;
		}
	}
	if (fl_default_eval(fx, col, d, st, v) < 0)
		return -1;
	dc = ORM_NEW(fx->a, FlDefCache);
	dc->d = d;
	dc->col = col;
	dc->st = *st;
	dc->v = *v;
	orm_vec_push(fx->a, &fx->defaults, dc);
	return 0;
}

static int
fl_default_eval(Flush *fx, OrmColumn *col, const OrmDefault *d, FlColState *st, OrmValue *v)
{
	const JsonValue *jv;
	char		uuid[37];
	int			rc = 0;

	*st = FLC_VALUE;
	switch (d->kind)
	{
		case ORM_DEF_NONE:
			*st = FLC_UNSET;
			return 0;
		case ORM_DEF_NULL:
			/* default=None leaves a column the engine fills to the engine
			 * (SQLAlchemy leaves a None out of the INSERT there) */
			if (fl_generated(col))
				*st = FLC_UNSET;
			memset(v, 0, sizeof(*v));
			return 0;
		case ORM_DEF_SQL_NOW:
		case ORM_DEF_SQL_TEXT:
			*st = FLC_SQLNOW;
			return 0;
		case ORM_DEF_LITERAL:
			jv = json_parse(fx->a, d->json ? d->json : "null",
							d->json ? strlen(d->json) : 4, fx->err);
			rc = jv ? orm_value_from_json(fx->a, fx->d, jv, &col->type, v, fx->err) : -1;
			break;
		case ORM_DEF_NOW:
			rc = orm_value_from_text(fx->a, fx->d, fl_now(fx), strlen(fl_now(fx)),
									 &col->type, v, fx->err);
			break;
		case ORM_DEF_TODAY:
			rc = orm_value_from_text(fx->a, fx->d, fl_now(fx), 10, &col->type, v, fx->err);
			break;
		case ORM_DEF_UUID4:
		case ORM_DEF_UUID4_HEX:
		case ORM_DEF_UUID7:
		case ORM_DEF_UUID7_HEX:
			fl_uuid(fx, d->kind == ORM_DEF_UUID7 || d->kind == ORM_DEF_UUID7_HEX ? 7 : 4,
					d->kind == ORM_DEF_UUID4_HEX || d->kind == ORM_DEF_UUID7_HEX, uuid);
			rc = orm_value_from_text(fx->a, fx->d, uuid, strlen(uuid), &col->type, v, fx->err);
			break;
		case ORM_DEF_DICT:
		case ORM_DEF_LIST:
			jv = json_new(fx->a, d->kind == ORM_DEF_DICT ? JSON_OBJECT : JSON_ARRAY);
			rc = orm_value_from_json(fx->a, fx->d, jv, &col->type, v, fx->err);
			break;
	}
	return rc;
}

/*
 * The SQL of an FLC_SQLNOW column, from default d (col->dflt in an INSERT,
 * col->onupdate in an UPDATE): a text() default's SQL; nextval() of its
 * Sequence() on an engine with sequences (SQLAlchemy renders it into the
 * INSERT and returns the value); else the dialect's now.
 */
void
fl_sql_value(Flush *fx, OrmBuf *sql, const OrmColumn *col, const OrmDefault *d)
{
	if (d && d->kind == ORM_DEF_SQL_TEXT && d->json)
		orm_buf_printf(sql, "(%s)", d->json);
	else if (col->sequence && fx->d->sequence_exists_sql && d == &col->dflt)
	{
		OrmBuf		q;

		orm_buf_init(&q, fx->a);
		orm_quote_ident(&q, col->sequence);
		orm_buf_puts(sql, "nextval(");
		orm_quote_literal(sql, orm_buf_cstr(&q));
		orm_buf_putc(sql, ')');
	}
	else
		orm_buf_puts(sql, fx->d->now_sql);
}

/* Does the engine fill col when the INSERT leaves it out (RETURNING reads it)? */
bool
fl_generated(const OrmColumn *col)
{
	return col->is_autoinc || col->server_default.kind != ORM_SD_NONE ||
		col->identity != NULL || col->computed != NULL;
}

/*
 * The discriminator of single-table (or the root row of joined)
 * inheritance: SQLAlchemy sets polymorphic_on to the class's
 * polymorphic_identity when the object is made, unless it is given.
 */
static int
fl_discriminator(Flush *fx, FlObj *o, int i)
{
	const OrmClass *cls = fl_bottom(o)->cls;
	const char *ident = cls->polymorphic_identity;	/* a Python constant as JSON */
	FlCol	   *c = &o->c[i];
	const JsonValue *jv;

	if (c->st != FLC_UNSET || !ident || cls->polymorphic_on != o->t->cols[i])
		return 0;
	if (!(jv = json_parse(fx->a, ident, strlen(ident), fx->err)) ||
		orm_value_from_json(fx->a, fx->d, jv, &o->t->cols[i]->type, &o->val[i], fx->err) < 0)
		return -1;
	c->st = FLC_VALUE;
	return 0;
}

/*
 * Does None given for col reach the INSERT?  SQLAlchemy leaves a None out
 * of an INSERT (so the column's default or generated key applies), except
 * for types that evaluate None: JSON, which stores the text 'null'.
 */
static bool
fl_evaluates_none(const OrmColumn *col)
{
	return col->type.kind == ORM_T_JSON || col->type.kind == ORM_T_JSONB;
}

/* Applies defaults to a new object and checks NOT NULL columns. */
static int
fl_prepare_new(Flush *fx, FlObj *o)
{
	int			i;

	if (o->checked)
		return 0;
	o->checked = true;
	for (i = 0; i < o->cls->nrels; i++)
	{
		/* a dataclass relationship(default=None) __init__ set: its foreign key cleared */
		const OrmRelationship *r = o->cls->rels[i];

		for (int k = 0; r->init_none && r->dir == ORM_REL_MANYTOONE && k < r->npairs; k++)
		{
			const OrmColumn *col = r->local_cols[k];

			if (col->table == o->t && o->c[col->pos].st == FLC_GIVEN && !col->primary_key)
			{
				o->c[col->pos].st = FLC_NULLED;
				o->val[col->pos].kind = ORM_V_NULL;
			}
		}
	}
	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];
		FlCol	   *c = &o->c[i];
		const char *attr = col->attr ? col->attr : col->name;

		if (c->st == FLC_GIVEN && o->val[i].kind == ORM_V_NULL && !fl_evaluates_none(col))
			c->st = FLC_UNSET;	/* None is "not set" on INSERT: defaults apply */
		if (fl_discriminator(fx, o, i) < 0)
		{
			orm_err_path(fx->err, fl_path_text(fx, fl_path_key(fx, o->path, attr)));
			return -1;
		}
		if (c->st == FLC_UNSET && fl_version_col(o) == col && o->cls->version_gen.kind != ORM_DEF_NONE)
		{
			FlColState	st = FLC_UNSET;

			if (fl_default(fx, col, &o->cls->version_gen, &st, &o->val[i]) < 0)
			{
				orm_err_path(fx->err, fl_path_text(fx, fl_path_key(fx, o->path, attr)));
				return -1;
			}
			c->st = FLC_VALUE;
		}
		if (c->st == FLC_UNSET && fl_version_col(o) == col)
		{
			c->st = FLC_VALUE;
			o->val[i].kind = ORM_V_INT;
			o->val[i].i = 1;
		}
		if (c->st == FLC_UNSET && col->sequence && fx->d->sequence_exists_sql &&
			col->dflt.kind == ORM_DEF_NONE)
			c->st = FLC_SQLNOW; /* Sequence(): nextval() in the INSERT (fl_sql_value) */
		if (c->st == FLC_UNSET && !col->is_autoinc)
		{
			FlColState	st = FLC_UNSET;
			int			rc = fl_default(fx, col, &col->dflt, &st, &o->val[i]);

			c->st = (unsigned char) st;
			if (rc < 0)
			{
				orm_err_path(fx->err, fl_path_text(fx, fl_path_key(fx, o->path, attr)));
				return -1;
			}
		}
		if (col->nullable)
			continue;
		if ((c->st == FLC_UNSET && !fl_generated(col)) ||
			((c->st == FLC_GIVEN || c->st == FLC_VALUE || c->st == FLC_NULLED) &&
			 o->val[i].kind == ORM_V_NULL && !col->is_autoinc))
			return fl_err_path(fx, c->path && (c->st == FLC_GIVEN || c->st == FLC_NULLED) ?
							   fl_col_path(fx, o, i) :
							   fl_path_key(fx, o->path, attr),
							   ORM_ERR_NOT_NULL, "NOT NULL constraint failed");
	}
	return 0;
}

/* Does o have its full primary key given? */
static bool
fl_given_full_pk_obj(const FlObj *o)
{
	int			i;

	for (i = 0; i < o->t->npk; i++)
	{
		const FlCol *c = &o->c[o->t->pk[i]->pos];

		if (c->st != FLC_GIVEN || o->val[o->t->pk[i]->pos].kind == ORM_V_NULL)
			return false;
	}
	return o->t->npk > 0;
}

/*
 * The first pass (loaded false, before stage 2) prepares every new object
 * that needs no lookup and remembers the ones it leaves; the second (after
 * stage 2) takes those and the objects stage 2 made, in the same order as a
 * pass over every object would (an object once persistent or deleted stays
 * so, one prepared is done), without reading every object again.
 */
int
fl_prepare_pending(Flush *fx, bool loaded)
{
	int			i,
				n = fx->objs.n;
	bool		again = loaded && fx->prep_seen >= 0;

	for (i = again ? -fx->prep_later.n : 0; i < n; i++)
	{
		FlObj	   *o;

		if (again && i >= 0 && i < fx->prep_seen)
			i = fx->prep_seen;	/* past the ones the first pass saw */
		if (i >= n)
			break;
		o = i < 0 ? fx->prep_later.items[fx->prep_later.n + i] : fx->objs.items[i];
		if (ORM_POLL(fx->ctx) < 0)	/* cancel: host.h */
			return -1;
		if (o->persistent || o->deleted)
			continue;
		if ((o->need_load && !loaded) || (!loaded && o->fresh && fl_given_full_pk_obj(o)))
		{
			/* need_load: looked up first; fresh with its key: the key may be
			 * a deleted row's, a row switch, no INSERT */
			orm_vec_push(fx->a, &fx->prep_later, o);
			continue;
		}
		if (fl_prepare_new(fx, o) < 0)
			return -1;
	}
	if (!loaded)
		fx->prep_seen = n;
	return 0;
}
