# Not from SQLAlchemy's documentation: a blog as application code writes it (the
# "apps" chapter, cases/apps.py). Users own posts (cascade="all, delete-orphan"),
# posts have tags through an association Table and threaded comments (an adjacency
# list with remote_side), and a column_property counting comments.
from datetime import datetime
from typing import List, Optional

from sqlalchemy import Column, ForeignKey, String, Table, Text, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship


class Base(DeclarativeBase):
    pass


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    email: Mapped[str] = mapped_column(String(120))
    bio: Mapped[Optional[str]] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    posts: Mapped[List["Post"]] = relationship(back_populates="author", cascade="all, delete-orphan")
    comments: Mapped[List["Comment"]] = relationship(back_populates="author")
    published_posts: Mapped[List["Post"]] = relationship(
        primaryjoin="and_(User.id == Post.author_id, Post.published == True)",
        viewonly=True,
        order_by="Post.published_at.desc()",
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)

    posts: Mapped[List["Post"]] = relationship(secondary=post_tags, back_populates="tags")


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    post: Mapped["Post"] = relationship(back_populates="comments")
    author: Mapped[Optional[User]] = relationship(back_populates="comments")
    parent: Mapped[Optional["Comment"]] = relationship(back_populates="replies", remote_side=[id])
    replies: Mapped[List["Comment"]] = relationship(back_populates="parent")


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[Optional[datetime]]
    views: Mapped[int] = mapped_column(default=0)
    rating: Mapped[Optional[float]]

    author: Mapped[User] = relationship(back_populates="posts")
    tags: Mapped[List[Tag]] = relationship(secondary=post_tags, back_populates="posts", order_by=Tag.name)
    comments: Mapped[List[Comment]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by=Comment.id
    )

    top_level_comments: Mapped[List[Comment]] = relationship(
        primaryjoin="and_(Comment.post_id == Post.id, Comment.parent_id == None)", viewonly=True
    )

    comment_count = column_property(
        select(func.count(Comment.id)).where(Comment.post_id == id).scalar_subquery()
    )
