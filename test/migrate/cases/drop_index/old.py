from sqlalchemy import Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_path_ts", "path", "ts"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(200), index=True)
    ts: Mapped[int]
    agent: Mapped[str] = mapped_column(String(100), index=True)
