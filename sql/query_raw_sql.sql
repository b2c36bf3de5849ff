--
-- query_raw_sql: text() and literal_column() are refused unless the caller
-- allows raw SQL for the connection -- PostgreSQL: SET orm.allow_raw_sql =
-- on (each engine refuses the other's way below); SQLite:
-- SELECT orm_allow_raw_sql(1) -- and query text can never allow it
-- itself.  Allowed, the text runs as written with the caller's rights, its
-- :name placeholders bound (bindparams(), or the call's params, which
-- win).  One source for both engines; results checked against SQLAlchemy
-- 2.0.52 (the guide's select.rst "Getting ORM Results from Textual
-- Statements").
--
\pset format unaligned

SELECT orm_declare('from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "raw_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    fullname: Mapped[Optional[str]]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(User)', '[{"name": "spongebob", "fullname": "Spongebob Squarepants"}, {"name": "sandy", "fullname": "Sandy Cheeks"}, {"name": "patrick", "fullname": "Patrick Star"}]') AS r;

-- off by default: refused, with the way to allow it on this engine
SELECT orm_select('select(User).where(text("id = 1"))') AS r;
SELECT orm_select('select(User.name, literal_column("1"))') AS r;
SELECT orm_compile('from sqlalchemy import text
select(User).from_statement(text("SELECT id, name, fullname FROM raw_users").columns(User.id, User.name, User.fullname))') AS sql;

-- query text cannot allow it: the setting is not a function of the query
-- language, and orm's functions refuse calls from inside an orm call
SELECT orm_select('select(func.orm_allow_raw_sql(1))') AS r;
SELECT orm_select('select(func.set_config("orm.allow_raw_sql", "on", False))') AS r;
SELECT orm_select('select(User).where(text("id = 1"))') AS r;

-- the caller allows it (each engine refuses the other's statement)
SET orm.allow_raw_sql = on;
SELECT orm_allow_raw_sql(1);

SELECT orm_select('from sqlalchemy import text
textual_sql = text("SELECT id, name, fullname FROM raw_users ORDER BY id")
textual_sql = textual_sql.columns(User.id, User.name, User.fullname)
select(User).from_statement(textual_sql)') AS r;
SELECT orm_compile('textual_sql = text("SELECT id, name, fullname FROM raw_users ORDER BY id").columns(User.id, User.name, User.fullname)
select(aliased(User, textual_sql.subquery()))') AS sql;
SELECT orm_select('textual_sql = text("SELECT id, name, fullname FROM raw_users ORDER BY id").columns(User.id, User.name, User.fullname)
select(aliased(User, textual_sql.subquery()))') AS r;
SELECT orm_select('text("SELECT name FROM raw_users WHERE id = :i").columns(User.name).bindparams(i=2)') AS r;
SELECT orm_select('text("SELECT name FROM raw_users WHERE id = :i").bindparams(i=2).columns(User.name)') AS r;

-- :name placeholders are parameters; the call's params win over bindparams()
SELECT orm_compile('select(User).where(text("name = :n")).order_by(text("id desc"))', '{"n": "patrick"}') AS sql;
SELECT orm_select('select(User).where(text("name = :n")).order_by(text("id desc"))', '{"n": "patrick"}') AS r;
SELECT orm_select('select(User.name).where(text("name = :n").bindparams(n="sandy"))') AS r;
SELECT orm_select('select(User.name).where(text("name = :n").bindparams(n="sandy"))', '{"n": "patrick"}') AS r;
SELECT orm_select('select(User.name).where(text("name = :n"))', '{"n": "x'' OR 1=1 --"}') AS r;
SELECT orm_select('select(User.name, literal_column("1 + 1").label("two")).order_by(User.id)') AS r;
SELECT orm_select('select(User.name).where(text("name = :n"))') AS r;
SELECT orm_select('select(User.name).where(text("name = :n").bindparams(m=1))') AS r;
SELECT orm_select('text("SELECT 1")') AS r;
SELECT orm_select('text("SELECT id FROM raw_users").columns(User.id).where(User.id == 1)') AS r;
-- text() as a column: written without a label; a Core statement's row names
-- it as the driver's cursor does (SQLite: the text as written; PostgreSQL:
-- ?column?, a function's name), an ORM statement's row leaves it out of
-- Row._fields (SQLAlchemy 2.0: select(User.name, text("1"))._fields is ('name',))
SELECT orm_select('t = User.__table__
select(text("''some phrase''"), t.c.name).order_by(t.c.name)') AS r;
SELECT orm_select('t = User.__table__
select(text("count(*)"), text("max(name)")).select_from(t)') AS r;
SELECT orm_compile('t = User.__table__
select(text("count(*)")).select_from(t)') AS sql;
SELECT orm_select('select(User.name, text("1 + 1")).order_by(User.id)') AS r;
-- a subquery's .c has no column for it; one text() is one column here
SELECT orm_select('t = User.__table__
sq = select(t.c.id, text("name")).subquery()
select(sq).order_by(sq.c.id)') AS r;
SELECT orm_select('t = User.__table__
select(text("id, name")).select_from(t)') AS r;
SELECT orm_select('t = User.__table__
select(text("*")).select_from(t)') AS r;

-- off again
SET orm.allow_raw_sql = off;
SELECT orm_allow_raw_sql(0);
SELECT orm_select('select(User).where(text("id = 1"))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
