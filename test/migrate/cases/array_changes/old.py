from typing import Optional

from sqlalchemy import ARRAY, BigInteger, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    tags: Mapped[Optional[list[str]]] = mapped_column(ARRAY(String(20)))
    ids: Mapped[Optional[list[int]]] = mapped_column(ARRAY(Integer))
