from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import Date, DateTime, Double, Float, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "readings"
    id: Mapped[int] = mapped_column(primary_key=True)
    taken: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    cost: Mapped[Optional[float]] = mapped_column(Float)
