import datetime
from typing import Optional

from sqlalchemy import Boolean, CHAR, DateTime, Integer, Time, Unicode
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Slot(Base):
    __tablename__ = "slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[datetime.datetime] = mapped_column(DateTime)
    hour: Mapped[Optional[datetime.time]] = mapped_column(Time(timezone=True))
    flag: Mapped[bool] = mapped_column(Boolean)
    small: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(CHAR(10), server_default="y")
    title: Mapped[Optional[str]] = mapped_column(Unicode(40))
