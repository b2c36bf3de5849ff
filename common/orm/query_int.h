/*
 * query_int.h -- what query.c and compile.c share with execute.c only: the
 * tree of an insert() / update() / delete() statement, its evaluation from
 * statement text, and its compilation to SQL.
 *
 * A DML statement reuses the select machinery: its WHERE clause is an
 * ordinary SxExpr built by the query evaluator (relationship any()/has(),
 * subqueries and correlation work as in a select), its RETURNING list is an
 * SxSelect's items (entity or expressions, keyed as Row._fields), and every
 * value is an SX_PARAM already converted to the column's stored form.
 *
 * Not a user contract: the lead's api.c/engine glue see only execute.h.
 */
#ifndef ORM_QUERY_INT_H
#define ORM_QUERY_INT_H

#include "orm/loader.h"

typedef enum SxDmlKind
{
	SXD_INSERT,
	SXD_UPDATE,
	SXD_DELETE
} SxDmlKind;

typedef enum SxConflict
{
	SXC_CONFLICT_NONE = 0,
	SXC_CONFLICT_NOTHING,		/* ON CONFLICT [(cols)] DO NOTHING */
	SXC_CONFLICT_UPDATE			/* ON CONFLICT (cols) DO UPDATE SET ... [WHERE ...] */
} SxConflict;

/* One row of values: cols[i] = exprs[i], in the order given. */
typedef struct SxDmlRow
{
	int			n;
	OrmColumn **cols;
	SxExpr	  **exprs;
} SxDmlRow;

typedef struct SxDml
{
	SxDmlKind	kind;
	SxFrom	   *from;			/* the target table (the class's one un-aliased FROM) */
	OrmClass   *cls;			/* NULL for a plain Table() */
	OrmTable   *table;
	SxExpr	   *where;			/* UPDATE / DELETE criteria, or NULL */
	OrmPtrVec	rows;			/* SxDmlRow*: values(); INSERT may have several
								 * (multi-values), UPDATE has at most one */
	bool		multi;			/* values([{...}, {...}]) form */
	SxSelect   *returning;		/* items of .returning(...), or NULL */
	SxSelect   *from_select;	/* insert().from_select(names, select), or NULL */
	int			nfs;
	OrmColumn **fs_cols;		/* from_select's columns, in the order given */

	/* postgresql/sqlite insert(): on_conflict_do_nothing / on_conflict_do_update */
	SxConflict	conflict;
	int			nconflict_cols;
	OrmColumn **conflict_cols;	/* index_elements=, or none */
	SxDmlRow   *conflict_set;	/* set_= (DO UPDATE) */
	SxExpr	   *conflict_where; /* where= (DO UPDATE ... WHERE) */
	SxFrom	   *excluded;		/* stmt.excluded: the proposed row, "excluded" */
	int			line,
				col;			/* where the statement starts in the text */
} SxDml;

/*
 * query.c: evaluates statement text ending in a select() or a DML statement.
 * Exactly one of *sel, *dml is set on success.  params may be NULL, and only
 * a JSON object's keys act as names (an array is the executemany form,
 * handled by execute.c).
 */
int			orm_query_eval_stmt(OrmCtx *ctx, const char *text,
								const struct JsonValue *params,
								SxSelect **sel, SxDml **dml);

/*
 * compile.c: one DML statement to SQL.  Every row of an INSERT must set the
 * same columns (the caller groups rows); columns are emitted in table order
 * (from_select: in the order given, paired with the select's columns).
 * out->nitems/item_offset/item_keys/ncols describe the RETURNING list as
 * orm_compile_select describes a select list.
 */
int			orm_compile_dml(OrmCtx *ctx, SxDml *dml, OrmCompiled *out);

/*
 * compile.c: SQLAlchemy's single-table inheritance criterion for FROM f of
 * cls ("f.type IN (identities of cls and its subclasses)"), or NULL when cls
 * is not a single-table subclass.  compile.c appends it to the WHERE clause
 * for each FROM of a select and to the ON clause of a join target, unless
 * the condition already holds it (query.c places it itself where SQLAlchemy
 * puts it earlier, as in any()/has()).
 */
SxExpr	   *orm_single_criterion(OrmCtx *ctx, OrmArena *a, SxFrom *f, OrmClass *cls);

/*
 * query.c: rel->extra_criteria (the non column-pair parts of its
 * primaryjoin / secondaryjoin, as declaration text) evaluated for one use of
 * the relationship: the target class's columns name target, the owner's
 * parent, the secondary table's sec (NULL when not many-to-many).  *out is
 * NULL when the relationship has none.  parent NULL: the statement has no
 * parent FROM, and criteria naming the owner are an error.  Returns -1 with
 * ctx->err set on failure.
 */
int			orm_rel_extra_criteria(OrmCtx *ctx, const OrmRelationship *rel,
								   SxFrom *parent, SxFrom *sec, SxFrom *target,
								   SxExpr **out);

#endif							/* ORM_QUERY_INT_H */
