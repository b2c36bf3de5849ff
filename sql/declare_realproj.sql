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
