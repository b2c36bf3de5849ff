from typing import Any, Optional

from sqlalchemy import Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "docs"
    __table_args__ = (
        Index("ix_docs_meta", "meta", postgresql_using="gin"),
        Index("ix_docs_title_hash", "title", postgresql_using="hash"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    meta: Mapped[Optional[dict[str, Any]]] = mapped_column(JSONB)
