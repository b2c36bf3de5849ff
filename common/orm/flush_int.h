/*
 * flush_int.h -- what the pieces of the unit of work share: the object
 * graph (Flush, FlObj, FlNode, ...) and the functions one piece calls in
 * another.  Not a user contract: outside common/orm/flush*.c only
 * orm_flush (loader.h) is seen.
 *
 * The pieces, in the order a flush runs them (SQLAlchemy keeps the same
 * stages in orm/unitofwork.py, dependency.py and persistence.py; flush.c's
 * prologue walks through one flush):
 *
 *   flush.c           the entry: orm_flush, the run of the stages, the JSON
 *                     echo, the replay of a failed batch
 *   flush_organize.c  stage 1: operations -> objects, identity, links,
 *                     insert order (no SQL)
 *   flush_load.c      stage 2: lookups, delete cascades, orphans,
 *                     many-to-many diffs, row switches
 *   flush_defaults.c  stage 3: Python-side defaults, NOT NULL checks
 *   flush_order.c     stage 4: table order, self-referential row levels,
 *                     post_update columns
 *   flush_emit.c      stage 5: the INSERT / UPDATE / DELETE statements
 *   flush_events.c    the mapper events (orm_listen) stage 5 fires
 *   flush_graph.c     what every stage uses: registry lookups, identity
 *                     map, tables, building and running statements, error
 *                     paths, new objects
 *
 * Which piece may call which (no two pieces call each other, directly or
 * in a circle):
 *
 *   flush.c        -> the five stages and flush_graph.c
 *   flush_emit.c   -> flush_defaults.c (onupdate values, generated columns),
 *                     flush_order.c (row levels, post_update columns),
 *                     flush_events.c (listeners), flush_graph.c
 *   flush_organize.c, flush_load.c, flush_defaults.c, flush_order.c,
 *   flush_events.c -> flush_graph.c only
 *   flush_graph.c  -> none of them
 *
 * A helper that a second stage needs moves down into flush_graph.c (as
 * fl_obj_new did), or into this header as a static inline when it is a
 * one-line question asked in loops (fl_gone, fl_rel_post); one that only
 * its own piece uses stays static there.  Every function keeps the fl_
 * prefix.
 *
 * Inheritance.  Single-table: one row; the discriminator (polymorphic_on)
 * takes the most derived class's polymorphic_identity unless given, and an
 * update or delete of a row whose discriminator names a class outside the
 * entity's subtree is not found (session.get(Car, 2) of a Vehicle row is
 * None).  Joined-table: one object is a chain of rows, FlObj.base pointing
 * up to the superclass's table (FlObj.sub back down).  Each attribute goes
 * to the row of its table; the subclass row's key is filled from the base
 * row's (FLC_FK), so the table sort inserts the superclass row first and
 * deletes it last; an UPDATE goes to each table with a change.  A loaded
 * row is completed: a deleted subclass row loads its base row, and a base
 * row whose discriminator names a joined subclass loads that subclass row,
 * so both are deleted, as SQLAlchemy's polymorphic load and delete_obj do.
 * A relationship of a superclass belongs to the base row.
 */
#ifndef ORM_FLUSH_INT_H
#define ORM_FLUSH_INT_H

#include "orm/flush.h"
#include "base/json.h"
#include "session/shards.h"
#include "sql/values.h"

/* ---- the object graph ---------------------------------------------------- */

typedef enum FlColState
{
	FLC_UNSET = 0,				/* not given: default, generated or omitted */
	FLC_GIVEN,					/* val from data or key */
	FLC_FK,						/* filled from src's src_col when src is stored */
	FLC_NULLED,					/* set to NULL by a relationship (null-out, orphan) */
	FLC_VALUE,					/* a Python-side default, val */
	FLC_SQLNOW					/* the dialect's now SQL in VALUES */
} FlColState;

typedef struct FlObj FlObj;

typedef enum FlOp
{
	FL_ADD,
	FL_UPDATE,
	FL_MERGE,
	FL_DELETE
} FlOp;


typedef struct FlCol			/* 40 bytes: one per column of every object (its value
								 * is FlObj.val[i]) */
{
	unsigned char st;			/* FlColState */
	bool		is_key;			/* identifies the row (key / primary key): never SET */
	bool		deferred;		/* FLC_FK to a row stored later: a post-update */
	bool		post;			/* FLC_FK of a relationship(post_update=True) */
	bool		path_attr;		/* path is the object's: the attribute's is path.attr
								 * (fl_col_path; no link made per attribute given) */
	const char *path;			/* input path of a given attribute (fl_col_path) */
	FlObj	   *src;			/* FLC_FK */
	OrmColumn  *src_col;
	OrmRelationship *rel;		/* FLC_FK: the relationship that links src (NULL: inheritance) */
} FlCol;

typedef struct FlColl			/* a one-to-many collection given for an object */
{
	OrmRelationship *rel;
	OrmPtrVec	members;		/* FlObj* */
} FlColl;

struct FlObj
{
	OrmClass   *cls;
	OrmTable   *t;
	int			seq;			/* creation order */
	int			op;				/* operation index */
	const char *path;			/* JSON path naming the object */
	int			npath_given;	/* columns given at path */
	uint32_t	echo_len;		/* 1 + the length of its echoed attributes, once
								 * written (flush.c, fl_render_node); 0 before */
	bool		need_load;		/* full primary key given: look the row up */
	bool		must_exist;		/* update / delete: missing row is NOTFOUND */
	bool		persistent;		/* the row exists; row[] holds it */
	bool		deleted;
	bool		inserted;
	bool		saved;			/* persistent: its UPDATE (if any) emitted */
	bool		checked;		/* defaults applied, NOT NULL checked */
	bool		cascaded;		/* delete cascades followed */
	FlCol	   *c;				/* t->ncols */
	OrmValue   *val;			/* t->ncols: column i's value when c[i] is FLC_GIVEN,
								 * FLC_VALUE or FLC_NULLED; an inserted row's row is
								 * this array, its stored values written over it */
	OrmValue   *row;			/* t->ncols: loaded or stored row, NULL until known */
	int			level;
	int			level_state;	/* 0 unknown; insert level: 1 in progress, 2 known;
								 * delete level: 3 known */
	OrmPtrVec	colls;			/* FlColl* */
	OrmPtrVec	m2m;			/* OrmRelationship*: many-to-many collections given */
	OrmPtrVec	adj;			/* FlEdge*: relationship values, in link order */
	int			rank;			/* 1 + position in SQLAlchemy's insert order; 0 none */
	uint32_t	echo_off;		/* where in the echo they were written (echo_len) */
	FlObj	   *base;			/* joined inheritance: the superclass table's row */
	FlObj	   *sub;			/* ... and back: the subclass row this one is base of */

	/*
	 * Row switch (SQLAlchemy's persistence.py): a new object (an "add", or
	 * a "merge" after a delete) whose primary key is a row this flush
	 * deletes updates that row instead.  fresh: made by a top-level add,
	 * never looked up.  switch_of: on the new object, the deleted row's
	 * object (its own cascades run as for any delete); switch_new: back.
	 * switched: the new object took the row over (persistent, UPDATEd);
	 * ghost: the deleted object whose row it took (never DELETEd).
	 */
	bool		fresh;
	bool		switched;
	bool		ghost;
	FlObj	   *switch_of;
	FlObj	   *switch_new;

	/*
	 * An "update" whose data gives a primary key column another value than
	 * its "key" (Event.created_at of a table partitioned by it): the row
	 * named by the key gets the new values, as SQLAlchemy's UPDATE ... SET
	 * pk = new WHERE pk = old does (PostgreSQL moves the row to the
	 * partition the new key belongs to).  NULL when no key changes.
	 */
	struct FlKeyMove *newkey;
};

typedef struct FlKeyMove		/* per column of the object's table */
{
	bool	   *has;
	OrmValue   *val;
	const char **path;
} FlKeyMove;

typedef struct FlEdge			/* o.rel holds to (a collection member or the scalar) */
{
	OrmRelationship *rel;
	FlObj	   *to;
} FlEdge;

typedef struct FlRelNode
{
	OrmRelationship *rel;
	FlObj	   *obj;			/* the part of the object that owns rel (joined) */
	bool		is_null;
	OrmPtrVec	items;			/* FlNode* */
	OrmPtrVec	dict_keys;		/* const char*: a keyed dict given as an object, the key
								 * of each item (rendered as an object); else empty */
} FlRelNode;

typedef struct FlNode
{
	FlObj	   *obj;
	OrmPtrVec	rels;			/* FlRelNode*, in input order */
} FlNode;

typedef struct FlAssoc			/* one association row to insert */
{
	OrmTable   *sec;
	FlObj	  **src;			/* per secondary column */
	OrmColumn **src_col;
	FlObj	   *blame;
	bool		stored;			/* the row exists already: nothing to insert */
} FlAssoc;

typedef struct FlAssocRow		/* one stored association row to delete */
{
	OrmRelationship *rel;		/* read through: its remote_cols and sec_cols */
	OrmValue   *row;			/* per secondary column */
	FlObj	   *owner;
} FlAssocRow;

typedef struct FlAssocDel		/* association rows of owner via rel to delete */
{
	OrmRelationship *rel;
	FlObj	   *owner;
} FlAssocDel;

typedef struct FlTab
{
	OrmTable   *t;
	int			touch;
	int			inserted,
				updated,
				deleted;
	bool		report;
	bool		sorted;
	bool		shards_known;	/* shards holds the catalog's answer (fl_update_moves) */
	OrmShards	shards;
	OrmPtrVec	objs;			/* stage 5: FlObj* of this table, creation order */
	OrmPtrVec	ranked;			/* stage 5: the same, insert order (Flush.ranked) */
	bool		no_rowids;		/* host->insert_rowids declined: RETURNING (fl_rowid_col) */
} FlTab;

/* One statement being built. */
typedef struct FlStmt
{
	OrmBuf		sql;
	OrmParam   *p;
	int			n;
	int			cap;
} FlStmt;

/*
 * The text of the last multi-row INSERT, with what decides it (table,
 * column shape, rows): the next batch of the same kind binds its values
 * into the same text instead of writing it again (fl_sql_kept).
 */
typedef struct FlKeptSql
{
	const OrmTable *t;
	int			nrows;
	const char *shape;
	const char *sql;
	size_t		len;
} FlKeptSql;

typedef struct FlHashEnt
{
	uint64_t	h;
	const char *key;
	FlObj	   *obj;
	struct FlHashEnt *next;
} FlHashEnt;

#define FL_NBUCKETS 1024			/* initial; doubles past one entry a bucket */

typedef struct Flush
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	OrmError   *err;
	const OrmDialect *d;
	OrmPtrVec	objs;			/* FlObj*, creation order */
	OrmPtrVec	tabs;			/* FlTab*, first-touch order */
	OrmPtrVec	assocs;			/* FlAssoc* */
	OrmPtrVec	assoc_stale;	/* FlAssocRow*: pairs a given collection drops */
	OrmPtrVec	assoc_drop;		/* FlAssocDel*: delete phase */
	int			nops;
	int			ops_cap;		/* roots' and del_roots' length */
	FlNode	  **roots;
	FlObj	  **del_roots;		/* per op: the deleted object, else NULL */
	FlHashEnt **buckets;
	size_t		nbuckets;
	size_t		nents;
	OrmBuf		kbuf;			/* identity keys are built here (scratch) */
	OrmBuf		sbuf[2];		/* fl_same's two keys (scratch) */
	bool		atomic;
	const char *now;
	FlTab	  **order;
	int			norder;
	OrmPtrVec	del_queue;		/* FlObj*: deleted, cascades to follow */
	OrmPtrVec	defaults;		/* FlDefCache* */
	OrmPtrVec	given_free;		/* FlGiven* to reuse */
	int			del_next;
	OrmPtrVec	ranked;			/* FlObj*: objects of stage 1 in insert order */
	struct FlWalk *walk;		/* the walk's stack, reused */
	int			walk_cap;
	OrmPtrVec	post_updates;	/* FlObj*: rows with deferred FK columns, once each */
	bool		single;			/* one row per statement (the replay after a batch failed) */
	bool		multi;			/* the statement running covers several objects */
	bool		retry;			/* a multi-object statement failed: replay with single */
	FlOp		cur_kind;		/* the operation being organized */
	int			ndeleted;		/* objects marked deleted (0: stage 2's row switches
								 * and reconciling have nothing to look at) */
	OrmPtrVec	prep_later;		/* FlObj*: new objects stage 3's first pass left for
								 * after the lookups (fl_prepare_pending) */
	int			prep_seen;		/* objects the first pass saw; -1 before it */
	OrmFlushReturn ret;			/* what the echo shows (flush.c) */
	FlStmt		spare;			/* buffers of a statement that ran, for the next */
	FlKeptSql	kept;			/* the last INSERT's text (fl_sql_kept) */
	OrmPtrVec	names;			/* FlNames*: the echo's attribute names (flush.c) */
	OrmPtrVec	rel_names;		/* FlRelName*: the echo's relationship names (flush.c) */
	OrmPtrVec	uniq;			/* FlUniq*: tables' unique columns (fl_unique_cols) */
} Flush;

/* A table's single-column unique columns that are not its primary key. */
typedef struct FlUniq
{
	const OrmTable *t;
	int			n;
	int		   *pos;			/* column positions, in column order */
} FlUniq;

/* A node's given column values before they are merged into an object. */
typedef struct FlGiven
{
	bool	   *has;
	OrmValue   *val;
	const char **path;
	bool	   *path_attr;		/* path[i] is the node's: the value's is path.attr */
	bool	   *is_key;
	int			n;				/* columns given */
	int			cap;			/* arrays' length */
	FlKeyMove  *newkey;			/* "update": data's other values for key columns, or NULL */
	uint64_t	colkeys;		/* bit i: data's member i (< 64) is a column attribute of
								 * the class (fl_given_data), no relationship */
	uint64_t	relkeys;		/* bit i: data's member i (< 64) is a relationship of the
								 * class and no attribute of it (fl_given_data) */
} FlGiven;

/* ---- inline: the graph's one-line questions, the error path ------------- */

/*
 * One-line questions every stage asks of an object or a relationship, in
 * its loops, and the error path: inline, as they were when the flush was
 * one file (the callers' loops stay as fast; fl_err_path's callers see
 * its -1).
 */

/*
 * Joined-table inheritance: the class whose table cls's table hangs below
 * (the superclass of the class that declared cls's table: a single-table
 * subclass of a joined one writes its table's superclass rows too), or NULL.
 */
static inline OrmClass *
fl_up(const OrmClass *cls)
{
	const OrmClass *k = cls->table && cls->table->cls ? cls->table->cls : cls;

	return k->inherits && k->inherits->table != cls->table ? k->inherits : NULL;
}

/* Joined-table inheritance: cls's rows have a superclass table's row. */
static inline bool
fl_joined(const OrmClass *cls)
{
	return fl_up(cls) != NULL;
}

/* The version_id_col of o's class when it lives in o's table, else NULL. */
static inline OrmColumn *
fl_version_col(const FlObj *o)
{
	OrmColumn  *vc = o->cls->version_col;

	return vc && vc->table == o->t ? vc : NULL;
}

/*
 * orm_vec_push for the small vectors of every object and node (a node's
 * relationships, a relationship's members, an object's links): the first
 * allocation holds first items, not orm_vec_push's 8; then it doubles.
 */
static inline void
fl_vec_push(OrmArena *a, OrmPtrVec *v, void *item, int first)
{
	if (v->cap == 0)
	{
		v->items = orm_alloc(a, sizeof(void *) * (size_t) first);
		v->cap = first;
	}
	orm_vec_push(a, v, item);
}

/* The part of o stored in table t: o or one of its base rows (o when none). */
static inline FlObj *
fl_part(FlObj *o, const OrmTable *t)
{
	FlObj	   *p;

	for (p = o; p; p = p->base)
		if (p->t == t)
			return p;
	return o;
}

/* The most derived row of o's object (the subclass's). */
static inline FlObj *
fl_bottom(FlObj *o)
{
	while (o->sub)
		o = o->sub;
	return o;
}

/*
 * Is the foreign key rel fills written after the rows, as post_update=True
 * asks?  Either side of a pair asking is enough: SQLAlchemy then syncs the
 * key in the post-update (checked with back_populates, one side flagged).
 */
static inline bool
fl_rel_post(const OrmRelationship *rel)
{
	return rel->post_update || (rel->reverse && rel->reverse->post_update);
}

/* Is o (part of) a row this flush deletes, not taken over by a row switch? */
static inline bool
fl_gone(const FlObj *o)
{
	return o->deleted && !o->ghost;
}

/*
 * JSON paths.  An error names the place in the changes it is about
 * ("changes[3].data.posts[2].title"), but a flush that succeeds names none,
 * so a step of a path (fl_path_key, fl_path_idx) is not text but a link to
 * its parent path and the step's key or index (24 bytes, nothing copied),
 * rendered as text only when an error takes it: fl_path_text, which
 * fl_err_path and every orm_err_path of the flush call.  A link starts with
 * the byte FL_PATH_LINK, which no path text does (they start "changes"); a
 * path is either, and both are const char *.
 */
#define FL_PATH_LINK '\x01'

typedef struct FlPathLink
{
	char		mark;			/* FL_PATH_LINK */
	int			idx;			/* key NULL: the index step [idx] */
	const char *up;				/* the parent path (text or a link) */
	const char *key;			/* the .key step; lives as long as the call */
} FlPathLink;

const char *fl_path_text(Flush *fx, const char *path);

/*
 * The error of the object at path (an ORM_ERR_PARAM names the JSON path);
 * always -1.  Inline, so that every caller's compiler sees the -1.
 */
static inline int
fl_err_path(Flush *fx, const char *path, OrmErrCode code, const char *msg)
{
	orm_err(fx->err, code, "%s", msg);
	orm_err_path(fx->err, fl_path_text(fx, path));
	return -1;
}

/* ---- flush_graph.c: what every stage uses -------------------------------- */

const char *fl_path_key(Flush *fx, const char *path, const char *key);

/* The input path of column i of o as given (path.attr, made when asked). */
static inline const char *
fl_col_path(Flush *fx, const FlObj *o, int i)
{
	const FlCol *c = &o->c[i];

	return c->path_attr ? fl_path_key(fx, c->path, o->t->cols[i]->attr) : c->path;
}

/* the registry, read through the flush's eyes */
OrmColumn  *fl_attr(const OrmClass *cls, const char *name);
OrmColumn  *fl_attr_up(const OrmClass *cls, const char *name);
OrmRelationship *fl_rel_up(const OrmClass *cls, const char *name);
int			fl_row_nrels(const OrmClass *cls);
OrmRelationship *fl_row_rel(const OrmClass *cls, int idx);
OrmClass   *fl_class(const OrmRegistry *reg, const char *name);
bool		fl_col_is_unique(const OrmTable *t, const OrmColumn *col);
const FlUniq *fl_unique_cols(Flush *fx, const OrmTable *t);

/* values, objects, paths and errors */
bool		fl_is_textual(OrmValueKind k);
void		fl_value_key(OrmBuf *b, const OrmValue *v, const OrmColumn *col);
bool		fl_same(Flush *fx, const OrmValue *x, const OrmValue *y,
					const OrmColumn *col);
const char *fl_obj_ident(Flush *fx, FlObj *o);
const char *fl_path_idx(Flush *fx, const char *path, int i);
FlObj	   *fl_obj_new(Flush *fx, OrmClass *cls, const char *path, int op);

/* tables and the identity map */
FlTab	   *fl_tab(Flush *fx, OrmTable *t);
FlObj	   *fl_hash_get(Flush *fx, const char *key);
bool		fl_hash_put(Flush *fx, const char *key, FlObj *o);
void		fl_hash_set(Flush *fx, const char *key, FlObj *o);
OrmBuf	   *fl_key_begin(Flush *fx);
const char *fl_pk_key(Flush *fx, OrmTable *t, const OrmValue *vals);
const char *fl_unique_key(Flush *fx, OrmTable *t, OrmColumn *col, const OrmValue *v);

/* association rows */
void		fl_assoc_add(Flush *fx, OrmRelationship *rel, FlObj *owner, FlObj *other);

/* statements */
int			fl_per_stmt(Flush *fx, int ppr);
void		fl_stmt_init(Flush *fx, FlStmt *s);
void		fl_stmt_done(Flush *fx, FlStmt *s);
void		fl_stmt_reserve(Flush *fx, FlStmt *s, int n);
void		fl_bind(Flush *fx, FlStmt *s, const OrmValue *v, const OrmType *t);
void		fl_bind_value(Flush *fx, FlStmt *s, const OrmValue *v);
int			fl_exec_rowids(Flush *fx, FlStmt *s, const char *col, FlObj *blame, int n,
						   int64_t *first);
bool		fl_sql_kept(Flush *fx, FlStmt *s, const OrmTable *t, int nrows, const char *shape);
void		fl_sql_keep(Flush *fx, const FlStmt *s, const OrmTable *t, int nrows, const char *shape);
int			fl_exec(Flush *fx, FlStmt *s, OrmRows *rows, FlObj *blame);
int			fl_exec_n(Flush *fx, FlStmt *s, OrmRows *rows, FlObj *blame, int n);
int			fl_rowcount_err(Flush *fx, const char *verb, const OrmTable *t,
							int64_t expected, int64_t matched, FlObj *blame, int n,
							bool only);
void		fl_put_all_cols(OrmBuf *b, OrmTable *t);
void		fl_put_qualified(OrmBuf *b, const OrmTable *t, const OrmColumn *col);
void		fl_put_match(Flush *fx, FlStmt *s, int n, OrmColumn **cols,
						 const OrmValue *vals);
OrmValue   *fl_copy_row(Flush *fx, const OrmRows *rows, int r);
int			fl_select(Flush *fx, OrmTable *t, int n, OrmColumn **cols,
					  const OrmValue *vals, OrmRows *rows, FlObj *blame);

/* ---- the stages and the mapper events ------------------------------------ */

/* flush_organize.c: stage 1 */
int			fl_organize(Flush *fx, const JsonValue *changes);
int			fl_organize_op(Flush *fx, const JsonValue *opv, int i);
void		fl_organize_end(Flush *fx);

/* flush_load.c: stage 2 */
int			fl_load(Flush *fx);

/* flush_defaults.c: stage 3 */
int			fl_prepare_pending(Flush *fx, bool loaded);
int			fl_default(Flush *fx, OrmColumn *col, const OrmDefault *d, FlColState *st,
					   OrmValue *v);
bool		fl_generated(const OrmColumn *col);
void		fl_sql_value(Flush *fx, OrmBuf *sql, const OrmColumn *col, const OrmDefault *d);

/* flush_order.c: stage 4 */
void		fl_sort_tables(Flush *fx);
int			fl_ins_level(Flush *fx, FlObj *o);
int			fl_del_level(Flush *fx, FlObj *o, int depth);
bool		fl_table_post_col(Flush *fx, const OrmColumn *col);

/* flush_events.c: the mapper events */
int			fl_fire(Flush *fx, FlObj *o, const char *event);
int			fl_fire_all(Flush *fx, FlObj **objs, int n, const char *event);

/* flush_emit.c: stage 5 */
int			fl_emit(Flush *fx);

#endif							/* ORM_FLUSH_INT_H */
