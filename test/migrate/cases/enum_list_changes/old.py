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


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


class Shirt(Base):
    __tablename__ = "shirts"
    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[str] = mapped_column(Enum("S", "M", "L", name="shirt_size"))
    color: Mapped[Color] = mapped_column(Enum(Color, native_enum=False))
    fit: Mapped[str] = mapped_column(Enum("slim", "regular", name="shirt_fit", native_enum=False))
