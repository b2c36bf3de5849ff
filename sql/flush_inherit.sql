\pset format unaligned
--
-- flush_inherit: single-table inheritance and computed columns in a flush,
-- as SQLAlchemy 2.0 writes them: the discriminator (polymorphic_on) takes
-- the class's polymorphic_identity unless it is given; a Computed column
-- is left out of INSERT and UPDATE and read back.
--
SELECT orm_declare('from typing import Optional

from sqlalchemy import Computed, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    type: Mapped[str]

    __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": "type"}


class Manager(Employee):
    manager_data: Mapped[Optional[str]] = mapped_column(String(40))

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    engineer_info: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Box(Base):
    __tablename__ = "boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    w: Mapped[int]
    h: Mapped[int]
    area: Mapped[Optional[int]] = mapped_column(Computed("w * h"))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_flush('[{"op": "add", "entity": "Manager", "data": {"name": "mo", "manager_data": "x"}},
  {"op": "add", "entity": "Engineer", "data": {"name": "ed", "engineer_info": "y"}},
  {"op": "add", "entity": "Employee", "data": {"name": "em"}},
  {"op": "add", "entity": "Manager", "data": {"name": "given", "type": "engineer"}}]') AS flushed;
SELECT id, name, type, manager_data, engineer_info FROM employee ORDER BY id;

SELECT orm_flush('[{"op": "add", "entity": "Box", "data": {"w": 2, "h": 3}}]') AS box;
SELECT orm_flush('[{"op": "update", "entity": "Box", "key": 1, "data": {"w": 5}}]') AS box_updated;
SELECT id, w, h, area FROM boxes ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
