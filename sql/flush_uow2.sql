\pset format unaligned
--
-- flush_uow2: unit-of-work behaviours found by test/guide/decl_apps2.py, each
-- as SQLAlchemy 2.0.52 leaves the rows (checked on SQLite and PostgreSQL): a
-- many-to-one delete-orphan (single_parent) target replaced or set to None is
-- deleted; a joined subclass's change bumps the version_id_col of the base
-- table; Numeric(asdecimal=False) reads back as a float; an anonymous
-- Enum("a", "b") stores another string as given; default= a module-level def
-- of one return; the relationship configurations SQLAlchemy refuses.
--
SELECT orm_declare('from typing import Optional
import uuid
from decimal import Decimal

from sqlalchemy import Enum, ForeignKey, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def new_code() -> str:
    """a code for a new account"""
    return "A-1"


class Preference(Base):
    __tablename__ = "preference"
    id: Mapped[int] = mapped_column(primary_key=True)
    theme: Mapped[str] = mapped_column(String(10))


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), default=new_code)
    pref_id: Mapped[Optional[int]] = mapped_column(ForeignKey("preference.id"))
    pref: Mapped[Optional[Preference]] = relationship(cascade="all, delete-orphan", single_parent=True)
    grade: Mapped[Optional[str]] = mapped_column(Enum("a", "bb", native_enum=False, length=5))
    ratio: Mapped[Optional[float]] = mapped_column(Numeric(8, 3, asdecimal=False))


class Asset(Base):
    __tablename__ = "asset"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "asset", "version_id_col": version}


class Laptop(Asset):
    __tablename__ = "laptop"
    id: Mapped[int] = mapped_column(ForeignKey("asset.id"), primary_key=True)
    ram: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "laptop"}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- default=new_code (a def of one return) fills code; the grade string is stored as given
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"pref": {"theme": "dark"}, "grade": "bb"}},
  {"op": "add", "entity": "Account", "data": {"pref": {"theme": "light"}, "grade": "zzz", "ratio": 1}}]', 'counts') AS flushed;
SELECT id, code, pref_id, grade FROM account ORDER BY id;

-- setting the many-to-one to None deletes the orphaned preference
SELECT orm_flush('[{"op": "update", "entity": "Account", "key": 1, "data": {"pref": null}}]', 'counts') AS flushed;
SELECT * FROM preference ORDER BY id;
SELECT id, pref_id FROM account ORDER BY id;

-- replacing it deletes the old one; naming the same row again deletes nothing
SELECT orm_flush('[{"op": "update", "entity": "Account", "key": 2, "data": {"pref": {"theme": "blue"}}}]', 'counts') AS flushed;
SELECT * FROM preference ORDER BY id;
SELECT orm_flush('[{"op": "update", "entity": "Account", "key": 2, "data": {"pref": {"id": 3}}}]', 'counts') AS flushed;
SELECT * FROM preference ORDER BY id;

-- deleting the account deletes its preference
SELECT orm_flush('[{"op": "delete", "entity": "Account", "key": 2}]', 'counts') AS flushed;
SELECT count(*) AS preferences FROM preference;

-- Numeric(8, 3, asdecimal=False): a float, not a Decimal of scale 3
SELECT orm_flush('[{"op": "update", "entity": "Account", "key": 1, "data": {"ratio": 1.5}}]', 'counts') AS flushed;
SELECT orm_select('select(Account.ratio).where(Account.id == 1)') AS ratio;

-- a Laptop whose own row alone changes: the asset row's version goes up too
SELECT orm_flush('[{"op": "add", "entity": "Laptop", "data": {"name": "l", "ram": 8}}]', 'counts') AS flushed;
SELECT orm_flush('[{"op": "update", "entity": "Laptop", "key": 1, "data": {"ram": 16}}]', 'counts') AS flushed;
SELECT * FROM asset ORDER BY id;
SELECT * FROM laptop ORDER BY id;
SELECT orm_flush('[{"op": "update", "entity": "Laptop", "key": 1, "data": {"ram": 16}}]', 'counts') AS unchanged;
SELECT version FROM asset;

-- two "update" operations of one row in one flush: the later value is written
SELECT orm_flush('[{"op": "update", "entity": "Laptop", "key": 1, "data": {"ram": 4}},
  {"op": "update", "entity": "Laptop", "key": 1, "data": {"name": "l2"}},
  {"op": "update", "entity": "Laptop", "key": 1, "data": {"ram": 64}}]', 'counts') AS flushed;
SELECT a.name, a.version, l.ram FROM asset a JOIN laptop l ON l.id = a.id;

-- polymorphic_abstract=True: the subclasses are stored, the abstract class is never added
SELECT orm_declare('from decimal import Decimal
from typing import Optional
from sqlalchemy import Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base4(DeclarativeBase):
    pass

class Wallet(Base4):
    __tablename__ = "wallet"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    balance: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=0)
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_abstract": True}

class Checking(Wallet):
    overdraft: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 2))
    __mapper_args__ = {"polymorphic_identity": "checking"}

class Savings(Wallet):
    rate: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 4))
    __mapper_args__ = {"polymorphic_identity": "savings"}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Checking", "data": {"overdraft": 100}},
  {"op": "add", "entity": "Savings", "data": {"rate": "0.0125", "balance": "50.5"}}]', 'counts') AS flushed;
SELECT orm_select('select(Wallet).order_by(Wallet.id)') AS wallets;
SELECT orm_flush('[{"op": "add", "entity": "Wallet", "data": {}}]') AS refused;

-- version_id_generator=lambda v: uuid.uuid4().hex: a new hex per INSERT and UPDATE
SELECT orm_declare('import uuid
from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base5(DeclarativeBase):
    pass

class Page(Base5):
    __tablename__ = "page"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    version_uuid: Mapped[str] = mapped_column(String(32), nullable=False)
    __mapper_args__ = {"version_id_col": version_uuid,
                       "version_id_generator": lambda version: uuid.uuid4().hex}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Page", "data": {"body": "a"}}]', 'counts') AS flushed;
CREATE TABLE v1 AS SELECT version_uuid AS v FROM page;
SELECT length(version_uuid) AS len FROM page;
SELECT orm_flush('[{"op": "update", "entity": "Page", "key": 1, "data": {"body": "b"}}]', 'counts') AS flushed;
SELECT length(version_uuid) AS len, version_uuid <> (SELECT v FROM v1) AS changed FROM page;
SELECT orm_flush('[{"op": "update", "entity": "Page", "key": 1, "data": {"body": "c", "version_uuid": "0"}}]') AS stale;
SELECT body FROM page;

-- two "add" operations of one key with different values: a unique violation (SQLAlchemy
-- INSERTs both objects); nothing is stored
SELECT orm_flush('[{"op": "add", "entity": "Page", "data": {"id": 7, "body": "x"}},
  {"op": "add", "entity": "Page", "data": {"id": 7, "body": "y"}}]') AS duplicate;
SELECT count(*) AS pages FROM page;

-- MappedAsDataclass: relationship(default=None) is set by __init__, so a new object's
-- foreign key given alone is cleared (SQLAlchemy syncs the None); given with the
-- relationship, or on an update, it is written
SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, relationship

class Base6(MappedAsDataclass, DeclarativeBase):
    pass

class Owner(Base6):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(10))

class Pet(Base6):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owner.id"), default=None)
    owner: Mapped[Optional[Owner]] = relationship(default=None)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Pet", "data": {"owner": {"name": "o"}}},
  {"op": "add", "entity": "Pet", "data": {"owner_id": 1}}]', 'counts') AS flushed;
SELECT * FROM pet ORDER BY id;
SELECT orm_flush('[{"op": "update", "entity": "Pet", "key": 2, "data": {"owner_id": 1}}]', 'counts') AS flushed;
SELECT * FROM pet ORDER BY id;

-- passive_deletes=True on a many-to-many: the association rows are left to ON DELETE
-- (SQLite without the foreign_keys pragma keeps them, as SQLAlchemy leaves them)
SELECT orm_declare('from typing import List
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base7(DeclarativeBase):
    pass

member_club = Table("member_club", Base7.metadata,
    Column("member_id", ForeignKey("member.id", ondelete="CASCADE"), primary_key=True),
    Column("club_id", ForeignKey("club.id", ondelete="CASCADE"), primary_key=True))

class Member(Base7):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    clubs: Mapped[List["Club"]] = relationship(secondary=member_club, passive_deletes=True)

class Club(Base7):
    __tablename__ = "club"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Member", "data": {"clubs": [{"name": "a"}, {"name": "b"}]}}]', 'counts') AS flushed;
SELECT orm_flush('[{"op": "delete", "entity": "Member", "key": 1}]', 'counts') AS flushed;
SELECT count(*) AS members FROM member;
SELECT count(*) AS association_rows FROM member_club;

-- configurations SQLAlchemy refuses
SELECT orm_declare('from typing import List, Optional
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base2(DeclarativeBase):
    pass

class P(Base2):
    __tablename__ = "p2"
    id: Mapped[int] = mapped_column(primary_key=True)
    kids: Mapped[List["K"]] = relationship(cascade="all, delete-orphan", passive_deletes="all")

class K(Base2):
    __tablename__ = "k2"
    id: Mapped[int] = mapped_column(primary_key=True)
    p_id: Mapped[int] = mapped_column(ForeignKey("p2.id"))
') IS NOT NULL AS declared;
SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base3(DeclarativeBase):
    pass

class Pref3(Base3):
    __tablename__ = "pref3"
    id: Mapped[int] = mapped_column(primary_key=True)

class Acct3(Base3):
    __tablename__ = "acct3"
    id: Mapped[int] = mapped_column(primary_key=True)
    pref_id: Mapped[Optional[int]] = mapped_column(ForeignKey("pref3.id"))
    pref: Mapped[Optional[Pref3]] = relationship(cascade="all, delete-orphan")
') IS NOT NULL AS declared;
-- Python SQLAlchemy would run: a TypeDecorator (declared as its impl; a value for it is
-- refused, sql/declare_typedecorator.sql), a default taking the insert context (refused)
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class LowerString(TypeDecorator):
    impl = String(20)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.lower() if value is not None else None

class Base8(DeclarativeBase):
    pass

class Login(Base8):
    __tablename__ = "login"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(LowerString)
') IS NOT NULL AS declared;
SELECT orm_flush('[{"op": "add", "entity": "Login", "data": {"email": "A@B.C"}}]');
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

def slugify(context):
    return context.get_current_parameters()["title"].lower()

class Base9(DeclarativeBase):
    pass

class Post(Base9):
    __tablename__ = "post9"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    slug: Mapped[str] = mapped_column(String(40), default=slugify)
') IS NOT NULL AS declared;
