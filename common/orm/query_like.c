/*
 * query_like.c -- the escape= and autoescape= arguments of like(), ilike(),
 * startswith(), endswith() and contains() (split out of query_expr.c, which
 * builds those comparisons).
 *
 * Must not: emit SQL text, or splice any value anywhere.
 */
#include "orm/query_int.h"

/*
 * like(p, escape="/"), startswith(s, autoescape=True): the escape character
 * (one, not a quote), and with autoescape the string's own "%", "_" and
 * escape characters escaped, as SQLAlchemy escapes them (default "/") -- a
 * literal's, or a params value's (contains(q, autoescape=True) in a search
 * handler), which then makes the call uncacheable.
 */
int
q_like_escape(QEnv *e, QVal **a, const char *form, const PyNode *call, char *esc)
{
	QVal	   *ev,
			   *av;
	bool		autoescape = false;

	*esc = 0;
	if (q_kwarg(e, call, "escape", &ev) < 0 || q_kwarg(e, call, "autoescape", &av) < 0)
		return -1;
	if (av && !form)
	{
		Q_FAIL(e, ORM_ERR_QUERY, av->node, "like() got an unexpected keyword argument 'autoescape'");
		return -1;
	}
	if (ev && !(ev->kind == QV_LIT && ev->json->kind == JSON_NULL))
	{
		if (ev->kind != QV_LIT || ev->json->kind != JSON_STRING || ev->json->len != 1 ||
			ev->json->str[0] == '\'' || (unsigned char) ev->json->str[0] >= 0x80)
		{
			Q_FAIL(e, ORM_ERR_QUERY, ev->node, "escape= takes one character (not a quote)");
			return -1;
		}
		*esc = ev->json->str[0];
	}
	if (av)
	{
		if (av->kind != QV_LIT || (av->json->kind != JSON_TRUE && av->json->kind != JSON_FALSE))
		{
			Q_FAIL(e, ORM_ERR_QUERY, av->node, "autoescape= takes True or False");
			return -1;
		}
		autoescape = av->json->kind == JSON_TRUE;
	}
	if (autoescape)
	{
		OrmBuf		b;
		QVal	   *lit;

		if (!*esc)
			*esc = '/';
		if ((*a)->kind != QV_LIT || (*a)->json->kind != JSON_STRING)
		{
			Q_FAIL(e, ORM_ERR_UNSUPPORTED, (*a)->node,
				   "autoescape=True is supported for a string (a literal or a params value) only");
			return -1;
		}
		/* a params value escaped into the statement: this call's own, not
		 * kept for the next call with other params (session/callcache.h) */
		if ((*a)->param_key)
			e->ctx->uncacheable = true;
		orm_buf_init(&b, e->a);
		for (size_t i = 0; i < (*a)->json->len; i++)
		{
			char		ch = (*a)->json->str[i];

			if (ch == '%' || ch == '_' || ch == *esc)
				orm_buf_putc(&b, *esc);
			orm_buf_putc(&b, ch);
		}
		lit = q_lit(e, json_new_string(e->a, orm_buf_cstr(&b), b.len), (*a)->node);
		*a = lit;
	}
	return 0;
}
