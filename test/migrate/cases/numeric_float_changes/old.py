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


class Measure(Base):
    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2))
    ratio: Mapped[float] = mapped_column(Float)
    rate: Mapped[decimal.Decimal] = mapped_column(Numeric(5, 3))
    exact: Mapped[decimal.Decimal] = mapped_column(Numeric)
