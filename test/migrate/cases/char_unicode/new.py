from typing import Optional

from sqlalchemy import CHAR, String, Unicode
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Currency(Base):
    __tablename__ = "currencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CHAR(3))
    symbol: Mapped[Optional[str]] = mapped_column(Unicode(8))
    iso_num: Mapped[Optional[str]] = mapped_column(CHAR(3))
