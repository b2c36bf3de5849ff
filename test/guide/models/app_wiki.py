# Not from SQLAlchemy's documentation: a wiki / CMS as application code writes it (the
# "apps3" chapter, cases/apps3.py): MappedAsDataclass models (init=False,
# default_factory, default=), version_id_col optimistic locking, onupdate= timestamps,
# a composite primary key with composite foreign keys to it, a WriteOnlyMapped
# collection and a deferred column.
from datetime import datetime
from typing import List, Optional

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Integer, String, Text, func
from sqlalchemy.orm import (DeclarativeBase, Mapped, MappedAsDataclass, WriteOnlyMapped,
                            mapped_column, relationship)


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Space(Base):
    __tablename__ = "spaces"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    public: Mapped[bool] = mapped_column(default=True)

    pages: Mapped[List["Page"]] = relationship(back_populates="space", default_factory=list,
                                               order_by="Page.slug")


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[Optional[str]] = mapped_column(String(120), default=None)
    karma: Mapped[int] = mapped_column(default=0)

    revisions: WriteOnlyMapped["Revision"] = relationship(back_populates="author",
                                                          default_factory=list)


class Page(Base):
    __tablename__ = "pages"

    space_key: Mapped[str] = mapped_column(ForeignKey("spaces.key"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, deferred=True, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, init=False)
    views: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[Optional[datetime]] = mapped_column(default=None, onupdate=func.now())

    space: Mapped[Space] = relationship(back_populates="pages", init=False)
    revisions: Mapped[List["Revision"]] = relationship(
        back_populates="page", default_factory=list, order_by="Revision.number",
        cascade="all, delete-orphan")
    tags: Mapped[List["PageTag"]] = relationship(back_populates="page", default_factory=list,
                                                 lazy="selectin")

    __mapper_args__ = {"version_id_col": version}


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        ForeignKeyConstraint(["space_key", "page_slug"], ["pages.space_key", "pages.slug"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    space_key: Mapped[str] = mapped_column(String(20), init=False)
    page_slug: Mapped[str] = mapped_column(String(80), init=False)
    number: Mapped[int]
    summary: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("authors.id"), default=None)
    minor: Mapped[bool] = mapped_column(default=False)

    page: Mapped[Page] = relationship(back_populates="revisions", init=False)
    author: Mapped[Optional[Author]] = relationship(back_populates="revisions", init=False)


class PageTag(Base):
    __tablename__ = "page_tags"
    __table_args__ = (
        ForeignKeyConstraint(["space_key", "page_slug"], ["pages.space_key", "pages.slug"],
                             ondelete="CASCADE"),
    )

    space_key: Mapped[str] = mapped_column(String(20), primary_key=True, init=False)
    page_slug: Mapped[str] = mapped_column(String(80), primary_key=True, init=False)
    tag: Mapped[str] = mapped_column(String(30), primary_key=True)

    page: Mapped[Page] = relationship(back_populates="tags", init=False)
