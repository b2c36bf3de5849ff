--
-- enum_read: a stored string that is none of an Enum's is an error when read
-- back, as SQLAlchemy 2.0's result processor raises LookupError ("'zz' is
-- not among the defined enum values. Enum name: color. Possible values: red,
-- green, blue, ..., orange"): 22P02 on PostgreSQL, SQLITE_MISMATCH on SQLite
-- (README "Errors": a value not in its type's form).  The names listed are
-- what the column stores (the values with values_callable), at most four, as
-- SQLAlchemy lists them.  Every message here was checked against SQLAlchemy
-- 2.0.52 on SQLite and PostgreSQL (native_enum=False: a native ENUM cannot
-- hold the string).
--
\pset format unaligned

SELECT orm_declare('import enum

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Color(enum.Enum):
    red = "R"
    green = "G"
    blue = "B"
    yellow_extremely_long_name = "Y"
    purple = "P"
    orange = "O"


class Base(DeclarativeBase):
    pass


class Paint(Base):
    __tablename__ = "enum_read"
    id: Mapped[int] = mapped_column(primary_key=True)
    c1: Mapped[Color] = mapped_column(Enum(Color, native_enum=False), nullable=True)
    c2: Mapped[Color] = mapped_column(
        Enum(Color, native_enum=False, values_callable=lambda e: [m.value for m in e]),
        nullable=True,
    )
    c3: Mapped[str] = mapped_column(Enum("a", "b", name="strenum", native_enum=False), nullable=True)
    c4: Mapped[Color] = mapped_column(Enum(Color, native_enum=False, name="mycolor", length=40), nullable=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO enum_read (id, c1, c2, c3, c4) VALUES (1, 'red', 'R', 'a', 'yellow_extremely_long_name');
INSERT INTO enum_read (id, c1, c2, c3, c4) VALUES (2, 'zz', 'Z', 'q', 'x');

-- known strings read as the members' values
SELECT orm_select('select(Paint).where(Paint.id == 1)') AS r;
SELECT orm_select('select(Paint.c1, Paint.c2, Paint.c3, Paint.c4).where(Paint.id == 1)') AS r;
-- unknown ones: SQLAlchemy's LookupError, for an entity and for a column
SELECT orm_select('select(Paint.c1).where(Paint.id == 2)') AS r;
SELECT orm_select('select(Paint.c2).where(Paint.id == 2)') AS r;
SELECT orm_select('select(Paint.c3).where(Paint.id == 2)') AS r;
SELECT orm_select('select(Paint.c4).where(Paint.id == 2)') AS r;
SELECT orm_select('select(Paint).where(Paint.id == 2)') AS r;
SELECT orm_get('Paint', '2') AS r;
SELECT orm_select('select(func.coalesce(Paint.c1, None)).where(Paint.id == 2)') AS r;
-- not read as the Enum: no error
SELECT orm_select('select(Paint.id).where(Paint.c1 == "zz")') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
