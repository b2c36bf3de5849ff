import uuid
from typing import Optional

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owners"
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid, unique=True)


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"))
    label: Mapped[str] = mapped_column(String(40))
    secret: Mapped[uuid.UUID] = mapped_column(Uuid(as_uuid=True))
