/*
 * decl_int.h -- what the pieces of the declaration reader share (internal
 * to common/decl/; nothing outside it includes this).
 *
 * Reading a declaration source is split into pieces by stage, as
 * SQLAlchemy keeps decl_base, relationships and schema apart.  This header
 * holds the private state kept in reg->decl between sources (DeclState and
 * what it lists), the per-source context DeclCtx, and the functions one
 * piece calls in another -- the module prefix decl_ stays on all of them.
 *
 * Which piece may call which: a piece calls only pieces below it in this
 * list (never one above it, never in a circle):
 *
 *   declare.c             the entry: orm_registry_new, orm_declare_source;
 *                         imports, module-level names, class statements
 *                         -> decl_flask, decl_sqlmodel, decl_classes, decl_tables,
 *                            decl_types, decl_base
 *   resolve.c             orm_registry_resolve: foreign keys, relationship
 *                         directions and join columns, backrefs
 *                         -> decl_tables, decl_relationships, decl_base,
 *                            inherit
 *   inherit.c             orm_registry_inherit: the mapper of each class of a
 *                         hierarchy (attributes, slots, with_polymorphic)
 *                         (registry.c's lookups only)
 *   summary.c             orm_registry_summary -> decl_base
 *   decl_flask.c          Flask-SQLAlchemy: db = SQLAlchemy(), db.Model bases, the
 *                         automatic __tablename__ -> decl_classes, decl_types, decl_base
 *   decl_sqlmodel.c       SQLModel: a table model's class statement rewritten into
 *                         the declarative class SQLModel builds
 *                         -> decl_classes, decl_types, decl_base
 *   decl_classes.c        class bodies: attributes in scan order,
 *                         @declared_attr, MRO, mapped classes, __tablename__
 *                         -> decl_tables, decl_relationships, decl_columns,
 *                            decl_types, decl_base
 *   decl_tables.c         __table_args__ items, naming conventions,
 *                         Table(...), the migrations' table declarations
 *                         -> decl_columns, decl_types, decl_base
 *   decl_relationships.c  relationship(...) as declared -> decl_types, decl_base
 *   decl_props.c          column_property(), deferred(), query_expression(),
 *                         hybrids, @validates -> decl_types, decl_base
 *   decl_columns.c        mapped_column() / Column(), defaults
 *                         -> decl_types, decl_base
 *   decl_types.c          types, Annotated, enums, literals as JSON -> decl_base
 *   decl_base.c           small helpers, numbers, the registry lists
 *                         (registry.c's lookups only)
 *
 * The three top pieces do not call each other (resolve.c calls inherit.c,
 * which calls none of them).  A function a piece keeps
 * to itself stays static there; one it gives to pieces above is declared
 * below, under the piece that defines it.
 *
 * Assumes: pyast.h's tree; the registry arena outlives every source (the
 * syntax trees of mixins and relationships are kept there until resolve).
 * Never touches SQL, hosts or engines.
 */
#ifndef ORM_DECL_INT_H
#define ORM_DECL_INT_H

#include "decl/registry.h"
#include "lang/pyast.h"

#include <stdint.h>

/* ---- private state kept in reg->decl --------------------------------------- */

typedef struct DeclAlias
{
	const char *name;			/* SAEnum */
	const char *target;			/* sqlalchemy.Enum */
} DeclAlias;

typedef struct DeclTypeMapItem
{
	const char *key;			/* last component of the Python type: "str", "Decimal" */
	PyNode	   *key_node;		/* the key as written (a module alias followed) */
	PyNode	   *type;			/* String(255) */
} DeclTypeMapItem;

typedef struct DeclBase
{
	const char *name;
	OrmPtrVec	tmap;			/* DeclTypeMapItem* */
	PyNode	   *naming;			/* its MetaData's naming_convention dict, or NULL */
	const char *schema;			/* its MetaData's schema=, or NULL */
	bool		dataclass;		/* class Base(MappedAsDataclass, DeclarativeBase) */
	int			autoname;		/* DECL_AUTONAME_*: who names a class's table */
} DeclBase;

/* Table names a wrapper library gives classes without a __tablename__. */
enum
{
	DECL_AUTONAME_NONE,
	DECL_AUTONAME_FLASK,		/* Flask-SQLAlchemy's db.Model: CamelCase -> camel_case */
	DECL_AUTONAME_SQLMODEL		/* SQLModel: the class name lowercased */
};

/* A module-level name bound to a dict, tuple, list, MetaData(...) or a type (String(50)). */
typedef struct DeclConst
{
	const char *name;
	PyNode	   *value;
} DeclConst;

/* A class with columns whose bases are none orm knows: kept as a mixin. */
typedef struct DeclUnmapped
{
	const char *name;
	const char *base;			/* its first base no declaration defines */
	int			source_no;
	int			line;
} DeclUnmapped;

/* class X(TypeDecorator): k.value its impl; which Python methods it defines */
typedef struct DeclTypedec
{
	DeclConst	k;				/* first: found and forgotten as a DeclConst */
	bool		binds;			/* process_bind_param / bind_expression */
	bool		results;		/* process_result_value / column_expression */
	int			guid;			/* SQLAlchemy's GUID recipe (load_dialect_impl picks
								 * PostgreSQL's UUID): the Uuid type, stored elsewhere as
								 * CHAR(32) hex (32) or CHAR(36) with hyphens (36); else 0 */
	bool		json;			/* the JSONEncodedDict recipe (json.dumps / json.loads of
								 * a text impl): JSON values in the impl's column */
	/*
	 * Its own __init__ (decl_typedec_init): 0 none, its arguments go to the
	 * impl; 1 `def __init__(self, a, ..., *args, **kwargs):
	 * super().__init__(*args, **kwargs)`: the arguments after its ndrop named
	 * parameters (params[1..ndrop], keywords of those names left out) go to
	 * the impl; 2 `super().__init__(<literals>)`: those (supercall) whatever
	 * the column gives; 3 another __init__: as 0.
	 */
	int			init;
	int			ndrop;
	const char **params;
	const PyNode *supercall;
} DeclTypedec;

typedef struct DeclMixin
{
	const char *name;
	PyStmt	   *stmt;			/* the class statement (kept in the registry arena) */
} DeclMixin;

/* The declarative base of a mapped class (its subclasses derive from it too). */
typedef struct DeclMapped
{
	const char *name;
	DeclBase   *base;
	DeclMixin	decl;			/* its class statement (name, stmt) */
} DeclMapped;

typedef struct DeclVar
{
	const char *name;			/* module variable: post_tags */
	OrmTable   *table;
} DeclVar;

/*
 * An Annotated[...] type, inline or a module alias:
 *   intpk = Annotated[int, mapped_column(primary_key=True)]
 *   str50 = Annotated[str, 50]
 */
typedef struct DeclAnno
{
	const char *name;			/* the alias, NULL inline */
	PyNode	   *node;			/* Annotated[...] */
	PyNode	   *type;			/* the Python type: int */
	PyNode	   *col;			/* the mapped_column(...) it carries, or NULL */
} DeclAnno;

/* What resolve needs about a declared relationship beyond OrmRelationship. */
typedef struct DeclRel
{
	OrmRelationship *rel;
	PyNode	   *call;			/* relationship(...) */
	int			ann_coll;		/* annotation: 1 collection, 0 scalar, -1 none */
	DeclBase   *base;
	const char *cls_param;		/* declared by a @declared_attr function: its first
								 * parameter ("cls"), the owner class in the call */
} DeclRel;

typedef struct DeclState
{
	OrmPtrVec	aliases;		/* DeclAlias* */
	OrmPtrVec	bases;			/* DeclBase* */
	OrmPtrVec	mixins;			/* DeclMixin* */
	OrmPtrVec	vars;			/* DeclVar* */
	OrmPtrVec	annos;			/* DeclAnno*: module-level Annotated[...] aliases */
	OrmPtrVec	consts;			/* DeclConst*: module-level dicts, sequences, MetaData(...) */
	OrmPtrVec	funcs;			/* DeclConst*: module-level `def f(): return X`, value X */
	OrmPtrVec	badfuncs;		/* const char*: module-level defs orm cannot read as a
								 * default (parameters, several statements) */
	OrmPtrVec	typedecs;		/* DeclTypedec*: class X(TypeDecorator), its impl */
	OrmPtrVec	libs;			/* const char*: libraries declared (decl_libs.c) */
	OrmPtrVec	unmapped;		/* DeclUnmapped*: classes with columns kept as mixins, no
								 * declarative base being known (the summary's notes) */
	OrmPtrVec	mapped;			/* DeclMapped*: the base of each mapped class */
	OrmPtrVec	rels;			/* DeclRel* */
	OrmPtrVec	origins;		/* DeclOrigin*: which source declared a plain table / enum */
} DeclState;

typedef struct DeclOrigin
{
	const void *obj;
	int			source_no;
} DeclOrigin;

/* Per-source context. */
typedef struct DeclCtx
{
	OrmRegistry *reg;
	OrmArena   *a;
	DeclState  *st;
	const char *src;			/* the source text (node src pointers point into it) */
	int			source_no;
	OrmError   *err;
	int			nest;			/* names being followed into their definitions */
	long		follows;		/* names followed for this statement (decl_follow) */
	const PyStmt *cls;			/* the class statement being declared, or NULL */
	const char *cls_tablename;	/* its table's name once known (cls.__tablename__ in
								 * f-strings of __table_args__), or NULL */
} DeclCtx;

/* One attribute of a class body (or a mixin's), as collected. */
typedef struct DeclAttr
{
	const char *name;
	PyNode	   *ann;			/* the annotation, or NULL */
	PyNode	   *value;			/* the assigned value, or NULL */
	int			line,
				col;
	int			sort_order;
	bool		declared;		/* a @declared_attr function */
	const PyStmt *def;			/* that function, when its body is not one return */
	const char *cls_param;		/* that function's first parameter ("cls"), or NULL */
} DeclAttr;

/*
 * Classes derive from classes at most DECL_MAX_HIERARCHY levels deep: the
 * walks over a hierarchy recurse, and each level's attributes are copied.
 */
#define DECL_MAX_HIERARCHY	100

/* ---- decl_base.c: small helpers ------------------------------------------- */

bool		decl_streq(const char *a, const char *b);
const char *decl_lastcomp(const char *dotted);
DeclAlias  *decl_alias(DeclState *st, const char *name);
const char *decl_last(DeclCtx *dc, const PyNode *n);
const char *decl_dotted(DeclCtx *dc, const PyNode *n);
const char *decl_callee(DeclCtx *dc, const PyNode *n);
bool		decl_is_call(DeclCtx *dc, const PyNode *n, const char *name);
const char *decl_src(DeclCtx *dc, const PyNode *n);
int			decl_errn(DeclCtx *dc, const PyNode *n, OrmErrCode code, const char *msg,
					  const char *arg);
bool		decl_follow_q(DeclCtx *dc, const PyNode *n, bool quiet);
bool		decl_follow(DeclCtx *dc, const PyNode *n);
void		decl_unfollow(DeclCtx *dc);
int			decl_utf8_prefix(const char *s, size_t len, size_t max);
bool		decl_key_is(const PyNode *k, const char *name);
bool		decl_flag(DeclCtx *dc, const PyNode *n, bool dflt);
bool		decl_in_list(const char *const *list, const char *s);
const char *decl_dir_name(OrmRelDir d);
const char *decl_rename_ident(OrmArena *a, const char *text, const char *from, const char *to);

/* ---- decl_base.c: numbers and strings ------------------------------------- */

bool		decl_lit_int(const PyNode *n, uint64_t *out);
bool		decl_num_canon(const char *s, size_t len, OrmBuf *out);
const char *decl_number(DeclCtx *dc, const PyNode *n, bool neg);
bool		decl_is_number(const PyNode *n);
const char *decl_enum_attr_text(DeclCtx *dc, const PyNode *n);
const char *decl_number_of(DeclCtx *dc, const PyNode *n);
int			decl_intval(DeclCtx *dc, const PyNode *n, int64_t lo, int64_t hi, const char *what,
						int64_t *out);
int			decl_intfield(DeclCtx *dc, const PyNode *n, int lo, const char *what, int *field);
const char *decl_str(DeclCtx *dc, const PyNode *n);
PyNode	   *decl_parse_str(DeclCtx *dc, const PyNode *s);

/* ---- decl_base.c: registry lists ------------------------------------------ */

void		decl_origin(DeclCtx *dc, const void *obj);
int			decl_origin_of(const OrmRegistry *reg, const void *obj);
DeclState  *decl_state(OrmRegistry *reg);
int			decl_vec_find(const OrmPtrVec *v, const void *p);
void		decl_put_table(OrmRegistry *reg, OrmTable *t, OrmTable *old);
void		decl_put_class(OrmRegistry *reg, OrmClass *c);
void		decl_put_enum(OrmRegistry *reg, OrmEnum *e);
DeclBase   *decl_find_base(DeclState *st, const char *name);
DeclMixin  *decl_find_mixin(DeclState *st, const char *name);
int			decl_unknown_type(DeclCtx *dc, const PyNode *n);
DeclVar    *decl_find_var(DeclState *st, const char *name);
DeclAnno   *decl_find_anno(DeclState *st, const char *name);
DeclMapped *decl_find_mapped(DeclState *st, const char *name);
PyNode	   *decl_const(DeclCtx *dc, PyNode *n);
void		decl_forget(DeclState *st, const char *name);
PyNode	   *decl_find_func(DeclState *st, const char *name);
PyNode	   *decl_find_typedec(DeclState *st, const char *name);
const char *decl_library_source(const char *module, const char **key);
DeclTypedec *decl_typedec(DeclState *st, const char *name);
int			decl_typedec_class(DeclCtx *dc, PyStmt *s);
bool		decl_is_typedec_class(DeclCtx *dc, const PyStmt *s);

/* ---- decl_types.c --------------------------------------------------------- */

bool		decl_const_json(DeclCtx *dc, const PyNode *n, OrmBuf *out);
bool		decl_is_type_expr(DeclCtx *dc, const PyNode *n);
int			decl_type_expr(DeclCtx *dc, const PyNode *n, OrmType *t);
const PyNode *decl_unwrap_optional(DeclCtx *dc, const PyNode *n, bool *optional);
const PyNode *decl_mapped_inner(DeclCtx *dc, const PyNode *ann, const char **wrapper);
DeclAnno   *decl_annotated(DeclCtx *dc, PyNode *n);
DeclAnno   *decl_anno_of(DeclCtx *dc, const PyNode *n);
int			decl_type_from_python(DeclCtx *dc, DeclBase *base, const PyNode *n, OrmType *t);
bool		decl_is_enum_base(DeclCtx *dc, const PyNode *b);
int			decl_enum_class(DeclCtx *dc, PyStmt *s);

/* ---- decl_columns.c ------------------------------------------------------- */

bool		decl_is_func_call(DeclCtx *dc, const PyNode *n, const char **fname);
OrmDefaultKind decl_version_generator(DeclCtx *dc, const PyNode *n);
int			decl_server_default(DeclCtx *dc, const PyNode *n, OrmServerDefault *sd);
int			decl_fk_options(DeclCtx *dc, const PyNode *call, OrmForeignKey *f);
int			decl_column(DeclCtx *dc, OrmTable *t, DeclBase *base, DeclAttr *at,
						PyNode *call, OrmColumn **out);
int			decl_table_column(DeclCtx *dc, OrmTable *t, PyNode *call, OrmColumn **out);

/* ---- decl_relationships.c ------------------------------------------------- */

int			decl_cascade(DeclCtx *dc, const PyNode *n, unsigned *out);
int			decl_lazy(DeclCtx *dc, const PyNode *n, OrmLazy *out);
int			decl_relationship(DeclCtx *dc, OrmClass *cls, DeclBase *base, DeclAttr *at,
							  PyNode *call);

/* ---- decl_props.c --------------------------------------------------------- */

bool		decl_is_xattr_call(DeclCtx *dc, const PyNode *v);
int			decl_column_prop_flags(DeclCtx *dc, const PyNode *wrapper, OrmColumn *c);
int			decl_xattr(DeclCtx *dc, OrmClass *cls, DeclBase *base, DeclAttr *at, PyNode *call,
					  OrmXattr **out);
int			decl_hybrids(DeclCtx *dc, OrmClass *cls, const PyStmt *body, OrmPtrVec *hybrids);

/* ---- decl_tables.c -------------------------------------------------------- */

OrmColumn  *decl_table_col_ref(OrmTable *t, const char *name);
int			decl_table_item(DeclCtx *dc, OrmTable *t, PyNode *it, int seq);
int			decl_table_args(DeclCtx *dc, OrmTable *t, PyNode *args);
OrmIndex   *decl_column_index(DeclCtx *dc, OrmTable *t, OrmColumn *c);
void		decl_column_indexes(DeclCtx *dc, OrmTable *t);
int			decl_new_column_name(DeclCtx *dc, const OrmTable *t, OrmColumn **cols, int ncols,
								 const OrmColumn *c);
int			decl_table_finish(DeclCtx *dc, OrmTable *t, OrmPtrVec *cols);
void		decl_table_pk(DeclCtx *dc, OrmTable *t);
const char *decl_schema_of(DeclCtx *dc, PyNode *metadata);
PyNode	   *decl_naming_of(DeclCtx *dc, PyNode *metadata);
int			decl_apply_naming(DeclCtx *dc, const PyNode *naming, OrmTable *t);
int			decl_plain_table(DeclCtx *dc, const char *var, PyNode *call, OrmTable **out);
int			decl_is_autoinc_col(const OrmTable *t, const OrmColumn *c);
int			decl_autoinc_check(DeclCtx *dc, const OrmTable *t);

/* ---- decl_classes.c ------------------------------------------------------- */

bool		decl_is_decl_base(DeclCtx *dc, const PyStmt *s);
bool		decl_has_assign(const PyStmt *s, const char *name, PyNode **value);
int			decl_too_deep(DeclCtx *dc, const PyStmt *s);
DeclBase   *decl_base_of(DeclCtx *dc, const PyStmt *s, bool *found_unknown);
const PyNode *decl_unknown_base(DeclCtx *dc, const PyStmt *s, int depth);
void		decl_find_tablename(DeclCtx *dc, PyStmt *s, PyNode **node);
int			decl_mapped_class(DeclCtx *dc, PyStmt *s, PyNode *tablename, OrmClass *parent);
int			decl_single_table_class(DeclCtx *dc, PyStmt *s, OrmClass *parent);
int			decl_imperative_class(DeclCtx *dc, PyStmt *s, PyNode *table, OrmClass *parent);

/* decl_flask.c: Flask-SQLAlchemy (db = SQLAlchemy(), class User(db.Model)) */
int			decl_fsa_instance(DeclCtx *dc, const char *var, PyNode *call);
void		decl_fsa_bases(DeclCtx *dc, PyStmt *s);
int			decl_fsa_tablename(DeclCtx *dc, PyStmt *s, PyNode **tablename);

/* decl_sqlmodel.c: SQLModel (class Hero(SQLModel, table=True)) */
int			decl_sqlmodel_class(DeclCtx *dc, PyStmt *s);

/* concrete.c */
bool		decl_concrete(DeclCtx *dc, const PyStmt *s);
int			decl_concrete_class(DeclCtx *dc, PyStmt *s, PyNode *tablename, PyNode *table,
								OrmClass *parent);
int			decl_concrete_base(DeclCtx *dc, PyStmt *s, PyNode *tablename, OrmClass *parent,
							   PyNode *at);

#endif							/* ORM_DECL_INT_H */
