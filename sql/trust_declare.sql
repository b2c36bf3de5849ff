--
-- trust_declare: no declaration text crashes the process or is silently
-- misread.  The forms below used to crash, loop, or be read wrongly; what
-- SQLAlchemy 2.0 refuses at declaration time is refused with the line and
-- column, the connection stays usable, and a failed orm_declare stores
-- nothing in orm_registry.
--
\pset format unaligned
-- (a test before this one may have left declarations behind)
DELETE FROM orm_registry;

-- Read as Python reads them: a name bound again from itself
-- (T = T.with_variant(...), intpk = Annotated[intpk, ...], an imported name
-- re-bound as an Annotated alias), imports after a semicolon, a
-- @declared_attr body indented with a tab and holding a triple-quoted
-- string, number literals in every spelling, PrimaryKeyConstraint() and
-- UniqueConstraint() without columns.
SELECT orm_declare('import sqlalchemy as sa; from sqlalchemy.orm import DeclarativeBase as DB
from decimal import Decimal
from typing import Annotated
from uuid import UUID
from sqlalchemy import Identity, Numeric, PrimaryKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

T = String(10)
T = T.with_variant(String(20), "sqlite").with_variant(String(20), "postgresql")
intpk = Annotated[int, mapped_column(primary_key=True)]
intpk = Annotated[intpk, mapped_column(primary_key=True, autoincrement=False)]
UUID = Annotated[UUID, mapped_column(unique=True)]

class Base(DB):
    pass

class Noted:
    @declared_attr
    def note(cls) -> Mapped[str]:
	"""A tab-indented body."""
	return mapped_column(sa.String(9), default="""two
lines""")

class Thing(Noted, Base):
    __tablename__ = "thing"
    __table_args__ = (PrimaryKeyConstraint(name="pk_thing"), UniqueConstraint())
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(T)
    ref: Mapped[UUID]
    hexa: Mapped[int] = mapped_column(default=0x10)
    big: Mapped[int] = mapped_column(default=1_000)
    ratio: Mapped[float] = mapped_column(default=1.)
    half: Mapped[float] = mapped_column(default=-.5)
    price = mapped_column(Numeric(10, 2), default=Decimal(" -01_0.5 "))
') AS declared;
SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Thing", "data": {"id": 1, "code": "c", "ref": "12345678-1234-5678-1234-567812345678"}}]') AS flushed;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;

-- ForeignKey() of an attribute of a string: not a dotted name (was a crash).
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    x: Mapped[int] = mapped_column(ForeignKey("a".x))
');
-- An Annotated alias made of itself: Python's NameError (was endless recursion).
SELECT orm_declare('from typing import Annotated
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
intpk = Annotated[intpk, mapped_column(primary_key=True)]
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[intpk]
');
-- ... or of each other.
SELECT orm_declare('from typing import Annotated
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
a1 = Annotated[a2, mapped_column()]
a2 = Annotated[a1, mapped_column()]
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[a1] = mapped_column(primary_key=True)
');
-- A mapped @declared_attr whose body is not one return statement: it would
-- have to run (was mapped without its mapped_column() arguments).
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
class Base(DeclarativeBase): pass
class M:
    @declared_attr
    def code(cls) -> Mapped[str]:
        size = 5
        return mapped_column(String(size))
class A(M, Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- The same for a __tablename__ directive.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls):
        if cls.__name__ == "A":
            return "aa"
        return cls.__name__.lower()
class A(Base):
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- Numbers that have no JSON spelling, or Decimal() would refuse (were copied
-- into the default as written and failed at flush).
SELECT orm_declare('from decimal import Decimal
from sqlalchemy import Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    price = mapped_column(Numeric(10, 2), default=Decimal("abc"))
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    f: Mapped[float] = mapped_column(default=1e999)
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(default=0x1FFFFFFFFFFFFFFFF)
');
-- enum.auto() after the largest integer.
SELECT orm_declare('import enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class E(enum.Enum):
    A = 9223372036854775807
    B = enum.auto()
');
-- Type arguments that are not integers in range (were dropped, or wrapped).
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    s: Mapped[str] = mapped_column(String("50"))
');
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    s: Mapped[str] = mapped_column(String(length=99999999999))
');
-- A flag that is not a constant (was read as the default).
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
PK = True
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=PK)
');
-- SQL phrases that are not a foreign key action or an index method (were
-- spliced into CREATE TABLE / CREATE INDEX as written).
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    p: Mapped[int] = mapped_column(ForeignKey("a.id", ondelete="CASCADE; DROP TABLE a --"))
');
SELECT orm_declare('from sqlalchemy import Index
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    __table_args__ = (Index("ix_a", "id", postgresql_using="btree (id); --"),)
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- A column name twice in a table, a blank one, a single-table subclass
-- column over its superclass's: SQLAlchemy's DuplicateColumnError /
-- ArgumentError (were CREATE TABLE failing, or the column dropped).
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    other_id: Mapped[int] = mapped_column("id")
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column("", primary_key=True)
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "a"}
class B(A):
    kind: Mapped[str] = mapped_column(nullable=True)
    __mapper_args__ = {"polymorphic_identity": "b"}
');
-- back_populates pairing a relationship with itself, or two one-to-manys.
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase): pass
class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("node.id"))
    children: Mapped[list["Node"]] = relationship(back_populates="children")
');
-- Foreign key columns without a type, referring to each other: no type to
-- take (SQLAlchemy's NullType, refused by its DDL compiler).
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    x = mapped_column(ForeignKey("a.y"))
    y = mapped_column(ForeignKey("a.x"))
');
-- A NUL character in a string that is read (was cut short).
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a\x00b"
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- An invisible character inside a name (here a no-break space after the colon).
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
');
-- A token quoted in a message is cut between characters (was inside one:
-- the message was not UTF-8).
SELECT orm_declare('x = 1 aéééééééééééééééééééééééééééééé');
-- __mapper_args__ that is not a dict.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    __mapper_args__ = ("polymorphic_identity", "a")
');

-- Nothing of the failed declarations was kept, and the connection works.
SELECT count(*) AS stored FROM orm_registry;
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
') AS declared_after;
SELECT count(*) AS stored FROM orm_registry;
DELETE FROM orm_registry;
