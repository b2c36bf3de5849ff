/*
 * flush.c -- the unit of work: orm_flush(ctx, changes, result, out).
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
 * orm_flush runs five stages over one Flush (flush_int.h), each stage in
 * a file of its own whose prologue says how it works, then echoes what was
 * stored:
 *
 *   1. organize  flush_organize.c  operations -> objects: identity, links,
 *                                  insert order (no SQL)
 *   2. load      flush_load.c      rows looked up, deletes cascaded,
 *                                  orphans, many-to-many diffs, row switches
 *   3. defaults  flush_defaults.c  Python-side defaults, NOT NULL checks
 *                                  (before stage 2 for the objects that need
 *                                  no lookup, after it for the rest)
 *   4. order     flush_order.c     tables in foreign-key order, row levels
 *   5. emit      flush_emit.c      INSERT / UPDATE / DELETE per table, in
 *                                  batches, firing the mapper events of
 *                                  flush_events.c; its prologue states the
 *                                  one ASSUMPTION about the engines
 *
 * flush_graph.c holds what every stage uses (identity map, tables,
 * statements); flush_int.h says which file may call which.  This file
 * owns the run of the stages, the echo and the replay below.  The echo is
 * what the caller asked for (orm_flush's result): 'objects', the
 * operations' object graphs with every stored value, and the counts per
 * table; 'keys', the same graphs with only the primary keys and what the
 * flush or the engine produced (fl_keys_shows: generated keys, defaults,
 * foreign keys filled from relationships, onupdate, versions), which is
 * what SQLAlchemy writes back onto the objects, at a fraction of the size;
 * 'counts', the counts alone.
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
 */
#include "orm/flush_int.h"

#include <string.h>

/* ---- output -------------------------------------------------------------- */

static void fl_render_node(Flush *fx, OrmBuf *out, const FlNode *node);

/*
 * A class's attribute names as the echo writes them ("attr":), quoted
 * once per flush instead of once per object (11 objects a user in issue
 * 9's W1).
 */
typedef struct FlRelName
{
	const OrmRelationship *rel;
	const char *text;			/* "name": */
	size_t		len;
} FlRelName;

typedef struct FlNames
{
	const OrmClass *cls;
	const char **text;			/* per cls->attrs[i] */
	int		   *len;
} FlNames;

static const FlNames *
fl_names(Flush *fx, const OrmClass *cls)
{
	FlNames    *nm;
	int			i;

	for (i = fx->names.n - 1; i >= 0; i--)
		if (((FlNames *) fx->names.items[i])->cls == cls)
			return fx->names.items[i];
	nm = ORM_NEW(fx->a, FlNames);
	nm->cls = cls;
	nm->text = ORM_NEWN(fx->a, const char *, cls->nattrs);
	nm->len = ORM_NEWN(fx->a, int, cls->nattrs);
	for (i = 0; i < cls->nattrs; i++)
	{
		OrmBuf		b;

		orm_buf_init(&b, fx->a);
		orm_buf_json_str(&b, cls->attrs[i]->attr, strlen(cls->attrs[i]->attr));
		orm_buf_putc(&b, ':');
		nm->text[i] = orm_buf_cstr(&b);
		nm->len[i] = (int) b.len;
	}
	orm_vec_push(fx->a, &fx->names, nm);
	return nm;
}

/*
 * result 'keys': is column col of o one the caller did not write
 * (besides the key): a value the flush or the engine produced, what
 * SQLAlchemy puts back on the object after a flush?  Python-side and SQL
 * defaults, foreign keys filled from relationships, NULL-outs, server
 * defaults, identities and computed values fetched back, onupdate and the
 * version counter of an UPDATE.  A loaded row's other columns were neither.
 */
static bool
fl_keys_shows(const FlObj *o, const OrmColumn *col)
{
	const FlCol *c = &o->c[col->pos];

	if (col->primary_key)
		return true;
	if (fl_gone(o) || !o->row)
		return false;
	if (col == fl_version_col(o))
		return true;			/* given or not, the stored one is the flush's */
	switch (c->st)
	{
		case FLC_FK:
		case FLC_NULLED:
		case FLC_VALUE:
		case FLC_SQLNOW:
			return true;
		case FLC_GIVEN:
			return false;
		case FLC_UNSET:
			break;
	}
	if (o->inserted)
		return fl_generated(col) && o->row[col->pos].kind != ORM_V_NULL;
	return o->persistent &&
		(col->onupdate.kind != ORM_DEF_NONE || col->server_onupdate.kind != ORM_SD_NONE);
}

static int
fl_render_row(Flush *fx, OrmBuf *out, const FlObj *o)
{
	const FlNames *nm = fl_names(fx, o->cls);
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
		if (fx->ret == ORM_FLUSH_KEYS && !fl_keys_shows(o, col))
			continue;
		if (k++)
			orm_buf_putc(out, ',');
		orm_buf_put(out, nm->text[i], (size_t) nm->len[i]);
		if (!o->row && o->c[col->pos].st == FLC_GIVEN)
			v = &o->val[col->pos];
		if (v->kind == ORM_V_INT && (col->type.kind == ORM_T_INTEGER ||
									 col->type.kind == ORM_T_BIGINT ||
									 col->type.kind == ORM_T_SMALLINT))
			orm_buf_put_int(out, v->i);	/* what orm_value_to_json writes, at once */
		else
			orm_value_to_json(out, fx->d, v, &col->type);
	}
	return k;
}

/* "name": of rel, quoted once per flush (a W1 echo names ~7 relationships a user) */
static void
fl_put_rel_name(Flush *fx, OrmBuf *out, const OrmRelationship *rel)
{
	FlRelName  *rnm;
	int			i;

	for (i = fx->rel_names.n - 1; i >= 0; i--)
	{
		rnm = fx->rel_names.items[i];
		if (rnm->rel == rel)
		{
			orm_buf_put(out, rnm->text, rnm->len);
			return;
		}
	}
	{
		OrmBuf		b;

		orm_buf_init(&b, fx->a);
		orm_buf_json_str(&b, rel->name, strlen(rel->name));
		orm_buf_putc(&b, ':');
		rnm = ORM_NEW(fx->a, FlRelName);
		rnm->rel = rel;
		rnm->text = orm_buf_cstr(&b);
		rnm->len = b.len;
		orm_vec_push(fx->a, &fx->rel_names, rnm);
	}
	orm_buf_put(out, rnm->text, rnm->len);
}

static void
fl_render_rel(Flush *fx, OrmBuf *out, const FlRelNode *rn)
{
	int			i;

	fl_put_rel_name(fx, out, rn->rel);
	if (!rn->rel->uselist)
	{
		if (rn->is_null || rn->items.n == 0)
			orm_buf_puts(out, "null");
		else
			fl_render_node(fx, out, rn->items.items[0]);
		return;
	}
	if (rn->dict_keys.n > 0 && rn->dict_keys.n == rn->items.n)
	{
		/* a keyed dict given as an object: rendered as given */
		orm_buf_putc(out, '{');
		for (i = 0; i < rn->items.n; i++)
		{
			const char *k = rn->dict_keys.items[i];

			if (i)
				orm_buf_putc(out, ',');
			orm_buf_json_str(out, k, strlen(k));
			orm_buf_putc(out, ':');
			fl_render_node(fx, out, rn->items.items[i]);
		}
		orm_buf_putc(out, '}');
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

/*
 * fl_render_row of an object met before in this echo (a tag under many
 * posts, an author under many comments): the same text, copied from where
 * it was written the first time.
 */
static int
fl_render_row_again(Flush *fx, OrmBuf *out, FlObj *o)
{
	size_t		start = out->len,
				len;
	int			k;

	if (o->echo_len > 0)
	{
		len = o->echo_len - 1;
		if (out->len + len + 1 > out->cap)
			orm_buf_reserve(out, len);	/* first: the copy's source moves with it */
		memcpy(out->data + out->len, out->data + o->echo_off, len);
		out->len += len;
		out->data[out->len] = '\0';
		return len > 0;
	}
	k = fl_render_row(fx, out, o);
	len = out->len - start;
	if (start < UINT32_MAX && len < UINT32_MAX - 1)
	{
		o->echo_off = (uint32_t) start;
		o->echo_len = (uint32_t) len + 1;
	}
	return k;
}

static void
fl_render_node(Flush *fx, OrmBuf *out, const FlNode *node)
{
	int			i,
				k;

	orm_buf_putc(out, '{');
	k = fl_render_row_again(fx, out, node->obj);
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

	if (fx->ret != ORM_FLUSH_COUNTS)
	{
		orm_buf_puts(out, "{\"objects\":[");
		for (i = 0; i < fx->nops; i++)
		{
			if (i)
				orm_buf_putc(out, ',');
			fl_render_node(fx, out, fx->roots[i]);
		}
		orm_buf_puts(out, "],\"counts\":{");
	}
	else
		orm_buf_puts(out, "{\"counts\":{");
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

/* orm_flush_text's changes: the text, parsed again for a replay */
typedef struct FlSource
{
	const char *text;
	size_t		len;
	int			(*poll) (void *arg);
	void	   *arg;
} FlSource;

/*
 * Stage 1 over the changes given as text (src): their values are parsed
 * into an arena of their own, freed once organize has made the objects,
 * while the text's one copy, which every string and number of the changes
 * is, goes into the call's arena and stays (the objects' values, the
 * attribute names and keys of the paths and dict keys point into it).
 * Nothing after stage 1 reads a JsonValue of the changes.
 *
 * An array of operations (the rule) is read one operation at a time
 * (json_stream_next): each is organized, and the values of the operations
 * organized are given back once they take FL_TREE_KEEP, so the parsed
 * changes are never all held at once
 * (W1's 13.7 MB of changes parsed whole took ~23 MB more at the flush's
 * peak) and each operation's values are still in the cache when organize
 * reads them.  The result is the whole parse's: organize runs no SQL, and
 * when an operation is refused the rest of the text is still read, so bad
 * JSON anywhere is the error, as it is when the text is parsed first.
 */
#define FL_TREE_KEEP ((size_t) 1024 * 1024)	/* operations' values given back past this */

static int
fl_organize_text(Flush *fx, const FlSource *src)
{
	OrmArena	tree;
	OrmArenaMark mark;
	const JsonValue *changes;
	JsonStream *js;
	int			rc = -1;

	orm_arena_init(&tree, &fx->a->hooks);
	js = json_stream_begin(fx->a, src->text, src->len, src->poll, src->arg, fx->err);
	if (js)
	{
		orm_arena_mark(&tree, &mark);
		for (int i = 0;; i++)
		{
			JsonValue  *op;
			int			r = json_stream_next(js, &tree, &op);

			if (r == 0)
			{
				fl_organize_end(fx);
				rc = 0;
				break;
			}
			if (r < 0)
			{
				if (fx->err->code == ORM_OK)
					orm_err(fx->err, ORM_ERR_PARAM, "invalid JSON");
				break;
			}
			if (fl_organize_op(fx, op, i) < 0)
			{
				OrmError	refused = *fx->err;

				/* bad JSON later in the text is the error a whole parse gives */
				orm_err_clear(fx->err);
				orm_arena_release(&tree, &mark, NULL);
				if (json_stream_rest(js, &tree) == 0)
					*fx->err = refused;
				else if (fx->err->code == ORM_OK)
					orm_err(fx->err, ORM_ERR_PARAM, "invalid JSON");
				break;
			}
			if (tree.total >= FL_TREE_KEEP)
				orm_arena_release(&tree, &mark, NULL);
		}
		orm_arena_reset(&tree);
		return rc;
	}
	changes = json_parse_split(&tree, fx->a, src->text, src->len, src->poll, src->arg,
							   fx->err);
	if (changes == NULL)
	{
		if (fx->err->code == ORM_OK)
			orm_err(fx->err, ORM_ERR_PARAM, "invalid JSON");
		rc = -1;
	}
	else
		rc = fl_organize(fx, changes);
	orm_arena_reset(&tree);
	return rc;
}

static int
fl_run(Flush *fx, const JsonValue *changes, const FlSource *src)
{
	if ((src ? fl_organize_text(fx, src) : fl_organize(fx, changes)) < 0 ||
		fl_prepare_pending(fx, false) < 0 ||
		fl_load(fx) < 0 ||
		fl_prepare_pending(fx, true) < 0)
		return -1;
	fl_sort_tables(fx);
	return fl_emit(fx);
}

static void
fl_init(Flush *fx, OrmCtx *ctx, bool single, OrmFlushReturn ret)
{
	memset(fx, 0, sizeof(*fx));
	fx->ret = ret;
	fx->ctx = ctx;
	fx->a = ctx->arena;
	fx->err = ctx->err;
	fx->d = ctx->dialect;
	fx->single = single;
	fx->prep_seen = -1;
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
static int
fl_flush(OrmCtx *ctx, const JsonValue *changes, const FlSource *src, OrmFlushReturn ret,
		 OrmBuf *out)
{
	Flush		fx;
	int			rc;

	fl_init(&fx, ctx, false, ret);
	rc = fl_run(&fx, changes, src);
	if (rc < 0 && fx.retry)
	{
		if (fx.atomic)
			ctx->host->rollback_atomic(ctx->hs);
		orm_err_clear(ctx->err);
		fl_init(&fx, ctx, true, ret);
		rc = fl_run(&fx, changes, src);	/* from text: parsed again */
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

int
orm_flush(OrmCtx *ctx, const JsonValue *changes, OrmFlushReturn ret, OrmBuf *out)
{
	return fl_flush(ctx, changes, NULL, ret, out);
}

int
orm_flush_text(OrmCtx *ctx, const char *changes, int (*poll) (void *arg), void *arg,
			   OrmFlushReturn ret, OrmBuf *out)
{
	FlSource	src = {changes, strlen(changes), poll, arg};

	return fl_flush(ctx, NULL, &src, ret, out);
}
