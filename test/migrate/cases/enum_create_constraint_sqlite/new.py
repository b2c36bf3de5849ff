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


class Door(Base):
    __tablename__ = "doors"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column("State", Enum("open", "closed", "locked", name="door_state", create_constraint=True))
    lock: Mapped[Optional[str]] = mapped_column(Enum("pin", "key", name="door_lock", native_enum=False, create_constraint=True))
