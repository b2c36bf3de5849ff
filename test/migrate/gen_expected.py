#!/usr/bin/env python3
"""Golden autogenerate scripts, written by real Alembic.

For every case in test/migrate/cases/<case>/ (old.py and new.py: SQLAlchemy
declarative modules, as users write them) and every engine, this creates the
old model's schema with metadata.create_all in a fresh database, runs
``alembic revision --autogenerate`` (the command API, with Alembic's generic
script template and an env.py comparing types and server defaults) against
the new model's metadata, and writes the script Alembic produced to
test/migrate/expected/<case>.<engine>.py, normalized:

    the revision id                -> REVISION (every occurrence)
    the "Create Date: ..." line    -> Create Date: DATE

test/migrate/run.sh does the same through orm (orm_declare the old model,
orm_create_all, declare the new model, orm_revision) and compares the
normalized scripts with these files.

Usage:
    python3 test/migrate/gen_expected.py [case ...]

The versions that wrote the files are in test/migrate/expected/VERSIONS; the
scripts' template and some op arguments differ between Alembic releases.

Needs Alembic 1.x and SQLAlchemy 2.0.  SQLite cases always run; PostgreSQL
cases run when ORM_GOLDEN_PG_URL is an SQLAlchemy URL of a server where the
user may create databases (postgresql+psycopg2://user@/postgres?host=/sock);
each case gets a fresh database, dropped afterwards.  A case directory may
hold a file "engines" naming the engines it runs on (one a line), and a file
"setup.sql" run in the fresh database first (CREATE SCHEMA for schema=).
"""
import os
import shutil
import sys
import tempfile
import types

import alembic
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
EXPECTED = os.path.join(HERE, "expected")
ENGINES = ("sqlite", "postgresql")

ENV_PY = '''\
from alembic import context

config = context.config
context.configure(
    connection=config.attributes["connection"],
    target_metadata=config.attributes["target_metadata"],
    compare_type=True,
    compare_server_default=True,
)
with context.begin_transaction():
    context.run_migrations()
'''

_loaded = 0


def load_model(path):
    """Runs a model module from its file; returns its Base.metadata."""
    global _loaded
    _loaded += 1
    name = "golden_model_%d" % _loaded
    with open(path) as f:
        source = f.read()
    mod = types.ModuleType(name)
    mod.__file__ = path
    # string annotations are resolved through sys.modules[cls.__module__]
    sys.modules[name] = mod
    exec(compile(source, path, "exec"), mod.__dict__)
    return mod.Base.metadata


def case_engines(case):
    path = os.path.join(CASES, case, "engines")
    if not os.path.exists(path):
        return ENGINES
    with open(path) as f:
        return tuple(line.strip() for line in f if line.strip())


def normalize(text, rev):
    out = []
    for line in text.replace(rev, "REVISION").split("\n"):
        if line.startswith("Create Date: "):
            line = "Create Date: DATE"
        out.append(line)
    return "\n".join(out)


def autogenerate(engine, old_path, new_path, message):
    """The script Alembic writes for new_path against old_path's schema."""
    setup = os.path.join(os.path.dirname(old_path), "setup.sql")
    if os.path.exists(setup):
        with open(setup) as f, engine.begin() as conn:
            conn.exec_driver_sql(f.read())
    load_model(old_path).create_all(engine)
    metadata = load_model(new_path)
    tmp = tempfile.mkdtemp(prefix="orm_golden_")
    try:
        os.mkdir(os.path.join(tmp, "versions"))
        shutil.copy(os.path.join(os.path.dirname(alembic.__file__), "templates",
                                 "generic", "script.py.mako"), tmp)
        with open(os.path.join(tmp, "env.py"), "w") as f:
            f.write(ENV_PY)
        cfg = Config()
        cfg.set_main_option("script_location", tmp)
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            cfg.attributes["target_metadata"] = metadata
            script = command.revision(cfg, message=message, autogenerate=True)
        with open(script.path) as f:
            return normalize(f.read(), script.revision)
    finally:
        shutil.rmtree(tmp)


def run_sqlite(case, old, new, message):
    tmp = tempfile.mkdtemp(prefix="orm_golden_db_")
    try:
        engine = sa.create_engine("sqlite:///" + os.path.join(tmp, "golden.db"))
        try:
            return autogenerate(engine, old, new, message)
        finally:
            engine.dispose()
    finally:
        shutil.rmtree(tmp)


def run_postgresql(case, old, new, message, url):
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    dbname = "orm_golden_" + case
    try:
        with admin.connect() as c:
            c.exec_driver_sql('DROP DATABASE IF EXISTS "%s"' % dbname)
            c.exec_driver_sql('CREATE DATABASE "%s"' % dbname)
        engine = sa.create_engine(sa.engine.make_url(url).set(database=dbname))
        try:
            return autogenerate(engine, old, new, message)
        finally:
            engine.dispose()
            with admin.connect() as c:
                c.exec_driver_sql('DROP DATABASE IF EXISTS "%s"' % dbname)
    finally:
        admin.dispose()


def main(argv):
    cases = argv or sorted(d for d in os.listdir(CASES)
                           if os.path.isdir(os.path.join(CASES, d)))
    url = os.environ.get("ORM_GOLDEN_PG_URL")
    if not url:
        print("ORM_GOLDEN_PG_URL is not set: PostgreSQL cases skipped", file=sys.stderr)
    os.makedirs(EXPECTED, exist_ok=True)
    for case in cases:
        old = os.path.join(CASES, case, "old.py")
        new = os.path.join(CASES, case, "new.py")
        message = "golden " + case
        for eng in case_engines(case):
            if eng == "sqlite":
                text = run_sqlite(case, old, new, message)
            elif eng == "postgresql" and url:
                text = run_postgresql(case, old, new, message, url)
            else:
                continue
            out = os.path.join(EXPECTED, "%s.%s.py" % (case, eng))
            with open(out, "w") as f:
                f.write(text)
            print("wrote", os.path.relpath(out))
    with open(os.path.join(EXPECTED, "VERSIONS"), "w") as f:
        f.write("written by Alembic %s, SQLAlchemy %s\n" % (alembic.__version__, sa.__version__))
    print("Alembic %s, SQLAlchemy %s" % (alembic.__version__, sa.__version__))


if __name__ == "__main__":
    main(sys.argv[1:])
