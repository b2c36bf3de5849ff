/*
 * loader.c -- runs a compiled select(), loads its eager relationships, and
 * writes the result as the JSON object graph of docs/reference.md "Results and values".
 *
 * Owns: the identity map and object graph of one call, the statements of
 * selectin and polymorphic loads, the result JSON (written by
 * loader_json.c, the types both share in loader_ld.h), orm_compile's statement
 * list (orm_compile_text), and a select prepared (planned and compiled) as
 * a value that can run again (ld_prepare, ld_run_prepared).  The plan
 * (stage 1 below) is loader_plan.c's, its inheritance parts
 * polymorphic.c's (loader_int.h); session.get and the prepared selects kept
 * per connection are loader_cache.c's.
 *
 * Inheritance: an object keeps its values by attribute slot (registry.h,
 * decl/inherit.c), so objects of every class of a hierarchy share one
 * identity map (the base class's, keyed by its table's primary key); a
 * row's class is the one its discriminator names; the attributes it loads
 * are those of that class whose columns the node's statement selected
 * (LdMap), the others absent from its JSON until another row of the same
 * object brings them (an ORM_LAZY_POLY node's statement does).
 *
 * Columns (load_cols.c): every plan node carries the columns its entity
 * loads (OrmLoadNode.load: attributes in mapper order, then hidden key
 * columns), decided with the plan; the compiler selects them.  Expression
 * attributes (column_property(), query_expression()) have slots after the
 * hierarchy's column slots (LdClass.xattrs); a hidden column gives its slot
 * a value for keys without loading the attribute.  An object met again
 * through a node of other columns gets those it lacks, so it has the union
 * of what its paths loaded, as SQLAlchemy's identity map populates
 * unloaded attributes.
 *
 * Assumes: compile.c turns an SxSelect plus plan roots into SQL and writes
 * the row position and columns of every entity node into the plan
 * (col_offset, load); every key column a relationship joins on (local_cols,
 * remote_cols) is a mapped attribute of its class; the host returns the rows
 * of a statement as one row-major OrmValue array in the call arena.
 * Must not: execute SQL other than through orm_ctx_query, splice a value into
 * SQL text, or call malloc.
 *
 *
 * THE EAGER-LOAD PLANNER
 * ======================
 *
 * Stage 1: plan.  For every entity item of the statement the planner builds a
 * tree of OrmLoadNodes.  The root is the entity; below a node of class C it
 * considers each relationship r of C, in declaration order, and decides r's
 * strategy at this path, first match wins:
 *
 *   a. an option whose path is exactly root..C.r ("exact"): its strategy for
 *      that step (defaultload() keeps r's own lazy=);
 *   b. a chained wildcard, selectinload(User.posts).raiseload("*"), whose
 *      path is root..C: its strategy, for every relationship of C there;
 *   c. a top-level wildcard, lazyload("*") / raiseload("*"): every
 *      relationship at every depth (SQLAlchemy's "_sa_default" token);
 *   d. r's own lazy=.
 *
 * selectin, subquery and immediate become a SELECTIN node (a second
 * statement), joined a JOINED node (LEFT OUTER JOIN in the parent's
 * statement), contains_eager a CONTAINS_EAGER node (columns of a join the
 * statement already has; only in the main statement).  Everything else --
 * select (lazy), raise, raise_on_sql, dynamic, write_only -- is not loaded,
 * and the relationship is absent from the JSON (docs/reference.md); noload
 * (the option or lazy="noload") is loaded empty, [] or null, without SQL, as
 * SQLAlchemy's noload strategy sets it (the node's noload list).
 *
 * The cycle rule, the one SQLAlchemy applies (strategies.py: a relationship
 * loaded by its own lazy= or a wildcard is skipped when
 * path.contains_mapper(target)): an eager relationship NOT named by an exact
 * option is dropped when its target class already occurs on its path, owner
 * included.  Which path differs by strategy, as in SQLAlchemy: a SELECTIN
 * load looks at the whole path from the statement's root entity (its loader
 * sees current_path + path); a JOINED load only at the part of the path
 * inside its own statement, i.e. from the nearest SELECTIN node (or the
 * root) down.  Checked with SQLAlchemy 2.0.40 on SQLite with User.posts,
 * Post.author, Post.comments, Comment.post, Comment.replies all
 * lazy="selectin":
 *
 *   select(User)    -> User.posts, Post.comments            (Post.author: User
 *                      is on the path; Comment.post: Post is; Comment.replies:
 *                      Comment is)
 *   select(Post)    -> Post.author, Post.comments; nothing below
 *   select(Comment) -> Comment.post, Post.author; Comment.replies NOT loaded
 *                      (a self-referential default never loads at all)
 *   select(Comment).options(selectinload(Comment.replies))
 *                   -> replies (exact), and below it replies->post->author;
 *                      replies->replies stops (Comment on the path)
 *
 * and with Item.labels lazy="joined", Label.items lazy="selectin":
 *
 *   select(Label)   -> Label.items (selectin); in that statement Item.labels
 *                      IS joined (its statement starts at Item), and
 *                      Label.items below it is not (Label is on the path)
 *   select(Item)    -> Item.labels joined; Label.items stops (Item)
 *
 * An exact option always loads, whatever the path (so
 * selectinload(User.posts).selectinload(Post.author) loads User again).
 *
 * Stage 2: the main statement.  The planner gives every JOINED node its
 * FROM (a new alias of the target; many-to-many, one of the secondary too)
 * and evaluates the relationship's own criteria for them (lp_place_joined);
 * compile.c compiles the statement with the plan roots: JOINED children add
 * LEFT OUTER JOINs and their columns.  Each
 * row is hydrated through the identity map (class + primary key -> one
 * object; a NULL key means "no object"): the root object, then recursively
 * its JOINED / CONTAINS_EAGER children from the same row.  Objects keep a
 * pointer into the row array; nothing is copied.  Every node collects the
 * distinct objects it met, in first-seen order.
 *
 * Stage 3: selectin statements, breadth-first over the plan.  For a SELECTIN
 * node below node P: the parents are P's objects whose relationship is not
 * loaded yet (an object met through several paths is loaded once; its loaded
 * relationships are the union); their keys are collected (distinct, in
 * first-seen order) and, 500 keys per statement as SQLAlchemy does, one
 * statement runs per node:
 *
 *   ONETOMANY   SELECT <child> FROM child WHERE child.fk IN (keys)
 *               ORDER BY <order_by, else child pk>
 *   MANYTOONE   SELECT <target> FROM target WHERE target.pk IN (parent fks)
 *   MANYTOMANY  SELECT sec.owner_col, <target> FROM target
 *               JOIN sec ON sec.target_col = target.pk
 *               WHERE sec.owner_col IN (keys) ORDER BY ...
 *
 * (composite keys: (a = ? AND b = ?) OR (a = ? AND b = ?) ...; no parent
 * with a non-NULL key: no statement; selectinload(User.posts.and_(crit))
 * adds AND crit, its target being the FROM the criteria name).  The node's JOINED children are
 * compiled into its statement.  Rows are hydrated like
 * the main rows and attached to every parent whose key matches.  Parents
 * with no match get [] or null.  A collection with order_by comes in its
 * rows' order: a JOINED load's statement ends its ORDER BY with it, as
 * SQLAlchemy's does, a selectin statement orders by it; one without comes
 * in primary key order (a selectin statement's ORDER BY; a joined load's
 * collections are sorted at the end).
 *
 * Stage 4: JSON, in one pass over the graph.  An object is the attributes
 * it loaded, in mapper order (expression attributes, then columns; one not
 * loaded is absent), then its loaded relationships in declaration order.  An object met again inside itself (User.posts -> Post.author ->
 * the same User) is written with its columns only, so the output is a tree.
 * Rows of other statements are keyed by Row._fields (compile.c); an unnamed
 * aliased() entity has none and is left out, as SQLAlchemy's _asdict() does,
 * and an entity of a compound select is written as its columns.
 *
 * Stages 3 and 4 in pieces: a single-entity select of many objects whose
 * selectin loads are all collections, each class once in the plan (R1's
 * shape), runs stage 3 and writes stage 4 for a piece of its objects at a
 * time, giving back each piece's rows and objects before the next ("Writing
 * the result a piece of objects at a time" below); the same text.
 *
 * Worked example: blog models (User.posts, Post.comments; default lazy=),
 *
 *   select(User).options(selectinload(User.posts).selectinload(Post.comments),
 *                        joinedload(User.comments))
 *
 * plan:   User (root)
 *          +- posts      SELECTIN  (exact)
 *          |   +- comments SELECTIN (exact)
 *          +- comments   JOINED    (exact)
 *
 * statements, in this order:
 *   1. SELECT users.*, comments_1.* FROM users
 *        LEFT OUTER JOIN comments AS comments_1 ON users.id = comments_1.author_id
 *   2. SELECT posts.* FROM posts WHERE posts.author_id IN (?1, ?2)
 *        ORDER BY posts.id                  -- keys: the distinct users.id
 *   3. SELECT comments.* FROM comments WHERE comments.post_id IN (?1, ?2, ?3)
 *        ORDER BY comments.id               -- keys: the posts of statement 2
 *
 * The Comment objects of statement 1 and 3 share the identity map: a comment
 * both written by a user and under one of that user's posts is one object.
 *
 * orm_compile_text prints statement 1 and, for each SELECTIN node in the same
 * breadth-first order, its statement compiled for a single key ("IN (?1)"),
 * each followed by ";" and separated by newlines.
 */
#include <string.h>

#include "orm/loader_ld.h"
#include "orm/loader_keys.h"
#include "orm/query.h"
#include "orm/result.h"
#include "sql/entity.h"
#include "sql/criteria.h"
#include "sql/values.h"
#include "base/json.h"

#define LD_MAXKEY		16		/* columns in one join key */
#define LD_CHUNK		500		/* keys per selectin statement (SQLAlchemy's) */

/* The plan of sel's main statement (orm_plan_build), placed (orm_plan_place). */
static OrmLoadNode **
ld_plan(OrmCtx *ctx, SxSelect *sel)
{
	OrmLoadNode **plans = orm_plan_build(ctx, sel);

	if (!plans || orm_plan_place(ctx, sel, plans) < 0)
		return NULL;
	return plans;
}

/* ======================================================================
 * Objects, the identity map and the indexes (the types: loader_ld.h)
 * ====================================================================== */

/* The attribute slot of column col of class cls (registry.h), or -1: not mapped. */
static int
ld_attr_index(const OrmClass *cls, const OrmColumn *col)
{
	if (col->slot >= 0)
		return col->slot;
	for (int i = 0; i < cls->nprops; i++)
		for (int k = 0; k < cls->props[i].ncols; k++)
			if (cls->props[i].cols[k]->table == col->table &&
				orm_streq(cls->props[i].cols[k]->name, col->name))
				return cls->props[i].slot;
	return -1;
}

/* ',"name":', allocated to size (a name is almost always plain: copied as it is) */
static LdKey
ld_key(OrmArena *a, const char *name)
{
	OrmBuf		b;
	LdKey		k;
	size_t		n = strlen(name),
				i;

	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) name[i];

		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	if (i == n)
	{
		char	   *t = orm_alloc(a, n + 5);

		t[0] = ',';
		t[1] = '"';
		memcpy(t + 2, name, n);
		t[n + 2] = '"';
		t[n + 3] = ':';
		t[n + 4] = '\0';
		k.text = t;
		k.len = n + 4;
		return k;
	}
	orm_buf_init(&b, a);
	orm_buf_putc(&b, ',');
	orm_buf_json_str(&b, name, strlen(name));
	orm_buf_putc(&b, ':');
	k.text = orm_buf_cstr(&b);
	k.len = b.len;
	return k;
}

static void
ld_class_keys(Ld *ld, LdClass *ci)
{
	const OrmClass *cls = ci->cls;

	/* a kept prepared select's run: the names its preparation rendered */
	for (int i = 0; ld->prep && i < ld->prep->nclasses; i++)
	{
		const LdClass *k = ld->prep->classes[i];

		if (k->cls == cls)
		{
			ci->attr_keys = k->attr_keys;
			ci->xattr_keys = k->xattr_keys;
			ci->rel_keys = k->rel_keys;
			return;
		}
	}
	ci->attr_keys = ORM_NEWN(ld->a, LdKey, cls->nprops > 0 ? cls->nprops : 1);
	for (int i = 0; i < cls->nprops; i++)
		ci->attr_keys[i] = ld_key(ld->a, cls->props[i].key);
	ci->xattr_keys = ORM_NEWN(ld->a, LdKey, cls->nxattrs > 0 ? cls->nxattrs : 1);
	for (int i = 0; i < cls->nxattrs; i++)
		ci->xattr_keys[i] = ld_key(ld->a, cls->xattrs[i]->name);
	ci->rel_keys = ORM_NEWN(ld->a, LdKey, cls->nallrels > 0 ? cls->nallrels : 1);
	for (int i = 0; i < cls->nallrels; i++)
		ci->rel_keys[i] = ld_key(ld->a, cls->allrels[i]->name);
}

/* The expression attributes of cls and its descendants, each once, into out. */
static void
ld_hier_xattrs(Ld *ld, const OrmClass *cls, OrmPtrVec *out, int depth)
{
	if (depth > 1000)
		return;
	for (int i = 0; i < cls->nxattrs; i++)
	{
		bool		have = false;

		for (int k = 0; k < out->n && !have; k++)
			have = out->items[k] == cls->xattrs[i];
		if (!have)
			orm_vec_push(ld->a, out, (void *) cls->xattrs[i]);
	}
	for (int i = 0; i < cls->subclasses.n; i++)
		ld_hier_xattrs(ld, cls->subclasses.items[i], out, depth + 1);
}

/* The slots of the base's expression attributes (LdClass.xattrs) and of ci's. */
static void
ld_class_xslots(Ld *ld, LdClass *ci)
{
	const OrmClass *cls = ci->cls;
	LdClass    *b = ci->base;
	int			nslots = b->cls->nslots;

	if (b == ci)
	{
		OrmPtrVec	xs = {0};

		ld_hier_xattrs(ld, cls, &xs, 0);
		ci->nx = xs.n;
		ci->xattrs = (const OrmXattr **) xs.items;
		ci->xtypes = ORM_NEWN(ld->a, const OrmType *, xs.n > 0 ? xs.n : 1);
		ci->nvals = nslots + xs.n;
	}
	ci->xslot = ORM_NEWN(ld->a, int, cls->nxattrs > 0 ? cls->nxattrs : 1);
	for (int i = 0; i < cls->nxattrs; i++)
	{
		ci->xslot[i] = -1;
		for (int k = 0; k < b->nx && ci->xslot[i] < 0; k++)
			if (b->xattrs[k] == cls->xattrs[i])
				ci->xslot[i] = nslots + k;
	}
}

static LdClass *
ld_class(Ld *ld, OrmClass *cls)
{
	LdClass    *ci;

	for (int i = 0; i < ld->classes.n; i++)
	{
		ci = ld->classes.items[i];
		if (ci->cls == cls)
			return ci;
	}
	ci = ORM_NEW(ld->a, LdClass);
	ci->cls = cls;
	/* the hierarchy's identity: its base's table's primary key (SQLAlchemy's
	 * identity key is the base mapper's), one identity map */
	if (cls->base && cls->base != cls)
	{
		if (!(ci->base = ld_class(ld, cls->base)))
			return NULL;
	}
	else
		ci->base = ci;
	{
		const OrmTable *bt = cls->base ? cls->base->table : cls->table;

		ci->npk = bt ? bt->npk : 0;
		ci->pk_idx = ORM_NEWN(ld->a, int, ci->npk > 0 ? ci->npk : 1);
		for (int k = 0; k < ci->npk; k++)
		{
			ci->pk_idx[k] = ld_attr_index(cls, bt->pk[k]);
			if (ci->pk_idx[k] < 0)
			{
				orm_err(ld->ctx->err, ORM_ERR_INTERNAL,
						"primary key column \"%s\" of %s is not mapped",
						bt->pk[k]->name, cls->name);
				return NULL;
			}
		}
	}
	ci->idmap.idx = ci->pk_idx;
	ci->idmap.nidx = ci->npk;
	ld_class_xslots(ld, ci);
	ld_class_keys(ld, ci);
	orm_vec_push(ld->a, &ld->classes, ci);
	return ci;
}

static void
ld_obj_probe(const LdObj *o, const int *idx, int n, const OrmValue **probe)
{
	for (int i = 0; i < n; i++)
		probe[i] = ld_val(o, idx[i]);
}

static bool
ld_obj_key_eq(const LdObj *o, const int *idx, int n, const OrmValue *const *probe)
{
	for (int i = 0; i < n; i++)
		if (!ld_value_eq(ld_val(o, idx[i]), probe[i]))
			return false;
	return true;
}

static void
ld_index_grow(Ld *ld, LdIndex *ix)
{
	int			ncap = ix->cap ? ix->cap * 2 : 64;
	LdObj	  **objs = ORM_NEWN(ld->a, LdObj *, ncap);
	uint64_t   *hashes = ORM_NEWN(ld->a, uint64_t, ncap);

	for (int i = 0; i < ix->cap; i++)
	{
		int			p;

		if (!ix->objs[i])
			continue;
		p = (int) (ix->hashes[i] & (uint64_t) (ncap - 1));
		while (objs[p])
			p = (p + 1) & (ncap - 1);
		objs[p] = ix->objs[i];
		hashes[p] = ix->hashes[i];
	}
	/* the old arrays given back when big (util.h), else dead in the arena */
	orm_free(ld->a, ix->objs, sizeof(LdObj *) * (size_t) ix->cap);
	orm_free(ld->a, ix->hashes, sizeof(uint64_t) * (size_t) ix->cap);
	ix->objs = objs;
	ix->hashes = hashes;
	ix->cap = ncap;
}

static void
ld_index_add(Ld *ld, LdIndex *ix, LdObj *o, uint64_t h)
{
	int			p;

	if ((ix->n + 1) * 2 > ix->cap)
		ld_index_grow(ld, ix);
	p = (int) (h & (uint64_t) (ix->cap - 1));
	while (ix->objs[p])
		p = (p + 1) & (ix->cap - 1);
	ix->objs[p] = o;
	ix->hashes[p] = h;
	ix->n++;
}

/*
 * Next object whose key equals probe, starting at *pos (set *pos = -1 before
 * the first call); NULL when there are no more.
 */
static LdObj *
ld_index_next(const LdIndex *ix, const OrmValue *const *probe, uint64_t h, int *pos)
{
	int			p;

	if (ix->cap == 0)
		return NULL;
	p = *pos < 0 ? (int) (h & (uint64_t) (ix->cap - 1)) : ((*pos + 1) & (ix->cap - 1));
	while (ix->objs[p])
	{
		if (ix->hashes[p] == h && ld_obj_key_eq(ix->objs[p], ix->idx, ix->nidx, probe))
		{
			*pos = p;
			return ix->objs[p];
		}
		p = (p + 1) & (ix->cap - 1);
	}
	return NULL;
}

static uint64_t
ld_set_hash(const void *x, const void *y, const void *z)
{
	return ld_mix((uint64_t) (uintptr_t) x ^ ld_mix((uint64_t) (uintptr_t) y ^
												   ld_mix((uint64_t) (uintptr_t) z)));
}

static void ld_set_put(LdSet *s, const void *x, const void *y, const void *z);

static void
ld_set_grow(Ld *ld, LdSet *s)
{
	LdSet		old = *s;

	s->cap = old.cap ? old.cap * 2 : 256;
	s->keys = ORM_NEWN(ld->a, const void *, (size_t) s->cap * 3);
	s->n = 0;
	for (int i = 0; i < old.cap; i++)
		if (old.keys[i * 3])
			ld_set_put(s, old.keys[i * 3], old.keys[i * 3 + 1], old.keys[i * 3 + 2]);
	orm_free(ld->a, old.keys, sizeof(const void *) * (size_t) old.cap * 3);
}

static void
ld_set_put(LdSet *s, const void *x, const void *y, const void *z)
{
	int			p = (int) (ld_set_hash(x, y, z) & (uint64_t) (s->cap - 1));

	while (s->keys[p * 3])
		p = (p + 1) & (s->cap - 1);
	s->keys[p * 3] = x;
	s->keys[p * 3 + 1] = y;
	s->keys[p * 3 + 2] = z;
	s->n++;
}

/* Adds (x, y, z) (x never NULL); true when it was not there yet. */
static bool
ld_set_add(Ld *ld, LdSet *s, const void *x, const void *y, const void *z)
{
	int			p;

	if ((s->n + 1) * 2 > s->cap)
		ld_set_grow(ld, s);
	p = (int) (ld_set_hash(x, y, z) & (uint64_t) (s->cap - 1));
	while (s->keys[p * 3])
	{
		if (s->keys[p * 3] == x && s->keys[p * 3 + 1] == y && s->keys[p * 3 + 2] == z)
			return false;
		p = (p + 1) & (s->cap - 1);
	}
	ld_set_put(s, x, y, z);
	return true;
}

/* ---- relationship slots ---- */

static LdRel *
ld_slot(Ld *ld, LdObj *o, int rel_idx)
{
	if (!o->rels)
	{
		const OrmClass *b = o->ci->base->cls;

		o->rels = ORM_NEWN(ld->a, LdRel, b->nrelslots > 0 ? b->nrelslots : 1);
	}
	return &o->rels[rel_idx];
}

static bool
ld_is_loaded(const LdObj *o, int rel_idx)
{
	return o->rels && o->rels[rel_idx].loaded;
}

/*
 * Adds child to parent's collection; once when dedupe is set (rows that a
 * join multiplies bring the same pair again).
 */
static void
ld_collection_add(Ld *ld, LdRel *slot, LdObj *parent, const OrmRelationship *rel,
				  LdObj *child, bool dedupe)
{
	if (dedupe && !ld_set_add(ld, &ld->edges, parent, rel, child))
		return;
	if (slot->n == slot->cap)
	{
		int			ncap = slot->cap ? slot->cap * 2 : 4;

		slot->items = orm_realloc(ld->a, slot->items, sizeof(LdObj *) * (size_t) slot->cap,
								  sizeof(LdObj *) * (size_t) ncap);
		slot->cap = ncap;
	}
	slot->items[slot->n++] = child;
}

/*
 * Records that ln met o; keeps ln->objs distinct.  Most objects meet one
 * node only: that one is remembered in the object, the set holds the rest.
 */
static void
ld_node_meet(Ld *ld, LdNode *ln, LdObj *o)
{
	if (o->met == ln)
		return;
	for (int i = 0; i < ln->n->noload.n; i++)
	{
		const OrmRelationship *rel = ln->n->noload.items[i];
		LdRel	   *slot;

		if (!orm_class_isa(o->ci->cls, rel->owner))
			continue;
		slot = ld_slot(ld, o, rel->slot);
		slot->loaded = true;	/* noload: [] / null unless another path loads it */
	}
	if (!o->met)
		o->met = ln;
	else if (!ld_set_add(ld, &ld->members, ln, o, NULL))
		return;
	orm_vec_push(ld->a, &ln->objs, o);
}

/* ======================================================================
 * Stage 2: hydration
 * ====================================================================== */

/* A discriminator value as text, for an error. */
static const char *
ld_value_text(Ld *ld, const OrmValue *v)
{
	if (v->kind == ORM_V_INT || v->kind == ORM_V_BOOL)
		return orm_sprintf(ld->a, "%lld", (long long) v->i);
	if (v->kind == ORM_V_FLOAT)
		return orm_sprintf(ld->a, "%g", v->f);
	if (v->s)
		return orm_sprintf(ld->a, "'%.*s'", (int) (v->len > 200 ? 200 : v->len), v->s);
	return "?";
}

/* Position of table column col in node ln's row columns, or -1. */
static int
ld_col_pos(const LdNode *ln, const OrmColumn *col)
{
	const SxFrom *f = ln->n->from;

	for (int i = 0; i < ln->n->nload; i++)
		if (ln->n->load[i].col == col && !ln->n->load[i].expr)
			return i;
	if (f && f->union_type)
	{
		/* a ConcreteBase union: each class's column of the union's name */
		const char *name = sx_from_colname(f, col);

		for (int i = 0; i < ln->n->nload; i++)
			if (ln->n->load[i].col && !ln->n->load[i].expr &&
				strcmp(sx_from_colname(f, ln->n->load[i].col), name) == 0)
				return i;
	}
	return -1;
}

/*
 * Position of the expression of attribute key in node ln's row columns: a
 * with_expression() for it (xattr NULL), or x's own expression; -1: none.
 */
static int
ld_expr_pos(const LdNode *ln, const OrmXattr *x, const char *key)
{
	for (int i = 0; i < ln->n->nload; i++)
	{
		const OrmLoadCol *lc = &ln->n->load[i];

		if (x && lc->xattr == x)
			return i;
		if (!lc->xattr && !lc->col && lc->key && strcmp(lc->key, key) == 0)
			return i;
	}
	return -1;
}

/*
 * The class of a row of a ConcreteBase union (sql/concrete.c): the one whose
 * polymorphic_identity its "type" column holds; the base when not loaded.
 */
static LdClass *
ld_union_class(Ld *ld, LdNode *ln, const OrmValue *row)
{
	const SxFrom *f = ln->n->from;
	int			pos = ld_col_pos(ln, f->union_type);

	if (pos < 0 || row[pos].kind == ORM_V_NULL)
		return ln->ci;
	for (int i = -1; i < f->poly.n; i++)
	{
		OrmClass   *c = i < 0 ? f->cls : f->poly.items[i];
		OrmValue	v;

		if (!c->polymorphic_identity)
			continue;
		orm_identity_value(ld->ctx, ld->a, f->union_type, c->polymorphic_identity, &v);
		if (ld_value_eq(&row[pos], &v))
			return i < 0 ? ln->ci : ld_class(ld, c);
	}
	orm_err(ld->ctx->err, ORM_ERR_QUERY, "a row of %s has polymorphic identity %s, which is "
			"not one of its concrete classes'", f->cls->name, ld_value_text(ld, &row[pos]));
	return NULL;
}

/*
 * The class of a row of node ln: the one its discriminator names (k or a
 * subclass of k, as SQLAlchemy's polymorphic_map), k when the row has no
 * discriminator or it is NULL.  NULL (error set): an identity that is not
 * k's or a subclass's, which SQLAlchemy refuses too.
 */
static LdClass *
ld_row_class(Ld *ld, LdNode *ln, const OrmValue *row)
{
	OrmClass   *k = ln->n->cls;
	const OrmValue *v;
	int			i;

	if (ln->n->from && ln->n->from->union_type)
		return ld_union_class(ld, ln, row);
	if (ln->disc_pos == -2)
	{
		ln->disc_pos = k->polymorphic_on ? ld_col_pos(ln, k->polymorphic_on) : -1;
		if (ln->disc_pos >= 0)
			ln->nident = orm_poly_identities(ld->ctx, k, &ln->ident_vals, &ln->ident_cls);
	}
	if (ln->disc_pos < 0 || (v = &row[ln->disc_pos])->kind == ORM_V_NULL)
		return ln->ci;
	for (i = 0; i < ln->nident; i++)
		if (ld_value_eq(v, &ln->ident_vals[i]))
			break;
	if (i == ln->nident)
	{
		orm_err(ld->ctx->err, ORM_ERR_QUERY,
				"a row of %s has polymorphic identity %s, which is not %s's nor a subclass's",
				k->name, ld_value_text(ld, v), k->name);
		return NULL;
	}
	return ln->ident_cls[i] == k ? ln->ci : ld_class(ld, ln->ident_cls[i]);
}

/* How node ln's row fills an object of class ci (LdMap). */
static LdMap *
ld_map(Ld *ld, LdNode *ln, LdClass *ci)
{
	const OrmClass *cls = ci->cls;
	LdMap	   *m;
	bool		adapted;

	for (int i = 0; i < ln->maps.n; i++)
		if (((LdMap *) ln->maps.items[i])->ci == ci)
			return ln->maps.items[i];
	/* an aliased (or of_type()) entity: SQLAlchemy reads it through an
	 * adapter, which knows the columns the inherit conditions equate */
	adapted = (ln->n->from && ln->n->from->is_alias) || ln->n->of_type;
	m = ORM_NEW(ld->a, LdMap);
	m->ci = ci;
	{
		int			cap = cls->nprops + cls->nxattrs;

		m->pos = ORM_NEWN(ld->a, int, cap > 0 ? cap : 1);
		m->slot = ORM_NEWN(ld->a, int, cap > 0 ? cap : 1);
		m->hidden = ORM_NEWN(ld->a, bool, cap > 0 ? cap : 1);
	}
	m->direct = true;
	for (int i = 0; i < cls->nprops; i++)
	{
		const OrmProp *p = &cls->props[i];
		int			pos = -1;

		for (int k = 0; k < p->ncols && pos < 0; k++)
			pos = ld_col_pos(ln, p->cols[k]);
		for (int k = 0; k < p->ncols && pos < 0 && cls->base != cls && adapted; k++)
		{
			/* read from an equal column (boss.boss_id = staff.id), as
			 * SQLAlchemy's adapter of an aliased entity does */
			OrmPtrVec	eq = {0};

			orm_poly_equivalents(ld->a, p->cols[k], cls->base, &eq);
			for (int j = 1; j < eq.n && pos < 0; j++)
				pos = ld_col_pos(ln, eq.items[j]);
		}
		if (pos < 0)
			pos = ld_expr_pos(ln, NULL, p->key);	/* with_expression() of a column */
		if (pos < 0)
		{
			m->direct = false;
			continue;
		}
		m->pos[m->n] = pos;
		m->slot[m->n] = p->slot;
		m->hidden[m->n] = ln->n->load[pos].hidden;
		if (pos != p->slot || m->hidden[m->n])
			m->direct = false;
		m->n++;
	}
	for (int i = 0; i < cls->nxattrs; i++)
	{
		const OrmXattr *x = cls->xattrs[i];
		int			pos = ld_expr_pos(ln, x, x->name),
					slot = ci->xslot[i];

		if (pos < 0 || slot < 0)
		{
			m->direct = false;
			continue;
		}
		m->pos[m->n] = pos;
		m->slot[m->n] = slot;
		m->hidden[m->n] = false;
		if (pos != slot)
			m->direct = false;
		m->n++;
		/* the type its values are written by: the first node's that loads it */
		if (!ci->base->xtypes[slot - ci->base->cls->nslots])
			ci->base->xtypes[slot - ci->base->cls->nslots] = ln->n->load[pos].type;
	}
	m->pkpos = ORM_NEWN(ld->a, int, ci->base->npk > 0 ? ci->base->npk : 1);
	for (int k = 0; k < ci->base->npk; k++)
	{
		m->pkpos[k] = -1;
		for (int i = 0; i < m->n && m->pkpos[k] < 0; i++)
			if (m->slot[i] == ci->base->pk_idx[k])
				m->pkpos[k] = m->pos[i];
	}
	orm_vec_push(ld->a, &ln->maps, m);
	return m;
}

/*
 * Fills o's unloaded attributes from row (its values copied first when in a
 * row); a key column read before (hidden) becomes loaded when this row
 * loads it.
 */
static void
ld_fill(Ld *ld, LdObj *o, const LdMap *m, const OrmValue *row)
{
	const OrmClass *cls = o->ci->cls;
	bool		all = true;

	if (!o->loaded)
		return;
	for (int i = 0; i < m->n; i++)
	{
		int			s = m->slot[i];

		if (!o->loaded[s])
		{
			o->own[s] = row[m->pos[i]];
			o->loaded[s] = true;
			if (m->hidden[i])
			{
				if (!o->hidden)
					o->hidden = ORM_NEWN(ld->a, bool, o->ci->base->nvals > 0 ? o->ci->base->nvals : 1);
				o->hidden[s] = true;
			}
		}
		else if (o->hidden && o->hidden[s] && !m->hidden[i])
			o->hidden[s] = false;
	}
	for (int i = 0; i < cls->nprops && all; i++)
		all = ld_shown(o, cls->props[i].slot);
	for (int i = 0; i < cls->nxattrs && all; i++)
		all = ld_shown(o, o->ci->xslot[i]);
	if (all)
	{
		o->loaded = NULL;
		o->hidden = NULL;
	}
}

static LdObj *
ld_new_obj(Ld *ld, LdClass *ci, const LdMap *m, const OrmValue *row)
{
	LdObj	   *o = ORM_NEW(ld->a, LdObj);
	int			nvals = ci->base->nvals > 0 ? ci->base->nvals : 1;

	o->ci = ci;
	if (m->direct && m->n == ci->cls->nprops + ci->cls->nxattrs)
	{
		o->vals = row;
		ld->in_rows++;
		return o;
	}
	o->own = ORM_NEWN(ld->a, OrmValue, nvals);
	o->loaded = ORM_NEWN(ld->a, bool, nvals);
	o->vals = o->own;
	ld_fill(ld, o, m, row);
	return o;
}

/*
 * The object for the entity columns of node ln at row (NULL when its key
 * is NULL, or on error: ld->ctx->err set).  Identity: the hierarchy's base
 * class and primary key; an object met again gets the attributes it lacks.
 */
static LdObj *
ld_identity(Ld *ld, LdNode *ln, const OrmValue *row)
{
	const OrmValue *probe[LD_MAXKEY];
	LdClass    *ci = ld_row_class(ld, ln, row),
			   *ic;
	LdMap	   *m;
	LdObj	   *o;
	uint64_t	h;
	int			pos = -1;

	if (!ci)
		return NULL;
	m = ld_map(ld, ln, ci);
	ic = ci->base;
	if (ic->npk == 0 || ic->npk > LD_MAXKEY)
		return ld_new_obj(ld, ci, m, row);
	for (int k = 0; k < ic->npk; k++)
	{
		if (m->pkpos[k] < 0)
			return ld_new_obj(ld, ci, m, row);	/* no key in the row: no identity */
		probe[k] = &row[m->pkpos[k]];
	}
	if (ld_probe_has_null(probe, ic->npk))
		return NULL;
	h = ld_hash_probe(probe, ic->npk);
	o = ld_index_next(&ic->idmap, probe, h, &pos);
	if (o)
	{
		if (o->loaded && o->ci == ci)
			ld_fill(ld, o, m, row);
		return o;
	}
	o = ld_new_obj(ld, ci, m, row);
	ld_index_add(ld, &ic->idmap, o, h);
	return o;
}

static void ld_queue_sort(Ld *ld, LdRel *slot, LdNode *ln);

/* Attaches a JOINED / CONTAINS_EAGER child read from the same row. */
static void
ld_attach_joined(Ld *ld, LdNode *kid, LdObj *parent, LdObj *child)
{
	LdRel	   *slot = ld_slot(ld, parent, kid->rel_idx);
	const OrmRelationship *rel = kid->n->rel;

	slot->loaded = true;
	if (!rel->uselist)
	{
		if (!slot->one)
			slot->one = child;	/* the first row's, as SQLAlchemy keeps it */
		return;
	}
	if (!child)
		return;
	/* in row order, each child once; without order_by sorted at the end
	 * (ld_sort_collections) */
	ld_collection_add(ld, slot, parent, rel, child, true);
	if (rel->norder == 0 && !slot->sorted)
		ld_queue_sort(ld, slot, kid);
}

/*
 * Hydrates the entity of node ln whose columns start at row[offset], then its
 * JOINED / CONTAINS_EAGER children from the same row.
 */
static LdObj *
ld_hydrate(Ld *ld, LdNode *ln, const OrmValue *row, int offset)
{
	LdObj	   *o = ld_identity(ld, ln, row + offset);

	if (!o)
		return NULL;
	ld_node_meet(ld, ln, o);
	for (int i = 0; i < ln->nkids; i++)
	{
		LdNode	   *kid = ln->kids[i];
		LdObj	   *child;

		if (kid->n->strategy != ORM_LAZY_JOINED && kid->n->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		/* a subclass's relationship: its objects only */
		if (kid->n->only && !orm_class_isa(o->ci->cls, kid->n->only))
			continue;
		child = ld_hydrate(ld, kid, row, kid->n->col_offset);
		ld_attach_joined(ld, kid, o, child);
	}
	return o;
}

/*
 * The compiled row must hold every entity the plan reads from it: the
 * statement root at offset, and each JOINED / CONTAINS_EAGER descendant at
 * its col_offset.
 */
static int
ld_check_offsets(Ld *ld, const LdNode *ln, int offset, int ncols)
{
	if (offset < 0 || offset + ln->n->nload > ncols)
		return orm_err(ld->ctx->err, ORM_ERR_INTERNAL,
					   "compiled row has no columns for %s", ln->ci->cls->name);
	for (int i = 0; i < ln->nkids; i++)
	{
		const LdNode *k = ln->kids[i];

		if (k->n->strategy != ORM_LAZY_JOINED && k->n->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		if (ld_check_offsets(ld, k, k->n->col_offset, ncols) < 0)
			return -1;
	}
	return 0;
}

/* Every item and every entity the plan reads lies inside the returned row. */
static int
ld_check_row(Ld *ld, const SxSelect *sel, const OrmCompiled *comp, int ncols)
{
	for (int i = 0; i < comp->nitems; i++)
	{
		const SxItem *it = i < sel->items.n ? sel->items.items[i] : NULL;

		if (i < ld->nroots && ld->roots[i])
		{
			if (ld_check_offsets(ld, ld->roots[i], comp->item_offset[i], ncols) < 0)
				return -1;
		}
		else if (comp->item_offset[i] < 0 || comp->item_offset[i] >= ncols ||
				 (it && it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls &&
				  comp->item_offset[i] + ld_entity_width(ld, it->expr->from) > ncols))
			return orm_err(ld->ctx->err, ORM_ERR_INTERNAL,
						   "compiled row has no column for item %d", i + 1);
	}
	return 0;
}

/* ---- the runtime mirror of the plan ---- */

static int
ld_key_indexes(Ld *ld, LdNode *ln)
{
	const OrmRelationship *rel = ln->n->rel;
	OrmClass   *owner = rel->owner;
	bool		names_owner = false;

	if (ln->n->strategy == ORM_LAZY_SELECTIN && rel->npairs > 0 && rel->extra_criteria &&
		orm_rel_criteria_name_owner(ld->ctx, rel, &names_owner) < 0)
		return -1;
	ln->by_join = ln->n->strategy == ORM_LAZY_SELECTIN && (rel->npairs == 0 || names_owner);
	ln->nkey = ln->by_join ? owner->table->npk : rel->npairs;
	if (ln->nkey <= 0 || ln->nkey > LD_MAXKEY)
	{
		if (rel->npairs == 0 && ln->n->strategy != ORM_LAZY_SELECTIN)
			return 0;			/* joined: no key needed */
		return orm_err(ld->ctx->err, ORM_ERR_UNSUPPORTED,
					   "relationship %s.%s: cannot load a join of %d columns",
					   owner->name, rel->name, ln->nkey);
	}
	ln->own_idx = ORM_NEWN(ld->a, int, ln->nkey);
	ln->tgt_idx = ORM_NEWN(ld->a, int, ln->nkey);
	for (int k = 0; k < ln->nkey; k++)
	{
		ln->own_idx[k] = ld_attr_index(owner, ln->by_join ? owner->table->pk[k] :
									   rel->local_cols[k]);
		ln->tgt_idx[k] = rel->dir == ORM_REL_MANYTOMANY || ln->by_join ? 0 :
			ld_attr_index(ln->ci->cls, rel->remote_cols[k]);
		if (ln->own_idx[k] < 0 || ln->tgt_idx[k] < 0)
			return orm_err(ld->ctx->err, ORM_ERR_UNSUPPORTED,
						   "relationship %s.%s: join column is not a mapped attribute",
						   owner->name, rel->name);
	}
	return 0;
}

/* Does the statement of n join a collection (JOINED descendant with uselist)? */
static bool
ld_joins_collection(const OrmLoadNode *n)
{
	for (int i = 0; i < n->nchildren; i++)
	{
		const OrmLoadNode *k = n->children[i];

		if (k->strategy != ORM_LAZY_JOINED && k->strategy != ORM_LAZY_CONTAINS_EAGER)
			continue;
		if ((k->rel && k->rel->uselist) || ld_joins_collection(k))
			return true;
	}
	return false;
}

static LdNode *
ld_mirror(Ld *ld, OrmLoadNode *n, LdNode *parent)
{
	LdNode	   *ln = ORM_NEW(ld->a, LdNode);

	ln->n = n;
	ln->parent = parent;
	ln->index = ld->nnodes++;
	ln->disc_pos = -2;
	ln->rel_idx = -1;
	ln->recurse_left = n->recursion;
	ln->ci = ld_class(ld, n->cls);
	if (!ln->ci)
		return NULL;
	if (parent && n->strategy != ORM_LAZY_POLY)
	{
		OrmClass   *owner = parent->ci->cls;

		if (!n->rel || n->rel->slot < 0 ||
			!(orm_class_isa(owner, n->rel->owner) ||
			  (n->only && orm_class_isa(n->only, n->rel->owner)) ||
			  (parent->n->only && orm_class_isa(parent->n->only, n->rel->owner))))
		{
			orm_err(ld->ctx->err, ORM_ERR_INTERNAL, "plan: %s is not a relationship of %s",
					n->rel ? n->rel->name : "?", owner->name);
			return NULL;
		}
		ln->rel_idx = n->rel->slot;
		if (ld_key_indexes(ld, ln) < 0)
			return NULL;
	}
	/* rows of a selectin statement can repeat a (parent, child) pair when it
	 * joins a collection, or when criteria (rel.and_(), the relationship's
	 * own) name another table; SQLAlchemy's selectin result is unique() */
	ln->multiplies = ld_joins_collection(n) || n->criteria ||
		(n->rel && n->rel->extra_criteria && *n->rel->extra_criteria);
	ln->nkids = n->nchildren;
	ln->kids = ORM_NEWN(ld->a, LdNode *, n->nchildren > 0 ? n->nchildren : 1);
	for (int i = 0; i < n->nchildren; i++)
		if (!(ln->kids[i] = ld_mirror(ld, n->children[i], ln)))
			return NULL;
	return ln;
}

static int
ld_init(Ld *ld, OrmCtx *ctx, const LdPrepared *prep, OrmLoadNode **plans, int nitems)
{
	memset(ld, 0, sizeof(*ld));
	ld->ctx = ctx;
	ld->prep = prep;
	ld->a = ctx->arena;
	ld->nroots = nitems;
	ld->roots = ORM_NEWN(ld->a, LdNode *, nitems > 0 ? nitems : 1);
	for (int i = 0; i < nitems; i++)
		if (plans && plans[i] && !(ld->roots[i] = ld_mirror(ld, plans[i], NULL)))
			return -1;
	return 0;
}

/* ======================================================================
 * Stage 3: selectin statements
 * ====================================================================== */

/* The statement's FROM items for node ln. */
typedef struct LdStmt
{
	SxSelect   *sel;
	SxFrom	   *target;
	SxFrom	   *sec;			/* MANYTOMANY */
	SxFrom	   *parent;			/* by_join: the parent's alias */
	int			nextra;			/* leading key items (MANYTOMANY, by_join) */
} LdStmt;

static SxExpr *
ld_key_column(OrmArena *a, const LdStmt *st, const LdNode *ln, int k)
{
	const OrmRelationship *rel = ln->n->rel;

	if (ln->by_join)
		return sx_column(a, st->parent, rel->owner->table->pk[k]);
	if (rel->dir == ORM_REL_MANYTOMANY)
		return sx_column(a, st->sec, rel->remote_cols[k]);
	return sx_column(a, st->target, rel->remote_cols[k]);
}

/* The type of key column k's values. */
static const OrmType *
ld_key_type(const LdNode *ln, int k)
{
	const OrmRelationship *rel = ln->n->rel;

	return ln->by_join ? &rel->owner->table->pk[k]->type : &rel->remote_cols[k]->type;
}

/*
 * Whether the keys of parents keys[0..n-1] go into one parameter
 * (dialect.h, key_array_sql) rather than an IN list of one parameter each:
 * more than one parent, one key column of an integer or plain string type
 * (no variant, no explicit SQL type), every value an integer or a text of
 * that kind, and the engine has the form.  The keys still go LD_CHUNK
 * to a statement (sorts stay small: one statement for all of R1's 60,000
 * comments cost more, README "Speed"), but every statement has the same
 * text, one plan, and no IN list of 500 constants is parsed and planned.
 */
static bool
ld_key_array_ok(const OrmDialect *d, const LdNode *ln, LdObj **keys, int n)
{
	const OrmType *t;
	OrmValueKind want;

	if (!d || !d->key_array_sql || n < 2 || ln->nkey != 1)
		return false;
	t = ld_key_type(ln, 0);
	if (t->pg_variant || t->sqlite_variant)
		return false;
	if (t->kind == ORM_T_INTEGER || t->kind == ORM_T_BIGINT || t->kind == ORM_T_SMALLINT)
		want = ORM_V_INT;
	else if ((t->kind == ORM_T_STRING || t->kind == ORM_T_TEXT) && !t->sql_name)
		want = ORM_V_TEXT;
	else
		return false;
	for (int i = 0; i < n; i++)
		if (ld_val(keys[i], ln->own_idx[0])->kind != want)
			return false;
	return true;
}

/* col IN <every key in one parameter> (ld_key_array_ok). */
static SxExpr *
ld_key_array(OrmCtx *ctx, const LdStmt *st, const LdNode *ln, LdObj **keys, int n)
{
	OrmArena   *a = ctx->arena;
	const OrmValue **vals = ORM_NEWN(a, const OrmValue *, n);
	OrmBuf		text;
	OrmParam	v = {.kind = ORM_V_TYPED_TEXT};
	SxExpr	   *x;

	for (int i = 0; i < n; i++)
		vals[i] = ld_val(keys[i], ln->own_idx[0]);
	orm_buf_init(&text, a);
	ctx->dialect->key_array_text(&text, vals, n);
	v.s = orm_buf_cstr(&text);
	v.len = (uint32_t) text.len;
	x = sx_binary(a, SXOP_IN, ld_key_column(a, st, ln, 0), sx_param(a, v, NULL));
	x->key_array = true;
	return x;
}

/*
 * WHERE for the keys of parents keys[0..n-1]: col IN (...) or an OR of ANDs;
 * slots: each value a bind slot (compile.h), key k of parent i the
 * (i * nkey + k + 1)th, for a statement kept to run again (LdKept).
 */
static SxExpr *
ld_key_condition(OrmCtx *ctx, const LdStmt *st, const LdNode *ln, LdObj **keys, int n, bool slots)
{
	OrmArena   *a = ctx->arena;
	int			np = ln->nkey;
	SxExpr	  **terms;

	if (!slots && ld_key_array_ok(ctx->dialect, ln, keys, n))
		return ld_key_array(ctx, st, ln, keys, n);
	terms = ORM_NEWN(a, SxExpr *, n > 0 ? n : 1);

	for (int i = 0; i < n; i++)
	{
		SxExpr	  **eqs = ORM_NEWN(a, SxExpr *, np);

		for (int k = 0; k < np; k++)
		{
			SxExpr	   *p = sx_param(a, *ld_val(keys[i], ln->own_idx[k]), ld_key_type(ln, k));

			if (slots)
				p->bind_slot = i * np + k + 1;
			eqs[k] = np == 1 ? p : sx_binary(a, SXOP_EQ, ld_key_column(a, st, ln, k), p);
		}
		terms[i] = np == 1 ? eqs[0] : sx_boollist(a, SXOP_AND, np, eqs);
	}
	if (np == 1)
		return sx_binary(a, SXOP_IN, ld_key_column(a, st, ln, 0), sx_tuple(a, n, terms));
	return n == 1 ? terms[0] : sx_boollist(a, SXOP_OR, n, terms);
}

/* ORDER BY of a collection: relationship(order_by=), else the target's primary key. */
static void
ld_order_by(OrmArena *a, LdStmt *st, const OrmRelationship *rel)
{
	/* the mapper's primary key: a joined subclass's is its base table's */
	OrmTable   *t = rel->target->base ? rel->target->base->table : rel->target->table;

	if (rel->norder > 0)
	{
		for (int i = 0; i < rel->norder; i++)
		{
			OrmColumn  *c = rel->order_by[i].col;
			SxFrom	   *f = (rel->secondary && c->table == rel->secondary) ? st->sec : st->target;

			SxExpr	   *o = sx_column(a, f, c);

			/* as SQLAlchemy writes it: no ASC for a plain column */
			if (rel->order_by[i].desc || rel->order_by[i].nulls)
			{
				o = sx_order(a, o, rel->order_by[i].desc);
				o->nulls = rel->order_by[i].nulls;
			}
			orm_vec_push(a, &st->sel->order_by, o);
		}
		return;
	}
	for (int i = 0; i < t->npk; i++)
		orm_vec_push(a, &st->sel->order_by, sx_column(a, st->target, t->pk[i]));
}

/*
 * Builds the selectin statement of node ln for parents keys[0..n-1].  The
 * relationship's extra criteria (its primaryjoin's non-pair parts) come
 * before rel.and_() criteria, as SQLAlchemy places them.
 */
static int
ld_build_stmt(OrmCtx *ctx, LdNode *ln, LdObj **keys, int n, bool slots, LdStmt *st)
{
	OrmArena   *a = ctx->arena;
	const OrmRelationship *rel = ln->n->rel;
	OrmClass   *target = ln->n->cls;
	SxExpr	   *extra;

	memset(st, 0, sizeof(*st));
	st->sel = sx_select_new(a);
	/* rel.and_(criteria): the criteria name this FROM, so it is the target's */
	if (ln->n->criteria_from)
		st->target = ln->n->criteria_from;
	else
	{
		/* of_type() / the target's with_polymorphic: their tables joined */
		st->target = sx_from_table(a, target->table, target);
		for (int i = 0; i < ln->n->poly.n; i++)
			orm_vec_push(a, &st->target->poly, ln->n->poly.items[i]);
	}
	if (ln->by_join)
	{
		/*
		 * SELECT parent_1.<pk>, <target> FROM owner AS parent_1 JOIN target
		 * ON <the relationship's join, criteria included> WHERE parent_1.<pk>
		 * IN (...): SQLAlchemy's selectin load when its join is more than
		 * key columns equal to a parent's key.
		 */
		OrmClass   *owner = rel->owner;
		SxJoin	   *j;

		st->parent = sx_from_table(a, owner->table, owner);
		st->parent->is_alias = true;
		orm_vec_push(a, &st->sel->froms, st->parent);
		if (rel->secondary_join)
		{
			SxExpr	   *pj;

			if (orm_rel_composite(ctx, rel, st->parent, st->target, &st->sec, &pj, &extra) < 0)
				return -1;
			j = ORM_NEW(a, SxJoin);
			j->left = st->parent;
			j->target = st->sec;
			j->on = pj;
			orm_vec_push(a, &st->sel->joins, j);
		}
		else if (orm_rel_extra_criteria(ctx, rel, st->parent, NULL, st->target, &extra) < 0)
			return -1;
		if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
		{
			st->sec = sx_from_table(a, rel->secondary, NULL);
			j = ORM_NEW(a, SxJoin);
			j->left = st->parent;
			j->target = st->sec;
			j->on = sx_rel_condition(a, rel, st->parent, st->sec, NULL);
			orm_vec_push(a, &st->sel->joins, j);
			if (orm_rel_extra_criteria(ctx, rel, st->parent, st->sec, st->target, &extra) < 0)
				return -1;
		}
		j = ORM_NEW(a, SxJoin);
		j->left = st->sec ? st->sec : st->parent;
		j->target = st->target;
		j->on = sx_and(a, st->sec ? sx_rel_condition(a, rel, NULL, st->sec, st->target) :
					   sx_rel_condition(a, rel, st->parent, NULL, st->target), extra);
		if (!j->on)
		{
			j->on = ORM_NEW(a, SxExpr);
			j->on->kind = SX_TRUE;
		}
		orm_vec_push(a, &st->sel->joins, j);
		for (int k = 0; k < owner->table->npk; k++)
			sx_select_add_item(a, st->sel, sx_column(a, st->parent, owner->table->pk[k]),
							   owner->table->pk[k]->name);
		st->nextra = owner->table->npk;
		sx_select_add_item(a, st->sel, sx_entity(a, st->target), target->name);
		st->sel->where = ld_key_condition(ctx, st, ln, keys, n, slots);
	}
	else
	{
		orm_vec_push(a, &st->sel->froms, st->target);
		if (rel->dir == ORM_REL_MANYTOMANY)
		{
			SxJoin	   *j = ORM_NEW(a, SxJoin);

			st->sec = sx_from_table(a, rel->secondary, NULL);
			j->left = st->target;
			j->target = st->sec;
			j->on = sx_rel_condition(a, rel, NULL, st->sec, st->target);
			orm_vec_push(a, &st->sel->joins, j);
			for (int k = 0; k < rel->npairs; k++)
				sx_select_add_item(a, st->sel, sx_column(a, st->sec, rel->remote_cols[k]),
								   rel->remote_cols[k]->name);
			st->nextra = rel->npairs;
		}
		sx_select_add_item(a, st->sel, sx_entity(a, st->target), target->name);
		st->sel->where = ld_key_condition(ctx, st, ln, keys, n, slots);
		if (orm_rel_extra_criteria(ctx, rel, NULL, st->sec, st->target, &extra) < 0)
			return -1;
		st->sel->where = sx_and(a, st->sel->where, extra);
	}
	if (ln->n->criteria)
		st->sel->where = sx_and(a, st->sel->where, ln->n->criteria);
	if (ln->n->crit)
		st->sel->crit = *ln->n->crit;
	if (rel->uselist)
		ld_order_by(a, st, rel);
	ln->n->from = st->target;
	ln->n->sec_from = NULL;
	return lp_place_joined(ctx, ln->n);
}

static int
ld_compile_stmt(OrmCtx *ctx, LdNode *ln, LdStmt *st, OrmCompiled *comp)
{
	OrmLoadNode **plans = ORM_NEWN(ctx->arena, OrmLoadNode *, st->nextra + 1);

	plans[st->nextra] = ln->n;
	memset(comp, 0, sizeof(*comp));
	return orm_compile_select(ctx, st->sel, plans, comp);
}

/* Parents of ln still to load, their distinct keys, and an index over them. */
typedef struct LdParents
{
	OrmPtrVec	pending;		/* LdObj* */
	OrmPtrVec	keys;			/* LdObj*: one representative per distinct key */
	LdIndex		index;			/* pending parents by their key */
} LdParents;

/*
 * Splits the parent node's objects: those already loaded contribute their
 * existing children to ln (the union of paths), the others become pending,
 * marked loaded (empty / null) before their children arrive.
 */
static int
ld_collect_parents(Ld *ld, LdNode *ln, LdParents *lp)
{
	const OrmValue *probe[LD_MAXKEY];

	memset(lp, 0, sizeof(*lp));
	lp->index.idx = ln->own_idx;
	lp->index.nidx = ln->nkey;
	for (int i = 0; i < ln->parent->objs.n; i++)
	{
		LdObj	   *p = ln->parent->objs.items[i];
		LdRel	   *slot;
		uint64_t	h;
		int			pos = -1;

		if (ORM_POLL(ld->ctx) < 0)	/* 500000 parents take a while: host.h, interrupted */
			return -1;
		if (ln->n->only && !orm_class_isa(p->ci->cls, ln->n->only))
			continue;			/* a subclass's relationship: its objects only */
		if (ld_is_loaded(p, ln->rel_idx))
		{
			slot = &p->rels[ln->rel_idx];
			if (slot->one)
				ld_node_meet(ld, ln, slot->one);
			for (int k = 0; k < slot->n; k++)
				ld_node_meet(ld, ln, slot->items[k]);
			continue;
		}
		slot = ld_slot(ld, p, ln->rel_idx);
		slot->loaded = true;
		orm_vec_push(ld->a, &lp->pending, p);
		ld_obj_probe(p, ln->own_idx, ln->nkey, probe);
		if (ld_probe_has_null(probe, ln->nkey))
			continue;
		h = ld_hash_probe(probe, ln->nkey);
		if (!ld_index_next(&lp->index, probe, h, &pos))
			orm_vec_push(ld->a, &lp->keys, p);
		ld_index_add(ld, &lp->index, p, h);
	}
	return 0;
}

/* One row of a selectin statement: hydrate the child, attach it to its parents. */
static void
ld_selectin_row(Ld *ld, LdNode *ln, LdParents *lp, const OrmCompiled *comp,
				const OrmValue *row)
{
	const OrmRelationship *rel = ln->n->rel;
	const OrmValue *probe[LD_MAXKEY];
	LdObj	   *child,
			   *p;
	int			pos = -1;
	uint64_t	h;

	child = ld_hydrate(ld, ln, row, comp->item_offset[comp->nitems - 1]);
	if (!child)
		return;
	for (int k = 0; k < ln->nkey; k++)
		probe[k] = rel->dir == ORM_REL_MANYTOMANY || ln->by_join ? &row[comp->item_offset[k]]
			: ld_val(child, ln->tgt_idx[k]);
	h = ld_hash_probe(probe, ln->nkey);
	while ((p = ld_index_next(&lp->index, probe, h, &pos)) != NULL)
	{
		LdRel	   *slot = ld_slot(ld, p, ln->rel_idx);

		if (rel->uselist)
			ld_collection_add(ld, slot, p, rel, child, ln->multiplies);
		else if (!slot->one)
			slot->one = child;	/* uselist=False with several rows: the first */
	}
}

/*
 * A selectin statement for one parent kept with a prepared select
 * (ld_prepare_selectins): its nodes set as its compilation left them, its
 * key bound to parent keys[0]'s.  false when there is none for ln.
 */
static bool
ld_kept_stmt(Ld *ld, LdNode *ln, LdObj **keys, LdStmt *st, OrmCompiled *comp)
{
	const LdKept *k;

	if (!ld->prep || ln->index >= ld->prep->nkept || !ld->prep->kept[ln->index].comp.sql)
		return false;
	k = &ld->prep->kept[ln->index];
	lp_restore_stmt(ld->a, ln->n, k->node);
	memset(st, 0, sizeof(*st));
	st->nextra = k->nextra;
	*comp = k->comp;
	comp->params = ORM_NEWN(ld->a, OrmParam, k->comp.nparams + 1);
	for (int i = 0; i < k->comp.nparams; i++)
		comp->params[i] = k->comp.param_slots[i] == 1 ? *ld_val(keys[0], ln->own_idx[0])
			: k->comp.params[i];
	return true;
}

static int
ld_run_selectin(Ld *ld, LdNode *ln, int *nkeys)
{
	OrmCtx	   *ctx = ld->ctx;
	LdParents	lp;
	int			chunk = LD_CHUNK;
	int			np = ln->nkey;
	int64_t		made;

	if (ld_collect_parents(ld, ln, &lp) < 0)
		return -1;
	*nkeys = lp.keys.n;
	if (ctx->dialect && ctx->dialect->max_params > 0 && chunk * np > ctx->dialect->max_params)
		chunk = ctx->dialect->max_params / np;
	for (int start = 0; start < lp.keys.n; start += chunk)
	{
		int			n = lp.keys.n - start < chunk ? lp.keys.n - start : chunk;
		LdStmt		st;
		OrmCompiled comp;
		OrmRows		rows;

		/* one parent: the statement kept with the prepared select, if any */
		if (!(n == 1 && ld_kept_stmt(ld, ln, (LdObj **) lp.keys.items + start, &st, &comp)) &&
			(ld_build_stmt(ctx, ln, (LdObj **) lp.keys.items + start, n, false, &st) < 0 ||
			 ld_compile_stmt(ctx, ln, &st, &comp) < 0))
			return -1;
		if (comp.nitems != st.nextra + 1)
			return orm_err(ctx->err, ORM_ERR_INTERNAL, "selectin statement for %s.%s: bad row shape",
						   ln->parent->ci->cls->name, ln->n->rel->name);
		memset(&rows, 0, sizeof(rows));
		if (orm_ctx_query(ctx, comp.sql, comp.nparams, comp.params, &rows) < 0)
			return -1;
		if (rows.nrows > 0 &&
			ld_check_offsets(ld, ln, comp.item_offset[st.nextra], rows.ncols) < 0)
			return -1;
		made = ld->in_rows;
		for (int r = 0; r < rows.nrows; r++)
		{
			if (ORM_POLL(ctx) < 0)	/* a cancel lands here (host.h, interrupted) */
				return -1;
			ld_selectin_row(ld, ln, &lp, &comp, ORM_ROW(&rows, r));
			if (ctx->err->code)
				return -1;
		}
		/*
		 * No new object points into these rows (the objects they name were
		 * met before: a many-to-many's targets, say): the row array goes
		 * back (host.h: one allocation; the values' texts stay)
		 */
		if (ld->in_rows == made)
			orm_free(ctx->arena, rows.values,
					 sizeof(OrmValue) * (size_t) rows.nrows * (size_t) rows.ncols);
	}
	return 0;
}

/*
 * The objects an ORM_LAZY_POLY node loads: its parent node's objects whose
 * class picks it (orm_poly_pick), once each; those lacking attributes are
 * pending (their keys go into its statement), the others it meets at once.
 */
static int
ld_poly_parents(Ld *ld, LdNode *ln, OrmPtrVec *pending)
{
	for (int i = 0; i < ln->parent->objs.n; i++)
	{
		LdObj	   *p = ln->parent->objs.items[i];

		if (ORM_POLL(ld->ctx) < 0)
			return -1;
		if (!orm_class_isa(p->ci->cls, ln->n->cls) ||
			orm_poly_pick(ln->parent->n, p->ci->cls) != ln->n ||
			!ld_set_add(ld, &ld->members, ln, p, ld))
			continue;
		if (p->loaded)
			orm_vec_push(ld->a, pending, p);
		else
			ld_node_meet(ld, ln, p);
	}
	return 0;
}

/* Node ln's statement for objs[0..n-1], compiled (orm_poly_stmt). */
static int
ld_poly_compile(Ld *ld, LdNode *ln, LdObj **objs, int n, OrmCompiled *comp)
{
	OrmCtx	   *ctx = ld->ctx;
	LdClass    *bc = ln->ci->base;
	const OrmValue **keys = ORM_NEWN(ld->a, const OrmValue *, (size_t) (n * bc->npk) + 1);
	OrmLoadNode **plans = ORM_NEWN(ld->a, OrmLoadNode *, 1);
	SxSelect   *sel;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < bc->npk; k++)
			keys[i * bc->npk + k] = ld_val(objs[i], bc->pk_idx[k]);
	sel = orm_poly_stmt(ctx, ln->n, keys, n);
	plans[0] = ln->n;
	if (lp_place_joined(ctx, ln->n) < 0)
		return -1;
	memset(comp, 0, sizeof(*comp));
	return orm_compile_select(ctx, sel, plans, comp);
}

/* An ORM_LAZY_POLY node: its class's columns of the objects that lack them. */
static int
ld_run_poly(Ld *ld, LdNode *ln)
{
	OrmCtx	   *ctx = ld->ctx;
	OrmPtrVec	pending = {0};
	int			chunk = LD_CHUNK,
				npk = ln->ci->base->npk;

	if (npk <= 0 || npk > LD_MAXKEY)
		return orm_err(ctx->err, ORM_ERR_UNSUPPORTED, "cannot load %s's columns by a key of %d columns",
					   ln->ci->cls->name, npk);
	if (ld_poly_parents(ld, ln, &pending) < 0)
		return -1;
	if (ctx->dialect && ctx->dialect->max_params > 0 && chunk * npk > ctx->dialect->max_params)
		chunk = ctx->dialect->max_params / npk;
	for (int start = 0; start < pending.n; start += chunk)
	{
		int			n = pending.n - start < chunk ? pending.n - start : chunk;
		OrmCompiled comp;
		OrmRows		rows;

		if (ld_poly_compile(ld, ln, (LdObj **) pending.items + start, n, &comp) < 0)
			return -1;
		memset(&rows, 0, sizeof(rows));
		if (orm_ctx_query(ctx, comp.sql, comp.nparams, comp.params, &rows) < 0)
			return -1;
		if (rows.nrows > 0 && ld_check_offsets(ld, ln, comp.item_offset[0], rows.ncols) < 0)
			return -1;
		for (int r = 0; r < rows.nrows; r++)
		{
			if (ORM_POLL(ctx) < 0)
				return -1;
			ld_hydrate(ld, ln, ORM_ROW(&rows, r), comp.item_offset[0]);
			if (ctx->err->code)
				return -1;
		}
	}
	return 0;
}

/*
 * The SELECTIN nodes of the statement rooted at ln (ln's subtree through
 * JOINED / CONTAINS_EAGER nodes), appended to q in plan order.
 */
static void
ld_enqueue_selectins(Ld *ld, LdNode *ln, OrmPtrVec *q)
{
	for (int i = 0; i < ln->nkids; i++)
	{
		LdNode	   *k = ln->kids[i];

		if (k->n->strategy == ORM_LAZY_SELECTIN || k->n->strategy == ORM_LAZY_POLY)
			orm_vec_push(ld->a, q, k);
		else
			ld_enqueue_selectins(ld, k, q);
	}
}

/* Breadth-first over the statements: each SELECTIN node after its parent's. */
static int
ld_run_selectins(Ld *ld)
{
	OrmPtrVec	q = {0};

	for (int i = 0; i < ld->nroots; i++)
		if (ld->roots[i])
			ld_enqueue_selectins(ld, ld->roots[i], &q);
	for (int i = 0; i < q.n; i++)
	{
		LdNode	   *ln = q.items[i];
		int			nkeys = 0;

		if ((ln->n->strategy == ORM_LAZY_POLY ? ld_run_poly(ld, ln) :
			 ld_run_selectin(ld, ln, &nkeys)) < 0)
			return -1;
		ld_enqueue_selectins(ld, ln, &q);
		if (ln->recurse_left != 0 && nkeys > 0 && ln->objs.n > 0)
		{
			/* selectinload(recursion_depth=): the same load again, below the
			 * objects this one loaded, until a level loads nothing new */
			LdNode	   *rn = ld_mirror(ld, ln->n, ln);

			if (!rn)
				return -1;
			rn->recurse_left = ln->recurse_left > 0 ? ln->recurse_left - 1 : -1;
			orm_vec_push(ld->a, &q, rn);
		}
	}
	return 0;
}

/* ---- collections without order_by, filled by joined loads ---- */

/*
 * A collection whose relationship has no order_by, filled from a joined
 * statement's rows (joinedload, lazy="joined", contains_eager), is put in
 * primary key order here: docs/reference.md promises that order for every
 * collection without order_by (a selectin statement has ORDER BY pk), where
 * SQLAlchemy leaves it to the engine (PostgreSQL's hash join gives another).
 * A collection with order_by is never sorted here: the joined statement's
 * ORDER BY ends with it (compile.c, c_eager_order), so the engine puts the
 * rows in that order under its collation and NULL placement, as
 * SQLAlchemy's; a contains_eager collection takes its statement's order.
 */
static void
ld_queue_sort(Ld *ld, LdRel *slot, LdNode *ln)
{
	LdSortItem *it = ORM_NEW(ld->a, LdSortItem);

	slot->sorted = true;
	it->slot = slot;
	it->ln = ln;
	orm_vec_push(ld->a, &ld->to_sort, it);
}

static int
ld_pk_cmp(const LdClass *ci, const LdObj *x, const LdObj *y)
{
	for (int i = 0; i < ci->npk; i++)
	{
		int			c = ld_value_cmp(ld_val(x, ci->pk_idx[i]), ld_val(y, ci->pk_idx[i]));

		if (c)
			return c;
	}
	return 0;
}

/* Stable merge sort of v[0..n-1] by primary key, using tmp. */
static void
ld_merge_sort(const LdClass *ci, LdObj **v, LdObj **tmp, int n)
{
	int			mid = n / 2,
				i = 0,
				j,
				k = 0;

	if (n < 2)
		return;
	ld_merge_sort(ci, v, tmp, mid);
	ld_merge_sort(ci, v + mid, tmp, n - mid);
	j = mid;
	while (i < mid && j < n)
		tmp[k++] = ld_pk_cmp(ci, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, sizeof(LdObj *) * (size_t) n);
}

static void
ld_sort_collections(Ld *ld)
{
	for (int i = 0; i < ld->to_sort.n; i++)
	{
		LdSortItem *it = ld->to_sort.items[i];
		LdObj	  **tmp;

		if (it->slot->n < 2)
			continue;
		tmp = ORM_NEWN(ld->a, LdObj *, it->slot->n);
		ld_merge_sort(it->ln->ci, it->slot->items, tmp, it->slot->n);
	}
}

/* ======================================================================
 * Writing the result a piece of objects at a time
 * ====================================================================== */

/*
 * A single-entity orm_select of many objects whose selectin loads are
 * collections (R1: users, their posts, the posts' comments and tags) is
 * loaded and written LD_PIECE root objects at a time: the selectin
 * statements of a piece's roots run, its objects are written, and every
 * row and object the piece made is given back (orm_arena_release) before
 * the next piece, so that the rows, the objects and the whole document are
 * never held at once.  The result is the same text: each node below the
 * root loads a collection (one-to-many or many-to-many), so a piece's
 * statements read the rows of its own roots' children only, and each class
 * has one node in the plan, so an object is met by one node, its
 * relationships are what that node loads, and one met in two pieces (a
 * tag under posts of both) is written from rows of the same values in
 * each.  The first selectin level's statements take a piece's keys (at
 * most LD_PIECE, where one load would take LD_CHUNK); the levels below
 * chunk a piece's parents as before.
 */
#define LD_PIECE		100		/* root objects per piece (keys as one array) */
#define LD_PIECE_NODES	64		/* plan nodes at most */

/*
 * Root objects per piece.  Where a selectin statement takes its keys as an
 * IN list (SQLite), LD_CHUNK, so that its first level runs the statements
 * one load runs: with ANALYZE's statistics SQLite reads a small table whole
 * for an IN list of 100 keys as for one of 500 (rowid order, no sort), and
 * five times the statements read it five times (users+posts at 1,000 users
 * cost 1.8x, README "Speed").  Where they take one array (PostgreSQL), an
 * index scan each, LD_PIECE: less memory, and the smaller sorts are faster.
 */
static int
ld_piece_size(const Ld *ld)
{
	return ld->ctx->dialect && ld->ctx->dialect->key_array_sql ? LD_PIECE : LD_CHUNK;
}

static bool
ld_piece_node_ok(const LdNode *ln, const OrmClass **seen, int *nseen, bool root)
{
	const OrmLoadNode *n = ln->n;
	const OrmClass *cls = n->cls;

	if (cls->polymorphic_on || (cls->base && cls->base != cls) || cls->subclasses.n > 0 ||
		n->poly.n > 0 || n->of_type || *nseen == LD_PIECE_NODES)
		return false;
	if (!root && (n->strategy != ORM_LAZY_SELECTIN || n->recursion != 0 || !n->rel ||
				  n->rel->dir == ORM_REL_MANYTOONE))
		return false;
	for (int i = 0; i < *nseen; i++)
		if (seen[i] == cls)
			return false;
	seen[(*nseen)++] = cls;
	for (int i = 0; i < ln->nkids; i++)
		if (!ld_piece_node_ok(ln->kids[i], seen, nseen, false))
			return false;
	return true;
}

/* Whether the result of root (a single-entity statement's, loaded) is written in pieces. */
static bool
ld_pieces_ok(const Ld *ld, const LdNode *root)
{
	const OrmClass *seen[LD_PIECE_NODES];
	int			nseen = 0;

	/* orm_explain and echo show the statements one load runs */
	if (ld->ctx->explain || (ld->ctx->conn && ld->ctx->conn->echo) ||
		root->objs.n <= ld_piece_size(ld) || root->nkids == 0)
		return false;
	/* nothing a piece would add to is filled yet (no joined loads) */
	if (ld->members.n || ld->edges.n || ld->to_sort.n)
		return false;
	return ld_piece_node_ok(root, seen, &nseen, true);
}

/*
 * What a piece changes in place, saved before the first one and put back
 * after each: the loader's state, every node of the plan and its mirror
 * (the statements place and compile the plan nodes anew, into the piece's
 * memory), their column lists, every class's identity map and types.
 */
typedef struct LdSaved
{
	Ld			ld;
	int			nnodes;
	LdNode	  **nodes;
	LdNode	   *node_copy;
	OrmLoadNode *plan_copy;
	OrmLoadCol **load_copy;
	LdClass    *class_copy;
	const OrmType ***xtypes_copy;
} LdSaved;

static void
ld_save_nodes(Ld *ld, LdNode *ln, OrmPtrVec *v)
{
	orm_vec_push(ld->a, v, ln);
	for (int i = 0; i < ln->nkids; i++)
		ld_save_nodes(ld, ln->kids[i], v);
}

static void
ld_save(Ld *ld, LdNode *root, LdSaved *sv)
{
	OrmPtrVec	v = {0};
	int			nc = ld->classes.n;

	ld_save_nodes(ld, root, &v);
	sv->ld = *ld;
	sv->nnodes = v.n;
	sv->nodes = (LdNode **) v.items;
	sv->node_copy = ORM_NEWN(ld->a, LdNode, v.n);
	sv->plan_copy = ORM_NEWN(ld->a, OrmLoadNode, v.n);
	sv->load_copy = ORM_NEWN(ld->a, OrmLoadCol *, v.n);
	for (int i = 0; i < v.n; i++)
	{
		const OrmLoadNode *n = sv->nodes[i]->n;

		sv->node_copy[i] = *sv->nodes[i];
		sv->plan_copy[i] = *n;
		if (n->load)
		{
			/* one spare slot, as the planner allocates (load_cols.c) */
			sv->load_copy[i] = ORM_NEWN(ld->a, OrmLoadCol, n->nload + 1);
			memcpy(sv->load_copy[i], n->load, sizeof(OrmLoadCol) * (size_t) n->nload);
		}
	}
	sv->class_copy = ORM_NEWN(ld->a, LdClass, nc > 0 ? nc : 1);
	sv->xtypes_copy = ORM_NEWN(ld->a, const OrmType **, nc > 0 ? nc : 1);
	for (int i = 0; i < nc; i++)
	{
		const LdClass *ci = ld->classes.items[i];

		sv->class_copy[i] = *ci;
		if (ci->base == ci && ci->nx > 0)
		{
			sv->xtypes_copy[i] = ORM_NEWN(ld->a, const OrmType *, ci->nx);
			memcpy(sv->xtypes_copy[i], ci->xtypes, sizeof(OrmType *) * (size_t) ci->nx);
		}
	}
}

static void
ld_restore(Ld *ld, const LdSaved *sv)
{
	*ld = sv->ld;
	for (int i = 0; i < sv->nnodes; i++)
	{
		LdNode	   *ln = sv->nodes[i];

		*ln = sv->node_copy[i];
		*ln->n = sv->plan_copy[i];
		if (sv->load_copy[i])
			memcpy(ln->n->load, sv->load_copy[i], sizeof(OrmLoadCol) * (size_t) ln->n->nload);
	}
	for (int i = 0; i < ld->classes.n; i++)
	{
		LdClass    *ci = ld->classes.items[i];

		*ci = sv->class_copy[i];
		if (sv->xtypes_copy[i])
			memcpy((void *) ci->xtypes, sv->xtypes_copy[i], sizeof(OrmType *) * (size_t) ci->nx);
	}
}

/*
 * The unique objects of root (ld_write_unique's text), their selectin
 * loads run and written LD_PIECE objects at a time.
 */
static int
ld_write_pieces(Ld *ld, LdNode *root, OrmBuf *out, int null_pos)
{
	LdObj	  **objs = (LdObj **) root->objs.items;
	int			n = root->objs.n,
				piece = ld_piece_size(ld);
	LdSaved		sv;

	/* the text in a big block of its own made before the pieces: kept by
	 * their release (util.h) */
	orm_buf_reserve(out, out->arena->big_min);
	ld_save(ld, root, &sv);
	orm_buf_putc(out, '[');
	for (int start = 0; start < n; start += piece)
	{
		int			end = n - start < piece ? n : start + piece;
		OrmArenaMark mark;

		orm_arena_mark(ld->a, &mark);
		root->objs.items = (void **) objs + start;
		root->objs.n = root->objs.cap = end - start;
		if (ld_run_selectins(ld) < 0)
			return -1;
		ld_sort_collections(ld);
		for (int i = start; i < end; i++)
		{
			if (i == null_pos)
				orm_buf_puts(out, i > 0 ? ",null" : "null");
			if (i > 0 || null_pos == 0)
				orm_buf_putc(out, ',');
			if (ld_write_obj(ld, out, objs[i], 0) < 0)
				return -1;
		}
		orm_arena_release(ld->a, &mark, out->data);
		ld_restore(ld, &sv);
	}
	if (null_pos == n)
		orm_buf_puts(out, n > 0 ? ",null" : "null");
	orm_buf_putc(out, ']');
	return 0;
}

/* ======================================================================
 * Running a select
 * ====================================================================== */

/* Select items that may carry an entity: none for a compound select. */
static int
ld_nroots(const SxSelect *sel, const OrmCompiled *comp)
{
	if (sel->compound != SXC_NONE)
		return 0;
	return sel->items.n < comp->nitems ? sel->items.n : comp->nitems;
}

/* A statement returns unique objects when it is exactly one entity item. */
static bool
ld_single_entity(const SxSelect *sel, OrmLoadNode **plans)
{
	return sel->compound == SXC_NONE && sel->items.n == 1 && plans && plans[0];
}

typedef struct LdResult
{
	Ld			ld;
	OrmCompiled comp;
	OrmRows		rows;
	LdObj	  **rowobjs;		/* nrows * nitems, entity items only */
	bool		single;
	int			null_pos;		/* single: objects seen before the first NULL
								 * entity, or -1 */
} LdResult;

int
ld_prepare(OrmCtx *ctx, SxSelect *sel, LdPrepared *p)
{
	memset(p, 0, sizeof(*p));
	p->sel = sel;
	p->plans = ld_plan(ctx, sel);
	if (!p->plans)
		return -1;
	return orm_compile_select(ctx, sel, p->plans, &p->comp);
}

/* Runs the main statement of a prepared select (the selectin statements: ld_run_selectins). */
static int
ld_execute(OrmCtx *ctx, const LdPrepared *p, LdResult *res)
{
	SxSelect   *sel = p->sel;
	OrmLoadNode **plans = p->plans;
	int			nitems;

	memset(res, 0, sizeof(*res));
	res->null_pos = -1;
	res->comp = p->comp;
	nitems = res->comp.nitems;
	if (ld_init(&res->ld, ctx, p, plans, ld_nroots(sel, &res->comp)) < 0)
		return -1;
	if ((orm_compiled_driver_names(&res->comp) ?
		 orm_ctx_query_names(ctx, res->comp.sql, res->comp.nparams, res->comp.params, &res->rows) :
		 orm_ctx_query(ctx, res->comp.sql, res->comp.nparams, res->comp.params, &res->rows)) < 0)
		return -1;
	if (res->rows.nrows > 0 && ld_check_row(&res->ld, sel, &res->comp, res->rows.ncols) < 0)
		return -1;
	res->single = ld_single_entity(sel, plans) && !sel->shape;
	if (!res->single && res->rows.nrows > 0 && nitems > 0)
		res->rowobjs = ORM_NEWN(ctx->arena, LdObj *, (size_t) res->rows.nrows * nitems);
	for (int r = 0; r < res->rows.nrows; r++)
	{
		const OrmValue *row = ORM_ROW(&res->rows, r);

		if (ORM_POLL(ctx) < 0)
			return -1;
		for (int i = 0; i < res->ld.nroots; i++)
		{
			LdObj	   *o;

			if (!res->ld.roots[i])
				continue;
			o = ld_hydrate(&res->ld, res->ld.roots[i], row, res->comp.item_offset[i]);
			if (res->rowobjs)
				res->rowobjs[(size_t) r * nitems + i] = o;
			else if (!o && res->null_pos < 0)
				res->null_pos = res->ld.roots[i]->objs.n;
		}
	}
	return 0;
}

/* Runs p (ld_execute) and writes its result as w says. */
static int
ld_run_write(OrmCtx *ctx, const LdPrepared *p, LdWrite w, OrmBuf *out)
{
	LdResult	res;
	LdNode	   *root;

	if (ld_execute(ctx, p, &res) < 0)
		return -1;
	if (w == LD_WRITE_RESULT && res.single && ld_pieces_ok(&res.ld, res.ld.roots[0]))
		return ld_write_pieces(&res.ld, res.ld.roots[0], out, res.null_pos);
	if (ld_run_selectins(&res.ld) < 0)
		return -1;
	ld_sort_collections(&res.ld);
	if (w == LD_WRITE_FIRST)
	{
		root = res.ld.nroots > 0 ? res.ld.roots[0] : NULL;
		if (!root || root->objs.n == 0)
		{
			orm_buf_puts(out, "null");
			return 0;
		}
		return ld_write_obj(&res.ld, out, root->objs.items[0], 0);
	}
	if (p->sel->shape)
	{
		bool		joined = false;

		for (int i = 0; i < res.ld.nroots; i++)
			if (res.ld.roots[i] && ld_joins_collection(res.ld.roots[i]->n))
				joined = true;
		return ld_write_shaped(&res.ld, out, p->sel, &res.comp, &res.rows, res.rowobjs,
							   p->sel->shape, joined);
	}
	if (res.single)
	{
		root = res.ld.roots[0];
		return ld_write_unique(&res.ld, out, (LdObj **) root->objs.items, root->objs.n,
							   res.null_pos);
	}
	return ld_write_rows(&res.ld, out, p->sel, &res.comp, &res.rows, res.rowobjs);
}

int
orm_load_select(OrmCtx *ctx, SxSelect *sel, OrmBuf *out)
{
	LdPrepared	p;

	if (sel->shape && sel->shape->json)
	{
		/* a text's value its session calls computed (orm_query_eval_run) */
		orm_buf_puts(out, sel->shape->json);
		return 0;
	}
	if (ld_prepare(ctx, sel, &p) < 0)
		return -1;
	return ld_run_write(ctx, &p, LD_WRITE_RESULT, out);
}

/*
 * A kept prepared select run again (orm/loader_cache.c): on its own copy of
 * the plan (running changes it) and of the parameters, the value of each
 * bind slot k (compile.h, param_slots) being binds[k - 1].
 */
int
ld_run_prepared(OrmCtx *ctx, const LdPrepared *p, const OrmParam *binds, int nbinds,
				LdWrite w, OrmBuf *out)
{
	LdPrepared	run = *p;

	run.plans = lp_copy_plans(ctx->arena, p->plans, p->sel->items.n);
	if (p->comp.param_slots)
	{
		run.comp.params = ORM_NEWN(ctx->arena, OrmParam, p->comp.nparams + 1);
		for (int i = 0; i < p->comp.nparams; i++)
		{
			int			k = p->comp.param_slots[i];

			if (k > nbinds)
				return orm_err(ctx->err, ORM_ERR_INTERNAL, "kept statement: no value for slot %d", k);
			run.comp.params[i] = k > 0 ? binds[k - 1] : p->comp.params[i];
		}
	}
	return ld_run_write(ctx, &run, w, out);
}

/* ======================================================================
 * orm_compile: every statement, without running any
 * ====================================================================== */

static void
ld_put_stmt(OrmBuf *out, const char *sql)
{
	if (out->len > 0)
		orm_buf_putc(out, '\n');
	orm_buf_puts(out, sql);
	orm_buf_putc(out, ';');
}

/*
 * A selectin node's statement for one key.  The key's value is unknown
 * without running; the parameter is bound to NULL of the key column's type,
 * so the text is what a one-parent load sends.
 */
static int
ld_compile_one_key(Ld *ld, LdNode *ln, OrmBuf *out)
{
	OrmArena   *a = ld->a;
	LdObj	   *fake = ORM_NEW(a, LdObj);
	int			nvals = ln->parent->ci->base->nvals;
	LdStmt		st;
	OrmCompiled comp;

	fake->ci = ln->n->strategy == ORM_LAZY_POLY ? ln->ci : ln->parent->ci;
	fake->vals = ORM_NEWN(a, OrmValue, nvals > 0 ? nvals : 1);
	if (ln->n->strategy == ORM_LAZY_POLY)
	{
		if (ld_poly_compile(ld, ln, &fake, 1, &comp) < 0)
			return -1;
	}
	else if (ld_build_stmt(ld->ctx, ln, &fake, 1, false, &st) < 0 ||
			 ld_compile_stmt(ld->ctx, ln, &st, &comp) < 0)
		return -1;
	ld_put_stmt(out, comp.sql);
	return 0;
}

int
orm_compile_text(OrmCtx *ctx, SxSelect *sel, OrmBuf *out)
{
	OrmLoadNode **plans;
	OrmCompiled comp;
	Ld			ld;
	OrmPtrVec	q = {0};

	plans = ld_plan(ctx, sel);
	if (!plans)
		return -1;
	memset(&comp, 0, sizeof(comp));
	if (orm_compile_select(ctx, sel, plans, &comp) < 0)
		return -1;
	if (ld_init(&ld, ctx, NULL, plans, ld_nroots(sel, &comp)) < 0)
		return -1;
	{
		OrmBuf		tmp;

		orm_buf_init(&tmp, ctx->arena);
		ld_put_stmt(&tmp, comp.sql);
		for (int i = 0; i < ld.nroots; i++)
			if (ld.roots[i])
				ld_enqueue_selectins(&ld, ld.roots[i], &q);
		for (int i = 0; i < q.n; i++)
		{
			if (ld_compile_one_key(&ld, q.items[i], &tmp) < 0)
				return -1;
			ld_enqueue_selectins(&ld, q.items[i], &q);
		}
		orm_buf_put(out, tmp.data, tmp.len);
	}
	return 0;
}

/* ======================================================================
 * Selectin statements kept with a prepared select
 * ====================================================================== */

/*
 * ln's statement for one parent (a stand-in whose key is a bind slot),
 * compiled into p->kept[ln->index]; nothing kept when it cannot be built
 * now (the run will build it and report why, if it has parents).
 */
static void
ld_keep_selectin(Ld *ld, LdNode *ln, LdPrepared *p)
{
	OrmCtx	   *ctx = ld->ctx;
	int			nvals = ln->parent->ci->base->nvals;
	LdObj	   *fake;
	LdStmt		st;
	OrmCompiled comp;

	if (ln->nkey != 1 || ln->index >= p->nkept)
		return;
	fake = ORM_NEW(ld->a, LdObj);
	fake->ci = ln->parent->ci;
	fake->vals = ORM_NEWN(ld->a, OrmValue, nvals > 0 ? nvals : 1);
	if (ld_build_stmt(ctx, ln, &fake, 1, true, &st) < 0 ||
		ld_compile_stmt(ctx, ln, &st, &comp) < 0 ||
		comp.nitems != st.nextra + 1 || !comp.param_slots)
	{
		orm_err_clear(ctx->err);
		return;
	}
	for (int i = 0; i < comp.nparams; i++)
		if (comp.param_slots[i] > 1)
			return;				/* one parent, one key column: slot 1 only */
	p->kept[ln->index].comp = comp;
	p->kept[ln->index].node = ln->n;	/* the copy's node: nothing else changes it */
	p->kept[ln->index].nextra = st.nextra;
}

void
ld_prepare_selectins(OrmCtx *ctx, LdPrepared *p)
{
	OrmLoadNode **copy = lp_copy_plans(ctx->arena, p->plans, p->sel->items.n);
	OrmPtrVec	q = {0};
	Ld			ld;

	if (ld_init(&ld, ctx, NULL, copy, ld_nroots(p->sel, &p->comp)) < 0)
	{
		orm_err_clear(ctx->err);
		return;
	}
	p->nkept = ld.nnodes;
	p->kept = ORM_NEWN(ctx->arena, LdKept, ld.nnodes > 0 ? ld.nnodes : 1);
	for (int i = 0; i < ld.nroots; i++)
		if (ld.roots[i])
			ld_enqueue_selectins(&ld, ld.roots[i], &q);
	for (int i = 0; i < q.n; i++)
	{
		LdNode	   *ln = q.items[i];

		if (ln->n->strategy == ORM_LAZY_SELECTIN)
			ld_keep_selectin(&ld, ln, p);
		ld_enqueue_selectins(&ld, ln, &q);
	}
	p->nclasses = ld.classes.n;
	p->classes = (struct LdClass *const *) ld.classes.items;
}
