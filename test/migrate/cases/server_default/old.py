from datetime import datetime
from typing import Optional

from sqlalchemy import String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), server_default="new")
    priority: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    retries: Mapped[int] = mapped_column(server_default=text("3"))
    owner: Mapped[Optional[str]] = mapped_column(String(30), server_default="root")
    active: Mapped[bool] = mapped_column(server_default=text("true"))
