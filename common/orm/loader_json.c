/*
 * loader_json.c -- stage 4 of a load (loader.c's header): the objects of a
 * select as the JSON object graph of docs/reference.md "Results and values",
 * and the rows of other statements as objects keyed by Row._fields.
 *
 * Owns: the text of an object (its loaded attributes in mapper order, then
 * its loaded relationships in declaration order; an object met again inside
 * itself written with its columns only), keyed dict collections, and rows.
 * Assumes: loader.c has loaded every relationship it writes and sorted the
 * collections joined loads filled.  Must not: run SQL or change an object.
 */
#include <string.h>

#include "orm/loader_ld.h"
#include "orm/result.h"
#include "sql/entity.h"
#include "sql/values.h"

#define LD_MAXNEST		1000	/* JSON nesting limit */

/* The columns an entity item without a plan (a compound's) spans in the row. */
int
ld_entity_width(Ld *ld, SxFrom *f)
{
	OrmColumn **cols;

	return sx_entity_cols(ld->a, f, f->cls, &cols);
}

/* A keyed dict member's key: its attribute as Python's str() writes it ("a", "5", "None"). */
static const char *
ld_dict_key(Ld *ld, const LdObj *o, const char *key)
{
	const OrmClass *cls = o->ci->cls;
	const char *t;
	OrmBuf		b;

	orm_buf_init(&b, ld->a);
	for (int i = 0; i < cls->nprops && b.len == 0; i++)
		if (strcmp(cls->props[i].key, key) == 0 && ld_shown(o, cls->props[i].slot))
			orm_value_to_json(&b, ld->ctx->dialect, &o->vals[cls->props[i].slot],
							  &cls->props[i].cols[0]->type);
	t = b.len > 0 ? orm_buf_cstr(&b) : "null";
	if (t[0] == '"')
		return t;
	return strcmp(t, "null") == 0 ? "\"None\"" : strcmp(t, "true") == 0 ? "\"True\"" :
		strcmp(t, "false") == 0 ? "\"False\"" : orm_sprintf(ld->a, "\"%s\"", t);
}

/*
 * collection_class=attribute_keyed_dict("k"): an object keyed by each member's
 * k; a key met again keeps its place and takes the later member, as a dict
 * filled in load order does (keys found through an open-addressing table).
 */
static int
ld_write_dict(Ld *ld, OrmBuf *out, const LdRel *slot, const OrmRelationship *rel, int depth)
{
	int			n = slot->n,
				cap = 16,
				k = 0;
	const char **keys = ORM_NEWN(ld->a, const char *, n + 1);
	int		   *last = ORM_NEWN(ld->a, int, n + 1);
	int		   *tab;

	while (cap < 2 * n)
		cap <<= 1;
	tab = ORM_NEWN(ld->a, int, cap);
	memset(tab, 0xff, sizeof(int) * (size_t) cap);	/* -1: empty */
	for (int i = 0; i < n; i++)
	{
		const char *key = keys[i] = ld_dict_key(ld, slot->items[i], rel->dict_key);
		size_t		p = (size_t) orm_hash_str(key, strlen(key)) & (size_t) (cap - 1);

		while (tab[p] >= 0 && strcmp(keys[tab[p]], keys[i]) != 0)
			p = (p + 1) & (size_t) (cap - 1);
		last[i] = tab[p] < 0 ? i : -1;
		if (tab[p] < 0)
			tab[p] = i;
		else
			last[tab[p]] = i;
	}
	orm_buf_putc(out, '{');
	for (int i = 0; i < n; i++)
	{
		if (last[i] < 0)
			continue;
		orm_buf_printf(out, "%s%s:", k++ ? "," : "", keys[i]);
		if (ld_write_obj(ld, out, slot->items[last[i]], depth + 1) < 0)
			return -1;
	}
	orm_buf_putc(out, '}');
	return 0;
}

static int
ld_write_rel(Ld *ld, OrmBuf *out, const LdRel *slot, const OrmRelationship *rel, int depth)
{
	if (rel->dict_key)
		return ld_write_dict(ld, out, slot, rel, depth);
	if (!rel->uselist)
	{
		if (!slot->one)
		{
			orm_buf_puts(out, "null");
			return 0;
		}
		return ld_write_obj(ld, out, slot->one, depth + 1);
	}
	orm_buf_putc(out, '[');
	for (int i = 0; i < slot->n; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		if (ld_write_obj(ld, out, slot->items[i], depth + 1) < 0)
			return -1;
	}
	orm_buf_putc(out, ']');
	return 0;
}

/*
 * The attributes of its class it loaded, in mapper order (expression
 * attributes, then columns; one not loaded is absent), then its loaded
 * relationships (unless o is its own ancestor).
 */
int
ld_write_obj(Ld *ld, OrmBuf *out, LdObj *o, int depth)
{
	const OrmClass *cls = o->ci->cls;
	const LdKey *keys = o->ci->attr_keys;
	bool		first = true;

	if (depth > LD_MAXNEST)
		return orm_err(ld->ctx->err, ORM_ERR_UNSUPPORTED,
					   "result nests deeper than %d objects", LD_MAXNEST);
	if (ORM_POLL(ld->ctx) < 0)
		return -1;
	orm_buf_putc(out, '{');
	for (int i = 0; i < cls->nxattrs; i++)
	{
		int			slot = o->ci->xslot[i];
		const LdKey *k = &o->ci->xattr_keys[i];

		if (!ld_shown(o, slot))
			continue;
		if (orm_value_check_read(&o->vals[slot], o->ci->base->xtypes[slot - o->ci->base->cls->nslots],
								 ld->ctx->err) < 0)
			return -1;
		orm_buf_put(out, k->text + first, k->len - first);
		first = false;
		orm_value_to_json(out, ld->ctx->dialect, &o->vals[slot],
						  o->ci->base->xtypes[slot - o->ci->base->cls->nslots]);
	}
	for (int i = 0; i < cls->nprops; i++)
	{
		int			slot = cls->props[i].slot;

		if (!ld_shown(o, slot))
			continue;			/* not loaded: absent (docs/reference.md) */
		if (orm_value_check_read(&o->vals[slot], &cls->props[i].cols[0]->type, ld->ctx->err) < 0)
			return -1;		/* an unknown enum string: SQLAlchemy's LookupError */
		orm_buf_put(out, keys[i].text + first, keys[i].len - first);
		first = false;
		orm_value_to_json(out, ld->ctx->dialect, &o->vals[slot], &cls->props[i].cols[0]->type);
	}
	if (o->rels && !o->on_stack)
	{
		o->on_stack = true;
		for (int r = 0; r < cls->nallrels; r++)
		{
			const OrmRelationship *rel = cls->allrels[r];

			if (!o->rels[rel->slot].loaded)
				continue;
			orm_buf_put(out, o->ci->rel_keys[r].text + first, o->ci->rel_keys[r].len - first);
			first = false;
			if (ld_write_rel(ld, out, &o->rels[rel->slot], rel, depth) < 0)
				return -1;
		}
		o->on_stack = false;
	}
	orm_buf_putc(out, '}');
	return 0;
}

/* The type an expression item's values are formatted by. */
static const OrmType *
ld_item_type(const SxItem *it)
{
	const SxExpr *e = it->expr;

	while (e && !e->type && (e->kind == SX_LABEL || e->kind == SX_TYPE_COERCE) && e->left)
	{
		if (e->kind == SX_TYPE_COERCE && e->cast_type)
			return e->cast_type;
		e = e->left;
	}
	if (e && e->type && e->type->kind != ORM_T_UNKNOWN)
		return e->type;
	return NULL;
}

/*
 * A single-entity statement: the unique objects, first-seen order; a row
 * without the entity (outer join) is one null, where it was first seen
 * (null_pos objects before it; -1: none).
 */
int
ld_write_unique(Ld *ld, OrmBuf *out, LdObj **objs, int n, int null_pos)
{
	orm_buf_putc(out, '[');
	for (int i = 0; i <= n; i++)
	{
		if (i == null_pos)
			orm_buf_puts(out, i > 0 ? ",null" : "null");
		if (i == n)
			break;
		if (i > 0 || null_pos == 0)
			orm_buf_putc(out, ',');
		if (ld_write_obj(ld, out, objs[i], 0) < 0)
			return -1;
	}
	orm_buf_putc(out, ']');
	return 0;
}

/*
 * An entity of a compound select (select(User).union(...)): SQLAlchemy
 * returns its columns, keyed by column name (a compound is Core's), not an
 * object.
 */
static void
ld_write_entity_cols(Ld *ld, OrmBuf *out, SxFrom *f, const OrmValue *vals)
{
	OrmColumn **cols;
	int			n = sx_entity_cols(ld->a, f, f->cls, &cols);

	for (int a = 0; a < n; a++)
	{
		const OrmColumn *col = cols[a];
		const char *key = col->name;

		if (a)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, key, strlen(key));
		orm_buf_putc(out, ':');
		orm_value_to_json(out, ld->ctx->dialect, &vals[a], &col->type);
	}
}

/* A Bundle's columns (consecutive in the row) as an object by their keys. */
static void
ld_write_bundle(Ld *ld, OrmBuf *out, const SxExpr *b, const OrmValue *vals)
{
	int			nout = 0;

	orm_buf_putc(out, '{');
	for (int k = 0; k < b->nargs; k++)
	{
		const SxExpr *a = b->args[k];
		const SxItem it = {.expr = a->left};

		if (!a->name[0])
			continue;			/* unnamed: not in the bundle's Row._fields */
		if (nout++)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, a->name, strlen(a->name));
		orm_buf_putc(out, ':');
		orm_value_to_json(out, ld->ctx->dialect, &vals[k], ld_item_type(&it));
	}
	orm_buf_putc(out, '}');
}

/*
 * The type a row item's value is written by: its expression's, except a text
 * value PostgreSQL returns for a JSON-typed expression (settings.op("->>")(
 * "days"): text, not json), which psycopg2 hands to SQLAlchemy as a str that
 * its JSON type passes through ("30", not 30).
 */
static const OrmType *
ld_value_type(Ld *ld, const OrmValue *v, const OrmType *t)
{
	if (t && (t->kind == ORM_T_JSON || t->kind == ORM_T_JSONB) && v->kind == ORM_V_TEXT &&
		ld->ctx->dialect->has_pg_operators &&
		!(t->pg_variant && (t->pg_variant->kind == ORM_T_STRING || t->pg_variant->kind == ORM_T_TEXT)))
		return NULL;			/* (JSON kept in a text column -- JSONEncodedDict -- is parsed) */
	return t;
}

/* Item i of one row: an entity's object (or null), a Bundle's object, a value. */
static int
ld_write_item(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
			  const OrmValue *row, LdObj **objs, int i)
{
	const SxItem *it = i < sel->items.n ? sel->items.items[i] : NULL;

	if (it && it->expr && it->expr->kind != SX_BUNDLE && !(i < ld->nroots && ld->roots[i]) &&
		orm_value_check_read(&row[comp->item_offset[i]], ld_item_type(it), ld->ctx->err) < 0)
		return -1;
	if (i < ld->nroots && ld->roots[i])
	{
		if (!objs || !objs[i])
			orm_buf_puts(out, "null");
		else if (ld_write_obj(ld, out, objs[i], 0) < 0)
			return -1;
	}
	else if (it && it->expr && it->expr->kind == SX_BUNDLE)
		ld_write_bundle(ld, out, it->expr, &row[comp->item_offset[i]]);
	else
		orm_value_to_json(out, ld->ctx->dialect, &row[comp->item_offset[i]],
						  ld_value_type(ld, &row[comp->item_offset[i]], it ? ld_item_type(it) : NULL));
	return 0;
}

/* Is item i a compound select's entity (written as its columns)? */
static bool
ld_compound_entity(const SxSelect *sel, int i)
{
	const SxItem *it = i < sel->items.n ? sel->items.items[i] : NULL;

	return sel->compound != SXC_NONE && it && it->expr && it->expr->kind == SX_ENTITY &&
		it->expr->from->cls;
}

/*
 * One row of any other statement: a JSON object keyed by Row._fields; of
 * its items cols[0..ncols-1] only when cols is not NULL (Result.columns()).
 */
static int
ld_write_row(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
			 const OrmValue *row, LdObj **objs, const int *cols, int ncols)
{
	orm_buf_putc(out, '{');
	for (int c = 0, nout = 0; c < (cols ? ncols : comp->nitems); c++)
	{
		int			i = cols ? cols[c] : c;
		const char *key = comp->item_keys ? comp->item_keys[i] : "";
		const SxItem *it = i < sel->items.n ? sel->items.items[i] : NULL;

		if (ld_compound_entity(sel, i))
		{
			/* a compound's entity is its columns, whatever its name */
			if (nout++ && ld_entity_width(ld, it->expr->from) > 0)
				orm_buf_putc(out, ',');
			ld_write_entity_cols(ld, out, it->expr->from, &row[comp->item_offset[i]]);
			continue;
		}
		if (!key)
			continue;			/* not in Row._fields (an unnamed alias) */
		if (nout++)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, key, strlen(key));
		orm_buf_putc(out, ':');
		if (ld_write_item(ld, out, sel, comp, row, objs, i) < 0)
			return -1;
	}
	orm_buf_putc(out, '}');
	return 0;
}

/* comp with the engine's names for text() items (Row._fields takes the driver's name). */
static const OrmCompiled *
ld_named(Ld *ld, const OrmCompiled *comp, const OrmRows *rows, OrmCompiled *named)
{
	for (int i = 0; i < comp->nitems && rows->colnames; i++)
		if (comp->item_keys && comp->item_keys[i] == ORM_KEY_DRIVER &&
			comp->item_offset[i] < rows->ncols)
		{
			if (comp != named)
			{
				*named = *comp;
				named->item_keys = ORM_NEWN(ld->a, const char *, comp->nitems + 1);
				memcpy(named->item_keys, comp->item_keys, sizeof(char *) * (size_t) comp->nitems);
				comp = named;
			}
			named->item_keys[i] = rows->colnames[comp->item_offset[i]];
		}
	return comp;
}

/* Any other statement: one JSON object per row. */
int
ld_write_rows(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
			  const OrmRows *rows, LdObj **rowobjs)
{
	OrmCompiled named;

	comp = ld_named(ld, comp, rows, &named);
	orm_buf_putc(out, '[');
	for (int r = 0; r < rows->nrows; r++)
	{
		if (ORM_POLL(ld->ctx) < 0)
			return -1;
		if (r)
			orm_buf_putc(out, ',');
		if (ld_write_row(ld, out, sel, comp, ORM_ROW(rows, r),
						 rowobjs ? &rowobjs[(size_t) r * comp->nitems] : NULL, NULL, 0) < 0)
			return -1;
	}
	orm_buf_putc(out, ']');
	return 0;
}

/*
 * A statement with a result shape (orm/result.h): one element per row --
 * the row, its columns() only, or one item's value (scalars()) -- then
 * result.c cuts the array to what the terminal method returns (joined: a
 * root joins a collection, which only first() and scalar() allow without unique()).
 */
int
ld_write_shaped(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
				const OrmRows *rows, LdObj **rowobjs, const OrmShape *sh, bool joined)
{
	OrmCompiled named;
	size_t		base = out->len;
	size_t	   *starts = ORM_NEWN(ld->a, size_t, rows->nrows + 1);
	size_t	   *lens = ORM_NEWN(ld->a, size_t, rows->nrows + 1);
	int		   *cols = NULL;

	comp = ld_named(ld, comp, rows, &named);
	if (sh->legacy_keys && comp->item_keys)
	{
		/* a legacy Query's Row._fields: no key for an unlabeled expression, one
		 * for two items of one name (the row as a dict: the last value) */
		const char **keys = ORM_NEWN(ld->a, const char *, comp->nitems + 1);

		for (int i = 0; i < comp->nitems; i++)
			keys[i] = comp->item_keys[i];
		sx_legacy_keys(sel, keys, comp->nitems, true);
		if (comp != &named)
			named = *comp;
		named.item_keys = keys;
		comp = &named;
	}
	if (sh->ncols > 0)
	{
		cols = ORM_NEWN(ld->a, int, sh->ncols);
		for (int k = 0; k < sh->ncols; k++)
			if ((cols[k] = orm_shape_col(ld->ctx->err, sh, k, comp->item_keys, comp->nitems)) < 0)
				return -1;
	}
	if (sh->scalars && (sh->scalar_col < 0 || sh->scalar_col >= (cols ? sh->ncols : comp->nitems)))
		return orm_err_at(ld->ctx->err, ORM_ERR_QUERY, sh->line, sh->col,
						  "list index out of range");
	orm_buf_putc(out, '[');
	for (int r = 0; r < rows->nrows; r++)
	{
		const OrmValue *row = ORM_ROW(rows, r);
		LdObj	  **objs = rowobjs ? &rowobjs[(size_t) r * comp->nitems] : NULL;

		if (ORM_POLL(ld->ctx) < 0)
			return -1;
		if (r)
			orm_buf_putc(out, ',');
		starts[r] = out->len;
		if (sh->scalars)
		{
			int			i = cols ? cols[sh->scalar_col] : sh->scalar_col;

			if (ld_compound_entity(sel, i))
			{
				orm_buf_putc(out, '{');
				ld_write_entity_cols(ld, out, ((SxItem *) sel->items.items[i])->expr->from,
									 &row[comp->item_offset[i]]);
				orm_buf_putc(out, '}');
			}
			else if (ld_write_item(ld, out, sel, comp, row, objs, i) < 0)
				return -1;
		}
		else if (ld_write_row(ld, out, sel, comp, row, objs, cols, sh->ncols) < 0)
			return -1;
		lens[r] = out->len - starts[r];
	}
	orm_buf_putc(out, ']');
	return orm_shape_finish(ld->ctx->err, sh, out, base, starts, lens, rows->nrows, joined);
}
