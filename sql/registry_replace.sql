--
-- registry_replace: the registry holds the current models, not their
-- history.  Declaring the same module again stores nothing; a module that
-- binds every name of a stored one takes its place; what a new module
-- covers is dropped; listeners registered again add nothing.  The same on
-- both engines (session.c, "Keeping the registry small").
--
\pset format unaligned

-- module A: the base and User
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "rr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
') AS first_summary;
-- the same module again, three times: the same summary, no new row
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "rr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
') AS again;
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "rr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
') IS NOT NULL AS again;
SELECT count(*) AS stored FROM orm_registry;

-- module B uses A's Base: a second row
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship
class Post(Base):
    __tablename__ = "rr_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    user_id: Mapped[int] = mapped_column(ForeignKey("rr_users.id"))
    user: Mapped["User"] = relationship()
') AS module_b;
SELECT count(*) AS stored FROM orm_registry;
SELECT orm_create_all();

-- module A edited (User gains email): it takes A's place, before B, which
-- keeps using the (new) Base
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "rr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str | None]
') AS edited_a;
SELECT count(*) AS stored FROM orm_registry;
SELECT id = (SELECT min(id) FROM orm_registry) AS in_place FROM orm_registry WHERE source LIKE '%email%';
SELECT orm_compile('select(Post).join(Post.user).where(User.email == "x")');
-- back to the first version of A, and once more: still two rows
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "rr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
') IS NOT NULL AS reverted;
SELECT count(*) AS stored FROM orm_registry;
SELECT orm_compile('select(User.email)');

-- module C binds a new name only: added after the others
SELECT orm_declare('from sqlalchemy.orm import Mapped, mapped_column
class Tag(Base):
    __tablename__ = "rr_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
') IS NOT NULL AS module_c;
SELECT count(*) AS stored FROM orm_registry;
-- module D binds Post and Tag: it takes B's place, C's row goes
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship
class Post(Base):
    __tablename__ = "rr_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    user_id: Mapped[int] = mapped_column(ForeignKey("rr_users.id"))
    user: Mapped["User"] = relationship()
class Tag(Base):
    __tablename__ = "rr_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str]
') AS module_d;
SELECT count(*) AS stored FROM orm_registry;

-- module E redeclares User without the base: nothing is covered, so it is
-- added, and its User replaces A's (a later declaration wins)
SELECT orm_declare('from sqlalchemy.orm import Mapped, mapped_column
class User(Base):
    __tablename__ = "rr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str]
') IS NOT NULL AS module_e;
SELECT count(*) AS stored FROM orm_registry;
SELECT orm_compile('select(User)');

-- a module that does not declare cleanly stores nothing, whatever it covers
SELECT orm_declare('from sqlalchemy.orm import Mapped, mapped_column
class Tag(Base):
    __tablename__ = "rr_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Strin(20))
');
SELECT count(*) AS stored FROM orm_registry;

-- listeners: the same one registered again by the same role is one row
SELECT orm_listen('Post', 'after_insert', 'json_array_length') IS NOT NULL AS listening;
SELECT orm_listen('Post', 'after_insert', 'json_array_length') IS NOT NULL AS listening;
SELECT count(*) AS listeners FROM orm_registry WHERE source LIKE '#orm_listen%';

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
