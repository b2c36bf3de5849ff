import datetime
import uuid
from typing import Any, Optional

from sqlalchemy import JSON, Date, Interval, LargeBinary, Numeric, SmallInteger, Time, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[uuid.UUID] = mapped_column(Uuid)
    data: Mapped[Optional[Any]] = mapped_column(JSON)
    day: Mapped[datetime.date] = mapped_column(Date)
    at: Mapped[Optional[datetime.time]] = mapped_column(Time)
    took: Mapped[Optional[datetime.timedelta]] = mapped_column(Interval)
    blob: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    small: Mapped[int] = mapped_column(SmallInteger, server_default="1")
    amount: Mapped[Optional[float]] = mapped_column(Numeric(6, 2), server_default="0.5")
    flag: Mapped[bool] = mapped_column(server_default="1")


class Gadget(Base):
    __tablename__ = "gadgets"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[uuid.UUID] = mapped_column(Uuid)
    data: Mapped[Optional[Any]] = mapped_column(JSON)
    day: Mapped[datetime.date] = mapped_column(Date)
    at: Mapped[Optional[datetime.time]] = mapped_column(Time)
    took: Mapped[Optional[datetime.timedelta]] = mapped_column(Interval)
    blob: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
