"""
blog_sa.py -- the blog mapped for SQLAlchemy itself (the contender), the same
classes and tables as blog.MODEL gives orm.  Written with Column() so that it
maps under SQLAlchemy 2.0 and under Debian's 1.4 alike; the tables are
blog.ddl()'s, never created from here.
"""
from sqlalchemy import (Boolean, Column, DateTime, Enum, ForeignKey, Integer, String, Table,
                        Text)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

post_tags = Table(
    "post_tags", Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), unique=True, nullable=False)
    email = Column(String(255), nullable=False)
    display_name = Column(String(128))
    is_active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False)
    posts = relationship("Post", back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    slug = Column(String(200), unique=True, nullable=False)
    body = Column(Text, nullable=False)
    status = Column(Enum("draft", "published", "archived", native_enum=False, length=20),
                    nullable=False, default="draft")
    author_id = Column(ForeignKey("users.id"), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False)
    author = relationship(User, back_populates="posts")
    comments = relationship("Comment", back_populates="post")
    tags = relationship("Tag", secondary=post_tags)


class Comment(Base):
    __tablename__ = "comments"
    id = Column(Integer, primary_key=True)
    body = Column(Text, nullable=False)
    post_id = Column(ForeignKey("posts.id"), nullable=False, index=True)
    author_id = Column(ForeignKey("users.id"), nullable=False, index=True)
    parent_id = Column(ForeignKey("comments.id"), index=True)
    created_at = Column(DateTime, nullable=False)
    post = relationship(Post, back_populates="comments")
    author = relationship(User)
    parent = relationship("Comment", remote_side=[id])


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), unique=True, nullable=False)
