"""
query_control_flow.py -- runs every orm_select / orm_execute of
sql/query_control_flow.sql twice: through orm (the SQLite extension, ./orm.so,
loaded into Python's sqlite3) and as the same Python program through real
SQLAlchemy 2.0 on SQLite (the statement text run with the params as its
variables, the last line the statement), and compares the rows (or the
rowcount, or the error's type and message, shown side by side).

    /work/sa20/python test/sa_check/query_control_flow.py   (from the repository root)

Not part of make check (it needs SQLAlchemy 2.0); prints one line per call,
"same" or both results, and a summary.
"""
import ast
import json
import re
import sqlite3
import sys

from sqlalchemy import (Column, ForeignKey, String, Table, and_, create_engine, func, literal,
                        or_, select, update)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column, relationship

SQL = "sql/query_control_flow.sql"


def statements(text):
    """The file's SQL statements, in order (psql meta-commands dropped)."""
    text = "\n".join("" if l.startswith("\\") else l for l in text.split("\n"))
    out, cur = [], ""
    for line in text.split("\n"):
        cur += line + "\n"
        if sqlite3.complete_statement(cur):
            st = "\n".join(l for l in cur.strip().split("\n") if not l.startswith("--"))
            out.append(st.strip())
            cur = ""
    return out


def declare_models(source):
    ns = {}
    exec(source, ns)
    return ns


CALL = re.compile(r"^SELECT (orm_select|orm_execute|orm_compile)\('((?:[^']|'')*)'"
                  r"(?:, '((?:[^']|'')*)')?\)", re.S)


def run_sa(session, ns, text, params):
    env = dict(select=select, update=update, literal=literal, and_=and_, or_=or_,
               func=func, aliased=aliased)
    env.update({k: ns[k] for k in ("User", "Post", "Tag")})
    env.update(params)
    tree = ast.parse(text)
    last = tree.body[-1]
    exec(compile(ast.Module(body=tree.body[:-1], type_ignores=[]), "<query>", "exec"), env)
    if isinstance(last, ast.Expr):
        stmt = eval(compile(ast.Expression(last.value), "<query>", "eval"), env)
    else:
        exec(compile(ast.Module(body=[last], type_ignores=[]), "<query>", "exec"), env)
        stmt = env[last.targets[0].id] if isinstance(last, ast.Assign) else None
    if stmt is None:
        raise RuntimeError("the text does not end with a statement")
    if hasattr(stmt, "is_dml") and stmt.is_dml:
        r = session.execute(stmt)
        return {"rowcount": r.rowcount}
    res = session.execute(stmt)
    rows = res.all()
    ents = [d for d in stmt.column_descriptions if d.get("entity") is not None and d["expr"] is d["entity"]]
    if len(stmt.column_descriptions) == 1 and ents:
        mapper = ents[0]["entity"].__mapper__
        return [{a.key: getattr(r[0], a.key) for a in mapper.column_attrs} for r in rows]
    return [dict(r._mapping) for r in rows]


def main():
    text = open(SQL).read()
    stmts = statements(text)
    decl = re.search(r"orm_declare\('((?:[^']|'')*)'\)", text, re.S).group(1).replace("''", "'")
    ns = declare_models(decl)
    engine = create_engine("sqlite://")
    ns["Base"].metadata.create_all(engine)
    session = Session(engine)
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension("./orm")
    same = differ = 0
    for st in stmts:
        m = CALL.match(st)
        if st.startswith("INSERT"):
            session.connection().exec_driver_sql(st.replace("true", "1").replace("false", "0"))
        if not m:
            try:
                conn.execute(st)
            except sqlite3.Error as ex:
                print("setup:", st[:60], ex)
            continue
        fn, qtext, ptext = m.group(1), m.group(2).replace("''", "'"), m.group(3)
        params = json.loads(ptext.replace("''", "'")) if ptext else {}
        try:
            orm = conn.execute(st).fetchone()[0]
            orm = json.loads(orm) if fn != "orm_compile" else orm
        except sqlite3.Error as ex:
            orm = "ERROR " + str(ex).split(": ", 1)[-1]
        if fn == "orm_compile":
            continue
        if isinstance(orm, str) and "evaluation is bounded" in orm:
            print("bounded", qtext.split("\n")[0][:70], "\n    orm:", orm)
            continue            # Python would run it (for long, or forever)
        try:
            sa = run_sa(session, ns, qtext, params)
            session.flush()
        except Exception as ex:  # what SQLAlchemy (or Python) raises
            session.rollback()
            sa = "ERROR %s: %s" % (type(ex).__name__, str(ex).split("\n")[0])
        first = qtext.split("\n")[0][:70]
        if isinstance(orm, str) and isinstance(sa, str) and sa.startswith("ERROR ") and \
                sa.split(": ", 1)[-1].split(" (<query>")[0] in orm:
            same += 1           # the same error: SQLAlchemy's (or Python's) message
            print("same   ", first, "\n    error:", orm)
        elif orm == sa:
            same += 1
            print("same   ", first)
        else:
            differ += 1
            print("DIFFER ", first, "\n    orm:", orm, "\n    sa: ", sa)
    print("%d same, %d differ" % (same, differ))


if __name__ == "__main__":
    sys.exit(main())
