--
-- errors: what a user sees when something is wrong, and that nothing is
-- left behind: a declaration that fails stores nothing, a flush that fails
-- writes nothing, and the connection stays usable.
--
\pset format unaligned

-- A declaration syntax error names the line and column (line 4: no colon).
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base)
    __tablename__ = "users"
');
-- An unknown type names itself.
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Strin(50))
');
-- None of them was stored: User is still unknown.
SELECT orm_select('select(User)');
-- A relationship to a class no module has declared yet is stored, pending
-- (models split over modules that name each other; SQLAlchemy resolves the
-- name when the mappers are first used): until a module declares it, every
-- other call fails naming it (sql/declare_modules.sql).
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")
');
SELECT orm_select('select(User)');

-- A valid model.
SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(255))
    posts: Mapped[list["Post"]] = relationship(back_populates="author", cascade="all, delete-orphan")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
') IS NOT NULL AS declared;
SELECT count(*) AS stored FROM orm_registry;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice", "email": "alice@example.com", "posts": [{"title": "Hello"}]}}]') AS added;

-- Query errors name the attribute, the class and the position.
SELECT orm_select('select(User).where(User.usrname == "alice")');
SELECT orm_select('select(Usr)');
SELECT orm_select('select(User).where(User.username == ');
SELECT orm_select('select(User).where(User.username == name)', '{"name": ');
SELECT orm_get('Usr', '1');
SELECT orm_get('User', '{"id": ');

-- A flush that fails half-way leaves nothing: the first operation would
-- succeed, the second breaks NOT NULL (no email), the third the unique
-- username.  The error names the operation and the JSON path.
SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"username": "bob", "email": "bob@example.com"}},
  {"op": "add", "entity": "User", "data": {"username": "carol"}}
]');
SELECT orm_flush('[
  {"op": "add", "entity": "Post", "data": {"title": "Second", "author": {"id": 1}}},
  {"op": "add", "entity": "User", "data": {"username": "alice", "email": "again@example.com"}}
]');
SELECT orm_flush('[{"op": "add", "entity": "Nope", "data": {}}]');
SELECT orm_flush('[{"op": "update", "entity": "User", "key": 99, "data": {"email": "x@example.com"}}]');
SELECT orm_flush('{"op": "add"}');
-- ... and the database is unchanged:
SELECT id, username, email FROM users ORDER BY id;
SELECT id, title, author_id FROM posts ORDER BY id;

-- The connection is still usable, for reads and writes.
SELECT orm_select('select(User).options(selectinload(User.posts))') AS after_errors;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "bob", "email": "bob@example.com"}}]') IS NOT NULL AS added;
SELECT id, username, email FROM users ORDER BY id;

-- NULL input gives NULL, as from a STRICT function.
SELECT orm_select(NULL) IS NULL AS null_query, orm_flush(NULL) IS NULL AS null_changes;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
