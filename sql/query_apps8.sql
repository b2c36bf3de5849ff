--
-- query_apps8: what the guide's apps8 chapter (a library's loans, a chat service, a
-- bank ledger) found orm doing differently from SQLAlchemy 2.0.52, checked against it
-- on the same data:
--  - a tuple of plain values meeting tuple_() (keyset pagination, composite IN) is
--    bound element by element as the expressions are: a date string beside a Date
--    column is a date (PostgreSQL refused date < text);
--
\pset format unaligned

SELECT orm_declare('import datetime
from decimal import Decimal
from typing import Optional
from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Holder(Base):
    __tablename__ = "a8_holder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    phone: Mapped[Optional[str]] = mapped_column(String(20), deferred=True)
    entries: Mapped[list["Booking"]] = relationship(back_populates="holder", order_by="Booking.id")


class Booking(Base):
    __tablename__ = "a8_booking"
    id: Mapped[int] = mapped_column(primary_key=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("a8_holder.id"))
    booked: Mapped[datetime.date]
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    holder: Mapped[Holder] = relationship(back_populates="entries")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO a8_holder (id, name, phone) VALUES (1, 'ann', '555'), (2, 'ben', NULL);
INSERT INTO a8_booking (id, holder_id, booked, amount) VALUES
  (1, 1, '2024-01-01', 10.50), (2, 1, '2024-01-05', -3.25), (3, 2, '2024-01-05', 7.00),
  (4, 2, '2024-02-01', 1.00);

-- keyset pagination: (booked, id) < ('2024-01-05', 3), the string a date
SELECT orm_select('select(Booking.id).where(tuple_(Booking.booked, Booking.id) < (''2024-01-05'', 3)).order_by(Booking.booked.desc(), Booking.id.desc())');
SELECT orm_select('select(Booking.id).where(tuple_(Booking.booked, Booking.id) >= (''2024-01-05'', 3)).order_by(Booking.id)');
-- composite IN, a date string and an int per row
SELECT orm_select('select(Booking.id).where(tuple_(Booking.booked, Booking.holder_id).in_([(''2024-01-05'', 2), (''2024-02-01'', 2)])).order_by(Booking.id)');
-- ints beside ints
SELECT orm_select('select(Booking.id).where(tuple_(Booking.holder_id, Booking.id).in_([(1, 2)]))');

-- raiseload: reading the relationship raises
SELECT orm_select('session.scalars(select(Booking).options(raiseload(''*'')).where(Booking.id == 1)).one().holder');
SELECT orm_select('session.scalars(select(Booking).options(raiseload(Booking.holder)).where(Booking.id == 1)).one().holder.name');
SELECT orm_select('session.scalars(select(Booking).options(raiseload(Booking.holder, sql_only=True)).where(Booking.id == 1)).one().holder');
SELECT orm_select('session.scalars(select(Holder).options(raiseload(''*'')).where(Holder.id == 1)).one().entries');
-- ... lazyload() of it wins over the wildcard
SELECT orm_select('session.scalars(select(Booking).options(raiseload(''*''), lazyload(Booking.holder)).where(Booking.id == 1)).one().holder.name');
-- columns: raiseload=True raises, any other deferred column loads by the key
SELECT orm_select('session.scalars(select(Holder).options(load_only(Holder.name, raiseload=True)).where(Holder.id == 1)).one().phone');
SELECT orm_select('session.scalars(select(Holder).options(defer(Holder.name, raiseload=True)).where(Holder.id == 2)).one().name');
SELECT orm_select('session.get(Holder, 1).phone');
SELECT orm_select('session.scalars(select(Holder).options(defer(Holder.name)).where(Holder.id == 2)).one().name');
SELECT orm_select('session.scalars(select(Holder).options(load_only(Holder.name)).where(Holder.id == 1)).one().phone');
SELECT orm_select('[(h.name, h.phone) for h in session.scalars(select(Holder).order_by(Holder.id))]');
-- ... and in a text that awaits, MissingGreenlet
SELECT orm_select('h = await session.get(Holder, 1)
h.phone');

-- type(), __class__, __name__, isinstance()
SELECT orm_select('[(type(b).__name__, b.__class__.__name__) for b in session.scalars(select(Booking).where(Booking.id < 3).order_by(Booking.id))]');
SELECT orm_select('h = session.get(Holder, 2)
session.scalars(select(type(h)).order_by(Holder.id)).all()');
SELECT orm_select('[isinstance(session.get(Holder, 1), Holder), isinstance(session.get(Holder, 1), Booking), isinstance(session.get(Holder, 1), (Booking, Holder)), isinstance(session.get(Holder, 9), Holder)]');
SELECT orm_select('[b.id for b in session.scalars(select(Booking).order_by(Booking.id)) if isinstance(b, Booking) and b.amount > 0]');
SELECT orm_select('type(1)');
SELECT orm_select('isinstance(session.get(Holder, 1), int)');
-- a comprehension's condition with and / or
SELECT orm_select('[b.id for b in session.scalars(select(Booking).order_by(Booking.id)) if b.id > 1 and b.amount > 0]');
SELECT orm_select('{b.id: str(b.booked) for b in session.scalars(select(Booking).order_by(Booking.id)) if b.id == 1 or b.holder_id == 2}');
-- a Bundle's value: a Row of its columns
SELECT orm_select('b = Bundle(''b'', Booking.id, Booking.amount)
[(r.b.id, r.b.amount, r.b[0]) for r in session.execute(select(b).where(Booking.id < 3).order_by(Booking.id))]');
SELECT orm_select('[x.booked for x in session.scalars(select(Bundle(''b'', Booking.id, Booking.booked)).order_by(Booking.id))]');
SELECT orm_select('session.execute(select(Booking.id, Bundle(''h'', Holder.name, Holder.id)).join(Booking.holder).where(Booking.id == 3)).one()');
-- dates read off objects: Python's date values
SELECT orm_select('[(b.id, b.booked.year, b.booked.month, b.booked.day, b.booked.weekday(), b.booked.isoformat(), str(b.booked)) for b in session.scalars(select(Booking).order_by(Booking.id))]');
SELECT orm_select('bs = session.scalars(select(Booking).order_by(Booking.id)).all()
[(b.booked - bs[0].booked).days for b in bs]');
SELECT orm_select('from datetime import timedelta
[b.booked + timedelta(days=30) for b in session.scalars(select(Booking).where(Booking.id < 3).order_by(Booking.id))]');
SELECT orm_select('b = session.get(Booking, 2)
session.scalars(select(Booking.id).where(Booking.booked == b.booked).order_by(Booking.id)).all()');
SELECT orm_select('session.get(Booking, 4).booked');
SELECT orm_select('[b.booked == ''2024-01-01'' for b in session.scalars(select(Booking).where(Booking.id == 1))]');
SELECT orm_select('[b.booked < ''2024-02-01'' for b in session.scalars(select(Booking).where(Booking.id == 1))]');
SELECT orm_select('session.get(Booking, 1).booked.hour');
-- autoescape=True of a params value: its % and _ match themselves
INSERT INTO a8_holder (id, name, phone) VALUES (3, 'a_b%c', NULL);
SELECT orm_select('session.scalars(select(Holder.id).where(Holder.name.contains(q, autoescape=True)).order_by(Holder.id)).all()', '{"q": "_"}');
SELECT orm_select('session.scalars(select(Holder.id).where(Holder.name.contains(q, autoescape=True)).order_by(Holder.id)).all()', '{"q": "n"}');
SELECT orm_select('session.scalars(select(Holder.id).where(Holder.name.startswith(q, autoescape=True)).order_by(Holder.id)).all()', '{"q": "a_"}');
SELECT orm_select('select(Holder.id).where(Holder.name.endswith(q, autoescape=True))', '{"q": "%c"}');
SELECT orm_select('select(Holder.id).where(Holder.name.contains(q, autoescape=True))', '{"q": 5}');
-- Result.keys()
SELECT orm_select('session.execute(select(Holder.id, Booking.id).join(Holder.entries)).keys()');
SELECT orm_select('session.execute(select(Holder, func.count(Booking.id), Booking.amount + 1).join(Holder.entries).group_by(Holder.id, Booking.amount)).mappings().keys()');
SELECT orm_select('r = session.execute(select(Holder.name.label(''who''), Holder.id).order_by(Holder.id))
[list(r.keys()), r.first()]');
SELECT orm_select('session.execute(select(Holder.id)).scalars().keys()');
SELECT orm_select('session.execute(select(Holder.id)).columns(''id'').keys()');
-- any(), all(), str.join()
SELECT orm_select('[any(b.amount < 0 for b in h.entries) for h in session.scalars(select(Holder).options(selectinload(Holder.entries)).where(Holder.id < 3).order_by(Holder.id))]');
SELECT orm_select('[all(b.amount > 0 for b in session.get(Holder, 2).entries), all([]), any([])]');
SELECT orm_select(''', ''.join(h.name for h in session.scalars(select(Holder).order_by(Holder.id)))');
SELECT orm_select('''-''.join([b.id for b in session.scalars(select(Booking))])');
SELECT orm_select('all(1, 2)');
