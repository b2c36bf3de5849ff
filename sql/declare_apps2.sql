--
-- declare_apps2: declaration idioms of the guide's apps2 chapter (an HR service
-- and a social network, test/guide/cases/apps2.py), each checked against
-- SQLAlchemy 2.0.52: inherit_condition where the tables refer to each other,
-- the one-to-many from a joined subclass to its base class's table, a
-- column_property assigned after the class statement, a many-to-many through
-- a mapped association table with only primaryjoin given (its criteria name
-- the association class), a tuple assignment in a query, current_date - a date.
--
\pset format unaligned

SELECT orm_declare('from datetime import date
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import ForeignKey, Numeric, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    hired_on: Mapped[date]
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("departments.id"))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id"))
    manager: Mapped[Optional["Manager"]] = relationship(back_populates="reports", foreign_keys=[manager_id])
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "managers"
    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    bonus: Mapped[Decimal] = mapped_column(Numeric(4, 3))
    reports: Mapped[List[Employee]] = relationship(
        back_populates="manager", foreign_keys=[Employee.manager_id], order_by=Employee.id
    )
    __mapper_args__ = {"polymorphic_identity": "manager", "inherit_condition": id == Employee.id}


Department.headcount = column_property(
    select(func.count(Employee.id)).where(Employee.department_id == Department.id).scalar_subquery()
)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Department", "data": {"id": 1, "name": "Eng"}},
 {"op": "add", "entity": "Manager", "data": {"id": 1, "name": "Grace", "hired_on": "2015-03-01", "department_id": 1, "bonus": "0.150"}},
 {"op": "add", "entity": "Employee", "data": {"id": 2, "name": "Linus", "hired_on": "2018-01-10", "department_id": 1, "manager": {"id": 1}}},
 {"op": "add", "entity": "Employee", "data": {"id": 3, "name": "Temp", "hired_on": "2024-01-15", "manager": {"id": 1}}}]', 'counts') AS flushed;
-- Manager.reports is one-to-many (the foreign key employees.manager_id references managers)
SELECT orm_select('select(Manager).options(selectinload(Manager.reports))') AS managers;
-- SQLAlchemy aliases the overlapping target and adapts Employee.name to it: the manager's name
SELECT orm_select('select(Employee.name).join(Employee.manager).order_by(Employee.id)') AS managed;
SELECT orm_select('select(Department.name, Department.headcount)') AS headcount;
SELECT orm_select('select(Department).order_by(Department.id)') AS departments;
-- a tuple assignment; current_date - a date is an Integer, so 0 binds as one
SELECT orm_select('page, per_page = 2, 2
select(Employee.id).order_by(Employee.id).limit(per_page).offset((page - 1) * per_page)') AS page2;
SELECT orm_select('select(Employee.name).where(func.current_date() - Employee.hired_on > 0).where(Employee.id == 1)') AS hired;
SELECT orm_select('a, b = 1, 2, 3
select(Employee.id)') AS unpack_error;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

-- refused: an inherit_condition other than the primary key's foreign key join
SELECT orm_declare('from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[int]


class Boss(Person):
    __tablename__ = "bosses"
    id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    __mapper_args__ = {"inherit_condition": id == Person.code}
') AS bad_inherit_condition;

-- refused: anything but relationship() / column_property() / deferred() /
-- query_expression() assigned after the class statement (not ignored; a late
-- relationship() is accepted: sql/declare_realproj.sql)
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owners"
    id: Mapped[int] = mapped_column(primary_key=True)


class Pet(Base):
    __tablename__ = "pets"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"))


Owner.pets = synonym("id")
') AS late_relationship;

-- a many-to-many through a mapped association table, only primaryjoin given: the
-- secondary join comes from the foreign keys; its criteria name the association class
SELECT orm_declare('from typing import List

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(30))


class Club(Base):
    __tablename__ = "clubs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    admins: Mapped[List[Account]] = relationship(
        secondary="memberships",
        primaryjoin="and_(Club.id == Membership.club_id, Membership.role == ''admin'')",
        viewonly=True,
        order_by="Account.id",
    )


class Membership(Base):
    __tablename__ = "memberships"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
') IS NOT NULL AS declared_m2m;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"id": 1, "handle": "ann"}},
 {"op": "add", "entity": "Account", "data": {"id": 2, "handle": "bob"}},
 {"op": "add", "entity": "Club", "data": {"id": 1, "name": "chess"}},
 {"op": "add", "entity": "Membership", "data": {"account_id": 1, "club_id": 1, "role": "admin"}},
 {"op": "add", "entity": "Membership", "data": {"account_id": 2, "club_id": 1, "role": "member"}}]', 'counts') AS flushed;
SELECT orm_select('select(Club).options(selectinload(Club.admins))') AS admins_selectin;
SELECT orm_select('select(Club).options(joinedload(Club.admins))') AS admins_joined;
SELECT orm_select('select(Club.name, Account.handle).join(Club.admins)') AS admins_join;
SELECT orm_select('select(Club.name).where(Club.admins.any(Account.handle == ''ann''))') AS admins_any;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
