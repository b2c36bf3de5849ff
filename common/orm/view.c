/*
 * view.c -- orm_view(name, query): an ordinary SQL view of a select()
 * statement's objects, eager-loaded relationships as JSON columns.
 *
 * Owns: orm_view_create (orm_api_view, api.c, evaluates the statement and
 * calls it): turning one evaluated statement (query.c) and its eager-load plan
 * (loader.c's orm_plan_build) into a single CREATE VIEW that needs nothing
 * of the extension to be read:
 *
 *   CREATE VIEW "v" AS WITH "orm_view_base"("c1", ..., "cN") AS (<statement>)
 *   SELECT "orm_view_base"."c1" AS "id", ...,
 *          (<correlated JSON subquery>) AS "posts"
 *   FROM "orm_view_base"
 *
 * The statement is compiled as orm_select compiles it but without eager
 * joins (plans NULL); every relationship of the plan, whatever its strategy
 * (selectin, joined, subquery, contains_eager), becomes a correlated
 * subquery that builds its JSON with the dialect's JSON functions (dialect.h,
 * json_*), nested relationships recursively: a collection as an array
 * ordered by the relationship's order_by, else the target's primary key (as
 * docs/reference.md orders collections), a scalar as an object or NULL.
 *
 * Columns: a statement of exactly one entity gives one column per mapped
 * attribute (the table's own values, typed as stored) then one JSON column
 * per loaded relationship; any other statement one column per Row field,
 * an entity field as a JSON object.  Inside JSON, values are formatted as
 * the API formats them where SQL can: booleans true/false, datetimes with
 * "T", UUIDs dashed, bytes "\\x" + hex, intervals as seconds, enums as the
 * member's value, JSON columns embedded; other values as the engine's JSON
 * functions write them.
 *
 * Parameters: a view cannot take bound parameters, so the compiled
 * statement's values are inlined as literals: numbers printed from the
 * parsed numbers (int64 / finite double), everything else a quoted string
 * literal (orm_quote_literal; E'...' where the dialect says backslashes
 * need it), NULL as NULL; bytes and strings with a NUL byte are rejected.
 * Placeholders are found outside quoted identifiers and literals only.
 *
 * Identifiers: the view name as given, one identifier, quoted; everything
 * else from the registry, quoted; aliases are generated ("orm_v1", ...).
 */
#include "orm/view.h"
#include "orm/loader.h"

#include <string.h>
#include <math.h>
#include <stdio.h>

#define VW_BASE "orm_view_base"

typedef struct Vw
{
	OrmCtx	   *ctx;
	OrmArena   *a;
	const OrmDialect *d;
	int			nalias;
} Vw;

/*
 * Where a class's column values are read: alias."column" of a FROM item in a
 * subquery, or the base CTE's positional column "c<offset + attr + 1>".
 */
typedef struct VwRef
{
	const char *alias;			/* NULL: the base CTE */
	const OrmClass *cls;
	int			offset;			/* base CTE: the entity's first column */
	const OrmLoadNode *node;	/* base CTE: the entity's columns (cols), or NULL:
								 * cls->attrs in order */
} VwRef;

/*
 * A view reads each class from its own table: joined-table inheritance (an
 * entity whose attributes live in several tables) and polymorphic loading
 * (subclass columns that differ row by row) are refused, not written wrong.
 */
static int
vw_refuse_inherit(Vw *v, const OrmClass *cls)
{
	return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
				   "joined-table inheritance and polymorphic loading (%s) are not supported in a view",
				   cls ? cls->name : "?");
}

static int
vw_check_plain(Vw *v, const OrmLoadNode *n)
{
	if (!n)
		return 0;
	if (orm_class_multi(n->cls) || n->poly.n > 0 || n->strategy == ORM_LAZY_POLY ||
		(n->from && n->from->poly.n > 0))
		return vw_refuse_inherit(v, n->cls);
	for (int i = 0; i < n->nchildren; i++)
		if (vw_check_plain(v, n->children[i]) < 0)
			return -1;
	return 0;
}

/* A column or entity of a joined subclass's FROM in a row of columns. */
static int
vw_check_expr_froms(Vw *v, const SxExpr *x)
{
	while (x && x->kind == SX_LABEL)
		x = x->left;
	if (x && (x->kind == SX_COLUMN || x->kind == SX_ENTITY) && x->from && x->from->kind == SXF_TABLE &&
		x->from->cls && (orm_class_multi(x->from->cls) || x->from->poly.n > 0))
		return vw_refuse_inherit(v, x->from->cls);
	return 0;
}

static const char *
vw_alias(Vw *v)
{
	return orm_sprintf(v->a, "orm_v%d", ++v->nalias);
}

static int
vw_attr_index(const OrmClass *cls, const OrmColumn *col)
{
	for (int i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i] == col)
			return i;
	for (int i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i]->table == col->table && orm_streq(cls->attrs[i]->name, col->name))
			return i;
	return -1;
}

/* alias."col" */
static void
vw_col(OrmBuf *b, const char *alias, const OrmColumn *col)
{
	orm_quote_ident(b, alias);
	orm_buf_putc(b, '.');
	orm_quote_ident(b, col->name);
}

/* A column of the class ref reads. */
static int
vw_ref_col(Vw *v, OrmBuf *b, const VwRef *r, const OrmColumn *col)
{
	int			k;

	if (r->alias)
	{
		vw_col(b, r->alias, col);
		return 0;
	}
	k = -1;
	if (r->node && r->node->load)
	{
		for (int i = 0; i < r->node->nload && k < 0; i++)
			if (r->node->load[i].col == col && !r->node->load[i].expr)
				k = i;
	}
	else
		k = vw_attr_index(r->cls, col);
	if (k < 0)
		return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
					   "orm_view: column \"%s\" is not mapped on %s", col->name, r->cls->name);
	orm_quote_ident(b, VW_BASE);
	orm_buf_printf(b, ".\"c%d\"", r->offset + k + 1);
	return 0;
}

static void
vw_table(OrmBuf *b, const OrmTable *t)
{
	if (t->schema)
	{
		orm_quote_ident(b, t->schema);
		orm_buf_putc(b, '.');
	}
	orm_quote_ident(b, t->name);
}

/* ---- values inside JSON ----------------------------------------------------- */

/* A registry enum value that is a number as written (else it is written as a string). */
static bool
vw_enum_is_num(const OrmEnum *e, int i)
{
	const char *s = e->values[i];
	bool		num = !e->value_is_str[i] && *s;

	for (const char *p = s; num && *p; p++)
		num = (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+' ||
			*p == 'e' || *p == 'E';
	return num;
}

/*
 * CASE x WHEN 'NAME' THEN value ... END: the stored member name as its value.
 * One result type for every branch (PostgreSQL resolves CASE to one type):
 * all numbers, or all strings with an unknown stored name as its text.
 */
static void
vw_enum_case(OrmBuf *b, const OrmEnum *e, const char *x)
{
	bool		nums = true;

	for (int i = 0; i < e->n; i++)
		nums = nums && vw_enum_is_num(e, i);
	orm_buf_printf(b, "CASE %s", x);
	for (int i = 0; i < e->n; i++)
	{
		orm_buf_puts(b, " WHEN ");
		orm_quote_literal(b, e->names[i]);
		orm_buf_puts(b, " THEN ");
		if (nums)
			orm_buf_puts(b, e->values[i]);
		else
			orm_quote_literal(b, e->values[i]);
	}
	if (nums)
		orm_buf_puts(b, " END");
	else
		orm_buf_printf(b, " ELSE CAST(%s AS TEXT) END", x);
}

/* The JSON value of one column: x is its SQL. */
static void
vw_json_value(Vw *v, OrmBuf *b, const OrmType *t, const char *x)
{
	const OrmDialect *d = v->d;

	switch (t->kind)
	{
		case ORM_T_BOOLEAN:
			if (d->json_true)
			{
				orm_buf_printf(b, "CASE WHEN %s IS NULL THEN NULL WHEN %s THEN %s ELSE %s END",
							   x, x, d->json_true, d->json_false);
				return;
			}
			break;
		case ORM_T_DATETIME:
			if (!d->native_datetime)
			{
				/* SQLAlchemy's text "2024-01-01 10:00:00.000000": isoformat() drops zero microseconds */
				orm_buf_printf(b, "replace(replace(%s, ' ', 'T'), '.000000', '')", x);
				return;
			}
			break;
		case ORM_T_UUID:
			if ((d->uuid_storage == ORM_UUID_HEX32 && !t->uuid_text36) || t->uuid_hex)
			{
				const char *c = d->concat_op;

				orm_buf_printf(b, "CASE WHEN length(%s) = 32 THEN lower(substr(%s, 1, 8) %s '-' %s "
							   "substr(%s, 9, 4) %s '-' %s substr(%s, 13, 4) %s '-' %s "
							   "substr(%s, 17, 4) %s '-' %s substr(%s, 21)) ELSE %s END",
							   x, x, c, c, x, c, c, x, c, c, x, c, c, x, x);
				return;
			}
			break;
		case ORM_T_BINARY:
			if (d->json_blob_hex)
			{
				orm_buf_printf(b, "'\\x' %s lower(hex(%s))", d->concat_op, x);
				return;
			}
			break;
		case ORM_T_INTERVAL:
			if (d->json_interval_epoch)
			{
				orm_buf_printf(b, "EXTRACT(EPOCH FROM %s)", x);
				return;
			}
			break;
		case ORM_T_JSON:
		case ORM_T_JSONB:
			if (d->json_wrap_fn)
			{
				orm_buf_printf(b, "%s(%s)", d->json_wrap_fn, x);
				return;
			}
			break;
		case ORM_T_ENUM:
			if (t->enm && !t->enum_by_value && t->enm->n > 0)
			{
				vw_enum_case(b, t->enm, x);
				return;
			}
			break;
		default:
			break;
	}
	orm_buf_puts(b, x);
}

/* ---- JSON of objects and relationships ------------------------------------------- */

static int	vw_object(Vw *v, OrmBuf *b, const VwRef *r, const OrmLoadNode *n);

/* parent.local = alias.remote for each pair */
static int
vw_join_cond(Vw *v, OrmBuf *b, const VwRef *parent, const OrmRelationship *rel,
			 const char *alias)
{
	for (int i = 0; i < rel->npairs; i++)
	{
		if (i)
			orm_buf_puts(b, " AND ");
		vw_col(b, alias, rel->remote_cols[i]);
		orm_buf_puts(b, " = ");
		if (vw_ref_col(v, b, parent, rel->local_cols[i]) != 0)
			return -1;
	}
	return 0;
}

/* FROM target AS t [JOIN secondary AS s ON ...] WHERE <correlation> */
static int
vw_rel_from(Vw *v, OrmBuf *b, const VwRef *parent, const OrmRelationship *rel,
			const char *t, const char *s)
{
	orm_buf_puts(b, " FROM ");
	vw_table(b, rel->target->table);
	orm_buf_puts(b, " AS ");
	orm_quote_ident(b, t);
	if (rel->dir == ORM_REL_MANYTOMANY && rel->secondary)
	{
		orm_buf_puts(b, " JOIN ");
		vw_table(b, rel->secondary);
		orm_buf_puts(b, " AS ");
		orm_quote_ident(b, s);
		orm_buf_puts(b, " ON ");
		for (int j = 0; j < rel->nsec_pairs; j++)
		{
			if (j)
				orm_buf_puts(b, " AND ");
			vw_col(b, s, rel->sec_cols[j]);
			orm_buf_puts(b, " = ");
			vw_col(b, t, rel->target_cols[j]);
		}
		orm_buf_puts(b, " WHERE ");
		return vw_join_cond(v, b, parent, rel, s);
	}
	orm_buf_puts(b, " WHERE ");
	return vw_join_cond(v, b, parent, rel, t);
}

/* relationship(order_by=), else the target's primary key */
static void
vw_order(OrmBuf *b, const OrmRelationship *rel, const char *t, const char *s)
{
	const OrmTable *tt = rel->target->table;

	orm_buf_puts(b, " ORDER BY ");
	if (rel->norder > 0)
	{
		for (int i = 0; i < rel->norder; i++)
		{
			const OrmColumn *c = rel->order_by[i].col;

			if (i)
				orm_buf_puts(b, ", ");
			vw_col(b, (rel->secondary && c->table == rel->secondary) ? s : t, c);
			if (rel->order_by[i].desc)
				orm_buf_puts(b, " DESC");
			if (rel->order_by[i].nulls)
				orm_buf_puts(b, rel->order_by[i].nulls == 1 ? " NULLS FIRST" : " NULLS LAST");
		}
		return;
	}
	for (int i = 0; i < tt->npk; i++)
	{
		if (i)
			orm_buf_puts(b, ", ");
		vw_col(b, t, tt->pk[i]);
	}
}

/* (SELECT <json of the related object(s)> ...) for plan node n under parent */
static int
vw_rel(Vw *v, OrmBuf *b, const VwRef *parent, const OrmLoadNode *n)
{
	const OrmRelationship *rel = n->rel;
	const OrmDialect *d = v->d;
	const char *t = vw_alias(v),
			   *s = vw_alias(v);
	VwRef		child = {t, n->cls, 0, NULL};
	OrmBuf		obj;

	/* a view writes a relationship's column pairs only: its own criteria, a
	 * join without pairs or a composite secondary are refused, never dropped */
	if (rel->npairs == 0 || rel->secondary_join ||
		(rel->extra_criteria && *rel->extra_criteria))
		return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
					   "orm_view: relationship %s.%s joins with criteria beyond its columns; "
					   "load it with orm_select", rel->owner->name, rel->name);
	if (rel->dict_key)
		return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
					   "relationship %s.%s is a keyed dict collection; load it with orm_select",
					   rel->owner->name, rel->name);
	orm_buf_init(&obj, v->a);
	if (vw_object(v, &obj, &child, n) != 0)
		return -1;
	if (d->json_wrap_fn)
		orm_buf_printf(b, "%s(", d->json_wrap_fn);
	if (!rel->uselist)
	{
		orm_buf_printf(b, "(SELECT %s", orm_buf_cstr(&obj));
		if (vw_rel_from(v, b, parent, rel, t, s) != 0)
			return -1;
		vw_order(b, rel, t, s);
		orm_buf_puts(b, " LIMIT 1)");
	}
	else if (d->json_agg_order_by)
	{
		orm_buf_puts(b, "(SELECT ");
		if (d->json_empty_array)
			orm_buf_puts(b, "COALESCE(");
		orm_buf_printf(b, "%s(%s", d->json_agg_fn, orm_buf_cstr(&obj));
		vw_order(b, rel, t, s);
		orm_buf_putc(b, ')');
		if (d->json_empty_array)
			orm_buf_printf(b, ", %s)", d->json_empty_array);
		if (vw_rel_from(v, b, parent, rel, t, s) != 0)
			return -1;
		orm_buf_putc(b, ')');
	}
	else
	{
		/* the aggregate reads an ordered subquery of the target's rows, alias t again */
		orm_buf_printf(b, "(SELECT %s(%s) FROM (SELECT ", d->json_agg_fn, orm_buf_cstr(&obj));
		orm_quote_ident(b, t);
		orm_buf_puts(b, ".*");
		if (vw_rel_from(v, b, parent, rel, t, s) != 0)
			return -1;
		vw_order(b, rel, t, s);
		orm_buf_puts(b, ") AS ");
		orm_quote_ident(b, t);
		orm_buf_putc(b, ')');
	}
	if (d->json_wrap_fn)
		orm_buf_putc(b, ')');
	return 0;
}

/*
 * The attributes an entity loads (n->load, load_cols.c: mapper order, hidden
 * key columns left out), or every column: *n_out of them into keys / the SQL
 * of their values (read through r) / their types.  An expression attribute
 * is read from the base CTE, where the statement computed it; inside a
 * relationship's subquery it would have to be written for that subquery's
 * alias, which is not supported.
 */
static int
vw_attrs(Vw *v, const VwRef *r, const OrmLoadNode *n, int *n_out, const char ***keys,
		 const char ***sqls, const OrmType ***types)
{
	static const OrmType unknown = {.kind = ORM_T_UNKNOWN, .precision = -1, .scale = -1};
	const OrmClass *cls = r->cls;
	int			max = n && n->load ? n->nload : cls->nattrs,
				k = 0;

	*keys = ORM_NEWN(v->a, const char *, max + 1);
	*sqls = ORM_NEWN(v->a, const char *, max + 1);
	*types = ORM_NEWN(v->a, const OrmType *, max + 1);
	for (int i = 0; i < max; i++)
	{
		const OrmLoadCol *lc = n && n->load ? &n->load[i] : NULL;
		const OrmColumn *col = lc ? lc->col : cls->attrs[i];
		OrmBuf		x;

		if (lc && lc->hidden)
			continue;
		orm_buf_init(&x, v->a);
		if (lc && (lc->expr || lc->xattr || !col))
		{
			int			a = lc->attr;
			const char *name = a < cls->nattrs ? cls->attrs[a]->attr : cls->xattrs[a - cls->nattrs]->name;

			if (r->alias)
				return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
							   "the expression attribute %s.%s of a related object is not "
							   "supported (defer() it)", cls->name, name);
			orm_quote_ident(&x, VW_BASE);
			orm_buf_printf(&x, ".\"c%d\"", r->offset + i + 1);
			(*keys)[k] = name;
			(*types)[k] = lc->type ? lc->type : &unknown;
		}
		else
		{
			if (vw_ref_col(v, &x, r, col) != 0)
				return -1;
			(*keys)[k] = col->attr ? col->attr : col->name;
			(*types)[k] = &col->type;
		}
		(*sqls)[k++] = orm_buf_cstr(&x);
	}
	*n_out = k;
	return 0;
}

/* json_object('attr', value, ..., 'rel', (subquery), ...) */
static int
vw_object(Vw *v, OrmBuf *b, const VwRef *r, const OrmLoadNode *n)
{
	const OrmClass *cls = r->cls;
	const char **keys,
			  **sqls;
	const OrmType **types;
	int			na,
				nargs;

	if (vw_attrs(v, r, n, &na, &keys, &sqls, &types) != 0)
		return -1;
	nargs = 2 * (na + (n ? n->nchildren : 0));
	if (nargs > v->d->json_object_max_args)
		return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
					   "orm_view: %s has too many attributes for one %s() (%d arguments, %d allowed)",
					   cls->name, v->d->json_object_fn, nargs, v->d->json_object_max_args);
	orm_buf_printf(b, "%s(", v->d->json_object_fn);
	for (int i = 0; i < na; i++)
	{
		if (i)
			orm_buf_puts(b, ", ");
		orm_quote_literal(b, keys[i]);
		orm_buf_puts(b, ", ");
		vw_json_value(v, b, types[i], sqls[i]);
	}
	for (int i = 0; n && i < n->nchildren; i++)
	{
		if (na > 0 || i)
			orm_buf_puts(b, ", ");
		orm_quote_literal(b, n->children[i]->rel->name);
		orm_buf_puts(b, ", ");
		if (vw_rel(v, b, r, n->children[i]) != 0)
			return -1;
	}
	orm_buf_putc(b, ')');
	return 0;
}

/* ---- inlining the statement's parameters ------------------------------------------- */

static int
vw_literal(Vw *v, OrmBuf *b, const OrmParam *p, int n)
{
	switch (p->kind)
	{
		case ORM_V_NULL:
			orm_buf_puts(b, "NULL");
			return 0;
		case ORM_V_INT:
			orm_buf_printf(b, "%lld", (long long) p->i);
			return 0;
		case ORM_V_BOOL:
			orm_buf_puts(b, v->d->native_bool ? (p->i ? "TRUE" : "FALSE") : (p->i ? "1" : "0"));
			return 0;
		case ORM_V_FLOAT:
		case ORM_V_INTERVAL:
			if (!isfinite(p->f))
				return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
							   "orm_view: parameter %d is not a finite number", n);
			{
				char		num[64];

				snprintf(num, sizeof(num), "%.17g", p->f);
				if (!strpbrk(num, ".eE"))
					strcat(num, ".0");
				orm_buf_puts(b, num);
			}
			return 0;
		case ORM_V_BLOB:
			return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
						   "orm_view: parameter %d is bytes; a view cannot inline binary values", n);
		default:
			break;
	}
	{
		const char *s = p->s ? orm_strndup(v->a, p->s, p->len) : "";

		if (strlen(s) != p->len && p->s)
			return orm_err(v->ctx->err, ORM_ERR_UNSUPPORTED,
						   "orm_view: parameter %d contains a NUL byte", n);
		if (v->d->literal_backslash_e && strchr(s, '\\'))
		{
			OrmBuf		e;

			orm_buf_init(&e, v->a);
			for (const char *q = s; *q; q++)
			{
				if (*q == '\\')
					orm_buf_putc(&e, '\\');
				orm_buf_putc(&e, *q);
			}
			orm_buf_putc(b, 'E');
			s = orm_buf_cstr(&e);
		}
		orm_quote_literal(b, s);
	}
	return 0;
}

/*
 * Copies sql to b with each placeholder ($n / ?n outside quotes) replaced by
 * its parameter as a literal.
 */
static int
vw_inline(Vw *v, OrmBuf *b, const OrmCompiled *comp)
{
	const char *p = comp->sql;

	while (*p)
	{
		if (*p == '\'' || *p == '"')
		{
			char		q = *p;

			orm_buf_putc(b, *p++);
			while (*p)
			{
				orm_buf_putc(b, *p);
				if (*p++ == q)
				{
					if (*p == q)
						orm_buf_putc(b, *p++);	/* doubled quote */
					else
						break;
				}
			}
			continue;
		}
		if ((*p == '$' || *p == '?') && p[1] >= '0' && p[1] <= '9')
		{
			int			n = 0;

			for (p++; *p >= '0' && *p <= '9'; p++)
				n = n * 10 + (*p - '0');
			if (n < 1 || n > comp->nparams)
				return orm_err(v->ctx->err, ORM_ERR_INTERNAL,
							   "orm_view: placeholder %d out of range", n);
			if (vw_literal(v, b, &comp->params[n - 1], n) != 0)
				return -1;
			continue;
		}
		orm_buf_putc(b, *p++);
	}
	return 0;
}

/* ---- the view -------------------------------------------------------------------- */

static void
vw_column_name(Vw *v, OrmBuf *cols, OrmPtrVec *names, const char *name)
{
	if (names->n)
		orm_buf_putc(cols, ',');
	orm_buf_json_str(cols, name, strlen(name));
	orm_vec_push(v->a, names, (void *) name);
}

/* The select list of the view over the base CTE. */
static int
vw_select_list(Vw *v, OrmBuf *b, SxSelect *sel, OrmLoadNode **plans,
			   const OrmCompiled *comp, OrmBuf *cols)
{
	OrmPtrVec	names = {0};
	bool		single = sel->compound == SXC_NONE && comp->nitems == 1 &&
		plans && plans[0];

	if (single)
	{
		const OrmClass *cls = plans[0]->cls;
		VwRef		r = {NULL, cls, comp->item_offset[0], plans[0]};
		const char **keys,
				  **sqls;
		const OrmType **types;
		int			na;

		if (vw_attrs(v, &r, plans[0], &na, &keys, &sqls, &types) != 0)
			return -1;
		for (int i = 0; i < na; i++)
		{
			if (i)
				orm_buf_puts(b, ", ");
			orm_buf_puts(b, sqls[i]);
			orm_buf_puts(b, " AS ");
			orm_quote_ident(b, keys[i]);
			vw_column_name(v, cols, &names, keys[i]);
		}
		for (int i = 0; i < plans[0]->nchildren; i++)
		{
			const char *key = plans[0]->children[i]->rel->name;

			if (na > 0 || i)
				orm_buf_puts(b, ", ");
			if (vw_rel(v, b, &r, plans[0]->children[i]) != 0)
				return -1;
			orm_buf_puts(b, " AS ");
			orm_quote_ident(b, key);
			vw_column_name(v, cols, &names, key);
		}
		return 0;
	}
	for (int i = 0; i < comp->nitems; i++)
	{
		const char *key = comp->item_keys[i] ? comp->item_keys[i] : "_no_label";
		const OrmLoadNode *n = (sel->compound == SXC_NONE && plans && i < sel->items.n) ?
			plans[i] : NULL;

		if (i)
			orm_buf_puts(b, ", ");
		if (n)
		{
			VwRef		r = {NULL, n->cls, comp->item_offset[i], n};

			/* an outer-joined entity that is absent is NULL, not an object of NULLs */
			orm_buf_puts(b, "CASE WHEN ");
			for (int k = 0; k < n->cls->table->npk; k++)
			{
				if (k)
					orm_buf_puts(b, " AND ");
				if (vw_ref_col(v, b, &r, n->cls->table->pk[k]) != 0)
					return -1;
				orm_buf_puts(b, " IS NULL");
			}
			if (n->cls->table->npk == 0)
				orm_buf_puts(b, "FALSE");
			orm_buf_puts(b, " THEN NULL ELSE ");
			if (vw_object(v, b, &r, n) != 0)
				return -1;
			orm_buf_puts(b, " END");
		}
		else
		{
			orm_quote_ident(b, VW_BASE);
			orm_buf_printf(b, ".\"c%d\"", comp->item_offset[i] + 1);
		}
		orm_buf_puts(b, " AS ");
		orm_quote_ident(b, key);
		vw_column_name(v, cols, &names, key);
	}
	return 0;
}

/*
 * The plan roots alone, for the base CTE: each entity's own columns (and
 * column_property() expressions) as orm_select loads them, plus the join
 * columns its relationships' subqueries correlate to (hidden ones).
 */
static OrmLoadNode **
vw_base_plans(Vw *v, SxSelect *sel, OrmLoadNode **plans)
{
	int			n = sel->items.n;
	OrmLoadNode **roots = ORM_NEWN(v->a, OrmLoadNode *, n > 0 ? n : 1);

	if (sel->compound != SXC_NONE)
		return NULL;
	for (int i = 0; i < n; i++)
	{
		OrmLoadNode *r;

		if (!plans[i])
			continue;
		r = ORM_NEW(v->a, OrmLoadNode);
		*r = *plans[i];
		r->nchildren = 0;
		r->children = NULL;
		if (r->load)
		{
			/* room for every key column besides what it loads */
			int			max = r->nload;
			OrmLoadCol *c;

			for (int k = 0; k < plans[i]->nchildren; k++)
				max += plans[i]->children[k]->rel->npairs;
			c = ORM_NEWN(v->a, OrmLoadCol, max + 1);
			memcpy(c, r->load, sizeof(OrmLoadCol) * (size_t) r->nload);
			r->load = c;
			for (int k = 0; k < plans[i]->nchildren; k++)
			{
				const OrmRelationship *rel = plans[i]->children[k]->rel;

				for (int j = 0; j < rel->npairs; j++)
				{
					bool		have = false;

					for (int m = 0; m < r->nload && !have; m++)
						have = r->load[m].col == rel->local_cols[j] && !r->load[m].expr;
					if (have)
						continue;
					for (int a = 0; a < r->cls->nattrs; a++)
						if (r->cls->attrs[a] == rel->local_cols[j])
						{
							r->load[r->nload].col = rel->local_cols[j];
							r->load[r->nload].attr = a;
							r->load[r->nload].type = &rel->local_cols[j]->type;
							r->load[r->nload].hidden = true;
							r->nload++;
						}
				}
			}
		}
		roots[i] = r;
	}
	if (orm_plan_place(v->ctx, sel, roots) != 0)
		return NULL;
	return roots;
}

static int
vw_build(Vw *v, const char *name, SxSelect *sel, OrmBuf *sql, OrmBuf *cols)
{
	OrmLoadNode **plans = orm_plan_build(v->ctx, sel);
	OrmLoadNode **roots;
	OrmCompiled comp;

	if (!plans)
		return -1;
	for (int i = 0; i < sel->items.n; i++)
	{
		const SxItem *it = sel->items.items[i];

		if (vw_check_plain(v, plans[i]) < 0 ||
			(it->expr && vw_check_expr_froms(v, it->expr) < 0))
			return -1;
	}
	roots = vw_base_plans(v, sel, plans);
	if (v->ctx->err->code)
		return -1;
	if (orm_compile_select(v->ctx, sel, roots, &comp) != 0)
		return -1;
	/* the select list reads each entity's columns as the base CTE has them */
	for (int i = 0; roots && i < sel->items.n; i++)
		if (plans[i] && roots[i])
		{
			plans[i]->load = roots[i]->load;
			plans[i]->nload = roots[i]->nload;
		}
	orm_buf_puts(sql, "CREATE VIEW ");
	orm_quote_ident(sql, name);
	orm_buf_puts(sql, " AS WITH ");
	orm_quote_ident(sql, VW_BASE);
	orm_buf_putc(sql, '(');
	for (int i = 0; i < comp.ncols; i++)
		orm_buf_printf(sql, "%s\"c%d\"", i ? ", " : "", i + 1);
	orm_buf_puts(sql, ") AS (");
	if (vw_inline(v, sql, &comp) != 0)
		return -1;
	orm_buf_puts(sql, ") SELECT ");
	if (vw_select_list(v, sql, sel, plans, &comp, cols) != 0)
		return -1;
	orm_buf_puts(sql, " FROM ");
	orm_quote_ident(sql, VW_BASE);
	return 0;
}

int
orm_view_create(OrmCtx *ctx, const char *name, SxSelect *sel, OrmBuf *out)
{
	Vw			v;
	OrmBuf		sql,
				cols;

	memset(&v, 0, sizeof(v));
	v.ctx = ctx;
	v.a = ctx->arena;
	v.d = ctx->dialect;
	orm_buf_init(&sql, ctx->arena);
	orm_buf_init(&cols, ctx->arena);
	if (vw_build(&v, name, sel, &sql, &cols) != 0)
	{
		if (ctx->err->code == ORM_OK)
			orm_err(ctx->err, ORM_ERR_INTERNAL, "orm_view failed without an error message");
		return -1;
	}
	if (orm_ctx_query(ctx, orm_buf_cstr(&sql), 0, NULL, NULL) != 0)
		return -1;
	orm_buf_puts(out, "{\"view\":");
	orm_buf_json_str(out, name, strlen(name));
	orm_buf_printf(out, ",\"columns\":[%s]}", orm_buf_cstr(&cols));
	return 0;
}
