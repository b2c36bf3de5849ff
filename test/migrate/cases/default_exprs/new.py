from datetime import datetime

from sqlalchemy import String, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
    seen: Mapped[bool] = mapped_column(server_default=false())
    kind: Mapped[str] = mapped_column(String(10), server_default=text("'b'"))
    n: Mapped[int] = mapped_column(server_default=text("1"))
    added: Mapped[datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
