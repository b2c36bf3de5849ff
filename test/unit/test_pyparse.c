/*
 * test_pyparse.c -- unit tests of the Python-subset lexer and parser
 * (common/pylex.c, common/pyparse.c) against pyast.h.
 *
 * Reads the SQLAlchemy reference seed at run time: its blog application
 * (the ```python block after "### Full Application with Models,
 * Relationships, and CRUD") is checked statement by statement, and every
 * other ```python block must parse.  The seed is read by testlib
 * (tl_seed_read), relative to the repository root where tests run.
 *
 *   make build/unit/test_pyparse
 *   valgrind --error-exitcode=1 -q build/unit/test_pyparse [seed-file]
 *     (seed file: argv[1], else $ORM_SEED, else testlib.h's TL_SEED_DEFAULT)
 */
#include "check.h"
#include "testlib.h"
#include "lang/pyast.h"

static OrmArena arena;

/* ---- helpers -------------------------------------------------------------- */

/* Dump of an expression, or "error L:C: message". */
static const char *
dump_expr(const char *src)
{
	OrmError	err = {0};
	PyNode	   *n = py_parse_expr(&arena, src, &err);
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	if (!n)
		orm_buf_printf(&b, "error %d:%d: %s", err.line, err.col, err.message);
	else
		py_node_dump(n, &b);
	return orm_buf_cstr(&b);
}

static const char *
dump_node(const PyNode *n)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	py_node_dump(n, &b);
	return orm_buf_cstr(&b);
}

/* "L:C: message" of a module's syntax error, or "ok". */
static const char *
module_error(const char *src)
{
	OrmError	err = {0};
	PyModule   *m = py_parse_module(&arena, src, &err);

	if (m)
		return "ok";
	if (err.code != ORM_ERR_SYNTAX)
		return "wrong error code";
	return orm_sprintf(&arena, "%d:%d: %s", err.line, err.col, err.message);
}

static PyModule *
parse_ok(const char *src)
{
	OrmError	err = {0};
	PyModule   *m = py_parse_module(&arena, src, &err);

	if (!m)
		fprintf(stderr, "unexpected error %d:%d: %s\n", err.line, err.col, err.message);
	return m;
}

static const char *
src_text(const PyNode *n)
{
	return orm_strndup(&arena, n->src, n->srclen);
}

static const PyStmt *
find_class(const PyModule *m, const char *name)
{
	for (int i = 0; i < m->nstmts; i++)
		if (m->stmts[i]->kind == PYS_CLASS && strcmp(m->stmts[i]->name, name) == 0)
			return m->stmts[i];
	return NULL;
}

/* The class-body statement assigning to name (ASSIGN or ANNASSIGN). */
static const PyStmt *
find_member(const PyStmt *cls, const char *name)
{
	for (int i = 0; cls && i < cls->nbody; i++)
	{
		const PyStmt *s = cls->body[i];

		if ((s->kind == PYS_ASSIGN || s->kind == PYS_ANNASSIGN) &&
			s->target->kind == PY_NAME && strcmp(s->target->str, name) == 0)
			return s;
	}
	return NULL;
}

/* ---- seed ----------------------------------------------------------------- */

static void
test_blog_module(const char *seed)
{
	const char *p = strstr(seed, TL_BLOG_HEADING);
	int			line;
	const char *src;
	PyModule   *m;
	const PyStmt *s;
	const PyStmt *user;
	const PyStmt *post;
	const PyStmt *comment;

	CHECK(p != NULL);
	if (!p)
		return;
	src = tl_seed_next_block(&arena, seed, &p, &line);
	CHECK(src != NULL);
	m = parse_ok(src);
	CHECK(m != NULL);
	if (!m)
		return;

	/* (line: of test/unit/seed_code.md) docstring, 6 imports, 7 classes, post_tags,
	 * engine, create_all, factory,
	 * 4 defs, if __name__ == "__main__" */
	CHECK(m->nstmts == 23);
	CHECK(line == 1638);
	CHECK(m->stmts[0]->kind == PYS_EXPR && m->stmts[0]->value->kind == PY_STR);
	CHECK(m->stmts[1]->kind == PYS_IMPORT);
	CHECK(m->stmts[6]->kind == PYS_IMPORT);

	s = find_class(m, "Base");
	CHECK(s && s->nbases == 1 && strcmp(py_dotted_name(&arena, s->bases[0]), "DeclarativeBase") == 0);
	CHECK(s && s->nbody == 1 && s->body[0]->kind == PYS_PASS);

	s = find_class(m, "PostStatus");
	CHECK(s && strcmp(py_dotted_name(&arena, s->bases[0]), "enum.Enum") == 0);
	CHECK(s && s->nbody == 3 && s->body[1]->kind == PYS_ASSIGN);
	CHECK_STR(dump_node(s->body[1]->value), "\"published\"");

	s = find_class(m, "TimestampMixin");
	CHECK(s && s->nbases == 0 && s->nbody == 3);
	if (s)
	{
		const PyStmt *c = find_member(s, "updated_at");

		CHECK(c && c->kind == PYS_ANNASSIGN);
		CHECK_STR(dump_node(c->annotation), "Mapped[Optional[datetime]]");
		CHECK_STR(dump_node(c->value),
				  "mapped_column(onupdate=func.now(), server_onupdate=func.now(), default=None)");
		CHECK(c->value->kind == PY_CALL && py_kwarg(c->value, "default")->kind == PY_NONE);
		CHECK(py_kwarg(c->value, "nonexistent") == NULL);
	}

	s = m->stmts[10];
	CHECK(s->kind == PYS_ASSIGN && strcmp(s->target->str, "post_tags") == 0);
	CHECK_STR(dump_node(s->value),
			  "Table(\"post_tags\", Base.metadata, "
			  "Column(\"post_id\", Integer, ForeignKey(\"posts.id\", ondelete=\"CASCADE\"), primary_key=True), "
			  "Column(\"tag_id\", Integer, ForeignKey(\"tags.id\", ondelete=\"CASCADE\"), primary_key=True))");
	CHECK(s->line == 63 && s->col == 1);

	user = find_class(m, "User");
	CHECK(user && user->nbases == 2);
	CHECK(user && user->nbody == 9);
	s = find_member(user, "__tablename__");
	CHECK(s && s->kind == PYS_ASSIGN && s->value->kind == PY_STR && strcmp(s->value->str, "users") == 0);
	s = find_member(user, "username");
	CHECK(s && s->kind == PYS_ANNASSIGN);
	if (s)
	{
		CHECK_STR(dump_node(s->value), "mapped_column(String(50), unique=True, index=True)");
		CHECK_STR(py_last_name(s->value->a), "mapped_column");
		CHECK(s->value->nitems == 1 && s->value->items[0]->items[0]->ival == 50);
		CHECK(s->line == 77 && s->col == 5);
		CHECK(s->value->line == 77 && s->value->col == 29);
	}
	s = find_member(user, "posts");
	CHECK(s && strcmp(dump_node(s->annotation), "Mapped[list[\"Post\"]]") == 0);
	CHECK(user && user->body[user->nbody - 1]->kind == PYS_DEF);
	CHECK(user && strcmp(user->body[user->nbody - 1]->name, "__repr__") == 0);

	post = find_class(m, "Post");
	s = find_member(post, "__table_args__");
	CHECK(s && s->value->kind == PY_TUPLE && s->value->nitems == 1);
	if (s)
		CHECK_STR(dump_node(s->value), "(Index(\"ix_posts_author_status\", \"author_id\", \"status\"),)");
	s = find_member(post, "status");
	CHECK(s && strcmp(dump_node(s->value),
					  "mapped_column(SAEnum(PostStatus), default=PostStatus.DRAFT)") == 0);
	s = find_member(post, "tags");
	CHECK(s && py_kwarg(s->value, "secondary") && py_kwarg(s->value, "secondary")->kind == PY_NAME);

	comment = find_class(m, "Comment");
	s = find_member(comment, "parent");
	CHECK(s != NULL);
	if (s)
	{
		PyNode	   *rs = py_kwarg(s->value, "remote_side");

		CHECK(rs && rs->kind == PY_LIST && rs->nitems == 1 && rs->items[0]->kind == PY_NAME);
		CHECK_STR(dump_node(s->annotation), "Mapped[Optional[\"Comment\"]]");
		CHECK_STR(src_text(s->value),
				  "relationship(\n        back_populates=\"replies\", remote_side=[id]\n    )");
	}

	s = m->stmts[16];
	CHECK(s->kind == PYS_EXPR);
	CHECK_STR(dump_node(s->value), "Base.metadata.create_all(engine)");
	CHECK(m->stmts[18]->kind == PYS_DEF && strcmp(m->stmts[18]->name, "create_sample_data") == 0);
	CHECK(m->stmts[19]->kind == PYS_DEF && strcmp(m->stmts[19]->name, "query_examples") == 0);
	s = m->stmts[22];
	CHECK(s->kind == PYS_IF && strcmp(s->name, "if") == 0 && s->nbody == 3);
	CHECK(s->line == 328 && s->body[0]->kind == PYS_EXPR);
}

/* Every ```python block of the seed parses. */
static void
test_all_seed_blocks(const char *seed)
{
	const char *p = seed;
	const char *src;
	int			line;
	int			nblocks = 0;
	int			nfailed = 0;

	while ((src = tl_seed_next_block(&arena, seed, &p, &line)) != NULL)
	{
		OrmError	err = {0};

		nblocks++;
		if (!py_parse_module(&arena, src, &err))
		{
			nfailed++;
			fprintf(stderr, "seed block at line %d: %d:%d: %s\n",
					line, err.line, err.col, err.message);
		}
	}
	CHECK(nblocks >= 70);
	CHECK(nfailed == 0);
}

/* ---- expressions ---------------------------------------------------------- */

static void
test_expressions(void)
{
	CHECK_STR(dump_expr("select(User).where(User.id.in_(select(subq.c.author_id)))"),
			  "select(User).where(User.id.in_(select(subq.c.author_id)))");
	CHECK_STR(dump_expr("~User.posts.any()"), "(~User.posts.any())");
	CHECK_STR(dump_expr("Config.data[\"features\"][0].as_string() == \"beta\""),
			  "(Config.data[\"features\"][0].as_string() == \"beta\")");
	CHECK_STR(dump_expr("case((User.age < 18, \"minor\"), else_=\"senior\")"),
			  "case(((User.age < 18), \"minor\"), else_=\"senior\")");
	CHECK_STR(dump_expr("lambda e: [i.value for i in e]"),
			  "(lambda e: [i.value for i in e])");
	CHECK_STR(dump_expr("a + b * c - d"), "((a + (b * c)) - d)");
	CHECK_STR(dump_expr("-x ** 2"), "(-(x ** 2))");
	CHECK_STR(dump_expr("2 ** -1"), "(2 ** (-1))");
	CHECK_STR(dump_expr("a ** b ** c"), "(a ** (b ** c))");
	CHECK_STR(dump_expr("a // b % c @ d"), "(((a // b) % c) @ d)");
	CHECK_STR(dump_expr("a | b ^ c & d << 1 >> 2"), "(a | (b ^ (c & ((d << 1) >> 2))))");
	CHECK_STR(dump_expr("not a == b"), "(not (a == b))");
	CHECK_STR(dump_expr("a and not b or c"), "((a and (not b)) or c)");
	CHECK_STR(dump_expr("a or b or c"), "(a or b or c)");
	CHECK_STR(dump_expr("a and b and c or d"), "((a and b and c) or d)");
	CHECK_STR(dump_expr("a < b <= c"), "((a < b) and (b <= c))");
	CHECK_STR(dump_expr("x not in y"), "(x not in y)");
	CHECK_STR(dump_expr("x is not None"), "(x is not None)");
	CHECK_STR(dump_expr("x is None"), "(x is None)");
	CHECK_STR(dump_expr("x in (1, 2)"), "(x in (1, 2))");
	CHECK_STR(dump_expr("a if b else c"), "(a if b else c)");
	CHECK_STR(dump_expr("a if b else c if d else e"), "(a if b else (c if d else e))");
	CHECK_STR(dump_expr("f(*args, **kwargs)"), "f(*args, **kwargs)");
	CHECK_STR(dump_expr("f(a, b=1, *c, **d,)"), "f(a, *c, b=1, **d)");
	CHECK_STR(dump_expr("Mapped[dict[str, Any]]"), "Mapped[dict[str, Any]]");
	CHECK_STR(dump_expr("x[1:2]"), "x[1:2]");
	CHECK_STR(dump_expr("x[:]"), "x[:]");
	CHECK_STR(dump_expr("x[::2]"), "x[::2]");
	CHECK_STR(dump_expr("x[a:b:c, 1]"), "x[a:b:c, 1]");
	CHECK_STR(dump_expr("x[-1]"), "x[(-1)]");
	CHECK_STR(dump_expr("(1,)"), "(1,)");
	CHECK_STR(dump_expr("()"), "()");
	CHECK_STR(dump_expr("[]"), "[]");
	CHECK_STR(dump_expr("{}"), "{}");
	CHECK_STR(dump_expr("{1, 2,}"), "{1, 2}");
	CHECK_STR(dump_expr("{'a': 1, **b}"), "{\"a\": 1, **b}");
	CHECK_STR(dump_expr("{**b}"), "{**b}");
	CHECK_STR(dump_expr("[*a, b]"), "[*a, b]");
	CHECK_STR(dump_expr("{k: v for k, v in d.items() if v}"),
			  "{k: v for (k, v) in d.items() if v}");
	CHECK_STR(dump_expr("{x for x in y}"), "{x for x in y}");
	CHECK_STR(dump_expr("(x for x in y)"), "(x for x in y)");
	CHECK_STR(dump_expr("sum(x for x in y)"), "sum((x for x in y))");
	CHECK_STR(dump_expr("[x for r in rows for x in r if x if not y]"),
			  "[x for r in rows for x in r if x if (not y)]");
	CHECK_STR(dump_expr("lambda: 1"), "(lambda: 1)");
	CHECK_STR(dump_expr("lambda a, b=2, *c, d, **e: a"), "(lambda a, b=2, *c, d, **e: a)");
	CHECK_STR(dump_expr("lambda *, k: k"), "(lambda *, k: k)");
	CHECK_STR(dump_expr("None, True, False, ..."), "(None, True, False, ...)");
	CHECK_STR(dump_expr("  a.b  \n"), "a.b");
	CHECK_STR(dump_expr("select(User)\n  .where(User.id == 5)\n"),
			  "select(User).where((User.id == 5))");
	CHECK_STR(dump_expr("(a + b).label('s')"), "(a + b).label(\"s\")");
	CHECK_STR(dump_expr("User.name.ilike('%ed%')"), "User.name.ilike(\"%ed%\")");
	CHECK_STR(dump_expr("func.count().over(partition_by=[a.b, c])"),
			  "func.count().over(partition_by=[a.b, c])");
	CHECK_STR(dump_expr("and_(a == 1, or_(b != 2, c >= 3), d <= 4, e > 5)"),
			  "and_((a == 1), or_((b != 2), (c >= 3)), (d <= 4), (e > 5))");
}

static void
test_node_fields(void)
{
	OrmError	err = {0};
	PyNode	   *n;

	n = py_parse_expr(&arena, "relationship(primaryjoin=lambda: and_(A.id == B.a_id, B.x > 1))", &err);
	CHECK(n && n->kind == PY_CALL);
	if (n)
	{
		PyNode	   *lam = py_kwarg(n, "primaryjoin");

		CHECK(lam && lam->kind == PY_LAMBDA && lam->nkw == 0);
		CHECK_STR(src_text(lam), "lambda: and_(A.id == B.a_id, B.x > 1)");
		CHECK_STR(src_text(lam->a), "and_(A.id == B.a_id, B.x > 1)");
		CHECK(lam->a->col == 34);
		CHECK_STR(src_text(lam->a->items[0]), "A.id == B.a_id");
		CHECK_STR(src_text(n->a), "relationship");
	}

	n = py_parse_expr(&arena, "lambda e: [i.value for i in e]", &err);
	CHECK(n && n->kind == PY_LAMBDA && n->nkw == 1 && strcmp(n->kwnames[0], "e") == 0);
	if (n)
	{
		PyNode	   *c = n->a;

		CHECK(c->kind == PY_LIST && c->op == PY_OP_IN && c->nitems == 1);
		CHECK_STR(dump_node(c->items[0]), "i.value");
		CHECK(c->a->kind == PY_NAME && strcmp(c->a->str, "i") == 0);
		CHECK(c->b->kind == PY_NAME && strcmp(c->b->str, "e") == 0);
		CHECK(c->c == NULL);
		CHECK(c->nkw == 1 && strcmp(c->kwnames[0], "for") == 0);
		CHECK_STR(src_text(c), "[i.value for i in e]");
	}

	n = py_parse_expr(&arena, "CheckConstraint(\"price > 0\", name='ck_price')", &err);
	CHECK(n && n->items[0]->kind == PY_STR && n->items[0]->len == 9);
	CHECK(n && strcmp(py_kwarg(n, "name")->str, "ck_price") == 0);

	n = py_parse_expr(&arena, "sa.orm.relationship", &err);
	CHECK_STR(py_dotted_name(&arena, n), "sa.orm.relationship");
	CHECK_STR(py_last_name(n), "relationship");
	n = py_parse_expr(&arena, "f().x", &err);
	CHECK(py_dotted_name(&arena, n) == NULL);
	CHECK_STR(py_last_name(n), "x");
	CHECK(py_last_name(n->a) == NULL);

	/* class keywords: **x has a NULL name and a PY_DSTARRED value */
	{
		PyModule   *m = parse_ok("class A(B, metaclass=M, **kw):\n    x = f(*a, y=1, **b)\n");

		CHECK(m && m->stmts[0]->nkw == 2 && m->stmts[0]->kwnames[1] == NULL);
		CHECK(m && m->stmts[0]->kwvalues[1]->kind == PY_DSTARRED);
		n = m ? m->stmts[0]->body[0]->value : NULL;
		CHECK(n && n->nitems == 1 && n->items[0]->kind == PY_STARRED && n->nkw == 2);
		CHECK(n && n->kwnames[1] == NULL && n->kwvalues[1]->kind == PY_DSTARRED);
		CHECK(n && py_kwarg(n, "y")->ival == 1);
	}

	/* a generator as the sole argument is a PY_TUPLE comprehension */
	n = py_parse_expr(&arena, "any(c.x > 1 for c in cs if c)", &err);
	CHECK(n && n->nitems == 1 && n->items[0]->kind == PY_TUPLE && n->items[0]->op == PY_OP_IN);
	CHECK(n && n->items[0]->c && n->items[0]->c->kind == PY_NAME);
	CHECK(n && strcmp(src_text(n->items[0]), "c.x > 1 for c in cs if c") == 0);

	/* positions: 1-based columns counted in characters */
	n = py_parse_expr(&arena, "(\n  a.b\n)[0]", &err);
	CHECK(n && n->kind == PY_SUBSCRIPT && n->line == 1 && n->col == 1);
	CHECK(n && n->a->line == 2 && n->a->col == 3 && n->a->srclen == 3);

	/* chained comparison shares the middle operand */
	n = py_parse_expr(&arena, "0 < x < 10", &err);
	CHECK(n && n->kind == PY_BOOLOP && n->op == PY_OP_AND && n->nitems == 2);
	CHECK(n && n->items[0]->b == n->items[1]->a);

	/* numbers */
	n = py_parse_expr(&arena, "[0x_ff, 0o17, 0b101, 1_000, 99999999999999999999999, 1.5, 1e10, .5, 2.]", &err);
	CHECK(n && n->nitems == 9);
	if (n)
	{
		CHECK(n->items[0]->kind == PY_INT && n->items[0]->ival == 255);
		CHECK(n->items[1]->ival == 15 && n->items[2]->ival == 5 && n->items[3]->ival == 1000);
		CHECK_STR(n->items[3]->str, "1_000");
		CHECK(n->items[4]->ival == INT64_MAX);
		CHECK(n->items[5]->kind == PY_FLOAT && n->items[5]->fval == 1.5);
		CHECK(n->items[6]->fval == 1e10 && n->items[7]->fval == 0.5 && n->items[8]->fval == 2.0);
	}
	n = py_parse_expr(&arena, "1.5e-3", &err);
	CHECK(n && n->kind == PY_FLOAT && n->fval == 1.5e-3);
}

static void
test_strings(void)
{
	OrmError	err = {0};
	PyNode	   *n;

	CHECK_STR(dump_expr("'a\\n\\t\\\\\\'\\\"'"), "\"a\\n\\t\\\\'\\\"\"");
	n = py_parse_expr(&arena, "'\\x41\\u00e9\\U0001F600\\101'", &err);
	CHECK(n && n->len == 1 + 2 + 4 + 1 && memcmp(n->str, "A\xc3\xa9\xf0\x9f\x98\x80" "A", 8) == 0);
	n = py_parse_expr(&arena, "r'a\\nb\\'c'", &err);
	CHECK(n && strcmp(n->str, "a\\nb\\'c") == 0);
	n = py_parse_expr(&arena, "Rb'\\x00'", &err);
	CHECK(n && n->kind == PY_BYTES && strcmp(n->str, "\\x00") == 0);
	n = py_parse_expr(&arena, "b'\\x00\\xff'", &err);
	CHECK(n && n->kind == PY_BYTES && n->len == 2 && (unsigned char) n->str[1] == 0xff);
	n = py_parse_expr(&arena, "f'{a!r} {{x}}' 'b' \"c\"", &err);
	CHECK(n && n->kind == PY_STR && strcmp(n->str, "{a!r} {{x}}bc") == 0);
	CHECK(n && n->srclen == strlen("f'{a!r} {{x}}' 'b' \"c\""));
	n = py_parse_expr(&arena, "u'x' FR'\\d' rF\"\\w\" BR'z'", &err);
	CHECK(n == NULL && strcmp(err.message, "cannot mix bytes and nonbytes literals") == 0);
	CHECK(err.line == 1 && err.col == 20);
	orm_err_clear(&err);
	n = py_parse_expr(&arena, "'''a\n'b'\n\"\"c'''", &err);
	CHECK(n && strcmp(n->str, "a\n'b'\n\"\"c") == 0);
	n = py_parse_expr(&arena, "'a\\\nb'", &err);
	CHECK(n && strcmp(n->str, "ab") == 0);
	n = py_parse_expr(&arena, "'\\d\\w'", &err);
	CHECK(n && strcmp(n->str, "\\d\\w") == 0);
	n = py_parse_expr(&arena, "'caf\xc3\xa9' + na\xc3\xafve", &err);
	CHECK(n && n->kind == PY_BINOP && strcmp(n->b->str, "na\xc3\xafve") == 0);
	CHECK(n && n->b->col == 10);
	n = py_parse_expr(&arena, "'a\\\r\nb' \xEF", &err);
	CHECK(n == NULL);
	orm_err_clear(&err);
	n = py_parse_expr(&arena, "\xEF\xBB\xBF'a\\\r\nb'", &err);
	CHECK(n && strcmp(n->str, "ab") == 0 && n->col == 1);
	n = py_parse_expr(&arena, "''", &err);
	CHECK(n && n->kind == PY_STR && n->len == 0 && n->str && n->str[0] == '\0');
}

/* ---- modules -------------------------------------------------------------- */

static void
test_statements(void)
{
	PyModule   *m;
	const PyStmt *s;

	m = parse_ok("a = b = c\n"
				 "x, y = 1, 2\n"
				 "n += 1; m **= 2;\n"
				 "z: int\n"
				 "'doc'\n"
				 "import a.b as c, d\n"
				 "from . import (x as y,\n  z,\n)\n"
				 "from ..m import *\n"
				 "from __future__ import annotations\n"
				 "del a[0], b\n"
				 "global g\n"
				 "assert x, 'msg'\n"
				 "def f(a, b: int = 1, *args, c, d=2, **kw) -> Optional[int]:\n"
				 "    if a:\n"
				 "\treturn {'x': [1,\n  2]}\n"
				 "    return \"\"\"\n  doc\n\"\"\"\n"
				 "async def g(): await x\n"
				 "class A(B, metaclass=M):\n"
				 "    class Config:\n"
				 "        orm_mode = True\n"
				 "    @property\n"
				 "    @other.deco(1)\n"
				 "    def p(self): return 1\n"
				 "    if TYPE_CHECKING:\n"
				 "        from x import y\n"
				 "    elif z:\n"
				 "        pass\n"
				 "    else:\n"
				 "        w = 1\n"
				 "for i in range(3): print(i)\n"
				 "with open(f) as fh, x:\n"
				 "    pass\n"
				 "try:\n"
				 "    pass\n"
				 "except (A, B) as e:\n"
				 "    raise C from e\n"
				 "finally:\n"
				 "    pass\n"
				 "while x: break\n"
				 "class E: pass\n");
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK(m->nstmts == 21);
	s = m->stmts[0];
	CHECK(s->kind == PYS_ASSIGN && s->ntargets == 2 && strcmp(s->targets[0]->str, "a") == 0);
	CHECK(strcmp(s->target->str, "b") == 0 && strcmp(s->value->str, "c") == 0);
	s = m->stmts[1];
	CHECK(s->kind == PYS_ASSIGN && s->target->kind == PY_TUPLE && s->value->kind == PY_TUPLE);
	CHECK(m->stmts[2]->kind == PYS_AUGASSIGN && m->stmts[2]->op == '+');
	CHECK(m->stmts[3]->kind == PYS_AUGASSIGN && m->stmts[3]->op == PY_OP_POW);
	s = m->stmts[4];
	CHECK(s->kind == PYS_ANNASSIGN && s->value == NULL && strcmp(s->annotation->str, "int") == 0);
	CHECK(m->stmts[5]->kind == PYS_EXPR);
	CHECK(m->stmts[6]->kind == PYS_IMPORT && m->stmts[9]->kind == PYS_IMPORT);
	CHECK(m->stmts[10]->kind == PYS_PASS && m->stmts[12]->kind == PYS_PASS);
	CHECK(m->stmts[13]->kind == PYS_DEF && strcmp(m->stmts[13]->name, "f") == 0);
	CHECK(m->stmts[14]->kind == PYS_DEF && strcmp(m->stmts[14]->name, "g") == 0);
	s = m->stmts[15];
	CHECK(s->kind == PYS_CLASS && s->nbases == 1 && s->nkw == 1);
	CHECK(strcmp(s->kwnames[0], "metaclass") == 0 && strcmp(s->kwvalues[0]->str, "M") == 0);
	CHECK(s->nbody == 3);
	CHECK(s->body[0]->kind == PYS_CLASS && strcmp(s->body[0]->name, "Config") == 0);
	CHECK(s->body[0]->nbody == 1 && s->body[0]->body[0]->kind == PYS_ASSIGN);
	CHECK(s->body[1]->kind == PYS_DEF && s->body[1]->ndecorators == 2);
	CHECK_STR(dump_node(s->body[1]->decorators[1]), "other.deco(1)");
	CHECK(s->body[1]->line == 28 && s->body[1]->col == 5);
	CHECK(s->body[2]->kind == PYS_IF && strcmp(s->body[2]->name, "if") == 0);
	CHECK(s->body[2]->nbody == 3);
	CHECK(m->stmts[16]->kind == PYS_IF && strcmp(m->stmts[16]->name, "for") == 0);
	CHECK(m->stmts[16]->nbody == 1 && m->stmts[16]->body[0]->kind == PYS_EXPR);
	CHECK(m->stmts[17]->kind == PYS_IF && strcmp(m->stmts[17]->name, "with") == 0);
	CHECK(m->stmts[18]->kind == PYS_IF && m->stmts[18]->nbody == 3);
	CHECK(m->stmts[19]->kind == PYS_IF && m->stmts[20]->kind == PYS_CLASS);
	CHECK(m->stmts[20]->nbody == 1 && m->stmts[20]->body[0]->kind == PYS_PASS);
	CHECK(m->stmts[20]->line == 45 && m->stmts[20]->col == 1);

/* backslash continuation, comments, blank lines, tabs, no final newline */
	m = parse_ok("# c\n\nx = 1 + \\\n   2  # c\n\nclass A:\n\tx = 1\n        y = 2\n\n   # odd comment\n\tz = 3");
	CHECK(m && m->nstmts == 2 && m->stmts[1]->nbody == 3);
	CHECK(m && m->stmts[0]->value->kind == PY_BINOP);
	m = parse_ok("");
	CHECK(m && m->nstmts == 0);
	m = parse_ok("\n\n  # only a comment\n");
	CHECK(m && m->nstmts == 0);
	m = parse_ok("x = (1,\n2)\r\ny = 3\r\n");
	CHECK(m && m->nstmts == 2);
}

/* Compound statements keep their clauses: conditions, a for's target and iterable, bodies. */
static void
test_clauses(void)
{
	PyModule   *m = parse_ok("if a:\n"
							 "    x = 1\n"
							 "elif b and c:\n"
							 "    pass\n"
							 "elif d: y = 2; z = 3\n"
							 "else:\n"
							 "    if e:\n"
							 "        w = 4\n"
							 "for k, v in d.items():\n"
							 "    continue\n"
							 "else:\n"
							 "    break\n"
							 "while n < 3:\n"
							 "    n += 1\n"
							 "try:\n"
							 "    t = 1\n"
							 "except E as e:\n"
							 "    t = 2\n"
							 "if (x := 1):\n"
							 "    pass\n"
							 "for i in a if b:\n"
							 "    pass\n");
	const PyStmt *s;

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK(m->nstmts == 6);
	s = m->stmts[0];
	CHECK(s->kind == PYS_IF && strcmp(s->name, "if") == 0 && s->nclauses == 4 && !s->skipped);
	CHECK(s->nbody == 5);		/* every clause's statements, in order */
	CHECK(strcmp(s->clauses[0].kw, "if") == 0 && strcmp(dump_node(s->clauses[0].test), "a") == 0);
	CHECK(s->clauses[0].nbody == 1 && s->clauses[0].body[0]->kind == PYS_ASSIGN);
	CHECK(strcmp(s->clauses[1].kw, "elif") == 0 && s->clauses[1].line == 3 && s->clauses[1].col == 1);
	CHECK(s->clauses[1].test && s->clauses[1].test->kind == PY_BOOLOP);
	CHECK(s->clauses[2].nbody == 2);
	CHECK(strcmp(s->clauses[3].kw, "else") == 0 && s->clauses[3].test == NULL);
	CHECK(s->clauses[3].nbody == 1 && s->clauses[3].body[0]->kind == PYS_IF);
	CHECK(s->clauses[3].body[0]->clauses[0].body[0]->line == 8);
	s = m->stmts[1];
	CHECK(strcmp(s->name, "for") == 0 && s->nclauses == 2 && s->target->kind == PY_TUPLE);
	CHECK(strcmp(dump_node(s->value), "d.items()") == 0);
	CHECK(strcmp(s->clauses[1].kw, "else") == 0 && s->clauses[1].body[0]->kind == PYS_PASS);
	s = m->stmts[2];
	CHECK(strcmp(s->name, "while") == 0 && s->clauses[0].test->kind == PY_COMPARE);
	CHECK(s->clauses[0].body[0]->kind == PYS_AUGASSIGN);
	s = m->stmts[3];
	CHECK(strcmp(s->name, "try") == 0 && s->nclauses == 2 && s->clauses[1].test == NULL);
	CHECK(strcmp(s->clauses[1].kw, "except") == 0 && s->nbody == 2);
	/* a header outside the subset: skipped, its error kept; the body still parsed */
	s = m->stmts[4];
	CHECK(s->skipped && s->clauses[0].test == NULL && s->clauses[0].error != NULL);
	CHECK(s->clauses[0].err_line == 19 && s->clauses[0].err_col == 7);
	CHECK(s->clauses[0].nbody == 1);
	s = m->stmts[5];
	CHECK(s->skipped && s->clauses[0].error != NULL && s->clauses[0].nbody == 1);
	/* a syntax error in a body is the module's; clauses only where Python has them */
	CHECK(py_parse_module(&arena, "if a:\n    x = = 1\n", NULL) == NULL);
	CHECK(py_parse_module(&arena, "for a in b:\n    pass\nelif c:\n    pass\n", NULL) == NULL);
	CHECK(py_parse_module(&arena, "if a:\n    pass\nelse:\n    pass\nelse:\n    pass\n", NULL) == NULL);
	CHECK(py_parse_module(&arena, "if a:\n    pass\nexcept:\n    pass\n", NULL) == NULL);
	CHECK(py_parse_module(&arena, "with a:\n    pass\nelse:\n    pass\n", NULL) == NULL);
	CHECK(py_parse_module(&arena, "try:\n    pass\nelse:\n    pass\n", NULL) == NULL);
	CHECK(py_parse_module(&arena, "try:\n    pass\nfinally:\n    pass\nexcept:\n    pass\n", NULL) == NULL);
	m = parse_ok("try:\n    pass\nexcept A:\n    pass\nexcept B:\n    pass\nelse:\n    pass\n"
				 "finally:\n    pass\nwhile a:\n    pass\nelse:\n    pass\n");
	CHECK(m && m->nstmts == 2 && m->stmts[0]->nclauses == 5 && m->stmts[1]->nclauses == 2);
}

static void
test_errors(void)
{
	CHECK_STR(module_error("x = = 1\n"), "1:5: invalid syntax near \"=\"");
	CHECK_STR(module_error("class A:\n    x = 1\n  y = 2\n"),
			  "3:3: unindent does not match any outer indentation level");
	CHECK_STR(module_error("x = 1\n    y = 2\n"), "2:5: unexpected indent");
	CHECK_STR(module_error("x = 'abc\n"), "1:5: unterminated string");
	CHECK_STR(module_error("x = '''abc\n\n"), "1:5: unterminated string");
	CHECK_STR(module_error("x = f(1,\n  2\n"), "1:6: unclosed \"(\"");
	CHECK_STR(module_error("x = [1, 2)\n"), "1:10: closing \")\" does not match \"[\"");
	CHECK_STR(module_error("x = 1)\n"), "1:6: unmatched \")\"");
	CHECK_STR(module_error("class A:\nx = 1\n"), "2:1: expected an indented block");
	CHECK_STR(module_error("class A(B):\n    x: Mapped[int] = mapped_column(\n        Integer foo)\n"),
			  "3:17: invalid syntax near \"foo\"");
	CHECK_STR(module_error("x = $\n"), "1:5: invalid character \"$\"");
	CHECK_STR(module_error("x = 1 \\ 2\n"), "1:7: unexpected character after line continuation");
	CHECK_STR(module_error("f(a=1, a=2)\n"), "1:8: keyword argument repeated: a");
	CHECK_STR(module_error("f(a=1, b)\n"), "1:8: positional argument follows keyword argument");
	CHECK_STR(module_error("f() = 1\n"), "1:1: cannot assign to expression");
	CHECK_STR(module_error("x = 12abc\n"), "1:5: invalid number literal");
	CHECK_STR(module_error("x = '\\N{DASH}'\n"), "1:6: \\N{...} escapes are not supported");
	CHECK_STR(module_error("x = '\\xZZ'\n"), "1:6: invalid escape sequence in string");
	CHECK_STR(module_error("x = 1 +\n"), "1:8: invalid syntax at end of line");
	CHECK_STR(module_error("if x\n    pass\n"), "1:5: invalid syntax at end of line");
	CHECK_STR(module_error("def f(:\n"), "1:7: invalid syntax near \":\"");
	CHECK_STR(module_error("else:\n    pass\n"), "1:1: invalid syntax near \"else\"");
	CHECK_STR(module_error("x = a.b.\n"), "1:9: invalid syntax at end of line");
	CHECK_STR(module_error("def f():\n    x = 'oops\n"), "2:9: unterminated string");
	CHECK_STR(module_error("caf\xc3\xa9 = 1 2\n"), "1:10: invalid syntax near \"2\"");
	CHECK_STR(dump_expr("a b"), "error 1:3: invalid syntax near \"b\"");
	CHECK_STR(dump_expr(""), "error 1:1: unexpected end of input");
	CHECK_STR(dump_expr("x := 1"), "error 1:3: invalid syntax near \":=\"");
	CHECK_STR(dump_expr("(\n1,\n  2 3)"), "error 3:5: invalid syntax near \"3\"");
	/* await: a method call only; the module is marked */
	CHECK_STR(module_error("x = await select(User)\n"),
			  "1:5: 'await' is supported before an AsyncSession method call only "
			  "(await session.execute(stmt))");
	CHECK_STR(module_error("await\n"), "1:6: invalid syntax at end of line");
	CHECK_STR(module_error("r = await session.execute(s).scalars()\n"),
			  "1:5: AttributeError: 'coroutine' object has no attribute 'scalars' (await "
			  "applies to the whole chain: write (await ...).scalars)");
	CHECK_STR(module_error("r = await self.session.get(U, 1)\n"), "ok");
	CHECK_STR(dump_expr("(await session.scalars(s)).all()"), "session.scalars(s).all()");
	CHECK_STR(dump_expr("-await s.f() ** 2"), "(-(s.f() ** 2))");
	{
		PyModule   *m = parse_ok("r = await session.execute(s)\nr.all()\n");

		CHECK(m && m->awaits);
		m = parse_ok("r = session.execute(s)\n");
		CHECK(m && !m->awaits);
	}
}

/* Deep nesting is an error, not a crash; moderate nesting is fine. */
static void
test_depth(void)
{
	OrmBuf		b;
	OrmError	err = {0};

	orm_buf_init(&b, &arena);
	for (int i = 0; i < 100; i++)
		orm_buf_putc(&b, '(');
	orm_buf_putc(&b, 'x');
	for (int i = 0; i < 100; i++)
		orm_buf_putc(&b, ')');
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) != NULL);

	orm_buf_truncate(&b, 0);
	for (int i = 0; i < 150; i++)
		orm_buf_putc(&b, '[');
	for (int i = 0; i < 150; i++)
		orm_buf_putc(&b, ']');
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) != NULL);

	orm_buf_truncate(&b, 0);
	for (int i = 0; i < 5000; i++)
		orm_buf_puts(&b, "-");
	orm_buf_puts(&b, "x");
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) == NULL);
	CHECK(err.code == ORM_ERR_SYNTAX && strcmp(err.message, "too many nested levels") == 0);

	orm_err_clear(&err);
	orm_buf_truncate(&b, 0);
	for (int i = 0; i < 5000; i++)
		orm_buf_puts(&b, "f(");
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) == NULL);
	CHECK(err.code == ORM_ERR_SYNTAX);

	orm_err_clear(&err);
	orm_buf_truncate(&b, 0);
	for (int i = 0; i < 300; i++)
	{
		for (int k = 0; k < i; k++)
			orm_buf_putc(&b, ' ');
		orm_buf_puts(&b, "if x:\n");
	}
	CHECK(py_parse_module(&arena, orm_buf_cstr(&b), &err) == NULL);
	CHECK(err.code == ORM_ERR_SYNTAX);

	/* long flat chains: fine up to the tree height limit */
	orm_err_clear(&err);
	orm_buf_truncate(&b, 0);
	for (int i = 0; i < 500; i++)
		orm_buf_puts(&b, "a + ");
	orm_buf_puts(&b, "b");
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) != NULL);
	for (int i = 0; i < 5000; i++)
		orm_buf_puts(&b, ".x");
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) == NULL);
	CHECK_STR(err.message, "expression too deeply nested");

	orm_err_clear(&err);
	orm_buf_truncate(&b, 0);
	for (int i = 0; i < 5000; i++)
		orm_buf_puts(&b, "lambda: ");
	orm_buf_puts(&b, "b");
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) == NULL);
	CHECK_STR(err.message, "too many nested levels");

	/* a list of many items is wide, not deep */
	orm_err_clear(&err);
	orm_buf_truncate(&b, 0);
	orm_buf_puts(&b, "x.in_([");
	for (int i = 0; i < 20000; i++)
		orm_buf_puts(&b, "1, ");
	orm_buf_puts(&b, "2])");
	CHECK(py_parse_expr(&arena, orm_buf_cstr(&b), &err) != NULL);
}

/* Imports keep their names; a def keeps its annotation and, when it can, its body. */
static void
test_kept_statements(void)
{
	PyModule   *m = parse_ok("import a.b as c, d\n"
							 "from ..x.y import (p as q, r,)\n"
							 "from . import z\n"
							 "from m import *\n"
							 "def f(cls) -> Mapped[int]:\n"
							 "    '''doc'''\n"
							 "    return mapped_column(\n"
							 "\tString(5))\n"
							 "def g():\n"
							 "    x = yield 1\n"
							 "    return x\n"
							 "def h(): return\n");
	const PyStmt *s;

	CHECK(m && m->nstmts == 7);
	if (!m || m->nstmts != 7)
		return;
	s = m->stmts[0];
	CHECK(s->kind == PYS_IMPORT && s->name == NULL && s->nnames == 2);
	CHECK_STR(s->names[0], "a.b");
	CHECK_STR(s->asnames[0], "c");
	CHECK(s->asnames[1] == NULL);
	s = m->stmts[1];
	CHECK_STR(s->name, "..x.y");
	CHECK(s->nnames == 2 && strcmp(s->names[0], "p") == 0 && strcmp(s->asnames[0], "q") == 0 &&
		  strcmp(s->names[1], "r") == 0 && s->asnames[1] == NULL);
	CHECK(m->stmts[2]->nnames == 1 && strcmp(m->stmts[2]->name, ".") == 0);
	CHECK(m->stmts[3]->nnames == 1 && strcmp(m->stmts[3]->names[0], "*") == 0);

	/* a body within the subset: its statements, positions as in the source */
	s = m->stmts[4];
	CHECK(s->kind == PYS_DEF && !s->skipped && s->nbody == 2);
	CHECK_STR(dump_node(s->annotation), "Mapped[int]");
	if (s->nbody == 2)
	{
		const PyStmt *r = s->body[1];

		CHECK(r->kind == PYS_PASS && strcmp(r->name, "return") == 0);
		CHECK_STR(dump_node(r->value), "mapped_column(String(5))");
		CHECK(r->value->line == 7 && r->value->col == 12);
		CHECK(r->value->items[0]->line == 8 && r->value->items[0]->col == 2);
	}
	/* yield is outside the subset: skipped, and the next statement still parses */
	s = m->stmts[5];
	CHECK(s->kind == PYS_DEF && s->skipped && s->nbody == 0 && s->annotation == NULL);
	s = m->stmts[6];
	CHECK(s->kind == PYS_DEF && !s->skipped && s->nbody == 1 && s->body[0]->value == NULL);

	/* a def's parameter names, in order, with the stars of *args / **kwargs */
	m = parse_ok("def f(self, n: int = 2, /, *a, k=1, **kw) -> bool:\n    return self.x > n\n"
				 "def g(*, k): pass\n");
	CHECK(m && m->nstmts == 2);
	if (m && m->nstmts == 2)
	{
		s = m->stmts[0];
		CHECK(s->nparams == 5);
		if (s->nparams == 5)
		{
			CHECK_STR(s->params[0], "self");
			CHECK_STR(s->params[1], "n");
			CHECK_STR(s->params[2], "*a");
			CHECK_STR(s->params[3], "k");
			CHECK_STR(s->params[4], "**kw");
		}
		CHECK(m->stmts[1]->nparams == 1 && strcmp(m->stmts[1]->params[0], "k") == 0);
	}

	/* a lexical error inside a skipped body is still reported where it is */
	CHECK_STR(module_error("def f():\n    x = yield\n    y = 'oops\n"), "3:9: unterminated string");
	CHECK_STR(module_error("def f():\n    await x\n  y = 1\n"),
			  "3:3: unindent does not match any outer indentation level");
	/* nested defs: an inner one skipped, the outer body kept */
	m = parse_ok("def f():\n    def g():\n        yield\n    return 1\n");
	CHECK(m && m->nstmts == 1 && !m->stmts[0]->skipped && m->stmts[0]->nbody == 2 &&
		  m->stmts[0]->body[0]->skipped);
}

/* The text is UTF-8; names hold no invisible characters. */
static void
test_encoding(void)
{
	CHECK_STR(module_error("x = 1\ny = '\xff'\n"), "2:6: invalid UTF-8 byte 0xff");
	CHECK_STR(module_error("# caf\xc3\xa9 \xc3\n"), "1:8: invalid UTF-8 byte 0xc3");
	CHECK_STR(module_error("x = '\xed\xa0\x80'\n"), "1:6: invalid UTF-8 byte 0xed");	/* a surrogate */
	CHECK_STR(module_error("x = '\xc0\xaf'\n"), "1:6: invalid UTF-8 byte 0xc0");	/* overlong */
	CHECK_STR(module_error("x = '\xf4\x90\x80\x80'\n"), "1:6: invalid UTF-8 byte 0xf4");
	CHECK_STR(dump_expr("'\x80'"), "error 1:2: invalid UTF-8 byte 0x80");
	CHECK_STR(module_error("id:\xc2\xa0Mapped[int]\n"), "1:4: invalid non-printable character U+00A0");
	CHECK_STR(module_error("x\xe2\x80\x8b = 1\n"), "1:2: invalid non-printable character U+200B");
	/* in strings and comments they are text; a leading byte order mark is skipped */
	CHECK_STR(module_error("x = '\xc2\xa0\xe2\x80\xa8' # \xc2\xa0\n"), "ok");
	CHECK_STR(module_error("\xef\xbb\xbfx = 1\n"), "ok");
	CHECK_STR(module_error("caf\xc3\xa9 = '\xf0\x9f\x98\x80'\n"), "ok");
	/* a token quoted in a message is cut between characters, not inside one */
	{
		OrmBuf		src,
					want;

		orm_buf_init(&src, &arena);
		orm_buf_init(&want, &arena);
		orm_buf_puts(&src, "x = 1 a");
		orm_buf_puts(&want, "1:7: invalid syntax near \"a");
		for (int i = 0; i < 30; i++)
			orm_buf_puts(&src, "\xc3\xa9");
		for (int i = 0; i < 19; i++)
			orm_buf_puts(&want, "\xc3\xa9");
		orm_buf_puts(&want, "\"");
		CHECK_STR(module_error(orm_buf_cstr(&src)), orm_buf_cstr(&want));
	}
}

int
main(int argc, char **argv)
{
	const char *seed;

	orm_arena_init(&arena, &check_hooks);
	seed = tl_seed_read(&arena, argc, argv);
	CHECK(seed != NULL);
	if (seed)
	{
		test_blog_module(seed);
		test_all_seed_blocks(seed);
	}
	test_expressions();
	test_node_fields();
	test_strings();
	test_statements();
	test_clauses();
	test_errors();
	test_depth();
	test_kept_statements();
	test_encoding();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
