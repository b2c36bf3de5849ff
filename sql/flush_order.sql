\pset format unaligned
--
-- flush_order: the order orm_flush inserts rows in, hence the keys a table
-- generates, is SQLAlchemy 2.0's (checked against session.add + flush):
--   * session.add(obj) walks the "save-update" cascade depth first from
--     obj, relationships in declaration order (User.posts before
--     User.comments), whatever order the JSON names them in;
--   * an operation adds what was linked to an earlier operation's objects
--     since (bob's post below comes after alice's);
--   * a self-referential table is inserted level by level, an existing
--     parent counting as a level of its own;
--   * rows of different column shapes keep their order (the multi-row
--     INSERTs take consecutive rows only).
--
SELECT orm_declare('from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author", cascade="all, delete-orphan")
    comments: Mapped[list["Comment"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship(back_populates="post", cascade="all, delete-orphan")


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"))
    post: Mapped["Post"] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship(back_populates="comments")
    replies: Mapped[list["Comment"]] = relationship(back_populates="parent")
    parent: Mapped[Optional["Comment"]] = relationship(back_populates="replies", remote_side=[id])


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("categories.id"))
    children: Mapped[list["Category"]] = relationship(back_populates="parent", cascade="all, delete-orphan")
    parent: Mapped[Optional["Category"]] = relationship(back_populates="children", remote_side=[id])


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(default=1)
    note: Mapped[Optional[str]]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- The JSON names alice's comments before her posts.  The walk goes
-- User.posts first (declaration order), and that collection holds p0
-- first: p0's "author" joined it (the backref) before p1 and p2 did.
-- Comments follow the walk: c-user-1 under p0, c-post-1 under p1, then
-- p2's: c-user-2 (linked first), c-post-2; its reply r1 one level down.
-- Bob is reached through c-post-2 in changes[0]; his post p3, linked in
-- changes[1], comes last.
SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"username": "alice",
    "comments": [{"body": "c-user-1", "post": {"slug": "p0", "author": {"username": "alice"}}},
                 {"body": "c-user-2", "post": {"slug": "p2"}}],
    "posts": [{"slug": "p1", "comments": [{"body": "c-post-1", "author": {"username": "alice"}}]},
              {"slug": "p2", "comments": [{"body": "c-post-2", "author": {"username": "bob"},
                 "replies": [{"body": "r1", "author": {"username": "alice"}, "post": {"slug": "p2"}}]}]}]}},
  {"op": "add", "entity": "User", "data": {"username": "bob", "posts": [{"slug": "p3"}]}}
]') AS flushed;
SELECT id, username FROM users ORDER BY id;
SELECT id, slug, author_id FROM posts ORDER BY id;
SELECT id, body, post_id, author_id, parent_id FROM comments ORDER BY id;

-- A tree: each level in one statement, depth first within it; then two
-- new rows under existing and new parents: Tablets (under an existing
-- row) waits a level, so Deepest, a new root, is inserted first.
SELECT orm_flush('[{"op": "add", "entity": "Category", "data": {"name": "Electronics", "children": [
  {"name": "Phones", "children": [{"name": "Android"}, {"name": "iPhone"}]},
  {"name": "Laptops", "children": [{"name": "Gaming", "children": [{"name": "RGB"}]}]}]}},
  {"op": "add", "entity": "Category", "data": {"name": "Books"}}]') AS flushed;
SELECT orm_flush('[{"op": "add", "entity": "Category", "data": {"name": "Tablets", "parent": {"id": 1}}},
  {"op": "add", "entity": "Category", "data": {"name": "Deep", "parent": {"name": "Deeper",
    "parent": {"name": "Deepest"}}}}]') AS flushed;
SELECT id, name, parent_id FROM categories ORDER BY id;

-- Rows of different shapes (note given or not, qty defaulted or not)
-- keep their order: one INSERT takes consecutive rows, an unset note
-- binds NULL.
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"sku": "a"}},
  {"op": "add", "entity": "Item", "data": {"sku": "b", "note": "n"}},
  {"op": "add", "entity": "Item", "data": {"sku": "c", "qty": 5}},
  {"op": "add", "entity": "Item", "data": {"sku": "d"}},
  {"op": "add", "entity": "Item", "data": {"sku": "e", "note": null}}]') AS items;
SELECT id, sku, qty, note FROM items ORDER BY id;

-- Deleting alice: the cascade loads each round's children with one
-- SELECT ... IN per relationship; bob's comment on her post goes with it.
SELECT orm_flush('[{"op": "delete", "entity": "User", "key": 1}]') AS flushed;
SELECT id, slug FROM posts ORDER BY id;
SELECT id, body FROM comments ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
