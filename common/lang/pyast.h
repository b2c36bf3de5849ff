/*
 * pyast.h -- the Python subset that declarations and queries are written in.
 *
 * One lexer (pylex.c) and one recursive-descent parser (pyparse.c) turn text
 * into this generic syntax tree; declare.c interprets module-level statements
 * and class bodies as mappings, query.c evaluates expressions as SQL
 * constructs.  Neither interpreter ever sees text.
 *
 * Grammar accepted (a subset of Python 3.11):
 *   module     : statement*
 *   statement  : import | from-import | class | def | decorated | assignment
 *              | annotated-assignment | expression | pass | return-less simple
 *                statements (pass, ...) | if/elif/else, for/else, while/else
 *                (their conditions, targets and iterables kept: PyClause),
 *                with and try (headers skipped, bodies kept)
 *   expression : lambda | ternary (a if c else b) | or | and | not | comparison
 *                (== != < <= > >= in, not in, is, is not; chained) | | ^ & << >>
 *                + - * / // % @ ** unary(- + ~) | await-less primaries
 *   primary    : atom trailers   trailers: .name  (args)  [subscript]
 *   atom       : name, number, string (adjacent literals concatenated; r, b,
 *                f prefixes: f-strings kept as plain strings), ..., None, True,
 *                False, (tuple / parenthesized / generator-less), [list], {dict},
 *                {set}
 *   args       : positional, name=value, *x, **x
 * A def keeps its return annotation and its body's statements when the body
 * is within this subset (else the body is skipped token by token and the
 * statement is marked skipped); decorators are kept as nodes on the
 * statement.  Imports keep their module and names.  The text must be UTF-8
 * (an invalid byte is a syntax error at its position, as in Python).
 */
#ifndef ORM_PYAST_H
#define ORM_PYAST_H

#include "base/util.h"

typedef enum PyKind
{
	PY_NAME,					/* str */
	PY_INT,						/* ival, str = digits as written */
	PY_FLOAT,					/* fval, str = text as written */
	PY_STR,						/* str,len (escapes processed) */
	PY_BYTES,					/* str,len */
	PY_NONE,
	PY_TRUE,
	PY_FALSE,
	PY_ELLIPSIS,
	PY_ATTR,					/* a.str */
	PY_CALL,					/* a(items..., kwnames=kwvalues...) */
	PY_SUBSCRIPT,				/* a[b]  (b is a PY_TUPLE for a[x, y], PY_SLICE for a[i:j]) */
	PY_SLICE,					/* a:b (either NULL) */
	PY_BINOP,					/* a op b */
	PY_UNARY,					/* op a  (op: '-', '+', '~', PY_OP_NOT) */
	PY_COMPARE,					/* a op b (chains are nested as and of pairs) */
	PY_BOOLOP,					/* items joined by op (PY_OP_AND / PY_OP_OR) */
	PY_IFEXP,					/* a if b else c  : a, b, c */
	PY_LIST,					/* items */
	PY_TUPLE,					/* items */
	PY_SET,						/* items */
	PY_DICT,					/* items = keys, values = values (key NULL for **x) */
	PY_LAMBDA,					/* params in kwnames (nkw), body in a */
	PY_STARRED,					/* *a   in call args / lists */
	PY_DSTARRED					/* **a  in call args */
} PyKind;

/* Operator codes: single-char operators are their char; the rest: */
enum
{
	PY_OP_EQ = 256,				/* == */
	PY_OP_NE,					/* != */
	PY_OP_LE,					/* <= */
	PY_OP_GE,					/* >= */
	PY_OP_LSHIFT,				/* << */
	PY_OP_RSHIFT,				/* >> */
	PY_OP_POW,					/* ** */
	PY_OP_FLOORDIV,				/* // */
	PY_OP_IN,					/* in */
	PY_OP_NOT_IN,				/* not in */
	PY_OP_IS,					/* is */
	PY_OP_IS_NOT,				/* is not */
	PY_OP_AND,					/* and */
	PY_OP_OR,					/* or */
	PY_OP_NOT					/* not */
	/* '<' '>' '+' '-' '*' '/' '%' '&' '|' '^' '~' '@' as themselves */
};

typedef struct PyNode PyNode;

struct PyNode
{
	PyKind		kind;
	int			line;			/* 1-based */
	int			col;			/* 1-based, first character of the node */
	int			op;				/* BINOP, UNARY, COMPARE, BOOLOP */
	const char *str;			/* NAME, ATTR name, STR/BYTES value, INT/FLOAT text */
	size_t		len;			/* STR/BYTES length */
	int64_t		ival;			/* INT (saturates; str keeps the digits) */
	double		fval;			/* FLOAT */
	PyNode	   *a;				/* ATTR/CALL/SUBSCRIPT value, BINOP/COMPARE left, UNARY operand,
								 * IFEXP body, LAMBDA body, SLICE lower, STARRED value */
	PyNode	   *b;				/* SUBSCRIPT index, BINOP/COMPARE right, IFEXP test, SLICE upper */
	PyNode	   *c;				/* IFEXP orelse */
	int			nitems;
	PyNode	  **items;			/* CALL positional args, LIST/TUPLE/SET/BOOLOP items, DICT keys */
	PyNode	  **values;			/* DICT values */
	int			nkw;
	const char **kwnames;		/* CALL keyword names (NULL entry for **x), LAMBDA params */
	PyNode	  **kwvalues;		/* CALL keyword values */
	const char *src;			/* pointer into the source text where the node starts */
	size_t		srclen;			/* length of the node's source text */
};

typedef enum PyStmtKind
{
	PYS_EXPR,					/* value (docstrings too) */
	PYS_ASSIGN,					/* target = value  (a = b = c: targets in targets[]) */
	PYS_ANNASSIGN,				/* target: annotation [= value] */
	PYS_AUGASSIGN,				/* target op= value */
	PYS_CLASS,					/* name(bases, keywords): body */
	PYS_DEF,					/* def name(...) -> annotation: body (see skipped) */
	PYS_IMPORT,					/* import a.b as c / from m import x as y */
	PYS_PASS,					/* pass, break, continue, return, raise, assert, del, global
								 * (name: the keyword; return keeps its value) */
	PYS_IF,						/* if/elif/else, while, for, with, try: clauses below */
} PyStmtKind;

typedef struct PyStmt PyStmt;

/*
 * One clause of a compound statement (PYS_IF): "if", "elif", "else",
 * "while", "for", "with", "try", "except", "finally".  An if/elif/while
 * clause keeps its condition in test; a for statement's target and iterable
 * are on the statement (target, value).  A header outside the subset (or a
 * with/try/except header, which is never parsed) leaves test NULL; for an
 * if/elif/while/for header, error then holds the syntax error it gave, with
 * its place, and the statement is marked skipped.
 */
typedef struct PyClause
{
	const char *kw;
	int			line;
	int			col;
	PyNode	   *test;
	int			nbody;
	PyStmt	  **body;
	const char *error;			/* the header's syntax error, or NULL */
	int			err_line;
	int			err_col;
} PyClause;

struct PyStmt
{
	PyStmtKind	kind;
	int			line;
	int			col;
	PyNode	   *target;			/* ASSIGN (last target), ANNASSIGN, AUGASSIGN; IF of a "for":
								 * its target (a "with" of py_parse_module_bodies: its
								 * "as" target) */
	int			ntargets;
	PyNode	  **targets;		/* ASSIGN: all targets, left to right */
	PyNode	   *annotation;		/* ANNASSIGN; DEF: the return annotation (NULL if none) */
	PyNode	   *value;			/* IF of a "for": its iterable (of a "with", see
								 * py_parse_module_bodies); EXPR, ASSIGN, ANNASSIGN (NULL
								 * when absent), AUGASSIGN,
								 * PASS of a return (NULL when bare) */
	int			op;				/* AUGASSIGN operator */
	const char *name;			/* CLASS, DEF; PASS: the keyword ("return", "pass" ...);
								 * IMPORT: the module of from-import ("..m.x"), NULL for
								 * import */
	int			nbases;
	PyNode	  **bases;			/* CLASS positional bases */
	int			nkw;
	const char **kwnames;		/* CLASS keywords (metaclass=...) */
	PyNode	  **kwvalues;
	int			ndecorators;
	PyNode	  **decorators;		/* CLASS, DEF */
	int			nbody;
	PyStmt	  **body;			/* CLASS, DEF, IF bodies (DEF: also with py_parse_module_bodies;
								 * IF: the statements of all its clauses in source order) */
	int			nclauses;		/* IF: its clauses in source order */
	PyClause   *clauses;
	bool		skipped;		/* DEF: the body was outside the subset and skipped
								 * (nbody 0); IF: a header was outside it (its clause's
								 * error says how) */
	int			nparams;		/* DEF: its parameters' names in order ("*a" / "**k"
								 * with their stars); defaults and annotations are
								 * parsed, not kept */
	const char **params;
	int			nnames;			/* IMPORT */
	const char **names;			/* IMPORT: "a.b" (import), "x" (from-import), "*" */
	const char **asnames;		/* IMPORT: the "as" name of each, or NULL */
};

typedef struct PyModule
{
	int			nstmts;
	PyStmt	  **stmts;
	bool		awaits;			/* the text awaits (`await session.execute(...)`): code
								 * that runs on an AsyncSession */
} PyModule;

/*
 * Parses src (NUL-terminated) into a module.  On a syntax error returns NULL
 * with err set to ORM_ERR_SYNTAX and the line/column of the offending token,
 * message like: invalid syntax near "foo" / unterminated string / unexpected
 * indent.  Nesting deeper than 200 levels is an error, not a crash.
 */
PyModule   *py_parse_module(OrmArena *a, const char *src, OrmError *err);

/*
 * Same, keeping what py_parse_module skips (migration scripts, migrate.c):
 * a def's body statements in body/nbody, and a "with x as y:" header in the
 * PYS_IF statement's value (x) and target (y, or NULL).
 */
PyModule   *py_parse_module_bodies(OrmArena *a, const char *src, OrmError *err);

/* Parses a single expression (leading/trailing whitespace allowed). */
PyNode	   *py_parse_expr(OrmArena *a, const char *src, OrmError *err);

/* Dotted name of a NAME/ATTR chain ("sa.orm.relationship"), or NULL. */
const char *py_dotted_name(OrmArena *a, const PyNode *n);

/* The last component of a NAME/ATTR chain ("relationship"), or NULL. */
const char *py_last_name(const PyNode *n);

/* Keyword argument of a CALL by name, or NULL. */
PyNode	   *py_kwarg(const PyNode *call, const char *name);

/* Debug rendering of a node as Python-like text (for tests). */
void		py_node_dump(const PyNode *n, OrmBuf *out);

#endif							/* ORM_PYAST_H */
