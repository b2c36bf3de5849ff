/*
 * pylex.h -- the Python-subset lexer's internal interface (used only by
 * pyparse.c; the public contract is pyast.h).
 *
 * The lexer turns NUL-terminated source text into tokens one at a time, the
 * way Lua's llex.c does: the parser holds the current token and may peek one
 * token ahead.  It produces NEWLINE / INDENT / DEDENT from an indentation
 * stack (tabs advance to the next multiple of 8), joins lines inside
 * brackets and after a backslash, drops comments and blank lines, processes
 * string escapes into arena memory and records a 1-based line and column
 * (counted in characters, UTF-8 aware) for every token.
 *
 * The text must be UTF-8: before the first token the whole text is checked,
 * and an invalid byte is an error at its position (Python refuses such
 * source too); a name may not contain an invisible character (U+00A0 ...).
 *
 * Errors are raised through the callback in PyLex (the parser longjmps out
 * of both); the lexer itself never returns a half-made token after one.
 */
#ifndef ORM_PYLEX_H
#define ORM_PYLEX_H

#include "base/util.h"

/* Token types: single-character operators are their own char code. */
typedef enum PyTokType
{
	PYT_EOF = 0,
	PYT_FIRST_MULTI = 256,
	PYT_NEWLINE = PYT_FIRST_MULTI,
	PYT_INDENT,
	PYT_DEDENT,
	PYT_NAME,
	PYT_INT,
	PYT_FLOAT,
	PYT_STRING,					/* str, f-string (braces kept as text) */
	PYT_BYTES,
	/* multi-character operators */
	PYT_EQ,						/* == */
	PYT_NE,						/* != */
	PYT_LE,						/* <= */
	PYT_GE,						/* >= */
	PYT_LSHIFT,					/* << */
	PYT_RSHIFT,					/* >> */
	PYT_POW,					/* ** */
	PYT_FLOORDIV,				/* // */
	PYT_ARROW,					/* -> */
	PYT_WALRUS,					/* := */
	PYT_ELLIPSIS,				/* ... */
	PYT_AUGASSIGN,				/* += -= ... ; the operator is in tok.op */
	/* reserved words (keep in the order of pylex_keywords[]) */
	PYT_FIRST_KW,
	PYT_FALSE = PYT_FIRST_KW,
	PYT_NONE,
	PYT_TRUE,
	PYT_AND,
	PYT_AS,
	PYT_ASSERT,
	PYT_ASYNC,
	PYT_AWAIT,
	PYT_BREAK,
	PYT_CLASS,
	PYT_CONTINUE,
	PYT_DEF,
	PYT_DEL,
	PYT_ELIF,
	PYT_ELSE,
	PYT_EXCEPT,
	PYT_FINALLY,
	PYT_FOR,
	PYT_FROM,
	PYT_GLOBAL,
	PYT_IF,
	PYT_IMPORT,
	PYT_IN,
	PYT_IS,
	PYT_LAMBDA,
	PYT_NONLOCAL,
	PYT_NOT,
	PYT_OR,
	PYT_PASS,
	PYT_RAISE,
	PYT_RETURN,
	PYT_TRY,
	PYT_WHILE,
	PYT_WITH,
	PYT_YIELD,
	PYT_LAST_KW = PYT_YIELD
} PyTokType;

typedef struct PyTok
{
	int			type;			/* PyTokType or an ASCII char */
	int			line;			/* 1-based */
	int			col;			/* 1-based, in characters */
	const char *start;			/* raw text in the source */
	size_t		rawlen;			/* raw length (0 for INDENT/DEDENT/EOF) */
	const char *str;			/* NAME text, INT/FLOAT text as written,
								 * STRING/BYTES value (escapes processed) */
	size_t		len;			/* length of str */
	int64_t		ival;			/* INT value (saturates at INT64_MAX) */
	double		fval;			/* FLOAT value */
	int			op;				/* AUGASSIGN: the PY_OP_* / char operator */
} PyTok;

typedef struct PyLex PyLex;

/* Called on a lexical error; must not return (the parser longjmps). */
typedef void (*PyLexErrorFn) (PyLex *lx, int line, int col, const char *msg);

#define PYLEX_MAX_INDENT	100
#define PYLEX_MAX_BRACKETS	200

struct PyLex
{
	OrmArena   *arena;
	const char *src;
	const char *p;				/* next unread byte */
	int			line;			/* of *p */
	int			col;			/* of *p */
	bool		at_line_start;	/* indentation must be measured next */
	bool		line_has_tokens;	/* a NEWLINE is owed at end of line */
	bool		expr_mode;		/* one expression: no NEWLINE/INDENT at all */
	bool		checked;		/* the text was found to be valid UTF-8 */
	int			pending_dedents;
	int			indent_depth;
	int			indents[PYLEX_MAX_INDENT];
	int			nbrackets;
	char		brackets[PYLEX_MAX_BRACKETS];
	int			bracket_line[PYLEX_MAX_BRACKETS];
	int			bracket_col[PYLEX_MAX_BRACKETS];
	PyLexErrorFn error;
	void	   *error_arg;		/* for the callback */
};

void		pylex_init(PyLex *lx, OrmArena *a, const char *src,
					   PyLexErrorFn error, void *error_arg);
/* Lexes a single expression: newlines and indentation are insignificant. */
void		pylex_set_expr_mode(PyLex *lx);
/* Reads the next token into *tok. */
void		pylex_next(PyLex *lx, PyTok *tok);

#endif							/* ORM_PYLEX_H */
