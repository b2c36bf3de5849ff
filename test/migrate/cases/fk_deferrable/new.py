from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Node(Base):
    __tablename__ = "nodes"
    id: Mapped[int] = mapped_column(primary_key=True)


class Edge(Base):
    __tablename__ = "edges"
    id: Mapped[int] = mapped_column(primary_key=True)
    src: Mapped[int] = mapped_column(ForeignKey("nodes.id", deferrable=True, initially="DEFERRED"))
    dst: Mapped[Optional[int]] = mapped_column(ForeignKey("nodes.id", onupdate="CASCADE"))
