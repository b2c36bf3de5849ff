/*
 * query_select.c -- select() statements (query_int.h), as SQLAlchemy's
 * Select builds them: select(...) itself, the FROM collection (what a
 * statement's FROM clause will hold), joins (join(), outerjoin(),
 * join_from(): relationship joins, ON clauses inferred from foreign keys
 * or given, the implicit left side), the methods on select() (where(),
 * filter_by(), order_by(), limit(), options(), subquery(), union() ...)
 * and on subqueries and CTEs.  Every method returns a copy: statements are
 * generative.
 *
 * Assumes: arguments are evaluated through q_eval; a relationship's extra
 * join criteria come from query.c through QEnv.  Calls query_options.c,
 * query_expr.c, query_pyvalues.c and query_base.c.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"
#include "sql/entity.h"

#include <string.h>

/* ---- FROM collection (for join inference and filter_by) ------------------ */

static void
q_push_from(QEnv *e, OrmPtrVec *v, SxFrom *f)
{
	int			i;

	f = sx_from_canon(f);
	for (i = 0; i < v->n; i++)
		if (v->items[i] == f)
			return;
	orm_vec_push(e->a, v, f);
}

/*
 * The FROMs an expression names.  Expressions built through variables can
 * be deeper than any syntax tree and share subtrees (a = a + a): the walk
 * stops at Q_MAX_DEPTH levels or Q_MAX_WALK nodes, beyond which compile.c
 * refuses the statement anyway (its limits are these or smaller).
 */
static void
q_expr_froms_r(QEnv *e, SxExpr *x, OrmPtrVec *out, int depth, int *budget)
{
	int			i;

	if (!x || depth > Q_MAX_DEPTH || --*budget < 0)
		return;
	if (x->kind == SX_COLUMN || x->kind == SX_FROMCOL || x->kind == SX_ENTITY)
	{
		q_push_from(e, out, x->from);
		return;
	}
	if (x->kind == SX_SCALAR_SUBQ || x->kind == SX_EXISTS)
		return;
	q_expr_froms_r(e, x->left, out, depth + 1, budget);
	q_expr_froms_r(e, x->right, out, depth + 1, budget);
	q_expr_froms_r(e, x->third, out, depth + 1, budget);
	q_expr_froms_r(e, x->filter, out, depth + 1, budget);
	for (i = 0; i < x->nargs; i++)
		q_expr_froms_r(e, x->args[i], out, depth + 1, budget);
	for (i = 0; i < x->npartition; i++)
		q_expr_froms_r(e, x->partition_by[i], out, depth + 1, budget);
	for (i = 0; i < x->nover_order; i++)
		q_expr_froms_r(e, x->over_order[i], out, depth + 1, budget);
}

void
q_expr_froms(QEnv *e, SxExpr *x, OrmPtrVec *out)
{
	int			budget = Q_MAX_WALK;

	q_expr_froms_r(e, x, out, 0, &budget);
}

/* Everything the statement's FROM clause will hold so far, in order. */
static void
q_sel_froms(QEnv *e, SxSelect *s, OrmPtrVec *out)
{
	int			i;

	for (i = 0; i < s->froms.n; i++)
		q_push_from(e, out, s->froms.items[i]);
	for (i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];

		if (j->left)
			q_push_from(e, out, j->left);
		q_push_from(e, out, j->target);
		if (j->inner_target)
			q_push_from(e, out, j->inner_target);
	}
	for (i = 0; i < s->items.n; i++)
		q_expr_froms(e, ((SxItem *) s->items.items[i])->expr, out);
	q_expr_froms(e, s->where, out);
}

/* ---- select() ------------------------------------------------------------ */

QVal *
qb_select(QEnv *e, const PyNode *call)
{
	SxSelect   *s = sx_select_new(e->a);
	int			i;
	QVal	   *v;

	s->line = call->line;
	s->col = call->col;
	for (i = 0; i < call->nitems; i++)
	{
		const PyNode *an = call->items[i];

		if (an->kind == PY_STARRED)
			an = an->a;
		if (!(v = q_eval(e, an)))
			return NULL;
		if (v->kind == QV_LIST && an == call->items[i] && v->node &&
			(v->node->kind == PY_LIST || v->node->kind == PY_TUPLE))
			/* select([User]): SQLAlchemy 1.x's list, an ArgumentError in 2.0
			 * (table.c["a", "b"], a column collection, is not a list) */
			return Q_FAIL(e, ORM_ERR_QUERY, an,
						  "Column expression, FROM clause, or other columns clause element "
						  "expected, got a list: select([x, y]) is SQLAlchemy 1.x's form; "
						  "write select(x, y)");
		if (q_add_item(e, s, v) < 0)
			return NULL;
	}
	return q_sel_val(e, s, call);
}

/* ---- joins --------------------------------------------------------------- */

/* Foreign key columns linking table a and b (either direction): how many,
 * and the last one's column and key (a column may have several keys). */
static int
q_fk_paths(const OrmTable *a, const OrmTable *b, OrmColumn **fkcol, const OrmForeignKey **fkey)
{
	int			i,
				n = 0;

	for (i = 0; i < a->ncols; i++)
		for (const OrmForeignKey *f = a->cols[i]->fk; f; f = f->next)
			if (f->ref_table == b)
			{
				n++;
				*fkcol = a->cols[i];
				*fkey = f;
			}
	if (a != b)
		for (i = 0; i < b->ncols; i++)
			for (const OrmForeignKey *f = b->cols[i]->fk; f; f = f->next)
				if (f->ref_table == a)
				{
					n++;
					*fkcol = b->cols[i];
					*fkey = f;
				}
	return n;
}

/*
 * Foreign key columns linking FROMs l and r: of any of their tables (a
 * joined entity's superclass tables too, as SQLAlchemy's join condition of
 * its mapped selectable).
 */
static int
q_fk_paths_from(QEnv *e, const SxFrom *l, const SxFrom *r, OrmColumn **fkcol,
				const OrmForeignKey **fkey)
{
	SxPart	   *lp,
			   *rp;
	int			nl,
				nr,
				n = 0;

	if (!sx_from_multi(l) && !sx_from_multi(r))
		return q_fk_paths(l->table, r->table, fkcol, fkey);
	nl = sx_from_parts(e->a, l, &lp);
	nr = sx_from_parts(e->a, r, &rp);
	for (int i = 0; i < nl; i++)
		for (int j = 0; j < nr; j++)
		{
			OrmColumn  *c;
			const OrmForeignKey *f;
			int			k = q_fk_paths(lp[i].table, rp[j].table, &c, &f);

			if (k > 0)
			{
				n += k;
				*fkcol = c;
				*fkey = f;
			}
		}
	return n;
}

/* Which of l and r holds the foreign key column (a joined entity: any of its tables). */
static SxFrom *
q_fk_from_of(SxFrom *l, SxFrom *r, OrmColumn *fkcol)
{
	return fkcol->table == l->table || (l->table != r->table && sx_from_holds(l, fkcol->table)) ?
		l : r;
}

/* ON referenced = fk for the single FK path between froms l and r. */
static SxExpr *
q_fk_condition(QEnv *e, SxFrom *l, SxFrom *r, OrmColumn *fkcol, const OrmForeignKey *fk)
{
	SxFrom	   *ffrom = q_fk_from_of(l, r, fkcol);
	SxFrom	   *rfrom = ffrom == l ? r : l;
	SxExpr	   *x;

	if (l->table && l->table == r->table)
	{
		/*
		 * A table joined to an alias of itself through its self-referential
		 * foreign key: SQLAlchemy's join condition holds the constraint in
		 * both directions (comments.id = comments_1.parent_id AND
		 * comments_1.id = comments.parent_id); so does this one.
		 */
		SxExpr	   *two[2];

		two[0] = q_binary(e, SXOP_EQ, sx_column(e->a, l, fk->ref_col),
						  sx_column(e->a, r, fkcol), &q_t_bool);
		two[1] = q_binary(e, SXOP_EQ, sx_column(e->a, r, fk->ref_col),
						  sx_column(e->a, l, fkcol), &q_t_bool);
		return q_boollist(e, SXOP_AND, 2, two);
	}
	x = q_binary(e, SXOP_EQ, sx_column(e->a, rfrom, fk->ref_col),
				 sx_column(e->a, ffrom, fkcol), &q_t_bool);
	return x;
}

static const char *
q_from_label(const SxFrom *f)
{
	if (f->cls)
		return q_entity_key(f);
	if (f->name)
		return f->name;
	return f->table ? f->table->name : "subquery";
}

/*
 * The columns of FROM f as foreign key inference sees them: the table
 * column each is (a subquery's: the column it selects, q_subq_sources, or
 * NULL) and an expression naming it in f.
 */
static int
q_from_fkcols(QEnv *e, SxFrom *f, OrmColumn ***src, SxExpr ***xs)
{
	int			n;

	if (f->kind == SXF_TABLE)
	{
		n = f->table->ncols;
		*src = f->table->cols;
		*xs = ORM_NEWN(e->a, SxExpr *, n + 1);
		for (int i = 0; i < n; i++)
			(*xs)[i] = sx_column(e->a, f, f->table->cols[i]);
		return n;
	}
	{
		const char **names;
		const OrmType **types;

		n = q_subq_cols(e, f, &names, &types);
		*src = q_subq_sources(e, f, 0);
		*xs = ORM_NEWN(e->a, SxExpr *, n + 1);
		for (int i = 0; i < n; i++)
		{
			SxExpr	   *x = q_sx(e, SX_FROMCOL, types[i]);

			x->from = f;
			x->index = i;
			x->name = names[i];
			(*xs)[i] = x;
		}
	}
	return n;
}

/*
 * Foreign key paths between FROMs l and r when one of them is a subquery
 * (or CTE): a column of one derived from a foreign key column whose
 * referenced column the other one has (SQLAlchemy's join condition finds
 * them through the subquery's columns).  Returns how many; *on the
 * condition of the last, referenced side first.
 */
static int
q_fk_paths_any(QEnv *e, SxFrom *l, SxFrom *r, SxExpr **on)
{
	OrmColumn **ls,
			  **rs;
	SxExpr	  **lx,
			  **rx;
	int			nl = q_from_fkcols(e, l, &ls, &lx),
				nr = q_from_fkcols(e, r, &rs, &rx),
				n = 0;

	for (int pass = 0; pass < 2; pass++)
	{
		OrmColumn **as = pass ? rs : ls,
				  **bs = pass ? ls : rs;
		SxExpr	  **ax = pass ? rx : lx,
				  **bx = pass ? lx : rx;
		int			na = pass ? nr : nl,
					nb = pass ? nl : nr;

		for (int i = 0; i < na; i++)
			for (const OrmForeignKey *fk = as[i] ? as[i]->fk : NULL; fk; fk = fk->next)
				for (int j = 0; j < nb; j++)
					if (bs[j] == fk->ref_col)
					{
						n++;
						*on = q_binary(e, SXOP_EQ, bx[j], ax[i], &q_t_bool);
					}
	}
	return n;
}

/* FK paths between l and r, and the condition of the (single) one. */
static int
q_fk_between(QEnv *e, SxFrom *l, SxFrom *r, SxExpr **on)
{
	OrmColumn  *fkc;
	const OrmForeignKey *fk;
	int			n;

	if (l->kind != SXF_TABLE || r->kind != SXF_TABLE)
		return q_fk_paths_any(e, l, r, on);
	n = q_fk_paths_from(e, l, r, &fkc, &fk);
	if (n == 1)
		*on = q_fk_condition(e, l, r, fkc, fk);
	return n;
}

/* join(Entity) without ON: the left side and condition from foreign keys. */
static int
q_infer_join(QEnv *e, SxSelect *s, SxFrom *target, const PyNode *node,
			 SxFrom **left_out, SxExpr **on_out)
{
	OrmPtrVec	cands = {0};
	SxFrom	   *found = NULL;
	SxExpr	   *on = NULL,
			   *fon = NULL;
	int			i,
				total = 0,
				n;

	/* after earlier joins, the right-most joined table is preferred */
	if (s->joins.n > 0)
	{
		SxFrom	   *last = sx_join_end(s->joins.items[s->joins.n - 1]);

		if (q_fk_between(e, last, target, &on) == 1)
		{
			*left_out = last;
			*on_out = on;
			return 0;
		}
	}
	q_sel_froms(e, s, &cands);
	for (i = 0; i < cands.n; i++)
	{
		SxFrom	   *c = cands.items[i];

		if (c == sx_from_canon(target))
			continue;
		n = q_fk_between(e, c, target, &on);
		if (n > 0)
		{
			total += n;
			found = c;
			fon = on;
		}
	}
	if (total == 0)
	{
		const char *ln = cands.n > 0 ? q_from_label(cands.items[0]) : "nothing";

		Q_FAIL(e, ORM_ERR_QUERY, node, "cannot join %s to %s: no foreign key path",
			   ln, q_from_label(target));
		return -1;
	}
	if (total > 1)
	{
		Q_FAIL(e, ORM_ERR_QUERY, node,
			   "cannot join to %s: more than one foreign key path; give the ON clause",
			   q_from_label(target));
		return -1;
	}
	*left_out = found;
	*on_out = fon;
	return 0;
}

static SxFrom *q_join_root(const SxSelect *s, SxFrom *f);

/*
 * join(target, onclause) without a left side, as SQLAlchemy's
 * _join_determine_implicit_left_side decides it.  The candidates are the
 * statement's FROM clauses when it has any (select_from(), earlier joins:
 * one per join tree), else the FROMs of its select list.  One candidate is
 * the left side; of several, the one that with the target holds every
 * column the ON clause names; none, or more than one: an error, as
 * SQLAlchemy raises (a WHERE clause's tables are no candidates).  Within
 * the chosen tree the join hangs off a FROM the ON clause names.
 */
static SxFrom *
q_join_left_from_on(QEnv *e, SxSelect *s, SxFrom *target, SxExpr *on, const PyNode *node)
{
	OrmPtrVec	clauses = {0},	/* SxFrom*: a candidate (a tree's root, or an item's FROM) */
				refs = {0};
	int			chosen = -1,
				nmatch = 0;

	for (int i = 0; i < s->froms.n; i++)
		q_push_from(e, &clauses, q_join_root(s, s->froms.items[i]));
	for (int i = 0; i < s->joins.n; i++)
		q_push_from(e, &clauses, q_join_root(s, ((SxJoin *) s->joins.items[i])->target));
	if (clauses.n == 0)
	{
		OrmPtrVec	items = {0};

		for (int i = 0; i < s->items.n; i++)
			q_expr_froms(e, ((SxItem *) s->items.items[i])->expr, &items);
		for (int i = 0; i < items.n; i++)
			if (items.items[i] != target)
				orm_vec_push(e->a, &clauses, items.items[i]);
	}
	if (clauses.n == 0)
		return Q_FAIL(e, ORM_ERR_QUERY, node,
					  "no entities to join %s from; use select_from() to give the left side",
					  q_from_label(target));
	q_expr_froms(e, on, &refs);
	if (clauses.n == 1)
		chosen = 0;
	for (int c = 0; c < clauses.n && clauses.n > 1; c++)
	{
		bool		covers = true;

		for (int r = 0; r < refs.n && covers; r++)
		{
			SxFrom	   *f = refs.items[r];

			covers = f == target || f == clauses.items[c] ||
				(s->joins.n > 0 && q_join_root(s, f) == clauses.items[c]);
		}
		if (covers)
		{
			chosen = c;
			nmatch++;
		}
	}
	if (clauses.n > 1 && nmatch != 1)
		return Q_FAIL(e, ORM_ERR_QUERY, node,
					  "cannot tell which FROM to join %s from; use select_from() or join_from()",
					  q_from_label(target));
	/* the FROM of the chosen tree the ON clause names, else its root */
	for (int r = 0; r < refs.n; r++)
	{
		SxFrom	   *f = refs.items[r];

		if (f != target && (f == clauses.items[chosen] ||
							(s->joins.n > 0 && q_join_root(s, f) == clauses.items[chosen])))
			return f;
	}
	return clauses.items[chosen];
}

/*
 * A table joined twice without aliased() would be ambiguous SQL.  A plain
 * select_from() FROM may be joined to, though: SQLAlchemy's join hides it
 * (select(Address).select_from(User).join(Address.user): FROM address JOIN
 * user_account); compile.c drops the plain FROM.
 */
static int
q_check_new_target(QEnv *e, SxSelect *s, SxFrom *target, const PyNode *node)
{
	int			i;

	for (i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];

		if (j->target == target || j->left == target || j->inner_target == target)
			goto dup;
	}
	return 0;
dup:
	Q_FAIL(e, ORM_ERR_QUERY, node, "%s is already in the FROM clause; join an aliased() %s",
		   q_from_label(target), q_from_label(target));
	return -1;
}

static void
q_add_join(QEnv *e, SxSelect *s, SxFrom *left, SxFrom *target, SxExpr *on,
		   bool outer, bool full, OrmRelationship *via)
{
	SxJoin	   *j = ORM_NEW(e->a, SxJoin);

	j->left = left;
	j->target = target;
	j->on = on;
	j->outer = outer;
	j->full = full;
	j->via = via;
	orm_vec_push(e->a, &s->joins, j);
}

static int
q_join_rel(QEnv *e, SxSelect *s, OrmRelationship *rel, SxFrom *left, SxFrom *target,
		   bool outer, bool full, const PyNode *node)
{
	SxExpr	   *extra;

	if (!target)
		target = q_class_from(e, rel->target->table, rel->target);
	if (target == left)
	{
		Q_FAIL(e, ORM_ERR_QUERY, node,
			   "cannot join %s to itself through \"%s\"; use aliased()",
			   rel->owner->name, rel->name);
		return -1;
	}
	if (q_check_new_target(e, s, target, node) < 0)
		return -1;
	if (rel->secondary_join)
	{
		/* a composite secondary: JOIN (b_1 JOIN d_1 ... JOIN c_1 ...) ON pj JOIN d ON sj */
		SxFrom	   *sec;
		SxExpr	   *pj,
				   *sj;

		if (e->rel_composite(e->ctx, rel, left, target, &sec, &pj, &sj) < 0)
			return -1;
		q_add_join(e, s, left, sec, pj, outer, full, rel);
		if (outer || full)
		{
			SxJoin	   *j = s->joins.items[s->joins.n - 1];

			j->inner_target = target;
			j->inner_on = sj;
			return 0;
		}
		q_add_join(e, s, sec, target, sj, outer, full, rel);
		return 0;
	}
	if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
	{
		SxFrom	   *sec = q_alias_from(e, rel->secondary, NULL, NULL);

		if (q_rel_extra(e, rel, left, sec, target, &extra) < 0)
			return -1;
		q_add_join(e, s, left, sec, sx_rel_condition(e->a, rel, left, sec, NULL),
				   outer, full, rel);
		if (outer || full)
		{
			/* LEFT OUTER JOIN (secondary JOIN target ON ...) ON ...: flat, a
			 * secondary row whose target fails the ON would still be a row */
			SxJoin	   *j = s->joins.items[s->joins.n - 1];

			j->inner_target = target;
			j->inner_on = sx_and(e->a, sx_rel_condition(e->a, rel, NULL, sec, target), extra);
			return 0;
		}
		q_add_join(e, s, sec, target,
				   sx_and(e->a, sx_rel_condition(e->a, rel, NULL, sec, target), extra),
				   outer, full, rel);
		return 0;
	}
	if (q_rel_extra(e, rel, left, NULL, target, &extra) < 0)
		return -1;
	q_add_join(e, s, left, target,
			   sx_and(e->a, sx_rel_condition(e->a, rel, left, NULL, target), extra),
			   outer, full, rel);
	return 0;
}

static SxFrom *
q_join_target_from(QEnv *e, QVal *t)
{
	if (t->kind == QV_ENTITY || t->kind == QV_TABLE || t->kind == QV_SUBQ)
		return t->from;
	return Q_FAIL(e, ORM_ERR_QUERY, t->node, "cannot join to this");
}

/*
 * A FROM s names through a mapped class's Table (User.__table__): SQLAlchemy's
 * Table carries no ORM annotation, so it does not make s an ORM statement
 * (its unlabeled columns keep Core's names, count_1).
 */
static void
q_note_core_from(QEnv *e, SxSelect *s, const QVal *v)
{
	if (v->kind != QV_TABLE || !v->core)
		return;
	for (int i = 0; i < s->core_froms.n; i++)
		if (s->core_froms.items[i] == v->from)
			return;
	orm_vec_push(e->a, &s->core_froms, v->from);
}

/* The FROM a join's tree starts at (itself when no join targets it). */
static SxFrom *
q_join_root(const SxSelect *s, SxFrom *f)
{
	for (int guard = 0; guard <= s->joins.n; guard++)
	{
		int			i;

		for (i = 0; i < s->joins.n; i++)
			if (((SxJoin *) s->joins.items[i])->target == f ||
				((SxJoin *) s->joins.items[i])->inner_target == f)
				break;
		if (i == s->joins.n || !((SxJoin *) s->joins.items[i])->left)
			return f;
		f = ((SxJoin *) s->joins.items[i])->left;
	}
	return f;
}

/*
 * The left side of join(User.comments): the FROM of User.  When the
 * statement's joins (or select_from()) do not hold the plain class but do
 * hold an alias of its table (select(Post).join(Post.author.of_type(u))
 * .join(User.comments)) or a subquery of it, SQLAlchemy joins from that
 * FROM, adapting the condition to the first alias of the table in it; so
 * do we.  Aliases in two
 * separate FROM trees: SQLAlchemy refuses, as here.
 */
/*
 * Is subquery f derived from table t, exporting the columns a join needs
 * (cols, by name)?  SQLAlchemy then adapts the join condition to it:
 * select(x).join(sq, ...).join(Post.tags) joins Post.tags from sq when sq
 * selects from posts.
 */
static bool
q_subq_derived_from(QEnv *e, SxFrom *f, const OrmTable *t, OrmColumn *const *cols, int ncols)
{
	OrmPtrVec	froms = {0};
	const char **names;
	const OrmType **types;
	SxSelect   *s = f->select;
	bool		derived = false;
	int			n;

	if (!s)
		return false;
	while (s->compound != SXC_NONE && s->parts.n > 0)
		s = s->parts.items[0];
	q_sel_froms(e, s, &froms);
	for (int i = 0; i < froms.n && !derived; i++)
		derived = ((SxFrom *) froms.items[i])->kind == SXF_TABLE &&
			((SxFrom *) froms.items[i])->table == t;
	if (!derived)
		return false;
	n = q_subq_cols(e, f, &names, &types);
	for (int k = 0; k < ncols; k++)
	{
		int			i;

		for (i = 0; i < n; i++)
			if (strcmp(names[i], cols[k]->name) == 0)
				break;
		if (i == n)
			return false;
	}
	return true;
}

static SxFrom *
q_join_rel_left(QEnv *e, SxSelect *s, SxFrom *owner, const OrmRelationship *rel,
				const PyNode *call)
{
	OrmPtrVec	explicit = {0};
	SxFrom	   *found = NULL;

	if (owner->is_alias || owner->kind != SXF_TABLE)
		return owner;
	for (int i = 0; i < s->froms.n; i++)
		q_push_from(e, &explicit, s->froms.items[i]);
	for (int i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];

		if (j->left)
			q_push_from(e, &explicit, j->left);
		q_push_from(e, &explicit, j->target);
		if (j->inner_target)
			q_push_from(e, &explicit, j->inner_target);
	}
	for (int i = 0; i < explicit.n; i++)
	{
		SxFrom	   *f = explicit.items[i];

		if (f == owner)
			return owner;
		if (f->kind == SXF_TABLE ? f->table != owner->table :
			!q_subq_derived_from(e, f, owner->table, rel->local_cols, rel->npairs))
			continue;
		if (!found)
			found = f;
		else if (q_join_root(s, found) != q_join_root(s, f))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "cannot tell which FROM to join %s from; give the ON clause",
						  q_from_label(owner));
	}
	return found ? found : owner;
}

/*
 * Was relationship rel already joined from the attribute's FROM parent to
 * target (NULL: rel's own target class)?  SQLAlchemy skips such a join
 * (its _already_joined_edges): join(User.posts).outerjoin(User.posts) is
 * one join.
 */
static bool
q_join_edge_done(const SxSelect *s, const OrmRelationship *rel, const SxFrom *parent,
				 const SxFrom *target)
{
	for (int i = 0; i < s->joins.n; i++)
	{
		const SxJoin *j = s->joins.items[i];
		const SxFrom *end = sx_join_end(j);

		if (j->via != rel || j->via_from != parent || !end->cls)
			continue;
		if (target ? end == target : (end->cls == rel->target && !end->is_alias &&
									  end->kind == SXF_TABLE))
			return true;
	}
	return false;
}

/* ---- a joined entity joined to its own tables ------------------------------ */

/* Does f's every table belong to g? */
static bool
q_from_within(QEnv *e, const SxFrom *f, const SxFrom *g)
{
	SxPart	   *parts;
	int			n = sx_from_parts(e->a, f, &parts);

	for (int i = 0; i < n; i++)
		if (!sx_from_holds(g, parts[i].table))
			return false;
	return n > 0;
}

/* A copy of expression x with from -> to (SX_COLUMN, SX_ENTITY), or, tables set, every unaliased column of to's tables. */
static SxExpr *
q_adapt(QEnv *e, SxExpr *x, SxFrom *from, SxFrom *to, bool tables, int depth)
{
	SxExpr	   *c;
	bool		changed = false;
	SxExpr	   *l,
			   *r,
			   *t,
			   *f;
	SxExpr	  **args = NULL;

	if (!x || depth > Q_MAX_DEPTH)
		return x;
	if (x->kind == SX_COLUMN || x->kind == SX_ENTITY)
	{
		/* tables: a column of an unaliased FROM whose tables the alias's hold
		 * all (Person.name, Staff.id for an alias of Boss; not a Guest's) */
		if (x->from != from && !(tables && x->kind == SX_COLUMN && q_from_is_plain(x->from) &&
								 q_from_within(e, x->from, to)))
			return x;
		c = ORM_NEW(e->a, SxExpr);
		*c = *x;
		c->from = to;
		return c;
	}
	if (x->kind == SX_SCALAR_SUBQ || x->kind == SX_EXISTS)
		return x;
	l = q_adapt(e, x->left, from, to, tables, depth + 1);
	r = q_adapt(e, x->right, from, to, tables, depth + 1);
	t = q_adapt(e, x->third, from, to, tables, depth + 1);
	f = q_adapt(e, x->filter, from, to, tables, depth + 1);
	changed = l != x->left || r != x->right || t != x->third || f != x->filter;
	for (int i = 0; i < x->nargs; i++)
	{
		SxExpr	   *a = q_adapt(e, x->args[i], from, to, tables, depth + 1);

		if (a != x->args[i] && !args)
		{
			args = ORM_NEWN(e->a, SxExpr *, x->nargs);
			memcpy(args, x->args, sizeof(SxExpr *) * (size_t) x->nargs);
		}
		if (args)
			args[i] = a;
	}
	if (!changed && !args)
		return x;
	c = ORM_NEW(e->a, SxExpr);
	*c = *x;
	c->left = l;
	c->right = r;
	c->third = t;
	c->filter = f;
	if (args)
		c->args = args;
	return c;
}

static void
q_adapt_vec(QEnv *e, OrmPtrVec *v, SxFrom *from, SxFrom *to)
{
	for (int i = 0; i < v->n; i++)
		v->items[i] = q_adapt(e, v->items[i], from, to, true, 0);
}

/*
 * Statement s (a copy: its items are replaced, not changed) read through
 * alias to: the entity from, and every column of to's tables, as
 * SQLAlchemy's legacy aliasing adapter does for the select list and
 * criteria (other entities stay).
 */
void
q_adapt_sel(QEnv *e, SxSelect *s, SxFrom *from, SxFrom *to)
{
	for (int i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];
		SxExpr	   *x = q_adapt(e, it->expr, from, to, true, 0);

		if (x != it->expr)
		{
			SxItem	   *c = ORM_NEW(e->a, SxItem);

			*c = *it;
			c->expr = x;
			s->items.items[i] = c;
		}
	}
	s->where = q_adapt(e, s->where, from, to, true, 0);
	s->having = q_adapt(e, s->having, from, to, true, 0);
	q_adapt_vec(e, &s->order_by, from, to);
	q_adapt_vec(e, &s->group_by, from, to);
}

/*
 * join(Staff) where the statement already has one of Staff's tables
 * (select(Guest).join(Guest.host): person in Guest's FROM and in Staff's):
 * as SQLAlchemy, the target becomes a flat alias of itself ("an alias is
 * being generated automatically ... due to overlapping tables"), and the
 * statement's references to it, so far and from now on, read the alias.
 * Returns target, or its alias.
 */
static SxFrom *
q_join_overlap(QEnv *e, SxSelect *s, SxFrom *target)
{
	OrmPtrVec	froms = {0};
	SxPart	   *parts;
	int			np;
	bool		overlap = false;
	SxFrom	   *a;

	if (!q_from_is_plain(target) || !sx_from_multi(target))
		return target;
	q_sel_froms(e, s, &froms);
	np = sx_from_parts(e->a, target, &parts);
	for (int i = 0; i < froms.n && !overlap; i++)
	{
		SxFrom	   *f = froms.items[i];

		if (f == target || !q_from_is_plain(f))
			continue;
		for (int k = 0; k < np && !overlap; k++)
			overlap = sx_from_holds(f, parts[k].table);
	}
	if (!overlap)
		return target;
	a = ORM_NEW(e->a, SxFrom);
	*a = *target;
	a->id = sx_from_table(e->a, target->table, target->cls)->id;
	a->is_alias = true;
	a->flat = true;
	a->name = NULL;
	a->adapted = true;
	orm_vec_push(e->a, &s->adapt, a);
	q_adapt_sel(e, s, target, a);
	if (target->cls)
		q_class_from_set(e, target->cls, a);
	return a;
}

/* .join(target [, onclause], isouter=, full=) and join_from(left, target, ...) */
static QVal *
q_sel_join(QEnv *e, QVal *recv, const PyNode *call, bool outer, bool from_form)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *lv = NULL,
			   *tv,
			   *ov = NULL;
	SxFrom	   *left = NULL,
			   *target;
	SxExpr	   *on = NULL;
	int			err = 0,
				base = from_form ? 1 : 0,
				nj;
	bool		full;

	if (from_form && !(lv = q_arg(e, call, 0, "join_from")))
		return NULL;
	if (!(tv = q_arg(e, call, base, "join")))
		return NULL;
	if (call->nitems > base + 1 && !(ov = q_eval(e, call->items[base + 1])))
		return NULL;
	if (!ov && q_kwarg(e, call, "onclause", &ov) < 0)
		return NULL;
	outer = outer || q_kw_true(e, call, "isouter", &err);
	full = q_kw_true(e, call, "full", &err);
	if (err)
		return NULL;
	if (lv && !(left = q_join_target_from(e, lv)))
		return NULL;
	if (lv)
		q_note_core_from(e, s, lv);
	if (tv->kind == QV_REL)
	{
		/* join_from(Comment, Post.author): the left side must be the
		 * relationship's own class (SQLAlchemy: "explicit from clause ...
		 * does not match left side of relationship attribute") */
		if (left && left != tv->from)
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "%s does not match the left side of relationship %s.%s",
						  q_from_label(left), tv->rel->owner->name, tv->rel->name);
		/* join(Comment.replies) joins Comment to itself, whatever FROM the
		 * statement holds: SQLAlchemy wants of_type(aliased(Comment)) */
		if (!tv->target && tv->rel->target == tv->rel->owner && q_from_is_plain(tv->from))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "cannot join %s to itself through \"%s\"; use of_type(aliased(%s))",
						  tv->rel->owner->name, tv->rel->name, tv->rel->target->name);
		if (q_join_edge_done(s, tv->rel, tv->from, tv->target))
			return q_sel_val(e, s, call);	/* SQLAlchemy: already joined, not again */
		if (!left && !(left = q_join_rel_left(e, s, tv->from, tv->rel, call)))
			return NULL;
		target = q_join_overlap(e, s, tv->target ? tv->target :
								q_class_from(e, tv->rel->target->table, tv->rel->target));
		nj = s->joins.n;
		if (q_join_rel(e, s, tv->rel, left, target, outer, full, call) < 0)
			return NULL;
		for (int k = nj; k < s->joins.n; k++)
			((SxJoin *) s->joins.items[k])->via_from = tv->from;
		if (tv->expr)			/* join(User.posts.and_(crit)): ON ... AND crit */
		{
			SxJoin	   *j = s->joins.items[s->joins.n - 1];

			if (j->inner_target)
				j->inner_on = q_and2(e, j->inner_on, tv->expr);
			else
				j->on = q_and2(e, j->on, tv->expr);
		}
		return q_sel_val(e, s, call);
	}
	if (!(target = q_join_target_from(e, tv)) || q_check_new_target(e, s, target, call) < 0)
		return NULL;
	q_note_core_from(e, s, tv);
	if (ov && ov->kind == QV_REL)
	{
		if (q_join_edge_done(s, ov->rel, ov->from, target))
			return q_sel_val(e, s, call);
		target = q_join_overlap(e, s, target);
		nj = s->joins.n;
		if (q_join_rel(e, s, ov->rel, left ? left : ov->from, target, outer, full, call) < 0)
			return NULL;
		for (int k = nj; k < s->joins.n; k++)
			((SxJoin *) s->joins.items[k])->via_from = ov->from;
		return q_sel_val(e, s, call);
	}
	if (ov)
	{
		if (ov->kind == QV_LIT)		/* SQLAlchemy refuses join(Post, True) too */
			return Q_FAIL(e, ORM_ERR_QUERY, ov->node,
						  "an ON clause is an SQL expression or a relationship");
		if (!(on = q_to_criterion(e, ov, "an ON clause")))
			return NULL;
		if (!left && !(left = q_join_left_from_on(e, s, target, on, call)))
			return NULL;
	}
	else if (left)
	{
		int			n = q_fk_between(e, left, target, &on);

		if (n != 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "cannot join %s to %s: %s",
						  q_from_label(left), q_from_label(target),
						  n == 0 ? "no foreign key path" : "more than one foreign key path");
	}
	else if (q_infer_join(e, s, target, call, &left, &on) < 0)
		return NULL;
	{
		/* the left side found, a joined target overlapping it is aliased,
		 * its ON clause read through the alias as SQLAlchemy's adapter does */
		SxFrom	   *t0 = target;

		target = q_join_overlap(e, s, t0);
		if (target != t0)
			on = q_adapt(e, on, t0, target, true, 0);
	}
	q_add_join(e, s, left, target, on, outer, full, NULL);
	return q_sel_val(e, s, call);
}

/* ---- methods on select() ------------------------------------------------- */

/* where() / filter() (having false) and having() (true) */
static QVal *
q_sel_where(QEnv *e, QVal *recv, const PyNode *call, bool having)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);

	if (q_and_args(e, call, having ? &s->having : &s->where) < 0)
		return NULL;
	return q_sel_val(e, s, call);
}

/*
 * filter_by(k=v): against SQLAlchemy's _filter_by_zero(): the last join's
 * target (entity, table or subquery), else the first select_from() FROM,
 * else the first column's entity.  Its attribute (a table's or subquery's
 * column) by name; none of that name is an error, as SQLAlchemy raises.
 */
static QVal *
q_sel_filter_by(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	SxFrom	   *f = NULL;
	QVal	   *v,
			   *cv;
	int			i;

	if (!(call = q_expand_dstar(e, call)))	/* filter_by(**criteria) */
		return NULL;
	if (s->joins.n > 0)
		f = sx_join_end(s->joins.items[s->joins.n - 1]);
	else if (s->froms.n > 0)
		f = s->froms.items[0];
	else if (s->items.n > 0)
	{
		SxExpr	   *x = ((SxItem *) s->items.items[0])->expr;

		if (x && (x->kind == SX_ENTITY || x->kind == SX_COLUMN || x->kind == SX_FROMCOL))
			f = x->from;
	}
	if (!f)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "filter_by() has no entity to filter");
	for (i = 0; i < call->nkw; i++)
	{
		const char *k = call->kwnames[i];

		if (!k)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "filter_by() takes keyword arguments");
		if (f->cls)
		{
			QVal		ev = {.kind = QV_ENTITY, .cls = f->cls, .from = f, .node = call};

			if (!(cv = q_attr_entity(e, &ev, k, call->kwvalues[i])))
				return NULL;
			if (cv->kind != QV_EXPR)
				return Q_FAIL(e, ORM_ERR_QUERY, call->kwvalues[i],
							  "filter_by() on relationship \"%s\" is not supported", k);
		}
		else if (f->kind == SXF_TABLE)
		{
			OrmColumn  *c = orm_table_col(f->table, k);

			if (!c)
				return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_ATTR, call->kwvalues[i], k,
								 f->table ? f->table->name : NULL, "%s has no column \"%s\"",
							  q_from_label(f), k);
			cv = q_expr_val(e, sx_column(e->a, f, c), call->kwvalues[i]);
		}
		else if (!(cv = q_subq_col(e, f, k, call->kwvalues[i])))
			return NULL;
		if (!(v = q_eval(e, call->kwvalues[i])) || !(v = q_compare(e, SXOP_EQ, cv, v, call)))
			return NULL;
		s->where = q_and2(e, s->where, v->expr);
	}
	return q_sel_val(e, s, call);
}

/*
 * order_by("name") / desc("name") / group_by("name"): a reference by name
 * (compile.c: label index -2), resolved by the compiler against the final
 * statement's select list and FROMs, as SQLAlchemy resolves it.
 */
static SxExpr *
q_label_ref(QEnv *e, const char *name, const PyNode *node)
{
	SxExpr	   *x = q_sx(e, SX_LABEL, NULL);

	x->name = name;
	x->index = -2;
	x->line = node->line;
	x->column = node->col;
	return x;
}

/* An ORDER BY item: names given as strings (also inside desc("n")) resolved. */
static SxExpr *
q_order_item(QEnv *e, QVal *v)
{
	SxExpr	   *x,
			   *o;

	if (q_str_arg(v))
		return q_label_ref(e, q_str_arg(v), v->node);
	if (!(x = q_to_expr(e, v, NULL)))
		return NULL;
	if (x->kind == SX_ORDER && x->left->kind == SX_LABEL && x->left->index == -3)
	{
		o = ORM_NEW(e->a, SxExpr);
		*o = *x;
		o->left = q_label_ref(e, x->left->name, v->node);
		return o;
	}
	return x;
}

/* one order_by / group_by argument's value v into vec; None resets */
static int
q_sel_exprlist_one(QEnv *e, OrmPtrVec *vec, QVal *v, bool group)
{
	SxExpr	   *x;

	if (q_is_lit_kind(v, JSON_NULL))
	{
		memset(vec, 0, sizeof(*vec));
		return 0;
	}
	if ((v->kind == QV_LIT && !q_str_arg(v)) || v->kind == QV_LIST)
	{
		Q_FAIL(e, ORM_ERR_QUERY, v->node, "%s expression expected here",
			   group ? "a GROUP BY" : "an ORDER BY");
		return -1;
	}
	if (v->kind == QV_EXPR && v->comp)
	{
		/* a composite: its columns, in its fields' order (as SQLAlchemy's clause list) */
		for (int j = 0; j < v->comp->n; j++)
		{
			x = sx_column(e->a, v->from, v->comp->cols[j]);
			x->type = &v->comp->cols[j]->type;
			orm_vec_push(e->a, vec, x);
		}
		return 0;
	}
	if (group && v->kind == QV_ENTITY && v->cls && v->from)
	{
		/* group_by(User): every column of the entity, as SQLAlchemy expands it */
		OrmColumn **cols;
		int			n = sx_entity_cols(e->a, v->from, v->cls, &cols);

		for (int k = 0; k < n; k++)
			orm_vec_push(e->a, vec, sx_column(e->a, v->from, cols[k]));
		return 0;
	}
	/* group_by("name") is a reference to the select list, as order_by("name")
	 * is (a bound string would group everything into one group) */
	if (!(x = group && !q_str_arg(v) ? q_to_expr(e, v, NULL) : q_order_item(e, v)))
		return -1;
	if (group && x->kind == SX_ORDER)
	{
		Q_FAIL(e, ORM_ERR_QUERY, v->node, "group_by() takes no ASC / DESC");
		return -1;
	}
	orm_vec_push(e->a, vec, x);
	return 0;
}

/* order_by / group_by: None resets; *cols spreads a list or tuple */
static QVal *
q_sel_exprlist(QEnv *e, QVal *recv, const PyNode *call, bool group)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	OrmPtrVec  *vec = group ? &s->group_by : &s->order_by;
	QVal	   *v;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		const PyNode *an = call->items[i];

		if (an->kind == PY_STARRED)
		{
			if (!(v = q_eval(e, an->a)))
				return NULL;
			if (v->kind != QV_LIST)
				return Q_FAIL(e, ORM_ERR_QUERY, an, "*%s() arguments must be a list or tuple",
							  group ? "group_by" : "order_by");
			for (int k = 0; k < v->n; k++)
				if (q_sel_exprlist_one(e, vec, v->items[k], group) < 0)
					return NULL;
			continue;
		}
		if (!(v = q_eval(e, an)) || q_sel_exprlist_one(e, vec, v, group) < 0)
			return NULL;
	}
	return q_sel_val(e, s, call);
}

/* An integer literal argument (NULL for None); *err on anything else. */
static SxExpr *
q_int_param(QEnv *e, QVal *v, const char *what, bool *err)
{
	*err = false;
	if (q_is_lit_kind(v, JSON_NULL))
		return NULL;
	if (v->kind != QV_LIT || v->json->kind != JSON_NUMBER || !v->json->is_int)
	{
		*err = true;
		return Q_FAIL(e, ORM_ERR_QUERY, v->node, "%s() takes an integer", what);
	}
	return q_param(e, v, &q_t_int);
}

/* with_for_update(nowait=, read=, skip_locked=, key_share=, of=) */
static QVal *
q_sel_for_update(QEnv *e, QVal *recv, const PyNode *call)
{
	static const struct
	{
		const char *kw;
		unsigned	bit;
	}			flags[] = {
		{"nowait", SX_FOR_NOWAIT}, {"read", SX_FOR_READ},
		{"skip_locked", SX_FOR_SKIP_LOCKED}, {"key_share", SX_FOR_KEY_SHARE},
	};
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *of;
	int			err = 0;

	s->for_update = SX_FOR_UPDATE;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (q_kw_true(e, call, flags[i].kw, &err))
			s->for_update |= flags[i].bit;
	if (err || q_kwarg(e, call, "of", &of) < 0)
		return NULL;
	for (int i = 0; of && i < (of->kind == QV_LIST ? of->n : 1); i++)
	{
		QVal	   *v = of->kind == QV_LIST ? of->items[i] : of;

		if (v->kind == QV_EXPR && v->expr->kind == SX_COLUMN)
			orm_vec_push(e->a, &s->for_update_of, v->expr->from);
		else if (v->kind == QV_ENTITY || v->kind == QV_TABLE)
			orm_vec_push(e->a, &s->for_update_of, v->from);
		else
			return Q_FAIL(e, ORM_ERR_QUERY, v->node, "with_for_update(of=) takes entities or columns");
	}
	return q_sel_val(e, s, call);
}

/*
 * slice(start, stop): LIMIT / OFFSET as SQLAlchemy's _make_slice computes
 * them: OFFSET the current offset + start (none when 0), LIMIT stop - start,
 * either side None leaving its clause alone.  Negative results are passed
 * through as SQLAlchemy passes them (SQLite reads a negative LIMIT as none,
 * PostgreSQL refuses it); a result beyond 64 bits is an error.
 */
static QVal *
q_sel_slice(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *a = q_arg(e, call, 0, "slice"),
			   *b = a ? q_arg(e, call, 1, "slice") : NULL;
	bool		has_a,
				has_b;
	int64_t		off = 0,
				v;

	if (!a || !b)
		return NULL;
	has_a = !q_is_lit_kind(a, JSON_NULL);
	has_b = !q_is_lit_kind(b, JSON_NULL);
	if ((has_a && (a->kind != QV_LIT || a->json->kind != JSON_NUMBER || !a->json->is_int)) ||
		(has_b && (b->kind != QV_LIT || b->json->kind != JSON_NUMBER || !b->json->is_int)))
		return Q_FAIL(e, ORM_ERR_QUERY, call, "slice() takes two integers");
	if (has_a)
	{
		if (s->offset && s->offset->kind == SX_PARAM && s->offset->value.kind == ORM_V_INT)
			off = s->offset->value.i;
		if (__builtin_add_overflow(off, a->json->ival, &v))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "integer overflow: the slice's offset does not fit in a 64-bit integer");
		s->offset = v == 0 ? NULL : q_param(e, q_lit(e, json_new_int(e->a, v), call), &q_t_int);
		if (v != 0 && !s->offset)
			return NULL;
	}
	if (has_b)
	{
		if (has_a ? __builtin_sub_overflow(b->json->ival, a->json->ival, &v) :
			(v = b->json->ival, false))
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "integer overflow: the slice's limit does not fit in a 64-bit integer");
		if (!(s->limit = q_param(e, q_lit(e, json_new_int(e->a, v), call), &q_t_int)))
			return NULL;
		s->fetch = 0;
	}
	return q_sel_val(e, s, call);
}

static QVal *
q_sel_limit(QEnv *e, QVal *recv, const PyNode *call, bool offset)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v = q_arg(e, call, 0, offset ? "offset" : "limit");
	SxExpr	   *x = NULL;
	bool		err;

	if (!v)
		return NULL;
	x = q_int_param(e, v, offset ? "offset" : "limit", &err);
	if (err || (!x && !q_is_lit_kind(v, JSON_NULL)))
		return NULL;
	if (offset)
		s->offset = x;
	else
	{
		s->limit = x;
		s->fetch = 0;			/* limit() replaces a fetch(), as in SQLAlchemy */
	}
	return q_sel_val(e, s, call);
}

/* ---- Select.params(k=v): values for its bindparam()s ---- */

typedef struct QParamsWalk
{
	QEnv	   *e;
	const char *key;
	QVal	   *val;			/* the value params() gives key */
	const PyNode *node;
	long		budget;			/* nodes left (shared subtrees count each time) */
	int			rc;
} QParamsWalk;

static void qp_select(QParamsWalk *w, SxSelect *s, int depth);

/* A bindparam() the call's params did not name: params() binds key's value. */
static void
qp_param(QParamsWalk *w, SxExpr *x)
{
	QVal		lit = *w->val;
	SxExpr	   *nx;

	if (!x->bind_soft || !x->param_key || strcmp(x->param_key, w->key) != 0)
		return;
	lit.param_key = x->param_key;
	lit.bind_soft = true;
	lit.bind_pending = false;
	/* as the type it was bound as: the column's it met (none for a value
	 * of unknown type, or a pending one with nothing to compare with) */
	if (!(nx = q_param(w->e, &lit, x->type)))
	{
		w->rc = -1;
		return;
	}
	x->value = nx->value;
	x->type = nx->type;
	x->bind_pending = false;
}

static void
qp_expr(QParamsWalk *w, SxExpr *x, int depth)
{
	if (!x || w->rc < 0)
		return;
	if (depth > SX_MAX_DEPTH || --w->budget < 0)
	{
		w->rc = -1;
		q_fail(w->e, ORM_ERR_QUERY, w->node, "the statement is too large for params()");
		return;
	}
	if (x->kind == SX_PARAM)
		qp_param(w, x);
	qp_expr(w, x->left, depth + 1);
	qp_expr(w, x->right, depth + 1);
	qp_expr(w, x->third, depth + 1);
	qp_expr(w, x->filter, depth + 1);
	qp_expr(w, x->frame_n[0], depth + 1);
	qp_expr(w, x->frame_n[1], depth + 1);
	for (int i = 0; i < x->nargs; i++)
		qp_expr(w, x->args[i], depth + 1);
	for (int i = 0; i < x->npartition; i++)
		qp_expr(w, x->partition_by[i], depth + 1);
	for (int i = 0; i < x->nover_order; i++)
		qp_expr(w, x->over_order[i], depth + 1);
	if (x->select)
		qp_select(w, x->select, depth + 1);
}

static void
qp_from(QParamsWalk *w, SxFrom *f, int depth)
{
	if (f && f->select && (f->kind == SXF_SUBQUERY || f->kind == SXF_CTE))
		qp_select(w, f->select, depth + 1);
}

static void
qp_exprs(QParamsWalk *w, OrmPtrVec *v, int depth)
{
	for (int i = 0; i < v->n; i++)
		qp_expr(w, v->items[i], depth);
}

static void
qp_select(QParamsWalk *w, SxSelect *s, int depth)
{
	if (!s || w->rc < 0)
		return;
	if (depth > SX_MAX_DEPTH)
	{
		w->rc = -1;
		q_fail(w->e, ORM_ERR_QUERY, w->node, "the statement is too large for params()");
		return;
	}
	for (int i = 0; i < s->items.n; i++)
		qp_expr(w, ((SxItem *) s->items.items[i])->expr, depth + 1);
	for (int i = 0; i < s->froms.n; i++)
		qp_from(w, s->froms.items[i], depth);
	for (int i = 0; i < s->joins.n; i++)
	{
		SxJoin	   *j = s->joins.items[i];

		qp_from(w, j->target, depth);
		qp_from(w, j->inner_target, depth);
		qp_expr(w, j->on, depth + 1);
		qp_expr(w, j->inner_on, depth + 1);
	}
	qp_expr(w, s->where, depth + 1);
	qp_exprs(w, &s->group_by, depth + 1);
	qp_expr(w, s->having, depth + 1);
	qp_exprs(w, &s->order_by, depth + 1);
	qp_expr(w, s->limit, depth + 1);
	qp_expr(w, s->offset, depth + 1);
	qp_exprs(w, &s->distinct_on, depth + 1);
	for (int i = 0; i < s->parts.n; i++)
		qp_select(w, s->parts.items[i], depth + 1);
	qp_from(w, s->from_statement, depth);
}

/* params() applies one value */
static int
q_sel_param(QEnv *e, SxSelect *s, const char *key, QVal *v, const PyNode *node)
{
	QParamsWalk w = {.e = e, .key = key, .val = v, .node = node,
	.budget = SX_MAX_NODES};

	if (v->kind != QV_LIT)
	{
		q_fail(e, ORM_ERR_UNSUPPORTED, node,
			   "params() takes literal values (a string, number, bool or None)");
		return -1;
	}
	qp_select(&w, s, 0);
	return w.rc;
}

/*
 * Select.params(k=v, ...) / params({"k": v}): the value of each
 * bindparam("k") in the statement (its subqueries too) that the call's
 * params do not name -- those win, as execute()'s params do in SQLAlchemy,
 * over params(), over bindparam(value=); a later params() over an earlier
 * one.  Keys naming no bindparam() are ignored, as in SQLAlchemy.  The
 * values are set in the statement's tree, which a statement built from it
 * shares: two params() of one statement in one text give both the last.
 */
static QVal *
q_sel_params(QEnv *e, QVal *recv, const PyNode *call)
{
	if (call->nitems > 1)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "params() takes one dict or keyword arguments");
	if (call->nitems == 1)
	{
		QVal	   *d = q_eval(e, call->items[0]);

		if (!d)
			return NULL;
		if (d->kind != QV_DICT)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[0], "params() takes a dict");
		for (int i = 0; i < d->n; i++)
		{
			QVal	   *k = d->items[i];

			if (k->kind != QV_LIT || k->json->kind != JSON_STRING)
				return Q_FAIL(e, ORM_ERR_QUERY, k->node ? k->node : call,
							  "params() keys are names (strings)");
			if (q_sel_param(e, recv->sel, orm_strndup(e->a, k->json->str, k->json->len),
							d->values[i], d->values[i]->node ? d->values[i]->node : call) < 0)
				return NULL;
		}
	}
	for (int i = 0; i < call->nkw; i++)
	{
		QVal	   *v;

		if (!call->kwnames[i])
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call->kwvalues[i],
						  "params(**...) is not supported: name each value");
		if (!(v = q_eval(e, call->kwvalues[i])) ||
			q_sel_param(e, recv->sel, call->kwnames[i], v, call->kwvalues[i]) < 0)
			return NULL;
	}
	return recv;
}

/*
 * fetch(count, with_ties=False, percent=False): SQLAlchemy writes OFFSET n ROWS
 * FETCH FIRST count ROWS ONLY / WITH TIES and replaces any limit(). SQLite
 * does not parse FETCH (SQLAlchemy's statement fails there) and PostgreSQL has
 * no PERCENT: both are refused when the statement is compiled.
 */
static QVal *
q_sel_fetch(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v = q_arg(e, call, 0, "count");
	SxExpr	   *x;
	bool		err;
	int			kerr = 0;
	bool		ties,
				percent;

	if (!v)
		return NULL;
	ties = q_kw_true(e, call, "with_ties", &kerr);
	percent = q_kw_true(e, call, "percent", &kerr);
	if (kerr)
		return NULL;
	x = q_int_param(e, v, "fetch", &err);
	if (err)
		return NULL;
	s->limit = x;
	/* refused where it is written (compile.c), as a later limit() replaces it */
	s->fetch = x ? ((ties ? SX_FETCH_TIES : SX_FETCH_ONLY) | (percent ? SX_FETCH_PERCENT : 0)) : 0;
	return q_sel_val(e, s, call);
}

static QVal *
q_sel_distinct(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v;
	SxExpr	   *x;
	int			i;

	s->distinct = true;
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])) || !(x = q_to_expr(e, v, NULL)))
			return NULL;
		orm_vec_push(e->a, &s->distinct_on, x);
	}
	return q_sel_val(e, s, call);
}

static void q_from_statement_exprs(QEnv *e, SxSelect *s);

static QVal *
q_sel_options(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		const PyNode *an = call->items[i];
		bool		star = an->kind == PY_STARRED;

		/* options(*opts): a list of loader options spread */
		if (!(v = q_eval(e, star ? an->a : an)))
			return NULL;
		if (star && v->kind != QV_LIST)
			return Q_FAIL(e, ORM_ERR_QUERY, an, "options() argument after * must be an iterable");
		if (q_attach_opts(e, s, v) < 0)
			return NULL;
	}
	q_from_statement_exprs(e, s);
	return q_sel_val(e, s, call);
}

/* select_from(j) of a Core join: its left FROM, then its joins */
static int
q_add_join_value(QEnv *e, SxSelect *s, QVal *v)
{
	SxSelect   *js = v->sel;

	q_push_from(e, &s->froms, js->froms.items[0]);
	for (int k = 0; k < js->joins.n; k++)
	{
		SxJoin	   *j = js->joins.items[k];

		if (q_check_new_target(e, s, j->target, v->node) < 0 ||
			(j->inner_target && q_check_new_target(e, s, j->inner_target, v->node) < 0))
			return -1;
		orm_vec_push(e->a, &s->joins, j);
	}
	/* its tables named through Table (User.__table__) stay Core's in s:
	 * select(...).select_from(users.outerjoin(posts)) is a Core statement */
	for (int k = 0; k < js->core_froms.n; k++)
	{
		bool		have = false;

		for (int m = 0; m < s->core_froms.n && !have; m++)
			have = s->core_froms.items[m] == js->core_froms.items[k];
		if (!have)
			orm_vec_push(e->a, &s->core_froms, js->core_froms.items[k]);
	}
	return 0;
}

static QVal *
q_sel_select_from(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v;
	SxFrom	   *f;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (v->kind == QV_JOIN)
		{
			if (q_add_join_value(e, s, v) < 0)
				return NULL;
			continue;
		}
		if (!(f = q_join_target_from(e, v)))
			return NULL;
		q_note_core_from(e, s, v);
		orm_vec_push(e->a, &s->froms, f);
	}
	return q_sel_val(e, s, call);
}

static QVal *
q_sel_correlate(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v;
	SxFrom	   *f;
	int			i;

	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (q_is_lit_kind(v, JSON_NULL))
		{
			s->correlate_none = true;
			continue;
		}
		if (!(f = q_join_target_from(e, v)))
			return NULL;
		orm_vec_push(e->a, &s->correlate, f);
	}
	return q_sel_val(e, s, call);
}

/* correlate_except(X, ...): correlate every enclosing FROM but these (None: all) */
static QVal *
q_sel_correlate_except(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v;
	SxFrom	   *f;

	for (int i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (q_is_lit_kind(v, JSON_NULL))
			continue;
		if (!(f = q_join_target_from(e, v)))
			return NULL;
		orm_vec_push(e->a, &s->correlate_except, f);
	}
	s->correlate_all = true;
	return q_sel_val(e, s, call);
}

static QVal *
q_sel_add_columns(QEnv *e, QVal *recv, const PyNode *call, bool only)
{
	SxSelect   *s = q_sel_copy(e, recv->sel);
	QVal	   *v;
	int			i;

	if (only)
	{
		/* SQLAlchemy's select keeps the ORM plugin its columns gave it */
		for (i = s->woc_items; i < s->items.n; i++)
			if (((SxItem *) s->items.items[i])->expr)
				orm_vec_push(e->a, &s->replaced, ((SxItem *) s->items.items[i])->expr);
		memset(&s->items, 0, sizeof(s->items));
	}
	for (i = 0; i < call->nitems; i++)
	{
		const PyNode *an = call->items[i];

		if (an->kind == PY_STARRED)
		{
			/* with_only_columns(*cols) / add_columns(*cols) of a list the text built */
			if (!(v = q_eval(e, an->a)))
				return NULL;
			if (v->kind != QV_LIST)
				return Q_FAIL(e, ORM_ERR_QUERY, an, "argument after * must be an iterable");
			for (int k = 0; k < v->n; k++)
				if (q_add_item(e, s, v->items[k]) < 0)
					return NULL;
			continue;
		}
		if (!(v = q_eval(e, an)) || q_add_item(e, s, v) < 0)
			return NULL;
	}
	if (only)
		s->woc_items = s->items.n;
	return q_sel_val(e, s, call);
}

/*
 * A subquery of an entity has its column_property() expressions too (not
 * deferred ones), before its columns, unnamed ("_no_label" in Row._fields),
 * as SQLAlchemy's subquery of select(Entity) has them.  NULL on error.
 */
static SxSelect *
q_subq_xattrs(QEnv *e, SxSelect *s)
{
	SxSelect   *c;
	bool		any = false;

	for (int i = 0; i < s->items.n && s->compound == SXC_NONE; i++)
	{
		const SxItem *it = s->items.items[i];

		for (int k = 0; it->expr && it->expr->kind == SX_ENTITY && it->expr->from->cls &&
			 k < it->expr->from->cls->nxattrs; k++)
			any = any || (it->expr->from->cls->xattrs[k]->kind == ORM_XA_EXPR &&
						  !it->expr->from->cls->xattrs[k]->deferred);
	}
	if (!any)
		return s;
	c = q_sel_copy(e, s);
	memset(&c->items, 0, sizeof(c->items));
	for (int i = 0; i < s->items.n; i++)
	{
		SxItem	   *it = s->items.items[i];
		OrmClass   *cls = it->expr && it->expr->kind == SX_ENTITY ? it->expr->from->cls : NULL;

		for (int k = 0; cls && k < cls->nxattrs; k++)
		{
			const OrmXattr *p = cls->xattrs[k];
			QVal	   *ev,
					   *xv;

			if (p->kind != ORM_XA_EXPR || p->deferred)
				continue;
			ev = q_entity(e, it->expr->from, NULL);
			ev->cls = cls;
			if (!(xv = q_xattr(e, p, ev, NULL, 0, NULL)))
				return NULL;
			sx_select_add_item(e->a, c, xv->expr->kind == SX_LABEL ? xv->expr->left : xv->expr, NULL);
		}
		orm_vec_push(e->a, &c->items, it);
	}
	return c;
}

/*
 * A ConcreteBase class's union entity (sql/concrete.c) is loaded by the
 * statement selecting it only: in a subquery, CTE or set operation its
 * rows would lose their classes.  Refused there (-1).
 */
int
q_union_entity_refuse(QEnv *e, const SxSelect *s, const PyNode *node)
{
	for (int p = -1; p < s->parts.n; p++)
	{
		const SxSelect *q = p < 0 ? s : s->parts.items[p];

		for (int i = 0; q && i < q->items.n; i++)
		{
			const SxItem *it = q->items.items[i];

			if (it->expr && it->expr->kind == SX_ENTITY && it->expr->from->union_type)
				return Q_FAIL(e, ORM_ERR_UNSUPPORTED, node,
							  "ConcreteBase class %s's polymorphic union in a subquery, CTE or "
							  "set operation is not supported", it->expr->from->cls->name),
					-1;
		}
	}
	return 0;
}

static QVal *
q_sel_subquery(QEnv *e, QVal *recv, const PyNode *call, bool cte)
{
	SxFrom	   *f = sx_from_table(e->a, NULL, NULL);	/* for a fresh id */
	QVal	   *v,
			   *nv = NULL;
	int			err = 0;

	f->kind = cte ? SXF_CTE : SXF_SUBQUERY;
	if (q_union_entity_refuse(e, recv->sel, call) < 0)
		return NULL;
	if (!(f->select = q_subq_xattrs(e, recv->sel)))
		return NULL;
	if (call->nitems > 0 && !(nv = q_eval(e, call->items[0])))
		return NULL;
	if (!nv && q_kwarg(e, call, "name", &nv) < 0)
		return NULL;
	if (nv && q_str_arg(nv))
		f->name = q_str_arg(nv);
	f->recursive = cte && q_kw_true(e, call, "recursive", &err);
	if (err)
		return NULL;
	v = q_new(e, QV_SUBQ, call);
	v->from = f;
	return v;
}

/*
 * stmt.c / stmt.columns of a select or compound select (SQLAlchemy 2.0's
 * deprecated SelectBase.c, still working): the columns of an anonymous
 * subquery of stmt, made once per statement so that every stmt.c names
 * the same FROM (SQLAlchemy's memoized _implicit_subquery).
 */
QVal *
q_sel_implicit_c(QEnv *e, QVal *recv, const PyNode *node)
{
	SxFrom	   *f = recv->sel->implicit_subq;
	QVal	   *v;

	if (!f)
	{
		f = sx_from_table(e->a, NULL, NULL);	/* for a fresh id */
		f->kind = SXF_SUBQUERY;
		if (q_union_entity_refuse(e, recv->sel, node) < 0)
			return NULL;
		if (!(f->select = q_subq_xattrs(e, recv->sel)))
			return NULL;
		recv->sel->implicit_subq = f;
	}
	v = q_new(e, QV_SUBQ_C, node);
	v->from = f;
	return v;
}

static QVal *
q_sel_compound(QEnv *e, QVal *recv, const PyNode *call, SxCompound kind)
{
	SxSelect   *s = sx_select_new(e->a);
	QVal	   *v;
	int			i;

	s->compound = kind;
	orm_vec_push(e->a, &s->parts, recv->sel);
	for (i = 0; i < call->nitems; i++)
	{
		if (!(v = q_eval(e, call->items[i])))
			return NULL;
		if (v->kind != QV_SELECT)
			return Q_FAIL(e, ORM_ERR_QUERY, call->items[i], "expected a select()");
		orm_vec_push(e->a, &s->parts, v->sel);
	}
	if (q_union_entity_refuse(e, s, call) < 0)
		return NULL;
	q_vec_copy(e->a, &s->items, &recv->sel->items);
	return q_sel_val(e, s, call);
}

/*
 * with_expression(attr, stmt.selected_columns.x) on select(...).from_statement(stmt):
 * the expression is one of stmt's columns (a compound's: of its first
 * part), which SQLAlchemy finds in the statement's result; here it is that
 * column of the from_statement FROM.  Options given before from_statement()
 * and after it both come here; an option changed is copied (the select it
 * came from keeps its own).  An expression that is not one of stmt's
 * columns loads nothing (SQLAlchemy leaves the attribute unloaded).
 */
static void
q_from_statement_exprs(QEnv *e, SxSelect *s)
{
	SxFrom	   *f = s->from_statement;
	SxSelect   *first;
	const char **names;
	const OrmType **types;

	if (!f || !f->select)
		return;
	first = f->select;
	while (first->compound != SXC_NONE && first->parts.n > 0)
		first = first->parts.items[0];
	for (int i = 0; i < s->options.n; i++)
	{
		SxLoadOpt  *o = s->options.items[i];
		SxLoadOpt  *c;
		int			k = 0,
					j;

		if (o->colopt != SXCO_WITH_EXPR || !o->with_expr ||
			(o->with_expr->kind == SX_FROMCOL && o->with_expr->from == f))
			continue;
		for (j = 0; j < first->items.n; j++)
		{
			SxExpr	   *x = ((SxItem *) first->items.items[j])->expr;
			OrmColumn **cols;
			QVal	   *cv;

			if (x && x->kind == SX_ENTITY && x->from->cls)
			{
				k += sx_entity_cols(e->a, x->from, x->from->cls, &cols);
				continue;
			}
			if (x && x->kind == SX_BUNDLE)
			{
				k += x->nargs;
				continue;
			}
			if (x != o->with_expr)
			{
				k++;
				continue;
			}
			if (k < q_subq_cols(e, f, &names, &types) &&
				(cv = q_subq_col(e, f, names[k], NULL)) != NULL)
			{
				c = ORM_NEW(e->a, SxLoadOpt);
				*c = *o;
				c->with_expr = cv->expr;
				s->options.items[i] = c;
			}
			break;
		}
		if (j < first->items.n)
			continue;
		/* not one of stmt's columns: SQLAlchemy finds nothing in the row to
		 * load, and the attribute stays unloaded -- a defer() of it */
		c = ORM_NEW(e->a, SxLoadOpt);
		*c = *o;
		c->colopt = SXCO_DEFER;
		c->with_expr = NULL;
		s->options.items[i] = c;
	}
}

/*
 * select(User).from_statement(stmt): stmt's rows (a select or a compound),
 * read as select(User) would read them, the entity's columns matched to
 * stmt's by name, as SQLAlchemy matches them.  The select keeps its items
 * (and options), mapped onto a subquery FROM of stmt; compile.c runs stmt
 * itself (sqlexpr.h, from_statement).
 */
static QVal *
q_sel_from_statement(QEnv *e, QVal *recv, const PyNode *call)
{
	SxSelect   *s = sx_select_new(e->a);
	QVal	   *v = q_arg(e, call, 0, "from_statement");
	SxFrom	   *f;

	if (!v)
		return NULL;
	if (v->kind != QV_SELECT)
		return Q_FAIL(e, ORM_ERR_QUERY, v->node, "from_statement() takes a select() or union()");
	if (call->nitems > 1 || call->nkw > 0)
		return Q_FAIL(e, ORM_ERR_QUERY, call, "from_statement() takes one statement");
	f = sx_from_table(e->a, NULL, NULL);
	f->kind = SXF_SUBQUERY;
	f->select = v->sel;
	s->line = recv->sel->line;
	s->col = recv->sel->col;
	q_vec_copy(e->a, &s->options, &recv->sel->options);
	orm_vec_push(e->a, &s->froms, f);
	for (int i = 0; i < recv->sel->items.n; i++)
	{
		SxItem	   *it = recv->sel->items.items[i];
		SxExpr	   *x = it->expr;
		QVal	   *iv;

		if (x && x->kind == SX_ENTITY && x->from->cls && x->from->kind == SXF_TABLE)
		{
			if ((iv = q_subq_entity(e, x->from->cls, f, it->key, true, call)) != NULL)
				iv->from->plain_entity = true;
		}
		else if (x && x->kind == SX_COLUMN)
			iv = q_subq_col(e, f, x->col->name, call);
		else
			return Q_FAIL(e, ORM_ERR_UNSUPPORTED, call,
						  "from_statement() of a select of entities and columns only");
		if (!iv || q_add_item(e, s, iv) < 0)
			return NULL;
		((SxItem *) s->items.items[s->items.n - 1])->key = it->key;
	}
	s->from_statement = f;
	/* session.query(User).from_statement(stmt): still a Query (.one(), .all()) */
	s->legacy_query = recv->sel->legacy_query;
	q_from_statement_exprs(e, s);
	return q_sel_val(e, s, call);
}

static bool
q_compound_name(const char *m, SxCompound *out)
{
	static const struct
	{
		const char *name;
		SxCompound	kind;
	}			tab[] = {
		{"union", SXC_UNION}, {"union_all", SXC_UNION_ALL}, {"intersect", SXC_INTERSECT},
		{"intersect_all", SXC_INTERSECT_ALL}, {"except_", SXC_EXCEPT},
		{"except_all", SXC_EXCEPT_ALL},
	};
	size_t		i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].name, m) == 0)
		{
			*out = tab[i].kind;
			return true;
		}
	return false;
}

/*
 * What a compound select (union() and friends) has: SQLAlchemy's
 * CompoundSelect is a GenerativeSelect (order_by, group_by, limit, offset,
 * slice, with_for_update) without where(), join(), columns or further set
 * operations of its own, and raises AttributeError for them.  Allowing them here would change a part's shape behind the
 * compound's back (rows read with the wrong columns) or drop the clause.
 */
static bool
q_compound_has_method(const char *m)
{
	static const char *const ok[] = {"order_by", "group_by", "limit", "offset", "slice",
		"with_for_update", "subquery", "alias", "cte", "scalar_subquery", "as_scalar",
	"exists", "label", "execution_options", "options", "params", NULL};

	for (int i = 0; ok[i]; i++)
		if (strcmp(ok[i], m) == 0)
			return true;
	return false;
}

static QVal *q_select_method_inner(QEnv *e, QVal *recv, const char *m, const PyNode *call);

QVal *
q_select_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	if (recv->sel->raw && strcmp(m, "bindparams") == 0)
	{
		/* text(...).columns(...).bindparams(k=v): the text's values */
		SxSelect   *s = q_sel_copy(e, recv->sel);
		QVal	   *rv = q_call_method(e, q_expr_val(e, s->raw, call), m, call);

		if (!rv)
			return NULL;
		s->raw = rv->expr;
		return q_sel_val(e, s, call);
	}
	if (recv->sel->raw && strcmp(m, "subquery") != 0 && strcmp(m, "alias") != 0 &&
		strcmp(m, "cte") != 0 && strcmp(m, "execution_options") != 0)
		return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL,
						 "a textual select (text().columns()) has no method \"%s\"; select from "
						 ".subquery(), or use it in from_statement()", m);
	if (recv->sel->compound != SXC_NONE && !q_compound_has_method(m))
		return Q_FAIL(e, ORM_ERR_QUERY, call,
					  "a compound select (union(), intersect(), except_()) has no method \"%s\"; "
					  "apply it to a part, or select from .subquery()", m);

	if (recv->sel->adapt.n > 0 &&
		(strcmp(m, "where") == 0 || strcmp(m, "filter") == 0 || strcmp(m, "having") == 0 ||
		 strcmp(m, "order_by") == 0 || strcmp(m, "group_by") == 0))
	{
		/* criteria after a join that aliased a joined entity read through it */
		QVal	   *v = q_select_method_inner(e, recv, m, call);

		if (v && v->kind == QV_SELECT)
			for (int i = 0; i < v->sel->adapt.n; i++)
			{
				SxFrom	   *a = v->sel->adapt.items[i];

				q_adapt_sel(e, v->sel, a, a);
			}
		return v;
	}
	return q_select_method_inner(e, recv, m, call);
}

static QVal *
q_select_method_inner(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxCompound	ck;
	SxExpr	   *x;

	if (strcmp(m, "where") == 0 || strcmp(m, "filter") == 0 || strcmp(m, "having") == 0)
		return q_sel_where(e, recv, call, m[0] == 'h');
	if (strcmp(m, "filter_by") == 0)
		return q_sel_filter_by(e, recv, call);
	if (strcmp(m, "join") == 0)
		return q_sel_join(e, recv, call, false, false);
	if (strcmp(m, "outerjoin") == 0)
		return q_sel_join(e, recv, call, true, false);
	if (strcmp(m, "join_from") == 0)
		return q_sel_join(e, recv, call, false, true);
	if (strcmp(m, "outerjoin_from") == 0)
		return q_sel_join(e, recv, call, true, true);
	if (strcmp(m, "order_by") == 0)
		return q_sel_exprlist(e, recv, call, false);
	if (strcmp(m, "group_by") == 0)
		return q_sel_exprlist(e, recv, call, true);
	if (strcmp(m, "slice") == 0)
		return q_sel_slice(e, recv, call);
	if (strcmp(m, "with_for_update") == 0)
		return q_sel_for_update(e, recv, call);
	if (strcmp(m, "limit") == 0)
		return q_sel_limit(e, recv, call, false);
	if (strcmp(m, "offset") == 0)
		return q_sel_limit(e, recv, call, true);
	if (strcmp(m, "fetch") == 0)
		return q_sel_fetch(e, recv, call);
	if (strcmp(m, "params") == 0)
		return q_sel_params(e, recv, call);
	if (strcmp(m, "distinct") == 0)
		return q_sel_distinct(e, recv, call);
	if (strcmp(m, "options") == 0)
		return q_sel_options(e, recv, call);
	if (strcmp(m, "select_from") == 0)
		return q_sel_select_from(e, recv, call);
	if (strcmp(m, "correlate") == 0)
		return q_sel_correlate(e, recv, call);
	if (strcmp(m, "correlate_except") == 0)
		return q_sel_correlate_except(e, recv, call);
	if (strcmp(m, "lateral") == 0)
	{
		QVal	   *v = q_sel_subquery(e, recv, call, false);

		if (v)
			v->from->lateral = true;
		return v;
	}
	if (strcmp(m, "add_columns") == 0)
		return q_sel_add_columns(e, recv, call, false);
	if (strcmp(m, "with_only_columns") == 0)
		return q_sel_add_columns(e, recv, call, true);
	if (strcmp(m, "subquery") == 0 || strcmp(m, "alias") == 0)
		return q_sel_subquery(e, recv, call, false);
	if (strcmp(m, "cte") == 0)
		return q_sel_subquery(e, recv, call, true);
	if (strcmp(m, "scalar_subquery") == 0 || strcmp(m, "as_scalar") == 0)
	{
		SxSelect   *s = q_sel_copy(e, recv->sel);

		s->scalar = true;
		return q_expr_val(e, q_scalar_subq(e, s), call);
	}
	if (strcmp(m, "exists") == 0)
	{
		x = q_sx(e, SX_EXISTS, &q_t_bool);
		x->select = recv->sel;
		return q_expr_val(e, x, call);
	}
	if (strcmp(m, "label") == 0)
		return q_label(e, q_expr_val(e, q_scalar_subq(e, recv->sel), call), call);
	if (q_compound_name(m, &ck))
		return q_sel_compound(e, recv, call, ck);
	if (strcmp(m, "execution_options") == 0)
		return recv;			/* no effect on the SQL */
	if (strcmp(m, "from_statement") == 0)
		return q_sel_from_statement(e, recv, call);
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown select() method \"%s\"", m);
}

/* cte.union_all(select): the recursive CTE's body becomes anchor UNION ALL part. */
QVal *
q_subq_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	SxCompound	ck;
	QVal	   *sv;

	if (recv->from->tvf)
		return q_tvf_method(e, recv, m, call);
	if (recv->from->values)
		return q_values_method(e, recv, m, call);
	if (recv->from->kind == SXF_CTE && q_compound_name(m, &ck))
	{
		SxSelect   *anchor = recv->from->select;

		if (anchor->compound != SXC_NONE)	/* SQLAlchemy: CompoundSelect has no %s */
			return Q_FAIL(e, ORM_ERR_QUERY, call,
						  "this CTE's body is already a compound select; give every part "
						  "in one %s() call", m);
		if (!(sv = q_sel_compound(e, q_sel_val(e, anchor, call), call, ck)))
			return NULL;
		/* in place: references inside the recursive part are to this same CTE */
		recv->from->select = sv->sel;
		return recv;
	}
	if (strcmp(m, "alias") == 0 || strcmp(m, "subquery") == 0)
		return recv;
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown subquery method \"%s\"", m);
}

/* ---- Core joins: a.join(b, onclause), join(a, b), outerjoin(a, b) -------- */

/*
 * A Join construct (sqlalchemy.sql.join, Table.join, sqlalchemy.orm.join)
 * is kept as the FROM part of a select: sel's froms[0] is its left side,
 * its joins follow; select_from(j) takes it over.  Its ON clause is the
 * one given, a relationship's, or inferred from foreign keys, as a
 * select's join() finds it (SQLAlchemy's Join does the same).
 */
static QVal *
q_join_val(QEnv *e, SxSelect *s, const PyNode *node)
{
	QVal	   *v = q_new(e, QV_JOIN, node);

	v->sel = s;
	return v;
}

static QVal *
q_join_extend(QEnv *e, QVal *left, const PyNode *call, int base, bool outer)
{
	SxSelect   *s;
	QVal	   *r;
	PyNode	   *shifted;

	if (left->kind == QV_JOIN)
		s = q_sel_copy(e, left->sel);
	else if (left->kind == QV_TABLE || left->kind == QV_ENTITY || left->kind == QV_SUBQ)
	{
		s = sx_select_new(e->a);
		orm_vec_push(e->a, &s->froms, left->from);
		q_note_core_from(e, s, left);
	}
	else
		return Q_FAIL(e, ORM_ERR_QUERY, left->node, "cannot join from this");
	s->line = call->line;
	s->col = call->col;
	/* the arguments after the left side are a select's join() arguments */
	shifted = ORM_NEW(e->a, PyNode);
	*shifted = *call;
	shifted->items = call->items + base;
	shifted->nitems = call->nitems - base;
	if (!(r = q_sel_join(e, q_sel_val(e, s, call), shifted, outer, false)))
		return NULL;
	return q_join_val(e, r->sel, call);
}

/* join(left, right [, onclause], isouter=, full=) */
QVal *
qb_join(QEnv *e, const PyNode *call)
{
	QVal	   *l = q_arg(e, call, 0, "join");

	return l ? q_join_extend(e, l, call, 1, false) : NULL;
}

QVal *
qb_outerjoin(QEnv *e, const PyNode *call)
{
	QVal	   *l = q_arg(e, call, 0, "outerjoin");

	return l ? q_join_extend(e, l, call, 1, true) : NULL;
}

/* table.join(right, ...), j.join(...), j.outerjoin(...) */
QVal *
q_join_method(QEnv *e, QVal *recv, const char *m, const PyNode *call)
{
	if (strcmp(m, "join") == 0 || strcmp(m, "outerjoin") == 0)
		return q_join_extend(e, recv, call, 0, m[0] == 'o');
	if (recv->kind == QV_TABLE && (strcmp(m, "insert") == 0 || strcmp(m, "update") == 0 ||
								   strcmp(m, "delete") == 0))
		return q_table_dml(e, recv, m, call);
	if (strcmp(m, "select") == 0 && recv->kind == QV_TABLE)
	{
		/* users.select(): select(users) (SQLAlchemy 2.0's takes no arguments) */
		SxSelect   *s = sx_select_new(e->a);

		if (call->nitems > 0 || call->nkw > 0)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "select() of a table takes no arguments: "
						  "write table.select().where(...)");
		s->line = call->line;
		s->col = call->col;
		if (q_add_item(e, s, recv) < 0)
			return NULL;
		return q_sel_val(e, s, call);
	}
	if (strcmp(m, "alias") == 0 && recv->kind == QV_TABLE && recv->from->kind == SXF_TABLE)
	{
		/* table.alias([name]): an alias of the Table (user_account_1 when
		 * unnamed); a plain table's, not the class's: Core, as SQLAlchemy's */
		QVal	   *nv = NULL,
				   *t;

		if (call->nitems > 1)
			return Q_FAIL(e, ORM_ERR_QUERY, call, "alias() takes at most one argument, the name");
		if (call->nitems == 1 && !(nv = q_eval(e, call->items[0])))
			return NULL;
		if (!nv && q_kwarg(e, call, "name", &nv) < 0)
			return NULL;
		if (nv && !q_str_arg(nv) && !q_is_lit_kind(nv, JSON_NULL))
			return Q_FAIL(e, ORM_ERR_QUERY, nv->node, "alias(name=) takes a string");
		t = q_new(e, QV_TABLE, call);
		t->from = q_alias_from(e, recv->from->table, NULL, nv ? q_str_arg(nv) : NULL);
		return t;
	}
	return Q_UNKNOWN(e, ORM_ERR_UNKNOWN_FUNC, call, m, NULL, "unknown method \"%s\" of a %s", m,
					 recv->kind == QV_JOIN ? "join" : "table");
}
