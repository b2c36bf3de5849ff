--
-- query_apps6: defects the apps6 guide chapter (test/guide/cases/apps6.py)
-- found, as applications write the statements:
--  - a column of with_polymorphic()'s single-table subclass in the select
--    list (wp.Video.duration_s) adds that subclass's discriminator criterion,
--    as Video.duration_s does (orm returned every row of the table); columns
--    of two subclasses add both criteria (orm added the first one's only);
--  - session.get(Cls, key, with_for_update=True) locks the row (FOR UPDATE on
--    PostgreSQL; SQLite has no row locks and SQLAlchemy writes none there).
-- One source for both engines; results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Asset(Base):
    __tablename__ = "a6_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "item"}


class Reel(Asset):
    seconds: Mapped[Optional[int]]
    __mapper_args__ = {"polymorphic_identity": "clip"}


class Memo(Asset):
    words: Mapped[Optional[int]]
    __mapper_args__ = {"polymorphic_identity": "note"}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Asset", "data": {"id": 1, "title": "plain"}},
 {"op": "add", "entity": "Reel", "data": {"id": 2, "title": "intro", "seconds": 620}},
 {"op": "add", "entity": "Memo", "data": {"id": 3, "title": "memo", "words": 40}},
 {"op": "add", "entity": "Reel", "data": {"id": 4, "title": "tips", "seconds": 95}}
]') IS NOT NULL AS flushed;

-- wp.Reel.seconds selected: only clips, aliased or not
SELECT orm_select('wp = with_polymorphic(Asset, [Reel], aliased=True)
select(wp.title, wp.Reel.seconds).order_by(wp.id)') AS r;
SELECT orm_select('wp = with_polymorphic(Asset, [Reel, Memo])
select(wp.id, wp.Memo.words.label("w")).order_by(wp.id)') AS r;
-- two subclasses' columns: both criteria, so no row (as SQLAlchemy); one subclass twice: once
SELECT orm_select('wp = with_polymorphic(Asset, [Reel, Memo])
select(wp.Reel.seconds, wp.Memo.words)') AS r;
SELECT orm_select('select(Reel.title, Memo.words)') AS r;
SELECT orm_compile('select(Reel.title, Reel.seconds)') AS sql;
-- in WHERE it is a plain column (every row with seconds > 100)
SELECT orm_select('wp = with_polymorphic(Asset, [Reel], aliased=True)
select(wp.title).where(wp.Reel.seconds > 100)') AS r;
-- the whole with_polymorphic entity: every row
SELECT orm_select('wp = with_polymorphic(Asset, "*")
select(wp).order_by(wp.id)') AS r;

-- session.get(..., with_for_update=True)
SELECT orm_compile('session.get(Reel, 2, with_for_update=True)') AS sql;
SELECT orm_select('session.get(Reel, 2, with_for_update=True)') AS r;
SELECT orm_select('session.get(Reel, 2, with_for_update=False)') AS r;
SELECT orm_select('session.get(Reel, 2, with_for_update={"nowait": True})') AS r;
