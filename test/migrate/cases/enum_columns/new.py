import enum
from typing import Optional

from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class State(enum.Enum):
    open = "open"
    closed = "closed"


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[State] = mapped_column(Enum(State, name="ticket_state"))
    prio: Mapped[Optional[str]] = mapped_column(Enum("lo", "mid", "hi", name="prio", native_enum=False))
    kind: Mapped[Optional[str]] = mapped_column(String(10))
    area: Mapped[Optional[str]] = mapped_column(Enum("x", "y", name="ticket_area"))
