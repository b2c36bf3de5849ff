/*
 * summary.c -- the JSON summary orm_declare returns: orm_registry_summary.
 *
 * Owns: orm_registry_summary (format in registry.h): the classes a source
 * declared, each with its attribute keys (a joined subclass's superclasses'
 * first) and relationships (its own, then those it inherits), and the plain
 * tables and enums the source declared (decl_origin_of).  Reads a resolved
 * registry and changes nothing; calls decl_base.c only.
 */
#include "decl/decl_int.h"

#include <string.h>

/* ==== summary ============================================================== */

static void
decl_json_name(OrmBuf *out, const char *s)
{
	orm_buf_json_str(out, s, strlen(s));
}

/* Attribute keys of c and, for joined inheritance, its superclasses' first (no repeats). */
static void
decl_summary_keys(const OrmClass *c, OrmArena *a, OrmPtrVec *keys, int depth)
{
	int			i,
				j;

	if (c->inherits && c->inherits->table != c->table && depth < 100)
		decl_summary_keys(c->inherits, a, keys, depth + 1);
	for (i = 0; i < c->nattrs; i++)
	{
		for (j = 0; j < keys->n; j++)
			if (strcmp(keys->items[j], c->attrs[i]->attr) == 0)
				break;
		if (j == keys->n)
			orm_vec_push(a, keys, (void *) c->attrs[i]->attr);
	}
}

static void
decl_summary_columns(const OrmClass *c, OrmBuf *out)
{
	OrmPtrVec	keys = {0};
	int			i;

	decl_summary_keys(c, out->arena, &keys, 0);
	for (i = 0; i < keys.n; i++)
	{
		if (i)
			orm_buf_putc(out, ',');
		decl_json_name(out, keys.items[i]);
	}
}

/* c's relationships, then its superclasses' that it does not override (the mapper's order). */
static void
decl_summary_rels(const OrmClass *c, OrmArena *a, OrmPtrVec *rels)
{
	int			depth,
				i,
				j;

	for (depth = 0; c && depth < 100; c = c->inherits, depth++)
		for (i = 0; i < c->nrels; i++)
		{
			for (j = 0; j < rels->n; j++)
				if (strcmp(((OrmRelationship *) rels->items[j])->name, c->rels[i]->name) == 0)
					break;
			if (j == rels->n)
				orm_vec_push(a, rels, c->rels[i]);
		}
}

static void
decl_summary_class(const OrmClass *c, OrmBuf *out)
{
	OrmPtrVec	rels = {0};
	int			i;

	orm_buf_puts(out, "{\"name\":");
	decl_json_name(out, c->name);
	orm_buf_puts(out, ",\"table\":");
	decl_json_name(out, c->table->name);
	orm_buf_puts(out, ",\"columns\":[");
	decl_summary_columns(c, out);
	orm_buf_puts(out, "],\"relationships\":[");
	decl_summary_rels(c, out->arena, &rels);
	for (i = 0; i < rels.n; i++)
	{
		const OrmRelationship *r = rels.items[i];

		if (i)
			orm_buf_putc(out, ',');
		orm_buf_puts(out, "{\"name\":");
		decl_json_name(out, r->name);
		orm_buf_puts(out, ",\"target\":");
		decl_json_name(out, r->target ? r->target->name : r->target_name);
		if (r->target)
			orm_buf_printf(out, ",\"direction\":\"%s\",\"uselist\":%s}", decl_dir_name(r->dir),
						   r->uselist ? "true" : "false");
		else
			orm_buf_puts(out, ",\"direction\":null,\"uselist\":null}");	/* pending */
	}
	orm_buf_puts(out, "]}");
}

/*
 * "notes": what the declaration keeps of Python code orm does not run -- a
 * TypeDecorator column is its impl.  Left out when there is none.
 */
static void
decl_summary_notes(const OrmRegistry *reg, int source_no, OrmBuf *out)
{
	int			n = 0;

	for (int i = 0; i < reg->tables.n; i++)
	{
		const OrmTable *t = reg->tables.items[i];

		if ((t->cls ? t->cls->source_no : decl_origin_of(reg, t)) != source_no)
			continue;
		for (int j = 0; j < t->ncols; j++)
		{
			const OrmColumn *c = t->cols[j];
			OrmBuf		note;

			if (!c->type.decorator)
				continue;
			orm_buf_puts(out, n++ ? "," : ",\"notes\":[");
			orm_buf_init(&note, out->arena);
			orm_buf_printf(&note, "%s.%s: TypeDecorator %s is its impl; its Python methods are "
						   "not run%s%s", t->name, c->name, c->type.decorator,
						   c->type.decorator_binds ? "; values for it are refused (process_bind_param)" : "",
						   c->type.decorator_results ? "; its stored values are not read (process_result_value)" : "");
			orm_buf_json_str(out, note.data, note.len);
		}
	}
	const DeclState *st = reg->decl;

	for (int i = 0; st && i < st->unmapped.n; i++)
	{
		const DeclUnmapped *u = st->unmapped.items[i];
		OrmBuf		note;

		if (u->source_no != source_no)
			continue;
		orm_buf_puts(out, n++ ? "," : ",\"notes\":[");
		orm_buf_init(&note, out->arena);
		orm_buf_printf(&note, "%s (line %d): not mapped -- its base %s is no declarative base "
					   "orm knows (declare the module that defines it first); kept as a mixin",
					   u->name, u->line, u->base);
		orm_buf_json_str(out, note.data, note.len);
	}
	if (n)
		orm_buf_putc(out, ']');
}

void
orm_registry_summary(const OrmRegistry *reg, int source_no, const OrmError *pending, OrmBuf *out)
{
	int			i,
				n = 0;

	orm_buf_puts(out, "{\"classes\":[");
	for (i = 0; i < reg->classes.n; i++)
	{
		const OrmClass *c = reg->classes.items[i];

		if (c->source_no != source_no)
			continue;
		if (n++)
			orm_buf_putc(out, ',');
		decl_summary_class(c, out);
	}
	orm_buf_puts(out, "],\"tables\":[");
	n = 0;
	for (i = 0; i < reg->tables.n; i++)
	{
		const OrmTable *t = reg->tables.items[i];

		if (t->cls || decl_origin_of(reg, t) != source_no)
			continue;
		if (n++)
			orm_buf_putc(out, ',');
		decl_json_name(out, t->name);
	}
	orm_buf_puts(out, "],\"enums\":[");
	n = 0;
	for (i = 0; i < reg->enums.n; i++)
	{
		const OrmEnum *e = reg->enums.items[i];

		if (decl_origin_of(reg, e) != source_no)
			continue;
		if (n++)
			orm_buf_putc(out, ',');
		decl_json_name(out, e->name);
	}
	orm_buf_putc(out, ']');
	decl_summary_notes(reg, source_no, out);
	if (pending)
	{
		/* what names a class or table no declaration has defined yet */
		orm_buf_puts(out, ",\"pending\":{\"message\":");
		orm_buf_json_str(out, pending->message, strlen(pending->message));
		orm_buf_printf(out, ",\"line\":%d,\"column\":%d}", pending->line, pending->col);
	}
	orm_buf_putc(out, '}');
}
