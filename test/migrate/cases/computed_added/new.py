from typing import Optional

from sqlalchemy import Computed, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Rect(Base):
    __tablename__ = "rects"
    id: Mapped[int] = mapped_column(primary_key=True)
    w: Mapped[int]
    h: Mapped[int]
    area: Mapped[Optional[int]] = mapped_column(Integer, Computed("w * h", persisted=True))


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(40))
    last: Mapped[str] = mapped_column(String(40))
    full: Mapped[Optional[str]] = mapped_column(String(81), Computed("first || ' ' || last"))
