-- The per-connection call cache (README "Speed"): orm_get keeps its
-- prepared statement per (entity, options) and binds each key anew;
-- orm_select keeps it per (text, params text).  A warm call gives what a
-- cold one gives; other keys, other params, list params of other lengths,
-- None and limit values each give their own result; a re-declaration
-- between two identical calls changes the result; raw SQL allowed or not
-- is part of what is kept; errors are never kept.
\pset format unaligned
SELECT orm_declare('
import datetime
from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "pc_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    bio: Mapped[Optional[str]]
    joined: Mapped[datetime.datetime]
    notes: Mapped[list["Note"]] = relationship(back_populates="author")

class Note(Base):
    __tablename__ = "pc_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[Optional[str]] = mapped_column(String(40))
    author_id: Mapped[int] = mapped_column(ForeignKey("pc_authors.id"))
    at: Mapped[datetime.datetime]
    author: Mapped[Author] = relationship(back_populates="notes")

class Pair(Base):
    __tablename__ = "pc_pairs"
    a: Mapped[int] = mapped_column(primary_key=True)
    b: Mapped[str] = mapped_column(String(10), primary_key=True)
    v: Mapped[Optional[str]]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 1, "name": "ann", "joined": "2024-01-02T03:04:05",
    "notes": [{"id": 1, "title": "a1", "at": "2024-02-01T10:00:00.250000"},
              {"id": 2, "title": null, "at": "2024-02-02T00:00:00"}]}},
  {"op": "add", "entity": "Author", "data": {"id": 2, "name": "bob", "bio": "b", "joined": "2024-01-03T00:00:00.000001",
    "notes": [{"id": 3, "title": "b1", "at": "2024-03-01T23:59:59.999999"}]}},
  {"op": "add", "entity": "Author", "data": {"id": 3, "name": "cy", "joined": "2023-12-31T23:59:59"}},
  {"op": "add", "entity": "Pair", "data": {"a": 1, "b": "x", "v": "1x"}},
  {"op": "add", "entity": "Pair", "data": {"a": 1, "b": "y", "v": "1y"}}]', 'counts') AS stored;

-- orm_get: cold, warm (kept: the second time a call is built), other keys
-- (from the kept statement), a key with no row, other options
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS cold;
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS warm;
SELECT orm_get('Author', '2', 'selectinload(Author.notes)') AS other_key;
SELECT orm_get('Author', '3', 'selectinload(Author.notes)') AS hot_key;
SELECT orm_get('Author', '{"id": 3}', 'selectinload(Author.notes)') AS key_object;
SELECT orm_get('Author', '[9]', 'selectinload(Author.notes)') AS no_row;
SELECT orm_get('Author', '"2"', 'selectinload(Author.notes)') AS key_text;
SELECT orm_get('Author', '2') AS no_options;
SELECT orm_get('Author', '2', 'joinedload(Author.notes)') AS joined;
SELECT orm_get('Author', '2', 'selectinload(Author.notes.and_(Note.title == "b1"))') AS criteria;
SELECT orm_get('Author', '1', 'selectinload(Author.notes.and_(Note.title == "b1"))') AS criteria_other_key;
SELECT orm_get('Note', '1', 'joinedload(Note.author)') AS note;
SELECT orm_get('Note', '1', 'joinedload(Note.author)') AS note_warm;
SELECT orm_get('Note', '2', 'joinedload(Note.author)') AS note_hot;
-- a composite key, both forms, warm and with the other key
SELECT orm_get('Pair', '[1, "x"]') AS pair_x;
SELECT orm_get('Pair', '{"a": 1, "b": "y"}') AS pair_y;
SELECT orm_get('Pair', '[1, "z"]') AS pair_none;
SELECT orm_get('Pair', '{"b": "x", "a": 1}') AS pair_x_hot;
-- errors are the cold ones, every time
SELECT orm_get('Author', '"x"', 'selectinload(Author.notes)') AS bad_key;
SELECT orm_get('Author', '"x"', 'selectinload(Author.notes)') AS bad_key_again;
SELECT orm_get('Author', '1', 'selectinload(Author.nope)') AS bad_option;
SELECT orm_get('Author', '1', 'selectinload(Author.nope)') AS bad_option_again;
SELECT orm_get('Pair', '[1]') AS short_key;

-- orm_select: no params, cold and warm
SELECT orm_select('select(Author).order_by(Author.id).options(selectinload(Author.notes))') AS cold;
SELECT orm_select('select(Author).order_by(Author.id).options(selectinload(Author.notes))') AS warm;
SELECT orm_select('select(Author).order_by(Author.id).options(selectinload(Author.notes))') AS hot;
-- a value that only ever becomes a bound parameter
SELECT orm_select('select(Author.name).where(Author.name == n)', '{"n": "ann"}') AS ann;
SELECT orm_select('select(Author.name).where(Author.name == n)', '{"n": "bob"}') AS bob;
SELECT orm_select('select(Author.name).where(Author.name == n)', '{"n": "ann"}') AS ann_again;
SELECT orm_select('select(Author.name).where(Author.name == n)', '{"n": "bob"}') AS bob_again;
SELECT orm_select('select(Author.name).where(Author.name == n)', '{"n": "ann"}') AS ann_third;
-- a list of other lengths (one placeholder per value), an empty one
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": [1]}') AS one;
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": [1, 3]}') AS two;
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": [3, 2, 1]}') AS three;
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": []}') AS none;
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": [1]}') AS one_again;
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": [1, 3]}') AS two_again;
SELECT orm_select('select(Author.id).where(Author.id.in_(ids)).order_by(Author.id)', '{"ids": [1]}') AS one_third;
-- None becomes IS NULL, a value a comparison
SELECT orm_select('select(Note.id).where(Note.title == t).order_by(Note.id)', '{"t": null}') AS title_null;
SELECT orm_select('select(Note.id).where(Note.title == t).order_by(Note.id)', '{"t": "a1"}') AS title_a1;
SELECT orm_select('select(Note.id).where(Note.title == t).order_by(Note.id)', '{"t": null}') AS title_null_again;
SELECT orm_select('select(Note.id).where(Note.title == t).order_by(Note.id)', '{"t": "a1"}') AS title_a1_again;
SELECT orm_select('select(Note.id).where(Note.title == t).order_by(Note.id)', '{"t": null}') AS title_null_third;
-- limit() and offset() values
SELECT orm_select('select(Author.id).order_by(Author.id).limit(n).offset(m)', '{"n": 1, "m": 0}') AS first;
SELECT orm_select('select(Author.id).order_by(Author.id).limit(n).offset(m)', '{"n": 2, "m": 1}') AS last_two;
SELECT orm_select('select(Author.id).order_by(Author.id).limit(n).offset(m)', '{"n": 1, "m": 0}') AS first_again;
SELECT orm_select('select(Author.id).order_by(Author.id).limit(n).offset(m)', '{"n": 2, "m": 1}') AS last_two_again;
SELECT orm_select('select(Author.id).order_by(Author.id).limit(n).offset(m)', '{"n": 1, "m": 0}') AS first_third;
-- the clock is read at each call (never kept): the same rows, every call
SELECT orm_select('select(Author.id).where(Author.joined < datetime.datetime.now()).order_by(Author.id)') AS past;
SELECT orm_select('select(Author.id).where(Author.joined < datetime.datetime.now()).order_by(Author.id)') AS past_again;
-- the same text, no params and empty params
SELECT orm_select('select(Author.id).where(Author.id > 1).order_by(Author.id)') AS no_params;
SELECT orm_select('select(Author.id).where(Author.id > 1).order_by(Author.id)', '{}') AS empty_params;
-- errors, every time
SELECT orm_select('select(Author).where(Author.nme == 1)') AS bad;
SELECT orm_select('select(Author).where(Author.nme == 1)') AS bad_again;
SELECT orm_select('select(Author.id).where(Author.id == n)', '{"n": ') AS bad_json;
SELECT orm_select('select(Author.id).where(Author.id == n)', '{"n": ') AS bad_json_again;

-- raw SQL allowed or not is part of what is kept (one of each pair fails
-- on each engine: SET is PostgreSQL's, orm_allow_raw_sql SQLite's)
SELECT orm_select('select(Author.id).where(text("id = 2"))') AS refused;
SET orm.allow_raw_sql = on;
SELECT orm_allow_raw_sql(1);
SELECT orm_select('select(Author.id).where(text("id = 2"))') AS allowed;
SELECT orm_select('select(Author.id).where(text("id = 2"))') AS allowed_again;
SET orm.allow_raw_sql = off;
SELECT orm_allow_raw_sql(0);
SELECT orm_select('select(Author.id).where(text("id = 2"))') AS refused_again;

-- a re-declaration between two identical calls: bio deferred, notes ordered
-- newest first (the first module stays stored for Pair, which the second
-- does not bind: README "Registry")
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS before;
SELECT orm_select('select(Author).where(Author.id == 2)') AS before;
SELECT orm_select('select(Author).where(Author.id == 2)') AS before_again;
SELECT orm_declare('
import datetime
from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "pc_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    bio: Mapped[Optional[str]] = mapped_column(deferred=True)
    joined: Mapped[datetime.datetime]
    notes: Mapped[list["Note"]] = relationship(back_populates="author", order_by="Note.id.desc()")

class Note(Base):
    __tablename__ = "pc_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[Optional[str]] = mapped_column(String(40))
    author_id: Mapped[int] = mapped_column(ForeignKey("pc_authors.id"))
    at: Mapped[datetime.datetime]
    author: Mapped[Author] = relationship(back_populates="notes")
') IS NOT NULL AS redeclared;
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS after;
SELECT orm_select('select(Author).where(Author.id == 2)') AS after;
SELECT orm_select('select(Author).where(Author.id == 2)') AS after_again;
SELECT orm_get('Pair', '[1, "x"]') AS pair_kept;

-- the same statement text with parameters of other kinds: each kind its
-- own plan (PostgreSQL's plan cache is keyed by the kinds and the text)
SELECT orm_select('select(literal(v).label("v"))', '{"v": 1}') AS v_int;
SELECT orm_select('select(literal(v).label("v"))', '{"v": "1"}') AS v_text;
SELECT orm_select('select(literal(v).label("v"))', '{"v": 1.5}') AS v_float;
SELECT orm_select('select(literal(v).label("v"))', '{"v": true}') AS v_bool;
SELECT orm_select('select(literal(v).label("v"))', '{"v": 1}') AS v_int_again;
SELECT orm_select('select(literal(v).label("v"))', '{"v": "1"}') AS v_text_again;
SELECT orm_select('select(literal(v).label("v"))', '{"v": 1.5}') AS v_float_again;

-- a kept orm_get writes the member names its preparation rendered: a
-- re-declaration renaming attributes and the relationship (same tables,
-- same statements) between identical calls gives the new names
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS names_before;
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS names_before_again;
SELECT orm_declare('
import datetime
from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "pc_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    bio: Mapped[Optional[str]]
    joined: Mapped[datetime.datetime]
    notes: Mapped[list["Note"]] = relationship(back_populates="writer")

class Note(Base):
    __tablename__ = "pc_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[Optional[str]] = mapped_column("title", String(40))
    author_id: Mapped[int] = mapped_column(ForeignKey("pc_authors.id"))
    at: Mapped[datetime.datetime]
    writer: Mapped[Author] = relationship(back_populates="notes")
') IS NOT NULL AS renamed;
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS names_after;
SELECT orm_get('Author', '1', 'selectinload(Author.notes)') AS names_after_again;
SELECT orm_get('Note', '1', 'joinedload(Note.writer)') AS note_writer;
SELECT orm_get('Note', '1', 'joinedload(Note.writer)') AS note_writer_again;

DROP TABLE pc_notes;
DROP TABLE pc_authors;
DROP TABLE pc_pairs;
DELETE FROM orm_registry;
