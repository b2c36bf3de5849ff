/*
 * inherit.c -- the mapper SQLAlchemy builds for each class of an
 * inheritance hierarchy: what a class's objects hold, derived once the
 * registry is resolved (orm_registry_inherit, run by orm_registry_resolve).
 *
 * Owns: OrmClass's mapper fields (registry.h) -- props (column attributes,
 * inherited ones included, in mapper order), allrels (relationships, its own
 * then the inherited), the hierarchy's attribute and relationship slots,
 * the subclass lists, a joined subclass's inherit condition and the
 * with_polymorphic classes of its queries -- and the read-only lookups over
 * them (orm_class_prop, orm_class_allrel, orm_class_chain ...).
 *
 * SQLAlchemy's order (mapper.py, _configure_properties), which the JSON of
 * an object follows: a subclass's mapper first takes its superclass's
 * properties in their order, then maps the columns of its persist
 * selectable (the superclasses' tables, then its own) that are not mapped
 * yet, in table order; a column of a key the subclass already has joins that
 * property (the subclass's own column first: Manager.id is manager.id,
 * employee.id).  A column whose attribute key differs from its name is an
 * "explicit" property to declarative: it takes the place of the inherited
 * column it repeats in that walk.  Relationships: the subclass's own
 * (declared), then the inherited ones, then those backrefs gave it.
 *
 *   Employee: id name type company_id          company
 *   Manager:  id name type company_id manager_name   paperwork company
 *
 * Slots: the root's attributes are slots 0..n-1; an inherited attribute
 * keeps its slot in every subclass, a new one takes the next free slot of
 * the hierarchy; every mapped column knows its attribute's slot.  The
 * loader keeps an object's values by slot, so an object of any class of a
 * hierarchy (loaded as a Manager through an Employee query) has its
 * attributes at fixed places.
 *
 * Never touches SQL, hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

#define INH_MAX_DEPTH	100		/* DECL_MAX_HIERARCHY bounds declarations */

/* ---- lookups ------------------------------------------------------------- */

bool
orm_joined_sub(const OrmClass *cls)
{
	return cls && cls->inherits && cls->inherits->table != cls->table;
}

bool
orm_class_multi(const OrmClass *cls)
{
	for (const OrmClass *k = cls ? cls->inherits : NULL; k; k = k->inherits)
		if (k->table != cls->table)
			return true;
	return false;
}

bool
orm_class_isa(const OrmClass *cls, const OrmClass *sup)
{
	for (int depth = 0; cls && depth <= INH_MAX_DEPTH; cls = cls->inherits, depth++)
		if (cls == sup)
			return true;
	return false;
}

const OrmProp *
orm_class_prop(const OrmClass *cls, const char *key)
{
	if (!cls || !key)
		return NULL;
	for (int i = 0; i < cls->nprops; i++)
		if (strcmp(cls->props[i].key, key) == 0)
			return &cls->props[i];
	return NULL;
}

const OrmProp *
orm_class_prop_of(const OrmClass *cls, const OrmColumn *col)
{
	if (!cls || !col)
		return NULL;
	for (int i = 0; i < cls->nprops; i++)
		for (int k = 0; k < cls->props[i].ncols; k++)
			if (cls->props[i].cols[k] == col)
				return &cls->props[i];
	return NULL;
}

OrmRelationship *
orm_class_allrel(const OrmClass *cls, const char *name)
{
	if (!cls || !name)
		return NULL;
	for (int i = 0; i < cls->nallrels; i++)
		if (strcmp(cls->allrels[i]->name, name) == 0)
			return cls->allrels[i];
	return NULL;
}

void
orm_class_chain(const OrmClass *cls, OrmArena *a, OrmPtrVec *out)
{
	const OrmClass *up[INH_MAX_DEPTH + 1];
	int			n = 0;

	out->n = 0;
	for (const OrmClass *k = cls; k && n <= INH_MAX_DEPTH; k = k->inherits)
		if (n == 0 || up[n - 1]->table != k->table)
			up[n++] = k;
		else
			up[n - 1] = k;		/* single-table: the class that declared the table */
	while (n > 0)
		orm_vec_push(a, out, (void *) up[--n]);
}

/* ---- building ------------------------------------------------------------ */

typedef struct InhCtx
{
	OrmRegistry *reg;
	OrmArena   *a;
	OrmError   *err;
	OrmPtrVec	done;			/* OrmClass* derived so far */
} InhCtx;

static const char *
inh_key(const OrmColumn *c)
{
	return c->attr ? c->attr : c->name;
}

static int
inh_find(OrmPtrVec *props, const char *key)
{
	for (int i = 0; i < props->n; i++)
		if (strcmp(((OrmProp *) props->items[i])->key, key) == 0)
			return i;
	return -1;
}

static bool
inh_mapped(OrmPtrVec *props, const OrmColumn *c)
{
	for (int i = 0; i < props->n; i++)
	{
		const OrmProp *p = props->items[i];

		for (int k = 0; k < p->ncols; k++)
			if (p->cols[k] == c)
				return true;
	}
	return false;
}

static OrmProp *
inh_new_prop(InhCtx *ic, OrmClass *owner, const char *key, OrmColumn *c)
{
	OrmProp    *p = ORM_NEW(ic->a, OrmProp);

	p->key = key;
	p->ncols = 1;
	p->cols = ORM_NEWN(ic->a, OrmColumn *, 1);
	p->cols[0] = c;
	p->owner = owner;
	p->slot = owner->base->nslots++;
	return p;
}

/* A new property of owner: column c first, then the columns of q (same key). */
static OrmProp *
inh_merged(InhCtx *ic, OrmClass *owner, const OrmProp *q, OrmColumn *c)
{
	OrmProp    *p = ORM_NEW(ic->a, OrmProp);

	p->key = q->key;
	p->ncols = q->ncols + 1;
	p->cols = ORM_NEWN(ic->a, OrmColumn *, p->ncols);
	p->cols[0] = c;
	memcpy(p->cols + 1, q->cols, sizeof(OrmColumn *) * (size_t) q->ncols);
	p->owner = owner;
	p->slot = q->slot;
	return p;
}

/* Is column c mapped by a superclass of cls (a sibling's single-table column is not)? */
static bool
inh_up_mapped(const OrmClass *cls, const OrmColumn *c)
{
	for (const OrmClass *k = cls->inherits; k; k = k->inherits)
		if (orm_class_prop_of(k, c))
			return true;
	return false;
}

/* The column attributes of a joined subclass (mapper.py's three steps, file comment). */
static void
inh_joined_props(InhCtx *ic, OrmClass *cls, OrmPtrVec *props)
{
	OrmClass   *p = cls->inherits;
	OrmPtrVec	chain = {0};

	/* step 2: the superclass's properties, but those an explicit column of
	 * ours repeats (attribute key other than its column name) */
	for (int i = 0; i < p->nprops; i++)
	{
		OrmColumn  *own = NULL;

		for (int k = 0; k < cls->nattrs && !own; k++)
			if (cls->attrs[k]->attr && strcmp(cls->attrs[k]->attr, cls->attrs[k]->name) != 0 &&
				strcmp(cls->attrs[k]->attr, p->props[i].key) == 0)
				own = cls->attrs[k];
		if (!own)
			orm_vec_push(ic->a, props, &p->props[i]);
	}
	/* step 3: the columns of the persist selectable, root table first */
	orm_class_chain(cls, ic->a, &chain);
	for (int t = 0; t < chain.n; t++)
	{
		const OrmClass *tc = chain.items[t];
		OrmTable   *tab = tc->table;
		bool		mine = tab == cls->table;

		for (int k = 0; k < tab->ncols; k++)
		{
			OrmColumn  *c = tab->cols[k];
			const char *key;
			int			at;

			if (inh_mapped(props, c))
				continue;
			if (mine)
			{
				bool		attr = false;

				for (int j = 0; j < cls->nattrs && !attr; j++)
					attr = cls->attrs[j] == c;
				if (!attr)
					continue;
			}
			else if (!inh_up_mapped(cls, c))
				continue;		/* a single-table sibling's column of a superclass table */
			key = mine ? inh_key(c) : NULL;
			if (!key)
			{
				const OrmProp *q = NULL;

				for (const OrmClass *k2 = cls->inherits; k2 && !q; k2 = k2->inherits)
					q = orm_class_prop_of(k2, c);
				key = q ? q->key : inh_key(c);
			}
			at = inh_find(props, key);
			if (at >= 0)
				props->items[at] = inh_merged(ic, cls, props->items[at], c);
			else
			{
				/* a superclass column an explicit column of ours repeats: the
				 * superclass's slot; else a new attribute */
				const OrmProp *q = NULL;

				for (const OrmClass *k2 = cls->inherits; k2 && !q; k2 = k2->inherits)
					q = orm_class_prop_of(k2, c);
				if (!mine && q && strcmp(q->key, key) == 0)
				{
					OrmProp    *np = ORM_NEW(ic->a, OrmProp);

					*np = *q;
					orm_vec_push(ic->a, props, np);
				}
				else
					orm_vec_push(ic->a, props, inh_new_prop(ic, cls, key, c));
			}
		}
	}
}

static void
inh_props(InhCtx *ic, OrmClass *cls)
{
	OrmPtrVec	props = {0};
	OrmClass   *p = cls->inherits;

	if (!p)
	{
		for (int i = 0; i < cls->nattrs; i++)
			orm_vec_push(ic->a, &props, inh_new_prop(ic, cls, inh_key(cls->attrs[i]), cls->attrs[i]));
	}
	else if (p->table == cls->table)
	{
		/* single-table: the superclass's, then its own (attrs holds them after
		 * the superclass's table columns it maps) */
		for (int i = 0; i < p->nprops; i++)
			orm_vec_push(ic->a, &props, &p->props[i]);
		for (int i = p->nattrs; i < cls->nattrs; i++)
			if (inh_find(&props, inh_key(cls->attrs[i])) < 0)
				orm_vec_push(ic->a, &props, inh_new_prop(ic, cls, inh_key(cls->attrs[i]),
														 cls->attrs[i]));
	}
	else
		inh_joined_props(ic, cls, &props);
	cls->nprops = props.n;
	cls->props = ORM_NEWN(ic->a, OrmProp, props.n > 0 ? props.n : 1);
	for (int i = 0; i < props.n; i++)
	{
		cls->props[i] = *(OrmProp *) props.items[i];
		for (int k = 0; k < cls->props[i].ncols; k++)
			cls->props[i].cols[k]->slot = cls->props[i].slot;
	}
}

static bool
inh_has_rel(OrmPtrVec *v, const char *name)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(((OrmRelationship *) v->items[i])->name, name) == 0)
			return true;
	return false;
}

static void
inh_rels(InhCtx *ic, OrmClass *cls)
{
	OrmPtrVec	rels = {0};
	OrmClass   *p = cls->inherits;

	for (int i = 0; i < cls->nrels; i++)
		if (!p || !cls->rels[i]->from_backref)
			orm_vec_push(ic->a, &rels, cls->rels[i]);
	for (int i = 0; p && i < p->nallrels; i++)
		if (!inh_has_rel(&rels, p->allrels[i]->name))
			orm_vec_push(ic->a, &rels, p->allrels[i]);
	for (int i = 0; p && i < cls->nrels; i++)
		if (cls->rels[i]->from_backref && !inh_has_rel(&rels, cls->rels[i]->name))
			orm_vec_push(ic->a, &rels, cls->rels[i]);
	cls->nallrels = rels.n;
	cls->allrels = (OrmRelationship **) rels.items;
	for (int i = 0; i < rels.n; i++)
		if (cls->allrels[i]->slot < 0)
			cls->allrels[i]->slot = cls->base->nrelslots++;
}

/* The inherit condition: own primary key columns referring to the superclass's table. */
static void
inh_condition(InhCtx *ic, OrmClass *cls)
{
	OrmTable   *t = cls->table,
			   *pt = cls->inherits->table;
	int			n = 0;

	cls->inherit_parent = ORM_NEWN(ic->a, OrmColumn *, t->ncols > 0 ? t->ncols : 1);
	cls->inherit_child = ORM_NEWN(ic->a, OrmColumn *, t->ncols > 0 ? t->ncols : 1);
	for (int pass = 0; pass < 2 && n == 0; pass++)
		for (int i = 0; i < t->ncols; i++)
		{
			OrmColumn  *c = t->cols[i];

			if ((pass == 0 && !c->primary_key) || !c->fk || c->fk->ref_table != pt || !c->fk->ref_col)
				continue;
			cls->inherit_parent[n] = c->fk->ref_col;
			cls->inherit_child[n++] = c;
		}
	cls->ninherit = n;
}

static int	inh_class(InhCtx *ic, OrmClass *cls, int depth);

static int
inh_class(InhCtx *ic, OrmClass *cls, int depth)
{
	for (int i = 0; i < ic->done.n; i++)
		if (ic->done.items[i] == cls)
			return 0;
	if (depth > INH_MAX_DEPTH)
		return orm_err_at(ic->err, ORM_ERR_DECL, cls->line, cls->col,
						  "class \"%s\": the hierarchy is deeper than %d classes", cls->name,
						  INH_MAX_DEPTH);
	if (cls->inherits && inh_class(ic, cls->inherits, depth + 1) < 0)
		return -1;
	cls->base = cls->inherits ? cls->inherits->base : cls;
	if (!cls->inherits)
	{
		cls->nslots = 0;
		cls->nrelslots = 0;
	}
	cls->subclasses.n = 0;
	cls->wp.n = 0;
	cls->ninherit = 0;
	if (cls->inherits)
		orm_vec_push(ic->a, &cls->inherits->subclasses, cls);
	inh_props(ic, cls);
	inh_rels(ic, cls);
	if (orm_joined_sub(cls))
		inh_condition(ic, cls);
	orm_vec_push(ic->a, &ic->done, cls);
	return 0;
}

/* cls and its descendants, breadth-first (SQLAlchemy's self_and_descendants). */
static void
inh_descendants(InhCtx *ic, OrmClass *cls, OrmPtrVec *out)
{
	out->n = 0;
	orm_vec_push(ic->a, out, cls);
	for (int q = 0; q < out->n; q++)
	{
		OrmClass   *k = out->items[q];

		for (int i = 0; i < k->subclasses.n; i++)
			orm_vec_push(ic->a, out, k->subclasses.items[i]);
	}
}

/*
 * The with_polymorphic classes of cls's queries: with_polymorphic="*" all
 * its descendants; a list those classes and the classes between them and
 * cls; subclasses with polymorphic_load="inline" are added to their
 * superclass's list (SQLAlchemy's _add_with_polymorphic_subclass).  In
 * self_and_descendants order, cls itself left out.
 */
static int
inh_wp(InhCtx *ic, OrmClass *cls)
{
	OrmPtrVec	desc = {0},
				want = {0};

	inh_descendants(ic, cls, &desc);
	for (int i = 0; i < cls->wp_names.n; i++)
	{
		OrmClass   *k = orm_reg_class(ic->reg, cls->wp_names.items[i]);

		if (!k || !orm_class_isa(k, cls))
			return orm_err_at(ic->err, ORM_ERR_DECL, cls->wp_line, cls->wp_col,
							  "with_polymorphic of %s: \"%s\" is not a subclass of it", cls->name,
							  (const char *) cls->wp_names.items[i]);
		for (; k && k != cls; k = k->inherits)
			orm_vec_push(ic->a, &want, k);
	}
	for (int i = 1; i < desc.n; i++)
	{
		OrmClass   *k = desc.items[i];
		bool		in = cls->wp_all || (k->inherits == cls && k->polymorphic_load == ORM_POLY_INLINE);

		for (int j = 0; j < want.n && !in; j++)
			in = want.items[j] == k;
		if (in)
			orm_vec_push(ic->a, &cls->wp, k);
	}
	return 0;
}

int
orm_registry_inherit(OrmRegistry *reg, OrmError *err)
{
	InhCtx		ic;

	memset(&ic, 0, sizeof(ic));
	ic.reg = reg;
	ic.a = reg->arena;
	ic.err = err;
	for (int i = 0; i < reg->tables.n; i++)
	{
		OrmTable   *t = reg->tables.items[i];

		for (int j = 0; j < t->ncols; j++)
			t->cols[j]->slot = -1;
	}
	for (int i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *cls = reg->classes.items[i];

		for (int j = 0; j < cls->nrels; j++)
			cls->rels[j]->slot = -1;
		cls->nprops = 0;
	}
	for (int i = 0; i < reg->classes.n; i++)
		if (inh_class(&ic, reg->classes.items[i], 0) < 0)
			return -1;
	for (int i = 0; i < reg->classes.n; i++)
		if (inh_wp(&ic, reg->classes.items[i]) < 0)
			return -1;
	return 0;
}
