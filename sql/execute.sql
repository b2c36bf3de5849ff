--
-- execute: orm_execute() runs insert() / update() / delete() statements:
-- keyword, dict and multi-row values(), a params array as the bulk form,
-- .returning(), and where clauses in the query language.
--
\pset format unaligned

SELECT orm_declare('import enum
from typing import Optional
from sqlalchemy import ForeignKey, String, Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class PostStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    is_active: Mapped[bool] = mapped_column(default=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    status: Mapped[PostStatus] = mapped_column(SAEnum(PostStatus), default=PostStatus.DRAFT)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    author: Mapped[Optional["User"]] = relationship(back_populates="posts")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- insert(...).values(...), keyword form; the Python-side default fills is_active
SELECT orm_execute('insert(User).values(name="Dave")');
-- the bulk form: session.execute(insert(User), [{...}, {...}])
SELECT orm_execute('insert(User)', '[{"name": "Erin"}, {"name": "Finn", "is_active": false}]');
-- multi-row values() with returning
SELECT orm_execute('insert(Post).values([{"title": "a", "author_id": 1}, {"title": "b", "author_id": 2, "status": PostStatus.PUBLISHED}]).returning(Post.id, Post.status)');
-- the enum is stored by name, as SQLAlchemy stores it
SELECT id, title, status FROM posts ORDER BY id;

-- the seed's bulk update, verbatim
SELECT orm_execute('update(Post)
            .where(Post.status == PostStatus.DRAFT)
            .values(status=PostStatus.ARCHIVED)');
SELECT orm_select('select(Post.id, Post.status).order_by(Post.id)');

-- update ... returning, with a parameter
SELECT orm_execute('update(User).where(User.id == uid).values(name="Alice V2").returning(User.id, User.name)', '{"uid": 1}');
-- a where clause through a relationship
SELECT orm_execute('update(User).where(User.posts.any(Post.status == PostStatus.PUBLISHED)).values(is_active=False)');
SELECT orm_select('select(User.name, User.is_active).order_by(User.id)');
-- bulk update by primary key
SELECT orm_execute('update(User)', '[{"id": 1, "name": "A"}, {"id": 3, "name": "C"}]');
-- delete with returning of whole objects
SELECT orm_execute('delete(Post).where(Post.title == "a").returning(Post)');
SELECT orm_execute('delete(Post).where(Post.author_id.in_(select(User.id).where(User.is_active == False)))');
SELECT orm_execute('delete(User).where(User.is_active == False)');
SELECT orm_select('select(User.id, User.name).order_by(User.id)');

-- orm_compile shows what orm_execute runs
SELECT orm_compile('update(Post).where(Post.status == PostStatus.DRAFT).values(status=PostStatus.ARCHIVED)');

-- errors name the line and column
SELECT orm_execute('update(Post).values(titel="x")');
SELECT orm_select('delete(Post)');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
