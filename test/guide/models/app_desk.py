# Not from SQLAlchemy's documentation: a customer support desk as application code
# writes it (the "apps4" chapter, cases/apps4.py): teams in a tree (a self-referential
# adjacency list, walked with recursive CTEs), agents loaded with lazy="selectin" by
# default, tickets with JSON metadata, a viewonly relationship whose primaryjoin carries
# criteria (the messages a customer sees), threaded messages, and tags through an
# association object with columns of its own; SLA policies (Interval, Time, Float, a
# Numeric read as float, a Computed column), canned replies in a dictionary collection
# (attribute_keyed_dict), a customer's open tickets (viewonly, criteria and a descending
# order_by), watchers through a Table.
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, List, Optional

from sqlalchemy import (JSON, Boolean, Column, Computed, Float, ForeignKey, Numeric, String,
                        Table, Text, UniqueConstraint)
from sqlalchemy.orm import (DeclarativeBase, Mapped, attribute_keyed_dict, mapped_column,
                            relationship)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))

    parent: Mapped[Optional["Team"]] = relationship(back_populates="subteams", remote_side=[id])
    subteams: Mapped[List["Team"]] = relationship(back_populates="parent", order_by="Team.name")
    agents: Mapped[List["Agent"]] = relationship(back_populates="team", lazy="selectin",
                                                 order_by="Agent.name")
    macros: Mapped[dict[str, "Macro"]] = relationship(
        collection_class=attribute_keyed_dict("key"), cascade="all, delete-orphan")


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    skills: Mapped[Optional[dict[str, Any]]]

    team: Mapped[Optional[Team]] = relationship(back_populates="agents")
    tickets: Mapped[List["Ticket"]] = relationship(back_populates="assignee",
                                                   order_by="Ticket.id")


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    plan: Mapped[str] = mapped_column(String(10), default="basic")

    tickets: Mapped[List["Ticket"]] = relationship(back_populates="customer",
                                                   cascade="all, delete-orphan")
    open_tickets: Mapped[List["Ticket"]] = relationship(
        primaryjoin="and_(Customer.id == Ticket.customer_id, Ticket.status != 'closed')",
        order_by="desc(Ticket.priority)", viewonly=True)
    sla_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sla_policies.id"))
    sla: Mapped[Optional["SlaPolicy"]] = relationship()


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id"))
    status: Mapped[str] = mapped_column(String(12), default="open")
    priority: Mapped[int] = mapped_column(default=3)
    opened_at: Mapped[datetime]
    closed_at: Mapped[Optional[datetime]]
    meta: Mapped[Optional[dict[str, Any]]]

    customer: Mapped[Customer] = relationship(back_populates="tickets")
    assignee: Mapped[Optional[Agent]] = relationship(back_populates="tickets")
    messages: Mapped[List["Message"]] = relationship(back_populates="ticket",
                                                     cascade="all, delete-orphan",
                                                     order_by="Message.sent_at")
    public_messages: Mapped[List["Message"]] = relationship(
        primaryjoin="and_(Ticket.id == Message.ticket_id, Message.internal == False)",
        viewonly=True, order_by="Message.sent_at")
    tag_links: Mapped[List["TicketTag"]] = relationship(back_populates="ticket",
                                                        cascade="all, delete-orphan")
    watchers: Mapped[List["Agent"]] = relationship(secondary="ticket_watchers",
                                                   order_by="Agent.id")


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id"))
    reply_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("messages.id"))
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime]

    ticket: Mapped[Ticket] = relationship(back_populates="messages")
    agent: Mapped[Optional[Agent]] = relationship()
    reply_to: Mapped[Optional["Message"]] = relationship(remote_side=[id], back_populates="replies")
    replies: Mapped[List["Message"]] = relationship(back_populates="reply_to")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)

    ticket_links: Mapped[List["TicketTag"]] = relationship(back_populates="tag")


class TicketTag(Base):
    __tablename__ = "ticket_tags"
    __table_args__ = (UniqueConstraint("ticket_id", "tag_id"),)

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), primary_key=True)
    added_by: Mapped[Optional[str]] = mapped_column(String(60))
    weight: Mapped[int] = mapped_column(default=1)

    ticket: Mapped[Ticket] = relationship(back_populates="tag_links")
    tag: Mapped[Tag] = relationship(back_populates="ticket_links", lazy="joined")


ticket_watchers = Table(
    "ticket_watchers",
    Base.metadata,
    Column("ticket_id", ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("agent_id", ForeignKey("agents.id"), primary_key=True),
)


class SlaPolicy(Base):
    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    first_response: Mapped[timedelta]
    opens: Mapped[time]
    closes: Mapped[time]
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    penalty: Mapped[float] = mapped_column(Numeric(8, 2, asdecimal=False))
    hours: Mapped[int]
    minutes: Mapped[int] = mapped_column(Computed("hours * 60"))


class Macro(Base):
    __tablename__ = "macros"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    key: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    uses: Mapped[int] = mapped_column(default=0)
