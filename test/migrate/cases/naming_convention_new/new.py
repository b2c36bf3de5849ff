from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Warehouse(Base):
    __tablename__ = "warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    city: Mapped[Optional[str]] = mapped_column(String(40), index=True)


class Bin(Base):
    __tablename__ = "bins"
    __table_args__ = (
        UniqueConstraint("warehouse_id", "label"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        Index(None, "label", "capacity"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    label: Mapped[str] = mapped_column(String(20))
    capacity: Mapped[int]
