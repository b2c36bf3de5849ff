# Not from SQLAlchemy's documentation: a content management system as application code
# writes it (the "apps6" chapter, cases/apps6.py): single-table inheritance (pages,
# articles, videos in one "contents" table, polymorphic_on a type column), a JSON
# "meta" column, hybrid properties with .expression, an association_proxy over a
# many-to-many of tags, a self-referential category tree (remote_side), revisions
# cascaded with delete-orphan, comments.
from datetime import datetime
from typing import List, Optional

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, and_, case, func, select
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


content_tags = Table(
    "content_tags",
    Base.metadata,
    Column("content_id", ForeignKey("contents.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("categories.id"))
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Optional["Category"]] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[List["Category"]] = relationship(back_populates="parent", order_by="Category.position")
    contents: Mapped[List["Content"]] = relationship(back_populates="category")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    bio: Mapped[Optional[str]] = mapped_column(Text)

    contents: Mapped[List["Content"]] = relationship(back_populates="author")


class Content(Base):
    __tablename__ = "contents"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    category_id: Mapped[Optional[int]] = mapped_column(ForeignKey("categories.id"))
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    published_at: Mapped[Optional[datetime]]
    views: Mapped[int] = mapped_column(default=0)

    author: Mapped[Author] = relationship(back_populates="contents")
    category: Mapped[Optional[Category]] = relationship(back_populates="contents")
    tags: Mapped[List[Tag]] = relationship(secondary=content_tags, order_by=Tag.name)
    revisions: Mapped[List["Revision"]] = relationship(
        back_populates="content", cascade="all, delete-orphan", order_by="Revision.number")
    comments: Mapped[List["Comment"]] = relationship(
        back_populates="content", cascade="all, delete-orphan", order_by="Comment.created_at")

    tag_names: AssociationProxy[List[str]] = association_proxy("tags", "name")

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "content"}

    @hybrid_property
    def is_published(self) -> bool:
        return self.status == "published"

    @is_published.expression
    def is_published(cls):
        return cls.status == "published"

    @hybrid_property
    def title_length(self) -> int:
        return len(self.title)

    @title_length.expression
    def title_length(cls):
        return func.length(cls.title)

    @hybrid_property
    def comment_count(self) -> int:
        return len(self.comments)

    @comment_count.inplace.expression
    @classmethod
    def _comment_count_expression(cls):
        return (
            select(func.count(Comment.id))
            .where(Comment.content_id == cls.id)
            .scalar_subquery()
        )

    @hybrid_property
    def popularity(self) -> str:
        if self.views >= 5000:
            return "viral"
        return "popular" if self.views >= 1000 else "niche"

    @popularity.expression
    def popularity(cls):
        return case((cls.views >= 5000, "viral"), (cls.views >= 1000, "popular"), else_="niche")

    @hybrid_method
    def published_between(self, start, end):
        return self.published_at is not None and start <= self.published_at < end

    @published_between.expression
    def published_between(cls, start, end):
        return and_(cls.published_at >= start, cls.published_at < end)


class Page(Content):
    menu_order: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "page"}


class Article(Content):
    summary: Mapped[Optional[str]] = mapped_column(String(300))

    __mapper_args__ = {"polymorphic_identity": "article"}


class Video(Content):
    duration_s: Mapped[Optional[int]]
    video_url: Mapped[Optional[str]] = mapped_column(String(200))

    __mapper_args__ = {"polymorphic_identity": "video"}


class Revision(Base):
    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_id: Mapped[int] = mapped_column(ForeignKey("contents.id", ondelete="CASCADE"))
    number: Mapped[int]
    editor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("authors.id"))
    edited_at: Mapped[datetime]
    note: Mapped[Optional[str]] = mapped_column(String(200))

    content: Mapped[Content] = relationship(back_populates="revisions")
    editor: Mapped[Optional[Author]] = relationship()


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_id: Mapped[int] = mapped_column(ForeignKey("contents.id"))
    author_name: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    approved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]

    content: Mapped[Content] = relationship(back_populates="comments")
