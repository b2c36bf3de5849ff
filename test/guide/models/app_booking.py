# Not from SQLAlchemy's documentation: an event-booking / inventory service as
# application code writes it (the "apps2" chapter, cases/apps2.py): UUID primary keys
# (Mapped[uuid.UUID]), an Enum of a Python enum class, JSON columns, unique
# constraints, venues with nested locations (a recursive CTE), ticket tiers and
# bookings.
import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Optional

from sqlalchemy import JSON, Enum, ForeignKey, Numeric, String, UniqueConstraint, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {Dict[str, Any]: JSON}


class EventStatus(enum.Enum):
    DRAFT = "draft"
    ON_SALE = "on_sale"
    SOLD_OUT = "sold_out"
    CANCELLED = "cancelled"


class BookingState(str, enum.Enum):
    HELD = "held"
    CONFIRMED = "confirmed"
    REFUNDED = "refunded"


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("locations.id"))

    parent: Mapped[Optional["Location"]] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[List["Location"]] = relationship(back_populates="parent", order_by="Location.name")
    venues: Mapped[List["Venue"]] = relationship(back_populates="location")


class Venue(Base):
    __tablename__ = "venues"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    capacity: Mapped[int]
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    facilities: Mapped[Optional[Dict[str, Any]]]

    location: Mapped[Location] = relationship(back_populates="venues")
    events: Mapped[List["Event"]] = relationship(back_populates="venue", order_by="Event.starts_at")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("venue_id", "starts_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    venue_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("venues.id"))
    title: Mapped[str] = mapped_column(String(120))
    status: Mapped[EventStatus] = mapped_column(Enum(EventStatus), default=EventStatus.DRAFT)
    starts_at: Mapped[datetime]
    ends_at: Mapped[Optional[datetime]]
    tags: Mapped[list] = mapped_column(JSON, default=list)

    venue: Mapped[Venue] = relationship(back_populates="events")
    tiers: Mapped[List["TicketTier"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="TicketTier.price"
    )


class TicketTier(Base):
    __tablename__ = "ticket_tiers"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"))
    code: Mapped[str] = mapped_column(String(10))
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    quantity: Mapped[int]
    sold: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="tiers")
    bookings: Mapped[List["Booking"]] = relationship(back_populates="tier", cascade="all, delete-orphan")


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    preferences: Mapped[Dict[str, Any]] = mapped_column(default=dict)

    bookings: Mapped[List["Booking"]] = relationship(back_populates="customer", order_by="Booking.created_at")


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    tier_id: Mapped[int] = mapped_column(ForeignKey("ticket_tiers.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    seats: Mapped[int] = mapped_column(default=1)
    state: Mapped[BookingState] = mapped_column(default=BookingState.HELD)
    created_at: Mapped[datetime]

    tier: Mapped[TicketTier] = relationship(back_populates="bookings")
    customer: Mapped[Customer] = relationship(back_populates="bookings")
