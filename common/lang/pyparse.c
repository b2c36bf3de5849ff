/*
 * pyparse.c -- recursive-descent parser for the Python subset of pyast.h.
 *
 * Owns: py_parse_module, py_parse_expr and the small PyNode helpers
 * (py_dotted_name, py_last_name, py_kwarg, py_node_dump).  Assumes the
 * tokens of pylex.c; allocates only from the arena; knows nothing about what
 * the declarations or queries mean (declare.c and query.c interpret trees).
 *
 * Shape, in the manner of Lua's lparser.c: one function per grammar rule
 * with the rule in a comment above it, one token of lookahead, a precedence
 * table for the binary operators (ps_subexpr), and a nesting limit of
 * PS_MAX_DEPTH for expressions and blocks.  A syntax error is recorded in
 * the OrmError and unwinds with longjmp to the entry point (the only place
 * that calls setjmp), which returns NULL; nothing else is held but arena
 * memory, so nothing leaks.
 *
 * Node shapes beyond pyast.h (other modules rely on these):
 *   - Comprehensions [e for x in it if c] / {e ...} / {k: v ...} / (e ...)
 *     and a generator as a sole call argument are PY_LIST / PY_SET / PY_DICT
 *     / PY_TUPLE with op = PY_OP_IN and nitems = 1: items[0] is the element
 *     (PY_DICT: items[0] key, values[0] value); a is the target of the first
 *     "for" (PY_NAME or PY_TUPLE), b its iterable, c the "if" conditions (one
 *     node, or a PY_BOOLOP and of all of them, NULL when none).  Every clause
 *     is also kept in order in kwnames/kwvalues: kwnames[i] "for" with
 *     kwvalues[i] a PY_COMPARE (a target, op PY_OP_IN, b iterable), or
 *     kwnames[i] "if" with the condition.
 *   - PY_LAMBDA: kwnames are the parameter names as written ("x", "*args",
 *     "**kw", "*" for a bare star; "/" is dropped), kwvalues their defaults
 *     (NULL when none), a the body.
 *   - PY_SLICE: a lower, b upper, c step (each may be NULL).
 *   - CALL **x: kwnames[i] NULL and kwvalues[i] a PY_DSTARRED (a = x);
 *     *x: a PY_STARRED among items.  DICT **x: key NULL, value x.
 *   - Chained comparisons a < b < c: PY_BOOLOP and of PY_COMPAREs sharing
 *     the middle node.  "a or b or c" is one PY_BOOLOP with three items.
 *   - A parenthesized expression is its inner node (src without parens);
 *     a trailer applied to it (".x", "(...)", "[...]") starts at the paren.
 *   - PYS_IF stands for if/while/for/with/try/async for/async with: name is
 *     the keyword ("if", "for", "async with", ...), clauses its clauses in
 *     source order (PyClause: an if/elif/while condition in test, a for's
 *     target and iterable on the statement; with/try/except headers are
 *     skipped), and body all their statements in source order.  A header
 *     outside the subset is skipped (ps_try), its error kept on its clause.
 *   - PYS_PASS keeps its keyword in name and a return's value in value.
 *   - PYS_DEF keeps its return annotation and, when its body is within the
 *     subset, the body's statements; otherwise the body is skipped token by
 *     token (ps_def_body: a second setjmp, the parser state put back) and
 *     the statement is marked skipped.
 *   - PYS_IMPORT keeps the module (from-import) and each name with its
 *     "as" name.
 */
#include "lang/pyast.h"
#include "lang/pylex.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#define PS_MAX_DEPTH	200		/* nested brackets, unary chains, blocks */
#define PS_MAX_HEIGHT	1000	/* longest root-to-leaf path of a tree */

/* Binary operator priorities: left and right binding power (Lua style). */
#define PS_PRI_OR		1
#define PS_PRI_AND		2
#define PS_PRI_NOT		3		/* unary not */
#define PS_PRI_CMP		4
#define PS_PRI_UNARY	11		/* unary - + ~ */

typedef struct PsBinop
{
	int			tok;			/* token type */
	int			op;				/* PY_OP_* or char */
	int			left;
	int			right;
} PsBinop;

/* Binary operators other than comparisons and and/or, with their priority. */
static const PsBinop ps_binops[] = {
	{'|', '|', 5, 5},
	{'^', '^', 6, 6},
	{'&', '&', 7, 7},
	{PYT_LSHIFT, PY_OP_LSHIFT, 8, 8},
	{PYT_RSHIFT, PY_OP_RSHIFT, 8, 8},
	{'+', '+', 9, 9},
	{'-', '-', 9, 9},
	{'*', '*', 10, 10},
	{'/', '/', 10, 10},
	{PYT_FLOORDIV, PY_OP_FLOORDIV, 10, 10},
	{'%', '%', 10, 10},
	{'@', '@', 10, 10},
	{PYT_POW, PY_OP_POW, 13, 12},	/* right associative, above unary */
};

typedef struct PyParser
{
	OrmArena   *arena;
	OrmError   *err;
	OrmError	dummy_err;		/* when the caller passes none */
	PyLex		lx;
	PyTok		tok;			/* current token */
	PyTok		ahead;			/* lookahead, valid when has_ahead */
	bool		has_ahead;
	const char *prev_end;		/* end of the last consumed token */
	int			depth;
	bool		keep_bodies;	/* py_parse_module_bodies: def bodies and with headers kept */
	bool		awaits;			/* an `await` was read (PyModule.awaits) */
	jmp_buf		jmp;
	OrmPtrVec	saves;			/* PsSave*, one per def body being tried, reused */
	int			nsaves;			/* in use */
} PyParser;

/* The parser's state before a def body (ps_def_body), to go back to. */
typedef struct PsSave
{
	PyLex		lx;
	PyTok		tok;
	PyTok		ahead;
	bool		has_ahead;
	const char *prev_end;
	int			depth;
} PsSave;

/*
 * Every node is allocated with its height hidden behind it, so that trees
 * too tall for the recursive consumers (query compiler, dump) are rejected
 * here: "a + b + ... " with thousands of terms parses without recursion but
 * would build a left-deep tree thousands of levels high.
 */
typedef struct PsNode
{
	PyNode		node;			/* must be first */
	int			height;
} PsNode;

/* Where a node starts. */
typedef struct PsPos
{
	int			line;
	int			col;
	const char *src;
} PsPos;

static PyNode *ps_test(PyParser *ps);
static PyNode *ps_subexpr(PyParser *ps, int limit);
static PyNode *ps_testlist_star(PyParser *ps);
static void ps_statement(PyParser *ps, OrmPtrVec *out);

/* ---- errors and tokens ---------------------------------------------------- */

static void
ps_throw(PyParser *ps)
{
	longjmp(ps->jmp, 1);
}

static void
ps_lex_error(PyLex *lx, int line, int col, const char *msg)
{
	PyParser   *ps = (PyParser *) lx->error_arg;

	orm_err_at(ps->err, ORM_ERR_SYNTAX, line, col, "%s", msg);
	ps_throw(ps);
}

static void
ps_error_at(PyParser *ps, const PyTok *t, const char *msg)
{
	orm_err_at(ps->err, ORM_ERR_SYNTAX, t->line, t->col, "%s", msg);
	ps_throw(ps);
}

/* "invalid syntax near "foo"" for the current token. */
static void
ps_syntax_error(PyParser *ps)
{
	const PyTok *t = &ps->tok;
	int			n = (int) t->rawlen;

	switch (t->type)
	{
		case PYT_EOF:
			ps_error_at(ps, t, "unexpected end of input");
			break;
		case PYT_NEWLINE:
			ps_error_at(ps, t, "invalid syntax at end of line");
			break;
		case PYT_INDENT:
			ps_error_at(ps, t, "unexpected indent");
			break;
		case PYT_DEDENT:
			ps_error_at(ps, t, "invalid syntax at unindent");
			break;
		default:
			if (n > 40)
			{
				n = 40;			/* not inside a UTF-8 character */
				while (n > 0 && ((unsigned char) t->start[n] & 0xC0) == 0x80)
					n--;
			}
			orm_err_at(ps->err, ORM_ERR_SYNTAX, t->line, t->col,
					   "invalid syntax near \"%.*s\"", n, t->start);
			ps_throw(ps);
	}
}

static void
ps_next(PyParser *ps)
{
	int			t = ps->tok.type;

	if (t != PYT_NEWLINE && t != PYT_INDENT && t != PYT_DEDENT && t != PYT_EOF)
		ps->prev_end = ps->tok.start + ps->tok.rawlen;
	if (ps->has_ahead)
	{
		ps->tok = ps->ahead;
		ps->has_ahead = false;
	}
	else
		pylex_next(&ps->lx, &ps->tok);
}

static int
ps_peek(PyParser *ps)
{
	if (!ps->has_ahead)
	{
		pylex_next(&ps->lx, &ps->ahead);
		ps->has_ahead = true;
	}
	return ps->ahead.type;
}

static bool
ps_check(PyParser *ps, int type)
{
	return ps->tok.type == type;
}

static bool
ps_accept(PyParser *ps, int type)
{
	if (ps->tok.type != type)
		return false;
	ps_next(ps);
	return true;
}

static void
ps_expect(PyParser *ps, int type)
{
	if (!ps_accept(ps, type))
		ps_syntax_error(ps);
}

/* NAME: returns its text. */
static const char *
ps_name(PyParser *ps)
{
	const char *s = ps->tok.str;

	if (!ps_check(ps, PYT_NAME))
		ps_syntax_error(ps);
	ps_next(ps);
	return s;
}

static void
ps_enter(PyParser *ps)
{
	if (++ps->depth > PS_MAX_DEPTH)
		ps_error_at(ps, &ps->tok, "too many nested levels");
}

static void
ps_leave(PyParser *ps)
{
	ps->depth--;
}

/* ---- node construction ---------------------------------------------------- */

static PsPos
ps_pos(PyParser *ps)
{
	PsPos		p = {ps->tok.line, ps->tok.col, ps->tok.start};

	return p;
}

static PsPos
ps_node_pos(const PyNode *n)
{
	PsPos		p = {n->line, n->col, n->src};

	return p;
}

static PyNode *
ps_node(PyParser *ps, PyKind kind, PsPos pos)
{
	PyNode	   *n = &ORM_NEW(ps->arena, PsNode)->node;

	n->kind = kind;
	n->line = pos.line;
	n->col = pos.col;
	n->src = pos.src;
	return n;
}

static int
ps_height(const PyNode *n)
{
	return n ? ((const PsNode *) n)->height : 0;
}

static int
ps_max_height(PyNode *const *v, int n, int h)
{
	for (int i = 0; v && i < n; i++)
		if (ps_height(v[i]) > h)
			h = ps_height(v[i]);
	return h;
}

/*
 * Finishes a node: its source length runs to the end of the last consumed
 * token; its height is checked against PS_MAX_HEIGHT.
 */
static PyNode *
ps_done(PyParser *ps, PyNode *n)
{
	int			h = 0;

	n->srclen = ps->prev_end > n->src ? (size_t) (ps->prev_end - n->src) : 0;
	h = ps_max_height(&n->a, 1, h);
	h = ps_max_height(&n->b, 1, h);
	h = ps_max_height(&n->c, 1, h);
	h = ps_max_height(n->items, n->nitems, h);
	h = ps_max_height(n->values, n->nitems, h);
	h = ps_max_height(n->kwvalues, n->nkw, h);
	((PsNode *) n)->height = h + 1;
	if (h + 1 > PS_MAX_HEIGHT)
	{
		orm_err_at(ps->err, ORM_ERR_SYNTAX, n->line, n->col, "expression too deeply nested");
		ps_throw(ps);
	}
	return n;
}

static PyNode *
ps_node2(PyParser *ps, PyKind kind, int op, PyNode *a, PyNode *b)
{
	PyNode	   *n = ps_node(ps, kind, ps_node_pos(a));

	n->op = op;
	n->a = a;
	n->b = b;
	return ps_done(ps, n);
}

static void
ps_set_items(PyNode *n, OrmPtrVec *v)
{
	n->nitems = v->n;
	n->items = (PyNode **) v->items;
}

/* ---- atoms ---------------------------------------------------------------- */

/* strings: STRING+ | BYTES+   (adjacent literals concatenate) */
static PyNode *
ps_strings(PyParser *ps)
{
	PyNode	   *n = ps_node(ps, ps_check(ps, PYT_BYTES) ? PY_BYTES : PY_STR, ps_pos(ps));
	OrmBuf		b;
	int			first = ps->tok.type;

	orm_buf_init(&b, ps->arena);
	while (ps_check(ps, PYT_STRING) || ps_check(ps, PYT_BYTES))
	{
		if (ps->tok.type != first)
			ps_error_at(ps, &ps->tok, "cannot mix bytes and nonbytes literals");
		orm_buf_put(&b, ps->tok.str, ps->tok.len);
		ps_next(ps);
	}
	n->str = orm_buf_cstr(&b);
	n->len = b.len;
	return ps_done(ps, n);
}

/* A leaf atom: NAME | number | None | True | False | ... */
static PyNode *
ps_leaf(PyParser *ps, PyKind kind)
{
	PyNode	   *n = ps_node(ps, kind, ps_pos(ps));

	n->str = ps->tok.str;
	n->len = ps->tok.len;
	n->ival = ps->tok.ival;
	n->fval = ps->tok.fval;
	ps_next(ps);
	return ps_done(ps, n);
}

/* star_or_test: '*' bitor_expr | test */
static PyNode *
ps_star_or_test(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *n;

	if (!ps_accept(ps, '*'))
		return ps_test(ps);
	n = ps_node(ps, PY_STARRED, pos);
	n->a = ps_subexpr(ps, PS_PRI_CMP);
	return ps_done(ps, n);
}

/* target_list: bitor_expr (',' bitor_expr)* [',']   (for-loop targets) */
static PyNode *
ps_target_list(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *first = ps_subexpr(ps, PS_PRI_CMP);
	PyNode	   *t;
	OrmPtrVec	v = {0};

	if (!ps_check(ps, ','))
		return first;
	orm_vec_push(ps->arena, &v, first);
	while (ps_accept(ps, ',') && !ps_check(ps, PYT_IN))
		orm_vec_push(ps->arena, &v, ps_subexpr(ps, PS_PRI_CMP));
	t = ps_node(ps, PY_TUPLE, pos);
	ps_set_items(t, &v);
	return ps_done(ps, t);
}

/* Ands the comprehension's conditions into one node. */
static PyNode *
ps_and_all(PyParser *ps, OrmPtrVec *conds)
{
	PyNode	   *n;

	if (conds->n == 0)
		return NULL;
	if (conds->n == 1)
		return conds->items[0];
	n = ps_node(ps, PY_BOOLOP, ps_node_pos(conds->items[0]));
	n->op = PY_OP_AND;
	ps_set_items(n, conds);
	return ps_done(ps, n);
}

/*
 * comp_for: ['async'] 'for' target_list 'in' or_test comp_iter*
 * comp_iter: comp_for | 'if' or_test
 * Fills the comprehension fields of n (see the file header).
 */
static void
ps_comp_for(PyParser *ps, PyNode *n)
{
	OrmPtrVec	names = {0};
	OrmPtrVec	clauses = {0};
	OrmPtrVec	conds = {0};

	n->op = PY_OP_IN;
	while (ps_check(ps, PYT_FOR) || ps_check(ps, PYT_IF) || ps_check(ps, PYT_ASYNC))
	{
		if (ps_accept(ps, PYT_IF))
		{
			PyNode	   *c = ps_subexpr(ps, 0);

			orm_vec_push(ps->arena, &names, "if");
			orm_vec_push(ps->arena, &clauses, c);
			orm_vec_push(ps->arena, &conds, c);
		}
		else
		{
			PyNode	   *target;
			PyNode	   *iter;

			ps_accept(ps, PYT_ASYNC);
			ps_expect(ps, PYT_FOR);
			target = ps_target_list(ps);
			ps_expect(ps, PYT_IN);
			iter = ps_subexpr(ps, 0);
			if (!n->a)
			{
				n->a = target;
				n->b = iter;
			}
			orm_vec_push(ps->arena, &names, "for");
			orm_vec_push(ps->arena, &clauses, ps_node2(ps, PY_COMPARE, PY_OP_IN, target, iter));
		}
	}
	n->c = ps_and_all(ps, &conds);
	n->nkw = names.n;
	n->kwnames = (const char **) names.items;
	n->kwvalues = (PyNode **) clauses.items;
}

/* Builds a one-element comprehension node of the given kind. */
static PyNode *
ps_comprehension(PyParser *ps, PyKind kind, PsPos pos, PyNode *elt, PyNode *value)
{
	PyNode	   *n = ps_node(ps, kind, pos);

	n->nitems = 1;
	n->items = ORM_NEWN(ps->arena, PyNode *, 1);
	n->items[0] = elt;
	if (value)
	{
		n->values = ORM_NEWN(ps->arena, PyNode *, 1);
		n->values[0] = value;
	}
	ps_comp_for(ps, n);
	return n;
}

/* Reads items up to the closing bracket: (star_or_test ',')* [star_or_test] */
static void
ps_items_until(PyParser *ps, OrmPtrVec *v, int close)
{
	while (!ps_check(ps, close))
	{
		orm_vec_push(ps->arena, v, ps_star_or_test(ps));
		if (!ps_accept(ps, ','))
			break;
	}
}

/*
 * paren: '(' ')' | '(' star_or_test comp_for ')' | '(' star_or_test ')'
 *      | '(' star_or_test ',' [star_or_test (',' star_or_test)* [',']] ')'
 */
static PyNode *
ps_paren(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *first;
	PyNode	   *n;
	OrmPtrVec	v = {0};

	ps_expect(ps, '(');
	if (ps_check(ps, PYT_YIELD))
		ps_syntax_error(ps);
	if (ps_check(ps, ')'))
		n = ps_node(ps, PY_TUPLE, pos);
	else
	{
		first = ps_star_or_test(ps);
		if (ps_check(ps, PYT_FOR) || ps_check(ps, PYT_ASYNC))
			n = ps_comprehension(ps, PY_TUPLE, pos, first, NULL);
		else if (!ps_check(ps, ',') && first->kind != PY_STARRED)
		{
			ps_expect(ps, ')');
			return first;
		}
		else
		{
			orm_vec_push(ps->arena, &v, first);
			ps_expect(ps, ',');
			ps_items_until(ps, &v, ')');
			n = ps_node(ps, PY_TUPLE, pos);
			ps_set_items(n, &v);
		}
	}
	ps_expect(ps, ')');
	return ps_done(ps, n);
}

/* list: '[' [star_or_test (comp_for | (',' star_or_test)* [','])] ']' */
static PyNode *
ps_list(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *n;
	OrmPtrVec	v = {0};

	ps_expect(ps, '[');
	if (ps_check(ps, ']'))
		n = ps_node(ps, PY_LIST, pos);
	else
	{
		PyNode	   *first = ps_star_or_test(ps);

		if (ps_check(ps, PYT_FOR) || ps_check(ps, PYT_ASYNC))
			n = ps_comprehension(ps, PY_LIST, pos, first, NULL);
		else
		{
			orm_vec_push(ps->arena, &v, first);
			if (ps_accept(ps, ','))
				ps_items_until(ps, &v, ']');
			n = ps_node(ps, PY_LIST, pos);
			ps_set_items(n, &v);
		}
	}
	ps_expect(ps, ']');
	return ps_done(ps, n);
}

/* dict_item: test ':' test | '**' bitor_expr   (pushed onto keys/values) */
static void
ps_dict_item(PyParser *ps, OrmPtrVec *keys, OrmPtrVec *values)
{
	if (ps_accept(ps, PYT_POW))
	{
		orm_vec_push(ps->arena, keys, NULL);
		orm_vec_push(ps->arena, values, ps_subexpr(ps, PS_PRI_CMP));
		return;
	}
	orm_vec_push(ps->arena, keys, ps_test(ps));
	ps_expect(ps, ':');
	orm_vec_push(ps->arena, values, ps_test(ps));
}

/* dict_rest: (',' dict_item)* [','] '}'  after the first item */
static PyNode *
ps_dict_rest(PyParser *ps, PsPos pos, OrmPtrVec *keys, OrmPtrVec *values)
{
	PyNode	   *n = ps_node(ps, PY_DICT, pos);

	while (ps_accept(ps, ',') && !ps_check(ps, '}'))
		ps_dict_item(ps, keys, values);
	ps_set_items(n, keys);
	n->values = (PyNode **) values->items;
	return n;
}

/*
 * brace: '{' '}' | '{' dict_item (comp_for | (',' dict_item)* [',']) '}'
 *      | '{' star_or_test (comp_for | (',' star_or_test)* [',']) '}'
 */
static PyNode *
ps_brace(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *n;
	OrmPtrVec	keys = {0};
	OrmPtrVec	values = {0};

	ps_expect(ps, '{');
	if (ps_check(ps, '}'))
		n = ps_node(ps, PY_DICT, pos);
	else if (ps_check(ps, PYT_POW))
	{
		ps_dict_item(ps, &keys, &values);
		n = ps_dict_rest(ps, pos, &keys, &values);
	}
	else
	{
		PyNode	   *first = ps_star_or_test(ps);

		if (ps_accept(ps, ':'))
		{
			PyNode	   *value = ps_test(ps);

			if (ps_check(ps, PYT_FOR) || ps_check(ps, PYT_ASYNC))
				n = ps_comprehension(ps, PY_DICT, pos, first, value);
			else
			{
				orm_vec_push(ps->arena, &keys, first);
				orm_vec_push(ps->arena, &values, value);
				n = ps_dict_rest(ps, pos, &keys, &values);
			}
		}
		else if (ps_check(ps, PYT_FOR) || ps_check(ps, PYT_ASYNC))
			n = ps_comprehension(ps, PY_SET, pos, first, NULL);
		else
		{
			orm_vec_push(ps->arena, &keys, first);
			if (ps_accept(ps, ','))
				ps_items_until(ps, &keys, '}');
			n = ps_node(ps, PY_SET, pos);
			ps_set_items(n, &keys);
		}
	}
	ps_expect(ps, '}');
	return ps_done(ps, n);
}

/*
 * atom: NAME | INT | FLOAT | strings | 'None' | 'True' | 'False' | '...'
 *     | paren | list | brace
 */
static PyNode *
ps_atom(PyParser *ps)
{
	switch (ps->tok.type)
	{
		case PYT_NAME:
			return ps_leaf(ps, PY_NAME);
		case PYT_INT:
			return ps_leaf(ps, PY_INT);
		case PYT_FLOAT:
			return ps_leaf(ps, PY_FLOAT);
		case PYT_STRING:
		case PYT_BYTES:
			return ps_strings(ps);
		case PYT_NONE:
			return ps_leaf(ps, PY_NONE);
		case PYT_TRUE:
			return ps_leaf(ps, PY_TRUE);
		case PYT_FALSE:
			return ps_leaf(ps, PY_FALSE);
		case PYT_ELLIPSIS:
			return ps_leaf(ps, PY_ELLIPSIS);
		case '(':
			return ps_paren(ps);
		case '[':
			return ps_list(ps);
		case '{':
			return ps_brace(ps);
		default:
			ps_syntax_error(ps);
			return NULL;
	}
}

/* ---- trailers ------------------------------------------------------------- */

typedef struct PsArgs
{
	OrmPtrVec	pos;			/* positional (PY_STARRED for *x) */
	OrmPtrVec	kwnames;		/* NULL for **x */
	OrmPtrVec	kwvalues;
} PsArgs;

/* Rejects a repeated keyword argument. */
static void
ps_check_kw_unique(PyParser *ps, PsArgs *args, const char *name, const PyTok *at)
{
	for (int i = 0; i < args->kwnames.n; i++)
	{
		if (orm_streq(args->kwnames.items[i], name))
		{
			char		msg[160];
			int			n = (int) strlen(name);

			if (n > 100)
			{
				n = 100;		/* not inside a UTF-8 character */
				while (n > 0 && ((unsigned char) name[n] & 0xC0) == 0x80)
					n--;
			}
			snprintf(msg, sizeof(msg), "keyword argument repeated: %.*s", n, name);
			ps_error_at(ps, at, msg);
		}
	}
}

/* argument: NAME '=' test | '*' test | '**' test | test [comp_for] */
static void
ps_argument(PyParser *ps, PsArgs *args)
{
	PsPos		pos = ps_pos(ps);
	PyTok		at = ps->tok;

	if (ps_check(ps, PYT_NAME) && ps_peek(ps) == '=')
	{
		const char *name = ps_name(ps);

		ps_check_kw_unique(ps, args, name, &at);
		ps_next(ps);
		orm_vec_push(ps->arena, &args->kwnames, (void *) name);
		orm_vec_push(ps->arena, &args->kwvalues, ps_test(ps));
	}
	else if (ps_accept(ps, PYT_POW))
	{
		PyNode	   *n = ps_node(ps, PY_DSTARRED, pos);

		n->a = ps_test(ps);
		orm_vec_push(ps->arena, &args->kwnames, NULL);
		orm_vec_push(ps->arena, &args->kwvalues, ps_done(ps, n));
	}
	else
	{
		PyNode	   *n = ps_star_or_test(ps);

		if (args->kwnames.n > 0 && n->kind != PY_STARRED)
			ps_error_at(ps, &at, "positional argument follows keyword argument");
		if (ps_check(ps, PYT_FOR) || ps_check(ps, PYT_ASYNC))
			n = ps_done(ps, ps_comprehension(ps, PY_TUPLE, pos, n, NULL));
		orm_vec_push(ps->arena, &args->pos, n);
	}
}

/* arglist: '(' [argument (',' argument)* [',']] ')' */
static void
ps_arglist(PyParser *ps, PsArgs *args)
{
	memset(args, 0, sizeof(*args));
	ps_expect(ps, '(');
	while (!ps_check(ps, ')'))
	{
		ps_argument(ps, args);
		if (!ps_accept(ps, ','))
			break;
	}
	ps_expect(ps, ')');
}

/* subscript: test | [test] ':' [test] [':' [test]] */
static PyNode *
ps_subscript(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *lower = NULL;
	PyNode	   *n;

	if (!ps_check(ps, ':'))
	{
		lower = ps_star_or_test(ps);
		if (!ps_check(ps, ':'))
			return lower;
	}
	n = ps_node(ps, PY_SLICE, pos);
	n->a = lower;
	ps_expect(ps, ':');
	if (!ps_check(ps, ']') && !ps_check(ps, ',') && !ps_check(ps, ':'))
		n->b = ps_test(ps);
	if (ps_accept(ps, ':') && !ps_check(ps, ']') && !ps_check(ps, ','))
		n->c = ps_test(ps);
	return ps_done(ps, n);
}

/* subscriptlist: '[' subscript (',' subscript)* [','] ']' */
static PyNode *
ps_subscriptlist(PyParser *ps)
{
	PsPos		pos;
	PyNode	   *first;
	PyNode	   *t;
	OrmPtrVec	v = {0};

	ps_expect(ps, '[');
	pos = ps_pos(ps);
	first = ps_subscript(ps);
	if (ps_check(ps, ','))
	{
		orm_vec_push(ps->arena, &v, first);
		while (ps_accept(ps, ',') && !ps_check(ps, ']'))
			orm_vec_push(ps->arena, &v, ps_subscript(ps));
		t = ps_node(ps, PY_TUPLE, pos);
		ps_set_items(t, &v);
		first = ps_done(ps, t);
	}
	ps_expect(ps, ']');
	return first;
}

/* primary: atom trailer*    trailer: '.' NAME | arglist | subscriptlist */
static PyNode *
ps_primary(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *v = ps_atom(ps);

	for (;;)
	{
		PyNode	   *n;

		if (ps_accept(ps, '.'))
		{
			n = ps_node(ps, PY_ATTR, pos);
			n->str = ps_name(ps);
		}
		else if (ps_check(ps, '('))
		{
			PsArgs		args;

			n = ps_node(ps, PY_CALL, pos);
			ps_arglist(ps, &args);
			ps_set_items(n, &args.pos);
			n->nkw = args.kwnames.n;
			n->kwnames = (const char **) args.kwnames.items;
			n->kwvalues = (PyNode **) args.kwvalues.items;
		}
		else if (ps_check(ps, '['))
		{
			n = ps_node(ps, PY_SUBSCRIPT, pos);
			n->b = ps_subscriptlist(ps);
		}
		else
			return v;
		n->a = v;
		v = ps_done(ps, n);
	}
}

/* ---- operators ------------------------------------------------------------ */

/* The comparison operator at the current token (consumed), or 0. */
static int
ps_cmp_op(PyParser *ps)
{
	int			op;

	switch (ps->tok.type)
	{
		case '<':
		case '>':
			op = ps->tok.type;
			break;
		case PYT_EQ:
			op = PY_OP_EQ;
			break;
		case PYT_NE:
			op = PY_OP_NE;
			break;
		case PYT_LE:
			op = PY_OP_LE;
			break;
		case PYT_GE:
			op = PY_OP_GE;
			break;
		case PYT_IN:
			op = PY_OP_IN;
			break;
		case PYT_IS:
			ps_next(ps);
			return ps_accept(ps, PYT_NOT) ? PY_OP_IS_NOT : PY_OP_IS;
		case PYT_NOT:
			if (ps_peek(ps) != PYT_IN)
				return 0;
			ps_next(ps);
			op = PY_OP_NOT_IN;
			break;
		default:
			return 0;
	}
	ps_next(ps);
	return op;
}

static bool
ps_at_cmp(PyParser *ps)
{
	switch (ps->tok.type)
	{
		case '<':
		case '>':
		case PYT_EQ:
		case PYT_NE:
		case PYT_LE:
		case PYT_GE:
		case PYT_IN:
		case PYT_IS:
			return true;
		case PYT_NOT:
			return ps_peek(ps) == PYT_IN;
		default:
			return false;
	}
}

/* comparison: left (cmp_op bitor_expr)+ ; chains become and of pairs */
static PyNode *
ps_comparison(PyParser *ps, PyNode *left)
{
	OrmPtrVec	pairs = {0};
	PyNode	   *n;

	while (ps_at_cmp(ps))
	{
		int			op = ps_cmp_op(ps);
		PyNode	   *right = ps_subexpr(ps, PS_PRI_CMP);

		orm_vec_push(ps->arena, &pairs, ps_node2(ps, PY_COMPARE, op, left, right));
		left = right;
	}
	if (pairs.n == 1)
		return pairs.items[0];
	n = ps_node(ps, PY_BOOLOP, ps_node_pos(pairs.items[0]));
	n->op = PY_OP_AND;
	ps_set_items(n, &pairs);
	return ps_done(ps, n);
}

/* boolop: left ('and' | 'or') operand ...  (one node for a run) */
static PyNode *
ps_boolop(PyParser *ps, PyNode *left, int tok, int op, int pri)
{
	OrmPtrVec	v = {0};
	PyNode	   *n;

	orm_vec_push(ps->arena, &v, left);
	while (ps_accept(ps, tok))
		orm_vec_push(ps->arena, &v, ps_subexpr(ps, pri));
	n = ps_node(ps, PY_BOOLOP, ps_node_pos(left));
	n->op = op;
	ps_set_items(n, &v);
	return ps_done(ps, n);
}

static const PsBinop *
ps_binop(int tok)
{
	for (size_t i = 0; i < sizeof(ps_binops) / sizeof(ps_binops[0]); i++)
		if (ps_binops[i].tok == tok)
			return &ps_binops[i];
	return NULL;
}

/*
 * unary: ('-' | '+' | '~') subexpr(UNARY) | 'not' subexpr(NOT) | ['await'] primary
 *
 * `await primary` (repository code written for an AsyncSession: `await
 * session.execute(stmt)`) is its primary: an AsyncSession call returns what
 * the Session's call returns.  Only a method call can be awaited; the module
 * is marked (PyModule.awaits), as code that runs on an AsyncSession.
 */
static PyNode *
ps_unary(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *n;
	int			t = ps->tok.type;

	if (t == PYT_AWAIT)
	{
		PyTok		at = ps->tok;

		ps_next(ps);
		n = ps_primary(ps);
		if (n->kind != PY_CALL || !n->a || n->a->kind != PY_ATTR)
			ps_error_at(ps, &at, "'await' is supported before an AsyncSession method call only "
						"(await session.execute(stmt))");
		{
			/*
			 * await session.execute(s).scalars(): Python awaits the whole
			 * chain, and the coroutine the innermost call returns has no
			 * attribute (the one after that call: scalars).
			 */
			const PyNode *cur = n,
					   *attr = NULL;

			while (cur && (cur->kind == PY_CALL || cur->kind == PY_ATTR))
			{
				if (cur->kind == PY_ATTR && cur->a && cur->a->kind == PY_CALL)
					attr = cur;
				cur = cur->a;
			}
			if (attr)
			{
				orm_err_at(ps->err, ORM_ERR_SYNTAX, at.line, at.col,
						   "AttributeError: 'coroutine' object has no attribute '%s' (await "
						   "applies to the whole chain: write (await ...).%s)",
						   attr->str, attr->str);
				ps_throw(ps);
			}
		}
		ps->awaits = true;
		return n;
	}
	if (t != '-' && t != '+' && t != '~' && t != PYT_NOT)
		return ps_primary(ps);
	ps_next(ps);
	n = ps_node(ps, PY_UNARY, pos);
	n->op = t == PYT_NOT ? PY_OP_NOT : t;
	n->a = ps_subexpr(ps, t == PYT_NOT ? PS_PRI_NOT : PS_PRI_UNARY);
	return ps_done(ps, n);
}

/*
 * subexpr: unary { binop subexpr }   where binop's left priority > limit
 * Priorities (low to high): or, and, not, comparisons, |, ^, &, << >>,
 * + -, * / // % @, unary - + ~, ** (right associative).
 */
static PyNode *
ps_subexpr(PyParser *ps, int limit)
{
	PyNode	   *v;

	ps_enter(ps);
	v = ps_unary(ps);
	for (;;)
	{
		const PsBinop *bop = ps_binop(ps->tok.type);

		if (bop && bop->left > limit)
		{
			PyNode	   *right;

			ps_next(ps);
			right = ps_subexpr(ps, bop->right);
			v = ps_node2(ps, PY_BINOP, bop->op, v, right);
		}
		else if (PS_PRI_CMP > limit && ps_at_cmp(ps))
			v = ps_comparison(ps, v);
		else if (PS_PRI_AND > limit && ps_check(ps, PYT_AND))
			v = ps_boolop(ps, v, PYT_AND, PY_OP_AND, PS_PRI_AND);
		else if (PS_PRI_OR > limit && ps_check(ps, PYT_OR))
			v = ps_boolop(ps, v, PYT_OR, PY_OP_OR, PS_PRI_OR);
		else
			break;
	}
	ps_leave(ps);
	return v;
}

/* lambda_param: NAME ['=' test] | '*' [NAME] | '**' NAME | '/' */
static void
ps_lambda_param(PyParser *ps, OrmPtrVec *names, OrmPtrVec *defaults)
{
	const char *stars = ps_accept(ps, '*') ? "*" : ps_accept(ps, PYT_POW) ? "**" : "";

	if (!*stars && ps_accept(ps, '/'))
		return;
	if (*stars == '*' && stars[1] == '\0' && !ps_check(ps, PYT_NAME))
	{
		orm_vec_push(ps->arena, names, (void *) "*");
		orm_vec_push(ps->arena, defaults, NULL);
		return;
	}
	orm_vec_push(ps->arena, names, orm_sprintf(ps->arena, "%s%s", stars, ps_name(ps)));
	orm_vec_push(ps->arena, defaults, (!*stars && ps_accept(ps, '=')) ? ps_test(ps) : NULL);
}

/* lambda: 'lambda' [lambda_param (',' lambda_param)*] ':' test */
static PyNode *
ps_lambda(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *n = ps_node(ps, PY_LAMBDA, pos);
	OrmPtrVec	names = {0};
	OrmPtrVec	defaults = {0};

	ps_expect(ps, PYT_LAMBDA);
	while (!ps_check(ps, ':'))
	{
		ps_lambda_param(ps, &names, &defaults);
		if (!ps_accept(ps, ','))
			break;
	}
	ps_expect(ps, ':');
	n->nkw = names.n;
	n->kwnames = (const char **) names.items;
	n->kwvalues = (PyNode **) defaults.items;
	ps_enter(ps);
	n->a = ps_test(ps);
	ps_leave(ps);
	return ps_done(ps, n);
}

/* test: lambda | or_test ['if' or_test 'else' test] */
static PyNode *
ps_test(PyParser *ps)
{
	PyNode	   *body;
	PyNode	   *n;

	if (ps_check(ps, PYT_LAMBDA))
		return ps_lambda(ps);
	body = ps_subexpr(ps, 0);
	if (!ps_accept(ps, PYT_IF))
		return body;
	ps_enter(ps);
	n = ps_node(ps, PY_IFEXP, ps_node_pos(body));
	n->a = body;
	n->b = ps_subexpr(ps, 0);
	ps_expect(ps, PYT_ELSE);
	n->c = ps_test(ps);
	ps_leave(ps);
	return ps_done(ps, n);
}

/* testlist_star: star_or_test (',' star_or_test)* [',']   (tuple if a comma) */
static PyNode *
ps_testlist_star(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *first = ps_star_or_test(ps);
	PyNode	   *t;
	OrmPtrVec	v = {0};

	if (!ps_check(ps, ','))
		return first;
	orm_vec_push(ps->arena, &v, first);
	while (ps_accept(ps, ','))
	{
		int			k = ps->tok.type;

		if (k == '=' || k == PYT_NEWLINE || k == ';' || k == ')' || k == PYT_EOF ||
			k == ':' || k == PYT_AUGASSIGN)
			break;
		orm_vec_push(ps->arena, &v, ps_star_or_test(ps));
	}
	t = ps_node(ps, PY_TUPLE, pos);
	ps_set_items(t, &v);
	return ps_done(ps, t);
}

/* ---- simple statements ---------------------------------------------------- */

static PyStmt *
ps_stmt(PyParser *ps, PyStmtKind kind, PsPos pos)
{
	PyStmt	   *s = ORM_NEW(ps->arena, PyStmt);

	s->kind = kind;
	s->line = pos.line;
	s->col = pos.col;
	return s;
}

/* Assignment targets: NAME, attribute, subscript, or tuple/list/star of those. */
static void
ps_check_target(PyParser *ps, const PyNode *t)
{
	switch (t->kind)
	{
		case PY_NAME:
		case PY_ATTR:
		case PY_SUBSCRIPT:
			return;
		case PY_STARRED:
			ps_check_target(ps, t->a);
			return;
		case PY_TUPLE:
		case PY_LIST:
			if (t->op == 0)
			{
				for (int i = 0; i < t->nitems; i++)
					ps_check_target(ps, t->items[i]);
				return;
			}
			break;
		default:
			break;
	}
	orm_err_at(ps->err, ORM_ERR_SYNTAX, t->line, t->col, "cannot assign to expression");
	ps_throw(ps);
}

/*
 * expr_stmt: testlist_star (':' test ['=' testlist_star]
 *                          | augassign testlist_star
 *                          | ('=' testlist_star)*)
 */
static PyStmt *
ps_expr_stmt(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyNode	   *first = ps_testlist_star(ps);
	PyStmt	   *s;
	OrmPtrVec	targets = {0};

	if (ps_accept(ps, ':'))
	{
		s = ps_stmt(ps, PYS_ANNASSIGN, pos);
		ps_check_target(ps, first);
		s->target = first;
		s->annotation = ps_test(ps);
		if (ps_accept(ps, '='))
			s->value = ps_testlist_star(ps);
		return s;
	}
	if (ps_check(ps, PYT_AUGASSIGN))
	{
		s = ps_stmt(ps, PYS_AUGASSIGN, pos);
		ps_check_target(ps, first);
		s->op = ps->tok.op;
		ps_next(ps);
		s->target = first;
		s->value = ps_testlist_star(ps);
		return s;
	}
	if (!ps_check(ps, '='))
	{
		s = ps_stmt(ps, PYS_EXPR, pos);
		s->value = first;
		return s;
	}
	s = ps_stmt(ps, PYS_ASSIGN, pos);
	s->value = first;
	while (ps_accept(ps, '='))
	{
		ps_check_target(ps, s->value);
		orm_vec_push(ps->arena, &targets, s->value);
		s->value = ps_testlist_star(ps);
	}
	s->ntargets = targets.n;
	s->targets = (PyNode **) targets.items;
	s->target = s->targets[targets.n - 1];
	return s;
}

/* dotted_name: NAME ('.' NAME)*   (its text) */
static const char *
ps_dotted_name(PyParser *ps)
{
	OrmBuf		b;

	orm_buf_init(&b, ps->arena);
	orm_buf_puts(&b, ps_name(ps));
	while (ps_accept(ps, '.'))
	{
		orm_buf_putc(&b, '.');
		orm_buf_puts(&b, ps_name(ps));
	}
	return orm_buf_cstr(&b);
}

/* Keeps the imported names and their "as" names on the statement. */
static void
ps_set_names(PyStmt *s, OrmPtrVec *names, OrmPtrVec *asnames)
{
	s->nnames = names->n;
	s->names = (const char **) names->items;
	s->asnames = (const char **) asnames->items;
}

/* import_name: 'import' dotted_name ['as' NAME] (',' dotted_name ['as' NAME])* */
static void
ps_import_name(PyParser *ps, PyStmt *s)
{
	OrmPtrVec	names = {0};
	OrmPtrVec	asnames = {0};

	ps_expect(ps, PYT_IMPORT);
	do
	{
		orm_vec_push(ps->arena, &names, (void *) ps_dotted_name(ps));
		orm_vec_push(ps->arena, &asnames, ps_accept(ps, PYT_AS) ? (void *) ps_name(ps) : NULL);
	} while (ps_accept(ps, ','));
	ps_set_names(s, &names, &asnames);
}

/*
 * import_from: 'from' ('.' | '...')* [dotted_name] 'import'
 *              ('*' | '(' import_as_names [','] ')' | import_as_names)
 * import_as_names: NAME ['as' NAME] (',' NAME ['as' NAME])*
 */
static void
ps_import_from(PyParser *ps, PyStmt *s)
{
	bool		paren;
	OrmBuf		mod;
	OrmPtrVec	names = {0};
	OrmPtrVec	asnames = {0};

	orm_buf_init(&mod, ps->arena);
	ps_expect(ps, PYT_FROM);
	for (;;)
	{
		if (ps_accept(ps, '.'))
			orm_buf_putc(&mod, '.');
		else if (ps_accept(ps, PYT_ELLIPSIS))
			orm_buf_puts(&mod, "...");
		else
			break;
	}
	if (mod.len == 0 || ps_check(ps, PYT_NAME))
		orm_buf_puts(&mod, ps_dotted_name(ps));
	s->name = orm_buf_cstr(&mod);
	ps_expect(ps, PYT_IMPORT);
	if (ps_accept(ps, '*'))
	{
		orm_vec_push(ps->arena, &names, (void *) "*");
		orm_vec_push(ps->arena, &asnames, NULL);
		ps_set_names(s, &names, &asnames);
		return;
	}
	paren = ps_accept(ps, '(');
	do
	{
		if (paren && ps_check(ps, ')'))
			break;
		orm_vec_push(ps->arena, &names, (void *) ps_name(ps));
		orm_vec_push(ps->arena, &asnames, ps_accept(ps, PYT_AS) ? (void *) ps_name(ps) : NULL);
	} while (ps_accept(ps, ','));
	if (paren)
		ps_expect(ps, ')');
	ps_set_names(s, &names, &asnames);
}

/* Statements that end at the line: is the current token such an end? */
static bool
ps_at_stmt_end(PyParser *ps)
{
	return ps_check(ps, PYT_NEWLINE) || ps_check(ps, ';') || ps_check(ps, PYT_EOF);
}

/*
 * pass_stmt: 'pass' | 'break' | 'continue' | 'return' [testlist_star]
 *          | 'raise' [test ['from' test]] | 'del' testlist_star
 *          | ('global' | 'nonlocal') NAME (',' NAME)* | 'assert' test [',' test]
 */
static PyStmt *
ps_pass_stmt(PyParser *ps)
{
	PyStmt	   *s = ps_stmt(ps, PYS_PASS, ps_pos(ps));
	int			t = ps->tok.type;

	s->name = ps->tok.str;
	ps_next(ps);
	if (t == PYT_RETURN && !ps_at_stmt_end(ps))
		s->value = ps_testlist_star(ps);
	else if (t == PYT_RAISE && !ps_at_stmt_end(ps))
	{
		ps_test(ps);
		if (ps_accept(ps, PYT_FROM))
			ps_test(ps);
	}
	else if (t == PYT_DEL)
		ps_testlist_star(ps);
	else if (t == PYT_GLOBAL || t == PYT_NONLOCAL)
	{
		do
			ps_name(ps);
		while (ps_accept(ps, ','));
	}
	else if (t == PYT_ASSERT)
	{
		ps_test(ps);
		if (ps_accept(ps, ','))
			ps_test(ps);
	}
	return s;
}

/* simple_stmt: import_name | import_from | pass_stmt | expr_stmt */
static PyStmt *
ps_simple_stmt(PyParser *ps)
{
	PsPos		pos = ps_pos(ps);
	PyStmt	   *s;

	switch (ps->tok.type)
	{
		case PYT_IMPORT:
			s = ps_stmt(ps, PYS_IMPORT, pos);
			ps_import_name(ps, s);
			return s;
		case PYT_FROM:
			s = ps_stmt(ps, PYS_IMPORT, pos);
			ps_import_from(ps, s);
			return s;
		case PYT_PASS:
		case PYT_BREAK:
		case PYT_CONTINUE:
		case PYT_RETURN:
		case PYT_RAISE:
		case PYT_DEL:
		case PYT_GLOBAL:
		case PYT_NONLOCAL:
		case PYT_ASSERT:
			return ps_pass_stmt(ps);
		default:
			return ps_expr_stmt(ps);
	}
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static void
ps_simple_stmts(PyParser *ps, OrmPtrVec *out)
{
	do
	{
		if (ps_check(ps, PYT_NEWLINE))
			break;
		orm_vec_push(ps->arena, out, ps_simple_stmt(ps));
	} while (ps_accept(ps, ';'));
	if (!ps_accept(ps, PYT_NEWLINE) && !ps_check(ps, PYT_EOF))
		ps_syntax_error(ps);
}

/* ---- compound statements -------------------------------------------------- */

/*
 * block: ':' (NEWLINE INDENT statement+ DEDENT | simple_stmts)
 * The statements are appended to out.
 */
static void
ps_block(PyParser *ps, OrmPtrVec *out)
{
	ps_expect(ps, ':');
	if (!ps_accept(ps, PYT_NEWLINE))
	{
		ps_simple_stmts(ps, out);
		return;
	}
	if (!ps_check(ps, PYT_INDENT))
		ps_error_at(ps, &ps->tok, "expected an indented block");
	ps_next(ps);
	ps_enter(ps);
	while (!ps_check(ps, PYT_DEDENT) && !ps_check(ps, PYT_EOF))
		ps_statement(ps, out);
	ps_expect(ps, PYT_DEDENT);
	ps_leave(ps);
}

/*
 * skipped_block: ':' (NEWLINE INDENT <any tokens, balanced> DEDENT | <tokens> NEWLINE)
 * A def body: every token is lexed, none is parsed.
 */
static void
ps_skip_block(PyParser *ps)
{
	int			level = 1;

	ps_expect(ps, ':');
	if (!ps_accept(ps, PYT_NEWLINE))
	{
		while (!ps_check(ps, PYT_NEWLINE) && !ps_check(ps, PYT_EOF))
			ps_next(ps);
		ps_accept(ps, PYT_NEWLINE);
		return;
	}
	if (!ps_check(ps, PYT_INDENT))
		ps_error_at(ps, &ps->tok, "expected an indented block");
	ps_next(ps);
	while (level > 0)
	{
		if (ps_check(ps, PYT_EOF))
			ps_syntax_error(ps);
		if (ps_check(ps, PYT_INDENT))
			level++;
		else if (ps_check(ps, PYT_DEDENT))
			level--;
		ps_next(ps);
	}
}

/*
 * A compound statement header, skipped: tokens up to the ':' that is not
 * inside brackets and not a lambda's.
 */
static void
ps_skip_header(PyParser *ps)
{
	int			depth = 0;
	int			lambdas = 0;

	for (;;)
	{
		int			t = ps->tok.type;

		if (t == PYT_NEWLINE || t == PYT_EOF || t == PYT_INDENT || t == PYT_DEDENT)
			ps_syntax_error(ps);
		if (depth == 0 && t == ':' && lambdas == 0)
			return;
		if (t == '(' || t == '[' || t == '{')
			depth++;
		else if (t == ')' || t == ']' || t == '}')
			depth--;
		else if (depth == 0 && t == PYT_LAMBDA)
			lambdas++;
		else if (depth == 0 && t == ':')
			lambdas--;
		ps_next(ps);
	}
}

static bool
ps_at_clause(PyParser *ps)
{
	int			t = ps->tok.type;

	return t == PYT_ELIF || t == PYT_ELSE || t == PYT_EXCEPT || t == PYT_FINALLY;
}

/*
 * Runs fn under a setjmp of its own: true when it parsed.  On a syntax
 * error the parser and the lexer (plain values inside PyParser) are put
 * back as they were before fn, the error is copied into *failed (when not
 * NULL) and cleared, and false comes back, so the caller can skip what fn
 * could not parse and see the same tokens -- and a lexical error there as
 * it would have without the attempt.
 */
typedef void (*PsTryFn) (PyParser *ps, void *arg);

static bool
ps_try(PyParser *ps, PsTryFn fn, void *arg, OrmError *failed)
{
	int			level = ps->nsaves;
	PsSave	   *sv;
	jmp_buf		outer;

	/* the saves live in the arena, one per nesting level (not on the stack:
	 * a lexer state is kilobytes, and defs nest as deep as blocks do) */
	if (level == ps->saves.n)
		orm_vec_push(ps->arena, &ps->saves, ORM_NEW(ps->arena, PsSave));
	sv = ps->saves.items[level];
	sv->lx = ps->lx;
	sv->tok = ps->tok;
	sv->ahead = ps->ahead;
	sv->has_ahead = ps->has_ahead;
	sv->prev_end = ps->prev_end;
	sv->depth = ps->depth;
	ps->nsaves = level + 1;
	memcpy(outer, ps->jmp, sizeof(jmp_buf));
	if (setjmp(ps->jmp) == 0)
	{
		fn(ps, arg);
		memcpy(ps->jmp, outer, sizeof(jmp_buf));
		ps->nsaves = level;
		return true;
	}
	memcpy(ps->jmp, outer, sizeof(jmp_buf));
	sv = ps->saves.items[level];
	ps->nsaves = level;			/* inner attempts cut short by the longjmp too */
	ps->lx = sv->lx;
	ps->tok = sv->tok;
	ps->ahead = sv->ahead;
	ps->has_ahead = sv->has_ahead;
	ps->prev_end = sv->prev_end;
	ps->depth = sv->depth;
	if (failed)
		*failed = *ps->err;
	orm_err_clear(ps->err);		/* it was clear when the attempt began */
	return false;
}

/* What a clause header parses into. */
typedef struct PsHeader
{
	int			kw;				/* PYT_IF / PYT_ELIF / PYT_WHILE / PYT_FOR */
	PyNode	   *test;			/* if, elif, while */
	PyNode	   *target;			/* for */
	PyNode	   *iter;			/* for */
} PsHeader;

/*
 * header: test ':'                       (if, elif, while)
 *       | target_list 'in' testlist ':'  (for)
 * The keyword is consumed already; the ':' is left for ps_block.
 */
static void
ps_header(PyParser *ps, void *arg)
{
	PsHeader   *h = arg;

	if (h->kw == PYT_FOR)
	{
		h->target = ps_target_list(ps);
		ps_check_target(ps, h->target);
		ps_expect(ps, PYT_IN);
		h->iter = ps_testlist_star(ps);
	}
	else
		h->test = ps_test(ps);
	if (!ps_check(ps, ':'))
		ps_syntax_error(ps);
}

/*
 * One clause: its keyword is the current token.  An if/elif/while/for
 * header is parsed when it is within the subset (else skipped, its error
 * kept on the clause and the statement marked skipped); other headers are
 * skipped (a "with" header of py_parse_module_bodies is kept on s).
 */
static void
ps_clause(PyParser *ps, PyStmt *s, PyClause *c, OrmPtrVec *all, bool async)
{
	int			t = ps->tok.type;
	OrmPtrVec	body = {0};

	c->kw = async ? orm_sprintf(ps->arena, "async %s", ps->tok.str) : ps->tok.str;
	c->line = ps->tok.line;
	c->col = ps->tok.col;
	if (ps->keep_bodies && !async && t == PYT_WITH)
	{
		/* with_header: 'with' test ['as' target]: kept in value / target */
		ps_next(ps);
		s->value = ps_test(ps);
		if (ps_accept(ps, PYT_AS))
		{
			s->target = ps_subexpr(ps, PS_PRI_CMP);
			ps_check_target(ps, s->target);
		}
		if (!ps_check(ps, ':'))
			ps_syntax_error(ps);
	}
	else if (!async && (t == PYT_IF || t == PYT_ELIF || t == PYT_WHILE || t == PYT_FOR))
	{
		PsHeader	h = {.kw = t};
		OrmError	failed;

		ps_next(ps);
		if (ps_try(ps, ps_header, &h, &failed))
		{
			c->test = h.test;
			if (t == PYT_FOR)
			{
				s->target = h.target;
				s->value = h.iter;
			}
		}
		else
		{
			c->error = orm_strdup(ps->arena, failed.message);
			c->err_line = failed.line;
			c->err_col = failed.col;
			s->skipped = true;
			ps_skip_header(ps);
		}
	}
	else
	{
		ps_next(ps);
		ps_skip_header(ps);
	}
	ps_block(ps, &body);
	c->nbody = body.n;
	c->body = (PyStmt **) body.items;
	for (int i = 0; i < body.n; i++)
		orm_vec_push(ps->arena, all, body.items[i]);
}

/*
 * May a clause with keyword token t follow the clauses so far?  if: elif*
 * [else]; for, while: [else]; try: except* [else] [finally] (else after an
 * except); with: none.  A clause that may not is left to the next
 * statement, whose syntax error it is.
 */
static bool
ps_clause_follows(const OrmPtrVec *clauses, int t)
{
	const PyClause *first = clauses->items[0];
	const PyClause *last = clauses->items[clauses->n - 1];
	const char *f = strncmp(first->kw, "async ", 6) == 0 ? first->kw + 6 : first->kw;
	bool		after_else = strcmp(last->kw, "else") == 0;
	bool		after_finally = strcmp(last->kw, "finally") == 0;

	if (strcmp(f, "if") == 0)
		return !after_else && (t == PYT_ELIF || t == PYT_ELSE);
	if (strcmp(f, "for") == 0 || strcmp(f, "while") == 0)
		return clauses->n == 1 && t == PYT_ELSE;
	if (strcmp(f, "try") == 0)
	{
		if (after_finally)
			return false;
		if (t == PYT_EXCEPT)
			return !after_else;
		if (t == PYT_ELSE)
			return !after_else && strcmp(last->kw, "except") == 0;
		return t == PYT_FINALLY;
	}
	return false;
}

/*
 * flow_stmt: ['async'] ('if' | 'while' | 'for' | 'with' | 'try') header block
 *            (('elif' | 'else' | 'except' | 'finally') header block)*
 */
static PyStmt *
ps_flow_stmt(PyParser *ps)
{
	PyStmt	   *s = ps_stmt(ps, PYS_IF, ps_pos(ps));
	OrmPtrVec	body = {0};
	OrmPtrVec	clauses = {0};
	bool		async = ps_accept(ps, PYT_ASYNC);
	PyClause   *c;

	if (!ps_check(ps, PYT_IF) && !ps_check(ps, PYT_WHILE) && !ps_check(ps, PYT_FOR) &&
		!ps_check(ps, PYT_WITH) && !ps_check(ps, PYT_TRY))
		ps_syntax_error(ps);
	s->name = async ? orm_sprintf(ps->arena, "async %s", ps->tok.str) : ps->tok.str;
	c = ORM_NEW(ps->arena, PyClause);
	ps_clause(ps, s, c, &body, async);
	orm_vec_push(ps->arena, &clauses, c);
	while (ps_at_clause(ps) && ps_clause_follows(&clauses, ps->tok.type))
	{
		c = ORM_NEW(ps->arena, PyClause);
		ps_clause(ps, s, c, &body, false);
		orm_vec_push(ps->arena, &clauses, c);
	}
	s->nbody = body.n;
	s->body = (PyStmt **) body.items;
	s->nclauses = clauses.n;
	s->clauses = ORM_NEWN(ps->arena, PyClause, clauses.n);
	for (int i = 0; i < clauses.n; i++)
		s->clauses[i] = *(PyClause *) clauses.items[i];
	return s;
}

/*
 * A def's body: its statements when they are all within the subset (so a
 * @declared_attr's "return mapped_column(...)" is read with its exact
 * positions), else skipped token by token with s->skipped set (ps_try).
 */
static void
ps_def_block(PyParser *ps, void *arg)
{
	ps_block(ps, arg);
}

static void
ps_def_body(PyParser *ps, PyStmt *s)
{
	OrmPtrVec	body = {0};

	if (ps_try(ps, ps_def_block, &body, NULL))
	{
		s->nbody = body.n;
		s->body = (PyStmt **) body.items;
		return;
	}
	s->skipped = true;
	ps_skip_block(ps);
}

/*
 * param: NAME [':' test] ['=' test] | '*' [NAME [':' test]] | '**' NAME [':' test] | '/'
 * A plain parameter's name is added to names ("*x" / "**x" with their stars).
 */
static void
ps_param(PyParser *ps, OrmPtrVec *names)
{
	bool		star = ps_accept(ps, '*');
	bool		dstar = !star && ps_accept(ps, PYT_POW);
	const char *name;

	if (!star && !dstar && ps_accept(ps, '/'))
		return;
	if (star && !ps_check(ps, PYT_NAME))
		return;
	name = ps_name(ps);
	orm_vec_push(ps->arena, names, star ? orm_sprintf(ps->arena, "*%s", name) :
				 dstar ? orm_sprintf(ps->arena, "**%s", name) : (void *) name);
	if (ps_accept(ps, ':'))
		ps_test(ps);
	if (!star && !dstar && ps_accept(ps, '='))
		ps_test(ps);
}

/* funcdef: 'def' NAME '(' [param (',' param)* [',']] ')' ['->' test] skipped_block */
static PyStmt *
ps_funcdef(PyParser *ps, PsPos pos)
{
	PyStmt	   *s = ps_stmt(ps, PYS_DEF, pos);
	OrmPtrVec	params = {0};

	ps_expect(ps, PYT_DEF);
	s->name = ps_name(ps);
	ps_expect(ps, '(');
	while (!ps_check(ps, ')'))
	{
		ps_param(ps, &params);
		if (!ps_accept(ps, ','))
			break;
	}
	ps_expect(ps, ')');
	s->nparams = params.n;
	s->params = (const char **) params.items;
	if (ps_accept(ps, PYT_ARROW))
		s->annotation = ps_test(ps);
	if (ps->keep_bodies)
	{
		OrmPtrVec	body = {0};

		ps_block(ps, &body);
		s->nbody = body.n;
		s->body = (PyStmt **) body.items;
	}
	else
		ps_def_body(ps, s);
	return s;
}

/* classdef: 'class' NAME ['(' arglist ')'] block */
static PyStmt *
ps_classdef(PyParser *ps)
{
	PyStmt	   *s = ps_stmt(ps, PYS_CLASS, ps_pos(ps));
	OrmPtrVec	body = {0};

	ps_expect(ps, PYT_CLASS);
	s->name = ps_name(ps);
	if (ps_check(ps, '('))
	{
		PsArgs		args;

		ps_arglist(ps, &args);
		s->nbases = args.pos.n;
		s->bases = (PyNode **) args.pos.items;
		s->nkw = args.kwnames.n;
		s->kwnames = (const char **) args.kwnames.items;
		s->kwvalues = (PyNode **) args.kwvalues.items;
	}
	ps_block(ps, &body);
	s->nbody = body.n;
	s->body = (PyStmt **) body.items;
	return s;
}

/* decorated: ('@' test NEWLINE)+ (classdef | ['async'] funcdef) */
static PyStmt *
ps_decorated(PyParser *ps)
{
	OrmPtrVec	decorators = {0};
	PyStmt	   *s;

	while (ps_accept(ps, '@'))
	{
		orm_vec_push(ps->arena, &decorators, ps_test(ps));
		ps_expect(ps, PYT_NEWLINE);
	}
	if (ps_check(ps, PYT_CLASS))
		s = ps_classdef(ps);
	else
	{
		PsPos		pos = ps_pos(ps);

		ps_accept(ps, PYT_ASYNC);
		s = ps_funcdef(ps, pos);
	}
	s->ndecorators = decorators.n;
	s->decorators = (PyNode **) decorators.items;
	return s;
}

/* statement: compound_stmt | simple_stmts */
static void
ps_statement(PyParser *ps, OrmPtrVec *out)
{
	PyStmt	   *s;

	switch (ps->tok.type)
	{
		case PYT_CLASS:
			s = ps_classdef(ps);
			break;
		case PYT_DEF:
			s = ps_funcdef(ps, ps_pos(ps));
			break;
		case '@':
			s = ps_decorated(ps);
			break;
		case PYT_ASYNC:
			if (ps_peek(ps) == PYT_DEF)
			{
				PsPos		pos = ps_pos(ps);

				ps_next(ps);
				s = ps_funcdef(ps, pos);
			}
			else
				s = ps_flow_stmt(ps);
			break;
		case PYT_IF:
		case PYT_WHILE:
		case PYT_FOR:
		case PYT_WITH:
		case PYT_TRY:
			s = ps_flow_stmt(ps);
			break;
		case PYT_INDENT:
			ps_syntax_error(ps);
			return;
		default:
			ps_simple_stmts(ps, out);
			return;
	}
	orm_vec_push(ps->arena, out, s);
}

/* file_input: statement* EOF */
static PyModule *
ps_file_input(PyParser *ps)
{
	PyModule   *m = ORM_NEW(ps->arena, PyModule);
	OrmPtrVec	stmts = {0};

	while (!ps_check(ps, PYT_EOF))
		ps_statement(ps, &stmts);
	m->nstmts = stmts.n;
	m->stmts = (PyStmt **) stmts.items;
	m->awaits = ps->awaits;
	return m;
}

/* ---- entry points --------------------------------------------------------- */

static PyParser *
ps_create(OrmArena *a, const char *src, OrmError *err)
{
	PyParser   *ps = ORM_NEW(a, PyParser);

	ps->arena = a;
	ps->err = err ? err : &ps->dummy_err;
	pylex_init(&ps->lx, a, src ? src : "", ps_lex_error, ps);
	ps->prev_end = src;
	return ps;
}

PyModule *
py_parse_module(OrmArena *a, const char *src, OrmError *err)
{
	PyParser   *ps = ps_create(a, src, err);

	if (setjmp(ps->jmp) != 0)
		return NULL;
	ps_next(ps);
	return ps_file_input(ps);
}

PyModule *
py_parse_module_bodies(OrmArena *a, const char *src, OrmError *err)
{
	PyParser   *ps = ps_create(a, src, err);

	ps->keep_bodies = true;
	if (setjmp(ps->jmp) != 0)
		return NULL;
	ps_next(ps);
	return ps_file_input(ps);
}

PyNode *
py_parse_expr(OrmArena *a, const char *src, OrmError *err)
{
	PyParser   *ps = ps_create(a, src, err);
	PyNode	   *n;

	if (setjmp(ps->jmp) != 0)
		return NULL;
	pylex_set_expr_mode(&ps->lx);
	ps_next(ps);
	n = ps_testlist_star(ps);
	if (!ps_check(ps, PYT_EOF))
		ps_syntax_error(ps);
	return n;
}

/* ---- helpers over nodes --------------------------------------------------- */

const char *
py_dotted_name(OrmArena *a, const PyNode *n)
{
	const char *prefix;

	if (!n)
		return NULL;
	if (n->kind == PY_NAME)
		return n->str;
	if (n->kind != PY_ATTR || !(prefix = py_dotted_name(a, n->a)))
		return NULL;
	return orm_sprintf(a, "%s.%s", prefix, n->str);
}

const char *
py_last_name(const PyNode *n)
{
	if (n && (n->kind == PY_NAME || n->kind == PY_ATTR))
		return n->str;
	return NULL;
}

PyNode *
py_kwarg(const PyNode *call, const char *name)
{
	if (!call || call->kind != PY_CALL)
		return NULL;
	for (int i = 0; i < call->nkw; i++)
		if (call->kwnames[i] && strcmp(call->kwnames[i], name) == 0)
			return call->kwvalues[i];
	return NULL;
}

/* ---- debug rendering ------------------------------------------------------ */

/* An operator's spelling: "==", "not in", "+". */
static void
py_dump_op(int op, OrmBuf *out)
{
	static const char *const names[] = {
		"==", "!=", "<=", ">=", "<<", ">>", "**", "//", "in", "not in",
		"is", "is not", "and", "or", "not"
	};

	if (op >= PY_OP_EQ && op <= PY_OP_NOT)
		orm_buf_puts(out, names[op - PY_OP_EQ]);
	else
		orm_buf_putc(out, (char) op);
}

/* A string literal: double quotes, \" \\ \n \t \r and \xNN for controls. */
static void
py_dump_str(const PyNode *n, OrmBuf *out)
{
	if (n->kind == PY_BYTES)
		orm_buf_putc(out, 'b');
	orm_buf_putc(out, '"');
	for (size_t i = 0; i < n->len; i++)
	{
		unsigned char c = (unsigned char) n->str[i];

		if (c == '"' || c == '\\')
			orm_buf_printf(out, "\\%c", c);
		else if (c == '\n')
			orm_buf_puts(out, "\\n");
		else if (c == '\t')
			orm_buf_puts(out, "\\t");
		else if (c == '\r')
			orm_buf_puts(out, "\\r");
		else if (c < 0x20 || c == 0x7F || (n->kind == PY_BYTES && c >= 0x80))
			orm_buf_printf(out, "\\x%02x", c);
		else
			orm_buf_putc(out, (char) c);
	}
	orm_buf_putc(out, '"');
}

static void
py_dump_list(PyNode *const *items, int n, OrmBuf *out)
{
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			orm_buf_puts(out, ", ");
		py_node_dump(items[i], out);
	}
}

/* The " for x in it if c" clauses of a comprehension. */
static void
py_dump_comp(const PyNode *n, OrmBuf *out)
{
	for (int i = 0; i < n->nkw; i++)
	{
		const PyNode *c = n->kwvalues[i];

		if (strcmp(n->kwnames[i], "for") == 0)
		{
			orm_buf_puts(out, " for ");
			py_node_dump(c->a, out);
			orm_buf_puts(out, " in ");
			py_node_dump(c->b, out);
		}
		else
		{
			orm_buf_puts(out, " if ");
			py_node_dump(c, out);
		}
	}
}

/* [a, b] (a, b) {a, b} {k: v} and their comprehensions */
static void
py_dump_display(const PyNode *n, OrmBuf *out)
{
	const char *open = n->kind == PY_LIST ? "[" : n->kind == PY_TUPLE ? "(" : "{";
	const char *close = n->kind == PY_LIST ? "]" : n->kind == PY_TUPLE ? ")" : "}";

	orm_buf_puts(out, open);
	if (n->kind == PY_DICT)
	{
		for (int i = 0; i < n->nitems; i++)
		{
			if (i > 0)
				orm_buf_puts(out, ", ");
			if (n->items[i])
			{
				py_node_dump(n->items[i], out);
				orm_buf_puts(out, ": ");
			}
			else
				orm_buf_puts(out, "**");
			py_node_dump(n->values[i], out);
		}
	}
	else
		py_dump_list(n->items, n->nitems, out);
	if (n->op == PY_OP_IN)
		py_dump_comp(n, out);
	else if (n->kind == PY_TUPLE && n->nitems == 1)
		orm_buf_putc(out, ',');
	orm_buf_puts(out, close);
}

/* f(a, *b, k=v, **d) */
static void
py_dump_call(const PyNode *n, OrmBuf *out)
{
	py_node_dump(n->a, out);
	orm_buf_putc(out, '(');
	py_dump_list(n->items, n->nitems, out);
	for (int i = 0; i < n->nkw; i++)
	{
		if (i > 0 || n->nitems > 0)
			orm_buf_puts(out, ", ");
		if (n->kwnames[i])
			orm_buf_printf(out, "%s=", n->kwnames[i]);
		py_node_dump(n->kwvalues[i], out);
	}
	orm_buf_putc(out, ')');
}

/* (lambda x, y=1: body) */
static void
py_dump_lambda(const PyNode *n, OrmBuf *out)
{
	orm_buf_puts(out, "(lambda");
	for (int i = 0; i < n->nkw; i++)
	{
		orm_buf_puts(out, i > 0 ? ", " : " ");
		orm_buf_puts(out, n->kwnames[i]);
		if (n->kwvalues[i])
		{
			orm_buf_putc(out, '=');
			py_node_dump(n->kwvalues[i], out);
		}
	}
	orm_buf_puts(out, ": ");
	py_node_dump(n->a, out);
	orm_buf_putc(out, ')');
}

/* lower:upper[:step] */
static void
py_dump_slice(const PyNode *n, OrmBuf *out)
{
	if (n->a)
		py_node_dump(n->a, out);
	orm_buf_putc(out, ':');
	if (n->b)
		py_node_dump(n->b, out);
	if (n->c)
	{
		orm_buf_putc(out, ':');
		py_node_dump(n->c, out);
	}
}

/* a[i]  (a tuple index without its parentheses) */
static void
py_dump_subscript(const PyNode *n, OrmBuf *out)
{
	py_node_dump(n->a, out);
	orm_buf_putc(out, '[');
	if (n->b->kind == PY_TUPLE && n->b->op == 0)
		py_dump_list(n->b->items, n->b->nitems, out);
	else
		py_node_dump(n->b, out);
	orm_buf_putc(out, ']');
}

/* (a op b) and (a and b and c) */
static void
py_dump_operator(const PyNode *n, OrmBuf *out)
{
	orm_buf_putc(out, '(');
	if (n->kind == PY_BOOLOP)
	{
		for (int i = 0; i < n->nitems; i++)
		{
			if (i > 0)
			{
				orm_buf_putc(out, ' ');
				py_dump_op(n->op, out);
				orm_buf_putc(out, ' ');
			}
			py_node_dump(n->items[i], out);
		}
	}
	else if (n->kind == PY_UNARY)
	{
		py_dump_op(n->op, out);
		if (n->op == PY_OP_NOT)
			orm_buf_putc(out, ' ');
		py_node_dump(n->a, out);
	}
	else if (n->kind == PY_IFEXP)
	{
		py_node_dump(n->a, out);
		orm_buf_puts(out, " if ");
		py_node_dump(n->b, out);
		orm_buf_puts(out, " else ");
		py_node_dump(n->c, out);
	}
	else
	{
		py_node_dump(n->a, out);
		orm_buf_putc(out, ' ');
		py_dump_op(n->op, out);
		orm_buf_putc(out, ' ');
		py_node_dump(n->b, out);
	}
	orm_buf_putc(out, ')');
}

/*
 * Python-like text with every operator node parenthesized, so the tree
 * shape is visible: "(a + (b * c))", "f(x, k=1)", "[e for x in y]".
 */
void
py_node_dump(const PyNode *n, OrmBuf *out)
{
	if (!n)
	{
		orm_buf_puts(out, "<null>");
		return;
	}
	switch (n->kind)
	{
		case PY_NAME:
		case PY_INT:
		case PY_FLOAT:
			orm_buf_puts(out, n->str);
			break;
		case PY_STR:
		case PY_BYTES:
			py_dump_str(n, out);
			break;
		case PY_NONE:
			orm_buf_puts(out, "None");
			break;
		case PY_TRUE:
			orm_buf_puts(out, "True");
			break;
		case PY_FALSE:
			orm_buf_puts(out, "False");
			break;
		case PY_ELLIPSIS:
			orm_buf_puts(out, "...");
			break;
		case PY_ATTR:
			py_node_dump(n->a, out);
			orm_buf_printf(out, ".%s", n->str);
			break;
		case PY_CALL:
			py_dump_call(n, out);
			break;
		case PY_SUBSCRIPT:
			py_dump_subscript(n, out);
			break;
		case PY_SLICE:
			py_dump_slice(n, out);
			break;
		case PY_BINOP:
		case PY_UNARY:
		case PY_COMPARE:
		case PY_BOOLOP:
		case PY_IFEXP:
			py_dump_operator(n, out);
			break;
		case PY_LIST:
		case PY_TUPLE:
		case PY_SET:
		case PY_DICT:
			py_dump_display(n, out);
			break;
		case PY_LAMBDA:
			py_dump_lambda(n, out);
			break;
		case PY_STARRED:
			orm_buf_putc(out, '*');
			py_node_dump(n->a, out);
			break;
		case PY_DSTARRED:
			orm_buf_puts(out, "**");
			py_node_dump(n->a, out);
			break;
	}
}
