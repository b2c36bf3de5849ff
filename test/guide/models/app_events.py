# Not from SQLAlchemy's documentation: an event log as PostgreSQL applications write
# it (the "apps" chapter, cases/apps.py; PostgreSQL only): server-generated UUID keys,
# timezone-aware timestamps, JSONB payloads, text arrays, a native enum.
import enum
import uuid
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import DateTime, Enum, ForeignKey, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Kind(enum.Enum):
    LOGIN = "login"
    PURCHASE = "purchase"
    LOGOUT = "logout"


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=text("gen_random_uuid()"))
    handle: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    events: Mapped[List["Event"]] = relationship(back_populates="account", order_by="Event.occurred_at")


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[Kind] = mapped_column(Enum(Kind, name="event_kind"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[dict] = mapped_column(JSONB, default=dict)
    tags: Mapped[List[str]] = mapped_column(ARRAY(String), server_default="{}")
    note: Mapped[Optional[str]]

    account: Mapped[Account] = relationship(back_populates="events")
