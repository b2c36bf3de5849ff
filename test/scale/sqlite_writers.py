"""test/scale/sqlite_writers.py -- many SQLite writers on one WAL file
(run by test/scale/run.sh; README "Scaling out", SQLite).

    sqlite_writers.py EXT DIR     EXT: the orm extension without ".so"

Writer processes flush object graphs (a user with 3 posts, plus an update
of a shared row, so each flush reads before it writes) while reader
processes run orm_select, all on one database file in WAL mode, through
Python's sqlite3 with load_extension.  Three phases of SCALE_SECONDS each:

  timeout   4 writers, 2 readers, busy timeout 5 s, autocommit: every
            writing call takes the write lock first (BEGIN IMMEDIATE) and
            waits for it: no error at all
  begin     3 writers wrapping each flush in their own BEGIN IMMEDIATE ...
            COMMIT, 2 readers: no error
  busy      4 writers with busy timeout 0, 2 readers: a writer that finds
            the lock taken gets SQLITE_BUSY (extended code 5 or 5 + n*256,
            "database is locked", Python's OperationalError) at once and
            retries; never SQLITE_ERROR

Every phase checks: the flushes that succeeded are exactly the users in the
file (none lost, none doubled), every user read has exactly its 3 posts (a
reader never sees half a flush), the count a reader sees never goes down,
0 errors other than SQLITE_BUSY.  Prints the counts and "N passed, N failed".
"""
import json
import multiprocessing as mp
import os
import shutil
import sqlite3
import sys
import time

EXT, DIR = sys.argv[1], sys.argv[2]
DB = os.path.join(DIR, "blog.db")
SECONDS = float(os.environ.get("SCALE_SECONDS", "3"))
MODEL = '''
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author", cascade="all, delete-orphan")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")

class Counter(Base):
    __tablename__ = "counters"
    id: Mapped[int] = mapped_column(primary_key=True)
    writer: Mapped[str] = mapped_column(String(50))
'''

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok      sqlite writers: {name}")
    else:
        failed += 1
        print(f"FAILED  sqlite writers: {name}")
        if detail:
            print(f"  {detail}")
    sys.stdout.flush()


def connect(timeout):
    c = sqlite3.connect(DB, timeout=timeout, isolation_level=None)
    c.enable_load_extension(True)
    c.load_extension(EXT)
    c.enable_load_extension(False)
    return c


def is_busy(e):
    code = getattr(e, "sqlite_errorcode", None)
    return code is not None and code & 0xff == sqlite3.SQLITE_BUSY


def writer(i, mode, timeout, deadline, out):
    c = connect(timeout)
    ok = busy = other = 0
    mine = []
    msgs = set()
    k = 0
    while time.time() < deadline:
        name = f"{mode}-w{i}-{k}"
        doc = json.dumps([
            {"op": "add", "entity": "User", "data": {
                "username": name, "posts": [{"title": f"{name} p{j}"} for j in range(3)]}},
            {"op": "merge", "entity": "Counter", "data": {"id": 1, "writer": name}}])
        try:
            if mode == "begin":
                c.execute("BEGIN IMMEDIATE")
                try:
                    c.execute("SELECT orm_flush(?)", (doc,)).fetchone()
                    c.execute("COMMIT")
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
            else:
                c.execute("SELECT orm_flush(?)", (doc,)).fetchone()
            ok += 1
            mine.append(name)
            k += 1
        except sqlite3.Error as e:
            if is_busy(e):
                busy += 1		# retryable: the same flush again, after a pause
                time.sleep(0.001)
            else:
                other += 1
                msgs.add(f"{getattr(e, 'sqlite_errorname', '?')}: {e}")
                k += 1
    out.put(("w", ok, busy, other, mine, sorted(msgs)[:3]))


def reader(i, timeout, deadline, out):
    c = connect(timeout)
    reads = wrong = busy = other = 0
    last = 0
    msgs = set()
    while time.time() < deadline:
        try:
            users = json.loads(c.execute(
                "SELECT orm_select('select(User).options(selectinload(User.posts))')").fetchone()[0])
            reads += 1
            if len(users) < last or any(len(u["posts"]) != 3 for u in users if u["username"] != "seed"):
                wrong += 1
            last = len(users)
        except sqlite3.Error as e:
            if is_busy(e):
                busy += 1
            else:
                other += 1
                msgs.add(f"{getattr(e, 'sqlite_errorname', '?')}: {e}")
    out.put(("r", reads, wrong, busy, other, sorted(msgs)[:3]))


def phase(mode, nwriters, timeout):
    out = mp.Queue()
    deadline = time.time() + SECONDS
    procs = [mp.Process(target=writer, args=(i, mode, timeout, deadline, out)) for i in range(nwriters)]
    procs += [mp.Process(target=reader, args=(i, 5.0, deadline, out)) for i in range(2)]
    for p in procs:
        p.start()
    results = [out.get(timeout=SECONDS + 60) for _ in procs]
    for p in procs:
        p.join()
    w = [r for r in results if r[0] == "w"]
    r = [r for r in results if r[0] == "r"]
    ok = sum(x[1] for x in w)
    busy = sum(x[2] for x in w)
    other = sum(x[3] for x in w)
    names = sorted(n for x in w for n in x[4])
    reads = sum(x[1] for x in r)
    wrong = sum(x[2] for x in r)
    rbusy = sum(x[3] for x in r)
    rother = sum(x[4] for x in r)
    msgs = [m for x in w for m in x[5]] + [m for x in r for m in x[5]]
    c = connect(5)
    stored = sorted(x[0] for x in c.execute(
        "SELECT username FROM users WHERE username LIKE ? ORDER BY username", (mode + "-%",)))
    posts = c.execute("SELECT count(*) FROM posts JOIN users ON users.id = posts.author_id "
                      "WHERE username LIKE ?", (mode + "-%",)).fetchone()[0]
    c.close()
    print(f"sqlite writers, {mode}: {nwriters} writers (busy timeout {timeout:g} s), 2 readers, "
          f"{SECONDS:g} s: {ok} flushes, {busy} SQLITE_BUSY (retried), {other} other errors; "
          f"{reads} reads, {wrong} wrong, {rbusy} busy, {rother} other errors")
    check(f"{mode}: writers made progress", ok > nwriters, f"{ok} flushes")
    check(f"{mode}: the users stored are exactly the flushes that succeeded",
          stored == names and posts == 3 * ok, f"{len(stored)} stored, {len(names)} flushed, {posts} posts")
    check(f"{mode}: no error but SQLITE_BUSY", other == 0 and rother == 0, "; ".join(msgs))
    check(f"{mode}: readers saw whole flushes only, never fewer users", reads > 0 and wrong == 0,
          f"{reads} reads, {wrong} wrong")
    if mode == "busy":
        check("busy: without a busy timeout writers do meet SQLITE_BUSY", busy > 0, f"{busy}")
    else:
        check(f"{mode}: the busy timeout makes every writer wait: no SQLITE_BUSY",
              busy == 0 and rbusy == 0, f"{busy} {rbusy}")


def main():
    shutil.rmtree(DIR, ignore_errors=True)
    os.makedirs(DIR)
    c = connect(5)
    c.execute("PRAGMA journal_mode = WAL")
    c.execute("SELECT orm_declare(?)", (MODEL,))
    c.execute("SELECT orm_create_all()")
    c.execute("""SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "seed"}},
                                    {"op": "add", "entity": "Counter", "data": {"id": 1, "writer": "seed"}}]')""")
    c.close()
    phase("timeout", 4, 5.0)
    phase("begin", 3, 5.0)
    phase("busy", 4, 0.0)
    print(f"sqlite writers: {passed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
