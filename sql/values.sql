--
-- values: one row of every column type through orm_flush and back through
-- orm_select / orm_get, in the API's JSON forms (ISO datetimes, intervals as
-- seconds, bytes as "\\x..", UUIDs with dashes, enums by value, JSON
-- embedded).  pg_regress runs with DateStyle "Postgres, MDY" and TimeZone
-- PST8PDT, so the PostgreSQL output also shows that results do not depend on
-- those settings.  The stored forms are SQLAlchemy's.
--
\pset format unaligned

SELECT orm_declare('import enum
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Optional
from uuid import UUID

from sqlalchemy import JSON, DateTime, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


class Sample(Base):
    __tablename__ = "samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag: Mapped[bool]
    ratio: Mapped[float]
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    born: Mapped[date]
    alarm: Mapped[time]
    seen_at: Mapped[datetime]
    seen_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    wait: Mapped[timedelta]
    token: Mapped[UUID]
    data: Mapped[bytes]
    doc: Mapped[dict] = mapped_column(JSON)
    level: Mapped[Level]
    note: Mapped[Optional[str]] = mapped_column(String(20))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_flush('[
  {"op": "add", "entity": "Sample", "data": {"flag": true, "ratio": 0.25, "amount": "1234.5600",
    "born": "1990-05-17", "alarm": "07:30:00", "seen_at": "2024-03-01T12:34:56.789012",
    "seen_utc": "2024-03-01T12:34:56+00:00", "wait": 5400.5,
    "token": "12345678-1234-5678-1234-567812345678", "data": "\\x00ff10",
    "doc": {"a": [1, 2.5, "x"], "b": null, "c": {"d": true}}, "level": "high", "note": "it''s \"quoted\""}},
  {"op": "add", "entity": "Sample", "data": {"flag": false, "ratio": -1.5, "amount": "0.0001",
    "born": "2000-02-29", "alarm": "23:59:59.500000", "seen_at": "1999-12-31T23:59:59",
    "seen_utc": "2000-01-01T00:00:00+00:00", "wait": 0,
    "token": "ffffffff-0000-0000-0000-000000000001", "data": "\\x",
    "doc": [], "level": "low", "note": null}}
]') AS flushed;

-- the stored forms (engine-specific text; SQLAlchemy's on each engine)
SELECT id, flag, ratio, amount, born, alarm, token, level, note FROM samples ORDER BY id;

SELECT orm_select('select(Sample).order_by(Sample.id)') AS samples;
SELECT orm_get('Sample', '2') AS sample_2;
SELECT orm_select('select(Sample.id, Sample.doc["a"][1].as_float().label("a1"), Sample.doc["c"]["d"].as_boolean().label("cd")).where(Sample.level == Level.HIGH)') AS json_paths;
SELECT orm_select('select(Sample.id).where(Sample.born < cutoff)', '{"cutoff": "1995-01-01"}') AS born_before_1995;
SELECT orm_select('select(Sample.id, Sample.note).where(Sample.note == note)', '{"note": "it''s \"quoted\""}') AS by_param;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
