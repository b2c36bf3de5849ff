--
-- query_options: column.op() custom operators (allow-listed spellings only)
-- and a relationship's None tests.  One source for both engines; checked
-- against SQLAlchemy 2.0.40 on SQLite.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(100))
    flags: Mapped[int] = mapped_column(default=0)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    author: Mapped[Optional["User"]] = relationship(back_populates="posts")
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"id": 1, "username": "alice", "email": "alice@example.com", "flags": 5,
    "posts": [{"id": 1, "title": "Hello", "body": "first post"}, {"id": 2, "title": "SQL tips", "body": "use indexes"}]}},
  {"op": "add", "entity": "User", "data": {"id": 2, "username": "bob", "email": "bob@example.com", "flags": 2}},
  {"op": "add", "entity": "Post", "data": {"id": 3, "title": "Orphan", "body": "no author"}}
]') IS NOT NULL AS flushed;

-- column.op(): custom operators
SELECT orm_compile('select(User).where(User.username.op("||")("x") == "alicex")') AS sql;
SELECT orm_select('select(User.username).where(User.username.op("||")("x") == "alicex")') AS r;
SELECT orm_select('select(User.username.op("||")(User.email)).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.flags.op("&")(4) > 0)') AS r;
SELECT orm_compile('select(User.id).where(and_(User.username.op("LIKE", is_comparison=True)("a%"), User.id == 1))') AS sql;
SELECT orm_select('select(User.id).where(and_(User.username.op("LIKE", is_comparison=True)("a%"), User.id == 1))') AS r;
SELECT orm_select('select(User.id).where(User.username.bool_op("LIKE")("b%"))') AS r;
SELECT orm_compile('select(User.id).where(User.username.op("||")(User.email).op("||")("z") == "q")') AS sql;
-- only allow-listed operator spellings reach the SQL
SELECT orm_select('select(User).where(User.id.op("= 1 OR 1 =")(1))') AS r;
SELECT orm_select('select(User).where(User.id.op(";")(1))') AS r;
SELECT orm_select('select(User).where(User.id.op("||", precedence=5)(1))') AS r;
SELECT orm_select('select(User).where(User.id.op(5)(1))') AS r;

-- '?' is also SQLite's parameter placeholder: refused there, compiled on PostgreSQL
SELECT orm_compile('select(User.id).where(User.email.op("?")("a"))') AS sql;

-- a relationship has no is_() / is_not() (SQLAlchemy raises NotImplementedError);
-- == None / != None are its forms
SELECT orm_select('select(Post.id).where(Post.author.is_(None))') AS r;
SELECT orm_select('select(Post.id).where(Post.author == None)') AS r;
SELECT orm_select('select(Post.id).where(Post.author != None).order_by(Post.id)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
