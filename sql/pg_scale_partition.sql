--
-- pg_scale_partition: partitioned tables as SQLAlchemy declares them
-- (postgresql_partition_by), PostgreSQL only.  orm_create_all makes the
-- partitioned parents; the partitions are the user's own DDL (SQLAlchemy
-- has no construct for them).  A key with a generated column next to the
-- partition key (autoincrement=True: SERIAL, fetched back), rows routed to
-- their partitions, a flush that changes the partition key (the row moves,
-- its comments follow by ON UPDATE CASCADE), eager loads across partitions,
-- orm_execute moving rows, and orm_automap of the partitioned tables (the
-- parents mapped, the partitions not; an identity column inside a composite
-- key generated).
--
\pset format unaligned

SELECT orm_declare('import datetime
from typing import Optional

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author", order_by="Post.id")


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_author", "author_id"),
        {"postgresql_partition_by": "RANGE (created_at)"},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime.datetime] = mapped_column(primary_key=True, server_default=func.now())
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship(back_populates="post", order_by="Comment.id")


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        ForeignKeyConstraint(["post_id", "post_created_at"], ["posts.id", "posts.created_at"],
                             onupdate="CASCADE", ondelete="CASCADE"),
        {"postgresql_partition_by": "HASH (id)"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int]
    post_created_at: Mapped[datetime.datetime]
    post: Mapped["Post"] = relationship(back_populates="comments")
');
SELECT orm_ddl();
SELECT orm_create_all();
-- the partitions: DDL of one's own
CREATE TABLE posts_2023 PARTITION OF posts FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE posts_2024 PARTITION OF posts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE comments_0 PARTITION OF comments FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE comments_1 PARTITION OF comments FOR VALUES WITH (MODULUS 2, REMAINDER 1);

-- one flush: generated keys come back, rows land in their partitions
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice", "posts": [
    {"title": "Spring", "created_at": "2023-04-01T08:00:00", "comments": [{"body": "first"}, {"body": "second"}]},
    {"title": "Winter", "created_at": "2024-01-20T08:00:00", "comments": [{"body": "brr"}]}]}},
  {"op": "add", "entity": "User", "data": {"username": "bob", "posts": [
    {"title": "Autumn", "created_at": "2023-10-10T08:00:00"}]}}]');
SELECT tableoid::regclass AS part, id, created_at, title FROM posts ORDER BY id;
SELECT tableoid::regclass AS part, id, post_id, post_created_at FROM comments ORDER BY id;

-- the flush changes the partition key: the row moves to posts_2024, its
-- comments follow (ON UPDATE CASCADE), the echo shows the stored row
SELECT orm_flush('[{"op": "update", "entity": "Post", "key": {"id": 1, "created_at": "2023-04-01T08:00:00"},
                    "data": {"created_at": "2024-04-01T08:00:00", "title": "Spring, a year on"}}]');
SELECT tableoid::regclass AS part, id, created_at, title FROM posts ORDER BY id;
SELECT tableoid::regclass AS part, id, post_id, post_created_at FROM comments ORDER BY id;

-- reads across partitions: selectin and joined loads, a filter on the key
SELECT orm_select('select(User).options(selectinload(User.posts).selectinload(Post.comments)).order_by(User.id)');
SELECT orm_select('select(Post).options(joinedload(Post.author)).where(Post.created_at >= datetime.datetime(2024, 1, 1)).order_by(Post.id)');
SELECT orm_get('Post', '{"id": 3, "created_at": "2023-10-10T08:00:00"}', 'selectinload(Post.comments)');

-- a new comment under a moved post takes its new key
SELECT orm_flush('[{"op": "update", "entity": "Post", "key": {"id": 1, "created_at": "2024-04-01T08:00:00"},
                    "data": {"comments": [{"id": 1}, {"id": 2}, {"body": "third"}]}}]');

-- orm_execute: a bulk UPDATE of the partition key moves rows too
SELECT orm_execute('update(Post).where(Post.title == "Autumn").values(created_at=datetime.datetime(2024, 10, 10, 8))');
SELECT tableoid::regclass AS part, id, created_at, title FROM posts ORDER BY id;

-- a row no partition takes: PostgreSQL's error, named by the object's path
SELECT orm_flush('[{"op": "add", "entity": "Post", "data": {"title": "Too late", "created_at": "2030-01-01T00:00:00", "author": {"id": 2}}}]');

-- automap: the partitioned tables are mapped (not their partitions); the
-- generated column of a composite key is autoincrement=True
DELETE FROM orm_registry;
CREATE TABLE events (id INTEGER GENERATED BY DEFAULT AS IDENTITY, at TIMESTAMP NOT NULL,
    kind VARCHAR(20) NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT orm_automap();
SELECT orm_ddl();
SELECT orm_flush('[{"op": "add", "entity": "events", "data": {"at": "2024-02-02T00:00:00", "kind": "login"}},
                   {"op": "add", "entity": "posts", "data": {"title": "Automapped", "created_at": "2024-03-03T00:00:00", "author_id": 1}}]');

DROP TABLE events, comments, posts, users;
DELETE FROM orm_registry;
