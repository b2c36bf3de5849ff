"""guidelib -- what gen_expected.py (SQLAlchemy's side) and check.py (orm's side) share.

The differential harness for SQLAlchemy 2.0's ORM Querying Guide and its relationship
pattern chapters (test/guide/README section in the top-level README, "Tests"):

  models/<name>.py     a mapping from the guide, as the guide writes it: the source given
                       to orm_declare, and executed as a module under real SQLAlchemy
  data/<name>.json     sample rows: {"source": ..., "changes": [orm_flush operations]};
                       orm_flush stores them for orm, gen_expected.py builds the same
                       objects and session.add()s them for SQLAlchemy
  cases/<chapter>.py   the chapter's statements (case(...) calls, below)
  expected/<chapter>.json  what SQLAlchemy returned for each case, per engine

A case is one statement:
  id        "<chapter>:<line>" -- the line of the guide's .rst where the statement is
            (derived cases, our statements on the guide's mappings: "<chapter>:<slug>")
  section   the guide's section title
  kind      "select" (orm_select), "execute" (orm_execute), "get" (orm_get),
            "flush" (orm_flush of the JSON operations in stmt; SQLAlchemy: the same
            objects added, updated and deleted through a Session, then flush();
            compared by the tables afterwards),
            "declare" (the mapping itself is the case: it must declare, or be refused
            as SQLAlchemy refuses it), "skip" (the guide's statement cannot be said
            through orm's contract -- a Python object in the statement, a Session
            method; kept so the report lists it, never counted),
            "call" (orm_select of application code around a statement: session /
            Result calls and the legacy Query, `session.execute(stmt).scalars().all()`,
            `session.query(User).filter(...).first()`; gen_expected.py runs the same
            text with `session` bound to a real Session and writes what it returns:
            objects as their loaded attributes, rows keyed by Row._fields, scalars as
            values, None as null; a Result, ScalarResult or Query left unconsumed as
            its .all(); an exception as the expected error)
  stmt      the text orm takes: what the guide passes to session.execute()/scalars(),
            with the assignments before it (the value of the last line is the statement)
  params    orm's params argument (a dict, or a list of dicts for executemany)
  model, data   the mapping and the rows it runs against
  engines   ("sqlite", "postgresql") unless the statement is one dialect's
  source    "guide" (the guide's statement, its wording kept) or "derived"
  ordered   False: compare rows as a multiset (set automatically when the statement
            has no ORDER BY)
  volatile  attribute/column names whose values are the clock's: compared as "set"
  sa        SQLAlchemy-only call details the statement text cannot carry:
            {"execution_options": {...}} passed to session.execute(), or
            {"connection": True} to run on session.connection() (Core executemany),
            {"no_unique": True}: scalars().all() without unique() (yield_per refuses it)
  raw_sql   True: orm runs the case with raw SQL allowed (orm.allow_raw_sql /
            orm_allow_raw_sql(1)), as a caller that uses text() opts in
  feature   the report's group (see FEATURES)
  note      anything the implementer should know
  match_error  True: where both raise, orm's error must contain SQLAlchemy's message
            (its first line, up to 60 characters), not just be an error

Values compare as JSON after canonicalization: objects are compared without regard to
key order (duplicate keys kept), numbers by value (Decimal), and a result whose
statement has no ORDER BY as a multiset of rows.
"""

import json
import os
import re
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))

# chapters in the guide's order; the relationship pattern chapters last
CHAPTERS = [
    ("select", "doc/build/orm/queryguide/select.rst"),
    ("inheritance", "doc/build/orm/queryguide/inheritance.rst"),
    ("dml", "doc/build/orm/queryguide/dml.rst"),
    ("columns", "doc/build/orm/queryguide/columns.rst"),
    ("relationships", "doc/build/orm/queryguide/relationships.rst"),
    ("api", "doc/build/orm/queryguide/api.rst"),
    ("basic_relationships", "doc/build/orm/basic_relationships.rst"),
    ("self_referential", "doc/build/orm/self_referential.rst"),
    ("join_conditions", "doc/build/orm/join_conditions.rst"),
    # not in the brief's list of chapters: the hybrid and column_property mappings the
    # guide refers to for SQL expressions as attributes
    ("mapped_sql_expr", "doc/build/orm/mapped_sql_expr.rst"),
    # SQLAlchemy's Unified Tutorial: its INSERT, SELECT, UPDATE/DELETE and ORM chapters
    # (case ids name the file: tutorial:data_select:<line>)
    ("tutorial", "doc/build/tutorial/"),
    # not a guide chapter: everyday statements of our own on the plain mapping
    ("everyday", "test/guide/cases/everyday.py"),
    # not from the documentation: application programs of the kind real repositories
    # hold (a shop, a blog), their models and the statements they run
    ("apps", "test/guide/cases/apps.py"),
    # more application programs: a social network, an HR service, event booking
    ("apps2", "test/guide/cases/apps2.py"),
    # a wiki (dataclass mapping, version counter, composite keys), multi-tenant accounting
    ("apps3", "test/guide/cases/apps3.py"),
    # an inventory service, a support desk, a freight service (StrEnum, JSON paths,
    # recursive CTEs, association objects, Uuid keys, timezone-aware timestamps, upserts)
    ("apps4", "test/guide/cases/apps4.py"),
    # data-access functions as applications write them: session / Result calls, the
    # legacy Query, statements built with if / for on params, with_loader_criteria
    ("apps5", "test/guide/cases/apps5.py"),
    # a SaaS backend (Annotated aliases, __abstract__ base, declared_attr mixins), a CMS
    # (single-table inheritance, JSON meta, hybrids, association_proxy, category tree), web
    # analytics (windows, dates, lateral, union_all, tuple_ keyset pagination)
    ("apps6", "test/guide/cases/apps6.py"),
    # the idioms real programs still write: the legacy Query heavily, Core on the
    # mapped classes' tables, `import sqlalchemy as sa`, the 1.x -> 2.0 transition forms
    # (select([User])), results consumed as lists / dicts
    ("apps7", "test/guide/cases/apps7.py"),
    # a library's lending system (dates, fines, deferred groups, query_expression), a
    # chat service (self-referential many-to-many, latest message per conversation), a
    # bank ledger (joined inheritance, Numeric sums, running balances); chained loader
    # options, Bundle, set operations of entities, and FastAPI-style `await session...`
    ("apps8", "test/guide/cases/apps8.py"),
]

ENGINES = ("sqlite", "postgresql")

# the report's groups, in the order the report lists them
FEATURES = [
    "joined inheritance",
    "with_polymorphic",
    "single inheritance",
    "column loading",
    "deferred",
    "column_property",
    "query_expression",
    "hybrid",
    "select language",
    "DML",
    "relationship loading",
    "relationship configuration",
    "raw SQL",
]

KINDS = ("select", "execute", "get", "flush", "declare", "skip", "call")


class CaseError(Exception):
    pass


def _case_factory(chapter, defaults, out):
    def case(section, line, stmt, **kw):
        c = dict(defaults)
        c.update(kw)
        c["chapter"] = chapter
        c["section"] = section
        c["line"] = line
        c["stmt"] = _dedent(stmt) if isinstance(stmt, str) else stmt
        c.setdefault("id", "%s:%s" % (chapter, kw.get("slug") or line))
        c.setdefault("kind", "select")
        c.setdefault("params", None)
        c.setdefault("engines", list(ENGINES))
        c.setdefault("source", "guide")
        c.setdefault("volatile", [])
        c.setdefault("sa", {})
        c.setdefault("note", None)
        c.setdefault("ordered", None)
        c.pop("slug", None)
        out.append(c)
        return c
    return case


def _dedent(text):
    lines = text.strip("\n").split("\n")
    ind = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return "\n".join(l[ind:] for l in lines).rstrip()


def load_cases(chapters=None):
    """Every case of the named chapters (default: all), in chapter order."""
    names = [c for c, _ in CHAPTERS]
    cases = []
    for chapter in names:
        if chapters and chapter not in chapters:
            continue
        path = os.path.join(HERE, "cases", chapter + ".py")
        if not os.path.exists(path):
            continue
        out = []
        ns = {"__name__": "guide_cases_" + chapter}
        ns["DEFAULTS"] = {}

        def case(*a, **kw):
            return _case_factory(chapter, ns["DEFAULTS"], out)(*a, **kw)
        ns["case"] = case
        with open(path) as f:
            exec(compile(f.read(), path, "exec"), ns)
        cases.extend(out)
    seen = set()
    for c in cases:
        if c["id"] in seen:
            raise CaseError("duplicate case id %s" % c["id"])
        seen.add(c["id"])
        if c["kind"] not in KINDS:
            raise CaseError("%s: unknown kind %r" % (c["id"], c["kind"]))
        if c["kind"] != "skip":
            for k in ("model", "data"):
                if not c.get(k):
                    raise CaseError("%s: no %s" % (c["id"], k))
        if c.get("feature") and c["feature"] not in FEATURES:
            raise CaseError("%s: unknown feature %r" % (c["id"], c["feature"]))
    return cases


def model_source(name):
    with open(os.path.join(HERE, "models", name + ".py")) as f:
        return f.read()


def data_changes(name):
    with open(os.path.join(HERE, "data", name + ".json")) as f:
        return json.load(f)["changes"]


# ---- values ------------------------------------------------------------------

def canon(v):
    """A comparable form of a JSON value parsed with object_pairs_hook=list (pairs)."""
    if isinstance(v, _Pairs):
        return ("{}", tuple(sorted(((k, canon(x)) for k, x in v), key=_sortkey)))
    if isinstance(v, list):
        return ("[]", tuple(canon(x) for x in v))
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float, Decimal)):
        return ("n", Decimal(str(v)).normalize() if not isinstance(v, bool) else v)
    raise TypeError(type(v))


def _sortkey(kv):
    return (kv[0], repr(kv[1]))


class _Pairs(list):
    pass


def parse_json(text):
    """JSON text -> a value whose objects keep their keys (duplicates too)."""
    return json.loads(text, object_pairs_hook=_Pairs, parse_float=Decimal)


def to_pairs(v):
    """A value made by json.loads (dicts) -> the parse_json form."""
    if isinstance(v, _Pairs):
        return _Pairs((k, to_pairs(x)) for k, x in v)
    if isinstance(v, dict):
        return _Pairs((k, to_pairs(x)) for k, x in v.items())
    if isinstance(v, list):
        return [to_pairs(x) for x in v]
    if isinstance(v, float):
        return Decimal(repr(v))
    return v


def mask(v, names):
    """Replace the values of keys in names (anywhere) by "<set>" when not null."""
    if not names:
        return v
    if isinstance(v, _Pairs):
        return _Pairs((k, ("<set>" if k in names and x is not None else mask(x, names))) for k, x in v)
    if isinstance(v, list):
        return [mask(x, names) for x in v]
    return v


def positional(expected, got):
    """Rows whose expected keys are "#<i>" (SQLAlchemy names no field there): give the
    i-th field of each got row that key, so the value is compared by position."""
    if not isinstance(expected, list) or not isinstance(got, list):
        return got
    pos = set()
    for row in expected:
        if isinstance(row, _Pairs):
            pos.update(int(k[1:]) for k, _ in row if re.match(r"#\d+$", k))
    if not pos:
        return got
    out = []
    for row in got:
        if isinstance(row, _Pairs):
            row = _Pairs((("#%d" % i if i in pos else k), v) for i, (k, v) in enumerate(row))
        out.append(row)
    return out


def same(expected, got, ordered=True):
    """Compare two parse_json values; a top-level list unordered when ordered is False."""
    got = positional(expected, got)
    a, b = canon(expected), canon(got)
    if not ordered and isinstance(a, tuple) and a[0] == "[]" and isinstance(b, tuple) and b[0] == "[]":
        return sorted(map(repr, a[1])) == sorted(map(repr, b[1]))
    return a == b


def dumps(v):
    """parse_json value -> compact JSON text (objects in their own key order)."""
    if isinstance(v, _Pairs):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(x) for k, x in v) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    if isinstance(v, Decimal):
        return str(v)
    return json.dumps(v)


def from_text(text):
    """Stored expected text -> parse_json value."""
    return parse_json(text)


# ---- tables (what a DML statement leaves), read by the driver, not by either ORM ----

def raw_value(v):
    """A driver value (sqlite3 or psycopg2) -> JSON, the same way on both sides."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, Decimal):
        return v
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(v).hex()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "total_seconds"):
        return Decimal(repr(v.total_seconds()))
    return str(v)


def table_names(cur, engine):
    if engine == "sqlite":
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE 'orm\\_%' ESCAPE '\\' AND name <> 'alembic_version' ORDER BY name")
    else:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    "AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [r[0] for r in cur.fetchall()]


def dump_tables(cur, engine):
    """{table: [row, ...]}: every row of every user table, each a {column: value} object,
    rows in the order of their values (so neither side's physical order matters)."""
    out = _Pairs()
    for t in table_names(cur, engine):
        q = '"' + t.replace('"', '""') + '"'
        cur.execute("SELECT * FROM %s" % q)
        cols = [d[0] for d in cur.description]
        rows = [_Pairs(sorted(zip(cols, map(raw_value, r)))) for r in cur.fetchall()]
        rows.sort(key=lambda r: dumps(r))
        out.append((t, rows))
    return out


def reset_sequences(cur):
    """PostgreSQL: after a rolled-back case, put every serial/identity sequence of the
    public schema back to its table's max + 1 (a rollback does not undo nextval), so
    keys generated by the next case do not depend on what ran before."""
    cur.execute("""
        SELECT s.oid::regclass::text, t.oid::regclass::text, quote_ident(a.attname)
        FROM pg_class s
        JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        JOIN pg_class t ON t.oid = d.refobjid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace""")
    for seq, tab, col in cur.fetchall():
        cur.execute("SELECT setval(%%s, coalesce((SELECT max(%s) FROM %s), 0) + 1, false)" % (col, tab), (seq,))


# ---- refusals -----------------------------------------------------------------

REFUSAL = re.compile(r"not supported|unsupported|not implemented|is refused|does not support|"
                     r"cannot be expressed|not available in orm", re.I)
# a name orm does not know (vocabulary it does not have) names the construct; an
# unknown *attribute* of a mapped class that has it is an error, not a refusal
UNKNOWN_NAME = re.compile(r"unknown [\w().]* ?(name|function|method|option|keyword|argument)\b|"
                          r"is not defined", re.I)


def classify_error(message):
    """An orm error message -> "REFUSED" (names what is not supported) or "ERROR"."""
    if REFUSAL.search(message) or UNKNOWN_NAME.search(message):
        return "REFUSED"
    return "ERROR"
