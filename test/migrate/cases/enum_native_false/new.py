import enum
from typing import Optional

from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Size(enum.Enum):
    S = "s"
    M = "m"
    XL = "xl"


class Shirt(Base):
    __tablename__ = "shirts"
    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[Optional[Size]] = mapped_column(Enum(Size, native_enum=False, length=10))
    fit: Mapped[str] = mapped_column(Enum("slim", "regular", native_enum=False, create_constraint=True, name="fit"), server_default="regular")
