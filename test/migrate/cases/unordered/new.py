from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owners"
    id: Mapped[int] = mapped_column(primary_key=True)


class Thing(Base):
    __tablename__ = "things"
    __table_args__ = (UniqueConstraint("a", "b"), UniqueConstraint("c"))
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[Optional[str]] = mapped_column(String(10))
    b: Mapped[Optional[str]] = mapped_column(String(10))
    c: Mapped[Optional[str]] = mapped_column(String(10))
    owner_id: Mapped[Optional[int]]
    maker_id: Mapped[Optional[int]]
    seller_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owners.id"))
    buyer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owners.id"))
