/*
 * memcount.h -- what the SQLite memory tests share (memory_test.c,
 * flush_memory_test.c): an allocator that counts the bytes live and their
 * highest level (installed with SQLITE_CONFIG_MALLOC before SQLite starts),
 * the blog model of issue 9's workloads (test/bench/blog.py), and one
 * statement run to its single result.  Included by one test file each.
 */
#ifndef ORM_TEST_MEMCOUNT_H
#define ORM_TEST_MEMCOUNT_H

#include <sqlite3.h>
#include <stdio.h>

static const char *memcount_name = "memory";	/* prefix of error messages */

static sqlite3_mem_methods real;
static long long live;			/* bytes allocated and not freed */
static long long peak;			/* highest live since the last reset */

static void
mem_add(void *p)
{
	if (p)
	{
		live += real.xSize(p);
		if (live > peak)
			peak = live;
	}
}

static void *
mem_malloc(int n)
{
	void	   *p = real.xMalloc(n);

	mem_add(p);
	return p;
}

static void
mem_free(void *p)
{
	if (p)
		live -= real.xSize(p);
	real.xFree(p);
}

static void *
mem_realloc(void *p, int n)
{
	long long	old = p ? real.xSize(p) : 0;
	void	   *q = real.xRealloc(p, n);

	if (q)
	{
		live -= old;
		mem_add(q);
	}
	return q;
}

/* Every allocation of the process through the counting wrapper. */
static void
memcount_install(void)
{
	sqlite3_mem_methods wrap;

	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real);
	wrap = real;
	wrap.xMalloc = mem_malloc;
	wrap.xFree = mem_free;
	wrap.xRealloc = mem_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &wrap);
}

static const char *model =
	"import datetime\n"
	"from typing import List, Optional\n"
	"from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"post_tags = Table('post_tags', Base.metadata,\n"
	"    Column('post_id', ForeignKey('posts.id'), primary_key=True),\n"
	"    Column('tag_id', ForeignKey('tags.id'), primary_key=True))\n"
	"class User(Base):\n"
	"    __tablename__ = 'users'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    username: Mapped[str] = mapped_column(String(64), unique=True)\n"
	"    email: Mapped[str] = mapped_column(String(255))\n"
	"    display_name: Mapped[Optional[str]] = mapped_column(String(128))\n"
	"    is_active: Mapped[bool] = mapped_column(default=True)\n"
	"    created_at: Mapped[datetime.datetime]\n"
	"    posts: Mapped[List['Post']] = relationship(back_populates='author')\n"
	"class Post(Base):\n"
	"    __tablename__ = 'posts'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    title: Mapped[str] = mapped_column(String(200))\n"
	"    slug: Mapped[str] = mapped_column(String(200), unique=True)\n"
	"    body: Mapped[str] = mapped_column(Text)\n"
	"    status: Mapped[str] = mapped_column(Enum('draft', 'published', 'archived',\n"
	"        native_enum=False, length=20), default='draft')\n"
	"    author_id: Mapped[int] = mapped_column(ForeignKey('users.id'), index=True)\n"
	"    created_at: Mapped[datetime.datetime]\n"
	"    author: Mapped[User] = relationship(back_populates='posts')\n"
	"    comments: Mapped[List['Comment']] = relationship(back_populates='post')\n"
	"    tags: Mapped[List['Tag']] = relationship(secondary=post_tags)\n"
	"class Comment(Base):\n"
	"    __tablename__ = 'comments'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    body: Mapped[str] = mapped_column(Text)\n"
	"    post_id: Mapped[int] = mapped_column(ForeignKey('posts.id'), index=True)\n"
	"    author_id: Mapped[int] = mapped_column(ForeignKey('users.id'), index=True)\n"
	"    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey('comments.id'), index=True)\n"
	"    created_at: Mapped[datetime.datetime]\n"
	"    post: Mapped[Post] = relationship(back_populates='comments')\n"
	"    author: Mapped[User] = relationship()\n"
	"    parent: Mapped[Optional['Comment']] = relationship(remote_side=[id])\n"
	"class Tag(Base):\n"
	"    __tablename__ = 'tags'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str] = mapped_column(String(50), unique=True)\n";

/* One statement with one result: its text's length, or its integer, in *len.  -1 on error. */
static int
run_one(sqlite3 *db, const char *sql, const char *arg, long long *len)
{
	sqlite3_stmt *st = NULL;
	int			rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fprintf(stderr, "%s: %s\n", memcount_name, sqlite3_errmsg(db)), -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);	/* NUL-terminated: no copy */
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
	{
		fprintf(stderr, "%s: %.60s: %s\n", memcount_name, sql, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	*len = sqlite3_column_type(st, 0) == SQLITE_INTEGER ? sqlite3_column_int64(st, 0)
		: sqlite3_column_bytes(st, 0);
	sqlite3_finalize(st);
	return 0;
}

#endif							/* ORM_TEST_MEMCOUNT_H */
