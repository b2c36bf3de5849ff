import enum

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Level(enum.Enum):
    low = "low"
    high = "high"


class Alert(Base):
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[Level] = mapped_column(Enum(Level, name="alert_level"), server_default="low")
