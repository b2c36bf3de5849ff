--
-- query_datetime_arith: datetime arithmetic on columns, as SQLAlchemy 2.0
-- writes and runs it.  PostgreSQL adds timestamps and intervals.  SQLite
-- stores both as text and SQLAlchemy writes the same + / - there, which
-- SQLite computes on the texts' leading numbers (2024 + 1970): in a
-- comparison the number sorts before any datetime text, so `> datetime`
-- is false and `< datetime` true for every row -- SQLAlchemy's results,
-- odd as they are.  Selected as a result column it is refused on SQLite,
-- where SQLAlchemy cannot read the number back (TypeError: fromisoformat).
-- Every result checked against SQLAlchemy 2.0.52 on both engines.
--
\pset format unaligned

SELECT orm_declare('from datetime import date, datetime, timedelta

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "dt_arith_order"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    d: Mapped[date]
    dur: Mapped[timedelta]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(Order)', '[{"id": 1, "created_at": "2024-01-15T10:30:00", "d": "2024-01-15", "dur": 183600}, {"id": 2, "created_at": "2024-03-15T08:00:00.000500", "d": "2024-03-15", "dur": 90}]') AS r;

-- in WHERE: the shop application's (test/guide, apps:shop:123)
SELECT orm_select('select(Order.id).where(Order.created_at + timedelta(days=30) > datetime(2024, 4, 1)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).where(Order.created_at - timedelta(days=1) < datetime(2024, 2, 1)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).where(Order.created_at > datetime(2024, 4, 1) - timedelta(days=30)).order_by(Order.id)') AS r;
-- a comparison as a result column
SELECT orm_select('select(Order.id, Order.created_at + timedelta(days=1) > datetime(2024, 1, 16)).order_by(Order.id)') AS r;
-- selected: PostgreSQL's timestamps and intervals; refused on SQLite
SELECT orm_select('select(Order.id, Order.created_at + timedelta(days=1)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id, Order.created_at - timedelta(hours=1)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id, Order.created_at + Order.dur).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id, (Order.created_at - Order.created_at).label("z")).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id, Order.dur + timedelta(seconds=10)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id, timedelta(days=1) + Order.created_at).order_by(Order.id)') AS r;
-- compared with an interval, a number, each other; ordered by
SELECT orm_select('select(Order.id).where(func.now() - Order.created_at > timedelta(days=1)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).where(Order.dur + timedelta(seconds=10) > timedelta(seconds=50)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).where(Order.created_at + timedelta(days=30) == 3994).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).where(Order.created_at + Order.dur == 3994).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).order_by(Order.created_at + timedelta(days=1), Order.id.desc())') AS r;
-- a date column: a datetime on PostgreSQL, SQLite's numbers
SELECT orm_select('select(Order.id).where(Order.d + timedelta(days=1) > date(2024, 2, 1)).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id, Order.d + timedelta(days=1)).order_by(Order.id)') AS r;
-- CAST AS DATE: a date on PostgreSQL; SQLite's CAST AS DATE is numeric, which SQLAlchemy's
-- result processing refuses (TypeError: fromisoformat: argument must be str), as orm does
SELECT orm_select('select(Order.id, cast(Order.created_at, Date).label("day")).order_by(Order.id)') AS r;
SELECT orm_select('select(Order.id).where(cast(Order.created_at, Date) > 2000).order_by(Order.id)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
