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
    __table_args__ = {"comment": "customer invoices (issued)"}
    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2), comment="gross total, in cents' units")
    note: Mapped[Optional[str]] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(String(20), comment="the customer's reference")


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
