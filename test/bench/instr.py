#!/usr/bin/python3
"""
instr.py -- deterministic cost per call: instructions counted by valgrind's
callgrind, for orm and for the hand-written single-statement JSON version of
the same workload, on the same data.  Wall-clock benchmarks (bench_*.py) on a
small shared machine swing by 2x from run to run; instruction counts do not,
so this is the number to compare before/after a change.

  instr.py sqlite DB_PATH ORM_EXT [BLOG_DB] (database made by bench_sqlite.make_db;
                                            BLOG_DB: the reference read set, case.py setup)
  instr.py pg DATA_DIR DBNAME [BLOG_DBNAME] (cluster stopped; run as its owner)

With the reference read set (make bench's blog, BENCH_R_SCALE users), two more
rows: r2 = issue 9's R2 point read orm_get('User', id, 'selectinload(User.posts)')
against case.py's one-statement JSON version, and r1 = its R1 orm_select of the
whole graph (users, posts, comments, tags) against case.py's JSON statement.

One more row, w1: issue 9's W1 graph write at BENCH_INSTR_W1 users (default
100; 0 leaves it out; BENCH_INSTR_ONLY=w1: that row alone), one orm_flush(changes, 'keys') into an empty declared
database (SQLite: a fresh copy; PostgreSQL: database bench_w, the changes in
BENCH_INSTR_W1_DOC, run.sh's w1_pg_setup, the transaction rolled back), orm
alone (there is no single-statement hand version).

SQLite runs the sqlite3 shell, PostgreSQL a single-user backend (postgres
--single), each reading one statement per line; every statement has its own
text in both columns (the shell and the backend parse and plan each one), so
orm and hand SQL pay the same outer-statement overhead.  Cost per call =
(instructions of the script - instructions of the empty script) / calls.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

CALLS = {"users+posts": 3, "get": 100, "filter": 100, "r2": 100, "r1": 2}


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def scripts(engine):
    """{workload: {column: [statements]}}"""
    if engine == "sqlite":
        post = ("json_object('id', p.id, 'title', p.title, 'body', p.body, 'published', "
                "json(CASE WHEN p.published THEN 'true' ELSE 'false' END), 'author_id', p.author_id)")
        up = ("SELECT length(json_group_array(json(j))) FROM (SELECT json_object('id', u.id, 'username', "
              "u.username, 'email', u.email, 'posts', (SELECT json_group_array(json(pj)) FROM (SELECT "
              + post + " AS pj FROM posts p WHERE p.author_id = u.id ORDER BY p.id))) AS j "
              "FROM users u ORDER BY u.id)")
        get = "SELECT json_object('id', u.id, 'username', u.username, 'email', u.email) FROM users u WHERE u.id = %d"
        filt = ("SELECT json_group_array(json(pj)) FROM (SELECT " + post + " AS pj FROM posts p JOIN users u "
                "ON u.id = p.author_id WHERE u.username = '%s' AND p.published = 1)")
        length, cast = "length", ""
    else:
        post = ("json_build_object('id', p.id, 'title', p.title, 'body', p.body, "
                "'published', p.published, 'author_id', p.author_id)")
        up = ("SELECT octet_length(coalesce(json_agg(json_build_object('id', u.id, 'username', u.username, "
              "'email', u.email, 'posts', (SELECT coalesce(json_agg(" + post + " ORDER BY p.id), '[]') "
              "FROM posts p WHERE p.author_id = u.id)) ORDER BY u.id), '[]')::text) FROM users u")
        get = ("SELECT json_build_object('id', u.id, 'username', u.username, 'email', u.email) "
               "FROM users u WHERE u.id = %d")
        filt = ("SELECT coalesce(json_agg(" + post + "), '[]') FROM posts p JOIN users u ON u.id = p.author_id "
                "WHERE u.username = '%s' AND p.published")
        length, cast = "octet_length", "::text"
    n_up, n_get, n_filt = CALLS["users+posts"], CALLS["get"], CALLS["filter"]
    return {
        "users+posts": {
            # each statement's text differs (a comment), as for the other workloads
            "hand JSON": ["%s /* %d */" % (up, i) for i in range(n_up)],
            "orm": ["SELECT %s(orm_select(%s)%s) /* %d */" % (length, sql_str(B.USERS_POSTS_QUERY), cast, i)
                    for i in range(n_up)],
        },
        "get": {
            "hand JSON": [get % B.get_key(i) for i in range(n_get)],
            "orm": ["SELECT orm_get('User', '%d')" % B.get_key(i) for i in range(n_get)],
        },
        "filter": {
            "hand JSON": [filt % B.filter_name(i) for i in range(n_filt)],
            "orm": ["SELECT orm_select(%s, %s)" % (sql_str(B.FILTER_QUERY),
                                                   sql_str(json.dumps({"name": B.filter_name(i)})))
                    for i in range(n_filt)],
        },
    }


def blog_scripts(engine):
    """The reference read set's R2 and R1 (case.py's queries and JSON statements)."""
    import blog
    import case
    r2_json = case.R2_JSON[engine].replace("?", "%d").replace("%s", "%d")
    ids = blog.r2_ids(CALLS["r2"], case.R_SCALE)
    r1_json = case.R1_JSON[engine].replace("\n", " ").strip()
    if engine == "sqlite":
        r1_json = "SELECT length((%s))" % r1_json
        length, cast = "length", ""
    else:
        r1_json = "SELECT octet_length((%s)::text)" % r1_json
        length, cast = "octet_length", "::text"
    out = {
        "r2": {
            "hand JSON": [r2_json % i for i in ids],
            "orm": ["SELECT orm_get('User', '%d', 'selectinload(User.posts)')" % i for i in ids],
        },
    }
    r1 = ["SELECT %s(orm_select(%s)%s) /* %d */" % (length, sql_str(case.R1_QUERY), cast, i)
          for i in range(CALLS["r1"])]
    out["r1"] = {"hand JSON": ["%s /* %d */" % (r1_json, i) for i in range(CALLS["r1"])], "orm": r1}
    return out


def callgrind(cmd, stdin_text):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                           input=stdin_text, capture_output=True, text=True)
        m = re.search(r"Collected : (\d+)", r.stderr)
        if not m:
            sys.exit("instr: valgrind failed:\n" + r.stderr[-2000:])
        err = [ln for ln in (r.stdout + r.stderr).splitlines()
               if not ln.startswith("==") and ("ERROR" in ln or "rror:" in ln or "rror near" in ln)]
        if err:
            sys.exit("instr: a statement failed: %s" % err[:3])
        return int(m.group(1))


def runner(engine, db, ext=None):
    if engine == "sqlite":
        head = ".load %s\n.output /dev/null\n" % ext

        def run(stmts):
            return callgrind(["sqlite3", db], head + "".join(s + ";\n" for s in stmts))
        return run
    data, dbname = db

    def run(stmts):
        return callgrind([os.path.join(os.environ["PGBINDIR"], "postgres"), "--single", "-D", data, dbname],
                         "".join(s.replace("\n", " ") + "\n" for s in stmts))
    return run


def report(run, warm, table):
    base = run(warm)
    for name, cols in table.items():
        per = {}
        for col, stmts in cols.items():
            per[col] = (run(warm + stmts) - base) / len(stmts)
        print("%-12s %14.0f %14.0f %9.2f" % (name, per["hand JSON"], per["orm"], per["orm"] / per["hand JSON"]))


def w1_sqlite(ext, scale):
    """Issue 9's W1 at scale users on SQLite: one orm_flush(changes, 'keys') of
    case.py's nested adds in a fresh copy of an empty declared database (tags
    only), minus the same script reading the changes without the call.  There
    is no single-statement hand version: the row shows orm alone."""
    import shutil
    import blog
    import case
    with tempfile.TemporaryDirectory() as tmp:
        blog.SQLITE_DIR, blog.ORM_EXT = tmp, ext
        g = blog.graph(scale)
        case.fresh_tables("sqlite", blog.WRITE).close()
        conn = blog.connect("sqlite", blog.WRITE, orm=True)
        case.declare("sqlite", conn)
        by_name = dict(conn.execute("SELECT name, id FROM tags").fetchall())
        conn.close()
        doc = os.path.join(tmp, "w1.json")
        with open(doc, "w") as f:
            f.write(json.dumps(case.w1_changes(g, [by_name[n] for n in blog.tag_names()])))
        base = blog.sqlite_path(blog.WRITE)

        def run(call):
            db = os.path.join(tmp, "run.db")
            shutil.copyfile(base, db)
            head = ".load %s\n.output /dev/null\nSELECT orm_compile('select(Tag)');\n" % ext
            return callgrind(["sqlite3", db], head + "BEGIN;\nSELECT length(%s);\nCOMMIT;\n" % call)
        per = run("orm_flush(readfile(%s), 'keys')" % sql_str(doc)) - run("readfile(%s)" % sql_str(doc))
        mb = os.path.getsize(doc) / 1e6
    print("%-12s %14s %14.0f %9s   (orm_flush of %d users' graph, %.2f MB)" % ("w1", "-", per, "-", scale, mb))


def w1_pg_setup(doc, scale):
    """Before the cluster stops: the empty declared W1 database (tags only) and
    the changes of scale users written to doc (the backend reads it)."""
    import blog
    import case
    g = blog.graph(scale)
    case.fresh_tables("pg", blog.WRITE).close()
    conn = blog.connect("pg", blog.WRITE)
    case.declare("pg", conn)
    cur = conn.cursor()
    cur.execute("SELECT name, id FROM tags")
    by_name = dict(cur.fetchall())
    conn.close()
    with open(doc, "w") as f:
        f.write(json.dumps(case.w1_changes(g, [by_name[n] for n in blog.tag_names()])))


def w1_pg(data, doc, scale):
    """W1 on PostgreSQL: one orm_flush(changes, 'keys') in a transaction rolled
    back (every run writes into the same empty tables), minus the same script
    reading the changes without the call (so the text's json input, which
    every client's call pays, counts as orm's)."""
    import blog
    run = runner("pg", (data, blog.WRITE))
    head = ["SELECT orm_compile('select(Tag)')", "BEGIN"]
    lit = "pg_read_file(%s)" % sql_str(doc)
    per = (run(head + ["SELECT length(orm_flush(%s::json, 'keys')::text)" % lit, "ROLLBACK"]) -
           run(head + ["SELECT length(%s)" % lit, "ROLLBACK"]))
    print("%-12s %14s %14.0f %9s   (orm_flush of %d users' graph, %.2f MB)" % (
        "w1", "-", per, "-", scale, os.path.getsize(doc) / 1e6))


def main():
    engine = sys.argv[1]
    blog_db = sys.argv[4] if len(sys.argv) > 4 else None
    if engine == "sqlite":
        db, ext = sys.argv[2], sys.argv[3]
        run = runner(engine, db, ext)
        warm = ["SELECT orm_get('User', '1')"]
    else:
        data, dbname = sys.argv[2], sys.argv[3]
        run = runner(engine, (data, dbname))
        warm = ["SELECT orm_get('User', '1')"]
    title = "SQLite"
    if engine == "pg":
        r = subprocess.run([os.path.join(os.environ["PGBINDIR"], "postgres"), "--single", "-D", data, dbname],
                           input="SELECT count(*) AS n FROM pg_trigger WHERE tgname = 'orm_registry_changed'\n",
                           capture_output=True, text=True)
        m = re.search(r'n = "(\d+)"', r.stdout)
        title = "PostgreSQL single-user backend (registry check: %s)" % (
            "invalidation, no query" if m and m.group(1) != "0" else "one query per call, no trigger")
    print("%s: instructions per call (valgrind callgrind; lower is better)" % title)
    print("%-12s %14s %14s %9s" % ("workload", "hand JSON", "orm", "orm/json"))
    only_w1 = os.environ.get("BENCH_INSTR_ONLY", "") == "w1"
    if not only_w1:
        report(run, warm, scripts(engine))
    if blog_db and not only_w1:
        # the reference read set: the warm-up call is an R2 read of another user
        brun = runner(engine, blog_db, ext) if engine == "sqlite" else runner(engine, (data, blog_db))
        report(brun, ["SELECT orm_get('User', '1', 'selectinload(User.posts)')"], blog_scripts(engine))
    if engine == "sqlite" and os.environ.get("BENCH_INSTR_W1", "100") != "0":
        w1_sqlite(ext, int(os.environ.get("BENCH_INSTR_W1", "100")))
    if engine == "pg" and os.environ.get("BENCH_INSTR_W1_DOC"):
        w1_pg(data, os.environ["BENCH_INSTR_W1_DOC"], int(os.environ.get("BENCH_INSTR_W1", "100")))


if __name__ == "__main__":
    main()
