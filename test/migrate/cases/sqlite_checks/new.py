from typing import Optional

from sqlalchemy import Boolean, Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Flag(Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    on: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="flag_on"))
    level: Mapped[Optional[str]] = mapped_column(
        Enum("low", "high", name="flag_level", create_constraint=True))


class Switch(Base):
    __tablename__ = "switches"
    id: Mapped[int] = mapped_column(primary_key=True)
    up: Mapped[bool] = mapped_column(Boolean(create_constraint=True))
    mode: Mapped[str] = mapped_column(Enum("a", "b", name="switch_mode", create_constraint=True))
