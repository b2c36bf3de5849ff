#!/usr/bin/env python3
"""Runs migration scripts under real Alembic and under orm; compares catalogs.

    python3 test/migrate/alembic_apply.py ENGINE [--old MODEL.py] SCRIPT.py...

For ENGINE (sqlite or postgresql) two fresh databases are made: in one the
old model (optional) is created by SQLAlchemy's metadata.create_all and the
scripts run under ``alembic upgrade head``; in the other the same model is
orm_declare'd and orm_create_all'd, the scripts added by orm_migration_add
and run by orm_upgrade().  The catalogs (test/migrate/catalog_<engine>.sql)
are then compared; then both are downgraded to base and compared again.
Prints the diffs, exits 1 when one is not empty.

A learning and checking tool, not part of make check: it needs Alembic.
SQLite: the sqlite3 shell and ./orm.so.  PostgreSQL: ORM_GOLDEN_PG_URL (as
for gen_expected.py) naming a server where the extension is installed, and
psql on the path or in $PG_BINDIR.
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from gen_expected import load_model  # noqa: E402

ENV_PY = '''\
from alembic import context

config = context.config
context.configure(connection=config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
'''


def alembic_run(engine, scripts, target, tmp):
    loc = os.path.join(tmp, "alembic")
    if not os.path.exists(loc):
        os.makedirs(os.path.join(loc, "versions"))
        with open(os.path.join(loc, "env.py"), "w") as f:
            f.write(ENV_PY)
        for i, s in enumerate(scripts):
            shutil.copy(s, os.path.join(loc, "versions", "s%d.py" % i))
    cfg = Config()
    cfg.set_main_option("script_location", loc)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        if target == "base":
            command.downgrade(cfg, "base")
        else:
            command.upgrade(cfg, target)


def sql_quote(s):
    return "'" + s.replace("'", "''") + "'"


class Sqlite:
    def __init__(self, tmp):
        self.tmp = tmp

    def alembic_engine(self):
        return sa.create_engine("sqlite:///" + os.path.join(self.tmp, "alembic.db"))

    def orm(self, sql):
        p = subprocess.run(["sqlite3", "-bail", "-noheader", "-cmd", ".load ./orm",
                            os.path.join(self.tmp, "orm.db")], input=sql, text=True,
                           capture_output=True, cwd=ROOT)
        return p.stdout + p.stderr

    def dump(self, which):
        with open(os.path.join(HERE, "catalog_sqlite.sql")) as f:
            q = f.read()
        p = subprocess.run(["sqlite3", "-bail", "-noheader", "-list",
                            os.path.join(self.tmp, which + ".db")], input=q, text=True,
                           capture_output=True)
        return p.stdout + p.stderr

    def close(self):
        pass


class Postgres:
    def __init__(self, tmp):
        self.url = sa.engine.make_url(os.environ["ORM_GOLDEN_PG_URL"])
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as c:
            for db in ("orm_apply_alembic", "orm_apply_orm"):
                c.exec_driver_sql('DROP DATABASE IF EXISTS "%s"' % db)
                c.exec_driver_sql('CREATE DATABASE "%s"' % db)
        self.engines = []

    def alembic_engine(self):
        e = sa.create_engine(self.url.set(database="orm_apply_alembic"))
        self.engines.append(e)
        return e

    def psql(self, db, sql):
        q = self.url.query
        psql = os.path.join(os.environ.get("PG_BINDIR", ""), "psql") if os.environ.get("PG_BINDIR") else "psql"
        args = [psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", q.get("host"), "-p", str(q.get("port", self.url.port or 5432)),
                "-U", self.url.username or "postgres", "-d", db]
        p = subprocess.run(args, input=sql, text=True, capture_output=True, cwd=ROOT,
                           env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))
        return p.stdout + p.stderr

    def orm(self, sql):
        return self.psql("orm_apply_orm", "CREATE EXTENSION IF NOT EXISTS orm;\n" + sql)

    def dump(self, which):
        # ORM_APPLY_SCHEMA=x: the catalog of schema x rather than the default one
        pre = ""
        if os.environ.get("ORM_APPLY_SCHEMA"):
            pre = "SET search_path = %s, public;\n" % os.environ["ORM_APPLY_SCHEMA"]
        with open(os.path.join(HERE, "catalog_pg.sql")) as f:
            return self.psql("orm_apply_" + which, pre + f.read())

    def close(self):
        for e in self.engines:
            e.dispose()
        with self.admin.connect() as c:
            for db in ("orm_apply_alembic", "orm_apply_orm"):
                c.exec_driver_sql('DROP DATABASE IF EXISTS "%s"' % db)
        self.admin.dispose()


def compare(db, title):
    # SQLAlchemy quotes identifiers only where needed, orm always
    a = db.dump("alembic").replace('"', "").splitlines()
    o = db.dump("orm").replace('"', "").splitlines()
    a.sort()
    o.sort()
    d = list(difflib.unified_diff(a, o, "alembic", "orm", lineterm=""))
    print("== %s: %s (%d catalog lines)" % (title, "same" if not d else "DIFFERENT", len(a)))
    for line in d:
        print(line)
    return not d


def main(argv):
    eng = argv[0]
    argv = argv[1:]
    old = None
    if argv and argv[0] == "--old":
        old, argv = argv[1], argv[2:]
    scripts = [os.path.abspath(s) for s in argv]
    tmp = tempfile.mkdtemp(prefix="orm_apply_")
    db = Sqlite(tmp) if eng == "sqlite" else Postgres(tmp)
    ok = True
    try:
        engine = db.alembic_engine()
        if old:
            load_model(old).create_all(engine)
            with open(old) as f:
                print(db.orm("SELECT orm_declare(%s) IS NULL;\nSELECT orm_create_all() IS NULL;\n"
                             % sql_quote(f.read())), end="")
        for s in scripts:
            with open(s) as f:
                out = db.orm("SELECT orm_migration_add(%s) IS NULL;\n" % sql_quote(f.read()))
            if out.strip() not in ("", "0", "f"):
                print("orm_migration_add:", out, end="")
        try:
            alembic_run(engine, scripts, "head", tmp)
        except Exception as e:  # noqa: BLE001
            print("alembic upgrade failed:", type(e).__name__, e)
        print("orm upgrade:", db.orm("SELECT orm_upgrade();\n"), end="")
        ok &= compare(db, "upgrade")
        try:
            alembic_run(engine, scripts, "base", tmp)
        except Exception as e:  # noqa: BLE001
            print("alembic downgrade failed:", type(e).__name__, e)
        print("orm downgrade:", db.orm("SELECT orm_downgrade('base');\n"), end="")
        ok &= compare(db, "downgrade")
        engine.dispose()
    finally:
        db.close()
        shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
