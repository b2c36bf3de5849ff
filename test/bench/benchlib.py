"""
benchlib.py -- what bench_sqlite.py and bench_pg.py share: the model, the
dataset, the flush payload, the SQLAlchemy peer's classes, timing, result
checking and the table.

Fairness rules every workload follows:
  - every contender ends with the same JSON text in the client (a Python
    str): hand-written SQL assembles it from rows in Python (what an
    application using the driver does), the single-statement JSON version
    builds it in the database (what PostgREST and pg_graphql do), orm
    returns it, SQLAlchemy turns its ORM objects into the same dicts and
    json.dumps them;
  - before timing, check() parses every contender's result and compares
    it (lists of objects compared by their "id" order-insensitively), so a
    contender that does less work cannot win;
  - writes are committed in every round by every contender.
"""
import json
import os
import time

N_USERS = int(os.environ.get("BENCH_USERS") or "1000")
N_POSTS = int(os.environ.get("BENCH_POSTS") or "10")
ROUNDS = int(os.environ.get("BENCH_ROUNDS") or "7")
N_CALLS = 200                       # per round of get / filter
FLUSH_USERS = 100
FLUSH_POSTS = 5

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

USERS_POSTS_QUERY = "select(User).options(selectinload(User.posts))"
FILTER_QUERY = ("select(Post).join(Post.author).where(User.username == name)"
                ".where(Post.published == True)")


def dataset():
    """(users rows, posts rows): (id, username, email), (id, title, body, published, author_id)."""
    users, posts = [], []
    pid = 0
    for u in range(1, N_USERS + 1):
        users.append((u, "user%d" % u, "user%d@example.com" % u))
        for _ in range(N_POSTS):
            pid += 1
            posts.append((pid, "post %d" % pid, "body " * 20, pid % 2 == 1, u))
    return users, posts


def get_key(i):
    return i % N_USERS + 1


def filter_name(i):
    return "user%d" % (i % N_USERS + 1)


def user_dict(r):
    return {"id": r[0], "username": r[1], "email": r[2]}


def post_dict(r):
    return {"id": r[0], "title": r[1], "body": r[2], "published": bool(r[3]), "author_id": r[4]}


FLUSH_SEQ = [0]


def flush_payload():
    """orm_flush changes: FLUSH_USERS new users with FLUSH_POSTS posts each (unique names)."""
    FLUSH_SEQ[0] += 1
    base = "f%d_" % FLUSH_SEQ[0]
    return [{"op": "add", "entity": "User",
             "data": {"username": base + str(u), "email": "x@example.com",
                      "posts": [{"title": "t%d" % p, "body": "b"} for p in range(FLUSH_POSTS)]}}
            for u in range(FLUSH_USERS)]


def flush_objects(result_json):
    """The objects part of an orm_flush result (what the others return)."""
    return json.dumps(json.loads(result_json)["objects"])


def sqlalchemy_classes():
    """(User, Post, select, selectinload, Session, create_engine) or None without SQLAlchemy."""
    try:
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

    return User, Post, select, selectinload, Session, create_engine


def sqlalchemy_workloads(engine):
    """The four workloads with SQLAlchemy 1.4 (2.0-style select), each returning JSON text."""
    sa = sqlalchemy_classes()
    if sa is None:
        return {}
    User, Post, select, selectinload, Session, _ = sa

    def udict(u):
        return {"id": u.id, "username": u.username, "email": u.email}

    def pdict(p):
        return {"id": p.id, "title": p.title, "body": p.body, "published": p.published,
                "author_id": p.author_id}

    def users_posts():
        with Session(engine) as s:
            users = s.execute(select(User).options(selectinload(User.posts))).scalars().all()
            return json.dumps([dict(udict(u), posts=[pdict(p) for p in u.posts]) for u in users])

    def get():
        out = []
        with Session(engine) as s:
            for i in range(N_CALLS):
                out.append(json.dumps(udict(s.get(User, get_key(i)))))
        return out

    def filt():
        out = []
        with Session(engine) as s:
            for i in range(N_CALLS):
                rows = s.execute(select(Post).join(Post.author)
                                 .where(User.username == filter_name(i))
                                 .where(Post.published == True)).scalars().all()  # noqa: E712
                out.append(json.dumps([pdict(p) for p in rows]))
        return out

    def flush():
        ch = flush_payload()
        with Session(engine) as s:
            users = []
            for op in ch:
                d = op["data"]
                users.append(User(username=d["username"], email=d["email"],
                                  posts=[Post(title=p["title"], body=p["body"]) for p in d["posts"]]))
            s.add_all(users)
            s.commit()
            return json.dumps([dict(udict(u), posts=[pdict(p) for p in u.posts]) for u in users])

    return {"users+posts": users_posts, "get": get, "filter": filt, "flush": flush}


def best(fn, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _canon(v):
    if isinstance(v, list):
        items = [_canon(x) for x in v]
        if all(isinstance(x, dict) and "id" in x for x in items):
            items.sort(key=lambda x: x["id"])
        return items
    if isinstance(v, dict):
        return {k: _canon(x) for k, x in v.items()}
    return v


def _parse(result):
    if isinstance(result, list):            # one JSON text per call
        return [_canon(json.loads(x)) for x in result]
    return _canon(json.loads(result))


def _strip_ids(v):
    """Flush results: generated ids and the round's name prefix differ between contenders."""
    if isinstance(v, list):
        return [_strip_ids(x) for x in v]
    if isinstance(v, dict):
        return {k: (x.split("_", 1)[1] if k == "username" else _strip_ids(x))
                for k, x in v.items() if k not in ("id", "author_id")}
    return v


def check(workload, results):
    """results: {contender: result}; raises when two contenders disagree."""
    ref_name, ref = None, None
    for name, res in results.items():
        val = _parse(res)
        if workload == "flush":
            val = _strip_ids(val)
        if ref_name is None:
            ref_name, ref = name, val
        elif val != ref:
            raise SystemExit("bench: %s: %s and %s return different JSON" % (workload, ref_name, name))


COLUMNS = ("hand SQL", "hand JSON", "orm", "SQLAlchemy")


def print_header(title):
    print(title)
    print("  hand SQL: rows fetched by the driver, JSON built in Python; hand JSON: one statement")
    print("  building the JSON in the database (json_agg / json_group_array, as PostgREST does)")
    print("%-12s %11s %11s %11s %11s %9s %9s %9s" % (
        ("workload",) + COLUMNS + ("orm/hand", "orm/json", "SA/orm")))


def print_row(name, t):
    """t: {column: seconds or None}."""
    def ms(x):
        return "%9.2fms" % (x * 1e3) if x is not None else "%11s" % "-"

    def ratio(a, b):
        return "%9.2f" % (a / b) if a is not None and b is not None else "%9s" % "-"
    print("%-12s %s %s %s %s %s %s %s" % (
        name, ms(t.get("hand SQL")), ms(t.get("hand JSON")), ms(t.get("orm")), ms(t.get("SQLAlchemy")),
        ratio(t.get("orm"), t.get("hand SQL")), ratio(t.get("orm"), t.get("hand JSON")),
        ratio(t.get("SQLAlchemy"), t.get("orm"))))


def run(workloads, title, after_round=None):
    """workloads: [(name, {column: fn})]; checks results, then times each column."""
    print_header(title)
    for name, fns in workloads:
        results = {}
        for col in COLUMNS:
            if fns.get(col):
                results[col] = fns[col]()
                if after_round:
                    after_round()
        check(name, results)
        # rounds interleaved across contenders, so that a burst of load on this
        # (shared, small) machine does not fall on one contender's rounds only
        times = {}
        for _ in range(ROUNDS):
            for col in COLUMNS:
                if fns.get(col):
                    t = best(fns[col], 1)
                    times[col] = min(t, times.get(col, t))
                    if after_round:
                        after_round()
        print_row(name, times)
