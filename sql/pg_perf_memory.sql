--
-- pg_perf_memory: a backend keeps no memory after a large orm_select
-- (README "Speed").  The blog graph at a small scale (1,000 users, 10 posts
-- each, 3 comments and 3 tags per post: R1 of `make bench` in miniature).
-- The backend's private memory (RssAnon of /proc/self/status) is read after
-- a call of five users and after one of half the size, which warm every
-- cache a call fills for good (registry, plans, catalog), and again after
-- the whole graph: what the larger call used must have gone back to the
-- system, not stayed with the backend (glibc's growing thresholds and the
-- holes in its heap, a large arena block cache): under 1 MB above either.
--
\pset format unaligned

SELECT orm_declare('
import datetime
from typing import List, Optional
from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

mem_post_tags = Table("mem_post_tags", Base.metadata,
    Column("post_id", ForeignKey("mem_posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("mem_tags.id"), primary_key=True))

class User(Base):
    __tablename__ = "mem_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime.datetime]
    posts: Mapped[List["Post"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "mem_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("mem_users.id"), index=True)
    created_at: Mapped[datetime.datetime]
    author: Mapped[User] = relationship(back_populates="posts")
    comments: Mapped[List["Comment"]] = relationship(back_populates="post")
    tags: Mapped[List["Tag"]] = relationship(secondary=mem_post_tags)

class Comment(Base):
    __tablename__ = "mem_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int] = mapped_column(ForeignKey("mem_posts.id"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mem_comments.id"))
    post: Mapped[Post] = relationship(back_populates="comments")

class Tag(Base):
    __tablename__ = "mem_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

INSERT INTO mem_tags (id, name) SELECT t, 'tag-' || t FROM generate_series(1, 50) t;
INSERT INTO mem_users (id, username, email, is_active, created_at)
	SELECT u, 'user' || u, 'user' || u || '@example.com', u % 10 <> 0,
		'2024-01-01'::timestamp + u * interval '1 minute'
	FROM generate_series(1, 1000) u;
INSERT INTO mem_posts (id, title, body, author_id, created_at)
	SELECT p, 'Post ' || p, repeat('lorem ipsum ', 20 + p % 20), (p - 1) / 10 + 1,
		'2024-01-01'::timestamp + p * interval '37 seconds'
	FROM generate_series(1, 10000) p;
INSERT INTO mem_comments (id, body, post_id, parent_id)
	SELECT c, 'c' || c || ': ' || repeat('dolor ', 10 + c % 10), (c - 1) / 3 + 1,
		CASE WHEN c % 3 = 0 THEN c - 2 END
	FROM generate_series(1, 30000) c;
INSERT INTO mem_post_tags (post_id, tag_id)
	SELECT p, (p + d) % 50 + 1 FROM generate_series(1, 10000) p, (VALUES (0), (17), (34)) x(d);
ANALYZE mem_users, mem_posts, mem_comments, mem_tags, mem_post_tags;

CREATE TEMP TABLE mem_seen (step text, anon_kb bigint, out_bytes bigint);
CREATE FUNCTION pg_temp.anon_kb() RETURNS bigint LANGUAGE sql AS
$$ SELECT (regexp_match(pg_read_file('/proc/self/status'), 'RssAnon:\s+(\d+)'))[1]::bigint $$;

-- five users: every statement shape the whole graph runs, the registry,
-- plans and catalog caches filled, as any connection that ever ran it has them
INSERT INTO mem_seen SELECT 'small', pg_temp.anon_kb(), length(orm_select(
	'select(User).where(User.id <= 5).options(selectinload(User.posts).selectinload(Post.comments), '
	'selectinload(User.posts).selectinload(Post.tags))')::text);
UPDATE mem_seen SET anon_kb = pg_temp.anon_kb() WHERE step = 'small';
-- half the graph: every statement the whole graph runs, every cache filled
INSERT INTO mem_seen SELECT 'half', pg_temp.anon_kb(), length(orm_select(
	'select(User).where(User.id <= 500).options(selectinload(User.posts).selectinload(Post.comments), '
	'selectinload(User.posts).selectinload(Post.tags))')::text);
UPDATE mem_seen SET anon_kb = pg_temp.anon_kb() WHERE step = 'half';
-- the whole graph, twice
INSERT INTO mem_seen SELECT 'whole', NULL, length(orm_select(
	'select(User).where(User.id <= 1000).options(selectinload(User.posts).selectinload(Post.comments), '
	'selectinload(User.posts).selectinload(Post.tags))')::text);
INSERT INTO mem_seen SELECT 'again', NULL, length(orm_select(
	'select(User).where(User.id <= 1000).options(selectinload(User.posts).selectinload(Post.comments), '
	'selectinload(User.posts).selectinload(Post.tags))')::text);
UPDATE mem_seen SET anon_kb = pg_temp.anon_kb() WHERE step = 'again';

-- the document is megabytes; the backend keeps less than 1 MB of it, above
-- what it keeps after the five users' call (issue 9's bound: its rows,
-- objects, document and the copy for the client all gone back)
SELECT (SELECT out_bytes FROM mem_seen WHERE step = 'whole') > 4000000 AS large_document,
	(SELECT out_bytes FROM mem_seen WHERE step = 'whole') =
		(SELECT out_bytes FROM mem_seen WHERE step = 'again') AS same_document,
	(SELECT anon_kb FROM mem_seen WHERE step = 'again') -
		(SELECT anon_kb FROM mem_seen WHERE step = 'half') < 1024 AS kept_under_1mb,
	(SELECT anon_kb FROM mem_seen WHERE step = 'again') -
		(SELECT anon_kb FROM mem_seen WHERE step = 'small') < 1024 AS kept_under_1mb_above_small;

DROP TABLE mem_seen;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
