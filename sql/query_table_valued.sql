--
-- query_table_valued: func.f(...).table_valued("a", "b", name=) -- a FROM
-- item "f(...) AS anon_1" whose .c has those columns -- and its alias(),
-- joined, correlated, in a subquery.  One source for both engines with
-- json_each(), which both have (key, value of a JSON object); every result
-- checked against SQLAlchemy 2.0.52 on SQLite and PostgreSQL.  A string
-- literal as the function's argument is bound as text on PostgreSQL, where
-- psycopg2's literal is untyped (README "What does not work yet"); the
-- PostgreSQL forms (column_valued, render_derived, WITH ORDINALITY,
-- within_group) are in pg_query_table_valued.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "tv_doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    attrs = mapped_column(JSON)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(Doc)', '[{"id": 1, "name": "x", "attrs": {"color": "red", "size": 2}}, {"id": 2, "name": "y", "attrs": {"color": "blue"}}]') AS r;

SELECT orm_compile('tv = func.json_each(Doc.attrs).table_valued("key", "value")
select(Doc.id, tv.c.key, tv.c.value).order_by(Doc.id, tv.c.key)') AS sql;
SELECT orm_select('tv = func.json_each(Doc.attrs).table_valued("key", "value")
select(Doc.id, tv.c.key, tv.c.value).order_by(Doc.id, tv.c.key)') AS r;
SELECT orm_select('tv = func.json_each(Doc.attrs).table_valued("key", "value")
select(Doc.name, tv.c.value).where(tv.c.key == "color").order_by(Doc.name)') AS r;
SELECT orm_select('tv = func.json_each(Doc.attrs).table_valued("key", "value")
select(Doc.id, tv.c.key).join_from(Doc, tv, true()).order_by(Doc.id, tv.c.key)') AS r;
-- name=, alias(), select(tv): all its columns
SELECT orm_compile('t2 = func.json_each(Doc.attrs).table_valued("key", name="kv")
select(Doc.id, t2.c.key).order_by(Doc.id, t2.c.key)') AS sql;
SELECT orm_select('t2 = func.json_each(Doc.attrs).table_valued("key", name="kv")
select(Doc.id, t2.c.key).order_by(Doc.id, t2.c.key)') AS r;
SELECT orm_select('t3 = func.json_each(Doc.attrs).table_valued("key", "value").alias("a")
select(t3.c.key, func.count()).select_from(Doc).join(t3, true()).group_by(t3.c.key).order_by(t3.c.key)') AS r;
SELECT orm_select('tv = func.json_each(Doc.attrs).table_valued("key", "value")
select(tv).where(Doc.id == 2)') AS r;
-- a string argument: PostgreSQL resolves it as json, as psycopg2's untyped literal
SELECT orm_select('t4 = func.json_each(''{"a": 1, "b": 2}'').table_valued("key", "value")
select(t4).order_by(t4.c.key)') AS r;
-- refused, with the place
SELECT orm_select('tv = func.json_each(Doc.attrs).table_valued(Doc.id)
select(tv)') AS r;
SELECT orm_select('tv = func.json_each(Doc.attrs).table_valued("key").render_derived(with_types=True)
select(tv)') AS r;
SELECT orm_select('select(func.json_each(Doc.attrs).table_valued("key").c.nope)') AS r;
SELECT orm_select('select(func.set_config("a", "b", False).table_valued("x"))') AS r;
-- Values(): PostgreSQL's (pg_query_values); SQLite has no column list for its alias
SELECT orm_select('v = values(column("k", Integer), name="v").data([(1,), (2,)])
select(v.c.k)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
