from sqlalchemy import Sequence, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)


class Voucher(Base):
    __tablename__ = "vouchers"
    id: Mapped[int] = mapped_column(Sequence("voucher_id_seq", start=100), primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
