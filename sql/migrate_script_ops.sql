--
-- migrate_script_ops: the Python of hand-written scripts that Alembic runs,
-- checked against real Alembic (test/migrate/alembic_apply.py): an enum's
-- .create(op.get_bind()) / .drop(...) (CREATE TYPE / DROP TYPE on
-- PostgreSQL, nothing on SQLite, as SQLAlchemy), postgresql.ENUM(...,
-- create_type=False), op.get_bind().execute(sa.text(...)); Index(None, ...)
-- named by the naming convention; Boolean(create_constraint=True, name=) in
-- DDL and in autogenerate; on SQLite op.add_column skips a type's CHECK and
-- op.drop_column refuses a column a CHECK uses (Alembic fails there too);
-- a partial index's where clause as sa.text(...); malformed calls give
-- their line and column.
--
\pset format unaligned

SELECT orm_declare('
from typing import Optional
from sqlalchemy import Boolean, Index, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s"})

class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("building", "number"), Index(None, "floor", "wing"))
    id: Mapped[int] = mapped_column(primary_key=True)
    building: Mapped[str] = mapped_column(String(10))
    number: Mapped[int]
    floor: Mapped[int]
    wing: Mapped[str] = mapped_column(String(5))
    on: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="room_on"))
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;

-- Index(None, ...) without a naming convention: SQLAlchemy's default "ix_%(column_0_label)s"
SELECT orm_declare('
from sqlalchemy import Index
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Desk(Base):
    __tablename__ = "desks"
    __table_args__ = (Index(None, "row", "seat", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    row: Mapped[int]
    seat: Mapped[int]
') IS NOT NULL AS declared;
SELECT orm_ddl();
-- an expression index needs its name
SELECT orm_declare('
from sqlalchemy import Index, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Desk2(Base):
    __tablename__ = "desks2"
    __table_args__ = (Index(None, func.lower("x")),)
    id: Mapped[int] = mapped_column(primary_key=True)
');

-- enums created and dropped by the script, the bind's execute
SELECT orm_migration_add('"""enums

Revision ID: e1e1e1e1e1e1
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "e1e1e1e1e1e1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    mood = sa.Enum("happy", "sad", name="mood")
    mood.create(op.get_bind())
    postgresql.ENUM("a", "b", name="kind").create(op.get_bind(), checkfirst=True)
    postgresql.ENUM("a", "b", name="kind").create(op.get_bind())
    op.create_table("people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("m", postgresql.ENUM("happy", "sad", name="mood", create_type=False), nullable=True),
        sa.Column("k", postgresql.ENUM(name="kind", create_type=False), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    conn = op.get_bind()
    conn.execute(sa.text("INSERT INTO people (id, m, k) VALUES (1, ''happy'', ''b'')"))
    op.get_bind()


def downgrade():
    op.drop_table("people")
    sa.Enum(name="mood").drop(op.get_bind())
    postgresql.ENUM(name="kind").drop(op.get_bind())
    postgresql.ENUM(name="kind").drop(op.get_bind())
');
SELECT orm_upgrade();
SELECT id, m, k FROM people;
SELECT orm_downgrade('base');

-- SQLite: a column a CHECK uses is not dropped (Alembic: "no such column"); PostgreSQL drops it
SELECT orm_migration_add('"""drop on

Revision ID: d2d2d2d2d2d2
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "d2d2d2d2d2d2"
down_revision = "e1e1e1e1e1e1"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("rooms", sa.Column("lit", sa.Boolean(create_constraint=True, name="room_lit"), nullable=True))
    op.drop_column("rooms", "on")


def downgrade():
    op.add_column("rooms", sa.Column("on", sa.Boolean(create_constraint=True, name="room_on"), nullable=False, server_default=sa.false()))
    op.drop_column("rooms", "lit")
');
SELECT orm_upgrade();
SELECT orm_current();
SELECT orm_downgrade('base');

-- malformed calls: line and column
SELECT orm_migration_add('"""bad

Revision ID: b3b3b3b3b3b3
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b3b3b3b3b3b3"
down_revision = None
branch_labels = "bad"
depends_on = None


def upgrade():
    sa.Enum("a", name="q").create()


def downgrade():
    pass
');
SELECT orm_upgrade('b3b3b3b3b3b3');
SELECT orm_migration_add('"""bad

Revision ID: b3b3b3b3b3b3
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b3b3b3b3b3b3"
down_revision = None
branch_labels = "bad"
depends_on = None


def upgrade():
    sa.Enum("a", name="q").create(op.get_bind(), checkfirst=1)


def downgrade():
    pass
');
SELECT orm_upgrade('b3b3b3b3b3b3');
SELECT orm_migration_add('"""bad

Revision ID: b3b3b3b3b3b3
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b3b3b3b3b3b3"
down_revision = None
branch_labels = "bad"
depends_on = None


def upgrade():
    op.get_bind().execute(sa.text("SELECT :a"), {"a": 1})


def downgrade():
    pass
');
SELECT orm_upgrade('b3b3b3b3b3b3');
SELECT orm_current();
DELETE FROM orm_migrations;

-- a partial index's where clause as sa.text(...), as Alembic's scripts write it
SELECT orm_migration_add('"""partial

Revision ID: a4a4a4a4a4a4
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "a4a4a4a4a4a4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("mails", sa.Column("id", sa.Integer(), nullable=False), sa.Column("addr", sa.String(50), nullable=False), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_mails_x", "mails", ["addr"], unique=True, postgresql_where=sa.text("addr LIKE ''%@x.org''"), sqlite_where=sa.text("addr LIKE ''%@x.org''"))
    op.execute("INSERT INTO mails (addr) VALUES (''a@x.org'')")
    op.execute("INSERT INTO mails (addr) VALUES (''a@y.org'')")
    op.execute("INSERT INTO mails (addr) VALUES (''a@y.org'')")


def downgrade():
    op.drop_index("ix_mails_x", table_name="mails", postgresql_where=None)
    op.drop_table("mails")
');
SELECT orm_upgrade();
SELECT count(*) AS n FROM mails;
INSERT INTO mails (addr) VALUES ('a@x.org');
SELECT orm_downgrade('base');
DELETE FROM orm_migrations;

-- a batch block's new index outlives the copy a later operation of the block
-- makes (SQLite): the unique index refuses the second 'a' on both engines
SELECT orm_migration_add('"""batch

Revision ID: c5c5c5c5c5c5
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "c5c5c5c5c5c5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer(), nullable=False), sa.Column("code", sa.String(10), nullable=False), sa.Column("old", sa.Integer(), nullable=True), sa.PrimaryKeyConstraint("id"))
    op.execute("INSERT INTO tags (code) VALUES (''a'')")
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(20), nullable=True))
        batch_op.create_index(batch_op.f("ix_tags_code"), ["code"], unique=True)
        batch_op.alter_column("code", existing_type=sa.String(10), type_=sa.String(20), existing_nullable=False)
        batch_op.drop_column("old")


def downgrade():
    op.drop_table("tags")
');
SELECT orm_upgrade();
SELECT count(*) AS n FROM tags;
INSERT INTO tags (code) VALUES ('a');
SELECT orm_downgrade('base');
DELETE FROM orm_migrations;

-- autogenerate writes a type's create_constraint and Boolean's name as Alembic does
SELECT orm_declare('
from typing import Optional
from sqlalchemy import Boolean, Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Lamp(Base):
    __tablename__ = "lamps"
    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="lamp_on"))
    tone: Mapped[Optional[str]] = mapped_column(Enum("warm", "cold", name="lamp_tone", create_constraint=True))
') IS NOT NULL AS declared;
SELECT orm_revision('lamps') LIKE '%sa.Column(''on'', sa.Boolean(create_constraint=True, name=''lamp_on''), nullable=False),
    sa.Column(''tone'', sa.Enum(''warm'', ''cold'', name=''lamp_tone'', create_constraint=True), nullable=True),%' AS rendered;

-- postgresql.TIMESTAMP / TIME keep their precision in PostgreSQL's DDL (SQLite:
-- TIMESTAMP / TIME), and autogenerate writes them, and Uuid(native_uuid=False), as Alembic
DELETE FROM orm_registry;
DELETE FROM orm_migrations;
SELECT orm_declare('
import datetime
import uuid
from sqlalchemy import Uuid
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Tick(Base):
    __tablename__ = "ticks"
    id: Mapped[uuid.UUID] = mapped_column(Uuid(native_uuid=False, as_uuid=False), primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(postgresql.TIMESTAMP(timezone=True, precision=3))
    tod: Mapped[datetime.time] = mapped_column(postgresql.TIME(precision=0))
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_revision('ticks') LIKE '%sa.Column(''id'', sa.Uuid(as_uuid=False, native_uuid=False), nullable=False),
    sa.Column(''at'', postgresql.TIMESTAMP(timezone=True, precision=3), nullable=False),
    sa.Column(''tod'', postgresql.TIME(precision=0), nullable=False),%' AS rendered;

DROP TABLE rooms;
DROP TABLE alembic_version;
DELETE FROM orm_migrations;
DELETE FROM orm_registry;
