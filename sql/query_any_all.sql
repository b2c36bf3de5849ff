--
-- query_any_all: any_() / all_() (sqlalchemy.any_, all_), as the apps6 guide
-- chapter writes them: x == any_(subquery) is x = ANY (SELECT ...), each row
-- of the subquery (not one array value); any_/all_ of an array() or a list
-- (one ARRAY parameter).  PostgreSQL's: SQLite has no ANY / ALL, and
-- SQLAlchemy's statement fails there, so orm refuses them there with their
-- line and column.  Results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Viewer(Base):
    __tablename__ = "aa_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[Optional[str]] = mapped_column(String(2))


class Ping(Base):
    __tablename__ = "aa_hits"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("aa_people.id"))
    status: Mapped[int]
    ms: Mapped[int]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Viewer", "data": {"id": 1, "country": "DE"}},
 {"op": "add", "entity": "Viewer", "data": {"id": 2, "country": "US"}},
 {"op": "add", "entity": "Viewer", "data": {"id": 3, "country": "DE"}},
 {"op": "add", "entity": "Ping", "data": {"id": 1, "person_id": 1, "status": 200, "ms": 120}},
 {"op": "add", "entity": "Ping", "data": {"id": 2, "person_id": 2, "status": 404, "ms": 80}},
 {"op": "add", "entity": "Ping", "data": {"id": 3, "person_id": 3, "status": 500, "ms": 300}},
 {"op": "add", "entity": "Ping", "data": {"id": 4, "person_id": 2, "status": 200, "ms": 90}}
]') IS NOT NULL AS flushed;

SELECT orm_compile('select(Ping.id).where(Ping.person_id == any_(select(Viewer.id).where(Viewer.country == "DE").scalar_subquery()))') AS sql;
SELECT orm_select('select(Ping.id).where(Ping.person_id == any_(select(Viewer.id).where(Viewer.country == "DE").scalar_subquery())).order_by(Ping.id)') AS r;
SELECT orm_select('select(Ping.id).where(Ping.ms > all_(select(Ping.ms).where(Ping.status == 200).scalar_subquery())).order_by(Ping.id)') AS r;
SELECT orm_select('select(Ping.id, (Ping.ms >= all_(select(Ping.ms).scalar_subquery())).label("slowest")).order_by(Ping.id)') AS r;
SELECT orm_select('select(Ping.id).where(Ping.status == any_(array([404, 500]))).order_by(Ping.id)') AS r;
SELECT orm_select('select(Ping.id).where(Ping.status != all_([200, 404])).order_by(Ping.id)') AS r;
-- one argument
SELECT orm_select('select(Ping.id).where(Ping.status == any_())') AS r;
