--
-- inherit_concrete: concrete table inheritance (__mapper_args__
-- {"concrete": True}), as SQLAlchemy 2.0.52 maps it.  Each concrete class
-- has a table of its own with all of its columns (the superclass's columns
-- are not copied to it); its mapper inherits none of the superclass's
-- attributes or relationships; without a polymorphic union a query of any
-- class reads that class's table only, and the flush writes each class to
-- its own table.  Every result below was checked against SQLAlchemy 2.0.52
-- running the same model and data (on SQLite and on PostgreSQL through
-- psycopg2): the objects' attributes and the statements' tables.
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    employees: Mapped[List["Employee"]] = relationship(back_populates="company")
    managers: Mapped[List["Manager"]] = relationship(back_populates="company")


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("company.id"))
    company: Mapped[Optional["Company"]] = relationship(back_populates="employees")


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    manager_data: Mapped[Optional[str]] = mapped_column(String(40))
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("company.id"))
    company: Mapped[Optional["Company"]] = relationship(back_populates="managers")
    __mapper_args__ = {"concrete": True}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    engineer_info: Mapped[Optional[str]] = mapped_column(String(40))
    __mapper_args__ = {"concrete": True}') IS NOT NULL AS declared;
SELECT orm_create_all() AS created;
-- each class its own table, all its columns in it
SELECT orm_ddl() AS ddl;
SELECT orm_flush('[{"op": "add", "entity": "Company", "data": {"name": "acme"}},
  {"op": "add", "entity": "Employee", "data": {"name": "e1", "company_id": 1}},
  {"op": "add", "entity": "Manager", "data": {"name": "m1", "manager_data": "md", "company_id": 1}},
  {"op": "add", "entity": "Engineer", "data": {"name": "g1", "engineer_info": "ei"}},
  {"op": "add", "entity": "Engineer", "data": {"name": "g2"}}]') AS flushed;
SELECT * FROM employee ORDER BY id;
SELECT * FROM manager ORDER BY id;
SELECT * FROM engineer ORDER BY id;
-- the base class alone reads only its own table (no polymorphic union)
SELECT orm_compile('select(Employee)', NULL) AS sql;
SELECT orm_select('select(Employee)') AS employees;
SELECT orm_compile('select(Manager)', NULL) AS sql;
SELECT orm_select('select(Manager)') AS managers;
SELECT orm_select('select(Engineer).where(Engineer.name == "g2")') AS engineers;
SELECT orm_select('select(Engineer.name, Engineer.engineer_info).order_by(Engineer.id.desc())') AS rows;
-- relationships: each concrete class declares its own
SELECT orm_select('select(Company).options(selectinload(Company.employees), selectinload(Company.managers))') AS companies;
SELECT orm_select('select(Manager).options(joinedload(Manager.company))') AS managers;
SELECT orm_select('select(Manager).join(Manager.company).where(Company.name == "acme")') AS managers;
-- the superclass's relationship is not the concrete subclass's (SQLAlchemy:
-- "Concrete Mapper[Engineer(engineer)] does not implement attribute 'company'")
SELECT orm_select('select(Engineer).options(selectinload(Engineer.company))') AS refused;
SELECT orm_select('select(Engineer).join(Engineer.company)') AS refused;
-- update and delete: each class in its own table
SELECT orm_flush('[{"op": "update", "entity": "Manager", "key": 1, "data": {"name": "m2"}},
  {"op": "update", "entity": "Engineer", "key": 2, "data": {"engineer_info": "x"}}]') AS updated;
SELECT orm_flush('[{"op": "delete", "entity": "Engineer", "key": 1}]') AS deleted;
SELECT * FROM employee ORDER BY id;
SELECT * FROM manager ORDER BY id;
SELECT * FROM engineer ORDER BY id;
-- orm_get and bulk insert of a concrete class: its own table
SELECT orm_get('Manager', '1') AS got;
SELECT orm_get('Employee', '1') AS got;
SELECT orm_compile('insert(Manager)', '[{"name": "m3", "manager_data": "z"}]') AS sql;
SELECT orm_execute('insert(Manager)', '[{"name": "m3", "manager_data": "z"}]') AS result;
SELECT * FROM manager ORDER BY id;
-- a mixin of the superclass is not copied to a concrete subclass; a concrete
-- class may be a polymorphic root of its own (a joined subclass below it);
-- a concrete class on an imperative __table__
SELECT orm_declare('from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Stamp:
    note: Mapped[Optional[str]] = mapped_column(String(20))


class Animal(Stamp, Base):
    __tablename__ = "animal"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class Dog(Animal):
    __tablename__ = "dog"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(10))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "dog", "concrete": True}


class Puppy(Dog):
    __tablename__ = "puppy"
    id: Mapped[int] = mapped_column(ForeignKey("dog.id"), primary_key=True)
    age: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "puppy"}


cat_table = Table("cat", Base.metadata, Column("id", Integer, primary_key=True),
                  Column("name", String(30)), Column("lives", Integer))


class Cat(Animal):
    __table__ = cat_table
    __mapper_args__ = {"concrete": True}') IS NOT NULL AS declared;
SELECT orm_create_all() AS created;
SELECT orm_ddl() AS ddl;
SELECT orm_flush('[{"op": "add", "entity": "Animal", "data": {"name": "a1", "note": "n"}},
  {"op": "add", "entity": "Dog", "data": {"name": "d1"}},
  {"op": "add", "entity": "Puppy", "data": {"name": "p1", "age": 1}},
  {"op": "add", "entity": "Cat", "data": {"name": "c1", "lives": 9}}]') IS NOT NULL AS flushed;
SELECT orm_select('select(Animal)') AS animals;
SELECT orm_select('select(Dog).order_by(Dog.id)') AS dogs;
SELECT orm_select('select(Puppy)') AS puppies;
SELECT orm_select('select(Cat)') AS cats;
SELECT orm_flush('[{"op": "add", "entity": "Dog", "data": {"name": "d2", "note": "x"}}]') AS refused;
-- the superclass's hybrids are the concrete subclass's too (Python
-- inheritance), evaluated on its own table
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Shape(Base):
    __tablename__ = "shape"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))

    @hybrid_property
    def label(self):
        return self.name + "!"


class Square(Shape):
    __tablename__ = "square"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    side: Mapped[int]
    __mapper_args__ = {"concrete": True}') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Shape", "data": {"name": "s1"}},
  {"op": "add", "entity": "Square", "data": {"name": "q1", "side": 2}},
  {"op": "add", "entity": "Square", "data": {"name": "q2", "side": 3}}]') IS NOT NULL AS flushed;
SELECT orm_compile('select(Square.label).where(Square.label == "q2!")', NULL) AS sql;
SELECT orm_select('select(Square.name, Square.label).where(Square.label == "q2!")') AS rows;
SELECT orm_select('select(Square.id).order_by(Square.label.desc())') AS rows;
-- errors: a concrete subclass without a table of its own
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
class B(A):
    __mapper_args__ = {"concrete": True}') AS refused;
-- a concrete class's relationship back_populating its superclass's partner:
-- SQLAlchemy maps it but its flush refuses a Manager in Company.employees
-- ("configure mapper Employee to load this subtype polymorphically")
SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Firm(Base):
    __tablename__ = "firm"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    employees: Mapped[List["Worker"]] = relationship(back_populates="company")


class Worker(Base):
    __tablename__ = "worker"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("firm.id"))
    company: Mapped[Optional["Firm"]] = relationship(back_populates="employees")


class Boss(Worker):
    __tablename__ = "boss"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("firm.id"))
    company: Mapped[Optional["Firm"]] = relationship(back_populates="employees")
    __mapper_args__ = {"concrete": True}') AS refused;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
-- ConcreteBase: the base's queries read the polymorphic union of its
-- table and its concrete subclasses' (SQLAlchemy's pjoin: every column name
-- of the union, NULL where a table lacks it, the class's identity as
-- "type"), each row an object of the class its type names
SELECT orm_declare('from typing import Optional

from sqlalchemy import String
from sqlalchemy.ext.declarative import ConcreteBase
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Employee(ConcreteBase, Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "employee", "concrete": True}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    manager_data: Mapped[Optional[str]] = mapped_column(String(40))
    __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    engineer_info: Mapped[Optional[str]] = mapped_column(String(40))
    __mapper_args__ = {"polymorphic_identity": "engineer", "concrete": True}') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Employee", "data": {"name": "e1"}},
  {"op": "add", "entity": "Manager", "data": {"name": "m1", "manager_data": "md"}},
  {"op": "add", "entity": "Engineer", "data": {"name": "g1", "engineer_info": "ei"}},
  {"op": "add", "entity": "Engineer", "data": {"name": "g2"}}]') IS NOT NULL AS flushed;
SELECT orm_compile('select(Employee)', NULL) AS sql;
SELECT orm_select('select(Employee)') AS employees;
SELECT orm_select('select(Employee).where(Employee.name == "m1")') AS employees;
SELECT orm_select('select(Employee).order_by(Employee.name.desc()).limit(3)') AS employees;
SELECT orm_select('select(Employee).where(Employee.id == 1).order_by(Employee.name)') AS employees;
SELECT orm_select('select(Employee.id, Employee.name).where(Employee.name.like("g%")).order_by(Employee.name)') AS rows;
SELECT orm_select('select(Employee.name).order_by(Employee.name)') AS rows;
SELECT orm_select('select(func.count()).select_from(Employee)') AS rows;
-- a concrete class alone: its own table
SELECT orm_select('select(Manager)') AS managers;
-- not supported, refused: what SQLAlchemy does on the union
SELECT orm_select('select(aliased(Employee))') AS refused;
SELECT orm_select('select(Employee).options(defer(Employee.name))') AS refused;
SELECT orm_compile('update(Employee).where(Employee.id == 1).values(name="z")', NULL) AS refused;
SELECT orm_get('Employee', '1') AS refused;
SELECT orm_select('sq = select(Employee).subquery()
select(aliased(Employee, sq))') AS refused;
SELECT orm_select('select(Employee).union_all(select(Employee))') AS refused;
SELECT orm_declare('from sqlalchemy.orm import Mapped
class Temp(Employee):
    agency: Mapped[str]') AS refused;
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship
class Badge(Base):
    __tablename__ = "badge"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    employee: Mapped["Employee"] = relationship()') AS refused;
-- AbstractConcreteBase is not supported
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.ext.declarative import AbstractConcreteBase
class Base(DeclarativeBase):
    pass
class A(AbstractConcreteBase, Base):
    pass') AS refused;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
