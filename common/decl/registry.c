/*
 * registry.c -- read-only lookups in a resolved registry (see registry.h).
 *
 * Owns: name lookups of classes, tables, enums, attributes, relationships
 * and columns, enum member search, and the foreign-key dependency order of
 * tables.  Assumes registries are small (tens of classes): lookups are linear
 * scans, which keeps the registry a plain read-only structure with no index
 * to invalidate.  The dependency functions are built to take thousands of
 * tables (sorting and cycles in O(n log n + e) per round, no n^3 closure,
 * no recursion); only they allocate.
 */
#include "decl/registry.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

OrmClass *
orm_reg_class(const OrmRegistry *reg, const char *name)
{
	int			i;

	if (!reg || !name)
		return NULL;
	for (i = 0; i < reg->classes.n; i++)
	{
		OrmClass   *c = reg->classes.items[i];

		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

int
orm_table_max_seq(const OrmTable *t)
{
	int			maxseq = 0;

	for (int i = 0; i < t->uniques.n; i++)
		if (((OrmUnique *) t->uniques.items[i])->seq > maxseq)
			maxseq = ((OrmUnique *) t->uniques.items[i])->seq;
	for (int i = 0; i < t->checks.n; i++)
		if (((OrmCheck *) t->checks.items[i])->seq > maxseq)
			maxseq = ((OrmCheck *) t->checks.items[i])->seq;
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i]->fk && t->cols[i]->fk->seq > maxseq)
			maxseq = t->cols[i]->fk->seq;
	return maxseq;
}

OrmTable *
orm_reg_table(const OrmRegistry *reg, const char *name)
{
	int			i;

	if (!reg || !name)
		return NULL;
	for (i = 0; i < reg->tables.n; i++)
	{
		OrmTable   *t = reg->tables.items[i];

		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

OrmEnum *
orm_reg_enum(const OrmRegistry *reg, const char *name)
{
	int			i;

	if (!reg || !name)
		return NULL;
	for (i = 0; i < reg->enums.n; i++)
	{
		OrmEnum    *e = reg->enums.items[i];

		if (e->name && strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

OrmColumn *
orm_class_attr(const OrmClass *cls, const char *attr)
{
	int			i;

	if (!cls || !attr)
		return NULL;
	for (i = 0; i < cls->nattrs; i++)
		if (cls->attrs[i]->attr && strcmp(cls->attrs[i]->attr, attr) == 0)
			return cls->attrs[i];
	return NULL;
}

OrmRelationship *
orm_class_rel(const OrmClass *cls, const char *name)
{
	int			i;

	if (!cls || !name)
		return NULL;
	for (i = 0; i < cls->nrels; i++)
		if (strcmp(cls->rels[i]->name, name) == 0)
			return cls->rels[i];
	return NULL;
}

OrmXattr *
orm_class_xattr(const OrmClass *cls, const char *name)
{
	int			i;

	if (!cls || !name)
		return NULL;
	for (i = 0; i < cls->nxattrs; i++)
		if (strcmp(cls->xattrs[i]->name, name) == 0)
			return cls->xattrs[i];
	for (i = 0; i < cls->nhybrids; i++)
		if (strcmp(cls->hybrids[i]->name, name) == 0)
			return cls->hybrids[i];
	return NULL;
}

const OrmComposite *
orm_class_composite(const OrmClass *cls, const char *name)
{
	int			depth = 0;

	for (; cls && name && depth < 1000; cls = cls->inherits, depth++)
		for (int i = 0; i < cls->composites.n; i++)
			if (strcmp(((const OrmComposite *) cls->composites.items[i])->name, name) == 0)
				return cls->composites.items[i];
	return NULL;
}

OrmColumn *
orm_table_col(const OrmTable *t, const char *name)
{
	int			i;

	if (!t || !name)
		return NULL;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i]->name, name) == 0)
			return t->cols[i];
	return NULL;
}

int
orm_enum_index_by_name(const OrmEnum *e, const char *name)
{
	int			i;

	if (!e || !name)
		return -1;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->names[i], name) == 0)
			return i;
	return -1;
}

int
orm_enum_index_by_value(const OrmEnum *e, const char *value)
{
	int			i;

	if (!e || !value)
		return -1;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->values[i], value) == 0)
			return i;
	return -1;
}

/* ---- dependency order ------------------------------------------------------ */

/*
 * The "holds a foreign key to" graph over reg->tables, as adjacency lists
 * (CSR): table i depends on tables adj[start[i] .. start[i + 1]), each once,
 * itself never (self-references are ignored).  Built in O(n log n + e) so
 * that thousands of tables cost no more than they must.
 */
typedef struct RegGraph
{
	int			n;
	int		   *start;
	int		   *adj;
} RegGraph;

typedef struct RegIdx
{
	const OrmTable *t;
	int			i;
} RegIdx;

static int
reg_idx_cmp(const void *a, const void *b)
{
	uintptr_t	x = (uintptr_t) ((const RegIdx *) a)->t,
				y = (uintptr_t) ((const RegIdx *) b)->t;

	return x < y ? -1 : x > y;
}

static void
reg_graph(const OrmRegistry *reg, OrmArena *a, RegGraph *g)
{
	int			n = reg->tables.n,
				i,
				j,
				e = 0;
	RegIdx	   *idx = ORM_NEWN(a, RegIdx, n + 1);
	int		   *mark = ORM_NEWN(a, int, n + 1);

	for (i = 0; i < n; i++)
	{
		idx[i].t = reg->tables.items[i];
		idx[i].i = i;
		mark[i] = -1;
	}
	qsort(idx, (size_t) n, sizeof(RegIdx), reg_idx_cmp);
	for (i = 0; i < n; i++)
		e += ((OrmTable *) reg->tables.items[i])->ncols;
	g->n = n;
	g->start = ORM_NEWN(a, int, n + 1);
	g->adj = ORM_NEWN(a, int, e + 1);
	e = 0;
	for (i = 0; i < n; i++)
	{
		const OrmTable *t = reg->tables.items[i];

		g->start[i] = e;
		for (j = 0; j < t->ncols; j++)
		{
			const OrmForeignKey *fk = t->cols[j]->fk;
			RegIdx		key,
					   *hit;

			if (!fk || !fk->ref_table || fk->ref_table == t)
				continue;
			key.t = fk->ref_table;
			hit = bsearch(&key, idx, (size_t) n, sizeof(RegIdx), reg_idx_cmp);
			if (!hit || mark[hit->i] == i)
				continue;		/* not a registry table, or already listed */
			mark[hit->i] = i;
			g->adj[e++] = hit->i;
		}
	}
	g->start[n] = e;
}

/*
 * Strongly connected components of the graph (Tarjan's algorithm, with an
 * explicit stack: no recursion however long a chain of foreign keys is).
 * comp[i] numbers table i's component; cyclic[i] tells whether it has two
 * or more tables -- a foreign-key cycle.
 */
static void
reg_components(const RegGraph *g, OrmArena *a, int *comp, bool *cyclic)
{
	int			n = g->n,
				next = 0,
				ncomp = 0,
				sp = 0,
				fp = 0,
				s;
	int		   *index = ORM_NEWN(a, int, n + 1),
			   *low = ORM_NEWN(a, int, n + 1),
			   *stack = ORM_NEWN(a, int, n + 1),
			   *fv = ORM_NEWN(a, int, n + 1),
			   *fe = ORM_NEWN(a, int, n + 1);
	bool	   *on = ORM_NEWN(a, bool, n + 1);

	for (s = 0; s < n; s++)
		index[s] = -1;
	for (s = 0; s < n; s++)
	{
		if (index[s] >= 0)
			continue;
		index[s] = low[s] = next++;
		stack[sp++] = s;
		on[s] = true;
		fv[fp] = s;
		fe[fp++] = g->start[s];
		while (fp > 0)
		{
			int			v = fv[fp - 1];

			if (fe[fp - 1] < g->start[v + 1])
			{
				int			w = g->adj[fe[fp - 1]++];

				if (index[w] < 0)
				{
					index[w] = low[w] = next++;
					stack[sp++] = w;
					on[w] = true;
					fv[fp] = w;
					fe[fp++] = g->start[w];
				}
				else if (on[w] && index[w] < low[v])
					low[v] = index[w];
				continue;
			}
			fp--;
			if (fp > 0 && low[v] < low[fv[fp - 1]])
				low[fv[fp - 1]] = low[v];
			if (low[v] == index[v])
			{
				int			w,
							size = 0,
							first = sp;

				do
				{
					w = stack[--sp];
					on[w] = false;
					comp[w] = ncomp;
					size++;
				} while (w != v);
				for (; first > sp; first--)
					cyclic[stack[first - 1]] = size > 1;
				ncomp++;
			}
		}
	}
}

void
orm_registry_fk_cycles(const OrmRegistry *reg, OrmArena *a, int **comp, bool **cyclic)
{
	RegGraph	g;

	reg_graph(reg, a, &g);
	*comp = ORM_NEWN(a, int, g.n + 1);
	*cyclic = ORM_NEWN(a, bool, g.n + 1);
	reg_components(&g, a, *comp, *cyclic);
}

bool *
orm_registry_fk_reach(const OrmRegistry *reg, OrmArena *a)
{
	RegGraph	g;
	int			n = reg->tables.n,
				i;
	bool	   *r = ORM_NEWN(a, bool, (size_t) n * n + 1);
	int		   *todo = ORM_NEWN(a, int, n + 1);

	reg_graph(reg, a, &g);
	/* a depth-first walk from each table: O(n * e), not Warshall's n^3 */
	for (i = 0; i < n; i++)
	{
		bool	   *row = r + (size_t) i * n;
		int			top = 0;

		for (int k = g.start[i]; k < g.start[i + 1]; k++)
			if (!row[g.adj[k]])
				row[g.adj[k]] = true, todo[top++] = g.adj[k];
		while (top > 0)
		{
			int			v = todo[--top];

			for (int k = g.start[v]; k < g.start[v + 1]; k++)
				if (!row[g.adj[k]])
					row[g.adj[k]] = true, todo[top++] = g.adj[k];
		}
	}
	return r;
}

/*
 * Tables in layers, as SQLAlchemy's create_all sorts them
 * (util.topological.sort_as_subsets over metadata.tables in declaration
 * order): each round emits, in declaration order, every remaining table
 * whose referenced tables have all been emitted.  When foreign keys form a
 * cycle, SQLAlchemy sets aside every foreign key of the tables in the cycle
 * (they are added with ALTER TABLE afterwards) and sorts again; so do we:
 * a table in a cycle depends on nothing.  Each table keeps a count of the
 * referenced tables still to come, lowered as they are emitted.
 */
OrmTable  **
orm_registry_sorted_tables(const OrmRegistry *reg, OrmArena *a, int *n)
{
	int			nt = reg->tables.n,
				done = 0,
				i,
				k;
	OrmTable  **out = ORM_NEWN(a, OrmTable *, nt + 1);
	bool	   *emitted = ORM_NEWN(a, bool, nt + 1);
	bool	   *ready = ORM_NEWN(a, bool, nt + 1);
	int		   *waiting = ORM_NEWN(a, int, nt + 1);
	int		   *rstart = ORM_NEWN(a, int, nt + 2);
	int		   *radj;
	int		   *comp;
	bool	   *cyclic;
	RegGraph	g;

	reg_graph(reg, a, &g);
	comp = ORM_NEWN(a, int, nt + 1);
	cyclic = ORM_NEWN(a, bool, nt + 1);
	reg_components(&g, a, comp, cyclic);
	/* who waits for whom: the reverse edges of the tables not in a cycle */
	radj = ORM_NEWN(a, int, g.start[nt] + 1);
	for (i = 0; i < nt; i++)
		if (!cyclic[i])
			for (k = g.start[i]; k < g.start[i + 1]; k++)
				rstart[g.adj[k] + 1]++, waiting[i]++;
	for (i = 0; i < nt; i++)
		rstart[i + 1] += rstart[i];
	{
		int		   *fill = ORM_NEWN(a, int, nt + 1);

		for (i = 0; i < nt; i++)
			if (!cyclic[i])
				for (k = g.start[i]; k < g.start[i + 1]; k++)
					radj[rstart[g.adj[k]] + fill[g.adj[k]]++] = i;
	}
	while (done < nt)
	{
		int			nready = 0;

		for (i = 0; i < nt; i++)
			if ((ready[i] = !emitted[i] && waiting[i] == 0))
				nready++;
		if (nready == 0)		/* can't happen: cycles were set aside */
			for (i = 0; i < nt; i++)
				if (!emitted[i])
				{
					ready[i] = true;
					break;
				}
		for (i = 0; i < nt; i++)
			if (ready[i])
			{
				emitted[i] = true;
				out[done++] = reg->tables.items[i];
				for (k = rstart[i]; k < rstart[i + 1]; k++)
					waiting[radj[k]]--;
			}
	}
	*n = nt;
	return out;
}
