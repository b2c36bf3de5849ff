# Not from SQLAlchemy's documentation: a bank ledger as a 2.0 application writes it
# (the "apps8" chapter, cases/apps8.py): customers, accounts mapped with joined-table
# inheritance (checking / savings, polymorphic_on a type column), and ledger entries
# with Numeric amounts; balances are sums, running balances window functions.
import datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))
    since: Mapped[datetime.date]

    accounts: Mapped[List["Account"]] = relationship(back_populates="owner", order_by="Account.id")


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    opened: Mapped[datetime.date]
    closed: Mapped[Optional[datetime.date]]
    type: Mapped[str] = mapped_column(String(20))

    owner: Mapped[Customer] = relationship(back_populates="accounts")
    entries: Mapped[List["Entry"]] = relationship(back_populates="account", order_by="Entry.id")

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "account"}


class Checking(Account):
    __tablename__ = "checking"

    id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    overdraft: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))

    __mapper_args__ = {"polymorphic_identity": "checking"}


class Savings(Account):
    __tablename__ = "savings"

    id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric(5, 3))

    __mapper_args__ = {"polymorphic_identity": "savings"}


class Entry(Base):
    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    booked: Mapped[datetime.date]
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    memo: Mapped[Optional[str]] = mapped_column(String(100))
    category: Mapped[Optional[str]] = mapped_column(String(20))

    account: Mapped[Account] = relationship(back_populates="entries")
