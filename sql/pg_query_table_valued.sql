--
-- pg_query_table_valued: PostgreSQL's forms of table-valued functions and
-- ordered-set aggregates -- column_valued() (SELECT x FROM f(...) AS x),
-- render_derived() (AS anon_1(value, ord)), with_ordinality=, and
-- func.f(...).within_group(...) (f(...) WITHIN GROUP (ORDER BY ...),
-- labeled anon_1 as SQLAlchemy's WithinGroup is).  Every result checked
-- against SQLAlchemy 2.0.52 on PostgreSQL (SQLite has none of these;
-- column_valued() is refused there, where SQLAlchemy's statement fails).
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "pg_tv_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    tags = mapped_column(JSON)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(Item)', '[{"id": 1, "name": "x", "tags": ["a", "b"]}, {"id": 2, "name": "y", "tags": ["c"]}, {"id": 3, "name": "y", "tags": []}]') AS r;

-- column_valued()
SELECT orm_compile('select(Item.id, func.json_array_elements_text(Item.tags).column_valued("x")).order_by(Item.id)') AS sql;
SELECT orm_select('select(Item.id, func.json_array_elements_text(Item.tags).column_valued("x")).order_by(Item.id)') AS r;
SELECT orm_select('select(func.generate_series(1, 3).column_valued())') AS r;
SELECT orm_select('n = func.generate_series(1, 3).column_valued("n")
select(n).where(n > 1)') AS r;
-- table_valued(): render_derived(), with_ordinality=
SELECT orm_compile('tv = func.generate_series(4, 5).table_valued("value", with_ordinality="ord").render_derived(name="g")
select(tv)') AS sql;
SELECT orm_select('tv = func.generate_series(4, 5).table_valued("value", with_ordinality="ord").render_derived(name="g")
select(tv)') AS r;
SELECT orm_select('select(func.count()).select_from(func.generate_series(1, 3).table_valued("v").render_derived())') AS r;
SELECT orm_select('tv = func.json_array_elements_text(Item.tags).table_valued("value")
select(Item.id, tv.c.value).order_by(Item.id, tv.c.value)') AS r;
-- within_group()
SELECT orm_compile('select(func.percentile_cont(0.5).within_group(Item.id))') AS sql;
SELECT orm_select('select(func.percentile_cont(0.5).within_group(Item.id))') AS r;
SELECT orm_select('select(func.percentile_cont(0.5).within_group(Item.id.desc()).label("med"))') AS r;
SELECT orm_select('select(func.mode().within_group(Item.name))') AS r;
SELECT orm_select('select(Item.name, func.percentile_disc(0.5).within_group(Item.id)).group_by(Item.name).order_by(Item.name)') AS r;
-- a list argument is one ARRAY value, as psycopg2 binds a list (the tutorial's)
SELECT orm_compile('user_table = Item.__table__
select(func.unnest(func.percentile_disc([0.25, 0.5, 0.75, 1]).within_group(user_table.c.name)))') AS sql;
SELECT orm_select('user_table = Item.__table__
select(func.unnest(func.percentile_disc([0.25, 0.5, 0.75, 1]).within_group(user_table.c.name)))') AS r;
SELECT orm_select('select(func.percentile_cont(0.5).within_group())') AS r;
SELECT orm_select('select(func.count().over().within_group(Item.id))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
