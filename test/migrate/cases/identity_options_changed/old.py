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


class Ledger(Base):
    __tablename__ = "ledgers"
    id: Mapped[int] = mapped_column(Identity(start=1), primary_key=True)
    seq: Mapped[int] = mapped_column(Identity(always=True, start=100, increment=10))
