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


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50), server_default="it's new")
    body: Mapped[Optional[str]] = mapped_column(Text, server_default='say "hi"')
    path: Mapped[str] = mapped_column(String(80), server_default="C:\\temp\\x")
    tag: Mapped[str] = mapped_column(String(20), server_default=text("'o''clock'"))
    mark: Mapped[str] = mapped_column(String(5), server_default="")
