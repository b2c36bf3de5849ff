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


class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(20))
    day: Mapped[datetime.date]
    ip: Mapped[str] = mapped_column(String(45))

    __table_args__ = (
        Index("ix_visits_site_day", "day", "site"),
        Index("ix_visits_ip", "ip", "site"),
    )
