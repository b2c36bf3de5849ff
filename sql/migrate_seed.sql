--
-- migrate_seed: Alembic's workflow inside the database.  The seed's
-- "Example Migration", verbatim, through orm_migration_add + orm_upgrade and
-- back with orm_downgrade('base'); the version in alembic_version exactly as
-- Alembic keeps it; orm_current / orm_history / orm_stamp; a hand-written
-- revision with several operations; a failure at the last operation of an
-- upgrade leaves schema, data and version as they were; branches and a
-- merge; malformed scripts give errors with their line and column.
--
\pset format unaligned

-- the seed's example, verbatim
SELECT orm_migration_add('"""add users table

Revision ID: a1b2c3d4e5f6
Revises:
Create Date: 2024-01-15 10:30:00.000000
"""
from typing import Sequence, Union
from alembic import op
import sqlalchemy as sa

revision: str = "a1b2c3d4e5f6"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)

def downgrade() -> None:
    op.drop_index("ix_users_email", table_name="users")
    op.drop_table("users")
');
SELECT orm_current();
SELECT orm_history();
SELECT orm_upgrade();
SELECT version_num FROM alembic_version;
SELECT orm_current();
INSERT INTO users (name, email) VALUES ('alice', 'alice@example.com');
INSERT INTO users (name, email) VALUES ('bob', NULL);
SELECT id, name, email, created_at IS NOT NULL AS has_created_at FROM users ORDER BY id;
-- the unique index of the example
INSERT INTO users (name, email) VALUES ('alice2', 'alice@example.com');

-- a hand-written second revision: several operations, rows kept
SELECT orm_migration_add('"""add age and tags

Revision ID: b2c3d4e5f6a1
Revises: a1b2c3d4e5f6
Create Date: 2024-01-16 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "b2c3d4e5f6a1"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer(), nullable=True))
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(30), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label", name="uq_tags_label"),
    )
    tags = sa.table("tags", sa.column("id", sa.Integer), sa.column("label", sa.String))
    op.bulk_insert(tags, [{"id": 1, "label": "red"}, {"id": 2, "label": "blue"}])
    op.execute("UPDATE users SET age = 30 WHERE name = ''alice''")
    op.alter_column("users", "name", new_column_name="full_name", existing_type=sa.String(100))


def downgrade():
    op.alter_column("users", "full_name", new_column_name="name", existing_type=sa.String(100))
    op.drop_table("tags")
    op.drop_column("users", "age")
');
SELECT orm_upgrade('+1');
SELECT id, full_name, age FROM users ORDER BY id;
SELECT id, label FROM tags ORDER BY id;

-- a third revision that fails at its last operation: nothing of it stays
SELECT orm_migration_add('revision = "c3d4e5f6a1b2"
down_revision = "b2c3d4e5f6a1"
from alembic import op
import sqlalchemy as sa
def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(20)))
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("UPDATE users SET nickname = ''x''")
    op.execute("INSERT INTO no_such_table VALUES (1)")
def downgrade():
    op.drop_table("notes")
    op.drop_column("users", "nickname")
');
SELECT orm_upgrade();
SELECT version_num FROM alembic_version;
SELECT * FROM notes;
SELECT nickname FROM users;
SELECT id, full_name, age FROM users ORDER BY id;
SELECT orm_history();

-- replace the failing script while it is not applied, then apply it
SELECT orm_migration_add('revision = "c3d4e5f6a1b2"
down_revision = "b2c3d4e5f6a1"
from alembic import op
import sqlalchemy as sa
def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(20)))
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("UPDATE users SET nickname = ''x''")
def downgrade():
    op.drop_table("notes")
    op.drop_column("users", "nickname")
');
SELECT orm_upgrade();
SELECT id, full_name, nickname FROM users ORDER BY id;
-- an applied script cannot be replaced
SELECT orm_migration_add('revision = "c3d4e5f6a1b2"
down_revision = "b2c3d4e5f6a1"
def upgrade():
    pass
def downgrade():
    pass
');

-- back one step, to a revision, and stamp
SELECT orm_downgrade('-1');
SELECT version_num FROM alembic_version;
SELECT orm_downgrade('a1b2c3d4e5f6');
SELECT id, name, email FROM users ORDER BY id;
SELECT orm_stamp('head');
SELECT version_num FROM alembic_version;
SELECT orm_stamp('a1b2');
SELECT orm_current();

-- branches: two heads, then a merge
SELECT orm_migration_add('revision = "d1"
down_revision = "c3d4e5f6a1b2"
def upgrade():
    pass
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "d2"
down_revision = "c3d4e5f6a1b2"
branch_labels = ("feature",)
def upgrade():
    pass
def downgrade():
    pass
');
SELECT orm_upgrade();
SELECT orm_revision('after the branches', false);
SELECT orm_upgrade('b2c3d4e5f6a1');
SELECT orm_upgrade('heads');
SELECT version_num FROM alembic_version ORDER BY version_num;
SELECT orm_migration_add('"""merge

Revision ID: e1
Revises: d1, d2
"""
revision = "e1"
down_revision = ("d1", "d2")
def upgrade():
    pass
def downgrade():
    pass
');
SELECT orm_upgrade();
SELECT version_num FROM alembic_version;
SELECT orm_downgrade('feature');
SELECT version_num FROM alembic_version ORDER BY version_num;
SELECT orm_history();

-- malformed scripts: errors with line and column, never a crash
SELECT orm_migration_add('revision = "x1"
down_revision = None
def upgrade(:
    pass
');
SELECT orm_migration_add('down_revision = None
def upgrade():
    pass
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "x1"
down_revision = "nope"
def upgrade():
    pass
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "x-1"
down_revision = None
def upgrade():
    pass
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "x1"
down_revision = None
def upgrade():
    op.frobnicate("users")
    for x in y:
        pass
def downgrade():
    pass
');
SELECT orm_upgrade('x1');
SELECT orm_upgrade('x');
SELECT orm_upgrade('nosuch');
SELECT orm_downgrade('x1');
SELECT orm_history();

-- everything back to base, then clean
SELECT orm_downgrade('base');
SELECT count(*) FROM alembic_version;
SELECT * FROM users;
DROP TABLE alembic_version;
DELETE FROM orm_migrations;
