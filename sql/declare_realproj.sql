\pset format unaligned
--
-- declare_realproj: idioms met in real projects' model modules (full-stack
-- FastAPI templates, boilerplates), each accepted as SQLAlchemy 2.0 accepts it.
--
-- 1. A bare annotation on the declarative base or a mixin (`id: Any`,
--    `__name__: str`, the full-stack template's base_class.py) maps nothing: a
--    class without an `id` of its own is accepted, as SQLAlchemy accepts it.
--    The class's own bare non-Mapped annotation stays SQLAlchemy's error.
--
SELECT orm_declare('from typing import Any
from sqlalchemy import Boolean, Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    id: Any
    __name__: str


class Stamped:
    created: Any


class Link(Stamped, Base):
    __tablename__ = "rp_links"
    left_id = Column(Integer, primary_key=True)
    right_id = Column(Integer, primary_key=True)
    active = Column(Boolean, default=True, nullable=False)
') AS declared;
SELECT orm_ddl();
SELECT orm_declare('from sqlalchemy import Column, Integer
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Bad(Base):
    __tablename__ = "rp_bad"
    id = Column(Integer, primary_key=True)
    note: str
');
--
-- 2. default=uuid7 (uuid_extensions, uuid6, Python 3.14's uuid), also
--    `lambda: str(uuid7())` and `lambda: uuid7().hex`: a new version-7 UUID per
--    row, its first 48 bits the time in milliseconds (RFC 9562).
--
SELECT orm_declare('import uuid
from sqlalchemy import Column, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from uuid_extensions import uuid7


class Base(DeclarativeBase):
    pass


class Activity(Base):
    __tablename__ = "rp_activities"
    id = Column(String, primary_key=True, index=True, default=lambda: str(uuid7()))
    key: Mapped[uuid.UUID] = mapped_column(Uuid, default=uuid7)
    tag: Mapped[str] = mapped_column(String(32), default=lambda: uuid7().hex)
    name: Mapped[str] = mapped_column(String(20))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Activity", "data": {"name": "a"}},
                   {"op": "add", "entity": "Activity", "data": {"name": "b"}}]', 'counts') AS added;
SELECT name, length(id) AS id_len, substr(id, 15, 1) AS id_version, substr(id, 20, 1) IN ('8', '9', 'a', 'b') AS variant,
       length(tag) AS tag_len, substr(tag, 13, 1) AS tag_version
  FROM rp_activities ORDER BY name;
-- the time prefix: two rows' ids differ after it, and it is this year's
SELECT count(DISTINCT id) AS distinct_ids, count(DISTINCT key) AS distinct_keys FROM rp_activities;
SELECT orm_execute('insert(Activity).values(name="c")') AS inserted;
SELECT substr(id, 15, 1) AS id_version FROM rp_activities WHERE name = 'c';

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

--
-- 3. __table_args__ naming a column the class body bound to a name, inside an
--    index expression (`Index("ix", hotel_id, logged_at.desc())`,
--    `func.lower(message)`): the column, as SQLAlchemy's CreateIndex writes it.
--
SELECT orm_declare('from datetime import datetime
from sqlalchemy import Column, DateTime, Index, Integer, String, func
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class ErrorLog(Base):
    __tablename__ = "rp_error_logs"
    id = Column(Integer, primary_key=True)
    hotel_id = Column(Integer, nullable=False)
    logged_at = Column("timestamp", DateTime, nullable=False, default=datetime.utcnow)
    message = Column(String(200))
    __table_args__ = (
        Index("ix_rp_logged_desc", logged_at.desc()),
        Index("ix_rp_hotel_logged", hotel_id, logged_at.desc()),
        Index("ix_rp_msg_lower", func.lower(message)),
    )
') IS NOT NULL AS declared;
SELECT orm_ddl();
DELETE FROM orm_registry;

--
-- 4. SQLModel: sa_relationship_kwargs= / sa_column_kwargs= written as
--    dict(key=value, ...), as a dict literal is.
--
SELECT orm_declare('from typing import Optional
from sqlmodel import Field, Relationship, SQLModel


class RpGroup(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs=dict(unique=True, comment="group name"))
    parent_id: Optional[int] = Field(default=None, foreign_key="rpgroup.id")
    children: list["RpGroup"] = Relationship(
        sa_relationship_kwargs=dict(
            lazy="selectin",
            cascade="all,delete",
            backref=backref("parent", remote_side="RpGroup.id"),
        )
    )
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "RpGroup", "data": {"name": "root", "children": [{"name": "leaf"}]}}]', 'counts') AS added;
SELECT orm_select('select(RpGroup).where(RpGroup.name == "root")');
SELECT orm_select('select(RpGroup.name, RpGroup.parent_id).order_by(RpGroup.id)');
SELECT orm_declare('from typing import Optional
from sqlmodel import Field, SQLModel


class RpBad(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs=dict(**OPTS))
');
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

--
-- 5. An enum whose members are tuples and whose __init__ sets
--    `self._value_ = <parameter>` (members carrying a value and more): each
--    member's value is that element, so `values_callable` gives those values
--    (VARCHAR of the longest, a native ENUM of them on PostgreSQL); by name
--    the names, as SQLAlchemy's CreateTable writes them.  An __init__ / __new__
--    orm cannot read leaves the values unknown: `values_callable` of it is an
--    error (the names still work).
--
SELECT orm_declare('import enum
from typing import Optional
from sqlalchemy import Enum as SAEnum, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def enum_values(enum_cls):
    return [member.value for member in enum_cls]


class Role(enum.Enum):
    admin = ("administrator", 1)
    porter = ("concierge", 2)
    guest = ("guest", 5)

    def __init__(self, value: str, weight: int):
        self._value_ = value
        self.weight = weight


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "rp_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(SAEnum(Role, values_callable=enum_values))
    backup_role: Mapped[Optional[Role]] = mapped_column(SAEnum(Role, name="backup_role"))
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Person", "data": {"role": "administrator", "backup_role": "guest"}},
                   {"op": "add", "entity": "Person", "data": {"role": "porter"}}]', 'counts') AS added;
SELECT id, role, backup_role FROM rp_people ORDER BY id;
SELECT orm_select('select(Person.id).where(Person.role == Role.porter)');
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('import enum
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Level(enum.Enum):
    low = ("l", 1)
    high = ("h", 2)

    def __new__(cls, code, rank):
        obj = object.__new__(cls)
        obj._value_ = code.upper()
        return obj


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "rp_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[Level] = mapped_column(SAEnum(Level, values_callable=lambda e: [m.value for m in e]))
');
DELETE FROM orm_registry;

--
-- 6. A TypeDecorator with its own __init__: `def __init__(self, enum_class,
--    *args, **kwargs): super().__init__(*args, **kwargs)` gives the impl the
--    arguments after its named parameters (`EnumValueType(Status, length=20)`
--    is VARCHAR(20)); `super().__init__(length=12)` of literals gives those.
--
SELECT orm_declare('import enum
from sqlalchemy import Integer, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Status(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"


class EnumValueType(TypeDecorator):
    impl = String
    cache_ok = True

    def __init__(self, enum_class, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enum_class = enum_class


class ShortCode(TypeDecorator):
    impl = String
    cache_ok = True

    def __init__(self, *args, **kwargs):
        super().__init__(length=12)


class Base(DeclarativeBase):
    pass


class Message(Base):
    __tablename__ = "rp_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(EnumValueType(Status, length=20), default="pending")
    kind: Mapped[str] = mapped_column(EnumValueType(Status, 30))
    other: Mapped[str] = mapped_column(EnumValueType(enum_class=Status), nullable=True)
    code: Mapped[str] = mapped_column(ShortCode(), nullable=True)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Message", "data": {"status": "sent", "kind": "pending"}}]', 'counts') AS added;
SELECT orm_select('select(Message.id, Message.status, Message.code)');
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

--
-- 7. Class.attr = relationship(...) after the class statement (one side of a
--    pair added once both classes exist, in the same module or a later one):
--    a relationship of the class, as declarative's __setattr__ adds it --
--    back_populates, cascades, loads and flushes as if declared in the body.
--
SELECT orm_declare('from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Config(Base):
    __tablename__ = "rp_configs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class ConfigHistory(Base):
    __tablename__ = "rp_config_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    config_id: Mapped[int] = mapped_column(ForeignKey("rp_configs.id"))
    note: Mapped[str] = mapped_column(String(30))
    config = relationship("Config", back_populates="history")


Config.history = relationship("ConfigHistory", back_populates="config", cascade="all, delete-orphan",
                              order_by=ConfigHistory.id)
');
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Config", "data": {"name": "c", "history": [{"note": "a"}, {"note": "b"}]}}]', 'counts') AS added;
SELECT orm_select('select(Config).options(selectinload(Config.history))');
SELECT orm_select('select(ConfigHistory.note, Config.name).join(ConfigHistory.config).order_by(ConfigHistory.id)');
SELECT orm_flush('[{"op": "delete", "entity": "Config", "key": {"id": 1}}]', 'counts') AS deleted;
SELECT count(*) AS history_left FROM rp_config_history;
-- a later module adds a relationship to a class of an earlier one
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship
from app.models.config import Base, Config


class Tag(Base):
    __tablename__ = "rp_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    config_id: Mapped[int] = mapped_column(ForeignKey("rp_configs.id"))
    config = relationship("Config", back_populates="tags")


Config.tags = relationship("Tag", back_populates="config")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Config", "data": {"name": "d", "tags": [{}, {}]}}]', 'counts') AS added;
SELECT orm_select('select(Config).where(Config.tags.any()).options(selectinload(Config.tags))');
-- replacing an attribute the class has is still refused
SELECT orm_declare('from app.models.config import Config
from sqlalchemy.orm import relationship

Config.name = relationship("Tag")
');
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

--
-- 8. An integer argument naming a module-level integer constant
--    (`String(NAME_MAX_LEN)`), of the module or of one declared before it
--    (a constants module the models import); a name with no such constant
--    stays an error at the argument.
--
SELECT orm_declare('NAME_MAX_LEN = 100
CODE_LEN = 8
') AS declared;
SELECT orm_declare('from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase
from app.core.constants import NAME_MAX_LEN

NOTE_LEN = 250


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "rp_projects"
    id = Column(Integer, primary_key=True)
    name = Column(String(NAME_MAX_LEN), unique=True, nullable=False)
    note = Column(String(NOTE_LEN))
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_declare('from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase
from app.core.settings import WIDTH


class Base(DeclarativeBase):
    pass


class Other(Base):
    __tablename__ = "rp_others"
    id = Column(Integer, primary_key=True)
    name = Column(String(WIDTH))
');
DELETE FROM orm_registry;

--
-- 9. A module-level string or enum-member constant as default= /
--    server_default= (`DEFAULT_LANGUAGE = Language.EN`, `DEFAULT_TIMEZONE =
--    "UTC"`): its value, as SQLAlchemy stores it.
--
SELECT orm_declare('from enum import Enum
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase


class Language(str, Enum):
    EN = "en"
    FR = "fr"


DEFAULT_LANGUAGE = Language.EN
DEFAULT_TIMEZONE = "UTC"


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "rp_accounts"
    id = Column(Integer, primary_key=True)
    language = Column(String, default=DEFAULT_LANGUAGE, nullable=False)
    timezone = Column(String(40), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE)
') IS NOT NULL AS declared;
SELECT orm_ddl();
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {}}]', 'counts') AS added;
SELECT id, language, timezone FROM rp_accounts;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
