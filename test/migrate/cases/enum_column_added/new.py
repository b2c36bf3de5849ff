import enum
from typing import Optional

from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class OrderState(enum.Enum):
    new = 1
    paid = 2
    shipped = 3


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20))
    state: Mapped[Optional[OrderState]]


class Shipment(Base):
    __tablename__ = "shipments"
    id: Mapped[int] = mapped_column(primary_key=True)
    carrier: Mapped[str] = mapped_column(Enum("ups", "dhl", "fedex", name="carrier"))
    state: Mapped[OrderState] = mapped_column(Enum(OrderState, name="orderstate"))
