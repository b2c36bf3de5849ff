# Not from SQLAlchemy's documentation: a public library's lending system as a 2.0
# application writes it (the "apps8" chapter, cases/apps8.py): branches, members,
# books and their physical copies, loans with due dates and fines (Numeric), a
# deferred group of contact columns, a query_expression() slot, and column_property()
# correlated counts assigned after the classes.
import datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import ForeignKey, Numeric, String, Text, func, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, column_property, mapped_column,
                            query_expression, relationship)


class Base(DeclarativeBase):
    pass


class Branch(Base):
    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    city: Mapped[str] = mapped_column(String(50))

    copies: Mapped[List["Copy"]] = relationship(back_populates="branch")
    members: Mapped[List["Member"]] = relationship(back_populates="home_branch")


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    joined: Mapped[datetime.date]
    home_branch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("branches.id"))
    address: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group="contact")
    phone: Mapped[Optional[str]] = mapped_column(String(20), deferred=True, deferred_group="contact")

    home_branch: Mapped[Optional[Branch]] = relationship(back_populates="members")
    loans: Mapped[List["Loan"]] = relationship(back_populates="member", order_by="Loan.id")
    score: Mapped[Optional[int]] = query_expression()


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(80))
    year: Mapped[int]
    genre: Mapped[Optional[str]] = mapped_column(String(30))

    copies: Mapped[List["Copy"]] = relationship(back_populates="book")


class Copy(Base):
    __tablename__ = "copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    barcode: Mapped[str] = mapped_column(String(20), unique=True)
    condition: Mapped[str] = mapped_column(String(10), default="good")

    book: Mapped[Book] = relationship(back_populates="copies")
    branch: Mapped[Branch] = relationship(back_populates="copies")
    loans: Mapped[List["Loan"]] = relationship(back_populates="copy")


class Loan(Base):
    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("copies.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    loaned_on: Mapped[datetime.date]
    due_on: Mapped[datetime.date]
    returned_on: Mapped[Optional[datetime.date]]
    fine: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("0.00"))

    copy: Mapped[Copy] = relationship(back_populates="loans")
    member: Mapped[Member] = relationship(back_populates="loans")


Book.copy_count = column_property(
    select(func.count(Copy.id)).where(Copy.book_id == Book.id).correlate_except(Copy).scalar_subquery()
)
Member.open_loans = column_property(
    select(func.count(Loan.id))
    .where(Loan.member_id == Member.id, Loan.returned_on.is_(None))
    .correlate_except(Loan)
    .scalar_subquery(),
    deferred=True,
)
