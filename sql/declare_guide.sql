--
-- declare_guide: what SQLAlchemy 2.0's declarative chapters declare is mapped as
-- SQLAlchemy maps it, or refused where orm does not implement it
-- (test/guide/decl_check.py compares the chapters' models with real SQLAlchemy).
--
\pset format unaligned

-- __mapper_args__ keys: those with no visible effect here are accepted ...
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    __mapper_args__ = {"eager_defaults": True, "confirm_deleted_rows": False, "batch": False,
                       "allow_partial_pks": True, "polymorphic_abstract": False}
') IS NOT NULL AS accepted;
DELETE FROM orm_registry;
-- ... a key Mapper does not take is its TypeError ...
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    __mapper_args__ = {"polymorphic_identiy": "a"}
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    __mapper_args__ = {"local_table": None}
');
-- ... and keys that would change what is mapped are refused, not ignored.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    __mapper_args__ = {"exclude_properties": ["name"]}
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_abstract": True}
');

-- The last __table_args__ of a class body is the class's (Python's rule).
SELECT orm_declare('from sqlalchemy import ForeignKeyConstraint, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Remote(Base):
    __tablename__ = "remote_table"
    id: Mapped[int] = mapped_column(primary_key=True)
class MyClass(Base):
    __tablename__ = "sometable"
    __table_args__ = {"mysql_engine": "InnoDB"}
    id: Mapped[int] = mapped_column(primary_key=True)
    foo: Mapped[int]
    __table_args__ = (ForeignKeyConstraint(["id"], ["remote_table.id"]), UniqueConstraint("foo"))
') IS NOT NULL AS declared;
SELECT orm_ddl();
DELETE FROM orm_registry;
-- Table keywords are Table's own or <dialect>_<argument>.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    __table_args__ = {"autoload": False}
    id: Mapped[int] = mapped_column(primary_key=True)
');

-- registry(type_annotation_map=...) on the base; Annotated keys; a generic enum.Enum
-- entry adapted to each enum class (its length= and native_enum= kept).
SELECT orm_declare('import enum
from decimal import Decimal
from typing_extensions import Annotated
from sqlalchemy import Enum, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
str_30 = Annotated[str, 30]
num_6_2 = Annotated[Decimal, 6]
class Status(enum.Enum):
    PENDING = "pending"
    RECEIVED = "received"
class Base(DeclarativeBase):
    registry = registry(type_annotation_map={
        str_30: String(30),
        num_6_2: Numeric(6, 2),
        enum.Enum: Enum(enum.Enum, length=50, native_enum=False),
    })
class SomeClass(Base):
    __tablename__ = "some_table"
    short_name: Mapped[str_30] = mapped_column(primary_key=True)
    amount: Mapped[num_6_2]
    status: Mapped[Status]
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "SomeClass", "data": {"short_name": "a", "amount": "2.25", "status": "received"}}]', 'counts');
SELECT short_name, status FROM some_table;
SELECT orm_select('select(SomeClass).where(SomeClass.status == Status.RECEIVED)');
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

-- composite() (declare_composite shows it) and a dictionary collection with
-- attribute_keyed_dict() (declare_imperative) are accepted; a dict without it is refused.
SELECT orm_declare('import dataclasses
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column
@dataclasses.dataclass
class Point:
    x: int
    y: int
class Base(DeclarativeBase):
    pass
class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"))
') IS NOT NULL AS declared;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, attribute_keyed_dict, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    notes: Mapped[dict[str, "Note"]] = relationship(collection_class=attribute_keyed_dict("keyword"))
class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    keyword: Mapped[str]
') IS NOT NULL AS declared;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    notes: Mapped[dict[str, "Note"]] = relationship()
class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
');
DELETE FROM orm_registry;
