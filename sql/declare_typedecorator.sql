\pset format unaligned
--
-- declare_typedecorator: a TypeDecorator subclass is Python (process_bind_param,
-- process_result_value, load_dialect_impl) that orm cannot run.  The model is
-- accepted and a column of that type is its impl: the DDL SQLAlchemy writes for
-- the impl, values bound and read as the impl binds and reads them; orm_declare's
-- summary lists each such column under "notes".  Every other class and column of
-- the module works as declared.
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
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"id": 1, "email": "ann@example.com",
  "code": "ab12", "key": "6b9f7c1e2f7b4d6b9a513f2c9d1e8a10", "settings": "{\"theme\": \"dark\"}",
  "seen_at": "2024-05-01T10:30:00", "notes": [{"body": "first"}]}}]') IS NOT NULL AS added;
SELECT orm_select('select(Account).options(selectinload(Account.notes))');
SELECT orm_select('select(Note.body, Account.email).join(Note.account).where(Account.code == "ab12")');
-- the impl binds what it binds: a JSON object for a Text impl is refused with its path
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"id": 2, "email": "bo@example.com",
  "code": "x", "key": "k", "settings": {"theme": "light"}, "seen_at": "2024-05-01T10:30:00"}}]');

-- a TypeDecorator without impl, or with an impl orm does not know, is an error at its line
SELECT orm_declare('from sqlalchemy import TypeDecorator


class Opaque(TypeDecorator):
    cache_ok = True
');
SELECT orm_declare('from sqlalchemy import TypeDecorator


class Geo(TypeDecorator):
    impl = Geometry
');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
