--
-- declare_modern: SQLAlchemy 2.0 declaration idioms beyond the seed, each
-- checked against SQLAlchemy 2.0.40 (mapper attributes and create_all DDL
-- for postgresql and sqlite; SQLAlchemy quotes only where needed, we always):
-- Annotated aliases merged with the attribute's own mapped_column(),
-- type_annotation_map keyed by an alias, a __tablename__ directive and an id
-- column on the declarative base, @declared_attr mixin columns, sort_order,
-- MetaData(naming_convention=...), Identity(), sa.true() server defaults,
-- deferred(Column(...)), enum types created before every table.
--
\pset format unaligned

SELECT orm_declare('from __future__ import annotations

import datetime
import enum
from typing import Annotated, Optional

import sqlalchemy as sa
from sqlalchemy import ForeignKey, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, deferred, mapped_column, relationship

intpk = Annotated[int, mapped_column(primary_key=True)]
str50 = Annotated[str, 50]
created = Annotated[datetime.datetime, mapped_column(server_default=func.now())]

convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every table: a lower-case class name, an id first."""

    metadata = MetaData(naming_convention=convention)
    type_annotation_map = {str50: String(50)}

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

    id: Mapped[intpk] = mapped_column(sort_order=-10)


class Kind(enum.Enum):
    BOOK = "book"
    FILM = "film"


class OwnedMixin:
    created_at: Mapped[created]

    @declared_attr
    def owner_id(cls) -> Mapped[Optional[int]]:
        """Who made it."""
        return mapped_column(
            ForeignKey("person.id", ondelete="SET NULL"),
            index=True,
        )


class Person(Base):
    name: Mapped[str50] = mapped_column(unique=True)
    active: Mapped[bool] = mapped_column(server_default=sa.true())
    items: Mapped[list[Item]] = relationship(back_populates="owner")


class Item(OwnedMixin, Base):
    __table_args__ = (sa.CheckConstraint("length(title) > 0", name="title_set"),)

    title: Mapped[str50]
    kind: Mapped[Kind] = mapped_column(default=Kind.BOOK)
    serial: Mapped[int] = mapped_column(sa.Identity(start=100), unique=True)
    notes = deferred(sa.Column(sa.Text))
    owner: Mapped[Optional[Person]] = relationship(back_populates="items")

    def __repr__(self) -> str:
        return f"Item({self.title!r})"
') AS summary;

SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Person", "data": {"name": "ann", "items": [{"title": "Dune", "serial": 7, "created_at": "2024-01-02T03:04:05"}]}}]') AS flushed;
SELECT orm_select('select(Item.title, Item.kind, Item.owner_id)') AS items;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;

-- A camel-case __tablename__ from a mixin (the re.sub idiom), Annotated
-- inline in Mapped[], and __table_args__ from a @declared_attr.directive
-- with an expression index (USING and WHERE per dialect).
SELECT orm_declare('import re
from typing import Annotated

from sqlalchemy import Index, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class SnakeName:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    @declared_attr.directive
    def __table_args__(cls):
        return (
            Index("ix_code", "code"),
            Index("ix_code_lower", func.lower(text("code")), "id", postgresql_using="btree",
                  postgresql_where=text("code IS NOT NULL"), sqlite_where=text("id > 0")),
            {"comment": "codes"},
        )


class CountryCode(SnakeName, Base):
    id: Mapped[Annotated[int, mapped_column(primary_key=True)]]
    code: Mapped[Annotated[str, mapped_column(String(2))]] = mapped_column(unique=True)
') AS summary;
SELECT orm_ddl() AS ddl;
DELETE FROM orm_registry;
