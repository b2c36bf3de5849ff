/*
 * test_loader.c -- the loader: eager-load plans (no database needed) and,
 * end to end, orm_load_select / orm_load_get / orm_compile_text over
 * testlib's recording in-test SQLite host.
 *
 * Plans are built against the seed's blog models (the whole "Complete Code
 * Examples" module, verbatim, read from the seed's code: $ORM_SEED or
 * test/unit/seed_code.md from the repository root) and
 * against a small model set whose relationships default to lazy="selectin" /
 * "joined" (the cycle rule).  The expected JSON of the end-to-end cases was
 * produced by SQLAlchemy 2.0.40 on the same data (session.scalars(stmt)
 * .unique().all() / session.execute(stmt).all(), every loaded relationship
 * written; collections without order_by sorted by primary key as docs/reference.md
 * says; noload'ed relationships [] / null, as SQLAlchemy's noload sets them; an object met again
 * inside itself written with its columns only, as loader.c does).
 *
 * Build and run (from the repository root; links testlib.o and -lsqlite3):
 *   make build/unit/test_loader && build/unit/test_loader [seed-file] [--plans]
 *     (seed file: argv[1], else $ORM_SEED, else testlib.h's TL_SEED_DEFAULT)
 */
#include <sqlite3.h>

#include "check.h"
#include "testlib.h"
#include "orm/query.h"
#include "orm/loader.h"
#include "sql/compile.h"
#include "base/json.h"
#include "sql/values.h"

typedef struct LoaderCase
{
	const char *query;
	const char *want;
} LoaderCase;

/* A model set whose relationships load eagerly by default (the cycle rule). */
static const char *eager_models =
	"from typing import Optional\n"
	"from sqlalchemy import Column, ForeignKey, Integer, String, Table\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"\n"
	"\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"\n"
	"\n"
	"item_labels = Table(\n"
	"    \"item_labels\",\n"
	"    Base.metadata,\n"
	"    Column(\"item_id\", Integer, ForeignKey(\"items.id\"), primary_key=True),\n"
	"    Column(\"label_id\", Integer, ForeignKey(\"labels.id\"), primary_key=True),\n"
	")\n"
	"\n"
	"\n"
	"class Owner(Base):\n"
	"    __tablename__ = \"owners\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50))\n"
	"    items: Mapped[list[\"Item\"]] = relationship(back_populates=\"owner\", lazy=\"selectin\")\n"
	"\n"
	"\n"
	"class Item(Base):\n"
	"    __tablename__ = \"items\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50))\n"
	"    owner_id: Mapped[int] = mapped_column(ForeignKey(\"owners.id\"))\n"
	"    owner: Mapped[\"Owner\"] = relationship(back_populates=\"items\", lazy=\"selectin\")\n"
	"    notes: Mapped[list[\"Note\"]] = relationship(back_populates=\"item\", lazy=\"selectin\")\n"
	"    labels: Mapped[list[\"Label\"]] = relationship(secondary=item_labels, back_populates=\"items\", lazy=\"joined\")\n"
	"\n"
	"\n"
	"class Note(Base):\n"
	"    __tablename__ = \"notes\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    text: Mapped[str] = mapped_column(String(50))\n"
	"    item_id: Mapped[int] = mapped_column(ForeignKey(\"items.id\"))\n"
	"    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"notes.id\"))\n"
	"    item: Mapped[\"Item\"] = relationship(back_populates=\"notes\", lazy=\"selectin\")\n"
	"    replies: Mapped[list[\"Note\"]] = relationship(back_populates=\"parent\", lazy=\"selectin\")\n"
	"    parent: Mapped[Optional[\"Note\"]] = relationship(back_populates=\"replies\", remote_side=[id])\n"
	"\n"
	"\n"
	"class Label(Base):\n"
	"    __tablename__ = \"labels\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50))\n"
	"    items: Mapped[list[\"Item\"]] = relationship(secondary=item_labels, back_populates=\"labels\", lazy=\"selectin\", order_by=\"Item.name.desc()\")\n";

static const char *blog_data =
	"CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, username VARCHAR(50) NOT NULL, email VARCHAR(255) NOT NULL, display_name VARCHAR(100), is_active BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME);\n"
	"CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
	"CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(200) NOT NULL, slug VARCHAR(200) NOT NULL, body TEXT NOT NULL, status VARCHAR(9) NOT NULL, author_id INTEGER NOT NULL REFERENCES users(id), created_at DATETIME NOT NULL, updated_at DATETIME);\n"
	"CREATE TABLE post_tags (post_id INTEGER NOT NULL REFERENCES posts(id), tag_id INTEGER NOT NULL REFERENCES tags(id), PRIMARY KEY (post_id, tag_id));\n"
	"CREATE TABLE comments (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL, post_id INTEGER NOT NULL REFERENCES posts(id), author_id INTEGER NOT NULL REFERENCES users(id), parent_id INTEGER REFERENCES comments(id), created_at DATETIME NOT NULL, updated_at DATETIME);\n"
	"INSERT INTO users VALUES (1, 'alice', 'alice@example.com', 'Alice', 1, '2024-01-01 10:00:00.000000', NULL);\n"
	"INSERT INTO users VALUES (2, 'bob', 'bob@example.com', 'Bob', 1, '2024-01-02 11:30:00.250000', NULL);\n"
	"INSERT INTO users VALUES (3, 'carol', 'carol@example.com', NULL, 0, '2024-01-03 09:15:00.000000', '2024-02-01 08:00:00.000000');\n"
	"INSERT INTO tags VALUES (1, 'python');\n"
	"INSERT INTO tags VALUES (2, 'sqlalchemy');\n"
	"INSERT INTO tags VALUES (3, 'tutorial');\n"
	"INSERT INTO posts VALUES (1, 'Getting Started with SQLAlchemy 2.0', 'getting-started-sqlalchemy-2', 'SQLAlchemy 2.0 introduces a modern API...', 'PUBLISHED', 1, '2024-01-05 12:00:00.000000', NULL);\n"
	"INSERT INTO posts VALUES (2, 'Advanced Querying Techniques', 'advanced-querying', 'In this post we explore subqueries, CTEs...', 'DRAFT', 1, '2024-01-06 12:00:00.000000', NULL);\n"
	"INSERT INTO posts VALUES (3, 'Python Best Practices', 'python-best-practices', 'Here are some best practices for Python...', 'PUBLISHED', 2, '2024-01-07 12:00:00.000000', NULL);\n"
	"INSERT INTO post_tags VALUES (1, 1);\n"
	"INSERT INTO post_tags VALUES (1, 2);\n"
	"INSERT INTO post_tags VALUES (1, 3);\n"
	"INSERT INTO post_tags VALUES (2, 2);\n"
	"INSERT INTO post_tags VALUES (3, 1);\n"
	"INSERT INTO comments VALUES (1, 'Great article!', 1, 2, NULL, '2024-01-08 08:00:00.000000', NULL);\n"
	"INSERT INTO comments VALUES (2, 'Thanks Bob!', 1, 1, 1, '2024-01-08 09:00:00.000000', NULL);\n"
	"INSERT INTO comments VALUES (3, 'Nice tips', 3, 1, NULL, '2024-01-09 10:00:00.000000', NULL);\n"
	"INSERT INTO comments VALUES (4, 'Agreed', 1, 3, 1, '2024-01-09 11:00:00.000000', NULL);\n"
	"INSERT INTO comments VALUES (5, 'Reply to reply', 1, 2, 2, '2024-01-10 11:00:00.000000', NULL);\n";

static const char *eager_data =
	"CREATE TABLE owners (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
	"CREATE TABLE labels (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
	"CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, owner_id INTEGER NOT NULL REFERENCES owners(id));\n"
	"CREATE TABLE item_labels (item_id INTEGER NOT NULL REFERENCES items(id), label_id INTEGER NOT NULL REFERENCES labels(id), PRIMARY KEY (item_id, label_id));\n"
	"CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, text VARCHAR(50) NOT NULL, item_id INTEGER NOT NULL REFERENCES items(id), parent_id INTEGER REFERENCES notes(id));\n"
	"INSERT INTO owners VALUES (1, 'ann'), (2, 'ben');\n"
	"INSERT INTO labels VALUES (1, 'red'), (2, 'blue');\n"
	"INSERT INTO items VALUES (1, 'cup', 1), (2, 'pen', 1), (3, 'box', 2), (4, 'bag', 2);\n"
	"INSERT INTO item_labels VALUES (1, 1), (1, 2), (2, 2), (3, 1), (4, 1);\n"
	"INSERT INTO notes VALUES (1, 'n1', 1, NULL), (2, 'n2', 1, 1), (3, 'n3', 1, 2), (4, 'n4', 3, NULL);\n";
/* Composite primary and join keys (primaryjoin with foreign()). */
/*
 * Relationships whose primaryjoin / secondaryjoin carry extra criteria: a
 * selectin load ANDs them into its WHERE (before .and_() criteria).  The
 * expected JSON is SQLAlchemy 2.0.40's on the same data.
 */
static const char *crit_models =
	"from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"links = Table(\"links\", Base.metadata,\n"
	"    Column(\"p_id\", Integer, ForeignKey(\"ps.id\"), primary_key=True),\n"
	"    Column(\"k_id\", Integer, ForeignKey(\"ks.id\"), primary_key=True),\n"
	"    Column(\"on\", Boolean))\n"
	"class P(Base):\n"
	"    __tablename__ = \"ps\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(10))\n"
	"    cs: Mapped[list[\"C\"]] = relationship(primaryjoin=\"and_(P.id == C.p_id, C.live == True)\", viewonly=True)\n"
	"    ks: Mapped[list[\"K\"]] = relationship(secondary=links, primaryjoin=\"P.id == links.c.p_id\",\n"
	"        secondaryjoin=\"and_(links.c.k_id == K.id, links.c.on == True)\", viewonly=True)\n"
	"class C(Base):\n"
	"    __tablename__ = \"cs\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    p_id: Mapped[int] = mapped_column(ForeignKey(\"ps.id\"))\n"
	"    live: Mapped[bool] = mapped_column(Boolean)\n"
	"    p: Mapped[\"P\"] = relationship(primaryjoin=\"and_(P.id == C.p_id, C.live == True)\", viewonly=True)\n"
	"class K(Base):\n"
	"    __tablename__ = \"ks\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n";

static const char *crit_data =
	"CREATE TABLE ps (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(10) NOT NULL);\n"
	"CREATE TABLE cs (id INTEGER NOT NULL PRIMARY KEY, p_id INTEGER NOT NULL, live BOOLEAN NOT NULL);\n"
	"CREATE TABLE ks (id INTEGER NOT NULL PRIMARY KEY);\n"
	"CREATE TABLE links (p_id INTEGER NOT NULL, k_id INTEGER NOT NULL, \"on\" BOOLEAN, PRIMARY KEY (p_id, k_id));\n"
	"INSERT INTO ps VALUES (1, 'a'), (2, 'b');\n"
	"INSERT INTO cs VALUES (1, 1, 1), (2, 1, 0), (3, 2, 1), (4, 1, 1);\n"
	"INSERT INTO ks VALUES (1), (2);\n"
	"INSERT INTO links VALUES (1, 1, 1), (1, 2, 0), (2, 2, 1);\n";

static const LoaderCase crit_cases[] = {
	{"select(P).options(selectinload(P.cs), selectinload(P.ks)).order_by(P.id)",
		"[{\"id\":1,\"name\":\"a\",\"cs\":[{\"id\":1,\"p_id\":1,\"live\":true},{\"id\":4,\"p_id\":1,\"live\":true}],"
		"\"ks\":[{\"id\":1}]},{\"id\":2,\"name\":\"b\",\"cs\":[{\"id\":3,\"p_id\":2,\"live\":true}],\"ks\":[{\"id\":2}]}]"},
	{"select(P).options(selectinload(P.cs.and_(C.id > 1))).order_by(P.id)",
		"[{\"id\":1,\"name\":\"a\",\"cs\":[{\"id\":4,\"p_id\":1,\"live\":true}]},"
		"{\"id\":2,\"name\":\"b\",\"cs\":[{\"id\":3,\"p_id\":2,\"live\":true}]}]"},
	/* C.p's criteria name C, the owner: the selectin load joins from C, as
	 * SQLAlchemy's does */
	{"select(C).options(selectinload(C.p))",
		"[{\"id\":1,\"p_id\":1,\"live\":true,\"p\":{\"id\":1,\"name\":\"a\"}},"
		"{\"id\":2,\"p_id\":1,\"live\":false,\"p\":null},"
		"{\"id\":3,\"p_id\":2,\"live\":true,\"p\":{\"id\":2,\"name\":\"b\"}},"
		"{\"id\":4,\"p_id\":1,\"live\":true,\"p\":{\"id\":1,\"name\":\"a\"}}]"},
	{NULL, NULL}
};

static const char *comp_models =
	"from sqlalchemy import ForeignKey, String\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"\n"
	"\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"\n"
	"\n"
	"class Shelf(Base):\n"
	"    __tablename__ = \"shelves\"\n"
	"    room: Mapped[str] = mapped_column(String(10), primary_key=True)\n"
	"    num: Mapped[int] = mapped_column(primary_key=True)\n"
	"    label: Mapped[str] = mapped_column(String(20))\n"
	"    books: Mapped[list[\"Book\"]] = relationship(back_populates=\"shelf\", order_by=\"Book.title\", primaryjoin=\"and_(Shelf.room == foreign(Book.shelf_room), Shelf.num == foreign(Book.shelf_num))\")\n"
	"\n"
	"\n"
	"class Book(Base):\n"
	"    __tablename__ = \"books\"\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    title: Mapped[str] = mapped_column(String(50))\n"
	"    shelf_room: Mapped[str] = mapped_column(String(10))\n"
	"    shelf_num: Mapped[int] = mapped_column()\n"
	"    shelf: Mapped[\"Shelf\"] = relationship(back_populates=\"books\", primaryjoin=\"and_(Shelf.room == foreign(Book.shelf_room), Shelf.num == foreign(Book.shelf_num))\")\n";

static const char *comp_data =
	"CREATE TABLE shelves (room VARCHAR(10) NOT NULL, num INTEGER NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (room, num));\n"
	"CREATE TABLE books (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(50) NOT NULL, shelf_room VARCHAR(10) NOT NULL, shelf_num INTEGER NOT NULL);\n"
	"INSERT INTO shelves VALUES ('a', 1, 'a1'), ('a', 2, 'a2'), ('b', 1, 'b1');\n"
	"INSERT INTO books VALUES (1, 'zeta', 'a', 1), (2, 'alpha', 'a', 1), (3, 'mid', 'b', 1), (4, 'solo', 'a', 2);\n";

static const LoaderCase comp_cases[] = {
	{"select(Shelf).options(selectinload(Shelf.books)).order_by(Shelf.room, Shelf.num)",
		"[{\"room\":\"a\",\"num\":1,\"label\":\"a1\",\"books\":[{\"id\":2,\"title\":\"alpha\",\"she"
		"lf_room\":\"a\",\"shelf_num\":1},{\"id\":1,\"title\":\"zeta\",\"shelf_room\":\"a\",\"shelf"
		"_num\":1}]},{\"room\":\"a\",\"num\":2,\"label\":\"a2\",\"books\":[{\"id\":4,\"title\":\"so"
		"lo\",\"shelf_room\":\"a\",\"shelf_num\":2}]},{\"room\":\"b\",\"num\":1,\"label\":\"b1\",\""
		"books\":[{\"id\":3,\"title\":\"mid\",\"shelf_room\":\"b\",\"shelf_num\":1}]}]"},
	{"select(Book).options(selectinload(Book.shelf)).order_by(Book.id)",
		"[{\"id\":1,\"title\":\"zeta\",\"shelf_room\":\"a\",\"shelf_num\":1,\"shelf\":{\"room\":\"a"
		"\",\"num\":1,\"label\":\"a1\"}},{\"id\":2,\"title\":\"alpha\",\"shelf_room\":\"a\",\"shelf"
		"_num\":1,\"shelf\":{\"room\":\"a\",\"num\":1,\"label\":\"a1\"}},{\"id\":3,\"title\":\"mid\",\"shelf_room\":\"b\",\"shelf_num\":1,\"shelf\":{\"room\":\"b\",\"num\":1,\"label\":\"b1\"}},{\"id\":4,\"title\":\"solo\",\"shelf_room\":\"a\",\"shelf_num\":2,\"shelf\":{\"room\":"
		"\"a\",\"num\":2,\"label\":\"a2\"}}]"},
	{"select(Shelf).options(joinedload(Shelf.books)).order_by(Shelf.room, Shelf.num)",
		"[{\"room\":\"a\",\"num\":1,\"label\":\"a1\",\"books\":[{\"id\":2,\"title\":\"alpha\",\"she"
		"lf_room\":\"a\",\"shelf_num\":1},{\"id\":1,\"title\":\"zeta\",\"shelf_room\":\"a\",\"shelf"
		"_num\":1}]},{\"room\":\"a\",\"num\":2,\"label\":\"a2\",\"books\":[{\"id\":4,\"title\":\"so"
		"lo\",\"shelf_room\":\"a\",\"shelf_num\":2}]},{\"room\":\"b\",\"num\":1,\"label\":\"b1\",\""
		"books\":[{\"id\":3,\"title\":\"mid\",\"shelf_room\":\"b\",\"shelf_num\":1}]}]"},
	{"select(Book).options(joinedload(Book.shelf).selectinload(Shelf.books)).order_by(Book.id)",
		"[{\"id\":1,\"title\":\"zeta\",\"shelf_room\":\"a\",\"shelf_num\":1,\"shelf\":{\"room\":\"a"
		"\",\"num\":1,\"label\":\"a1\",\"books\":[{\"id\":2,\"title\":\"alpha\",\"shelf_room\":\"a\",\"shelf_num\":1,\"shelf\":{\"room\":\"a\",\"num\":1,\"label\":\"a1\"}},{\"id\":1,\"title"
		"\":\"zeta\",\"shelf_room\":\"a\",\"shelf_num\":1}]}},{\"id\":2,\"title\":\"alpha\",\"shelf"
		"_room\":\"a\",\"shelf_num\":1,\"shelf\":{\"room\":\"a\",\"num\":1,\"label\":\"a1\",\"books"
		"\":[{\"id\":2,\"title\":\"alpha\",\"shelf_room\":\"a\",\"shelf_num\":1},{\"id\":1,\"title\":\"zeta\",\"shelf_room\":\"a\",\"shelf_num\":1,\"shelf\":{\"room\":\"a\",\"num\":1,\"labe"
		"l\":\"a1\"}}]}},{\"id\":3,\"title\":\"mid\",\"shelf_room\":\"b\",\"shelf_num\":1,\"shelf\""
		":{\"room\":\"b\",\"num\":1,\"label\":\"b1\",\"books\":[{\"id\":3,\"title\":\"mid\",\"shelf"
		"_room\":\"b\",\"shelf_num\":1}]}},{\"id\":4,\"title\":\"solo\",\"shelf_room\":\"a\",\"shel"
		"f_num\":2,\"shelf\":{\"room\":\"a\",\"num\":2,\"label\":\"a2\",\"books\":[{\"id\":4,\"titl"
		"e\":\"solo\",\"shelf_room\":\"a\",\"shelf_num\":2}]}}]"},
	{"GET Shelf|{\"room\": \"a\", \"num\": 2}|selectinload(Shelf.books)",
		"{\"room\":\"a\",\"num\":2,\"label\":\"a2\",\"books\":[{\"id\":4,\"title\":\"solo\",\"shelf"
		"_room\":\"a\",\"shelf_num\":2}]}"},
	{"GET Shelf|[\"b\", 1]",
		"{\"room\":\"b\",\"num\":1,\"label\":\"b1\"}"},
	{"GET Shelf|[\"b\", 7]",
		"null"},
	{NULL, NULL}
};

static const LoaderCase blog_cases[] = {
	{"select(User).options(selectinload(User.posts))",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"posts\""
		":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-s"
		"qlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publishe"
		"d\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":2,"
		"\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In th"
		"is post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at"
		"\":\"2024-01-06T12:00:00\",\"updated_at\":null}]},{\"id\":2,\"username\":\"bob\",\"email\""
		":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-"
		"02T11:30:00.250000\",\"updated_at\":null,\"posts\":[{\"id\":3,\"title\":\"Python Best Prac"
		"tices\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Pyt"
		"hon...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null}]},{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example.com\",\"d"
		"isplay_name\":null,\"is_active\":false,\"created_at\":\"2024-01-03T09:15:00\",\"updated_at"
		"\":\"2024-02-01T08:00:00\",\"posts\":[]}]"},
	{"(\n"
		"    select(Post)\n"
		"    .join(Post.author)\n"
		"    .where(User.username == \"alice\")\n"
		"    .where(Post.status == PostStatus.PUBLISHED)\n"
		"    .order_by(Post.created_at.desc())\n"
		")",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null}]"},
	{"(\n"
		"    select(User.username, func.count(Post.id).label(\"post_count\"))\n"
		"    .join(User.posts)\n"
		"    .group_by(User.username)\n"
		"    .order_by(func.count(Post.id).desc())\n"
		")",
		"[{\"username\":\"alice\",\"post_count\":2},{\"username\":\"bob\",\"post_count\":1}]"},
	{"(\n"
		"    select(Post)\n"
		"    .join(Post.tags)\n"
		"    .where(Tag.name == \"python\")\n"
		"    .options(selectinload(Post.tags), selectinload(Post.author))\n"
		")",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"author\":{"
		"\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\""
		",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null},\"tags\":["
		"{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name\":\"tut"
		"orial\"}]},{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Python...\",\"status\":\"published\",\"autho"
		"r_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"author\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":t"
		"rue,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"tags\":[{\"id\":1"
		",\"name\":\"python\"}]}]"},
	{"subq = (\n"
		"    select(Post.author_id)\n"
		"    .where(Post.status == PostStatus.PUBLISHED)\n"
		"    .distinct()\n"
		"    .subquery()\n"
		")\n"
		"select(User).where(User.id.in_(select(subq.c.author_id)))",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null},{\"id\":"
		"2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null}]"},
	{"(\n"
		"    select(Comment)\n"
		"    .where(Comment.parent_id.is_(None))\n"
		"    .options(\n"
		"        selectinload(Comment.replies),\n"
		"        selectinload(Comment.author),\n"
		"    )\n"
		")",
		"[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\""
		"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"author\":{\"id\":2,\"username\""
		":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"creat"
		"ed_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"replies\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01-0"
		"8T09:00:00\",\"updated_at\":null},{\"id\":4,\"body\":\"Agreed\",\"post_id\":1,\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":null}]},{\"id\":"
		"3,\"body\":\"Nice tips\",\"post_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"e"
		"mail\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":"
		"\"2024-01-01T10:00:00\",\"updated_at\":null},\"replies\":[]}]"},
	{NULL, NULL}
};

static const LoaderCase blog_cases2[] = {
	{"select(User).options(joinedload(User.posts)).order_by(User.id)",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"posts\""
		":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-s"
		"qlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publishe"
		"d\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":2,"
		"\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In th"
		"is post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at"
		"\":\"2024-01-06T12:00:00\",\"updated_at\":null}]},{\"id\":2,\"username\":\"bob\",\"email\""
		":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-"
		"02T11:30:00.250000\",\"updated_at\":null,\"posts\":[{\"id\":3,\"title\":\"Python Best Prac"
		"tices\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Pyt"
		"hon...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null}]},{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example.com\",\"d"
		"isplay_name\":null,\"is_active\":false,\"created_at\":\"2024-01-03T09:15:00\",\"updated_at"
		"\":\"2024-02-01T08:00:00\",\"posts\":[]}]"},
	{"select(Post).options(selectinload(Post.tags).selectinload(Tag.posts)).order_by(Post.id)",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAlche"
		"my 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a "
		"modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00"
		":00\",\"updated_at\":null},{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python"
		"-best-practices\",\"body\":\"Here are some best practices for Python...\",\"status\":\"pub"
		"lished\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"tags"
		"\":[{\"id\":1,\"name\":\"python\"}]}]},{\"id\":2,\"name\":\"sqlalchemy\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchem"
		"y-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"au"
		"thor_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In this post "
		"we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at\":\"202"
		"4-01-06T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":2,\"name\":\"sqlalchemy\"}]}]},{\"id\":3,\"name\":\"tutorial\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAlc"
		"hemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces "
		"a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:"
		"00:00\",\"updated_at\":null}]}]},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"sl"
		"ug\":\"advanced-querying\",\"body\":\"In this post we explore subqueries, CTEs...\",\"stat"
		"us\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null,"
		"\"tags\":[{\"id\":2,\"name\":\"sqlalchemy\",\"posts\":[{\"id\":1,\"title\":\"Getting Start"
		"ed with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2"
		".0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\""
		"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-"
		"sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publish"
		"ed\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":3"
		",\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":\"Here ar"
		"e some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"created_a"
		"t\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\"}]}"
		"]},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name\":\"tutorial\",\"posts\":[{\"id\":1"
		",\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2"
		"\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"autho"
		"r_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null}]}]},{\"id\":2,\"title"
		"\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In this post"
		" we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at\":\"20"
		"24-01-06T12:00:00\",\"updated_at\":null}]}]},{\"id\":3,\"title\":\"Python Best Practices\""
		",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"update"
		"d_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\",\"posts\":[{\"id\":1,\"title\":\"Getti"
		"ng Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLA"
		"lchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created"
		"_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\"}"
		",{\"id\":2,\"name\":\"sqlalchemy\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with S"
		"QLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introd"
		"uces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-0"
		"5T12:00:00\",\"updated_at\":null},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"s"
		"lug\":\"advanced-querying\",\"body\":\"In this post we explore subqueries, CTEs...\",\"sta"
		"tus\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null"
		",\"tags\":[{\"id\":2,\"name\":\"sqlalchemy\"}]}]},{\"id\":3,\"name\":\"tutorial\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-"
		"sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publish"
		"ed\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null}]}]},{\"id"
		"\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":\"Her"
		"e are some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"creat"
		"ed_at\":\"2024-01-07T12:00:00\",\"updated_at\":null}]}]}]"},
	{"select(User, Post).join(User.posts).order_by(Post.id)",
		"[{\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name"
		"\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null"
		"},\"Post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-"
		"started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null}},"
		"{\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}"
		",\"Post\":{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-queryin"
		"g\",\"body\":\"In this post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author"
		"_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null}},{\"User\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":t"
		"rue,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"Post\":{\"id\":3,"
		"\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":\"Here are"
		" some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"created_at"
		"\":\"2024-01-07T12:00:00\",\"updated_at\":null}}]"},
	{"select(Comment).options(joinedload(Comment.author), selectinload(Comment.replies).joinedload(Comment.author)).order_by(Comment.id)",
		"[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\""
		"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"author\":{\"id\":2,\"username\""
		":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"creat"
		"ed_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"replies\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01-0"
		"8T09:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"email\":\"a"
		"lice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-"
		"01T10:00:00\",\"updated_at\":null},\"replies\":[{\"id\":5,\"body\":\"Reply to reply\",\"po"
		"st_id\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11:00:00\",\"updated"
		"_at\":null,\"author\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"displ"
		"ay_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updat"
		"ed_at\":null},\"replies\":[]}]},{\"id\":4,\"body\":\"Agreed\",\"post_id\":1,\"author_id\":"
		"3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":null,\"author\":{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example.com\",\"display_name\":null,\"is_"
		"active\":false,\"created_at\":\"2024-01-03T09:15:00\",\"updated_at\":\"2024-02-01T08:00:00"
		"\"},\"replies\":[]}]},{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"p"
		"arent_id\":1,\"created_at\":\"2024-01-08T09:00:00\",\"updated_at\":null,\"author\":{\"id\""
		":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_"
		"active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null},\"replies\":[{\""
		"id\":5,\"body\":\"Reply to reply\",\"post_id\":1,\"author_id\":2,\"parent_id\":2,\"created"
		"_at\":\"2024-01-10T11:00:00\",\"updated_at\":null,\"author\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\""
		":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"replies\":[]}]},{\"id\":3,\"body\":"
		"\"Nice tips\",\"post_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09"
		"T10:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"email\":\"al"
		"ice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-0"
		"1T10:00:00\",\"updated_at\":null},\"replies\":[]},{\"id\":4,\"body\":\"Agreed\",\"post_id\":1,\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":"
		"null,\"author\":{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example.com\",\"display"
		"_name\":null,\"is_active\":false,\"created_at\":\"2024-01-03T09:15:00\",\"updated_at\":\"2"
		"024-02-01T08:00:00\"},\"replies\":[]},{\"id\":5,\"body\":\"Reply to reply\",\"post_id\":1,"
		"\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11:00:00\",\"updated_at\":null"
		",\"author\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":"
		"\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":nu"
		"ll},\"replies\":[]}]"},
	{"select(User).options(selectinload(User.posts).selectinload(Post.comments), joinedload(User.comments)).order_by(User.id)",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"posts\""
		":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-s"
		"qlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publishe"
		"d\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"comments\":[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,"
		"\"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null},{\"id\":2,\"body\":\"Thanks Bo"
		"b!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01-08T09:00:00\","
		"\"updated_at\":null},{\"id\":4,\"body\":\"Agreed\",\"post_id\":1,\"author_id\":3,\"parent_"
		"id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":null},{\"id\":5,\"body\":\"Re"
		"ply to reply\",\"post_id\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T1"
		"1:00:00\",\"updated_at\":null}]},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"sl"
		"ug\":\"advanced-querying\",\"body\":\"In this post we explore subqueries, CTEs...\",\"stat"
		"us\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null,"
		"\"comments\":[]}],\"comments\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_"
		"id\":1,\"parent_id\":1,\"created_at\":\"2024-01-08T09:00:00\",\"updated_at\":null},{\"id\""
		":3,\"body\":\"Nice tips\",\"post_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":"
		"\"2024-01-09T10:00:00\",\"updated_at\":null}]},{\"id\":2,\"username\":\"bob\",\"email\":\""
		"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-02T"
		"11:30:00.250000\",\"updated_at\":null,\"posts\":[{\"id\":3,\"title\":\"Python Best Practic"
		"es\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Python"
		"...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"up"
		"dated_at\":null,\"comments\":[{\"id\":3,\"body\":\"Nice tips\",\"post_id\":3,\"author_id\""
		":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:00\",\"updated_at\":null}]}],\"com"
		"ments\":[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\""
		":null,\"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null},{\"id\":5,\"body\":\"Rep"
		"ly to reply\",\"post_id\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11"
		":00:00\",\"updated_at\":null}]},{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example"
		".com\",\"display_name\":null,\"is_active\":false,\"created_at\":\"2024-01-03T09:15:00\",\""
		"updated_at\":\"2024-02-01T08:00:00\",\"posts\":[],\"comments\":[{\"id\":4,\"body\":\"Agree"
		"d\",\"post_id\":1,\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":null}]}]"},
	{"select(Post).join(Post.author).options(contains_eager(Post.author)).order_by(Post.id)",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"author\":{"
		"\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\""
		",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}},{\"id\":2"
		",\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In t"
		"his post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_a"
		"t\":\"2024-01-06T12:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_"
		"at\":\"2024-01-01T10:00:00\",\"updated_at\":null}},{\"id\":3,\"title\":\"Python Best Pract"
		"ices\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Pyth"
		"on...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\""
		"updated_at\":null,\"author\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\","
		"\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-02T11:30:00.250000\","
		"\"updated_at\":null}}]"},
	{"select(User).options(selectinload(User.posts).selectinload(Post.author)).where(User.id == 1)",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"posts\""
		":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-s"
		"qlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publishe"
		"d\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"author\":"
		"{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}},{\"id\":"
		"2,\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In "
		"this post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_"
		"at\":\"2024-01-06T12:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice"
		"\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created"
		"_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}}]}]"},
	{"select(Tag).options(joinedload(Tag.posts).joinedload(Post.author)).order_by(Tag.id)",
		"[{\"id\":1,\"name\":\"python\",\"posts\":[{\"id\":1,\"title\":\"Getting Started with SQLAl"
		"chemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces"
		" a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12"
		":00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice"
		"@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T1"
		"0:00:00\",\"updated_at\":null}},{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"p"
		"ython-best-practices\",\"body\":\"Here are some best practices for Python...\",\"status\":"
		"\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"author\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\""
		"Bob\",\"is_active\":true,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null"
		"}}]},{\"id\":2,\"name\":\"sqlalchemy\",\"posts\":[{\"id\":1,\"title\":\"Getting Started wi"
		"th SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 in"
		"troduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-"
		"01-05T12:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"email\""
		":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024"
		"-01-01T10:00:00\",\"updated_at\":null}},{\"id\":2,\"title\":\"Advanced Querying Techniques"
		"\",\"slug\":\"advanced-querying\",\"body\":\"In this post we explore subqueries, CTEs...\""
		",\"status\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"displ"
		"ay_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at"
		"\":null}}]},{\"id\":3,\"name\":\"tutorial\",\"posts\":[{\"id\":1,\"title\":\"Getting Start"
		"ed with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2"
		".0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\""
		"2024-01-05T12:00:00\",\"updated_at\":null,\"author\":{\"id\":1,\"username\":\"alice\",\"em"
		"ail\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}}]}]"},
	{"select(Comment).options(selectinload(Comment.parent), noload(Comment.replies), raiseload(Comment.author)).order_by(Comment.id)",
		"[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\"cre"
		"ated_at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"replies\":[],\"parent\":null},{\"i"
		"d\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\""
		"2024-01-08T09:00:00\",\"updated_at\":null,\"replies\":[],\"parent\":{\"id\":1,\"body\":\"Gre"
		"at article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\"created_at\":\"2024-01-08"
		"T08:00:00\",\"updated_at\":null,\"replies\":[],\"parent\":null}},{\"id\":3,\"body\":\"Nice t"
		"ips\",\"post_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:0"
		"0\",\"updated_at\":null,\"replies\":[],\"parent\":null},{\"id\":4,\"body\":\"Agreed\",\"post_i"
		"d\":1,\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\""
		":null,\"replies\":[],\"parent\":{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_"
		"id\":2,\"parent_id\":null,\"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"rep"
		"lies\":[],\"parent\":null}},{\"id\":5,\"body\":\"Reply to reply\",\"post_id\":1,\"author_id\""
		":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11:00:00\",\"updated_at\":null,\"replies\":"
		"[],\"parent\":{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1"
		",\"created_at\":\"2024-01-08T09:00:00\",\"updated_at\":null,\"replies\":[],\"parent\":{\"id"
		"\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\"created_"
		"at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"replies\":[],\"parent\":null}}}]"},
	{"select(Post.id, Post.title, User).join(Post.author).order_by(Post.id)",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"User\":{\"id\":1,\"username"
		"\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true"
		",\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}},{\"id\":2,\"title\":\"Advanc"
		"ed Querying Techniques\",\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@examp"
		"le.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:0"
		"0\",\"updated_at\":null}},{\"id\":3,\"title\":\"Python Best Practices\",\"User\":{\"id\":2"
		",\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\""
		":true,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null}}]"},
	{"GET User|1|selectinload(User.posts)",
		"{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"posts\":"
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In thi"
		"s post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null}]}"},
	{"GET User|42",
		"null"},
	{"GET Post|{\"id\": 3}|selectinload(Post.tags), joinedload(Post.author)",
		"{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":"
		"\"Here are some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\""
		"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"author\":{\"id\":2,\"username\""
		":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"creat"
		"ed_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"tags\":[{\"id\":1,\"name\":\"python\"}]}"},
	{"select(Post).select_from(User).outerjoin(User.posts).order_by(User.id.desc(), Post.id)",
		"[null,{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"b"
		"ody\":\"Here are some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null},{\"id\":1,\"title\":\"Gett"
		"ing Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQL"
		"Alchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"create"
		"d_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":2,\"title\":\"Advanced Queryin"
		"g Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In this post we explore subquerie"
		"s, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null}]"},
	{"select(User, Post).outerjoin(User.posts).order_by(User.id, Post.id)",
		"[{\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name"
		"\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null"
		"},\"Post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-"
		"started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null}},"
		"{\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null}"
		",\"Post\":{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-queryin"
		"g\",\"body\":\"In this post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author"
		"_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null}},{\"User\":{\"id\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":t"
		"rue,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null},\"Post\":{\"id\":3,"
		"\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":\"Here are"
		" some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"created_at"
		"\":\"2024-01-07T12:00:00\",\"updated_at\":null}},{\"User\":{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example.com\",\"display_name\":null,\"is_active\":false,\"created_at\""
		":\"2024-01-03T09:15:00\",\"updated_at\":\"2024-02-01T08:00:00\"},\"Post\":null}]"},
	{"select(Post.status, Post.id, User.is_active, Post.created_at).join(Post.author).order_by(Post.id)",
		"[{\"status\":\"published\",\"id\":1,\"is_active\":true,\"created_at\":\"2024-01-05T12:00:0"
		"0\"},{\"status\":\"draft\",\"id\":2,\"is_active\":true,\"created_at\":\"2024-01-06T12:00:0"
		"0\"},{\"status\":\"published\",\"id\":3,\"is_active\":true,\"created_at\":\"2024-01-07T12:"
		"00:00\"}]"},
	{"select(Post.id.label(\"pid\"), User).join(Post.author).where(Post.id < 3)",
		"[{\"pid\":1,\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"di"
		"splay_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated"
		"_at\":null}},{\"pid\":2,\"User\":{\"id\":1,\"username\":\"alice\",\"email\":\"alice@exampl"
		"e.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00"
		"\",\"updated_at\":null}}]"},
	{"select(Comment).options(joinedload(Comment.post).selectinload(Post.tags)).order_by(Comment.id)",
		"[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\""
		"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"post\":{\"id\":1,\"title\":\"Ge"
		"tting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"S"
		"QLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"crea"
		"ted_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python"
		"\"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name\":\"tutorial\"}]}},{\"id\":2,\"bod"
		"y\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01"
		"-08T09:00:00\",\"updated_at\":null,\"post\":{\"id\":1,\"title\":\"Getting Started with SQL"
		"Alchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduc"
		"es a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T"
		"12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\""
		":\"sqlalchemy\"},{\"id\":3,\"name\":\"tutorial\"}]}},{\"id\":3,\"body\":\"Nice tips\",\"po"
		"st_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:00\",\"upda"
		"ted_at\":null,\"post\":{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-bes"
		"t-practices\",\"body\":\"Here are some best practices for Python...\",\"status\":\"publish"
		"ed\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"tags\":["
		"{\"id\":1,\"name\":\"python\"}]}},{\"id\":4,\"body\":\"Agreed\",\"post_id\":1,\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":null,\"post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlal"
		"chemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\","
		"\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id"
		"\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name\":\"tutorial"
		"\"}]}},{\"id\":5,\"body\":\"Reply to reply\",\"post_id\":1,\"author_id\":2,\"parent_id\":2"
		",\"created_at\":\"2024-01-10T11:00:00\",\"updated_at\":null,\"post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":"
		"\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"c"
		"reated_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"pyt"
		"hon\"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name\":\"tutorial\"}]}}]"},
	{"select(User).options(selectinload(User.comments).joinedload(Comment.post).selectinload(Post.tags)).order_by(User.id)",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"comment"
		"s\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"cr"
		"eated_at\":\"2024-01-08T09:00:00\",\"updated_at\":null,\"post\":{\"id\":1,\"title\":\"Gett"
		"ing Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQL"
		"Alchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"create"
		"d_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\""
		"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name\":\"tutorial\"}]}},{\"id\":3,\"body\":\"Nice tips\",\"post_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-"
		"09T10:00:00\",\"updated_at\":null,\"post\":{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Python...\","
		"\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_"
		"at\":null,\"tags\":[{\"id\":1,\"name\":\"python\"}]}}]},{\"id\":2,\"username\":\"bob\",\"e"
		"mail\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"20"
		"24-01-02T11:30:00.250000\",\"updated_at\":null,\"comments\":[{\"id\":1,\"body\":\"Great ar"
		"ticle!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\"created_at\":\"2024-01-08T08:0"
		"0:00\",\"updated_at\":null,\"post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy "
		"2.0\",\"slug\":\"getting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a mod"
		"ern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00"
		"\",\"updated_at\":null,\"tags\":[{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sqlal"
		"chemy\"},{\"id\":3,\"name\":\"tutorial\"}]}},{\"id\":5,\"body\":\"Reply to reply\",\"post_"
		"id\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11:00:00\",\"updated_at"
		"\":null,\"post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"ge"
		"tting-started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"stat"
		"us\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":n"
		"ull,\"tags\":[{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,"
		"\"name\":\"tutorial\"}]}}]},{\"id\":3,\"username\":\"carol\",\"email\":\"carol@example.com"
		"\",\"display_name\":null,\"is_active\":false,\"created_at\":\"2024-01-03T09:15:00\",\"upda"
		"ted_at\":\"2024-02-01T08:00:00\",\"comments\":[{\"id\":4,\"body\":\"Agreed\",\"post_id\":1"
		",\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":nul"
		"l,\"post\":{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-"
		"started-sqlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\""
		"tags\":[{\"id\":1,\"name\":\"python\"},{\"id\":2,\"name\":\"sqlalchemy\"},{\"id\":3,\"name"
		"\":\"tutorial\"}]}}]}]"},
	{"select(Comment).where(Comment.parent_id.is_(None)).options(selectinload(Comment.replies).selectinload(Comment.replies).joinedload(Comment.parent)).order_by(Comment.id)",
		"[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\""
		"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null,\"replies\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01-08T0"
		"9:00:00\",\"updated_at\":null,\"replies\":[{\"id\":5,\"body\":\"Reply to reply\",\"post_id"
		"\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11:00:00\",\"updated_at\""
		":null,\"parent\":{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent"
		"_id\":1,\"created_at\":\"2024-01-08T09:00:00\",\"updated_at\":null}}]},{\"id\":4,\"body\":"
		"\"Agreed\",\"post_id\":1,\"author_id\":3,\"parent_id\":1,\"created_at\":\"2024-01-09T11:00"
		":00\",\"updated_at\":null,\"replies\":[]}]},{\"id\":3,\"body\":\"Nice tips\",\"post_id\":3"
		",\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:00\",\"updated_at\":"
		"null,\"replies\":[]}]"},
	{"select(Post).join(Post.author).options(contains_eager(Post.author).selectinload(User.comments)).order_by(Post.id)",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"author\":{"
		"\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\""
		",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"comments\":[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"crea"
		"ted_at\":\"2024-01-08T09:00:00\",\"updated_at\":null},{\"id\":3,\"body\":\"Nice tips\",\"p"
		"ost_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:00\",\"upd"
		"ated_at\":null}]}},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"slug\":\"advance"
		"d-querying\",\"body\":\"In this post we explore subqueries, CTEs...\",\"status\":\"draft\""
		",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null,\"author\":{\""
		"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"comments\":"
		"[{\"id\":2,\"body\":\"Thanks Bob!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"create"
		"d_at\":\"2024-01-08T09:00:00\",\"updated_at\":null},{\"id\":3,\"body\":\"Nice tips\",\"pos"
		"t_id\":3,\"author_id\":1,\"parent_id\":null,\"created_at\":\"2024-01-09T10:00:00\",\"updat"
		"ed_at\":null}]}},{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-prac"
		"tices\",\"body\":\"Here are some best practices for Python...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"author\":{\"id"
		"\":2,\"username\":\"bob\",\"email\":\"bob@example.com\",\"display_name\":\"Bob\",\"is_acti"
		"ve\":true,\"created_at\":\"2024-01-02T11:30:00.250000\",\"updated_at\":null,\"comments\":["
		"{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\"c"
		"reated_at\":\"2024-01-08T08:00:00\",\"updated_at\":null},{\"id\":5,\"body\":\"Reply to rep"
		"ly\",\"post_id\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11:00:00\","
		"\"updated_at\":null}]}}]"},
	{"select(Post).join(Post.tags).options(joinedload(Post.comments)).order_by(Post.id)",
		"[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-sq"
		"lalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"published"
		"\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null,\"comments\""
		":[{\"id\":1,\"body\":\"Great article!\",\"post_id\":1,\"author_id\":2,\"parent_id\":null,\"created_at\":\"2024-01-08T08:00:00\",\"updated_at\":null},{\"id\":2,\"body\":\"Thanks Bob"
		"!\",\"post_id\":1,\"author_id\":1,\"parent_id\":1,\"created_at\":\"2024-01-08T09:00:00\",\"updated_at\":null},{\"id\":4,\"body\":\"Agreed\",\"post_id\":1,\"author_id\":3,\"parent_i"
		"d\":1,\"created_at\":\"2024-01-09T11:00:00\",\"updated_at\":null},{\"id\":5,\"body\":\"Rep"
		"ly to reply\",\"post_id\":1,\"author_id\":2,\"parent_id\":2,\"created_at\":\"2024-01-10T11"
		":00:00\",\"updated_at\":null}]},{\"id\":2,\"title\":\"Advanced Querying Techniques\",\"slu"
		"g\":\"advanced-querying\",\"body\":\"In this post we explore subqueries, CTEs...\",\"statu"
		"s\":\"draft\",\"author_id\":1,\"created_at\":\"2024-01-06T12:00:00\",\"updated_at\":null,\"comments\":[]},{\"id\":3,\"title\":\"Python Best Practices\",\"slug\":\"python-best-pract"
		"ices\",\"body\":\"Here are some best practices for Python...\",\"status\":\"published\",\""
		"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null,\"comments\":[{\""
		"id\":3,\"body\":\"Nice tips\",\"post_id\":3,\"author_id\":1,\"parent_id\":null,\"created_a"
		"t\":\"2024-01-09T10:00:00\",\"updated_at\":null}]}]"},
	{"select(User).join(User.posts).options(contains_eager(User.posts)).order_by(User.id, Post.title)",
		"[{\"id\":1,\"username\":\"alice\",\"email\":\"alice@example.com\",\"display_name\":\"Alice"
		"\",\"is_active\":true,\"created_at\":\"2024-01-01T10:00:00\",\"updated_at\":null,\"posts\""
		":[{\"id\":1,\"title\":\"Getting Started with SQLAlchemy 2.0\",\"slug\":\"getting-started-s"
		"qlalchemy-2\",\"body\":\"SQLAlchemy 2.0 introduces a modern API...\",\"status\":\"publishe"
		"d\",\"author_id\":1,\"created_at\":\"2024-01-05T12:00:00\",\"updated_at\":null},{\"id\":2,"
		"\"title\":\"Advanced Querying Techniques\",\"slug\":\"advanced-querying\",\"body\":\"In th"
		"is post we explore subqueries, CTEs...\",\"status\":\"draft\",\"author_id\":1,\"created_at"
		"\":\"2024-01-06T12:00:00\",\"updated_at\":null}]},{\"id\":2,\"username\":\"bob\",\"email\""
		":\"bob@example.com\",\"display_name\":\"Bob\",\"is_active\":true,\"created_at\":\"2024-01-"
		"02T11:30:00.250000\",\"updated_at\":null,\"posts\":[{\"id\":3,\"title\":\"Python Best Prac"
		"tices\",\"slug\":\"python-best-practices\",\"body\":\"Here are some best practices for Pyt"
		"hon...\",\"status\":\"published\",\"author_id\":2,\"created_at\":\"2024-01-07T12:00:00\",\"updated_at\":null}]}]"},
	{NULL, NULL}
};

static const LoaderCase eager_cases[] = {
	{"select(Owner).order_by(Owner.id)",
		"[{\"id\":1,\"name\":\"ann\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"notes\""
		":[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_id\":null},{\"id\":2,\"text\":\"n2\",\""
		"item_id\":1,\"parent_id\":1},{\"id\":3,\"text\":\"n3\",\"item_id\":1,\"parent_id\":2}],\"l"
		"abels\":[{\"id\":1,\"name\":\"red\"},{\"id\":2,\"name\":\"blue\"}]},{\"id\":2,\"name\":\"p"
		"en\",\"owner_id\":1,\"notes\":[],\"labels\":[{\"id\":2,\"name\":\"blue\"}]}]},{\"id\":2,\""
		"name\":\"ben\",\"items\":[{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"notes\":[{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null}],\"labels\":[{\"id\":1,\"name\":\"red\"}]"
		"},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"notes\":[],\"labels\":[{\"id\":1,\"name\":\""
		"red\"}]}]}]"},
	{"select(Item).order_by(Item.id)",
		"[{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"ann\"},\"notes\""
		":[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_id\":null},{\"id\":2,\"text\":\"n2\",\""
		"item_id\":1,\"parent_id\":1},{\"id\":3,\"text\":\"n3\",\"item_id\":1,\"parent_id\":2}],\"l"
		"abels\":[{\"id\":1,\"name\":\"red\"},{\"id\":2,\"name\":\"blue\"}]},{\"id\":2,\"name\":\"p"
		"en\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"ann\"},\"notes\":[],\"labels\":[{\"id\""
		":2,\"name\":\"blue\"}]},{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"owner\":{\"id\":2,\"na"
		"me\":\"ben\"},\"notes\":[{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null}],\"la"
		"bels\":[{\"id\":1,\"name\":\"red\"}]},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"owner\":"
		"{\"id\":2,\"name\":\"ben\"},\"notes\":[],\"labels\":[{\"id\":1,\"name\":\"red\"}]}]"},
	{"select(Note).order_by(Note.id)",
		"[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_id\":null,\"item\":{\"id\":1,\"name\":\""
		"cup\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"ann\"},\"labels\":[{\"id\":1,\"name\":"
		"\"red\"},{\"id\":2,\"name\":\"blue\"}]}},{\"id\":2,\"text\":\"n2\",\"item_id\":1,\"parent_"
		"id\":1,\"item\":{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"a"
		"nn\"},\"labels\":[{\"id\":1,\"name\":\"red\"},{\"id\":2,\"name\":\"blue\"}]}},{\"id\":3,\""
		"text\":\"n3\",\"item_id\":1,\"parent_id\":2,\"item\":{\"id\":1,\"name\":\"cup\",\"owner_id"
		"\":1,\"owner\":{\"id\":1,\"name\":\"ann\"},\"labels\":[{\"id\":1,\"name\":\"red\"},{\"id\""
		":2,\"name\":\"blue\"}]}},{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null,\"item"
		"\":{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"owner\":{\"id\":2,\"name\":\"ben\"},\"label"
		"s\":[{\"id\":1,\"name\":\"red\"}]}}]"},
	{"select(Label).order_by(Label.id)",
		"[{\"id\":1,\"name\":\"red\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"owner\""
		":{\"id\":1,\"name\":\"ann\"},\"notes\":[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_i"
		"d\":null},{\"id\":2,\"text\":\"n2\",\"item_id\":1,\"parent_id\":1},{\"id\":3,\"text\":\"n3"
		"\",\"item_id\":1,\"parent_id\":2}],\"labels\":[{\"id\":1,\"name\":\"red\"},{\"id\":2,\"nam"
		"e\":\"blue\",\"items\":[{\"id\":2,\"name\":\"pen\",\"owner_id\":1,\"owner\":{\"id\":1,\"na"
		"me\":\"ann\"},\"notes\":[],\"labels\":[{\"id\":2,\"name\":\"blue\"}]},{\"id\":1,\"name\":\"cup\",\"owner_id\":1}]}]},{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"owner\":{\"id\":2,\"name\":\"ben\"},\"notes\":[{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null}],\"labels\":[{\"id\":1,\"name\":\"red\"}]},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"owner"
		"\":{\"id\":2,\"name\":\"ben\"},\"notes\":[],\"labels\":[{\"id\":1,\"name\":\"red\"}]}]},{\"id\":2,\"name\":\"blue\",\"items\":[{\"id\":2,\"name\":\"pen\",\"owner_id\":1,\"owner\":{"
		"\"id\":1,\"name\":\"ann\"},\"notes\":[],\"labels\":[{\"id\":2,\"name\":\"blue\"}]},{\"id\""
		":1,\"name\":\"cup\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"ann\"},\"notes\":[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_id\":null},{\"id\":2,\"text\":\"n2\",\"item_id\":1,\"parent_id\":1},{\"id\":3,\"text\":\"n3\",\"item_id\":1,\"parent_id\":2}],\"labels\":"
		"[{\"id\":1,\"name\":\"red\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1},{\"id\":"
		"3,\"name\":\"box\",\"owner_id\":2,\"owner\":{\"id\":2,\"name\":\"ben\"},\"notes\":[{\"id\""
		":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null}],\"labels\":[{\"id\":1,\"name\":\"red"
		"\"}]},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"owner\":{\"id\":2,\"name\":\"ben\"},\"no"
		"tes\":[],\"labels\":[{\"id\":1,\"name\":\"red\"}]}]},{\"id\":2,\"name\":\"blue\"}]}]}]"},
	{"select(Note).where(Note.parent_id.is_(None)).options(selectinload(Note.replies)).order_by(Note.id)",
		"[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_id\":null,\"item\":{\"id\":1,\"name\":\""
		"cup\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"ann\"},\"labels\":[{\"id\":1,\"name\":"
		"\"red\"},{\"id\":2,\"name\":\"blue\"}]},\"replies\":[{\"id\":2,\"text\":\"n2\",\"item_id\""
		":1,\"parent_id\":1,\"item\":{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"owner\":{\"id\":1,"
		"\"name\":\"ann\"},\"labels\":[{\"id\":1,\"name\":\"red\"},{\"id\":2,\"name\":\"blue\"}]}}]"
		"},{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null,\"item\":{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"owner\":{\"id\":2,\"name\":\"ben\"},\"labels\":[{\"id\":1,\"name\""
		":\"red\"}]},\"replies\":[]}]"},
	{"select(Owner).options(raiseload(\"*\")).order_by(Owner.id)",
		"[{\"id\":1,\"name\":\"ann\"},{\"id\":2,\"name\":\"ben\"}]"},
	{"select(Owner).options(selectinload(Owner.items), lazyload(\"*\")).order_by(Owner.id)",
		"[{\"id\":1,\"name\":\"ann\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1},{\"id\":"
		"2,\"name\":\"pen\",\"owner_id\":1}]},{\"id\":2,\"name\":\"ben\",\"items\":[{\"id\":3,\"nam"
		"e\":\"box\",\"owner_id\":2},{\"id\":4,\"name\":\"bag\",\"owner_id\":2}]}]"},
	{"select(Owner).options(selectinload(Owner.items).lazyload(\"*\")).order_by(Owner.id)",
		"[{\"id\":1,\"name\":\"ann\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1},{\"id\":"
		"2,\"name\":\"pen\",\"owner_id\":1}]},{\"id\":2,\"name\":\"ben\",\"items\":[{\"id\":3,\"nam"
		"e\":\"box\",\"owner_id\":2},{\"id\":4,\"name\":\"bag\",\"owner_id\":2}]}]"},
	{"select(Owner).options(selectinload(Owner.items).selectinload(Item.owner)).order_by(Owner.id)",
		"[{\"id\":1,\"name\":\"ann\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"owner\""
		":{\"id\":1,\"name\":\"ann\"},\"notes\":[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_i"
		"d\":null},{\"id\":2,\"text\":\"n2\",\"item_id\":1,\"parent_id\":1},{\"id\":3,\"text\":\"n3"
		"\",\"item_id\":1,\"parent_id\":2}],\"labels\":[{\"id\":1,\"name\":\"red\"},{\"id\":2,\"nam"
		"e\":\"blue\"}]},{\"id\":2,\"name\":\"pen\",\"owner_id\":1,\"owner\":{\"id\":1,\"name\":\"a"
		"nn\"},\"notes\":[],\"labels\":[{\"id\":2,\"name\":\"blue\"}]}]},{\"id\":2,\"name\":\"ben\""
		",\"items\":[{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"owner\":{\"id\":2,\"name\":\"ben\""
		"},\"notes\":[{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null}],\"labels\":[{\"i"
		"d\":1,\"name\":\"red\"}]},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"owner\":{\"id\":2,\""
		"name\":\"ben\"},\"notes\":[],\"labels\":[{\"id\":1,\"name\":\"red\"}]}]}]"},
	{"select(Owner).options(defaultload(Owner.items).selectinload(Item.notes).selectinload(Note.replies)).order_by(Owner.id)",
		"[{\"id\":1,\"name\":\"ann\",\"items\":[{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"notes\""
		":[{\"id\":1,\"text\":\"n1\",\"item_id\":1,\"parent_id\":null,\"replies\":[{\"id\":2,\"text"
		"\":\"n2\",\"item_id\":1,\"parent_id\":1,\"replies\":[{\"id\":3,\"text\":\"n3\",\"item_id\""
		":1,\"parent_id\":2,\"replies\":[]}]}]},{\"id\":2,\"text\":\"n2\",\"item_id\":1,\"parent_id"
		"\":1,\"replies\":[{\"id\":3,\"text\":\"n3\",\"item_id\":1,\"parent_id\":2,\"replies\":[]}]"
		"},{\"id\":3,\"text\":\"n3\",\"item_id\":1,\"parent_id\":2,\"replies\":[]}],\"labels\":[{\""
		"id\":1,\"name\":\"red\"},{\"id\":2,\"name\":\"blue\"}]},{\"id\":2,\"name\":\"pen\",\"owner"
		"_id\":1,\"notes\":[],\"labels\":[{\"id\":2,\"name\":\"blue\"}]}]},{\"id\":2,\"name\":\"ben"
		"\",\"items\":[{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"notes\":[{\"id\":4,\"text\":\"n4"
		"\",\"item_id\":3,\"parent_id\":null,\"replies\":[]}],\"labels\":[{\"id\":1,\"name\":\"red\"}]},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"notes\":[],\"labels\":[{\"id\":1,\"name\""
		":\"red\"}]}]}]"},
	{"select(Item).options(noload(Item.owner), joinedload(Item.notes)).order_by(Item.id)",
		"[{\"id\":1,\"name\":\"cup\",\"owner_id\":1,\"owner\":null,\"notes\":[{\"id\":1,\"text\":\"n1\",\"it"
		"em_id\":1,\"parent_id\":null},{\"id\":2,\"text\":\"n2\",\"item_id\":1,\"parent_id\":1},{\"id\":"
		"3,\"text\":\"n3\",\"item_id\":1,\"parent_id\":2}],\"labels\":[{\"id\":1,\"name\":\"red\"},{\"id\":"
		"2,\"name\":\"blue\"}]},{\"id\":2,\"name\":\"pen\",\"owner_id\":1,\"owner\":null,\"notes\":[],\"la"
		"bels\":[{\"id\":2,\"name\":\"blue\"}]},{\"id\":3,\"name\":\"box\",\"owner_id\":2,\"owner\":null,\""
		"notes\":[{\"id\":4,\"text\":\"n4\",\"item_id\":3,\"parent_id\":null}],\"labels\":[{\"id\":1,\"na"
		"me\":\"red\"}]},{\"id\":4,\"name\":\"bag\",\"owner_id\":2,\"owner\":null,\"notes\":[],\"labels\":"
		"[{\"id\":1,\"name\":\"red\"}]}]"},
	{NULL, NULL}
};


/* ---- environment: testlib's host, connection and call context ------------- */

typedef TlEnv Env;

static const char *blog_src;	/* the seed's blog module, verbatim */

static int
env_open(Env *env, const char *models, const char *data_sql)
{
	if (tl_env_open(env, data_sql) < 0 || tl_env_declare(env, models) < 0)
		return -1;
	env->conn.echo = true;
	return 0;
}

/* ---- plans ---------------------------------------------------------------- */

static const char *
strategy_name(OrmLazy s)
{
	switch (s)
	{
		case ORM_LAZY_SELECTIN:
			return "selectin";
		case ORM_LAZY_JOINED:
			return "joined";
		case ORM_LAZY_SUBQUERY:
			return "subquery";
		case ORM_LAZY_CONTAINS_EAGER:
			return "contains_eager";
		default:
			return "?";
	}
}

/* Owner{items:selectin{notes:selectin},...} */
static void
plan_text(OrmBuf *b, const OrmLoadNode *n)
{
	if (!n->rel)
		orm_buf_puts(b, n->cls->name);
	else
		orm_buf_printf(b, "%s:%s", n->rel->name, strategy_name(n->strategy));
	if (n->nchildren == 0)
		return;
	orm_buf_putc(b, '{');
	for (int i = 0; i < n->nchildren; i++)
	{
		if (i)
			orm_buf_putc(b, ',');
		plan_text(b, n->children[i]);
	}
	orm_buf_putc(b, '}');
}

static OrmLazy
strategy_of(const char *s)
{
	static const struct
	{
		const char *name;
		OrmLazy		lazy;
	}			names[] = {
		{"selectin", ORM_LAZY_SELECTIN}, {"joined", ORM_LAZY_JOINED},
		{"subquery", ORM_LAZY_SUBQUERY}, {"noload", ORM_LAZY_NOLOAD},
		{"raise", ORM_LAZY_RAISE}, {"select", ORM_LAZY_SELECT},
		{"contains_eager", ORM_LAZY_CONTAINS_EAGER}, {"default", ORM_LAZY_DEFAULT},
		{"immediate", ORM_LAZY_IMMEDIATE},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, s) == 0)
			return names[i].lazy;
	return ORM_LAZY_SELECT;
}

/*
 * An option from "Owner.items:selectin Item.notes:joined" (a chained path),
 * optionally ending in "*:raise" (a wildcard at that point).
 */
static void
add_option(OrmCtx *ctx, SxSelect *sel, const char *spec)
{
	OrmArena   *a = ctx->arena;
	SxLoadOpt  *o = ORM_NEW(a, SxLoadOpt);
	char	   *copy = orm_strdup(a, spec),
			   *save = NULL;

	o->path = ORM_NEWN(a, OrmRelationship *, 16);
	o->strategy = ORM_NEWN(a, OrmLazy, 16);
	o->alias = ORM_NEWN(a, SxFrom *, 16);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
	{
		char	   *colon = strchr(tok, ':'),
				   *dot = strchr(tok, '.');

		*colon = '\0';
		if (strcmp(tok, "*") == 0)
		{
			o->wildcard = true;
			o->wildcard_strategy = strategy_of(colon + 1);
			continue;
		}
		*dot = '\0';
		o->path[o->npath] = orm_class_rel(orm_reg_class(ctx->reg, tok), dot + 1);
		o->strategy[o->npath++] = strategy_of(colon + 1);
	}
	orm_vec_push(a, &sel->options, o);
}

/* select(cls) with options (NULL-terminated specs). */
static SxSelect *
entity_select(OrmCtx *ctx, const char *cls_name, const char *const *opts)
{
	OrmClass   *cls = orm_reg_class(ctx->reg, cls_name);
	SxSelect   *sel = sx_select_new(ctx->arena);

	sx_select_add_item(ctx->arena, sel, sx_entity(ctx->arena, sx_from_table(ctx->arena, cls->table, cls)),
					   cls->name);
	for (int i = 0; opts && opts[i]; i++)
		add_option(ctx, sel, opts[i]);
	return sel;
}

static const char *
plan_of(OrmCtx *ctx, SxSelect *sel)
{
	OrmLoadNode **plans = orm_plan_build(ctx, sel);
	OrmBuf		b;

	if (!plans)
		return orm_error_text(ctx->arena, ctx->err, "plan");
	orm_buf_init(&b, ctx->arena);
	for (int i = 0; i < sel->items.n; i++)
	{
		if (i)
			orm_buf_puts(&b, " | ");
		if (plans[i])
			plan_text(&b, plans[i]);
		else
			orm_buf_puts(&b, "-");
	}
	return orm_buf_cstr(&b);
}

static const char *
plan1(Env *env, const char *cls, const char *o1, const char *o2)
{
	OrmCtx	   *ctx = tl_env_ctx(env);
	const char *opts[] = {o1, o2, NULL};

	return plan_of(ctx, entity_select(ctx, cls, opts));
}

static void
test_plans_eager(void)
{
	Env			env;

	if (env_open(&env, eager_models, NULL) < 0)
	{
		CHECK(!"eager models declare");
		return;
	}
	/* defaults: the cycle rule (see loader.c's prologue) */
	CHECK_STR(plan1(&env, "Owner", NULL, NULL),
			  "Owner{items:selectin{notes:selectin,labels:joined}}");
	CHECK_STR(plan1(&env, "Item", NULL, NULL),
			  "Item{owner:selectin,notes:selectin,labels:joined}");
	CHECK_STR(plan1(&env, "Note", NULL, NULL),
			  "Note{item:selectin{owner:selectin,labels:joined}}");
	CHECK_STR(plan1(&env, "Label", NULL, NULL),
			  "Label{items:selectin{owner:selectin,notes:selectin,labels:joined}}");
	/* an exact option loads even a self-referential relationship, once */
	CHECK_STR(plan1(&env, "Note", "Note.replies:selectin", NULL),
			  "Note{item:selectin{owner:selectin,labels:joined},"
			  "replies:selectin{item:selectin{owner:selectin,labels:joined}}}");
	CHECK_STR(plan1(&env, "Owner", "Owner.items:selectin Item.owner:selectin", NULL),
			  "Owner{items:selectin{owner:selectin,notes:selectin,labels:joined}}");
	/* wildcards: top level = every depth; chained = that level */
	CHECK_STR(plan1(&env, "Owner", "*:raise", NULL), "Owner");
	CHECK_STR(plan1(&env, "Owner", "Owner.items:selectin", "*:select"),
			  "Owner{items:selectin}");
	CHECK_STR(plan1(&env, "Owner", "Owner.items:selectin *:select", NULL),
			  "Owner{items:selectin}");
	CHECK_STR(plan1(&env, "Item", "Item.notes:selectin *:noload", NULL),
			  "Item{owner:selectin,notes:selectin,labels:joined}");
	/* defaultload keeps lazy=, and below it the exact path loads */
	CHECK_STR(plan1(&env, "Owner", "Owner.items:default Item.notes:selectin Note.replies:selectin", NULL),
			  "Owner{items:selectin{notes:selectin{replies:selectin},labels:joined}}");
	/* switched off */
	CHECK_STR(plan1(&env, "Item", "Item.owner:noload", "Item.labels:raise"),
			  "Item{notes:selectin}");
	CHECK_STR(plan1(&env, "Item", "Item.notes:select", "Item.owner:joined"),
			  "Item{owner:joined,labels:joined}");
	/* subquery / immediate load like selectin */
	CHECK_STR(plan1(&env, "Item", "Item.owner:subquery", "Item.labels:immediate"),
			  "Item{owner:selectin,notes:selectin,labels:selectin}");
	tl_env_close(&env);
}

static void
test_plans_blog(void)
{
	Env			env;
	const char *models = blog_src;
	OrmCtx	   *ctx;
	SxSelect   *sel;

	if (!models || env_open(&env, models, NULL) < 0)
	{
		CHECK(!"blog models from the seed");
		return;
	}
	/* lazy="select" everywhere: nothing without options */
	CHECK_STR(plan1(&env, "User", NULL, NULL), "User");
	CHECK_STR(plan1(&env, "User", "User.posts:selectin", NULL), "User{posts:selectin}");
	CHECK_STR(plan1(&env, "User", "User.posts:selectin Post.comments:selectin", "User.comments:joined"),
			  "User{posts:selectin{comments:selectin},comments:joined}");
	CHECK_STR(plan1(&env, "Comment", "Comment.replies:selectin", "Comment.author:selectin"),
			  "Comment{author:selectin,replies:selectin}");
	CHECK_STR(plan1(&env, "Post", "Post.tags:selectin Tag.posts:joined", NULL),
			  "Post{tags:selectin{posts:joined}}");

	/* contains_eager: the join's target; not below a selectin */
	ctx = tl_env_ctx(&env);
	{
		OrmClass   *post = orm_reg_class(ctx->reg, "Post"),
				   *user = orm_reg_class(ctx->reg, "User");
		SxJoin	   *j = ORM_NEW(ctx->arena, SxJoin);
		OrmLoadNode **plans;

		sel = entity_select(ctx, "Post", NULL);
		j->target = sx_from_table(ctx->arena, user->table, user);
		j->via = orm_class_rel(post, "author");
		orm_vec_push(ctx->arena, &sel->joins, j);
		add_option(ctx, sel, "Post.author:contains_eager");
		add_option(ctx, sel, "Post.comments:selectin Comment.post:contains_eager");
		plans = orm_plan_build(ctx, sel);
		CHECK(plans && plans[0] && plans[0]->nchildren == 2);
		if (plans && plans[0] && plans[0]->nchildren == 2)
		{
			CHECK(plans[0]->children[0]->from == j->target);
			CHECK(plans[0]->children[1]->nchildren == 0);
		}
	}

	/* an option for an entity that is not in the statement */
	ctx = tl_env_ctx(&env);
	sel = entity_select(ctx, "User", NULL);
	add_option(ctx, sel, "Post.tags:selectin");
	CHECK(orm_plan_build(ctx, sel) == NULL);
	CHECK(env.err.code == ORM_ERR_QUERY);

	/* several items: a plan per entity item, none for an expression */
	ctx = tl_env_ctx(&env);
	{
		OrmClass   *user = orm_reg_class(ctx->reg, "User");
		SxFrom	   *uf = sx_from_table(ctx->arena, user->table, user);

		sel = sx_select_new(ctx->arena);
		sx_select_add_item(ctx->arena, sel, sx_column(ctx->arena, uf, orm_class_attr(user, "username")),
						   "username");
		sx_select_add_item(ctx->arena, sel, sx_entity(ctx->arena, uf), "User");
		add_option(ctx, sel, "User.posts:selectin");
		CHECK_STR(plan_of(ctx, sel), "- | User{posts:selectin}");
	}
	tl_env_close(&env);
}

/* ---- column loading (load_cols.c) ------------------------------------------------- */

static const char *cols_models =
	"from typing import Optional\n"
	"from sqlalchemy import ForeignKey, Text\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"from sqlalchemy.orm import column_property, query_expression\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class Shelf(Base):\n"
	"    __tablename__ = 'shelf'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str]\n"
	"    tag = column_property(name + '#')\n"
	"    n: Mapped[int] = query_expression()\n"
	"    books: Mapped[list['Book']] = relationship(back_populates='shelf', order_by='Book.pos')\n"
	"class Book(Base):\n"
	"    __tablename__ = 'book'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    shelf_id: Mapped[int] = mapped_column(ForeignKey('shelf.id'))\n"
	"    pos: Mapped[int]\n"
	"    title: Mapped[str]\n"
	"    text: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group='big')\n"
	"    shelf: Mapped['Shelf'] = relationship(back_populates='books')\n";

/* Shelf[tag,id,name]{books:selectin[id,title,shelf_id*]}: each node's columns, hidden ones starred. */
static void
cols_text(OrmBuf *b, const OrmLoadNode *n)
{
	orm_buf_puts(b, n->rel ? n->rel->name : n->cls->name);
	orm_buf_putc(b, '[');
	if (!n->load)
		orm_buf_puts(b, "all");
	for (int i = 0; n->load && i < n->nload; i++)
	{
		const OrmLoadCol *c = &n->load[i];
		int			a = c->attr;

		orm_buf_printf(b, "%s%s%s%s", i ? "," : "", a < n->cls->nattrs ? n->cls->attrs[a]->attr :
					   n->cls->xattrs[a - n->cls->nattrs]->name, c->expr && !c->xattr ? "=expr" : "",
					   c->hidden ? "*" : "");
	}
	orm_buf_putc(b, ']');
	for (int i = 0; i < n->nchildren; i++)
	{
		orm_buf_puts(b, i ? "," : "{");
		cols_text(b, n->children[i]);
	}
	if (n->nchildren)
		orm_buf_putc(b, '}');
}

static const char *
cols_of(Env *env, const char *query)
{
	OrmCtx	   *ctx = tl_env_ctx(env);
	SxSelect   *sel = orm_query_eval(ctx, query, NULL);
	OrmLoadNode **plans = sel ? orm_plan_build(ctx, sel) : NULL;
	OrmBuf		b;

	if (!plans)
		return orm_error_text(ctx->arena, ctx->err, "plan");
	orm_buf_init(&b, ctx->arena);
	for (int i = 0; i < sel->items.n; i++)
	{
		if (i)
			orm_buf_puts(&b, " | ");
		if (plans[i])
			cols_text(&b, plans[i]);
		else
			orm_buf_puts(&b, "-");
	}
	return orm_buf_cstr(&b);
}

static void
test_plan_columns(void)
{
	Env			env;

	if (env_open(&env, cols_models, NULL) < 0)
	{
		CHECK(!"column loading models declare");
		return;
	}
	/* every column and nothing else: no list (the compiler's default) */
	CHECK_STR(cols_of(&env, "select(Book).options(defer(Book.id))"), "Book[id,shelf_id,pos,title]");
	CHECK_STR(cols_of(&env, "select(Shelf)"), "Shelf[tag,id,name]");
	CHECK_STR(cols_of(&env, "select(Book).options(undefer_group('big'))"), "Book[id,shelf_id,pos,title,text]");
	/* the selectin load's keys: the parent's foreign key, read hidden */
	CHECK_STR(cols_of(&env, "select(Book).options(load_only(Book.title), selectinload(Book.shelf).defer(Shelf.tag))"),
			  "Book[id,title,shelf_id*]{shelf[id,name]}");
	/* ... and the child's; a joined collection's sort column */
	CHECK_STR(cols_of(&env, "select(Shelf).options(selectinload(Shelf.books).load_only(Book.title))"),
			  "Shelf[tag,id,name]{books[id,title,shelf_id*]}");
	CHECK_STR(cols_of(&env, "select(Shelf).options(joinedload(Shelf.books).load_only(Book.title))"),
			  "Shelf[tag,id,name]{books[id,title,pos*]}");
	/* with_expression(); undefer("*") loads a query_expression() as NULL */
	CHECK_STR(cols_of(&env, "select(Shelf).options(with_expression(Shelf.n, Shelf.id + 1), load_only(Shelf.name))"),
			  "Shelf[n=expr,id,name]");
	CHECK_STR(cols_of(&env, "select(Shelf).options(undefer('*'))"), "Shelf[tag,n,id,name]");
	/* a wildcard on one path leaves the other alone */
	CHECK_STR(cols_of(&env, "select(Shelf, Book).join(Shelf.books).options(defer('*'), selectinload(Shelf.books))"),
			  "Shelf[id]{books[id,shelf_id,pos,title]} | Book[id,shelf_id*]");
	CHECK_STR(cols_of(&env, "select(Book).options(load_only(Book.id), defer(Book.id))"),
			  "plan: line 1, column 42: loader strategies for Book.id conflict: it is both loaded and deferred");
	tl_env_close(&env);
}

/* ---- end to end ----------------------------------------------------------- */

static const char *
run_case(Env *env, const char *query)
{
	OrmCtx	   *ctx = tl_env_ctx(env);
	OrmBuf		out;

	orm_buf_init(&out, ctx->arena);
	if (strncmp(query, "GET ", 4) == 0)
	{
		/* GET Class|key json|options */
		char	   *spec = orm_strdup(ctx->arena, query + 4);
		char	   *bar1 = strchr(spec, '|'),
				   *bar2;
		JsonValue  *key;

		*bar1 = '\0';
		bar2 = strchr(bar1 + 1, '|');
		if (bar2)
			*bar2 = '\0';
		key = json_parse(ctx->arena, bar1 + 1, strlen(bar1 + 1), ctx->err);
		if (!key || orm_load_get(ctx, orm_reg_class(ctx->reg, spec), key,
								 bar2 ? bar2 + 1 : NULL, &out) < 0)
			return orm_error_text(ctx->arena, ctx->err, "orm_get");
		return orm_buf_cstr(&out);
	}
	{
		SxSelect   *sel = orm_query_eval(ctx, query, NULL);

		if (!sel || orm_load_select(ctx, sel, &out) < 0)
			return orm_error_text(ctx->arena, ctx->err, "orm_select");
	}
	return orm_buf_cstr(&out);
}

static void
run_cases(Env *env, const LoaderCase *cases)
{
	for (int i = 0; cases[i].query; i++)
	{
		const char *got = run_case(env, cases[i].query);

		if (!got || strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "case: %s\n", cases[i].query);
		CHECK_STR(got, cases[i].want);
	}
}

/* Statements run, in order; and orm_compile_text lists the same ones. */
static void
test_statements(Env *env)
{
	const char *q = "select(User).options(selectinload(User.posts).selectinload(Post.comments), "
		"joinedload(User.comments)).order_by(User.id)";
	const char *got = run_case(env, q);
	OrmCtx	   *ctx;
	SxSelect   *sel;
	OrmBuf		out;
	int			nstmt = 0;

	CHECK(got && got[0] == '[');
	CHECK(env->host.nlog == 3);
	if (env->host.nlog == 3)
	{
		CHECK(strstr(env->host.log[0], "LEFT OUTER JOIN") != NULL);
		CHECK(strstr(env->host.log[1], "FROM \"posts\"") != NULL);
		CHECK(strstr(env->host.log[1], " IN (") != NULL);
		CHECK(strstr(env->host.log[2], "FROM \"comments\"") != NULL);
	}

	ctx = tl_env_ctx(env);
	sel = orm_query_eval(ctx, q, NULL);
	CHECK(sel != NULL);
	if (!sel)
		return;
	orm_buf_init(&out, ctx->arena);
	CHECK(orm_compile_text(ctx, sel, &out) == 0);
	for (const char *p = orm_buf_cstr(&out); *p; p++)
		nstmt += *p == ';';
	CHECK(nstmt == 3);
	CHECK(env->host.nlog == 0);	/* nothing ran */
	CHECK(strstr(orm_buf_cstr(&out), "IN (?1)") != NULL);
	CHECK(out.len > 0 && out.data[out.len - 1] == ';');

	/* the same on PostgreSQL: placeholders $n */
	ctx = tl_env_ctx(env);
	ctx->dialect = &orm_dialect_pg;
	sel = orm_query_eval(ctx, q, NULL);
	orm_buf_init(&out, ctx->arena);
	CHECK(sel && orm_compile_text(ctx, sel, &out) == 0);
	CHECK(strstr(orm_buf_cstr(&out), "IN ($1") != NULL);

	/* a selectin with no parents runs no statement */
	run_case(env, "select(User).where(User.id == 99).options(selectinload(User.posts))");
	CHECK(env->host.nlog == 1);
}

static void
test_get_errors(Env *env)
{
	const char *got;

	got = run_case(env, "GET User|[1, 2]");
	CHECK(got && strstr(got, "invalid primary key") != NULL);
	CHECK(env->err.code == ORM_ERR_PARAM);
	got = run_case(env, "GET User|{\"uid\": 1}");
	CHECK(env->err.code == ORM_ERR_PARAM);
	got = run_case(env, "GET User|null");
	CHECK(env->err.code == ORM_ERR_PARAM);
	got = run_case(env, "GET User|{\"id\": 2}");
	CHECK(got && strncmp(got, "{\"id\":2,\"username\":\"bob\",", 25) == 0);
	got = run_case(env, "GET User|[3]");
	CHECK(got && strncmp(got, "{\"id\":3,\"username\":\"carol\",", 27) == 0);
}

/* More than 500 parents: the selectin load runs in chunks of 500 keys. */
static void
test_chunks(Env *env)
{
	const char *got;

	sqlite3_exec(env->host.db,
				 "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 1209) "
				 "INSERT INTO owners SELECT i, 'o' || i FROM n;"
				 "INSERT INTO items VALUES (10, 'first', 10), (11, 'last', 1209);",
				 NULL, NULL, NULL);
	got = run_case(env, "select(Owner).where(Owner.id >= 10).order_by(Owner.id)");
	CHECK(env->host.nlog == 5);	/* owners, items x 3 chunks, notes */
	CHECK(got && strncmp(got, "[{\"id\":10,\"name\":\"o10\",\"items\":[{\"id\":10,", 41) == 0);
	CHECK(got && strstr(got, "{\"id\":1209,\"name\":\"o1209\",\"items\":[{\"id\":11,") != NULL);
	CHECK(got && strstr(got, "{\"id\":11,\"name\":\"o11\",\"items\":[]}") != NULL);
}

static void
test_end_to_end(void)
{
	Env			env;
	const char *models = blog_src;

	if (!models || env_open(&env, models, blog_data) < 0)
	{
		CHECK(!"blog database");
		return;
	}
	run_cases(&env, blog_cases);
	run_cases(&env, blog_cases2);
	test_statements(&env);
	test_get_errors(&env);
	tl_env_close(&env);

	if (env_open(&env, eager_models, eager_data) < 0)
	{
		CHECK(!"eager database");
		return;
	}
	run_cases(&env, eager_cases);
	test_chunks(&env);
	tl_env_close(&env);

	if (env_open(&env, comp_models, comp_data) < 0)
	{
		CHECK(!"composite-key database");
		return;
	}
	run_cases(&env, comp_cases);
	tl_env_close(&env);

	if (env_open(&env, crit_models, crit_data) < 0)
	{
		CHECK(!"criteria database");
		return;
	}
	run_cases(&env, crit_cases);
	run_case(&env, crit_cases[0].query);
	CHECK(env.host.nlog == 3);
	if (env.host.nlog == 3)
	{
		CHECK(strstr(env.host.log[1], "AND \"cs\".\"live\" = 1") != NULL);
		CHECK(strstr(env.host.log[2], "AND \"links\".\"on\" = 1") != NULL);
	}
	tl_env_close(&env);
}

int
main(int argc, char **argv)
{
	bool		plans_only = argc > 1 && strcmp(argv[1], "--plans") == 0;
	OrmArena	seed_arena;

	orm_arena_init(&seed_arena, &check_hooks);
	blog_src = tl_blog_source(&seed_arena, tl_seed_read(&seed_arena, argc, argv));

	test_plans_eager();
	test_plans_blog();
	test_plan_columns();
	if (!plans_only)
		test_end_to_end();
	orm_arena_reset(&seed_arena);
	CHECK_DONE();
}
