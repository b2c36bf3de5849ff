import datetime
from typing import Optional

from sqlalchemy import DateTime
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "readings"
    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(precision=6))
    closed_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    checked_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(timezone=True, precision=2))
    logged_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(precision=0))
    synced_at: Mapped[Optional[datetime.datetime]] = mapped_column(postgresql.TIMESTAMP(timezone=True, precision=6))
    tod: Mapped[Optional[datetime.time]] = mapped_column(postgresql.TIME(precision=2))


class Sample(Base):
    __tablename__ = "samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(precision=3))
    atz: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(timezone=True))
