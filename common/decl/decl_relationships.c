/*
 * decl_relationships.c -- relationship(...) as declared (the declaration
 * half; resolve.c binds it later).
 *
 * Owns: an OrmRelationship from relationship(...) and its annotation
 * (Mapped[list["Post"]] -> target and collection, WriteOnlyMapped /
 * DynamicMapped), its arguments (back_populates=, backref=, cascade=,
 * lazy=, passive_deletes=, ...), and a DeclRel in reg->decl keeping the
 * call for resolve (primaryjoin=, secondary=, foreign_keys=, ...).
 *
 * Calls decl_types.c and decl_base.c; called by decl_classes.c, and by
 * resolve.c for a backref(...)'s cascade= and lazy=.  Never touches SQL,
 * hosts or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ---- relationships (declaration half) -------------------------------------- */

int
decl_cascade(DeclCtx *dc, const PyNode *n, unsigned *out)
{
	const char *s;
	const char *p;
	unsigned	c = 0;

	if (n->kind != PY_STR)
		return decl_errn(dc, n, ORM_ERR_DECL, "cascade must be a string", NULL);
	s = orm_strndup(dc->a, n->str, n->len);
	p = s;
	while (*p)
	{
		const char *q;
		char	   *w;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		q = p;
		while (*q && *q != ' ' && *q != ',' && *q != '\t')
			q++;
		w = orm_strndup(dc->a, p, (size_t) (q - p));
		if (strcmp(w, "save-update") == 0)
			c |= ORM_CASCADE_SAVE_UPDATE;
		else if (strcmp(w, "merge") == 0)
			c |= ORM_CASCADE_MERGE;
		else if (strcmp(w, "expunge") == 0)
			c |= ORM_CASCADE_EXPUNGE;
		else if (strcmp(w, "delete") == 0)
			c |= ORM_CASCADE_DELETE;
		else if (strcmp(w, "delete-orphan") == 0)
			c |= ORM_CASCADE_DELETE_ORPHAN;
		else if (strcmp(w, "refresh-expire") == 0)
			c |= ORM_CASCADE_REFRESH;
		else if (strcmp(w, "all") == 0)
			c |= ORM_CASCADE_ALL;
		else if (strcmp(w, "none") != 0)
			return decl_errn(dc, n, ORM_ERR_DECL, "unknown cascade \"%s\"", w);
		p = q;
	}
	*out = c;
	return 0;
}

int
decl_lazy(DeclCtx *dc, const PyNode *n, OrmLazy *out)
{
	static const struct
	{
		const char *name;
		OrmLazy		lazy;
	}			tab[] = {
		{"select", ORM_LAZY_SELECT}, {"selectin", ORM_LAZY_SELECTIN},
		{"joined", ORM_LAZY_JOINED}, {"subquery", ORM_LAZY_SUBQUERY},
		{"immediate", ORM_LAZY_IMMEDIATE}, {"raise", ORM_LAZY_RAISE},
		{"raise_on_sql", ORM_LAZY_RAISE_ON_SQL}, {"noload", ORM_LAZY_NOLOAD},
		{"dynamic", ORM_LAZY_DYNAMIC}, {"write_only", ORM_LAZY_WRITE_ONLY},
		{NULL, 0}
	};
	const char *s;
	int			i;

	if (n->kind == PY_TRUE)
	{
		*out = ORM_LAZY_SELECT;
		return 0;
	}
	if (n->kind == PY_FALSE)
	{
		*out = ORM_LAZY_JOINED;
		return 0;
	}
	if (n->kind == PY_NONE)
	{
		*out = ORM_LAZY_NOLOAD;
		return 0;
	}
	s = decl_str(dc, n);
	for (i = 0; s && tab[i].name; i++)
		if (strcmp(tab[i].name, s) == 0)
		{
			*out = tab[i].lazy;
			return 0;
		}
	return decl_errn(dc, n, ORM_ERR_DECL, "unknown lazy loading strategy \"%s\"", s ? s : decl_src(dc, n));
}

static const char *const decl_ignored_rel_kw[] = {
	"single_parent", "collection_class", "post_update",
	"overlaps", "enable_typechecks", "info", "doc", "sync_backref", "active_history",
	"omit_join", "distinct_target_key", "cascade_backrefs", "bake_queries",
	"comparator_factory", "query_class", "argument", "secondaryjoin", "init", "repr",
	"default", "default_factory", "compare", "kw_only", "hash", "order_by",
	"primaryjoin", "foreign_keys", "remote_side", "secondary", "back_populates",
	"backref", "dataclass_metadata", "load_on_pending", "raiseload",
	NULL
};

/* The target of a relationship annotation: list["Post"] -> Post, collection. */
static const char *
decl_rel_annotation(DeclCtx *dc, const PyNode *ann, int *coll)
{
	bool		opt = false;
	const PyNode *n;
	const char *w = NULL;

	*coll = -1;
	n = decl_mapped_inner(dc, ann, &w);
	if (!n)
		return NULL;
	n = decl_unwrap_optional(dc, n, &opt);
	if (!n)
		return NULL;
	if (n->kind == PY_SUBSCRIPT)
	{
		const char *l = decl_last(dc, n->a);

		if (l && (strcmp(l, "list") == 0 || strcmp(l, "List") == 0 || strcmp(l, "set") == 0 ||
				  strcmp(l, "Set") == 0 || strcmp(l, "Sequence") == 0 ||
				  strcmp(l, "Collection") == 0 || strcmp(l, "MutableSet") == 0 ||
				  strcmp(l, "Iterable") == 0 || strcmp(l, "tuple") == 0))
		{
			*coll = 1;
			n = decl_unwrap_optional(dc, n->b, &opt);
			if (!n)
				return NULL;
		}
		else if (l && (strcmp(l, "dict") == 0 || strcmp(l, "Dict") == 0 ||
					   strcmp(l, "Mapping") == 0 || strcmp(l, "MutableMapping") == 0) &&
				 n->b->kind == PY_TUPLE && n->b->nitems == 2)
		{
			/* dict[str, "Note"]: the values are the members */
			*coll = 1;
			n = decl_unwrap_optional(dc, n->b->items[1], &opt);
			if (!n)
				return NULL;
		}
		else
			return NULL;
	}
	else
		*coll = decl_streq(w, "WriteOnlyMapped") || decl_streq(w, "DynamicMapped") ? 1 : 0;
	if (n->kind == PY_STR)
		return orm_strndup(dc->reg->arena, n->str, n->len);
	if (n->kind == PY_NAME || n->kind == PY_ATTR)
		return orm_strdup(dc->reg->arena, n->kind == PY_NAME ? n->str : n->str);
	return NULL;
}

int
decl_relationship(DeclCtx *dc, OrmClass *cls, DeclBase *base, DeclAttr *at, PyNode *call)
{
	OrmArena   *ra = dc->reg->arena;
	OrmRelationship *r = ORM_NEW(ra, OrmRelationship);
	DeclRel    *dr = ORM_NEW(ra, DeclRel);
	const char *w = NULL;
	bool		passive_all = false;
	int			i;

	r->name = orm_strdup(ra, at->name);
	r->owner = cls;
	r->cascade = ORM_CASCADE_DEFAULT;
	r->line = at->line;
	r->col = at->col;
	dr->rel = r;
	dr->call = call;
	dr->base = base;
	dr->ann_coll = -1;
	if (at->declared && at->cls_param)
		dr->cls_param = orm_strdup(ra, at->cls_param);
	if (at->ann)
	{
		r->target_name = decl_rel_annotation(dc, at->ann, &dr->ann_coll);
		if (dc->err->code)
			return -1;
		decl_mapped_inner(dc, at->ann, &w);
		if (decl_streq(w, "WriteOnlyMapped"))
			r->lazy = ORM_LAZY_WRITE_ONLY;
		else if (decl_streq(w, "DynamicMapped"))
			r->lazy = ORM_LAZY_DYNAMIC;
	}
	{
		/* collection_class: list and set are what orm's collections are */
		const PyNode *cc = py_kwarg(call, "collection_class");
		const char *l = cc ? decl_last(dc, cc->kind == PY_CALL ? cc->a : cc) : NULL;

		if (cc && cc->kind == PY_CALL &&
			(decl_streq(l, "attribute_keyed_dict") || decl_streq(l, "attribute_mapped_collection")))
		{
			/* a dict keyed by an attribute of the members (resolve checks it exists) */
			const PyNode *k = cc->nitems == 1 ? cc->items[0] : NULL;

			if (!k || k->kind != PY_STR || cc->nkw > 0)
				return decl_errn(dc, cc, ORM_ERR_UNSUPPORTED,
								 "%s() takes the name of the attribute keying the collection, as "
								 "a string (ignore_unpopulated_attribute= is not supported)", l);
			r->dict_key = orm_strndup(ra, k->str, k->len);
		}
		else if (cc && cc->kind != PY_NONE &&
				 !(cc->kind == PY_NAME && (decl_streq(l, "list") || decl_streq(l, "set"))))
			return decl_errn(dc, cc, ORM_ERR_UNSUPPORTED,
							 "relationship collection_class=%s is not supported: "
							 "collections are lists, sets or attribute_keyed_dict(\"attr\")",
							 decl_src(dc, cc));
		if (!cc && at->ann)
		{
			const PyNode *in = decl_mapped_inner(dc, at->ann, NULL);
			bool		opt = false;

			in = in ? decl_unwrap_optional(dc, in, &opt) : NULL;
			l = in && in->kind == PY_SUBSCRIPT ? decl_last(dc, in->a) : NULL;
			if (decl_streq(l, "dict") || decl_streq(l, "Dict") || decl_streq(l, "Mapping") ||
				decl_streq(l, "MutableMapping"))
				return decl_errn(dc, in, ORM_ERR_DECL,
								 "a dictionary collection (%s) needs collection_class="
								 "attribute_keyed_dict(\"attr\")", decl_src(dc, in));
		}
	}
	if (call->nitems >= 1)
	{
		PyNode	   *t = call->items[0];

		if (t->kind == PY_LAMBDA)
			t = t->a;
		if (t->kind == PY_STR)
			r->target_name = orm_strndup(ra, t->str, t->len);
		else if (t->kind == PY_NAME || t->kind == PY_ATTR)
			r->target_name = orm_strdup(ra, t->str);
		else
			return decl_errn(dc, t, ORM_ERR_DECL, "unsupported relationship target \"%s\"", decl_src(dc, t));
	}
	if (!r->target_name)
		return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
						  "relationship \"%s\" has no target class", at->name);
	/* "module.Post" -> Post */
	r->target_name = decl_lastcomp(r->target_name);
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];
		PyNode	   *v = call->kwvalues[i];

		if (!k)
			continue;
		if (strcmp(k, "back_populates") == 0)
		{
			if (v->kind != PY_STR && v->kind != PY_NONE)
				return decl_errn(dc, v, ORM_ERR_DECL, "back_populates must be a string", NULL);
			r->back_populates = decl_str(dc, v) ? orm_strdup(ra, decl_str(dc, v)) : NULL;
		}
		else if (strcmp(k, "backref") == 0)
		{
			if (v->kind == PY_STR)
				r->backref = orm_strndup(ra, v->str, v->len);
			else if (decl_is_call(dc, v, "backref") && v->nitems >= 1 && v->items[0]->kind == PY_STR)
				r->backref = orm_strndup(ra, v->items[0]->str, v->items[0]->len);
			else if (v->kind != PY_NONE)
				return decl_errn(dc, v, ORM_ERR_DECL, "unsupported backref \"%s\"", decl_src(dc, v));
		}
		else if (strcmp(k, "cascade") == 0)
		{
			if (decl_cascade(dc, v, &r->cascade) < 0)
				return -1;
		}
		else if (strcmp(k, "passive_deletes") == 0)
		{
			if (v->kind == PY_STR && v->len == 3 && memcmp(v->str, "all", 3) == 0)
				r->passive_deletes = passive_all = true;
			else
				r->passive_deletes = decl_flag(dc, v, false);
		}
		else if (strcmp(k, "single_parent") == 0)
			r->single_parent = decl_flag(dc, v, false);
		else if (strcmp(k, "passive_updates") == 0)
			r->active_updates = !decl_flag(dc, v, true);
		else if (strcmp(k, "viewonly") == 0)
			r->viewonly = decl_flag(dc, v, false);
		else if (strcmp(k, "post_update") == 0)
			r->post_update = decl_flag(dc, v, false);
		else if (strcmp(k, "lazy") == 0)
		{
			if (decl_lazy(dc, v, &r->lazy) < 0)
				return -1;
		}
		else if (strcmp(k, "uselist") == 0)
			;					/* resolve */
		else if (strcmp(k, "join_depth") == 0)
		{
			if (v->kind != PY_NONE && decl_intfield(dc, v, 1, "join_depth", &r->join_depth) < 0)
				return -1;
		}
		else if (strcmp(k, "innerjoin") == 0)
		{
			const char *s = decl_str(dc, v);

			if (s && strcmp(s, "unnested") == 0)
				r->innerjoin = 2;
			else if (s)
				return decl_errn(dc, v, ORM_ERR_DECL,
								 "innerjoin takes True, False or \"unnested\"", NULL);
			else
				r->innerjoin = decl_flag(dc, v, false) ? 1 : 0;
			if (dc->err->code)
				return -1;
		}
		else if (strcmp(k, "primaryjoin") == 0)
			r->primaryjoin = orm_strdup(ra, decl_src(dc, v));
		else if (strcmp(k, "foreign_keys") == 0)
			r->foreign_keys = orm_strdup(ra, decl_src(dc, v));
		else if (strcmp(k, "remote_side") == 0)
			r->remote_side = orm_strdup(ra, decl_src(dc, v));
		else if (!decl_in_list(decl_ignored_rel_kw, k))
			return decl_errn(dc, v, ORM_ERR_DECL, "unknown relationship argument \"%s\"", k);
	}
	if (r->viewonly)
		r->cascade = 0;
	if (base && base->dataclass && !r->viewonly)
	{
		const PyNode *dv = py_kwarg(call, "default");
		const PyNode *iv = py_kwarg(call, "init");

		r->init_none = dv && dv->kind == PY_NONE && !(iv && iv->kind == PY_FALSE);
	}
	if (passive_all && (r->cascade & (ORM_CASCADE_DELETE | ORM_CASCADE_DELETE_ORPHAN)))
		return orm_err_at(dc->err, ORM_ERR_DECL, at->line, at->col,
						  "On %s.%s, can't set passive_deletes='all' in conjunction with "
						  "'delete' or 'delete-orphan' cascade", cls->name, r->name);
	orm_vec_push(ra, &dc->st->rels, dr);
	{
		OrmRelationship **nr = ORM_NEWN(ra, OrmRelationship *, cls->nrels + 1);

		if (cls->nrels)
			memcpy(nr, cls->rels, sizeof(*nr) * (size_t) cls->nrels);
		nr[cls->nrels++] = r;
		cls->rels = nr;
	}
	return 0;
}
