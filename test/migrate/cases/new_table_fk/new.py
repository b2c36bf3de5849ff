from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Shop(Base):
    __tablename__ = "shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_shop_placed", "shop_id", "placed_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    placed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    ref: Mapped[Optional[str]] = mapped_column(String(20), unique=True)
