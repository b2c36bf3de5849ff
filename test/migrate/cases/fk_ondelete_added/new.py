from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Folder(Base):
    __tablename__ = "folders"
    id: Mapped[int] = mapped_column(primary_key=True)


class File(Base):
    __tablename__ = "files"
    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(ForeignKey("folders.id", name="files_folder_id_fkey", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    backup_of: Mapped[Optional[int]] = mapped_column(ForeignKey("files.id", name="files_backup_of_fkey", ondelete="SET NULL"))
