\pset format unaligned
--
-- declare_typedecorator: a TypeDecorator subclass is Python (process_bind_param,
-- process_result_value, load_dialect_impl) that orm cannot run.  The model is
-- accepted and a column of that type is its impl (the DDL SQLAlchemy writes for
-- the impl); a value for a type with process_bind_param is refused rather than
-- bound unprocessed, a stored value of a type with process_result_value is not
-- read; orm_declare's summary lists each such column under "notes".  Every other
-- class and column of the module works as declared.
--
SELECT orm_declare('import json
import uuid
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy import CHAR, DateTime, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class JSONEncodedDict(TypeDecorator):
    """Stores a dict as JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value) if value is not None else None

    def process_result_value(self, value, dialect):
        return json.loads(value) if value is not None else None


class TZDateTime(sa.types.TypeDecorator):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class LowerString(TypeDecorator):
    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.lower() if value else value


class Code(LowerString):
    pass


class GUID(TypeDecorator):
    impl = CHAR(32)
    cache_ok = True


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONEncodedDict}


class Doc(Base):
    __tablename__ = "td_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    data = mapped_column(JSONEncodedDict)


class Account(Base):
    __tablename__ = "td_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(LowerString(120), unique=True)
    code: Mapped[str] = mapped_column(Code(8))
    key: Mapped[str] = mapped_column(GUID())
    settings: Mapped[dict[str, Any]]
    seen_at: Mapped[datetime] = mapped_column(TZDateTime)
    notes: Mapped[list["Note"]] = relationship(back_populates="account")


class Note(Base):
    __tablename__ = "td_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("td_accounts.id"))
    body: Mapped[str] = mapped_column(String(50))
    account: Mapped["Account"] = relationship(back_populates="notes")
');
SELECT orm_create_all() IS NOT NULL AS created;
-- rows as SQLAlchemy stores them (its Python methods ran: lower case, JSON text, naive UTC)
INSERT INTO td_accounts (id, email, code, key, settings, seen_at)
  VALUES (1, 'ann@example.com', 'ab12', '6b9f7c1e2f7b4d6b9a513f2c9d1e8a10', '{"theme": "dark"}',
          '2024-05-01 10:30:00.000000');
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "first", "account_id": 1}}]') IS NOT NULL AS note_added;
-- columns whose type has no result processing are read as stored; SQLAlchemy's
-- JSONEncodedDict recipe (json.dumps in, json.loads out) is JSON in the impl's column
SELECT orm_select('select(Account.id, Account.email, Account.key, Account.settings)');
SELECT orm_select('select(Account).options(load_only(Account.settings))');
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"id": 1, "data": {"a": [1, 2], "b": null}}},
  {"op": "add", "entity": "Doc", "data": {"id": 2, "data": null}}]') IS NOT NULL AS docs_added;
SELECT id, data FROM td_docs ORDER BY id;
SELECT orm_select('select(Doc).order_by(Doc.id)');
SELECT orm_select('select(Note).options(joinedload(Note.account).load_only(Account.email))');
-- a pure impl (GUID here: no Python methods) binds as its impl
SELECT orm_select('select(Account.id).where(Account.key == "6b9f7c1e2f7b4d6b9a513f2c9d1e8a10")');
-- a value for a type with process_bind_param is refused, not bound unprocessed (SQLAlchemy
-- would bind "ann@example.com" lowered); so is reading one with process_result_value
SELECT orm_select('select(Account.id).where(Account.email == "ANN@example.com")');
SELECT orm_select('select(Account)');
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"id": 2, "email": "bo@example.com",
  "code": "x", "key": "k", "settings": "{}", "seen_at": "2024-05-01T10:30:00"}}]');

-- a TypeDecorator without impl, or with an impl orm does not know, is an error at its line
SELECT orm_declare('from sqlalchemy import TypeDecorator


class Opaque(TypeDecorator):
    cache_ok = True
');
SELECT orm_declare('from sqlalchemy import TypeDecorator


class Geo(TypeDecorator):
    impl = Geometry
');

-- SQLAlchemy's documented GUID type (a load_dialect_impl choosing PostgreSQL's UUID) and
-- GUIDHyphens: what the Uuid type does -- UUID on PostgreSQL, CHAR(32) hex digits (CHAR(36)
-- with hyphens) on SQLite, uuid values both ways; read as that, nothing refused
SELECT orm_declare('import uuid
from operator import attrgetter
from sqlalchemy import Column, ForeignKey, String
from sqlalchemy.types import TypeDecorator, CHAR
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class GUID(TypeDecorator):
    """Platform-independent GUID type."""

    impl = CHAR
    cache_ok = True

    _default_type = CHAR(32)
    _uuid_as_str = attrgetter("hex")

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(UUID())
        else:
            return dialect.type_descriptor(self._default_type)

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name in ("postgresql", "mssql"):
            return value
        else:
            if not isinstance(value, uuid.UUID):
                value = uuid.UUID(value)
            return self._uuid_as_str(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return value
        else:
            if not isinstance(value, uuid.UUID):
                value = uuid.UUID(value)
            return value


class GUIDHyphens(GUID):
    _default_type = CHAR(36)
    _uuid_as_str = str


class Base(DeclarativeBase):
    type_annotation_map = {uuid.UUID: GUID}


class Org(Base):
    __tablename__ = "g_org"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(20))


class Member(Base):
    __tablename__ = "g_member"
    id = Column(GUIDHyphens, primary_key=True, default=uuid.uuid4)
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("g_org.id"))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Org", "data": {"id": "6b9f7c1e-2f7b-4d6b-9a51-3f2c9d1e8a10", "name": "acme"}},
  {"op": "add", "entity": "Member", "data": {"id": "00000000-0000-0000-0000-000000000007", "org_id": "6b9f7c1e-2f7b-4d6b-9a51-3f2c9d1e8a10"}}]') IS NOT NULL AS added;
SELECT orm_select('select(Member).where(Member.org_id == "6b9f7c1e-2f7b-4d6b-9a51-3f2c9d1e8a10")');
SELECT orm_select('select(Org.name).join(Member, Member.org_id == Org.id)');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
