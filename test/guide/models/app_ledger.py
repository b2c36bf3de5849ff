# Not from SQLAlchemy's documentation: a multi-tenant accounting service as application
# code writes it (the "apps3" chapter, cases/apps3.py): Numeric(12, 2) money as
# Mapped[Decimal], CheckConstraint, a UniqueConstraint across columns, an Index,
# server_default=text(...), a query_expression, tenants owning accounts, invoices with lines and payments.
from datetime import date
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import (CheckConstraint, Date, ForeignKey, Index, Numeric, String,
                        UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, query_expression, relationship


class Base(DeclarativeBase):
    type_annotation_map = {Decimal: Numeric(12, 2)}


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    plan: Mapped[str] = mapped_column(String(20), server_default=text("'free'"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")

    customers: Mapped[List["Client"]] = relationship(back_populates="tenant")
    invoices: Mapped[List["Invoice"]] = relationship(back_populates="tenant")


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_client_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    credit_limit: Mapped[Decimal] = mapped_column(server_default=text("0"))
    country: Mapped[Optional[str]] = mapped_column(String(2))
    balance: Mapped[Optional[Decimal]] = query_expression()

    tenant: Mapped[Tenant] = relationship(back_populates="customers")
    invoices: Mapped[List["Invoice"]] = relationship(back_populates="client")


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        CheckConstraint("due_on >= issued_on", name="ck_invoice_due"),
        Index("ix_invoice_tenant_status", "tenant_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    number: Mapped[str] = mapped_column(String(20))
    issued_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default="draft")
    discount: Mapped[Optional[Decimal]]

    tenant: Mapped[Tenant] = relationship(back_populates="invoices")
    client: Mapped[Client] = relationship(back_populates="invoices")
    lines: Mapped[List["InvoiceLine"]] = relationship(back_populates="invoice",
                                                      cascade="all, delete-orphan",
                                                      order_by="InvoiceLine.position")
    payments: Mapped[List["Payment"]] = relationship(back_populates="invoice")


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (CheckConstraint("quantity > 0"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    position: Mapped[int]
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal]
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(4, 3), default=Decimal("0.200"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    method: Mapped[str] = mapped_column(String(10), server_default=text("'bank'"))

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
