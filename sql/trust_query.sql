--
-- trust_query: no query text crashes the process or gives a silently wrong
-- result.  Each form either gives SQLAlchemy 2.0's result or a clean error
-- naming line and column, and the connection is usable afterwards.  Forms
-- that used to crash (contains_eager through a many-to-many join, a method
-- on a failed expression, integer folding) and the limits on statements
-- built through variables.  Checked against SQLAlchemy 2.0.40 on SQLite.
-- Tables are tq_*: pg_regress runs every file in one database.
--
\pset format unaligned

SELECT orm_declare('from decimal import Decimal
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, Numeric, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


tq_post_tags = Table(
    "tq_post_tags",
    Base.metadata,
    Column("post_id", Integer, ForeignKey("tq_posts.id"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tq_tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "tq_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "tq_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    score: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("tq_users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
    tags: Mapped[list["Tag"]] = relationship(secondary=tq_post_tags, back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship(back_populates="post")


class Tag(Base):
    __tablename__ = "tq_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship(secondary=tq_post_tags, back_populates="tags")


class Comment(Base):
    __tablename__ = "tq_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(100))
    post_id: Mapped[int] = mapped_column(ForeignKey("tq_posts.id"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tq_comments.id"))
    post: Mapped["Post"] = relationship(back_populates="comments")
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"id": 1, "username": "alice", "posts": [
    {"id": 1, "title": "P1", "score": 1000.5, "tags": [{"id": 1, "name": "python"}, {"id": 2, "name": "sql"}],
     "comments": [{"id": 1, "body": "c1"}, {"id": 2, "body": "c2", "parent_id": 1}]},
    {"id": 3, "title": "P3", "score": 16}]}},
  {"op": "add", "entity": "User", "data": {"id": 2, "username": "bob", "posts": [
    {"id": 2, "title": "P2", "score": 2.25, "tags": [{"id": 2}]}]}},
  {"op": "add", "entity": "Tag", "data": {"id": 3, "name": "unused"}}
]') IS NOT NULL AS flushed;

-- A. contains_eager through a many-to-many join: Post.tags read from the
-- tags of the join chain posts -> post_tags -> tags (it used to dereference
-- the secondary table's missing class)
SELECT orm_compile('select(Post).join(Post.tags).options(contains_eager(Post.tags)).order_by(Post.id)') AS sql;
SELECT orm_select('select(Post).join(Post.tags).options(contains_eager(Post.tags)).order_by(Post.id)') AS r;
SELECT orm_select('select(Post).join(Post.tags).where(Tag.name == "sql").options(contains_eager(Post.tags)).order_by(Post.id)') AS r;
-- through an alias: of_type() join, alias= naming it
SELECT orm_select('t = aliased(Tag, name="t")
select(Post).join(Post.tags.of_type(t)).options(contains_eager(Post.tags, alias=t)).order_by(Post.id)') AS r;
-- a subquery holding Tag''s columns, joined by the statement
SELECT orm_select('sq = select(Tag).where(Tag.name == "python").subquery()
select(Post).join(tq_post_tags, tq_post_tags.c.post_id == Post.id).join(sq, sq.c.id == tq_post_tags.c.tag_id).options(contains_eager(Post.tags, alias=sq))') AS r;
-- two steps at once, as SQLAlchemy''s contains_eager(A.b, B.c)
SELECT orm_select('select(User).join(User.posts).join(Post.tags).options(contains_eager(User.posts, Post.tags)).order_by(User.id)') AS r;
-- with a joined collection under LIMIT: the eager columns stay inside the limited statement
SELECT orm_compile('select(Post).join(Post.tags).options(contains_eager(Post.tags), joinedload(Post.comments)).order_by(Post.id).limit(1)') AS sql;
SELECT orm_select('select(Post).join(Post.tags).options(contains_eager(Post.tags), joinedload(Post.comments)).order_by(Post.id).limit(1)') AS r;
-- an alias of another class would read User columns as Tags: refused
SELECT orm_select('select(Post).join(Post.tags).options(contains_eager(Post.tags, alias=aliased(User)))') AS r;
-- a subquery without Tag''s columns, or one the statement does not join
SELECT orm_select('sq = select(Tag.id).subquery()
select(Post).join(tq_post_tags, tq_post_tags.c.post_id == Post.id).join(sq, sq.c.id == tq_post_tags.c.tag_id).options(contains_eager(Post.tags, alias=sq))') AS r;
SELECT orm_select('p = select(Tag).subquery()
select(Post).join(Post.tags).options(contains_eager(Post.tags, alias=p))') AS r;
SELECT orm_select('select(Post).options(contains_eager(Post.tags)).order_by(Post.id)') AS r;
-- alias= is contains_eager''s alone
SELECT orm_select('select(Post).options(selectinload(Post.tags, alias=aliased(Tag)))') AS r;
-- a loader path starts at its own entity: User.posts is not aliased(User)''s
SELECT orm_select('u = aliased(User)
select(u).options(selectinload(User.posts))') AS r;
SELECT orm_select('u = aliased(User)
select(u.username).options(selectinload(u.posts))') AS r;

-- C. a method of an expression that failed to build (tuple_(User)): an
-- error at its position, not a NULL read
SELECT orm_select('select(User).where(tuple_(User).foo())') AS r;
SELECT orm_select('select(User).where(tuple_(User.id).foo())') AS r;
SELECT orm_select('select(User.id).order_by(User.id)') AS still_usable;

-- D. integer arithmetic on literals is Python''s: floor division and modulo
-- take the divisor''s sign, / is true division, ** and shifts fold too
SELECT orm_select('select(literal(-7 // 2).label("a"), literal(-7 % 2).label("b"), literal(7 // -2).label("c"), literal(7 % -2).label("d"), literal(10 / 4).label("e"), literal(2 ** 10).label("f"), literal(2 ** -1).label("g"), literal(1 << 62).label("h"), literal(-1 >> 100).label("i"), literal(~5).label("j"))') AS r;
SELECT orm_select('select(literal(-7.5 // 2).label("a"), literal(-7.5 % 2).label("b"), literal(0.1 + 0.2).label("c"), literal(-9223372036854775808).label("d"), literal(0x10 + 1_000).label("e"), literal("ab" + "cd").label("f"))') AS r;
SELECT orm_select('select(User.id).where(User.id == -5 // -2)') AS r;
-- a Numeric literal binds its canonical digits (1_000.5 is 1000.5)
SELECT orm_select('select(Post.id).where(Post.score == 1_000.5)') AS r;
SELECT orm_select('select(Post.id).where(Post.score == 0x10)') AS r;
-- beyond 64 bits, by zero: an error where the operator is, never a signal or a wrap
SELECT orm_select('select(User).limit((-9223372036854775807 - 1) // -1)') AS r;
SELECT orm_select('select(User).limit(9223372036854775807 + 1)') AS r;
SELECT orm_select('select(User).limit(-9223372036854775807 - 2)') AS r;
SELECT orm_select('select(User).limit(3037000500 * 3037000500)') AS r;
SELECT orm_select('select(User).limit(2 ** 63)') AS r;
SELECT orm_select('select(User).limit(1 << 63)') AS r;
SELECT orm_select('select(User).limit(-(-9223372036854775807 - 1))') AS r;
SELECT orm_select('select(User).limit(99999999999999999999)') AS r;
SELECT orm_select('select(User).limit(1 // 0)') AS r;
SELECT orm_select('select(User).limit(1 % 0)') AS r;
SELECT orm_select('select(User).limit(1 / 0)') AS r;
SELECT orm_select('select(User).limit(1.5 // 0.0)') AS r;
SELECT orm_select('select(literal(0 ** -1))') AS r;
SELECT orm_select('select(literal((-8) ** 0.5))') AS r;
SELECT orm_select('select(literal(1e308 * 10))') AS r;
SELECT orm_execute('update(User).where(User.id == 1).values(id=9223372036854775807 + 1)') AS r;
-- datetime arithmetic as Python''s: a date takes a timedelta''s days only
SELECT orm_select('select(literal(date(2024, 1, 1) - timedelta(hours=1)).label("a"), literal(date(2024, 1, 1) + -timedelta(hours=1)).label("b"), literal(datetime(2024, 1, 1, 23, 59, 59) - datetime(2024, 1, 2)).label("c"))') AS r;
SELECT orm_select('select(literal(date(9999, 12, 31) + timedelta(days=1)))') AS r;
SELECT orm_select('select(literal(date(1e300, 1, 1)))') AS r;

-- slice() computes LIMIT / OFFSET as SQLAlchemy does
SELECT orm_compile('select(User.id).order_by(User.id).offset(1).slice(1, 3)') AS sql;
SELECT orm_select('select(User.id).order_by(User.id).slice(0, 1)') AS r;
SELECT orm_select('select(User.id).slice(-9223372036854775808, 9223372036854775807)') AS r;

-- statements built through variables can be deeper and larger than any
-- text: refused with a position, not a stack overflow or an endless SQL
SELECT orm_select('a = User.id
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
a = a + a
select(a)') AS r;
SELECT orm_select('a = User.id
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
a = -(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(-(a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
select(a)') AS r;
SELECT orm_select('select(User.id).order_by(User.id)') AS still_usable;

-- a compound select has SQLAlchemy's CompoundSelect methods only; a part
-- with its own LIMIT, or a compound part, is parenthesized as SQLAlchemy
-- groups it (SQLite refuses the parentheses, as it does SQLAlchemy's SQL)
SELECT orm_select('select(User.id).union(select(Post.id)).where(User.id == 1)') AS r;
SELECT orm_select('select(User.id).intersect(select(Post.author_id)).except_(select(Comment.id))') AS r;
SELECT orm_compile('union(select(User.id), select(Post.id).order_by(Post.id).limit(1))') AS sql;
SELECT orm_select('union(select(User.id), select(Post.id).order_by(Post.id).limit(1)).order_by("id")') AS r;
SELECT orm_compile('intersect(union(select(User.id), select(Post.id)), select(Post.author_id))') AS sql;
SELECT orm_select('intersect(union(select(User.id), select(Post.id)), select(Post.author_id)).order_by("id")') AS r;
-- an entity of a compound select is its columns, even an unnamed alias
SELECT orm_select('t = aliased(Tag)
union_all(select(t).where(t.id == 1), select(Tag).where(Tag.id == 3))') AS r;

-- a table joined to an alias of itself through its foreign key: the
-- condition in both directions, as SQLAlchemy writes it
SELECT orm_compile('select(Comment.id).join_from(Comment, aliased(Comment))') AS sql;
-- join(User.posts) after an of_type() join joins from that alias, as SQLAlchemy does
SELECT orm_compile('u = aliased(User, name="u")
select(Post.id).join(Post.author.of_type(u)).join(User.posts.of_type(aliased(Post, name="p2")))') AS sql;
-- an outer join through a many-to-many relationship nests the secondary
-- with the target, as SQLAlchemy does: a secondary row whose tag fails the
-- criteria is no row (post 1 once, with "sql"; post 3 without tags)
SELECT orm_compile('select(Post.id, Tag.name).outerjoin(Post.tags.and_(Tag.name == "sql")).order_by(Post.id)') AS sql;
SELECT orm_select('select(Post.id, Tag.name).outerjoin(Post.tags.and_(Tag.name == "sql")).order_by(Post.id)') AS r;
SELECT orm_select('select(Post).outerjoin(Post.tags).options(contains_eager(Post.tags)).order_by(Post.id)') AS r;
-- join(Post.tags) after a join to a subquery of posts joins from it, as SQLAlchemy adapts it
SELECT orm_compile('sq = select(Post).where(Post.score > 2).subquery()
select(User.username, Tag.name).join(sq, sq.c.author_id == User.id).join(Post.tags)') AS sql;
SELECT orm_select('sq = select(Post).where(Post.score > 2).subquery()
select(User.username, Tag.name).join(sq, sq.c.author_id == User.id).join(Post.tags).order_by(Tag.name)') AS r;
-- a relationship joined twice is joined once, as SQLAlchemy skips an edge it has
SELECT orm_compile('select(User.username).join(User.posts).outerjoin(User.posts)') AS sql;
-- join_from(x, A.rel) needs x to be A itself
SELECT orm_select('select(Post.id).join_from(aliased(Post), Post.author)') AS r;
-- join(target, onclause) takes its left side from the statement''s FROM clauses or
-- select list, never from WHERE; an ambiguous one is an error, as in SQLAlchemy
SELECT orm_select('select(func.count()).where(User.id > 0).join(Post, Post.author_id == User.id)') AS r;
SELECT orm_select('select(User.username, Tag.name).join(Post, Post.author_id == User.id).order_by(User.id, Tag.id)') AS r;
-- filter_by() filters the last joined entity, table or subquery (SQLAlchemy''s _filter_by_zero)
SELECT orm_select('select(Post.title).join(tq_post_tags, tq_post_tags.c.post_id == Post.id).filter_by(tag_id=1)') AS r;
SELECT orm_select('select(Post.title).join(tq_post_tags, tq_post_tags.c.post_id == Post.id).filter_by(title="P1")') AS r;
-- any() / has() never correlate their target away, even when the statement selects it
SELECT orm_compile('select(User.username, Post.title).where(User.posts.any(Post.score > 100))') AS sql;
SELECT orm_select('select(User.username, Post.title).where(User.posts.any(Post.score > 100)).order_by(Post.id)') AS r;
-- None / True / False compare with == and != only
SELECT orm_select('select(User).where(User.id > None)') AS r;
-- a plain string or number is no criterion (SQLAlchemy raises; bound, it
-- filtered by a constant); True / False / None are true() / false() / NULL
SELECT orm_select('select(User.id).where("1")') AS r;
SELECT orm_select('select(User.id).where(and_(User.id == 1, 5))') AS r;
SELECT orm_select('select(User.id).order_by(1)') AS r;
SELECT orm_select('select(User.id).join(Post, True)') AS r;
SELECT orm_execute('update(User).where("1").values(username="x")') AS r;
SELECT orm_select('select(User.id).where(False)') AS r;
-- group_by("name") names a column of the select list, as order_by("name") does
SELECT orm_select('select(User.username, func.count(Post.id).label("n")).join(User.posts).group_by("username").order_by("username")') AS r;
-- a table''s or subquery''s .c selects its columns
SELECT orm_select('sq = select(User.id, User.username).where(User.id == 2).subquery()
select(sq.c)') AS r;
-- selectin criteria naming another table do not repeat a child
SELECT orm_select('select(User).options(selectinload(User.posts.and_(Tag.id > 1))).order_by(User.id)') AS r;

SELECT orm_select('select(User.username).order_by(User.id)') AS still_usable;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
