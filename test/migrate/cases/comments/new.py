from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = {"comment": "notes of users"}
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100), comment="the note's title")
    body: Mapped[Optional[str]] = mapped_column(String(500), comment="text")
    tag: Mapped[Optional[str]] = mapped_column(String(20))


class Folder(Base):
    __tablename__ = "folders"
    __table_args__ = {"comment": "where notes live"}
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), comment='the folder\'s "name"')
