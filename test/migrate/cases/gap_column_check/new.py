from typing import Optional

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    stock: Mapped[Optional[int]] = mapped_column(Integer, CheckConstraint("stock >= 0"))


class Price(Base):
    __tablename__ = "prices"
    id = Column(Integer, primary_key=True)
    product_id = Column(Integer, ForeignKey("products.id"), nullable=False)
    amount = Column(Numeric(10, 2), CheckConstraint("amount > 0"), nullable=False)
    qty = Column(Integer, CheckConstraint("qty BETWEEN 1 AND 99", name="ck_prices_qty"), nullable=False)
