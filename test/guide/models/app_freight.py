# Not from SQLAlchemy's documentation: a freight / logistics service as application code
# writes it (the "apps4" chapter, cases/apps4.py): Uuid primary keys with
# default=uuid.uuid4, timezone-aware DateTime columns, server_default=func.now() and
# onupdate=func.now() in a mixin, Date columns, two relationships to one table
# (foreign_keys=), a many-to-many through a Table, parcels owned by their shipment
# (cascade delete-orphan), carriers' rate cards keyed by a unique pair.
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import (Column, DateTime, ForeignKey, Numeric, String, Table,
                        UniqueConstraint, func)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), Decimal: Numeric(10, 2)}


class Audited:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())


route_depots = Table(
    "route_depots",
    Base.metadata,
    Column("route_id", ForeignKey("routes.id"), primary_key=True),
    Column("depot_id", ForeignKey("depots.id"), primary_key=True),
)


class Depot(Base):
    __tablename__ = "depots"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    city: Mapped[str] = mapped_column(String(60))
    country: Mapped[str] = mapped_column(String(2))

    routes: Mapped[List["Route"]] = relationship(secondary=route_depots,
                                                 back_populates="depots")


class Carrier(Base):
    __tablename__ = "carriers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    scac: Mapped[str] = mapped_column(String(4), unique=True)

    shipments: Mapped[List["Shipment"]] = relationship(back_populates="carrier")
    rates: Mapped[List["Rate"]] = relationship(back_populates="carrier",
                                               cascade="all, delete-orphan",
                                               order_by="Rate.zone")


class Rate(Base):
    __tablename__ = "rates"
    __table_args__ = (UniqueConstraint("carrier_id", "zone", name="uq_rate_zone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("carriers.id"))
    zone: Mapped[str] = mapped_column(String(3))
    per_kg: Mapped[Decimal]
    valid_from: Mapped[date]

    carrier: Mapped[Carrier] = relationship(back_populates="rates")


class Route(Base):
    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))

    depots: Mapped[List[Depot]] = relationship(secondary=route_depots,
                                               back_populates="routes",
                                               order_by=Depot.code)


class Shipment(Audited, Base):
    __tablename__ = "shipments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    carrier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("carriers.id"))
    origin_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depots.id"))
    destination_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depots.id"))
    ship_date: Mapped[date]
    due_date: Mapped[date]
    delivered_at: Mapped[Optional[datetime]]
    status: Mapped[str] = mapped_column(String(12), default="booked")
    weight_kg: Mapped[Decimal]

    carrier: Mapped[Optional[Carrier]] = relationship(back_populates="shipments")
    origin: Mapped[Depot] = relationship(foreign_keys=[origin_id])
    destination: Mapped[Depot] = relationship(foreign_keys=[destination_id])
    parcels: Mapped[List["Parcel"]] = relationship(back_populates="shipment",
                                                   cascade="all, delete-orphan",
                                                   order_by="Parcel.barcode")
    events: Mapped[List["TrackingEvent"]] = relationship(back_populates="shipment",
                                                         cascade="all, delete-orphan",
                                                         order_by="TrackingEvent.at")
    manifest: Mapped[Optional["Manifest"]] = relationship(back_populates="shipment",
                                                          cascade="all, delete-orphan",
                                                          passive_deletes=True)


class Manifest(Base):
    __tablename__ = "manifests"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), unique=True)
    signed_by: Mapped[Optional[str]] = mapped_column(String(60))
    printed_at: Mapped[datetime] = mapped_column(default=func.now())
    pages: Mapped[int] = mapped_column(default=1)

    shipment: Mapped["Shipment"] = relationship(back_populates="manifest")


class Parcel(Base):
    __tablename__ = "parcels"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    shipment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shipments.id"))
    barcode: Mapped[str] = mapped_column(String(20), unique=True)
    weight_kg: Mapped[Decimal] = mapped_column(Numeric(8, 3))
    length_cm: Mapped[int]
    width_cm: Mapped[int]
    height_cm: Mapped[int]

    shipment: Mapped[Shipment] = relationship(back_populates="parcels")


class TrackingEvent(Base):
    __tablename__ = "tracking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shipments.id"))
    depot_id: Mapped[Optional[uuid.UUID]] = mapped_column(ForeignKey("depots.id"))
    at: Mapped[datetime]
    code: Mapped[str] = mapped_column(String(10))
    note: Mapped[Optional[str]] = mapped_column(String(200))

    shipment: Mapped[Shipment] = relationship(back_populates="events")
    depot: Mapped[Optional[Depot]] = relationship()
