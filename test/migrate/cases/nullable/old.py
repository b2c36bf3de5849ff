from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[Optional[str]] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(255))
    visits: Mapped[Optional[int]]
    note: Mapped[str] = mapped_column(String(100), server_default="none")
