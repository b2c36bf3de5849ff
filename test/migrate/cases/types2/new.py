import uuid
from typing import Any, Optional

from sqlalchemy import Double, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(String(120))
    score: Mapped[Optional[float]] = mapped_column(Double)
    key: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid(as_uuid=True))
    meta: Mapped[Optional[str]] = mapped_column(Text)
    raw: Mapped[Optional[bytes]] = mapped_column(LargeBinary(1000))
