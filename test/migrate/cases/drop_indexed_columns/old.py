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


class Log(Base):
    __tablename__ = "logs"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    source: Mapped[str] = mapped_column(String(30))
    msg: Mapped[str] = mapped_column(Text)
    host: Mapped[Optional[str]] = mapped_column(String(30))

    __table_args__ = (
        Index("ix_logs_source_level", "source", "level"),
        UniqueConstraint("host", "msg", name="uq_logs_host_msg"),
    )
