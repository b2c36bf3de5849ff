/*
 * pylex.c -- hand-written lexer for the Python subset of pyast.h.
 *
 * Owns: turning source text into tokens (pylex.h), one token per call, in
 * the manner of Lua's llex.c.  Assumes NUL-terminated text in UTF-8 (bytes
 * >= 0x80 are allowed in identifiers and strings and are not validated).
 * Allocates only from the arena; reports errors through lx->error, which
 * never returns.  Must not know anything about the grammar beyond brackets
 * (for implicit line joining) and indentation.
 *
 * How it works:
 *   - At the start of each logical line outside brackets the indentation is
 *     measured (tab -> next multiple of 8, form feed -> 0) and compared with
 *     the stack: deeper pushes and yields INDENT, shallower pops and yields
 *     one DEDENT per level (pending_dedents), and a width that matches no
 *     outer level is an error.  Blank and comment-only lines never count.
 *   - A NEWLINE is produced only when the line had a token, and only outside
 *     brackets; at end of input a missing NEWLINE is supplied, then the
 *     remaining DEDENTs, then EOF.
 *   - Strings: prefixes r b u f (any case, rb/br/fr/rf combinations), single
 *     or triple quoted; escapes are processed into arena memory (\uXXXX etc.
 *     encoded as UTF-8), raw strings keep backslashes, f-strings are returned
 *     as plain text with their braces untouched.
 */
#include "lang/pylex.h"
#include "lang/pyast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reserved words, in PyTokType order starting at PYT_FIRST_KW. */
static const char *const pylex_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield"
};

/* ---- error and character helpers ---------------------------------------- */

static void
pylex_fail(PyLex *lx, int line, int col, const char *msg)
{
	lx->error(lx, line, col, msg);
}

static bool
pylex_is_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool
pylex_is_name_char(unsigned char c)
{
	return pylex_is_name_start(c) || (c >= '0' && c <= '9');
}

static int
pylex_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 when it is not one.
 * *cp gets its code point.
 */
static int
pylex_utf8(const unsigned char *p, uint32_t *cp)
{
	int			n,
				i;
	uint32_t	c = p[0];

	if (c < 0x80)
		n = 1;
	else if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07;
	else
		return 0;
	for (i = 1; i < n; i++)
	{
		if ((p[i] & 0xC0) != 0x80)
			return 0;			/* also stops at the terminating NUL */
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
		(c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/*
 * The whole text must be UTF-8: the first byte that starts no well-formed
 * sequence is an error at its position.
 */
static void
pylex_check_utf8(PyLex *lx)
{
	const unsigned char *p = (const unsigned char *) lx->p;
	int			line = lx->line,
				col = lx->col;

	while (*p)
	{
		uint32_t	cp;
		int			n = *p < 0x80 ? 1 : pylex_utf8(p, &cp);

		if (n == 0)
		{
			char		msg[64];

			snprintf(msg, sizeof(msg), "invalid UTF-8 byte 0x%02x", *p);
			pylex_fail(lx, line, col, msg);
		}
		if (*p == '\n')
			line++, col = 1;
		else
			col++;
		p += n;
	}
	lx->checked = true;
}

/*
 * Characters that look like nothing (or like a blank) but are not one:
 * inside a name they are an error, as in Python ("invalid non-printable
 * character U+00A0"), not part of the name.
 */
static bool
pylex_invisible(uint32_t cp)
{
	return cp == 0x00A0 || cp == 0x00AD || cp == 0x1680 || cp == 0x180E ||
		(cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
		(cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0xFEFF;
}

/* Consumes one byte, keeping line and (character) column current. */
static void
pylex_advance(PyLex *lx)
{
	unsigned char c = (unsigned char) *lx->p;

	if (c == '\0')
		return;
	lx->p++;
	if (c == '\n')
	{
		lx->line++;
		lx->col = 1;
	}
	else if ((c & 0xC0) != 0x80)
		lx->col++;
}

static void
pylex_begin(PyLex *lx, PyTok *tok, int type)
{
	memset(tok, 0, sizeof(*tok));
	tok->type = type;
	tok->line = lx->line;
	tok->col = lx->col;
	tok->start = lx->p;
}

static void
pylex_finish(PyLex *lx, PyTok *tok)
{
	tok->rawlen = (size_t) (lx->p - tok->start);
}

void
pylex_init(PyLex *lx, OrmArena *a, const char *src, PyLexErrorFn error, void *error_arg)
{
	memset(lx, 0, sizeof(*lx));
	lx->arena = a;
	lx->src = src;
	lx->p = src;
	lx->line = 1;
	lx->col = 1;
	lx->at_line_start = true;
	lx->error = error;
	lx->error_arg = error_arg;
	if (strncmp(src, "\xEF\xBB\xBF", 3) == 0)
		lx->p += 3;				/* UTF-8 byte order mark */
}

void
pylex_set_expr_mode(PyLex *lx)
{
	lx->expr_mode = true;
	lx->at_line_start = false;
}

/* Inside brackets or in expression mode lines are joined implicitly. */
static bool
pylex_joined(const PyLex *lx)
{
	return lx->nbrackets > 0 || lx->expr_mode;
}

/* ---- indentation ---------------------------------------------------------- */

/*
 * Measures the indentation of the next non-blank line and emits INDENT or
 * queues DEDENTs.  Returns true when *tok was filled with an INDENT.
 */
static bool
pylex_indentation(PyLex *lx, PyTok *tok)
{
	int			width = 0;

	for (;;)
	{
		char		c = *lx->p;

		if (c == ' ')
			width++;
		else if (c == '\t')
			width = (width / 8 + 1) * 8;
		else if (c == '\f')
			width = 0;
		else if (c == '\r')
			;
		else if (c == '#')
		{
			while (*lx->p && *lx->p != '\n')
				pylex_advance(lx);
			continue;
		}
		else if (c == '\n')
			width = 0;
		else
			break;
		pylex_advance(lx);
	}
	lx->at_line_start = false;
	if (*lx->p == '\0')
		return false;			/* end of input: dedents come from there */
	if (width > lx->indents[lx->indent_depth])
	{
		if (lx->indent_depth + 1 >= PYLEX_MAX_INDENT)
			pylex_fail(lx, lx->line, lx->col, "too many levels of indentation");
		lx->indents[++lx->indent_depth] = width;
		pylex_begin(lx, tok, PYT_INDENT);
		return true;
	}
	while (width < lx->indents[lx->indent_depth])
	{
		lx->indent_depth--;
		lx->pending_dedents++;
	}
	if (width != lx->indents[lx->indent_depth])
		pylex_fail(lx, lx->line, lx->col,
				   "unindent does not match any outer indentation level");
	return false;
}

/* ---- names and numbers ---------------------------------------------------- */

static int
pylex_keyword(const char *s, size_t n)
{
	if (n < 2 || n > 8)
		return PYT_NAME;
	for (int i = 0; i <= PYT_LAST_KW - PYT_FIRST_KW; i++)
	{
		const char *k = pylex_keywords[i];

		if (k[0] == s[0] && strncmp(k, s, n) == 0 && k[n] == '\0')
			return PYT_FIRST_KW + i;
	}
	return PYT_NAME;
}

static void
pylex_name(PyLex *lx, PyTok *tok)
{
	pylex_begin(lx, tok, PYT_NAME);
	while (pylex_is_name_char((unsigned char) *lx->p))
	{
		uint32_t	cp;

		if ((unsigned char) *lx->p >= 0x80 &&
			pylex_utf8((const unsigned char *) lx->p, &cp) > 0 && pylex_invisible(cp))
		{
			char		msg[64];

			snprintf(msg, sizeof(msg), "invalid non-printable character U+%04X", (unsigned) cp);
			pylex_fail(lx, lx->line, lx->col, msg);
		}
		pylex_advance(lx);
	}
	pylex_finish(lx, tok);
	tok->type = pylex_keyword(tok->start, tok->rawlen);
	tok->str = orm_strndup(lx->arena, tok->start, tok->rawlen);
	tok->len = tok->rawlen;
}

/* Consumes digits of the given base with single underscores between them. */
static void
pylex_digits(PyLex *lx, PyTok *tok, int base, uint64_t *val, bool *overflow)
{
	bool		any = false;

	for (;;)
	{
		unsigned char c = (unsigned char) *lx->p;
		int			d = pylex_hexval(c);

		if (c == '_' && any && pylex_hexval((unsigned char) lx->p[1]) >= 0 &&
			pylex_hexval((unsigned char) lx->p[1]) < base)
		{
			pylex_advance(lx);
			continue;
		}
		if (d < 0 || d >= base)
			break;
		if (*val > (UINT64_MAX - (uint64_t) d) / (uint64_t) base)
			*overflow = true;
		else
			*val = *val * (uint64_t) base + (uint64_t) d;
		any = true;
		pylex_advance(lx);
	}
	if (!any)
		pylex_fail(lx, tok->line, tok->col, "invalid number literal");
}

/* The fractional part and exponent of a decimal literal; true if present. */
static bool
pylex_float_tail(PyLex *lx, PyTok *tok)
{
	bool		isfloat = false;
	uint64_t	ignore = 0;
	bool		ovf = false;

	if (*lx->p == '.')
	{
		isfloat = true;
		pylex_advance(lx);
		if (*lx->p >= '0' && *lx->p <= '9')
			pylex_digits(lx, tok, 10, &ignore, &ovf);
	}
	if (*lx->p == 'e' || *lx->p == 'E')
	{
		isfloat = true;
		pylex_advance(lx);
		if (*lx->p == '+' || *lx->p == '-')
			pylex_advance(lx);
		pylex_digits(lx, tok, 10, &ignore, &ovf);
	}
	return isfloat;
}

/* Converts the float text (underscores removed) with strtod. */
static double
pylex_float_value(PyLex *lx, const char *s, size_t n)
{
	char	   *clean = orm_alloc(lx->arena, n + 1);
	size_t		k = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			clean[k++] = s[i];
	clean[k] = '\0';
	return strtod(clean, NULL);
}

/*
 * number: decimal ints, 0x / 0o / 0b ints, floats (1.5, 1e10, .5, 1.);
 * underscores between digits.  str keeps the text as written.
 */
static void
pylex_number(PyLex *lx, PyTok *tok)
{
	uint64_t	val = 0;
	bool		overflow = false;
	char		p1 = lx->p[1];

	pylex_begin(lx, tok, PYT_INT);
	if (*lx->p == '0' && (p1 == 'x' || p1 == 'X' || p1 == 'o' || p1 == 'O' ||
						  p1 == 'b' || p1 == 'B'))
	{
		int			base = (p1 == 'x' || p1 == 'X') ? 16 : (p1 == 'o' || p1 == 'O') ? 8 : 2;

		pylex_advance(lx);
		pylex_advance(lx);
		if (*lx->p == '_')
			pylex_advance(lx);
		pylex_digits(lx, tok, base, &val, &overflow);
	}
	else
	{
		if (*lx->p != '.')
			pylex_digits(lx, tok, 10, &val, &overflow);
		if (pylex_float_tail(lx, tok))
			tok->type = PYT_FLOAT;
	}
	if (pylex_is_name_char((unsigned char) *lx->p))
		pylex_fail(lx, tok->line, tok->col, "invalid number literal");
	pylex_finish(lx, tok);
	tok->str = orm_strndup(lx->arena, tok->start, tok->rawlen);
	tok->len = tok->rawlen;
	if (tok->type == PYT_FLOAT)
		tok->fval = pylex_float_value(lx, tok->start, tok->rawlen);
	else
		tok->ival = (overflow || val > (uint64_t) INT64_MAX) ? INT64_MAX : (int64_t) val;
}

/* ---- strings -------------------------------------------------------------- */

typedef struct PyStrPrefix
{
	bool		raw;
	bool		bytes;
	bool		fstr;
} PyStrPrefix;

/* Length of a string prefix at p that is followed by a quote, or -1. */
static int
pylex_string_prefix(const char *p, PyStrPrefix *pf)
{
	int			n = 0;

	memset(pf, 0, sizeof(*pf));
	while (n < 3)
	{
		char		c = p[n];

		if (c == '\'' || c == '"')
			break;
		if ((c == 'r' || c == 'R') && !pf->raw)
			pf->raw = true;
		else if ((c == 'b' || c == 'B') && !pf->bytes && !pf->fstr)
			pf->bytes = true;
		else if ((c == 'f' || c == 'F') && !pf->fstr && !pf->bytes)
			pf->fstr = true;
		else if ((c == 'u' || c == 'U') && n == 0 && (p[1] == '\'' || p[1] == '"'))
			;
		else
			return -1;
		n++;
	}
	if (n == 0 || n > 2 || (p[n] != '\'' && p[n] != '"'))
		return -1;
	return n;
}

static void
pylex_put_utf8(OrmBuf *b, uint32_t cp)
{
	if (cp < 0x80)
		orm_buf_putc(b, (char) cp);
	else if (cp < 0x800)
	{
		orm_buf_putc(b, (char) (0xC0 | (cp >> 6)));
		orm_buf_putc(b, (char) (0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		orm_buf_putc(b, (char) (0xE0 | (cp >> 12)));
		orm_buf_putc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
		orm_buf_putc(b, (char) (0x80 | (cp & 0x3F)));
	}
	else
	{
		orm_buf_putc(b, (char) (0xF0 | (cp >> 18)));
		orm_buf_putc(b, (char) (0x80 | ((cp >> 12) & 0x3F)));
		orm_buf_putc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
		orm_buf_putc(b, (char) (0x80 | (cp & 0x3F)));
	}
}

/* Reads exactly n hex digits after an escape letter; error if fewer. */
static uint32_t
pylex_hex_escape(PyLex *lx, int n, int line, int col)
{
	uint32_t	v = 0;

	for (int i = 0; i < n; i++)
	{
		int			d = pylex_hexval((unsigned char) *lx->p);

		if (d < 0)
			pylex_fail(lx, line, col, "invalid escape sequence in string");
		v = v * 16 + (uint32_t) d;
		pylex_advance(lx);
	}
	return v;
}

/* A code point or byte value into the string being built. */
static void
pylex_put_value(PyLex *lx, OrmBuf *b, uint32_t v, bool bytes, int line, int col)
{
	if (bytes)
		orm_buf_putc(b, (char) (v & 0xFF));
	else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		pylex_fail(lx, line, col, "invalid unicode escape in string");
	else
		pylex_put_utf8(b, v);
}

/* One escape sequence after the backslash (which is consumed). */
static void
pylex_escape(PyLex *lx, OrmBuf *b, bool bytes)
{
	int			line = lx->line;
	int			col = lx->col - 1;
	char		c = *lx->p;
	const char *simple = strchr("\\'\"abfnrtv", c);
	static const char simple_val[] = "\\'\"\a\b\f\n\r\t\v";

	if (c != '\0' && simple)
	{
		orm_buf_putc(b, simple_val[simple - "\\'\"abfnrtv"]);
		pylex_advance(lx);
	}
	else if (c == '\n' || (c == '\r' && lx->p[1] == '\n'))
	{
		if (c == '\r')
			pylex_advance(lx);
		pylex_advance(lx);		/* backslash-newline: continuation */
	}
	else if (c >= '0' && c <= '7')
	{
		uint32_t	v = 0;

		for (int i = 0; i < 3 && *lx->p >= '0' && *lx->p <= '7'; i++)
		{
			v = v * 8 + (uint32_t) (*lx->p - '0');
			pylex_advance(lx);
		}
		pylex_put_value(lx, b, v, bytes, line, col);
	}
	else if (c == 'x')
	{
		pylex_advance(lx);
		pylex_put_value(lx, b, pylex_hex_escape(lx, 2, line, col), bytes, line, col);
	}
	else if ((c == 'u' || c == 'U') && !bytes)
	{
		pylex_advance(lx);
		pylex_put_value(lx, b, pylex_hex_escape(lx, c == 'u' ? 4 : 8, line, col),
						false, line, col);
	}
	else if (c == 'N' && !bytes)
		pylex_fail(lx, line, col, "\\N{...} escapes are not supported");
	else
		orm_buf_putc(b, '\\');	/* unknown escape: kept as written */
}

/* Body of a string after its opening quote(s), up to and including the close. */
static void
pylex_string_body(PyLex *lx, PyTok *tok, const PyStrPrefix *pf, char q, bool triple, OrmBuf *b)
{
	for (;;)
	{
		char		c = *lx->p;

		if (c == '\0' || (c == '\n' && !triple))
			pylex_fail(lx, tok->line, tok->col, "unterminated string");
		if (c == q && (!triple || (lx->p[1] == q && lx->p[2] == q)))
		{
			for (int i = 0; i < (triple ? 3 : 1); i++)
				pylex_advance(lx);
			return;
		}
		if (c != '\\')
		{
			const char *run = lx->p;

			while (*lx->p && *lx->p != q && *lx->p != '\\' && *lx->p != '\n')
				pylex_advance(lx);
			if (lx->p == run)
				pylex_advance(lx);	/* a newline inside a triple-quoted string */
			orm_buf_put(b, run, (size_t) (lx->p - run));
			continue;
		}
		pylex_advance(lx);
		if (pf->raw)
		{
			orm_buf_putc(b, c);
			if (*lx->p == q || *lx->p == '\\' || *lx->p == '\n')
			{
				orm_buf_putc(b, *lx->p);
				pylex_advance(lx);
			}
		}
		else
			pylex_escape(lx, b, pf->bytes);
	}
}

/* string: prefix? ('...' | "..." | '''...''' | """...""") */
static void
pylex_string(PyLex *lx, PyTok *tok, int prefixlen, const PyStrPrefix *pf)
{
	OrmBuf		b;
	char		q;
	bool		triple;

	pylex_begin(lx, tok, pf->bytes ? PYT_BYTES : PYT_STRING);
	for (int i = 0; i < prefixlen; i++)
		pylex_advance(lx);
	q = *lx->p;
	triple = lx->p[1] == q && lx->p[2] == q;
	for (int i = 0; i < (triple ? 3 : 1); i++)
		pylex_advance(lx);
	orm_buf_init(&b, lx->arena);
	pylex_string_body(lx, tok, pf, q, triple, &b);
	pylex_finish(lx, tok);
	tok->str = orm_buf_cstr(&b);
	tok->len = b.len;
}

/* ---- operators ------------------------------------------------------------ */

typedef struct PyOpSpelling
{
	const char *text;
	int			type;
	int			op;				/* AUGASSIGN operator */
} PyOpSpelling;

/* Longest first, so the first match wins. */
static const PyOpSpelling pylex_ops[] = {
	{"**=", PYT_AUGASSIGN, PY_OP_POW},
	{"//=", PYT_AUGASSIGN, PY_OP_FLOORDIV},
	{">>=", PYT_AUGASSIGN, PY_OP_RSHIFT},
	{"<<=", PYT_AUGASSIGN, PY_OP_LSHIFT},
	{"...", PYT_ELLIPSIS, 0},
	{"==", PYT_EQ, 0},
	{"!=", PYT_NE, 0},
	{"<=", PYT_LE, 0},
	{">=", PYT_GE, 0},
	{"<<", PYT_LSHIFT, 0},
	{">>", PYT_RSHIFT, 0},
	{"**", PYT_POW, 0},
	{"//", PYT_FLOORDIV, 0},
	{"->", PYT_ARROW, 0},
	{":=", PYT_WALRUS, 0},
	{"+=", PYT_AUGASSIGN, '+'},
	{"-=", PYT_AUGASSIGN, '-'},
	{"*=", PYT_AUGASSIGN, '*'},
	{"/=", PYT_AUGASSIGN, '/'},
	{"%=", PYT_AUGASSIGN, '%'},
	{"&=", PYT_AUGASSIGN, '&'},
	{"|=", PYT_AUGASSIGN, '|'},
	{"^=", PYT_AUGASSIGN, '^'},
	{"@=", PYT_AUGASSIGN, '@'},
};

/* Tracks ( [ { for implicit line joining and bracket-matching errors. */
static void
pylex_bracket(PyLex *lx, const PyTok *tok, char c)
{
	static const char *const closers = ")]}";
	static const char *const openers = "([{";

	if (strchr(openers, c))
	{
		if (lx->nbrackets >= PYLEX_MAX_BRACKETS)
			pylex_fail(lx, tok->line, tok->col, "too many nested brackets");
		lx->brackets[lx->nbrackets] = c;
		lx->bracket_line[lx->nbrackets] = tok->line;
		lx->bracket_col[lx->nbrackets] = tok->col;
		lx->nbrackets++;
	}
	else
	{
		char		want;
		char		msg[64];

		if (lx->nbrackets == 0)
		{
			snprintf(msg, sizeof(msg), "unmatched \"%c\"", c);
			pylex_fail(lx, tok->line, tok->col, msg);
		}
		want = closers[strchr(openers, lx->brackets[lx->nbrackets - 1]) - openers];
		if (want != c)
		{
			snprintf(msg, sizeof(msg), "closing \"%c\" does not match \"%c\"",
					 c, lx->brackets[lx->nbrackets - 1]);
			pylex_fail(lx, tok->line, tok->col, msg);
		}
		lx->nbrackets--;
	}
}

static void
pylex_operator(PyLex *lx, PyTok *tok)
{
	char		c = *lx->p;
	char		msg[64];

	pylex_begin(lx, tok, c);
	for (size_t i = 0; i < sizeof(pylex_ops) / sizeof(pylex_ops[0]); i++)
	{
		size_t		n;

		if (pylex_ops[i].text[0] != c)
			continue;
		n = strlen(pylex_ops[i].text);
		if (strncmp(lx->p, pylex_ops[i].text, n) == 0)
		{
			tok->type = pylex_ops[i].type;
			tok->op = pylex_ops[i].op;
			for (size_t k = 0; k < n; k++)
				pylex_advance(lx);
			pylex_finish(lx, tok);
			return;
		}
	}
	if (c == '\0' || !strchr("()[]{},:.;@=+-*/%&|^~<>", c))
	{
		if ((unsigned char) c < 0x20 || (unsigned char) c == 0x7F)
			snprintf(msg, sizeof(msg), "invalid character 0x%02x", (unsigned char) c);
		else
			snprintf(msg, sizeof(msg), "invalid character \"%c\"", c);
		pylex_fail(lx, tok->line, tok->col, msg);
	}
	pylex_advance(lx);
	pylex_finish(lx, tok);
	if (strchr("()[]{}", c))
		pylex_bracket(lx, tok, c);
}

/* ---- the token loop ------------------------------------------------------- */

/* End of input: owed NEWLINE, then DEDENTs, then EOF. */
static void
pylex_end(PyLex *lx, PyTok *tok)
{
	if (lx->nbrackets > 0)
	{
		char		msg[32];
		int			i = lx->nbrackets - 1;

		snprintf(msg, sizeof(msg), "unclosed \"%c\"", lx->brackets[i]);
		pylex_fail(lx, lx->bracket_line[i], lx->bracket_col[i], msg);
	}
	if (lx->line_has_tokens && !lx->expr_mode)
	{
		pylex_begin(lx, tok, PYT_NEWLINE);
		lx->line_has_tokens = false;
	}
	else if (lx->indent_depth > 0)
	{
		lx->indent_depth--;
		pylex_begin(lx, tok, PYT_DEDENT);
	}
	else
		pylex_begin(lx, tok, PYT_EOF);
}

/* Skips blanks, comments and joined lines; true if a token may start here. */
static bool
pylex_skip_space(PyLex *lx)
{
	for (;;)
	{
		char		c = *lx->p;

		if (c == ' ' || c == '\t' || c == '\f' || c == '\r')
			pylex_advance(lx);
		else if (c == '#')
		{
			while (*lx->p && *lx->p != '\n')
				pylex_advance(lx);
		}
		else if (c == '\\')
		{
			const char *q = lx->p + 1;

			while (*q == '\r')
				q++;
			if (*q != '\n')
				pylex_fail(lx, lx->line, lx->col,
						   "unexpected character after line continuation");
			while (lx->p <= q)
				pylex_advance(lx);
		}
		else if (c == '\n' && (pylex_joined(lx) || !lx->line_has_tokens))
		{
			pylex_advance(lx);
			if (!pylex_joined(lx))
				lx->at_line_start = true;
			return false;
		}
		else
			return true;
	}
}

void
pylex_next(PyLex *lx, PyTok *tok)
{
	if (!lx->checked)
		pylex_check_utf8(lx);
	for (;;)
	{
		PyStrPrefix pf;
		int			plen;
		unsigned char c;

		if (lx->pending_dedents > 0)
		{
			lx->pending_dedents--;
			pylex_begin(lx, tok, PYT_DEDENT);
			return;
		}
		if (lx->at_line_start && !pylex_joined(lx))
		{
			if (pylex_indentation(lx, tok))
				return;
			continue;
		}
		if (!pylex_skip_space(lx))
			continue;
		c = (unsigned char) *lx->p;
		if (c == '\0')
		{
			pylex_end(lx, tok);
			return;
		}
		if (c == '\n')
		{
			pylex_begin(lx, tok, PYT_NEWLINE);
			pylex_advance(lx);
			tok->rawlen = 1;
			lx->line_has_tokens = false;
			lx->at_line_start = true;
			return;
		}
		lx->line_has_tokens = true;
		if (c == '\'' || c == '"')
		{
			memset(&pf, 0, sizeof(pf));
			pylex_string(lx, tok, 0, &pf);
		}
		else if (pylex_is_name_start(c) && (plen = pylex_string_prefix(lx->p, &pf)) > 0)
			pylex_string(lx, tok, plen, &pf);
		else if (pylex_is_name_start(c))
			pylex_name(lx, tok);
		else if ((c >= '0' && c <= '9') || (c == '.' && lx->p[1] >= '0' && lx->p[1] <= '9'))
			pylex_number(lx, tok);
		else
			pylex_operator(lx, tok);
		return;
	}
}
