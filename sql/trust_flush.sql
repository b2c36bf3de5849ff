\pset format unaligned
--
-- trust_flush: the unit of work loses nothing and reports errors exactly.
--   * a delete and an add of one primary key is SQLAlchemy's row switch:
--     the row is UPDATEd to the added object's attributes, the deleted
--     row's cascades apply to the children the flush does not name again
--     (delete / delete-orphan: deleted; otherwise: foreign key NULL;
--     association rows removed); update+delete and merge+delete delete;
--   * a failing row of a batched INSERT is named exactly (changes[i] and
--     its path), and nothing of the flush remains;
--   * object identity compares keys in one canonical form: a kept child
--     whose key is a datetime, a Numeric, a UUID, a date, a boolean in a
--     composite key, or an integer given as text stays with its children;
--   * every UPDATE and DELETE checks its row count (a declared primary key
--     the database does not enforce can name two rows): SQLAlchemy's
--     StaleDataError, and the flush rolls back;
--   * bad input at any position is an error with its JSON path.
--
SELECT orm_declare('from datetime import date, datetime
from decimal import Decimal
import uuid
from typing import Optional

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, Numeric, String, Table, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


author_tags = Table(
    "tr_author_tags",
    Base.metadata,
    Column("author_id", Integer, ForeignKey("tr_authors.id"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tr_tags.id"), primary_key=True),
)


class Author(Base):
    __tablename__ = "tr_authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    bio: Mapped[Optional[str]] = mapped_column(String(20))
    stamp: Mapped[Optional[str]] = mapped_column(String(20), onupdate="updated")
    books: Mapped[list["Book"]] = relationship(back_populates="author", cascade="all, delete-orphan")
    fans: Mapped[list["Fan"]] = relationship(back_populates="author")
    tags: Mapped[list["Tag"]] = relationship(secondary=author_tags)


class Book(Base):
    __tablename__ = "tr_books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("tr_authors.id"))
    author: Mapped["Author"] = relationship(back_populates="books")
    notes: Mapped[list["Note"]] = relationship(back_populates="book", cascade="all, delete-orphan")


class Note(Base):
    __tablename__ = "tr_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(20))
    book_id: Mapped[int] = mapped_column(ForeignKey("tr_books.id"))
    book: Mapped["Book"] = relationship(back_populates="notes")


class Fan(Base):
    __tablename__ = "tr_fans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tr_authors.id"))
    author: Mapped[Optional["Author"]] = relationship(back_populates="fans")


class Tag(Base):
    __tablename__ = "tr_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Feed(Base):
    __tablename__ = "tr_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    events: Mapped[list["Event"]] = relationship(cascade="all, delete-orphan")
    prices: Mapped[list["Price"]] = relationship(cascade="all, delete-orphan")
    tokens: Mapped[list["Token"]] = relationship(cascade="all, delete-orphan")
    days: Mapped[list["Day"]] = relationship(cascade="all, delete-orphan")
    switches: Mapped[list["Switch"]] = relationship(cascade="all, delete-orphan")


class Event(Base):
    __tablename__ = "tr_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("tr_feeds.id"))
    note: Mapped[Optional[str]] = mapped_column(String(20))
    marks: Mapped[list["Mark"]] = relationship(cascade="all, delete-orphan")


class Mark(Base):
    __tablename__ = "tr_marks"
    __table_args__ = (
        ForeignKeyConstraint(["event_id", "event_at"], ["tr_events.id", "tr_events.created_at"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int]
    event_at: Mapped[datetime]


class Price(Base):
    __tablename__ = "tr_prices"

    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2), primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("tr_feeds.id"))
    label: Mapped[Optional[str]] = mapped_column(String(20))


class Token(Base):
    __tablename__ = "tr_tokens"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("tr_feeds.id"))
    label: Mapped[Optional[str]] = mapped_column(String(20))


class Day(Base):
    __tablename__ = "tr_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("tr_feeds.id"))
    label: Mapped[Optional[str]] = mapped_column(String(20))


class Switch(Base):
    __tablename__ = "tr_switches"

    feed_id: Mapped[int] = mapped_column(ForeignKey("tr_feeds.id"), primary_key=True)
    on: Mapped[bool] = mapped_column(primary_key=True)
    label: Mapped[Optional[str]] = mapped_column(String(20))


class Shard(Base):
    __tablename__ = "tr_shards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
') IS NOT NULL AS declared;
-- tr_shards declares a primary key the database does not have (made by hand
-- first, so orm_create_all skips it): a key can name two rows
CREATE TABLE tr_shards (id integer, name varchar(20));
SELECT orm_create_all() IS NOT NULL AS created;

-- ---- F: row switch ---------------------------------------------------------

SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 1, "name": "ann", "bio": "poet",
    "books": [{"id": 1, "title": "b1", "notes": [{"id": 1, "body": "n1"}]},
              {"id": 2, "title": "b2", "notes": [{"id": 2, "body": "n2"}]}],
    "fans": [{"id": 1, "name": "f1"}], "tags": [{"id": 1, "name": "t1"}]}},
  {"op": "add", "entity": "Author", "data": {"id": 2, "name": "bob"}}]') AS setup;

-- delete author 1 and add author 1 again: one UPDATE of the row (bio kept, as
-- SQLAlchemy updates only what the new object sets, plus onupdate); the old
-- books and their notes go (delete-orphan), the fan is let go (NULL), the
-- association row goes; the new object's own book is inserted under it
SELECT orm_flush('[{"op": "delete", "entity": "Author", "key": 1},
  {"op": "add", "entity": "Author", "data": {"id": 1, "name": "ann2",
    "books": [{"id": 3, "title": "b3", "notes": [{"id": 3, "body": "n3"}]}]}}]') AS row_switch;
SELECT id, name, bio, stamp FROM tr_authors ORDER BY id;
SELECT id, title, author_id FROM tr_books ORDER BY id;
SELECT id, body, book_id FROM tr_notes ORDER BY id;
SELECT id, name, author_id FROM tr_fans ORDER BY id;
SELECT count(*) AS pairs FROM tr_author_tags;

-- the add first, then the delete: the same switch; a book and a fan named
-- again (by key, under the switched author) stay, with the book's notes
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 1, "name": "ann3",
    "books": [{"id": 3}], "fans": [{"id": 1}], "tags": [{"id": 1}]}},
  {"op": "delete", "entity": "Author", "key": {"id": 1}}]') AS switch_again;
SELECT id, name, bio, stamp FROM tr_authors ORDER BY id;
SELECT id, title, author_id FROM tr_books ORDER BY id;
SELECT id, body, book_id FROM tr_notes ORDER BY id;
SELECT id, name, author_id FROM tr_fans ORDER BY id;
SELECT author_id, tag_id FROM tr_author_tags ORDER BY author_id, tag_id;

-- a row deleted by a cascade and added again: book 3 goes with author 1's
-- delete, the added book 3 switches to its row (under bob); note 3 was
-- book 3's and goes with the deleted book, as in SQLAlchemy
SELECT orm_flush('[{"op": "delete", "entity": "Author", "key": 1},
  {"op": "add", "entity": "Book", "data": {"id": 3, "title": "b3x", "author": {"id": 2}}}]') AS cascade_switch;
SELECT id, name FROM tr_authors ORDER BY id;
SELECT id, title, author_id FROM tr_books ORDER BY id;
SELECT count(*) AS notes FROM tr_notes;
SELECT id, name, author_id FROM tr_fans ORDER BY id;

-- merge after delete: a switch too; update + delete and merge + delete
-- delete (the update's new book is never inserted: it goes with its author)
SELECT orm_flush('[{"op": "delete", "entity": "Author", "key": 2},
  {"op": "merge", "entity": "Author", "data": {"id": 2, "name": "bob2"}}]') AS merge_switch;
SELECT id, name, stamp FROM tr_authors ORDER BY id;
SELECT id, title, author_id FROM tr_books ORDER BY id;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 3, "name": "cy",
    "books": [{"id": 4, "title": "b4"}]}}, {"op": "add", "entity": "Fan", "data": {"id": 2, "name": "f2"}}]') AS more;
SELECT orm_flush('[{"op": "update", "entity": "Author", "key": 3,
    "data": {"bio": "gone", "books": [{"id": 4}, {"id": 5, "title": "b5", "notes": [{"id": 5, "body": "n5"}]}]}},
  {"op": "delete", "entity": "Author", "key": 3}]') AS update_delete;
SELECT orm_flush('[{"op": "merge", "entity": "Author", "data": {"id": 2, "name": "bob3",
    "fans": [{"id": 2}]}}, {"op": "delete", "entity": "Author", "key": 2}]') AS merge_delete;
SELECT id, name FROM tr_authors ORDER BY id;
SELECT id, title, author_id FROM tr_books ORDER BY id;
SELECT count(*) AS notes FROM tr_notes;
SELECT id, name, author_id FROM tr_fans ORDER BY id;

-- a book moved to another author stays when its old author is deleted
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 4, "name": "dee",
    "books": [{"id": 6, "title": "b6", "notes": [{"id": 6, "body": "n6"}]}]}},
  {"op": "add", "entity": "Author", "data": {"id": 5, "name": "eve"}}]') AS setup2;
SELECT orm_flush('[{"op": "update", "entity": "Author", "key": 5, "data": {"books": [{"id": 6}]}},
  {"op": "delete", "entity": "Author", "key": 4}]') AS moved;
SELECT id, title, author_id FROM tr_books ORDER BY id;
SELECT id, body, book_id FROM tr_notes ORDER BY id;

-- ---- G: the failing row of a batch, named exactly ---------------------------

-- the second of three new authors takes an existing name
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 11, "name": "new1"}},
  {"op": "add", "entity": "Author", "data": {"id": 12, "name": "eve"}},
  {"op": "add", "entity": "Author", "data": {"id": 13, "name": "new3"}}]') AS dup_in_batch;
-- the third book of a nested batch takes a stored book's title
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 14, "name": "new4",
    "books": [{"id": 11, "title": "x1"}, {"id": 12, "title": "x2"}, {"id": 13, "title": "b6"}]}}]') AS dup_nested;
SELECT id, name FROM tr_authors ORDER BY id;
SELECT id, title FROM tr_books ORDER BY id;

-- ---- L: canonical identity ---------------------------------------------------

SELECT orm_flush('[{"op": "add", "entity": "Feed", "data": {"id": 1, "name": "f",
    "events": [{"id": 1, "created_at": "2026-02-15T09:00:00", "marks": [{"id": 1}]},
               {"id": 2, "created_at": "2026-02-15T10:00:00", "marks": [{"id": 2}]}],
    "prices": [{"amount": "1.50"}, {"amount": 2}],
    "tokens": [{"id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}, {"id": "11111111-2222-3333-4444-555555555555"}],
    "days": [{"day": "2026-02-15"}, {"day": "2026-02-16"}],
    "switches": [{"on": true}, {"on": false}]}}]') AS feed;
-- the stored datetime without its fraction (as another client may write it)
UPDATE tr_events SET created_at = '2026-02-15 10:00:00' WHERE id = 2;
-- replace each collection, keeping one member given in another spelling:
-- nothing kept is deleted, event 2 keeps its mark
SELECT orm_flush('[{"op": "update", "entity": "Feed", "key": "1", "data": {
    "events": [{"id": "2", "created_at": "2026-02-15T10:00:00.000000", "note": "kept"}],
    "prices": [{"amount": 1.5, "label": "kept"}],
    "tokens": [{"id": "AAAAAAAABBBBCCCCDDDDEEEEEEEEEEEE", "label": "kept"}],
    "days": [{"day": "2026-02-16", "label": "kept"}],
    "switches": [{"on": 1, "label": "kept"}]}}]') AS kept;
SELECT id, note FROM tr_events ORDER BY id;
SELECT id, event_id FROM tr_marks ORDER BY id;
SELECT label FROM tr_prices ORDER BY amount;
SELECT label FROM tr_tokens ORDER BY label;
SELECT label FROM tr_days ORDER BY day;
SELECT label FROM tr_switches;
-- one object, two spellings of its key: merged, not a conflict
SELECT orm_flush('[{"op": "update", "entity": "Price", "key": "1.5", "data": {"label": "a"}},
  {"op": "update", "entity": "Price", "key": 1.50, "data": {"label": "a"}}]') AS one_price;

-- ---- M: row counts -----------------------------------------------------------

INSERT INTO tr_shards VALUES (1, 'a'), (1, 'b'), (2, 'c'), (3, 'd');
SELECT orm_flush('[{"op": "update", "entity": "Shard", "key": 1, "data": {"name": "x"}}]') AS update_two;
SELECT orm_flush('[{"op": "delete", "entity": "Shard", "key": 1}]') AS delete_two;
SELECT orm_flush('[{"op": "delete", "entity": "Shard", "key": 3},
  {"op": "delete", "entity": "Shard", "key": 1}]') AS delete_batch;
SELECT id, name FROM tr_shards ORDER BY id, name;
SELECT orm_flush('[{"op": "update", "entity": "Shard", "key": 2, "data": {"name": "c2"}},
  {"op": "delete", "entity": "Shard", "key": 3}]') AS one_row_each;
SELECT id, name FROM tr_shards ORDER BY id, name;

-- ---- bad input: a clear error with its path, nothing written -----------------

SELECT orm_flush('{"op": "add"}') AS not_array;
SELECT orm_flush('[null]') AS null_op;
SELECT orm_flush('[{"op": null, "entity": "Author"}]') AS null_kind;
SELECT orm_flush('[{"op": "add", "entity": ["Author"]}]') AS entity_array;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": null}]') AS null_data;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": [{"name": "z"}]}]') AS data_array;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"name": {"x": 1}}}]') AS object_for_scalar;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"name": "z", "bookz": []}}]') AS unknown_attr;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"name": "z", "books": {"title": "t"}}}]') AS object_for_list;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"name": "z", "books": [["t"]]}}]') AS array_member;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"name": "z", "books": [null]}}]') AS null_member;
SELECT orm_flush('[{"op": "add", "entity": "Book", "data": {"title": "z", "author": []}}]') AS array_for_scalar_rel;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 1e400, "name": "z"}}]') AS huge_number;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 123456789012345678901234567890, "name": "z"}}]') AS huge_int;
SELECT orm_flush('[{"op": "update", "entity": "Author", "key": null, "data": {"name": "z"}}]') AS null_key;
SELECT orm_flush('[{"op": "update", "entity": "Author", "key": [5], "data": {"name": "z"}}]') AS array_key;
SELECT orm_flush('[{"op": "delete", "entity": "Author", "key": {"name": "eve"}}]') AS key_not_pk;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"id": 7, "name": "z",
    "books": [{"id": 9, "title": "t", "author": {"id": 8, "name": "y"}}]}}]') AS two_authors;
SELECT orm_flush('[{"op": "add", "entity": "Author", "data": {"name": "z",
    "books": [{"id": 9, "title": "t"}, {"id": 9, "title": "u"}]}}]') AS one_key_two_values;
SELECT id, name FROM tr_authors ORDER BY id;
SELECT count(*) AS books FROM tr_books;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
