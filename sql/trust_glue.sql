--
-- trust_glue: what orm refuses on both engines (README "Trust model"):
-- text holding a NUL byte, which C strings end at (a \u0000 in JSON, a \x00
-- in query text; raw NUL bytes in SQLite arguments are in
-- test/sqlite/trust.sh), and calls of functions that reach outside the
-- database (refused on SQLite; on PostgreSQL privileges decide, and these
-- functions do not exist).
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlalchemy import LargeBinary
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
    raw: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "one"}},
                   {"op": "add", "entity": "Note", "data": {"body": "two"}}]') IS NOT NULL AS added;

-- a NUL in a text value is refused wherever it comes from, nothing written
-- (PostgreSQL's text cannot hold it; on SQLite no C string may cut it short)
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "a\u0000b"}}]');
SELECT orm_flush('[{"op": "update", "entity": "Note", "data": {"id": 1, "body": "\u0000"}}]');
SELECT orm_execute('update(Note).where(Note.id == 1).values(body=b)', '{"b": "x\u0000"}');
SELECT orm_select('select(Note).where(Note.body == b)', '{"b": "one\u0000two"}');
SELECT orm_select('select(Note).where(Note.body == "one\x00two")');
SELECT id, body FROM notes ORDER BY id;

-- bytes are not text: zero bytes in a LargeBinary are data
SELECT orm_flush('[{"op": "update", "entity": "Note", "data": {"id": 2, "raw": "\\x00ff00"}}]');
SELECT orm_get('Note', '2');

-- functions that reach outside the database: never called through orm on SQLite
SELECT orm_select('select(func.writefile("/tmp/orm_trust_glue", "x"))');
SELECT orm_select('select(Note.id).where(func.readfile(Note.body) != None)');
SELECT orm_select('select(func.LOAD_EXTENSION("/tmp/orm_trust_glue"))');
SELECT orm_execute('update(Note).where(Note.id == 1).values(body=func.edit(Note.body))');
SELECT orm_listen('Note', 'after_insert', 'load_extension');
SELECT id, body FROM notes ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
