--
-- explain: orm_explain(query [, params] [, analyze]) gives the plan of every
-- statement orm_select runs for the query: the statement with its
-- parameters, then the engine's plan (PostgreSQL EXPLAIN, SQLite EXPLAIN
-- QUERY PLAN), one block per statement.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "xp_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author", order_by="Post.id")
class Post(Base):
    __tablename__ = "xp_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("xp_users.id"), index=True)
    author: Mapped["User"] = relationship(back_populates="posts")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice", "posts": [{"title": "a"}, {"title": "b"}]}},
                   {"op": "add", "entity": "User", "data": {"username": "bob"}}]') IS NOT NULL AS added;

-- the main statement by a unique key, then the selectin load of the posts of
-- the user found: two plans, each with its statement and parameters
SELECT orm_explain('select(User).where(User.username == name).options(selectinload(User.posts))',
                   '{"name": "alice"}') AS plan;

-- analyze: PostgreSQL's EXPLAIN ANALYZE (actual rows and times), SQLite the
-- rows each statement returned; either way, one block per statement
SELECT a LIKE '%(2 rows)%' OR a LIKE '%rows=2 loops=1%' AS analyzed,
       e LIKE '%(2 rows)%' OR e LIKE '%rows=2 loops=1%' AS not_without
FROM (SELECT orm_explain('select(User).options(selectinload(User.posts))', NULL, true) AS a,
             orm_explain('select(User).options(selectinload(User.posts))') AS e) AS x;
SELECT (length(orm_explain('select(User).options(selectinload(User.posts))', NULL, true))
	- length(replace(orm_explain('select(User).options(selectinload(User.posts))', NULL, true),
	                 'FROM "xp_posts"', ''))) / length('FROM "xp_posts"') AS selectin_statements;

-- what orm_select would refuse, orm_explain refuses too
SELECT orm_explain('select(User).where(User.usrname == "x")');
SELECT orm_explain('update(User).values(username="x")');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
