/*
 * flush.c -- the unit of work: orm_flush(ctx, changes, out).
 *
 * Owns: turning a JSON list of operations (add / update / merge / delete of
 * object graphs) into an ordered, batched list of INSERT / UPDATE / DELETE
 * statements run atomically through the host, and the JSON echo of what was
 * stored.  The ideas are SQLAlchemy's Session.flush() (orm/unitofwork.py,
 * dependency.py, persistence.py): organize the objects, add ordering edges
 * per relationship direction, sort the tables topologically, and emit per
 * table in batches.  Assumes: a resolved registry (relationships know their
 * target, direction, join columns and partner); values are converted only by
 * values.c; SQL runs only through orm_ctx_query; identifiers only through
 * orm_quote_ident; every value is a bound parameter.  Must not touch: any
 * engine header, malloc, the registry (read-only).
 *
 * How it works
 * ------------
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
 * Stage 2, load (SELECTs inside the atomic section).  Objects with a full
 * primary key are looked up, one SELECT ... IN (...) per table; "update" /
 * "delete" of a missing row is ORM_ERR_NOTFOUND; a stale version_id_col is
 * ORM_ERR_STALE.  Deletes cascade breadth first (a work queue, in rounds):
 * children under ORM_CASCADE_DELETE are loaded (SELECT ... WHERE fk IN
 * (...) for all parents of a round, per class and relationship) and
 * deleted, also along a many-to-many relationship; without it they are
 * loaded and their FK set to NULL (SQLAlchemy's default; nothing relies on
 * the foreign_keys pragma or ON DELETE); passive_deletes leaves them to the
 * database.  A collection
 * given for an existing row is complete: current members not in it are
 * orphans (delete-orphan deletes them, otherwise their FK becomes NULL),
 * and of a many-to-many collection, the stored association rows of pairs
 * not named again are deleted (pairs that stay are not rewritten).
 *
 * Stage 3, defaults and checks.  New objects get Python-side defaults for
 * columns not given or given null (SQLAlchemy leaves None out of an
 * INSERT, except for JSON, which stores 'null'): literal, host->now in
 * stored form, the dialect's now SQL inside VALUES, uuid4 from
 * host->random, {} / []; a version_id_col starts at 1.  A NOT NULL column that is not given, not defaulted, not
 * generated and not filled by a relationship is "NOT NULL constraint
 * failed" at path.attr.  Objects that need no lookup are checked before
 * any SQL.
 *
 * Stage 4, order.  Touched tables are sorted by foreign-key edges (the
 * referenced table first; ties in order of first touch).  In a table whose
 * FK references itself, new rows get a level (1 + the level of a new parent
 * row, 1 under an existing parent) and are inserted level by level; deleted rows are deleted deepest
 * level first.  Between tables that refer to each other, a nullable
 * foreign key whose row is not stored yet is written as post_update does:
 * NULL in the INSERT (or left out of the UPDATE), then one UPDATE per row
 * once every row is stored.
 *
 * Stage 5, emit.  For each table in order: UPDATE existing rows one by one
 * (only the attributes whose value changes, plus onupdate, `version =
 * version + 1 ... AND version = ?`; no UPDATE at all when nothing changes,
 * as SQLAlchemy's attribute history decides), RETURNING the whole row;
 * then INSERT the new rows (SQLAlchemy's save_obj order) in insert order,
 * one multi-row statement per run of consecutive rows of one level and
 * compatible column shape, split at dialect->max_params or FL_STMT_PARAMS
 * parameters, with RETURNING for generated keys, the now-SQL
 * columns and server defaults; then, for an association table, DELETE the
 * dropped pairs and INSERT the new ones.  Then for each table in reverse
 * order: DELETE association rows of deleted owners, and DELETE the deleted
 * rows `WHERE pk IN (...)`.
 *
 *   ASSUMPTION: a multi-row INSERT ... VALUES ... RETURNING returns its rows
 *   in VALUES order.  True of PostgreSQL's and SQLite's implementations for
 *   plain VALUES inserts, though neither documents it (SQLAlchemy's
 *   insertmanyvalues declines to rely on it for SQLite and inserts row by
 *   row there).
 *
 * Errors.  Everything from the first statement on runs inside
 * host->begin_atomic; any failure rolls it back.  An engine error names the
 * path of the object whose statement failed; when the statement covered
 * several objects (a batch), the whole flush is rolled back and run again
 * with one row per statement (Flush.single), so the failing statement then
 * names one object.  Every UPDATE and DELETE checks its row count
 * (SQLAlchemy's StaleDataError).  For a delete, the echoed object is the
 * row as it was read before deleting.
 *
 * Row switch (fl_switch).  A new object whose primary key is a row this
 * flush deletes (a delete and an add of one key, in any order, or a merge
 * after the delete, or an add of a row a delete cascades to) takes that
 * row over, as SQLAlchemy's persistence does: the delete's cascades run,
 * then the row is UPDATEd to the new object's given attributes instead of
 * DELETEd and INSERTed.  Objects stay separate for this: a top-level add
 * never merges into a deleted object (nor a delete into an added one), and
 * a row loaded with an added object's key is another object (switch_of).
 * Objects left linked to a deleted row follow its relationship's cascade
 * (fl_reconcile).
 *
 * Worked example: the seed's create_sample_data as one flush
 * ---------------------------------------------------------
 *   [{"op":"add","entity":"User","data":{"username":"alice",...,
 *      "posts":[{"title":"Getting Started...","tags":[{"name":"python"},
 *                 {"name":"sqlalchemy"},{"name":"tutorial"}],
 *                "comments":[{"body":"Great article!","author":{"username":"bob"},
 *                  "replies":[{"body":"Thanks Bob!","author":{"username":"alice"},
 *                              "post":{"slug":"getting-started-sqlalchemy-2"}}]}]},
 *               {"title":"Advanced Querying...","tags":[{"name":"sqlalchemy"}]}]}},
 *    {"op":"add","entity":"User","data":{"username":"bob",...,
 *      "posts":[{"title":"Python Best Practices","tags":[{"name":"python"}]}]}}]
 *
 * Organize finds 2 users (the comment's author {"username":"bob"} is the
 * bob of changes[1], by his unique username), 3 posts, 3 tags (python and
 * sqlalchemy each named twice), 2 comments (the reply's post is post 1 by
 * its unique slug) and 5 post_tags rows.  Links:
 *
 *     users <-author_id- posts <-post_id- comments <-parent_id- comments
 *       ^                  ^                  |
 *       +----author_id-----+------------------+
 *     posts <-post_id- post_tags -tag_id-> tags
 *
 * Tables in first-touch order: users, posts, tags, post_tags, comments;
 * sorted: users, posts, tags, post_tags, comments.  comments refers to
 * itself: "Great article!" is level 0, its reply level 1.  created_at has
 * default=func.now(): the dialect's now SQL goes into VALUES and the value
 * comes back with RETURNING; updated_at has default=None: a bound NULL.
 * Statements (SQLite spelling; test/unit/test_flush.c checks them):
 *
 *   INSERT INTO "users" ("username", "email", "display_name", "is_active",
 *     "created_at", "updated_at") VALUES (?1, ?2, ?3, ?4, CURRENT_TIMESTAMP, ?5),
 *     (?6, ?7, ?8, ?9, CURRENT_TIMESTAMP, ?10) RETURNING "id", "created_at"
 *   INSERT INTO "posts" ("title", "slug", "body", "status", "author_id",
 *     "created_at", "updated_at") VALUES (...), (...), (...)
 *     RETURNING "id", "created_at"         -- author_id from users' RETURNING
 *   INSERT INTO "tags" ("name") VALUES (?1), (?2), (?3) RETURNING "id"
 *   INSERT INTO "post_tags" ("post_id", "tag_id") VALUES (?1, ?2), ... 5 rows
 *   INSERT INTO "comments" ("body", "post_id", "author_id", "created_at",
 *     "updated_at") VALUES (...) RETURNING "id", "created_at"   -- level 0
 *   INSERT INTO "comments" ("body", "post_id", "author_id", "parent_id",
 *     "created_at", "updated_at") VALUES (...) RETURNING "id", "created_at"
 *                                           -- level 1: the reply
 * (the two comments differ in shape too: parent_id, nullable and not given,
 * is left out of the first, as SQLAlchemy leaves out unset attributes).
 *
 * Deleting bob ({"op":"delete","entity":"User","key":{"id":2}}) loads him,
 * then, cascade "all, delete-orphan", breadth first: his posts (SELECT ...
 * WHERE "author_id" = ?1), his comments, the comments of his post, the
 * replies to his comment, their replies (SQLAlchemy lazy-loads each
 * parent's collection; here one SELECT ... IN per round and relationship
 * finds the same rows).  Tables touched: users,
 * posts, comments, post_tags (his post's tags); sorted users, posts,
 * comments, post_tags; deleted in reverse, deepest comment level first:
 *
 *   DELETE FROM "post_tags" WHERE "post_id" IN (?1)
 *   DELETE FROM "comments" WHERE "id" IN (?1)    -- alice's reply (level 1)
 *   DELETE FROM "comments" WHERE "id" IN (?1)    -- bob's comment (level 0)
 *   DELETE FROM "posts" WHERE "id" IN (?1)
 *   DELETE FROM "users" WHERE "id" IN (?1)
 *
 * Choices worth knowing: a child that loses its parent is loaded and
 * updated by primary key (UPDATE "players" SET "team_id" = ?1 WHERE "id" =
 * ?2), as SQLAlchemy does, rather than one UPDATE ... WHERE fk = ?, so a
 * child deleted by another path in the same flush is never touched.  An
 * UPDATE returns the whole row (RETURNING every column) so the echo shows
 * onupdate and server_onupdate values.  A nested object that is only a
 * reference ({"username": "bob"}) must match an object of the same flush by
 * a unique column; an existing row is referenced by its primary key.
 *
 * Mapper events: a class's listeners (OrmClass.listeners, orm_listen) run
 * as SELECT "fn"(row json) next to each row's statement: before_insert
 * and before_update receive the row to be written and may return a JSON
 * object whose attributes are written instead (NULL: unchanged);
 * before_delete and the after_* events receive the row as stored.
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
 *
 * Deletes, more.  A many-to-many collection with delete-orphan given for an
 * existing row deletes the targets whose association rows it drops
 * (single_parent, as SQLAlchemy).  A versioned row is deleted one by one,
 * WHERE pk = ? AND version = ?; no row matched is stale data.  Rows of
 * tables that refer to each other (Person.favorite <-> Widget.owner), both
 * deleted in one flush: the nullable foreign key of the table deleted
 * later is set to NULL first (UPDATE ... SET fk = NULL WHERE pk = ?), as
 * SQLAlchemy's post_update does.
 *
 * relationship(post_update=True) (either side of a pair; OrmRelationship.
 * post_update): the key it fills is NULL in the INSERT and left out of the
 * row's own UPDATE, then set by one UPDATE per row once every row is
 * stored (fl_emit_post_updates), unless it already holds that value.  It
 * orders nothing: not the tables (only a tie-break: the referenced table
 * first when no other key decides), not the rows of a self-referential
 * table (one level: g, c, root in session.add order), not their deletes;
 * a deleted row's post_update key to a row deleted in the same flush is
 * set to NULL before the DELETEs (sql/flush_post_update.sql).  Unlike
 * SQLAlchemy, whose unrelated mappers go in class-name order, ties go by
 * first touch, and the NULL-out before a delete is only done when the
 * referenced row is deleted too (SQLAlchemy does it whenever the
 * relationship is loaded).
 *
 * Not done: a polymorphic
 * "type" for nested objects (a nested object is of the relationship's
 * target class); listeners of a joined subclass see only its own table's
 * columns.
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

/* ---- small helpers ------------------------------------------------------- */

static OrmColumn *
fl_attr(const OrmClass *cls, const char *name)
{
	int			i;

	for (i = 0; i < cls->nattrs; i++)
		if (orm_streq(cls->attrs[i]->attr, name))
			return cls->attrs[i];
	return NULL;
}

static OrmRelationship *
fl_rel(const OrmClass *cls, const char *name)
{
	int			i;

	for (i = 0; i < cls->nrels; i++)
		if (orm_streq(cls->rels[i]->name, name))
			return cls->rels[i];
	return NULL;
}

/* Joined-table inheritance: cls has its own table below its superclass's. */
static bool
fl_joined(const OrmClass *cls)
{
	return cls->inherits && cls->inherits->table != cls->table;
}

/* An attribute of cls or of a superclass (joined: stored in another table). */
static OrmColumn *
fl_attr_up(const OrmClass *cls, const char *name)
{
	int			depth;

	for (depth = 0; cls && depth < 100; cls = cls->inherits, depth++)
	{
		OrmColumn  *col = fl_attr(cls, name);

		if (col)
			return col;
	}
	return NULL;
}

/* A relationship of cls or one it inherits (the subclass's own first). */
static OrmRelationship *
fl_rel_up(const OrmClass *cls, const char *name)
{
	int			depth;

	for (depth = 0; cls && depth < 100; cls = cls->inherits, depth++)
	{
		OrmRelationship *rel = fl_rel(cls, name);

		if (rel)
			return rel;
	}
	return NULL;
}

/* Relationships of cls's row: of its same-table superclasses too (single-table). */
static int
fl_row_nrels(const OrmClass *cls)
{
	int			n = 0,
				depth;

	for (depth = 0; cls && depth < 100; depth++)
	{
		n += cls->nrels;
		cls = cls->inherits && cls->inherits->table == cls->table ? cls->inherits : NULL;
	}
	return n;
}

/* The idx-th of them, the superclass's first (the mapper's order). */
static OrmRelationship *
fl_row_rel(const OrmClass *cls, int idx)
{
	if (cls->inherits && cls->inherits->table == cls->table)
	{
		int			n = fl_row_nrels(cls->inherits);

		if (idx < n)
			return fl_row_rel(cls->inherits, idx);
		idx -= n;
	}
	return idx < cls->nrels ? cls->rels[idx] : NULL;
}

/* The version_id_col of o's class when it lives in o's table, else NULL. */
static OrmColumn *
fl_version_col(const FlObj *o)
{
	OrmColumn  *vc = o->cls->version_col;

	return vc && vc->table == o->t ? vc : NULL;
}

static OrmClass *
fl_class(const OrmRegistry *reg, const char *name)
{
	int			i;

	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *c = reg->classes.items[i];

		if (orm_streq(c->name, name))
			return c;
	}
	return NULL;
}

static bool
fl_is_textual(OrmValueKind k)
{
	return k != ORM_V_NULL && k != ORM_V_INT && k != ORM_V_BOOL &&
		k != ORM_V_FLOAT && k != ORM_V_INTERVAL;
}

/*
 * A value as part of an identity key: its canonical text for col's type
 * (orm_value_key), so a key given as "2026-02-15T10:00:00" and the stored
 * '2026-02-15 10:00:00' (or 1.0 and 1, or an upper-case UUID and the stored
 * hex) name one object, as SQLAlchemy's identity map compares them.
 */
static void
fl_value_key(OrmBuf *b, const OrmValue *v, const OrmColumn *col)
{
	orm_value_key(b, v, col ? &col->type : NULL);
	orm_buf_putc(b, '\x1f');
}

/* Are x and y one value of col (given, bound or stored, in any spelling)? */
static bool
fl_same(Flush *fx, const OrmValue *x, const OrmValue *y, const OrmColumn *col)
{
	if (x->kind == ORM_V_NULL || y->kind == ORM_V_NULL)
		return x->kind == y->kind;
	if (x->kind == ORM_V_INT && y->kind == ORM_V_INT)
		return x->i == y->i;
	fx->sbuf[0].len = fx->sbuf[1].len = 0;
	fl_value_key(&fx->sbuf[0], x, col);
	fl_value_key(&fx->sbuf[1], y, col);
	return fx->sbuf[0].len == fx->sbuf[1].len &&
		memcmp(fx->sbuf[0].data, fx->sbuf[1].data, fx->sbuf[0].len) == 0;
}

/* "User(1)" / "PostTag(1, 2)" for messages, from the row or the given key. */
/* The part of o stored in table t: o or one of its base rows (o when none). */
static FlObj *
fl_part(FlObj *o, const OrmTable *t)
{
	FlObj	   *p;

	for (p = o; p; p = p->base)
		if (p->t == t)
			return p;
	return o;
}

/* The most derived row of o's object (the subclass's). */
static FlObj *
fl_bottom(FlObj *o)
{
	while (o->sub)
		o = o->sub;
	return o;
}

static const char *
fl_obj_ident(Flush *fx, FlObj *o)
{
	OrmBuf		b;
	int			i;

	orm_buf_init(&b, fx->a);
	orm_buf_printf(&b, "%s(", o->cls ? fl_bottom(o)->cls->name : o->t->name);
	for (i = 0; i < o->t->npk; i++)
	{
		int			pos = o->t->pk[i]->pos;

		if (i)
			orm_buf_puts(&b, ", ");
		orm_value_repr(&b, o->row ? &o->row[pos] : &o->c[pos].val, false);
	}
	orm_buf_putc(&b, ')');
	return orm_buf_cstr(&b);
}

/* path.key, allocated to size (a flush makes one per attribute given) */
static const char *
fl_path_key(Flush *fx, const char *path, const char *key)
{
	size_t		lp = strlen(path),
				lk = strlen(key);
	char	   *s = orm_alloc(fx->a, lp + lk + 2);

	memcpy(s, path, lp);
	s[lp] = '.';
	memcpy(s + lp + 1, key, lk + 1);
	return s;
}

static const char *
fl_path_idx(Flush *fx, const char *path, int i)
{
	char		idx[16];

	size_t		lp = strlen(path),
				li;
	char	   *s;

	snprintf(idx, sizeof(idx), "[%d]", i);
	li = strlen(idx);
	s = orm_alloc(fx->a, lp + li + 1);
	memcpy(s, path, lp);
	memcpy(s + lp, idx, li + 1);
	return s;
}

static int
fl_err_path(Flush *fx, const char *path, OrmErrCode code, const char *msg)
{
	orm_err(fx->err, code, "%s", msg);
	orm_err_path(fx->err, path);
	return -1;
}

static bool
fl_col_is_unique(const OrmTable *t, const OrmColumn *col)
{
	int			i;

	if (col->unique)
		return true;
	for (i = 0; i < t->uniques.n; i++)
	{
		OrmUnique  *u = t->uniques.items[i];

		if (u->ncols == 1 && u->cols[0] == col)
			return true;
	}
	for (i = 0; i < t->indexes.n; i++)
	{
		OrmIndex   *ix = t->indexes.items[i];

		if (ix->unique && ix->ncols == 1 && ix->cols[0] == col)
			return true;
	}
	return false;
}

/* ---- tables -------------------------------------------------------------- */

static FlTab *
fl_tab(Flush *fx, OrmTable *t)
{
	int			i;
	FlTab	   *ft;

	for (i = 0; i < fx->tabs.n; i++)
	{
		ft = fx->tabs.items[i];
		if (ft->t == t)
			return ft;
	}
	ft = ORM_NEW(fx->a, FlTab);
	ft->t = t;
	ft->touch = fx->tabs.n;
	orm_vec_push(fx->a, &fx->tabs, ft);
	return ft;
}

/* ---- identity map -------------------------------------------------------- */

/*
 * Identity keys are text: "<table>\x1fpk\x1f<values>" for a primary key,
 * "<table>\x1f<column>\x1f<value>" for a unique column, see fl_value_key.
 */
static FlHashEnt *
fl_hash_find(Flush *fx, const char *key, uint64_t h)
{
	FlHashEnt  *e;

	for (e = fx->buckets[h % fx->nbuckets]; e; e = e->next)
		if (e->h == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

static FlObj *
fl_hash_get(Flush *fx, const char *key)
{
	FlHashEnt  *e = fl_hash_find(fx, key, orm_hash_str(key, strlen(key)));

	return e ? e->obj : NULL;
}

static void
fl_hash_grow(Flush *fx)
{
	size_t		n = fx->nbuckets * 2,
				i;
	FlHashEnt **b = ORM_NEWN(fx->a, FlHashEnt *, n);

	for (i = 0; i < fx->nbuckets; i++)
	{
		FlHashEnt  *e = fx->buckets[i];

		while (e)
		{
			FlHashEnt  *next = e->next;

			e->next = b[e->h % n];
			b[e->h % n] = e;
			e = next;
		}
	}
	fx->buckets = b;
	fx->nbuckets = n;
}

/* Adds key (copied) for o; the first object keeps a key. */
static void
fl_hash_put(Flush *fx, const char *key, FlObj *o)
{
	size_t		len = strlen(key);
	uint64_t	h = orm_hash_str(key, len);
	FlHashEnt  *e;

	if (fl_hash_find(fx, key, h))
		return;
	if (fx->nents >= fx->nbuckets * 2)
		fl_hash_grow(fx);
	e = ORM_NEW(fx->a, FlHashEnt);
	e->h = h;
	e->key = orm_strndup(fx->a, key, len);
	e->obj = o;
	e->next = fx->buckets[h % fx->nbuckets];
	fx->buckets[h % fx->nbuckets] = e;
	fx->nents++;
}

/* Makes key name o (replacing the object it named). */
static void
fl_hash_set(Flush *fx, const char *key, FlObj *o)
{
	FlHashEnt  *e = fl_hash_find(fx, key, orm_hash_str(key, strlen(key)));

	if (e)
		e->obj = o;
	else
		fl_hash_put(fx, key, o);
}

/* Starts a key in the scratch buffer; valid until the next key is built. */
static OrmBuf *
fl_key_begin(Flush *fx)
{
	fx->kbuf.len = 0;
	if (fx->kbuf.data)
		fx->kbuf.data[0] = '\0';
	return &fx->kbuf;
}

/* Identity key of table t by its primary key, values vals (per column pos). */
static const char *
fl_pk_key(Flush *fx, OrmTable *t, const OrmValue *vals)
{
	OrmBuf	   *b = fl_key_begin(fx);
	int			i;

	orm_buf_puts(b, t->name);
	orm_buf_puts(b, "\x1fpk\x1f");
	for (i = 0; i < t->npk; i++)
		fl_value_key(b, &vals[t->pk[i]->pos], t->pk[i]);
	return orm_buf_cstr(b);
}

static const char *
fl_unique_key(Flush *fx, OrmTable *t, OrmColumn *col, const OrmValue *v)
{
	OrmBuf	   *b = fl_key_begin(fx);

	orm_buf_puts(b, t->name);
	orm_buf_putc(b, '\x1f');
	orm_buf_puts(b, col->name);
	orm_buf_putc(b, '\x1f');
	fl_value_key(b, v, col);
	return orm_buf_cstr(b);
}

/* ---- statements ---------------------------------------------------------- */

/*
 * Parameters per statement, at most.  Besides dialect->max_params there is
 * a cost: SQLite resolves each "?NNN" placeholder while coding the statement
 * by a linear search of the earlier ones (sqlite3VListNumToName), so
 * preparing a statement of n parameters takes O(n^2); measured on 3.40,
 * rows per second peak below a few hundred parameters per statement and at
 * 1000 are slower than one row per statement.  PostgreSQL loses nothing
 * by pages of this size.
 */
#define FL_STMT_PARAMS 256

/* Rows per statement for ppr parameters per row (at least 1). */
static int
fl_per_stmt(Flush *fx, int ppr)
{
	int			budget = fx->d->max_params < FL_STMT_PARAMS ? fx->d->max_params : FL_STMT_PARAMS;
	int			per = ppr > 0 ? budget / ppr : budget;

	if (fx->single)
		return 1;
	return per < 1 ? 1 : per;
}

static void
fl_stmt_init(Flush *fx, FlStmt *s)
{
	memset(s, 0, sizeof(*s));
	orm_buf_init(&s->sql, fx->a);
}

/* Room for n parameters in all (avoids regrowing long statements). */
static void
fl_stmt_reserve(Flush *fx, FlStmt *s, int n)
{
	if (n > s->cap)
	{
		s->p = orm_realloc(fx->a, s->p, sizeof(OrmParam) * s->cap, sizeof(OrmParam) * n);
		s->cap = n;
	}
}

static void
fl_bind(Flush *fx, FlStmt *s, const OrmValue *v, const OrmType *t)
{
	if (s->n == s->cap)
	{
		int			ncap = s->cap ? s->cap * 2 : 16;

		s->p = orm_realloc(fx->a, s->p, sizeof(OrmParam) * s->cap,
						   sizeof(OrmParam) * ncap);
		s->cap = ncap;
	}
	s->p[s->n++] = *v;
	fx->d->param(&s->sql, s->n, t);
}

/* Runs s; opens the atomic section before the first statement. */
static int
fl_exec(Flush *fx, FlStmt *s, OrmRows *rows, FlObj *blame)
{
	if (!fx->atomic)
	{
		if (fx->ctx->host->begin_atomic(fx->ctx->hs, fx->err) < 0)
			return -1;
		fx->atomic = true;
	}
	memset(rows, 0, sizeof(*rows));
	if (orm_ctx_query(fx->ctx, orm_buf_cstr(&s->sql), s->n, s->p, rows) < 0)
	{
		if (fx->err->code == ORM_OK)
			orm_err(fx->err, ORM_ERR_ENGINE, "statement failed");
		if (fx->multi)
			fx->retry = true;	/* which object failed?  the replay tells */
		orm_err_path(fx->err, blame ? blame->path : NULL);
		return -1;
	}
	return 0;
}

/* fl_exec of a statement covering n objects (a batch: n > 1). */
static int
fl_exec_n(Flush *fx, FlStmt *s, OrmRows *rows, FlObj *blame, int n)
{
	int			rc;

	fx->multi = n > 1;
	rc = fl_exec(fx, s, rows, blame);
	fx->multi = false;
	return rc;
}

/*
 * A statement that changed another number of rows than the flush expects:
 * SQLAlchemy's StaleDataError, in its words.  In a batch the replay (one
 * row per statement) names the object.
 */
static int
fl_rowcount_err(Flush *fx, const char *verb, const OrmTable *t, int64_t expected,
				int64_t matched, FlObj *blame, int n, bool only)
{
	orm_err(fx->err, ORM_ERR_STALE,
			"%s statement on table '%s' expected to %s %lld row(s); %s%lld were matched",
			verb, t->name, strcmp(verb, "UPDATE") == 0 ? "update" : "delete",
			(long long) expected, only ? "Only " : "", (long long) matched);
	if (n > 1 && !fx->single)
		fx->retry = true;
	orm_err_path(fx->err, blame ? blame->path : NULL);
	return -1;
}

/* "col1", "col2", ... of every column of t */
static void
fl_put_all_cols(OrmBuf *b, OrmTable *t)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
	{
		if (i)
			orm_buf_puts(b, ", ");
		orm_quote_ident(b, t->cols[i]->name);
	}
}

/* "table"."column" */
static void
fl_put_qualified(OrmBuf *b, const OrmTable *t, const OrmColumn *col)
{
	orm_quote_ident(b, t->name);
	orm_buf_putc(b, '.');
	orm_quote_ident(b, col->name);
}

/* "a" = ?1 AND "b" = ?2 */
static void
fl_put_match(Flush *fx, FlStmt *s, int n, OrmColumn **cols, const OrmValue *vals)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_puts(&s->sql, " AND ");
		orm_quote_ident(&s->sql, cols[i]->name);
		orm_buf_puts(&s->sql, " = ");
		fl_bind(fx, s, &vals[i], &cols[i]->type);
	}
}

/* Copies a result row into the arena (positions of t's columns). */
static OrmValue *
fl_copy_row(Flush *fx, const OrmRows *rows, int r)
{
	OrmValue   *row = ORM_NEWN(fx->a, OrmValue, rows->ncols);

	memcpy(row, ORM_ROW(rows, r), sizeof(OrmValue) * rows->ncols);
	return row;
}

/* SELECT every column of t WHERE cols = vals; rows out. */
static int
fl_select(Flush *fx, OrmTable *t, int n, OrmColumn **cols, const OrmValue *vals,
		  OrmRows *rows, FlObj *blame)
{
	FlStmt		s;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "SELECT ");
	fl_put_all_cols(&s.sql, t);
	orm_buf_puts(&s.sql, " FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	fl_put_match(fx, &s, n, cols, vals);
	if (fl_exec(fx, &s, rows, blame) < 0)
		return -1;
	if (rows->nrows > 0 && rows->ncols != t->ncols)
		return orm_err(fx->err, ORM_ERR_INTERNAL, "unexpected row width from %s", t->name);
	return 0;
}

/* ---- stage 1: organize --------------------------------------------------- */

/* Touches the tables of a joined hierarchy, the superclass's first. */
static void
fl_tab_chain(Flush *fx, OrmClass *cls)
{
	if (fl_joined(cls))
	{
		fl_tab_chain(fx, cls->inherits);
		fl_tab(fx, cls->inherits->table);
	}
}

static FlObj *
fl_obj_new(Flush *fx, OrmClass *cls, const char *path, int op)
{
	FlObj	   *o = ORM_NEW(fx->a, FlObj);

	o->cls = cls;
	o->t = cls->table;
	o->seq = fx->objs.n;
	o->op = op;
	o->path = path;
	o->c = ORM_NEWN(fx->a, FlCol, o->t->ncols);
	orm_vec_push(fx->a, &fx->objs, o);
	fl_tab_chain(fx, cls);
	fl_tab(fx, o->t);
	return o;
}

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
			memset(g->has, 0, sizeof(bool) * n);
			memset(g->val, 0, sizeof(OrmValue) * n);
			memset(g->path, 0, sizeof(const char *) * n);
			memset(g->is_key, 0, sizeof(bool) * n);
			g->n = 0;
			return g;
		}
	}
	g = ORM_NEW(fx->a, FlGiven);
	g->cap = n;
	g->has = ORM_NEWN(fx->a, bool, n);
	g->val = ORM_NEWN(fx->a, OrmValue, n);
	g->path = ORM_NEWN(fx->a, const char *, n);
	g->is_key = ORM_NEWN(fx->a, bool, n);
	return g;
}

static void
fl_given_release(Flush *fx, FlGiven *g)
{
	orm_vec_push(fx->a, &fx->given_free, g);
}

static int
fl_given_set(Flush *fx, FlGiven *g, OrmColumn *col, const JsonValue *v,
			 const char *path, bool is_key)
{
	OrmParam	p;

	if (orm_value_from_json(fx->a, fx->d, v, &col->type, &p, fx->err) < 0)
	{
		orm_err_path(fx->err, path);
		return -1;
	}
	if (g->has[col->pos] && !fl_same(fx, &g->val[col->pos], &p, col))
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "conflicting values for \"%s\" of %s",
									   col->attr ? col->attr : col->name, col->table->cls ?
									   col->table->cls->name : col->table->name));
	if (!g->has[col->pos])
		g->n++;
	g->has[col->pos] = true;
	g->val[col->pos] = p;
	g->path[col->pos] = path;
	g->is_key[col->pos] = g->is_key[col->pos] || is_key;
	return 0;
}

/*
 * data members: column attributes into g; relationship names are checked
 * here and handled by fl_node_rels; anything else is an unknown attribute.
 */
static int
fl_given_data(Flush *fx, OrmClass *cls, const JsonValue *data, const char *path,
			  FlGiven *g)
{
	int			i;

	if (!data || data->kind != JSON_OBJECT)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "expected an object of %s", cls->name));
	for (i = 0; i < data->n; i++)
	{
		const char *k = data->keys[i];
		const char *kpath = fl_path_key(fx, path, k);
		OrmColumn  *col = fl_attr(cls, k);

		if (col)
		{
			if (fl_given_set(fx, g, col, data->items[i], kpath, false) < 0)
				return -1;
		}
		else if (!fl_attr_up(cls, k) && !fl_rel_up(cls, k))
			return fl_err_path(fx, kpath, ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "unknown attribute \"%s\" on %s",
										   k, cls->name));
	}
	return 0;
}

/* key: the primary key value, or an object of its attributes (or column names). */
static int
fl_given_key(Flush *fx, OrmClass *cls, const JsonValue *key, const char *path,
			 FlGiven *g)
{
	OrmTable   *t = cls->table;
	int			i;

	if (t->npk == 0)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "%s has no primary key", cls->name));
	if (key->kind != JSON_OBJECT)
	{
		if (t->npk != 1)
			return fl_err_path(fx, path, ORM_ERR_PARAM,
							   orm_sprintf(fx->a, "%s has a composite primary key: "
										   "give the key as an object", cls->name));
		return fl_given_set(fx, g, t->pk[0], key, path, true);
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
		if (fl_given_set(fx, g, col, key->items[i], kpath, true) < 0)
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
	int			i;

	if (fl_given_full_pk(t, g))
	{
		o = fl_hash_get(fx, fl_pk_key(fx, t, g->val));
		if (o)
			return o;
	}
	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *col = t->cols[i];

		if (!g->has[i] || g->val[i].kind == ORM_V_NULL || col->primary_key ||
			!fl_col_is_unique(t, col))
			continue;
		o = fl_hash_get(fx, fl_unique_key(fx, t, col, &g->val[i]));
		if (o)
			return o;
	}
	return NULL;
}

static void
fl_register(Flush *fx, FlObj *o)
{
	OrmTable   *t = o->t;
	bool		full = t->npk > 0;
	int			i;

	for (i = 0; i < t->npk; i++)
	{
		FlCol	   *c = &o->c[t->pk[i]->pos];

		if (c->st != FLC_GIVEN || c->val.kind == ORM_V_NULL)
			full = false;
	}
	if (full)
	{
		OrmBuf	   *b = fl_key_begin(fx);

		orm_buf_puts(b, t->name);
		orm_buf_puts(b, "\x1fpk\x1f");
		for (i = 0; i < t->npk; i++)
			fl_value_key(b, &o->c[t->pk[i]->pos].val, t->pk[i]);
		fl_hash_put(fx, orm_buf_cstr(b), o);
	}
	for (i = 0; i < t->ncols; i++)
	{
		OrmColumn  *col = t->cols[i];

		if (o->c[i].st == FLC_GIVEN && o->c[i].val.kind != ORM_V_NULL &&
			!col->primary_key && fl_col_is_unique(t, col))
			fl_hash_put(fx, fl_unique_key(fx, t, col, &o->c[i].val), o);
	}
}

/* Merges a node's given columns into o; differing values are an error. */
static int
fl_merge(Flush *fx, FlObj *o, const FlGiven *g, const char *path)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
	{
		FlCol	   *c = &o->c[i];

		if (!g->has[i])
			continue;
		if (c->st == FLC_GIVEN)
		{
			if (!fl_same(fx, &c->val, &g->val[i], o->t->cols[i]))
				return fl_err_path(fx, g->path[i], ORM_ERR_PARAM,
								   orm_sprintf(fx->a, "conflicting values for \"%s\" of %s",
											   o->t->cols[i]->attr ? o->t->cols[i]->attr :
											   o->t->cols[i]->name, o->cls->name));
			c->is_key = c->is_key || g->is_key[i];
			continue;
		}
		if (c->st == FLC_FK)
			continue;			/* the relationship wins, as SQLAlchemy's sync does */
		c->st = FLC_GIVEN;
		c->val = g->val[i];
		c->path = g->path[i];
		c->is_key = g->is_key[i];
	}
	if (g->n > o->npath_given)
	{
		o->path = path;
		o->npath_given = g->n;
	}
	fl_register(fx, o);
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
	c->val.kind = ORM_V_NULL;
	c->path = path;
	return 0;
}

static void
fl_assoc_add(Flush *fx, OrmRelationship *rel, FlObj *owner, FlObj *other)
{
	OrmTable   *sec = rel->secondary;
	FlAssoc    *as = ORM_NEW(fx->a, FlAssoc);
	int			i;

	as->sec = sec;
	as->src = ORM_NEWN(fx->a, FlObj *, sec->ncols);
	as->src_col = ORM_NEWN(fx->a, OrmColumn *, sec->ncols);
	as->blame = owner;
	for (i = 0; i < rel->npairs; i++)
	{
		as->src[rel->remote_cols[i]->pos] = fl_part(owner, rel->local_cols[i]->table);
		as->src_col[rel->remote_cols[i]->pos] = rel->local_cols[i];
	}
	for (i = 0; i < rel->nsec_pairs; i++)
	{
		as->src[rel->sec_cols[i]->pos] = fl_part(other, rel->target_cols[i]->table);
		as->src_col[rel->sec_cols[i]->pos] = rel->target_cols[i];
	}
	{
		OrmBuf	   *key = fl_key_begin(fx);

		orm_buf_printf(key, "%s\x1f" "assoc", sec->name);
		for (i = 0; i < sec->ncols; i++)
			orm_buf_printf(key, "\x1f%d.%d", as->src[i] ? as->src[i]->seq : -1,
						   as->src_col[i] ? as->src_col[i]->pos : -1);
		if (fl_hash_get(fx, orm_buf_cstr(key)))
			return;				/* the same pair named from both sides */
		fl_hash_put(fx, orm_buf_cstr(key), owner);
	}
	fl_tab(fx, sec);
	orm_vec_push(fx->a, &fx->assocs, as);
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
	orm_vec_push(fx->a, &o->adj, e);
}

/*
 * Is the foreign key rel fills written after the rows, as post_update=True
 * asks?  Either side of a pair asking is enough: SQLAlchemy then syncs the
 * key in the post-update (checked with back_populates, one side flagged).
 */
static bool
fl_rel_post(const OrmRelationship *rel)
{
	return rel->post_update || (rel->reverse && rel->reverse->post_update);
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
	orm_vec_push(fx->a, &o->colls, cl);
	return cl;
}

static void
fl_m2m_given(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < o->m2m.n; i++)
		if (o->m2m.items[i] == rel)
			return;
	orm_vec_push(fx->a, &o->m2m, rel);
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
	orm_vec_push(fx->a, &rn->items, child);
	if (rel->dir == ORM_REL_ONETOMANY)
		orm_vec_push(fx->a, &fl_coll(fx, rn->obj, rel)->members, child->obj);
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

static int
fl_node_rel(Flush *fx, FlNode *node, OrmRelationship *rel, const JsonValue *v,
			const char *path, FlObj *forced)
{
	FlRelNode  *rn = ORM_NEW(fx->a, FlRelNode);
	int			i;

	rn->rel = rel;
	rn->obj = fl_part(node->obj, rel->owner->table);
	orm_vec_push(fx->a, &node->rels, rn);
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
	if (v->kind != JSON_ARRAY)
		return fl_err_path(fx, path, ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "collection \"%s\" of %s must be an array",
									   rel->name, rel->owner->name));
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
			 OrmRelationship *via, FlObj *via_obj)
{
	int			i;

	for (i = 0; i < data->n; i++)
	{
		OrmRelationship *rel = fl_rel_up(node->obj->cls, data->keys[i]);
		FlObj	   *forced = NULL;

		if (!rel || fl_attr_up(node->obj->cls, data->keys[i]))
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
	OrmClass   *pc = cls->inherits;
	FlGiven    *pg = fl_given_new(fx, pc->table);
	int			i;

	for (i = 0; data && data->kind == JSON_OBJECT && i < data->n; i++)
	{
		OrmColumn  *col = fl_attr_up(pc, data->keys[i]);

		if (col && !fl_attr(cls, data->keys[i]) && col->table == pc->table &&
			fl_given_set(fx, pg, col, data->items[i],
						 fl_path_key(fx, path, data->keys[i]), false) < 0)
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
		pg->path[k] = g->path[i];
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
	OrmClass   *pc = o->cls->inherits;
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
		c = c->inherits;
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
	if (data && fl_node_rels(fx, node, data, path, via, via_obj) < 0)
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
			if (kind == FL_DELETE)
				o->deleted = true;
		}
	}
	return node;
}

static int
fl_op(Flush *fx, const JsonValue *opv, int i)
{
	const char *path = orm_sprintf(fx->a, "changes[%d]", i);
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
		return fl_err_path(fx, fl_path_key(fx, path, "entity"), ORM_ERR_PARAM,
						   orm_sprintf(fx->a, "unknown entity \"%s\"", ent->str));
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
		if (!next->need_load)	/* else in the session already: halt_on */
		{
			fl_walk_push(fx, ++depth, next);
			for (b = next->base; b; b = b->base)
				fl_walk_push(fx, ++depth, b);
		}
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
fl_uuid4(Flush *fx, char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	int			i,
				k = 0;

	fx->ctx->host->random(fx->ctx->hs, b, sizeof(b));
	b[6] = (unsigned char) ((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char) ((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[b[i] >> 4];
		out[k++] = hex[b[i] & 15];
	}
	out[k] = '\0';
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
static int
fl_default(Flush *fx, OrmColumn *col, const OrmDefault *d, FlColState *st, OrmValue *v)
{
	FlDefCache *dc;
	int			i;

	if (d->kind == ORM_DEF_UUID4)
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
			memset(v, 0, sizeof(*v));
			return 0;
		case ORM_DEF_SQL_NOW:
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
			fl_uuid4(fx, uuid);
			rc = orm_value_from_text(fx->a, fx->d, uuid, 36, &col->type, v, fx->err);
			break;
		case ORM_DEF_DICT:
		case ORM_DEF_LIST:
			jv = json_new(fx->a, d->kind == ORM_DEF_DICT ? JSON_OBJECT : JSON_ARRAY);
			rc = orm_value_from_json(fx->a, fx->d, jv, &col->type, v, fx->err);
			break;
	}
	return rc;
}

/* Does the engine fill col when the INSERT leaves it out (RETURNING reads it)? */
static bool
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
		orm_value_from_json(fx->a, fx->d, jv, &o->t->cols[i]->type, &c->val, fx->err) < 0)
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
	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];
		FlCol	   *c = &o->c[i];
		const char *attr = col->attr ? col->attr : col->name;

		if (c->st == FLC_GIVEN && c->val.kind == ORM_V_NULL && !fl_evaluates_none(col))
			c->st = FLC_UNSET;	/* None is "not set" on INSERT: defaults apply */
		if (fl_discriminator(fx, o, i) < 0)
		{
			orm_err_path(fx->err, fl_path_key(fx, o->path, attr));
			return -1;
		}
		if (c->st == FLC_UNSET && fl_version_col(o) == col)
		{
			c->st = FLC_VALUE;
			c->val.kind = ORM_V_INT;
			c->val.i = 1;
		}
		if (c->st == FLC_UNSET && !col->is_autoinc &&
			fl_default(fx, col, &col->dflt, &c->st, &c->val) < 0)
		{
			orm_err_path(fx->err, fl_path_key(fx, o->path, attr));
			return -1;
		}
		if (col->nullable)
			continue;
		if ((c->st == FLC_UNSET && !fl_generated(col)) ||
			((c->st == FLC_GIVEN || c->st == FLC_VALUE || c->st == FLC_NULLED) &&
			 c->val.kind == ORM_V_NULL && !col->is_autoinc))
			return fl_err_path(fx, c->path && (c->st == FLC_GIVEN || c->st == FLC_NULLED) ? c->path :
							   fl_path_key(fx, o->path, attr),
							   ORM_ERR_FLUSH, "NOT NULL constraint failed");
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

		if (c->st != FLC_GIVEN || c->val.kind == ORM_V_NULL)
			return false;
	}
	return o->t->npk > 0;
}

static int
fl_prepare_pending(Flush *fx, bool loaded)
{
	int			i;

	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (ORM_POLL(fx->ctx) < 0)	/* cancel: host.h */
			return -1;
		if (o->persistent || o->deleted || (o->need_load && !loaded))
			continue;
		if (!loaded && o->fresh && fl_given_full_pk_obj(o))
			continue;			/* its key may be a deleted row's: a row switch, no INSERT */
		if (fl_prepare_new(fx, o) < 0)
			return -1;
	}
	return 0;
}

/* ---- stage 2: load ------------------------------------------------------- */

/* The object of a loaded row of cls: the one in the flush, or a new persistent one. */
static FlObj *
fl_obj_loaded(Flush *fx, OrmClass *cls, OrmValue *row, const char *path, int op)
{
	const char *key = fl_pk_key(fx, cls->table, row);
	FlObj	   *o = fl_hash_get(fx, key);
	FlObj	   *fresh = NULL;

	if (o && o->fresh && !o->persistent)
	{
		/*
		 * A new object of this flush has the key of the row read: they are
		 * two objects (the row may be deleted and switched to the new one).
		 */
		if (o->switch_of)
			return o->switch_of;
		fresh = o;
		o = NULL;
	}
	if (o)
	{
		if (!o->row && o->need_load)
		{
			o->row = row;
			o->persistent = true;
		}
		return o;
	}
	o = fl_obj_new(fx, cls, path, op);
	o->row = row;
	o->persistent = true;
	o->checked = true;
	if (fresh)
	{
		fresh->switch_of = o;
		o->switch_new = fresh;
	}
	else
		fl_hash_put(fx, key, o);
	return o;
}

/* Is cls, or a class below it, the one whose polymorphic_identity is ident? */
static bool
fl_identity_of(const OrmRegistry *reg, const OrmClass *cls, const char *ident)
{
	int			i;

	for (i = 0; i < reg->classes.n; i++)
	{
		const OrmClass *c = reg->classes.items[i];
		const OrmClass *up;
		int			depth = 0;

		if (!orm_streq(c->polymorphic_identity, ident))
			continue;
		for (up = c; up && depth < 100; up = up->inherits, depth++)
			if (up == cls)
				return true;
	}
	return false;
}

/*
 * A row whose discriminator names a class outside cls's hierarchy below it
 * is no cls (session.get(Car, 2) of a plain Vehicle row is None): for an
 * update or delete, not found.
 */
static int
fl_check_class(Flush *fx, FlObj *o)
{
	OrmColumn  *on = o->cls->polymorphic_on;
	OrmBuf		b;

	if (!on || on->table != o->t || !o->cls->polymorphic_identity || !o->must_exist ||
		o->row[on->pos].kind == ORM_V_NULL)
		return 0;
	orm_buf_init(&b, fx->a);
	orm_value_to_json(&b, fx->d, &o->row[on->pos], &on->type);
	if (fl_identity_of(fx->ctx->reg, o->cls, orm_buf_cstr(&b)))
		return 0;
	orm_err(fx->err, ORM_ERR_NOTFOUND, "%s not found", fl_obj_ident(fx, o));
	orm_err_path(fx->err, o->path);
	return -1;
}

static int
fl_check_version(Flush *fx, FlObj *o)
{
	OrmColumn  *vc = fl_version_col(o);
	FlCol	   *c;

	if (fl_check_class(fx, o) < 0)
		return -1;
	if (!vc)
		return 0;
	c = &o->c[vc->pos];
	if (c->st != FLC_GIVEN || fl_same(fx, &c->val, &o->row[vc->pos], vc))
		return 0;
	{
		OrmBuf		b;

		orm_buf_init(&b, fx->a);
		orm_value_repr(&b, &c->val, false);
		orm_err(fx->err, ORM_ERR_STALE, "stale data: expected version %s of %s",
				orm_buf_cstr(&b), fl_obj_ident(fx, o));
		orm_err_path(fx->err, c->path);
	}
	return -1;
}

static int
fl_load_one(Flush *fx, FlObj *o)
{
	OrmTable   *t = o->t;
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, t->npk);
	OrmRows		rows;
	int			i;

	for (i = 0; i < t->npk; i++)
		vals[i] = o->c[t->pk[i]->pos].val;
	if (fl_select(fx, t, t->npk, t->pk, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows == 0)
	{
		if (o->must_exist)
		{
			orm_err(fx->err, ORM_ERR_NOTFOUND, "%s not found", fl_obj_ident(fx, o));
			orm_err_path(fx->err, o->path);
			return -1;
		}
		return 0;
	}
	o->row = fl_copy_row(fx, &rows, 0);
	o->persistent = true;
	return fl_check_version(fx, o);
}

/* The batch object a loaded row belongs to (by primary key). */
static FlObj *
fl_batch_match(Flush *fx, FlObj **objs, int n, OrmValue *row)
{
	FlObj	   *o = fl_hash_get(fx, fl_pk_key(fx, objs[0]->t, row));
	int			pos = objs[0]->t->pk[0]->pos,
				i;

	for (i = 0; i < n; i++)
		if (objs[i] == o)
			return o;
	for (i = 0; i < n; i++)		/* the engine spelled the key differently */
		if (!objs[i]->row && fl_same(fx, &objs[i]->c[pos].val, &row[pos], objs[0]->t->pk[0]))
			return objs[i];
	return NULL;
}

/* SELECT every column of t WHERE col IN (vals[0..n)); one value: col = ?1. */
static int
fl_select_in(Flush *fx, OrmTable *t, OrmColumn *col, const OrmValue *vals, int n,
			 OrmRows *rows, FlObj *blame)
{
	FlStmt		s;
	int			i;

	if (n == 1)
		return fl_select(fx, t, 1, &col, vals, rows, blame);
	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n);
	orm_buf_puts(&s.sql, "SELECT ");
	fl_put_all_cols(&s.sql, t);
	orm_buf_puts(&s.sql, " FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	orm_quote_ident(&s.sql, col->name);
	orm_buf_puts(&s.sql, " IN (");
	for (i = 0; i < n; i++)
	{
		if (i)
			orm_buf_puts(&s.sql, ", ");
		fl_bind(fx, &s, &vals[i], &col->type);
	}
	orm_buf_putc(&s.sql, ')');
	if (fl_exec(fx, &s, rows, blame) < 0)
		return -1;
	if (rows->nrows > 0 && rows->ncols != t->ncols)
		return orm_err(fx->err, ORM_ERR_INTERNAL, "unexpected row width from %s", t->name);
	return 0;
}

/* SELECT ... WHERE pk IN (...) for objects of one single-column-key table. */
static int
fl_load_batch(Flush *fx, FlObj **objs, int n)
{
	OrmTable   *t = objs[0]->t;
	OrmColumn  *pk = t->pk[0];
	OrmValue   *vals;
	OrmRows		rows;
	int			i;

	if (n == 1)
		return fl_load_one(fx, objs[0]);
	vals = ORM_NEWN(fx->a, OrmValue, n);
	for (i = 0; i < n; i++)
		vals[i] = objs[i]->c[pk->pos].val;
	if (fl_select_in(fx, t, pk, vals, n, &rows, objs[0]) < 0)
		return -1;
	for (i = 0; i < rows.nrows; i++)
	{
		OrmValue   *row = fl_copy_row(fx, &rows, i);
		FlObj	   *o = fl_batch_match(fx, objs, n, row);

		if (o && !o->row)
		{
			o->row = row;
			o->persistent = true;
		}
	}
	for (i = 0; i < n; i++)
	{
		FlObj	   *o = objs[i];

		if (!o->persistent && o->must_exist)
		{
			orm_err(fx->err, ORM_ERR_NOTFOUND, "%s not found", fl_obj_ident(fx, o));
			orm_err_path(fx->err, o->path);
			return -1;
		}
		if (o->persistent && fl_check_version(fx, o) < 0)
			return -1;
	}
	return 0;
}

/* Looks up every object given with its full primary key, per table. */
static int
fl_load_pending(Flush *fx)
{
	FlObj	  **batch = ORM_NEWN(fx->a, FlObj *, fx->objs.n + 1);
	int			ti,
				i;

	for (ti = 0; ti < fx->tabs.n; ti++)
	{
		OrmTable   *t = ((FlTab *) fx->tabs.items[ti])->t;
		int			n = 0,
					per = fl_per_stmt(fx, 1);

		for (i = 0; i < fx->objs.n; i++)
		{
			FlObj	   *o = fx->objs.items[i];

			if (o->t == t && o->need_load && !o->persistent)
				batch[n++] = o;
		}
		for (i = 0; i < n; i += (t->npk == 1 ? per : 1))
		{
			int			m = t->npk == 1 ? (n - i < per ? n - i : per) : 1;

			if ((t->npk == 1 ? fl_load_batch(fx, batch + i, m) : fl_load_one(fx, batch[i])) < 0)
				return -1;
		}
	}
	return 0;
}

static int	fl_delete_obj(Flush *fx, FlObj *o);

/* Links loaded rows o (subclass) and b (its superclass's row). */
static void
fl_join_rows(FlObj *o, FlObj *b)
{
	o->base = b;
	b->sub = o;
}

/* The superclass row of a loaded joined subclass row o. */
static int
fl_load_base(Flush *fx, FlObj *o)
{
	OrmClass   *pc = o->cls->inherits;
	OrmColumn **cols = ORM_NEWN(fx->a, OrmColumn *, o->t->ncols);
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, o->t->ncols);
	OrmRows		rows;
	FlObj	   *b;
	int			i,
				n = 0;

	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];

		if (col->primary_key && col->fk && col->fk->ref_table == pc->table && col->fk->ref_col)
		{
			cols[n] = col->fk->ref_col;
			vals[n++] = o->row[i];
		}
	}
	if (n == 0)
		return 0;
	if (fl_select(fx, pc->table, n, cols, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	b = fl_obj_loaded(fx, pc, fl_copy_row(fx, &rows, 0), o->path, o->op);
	if (b->sub && b->sub != o)
		return 0;
	fl_join_rows(o, b);
	if (fl_joined(pc) && !b->base)
		return fl_load_base(fx, b);
	return 0;
}

/*
 * The joined subclass row of a loaded row o whose discriminator names a
 * subclass with its own table (SQLAlchemy loads the object as that class
 * and deletes its rows too).
 */
static int
fl_load_sub(Flush *fx, FlObj *o)
{
	const OrmRegistry *reg = fx->ctx->reg;
	OrmColumn  *on = o->cls->polymorphic_on;
	OrmBuf		b;
	OrmRows		rows;
	int			i,
				j;

	if (!on || on->table != o->t || o->row[on->pos].kind == ORM_V_NULL)
		return 0;
	orm_buf_init(&b, fx->a);
	orm_value_to_json(&b, fx->d, &o->row[on->pos], &on->type);
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *c = reg->classes.items[i];
		OrmColumn **cols;
		OrmValue   *vals;
		int			n = 0;

		if (c->inherits != o->cls || !fl_joined(c) ||
			!orm_streq(c->polymorphic_identity, orm_buf_cstr(&b)))
			continue;
		cols = ORM_NEWN(fx->a, OrmColumn *, c->table->ncols);
		vals = ORM_NEWN(fx->a, OrmValue, c->table->ncols);
		for (j = 0; j < c->table->ncols; j++)
		{
			OrmColumn  *col = c->table->cols[j];

			if (col->primary_key && col->fk && col->fk->ref_table == o->t && col->fk->ref_col)
			{
				cols[n] = col;
				vals[n++] = o->row[col->fk->ref_col->pos];
			}
		}
		if (n == 0 || fl_select(fx, c->table, n, cols, vals, &rows, o) < 0)
			return n == 0 ? 0 : -1;
		if (rows.nrows > 0)
		{
			FlObj	   *s = fl_obj_loaded(fx, c, fl_copy_row(fx, &rows, 0), o->path, o->op);

			if (!s->base)
				fl_join_rows(s, o);
		}
		return 0;
	}
	return 0;
}

/* Rows of rel's target that point at o (ONETOMANY), as objects. */
static int
fl_load_children(Flush *fx, FlObj *o, OrmRelationship *rel, OrmPtrVec *out)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
	OrmRows		rows;
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		vals[i] = o->row[rel->local_cols[i]->pos];
		if (vals[i].kind == ORM_V_NULL)
			return 0;
	}
	if (fl_select(fx, rel->target->table, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
		return -1;
	for (i = 0; i < rows.nrows; i++)
		orm_vec_push(fx->a, out,
					 fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, i), o->path, o->op));
	return 0;
}

/*
 * The rows o's many-to-many rel joins through its secondary table, as
 * objects: SELECT "t"."c", ... FROM "t" JOIN "sec" ON "sec"."x" = "t"."y"
 * WHERE "sec"."z" = ?1 (a delete cascading along rel, as SQLAlchemy's
 * lazy load of the collection before it deletes the members).
 */
static int
fl_load_m2m_targets(Flush *fx, FlObj *o, OrmRelationship *rel, OrmPtrVec *out)
{
	OrmTable   *t = rel->target->table;
	FlStmt		s;
	OrmRows		rows;
	int			i;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "SELECT ");
	for (i = 0; i < t->ncols; i++)
	{
		if (i)
			orm_buf_puts(&s.sql, ", ");
		fl_put_qualified(&s.sql, t, t->cols[i]);
	}
	orm_buf_puts(&s.sql, " FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " JOIN ");
	orm_quote_ident(&s.sql, rel->secondary->name);
	for (i = 0; i < rel->nsec_pairs; i++)
	{
		orm_buf_puts(&s.sql, i ? " AND " : " ON ");
		fl_put_qualified(&s.sql, rel->secondary, rel->sec_cols[i]);
		orm_buf_puts(&s.sql, " = ");
		fl_put_qualified(&s.sql, t, rel->target_cols[i]);
	}
	for (i = 0; i < rel->npairs; i++)
	{
		orm_buf_puts(&s.sql, i ? " AND " : " WHERE ");
		fl_put_qualified(&s.sql, rel->secondary, rel->remote_cols[i]);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &o->row[rel->local_cols[i]->pos], &rel->remote_cols[i]->type);
	}
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.nrows > 0 && rows.ncols != t->ncols)
		return orm_err(fx->err, ORM_ERR_INTERNAL, "unexpected row width from %s", t->name);
	for (i = 0; i < rows.nrows; i++)
		orm_vec_push(fx->a, out,
					 fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, i), o->path, o->op));
	return 0;
}

/* The parent row of a MANYTOONE rel of o, as an object (NULL when none). */
static int
fl_load_parent(Flush *fx, FlObj *o, OrmRelationship *rel, FlObj **out)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
	OrmRows		rows;
	int			i;

	*out = NULL;
	for (i = 0; i < rel->npairs; i++)
	{
		vals[i] = o->row[rel->local_cols[i]->pos];
		if (vals[i].kind == ORM_V_NULL)
			return 0;
	}
	if (fl_select(fx, rel->target->table, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows > 0)
		*out = fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, 0), o->path, o->op);
	return 0;
}

/* child's FK columns of rel go NULL, unless it is deleted or re-parented. */
static void
fl_null_out(FlObj *child, OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		FlCol	   *c = &child->c[rel->remote_cols[i]->pos];

		if (c->st == FLC_FK || c->st == FLC_GIVEN)
			continue;
		c->st = FLC_NULLED;
		c->val.kind = ORM_V_NULL;
		c->path = child->path;
	}
}

/*
 * Does this flush put child under another parent through rel (or its
 * backref), one that is not deleted?  Then a delete of its old parent does
 * not take it along: it moved, as a member taken out of a collection.
 */
static bool
fl_moved(const FlObj *child, const OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		const FlCol *c = &child->c[rel->remote_cols[i]->pos];

		if (c->st == FLC_FK && c->rel && (c->rel == rel || c->rel == rel->reverse) &&
			(!c->src->deleted || c->src->ghost))
			return true;
	}
	return false;
}

/* The rows of a deleted parent's rel: deleted too, or their FK set to NULL. */
static int
fl_cascade_kids(Flush *fx, OrmRelationship *rel, const OrmPtrVec *kids)
{
	int			i;

	for (i = 0; i < kids->n; i++)
	{
		FlObj	   *k = kids->items[i];

		if (fl_moved(k, rel))
			continue;
		if (rel->cascade & ORM_CASCADE_DELETE)
		{
			if (fl_delete_obj(fx, k) < 0)
				return -1;
		}
		else if (!k->deleted)
			fl_null_out(k, rel);
	}
	return 0;
}

static int
fl_cascade_rel(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	OrmPtrVec	kids = {0};
	FlObj	   *parent;
	FlAssocDel *ad;
	int			i;

	if (rel->viewonly)
		return 0;
	switch (rel->dir)
	{
		case ORM_REL_ONETOMANY:
			if (rel->passive_deletes)
				return 0;
			if (fl_load_children(fx, o, rel, &kids) < 0)
				return -1;
			return fl_cascade_kids(fx, rel, &kids);
		case ORM_REL_MANYTOONE:
			if (!(rel->cascade & ORM_CASCADE_DELETE))
				return 0;
			if (fl_load_parent(fx, o, rel, &parent) < 0)
				return -1;
			return parent ? fl_delete_obj(fx, parent) : 0;
		case ORM_REL_MANYTOMANY:
			ad = ORM_NEW(fx->a, FlAssocDel);
			ad->rel = rel;
			ad->owner = o;
			fl_tab(fx, rel->secondary);
			orm_vec_push(fx->a, &fx->assoc_drop, ad);
			if (!(rel->cascade & ORM_CASCADE_DELETE))
				return 0;
			if (fl_load_m2m_targets(fx, o, rel, &kids) < 0)
				return -1;
			for (i = 0; i < kids.n; i++)
				if (fl_delete_obj(fx, kids.items[i]) < 0)
					return -1;
			return 0;
	}
	return 0;
}

/*
 * Marks a loaded object deleted; fl_drain_deletes follows its cascades.  A
 * work queue, not recursion: a reply chain as deep as the table is long
 * must not exhaust the stack.
 */
static int
fl_delete_obj(Flush *fx, FlObj *o)
{
	if (o->cascaded)
		return 0;
	o->deleted = true;
	o->cascaded = true;
	orm_vec_push(fx->a, &fx->del_queue, o);
	if (o->persistent && fl_joined(o->cls) && !o->base && fl_load_base(fx, o) < 0)
		return -1;
	if (o->persistent && !o->sub && fl_load_sub(fx, o) < 0)
		return -1;
	if (o->base && fl_delete_obj(fx, o->base) < 0)
		return -1;
	return o->sub ? fl_delete_obj(fx, o->sub) : 0;
}

/*
 * The children of rel of n deleted parents of one class, in batches:
 * SELECT ... WHERE fk IN (...), one statement for up to FL_STMT_PARAMS
 * parents (SQLAlchemy lazy-loads each parent's collection; the rows found
 * are the same, the statements far fewer).  Single-column joins only.
 */
static int
fl_cascade_batch(Flush *fx, FlObj **objs, int n, OrmRelationship *rel)
{
	OrmColumn  *fk = rel->remote_cols[0];
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, n);
	FlObj	  **who = ORM_NEWN(fx->a, FlObj *, n);
	int			per = fl_per_stmt(fx, 1),
				m = 0,
				i,
				r;

	for (i = 0; i < n; i++)
		if (objs[i]->row[rel->local_cols[0]->pos].kind != ORM_V_NULL)
		{
			who[m] = objs[i];
			vals[m++] = objs[i]->row[rel->local_cols[0]->pos];
		}
	for (i = 0; i < m; i += per)
	{
		int			k = m - i < per ? m - i : per;
		OrmPtrVec	kids = {0};
		OrmRows		rows;

		if (fl_select_in(fx, rel->target->table, fk, vals + i, k, &rows, who[i]) < 0)
			return -1;
		for (r = 0; r < rows.nrows; r++)
		{
			OrmValue   *row = fl_copy_row(fx, &rows, r);
			FlObj	   *parent = who[i];
			int			j;

			for (j = i; j < i + k; j++)	/* the parent, for the error path */
				if (fl_same(fx, &vals[j], &row[fk->pos], fk))
					parent = who[j];
			orm_vec_push(fx->a, &kids, fl_obj_loaded(fx, rel->target, row, parent->path,
													 parent->op));
		}
		if (fl_cascade_kids(fx, rel, &kids) < 0)
			return -1;
	}
	return 0;
}

/* Follows rel for n deleted objects of one class. */
static int
fl_cascade_group(Flush *fx, FlObj **objs, int n, OrmRelationship *rel)
{
	int			i;

	if (rel->dir == ORM_REL_ONETOMANY && rel->npairs == 1 && !rel->viewonly &&
		!rel->passive_deletes)
		return fl_cascade_batch(fx, objs, n, rel);
	for (i = 0; i < n; i++)
		if (fl_cascade_rel(fx, objs[i], rel) < 0)
			return -1;
	return 0;
}

/*
 * One breadth-first round: the cascades of the objects the previous round
 * deleted (objs, a copy: following them queues more), class by class.
 */
static int
fl_cascade_round(Flush *fx, FlObj **objs, int n)
{
	FlObj	  **same = ORM_NEWN(fx->a, FlObj *, n);
	bool	   *done = ORM_NEWN(fx->a, bool, n);
	int			i,
				j,
				m;

	for (i = 0; i < n; i++)
	{
		const OrmClass *cls = objs[i]->cls;

		if (!objs[i]->persistent || !objs[i]->row)
			done[i] = true;		/* a new object: no stored rows refer to it */
		if (done[i])
			continue;
		for (m = 0, j = i; j < n; j++)
			if (!done[j] && objs[j]->cls == cls)
			{
				done[j] = true;
				same[m++] = objs[j];
			}
		for (j = 0; j < fl_row_nrels(cls); j++)
			if (fl_cascade_group(fx, same, m, fl_row_rel(cls, j)) < 0)
				return -1;
	}
	return 0;
}

/* Follows the cascades of every queued deleted object, breadth first. */
static int
fl_drain_deletes(Flush *fx)
{
	while (fx->del_next < fx->del_queue.n)
	{
		int			n = fx->del_queue.n - fx->del_next;
		FlObj	  **round = ORM_NEWN(fx->a, FlObj *, n);

		memcpy(round, fx->del_queue.items + fx->del_next, sizeof(FlObj *) * n);
		fx->del_next = fx->del_queue.n;
		if (fl_cascade_round(fx, round, n) < 0)
			return -1;
	}
	return 0;
}

static bool
fl_in_members(const FlColl *cl, const FlObj *o)
{
	int			i;

	for (i = 0; i < cl->members.n; i++)
		if (cl->members.items[i] == o)
			return true;
	return false;
}

/*
 * Does this flush give child's foreign key of rel a parent (owner, named
 * from the child's side, or another object) or a value?  Then it is no
 * orphan.
 */
static bool
fl_linked(const FlObj *child, const OrmRelationship *rel)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
	{
		const FlCol *c = &child->c[rel->remote_cols[i]->pos];

		if (c->st == FLC_FK || c->st == FLC_GIVEN)
			return true;
	}
	return false;
}

/*
 * A new member m of a collection given for an existing row, whose primary
 * key is complete once its foreign key takes the owner's key (an
 * association object keyed by (owner_id, x)): it names a row like a
 * nested object given with its key, so a member kept is that row, updated,
 * not an INSERT of a key that exists (SQLAlchemy: the new object with a
 * removed member's key is a row switch).
 */
static void
fl_key_by_fk(Flush *fx, FlObj *m)
{
	OrmValue   *vals;
	bool		via_fk = false;
	int			i;

	if (m->persistent || m->need_load || m->deleted || m->fresh || m->t->npk == 0 ||
		m->base || m->sub)
		return;
	vals = ORM_NEWN(fx->a, OrmValue, m->t->ncols);
	for (i = 0; i < m->t->npk; i++)
	{
		int			pos = m->t->pk[i]->pos;
		FlCol	   *c = &m->c[pos];

		if (c->st == FLC_GIVEN && c->val.kind != ORM_V_NULL)
			vals[pos] = c->val;
		else if (c->st == FLC_FK && c->src->persistent && c->src->row &&
				 c->src->row[c->src_col->pos].kind != ORM_V_NULL)
		{
			vals[pos] = c->src->row[c->src_col->pos];
			via_fk = true;
		}
		else
			return;
	}
	if (!via_fk || fl_hash_get(fx, fl_pk_key(fx, m->t, vals)))
		return;
	fl_hash_put(fx, fl_pk_key(fx, m->t, vals), m);
	m->need_load = true;
}

/* A collection given for an existing row replaces it: the rest are orphans. */
static int
fl_orphans(Flush *fx, FlObj *o, FlColl *cl)
{
	OrmPtrVec	kids = {0};
	int			i;

	for (i = 0; i < cl->members.n; i++)
		fl_key_by_fk(fx, cl->members.items[i]);
	if (cl->rel->viewonly || fl_load_children(fx, o, cl->rel, &kids) < 0)
		return fx->err->code ? -1 : 0;
	for (i = 0; i < kids.n; i++)
	{
		FlObj	   *k = kids.items[i];

		if (fl_in_members(cl, k) || k->deleted || fl_linked(k, cl->rel))
			continue;
		if (cl->rel->cascade & ORM_CASCADE_DELETE_ORPHAN)
		{
			if (fl_delete_obj(fx, k) < 0)
				return -1;
		}
		else
			fl_null_out(k, cl->rel);
	}
	return 0;
}

/* Does the association row (values per secondary column) join as's objects? */
static bool
fl_assoc_is(Flush *fx, const FlAssoc *as, const OrmValue *row)
{
	int			i;

	for (i = 0; i < as->sec->ncols; i++)
	{
		const FlObj *src = as->src[i];

		if (!src)
			continue;
		if (!src->row || !fl_same(fx, &src->row[as->src_col[i]->pos], &row[i], as->src_col[i]))
			return false;
	}
	return true;
}

/* Does an association row of this flush name o (in any column of sec)? */
static bool
fl_assoc_names(Flush *fx, const OrmTable *sec, const FlObj *o)
{
	int			i,
				j;

	for (i = 0; i < fx->assocs.n; i++)
	{
		FlAssoc    *as = fx->assocs.items[i];

		if (as->sec != sec)
			continue;
		for (j = 0; j < sec->ncols; j++)
			if (as->src[j] == o)
				return true;
	}
	return false;
}

/*
 * The target of a dropped association row of a delete-orphan many-to-many
 * rel is deleted, unless this flush links it again (SQLAlchemy: the
 * member removed from a single_parent collection is an orphan).
 */
static int
fl_m2m_orphan(Flush *fx, FlObj *o, OrmRelationship *rel, const OrmValue *row)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->nsec_pairs);
	OrmRows		rows;
	FlObj	   *k;
	int			i;

	if (!(rel->cascade & ORM_CASCADE_DELETE_ORPHAN) || rel->viewonly)
		return 0;
	for (i = 0; i < rel->nsec_pairs; i++)
		vals[i] = row[rel->sec_cols[i]->pos];
	if (fl_select(fx, rel->target->table, rel->nsec_pairs, rel->target_cols, vals, &rows, o) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	k = fl_obj_loaded(fx, rel->target, fl_copy_row(fx, &rows, 0), o->path, o->op);
	if (k->deleted || fl_assoc_names(fx, rel->secondary, k))
		return 0;
	return fl_delete_obj(fx, k);
}

/*
 * A many-to-many collection given for an existing row is complete: of the
 * stored association rows of owner, those this flush names again stay (no
 * INSERT), the rest are deleted one by one, as SQLAlchemy's
 * ManyToManyDP does from the collection's history (it never rewrites the
 * pairs that stay).
 */
static int
fl_assoc_diff(Flush *fx, FlObj *o, OrmRelationship *rel)
{
	OrmValue   *vals = ORM_NEWN(fx->a, OrmValue, rel->npairs);
	OrmRows		rows;
	int			i,
				r;

	fl_tab(fx, rel->secondary);
	for (i = 0; i < rel->npairs; i++)
		vals[i] = o->row[rel->local_cols[i]->pos];
	if (fl_select(fx, rel->secondary, rel->npairs, rel->remote_cols, vals, &rows, o) < 0)
		return -1;
	for (r = 0; r < rows.nrows; r++)
	{
		OrmValue   *row = fl_copy_row(fx, &rows, r);
		FlAssocRow *ar;
		bool		kept = false;

		for (i = 0; i < fx->assocs.n && !kept; i++)
		{
			FlAssoc    *as = fx->assocs.items[i];

			if (as->sec == rel->secondary && !as->stored && fl_assoc_is(fx, as, row))
				kept = as->stored = true;
		}
		if (kept)
			continue;
		ar = ORM_NEW(fx->a, FlAssocRow);
		ar->rel = rel;
		ar->row = row;
		ar->owner = o;
		orm_vec_push(fx->a, &fx->assoc_stale, ar);
		if (fl_m2m_orphan(fx, o, rel, row) < 0)
			return -1;
	}
	return 0;
}

/*
 * Row switches, once every delete is known (SQLAlchemy's
 * _organize_states_for_save): a new object whose primary key is a row this
 * flush deletes takes that row over.  The deleted object's cascades have
 * run as for any delete (its children that the flush does not name again
 * are deleted, or their foreign key set to NULL; its association rows go);
 * the row itself is not deleted but UPDATEd to the new object's given
 * attributes, the others keeping their stored values.  A new object whose
 * key names a row that stays is an INSERT, which the database refuses.
 */
static void
fl_switch(Flush *fx)
{
	int			i;

	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *o = fx->objs.items[i];
		FlObj	   *d = o->switch_of;

		if (!d || o->persistent || o->deleted || !d->deleted || !d->row || d->ghost ||
			o->base || o->sub || d->base || d->sub || o->t != d->t)
			continue;
		o->row = d->row;
		o->persistent = true;
		o->switched = true;
		d->ghost = true;
	}
}

/* Is o (part of) a row this flush deletes, not taken over by a row switch? */
static bool
fl_gone(const FlObj *o)
{
	return o->deleted && !o->ghost;
}

/*
 * An object that stays (new, or an existing row given in the flush) but is
 * linked to a row this flush deletes: what SQLAlchemy does to a member of
 * the deleted parent's collection.  The parent's relationship cascades
 * delete: the object is deleted too (a new one is never inserted);
 * otherwise its foreign key becomes NULL (passive_deletes: left to the
 * database).  A link the parent's side does not know (a many-to-one
 * without a backref) would leave a dangling key: an error.  Until nothing
 * changes, as deleting an object cascades further.
 */
static int
fl_reconcile(Flush *fx)
{
	bool		changed = true;
	int			i,
				j;

	while (changed)
	{
		changed = false;
		for (i = 0; i < fx->objs.n; i++)
		{
			FlObj	   *o = fx->objs.items[i];

			for (j = 0; j < o->t->ncols && !o->deleted; j++)
			{
				FlCol	   *c = &o->c[j];
				OrmRelationship *pr;

				if (c->st != FLC_FK || !c->rel || !fl_gone(c->src))
					continue;
				pr = c->rel->dir == ORM_REL_ONETOMANY ? c->rel : c->rel->reverse;
				if (!pr)
					return fl_err_path(fx, o->path, ORM_ERR_FLUSH,
									   orm_sprintf(fx->a, "%s refers to %s, which this flush "
												   "deletes", o->cls->name,
												   fl_obj_ident(fx, c->src)));
				if (pr->passive_deletes && !(pr->cascade & ORM_CASCADE_DELETE))
					continue;
				changed = true;
				if (pr->cascade & ORM_CASCADE_DELETE)
				{
					if (fl_delete_obj(fx, o) < 0)
						return -1;
					continue;
				}
				c->st = FLC_NULLED;
				c->val.kind = ORM_V_NULL;
				c->path = o->path;
				c->src = NULL;
			}
		}
		if (fl_drain_deletes(fx) < 0)
			return -1;
	}
	return 0;
}

static int
fl_load(Flush *fx)
{
	int			i,
				j,
				n;

	if (fl_load_pending(fx) < 0)
		return -1;
	for (i = 0; i < fx->nops; i++)
		if (fx->del_roots[i] && fl_delete_obj(fx, fx->del_roots[i]) < 0)
			return -1;
	if (fl_drain_deletes(fx) < 0)
		return -1;
	n = fx->objs.n;				/* objects loaded below have no collections given */
	for (i = 0; i < n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (!o->persistent || o->deleted)
			continue;
		for (j = 0; j < o->colls.n; j++)
			if (fl_orphans(fx, o, o->colls.items[j]) < 0 || fl_drain_deletes(fx) < 0)
				return -1;
		for (j = 0; j < o->m2m.n; j++)
			if (fl_assoc_diff(fx, o, o->m2m.items[j]) < 0 || fl_drain_deletes(fx) < 0)
				return -1;
	}
	fl_switch(fx);
	return fl_reconcile(fx);
}

/* ---- stage 4: order ------------------------------------------------------ */

/* Does rel fill col (a foreign key column of its many side)? */
static bool
fl_rel_fills(const OrmRelationship *rel, const OrmColumn *col)
{
	int			i;

	for (i = 0; i < rel->npairs; i++)
		if ((rel->dir == ORM_REL_MANYTOONE && rel->local_cols[i] == col) ||
			(rel->dir == ORM_REL_ONETOMANY && rel->remote_cols[i] == col))
			return true;
	return false;
}

/* Is col filled by a relationship(post_update=True) (either side) of the registry? */
static bool
fl_table_post_col(Flush *fx, const OrmColumn *col)
{
	OrmRegistry *reg = fx->ctx->reg;
	int			i,
				j;

	for (i = 0; reg && i < reg->classes.n; i++)
	{
		const OrmClass *cls = reg->classes.items[i];

		for (j = 0; j < cls->nrels; j++)
			if (!cls->rels[j]->viewonly && fl_rel_post(cls->rels[j]) &&
				fl_rel_fills(cls->rels[j], col))
				return true;
	}
	return false;
}

/*
 * Must rows of t be inserted after rows of on?  With soft, a post_update
 * foreign key counts too.  Such a key orders nothing (SQLAlchemy's
 * dependency processor for it adds no edge between the two mappers' saves,
 * only the post-update after both), so it only breaks ties: the
 * referenced table still goes first when nothing else decides.
 */
static bool
fl_depends(Flush *fx, const OrmTable *t, const OrmTable *on, bool soft)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->fk && t->cols[i]->fk->ref_table == on && on != t &&
			(soft || !fl_table_post_col(fx, t->cols[i])))
			return true;
	return false;
}

/* The first unsorted table (first-touch order) no unsorted table must precede. */
static FlTab *
fl_sort_pick(Flush *fx, bool soft)
{
	int			n = fx->tabs.n,
				i,
				j;

	for (i = 0; i < n; i++)
	{
		FlTab	   *ft = fx->tabs.items[i];
		bool		ready = !ft->sorted;

		for (j = 0; j < n && ready; j++)
		{
			FlTab	   *other = fx->tabs.items[j];

			if (!other->sorted && fl_depends(fx, ft->t, other->t, soft))
				ready = false;
		}
		if (ready)
			return ft;
	}
	return NULL;
}

/* Kahn's sort of the touched tables; ties (and cycles) by first touch. */
static void
fl_sort_tables(Flush *fx)
{
	int			n = fx->tabs.n,
				k,
				i;

	fx->order = ORM_NEWN(fx->a, FlTab *, n);
	for (k = 0; k < n; k++)
	{
		FlTab	   *pick = fl_sort_pick(fx, true);

		if (!pick)
			pick = fl_sort_pick(fx, false);
		for (i = 0; i < n && !pick; i++)
			if (!((FlTab *) fx->tabs.items[i])->sorted)
				pick = fx->tabs.items[i];
		pick->sorted = true;
		fx->order[fx->norder++] = pick;
	}
}

/*
 * Insert level: 1 + the level of a new parent row in the same table; an
 * existing parent row named by this flush counts as level 0.  That is the
 * order SQLAlchemy's per-row sort gives a self-referential table: the
 * parent, whose collection the new row joins, is part of the flush, and
 * each level is inserted in one save_obj call ordered by insert_order.
 */
static int
fl_ins_level(Flush *fx, FlObj *o)
{
	int			i;

	if (o->level_state == 2)
		return 0;
	if (o->level_state == 1)
		return fl_err_path(fx, o->path, ORM_ERR_UNSUPPORTED,
						   orm_sprintf(fx->a, "rows of %s depend on each other in a cycle",
									   o->t->name));
	o->level_state = 1;
	o->level = 0;
	for (i = 0; i < o->t->ncols; i++)
	{
		FlCol	   *c = &o->c[i];

		if (c->st != FLC_FK || c->src->t != o->t || c->src == o || c->post)
			continue;			/* a post_update key does not order the INSERTs */
		if (c->src->persistent)
		{
			o->level = o->level > 1 ? o->level : 1;
			continue;
		}
		if (fl_ins_level(fx, c->src) < 0)
			return -1;
		if (c->src->level + 1 > o->level)
			o->level = c->src->level + 1;
	}
	o->level_state = 2;
	return 0;
}

/* Delete level: 1 + the level of a deleted parent row in the same table. */
static int
fl_del_level(Flush *fx, FlObj *o, int depth)
{
	int			i;

	if (o->level_state == 3)
		return o->level;
	o->level = 0;
	if (depth > 10000)
		return 0;
	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];
		FlObj	   *p;
		OrmBuf	   *key;

		if (!col->fk || col->fk->ref_table != o->t || o->t->npk != 1 ||
			col->fk->ref_col != o->t->pk[0] || o->row[i].kind == ORM_V_NULL ||
			fl_table_post_col(fx, col))
			continue;			/* a post_update key is cut first instead */
		key = fl_key_begin(fx);
		orm_buf_puts(key, o->t->name);
		orm_buf_puts(key, "\x1fpk\x1f");
		fl_value_key(key, &o->row[i], o->t->pk[0]);
		p = fl_hash_get(fx, orm_buf_cstr(key));
		if (p && p != o && fl_gone(p))
		{
			int			pl = fl_del_level(fx, p, depth + 1);

			if (pl + 1 > o->level)
				o->level = pl + 1;
		}
	}
	o->level_state = 3;
	return o->level;
}

/* ---- stage 5: emit ------------------------------------------------------- */

/*
 * A foreign key whose row is stored later (tables that refer to each
 * other: Person.favorite -> widgets, Widget.owner -> people) is written
 * as SQLAlchemy's post_update=True writes it: NULL first, then an UPDATE
 * once every row is stored (fl_emit_post_updates).  Only a nullable
 * column of another table; anything else is still a cycle.
 */
static int
fl_defer_fk(Flush *fx, FlObj *o, int i, OrmValue *v)
{
	FlCol	   *c = &o->c[i];
	int			j;
	bool		listed = false;

	if (!c->post && (!o->t->cols[i]->nullable || c->src->t == o->t))
		return fl_err_path(fx, o->path, ORM_ERR_UNSUPPORTED,
						   orm_sprintf(fx->a, "%s must be stored before %s: circular "
									   "dependency between tables", c->src->cls->name,
									   o->cls->name));
	memset(v, 0, sizeof(*v));
	if (c->deferred)
		return 0;
	c->deferred = true;
	for (j = 0; j < o->t->ncols && !listed; j++)
		listed = j != i && o->c[j].deferred;
	if (!listed)
		orm_vec_push(fx->a, &fx->post_updates, o);
	return 0;
}

/*
 * relationship(post_update=True): the key is written by the UPDATE after
 * every row is stored (NULL in the INSERT, left out of the row's own
 * UPDATE), unless a stored row already holds that value: no net change.
 */
static bool
fl_post_same(Flush *fx, const FlObj *o, int i)
{
	const FlCol *c = &o->c[i];

	return o->persistent && o->row && c->src->row &&
		fl_same(fx, &c->src->row[c->src_col->pos], &o->row[i], c->src_col);
}

/* The value bound for column i of o (FK fills read the stored parent). */
static int
fl_col_value(Flush *fx, FlObj *o, int i, OrmValue *v)
{
	FlCol	   *c = &o->c[i];

	if (c->st != FLC_FK)
	{
		*v = c->val;
		return 0;
	}
	if (!c->src->row || (c->post && !fl_post_same(fx, o, i)))
		return fl_defer_fk(fx, o, i, v);
	*v = c->src->row[c->src_col->pos];
	return 0;
}

/* ---- mapper events (orm_listen) ----------------------------------------- */

/* Column i's value as the row stands: what will be written, else what is stored. */
static void
fl_current(FlObj *o, int i, bool stored, OrmValue *v)
{
	FlCol	   *c = &o->c[i];

	memset(v, 0, sizeof(*v));
	if (stored && o->row)
		*v = o->row[i];
	else if (c->st == FLC_GIVEN || c->st == FLC_VALUE || c->st == FLC_NULLED)
		*v = c->val;
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
			orm_err_path(fx->err, fl_path_key(fx, o->path, col->attr));
			return -1;
		}
		fl_current(o, col->pos, false, &cur);
		if (fl_same(fx, &v, &cur, col))
			continue;			/* the row echoed back unchanged */
		o->c[col->pos].st = FLC_GIVEN;
		o->c[col->pos].val = v;
		o->c[col->pos].path = o->path;
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
		return orm_err_path(fx->err, o->path), -1;
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
static int
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
static int
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

/* Column shape of a new row: b bound, s now-SQL, r returned, - omitted. */
static char
fl_shape(const FlObj *o, int i)
{
	const FlCol *c = &o->c[i];
	const OrmColumn *col = o->t->cols[i];

	if (c->st == FLC_SQLNOW)
		return 's';
	if (c->st != FLC_UNSET)
		return 'b';
	return fl_generated(col) ? 'r' : '-';
}

/* Fills shape[0..ncols) for a new row (no terminator). */
static void
fl_shape_fill(const FlObj *o, char *shape)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
		shape[i] = fl_shape(o, i);
}

/* Can a row of shape b join a statement of shape run?  '-' binds as NULL. */
static bool
fl_shape_joins(const char *run, const char *b, int ncols)
{
	int			i;

	for (i = 0; i < ncols; i++)
		if (run[i] != b[i] && !((run[i] == '-' || run[i] == 'b') && (b[i] == '-' || b[i] == 'b')))
			return false;
	return true;
}

static void
fl_put_returning(FlStmt *s, OrmTable *t, const char *shape)
{
	int			i,
				k = 0;

	for (i = 0; i < t->ncols; i++)
	{
		if (shape[i] != 's' && shape[i] != 'r')
			continue;
		orm_buf_puts(&s->sql, k++ ? ", " : " RETURNING ");
		orm_quote_ident(&s->sql, t->cols[i]->name);
	}
}

/* Fills the stored rows of a just-inserted batch from bound values + RETURNING. */
static int
fl_store_inserted(Flush *fx, FlObj **batch, int n, const char *shape, OrmRows *rows)
{
	OrmTable   *t = batch[0]->t;
	int			r,
				i;

	if (strchr(shape, 's') || strchr(shape, 'r'))
	{
		if (rows->nrows != n)
			return fl_err_path(fx, batch[0]->path, ORM_ERR_INTERNAL,
							   orm_sprintf(fx->a, "INSERT INTO %s returned %d rows for %d",
										   t->name, rows->nrows, n));
	}
	for (r = 0; r < n; r++)
	{
		FlObj	   *o = batch[r];
		int			k = 0;

		o->row = ORM_NEWN(fx->a, OrmValue, t->ncols);
		for (i = 0; i < t->ncols; i++)
		{
			if (shape[i] == 'b')
				fl_col_value(fx, o, i, &o->row[i]);
			else if (shape[i] == 's' || shape[i] == 'r')
				o->row[i] = ORM_ROW(rows, r)[k++];
		}
		o->inserted = true;
	}
	return 0;
}

static int
fl_insert_batch(Flush *fx, FlTab *ft, FlObj **batch, int n, const char *shape)
{
	OrmTable   *t = ft->t;
	FlStmt		s;
	OrmRows		rows;
	int			i,
				r,
				k = 0;

	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * t->ncols);
	orm_buf_puts(&s.sql, "INSERT INTO ");
	orm_quote_ident(&s.sql, t->name);
	for (i = 0; i < t->ncols; i++)
	{
		if (shape[i] != 'b' && shape[i] != 's')
			continue;
		orm_buf_puts(&s.sql, k++ ? ", " : " (");
		orm_quote_ident(&s.sql, t->cols[i]->name);
	}
	if (k == 0)
		orm_buf_puts(&s.sql, " DEFAULT VALUES");
	else
	{
		orm_buf_puts(&s.sql, ") VALUES ");
		for (r = 0; r < n; r++)
		{
			int			m = 0;

			orm_buf_puts(&s.sql, r ? ", (" : "(");
			for (i = 0; i < t->ncols; i++)
			{
				OrmValue	v;

				if (shape[i] != 'b' && shape[i] != 's')
					continue;
				if (m++)
					orm_buf_puts(&s.sql, ", ");
				if (shape[i] == 's')
				{
					orm_buf_puts(&s.sql, fx->d->now_sql);
					continue;
				}
				if (fl_col_value(fx, batch[r], i, &v) < 0)
					return -1;
				fl_bind(fx, &s, &v, &t->cols[i]->type);
			}
			orm_buf_putc(&s.sql, ')');
		}
	}
	fl_put_returning(&s, t, shape);
	if (fl_exec_n(fx, &s, &rows, batch[0], n) < 0)
		return -1;
	ft->inserted += n;
	if (fl_store_inserted(fx, batch, n, shape, &rows) < 0)
		return -1;
	return fl_fire_all(fx, batch, n, "after_insert");
}

/* Rows of one level and shape, split so no statement exceeds max_params. */
static int
fl_insert_group(Flush *fx, FlTab *ft, FlObj **rows, int n, const char *shape)
{
	int			nb = 0,
				per,
				i;

	for (i = 0; shape[i]; i++)
		nb += shape[i] == 'b';
	per = fl_per_stmt(fx, nb);
	if (nb == 0 && !strchr(shape, 's'))
		per = 1;				/* DEFAULT VALUES: one row per statement */
	for (i = 0; i < n; i += per)
		if (fl_insert_batch(fx, ft, rows + i, n - i < per ? n - i : per, shape) < 0)
			return -1;
	return 0;
}

/*
 * The new rows of one level, in insert order, as runs of consecutive rows
 * one statement can take: their columns agree on what is generated ('s',
 * 'r'); a column one row binds and another leaves out ('-': no value, no
 * default) is bound as NULL for the latter, which stores the same.  Never
 * more than consecutive rows: a multi-row INSERT must keep SQLAlchemy's
 * row order, or generated keys would differ.
 */
static int
fl_insert_level(Flush *fx, FlTab *ft, FlObj **objs, int n)
{
	int			ncols = ft->t->ncols,
				i = 0,
				j;
	char	   *run = orm_alloc(fx->a, (size_t) ncols + 1);
	char	   *next = orm_alloc(fx->a, (size_t) ncols + 1);

	while (i < n)
	{
		fl_shape_fill(objs[i], run);
		for (j = i + 1; j < n; j++)
		{
			int			c;

			fl_shape_fill(objs[j], next);
			if (!fl_shape_joins(run, next, ncols))
				break;
			for (c = 0; c < ncols; c++)
				if (next[c] == 'b')
					run[c] = 'b';
		}
		if (fl_insert_group(fx, ft, objs + i, j - i, run) < 0)
			return -1;
		i = j;
	}
	return 0;
}

static int
fl_emit_inserts(Flush *fx, FlTab *ft)
{
	FlObj	  **objs = ORM_NEWN(fx->a, FlObj *, fx->ranked.n + 1);
	int			n = 0,
				maxlevel = 0,
				lv,
				i;

	for (i = 0; i < fx->ranked.n; i++)
	{
		FlObj	   *o = fx->ranked.items[i];

		if (o->t != ft->t || o->persistent || o->deleted || o->inserted)
			continue;
		if (ORM_POLL(fx->ctx) < 0 || fl_fire(fx, o, "before_insert") < 0 || fl_ins_level(fx, o) < 0)
			return -1;
		if (o->level > maxlevel)
			maxlevel = o->level;
		objs[n++] = o;
	}
	for (lv = 0; lv <= maxlevel && n > 0; lv++)
	{
		FlObj	  **at = ORM_NEWN(fx->a, FlObj *, n);
		int			m = 0;

		for (i = 0; i < n; i++)
			if (objs[i]->level == lv)
				at[m++] = objs[i];
		if (m && fl_insert_level(fx, ft, at, m) < 0)
			return -1;
	}
	return 0;
}

/* Does column i of a persistent object go into SET, and with what value? */
static int
fl_update_col(Flush *fx, FlObj *o, int i, bool *set, OrmValue *v)
{
	FlCol	   *c = &o->c[i];
	OrmColumn  *col = o->t->cols[i];

	*set = false;
	switch (c->st)
	{
		case FLC_GIVEN:
			if (c->is_key || col == fl_version_col(o))
				return 0;

			/*
			 * Unchanged: no net change in SQLAlchemy's history.  A row
			 * switch's new object has no history: SQLAlchemy writes every
			 * attribute it was given.
			 */
			if ((!o->switched || col->primary_key) &&
				orm_value_same(fx->a, fx->d, &c->val, &o->row[i], &col->type))
				return 0;
			if (col->primary_key)
				return fl_err_path(fx, c->path, ORM_ERR_UNSUPPORTED,
								   "changing a primary key is not supported");
			if (!col->nullable && c->val.kind == ORM_V_NULL)
				return fl_err_path(fx, c->path, ORM_ERR_FLUSH, "NOT NULL constraint failed");
			*set = true;
			*v = c->val;
			return 0;
		case FLC_FK:
		case FLC_NULLED:
			if (fl_col_value(fx, o, i, v) < 0)
				return -1;
			*set = !c->deferred && !fl_same(fx, v, &o->row[i], col);
			return 0;
		default:
			return 0;
	}
}

/* Has a persistent object anything that may need an UPDATE? */
static bool
fl_has_changes(const FlObj *o)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
	{
		const FlCol *c = &o->c[i];

		if ((c->st == FLC_GIVEN && !c->is_key) || c->st == FLC_FK || c->st == FLC_NULLED)
			return true;
	}
	return false;
}

/* onupdate of the columns not SET: appended to the SET list. */
static int
fl_put_onupdate(Flush *fx, FlStmt *s, FlObj *o, const bool *set, int *k)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
	{
		OrmColumn  *col = o->t->cols[i];
		FlColState	st;
		OrmValue	v;

		if (set[i] || col->onupdate.kind == ORM_DEF_NONE || o->c[i].st == FLC_GIVEN)
			continue;
		if (fl_default(fx, col, &col->onupdate, &st, &v) < 0)
		{
			orm_err_path(fx->err, o->path);
			return -1;
		}
		if (st == FLC_UNSET)
			continue;
		if ((*k)++)
			orm_buf_puts(&s->sql, ", ");
		orm_quote_ident(&s->sql, col->name);
		orm_buf_puts(&s->sql, " = ");
		if (st == FLC_SQLNOW)
			orm_buf_puts(&s->sql, fx->d->now_sql);
		else
			fl_bind(fx, s, &v, &col->type);
	}
	return 0;
}

static int
fl_update_obj(Flush *fx, FlTab *ft, FlObj *o)
{
	OrmTable   *t = o->t;
	OrmColumn  *vc = fl_version_col(o);
	bool	   *set = ORM_NEWN(fx->a, bool, t->ncols);
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	const OrmValue *expected;
	FlStmt		s;
	OrmRows		rows;
	int			i,
				k = 0;

	if (o->cls->listeners.n > 0 && fl_has_changes(o) && fl_fire(fx, o, "before_update") < 0)
		return -1;
	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "UPDATE ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " SET ");
	for (i = 0; i < t->ncols; i++)
	{
		OrmValue	v;

		if (fl_update_col(fx, o, i, &set[i], &v) < 0)
			return -1;
		if (!set[i])
			continue;
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &v, &t->cols[i]->type);
	}
	if (k == 0)
		return 0;				/* nothing changed: no UPDATE, no onupdate */
	if (fl_put_onupdate(fx, &s, o, set, &k) < 0)
		return -1;
	if (vc)
	{
		expected = &o->row[vc->pos];
		orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, vc->name);
		orm_buf_puts(&s.sql, " = ");
		orm_quote_ident(&s.sql, vc->name);
		orm_buf_puts(&s.sql, " + 1");
	}
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (vc)
	{
		orm_buf_puts(&s.sql, " AND ");
		fl_put_match(fx, &s, 1, &vc, expected);
	}
	orm_buf_puts(&s.sql, " RETURNING ");
	fl_put_all_cols(&s.sql, t);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.nrows != 1)		/* gone, stale version, or a key naming two rows */
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.nrows, o, 1, false);
	o->row = fl_copy_row(fx, &rows, 0);
	ft->updated++;
	return fl_fire(fx, o, "after_update");
}

/* Are the rows o's foreign keys are filled from stored already? */
static bool
fl_fk_ready(const FlObj *o)
{
	int			i;

	for (i = 0; i < o->t->ncols; i++)
		if (o->c[i].st == FLC_FK && !o->c[i].src->row)
			return false;
	return true;
}

/*
 * UPDATEs of ft's existing rows.  SQLAlchemy's save_obj updates a table's
 * rows before it inserts its new ones; a row whose new foreign key names a
 * row inserted in this same table (a node moved under a new parent) waits
 * for the inserts (ready_only).
 */
static int
fl_emit_updates(Flush *fx, FlTab *ft, bool ready_only)
{
	int			i;

	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (o->t != ft->t || !o->persistent || o->deleted || o->saved ||
			(ready_only && !fl_fk_ready(o)))
			continue;
		o->saved = true;
		if (fl_update_obj(fx, ft, o) < 0)
			return -1;
	}
	return 0;
}

/* DELETE FROM sec WHERE owner columns IN (...) for n owners of one relationship. */
static int
fl_assoc_delete(Flush *fx, FlTab *ft, OrmRelationship *rel, FlAssocDel **dels, int n)
{
	FlStmt		s;
	OrmRows		rows;
	int			i,
				j;

	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * rel->npairs);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, rel->secondary->name);
	orm_buf_puts(&s.sql, " WHERE ");
	if (rel->npairs == 1)
	{
		orm_quote_ident(&s.sql, rel->remote_cols[0]->name);
		orm_buf_puts(&s.sql, " IN (");
	}
	for (i = 0; i < n; i++)
	{
		if (rel->npairs == 1)
		{
			if (i)
				orm_buf_puts(&s.sql, ", ");
			fl_bind(fx, &s, &dels[i]->owner->row[rel->local_cols[0]->pos],
					&rel->remote_cols[0]->type);
			continue;
		}
		orm_buf_puts(&s.sql, i ? " OR (" : "(");
		for (j = 0; j < rel->npairs; j++)
		{
			if (j)
				orm_buf_puts(&s.sql, " AND ");
			orm_quote_ident(&s.sql, rel->remote_cols[j]->name);
			orm_buf_puts(&s.sql, " = ");
			fl_bind(fx, &s, &dels[i]->owner->row[rel->local_cols[j]->pos],
					&rel->remote_cols[j]->type);
		}
		orm_buf_putc(&s.sql, ')');
	}
	if (rel->npairs == 1)
		orm_buf_putc(&s.sql, ')');
	if (fl_exec_n(fx, &s, &rows, dels[0]->owner, n) < 0)
		return -1;
	ft->deleted += (int) rows.affected;	/* every pair of the owners: no count expected */
	return 0;
}

/* The FlAssocDels of ft's table, grouped by relationship, in batches. */
static int
fl_assoc_deletes(Flush *fx, FlTab *ft, OrmPtrVec *dels, bool ghosts)
{
	FlAssocDel **grp = ORM_NEWN(fx->a, FlAssocDel *, dels->n + 1);
	OrmPtrVec	rels = {0};
	int			i,
				j,
				m,
				r;

	for (i = 0; i < dels->n; i++)	/* the relationships: a handful */
	{
		FlAssocDel *d = dels->items[i];
		bool		seen = false;

		if (d->rel->secondary != ft->t || !d->owner->row || d->owner->ghost != ghosts)
			continue;
		for (r = 0; r < rels.n && !seen; r++)
			seen = rels.items[r] == d->rel;
		if (!seen)
			orm_vec_push(fx->a, &rels, d->rel);
	}
	for (r = 0; r < rels.n; r++)
	{
		OrmRelationship *rel = rels.items[r];
		int			per = fl_per_stmt(fx, rel->npairs);

		for (m = 0, i = 0; i < dels->n; i++)
		{
			FlAssocDel *d = dels->items[i];

			if (d->rel == rel && d->owner->row && d->owner->ghost == ghosts)
				grp[m++] = d;
		}
		for (j = 0; j < m; j += per)
			if (fl_assoc_delete(fx, ft, rel, grp + j, m - j < per ? m - j : per) < 0)
				return -1;
	}
	return 0;
}

/* "a" = ?1 AND "b" = ?2: the pair columns of rel in an association row */
static void
fl_put_pair_match(Flush *fx, FlStmt *s, const FlAssocRow *ar)
{
	const OrmRelationship *rel = ar->rel;
	int			j;

	for (j = 0; j < rel->npairs + rel->nsec_pairs; j++)
	{
		OrmColumn  *col = j < rel->npairs ? rel->remote_cols[j] :
			rel->sec_cols[j - rel->npairs];

		if (j)
			orm_buf_puts(&s->sql, " AND ");
		orm_quote_ident(&s->sql, col->name);
		orm_buf_puts(&s->sql, " = ");
		fl_bind(fx, s, &ar->row[col->pos], &col->type);
	}
}

/* DELETE FROM sec WHERE (pair) OR (pair) ... for n stale rows of one table. */
static int
fl_assoc_stale_delete(Flush *fx, FlTab *ft, FlAssocRow **rows, int n)
{
	FlStmt		s;
	OrmRows		res;
	int			r;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, ft->t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	for (r = 0; r < n; r++)
	{
		if (n > 1)
			orm_buf_puts(&s.sql, r ? " OR (" : "(");
		fl_put_pair_match(fx, &s, rows[r]);
		if (n > 1)
			orm_buf_putc(&s.sql, ')');
	}
	if (fl_exec_n(fx, &s, &res, rows[0]->owner, n) < 0)
		return -1;
	if (res.affected != n)		/* ManyToManyDP's check of the pairs it deletes */
		return fl_rowcount_err(fx, "DELETE", ft->t, n, res.affected, rows[0]->owner, n, true);
	ft->deleted += (int) res.affected;
	return 0;
}

/* The stale association rows of ft's table, in batches. */
static int
fl_assoc_stale_deletes(Flush *fx, FlTab *ft)
{
	FlAssocRow **rows = ORM_NEWN(fx->a, FlAssocRow *, fx->assoc_stale.n + 1);
	int			n = 0,
				i,
				per;

	for (i = 0; i < fx->assoc_stale.n; i++)
	{
		FlAssocRow *ar = fx->assoc_stale.items[i];

		if (ar->rel->secondary == ft->t)
			rows[n++] = ar;
	}
	if (n == 0)
		return 0;
	for (i = 0, per = 1; i < n; i++)
		if (rows[i]->rel->npairs + rows[i]->rel->nsec_pairs > per)
			per = rows[i]->rel->npairs + rows[i]->rel->nsec_pairs;
	per = fl_per_stmt(fx, per);
	for (i = 0; i < n; i += per)
		if (fl_assoc_stale_delete(fx, ft, rows + i, n - i < per ? n - i : per) < 0)
			return -1;
	return 0;
}

static int
fl_assoc_insert(Flush *fx, FlTab *ft, FlAssoc **rows, int n)
{
	OrmTable   *t = ft->t;
	FlStmt		s;
	OrmRows		res;
	int			i,
				r,
				k = 0;

	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * t->ncols);
	orm_buf_puts(&s.sql, "INSERT INTO ");
	orm_quote_ident(&s.sql, t->name);
	for (i = 0; i < t->ncols; i++)
		if (rows[0]->src[i])
		{
			orm_buf_puts(&s.sql, k++ ? ", " : " (");
			orm_quote_ident(&s.sql, t->cols[i]->name);
		}
	orm_buf_puts(&s.sql, ") VALUES ");
	for (r = 0; r < n; r++)
	{
		int			m = 0;

		orm_buf_puts(&s.sql, r ? ", (" : "(");
		for (i = 0; i < t->ncols; i++)
		{
			FlObj	   *src = rows[r]->src[i];

			if (!src)
				continue;
			if (m++)
				orm_buf_puts(&s.sql, ", ");
			if (!src->row)
				return fl_err_path(fx, rows[r]->blame->path, ORM_ERR_INTERNAL,
								   "association row before its objects");
			fl_bind(fx, &s, &src->row[rows[r]->src_col[i]->pos], &t->cols[i]->type);
		}
		orm_buf_putc(&s.sql, ')');
	}
	if (fl_exec_n(fx, &s, &res, rows[0]->blame, n) < 0)
		return -1;
	ft->inserted += n;
	return 0;
}

static int
fl_emit_assocs(Flush *fx, FlTab *ft)
{
	FlAssoc   **rows = ORM_NEWN(fx->a, FlAssoc *, fx->assocs.n + 1);
	int			n = 0,
				i,
				per,
				ncols = 0;

	/*
	 * The pairs of a row switch's deleted object go before the new
	 * object's pairs are inserted (SQLAlchemy's ManyToManyDP orders its
	 * deletes before the parent's save for this case).
	 */
	if (fl_assoc_stale_deletes(fx, ft) < 0 || fl_assoc_deletes(fx, ft, &fx->assoc_drop, true) < 0)
		return -1;
	for (i = 0; i < fx->assocs.n; i++)
	{
		FlAssoc    *as = fx->assocs.items[i];
		int			j;
		bool		dead = false;

		if (as->sec != ft->t || as->stored)
			continue;
		for (j = 0; j < as->sec->ncols; j++)
			if (as->src[j] && fl_gone(as->src[j]))
				dead = true;
		if (!dead)
			rows[n++] = as;
	}
	if (n == 0)
		return 0;
	for (i = 0; i < ft->t->ncols; i++)
		ncols += rows[0]->src[i] != NULL;
	per = fl_per_stmt(fx, ncols);
	for (i = 0; i < n; i += per)
		if (fl_assoc_insert(fx, ft, rows + i, n - i < per ? n - i : per) < 0)
			return -1;
	return 0;
}

/* DELETE FROM t WHERE pk IN (...) for n deleted objects. */
static int
fl_delete_batch(Flush *fx, FlTab *ft, FlObj **objs, int n)
{
	OrmTable   *t = ft->t;
	FlStmt		s;
	OrmRows		rows;
	int			r,
				j;

	fl_stmt_init(fx, &s);
	fl_stmt_reserve(fx, &s, n * ft->t->npk);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	if (t->npk == 1)
	{
		orm_quote_ident(&s.sql, t->pk[0]->name);
		orm_buf_puts(&s.sql, " IN (");
	}
	for (r = 0; r < n; r++)
	{
		if (t->npk == 1)
		{
			if (r)
				orm_buf_puts(&s.sql, ", ");
			fl_bind(fx, &s, &objs[r]->row[t->pk[0]->pos], &t->pk[0]->type);
			continue;
		}
		orm_buf_puts(&s.sql, r ? " OR (" : "(");
		for (j = 0; j < t->npk; j++)
		{
			if (j)
				orm_buf_puts(&s.sql, " AND ");
			orm_quote_ident(&s.sql, t->pk[j]->name);
			orm_buf_puts(&s.sql, " = ");
			fl_bind(fx, &s, &objs[r]->row[t->pk[j]->pos], &t->pk[j]->type);
		}
		orm_buf_putc(&s.sql, ')');
	}
	if (t->npk == 1)
		orm_buf_putc(&s.sql, ')');
	if (fl_exec_n(fx, &s, &rows, objs[0], n) < 0)
		return -1;

	/*
	 * More rows than keys: a key names several rows (a primary key the
	 * database does not enforce), and deleting them all would drop rows
	 * nobody asked to drop: an error, as SQLAlchemy raises with a
	 * version_id_col.  Fewer: the row is gone already; SQLAlchemy (without
	 * a version_id_col) only warns, and the flush goes on likewise.
	 */
	if (rows.affected > n)
		return fl_rowcount_err(fx, "DELETE", t, n, rows.affected, objs[0], n, false);
	ft->deleted += (int) rows.affected;
	return 0;
}

/*
 * A versioned row is deleted alone, DELETE ... WHERE pk = ? AND version =
 * ?, as SQLAlchemy's delete_obj does with a version_id_col: no row matched
 * is stale data (someone changed or deleted it since it was read).
 */
static int
fl_delete_versioned(Flush *fx, FlTab *ft, FlObj *o)
{
	OrmTable   *t = ft->t;
	OrmColumn  *vc = fl_version_col(o);
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	FlStmt		s;
	OrmRows		rows;
	int			i;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "DELETE FROM ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	orm_buf_puts(&s.sql, " AND ");
	fl_put_match(fx, &s, 1, &vc, &o->row[vc->pos]);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.affected != 1)
		return fl_rowcount_err(fx, "DELETE", t, 1, rows.affected, o, 1, false);
	ft->deleted++;
	return 0;
}

/* Deletes n rows of one level: versioned rows one by one, the rest batched. */
static int
fl_delete_rows(Flush *fx, FlTab *ft, FlObj **objs, int n)
{
	int			i;
	bool		versioned = false;

	for (i = 0; i < n; i++)
		versioned = versioned || fl_version_col(objs[i]) != NULL;
	if (!versioned)
		return fl_delete_batch(fx, ft, objs, n);
	for (i = 0; i < n; i++)
		if (fl_version_col(objs[i]) ? fl_delete_versioned(fx, ft, objs[i]) < 0 :
			fl_delete_batch(fx, ft, objs + i, 1) < 0)
			return -1;
	return 0;
}

static int
fl_emit_deletes(Flush *fx, FlTab *ft)
{
	FlObj	  **objs = ORM_NEWN(fx->a, FlObj *, fx->objs.n);
	int			n = 0,
				maxlevel = 0,
				lv,
				i,
				per;

	if (fl_assoc_deletes(fx, ft, &fx->assoc_drop, false) < 0)
		return -1;
	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *o = fx->objs.items[i];

		if (o->t != ft->t || !fl_gone(o) || !o->row || !o->persistent)
			continue;
		objs[n++] = o;
	}
	for (i = 0; i < n; i++)
		if (fl_del_level(fx, objs[i], 0) > maxlevel)
			maxlevel = objs[i]->level;
	if (n == 0)
		return 0;
	if (ft->t->npk == 0)
		return fl_err_path(fx, objs[0]->path, ORM_ERR_UNSUPPORTED,
						   "cannot delete from a table without a primary key");
	per = fl_per_stmt(fx, ft->t->npk);
	for (lv = maxlevel; lv >= 0 && n > 0; lv--)
	{
		FlObj	  **at = ORM_NEWN(fx->a, FlObj *, n);
		int			m = 0;

		for (i = 0; i < n; i++)
			if (objs[i]->level == lv)
				at[m++] = objs[i];
		for (i = 0; i < m; i += per)
		{
			int			k = m - i < per ? m - i : per;

			if (fl_fire_all(fx, at + i, k, "before_delete") < 0 ||
				fl_delete_rows(fx, ft, at + i, k) < 0 ||
				fl_fire_all(fx, at + i, k, "after_delete") < 0)
				return -1;
		}
	}
	return 0;
}

/* UPDATE t SET fk = ?, ... WHERE pk = ? for each row with deferred FKs. */
static int
fl_post_update(Flush *fx, FlObj *o)
{
	OrmTable   *t = o->t;
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	FlStmt		s;
	OrmRows		rows;
	int			i,
				k = 0;

	fl_stmt_init(fx, &s);
	orm_buf_puts(&s.sql, "UPDATE ");
	orm_quote_ident(&s.sql, t->name);
	orm_buf_puts(&s.sql, " SET ");
	for (i = 0; i < t->ncols; i++)
	{
		FlCol	   *c = &o->c[i];

		if (!c->deferred)
			continue;
		if (!c->src->row)
			return fl_err_path(fx, o->path, ORM_ERR_INTERNAL, "post-update before its row");
		o->row[i] = c->src->row[c->src_col->pos];
		if (k++)
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &o->row[i], &t->cols[i]->type);
	}
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.affected != 1)
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.affected, o, 1, false);
	fl_tab(fx, t)->updated++;
	return 0;
}

static int
fl_emit_post_updates(Flush *fx)
{
	int			i;

	for (i = 0; i < fx->post_updates.n; i++)
		if (fl_post_update(fx, fx->post_updates.items[i]) < 0)
			return -1;
	return 0;
}

/* Position of table t in the flush's table order, -1 when not there. */
static int
fl_order_index(Flush *fx, const OrmTable *t)
{
	int			i;

	for (i = 0; i < fx->norder; i++)
		if (fx->order[i]->t == t)
			return i;
	return -1;
}

/* Is a row of col's referenced table holding v deleted by this flush? */
static bool
fl_ref_deleted(Flush *fx, const OrmColumn *col, const OrmValue *v)
{
	OrmTable   *rt = col->fk->ref_table;
	int			i;

	if (rt->npk == 1 && col->fk->ref_col == rt->pk[0])
	{
		OrmBuf	   *key = fl_key_begin(fx);
		FlObj	   *p;

		orm_buf_puts(key, rt->name);
		orm_buf_puts(key, "\x1fpk\x1f");
		fl_value_key(key, v, rt->pk[0]);
		p = fl_hash_get(fx, orm_buf_cstr(key));
		if (p)
			return fl_gone(p) && p->persistent;
	}
	for (i = 0; i < fx->objs.n; i++)
	{
		FlObj	   *p = fx->objs.items[i];

		if (p->t == rt && fl_gone(p) && p->persistent && p->row &&
			fl_same(fx, &p->row[col->fk->ref_col->pos], v, col->fk->ref_col))
			return true;
	}
	return false;
}

/*
 * Does deleted o keep a nullable foreign key to a row deleted before it
 * (tables that refer to each other: the referenced table comes later in
 * the order, so its rows go first)?  That reference must be cut first.
 */
static bool
fl_unlink_col(Flush *fx, FlObj *o, int at, int i)
{
	OrmColumn  *col = o->t->cols[i];
	int			rat;

	if (!col->fk || !col->fk->ref_table || !col->fk->ref_col || col->primary_key ||
		o->row[i].kind == ORM_V_NULL)
		return false;
	if (fl_table_post_col(fx, col))
		return !(col->fk->ref_table == o->t &&
				 fl_same(fx, &o->row[i], &o->row[col->fk->ref_col->pos], col->fk->ref_col)) &&
			fl_ref_deleted(fx, col, &o->row[i]);
	if (!col->nullable || col->fk->ref_table == o->t)
		return false;
	rat = fl_order_index(fx, col->fk->ref_table);
	return rat > at && fl_ref_deleted(fx, col, &o->row[i]);
}

/*
 * UPDATE t SET fk = NULL WHERE pk = ? for a deleted row of a foreign-key
 * cycle, before any DELETE: what SQLAlchemy's post_update=True emits when
 * both rows of a cycle (Person.favorite <-> Widget.owner) are deleted.
 */
static int
fl_unlink(Flush *fx, FlObj *o, int at)
{
	OrmTable   *t = o->t;
	OrmValue   *pk = ORM_NEWN(fx->a, OrmValue, t->npk);
	OrmValue	null = {0};
	FlStmt		s;
	OrmRows		rows;
	int			i,
				k = 0;

	null.kind = ORM_V_NULL;
	fl_stmt_init(fx, &s);
	for (i = 0; i < t->ncols; i++)
	{
		if (!fl_unlink_col(fx, o, at, i))
			continue;
		if (k++ == 0)
		{
			orm_buf_puts(&s.sql, "UPDATE ");
			orm_quote_ident(&s.sql, t->name);
			orm_buf_puts(&s.sql, " SET ");
		}
		else
			orm_buf_puts(&s.sql, ", ");
		orm_quote_ident(&s.sql, t->cols[i]->name);
		orm_buf_puts(&s.sql, " = ");
		fl_bind(fx, &s, &null, &t->cols[i]->type);
	}
	if (k == 0 || t->npk == 0)
		return 0;
	orm_buf_puts(&s.sql, " WHERE ");
	for (i = 0; i < t->npk; i++)
		pk[i] = o->row[t->pk[i]->pos];
	fl_put_match(fx, &s, t->npk, t->pk, pk);
	if (fl_exec(fx, &s, &rows, o) < 0)
		return -1;
	if (rows.affected != 1)
		return fl_rowcount_err(fx, "UPDATE", t, 1, rows.affected, o, 1, false);
	fl_tab(fx, t)->updated++;
	return 0;
}

static int
fl_emit_unlinks(Flush *fx)
{
	int			i,
				j;

	for (i = 0; i < fx->norder; i++)
		for (j = 0; j < fx->objs.n; j++)
		{
			FlObj	   *o = fx->objs.items[j];

			if (o->t == fx->order[i]->t && fl_gone(o) && o->persistent && o->row &&
				fl_unlink(fx, o, i) < 0)
				return -1;
		}
	return 0;
}

static int
fl_emit(Flush *fx)
{
	int			i;

	for (i = 0; i < fx->norder; i++)
	{
		FlTab	   *ft = fx->order[i];

		if (fl_emit_updates(fx, ft, true) < 0 || fl_emit_inserts(fx, ft) < 0 ||
			fl_emit_updates(fx, ft, false) < 0 || fl_emit_assocs(fx, ft) < 0)
			return -1;
	}
	if (fl_emit_post_updates(fx) < 0 || fl_emit_unlinks(fx) < 0)
		return -1;
	for (i = fx->norder - 1; i >= 0; i--)
		if (fl_emit_deletes(fx, fx->order[i]) < 0)
			return -1;
	return 0;
}

/* ---- output -------------------------------------------------------------- */

static void fl_render_node(Flush *fx, OrmBuf *out, const FlNode *node);

static int
fl_render_row(Flush *fx, OrmBuf *out, const FlObj *o)
{
	int			i,
				k = 0;

	if (o->base)
		k = fl_render_row(fx, out, o->base);	/* joined: the superclass's attributes first */
	for (i = 0; i < o->cls->nattrs; i++)
	{
		OrmColumn  *col = o->cls->attrs[i];
		OrmValue	nullv = {0};
		const OrmValue *v = o->row ? &o->row[col->pos] : &nullv;
		const FlObj *b;
		bool		shown = false;

		for (b = o->base; b && !shown; b = b->base)
			shown = fl_attr(b->cls, col->attr) != NULL;
		if (shown)
			continue;			/* the key, named in both tables */
		if (k++)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, col->attr, strlen(col->attr));
		orm_buf_putc(out, ':');
		if (!o->row && o->c[col->pos].st == FLC_GIVEN)
			v = &o->c[col->pos].val;
		orm_value_to_json(out, fx->d, v, &col->type);
	}	return k;
}

static void
fl_render_rel(Flush *fx, OrmBuf *out, const FlRelNode *rn)
{
	int			i;

	orm_buf_json_str(out, rn->rel->name, strlen(rn->rel->name));
	orm_buf_putc(out, ':');
	if (!rn->rel->uselist)
	{
		if (rn->is_null || rn->items.n == 0)
			orm_buf_puts(out, "null");
		else
			fl_render_node(fx, out, rn->items.items[0]);
		return;
	}
	orm_buf_putc(out, '[');
	for (i = 0; i < rn->items.n; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		fl_render_node(fx, out, rn->items.items[i]);
	}
	orm_buf_putc(out, ']');
}

static void
fl_render_node(Flush *fx, OrmBuf *out, const FlNode *node)
{
	int			i,
				k;

	orm_buf_putc(out, '{');
	k = fl_render_row(fx, out, node->obj);
	for (i = 0; i < node->rels.n; i++)
	{
		if (k > 0 || i > 0)
			orm_buf_putc(out, ',');
		fl_render_rel(fx, out, node->rels.items[i]);
	}
	orm_buf_putc(out, '}');
}

static void
fl_render(Flush *fx, OrmBuf *out)
{
	int			i,
				k = 0;

	orm_buf_puts(out, "{\"objects\":[");
	for (i = 0; i < fx->nops; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		fl_render_node(fx, out, fx->roots[i]);
	}
	orm_buf_puts(out, "],\"counts\":{");
	for (i = 0; i < fx->tabs.n; i++)
	{
		FlTab	   *ft = fx->tabs.items[i];

		if (!ft->report && ft->inserted + ft->updated + ft->deleted == 0)
			continue;
		if (k++)
			orm_buf_putc(out, ',');
		orm_buf_json_str(out, ft->t->name, strlen(ft->t->name));
		orm_buf_printf(out, ":{\"inserted\":%d,\"updated\":%d,\"deleted\":%d}",
					   ft->inserted, ft->updated, ft->deleted);
	}
	orm_buf_puts(out, "}}");
}

/* ---- entry --------------------------------------------------------------- */

static int
fl_organize(Flush *fx, const JsonValue *changes)
{
	int			i;

	if (!changes || changes->kind != JSON_ARRAY)
		return fl_err_path(fx, "changes", ORM_ERR_PARAM, "changes must be a JSON array");
	fx->nops = changes->n;
	fx->roots = ORM_NEWN(fx->a, FlNode *, changes->n + 1);
	fx->del_roots = ORM_NEWN(fx->a, FlObj *, changes->n + 1);
	for (i = 0; i < changes->n; i++)
	{
		if (fl_op(fx, changes->items[i], i) < 0)
			return -1;
		fl_tab(fx, fx->roots[i]->obj->t)->report = true;
		if (!fx->del_roots[i])
			fl_walk(fx, fx->roots[i]->obj);
	}
	fl_rank_rest(fx);
	return 0;
}

static int
fl_run(Flush *fx, const JsonValue *changes)
{
	if (fl_organize(fx, changes) < 0 ||
		fl_prepare_pending(fx, false) < 0 ||
		fl_load(fx) < 0 ||
		fl_prepare_pending(fx, true) < 0)
		return -1;
	fl_sort_tables(fx);
	return fl_emit(fx);
}

static void
fl_init(Flush *fx, OrmCtx *ctx, bool single)
{
	memset(fx, 0, sizeof(*fx));
	fx->ctx = ctx;
	fx->a = ctx->arena;
	fx->err = ctx->err;
	fx->d = ctx->dialect;
	fx->single = single;
	fx->nbuckets = FL_NBUCKETS;
	fx->buckets = ORM_NEWN(fx->a, FlHashEnt *, fx->nbuckets);
	orm_buf_init(&fx->kbuf, fx->a);
	orm_buf_init(&fx->sbuf[0], fx->a);
	orm_buf_init(&fx->sbuf[1], fx->a);
}

/*
 * A statement covering several objects (a multi-row INSERT, a DELETE ...
 * IN) failed: which object?  Everything is rolled back, and the flush runs
 * again from the start with one row per statement, so the statement that
 * fails then names exactly one object (SQLAlchemy, inserting row by row,
 * names the row that failed).  The replay is deterministic up to that
 * point except for generated keys on PostgreSQL (a sequence does not roll
 * back) and the time and random defaults, none of which decides whether a
 * row fails; when the replay succeeds after all, its result is the flush's.
 */
int
orm_flush(OrmCtx *ctx, const JsonValue *changes, OrmBuf *out)
{
	Flush		fx;
	int			rc;

	fl_init(&fx, ctx, false);
	rc = fl_run(&fx, changes);
	if (rc < 0 && fx.retry)
	{
		if (fx.atomic)
			ctx->host->rollback_atomic(ctx->hs);
		orm_err_clear(ctx->err);
		fl_init(&fx, ctx, true);
		rc = fl_run(&fx, changes);
	}
	if (rc < 0)
	{
		if (fx.atomic)
			ctx->host->rollback_atomic(ctx->hs);
		if (fx.err->code == ORM_OK)
			orm_err(fx.err, ORM_ERR_INTERNAL, "flush failed");
		return -1;
	}
	if (fx.atomic && ctx->host->commit_atomic(ctx->hs, fx.err) < 0)
	{
		ctx->host->rollback_atomic(ctx->hs);
		return -1;
	}
	fl_render(&fx, out);
	return 0;
}
