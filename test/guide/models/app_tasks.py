# Not from SQLAlchemy's documentation: a project tracker as application code writes
# it (the "apps" chapter, cases/apps.py): a timestamp mixin, enums stored by value
# (values_callable) and by name, dates and intervals, server defaults written with
# text(), a membership association object with a role, eager relationships
# declared with lazy="selectin" / "joined", order_by on relationships, and foreign
# keys with ON DELETE CASCADE.
import enum
from datetime import date, datetime, timedelta
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())


class Role(enum.Enum):
    OWNER = "owner"
    MEMBER = "member"
    VIEWER = "viewer"


class Status(str, enum.Enum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Priority(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    is_admin: Mapped[bool] = mapped_column(server_default=sa.false())

    memberships: Mapped[List["Membership"]] = relationship(back_populates="user", cascade="all, delete-orphan")
    tasks: Mapped[List["Task"]] = relationship(back_populates="assignee", order_by="Task.id")


class Project(TimestampMixin, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[Optional[str]] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    budget_hours: Mapped[int] = mapped_column(server_default=text("0"))

    members: Mapped[List["Membership"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", lazy="selectin"
    )
    tasks: Mapped[List["Task"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="desc(Task.priority)"
    )


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(
        Enum(Role, values_callable=lambda e: [m.value for m in e], native_enum=False, length=20),
        default=Role.MEMBER,
    )

    user: Mapped[User] = relationship(back_populates="memberships", lazy="joined")
    project: Mapped[Project] = relationship(back_populates="members")


class Task(TimestampMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_project_status", "project_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[Status] = mapped_column(default=Status.TODO)
    priority: Mapped[Priority] = mapped_column(default=Priority.MEDIUM)
    due_date: Mapped[Optional[date]]
    estimate: Mapped[Optional[timedelta]]
    labels: Mapped[list] = mapped_column(sa.JSON, default=list)

    project: Mapped[Project] = relationship(back_populates="tasks")
    assignee: Mapped[Optional[User]] = relationship(back_populates="tasks")
