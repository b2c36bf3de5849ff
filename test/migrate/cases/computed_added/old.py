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
