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
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Room(Base):
    __tablename__ = "rooms"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    floor: Mapped[int] = mapped_column(primary_key=True)


class Slot(Base):
    __tablename__ = "slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(String(10))
    day: Mapped[datetime.date]
    hour: Mapped[int]
    floor: Mapped[Optional[int]]

    __table_args__ = (
        UniqueConstraint("room", "day", "hour"),
        Index(None, "day", "hour"),
        CheckConstraint("hour BETWEEN 0 AND 23", name="hour_range"),
        ForeignKeyConstraint(["room", "floor"], ["rooms.code", "rooms.floor"]),
    )
