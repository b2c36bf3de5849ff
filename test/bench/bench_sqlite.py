#!/usr/bin/python3
"""
bench_sqlite.py -- orm against hand-written SQL and SQLAlchemy, on SQLite, in one run.

Run by `make bench` (never by `make check`).  Uses Debian's python3 with its sqlite3
module (load_extension) and Debian's python3-sqlalchemy (1.4, 2.0-style select()).

Workloads, each timed as the best of several rounds:
  users+posts   every user with its posts as JSON (selectinload)
  get           one user by primary key, 200 times
  filter        published posts of one author, joined to users, 200 times
  flush         insert 100 users with 5 posts each in one unit of work

For each workload the output names the time per round and the ratios
orm/hand-written SQL and SQLAlchemy/orm (how many times faster orm is).
"""
import json
import os
import sqlite3
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
EXT = os.path.join(TOP, "orm")

N_USERS = int(os.environ.get("BENCH_USERS", "1000"))
N_POSTS = int(os.environ.get("BENCH_POSTS", "10"))

MODEL = '''
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(255))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author: Mapped["User"] = relationship(back_populates="posts")
'''


def best(fn, rounds=5):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def make_db(path):
    conn = sqlite3.connect(path)
    conn.enable_load_extension(True)
    conn.load_extension(EXT)
    conn.execute("SELECT orm_declare(?)", (MODEL,))
    conn.execute("SELECT orm_create_all()")
    rows_u, rows_p = [], []
    pid = 0
    for u in range(1, N_USERS + 1):
        rows_u.append((u, "user%d" % u, "user%d@example.com" % u))
        for p in range(N_POSTS):
            pid += 1
            rows_p.append((pid, "post %d" % pid, "body " * 20, pid % 2, u))
    conn.executemany('INSERT INTO users (id, username, email) VALUES (?, ?, ?)', rows_u)
    conn.executemany('INSERT INTO posts (id, title, body, published, author_id) VALUES (?, ?, ?, ?, ?)', rows_p)
    conn.commit()
    return conn


def hand_users_posts(conn):
    users = [dict(id=r[0], username=r[1], email=r[2], posts=[])
             for r in conn.execute("SELECT id, username, email FROM users")]
    by_id = {u["id"]: u for u in users}
    for r in conn.execute("SELECT id, title, body, published, author_id FROM posts ORDER BY author_id, id"):
        by_id[r[4]]["posts"].append(dict(id=r[0], title=r[1], body=r[2], published=bool(r[3]), author_id=r[4]))
    return json.dumps(users)


def orm_users_posts(conn):
    return conn.execute("SELECT orm_select('select(User).options(selectinload(User.posts))')").fetchone()[0]


def hand_get(conn):
    for i in range(200):
        r = conn.execute("SELECT id, username, email FROM users WHERE id = ?", (i % N_USERS + 1,)).fetchone()
        json.dumps(dict(id=r[0], username=r[1], email=r[2]))


def orm_get(conn):
    for i in range(200):
        conn.execute("SELECT orm_get('User', ?)", (str(i % N_USERS + 1),)).fetchone()


def hand_filter(conn):
    for i in range(200):
        rows = conn.execute(
            "SELECT posts.id, posts.title, posts.body, posts.published, posts.author_id FROM posts "
            "JOIN users ON users.id = posts.author_id WHERE users.username = ? AND posts.published = 1",
            ("user%d" % (i % N_USERS + 1),)).fetchall()
        json.dumps([dict(id=r[0], title=r[1], body=r[2], published=bool(r[3]), author_id=r[4]) for r in rows])


def orm_filter(conn):
    q = "select(Post).join(Post.author).where(User.username == name).where(Post.published == True)"
    for i in range(200):
        conn.execute("SELECT orm_select(?, ?)", (q, json.dumps({"name": "user%d" % (i % N_USERS + 1)}))).fetchone()


FLUSH_SEQ = [0]


def flush_payload():
    FLUSH_SEQ[0] += 1
    base = "f%d_" % FLUSH_SEQ[0]
    return [{"op": "add", "entity": "User",
             "data": {"username": base + str(u), "email": "x@example.com",
                      "posts": [{"title": "t%d" % p, "body": "b"} for p in range(5)]}}
            for u in range(100)]


def hand_flush(conn):
    ch = flush_payload()
    conn.execute("SAVEPOINT s")
    for op in ch:
        d = op["data"]
        uid = conn.execute("INSERT INTO users (username, email) VALUES (?, ?) RETURNING id",
                           (d["username"], d["email"])).fetchone()[0]
        conn.executemany("INSERT INTO posts (title, body, published, author_id) VALUES (?, ?, 0, ?)",
                         [(p["title"], p["body"], uid) for p in d["posts"]])
    conn.execute("RELEASE s")


def orm_flush(conn):
    conn.execute("SELECT orm_flush(?)", (json.dumps(flush_payload()),)).fetchone()


def sqlalchemy_peer(path):
    try:
        import sqlalchemy
        from sqlalchemy import create_engine, select, ForeignKey, String, Text, Integer, Boolean, Column
        from sqlalchemy.orm import Session, relationship, selectinload, declarative_base
    except ImportError:
        return None
    Base = declarative_base()

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        username = Column(String(50), unique=True, nullable=False)
        email = Column(String(255), nullable=False)
        posts = relationship("Post", back_populates="author")

    class Post(Base):
        __tablename__ = "posts"
        id = Column(Integer, primary_key=True)
        title = Column(String(200), nullable=False)
        body = Column(Text, nullable=False)
        published = Column(Boolean, nullable=False, default=False)
        author_id = Column(ForeignKey("users.id"), nullable=False, index=True)
        author = relationship("User", back_populates="posts")

    engine = create_engine("sqlite:///" + path, future=True)

    def udict(u):
        return dict(id=u.id, username=u.username, email=u.email)

    def pdict(p):
        return dict(id=p.id, title=p.title, body=p.body, published=p.published, author_id=p.author_id)

    def users_posts():
        with Session(engine) as s:
            users = s.execute(select(User).options(selectinload(User.posts))).scalars().all()
            json.dumps([dict(udict(u), posts=[pdict(p) for p in u.posts]) for u in users])

    def get():
        with Session(engine) as s:
            for i in range(200):
                json.dumps(udict(s.get(User, i % N_USERS + 1)))

    def filt():
        with Session(engine) as s:
            for i in range(200):
                rows = s.execute(select(Post).join(Post.author)
                                 .where(User.username == "user%d" % (i % N_USERS + 1))
                                 .where(Post.published == True)).scalars().all()  # noqa: E712
                json.dumps([pdict(p) for p in rows])

    def flush():
        ch = flush_payload()
        with Session(engine) as s, s.begin():
            for op in ch:
                d = op["data"]
                s.add(User(username=d["username"], email=d["email"],
                           posts=[Post(title=p["title"], body=p["body"]) for p in d["posts"]]))

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


def main():
    if not os.path.exists(EXT + ".so"):
        sys.exit("bench: build ./orm.so first (make)")
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "bench.db")
    conn = make_db(path)
    sa = sqlalchemy_peer(path)
    work = [("users+posts", hand_users_posts, orm_users_posts),
            ("get", hand_get, orm_get),
            ("filter", hand_filter, orm_filter),
            ("flush", hand_flush, orm_flush)]
    print("SQLite, %d users x %d posts; best of 5 rounds" % (N_USERS, N_POSTS))
    print("%-12s %12s %12s %12s %10s %10s" % ("workload", "hand SQL", "orm", "SQLAlchemy",
                                              "orm/hand", "SA/orm"))
    for name, hand, orm in work:
        th = best(lambda: hand(conn))
        conn.commit()
        to = best(lambda: orm(conn))
        conn.commit()
        ts = best(sa[name]) if sa else float("nan")
        print("%-12s %10.2fms %10.2fms %10.2fms %10.2f %10.2f" % (
            name, th * 1e3, to * 1e3, ts * 1e3, to / th, ts / to))


if __name__ == "__main__":
    main()
