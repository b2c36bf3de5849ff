\pset format unaligned
--
-- flush_post_update: relationship(post_update=True), as SQLAlchemy 2.0
-- writes it (checked against session.flush with echo=True):
--   * insert: the row is inserted with the foreign key NULL, and an UPDATE
--     sets it once every row is stored;
--   * a self-referential many-to-one with post_update: the rows are not
--     ordered parent first, but inserted in session.add order (g, c, root
--     get ids 1, 2, 3), then the keys are set; its backref takes
--     post_update too;
--   * update: the key is left out of the row's UPDATE and set by its own;
--   * delete: a key to a row deleted in the same flush is set to NULL
--     before the DELETEs;
--   * Widget.favorite_entry / Entry.widget: the "Rows that point to
--     themselves / Mutually Dependent Rows" pattern of SQLAlchemy's docs.
-- PostgreSQL checks every foreign key at once, so a wrong order fails there.
--
SELECT orm_declare('from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Entry(Base):
    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    widget_id: Mapped[Optional[int]] = mapped_column(ForeignKey("widgets.id"))


class Widget(Base):
    __tablename__ = "widgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    favorite_entry_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("entries.id", name="fk_favorite_entry"))
    entries: Mapped[list[Entry]] = relationship(primaryjoin="Widget.id == Entry.widget_id")
    favorite_entry: Mapped[Optional[Entry]] = relationship(
        primaryjoin="Widget.favorite_entry_id == Entry.id", post_update=True)


class Node(Base):
    __tablename__ = "nodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("nodes.id"))
    parent: Mapped[Optional["Node"]] = relationship(remote_side=[id], post_update=True,
                                                    backref="children")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- the widget first with favorite_entry_id NULL, its entries, then the UPDATE
SELECT orm_flush('[{"op": "add", "entity": "Widget", "data": {"name": "w1",
    "entries": [{"name": "e1"}, {"name": "e2"}], "favorite_entry": {"name": "e2"}}}]') AS flushed;
SELECT id, name, favorite_entry_id FROM widgets ORDER BY id;
SELECT id, name, widget_id FROM entries ORDER BY id;

-- self-referential: g, c, root in that order, keys set afterwards
SELECT orm_flush('[{"op": "add", "entity": "Node", "data": {"name": "g",
    "parent": {"name": "c", "parent": {"name": "root"}}}}]') AS flushed;
SELECT id, name, parent_id FROM nodes ORDER BY id;

-- a new favorite for an existing widget, with a name change
SELECT orm_flush('[{"op": "update", "entity": "Widget", "key": 1,
    "data": {"name": "w1b", "favorite_entry": {"id": 1}}}]') AS flushed;
SELECT id, name, favorite_entry_id FROM widgets ORDER BY id;

-- the same favorite again: nothing to write
SELECT orm_flush('[{"op": "update", "entity": "Widget", "key": 1,
    "data": {"favorite_entry": {"id": 1}}}]') AS unchanged;

-- c and its parent root deleted together; g loses its parent
SELECT orm_flush('[{"op": "delete", "entity": "Node", "key": 2},
  {"op": "delete", "entity": "Node", "key": 3}]') AS flushed;
SELECT id, name, parent_id FROM nodes ORDER BY id;

-- the favorite entry and its widget deleted together; e2 loses its widget
SELECT orm_flush('[{"op": "delete", "entity": "Entry", "key": 1},
  {"op": "delete", "entity": "Widget", "key": 1}]') AS flushed;
SELECT id, name, favorite_entry_id FROM widgets ORDER BY id;
SELECT id, name, widget_id FROM entries ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
