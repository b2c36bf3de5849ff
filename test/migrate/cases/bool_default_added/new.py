from typing import Optional

from sqlalchemy import Boolean, String, text, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    is_active: Mapped[bool] = mapped_column(server_default=true())
    is_staff: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), nullable=False)
    verified: Mapped[Optional[bool]] = mapped_column(server_default="0")
