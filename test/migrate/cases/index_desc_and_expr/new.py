import datetime
import decimal
import enum
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, Enum, Float,
                        ForeignKey, ForeignKeyConstraint, Identity, Index, Integer, MetaData,
                        Numeric, String, Table, Text, Time, Unicode, UnicodeText,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Score(Base):
    __tablename__ = "scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    player: Mapped[str] = mapped_column(String(30))
    points: Mapped[int]
    order: Mapped[int] = mapped_column(server_default="0")
    Region: Mapped[Optional[str]] = mapped_column(String(10))

    __table_args__ = (
        Index("ix_scores_points_desc", sa.desc("points")),
        Index("ix_scores_player_points", "player", sa.desc("points")),
    )


Index("ix_scores_order", func.lower(Score.player), Score.order.desc(), Score.Region.asc())
