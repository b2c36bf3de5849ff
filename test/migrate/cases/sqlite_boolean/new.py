from typing import Optional

from sqlalchemy import Boolean, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Flag(Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[bool]
    archived: Mapped[bool] = mapped_column(server_default=false())
    maybe: Mapped[Optional[bool]] = mapped_column(Boolean(create_constraint=True, name="ck_flags_maybe"))


class Toggle(Base):
    __tablename__ = "toggles"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="ck_toggle_state"))
