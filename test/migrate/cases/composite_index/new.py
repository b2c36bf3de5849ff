from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Log(Base):
    __tablename__ = "logs"
    __table_args__ = (
        Index("ix_logs_source_at", "source", "at"),
        Index("uix_logs_level_source_at", "level", "source", "at", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime]
