--
-- declare_errors: declarations SQLAlchemy 2.0.40 refuses are refused too,
-- with the line and column.
--
\pset format unaligned

-- An annotation that is not Mapped[] on a mapped class.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: str
');
-- ... unless the class allows it.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    __allow_unmapped__ = True
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: str
') AS allowed;
DELETE FROM orm_registry;
-- Mapped[dict] without a column type or a type_annotation_map entry.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict]
');
-- Two classes for one table.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
class B(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- Joined inheritance needs a foreign key to the superclass's table.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
class B(A):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- A naming convention with %(constraint_name)s needs a named constraint.
SELECT orm_declare('from sqlalchemy import CheckConstraint, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})
class A(Base):
    __tablename__ = "a"
    __table_args__ = (CheckConstraint("id > 0"),)
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- A __tablename__ directive we cannot evaluate.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls):
        return pluralize(cls.__name__)
class A(Base):
    id: Mapped[int] = mapped_column(primary_key=True)
');
-- Nothing of the failed declarations was kept.
SELECT count(*) AS stored FROM orm_registry;
