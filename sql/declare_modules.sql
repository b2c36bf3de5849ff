\pset format unaligned
--
-- declare_modules: models split over modules, one orm_declare per module, as
-- a project's files are (FastAPI's template: app/db/base_class.py with an
-- @as_declarative() base whose @declared_attr __tablename__ is the class name
-- in lower case, app/models/user.py and app/models/item.py naming each other).
-- A relationship, secondary table or foreign key naming a class or table no
-- module has declared yet is stored pending -- SQLAlchemy resolves such names
-- when the mappers are first used -- and every other call fails naming it
-- until a module declares it.  A name that looks like a typo of a declared
-- one stays an error at once.
--
SELECT orm_declare('from typing import Any

from sqlalchemy.ext.declarative import as_declarative, declared_attr


@as_declarative()
class Base:
    id: Any
    __name__: str

    # Generate __tablename__ automatically
    @declared_attr
    def __tablename__(cls) -> str:
        return cls.__name__.lower()
');
SELECT orm_declare('from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Column, Integer, String
from sqlalchemy.orm import relationship

from app.db.base_class import Base

if TYPE_CHECKING:
    from .item import Item  # noqa: F401


class User(Base):
    id = Column(Integer, primary_key=True, index=True)
    email = Column(String, unique=True, index=True, nullable=False)
    is_active = Column(Boolean(), default=True)
    items = relationship("Item", back_populates="owner")
    groups = relationship("Group", secondary="user_group", back_populates="users")
');
-- pending: the other calls name what is missing
SELECT orm_select('select(User)');
SELECT orm_create_all();
SELECT orm_declare('from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from app.db.base_class import Base


class Item(Base):
    id = Column(Integer, primary_key=True, index=True)
    title = Column(String, index=True)
    owner_id = Column(Integer, ForeignKey("user.id"))
    owner = relationship("User", back_populates="items")
    shelf_id = Column(Integer, ForeignKey(name="fk_item_shelf", column="shelf.id"))
');
-- still pending: the secondary table, the foreign key's table
SELECT orm_select('select(Item)');
SELECT orm_declare('from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import relationship

from app.db.base_class import Base

user_group = Table(
    "user_group",
    Base.metadata,
    Column("user_id", ForeignKey("user.id"), primary_key=True),
    Column("group_id", ForeignKey("group.id"), primary_key=True),
)


class Group(Base):
    id = Column(Integer, primary_key=True)
    name = Column(String(30))
    users = relationship("User", secondary=user_group, back_populates="groups")


class Shelf(Base):
    id = Column(Integer, primary_key=True)
    label = Column(String(10))
');
-- resolved: every call works
SELECT orm_create_all();
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"email": "a@example.com",
  "items": [{"title": "t1"}], "groups": [{"name": "admins"}]}}]') IS NOT NULL AS added;
SELECT orm_flush('[{"op": "add", "entity": "Shelf", "data": {"id": 7, "label": "top"}}]') IS NOT NULL AS shelf;
SELECT orm_execute('update(Item).values(shelf_id=7)');
SELECT orm_select('select(User).options(selectinload(User.items), selectinload(User.groups))');
SELECT orm_select('select(Group.name, func.count(User.id)).join(Group.users).group_by(Group.name)');

-- a likely typo of a declared class is an error at once, and nothing is stored
SELECT orm_declare('from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship

from app.db.base_class import Base


class Note(Base):
    id = Column(Integer, primary_key=True)
    item_id = Column(Integer, ForeignKey("item.id"))
    item = relationship("Itme")
');
SELECT count(*) AS stored FROM orm_registry;

-- a base class no declaration defines (a library's user table, a project's mixin in a
-- module not declared first) would bring columns orm cannot see: an error naming it;
-- bases that add methods only (flask_login's UserMixin, AsyncAttrs) are fine
SELECT orm_declare('from authkit.tables import BaseUserTable

from app.db.base_class import Base


class Account(BaseUserTable, Base):
    pass
');
SELECT orm_declare('from sqlalchemy import Column, Integer

from app.db.base_class import Base
from app.models.mixins import TimestampMixin


class Audit(TimestampMixin, Base):
    id = Column(Integer, primary_key=True)
');
SELECT orm_declare('from flask_login import UserMixin
from sqlalchemy import Column, Integer, String
from sqlalchemy.ext.asyncio import AsyncAttrs

from app.db.base_class import Base


class Member(AsyncAttrs, UserMixin, Base):
    id = Column(Integer, primary_key=True)
    name = Column(String(20))
');

-- a class with columns whose base no declaration defines (its module not declared yet, or
-- declared after this one) is not mapped: the summary's notes say so
SELECT orm_declare('from sqlalchemy import Column, Integer

from app.db.other_base import OtherBase


class Orphan(OtherBase):
    id = Column(Integer, primary_key=True)
');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
