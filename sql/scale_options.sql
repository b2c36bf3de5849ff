--
-- scale_options: the table options SQLAlchemy's dialects know, written by
-- orm_ddl() / orm_create_all() as SQLAlchemy 2.0's CreateTable writes them
-- on each engine (the other engine's options ignored); an Integer
-- autoincrement=True column inside a composite primary key (SERIAL on
-- PostgreSQL, listed first in the key; refused on SQLite as SQLAlchemy's
-- compiler refuses it); an update whose data gives a key column another
-- value than its "key" (the row's key changes: UPDATE ... SET "created_at").
--
\pset format unaligned
DELETE FROM orm_registry;  -- whatever an earlier file left declared (pg_regress shares one database)

SELECT orm_declare('import datetime

from sqlalchemy import Column, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"postgresql_partition_by": "RANGE (created_at)",
                      "postgresql_tablespace": "pg_default",
                      "sqlite_with_rowid": False, "mysql_engine": "InnoDB"}

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime.datetime] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = {"postgresql_inherits": "base_notes", "postgresql_using": "heap",
                      "postgresql_with_oids": False, "sqlite_strict": True,
                      "sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)


temp_log = Table("temp_log", Base.metadata,
                 Column("id", Integer, primary_key=True),
                 Column("line", Text),
                 postgresql_inherits=("a", "B c"), postgresql_with_oids=True,
                 postgresql_on_commit="delete_rows", sqlite_with_rowid=False,
                 sqlite_strict=1)
');
SELECT orm_ddl();

-- an option of a dialect SQLAlchemy knows that it does not take: refused
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class X(Base):
    __tablename__ = "x"
    __table_args__ = {"postgresql_with": {"fillfactor": 70}}
    id: Mapped[int] = mapped_column(primary_key=True)
');
SELECT orm_declare('from sqlalchemy import Column, Integer, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("x", Base.metadata, Column("id", Integer, primary_key=True), sqlite_rowid=False)
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class X(Base):
    __tablename__ = "x"
    __table_args__ = {"postgresql_on_commit": "drop; drop table x"}
    id: Mapped[int] = mapped_column(primary_key=True)
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class X(Base):
    __tablename__ = "x"
    __table_args__ = {"postgresql_inherits": ["a", 1]}
    id: Mapped[int] = mapped_column(primary_key=True)
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class X(Base):
    __tablename__ = "x"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    k: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
');
DELETE FROM orm_registry;

-- a generated column inside a composite key: the engine fills it, the flush
-- reads it back (SQLite has none: its orm_ddl refuses, as SQLAlchemy does)
SELECT orm_declare('import datetime

from sqlalchemy import PrimaryKeyConstraint, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "readings"

    sensor: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    value: Mapped[float]


class Sample(Base):
    __tablename__ = "samples"
    __table_args__ = (PrimaryKeyConstraint("sensor", "seq"),)

    sensor: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(autoincrement=True)
');
SELECT orm_ddl();
DELETE FROM orm_registry;

-- a flush that changes a key column: the row keeps its other values
SELECT orm_declare('import datetime

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"postgresql_partition_by": "RANGE (created_at)"}

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime.datetime] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
');
CREATE TABLE events (id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
    name VARCHAR(50) NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id, created_at));
SELECT orm_flush('[{"op": "add", "entity": "Event", "data": {"id": 1, "created_at": "2023-05-01T10:00:00", "name": "launch"}},
                   {"op": "add", "entity": "Event", "data": {"id": 2, "created_at": "2024-01-15T09:30:00", "name": "review"}}]');
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 1, "created_at": "2023-05-01T10:00:00"},
                    "data": {"created_at": "2024-06-01T10:00:00", "version": 1}}]');
SELECT orm_select('select(Event).order_by(Event.id)');
-- the key given again with its own value is no change
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 2, "created_at": "2024-01-15T09:30:00"},
                    "data": {"id": 2, "created_at": "2024-01-15T09:30:00", "name": "review 2", "version": 1}}]');
-- a stale version: the key does not change
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 1, "created_at": "2024-06-01T10:00:00"},
                    "data": {"created_at": "2025-01-01T00:00:00", "version": 1}}]');
-- a key that names no row
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 9, "created_at": "2024-06-01T10:00:00"},
                    "data": {"created_at": "2025-01-01T00:00:00"}}]');
-- two operations giving one row two new keys: refused
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 2, "created_at": "2024-01-15T09:30:00"},
                    "data": {"id": 3}},
                   {"op": "update", "entity": "Event", "key": {"id": 2, "created_at": "2024-01-15T09:30:00"},
                    "data": {"id": 4}}]');
SELECT orm_select('select(Event.id, Event.created_at, Event.name, Event.version).order_by(Event.id)');
DROP TABLE events;
DELETE FROM orm_registry;

-- relationship(passive_updates=False): with no ON UPDATE CASCADE to rely on
-- (a coordinator cannot have foreign keys to a sharded table), the rows that
-- refer to a changed key follow it: the one-to-many members are updated,
-- the many-to-many association rows made again
SELECT orm_declare('import datetime

from sqlalchemy import Column, DateTime, ForeignKey, ForeignKeyConstraint, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


event_tags = Table("event_tags", Base.metadata,
                   Column("event_id", Integer, primary_key=True),
                   Column("event_at", DateTime, primary_key=True),
                   Column("tag_id", ForeignKey("tags.id"), primary_key=True),
                   ForeignKeyConstraint(["event_id", "event_at"], ["events.id", "events.at"]))


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(primary_key=True)
    notes: Mapped[list["Note"]] = relationship(back_populates="event", passive_updates=False,
                                               order_by="Note.id")
    tags: Mapped[list["Tag"]] = relationship(secondary=event_tags, passive_updates=False,
                                             order_by="Tag.id")


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (ForeignKeyConstraint(["event_id", "event_at"], ["events.id", "events.at"]),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int]
    event_at: Mapped[datetime.datetime]
    body: Mapped[str] = mapped_column(String(20))
    event: Mapped["Event"] = relationship(back_populates="notes")


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
');
CREATE TABLE events (id INTEGER NOT NULL, at TIMESTAMP NOT NULL, PRIMARY KEY (id, at));
CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, event_id INTEGER NOT NULL, event_at TIMESTAMP NOT NULL,
    body VARCHAR(20) NOT NULL);
CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL);
CREATE TABLE event_tags (event_id INTEGER NOT NULL, event_at TIMESTAMP NOT NULL, tag_id INTEGER NOT NULL,
    PRIMARY KEY (event_id, event_at, tag_id));
SELECT orm_flush('[{"op": "add", "entity": "Event", "data": {"id": 1, "at": "2023-05-01T10:00:00",
    "notes": [{"id": 1, "body": "a"}, {"id": 2, "body": "b"}], "tags": [{"id": 1, "name": "x"}, {"id": 2, "name": "y"}]}},
  {"op": "add", "entity": "Event", "data": {"id": 2, "at": "2023-05-01T10:00:00", "notes": [{"id": 3, "body": "c"}],
    "tags": [{"id": 1}]}}]') IS NOT NULL AS added;
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 1, "at": "2023-05-01T10:00:00"},
                    "data": {"at": "2024-05-01T10:00:00"}}]');
SELECT orm_select('select(Event).options(selectinload(Event.notes), selectinload(Event.tags)).order_by(Event.id)');
SELECT event_id, event_at, tag_id FROM event_tags ORDER BY event_id, tag_id;
-- a changed key and a new many-to-many collection in one update: refused
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 2, "at": "2023-05-01T10:00:00"},
                    "data": {"at": "2024-05-01T10:00:00", "tags": [{"id": 2}]}}]');
DROP TABLE event_tags;
DROP TABLE notes;
DROP TABLE tags;
DROP TABLE events;
DELETE FROM orm_registry;

-- joined-table inheritance: a key change is refused before any SQL
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "person"}


class Engineer(Person):
    __tablename__ = "engineers"
    id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    __mapper_args__ = {"polymorphic_identity": "engineer"}
');
SELECT orm_flush('[{"op": "update", "entity": "Engineer", "key": 1, "data": {"id": 2}}]');
DELETE FROM orm_registry;
