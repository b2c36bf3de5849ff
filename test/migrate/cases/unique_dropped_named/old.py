from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Seat(Base):
    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("row", "num", name="uq_seats_row_num"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    row: Mapped[str] = mapped_column(String(2))
    num: Mapped[int]
    code: Mapped[str] = mapped_column(String(10), unique=True)
