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
