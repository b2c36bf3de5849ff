# Not from SQLAlchemy's documentation: a social network as application code writes it
# (the "apps2" chapter, cases/apps2.py): self-referential many-to-many followers
# through an association Table, groups with a Membership association object carrying
# a role and a join date, backref and back_populates, order_by and lazy= defaults on
# relationships, and viewonly relationships with a custom primaryjoin.
import enum
from datetime import datetime
from typing import List, Optional

from sqlalchemy import (Boolean, Column, DateTime, Enum, ForeignKey, Integer, String,
                        Table, Text, UniqueConstraint, and_, func)
from sqlalchemy.orm import DeclarativeBase, Mapped, backref, mapped_column, relationship


class Base(DeclarativeBase):
    pass


followers = Table(
    "followers",
    Base.metadata,
    Column("follower_id", ForeignKey("accounts.id"), primary_key=True),
    Column("followed_id", ForeignKey("accounts.id"), primary_key=True),
)


class GroupRole(enum.Enum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    MEMBER = "member"


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(80))
    bio: Mapped[Optional[str]] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(default=False)
    joined: Mapped[datetime]

    following: Mapped[List["Account"]] = relationship(
        secondary=followers,
        primaryjoin=id == followers.c.follower_id,
        secondaryjoin=id == followers.c.followed_id,
        back_populates="followed_by",
        order_by="Account.handle",
    )
    followed_by: Mapped[List["Account"]] = relationship(
        secondary=followers,
        primaryjoin=id == followers.c.followed_id,
        secondaryjoin=id == followers.c.follower_id,
        back_populates="following",
        order_by="Account.handle",
    )
    posts: Mapped[List["Post"]] = relationship(
        back_populates="author", order_by="Post.created.desc()", cascade="all, delete-orphan"
    )
    memberships: Mapped[List["Membership"]] = relationship(back_populates="account", lazy="selectin")
    public_posts: Mapped[List["Post"]] = relationship(
        primaryjoin="and_(Account.id == Post.author_id, Post.visibility == 'public')",
        viewonly=True,
        order_by="Post.id",
    )


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    private: Mapped[bool] = mapped_column(default=False)

    memberships: Mapped[List["Membership"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Membership.joined_at"
    )
    admins: Mapped[List["Account"]] = relationship(
        secondary="memberships",
        primaryjoin="and_(Group.id == Membership.group_id, Membership.role == 'ADMIN')",
        viewonly=True,
        order_by="Account.id",
    )


class Membership(Base):
    __tablename__ = "memberships"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    role: Mapped[GroupRole] = mapped_column(default=GroupRole.MEMBER)
    joined_at: Mapped[datetime]

    account: Mapped[Account] = relationship(back_populates="memberships")
    group: Mapped[Group] = relationship(back_populates="memberships", lazy="joined")


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    created: Mapped[datetime]
    reply_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("posts.id"))

    author: Mapped[Account] = relationship(back_populates="posts")
    replies: Mapped[List["Post"]] = relationship(
        backref=backref("parent", remote_side=[id]), order_by="Post.id"
    )
    likes: Mapped[List["Like"]] = relationship(cascade="all, delete-orphan", lazy="raise")


class Like(Base):
    __tablename__ = "likes"
    __table_args__ = (UniqueConstraint("post_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    account: Mapped[Account] = relationship(backref=backref("likes", lazy="dynamic"))
