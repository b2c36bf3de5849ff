# Not from SQLAlchemy's documentation: a chat service as a 2.0 application writes it
# (the "apps8" chapter, cases/apps8.py): users who follow each other (a
# self-referential many-to-many through a Table), conversations with participants
# (an association object carrying the last read message), messages with an optional
# reply-to (self-referential many-to-one) and a JSON attachment column.
import datetime
from typing import Any, List, Optional

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


follows = Table(
    "follows",
    Base.metadata,
    Column("follower_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("followed_id", Integer, ForeignKey("users.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default="offline")

    following: Mapped[List["User"]] = relationship(
        secondary=follows,
        primaryjoin=lambda: User.id == follows.c.follower_id,
        secondaryjoin=lambda: User.id == follows.c.followed_id,
        back_populates="followers",
    )
    followers: Mapped[List["User"]] = relationship(
        secondary=follows,
        primaryjoin=lambda: User.id == follows.c.followed_id,
        secondaryjoin=lambda: User.id == follows.c.follower_id,
        back_populates="following",
    )
    memberships: Mapped[List["Participant"]] = relationship(back_populates="user")
    messages: Mapped[List["Message"]] = relationship(back_populates="sender")


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[Optional[str]] = mapped_column(String(80))
    is_group: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime)

    participants: Mapped[List["Participant"]] = relationship(back_populates="conversation",
                                                             cascade="all, delete-orphan")
    messages: Mapped[List["Message"]] = relationship(back_populates="conversation",
                                                     order_by="Message.sent_at")


class Participant(Base):
    __tablename__ = "participants"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    last_read_id: Mapped[Optional[int]] = mapped_column(ForeignKey("messages.id"))

    conversation: Mapped[Conversation] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(back_populates="memberships")


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    reply_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("messages.id"))
    attachment: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    sender: Mapped[User] = relationship(back_populates="messages")
    reply_to: Mapped[Optional["Message"]] = relationship(remote_side=[id])
