-- orm_flush(changes, result): what the flush hands back.  'objects' (the
-- default) echoes every operation's graph as stored; 'keys' only the primary
-- keys and what the flush or the database produced (generated keys,
-- defaults, foreign keys filled from relationships, onupdate, versions);
-- 'counts' only the row counts.  The rows stored are the same in each mode.
SELECT orm_declare('
import datetime
from typing import Optional
from sqlalchemy import Column, ForeignKey, String, Table, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

rt_links = Table("rt_links", Base.metadata,
    Column("doc_id", ForeignKey("rt_docs.id"), primary_key=True),
    Column("label_id", ForeignKey("rt_labels.id"), primary_key=True))

class Owner(Base):
    __tablename__ = "rt_owners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="person")
    note: Mapped[Optional[str]]
    docs: Mapped[list["Doc"]] = relationship(back_populates="owner")

class Doc(Base):
    __tablename__ = "rt_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10), server_default="new")
    revision: Mapped[int] = mapped_column(default=1, onupdate=lambda: 2)
    version: Mapped[int] = mapped_column(default=0)
    owner_id: Mapped[int] = mapped_column(ForeignKey("rt_owners.id"))
    owner: Mapped[Owner] = relationship(back_populates="docs")
    labels: Mapped[list["Label"]] = relationship(secondary=rt_links)
    __mapper_args__ = {"version_id_col": version}

class Label(Base):
    __tablename__ = "rt_labels"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- the default: every stored value
SELECT orm_flush('[{"op": "add", "entity": "Owner", "data": {"name": "ada",
  "docs": [{"title": "a1", "labels": [{"name": "red"}]}, {"title": "a2"}]}}]');
SELECT orm_flush('[{"op": "add", "entity": "Owner", "data": {"name": "bob"}}]', 'objects');

-- keys: keys, defaults, server defaults, filled foreign keys; not what was given
SELECT orm_flush('[{"op": "add", "entity": "Owner", "data": {"name": "cy", "note": "n",
  "docs": [{"title": "c1", "state": "draft", "labels": [{"name": "blue"}, {"id": 1}]}]}}]',
  'keys');
-- an update: the onupdate and the version; a delete: its key
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1, "data": {"title": "a1b", "version": 1}},
  {"op": "delete", "entity": "Doc", "key": 2}]', 'keys');

-- counts only
SELECT orm_flush('[{"op": "add", "entity": "Owner", "data": {"name": "dee",
  "docs": [{"title": "d1"}, {"title": "d2"}]}}]', 'counts');
SELECT orm_flush('[{"op": "delete", "entity": "Doc", "key": 4}]', 'counts');

-- a NULL choice is the default; anything else is refused
SELECT orm_flush('[{"op": "update", "entity": "Owner", "key": 4, "data": {"note": "x"}}]', NULL);
SELECT orm_flush('[{"op": "add", "entity": "Owner", "data": {"name": "eve"}}]', 'everything');
SELECT orm_flush('[{"op": "add", "entity": "Owner", "data": {"name": "eve"}}]', '');

-- the same rows whatever was asked back
SELECT id, name, kind, note FROM rt_owners ORDER BY id;
SELECT id, title, state, revision, version, owner_id FROM rt_docs ORDER BY id;
SELECT doc_id, label_id FROM rt_links ORDER BY doc_id, label_id;
SELECT id, name FROM rt_labels ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
