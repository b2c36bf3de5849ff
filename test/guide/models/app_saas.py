# Not from SQLAlchemy's documentation: a multi-tenant SaaS backend as application code
# writes it (the "apps6" chapter, cases/apps6.py): `from __future__ import annotations`,
# Annotated column aliases (intpk, str50, a server-side timestamp) and their
# type_annotation_map entries (dict[str, Any] as JSON), an __abstract__ base class that
# carries the key, mixins with declared_attr columns and onupdate timestamps, an
# association object for memberships, lazy="joined" on a many-to-one.
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Optional

from sqlalchemy import JSON, ForeignKey, Numeric, String, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

intpk = Annotated[int, mapped_column(primary_key=True)]
str50 = Annotated[str, 50]
str255 = Annotated[str, 255]
timestamp = Annotated[datetime.datetime, mapped_column(server_default=func.CURRENT_TIMESTAMP())]


class Base(DeclarativeBase):
    type_annotation_map = {
        str50: String(50),
        str255: String(255),
        Decimal: Numeric(12, 2),
        dict[str, Any]: JSON,
    }


class TimestampMixin:
    created_at: Mapped[timestamp]
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(onupdate=func.now())


class TenantMixin:
    @declared_attr
    def org_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)


class Model(Base):
    __abstract__ = True

    id: Mapped[intpk]


class Plan(Model):
    __tablename__ = "plans"

    code: Mapped[str50] = mapped_column(unique=True)
    name: Mapped[str50]
    monthly_price: Mapped[Decimal]
    seat_limit: Mapped[Optional[int]]
    features: Mapped[dict[str, Any]] = mapped_column(default=dict)

    organizations: Mapped[list[Organization]] = relationship(back_populates="plan")


class Organization(TimestampMixin, Model):
    __tablename__ = "organizations"

    slug: Mapped[str50] = mapped_column(unique=True)
    name: Mapped[str255]
    plan_id: Mapped[Optional[int]] = mapped_column(ForeignKey("plans.id"))
    is_active: Mapped[bool] = mapped_column(default=True)

    plan: Mapped[Optional[Plan]] = relationship(back_populates="organizations", lazy="joined")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="org", cascade="all, delete-orphan")
    projects: Mapped[list[Project]] = relationship(
        back_populates="org", cascade="all, delete-orphan", order_by="Project.name")
    invoices: Mapped[list[Invoice]] = relationship(
        back_populates="org", cascade="all, delete-orphan", order_by="desc(Invoice.issued_on)")


class User(TimestampMixin, Model):
    __tablename__ = "users"

    email: Mapped[str255] = mapped_column(unique=True)
    full_name: Mapped[Optional[str50]]
    last_login: Mapped[Optional[datetime.datetime]]

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")


class Membership(Base):
    __tablename__ = "memberships"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    joined_on: Mapped[datetime.date]

    org: Mapped[Organization] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class Project(TenantMixin, TimestampMixin, Model):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("org_id", "name"),)

    name: Mapped[str50]
    archived: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[Optional[dict[str, Any]]]

    org: Mapped[Organization] = relationship(back_populates="projects")
    api_keys: Mapped[list[ApiKey]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ApiKey.id")


class ApiKey(TenantMixin, Model):
    __tablename__ = "api_keys"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    prefix: Mapped[str] = mapped_column(String(8), unique=True)
    scopes: Mapped[str255] = mapped_column(default="read")
    expires_at: Mapped[Optional[datetime.datetime]]
    revoked: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(back_populates="api_keys")


class Invoice(TenantMixin, Model):
    __tablename__ = "invoices"

    number: Mapped[str50] = mapped_column(unique=True)
    issued_on: Mapped[datetime.date]
    amount: Mapped[Decimal]
    paid_at: Mapped[Optional[datetime.datetime]]

    org: Mapped[Organization] = relationship(back_populates="invoices")
