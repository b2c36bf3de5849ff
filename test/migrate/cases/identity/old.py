from typing import Optional

from sqlalchemy import Computed, Identity, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Counter(Base):
    __tablename__ = "counters"
    id: Mapped[int] = mapped_column(Identity(start=1), primary_key=True)
    a: Mapped[int]
    b: Mapped[int]


class Archive(Base):
    __tablename__ = "archive"
    id: Mapped[int] = mapped_column(Identity(start=100, cycle=True), primary_key=True)
    size: Mapped[int]
    half: Mapped[Optional[int]] = mapped_column(Integer, Computed("size / 2"))
