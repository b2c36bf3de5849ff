--
-- listen: orm_listen() registration and its errors, the same on both
-- engines.  What a listener does to a flush is in sql/pg_listen.sql (the
-- listeners there are SQL and plpgsql functions, which SQLite's shell cannot
-- define).
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- errors: an unknown entity, an unknown event, an empty function name
SELECT orm_listen('Nope', 'before_insert', 'f');
SELECT orm_listen('Note', 'before_frobnicate', 'f');
SELECT orm_listen('Note', 'before_insert', '');

-- a listener naming a function that does not exist: PostgreSQL refuses it
-- at orm_listen, as CREATE TRIGGER would; on SQLite (whose functions are the
-- connection's) the flush fails, with the operation's path, writing nothing
SELECT orm_listen('Note', 'after_insert', 'no_such_function');
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "x"}}]');
SELECT count(*) AS notes FROM notes;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
