--
-- declare_models: idioms of application models (test/guide/decl_apps.py), each
-- checked against SQLAlchemy 2.0.52's DDL and stored rows.
--
\pset format unaligned

-- CheckConstraint() given to mapped_column() / Column(): a column-level
-- constraint, written in the column's definition (named or not)
SELECT orm_declare('from decimal import Decimal
from sqlalchemy import CheckConstraint, Numeric, SmallInteger
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), CheckConstraint("price > 0"))
    vote: Mapped[int] = mapped_column(SmallInteger, CheckConstraint("vote IN (-1, 1)", name="vote_value"), default=1)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Stock", "data": {"price": "1.50"}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Stock", "data": {"price": 0}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Stock", "data": {"price": 2, "vote": 5}}]', 'keys');
SELECT orm_select('select(Stock)');

-- two new objects of one flush with the same unique value are two rows that
-- collide, as SQLAlchemy's two session.add()s do: a unique violation
SELECT orm_declare('from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(100), unique=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}},
                   {"op": "add", "entity": "Customer", "data": {"name": "e", "email": "d@x"}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}},
                   {"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}}]', 'keys');
SELECT orm_select('select(Customer)');

-- default= a date / time / datetime / timedelta built from integer literals
SELECT orm_declare('import datetime
from datetime import date, time, timedelta
from typing import Optional
from sqlalchemy import Interval
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    timeout: Mapped[timedelta] = mapped_column(Interval, default=timedelta(minutes=5))
    grace: Mapped[timedelta] = mapped_column(default=timedelta(1, 30, 250000))
    at: Mapped[time] = mapped_column(default=time(3, 0))
    at_us: Mapped[time] = mapped_column(default=time(hour=3, microsecond=5))
    since: Mapped[date] = mapped_column(default=date(2020, 1, 1))
    next_run: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime(2030, 1, 1, 12, 0))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Job", "data": {}}]', 'keys');
SELECT orm_select('select(Job)');
SELECT orm_declare('from datetime import date
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Bad(Base):
    __tablename__ = "bad"
    id: Mapped[int] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(default=date(2020, 13, 1))
');

-- Sequence(): on PostgreSQL a CREATE SEQUENCE before the tables, the column
-- without SERIAL or DEFAULT, nextval() in the INSERT (a key or any column);
-- SQLite has no sequences and ignores it (the key is the rowid), as
-- SQLAlchemy's dialects do; optional=True only where nothing else generates keys
SELECT orm_declare('from typing import Optional
from sqlalchemy import Integer, Sequence
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Receipt(Base):
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(Integer, Sequence("receipt_id_seq"), primary_key=True)
    number: Mapped[Optional[int]] = mapped_column(Sequence("receipt_number_seq", start=1000, increment=5))
    memo: Mapped[str] = mapped_column(default="m")


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Sequence("note_id_seq", optional=True), primary_key=True)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Receipt", "data": {}}, {"op": "add", "entity": "Receipt", "data": {"memo": "x"}},
                   {"op": "add", "entity": "Receipt", "data": {"id": 10, "number": 7}}, {"op": "add", "entity": "Note", "data": {}}]');
SELECT orm_select('select(Receipt).order_by(Receipt.id)');
SELECT orm_drop_all() IS NOT NULL AS dropped;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Receipt", "data": {}}]', 'keys');

-- server_default= / default= Enum.MEMBER.value (a string) or Enum.MEMBER.name
SELECT orm_declare('import enum
from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Role(str, enum.Enum):
    ADMIN = "admin"
    VIEWER = "viewer"


class Base(DeclarativeBase):
    pass


class Grant(Base):
    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="role_enum", values_callable=lambda x: [e.value for e in x]),
        default=Role.VIEWER, server_default=Role.VIEWER.value)
    label: Mapped[str] = mapped_column(String(10), server_default=Role.ADMIN.name, default=Role.ADMIN.value)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_declare('import enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Color(enum.Enum):
    RED = 1


class Base(DeclarativeBase):
    pass


class Paint(Base):
    __tablename__ = "paint"
    id: Mapped[int] = mapped_column(primary_key=True)
    color: Mapped[str] = mapped_column(server_default=Color.RED.value)
');

-- Index elements: func.f(Class.attr, "literal"), desc("col") / sa.desc(...) /
-- Class.attr.desc(); a module-level Index whose first element is such an
-- expression belongs to its column's table
SELECT orm_declare('import sqlalchemy as sa
from sqlalchemy import Index, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120))
    last: Mapped[str] = mapped_column("last_name", String(50))
    __table_args__ = (Index("ix_a", sa.desc("last_name"), "email"),
                      Index("ix_b", func.coalesce(text("email"), "it''s")))


Index("ix_people_email_lower", func.lower(Person.email), unique=True)
Index("ix_people_last", Person.last.desc(), func.upper(Person.last))
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Person", "data": {"email": "A@x", "last": "L"}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Person", "data": {"email": "a@X", "last": "M"}}]', 'keys');

-- a naming convention's "ck" names the CHECK of Enum / Boolean(create_constraint=True)
SELECT orm_declare('import enum
from sqlalchemy import Boolean, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Status(enum.Enum):
    on = "on"
    off = "off"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})


class Switch(Base):
    __tablename__ = "switches"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(Enum(Status, native_enum=False, create_constraint=True, name="switch_status"))
    flag: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="flag_bool"))
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_declare('from sqlalchemy import Boolean, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})


class Lamp(Base):
    __tablename__ = "lamps"
    id: Mapped[int] = mapped_column(primary_key=True)
    plain: Mapped[bool] = mapped_column(Boolean(create_constraint=True))
');

-- MappedAsDataclass: a JSON field's default=None is the JSON text null
SELECT orm_declare('from typing import Optional
from sqlalchemy import JSON, String
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Holder(Base):
    __tablename__ = "holders"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    meta: Mapped[Optional[dict]] = mapped_column(JSON, default=None)
    meta2: Mapped[Optional[dict]] = mapped_column(JSON(none_as_null=True), default=None)
    name: Mapped[Optional[str]] = mapped_column(String(10), default=None)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Holder", "data": {}}]', 'keys');
SELECT id, meta IS NULL AS meta_sql_null, meta2 IS NULL AS meta2_sql_null FROM holders;

-- MutableDict / MutableList .as_mutable(JSON) is a JSON column; default=lambda:
-- uuid.uuid4().hex is 32 hex digits
SELECT orm_declare('import uuid
from sqlalchemy import JSON, String
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: uuid.uuid4().hex)
    prefs: Mapped[dict] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    history: Mapped[list] = mapped_column(MutableList.as_mutable(JSON), default=list)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Profile", "data": {"prefs": {"theme": "dark"}}}]', 'counts');
SELECT length(id) AS id_length, id NOT LIKE '%-%' AS no_dashes, prefs, history FROM profiles;
SELECT orm_execute('insert(Profile).values(history=[1])');
SELECT count(*) AS hex_ids FROM profiles WHERE length(id) = 32;

-- a @declared_attr __table_args__ naming its index "ix_%s_x" % cls.__tablename__
-- or "ix_" + cls.__tablename__
SELECT orm_declare('import datetime
from typing import Optional
from sqlalchemy import Index, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class SoftDeleteMixin:
    deleted_at: Mapped[Optional[datetime.datetime]] = mapped_column(default=None)
    body: Mapped[str] = mapped_column(Text)

    @declared_attr.directive
    def __table_args__(cls):
        return (Index("ix_%s_deleted_at" % cls.__tablename__, "deleted_at"),
                UniqueConstraint("body", name="uq_" + cls.__tablename__ + "_body"),
                Index("ix_%s_%s" % (cls.__tablename__, "both"), "body", "deleted_at"))


class Comment(SoftDeleteMixin, Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)


class Reply(SoftDeleteMixin, Base):
    __tablename__ = "replies"
    id: Mapped[int] = mapped_column(primary_key=True)
') IS NOT NULL AS declared;
SELECT orm_ddl();

-- Uuid(native_uuid=False): CHAR(32) of hex digits on PostgreSQL too
SELECT orm_declare('import uuid
from typing import Optional
from sqlalchemy import Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    other: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid(as_uuid=True, native_uuid=False))
    gen: Mapped[uuid.UUID] = mapped_column(Uuid(native_uuid=False), default=uuid.uuid4)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "other": "12345678-1234-4234-8234-123456789ABC"}}]', 'counts');
SELECT other, length(gen) AS gen_length FROM items;
SELECT orm_select('select(Item.id, Item.other).where(Item.other == uuid.UUID("12345678-1234-4234-8234-123456789abc"))');
SELECT orm_get('Item', '"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"', 'load_only(Item.other)');

-- default= / onupdate= text("..."): that SQL in the INSERT / UPDATE, the value
-- read back (the flush and update())
SELECT orm_declare('from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(default=text("1 + 1"), onupdate=text("revision + 1"))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"title": "a"}}]');
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1, "data": {"title": "b"}}]');
SELECT orm_execute('update(Doc).where(Doc.id == 1).values(title="c")');
SELECT orm_execute('insert(Doc).values(title="d")');
SELECT orm_select('select(Doc).order_by(Doc.id)');

-- default=None on a column with a server_default leaves it to the server default
-- (SQLAlchemy leaves the None out of the INSERT); onupdate=None is no onupdate
SELECT orm_declare('from typing import Optional
from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class H(Base):
    __tablename__ = "h"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(String(10), server_default=text("''srv''"), default=None)
    note: Mapped[Optional[str]] = mapped_column(String(10), default=None, onupdate=None)
    n: Mapped[int] = mapped_column(default=0)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "H", "data": {}}, {"op": "add", "entity": "H", "data": {"name": "x", "note": "y"}}]');
SELECT orm_flush('[{"op": "update", "entity": "H", "key": 2, "data": {"n": 1}}]');
SELECT orm_select('select(H).order_by(H.id)');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
