from __future__ import annotations

# The blog application's models (test/demo/blog_models.py) adapted to a
# partitioned posts table, for test/scale/ (make scaletest).  What changed,
# and why:
#   - posts is PARTITION BY RANGE (created_at); PostgreSQL wants the
#     partition key in every unique constraint, so the key is (id,
#     created_at), id an Integer autoincrement=True column (SERIAL, fetched
#     back by the flush), and slug is indexed, not unique;
#   - what refers to a post refers to the whole key: comments and post_tags
#     carry post_created_at, with a composite foreign key;
#   - Post.comments and Post.tags are passive_updates=False: a post whose
#     created_at changes (it moves to another partition, or shard) takes its
#     comments and tags along, the flush updating them itself, as a shard
#     coordinator can have no foreign key to do it (ON UPDATE CASCADE); the
#     foreign keys to posts are DEFERRABLE INITIALLY DEFERRED where they
#     exist, so they are checked at commit, after the children followed;
#   - comments are indexed by their post's key (a selectin load of a
#     composite key is an OR of (post_id = ? AND post_created_at = ?) terms,
#     which only an index makes cheap);
#   - created_at of posts is set by the application (the partition it
#     chooses is the application's choice), with the mixin's defaults kept.
# Everything else is the seed's module verbatim.

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import (
    Column,
    DateTime,
    Enum as SAEnum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    relationship,
)


class Base(DeclarativeBase):
    pass


class PostStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class TimestampMixin:
    """Mixin that adds created_at and updated_at columns."""
    created_at: Mapped[datetime] = mapped_column(
        default=func.now(), server_default=func.now()
    )
    updated_at: Mapped[Optional[datetime]] = mapped_column(
        onupdate=func.now(), server_onupdate=func.now(), default=None
    )


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", Integer, primary_key=True),
    Column("post_created_at", DateTime, primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    ForeignKeyConstraint(
        ["post_id", "post_created_at"], ["posts.id", "posts.created_at"],
        ondelete="CASCADE", deferrable=True, initially="DEFERRED",
    ),
)


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)

    posts: Mapped[list["Post"]] = relationship(
        back_populates="author", cascade="all, delete-orphan"
    )
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="author", cascade="all, delete-orphan"
    )


class Post(TimestampMixin, Base):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_author_status", "author_id", "status"),
        {"postgresql_partition_by": "RANGE (created_at)"},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(
        primary_key=True, default=func.now(), server_default=func.now()
    )
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[PostStatus] = mapped_column(
        SAEnum(PostStatus), default=PostStatus.DRAFT
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    author: Mapped["User"] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="post", cascade="all, delete-orphan", passive_updates=False
    )
    tags: Mapped[list["Tag"]] = relationship(
        secondary=post_tags, back_populates="posts", passive_updates=False
    )


class Comment(TimestampMixin, Base):
    __tablename__ = "comments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["post_id", "post_created_at"], ["posts.id", "posts.created_at"],
            deferrable=True, initially="DEFERRED",
        ),
        Index("ix_comments_post", "post_id", "post_created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int]
    post_created_at: Mapped[datetime]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"))

    post: Mapped["Post"] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship(back_populates="comments")
    replies: Mapped[list["Comment"]] = relationship(
        back_populates="parent", cascade="all, delete-orphan"
    )
    parent: Mapped[Optional["Comment"]] = relationship(
        back_populates="replies", remote_side=[id]
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)

    posts: Mapped[list["Post"]] = relationship(
        secondary=post_tags, back_populates="tags"
    )
