from typing import Optional

from sqlalchemy import Computed, Identity, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Counter(Base):
    __tablename__ = "counters"
    id: Mapped[int] = mapped_column(Identity(start=10, increment=5), primary_key=True)
    a: Mapped[int]
    b: Mapped[int]


class Ledger(Base):
    __tablename__ = "ledger"
    id: Mapped[int] = mapped_column(Identity(always=True), primary_key=True)
    amount: Mapped[int]
    doubled: Mapped[Optional[int]] = mapped_column(Integer, Computed("amount * 2", persisted=True))
