import enum
from typing import Optional

from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(10))
    prio: Mapped[Optional[str]] = mapped_column(Enum("lo", "hi", name="prio", native_enum=False))
    kind: Mapped[Optional[str]] = mapped_column(Enum("a", "b", name="ticket_kind"))
