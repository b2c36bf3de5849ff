from datetime import date, datetime, time
from typing import Optional

from sqlalchemy import Date, DateTime, Interval, Time
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Booking(Base):
    __tablename__ = "bookings"
    id: Mapped[int] = mapped_column(primary_key=True)
    starts: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date)
    opens: Mapped[Optional[time]] = mapped_column(Time(timezone=True))
