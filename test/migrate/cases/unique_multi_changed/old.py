from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("room", "day", name="uq_slots_room_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(String(10))
    day: Mapped[int]
    hour: Mapped[int]
