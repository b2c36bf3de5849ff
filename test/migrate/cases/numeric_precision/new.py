from decimal import Decimal
from typing import Optional

from sqlalchemy import Float, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Price(Base):
    __tablename__ = "prices"
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    rate: Mapped[Optional[Decimal]] = mapped_column(Numeric(8, 4))
    weight: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 3))
