--
-- query_apps4: differences from SQLAlchemy 2.0.52 found by the "apps4" chapter
-- of test/guide (an inventory service, a support desk, a freight service) and
-- fixed.  One source for both engines; results checked against SQLAlchemy
-- 2.0.52 on SQLite and PostgreSQL.
--  - a function SQLAlchemy does not know (func.lag, first_value ...) is
--    NullType: on SQLite its DateTime / Uuid / Boolean argument reads back as
--    stored ('2024-01-05 09:00:00.000000', 32 hex digits, 0/1); coalesce / max /
--    min / sum keep their argument's type.
--  - func.avg() is NullType too: price - func.avg(price).over() is price's
--    Numeric(10, 2) (2 fraction digits), not a float.
--  - func.aggregate_strings(expr, sep): string_agg / group_concat.
--  - select().fetch(n): FETCH FIRST n ROWS on PostgreSQL, refused on SQLite.
--  - orm_flush takes a composite key as an array in primary key order.
--  - between(lo, hi, symmetric=True): BETWEEN SYMMETRIC (PostgreSQL's; SQLite
--    does not parse it, as it does not SQLAlchemy's statement).
--  - Select.params(i="saw") binds the statement's bindparam("i") (was refused).
--  - the between(x, lo, hi) function was written x BETWEEN x AND lo.
--  - aliased(Entity, subquery): a column_property assigned after the class
--    (Move.band = column_property(case((Move.price >= 100, ...)))) names the
--    class: it is adapted to the alias, as a bare name in the class body is
--    (it was written over the table, which is not in the FROM).
--  - Date + Integer: the number is bound as a number (it was bound as a
--    Date: "invalid value for Date: 1"), CAST AS INTEGER on PostgreSQL (date +
--    bigint does not exist); the result is a Date.  On SQLite such arithmetic,
--    and cast(x, Date / DateTime), as a result column is refused, where
--    SQLAlchemy's result processing fails (SQLite gives a number, 2025).
--  - options(*opts) and a loader option's .options(*subs) spread a list of
--    loader options (was "unsupported expression in a query").
--  - a literal compared with a column of another kind keeps its own type, as
--    SQLAlchemy's coerce_compared_value: a datetime meeting a Date column (was
--    "invalid value for Date"), a number meeting a Boolean / string / Interval
--    column, a bool meeting a number (PostgreSQL refuses boolean = integer as
--    it does SQLAlchemy's statement).
--
\pset format unaligned

SELECT orm_declare('import uuid
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import ForeignKey, Numeric, String, case
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column


class Base(DeclarativeBase):
    pass


class Move(Base):
    __tablename__ = "a4_moves"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime]
    ref: Mapped[uuid.UUID]
    done: Mapped[bool]
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))


Move.band = column_property(case((Move.price >= 100, "premium"), else_="standard"))


class Link(Base):
    __tablename__ = "a4_links"
    a: Mapped[int] = mapped_column(primary_key=True)
    b: Mapped[int] = mapped_column(primary_key=True)
    weight: Mapped[int] = mapped_column(default=1)
    note: Mapped[Optional[str]]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Move", "data": {"id": 1, "item": "saw", "at": "2024-01-05T09:00:00", "ref": "5a000000-0000-4000-8000-000000000001", "done": true, "price": "14.90"}},
 {"op": "add", "entity": "Move", "data": {"id": 2, "item": "saw", "at": "2024-01-20T14:30:00", "ref": "5a000000-0000-4000-8000-000000000002", "done": false, "price": "24.00"}},
 {"op": "add", "entity": "Move", "data": {"id": 3, "item": "drill", "at": "2024-02-01T08:15:00", "ref": "5a000000-0000-4000-8000-000000000003", "done": true, "price": "119.00"}},
 {"op": "add", "entity": "Link", "data": {"a": 1, "b": 2, "weight": 3}},
 {"op": "add", "entity": "Link", "data": {"a": 2, "b": 1}}
]', 'counts') AS r;

-- func.lag() of a DateTime, a Uuid, a Boolean: the stored form on SQLite
SELECT orm_select('select(Move.id, func.lag(Move.at).over(order_by=Move.id).label("prev_at"), func.lag(Move.ref).over(order_by=Move.id).label("prev_ref"), func.lag(Move.done).over(order_by=Move.id).label("prev_done")).order_by(Move.id)') AS r;
-- first_value / last_value likewise; max() keeps DateTime (ReturnTypeFromArgs)
SELECT orm_select('select(Move.id, func.first_value(Move.at).over(partition_by=Move.item, order_by=Move.at).label("first"), func.max(Move.at).over().label("latest")).order_by(Move.id)') AS r;
SELECT orm_select('select(func.coalesce(func.max(Move.at), datetime(2000, 1, 1)).label("m"), func.min(Move.item).label("i"))') AS r;

-- price - avg(price) is Numeric(10, 2): two fraction digits on both engines
SELECT orm_select('select(Move.id, (Move.price - func.avg(Move.price).over(partition_by=Move.item)).label("d")).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.item, func.avg(Move.price).label("avg")).group_by(Move.item).order_by(Move.item)') AS r;

-- aggregate_strings: each dialect's aggregate
SELECT orm_select('select(func.aggregate_strings(Move.item, ",").label("items")).where(Move.item == "saw")') AS r;
SELECT orm_compile('select(func.aggregate_strings(Move.item, " | "))') AS sql;
SELECT orm_select('select(func.aggregate_strings(Move.item))') AS r;

-- fetch(): PostgreSQL's FETCH FIRST; SQLite does not parse it
SELECT orm_compile('select(Move.id).order_by(Move.id).offset(1).fetch(1)') AS sql;
SELECT orm_select('select(Move.id).order_by(Move.id).fetch(2)') AS r;
SELECT orm_select('select(Move.id).order_by(Move.done).fetch(1, with_ties=True)') AS r;
SELECT orm_select('select(Move.id).order_by(Move.id).fetch(2).limit(1)') AS r;
SELECT orm_select('select(Move.id).order_by(Move.id).fetch(50, percent=True)') AS r;

-- between(symmetric=True), as a method and as between()
SELECT orm_select('select(Move.id).where(Move.price.between(100, 20, symmetric=True)).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(~between(Move.price, 100, 20, symmetric=True)).order_by(Move.id)') AS r;
SELECT orm_compile('select(Move.id).where(Move.price.between(1, 2, symmetric=False))') AS sql;
SELECT orm_select('select(Move.id).where(between(Move.price, 20, 100)).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(not_(between(Move.id, 2, 3))).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(between(2, Move.id, Move.id + 1)).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(Move.item == bindparam("i")).params(i="saw")') AS r;

-- aliased(Move, subquery): Move.band over the subquery's columns
SELECT orm_select('u = select(Move).where(Move.item == "saw").union_all(select(Move).where(Move.price > 100)).subquery()
m = aliased(Move, u)
select(m.id, m.band).order_by(m.id)') AS r;
SELECT orm_compile('m = aliased(Move, select(Move.id, Move.price).where(Move.id > 1).subquery())
select(m.band).where(m.band == "premium")') AS sql;

-- Date + Integer
SELECT orm_declare('from datetime import date
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Ship(Base):
    __tablename__ = "a4_ships"
    id: Mapped[int] = mapped_column(primary_key=True)
    ship_date: Mapped[date]
    due_date: Mapped[date]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Ship", "data": {"id": 1, "ship_date": "2024-03-01", "due_date": "2024-03-03"}},
                   {"op": "add", "entity": "Ship", "data": {"id": 2, "ship_date": "2024-03-04", "due_date": "2024-03-09"}}]', 'counts') AS r;
SELECT orm_select('select(Ship.id, Ship.ship_date + 1, (2 + Ship.ship_date).label("b"), (Ship.due_date - 1).label("c")).order_by(Ship.id)') AS r;
SELECT orm_select('select(Ship.id).where(Ship.ship_date + 3 < Ship.due_date).order_by(Ship.id)') AS r;
SELECT orm_select('select(Ship.id).where(Ship.due_date - 2 > date(2024, 3, 5)).order_by(Ship.id)') AS r;
SELECT orm_select('select(Ship.id, cast(Ship.ship_date, DateTime).label("at")).order_by(Ship.id)') AS r;
SELECT orm_select('select(Ship.id).where(cast(Ship.ship_date, Date) > cast(Ship.due_date, Date) - 10).order_by(Ship.id)') AS r;

-- literals of another kind than their column
SELECT orm_select('select(Ship.id).where(Ship.ship_date == datetime(2024, 3, 1)).order_by(Ship.id)') AS r;
SELECT orm_select('select(Ship.id).where(Ship.ship_date < datetime(2024, 3, 4, 12, 0)).order_by(Ship.id)') AS r;
SELECT orm_select('select(Move.id).where(Move.done == 1).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(Move.item == 7).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(Move.id == True).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(Move.done == True).order_by(Move.id)') AS r;
SELECT orm_select('select(Move.id).where(Move.price > 20).order_by(Move.id)') AS r;
SELECT orm_select('select(Ship.id).where(Ship.ship_date.in_([datetime(2024, 3, 1), datetime(2024, 3, 4)])).order_by(Ship.id)') AS r;
SELECT orm_select('select(Ship.id).where(Ship.ship_date.between(datetime(2024, 3, 1), datetime(2024, 3, 2, 12, 0))).order_by(Ship.id)') AS r;

-- options(*opts)
SELECT orm_declare('from typing import List
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Box(Base):
    __tablename__ = "a4_boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[List["Thing"]] = relationship()


class Thing(Base):
    __tablename__ = "a4_things"
    id: Mapped[int] = mapped_column(primary_key=True)
    box_id: Mapped[int] = mapped_column(ForeignKey("a4_boxes.id"))
    name: Mapped[str]
    note: Mapped[str] = mapped_column(default="")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Box", "data": {"id": 1, "items": [{"id": 1, "name": "a", "note": "x"}, {"id": 2, "name": "b"}]}}]', 'counts') AS r;
SELECT orm_select('opts = [selectinload(Box.items)]
select(Box).options(*opts)') AS r;
SELECT orm_select('sub = (load_only(Thing.name),)
select(Box).options(selectinload(Box.items).options(*sub))') AS r;
SELECT orm_select('select(Box).options(*selectinload(Box.items))') AS r;

-- orm_flush: a composite key as an array, in primary key order
SELECT orm_flush('[{"op": "update", "entity": "Link", "key": [1, 2], "data": {"note": "x"}}, {"op": "delete", "entity": "Link", "key": [2, 1]}]', 'counts') AS r;
SELECT orm_select('select(Link)') AS r;
SELECT orm_flush('[{"op": "delete", "entity": "Link", "key": [1]}]') AS r;
SELECT orm_flush('[{"op": "delete", "entity": "Link", "key": 1}]') AS r;
