from typing import Optional

from sqlalchemy import Computed, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Box(Base):
    __tablename__ = "boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[int]
    b: Mapped[int]
    total: Mapped[Optional[int]] = mapped_column(Integer, Computed("a + b"))
