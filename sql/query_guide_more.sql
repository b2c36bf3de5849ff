--
-- query_guide_more: the last statements of SQLAlchemy's ORM Querying Guide
-- that did not pass (issue 7): aliased(Entity, subquery) over a subquery
-- lacking some of the class's columns (those attributes are not loaded),
-- selected_columns of a select or compound select in with_expression(),
-- aliased(JoinedSubclass, subquery).
-- One source for both engines; results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, query_expression, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "gm_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    fullname: Mapped[Optional[str]]
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")
    books: Mapped[List["Book"]] = relationship()
    book_count: Mapped[int] = query_expression()


class Address(Base):
    __tablename__ = "gm_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("gm_users.id"))
    email_address: Mapped[str] = mapped_column(String(50))
    user: Mapped[User] = relationship(back_populates="addresses")


class Book(Base):
    __tablename__ = "gm_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("gm_users.id"))
    title: Mapped[str] = mapped_column(String(50))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "User", "data": {"name": "spongebob", "fullname": "Spongebob Squarepants", "addresses": [{"email_address": "spongebob@sqlalchemy.org"}], "books": [{"title": "b1"}, {"title": "b2"}, {"title": "b3"}]}},
 {"op": "add", "entity": "User", "data": {"name": "sandy", "fullname": "Sandy Cheeks", "addresses": [{"email_address": "sandy@sqlalchemy.org"}, {"email_address": "squirrel@squirrelpower.org"}], "books": [{"title": "b4"}, {"title": "b5"}]}},
 {"op": "add", "entity": "User", "data": {"name": "patrick", "fullname": "Patrick Star", "addresses": [{"email_address": "pat999@aol.com"}]}}
]') IS NOT NULL AS flushed;

-- aliased(Entity, subquery) over a subquery without Address.user_id: the
-- attribute is not loaded (absent from the object), as SQLAlchemy leaves it
SELECT orm_select('user_address_subq = (
    select(User.id, User.name, User.fullname, Address.id, Address.email_address)
    .join_from(User, Address)
    .where(Address.email_address.in_(["pat999@aol.com", "squirrel@squirrelpower.org"]))
    .subquery()
)
user_alias = aliased(User, user_address_subq, name="user")
address_alias = aliased(Address, user_address_subq, name="address")
select(user_alias, address_alias).where(user_alias.name == "sandy")') AS r;
SELECT orm_compile('user_address_subq = (
    select(User.id, User.name, User.fullname, Address.id, Address.email_address)
    .join_from(User, Address)
    .subquery()
)
user_alias = aliased(User, user_address_subq, name="user")
address_alias = aliased(Address, user_address_subq, name="address")
select(user_alias, address_alias).where(user_alias.name == "sandy")') AS r;
-- a subquery of some columns: the others are not loaded; a selectin load
-- of a collection by the primary key works
SELECT orm_select('sq = select(User.id, User.name).subquery()
ua = aliased(User, sq)
select(ua).options(selectinload(ua.addresses)).order_by(ua.id)') AS r;
SELECT orm_select('sq = select(Address.id, Address.email_address).subquery()
aa = aliased(Address, sq)
select(aa).order_by(aa.id.desc()).limit(2)') AS r;
-- naming an attribute the subquery has no column for is refused (SQLAlchemy
-- writes the table''s column unadapted: a cartesian product or an engine error)
SELECT orm_select('sq = select(Address.id, Address.email_address).subquery()
aa = aliased(Address, sq)
select(aa).where(aa.user_id == 1)') AS r;
SELECT orm_select('sq = select(Address.id, Address.email_address).subquery()
aa = aliased(Address, sq)
select(aa, User).join(aa.user)') AS r;
-- a relationship load that needs a key the subquery lacks is refused
SELECT orm_select('sq = select(Address.id, Address.email_address).subquery()
aa = aliased(Address, sq)
select(aa).options(selectinload(aa.user))') AS r;
-- without the primary key an object cannot be loaded (SQLAlchemy:
-- NoSuchColumnError when it fetches the rows); its columns still can
SELECT orm_select('sq = select(Address.email_address, Address.user_id).subquery()
select(aliased(Address, sq))') AS r;
SELECT orm_select('sq = select(Address.email_address, Address.user_id).subquery()
aa = aliased(Address, sq)
select(aa.email_address).order_by(aa.email_address).limit(1)') AS r;

-- with_expression(User.book_count, stmt.selected_columns.book_count) on
-- select(User).from_statement(stmt): the guide's union (each part grouped by
-- the primary key, which PostgreSQL needs)
SELECT orm_select('s1 = (
    select(User, func.count(Book.id).label("book_count"))
    .join_from(User, Book)
    .where(User.name == "spongebob")
    .group_by(User.id)
)
s2 = (
    select(User, func.count(Book.id).label("book_count"))
    .join_from(User, Book)
    .where(User.name == "sandy")
    .group_by(User.id)
)
union_stmt = union_all(s1, s2)
select(User).from_statement(union_stmt).options(with_expression(User.book_count, union_stmt.selected_columns.book_count))') AS r;
-- the option given before from_statement(); by subscript, by position; exported_columns
SELECT orm_select('s1 = select(User, func.count(Book.id).label("book_count")).join_from(User, Book).group_by(User.id).where(User.name == "sandy")
select(User).options(with_expression(User.book_count, s1.selected_columns.book_count)).from_statement(s1)') AS r;
SELECT orm_select('s1 = select(User, func.count(Book.id).label("book_count")).join_from(User, Book).group_by(User.id)
u = union_all(s1.where(User.name == "spongebob"), s1.where(User.name == "sandy"))
select(User).from_statement(u).options(with_expression(User.book_count, u.selected_columns["book_count"]))') AS r;
SELECT orm_select('s1 = select(User, func.count(Book.id).label("book_count")).join_from(User, Book).group_by(User.id)
u = union_all(s1.where(User.name == "spongebob"), s1.where(User.name == "sandy"))
select(User).from_statement(u).options(with_expression(User.book_count, u.selected_columns[3]))') AS r;
SELECT orm_select('s1 = select(User, func.count(Book.id).label("book_count")).join_from(User, Book).group_by(User.id).where(User.name == "sandy")
select(User).from_statement(s1).options(with_expression(User.book_count, s1.exported_columns.book_count))') AS r;
-- an expression that is not one of the statement's columns loads nothing
SELECT orm_select('s1 = select(User).where(User.name == "sandy")
select(User).from_statement(s1).options(with_expression(User.book_count, User.id + 1))') AS r;
-- selected_columns elsewhere: the expressions themselves (not the select)
SELECT orm_select('s2 = select(User.name.label("nm"), User.id).where(User.id < 3)
select(s2.selected_columns.nm).order_by(s2.selected_columns.id)') AS r;
SELECT orm_select('s1 = select(User, func.count(Book.id).label("book_count")).join_from(User, Book).group_by(User.id)
select(s1.selected_columns.name).order_by(s1.selected_columns.id)') AS r;
SELECT orm_select('u = union_all(select(User.id), select(User.id))
u.selected_columns.nope') AS r;
SELECT orm_select('s1 = select(User.id, User.name)
s1.selected_columns[2]') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

-- aliased(JoinedSubclass, subquery): the subclass's mapper columns (both
-- tables' keys, id and id_1) read from the subquery, as SQLAlchemy does
SELECT orm_declare('from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Company(Base):
    __tablename__ = "gi_company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    employees: Mapped[List["Employee"]] = relationship(back_populates="company")


class Employee(Base):
    __tablename__ = "gi_employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    type: Mapped[str]
    company_id: Mapped[int] = mapped_column(ForeignKey("gi_company.id"))
    company: Mapped[Company] = relationship(back_populates="employees")
    __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": "type"}


class Manager(Employee):
    __tablename__ = "gi_manager"
    id: Mapped[int] = mapped_column(ForeignKey("gi_employee.id"), primary_key=True)
    manager_name: Mapped[str]
    paperwork: Mapped[List["Paperwork"]] = relationship()
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Paperwork(Base):
    __tablename__ = "gi_paperwork"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("gi_manager.id"))
    document_name: Mapped[str]


class Engineer(Employee):
    __tablename__ = "gi_engineer"
    id: Mapped[int] = mapped_column(ForeignKey("gi_employee.id"), primary_key=True)
    engineer_info: Mapped[str]
    __mapper_args__ = {"polymorphic_identity": "engineer"}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Company", "data": {"name": "Krusty Krab"}},
 {"op": "add", "entity": "Manager", "data": {"name": "Mr. Krabs", "manager_name": "Eugene H. Krabs", "company_id": 1, "paperwork": [{"document_name": "Secret Recipes"}]}},
 {"op": "add", "entity": "Engineer", "data": {"name": "SpongeBob", "engineer_info": "Krabby Patty Master", "company_id": 1}},
 {"op": "add", "entity": "Engineer", "data": {"name": "Squidward", "engineer_info": "Senior Customer Engagement Engineer", "company_id": 1}}
]') IS NOT NULL AS flushed;
SELECT orm_compile('sq = select(Manager).subquery()
select(aliased(Manager, sq))') AS r;
SELECT orm_select('sq = select(Manager).subquery()
select(aliased(Manager, sq))') AS r;
SELECT orm_select('sq = select(Manager).subquery()
m = aliased(Manager, sq)
select(m).where(m.manager_name.like("Eu%"))') AS r;
SELECT orm_select('sq = select(Manager).subquery()
select(aliased(Manager, sq, name="mgr"))') AS r;
-- an unnamed aliased() entity has no Row._fields name (the row shows en.name only)
SELECT orm_compile('sq = select(Engineer).where(Engineer.engineer_info.like("%Master%")).subquery()
en = aliased(Engineer, sq)
select(en, en.name)') AS r;
SELECT orm_select('sq = select(Engineer).where(Engineer.engineer_info.like("%Master%")).subquery()
en = aliased(Engineer, sq)
select(en, en.name)') AS r;
-- a relationship of the superclass joined from the subquery; a selectin load
SELECT orm_compile('sq = select(Engineer).where(Engineer.engineer_info.like("%Master%")).subquery()
en = aliased(Engineer, sq)
select(en.name, Company.name).join(en.company)') AS r;
SELECT orm_select('sq = select(Engineer).where(Engineer.engineer_info.like("%Master%")).subquery()
en = aliased(Engineer, sq)
select(en.name, Company.name).join(en.company)') AS r;
SELECT orm_select('sq = select(Manager).subquery()
m = aliased(Manager, sq)
select(m).options(selectinload(m.paperwork))') AS r;
-- Manager.id is manager.id: without employee.id (the identity) and the
-- discriminator it cannot be loaded (SQLAlchemy: NoSuchColumnError)
SELECT orm_select('sq = select(Manager.id, Manager.name, Manager.manager_name).subquery()
select(aliased(Manager, sq))') AS r;
-- the base class over a subquery: each row's class by its discriminator,
-- with the base columns (SQLAlchemy loads no more without a polymorphic load)
SELECT orm_select('sq = select(Employee).subquery()
e = aliased(Employee, sq)
select(e).order_by(e.id)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
