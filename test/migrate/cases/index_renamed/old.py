import datetime
import decimal
import enum
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, Enum, Float,
                        ForeignKey, ForeignKeyConstraint, Identity, Index, Integer, MetaData,
                        Numeric, String, Table, Text, Time, Unicode, UnicodeText,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    placed: Mapped[datetime.datetime]
    status: Mapped[str] = mapped_column(String(10))

    __table_args__ = (Index("orders_placed_idx", "placed"), Index("ix_orders_status", "status"))
