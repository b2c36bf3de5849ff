#!/usr/bin/env python3
"""gen_expected.py -- what real SQLAlchemy 2.0 returns for every case of test/guide/cases.

    GUIDE_PG_DSN="host=... port=... dbname=... user=..." \\
        PYTHONPATH=<SQLAlchemy 2.0> python3 test/guide/gen_expected.py [chapter ...]

Runs each case (guidelib.py says what a case is) with SQLAlchemy 2.0 on SQLite (an
in-memory database per mapping) and, when GUIDE_PG_DSN is set, on PostgreSQL (the
database's public schema is dropped and made again for each mapping: give it a scratch
database), and writes expected/<chapter>.json in orm's result shape (the contract's
"Result shape"):

  - a statement selecting one ORM entity: session.scalars(stmt).unique().all(), each
    object as {column attribute: value, ..., loaded relationship: object or [objects]};
    any other statement: session.execute(stmt).all(), each row keyed by Row._fields
  - an object has the column attributes and relationships SQLAlchemy loaded
    (sqlalchemy.inspect(obj).unloaded are left out); collections in the relationship's
    order_by, else by primary key (orm's documented order); an object met again inside
    itself (an ancestor on the path) is written with its columns only
  - values as the contract formats them: datetime ISO 8601, bytes "\\x" + hex, enums by
    value, Decimal with its digits, UUID lowercase
  - DML: {"rowcount": n}, or the RETURNING rows/objects; and "tables", every row of
    every table afterwards, read through the driver (raw stored values)
  - "ordered": false when the statement has no ORDER BY (rows compare as a multiset)
  - when SQLAlchemy raises: {"error": {"type": exception class, "message": ...}}
  - "sql": the statements SQLAlchemy emitted (for the report; a select's eager-load
    statements after the first sorted, as their order varies between runs)

Each case runs in a transaction that is rolled back, on the mapping's sample rows
(data/<name>.json, added through a Session); expected/_fixtures.json keeps the stored
rows, which check.py compares with what orm_flush stored from the same JSON.
Engines not run keep their entries from the existing files.
"""

import argparse
import ast
import dataclasses
import datetime
import decimal
import enum
import importlib
import json
import os
import sys
import types
import uuid
import warnings

sys.dont_write_bytecode = True   # no __pycache__ beside the committed files
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guidelib as G  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import event, inspect  # noqa: E402
from sqlalchemy import orm  # noqa: E402
from sqlalchemy.pool import StaticPool  # noqa: E402

Pairs = G._Pairs

VOCAB = {}
for _m in ("sqlalchemy", "sqlalchemy.orm"):
    _mod = importlib.import_module(_m)
    for _k in dir(_mod):
        if not _k.startswith("_"):
            VOCAB[_k] = getattr(_mod, _k)


# ---- engines ------------------------------------------------------------------

def sqlite_engine():
    eng = sa.create_engine("sqlite://", poolclass=StaticPool)

    # pysqlite's own transaction handling emits no BEGIN before a SELECT and none for
    # SAVEPOINTs; SQLAlchemy's documented recipe makes BEGIN explicit, so a case's
    # rollback undoes everything it did
    @event.listens_for(eng, "connect")
    def _connect(dbapi_conn, rec):
        dbapi_conn.isolation_level = None

    @event.listens_for(eng, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")
    return eng


def pg_engine(dsn):
    import psycopg2
    return sa.create_engine("postgresql+psycopg2://", creator=lambda: psycopg2.connect(dsn),
                            poolclass=StaticPool)


def pg_reset_schema(eng):
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")


# ---- mappings and rows -------------------------------------------------------

def load_model(name):
    """The model source executed as a module of its own (string annotations resolve
    against the module, as in an application)."""
    mod = types.ModuleType("guide_model_" + name)
    sys.modules[mod.__name__] = mod
    src = G.model_source(name)
    exec(compile(src, "models/%s.py" % name, "exec"), mod.__dict__)
    mod.Base.registry.configure()
    return mod


def model_classes(mod):
    return {m.class_.__name__: m.class_ for m in mod.Base.registry.mappers}


def convert_in(prop, v):
    """A JSON input value (the contract's input formats) -> the Python value for prop."""
    if v is None:
        return None
    col = prop.columns[0]
    try:
        pt = col.type.python_type
    except NotImplementedError:
        return v
    if pt is bytes and isinstance(v, str) and v.startswith("\\x"):
        return bytes.fromhex(v[2:])
    if pt is datetime.datetime and isinstance(v, str):
        return datetime.datetime.fromisoformat(v)
    if pt is datetime.date and isinstance(v, str):
        return datetime.date.fromisoformat(v)
    if pt is datetime.time and isinstance(v, str):
        return datetime.time.fromisoformat(v)
    if pt is datetime.timedelta and isinstance(v, (int, float)):
        return datetime.timedelta(seconds=v)
    if pt is decimal.Decimal:
        return decimal.Decimal(str(v))
    if pt is uuid.UUID and isinstance(v, str):
        return uuid.UUID(v)
    return v


def new_object(cls):
    """An empty instance: cls(), or for a dataclass mapping (MappedAsDataclass) whose
    __init__ requires arguments, an instance made without __init__, as orm_flush builds
    one from the attributes given (dataclass defaults are also the columns' defaults)."""
    try:
        return cls()
    except TypeError:
        if not dataclasses.is_dataclass(cls):
            raise
        return inspect(cls).class_manager.new_instance()


def build_objects(mod, changes):
    """The orm_flush "add" operations as SQLAlchemy objects, in session.add() order.
    A nested object carrying the full primary key of one made earlier is that object."""
    classes = model_classes(mod)
    made = {}

    def pk_keys(mapper):
        return [mapper.get_property_by_column(c).key for c in mapper.primary_key]

    def make(cls, data):
        mapper = inspect(cls)
        keys = pk_keys(mapper)
        ident = None
        if keys and all(data.get(k) is not None for k in keys):
            ident = (mapper.base_mapper, tuple(data[k] for k in keys))
        obj = made.get(ident) if ident else None
        if obj is None:
            obj = new_object(cls)
        for k, v in data.items():
            prop = mapper.attrs[k]
            if isinstance(prop, orm.RelationshipProperty):
                target = prop.mapper.class_
                if prop.uselist and isinstance(v, dict):
                    # a keyed dict (attribute_keyed_dict): the contract's object keyed
                    # by the attribute, which a member without it takes from its key
                    kfunc = getattr(prop.collection_class(), "keyfunc", None)
                    kname = getattr(kfunc, "attr_name", None)
                    members = {}
                    for key, x in v.items():
                        x = dict(x)
                        if kname:
                            x.setdefault(kname, key)
                        members[key] = make(target, x)
                    getattr(obj, k).update(members)
                elif prop.uselist:
                    items = [make(target, x) for x in v]
                    coll = getattr(obj, k)
                    for x in items:
                        if hasattr(coll, "append"):
                            coll.append(x)
                        else:
                            coll.add(x)
                else:
                    setattr(obj, k, make(target, v) if v is not None else None)
            else:
                setattr(obj, k, convert_in(prop, v))
        if ident:
            made[ident] = obj
        return obj

    out = []
    for op in changes:
        if op["op"] != "add":
            raise ValueError("sample data holds only add operations")
        out.append(make(classes[op["entity"]], op["data"]))
    return out


def apply_flush(mod, session, changes):
    """orm_flush operations through a Session: "add" builds new objects (a nested
    object carrying its full primary key is that stored row, as orm_flush reads it),
    "update" sets attributes of the stored row (a collection is the complete new
    collection), "delete" deletes it; then one flush()."""
    classes = model_classes(mod)

    def pk_keys(mapper):
        return [mapper.get_property_by_column(c).key for c in mapper.primary_key]

    def key_of(mapper, key):
        keys = pk_keys(mapper)
        if isinstance(key, dict):
            vals = [key[k] for k in keys]
        elif isinstance(key, list):
            vals = key
        else:
            vals = [key]
        props = [mapper.attrs[k] for k in keys]
        vals = [convert_in(p, v) for p, v in zip(props, vals)]
        return tuple(vals) if len(vals) > 1 else vals[0]

    def set_attrs(obj, mapper, data):
        for k, v in data.items():
            prop = mapper.attrs[k]
            if isinstance(prop, orm.RelationshipProperty):
                target = prop.mapper.class_
                if prop.uselist and isinstance(v, dict):
                    # a keyed dict (attribute_keyed_dict): the contract's object keyed
                    # by the attribute, which a member without it takes from its key
                    kfunc = getattr(prop.collection_class(), "keyfunc", None)
                    kname = getattr(kfunc, "attr_name", None)
                    members = {}
                    for key, x in v.items():
                        x = dict(x)
                        if kname:
                            x.setdefault(kname, key)
                        members[key] = make(target, x)
                    setattr(obj, k, members)
                elif prop.uselist:
                    items = [make(target, x) for x in v]
                    coll = getattr(obj, k)
                    if hasattr(coll, "append"):
                        setattr(obj, k, items)
                    else:
                        setattr(obj, k, set(items))
                else:
                    setattr(obj, k, make(target, v) if v is not None else None)
            else:
                setattr(obj, k, convert_in(prop, v))

    def make(cls, data, new=False):
        mapper = inspect(cls)
        keys = pk_keys(mapper)
        obj = None
        if not new and keys and all(data.get(k) is not None for k in keys):
            obj = session.get(cls, key_of(mapper, {k: data[k] for k in keys}))
        if obj is None:
            obj = new_object(cls)
            session.add(obj)
        set_attrs(obj, mapper, data)
        return obj

    def apply_op(op):
        cls = classes[op["entity"]]
        mapper = inspect(cls)
        if op["op"] == "add":
            make(cls, op.get("data", {}), new=True)
        elif op["op"] == "update":
            obj = session.get(cls, key_of(mapper, op["key"]))
            if obj is None:
                raise LookupError("no %s with key %r" % (op["entity"], op["key"]))
            set_attrs(obj, mapper, op.get("data", {}))
        elif op["op"] == "delete":
            obj = session.get(cls, key_of(mapper, op["key"]))
            if obj is None:
                raise LookupError("no %s with key %r" % (op["entity"], op["key"]))
            session.delete(obj)
        elif op["op"] == "merge":
            # session.merge() of an object with column attributes only
            data = op.get("data", {})
            obj = new_object(cls)
            for k, v in data.items():
                prop = mapper.attrs[k]
                if isinstance(prop, orm.RelationshipProperty):
                    raise ValueError("merge cases give column attributes only")
                setattr(obj, k, convert_in(prop, v))
            session.merge(obj)
        else:
            raise ValueError("flush cases hold add, update, merge and delete operations")

    with session.no_autoflush:  # one flush at the end, as orm_flush is one
        for op in changes:
            apply_op(op)
    session.flush()



# ---- values and objects --------------------------------------------------------

def val(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return decimal.Decimal(repr(v))
    if isinstance(v, decimal.Decimal):
        return v
    if isinstance(v, enum.Enum):
        return val(v.value)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return decimal.Decimal(repr(v.total_seconds()))
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(v).hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (dict, list)):
        return G.to_pairs(v)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        # a composite()'s value: an object of its dataclass's fields
        return Pairs((f.name, val(getattr(v, f.name))) for f in dataclasses.fields(v))
    raise TypeError("no JSON form for %r" % (v,))


def pk_sort_key(obj):
    st = inspect(obj)
    return tuple((x is None, x) for x in st.mapper.primary_key_from_instance(obj))


def obj_json(obj, stack=()):
    st = inspect(obj)
    m = st.mapper
    unloaded = st.unloaded
    d = st.dict
    out = Pairs()
    for p in m.column_attrs:
        if p.key in unloaded or p.key not in d:
            continue
        out.append((p.key, val(d[p.key])))
    if id(obj) in stack:
        return out
    inner = stack + (id(obj),)
    for r in m.relationships:
        if r.key in unloaded or r.key not in d:
            continue
        v = d[r.key]
        if r.uselist and isinstance(v, dict):
            # a keyed dict collection (attribute_keyed_dict): an object keyed by str(key)
            out.append((r.key, Pairs((str(kk), obj_json(x, inner)) for kk, x in v.items())))
        elif r.uselist:
            items = list(v)
            if not r.order_by:
                items.sort(key=pk_sort_key)
            out.append((r.key, [obj_json(x, inner) for x in items]))
        else:
            out.append((r.key, obj_json(v, inner) if v is not None else None))
    return out


def item_json(v):
    if hasattr(v, "_sa_instance_state"):
        return obj_json(v)
    if isinstance(v, sa.Row):
        return Pairs((k, item_json(x)) for k, x in zip(v._fields, v))
    return val(v)


def call_json(v):
    """What a session / Result / Query call returned -> orm's JSON: a Result, a
    ScalarResult, a MappingResult or a Query not consumed is its .all(); a list its
    items; an object its loaded attributes; a Row keyed by Row._fields; a RowMapping
    by its keys; a value as a value."""
    if isinstance(v, orm.Query):
        v = v.all()
    elif isinstance(v, (sa.engine.Result, sa.engine.ScalarResult, sa.engine.MappingResult)):
        v = v.all()
    if isinstance(v, sa.engine.RowMapping):
        return Pairs((k, item_json(x)) for k, x in v.items())
    if isinstance(v, sa.Row):
        # Row._asdict(): a Query's unlabeled expression has no key there
        return Pairs((k, item_json(x)) for k, x in v._asdict().items())
    if isinstance(v, (tuple, sa.engine.result.RMKeyView)):
        # a tuple the text built, Row._fields, Result.keys(): a JSON array
        v = list(v)
    if isinstance(v, list):
        return [call_json(x) for x in v]
    if isinstance(v, sa.engine.RowMapping):
        return Pairs((k, item_json(x)) for k, x in v.items())
    if isinstance(v, sa.Row):
        # Row._asdict(): a Query's unlabeled expression has no key there
        return Pairs((k, item_json(x)) for k, x in v._asdict().items())
    if isinstance(v, dict):
        return Pairs((str(k), call_json(x)) for k, x in v.items())
    return item_json(v)


def row_json(row, descr):
    """A row keyed by Row._fields. An element SQLAlchemy gives no name (an unnamed
    with_polymorphic() or aliased() entity: Row._fields leaves it out) is keyed "#<its
    position>", which check.py compares by position whatever orm names it."""
    keys = list(row._fields)
    if len(keys) != len(row):
        keys = [d["name"] for d in descr] if descr and len(descr) == len(row) else [None] * len(row)
    return Pairs(((k if k is not None else "#%d" % i), item_json(v)) for i, (k, v) in enumerate(zip(keys, row)))


def single_entity(descr):
    if not descr or len(descr) != 1:
        return False
    ins = inspect(descr[0].get("expr"), raiseerr=False)
    return isinstance(ins, (orm.Mapper, orm.util.AliasedInsp))


def returns_one_entity(stmt):
    """DML .returning(Entity) alone (returning_column_descriptions fails on it)."""
    ret = getattr(stmt, "_returning", ())
    if len(ret) != 1:
        return False
    el = ret[0]
    return isinstance(el, sa.sql.FromClause) and "parententity" in getattr(el, "_annotations", {})


def has_order_by(stmt):
    for s in (stmt, getattr(stmt, "element", None)):
        if s is not None and getattr(s, "_order_by_clauses", None):
            return True
    return False


# ---- statements ------------------------------------------------------------------

def namespace(mod, params):
    ns = dict(VOCAB)
    ns.update({k: v for k, v in mod.__dict__.items() if not k.startswith("__")})
    if isinstance(params, dict):
        for k in params:
            ns.setdefault(k, sa.bindparam(k))
    return ns


def parse_statement(text):
    """The text as Python; a statement copied from inside a call (its method chain on
    lines of their own, without the call's parentheses) is read in parentheses, as
    orm reads it."""
    try:
        return ast.parse(text)
    except SyntaxError:
        lines = text.split("\n")
        for k in range(len(lines)):
            try:
                head = ast.parse("\n".join(lines[:k]))
                tail = ast.parse("(\n" + "\n".join(lines[k:]) + "\n)")
            except SyntaxError:
                continue
            return ast.Module(body=head.body + tail.body, type_ignores=[])
        raise


def evaluate(text, ns):
    """Run the statement text; its value is the value of the last line."""
    tree = parse_statement(text)
    if not tree.body:
        raise ValueError("empty statement")
    *head, last = tree.body
    exec(compile(ast.Module(body=head, type_ignores=[]), "<case>", "exec"), ns)
    if isinstance(last, ast.Expr):
        return eval(compile(ast.Expression(last.value), "<case>", "eval"), ns)
    exec(compile(ast.Module(body=[last], type_ignores=[]), "<case>", "exec"), ns)
    if isinstance(last, ast.Assign) and isinstance(last.targets[-1], ast.Name):
        return ns[last.targets[-1].id]
    raise ValueError("the last line is not an expression or an assignment")


def is_async_text(text):
    """The text awaits (FastAPI-style repository code on an AsyncSession)."""
    try:
        tree = parse_statement(text)
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Await) for n in ast.walk(tree))


async def evaluate_async(text, ns):
    """evaluate() for text that awaits: its lines run as top-level await allows, the
    value is the last line's."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = parse_statement(text)
    *head, last = tree.body
    for stmt in head:
        r = eval(compile(ast.Module(body=[stmt], type_ignores=[]), "<case>", "exec", flags=flags), ns)
        if r is not None and hasattr(r, "__await__"):
            await r
    if isinstance(last, ast.Expr):
        r = eval(compile(ast.Expression(last.value), "<case>", "eval", flags=flags), ns)
        if hasattr(r, "__await__") and type(r).__name__ == "coroutine" and \
                any(isinstance(n, ast.Await) for n in ast.walk(last)):
            r = await r
        return r
    r = eval(compile(ast.Module(body=[last], type_ignores=[]), "<case>", "exec", flags=flags), ns)
    if r is not None and hasattr(r, "__await__"):
        await r
    if isinstance(last, ast.Assign) and isinstance(last.targets[-1], ast.Name):
        return ns[last.targets[-1].id]
    raise ValueError("the last line is not an expression or an assignment")


def run_async_call(engine_name, eng, case, ns, dsn):
    """A "call" case whose text awaits: run for real on an AsyncSession -- SQLite through
    aiosqlite on a copy of the mapping's in-memory database, PostgreSQL through psycopg
    3's async connection on the same database -- in a transaction rolled back after.
    The value is converted outside the session's greenlet, so that anything it did
    not load is not loaded there either (as an application's await-free code sees it)."""
    import asyncio
    import tempfile
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    tmpdir = None
    if engine_name == "sqlite":
        import sqlite3
        tmpdir = tempfile.mkdtemp(prefix="guide_async_")
        path = os.path.join(tmpdir, "db.sqlite")
        with eng.connect() as c:
            dst = sqlite3.connect(path)
            c.connection.dbapi_connection.backup(dst)
            dst.close()
        aeng = create_async_engine("sqlite+aiosqlite:///" + path)
    else:
        import psycopg
        aeng = create_async_engine("postgresql+psycopg://",
                                   async_creator=lambda: psycopg.AsyncConnection.connect(dsn))
    sqls = []

    @event.listens_for(aeng.sync_engine, "before_cursor_execute")
    def _log(c, cursor, statement, parameters, context, executemany):
        if statement.strip() != "BEGIN":
            sqls.append(statement.strip())

    async def go():
        async with aeng.connect() as conn:
            trans = await conn.begin()
            session = AsyncSession(bind=conn)
            ns["session"] = session
            try:
                value = await evaluate_async(case["stmt"], ns)
                if isinstance(value, (sa.sql.Select, sa.sql.CompoundSelect)):
                    descr = getattr(value, "column_descriptions", None)
                    if single_entity(descr):
                        value = (await session.scalars(value)).unique().all()
                    else:
                        value = (await session.execute(value)).all()
                return {"result": call_json(value)}
            except Exception as e:
                return error_entry(e)
            finally:
                await session.close()
                await trans.rollback()

    try:
        entry = asyncio.run(go())
    finally:
        asyncio.run(aeng.dispose())
        if tmpdir:
            import shutil
            shutil.rmtree(tmpdir, ignore_errors=True)
    return entry, sqls


def error_entry(e):
    msg = str(e).split("\n(Background on this error at:")[0].strip()
    return {"error": {"type": type(e).__name__, "message": msg}}


class AsyncDone(Exception):
    pass


class AsyncCaseError(Exception):
    pass


def run_case(engine_name, eng, mod, case, dsn=None):
    conn = eng.connect()
    sqls = []

    @event.listens_for(conn, "before_cursor_execute")
    def _log(c, cursor, statement, parameters, context, executemany):
        if statement.strip() != "BEGIN":
            sqls.append(statement.strip())

    counts = []

    @event.listens_for(conn, "after_cursor_execute")
    def _count(c, cursor, statement, parameters, context, executemany):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            counts.append(cursor.rowcount)

    trans = conn.begin()
    session = orm.Session(bind=conn)
    entry = {}
    try:
        params = case["params"]
        kind = case["kind"]
        ns = namespace(mod, params)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == "declare":
                entry["result"] = Pairs([("declared", True)])
            elif kind == "flush":
                apply_flush(mod, session, json.loads(case["stmt"]))
                entry["result"] = Pairs([("flushed", True)])
                cur = conn.connection.dbapi_connection.cursor()
                entry["tables"] = G.dump_tables(cur, engine_name)
                cur.close()
            elif kind == "get":
                cls = model_classes(mod)[case["stmt"]]
                opts = case.get("options")
                options = list(evaluate("(%s,)" % opts, ns)) if opts else None
                key = case["key"]
                key = tuple(key) if isinstance(key, list) else key
                # the key as the contract's JSON input: each value converted for its
                # primary key column (a UUID given as a string)
                mapper = inspect(cls)
                pks = [mapper.get_property_by_column(c) for c in mapper.primary_key]
                if isinstance(key, tuple) and len(key) == len(pks):
                    key = tuple(convert_in(p, v) for p, v in zip(pks, key))
                elif not isinstance(key, (tuple, dict)) and len(pks) == 1:
                    key = convert_in(pks[0], key)
                obj = session.get(cls, key, options=options)
                entry["result"] = obj_json(obj) if obj is not None else None
            elif kind == "call":
                # application code around a statement: `session` is this Session
                # names of params keys are their values (a condition tests the value;
                # `User.name == q` binds it, as orm binds the params value)
                if isinstance(params, dict):
                    ns.update(params)
                if is_async_text(case["stmt"]):
                    got, asqls = run_async_call(engine_name, eng, case, ns, dsn)
                    sqls.extend(asqls)
                    if "error" in got:
                        raise AsyncCaseError(got)
                    entry["result"] = got["result"]
                    entry["ordered"] = ("order_by" in case["stmt"]) if case["ordered"] is None else case["ordered"]
                    raise AsyncDone()
                ns["session"] = session
                value = evaluate(case["stmt"], ns)
                if isinstance(value, (sa.sql.Select, sa.sql.CompoundSelect)):
                    # the text built a statement (with if / for) and ends with it: run
                    # as a "select" case runs
                    descr = getattr(value, "column_descriptions", None)
                    if single_entity(descr):
                        value = session.scalars(value).unique().all()
                    else:
                        value = session.execute(value).all()
                entry["result"] = call_json(value)
                entry["ordered"] = ("order_by" in case["stmt"]) if case["ordered"] is None else case["ordered"]
            else:
                stmt = evaluate(case["stmt"], ns)
                xo = case["sa"].get("execution_options")
                if kind == "select":
                    # a compound select (union_all(...)) has no column_descriptions:
                    # Core rows, keyed by Row._fields
                    descr = getattr(stmt, "column_descriptions", None)
                    if single_entity(descr):
                        res = session.scalars(stmt, params, execution_options=xo or {})
                        objs = res.all() if case["sa"].get("no_unique") else res.unique().all()
                        entry["result"] = [obj_json(o) for o in objs]
                    else:
                        rows = session.execute(stmt, params, execution_options=xo or {}).all()
                        entry["result"] = [row_json(r, descr) for r in rows]
                    entry["ordered"] = has_order_by(stmt) if case["ordered"] is None else case["ordered"]
                else:
                    if case["sa"].get("connection"):
                        res = session.connection().execute(stmt, params)
                    else:
                        res = session.execute(stmt, params, execution_options=xo or {})
                    if getattr(stmt, "_returning", None):
                        try:
                            descr = stmt.returning_column_descriptions
                        except AttributeError:  # SQLAlchemy 2.0.52 fails on returning(Entity)
                            descr = None
                        if returns_one_entity(stmt):
                            entry["result"] = [obj_json(o) for o in res.scalars().unique().all()]
                        else:
                            entry["result"] = [row_json(r, descr) for r in res.all()]
                        entry["ordered"] = False if case["ordered"] is None else case["ordered"]
                    else:
                        # an ORM bulk INSERT/UPDATE (a list of parameter dictionaries)
                        # returns a Result without rowcount: the rows its statements
                        # matched, as the driver counted them
                        n = res.rowcount if hasattr(res, "rowcount") else sum(counts)
                        entry["result"] = Pairs([("rowcount", n)])
                    session.flush()
                    cur = conn.connection.dbapi_connection.cursor()
                    entry["tables"] = G.dump_tables(cur, engine_name)
                    cur.close()
    except AsyncDone:
        pass
    except AsyncCaseError as e:
        entry = e.args[0]
    except Exception as e:  # SQLAlchemy's refusal is the expected result
        entry = error_entry(e)
    finally:
        session.close()
        try:
            trans.rollback()
        except Exception:
            pass
        if engine_name == "postgresql":
            with conn.begin():
                cur = conn.connection.dbapi_connection.cursor()
                G.reset_sequences(cur)
                cur.close()
        conn.close()
    # a select's eager loads come out in an order that varies from run to run: the
    # main statement first, the others sorted, so regenerated files do not churn
    entry["sql"] = sqls[:1] + sorted(sqls[1:]) if case["kind"] in ("select", "call") else sqls
    if case.get("volatile"):
        for k in ("result", "tables"):
            if k in entry:
                entry[k] = G.mask(entry[k], set(case["volatile"]))
    return entry


# ---- the run ---------------------------------------------------------------------

def groups(cases):
    out = {}
    for c in cases:
        if c["kind"] == "skip":
            continue
        out.setdefault((c["model"], c["data"]), []).append(c)
    return out


def run_engine(engine_name, cases, dsn=None):
    results = {}
    fixtures = {}
    for (model, data), cs in groups(cases).items():
        cs = [c for c in cs if engine_name in c["engines"]]
        if not cs:
            continue
        print("%s: %s / %s (%d cases)" % (engine_name, model, data, len(cs)), file=sys.stderr)
        if engine_name == "sqlite":
            eng = sqlite_engine()
        else:
            eng = pg_engine(dsn)
            pg_reset_schema(eng)
        mod = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mod = load_model(model)
                mod.Base.metadata.create_all(eng)
                # one flush per operation, in order: SQLAlchemy orders the INSERTs of
                # mappers only along relationships, and some sample rows refer to
                # others by foreign key value alone
                with orm.Session(eng) as s:
                    for obj in build_objects(mod, G.data_changes(data)):
                        s.add(obj)
                        s.flush()
                    s.commit()
            with eng.connect() as conn:
                cur = conn.connection.dbapi_connection.cursor()
                fixtures["%s|%s" % (model, data)] = G.dump_tables(cur, engine_name)
                cur.close()
                conn.rollback()
        except Exception as e:  # the mapping itself is refused: every case expects it
            setup_error = error_entry(e)
            for c in cs:
                results[c["id"]] = dict(setup_error, sql=[])
            if mod is not None:
                mod.Base.registry.dispose()
            eng.dispose()
            continue
        for c in cs:
            results[c["id"]] = run_case(engine_name, eng, mod, c, dsn)
        mod.Base.registry.dispose()
        eng.dispose()
    return results, fixtures


def write_json(path, top):
    """One case per line, engines in order, values compact."""
    with open(path, "w") as f:
        f.write("{\n")
        items = list(top.items())
        for i, (k, v) in enumerate(items):
            f.write("%s: {\n" % json.dumps(k))
            sub = list(v.items())
            for j, (k2, v2) in enumerate(sub):
                f.write(" %s: %s%s\n" % (json.dumps(k2), G.dumps(G.to_pairs(v2) if not isinstance(v2, (G._Pairs, list)) else v2),
                                        "," if j < len(sub) - 1 else ""))
            f.write("}%s\n" % ("," if i < len(items) - 1 else ""))
        f.write("}\n")


def read_json(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return G.parse_json(f.read())


def pairs_to_dict(p):
    return {k: v for k, v in p} if isinstance(p, G._Pairs) else {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("chapters", nargs="*")
    args = ap.parse_args()
    dsn = os.environ.get("GUIDE_PG_DSN")
    cases = G.load_cases(args.chapters or None)
    engines = ["sqlite"] + (["postgresql"] if dsn else [])
    per_engine = {}
    fixtures_all = {}
    for e in engines:
        per_engine[e], fixtures_all[e] = run_engine(e, cases, dsn)

    outdir = os.path.join(G.HERE, "expected")
    os.makedirs(outdir, exist_ok=True)
    version = "SQLAlchemy %s" % sa.__version__
    by_chapter = {}
    for c in cases:
        by_chapter.setdefault(c["chapter"], []).append(c)
    for chapter, cs in by_chapter.items():
        path = os.path.join(outdir, chapter + ".json")
        old = {k: pairs_to_dict(v) for k, v in read_json(path)} if os.path.exists(path) else {}
        top = {"_generator": {"by": version, "engines": ", ".join(engines)}}
        for c in cs:
            if c["kind"] == "skip":
                continue
            entry = {}
            for e in G.ENGINES:
                if e not in c["engines"]:
                    continue
                if e in per_engine:
                    entry[e] = per_engine[e][c["id"]]
                elif e in old.get(c["id"], {}):
                    entry[e] = old[c["id"]][e]
            top[c["id"]] = entry
        write_json(path, top)
    fpath = os.path.join(outdir, "_fixtures.json")
    old = {k: pairs_to_dict(v) for k, v in read_json(fpath)} if os.path.exists(fpath) else {}
    for e, fx in fixtures_all.items():
        for k, tables in fx.items():
            old.setdefault(k, {})[e] = tables
    write_json(fpath, {k: old[k] for k in sorted(old)})
    n = sum(1 for c in cases if c["kind"] != "skip")
    print("gen_expected: %d cases, engines %s, %s" % (n, ", ".join(engines), version), file=sys.stderr)


if __name__ == "__main__":
    main()
