#!/usr/bin/python3
"""
bench_pg.py -- orm against hand-written SQL and SQLAlchemy, on PostgreSQL, in one run.

Run by `make bench` through test/bench/run.sh, which starts a throwaway cluster and
passes it in BENCH_PGHOST (socket directory), BENCH_PGPORT, BENCH_PGUSER, BENCH_PGDB;
the database must have the orm extension installed.  Uses Debian's python3-psycopg2
and python3-sqlalchemy (1.4 over psycopg2).  Every contender has its own connection
to the same database; see benchlib.py for the fairness rules (same JSON text in the
client, results checked before timing, commits per round).  json results arrive as
text (psycopg2's json parsing is switched off for every contender).

Contenders:
  hand SQL    rows fetched with psycopg2, JSON built in Python
  hand JSON   one statement building the JSON with json_agg/json_build_object, the
              way PostgREST and pg_graphql answer (for flush: one INSERT ... CTE)
  orm         SELECT orm_select / orm_get / orm_flush
  SQLAlchemy  1.4 ORM over psycopg2, objects turned into the same dicts
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

import psycopg2  # noqa: E402
import psycopg2.extras  # noqa: E402

HOST = os.environ.get("BENCH_PGHOST", "/var/run/postgresql")
PORT = int(os.environ.get("BENCH_PGPORT", "5432"))
USER = os.environ.get("BENCH_PGUSER", "postgres")
DB = os.environ.get("BENCH_PGDB", "orm_bench")

# json/jsonb as text: every contender hands the client the JSON text
psycopg2.extras.register_default_json(globally=True, loads=lambda s: s)
psycopg2.extras.register_default_jsonb(globally=True, loads=lambda s: s)


def connect():
    conn = psycopg2.connect(host=HOST, port=PORT, user=USER, dbname=DB)
    conn.autocommit = True
    return conn


def make_db():
    conn = connect()
    cur = conn.cursor()
    cur.execute("SELECT orm_declare(%s)", (B.MODEL,))
    cur.execute("SELECT orm_create_all()")
    users, posts = B.dataset()
    psycopg2.extras.execute_values(cur, "INSERT INTO users (id, username, email) VALUES %s", users,
                                   page_size=1000)
    psycopg2.extras.execute_values(
        cur, "INSERT INTO posts (id, title, body, published, author_id) VALUES %s", posts,
        page_size=1000)
    for t in ("users", "posts"):
        cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM " + t + "))",
                    (t,))
    cur.execute("VACUUM ANALYZE users")
    cur.execute("VACUUM ANALYZE posts")
    conn.close()


# ---- hand-written SQL, JSON built in Python ----------------------------------

def hand(conn):
    cur = conn.cursor()

    def users_posts():
        cur.execute("SELECT id, username, email FROM users ORDER BY id")
        users = [dict(B.user_dict(r), posts=[]) for r in cur.fetchall()]
        by_id = {u["id"]: u for u in users}
        cur.execute("SELECT id, title, body, published, author_id FROM posts ORDER BY author_id, id")
        for r in cur.fetchall():
            by_id[r[4]]["posts"].append(B.post_dict(r))
        return json.dumps(users)

    def get():
        out = []
        for i in range(B.N_CALLS):
            cur.execute("SELECT id, username, email FROM users WHERE id = %s", (B.get_key(i),))
            out.append(json.dumps(B.user_dict(cur.fetchone())))
        return out

    def filt():
        out = []
        for i in range(B.N_CALLS):
            cur.execute("SELECT posts.id, posts.title, posts.body, posts.published, posts.author_id "
                        "FROM posts JOIN users ON users.id = posts.author_id "
                        "WHERE users.username = %s AND posts.published", (B.filter_name(i),))
            out.append(json.dumps([B.post_dict(r) for r in cur.fetchall()]))
        return out

    def flush():
        objs = []
        cur.execute("BEGIN")
        for op in B.flush_payload():
            d = op["data"]
            cur.execute("INSERT INTO users (username, email) VALUES (%s, %s) RETURNING id",
                        (d["username"], d["email"]))
            uid = cur.fetchone()[0]
            ps = d["posts"]
            rows = psycopg2.extras.execute_values(
                cur, "INSERT INTO posts (title, body, published, author_id) VALUES %s RETURNING id",
                [(p["title"], p["body"], False, uid) for p in ps], fetch=True)
            objs.append({"id": uid, "username": d["username"], "email": d["email"],
                         "posts": [{"id": r[0], "title": p["title"], "body": p["body"],
                                    "published": False, "author_id": uid}
                                   for r, p in zip(rows, ps)]})
        cur.execute("COMMIT")
        return json.dumps(objs)

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


# ---- hand-written SQL, JSON built by PostgreSQL (the PostgREST way) ----------

POST_JSON = ("json_build_object('id', p.id, 'title', p.title, 'body', p.body, "
             "'published', p.published, 'author_id', p.author_id)")

FLUSH_CTE = """
WITH input AS (
    SELECT ord, elem->'data' AS d FROM json_array_elements(%s::json) WITH ORDINALITY AS e(elem, ord)
), u AS (
    INSERT INTO users (username, email)
    SELECT d->>'username', d->>'email' FROM input ORDER BY ord
    RETURNING id, username, email
), p AS (
    INSERT INTO posts (title, body, published, author_id)
    SELECT pe.value->>'title', pe.value->>'body', false, u.id
    FROM input JOIN u ON u.username = input.d->>'username',
         json_array_elements(input.d->'posts') WITH ORDINALITY AS pe(value, pord)
    ORDER BY input.ord, pe.pord
    RETURNING id, title, body, published, author_id
)
SELECT coalesce(json_agg(json_build_object('id', u.id, 'username', u.username, 'email', u.email,
       'posts', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'title', p.title,
                 'body', p.body, 'published', p.published, 'author_id', p.author_id) ORDER BY p.id),
                 '[]') FROM p WHERE p.author_id = u.id)) ORDER BY u.id), '[]')
FROM u
"""


def hand_json(conn):
    cur = conn.cursor()
    users_posts_sql = (
        "SELECT coalesce(json_agg(json_build_object('id', u.id, 'username', u.username, "
        "'email', u.email, 'posts', (SELECT coalesce(json_agg(" + POST_JSON + " ORDER BY p.id), '[]') "
        "FROM posts p WHERE p.author_id = u.id)) ORDER BY u.id), '[]') FROM users u")
    get_sql = ("SELECT json_build_object('id', u.id, 'username', u.username, 'email', u.email) "
               "FROM users u WHERE u.id = %s")
    filter_sql = ("SELECT coalesce(json_agg(" + POST_JSON + "), '[]') "
                  "FROM posts p JOIN users u ON u.id = p.author_id "
                  "WHERE u.username = %s AND p.published")

    def one(sql, args=None):
        cur.execute(sql, args)
        return cur.fetchone()[0]

    def users_posts():
        return one(users_posts_sql)

    def get():
        return [one(get_sql, (B.get_key(i),)) for i in range(B.N_CALLS)]

    def filt():
        return [one(filter_sql, (B.filter_name(i),)) for i in range(B.N_CALLS)]

    def flush():
        return one(FLUSH_CTE, (json.dumps(B.flush_payload()),))

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


# ---- orm -------------------------------------------------------------------------

def orm(conn):
    cur = conn.cursor()

    def one(sql, args=None):
        cur.execute(sql, args)
        return cur.fetchone()[0]

    def users_posts():
        return one("SELECT orm_select(%s)", (B.USERS_POSTS_QUERY,))

    def get():
        return [one("SELECT orm_get('User', %s)", (str(B.get_key(i)),)) for i in range(B.N_CALLS)]

    def filt():
        return [one("SELECT orm_select(%s, %s)", (B.FILTER_QUERY, json.dumps({"name": B.filter_name(i)})))
                for i in range(B.N_CALLS)]

    def flush():
        return B.flush_objects(one("SELECT orm_flush(%s)", (json.dumps(B.flush_payload()),)))

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


def main():
    make_db()
    sa_classes = B.sqlalchemy_classes()
    sa = {}
    if sa_classes:
        url = "postgresql+psycopg2://%s@/%s?host=%s&port=%d" % (USER, DB, HOST, PORT)
        sa = B.sqlalchemy_workloads(sa_classes[5](url, future=True))
    else:
        print("bench: python3-sqlalchemy is not installed; no SQLAlchemy column", file=sys.stderr)
    contenders = {"hand SQL": hand(connect()), "hand JSON": hand_json(connect()),
                  "orm": orm(connect()), "SQLAlchemy": sa}
    work = [(name, {col: fns.get(name) for col, fns in contenders.items()})
            for name in ("users+posts", "get", "filter", "flush")]
    conn = connect()
    cur = conn.cursor()
    cur.execute("SHOW server_version")
    version = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'orm_registry_changed'")
    trigger = cur.fetchone()[0] > 0
    B.run(work, "PostgreSQL %s, %d users x %d posts; best of %d rounds; registry check: %s" % (
        version, B.N_USERS, B.N_POSTS, B.ROUNDS,
        "invalidation (no query)" if trigger else "one query per call (no orm_registry_changed trigger)"))


if __name__ == "__main__":
    main()
