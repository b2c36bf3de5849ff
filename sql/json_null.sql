--
-- json_null: JSON.NULL in statement text is the JSON null ('null'), bound as a
-- JSON value, where None written into a JSON column is also 'null' and null()
-- is SQL NULL; compared with JSON.NULL a column is compared with 'null' (no
-- json = json operator on PostgreSQL, as SQLAlchemy's statement fails there
-- too).  Checked against SQLAlchemy 2.0.52 on SQLite and PostgreSQL.
--
\pset format unaligned

SELECT orm_declare('from typing import Any, Optional

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[Optional[Any]] = mapped_column(JSON, nullable=True)
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_execute('insert(Doc).values(id=1, body=JSON.NULL)') AS json_null;
SELECT orm_execute('insert(Doc).values(id=2, body=None)') AS none;
SELECT orm_execute('insert(Doc).values(id=3, body=null())') AS sql_null;
SELECT orm_execute('insert(Doc).values(id=4, body={"a": 1})') AS object;
SELECT orm_execute('insert(Doc).values(id=5, body=null())') AS sql_null_again;
SELECT orm_execute('update(Doc).where(Doc.id == 5).values(body=JSON.NULL)') AS update_json_null;

-- 'null' for JSON.NULL and None, SQL NULL for null()
SELECT id, body IS NULL AS is_sql_null, CAST(body AS TEXT) AS stored FROM docs ORDER BY id;

SELECT orm_select('select(Doc.id).where(Doc.body.is_(None)).order_by(Doc.id)') AS is_none;
SELECT orm_select('select(Doc.id).where(Doc.body == JSON.NULL).order_by(Doc.id)') AS eq_json_null;
SELECT orm_select('select(Doc.id, Doc.body).order_by(Doc.id)') AS bodies;
SELECT orm_select('select(Doc.id).where(Doc.body == JSON.NONE)') AS unknown_attr;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
