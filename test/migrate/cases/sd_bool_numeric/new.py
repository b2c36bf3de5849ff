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


class Setting(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    ratio: Mapped[decimal.Decimal] = mapped_column(Numeric(6, 2), server_default="1.50")
    enabled: Mapped[bool] = mapped_column(server_default=sa.true())
    hidden: Mapped[bool] = mapped_column(server_default=sa.false())
    weight: Mapped[float] = mapped_column(Float, server_default=text("0.5"))
