/*
 * decl_sqlmodel.c -- SQLModel declarations (sqlmodel 0.0.x on SQLAlchemy 2.0).
 *
 *   class HeroBase(SQLModel):                  a data model: fields, no table
 *       name: str = Field(index=True)
 *   class Hero(HeroBase, table=True):          a table model
 *       id: int | None = Field(default=None, primary_key=True)
 *       team_id: int | None = Field(default=None, foreign_key="team.id")
 *       team: Team | None = Relationship(back_populates="heroes")
 *
 * A table model's class statement is rewritten into the declarative class
 * SQLModel's metaclass builds (main.py get_column_from_field and
 * SQLModelMetaclass.__init__), then read as any other:
 *
 *   - its fields are the data models' it derives from, base first, then its
 *     own (a field it declares again keeps its place, pydantic's order);
 *   - each field  name: T = Field(...)  becomes
 *       name: Mapped[T] = mapped_column(<type>, [ForeignKey(fk, ondelete=)],
 *                                       primary_key=, nullable=, index=, unique=,
 *                                       [default=], *sa_column_args, **sa_column_kwargs)
 *     nullable: Field(nullable=) if given, else False for a primary key, else
 *     whether T is Optional / Union[..., None] / T | None;  <type>: sa_type=,
 *     else String(max_length) for str (and EmailStr, IP addresses, Path: AutoString),
 *     Numeric(max_digits, decimal_places) for Decimal when given, else what
 *     Mapped[T] gives (int Integer, float Float, bool Boolean, datetime DateTime,
 *     date, time, timedelta Interval, bytes LargeBinary, UUID Uuid, an Enum
 *     class Enum); Field(sa_column=Column(...)) is that Column;
 *   - Relationship(back_populates=, link_model=, cascade_delete=,
 *     passive_deletes=, sa_relationship_args=, sa_relationship_kwargs=)
 *     becomes relationship(...) (link_model: its table as secondary,
 *     cascade_delete: cascade="all, delete-orphan");
 *   - no __tablename__: the class name lowercased.
 *
 * The declarative base is "SQLModel" (one metadata, as SQLModel.metadata).
 * Refused with line and column: a table model deriving from another table
 * model, a field whose annotation is missing.
 */
#include "decl/decl_int.h"

#include <string.h>

#define SM_BASE "SQLModel"

static PyNode *
sm_node(DeclCtx *dc, PyKind kind, const PyNode *at)
{
	PyNode	   *n = ORM_NEW(dc->reg->arena, PyNode);

	n->kind = kind;
	n->line = at ? at->line : 1;
	n->col = at ? at->col : 1;
	if (at)
	{
		n->src = at->src;
		n->srclen = at->srclen;
	}
	return n;
}

static PyNode *
sm_name(DeclCtx *dc, const char *name, const PyNode *at)
{
	PyNode	   *n = sm_node(dc, PY_NAME, at);

	n->str = name;
	return n;
}

static PyNode *
sm_str(DeclCtx *dc, const char *s, const PyNode *at)
{
	PyNode	   *n = sm_node(dc, PY_STR, at);

	n->str = orm_strdup(dc->reg->arena, s);
	n->len = strlen(s);
	return n;
}

/* A call under construction. */
typedef struct SmCall
{
	PyNode	   *call;
	OrmPtrVec	items;
	OrmPtrVec	kwn;
	OrmPtrVec	kwv;
} SmCall;

static void
sm_call_start(DeclCtx *dc, SmCall *c, const char *callee, const PyNode *at)
{
	memset(c, 0, sizeof(*c));
	c->call = sm_node(dc, PY_CALL, at);
	c->call->a = sm_name(dc, callee, at);
}

static void
sm_kw(DeclCtx *dc, SmCall *c, const char *name, PyNode *v)
{
	/* a later keyword replaces an earlier one (sa_column_kwargs over ours) */
	for (int i = 0; i < c->kwn.n; i++)
		if (name && c->kwn.items[i] && strcmp(c->kwn.items[i], name) == 0)
		{
			c->kwv.items[i] = v;
			return;
		}
	orm_vec_push(dc->reg->arena, &c->kwn, (void *) name);
	orm_vec_push(dc->reg->arena, &c->kwv, v);
}

static PyNode *
sm_call_end(DeclCtx *dc, SmCall *c)
{
	OrmArena   *ra = dc->reg->arena;
	PyNode	   *n = c->call;

	n->nitems = c->items.n;
	n->items = ORM_NEWN(ra, PyNode *, c->items.n + 1);
	if (c->items.n > 0)
		memcpy(n->items, c->items.items, sizeof(PyNode *) * (size_t) c->items.n);
	n->nkw = c->kwn.n;
	n->kwnames = ORM_NEWN(ra, const char *, c->kwn.n + 1);
	n->kwvalues = ORM_NEWN(ra, PyNode *, c->kwn.n + 1);
	if (c->kwn.n > 0)
	{
		memcpy(n->kwnames, c->kwn.items, sizeof(char *) * (size_t) c->kwn.n);
		memcpy(n->kwvalues, c->kwv.items, sizeof(PyNode *) * (size_t) c->kwn.n);
	}
	return n;
}

static PyNode *
sm_bool(DeclCtx *dc, bool v, const PyNode *at)
{
	return sm_node(dc, v ? PY_TRUE : PY_FALSE, at);
}

/* Is a base SQLModel itself (from sqlmodel import SQLModel; sqlmodel.SQLModel)? */
static bool
sm_is_root(DeclCtx *dc, const PyNode *b)
{
	const char *d = decl_dotted(dc, b);

	return d && (strcmp(d, "SQLModel") == 0 || strcmp(d, "sqlmodel.SQLModel") == 0 ||
				 strcmp(d, "sqlmodel.main.SQLModel") == 0);
}

/* The data models (SQLModel classes without table=True) declared so far. */
static DeclMixin *
sm_data_model(DeclCtx *dc, const PyNode *b)
{
	DeclMixin  *m;

	if (b->kind != PY_NAME || (m = decl_find_mixin(dc->st, b->str)) == NULL)
		return NULL;
	for (int i = 0; i < m->stmt->nkw; i++)
		if (strcmp(m->stmt->kwnames[i], "__sqlmodel_data__") == 0)
			return m;
	return NULL;
}

static bool
sm_table_kw(DeclCtx *dc, const PyStmt *s, bool *err)
{
	for (int i = 0; i < s->nkw; i++)
		if (s->kwnames[i] && strcmp(s->kwnames[i], "table") == 0)
		{
			bool		v = decl_flag(dc, s->kwvalues[i], false);

			*err = dc->err->code != 0;
			return v;
		}
	return false;
}

static bool
sm_is_field_stmt(const PyStmt *b)
{
	const char *nm;

	if (b->kind != PYS_ANNASSIGN || !b->target || b->target->kind != PY_NAME)
		return false;
	nm = b->target->str;
	return nm[0] != '_' && strcmp(nm, "model_config") != 0;
}

/* Adds s's fields (its data-model bases' first) to fields, a field declared
 * again replacing the earlier one in its place; dunder assignments to extra. */
static int
sm_collect(DeclCtx *dc, const PyStmt *s, OrmPtrVec *fields, OrmPtrVec *extra, int depth)
{
	OrmArena   *ra = dc->reg->arena;

	if (depth > DECL_MAX_HIERARCHY)
		return decl_too_deep(dc, s);
	for (int i = s->nbases - 1; i >= 0; i--)
	{
		DeclMixin  *m = sm_data_model(dc, s->bases[i]);

		if (m && m->stmt != s && sm_collect(dc, m->stmt, fields, extra, depth + 1) < 0)
			return -1;
	}
	for (int i = 0; i < s->nbody; i++)
	{
		PyStmt	   *b = s->body[i];
		int			j;

		if (!sm_is_field_stmt(b))
		{
			/* pydantic's model_config is no attribute of the mapping; a data
			 * model's __tablename__ / __table_args__ are inherited */
			if (b->kind == PYS_ASSIGN && b->target && b->target->kind == PY_NAME &&
				strcmp(b->target->str, "model_config") == 0)
				continue;
			if (depth == 0 || (b->kind == PYS_ASSIGN && b->target &&
							   b->target->kind == PY_NAME && b->target->str[0] == '_'))
				orm_vec_push(ra, extra, b);
			continue;
		}
		if (decl_streq(decl_last(dc, b->annotation), "ClassVar") ||
			(b->annotation->kind == PY_SUBSCRIPT &&
			 decl_streq(decl_last(dc, b->annotation->a), "ClassVar")))
			continue;
		for (j = 0; j < fields->n; j++)
			if (strcmp(((PyStmt *) fields->items[j])->target->str, b->target->str) == 0)
				break;
		if (j < fields->n)
			fields->items[j] = b;
		else
			orm_vec_push(ra, fields, b);
	}
	return 0;
}

static PyNode *
sm_kwarg(const PyNode *call, const char *name)
{
	return call ? py_kwarg(call, name) : NULL;
}

static bool
sm_true(const PyNode *n)
{
	return n && n->kind == PY_TRUE;
}

/* The column type SQLModel picks where Mapped[T] would not give the same. */
static PyNode *
sm_type(DeclCtx *dc, const PyNode *ann, const PyNode *field)
{
	bool		opt = false;
	const PyNode *t = decl_unwrap_optional(dc, ann, &opt);
	const char *l;
	PyNode	   *v;
	SmCall		c;

	if (!t)
		return NULL;
	if (t->kind == PY_SUBSCRIPT && decl_streq(decl_last(dc, t->a), "Annotated") &&
		t->b->kind == PY_TUPLE && t->b->nitems > 0)
		t = t->b->items[0];
	l = decl_last(dc, t);
	if (!l)
		return NULL;
	if (strcmp(l, "str") == 0 || strcmp(l, "EmailStr") == 0 || strcmp(l, "Path") == 0 ||
		strncmp(l, "IPv4", 4) == 0 || strncmp(l, "IPv6", 4) == 0)
	{
		sm_call_start(dc, &c, "String", t);
		if ((v = sm_kwarg(field, "max_length")) != NULL && v->kind != PY_NONE)
			orm_vec_push(dc->reg->arena, &c.items, v);
		return sm_call_end(dc, &c);
	}
	if (strcmp(l, "Decimal") == 0 &&
		(sm_kwarg(field, "max_digits") || sm_kwarg(field, "decimal_places")))
	{
		sm_call_start(dc, &c, "Numeric", t);
		if ((v = sm_kwarg(field, "max_digits")) != NULL)
			sm_kw(dc, &c, "precision", v);
		if ((v = sm_kwarg(field, "decimal_places")) != NULL)
			sm_kw(dc, &c, "scale", v);
		return sm_call_end(dc, &c);
	}
	if (strcmp(l, "UUID") == 0)
		return sm_name(dc, "Uuid", t);
	if (strcmp(l, "float") == 0)
		return sm_name(dc, "Float", t);
	return NULL;
}

static bool
sm_optional(DeclCtx *dc, const PyNode *ann)
{
	bool		opt = false;

	decl_unwrap_optional(dc, ann, &opt);
	return opt;
}

static PyNode *
sm_mapped(DeclCtx *dc, PyNode *ann)
{
	PyNode	   *n = sm_node(dc, PY_SUBSCRIPT, ann);

	n->a = sm_name(dc, "Mapped", ann);
	n->b = ann;
	return n;
}

/*
 * sa_column_kwargs= / sa_relationship_kwargs=: a dict literal with string
 * keys, or dict(key=value, ...); each pair a keyword of the call c.
 */
static int
sm_kwargs_into(DeclCtx *dc, SmCall *c, PyNode *x, const char *what)
{
	OrmArena   *ra = dc->reg->arena;

	if (x->kind == PY_CALL && x->a && x->a->kind == PY_NAME && strcmp(x->a->str, "dict") == 0 &&
		x->nitems == 0)
	{
		for (int i = 0; i < x->nkw; i++)
		{
			if (!x->kwnames[i])		/* dict(**other) */
				return decl_errn(dc, x, ORM_ERR_UNSUPPORTED,
								 "%s: only a dict literal or dict(key=value, ...) is supported",
								 what);
			sm_kw(dc, c, x->kwnames[i], x->kwvalues[i]);
		}
		return 0;
	}
	if (x->kind != PY_DICT)
		return decl_errn(dc, x, ORM_ERR_UNSUPPORTED,
						 "%s: only a dict literal or dict(key=value, ...) is supported",
						 what);
	for (int i = 0; i < x->nitems; i++)
	{
		if (!x->items[i] || x->items[i]->kind != PY_STR)
			return decl_errn(dc, x->items[i] ? x->items[i] : x, ORM_ERR_UNSUPPORTED,
							 "%s: only string keys are supported", what);
		sm_kw(dc, c, orm_strndup(ra, x->items[i]->str, x->items[i]->len), x->values[i]);
	}
	return 0;
}

/* Field(...) / a plain default -> mapped_column(...) */
static PyNode *
sm_column(DeclCtx *dc, PyStmt *b)
{
	OrmArena   *ra = dc->reg->arena;
	PyNode	   *v = b->value,
			   *field = NULL,
			   *dflt = NULL,
			   *x,
			   *type;
	bool		pk,
				nullable;
	SmCall		c;

	if (v && decl_is_call(dc, v, "Field"))
	{
		field = v;
		if ((x = py_kwarg(v, "sa_column")) != NULL && x->kind != PY_NONE)
			return x;
		dflt = v->nitems > 0 ? v->items[0] : py_kwarg(v, "default");
		if ((x = py_kwarg(v, "default_factory")) != NULL)
			dflt = x;
	}
	else
		dflt = v;
	if (dflt && (dflt->kind == PY_NONE || dflt->kind == PY_ELLIPSIS))
		dflt = NULL;
	pk = sm_true(sm_kwarg(field, "primary_key"));
	nullable = !pk && sm_optional(dc, b->annotation);
	if ((x = sm_kwarg(field, "nullable")) != NULL)
	{
		nullable = decl_flag(dc, x, nullable);
		if (dc->err->code)
			return NULL;
	}
	sm_call_start(dc, &c, "mapped_column", v ? v : b->target);
	if ((x = sm_kwarg(field, "sa_type")) != NULL && x->kind != PY_NONE)
		type = x;
	else
		type = sm_type(dc, b->annotation, field);
	if (dc->err->code)
		return NULL;
	if (type)
		orm_vec_push(ra, &c.items, type);
	if ((x = sm_kwarg(field, "foreign_key")) != NULL && x->kind != PY_NONE)
	{
		SmCall		fk;
		PyNode	   *od = sm_kwarg(field, "ondelete");

		if (od && od->kind == PY_STR && strcmp(od->str, "SET NULL") == 0 && !nullable)
			return decl_errn(dc, od, ORM_ERR_DECL, "ondelete=\"SET NULL\" requires nullable=True",
							 NULL), NULL;
		sm_call_start(dc, &fk, "ForeignKey", x);
		orm_vec_push(ra, &fk.items, x);
		if (od && od->kind != PY_NONE)
			sm_kw(dc, &fk, "ondelete", od);
		orm_vec_push(ra, &c.items, sm_call_end(dc, &fk));
	}
	if ((x = sm_kwarg(field, "sa_column_args")) != NULL &&
		(x->kind == PY_LIST || x->kind == PY_TUPLE))
		for (int i = 0; i < x->nitems; i++)
			orm_vec_push(ra, &c.items, x->items[i]);
	sm_kw(dc, &c, "primary_key", sm_bool(dc, pk, c.call));
	sm_kw(dc, &c, "nullable", sm_bool(dc, nullable, c.call));
	sm_kw(dc, &c, "index", sm_bool(dc, sm_true(sm_kwarg(field, "index")), c.call));
	sm_kw(dc, &c, "unique", sm_bool(dc, sm_true(sm_kwarg(field, "unique")), c.call));
	if (dflt)
		sm_kw(dc, &c, "default", dflt);
	if ((x = sm_kwarg(field, "sa_column_kwargs")) != NULL && x->kind != PY_NONE &&
		sm_kwargs_into(dc, &c, x, "sa_column_kwargs") < 0)
		return NULL;
	return sm_call_end(dc, &c);
}

/* Relationship(...) -> relationship(...) */
static PyNode *
sm_relationship(DeclCtx *dc, PyNode *v)
{
	OrmArena   *ra = dc->reg->arena;
	PyNode	   *x;
	SmCall		c;

	if ((x = py_kwarg(v, "sa_relationship")) != NULL && x->kind != PY_NONE)
		return x;
	sm_call_start(dc, &c, "relationship", v);
	if ((x = py_kwarg(v, "back_populates")) != NULL && x->kind != PY_NONE)
		sm_kw(dc, &c, "back_populates", x);
	if (sm_true(py_kwarg(v, "cascade_delete")))
		sm_kw(dc, &c, "cascade", sm_str(dc, "all, delete-orphan", v));
	if ((x = py_kwarg(v, "passive_deletes")) != NULL && x->kind != PY_FALSE && x->kind != PY_NONE)
		sm_kw(dc, &c, "passive_deletes", x);
	if ((x = py_kwarg(v, "link_model")) != NULL && x->kind != PY_NONE)
	{
		OrmClass   *lc = x->kind == PY_NAME ? orm_reg_class(dc->reg, x->str) : NULL;

		if (!lc || !lc->table)
			return decl_errn(dc, x, ORM_ERR_DECL,
							 "link_model=%s: couldn't find the secondary table (a table=True "
							 "class declared above)", decl_src(dc, x)), NULL;
		sm_kw(dc, &c, "secondary", sm_str(dc, lc->table->name, x));
	}
	if ((x = py_kwarg(v, "sa_relationship_args")) != NULL &&
		(x->kind == PY_LIST || x->kind == PY_TUPLE))
		for (int i = 0; i < x->nitems; i++)
			orm_vec_push(ra, &c.items, x->items[i]);
	if ((x = py_kwarg(v, "sa_relationship_kwargs")) != NULL && x->kind != PY_NONE &&
		sm_kwargs_into(dc, &c, x, "sa_relationship_kwargs") < 0)
		return NULL;
	return sm_call_end(dc, &c);
}

static DeclBase *
sm_base(DeclCtx *dc)
{
	DeclBase   *b = decl_find_base(dc->st, SM_BASE);

	if (!b)
	{
		b = ORM_NEW(dc->reg->arena, DeclBase);
		b->name = SM_BASE;
		b->autoname = DECL_AUTONAME_SQLMODEL;
		orm_vec_push(dc->reg->arena, &dc->st->bases, b);
	}
	return b;
}

/*
 * A class deriving from SQLModel: a data model is kept (0 returned as
 * handled: 1), a table model's statement rewritten (0: read it on).
 */
int
decl_sqlmodel_class(DeclCtx *dc, PyStmt *s)
{
	OrmArena   *ra = dc->reg->arena;
	bool		sm = false,
				err = false,
				named = false,
				table;
	OrmPtrVec	fields = {0},
				extra = {0},
				bases = {0};
	PyStmt	  **body;
	int			nb = 0;

	for (int i = 0; i < s->nbases; i++)
		if (sm_is_root(dc, s->bases[i]) || sm_data_model(dc, s->bases[i]))
			sm = true;
		else if (s->bases[i]->kind == PY_NAME && orm_reg_class(dc->reg, s->bases[i]->str) &&
				 decl_find_mapped(dc->st, s->bases[i]->str) &&
				 decl_find_mapped(dc->st, s->bases[i]->str)->base &&
				 decl_find_mapped(dc->st, s->bases[i]->str)->base->autoname == DECL_AUTONAME_SQLMODEL)
			return decl_errn(dc, s->bases[i], ORM_ERR_UNSUPPORTED,
							 "class \"%s\": deriving from a table=True SQLModel class is not "
							 "supported (derive from a data model without table=True)", s->name);
	if (!sm)
		return 0;
	table = sm_table_kw(dc, s, &err);
	if (err)
		return -1;
	if (!table)
	{
		/* a data model: remembered (marked) for the table models deriving from it */
		DeclMixin  *m = ORM_NEW(ra, DeclMixin);
		const char **kn = ORM_NEWN(ra, const char *, s->nkw + 1);
		PyNode	  **kv = ORM_NEWN(ra, PyNode *, s->nkw + 1);

		if (s->nkw > 0)
		{
			memcpy(kn, s->kwnames, sizeof(char *) * (size_t) s->nkw);
			memcpy(kv, s->kwvalues, sizeof(PyNode *) * (size_t) s->nkw);
		}
		kn[s->nkw] = "__sqlmodel_data__";
		kv[s->nkw] = sm_bool(dc, true, NULL);
		s->kwnames = kn;
		s->kwvalues = kv;
		s->nkw++;
		m->name = orm_strdup(ra, s->name);
		m->stmt = s;
		decl_forget(dc->st, s->name);
		orm_vec_push(ra, &dc->st->mixins, m);
		return 1;
	}
	sm_base(dc);
	if (sm_collect(dc, s, &fields, &extra, 0) < 0)
		return -1;
	body = ORM_NEWN(ra, PyStmt *, fields.n + extra.n + 2);
	for (int i = 0; i < extra.n; i++)
		body[nb++] = extra.items[i];
	for (int i = 0; i < extra.n; i++)
	{
		PyStmt	   *e = extra.items[i];

		if (e->kind == PYS_ASSIGN && e->target && e->target->kind == PY_NAME &&
			strcmp(e->target->str, "__tablename__") == 0)
			named = true;
	}
	if (!named)
	{
		PyStmt	   *t = ORM_NEW(ra, PyStmt);
		char	   *low = orm_strdup(ra, s->name);

		for (char *p = low; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char) (*p - 'A' + 'a');
		t->kind = PYS_ASSIGN;
		t->line = s->line;
		t->col = s->col;
		t->target = sm_name(dc, "__tablename__", NULL);
		t->target->line = s->line;
		t->target->col = s->col;
		t->value = sm_str(dc, low, NULL);
		t->value->line = s->line;
		t->value->col = s->col;
		body[nb++] = t;
	}
	for (int i = 0; i < fields.n; i++)
	{
		PyStmt	   *f = fields.items[i],
				   *n = ORM_NEW(ra, PyStmt);

		*n = *f;
		if (f->value && decl_is_call(dc, f->value, "Relationship"))
			n->value = sm_relationship(dc, f->value);
		else
			n->value = sm_column(dc, f);
		if (!n->value)
			return -1;
		n->annotation = sm_mapped(dc, f->annotation);
		body[nb++] = n;
	}
	s->body = body;
	s->nbody = nb;
	/* bases: SQLModel's declarative base, then any plain mixins */
	orm_vec_push(ra, &bases, sm_name(dc, SM_BASE, s->bases[0]));
	for (int i = 0; i < s->nbases; i++)
		if (!sm_is_root(dc, s->bases[i]) && !sm_data_model(dc, s->bases[i]))
			orm_vec_push(ra, &bases, s->bases[i]);
	s->bases = (PyNode **) bases.items;
	s->nbases = bases.n;
	s->nkw = 0;
	return 0;
}
