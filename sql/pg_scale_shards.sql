--
-- pg_scale_shards: a partitioned table whose partitions are foreign tables
-- (postgres_fdw) on "shards", PostgreSQL only.  The shards here are two
-- schemas of this database reached through a loopback server, which is
-- all postgres_fdw needs to behave as it does with other servers
-- (test/scale/ runs the same on separate clusters).  The coordinator's
-- parent can have no primary key (PostgreSQL allows no unique index over
-- foreign partitions): orm_create_all makes it, the key constraint is
-- dropped, the foreign partitions attached.
--   - inserts are routed to the shards; reads go through the coordinator;
--   - a flush that changes the partition key moves the row to the other
--     shard (a DELETE and an INSERT: a foreign partition's own UPDATE
--     would leave it on the old shard, outside its partition);
--   - orm_execute refuses update() of a partition key and on_conflict with
--     index_elements there, and runs what the shards do right;
--   - a key the declaration calls primary but two shards hold: the flush's
--     row-count check fails (StaleDataError) instead of changing two rows.
--
\pset format unaligned
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
RESET client_min_messages;
DO $$
BEGIN
    EXECUTE format('CREATE SERVER orm_loopback FOREIGN DATA WRAPPER postgres_fdw '
                   'OPTIONS (host %L, port %L, dbname %L)',
                   split_part(current_setting('unix_socket_directories'), ',', 1),
                   current_setting('port'), current_database());
END $$;
CREATE USER MAPPING FOR CURRENT_USER SERVER orm_loopback;
CREATE SCHEMA shard1;
CREATE SCHEMA shard2;
CREATE TABLE shard1.events (id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
    name VARCHAR(50) NOT NULL, PRIMARY KEY (id, created_at));
CREATE TABLE shard2.events (LIKE shard1.events INCLUDING ALL);
CREATE TABLE shard1.visits (id INTEGER NOT NULL PRIMARY KEY, region VARCHAR(10) NOT NULL, hits INTEGER NOT NULL);
CREATE TABLE shard2.visits (LIKE shard1.visits INCLUDING ALL);

SELECT orm_declare('import datetime

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"postgresql_partition_by": "RANGE (created_at)"}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime.datetime] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = {"postgresql_partition_by": "LIST (region)"}

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(10))
    hits: Mapped[int]
');
-- visits: a parent whose key leaves out the partition key cannot have it
-- as a constraint at all (PostgreSQL wants the partition key in every
-- unique constraint): made by hand, and orm_create_all skips it
CREATE TABLE visits (id INTEGER NOT NULL, region VARCHAR(10) NOT NULL, hits INTEGER NOT NULL)
    PARTITION BY LIST (region);
SELECT orm_create_all();
ALTER TABLE events DROP CONSTRAINT events_pkey;
-- first a local partition only: an update stays an UPDATE
CREATE TABLE events_2022 PARTITION OF events FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
SELECT orm_flush('[{"op": "add", "entity": "Event", "data": {"created_at": "2022-03-01T00:00:00", "name": "old"}}]');
SET orm.echo = on;
SET client_min_messages = log;
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 1, "created_at": "2022-03-01T00:00:00"},
                    "data": {"created_at": "2022-04-01T00:00:00"}}]');
RESET client_min_messages;
RESET orm.echo;
-- the shards, attached in this session: the next flush sees them
CREATE FOREIGN TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')
    SERVER orm_loopback OPTIONS (schema_name 'shard1', table_name 'events');
CREATE FOREIGN TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    SERVER orm_loopback OPTIONS (schema_name 'shard2', table_name 'events');
CREATE FOREIGN TABLE visits_eu PARTITION OF visits FOR VALUES IN ('eu')
    SERVER orm_loopback OPTIONS (schema_name 'shard1', table_name 'visits');
CREATE FOREIGN TABLE visits_us PARTITION OF visits FOR VALUES IN ('us')
    SERVER orm_loopback OPTIONS (schema_name 'shard2', table_name 'visits');

-- inserts: one multi-row INSERT ... RETURNING, each row routed to its shard
SELECT orm_flush('[{"op": "add", "entity": "Event", "data": {"created_at": "2023-05-01T00:00:00", "name": "a"}},
                   {"op": "add", "entity": "Event", "data": {"created_at": "2024-05-01T00:00:00", "name": "b"}},
                   {"op": "add", "entity": "Event", "data": {"created_at": "2023-07-01T00:00:00", "name": "c"}}]');
SELECT 'shard1' AS shard, * FROM shard1.events UNION ALL SELECT 'shard2', * FROM shard2.events ORDER BY 2;
SELECT orm_select('select(Event).where(Event.id.in_([2, 3, 4])).order_by(Event.id)');

-- the partition key changes: the row moves from shard1 to shard2
SET orm.echo = on;
SET client_min_messages = log;
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 2, "created_at": "2023-05-01T00:00:00"},
                    "data": {"created_at": "2024-06-01T00:00:00", "name": "a, moved"}}]');
RESET client_min_messages;
RESET orm.echo;
-- another column: an UPDATE, done by the shard
SELECT orm_flush('[{"op": "update", "entity": "Event", "key": {"id": 4, "created_at": "2023-07-01T00:00:00"},
                    "data": {"name": "c, renamed"}}]');
SELECT 'shard1' AS shard, * FROM shard1.events UNION ALL SELECT 'shard2', * FROM shard2.events ORDER BY 2;
SELECT tableoid::regclass AS part, * FROM events ORDER BY id;

-- orm_execute: what the shards would get wrong is refused
SELECT orm_execute('update(Event).where(Event.id == 3).values(created_at=datetime.datetime(2023, 1, 1))');
SELECT orm_execute('insert(Event).values(id=3, created_at=datetime.datetime(2024, 5, 1), name="x").on_conflict_do_update(index_elements=[Event.id, Event.created_at], set_=dict(name="y"))');
SELECT orm_execute('insert(Event).values(id=3, created_at=datetime.datetime(2024, 5, 1), name="x").on_conflict_do_nothing(index_elements=[Event.id, Event.created_at])');
-- ... what they do right runs
SELECT orm_execute('update(Event).where(Event.name.like("%moved")).values(name="moved")');
SELECT orm_execute('insert(Event).values(id=3, created_at=datetime.datetime(2024, 5, 1), name="x").on_conflict_do_nothing()');
SELECT orm_execute('delete(Event).where(Event.id == 4)');
SELECT orm_select('select(Event).order_by(Event.id)');

-- a primary key no server enforces: two shards hold visit 1
INSERT INTO shard1.visits VALUES (1, 'eu', 10), (2, 'eu', 5);
INSERT INTO shard2.visits VALUES (1, 'us', 7);
SELECT orm_flush('[{"op": "update", "entity": "Visit", "key": 2, "data": {"hits": 6}}]');
SELECT orm_flush('[{"op": "update", "entity": "Visit", "key": 1, "data": {"hits": 11}}]');
SELECT orm_flush('[{"op": "delete", "entity": "Visit", "key": 1}]');
SELECT 'shard1' AS shard, * FROM shard1.visits UNION ALL SELECT 'shard2', * FROM shard2.visits ORDER BY 2, 1;

DROP TABLE events, visits;
DROP SCHEMA shard1 CASCADE;
DROP SCHEMA shard2 CASCADE;
DROP SERVER orm_loopback CASCADE;
DROP EXTENSION postgres_fdw;
DELETE FROM orm_registry;
