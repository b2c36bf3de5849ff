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


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = {"comment": "customer invoices"}
    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2), comment="gross total")
    note: Mapped[Optional[str]] = mapped_column(Text, comment="free text")
    ref: Mapped[str] = mapped_column(String(20))


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = {"comment": "money in"}
    id: Mapped[int] = mapped_column(primary_key=True)
