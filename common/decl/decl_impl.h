/*
 * Assumes: pyast.h's tree; the registry arena outlives every source (the
 * syntax trees of mixins and relationships are kept there until resolve).
 * Never touches SQL, hosts or engines.
 */
#include "decl/registry.h"
#include "lang/pyast.h"

/* ---- private state kept in reg->decl --------------------------------------- */

typedef struct DeclAlias
{
	const char *name;			/* SAEnum */
	const char *target;			/* sqlalchemy.Enum */
} DeclAlias;

typedef struct DeclTypeMapItem
{
	const char *key;			/* last component of the Python type: "str", "Decimal" */
	PyNode	   *type;			/* String(255) */
} DeclTypeMapItem;

typedef struct DeclBase
{
	const char *name;
	OrmPtrVec	tmap;			/* DeclTypeMapItem* */
	PyNode	   *naming;			/* its MetaData's naming_convention dict, or NULL */
	const char *schema;			/* its MetaData's schema=, or NULL */
} DeclBase;

/* A module-level name bound to a dict, tuple, list, MetaData(...) or a type (String(50)). */
typedef struct DeclConst
{
	const char *name;
	PyNode	   *value;
} DeclConst;

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
} DeclRel;

typedef struct DeclState
{
	OrmPtrVec	aliases;		/* DeclAlias* */
	OrmPtrVec	bases;			/* DeclBase* */
	OrmPtrVec	mixins;			/* DeclMixin* */
	OrmPtrVec	vars;			/* DeclVar* */
	OrmPtrVec	annos;			/* DeclAnno*: module-level Annotated[...] aliases */
	OrmPtrVec	consts;			/* DeclConst*: module-level dicts, sequences, MetaData(...) */
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
} DeclAttr;

static int	decl_column(DeclCtx *dc, OrmTable *t, DeclBase *base, DeclAttr *at,
						PyNode *call, OrmColumn **out);
static bool decl_has_assign(const PyStmt *s, const char *name, PyNode **value);
