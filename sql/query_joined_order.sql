--
-- query_joined_order: a collection filled by a joined eager load comes in
-- the engine's row order, as SQLAlchemy's does: the joined statement's
-- ORDER BY is the root's, then each joined relationship's order_by on its
-- alias (desc(), nulls_last(), a secondary table's column), so the engine
-- sorts text under the column's collation. Here the text columns have a
-- linguistic collation (PostgreSQL: ICU's en-x-icu, from the cluster's
-- pg_collation; SQLite: NOCASE), where byte order differs: "Banana" < "apple"
-- by bytes, apple < Apple < banana < Banana (ICU), apple = Apple (NOCASE).
-- Mixed case, NULLs and ties (equal under the collation, or equal text).
--
-- A collection without order_by is in primary key order (docs/reference.md;
-- SQLAlchemy leaves it to the engine): orm sorts it after a joined load.
--
-- Checked against SQLAlchemy 2.0.52 (/work/sa20/python): the same models
-- and rows, each query run with session.scalars(stmt).unique() on SQLite
-- (sqlite3, NOCASE) and on PostgreSQL 15 (psycopg2, a cluster made with
-- --locale=C like the tests', en-x-icu), every loaded collection's ids
-- compared with this file's results on both engines (a collection without
-- order_by by primary key, as test/guide/gen_expected.py compares them):
-- all equal, ties included. The statements are SQLAlchemy's (orm_compile
-- below).
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Txt = String(20).with_variant(String(20, collation="en-x-icu"), "postgresql").with_variant(
    String(20, collation="NOCASE"), "sqlite")


class Base(DeclarativeBase):
    pass


jo_tagging = Table(
    "jo_tagging",
    Base.metadata,
    Column("post_id", ForeignKey("jo_posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("jo_tags.id"), primary_key=True),
    Column("pos", Integer),
)


class Author(Base):
    __tablename__ = "jo_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Txt)
    posts: Mapped[List["Post"]] = relationship(order_by="Post.title", back_populates="author")
    posts_desc: Mapped[List["Post"]] = relationship(order_by="Post.title.desc().nulls_last()", viewonly=True)
    posts_raw: Mapped[List["Post"]] = relationship(viewonly=True)
    notes: Mapped[List["Note"]] = relationship(order_by="(Note.body, Note.id)")


class Post(Base):
    __tablename__ = "jo_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("jo_authors.id"))
    title: Mapped[Optional[str]] = mapped_column(Txt)
    author: Mapped["Author"] = relationship(back_populates="posts")
    comments: Mapped[List["Comment"]] = relationship(order_by="Comment.body")
    tags: Mapped[List["Tag"]] = relationship(secondary=jo_tagging, order_by=jo_tagging.c.pos)


class Comment(Base):
    __tablename__ = "jo_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("jo_posts.id"))
    body: Mapped[Optional[str]] = mapped_column(Txt)


class Note(Base):
    __tablename__ = "jo_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("jo_authors.id"))
    body: Mapped[Optional[str]] = mapped_column(Txt)


class Tag(Base):
    __tablename__ = "jo_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Txt)


class Box(Base):
    __tablename__ = "jo_boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[List["Item"]] = relationship(order_by="Item.label", lazy="joined")


class Item(Base):
    __tablename__ = "jo_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    box_id: Mapped[int] = mapped_column(ForeignKey("jo_boxes.id"))
    label: Mapped[Optional[str]] = mapped_column(Txt)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
-- the columns' collation, as SQLAlchemy writes it
SELECT orm_ddl() AS ddl;

SELECT orm_execute('insert(Author)', '[{"id": 1, "name": "ann"}, {"id": 2, "name": "Bob"}, {"id": 3, "name": "carl"}]') AS r;
SELECT orm_execute('insert(Post)', '[{"id": 1, "author_id": 1, "title": "banana"}, {"id": 2, "author_id": 1, "title": "Apple"}, {"id": 3, "author_id": 1, "title": null}, {"id": 4, "author_id": 1, "title": "cherry"}, {"id": 5, "author_id": 1, "title": "apple"}, {"id": 6, "author_id": 1, "title": "Banana"}, {"id": 7, "author_id": 1, "title": "banana"}, {"id": 8, "author_id": 2, "title": "zed"}, {"id": 9, "author_id": 2, "title": "Yak"}, {"id": 10, "author_id": 2, "title": "x-ray"}]') AS r;
SELECT orm_execute('insert(Comment)', '[{"id": 1, "post_id": 1, "body": "b"}, {"id": 2, "post_id": 1, "body": "A"}, {"id": 3, "post_id": 1, "body": "a"}, {"id": 4, "post_id": 1, "body": null}, {"id": 5, "post_id": 2, "body": "Z"}, {"id": 6, "post_id": 2, "body": "y"}, {"id": 7, "post_id": 6, "body": "x"}, {"id": 8, "post_id": 9, "body": "B"}, {"id": 9, "post_id": 9, "body": "a"}]') AS r;
SELECT orm_execute('insert(Note)', '[{"id": 1, "author_id": 1, "body": "b"}, {"id": 2, "author_id": 1, "body": "B"}, {"id": 3, "author_id": 1, "body": "a"}, {"id": 4, "author_id": 1, "body": null}, {"id": 5, "author_id": 1, "body": "A"}, {"id": 6, "author_id": 2, "body": "Q"}, {"id": 7, "author_id": 2, "body": "p"}]') AS r;
SELECT orm_execute('insert(Tag)', '[{"id": 1, "name": "x"}, {"id": 2, "name": "Y"}, {"id": 3, "name": "z"}]') AS r;
SELECT orm_execute('insert(jo_tagging)', '[{"post_id": 1, "tag_id": 1, "pos": 2}, {"post_id": 1, "tag_id": 2, "pos": 1}, {"post_id": 1, "tag_id": 3, "pos": null}, {"post_id": 2, "tag_id": 3, "pos": 1}, {"post_id": 2, "tag_id": 1, "pos": 1}]') AS r;
SELECT orm_execute('insert(Box)', '[{"id": 1}, {"id": 2}]') AS r;
SELECT orm_execute('insert(Item)', '[{"id": 1, "box_id": 1, "label": "b"}, {"id": 2, "box_id": 1, "label": "A"}, {"id": 3, "box_id": 1, "label": "c"}, {"id": 4, "box_id": 1, "label": null}, {"id": 5, "box_id": 1, "label": "a"}, {"id": 6, "box_id": 1, "label": "B"}]') AS r;

-- joinedload: ORDER BY the relationship's order_by on its alias
SELECT orm_compile('select(Author).options(joinedload(Author.posts))') AS sql;
SELECT orm_select('select(Author).options(joinedload(Author.posts))') AS r;
-- LIMIT: the root in a subquery, its ORDER BY first
SELECT orm_compile('select(Author).order_by(Author.name).limit(2).options(joinedload(Author.posts))') AS sql;
SELECT orm_select('select(Author).order_by(Author.name).limit(2).options(joinedload(Author.posts))') AS r;
-- a chain: each level's order_by in turn
SELECT orm_compile('select(Author).order_by(Author.id).options(joinedload(Author.posts).joinedload(Post.comments))') AS sql;
SELECT orm_select('select(Author).order_by(Author.id).options(joinedload(Author.posts).joinedload(Post.comments))') AS r;
-- two collections side by side (order_by=(Note.body, Note.id): ties by id)
SELECT orm_compile('select(Author).order_by(Author.id).options(joinedload(Author.posts), joinedload(Author.notes))') AS sql;
SELECT orm_select('select(Author).order_by(Author.id).options(joinedload(Author.posts), joinedload(Author.notes))') AS r;
-- joinedload inside selectinload: the selectin statement's ORDER BY
SELECT orm_compile('select(Author).order_by(Author.id).options(selectinload(Author.posts).joinedload(Post.comments))') AS sql;
SELECT orm_select('select(Author).order_by(Author.id).options(selectinload(Author.posts).joinedload(Post.comments))') AS r;
-- lazy="joined"
SELECT orm_compile('select(Box)') AS sql;
SELECT orm_select('select(Box)') AS r;
-- no order_by: primary key order (SQLAlchemy's statement has no ORDER BY for it)
SELECT orm_compile('select(Author).order_by(Author.id).options(joinedload(Author.posts_raw))') AS sql;
SELECT orm_select('select(Author).order_by(Author.id).options(joinedload(Author.posts_raw))') AS r;
-- desc().nulls_last(), joined and selectin
SELECT orm_compile('select(Author).order_by(Author.id).options(joinedload(Author.posts_desc))') AS sql;
SELECT orm_select('select(Author).order_by(Author.id).options(joinedload(Author.posts_desc))') AS r;
SELECT orm_compile('select(Author).order_by(Author.id).options(selectinload(Author.posts_desc))') AS sql;
SELECT orm_select('select(Author).order_by(Author.id).options(selectinload(Author.posts_desc))') AS r;
-- a secondary table's column
SELECT orm_compile('select(Post).where(Post.id < 3).options(joinedload(Post.tags))') AS sql;
SELECT orm_select('select(Post).where(Post.id < 3).options(joinedload(Post.tags))') AS r;
-- the root ordered too: its order first
SELECT orm_compile('select(Author).order_by(Author.name.desc()).options(joinedload(Author.posts))') AS sql;
SELECT orm_select('select(Author).order_by(Author.name.desc()).options(joinedload(Author.posts))') AS r;
-- joinedload below contains_eager: its order_by after the statement's
SELECT orm_compile('select(Author).join(Author.posts).order_by(Author.id, Post.title).options(contains_eager(Author.posts).joinedload(Post.comments))') AS sql;
SELECT orm_select('select(Author).join(Author.posts).order_by(Author.id, Post.title).options(contains_eager(Author.posts).joinedload(Post.comments))') AS r;
-- selectinload, for comparison: the same collections
SELECT orm_select('select(Author).order_by(Author.id).options(selectinload(Author.posts).selectinload(Post.comments))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
