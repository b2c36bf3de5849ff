# test/fuzz/model.py -- the fixed model of the query, flush and execute fuzz
# harnesses (compiled into them: build/fuzz_model.h).  The union of the test
# models most statements in sql/*.sql are written against (the blog
# application, query_sa, query_inherit), with one column of every type family,
# so that seeds taken from those files resolve their names here.
import enum
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, List, Optional

from sqlalchemy import (JSON, BigInteger, Column, Enum as SAEnum, ForeignKey, Index,
                        Integer, LargeBinary, Numeric, String, Table, Text, func)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class PostStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=func.now(), server_default=func.now())
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now(), default=None)


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class User(TimestampMixin, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    email: Mapped[Optional[str]] = mapped_column(String(255), unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(100))
    age: Mapped[Optional[int]]
    is_active: Mapped[bool] = mapped_column(default=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author", cascade="all, delete-orphan", order_by="Post.id")
    comments: Mapped[list["Comment"]] = relationship(back_populates="author", cascade="all, delete-orphan")


class Post(TimestampMixin, Base):
    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_author_status", "author_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[Optional[str]] = mapped_column(String(200), unique=True)
    body: Mapped[Optional[str]] = mapped_column(Text)
    views: Mapped[int] = mapped_column(default=0)
    status: Mapped[PostStatus] = mapped_column(SAEnum(PostStatus), default=PostStatus.DRAFT)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship(back_populates="post", cascade="all, delete-orphan")
    tags: Mapped[list["Tag"]] = relationship(secondary=post_tags, back_populates="posts")


class Comment(TimestampMixin, Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"))
    post: Mapped["Post"] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship(back_populates="comments")
    replies: Mapped[list["Comment"]] = relationship(back_populates="parent", cascade="all, delete-orphan")
    parent: Mapped[Optional["Comment"]] = relationship(back_populates="replies", remote_side=[id])


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list["Post"]] = relationship(secondary=post_tags, back_populates="tags")


class Dept(Base):
    __tablename__ = "dept"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    managers: Mapped[List["Manager"]] = relationship(back_populates="dept")


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(default="employee")
    salary: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 2))
    hired_on: Mapped[Optional[date]]
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    manager: Mapped[Optional["Employee"]] = relationship(back_populates="reports", remote_side=[id])
    reports: Mapped[list["Employee"]] = relationship(back_populates="manager", order_by="Employee.id")

    __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": "type"}


class Manager(Employee):
    manager_data: Mapped[Optional[str]] = mapped_column(String(40))
    dept_id: Mapped[Optional[int]] = mapped_column(ForeignKey("dept.id"))
    dept: Mapped[Optional[Dept]] = relationship(back_populates="managers")

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Boss(Manager):
    boss_x: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "boss"}


class Engineer(Employee):
    engineer_info: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "company"}


class Vendor(Company):
    __tablename__ = "vendor"
    id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    rating: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "vendor"}


class Config(Base):
    __tablename__ = "configs"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Sample(Base):
    __tablename__ = "samples"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    ratio: Mapped[Optional[float]]
    raw: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    at: Mapped[Optional[time]]
    span: Mapped[Optional[timedelta]]
    day: Mapped[Optional[date]]
    flag: Mapped[Optional[bool]]
    label: Mapped[str] = mapped_column(String(20), server_default="x")
    version: Mapped[int] = mapped_column(nullable=False)

    __mapper_args__ = {"version_id_col": version}
