#!/usr/bin/env python3
"""decl_check.py -- SQLAlchemy 2.0's declarative chapters' models through orm, compared
with what real SQLAlchemy 2.0 creates, stores and returns for them.

    python3 test/guide/decl_check.py check [--orm ./orm] [--engine E] [-v] [case ...]
    PYTHONPATH=<SQLAlchemy 2.0> python3 test/guide/decl_check.py gen [case ...]

The cases (decl_cases.py) are model snippets of doc/build/orm/declarative_tables.rst,
declarative_mixins.rst, declarative_config.rst, dataclasses.rst, composites.rst,
cascades.rst, collection_api.rst, declarative_styles.rst and mapping_styles.rst, each
made a whole module (its imports added), with a few rows to store (orm_flush
operations) and statements to run. For each case and engine:

  ddl      the catalog after create_all (orm_create_all / metadata.create_all), read
           through the driver, not through either ORM: SQLite, every sqlite_master
           statement of the case's tables with identifier quotes taken off (SQLAlchemy
           quotes only where needed, orm always); PostgreSQL, per table its columns
           (type, NOT NULL, default, identity, generated), constraints
           (pg_get_constraintdef), indexes (pg_get_indexdef) and enum types
  tables   the rows stored by orm_flush(data) / session.add() + commit, as the
           driver reads them (guidelib.dump_tables)
  selects  each statement's result (orm_select / session.scalars or execute), rows
           compared as a multiset unless the statement orders them
  error    SQLAlchemy refused the model: orm must refuse it too (declare or DDL)

gen writes expected/decl.json (one entry per case and engine) with SQLAlchemy on
SQLite and, with GUIDE_PG_DSN, on PostgreSQL (a scratch database: its public schema is
dropped and made again); check runs orm and needs no SQLAlchemy (test/guide/run.sh
runs both: `decl-gen`, and `make guidecheck` runs check after the guide's cases).
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import guidelib as G  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(HERE, "expected", "decl.json")


CASE_FILES = ("decl_cases.py", "decl_apps.py", "decl_apps2.py")


def load_cases(only=None):
    allcases = []
    for name in CASE_FILES:
        ns = {}
        path = os.path.join(HERE, name)
        with open(path) as f:
            exec(compile(f.read(), path, "exec"), ns)
        allcases.extend(ns["CASES"])
    out = []
    seen = set()
    for c in allcases:
        c = dict(c)
        c["model"] = G._dedent(c["model"]) + "\n"
        c.setdefault("data", [])
        c.setdefault("selects", [])
        c.setdefault("engines", list(G.ENGINES))
        c.setdefault("volatile", [])
        c.setdefault("shapes", [])
        c.setdefault("steps", [])
        c.setdefault("note", None)
        if c["id"] in seen:
            raise G.CaseError("duplicate case id %s" % c["id"])
        seen.add(c["id"])
        if not only or c["id"] in only:
            out.append(c)
    return out


# ---- the catalog, read through the driver ------------------------------------------

QUOTED = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"')


def catalog(cur, engine):
    tables = G.table_names(cur, engine)
    out = G._Pairs()
    if engine == "sqlite":
        for t in tables:
            cur.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (t,))
            stmts = sorted(QUOTED.sub(r"\1", r[0]) for r in cur.fetchall())
            out.append((t, stmts))
        return out
    for t in tables:
        cur.execute("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""", ('public."%s"' % t.replace('"', '""'),))
        cols = [list(r) for r in cur.fetchall()]
        cur.execute("""
            SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass ORDER BY conname""", ('public."%s"' % t.replace('"', '""'),))
        cons = sorted(list(r) for r in cur.fetchall())
        cur.execute("""
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
            WHERE indrelid = %s::regclass""", ('public."%s"' % t.replace('"', '""'),))
        idx = sorted(list(r) for r in cur.fetchall())
        cur.execute("""
            SELECT obj_description(%s::regclass, 'pg_class')""", ('public."%s"' % t.replace('"', '""'),))
        comment = cur.fetchone()[0]
        out.append((t, G._Pairs([("columns", cols), ("constraints", cons), ("indexes", idx),
                                 ("comment", comment)])))
    cur.execute("""
        SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[]
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY t.typname""")
    enums = [[r[0], list(r[1])] for r in cur.fetchall()]
    if enums:
        out.append(("<enums>", enums))
    cur.execute("""
        SELECT sequencename, start_value::text, increment_by::text FROM pg_sequences
        WHERE schemaname = 'public' ORDER BY sequencename""")
    seqs = [list(r) for r in cur.fetchall()]
    if seqs:
        out.append(("<sequences>", seqs))
    return out


def norm(v):
    """A Python value from the catalog or a driver -> the parse_json form."""
    return G.parse_json(G.dumps(G.to_pairs(v)))


SHAPE = re.compile(r"[0-9a-fA-F]")


def vmask(v, case):
    """volatile columns -> "<set>" when not null; shapes columns (a clock's or uuid4's
    value) -> their text with every hex digit an x, so the stored format is compared"""
    v = G.mask(v, set(case["volatile"]))
    names = set(case["shapes"])
    if not names:
        return v

    def walk(x):
        if isinstance(x, G._Pairs):
            return G._Pairs((k, (shape(y) if k in names else walk(y))) for k, y in x)
        if isinstance(x, list):
            return [walk(y) for y in x]
        return x

    def shape(y):
        if y is None:
            return None
        if isinstance(y, str):
            return SHAPE.sub("x", y)
        return "<set>"
    return walk(v)


def tmask(v, case):
    """vmask for dump_tables: each table's rows put in order again after masking"""
    v = vmask(v, case)
    if case["shapes"] and isinstance(v, G._Pairs):
        v = G._Pairs((t, sorted(rows, key=G.dumps)) for t, rows in v)
    return v


def error_kind(e):
    """a driver exception (orm's side) -> "IntegrityError" for a constraint's violation"""
    name = type(e).__name__
    code = getattr(e, "pgcode", None) or ""
    if name == "IntegrityError" or code.startswith("23"):
        return "IntegrityError"
    return "Error"


# ---- orm's side ----------------------------------------------------------------------

class OrmError(Exception):
    def __init__(self, msg, kind="Error"):
        Exception.__init__(self, msg)
        self.kind = kind


def run_orm(case, engine, orm_path, dsn):
    if engine == "sqlite":
        import sqlite3
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.enable_load_extension(True)
        conn.load_extension(orm_path)
        conn.enable_load_extension(False)

        def call(sql, args=()):
            try:
                row = conn.execute(sql.replace("%s", "?"), args).fetchone()
            except sqlite3.Error as e:
                raise OrmError(str(e), error_kind(e))
            return row[0] if row else None
        cast = ""
    else:
        import psycopg2
        conn = psycopg2.connect(dsn)
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                    "WHERE e.extname = 'orm'")
        ext = cur.fetchone()[0].replace('"', '""')
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cur.execute("CREATE SCHEMA public")
        cur.execute('DELETE FROM "%s".orm_registry' % ext)
        cur.execute('SET search_path = public, "%s"' % ext)

        def call(sql, args=()):
            c = conn.cursor()
            try:
                c.execute(sql, args)
            except psycopg2.Error as e:
                raise OrmError((e.diag.message_primary or str(e)).strip(), error_kind(e))
            row = c.fetchone()
            return row[0] if row else None
        cast = "::text"
    out = {}
    try:
        try:
            call("SELECT orm_declare(%s)" + cast, (case["model"],))
            call("SELECT orm_create_all()" + cast)
        except OrmError as e:
            out["error"] = str(e)
            return out
        cur = conn.cursor()
        out["ddl"] = norm(catalog(cur, engine))
        if case["data"]:
            try:
                call("SELECT orm_flush(%s)" + cast, (json.dumps(case["data"]),))
            except OrmError as e:
                out["flush_error"] = str(e)
                return out
        out["tables"] = tmask(norm(G.dump_tables(cur, engine)), case)
        steps = []
        for step in case["steps"]:
            try:
                call("SELECT orm_flush(%s)" + cast, (json.dumps(step),))
                steps.append(tmask(norm(G.dump_tables(cur, engine)), case))
            except OrmError as e:
                steps.append({"error": e.kind, "message": str(e),
                              "tables": tmask(norm(G.dump_tables(cur, engine)), case)})
        out["steps"] = steps
        sel = []
        for q in case["selects"]:
            try:
                sel.append(vmask(G.parse_json(call("SELECT orm_select(%s)" + cast, (q,))), case))
            except OrmError as e:
                sel.append({"error": str(e)})
        out["selects"] = sel
        return out
    finally:
        conn.close()


def compare(case, exp, got):
    """-> (class, what differs)"""
    if exp is None:
        return "NOEXP", "no expected result (run decl_check.py gen)"
    if "error" in exp:
        if "error" in got:
            return "PASS", "both refuse"
        return "WRONG", "SQLAlchemy refuses the model (%s: %s); orm accepts it" % (
            exp["error"]["type"], exp["error"]["message"][:200])
    if "error" in got:
        return ("REFUSED" if G.classify_error(got["error"]) == "REFUSED" else "ERROR"), got["error"]
    if not G.same(exp["ddl"], got["ddl"]):
        return "WRONG", "DDL differs"
    if "flush_error" in exp:
        if "flush_error" in got:
            return "PASS", "both refuse the rows"
        return "WRONG", "SQLAlchemy's flush fails (%s); orm's stores the rows" % exp["flush_error"]["message"][:200]
    if "flush_error" in got:
        return "ERROR", "orm_flush: " + got["flush_error"]
    if not G.same(exp["tables"], got["tables"]):
        return "WRONG", "stored rows differ"
    for i, (e, g) in enumerate(zip(exp.get("steps", []), got.get("steps", []))):
        if isinstance(e, dict):
            if not isinstance(g, dict):
                return "WRONG", "step %d: SQLAlchemy raises %s (%s); orm stores the rows" % (
                    i, e["type"], e["message"][:200])
            if e["type"] == "IntegrityError" and g["error"] != "IntegrityError":
                return "WRONG", "step %d: SQLAlchemy raises IntegrityError; orm: %s" % (i, g["message"])
            if not G.same(e["tables"], g["tables"]):
                return "WRONG", "step %d: rows after the failed flush differ" % i
            continue
        if isinstance(g, dict):
            return "ERROR", "step %d: orm_flush: %s" % (i, g["message"])
        if not G.same(e, g):
            return "WRONG", "step %d: stored rows differ" % i
    for i, (e, g) in enumerate(zip(exp["selects"], got["selects"])):
        if isinstance(g, dict):
            return "ERROR", "select %d: %s" % (i, g["error"])
        if "error" in e:
            return "WRONG", "select %d: SQLAlchemy raises %s" % (i, e["error"]["message"][:200])
        if not G.same(e["result"], g, e["ordered"]):
            return "WRONG", "select %d differs" % i
    return "PASS", None


def read_expected():
    if not os.path.exists(EXPECTED):
        return {}
    with open(EXPECTED) as f:
        top = G.parse_json(f.read())
    out = {}
    for cid, per in top:
        out[cid] = {}
        for eng, entry in per:
            d = {k: v for k, v in entry}
            for k in ("error", "flush_error"):
                if k in d:
                    d[k] = {a: b for a, b in d[k]}
            if "selects" in d:
                d["selects"] = [({k: v for k, v in s} if isinstance(s, G._Pairs) else s) for s in d["selects"]]
            if "steps" in d:
                d["steps"] = [({k: v for k, v in s} if isinstance(s, G._Pairs) and s and s[0][0] == "type" else s)
                              for s in d["steps"]]
            out[cid][eng] = d
    return out


def check_main(args):
    dsn = os.environ.get("GUIDE_ORM_PG_DSN")
    engines = args.engine or (["sqlite"] + (["postgresql"] if dsn else []))
    cases = load_cases(args.cases)
    expected = read_expected()
    counts = {}
    nfail = 0
    for engine in engines:
        for c in cases:
            if engine not in c["engines"]:
                continue
            exp = expected.get(c["id"], {}).get(engine)
            got = run_orm(c, engine, args.orm, dsn)
            cls, why = compare(c, exp, got)
            counts.setdefault(engine, {}).setdefault(cls, 0)
            counts[engine][cls] += 1
            if cls != "PASS":
                nfail += 1
            if args.verbose and cls != "PASS":
                print("%-8s %-11s %s: %s" % (cls, engine, c["id"], (why or "")[:300]))
                if args.verbose > 1 and exp is not None:
                    for k in ("ddl", "tables", "steps", "selects", "error", "flush_error"):
                        if k in exp or k in got:
                            print("   exp %s: %s" % (k, G.dumps(G.to_pairs(exp.get(k))) if k in exp else "-"))
                            print("   got %s: %s" % (k, G.dumps(G.to_pairs(got.get(k))) if k in got else "-"))
    for e in engines:
        print("decl %-11s %s" % (e, ", ".join("%s %d" % kv for kv in sorted(counts.get(e, {}).items()))))
    total = sum(sum(v.values()) for v in counts.values())
    print("declcheck: %d passed, %d failed" % (total - nfail, nfail))
    return 0 if nfail == 0 else 1


# ---- SQLAlchemy's side -------------------------------------------------------------

def gen_main(args):
    import types
    import warnings
    import gen_expected as X
    import sqlalchemy as sa
    from sqlalchemy import orm

    dsn = os.environ.get("GUIDE_PG_DSN")
    engines = ["sqlite"] + (["postgresql"] if dsn else [])
    cases = load_cases(args.cases)
    old = {}
    if os.path.exists(EXPECTED):
        with open(EXPECTED) as f:
            old = json.load(f)
    top = {c["id"]: dict(old.get(c["id"], {})) for c in load_cases()}
    for c in cases:
        for engine in engines:
            if engine not in c["engines"]:
                continue
            print("%s: %s" % (engine, c["id"]), file=sys.stderr)
            if engine == "sqlite":
                eng = X.sqlite_engine()
            else:
                eng = X.pg_engine(dsn)
                X.pg_reset_schema(eng)
            entry = {}
            mod = types.ModuleType("decl_model")
            sys.modules[mod.__name__] = mod
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exec(compile(c["model"], "decl:" + c["id"], "exec"), mod.__dict__)
                    base = mod.__dict__.get("Base")
                    reg = base.registry if base is not None else mod.__dict__["mapper_registry"]
                    reg.configure()
                    reg.metadata.create_all(eng)
            except Exception as e:
                entry = X.error_entry(e)
                top[c["id"]][engine] = entry
                eng.dispose()
                continue
            mod.Base = type("B", (), {"registry": reg})
            with eng.connect() as conn:
                cur = conn.connection.dbapi_connection.cursor()
                entry["ddl"] = catalog(cur, engine)
                conn.rollback()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    with orm.Session(eng) as s:
                        for op in c["data"]:
                            for obj in build_objects(mod, reg, [op], s):
                                s.add(obj)
                                s.flush()
                        s.commit()
            except Exception as e:
                entry["flush_error"] = X.error_entry(e)["error"]
                top[c["id"]][engine] = json.loads(G.dumps(G.to_pairs(entry)))
                reg.dispose()
                eng.dispose()
                continue
            def tables():
                with eng.connect() as conn:
                    cur = conn.connection.dbapi_connection.cursor()
                    t = tmask(norm(G.dump_tables(cur, engine)), c)
                    conn.rollback()
                return t
            entry["tables"] = tables()
            steps = []
            for step in c["steps"]:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        with orm.Session(eng) as s:
                            run_step(mod, reg, s, step)
                            s.commit()
                    steps.append(tables())
                except Exception as e:
                    err = X.error_entry(e)["error"]
                    err["tables"] = tables()
                    steps.append(err)
            entry["steps"] = steps
            sels = []
            for q in c["selects"]:
                case = {"kind": "select", "stmt": q, "params": None, "sa": {}, "ordered": None,
                        "volatile": c["volatile"]}
                r = X.run_case(engine, eng, mod, case)
                r.pop("sql", None)
                if "result" in r:
                    r["result"] = vmask(norm(r["result"]), c)
                sels.append(r)
            entry["selects"] = sels
            reg.dispose()
            eng.dispose()
            top[c["id"]][engine] = json.loads(G.dumps(G.to_pairs(entry)))
    X.write_json(EXPECTED, top)
    print("wrote %s" % EXPECTED, file=sys.stderr)
    return 0


def run_step(mod, reg, s, ops):
    """orm_flush operations on a Session: add builds the object graph, update loads the
    object by its key and sets the attributes given, delete loads it and deletes it"""
    import gen_expected as X
    from sqlalchemy import inspect
    from sqlalchemy import orm
    classes = {m.class_.__name__: m.class_ for m in reg.mappers}
    for op in ops:
        if op["op"] == "add":
            for obj in build_objects(mod, reg, [op], s):
                s.add(obj)
            continue
        cls = classes[op["entity"]]
        obj = s.get(cls, convert_key(cls, op["key"]))
        if op["op"] == "delete":
            s.delete(obj)
            continue
        mapper = inspect(cls)
        for k, v in op["data"].items():
            prop = mapper.attrs[k]
            if isinstance(prop, orm.RelationshipProperty):
                # the complete new collection / the new related object: a member
                # with its full primary key is that row, any other a new object
                def one(x):
                    if x is None:
                        return None
                    tm = prop.mapper
                    pk = [tm.get_property_by_column(c).key for c in tm.primary_key]
                    if all(x.get(p) is not None for p in pk):
                        o = s.get(tm.class_, {p: x[p] for p in pk})
                        if o is not None:
                            for kk, vv in x.items():
                                if kk not in pk:
                                    setattr(o, kk, X.convert_in(tm.attrs[kk], vv))
                            return o
                    return build_objects(mod, reg, [{"entity": tm.class_.__name__, "data": x}], s)[0]
                if prop.uselist:
                    coll = prop.collection_class
                    members = [one(x) for x in v]
                    setattr(obj, k, set(members) if coll is set or (isinstance(coll, type) and issubclass(coll, set))
                            else members)
                else:
                    setattr(obj, k, one(v))
                continue
            ec = getattr(getattr(prop, "columns", [None])[0], "type", None)
            ec = getattr(ec, "enum_class", None)
            if ec is not None and v is not None:
                try:
                    v = ec(v)
                except ValueError:
                    v = ec[v]
            elif hasattr(prop, "columns"):
                v = X.convert_in(prop, v)
            setattr(obj, k, v)
    s.flush()


def convert_key(cls, key):
    """an operation's key (a value, an object or an array of the key's values) -> the
    Python values session.get() takes"""
    import gen_expected as X
    from sqlalchemy import inspect
    mapper = inspect(cls)
    props = [mapper.get_property_by_column(c) for c in mapper.primary_key]
    if isinstance(key, dict):
        return {p.key: X.convert_in(p, key.get(p.key)) for p in props}
    if isinstance(key, list):
        return tuple(X.convert_in(p, v) for p, v in zip(props, key))
    return X.convert_in(props[0], key)


def build_objects(mod, reg, changes, session=None):
    """orm_flush "add" operations as objects, in session.add() order; a dataclass's
    init fields are given to its constructor, the rest set after it. A nested object
    carrying the full primary key of a stored row is that row (orm's contract), its
    other attributes set on it."""
    import dataclasses
    from sqlalchemy import inspect
    from sqlalchemy import orm
    import gen_expected as X
    classes = {m.class_.__name__: m.class_ for m in reg.mappers}

    def make(cls, data, nested=True):
        mapper = inspect(cls)
        if nested and session is not None:
            pk = [mapper.get_property_by_column(c) for c in mapper.primary_key]
            if all(data.get(p.key) is not None for p in pk):
                with session.no_autoflush:
                    o = session.get(cls, {p.key: X.convert_in(p, data[p.key]) for p in pk})
                if o is not None:
                    for kk, vv in data.items():
                        if kk not in {p.key for p in pk}:
                            prop = mapper.attrs[kk]
                            if isinstance(prop, orm.RelationshipProperty):
                                continue
                            setattr(o, kk, X.convert_in(prop, vv))
                    return o
        vals = {}
        for k, v in data.items():
            prop = mapper.attrs[k] if k in mapper.attrs else None
            if isinstance(prop, orm.RelationshipProperty):
                target = prop.mapper.class_
                if prop.uselist and isinstance(v, dict):
                    # a keyed dict (attribute_keyed_dict): the contract's object keyed by
                    # the attribute, which a member without it takes from its key
                    kfunc = getattr(prop.collection_class(), "keyfunc", None)
                    kname = getattr(kfunc, "attr_name", None)
                    members = {}
                    for key, x in v.items():
                        x = dict(x)
                        if kname:
                            x.setdefault(kname, key)
                        members[key] = make(target, x)
                    vals[k] = members
                elif prop.uselist:
                    items = [make(target, x) for x in v]
                    coll = prop.collection_class
                    if coll is set or (isinstance(coll, type) and issubclass(coll, set)):
                        vals[k] = set(items)
                    elif coll is list or coll is None:
                        vals[k] = items
                    else:
                        vals[k] = items     # appended one by one below
                else:
                    vals[k] = make(target, v) if v is not None else None
            elif isinstance(prop, orm.CompositeProperty) and v is not None:
                # the contract's object of the dataclass's fields (or an array of them)
                cc = prop.composite_class
                vals[k] = cc(**v) if isinstance(v, dict) else cc(*v)
            elif prop is not None and hasattr(prop, "columns"):
                ec = getattr(prop.columns[0].type, "enum_class", None)
                if ec is not None and v is not None:
                    # the contract's input is the member's value (or its name)
                    try:
                        vals[k] = ec(v)
                    except ValueError:
                        vals[k] = ec[v]
                else:
                    vals[k] = X.convert_in(prop, v)
            else:
                vals[k] = v         # a proxy: given as the class has it
        init = {}
        if dataclasses.is_dataclass(cls):
            names = {f.name for f in dataclasses.fields(cls) if f.init}
            init = {k: v for k, v in vals.items() if k in names}
        obj = cls(**init)
        for k, v in vals.items():
            if k in init:
                continue
            cur = getattr(obj, k, None)
            if isinstance(v, list) and cur is not None and not isinstance(cur, list) and hasattr(cur, "__len__"):
                for x in v:
                    if hasattr(cur, "append"):
                        cur.append(x)
                    elif hasattr(cur, "add"):
                        cur.add(x)
                    else:
                        raise TypeError("cannot add to %r" % (cur,))
            else:
                setattr(obj, k, v)
        return obj

    out = []
    for op in changes:
        out.append(make(classes[op["entity"]], op["data"], nested=False))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["check", "gen"])
    ap.add_argument("cases", nargs="*")
    ap.add_argument("--orm", default=os.path.join(ROOT, "orm"))
    ap.add_argument("--engine", choices=list(G.ENGINES), action="append")
    ap.add_argument("--verbose", "-v", action="count", default=0)
    args = ap.parse_intermixed_args()
    return check_main(args) if args.mode == "check" else gen_main(args)


if __name__ == "__main__":
    sys.exit(main())
