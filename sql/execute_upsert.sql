--
-- execute_upsert: the postgresql / sqlite insert() imported under any name
-- (insert as pg_insert, sqlite_upsert), on_conflict_do_nothing /
-- on_conflict_do_update with index_elements, index_where, constraint=
-- (PostgreSQL's), set_ with excluded and where, .returning(); Core
-- executemany with bindparam() (orm_execute with a list of params); bulk
-- rows' keys that name nothing are ignored, as SQLAlchemy ignores them.
-- One source for both engines; checked against SQLAlchemy 2.0.52 (the
-- guide's dml chapter has the same statements).
--
\pset format unaligned

SELECT orm_declare('from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "up_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    fullname: Mapped[Optional[str]]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(User)', '[{"name": "sandy"}, {"name": "spongebob", "fullname": "Spongebob"}]') AS r;

-- the dialect insert under its own name
SELECT orm_compile('from sqlalchemy.dialects.sqlite import insert as sqlite_upsert
stmt = sqlite_upsert(User).values([{"name": "sandy", "fullname": "Sandy Cheeks"}, {"name": "patrick", "fullname": "Patrick Star"}])
stmt.on_conflict_do_update(index_elements=[User.name], set_=dict(fullname=stmt.excluded.fullname))') AS sql;
SELECT orm_execute('from sqlalchemy.dialects.postgresql import insert as pg_insert
stmt = pg_insert(User).values([{"name": "sandy", "fullname": "Sandy Cheeks"}, {"name": "patrick", "fullname": "Patrick Star"}])
stmt.on_conflict_do_update(index_elements=[User.name], set_=dict(fullname=stmt.excluded.fullname)).returning(User.name, User.fullname)') AS r;
SELECT orm_execute('from sqlalchemy.dialects.sqlite import insert
insert(User).values(name="plankton").on_conflict_do_nothing(index_elements=["name"]).returning(User.name)') AS r;
SELECT orm_execute('from sqlalchemy.dialects.sqlite import insert
insert(User).values(name="plankton").on_conflict_do_nothing().returning(User.name)') AS r;

-- index_where= (a partial index's predicate), where= of the update
SELECT orm_compile('from sqlalchemy.dialects.postgresql import insert as pg_insert
stmt = pg_insert(User).values(name="sandy", fullname="Sandy C.")
stmt.on_conflict_do_update(index_elements=[User.name], index_where=User.name.is_not(None), set_={"fullname": stmt.excluded.fullname}, where=User.fullname.is_(None))') AS sql;
SELECT orm_execute('stmt = insert(User).values(name="spongebob", fullname="SpongeBob")
stmt.on_conflict_do_update(index_elements=[User.name], index_where=User.name.is_not(None), set_={"fullname": stmt.excluded.fullname}, where=User.fullname.is_(None)).returning(User.id)') AS r;
SELECT orm_select('select(User.name, User.fullname).order_by(User.id)') AS r;

-- constraint= is PostgreSQL's ON CONFLICT ON CONSTRAINT (SQLite's insert has none)
SELECT orm_compile('stmt = insert(User).values(name="sandy")
stmt.on_conflict_do_update(constraint="up_users_name_key", set_={"fullname": "x"})') AS sql;
SELECT orm_execute('stmt = insert(User).values(name="sandy")
stmt.on_conflict_do_update(constraint="up_users_name_key", set_={"fullname": "Sandy"}).returning(User.fullname)') AS r;

-- SQLAlchemy's argument checks
SELECT orm_execute('insert(User).values(name="x").on_conflict_do_update(set_={"fullname": "y"})') AS r;
SELECT orm_execute('insert(User).values(name="x").on_conflict_do_update(index_elements=["name"])') AS r;
SELECT orm_execute('insert(User).values(name="x").on_conflict_do_update(constraint="c", index_elements=["name"], set_={"fullname": "y"})') AS r;
SELECT orm_execute('insert(User).values(name="x").on_conflict_do_nothing(set_={"fullname": "y"})') AS r;
SELECT orm_execute('insert(User).values(name="x").on_conflict_do_nothing(index_where=User.id > 1)') AS r;

-- Core executemany: the keys the statement names through bindparam() bind
-- each row's statement; the first row's other keys naming columns are the
-- values every row gives
SELECT orm_compile('update(User).where(User.name == bindparam("u_name"))', '[{"u_name": "sandy", "fullname": "S"}, {"u_name": "patrick", "fullname": "P"}]') AS sql;
SELECT orm_execute('update(User).where(User.name == bindparam("u_name"))', '[{"u_name": "sandy", "fullname": "Sandy", "bogus": 1}, {"u_name": "patrick", "fullname": "Patrick"}]') AS r;
SELECT orm_execute('update(User).where(User.name == bindparam("u_name")).values(fullname=bindparam("fn"))', '[{"u_name": "spongebob", "fn": "SpongeBob S."}, {"u_name": "nobody", "fn": "x"}]') AS r;
SELECT orm_execute('insert(User).values(name=bindparam("n"), fullname=bindparam("n")).returning(User.name)', '[{"n": "gary"}, {"n": "larry"}]') AS r;
SELECT orm_execute('delete(User).where(User.name == bindparam("n"))', '[{"n": "gary"}, {"n": "larry"}]') AS r;
SELECT orm_execute('update(User).where(User.name == bindparam("u_name"))', '[{"u_name": "sandy", "fullname": "x"}, {"u_name": "patrick"}]') AS r;
SELECT orm_select('select(User.name, User.fullname).order_by(User.id)') AS r;

-- ORM bulk insert / update by primary key: keys that name nothing are ignored
SELECT orm_execute('update(User)', '[{"id": 1, "name": "sandy", "manager_name": "ignored"}]') AS r;
SELECT orm_execute('insert(User)', '[{"name": "karen", "nope": 1}]') AS r;
SELECT orm_select('select(User.name).where(User.name == "karen")') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
