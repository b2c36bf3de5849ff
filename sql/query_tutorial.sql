--
-- query_tutorial: forms of SQLAlchemy's Unified Tutorial (doc/build/tutorial/,
-- test/guide/cases/tutorial.py) that orm took differently before:
--   - a Table named through its class (User.__table__) is Core's: a statement
--     of its columns and FROMs alone names unlabeled columns count_1, anon_1,
--     lower_1 (Core's labels), one naming the class count, _no_label (ORM's);
--     table.alias(), table.c["a", "b"];
--   - select(...).scalar_subquery().correlate(t);
--   - a statement whose last expression is a method chain on lines of their
--     own (copied out of print(...)) after assignments;
--   - insert() with one dictionary of params and no values() inserts it;
--   - an unnamed aliased() entity beside another entity is keyed by its
--     class's name in the row (SQLAlchemy's Row._fields has no name for it).
-- One source for both engines; results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "tut_user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    fullname: Mapped[Optional[str]]
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "tut_address"
    id: Mapped[int] = mapped_column(primary_key=True)
    email_address: Mapped[str]
    user_id = mapped_column(ForeignKey("tut_user_account.id"))
    user: Mapped[User] = relationship(back_populates="addresses")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- insert() with one dictionary: that row (before: NULLs, the keys unused)
SELECT orm_execute('insert(User.__table__)', '{"name": "spongebob", "fullname": "Spongebob Squarepants"}') AS r;
SELECT orm_execute('insert(User)', '{"name": "sandy", "fullname": "Sandy Cheeks"}') AS r;
SELECT orm_execute('insert(User).returning(User.id, User.name)', '{"name": "patrick", "fullname": "Patrick Star"}') AS r;
SELECT orm_execute('insert(Address.__table__).returning(Address.__table__.c.id)',
                   '{"user_id": 1, "email_address": "spongebob@sqlalchemy.org"}') AS r;
SELECT orm_execute('insert(Address)', '[{"user_id": 2, "email_address": "sandy@sqlalchemy.org"},
                                         {"user_id": 2, "email_address": "sandy@squirrelpower.org"}]') AS r;
-- a name the text uses is a parameter, not a value
SELECT orm_execute('insert(User).values(name=n)', '{"n": "squidward"}') AS r;
SELECT orm_select('select(User.id, User.name, User.fullname).order_by(User.id)') AS r;
SELECT orm_execute('delete(User).where(User.name == "squidward")') AS r;

-- Core names: a statement of User.__table__ alone
SELECT orm_select('user_table = User.__table__
select(func.count("*")).select_from(user_table)') AS r;
SELECT orm_select('select(func.count()).select_from(User.__table__)') AS r;
SELECT orm_select('select(func.count(User.__table__.c.id))') AS r;
SELECT orm_select('user_table = User.__table__
address_table = Address.__table__
select(func.count(address_table.c.email_address).filter(user_table.c.name == "sandy"))
.select_from(user_table).join(address_table)') AS r;
SELECT orm_select('user_table = User.__table__
address_table = Address.__table__
select(func.row_number().over(partition_by=user_table.c.name), user_table.c.name,
       address_table.c.email_address)
.select_from(user_table).join(address_table)
.order_by(address_table.c.id)') AS r;
-- ... and ORM names as soon as the class is named
SELECT orm_select('select(func.count()).select_from(User)') AS r;
SELECT orm_select('select(func.count(User.id))') AS r;
SELECT orm_select('select(func.count(User.__table__.c.id)).where(User.name != "x")') AS r;
-- the FROM is one, whichever way it is named
SELECT orm_compile('select(User.id, User.__table__.c.name).order_by(User.__table__.c.id)') AS sql;

-- table.alias() and table.c["a", "b"]
SELECT orm_select('user_table = User.__table__
user_alias_1 = user_table.alias()
user_alias_2 = user_table.alias()
select(user_alias_1.c.name, user_alias_2.c.name).join_from(
    user_alias_1, user_alias_2, user_alias_1.c.id > user_alias_2.c.id
).order_by(user_alias_1.c.id, user_alias_2.c.id)') AS r;
SELECT orm_compile('select(User.__table__.alias("u").c.name)') AS sql;
SELECT orm_select('select(User.__table__.c["name", "fullname"]).order_by(User.__table__.c.id)') AS r;
SELECT orm_select('select(User.__table__.c["name", 1])') AS r;
SELECT orm_select('select(User.__table__.alias("a", "b"))') AS r;

-- scalar_subquery().correlate(user_table)
SELECT orm_select('user_table = User.__table__
address_table = Address.__table__
subq = (
    select(func.count(address_table.c.id))
    .where(user_table.c.id == address_table.c.user_id)
    .scalar_subquery()
    .correlate(user_table)
)
select(
    user_table.c.name,
    address_table.c.email_address,
    subq.label("address_count"),
)
.join_from(user_table, address_table)
.order_by(user_table.c.id, address_table.c.id)') AS r;
SELECT orm_select('subq = select(func.count(Address.id)).where(Address.user_id == User.id).scalar_subquery()
select(User.name, subq.correlate_except(Address).label("n")).order_by(User.id)') AS r;

-- a chained statement after assignments; an error in it keeps its position
SELECT orm_select('a1 = aliased(Address)
select(User.name)
.join_from(User, a1)
.where(a1.email_address == "sandy@squirrelpower.org")') AS r;
SELECT orm_select('a1 = aliased(Address)
select(User.name)
.join_from(User, a1)
.where(a1.emial == "x")') AS r;
SELECT orm_select('a1 = aliased(Address)
select(User.name)
.where(') AS r;

-- an unnamed aliased() entity beside another: keyed by its class
SELECT orm_select('subq = select(Address).where(~Address.email_address.like("%@aol.com")).subquery()
address_subq = aliased(Address, subq)
select(User, address_subq).join_from(User, address_subq).order_by(User.id, address_subq.id)') AS r;
SELECT orm_select('a = aliased(Address)
select(Address, a).join(a, a.user_id == Address.user_id).where(a.id > Address.id)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
