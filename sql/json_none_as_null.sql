--
-- json_none_as_null: JSON(none_as_null=True) stores None as SQL NULL (in
-- insert().values(), executemany params, update().values() and the flush),
-- where a plain JSON column stores the JSON null 'null'; JSON.NULL is 'null'
-- in both.  Checked against SQLAlchemy 2.0.52 on SQLite and PostgreSQL.
--
\pset format unaligned

SELECT orm_declare('from typing import Any, Optional

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs_nn"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[Optional[Any]] = mapped_column(JSON(none_as_null=True), nullable=True)
    b: Mapped[Optional[Any]] = mapped_column(JSON, nullable=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_execute('insert(Doc).values(id=1, a=None, b=None)') AS r;
SELECT orm_execute('insert(Doc)', '[{"id": 2, "a": null, "b": null}, {"id": 3, "a": {"x": 1}, "b": [1]}]') AS r;
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"id": 4, "a": null, "b": null}}]') IS NOT NULL AS flushed;
SELECT orm_execute('insert(Doc).values(id=5, a=JSON.NULL, b=null())') AS r;
SELECT orm_execute('update(Doc).where(Doc.id == 3).values(a=None)') AS r;

-- a: SQL NULL for None, 'null' for JSON.NULL; b: 'null' for None, SQL NULL for null()
SELECT id, a IS NULL AS a_sql_null, CAST(a AS TEXT) AS a, b IS NULL AS b_sql_null, CAST(b AS TEXT) AS b
  FROM docs_nn ORDER BY id;
SELECT orm_select('select(Doc.id).where(Doc.a.is_(None)).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc).order_by(Doc.id)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
