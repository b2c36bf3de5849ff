from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100), comment="the title")
    body: Mapped[Optional[str]] = mapped_column(String(500))
    tag: Mapped[Optional[str]] = mapped_column(String(20), comment="a tag")


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = {"comment": "unfinished notes"}
    id: Mapped[int] = mapped_column(primary_key=True, comment="draft key")
    text: Mapped[str] = mapped_column(String(500))
