import enum

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class State(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class Issue(Base):
    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[State]
    kind: Mapped[str] = mapped_column(Enum("bug", "feature", name="issue_kind"))
