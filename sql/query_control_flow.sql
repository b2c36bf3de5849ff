--
-- query_control_flow: statements built conditionally, as application code
-- builds them: if/elif/else, for loops (over lists, tuples, dicts, range(),
-- enumerate(), zip(); break, continue, for ... else), while loops, nested
-- blocks, conditional expressions, and/or/not, is None, in, comparisons and
-- len() on Python values (the text's own and the params').  Python's truth
-- and Python's errors; SQLAlchemy's TypeError where a clause is tested.
-- Results as SQLAlchemy 2.0.52 gives them for the same Python
-- (test/sa_check/query_control_flow.py runs every orm_select here through
-- real SQLAlchemy and compares); errors with their line and column; loops
-- are bounded.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


cf_post_tags = Table(
    "cf_post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("cf_posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("cf_tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "cf_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool]
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "cf_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    author_id: Mapped[int] = mapped_column(ForeignKey("cf_users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
    tags: Mapped[list["Tag"]] = relationship(secondary=cf_post_tags)


class Tag(Base):
    __tablename__ = "cf_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO cf_users (id, name, active) VALUES (1, 'ann', true), (2, 'bob', false),
    (3, 'cyd', true), (4, 'dan', true), (5, 'eve', false);
INSERT INTO cf_tags (id, name) VALUES (1, 'python'), (2, 'sql'), (3, 'rust');
INSERT INTO cf_posts (id, title, author_id) VALUES (1, 'p1', 1), (2, 'p2', 1), (3, 'p3', 3),
    (4, 'p4', 4), (5, 'p5', 2);
INSERT INTO cf_post_tags (post_id, tag_id) VALUES (1, 1), (2, 2), (3, 1), (3, 2), (4, 3), (5, 1);

-- the application's search: each branch kind, chosen by the params
SELECT orm_select('stmt = select(User.id, User.name).order_by(User.id)
if search:
    stmt = stmt.where(User.name.ilike(f"%{search}%"))
elif only_active is not None:
    stmt = stmt.where(User.active == only_active)
else:
    pass
for tag in tags:
    stmt = stmt.where(User.posts.any(Post.tags.any(Tag.name == tag)))
if limit:
    stmt = stmt.limit(limit)
stmt', '{"search": "N", "only_active": null, "tags": [], "limit": 0}') AS r;
SELECT orm_select('stmt = select(User.id, User.name).order_by(User.id)
if search:
    stmt = stmt.where(User.name.ilike(f"%{search}%"))
elif only_active is not None:
    stmt = stmt.where(User.active == only_active)
else:
    pass
for tag in tags:
    stmt = stmt.where(User.posts.any(Post.tags.any(Tag.name == tag)))
if limit:
    stmt = stmt.limit(limit)
stmt', '{"search": "", "only_active": false, "tags": [], "limit": null}') AS r;
SELECT orm_select('stmt = select(User.id, User.name).order_by(User.id)
if search:
    stmt = stmt.where(User.name.ilike(f"%{search}%"))
elif only_active is not None:
    stmt = stmt.where(User.active == only_active)
else:
    pass
for tag in tags:
    stmt = stmt.where(User.posts.any(Post.tags.any(Tag.name == tag)))
if limit:
    stmt = stmt.limit(limit)
stmt', '{"search": null, "only_active": null, "tags": ["python", "sql"], "limit": 5}') AS r;
SELECT orm_select('stmt = select(User.id, User.name).order_by(User.id)
if search:
    stmt = stmt.where(User.name.ilike(f"%{search}%"))
elif only_active is not None:
    stmt = stmt.where(User.active == only_active)
else:
    pass
for tag in tags:
    stmt = stmt.where(User.posts.any(Post.tags.any(Tag.name == tag)))
if limit:
    stmt = stmt.limit(limit)
stmt', '{"search": null, "only_active": true, "tags": ["python"], "limit": 1}') AS r;
-- the same text through orm_compile: the SQL of the branch taken
SELECT orm_compile('stmt = select(User.id).order_by(User.id)
if search:
    stmt = stmt.where(User.name.ilike(f"%{search}%"))
elif only_active is not None:
    stmt = stmt.where(User.active == only_active)
if limit:
    stmt = stmt.limit(limit)
stmt', '{"search": "an", "only_active": true, "limit": 3}') AS sql;

-- Python's truth of every kind of value: bit i set when vals[i] is true
SELECT orm_select('vals = [None, 0, 0.0, "", [], {}, (), False, 1, -2, 0.5, "a", [0], {"k": 0}, (None,), True]
bits = 0
for i, v in enumerate(vals):
    if v:
        bits += 2 ** i
select(literal(bits).label("bits"))') AS r;
-- ... and of params values (null, 0, "", [], {} are false)
SELECT orm_select('bits = 0
for i, v in enumerate([n, z, f, e, l, d, t, s, ll, dd]):
    if not v:
        bits = bits | (1 << i)
select(literal(bits).label("falsy"))', '{"n": null, "z": 0, "f": 0.0, "e": "", "l": [], "d": {}, "t": true, "s": "x", "ll": [0], "dd": {"a": null}}') AS r;

-- conditional expressions; and / or return the operand that decided
SELECT orm_select('order = User.name.desc() if newest else User.id
select(User.id).order_by(order).limit(2)', '{"newest": 1}') AS r;
SELECT orm_select('n = limit or 2
first = tags and tags[0]
select(User.id).where(User.posts.any(Post.tags.any(Tag.name == (first or "rust")))).order_by(User.id).limit(n)', '{"limit": null, "tags": []}') AS r;
SELECT orm_select('n = limit or 2
first = tags and tags[0]
select(User.id).where(User.posts.any(Post.tags.any(Tag.name == (first or "rust")))).order_by(User.id).limit(n)', '{"limit": 10, "tags": ["python", "x"]}') AS r;

-- comparisons, in, is, len() and indexing on Python values
SELECT orm_select('ids = []
if 1 < len(roles) <= 3 and "admin" in roles:
    ids.append(1)
if role not in ("a", "b") and page is not None and page >= 2:
    ids.append(2)
if [1, 2] < [1, 3] and (1, "b") > (1, "a") and "abc" < "abd" and 2 == 2.0 and True == 1:
    ids.append(3)
if opts["kind"] == "x" and opts.get("missing") is None and opts.get("missing", 4) == 4:
    ids.append(4)
if "dm" in "admin" and "k" in {"k": 1} and 3 not in [1, 2] and not [] and None is None:
    ids.append(5)
select(User.id).where(User.id.in_(ids)).order_by(User.id)', '{"roles": ["user", "admin"], "role": "c", "page": 2, "opts": {"kind": "x"}}') AS r;
-- SQLAlchemy's truth of a class, an attribute, a relationship, an alias: true
SELECT orm_select('ids = []
if User.name and User.posts and aliased(User) and User:
    ids.append(4)
select(User.id).where(User.id.in_(ids)).order_by(User.id)') AS r;

-- loops: dicts, items(), zip(), range() with a step, nested, break, continue, else
SELECT orm_select('stmt = select(User.id).order_by(User.id)
for key, value in filters.items():
    if key == "name":
        stmt = stmt.where(User.name != value)
    elif key == "active":
        stmt = stmt.where(User.active == value)
stmt', '{"filters": {"name": "ann", "active": true}}') AS r;
SELECT orm_select('ids = []
for k in {"a": 1, "b": 2}:
    ids.append(len(k) + (2 if k == "b" else 0))
for a, b in zip([1, 2, 3], "xy"):
    if b == "y":
        ids.append(a + 2)
for i in range(10, 0, -3):
    ids.append(i)
select(User.id).where(User.id.in_(ids)).order_by(User.id)') AS r;
SELECT orm_select('ids = []
for i in range(1, 6):
    if i == 2:
        continue
    for j in range(i):
        if j > 1:
            break
    else:
        ids.append(i)
    if i == 4:
        break
else:
    ids.append(5)
select(User.id).where(User.id.in_(ids)).order_by(User.id)') AS r;
SELECT orm_select('ids = []
for t in tags:
    if t == "stop":
        break
else:
    ids.append(5)
select(User.id).where(User.id.in_(ids))', '{"tags": ["a", "b"]}') AS r;
SELECT orm_select('n = 1
ids = []
while n < 20:
    n = n * 2
    if n == 4:
        continue
    ids.append(n)
else:
    ids.append(3)
select(Post.id).where(Post.id.in_(ids)).order_by(Post.id)') AS r;
-- comprehensions unpack too; lists concatenate
SELECT orm_select('ids = [i for i, name in enumerate(names, 1) if name] + [k for k, v in pairs if v]
select(User.id).where(User.id.in_(ids)).order_by(User.id)', '{"names": ["a", "", "c"], "pairs": [[4, true], [5, false]]}') AS r;
-- a string unpacks into its characters, a dict into its keys
SELECT orm_select('a, b = "an"
c, d = {"d": 1, "an": 2}
select(User.id).where(User.name.in_([a + b + "n", c + d])).order_by(User.id)') AS r;
-- a list changed inside its own loop is read as it grows (bounded)
SELECT orm_select('ids = [1]
for i in ids:
    if i < 4:
        ids.append(i + 1)
select(User.id).where(User.id.in_(ids)).order_by(User.id)') AS r;
-- nested blocks build the criteria; one-line bodies; pass
SELECT orm_select('conds = []
for name in names:
    if name:
        if len(name) > 2: conds.append(User.name == name)
        else: pass
    else:
        conds.append(User.id == 5)
select(User.id).where(or_(*conds)).order_by(User.id)', '{"names": ["ann", "", "xy", "dan"]}') AS r;
-- the statement is the last line; assignments in blocks are seen after them
SELECT orm_select('if mode == "posts":
    stmt = select(Post.id).where(Post.author_id == 1)
else:
    stmt = select(User.id).where(User.id == 1)
stmt', '{"mode": "posts"}') AS r;
-- orm_execute: the UPDATE the branches build
SELECT orm_execute('stmt = update(User).values(active=False)
if ids:
    stmt = stmt.where(User.id.in_(ids))
else:
    stmt = stmt.where(User.id == -1)
stmt', '{"ids": [3, 4]}') AS r;
SELECT orm_select('select(User.id).where(User.active == False).order_by(User.id)') AS r;
SELECT orm_execute('stmt = update(User).values(active=True)
for i in ids:
    stmt = stmt.where(User.id != i)
stmt.where(User.id.in_([3, 4, 5]))', '{"ids": [5]}') AS r;

-- errors, with their places: SQLAlchemy's TypeError for a clause's truth
SELECT orm_select('stmt = select(User)
if User.id > 5:
    stmt = stmt.limit(1)
stmt') AS r;
SELECT orm_select('select(User).where(User.id > 1 or User.id < 0)') AS r;
-- == and != too (SQLAlchemy answers them by the operands' identity, User.id == 5
-- being False: never what a query means, so refused)
SELECT orm_select('stmt = select(User)
if User.id == 5:
    stmt = stmt.limit(1)
stmt') AS r;
SELECT orm_select('select(User.id).where(User.name == "ann" and User.id > 100)') AS r;
SELECT orm_select('select(User).where(not User.id > 1)') AS r;
SELECT orm_select('x = select(User) if select(User) else None
x') AS r;
-- Python's NameError, TypeError, IndexError, KeyError ...
SELECT orm_select('stmt = select(User)
if flag:
    stmt = stmt.where(User.id == missing)
stmt', '{"flag": true}') AS r;
SELECT orm_select('if flag:
    stmt = select(User)
stmt', '{"flag": false}') AS r;
SELECT orm_select('ids = [1, 2]
select(User).where(User.id == ids[5])') AS r;
SELECT orm_select('select(User).where(User.name == opts["nope"])', '{"opts": {"a": 1}}') AS r;
SELECT orm_select('n = 0
if "a" < n:
    n = 1
select(User)') AS r;
SELECT orm_select('for c in User.name:
    pass
select(User)') AS r;
SELECT orm_select('n = len(User.id)
select(User)') AS r;
SELECT orm_select('for i in 5:
    pass
select(User)') AS r;
SELECT orm_select('x = range(1, 5, 0)
select(User)') AS r;
SELECT orm_select('for a, b in [(1, 2, 3)]:
    pass
select(User)') AS r;
SELECT orm_select('for a, b in [1, 2]:
    pass
select(User)') AS r;
-- Python's tests on a clause are refused (Python's answer would be a constant)
SELECT orm_select('select(User).where(User.id in [1, 2])') AS r;
SELECT orm_select('select(User).where(User.name is None)') AS r;
-- statements a query does not run, at their line and column
SELECT orm_select('stmt = select(User)
if True:
    break
stmt') AS r;
SELECT orm_select('stmt = select(User)
with x as y:
    stmt = stmt.limit(1)
stmt') AS r;
SELECT orm_select('stmt = select(User)
try:
    stmt = stmt.limit(1)
except Exception:
    pass
stmt') AS r;
SELECT orm_select('def f():
    return 1
select(User)') AS r;
SELECT orm_select('stmt = select(User)
for i in range(2):
    return stmt
stmt') AS r;
SELECT orm_select('stmt = select(User)
if x := 1:
    pass
stmt') AS r;
SELECT orm_select('stmt = select(User)
if search:
    stmt = stmt.where(User.name == search)', '{"search": "ann"}') AS r;
-- bounded: loops that would not end, and values too large to make
SELECT orm_select('n = 0
while True:
    n += 1
select(User).limit(n)') AS r;
SELECT orm_select('for i in range(10 ** 9):
    pass
select(User)') AS r;
SELECT orm_select('for i in range(1000):
    for j in range(1000):
        pass
select(User)') AS r;
SELECT orm_select('x = [[i for i in range(1000)] for j in range(1000)]
select(User)') AS r;
SELECT orm_select('ids = [0]
for i in ids:
    ids.append(i)
select(User)') AS r;

-- filters spelled as data (apps5): getattr(Class, key) of a computed name,
-- filter_by(**{key: value}) of a loop's variables (each value as it is at the
-- call, not its node evaluated again), options(*opts) of a list built by the text
SELECT orm_select('stmt = select(Post.id)
for key, value in filters.items():
    if value is not None:
        stmt = stmt.where(getattr(Post, key) == value)
stmt.order_by(Post.id)', '{"filters": {"author_id": 1, "title": null}}') AS r;
SELECT orm_select('stmt = select(Post.id)
for key, value in filters.items():
    stmt = stmt.filter_by(**{key: value})
stmt.order_by(Post.id)', '{"filters": {"author_id": 1, "title": "p2"}}') AS r;
SELECT orm_select('select(getattr(User, "nmae"))') AS r;
SELECT orm_select('select(getattr(User, 1))') AS r;
SELECT orm_select('select(getattr(User, "name", None))') AS r;
SELECT orm_select('opts = [selectinload(Post.tags)]
if with_author:
    opts.append(joinedload(Post.author))
select(Post).options(*opts).where(Post.id == 3)', '{"with_author": true}') AS r;
SELECT orm_select('select(Post).options(*3)') AS r;
-- getattr() with a default (an unknown sort key), filter_by(**params_object),
-- min() / max(), and str methods of Python strings (a sort spec "-title,id")
SELECT orm_select('select(Post.id).order_by(getattr(Post, sort_by, Post.id).desc())', '{"sort_by": "nope"}') AS r;
SELECT orm_select('select(Post.id).order_by(getattr(Post, sort_by, Post.id).desc(), Post.id)', '{"sort_by": "author_id"}') AS r;
SELECT orm_select('select(Post.id).order_by(getattr(Nope, "x", Post.id))') AS r;
SELECT orm_select('select(Post.id).filter_by(**filters).order_by(Post.id)', '{"filters": {"author_id": 1}}') AS r;
SELECT orm_select('select(Post.id).filter_by(**filters)', '{"filters": [1]}') AS r;
SELECT orm_select('page = max(page, 1)
select(User.id).order_by(User.id).limit(size).offset((page - 1) * size)', '{"page": 0, "size": 2}') AS r;
SELECT orm_select('select(User.id).limit(min([3, n, 4]))', '{"n": 1}') AS r;
SELECT orm_select('select(User.id).limit(max(1, "a"))') AS r;
SELECT orm_select('select(User.id).limit(max([]))') AS r;
SELECT orm_select('COLS = {"id": Post.id, "title": Post.title, "author": Post.author_id}
stmt = select(Post.id)
for key in sort.split(","):
    col = COLS[key.strip().lstrip("-")]
    stmt = stmt.order_by(col.desc() if key.strip().startswith("-") else col)
stmt', '{"sort": "-author, id"}') AS r;
SELECT orm_select('select(User.name).where(User.name.in_([q.lower(), q.upper(), q.rstrip("!").lower(), q.replace("!", "")]))', '{"q": "ANN!"}') AS r;
SELECT orm_select('select(User.name).where(User.name.in_(names.split(",")))', '{"names": "bob,cyd"}') AS r;
SELECT orm_select('select(User.name).where(User.name == "".split(""))') AS r;
SELECT orm_select('select(User.name).where(User.name == "x".title())') AS r;
-- int() / str() / bool() of Python values (a page number given as text)
SELECT orm_select('page = int(page or 1)
select(User.id).order_by(User.id).limit(2).offset((page - 1) * 2)', '{"page": "2"}') AS r;
SELECT orm_select('select(User.name).where(User.id.in_([int(str(n) + "0") // 10, 3])).where(User.active == bool(flag)).order_by(User.id)', '{"n": 1, "flag": [0]}') AS r;
SELECT orm_select('select(User.id).limit(int("x1"))') AS r;
SELECT orm_select('select(User.id).limit(int([1]))') AS r;
SELECT orm_select('select(User.id).where(User.name == str(1.5))') AS r;
SELECT orm_select('select(User.id).where(User.active == bool(User.id == 1))') AS r;
-- list() / tuple() of an iterable (a copy: appending to it leaves the params value
-- alone), with_only_columns(*cols) of a list the text built
SELECT orm_select('l = list(names)
l.append("cyd")
select(User.name).where(User.name.in_(l)).where(User.name.in_(tuple(names + ["cyd"]))).order_by(User.id)', '{"names": ["ann", "bob"]}') AS r;
SELECT orm_select('select(User.name).where(User.name.in_(names)).order_by(User.id)', '{"names": ["ann", "bob"]}') AS r;
SELECT orm_select('cols = [User.id]
if wide:
    cols.append(User.name)
select(User).with_only_columns(*cols).where(User.id < 3).order_by(User.id)', '{"wide": true}') AS r;
SELECT orm_select('select(User.id).where(User.id.in_(tuple(5)))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
