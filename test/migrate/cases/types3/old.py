import datetime
from typing import Optional

from sqlalchemy import Date, Integer, SmallInteger, String, Time
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Slot(Base):
    __tablename__ = "slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[datetime.date] = mapped_column(Date)
    hour: Mapped[Optional[datetime.time]] = mapped_column(Time)
    flag: Mapped[int] = mapped_column(Integer)
    small: Mapped[int] = mapped_column(SmallInteger)
    label: Mapped[str] = mapped_column(String(10), server_default="x")
