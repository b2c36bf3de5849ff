--
-- pg_query_pg_types: PostgreSQL's JSONB and ARRAY comparators (contains,
-- contained_by, has_key, has_any, has_all, overlap, any, all, array()),
-- LATERAL subqueries, and func.set_config refused in query text.  Results
-- checked against SQLAlchemy 2.0.52 (test/guide, select.py derived cases).
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import Integer, String
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "pt_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    data = mapped_column(JSONB)
    tags = mapped_column(ARRAY(String))
    nums = mapped_column(ARRAY(Integer))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Doc", "data": {"name": "a", "data": {"k": "v1", "n": 1, "arr": [1, 2]}, "tags": ["x", "y"], "nums": [1, 2, 3]}},
 {"op": "add", "entity": "Doc", "data": {"name": "b", "data": {"k": "v2", "m": 2}, "tags": ["y"], "nums": [5]}},
 {"op": "add", "entity": "Doc", "data": {"name": "c", "data": {"z": null}, "tags": [], "nums": []}}
]') IS NOT NULL AS flushed;
SELECT orm_select('select(Doc).order_by(Doc.id)') AS r;

-- JSONB
SELECT orm_compile('select(Doc.name).where(Doc.data.contains({"k": "v1"}))') AS sql;
SELECT orm_select('select(Doc.name).where(Doc.data.contains({"k": "v1"})).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.data.contained_by(dict(k="v2", m=2, q=3))).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.data.has_key("k")).order_by(Doc.id)') AS r;
SELECT orm_compile('from sqlalchemy.dialects.postgresql import array
select(Doc.name).where(Doc.data.has_any(array(["m", "z"])))') AS sql;
SELECT orm_select('select(Doc.name).where(Doc.data.has_any(array(["m", "z"]))).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.data.has_all(array(["k", "n"]))).order_by(Doc.id)') AS r;
-- a list binds as JSONB, as SQLAlchemy binds it, and PostgreSQL has no ?| for that
SELECT orm_select('select(Doc.name).where(Doc.data.has_any(["m", "z"]))') AS r;
SELECT orm_select('select(Doc.name).where(Doc.data == {"k": "v2", "m": 2})') AS r;
SELECT orm_select('select(Doc.name, Doc.data[("arr", 1)].as_integer()).order_by(Doc.id)') AS r;

-- ARRAY
SELECT orm_compile('select(Doc.name).where(Doc.tags.any("y"))') AS sql;
SELECT orm_select('select(Doc.name).where(Doc.tags.any("y")).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.nums.all(5)).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.tags.contains(["x"])).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.tags.overlap(["x", "q"])).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.nums.contained_by(array([1, 2, 3, 4]))).order_by(Doc.id)') AS r;
SELECT orm_execute('update(Doc).where(Doc.name == "c").values(tags=["new"], nums=[7, 8])') AS r;
SELECT orm_select('select(Doc.tags, Doc.nums).where(Doc.name == "c")') AS r;
SELECT orm_select('select(Doc.name).where(Doc.name.has_key("k"))') AS r;

-- LATERAL: a derived table that sees the FROMs before it
SELECT orm_compile('subq = select(Doc.id).where(Doc.id < Doc.id).lateral()
select(Doc.name).join(subq, true())') AS sql;
SELECT orm_select('d2 = aliased(Doc)
subq = select(d2.name).where(d2.id > Doc.id).order_by(d2.id).limit(1).lateral("nxt")
select(Doc.name, subq.c.name.label("next")).outerjoin(subq, true()).order_by(Doc.id)') AS r;

-- query text cannot change settings (orm.allow_raw_sql, search_path)
SELECT orm_select('select(func.set_config("search_path", "x", False))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
