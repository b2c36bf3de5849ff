--
-- query_relationships_more: relationship loading corner cases (issue 7,
-- parts 3 and 5): Load() options and per-entity wildcards,
-- joinedload(innerjoin=True / "unnested"), join_depth, recursion_depth,
-- contains_eager chains (joined, and of classes the statement does not
-- join), and the mappings of SQLAlchemy's join_conditions / self_referential
-- chapters: a composite adjacency list, overlapping foreign keys, a
-- materialized path (a join without column pairs), a composite secondary
-- join, selectin loads whose criteria name the owner.  One source for both
-- engines; checked against SQLAlchemy 2.0.52 (test/guide has the guide's
-- own statements on the same mappings).
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, PrimaryKeyConstraint, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, foreign, remote


class Base(DeclarativeBase):
    pass


order_items = Table(
    "rm_order_items", Base.metadata,
    Column("order_id", ForeignKey("rm_orders.id"), primary_key=True),
    Column("item_id", ForeignKey("rm_items.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "rm_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    orders: Mapped[List["Order"]] = relationship(back_populates="user")


class Order(Base):
    __tablename__ = "rm_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rm_users.id"))
    user: Mapped[User] = relationship(back_populates="orders", innerjoin=True)
    items: Mapped[List["Item"]] = relationship(secondary=order_items)


class Item(Base):
    __tablename__ = "rm_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class Node(Base):
    __tablename__ = "rm_nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("rm_nodes.id"))
    data: Mapped[str] = mapped_column(String(30))
    children: Mapped[List["Node"]] = relationship(lazy="joined", join_depth=2, back_populates="parent")
    parent: Mapped[Optional["Node"]] = relationship(remote_side=[id], back_populates="children")


class Folder(Base):
    __tablename__ = "rm_folders"
    __table_args__ = (
        ForeignKeyConstraint(["account_id", "parent_id"], ["rm_folders.account_id", "rm_folders.folder_id"]),
    )
    account_id = mapped_column(Integer, primary_key=True)
    folder_id = mapped_column(Integer, primary_key=True)
    parent_id = mapped_column(Integer)
    name = mapped_column(String(30))
    parent_folder = relationship("Folder", back_populates="child_folders", remote_side=[account_id, folder_id])
    child_folders = relationship("Folder", back_populates="parent_folder")


class Magazine(Base):
    __tablename__ = "rm_magazines"
    id = mapped_column(Integer, primary_key=True)


class Article(Base):
    __tablename__ = "rm_articles"
    article_id = mapped_column(Integer)
    magazine_id = mapped_column(ForeignKey("rm_magazines.id"))
    writer_id = mapped_column(Integer)
    magazine = relationship("Magazine")
    writer = relationship(
        "Writer",
        primaryjoin="and_(Writer.id == foreign(Article.writer_id), Writer.magazine_id == Article.magazine_id)",
    )
    __table_args__ = (
        PrimaryKeyConstraint("article_id", "magazine_id"),
        ForeignKeyConstraint(["writer_id", "magazine_id"], ["rm_writers.id", "rm_writers.magazine_id"]),
    )


class Writer(Base):
    __tablename__ = "rm_writers"
    id = mapped_column(Integer, primary_key=True)
    magazine_id = mapped_column(ForeignKey("rm_magazines.id"), primary_key=True)


class Element(Base):
    __tablename__ = "rm_elements"
    path = mapped_column(String(50), primary_key=True)
    descendants = relationship(
        "Element",
        primaryjoin=remote(foreign(path)).like(path.concat("/%")),
        viewonly=True,
        order_by=path,
    )


class A(Base):
    __tablename__ = "rm_a"
    id = mapped_column(Integer, primary_key=True)
    b_id = mapped_column(ForeignKey("rm_b.id"))
    d = relationship(
        "D",
        secondary="join(B, D, B.d_id == D.id).join(C, C.d_id == D.id)",
        primaryjoin="and_(A.b_id == B.id, A.id == C.a_id)",
        secondaryjoin="D.id == B.d_id",
        uselist=False,
        viewonly=True,
    )


class B(Base):
    __tablename__ = "rm_b"
    id = mapped_column(Integer, primary_key=True)
    d_id = mapped_column(ForeignKey("rm_d.id"))


class C(Base):
    __tablename__ = "rm_c"
    id = mapped_column(Integer, primary_key=True)
    a_id = mapped_column(ForeignKey("rm_a.id"))
    d_id = mapped_column(ForeignKey("rm_d.id"))


class D(Base):
    __tablename__ = "rm_d"
    id = mapped_column(Integer, primary_key=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "User", "data": {"name": "u1", "orders": [{"items": [{"name": "i1"}, {"name": "i2"}]}]}},
 {"op": "add", "entity": "User", "data": {"name": "u2", "orders": [{"items": []}]}},
 {"op": "add", "entity": "User", "data": {"name": "u3"}},
 {"op": "add", "entity": "Node", "data": {"data": "root", "children": [{"data": "c1"}, {"data": "c2", "children": [{"data": "s1", "children": [{"data": "ss1"}]}]}]}},
 {"op": "add", "entity": "Folder", "data": {"account_id": 1, "folder_id": 1, "name": "root", "child_folders": [{"account_id": 1, "folder_id": 2, "name": "docs"}]}},
 {"op": "add", "entity": "Folder", "data": {"account_id": 2, "folder_id": 1, "name": "root2"}},
 {"op": "add", "entity": "Magazine", "data": {"id": 1}},
 {"op": "add", "entity": "Writer", "data": {"id": 1, "magazine_id": 1}},
 {"op": "add", "entity": "Article", "data": {"article_id": 1, "magazine_id": 1, "writer_id": 1}},
 {"op": "add", "entity": "Element", "data": {"path": "/foo"}},
 {"op": "add", "entity": "Element", "data": {"path": "/foo/bar"}},
 {"op": "add", "entity": "Element", "data": {"path": "/foo/bar/baz"}},
 {"op": "add", "entity": "Element", "data": {"path": "/other"}},
 {"op": "add", "entity": "D", "data": {"id": 1}},
 {"op": "add", "entity": "B", "data": {"id": 1, "d_id": 1}},
 {"op": "add", "entity": "A", "data": {"id": 1, "b_id": 1}},
 {"op": "add", "entity": "A", "data": {"id": 2}},
 {"op": "add", "entity": "C", "data": {"id": 1, "a_id": 1, "d_id": 1}}
]') IS NOT NULL AS flushed;

-- Load(): options starting at one entity; a per-entity wildcard
SELECT orm_select('select(Order).options(joinedload(Order.items), Load(Order).raiseload("*")).order_by(Order.id)') AS r;
SELECT orm_select('select(User, Order).join(User.orders).options(Load(User).selectinload(User.orders), Load(Order).lazyload("*")).order_by(User.id)') AS r;
SELECT orm_select('select(User).options(Load(Order).selectinload(Order.items))') AS r;
SELECT orm_select('select(User).options(Load(User).selectinload(Order.items))') AS r;

-- joinedload(innerjoin=): INNER JOIN, nested inside an outer join above it;
-- "unnested" stays outer there; relationship(innerjoin=True) by default
SELECT orm_compile('select(User).options(joinedload(User.orders).joinedload(Order.items, innerjoin=True))') AS sql;
SELECT orm_select('select(User).options(joinedload(User.orders).joinedload(Order.items, innerjoin=True)).order_by(User.id)') AS r;
SELECT orm_compile('select(User).options(joinedload(User.orders).joinedload(Order.items, innerjoin="unnested"))') AS sql;
SELECT orm_compile('select(User).options(joinedload(User.orders, innerjoin=True).joinedload(Order.items))') AS sql;
SELECT orm_compile('select(Order).options(joinedload(Order.user))') AS sql;
SELECT orm_select('select(Order).options(joinedload(Order.user, innerjoin=False)).order_by(Order.id)') AS r;
SELECT orm_select('select(User).options(joinedload(User.orders, innerjoin="sideways"))') AS r;

-- join_depth: the self-referential joined load goes that deep
SELECT orm_compile('select(Node).where(Node.parent_id.is_(None))') AS sql;
SELECT orm_select('select(Node).where(Node.parent_id.is_(None))') AS r;
-- joined load of the adjacency list's remote_side parent
SELECT orm_select('select(Node.data, Node.id).where(Node.id == 5)') AS r;
SELECT orm_select('select(Node).options(joinedload(Node.parent), lazyload(Node.children)).where(Node.id > 3).order_by(Node.id)') AS r;
-- recursion_depth: the selectin load again below its own objects (-1: to the leaves)
SELECT orm_select('select(Node).where(Node.id == 1).options(selectinload(Node.children, recursion_depth=-1))') AS r;
SELECT orm_select('select(Node).where(Node.id == 1).options(selectinload(Node.children, recursion_depth=1))') AS r;
-- two strategies for one path: SQLAlchemy raises
SELECT orm_select('select(Node).options(noload(Node.children), selectinload(Node.children))') AS r;

-- contains_eager chains: from the statement's joins, or the classes' own
-- tables when the statement has no join (a cartesian product, as in SQLAlchemy)
SELECT orm_select('select(User).join(User.orders).join(Order.items).options(contains_eager(User.orders).contains_eager(Order.items)).order_by(User.id)') AS r;
SELECT orm_compile('select(User).options(contains_eager(User.orders).contains_eager(Order.items))') AS sql;
SELECT orm_select('select(User).where(User.id == Order.user_id).options(contains_eager(User.orders)).order_by(User.id)') AS r;

-- a composite adjacency list (remote_side naming a column paired with itself)
SELECT orm_select('select(Folder).options(selectinload(Folder.child_folders), joinedload(Folder.parent_folder)).order_by(Folder.account_id, Folder.folder_id)') AS r;
SELECT orm_select('select(Folder.name).where(Folder.parent_folder.has(Folder.name == "root"))') AS r;

-- overlapping foreign keys: magazine_id in two of them
SELECT orm_compile('select(Article).join(Article.magazine).join(Article.writer)') AS sql;
SELECT orm_select('select(Article).options(selectinload(Article.writer), joinedload(Article.magazine))') AS r;

-- a materialized path: a join without column pairs (foreign()/remote() criteria)
SELECT orm_compile('select(Element).options(selectinload(Element.descendants))') AS sql;
SELECT orm_select('select(Element).where(Element.path == "/foo").options(selectinload(Element.descendants))') AS r;
SELECT orm_select('select(Element).where(Element.path == "/foo/bar").options(joinedload(Element.descendants))') AS r;
SELECT orm_select('select(Element.path).where(Element.descendants.any()).order_by(Element.path)') AS r;
SELECT orm_view('rm_elements_v', 'select(Element).options(selectinload(Element.descendants))') AS r;

-- a composite secondary join
SELECT orm_compile('select(A).join(A.d)') AS sql;
SELECT orm_select('select(A).options(joinedload(A.d)).order_by(A.id)') AS r;
SELECT orm_select('select(A).options(selectinload(A.d)).order_by(A.id)') AS r;
SELECT orm_select('select(A.id).where(A.d.has())') AS r;
SELECT orm_flush('[{"op": "update", "entity": "A", "data": {"id": 2, "d": {"id": 1}}}]') AS r;

-- what SQLAlchemy refuses at declaration: a join without pairs that is not viewonly
SELECT orm_declare('from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, mapped_column, relationship, foreign, remote


class Base(DeclarativeBase):
    pass


class Path(Base):
    __tablename__ = "rm_paths"
    path = mapped_column(String(50), primary_key=True)
    below = relationship("Path", primaryjoin=remote(foreign(path)).like(path.concat("/%")))
') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
