"""test/scale/scale.py -- the blog through a replica, a partitioned database
and postgres_fdw shards (run by test/scale/run.sh, which starts the clusters).

Setups (README "Scaling out"):
  one server   the primary's database "blog": test/scale/blog_scale.py, posts
               partitioned by created_at into two local partitions
  replica      the primary's hot standby: reads, refused writes, and a
               re-declaration seen once it is replayed
  sharded      the coordinator's "blog": the same models, posts' partitions
               foreign tables on shard1 (before 2024) and shard2 (2024 on);
               the coordinator's posts has no primary key and no foreign
               keys, from or to it (PostgreSQL allows none over foreign
               partitions); the declaration keeps them
The blog application's writes (create_sample_data, update_example with a
post moved to the other partition / shard, delete_example, then SCALE_USERS
users of 10 posts each) and reads (the seed's six query_examples, get, R1)
run on one server and on the sharded setup; every result must be the same
on both and on the replica, and where rows are must be what the partition
bounds say.  R1 (every user with posts, their comments and tags, selectin)
is timed on both.  Prints one line per check and "N passed, N failed".
"""
import json
import os
import sys
import time

import psycopg2

TMP = os.environ["ORM_SCALE_TMP"]
PORT = int(os.environ["ORM_SCALE_PORT"])
USER = os.environ["ORM_SCALE_USER"]
SCALE_USERS = int(os.environ.get("SCALE_USERS", "300"))
ROOT = os.path.dirname(os.path.abspath(__file__))
MODELS = open(os.path.join(ROOT, "blog_scale.py")).read()
PORTS = {"primary": PORT, "standby": PORT + 1, "coordinator": PORT + 2,
         "shard1": PORT + 3, "shard2": PORT + 4}

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok      scale: {name}")
    else:
        failed += 1
        print(f"FAILED  scale: {name}")
        if detail:
            for line in str(detail).splitlines()[:20]:
                print(f"  {line}")
    sys.stdout.flush()
    return ok


def connect(server, db="postgres"):
    c = psycopg2.connect(host=f"{TMP}/{server}.sock", port=PORTS[server], user=USER, dbname=db)
    c.autocommit = True
    return c


def q(conn, sql, *args):
    with conn.cursor() as cur:
        cur.execute(sql, args or None)
        return cur.fetchall() if cur.description else None


def q1(conn, sql, *args):
    return q(conn, sql, *args)[0][0]


def orm(conn, fn, *args):
    """SELECT fn(args...): the orm function's result (JSON parsed)."""
    marks = ", ".join(["%s"] * len(args))
    return q1(conn, f"SELECT {fn}({marks})", *args)


def norm(v):
    """v without updated_at: onupdate=func.now() stamps each server's own clock."""
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items() if k != "updated_at"}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def first_difference(a, b, path="$"):
    """Where two JSON values first differ, for a failure's detail."""
    if type(a) != type(b):
        return f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return first_difference(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
    elif a != b:
        return f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"
    return ""


def flush(conn, changes):
    return orm(conn, "orm_flush", json.dumps(changes))


def sqlstate_of(conn, fn, *args):
    try:
        orm(conn, fn, *args)
    except psycopg2.Error as e:
        return e.pgcode, str(e).splitlines()[0]
    return None, "no error"


# ---- setups ------------------------------------------------------------------

SHARD_DDL = """
CREATE TYPE poststatus AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');
CREATE TABLE posts (
    id INTEGER NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    title VARCHAR(200) NOT NULL,
    slug VARCHAR(200) NOT NULL,
    body TEXT NOT NULL,
    status poststatus NOT NULL,
    author_id INTEGER NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id, created_at),
    CHECK (created_at %s)
);
CREATE INDEX ON posts (author_id, status);
"""


def setup_one_server():
    q(connect("primary"), "CREATE DATABASE blog")
    c = connect("primary", "blog")
    q(c, "CREATE EXTENSION orm")
    orm(c, "orm_declare", MODELS)
    orm(c, "orm_create_all")
    q(c, "CREATE TABLE posts_old PARTITION OF posts FOR VALUES FROM (MINVALUE) TO ('2024-01-01')")
    q(c, "CREATE TABLE posts_new PARTITION OF posts FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)")
    return c


def setup_sharded():
    for shard, bound in (("shard1", "< '2024-01-01'"), ("shard2", ">= '2024-01-01'")):
        q(connect(shard), "CREATE DATABASE blog")
        s = connect(shard, "blog")
        # each shard checks its own bound: a row the coordinator put on the
        # wrong shard would fail here instead of hiding
        q(s, SHARD_DDL % bound)
        s.close()
    q(connect("coordinator"), "CREATE DATABASE blog")
    c = connect("coordinator", "blog")
    q(c, "CREATE EXTENSION orm")
    q(c, "CREATE EXTENSION postgres_fdw")
    for shard in ("shard1", "shard2"):
        q(c, f"CREATE SERVER {shard} FOREIGN DATA WRAPPER postgres_fdw "
             f"OPTIONS (host '127.0.0.1', port '{PORTS[shard]}', dbname 'blog')")
        q(c, f"CREATE USER MAPPING FOR CURRENT_USER SERVER {shard} OPTIONS (user '{USER}')")
    orm(c, "orm_declare", MODELS)
    orm(c, "orm_create_all")
    # no unique index over foreign partitions, so no primary key and no
    # foreign key to posts; nor a foreign key of posts (foreign tables have
    # none): the declaration keeps them for the mapping
    q(c, """DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
                       WHERE confrelid = 'posts'::regclass
                          OR (conrelid = 'posts'::regclass AND contype IN ('p', 'f'))
                       ORDER BY contype = 'p' LOOP
                EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
              END LOOP; END $$""")
    q(c, "CREATE FOREIGN TABLE posts_old PARTITION OF posts FOR VALUES FROM (MINVALUE) "
         "TO ('2024-01-01') SERVER shard1 OPTIONS (table_name 'posts')")
    q(c, "CREATE FOREIGN TABLE posts_new PARTITION OF posts FOR VALUES FROM ('2024-01-01') "
         "TO (MAXVALUE) SERVER shard2 OPTIONS (table_name 'posts')")
    return c


# ---- the blog application ------------------------------------------------------

P1 = {"id": 1, "created_at": "2023-03-01T09:00:00"}
P2 = {"id": 2, "created_at": "2024-02-01T09:00:00"}
P2_MOVED = {"id": 2, "created_at": "2023-11-01T09:00:00"}

QUERIES = {
    "all users with their posts": 'select(User).options(selectinload(User.posts)).order_by(User.id)',
    "published posts by alice": '''(
            select(Post)
            .join(Post.author)
            .where(User.username == "alice")
            .where(Post.status == PostStatus.PUBLISHED)
            .order_by(Post.created_at.desc())
        )''',
    "post count per user": '''(
            select(User.username, func.count(Post.id).label("post_count"))
            .join(User.posts)
            .group_by(User.username)
            .order_by(func.count(Post.id).desc(), User.username)
        )''',
    "posts tagged python": '''(
            select(Post)
            .join(Post.tags)
            .where(Tag.name == "python")
            .options(selectinload(Post.tags), selectinload(Post.author))
            .order_by(Post.id)
        )''',
    "users with published posts": '''subq = (
            select(Post.author_id)
            .where(Post.status == PostStatus.PUBLISHED)
            .distinct()
            .subquery()
        )
stmt = select(User).where(User.id.in_(select(subq.c.author_id))).order_by(User.id)''',
    "comments with replies": '''(
            select(Comment)
            .where(Comment.parent_id.is_(None))
            .options(
                selectinload(Comment.replies),
                selectinload(Comment.author),
            )
            .order_by(Comment.id)
        )''',
}

R1 = ('select(User).options(selectinload(User.posts).selectinload(Post.comments), '
      'selectinload(User.posts).selectinload(Post.tags)).order_by(User.id)')


def create_sample_data(c):
    out = [flush(c, [
        {"op": "add", "entity": "User", "data": {"username": "alice", "email": "alice@example.com",
                                                 "display_name": "Alice",
                                                 "created_at": "2023-01-01T00:00:00"}},
        {"op": "add", "entity": "User", "data": {"username": "bob", "email": "bob@example.com",
                                                 "display_name": "Bob",
                                                 "created_at": "2023-01-01T00:00:00"}},
        {"op": "add", "entity": "Tag", "data": {"name": "python"}},
        {"op": "add", "entity": "Tag", "data": {"name": "sqlalchemy"}},
        {"op": "add", "entity": "Tag", "data": {"name": "tutorial"}},
    ])["counts"]]
    out.append(flush(c, [
        {"op": "add", "entity": "Post", "data": {
            "title": "Getting Started with SQLAlchemy 2.0", "slug": "getting-started-sqlalchemy-2",
            "body": "SQLAlchemy 2.0 introduces a modern API...", "status": "published",
            "created_at": P1["created_at"], "author": {"id": 1},
            "tags": [{"id": 1}, {"id": 2}, {"id": 3}]}},
        {"op": "add", "entity": "Post", "data": {
            "title": "Advanced Querying Techniques", "slug": "advanced-querying",
            "body": "In this post we explore subqueries, CTEs...", "status": "draft",
            "created_at": P2["created_at"], "author": {"id": 1}, "tags": [{"id": 2}]}},
        {"op": "add", "entity": "Post", "data": {
            "title": "Python Best Practices", "slug": "python-best-practices",
            "body": "Here are some best practices for Python...", "status": "published",
            "created_at": "2023-09-01T09:00:00", "author": {"id": 2}, "tags": [{"id": 1}]}},
    ])["counts"])
    out.append(flush(c, [
        {"op": "add", "entity": "Comment", "data": {
            "body": "Great article!", "post": P1, "author": {"id": 2},
            "created_at": "2023-03-02T00:00:00",
            "replies": [{"body": "Thanks Bob!", "post": P1, "author": {"id": 1},
                         "created_at": "2023-03-03T00:00:00"}]}},
        {"op": "add", "entity": "Comment", "data": {
            "body": "When is part 2?", "post": P2, "author": {"id": 2},
            "created_at": "2024-02-02T00:00:00"}},
    ])["counts"])
    return out


def reads(c):
    return {name: orm(c, "orm_select", text) for name, text in QUERIES.items()}


def update_example(c):
    out = [flush(c, [{"op": "update", "entity": "User", "key": 1,
                      "data": {"display_name": "Alice Wonderland"}}])["counts"]]
    out.append(orm(c, "orm_execute", '''update(Post)
            .where(Post.status == PostStatus.DRAFT)
            .values(status=PostStatus.ARCHIVED)'''))
    # the partition key changes: the post moves to the other partition (or
    # shard), its comments and tags with it (passive_updates=False)
    moved = flush(c, [{"op": "update", "entity": "Post", "key": P2,
                       "data": {"created_at": P2_MOVED["created_at"]}}])
    out.append(moved["counts"])
    out.append(orm(c, "orm_get", "Post", json.dumps(P2_MOVED),
                   "selectinload(Post.comments), selectinload(Post.tags)"))
    return out


def delete_example(c):
    return flush(c, [{"op": "delete", "entity": "User", "key": 2}])["counts"]


def bulk_data(c, users):
    """users users, 10 posts each over 2023 and 2024, 2 comments and 2 tags a post."""
    tags = [{"op": "add", "entity": "Tag", "data": {"name": f"topic{t}"}} for t in range(20)]
    flush(c, tags)
    first_tag = q1(c, "SELECT min(id) FROM tags WHERE name LIKE 'topic%'")
    batch = []
    for u in range(users):
        posts = []
        for p in range(10):
            n = u * 10 + p
            posts.append({
                "title": f"post {n}", "slug": f"post-{n}", "body": "text " * 20,
                "status": "published" if p % 3 else "draft",
                "created_at": f"{2023 + p % 2}-{1 + n % 12:02d}-{1 + n % 28:02d}T12:00:00",
                "tags": [{"id": first_tag + n % 20}, {"id": first_tag + (n + 7) % 20}],
                "comments": [{"body": f"comment {k} on {n}", "author": {"id": 1},
                              "created_at": "2024-06-01T00:00:00"} for k in range(2)]})
        batch.append({"op": "add", "entity": "User", "data": {
            "username": f"user{u}", "email": f"user{u}@example.com",
            "created_at": "2023-01-01T00:00:00", "posts": posts}})
        if len(batch) == 20 or u == users - 1:
            flush(c, batch)
            batch = []


def best_ms(c, text, rounds=5):
    best = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        q1(c, "SELECT length(orm_select(%s)::text)", text)
        dt = (time.perf_counter() - t0) * 1000
        best = dt if best is None or dt < best else best
    return best


def placement(c):
    """(partition, id, created_at) of every post, as the coordinator or one server sees it."""
    return q(c, "SELECT tableoid::regclass::text, id, created_at::text FROM posts ORDER BY id")


def wait_replay(primary, standby, timeout=30):
    lsn = q1(primary, "SELECT pg_current_wal_lsn()::text")
    t0 = time.time()
    while time.time() - t0 < timeout:
        if q1(standby, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn):
            return True
        time.sleep(0.05)
    return False


# ---- the run --------------------------------------------------------------------

def main():
    one = setup_one_server()
    shd = setup_sharded()
    check("setups: one server, coordinator with two postgres_fdw shards", True)

    # writes
    w_one = create_sample_data(one)
    w_shd = create_sample_data(shd)
    check("create_sample_data: the same counts on both", w_one == w_shd, f"{w_one}\n{w_shd}")
    check("posts routed: one server's partitions and the shards agree",
          placement(one) == placement(shd), f"{placement(one)}\n{placement(shd)}")
    s1 = q1(connect("shard1", "blog"), "SELECT count(*) FROM posts")
    s2 = q1(connect("shard2", "blog"), "SELECT count(*) FROM posts")
    check("the 2023 posts on shard1, the 2024 one on shard2", (s1, s2) == (2, 1), f"{s1} {s2}")

    # the seed's reads
    r_one = reads(one)
    r_shd = reads(shd)
    for name in QUERIES:
        check(f"read '{name}': the same on the shards", r_one[name] == r_shd[name],
              f"{json.dumps(r_one[name])}\n{json.dumps(r_shd[name])}")
    check("read 'published posts by alice' is the seed's answer",
          [p["title"] for p in r_one["published posts by alice"]] ==
          ["Getting Started with SQLAlchemy 2.0"], r_one["published posts by alice"])
    check("read 'post count per user' is the seed's answer",
          r_one["post count per user"] == [{"username": "alice", "post_count": 2},
                                           {"username": "bob", "post_count": 1}],
          r_one["post count per user"])

    # update_example, with a post moved across partitions / shards
    u_one = update_example(one)
    u_shd = update_example(shd)
    check("update_example: the same results on both", norm(u_one) == norm(u_shd), f"{u_one}\n{u_shd}")
    moved = u_one[3]
    check("the moved post keeps its comment and tags",
          moved and moved["created_at"] == P2_MOVED["created_at"] and
          [c["body"] for c in moved["comments"]] == ["When is part 2?"] and
          [c["post_created_at"] for c in moved["comments"]] == [P2_MOVED["created_at"]] and
          [t["name"] for t in moved["tags"]] == ["sqlalchemy"], moved)
    check("the moved post is in the old partition on one server",
          ("posts_old", 2, "2023-11-01 09:00:00") in placement(one), placement(one))
    s1 = q(connect("shard1", "blog"), "SELECT id FROM posts ORDER BY id")
    s2 = q(connect("shard2", "blog"), "SELECT id FROM posts ORDER BY id")
    check("the moved post left shard2 for shard1", (s1, s2) == ([(1,), (2,), (3,)], []),
          f"{s1} {s2}")
    code, msg = sqlstate_of(shd, "orm_execute",
                            'update(Post).where(Post.id == 1).values(created_at=datetime.datetime(2024, 3, 1))')
    check("sharded: update() of the partition key refused", "partition key" in msg, msg)
    upsert = 'insert(Tag).values(name="python").on_conflict_do_nothing(index_elements=[Tag.name])'
    code, msg = sqlstate_of(shd, "orm_execute", upsert)
    check("sharded: on_conflict on a local table runs", code is None, msg)
    orm(one, "orm_execute", upsert)		# the same sequence value used on both
    code, msg = sqlstate_of(shd, "orm_execute",
                            'insert(Post).values(id=1, created_at=datetime.datetime(2023, 3, 1, 9), title="x", '
                            'slug="x", body="x", author_id=1).on_conflict_do_update('
                            'index_elements=[Post.id, Post.created_at], set_=dict(title="y"))')
    check("sharded: on_conflict_do_update over the shards refused, clearly",
          "foreign tables" in msg, msg)
    r_one = reads(one)
    r_shd = reads(shd)
    check("reads after update_example: the same on the shards", norm(r_one) == norm(r_shd),
          f"{json.dumps(r_one)[:600]}\n{json.dumps(r_shd)[:600]}")

    # the replica: reads as the primary's, writes refused, a re-declaration
    stb = connect("standby", "blog")
    check("the standby replays the primary", wait_replay(connect("primary", "blog"), stb))
    r_stb = reads(stb)
    check("replica: the seed's reads as on the primary", r_stb == r_one,
          f"{json.dumps(r_stb)[:400]}\n{json.dumps(r_one)[:400]}")
    check("replica: orm_get", orm(stb, "orm_get", "Post", json.dumps(P1), "selectinload(Post.tags)") ==
          orm(one, "orm_get", "Post", json.dumps(P1), "selectinload(Post.tags)"))
    check("replica: orm_compile and orm_ddl", orm(stb, "orm_compile", R1) == orm(one, "orm_compile", R1)
          and orm(stb, "orm_ddl") == orm(one, "orm_ddl"))
    orm(one, "orm_view", "post_titles", "select(Post.id, Post.title).order_by(Post.id)")
    wait_replay(one, stb)
    check("replica: an orm_view view made on the primary",
          q(stb, "SELECT * FROM post_titles") == q(one, "SELECT * FROM post_titles"))
    for fn, args in (("orm_flush", ('[{"op": "add", "entity": "Tag", "data": {"name": "x"}}]',)),
                     ("orm_execute", ('delete(Tag).where(Tag.name == "x")',)),
                     ("orm_declare", ("from sqlalchemy.orm import DeclarativeBase\n"
                                      "class B(DeclarativeBase):\n    pass\n",)),
                     ("orm_view", ("v", "select(Tag)"))):
        code, msg = sqlstate_of(stb, fn, *args)
        check(f"replica: {fn} is refused with 25006", code == "25006", f"{code} {msg}")
    check("replica: orm_create_all with everything there writes nothing",
          orm(stb, "orm_create_all")["created"] == [])
    before = orm(stb, "orm_select", "select(Tag.name).order_by(Tag.id).limit(1)")
    orm(one, "orm_declare", "from sqlalchemy import ForeignKey, String\n"
                            "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
                            "class Base(DeclarativeBase):\n    pass\n"
                            "class Badge(Base):\n    __tablename__ = \"badges\"\n"
                            "    id: Mapped[int] = mapped_column(primary_key=True)\n"
                            "    label: Mapped[str] = mapped_column(String(20))\n")
    orm(one, "orm_create_all")
    flush(one, [{"op": "add", "entity": "Badge", "data": {"label": "early bird"}}])
    wait_replay(one, stb)
    after = orm(stb, "orm_select", "select(Badge)")
    check("replica: an open connection sees a re-declaration once replayed",
          before == [{"name": "python"}] and after == [{"id": 1, "label": "early bird"}],
          f"{before} {after}")

    # delete_example
    d_one = delete_example(one)
    d_shd = delete_example(shd)
    check("delete_example: bob with his posts and comments, the same on both", d_one == d_shd,
          f"{d_one}\n{d_shd}")
    counts = "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts), " \
             "(SELECT count(*) FROM comments), (SELECT count(*) FROM post_tags)"
    # bob's comments go, and alice's reply to one of them (delete-orphan)
    check("after delete_example: alice with her 2 posts and their 4 tags left",
          q(one, counts) == q(shd, counts) == [(1, 2, 0, 4)],
          f"{q(one, counts)} {q(shd, counts)}")

    # R1 at scale
    t0 = time.perf_counter()
    bulk_data(one, SCALE_USERS)
    t_one_w = time.perf_counter() - t0
    t0 = time.perf_counter()
    bulk_data(shd, SCALE_USERS)
    t_shd_w = time.perf_counter() - t0
    check(f"{SCALE_USERS} users x 10 posts written: placements agree",
          placement(one) == placement(shd))
    s1 = q1(connect("shard1", "blog"), "SELECT count(*) FROM posts")
    s2 = q1(connect("shard2", "blog"), "SELECT count(*) FROM posts")
    check("posts split over the shards by year", s1 + s2 == q1(shd, "SELECT count(*) FROM posts")
          and s1 > 0 and s2 > 0, f"{s1} {s2}")
    a = orm(one, "orm_select", R1)
    b = orm(shd, "orm_select", R1)
    check("R1 (users, posts, comments, tags): the same on the shards", norm(a) == norm(b),
          first_difference(norm(a), norm(b)))
    check("R1 returns every post", sum(len(u["posts"]) for u in a) == 2 + 10 * SCALE_USERS)
    ms_one = best_ms(one, R1)
    ms_shd = best_ms(shd, R1)
    posts_only = QUERIES["all users with their posts"]
    ms_one_p = best_ms(one, posts_only)
    ms_shd_p = best_ms(shd, posts_only)
    print(f"R1 timing: {SCALE_USERS + 1} users, {2 + 10 * SCALE_USERS} posts, "
          f"{1 + 20 * SCALE_USERS} comments, {4 + 20 * SCALE_USERS} post_tags: "
          f"one server {ms_one:.1f} ms, sharded (2 postgres_fdw shards) {ms_shd:.1f} ms "
          f"(x{ms_shd / ms_one:.2f}); users with posts only: one server {ms_one_p:.1f} ms, "
          f"sharded {ms_shd_p:.1f} ms; writing them: one server {t_one_w:.2f} s, "
          f"sharded {t_shd_w:.2f} s")
    print(f"scale: {passed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    try:
        ok = main()
    except Exception as e:  # a setup or an unexpected error: one failure, with its cause
        import traceback
        traceback.print_exc(file=sys.stdout)
        failed += 1
        print(f"scale: {passed} passed, {failed} failed")
        ok = False
    sys.exit(0 if ok else 1)
