--
-- query_select_more: the rest of SQLAlchemy 2.0's select language (issue 7,
-- part 3) and small defects found by fuzzing: names in order_by / group_by,
-- Core joins and Table objects, select_from() hidden by a join to it,
-- aliased(Entity, subquery or CTE, name=) joined with the ON clause from a
-- foreign key, from_statement(), Bundle, with_parent(), correlate_except(),
-- type_coerce / extract, JSON paths, strict keyword arguments, empty IN.
-- One source for both engines; results checked against SQLAlchemy 2.0.52
-- (test/guide has the same statements as derived cases).
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import JSON, Column, ForeignKey, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "sm_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    fullname: Mapped[Optional[str]]
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "sm_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("sm_users.id"))
    email: Mapped[str] = mapped_column(String(50))
    user: Mapped[User] = relationship(back_populates="addresses")


class Doc(Base):
    __tablename__ = "sm_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    data = mapped_column(JSON)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "User", "data": {"name": "spongebob", "fullname": "Spongebob Squarepants", "addresses": [{"email": "spongebob@sqlalchemy.org"}]}},
 {"op": "add", "entity": "User", "data": {"name": "sandy", "fullname": "Sandy Cheeks", "addresses": [{"email": "sandy@sqlalchemy.org"}, {"email": "squirrel@squirrelpower.org"}]}},
 {"op": "add", "entity": "User", "data": {"name": "patrick", "fullname": "Patrick Star", "addresses": [{"email": "pat999@aol.com"}]}},
 {"op": "add", "entity": "User", "data": {"name": "ehkrabs", "fullname": "Eugene H. Krabs"}},
 {"op": "add", "entity": "Doc", "data": {"name": "a", "data": {"k": "v1", "n": 1, "arr": [10, 20, {"x": "deep"}], "o": {"p": 7}}}},
 {"op": "add", "entity": "Doc", "data": {"name": "b", "data": {"k": "v2", "n": 2, "arr": [30], "o": {"p": 8}}}}
]') IS NOT NULL AS flushed;

-- names in group_by() / order_by() / desc(): a label of the select list,
-- else a column of the statement by key (the last of one key), as SQLAlchemy
SELECT orm_compile('select(User.name, func.count(Address.id).label("n")).join(User.addresses).group_by("name").order_by(desc("n"), "name")') AS sql;
SELECT orm_select('select(User.name, func.count(Address.id).label("n")).join(User.addresses).group_by("name").order_by(desc("n"), "name")') AS r;
SELECT orm_compile('select(User.id).order_by(desc("fullname"))') AS sql;
SELECT orm_compile('select(User.id, Address.id).join(User.addresses).order_by("id")') AS sql;
SELECT orm_select('select(User).order_by("name")') AS r;
SELECT orm_select('select(func.count(User.id)).order_by("count")') AS r;

-- Core joins and Table objects; a select_from() FROM a join goes to is hidden
SELECT orm_compile('user_table = User.__table__
address_table = Address.__table__
j = address_table.join(user_table, user_table.c.id == address_table.c.user_id)
select(address_table).select_from(user_table).select_from(j).where(user_table.c.name == "sandy")') AS sql;
SELECT orm_select('select(Address).select_from(User).join(Address.user).where(User.name == "sandy").order_by(Address.id)') AS r;
SELECT orm_select('select(User.__table__, Address.__table__.c.id).where(User.id == 1).order_by(Address.__table__.c.id).limit(2)') AS r;
SELECT orm_select('from sqlalchemy.orm import join
select(User.name, Address.email).select_from(join(User, Address)).order_by(Address.id)') AS r;

-- aliased(Entity, subquery or CTE [, name=]); the join's ON from the foreign key
SELECT orm_compile('subq = select(Address).where(Address.email == "pat999@aol.com").subquery()
address_subq = aliased(Address, subq, name="address")
select(User, address_subq).join(address_subq)') AS sql;
SELECT orm_select('subq = select(Address).where(Address.email == "pat999@aol.com").subquery()
address_subq = aliased(Address, subq, name="address")
select(User, address_subq).join(address_subq)') AS r;
SELECT orm_select('c = select(Address).where(Address.email.like("%sql%")).cte("addrs")
a = aliased(Address, c, name="a")
select(User.name, a).join(a).order_by(a.id)') AS r;
SELECT orm_select('c = select(Address.user_id, func.count(Address.id).label("n")).group_by(Address.user_id).subquery()
select(User.name, c.c.n).join(c).order_by(User.id)') AS r;
-- two entities over one subquery, each column by correspondence
SELECT orm_select('sq = select(User.id, User.name, User.fullname, Address.id, Address.user_id, Address.email).join_from(User, Address).where(Address.email.like("s%")).subquery()
u = aliased(User, sq, name="user")
a = aliased(Address, sq, name="address")
select(u.name, a.email).order_by(a.id)') AS r;
SELECT orm_select('sq = select(User.id, User.name, User.fullname, Address.id, Address.user_id, Address.email).join_from(User, Address).where(Address.email.like("s%")).subquery()
u = aliased(User, sq, name="user")
a = aliased(Address, sq, name="address")
select(u, a).order_by(a.id)') AS r;

-- from_statement(): a select or a union, read as the entity
SELECT orm_select('u = union_all(select(User).where(User.id < 2), select(User).where(User.id == 3)).order_by(User.id)
select(User).from_statement(u)') AS r;
SELECT orm_select('select(User).from_statement(select(User).where(User.id > 2).order_by(User.id.desc())).options(selectinload(User.addresses))') AS r;
SELECT orm_compile('select(User).from_statement(select(User.fullname, User.id, User.name).where(User.id == 1))') AS sql;

-- Bundle: columns returned together under one key
SELECT orm_select('select(Bundle("user", User.name, User.fullname), Bundle("email", Address.email)).join_from(User, Address).order_by(Address.id)') AS r;
SELECT orm_select('select(Bundle("b", User.id, User.name.label("nm"), func.lower(User.name), User.id + 1)).order_by(User.id).limit(2)') AS r;

-- with_parent(): the parent written as its class with its key
SELECT orm_compile('select(Address).where(with_parent(User(id=2), User.addresses))') AS sql;
SELECT orm_select('select(Address).where(with_parent(User(id=2), User.addresses)).order_by(Address.id)') AS r;
SELECT orm_select('select(User.name).where(with_parent(Address(id=3, user_id=2), Address.user))') AS r;
SELECT orm_select('select(User.name).where(with_parent(parent, Address.user))', '{"parent": {"user_id": 3}}') AS r;
SELECT orm_select('select(Address).where(with_parent(User(name="x"), User.addresses))') AS r;

-- correlate() / correlate_except()
SELECT orm_compile('subq = select(func.count(Address.id)).where(Address.user_id == User.id).correlate_except(Address).scalar_subquery()
select(User.name, subq.label("n")).order_by(User.id)') AS sql;
SELECT orm_select('subq = select(func.count(Address.id)).where(Address.user_id == User.id).correlate_except(Address).scalar_subquery()
select(User.name, subq.label("n")).order_by(User.id)') AS r;

-- type_coerce() keeps the SQL as it is; extract()
SELECT orm_compile('select(User.name, type_coerce(User.id, String).label("x"))') AS sql;
SELECT orm_select('select(type_coerce(User.id, String).label("x")).where(User.id == 1)') AS r;

-- JSON: index, tuple paths, as_<type>(), as_json()
SELECT orm_select('select(Doc.name, Doc.data["k"].as_string(), Doc.data["n"].as_integer()).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name, Doc.data[("arr", 2, "x")].as_string(), Doc.data[("o", "p")]).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name, Doc.data["o"].as_json(), Doc.data["arr"][1].as_integer()).order_by(Doc.id)') AS r;
SELECT orm_select('select(Doc.name).where(Doc.data[("o", "p")].as_integer() == 8)') AS r;
SELECT orm_select('select(Doc.name, Doc.data[("k", 1.5)])') AS r;

-- dict literals and dict(): values of a JSON column
SELECT orm_execute('update(Doc).where(Doc.name == "b").values(data=dict(k="v3", list=[1, 2]))') AS r;
SELECT orm_select('select(Doc.data).where(Doc.name == "b")') AS r;
SELECT orm_execute('insert(Doc).values(name="c", data={"nested": {"a": [True, None]}})') AS r;
SELECT orm_select('select(Doc.data["nested"]["a"][0].as_boolean()).where(Doc.name == "c")') AS r;
SELECT orm_select('select(User.id).where(User.name == {"a": 1})') AS r;

-- every keyword argument is used or refused (SQLAlchemy's TypeError)
SELECT orm_select('select(func.row_number().over(order_XXby=User.id))') AS r;
SELECT orm_select('select(User).join(User.addresses, isouterx=True)') AS r;
SELECT orm_select('select(User.id).where(User.name.like("s%", escape="/"))') AS r;
SELECT orm_select('select(func.count(User.id, type_=Integer).label("n"))') AS r;

-- small defects: an empty IN is SQLAlchemy's empty set; empty tuples,
-- tuple_() in the select list, ~ of a Python list and desc(5) are refused;
-- a float meets an Integer column as a float
SELECT orm_compile('select(User.id).where(User.id.in_([]))') AS sql;
SELECT orm_compile('select(User.id).where(or_(User.id.not_in([]), User.id == 1))') AS sql;
SELECT orm_compile('select(User.id).where(tuple_(User.id, User.name).in_([]))') AS sql;
SELECT orm_select('select(User.id).where(User.id.not_in([])).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.id == [])') AS r;
SELECT orm_select('select(tuple_(User.id, User.name))') AS r;
SELECT orm_select('select(User.id).where(User.id.in_(tuple_()))') AS r;
SELECT orm_select('select(User.id, ~[1, 2])') AS r;
SELECT orm_select('select(User.id).order_by(desc(5))') AS r;
SELECT orm_select('select(User.id, nulls_last(1))') AS r;
SELECT orm_select('select(User.id).where(User.id == 2.5)') AS r;
SELECT orm_select('select(User.id).where(User.id < 2.5).order_by(User.id)') AS r;
SELECT orm_select('select(User.id.desc()).where(User.id < 3)') AS r;

-- Row._fields of a subquery's anonymous columns (unlabeled functions)
SELECT orm_select('subq = select(func.count(User.id), func.max(User.id), User.fullname).group_by(User.fullname).subquery()
select(subq).order_by(subq.c.fullname).limit(2)') AS r;
SELECT orm_select('subq = select(func.count(User.id), User.name).group_by(User.name).subquery()
select(subq.c.count, subq.c.name).order_by(subq.c.name).limit(2)') AS r;
-- distinct(*cols): DISTINCT ON on PostgreSQL; SQLite has none, and SQLAlchemy's compiler
-- drops the expressions there (a plain DISTINCT, with a deprecation warning)
SELECT orm_compile('select(User.name).join(User.addresses).distinct(User.name).order_by(User.name)') AS sql;
SELECT orm_select('select(User.name).join(User.addresses).distinct(User.name).order_by(User.name)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
