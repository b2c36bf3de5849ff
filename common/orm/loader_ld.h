/*
 * loader_ld.h -- the run-time objects of one load (not an API): what
 * loader.c (stages 2 and 3: hydration, the identity map, selectin
 * statements; running a select, in pieces or whole) and loader_json.c
 * (stage 4: the objects and rows as JSON) share.  loader.c calls
 * loader_json.c, never the other way.  The stages are described in
 * loader.c's header.
 */
#ifndef ORM_LOADER_LD_H
#define ORM_LOADER_LD_H

#include "orm/loader_int.h"

typedef struct LdObj LdObj;
typedef struct LdClass LdClass;

/* One relationship slot of an object. */
typedef struct LdRel
{
	bool		loaded;
	bool		sorted;			/* queued for sorting (a joined collection without order_by) */
	LdObj	   *one;			/* scalar */
	LdObj	  **items;			/* collection */
	int			n,
				cap;
} LdRel;

/*
 * An object: its values by attribute slot (registry.h: the slots of its
 * hierarchy), inside a row array when the row holds them in slot order,
 * else copied; its relationships by relationship slot.  A polymorphic load
 * leaves attributes unloaded (a Manager loaded through an Employee query):
 * loaded then says which slots hold a value, and a later row of the same
 * object fills the others, as SQLAlchemy populates unloaded attributes of
 * an object already in the identity map.
 */
struct LdObj
{
	LdClass    *ci;				/* its class (the discriminator's) */
	const OrmValue *vals;		/* by slot */
	OrmValue   *own;			/* vals when copied (writable), else NULL */
	bool	   *loaded;			/* per slot: holds a value; NULL: every attribute
								 * of its class, loaded */
	bool	   *hidden;			/* per slot: its value read for a key only (not
								 * loaded as an attribute); NULL: none */
	LdRel	   *rels;			/* per relationship slot, allocated on first load */
	struct LdNode *met;			/* the first plan node that met it */
	bool		on_stack;		/* being written (cycle cut) */
};

/*
 * An open-addressing multimap from a key (values at positions idx of an
 * object's vals) to objects.  Duplicate keys are allowed; lookups walk every
 * match.
 */
typedef struct LdIndex
{
	LdObj	  **objs;
	uint64_t   *hashes;
	int			cap,
				n;
	const int  *idx;
	int			nidx;
} LdIndex;

/* A JSON member name, pre-rendered: ,"key": (write from text + 1 when first). */
typedef struct LdKey
{
	const char *text;
	size_t		len;
} LdKey;

struct LdClass
{
	OrmClass   *cls;
	int			npk;
	int		   *pk_idx;			/* the hierarchy's primary key columns' slots */
	LdIndex		idmap;			/* the hierarchy base's holds the objects */
	LdClass    *base;			/* the LdClass of cls->base (the identity map's) */
	LdKey	   *attr_keys;		/* per cls->props */
	LdKey	   *xattr_keys;		/* per cls->xattrs */
	int		   *xslot;			/* per cls->xattrs: its slot */
	LdKey	   *rel_keys;		/* per cls->allrels */
	/* the base's: the expression attributes of the whole hierarchy, their
	 * slots after the column slots (nslots + i), the type each is written
	 * by; nvals slots in all */
	int			nx;
	const OrmXattr **xattrs;
	const OrmType **xtypes;
	int			nvals;
};

/* A set of pointer triples: (node, obj, -) memberships and (parent, rel, child) edges. */
typedef struct LdSet
{
	const void **keys;			/* 3 per slot */
	int			cap,
				n;
} LdSet;

typedef struct LdNode LdNode;

/*
 * How a node's row columns fill an object of one class: (row position,
 * slot) pairs, each attribute of the class from the first of its columns
 * the row has (SQLAlchemy's populators); direct when the row holds the
 * class's attributes in slot order, every one (the object then points into
 * the row).
 */
typedef struct LdMap
{
	LdClass    *ci;
	int			n;
	int		   *pos;
	int		   *slot;
	bool	   *hidden;			/* per pair: a key column the node does not load */
	bool		direct;
	int		   *pkpos;			/* row position of each identity key column, -1: none */
} LdMap;

struct LdNode
{
	OrmLoadNode *n;
	LdNode	   *parent;
	LdClass    *ci;				/* n->cls */
	int			rel_idx;		/* n->rel's relationship slot (-1: a POLY node) */
	int		   *own_idx;		/* the key's slots in the owner: rel->local_cols', or
								 * (by_join) its primary key's */
	int		   *tgt_idx;		/* rel->remote_cols' slots (not M2M, not by_join) */
	int			nkey;			/* columns of the key */
	int			recurse_left;	/* SELECTIN recursion_depth: levels still to load
								 * below this one (-1: no limit) */
	bool		by_join;		/* SELECTIN joins from the parent (SQLAlchemy's
								 * non-"omit_join" form): the relationship's join
								 * has no column pairs, or its criteria name the
								 * owner; the key is the parent's primary key */
	int			nkids;
	LdNode	  **kids;
	bool		multiplies;		/* SELECTIN: its statement joins a collection, so a
								 * child may come in several rows */
	OrmPtrVec	objs;			/* LdObj*: distinct, first-seen order */
	/* polymorphic rows: the discriminator's position in n->load (-1: none),
	 * the identities it can hold, and the maps of the classes met */
	int			disc_pos;
	int			nident;
	OrmValue   *ident_vals;
	OrmClass  **ident_cls;
	OrmPtrVec	maps;			/* LdMap* */
	int			index;			/* the node's place in the plan, depth first (LdKept) */
};

typedef struct LdSortItem
{
	LdRel	   *slot;
	LdNode	   *ln;
} LdSortItem;

typedef struct Ld
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	OrmPtrVec	classes;		/* LdClass* */
	LdSet		members;
	LdSet		edges;
	OrmPtrVec	to_sort;		/* LdSortItem* */
	int			nroots;
	LdNode	  **roots;			/* per select item, NULL for expressions */
	int			nnodes;			/* plan nodes mirrored so far (LdNode.index) */
	const LdPrepared *prep;		/* a kept prepared select: its selectin statements */
	int64_t		in_rows;		/* objects made pointing into their row (ld_new_obj) */
} Ld;

static const OrmValue ld_null = {.kind = ORM_V_NULL};

/* Object o's value at slot i: NULL when not loaded. */
static inline const OrmValue *
ld_val(const LdObj *o, int i)
{
	return o->loaded && !o->loaded[i] ? &ld_null : &o->vals[i];
}

/* Is attribute slot s of o loaded (a value that is not for a key only)? */
static inline bool
ld_shown(const LdObj *o, int s)
{
	return s >= 0 && (!o->loaded || (o->loaded[s] && !(o->hidden && o->hidden[s])));
}

/* ---- loader_json.c ---------------------------------------------------------- */

/* Object o (and what it loaded) as a JSON object; depth: its nesting. */
int			ld_write_obj(Ld *ld, OrmBuf *out, LdObj *o, int depth);

/*
 * A single-entity statement: the unique objects, first-seen order; a row
 * without the entity (outer join) is one null, where it was first seen
 * (null_pos objects before it; -1: none).
 */
int			ld_write_unique(Ld *ld, OrmBuf *out, LdObj **objs, int n, int null_pos);

/* Any other statement: one JSON object per row, keyed by Row._fields. */
int			ld_write_rows(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
						  const OrmRows *rows, LdObj **rowobjs);

/*
 * A statement with a result shape (orm/result.h, session and Result calls):
 * one element per row, then cut to what the terminal method returns; joined:
 * a root joins a collection.
 */
int			ld_write_shaped(Ld *ld, OrmBuf *out, SxSelect *sel, const OrmCompiled *comp,
							const OrmRows *rows, LdObj **rowobjs, const struct OrmShape *sh,
							bool joined);

/* The columns an entity item without a plan (a compound's) spans in the row. */
int			ld_entity_width(Ld *ld, SxFrom *f);

#endif							/* ORM_LOADER_LD_H */
