# decl_apps.py -- models written the way real SQLAlchemy 2.0 applications write them,
# for decl_check.py (the same harness as decl_cases.py; ids "apps:<name>").
#
# Each case: model (a whole module), data (orm_flush "add" operations), steps (further
# orm_flush calls, each a list of add / update / delete operations; on SQLAlchemy's side
# one Session each: session.get() by the key, attributes set, session.delete(), commit;
# the rows after each step, or the error and the rows after it, are compared), selects,
# engines, volatile (columns compared as set / NULL) and shapes (columns a clock or
# uuid4 fills: compared by their text with every hex digit an x, so the stored format
# counts, not the value).

IMPORTS = """
from __future__ import annotations
import datetime
import enum
import uuid
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, List, Optional
from typing_extensions import Annotated
import sqlalchemy as sa
from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Column, Computed, Date,
    DateTime, Enum, Float, ForeignKey, Identity, Index, Integer, Interval, LargeBinary,
    MetaData, Numeric, Sequence, SmallInteger, String, Table, Text, Time, UniqueConstraint,
    Uuid, func, text)
from sqlalchemy.orm import (DeclarativeBase, Mapped, MappedAsDataclass, declared_attr,
    mapped_column, relationship)
"""

PGONLY = ["postgresql"]

CASES = [
    # ---- Annotated aliases and type_annotation_map -------------------------------------
    dict(id="apps:annotated_aliases", model=IMPORTS + """
intpk = Annotated[int, mapped_column(primary_key=True)]
str50 = Annotated[str, mapped_column(String(50))]
timestamp = Annotated[datetime.datetime, mapped_column(nullable=False, server_default=func.now())]

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[intpk]
    name: Mapped[str50] = mapped_column(unique=True)
    fullname: Mapped[Optional[str50]]
    created_at: Mapped[timestamp]
    posts: Mapped[List["Post"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[intpk]
    title: Mapped[str50]
    body: Mapped[Optional[str]] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[timestamp]
    author: Mapped["User"] = relationship(back_populates="posts")
""", data=[{"op": "add", "entity": "User", "data": {"name": "ann", "posts": [{"title": "t1"}, {"title": "t2", "body": "b"}]}}],
         shapes=["created_at"], selects=["select(User).options(selectinload(User.posts))"]),

    dict(id="apps:type_annotation_map", model=IMPORTS + """
str255 = Annotated[str, 255]

class Base(DeclarativeBase):
    type_annotation_map = {
        str: String(100),
        datetime.datetime: DateTime(timezone=True),
        Decimal: Numeric(12, 2),
        dict[str, Any]: JSON,
    }

class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    price: Mapped[Decimal]
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    released: Mapped[Optional[datetime.datetime]]
""", data=[{"op": "add", "entity": "Product", "data": {"name": "p", "price": "9.5", "attrs": {"b": 1, "a": [1, 2]}}},
           {"op": "add", "entity": "Product", "data": {"name": "q", "price": 3, "released": "2024-01-02T03:04:05+00:00"}}],
         selects=["select(Product).order_by(Product.id)"]),

    dict(id="apps:annotated_str_length", model=IMPORTS + """
str30 = Annotated[str, 30]
str255 = Annotated[str, 255]

class Base(DeclarativeBase):
    type_annotation_map = {
        str30: String(30),
        str255: String(255),
    }

class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str30]
    email: Mapped[Optional[str255]]
    bio: Mapped[str]
""", data=[{"op": "add", "entity": "Account", "data": {"login": "l", "bio": "x"}}]),

    dict(id="apps:bigint_map", model=IMPORTS + """
class Base(DeclarativeBase):
    type_annotation_map = {int: BigInteger}

class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    counter: Mapped[int] = mapped_column(default=0)
""", data=[{"op": "add", "entity": "Event", "data": {}}, {"op": "add", "entity": "Event", "data": {"counter": 5}}]),

    dict(id="apps:bigint_pk_sqlite", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Log(Base):
    __tablename__ = "log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    msg: Mapped[str] = mapped_column(Text)
""", data=[{"op": "add", "entity": "Log", "data": {"msg": "hello"}}]),

    dict(id="apps:bigint_pk_explicit", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Log(Base):
    __tablename__ = "log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    msg: Mapped[str] = mapped_column(Text)
""", data=[{"op": "add", "entity": "Log", "data": {"id": 7, "msg": "hello"}}]),

    # ---- mixins ----------------------------------------------------------------------
    dict(id="apps:mixin_tablename_timestamps", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class TableNameMixin:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True)

class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime.utcnow)
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(onupdate=datetime.datetime.utcnow)

class Customer(TableNameMixin, IdMixin, TimestampMixin, Base):
    name: Mapped[str] = mapped_column(String(40))

class Invoice(TableNameMixin, IdMixin, TimestampMixin, Base):
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
""", data=[{"op": "add", "entity": "Customer", "data": {"name": "c"}},
           {"op": "add", "entity": "Invoice", "data": {"customer_id": 1, "total": "10.00"}}],
         steps=[[{"op": "update", "entity": "Customer", "key": 1, "data": {"name": "d"}}]],
         shapes=["created_at", "updated_at"]),

    dict(id="apps:mixin_func_now", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime, onupdate=func.now())

class Note(TimestampMixin, Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
""", data=[{"op": "add", "entity": "Note", "data": {"text": "a"}}],
         steps=[[{"op": "update", "entity": "Note", "key": 1, "data": {"text": "b"}}]],
         shapes=["created_at", "updated_at"]),

    dict(id="apps:mixin_declared_attr_fk", model=IMPORTS + """
class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower() + "s"

    id: Mapped[int] = mapped_column(primary_key=True)

class OwnedMixin:
    @declared_attr
    def owner_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def owner(cls) -> Mapped["User"]:
        return relationship()

class User(Base):
    name: Mapped[str]

class Document(OwnedMixin, Base):
    title: Mapped[str]

class Folder(OwnedMixin, Base):
    label: Mapped[str] = mapped_column(String(20))
""", data=[{"op": "add", "entity": "Document", "data": {"title": "d", "owner": {"name": "u"}}},
           {"op": "add", "entity": "Folder", "data": {"label": "f", "owner_id": 1}}],
         selects=["select(Document).options(joinedload(Document.owner))"]),

    dict(id="apps:abstract_base", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Model(Base):
    __abstract__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[datetime.datetime] = mapped_column(server_default=func.current_timestamp())

class Tag(Model):
    __tablename__ = "tags"
    name: Mapped[str] = mapped_column(String(30), unique=True, index=True)
""", data=[{"op": "add", "entity": "Tag", "data": {"name": "x"}}], shapes=["created"],
         steps=[[{"op": "add", "entity": "Tag", "data": {"name": "x"}}]]),

    # ---- dataclasses ------------------------------------------------------------------
    dict(id="apps:dataclass_models", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)
    rating: Mapped[Optional[float]] = mapped_column(default=None)
    books: Mapped[List["Book"]] = relationship(default_factory=list, back_populates="author",
                                               cascade="all, delete-orphan")

class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    title: Mapped[str]
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("authors.id"), init=False)
    author: Mapped[Optional["Author"]] = relationship(default=None, back_populates="books")
    tags: Mapped[list] = mapped_column(JSON, default_factory=list)
""", data=[{"op": "add", "entity": "Author", "data": {"name": "a", "books": [{"title": "b1"}, {"title": "b2", "tags": ["x"]}]}}],
         steps=[[{"op": "delete", "entity": "Author", "key": 1}]],
         selects=[]),

    dict(id="apps:dataclass_uuid_default_factory", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Session_(Base):
    __tablename__ = "sessions"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default_factory=uuid.uuid4, init=False)
    user: Mapped[str] = mapped_column(String(20))
    started: Mapped[datetime.datetime] = mapped_column(default_factory=datetime.datetime.utcnow, init=False)
    data: Mapped[dict] = mapped_column(JSON, default_factory=dict)
""", data=[{"op": "add", "entity": "Session_", "data": {"user": "u"}}], shapes=["id", "started"]),

    # ---- enums ------------------------------------------------------------------------
    dict(id="apps:enum_native_names", model=IMPORTS + """
class Status(enum.Enum):
    ACTIVE = "active"
    BANNED = "banned"
    PENDING = "pending"

class Base(DeclarativeBase):
    pass

class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(Enum(Status), default=Status.PENDING)
    previous: Mapped[Optional[Status]]
""", data=[{"op": "add", "entity": "Member", "data": {"status": "active"}},
           {"op": "add", "entity": "Member", "data": {"previous": "banned"}}],
         steps=[[{"op": "update", "entity": "Member", "key": 1, "data": {"status": "banned", "previous": "active"}}]],
         selects=["select(Member).where(Member.status == Status.BANNED)"]),

    dict(id="apps:enum_values_callable", model=IMPORTS + """
class Role(str, enum.Enum):
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"

class Base(DeclarativeBase):
    pass

class Grant(Base):
    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="role_enum", values_callable=lambda x: [e.value for e in x]),
        default=Role.VIEWER, server_default=Role.VIEWER.value)
""", data=[{"op": "add", "entity": "Grant", "data": {"role": "admin"}},
           {"op": "add", "entity": "Grant", "data": {}}],
         selects=["select(Grant).where(Grant.role == Role.ADMIN)"]),

    dict(id="apps:enum_non_native", model=IMPORTS + """
class Color(enum.Enum):
    RED = 1
    GREEN = 2

class Base(DeclarativeBase):
    pass

class Widget(Base):
    __tablename__ = "widgets"
    id: Mapped[int] = mapped_column(primary_key=True)
    color: Mapped[Color] = mapped_column(Enum(Color, native_enum=False, length=20))
    shade: Mapped[Optional[Color]] = mapped_column(Enum(Color, native_enum=False, create_constraint=True))
""", data=[{"op": "add", "entity": "Widget", "data": {"color": "RED", "shade": "GREEN"}}]),

    dict(id="apps:enum_plain_annotation", model=IMPORTS + """
import enum as _e

class Priority(_e.Enum):
    low = "L"
    high = "H"

class Base(DeclarativeBase):
    pass

class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[Priority] = mapped_column(default=Priority.low)
    title: Mapped[str] = mapped_column(String(80))
""", data=[{"op": "add", "entity": "Task", "data": {"title": "t"}},
           {"op": "add", "entity": "Task", "data": {"title": "u", "priority": "H"}}]),

    dict(id="apps:enum_shared_type", model=IMPORTS + """
class State(enum.Enum):
    open = "open"
    closed = "closed"

class Base(DeclarativeBase):
    pass

class Issue(Base):
    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[State] = mapped_column(Enum(State, name="state"))

class PullRequest(Base):
    __tablename__ = "pulls"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[State] = mapped_column(Enum(State, name="state"))
""", data=[{"op": "add", "entity": "Issue", "data": {"state": "open"}},
           {"op": "add", "entity": "PullRequest", "data": {"state": "closed"}}]),

    dict(id="apps:enum_strings", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Enum("bug", "feature", name="ticket_kind"))
""", data=[{"op": "add", "entity": "Ticket", "data": {"kind": "bug"}}]),

    # ---- UUIDs ------------------------------------------------------------------------
    dict(id="apps:uuid_pk_default", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Org(Base):
    __tablename__ = "orgs"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(50))
    teams: Mapped[List["Team"]] = relationship(back_populates="org", cascade="all, delete-orphan")

class Team(Base):
    __tablename__ = "teams"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orgs.id"))
    name: Mapped[str] = mapped_column(String(50))
    org: Mapped["Org"] = relationship(back_populates="teams")
""", data=[{"op": "add", "entity": "Org", "data": {"name": "o", "teams": [{"name": "t1"}, {"name": "t2"}]}}],
         shapes=["id", "org_id"]),

    dict(id="apps:uuid_given", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "items"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    ref: Mapped[Optional[uuid.UUID]]
    other: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid(as_uuid=True, native_uuid=False))
""", data=[{"op": "add", "entity": "Item", "data": {"id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                                                      "ref": "ffffffff-0000-4000-8000-000000000001",
                                                      "other": "12345678-1234-4234-8234-123456789abc"}}],
         selects=["select(Item)", "select(Item).where(Item.id == uuid.UUID('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'))"]),

    dict(id="apps:uuid_upper_type", model=IMPORTS + """
from sqlalchemy import UUID

class Base(DeclarativeBase):
    pass

class Device(Base):
    __tablename__ = "devices"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
""", data=[{"op": "add", "entity": "Device", "data": {"serial": "s"}}], shapes=["id"]),

    dict(id="apps:uuid_pg_dialect", model=IMPORTS + """
from sqlalchemy.dialects.postgresql import UUID

class Base(DeclarativeBase):
    pass

class Device(Base):
    __tablename__ = "devices"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    token: Mapped[str] = mapped_column(UUID(as_uuid=False), default=lambda: str(uuid.uuid4()))
""", data=[{"op": "add", "entity": "Device", "data": {}}], shapes=["id", "token"], engines=PGONLY),

    dict(id="apps:uuid_str_pk", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

def gen_id() -> str:
    return str(uuid.uuid4())

class Upload(Base):
    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    name: Mapped[str]
""", data=[{"op": "add", "entity": "Upload", "data": {"name": "f"}}], shapes=["id"]),

    # ---- JSON, ARRAY ------------------------------------------------------------------
    dict(id="apps:json_columns", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Setting(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    payload: Mapped[dict] = mapped_column(JSON)
    items: Mapped[Optional[list]] = mapped_column(JSON)
    extra: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON, default=dict)
""", data=[{"op": "add", "entity": "Setting", "data": {"payload": {"z": 1, "a": "é", "n": None, "f": 1.5, "l": [True, False]},
                                                         "items": [1, "two", {"x": []}]}}],
         steps=[[{"op": "update", "entity": "Setting", "key": 1, "data": {"payload": {"k": "v"}, "items": None}}]],
         selects=["select(Setting)"]),

    dict(id="apps:pg_array_jsonb", model=IMPORTS + """
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, INET

class Base(DeclarativeBase):
    pass

class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String), default=list)
    scores: Mapped[Optional[list[int]]] = mapped_column(ARRAY(Integer))
    meta: Mapped[dict] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
""", data=[{"op": "add", "entity": "Article", "data": {"tags": ["a", "b"], "scores": [3, 1]}},
           {"op": "add", "entity": "Article", "data": {}}],
         engines=PGONLY, selects=["select(Article).order_by(Article.id)"]),

    dict(id="apps:pg_string_nolength", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Page(Base):
    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String, unique=True)
    body: Mapped[str] = mapped_column(Text)
    summary: Mapped[Optional[str]] = mapped_column(sa.Unicode(200))
    notes: Mapped[Optional[str]] = mapped_column(sa.UnicodeText)
""", data=[{"op": "add", "entity": "Page", "data": {"slug": "s", "body": "b"}}]),

    # ---- naming conventions, constraints, indexes -------------------------------------
    dict(id="apps:naming_convention", model=IMPORTS + """
convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=convention)

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    qty: Mapped[int] = mapped_column(index=True)
    __table_args__ = (CheckConstraint("qty >= 0", name="qty_positive"),)

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
""", data=[{"op": "add", "entity": "Parent", "data": {"code": "a", "qty": 1}}],
         steps=[[{"op": "add", "entity": "Parent", "data": {"code": "b", "qty": -1}}]]),

    dict(id="apps:naming_convention_multi", model=IMPORTS + """
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })

class Membership(Base):
    __tablename__ = "membership"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    group_id: Mapped[int]
    role: Mapped[str] = mapped_column(String(10))
    __table_args__ = (
        UniqueConstraint("user_id", "group_id"),
        Index(None, "group_id", "role"),
    )
""", data=[{"op": "add", "entity": "Membership", "data": {"user_id": 1, "group_id": 2, "role": "r"}}],
         steps=[[{"op": "add", "entity": "Membership", "data": {"user_id": 1, "group_id": 2, "role": "s"}}]]),

    dict(id="apps:composite_unique_index", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (
        UniqueConstraint("room", "starts_at", name="uq_slot_room_start"),
        Index("ix_slot_room_day", "room", "day", unique=True),
        Index("ix_slot_lower_title", func.lower(text("title"))),
        CheckConstraint("length(room) > 0", name="ck_room_nonempty"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(String(10))
    day: Mapped[date]
    starts_at: Mapped[time]
    title: Mapped[str] = mapped_column(String(50))
""", data=[{"op": "add", "entity": "Slot", "data": {"room": "A", "day": "2024-05-06", "starts_at": "09:30:00", "title": "T"}}],
         steps=[[{"op": "add", "entity": "Slot", "data": {"room": "A", "day": "2024-05-06", "starts_at": "10:30:00", "title": "U"}}],
                [{"op": "add", "entity": "Slot", "data": {"room": "", "day": "2024-05-07", "starts_at": "10:30:00", "title": "U"}}]]),

    dict(id="apps:functional_index_column", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120))
    last: Mapped[str] = mapped_column(String(50))

Index("ix_people_email_lower", func.lower(Person.email), unique=True)
Index("ix_people_last", Person.last)
""", data=[{"op": "add", "entity": "Person", "data": {"email": "A@x", "last": "L"}}],
         steps=[[{"op": "add", "entity": "Person", "data": {"email": "a@X", "last": "M"}}]]),

    dict(id="apps:check_constraint_column", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Stock(Base):
    __tablename__ = "stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), CheckConstraint("price > 0"))
    qty: Mapped[int] = mapped_column(default=0)
    __table_args__ = (CheckConstraint("qty >= 0", name="stock_qty_nonneg"),)
""", data=[{"op": "add", "entity": "Stock", "data": {"price": "1.25"}}],
         steps=[[{"op": "update", "entity": "Stock", "key": 1, "data": {"qty": -3}}],
                [{"op": "add", "entity": "Stock", "data": {"price": 0}}]]),

    # ---- relationships, cascades --------------------------------------------------------
    dict(id="apps:fk_ondelete_passive", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Blog(Base):
    __tablename__ = "blogs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    entries: Mapped[List["Entry"]] = relationship(back_populates="blog", cascade="all, delete-orphan",
                                                  passive_deletes=True)

class Entry(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    blog_id: Mapped[int] = mapped_column(ForeignKey("blogs.id", ondelete="CASCADE"))
    text: Mapped[str]
    blog: Mapped["Blog"] = relationship(back_populates="entries")
""", data=[{"op": "add", "entity": "Blog", "data": {"name": "b", "entries": [{"text": "e1"}, {"text": "e2"}]}},
           {"op": "add", "entity": "Blog", "data": {"name": "c", "entries": [{"text": "e3"}]}}],
         steps=[[{"op": "delete", "entity": "Blog", "key": 1}]]),

    dict(id="apps:cascade_delete_orphan", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    lines: Mapped[List["OrderLine"]] = relationship(back_populates="order", cascade="all, delete-orphan",
                                                    order_by="OrderLine.id")

class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str]
    qty: Mapped[int] = mapped_column(default=1)
    order: Mapped["Order"] = relationship(back_populates="lines")
""", data=[{"op": "add", "entity": "Order", "data": {"ref": "o1", "lines": [{"sku": "a"}, {"sku": "b", "qty": 3}]}},
           {"op": "add", "entity": "Order", "data": {"ref": "o2", "lines": [{"sku": "c"}]}}],
         steps=[[{"op": "delete", "entity": "OrderLine", "key": 1}],
                [{"op": "delete", "entity": "Order", "key": 1}],
                [{"op": "add", "entity": "Order", "data": {"ref": "o2"}}]],
         selects=["select(Order).options(selectinload(Order.lines))"]),

    dict(id="apps:fk_set_null", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Dept(Base):
    __tablename__ = "depts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    staff: Mapped[List["Staff"]] = relationship(back_populates="dept")

class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    dept_id: Mapped[Optional[int]] = mapped_column(ForeignKey("depts.id", ondelete="SET NULL"))
    dept: Mapped[Optional["Dept"]] = relationship(back_populates="staff")
""", data=[{"op": "add", "entity": "Dept", "data": {"name": "d", "staff": [{}, {}]}}],
         steps=[[{"op": "delete", "entity": "Dept", "key": 1}]]),

    dict(id="apps:many_to_many", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

post_tags = Table(
    "post_tags", Base.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    tags: Mapped[List["Tag"]] = relationship(secondary=post_tags, back_populates="posts")

class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    posts: Mapped[List["Post"]] = relationship(secondary="post_tags", back_populates="tags")
""", data=[{"op": "add", "entity": "Post", "data": {"title": "p1", "tags": [{"name": "a"}, {"name": "b"}]}},
           {"op": "add", "entity": "Post", "data": {"title": "p2"}}],
         steps=[[{"op": "delete", "entity": "Tag", "key": 1}],
                [{"op": "delete", "entity": "Post", "key": 1}]],
         selects=["select(Tag).options(selectinload(Tag.posts))"]),

    dict(id="apps:association_object", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Enrollment(Base):
    __tablename__ = "enrollments"
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    grade: Mapped[Optional[str]] = mapped_column(String(2))
    enrolled_on: Mapped[date] = mapped_column(default=date.today)
    student: Mapped["Student"] = relationship(back_populates="enrollments")
    course: Mapped["Course"] = relationship(back_populates="enrollments")

class Student(Base):
    __tablename__ = "students"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    enrollments: Mapped[List["Enrollment"]] = relationship(back_populates="student", cascade="all, delete-orphan")

class Course(Base):
    __tablename__ = "courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    enrollments: Mapped[List["Enrollment"]] = relationship(back_populates="course")
""", data=[{"op": "add", "entity": "Student", "data": {"name": "s", "enrollments": [
              {"grade": "A", "course": {"title": "c1"}}, {"course": {"title": "c2"}}]}}],
         steps=[[{"op": "update", "entity": "Enrollment", "key": {"student_id": 1, "course_id": 2}, "data": {"grade": "B"}}],
                [{"op": "delete", "entity": "Student", "key": 1}]],
         shapes=["enrolled_on"]),

    dict(id="apps:self_referential", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    parent: Mapped[Optional["Category"]] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[List["Category"]] = relationship(back_populates="parent", cascade="all, delete-orphan")
""", data=[{"op": "add", "entity": "Category", "data": {"name": "root", "children": [
              {"name": "a", "children": [{"name": "a1"}]}, {"name": "b"}]}}],
         steps=[[{"op": "delete", "entity": "Category", "key": 2}]]),

    dict(id="apps:one_to_one", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)
    profile: Mapped[Optional["Profile"]] = relationship(back_populates="user", uselist=False,
                                                        cascade="all, delete-orphan")

class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    bio: Mapped[str] = mapped_column(Text, default="")
    user: Mapped["User"] = relationship(back_populates="profile")
""", data=[{"op": "add", "entity": "User", "data": {"email": "e", "profile": {}}}],
         steps=[[{"op": "add", "entity": "User", "data": {"email": "e"}}],
                [{"op": "delete", "entity": "User", "key": 1}]],
         selects=["select(User).options(joinedload(User.profile))"]),

    dict(id="apps:backref_lazy_selectin", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    players: Mapped[List["Player"]] = relationship(backref="team", lazy="selectin", order_by="Player.name")

class Player(Base):
    __tablename__ = "players"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
""", data=[{"op": "add", "entity": "Team", "data": {"name": "t", "players": [{"name": "z"}, {"name": "a"}]}}],
         selects=["select(Team)"]),

    # ---- errors -----------------------------------------------------------------------
    dict(id="apps:not_null_violation", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(100), unique=True)
    phone: Mapped[Optional[str]]
""", data=[{"op": "add", "entity": "Customer", "data": {"name": "a", "email": "a@x"}}],
         steps=[[{"op": "add", "entity": "Customer", "data": {"name": "b"}}],
                [{"op": "add", "entity": "Customer", "data": {"name": "c", "email": "a@x"}}],
                [{"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}},
                 {"op": "add", "entity": "Customer", "data": {"name": "e", "email": "d@x"}}],
                [{"op": "update", "entity": "Customer", "key": 1, "data": {"name": None}}]]),

    dict(id="apps:fk_violation", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)

class B(Base):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("a.id"))
""", data=[{"op": "add", "entity": "A", "data": {}}],
         steps=[[{"op": "add", "entity": "B", "data": {"a_id": 99}}],
                [{"op": "add", "entity": "B", "data": {"a_id": 1}}],
                [{"op": "delete", "entity": "A", "key": 1}]]),

    # ---- defaults ---------------------------------------------------------------------
    dict(id="apps:server_defaults", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Flag(Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    enabled: Mapped[bool] = mapped_column(server_default=sa.true())
    hidden: Mapped[bool] = mapped_column(server_default=sa.false())
    state: Mapped[str] = mapped_column(String(10), server_default="draft")
    weight: Mapped[int] = mapped_column(server_default=text("10"))
    ratio: Mapped[float] = mapped_column(server_default="0.5")
    stamp: Mapped[datetime.datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
""", data=[{"op": "add", "entity": "Flag", "data": {}},
           {"op": "add", "entity": "Flag", "data": {"enabled": False, "state": "x", "weight": 1}}],
         shapes=["stamp"], selects=["select(Flag).order_by(Flag.id)"]),

    dict(id="apps:python_defaults", model=IMPORTS + """
def default_code() -> str:
    return "C-1"

class Base(DeclarativeBase):
    pass

class Coupon(Base):
    __tablename__ = "coupons"
    id: Mapped[int] = mapped_column(primary_key=True)
    active: Mapped[bool] = mapped_column(default=False)
    uses: Mapped[int] = mapped_column(default=0, server_default="0")
    percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("10.00"))
    label: Mapped[str] = mapped_column(default="none")
    opts: Mapped[dict] = mapped_column(JSON, default=dict)
    items: Mapped[list] = mapped_column(JSON, default=list)
    created: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime.now)
    day: Mapped[date] = mapped_column(default=date.today)
    token: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4)
""", data=[{"op": "add", "entity": "Coupon", "data": {}},
           {"op": "add", "entity": "Coupon", "data": {"active": True, "uses": 2, "label": "x", "percent": "12.5"}}],
         shapes=["created", "day", "token"]),

    dict(id="apps:onupdate_values", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    revision: Mapped[int] = mapped_column(default=1, onupdate=text("revision + 1"))
    edited: Mapped[Optional[datetime.datetime]] = mapped_column(onupdate=func.now())
    touched: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime(timezone=True),
                                                                 server_default=func.now(),
                                                                 server_onupdate=sa.FetchedValue())
""", data=[{"op": "add", "entity": "Doc", "data": {"title": "a"}}],
         steps=[[{"op": "update", "entity": "Doc", "key": 1, "data": {"title": "b"}}],
                [{"op": "update", "entity": "Doc", "key": 1, "data": {"title": "c"}}]],
         shapes=["edited", "touched"]),

    dict(id="apps:identity_sequence", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(Identity(start=100, increment=5), primary_key=True)
    number: Mapped[int] = mapped_column(Sequence("invoice_number_seq", start=1000), unique=True)
    note: Mapped[Optional[str]]

class Receipt(Base):
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(Integer, Sequence("receipt_id_seq"), primary_key=True)
    always: Mapped[int] = mapped_column(Identity(always=True))
""", data=[{"op": "add", "entity": "Invoice", "data": {"note": "n"}},
           {"op": "add", "entity": "Invoice", "data": {}},
           {"op": "add", "entity": "Receipt", "data": {}}], engines=PGONLY),

    dict(id="apps:identity_sqlite", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    note: Mapped[Optional[str]]

class Receipt(Base):
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(Integer, Sequence("receipt_id_seq"), primary_key=True)
    memo: Mapped[str] = mapped_column(default="m")
""", data=[{"op": "add", "entity": "Invoice", "data": {"note": "n"}},
           {"op": "add", "entity": "Receipt", "data": {}}]),

    dict(id="apps:computed_column", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class LineItem(Base):
    __tablename__ = "line_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    qty: Mapped[int]
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2), Computed("price * qty"))
    label: Mapped[str] = mapped_column(String(40))
    upper_label: Mapped[Optional[str]] = mapped_column(String(40), Computed("upper(label)", persisted=True))
""", data=[{"op": "add", "entity": "LineItem", "data": {"price": "2.50", "qty": 4, "label": "ab"}}],
         steps=[[{"op": "update", "entity": "LineItem", "key": 1, "data": {"qty": 2}}]],
         selects=["select(LineItem)"]),

    dict(id="apps:version_id", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version}
""", data=[{"op": "add", "entity": "Account", "data": {}}],
         steps=[[{"op": "update", "entity": "Account", "key": 1, "data": {"balance": "5.00"}}],
                [{"op": "update", "entity": "Account", "key": 1, "data": {"balance": "6.00"}}]]),

    # ---- stored value formats ------------------------------------------------------------
    dict(id="apps:temporal_formats", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Booking(Base):
    __tablename__ = "bookings"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime]
    at_tz: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime(timezone=True))
    day: Mapped[date]
    start: Mapped[time]
    length: Mapped[timedelta]
    frac: Mapped[Optional[time]] = mapped_column(Time)
""", data=[{"op": "add", "entity": "Booking", "data": {"at": "2024-01-02T03:04:05", "at_tz": "2024-01-02T03:04:05.250000+02:00",
                                                         "day": "2024-02-29", "start": "23:59:59", "length": 5400.5,
                                                         "frac": "01:02:03.456789"}},
           {"op": "add", "entity": "Booking", "data": {"at": "2024-01-02T03:04:05.123456", "day": "2000-01-01",
                                                         "start": "00:00:00", "length": 0}}],
         selects=["select(Booking).order_by(Booking.id)",
                  "select(Booking).where(Booking.at > datetime.datetime(2024, 1, 2, 3, 4, 5))"]),

    dict(id="apps:numeric_formats", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Measure(Base):
    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    plain: Mapped[Optional[Decimal]]
    ratio: Mapped[float]
    ratio2: Mapped[Optional[float]] = mapped_column(Float(precision=53))
    small: Mapped[int] = mapped_column(SmallInteger)
    dbl: Mapped[Optional[float]] = mapped_column(sa.Double)
    asfloat: Mapped[Optional[float]] = mapped_column(Numeric(8, 3, asdecimal=False))
""", data=[{"op": "add", "entity": "Measure", "data": {"amount": "12.3", "plain": "1.000100", "ratio": 0.1,
                                                         "ratio2": 2.5, "small": 7, "dbl": 1e-3, "asfloat": 1.5}},
           {"op": "add", "entity": "Measure", "data": {"amount": 3, "ratio": 2, "small": -1}}],
         selects=["select(Measure).order_by(Measure.id)"]),

    dict(id="apps:boolean_binary", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Blob(Base):
    __tablename__ = "blobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    flag: Mapped[bool]
    strict: Mapped[Optional[bool]] = mapped_column(Boolean(create_constraint=True, name="ck_blob_strict"))
    data: Mapped[bytes]
    big: Mapped[Optional[bytes]] = mapped_column(LargeBinary(1000))
""", data=[{"op": "add", "entity": "Blob", "data": {"flag": True, "strict": False, "data": "\\x00ff10"}},
           {"op": "add", "entity": "Blob", "data": {"flag": False, "data": "\\x", "big": "\\xdeadbeef"}}],
         selects=["select(Blob).where(Blob.flag == True)"]),

    dict(id="apps:comments_and_keys", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Setting(Base):
    __tablename__ = "app_settings"
    __table_args__ = {"comment": "application settings"}
    key: Mapped[str] = mapped_column(String(64), primary_key=True, comment="the setting's name")
    value: Mapped[Optional[str]] = mapped_column(Text, comment="its value")
    scope: Mapped[str] = mapped_column(String(16), primary_key=True, default="global")
""", data=[{"op": "add", "entity": "Setting", "data": {"key": "k", "value": "v"}},
           {"op": "add", "entity": "Setting", "data": {"key": "k", "scope": "user"}}],
         steps=[[{"op": "update", "entity": "Setting", "key": {"key": "k", "scope": "user"}, "data": {"value": "w"}}],
                [{"op": "delete", "entity": "Setting", "key": {"key": "k", "scope": "global"}}]]),

    # ---- inheritance --------------------------------------------------------------------
    dict(id="apps:single_table_inheritance", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    kind: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "payment"}

class CardPayment(Payment):
    last4: Mapped[Optional[str]] = mapped_column(String(4))
    __mapper_args__ = {"polymorphic_identity": "card"}

class BankPayment(Payment):
    iban: Mapped[Optional[str]] = mapped_column(String(34))
    __mapper_args__ = {"polymorphic_identity": "bank"}
""", data=[{"op": "add", "entity": "CardPayment", "data": {"amount": "1.00", "last4": "1234"}},
           {"op": "add", "entity": "BankPayment", "data": {"amount": "2.00", "iban": "DE00"}},
           {"op": "add", "entity": "Payment", "data": {"amount": "3.00"}}],
         selects=["select(Payment).order_by(Payment.id)"]),

    dict(id="apps:joined_inheritance_cascade", model=IMPORTS + """
class Kind(enum.Enum):
    employee = "employee"
    manager = "manager"

class Base(DeclarativeBase):
    pass

class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[Kind]
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": Kind.employee}

class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"), primary_key=True)
    budget: Mapped[int] = mapped_column(default=0)
    __mapper_args__ = {"polymorphic_identity": Kind.manager}
""", data=[{"op": "add", "entity": "Manager", "data": {"name": "m", "budget": 5}},
           {"op": "add", "entity": "Employee", "data": {"name": "e"}}],
         steps=[[{"op": "update", "entity": "Manager", "key": 1, "data": {"name": "mm", "budget": 6}}],
                [{"op": "delete", "entity": "Manager", "key": 1}]],
         selects=["select(Employee).order_by(Employee.id)"]),

    # ---- more app-style models ------------------------------------------------------------
    dict(id="apps:fastapi_users_style", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(length=320), unique=True, index=True, nullable=False)
    hashed_password: Mapped[str] = mapped_column(String(length=1024), nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_superuser: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
""", data=[{"op": "add", "entity": "User", "data": {"email": "a@b", "hashed_password": "h"}}],
         steps=[[{"op": "add", "entity": "User", "data": {"email": "a@b", "hashed_password": "h2"}}]],
         shapes=["id"]),

    dict(id="apps:flask_style_todo", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Todo(Base):
    __tablename__ = "todo"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    done: Mapped[bool] = mapped_column(default=False)
    due: Mapped[Optional[date]] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                          onupdate=func.now())
""", data=[{"op": "add", "entity": "Todo", "data": {"title": "t", "due": "2024-12-31"}}],
         steps=[[{"op": "update", "entity": "Todo", "key": 1, "data": {"done": True}}],
                [{"op": "delete", "entity": "Todo", "key": 1}]],
         shapes=["created_at", "updated_at"]),

    dict(id="apps:ecommerce", model=IMPORTS + """
class OrderStatus(str, enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    orders: Mapped[List["Order"]] = relationship(back_populates="customer", cascade="all, delete-orphan")

class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    stock: Mapped[int] = mapped_column(default=0)
    __table_args__ = (CheckConstraint("price >= 0", name="price_nonneg"),)

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    status: Mapped[OrderStatus] = mapped_column(Enum(OrderStatus, name="order_status"), default=OrderStatus.PENDING)
    placed_at: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime.utcnow)
    customer: Mapped["Customer"] = relationship(back_populates="orders")
    items: Mapped[List["OrderItem"]] = relationship(back_populates="order", cascade="all, delete-orphan")

class OrderItem(Base):
    __tablename__ = "order_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    order: Mapped["Order"] = relationship(back_populates="items")
    product: Mapped["Product"] = relationship()
    __table_args__ = (UniqueConstraint("order_id", "product_id"),)
""", data=[{"op": "add", "entity": "Product", "data": {"sku": "A", "price": "5.00", "stock": 3}},
           {"op": "add", "entity": "Customer", "data": {"email": "c@x", "orders": [
               {"items": [{"product_id": 1, "unit_price": "5.00", "quantity": 2}]}]}}],
         steps=[[{"op": "update", "entity": "Order", "key": 1, "data": {"status": "paid"}}],
                [{"op": "add", "entity": "Product", "data": {"sku": "B", "price": "-1"}}],
                [{"op": "delete", "entity": "Customer", "key": 1}]],
         shapes=["placed_at"]),

    dict(id="apps:blog_full", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

tags_posts = Table("tags_posts", Base.metadata,
                   Column("tag_id", Integer, ForeignKey("tag.id"), primary_key=True),
                   Column("post_id", Integer, ForeignKey("post.id"), primary_key=True))

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    email: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    about_me: Mapped[Optional[str]] = mapped_column(String(140))
    last_seen: Mapped[Optional[datetime.datetime]] = mapped_column(default=lambda: datetime.datetime.now(datetime.timezone.utc))
    posts: Mapped[List["Post"]] = relationship(back_populates="author", lazy="selectin")

class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(140))
    timestamp: Mapped[datetime.datetime] = mapped_column(index=True, default=lambda: datetime.datetime.now(datetime.timezone.utc))
    user_id: Mapped[int] = mapped_column(ForeignKey(User.id), index=True)
    language: Mapped[Optional[str]] = mapped_column(String(5))
    author: Mapped[User] = relationship(back_populates="posts")
    tags: Mapped[List["Tag"]] = relationship(secondary=tags_posts)

class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
""", data=[{"op": "add", "entity": "User", "data": {"username": "u", "email": "e", "posts": [
              {"body": "hi", "tags": [{"name": "x"}]}]}}],
         steps=[[{"op": "delete", "entity": "Post", "key": 1}]],
         shapes=["last_seen", "timestamp"]),

    dict(id="apps:audit_log_json_enum", model=IMPORTS + """
class Action(enum.Enum):
    create = "create"
    update = "update"
    delete = "delete"

class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, Action: Enum(Action, native_enum=False, length=16)}

class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    action: Mapped[Action]
    actor: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime.datetime] = mapped_column(server_default=func.now(), index=True)
""", data=[{"op": "add", "entity": "AuditLog", "data": {"action": "update", "changes": {"name": ["a", "b"]}}}],
         shapes=["at"]),

    dict(id="apps:optional_nullability", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[Optional[int]]
    b: Mapped[int | None]
    c: Mapped[str] = mapped_column(nullable=True)
    d: Mapped[Optional[str]] = mapped_column(nullable=False, default="d")
    e: Mapped["Optional[Decimal]"]
    f: Mapped[float] = mapped_column(Float, nullable=True)
""", data=[{"op": "add", "entity": "Thing", "data": {}}]),

    dict(id="apps:index_variants", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(40), index=True)
    path: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime.datetime]
    ip: Mapped[Optional[str]] = mapped_column(String(45), index=True, unique=True)
    __table_args__ = (
        Index("ix_visits_site_at", "site", "at"),
        Index("ix_visits_site_path_desc", "site", sa.desc("path")),
        UniqueConstraint("site", "path", "at"),
    )
""", data=[{"op": "add", "entity": "Visit", "data": {"site": "s", "path": "/", "at": "2024-01-01T00:00:00"}}]),

    dict(id="apps:table_args_dict_and_schema_less", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("user_id", "post_id", name="one_vote_per_user"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    post_id: Mapped[int]
    value: Mapped[int] = mapped_column(SmallInteger, CheckConstraint("value IN (-1, 1)", name="vote_value"))
""", data=[{"op": "add", "entity": "Vote", "data": {"user_id": 1, "post_id": 1, "value": 1}}],
         steps=[[{"op": "add", "entity": "Vote", "data": {"user_id": 1, "post_id": 1, "value": -1}}],
                [{"op": "add", "entity": "Vote", "data": {"user_id": 2, "post_id": 1, "value": 5}}]]),

    dict(id="apps:interval_and_time_defaults", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    timeout: Mapped[timedelta] = mapped_column(Interval, default=timedelta(minutes=5))
    every: Mapped[Optional[timedelta]]
    at: Mapped[time] = mapped_column(default=time(3, 0))
    since: Mapped[date] = mapped_column(default=date(2020, 1, 1))
    next_run: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime(2030, 1, 1, 12, 0))
""", data=[{"op": "add", "entity": "Job", "data": {"name": "j"}},
           {"op": "add", "entity": "Job", "data": {"name": "k", "timeout": 90, "every": 86400.25}}],
         selects=["select(Job).order_by(Job.id)"]),

    dict(id="apps:relationship_fk_by_attr", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))

class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey(Author.id, ondelete="RESTRICT", onupdate="CASCADE"))
    editor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(foreign_keys=[author_id])
    editor: Mapped[Optional[Author]] = relationship(foreign_keys=[editor_id])
""", data=[{"op": "add", "entity": "Book", "data": {"author": {"name": "a"}, "editor": {"name": "e"}}}],
         selects=["select(Book).options(joinedload(Book.author), joinedload(Book.editor))"]),

    dict(id="apps:dataclass_mixin_kw_only", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class TimestampMixin(MappedAsDataclass):
    created_at: Mapped[datetime.datetime] = mapped_column(init=False, server_default=func.now())
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(init=False, default=None, onupdate=func.now())

class Project(TimestampMixin, Base, kw_only=True):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    archived: Mapped[bool] = mapped_column(default=False)
    budget: Mapped[Optional[Decimal]] = mapped_column(Numeric(12, 2), default=None)
""", data=[{"op": "add", "entity": "Project", "data": {"name": "p"}}],
         steps=[[{"op": "update", "entity": "Project", "key": 1, "data": {"archived": True}}]],
         shapes=["created_at", "updated_at"]),

    dict(id="apps:server_default_numeric_text", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Wallet(Base):
    __tablename__ = "wallets"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default="0")
    currency: Mapped[str] = mapped_column(String(3), server_default=text("'EUR'"))
    locked: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    note: Mapped[str] = mapped_column(Text, server_default="")
""", data=[{"op": "add", "entity": "Wallet", "data": {}}], selects=["select(Wallet)"]),

    dict(id="apps:pk_string_natural", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Country(Base):
    __tablename__ = "countries"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    cities: Mapped[List["City"]] = relationship(back_populates="country", cascade="all, delete-orphan")

class City(Base):
    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    name: Mapped[str]
    population: Mapped[Optional[int]] = mapped_column(BigInteger)
    country: Mapped[Country] = relationship(back_populates="cities")
""", data=[{"op": "add", "entity": "Country", "data": {"code": "FR", "name": "France", "cities": [
              {"name": "Paris", "population": 2100000}]}}],
         steps=[[{"op": "update", "entity": "Country", "key": "FR", "data": {"name": "République française"}}],
                [{"op": "delete", "entity": "Country", "key": "FR"}]]),

    dict(id="apps:declared_attr_table_args", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class SoftDeleteMixin:
    deleted_at: Mapped[Optional[datetime.datetime]] = mapped_column(default=None)

    @declared_attr.directive
    def __table_args__(cls):
        return (Index("ix_%s_deleted_at" % cls.__tablename__, "deleted_at"),)

class Comment(SoftDeleteMixin, Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
""", data=[{"op": "add", "entity": "Comment", "data": {"body": "x"}}],
         steps=[[{"op": "update", "entity": "Comment", "key": 1, "data": {"deleted_at": "2024-03-04T05:06:07"}}]]),

    # ---- more idioms --------------------------------------------------------------------
    dict(id="apps:legacy_column_style", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, nullable=False, index=True)
    name = Column(String(100))
    is_admin = Column(Boolean, default=False)
    created = Column(DateTime, default=datetime.datetime.utcnow)
    items = relationship("Item", back_populates="owner", cascade="all, delete-orphan")

class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True, index=True)
    title = Column(String, index=True)
    description = Column(String, nullable=True)
    owner_id = Column(Integer, ForeignKey("users.id"))
    owner = relationship("User", back_populates="items")
""", data=[{"op": "add", "entity": "User", "data": {"email": "a@b", "items": [{"title": "t"}]}}],
         steps=[[{"op": "delete", "entity": "User", "key": 1}]], shapes=["created"]),

    dict(id="apps:uuid_hex_string_default", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: uuid.uuid4().hex)
    value: Mapped[str] = mapped_column(String(64), default=lambda: str(uuid.uuid4()))
""", data=[{"op": "add", "entity": "Token", "data": {}}], shapes=["id", "value"]),

    dict(id="apps:int_enum_and_str_enum", model=IMPORTS + """
class Level(enum.IntEnum):
    LOW = 1
    HIGH = 10

class Kind(str, enum.Enum):
    a = "alpha"
    b = "beta"

class Base(DeclarativeBase):
    pass

class Alert(Base):
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[Level] = mapped_column(default=Level.LOW)
    kind: Mapped[Kind] = mapped_column(Enum(Kind, native_enum=False))
    kind2: Mapped[Optional[Kind]] = mapped_column(Enum(Kind, native_enum=False, values_callable=lambda e: [m.value for m in e]))
""", data=[{"op": "add", "entity": "Alert", "data": {"kind": "alpha", "kind2": "beta"}},
           {"op": "add", "entity": "Alert", "data": {"level": 10, "kind": "b"}}],
         selects=["select(Alert).order_by(Alert.id)", "select(Alert.id).where(Alert.kind == Kind.b)"]),

    dict(id="apps:type_map_uuid_tz", model=IMPORTS + """
from sqlalchemy import TIMESTAMP

class Base(DeclarativeBase):
    type_annotation_map = {
        uuid.UUID: Uuid(as_uuid=True),
        datetime.datetime: TIMESTAMP(timezone=True),
        str: Text,
    }

class Event(Base):
    __tablename__ = "events"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
    name: Mapped[str]
    other: Mapped[Optional[uuid.UUID]]
""", data=[{"op": "add", "entity": "Event", "data": {"name": "e", "other": "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE"}}],
         shapes=["id", "at"], selects=["select(Event.name, Event.other)"]),

    dict(id="apps:pg_dialect_types", model=IMPORTS + """
from sqlalchemy.dialects import postgresql as pg

class Base(DeclarativeBase):
    pass

class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[dict] = mapped_column(pg.JSONB, default=dict)
    at: Mapped[datetime.datetime] = mapped_column(pg.TIMESTAMP(timezone=True), server_default=func.now())
    tags: Mapped[list[str]] = mapped_column(pg.ARRAY(pg.TEXT), server_default="{}")
    grid: Mapped[Optional[list]] = mapped_column(pg.ARRAY(Integer, dimensions=2))
    raw: Mapped[Optional[bytes]] = mapped_column(pg.BYTEA)
    money: Mapped[Optional[Decimal]] = mapped_column(pg.NUMERIC(12, 4))
    ip: Mapped[Optional[str]] = mapped_column(pg.INET)
""", data=[{"op": "add", "entity": "Doc", "data": {"body": {"a": [1, {"b": None}]}, "grid": [[1, 2], [3, 4]], "raw": "\\x0102",
                                                     "money": "1.5", "ip": "10.0.0.1"}}],
         shapes=["at"], engines=PGONLY, selects=["select(Doc)"]),

    dict(id="apps:pg_enum_create_type_false", model=IMPORTS + """
from sqlalchemy.dialects.postgresql import ENUM

class Base(DeclarativeBase):
    pass

mood = ENUM("happy", "sad", name="mood")

class Person(Base):
    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    current_mood: Mapped[str] = mapped_column(mood)
""", data=[{"op": "add", "entity": "Person", "data": {"current_mood": "sad"}}], engines=PGONLY),

    dict(id="apps:followers_self_m2m", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

followers = Table(
    "followers", Base.metadata,
    Column("follower_id", Integer, ForeignKey("user.id"), primary_key=True),
    Column("followed_id", Integer, ForeignKey("user.id"), primary_key=True),
)

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True, unique=True)
    following: Mapped[List["User"]] = relationship(
        secondary=followers, primaryjoin=(followers.c.follower_id == id),
        secondaryjoin=(followers.c.followed_id == id), back_populates="followers")
    followers: Mapped[List["User"]] = relationship(
        secondary=followers, primaryjoin=(followers.c.followed_id == id),
        secondaryjoin=(followers.c.follower_id == id), back_populates="following")
""", data=[{"op": "add", "entity": "User", "data": {"username": "a", "following": [{"username": "b"}, {"username": "c"}]}}],
         steps=[[{"op": "delete", "entity": "User", "key": 2}]],
         selects=["select(User).options(selectinload(User.followers)).order_by(User.id)"]),

    dict(id="apps:mutable_json", model=IMPORTS + """
from sqlalchemy.ext.mutable import MutableDict, MutableList

class Base(DeclarativeBase):
    pass

class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    prefs: Mapped[dict] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    history: Mapped[list] = mapped_column(MutableList.as_mutable(JSON), default=list)
""", data=[{"op": "add", "entity": "Profile", "data": {"prefs": {"theme": "dark"}}}],
         steps=[[{"op": "update", "entity": "Profile", "key": 1, "data": {"history": [1, 2]}}]]),

    dict(id="apps:json_none_as_null", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Cfg(Base):
    __tablename__ = "cfg"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[Optional[dict]] = mapped_column(JSON(none_as_null=True))
    b: Mapped[Optional[dict]] = mapped_column(JSON)
""", data=[{"op": "add", "entity": "Cfg", "data": {"a": None, "b": None}},
           {"op": "add", "entity": "Cfg", "data": {}}]),

    dict(id="apps:fk_named_and_index", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parents"
    id: Mapped[int] = mapped_column(primary_key=True)

class Child(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", name="fk_child_parent", ondelete="CASCADE"),
                                           index=True, unique=True)
    other_id: Mapped[Optional[int]] = mapped_column(Integer, ForeignKey("parents.id", deferrable=True, initially="DEFERRED"))
""", data=[{"op": "add", "entity": "Parent", "data": {}}, {"op": "add", "entity": "Child", "data": {"parent_id": 1}}],
         steps=[[{"op": "delete", "entity": "Parent", "key": 1}]]),

    dict(id="apps:declared_attr_plain_tablename", model=IMPORTS + """
class Base(DeclarativeBase):
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()

class CommonMixin:
    id: Mapped[int] = mapped_column(primary_key=True)
    __table_args__ = {"comment": "common"}

class Widget(CommonMixin, Base):
    name: Mapped[str] = mapped_column(String(20), server_default=text("''"))
""", data=[{"op": "add", "entity": "Widget", "data": {}}]),

    dict(id="apps:unicode_and_limits", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Rec(Base):
    __tablename__ = "recs"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    big: Mapped[int] = mapped_column(BigInteger)
    txt: Mapped[str] = mapped_column(Text)
    num: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    f: Mapped[float]
""", data=[{"op": "add", "entity": "Rec", "data": {"big": 4611686018427387904, "txt": "héllo ✓ 🎉 \"q\" \\ x", "num": "-1234567.123456", "f": 0.1}},
           {"op": "add", "entity": "Rec", "data": {"big": -9223372036854775808, "txt": "", "num": "0", "f": -1e300}}],
         selects=["select(Rec).order_by(Rec.id)"]),

    dict(id="apps:polymorphic_on_column", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Animal(Base):
    __tablename__ = "animals"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "animal"}

class Dog(Animal):
    __tablename__ = "dogs"
    id: Mapped[int] = mapped_column(ForeignKey("animals.id"), primary_key=True)
    breed: Mapped[Optional[str]]
    __mapper_args__ = {"polymorphic_identity": "dog"}

class Cat(Animal):
    __mapper_args__ = {"polymorphic_identity": "cat"}
    indoor: Mapped[Optional[bool]] = mapped_column(default=True)
""", data=[{"op": "add", "entity": "Dog", "data": {"name": "rex", "breed": "lab"}},
           {"op": "add", "entity": "Cat", "data": {"name": "tom"}}],
         steps=[[{"op": "delete", "entity": "Dog", "key": 1}]],
         selects=["select(Animal).order_by(Animal.id)"]),

    dict(id="apps:relationship_order_desc_joined", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Thread(Base):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    messages: Mapped[List["Message"]] = relationship(back_populates="thread", lazy="joined",
                                                     order_by="desc(Message.id)", cascade="all, delete-orphan")

class Message(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    body: Mapped[str]
    thread: Mapped["Thread"] = relationship(back_populates="messages")
""", data=[{"op": "add", "entity": "Thread", "data": {"title": "t", "messages": [{"body": "a"}, {"body": "b"}, {"body": "c"}]}}],
         steps=[[{"op": "delete", "entity": "Message", "key": 2}]],
         selects=["select(Thread)"]),

    dict(id="apps:enum_check_naming", model=IMPORTS + """
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
""", data=[{"op": "add", "entity": "Switch", "data": {"status": "on", "flag": True}}]),

    dict(id="apps:default_and_server_default_together", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Counter(Base):
    __tablename__ = "counters"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=5, server_default="0")
    label: Mapped[str] = mapped_column(String(10), default="py", server_default="db")
    at: Mapped[datetime.datetime] = mapped_column(default=func.now(), server_default=func.now())
""", data=[{"op": "add", "entity": "Counter", "data": {}}], shapes=["at"]),

    dict(id="apps:string_pk_fk_update_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Lang(Base):
    __tablename__ = "langs"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    words: Mapped[List["Word"]] = relationship(back_populates="lang", passive_updates=True)

class Word(Base):
    __tablename__ = "words"
    id: Mapped[int] = mapped_column(primary_key=True)
    lang_code: Mapped[str] = mapped_column(ForeignKey("langs.code", onupdate="CASCADE"))
    text: Mapped[str]
    lang: Mapped["Lang"] = relationship(back_populates="words")
""", data=[{"op": "add", "entity": "Lang", "data": {"code": "en", "words": [{"text": "hi"}]}}],
         ),

    dict(id="apps:nullable_fk_one_to_many_no_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    members: Mapped[List["Member"]] = relationship(back_populates="group")

class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"))
    group: Mapped[Optional["Group"]] = relationship(back_populates="members")
""", data=[{"op": "add", "entity": "Group", "data": {"name": "g", "members": [{}, {}]}}],
         steps=[[{"op": "delete", "entity": "Group", "key": 1}]]),

    dict(id="apps:time_tz_and_dates", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Shift(Base):
    __tablename__ = "shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    starts: Mapped[time] = mapped_column(Time(timezone=True))
    day: Mapped[date] = mapped_column(Date, index=True)
    at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
""", data=[{"op": "add", "entity": "Shift", "data": {"starts": "08:30:00", "day": "2024-06-30", "at": "2024-06-30T23:30:00-05:00"}}],
         selects=["select(Shift)"]),

    dict(id="apps:dataclass_relationship_defaults", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    children: Mapped[List["Child"]] = relationship(default_factory=list, back_populates="parent",
                                                   cascade="all, delete-orphan")
    meta: Mapped[Optional[dict]] = mapped_column(JSON, default=None)

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"), init=False)
    parent: Mapped["Parent"] = relationship(init=False, back_populates="children")
    position: Mapped[int] = mapped_column(default=0)
""", data=[{"op": "add", "entity": "Parent", "data": {"name": "p", "children": [{"position": 2}, {}]}}],
         steps=[[{"op": "update", "entity": "Parent", "key": 1, "data": {"meta": {"k": 1}}}]]),

    dict(id="apps:composite_pk_association_fk", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Project(Base):
    __tablename__ = "projects"
    org: Mapped[str] = mapped_column(String(10), primary_key=True)
    slug: Mapped[str] = mapped_column(String(20), primary_key=True)
    issues: Mapped[List["Issue"]] = relationship(back_populates="project", cascade="all, delete-orphan")

class Issue(Base):
    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    org: Mapped[str] = mapped_column(String(10))
    slug: Mapped[str] = mapped_column(String(20))
    title: Mapped[str]
    project: Mapped["Project"] = relationship(back_populates="issues")
    __table_args__ = (sa.ForeignKeyConstraint(["org", "slug"], ["projects.org", "projects.slug"], ondelete="CASCADE"),)
""", data=[{"op": "add", "entity": "Project", "data": {"org": "o", "slug": "s", "issues": [{"title": "i1"}, {"title": "i2"}]}}],
         steps=[[{"op": "delete", "entity": "Project", "key": {"org": "o", "slug": "s"}}]]),

    # ---- updates of relationships (the complete new collection) ----------------------------
    dict(id="apps:update_collection_orphans", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Playlist(Base):
    __tablename__ = "playlists"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    tracks: Mapped[List["Track"]] = relationship(back_populates="playlist", cascade="all, delete-orphan")
    notes: Mapped[List["Note"]] = relationship(back_populates="playlist")

class Track(Base):
    __tablename__ = "tracks"
    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[int] = mapped_column(ForeignKey("playlists.id"))
    title: Mapped[str] = mapped_column(String(20))
    playlist: Mapped["Playlist"] = relationship(back_populates="tracks")

class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[Optional[int]] = mapped_column(ForeignKey("playlists.id"))
    text: Mapped[str] = mapped_column(String(20))
    playlist: Mapped[Optional["Playlist"]] = relationship(back_populates="notes")
""", data=[{"op": "add", "entity": "Playlist", "data": {"name": "p", "tracks": [{"title": "a"}, {"title": "b"}],
                                                          "notes": [{"text": "x"}, {"text": "y"}]}}],
         steps=[[{"op": "update", "entity": "Playlist", "key": 1, "data": {"tracks": [{"id": 2}, {"title": "c"}]}}],
                [{"op": "update", "entity": "Playlist", "key": 1, "data": {"notes": [{"id": 2, "text": "y2"}]}}],
                [{"op": "update", "entity": "Playlist", "key": 1, "data": {"tracks": []}}]]),

    dict(id="apps:update_m2m_and_scalar", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

article_tags = Table("article_tags", Base.metadata,
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True))

class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))

class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Optional[Author]] = relationship()
    tags: Mapped[List["Tag"]] = relationship(secondary=article_tags)

class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
""", data=[{"op": "add", "entity": "Article", "data": {"title": "a", "author": {"name": "x"},
                                                         "tags": [{"name": "t1"}, {"name": "t2"}]}},
           {"op": "add", "entity": "Author", "data": {"name": "y"}}],
         steps=[[{"op": "update", "entity": "Article", "key": 1, "data": {"tags": [{"id": 2}, {"name": "t3"}]}}],
                [{"op": "update", "entity": "Article", "key": 1, "data": {"author": {"id": 2}}}],
                [{"op": "update", "entity": "Article", "key": 1, "data": {"author": None, "tags": []}}]]),

    dict(id="apps:update_fk_and_enum_none", model=IMPORTS + """
class Status(enum.Enum):
    new = "new"
    done = "done"

class Base(DeclarativeBase):
    pass

class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)

class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[Optional[int]] = mapped_column(ForeignKey("projects.id"))
    status: Mapped[Optional[Status]]
    due: Mapped[Optional[datetime.datetime]]
    data: Mapped[Optional[dict]] = mapped_column(JSON)
""", data=[{"op": "add", "entity": "Project", "data": {}}, {"op": "add", "entity": "Project", "data": {}},
           {"op": "add", "entity": "Task", "data": {"project_id": 1, "status": "new", "due": "2024-01-01T10:00:00", "data": {"a": 1}}}],
         steps=[[{"op": "update", "entity": "Task", "key": 1, "data": {"project_id": 2, "status": "done", "due": "2024-02-01T10:00:00.5"}}],
                [{"op": "update", "entity": "Task", "key": 1, "data": {"project_id": None, "status": None, "due": None, "data": None}}]]),

    # ---- more 2.0 idioms ----------------------------------------------------------------
    dict(id="apps:pg_gen_random_uuid_pk", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=text("gen_random_uuid()"))
    name: Mapped[str] = mapped_column(String(20))
    entries: Mapped[List["Entry"]] = relationship(back_populates="account", cascade="all, delete-orphan")

class Entry(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(sa.Identity(always=True), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    account: Mapped[Account] = relationship(back_populates="entries")
""", data=[{"op": "add", "entity": "Account", "data": {"name": "a", "entries": [{"amount": "1.00"}, {"amount": "-2.50"}]}}],
         shapes=["id", "account_id"], engines=PGONLY),

    dict(id="apps:extend_existing_eager_defaults", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "items"
    __table_args__ = {"extend_existing": True}
    __mapper_args__ = {"eager_defaults": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), info={"label": "Name"}, doc="the name")
    created: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
""", data=[{"op": "add", "entity": "Item", "data": {"name": "i"}}], shapes=["created"]),

    dict(id="apps:write_only_dynamic", model=IMPORTS + """
from sqlalchemy.orm import WriteOnlyMapped, DynamicMapped

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    posts: WriteOnlyMapped["Post"] = relationship(back_populates="author", cascade="all, delete-orphan",
                                                 passive_deletes=True)
    comments: DynamicMapped["Comment"] = relationship(lazy="dynamic", back_populates="author")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[User] = relationship(back_populates="posts")

class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    author: Mapped[Optional[User]] = relationship(back_populates="comments")
""", data=[{"op": "add", "entity": "User", "data": {"name": "u"}},
           {"op": "add", "entity": "Post", "data": {"body": "b", "author_id": 1}},
           {"op": "add", "entity": "Comment", "data": {"author_id": 1}}],
         steps=[[{"op": "delete", "entity": "User", "key": 1}]]),

    dict(id="apps:cascade_spellings", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Box(Base):
    __tablename__ = "boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    things: Mapped[List["Thing"]] = relationship("Thing", cascade="all,delete", backref="box")
    labels: Mapped[List["Label"]] = relationship(cascade="save-update, merge, delete", order_by="Label.id")

class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    box_id: Mapped[Optional[int]] = mapped_column(ForeignKey("boxes.id"))

class Label(Base):
    __tablename__ = "labels"
    id: Mapped[int] = mapped_column(primary_key=True)
    box_id: Mapped[Optional[int]] = mapped_column(ForeignKey("boxes.id"))
    text: Mapped[str] = mapped_column(default="")
""", data=[{"op": "add", "entity": "Box", "data": {"things": [{}, {}], "labels": [{"text": "l"}]}},
           {"op": "add", "entity": "Box", "data": {"things": [{}]}}],
         steps=[[{"op": "delete", "entity": "Box", "key": 1}]]),

    dict(id="apps:string_foreign_keys_arg", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))

class Transfer(Base):
    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    receiver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[int]
    sender: Mapped["User"] = relationship(foreign_keys="Transfer.sender_id")
    receiver: Mapped["User"] = relationship(foreign_keys="[Transfer.receiver_id]", lazy="raise")
""", data=[{"op": "add", "entity": "Transfer", "data": {"amount": 5, "sender": {"name": "a"}, "receiver": {"name": "b"}}}],
         selects=["select(Transfer).options(joinedload(Transfer.sender), selectinload(Transfer.receiver))"]),

    dict(id="apps:identity_bigint_sqlite", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str]
""", data=[{"op": "add", "entity": "Event", "data": {"name": "e"}}]),

    dict(id="apps:column_key_and_name", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Legacy(Base):
    __tablename__ = "LegacyTable"
    id: Mapped[int] = mapped_column("ID", primary_key=True)
    full_name: Mapped[str] = mapped_column("FullName", String(40))
    created_on: Mapped[Optional[date]] = mapped_column("Created On")
    __table_args__ = (UniqueConstraint("FullName"), Index("ix_created", "Created On"))
""", data=[{"op": "add", "entity": "Legacy", "data": {"full_name": "x", "created_on": "2020-02-02"}}],
         steps=[[{"op": "update", "entity": "Legacy", "key": 1, "data": {"full_name": "y"}}]],
         selects=["select(Legacy).where(Legacy.full_name == 'y')"]),

    dict(id="apps:server_onupdate_fetched", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Row(Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    v: Mapped[int]
    stamp: Mapped[Optional[datetime.datetime]] = mapped_column(server_default=func.now(), server_onupdate=func.now())
""", data=[{"op": "add", "entity": "Row", "data": {"v": 1}}],
         steps=[[{"op": "update", "entity": "Row", "key": 1, "data": {"v": 2}}]], shapes=["stamp"]),

    dict(id="apps:value_edges", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class V(Base):
    __tablename__ = "v"
    id: Mapped[int] = mapped_column(primary_key=True)
    money: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 2))
    ratio: Mapped[Optional[float]] = mapped_column(Float)
    flag: Mapped[Optional[bool]]
    span: Mapped[Optional[timedelta]]
    at: Mapped[Optional[datetime.datetime]]
    at_tz: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime(timezone=True))
    doc: Mapped[Optional[dict]] = mapped_column(JSON)
    blob: Mapped[Optional[bytes]]
""", data=[{"op": "add", "entity": "V", "data": {"money": "1.005", "ratio": 3, "flag": False, "span": -90.5,
                                                   "at": "2024-02-29T23:59:59.999999", "at_tz": "2024-01-01T00:00:00Z",
                                                   "doc": {"f": 1.0, "big": 12345678901234567890, "u": "\u00e9\u4e2d", "nested": {"z": [], "a": {}}},
                                                   "blob": "\\x00"}},
           {"op": "add", "entity": "V", "data": {"money": 12, "span": 86400 * 400, "at": "1999-12-31T00:00:00",
                                                   "doc": [1, "a", None, True]}},
           {"op": "add", "entity": "V", "data": {"doc": "just a string", "ratio": 1e-7}}],
         steps=[[{"op": "update", "entity": "V", "key": 3, "data": {"doc": 5, "money": "-0.5"}}]],
         selects=["select(V).order_by(V.id)"]),

    dict(id="apps:dataclass_none_server_default", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class H(Base):
    __tablename__ = "h"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(String(10), server_default=text("'srv'"), default=None)
    note: Mapped[Optional[str]] = mapped_column(String(10), default=None, onupdate=None)
    n: Mapped[int] = mapped_column(default=0)
""", data=[{"op": "add", "entity": "H", "data": {}}, {"op": "add", "entity": "H", "data": {"name": "x", "note": "y"}}],
         steps=[[{"op": "update", "entity": "H", "key": 2, "data": {"n": 1}}]]),

    dict(id="apps:module_aliases_sa_so", model='''
from datetime import datetime, timezone
from typing import Optional
import sqlalchemy as sa
import sqlalchemy.orm as so

class Base(so.DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), index=True, unique=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(120), index=True, unique=True)
    password_hash: so.Mapped[Optional[str]] = so.mapped_column(sa.String(256))
    about_me: so.Mapped[Optional[str]] = so.mapped_column(sa.String(140))
    last_seen: so.Mapped[Optional[datetime]] = so.mapped_column(default=lambda: datetime.now(timezone.utc))
    posts: so.WriteOnlyMapped["Post"] = so.relationship(back_populates="author")

class Post(Base):
    __tablename__ = "post"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    body: so.Mapped[str] = so.mapped_column(sa.String(140))
    timestamp: so.Mapped[datetime] = so.mapped_column(index=True, default=lambda: datetime.now(timezone.utc))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey(User.id), index=True)
    author: so.Mapped[User] = so.relationship(back_populates="posts")
''', data=[{"op": "add", "entity": "User", "data": {"username": "u", "email": "e"}},
           {"op": "add", "entity": "Post", "data": {"body": "b", "user_id": 1}}],
         shapes=["last_seen", "timestamp"], selects=["select(Post).options(joinedload(Post.author))"]),

    dict(id="apps:relationship_lambda_and_primaryjoin", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[List["Address"]] = relationship(back_populates="user", order_by=lambda: Address.email.desc())
    active_addresses: Mapped[List["Address"]] = relationship(
        primaryjoin="and_(User.id == Address.user_id, Address.active == True)", viewonly=True)

class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="cascade"))
    email: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(server_default=sa.sql.expression.true())
    user: Mapped["User"] = relationship(back_populates="addresses")
""", data=[{"op": "add", "entity": "User", "data": {"addresses": [{"email": "a"}, {"email": "b", "active": False}]}}],
         selects=["select(User).options(selectinload(User.addresses), selectinload(User.active_addresses))"]),

    dict(id="apps:json_server_default_numeric_kw", model=IMPORTS + """
class Base(DeclarativeBase):
    type_annotation_map = {str: String().with_variant(Text, "postgresql")}

class Wallet(Base):
    __tablename__ = "wallets"
    id: Mapped[int] = mapped_column(primary_key=True)
    meta: Mapped[dict] = mapped_column(JSON, nullable=False, server_default=text("'{}'"))
    ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    amount: Mapped[Decimal] = mapped_column(Numeric(precision=18, scale=8), server_default=sa.text("0"))
    label: Mapped[str] = mapped_column(server_default="")
    created: Mapped[datetime.datetime] = mapped_column(server_default=sa.func.current_timestamp())
    f2: Mapped[Optional[float]] = mapped_column(Float(precision=2))
""", data=[{"op": "add", "entity": "Wallet", "data": {"ids": [3, 1]}}], shapes=["created"],
         selects=["select(Wallet)"]),

    dict(id="apps:enum_auto_values", model=IMPORTS + """
class Color(enum.Enum):
    RED = enum.auto()
    GREEN = enum.auto()

class Size(enum.StrEnum):
    SMALL = enum.auto()
    LARGE = enum.auto()

class Base(DeclarativeBase):
    pass

class Shirt(Base):
    __tablename__ = "shirts"
    id: Mapped[int] = mapped_column(primary_key=True)
    color: Mapped[Color]
    size: Mapped[Size] = mapped_column(Enum(Size, values_callable=lambda e: [m.value for m in e], native_enum=False))
    size2: Mapped[Optional[Size]]
""", data=[{"op": "add", "entity": "Shirt", "data": {"color": "GREEN", "size": "large", "size2": "small"}}],
         selects=["select(Shirt)", "select(Shirt.id).where(Shirt.size == Size.LARGE)"]),

    dict(id="apps:delete_parent_not_null_children", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(30), unique=True)
    books: Mapped[List["Book"]] = relationship(back_populates="author")

class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped["Author"] = relationship(back_populates="books")
""", data=[{"op": "add", "entity": "Author", "data": {"email": "a", "books": [{}]}},
           {"op": "add", "entity": "Author", "data": {"email": "b"}}],
         steps=[[{"op": "delete", "entity": "Author", "key": 1}],
                [{"op": "update", "entity": "Author", "key": 2, "data": {"email": "a"}}],
                [{"op": "update", "entity": "Book", "key": 1, "data": {"author_id": 2}}],
                [{"op": "delete", "entity": "Author", "key": 1}]]),

    dict(id="apps:natural_key_update_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Lang(Base):
    __tablename__ = "langs"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), default="")
    words: Mapped[List["Word"]] = relationship(back_populates="lang", passive_updates=True)

class Word(Base):
    __tablename__ = "words"
    id: Mapped[int] = mapped_column(primary_key=True)
    lang_code: Mapped[str] = mapped_column(ForeignKey("langs.code", onupdate="CASCADE"))
    text: Mapped[str]
    lang: Mapped["Lang"] = relationship(back_populates="words")
""", data=[{"op": "add", "entity": "Lang", "data": {"code": "en", "words": [{"text": "hi"}]}}],
         steps=[[{"op": "update", "entity": "Lang", "key": "en", "data": {"code": "fr"}}]],
         engines=PGONLY),

    dict(id="apps:one_to_one_replace_orphan", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    settings: Mapped[Optional["Settings"]] = relationship(back_populates="user", cascade="all, delete-orphan")

class Settings(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    theme: Mapped[str] = mapped_column(String(10), default="light")
    user: Mapped["User"] = relationship(back_populates="settings")
""", data=[{"op": "add", "entity": "User", "data": {"settings": {}}}],
         steps=[[{"op": "update", "entity": "User", "key": 1, "data": {"settings": {"theme": "dark"}}}],
                [{"op": "update", "entity": "User", "key": 1, "data": {"settings": None}}]]),
]
