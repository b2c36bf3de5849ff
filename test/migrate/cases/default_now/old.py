from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Audit(Base):
    __tablename__ = "audits"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[Optional[datetime]]
    seen_at: Mapped[Optional[datetime]] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
