/*
 * test_declare.c -- declaration sources -> registry (declare.c, registry.c).
 *
 * The seed's complete blog module verbatim, every model snippet of the seed
 * (each in its own registry, after a one-line Base prelude when the snippet
 * has none), and error cases with their positions.  Expected values were
 * checked against SQLAlchemy 2.0.40 (mapper column order, directions,
 * uselist, index names).
 *
 * Build (from the repo root):
 *   make build/unit/test_declare
 *   valgrind --error-exitcode=1 -q build/unit/test_declare [seed-file]
 *     (seed file: argv[1], else $ORM_SEED, else testlib.h's TL_SEED_DEFAULT)
 */
#include "check.h"
#include "testlib.h"
#include "decl/registry.h"

static OrmArena arena;
static const char *seed;

/* The nth (1-based) ```python block after the line `heading`, or NULL. */
static const char *
seed_block(const char *heading, int nth)
{
	return tl_seed_block(&arena, seed, heading, nth);
}

static const char *prelude =
"from sqlalchemy.orm import DeclarativeBase\n"
"class Base(DeclarativeBase):\n"
"    pass\n";

/* Declares the sources in order (NULL-terminated) into a new registry and resolves. */
static OrmRegistry *
declare(OrmError *err, const char *first,...)
{
	OrmRegistry *reg;
	va_list		ap;

	va_start(ap, first);
	reg = tl_declarev(&arena, err, first, ap);
	va_end(ap);
	return reg;
}

static OrmRegistry *
declare_ok(const char *what, const char *first,...)
{
	OrmRegistry *reg;
	OrmError	err;
	va_list		ap;

	va_start(ap, first);
	reg = tl_declarev(&arena, &err, first, ap);
	va_end(ap);
	if (err.code)
		fprintf(stderr, "%s: line %d, column %d: %s\n", what, err.line, err.col, err.message);
	CHECK(err.code == ORM_OK);
	return reg;
}

static const char *
attr_names(const OrmClass *c)
{
	OrmBuf		b;
	int			i;

	orm_buf_init(&b, &arena);
	for (i = 0; c && i < c->nattrs; i++)
		orm_buf_printf(&b, "%s%s", i ? "," : "", c->attrs[i]->attr);
	return orm_buf_cstr(&b);
}

static const char *
summary(const OrmRegistry *reg, int source_no)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	orm_registry_summary(reg, source_no, NULL, &b);
	return orm_buf_cstr(&b);
}

static OrmColumn *
col(const OrmRegistry *reg, const char *cls, const char *attr)
{
	OrmColumn  *c = orm_class_attr(orm_reg_class(reg, cls), attr);

	if (!c)
		fprintf(stderr, "missing %s.%s\n", cls, attr);
	return c;
}

static OrmRelationship *
rel(const OrmRegistry *reg, const char *cls, const char *name)
{
	OrmRelationship *r = orm_class_rel(orm_reg_class(reg, cls), name);

	if (!r)
		fprintf(stderr, "missing relationship %s.%s\n", cls, name);
	return r;
}

/* "local=remote" pairs as text: "users.id=posts.author_id" */
static const char *
pairs(const OrmRelationship *r)
{
	OrmBuf		b;
	int			i;

	orm_buf_init(&b, &arena);
	for (i = 0; r && i < r->npairs; i++)
		orm_buf_printf(&b, "%s%s.%s=%s.%s", i ? "," : "", r->local_cols[i]->table->name,
					   r->local_cols[i]->name, r->remote_cols[i]->table->name,
					   r->remote_cols[i]->name);
	for (i = 0; r && i < r->nsec_pairs; i++)
		orm_buf_printf(&b, ";%s.%s=%s.%s", r->sec_cols[i]->table->name, r->sec_cols[i]->name,
					   r->target_cols[i]->table->name, r->target_cols[i]->name);
	return orm_buf_cstr(&b);
}

/* ---- the blog application -------------------------------------------------- */

static void
test_blog(void)
{
	const char *src = seed_block("### Full Application with Models, Relationships, and CRUD", 1);
	OrmRegistry *reg;
	OrmColumn  *c;
	OrmRelationship *r;
	OrmTable   *t;
	OrmTable  **sorted;
	OrmEnum    *e;
	OrmIndex   *ix;
	int			n;

	CHECK(src != NULL);
	if (!src)
		return;
	CHECK(strstr(src, "def create_sample_data") != NULL);	/* the whole module, CRUD included */
	reg = declare_ok("blog", src, NULL);
	if (!reg)
		return;
	CHECK(reg->classes.n == 4);
	CHECK(reg->tables.n == 5);
	CHECK(reg->enums.n == 1);
	CHECK_STR(((OrmTable *) reg->tables.items[0])->name, "post_tags");

	CHECK_STR(attr_names(orm_reg_class(reg, "User")),
			  "id,username,email,display_name,is_active,created_at,updated_at");
	CHECK_STR(attr_names(orm_reg_class(reg, "Post")),
			  "id,title,slug,body,status,author_id,created_at,updated_at");
	CHECK_STR(attr_names(orm_reg_class(reg, "Comment")),
			  "id,body,post_id,author_id,parent_id,created_at,updated_at");
	CHECK_STR(attr_names(orm_reg_class(reg, "Tag")), "id,name");

	/* users */
	c = col(reg, "User", "id");
	CHECK(c && c->type.kind == ORM_T_INTEGER && c->primary_key && !c->nullable && c->is_autoinc);
	CHECK(c && c->pos == 0 && c->table == orm_reg_table(reg, "users"));
	c = col(reg, "User", "username");
	CHECK(c && c->type.kind == ORM_T_STRING && c->type.length == 50 && c->unique && c->index &&
		  !c->nullable && !c->primary_key && !c->is_autoinc);
	c = col(reg, "User", "email");
	CHECK(c && c->type.length == 255 && c->unique && !c->index);
	c = col(reg, "User", "display_name");
	CHECK(c && c->type.kind == ORM_T_STRING && c->type.length == 100 && c->nullable);
	c = col(reg, "User", "is_active");
	CHECK(c && c->type.kind == ORM_T_BOOLEAN && !c->nullable && c->dflt.kind == ORM_DEF_LITERAL);
	CHECK_STR(c ? c->dflt.json : NULL, "true");
	c = col(reg, "User", "created_at");
	CHECK(c && c->type.kind == ORM_T_DATETIME && !c->type.timezone && !c->nullable);
	CHECK(c && c->dflt.kind == ORM_DEF_SQL_NOW && c->server_default.kind == ORM_SD_FUNC);
	CHECK_STR(c ? c->server_default.text : NULL, "now");
	c = col(reg, "User", "updated_at");
	CHECK(c && c->nullable && c->dflt.kind == ORM_DEF_NULL && c->onupdate.kind == ORM_DEF_SQL_NOW &&
		  c->server_onupdate.kind == ORM_SD_FUNC && c->server_default.kind == ORM_SD_NONE);
	t = orm_reg_table(reg, "users");
	CHECK(t && t->npk == 1 && t->indexes.n == 1 && t->uniques.n == 0 && t->cls == orm_reg_class(reg, "User"));
	ix = t && t->indexes.n ? t->indexes.items[0] : NULL;
	CHECK(ix && ix->unique && ix->ncols == 1 && ix->cols[0] == col(reg, "User", "username"));
	CHECK_STR(ix ? ix->name : NULL, "ix_users_username");

	/* posts */
	c = col(reg, "Post", "status");
	e = orm_reg_enum(reg, "PostStatus");
	CHECK(c && c->type.kind == ORM_T_ENUM && c->type.enm == e && c->type.native_enum &&
		  !c->type.enum_by_value && !c->nullable);
	CHECK_STR(c ? c->type.enum_type_name : NULL, "poststatus");
	CHECK(c && c->dflt.kind == ORM_DEF_LITERAL);
	CHECK_STR(c ? c->dflt.json : NULL, "\"draft\"");
	CHECK(e && e->n == 3);
	CHECK_STR(e ? e->names[1] : NULL, "PUBLISHED");
	CHECK_STR(e ? e->values[2] : NULL, "archived");
	CHECK(e && e->value_is_str[0]);
	CHECK(orm_enum_index_by_name(e, "ARCHIVED") == 2 && orm_enum_index_by_value(e, "draft") == 0 &&
		  orm_enum_index_by_name(e, "draft") == -1);
	c = col(reg, "Post", "body");
	CHECK(c && c->type.kind == ORM_T_TEXT && !c->nullable);
	c = col(reg, "Post", "author_id");
	CHECK(c && c->fk && c->fk->ref_table == orm_reg_table(reg, "users") &&
		  c->fk->ref_col == col(reg, "User", "id") && !c->nullable && !c->is_autoinc);
	CHECK_STR(c && c->fk ? c->fk->target : NULL, "users.id");
	t = orm_reg_table(reg, "posts");
	CHECK(t && t->indexes.n == 2);
	ix = t && t->indexes.n == 2 ? t->indexes.items[0] : NULL;
	CHECK_STR(ix ? ix->name : NULL, "ix_posts_slug");
	CHECK(ix && ix->unique);
	ix = t && t->indexes.n == 2 ? t->indexes.items[1] : NULL;
	CHECK_STR(ix ? ix->name : NULL, "ix_posts_author_status");
	CHECK(ix && !ix->unique && ix->ncols == 2 && ix->cols[1] == col(reg, "Post", "status"));

	/* the association table */
	t = orm_reg_table(reg, "post_tags");
	CHECK(t && t->cls == NULL && t->ncols == 2 && t->npk == 2);
	if (t && t->ncols == 2)
	{
		CHECK(t->cols[0]->attr == NULL && strcmp(t->cols[0]->name, "post_id") == 0);
		CHECK(t->cols[0]->type.kind == ORM_T_INTEGER && !t->cols[0]->nullable && !t->cols[0]->is_autoinc);
		CHECK(t->cols[1]->fk && t->cols[1]->fk->ref_table == orm_reg_table(reg, "tags"));
		CHECK_STR(t->cols[1]->fk ? t->cols[1]->fk->ondelete : NULL, "CASCADE");
	}

	/* relationships */
	r = rel(reg, "User", "posts");
	CHECK(r && r->dir == ORM_REL_ONETOMANY && r->uselist && r->target == orm_reg_class(reg, "Post"));
	CHECK(r && r->cascade == (ORM_CASCADE_ALL | ORM_CASCADE_DELETE_ORPHAN));
	CHECK(r && r->reverse == rel(reg, "Post", "author") && !r->from_backref);
	CHECK_STR(pairs(r), "users.id=posts.author_id");
	r = rel(reg, "Post", "author");
	CHECK(r && r->dir == ORM_REL_MANYTOONE && !r->uselist && r->cascade == ORM_CASCADE_DEFAULT);
	CHECK(r && r->reverse == rel(reg, "User", "posts") && r->lazy == ORM_LAZY_SELECT);
	CHECK_STR(pairs(r), "posts.author_id=users.id");
	r = rel(reg, "Post", "tags");
	CHECK(r && r->dir == ORM_REL_MANYTOMANY && r->uselist && r->secondary == orm_reg_table(reg, "post_tags"));
	CHECK(r && r->reverse == rel(reg, "Tag", "posts"));
	CHECK_STR(pairs(r), "posts.id=post_tags.post_id;post_tags.tag_id=tags.id");
	r = rel(reg, "Tag", "posts");
	CHECK_STR(pairs(r), "tags.id=post_tags.tag_id;post_tags.post_id=posts.id");
	r = rel(reg, "Comment", "replies");
	CHECK(r && r->dir == ORM_REL_ONETOMANY && r->uselist && r->reverse == rel(reg, "Comment", "parent"));
	CHECK_STR(pairs(r), "comments.id=comments.parent_id");
	r = rel(reg, "Comment", "parent");
	CHECK(r && r->dir == ORM_REL_MANYTOONE && !r->uselist);
	CHECK_STR(r ? r->remote_side : NULL, "[id]");
	CHECK_STR(pairs(r), "comments.parent_id=comments.id");
	r = rel(reg, "Comment", "author");
	CHECK_STR(pairs(r), "comments.author_id=users.id");
	CHECK(r && r->reverse == rel(reg, "User", "comments"));

	sorted = orm_registry_sorted_tables(reg, &arena, &n);
	CHECK(n == 5);
	if (n == 5)
	{
		CHECK_STR(sorted[0]->name, "users");
		CHECK_STR(sorted[1]->name, "tags");
		CHECK_STR(sorted[2]->name, "posts");
		CHECK_STR(sorted[3]->name, "post_tags");
		CHECK_STR(sorted[4]->name, "comments");
	}
	CHECK_STR(summary(reg, 0),
			  "{\"classes\":["
			  "{\"name\":\"User\",\"table\":\"users\",\"columns\":[\"id\",\"username\",\"email\",\"display_name\",\"is_active\",\"created_at\",\"updated_at\"],"
			  "\"relationships\":[{\"name\":\"posts\",\"target\":\"Post\",\"direction\":\"ONETOMANY\",\"uselist\":true},"
			  "{\"name\":\"comments\",\"target\":\"Comment\",\"direction\":\"ONETOMANY\",\"uselist\":true}]},"
			  "{\"name\":\"Post\",\"table\":\"posts\",\"columns\":[\"id\",\"title\",\"slug\",\"body\",\"status\",\"author_id\",\"created_at\",\"updated_at\"],"
			  "\"relationships\":[{\"name\":\"author\",\"target\":\"User\",\"direction\":\"MANYTOONE\",\"uselist\":false},"
			  "{\"name\":\"comments\",\"target\":\"Comment\",\"direction\":\"ONETOMANY\",\"uselist\":true},"
			  "{\"name\":\"tags\",\"target\":\"Tag\",\"direction\":\"MANYTOMANY\",\"uselist\":true}]},"
			  "{\"name\":\"Comment\",\"table\":\"comments\",\"columns\":[\"id\",\"body\",\"post_id\",\"author_id\",\"parent_id\",\"created_at\",\"updated_at\"],"
			  "\"relationships\":[{\"name\":\"post\",\"target\":\"Post\",\"direction\":\"MANYTOONE\",\"uselist\":false},"
			  "{\"name\":\"author\",\"target\":\"User\",\"direction\":\"MANYTOONE\",\"uselist\":false},"
			  "{\"name\":\"replies\",\"target\":\"Comment\",\"direction\":\"ONETOMANY\",\"uselist\":true},"
			  "{\"name\":\"parent\",\"target\":\"Comment\",\"direction\":\"MANYTOONE\",\"uselist\":false}]},"
			  "{\"name\":\"Tag\",\"table\":\"tags\",\"columns\":[\"id\",\"name\"],"
			  "\"relationships\":[{\"name\":\"posts\",\"target\":\"Post\",\"direction\":\"MANYTOMANY\",\"uselist\":true}]}],"
			  "\"tables\":[\"post_tags\"],\"enums\":[\"PostStatus\"]}");
	CHECK_STR(summary(reg, 1), "{\"classes\":[],\"tables\":[],\"enums\":[]}");

	/* resolving again (after a later source) gives the same result */
	{
		OrmError	err;

		memset(&err, 0, sizeof(err));
		CHECK(orm_registry_resolve(reg, &err) == 0);
		CHECK(orm_reg_class(reg, "Comment")->nrels == 4);
		CHECK(rel(reg, "Post", "author")->reverse == rel(reg, "User", "posts"));
	}
}

/* ---- the other model snippets ---------------------------------------------- */

static void
test_column_types(void)
{
	const char *src = seed_block("### Column Type Usage Examples", 1);
	OrmRegistry *reg = src ? declare_ok("Product", src, NULL) : NULL;
	OrmColumn  *c;

	CHECK(src != NULL);
	if (!reg)
		return;
	CHECK_STR(attr_names(orm_reg_class(reg, "Product")),
			  "id,name,description,price,weight_kg,is_available,priority,metadata_,thumbnail,created_at");
	c = col(reg, "Product", "id");
	CHECK(c && c->type.kind == ORM_T_UUID && c->primary_key && c->dflt.kind == ORM_DEF_UUID4 && !c->is_autoinc);
	c = col(reg, "Product", "name");
	CHECK(c && c->type.kind == ORM_T_STRING && c->type.length == 200 && !c->nullable);
	c = col(reg, "Product", "description");
	CHECK(c && c->type.kind == ORM_T_TEXT && c->nullable);
	c = col(reg, "Product", "price");
	CHECK(c && c->type.kind == ORM_T_NUMERIC && c->type.precision == 10 && c->type.scale == 2 && !c->nullable);
	c = col(reg, "Product", "weight_kg");
	CHECK(c && c->type.kind == ORM_T_FLOAT && c->nullable);
	c = col(reg, "Product", "is_available");
	CHECK(c && c->type.kind == ORM_T_BOOLEAN && c->dflt.kind == ORM_DEF_LITERAL);
	c = col(reg, "Product", "priority");
	CHECK(c && c->type.kind == ORM_T_ENUM && c->type.enm == orm_reg_enum(reg, "Priority"));
	CHECK_STR(c ? c->type.enum_type_name : NULL, "priority");
	CHECK_STR(c ? c->dflt.json : NULL, "\"medium\"");
	c = col(reg, "Product", "metadata_");
	CHECK(c && c->type.kind == ORM_T_JSON && c->nullable && c->dflt.kind == ORM_DEF_NULL);
	CHECK_STR(c ? c->name : NULL, "metadata");
	CHECK(orm_table_col(orm_reg_table(reg, "products"), "metadata") == c);
	CHECK(orm_table_col(orm_reg_table(reg, "products"), "metadata_") == NULL);
	c = col(reg, "Product", "thumbnail");
	CHECK(c && c->type.kind == ORM_T_BINARY && c->nullable);
	c = col(reg, "Product", "created_at");
	CHECK(c && c->type.kind == ORM_T_DATETIME && c->server_default.kind == ORM_SD_FUNC);
	CHECK(orm_reg_enum(reg, "Priority") && orm_reg_enum(reg, "Priority")->n == 4);
}

static void
test_enum_snippet(void)
{
	/* uses Base and SAEnum without defining them: Base comes from a prior source */
	const char *src = seed_block("### Working with Enum Columns", 1);
	OrmRegistry *reg = src ? declare_ok("Article/Enum", prelude, src, NULL) : NULL;
	OrmColumn  *c;

	if (!reg)
		return;
	c = col(reg, "Article", "status");
	CHECK(c && c->type.kind == ORM_T_ENUM && c->type.enum_by_value);
	CHECK_STR(c ? c->dflt.json : NULL, "\"draft\"");
	c = col(reg, "Article", "status2");
	CHECK(c && c->type.kind == ORM_T_ENUM && !c->type.enum_by_value);
	CHECK_STR(c ? c->type.enum_type_name : NULL, "status");
	CHECK_STR(summary(reg, 1), "{\"classes\":[{\"name\":\"Article\",\"table\":\"articles\",\"columns\":"
			  "[\"id\",\"status\",\"status2\"],\"relationships\":[]}],\"tables\":[],\"enums\":[\"Status\"]}");
}

static void
test_relationship_snippets(void)
{
	const char *src;
	OrmRegistry *reg;
	OrmRelationship *r;

	/* relationship() section: User/Post */
	src = seed_block("### `relationship()` -- ORM Relationships", 1);
	reg = src ? declare_ok("User/Post", prelude, src, NULL) : NULL;
	if (reg)
	{
		CHECK_STR(pairs(rel(reg, "User", "posts")), "users.id=posts.author_id");
		CHECK(rel(reg, "Post", "author")->dir == ORM_REL_MANYTOONE);
	}

	/* one-to-many */
	src = seed_block("### One-to-Many / Many-to-One", 1);
	reg = src ? declare_ok("Department", prelude, src, NULL) : NULL;
	if (reg)
	{
		r = rel(reg, "Department", "employees");
		CHECK(r && r->dir == ORM_REL_ONETOMANY && r->uselist &&
			  r->cascade == (ORM_CASCADE_ALL | ORM_CASCADE_DELETE_ORPHAN));
		CHECK(r && r->reverse == rel(reg, "Employee", "department"));
		CHECK_STR(pairs(rel(reg, "Employee", "department")), "employees.department_id=departments.id");
	}

	/* one-to-one */
	src = seed_block("### One-to-One", 1);
	reg = src ? declare_ok("Profile", prelude, src, NULL) : NULL;
	if (reg)
	{
		r = rel(reg, "User", "profile");
		CHECK(r && r->dir == ORM_REL_ONETOMANY && !r->uselist);
		CHECK(col(reg, "Profile", "user_id")->unique);
		CHECK(col(reg, "Profile", "bio")->nullable);
		r = rel(reg, "Profile", "user");
		CHECK(r && r->dir == ORM_REL_MANYTOONE && !r->uselist);
	}

	/* many-to-many via Table() */
	src = seed_block("### Many-to-Many", 1);
	reg = src ? declare_ok("Article/Tag", prelude, src, NULL) : NULL;
	if (reg)
	{
		r = rel(reg, "Article", "tags");
		CHECK(r && r->dir == ORM_REL_MANYTOMANY && r->secondary == orm_reg_table(reg, "article_tags"));
		CHECK_STR(pairs(r), "articles.id=article_tags.article_id;article_tags.tag_id=tags.id");
		CHECK(r && r->reverse == rel(reg, "Tag", "articles"));
		CHECK(strstr(summary(reg, 1), "\"tables\":[\"article_tags\"],\"enums\":[]}") != NULL);
	}

	/* association object */
	src = seed_block("### Many-to-Many with Association Object (Extra Columns)", 1);
	reg = src ? declare_ok("Enrollment", prelude, src, NULL) : NULL;
	if (reg)
	{
		OrmTable   *t = orm_reg_table(reg, "enrollments");

		CHECK(t && t->npk == 2 && !t->cols[0]->is_autoinc);
		CHECK(col(reg, "Enrollment", "enrolled_at")->dflt.kind == ORM_DEF_NOW);
		CHECK(col(reg, "Enrollment", "grade")->nullable);
		CHECK_STR(pairs(rel(reg, "Enrollment", "student")), "enrollments.student_id=students.id");
		CHECK_STR(pairs(rel(reg, "Course", "enrollments")), "courses.id=enrollments.course_id");
		CHECK(rel(reg, "Course", "enrollments")->reverse == rel(reg, "Enrollment", "course"));
	}

	/* adjacency list */
	src = seed_block("### Self-Referential (Adjacency List)", 1);
	reg = src ? declare_ok("Category", prelude, src, NULL) : NULL;
	if (reg)
	{
		CHECK(rel(reg, "Category", "children")->dir == ORM_REL_ONETOMANY);
		CHECK(rel(reg, "Category", "parent")->dir == ORM_REL_MANYTOONE);
		CHECK(!rel(reg, "Category", "parent")->uselist);
		CHECK_STR(pairs(rel(reg, "Category", "parent")), "categories.parent_id=categories.id");
	}

	/* back_populates */
	src = seed_block("### `back_populates` vs `backref`", 1);
	reg = src ? declare_ok("Parent/Child", prelude, src, NULL) : NULL;
	if (reg)
	{
		CHECK(rel(reg, "Parent", "children")->reverse == rel(reg, "Child", "parent"));
		CHECK(rel(reg, "Child", "parent")->reverse == rel(reg, "Parent", "children"));
	}
	/* backref */
	src = seed_block("### `back_populates` vs `backref`", 2);
	reg = src ? declare_ok("backref", prelude, src, NULL) : NULL;
	if (reg)
	{
		r = rel(reg, "Child", "parent");
		CHECK(r && r->from_backref && r->dir == ORM_REL_MANYTOONE && !r->uselist);
		CHECK(r && r->reverse == rel(reg, "Parent", "children"));
		CHECK(r && r->target == orm_reg_class(reg, "Parent"));
		CHECK_STR(pairs(r), "children.parent_id=parents.id");
		CHECK_STR(rel(reg, "Parent", "children")->backref, "parent");
		CHECK(orm_reg_class(reg, "Child")->nrels == 1);
		/* resolving again does not duplicate the backref */
		{
			OrmError	err;

			memset(&err, 0, sizeof(err));
			CHECK(orm_registry_resolve(reg, &err) == 0);
			CHECK(orm_reg_class(reg, "Child")->nrels == 1);
		}
	}

	/* several foreign keys to one table */
	src = seed_block("### Multiple Foreign Keys to the Same Table", 1);
	reg = src ? declare_ok("manager/mentor", prelude, src, NULL) : NULL;
	if (reg)
	{
		r = rel(reg, "Employee", "manager");
		CHECK(r && r->dir == ORM_REL_MANYTOONE && !r->uselist);
		CHECK_STR(pairs(r), "employees.manager_id=employees.id");
		CHECK_STR(pairs(rel(reg, "Employee", "mentor")), "employees.mentor_id=employees.id");
	}
	src = seed_block("### Multiple Foreign Keys to the Same Table", 2);
	reg = src ? declare_ok("Transfer", prelude, src, NULL) : NULL;
	if (reg)
	{
		CHECK_STR(pairs(rel(reg, "Transfer", "from_account")), "transfers.from_account_id=accounts.id");
		CHECK_STR(pairs(rel(reg, "Transfer", "to_account")), "transfers.to_account_id=accounts.id");
		CHECK(col(reg, "Transfer", "amount")->type.precision == 12);
	}

	/* cascade options: Parent only; its Child comes in a later source */
	src = seed_block("### Cascade Options", 1);
	reg = src ? declare_ok("cascade", prelude, src,
						   "class Child(Base):\n"
						   "    __tablename__ = \"children\"\n"
						   "    id: Mapped[int] = mapped_column(primary_key=True)\n"
						   "    parent_id: Mapped[int] = mapped_column(ForeignKey(\"parents.id\", ondelete=\"CASCADE\"))\n"
						   "    parent: Mapped[\"Parent\"] = relationship(back_populates=\"children\")\n",
						   NULL) : NULL;
	if (reg)
	{
		r = rel(reg, "Parent", "children");
		CHECK(r && r->passive_deletes && r->cascade == (ORM_CASCADE_ALL | ORM_CASCADE_DELETE_ORPHAN));
	}

	/* default loading strategy, with Post from another source */
	src = seed_block("### Default Loading Strategy on the Model", 1);
	reg = src ? declare_ok("lazy", prelude, src,
						   "class Post(Base):\n"
						   "    __tablename__ = \"posts\"\n"
						   "    id: Mapped[int] = mapped_column(primary_key=True)\n"
						   "    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))\n"
						   "    author: Mapped[\"User\"] = relationship(back_populates=\"posts\")\n",
						   NULL) : NULL;
	if (reg)
		CHECK(rel(reg, "User", "posts")->lazy == ORM_LAZY_SELECTIN);
}

static void
test_mixins_json_typemap(void)
{
	const char *src;
	OrmRegistry *reg;
	OrmColumn  *c;

	src = seed_block("### Mixin Pattern: TimestampMixin and SoftDeleteMixin", 1);
	reg = src ? declare_ok("mixins", prelude, src, NULL) : NULL;
	if (reg)
	{
		OrmTable   *t = orm_reg_table(reg, "articles");
		OrmIndex   *ix = t && t->indexes.n ? t->indexes.items[0] : NULL;

		CHECK_STR(attr_names(orm_reg_class(reg, "Article")),
				  "id,title,body,created_at,updated_at,is_deleted,deleted_at");
		CHECK_STR(ix ? ix->name : NULL, "ix_articles_is_deleted");
		c = col(reg, "Article", "updated_at");
		CHECK(c && c->nullable && c->onupdate.kind == ORM_DEF_SQL_NOW && c->dflt.kind == ORM_DEF_NULL);
		c = col(reg, "Article", "is_deleted");
		CHECK(c && !c->nullable && c->index && c->dflt.kind == ORM_DEF_LITERAL);
		CHECK_STR(c ? c->dflt.json : NULL, "false");
	}

	src = seed_block("### JSON Column Usage Example", 1);
	reg = src ? declare_ok("UserPreferences", src, NULL) : NULL;
	if (reg)
	{
		c = col(reg, "UserPreferences", "preferences");
		CHECK(c && c->type.kind == ORM_T_JSON && c->dflt.kind == ORM_DEF_DICT && !c->nullable);
		c = col(reg, "UserPreferences", "user_id");
		CHECK(c && c->unique && c->type.kind == ORM_T_INTEGER && !c->is_autoinc);
	}
	src = seed_block("### Working with JSON Columns", 1);
	reg = src ? declare_ok("Config", prelude, src, NULL) : NULL;
	if (reg)
		CHECK(col(reg, "Config", "data")->dflt.kind == ORM_DEF_DICT);

	/* type_annotation_map applies to classes of that base */
	src = seed_block("### `DeclarativeBase` -- The Modern Base Class", 2);
	reg = src ? declare_ok("type_annotation_map", src,
						   "class Item(Base):\n"
						   "    __tablename__ = 'items'\n"
						   "    id: Mapped[int] = mapped_column(primary_key=True)\n"
						   "    name: Mapped[str]\n"
						   "    price: Mapped[Optional[Decimal]]\n"
						   "    note: Mapped[str] = mapped_column(Text)\n", NULL) : NULL;
	if (reg)
	{
		c = col(reg, "Item", "name");
		CHECK(c && c->type.kind == ORM_T_STRING && c->type.length == 255 && !c->nullable);
		c = col(reg, "Item", "price");
		CHECK(c && c->type.kind == ORM_T_NUMERIC && c->type.precision == 10 && c->type.scale == 2 &&
			  c->nullable);
		CHECK_STR(c ? c->type.sql_name : NULL, "DECIMAL");
		CHECK(col(reg, "Item", "note")->type.kind == ORM_T_TEXT);
	}

	/* mapped_column() section: composite Index and named UniqueConstraint */
	src = seed_block("### `mapped_column()` -- Column Configuration", 1);
	reg = src ? declare_ok("mapped_column", prelude, src, NULL) : NULL;
	if (reg)
	{
		OrmTable   *t = orm_reg_table(reg, "users");
		OrmUnique  *u = t && t->uniques.n ? t->uniques.items[0] : NULL;
		OrmIndex   *ix;

		CHECK_STR(attr_names(orm_reg_class(reg, "User")),
				  "id,name,bio,is_active,created_at,email,first_name,last_name");
		CHECK(t && t->indexes.n == 2);
		ix = t && t->indexes.n == 2 ? t->indexes.items[0] : NULL;
		CHECK_STR(ix ? ix->name : NULL, "ix_users_email");
		CHECK(ix && ix->unique);
		ix = t && t->indexes.n == 2 ? t->indexes.items[1] : NULL;
		CHECK_STR(ix ? ix->name : NULL, "ix_full_name");
		CHECK(ix && ix->ncols == 2 && !ix->unique);
		CHECK_STR(u ? u->name : NULL, "uq_user_email");
		CHECK(col(reg, "User", "bio")->nullable && col(reg, "User", "bio")->type.kind == ORM_T_TEXT);
	}
	src = seed_block("### `Mapped[type]` -- Typed Column Declarations", 1);
	reg = src ? declare_ok("Mapped[type]", src, NULL) : NULL;
	if (reg)
	{
		CHECK(col(reg, "User", "name")->type.kind == ORM_T_STRING);
		CHECK(col(reg, "User", "name")->type.length == 0);
		CHECK(col(reg, "User", "email")->nullable);
		CHECK(col(reg, "User", "created_at")->dflt.kind == ORM_DEF_NOW);
	}
}

/* ---- more declarative forms ------------------------------------------------ */

static void
test_forms(void)
{
	OrmRegistry *reg;
	OrmRelationship *r;
	OrmColumn  *c;

	reg = declare_ok("forms",
					 "import sqlalchemy as sa\n"
					 "import datetime as dt\n"
					 "from typing import List, Optional\n"
					 "from sqlalchemy import Enum as E2, ForeignKey\n"
					 "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, backref\n"
					 "import enum, uuid\n"
					 "class Base(DeclarativeBase):\n"
					 "    pass\n"
					 "class Level(enum.IntEnum):\n"
					 "    LOW = 1\n"
					 "    HIGH = 2\n"
					 "class Kind(str, enum.Enum):\n"
					 "    A = 'a'\n"
					 "class Owner(Base):\n"
					 "    __tablename__ = 'owner'\n"
					 "    __table_args__ = {'schema': 'app', 'comment': 'owners'}\n"
					 "    id = sa.Column(sa.Integer, primary_key=True)\n"
					 "    name = sa.Column(sa.String(30), nullable=False, comment='n')\n"
					 "    level: Mapped[Level] = mapped_column(default=Level.HIGH)\n"
					 "    kind: Mapped[Kind | None] = mapped_column(E2(Kind, native_enum=False, length=10))\n"
					 "    when: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))\n"
					 "    ver: Mapped[int] = mapped_column(default=0)\n"
					 "    tok: Mapped[uuid.UUID] = mapped_column(default=lambda: uuid.uuid4())\n"
					 "    data: Mapped[Optional[dict]] = mapped_column(sa.JSON, default=lambda: {})\n"
					 "    items: Mapped[List['Item']] = relationship('Item', foreign_keys='Item.owner_id', order_by='Item.pos.desc()', lazy='joined', passive_deletes=True, backref=backref('owner', lazy='selectin'))\n"
					 "    __mapper_args__ = {'version_id_col': ver}\n"
					 "    def method(self):\n"
					 "        return 1\n"
					 "class Item(Base):\n"
					 "    __tablename__ = 'item'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					 "    pos: Mapped[int] = mapped_column(server_default=sa.text('0'))\n"
					 "    owner_id = mapped_column(ForeignKey('owner.id'))\n"
					 "    alt_id: Mapped[Optional[int]] = mapped_column(ForeignKey('owner.id'))\n"
					 "    alt = relationship(Owner, primaryjoin='Item.alt_id == Owner.id', viewonly=True)\n"
					 "    alt2: Mapped[Optional[Owner]] = relationship(foreign_keys='[Item.alt_id]', uselist=False)\n",
					 NULL);
	if (!reg)
		return;
	c = col(reg, "Owner", "id");
	CHECK(c && c->primary_key && !c->nullable && c->is_autoinc);
	c = col(reg, "Owner", "name");
	CHECK(c && c->type.length == 30 && !c->nullable);
	CHECK_STR(c ? c->comment : NULL, "n");
	CHECK_STR(orm_reg_table(reg, "owner")->schema, "app");
	CHECK_STR(orm_reg_table(reg, "owner")->comment, "owners");
	c = col(reg, "Owner", "level");
	CHECK(c && c->type.kind == ORM_T_ENUM && c->type.enm == orm_reg_enum(reg, "Level"));
	CHECK_STR(c ? c->dflt.json : NULL, "2");
	CHECK(orm_reg_enum(reg, "Level") && !orm_reg_enum(reg, "Level")->value_is_str[0]);
	c = col(reg, "Owner", "kind");
	CHECK(c && c->type.kind == ORM_T_ENUM && !c->type.native_enum && c->type.length == 10 && c->nullable);
	c = col(reg, "Owner", "when");
	CHECK(c && c->type.kind == ORM_T_DATETIME && c->type.timezone);
	CHECK(col(reg, "Owner", "tok")->dflt.kind == ORM_DEF_UUID4);
	CHECK(col(reg, "Owner", "data")->dflt.kind == ORM_DEF_DICT);
	CHECK(orm_reg_class(reg, "Owner")->version_col == col(reg, "Owner", "ver"));
	CHECK_STR(attr_names(orm_reg_class(reg, "Owner")), "id,name,level,kind,when,ver,tok,data");

	r = rel(reg, "Owner", "items");
	CHECK(r && r->dir == ORM_REL_ONETOMANY && r->uselist && r->lazy == ORM_LAZY_JOINED && r->passive_deletes);
	CHECK(r && r->norder == 1 && r->order_by[0].desc && r->order_by[0].col == col(reg, "Item", "pos"));
	CHECK_STR(pairs(r), "owner.id=item.owner_id");
	r = rel(reg, "Item", "owner");
	CHECK(r && r->from_backref && r->lazy == ORM_LAZY_SELECTIN && r->dir == ORM_REL_MANYTOONE);
	c = col(reg, "Item", "owner_id");
	CHECK(c && c->nullable && c->type.kind == ORM_T_INTEGER);	/* type from the referenced column */
	c = col(reg, "Item", "pos");
	CHECK(c && c->server_default.kind == ORM_SD_TEXT);
	CHECK_STR(c ? c->server_default.text : NULL, "0");
	r = rel(reg, "Item", "alt");
	CHECK(r && r->viewonly && r->dir == ORM_REL_MANYTOONE && !r->uselist && r->cascade == 0);
	CHECK_STR(pairs(r), "item.alt_id=owner.id");
	CHECK_STR(r ? r->primaryjoin : NULL, "Item.alt_id == Owner.id");
	r = rel(reg, "Item", "alt2");
	CHECK(r && r->dir == ORM_REL_MANYTOONE && !r->uselist);
	CHECK_STR(pairs(r), "item.alt_id=owner.id");
	/* class dict merged with annotations, as SQLAlchemy orders them */
	CHECK_STR(attr_names(orm_reg_class(reg, "Item")), "id,pos,owner_id,alt_id");
}

static void
test_more_forms(void)
{
	OrmRegistry *reg = declare_ok("more forms", prelude,
								  "import datetime as dt\n"
								  "from sqlalchemy import Column, Integer, ForeignKey, Table\n"
								  "friendship = Table('friendship', Base.metadata,\n"
								  "    Column('a_id', ForeignKey('person.id'), primary_key=True),\n"
								  "    Column('b_id', ForeignKey('person.id'), primary_key=True))\n"
								  "class OwnedMixin:\n"
								  "    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey('person.id'))\n"
								  "    owner: Mapped[Optional['Person']] = relationship(foreign_keys=[owner_id])\n"
								  "class Person(Base):\n"
								  "    __tablename__ = 'person'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    legacy: Mapped[int] = Column(Integer)\n"
								  "    born: Mapped[dt.date] = mapped_column(default=dt.date.today)\n"
								  "    parent_id = mapped_column(ForeignKey('person.id'))\n"
								  "    parent = relationship('Person', remote_side='Person.id', backref='kids')\n"
								  "    friends: Mapped[list['Person']] = relationship(secondary=friendship,\n"
								  "        primaryjoin=id == friendship.c.a_id, secondaryjoin=id == friendship.c.b_id)\n"
								  "class Pet(OwnedMixin, Base):\n"
								  "    __tablename__ = 'pet'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n",
								  NULL);
	OrmRelationship *r;
	OrmColumn  *c;

	if (!reg)
		return;
	c = col(reg, "Person", "legacy");
	CHECK(c && c->nullable);	/* Column(): the annotation does not decide */
	CHECK(col(reg, "Person", "born")->dflt.kind == ORM_DEF_TODAY);
	CHECK(col(reg, "Person", "born")->type.kind == ORM_T_DATE);
	r = rel(reg, "Person", "parent");
	CHECK(r && r->dir == ORM_REL_MANYTOONE && !r->uselist);
	CHECK_STR(pairs(r), "person.parent_id=person.id");
	r = rel(reg, "Person", "kids");
	CHECK(r && r->from_backref && r->dir == ORM_REL_ONETOMANY && r->uselist);
	CHECK_STR(pairs(r), "person.id=person.parent_id");
	r = rel(reg, "Person", "friends");
	CHECK(r && r->dir == ORM_REL_MANYTOMANY && r->uselist);
	CHECK_STR(pairs(r), "person.id=friendship.a_id;friendship.b_id=person.id");
	c = orm_table_col(orm_reg_table(reg, "friendship"), "a_id");
	CHECK(c && c->type.kind == ORM_T_INTEGER);
	CHECK_STR(attr_names(orm_reg_class(reg, "Pet")), "id,owner_id");
	r = rel(reg, "Pet", "owner");
	CHECK(r && r->owner == orm_reg_class(reg, "Pet") && r->dir == ORM_REL_MANYTOONE);
	CHECK_STR(pairs(r), "pet.owner_id=person.id");
}

static void
test_sorted_cycle(void)
{
	OrmRegistry *reg = declare_ok("cycle", prelude,
								  "class C(Base):\n"
								  "    __tablename__ = 'c'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    a_id: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
								  "class A(Base):\n"
								  "    __tablename__ = 'a'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    b_id: Mapped[int] = mapped_column(ForeignKey('b.id'))\n"
								  "class B(Base):\n"
								  "    __tablename__ = 'b'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    a_id: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
								  "class D(Base):\n"
								  "    __tablename__ = 'd'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n",
								  NULL);
	OrmTable  **t;
	int			n;

	if (!reg)
		return;
	t = orm_registry_sorted_tables(reg, &arena, &n);
	CHECK(n == 4);
	/* as SQLAlchemy: the foreign keys of a and b (a cycle) are set aside, so
	 * round 1 is a, b, d (declaration order) and round 2 is c */
	if (n == 4)
	{
		CHECK_STR(t[0]->name, "a");
		CHECK_STR(t[1]->name, "b");
		CHECK_STR(t[2]->name, "d");
		CHECK_STR(t[3]->name, "c");
	}
	/* the cycle a <-> b, c -> a; d alone (reg->tables in declaration order c, a, b, d) */
	{
		int		   *comp;
		bool	   *cyclic;
		bool	   *reach = orm_registry_fk_reach(reg, &arena);

		orm_registry_fk_cycles(reg, &arena, &comp, &cyclic);
		CHECK(!cyclic[0] && cyclic[1] && cyclic[2] && !cyclic[3]);
		CHECK(comp[1] == comp[2] && comp[0] != comp[1] && comp[3] != comp[1] && comp[0] != comp[3]);
		CHECK(reach[0 * 4 + 1] && reach[0 * 4 + 2] && !reach[0 * 4 + 0] && !reach[0 * 4 + 3]);
		CHECK(reach[1 * 4 + 1] && reach[1 * 4 + 2] && reach[2 * 4 + 1] && !reach[1 * 4 + 0]);
		CHECK(!reach[3 * 4 + 0] && !reach[3 * 4 + 1] && !reach[3 * 4 + 2] && !reach[3 * 4 + 3]);
	}
	/* thousands of tables, each referring to the one declared after it: the
	 * order is the reverse, found without an n^3 closure or a deep recursion */
	{
		OrmBuf		b;
		OrmRegistry *big;

		orm_buf_init(&b, &arena);
		for (int i = 0; i < 3000; i++)
			orm_buf_printf(&b, "t%d = Table('t%d', Base.metadata, Column('id', Integer, primary_key=True),"
						   " Column('n', ForeignKey('t%d.id')))\n", i, i, i + 1);
		orm_buf_puts(&b, "t3000 = Table('t3000', Base.metadata, Column('id', Integer, primary_key=True))\n");
		big = declare_ok("3000 tables", prelude, orm_buf_cstr(&b), NULL);
		if (big)
		{
			t = orm_registry_sorted_tables(big, &arena, &n);
			CHECK(n == 3001 && strcmp(t[0]->name, "t3000") == 0 && strcmp(t[3000]->name, "t0") == 0 &&
				  strcmp(t[1500]->name, "t1500") == 0);
		}
	}
	CHECK(orm_reg_class(reg, NULL) == NULL && orm_reg_table(reg, "nope") == NULL);
	CHECK(orm_class_attr(NULL, "x") == NULL && orm_class_rel(orm_reg_class(reg, "A"), "x") == NULL);
	CHECK(orm_table_col(orm_reg_table(reg, "a"), "b_id") == col(reg, "A", "b_id"));
}

static void
test_replace(void)
{
	OrmRegistry *reg = declare_ok("replace", prelude,
								  "class A(Base):\n"
								  "    __tablename__ = 'a'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n",
								  "class A(Base):\n"
								  "    __tablename__ = 'a'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    x: Mapped[str]\n",
								  NULL);

	if (!reg)
		return;
	CHECK(reg->classes.n == 1 && reg->tables.n == 1);
	CHECK_STR(attr_names(orm_reg_class(reg, "A")), "id,x");
	CHECK(orm_reg_class(reg, "A")->source_no == 2);
	CHECK_STR(summary(reg, 1), "{\"classes\":[],\"tables\":[],\"enums\":[]}");
}

/* ---- errors ---------------------------------------------------------------- */

static void
expect_error(const char *what, const char *src, OrmErrCode code, int line, int col,
			 const char *msg_part)
{
	OrmError	err;
	OrmRegistry *reg = declare(&err, prelude, src, NULL);

	CHECK(reg == NULL);
	if (err.code != code || err.line != line || err.col != col ||
		(msg_part && !strstr(err.message, msg_part)))
		fprintf(stderr, "%s: got code %d at %d:%d \"%s\"\n", what, err.code, err.line, err.col,
				err.message);
	CHECK(err.code == code);
	CHECK(err.line == line);
	CHECK(err.col == col);
	CHECK(msg_part == NULL || strstr(err.message, msg_part) != NULL);
}

static void
test_errors(void)
{
	expect_error("unknown type",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    x: Mapped[str] = mapped_column(Strin(5))\n",
				 ORM_ERR_UNKNOWN_TYPE, 4, 36, "unknown type \"Strin(5)\"");
	expect_error("unknown annotation type",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    x: Mapped[Optional[Foo]]\n",
				 ORM_ERR_UNKNOWN_TYPE, 4, 24, "unknown type \"Foo\"");
	expect_error("unknown type in a string annotation",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    x: Mapped['Optional[Foo]']\n",
				 ORM_ERR_UNKNOWN_TYPE, 4, 25, "unknown type \"Foo\"");
	expect_error("unknown column in an order_by string",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    p_id: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
				 "    kids: Mapped[list['A']] = relationship(order_by='A.nope.desc()')\n",
				 ORM_ERR_UNKNOWN_ATTR, 5, 54, "unknown column \"A.nope\"");
	expect_error("unknown fk",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    b_id: Mapped[int] = mapped_column(ForeignKey('bees.id'))\n",
				 ORM_ERR_UNKNOWN_ENTITY, 4, 5, "bees.id");
	expect_error("bad cascade",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    bs: Mapped[list['B']] = relationship(cascade='all, delte')\n",
				 ORM_ERR_DECL, 4, 50, "unknown cascade \"delte\"");
	expect_error("unknown default callable",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    t: Mapped[str] = mapped_column(default=make_token)\n",
				 ORM_ERR_DECL, 4, 44, "unknown default callable \"make_token\"");
	expect_error("back_populates mismatch",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    bs: Mapped[list['B']] = relationship(back_populates='a')\n"
				 "class B(Base):\n"
				 "    __tablename__ = 'b'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    a_id: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
				 "    owner: Mapped['A'] = relationship(back_populates='bs')\n",
				 ORM_ERR_DECL, 4, 5, "back_populates \"a\"");
	expect_error("unknown target class",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    bs: Mapped[list['Bee']] = relationship()\n",
				 ORM_ERR_UNKNOWN_ENTITY, 4, 5, "unknown class \"Bee\"");
	expect_error("no join",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "class B(Base):\n"
				 "    __tablename__ = 'b'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    a: Mapped[A] = relationship()\n",
				 ORM_ERR_DECL, 7, 5, "could not determine join condition");
	expect_error("ambiguous fks",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "class B(Base):\n"
				 "    __tablename__ = 'b'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    x: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
				 "    y: Mapped[int] = mapped_column(ForeignKey('a.id'))\n"
				 "    a: Mapped[A] = relationship()\n",
				 ORM_ERR_DECL, 9, 5, "multiple foreign key paths");
	expect_error("bad lazy",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    a: Mapped['A'] = relationship(lazy='eager')\n",
				 ORM_ERR_DECL, 4, 40, "unknown lazy");
	expect_error("no primary key",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    x: Mapped[int]\n",
				 ORM_ERR_DECL, 1, 1, "primary key");
	expect_error("unknown column kwarg",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True, nulable=True)\n",
				 ORM_ERR_DECL, 3, 63, "unknown column argument \"nulable\"");
	{
		OrmError	err;

		CHECK(declare(&err, "class A(Base:\n    pass\n", NULL) == NULL);
		CHECK(err.code == ORM_ERR_SYNTAX && err.line == 1);
	}
}

/* ---- SQLAlchemy 2.0 idioms beyond the seed (checked against 2.0.40) --------- */

/* Annotated aliases: the alias's mapped_column() first, the attribute's own overrides. */
static void
test_annotated(void)
{
	OrmRegistry *reg = declare_ok("annotated",
								  "from typing import Annotated, Optional\n"
								  "from sqlalchemy import String, func\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
								  "intpk = Annotated[int, mapped_column(primary_key=True)]\n"
								  "name30 = Annotated[str, mapped_column(String(30), nullable=False)]\n"
								  "str50 = Annotated[str, 50]\n"
								  "class Base(DeclarativeBase):\n"
								  "    type_annotation_map = {str50: String(50)}\n"
								  "class A(Base):\n"
								  "    __tablename__ = 'a'\n"
								  "    id: Mapped[intpk]\n"
								  "    name: Mapped[name30] = mapped_column(String(40), unique=True)\n"
								  "    nick: Mapped[Optional[name30]]\n"
								  "    code: Mapped[str50]\n"
								  "    raw: Mapped[Annotated[str, mapped_column(index=True)]]\n", NULL);
	OrmColumn  *c;

	if (!reg)
		return;
	CHECK(col(reg, "A", "id") && col(reg, "A", "id")->primary_key);
	c = col(reg, "A", "name");
	CHECK(c && c->type.length == 40 && c->unique && !c->nullable);
	c = col(reg, "A", "nick");
	CHECK(c && c->type.length == 30 && !c->nullable);	/* the alias's nullable=False wins */
	CHECK(col(reg, "A", "code") && col(reg, "A", "code")->type.length == 50);
	CHECK(col(reg, "A", "raw") && col(reg, "A", "raw")->index);
}

/* __tablename__ directives, base columns, @declared_attr mixins and their order. */
static void
test_declared_attr(void)
{
	OrmRegistry *reg = declare_ok("declared_attr",
								  "import re\n"
								  "from typing import Optional\n"
								  "from sqlalchemy import ForeignKey, Integer, String\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column\n"
								  "class Base(DeclarativeBase):\n"
								  "    @declared_attr.directive\n"
								  "    def __tablename__(cls) -> str:\n"
								  "        return cls.__name__.lower()\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "class Snake:\n"
								  "    @declared_attr.directive\n"
								  "    def __tablename__(cls):\n"
								  "        return re.sub(r'(?<!^)(?=[A-Z])', '_', cls.__name__).lower()\n"
								  "class M:\n"
								  "    @declared_attr\n"
								  "    def a(cls) -> Mapped[str]:\n"
								  "        \"\"\"Doc.\"\"\"\n"
								  "        # a comment\n"
								  "        return mapped_column(\n"
								  "            String(5),\n"
								  "        )\n"
								  "    b: Mapped[int] = mapped_column()\n"
								  "    @declared_attr\n"
								  "    def owner_id(cls) -> Mapped[Optional[int]]: return mapped_column(ForeignKey('author.id'))\n"
								  "    @declared_attr\n"
								  "    def helper(cls):\n"
								  "        x = 1\n"
								  "        return x\n"
								  "class Author(Base):\n"
								  "    name: Mapped[str]\n"
								  "class BookCopy(Snake, M, Base):\n"
								  "    title: Mapped[str]\n", NULL);
	OrmClass   *c;

	if (!reg)
		return;
	c = orm_reg_class(reg, "Author");
	CHECK(c && strcmp(c->table->name, "author") == 0);
	CHECK_STR(attr_names(c), "name,id");
	c = orm_reg_class(reg, "BookCopy");
	CHECK(c && strcmp(c->table->name, "book_copy") == 0);
	/* own, then each mixin: plain attributes, then @declared_attr ones; the base last */
	CHECK_STR(attr_names(c), "title,b,a,owner_id,id");
	CHECK(col(reg, "BookCopy", "a") && !col(reg, "BookCopy", "a")->nullable &&
		  col(reg, "BookCopy", "a")->type.length == 5);
	CHECK(col(reg, "BookCopy", "owner_id") && col(reg, "BookCopy", "owner_id")->fk &&
		  col(reg, "BookCopy", "owner_id")->fk->ref_table == orm_reg_table(reg, "author"));
}

/* A base declared in one source, its directive used by classes of the next. */
static void
test_declared_attr_sources(void)
{
	OrmRegistry *reg = declare_ok("declared_attr sources",
								  "from sqlalchemy.orm import DeclarativeBase, declared_attr\n"
								  "class Base(DeclarativeBase):\n"
								  "    @declared_attr.directive\n"
								  "    def __tablename__(cls):\n"
								  "        return cls.__name__.lower() + 's'\n",
								  "from sqlalchemy.orm import Mapped, mapped_column\n"
								  "\n\n\n\n\n"
								  "class Widget(Base):\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n", NULL);

	CHECK(reg && orm_reg_table(reg, "widgets") != NULL);
}

/* MetaData(naming_convention=...) names constraints and indexes. */
static void
test_naming_convention(void)
{
	OrmRegistry *reg = declare_ok("naming",
								  "from sqlalchemy import CheckConstraint, ForeignKey, Index, MetaData, UniqueConstraint\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
								  "nc = {'ix': 'ix_%(table_name)s_%(column_0_N_name)s', 'uq': 'uq_%(table_name)s_%(column_0N_name)s',\n"
								  "      'ck': 'ck_%(table_name)s_%(constraint_name)s',\n"
								  "      'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s',\n"
								  "      'pk': 'pk_%(table_name)s'}\n"
								  "class Base(DeclarativeBase):\n"
								  "    metadata = MetaData(naming_convention=nc)\n"
								  "class P(Base):\n"
								  "    __tablename__ = 'p'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "class C(Base):\n"
								  "    __tablename__ = 'c'\n"
								  "    __table_args__ = (UniqueConstraint('a', 'b'), CheckConstraint('a > 0', name='pos'),\n"
								  "                      Index('explicit', 'b'))\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    a: Mapped[int] = mapped_column(unique=True)\n"
								  "    b: Mapped[int] = mapped_column(ForeignKey('p.id'), index=True)\n", NULL);
	OrmTable   *t;

	if (!reg || !(t = orm_reg_table(reg, "c")))
		return;
	CHECK_STR(t->pk_name, "pk_c");
	CHECK_STR(((OrmUnique *) t->uniques.items[0])->name, "uq_c_ab");
	CHECK_STR(((OrmCheck *) t->checks.items[0])->name, "ck_c_pos");
	CHECK_STR(col(reg, "C", "a")->unique_name, "uq_c_a");
	CHECK_STR(col(reg, "C", "b")->fk->name, "fk_c_b_p_id");
	CHECK_STR(((OrmIndex *) t->indexes.items[0])->name, "ix_c_b");
	CHECK_STR(((OrmIndex *) t->indexes.items[1])->name, "explicit");
}

/* Single-table and joined-table inheritance. */
static void
test_inheritance(void)
{
	OrmRegistry *reg = declare_ok("inheritance",
								  "from typing import Optional\n"
								  "from sqlalchemy import ForeignKey\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
								  "class Base(DeclarativeBase):\n"
								  "    pass\n"
								  "class E(Base):\n"
								  "    __tablename__ = 'e'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    type: Mapped[str]\n"
								  "    __mapper_args__ = {'polymorphic_on': 'type', 'polymorphic_identity': 'e'}\n"
								  "class M(E):\n"
								  "    extra: Mapped[Optional[str]]\n"
								  "    __mapper_args__ = {'polymorphic_identity': 'm'}\n"
								  "class J(E):\n"
								  "    __tablename__ = 'j'\n"
								  "    id: Mapped[int] = mapped_column(ForeignKey('e.id'), primary_key=True)\n"
								  "    more: Mapped[int]\n"
								  "    __mapper_args__ = {'polymorphic_identity': 'j'}\n", NULL);
	OrmClass   *m,
			   *j;

	if (!reg)
		return;
	m = orm_reg_class(reg, "M");
	j = orm_reg_class(reg, "J");
	CHECK(m && m->table == orm_reg_table(reg, "e") && m->inherits == orm_reg_class(reg, "E"));
	CHECK_STR(attr_names(m), "id,type,extra");
	CHECK(orm_reg_table(reg, "e")->ncols == 3);
	CHECK(m && m->polymorphic_on == col(reg, "E", "type"));
	CHECK_STR(m ? m->polymorphic_identity : NULL, "\"m\"");
	CHECK(j && j->table == orm_reg_table(reg, "j") && j->inherits == orm_reg_class(reg, "E"));
	CHECK_STR(attr_names(j), "id,more");
	CHECK_STR(summary(reg, 0),
			  "{\"classes\":[{\"name\":\"E\",\"table\":\"e\",\"columns\":[\"id\",\"type\"],\"relationships\":[]},"
			  "{\"name\":\"M\",\"table\":\"e\",\"columns\":[\"id\",\"type\",\"extra\"],\"relationships\":[]},"
			  "{\"name\":\"J\",\"table\":\"j\",\"columns\":[\"id\",\"type\",\"more\"],\"relationships\":[]}],"
			  "\"tables\":[],\"enums\":[]}");
}

/*
 * A subclass lists its own relationships, then the inherited ones; an
 * f-string __tablename__ directive, inherited by a subclass.
 */
static void
test_inherited_relationships(void)
{
	OrmRegistry *reg = declare_ok("inherited relationships",
								  "from typing import Optional\n"
								  "from sqlalchemy import ForeignKey\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship\n"
								  "class Base(DeclarativeBase):\n"
								  "    pass\n"
								  "class Company(Base):\n"
								  "    __tablename__ = 'company'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "class Employee(Base):\n"
								  "    __tablename__ = 'employees'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey('company.id'))\n"
								  "    company: Mapped[Optional[Company]] = relationship(foreign_keys=[company_id])\n"
								  "class Manager(Employee):\n"
								  "    boss_id: Mapped[Optional[int]] = mapped_column(ForeignKey('company.id'))\n"
								  "    boss_of: Mapped[Optional[Company]] = relationship(foreign_keys=[boss_id])\n"
								  "class Widget(Base):\n"
								  "    @declared_attr.directive\n"
								  "    def __tablename__(cls):\n"
								  "        return f'{cls.__name__.lower()}s'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "class Gadget(Widget):\n"
								  "    id: Mapped[int] = mapped_column(ForeignKey('widgets.id'), primary_key=True)\n",
								  NULL);

	if (!reg)
		return;
	CHECK(orm_reg_table(reg, "employees") != NULL);
	/* the superclass's @declared_attr __tablename__ gives the subclass its own table */
	CHECK(orm_reg_table(reg, "widgets") != NULL && orm_reg_table(reg, "gadgets") != NULL);
	CHECK(strstr(summary(reg, 0), "{\"name\":\"Manager\",\"table\":\"employees\","
				 "\"columns\":[\"id\",\"company_id\",\"boss_id\"],\"relationships\":["
				 "{\"name\":\"boss_of\",\"target\":\"Company\",\"direction\":\"MANYTOONE\",\"uselist\":false},"
				 "{\"name\":\"company\",\"target\":\"Company\",\"direction\":\"MANYTOONE\",\"uselist\":false}]}") != NULL);
}

/* Identity, Computed, deferred(Column), sa.true(), dialect keyword arguments. */
static void
test_column_extras(void)
{
	OrmRegistry *reg = declare_ok("column extras",
								  "import sqlalchemy as sa\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column\n"
								  "class Base(DeclarativeBase):\n"
								  "    pass\n"
								  "class T(Base):\n"
								  "    __tablename__ = 't'\n"
								  "    id: Mapped[int] = mapped_column(sa.Identity(always=True, start=5, cycle=False), primary_key=True)\n"
								  "    s: Mapped[str] = mapped_column(sa.Computed('lower(id)', persisted=False), sqlite_on_conflict_not_null='FAIL')\n"
								  "    b: Mapped[bool] = mapped_column(server_default=sa.false())\n"
								  "    notes = deferred(sa.Column(sa.Text))\n", NULL);

	if (!reg)
		return;
	CHECK_STR(col(reg, "T", "id")->identity, "GENERATED ALWAYS AS IDENTITY (START WITH 5 NO CYCLE)");
	CHECK_STR(col(reg, "T", "s")->computed, "lower(id)");
	CHECK(col(reg, "T", "s")->computed_persisted == 0);
	CHECK_STR(col(reg, "T", "b")->server_default.text, "false");
	CHECK(col(reg, "T", "notes") && col(reg, "T", "notes")->type.kind == ORM_T_TEXT);
}

/*
 * Mapped SQL expressions and hybrids: kept as their expression text (in
 * parentheses) with the class they belong to; deferral flags on columns;
 * a subclass lists its own, then its superclass's; @validates is refused.
 */
static void
test_props(void)
{
	OrmRegistry *reg = declare_ok("props",
								  "from typing import Optional\n"
								  "from sqlalchemy import Column, ForeignKey, Text, select, func\n"
								  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
								  "from sqlalchemy.orm import column_property, deferred, query_expression\n"
								  "from sqlalchemy.ext.hybrid import hybrid_property, hybrid_method\n"
								  "class Base(DeclarativeBase):\n"
								  "    pass\n"
								  "class A(Base):\n"
								  "    __tablename__ = 'a'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    x: Mapped[str] = mapped_column(deferred_group='g')\n"
								  "    y: Mapped[Optional[str]] = mapped_column(deferred=True, deferred_raiseload=True)\n"
								  "    z = deferred(Column(Text), group='h')\n"
								  "    w = column_property(Column(Text), deferred=False)\n"
								  "    e: Mapped[str] = column_property(x + '!', deferred=True, group='g')\n"
								  "    q: Mapped[int] = query_expression()\n"
								  "    d = deferred(\n"
								  "        x + y\n"
								  "    )\n"
								  "    kind: Mapped[str] = mapped_column(default='a')\n"
								  "    __mapper_args__ = {'polymorphic_on': kind, 'polymorphic_identity': 'a'}\n"
								  "    @hybrid_property\n"
								  "    def h(self):\n"
								  "        'doc'\n"
								  "        return self.x\n"
								  "    @h.expression\n"
								  "    def h(cls):\n"
								  "        return cls.y\n"
								  "    @hybrid_method\n"
								  "    def m(self, a, b):\n"
								  "        return self.id.between(a, b)\n"
								  "class B(A):\n"
								  "    b: Mapped[Optional[int]] = mapped_column()\n"
								  "    f = column_property(b * 2)\n"
								  "    __mapper_args__ = {'polymorphic_identity': 'b'}\n", NULL);
	OrmClass   *a,
			   *b;
	const OrmXattr *p;

	if (!reg)
		return;
	a = orm_reg_class(reg, "A");
	b = orm_reg_class(reg, "B");
	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_STR(attr_names(a), "id,x,y,z,w,kind");
	CHECK(col(reg, "A", "x")->deferred && strcmp(col(reg, "A", "x")->deferred_group, "g") == 0);
	CHECK(col(reg, "A", "y")->deferred && col(reg, "A", "y")->deferred_raiseload);
	CHECK(col(reg, "A", "z")->deferred && strcmp(col(reg, "A", "z")->deferred_group, "h") == 0);
	CHECK(!col(reg, "A", "w")->deferred && !col(reg, "A", "id")->deferred);
	CHECK(a->nxattrs == 3 && a->nhybrids == 2);
	p = orm_class_xattr(a, "e");
	CHECK(p && p->kind == ORM_XA_EXPR && p->owner == a && p->deferred &&
		  strcmp(p->deferred_group, "g") == 0 && p->type.kind == ORM_T_STRING);
	CHECK_STR(p ? p->expr : NULL, "(x + '!')");
	CHECK(p && p->expr_line == 15 && p->expr_col == 38);
	p = orm_class_xattr(a, "q");
	CHECK(p && p->kind == ORM_XA_QUERY_EXPR && p->expr == NULL && p->type.kind == ORM_T_INTEGER);
	p = orm_class_xattr(a, "d");
	CHECK(p && p->kind == ORM_XA_EXPR && p->deferred && p->deferred_group == NULL);
	CHECK_STR(p ? p->expr : NULL, "(x + y)");
	/* @h.expression replaces the expression and its parameter */
	p = orm_class_xattr(a, "h");
	CHECK(p && p->kind == ORM_XA_HYBRID && strcmp(p->self_name, "cls") == 0 && p->nparams == 0);
	CHECK_STR(p ? p->expr : NULL, "(cls.y)");
	p = orm_class_xattr(a, "m");
	CHECK(p && p->kind == ORM_XA_HYBRID_METHOD && p->nparams == 2 &&
		  strcmp(p->params[0], "a") == 0 && strcmp(p->params[1], "b") == 0);
	/* the subclass: its own expression first, then A's; hybrids inherited */
	CHECK(b->nxattrs == 4 && strcmp(b->xattrs[0]->name, "f") == 0 && b->xattrs[1] == a->xattrs[0]);
	CHECK(orm_class_xattr(b, "h") == orm_class_xattr(a, "h"));

	/* @validates: the attributes recorded with the validator's name (orm_flush
	 * refuses to write them); a subclass keeps its superclass's in inherits */
	{
		OrmRegistry *vr = declare_ok("validates",
									 "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates\n"
									 "class Base(DeclarativeBase):\n    pass\n"
									 "class A(Base):\n    __tablename__ = 'a'\n"
									 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
									 "    x: Mapped[str]\n    y: Mapped[str]\n"
									 "    @validates('x', 'y', include_removes=True)\n"
									 "    def v(self, key, value, is_remove):\n        return value\n", NULL);
		OrmClass   *va = vr ? orm_reg_class(vr, "A") : NULL;
		const OrmValidator *v0 = va && va->validators.n == 2 ? va->validators.items[0] : NULL;
		const OrmValidator *v1 = va && va->validators.n == 2 ? va->validators.items[1] : NULL;

		CHECK(v0 && strcmp(v0->attr, "x") == 0 && strcmp(v0->fn, "v") == 0 && v0->line == 9);
		CHECK(v1 && strcmp(v1->attr, "y") == 0);
	}

	/* a bad @validates, a custom comparator, column_property of several columns: refused */
	{
		static const char *const bad[][2] = {
			{"    @validates(x)\n    def v(self, key, value):\n        return value\n", "attribute names are strings"},
			{"    @validates()\n    def v(self, key, value):\n        return value\n", "@validates on A.v names no attribute"},
			{"    @hybrid_property\n    def h(self):\n        return self.x\n"
			"    @h.comparator\n    def h(cls):\n        return None\n", "a custom comparator is not supported"},
			{"    c = column_property(x, x)\n", "of several expressions is not supported"},
			{"    c = column_property(x + 'a', bogus=1)\n", "unexpected keyword argument 'bogus'"},
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		{
			OrmError	err;
			const char *src = orm_sprintf(&arena,
										  "from sqlalchemy import String\n"
										  "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, "
										  "column_property, validates\n"
										  "from sqlalchemy.ext.hybrid import hybrid_property\n"
										  "class Base(DeclarativeBase):\n    pass\n"
										  "class A(Base):\n    __tablename__ = 'a'\n"
										  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
										  "    x = mapped_column(String)\n%s", bad[i][0]);

			CHECK(declare(&err, src, NULL) == NULL);
			CHECK(err.line >= 10 && strstr(err.message, bad[i][1]) != NULL);
			if (!strstr(err.message, bad[i][1]))
				fprintf(stderr, "props case %zu: %d:%d %s\n", i, err.line, err.col, err.message);
		}
	}
}

/* Module-level Index(), Enum(*VALUES), declarative_base(cls=Mixin), FK column types. */
static void
test_module_forms(void)
{
	OrmRegistry *reg = declare_ok("module forms",
								  "import sqlalchemy as sa\n"
								  "from sqlalchemy.orm import declarative_base, declared_attr, Mapped, mapped_column\n"
								  "STATES = ('new', 'done')\n"
								  "class Common:\n"
								  "    @declared_attr\n"
								  "    def __tablename__(cls):\n"
								  "        return cls.__name__.lower()\n"
								  "    id = sa.Column(sa.BigInteger, primary_key=True)\n"
								  "Base = declarative_base(cls=Common)\n"
								  "class Task(Base):\n"
								  "    state = sa.Column(sa.Enum(*STATES, name='task_state'))\n"
								  "class Note(Base):\n"
								  "    task_id: Mapped[int] = mapped_column(sa.ForeignKey('task.id'))\n"
								  "sa.Index('ix_note_task', Note.task_id, unique=True)\n", NULL);
	OrmTable   *t;
	OrmColumn  *c;

	if (!reg)
		return;
	CHECK_STR(attr_names(orm_reg_class(reg, "Task")), "state,id");
	c = col(reg, "Task", "state");
	CHECK(c && c->type.kind == ORM_T_ENUM && c->type.enm->n == 2 &&
		  strcmp(c->type.enm->values[1], "done") == 0);
	/* a ForeignKey column without its own type takes the referenced one, not the annotation's */
	CHECK(col(reg, "Note", "task_id") && col(reg, "Note", "task_id")->type.kind == ORM_T_BIGINT);
	t = orm_reg_table(reg, "note");
	CHECK(t && t->indexes.n == 1 && ((OrmIndex *) t->indexes.items[0])->unique &&
		  strcmp(((OrmIndex *) t->indexes.items[0])->name, "ix_note_task") == 0);
}

/* What SQLAlchemy refuses at declaration time, with the position. */
static void
test_sa_refusals(void)
{
	static const struct
	{
		const char *body;
		int			line,
					col;
		const char *msg;
	}			cases[] = {
		{"class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    x: int\n",
		4, 5, "type annotation for \"A.x\" can't be correctly interpreted"},
		{"class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    x: Mapped[dict]\n",
		4, 15, "could not locate SQLAlchemy Core type for Python type \"dict\""},
		{"class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
		"class B(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
		4, 1, "table \"a\" is already defined"},
		{"class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
		"class B(A):\n    __tablename__ = 'b'\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
		4, 1, "can't determine the inherit condition"},
		{"class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
		"class B(A):\n    __table_args__ = {'comment': 'x'}\n",
		4, 1, "can't place __table_args__ on an inherited class with no table"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		OrmError	err;
		const char *src = orm_sprintf(&arena, "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
									  "class Base(DeclarativeBase):\n    pass\n%s", cases[i].body);

		CHECK(declare(&err, src, NULL) == NULL);
		CHECK(err.line == cases[i].line + 3 && err.col == cases[i].col);
		CHECK(strstr(err.message, cases[i].msg) != NULL);
		if (!strstr(err.message, cases[i].msg) || err.line != cases[i].line + 3)
			fprintf(stderr, "case %zu: %d:%d %s\n", i, err.line, err.col, err.message);
	}
}

/*
 * relationship(post_update=True) is kept; a backref= partner takes it
 * (SQLAlchemy's backref: kwargs.setdefault("post_update", ...)) unless its
 * backref() says otherwise; a back_populates partner keeps its own.
 */
static void
test_post_update_flag(void)
{
	OrmRegistry *reg = declare_ok("post_update", prelude,
								  "from typing import Optional\n"
								  "from sqlalchemy import ForeignKey\n"
								  "from sqlalchemy.orm import Mapped, backref, mapped_column, relationship\n"
								  "class Node(Base):\n"
								  "    __tablename__ = 'node'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey('node.id'))\n"
								  "    alt_id: Mapped[Optional[int]] = mapped_column(ForeignKey('node.id'))\n"
								  "    parent = relationship('Node', remote_side=[id], foreign_keys=[parent_id], post_update=True, backref='children')\n"
								  "    alt = relationship('Node', remote_side=[id], foreign_keys=[alt_id], post_update=True, backref=backref('alts', post_update=False))\n"
								  "class Box(Base):\n"
								  "    __tablename__ = 'box'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    items: Mapped[list['Item']] = relationship(back_populates='box', post_update=True)\n"
								  "class Item(Base):\n"
								  "    __tablename__ = 'item'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    box_id: Mapped[Optional[int]] = mapped_column(ForeignKey('box.id'))\n"
								  "    box: Mapped[Optional[Box]] = relationship(back_populates='items')\n",
								  NULL);
	OrmRelationship *r;

	if (!reg)
		return;
	r = rel(reg, "Node", "parent");
	CHECK(r && r->post_update && r->dir == ORM_REL_MANYTOONE);
	r = rel(reg, "Node", "children");
	CHECK(r && r->post_update && r->from_backref && r->dir == ORM_REL_ONETOMANY);
	r = rel(reg, "Node", "alt");
	CHECK(r && r->post_update);
	r = rel(reg, "Node", "alts");
	CHECK(r && !r->post_update && r->from_backref);
	r = rel(reg, "Box", "items");
	CHECK(r && r->post_update);
	r = rel(reg, "Item", "box");
	CHECK(r && !r->post_update);
}

/* primaryjoin conjuncts that are not column pairs are kept as extra criteria */
static void
test_extra_criteria(void)
{
	OrmRegistry *reg = declare_ok("extra criteria", prelude,
								  "from sqlalchemy import and_, ForeignKey\n"
								  "class User(Base):\n"
								  "    __tablename__ = 'users'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    x_addresses: Mapped[List['Address']] = relationship(\n"
								  "        primaryjoin=\"and_(User.id == Address.user_id, Address.email.startswith('x'))\", viewonly=True)\n"
								  "    live: Mapped[List['Address']] = relationship(\n"
								  "        primaryjoin=lambda: (User.id == Address.user_id) & (Address.deleted == False), backref='live_user')\n"
								  "    plain: Mapped[List['Address']] = relationship(primaryjoin='User.id == foreign(Address.user_id)')\n"
								  "class Address(Base):\n"
								  "    __tablename__ = 'addresses'\n"
								  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
								  "    user_id = mapped_column(ForeignKey('users.id'))\n"
								  "    email: Mapped[str]\n"
								  "    deleted: Mapped[bool] = mapped_column(default=False)\n",
								  NULL);
	OrmRelationship *r;

	if (!reg)
		return;
	r = rel(reg, "User", "x_addresses");
	CHECK(r && r->viewonly && r->dir == ORM_REL_ONETOMANY && r->uselist);
	CHECK_STR(pairs(r), "users.id=addresses.user_id");
	CHECK_STR(r ? r->extra_criteria : NULL, "Address.email.startswith('x')");
	r = rel(reg, "User", "live");
	CHECK(r && !r->viewonly && r->dir == ORM_REL_ONETOMANY);
	CHECK_STR(pairs(r), "users.id=addresses.user_id");
	CHECK_STR(r ? r->extra_criteria : NULL, "Address.deleted == False");
	r = rel(reg, "Address", "live_user");
	CHECK(r && r->dir == ORM_REL_MANYTOONE);
	CHECK_STR(r ? r->extra_criteria : NULL, "Address.deleted == False");
	r = rel(reg, "User", "plain");
	CHECK(r && r->extra_criteria == NULL);
	reg = declare_ok("extra criteria, several", prelude,
					 "from sqlalchemy import and_, ForeignKey\n"
					 "class P(Base):\n"
					 "    __tablename__ = 'p'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					 "    kids = relationship('C', primaryjoin='and_(P.id == C.p_id, C.n > 2, C.name != None)', viewonly=True)\n"
					 "class C(Base):\n"
					 "    __tablename__ = 'c'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					 "    p_id = mapped_column(ForeignKey('p.id'))\n"
					 "    n: Mapped[int]\n"
					 "    name: Mapped[Optional[str]]\n",
					 NULL);
	if (!reg)
		return;
	r = rel(reg, "P", "kids");
	CHECK_STR(pairs(r), "p.id=c.p_id");
	CHECK_STR(r ? r->extra_criteria : NULL, "and_(C.n > 2, C.name != None)");
	{
		OrmError	err;

		reg = declare(&err, prelude,
					  "from sqlalchemy import and_, ForeignKey\n"
					  "class P(Base):\n"
					  "    __tablename__ = 'p'\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    kids = relationship('C', primaryjoin='and_(P.id == C.pid, C.n > 2)')\n"
					  "class C(Base):\n"
					  "    __tablename__ = 'c'\n"
					  "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					  "    p_id = mapped_column(ForeignKey('p.id'))\n"
					  "    n: Mapped[int]\n",
					  NULL);
		CHECK(reg == NULL);
		CHECK(strstr(err.message, "unknown column \"C.pid\"") != NULL);
	}
}

/* ---- trust: no declaration text crashes or is misread ------------------------ */

/* The source of n generated classes, each from a line template with %d. */
static const char *
repeat(const char *head, const char *each, int n)
{
	OrmBuf		b;

	orm_buf_init(&b, &arena);
	orm_buf_puts(&b, head);
	for (int i = 0; i < n; i++)
		orm_buf_printf(&b, each, i + 1, i, i + 1);
	return orm_buf_cstr(&b);
}

static void
test_trust(void)
{
	OrmRegistry *reg;
	OrmError	err;
	const char *src;

	/* the crash of finding B: ForeignKey("a".x) */
	expect_error("fk of a string's attribute",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
				 "    x: Mapped[int] = mapped_column(ForeignKey('a'.x))\n",
				 ORM_ERR_DECL, 4, 47, "unsupported foreign key target");

	/* names bound to each other: an error, even with two references per
	 * level (which a depth limit alone would explore 2^depth times) */
	expect_error("constants bound to each other",
				 "A = Integer()\n"
				 "B = A.with_variant(A, 'x')\n"
				 "A = B.with_variant(B, 'y')\n"
				 "class A1(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(A, primary_key=True)\n",
				 ORM_ERR_DECL, 6, 37, "refers to itself");

	/* Annotated flattening: the inner alias's mapped_column() is the first, it applies */
	reg = declare_ok("annotated of an alias",
					 "from typing import Annotated\n"
					 "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
					 "intpk = Annotated[int, mapped_column(primary_key=True)]\n"
					 "keyed = Annotated[intpk, mapped_column(autoincrement=False)]\n"
					 "intpk = Annotated[str, mapped_column()]\n"
					 "class Base(DeclarativeBase):\n"
					 "    pass\n"
					 "class A(Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: Mapped[keyed]\n", NULL);
	CHECK(reg && col(reg, "A", "id") && col(reg, "A", "id")->primary_key &&
		  col(reg, "A", "id")->type.kind == ORM_T_INTEGER &&
		  col(reg, "A", "id")->autoincrement == ORM_AUTOINC_AUTO);

	/* hierarchies: 100 levels are fine, 101 an error at the class written */
	src = repeat("from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
				 "class Base(DeclarativeBase):\n    pass\n"
				 "class M0:\n    x0: Mapped[int]\n",
				 "class M%d(M%d):\n    x%d: Mapped[int]\n", 99);
	reg = declare_ok("99 mixins deep", src,
					 "class A(M99, Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n", NULL);
	CHECK(reg && orm_reg_class(reg, "A") && orm_reg_class(reg, "A")->nattrs == 101);
	src = repeat("from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
				 "class Base(DeclarativeBase):\n    pass\n"
				 "class M0:\n    x0: Mapped[int]\n",
				 "class M%d(M%d):\n    x%d: Mapped[int]\n", 120);
	CHECK(declare(&err, src, NULL) == NULL);
	CHECK(err.code == ORM_ERR_DECL && strstr(err.message, "more than 100 levels deep") != NULL);
	src = repeat("from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
				 "class Base(DeclarativeBase):\n    pass\n"
				 "class C0(Base):\n    __tablename__ = 'c'\n"
				 "    id: Mapped[int] = mapped_column(primary_key=True)\n",
				 "class C%d(C%d):\n    x%d: Mapped[int]\n", 120);
	CHECK(declare(&err, src, NULL) == NULL);
	if (err.line != 205)
		fprintf(stderr, "hierarchy: %d:%d %s\n", err.line, err.col, err.message);
	CHECK(err.code == ORM_ERR_DECL && err.line == 205 &&
		  strstr(err.message, "\"C100\" is more than 100 levels deep") != NULL);

	/* a chain of untyped foreign key columns, longer than any recursion limit */
	{
		OrmBuf		b;

		orm_buf_init(&b, &arena);
		orm_buf_puts(&b, "class A(Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n");
		for (int i = 0; i < 400; i++)
			orm_buf_printf(&b, "    x%d = mapped_column(ForeignKey('a.x%d'))\n", i, i + 1);
		orm_buf_puts(&b, "    x400 = mapped_column(ForeignKey('a.id'))\n");
		reg = declare_ok("fk chain", prelude, orm_buf_cstr(&b), NULL);
		CHECK(reg && col(reg, "A", "x0") && col(reg, "A", "x0")->type.kind == ORM_T_INTEGER);
	}

	/* Identity options: 64-bit values, flags only when true */
	reg = declare_ok("identity", prelude,
					 "class A(Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: Mapped[int] = mapped_column(Identity(start=10000000000, increment=-2,\n"
					 "        nominvalue=False, nomaxvalue=True), primary_key=True)\n", NULL);
	CHECK(reg && col(reg, "A", "id") &&
		  strcmp(col(reg, "A", "id")->identity,
				 "GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -2 START WITH 10000000000 NO MAXVALUE)") == 0);
	expect_error("identity option",
				 "class A(Base):\n"
				 "    __tablename__ = 'a'\n"
				 "    id: Mapped[int] = mapped_column(Identity(start='1'), primary_key=True)\n",
				 ORM_ERR_DECL, 3, 52, "start must be an integer");

	/* the number of a default as JSON */
	reg = declare_ok("numbers", prelude,
					 "class A(Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					 "    a: Mapped[int] = mapped_column(default=0b101)\n"
					 "    b: Mapped[int] = mapped_column(default=007)\n"
					 "    c: Mapped[float] = mapped_column(default=1_0.2_5e-0_1)\n"
					 "    d: Mapped[float] = mapped_column(default=-.5)\n"
					 "    e: Mapped[int] = mapped_column(default=123456789012345678901234567890)\n", NULL);
	CHECK(reg && strcmp(col(reg, "A", "a")->dflt.json, "5") == 0 &&
		  strcmp(col(reg, "A", "b")->dflt.json, "7") == 0 &&
		  strcmp(col(reg, "A", "c")->dflt.json, "10.25e-01") == 0 &&
		  strcmp(col(reg, "A", "d")->dflt.json, "-0.5") == 0 &&
		  strcmp(col(reg, "A", "e")->dflt.json, "123456789012345678901234567890") == 0);

	/* an unreadable @declared_attr that is not mapped is left alone, as before */
	reg = declare_ok("helper declared_attr", prelude,
					 "class A(Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: Mapped[int] = mapped_column(primary_key=True)\n"
					 "    @declared_attr\n"
					 "    def helper(cls):\n"
					 "        for x in range(3):\n"
					 "            pass\n"
					 "        return 1\n", NULL);
	CHECK(reg && orm_reg_class(reg, "A")->nattrs == 1);

	/* imports: every one of a line, however written */
	reg = declare_ok("imports",
					 "import sqlalchemy as sa; from sqlalchemy import orm as o\n"
					 "from sqlalchemy import (\n"
					 "    String as S,  # a comment\n"
					 "    Integer)\n"
					 "class Base(o.DeclarativeBase):\n"
					 "    pass\n"
					 "class A(Base):\n"
					 "    __tablename__ = 'a'\n"
					 "    id: o.Mapped[int] = o.mapped_column(Integer, primary_key=True)\n"
					 "    s = o.mapped_column(S(5))\n", NULL);
	CHECK(reg && col(reg, "A", "s") && col(reg, "A", "s")->type.kind == ORM_T_STRING &&
		  col(reg, "A", "s")->type.length == 5);
}

int
main(int argc, char **argv)
{
	orm_arena_init(&arena, &check_hooks);
	seed = tl_seed_read(&arena, argc, argv);
	CHECK(seed != NULL);
	test_blog();
	test_column_types();
	test_enum_snippet();
	test_relationship_snippets();
	test_mixins_json_typemap();
	test_forms();
	test_more_forms();
	test_sorted_cycle();
	test_replace();
	test_errors();
	test_annotated();
	test_declared_attr();
	test_declared_attr_sources();
	test_naming_convention();
	test_inheritance();
	test_inherited_relationships();
	test_column_extras();
	test_props();
	test_module_forms();
	test_sa_refusals();
	test_post_update_flag();
	test_extra_criteria();
	test_trust();
	orm_arena_reset(&arena);
	CHECK_DONE();
}
