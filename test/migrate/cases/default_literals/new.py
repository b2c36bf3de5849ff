from typing import Optional

from sqlalchemy import Numeric, String, false, text, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Setting(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    enabled: Mapped[bool] = mapped_column(server_default=false())
    hidden: Mapped[bool] = mapped_column(server_default=false())
    ratio: Mapped[float] = mapped_column(Numeric(5, 2), server_default=text("1.5"))
    label: Mapped[Optional[str]] = mapped_column(String(20), server_default="it's")
    retries: Mapped[int] = mapped_column(server_default=text("5"))
