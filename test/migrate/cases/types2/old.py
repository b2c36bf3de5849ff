import uuid
from typing import Any, Optional

from sqlalchemy import JSON, Float, LargeBinary, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(String)
    score: Mapped[Optional[float]] = mapped_column(Float)
    key: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid)
    meta: Mapped[Optional[Any]] = mapped_column(JSON)
    raw: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
