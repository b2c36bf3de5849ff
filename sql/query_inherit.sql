-- query_inherit: queries over inheritance hierarchies, as SQLAlchemy 2.0.40
-- runs them (checked with sa-python on SQLite and PostgreSQL).
-- Single-table: a subclass's FROM gets "type IN (its and its subclasses'
-- identities)" in WHERE (after the user's criteria), a joined subclass the
-- same in ON, any()/has() right after the relationship condition; the base
-- class loads every row with its own columns only (SQLAlchemy's default:
-- a Manager row comes back as a Manager whose manager_data is not loaded,
-- so inspect(obj).dict holds the base columns -- what the JSON shows).
-- of_type(subclass) narrows a join / any() to the subclass; update() and
-- delete() of a subclass get the criterion too.
-- Joined-table: select(Vendor) joins its superclass's table (FROM company JOIN
-- vendor ON company.id = vendor.id); sql/query_joined_inherit.sql has the rest.
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Dept(Base):
    __tablename__ = "dept"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    managers: Mapped[List["Manager"]] = relationship(back_populates="dept")


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
    manager_data: Mapped[Optional[str]] = mapped_column(String(40))
    dept_id: Mapped[Optional[int]] = mapped_column(ForeignKey("dept.id"))
    dept: Mapped[Optional[Dept]] = relationship(back_populates="managers")

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Boss(Manager):
    boss_x: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "boss"}


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

    __mapper_args__ = {"polymorphic_identity": "vendor"}') IS NOT NULL AS declared;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Dept", "data": {"name": "d1"}}]') AS flushed;
SELECT orm_flush('[{"op": "add", "entity": "Manager", "data": {"name": "mo", "manager_data": "x", "dept_id": 1}}, {"op": "add", "entity": "Engineer", "data": {"name": "ed", "engineer_info": "y"}}, {"op": "add", "entity": "Boss", "data": {"name": "bo", "manager_data": "m", "boss_x": "b", "dept_id": 1}}, {"op": "add", "entity": "Employee", "data": {"name": "em"}}]') AS flushed;
-- joined-table rows, written directly
INSERT INTO company (id, name, kind) VALUES (1, 'v', 'vendor');
INSERT INTO company (id, name, kind) VALUES (2, 'c', 'company');
INSERT INTO vendor (id, rating) VALUES (1, 3);
SELECT orm_compile('select(Manager).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).order_by(Manager.id)') AS rows;
SELECT orm_compile('select(Boss)') AS sql;
SELECT orm_select('select(Boss)') AS rows;
SELECT orm_compile('select(Employee).order_by(Employee.id)') AS sql;
SELECT orm_select('select(Employee).order_by(Employee.id)') AS rows;
SELECT orm_compile('select(Manager).where(Manager.name == ''x'').order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).where(Manager.name == ''x'').order_by(Manager.id)') AS rows;
SELECT orm_compile('select(Manager.name).order_by(Manager.name)') AS sql;
SELECT orm_select('select(Manager.name).order_by(Manager.name)') AS rows;
SELECT orm_compile('select(func.count()).select_from(Manager)') AS sql;
SELECT orm_select('select(func.count()).select_from(Manager)') AS rows;
SELECT orm_compile('select(Dept).join(Dept.managers)') AS sql;
SELECT orm_select('select(Dept).join(Dept.managers)') AS rows;
SELECT orm_compile('select(Dept).join(Manager)') AS sql;
SELECT orm_select('select(Dept).join(Manager)') AS rows;
SELECT orm_compile('select(Manager).join(Manager.dept).where(Dept.name == ''d1'')') AS sql;
SELECT orm_select('select(Manager).join(Manager.dept).where(Dept.name == ''d1'')') AS rows;
SELECT orm_compile('select(Dept).where(Dept.managers.any(Manager.name == ''bo''))') AS sql;
SELECT orm_select('select(Dept).where(Dept.managers.any(Manager.name == ''bo''))') AS rows;
SELECT orm_compile('select(aliased(Manager))') AS sql;
SELECT orm_select('select(aliased(Manager))') AS rows;
SELECT orm_compile('select(Employee).where(Employee.name.in_(select(Manager.name))).order_by(Employee.id)') AS sql;
SELECT orm_select('select(Employee).where(Employee.name.in_(select(Manager.name))).order_by(Employee.id)') AS rows;
SELECT orm_compile('select(Dept).options(selectinload(Dept.managers))') AS sql;
SELECT orm_select('select(Dept).options(selectinload(Dept.managers))') AS rows;
SELECT orm_compile('select(Dept).options(joinedload(Dept.managers))') AS sql;
SELECT orm_select('select(Dept).options(joinedload(Dept.managers))') AS rows;
SELECT orm_compile('select(Vendor)') AS sql;
SELECT orm_select('select(Vendor)') AS rows;
SELECT orm_compile('select(Company).order_by(Company.id)') AS sql;
SELECT orm_select('select(Company).order_by(Company.id)') AS rows;
SELECT orm_get('Manager', '1') AS got;
SELECT orm_get('Manager', '2') AS got;
SELECT orm_get('Employee', '3') AS got;
SELECT orm_get('Boss', '3') AS got;
SELECT orm_compile('select(Manager).options(selectinload(Manager.dept)).order_by(Manager.id)') AS sql;
SELECT orm_select('select(Manager).options(selectinload(Manager.dept)).order_by(Manager.id)') AS rows;
SELECT orm_compile('select(Dept).join(Dept.managers.of_type(Boss))') AS sql;
SELECT orm_select('select(Dept).join(Dept.managers.of_type(Boss))') AS rows;
SELECT orm_compile('select(Dept).where(Dept.managers.of_type(Boss).any(Boss.boss_x == ''b''))') AS sql;
SELECT orm_select('select(Dept).where(Dept.managers.of_type(Boss).any(Boss.boss_x == ''b''))') AS rows;
-- update() / delete() of a single-table subclass touch only its rows
SELECT orm_compile('update(Manager).where(Manager.name == ''mo'').values(manager_data=''z'')') AS sql;
SELECT orm_execute('update(Manager).where(Manager.name == ''mo'').values(manager_data=''z'')') AS result;
SELECT orm_execute('update(Engineer).where(Engineer.name == ''bo'').values(engineer_info=''q'')') AS result;
SELECT orm_compile('delete(Boss).where(Boss.name == ''x'')') AS sql;
-- a subclass's own column in the select list stands for the subclass
SELECT orm_compile('select(Employee.name, Manager.manager_data).order_by(Employee.id)') AS sql;
SELECT orm_select('select(Employee.name, Manager.manager_data).order_by(Employee.id)') AS rows;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
