# Not from SQLAlchemy's documentation: a web analytics service as application code
# writes it (the "apps6" chapter, cases/apps6.py): sites, visitors, visits with their
# page views, goals and conversions with revenue, a daily rollup table with a composite
# key; queried with window functions, date functions, extract, case / cast, grouping
# with labels, correlated subqueries, lateral, union_all, tuple_ comparisons and keyset
# pagination.
from datetime import date, datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(100), unique=True)
    owner: Mapped[str] = mapped_column(String(60))
    created_on: Mapped[date]

    visits: Mapped[List["Visit"]] = relationship(back_populates="site")
    goals: Mapped[List["Goal"]] = relationship(back_populates="site", cascade="all, delete-orphan")


class Visitor(Base):
    __tablename__ = "visitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32), unique=True)
    country: Mapped[Optional[str]] = mapped_column(String(2))
    first_seen: Mapped[datetime]

    visits: Mapped[List["Visit"]] = relationship(back_populates="visitor", order_by="Visit.started_at")


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_site_started", "site_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"))
    started_at: Mapped[datetime]
    duration_s: Mapped[int] = mapped_column(default=0)
    source: Mapped[Optional[str]] = mapped_column(String(20))
    device: Mapped[str] = mapped_column(String(10), default="desktop")

    site: Mapped[Site] = relationship(back_populates="visits")
    visitor: Mapped[Visitor] = relationship(back_populates="visits")
    pageviews: Mapped[List["PageView"]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="PageView.ts")
    conversions: Mapped[List["Conversion"]] = relationship(back_populates="visit")


class PageView(Base):
    __tablename__ = "pageviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    path: Mapped[str] = mapped_column(String(200))
    ts: Mapped[datetime]
    load_ms: Mapped[Optional[int]]
    status: Mapped[int] = mapped_column(default=200)

    visit: Mapped[Visit] = relationship(back_populates="pageviews")


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(60))
    path_prefix: Mapped[str] = mapped_column(String(100))

    site: Mapped[Site] = relationship(back_populates="goals")
    conversions: Mapped[List["Conversion"]] = relationship(back_populates="goal", cascade="all, delete-orphan")


class Conversion(Base):
    __tablename__ = "conversions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    converted_at: Mapped[datetime]
    revenue: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 2))

    goal: Mapped[Goal] = relationship(back_populates="conversions")
    visit: Mapped[Visit] = relationship(back_populates="conversions")


class DailyStat(Base):
    __tablename__ = "daily_stats"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(default=0)
    visitors: Mapped[int] = mapped_column(default=0)
    bounce_rate: Mapped[Optional[float]]
