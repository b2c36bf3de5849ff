import enum
from typing import Optional

from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Size(enum.Enum):
    S = "s"
    M = "m"


class Shirt(Base):
    __tablename__ = "shirts"
    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[Optional[str]] = mapped_column(String(10))
