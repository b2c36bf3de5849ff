--
-- declare_inherit: single-table and joined-table inheritance, as SQLAlchemy
-- 2.0.40 declares them.  Single-table: the subclasses' columns join the end
-- of the superclass's table; a subclass's attributes are the superclass's
-- then its own.  Joined: the subclass's own table, its primary key a
-- foreign key to the superclass's (the summary lists the inherited
-- attributes first, as the mapper does).  Queries over the hierarchy are in
-- sql/query_inherit.sql.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    type: Mapped[str]

    __mapper_args__ = {
        "polymorphic_identity": "employee",
        "polymorphic_on": "type",
    }


class Manager(Employee):
    manager_data: Mapped[Optional[str]] = mapped_column(String(40), index=True)

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    engineer_info: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "company"}


class Vendor(Company):
    __tablename__ = "vendor"
    id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    rating: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "vendor"}
') AS summary;

SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Manager", "data": {"name": "mo", "type": "manager", "manager_data": "x"}}, {"op": "add", "entity": "Engineer", "data": {"name": "ed", "type": "engineer", "engineer_info": "y"}}]') AS flushed;
SELECT orm_select('select(Employee).order_by(Employee.id)') AS employees;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
