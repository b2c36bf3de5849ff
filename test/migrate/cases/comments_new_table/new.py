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


class Shelf(Base):
    __tablename__ = "shelves"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[Optional[str]] = mapped_column(String(20), comment="printed label")


class Bin(Base):
    __tablename__ = "bins"
    __table_args__ = {"comment": 'bins on a shelf; "small" or "large"'}
    id: Mapped[int] = mapped_column(primary_key=True, comment="bin number")
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelves.id"), comment="the shelf")
    size: Mapped[str] = mapped_column(String(5), comment="it's the size")
