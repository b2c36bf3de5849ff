\pset format unaligned
--
-- flush_fk_value: a foreign key given as a plain value ("manager_id": 1)
-- orders nothing, as in SQLAlchemy 2.0.52 (checked with echo=True on
-- PostgreSQL and on SQLite with PRAGMA foreign_keys=ON, with and without
-- the relationship declared, either add order): its unit of work orders
-- rows by relationships and inheritance only, so between tables that
-- refer to each other (employees.manager_id -> managers, managers.id ->
-- employees) both employees rows go in one INSERT before managers, and the
-- database refuses the key.  PostgreSQL checks it (the error below is
-- SQLAlchemy's IntegrityError too); SQLite checks foreign keys only where
-- the connection says PRAGMA foreign_keys = ON, which this test does not.
-- Given as the relationship ("manager": {"id": 1}) the flush succeeds on
-- both, as in SQLAlchemy; orm writes the key as post_update does (NULL in
-- the INSERT, then an UPDATE: "updated": 1), where SQLAlchemy's per-row sort
-- inserts the manager's two rows, then the employee's.
--
SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    type: Mapped[str]
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id"))
    manager: Mapped[Optional["Manager"]] = relationship(back_populates="reports",
                                                        foreign_keys=[manager_id])

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "managers"
    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    reports: Mapped[List[Employee]] = relationship(back_populates="manager",
                                                   foreign_keys=[Employee.manager_id])

    __mapper_args__ = {"polymorphic_identity": "manager", "inherit_condition": id == Employee.id}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- a plain value naming a manager of the same flush: refused on PostgreSQL
-- (either order), stored on SQLite, which does not check
SELECT orm_flush('[{"op": "add", "entity": "Manager", "data": {"id": 1, "name": "m"}},
  {"op": "add", "entity": "Employee", "data": {"id": 2, "name": "e", "manager_id": 1}}]', 'counts') AS flushed;
DELETE FROM managers;
DELETE FROM employees;
SELECT orm_flush('[{"op": "add", "entity": "Employee", "data": {"id": 2, "name": "e", "manager_id": 1}},
  {"op": "add", "entity": "Manager", "data": {"id": 1, "name": "m"}}]', 'counts') AS flushed;
DELETE FROM managers;
DELETE FROM employees;

-- the relationship instead: stored on both
SELECT orm_flush('[{"op": "add", "entity": "Manager", "data": {"id": 1, "name": "m"}},
  {"op": "add", "entity": "Employee", "data": {"id": 2, "name": "e", "manager": {"id": 1}}}]', 'counts') AS flushed;
SELECT id, name, type, manager_id FROM employees ORDER BY id;
SELECT id FROM managers ORDER BY id;

-- a plain value naming a stored manager: stored on both
SELECT orm_flush('[{"op": "add", "entity": "Employee", "data": {"id": 3, "name": "e3", "manager_id": 1}}]', 'counts') AS flushed;
SELECT id, name, type, manager_id FROM employees ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
