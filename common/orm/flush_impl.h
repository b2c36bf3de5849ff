/*
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
 *
 */
#include "orm/loader.h"
#include "base/json.h"
#include "sql/values.h"

#include <stdio.h>
#include <string.h>

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


typedef struct FlCol
{
	FlColState	st;
	OrmValue	val;
	const char *path;			/* input path of a given attribute */
	FlObj	   *src;			/* FLC_FK */
	OrmColumn  *src_col;
	OrmRelationship *rel;		/* FLC_FK: the relationship that links src (NULL: inheritance) */
	bool		is_key;			/* identifies the row (key / primary key): never SET */
	bool		deferred;		/* FLC_FK to a row stored later: a post-update */
	bool		post;			/* FLC_FK of a relationship(post_update=True) */
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
	bool		need_load;		/* full primary key given: look the row up */
	bool		must_exist;		/* update / delete: missing row is NOTFOUND */
	bool		persistent;		/* the row exists; row[] holds it */
	bool		deleted;
	bool		inserted;
	bool		saved;			/* persistent: its UPDATE (if any) emitted */
	bool		checked;		/* defaults applied, NOT NULL checked */
	bool		cascaded;		/* delete cascades followed */
	FlCol	   *c;				/* t->ncols */
	OrmValue   *row;			/* t->ncols: loaded or stored row, NULL until known */
	int			level;
	int			level_state;	/* 0 unknown; insert level: 1 in progress, 2 known;
								 * delete level: 3 known */
	OrmPtrVec	colls;			/* FlColl* */
	OrmPtrVec	m2m;			/* OrmRelationship*: many-to-many collections given */
	OrmPtrVec	adj;			/* FlEdge*: relationship values, in link order */
	int			rank;			/* 1 + position in SQLAlchemy's insert order; 0 none */
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
};

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
} FlTab;

typedef struct FlHashEnt
{
	uint64_t	h;
	const char *key;
	FlObj	   *obj;
	struct FlHashEnt *next;
} FlHashEnt;

#define FL_NBUCKETS 1024			/* initial; doubles past two entries a bucket */

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
} Flush;

/* A node's given column values before they are merged into an object. */
typedef struct FlGiven
{
	bool	   *has;
	OrmValue   *val;
	const char **path;
	bool	   *is_key;
	int			n;				/* columns given */
	int			cap;			/* arrays' length */
} FlGiven;

/* One statement being built. */
typedef struct FlStmt
{
	OrmBuf		sql;
	OrmParam   *p;
	int			n;
	int			cap;
} FlStmt;

