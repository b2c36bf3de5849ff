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
