from decimal import Decimal
from typing import Optional

from sqlalchemy import Integer, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[Optional[str]] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100), server_default="untitled")
    stock: Mapped[Optional[int]] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2), server_default="0")
    blurb: Mapped[Optional[str]] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(10))
