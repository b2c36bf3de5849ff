import datetime

from sqlalchemy import DateTime
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "readings"
    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(precision=3))
    logged_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(precision=3))
    checked_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(precision=2))
    dropped_at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(timezone=True, precision=4))
