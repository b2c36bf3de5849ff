from typing import Any, Optional

from sqlalchemy import ARRAY, JSON, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
