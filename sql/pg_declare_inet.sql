--
-- pg_declare_inet: postgresql.INET / CIDR / MACADDR columns (PostgreSQL only):
-- their DDL type, values bound with their cast, compared, read back as text,
-- as SQLAlchemy's psycopg2 dialect gives them (test/guide/decl_apps.py)
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Host(Base):
    __tablename__ = "hosts"
    id: Mapped[int] = mapped_column(primary_key=True)
    ip: Mapped[str] = mapped_column(pg.INET)
    net: Mapped[Optional[str]] = mapped_column(pg.CIDR)
    mac: Mapped[Optional[str]] = mapped_column(pg.MACADDR)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Host", "data": {"ip": "10.0.0.1", "net": "10.0.0.0/24", "mac": "08:00:2b:01:02:03"}},
                   {"op": "add", "entity": "Host", "data": {"ip": "::1"}}]');
SELECT orm_select('select(Host).where(Host.ip == "10.0.0.1")');
SELECT orm_flush('[{"op": "update", "entity": "Host", "key": 2, "data": {"net": "192.168.0.0/16"}}]', 'counts');
SELECT orm_flush('[{"op": "add", "entity": "Host", "data": {"ip": "not an address"}}]');
SELECT id, ip, net, mac FROM hosts ORDER BY id;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
