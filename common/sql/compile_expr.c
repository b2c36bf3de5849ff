/*
 * compile_expr.c -- the SQL compiler's expressions (compile_int.h): an
 * SxExpr to SQL text with SQLAlchemy's operator precedence and
 * parenthesization, and what every piece of the compiler shares below that:
 * the names of FROM items (users_1, anon_1, numbered at first use), labels,
 * and the statement's parameters.
 *
 * Owns: c_expr / c_exprs, c_from_name, c_dedupe and the label counters,
 * c_param*, c_wrap_label (the outer statement of a wrapped one reads the
 * inner statement's labels).  Assumes: the check pass (compile.c) accepted
 * the tree, so every function name is a plain identifier the dialect does
 * not refuse and every JSON path step a string or integer.  Every value is
 * a numbered parameter (dialect->param), never spliced.  Must not: call
 * another piece of the compiler (a scalar subquery or EXISTS is written
 * through c_nested_select): this is the lowest one.
 *
 * Conventions shared with query.c only: SX_ORDER with index -1 has no
 * ASC/DESC; SX_BINARY LIKE with name "startswith"/"endswith"/"contains" is
 * SQLAlchemy's LIKE-with-concatenation; SX_CAST named "truediv" is a true
 * division's divisor; SX_FUNC "EXTRACT" is the extract() construct.
 *
 * Dialect differences are read from the OrmDialect only: ILIKE (or lower()
 * LIKE lower()), boolean literals (native_bool), JSON element paths
 * (json_path_text: one '$."k"[0]' path string, else one key per -> step),
 * now() (now_sql), EXTRACT (native_datetime, else strftime).  Also flags:
 * true division (truediv_plus_zero: a / (b + 0.0) on SQLite, CAST(b AS
 * NUMERIC|FLOAT) elsewhere), integer function arguments as INTEGER
 * (int_func_args_cast: round(x, 2) on PostgreSQL), and one parameter per
 * equal value (share_params, so GROUP BY f($1) matches f($1) in the select
 * list, as psycopg2's interpolated literals do).
 */
#include "sql/compile_int.h"

#include <ctype.h>
#include <string.h>

static const OrmType c_t_int = {.kind = ORM_T_INTEGER, .precision = -1, .scale = -1};
static const OrmType c_t_str = {.kind = ORM_T_STRING, .precision = -1, .scale = -1};

/* ---- small helpers ------------------------------------------------------- */

int
c_fail(Cmp *c, OrmErrCode code, const SxExpr *x, const char *msg)
{
	if (x && x->line)
		return orm_err_at(c->ctx->err, code, x->line, x->column, "%s", msg);
	return orm_err(c->ctx->err, code, "%s", msg);
}

bool
c_vec_has(const OrmPtrVec *v, const void *p)
{
	int			i;

	for (i = 0; i < v->n; i++)
		if (v->items[i] == p)
			return true;
	return false;
}

void
c_vec_add(Cmp *c, OrmPtrVec *v, void *p)
{
	if (!c_vec_has(v, p))
		orm_vec_push(c->a, v, p);
}

int
c_next_count(Cmp *c, const char *base)
{
	int			i;
	CCount	   *k;

	for (i = 0; i < c->counts.n; i++)
	{
		k = c->counts.items[i];
		if (strcmp(k->base, base) == 0)
			return ++k->n;
	}
	k = ORM_NEW(c->a, CCount);
	k->base = base;
	k->n = 1;
	orm_vec_push(c->a, &c->counts, k);
	return 1;
}

bool
c_used(const OrmPtrVec *v, const char *s)
{
	int			i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

/* base, base_1, base_2 ... the first not yet in v (query.c names .c the same way) */
const char *
c_dedupe(Cmp *c, OrmPtrVec *v, const char *base)
{
	const char *s = base;
	int			k = 0;

	while (c_used(v, s))
		s = orm_sprintf(c->a, "%s_%d", base, ++k);
	orm_vec_push(c->a, v, (void *) s);
	return s;
}

/* The name a FROM item is referred to by: its table, alias or a number. */
const char *
c_from_name(Cmp *c, SxFrom *f)
{
	int			i;
	CName	   *n;
	const char *base;

	f = sx_from_canon(f);
	if (f->kind == SXF_TABLE && !f->is_alias)
		return f->table->name;
	if (f->kind == SXF_TABLE && f->flat && sx_from_multi(f))
		return c_part_name(c, f, f->table);
	if (f->name)
		return f->name;
	for (i = 0; i < c->names.n; i++)
	{
		n = c->names.items[i];
		if (n->id == f->id && !n->t)
			return n->name;
	}
	base = f->kind == SXF_TABLE && !c_from_subq(f) ? f->table->name : "anon";
	n = ORM_NEW(c->a, CName);
	n->id = f->id;
	n->name = orm_sprintf(c->a, "%s_%d", base, c_next_count(c, base));
	orm_vec_push(c->a, &c->names, n);
	return n->name;
}

/*
 * An aliased() joined entity without flat: SQLAlchemy's alias of the join,
 * a subquery (anon_1) whose columns are labeled <table>_<column>.
 */
bool
c_from_subq(const SxFrom *f)
{
	return f && f->kind == SXF_TABLE && f->is_alias && !f->flat && sx_from_multi(f);
}

/*
 * The name a column of table t read through FROM f is qualified by: the
 * table's own name in an unaliased FROM, the alias of that table in a flat
 * aliased() one (employee_1, manager_1, numbered at first use), else the
 * FROM's name.
 */
const char *
c_part_name(Cmp *c, SxFrom *f, const OrmTable *t)
{
	CName	   *n;

	if (f->kind != SXF_TABLE)
		return c_from_name(c, f);
	if (!f->is_alias)
		return t->name;
	if (!f->flat || !sx_from_multi(f))
		return c_from_name(c, f);
	for (int i = 0; i < c->names.n; i++)
	{
		n = c->names.items[i];
		if (n->id == f->id && n->t == t)
			return n->name;
	}
	n = ORM_NEW(c->a, CName);
	n->id = f->id;
	n->t = t;
	n->name = f->name && t == f->table ? f->name :
		orm_sprintf(c->a, "%s_%d", t->name, c_next_count(c, t->name));
	orm_vec_push(c->a, &c->names, n);
	return n->name;
}

/* The label column col has in the subquery of a non-flat aliased() joined entity. */
const char *
c_subq_label(Cmp *c, SxFrom *f, const OrmColumn *col)
{
	OrmPtrVec	used = {0};
	SxPart	   *parts;
	int			np = sx_from_parts(c->a, f, &parts);

	for (int i = 0; i < np; i++)
		for (int k = 0; k < parts[i].table->ncols; k++)
		{
			const OrmColumn *tc = parts[i].table->cols[k];
			const char *l = c_dedupe(c, &used, orm_sprintf(c->a, "%s_%s", tc->table->name, tc->name));

			if (tc == col)
				return l;
		}
	return col->name;
}

/* Column col of FROM f: "employee"."name", "employee_1"."name", "anon_1"."employee_name". */
void
c_col(Cmp *c, SxFrom *f, const OrmColumn *col)
{
	if (c_from_subq(f))
	{
		c_column(c, f, c_subq_label(c, f, col));
		return;
	}
	orm_quote_ident(c->out, c_part_name(c, f, col->table));
	orm_buf_putc(c->out, '.');
	orm_quote_ident(c->out, sx_from_colname(f, col));	/* a subquery entity's: colmap */
}

/* Outer statement of a wrapped one: the inner statement's label for a column. */
const char *
c_wrap_label(Cmp *c, SxFrom *f, OrmColumn *col)
{
	int			i;

	if (!c->wrap_active)
		return NULL;
	for (i = 0; i < c->wrap_cols.n; i++)
	{
		CWrapCol   *w = c->wrap_cols.items[i];

		if (w->from == f && w->col == col)
			return w->label;
	}
	return NULL;
}

static void
c_param(Cmp *c, OrmParam v, const OrmType *t)
{
	OrmParam   *p = ORM_NEW(c->a, OrmParam);

	*p = v;
	orm_vec_push(c->a, &c->params, p);
	orm_vec_push(c->a, &c->ptypes, (void *) t);
	if (c->pslots.n > 0)
		orm_vec_push(c->a, &c->pslots, NULL);
	c->d->param(c->out, c->params.n, t);
}

/*
 * A value bound anew at each run (SxExpr.bind_slot): a placeholder of its
 * own, never shared with an equal value, so the SQL is the same whatever
 * the value is.
 */
static void
c_param_slot(Cmp *c, OrmParam v, const OrmType *t, int slot)
{
	while (c->pslots.n < c->params.n)
		orm_vec_push(c->a, &c->pslots, NULL);
	c_param(c, v, t);
	if (c->pslots.n < c->params.n)
		orm_vec_push(c->a, &c->pslots, NULL);
	c->pslots.items[c->params.n - 1] = (void *) (intptr_t) slot;
}

static bool
c_param_equal(const OrmParam *p, const OrmParam *v)
{
	if (p->kind != v->kind)
		return false;
	switch (v->kind)
	{
		case ORM_V_NULL:
			return false;		/* its type is the parser's guess at each place */
		case ORM_V_INT:
		case ORM_V_BOOL:
			return p->i == v->i;
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			return p->f == v->f;
		default:
			return p->len == v->len && (v->len == 0 || memcmp(p->s, v->s, v->len) == 0);
	}
}

/*
 * One parameter per distinct value and type in the statement: a JSON path
 * step always, any value of a select on PostgreSQL, so that an expression written twice
 * (date_trunc('month', x) in the select list and in GROUP BY) is the same
 * expression to the server, as the literal psycopg2 interpolates is.
 */
static void
c_param_shared(Cmp *c, OrmParam v, const OrmType *t)
{
	if (c->in_list)
	{
		/* IN-list values (selectin keys) are distinct: sharing would only cost */
		c_param(c, v, t);
		return;
	}
	for (int i = 0; i < c->shared.n; i++)
	{
		int			idx = (int) (intptr_t) c->shared.items[i] - 1;

		if (c->ptypes.items[idx] == t && c_param_equal(c->params.items[idx], &v))
		{
			c->d->param(c->out, idx + 1, t);
			return;
		}
	}
	c_param(c, v, t);
	orm_vec_push(c->a, &c->shared, (void *) (intptr_t) c->params.n);
}

static void
c_param_int(Cmp *c, int64_t i)
{
	OrmParam	p = {.kind = ORM_V_INT, .i = i};

	c_param_shared(c, p, &c_t_int);
}

static void
c_param_text(Cmp *c, const char *s)
{
	OrmParam	p = {.kind = ORM_V_TEXT, .s = s, .len = strlen(s)};

	c_param_shared(c, p, &c_t_str);
}

bool
c_is_ident(const char *s)
{
	if (!s || !*s || !(isalpha((unsigned char) *s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char) *s) || *s == '_'))
			return false;
	return true;
}

/* ---- expressions --------------------------------------------------------- */

static const struct
{
	SxOp		op;
	const char *sql;
	int			prec;
	bool		assoc;
}			c_ops[] = {
	{SXOP_EQ, "=", P_CMP, false}, {SXOP_NE, "!=", P_CMP, false},
	{SXOP_LT, "<", P_CMP, false}, {SXOP_LE, "<=", P_CMP, false},
	{SXOP_GT, ">", P_CMP, false}, {SXOP_GE, ">=", P_CMP, false},
	{SXOP_ADD, "+", P_ADD, true}, {SXOP_SUB, "-", P_ADD, false},
	{SXOP_MUL, "*", P_MUL, true}, {SXOP_DIV, "/", P_MUL, false},
	{SXOP_FLOORDIV, "/", P_MUL, false}, {SXOP_MOD, "%", P_MUL, false},
	{SXOP_CONCAT, "||", P_CONCAT, true},
	{SXOP_LIKE, "LIKE", P_CMP, false}, {SXOP_NOT_LIKE, "NOT LIKE", P_CMP, false},
	{SXOP_ILIKE, "ILIKE", P_CMP, false}, {SXOP_NOT_ILIKE, "NOT ILIKE", P_CMP, false},
	{SXOP_IN, "IN", P_CMP, false}, {SXOP_NOT_IN, "NOT IN", P_CMP, false},
	{SXOP_IS, "IS", P_CMP, false}, {SXOP_IS_NOT, "IS NOT", P_CMP, false},
	{SXOP_IS_DISTINCT, "IS DISTINCT FROM", P_CMP, false},
	{SXOP_IS_NOT_DISTINCT, "IS NOT DISTINCT FROM", P_CMP, false},
	{SXOP_BITAND, "&", P_ADD, true}, {SXOP_BITOR, "|", P_ADD, true},
	{SXOP_BITXOR, "^", P_ADD, true},
	{SXOP_COLLATE, "COLLATE", P_NOT, false},
	{SXOP_CUSTOM, NULL, P_CUSTOM, false},	/* x->name: op() text; below OR, as SQLAlchemy's 0 */
};

static int
c_op_index(SxOp op)
{
	size_t		i;

	for (i = 0; i < sizeof(c_ops) / sizeof(c_ops[0]); i++)
		if (c_ops[i].op == op)
			return (int) i;
	return -1;
}

static int
c_prec(const SxExpr *x)
{
	int			i;

	switch (x->kind)
	{
		case SX_BINARY:
			if (x->name && x->op != SXOP_COLLATE && x->op != SXOP_CUSTOM)	/* startswith forms
																		 * carry their own
																		 * parentheses */
				return P_ATOM;
			i = c_op_index(x->op);
			return i < 0 ? P_CMP : c_ops[i].prec;
		case SX_BOOLLIST:
			return x->op == SXOP_OR ? P_OR : P_AND;
		case SX_UNARY:
			return x->op == SXOP_NOT ? P_NOT : P_UNARY;
		case SX_BETWEEN:
			return P_CMP;
		case SX_ORDER:
			return P_AND;
		default:
			return P_ATOM;
	}
}

static void
c_bool_literal(Cmp *c, bool v)
{
	if (c->d->native_bool)
		orm_buf_puts(c->out, v ? "true" : "false");
	else
		orm_buf_puts(c->out, v ? "1" : "0");
}

void
c_column(Cmp *c, SxFrom *f, const char *colname)
{
	orm_quote_ident(c->out, c_from_name(c, f));
	orm_buf_putc(c->out, '.');
	orm_quote_ident(c->out, colname);
}

static bool
c_is_ilike(SxOp op)
{
	return op == SXOP_ILIKE || op == SXOP_NOT_ILIKE;
}

/*
 * like(..., escape="/") / startswith(..., autoescape=True): ESCAPE 'c' as
 * SQLAlchemy writes it.  The character is one the query layer checked (not a
 * quote), written as a literal, never the text's own SQL.
 */
static void
c_like_escape(Cmp *c, const SxExpr *x)
{
	if (x->like_escape && x->like_escape != '\'')
		orm_buf_printf(c->out, " ESCAPE '%c'", x->like_escape);
}

/* One side of an i-form without ILIKE: lower(x). */
static int
c_like_side(Cmp *c, SxExpr *x, bool lower, int prec)
{
	if (!lower)
		return c_expr(c, x, prec);
	orm_buf_puts(c->out, "lower(");
	if (c_expr(c, x, 0) < 0)
		return -1;
	orm_buf_putc(c->out, ')');
	return 0;
}

/*
 * x LIKE y || '%' and friends: SQLAlchemy's startswith/endswith/contains,
 * and the istartswith/iendswith/icontains forms (ILIKE, or where there is
 * none, lower(x) LIKE '%' || lower(y) || '%').
 */
static int
c_like_form(Cmp *c, SxExpr *x, const char *op)
{
	bool		pre = strcmp(x->name, "startswith") != 0;
	bool		post = strcmp(x->name, "endswith") != 0;
	bool		lower = c_is_ilike(x->op) && !c->d->has_ilike;

	if (lower)
		op = x->op == SXOP_ILIKE ? "LIKE" : "NOT LIKE";
	orm_buf_putc(c->out, '(');
	if (c_like_side(c, x->left, lower, P_CMP) < 0)
		return -1;
	orm_buf_printf(c->out, " %s ", op);
	if (pre)
		orm_buf_printf(c->out, "'%%' %s ", c->d->concat_op);
	if (c_like_side(c, x->right, lower, P_CONCAT + 1) < 0)
		return -1;
	if (post)
		orm_buf_printf(c->out, " %s '%%'", c->d->concat_op);
	c_like_escape(c, x);
	orm_buf_putc(c->out, ')');
	return 0;
}

static int
c_in(Cmp *c, SxExpr *x, int oi)
{
	SxExpr	   *r = x->right;

	if (r->kind == SX_TUPLE && r->nargs == 0)
	{
		/*
		 * An empty IN list: SQLAlchemy's "empty set" expression, never true
		 * (NOT IN: always true).  SQLite: x IN (SELECT 1 FROM (SELECT 1)
		 * WHERE 1!=1); PostgreSQL: x IN (NULL) AND (1 != 1).  A tuple on
		 * the left has as many columns.
		 */
		int			w = x->left->kind == SX_TUPLE ? x->left->nargs : 1;
		bool		in = x->op == SXOP_IN;

		orm_buf_putc(c->out, '(');
		if (c_expr(c, x->left, P_CMP) < 0)
			return -1;
		orm_buf_puts(c->out, in ? " IN (" : " NOT IN (");
		if (c->d->empty_in_subquery)
		{
			for (int pass = 0; pass < 2; pass++)
			{
				orm_buf_puts(c->out, "SELECT ");
				for (int k = 0; k < w; k++)
					orm_buf_puts(c->out, k ? ", 1" : "1");
				if (pass == 0)
					orm_buf_puts(c->out, " FROM (");
			}
			orm_buf_puts(c->out, ") WHERE 1!=1))");
			return 0;
		}
		if (w > 1)
			orm_buf_putc(c->out, '(');
		for (int k = 0; k < w; k++)
			orm_buf_puts(c->out, k ? ", NULL" : "NULL");
		if (w > 1)
			orm_buf_putc(c->out, ')');
		orm_buf_puts(c->out, in ? ") AND (1 != 1))" : ") OR (1 = 1))");
		return 0;
	}
	if (x->key_array && x->op == SXOP_IN && c->d->key_array_sql && r->kind == SX_PARAM)
	{
		/* selectin keys in one parameter (dialect.h, key_array_sql) */
		if (c_expr(c, x->left, P_CMP) < 0)
			return -1;
		c->d->key_array_sql(c->out, 0, x->left->type);
		c_param(c, r->value, NULL);
		c->d->key_array_sql(c->out, 1, x->left->type);
		return 0;
	}
	if (c_expr(c, x->left, P_CMP) < 0)
		return -1;
	orm_buf_printf(c->out, " %s ", c_ops[oi].sql);
	if (r->kind == SX_TUPLE || r->kind == SX_SCALAR_SUBQ)
		return c_expr(c, r, P_ATOM);
	orm_buf_putc(c->out, '(');
	if (c_expr(c, r, 0) < 0)
		return -1;
	orm_buf_putc(c->out, ')');
	return 0;
}

/*
 * left <op> right of column.op(): the text is one of query.c's allowed
 * spellings.  Operands of another custom operator are parenthesized, as
 * SQLAlchemy does for its precedence-0 operators.  An operator holding '?'
 * is refused where '?' is also the parameter placeholder.
 */
static int
c_custom_op(Cmp *c, SxExpr *x)
{
	OrmBuf		ph;

	if (!x->name)
		return c_fail(c, ORM_ERR_UNSUPPORTED, x, "operator not supported");
	if (strchr(x->name, '?'))
	{
		orm_buf_init(&ph, c->out->arena);
		c->d->param(&ph, 1, NULL);
		if (ph.len > 0 && strchr(ph.data, '?'))
			return c_fail(c, ORM_ERR_UNSUPPORTED, x,
						  orm_sprintf(c->out->arena, "operator \"%s\" is not supported by %s",
									  x->name, c->d->name));
	}
	if (c_expr(c, x->left, P_CUSTOM + 1) < 0)
		return -1;
	orm_buf_printf(c->out, " %s ", x->name);
	return c_expr(c, x->right, P_CUSTOM + 1);
}

/*
 * A Date operand beside an integer literal that fits an int4: PostgreSQL has
 * date + integer, not date + bigint, so the literal is cast (the driver's
 * literal 1 is an integer).
 */
static bool
c_date_plus_int32(const SxExpr *date, const SxExpr *num)
{
	return date->type && date->type->kind == ORM_T_DATE &&
		num->kind == SX_PARAM && num->value.kind == ORM_V_INT &&
		num->value.i >= INT32_MIN && num->value.i <= INT32_MAX;
}

static int
c_binary(Cmp *c, SxExpr *x)
{
	int			oi = c_op_index(x->op),
				p;

	if (oi < 0)
		return c_fail(c, ORM_ERR_UNSUPPORTED, x, "operator not supported");
	p = c_ops[oi].prec;
	if (x->op == SXOP_IN || x->op == SXOP_NOT_IN)
		return c_in(c, x, oi);
	if (x->op == SXOP_COLLATE)
	{
		if (c_expr(c, x->left, P_UNARY) < 0)
			return -1;
		orm_buf_puts(c->out, " COLLATE ");
		orm_quote_ident(c->out, x->name);
		return 0;
	}
	if (x->op == SXOP_CUSTOM)
		return c_custom_op(c, x);
	if (x->op == SXOP_FLOORDIV && !(x->right->type && (x->right->type->kind == ORM_T_INTEGER ||
													   x->right->type->kind == ORM_T_BIGINT ||
													   x->right->type->kind == ORM_T_SMALLINT)))
	{
		/* SQLAlchemy: a / b only when the divisor is an integer, else FLOOR(a / b) */
		orm_buf_puts(c->out, "FLOOR(");
		if (c_expr(c, x->left, P_MUL) < 0)
			return -1;
		orm_buf_puts(c->out, " / ");
		if (c_expr(c, x->right, P_MUL + 1) < 0)
			return -1;
		orm_buf_putc(c->out, ')');
		return 0;
	}
	if (x->name)				/* startswith / icontains ... forms */
		return c_like_form(c, x, c_ops[oi].sql);
	if (c_is_ilike(x->op) && !c->d->has_ilike)
	{
		/* lower(x) LIKE lower(y) */
		orm_buf_puts(c->out, "lower(");
		if (c_expr(c, x->left, 0) < 0)
			return -1;
		orm_buf_printf(c->out, ") %s lower(", x->op == SXOP_ILIKE ? "LIKE" : "NOT LIKE");
		if (c_expr(c, x->right, 0) < 0)
			return -1;
		orm_buf_putc(c->out, ')');
		c_like_escape(c, x);
		return 0;
	}
	if (x->op == SXOP_ADD && c->d->int_func_args_cast && c_date_plus_int32(x->right, x->left))
	{
		/* 1 + ship_date: integer + date, as below */
		orm_buf_puts(c->out, "CAST(");
		if (c_expr(c, x->left, 0) < 0)
			return -1;
		orm_buf_puts(c->out, " AS INTEGER) + ");
		return c_expr(c, x->right, p);
	}
	if (c_expr(c, x->left, p) < 0)
		return -1;
	if (x->op == SXOP_CONCAT)
		orm_buf_printf(c->out, " %s ", c->d->concat_op);
	else
		orm_buf_printf(c->out, " %s ", c_ops[oi].sql);
	if ((x->op == SXOP_ADD || x->op == SXOP_SUB) && c->d->int_func_args_cast &&
		c_date_plus_int32(x->left, x->right))
	{
		/* ship_date + 1: PostgreSQL has date + integer, not date + bigint (the
		 * driver's literal 1 is an integer) */
		orm_buf_puts(c->out, "CAST(");
		if (c_expr(c, x->right, 0) < 0)
			return -1;
		orm_buf_puts(c->out, " AS INTEGER)");
		return 0;
	}
	if (c_expr(c, x->right, c_ops[oi].assoc ? p : p + 1) < 0)
		return -1;
	c_like_escape(c, x);
	return 0;
}

static int
c_boollist(Cmp *c, SxExpr *x)
{
	int			i,
				p = x->op == SXOP_OR ? P_OR : P_AND;

	for (i = 0; i < x->nargs; i++)
	{
		if (i > 0)
			orm_buf_puts(c->out, x->op == SXOP_OR ? " OR " : " AND ");
		if (c_expr(c, x->args[i], p) < 0)
			return -1;
	}
	return 0;
}

static bool
c_is_atom_operand(const SxExpr *x)
{
	return x->kind == SX_COLUMN || x->kind == SX_FROMCOL || x->kind == SX_FUNC ||
		x->kind == SX_PARAM;
}

static int
c_unary(Cmp *c, SxExpr *x)
{
	SxExpr	   *o = x->left;

	if (x->op == SXOP_NOT)
	{
		/* not_(boolean column): SQLAlchemy writes "x = 0" where booleans are integers */
		if (!c->d->native_bool && c_is_atom_operand(o) && o->type &&
			o->type->kind == ORM_T_BOOLEAN)
		{
			if (c_expr(c, o, P_CMP) < 0)
				return -1;
			orm_buf_puts(c->out, " = 0");
			return 0;
		}
		orm_buf_puts(c->out, "NOT ");
		if (c_is_atom_operand(o))
			return c_expr(c, o, P_ATOM);
		orm_buf_putc(c->out, '(');
		if (c_expr(c, o, 0) < 0)
			return -1;
		orm_buf_putc(c->out, ')');
		return 0;
	}
	if (x->op == SXOP_NEG || x->op == SXOP_BITNOT)
	{
		orm_buf_putc(c->out, x->op == SXOP_NEG ? '-' : '~');
		return c_expr(c, o, P_UNARY);
	}
	return c_fail(c, ORM_ERR_UNSUPPORTED, x, "unary operator not supported");
}

int
c_exprs(Cmp *c, int n, SxExpr **xs)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i > 0)
			orm_buf_puts(c->out, ", ");
		if (c_expr(c, xs[i], 0) < 0)
			return -1;
	}
	return 0;
}

/* Function names SQLAlchemy knows (rendered lower-case whatever was written). */
static bool
c_known_func(const char *name)
{
	static const char *const known[] = {"count", "max", "min", "sum", "avg", "coalesce",
		"lower", "upper", "length", "char_length", "concat", "now", "random", "row_number",
		"rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
		"first_value", "last_value", "nth_value", "array_agg", "string_agg", "group_concat",
	"cast", "date", "abs", "round", "trim", "substr", "json_extract", "aggregate_strings", NULL};
	int			i;

	for (i = 0; known[i]; i++)
		if (orm_strieq(known[i], name))
			return true;
	return false;
}

const char *
c_lower(Cmp *c, const char *s)
{
	char	   *r = orm_strdup(c->a, s),
			   *p;

	for (p = r; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	return r;
}

/* func.extract("year", x): EXTRACT(year FROM x) / strftime on SQLite */
static int
c_func_extract(Cmp *c, SxExpr *x)
{
	static const struct
	{
		const char *field;
		const char *strftime;
	}			fields[] = {
		{"year", "%Y"}, {"month", "%m"}, {"day", "%d"}, {"hour", "%H"},
		{"minute", "%M"}, {"second", "%S"}, {"dow", "%w"}, {"doy", "%j"},
		{"week", "%W"}, {"epoch", "%s"},
	};
	const SxExpr *f = x->args[0];
	size_t		i;

	if (f->kind != SX_PARAM || f->value.kind != ORM_V_TEXT)
		return c_fail(c, ORM_ERR_QUERY, x, "extract() takes a field name such as \"year\"");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
	{
		if (!orm_strieq(fields[i].field, f->value.s))
			continue;
		if (c->d->native_datetime)
		{
			orm_buf_printf(c->out, "EXTRACT(%s FROM ", fields[i].field);
			if (c_expr(c, x->args[1], 0) < 0)
				return -1;
			orm_buf_putc(c->out, ')');
		}
		else
		{
			orm_buf_printf(c->out, "CAST(STRFTIME('%s', ", fields[i].strftime);
			if (c_expr(c, x->args[1], 0) < 0)
				return -1;
			orm_buf_puts(c->out, ") AS INTEGER)");
		}
		return 0;
	}
	return c_fail(c, ORM_ERR_QUERY, x,
				  orm_sprintf(c->a, "unknown extract() field \"%s\"", f->value.s));
}

static int
c_over(Cmp *c, SxExpr *x)
{
	orm_buf_puts(c->out, " OVER (");
	if (x->npartition > 0)
	{
		orm_buf_puts(c->out, "PARTITION BY ");
		if (c_exprs(c, x->npartition, x->partition_by) < 0)
			return -1;
	}
	if (x->nover_order > 0)
	{
		orm_buf_puts(c->out, x->npartition > 0 ? " ORDER BY " : "ORDER BY ");
		if (c_exprs(c, x->nover_order, x->over_order) < 0)
			return -1;
	}
	if (x->frame)
	{
		orm_buf_puts(c->out, x->npartition > 0 || x->nover_order > 0 ? " " : "");
		orm_buf_puts(c->out, x->frame == 'R' ? "ROWS BETWEEN " : "RANGE BETWEEN ");
		for (int i = 0; i < 2; i++)
		{
			if (i)
				orm_buf_puts(c->out, " AND ");
			switch (x->frame_kind[i])
			{
				case 0:
					orm_buf_puts(c->out, i ? "UNBOUNDED FOLLOWING" : "UNBOUNDED PRECEDING");
					break;
				case 1:
					orm_buf_puts(c->out, "CURRENT ROW");
					break;
				default:
					if (c_expr(c, x->frame_n[i], 0) < 0)
						return -1;
					orm_buf_puts(c->out, x->frame_kind[i] == 2 ? " PRECEDING" : " FOLLOWING");
			}
		}
	}
	orm_buf_putc(c->out, ')');
	return 0;
}

/* Functions SQL spells as keywords, without parentheses. */
static const char *
c_sql_keyword_func(const char *name)
{
	static const char *const kw[] = {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME",
	"LOCALTIMESTAMP", "LOCALTIME", NULL};
	int			i;

	for (i = 0; kw[i]; i++)
		if (orm_strieq(kw[i], name))
			return kw[i];
	return NULL;
}

/*
 * A function's arguments.  On PostgreSQL an integer literal that fits 32
 * bits is an integer there, as the literal psycopg2 interpolates is
 * (round(x, 2), substr(s, 1, 3) resolve only so); our parameters are bigint.
 */
static int
c_func_args(Cmp *c, SxExpr *x)
{
	int			i;

	for (i = 0; i < x->nargs; i++)
	{
		SxExpr	   *a = x->args[i];

		if (i > 0)
			orm_buf_puts(c->out, ", ");
		if (a->kind == SX_PARAM && a->value.kind == ORM_V_INT && a->value.i >= INT32_MIN &&
			a->value.i <= INT32_MAX && c->d->int_func_args_cast)
		{
			orm_buf_puts(c->out, "CAST(");
			if (c_expr(c, a, 0) < 0)
				return -1;
			orm_buf_puts(c->out, " AS INTEGER)");
		}
		else if (a->kind == SX_PARAM && a->value.kind == ORM_V_TEXT && a->bind_slot == 0 &&
				 !c_known_func(x->name))
		{
			/*
			 * A string given to a function orm knows no signature of: bound as
			 * text, and marked so that PostgreSQL's host binds it untyped where
			 * text finds no function (json_object('{a, 1}'), as psycopg2's
			 * literal is resolved by the function's signature).
			 */
			SxExpr		u = *a;

			u.value.kind = ORM_V_UNTYPED;
			if (c_expr(c, &u, 0) < 0)
				return -1;
		}
		else if (c_expr(c, a, 0) < 0)
			return -1;
	}
	return 0;
}

static int	c_subselect(Cmp *c, SxSelect *s);

static int
c_func(Cmp *c, SxExpr *x)
{
	const char *name = c_known_func(x->name) ? c_lower(c, x->name) : x->name;

	if (orm_strieq(name, "extract") && x->nargs == 2)
		return c_func_extract(c, x);
	if (strcmp(name, "aggregate_strings") == 0)
		/* SQLAlchemy 2.0's func.aggregate_strings(expr, sep): each dialect's own */
		name = c->d->has_pg_operators ? "string_agg" : "group_concat";
	if (strcmp(name, " array_index") == 0)
	{
		/* query.c: (array)[i] */
		orm_buf_putc(c->out, '(');
		if (c_expr(c, x->args[0], 0) < 0)
			return -1;
		orm_buf_puts(c->out, ")[CAST(");
		if (c_expr(c, x->args[1], 0) < 0)
			return -1;
		orm_buf_puts(c->out, " AS INTEGER)]");
		return 0;
	}
	if (strcmp(name, " aggregate_order_by") == 0)
	{
		/* query_builtins.c: expr ORDER BY a, b */
		if (c_expr(c, x->args[0], 0) < 0)
			return -1;
		orm_buf_puts(c->out, " ORDER BY ");
		return c_exprs(c, x->nargs - 1, x->args + 1);
	}
	if (strcmp(name, " within_group") == 0)
	{
		/* query_expr.c: f(...) WITHIN GROUP (ORDER BY a, b) */
		if (c_expr(c, x->args[0], 0) < 0)
			return -1;
		orm_buf_puts(c->out, " WITHIN GROUP (ORDER BY ");
		if (c_exprs(c, x->nargs - 1, x->args + 1) < 0)
			return -1;
		orm_buf_putc(c->out, ')');
	}
	else if ((strcmp(x->name, "ANY") == 0 || strcmp(x->name, "ALL") == 0) && x->nargs == 1 &&
			 x->args[0]->kind == SX_SCALAR_SUBQ)
	{
		/* any_(subquery): ANY (SELECT ...), each row, not one array value */
		orm_buf_puts(c->out, x->name);
		orm_buf_putc(c->out, ' ');
		return c_subselect(c, x->args[0]->select);
	}
	else if (strcmp(name, "now") == 0 && x->nargs == 0)
		orm_buf_puts(c->out, c->d->now_sql);
	else if (x->nargs == 0 && c_sql_keyword_func(name))
		orm_buf_puts(c->out, c_sql_keyword_func(name));
	else
	{
		orm_buf_puts(c->out, name);
		orm_buf_putc(c->out, '(');
		if (x->nargs == 0 && strcmp(name, "count") == 0)
			orm_buf_putc(c->out, '*');
		else if (c_func_args(c, x) < 0)
			return -1;
		orm_buf_putc(c->out, ')');
	}
	if (x->filter)
	{
		orm_buf_puts(c->out, " FILTER (WHERE ");
		if (c_expr(c, x->filter, 0) < 0)
			return -1;
		orm_buf_putc(c->out, ')');
	}
	if (x->has_over)
		return c_over(c, x);
	return 0;
}

static int
c_case(Cmp *c, SxExpr *x)
{
	int			i;

	orm_buf_puts(c->out, "CASE ");
	if (x->left)
	{
		if (c_expr(c, x->left, 0) < 0)
			return -1;
		orm_buf_putc(c->out, ' ');
	}
	for (i = 0; i + 1 < x->nargs; i += 2)
	{
		SxExpr	   *w = x->args[i];
		bool		paren = !x->left && (w->kind == SX_BINARY || w->kind == SX_BOOLLIST);

		orm_buf_puts(c->out, "WHEN ");
		if (paren)
			orm_buf_putc(c->out, '(');
		if (c_expr(c, w, 0) < 0)
			return -1;
		orm_buf_puts(c->out, paren ? ") THEN " : " THEN ");
		if (c_expr(c, x->args[i + 1], 0) < 0)
			return -1;
		orm_buf_putc(c->out, ' ');
	}
	if (x->right)
	{
		orm_buf_puts(c->out, "ELSE ");
		if (c_expr(c, x->right, 0) < 0)
			return -1;
		orm_buf_putc(c->out, ' ');
	}
	orm_buf_puts(c->out, "END");
	return 0;
}

/*
 * The divisor of a true division (query.c marks the cast "truediv"):
 * SQLAlchemy's SQLite dialect writes (x + 0.0), the others CAST(x AS type).
 */
static int
c_truediv_divisor(Cmp *c, SxExpr *x)
{
	orm_buf_putc(c->out, '(');
	if (c_expr(c, x->left, P_ADD) < 0)
		return -1;
	orm_buf_puts(c->out, " + 0.0)");
	return 0;
}

static int
c_cast(Cmp *c, SxExpr *x)
{
	if (x->name && strcmp(x->name, "truediv") == 0 && c->d->truediv_plus_zero)
		return c_truediv_divisor(c, x);
	orm_buf_puts(c->out, "CAST(");
	if (c_expr(c, x->left, 0) < 0)
		return -1;
	orm_buf_puts(c->out, " AS ");
	c->d->type_sql(c->out, x->cast_type, false);
	orm_buf_putc(c->out, ')');
	return 0;
}

static int
c_subselect(Cmp *c, SxSelect *s)
{
	orm_buf_putc(c->out, '(');
	if (c_nested_select(c, s, CM_TOP, false) < 0)
		return -1;
	orm_buf_putc(c->out, ')');
	return 0;
}

void
c_order_suffix(Cmp *c, const SxExpr *x)
{
	if (x->index != -1)
		orm_buf_puts(c->out, x->desc ? " DESC" : " ASC");
	if (x->nulls == 1)
		orm_buf_puts(c->out, " NULLS FIRST");
	else if (x->nulls == 2)
		orm_buf_puts(c->out, " NULLS LAST");
}

static int
c_order(Cmp *c, SxExpr *x)
{
	if (c_expr(c, x->left, P_AND + 1) < 0)
		return -1;
	c_order_suffix(c, x);
	return 0;
}

/* One JSON path step as the dialect wants it: '$."k"' / '$[0]' in a path
 * string (SQLite), else the key or index itself. */
static void
c_json_path(Cmp *c, SxExpr *x)
{
	OrmBuf		path;
	int			i;

	orm_buf_init(&path, c->a);
	orm_buf_putc(&path, '$');
	for (i = 0; i < x->nargs; i++)
	{
		OrmParam   *v = &x->args[i]->value;

		if (v->kind == ORM_V_INT)
			orm_buf_printf(&path, "[%lld]", (long long) v->i);
		else
		{
			orm_buf_putc(&path, '.');
			orm_buf_json_str(&path, v->s, v->len);
		}
	}
	c_param_text(c, orm_buf_cstr(&path));
}

static int
c_json_elem(Cmp *c, SxExpr *x)
{
	OrmBuf	   *saved = c->out;
	OrmBuf		base,
				step;
	int			i;

	orm_buf_init(&base, c->a);
	c->out = &base;
	if (c_expr(c, x->left, P_ATOM) < 0)
		return (c->out = saved, -1);
	if (c->d->json_path_text)
	{
		orm_buf_init(&step, c->a);
		c->out = &step;
		c_json_path(c, x);
		c->out = saved;
		if (x->json_as == SXJ_JSON)
			orm_buf_puts(c->out, "JSON_QUOTE(");
		c->d->json_elem(c->out, orm_buf_cstr(&base), orm_buf_cstr(&step), x->json_as != SXJ_JSON);
		if (x->json_as == SXJ_JSON)
			orm_buf_putc(c->out, ')');
		return 0;
	}
	/* one operator per step; the last one ->> when a typed value is wanted */
	for (i = 0; i < x->nargs; i++)
	{
		OrmParam   *v = &x->args[i]->value;
		OrmBuf		acc;

		orm_buf_init(&step, c->a);
		c->out = &step;
		if (v->kind == ORM_V_INT)
		{
			orm_buf_puts(&step, "CAST(");
			c_param_int(c, v->i);
			orm_buf_puts(&step, " AS INTEGER)");
		}
		else
			c_param_text(c, orm_strndup(c->a, v->s, v->len));
		orm_buf_init(&acc, c->a);
		c->d->json_elem(&acc, orm_buf_cstr(&base), orm_buf_cstr(&step),
						i == x->nargs - 1 && x->json_as != SXJ_JSON);
		base = acc;
	}
	c->out = saved;
	if (x->json_as == SXJ_JSON || x->json_as == SXJ_STRING)
	{
		orm_buf_puts(c->out, orm_buf_cstr(&base));
		return 0;
	}
	orm_buf_puts(c->out, "CAST(");
	orm_buf_puts(c->out, orm_buf_cstr(&base));
	orm_buf_puts(c->out, " AS ");
	c->d->type_sql(c->out, x->type ? x->type : &c_t_int, false);
	orm_buf_putc(c->out, ')');
	return 0;
}

/*
 * text("SQL") as written (the caller allowed raw SQL), each :name
 * placeholder (found as the evaluator found them) a bound parameter; "\:"
 * is a literal colon, as in SQLAlchemy.
 */
static int
c_raw(Cmp *c, SxExpr *x)
{
	const char *sql = x->name,
			   *p;

	if (x->negated)
	{
		orm_buf_puts(c->out, sql);	/* literal_column("x") */
		return 0;
	}
	for (p = sql; *p; p++)
	{
		const char *q;

		if (*p == '\\' && p[1] == ':')
		{
			orm_buf_putc(c->out, ':');
			p++;
			continue;
		}
		if (*p != ':' || (p > sql && (p[-1] == ':' || p[-1] == '_' ||
									  isalnum((unsigned char) p[-1]))))
		{
			orm_buf_putc(c->out, *p);
			continue;
		}
		for (q = p + 1; *q == '_' || isalnum((unsigned char) *q); q++)
			;
		if (q == p + 1 || *q == ':')
		{
			orm_buf_putc(c->out, *p);
			continue;
		}
		for (int k = 0; k < x->nargs; k++)
			if (strlen(x->args[k]->name) == (size_t) (q - p - 1) &&
				strncmp(x->args[k]->name, p + 1, (size_t) (q - p - 1)) == 0)
			{
				if (!x->args[k]->left)
					return c_fail(c, ORM_ERR_PARAM, x,
								  orm_sprintf(c->a, "a value is required for bind parameter '%s'",
											  x->args[k]->name));
				if (c_expr(c, x->args[k]->left, P_ATOM) < 0)
					return -1;
				break;
			}
		p = q - 1;
	}
	return 0;
}

static int
c_expr_inner(Cmp *c, SxExpr *x)
{
	switch (x->kind)
	{
		case SX_COLUMN:
			{
				const char *wl = c_wrap_label(c, x->from, x->col);

				if (wl)
					c_column(c, c->wrap_from, wl);
				else
					c_col(c, x->from, x->col);
				return 0;
			}
		case SX_FROMCOL:
			if (x->from->column_valued)	/* column_valued(): the alias is the column */
				orm_quote_ident(c->out, c_from_name(c, x->from));
			else
				c_column(c, x->from, x->name);
			return 0;
		case SX_ENTITY:
			return c_fail(c, ORM_ERR_QUERY, x, "an entity cannot be used in an expression");
		case SX_PARAM:
			if (x->bind_pending)
				return orm_err_at(c->ctx->err, ORM_ERR_PARAM, x->line, x->column,
								  "no value for bindparam \"%s\" in params",
								  x->param_key ? x->param_key : "?");
			if (x->bind_slot > 0)
				c_param_slot(c, x->value, x->type, x->bind_slot);
			else if (c->share_params)
				c_param_shared(c, x->value, x->type);
			else
				c_param(c, x->value, x->type);
			return 0;
		case SX_NULL:
			orm_buf_puts(c->out, "NULL");
			return 0;
		case SX_TRUE:
		case SX_FALSE:
			c_bool_literal(c, x->kind == SX_TRUE);
			return 0;
		case SX_STAR:
			orm_buf_putc(c->out, '*');
			return 0;
		case SX_BINARY:
			return c_binary(c, x);
		case SX_UNARY:
			return c_unary(c, x);
		case SX_BOOLLIST:
			return c_boollist(c, x);
		case SX_FUNC:
			return c_func(c, x);
		case SX_CASE:
			return c_case(c, x);
		case SX_CAST:
			return c_cast(c, x);
		case SX_TYPE_COERCE:
			return c_expr(c, x->left, P_ATOM);
		case SX_LABEL:
			return c_expr(c, x->left, P_ATOM);
		case SX_BETWEEN:
			if (c_expr(c, x->left, P_CMP + 1) < 0)
				return -1;
			orm_buf_puts(c->out, x->negated ? " NOT BETWEEN " : " BETWEEN ");
			if (x->symmetric)
				orm_buf_puts(c->out, "SYMMETRIC ");
			if (c_expr(c, x->right, P_CMP + 1) < 0)
				return -1;
			orm_buf_puts(c->out, " AND ");
			return c_expr(c, x->third, P_CMP + 1);
		case SX_TUPLE:
			{
				bool		outer = c->in_list;
				int			rc;

				orm_buf_putc(c->out, '(');
				c->in_list = true;
				rc = c_exprs(c, x->nargs, x->args);
				c->in_list = outer;
				if (rc < 0)
					return -1;
				orm_buf_putc(c->out, ')');
				return 0;
			}
		case SX_SCALAR_SUBQ:
			return c_subselect(c, x->select);
		case SX_EXISTS:
			orm_buf_puts(c->out, "EXISTS ");
			return c_subselect(c, x->select);
		case SX_ORDER:
			return c_order(c, x);
		case SX_JSON_ELEM:
			return c_json_elem(c, x);
		case SX_DISTINCT:
			orm_buf_puts(c->out, "DISTINCT ");
			return c_expr(c, x->left, P_ATOM);
		case SX_BUNDLE:
			return c_fail(c, ORM_ERR_QUERY, x, "a Bundle is selected, not used in an expression");
		case SX_RAW:
			return c_raw(c, x);
	}
	return c_fail(c, ORM_ERR_INTERNAL, x, "unknown expression kind");
}

int
c_expr(Cmp *c, SxExpr *x, int prec)
{
	bool		paren;
	int			r;

	if (!x)
		return orm_err(c->ctx->err, ORM_ERR_INTERNAL, "missing expression");
	paren = c_prec(x) < prec;
	if (paren)
		orm_buf_putc(c->out, '(');
	r = c_expr_inner(c, x);
	if (paren)
		orm_buf_putc(c->out, ')');
	return r;
}

