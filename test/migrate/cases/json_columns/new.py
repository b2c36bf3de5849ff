from typing import Any, Optional

from sqlalchemy import JSON, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    prefs: Mapped[Optional[str]] = mapped_column(String(2000))
    data: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, server_default="{}")
