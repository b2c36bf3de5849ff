#!/usr/bin/env python3
"""check.py -- runs every case of test/guide/cases through orm and compares the result
with what SQLAlchemy 2.0 returned (expected/<chapter>.json, made by gen_expected.py).

    python3 test/guide/check.py [--orm ./orm] [--report] [--engine sqlite|postgresql]
                                [--verbose] [chapter ...]

SQLite: the sqlite3 module loads the extension (--orm, default ./orm of the repository).
PostgreSQL: when GUIDE_ORM_PG_DSN is set (a libpq DSN of a scratch database in which
the orm extension is installed into a schema of its own, `CREATE SCHEMA orm; CREATE
EXTENSION orm SCHEMA orm`): the public schema is dropped and made again for each
mapping. test/guide/run.sh starts a throwaway cluster and sets it up.

Each mapping (models/<name>.py) is declared with orm_declare, its tables made with
orm_create_all, its sample rows (data/<name>.json) stored with orm_flush; the stored
rows are compared with those SQLAlchemy stored (expected/_fixtures.json). Each case
then runs in a transaction that is rolled back (orm_select / orm_execute / orm_get),
in a child process, so that a crash is reported against its case and the run goes on.

Every case is classified:
  PASS     the same result as SQLAlchemy's (or both refuse the statement)
  REFUSED  orm refuses it with an error that says what is not supported (the message
           is listed; acceptable only where it names the construct)
  WRONG    a result different from SQLAlchemy's, or a result where SQLAlchemy raises
  ERROR    any other orm error (engine errors, crashes, errors on what orm supports)
A summary per chapter and engine ends with "guidecheck: N passed, N failed", refusals
counted as failed. --report writes test/guide/REPORT.md: every case that did not pass,
grouped by feature, with its statement, the expected result and what orm gave.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # no __pycache__ beside the committed files
sys.path.insert(0, HERE)
import guidelib as G  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = 30  # seconds per call


# ---- child: one mapping's cases on one engine ------------------------------------

class Lost(Exception):
    """The database connection died (a backend crash)."""


def child_main():
    spec = json.loads(sys.stdin.read())
    engine = spec["engine"]
    out = sys.stdout

    def emit(obj):
        out.write(json.dumps(obj) + "\n")
        out.flush()

    if engine == "sqlite":
        import sqlite3
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.enable_load_extension(True)
        conn.load_extension(spec["orm"])
        conn.enable_load_extension(False)
        deadline = [0.0]

        def progress():
            return 1 if time.time() > deadline[0] else 0
        conn.set_progress_handler(progress, 20000)

        def call(sql, args=()):
            deadline[0] = time.time() + TIMEOUT
            cur = conn.cursor()
            try:
                cur.execute(sql.replace("%s", "?"), args)
                row = cur.fetchone()
            except sqlite3.Error as e:
                raise OrmError(str(e))
            return row[0] if row else None

        def begin():
            conn.execute("BEGIN")

        def end():
            conn.execute("ROLLBACK")

        def cursor():
            return conn.cursor()
    else:
        import psycopg2
        conn = psycopg2.connect(spec["dsn"])

        def pg(fn):
            try:
                return fn()
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as e:
                if conn.closed:
                    raise Lost(str(e).strip())
                raise OrmError(pg_message(e))
            except psycopg2.Error as e:
                raise OrmError(pg_message(e))

        def call(sql, args=()):
            def run():
                cur = conn.cursor()
                cur.execute(sql, args)
                row = cur.fetchone()
                return row[0] if row else None
            return pg(run)

        def begin():
            pass

        def end():
            try:
                conn.rollback()
            except psycopg2.Error:
                if conn.closed:
                    raise Lost("connection closed")
                raise
            cur = conn.cursor()
            G.reset_sequences(cur)
            conn.commit()

        def cursor():
            return conn.cursor()

        cur = conn.cursor()
        cur.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                    "WHERE e.extname = 'orm'")
        row = cur.fetchone()
        if not row:
            emit({"setup": {"error": "the orm extension is not installed in the database"}})
            return
        ext_schema = row[0]
        cur.execute("SET statement_timeout = %s", ("%ds" % TIMEOUT,))
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cur.execute("CREATE SCHEMA public")
        cur.execute('DELETE FROM "%s".orm_registry' % ext_schema.replace('"', '""'))
        cur.execute('SET search_path = public, "%s"' % ext_schema.replace('"', '""'))
        conn.commit()

    cast = "::text" if engine == "postgresql" else ""

    # setup: declare, create the tables, store the sample rows
    setup = {}
    try:
        try:
            call("SELECT orm_declare(%s)" + cast, (G.model_source(spec["model"]),))
        except OrmError as e:
            setup["declare_error"] = str(e)
        if "declare_error" not in setup:
            call("SELECT orm_create_all()" + cast)
            changes = G.data_changes(spec["data"])
            if changes:
                try:
                    call("SELECT orm_flush(%s)" + cast, (json.dumps(changes),))
                except OrmError as e:
                    setup["flush_error"] = str(e)
            if engine == "postgresql":
                conn.commit()
            if "flush_error" not in setup:
                cur = cursor()
                setup["tables"] = G.dumps(G.dump_tables(cur, engine))
            if engine == "postgresql":
                conn.rollback()
    except Lost as e:
        emit({"setup": {"lost": str(e)}})
        sys.exit(3)
    except OrmError as e:
        setup["error"] = str(e)
    emit({"setup": setup})
    if "error" in setup or "flush_error" in setup:
        return

    for case in spec["cases"]:
        res = {"id": case["id"]}
        if "declare_error" in setup:
            res["error"] = setup["declare_error"]
            emit(res)
            continue
        try:
            begin()
            try:
                res.update(run_case(case, call, cast, cursor, engine))
            except OrmError as e:
                res["error"] = str(e)
            end()
            if case.get("raw_sql") and engine == "sqlite":
                call("SELECT orm_allow_raw_sql(0)")
        except Lost as e:
            res["error"] = "the server closed the connection (backend crash?): " + str(e)
            res["crash"] = True
            emit(res)
            sys.exit(3)
        emit(res)


class OrmError(Exception):
    pass


def pg_message(e):
    d = getattr(e, "diag", None)
    msg = (d.message_primary if d and d.message_primary else str(e).strip().split("\n")[0])
    if d and d.message_detail:
        msg += " (DETAIL: %s)" % d.message_detail
    if d and d.message_hint:
        msg += " (HINT: %s)" % d.message_hint
    return msg


def run_case(case, call, cast, cursor, engine):
    kind = case["kind"]
    params = case["params"]
    pj = json.dumps(params) if params is not None else None
    out = {}
    if case.get("raw_sql"):
        # the case needs raw SQL, which the caller allows for it (README "Raw SQL"); the
        # case's transaction ends with a rollback, which undoes set_config(..., true)
        if engine == "postgresql":
            call("SELECT set_config('orm.allow_raw_sql', 'on', true)")
        else:
            call("SELECT orm_allow_raw_sql(1)")
    if kind == "declare":
        out["result"] = '{"declared":true}'
        return out
    if kind == "flush":
        call("SELECT orm_flush(%s, 'counts')" + cast, (case["stmt"],))
        out["result"] = '{"flushed":true}'
        out["tables"] = G.dumps(G.dump_tables(cursor(), engine))
        return out
    if kind == "get":
        args = [case["stmt"], json.dumps(case["key"])]
        if case.get("options"):
            args.append(case["options"])
        text = call("SELECT orm_get(%s)" % ", ".join(["%s"] * len(args)) + cast, tuple(args))
    else:
        fn = "orm_select" if kind in ("select", "call") else "orm_execute"
        if pj is None:
            text = call("SELECT %s(%%s)%s" % (fn, cast), (case["stmt"],))
        else:
            text = call("SELECT %s(%%s, %%s)%s" % (fn, cast), (case["stmt"], pj))
    out["result"] = text
    if kind == "execute":
        out["tables"] = G.dumps(G.dump_tables(cursor(), engine))
    return out


# ---- parent ------------------------------------------------------------------------

def run_group(engine, model, data, cases, orm_path, dsn):
    """Runs one mapping's cases in child processes; a child that dies (a crash in
    the extension) costs its current case only."""
    results = {}
    setup = None
    pending = list(cases)
    while pending:
        spec = {"engine": engine, "model": model, "data": data, "orm": orm_path, "dsn": dsn,
                "cases": pending}
        p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        out, err = p.communicate(json.dumps(spec))
        done = set()
        for line in out.splitlines():
            if not line.strip():
                continue
            msg = json.loads(line)
            if "setup" in msg:
                if setup is None or "lost" in (setup or {}):
                    setup = msg["setup"]
                continue
            results[msg["id"]] = msg
            done.add(msg["id"])
        rest = [c for c in pending if c["id"] not in done]
        if not rest:
            break
        if setup and ("error" in setup or "flush_error" in setup):
            break
        if p.returncode == 3:   # PostgreSQL connection lost: wait for the restart
            time.sleep(3)
            pending = rest
            continue
        # the child died in the middle of rest[0]
        why = ("signal %d" % -p.returncode) if p.returncode and p.returncode < 0 else \
            ("exit status %s" % p.returncode)
        tail = err.strip().splitlines()[-3:] if err.strip() else []
        results[rest[0]["id"]] = {"id": rest[0]["id"], "crash": True,
                                  "error": "the process died (%s) %s" % (why, " / ".join(tail))}
        pending = rest[1:]
    return setup or {"error": "no setup reported"}, results


def classify(case, exp, got):
    """-> (class, note)"""
    if exp is None:
        return "ERROR", "no expected result for this engine (run gen_expected.py)"
    if got is None:
        return "ERROR", "no result"
    if "error" in exp:
        if "error" in got:
            if case.get("match_error"):
                want = exp["error"]["message"].split("\n")[0][:60]
                if want not in got["error"]:
                    return "WRONG", "SQLAlchemy raises %s (%s); orm's error differs" % (exp["error"]["type"], want)
            return "PASS", "both refuse"
        return "WRONG", "SQLAlchemy raises %s; orm returned a result" % exp["error"]["type"]
    if "error" in got:
        if got.get("crash"):
            return "ERROR", "crash"
        return G.classify_error(got["error"]), None
    vol = set(case.get("volatile") or [])
    try:
        g = G.mask(G.parse_json(got["result"]), vol)
    except ValueError:
        return "WRONG", "orm's result is not JSON"
    e = exp["result"]
    ordered = exp.get("ordered", True)
    if not G.same(e, g, ordered):
        return "WRONG", None
    if case["kind"] in ("execute", "flush"):
        if not G.same(exp.get("tables"), G.mask(G.parse_json(got["tables"]), vol)):
            return "WRONG", "the tables differ afterwards"
    return "PASS", None


def load_expected():
    exp = {}
    for chapter, _ in G.CHAPTERS:
        path = os.path.join(HERE, "expected", chapter + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            top = G.parse_json(f.read())
        for cid, per in top:
            if cid.startswith("_"):
                continue
            exp[cid] = {}
            for eng, entry in per:
                d = {k: v for k, v in entry}
                if "error" in d:
                    d["error"] = {k: v for k, v in d["error"]}
                exp[cid][eng] = d
    fx = {}
    path = os.path.join(HERE, "expected", "_fixtures.json")
    if os.path.exists(path):
        with open(path) as f:
            for k, per in G.parse_json(f.read()):
                fx[k] = {eng: t for eng, t in per}
    return exp, fx


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("chapters", nargs="*")
    ap.add_argument("--orm", default=os.path.join(ROOT, "orm"))
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], action="append")
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--verbose", "-v", action="count", default=0,
                    help="list the cases that do not pass; twice: with expected and got")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child_main()
        return 0

    dsn = os.environ.get("GUIDE_ORM_PG_DSN")
    engines = args.engine or (["sqlite"] + (["postgresql"] if dsn else []))
    if "postgresql" in engines and not dsn:
        print("check.py: GUIDE_ORM_PG_DSN is not set", file=sys.stderr)
        return 2
    cases = G.load_cases(args.chapters or None)
    expected, fixtures = load_expected()

    outcome = {}   # (id, engine) -> (class, note, got)
    setups = {}    # (model, data, engine) -> setup report
    for engine in engines:
        groups = {}
        for c in cases:
            if c["kind"] != "skip" and engine in c["engines"]:
                groups.setdefault((c["model"], c["data"]), []).append(c)
        for (model, data), cs in groups.items():
            setup, results = run_group(engine, model, data, cs, args.orm, dsn)
            fx_note = None
            want = fixtures.get("%s|%s" % (model, data), {}).get(engine)
            if "declare_error" in setup:
                if want is not None:    # SQLAlchemy declared it (else both refuse it)
                    fx_note = "orm_declare failed: " + setup["declare_error"]
            elif "flush_error" in setup:
                fx_note = "orm_flush of the sample rows failed: " + setup["flush_error"]
            elif "error" in setup:
                fx_note = "setup failed: " + setup["error"]
            elif want is None:
                fx_note = "no expected sample rows (run gen_expected.py)"
            elif not G.same(want, G.parse_json(setup["tables"])):
                fx_note = "orm_flush stored rows that differ from SQLAlchemy's"
            setups[(model, data, engine)] = (setup, fx_note)
            for c in cs:
                got = results.get(c["id"])
                if got is None:
                    if "flush_error" in setup or "error" in setup:
                        got = {"error": fx_note}
                exp = expected.get(c["id"], {}).get(engine)
                if got is not None and "error" in got and ("flush_error" in setup or "error" in setup):
                    cls, note = "ERROR", "setup"
                else:
                    cls, note = classify(c, exp, got)
                outcome[(c["id"], engine)] = (cls, note, got)
                if args.verbose and cls != "PASS":
                    print("%-8s %-11s %s %s" % (cls, engine, c["id"], (got or {}).get("error", "")[:150]))
                    if args.verbose > 1 and exp is not None:
                        print("    expected:", short(exp.get("result", exp.get("error")), 600))
                        print("    got:     ", short((got or {}).get("result") or "", 600))

    print_summary(cases, engines, outcome, setups)
    if args.report:
        write_report(cases, engines, outcome, setups, expected)
    npass = sum(1 for v in outcome.values() if v[0] == "PASS")
    nfail = len(outcome) - npass
    print("guidecheck: %d passed, %d failed" % (npass, nfail))
    return 0 if nfail == 0 else 1


CLASSES = ("PASS", "REFUSED", "WRONG", "ERROR")


def print_summary(cases, engines, outcome, setups):
    bad = [(k, v[1]) for k, v in setups.items() if v[1]]
    if bad:
        print("Mappings whose setup differs from SQLAlchemy's:")
        for (model, data, engine), note in bad:
            print("  %-11s %s / %s: %s" % (engine, model, data, note[:200]))
        print()
    hdr = "%-20s %-11s %6s %6s %8s %6s %6s %6s" % ("chapter", "engine", "cases", "PASS", "REFUSED", "WRONG",
                                                  "ERROR", "skip")
    print(hdr)
    print("-" * len(hdr))
    tot = {e: dict.fromkeys(CLASSES, 0) for e in engines}
    for chapter, _ in G.CHAPTERS:
        cs = [c for c in cases if c["chapter"] == chapter]
        if not cs:
            continue
        skips = sum(1 for c in cs if c["kind"] == "skip")
        for e in engines:
            n = dict.fromkeys(CLASSES, 0)
            for c in cs:
                if (c["id"], e) in outcome:
                    n[outcome[(c["id"], e)][0]] += 1
            for k in CLASSES:
                tot[e][k] += n[k]
            print("%-20s %-11s %6d %6d %8d %6d %6d %6d" % (chapter, e, sum(n.values()), n["PASS"], n["REFUSED"],
                                                        n["WRONG"], n["ERROR"], skips))
    print("-" * len(hdr))
    for e in engines:
        print("%-20s %-11s %6d %6d %8d %6d %6d" % ("total", e, sum(tot[e].values()), tot[e]["PASS"],
                                                tot[e]["REFUSED"], tot[e]["WRONG"], tot[e]["ERROR"]))


# ---- the report -----------------------------------------------------------------------

def short(text, n=1500):
    text = text if isinstance(text, str) else G.dumps(text)
    return text if len(text) <= n else text[:n] + " ... (%d more characters)" % (len(text) - n)


def write_report(cases, engines, outcome, setups, expected):
    lines = []
    w = lines.append
    npass = sum(1 for v in outcome.values() if v[0] == "PASS")
    w("# The ORM Querying Guide through orm: what does not pass yet")
    w("")
    w("Generated by `test/guide/check.py --report` (`make guidecheck`); do not edit by hand.")
    w("Each case is a statement of SQLAlchemy 2.0's ORM Querying Guide (or of its relationship")
    w("pattern chapters) run through orm and compared with what SQLAlchemy 2.0 returned for it")
    w("(`test/guide/expected/`, made by `gen_expected.py`). Engines: %s." % ", ".join(engines))
    w("Case ids are `<chapter>:<line of the guide's .rst>`; \"derived\" cases are our statements on")
    w("the guide's mappings (the pattern chapters have almost no statements of their own).")
    w("")
    w("Run it again with `make guidecheck`; regenerate the expected results with")
    w("`GUIDE_SA_PYTHON=<a python that imports SQLAlchemy 2.0> test/guide/run.sh gen`.")
    w("")
    w("Classes: **WRONG** a result that differs from SQLAlchemy's (or a result where SQLAlchemy")
    w("raises); **ERROR** an orm error that is not a refusal (engine error, crash, error on a")
    w("supported form); **REFUSED** an error saying what is not supported.")
    w("")
    w("## Summary")
    w("")
    w("| chapter | engine | cases | PASS | REFUSED | WRONG | ERROR | not expressible |")
    w("|---|---|---|---|---|---|---|---|")
    for chapter, _ in G.CHAPTERS:
        cs = [c for c in cases if c["chapter"] == chapter]
        if not cs:
            continue
        skips = sum(1 for c in cs if c["kind"] == "skip")
        for e in engines:
            n = dict.fromkeys(CLASSES, 0)
            for c in cs:
                if (c["id"], e) in outcome:
                    n[outcome[(c["id"], e)][0]] += 1
            w("| %s | %s | %d | %d | %d | %d | %d | %d |" % (chapter, e, sum(n.values()), n["PASS"], n["REFUSED"],
                                                            n["WRONG"], n["ERROR"], skips))
    w("")
    w("%d passed, %d failed (refusals count as failed)." % (npass, len(outcome) - npass))
    w("")
    # counts per feature
    feats = {}
    for c in cases:
        for e in engines:
            o = outcome.get((c["id"], e))
            if o and o[0] != "PASS":
                feats.setdefault(c.get("feature") or "select language", {}).setdefault(o[0], 0)
                feats[c.get("feature") or "select language"][o[0]] += 1
    w("## Not passing, by feature (case x engine)")
    w("")
    w("| feature | WRONG | ERROR | REFUSED |")
    w("|---|---|---|---|")
    for f in sorted(feats, key=lambda f: -sum(feats[f].values())):
        w("| %s | %d | %d | %d |" % (f, feats[f].get("WRONG", 0), feats[f].get("ERROR", 0), feats[f].get("REFUSED", 0)))
    w("")
    bad = {}
    for (model, data, engine), (setup, note) in setups.items():
        if note:
            bad.setdefault((model, data, note), []).append(engine)
    if bad:
        w("## Mappings orm does not set up as SQLAlchemy does")
        w("")
        w("Every case on these mappings fails with the same error.")
        w("")
        for (model, data, note), engs in sorted(bad.items()):
            w("- `models/%s.py` with `data/%s.json` (%s): %s" % (model, data, ", ".join(engs), note))
        w("")
    for feature in G.FEATURES:
        fcases = [c for c in cases if (c.get("feature") or "select language") == feature and c["kind"] != "skip"
                  and any(outcome.get((c["id"], e), ("PASS",))[0] != "PASS" for e in engines)]
        if not fcases:
            continue
        w("## %s" % feature)
        w("")
        order = {"WRONG": 0, "ERROR": 1, "REFUSED": 2, "PASS": 3}
        fcases.sort(key=lambda c: min(order[outcome.get((c["id"], e), ("PASS",))[0]] for e in engines))
        for c in fcases:
            per = []
            for e in engines:
                o = outcome.get((c["id"], e))
                if o:
                    per.append("%s %s" % (e, o[0]))
            w("### `%s` -- %s" % (c["id"], ", ".join(per)))
            w("")
            w("%s, section \"%s\"; mapping `models/%s.py`, rows `data/%s.json`%s." % (
                dict(G.CHAPTERS)[c["chapter"]], c["section"], c["model"], c["data"],
                "; derived" if c["source"] == "derived" else ""))
            if c.get("note"):
                w("Note: %s." % c["note"].rstrip("."))
            w("")
            w("```python")
            if c["kind"] == "get":
                w("orm_get(%r, %s%s)" % (c["stmt"], json.dumps(c["key"]),
                                         (", %r" % c["options"]) if c.get("options") else ""))
            else:
                w(c["stmt"])
            if c["params"] is not None:
                w("# params: %s" % json.dumps(c["params"]))
            w("```")
            w("")
            shown = set()
            for e in engines:
                o = outcome.get((c["id"], e))
                if not o or o[0] == "PASS":
                    continue
                exp = expected.get(c["id"], {}).get(e)
                got = o[2] or {}
                key = (G.dumps(G.to_pairs({k: v for k, v in exp.items() if k != "sql"})) if exp else "",
                       json.dumps({k: v for k, v in got.items() if k != "id"}, sort_keys=True), o[0])
                if key in shown:
                    w("- %s: %s, the same as above (SQLAlchemy's SQL aside)" % (e, o[0]))
                    w("")
                    continue
                shown.add(key)
                w("- %s: **%s**%s" % (e, o[0], (" (%s)" % o[1]) if o[1] else ""))
                if exp is not None:
                    if "error" in exp:
                        w("  - expected: SQLAlchemy raises `%s`: %s" % (exp["error"]["type"],
                                                                       short(exp["error"]["message"], 400)))
                    else:
                        w("  - expected%s: `%s`" % ("" if exp.get("ordered", True) else " (any order)",
                                                   short(exp["result"])))
                        if c["kind"] in ("execute", "flush") and "tables" in exp:
                            w("  - expected tables: `%s`" % short(exp["tables"]))
                if "error" in got:
                    w("  - got error: `%s`" % short(got["error"], 600))
                elif "result" in got:
                    w("  - got: `%s`" % short(got["result"]))
                    if c["kind"] in ("execute", "flush") and "tables" in got:
                        w("  - got tables: `%s`" % short(got["tables"]))
                if exp is not None and exp.get("sql"):
                    w("  - SQLAlchemy's SQL: `%s`" % short(" ; ".join(s.replace("\n", " ") for s in exp["sql"]), 800))
                w("")
    both = [(c, e) for c in cases for e in engines
            if outcome.get((c["id"], e), ("",))[0] == "PASS" and outcome[(c["id"], e)][1] == "both refuse"]
    if both:
        w("## Passing because both refuse")
        w("")
        w("SQLAlchemy raises on these, and so does orm -- not always for the same reason:")
        w("")
        for c, e in both:
            exp = expected.get(c["id"], {}).get(e) or {}
            got = outcome[(c["id"], e)][2] or {}
            w("- `%s` (%s): SQLAlchemy `%s`: %s -- orm: %s" % (
                c["id"], e, exp.get("error", {}).get("type"), short(exp.get("error", {}).get("message", ""), 160).replace("\n", " "),
                short(got.get("error", ""), 200)))
        w("")
    skips = [c for c in cases if c["kind"] == "skip"]
    if skips:
        w("## Statements of the guide that orm's contract cannot express")
        w("")
        w("Not run and not counted.")
        w("")
        for c in skips:
            w("- `%s` (%s): `%s` -- %s" % (c["id"], c["section"], c["stmt"].replace("\n", " "), c["note"]))
        w("")
    with open(os.path.join(HERE, "REPORT.md"), "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    print("wrote %s" % os.path.join(HERE, "REPORT.md"))


if __name__ == "__main__":
    sys.exit(main())
