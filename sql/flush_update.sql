\pset format unaligned
--
-- flush_update: what an update touches, as SQLAlchemy 2.0's attribute
-- history decides (checked against session.flush):
--   * an attribute given its stored value is no change: no UPDATE, no
--     onupdate, no version_id_col bump (7.5 and 7.50 are one Decimal);
--   * a many-to-many collection given for an existing row is complete:
--     only dropped pairs are deleted, only new pairs inserted;
--   * an empty collection clears the association rows; a delete cascades
--     along a many-to-many relationship with cascade "all";
--   * None given on insert leaves the column out, so its default applies
--     (except JSON, which stores 'null');
--   * an interval is stored as days and seconds, as psycopg2 sends a
--     timedelta (PostgreSQL; SQLite stores epoch + delta);
--   * tables that refer to each other: a foreign key to a row stored later
--     is NULL in the INSERT and set by an UPDATE afterwards (post_update).
--
SELECT orm_declare('from datetime import timedelta
from decimal import Decimal
from typing import Optional

from sqlalchemy import JSON, Column, ForeignKey, Integer, Numeric, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    note: Mapped[Optional[str]] = mapped_column(String(20), default="none", onupdate="edited")
    extra: Mapped[Optional[dict]] = mapped_column(JSON)
    wait: Mapped[Optional[timedelta]]
    version_id: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version_id}


doc_tags = Table(
    "doc_tags",
    Base.metadata,
    Column("doc_id", Integer, ForeignKey("docs.id"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id"), primary_key=True),
)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    docs: Mapped[list["Doc"]] = relationship(secondary=doc_tags, backref="tags")


box_items = Table(
    "box_items",
    Base.metadata,
    Column("box_id", Integer, ForeignKey("boxes.id"), primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
)


class Box(Base):
    __tablename__ = "boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[list["Item"]] = relationship(secondary=box_items, cascade="all")


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    favorite_id: Mapped[Optional[int]] = mapped_column(ForeignKey("widgets.id"))
    widgets: Mapped[list["Widget"]] = relationship(back_populates="owner", foreign_keys="Widget.owner_id")
    favorite: Mapped[Optional["Widget"]] = relationship(foreign_keys=[favorite_id], post_update=True)


class Widget(Base):
    __tablename__ = "widgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    owner: Mapped[Optional["Person"]] = relationship(back_populates="widgets", foreign_keys=[owner_id])
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- None for note and extra: note gets its default, extra stores JSON null
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"title": "a", "price": "7.50",
    "note": null, "extra": null, "wait": 90000.5, "tags": [{"name": "x"}, {"name": "y"}]}},
  {"op": "add", "entity": "Doc", "data": {"title": "b", "price": 1, "wait": -1.25}}]') AS flushed;
SELECT id, title, price, note, extra, version_id FROM docs ORDER BY id;
SELECT id, wait FROM docs ORDER BY id;

-- the stored values again (7.5 = 7.50): nothing to write
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1,
    "data": {"title": "a", "price": 7.5, "extra": null, "wait": 90000.5, "version_id": 1}}]') AS unchanged;
SELECT id, title, note, version_id FROM docs ORDER BY id;

-- one change: the UPDATE sets it, the onupdate and the version
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1,
    "data": {"title": "a2", "price": "7.50", "version_id": 1}}]') AS changed;
SELECT id, title, price, note, version_id FROM docs ORDER BY id;

-- a stale version is refused, and nothing of the flush remains
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 2, "data": {"title": "b2"}},
  {"op": "update", "entity": "Doc", "key": 1, "data": {"title": "a3", "version_id": 1}}]') AS stale;
SELECT id, title, version_id FROM docs ORDER BY id;

-- the tags of doc 1 become y, z: x's pair is deleted, y's stays, z's is new
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1,
    "data": {"tags": [{"id": 2}, {"name": "z"}]}}]') AS retagged;
SELECT doc_id, tag_id FROM doc_tags ORDER BY doc_id, tag_id;
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1, "data": {"tags": []}}]') AS untagged;
SELECT count(*) AS pairs FROM doc_tags;

-- cascade "all" along a many-to-many: the box's items go with it
SELECT orm_flush('[{"op": "add", "entity": "Box", "data": {"items": [{"name": "i1"}, {"name": "i2"}]}},
  {"op": "add", "entity": "Box", "data": {"items": [{"name": "i3"}]}}]') AS boxes;
SELECT orm_flush('[{"op": "delete", "entity": "Box", "key": 1}]') AS box_deleted;
SELECT id, name FROM items ORDER BY id;
SELECT box_id, item_id FROM box_items ORDER BY box_id, item_id;

-- people -> widgets (favorite) and widgets -> people (owner): the person
-- is inserted with no favorite, the widgets follow, then the UPDATE
SELECT orm_flush('[{"op": "add", "entity": "Person", "data": {"name": "p1",
    "widgets": [{"name": "w1"}, {"name": "w2"}], "favorite": {"name": "w3"}}}]') AS cycle;
SELECT id, name, favorite_id FROM people ORDER BY id;
SELECT id, name, owner_id FROM widgets ORDER BY id;
SELECT orm_flush('[{"op": "update", "entity": "Person", "key": 1,
    "data": {"favorite": {"name": "w4", "owner": {"name": "p2"}}}}]') AS cycle_update;
SELECT id, name, favorite_id FROM people ORDER BY id;
SELECT id, name, owner_id FROM widgets ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
