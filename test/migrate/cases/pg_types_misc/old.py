import uuid
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import String, text
from sqlalchemy.dialects.postgresql import INET, JSONB, TIMESTAMP, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Session(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    ip: Mapped[Optional[str]] = mapped_column(String(45))
