--
-- blog: the seed's complete blog application ("Complete Code Examples" ->
-- "Full Application with Models, Relationships, and CRUD"), run through the
-- SQL functions.  One source for both engines: psql (pg_regress) and the
-- sqlite3 shell (test/sqlite/run.sh); plain '...' literals only.
--
-- Timestamps: created_at is given explicitly in the flushes so that results
-- (and query 2's ORDER BY created_at) are the same on every run; the
-- func.now() defaults are checked separately with IS NOT NULL.
--
\pset format unaligned

-- The model module, verbatim: from "from __future__" through class Tag.
SELECT orm_declare('from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import (
    Column,
    Enum as SAEnum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    func,
    select,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    selectinload,
    sessionmaker,
)


#  Base 

class Base(DeclarativeBase):
    pass


#  Enums 

class PostStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


#  Mixins 

class TimestampMixin:
    """Mixin that adds created_at and updated_at columns."""
    created_at: Mapped[datetime] = mapped_column(
        default=func.now(), server_default=func.now()
    )
    updated_at: Mapped[Optional[datetime]] = mapped_column(
        onupdate=func.now(), server_onupdate=func.now(), default=None
    )


#  Association Table 

post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


#  Models 

class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)

    # Relationships
    posts: Mapped[list["Post"]] = relationship(
        back_populates="author", cascade="all, delete-orphan"
    )
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="author", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, username={self.username!r})"


class Post(TimestampMixin, Base):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_author_status", "author_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[PostStatus] = mapped_column(
        SAEnum(PostStatus), default=PostStatus.DRAFT
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    # Relationships
    author: Mapped["User"] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="post", cascade="all, delete-orphan"
    )
    tags: Mapped[list["Tag"]] = relationship(
        secondary=post_tags, back_populates="posts"
    )

    def __repr__(self) -> str:
        return f"Post(id={self.id!r}, title={self.title!r})"


class Comment(TimestampMixin, Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    # Self-referential: threaded comments
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"))

    # Relationships
    post: Mapped["Post"] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship(back_populates="comments")
    replies: Mapped[list["Comment"]] = relationship(
        back_populates="parent", cascade="all, delete-orphan"
    )
    parent: Mapped[Optional["Comment"]] = relationship(
        back_populates="replies", remote_side=[id]
    )

    def __repr__(self) -> str:
        return f"Comment(id={self.id!r}, post_id={self.post_id!r})"


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)

    posts: Mapped[list["Post"]] = relationship(
        secondary=post_tags, back_populates="tags"
    )

    def __repr__(self) -> str:
        return f"Tag(id={self.id!r}, name={self.name!r})"
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

-- create_sample_data().  JSON cannot share one object between two places, so
-- the graph goes in three flushes: users and tags; the posts, whose author
-- and tags are the existing rows named by primary key ({"id": 1}); then
-- comment1 with reply1 nested in its replies (post and author by key).
SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"username": "alice", "email": "alice@example.com", "display_name": "Alice", "created_at": "2024-01-01T09:00:00"}},
  {"op": "add", "entity": "User", "data": {"username": "bob", "email": "bob@example.com", "display_name": "Bob", "created_at": "2024-01-01T09:30:00"}},
  {"op": "add", "entity": "Tag", "data": {"name": "python"}},
  {"op": "add", "entity": "Tag", "data": {"name": "sqlalchemy"}},
  {"op": "add", "entity": "Tag", "data": {"name": "tutorial"}}
]') AS users_and_tags;

SELECT orm_flush('[
  {"op": "add", "entity": "Post", "data": {"title": "Getting Started with SQLAlchemy 2.0", "slug": "getting-started-sqlalchemy-2",
    "body": "SQLAlchemy 2.0 introduces a modern API...", "status": "published", "created_at": "2024-01-02T10:00:00",
    "author": {"id": 1}, "tags": [{"id": 1}, {"id": 2}, {"id": 3}]}},
  {"op": "add", "entity": "Post", "data": {"title": "Advanced Querying Techniques", "slug": "advanced-querying",
    "body": "In this post we explore subqueries, CTEs...", "status": "draft", "created_at": "2024-01-03T10:00:00",
    "author": {"id": 1}, "tags": [{"id": 2}]}},
  {"op": "add", "entity": "Post", "data": {"title": "Python Best Practices", "slug": "python-best-practices",
    "body": "Here are some best practices for Python...", "status": "published", "created_at": "2024-01-04T10:00:00",
    "author": {"id": 2}, "tags": [{"id": 1}]}}
]') AS posts;

SELECT orm_flush('[
  {"op": "add", "entity": "Comment", "data": {"body": "Great article!", "created_at": "2024-01-05T08:00:00",
    "post": {"id": 1}, "author": {"id": 2},
    "replies": [{"body": "Thanks Bob!", "created_at": "2024-01-05T09:00:00", "post": {"id": 1}, "author": {"id": 1}}]}}
]') AS comments;

-- What was stored, as SQLAlchemy stores it (enum names, DATETIME text on SQLite).
SELECT id, username, email, display_name, is_active, created_at, updated_at FROM users ORDER BY id;
SELECT id, title, slug, status, author_id, created_at FROM posts ORDER BY id;
SELECT post_id, tag_id FROM post_tags ORDER BY post_id, tag_id;
SELECT id, body, post_id, author_id, parent_id, created_at FROM comments ORDER BY id;
SELECT id, name FROM tags ORDER BY id;

-- query_examples(), each statement verbatim.
-- 1. Simple select with eager loading
SELECT orm_select('select(User).options(selectinload(User.posts))') AS all_users_with_their_posts;

-- 2. Filter with join
SELECT orm_select('(
            select(Post)
            .join(Post.author)
            .where(User.username == "alice")
            .where(Post.status == PostStatus.PUBLISHED)
            .order_by(Post.created_at.desc())
        )') AS published_posts_by_alice;

-- 3. Aggregate query
SELECT orm_select('(
            select(User.username, func.count(Post.id).label("post_count"))
            .join(User.posts)
            .group_by(User.username)
            .order_by(func.count(Post.id).desc())
        )') AS post_count_per_user;

-- 4. Posts with a specific tag
SELECT orm_select('(
            select(Post)
            .join(Post.tags)
            .where(Tag.name == "python")
            .options(selectinload(Post.tags), selectinload(Post.author))
        )') AS posts_tagged_python;

-- 5. Subquery: users who have published posts
SELECT orm_select('subq = (
            select(Post.author_id)
            .where(Post.status == PostStatus.PUBLISHED)
            .distinct()
            .subquery()
        )
stmt = select(User).where(User.id.in_(select(subq.c.author_id)))') AS users_with_published_posts;

-- 6. Comments with threaded replies (eager loaded)
SELECT orm_select('(
            select(Comment)
            .where(Comment.parent_id.is_(None))
            .options(
                selectinload(Comment.replies),
                selectinload(Comment.author),
            )
        )') AS comments_with_replies;

-- session.get(), with and without loader options; a missing key is null.
SELECT orm_get('User', '1', 'selectinload(User.posts)') AS get_alice;
SELECT orm_get('Post', '{"id": 3}') AS get_post_3;
SELECT orm_get('Post', '99') AS missing;

-- What query 4 runs: the statement, then one selectin statement per option.
SELECT orm_compile('(
            select(Post)
            .join(Post.tags)
            .where(Tag.name == "python")
            .options(selectinload(Post.tags), selectinload(Post.author))
        )') AS query_4_sql;

-- update_example(): fetch alice by the seed's query, then change her
-- display_name (her key, 1, is the id the select above returned).
SELECT orm_select('select(User).where(User.username == "alice")') AS alice;
SELECT orm_flush('[{"op": "update", "entity": "User", "key": 1, "data": {"display_name": "Alice Wonderland"}}]') IS NOT NULL AS updated;
-- The seed's bulk update, its text verbatim from session.execute(...).
SELECT orm_select('select(Post.id).where(Post.status == PostStatus.DRAFT)') AS draft_posts;
SELECT orm_execute('update(Post)
            .where(Post.status == PostStatus.DRAFT)
            .values(status=PostStatus.ARCHIVED)') AS archived;
-- onupdate=func.now() filled updated_at of exactly the updated rows.
SELECT id, username, display_name, updated_at IS NOT NULL AS touched FROM users ORDER BY id;
SELECT id, slug, status, updated_at IS NOT NULL AS touched FROM posts ORDER BY id;

-- delete_example(): deleting bob cascades (all, delete-orphan) to his post
-- and his comment, from there to the comment's reply and to the post's
-- association rows.
SELECT orm_select('select(User).where(User.username == "bob")') AS bob;
SELECT orm_flush('[{"op": "delete", "entity": "User", "key": 2}]') AS deleted;
SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM posts) AS posts,
       (SELECT count(*) FROM comments) AS comments, (SELECT count(*) FROM post_tags) AS post_tags,
       (SELECT count(*) FROM tags) AS tags;
-- (updated_at now holds the time of the update, so the objects are shown
-- through columns that do not change from run to run)
SELECT orm_select('select(User.username, Post.title, Post.status).join(User.posts).order_by(Post.id)') AS posts_after_delete;
SELECT post_id, tag_id FROM post_tags ORDER BY post_id, tag_id;

-- The func.now() defaults: a user added without created_at gets one.
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "carol", "email": "carol@example.com"}}]') IS NOT NULL AS added;
SELECT username, created_at IS NOT NULL AS has_created_at, is_active FROM users ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
