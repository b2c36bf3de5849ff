from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(40), comment="vendor model")
    fw: Mapped[Optional[str]] = mapped_column(String(20), comment="old text")
