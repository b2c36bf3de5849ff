#!/usr/bin/python3
"""
bench_sqlite.py -- orm against hand-written SQL and SQLAlchemy, on SQLite, in one run.

Run by `make bench` (never by `make check`).  Uses Debian's python3 with its sqlite3
module (load_extension) and Debian's python3-sqlalchemy (1.4, 2.0-style select()).
Every contender works on the same database file (journal_mode and synchronous as
SQLite's defaults), each on its own connection; see benchlib.py for the fairness
rules (same JSON text at the end, results checked before timing, commits per round).

Workloads, each timed as the best of BENCH_ROUNDS rounds:
  users+posts   every user with its posts as one JSON document (selectinload)
  get           one user by primary key, 200 calls
  filter        published posts of one author, joined to users, 200 calls
  flush         insert 100 users with 5 posts each in one unit of work, committed
"""
import json
import os
import sqlite3
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
EXT = os.environ.get("BENCH_ORM_EXT", os.path.join(TOP, "orm"))


def connect(path, orm=False):
    # autocommit: every contender commits explicitly (or per statement)
    conn = sqlite3.connect(path, isolation_level=None)
    if orm:
        conn.enable_load_extension(True)
        conn.load_extension(EXT)
    return conn


def make_db(path):
    conn = connect(path, orm=True)
    conn.execute("SELECT orm_declare(?)", (B.MODEL,))
    conn.execute("SELECT orm_create_all()")
    users, posts = B.dataset()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO users (id, username, email) VALUES (?, ?, ?)", users)
    conn.executemany("INSERT INTO posts (id, title, body, published, author_id) VALUES (?, ?, ?, ?, ?)", posts)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    return conn


# ---- hand-written SQL, JSON built in Python ----------------------------------

def hand(conn):
    def users_posts():
        users = [dict(B.user_dict(r), posts=[])
                 for r in conn.execute("SELECT id, username, email FROM users ORDER BY id")]
        by_id = {u["id"]: u for u in users}
        for r in conn.execute("SELECT id, title, body, published, author_id FROM posts "
                              "ORDER BY author_id, id"):
            by_id[r[4]]["posts"].append(B.post_dict(r))
        return json.dumps(users)

    def get():
        out = []
        for i in range(B.N_CALLS):
            r = conn.execute("SELECT id, username, email FROM users WHERE id = ?",
                             (B.get_key(i),)).fetchone()
            out.append(json.dumps(B.user_dict(r)))
        return out

    def filt():
        out = []
        for i in range(B.N_CALLS):
            rows = conn.execute(
                "SELECT posts.id, posts.title, posts.body, posts.published, posts.author_id "
                "FROM posts JOIN users ON users.id = posts.author_id "
                "WHERE users.username = ? AND posts.published = 1", (B.filter_name(i),)).fetchall()
            out.append(json.dumps([B.post_dict(r) for r in rows]))
        return out

    def flush():
        objs = []
        conn.execute("BEGIN")
        for op in B.flush_payload():
            d = op["data"]
            uid = conn.execute("INSERT INTO users (username, email) VALUES (?, ?) RETURNING id",
                               (d["username"], d["email"])).fetchone()[0]
            ps = d["posts"]
            sql = ("INSERT INTO posts (title, body, published, author_id) VALUES "
                   + ", ".join(["(?, ?, 0, ?)"] * len(ps)) + " RETURNING id")
            args = [x for p in ps for x in (p["title"], p["body"], uid)]
            pids = [r[0] for r in conn.execute(sql, args).fetchall()]
            objs.append({"id": uid, "username": d["username"], "email": d["email"],
                         "posts": [{"id": pid, "title": p["title"], "body": p["body"],
                                    "published": False, "author_id": uid}
                                   for pid, p in zip(pids, ps)]})
        conn.execute("COMMIT")
        return json.dumps(objs)

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


# ---- hand-written SQL, JSON built by SQLite (json1) ---------------------------

POST_JSON = ("json_object('id', p.id, 'title', p.title, 'body', p.body, "
             "'published', json(CASE WHEN p.published THEN 'true' ELSE 'false' END), "
             "'author_id', p.author_id)")


def hand_json(conn):
    users_posts_sql = (
        "SELECT json_group_array(json(j)) FROM (SELECT json_object("
        "'id', u.id, 'username', u.username, 'email', u.email, 'posts', "
        "(SELECT json_group_array(json(pj)) FROM (SELECT " + POST_JSON + " AS pj "
        "FROM posts p WHERE p.author_id = u.id ORDER BY p.id))) AS j "
        "FROM users u ORDER BY u.id)")
    get_sql = ("SELECT json_object('id', u.id, 'username', u.username, 'email', u.email) "
               "FROM users u WHERE u.id = ?")
    filter_sql = ("SELECT json_group_array(json(pj)) FROM (SELECT " + POST_JSON + " AS pj "
                  "FROM posts p JOIN users u ON u.id = p.author_id "
                  "WHERE u.username = ? AND p.published = 1)")

    def users_posts():
        return conn.execute(users_posts_sql).fetchone()[0]

    def get():
        return [conn.execute(get_sql, (B.get_key(i),)).fetchone()[0] for i in range(B.N_CALLS)]

    def filt():
        return [conn.execute(filter_sql, (B.filter_name(i),)).fetchone()[0] for i in range(B.N_CALLS)]

    return {"users+posts": users_posts, "get": get, "filter": filt}


# ---- orm -------------------------------------------------------------------------

def orm(conn):
    def users_posts():
        return conn.execute("SELECT orm_select(?)", (B.USERS_POSTS_QUERY,)).fetchone()[0]

    def get():
        return [conn.execute("SELECT orm_get('User', ?)", (str(B.get_key(i)),)).fetchone()[0]
                for i in range(B.N_CALLS)]

    def filt():
        return [conn.execute("SELECT orm_select(?, ?)",
                             (B.FILTER_QUERY, json.dumps({"name": B.filter_name(i)}))).fetchone()[0]
                for i in range(B.N_CALLS)]

    def flush():
        res = conn.execute("SELECT orm_flush(?)", (json.dumps(B.flush_payload()),)).fetchone()[0]
        return B.flush_objects(res)

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


def main():
    if not os.path.exists(EXT + ".so"):
        sys.exit("bench: build ./orm.so first (make)")
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "bench.db")
    make_db(path).close()
    sa_classes = B.sqlalchemy_classes()
    sa = B.sqlalchemy_workloads(sa_classes[5]("sqlite:///" + path, future=True)) if sa_classes else {}
    if not sa:
        print("bench: python3-sqlalchemy is not installed; no SQLAlchemy column", file=sys.stderr)
    contenders = {"hand SQL": hand(connect(path)), "hand JSON": hand_json(connect(path)),
                  "orm": orm(connect(path, orm=True)), "SQLAlchemy": sa}
    work = [(name, {col: fns.get(name) for col, fns in contenders.items()})
            for name in ("users+posts", "get", "filter", "flush")]
    B.run(work, "SQLite %s, %d users x %d posts; best of %d rounds" % (
        sqlite3.sqlite_version, B.N_USERS, B.N_POSTS, B.ROUNDS))


if __name__ == "__main__":
    main()
