from sqlalchemy import Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_ab", "b", "a"),
        Index("ix_items_c", "c", unique=True),
        Index("ix_items_d", "d"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[int]
    b: Mapped[int]
    c: Mapped[str] = mapped_column(String(10))
    d: Mapped[str] = mapped_column(String(10))
    e: Mapped[str] = mapped_column(String(10), index=True)
