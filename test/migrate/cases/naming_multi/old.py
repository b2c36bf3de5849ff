from sqlalchemy import Index, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("building", "number"),
        Index(None, "floor", "wing"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    building: Mapped[str] = mapped_column(String(10))
    number: Mapped[int]
    floor: Mapped[int]
    wing: Mapped[str] = mapped_column(String(5))
    label: Mapped[str] = mapped_column(String(30), unique=True)
