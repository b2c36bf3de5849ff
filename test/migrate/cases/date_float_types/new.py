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
    taken: Mapped[datetime] = mapped_column(DateTime)
    value: Mapped[float] = mapped_column(Double)
    cost: Mapped[Optional[Decimal]] = mapped_column(Numeric(12, 2))
