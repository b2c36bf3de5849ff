/*
 * flush_organize.c -- stage 1 of the unit of work: operations become
 * objects.
 *
 * Owns: reading the changes (an operation's op, entity, key and data), the
 * nodes that the echo walks (FlNode, FlRelNode), the given values of a
 * node (FlGiven) and their merge into one object per row (identity), the
 * links between objects (foreign key fills, association rows, the link
 * order) and the insert order (stage 1b).  Assumes: flush_int.h's
 * structures; a resolved registry.  Runs no SQL; calls only flush_graph.c.
 *
 * Stage 1, organize (no SQL).  Each operation becomes a tree of nodes; each
 * node names one object (FlObj = one row).  A node's "data" members are
 * column attributes (converted at once to the stored form by
 * orm_value_from_json) or relationships (a nested object or array of them,
 * which become nodes of the target class).  Every mistake found here
 * (unknown op, entity or attribute, a value that does not fit its column)
 * is an ORM_ERR_PARAM with the JSON path, before any SQL runs.
 *
 *   Identity.  Two nodes are the same object when they give the same full
 *   primary key, or the same value of a single-column unique column
 *   (Tag(name="python") given under two posts is one tag), or when a nested
 *   object gives the back-populating attribute of the relationship it sits
 *   under (a post under alice.posts giving "author": {...}: that author is
 *   alice).  Their attributes merge; different values for one attribute
 *   are an error.  A nested object carrying its full primary key may be an
 *   existing row (stage 2 looks it up); a top-level "add" is always new.
 *
 *   Links.  A relationship between two objects becomes a foreign key fill:
 *   the child's FK column takes the parent's referenced column once the
 *   parent is stored (MANYTOONE: the owner is the child; ONETOMANY: the
 *   members are), or an association row of the secondary table
 *   (MANYTOMANY), deduplicated when both directions name the same pair.
 *
 *   Insert order.  After each operation, the objects it reached are ranked
 *   as SQLAlchemy's session.add() would give them insert_order: the
 *   operation's object, then a depth-first walk of the "save-update"
 *   cascade, relationships in declaration order, each collection in link
 *   order (backrefs included), not walking through rows already in the
 *   session.  Rows of a table are inserted in that order, so generated
 *   keys are SQLAlchemy's (sql/flush_order.sql).
 *
 * Not done: a polymorphic "type" for nested objects (a nested object is
 * of the relationship's target class).
 */
#include "orm/flush_int.h"

#include <string.h>

/* ---- stage 1: organize --------------------------------------------------- */

/* The bytes of an FlGiven's arrays for n columns (one block, val first). */
#define FL_GIVEN_BLOCK(n) \
	((sizeof(OrmValue) + sizeof(const char *) + 3 * sizeof(bool)) * (size_t) (n))

/* A cleared FlGiven for t: a released one when big enough (one per node). */
static FlGiven *
fl_given_new(Flush *fx, OrmTable *t)
{
	FlGiven    *g;
	int			n = t->ncols;

	if (fx->given_free.n > 0)
	{
		g = fx->given_free.items[fx->given_free.n - 1];
		if (g->cap >= n)
		{
			fx->given_free.n--;
			memset(g->val, 0, FL_GIVEN_BLOCK(g->cap));	/* the arrays: one block */
			g->n = 0;
			g->newkey = NULL;
			g->colkeys = 0;
			g->relkeys = 0;
			return g;
		}
	}
	g = ORM_NEW(fx->a, FlGiven);
	g->cap = n;
	/* val[n], path[n], then has[n], path_attr[n], is_key[n]: one block */
	g->val = orm_alloc(fx->a, FL_GIVEN_BLOCK(n));
	g->path = (const char **) (g->val + n);
	g->has = (bool *) (g->path + n);
	g->path_attr = g->has + n;
	g->is_key = g->path_attr + n;
	return g;
}

static void
fl_given_release(Flush *fx, FlGiven *g)
{
	orm_vec_push(fx->a, &fx->given_free, g);
}

/* The input path of given column i of g's table t as given. */
static const char *
fl_given_path(Flush *fx, const FlGiven *g, const OrmTable *t, int i)
{
	return g->path_attr[i] ? fl_path_key(fx, g->path[i], t->cols[i]->attr) : g->path[i];
}

/*
 * The index of the operation a path lies in (changes[i]...), or -1.  An
 * "update" later in the changes than the value a column has sets it again,
 * as SQLAlchemy's attribute set on the same object in a later statement of
 * the program does: the last value is written.
 */
static int
fl_path_op(const char *path)
{
	while (path && path[0] == FL_PATH_LINK)
	{
		const FlPathLink *l = (const FlPathLink *) path;

		if (!l->up || l->up[0] != FL_PATH_LINK)
			return l->key ? -1 : l->idx;
		path = l->up;
	}
	return -1;
}

/*
 * Column col's value v, given at path (attr: path is the node's, the value's
 * is path.<col's attribute>, as fl_given_data's plain attributes are).
 */
static int
fl_given_set(Flush *fx, FlGiven *g, OrmColumn *col, const JsonValue *v,
			 const char *path, bool attr, bool is_key)
{
	OrmParam	p;

	if (orm_value_from_json(fx->a, fx->d, v, &col->type, &p, fx->err) < 0)
	{
		orm_err_path(fx->err, fl_path_text(fx, attr ? fl_path_key(fx, path, col->attr) : path));
		return -1;
	}
	if (g->has[col->pos] && !fl_same(fx, &g->val[col->pos], &p, col) &&
		g->is_key[col->pos] && !is_key && col->primary_key && fx->cur_kind == FL_UPDATE)
	{
		/* "update": data changes a column of the key that names the row */
		if (!g->newkey)
		{
			g->newkey = ORM_NEW(fx->a, FlKeyMove);
			g->newkey->has = ORM_NEWN(fx->a, bool, g->cap);
			g->newkey->val = ORM_NEWN(fx->a, OrmValue, g->cap);
			g->newkey->path = ORM_NEWN(fx->a, const char *, g->cap);
		}
		g->newkey->has[col->pos] = true;
		g->newkey->val[col->pos] = p;
		g->newkey->path[col->pos] = attr ? fl_path_key(fx, path, col->attr) : path;
		return 0;
	}
	if (g->has[col->pos] && !fl_same(fx, &g->val[col->pos], &p, col) &&
		!(fx->cur_kind == FL_UPDATE && !is_key && !g->is_key[col->pos] &&
		  fl_path_op(path) > fl_path_op(g->path[col->pos])))
		return fl_err_path(fx, attr ? fl_path_key(fx, path, col->attr) : path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "conflicting values for \"%s\" of %s",
									   col->attr ? col->attr : col->name, col->table->cls ?
									   col->table->cls->name : col->table->name));
	if (!g->has[col->pos])
		g->n++;
	g->has[col->pos] = true;
	g->val[col->pos] = p;
	g->path[col->pos] = path;
	g->path_attr[col->pos] = attr;
	g->is_key[col->pos] = g->is_key[col->pos] || is_key;
	return 0;
}

/*
 * A composite attribute's value in data: an object of its dataclass's fields
 * ({"x": 1, "y": 2}), an array of them in order, or null (every column NULL);
 * the columns of it in table t go into g (a joined superclass's part takes
 * its own).
 */
static int
fl_composite_given(Flush *fx, const OrmComposite *comp, const JsonValue *v, const char *path,
				   const OrmTable *t, FlGiven *g)
{
	static const JsonValue null_value = {JSON_NULL};

	if (v->kind == JSON_OBJECT)
		for (int i = 0; i < v->n; i++)
		{
			int			j;

			for (j = 0; j < comp->n && strcmp(comp->fields[j], v->keys[i]) != 0; j++)
				;
			if (j == comp->n)
				return fl_err_path(fx, fl_path_key(fx, path, v->keys[i]), ORM_ERR_PARAM,
								   orm_sprintf(fx->a, "%s (composite %s) has no field \"%s\"",
											   comp->cls_name, comp->name, v->keys[i]));
		}
	if (v->kind == JSON_ARRAY && v->n != comp->n)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "composite %s takes %d values (%s's fields), not %d",
									   comp->name, comp->n, comp->cls_name, v->n));
	if (v->kind != JSON_OBJECT && v->kind != JSON_ARRAY && v->kind != JSON_NULL)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "composite %s is an object of %s's fields, an array or null",
									   comp->name, comp->cls_name));
	for (int j = 0; j < comp->n; j++)
	{
		const JsonValue *item = v->kind == JSON_OBJECT ? json_get(v, comp->fields[j]) :
			v->kind == JSON_ARRAY ? v->items[j] : &null_value;

		if (!item || comp->cols[j]->table != t)
			continue;			/* a field not given keeps its column as it is */
		if (fl_given_set(fx, g, comp->cols[j], item,
						 v->kind == JSON_OBJECT ? fl_path_key(fx, path, comp->fields[j]) :
						 v->kind == JSON_ARRAY ? fl_path_idx(fx, path, j) : path, false, false) < 0)
			return -1;
	}
	return 0;
}

/*
 * data members: column attributes into g; relationship names are checked
 * here and handled by fl_node_rels; expression attributes (column_property(),
 * query_expression()) are read-only and skipped; anything else is an
 * unknown attribute.
 */
/*
 * fl_attr with a hint: data usually names the attributes in the class's
 * order, so the one after the last found is tried first.
 */
static OrmColumn *
fl_attr_hinted(const OrmClass *cls, const char *name, int *hint)
{
	int			i;

	if (*hint < cls->nattrs && orm_streq(cls->attrs[*hint]->attr, name))
		return cls->attrs[(*hint)++];
	for (i = 0; i < cls->nattrs; i++)
		if (orm_streq(cls->attrs[i]->attr, name))
		{
			*hint = i + 1;
			return cls->attrs[i];
		}
	return NULL;
}

/* The @validates validator of attribute k of cls or of a superclass, or NULL. */
static const OrmValidator *
fl_validator(const OrmClass *cls, const char *k)
{
	for (; cls; cls = cls->inherits)
		for (int i = 0; i < cls->validators.n; i++)
		{
			const OrmValidator *v = cls->validators.items[i];

			if (orm_streq(v->attr, k))
				return v;
		}
	return NULL;
}

static int
fl_given_data(Flush *fx, OrmClass *cls, const JsonValue *data, const char *path,
			  FlGiven *g)
{
	int			i,
				hint = 0;
	bool		validated = false;

	for (const OrmClass *c = cls; c && !validated; c = c->inherits)
		validated = c->validators.n > 0;

	if (!data || data->kind != JSON_OBJECT)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "expected an object of %s", cls->name));
	for (i = 0; i < data->n; i++)
	{
		const char *k = data->keys[i];
		OrmColumn  *col = fl_attr_hinted(cls, k, &hint);
		const OrmXattr *prop;
		const OrmComposite *comp;
		const OrmValidator *vd;

		if (validated && (vd = fl_validator(cls, k)) != NULL)
			return fl_err_path(fx, fl_path_key(fx, path, k), ORM_ERR_UNSUPPORTED,
							   orm_sprintf(fx->a, "\"%s\" of %s has a validator "
										   "(@validates, %s() at line %d), which is Python that "
										   "orm does not run: orm_flush does not write it "
										   "(check the value in the database, e.g. with a "
										   "CheckConstraint, or before calling orm_flush)",
										   k, cls->name, vd->fn, vd->line));
		if (col)
		{
			/* k is col's attribute: its path stays the node's until asked */
			bool		byattr = col->table == cls->table && col->attr != NULL;

			if (fl_given_set(fx, g, col, data->items[i], byattr ? path : fl_path_key(fx, path, k),
							 byattr, false) < 0)
				return -1;
			if (i < 64)
				g->colkeys |= (uint64_t) 1 << i;
		}
		else if (fl_rel_up(cls, k))
		{
			/* a relationship: fl_node_rels walks it (no property shares a
			 * relationship's name); without superclasses, the miss above
			 * says it is no attribute (fl_attr_up) */
			if (i < 64 && !cls->inherits)
				g->relkeys |= (uint64_t) 1 << i;
			continue;
		}
		else if ((comp = orm_class_composite(cls, k)) != NULL)
		{
			if (fl_composite_given(fx, comp, data->items[i], fl_path_key(fx, path, k),
								   cls->table, g) < 0)
				return -1;
		}
		else if ((prop = orm_class_xattr(cls, k)) != NULL)
		{
			/* a column_property() / query_expression() value (an object read
			 * back) is not written, as SQLAlchemy never writes one; a hybrid's
			 * setter is Python */
			if (prop->kind == ORM_XA_PROXY)
				return fl_err_path(fx, fl_path_key(fx, path, k), ORM_ERR_PARAM,
								   orm_sprintf(fx->a, "\"%s\" of %s is an association_proxy: give "
											   "its relationship \"%s\" (objects of its "
											   "target, with \"%s\"), as its creator would "
											   "make them", k, cls->name, prop->proxy_rel,
											   prop->proxy_attr));
			if (prop->kind == ORM_XA_HYBRID || prop->kind == ORM_XA_HYBRID_METHOD)
				return fl_err_path(fx, fl_path_key(fx, path, k), ORM_ERR_PARAM,
								   orm_sprintf(fx->a, "\"%s\" of %s is a hybrid attribute: orm_flush "
											   "writes mapped columns (a hybrid's setter is Python)",
											   k, cls->name));
		}
		else if (!fl_attr_up(cls, k))
		{
			const OrmClass *sup = orm_concrete_attr_owner(cls, k);

			return orm_err_unknown(fx->err, k, cls->name),
				fl_err_path(fx, fl_path_key(fx, path, k), ORM_ERR_UNKNOWN_ATTR,
							sup ? orm_sprintf(fx->a, "concrete class %s does not have %s's "
											  "attribute \"%s\" (a concrete mapper inherits no "
											  "attributes)", cls->name, sup->name, k)
							: orm_sprintf(fx->a, "unknown attribute \"%s\" on %s",
										  k, cls->name));
		}
	}
	return 0;
}

/* key: the primary key value, an object of its attributes (or column names), or
 * for a composite key an array of its values in the primary key's order (as
 * session.get(Entity, (a, b)) and orm_get take it). */
static int
fl_given_key(Flush *fx, OrmClass *cls, const JsonValue *key, const char *path,
			 FlGiven *g)
{
	OrmTable   *t = cls->table;
	int			i;

	if (t->npk == 0)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "%s has no primary key", cls->name));
	if (key->kind == JSON_ARRAY && t->npk > 1)
	{
		if (key->n != t->npk)
			return fl_err_path(fx, path, ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "%s's primary key has %d columns; "
										   "the key array gives %d",
										   cls->name, t->npk, key->n));
		for (i = 0; i < key->n; i++)
			if (fl_given_set(fx, g, t->pk[i], key->items[i],
							 fl_path_idx(fx, path, i), false, true) < 0)
				return -1;
		return 0;
	}
	if (key->kind != JSON_OBJECT)
	{
		if (t->npk != 1)
			return fl_err_path(fx, path, ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "%s has a composite primary key: "
										   "give the key as an object or an array "
										   "of its values", cls->name));
		return fl_given_set(fx, g, t->pk[0], key, path, false, true);
	}
	for (i = 0; i < key->n; i++)
	{
		const char *k = key->keys[i];
		const char *kpath = fl_path_key(fx, path, k);
		OrmColumn  *col = fl_attr(cls, k);

		if (!col)
		{
			int			j;

			for (j = 0; j < t->ncols; j++)
				if (orm_streq(t->cols[j]->name, k))
					col = t->cols[j];
		}
		if (!col || !col->primary_key)
			return fl_err_path(fx, kpath, ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "\"%s\" is not a primary key attribute of %s",
										   k, cls->name));
		if (fl_given_set(fx, g, col, key->items[i], kpath, false, true) < 0)
			return -1;
	}
	return 0;
}

static bool
fl_given_full_pk(const OrmTable *t, const FlGiven *g)
{
	int			i;

	if (t->npk == 0)
		return false;
	for (i = 0; i < t->npk; i++)
		if (!g->has[t->pk[i]->pos] || g->val[t->pk[i]->pos].kind == ORM_V_NULL)
			return false;
	return true;
}

/* The object g names by primary key or by a single-column unique value. */
static FlObj *
fl_identify(Flush *fx, OrmTable *t, const FlGiven *g)
{
	FlObj	   *o;
	const FlUniq *u;
	int			k;

	if (fl_given_full_pk(t, g))
	{
		o = fl_hash_get(fx, fl_pk_key(fx, t, g->val));
		if (o)
			return o;
	}
	u = fl_unique_cols(fx, t);
	for (k = 0; k < u->n; k++)
	{
		int			i = u->pos[k];

		if (!g->has[i] || g->val[i].kind == ORM_V_NULL)
			continue;
		o = fl_hash_get(fx, fl_unique_key(fx, t, t->cols[i], &g->val[i]));
		if (o)
			return o;
	}
	return NULL;
}

/*
 * Registers o under its primary key and single-column unique values.  Only
 * the columns this merge gave (bit i of fresh; all of them past 64
 * columns) can add a key: a key once added stays (the first object keeps
 * it), so the columns given before were registered then.
 */
static void
fl_register(Flush *fx, FlObj *o, uint64_t fresh)
{
	OrmTable   *t = o->t;
	bool		full = t->npk > 0,
				pk_fresh = false;
	const FlUniq *u;
	int			i,
				k;

#define FL_FRESH(i) ((i) >= 64 || ((fresh >> (i)) & 1))
	for (i = 0; i < t->npk; i++)
	{
		FlCol	   *c = &o->c[t->pk[i]->pos];

		if (c->st != FLC_GIVEN || o->val[t->pk[i]->pos].kind == ORM_V_NULL)
			full = false;
		pk_fresh = pk_fresh || FL_FRESH(t->pk[i]->pos);
	}
	if (full && pk_fresh)
	{
		OrmBuf	   *b = fl_key_begin(fx);

		orm_buf_puts(b, t->name);
		orm_buf_puts(b, "\x1fpk\x1f");
		for (i = 0; i < t->npk; i++)
			fl_value_key(b, &o->val[t->pk[i]->pos], t->pk[i]);
		fl_hash_put(fx, orm_buf_cstr(b), o);
	}
	u = fl_unique_cols(fx, t);
	for (k = 0; k < u->n; k++)
	{
		i = u->pos[k];
		if (FL_FRESH(i) && o->c[i].st == FLC_GIVEN && o->val[i].kind != ORM_V_NULL)
			fl_hash_put(fx, fl_unique_key(fx, t, t->cols[i], &o->val[i]), o);
	}
#undef FL_FRESH
}

/*
 * Column i of g differs from o's.  When g names o by a single-column unique
 * value (not its primary key), these are two objects with one unique value:
 * SQLAlchemy inserts both and the engine refuses the second (IntegrityError),
 * so this is a unique violation; otherwise the input contradicts itself.
 */
static int
fl_merge_conflict(Flush *fx, FlObj *o, const FlGiven *g, int i)
{
	const OrmTable *t = o->t;
	const char *attr = t->cols[i]->attr ? t->cols[i]->attr : t->cols[i]->name;
	int			j;

	if (o->fresh && fx->cur_kind == FL_ADD && t->npk > 0 &&
		fl_path_op(fl_given_path(fx, g, t, i)) != fl_path_op(o->path))
	{
		/*
		 * Two "add" operations of one primary key with different values: two
		 * objects SQLAlchemy INSERTs both of, the engine refusing the second.
		 */
		for (j = 0; j < t->npk && g->has[t->pk[j]->pos]; j++)
			;
		if (j == t->npk)
			return fl_err_path(fx, fl_given_path(fx, g, t, i), ORM_ERR_UNIQUE,
							   orm_sprintf(fx->a, "two %s objects with the same primary key "
										   "(conflicting values for \"%s\")", o->cls->name, attr));
	}
	for (j = 0; j < t->ncols; j++)
	{
		const OrmColumn *col = t->cols[j];

		if (j == i || !g->has[j] || g->val[j].kind == ORM_V_NULL || col->primary_key ||
			!fl_col_is_unique(t, col) || o->c[j].st != FLC_GIVEN ||
			!fl_same(fx, &o->val[j], &g->val[j], col))
			continue;
		return fl_err_path(fx, fl_given_path(fx, g, t, i), ORM_ERR_UNIQUE,
						   orm_sprintf(fx->a, "two %s objects with the same unique \"%s\" "
									   "(conflicting values for \"%s\")", o->cls->name,
									   col->attr ? col->attr : col->name, attr));
	}
	return fl_err_path(fx, fl_given_path(fx, g, t, i), ORM_ERR_PARAM,
					   orm_sprintf(fx->a, "conflicting values for \"%s\" of %s", attr,
								   o->cls->name));
}

/* Merges a node's given columns into o; differing values are an error. */
static int
fl_merge(Flush *fx, FlObj *o, const FlGiven *g, const char *path)
{
	int			i;
	uint64_t	fresh = 0;		/* columns this merge gives (fl_register) */

	for (i = 0; i < o->t->ncols; i++)
	{
		FlCol	   *c = &o->c[i];

		if (!g->has[i])
			continue;
		if (c->st == FLC_GIVEN)
		{
			if (!fl_same(fx, &o->val[i], &g->val[i], o->t->cols[i]) &&
				fx->cur_kind == FL_UPDATE && !c->is_key && !g->is_key[i] &&
				fl_path_op(g->path[i]) > fl_path_op(c->path))
			{
				/* a later "update" sets the attribute again (fl_path_op) */
				o->val[i] = g->val[i];
				c->path = g->path[i];
				c->path_attr = g->path_attr[i];
				continue;
			}
			if (!fl_same(fx, &o->val[i], &g->val[i], o->t->cols[i]))
				return fl_merge_conflict(fx, o, g, i);
			c->is_key = c->is_key || g->is_key[i];
			continue;
		}
		if (c->st == FLC_FK)
			continue;			/* the relationship wins, as SQLAlchemy's sync does */
		c->st = FLC_GIVEN;
		o->val[i] = g->val[i];
		c->path = g->path[i];
		c->path_attr = g->path_attr[i];
		c->is_key = g->is_key[i];
		if (i < 64)
			fresh |= (uint64_t) 1 << i;
	}
	if (g->newkey && o->newkey)
	{
		/* two "update" operations of one row, each with a new key */
		for (i = 0; i < o->t->ncols; i++)
			if (g->newkey->has[i] &&
				(!o->newkey->has[i] ||
				 !fl_same(fx, &o->newkey->val[i], &g->newkey->val[i], o->t->cols[i])))
				return fl_err_path(fx, g->newkey->path[i], ORM_ERR_PARAM,
								   orm_sprintf(fx->a, "conflicting values for \"%s\" of %s",
											   o->t->cols[i]->attr ? o->t->cols[i]->attr :
											   o->t->cols[i]->name, o->cls->name));
	}
	else if (g->newkey)
		o->newkey = g->newkey;	/* only an "update" operation's own node has one */
	if (g->n > o->npath_given)
	{
		o->path = path;
		o->npath_given = g->n;
	}
	fl_register(fx, o, fresh);
	return 0;
}

/* child.col takes src.src_col once src is stored. */
static int
fl_set_fk(Flush *fx, FlObj *child, OrmColumn *col, FlObj *src, OrmColumn *src_col,
		  OrmRelationship *rel, bool post, const char *path)
{
	FlCol	   *c;

	child = fl_part(child, col->table);
	src = fl_part(src, src_col->table);
	c = &child->c[col->pos];

	if ((c->st == FLC_FK && (c->src != src || c->src_col != src_col)) ||
		c->st == FLC_NULLED)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "conflicting relationships set \"%s\" of %s",
									   col->attr ? col->attr : col->name, child->cls->name));
	c->st = FLC_FK;
	c->src = src;
	c->src_col = src_col;
	c->rel = rel;
	c->post = post;
	return 0;
}

static int
fl_set_null(Flush *fx, FlObj *o, OrmColumn *col, const char *path)
{
	FlCol	   *c;

	o = fl_part(o, col->table);
	c = &o->c[col->pos];

	if (c->st == FLC_FK)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "conflicting relationships set \"%s\" of %s",
									   col->attr ? col->attr : col->name, o->cls->name));
	c->st = FLC_NULLED;
	o->val[col->pos].kind = ORM_V_NULL;
	c->path = path;
	c->path_attr = false;
	return 0;
}

/*
 * o.rel now holds to, as the attribute (and its backref) would in Python:
 * a scalar is replaced, a collection appends (a member named twice is
 * walked once: the walk skips what it has ranked).
 */
static void
fl_adj_add(Flush *fx, FlObj *o, OrmRelationship *rel, FlObj *to)
{
	FlEdge	   *e;
	int			i;

	for (i = 0; i < o->adj.n && !rel->uselist; i++)
	{
		e = o->adj.items[i];
		if (e->rel == rel)
		{
			e->to = to;
			return;
		}
	}
	e = ORM_NEW(fx->a, FlEdge);
	e->rel = rel;
	e->to = to;
	fl_vec_push(fx->a, &o->adj, e, 2);
}

/* Records the relationship rel between owner and other as FK fills / rows. */
static int
fl_link(Flush *fx, OrmRelationship *rel, FlObj *owner, FlObj *other, const char *path)
{
	int			i;
	bool		post = fl_rel_post(rel);

	fl_adj_add(fx, owner, rel, other);
	if (rel->reverse)
		fl_adj_add(fx, fl_part(other, rel->reverse->owner->table), rel->reverse, owner);

	switch (rel->dir)
	{
		case ORM_REL_MANYTOONE:
			for (i = 0; i < rel->npairs; i++)
				if (fl_set_fk(fx, owner, rel->local_cols[i], other, rel->remote_cols[i], rel, post,
							  path) < 0)
					return -1;
			break;
		case ORM_REL_ONETOMANY:
			for (i = 0; i < rel->npairs; i++)
				if (fl_set_fk(fx, other, rel->remote_cols[i], owner, rel->local_cols[i], rel, post,
							  path) < 0)
					return -1;
			break;
		case ORM_REL_MANYTOMANY:
			if (!rel->secondary)
				return orm_err(fx->err, ORM_ERR_INTERNAL, "many-to-many without secondary");
			fl_assoc_add(fx, rel, owner, other);
			break;
	}
	return 0;
}

static FlColl *
fl_coll(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	FlColl	   *cl;
	int			i;

	for (i = 0; i < o->colls.n; i++)
	{
		cl = o->colls.items[i];
		if (cl->rel == rel)
			return cl;
	}
	cl = ORM_NEW(fx->a, FlColl);
	cl->rel = rel;
	fl_vec_push(fx->a, &o->colls, cl, 1);
	return cl;
}

static void
fl_m2m_given(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < o->m2m.n; i++)
		if (o->m2m.items[i] == rel)
			return;
	fl_vec_push(fx->a, &o->m2m, rel, 1);
}

static FlNode *fl_node(Flush *fx, OrmClass *cls, const JsonValue *data, const char *path,
					   int op, FlObj *forced, OrmRelationship *via, FlObj *via_obj);

/* One member (or the scalar value) of relationship rel of node. */
static int
fl_member(Flush *fx, FlNode *node, FlRelNode *rn, const JsonValue *v, const char *path,
		  FlObj *forced)
{
	OrmRelationship *rel = rn->rel;
	FlNode	   *child;

	if (v->kind != JSON_OBJECT)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "expected an object of %s", rel->target->name));
	(void) node;
	child = fl_node(fx, rel->target, v, path, rn->obj->op, forced, rel, rn->obj);
	if (!child)
		return -1;
	fl_vec_push(fx->a, &rn->items, child, rel->uselist ? 4 : 1);
	if (rel->dir == ORM_REL_ONETOMANY)
		fl_vec_push(fx->a, &fl_coll(fx, rn->obj, rel)->members, child->obj, 4);
	return fl_link(fx, rel, rn->obj, child->obj, path);
}

/* A relationship given as null: a scalar set to None. */
static int
fl_rel_null(Flush *fx, FlRelNode *rn, OrmRelationship *rel, const char *path)
{
	int			i;

	if (rel->uselist)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "collection \"%s\" of %s must be an array",
									   rel->name, rel->owner->name));
	if (rel->dir == ORM_REL_MANYTOONE)
		for (i = 0; i < rel->npairs; i++)
			if (fl_set_null(fx, rn->obj, rel->local_cols[i], path) < 0)
				return -1;
	if (rel->dir == ORM_REL_ONETOMANY)
		fl_coll(fx, rn->obj, rel);
	if (rel->dir == ORM_REL_MANYTOMANY)
		fl_m2m_given(fx, rn->obj, rel);
	return 0;
}

/*
 * A member of a keyed dict collection given under key k: the member object,
 * with the keying attribute set to k when it is absent (the key's text as an
 * integer for an integer attribute); a member whose attribute differs from
 * its key is an error (SQLAlchemy's dict would hold it under the wrong key).
 */
static const JsonValue *
fl_dict_member(Flush *fx, OrmRelationship *rel, const char *k, const JsonValue *m, const char *path)
{
	const char *attr = rel->dict_key;
	const OrmColumn *col = NULL;
	const JsonValue *have;
	JsonValue  *c;
	const char *had;

	for (const OrmClass *tc = rel->target; tc && !col; tc = tc->inherits)
		col = orm_class_attr(tc, attr);
	if (m->kind != JSON_OBJECT || !col)
		return m;				/* fl_member reports it */
	if ((have = json_get(m, attr)) != NULL)
	{
		had = have->kind == JSON_STRING || have->kind == JSON_NUMBER ?
			orm_strndup(fx->a, have->str, have->len) : have->kind == JSON_NULL ? "None" : NULL;
		if (!had || strcmp(had, k) != 0)
		{
			fl_err_path(fx, fl_path_key(fx, path, attr), ORM_ERR_PARAM,
						orm_sprintf(fx->a, "member of %s.%s under key \"%s\" has %s \"%s\"",
									rel->owner->name, rel->name, k, attr, had ? had : "another value"));
			return NULL;
		}
		return m;
	}
	c = json_new(fx->a, JSON_OBJECT);
	c->n = m->n + 1;
	c->items = ORM_NEWN(fx->a, JsonValue *, c->n);
	c->keys = ORM_NEWN(fx->a, const char *, c->n);
	c->keylens = ORM_NEWN(fx->a, size_t, c->n);
	for (int i = 0; i < m->n; i++)
	{
		c->items[i] = m->items[i];
		c->keys[i] = m->keys[i];
		c->keylens[i] = m->keylens[i];
	}
	c->keys[m->n] = attr;
	c->keylens[m->n] = strlen(attr);
	if ((col->type.kind == ORM_T_INTEGER || col->type.kind == ORM_T_BIGINT ||
		 col->type.kind == ORM_T_SMALLINT) && *k)
	{
		OrmError	e;
		JsonValue  *num;

		memset(&e, 0, sizeof(e));
		num = json_parse(fx->a, k, strlen(k), &e);

		if (!num || num->kind != JSON_NUMBER || !num->is_int)
		{
			fl_err_path(fx, path, ORM_ERR_PARAM,
						orm_sprintf(fx->a, "key \"%s\" of %s.%s is not an integer %s", k,
									rel->owner->name, rel->name, attr));
			return NULL;
		}
		c->items[m->n] = num;
	}
	else
		c->items[m->n] = json_new_string(fx->a, k, strlen(k));
	return c;
}

static int
fl_node_rel(Flush *fx, FlNode *node, OrmRelationship *rel, const JsonValue *v,
			const char *path, FlObj *forced)
{
	FlRelNode  *rn = ORM_NEW(fx->a, FlRelNode);
	int			i;

	rn->rel = rel;
	rn->obj = fl_part(node->obj, rel->owner->table);
	fl_vec_push(fx->a, &node->rels, rn, 2);
	if (rel->viewonly)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "relationship \"%s\" of %s is viewonly",
									   rel->name, rel->owner->name));
	if (v->kind == JSON_NULL)
	{
		rn->is_null = true;
		return fl_rel_null(fx, rn, rel, path);
	}
	if (rel->dir == ORM_REL_MANYTOMANY)
		fl_m2m_given(fx, rn->obj, rel);
	if (rel->dir == ORM_REL_ONETOMANY)
		fl_coll(fx, rn->obj, rel);
	if (!rel->uselist)
		return fl_member(fx, node, rn, v, path, forced);
	if (rel->dict_key && v->kind == JSON_OBJECT)
	{
		/* a keyed dict: {"key": member, ...} */
		for (i = 0; i < v->n; i++)
		{
			const char *kpath = fl_path_key(fx, path, v->keys[i]);
			const JsonValue *m = fl_dict_member(fx, rel, v->keys[i], v->items[i], kpath);

			if (!m || fl_member(fx, node, rn, m, kpath, NULL) < 0)
				return -1;
			orm_vec_push(fx->a, &rn->dict_keys, (void *) v->keys[i]);
		}
		return 0;
	}
	if (v->kind != JSON_ARRAY)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, rel->dict_key ? "collection \"%s\" of %s must be an object "
									   "(keyed by its members' %s) or an array" :
									   "collection \"%s\" of %s must be an array",
									   rel->name, rel->owner->name, rel->dict_key));
	for (i = 0; i < v->n; i++)
		if (fl_member(fx, node, rn, v->items[i], fl_path_idx(fx, path, i), NULL) < 0)
			return -1;
	return 0;
}

/*
 * Relationship members of data.  The scalar partner of the relationship the
 * node sits under (via) is the enclosing object itself.
 */
static int
fl_node_rels(Flush *fx, FlNode *node, const JsonValue *data, const char *path,
			 OrmRelationship *via, FlObj *via_obj, uint64_t colkeys, uint64_t relkeys)
{
	int			i;

	for (i = 0; i < data->n; i++)
	{
		OrmRelationship *rel;
		FlObj	   *forced = NULL;

		if (i < 64 && (colkeys >> i) & 1)
			continue;			/* a column attribute of the class (fl_given_data) */
		rel = fl_rel_up(node->obj->cls, data->keys[i]);
		if (!rel || (!(i < 64 && (relkeys >> i) & 1) && fl_attr_up(node->obj->cls, data->keys[i])))
			continue;
		if (via && via->reverse == rel && !rel->uselist)
		{
			if (data->items[i]->kind != JSON_OBJECT)
				return fl_err_path(fx, fl_path_key(fx, path, data->keys[i]), ORM_ERR_PARAM,
								   orm_sprintf(fx->a, "conflicting value for \"%s\" of %s",
											   rel->name, node->obj->cls->name));
			forced = via_obj;
		}
		if (fl_node_rel(fx, node, rel, data->items[i],
						fl_path_key(fx, path, data->keys[i]), forced) < 0)
			return -1;
	}
	return 0;
}

/*
 * Joined-table inheritance: the given values of the superclass's row of a
 * cls object, its attributes in data (not cls's own) and the primary key,
 * which the subclass's key columns (a foreign key to it) repeat.
 */
static FlGiven *
fl_given_base(Flush *fx, OrmClass *cls, const JsonValue *data, const char *path,
			  const FlGiven *g)
{
	OrmClass   *pc = fl_up(cls);
	FlGiven    *pg = fl_given_new(fx, pc->table);
	int			i;

	for (i = 0; data && data->kind == JSON_OBJECT && i < data->n; i++)
	{
		OrmColumn  *col = fl_attr_up(pc, data->keys[i]);
		const OrmComposite *comp = col ? NULL : orm_class_composite(pc, data->keys[i]);

		if (col && !fl_attr(cls, data->keys[i]) && col->table == pc->table &&
			fl_given_set(fx, pg, col, data->items[i],
						 fl_path_key(fx, path, data->keys[i]), false, false) < 0)
			return NULL;
		if (comp && fl_composite_given(fx, comp, data->items[i], fl_path_key(fx, path, data->keys[i]),
									   pc->table, pg) < 0)
			return NULL;
	}
	for (i = 0; i < cls->table->ncols; i++)
	{
		OrmColumn  *col = cls->table->cols[i];
		int			k;

		if (!g->has[i] || !col->primary_key || !col->fk || col->fk->ref_table != pc->table ||
			!col->fk->ref_col)
			continue;
		k = col->fk->ref_col->pos;
		if (!pg->has[k])
			pg->n++;
		pg->has[k] = true;
		pg->val[k] = g->val[i];
		pg->path[k] = fl_given_path(fx, g, cls->table, i);
		pg->path_attr[k] = false;
		pg->is_key[k] = g->is_key[i];
	}
	return pg;
}

/* The subclass row o's primary key columns take its base row's key. */
static int
fl_base_keys(Flush *fx, FlObj *o, FlObj *b, const char *path)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];

		if (!col->primary_key || !col->fk || col->fk->ref_table != b->t || !col->fk->ref_col ||
			o->c[i].st == FLC_GIVEN)
			continue;
		if (fl_set_fk(fx, o, col, b, col->fk->ref_col, NULL, false, path) < 0)
			return -1;
	}
	return 0;
}

/*
 * The base row (superclass's table) of o, a joined subclass row: found by
 * the given key or unique values, else new; its given values merged, and
 * so on up the hierarchy.
 */
static int
fl_node_base(Flush *fx, FlObj *o, const JsonValue *data, const char *path, int op,
			 FlGiven *pg)
{
	OrmClass   *pc = fl_up(o->cls);
	FlObj	   *b = o->base;
	FlGiven    *ppg = NULL;

	if (fl_joined(pc) && !(ppg = fl_given_base(fx, pc, data, path, pg)))
		return -1;
	if (!b)
	{
		if (fl_identify(fx, pc->table, pg))
			return fl_err_path(fx, path, ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "conflicting objects for one %s", o->cls->name));
		b = fl_obj_new(fx, pc, path, op);
		b->need_load = o->need_load;
		b->sub = o;
		o->base = b;
	}
	if (fl_merge(fx, b, pg, path) < 0 || fl_base_keys(fx, o, b, path) < 0)
		return -1;
	fl_given_release(fx, pg);
	return ppg ? fl_node_base(fx, b, data, path, op, ppg) : 0;
}

/*
 * A joined subclass object named by its superclass's values (a unique
 * column of the base table, say): the subclass row above the base row
 * found, when it is a cls.
 */
static FlObj *
fl_identify_joined(Flush *fx, OrmClass *cls, FlGiven *g, const JsonValue *data,
				   const char *path, bool *err)
{
	OrmClass   *c = cls;
	FlGiven    *cg = g;
	FlObj	   *o = NULL;
	int			depth = 0;

	*err = false;
	while (!o && fl_joined(c))
	{
		FlGiven    *pg = fl_given_base(fx, c, data, path, cg);

		if (!pg)
		{
			*err = true;
			return NULL;
		}
		if (cg != g)
			fl_given_release(fx, cg);
		c = fl_up(c);
		depth++;
		o = fl_identify(fx, c->table, pg);
		cg = pg;
	}
	if (cg != g)
		fl_given_release(fx, cg);
	for (; o && depth > 0; depth--)
		o = o->sub;
	if (o && o->cls != cls)
	{
		*err = true;
		fl_err_path(fx, path, ORM_ERR_PARAM,
					orm_sprintf(fx->a, "conflicting objects for one %s", cls->name));
		return NULL;
	}
	return o;
}

/* One object given as data: identify or create it, merge, then its relationships. */
static FlNode *
fl_node_given(Flush *fx, OrmClass *cls, const JsonValue *data, const char *path,
			  int op, FlGiven *g, FlObj *forced, OrmRelationship *via, FlObj *via_obj,
			  bool nested)
{
	FlNode	   *node = ORM_NEW(fx->a, FlNode);
	FlObj	   *o = fl_identify(fx, cls->table, g);
	FlObj	   *sw_del = NULL,
			   *sw_new = NULL;
	FlGiven    *pg = NULL;
	bool		bad;
	uint64_t	colkeys = g->colkeys,	/* g is released before the relationships */
				relkeys = g->relkeys;

	if (!o && fl_joined(cls))
	{
		o = fl_identify_joined(fx, cls, g, data, path, &bad);
		if (bad)
			return NULL;
	}
	if (forced)
	{
		FlObj	   *f = forced;

		while (f && f->cls != cls)
			f = f->sub;
		forced = f ? f : forced;
	}
	/* a primary key the enclosing object does not have names another row */
	if (forced && !o && fl_given_full_pk(cls->table, g) &&
		forced->c[cls->table->pk[0]->pos].st != FLC_GIVEN)
	{
		fl_err_path(fx, path, ORM_ERR_PARAM,
					orm_sprintf(fx->a, "conflicting objects for one %s", cls->name));
		return NULL;
	}
	if (forced && o && o != forced)
	{
		fl_err_path(fx, path, ORM_ERR_PARAM,
					orm_sprintf(fx->a, "conflicting objects for one %s", cls->name));
		return NULL;
	}
	if (forced)
		o = forced;

	/*
	 * A delete and an add (or a merge after the delete) of one row: the
	 * added object is new, the deleted one is the row (a row switch,
	 * settled once the deletes are known: fl_switch).  Nested objects
	 * with a key stay the row itself.
	 */
	if (o && !via && !forced)
	{
		if ((fx->cur_kind == FL_ADD || fx->cur_kind == FL_MERGE) && o->deleted &&
			o->must_exist && !o->switch_new)
			sw_del = o;
		else if (fx->cur_kind == FL_DELETE && o->fresh && o->switch_of)
			o = o->switch_of;	/* deleted again */
		else if (fx->cur_kind == FL_DELETE && o->fresh)
			sw_new = o;
		if ((sw_del || sw_new) && (fl_joined(cls) || o->base || o->sub || o->cls != cls))
		{
			fl_err_path(fx, path, ORM_ERR_UNSUPPORTED,
						orm_sprintf(fx->a, "deleting and adding one %s in one flush is not "
									"supported for joined-table inheritance", o->cls->name));
			return NULL;
		}
		if (sw_del || sw_new)
			o = NULL;
	}
	if (o && o->cls != cls)
	{
		fl_err_path(fx, path, ORM_ERR_PARAM,
					orm_sprintf(fx->a, "%s and %s share table %s",
								o->cls->name, cls->name, cls->table->name));
		return NULL;
	}
	if (!o)
	{
		o = fl_obj_new(fx, cls, path, op);
		o->need_load = nested && fl_given_full_pk(cls->table, g);
	}
	if (sw_del)
	{
		o->switch_of = sw_del;
		sw_del->switch_new = o;
		o->need_load = false;
		o->fresh = true;
	}
	if (sw_new)
	{
		sw_new->switch_of = o;
		o->switch_new = sw_new;
	}
	if (fl_joined(cls) && !(pg = fl_given_base(fx, cls, data, path, g)))
		return NULL;
	if (fl_merge(fx, o, g, path) < 0)
		return NULL;
	if (sw_del && fl_given_full_pk(o->t, g))	/* a later reference by this key is the new object */
		fl_hash_set(fx, fl_pk_key(fx, o->t, g->val), o);
	fl_given_release(fx, g);
	if (pg && fl_node_base(fx, o, data, path, op, pg) < 0)
		return NULL;
	node->obj = o;
	if (data && fl_node_rels(fx, node, data, path, via, via_obj, colkeys, relkeys) < 0)
		return NULL;
	return node;
}

static FlNode *
fl_node(Flush *fx, OrmClass *cls, const JsonValue *data, const char *path, int op,
		FlObj *forced, OrmRelationship *via, FlObj *via_obj)
{
	FlGiven    *g = fl_given_new(fx, cls->table);

	if (ORM_POLL(fx->ctx) < 0 || fl_given_data(fx, cls, data, path, g) < 0)	/* cancel: host.h */
		return NULL;
	return fl_node_given(fx, cls, data, path, op, g, forced, via, via_obj, true);
}

/* ---- operations ---------------------------------------------------------- */

static int
fl_op_kind(Flush *fx, const JsonValue *v, const char *path, FlOp *out)
{
	static const char *const names[] = {"add", "update", "merge", "delete"};
	int			i;

	if (!v || v->kind != JSON_STRING)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   "\"op\" must be one of add, update, merge, delete");
	for (i = 0; i < 4; i++)
		if (strcmp(v->str, names[i]) == 0)
		{
			*out = (FlOp) i;
			return 0;
		}
	return fl_err_path(fx, path, ORM_ERR_PARAM,
					   orm_sprintf(fx->a, "unknown op \"%s\"", v->str));
}

static int
fl_op_fields(Flush *fx, const JsonValue *opv, const char *path)
{
	int			i;

	for (i = 0; i < opv->n; i++)
	{
		const char *k = opv->keys[i];

		if (strcmp(k, "op") && strcmp(k, "entity") && strcmp(k, "data") && strcmp(k, "key"))
			return fl_err_path(fx, fl_path_key(fx, path, k), ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "unknown field \"%s\" in operation", k));
	}
	return 0;
}

/* update / delete: key (or the primary key in data) names an existing row. */
static FlNode *
fl_op_keyed(Flush *fx, OrmClass *cls, const JsonValue *key, const JsonValue *data,
			const char *path, int op, FlOp kind)
{
	FlGiven    *g = fl_given_new(fx, cls->table);
	const char *dpath = fl_path_key(fx, path, "data");
	FlNode	   *node;

	if (key && fl_given_key(fx, cls, key, fl_path_key(fx, path, "key"), g) < 0)
		return NULL;
	if (kind == FL_DELETE && data)
	{
		fl_err_path(fx, dpath, ORM_ERR_PARAM, "delete takes a key, not data");
		return NULL;
	}
	if (kind == FL_UPDATE && !data)
	{
		fl_err_path(fx, path, ORM_ERR_PARAM, "update needs \"data\"");
		return NULL;
	}
	if (data && fl_given_data(fx, cls, data, dpath, g) < 0)
		return NULL;
	if (g->newkey && fl_joined(cls))
	{
		int			i;

		for (i = 0; i < cls->table->ncols && !g->newkey->has[i]; i++)
			;
		fl_err_path(fx, g->newkey->path[i], ORM_ERR_UNSUPPORTED,
					"changing the primary key of a joined-inheritance object is not supported");
		return NULL;
	}
	if (!fl_given_full_pk(cls->table, g))
	{
		fl_err_path(fx, key ? fl_path_key(fx, path, "key") : path, ORM_ERR_PARAM,
					orm_sprintf(fx->a, "%s needs the full primary key of %s",
								kind == FL_DELETE ? "delete" : "update", cls->name));
		return NULL;
	}
	node = fl_node_given(fx, cls, data, dpath, op, g, NULL, NULL, NULL, false);
	if (!node)
		return NULL;
	{
		FlObj	   *o;

		for (o = node->obj; o; o = o->base)
		{
			o->path = path;		/* errors about the row name the operation */
			o->npath_given = 1 << 30;
			o->need_load = true;
			o->must_exist = true;
			if (kind == FL_DELETE && !o->deleted)
			{
				o->deleted = true;
				fx->ndeleted++;
			}
		}
	}
	return node;
}

static int
fl_op(Flush *fx, const JsonValue *opv, int i)
{
	const char *path = fl_path_idx(fx, "changes", i);
	const JsonValue *ent,
			   *data,
			   *key;
	OrmClass   *cls;
	FlOp		kind;
	FlNode	   *node;

	if (opv->kind != JSON_OBJECT)
		return fl_err_path(fx, path, ORM_ERR_PARAM, "operation must be an object");
	if (fl_op_fields(fx, opv, path) < 0 ||
		fl_op_kind(fx, json_get(opv, "op"), fl_path_key(fx, path, "op"), &kind) < 0)
		return -1;
	ent = json_get(opv, "entity");
	if (!ent || ent->kind != JSON_STRING)
		return fl_err_path(fx, fl_path_key(fx, path, "entity"), ORM_ERR_PARAM,
						   "\"entity\" must name a mapped class");
	cls = fl_class(fx->ctx->reg, ent->str);
	if (!cls)
		return orm_err_unknown(fx->err, ent->str, NULL),
			fl_err_path(fx, fl_path_key(fx, path, "entity"), ORM_ERR_UNKNOWN_ENTITY,
						orm_sprintf(fx->a, "unknown entity \"%s\"", ent->str));
	if (kind == FL_ADD && cls->polymorphic_abstract)
		return fl_err_path(fx, fl_path_key(fx, path, "entity"), ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "Can't instantiate class for Mapper[%s(%s)]; mapper "
									   "is marked polymorphic_abstract=True", cls->name,
									   cls->table ? cls->table->name : "?"));
	data = json_get(opv, "data");
	key = json_get(opv, "key");
	fx->cur_kind = kind;
	if (kind == FL_UPDATE || kind == FL_DELETE)
		node = fl_op_keyed(fx, cls, key, data, path, i, kind);
	else
	{
		if (key)
			return fl_err_path(fx, fl_path_key(fx, path, "key"), ORM_ERR_PARAM,
							   "add and merge take the primary key in data");
		int			before = fx->objs.n;

		/* merge looks a given primary key up (as a nested object does); add never */
		node = fl_node(fx, cls, data, fl_path_key(fx, path, "data"), i, NULL, NULL, NULL);
		if (node && kind == FL_ADD && node->obj->seq >= before)
		{
			FlObj	   *o;

			for (o = node->obj; o; o = o->base)
			{
				o->need_load = false;
				o->fresh = true;
			}
		}
	}
	if (!node)
		return -1;
	fx->roots[i] = node;
	if (kind == FL_DELETE)
		fx->del_roots[i] = node->obj;
	return 0;
}

/* ---- stage 1b: insert order ---------------------------------------------- */

/*
 * SQLAlchemy inserts a table's new rows in the order they entered the
 * session (InstanceState.insert_order): session.add(obj) takes obj, then
 * walks the "save-update" cascade depth first, pre-order, relationships in
 * mapper (declaration) order, each collection in its order, not walking
 * through objects already in the session.  The same walk over the links of
 * stage 1 (in the order they were made, backrefs included) ranks our new
 * objects, so generated keys come out as SQLAlchemy's would.
 */
typedef struct FlWalk			/* a DFS frame: next relationship and edge of o */
{
	FlObj	   *o;
	int			ri;
	int			ei;
} FlWalk;

static void
fl_rank(Flush *fx, FlObj *o)
{
	FlObj	   *b;

	orm_vec_push(fx->a, &fx->ranked, o);
	o->rank = fx->ranked.n;
	for (b = o->base; b; b = b->base)	/* joined: one object, one rank per table */
		if (!b->rank)
		{
			orm_vec_push(fx->a, &fx->ranked, b);
			b->rank = fx->ranked.n;
		}
}

/* The next unranked object w's walk reaches, advancing w; NULL when done. */
static FlObj *
fl_walk_next(FlWalk *w)
{
	const OrmClass *cls = w->o->cls;
	int			nrels = fl_row_nrels(cls);

	for (; w->ri < nrels; w->ri++, w->ei = 0)
	{
		OrmRelationship *rel = fl_row_rel(cls, w->ri);

		if (rel->viewonly || !(rel->cascade & ORM_CASCADE_SAVE_UPDATE))
			continue;
		while (w->ei < w->o->adj.n)
		{
			FlEdge	   *e = w->o->adj.items[w->ei++];

			if (e->rel == rel && !e->to->rank)
				return e->to;
		}
	}
	return NULL;
}

/*
 * session.add(root): root (again, when an earlier operation reached it: the
 * members linked to it since join the session now, as SQLAlchemy's
 * collection events cascade them) and what it reaches.
 */
/* Pushes a frame for o at depth (the stack grows by doubling). */
static void
fl_walk_push(Flush *fx, int depth, FlObj *o)
{
	if (depth >= fx->walk_cap)
	{
		int			ncap = fx->walk_cap ? fx->walk_cap * 2 : 64;

		fx->walk = orm_realloc(fx->a, fx->walk, sizeof(FlWalk) * fx->walk_cap,
							   sizeof(FlWalk) * ncap);
		fx->walk_cap = ncap;
	}
	fx->walk[depth].o = o;
	fx->walk[depth].ri = fx->walk[depth].ei = 0;
}

static void
fl_walk(Flush *fx, FlObj *root)
{
	int			depth = 0;
	FlObj	   *b;

	root = fl_bottom(root);
	if (!root->rank)
		fl_rank(fx, root);
	fl_walk_push(fx, 0, root);
	for (b = root->base; b; b = b->base)	/* the superclass's relationships first */
		fl_walk_push(fx, ++depth, b);
	while (depth >= 0)
	{
		FlObj	   *next = fl_walk_next(&fx->walk[depth]);

		if (!next)
		{
			depth--;
			continue;
		}
		next = fl_bottom(next);
		if (next->rank)
			continue;
		fl_rank(fx, next);

		/*
		 * A nested object given by its key (need_load: perhaps a stored row)
		 * is walked too: the new objects under it were given in this
		 * operation, and SQLAlchemy's collection events put them in the
		 * session as they are attached, before later operations' objects.
		 */
		fl_walk_push(fx, ++depth, next);
		for (b = next->base; b; b = b->base)
			fl_walk_push(fx, ++depth, b);
	}
}

/* Objects no operation's walk reached (no save-update cascade to them), last. */
static void
fl_rank_rest(Flush *fx)
{
	int			i;

	for (i = 0; i < fx->objs.n; i++)
		if (!((FlObj *) fx->objs.items[i])->rank)
			fl_walk(fx, fx->objs.items[i]);
}

/* ---- stage 1: the entry -------------------------------------------------- */

/*
 * Stage 1 over the whole changes array: each operation organized, its
 * table reported in the counts, its objects ranked by the walk (a delete
 * ranks nothing), then the objects no walk reached.
 */
int
fl_organize(Flush *fx, const JsonValue *changes)
{
	int			i;

	if (!changes || changes->kind != JSON_ARRAY)
		return fl_err_path(fx, "changes", ORM_ERR_PARAM, "changes must be a JSON array");
	for (i = 0; i < changes->n; i++)
		if (fl_organize_op(fx, changes->items[i], i) < 0)
			return -1;
	fl_organize_end(fx);
	return 0;
}

/*
 * Operation i of the changes (the operations come in order, from 0): its
 * objects, then their insert order.  Nothing made keeps a pointer into
 * opv, so the caller may free it after (flush.c, fl_organize_text).
 */
int
fl_organize_op(Flush *fx, const JsonValue *opv, int i)
{
	if (i >= fx->ops_cap)
	{
		int			ncap = fx->ops_cap ? fx->ops_cap * 2 : 64;

		fx->roots = orm_realloc(fx->a, fx->roots, sizeof(FlNode *) * (size_t) fx->ops_cap,
								sizeof(FlNode *) * (size_t) ncap);
		fx->del_roots = orm_realloc(fx->a, fx->del_roots, sizeof(FlObj *) * (size_t) fx->ops_cap,
									sizeof(FlObj *) * (size_t) ncap);
		fx->ops_cap = ncap;
	}
	fx->nops = i + 1;
	if (fl_op(fx, opv, i) < 0)
		return -1;
	fl_tab(fx, fx->roots[i]->obj->t)->report = true;
	if (!fx->del_roots[i])
		fl_walk(fx, fx->roots[i]->obj);
	return 0;
}

/* After the last operation: the objects no operation's walk ranked. */
void
fl_organize_end(Flush *fx)
{
	fl_rank_rest(fx);
}
