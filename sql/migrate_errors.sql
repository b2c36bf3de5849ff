--
-- migrate_errors: migrations on awkward input, found by mutating scripts
-- (test/migrate/mutate.py against an ASan build): every outcome an answer
-- or an error with its line and column, never a crash.
--
\pset format unaligned

-- autogenerate with nothing declared and tables without indexes (found: a
-- copy from an empty list), then with a model whose table has none
CREATE TABLE mig_plain (id INTEGER PRIMARY KEY, v INTEGER);
SELECT orm_revision('nothing declared') LIKE '%op.drop_table(''mig_plain'')%' AS drops_it;
DELETE FROM orm_migrations;
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Plain(Base):
    __tablename__ = "mig_plain2"
    id: Mapped[int] = mapped_column(primary_key=True)
') IS NOT NULL AS declared;
SELECT orm_revision('one new table') LIKE '%op.create_table(''mig_plain2''%' AS creates_it;
DELETE FROM orm_migrations;
DELETE FROM orm_registry;
DROP TABLE mig_plain;

-- names that need quoting everywhere, a generated column after a type with
-- arguments, a named check, a descending index: through the operations (on
-- SQLite the batch copy reads them back from the catalog) and back
CREATE TABLE "we""ird" ("i d" INTEGER PRIMARY KEY, "b c" VARCHAR(20) DEFAULT 'x,(y',
    "amount" NUMERIC(10, 2), "g" NUMERIC(10, 2) GENERATED ALWAYS AS ("amount" * 2) STORED,
    CONSTRAINT "ck one" CHECK ("b c" <> ''));
CREATE INDEX "ix w" ON "we""ird" ("b c" DESC);
INSERT INTO "we""ird" ("i d", "amount") VALUES (1, 1.5);
SELECT orm_migration_add('revision = "w1"
down_revision = None
from alembic import op
import sqlalchemy as sa
def upgrade():
    op.add_column(''we"ird'', sa.Column("n", sa.Integer(), sa.ForeignKey("we\"ird.i d"), nullable=True))
    op.alter_column(''we"ird'', "b c", existing_type=sa.VARCHAR(20), type_=sa.String(10), nullable=False)
    op.create_check_constraint("ck two", ''we"ird'', "\"n\" IS NULL OR \"n\" > 0")
    with op.batch_alter_table(''we"ird'') as batch_op:
        batch_op.drop_constraint("ck two")
        batch_op.alter_column("n", new_column_name="m m")
def downgrade():
    op.drop_column(''we"ird'', "m m")
');
SELECT orm_upgrade();
SELECT "i d", "b c", "amount", "g", "m m" FROM "we""ird";
INSERT INTO "we""ird" ("i d", "b c") VALUES (2, '');
SELECT orm_downgrade('base');
SELECT "i d", "b c", "amount", "g" FROM "we""ird";
DROP TABLE "we""ird";
DROP TABLE alembic_version;
DELETE FROM orm_migrations;

-- mutated scripts: each an error with its place
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True)
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), , )
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
      op.drop_table("t")
def downgrade():
    pass
');
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
def downgrade():
    op.drop_table("t"
');
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.create_table("t", sa.Column(("id", sa.Integer(), primary_key=True)))
    op.create_table(sa.Column("id"))
    op.add_column("t")
    op.alter_column("t", "id", nullable="yes")
    op.create_index("ix", "t", [5])
    op.execute("")
    op.bulk_insert(sa.table("t"), [5])
def downgrade():
    op.drop_table("t")
');
SELECT orm_upgrade();
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.alter_column("t", "id", nullable="yes")
def downgrade():
    op.drop_table("t")
');
SELECT orm_upgrade();
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.create_index("ix", "t", [5])
def downgrade():
    pass
');
SELECT orm_upgrade();
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.bulk_insert(sa.table("t"), [5])
def downgrade():
    pass
');
SELECT orm_upgrade();
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.add_column("t")
def downgrade():
    pass
');
SELECT orm_upgrade();
SELECT orm_migration_add('revision = "m1"
down_revision = None
def upgrade():
    op.alter_column("t", "id", server_default=sa.Identity(start="x"))
def downgrade():
    pass
');
SELECT orm_upgrade();
SELECT orm_history();
SELECT count(*) AS versions FROM alembic_version;
DROP TABLE alembic_version;
DELETE FROM orm_migrations;
