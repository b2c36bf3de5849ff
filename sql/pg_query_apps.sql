--
-- pg_query_apps: PostgreSQL's part of the "apps" chapter's fixes (test/guide):
-- JSONB .astext, ARRAY indexes, aware datetime literals against timestamptz.
-- Results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('import enum
from datetime import datetime
from typing import List, Optional

from sqlalchemy import DateTime, String
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "pa_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[dict] = mapped_column(JSONB, default=dict)
    tags: Mapped[List[str]] = mapped_column(ARRAY(String), server_default="{}")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SET TIME ZONE 'UTC';
SELECT orm_flush('[
 {"op": "add", "entity": "Event", "data": {"occurred_at": "2024-03-01T08:00:00+00:00", "payload": {"ip": "10.0.0.1", "device": {"os": "linux"}}, "tags": ["web"]}},
 {"op": "add", "entity": "Event", "data": {"occurred_at": "2024-03-01T09:00:00-05:00", "payload": {"ip": "10.0.0.2", "device": {"os": "ios"}}, "tags": ["mobile", "paid"]}},
 {"op": "add", "entity": "Event", "data": {"occurred_at": "2024-03-02T00:00:00+00:00", "tags": []}}
]', 'counts');

-- JSONB .astext is ->>
SELECT orm_select('select(Event.id).where(Event.payload["device"]["os"].astext == "ios")');
SELECT orm_select('select(Event.id, Event.payload["ip"].astext.label("ip")).where(Event.payload["ip"].astext.like("10.0.0.%")).order_by(Event.id)');
-- tags[1]: the first element (PostgreSQL counts from 1), NULL past the end
SELECT orm_select('select(Event.id, Event.tags[1].label("first"), Event.tags[2].label("second")).order_by(Event.id)');
SELECT orm_select('select(Event.id).where(Event.tags[1] == "mobile")');
SELECT orm_select('select(Event.tags[1:2])');
-- aware datetime literals
SELECT orm_select('select(Event.id).where(Event.occurred_at >= datetime(2024, 3, 1, 9, tzinfo=timezone.utc)).order_by(Event.id)');
SELECT orm_select('select(Event.id).where(Event.occurred_at < datetime(2024, 3, 1, 10, tzinfo=timezone(timedelta(hours=2)))).order_by(Event.id)');
