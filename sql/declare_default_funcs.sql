\pset format unaligned
--
-- declare_default_funcs: a column's default= / onupdate= naming a module-level
-- function, as applications write them (`def utcnow(): return
-- datetime.now(timezone.utc)`), is that function's return value, read as a
-- lambda's body is; a function orm cannot read is an error at the default.
--
SELECT orm_declare('import uuid
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def utcnow() -> datetime:
    """Naive UTC, as stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def aware_now():
    return datetime.now(timezone.utc)


def new_key() -> str:
    return str(uuid.uuid4())


class Event(Base):
    __tablename__ = "df_events"
    id = Column(Integer, primary_key=True)
    key = Column(String(36), default=new_key)
    name = Column(String(20))
    created_at = Column(DateTime, default=utcnow)
    updated_at = Column(DateTime, default=utcnow, onupdate=utcnow)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=aware_now)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Event", "data": {"id": 1, "name": "a"}}]') IS NOT NULL AS added;
SELECT length(key) = 36 AS key36, created_at IS NOT NULL AS created, updated_at = created_at AS same,
       seen_at IS NOT NULL AS seen FROM df_events;
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 1}, "data": {"name": "b"}}]') IS NOT NULL AS updated;
SELECT name, updated_at > created_at AS later FROM df_events;

-- a function with parameters, or more than a return, is not read: an error at the default
SELECT orm_declare('from datetime import datetime
from sqlalchemy import Column, DateTime, Integer
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def stamp(ctx):
    return datetime.now()


class Thing(Base):
    __tablename__ = "df_things"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, default=stamp)
');
SELECT orm_declare('from datetime import datetime
from sqlalchemy import Column, DateTime, Integer
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def stamp():
    x = datetime.now()
    return x


class Thing(Base):
    __tablename__ = "df_things"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, default=stamp)
');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
