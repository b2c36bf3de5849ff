--
-- query_relcriteria: a relationship's primaryjoin / secondaryjoin parts that
-- are not column pairs (rel->extra_criteria) in every use of it: join ON,
-- joinedload ON, selectinload / subqueryload WHERE, any() / has() EXISTS,
-- ANDed with .and_() criteria.  One source for both engines; checked
-- against SQLAlchemy 2.0.40 on SQLite.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional

from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


assoc = Table(
    "rc_assoc",
    Base.metadata,
    Column("l", ForeignKey("rc_users.id"), primary_key=True),
    Column("r", ForeignKey("rc_tags.id"), primary_key=True),
    Column("active", Boolean),
)


class Member(Base):
    __tablename__ = "rc_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    x_addresses: Mapped[list["Address"]] = relationship(
        primaryjoin="and_(Member.id == Address.user_id, Address.email.startswith(''x''))",
        order_by="Address.id",
        viewonly=True,
    )
    live_children: Mapped[list["Child"]] = relationship(
        primaryjoin="and_(Member.id == Child.user_id, Child.deleted == False)",
        order_by="Child.id",
        viewonly=True,
    )
    active_tags: Mapped[list["Tag"]] = relationship(
        secondary=assoc,
        primaryjoin="Member.id == assoc.c.l",
        secondaryjoin="and_(assoc.c.r == Tag.id, assoc.c.active == True)",
        order_by="Tag.id",
        viewonly=True,
    )


class Address(Base):
    __tablename__ = "rc_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rc_users.id"))
    email: Mapped[str] = mapped_column(String(50))
    x_user: Mapped[Optional["Member"]] = relationship(
        primaryjoin="and_(Member.id == Address.user_id, Address.email.startswith(''x''))",
        viewonly=True,
    )


class Child(Base):
    __tablename__ = "rc_children"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rc_users.id"))
    deleted: Mapped[bool] = mapped_column(default=False)
    x_user: Mapped[Optional["Member"]] = relationship(
        primaryjoin="and_(Member.id == Child.user_id, Member.name != ''bob'')",
        viewonly=True,
    )


class Node(Base):
    __tablename__ = "rc_nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("rc_nodes.id"))
    deleted: Mapped[bool] = mapped_column(default=False)
    kids: Mapped[list["Node"]] = relationship(
        primaryjoin="and_(Node.id == Node.parent_id, Node.deleted == False)",
        viewonly=True,
    )


class Tag(Base):
    __tablename__ = "rc_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_flush('[
  {"op": "add", "entity": "Member", "data": {"id": 1, "name": "alice"}},
  {"op": "add", "entity": "Member", "data": {"id": 2, "name": "bob"}},
  {"op": "add", "entity": "Member", "data": {"id": 3, "name": "carol"}},
  {"op": "add", "entity": "Address", "data": {"id": 1, "user_id": 1, "email": "xa"}},
  {"op": "add", "entity": "Address", "data": {"id": 2, "user_id": 1, "email": "ya"}},
  {"op": "add", "entity": "Address", "data": {"id": 3, "user_id": 2, "email": "yb"}},
  {"op": "add", "entity": "Address", "data": {"id": 4, "user_id": 3, "email": "xc"}},
  {"op": "add", "entity": "Child", "data": {"id": 1, "user_id": 1, "deleted": false}},
  {"op": "add", "entity": "Child", "data": {"id": 2, "user_id": 1, "deleted": true}},
  {"op": "add", "entity": "Child", "data": {"id": 3, "user_id": 2, "deleted": true}},
  {"op": "add", "entity": "Tag", "data": {"id": 1, "name": "t1"}},
  {"op": "add", "entity": "Tag", "data": {"id": 2, "name": "t2"}},
  {"op": "add", "entity": "Node", "data": {"id": 1, "deleted": false}},
  {"op": "add", "entity": "Node", "data": {"id": 2, "parent_id": 1, "deleted": true}},
  {"op": "add", "entity": "Node", "data": {"id": 3, "deleted": true}},
  {"op": "add", "entity": "Node", "data": {"id": 4, "parent_id": 3}}
]') IS NOT NULL AS flushed;

SELECT orm_execute('insert(rc_assoc).values([{"l": 1, "r": 1, "active": True}, {"l": 1, "r": 2, "active": False}, {"l": 2, "r": 2, "active": True}])') IS NOT NULL AS linked;

-- join(Member.rel): the criteria in the ON clause
SELECT orm_compile('select(Member.id).join(Member.x_addresses)') AS sql;
SELECT orm_select('select(Member.id, Address.id).join(Member.x_addresses).order_by(Address.id)') AS r;
SELECT orm_compile('select(Member.id).join(Member.active_tags)') AS sql;
SELECT orm_select('select(Member.id, Tag.id).join(Member.active_tags).order_by(Member.id, Tag.id)') AS r;
SELECT orm_compile('select(Child.id).join(Child.x_user)') AS sql;
SELECT orm_select('select(Child.id, Member.id).join(Child.x_user).order_by(Child.id)') AS r;
SELECT orm_select('select(Member.id, Child.id).outerjoin(Member.live_children).order_by(Member.id)') AS r;

-- any() / has()
SELECT orm_compile('select(Member.id).where(Member.x_addresses.any())') AS sql;
SELECT orm_select('select(Member.id).where(Member.x_addresses.any()).order_by(Member.id)') AS r;
SELECT orm_select('select(Member.id).where(Member.active_tags.any(Tag.name == ''t2'')).order_by(Member.id)') AS r;
SELECT orm_select('select(Child.id).where(Child.x_user.has()).order_by(Child.id)') AS r;
SELECT orm_select('select(Member.id).where(~Member.live_children.any()).order_by(Member.id)') AS r;

-- joinedload: the criteria in the ON clause, with .and_() after them
SELECT orm_compile('select(Member).options(joinedload(Member.x_addresses), joinedload(Member.active_tags))') AS sql;
SELECT orm_select('select(Member).options(joinedload(Member.x_addresses), joinedload(Member.active_tags)).order_by(Member.id)') AS r;
SELECT orm_select('select(Member).options(joinedload(Member.live_children.and_(Child.id > 1))).order_by(Member.id)') AS r;
SELECT orm_select('select(Child).options(joinedload(Child.x_user)).order_by(Child.id)') AS r;

-- selectinload / subqueryload: the criteria in the WHERE clause
SELECT orm_select('select(Member).options(selectinload(Member.x_addresses), selectinload(Member.active_tags)).order_by(Member.id)') AS r;
SELECT orm_select('select(Member).options(subqueryload(Member.live_children)).order_by(Member.id)') AS r;
SELECT orm_select('select(Member).options(selectinload(Member.x_addresses.and_(Address.id > 1))).order_by(Member.id)') AS r;

-- criteria naming the owner (many-to-one side): join ON, has(), joinedload
SELECT orm_compile('select(Address.id).join(Address.x_user)') AS sql;
SELECT orm_select('select(Address.id, Member.id).outerjoin(Address.x_user).order_by(Address.id)') AS r;
SELECT orm_compile('select(Address.id).where(Address.x_user.has())') AS sql;
SELECT orm_select('select(Address.id).where(Address.x_user.has()).order_by(Address.id)') AS r;
SELECT orm_select('select(Address).options(joinedload(Address.x_user)).order_by(Address.id)') AS r;
-- a selectin load joins from the parent for them, as SQLAlchemy's does
SELECT orm_select('select(Address).options(selectinload(Address.x_user)).order_by(Address.id)') AS r;

-- self-referential: the class names the parent, as SQLAlchemy's unannotated primaryjoin
SELECT orm_compile('select(Node.id).where(Node.kids.any())') AS sql;
SELECT orm_select('select(Node.id).where(Node.kids.any()).order_by(Node.id)') AS r;
SELECT orm_select('select(Node).options(joinedload(Node.kids)).order_by(Node.id)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
