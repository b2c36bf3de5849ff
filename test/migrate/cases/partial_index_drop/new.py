from typing import Optional

from sqlalchemy import Index, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_open_owner", "owner", postgresql_where=text("NOT done"), sqlite_where=text("NOT done")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))
    done: Mapped[bool]
    deleted_at: Mapped[Optional[int]]
