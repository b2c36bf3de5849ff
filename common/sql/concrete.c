/*
 * concrete.c -- the polymorphic union of a ConcreteBase class (SQLAlchemy's
 * polymorphic_union(), as ConcreteBase configures it):
 *
 *   (SELECT employee.id AS id, employee.name AS name,
 *           CAST(NULL AS VARCHAR(40)) AS manager_data, 'employee' AS type
 *    FROM employee
 *    UNION ALL
 *    SELECT manager.id AS id, manager.name AS name,
 *           manager.manager_data AS manager_data, 'manager' AS type
 *    FROM manager) AS pjoin
 *
 * One part per class of the union (the base, then each concrete subclass in
 * declaration order), each selecting every column name of the union in
 * first-seen order (a NULL cast to the type of the first column of that
 * name where its table has none), then its polymorphic identity as "type".
 * The FROM item maps every class's columns to the union's columns of their
 * name (colmap), its poly the subclasses (loaded as with_polymorphic
 * classes are) and union_type the discriminator the loader reads.
 */
#include "sql/concrete.h"
#include "sql/criteria.h"

#include <string.h>

static bool
cu_member(const OrmClass *c, const OrmClass *root)
{
	int			depth = 0;

	if (!c->concrete_of)
		return false;
	for (const OrmClass *k = c->concrete_of; k && depth < 200;
		 k = k->concrete_of ? k->concrete_of : k->inherits, depth++)
		if (k == root)
			return true;
	return false;
}

static int
cu_name_index(const OrmPtrVec *names, const char *name)
{
	for (int i = 0; i < names->n; i++)
		if (strcmp(names->items[i], name) == 0)
			return i;
	return -1;
}

SxFrom *
sx_concrete_union(OrmCtx *ctx, OrmArena *a, OrmClass *root)
{
	const OrmRegistry *reg = ctx->reg;
	OrmPtrVec	members = {0},
				names = {0},
				first = {0};
	SxSelect   *u = sx_select_new(a);
	SxFrom	   *f;
	OrmColumn  *type = ORM_NEW(a, OrmColumn);
	int			ncols = 0;

	orm_vec_push(a, &members, root);
	for (int i = 0; i < reg->classes.n; i++)
		if (cu_member(reg->classes.items[i], root))
			orm_vec_push(a, &members, reg->classes.items[i]);
	for (int m = 0; m < members.n; m++)
	{
		const OrmClass *c = members.items[m];

		if (!c->polymorphic_identity)
		{
			orm_err(ctx->err, ORM_ERR_DECL,
					"concrete class %s of ConcreteBase %s has no polymorphic_identity",
					c->name, root->name);
			return NULL;
		}
		for (int i = 0; i < c->table->ncols; i++)
			if (cu_name_index(&names, c->table->cols[i]->name) < 0)
			{
				orm_vec_push(a, &names, (void *) c->table->cols[i]->name);
				orm_vec_push(a, &first, c->table->cols[i]);
			}
	}
	type->name = "type";
	type->type.kind = ORM_T_STRING;
	type->nullable = true;
	u->compound = SXC_UNION_ALL;
	for (int m = 0; m < members.n; m++)
	{
		OrmClass   *c = members.items[m];
		SxSelect   *p = sx_select_new(a);
		SxFrom	   *tf = sx_from_table(a, c->table, NULL);
		OrmParam	ident;

		orm_vec_push(a, &p->froms, tf);
		for (int i = 0; i < names.n; i++)
		{
			OrmColumn  *col = orm_table_col(c->table, names.items[i]);
			SxExpr	   *x;

			if (col)
				x = sx_column(a, tf, col);
			else
			{
				SxExpr	   *null = ORM_NEW(a, SxExpr);

				null->kind = SX_NULL;
				x = ORM_NEW(a, SxExpr);
				x->kind = SX_CAST;
				x->left = null;
				x->cast_type = &((OrmColumn *) first.items[i])->type;
				x->type = x->cast_type;
			}
			sx_select_add_item(a, p, sx_label(a, x, names.items[i]), names.items[i]);
		}
		orm_identity_value(ctx, a, type, c->polymorphic_identity, &ident);
		sx_select_add_item(a, p, sx_label(a, sx_param(a, ident, &type->type), "type"), "type");
		orm_vec_push(a, &u->parts, p);
	}
	for (int i = 0; i < ((SxSelect *) u->parts.items[0])->items.n; i++)
		orm_vec_push(a, &u->items, ((SxSelect *) u->parts.items[0])->items.items[i]);

	f = sx_from_table(a, NULL, NULL);	/* a fresh id */
	f->kind = SXF_SUBQUERY;
	f->table = NULL;
	f->select = u;
	f->name = "pjoin";
	f->cls = root;
	for (int m = 0; m < members.n; m++)
		ncols += ((OrmClass *) members.items[m])->table->ncols;
	f->colmap_cols = ORM_NEWN(a, OrmColumn *, ncols + 1);
	f->colmap_names = ORM_NEWN(a, const char *, ncols + 1);
	f->colmap_index = ORM_NEWN(a, int, ncols + 1);
	for (int m = 0; m < members.n; m++)
	{
		OrmClass   *c = members.items[m];

		for (int i = 0; i < c->table->ncols; i++)
		{
			f->colmap_cols[f->ncolmap] = c->table->cols[i];
			f->colmap_names[f->ncolmap] = c->table->cols[i]->name;
			f->colmap_index[f->ncolmap] = cu_name_index(&names, c->table->cols[i]->name);
			f->ncolmap++;
		}
		if (m > 0)
			orm_vec_push(a, &f->poly, c);
	}
	f->colmap_cols[f->ncolmap] = type;
	f->colmap_names[f->ncolmap] = "type";
	f->colmap_index[f->ncolmap] = names.n;
	f->ncolmap++;
	f->union_type = type;
	return f;
}
