/*
 * query_flow.c -- the statements of query text (query_int.h): assignments,
 * Python's list methods and augmented assignment, imports, and control flow
 * -- if/elif/else, for and while loops with break, continue and else --
 * run as Python runs them, then the statement (the value of the last line).
 *
 * Real applications build a statement conditionally:
 *
 *     stmt = select(User).order_by(User.id)
 *     if search:
 *         stmt = stmt.where(User.name.ilike(f"%{search}%"))
 *     for tag in tags:
 *         stmt = stmt.where(User.posts.any(Post.tags.any(Tag.name == tag)))
 *     stmt
 *
 * Conditions are Python's truth of Python values (q_truth, query_pyvalues.c:
 * None, bools, numbers, strings, lists, dicts, params values), and
 * SQLAlchemy's TypeError for an SQL clause.  A loop iterates over a list,
 * tuple, dict (its keys), string or the list range(), enumerate() or zip()
 * made.  Evaluation is bounded (q_flow_tick): Q_MAX_ITER loop bodies and
 * comprehension items in all, and the call's memory may grow by
 * Q_MAX_LOOP_BYTES while they run; past either the text is refused at the
 * loop, never run on.  with, try, def, class, return, raise, del, global
 * and assert are refused at their line and column.
 *
 * The statement is the value of the last top-level simple statement (an
 * expression or an assignment: "stmt = select(...)" as the last line is the
 * statement too); a text ending with a block needs its statement after it.
 *
 * Calls q_eval (QEnv) and the pieces below; nothing above it but query.c,
 * which calls q_exec_module.
 *
 * Must not: emit SQL text, or splice any value anywhere (every value is an
 * SX_PARAM).
 */
#include "orm/query_int.h"

#include <string.h>

/*
 * Binds target (a name, or a tuple / list of targets, unpacked as Python
 * does) to v: 0, or -1 with the error (also for a comprehension's target).
 */
int
q_bind(QEnv *e, const PyNode *target, QVal *v)
{
	if ((target->kind == PY_TUPLE || target->kind == PY_LIST) &&
		!(v = q_call_value(e, v, target)))
		return -1;				/* name, n = session.execute(...).one(): its Row */
	if (target->kind == PY_SUBSCRIPT)
	{
		/* totals[k] = ..., l[0] = 2: the container evaluated, then its key */
		QVal	   *base,
				   *iv;

		if (!target->b || target->b->kind == PY_SLICE)
		{
			q_fail(e, ORM_ERR_UNSUPPORTED, target, "assigning to a slice is not supported");
			return -1;
		}
		if (!(base = q_eval(e, target->a)))
			return -1;
		if (base->kind == QV_RESULT && base->result_kind == QV_RK_DONE &&
			!(base = q_call_value(e, base, target->a)))
			return -1;
		if (!(iv = q_eval(e, target->b)))
			return -1;
		return q_py_setitem(e, base, iv, v, target);
	}
	if ((target->kind == PY_TUPLE || target->kind == PY_LIST) && v->kind != QV_LIST)
	{
		/* a, b = "xy" / a dict's keys; anything else is Python's TypeError */
		if (q_is_pyvalue(v) && v->kind != QV_ENUM &&
			(v->kind != QV_LIT || v->json->kind == JSON_STRING || v->json->kind == JSON_ARRAY ||
			 v->json->kind == JSON_OBJECT) && !v->lit_type)
		{
			if (!(v = q_iter_list(e, v, target)))
				return -1;
		}
		else
		{
			Q_FAIL(e, ORM_ERR_QUERY, target, "cannot unpack non-iterable %s object",
				   q_py_type_name(v));
			return -1;
		}
	}
	if ((target->kind == PY_TUPLE || target->kind == PY_LIST) && v->kind == QV_LIST)
	{
		/* page, per_page = 2, 20: unpacked as Python does */
		if (target->nitems != v->n)
		{
			if (v->n > target->nitems)
				Q_FAIL(e, ORM_ERR_QUERY, target, "too many values to unpack (expected %d)",
					   target->nitems);
			else
				Q_FAIL(e, ORM_ERR_QUERY, target, "not enough values to unpack (expected %d, got %d)",
					   target->nitems, v->n);
			return -1;
		}
		for (int i = 0; i < target->nitems; i++)
			if (q_bind(e, target->items[i], v->items[i]) < 0)
				return -1;
		return 0;
	}
	if (target->kind != PY_NAME)
	{
		q_fail(e, ORM_ERR_QUERY, target, "only names (or a tuple of them) and subscripts "
			   "(d[k], l[i]) can be assigned");
		return -1;
	}
	q_var_set(e, target->str, v);
	return 0;
}

/*
 * from sqlalchemy.dialects.postgresql import insert as pg_insert: the "as"
 * name is bound to what the imported name means here (a vocabulary name, a
 * type).  Imports without "as", and names this vocabulary does not know
 * (Session, create_engine), bind nothing: a later use of such a name fails
 * as an unknown name, with its position.
 */
static void
q_bind_import(QEnv *e, const PyStmt *st)
{
	for (int k = 0; k < st->nnames; k++)
	{
		PyNode		nm = {0};
		QVal	   *v;

		if (!st->name || !st->asnames || !st->asnames[k] ||
			strcmp(st->asnames[k], st->names[k]) == 0 || strcmp(st->names[k], "*") == 0)
			continue;
		nm.kind = PY_NAME;
		nm.str = st->names[k];
		nm.line = st->line;
		nm.col = st->col;
		if ((v = q_eval(e, &nm)) != NULL)
			q_var_set(e, st->asnames[k], v);
		else
			orm_err_clear(e->ctx->err);
	}
}

/* list l with the n values of items appended, in place (Python's list is mutable: a name bound to it sees the change) */
static QVal *
q_list_append(QEnv *e, QVal *l, QVal *const *items, int n)
{
	QVal	  **nv = ORM_NEWN(e->a, QVal *, l->n + n + 1);

	for (int i = 0; i < l->n; i++)
		nv[i] = l->items[i];
	for (int i = 0; i < n; i++)
		nv[l->n + i] = items[i];
	l->items = nv;
	l->n += n;
	return q_list_depth(e, l);
}

/*
 * filters.append(x) / filters.extend([...]) as a statement of its own, on a
 * name bound to a list: 1 done, 0 not such a call, -1 error.
 */
static int
q_list_method(QEnv *e, const PyNode *n)
{
	const PyNode *f = n && n->kind == PY_CALL ? n->a : NULL;
	QVal	   *l,
			   *arg;
	bool		extend;

	if (!f || f->kind != PY_ATTR || !f->str || !f->a || f->a->kind != PY_NAME || !f->a->str)
		return 0;
	extend = strcmp(f->str, "extend") == 0;
	if (!extend && strcmp(f->str, "append") != 0)
		return 0;
	if (!(l = q_var(e, f->a->str)) || l->kind != QV_LIST || l->fields)
		return 0;
	if (n->nitems != 1 || n->nkw != 0)
	{
		Q_FAIL(e, ORM_ERR_QUERY, n, "list.%s() takes exactly one argument (%d given)",
			   f->str, n->nitems + n->nkw);
		return -1;
	}
	if (!(arg = q_eval(e, n->items[0])) || q_run_calls(e, arg, n->items[0]) < 0)
		return -1;
	if (extend && arg->kind != QV_LIST)
	{
		Q_FAIL(e, ORM_ERR_UNSUPPORTED, n->items[0],
			   "list.extend() takes a list or tuple the text gives");
		return -1;
	}
	if (!(extend ? q_list_append(e, l, arg->items, arg->n) : q_list_append(e, l, &arg, 1)))
		return -1;
	return 1;
}

/*
 * target op= value on a simple name: a list += a list extends it in place
 * (Python's list.__iadd__); anything else is target = target op value.
 */
static QVal *
q_augassign(QEnv *e, const PyStmt *st)
{
	PyNode	   *bin;
	QVal	   *cur,
			   *v;

	if (!st->target || (st->target->kind != PY_NAME && st->target->kind != PY_SUBSCRIPT) ||
		!st->value)
		return Q_FAIL(e, ORM_ERR_QUERY, st->target,
					  "only a name or a subscript can be the target of an augmented assignment");
	cur = st->target->kind == PY_NAME ? q_var(e, st->target->str) : NULL;
	if (cur && cur->kind == QV_LIST && st->op == '+')
	{
		if (!(v = q_eval(e, st->value)))
			return NULL;
		if (v->kind != QV_LIST)
			return Q_FAIL(e, ORM_ERR_QUERY, st->value,
						  "can only concatenate a list (not an expression) to a list");
		return q_list_append(e, cur, v->items, v->n);
	}
	bin = ORM_NEW(e->a, PyNode);
	bin->kind = PY_BINOP;
	bin->op = st->op;
	bin->a = st->target;
	bin->b = st->value;
	bin->line = st->target->line;
	bin->col = st->target->col;
	bin->src = st->target->src;
	bin->srclen = st->value->src && st->target->src && st->value->src >= st->target->src ?
		(size_t) (st->value->src - st->target->src) + st->value->srclen : st->target->srclen;
	if (!(v = q_eval(e, bin)) || q_bind(e, st->target, v) < 0)
		return NULL;
	return v;
}


/* ---- control flow ---------------------------------------------------------- */

typedef enum QFlow
{
	QF_NEXT,					/* on to the next statement */
	QF_BREAK,
	QF_CONTINUE,
	QF_ERROR
} QFlow;

typedef struct QRun
{
	QEnv	   *e;
	int			loops;			/* loops the running statement is inside */
	QVal	   *last;			/* the value of the last top-level simple statement */
	const PyStmt *last_block;	/* a top-level block after it, or NULL */
} QRun;

static QFlow q_exec_block(QRun *r, PyStmt *const *body, int n, bool top);

static QFlow
q_flow_fail(QRun *r, int line, int col, OrmErrCode code, const char *msg)
{
	orm_err_at(r->e->ctx->err, code, line, col, "%s", msg);
	return QF_ERROR;
}

/* The header of a clause that did not parse: its syntax error. */
static QFlow
q_flow_header_error(QRun *r, const PyStmt *st)
{
	for (int i = 0; i < st->nclauses; i++)
		if (st->clauses[i].error)
			return q_flow_fail(r, st->clauses[i].err_line, st->clauses[i].err_col,
							   ORM_ERR_SYNTAX, st->clauses[i].error);
	return q_flow_fail(r, st->line, st->col, ORM_ERR_SYNTAX, "invalid syntax");
}

/* if / elif / else: the first clause whose condition is true runs. */
static QFlow
q_exec_if(QRun *r, const PyStmt *st)
{
	for (int i = 0; i < st->nclauses; i++)
	{
		const PyClause *c = &st->clauses[i];

		if (c->test)
		{
			QVal	   *t = q_eval(r->e, c->test);
			int			b;

			if (!t || (b = q_truth(r->e, t, c->test)) < 0)
				return QF_ERROR;
			if (!b)
				continue;
		}
		return q_exec_block(r, c->body, c->nbody, false);
	}
	return QF_NEXT;
}

/* The else clause of a for / while statement, or NULL. */
static const PyClause *
q_else_clause(const PyStmt *st)
{
	return st->nclauses > 1 && strcmp(st->clauses[st->nclauses - 1].kw, "else") == 0 ?
		&st->clauses[st->nclauses - 1] : NULL;
}

/*
 * The end of a loop whose last body ended with f: an error stands, a break
 * skips the loop's else clause, which runs otherwise.
 */
static QFlow
q_loop_end(QRun *r, QFlow f, const PyClause *els)
{
	r->loops--;
	if (f == QF_ERROR)
		return QF_ERROR;
	if (f == QF_BREAK)
		return QF_NEXT;
	return els ? q_exec_block(r, els->body, els->nbody, false) : QF_NEXT;
}

/*
 * for target in iterable: body [else: ...].  A list is read by index as
 * the loop goes (a list the body appends to runs on, as in Python, until
 * the bounds stop it).
 */
static QFlow
q_exec_for(QRun *r, const PyStmt *st)
{
	QEnv	   *e = r->e;
	QVal	   *it;
	const PyClause *els = q_else_clause(st);
	QFlow		f = QF_NEXT;

	if (!(it = q_eval(e, st->value)) || !(it = q_iter_list(e, it, st->value)))
		return QF_ERROR;
	r->loops++;
	for (int i = 0; i < it->n; i++)
	{
		if (q_flow_tick(e, st->line, st->col) < 0 || q_bind(e, st->target, it->items[i]) < 0)
		{
			f = QF_ERROR;
			break;
		}
		f = q_exec_block(r, st->clauses[0].body, st->clauses[0].nbody, false);
		if (f == QF_ERROR || f == QF_BREAK)
			break;
		f = QF_NEXT;
	}
	return q_loop_end(r, f, els);
}

/* while test: body [else: ...], bounded as every loop is. */
static QFlow
q_exec_while(QRun *r, const PyStmt *st)
{
	QEnv	   *e = r->e;
	const PyClause *c = &st->clauses[0];
	const PyClause *els = q_else_clause(st);
	QFlow		f = QF_NEXT;

	r->loops++;
	for (;;)
	{
		QVal	   *t = q_eval(e, c->test);
		int			b;

		if (!t || (b = q_truth(e, t, c->test)) < 0)
		{
			f = QF_ERROR;
			break;
		}
		if (!b)
			break;
		if (q_flow_tick(e, st->line, st->col) < 0)
		{
			f = QF_ERROR;
			break;
		}
		f = q_exec_block(r, c->body, c->nbody, false);
		if (f == QF_ERROR || f == QF_BREAK)
			break;
		f = QF_NEXT;
	}
	return q_loop_end(r, f, els);
}

static QFlow
q_exec_compound(QRun *r, const PyStmt *st)
{
	const char *kw = st->name ? st->name : "";

	if (strcmp(kw, "if") != 0 && strcmp(kw, "for") != 0 && strcmp(kw, "while") != 0)
		return q_flow_fail(r, st->line, st->col, ORM_ERR_QUERY,
						   orm_sprintf(r->e->a, "\"%s\" statements are not supported in a query: "
									   "only assignments, if/elif/else, for and while loops, "
									   "and the statement", kw));
	if (st->skipped || st->nclauses == 0)
		return q_flow_header_error(r, st);
	if (strcmp(kw, "if") == 0)
		return q_exec_if(r, st);
	if (strcmp(kw, "for") == 0)
		return q_exec_for(r, st);
	return q_exec_while(r, st);
}

/* pass, break, continue; the other keyword statements are refused. */
static QFlow
q_exec_keyword(QRun *r, const PyStmt *st)
{
	const char *kw = st->name ? st->name : "";

	if (strcmp(kw, "pass") == 0)
		return QF_NEXT;
	if (strcmp(kw, "break") == 0 || strcmp(kw, "continue") == 0)
	{
		if (r->loops == 0)
			return q_flow_fail(r, st->line, st->col, ORM_ERR_SYNTAX,
							   orm_sprintf(r->e->a, "'%s' outside loop", kw));
		return kw[0] == 'b' ? QF_BREAK : QF_CONTINUE;
	}
	if (strcmp(kw, "return") == 0)
		return q_flow_fail(r, st->line, st->col, ORM_ERR_SYNTAX, "'return' outside function");
	return q_flow_fail(r, st->line, st->col, ORM_ERR_QUERY,
					   orm_sprintf(r->e->a, "\"%s\" statements are not supported in a query: "
								   "only assignments, if/elif/else, for and while loops, and the "
								   "statement", kw));
}

/*
 * One simple statement that has a value (the statement, when it is the last).
 * last: it is the text's last top-level statement, whose session call is the
 * text's own; the calls of any other run where they are (q_run_calls).
 */
static QFlow
q_exec_simple(QRun *r, const PyStmt *st, bool top, bool last)
{
	QEnv	   *e = r->e;
	QVal	   *v = NULL;
	int			t;

	switch (st->kind)
	{
		case PYS_EXPR:
			if ((t = q_list_method(e, st->value)) != 0)
				return t < 0 ? QF_ERROR : QF_NEXT;	/* it returns None: not the statement */
			if (!(v = q_eval(e, st->value)))
				return QF_ERROR;
			break;
		case PYS_AUGASSIGN:
			if (!(v = q_augassign(e, st)))
				return QF_ERROR;
			break;
		default:				/* PYS_ASSIGN, PYS_ANNASSIGN */
			if (!st->value)
				return QF_NEXT;
			if (!(v = q_eval(e, st->value)))
				return QF_ERROR;
			if (st->ntargets > 0)
			{
				for (t = 0; t < st->ntargets; t++)
					if (q_bind(e, st->targets[t], v) < 0)
						return QF_ERROR;
			}
			else if (q_bind(e, st->target, v) < 0)
				return QF_ERROR;
			break;
	}
	if (!last && q_run_calls(e, v, st->value) < 0)
		return QF_ERROR;
	if (top)
	{
		r->last = v;
		r->last_block = NULL;
	}
	return QF_NEXT;
}

static QFlow
q_exec_block(QRun *r, PyStmt *const *body, int n, bool top)
{
	for (int i = 0; i < n; i++)
	{
		const PyStmt *st = body[i];
		QFlow		f;

		switch (st->kind)
		{
			case PYS_IMPORT:
				q_bind_import(r->e, st);
				continue;
			case PYS_PASS:
				f = q_exec_keyword(r, st);
				break;
			case PYS_EXPR:
			case PYS_AUGASSIGN:
			case PYS_ASSIGN:
			case PYS_ANNASSIGN:
				f = q_exec_simple(r, st, top, top && i == n - 1);
				break;
			case PYS_IF:
				f = q_exec_compound(r, st);
				if (top)
					r->last_block = st;
				break;
			default:
				return q_flow_fail(r, st->line, st->col, ORM_ERR_QUERY,
								   orm_sprintf(r->e->a, "\"%s\" statements are not supported in a "
											   "query: only assignments, if/elif/else, for and "
											   "while loops, and the statement",
											   st->kind == PYS_CLASS ? "class" : "def"));
		}
		if (f != QF_NEXT)
			return f;
	}
	return QF_NEXT;
}

/*
 * Runs the text's statements; the statement's value (the last top-level
 * simple statement's), or NULL with the error set.
 */
QVal *
q_exec_module(QEnv *e, PyModule *m)
{
	QRun		r;

	memset(&r, 0, sizeof(r));
	r.e = e;
	e->awaits = m->awaits;
	if (q_exec_block(&r, m->stmts, m->nstmts, true) != QF_NEXT)
	{
		if (!e->ctx->err->code)
			orm_err(e->ctx->err, ORM_ERR_INTERNAL, "query text evaluation failed without an error");
		return NULL;
	}
	if (r.last_block)
	{
		orm_err_at(e->ctx->err, ORM_ERR_QUERY, r.last_block->line, r.last_block->col,
				   "the query text must end with the statement, after its \"%s\" block "
				   "(for example a last line \"stmt\")", r.last_block->name);
		return NULL;
	}
	if (!r.last)
		orm_err(e->ctx->err, ORM_ERR_QUERY, "empty query");
	return r.last;
}
