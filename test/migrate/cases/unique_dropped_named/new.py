from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Seat(Base):
    __tablename__ = "seats"
    id: Mapped[int] = mapped_column(primary_key=True)
    row: Mapped[str] = mapped_column(String(2))
    num: Mapped[int]
    code: Mapped[str] = mapped_column(String(10))
