--
-- query_session: the session and Result calls real programs write around a
-- statement (session.execute(stmt).scalars().all(), session.get(User, 5),
-- session.query(User).filter(...).first() ...), on both engines.  Every result
-- is what SQLAlchemy 2.0.52 returns for the same Python on the same data
-- (objects and Row objects as JSON); errors carry SQLAlchemy's messages and
-- the place of the call.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "qs_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "qs_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("qs_users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")


class Tag(Base):
    __tablename__ = "qs_tags"
    a: Mapped[int] = mapped_column(primary_key=True)
    b: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO qs_users (id, name) VALUES (1, 'alice'), (2, 'bob'), (3, 'carol');
INSERT INTO qs_posts (id, title, author_id) VALUES (1, 'a1', 1), (2, 'a2', 1), (3, 'b1', 2);
INSERT INTO qs_tags (a, b, label) VALUES (1, 2, 'x'), (1, 3, 'y');


-- 2.0 style: session.execute() rows are keyed by Row._fields (the entity's name)
SELECT orm_select('session.execute(select(User)).all()');
SELECT orm_select('session.execute(select(User)).first()');
SELECT orm_select('session.execute(select(User).where(User.id == 1)).one()');
SELECT orm_select('session.execute(select(User).where(User.id == 9)).one_or_none()');
SELECT orm_select('session.execute(select(User)).scalar()');
SELECT orm_select('session.execute(select(User.name, User.id)).scalars().all()');
SELECT orm_select('session.execute(select(User.name, User.id)).scalars(1).all()');
SELECT orm_select('session.execute(select(User.name, User.id)).mappings().all()');
SELECT orm_select('session.execute(select(User)).mappings().first()');
SELECT orm_select('session.execute(select(User.name, User.id)).fetchall()');
SELECT orm_select('session.execute(select(User.name, User.id)).tuples().all()');
SELECT orm_select('session.execute(select(User.name, User.id)).columns("id").all()');
SELECT orm_select('session.execute(select(User.name, User.id)).columns(1, 0).all()');
SELECT orm_select('session.execute(select(User, Post).join(User.posts).order_by(Post.id)).all()');
SELECT orm_select('session.execute(select(User, Post).join(User.posts).order_by(Post.id)).scalars().all()');
SELECT orm_select('session.execute(select(User).join(User.posts)).unique().all()');
SELECT orm_select('session.execute(select(User.name).order_by(User.name)).fetchone()');
SELECT orm_select('session.execute(select(User.name).order_by(User.name)).fetchmany(2)');
SELECT orm_select('session.execute(select(User.id).where(User.id == 9)).first()');
SELECT orm_select('session.execute(select(User.name).where(User.id == 3)).scalar_one()');
SELECT orm_select('session.execute(select(User.name).where(User.id == 9)).scalar_one_or_none()');
SELECT orm_select('stmt = select(User).where(User.name.startswith("b"))
result = db.session.execute(stmt)
result.scalars().all()');

-- scalars(), scalar(): not uniqued unless unique() says so
SELECT orm_select('session.scalars(select(User).join(User.posts)).all()');
SELECT orm_select('session.scalars(select(User).join(User.posts)).unique().all()');
SELECT orm_select('session.scalars(select(User.name, User.id)).all()');
SELECT orm_select('self.session.scalars(select(User.name)).first()');
SELECT orm_select('session.scalars(select(User.id).where(User.id == 2)).one_or_none()');
SELECT orm_select('session.scalar(select(User))');
SELECT orm_select('session.scalar(select(User.name).where(User.id == 9))');
SELECT orm_select('s.scalar(select(func.count(User.id)))');

-- joined eager loads of a collection need unique(), except for first() and scalar()
SELECT orm_select('session.execute(select(User).options(joinedload(User.posts))).unique().all()');
SELECT orm_select('session.scalars(select(User).options(joinedload(User.posts))).first()');
SELECT orm_select('session.execute(select(User).options(joinedload(User.posts))).scalar()');
SELECT orm_select('session.scalars(select(User).options(selectinload(User.posts))).all()');

-- session.get(): the object or null
SELECT orm_select('session.get(User, 2)');
SELECT orm_select('session.get(User, 9)');
SELECT orm_select('session.get(Tag, (1, 2))');
SELECT orm_select('session.get(Tag, {"a": 1, "b": 3})');
SELECT orm_select('sess.get(User, {"id": 1})');
SELECT orm_select('session.get(User, 1, options=[selectinload(User.posts)])');
SELECT orm_select('session.get_one(User, 1)');
SELECT orm_select('session.get_one(User, 9)');

-- the legacy Query
SELECT orm_select('session.query(User).all()');
SELECT orm_select('session.query(User).join(User.posts).all()');
SELECT orm_select('session.query(User).options(joinedload(User.posts)).all()');
SELECT orm_select('session.query(User, Post).join(User.posts).order_by(Post.id).all()');
SELECT orm_select('session.query(User.name).join(User.posts).all()');
SELECT orm_select('session.query(User, User.name).join(User.posts).all()');
SELECT orm_select('session.query(User.name, User.id).filter(User.id > 1).all()');
SELECT orm_select('session.query(User).filter_by(name="bob").first()');
SELECT orm_select('session.query(User).filter(User.id == 9).one_or_none()');
SELECT orm_select('session.query(User).filter(User.id == 9).first()');
SELECT orm_select('session.query(User.name).filter(User.id == 1).scalar()');
SELECT orm_select('session.query(User.name).filter(User.id == 9).scalar()');
SELECT orm_select('session.query(User).join(User.posts).filter(User.id == 1).one()');
SELECT orm_select('session.query(User).count()');
SELECT orm_select('session.query(User).join(User.posts).count()');
SELECT orm_select('session.query(User.name).distinct().count()');
SELECT orm_select('session.query(User).get(2)');
SELECT orm_select('session.query(Tag).get((1, 3))');
SELECT orm_select('session.query(User).order_by(User.id.desc()).limit(2).offset(1).all()');
SELECT orm_select('session.query(User).with_entities(User.name).all()');
SELECT orm_select('session.query(User).outerjoin(User.posts).filter(Post.id == None).all()');
SELECT orm_select('session.query(Post).select_from(User).join(User.posts).filter(User.name == "bob").all()');
SELECT orm_select('sq = session.query(Post.author_id, func.count(Post.id).label("n")).group_by(Post.author_id).subquery()
session.query(User.name, sq.c.n).join(sq, sq.c.author_id == User.id).all()');
SELECT orm_select('session.query(User).filter(User.id.in_(session.query(Post.author_id))).all()');
SELECT orm_select('session.query(User.id, User.name).first()');
SELECT orm_select('session.query(User).limit(5).first()');
SELECT orm_select('session.query(func.count(User.id)).scalar()');
SELECT orm_select('session.query(exists().where(User.id == 1)).scalar()');
SELECT orm_select('session.query(session.query(User).filter(User.id == 1).exists()).scalar()');
SELECT orm_select('session.query(User).slice(1, 3).all()');
SELECT orm_select('session.query(User).options(joinedload(User.posts)).filter(User.id == 1).one()');
SELECT orm_select('session.query(User.name).order_by(User.name)');

-- Query.union() and the other compounds: the compound as a subquery, its entity (or columns) read from it
SELECT orm_select('session.query(User).filter(User.id == 1).union(session.query(User).filter(User.id == 2)).order_by(User.id).all()');
SELECT orm_select('session.query(User).filter(User.id < 3).union_all(session.query(User).filter(User.id > 1)).order_by(User.id).all()');
SELECT orm_select('session.query(User.name).filter(User.id == 1).union(session.query(User.name).filter(User.id == 3)).order_by(User.name).all()');
SELECT orm_select('session.query(User).filter(User.id < 3).intersect(session.query(User).filter(User.id > 1)).order_by(User.id).all()');
SELECT orm_select('session.query(User).filter(User.id < 3).except_(session.query(User).filter(User.id > 1)).one()');
SELECT orm_select('session.query(User).union(session.query(User)).count()');
SELECT orm_select('session.query(User).add_entity(Post).join(User.posts).order_by(Post.id).all()');
SELECT orm_select('session.query(User.name).union(session.query(Post.title)).order_by(User.name).all()');
SELECT orm_compile('session.query(User).filter(User.id == 1).union(session.query(User).filter(User.id == 2)).order_by(User.id)');

-- a legacy Query's Row._fields has no key for an unlabeled expression (Row._asdict())
SELECT orm_select('session.query(func.count(Post.id), User.name).join(User.posts).group_by(User.name).order_by(User.name).all()');
SELECT orm_select('session.query(User.id + 1).order_by(User.id).all()');
SELECT orm_select('session.query(func.count(Post.id)).all()');
SELECT orm_select('session.query(User.name.label("n")).order_by(User.id).all()');
SELECT orm_select('session.query(User, func.count(Post.id)).join(User.posts).group_by(User.id).order_by(User.id).all()');
SELECT orm_select('session.query(func.count(Post.id)).scalar()');
SELECT orm_select('session.query(User.name, User.id).order_by(User.id).first()');

-- what orm_compile prints: Query.first() is LIMIT 1, count() a subquery, get() the key
SELECT orm_compile('session.query(User).first()');
SELECT orm_compile('session.query(User.name).filter(User.id > 1).count()');
SELECT orm_compile('session.get(Tag, (1, 2))');

-- errors: SQLAlchemy's messages, at the call
SELECT orm_select('session.execute(select(User)).one()');
SELECT orm_select('session.execute(select(User).where(User.id == 9)).one()');
SELECT orm_select('session.execute(select(User.name)).scalar_one_or_none()');
SELECT orm_select('session.scalars(select(User)).one()');
SELECT orm_select('session.execute(select(User).options(joinedload(User.posts))).all()');
SELECT orm_select('session.scalars(select(User).options(joinedload(User.posts))).one()');
SELECT orm_select('session.query(User.name).scalar()');
SELECT orm_select('session.query(User).filter(User.id == 9).one()');
SELECT orm_select('session.execute(select(User)).scalars().mappings()');
SELECT orm_select('session.scalars(select(User)).scalar_one()');
SELECT orm_select('session.execute(select(User)).first().all()');
SELECT orm_select('session.execute(select(User.name)).columns("nope").all()');
SELECT orm_select('session.execute(select(User.name)).scalars(3).all()');
SELECT orm_select('session.get(User, (1, 2))');
SELECT orm_select('session.get(Tag, {"a": 1})');
SELECT orm_select('session.get(User, None)');
SELECT orm_select('session.add(User(name="x"))');
SELECT orm_select('conn.execute(select(User))');
SELECT orm_select('session.execute(User)');
SELECT orm_select('session.execute(update(User).values(name="x"))');
SELECT orm_select('session.query(User).union(session.query(User)).order_by(User.id).all()');
SELECT orm_view('qs_v', 'session.query(User)');
SELECT orm_select('session.get(User, 1).name');
SELECT orm_select('session.execute(select(User.id)).all()[0]');

-- orm_execute: statements run through session.execute() and Query.update() / delete();
-- the second argument of session.execute() is the statement's params
SELECT orm_execute('session.execute(insert(User), [{"id": 10, "name": "dora"}, {"id": 11, "name": "ed"}])');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.execute(insert(User), {"id": 12, "name": "fay"})');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.execute(insert(User), rows)', '{"rows": [{"id": 13, "name": "gus"}]}');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.execute(update(User).where(User.name == "dora").values(name="Dora"))');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.execute(update(User), [{"id": 11, "name": "Ed"}])');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.query(User).filter(User.id > 12).delete()');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('db.session.query(User).filter_by(name="fay").update({"name": "Fay"}, synchronize_session=False)');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.query(User).filter(User.id == 12).update({User.name: "FAY"})');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');
SELECT orm_execute('session.execute(delete(User).where(User.id >= 10))');
SELECT orm_select('session.scalars(select(User.name).order_by(User.id)).all()');

-- RETURNING rows through Result methods, as session.execute() returns them
SELECT orm_execute('session.execute(insert(User).returning(User), [{"id": 20, "name": "a"}, {"id": 21, "name": "b"}]).all()');
SELECT orm_execute('session.scalars(insert(User).returning(User), [{"id": 22, "name": "c"}, {"id": 23, "name": "d"}]).all()');
SELECT orm_execute('session.execute(insert(User).values(id=24, name="e").returning(User.id)).scalar_one()');
SELECT orm_execute('session.scalar(insert(User).values(id=25, name="f").returning(User.id))');
SELECT orm_execute('session.execute(update(User).where(User.id > 23).values(name="x").returning(User.id, User.name)).all()');
SELECT orm_execute('session.execute(delete(User).where(User.id == 25).returning(User.name)).scalars().first()');
SELECT orm_execute('session.execute(insert(User).returning(User.id), [{"id": 26, "name": "g"}])');
SELECT orm_execute('session.execute(delete(User).where(User.id >= 20)).all()');
SELECT orm_execute('session.execute(delete(User).where(User.id >= 20))');

-- a select()'s params as session.execute()'s second argument (bindparam() values)
SELECT orm_select('session.execute(select(User).where(User.name == bindparam("n")), {"n": "bob"}).scalar_one()');
SELECT orm_select('session.scalars(select(User.id).where(User.name.in_(bindparam("ns", expanding=True))), {"ns": ["alice", "bob"]}).all()');
SELECT orm_select('session.execute(session.query(User.id).filter(User.id < 3).statement).all()');
SELECT orm_select('session.execute(select(User), [{"n": 1}, {"n": 2}])');
SELECT orm_execute('session.execute(insert(User), [1, 2])');
SELECT orm_compile('session.execute(select(User).where(User.name == bindparam("n")), {"n": "bob"})');

-- a Query sliced as a list (apps5): query[1:3] is its .slice(1, 3); an empty
-- range no rows; an index, a step or a negative bound refused
SELECT orm_select('session.query(User).order_by(User.id)[1:3]');
SELECT orm_select('session.query(User.name).order_by(User.id)[:2]');
SELECT orm_select('session.query(User).order_by(User.id)[3:1]');
SELECT orm_compile('session.query(User).order_by(User.id)[1:]');
SELECT orm_select('session.query(User).order_by(User.id)[0]');
SELECT orm_select('session.query(User).order_by(User.id)[-2:]');
SELECT orm_select('session.query(User).order_by(User.id)[0:4:2]');
-- what a session call returned, used as Python uses it: the call's statement runs
-- then (once), its value is Python's (objects, Rows, lists, scalars, None)
SELECT orm_select('u = session.scalars(select(User).where(User.name == "nobody")).one_or_none()
u if u is not None else session.get(User, 1)');
SELECT orm_select('u = session.get(User, 1)
if u:
    x = 1
u');
SELECT orm_select('q = session.query(User)
[q.count(), q.all()]');
SELECT orm_select('{"n": session.scalar(select(func.count(User.id)))}');
SELECT orm_select('q = session.query(User).order_by(User.id)
{"total": q.count(), "items": q.limit(2).all()}');
SELECT orm_select('totals = {}
for i in [1, 2, 3]:
    totals[str(i)] = session.scalar(select(func.count(Post.id)).where(Post.author_id == i))
totals');
SELECT orm_select('rows = session.scalars(select(User).where(User.id > 5)).all()
"none" if not rows else rows');
SELECT orm_select('row = session.execute(select(User.name, User.id).where(User.id == 2)).one()
[row.name, row[1], row[-1], row._fields, row._mapping, row._asdict(), row._t, len(row), row == ("bob", 2)]');
SELECT orm_select('name, id = session.execute(select(User.name, User.id).where(User.id == 3)).one()
{"name": name, "id": id}');
SELECT orm_select('[r.name for r in session.execute(select(User.name).order_by(User.id)).all()]');
SELECT orm_select('[u.name.upper() for u in session.scalars(select(User).order_by(User.id))]');
SELECT orm_select('out = []
for id, name in session.execute(select(User.id, User.name).order_by(User.id)):
    if id != 2:
        out.append(name)
out');
SELECT orm_select('[u.id for u in session.query(User).order_by(User.id.desc())]');
SELECT orm_select('len(session.scalars(select(Post)).all())');
SELECT orm_select('session.get(User, 1) == session.scalars(select(User).where(User.name == "alice")).one()');
SELECT orm_select('session.get(User, 1).name.upper()');
SELECT orm_select('session.execute(select(User).where(User.id == 2)).one().User.name');
SELECT orm_select('session.execute(select(User.id, User.name).order_by(User.id)).mappings().all()[1]["name"]');
SELECT orm_select('session.query(User).order_by(User.id)[2]');
SELECT orm_select('session.query(User).order_by(User.id).limit(2)[1]');
-- a relationship not loaded is loaded when read (a lazy load: one statement), and kept
SELECT orm_select('session.get(User, 1).posts');
SELECT orm_select('session.get(Post, 3).author');
SELECT orm_select('[p.title for p in session.get(Post, 1).author.posts]');
SELECT orm_select('u = session.get(User, 1)
n = len(u.posts)
u');
SELECT orm_select('session.get(User, 3).posts');
SELECT orm_select('session.scalars(select(User).options(selectinload(User.posts)).where(User.id == 2)).one().posts');
SELECT orm_select('u = session.get(User, 1)
session.scalars(select(Post).where(with_parent(u, User.posts)).order_by(Post.id.desc())).all()');
SELECT orm_select('session.scalars(select(Post).where(with_parent(session.get(Post, 1), User.posts))).all()');
SELECT orm_select('u = session.get(User, 2)
[session.scalars(select(Post.id).where(Post.author == u)).all(), session.scalars(select(Post.id).where(Post.author != u).order_by(Post.id)).all()]');
SELECT orm_select('u = session.get(User, 2)
session.scalars(select(User).where(User.posts == u)).all()');
-- subscript assignment on the text's own lists and dicts
SELECT orm_select('d = {"a": 1}
d["b"] = 2
d["a"] = 3
l = [1, 2]
l[0] = 5
l[-1] += 1
d["b"] *= 10
d[session.get(User, 2).name] = session.get(User, 3).name
[d, l]');
-- Python's errors, with the place
SELECT orm_select('session.get(User, 9).name');
SELECT orm_select('session.get(User, 1).nope');
SELECT orm_select('session.get(User, 1)[0]');
SELECT orm_select('u = session.get(User, 9)
u[0]');
SELECT orm_select('session.execute(select(User.name, User.id)).first()[5]');
SELECT orm_select('session.execute(select(User.name, User.id)).first()["name"]');
SELECT orm_select('session.execute(select(User.name, User.id)).first().nope');
SELECT orm_select('session.execute(select(User))[0]');
SELECT orm_select('session.query(User).order_by(User.id)[5]');
SELECT orm_select('session.query(User).order_by(User.id)[-1]');
SELECT orm_select('session.get(User, 1).name()');
SELECT orm_select('session.execute(select(User.name)).first().name()');
SELECT orm_select('users = session.scalars(select(User)).all()
users[7]');
SELECT orm_select('l = [1]
l[3] = 0');
SELECT orm_select('t = (1,)
t[0] = 2');
SELECT orm_select('x = None
x[0] = 1');
SELECT orm_select('d = {}
d[[1]] = 2');
SELECT orm_select('r = session.execute(select(User))
r.rowcount');
SELECT orm_select('r = session.execute(update(User).values(name="x"))
r.one()');
SELECT orm_select('n = 0
for i in range(1001):
    n += session.scalar(select(func.count(User.id)))
n');
-- a call whose value is not the text's own runs where it is written (its errors there)
SELECT orm_select('x = session.execute(select(User)).one()
select(User)');
SELECT orm_select('session.scalars(select(User)).one()
select(User.id).order_by(User.id)');
SELECT orm_select('session.execute(update(User).where(User.id == 9).values(name="x"))
select(User)');
SELECT orm_execute('session.execute(update(User).where(User.id == 9).values(name="x"))
session.execute(update(User).where(User.id == 8).values(name="y"))');
SELECT orm_select('out = []
for i in [3, 1]:
    out.append(session.get(User, i))
out');
-- orm_compile and orm_explain show one statement: a text that uses a call's value is refused
SELECT orm_compile('u = session.get(User, 1)
select(Post).where(Post.author_id == u.id)');
SELECT orm_select('u = session.get(User, 1)
session.scalars(select(Post).where(Post.author_id == u.id).order_by(Post.id)).all()');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
