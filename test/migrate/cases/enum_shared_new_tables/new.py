import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Visibility(enum.Enum):
    public = "public"
    private = "private"


class Shop(Base):
    __tablename__ = "shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    visibility: Mapped[Visibility] = mapped_column(Enum(Visibility, name="visibility"), server_default="public")


class Album(Base):
    __tablename__ = "albums"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    visibility: Mapped[Visibility] = mapped_column(Enum(Visibility, name="visibility"))


class Photo(Base):
    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id"))
    visibility: Mapped[Visibility] = mapped_column(Enum(Visibility, name="visibility"))
    caption: Mapped[str] = mapped_column(String(100))
