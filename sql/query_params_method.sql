--
-- query_params_method: Select.params(k=v) gives the statement's
-- bindparam("k") its value, as SQLAlchemy's does: the call's params (what
-- execute() is given) win over params(), params() over bindparam(value=),
-- a later params() over an earlier one; keys naming no bindparam() are
-- ignored; a bindparam() in a subquery (or one built in a variable first)
-- takes it too; one with no value at all is an error with its position, as
-- SQLAlchemy's "A value is required for bind parameter" is.
--
-- Checked against SQLAlchemy 2.0.52 (/work/sa20/python, SQLite): the same
-- statements on the same rows gave the same ids (params [1], params and
-- execute params [2], value= [3], value= and params [1], value= and execute
-- params [2], params twice [2], a dict [2], an unknown key [1], a subquery
-- [3]; no value and params() before the bindparam(): errors).
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Pm(Base):
    __tablename__ = "pm_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(Pm)', '[{"id": 1, "name": "x"}, {"id": 2, "name": "y"}, {"id": 3, "name": "z"}]') AS r;

SELECT orm_compile('select(Pm).where(Pm.name == bindparam("n")).params(n="x")') AS sql;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(n="x")') AS r;
-- the call's params win
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(n="x")', '{"n": "y"}') AS r;
SELECT orm_select('session.execute(select(Pm).where(Pm.name == bindparam("n")).params(n="x"), {"n": "z"}).scalars().all()') AS r;
-- value=, then params(), then the call's params
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n", value="z"))') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n", value="z")).params(n="x")') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n", value="z"))', '{"n": "y"}') AS r;
-- the later params(); a dict; a key naming no bindparam()
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(n="x").params(n="y")') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params({"n": "y"})') AS r;
SELECT orm_select('select(Pm.id).where(Pm.name == "x").params(q="y").order_by(Pm.id)') AS r;
-- a subquery's, a statement built in a variable, two keys, other methods after
SELECT orm_select('select(Pm).where(Pm.id == select(Pm.id).where(Pm.name == bindparam("n")).scalar_subquery()).params(n="z")') AS r;
SELECT orm_select('stmt = select(Pm).where(Pm.name == bindparam("n"))
session.scalars(stmt.params(n="y")).all()') AS r;
SELECT orm_select('select(Pm).where(Pm.id > bindparam("lo"), Pm.id < bindparam("hi")).params(lo=1, hi=3).order_by(Pm.id)') AS r;
SELECT orm_select('select(Pm).where(Pm.name != bindparam("n")).params(n="x").where(Pm.id > bindparam("m", value=0)).order_by(Pm.id)') AS r;
-- errors, with their position: no value; params() before the bindparam(); not a literal
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n"))') AS r;
SELECT orm_select('select(Pm).params(m=2).where(Pm.id == bindparam("m"))') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(n=Pm.id)') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(1, 2)') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(["n"])') AS r;
-- the same texts again with other params (a kept statement is not reused
-- with the wrong values): the call's params, then none, then others
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n", value="z"))', '{"n": "x"}') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n", value="z"))') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(n="x")') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n")).params(n="x")', '{"n": "z"}') AS r;
SELECT orm_select('select(Pm).where(Pm.name == bindparam("n"))', '{"n": "y"}') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
