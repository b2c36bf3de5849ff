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


class Phase(enum.Enum):
    ALPHA = "alpha"
    BETA = "beta"


class Release(Base):
    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(primary_key=True)
    phase: Mapped[Phase] = mapped_column(Enum(Phase, name="release_phase", native_enum=False))
    channel: Mapped[str] = mapped_column(Enum("stable", "edge", name="release_channel", native_enum=False))
