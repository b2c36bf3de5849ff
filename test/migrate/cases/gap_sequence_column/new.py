from sqlalchemy import Integer, Sequence, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, Sequence("ticket_number_seq"))
    batch: Mapped[int] = mapped_column(Integer, Sequence("ticket_batch_seq", start=10, increment=5), nullable=True)


class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(Integer, Sequence("invoice_id_seq"), primary_key=True)
    serial: Mapped[int] = mapped_column(Integer, Sequence("invoice_serial_seq", start=1000))
    label: Mapped[str] = mapped_column(String(30))
