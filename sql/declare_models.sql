--
-- declare_models: idioms of application models (test/guide/decl_apps.py), each
-- checked against SQLAlchemy 2.0.52's DDL and stored rows.
--
\pset format unaligned

-- CheckConstraint() given to mapped_column() / Column(): a column-level
-- constraint, written in the column's definition (named or not)
SELECT orm_declare('from decimal import Decimal
from sqlalchemy import CheckConstraint, Numeric, SmallInteger
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), CheckConstraint("price > 0"))
    vote: Mapped[int] = mapped_column(SmallInteger, CheckConstraint("vote IN (-1, 1)", name="vote_value"), default=1)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Stock", "data": {"price": "1.50"}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Stock", "data": {"price": 0}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Stock", "data": {"price": 2, "vote": 5}}]', 'keys');
SELECT orm_select('select(Stock)');

-- two new objects of one flush with the same unique value are two rows that
-- collide, as SQLAlchemy's two session.add()s do: a unique violation
SELECT orm_declare('from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(100), unique=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}},
                   {"op": "add", "entity": "Customer", "data": {"name": "e", "email": "d@x"}}]', 'keys');
SELECT orm_flush('[{"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}},
                   {"op": "add", "entity": "Customer", "data": {"name": "d", "email": "d@x"}}]', 'keys');
SELECT orm_select('select(Customer)');
