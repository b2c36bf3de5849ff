/*
 * registry.h -- the mapping: classes, tables, columns, relationships, enums.
 *
 * A registry is built by declare.c (and the pieces of common/decl/ it calls,
 * see decl_int.h) from declaration sources (SQLAlchemy 2.0 declarative
 * Python text) and then resolved (resolve.c): foreign keys point at
 * OrmColumns, every relationship knows its target, direction, join columns
 * and partner.
 * It lives in the connection's long-lived arena and is read-only once
 * resolved; every other module only reads it.
 *
 * Vocabulary follows SQLAlchemy: "attr" is the mapped attribute key
 * (metadata_), "name" the SQL column name (metadata).
 */
#ifndef ORM_REGISTRY_H
#define ORM_REGISTRY_H

#include "base/util.h"
#include "base/host.h"

typedef struct OrmTable OrmTable;
typedef struct OrmClass OrmClass;
typedef struct OrmColumn OrmColumn;
typedef struct OrmRelationship OrmRelationship;
typedef struct OrmEnum OrmEnum;
typedef struct OrmXattr OrmXattr;

/* ---- types --------------------------------------------------------------- */

typedef enum OrmTypeKind
{
	ORM_T_UNKNOWN = 0,			/* expression of unknown type */
	ORM_T_INTEGER,
	ORM_T_BIGINT,
	ORM_T_SMALLINT,
	ORM_T_STRING,				/* String / VARCHAR, length optional */
	ORM_T_TEXT,
	ORM_T_FLOAT,				/* Float / REAL / DOUBLE */
	ORM_T_NUMERIC,				/* Numeric / DECIMAL */
	ORM_T_BOOLEAN,
	ORM_T_DATETIME,
	ORM_T_DATE,
	ORM_T_TIME,
	ORM_T_INTERVAL,
	ORM_T_BINARY,				/* LargeBinary */
	ORM_T_UUID,
	ORM_T_JSON,
	ORM_T_JSONB,
	ORM_T_ENUM,
	ORM_T_ARRAY,
	ORM_T_NULLTYPE				/* the type of a NULL literal */
} OrmTypeKind;

typedef struct OrmType
{
	OrmTypeKind kind;
	int			length;			/* String(50): 50; 0 = none */
	int			precision;		/* Numeric(10, 2): 10; postgresql.TIMESTAMP(precision=3) /
								 * TIME(precision=3): 3 (PostgreSQL's DDL); -1 = none */
	int			scale;			/* 2; -1 = none */
	bool		timezone;		/* DateTime(timezone=True), Time(timezone=True) */
	const char *sql_name;		/* the name as written when it is an explicit SQL type
								 * (VARCHAR, DOUBLE_PRECISION, DECIMAL, CHAR, ...), else NULL */
	const char *generic_name;	/* "Unicode" / "UnicodeText": the generic type written,
								 * for autogenerate (same DDL as String / Text), else NULL */
	/* ORM_T_ENUM */
	OrmEnum    *enm;
	bool		enum_by_value;	/* values_callable: values are stored, not names */
	bool		native_enum;	/* native_enum=False turns the PostgreSQL ENUM into VARCHAR */
	const char *enum_type_name; /* Enum(..., name="x") or the lowercased class name */
	bool		validate_strings;	/* Enum(validate_strings=True): a string bound in a
									 * statement must be one the column stores */
	bool		create_constraint;	/* Enum / Boolean(create_constraint=True): a CHECK
									 * where the type is not native */
	const char *check_name;		/* Boolean(name=): that CHECK's name, or NULL */
	bool		none_as_null;	/* JSON(none_as_null=True): None is SQL NULL, not 'null' */
	bool		as_float;		/* Numeric(asdecimal=False): read back as a float, not
								 * a Decimal of the column's scale */
	const char *collation;		/* String(collation="NOCASE"): COLLATE "NOCASE" in DDL, or NULL */
	bool		uuid_hex;		/* Uuid(native_uuid=False): CHAR(32) of hex digits on every
								 * engine, as SQLite stores any Uuid */
	bool		uuid_text36;	/* Uuid().with_variant(CHAR(36), "sqlite"): on SQLite the
								 * variant binds str(uuid), 36 characters with dashes */
	const char *decorator;		/* a TypeDecorator subclass's name: this is its impl, its
								 * Python methods not run (README "Choices"), else NULL */
	bool		decorator_binds;	/* it defines process_bind_param / bind_expression:
									 * a value for it is refused, not bound unprocessed */
	bool		decorator_results;	/* process_result_value / column_expression: a
									 * stored value is refused, not read unprocessed */
	bool		uuid_as_str;	/* Uuid(as_uuid=False): kept for autogenerate's text */
	bool		pg_dialect;		/* TIMESTAMP / TIME named from sqlalchemy.dialects.postgresql:
								 * autogenerate writes postgresql.TIMESTAMP(...) */
	/* ORM_T_ARRAY */
	struct OrmType *item;
	int			dimensions;
	/* T.with_variant(V, "postgresql") / (V, "sqlite"): the DDL type there, or NULL */
	struct OrmType *pg_variant;
	struct OrmType *sqlite_variant;
} OrmType;

typedef struct OrmEnum
{
	const char *name;			/* PostStatus */
	int			n;
	const char **names;			/* DRAFT, PUBLISHED */
	const char **values;		/* draft, published (as text) */
	bool	   *value_is_str;	/* false: the value is a number, written as JSON number */
	bool		str_mixin;		/* class E(str, Enum) / StrEnum: a member is equal to its
								 * value string, so binding "paid" finds PAID */
	bool		int_mixin;		/* IntEnum / IntFlag / (int, Enum): equal to its number */
	bool		strings;		/* Enum("a", "b") / Literal["a", "b"]: the values are the
								 * strings given; another string is bound as it is unless
								 * validate_strings=True (SQLAlchemy's _db_value_for_elem) */
	bool		values_unknown; /* members are tuples an __init__ / __new__ orm cannot
								 * read turns into values: only the names are known */
	int			line,
				col;
} OrmEnum;

/* ---- defaults ------------------------------------------------------------ */

typedef enum OrmDefaultKind
{
	ORM_DEF_NONE = 0,			/* no default given */
	ORM_DEF_NULL,				/* default=None */
	ORM_DEF_LITERAL,			/* default=5 / "x" / True / 1.5 / Enum.MEMBER */
	ORM_DEF_NOW,				/* datetime.utcnow / datetime.now: value from host->now() */
	ORM_DEF_SQL_NOW,			/* default=func.now() / func.current_timestamp(): SQL
								 * rendered into the INSERT/UPDATE (dialect now), value
								 * read back with RETURNING, as SQLAlchemy does */
	ORM_DEF_SQL_TEXT,			/* default= / onupdate= text("revision + 1"): that SQL
								 * (json) rendered into the INSERT/UPDATE, read back */
	ORM_DEF_TODAY,				/* date.today */
	ORM_DEF_UUID4,				/* uuid.uuid4 */
	ORM_DEF_UUID4_HEX,			/* lambda: uuid.uuid4().hex: 32 hex digits */
	ORM_DEF_DICT,				/* dict / lambda: {} */
	ORM_DEF_LIST,				/* list / lambda: [] */
	ORM_DEF_UUID7,				/* uuid7 (uuid_extensions, uuid6, Python 3.14's uuid) */
	ORM_DEF_UUID7_HEX			/* lambda: uuid7().hex */
} OrmDefaultKind;

typedef struct OrmDefault
{
	OrmDefaultKind kind;
	/*
	 * ORM_DEF_LITERAL: the value in the API's JSON input form, as JSON text:
	 * 5, "x", true, 1.5; an enum member as its value ("draft").
	 */
	const char *json;
} OrmDefault;

typedef enum OrmServerDefaultKind
{
	ORM_SD_NONE = 0,
	ORM_SD_STRING,				/* server_default="abc" -> DEFAULT 'abc' */
	ORM_SD_TEXT,				/* server_default=text("0") -> DEFAULT 0 (raw SQL as declared) */
	ORM_SD_FUNC					/* server_default=func.now() -> now() / (CURRENT_TIMESTAMP);
								 * sa.true() / sa.false(): text "true" / "false" */
} OrmServerDefaultKind;

typedef struct OrmServerDefault
{
	OrmServerDefaultKind kind;
	const char *text;			/* the string, the raw SQL, or the function name ("now") */
} OrmServerDefault;

/* ---- columns and tables -------------------------------------------------- */

typedef struct OrmForeignKey
{
	const char *target;			/* "users.id" as written */
	const char *name;			/* constraint name or NULL */
	const char *ondelete;		/* "CASCADE" ... or NULL */
	const char *onupdate;
	const char *deferrable;		/* " DEFERRABLE INITIALLY DEFERRED" as SQL tail, or NULL */
	bool		use_alter;		/* use_alter=True: added by ALTER TABLE where the dialect can */
	OrmTable   *ref_table;		/* resolved */
	OrmColumn  *ref_col;		/* resolved */
	int			seq;			/* 0: the column's own ForeignKey(); n > 0: the n-th
								 * __table_args__ item, a ForeignKeyConstraint (its
								 * columns share seq; DDL groups them) */
	bool		name_conv;		/* the name was generated (naming convention, ix_<label>): DDL shortens it
								 * past the dialect's max_identifier_length, as SQLAlchemy does */
	/*
	 * Another foreign key of the same column, or NULL: a column in several
	 * (Article.magazine_id: its own ForeignKey to magazine.id, and the
	 * ForeignKeyConstraint (writer_id, magazine_id) to writer).  The column's
	 * fk is the last one declared; relationship join conditions and join
	 * inference look at them all (DDL and migrations at fk only).
	 */
	struct OrmForeignKey *next;
} OrmForeignKey;

typedef enum OrmAutoinc
{
	ORM_AUTOINC_AUTO = 0,
	ORM_AUTOINC_TRUE,
	ORM_AUTOINC_FALSE
} OrmAutoinc;

struct OrmColumn
{
	const char *attr;			/* mapped attribute key; NULL for a plain Table column */
	const char *name;			/* SQL column name */
	OrmType		type;
	bool		primary_key;
	bool		nullable;
	bool		unique;
	bool		index;
	OrmAutoinc	autoincrement;
	bool		is_autoinc;		/* resolved: the engine generates it (SERIAL / rowid) */
	OrmDefault	dflt;			/* default= / default_factory= / insert_default= */
	OrmDefault	onupdate;
	OrmServerDefault server_default;
	OrmServerDefault server_onupdate;
	OrmForeignKey *fk;			/* NULL when none */
	const char *unique_name;	/* unique=True's constraint name (naming convention), or NULL */
	const char *identity;		/* Identity(): "GENERATED BY DEFAULT AS IDENTITY[ (...)]" as
								 * PostgreSQL gets it, or NULL (the engine generates it) */
	const char *computed;		/* Computed("sql"): the SQL expression, or NULL */
	int			computed_persisted; /* Computed(persisted=): -1 unset, 0 False, 1 True */
	const char *comment;
	OrmTable   *table;
	int			pos;			/* index in table->cols */
	int			line,
				col;
	bool		unique_name_conv;	/* unique_name generated (see OrmForeignKey.name_conv) */
	int			slot;			/* the attribute slot it loads into (OrmProp.slot), -1:
								 * not mapped (decl/inherit.c) */
	/* mapped_column(deferred=True, deferred_group=, deferred_raiseload=), deferred(Column()),
	 * column_property(Column(), deferred=): not loaded unless an option asks */
	bool		deferred;
	bool		deferred_raiseload;
	const char *deferred_group;	/* NULL: none */
	const char *sequence;		/* Sequence("name"): its name, or NULL (PostgreSQL: created
								 * before the tables, nextval() in the INSERT; SQLite
								 * ignores it, as SQLAlchemy's dialect does) */
	const char *sequence_opts;	/* its options as CREATE SEQUENCE takes them, or NULL */
	OrmPtrVec	checks;			/* OrmCheck*: CheckConstraint() arguments of the column,
								 * written in its definition (SQLAlchemy's column-level
								 * constraints) */
};

typedef struct OrmIndex
{
	const char *name;			/* explicit or generated ix_<table>_<col> */
	int			ncols;
	OrmColumn **cols;
	bool		unique;
	const char **exprs;			/* NULL, or per element (nexprs of them): the SQL of an
								 * expression element (text(), func.f()), NULL for a
								 * column; the columns are then only those in cols */
	int			nexprs;
	const char *pg_using;		/* postgresql_using=, or NULL */
	const char *pg_where;		/* postgresql_where=, or NULL */
	const char *sqlite_where;	/* sqlite_where=, or NULL */
	bool		name_conv;		/* generated name (see OrmForeignKey.name_conv) */
	bool		unnamed;		/* Index(None, ...): named by the "ix" convention */
} OrmIndex;

typedef struct OrmUnique
{
	const char *name;			/* NULL when unnamed */
	int			ncols;
	OrmColumn **cols;
	int			seq;			/* position among __table_args__ items (DDL order) */
	bool		name_conv;		/* generated name (see OrmForeignKey.name_conv) */
} OrmUnique;

typedef struct OrmCheck
{
	const char *name;			/* NULL when unnamed */
	const char *sqltext;		/* as declared */
	int			seq;			/* position among __table_args__ items (DDL order) */
	bool		name_conv;		/* generated name (see OrmForeignKey.name_conv) */
} OrmCheck;

/*
 * A table's dialect options (__table_args__ {"postgresql_partition_by": ...}
 * or Table(..., sqlite_strict=True)): what SQLAlchemy's CreateTable appends
 * after the column list on that dialect only (dialect.h table_options_sql).
 * NULL / 0 / false: not given.
 */
typedef struct OrmTableOpts
{
	const char **pg_inherits;	/* postgresql_inherits: table names */
	int			npg_inherits;
	const char *pg_partition_by;	/* postgresql_partition_by: SQL text as given */
	const char *pg_using;		/* postgresql_using: access method, as given */
	int			pg_with_oids;	/* postgresql_with_oids: 0 not given, 1 True, -1 False */
	const char *pg_on_commit;	/* postgresql_on_commit: "PRESERVE ROWS" (as SQLAlchemy spells it) */
	const char *pg_tablespace;	/* postgresql_tablespace: a name */
	bool		sqlite_without_rowid;	/* sqlite_with_rowid=False */
	bool		sqlite_strict;	/* sqlite_strict=True */
} OrmTableOpts;

struct OrmTable
{
	const char *name;
	const char *schema;			/* NULL = default */
	int			ncols;
	OrmColumn **cols;
	int			npk;
	OrmColumn **pk;
	const char *pk_name;		/* PrimaryKeyConstraint(name=) or naming convention, or NULL */
	bool		sqlite_autoincrement;	/* __table_args__ {"sqlite_autoincrement": True} */
	OrmTableOpts opts;			/* the other dialect options */
	bool		pk_explicit;	/* PrimaryKeyConstraint(cols...): its order, not autoincrement first */
	OrmPtrVec	indexes;		/* OrmIndex*: index=True columns first, then __table_args__ */
	OrmPtrVec	uniques;		/* OrmUnique*: from __table_args__ (unique=True is per column) */
	OrmPtrVec	checks;			/* OrmCheck* */
	OrmClass   *cls;			/* mapped class, NULL for a plain Table(...) */
	const char *comment;
	int			line,
				col;
	bool		pk_name_conv;	/* pk_name generated (see OrmForeignKey.name_conv) */
	/*
	 * __mapper_args__ {"primary_key": [...]} of a class mapped to a Table
	 * without a primary key (__table__ = t): pk is the mapper's key (the
	 * flush's and the identity's), which the table does not have -- no
	 * PRIMARY KEY in DDL, no autoincrement.
	 */
	bool		pk_mapper_only;
};

/* ---- relationships ------------------------------------------------------- */

typedef enum OrmRelDir
{
	ORM_REL_MANYTOONE,
	ORM_REL_ONETOMANY,
	ORM_REL_MANYTOMANY
} OrmRelDir;

typedef enum OrmLazy
{
	ORM_LAZY_SELECT = 0,		/* default: lazy, so not loaded by a statement */
	ORM_LAZY_SELECTIN,
	ORM_LAZY_JOINED,
	ORM_LAZY_SUBQUERY,
	ORM_LAZY_IMMEDIATE,
	ORM_LAZY_RAISE,
	ORM_LAZY_RAISE_ON_SQL,
	ORM_LAZY_NOLOAD,
	ORM_LAZY_DYNAMIC,
	ORM_LAZY_WRITE_ONLY,
	/* loader options only */
	ORM_LAZY_CONTAINS_EAGER,
	ORM_LAZY_DEFAULT,			/* defaultload(): keep the relationship's own strategy */
	/* load plans only */
	ORM_LAZY_POLY				/* a subclass's columns of objects loaded through its
								 * superclass, by a statement of their keys
								 * (polymorphic_load="selectin", selectin_polymorphic) */
} OrmLazy;

#define ORM_CASCADE_SAVE_UPDATE		0x01
#define ORM_CASCADE_MERGE			0x02
#define ORM_CASCADE_EXPUNGE			0x04
#define ORM_CASCADE_DELETE			0x08
#define ORM_CASCADE_DELETE_ORPHAN	0x10
#define ORM_CASCADE_REFRESH			0x20
#define ORM_CASCADE_DEFAULT	(ORM_CASCADE_SAVE_UPDATE | ORM_CASCADE_MERGE)
#define ORM_CASCADE_ALL		(ORM_CASCADE_SAVE_UPDATE | ORM_CASCADE_MERGE | \
							 ORM_CASCADE_EXPUNGE | ORM_CASCADE_DELETE | ORM_CASCADE_REFRESH)

typedef struct OrmOrderItem
{
	OrmColumn  *col;
	bool		desc;
	int			nulls;			/* .nulls_first(): 1, .nulls_last(): 2, else 0 */
} OrmOrderItem;

struct OrmRelationship
{
	const char *name;			/* attribute key on owner */
	OrmClass   *owner;
	const char *target_name;	/* as written: "Post" */
	OrmClass   *target;			/* resolved */
	OrmRelDir	dir;
	bool		uselist;		/* collection (list) or scalar */
	OrmTable   *secondary;		/* many-to-many association table */

	/*
	 * Join columns, pairwise equal.
	 *   MANYTOONE:  owner.table.local_cols[i] = target.table.remote_cols[i]
	 *               (local = the foreign key columns)
	 *   ONETOMANY:  owner.table.local_cols[i] = target.table.remote_cols[i]
	 *               (remote = the foreign key columns)
	 *   MANYTOMANY: owner.table.local_cols[i] = secondary.remote_cols[i], and
	 *               secondary.sec_cols[j] = target.table.target_cols[j]
	 */
	int			npairs;
	OrmColumn **local_cols;
	OrmColumn **remote_cols;
	int			nsec_pairs;
	OrmColumn **sec_cols;
	OrmColumn **target_cols;

	unsigned	cascade;		/* ORM_CASCADE_* */
	bool		passive_deletes;
	bool		single_parent;	/* relationship(single_parent=True) */
	bool		init_none;		/* a MappedAsDataclass field relationship(default=None): the
								 * dataclass __init__ sets it, so a new object's many-to-one
								 * clears its foreign key unless the relationship is given
								 * (SQLAlchemy's sync of the None set) */
	bool		active_updates; /* passive_updates=False: the flush moves the rows that
								 * refer to a changed key itself (no ON UPDATE CASCADE) */
	bool		viewonly;
	bool		post_update;	/* relationship(post_update=True); a backref= partner
								 * takes its value unless its backref() says otherwise */
	OrmLazy		lazy;
	int			join_depth;		/* relationship(join_depth=n): eager loads of it go n
								 * deep through cycles; 0 = not given */
	int			innerjoin;		/* relationship(innerjoin=): 0 False, 1 True, 2 "unnested" */
	int			norder;
	OrmOrderItem *order_by;		/* relationship(order_by=...) */
	OrmRelationship *reverse;	/* back_populates / backref partner, or NULL */
	const char *back_populates;
	const char *backref;
	bool		from_backref;	/* created by the partner's backref= */
	const char *primaryjoin;	/* source text, when given */
	const char *foreign_keys;	/* source text, when given */
	const char *remote_side;	/* source text, when given */
	int			line,
				col;
	/*
	 * The primaryjoin / secondaryjoin conjuncts that are not column pairs, as
	 * SQLAlchemy expression source text in the declaration's terms (one
	 * criterion, and_(...) when several), or NULL: e.g.
	 * "Address.email.startswith('x')", "Child.deleted == False".  Joins and
	 * eager loads along the relationship AND it into the ON clause / WHERE of
	 * the target, as with rel.and_(...).
	 */
	const char *extra_criteria;
	int			slot;			/* its slot among the hierarchy's relationships
								 * (decl/inherit.c) */
	/*
	 * secondary="join(B, D, B.d_id == D.id).join(C, C.d_id == D.id)": a
	 * join of several tables as the secondary (SQLAlchemy's "composite
	 * secondary join"), as its text; then secondary is NULL, dir MANYTOMANY
	 * with no column pairs, extra_criteria the whole primaryjoin and
	 * sec_criteria the whole secondaryjoin, evaluated with the join's
	 * tables aliased (query.h, orm_rel_composite).  Else NULL.
	 */
	const char *secondary_join;
	const char *sec_criteria;
	/*
	 * collection_class=attribute_keyed_dict("keyword"): the collection is a
	 * dict keyed by that attribute of its members -- a JSON object in results
	 * and flush input, keyed by the attribute's value as text.  NULL: a list.
	 */
	const char *dict_key;
};

/*
 * A column attribute as SQLAlchemy's mapper has it (decl/inherit.c): the
 * attributes of a class include those it inherits.  A joined subclass's
 * column of the same key as an inherited attribute is that attribute too
 * (a subclass's primary key repeating its superclass's: cols = manager.id,
 * employee.id).  Slots number the attributes of a whole hierarchy: an
 * inherited attribute keeps its superclass's slot, so an object of any class
 * of the hierarchy keeps an attribute's value at one place.
 */
typedef struct OrmProp
{
	const char *key;
	int			ncols;
	OrmColumn **cols;			/* the subclass's own column first */
	int			slot;
	struct OrmClass *owner;		/* the class whose mapper made it: the declaring
								 * class, or the subclass that repeats it */
} OrmProp;

/* __mapper_args__ polymorphic_load */
typedef enum OrmPolyLoad
{
	ORM_POLY_DEFAULT = 0,
	ORM_POLY_INLINE,			/* "inline": the superclass's queries join it */
	ORM_POLY_SELECTIN			/* "selectin": loaded by a second statement */
} OrmPolyLoad;
/* ---- mapped SQL expressions and hybrids ---------------------------------- */

typedef enum OrmXattrKind
{
	ORM_XA_EXPR,				/* column_property(expr) / deferred(expr): a read-only
								 * SQL expression loaded as an attribute */
	ORM_XA_QUERY_EXPR,		/* query_expression([default_expr]): loaded only with
								 * with_expression() (or its default) */
	ORM_XA_HYBRID,			/* @hybrid_property: an expression in queries only */
	ORM_XA_HYBRID_METHOD,		/* @hybrid_method: called with arguments in queries */
	ORM_XA_PROXY				/* association_proxy("rel", "attr"): a view of a
								 * relationship, in queries only (proxy_rel, proxy_attr) */
} OrmXattrKind;

/*
 * A mapped attribute that is an SQL expression rather than a table column.
 * Its expression is kept as SQLAlchemy expression source text and evaluated
 * by the query evaluator at each use (orm/query.h, orm_xattr_expr), for the
 * FROM of that use, as relationship criteria are: in the class body's terms
 * (self_name NULL: a bare name is an attribute of the class, as inside the
 * class statement), or in a hybrid function's (self_name: its first
 * parameter is the entity, params the further ones).
 */
struct OrmXattr
{
	const char *name;			/* attribute key */
	OrmXattrKind kind;
	OrmClass   *owner;			/* the class that declares it */
	const char *expr;			/* "(<python expression>)", or NULL: query_expression()
								 * without a default (NULL in SQL), a hybrid whose
								 * body is not one return statement */
	int			expr_line,
				expr_col;		/* where expr starts in the declaration */
	const char *self_name;		/* hybrids: "self" / "cls", else NULL */
	int			nparams;		/* hybrid_method: the parameters after self */
	const char **params;
	OrmType		type;			/* Mapped[...]'s type; kind ORM_T_UNKNOWN when none */
	const char *proxy_rel;		/* ORM_XA_PROXY: the relationship it proxies */
	const char *proxy_attr;		/* ... and the attribute of its target */
	bool		deferred;		/* deferred(expr) / column_property(deferred=True) */
	bool		deferred_raiseload;
	const char *deferred_group;
	int			line,
				col;
};

/*
 * composite(): an attribute over several columns of the class, whose value
 * is an instance of a dataclass (Point(x, y)).  Its columns are column
 * attributes too (keyed by column name, as SQLAlchemy maps them); the
 * composite is a JSON object of the dataclass's fields where it is selected
 * (select(Vertex.start)) or given (flush data), and compares field by field.
 */
typedef struct OrmComposite
{
	const char *name;			/* attribute key: start */
	const char *cls_name;		/* the dataclass: Point */
	int			n;
	const char **fields;		/* its fields in order: x, y */
	OrmColumn **cols;			/* the column of each field */
	int			line,
				col;
} OrmComposite;

/*
 * An attribute named by @validates("attr", ...): the validator is Python,
 * which orm does not run, so orm_flush refuses to write the attribute
 * rather than store a value the validator might have changed or refused.
 */
typedef struct OrmValidator
{
	const char *attr;			/* the attribute validated */
	const char *fn;				/* the validator's def name */
	int			line,
				col;			/* the decorator */
} OrmValidator;

struct OrmClass
{
	const char *name;
	OrmTable   *table;
	int			nattrs;			/* mapped column attributes, in mapper order */
	OrmColumn **attrs;
	int			nrels;
	OrmRelationship **rels;
	OrmColumn  *version_col;	/* __mapper_args__ version_id_col, or NULL */
	OrmClass   *inherits;		/* mapped superclass, or NULL.  Single-table: same
								 * table, attrs = the superclass's then its own.
								 * Joined: own table, attrs = own table's columns
								 * (the summary lists the superclass's too) */
	const char *polymorphic_identity;	/* __mapper_args__, or NULL */
	OrmDefault	version_gen;	/* version_id_generator=lambda v: uuid.uuid4().hex (ORM_DEF_UUID4_HEX)
								 * or str(uuid.uuid4()) (ORM_DEF_UUID4): each INSERT and
								 * UPDATE writes a new one; ORM_DEF_NONE: the counter */
	bool		polymorphic_abstract;	/* __mapper_args__ polymorphic_abstract=True: never
										 * instantiated (the flush refuses adding one) */
	OrmColumn  *polymorphic_on; /* __mapper_args__ discriminator (hierarchy root's), or NULL */
	OrmPtrVec	listeners;		/* OrmListener*: orm_listen() registrations */
	/*
	 * Column attributes that are expressions (ORM_XA_EXPR, ORM_XA_QUERY_EXPR),
	 * in mapper order: the class's own, then its superclass's.  SQLAlchemy's
	 * mapper puts them before the table columns (Mapper.column_attrs is xattrs,
	 * then attrs).
	 */
	int			nxattrs;
	OrmXattr  **xattrs;
	int			nhybrids;		/* hybrid properties and methods: own, then inherited */
	OrmXattr   **hybrids;
	int			source_no;		/* which declaration source defined it */
	int			line,
				col;

	/* __mapper_args__ of polymorphic loading, as declared */
	OrmPolyLoad polymorphic_load;
	bool		wp_all;			/* with_polymorphic="*" */
	OrmPtrVec	wp_names;		/* const char*: with_polymorphic=[...] class names */
	int			wp_line,
				wp_col;

	/*
	 * SQLAlchemy's mapper of the class, derived once the registry is
	 * resolved (decl/inherit.c).
	 */
	int			nprops;
	OrmProp    *props;			/* column attributes in mapper order, inherited included */
	int			nallrels;
	OrmRelationship **allrels;	/* relationships in mapper order: its own, then inherited */
	OrmClass   *base;			/* the hierarchy's root (itself when it inherits nothing) */
	int			nslots;			/* base: attribute slots of the whole hierarchy */
	int			nrelslots;		/* base: relationship slots of the whole hierarchy */
	OrmPtrVec	subclasses;		/* OrmClass*: the classes inheriting it, declaration order */
	OrmPtrVec	wp;				/* OrmClass*: its queries' with_polymorphic classes
								 * (with_polymorphic=, subclasses' polymorphic_load
								 * "inline"), self_and_descendants order; empty: none */
	OrmPtrVec	composites;		/* OrmComposite*: its own composite() attributes */
	OrmPtrVec	pybases;		/* const char*: the unmapped Python classes it derives
								 * from directly or through such classes only (its
								 * mixins and __abstract__ classes, in MRO order, then
								 * the declarative base they name): the classes whose
								 * __subclasses__() reach it (with_loader_criteria) */
	OrmPtrVec	validators;		/* OrmValidator*: its own (and its mixins') @validates
								 * attributes; a superclass's apply too (inherits) */
	/*
	 * __mapper_args__ concrete=True below a mapped class: that class (its
	 * Python superclass).  Its mapper inherits nothing of it -- inherits is
	 * NULL, its own table holds all its columns, and queries of either class
	 * read only that class's table (concrete.c).  Else NULL.
	 */
	OrmClass   *concrete_of;
	bool		concrete_union;	/* ConcreteBase: its queries read the UNION ALL of its
								 * table and its concrete subclasses' (sql/concrete.c) */
	int			ninherit;		/* joined subclass: the inherit condition, */
	OrmColumn **inherit_parent;	/* superclass table's column i = */
	OrmColumn **inherit_child;	/* own table's column i */
};

typedef struct OrmListener
{
	const char *event;			/* before_insert ... after_delete */
	const char *fn;				/* SQL function name, as registered */
	const char *registrar;		/* role that wrote its registry row, or NULL (SQLite) */
} OrmListener;

typedef struct OrmRegistry
{
	OrmArena   *arena;			/* everything below lives here */
	OrmPtrVec	classes;		/* OrmClass*, declaration order */
	OrmPtrVec	tables;			/* OrmTable*, declaration order (mapped and plain) */
	OrmPtrVec	enums;			/* OrmEnum* */
	uint64_t	token;			/* identifies the stored registry this was built from */
	int			nsources;
	OrmPtrVec	namespaces;		/* const char*: module names bound to Flask-SQLAlchemy's
								 * SQLAlchemy() (db), whose db.session / db.select
								 * query text may use */
	void	   *decl;			/* the declaration reader's private state carried
								 * between sources (declarative bases, mixins, import
								 * aliases): decl_int.h's DeclState */
} OrmRegistry;

/* ---- building (declare.c, resolve.c, summary.c) ---------------------------- */

OrmRegistry *orm_registry_new(OrmArena *a);

/*
 * Parses one declaration source and adds what it declares to reg; a class,
 * table or enum of the same name declared earlier is replaced.  source_no
 * numbers the sources in storage order.  Errors carry line and column.
 */
int			orm_declare_source(OrmRegistry *reg, const char *source, int source_no,
							   OrmError *err);

/* Resolves foreign keys and relationships of everything declared so far. */
int			orm_registry_resolve(OrmRegistry *reg, OrmError *err);

/*
 * The JSON summary orm_declare returns, for what source source_no declared:
 * {"classes":[{"name":"User","table":"users","columns":[...],
 *   "relationships":[{"name":"posts","target":"Post","direction":"ONETOMANY",...}]}],
 *  "tables":["post_tags"],"enums":["PostStatus"]}
 * With pending (an error whose later flag is set), a "pending" member names
 * what no declaration defines yet: {"message":...,"line":L,"column":C}.
 */
void		orm_registry_summary(const OrmRegistry *reg, int source_no, const OrmError *pending,
								 OrmBuf *out);

/*
 * Migration scripts (decl_tables.c, for migrate_ops.c): Alembic's op.* arguments
 * read as Table(...) reads them, into objects not added to reg (a scratch
 * registry whose arena holds them); src is the script text.  Foreign keys
 * stay unresolved.  Errors carry line and column.
 */
struct PyNode;
int			orm_declare_mig_column(OrmRegistry *reg, const char *src, struct PyNode *call,
								   OrmTable *t, OrmColumn **out, OrmError *err);
int			orm_declare_mig_type(OrmRegistry *reg, const char *src, const struct PyNode *n,
								 OrmType *t, OrmError *err);
int			orm_declare_mig_server_default(OrmRegistry *reg, const char *src,
										   const struct PyNode *n, OrmServerDefault *sd,
										   OrmError *err);
int			orm_declare_mig_table(OrmRegistry *reg, const char *src, const char *name,
								  struct PyNode *const *items, int nitems, OrmTable **out,
								  OrmError *err);
int			orm_declare_mig_table_item(OrmRegistry *reg, const char *src, OrmTable *t,
									   struct PyNode *item, int seq, OrmError *err);
bool		orm_declare_is_autoinc(const OrmTable *t, const OrmColumn *c);

/* ---- lookups (registry.c) ------------------------------------------------ */

OrmClass   *orm_reg_class(const OrmRegistry *reg, const char *name);
OrmTable   *orm_reg_table(const OrmRegistry *reg, const char *name);

/* The highest declaration order (seq) of t's table-level constraints: uniques,
 * checks and column foreign keys; 0 when it has none. */
int			orm_table_max_seq(const OrmTable *t);
OrmEnum    *orm_reg_enum(const OrmRegistry *reg, const char *name);
OrmColumn  *orm_class_attr(const OrmClass *cls, const char *attr);
OrmRelationship *orm_class_rel(const OrmClass *cls, const char *name);
OrmXattr    *orm_class_xattr(const OrmClass *cls, const char *name);	/* xattrs, then hybrids */
const OrmComposite *orm_class_composite(const OrmClass *cls, const char *name);	/* inherited too */
OrmColumn  *orm_table_col(const OrmTable *t, const char *name);
int			orm_enum_index_by_name(const OrmEnum *e, const char *name);
int			orm_enum_index_by_value(const OrmEnum *e, const char *value);

/* ---- inheritance (inherit.c) ---------------------------------------------- */

/* Derives every class's OrmClass mapper fields; run by orm_registry_resolve. */
int			orm_registry_inherit(OrmRegistry *reg, OrmError *err);

/* A joined-table subclass: a table of its own below a mapped superclass. */
bool		orm_joined_sub(const OrmClass *cls);

/*
 * Are cls's rows in more than one table (a joined subclass, or a
 * single-table subclass of one)?
 */
bool		orm_class_multi(const OrmClass *cls);

/*
 * A concrete class's superclass (concrete_of, then up) that has an attribute
 * or relationship name, which the concrete class itself does not have
 * (SQLAlchemy's ConcreteInheritedProperty); NULL if none (concrete.c).
 */
const OrmClass *orm_concrete_attr_owner(const OrmClass *cls, const char *name);

/* Is cls sub, or does it inherit from it? */
bool		orm_class_isa(const OrmClass *cls, const OrmClass *sup);

/* cls's column attribute by key (inherited included), or NULL. */
const OrmProp *orm_class_prop(const OrmClass *cls, const char *key);

/* The attribute of cls holding column col, or NULL. */
const OrmProp *orm_class_prop_of(const OrmClass *cls, const OrmColumn *col);

/* cls's relationship by name (inherited included), or NULL. */
OrmRelationship *orm_class_allrel(const OrmClass *cls, const char *name);

/*
 * The tables a query of cls joins, root first (a joined subclass: its
 * superclasses' tables, then its own; else its one table), into out
 * (OrmClass*, one per table: the class mapping it).
 */
void		orm_class_chain(const OrmClass *cls, OrmArena *a, OrmPtrVec *out);

/* Tables in foreign-key dependency order (referenced tables first). */
OrmTable  **orm_registry_sorted_tables(const OrmRegistry *reg, OrmArena *a, int *n);

/*
 * Transitive foreign-key dependencies: an n*n matrix (n = reg->tables.n,
 * indexes as in reg->tables) where [i * n + j] is true when table i depends
 * on table j through foreign keys (self-references ignored).  Table i is in
 * a cycle when [i * n + i] is true.
 */
bool	   *orm_registry_fk_reach(const OrmRegistry *reg, OrmArena *a);

/*
 * Foreign-key cycles without the n*n matrix: (*comp)[i] numbers the
 * strongly connected component of table i (indexes as in reg->tables),
 * (*cyclic)[i] is true when that component is a cycle of two or more tables.
 */
void		orm_registry_fk_cycles(const OrmRegistry *reg, OrmArena *a, int **comp,
								   bool **cyclic);

#endif							/* ORM_REGISTRY_H */
