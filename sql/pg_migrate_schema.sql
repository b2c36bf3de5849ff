--
-- pg_migrate_schema: where migrations keep their tables on PostgreSQL.  The
-- scripts are read from the extension's own orm_migrations, qualified with
-- the extension's schema: a table of the same name earlier on search_path
-- supplies nothing to run.  alembic_version is Alembic's, unqualified: it
-- is created in (and read from) the current schema, as Alembic does.
--
\pset format unaligned
CREATE SCHEMA mig_other;
CREATE TABLE mig_other.orm_migrations (id bigserial PRIMARY KEY,
    revision varchar(32) NOT NULL UNIQUE, source text NOT NULL,
    added_at timestamptz DEFAULT now());
INSERT INTO mig_other.orm_migrations (revision, source) VALUES ('evil', 'revision = "evil"
down_revision = None
from alembic import op
def upgrade():
    op.execute("CREATE TABLE mig_other.pwned (x int)")
def downgrade():
    pass
');
SET search_path = mig_other, public;
-- the planted script is not seen
SELECT orm_history();
SELECT orm_migration_add('revision = "good1"
down_revision = None
from alembic import op
import sqlalchemy as sa
def upgrade():
    op.create_table("mig_things", sa.Column("id", sa.Integer(), primary_key=True))
def downgrade():
    op.drop_table("mig_things")
');
SELECT revision FROM public.orm_migrations ORDER BY id;
SELECT revision FROM mig_other.orm_migrations ORDER BY id;
SELECT orm_upgrade();
SELECT count(*) AS pwned FROM pg_catalog.pg_class WHERE relname = 'pwned';
-- alembic_version and the new table are in the current schema
SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname IN ('alembic_version', 'mig_things') AND c.relkind = 'r' ORDER BY 2;
SELECT version_num FROM alembic_version;
SELECT orm_downgrade('base');
DROP TABLE alembic_version;
RESET search_path;
DROP SCHEMA mig_other CASCADE;
DELETE FROM orm_migrations;
