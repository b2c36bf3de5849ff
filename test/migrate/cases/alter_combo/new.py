from decimal import Decimal
from typing import Optional

from sqlalchemy import BigInteger, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), server_default="none")
    title: Mapped[Optional[str]] = mapped_column(String(100))
    stock: Mapped[int] = mapped_column(BigInteger, server_default="0")
    price: Mapped[Optional[Decimal]] = mapped_column(Numeric(12, 4))
    blurb: Mapped[Optional[str]] = mapped_column(String(500))
    code: Mapped[str] = mapped_column(String(10), server_default="X")
