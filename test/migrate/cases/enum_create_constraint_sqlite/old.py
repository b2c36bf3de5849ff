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
    # "State": SQLAlchemy quotes it in the CHECK too (orm always quotes: the reflected text is the same)
    state: Mapped[str] = mapped_column("State", Enum("open", "closed", name="door_state", create_constraint=True))
