#!/usr/bin/python3
"""
case.py -- one run of one contender on one reference workload, in a process
of its own (test/bench/ref.py starts one per run, as an application would
start).  Prints one line: elapsed=SECONDS checksum=... [key=value ...].

  case.py WORKLOAD CONTENDER ENGINE
  case.py setup ENGINE                 loads the read set (not timed)

Timed: from a connected client (mapping configured, orm's library loaded and
its registry parsed by one call of another statement) to the walked result
(reads) or the commit (writes).  Every time includes the client's json.loads
and the walk (blog.walk / blog.r2_add) the contenders all do.

R1  the whole graph, BENCH_R_SCALE users (2,000): users with posts, their
    comments and tags.
    sa     SQLAlchemy ORM, selectinload chains, session.scalars().all()
    json   one hand-written statement building the nested JSON (pg: aggregated
           bottom-up with GROUP BY; SQLite: json_group_array in correlated
           subqueries), json.loads
    raw    4 plain SELECTs, the key lists as one array (pg: = ANY(%s)) or one
           IN list (SQLite), rows assembled into dicts in the client
    orm    one orm_select() with the same selectinload options, json.loads
           (pg: the backend's private memory sampled, see below)
    orm-first  the same call first in a fresh connection (library not loaded,
           registry not parsed) and then again: first= and warm= seconds
R2  BENCH_R2_N (10,000) point reads of a user with its posts.
    sa     session.get(User, id, options=[selectinload(User.posts)]), expunged
    raw    2 SELECTs per read, rows to dicts (sqlite3 caches the statements)
    json   1 statement returning the user with posts as JSON text, json.loads
    rawprep, jsonprep  (pg) the same as server-side prepared statements
    orm    orm_get('User', id, 'selectinload(User.posts)'), json.loads
    ormprep  (pg) the orm_get call as a prepared statement
W1  one graph of BENCH_W_SCALE users (1,000) x 10 posts x 3 comments (a third
    replies to the first) + 3 links to existing tags, written in one
    transaction into empty tables that hold only the tags (reset untimed).
    sa     SQLAlchemy ORM objects, add_all + commit
    core   (SQLAlchemy 2.0) insert().returning(sort_by_parameter_order=True)
           executemany per table
    raw    pg: every id reserved in one round trip, then COPY per table;
           SQLite: BEGIN IMMEDIATE, ids from max(id), one executemany per table
    orm    one orm_flush(changes, 'keys') of 1,000 nested adds

pg memory (orm R1, from /proc/<backend>/status): be_fresh = RssAnon of the
fresh backend, be_peak = highest RssAnon sampled every ~1 ms during the call,
be_after = RssAnon after it returned (MB); out_mb = result size.
"""
import io
import json
import os
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blog  # noqa: E402

R_SCALE = int(os.environ.get("BENCH_R_SCALE") or 2000)
W_SCALE = int(os.environ.get("BENCH_W_SCALE") or 1000)
R2_N = int(os.environ.get("BENCH_R2_N") or 10000)

R1_QUERY = ("select(User).options("
            "selectinload(User.posts).selectinload(Post.comments), "
            "selectinload(User.posts).selectinload(Post.tags))")


# --------------------------------------------------------------------------
# data sets

def copy_rows(cur, table, cols, rows):
    """COPY text format: \\N, t/f, escaped text."""
    esc = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

    def f(v):
        if v is None:
            return "\\N"
        if v is True or v is False:
            return "t" if v else "f"
        return v.translate(esc) if isinstance(v, str) else str(v)
    buf = io.StringIO()
    for r in rows:
        buf.write("\t".join(f(v) for v in r))
        buf.write("\n")
    buf.seek(0)
    cur.copy_expert("COPY %s (%s) FROM STDIN" % (table, ", ".join(cols)), buf, size=1 << 20)


def fresh_tables(engine, dataset):
    """Empty blog tables holding only the tags (ids 1..50); returns a raw connection."""
    if engine == "pg":
        conn = blog.connect(engine, dataset)
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS post_tags, comments, posts, users, tags CASCADE")
        for s in blog.ddl(engine):
            cur.execute(s)
        cur.executemany("INSERT INTO tags (name) VALUES (%s)", [(n,) for n in blog.tag_names()])
        conn.commit()
        return conn
    path = blog.sqlite_path(dataset)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    conn = blog.connect(engine, dataset)
    cur = conn.cursor()
    cur.execute("BEGIN")
    for s in blog.ddl(engine):
        cur.execute(s)
    cur.executemany("INSERT INTO tags (name) VALUES (?)", [(n,) for n in blog.tag_names()])
    cur.execute("COMMIT")
    return conn


def declare(engine, conn):
    """The mapping for orm, unless the newest registry row already is it."""
    cur = conn.cursor()
    if engine == "pg":
        cur.execute("SELECT source FROM orm_registry ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
        if not row or row[0] != blog.MODEL:
            cur.execute("SELECT orm_declare(%s)::text", (blog.MODEL,))
        conn.commit()
        return
    cur.execute("SELECT 1 FROM sqlite_master WHERE name = 'orm_registry'")
    row = None
    if cur.fetchone():
        cur.execute("SELECT source FROM orm_registry ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
    if not row or row[0] != blog.MODEL:
        cur.execute("SELECT orm_declare(?)", (blog.MODEL,))


def setup(engine):
    t0 = time.perf_counter()
    conn = fresh_tables(engine, blog.READ)
    ur, pr, cr, tr = blog.rows(blog.graph(R_SCALE), engine)
    cur = conn.cursor()
    if engine == "pg":
        copy_rows(cur, "users", blog.UCOLS, ur)
        copy_rows(cur, "posts", blog.PCOLS, pr)
        copy_rows(cur, "comments", blog.CCOLS, cr)
        copy_rows(cur, "post_tags", ("post_id", "tag_id"), tr)
        for t in ("users", "posts", "comments"):
            cur.execute("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))"
                        % (t, t))
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")
        conn.autocommit = False
    else:
        cur.execute("BEGIN")
        for table, cols, rs in (("users", blog.UCOLS, ur), ("posts", blog.PCOLS, pr),
                                ("comments", blog.CCOLS, cr), ("post_tags", ("post_id", "tag_id"), tr)):
            cur.executemany("INSERT INTO %s (%s) VALUES (%s)" % (
                table, ", ".join(cols), ", ".join("?" * len(cols))), rs)
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    declare(engine, blog.connect(engine, blog.READ, orm=True))
    print("setup %s: %d users, %d posts, %d comments, %d post_tags in %.1f s" % (
        engine, len(ur), len(pr), len(cr), len(tr), time.perf_counter() - t0))


def orm_connect(engine, dataset):
    """A connection for orm calls, mapping declared, and the warm-up call
    (library loaded, registry parsed) on a statement no workload runs."""
    conn = blog.connect(engine, dataset, orm=True)
    declare(engine, conn)
    cur = conn.cursor()
    cur.execute("SELECT orm_compile('select(Tag)')")
    cur.fetchall()
    if engine == "pg":
        conn.commit()
    return conn


def proc_anon(pid):
    """RssAnon of a process, MB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """Highest RssAnon of a process, sampled every ~1 ms while running."""

    def __init__(self, pid):
        self.pid, self.peak, self.on = pid, 0.0, True
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while self.on:
            try:
                self.peak = max(self.peak, proc_anon(self.pid))
            except OSError:
                return
            time.sleep(0.001)

    def stop(self):
        self.on = False
        self.t.join()
        return self.peak


# --------------------------------------------------------------------------
# R1

R1_JSON = {
    "pg": """
WITH c AS (SELECT c.post_id, json_agg(c) AS j FROM comments c GROUP BY c.post_id),
     t AS (SELECT x.post_id, json_agg(t) AS j
           FROM post_tags x JOIN tags t ON t.id = x.tag_id GROUP BY x.post_id),
     p AS (SELECT q.author_id, json_agg(q) AS j
           FROM (SELECT p.*, coalesce(c.j, '[]') AS comments, coalesce(t.j, '[]') AS tags
                 FROM posts p LEFT JOIN c ON c.post_id = p.id LEFT JOIN t ON t.post_id = p.id) q
           GROUP BY q.author_id)
SELECT coalesce(json_agg(u ORDER BY u.id), '[]')
FROM (SELECT users.*, coalesce(p.j, '[]') AS posts
      FROM users LEFT JOIN p ON p.author_id = users.id) u""",
    "sqlite": """
SELECT json_group_array(json_object(
  'id', u.id, 'username', u.username, 'email', u.email, 'display_name', u.display_name,
  'is_active', u.is_active, 'created_at', u.created_at,
  'posts', (SELECT json_group_array(json_object(
      'id', p.id, 'title', p.title, 'slug', p.slug, 'body', p.body, 'status', p.status,
      'author_id', p.author_id, 'created_at', p.created_at,
      'comments', (SELECT json_group_array(json_object(
          'id', c.id, 'body', c.body, 'post_id', c.post_id, 'author_id', c.author_id,
          'parent_id', c.parent_id, 'created_at', c.created_at))
        FROM comments c WHERE c.post_id = p.id),
      'tags', (SELECT json_group_array(json_object('id', t.id, 'name', t.name))
        FROM post_tags x JOIN tags t ON t.id = x.tag_id WHERE x.post_id = p.id)))
    FROM posts p WHERE p.author_id = u.id)))
FROM (SELECT * FROM users ORDER BY id) u""",
}


def r1_sa(engine):
    from sqlalchemy import select
    from sqlalchemy.orm import Session, configure_mappers, selectinload
    from blog_sa import Post, User
    eng = blog.sa_engine(engine, blog.READ)
    configure_mappers()
    with Session(eng) as s:
        s.connection()
        with blog.Timer() as t:
            users = s.scalars(select(User).order_by(User.id).options(
                selectinload(User.posts).options(selectinload(Post.comments),
                                                 selectinload(Post.tags)))).all()
            cs = blog.walk(users, attr=True)
    blog.report(t.s, cs)


def r1_json(engine):
    conn = blog.connect(engine, blog.READ)
    cur = conn.cursor()
    with blog.Timer() as t:
        cur.execute(R1_JSON[engine])
        doc = cur.fetchone()[0]
        cs = blog.walk(json.loads(doc))
    blog.report(t.s, cs, out_mb=len(doc) / 1e6)


def r1_raw(engine):
    conn = blog.connect(engine, blog.READ)
    cur = conn.cursor()

    def where_in(sql, col, keys):
        if engine == "pg":
            cur.execute(sql + " WHERE %s = ANY(%%s)" % col, (keys,))
            return cur.fetchall()
        out = []
        for i in range(0, len(keys), 30000):       # SQLite's parameter limit
            part = keys[i:i + 30000]
            cur.execute(sql + " WHERE %s IN (%s)" % (col, ",".join("?" * len(part))), part)
            out += cur.fetchall()
        return out

    with blog.Timer() as t:
        cur.execute("SELECT %s FROM users ORDER BY id" % ", ".join(blog.UCOLS))
        users, posts_of = [], {}
        for r in cur.fetchall():
            u = dict(zip(blog.UCOLS, r))
            u["posts"] = posts_of[r[0]] = []
            users.append(u)
        comments_of, tags_of = {}, {}
        for r in where_in("SELECT %s FROM posts" % ", ".join(blog.PCOLS), "author_id",
                          list(posts_of)):
            p = dict(zip(blog.PCOLS, r))
            p["comments"] = comments_of[r[0]] = []
            p["tags"] = tags_of[r[0]] = []
            posts_of[r[5]].append(p)
        pids = list(comments_of)
        for r in where_in("SELECT %s FROM comments" % ", ".join(blog.CCOLS), "post_id", pids):
            comments_of[r[2]].append(dict(zip(blog.CCOLS, r)))
        for pid, tid, name in where_in("SELECT x.post_id, t.id, t.name FROM post_tags x "
                                       "JOIN tags t ON t.id = x.tag_id", "x.post_id", pids):
            tags_of[pid].append({"id": tid, "name": name})
        cs = blog.walk(users)
    blog.report(t.s, cs)


def r1_orm(engine):
    conn = orm_connect(engine, blog.READ)
    cur = conn.cursor()
    sql = blog.orm_call(engine, "orm_select", "?")
    extra = {}
    if engine == "pg":
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
        conn.commit()
        sampler = Sampler(pid)
    with blog.Timer() as t:
        cur.execute(sql, (R1_QUERY,))
        doc = cur.fetchone()[0]
        cs = blog.walk(json.loads(doc))
    if engine == "pg":
        extra["be_peak"] = sampler.stop()
        conn.commit()
        extra["be_after"] = proc_anon(pid)
        # a fresh backend of the same database, for the retained memory
        other = blog.connect(engine, blog.READ)
        c2 = other.cursor()
        c2.execute("SELECT pg_backend_pid()")
        extra["be_fresh"] = proc_anon(c2.fetchone()[0])
        other.close()
    blog.report(t.s, cs, out_mb=len(doc) / 1e6, **extra)


def r1_orm_first(engine):
    conn = blog.connect(engine, blog.READ, orm=True)
    cur = conn.cursor()
    sql = blog.orm_call(engine, "orm_select", "?")
    times = []
    for _ in range(2):
        with blog.Timer() as t:
            cur.execute(sql, (R1_QUERY,))
            doc = cur.fetchone()[0]
            cs = blog.walk(json.loads(doc))
        if engine == "pg":
            conn.commit()
        times.append(t.s)
        del doc
    blog.report(times[0], cs, first=times[0], warm=times[1], first_over_warm=times[0] / times[1])


# --------------------------------------------------------------------------
# R2

def r2_sa(engine, ids):
    from sqlalchemy.orm import Session, configure_mappers, selectinload
    from blog_sa import User
    eng = blog.sa_engine(engine, blog.READ)
    configure_mappers()
    cs = [0, 0, 0, 0]
    with Session(eng) as s:
        s.connection()
        opts = [selectinload(User.posts)]
        with blog.Timer() as t:
            for uid in ids:
                blog.r2_add(s.get(User, uid, options=opts), cs, attr=True)
                s.expunge_all()
    return t.s, cs


def r2_raw(engine, ids, prepared):
    conn = blog.connect(engine, blog.READ)
    cur = conn.cursor()
    ph = "%s" if engine == "pg" else "?"
    qu = "SELECT %s FROM users WHERE id = %s" % (", ".join(blog.UCOLS), ph)
    qp = "SELECT %s FROM posts WHERE author_id = %s" % (", ".join(blog.PCOLS), ph)
    if prepared:
        cur.execute("PREPARE qu(int) AS " + qu.replace("%s", "$1"))
        cur.execute("PREPARE qp(int) AS " + qp.replace("%s", "$1"))
        qu, qp = "EXECUTE qu(%s)", "EXECUTE qp(%s)"
    cs = [0, 0, 0, 0]
    with blog.Timer() as t:
        for uid in ids:
            cur.execute(qu, (uid,))
            u = dict(zip(blog.UCOLS, cur.fetchone()))
            cur.execute(qp, (uid,))
            u["posts"] = [dict(zip(blog.PCOLS, r)) for r in cur.fetchall()]
            blog.r2_add(u, cs)
    return t.s, cs


R2_JSON = {
    "pg": "SELECT row_to_json(x) FROM (SELECT u.*, (SELECT coalesce(json_agg(p), '[]') "
          "FROM posts p WHERE p.author_id = u.id) AS posts FROM users u WHERE u.id = %s) x",
    "sqlite": "SELECT json_object('id', u.id, 'username', u.username, 'email', u.email, "
              "'display_name', u.display_name, 'is_active', u.is_active, "
              "'created_at', u.created_at, 'posts', (SELECT json_group_array(json_object("
              "'id', p.id, 'title', p.title, 'slug', p.slug, 'body', p.body, "
              "'status', p.status, 'author_id', p.author_id, 'created_at', p.created_at)) "
              "FROM posts p WHERE p.author_id = u.id)) FROM users u WHERE u.id = ?",
}


def r2_one_statement(engine, ids, sql, conn, prepared, argtype="int"):
    cur = conn.cursor()
    if prepared:
        cur.execute("PREPARE q(%s) AS %s" % (argtype, sql.replace("%s", "$1")))
        sql = "EXECUTE q(%s)"
    cs = [0, 0, 0, 0]
    with blog.Timer() as t:
        for uid in ids:
            cur.execute(sql, (uid,))
            blog.r2_add(json.loads(cur.fetchone()[0]), cs)
    return t.s, cs


def r2(engine, contender):
    ids = blog.r2_ids(R2_N, R_SCALE)
    if contender == "sa":
        s, cs = r2_sa(engine, ids)
    elif contender in ("raw", "rawprep"):
        s, cs = r2_raw(engine, ids, contender == "rawprep")
    elif contender in ("json", "jsonprep"):
        s, cs = r2_one_statement(engine, ids, R2_JSON[engine], blog.connect(engine, blog.READ),
                                 contender == "jsonprep")
    elif contender in ("orm", "ormprep"):
        sql = blog.orm_call(engine, "orm_get", "'User'", "?", "'selectinload(User.posts)'")
        s, cs = r2_one_statement(engine, [str(i) for i in ids], sql,
                                 orm_connect(engine, blog.READ), contender == "ormprep", "json")
    else:
        blog.fail("r2: no contender " + contender)
    blog.report(s, cs, us_per_op=s / len(ids) * 1e6)


# --------------------------------------------------------------------------
# W1

def w1_sa(engine, g):
    from sqlalchemy import select
    from sqlalchemy.orm import Session, configure_mappers
    from blog_sa import Comment, Post, Tag, User
    eng = blog.sa_engine(engine, blog.WRITE)
    configure_mappers()
    with Session(eng) as s:
        s.connection()
        with blog.Timer() as t:
            by_name = {x.name: x for x in s.scalars(select(Tag))}
            tags = [by_name[n] for n in blog.tag_names()]
            users = [User(username=u["username"], email=u["email"], display_name=u["display_name"],
                          is_active=u["is_active"], created_at=u["created_at"]) for u in g]
            for gu, user in zip(g, users):
                for gp in gu["posts"]:
                    post = Post(title=gp["title"], slug=gp["slug"], body=gp["body"],
                                status=gp["status"], created_at=gp["created_at"],
                                tags=[tags[n - 1] for n in gp["tags"]])
                    by_n = {}
                    for gc in gp["comments"]:
                        c = by_n[gc["n"]] = Comment(body=gc["body"], author=users[gc["author"] - 1],
                                                    created_at=gc["created_at"])
                        if gc["parent"] is not None:
                            c.parent = by_n[gc["parent"]]
                        post.comments.append(c)
                    user.posts.append(post)
            s.add_all(users)
            s.commit()
    return t.s


def w1_core(engine, g):
    import sqlalchemy
    if not sqlalchemy.__version__.startswith("2."):
        blog.fail("w1 core needs SQLAlchemy 2.0")
    from sqlalchemy import insert, select
    from blog_sa import Comment, Post, Tag, User, post_tags
    eng = blog.sa_engine(engine, blog.WRITE)
    with eng.connect() as conn:
        with blog.Timer() as t:
            with conn.begin():
                by_name = dict(conn.execute(select(Tag.name, Tag.id)).all())
                tag_ids = [by_name[n] for n in blog.tag_names()]
                uids = conn.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
                    {"username": u["username"], "email": u["email"],
                     "display_name": u["display_name"], "is_active": u["is_active"],
                     "created_at": u["created_at"]} for u in g]).all()
                prows, pcomments = [], []
                for gu, uid in zip(g, uids):
                    for gp in gu["posts"]:
                        prows.append({"title": gp["title"], "slug": gp["slug"], "body": gp["body"],
                                      "status": gp["status"], "author_id": uid,
                                      "created_at": gp["created_at"]})
                        pcomments.append(gp)
                pids = conn.scalars(insert(Post).returning(Post.id, sort_by_parameter_order=True),
                                    prows).all()
                # comments without a parent first, then the replies pointing at them
                cid = {}
                for level in (False, True):
                    crows, ns = [], []
                    for gp, pid in zip(pcomments, pids):
                        for gc in gp["comments"]:
                            if (gc["parent"] is not None) == level:
                                crows.append({"body": gc["body"], "post_id": pid,
                                              "author_id": uids[gc["author"] - 1],
                                              "parent_id": cid.get(gc["parent"]),
                                              "created_at": gc["created_at"]})
                                ns.append(gc["n"])
                    got = conn.scalars(insert(Comment).returning(
                        Comment.id, sort_by_parameter_order=True), crows).all()
                    cid.update(zip(ns, got))
                conn.execute(insert(post_tags), [
                    {"post_id": pid, "tag_id": tag_ids[n - 1]}
                    for gp, pid in zip(pcomments, pids) for n in gp["tags"]])
    return t.s


def w1_raw(engine, g):
    conn = blog.connect(engine, blog.WRITE)
    cur = conn.cursor()
    nu = len(g)
    np = sum(len(u["posts"]) for u in g)
    nc = sum(len(p["comments"]) for u in g for p in u["posts"])
    with blog.Timer() as t:
        if engine == "pg":
            cur.execute("SELECT name, id FROM tags")
            by_name = dict(cur.fetchall())
            cur.execute(
                "SELECT (SELECT array_agg(nextval('users_id_seq')) FROM generate_series(1, %s)),"
                " (SELECT array_agg(nextval('posts_id_seq')) FROM generate_series(1, %s)),"
                " (SELECT array_agg(nextval('comments_id_seq')) FROM generate_series(1, %s))",
                (nu, np, nc))
            uids, pids, cids = cur.fetchone()
        else:
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("SELECT name, id FROM tags")
            by_name = dict(cur.fetchall())
            cur.execute("SELECT (SELECT coalesce(max(id), 0) FROM users), "
                        "(SELECT coalesce(max(id), 0) FROM posts), "
                        "(SELECT coalesce(max(id), 0) FROM comments)")
            mu, mp, mc = cur.fetchone()
            uids = range(mu + 1, mu + 1 + nu)
            pids = range(mp + 1, mp + 1 + np)
            cids = range(mc + 1, mc + 1 + nc)
        ur, pr, cr, tr = blog.rows(g, engine, uids, pids, cids,
                                   [by_name[n] for n in blog.tag_names()])
        tables = (("users", blog.UCOLS, ur), ("posts", blog.PCOLS, pr),
                  ("comments", blog.CCOLS, cr), ("post_tags", ("post_id", "tag_id"), tr))
        if engine == "pg":
            for table, cols, rs in tables:
                copy_rows(cur, table, cols, rs)
            conn.commit()
        else:
            for table, cols, rs in tables:
                cur.executemany("INSERT INTO %s (%s) VALUES (%s)" % (
                    table, ", ".join(cols), ", ".join("?" * len(cols))), rs)
            cur.execute("COMMIT")
    conn.close()
    return t.s


def w1_changes(g, tag_ids):
    """The graph as orm_flush operations: one nested add per user.  Tags are
    the existing rows by key; a comment's author is a user of the same flush
    named by its unique username; a reply holds its parent comment (the
    mapping has no replies collection), whose post is named by its unique slug."""
    uname = [u["username"] for u in g]
    ops = []
    for gu in g:
        posts = []
        for gp in gu["posts"]:
            by_n, comments = {}, []
            for gc in gp["comments"]:
                c = by_n[gc["n"]] = {"body": gc["body"],
                                     "author": {"username": uname[gc["author"] - 1]},
                                     "created_at": gc["created_at"].isoformat()}
                if gc["parent"] is not None:
                    parent = by_n[gc["parent"]]
                    comments.remove(parent)
                    parent["post"] = {"slug": gp["slug"]}
                    c["parent"] = parent
                comments.append(c)
            posts.append({"title": gp["title"], "slug": gp["slug"], "body": gp["body"],
                          "status": gp["status"], "created_at": gp["created_at"].isoformat(),
                          "tags": [{"id": tag_ids[n - 1]} for n in gp["tags"]],
                          "comments": comments})
        ops.append({"op": "add", "entity": "User", "data": {
            "username": gu["username"], "email": gu["email"], "display_name": gu["display_name"],
            "is_active": gu["is_active"], "created_at": gu["created_at"].isoformat(),
            "posts": posts}})
    return ops


def w1_orm(engine, g):
    conn = orm_connect(engine, blog.WRITE)
    cur = conn.cursor()
    returning = os.environ.get("BENCH_FLUSH_RETURNING", "keys")
    args = ("?",) if returning == "" else ("?", "'%s'" % returning)
    sql = blog.orm_call(engine, "orm_flush", *args)
    with blog.Timer() as t:
        cur.execute("SELECT name, id FROM tags")
        by_name = dict(cur.fetchall())
        doc = json.dumps(w1_changes(g, [by_name[n] for n in blog.tag_names()]))
        cur.execute(sql, (doc,))
        out = cur.fetchone()[0]
        if engine == "pg":
            conn.commit()
    conn.close()
    return t.s, {"in_mb": len(doc) / 1e6, "out_mb": len(out) / 1e6}


def w1(engine, contender):
    g = blog.graph(W_SCALE)
    fresh_tables(engine, blog.WRITE).close()
    extra = {}
    if contender == "sa":
        s = w1_sa(engine, g)
    elif contender == "core":
        s = w1_core(engine, g)
    elif contender == "raw":
        s = w1_raw(engine, g)
    elif contender == "orm":
        s, extra = w1_orm(engine, g)
    else:
        blog.fail("w1: no contender " + contender)
    conn = blog.connect(engine, blog.WRITE)
    blog.report(s, blog.written_checksum(conn), **extra)
    conn.close()


def main():
    a = sys.argv[1:]
    if a[:1] == ["setup"] and len(a) == 2:
        return setup(a[1])
    if len(a) != 3 or a[2] not in ("pg", "sqlite"):
        blog.fail("usage: case.py r1|r2|w1 CONTENDER pg|sqlite, or case.py setup pg|sqlite")
    workload, contender, engine = a
    if workload == "r1":
        fn = {"sa": r1_sa, "json": r1_json, "raw": r1_raw, "orm": r1_orm,
              "orm-first": r1_orm_first}.get(contender)
        if fn is None:
            blog.fail("r1: no contender " + contender)
        fn(engine)
    elif workload == "r2":
        r2(engine, contender)
    elif workload == "w1":
        w1(engine, contender)
    else:
        blog.fail("no workload " + workload)


if __name__ == "__main__":
    main()
