from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owners"
    id: Mapped[int] = mapped_column(primary_key=True)


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[Optional[str]] = mapped_column(String(10))
    b: Mapped[Optional[str]] = mapped_column(String(10))
    c: Mapped[Optional[str]] = mapped_column(String(10))
    d: Mapped[Optional[int]]
    e: Mapped[Optional[int]]
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owners.id"))
    maker_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owners.id"))
    seller_id: Mapped[Optional[int]]
    buyer_id: Mapped[Optional[int]]
