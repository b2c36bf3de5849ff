import uuid
from typing import Optional

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20))
    hw_id: Mapped[uuid.UUID] = mapped_column(Uuid(native_uuid=False))
    ref: Mapped[Optional[str]] = mapped_column(Uuid(as_uuid=False))
    fw_id: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid(native_uuid=False))


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[uuid.UUID] = mapped_column(Uuid(native_uuid=False), primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    secret: Mapped[uuid.UUID] = mapped_column(Uuid(as_uuid=False, native_uuid=False))
