from datetime import datetime

from sqlalchemy import String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    seen: Mapped[bool] = mapped_column(server_default=text("false"))
    kind: Mapped[str] = mapped_column(String(10), server_default=text("'a'"))
    n: Mapped[int] = mapped_column(server_default=text("0"))
