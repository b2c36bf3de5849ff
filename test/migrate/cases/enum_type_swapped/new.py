import enum

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class New(enum.Enum):
    a = "a"
    b = "b"
    c = "c"


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[New] = mapped_column(Enum(New, name="item_kind_v2"))
