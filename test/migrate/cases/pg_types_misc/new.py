import uuid
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import TIMESTAMP, String, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Session(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    ip: Mapped[Optional[str]] = mapped_column(String(45))
    token: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), server_default=text("gen_random_uuid()"))
    seen: Mapped[datetime] = mapped_column(TIMESTAMP(timezone=True), server_default=text("now()"))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
