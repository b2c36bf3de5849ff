from typing import Optional

from sqlalchemy import ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Region(Base):
    __tablename__ = "regions"
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Office(Base):
    __tablename__ = "offices"
    __table_args__ = (
        ForeignKeyConstraint(["country", "region_code"], ["regions.country", "regions.code"],
                             name="fk_offices_region", ondelete="CASCADE"),
        UniqueConstraint("country", "region_code", "label", name="uq_offices_place"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str] = mapped_column(String(5))
    label: Mapped[Optional[str]] = mapped_column(String(20))


class Desk(Base):
    __tablename__ = "desks"
    __table_args__ = (
        ForeignKeyConstraint(["country", "region_code"], ["regions.country", "regions.code"]),
    )
    office_id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str] = mapped_column(String(5))
