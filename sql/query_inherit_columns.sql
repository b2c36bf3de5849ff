\pset format unaligned
--
-- query_inherit_columns: column loading (deferred columns, load_only / defer /
-- undefer / undefer_group / with_expression, column_property,
-- query_expression) on joined-table inheritance hierarchies; every result as
-- SQLAlchemy 2.0.52 returns it for the same model and rows (checked on SQLite).
--
-- An entity's attributes are its mapper's: its own expression attributes,
-- then the inherited ones, then the columns of its tables; an option on a
-- superclass's attribute applies to a subclass entity; with_polymorphic()
-- classes load their own expression attributes; a subclass loaded by a
-- statement of its own (polymorphic_load="selectin") loads its own columns
-- there, whatever load_only() said for the base entity.
--
SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, query_expression, relationship


class Base(DeclarativeBase):
    pass


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    employees: Mapped[List["Employee"]] = relationship(back_populates="company", order_by="Employee.id")


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    notes: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group="extra")
    type: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("company.id"))
    upper_name = column_property(func.upper(name))
    score: Mapped[Optional[int]] = query_expression()
    company: Mapped[Optional["Company"]] = relationship(back_populates="employees")
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    manager_name: Mapped[str] = mapped_column(String(50))
    bio: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group="extra")
    mlen = column_property(func.length(manager_name))
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(50))
    level: Mapped[Optional[int]] = mapped_column(deferred=True)
    elen = column_property(func.length(language))
    __mapper_args__ = {"polymorphic_identity": "engineer", "polymorphic_load": "selectin"}
') IS NOT NULL AS declared;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Company", "data": {"id": 1, "name": "Acme"}},
 {"op": "add", "entity": "Employee", "data": {"id": 1, "name": "ann", "notes": "n1", "company_id": 1}},
 {"op": "add", "entity": "Manager", "data": {"id": 2, "name": "bob", "notes": "n2", "manager_name": "boss", "bio": "b2", "company_id": 1}},
 {"op": "add", "entity": "Engineer", "data": {"id": 3, "name": "cy", "notes": "n3", "language": "C", "level": 3, "company_id": 1}},
 {"op": "add", "entity": "Manager", "data": {"id": 4, "name": "di", "manager_name": "mgr"}}]') IS NOT NULL AS flushed;

-- a joined subclass: its own column_property, then the inherited one; deferred columns absent
SELECT orm_compile('select(Manager).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).order_by(Manager.id)') AS rows;
-- load_only() of the subclass's attribute, of the superclass's attribute on the subclass entity
SELECT orm_compile('select(Manager).options(load_only(Manager.manager_name)).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).options(load_only(Manager.manager_name)).order_by(Manager.id)') AS rows;
SELECT orm_compile('select(Manager).options(load_only(Employee.name)).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).options(load_only(Employee.name)).order_by(Manager.id)') AS rows;
-- undefer() of a deferred column of each table; undefer_group() across the tables
SELECT orm_select('select(Manager).options(undefer(Manager.bio), undefer(Employee.notes)).order_by(Manager.id)') AS rows;
SELECT orm_compile('select(Manager).options(undefer_group("extra")).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).options(undefer_group("extra")).order_by(Manager.id)') AS rows;
SELECT orm_select('select(Engineer).options(undefer(Engineer.level))') AS rows;
-- the base class: Engineers get their columns and column_property by their own statement
SELECT orm_compile('select(Employee).order_by(Employee.id)') AS sql;
SELECT orm_select('select(Employee).order_by(Employee.id)') AS rows;
SELECT orm_select('select(Employee).options(defer(Employee.name)).order_by(Employee.id)') AS rows;
-- an option on a subclass's attribute: for the subclass's own statement (Engineer's), not
-- the base class's (Manager's columns are not loaded by it)
SELECT orm_select('select(Employee).options(undefer(Manager.bio)).order_by(Employee.id)') AS rows;
SELECT orm_compile('select(Employee).options(undefer(Engineer.level)).order_by(Employee.id)') AS sql;
SELECT orm_select('select(Employee).options(undefer(Engineer.level)).order_by(Employee.id)') AS rows;
SELECT orm_select('select(Employee).options(defer(Engineer.language)).order_by(Employee.id)') AS rows;
SELECT orm_select('select(Engineer).options(load_only(Engineer.language))') AS rows;
-- with_polymorphic(): each class's expression attributes and columns
SELECT orm_compile('wp = with_polymorphic(Employee, [Manager])
select(wp).order_by(wp.id)') AS sql;
SELECT orm_select('wp = with_polymorphic(Employee, [Manager])
select(wp).order_by(wp.id)') AS rows;
SELECT orm_compile('wp = with_polymorphic(Employee, [Manager])
select(wp).options(undefer_group("extra")).order_by(wp.id)') AS sql;
SELECT orm_select('wp = with_polymorphic(Employee, [Manager])
select(wp).options(undefer_group("extra")).order_by(wp.id)') AS rows;
-- along a relationship: load_only() on the base class; the join column is read, not loaded
SELECT orm_select('select(Company).options(selectinload(Company.employees).load_only(Employee.name))') AS rows;
SELECT orm_select('select(Company).options(joinedload(Company.employees.of_type(Manager)).load_only(Manager.manager_name))') AS rows;
-- selectin_polymorphic(): the subclass statement loads its own columns
SELECT orm_select('select(Employee).options(selectin_polymorphic(Employee, [Manager]), load_only(Employee.name)).order_by(Employee.id)') AS rows;
-- aliased() of a joined subclass (its tables as a subquery, or flat): options by the alias;
-- a subclass's column_property deferred or alone
SELECT orm_compile('m = aliased(Manager)
select(m).options(load_only(m.manager_name))') AS sql;
SELECT orm_select('m = aliased(Manager)
select(m).options(load_only(m.manager_name))') AS rows;
SELECT orm_select('m = aliased(Manager, flat=True)
select(m).options(defer(m.name)).order_by(m.id)') AS rows;
SELECT orm_select('select(Manager).options(defer(Manager.mlen)).order_by(Manager.id)') AS rows;
SELECT orm_select('select(Manager).options(load_only(Manager.mlen)).order_by(Manager.id)') AS rows;
-- with_expression() of an inherited query_expression
SELECT orm_compile('select(Manager).options(with_expression(Manager.score, Manager.id * 10)).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).options(with_expression(Manager.score, Manager.id * 10)).order_by(Manager.id)') AS rows;
SELECT orm_get('Manager', '2', 'undefer(Manager.bio)') AS got;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
