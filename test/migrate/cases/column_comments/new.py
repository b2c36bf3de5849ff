from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), comment="printed on the case")
    model: Mapped[str] = mapped_column(String(40))
    fw: Mapped[Optional[str]] = mapped_column(String(20), comment="firmware version, e.g. '1.2'")
    owner: Mapped[Optional[str]] = mapped_column(String(40), comment="who has it")
