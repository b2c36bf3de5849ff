--
-- ddl: orm_ddl() text and orm_create_all()/orm_drop_all() for a model that
-- needs quoting (tables "user" and "order", a column named "select"), an
-- enum, Numeric, server defaults, a named unique and check constraint, an
-- explicit and an index=True index, and foreign keys with ON DELETE.
--
\pset format unaligned

SELECT orm_declare('import enum
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Status(enum.Enum):
    NEW = "new"
    PAID = "paid"


class Customer(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    note: Mapped[Optional[str]] = mapped_column(Text, server_default="none")
    orders: Mapped[list["Order"]] = relationship(back_populates="customer", cascade="all, delete-orphan")


class Order(Base):
    __tablename__ = "order"
    __table_args__ = (
        UniqueConstraint("customer_id", "number", name="uq_order_number"),
        CheckConstraint("total >= 0", name="ck_order_total"),
        Index("ix_order_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    customer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    status: Mapped[Status] = mapped_column(default=Status.NEW)
    placed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    select: Mapped[Optional[bool]]

    customer: Mapped["Customer"] = relationship(back_populates="orders")
') AS summary;

SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
-- a second create_all skips what exists
SELECT orm_create_all() AS created_again;
SELECT orm_flush('[{"op": "add", "entity": "Customer", "data": {"name": "a\"b", "orders": [{"number": 1, "total": "12.50", "placed_at": "2024-02-29T23:59:59.250000", "select": true}]}}]') AS flushed;
SELECT orm_select('select(Order).options(selectinload(Order.customer))') AS orders;
SELECT orm_drop_all() AS dropped;
SELECT orm_drop_all() AS dropped_again;
-- everything went, types included: a new create_all starts from nothing
SELECT orm_create_all() AS recreated;
SELECT orm_drop_all() AS dropped_once_more;
DELETE FROM orm_registry;
