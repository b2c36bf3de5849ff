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


class Line(Base):
    __tablename__ = "lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    qty: Mapped[int]
    price: Mapped[int]
    total: Mapped[int] = mapped_column(sa.Computed("qty * price"))
    note: Mapped[Optional[str]] = mapped_column(String(40))
    discount: Mapped[int] = mapped_column(server_default="0")

    __table_args__ = (Index("ix_lines_total", "total"),)
