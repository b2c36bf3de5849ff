"""
blog.py -- the reference workloads' data and what every contender shares
(`make bench`, test/bench/ref.py): the blog schema as hand-written DDL per
engine, a deterministic generator, connections, the graph walks and the
checksums every contender must agree on.

Tables: users, posts (status: an enum stored as VARCHAR), comments (a reply
points at its parent comment), tags, post_tags; an index on every foreign key.
Scale = number of users; each user has 10 posts, each post 3 comments (the
third replies to the first) and 3 of the 50 tags.  The read set (R1, R2) is
2,000 users with explicit ids (user n has id n, post n id n, ...); the write
set (W1) is 1,000 users written as one graph into empty tables holding only
the tags.

Environment (set by run.sh):
  BENCH_PG_DSN       libpq DSN of the cluster, without dbname
  BENCH_SQLITE_DIR   directory of the SQLite files
  BENCH_ORM_EXT      the SQLite extension, path without .so
"""
import datetime
import os
import sys
import time

PG_DSN = os.environ.get("BENCH_PG_DSN", "host=127.0.0.1 port=54452 user=postgres")
SQLITE_DIR = os.environ.get("BENCH_SQLITE_DIR", "/tmp")
ORM_EXT = os.environ.get("BENCH_ORM_EXT", "./orm")

POSTS_PER_USER = 10
COMMENTS_PER_POST = 3
N_TAGS = 50
STATUSES = ("published", "published", "draft", "archived")
T0 = datetime.datetime(2024, 1, 1)

# the data set of each workload: (database / file name, default scale)
READ, WRITE = "bench_r", "bench_w"

# --------------------------------------------------------------------------
# the mapping, as orm_declare reads it (SQLAlchemy 2.0 declarative text);
# blog_sa.py maps the same tables for SQLAlchemy itself

MODEL = '''
import datetime
from typing import List, Optional

from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


post_tags = Table(
    "post_tags", Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[Optional[str]] = mapped_column(String(128))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime.datetime]
    posts: Mapped[List["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        Enum("draft", "published", "archived", native_enum=False, length=20),
        default="draft")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime.datetime]
    author: Mapped[User] = relationship(back_populates="posts")
    comments: Mapped[List["Comment"]] = relationship(back_populates="post")
    tags: Mapped[List["Tag"]] = relationship(secondary=post_tags)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"), index=True)
    created_at: Mapped[datetime.datetime]
    post: Mapped[Post] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()
    parent: Mapped[Optional["Comment"]] = relationship(remote_side=[id])


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
'''

# --------------------------------------------------------------------------
# hand-written DDL: the tables are not created by either ORM

_TABLES = [
    ("users", [("id", "pk"), ("username", "VARCHAR(64) NOT NULL UNIQUE"),
               ("email", "VARCHAR(255) NOT NULL"), ("display_name", "VARCHAR(128)"),
               ("is_active", "BOOL NOT NULL DEFAULT TRUE"), ("created_at", "TS NOT NULL")]),
    ("posts", [("id", "pk"), ("title", "VARCHAR(200) NOT NULL"),
               ("slug", "VARCHAR(200) NOT NULL UNIQUE"), ("body", "TEXT NOT NULL"),
               ("status", "VARCHAR(20) NOT NULL DEFAULT 'draft'"),
               ("author_id", "INT NOT NULL REFERENCES users(id)"), ("created_at", "TS NOT NULL")]),
    ("comments", [("id", "pk"), ("body", "TEXT NOT NULL"),
                  ("post_id", "INT NOT NULL REFERENCES posts(id)"),
                  ("author_id", "INT NOT NULL REFERENCES users(id)"),
                  ("parent_id", "INT REFERENCES comments(id)"), ("created_at", "TS NOT NULL")]),
    ("tags", [("id", "pk"), ("name", "VARCHAR(50) NOT NULL UNIQUE")]),
]
_INDEXES = [("posts", "author_id"), ("comments", "post_id"), ("comments", "author_id"),
            ("comments", "parent_id"), ("post_tags", "tag_id")]


def ddl(engine):
    """CREATE statements for one engine, as a list."""
    pg = engine == "pg"
    words = {"pk": "integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" if pg
             else "INTEGER PRIMARY KEY",
             "BOOL": "boolean" if pg else "BOOLEAN", "TS": "timestamp" if pg else "DATETIME",
             "INT": "integer" if pg else "INTEGER", "TRUE": "true" if pg else "1"}
    out = []
    for table, cols in _TABLES:
        spec = []
        for name, typ in cols:
            spec.append("%s %s" % (name, " ".join(words.get(w, w) for w in typ.split(" "))))
        out.append("CREATE TABLE %s (%s)" % (table, ", ".join(spec)))
    out.append("CREATE TABLE post_tags (post_id %s NOT NULL REFERENCES posts(id), "
               "tag_id %s NOT NULL REFERENCES tags(id), PRIMARY KEY (post_id, tag_id))"
               % (words["INT"], words["INT"]))
    for table, col in _INDEXES:
        out.append("CREATE INDEX ix_%s_%s ON %s(%s)" % (table, col, table, col))
    return out


# --------------------------------------------------------------------------
# connections

def sqlite_path(dataset):
    return os.path.join(SQLITE_DIR, dataset + ".db")


def sqlite_setup(conn):
    for p in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"):
        conn.execute(p)


def connect(engine, dataset, orm=False):
    """A raw DBAPI connection (psycopg2 / sqlite3, autocommit off on pg,
    isolation_level=None on SQLite: BEGIN/COMMIT are ours).  orm=True: one that
    can call the orm functions (SQLite: the extension loaded)."""
    if engine == "pg":
        import psycopg2
        import psycopg2.extensions as ext
        conn = psycopg2.connect(PG_DSN + " dbname=" + dataset)
        # json results come back as their text (the client parses them
        # itself, as every contender does), not cast to text by the server,
        # whose I/O cast would copy a large result twice more
        ext.register_type(ext.new_type((114,), "JSON_AS_TEXT", lambda v, cur: v), conn)
        return conn
    import sqlite3
    conn = sqlite3.connect(sqlite_path(dataset), isolation_level=None)
    sqlite_setup(conn)
    if orm:
        conn.enable_load_extension(True)
        conn.load_extension(ORM_EXT)
    return conn


def sa_engine(engine, dataset):
    from sqlalchemy import create_engine, event
    if engine == "pg":
        kv = dict(x.split("=", 1) for x in PG_DSN.split())
        return create_engine("postgresql+psycopg2://%s@%s:%s/%s" % (
            kv.get("user", "postgres"), kv.get("host", "127.0.0.1"), kv.get("port", "5432"),
            dataset))
    eng = create_engine("sqlite:///" + sqlite_path(dataset))
    event.listen(eng, "connect", lambda c, r: sqlite_setup(c))
    return eng


def orm_call(engine, fn, *args):
    """'SELECT fn(args)' where '?' is a bound parameter; on pg the json result
    arrives as its text (connect), so the client parses it itself."""
    args = [("%s" if engine == "pg" else "?") if a == "?" else a for a in args]
    return "SELECT %s(%s)" % (fn, ", ".join(args))


# --------------------------------------------------------------------------
# deterministic data

WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
         "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure "
         "in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
         "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
         "laborum").split()


def words(seed, n):
    nw = len(WORDS)
    return " ".join(WORDS[(31 * seed + 7 * k + k * k % 13) % nw] for k in range(n))


def tag_names():
    return ["tag-%02d-%s" % (t, WORDS[t % len(WORDS)]) for t in range(1, N_TAGS + 1)]


def graph(scale, replies=True):
    """The blog as nested dicts without ids.  User u (1-based) owns posts
    (u-1)*10+1 .. u*10, post p comments (p-1)*3+1 .. p*3 ("n" is that number);
    the third comment of a post replies to its first ("parent": its number).
    Comment authors and tags ("tags": tag numbers 1..50) are spread by formula."""
    users = []
    for u in range(1, scale + 1):
        posts = []
        for k in range(POSTS_PER_USER):
            p = POSTS_PER_USER * (u - 1) + k + 1
            comments = []
            for j in range(COMMENTS_PER_POST):
                c = COMMENTS_PER_POST * (p - 1) + j + 1
                comments.append({"n": c, "body": "c%d: %s" % (c, words(c, 12 + c % 10)),
                                 "author": (7 * p + 13 * j) % scale + 1,
                                 "parent": c - 2 if replies and j == 2 else None,
                                 "created_at": T0 + datetime.timedelta(seconds=11 * c)})
            posts.append({"n": p, "title": "Post %d by user%06d: %s" % (p, u, words(p, 5)),
                          "slug": "post-%07d" % p, "body": words(p, 60 + p % 40),
                          "status": STATUSES[p % 4],
                          "created_at": T0 + datetime.timedelta(seconds=37 * p),
                          "comments": comments,
                          "tags": [(p + d) % N_TAGS + 1 for d in (0, 17, 34)]})
        users.append({"n": u, "username": "user%06d" % u,
                      "email": "user%06d@example.com" % u, "display_name": "User %d" % u,
                      "is_active": u % 10 != 0,
                      "created_at": T0 + datetime.timedelta(minutes=u), "posts": posts})
    return users


def sqlite_ts(ts):
    """SQLAlchemy's DateTime text on SQLite."""
    return ts.strftime("%Y-%m-%d %H:%M:%S.%f")


UCOLS = ("id", "username", "email", "display_name", "is_active", "created_at")
PCOLS = ("id", "title", "slug", "body", "status", "author_id", "created_at")
CCOLS = ("id", "body", "post_id", "author_id", "parent_id", "created_at")


def rows(g, engine, uids=None, pids=None, cids=None, tag_ids=None):
    """Rows of the four tables for graph g, in UCOLS/PCOLS/CCOLS/(post_id, tag_id)
    order.  Ids are the graph numbers unless lists (indexed by number - 1) say
    otherwise."""
    ts = (lambda t: t) if engine == "pg" else sqlite_ts
    uid = (lambda n: n) if uids is None else (lambda n: uids[n - 1])
    pid = (lambda n: n) if pids is None else (lambda n: pids[n - 1])
    cid = (lambda n: n) if cids is None else (lambda n: cids[n - 1])
    tid = (lambda n: n) if tag_ids is None else (lambda n: tag_ids[n - 1])
    ur, pr, cr, tr = [], [], [], []
    for u in g:
        ur.append((uid(u["n"]), u["username"], u["email"], u["display_name"], u["is_active"],
                   ts(u["created_at"])))
        for p in u["posts"]:
            pr.append((pid(p["n"]), p["title"], p["slug"], p["body"], p["status"], uid(u["n"]),
                       ts(p["created_at"])))
            for c in p["comments"]:
                cr.append((cid(c["n"]), c["body"], pid(p["n"]), uid(c["author"]),
                           None if c["parent"] is None else cid(c["parent"]),
                           ts(c["created_at"])))
            for t in p["tags"]:
                tr.append((pid(p["n"]), tid(t)))
    return ur, pr, cr, tr


# --------------------------------------------------------------------------
# the walk over a result every contender does, and its checksum:
# (users, posts, comments, tag links, active users, sum of ids, sum of
# parent id * child id -- a child under the wrong parent changes it --,
# characters of the text columns)

def walk(users, attr=False):
    """users: dicts (attr=False) or ORM objects (attr=True); every column read."""
    if attr:
        def g(o, k):
            return getattr(o, k)
    else:
        def g(o, k):
            return o[k]
    nu = np = nc = nt = na = ids = struct = chars = 0
    for u in users:
        nu += 1
        ui = g(u, "id")
        ids += ui
        chars += len(g(u, "username")) + len(g(u, "email")) + len(g(u, "display_name") or "")
        if g(u, "is_active"):
            na += 1
        g(u, "created_at")
        for p in g(u, "posts"):
            np += 1
            pi = g(p, "id")
            ids += pi
            struct += ui * pi + g(p, "author_id")
            chars += len(g(p, "title")) + len(g(p, "slug")) + len(g(p, "body")) + len(g(p, "status"))
            g(p, "created_at")
            for c in g(p, "comments"):
                nc += 1
                ci = g(c, "id")
                ids += ci
                struct += pi * ci + g(c, "post_id") + g(c, "author_id") + (g(c, "parent_id") or 0)
                chars += len(g(c, "body"))
                g(c, "created_at")
            for t in g(p, "tags"):
                nt += 1
                ti = g(t, "id")
                ids += ti
                struct += pi * ti
                chars += len(g(t, "name"))
    return (nu, np, nc, nt, na, ids, struct, chars)


def r2_ids(n, scale):
    return [(7919 * i) % scale + 1 for i in range(n)]


def r2_add(u, cs, attr=False):
    """R2's walk of one user with its posts into cs = [users, posts, ids, chars]."""
    g = (lambda o, k: getattr(o, k)) if attr else (lambda o, k: o[k])
    cs[0] += 1
    cs[2] += g(u, "id")
    cs[3] += len(g(u, "username")) + len(g(u, "email"))
    g(u, "display_name"), g(u, "is_active"), g(u, "created_at")
    for p in g(u, "posts"):
        cs[1] += 1
        cs[2] += g(p, "id")
        cs[3] += len(g(p, "title")) + len(g(p, "slug")) + len(g(p, "body")) + len(g(p, "status"))
        g(p, "author_id"), g(p, "created_at")


def written_checksum(conn):
    """W1: what a writer stored, by natural keys only (ids differ between
    writers): row counts and a hash."""
    import hashlib
    cur = conn.cursor()
    qs = [
        "SELECT username, email, display_name, CASE WHEN is_active THEN 1 ELSE 0 END FROM users",
        "SELECT p.slug, p.title, p.status, length(p.body), u.username "
        "FROM posts p JOIN users u ON u.id = p.author_id",
        "SELECT p.slug, c.body, u.username, coalesce(r.body, '') FROM comments c "
        "JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id "
        "LEFT JOIN comments r ON r.id = c.parent_id",
        "SELECT p.slug, t.name FROM post_tags x JOIN posts p ON p.id = x.post_id "
        "JOIN tags t ON t.id = x.tag_id",
    ]
    h = hashlib.sha1()
    out = []
    for q in qs:
        cur.execute(q)
        got = sorted(tuple(str(v) for v in r) for r in cur.fetchall())
        out.append(len(got))
        for r in got:
            h.update("\x1f".join(r).encode())
            h.update(b"\x1e")
    cur.close()
    return out + [h.hexdigest()[:16]]


# --------------------------------------------------------------------------
# the one line a case prints

class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *a):
        self.s = time.perf_counter() - self.t0


def report(elapsed, checksum, **extra):
    """The case's line; rss_mb = the process's peak resident set."""
    import resource
    parts = ["elapsed=%.6f" % elapsed, "checksum=" + ",".join(str(x) for x in checksum),
             "rss_mb=%.1f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)]
    parts += ["%s=%s" % (k, ("%.6f" % v) if isinstance(v, float) else v) for k, v in extra.items()]
    print(" ".join(parts), flush=True)


def fail(msg):
    sys.exit("bench: " + msg)
