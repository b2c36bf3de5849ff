# decl_apps2.py -- the unit of work as real SQLAlchemy 2.0 programs use it, for
# decl_check.py (the same harness as decl_apps.py; ids "apps2:<name>"): cascades through
# collections and several levels, self-referential graphs, key changes, versions,
# defaults read back, errors in the middle of a graph, types as stored, dataclasses,
# mixins and inheritance writes. Each case's steps are orm_flush calls (one Session each
# on SQLAlchemy's side) compared by the rows after each, or by the error and the rows
# after it (a failed flush leaves the rows as they were).

IMPORTS = """
from __future__ import annotations
import datetime
import enum
import uuid
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, List, Optional
from typing_extensions import Annotated
import sqlalchemy as sa
from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Column, Computed, Date,
    DateTime, Enum, Float, ForeignKey, ForeignKeyConstraint, Identity, Index, Integer,
    Interval, LargeBinary, MetaData, Numeric, Sequence, SmallInteger, String, Table, Text,
    Time, UniqueConstraint, Uuid, func, text)
from sqlalchemy.orm import (DeclarativeBase, Mapped, MappedAsDataclass, backref, declared_attr,
    mapped_column, relationship)
"""

PGONLY = ["postgresql"]


def add(entity, data):
    return {"op": "add", "entity": entity, "data": data}


def upd(entity, key, data):
    return {"op": "update", "entity": entity, "key": key, "data": data}


def delete(entity, key):
    return {"op": "delete", "entity": entity, "key": key}


PARENT_CHILD = IMPORTS + """
class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    children: Mapped[List["Child"]] = relationship(back_populates="parent"%(cascade)s)

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[%(fktype)s] = mapped_column(ForeignKey("parent.id"%(ondelete)s))
    name: Mapped[str] = mapped_column(String(20))
    parent: Mapped[Optional["Parent"]] = relationship(back_populates="children")
"""


def pc(cascade="", fktype="Optional[int]", ondelete=""):
    return PARENT_CHILD % {"cascade": cascade, "fktype": fktype, "ondelete": ondelete}


FAMILY = [add("Parent", {"name": "p1", "children": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}),
          add("Parent", {"name": "p2", "children": [{"name": "d"}]})]

CASES = [
    # ---- cascades: collections made shorter, deletes --------------------------------------
    dict(id="apps2:orphan_shorter_list", model=pc(', cascade="all, delete-orphan"', "int"),
         data=FAMILY,
         steps=[[upd("Parent", 1, {"children": [{"id": 1}, {"id": 3}]})],
                [upd("Parent", 1, {"children": [{"id": 3, "name": "c2"}, {"name": "new"}]})],
                [upd("Parent", 2, {"children": []})]],
         selects=["select(Child).order_by(Child.id)"]),

    dict(id="apps2:no_orphan_shorter_list_nullable", model=pc(),
         data=FAMILY,
         steps=[[upd("Parent", 1, {"children": [{"id": 2}]})],
                [upd("Parent", 2, {"children": [{"id": 1}, {"id": 4}]})],
                [delete("Parent", 1)]]),

    dict(id="apps2:no_orphan_shorter_list_not_null", model=pc("", "int"),
         data=FAMILY,
         steps=[[upd("Parent", 1, {"children": [{"id": 2}]})],
                [upd("Parent", 1, {"name": "renamed"})],
                [delete("Parent", 2)]]),

    dict(id="apps2:move_child_between_parents", model=pc(', cascade="all, delete-orphan"', "int"),
         data=FAMILY,
         steps=[[upd("Child", 1, {"parent": {"id": 2}})],
                [upd("Parent", 2, {"children": [{"id": 1}, {"id": 2}, {"id": 4}]})],
                [upd("Child", 3, {"parent_id": 2})]]),

    dict(id="apps2:passive_deletes_cascade", model=pc(', cascade="all, delete-orphan", passive_deletes=True', "int",
                                                      ', ondelete="CASCADE"'),
         data=FAMILY, steps=[[delete("Parent", 1)], [delete("Child", 4)]]),

    dict(id="apps2:passive_deletes_set_null", model=pc(', passive_deletes=True', "Optional[int]",
                                                       ', ondelete="SET NULL"'),
         data=FAMILY, steps=[[delete("Parent", 1)]]),

    dict(id="apps2:passive_deletes_all", model=pc(', cascade="all, delete-orphan", passive_deletes="all"', "int",
                                                  ', ondelete="CASCADE"'),
         data=FAMILY, steps=[[delete("Parent", 2)]]),

    dict(id="apps2:delete_cascade_no_orphan", model=pc(', cascade="all, delete"'),
         data=FAMILY,
         steps=[[upd("Parent", 1, {"children": [{"id": 1}]})],
                [delete("Parent", 1)]]),

    dict(id="apps2:save_update_only", model=pc(', cascade="save-update"'),
         data=FAMILY,
         steps=[[upd("Parent", 1, {"children": [{"id": 1}, {"name": "e"}]})],
                [delete("Parent", 1)]]),

    dict(id="apps2:save_update_merge_cascade", model=pc(', cascade="save-update, merge"', "int"),
         data=FAMILY,
         steps=[[delete("Parent", 2)]]),

    dict(id="apps2:delete_three_levels", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    departments: Mapped[List["Department"]] = relationship(back_populates="company", cascade="all, delete-orphan")

class Department(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    name: Mapped[str] = mapped_column(String(30))
    company: Mapped[Company] = relationship(back_populates="departments")
    teams: Mapped[List["Team"]] = relationship(back_populates="department", cascade="all, delete-orphan")

class Team(Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    name: Mapped[str] = mapped_column(String(30))
    department: Mapped[Department] = relationship(back_populates="teams")
    members: Mapped[List["Member"]] = relationship(cascade="all, delete-orphan")

class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    login: Mapped[str] = mapped_column(String(30), unique=True)
""", data=[add("Company", {"name": "acme", "departments": [
              {"name": "eng", "teams": [{"name": "core", "members": [{"login": "a"}, {"login": "b"}]},
                                        {"name": "web", "members": [{"login": "c"}]}]},
              {"name": "ops", "teams": [{"name": "sre"}]}]}),
           add("Company", {"name": "other", "departments": [{"name": "x", "teams": [{"name": "t", "members": [{"login": "z"}]}]}]})],
         steps=[[delete("Department", 1)],
                [upd("Team", 4, {"members": []})],
                [delete("Company", 1)]],
         selects=["select(Member.login).order_by(Member.login)"]),

    dict(id="apps2:delete_many_to_one_only_fk", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))

class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("author.id"))
    title: Mapped[str] = mapped_column(String(20))
    author: Mapped[Optional[Author]] = relationship()
""", data=[add("Book", {"title": "b1", "author": {"name": "a"}}), add("Book", {"title": "b2", "author_id": 1})],
         steps=[[upd("Book", 1, {"author": None})], [delete("Book", 2)], [delete("Author", 1)]],
         engines=PGONLY),

    dict(id="apps2:backref_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Board(Base):
    __tablename__ = "board"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20))

class Card(Base):
    __tablename__ = "card"
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id"))
    text: Mapped[str] = mapped_column(String(20))
    board = relationship("Board", backref=backref("cards", cascade="all, delete-orphan", order_by="Card.id"))
""", data=[add("Card", {"text": "c1", "board": {"title": "b"}}),
           add("Board", {"title": "b2", "cards": [{"text": "c2"}, {"text": "c3"}]})],
         steps=[[upd("Board", 2, {"cards": [{"id": 3}]})], [delete("Board", 1)]],
         selects=["select(Board).options(selectinload(Board.cards)).order_by(Board.id)"]),

    dict(id="apps2:backref_default_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Folder(Base):
    __tablename__ = "folder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    files = relationship("File", backref="folder")

class File(Base):
    __tablename__ = "file"
    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[Optional[int]] = mapped_column(ForeignKey("folder.id"))
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Folder", {"name": "f", "files": [{"name": "x"}, {"name": "y"}]}),
           add("File", {"name": "z", "folder": {"name": "g"}})],
         steps=[[delete("Folder", 1)], [upd("File", 3, {"folder": None})]]),

    dict(id="apps2:m2m_delete_either_side", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

student_course = Table("student_course", Base.metadata,
    Column("student_id", ForeignKey("student.id"), primary_key=True),
    Column("course_id", ForeignKey("course.id"), primary_key=True))

class Student(Base):
    __tablename__ = "student"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    courses: Mapped[List["Course"]] = relationship(secondary=student_course, back_populates="students")

class Course(Base):
    __tablename__ = "course"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20))
    students: Mapped[List[Student]] = relationship(secondary=student_course, back_populates="courses")
""", data=[add("Student", {"name": "s1", "courses": [{"title": "c1"}, {"title": "c2"}]})],
         steps=[[add("Student", {"name": "s2", "courses": [{"id": 1}]})],
                [add("Course", {"title": "c3", "students": [{"id": 2}]})],
                [delete("Student", 1)], [delete("Course", 1)], [upd("Course", 3, {"students": []})]]),

    dict(id="apps2:m2m_one_sided_delete_target", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

item_tag = Table("item_tag", Base.metadata,
    Column("item_id", ForeignKey("item.id"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id"), primary_key=True))

class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    tags: Mapped[List["Tag"]] = relationship(secondary=item_tag)

class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Item", {"tags": [{"name": "a"}, {"name": "b"}]})],
         steps=[[delete("Item", 1)], [add("Item", {"tags": [{"id": 1}]})], [delete("Tag", 1)]],
         engines=PGONLY),

    dict(id="apps2:m2m_delete_cascade_targets", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

doc_label = Table("doc_label", Base.metadata,
    Column("doc_id", ForeignKey("doc.id"), primary_key=True),
    Column("label_id", ForeignKey("label.id"), primary_key=True))

class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    labels: Mapped[List["Label"]] = relationship(secondary=doc_label, cascade="all, delete")

class Label(Base):
    __tablename__ = "label"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Doc", {"labels": [{"name": "a"}, {"name": "b"}]}), add("Doc", {"labels": [{"name": "c"}]})],
         steps=[[delete("Doc", 1)], [upd("Doc", 2, {"labels": []})]]),

    dict(id="apps2:secondary_extra_column_default", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

group_user = Table("group_user", Base.metadata,
    Column("group_id", ForeignKey("grp.id"), primary_key=True),
    Column("user_id", ForeignKey("usr.id"), primary_key=True),
    Column("role", String(10), nullable=False, server_default="member"),
    Column("joined", DateTime, server_default=func.now()))

class Group(Base):
    __tablename__ = "grp"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    users: Mapped[List["User"]] = relationship(secondary=group_user)

class User(Base):
    __tablename__ = "usr"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Group", {"name": "g", "users": [{"name": "u1"}, {"name": "u2"}]})],
         steps=[[upd("Group", 1, {"users": [{"id": 2}]})]], volatile=["joined"]),

    dict(id="apps2:secondary_extra_column_not_null", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

group_user = Table("group_user", Base.metadata,
    Column("group_id", ForeignKey("grp.id"), primary_key=True),
    Column("user_id", ForeignKey("usr.id"), primary_key=True),
    Column("role", String(10), nullable=False))

class Group(Base):
    __tablename__ = "grp"
    id: Mapped[int] = mapped_column(primary_key=True)
    users: Mapped[List["User"]] = relationship(secondary=group_user)

class User(Base):
    __tablename__ = "usr"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("User", {"name": "u1"}), add("Group", {})],
         steps=[[upd("Group", 1, {"users": [{"id": 1}]})], [add("Group", {"users": [{"name": "u2"}]})]]),

    dict(id="apps2:association_object_orphans", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class OrderItem(Base):
    __tablename__ = "order_item"
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True)
    qty: Mapped[int] = mapped_column(default=1)
    order: Mapped["Order"] = relationship(back_populates="items")
    product: Mapped["Product"] = relationship()

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(10))
    items: Mapped[List[OrderItem]] = relationship(back_populates="order", cascade="all, delete-orphan")

class Product(Base):
    __tablename__ = "product"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Product", {"name": "p1"}), add("Product", {"name": "p2"})],
         steps=[[add("Order", {"ref": "o", "items": [{"product": {"id": 1}, "qty": 2}, {"product_id": 2}]})],
                [upd("Order", 1, {"items": [{"order_id": 1, "product_id": 2, "qty": 5}]})],
                [delete("Order", 1)]]),

    dict(id="apps2:association_proxy_write", model=IMPORTS + """
from sqlalchemy.ext.associationproxy import association_proxy, AssociationProxy

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kw: Mapped[List["Keyword"]] = relationship(cascade="all, delete-orphan")
    keywords: AssociationProxy[List[str]] = association_proxy("kw", "keyword")

class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    keyword: Mapped[str] = mapped_column(String(64))
""", data=[add("User", {"name": "u", "kw": [{"keyword": "a"}, {"keyword": "b"}]})],
         steps=[[upd("User", 1, {"kw": [{"id": 2}]})], [delete("User", 1)]]),

    dict(id="apps2:one_to_one_set_none_orphan", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    address: Mapped[Optional["Address"]] = relationship(back_populates="user", cascade="all, delete-orphan")

class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    city: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="address")
""", data=[add("User", {"name": "u", "address": {"city": "x"}}), add("User", {"name": "v", "address": {"city": "y"}})],
         steps=[[upd("User", 1, {"address": None})], [upd("User", 2, {"address": {"city": "z"}})]]),

    dict(id="apps2:one_to_one_no_orphan_set_none", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    address: Mapped[Optional["Address"]] = relationship(back_populates="user")

class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    city: Mapped[str] = mapped_column(String(20))
    user: Mapped[Optional[User]] = relationship(back_populates="address")
""", data=[add("User", {"name": "u", "address": {"city": "x"}})],
         steps=[[upd("User", 1, {"address": None})], [upd("Address", 1, {"user": {"id": 1}})], [delete("User", 1)]]),

    dict(id="apps2:many_to_one_delete_orphan_single_parent", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Preference(Base):
    __tablename__ = "preference"
    id: Mapped[int] = mapped_column(primary_key=True)
    theme: Mapped[str] = mapped_column(String(10))

class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    pref_id: Mapped[Optional[int]] = mapped_column(ForeignKey("preference.id"))
    pref: Mapped[Optional[Preference]] = relationship(cascade="all, delete-orphan", single_parent=True)
""", data=[add("Account", {"pref": {"theme": "dark"}}), add("Account", {"pref": {"theme": "light"}})],
         steps=[[upd("Account", 1, {"pref": None})], [delete("Account", 2)]]),

    dict(id="apps2:many_to_one_delete_orphan_no_single_parent", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Preference(Base):
    __tablename__ = "preference"
    id: Mapped[int] = mapped_column(primary_key=True)

class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    pref_id: Mapped[Optional[int]] = mapped_column(ForeignKey("preference.id"))
    pref: Mapped[Optional[Preference]] = relationship(cascade="all, delete-orphan")
""", data=[add("Account", {})]),

    dict(id="apps2:cascade_delete_without_save_update", model=pc(', cascade="delete"'),
         data=[add("Parent", {"name": "p"}), add("Child", {"name": "c", "parent_id": 1})],
         steps=[[delete("Parent", 1)]]),

    # ---- self-referential graphs ---------------------------------------------------------
    dict(id="apps2:tree_deep_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node.id"))
    name: Mapped[str] = mapped_column(String(20))
    children: Mapped[List["Node"]] = relationship(back_populates="parent", cascade="all, delete-orphan")
    parent: Mapped[Optional["Node"]] = relationship(back_populates="children", remote_side=[id])
""", data=[add("Node", {"name": "root", "children": [
              {"name": "a", "children": [{"name": "a1", "children": [{"name": "a1x"}]}, {"name": "a2"}]},
              {"name": "b", "children": [{"name": "b1"}]}]})],
         steps=[[upd("Node", 3, {"parent": {"id": 6}})],
                [upd("Node", 1, {"children": [{"id": 6}]})],
                [delete("Node", 1)]],
         selects=["select(Node.name, Node.parent_id).order_by(Node.id)"]),

    dict(id="apps2:tree_add_under_parent", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Category(Base):
    __tablename__ = "category"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("category.id"))
    name: Mapped[str] = mapped_column(String(20))
    parent: Mapped[Optional["Category"]] = relationship(remote_side="Category.id", back_populates="children")
    children: Mapped[List["Category"]] = relationship(back_populates="parent")
""", data=[add("Category", {"name": "leaf", "parent": {"name": "mid", "parent": {"name": "top"}}})],
         steps=[[add("Category", {"name": "leaf2", "parent": {"id": 2}})],
                [delete("Category", 2)],
                [upd("Category", 4, {"parent_id": 3})]]),

    dict(id="apps2:tree_no_cascade_delete_root", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employee.id"))
    manager: Mapped[Optional["Employee"]] = relationship(remote_side=[id], backref="reports")
""", data=[add("Employee", {"name": "boss", "reports": [{"name": "e1"}, {"name": "e2", "reports": [{"name": "e3"}]}]})],
         steps=[[delete("Employee", 1)], [upd("Employee", 4, {"manager": {"id": 2}})]]),

    dict(id="apps2:tree_not_null_parent", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Comment(Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int]
    reply_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comment.id"))
    body: Mapped[str] = mapped_column(Text)
    replies: Mapped[List["Comment"]] = relationship(back_populates="reply_to")
    reply_to: Mapped[Optional["Comment"]] = relationship(back_populates="replies", remote_side=[id])
""", data=[add("Comment", {"thread_id": 1, "body": "q", "replies": [{"thread_id": 1, "body": "a1"}, {"thread_id": 1, "body": "a2"}]})],
         steps=[[add("Comment", {"thread_id": 1, "body": "a3", "reply_to": {"id": 2}})],
                [add("Comment", {"body": "bad", "reply_to": {"id": 1}, "replies": [{"thread_id": 1, "body": "x"}]})],
                [delete("Comment", 2)]]),

    dict(id="apps2:post_update_cycle", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    favorite_post_id: Mapped[Optional[int]] = mapped_column(ForeignKey("post.id", name="fk_favorite_post"))
    posts: Mapped[List["Post"]] = relationship(back_populates="author", foreign_keys="Post.author_id",
                                               cascade="all, delete-orphan")
    favorite_post: Mapped[Optional["Post"]] = relationship(foreign_keys=[favorite_post_id], post_update=True)

class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(20))
    author: Mapped[User] = relationship(back_populates="posts", foreign_keys=[author_id])
""", data=[add("User", {"name": "u", "posts": [{"title": "p1"}, {"title": "p2"}]})],
         steps=[[upd("User", 1, {"favorite_post": {"id": 2}})],
                [upd("User", 1, {"favorite_post": None})],
                [upd("User", 1, {"favorite_post": {"id": 1}})],
                [delete("User", 1)]]),

    dict(id="apps2:post_update_new_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Widget(Base):
    __tablename__ = "widget"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    favorite_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", name="fk_fav"))
    entries: Mapped[List["Entry"]] = relationship(back_populates="widget", foreign_keys="Entry.widget_id")
    favorite_entry: Mapped[Optional["Entry"]] = relationship(foreign_keys=[favorite_entry_id], post_update=True)

class Entry(Base):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    widget_id: Mapped[Optional[int]] = mapped_column(ForeignKey("widget.id"))
    name: Mapped[str] = mapped_column(String(20))
    widget: Mapped[Optional[Widget]] = relationship(back_populates="entries", foreign_keys=[widget_id])
""", data=[add("Widget", {"name": "w", "favorite_entry": {"name": "fav"}, "entries": [{"name": "e1"}]})],
         steps=[[delete("Entry", 1)], [delete("Widget", 1)]]),

    dict(id="apps2:self_m2m_friends_delete", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

friendship = Table("friendship", Base.metadata,
    Column("a_id", ForeignKey("person.id"), primary_key=True),
    Column("b_id", ForeignKey("person.id"), primary_key=True))

class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    friends: Mapped[List["Person"]] = relationship(secondary=friendship,
        primaryjoin=id == friendship.c.a_id, secondaryjoin=id == friendship.c.b_id, backref="friend_of")
""", data=[add("Person", {"name": "a", "friends": [{"name": "b"}, {"name": "c", "friends": [{"name": "d"}]}]})],
         steps=[[delete("Person", 3)], [upd("Person", 1, {"friends": [{"id": 2}, {"id": 4}]})], [delete("Person", 1)]]),

    # ---- keys: natural, composite, changes -----------------------------------------------
    dict(id="apps2:pk_change_passive_updates_false", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(50), primary_key=True)
    fullname: Mapped[Optional[str]] = mapped_column(String(100))
    addresses: Mapped[List["Address"]] = relationship(passive_updates=False, back_populates="user")

class Address(Base):
    __tablename__ = "addresses"
    email: Mapped[str] = mapped_column(String(50), primary_key=True)
    username: Mapped[Optional[str]] = mapped_column(String(50), ForeignKey("users.username"))
    user: Mapped[Optional[User]] = relationship(back_populates="addresses")
""", data=[add("User", {"username": "jack", "addresses": [{"email": "j@a"}, {"email": "j@b"}]})],
         steps=[[upd("User", "jack", {"username": "ed"})],
                [upd("Address", "j@a", {"email": "e@a"})],
                [delete("User", "ed")]]),

    dict(id="apps2:pk_change_on_update_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Country(Base):
    __tablename__ = "country"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    cities: Mapped[List["City"]] = relationship(back_populates="country")

class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code", onupdate="CASCADE", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    country: Mapped[Country] = relationship(back_populates="cities")
""", data=[add("Country", {"code": "FRA", "name": "France", "cities": [{"name": "Paris"}, {"name": "Lyon"}]})],
         steps=[[upd("Country", "FRA", {"code": "FR"})], [upd("City", 1, {"name": "Paris 2"})]],
         engines=PGONLY),

    dict(id="apps2:pk_change_no_children", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
""", data=[add("Setting", {"key": "a", "value": "1"}), add("Setting", {"key": "b", "value": "2"})],
         steps=[[upd("Setting", "a", {"key": "c", "value": "3"})], [upd("Setting", "b", {"key": "c"})]]),

    dict(id="apps2:composite_fk_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Invoice(Base):
    __tablename__ = "invoice"
    store_id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(String(20))
    lines: Mapped[List["InvoiceLine"]] = relationship(back_populates="invoice", cascade="all, delete-orphan")

class InvoiceLine(Base):
    __tablename__ = "invoice_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int]
    invoice_number: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    invoice: Mapped[Invoice] = relationship(back_populates="lines")
    __table_args__ = (ForeignKeyConstraint(["store_id", "invoice_number"], ["invoice.store_id", "invoice.number"]),)
""", data=[add("Invoice", {"store_id": 1, "number": 100, "customer": "a", "lines": [{"amount": "1.5"}, {"amount": 2}]}),
           add("Invoice", {"store_id": 2, "number": 100, "customer": "b", "lines": [{"amount": "0.333"}]})],
         steps=[[upd("Invoice", {"store_id": 1, "number": 100}, {"lines": [{"id": 2}]})],
                [upd("InvoiceLine", 3, {"invoice": {"store_id": 1, "number": 100}})],
                [delete("Invoice", {"store_id": 1, "number": 100})]]),

    dict(id="apps2:composite_pk_duplicate", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Stock(Base):
    __tablename__ = "stock"
    warehouse: Mapped[str] = mapped_column(String(5), primary_key=True)
    sku: Mapped[str] = mapped_column(String(10), primary_key=True)
    qty: Mapped[int] = mapped_column(default=0)
""", data=[add("Stock", {"warehouse": "w1", "sku": "a", "qty": 3}), add("Stock", {"warehouse": "w1", "sku": "b"})],
         steps=[[add("Stock", {"warehouse": "w2", "sku": "a"}), add("Stock", {"warehouse": "w1", "sku": "a", "qty": 9})],
                [upd("Stock", {"warehouse": "w1", "sku": "b"}, {"qty": 7})],
                [upd("Stock", ["w1", "a"], {"qty": 1})]]),

    dict(id="apps2:natural_key_m2m", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

article_tag = Table("article_tag", Base.metadata,
    Column("article_slug", ForeignKey("article.slug"), primary_key=True),
    Column("tag_name", ForeignKey("tag.name"), primary_key=True))

class Article(Base):
    __tablename__ = "article"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    tags: Mapped[List["Tag"]] = relationship(secondary=article_tag, back_populates="articles")

class Tag(Base):
    __tablename__ = "tag"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    articles: Mapped[List[Article]] = relationship(secondary=article_tag, back_populates="tags")
""", data=[add("Article", {"slug": "hello", "tags": [{"name": "x"}, {"name": "y"}]}),
           add("Article", {"slug": "bye", "tags": [{"name": "x"}]})],
         steps=[[delete("Tag", "x")], [upd("Article", "bye", {"tags": [{"name": "y"}, {"name": "z"}]})]]),

    # ---- versions -----------------------------------------------------------------------
    dict(id="apps2:version_counter_steps", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Wiki(Base):
    __tablename__ = "wiki"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version_id}
""", data=[add("Wiki", {"body": "a"}), add("Wiki", {"body": "b"})],
         steps=[[upd("Wiki", 1, {"body": "a2"})], [upd("Wiki", 1, {"body": "a3"}), upd("Wiki", 2, {"body": "b"})],
                [delete("Wiki", 2)]]),

    dict(id="apps2:version_uuid_generator", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    version_uuid: Mapped[str] = mapped_column(String(32), nullable=False)
    __mapper_args__ = {"version_id_col": version_uuid, "version_id_generator": lambda version: uuid.uuid4().hex}
""", data=[add("Doc", {"body": "a"})], steps=[[upd("Doc", 1, {"body": "b"})]], shapes=["version_uuid"]),

    dict(id="apps2:version_stale_given", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version}
""", data=[add("Account", {"balance": 10})],
         steps=[[upd("Account", 1, {"balance": 20, "version": 5})], [upd("Account", 1, {"balance": 30})]]),

    dict(id="apps2:version_joined_inheritance", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Asset(Base):
    __tablename__ = "asset"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "asset", "version_id_col": version}

class Laptop(Asset):
    __tablename__ = "laptop"
    id: Mapped[int] = mapped_column(ForeignKey("asset.id"), primary_key=True)
    ram: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "laptop"}
""", data=[add("Laptop", {"name": "l", "ram": 8})],
         steps=[[upd("Laptop", 1, {"ram": 16})], [upd("Laptop", 1, {"name": "l2", "ram": 32})], [delete("Laptop", 1)]]),

    # ---- values the engine or a default fills, read back ---------------------------------
    dict(id="apps2:server_defaults_read_back", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Job(Base):
    __tablename__ = "job"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), server_default="queued")
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    priority: Mapped[int] = mapped_column(server_default="5")
    ratio: Mapped[float] = mapped_column(server_default=text("0.5"))
    enabled: Mapped[bool] = mapped_column(server_default=sa.true())
    created: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
    __mapper_args__ = {"eager_defaults": True}
""", data=[add("Job", {}), add("Job", {"status": "done", "attempts": 3, "enabled": False})],
         steps=[[upd("Job", 1, {"attempts": 1})]], shapes=["created"],
         selects=["select(Job.id, Job.status, Job.attempts, Job.priority, Job.ratio, Job.enabled).order_by(Job.id)"]),

    dict(id="apps2:computed_read_back", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Rect(Base):
    __tablename__ = "rect"
    id: Mapped[int] = mapped_column(primary_key=True)
    w: Mapped[int]
    h: Mapped[int]
    area: Mapped[int] = mapped_column(Computed("w * h"))
    label: Mapped[str] = mapped_column(String(40), Computed("'r' || w", persisted=True))
""", data=[add("Rect", {"w": 2, "h": 3})],
         steps=[[upd("Rect", 1, {"w": 5})], [upd("Rect", 1, {"area": 99})]],
         selects=["select(Rect).order_by(Rect.id)"]),

    dict(id="apps2:identity_options_pg", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Ticket(Base):
    __tablename__ = "ticket"
    id: Mapped[int] = mapped_column(Identity(start=100, increment=5), primary_key=True)
    title: Mapped[str] = mapped_column(String(20))

class Receipt(Base):
    __tablename__ = "receipt"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Identity(always=True, start=1000))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
""", data=[add("Ticket", {"title": "a"}), add("Ticket", {"title": "b"}), add("Receipt", {"ticket_id": 105})],
         steps=[[add("Receipt", {"ticket_id": 100})]], engines=PGONLY),

    dict(id="apps2:sequence_pk", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Invoice(Base):
    __tablename__ = "invoice"
    id: Mapped[int] = mapped_column(Sequence("invoice_seq", start=500, increment=10), primary_key=True)
    ref: Mapped[str] = mapped_column(String(10))
""", data=[add("Invoice", {"ref": "a"}), add("Invoice", {"ref": "b"})],
         steps=[[add("Invoice", {"ref": "c"})]]),

    dict(id="apps2:onupdate_func_now", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Page(Base):
    __tablename__ = "page"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime.datetime] = mapped_column(insert_default=func.now())
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(onupdate=func.now())
    edits: Mapped[int] = mapped_column(default=0, onupdate=text("edits + 1"))
""", data=[add("Page", {"body": "a"})],
         steps=[[upd("Page", 1, {"body": "b"})], [upd("Page", 1, {"body": "c"})]],
         shapes=["created_at", "updated_at"]),

    dict(id="apps2:onupdate_literal_and_callable", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Row(Base):
    __tablename__ = "row"
    id: Mapped[int] = mapped_column(primary_key=True)
    v: Mapped[str] = mapped_column(String(10))
    dirty: Mapped[bool] = mapped_column(default=False, onupdate=True)
    touched: Mapped[Optional[datetime.datetime]] = mapped_column(onupdate=datetime.datetime.now)
    note: Mapped[Optional[str]] = mapped_column(String(20), onupdate=lambda: "changed")
""", data=[add("Row", {"v": "a"})], steps=[[upd("Row", 1, {"v": "b"})]], shapes=["touched"]),

    dict(id="apps2:server_onupdate_trigger_less", model=IMPORTS + """
from sqlalchemy.schema import FetchedValue

class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    v: Mapped[str] = mapped_column(String(10))
    stamp: Mapped[Optional[datetime.datetime]] = mapped_column(server_default=func.now(), server_onupdate=FetchedValue())
""", data=[add("Item", {"v": "a"})], steps=[[upd("Item", 1, {"v": "b"})]], shapes=["stamp"]),

    dict(id="apps2:default_callables", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

def next_code() -> str:
    return "C-1"

class Thing(Base):
    __tablename__ = "thing"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(10), default=next_code)
    created: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime.utcnow)
    day: Mapped[date] = mapped_column(default=date.today)
    token: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid.uuid4()))
    hexid: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex)
    stamp: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True),
        default=lambda: datetime.datetime.now(datetime.timezone.utc))
    count: Mapped[int] = mapped_column(default=lambda: 7)
""", data=[add("Thing", {}), add("Thing", {"code": "X"})],
         shapes=["id", "created", "day", "token", "hexid", "stamp"]),

    dict(id="apps2:insert_default_forms", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Entry(Base):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(insert_default=5)
    s: Mapped[str] = mapped_column(String(10), insert_default="x")
    at: Mapped[datetime.datetime] = mapped_column(insert_default=func.current_timestamp())
    lower_name: Mapped[Optional[str]] = mapped_column(String(10), insert_default=func.lower("ABC"))
""", data=[add("Entry", {}), add("Entry", {"n": 1, "s": "y"})], shapes=["at"]),

    dict(id="apps2:default_context_sensitive", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

def slugify(context):
    return context.get_current_parameters()["title"].lower().replace(" ", "-")

class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    slug: Mapped[str] = mapped_column(String(40), default=slugify)
""", data=[add("Post", {"title": "Hello World"})]),

    dict(id="apps2:uuid_default_as_uuid_false", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Session_(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(Uuid(as_uuid=False), primary_key=True, default=lambda: str(uuid.uuid4()))
    user_ref: Mapped[Optional[str]] = mapped_column(Uuid(as_uuid=False))
    native: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid(native_uuid=False))
""", data=[add("Session_", {"user_ref": "12345678-1234-5678-1234-567812345678",
                            "native": "abcdefab-cdef-abcd-efab-cdefabcdefab"})],
         shapes=["id"]),

    dict(id="apps2:uuid_fk_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Tenant(Base):
    __tablename__ = "tenant"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(20))
    users: Mapped[List["TUser"]] = relationship(back_populates="tenant", cascade="all, delete-orphan")

class TUser(Base):
    __tablename__ = "tuser"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenant.id"))
    email: Mapped[str] = mapped_column(String(40))
    tenant: Mapped[Tenant] = relationship(back_populates="users")
""", data=[add("Tenant", {"id": "00000000-0000-0000-0000-000000000001", "name": "t",
                          "users": [{"email": "a"}, {"id": "00000000-0000-0000-0000-0000000000ff", "email": "b"}]})],
         steps=[[delete("TUser", "00000000-0000-0000-0000-0000000000ff")],
                [delete("Tenant", "00000000-0000-0000-0000-000000000001")]],
         shapes=["id"]),

    # ---- errors in the middle of a graph -------------------------------------------------
    dict(id="apps2:not_null_mid_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Album(Base):
    __tablename__ = "album"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    tracks: Mapped[List["Track"]] = relationship(cascade="all, delete-orphan")

class Track(Base):
    __tablename__ = "track"
    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(ForeignKey("album.id"))
    title: Mapped[str] = mapped_column(String(40))
    seconds: Mapped[int]
""", data=[add("Album", {"title": "first", "tracks": [{"title": "t1", "seconds": 60}]})],
         steps=[[add("Album", {"title": "a", "tracks": [{"title": "t1", "seconds": 1}, {"title": "t2"}, {"title": "t3", "seconds": 3}]})],
                [upd("Album", 1, {"title": "renamed"}), add("Album", {"title": None})],
                [upd("Track", 1, {"seconds": None})]]),

    dict(id="apps2:unique_mid_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Team(Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    players: Mapped[List["Player"]] = relationship(cascade="all, delete-orphan")

class Player(Base):
    __tablename__ = "player"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    number: Mapped[int]
    __table_args__ = (UniqueConstraint("team_id", "number"),)
""", data=[add("Team", {"name": "a", "players": [{"number": 1}, {"number": 2}]})],
         steps=[[add("Team", {"name": "b", "players": [{"number": 1}, {"number": 1}]})],
                [add("Team", {"name": "c"}), add("Team", {"name": "a"})],
                [upd("Team", 1, {"players": [{"id": 1}, {"id": 2}, {"number": 2}]})],
                [upd("Player", 2, {"number": 1})]]),

    dict(id="apps2:fk_violation_mid_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)

class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Owner", {})],
         steps=[[add("Pet", {"owner_id": 1, "name": "a"}), add("Pet", {"owner_id": 42, "name": "b"})],
                [delete("Owner", 1)]],
         engines=PGONLY),

    dict(id="apps2:check_violation_mid_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Cart(Base):
    __tablename__ = "cart"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[List["Line"]] = relationship(cascade="all, delete-orphan")

class Line(Base):
    __tablename__ = "line"
    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id"))
    qty: Mapped[int] = mapped_column(CheckConstraint("qty > 0", name="qty_pos"))
""", data=[add("Cart", {"lines": [{"qty": 1}]})],
         steps=[[add("Cart", {"lines": [{"qty": 2}, {"qty": 0}]})], [upd("Cart", 1, {"lines": [{"qty": 5}, {"qty": -1}]})]]),

    dict(id="apps2:string_too_long_pg", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Code(Base):
    __tablename__ = "code"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(3))
""", data=[add("Code", {"value": "abc"})], steps=[[add("Code", {"value": "ok"}), add("Code", {"value": "toolong"})]]),

    # ---- types as stored -----------------------------------------------------------------
    dict(id="apps2:enum_names_update", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "pub"
    ARCHIVED = 3

class Story(Base):
    __tablename__ = "story"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(default=Status.DRAFT)
    prev: Mapped[Optional[Status]]
""", data=[add("Story", {}), add("Story", {"status": "pub", "prev": 3})],
         steps=[[upd("Story", 1, {"status": "PUBLISHED", "prev": "draft"})], [upd("Story", 2, {"prev": None})]],
         selects=["select(Story).where(Story.status == Status.PUBLISHED).order_by(Story.id)"]),

    dict(id="apps2:enum_values_callable_lower", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Color(str, enum.Enum):
    RED = "red"
    DARK_BLUE = "dark-blue"

class Shirt(Base):
    __tablename__ = "shirt"
    id: Mapped[int] = mapped_column(primary_key=True)
    color: Mapped[Color] = mapped_column(Enum(Color, values_callable=lambda e: [m.value for m in e],
                                              name="shirt_color"))
""", data=[add("Shirt", {"color": "dark-blue"}), add("Shirt", {"color": "RED"})],
         steps=[[upd("Shirt", 1, {"color": "red"})], [add("Shirt", {"color": "green"})]]),

    dict(id="apps2:enum_non_native_length", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Size(enum.Enum):
    S = 1
    MEDIUM = 2
    EXTRA_LARGE = 3

class Box(Base):
    __tablename__ = "box"
    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[Size] = mapped_column(Enum(Size, native_enum=False))
    size2: Mapped[Optional[Size]] = mapped_column(Enum(Size, native_enum=False, length=30, create_constraint=True))
    grade: Mapped[Optional[str]] = mapped_column(Enum("a", "bb", native_enum=False))
""", data=[add("Box", {"size": "EXTRA_LARGE", "size2": 1, "grade": "bb"})],
         steps=[[add("Box", {"size": "S", "grade": "zzz"})], [upd("Box", 1, {"size2": "MEDIUM"})]]),

    dict(id="apps2:enum_strings_pg_type", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Ticket(Base):
    __tablename__ = "ticket"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(Enum("open", "closed", "on hold", name="ticket_state"), server_default="open")
""", data=[add("Ticket", {}), add("Ticket", {"state": "on hold"})],
         steps=[[upd("Ticket", 1, {"state": "closed"})], [add("Ticket", {"state": "bogus"})]]),

    dict(id="apps2:boolean_forms", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Flag(Base):
    __tablename__ = "flag"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[bool] = mapped_column(default=False)
    b: Mapped[Optional[bool]]
    c: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="ck_c"), server_default=sa.false())
    d: Mapped[bool] = mapped_column(server_default=sa.true())
""", data=[add("Flag", {}), add("Flag", {"a": True, "b": False, "c": True, "d": False})],
         steps=[[upd("Flag", 1, {"b": True, "a": True})], [upd("Flag", 2, {"b": None})]],
         selects=["select(Flag).where(Flag.a).order_by(Flag.id)"]),

    dict(id="apps2:numeric_scales", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Measure(Base):
    __tablename__ = "measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    rate: Mapped[Optional[Decimal]] = mapped_column(Numeric(12, 6))
    plain: Mapped[Optional[Decimal]] = mapped_column(Numeric)
    asfloat: Mapped[Optional[float]] = mapped_column(Numeric(8, 3, asdecimal=False))
    f: Mapped[Optional[float]] = mapped_column(Float)
    f53: Mapped[Optional[float]] = mapped_column(Float(precision=53))
    dbl: Mapped[Optional[float]] = mapped_column(sa.Double)
    real: Mapped[Optional[float]] = mapped_column(sa.REAL)
""", data=[add("Measure", {"price": "19.999", "rate": "0.1234567", "plain": "123.4500", "asfloat": 1.23456,
                           "f": 0.1, "f53": 1e-10, "dbl": 3.141592653589793, "real": 2.5}),
           add("Measure", {"price": 5})],
         steps=[[upd("Measure", 2, {"price": "0.005", "rate": 1, "f": 1e20})]],
         selects=["select(Measure).order_by(Measure.id)"]),

    dict(id="apps2:datetime_tz_both", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Meeting(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    starts: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    local: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    ends: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime(timezone=True))
""", data=[add("Meeting", {"starts": "2024-06-01T10:00:00+02:00", "local": "2024-06-01T10:00:00.123456",
                           "ends": "2024-06-01T12:30:00"}),
           add("Meeting", {"starts": "2024-12-31T23:59:59.5-05:00"})],
         steps=[[upd("Meeting", 2, {"ends": "2025-01-01T00:00:00+00:00", "local": "2025-01-01T00:00:00"})]],
         selects=["select(Meeting).order_by(Meeting.id)"]),

    dict(id="apps2:date_time_interval", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Shift(Base):
    __tablename__ = "shift"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    start: Mapped[time]
    length: Mapped[timedelta]
    brk: Mapped[Optional[timedelta]] = mapped_column(Interval, default=timedelta(minutes=30))
    tz_start: Mapped[Optional[time]] = mapped_column(Time(timezone=True))
""", data=[add("Shift", {"day": "2024-02-29", "start": "08:15:30", "length": 28800}),
           add("Shift", {"day": "2024-03-01", "start": "22:00:00.250000", "length": 93784.5, "brk": 0})],
         steps=[[upd("Shift", 1, {"length": 3600, "brk": None, "start": "09:00:00"})]],
         selects=["select(Shift).order_by(Shift.id)"]),

    dict(id="apps2:json_nested_none", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[Optional[dict]] = mapped_column(JSON)
    data_nn: Mapped[Optional[dict]] = mapped_column(JSON(none_as_null=True))
    lst: Mapped[Optional[list]] = mapped_column(JSON)
""", data=[add("Doc", {"data": {"a": None, "b": [None, 1, {"c": None}]}, "data_nn": None, "lst": [None]}),
           add("Doc", {"data": None, "data_nn": {"x": None}})],
         steps=[[upd("Doc", 1, {"data": None, "lst": []})], [upd("Doc", 2, {"data": {"k": [1, {"z": None}]}, "data_nn": None})]],
         selects=["select(Doc).order_by(Doc.id)"]),

    dict(id="apps2:large_binary", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Blob(Base):
    __tablename__ = "blob"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    small: Mapped[Optional[bytes]] = mapped_column(LargeBinary(16))
    digest: Mapped[Optional[bytes]] = mapped_column(sa.LargeBinary(32), unique=True)
""", data=[add("Blob", {"data": "\\x00ff10", "small": "\\x", "digest": "\\xdeadbeef"})],
         steps=[[upd("Blob", 1, {"data": "\\x41424300"})], [add("Blob", {"data": "\\x01", "digest": "\\xdeadbeef"})]],
         selects=["select(Blob).order_by(Blob.id)"]),

    dict(id="apps2:pg_array_update", model=IMPORTS + """
from sqlalchemy.dialects.postgresql import ARRAY

class Base(DeclarativeBase):
    pass

class Survey(Base):
    __tablename__ = "survey"
    id: Mapped[int] = mapped_column(primary_key=True)
    answers: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    grid: Mapped[Optional[list]] = mapped_column(ARRAY(Integer, dimensions=2))
    scores: Mapped[Optional[list[Decimal]]] = mapped_column(ARRAY(Numeric(5, 2)))
""", data=[add("Survey", {"answers": ["a", "b,c", 'd"e', None]}), add("Survey", {"grid": [[1, 2], [3, 4]], "scores": ["1.5", 2]})],
         steps=[[upd("Survey", 1, {"answers": []}), upd("Survey", 2, {"answers": ["x"], "grid": None})]],
         engines=PGONLY, selects=["select(Survey).order_by(Survey.id)"]),

    dict(id="apps2:string_kinds", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Text_(Base):
    __tablename__ = "texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    s: Mapped[str] = mapped_column(String(10))
    t: Mapped[Optional[str]] = mapped_column(Text)
    u: Mapped[Optional[str]] = mapped_column(sa.Unicode(10))
    ut: Mapped[Optional[str]] = mapped_column(sa.UnicodeText)
    ch: Mapped[Optional[str]] = mapped_column(sa.CHAR(3))
    vc: Mapped[Optional[str]] = mapped_column(sa.VARCHAR(5))
    nolen: Mapped[Optional[str]] = mapped_column(String)
""", data=[add("Text_", {"s": "héllo", "t": "line1\nline2", "u": "日本", "ut": "x" * 50, "ch": "ab", "vc": "abcde", "nolen": ""})],
         selects=["select(Text_).order_by(Text_.id)"]),

    dict(id="apps2:integer_kinds", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Counter(Base):
    __tablename__ = "counter"
    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    big: Mapped[int] = mapped_column(BigInteger)
    small: Mapped[Optional[int]] = mapped_column(SmallInteger)
""", data=[add("Counter", {"big": 9007199254740993, "small": -32768})],
         steps=[[add("Counter", {"big": 1, "small": 40000})]]),

    dict(id="apps2:type_decorator_simple", model=IMPORTS + """
from sqlalchemy.types import TypeDecorator

class LowerString(TypeDecorator):
    impl = String(20)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.lower() if value is not None else None

class Base(DeclarativeBase):
    pass

class Login(Base):
    __tablename__ = "login"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(LowerString)
""", data=[add("Login", {"email": "A@B.C"})]),

    # ---- dataclasses, table args, mixins ------------------------------------------------
    dict(id="apps2:dataclass_factories", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    settings: Mapped[dict] = mapped_column(JSON, default_factory=dict)
    tags: Mapped[list] = mapped_column(JSON, default_factory=lambda: ["new"])
    created: Mapped[datetime.datetime] = mapped_column(init=False, server_default=func.now())
    tasks: Mapped[List["Task"]] = relationship(default_factory=list, back_populates="project",
                                               cascade="all, delete-orphan")

class Task(Base):
    __tablename__ = "task"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    title: Mapped[str] = mapped_column(String(30))
    project_id: Mapped[Optional[int]] = mapped_column(ForeignKey("project.id"), init=False)
    project: Mapped[Optional[Project]] = relationship(default=None, back_populates="tasks")
    done: Mapped[bool] = mapped_column(default=False)
""", data=[add("Project", {"name": "p", "tasks": [{"title": "t1"}, {"title": "t2", "done": True}]}),
           add("Project", {"name": "q", "settings": {"a": 1}})],
         steps=[[upd("Project", 1, {"tasks": [{"id": 2}]})], [delete("Project", 1)]], shapes=["created"]),

    dict(id="apps2:dataclass_init_false_defaults", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Counter(Base):
    __tablename__ = "counter"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    hits: Mapped[int] = mapped_column(init=False, default=0)
    note: Mapped[Optional[str]] = mapped_column(String(20), default=None)
    uid: Mapped[uuid.UUID] = mapped_column(init=False, default_factory=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(10), kw_only=True, default="basic")
""", data=[add("Counter", {"name": "a"}), add("Counter", {"name": "b", "hits": 3, "kind": "pro", "note": "n"})],
         steps=[[upd("Counter", 1, {"hits": 10, "note": "x"})]], shapes=["uid"]),

    dict(id="apps2:table_args_dict_form", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Record(Base):
    __tablename__ = "record"
    __table_args__ = {"comment": "records", "sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    v: Mapped[str] = mapped_column(String(10), comment="value")
""", data=[add("Record", {"v": "a"}), add("Record", {"v": "b"})],
         steps=[[delete("Record", 2)], [add("Record", {"v": "c"})]]),

    dict(id="apps2:table_args_tuple_with_dict", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Booking(Base):
    __tablename__ = "booking"
    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(String(5))
    day: Mapped[date]
    guests: Mapped[int] = mapped_column(default=1)
    __table_args__ = (
        UniqueConstraint("room", "day", name="uq_room_day"),
        CheckConstraint("guests BETWEEN 1 AND 4", name="ck_guests"),
        Index("ix_booking_day", "day"),
        {"comment": "room bookings"},
    )
""", data=[add("Booking", {"room": "A", "day": "2024-01-01"})],
         steps=[[add("Booking", {"room": "B", "day": "2024-01-01", "guests": 4}), add("Booking", {"room": "A", "day": "2024-01-01"})],
                [upd("Booking", 1, {"guests": 5})]]),

    dict(id="apps2:mixin_declared_attr_relationship", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))

class AuditMixin:
    @declared_attr
    def created_by_id(cls) -> Mapped[Optional[int]]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def created_by(cls) -> Mapped[Optional[User]]:
        return relationship(User)

    created_at: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime.utcnow)

class Invoice(AuditMixin, Base):
    __tablename__ = "invoice"
    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[Decimal] = mapped_column(Numeric(8, 2))

class Payment(AuditMixin, Base):
    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(8, 2))
""", data=[add("Invoice", {"total": "10", "created_by": {"name": "u"}})],
         steps=[[add("Payment", {"amount": "10", "created_by": {"id": 1}}), add("Payment", {"amount": "3.5"})],
                [upd("Payment", 2, {"created_by": {"name": "v"}})], [delete("User", 1)]],
         shapes=["created_at"]),

    dict(id="apps2:mixin_collection_backref_per_class", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))

class TaggableMixin:
    @declared_attr
    def tags(cls) -> Mapped[List[Tag]]:
        t = Table(cls.__tablename__ + "_tag", cls.metadata,
                  Column("obj_id", ForeignKey(cls.__tablename__ + ".id"), primary_key=True),
                  Column("tag_id", ForeignKey("tag.id"), primary_key=True))
        return relationship(Tag, secondary=t)

class Photo(TaggableMixin, Base):
    __tablename__ = "photo"
    id: Mapped[int] = mapped_column(primary_key=True)

class Video(TaggableMixin, Base):
    __tablename__ = "video"
    id: Mapped[int] = mapped_column(primary_key=True)
""", data=[add("Photo", {"tags": [{"name": "a"}, {"name": "b"}]})],
         steps=[[add("Video", {"tags": [{"id": 1}]})], [delete("Photo", 1)]]),

    # ---- inheritance writes ---------------------------------------------------------------
    dict(id="apps2:single_inheritance_writes", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}

class Engineer(Employee):
    language: Mapped[Optional[str]] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "engineer"}

class Manager(Employee):
    budget: Mapped[Optional[int]]
    __mapper_args__ = {"polymorphic_identity": "manager"}
""", data=[add("Employee", {"name": "e"}), add("Engineer", {"name": "g", "language": "c"}),
           add("Manager", {"name": "m", "budget": 10})],
         steps=[[upd("Engineer", 2, {"language": "rust"}), upd("Manager", 3, {"budget": 11})],
                [delete("Engineer", 2)], [delete("Employee", 3)]],
         selects=["select(Employee).order_by(Employee.id)"]),

    dict(id="apps2:joined_inheritance_writes", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Vehicle(Base):
    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    plate: Mapped[str] = mapped_column(String(10), unique=True)
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "vehicle"}

class Car(Vehicle):
    __tablename__ = "car"
    id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"), primary_key=True)
    doors: Mapped[int] = mapped_column(default=4)
    __mapper_args__ = {"polymorphic_identity": "car"}

class Truck(Vehicle):
    __tablename__ = "truck"
    id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"), primary_key=True)
    payload: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    __mapper_args__ = {"polymorphic_identity": "truck"}
""", data=[add("Car", {"plate": "A1"}), add("Truck", {"plate": "B2", "payload": "3.25"}), add("Vehicle", {"plate": "C3"})],
         steps=[[upd("Car", 1, {"plate": "A9", "doors": 2})],
                [delete("Truck", 2)],
                [add("Car", {"plate": "C3"})],
                [delete("Vehicle", 1)]],
         selects=["select(Vehicle).order_by(Vehicle.id)"]),

    dict(id="apps2:joined_inheritance_three_levels", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "node"}

class File(Node):
    __tablename__ = "file"
    id: Mapped[int] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"), primary_key=True)
    size: Mapped[int] = mapped_column(default=0)
    __mapper_args__ = {"polymorphic_identity": "file"}

class Image(File):
    __tablename__ = "image"
    id: Mapped[int] = mapped_column(ForeignKey("file.id", ondelete="CASCADE"), primary_key=True)
    width: Mapped[int]
    height: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "image"}
""", data=[add("Image", {"name": "i", "width": 10, "height": 20}), add("File", {"name": "f", "size": 5})],
         steps=[[upd("Image", 1, {"size": 100, "width": 11, "name": "i2"})], [delete("Image", 1)]],
         selects=["select(Node).order_by(Node.id)"]),

    dict(id="apps2:joined_inheritance_relationships", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    employees: Mapped[List["Person"]] = relationship(back_populates="company", cascade="all, delete-orphan")

class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    name: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20))
    company: Mapped[Company] = relationship(back_populates="employees")
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "person"}

class Engineer(Person):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    level: Mapped[int] = mapped_column(default=1)
    machines: Mapped[List["Machine"]] = relationship(cascade="all, delete-orphan")
    __mapper_args__ = {"polymorphic_identity": "engineer"}

class Machine(Base):
    __tablename__ = "machine"
    id: Mapped[int] = mapped_column(primary_key=True)
    engineer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"))
    name: Mapped[str] = mapped_column(String(20))
""", data=[add("Company", {"name": "c", "employees": [
              {"name": "p"}, ]}),
           add("Engineer", {"name": "e", "company_id": 1, "machines": [{"name": "m1"}, {"name": "m2"}]})],
         steps=[[upd("Engineer", 2, {"machines": [{"id": 2}]})], [delete("Company", 1)]]),

    dict(id="apps2:single_inheritance_polymorphic_abstract", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    balance: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=0)
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_abstract": True}

class Checking(Account):
    overdraft: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 2))
    __mapper_args__ = {"polymorphic_identity": "checking"}

class Savings(Account):
    rate: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 4))
    __mapper_args__ = {"polymorphic_identity": "savings"}
""", data=[add("Checking", {"overdraft": 100}), add("Savings", {"rate": "0.0125", "balance": "50.5"})],
         steps=[[upd("Savings", 2, {"balance": 60})], [delete("Checking", 1)], [add("Account", {})]]),

    dict(id="apps2:single_inheritance_enum_discriminator", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Kind(enum.Enum):
    CAT = "cat"
    DOG = "dog"

class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind]
    name: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "kind"}

class Cat(Pet):
    lives: Mapped[Optional[int]]
    __mapper_args__ = {"polymorphic_identity": Kind.CAT}

class Dog(Pet):
    breed: Mapped[Optional[str]] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": Kind.DOG}
""", data=[add("Cat", {"name": "c", "lives": 9}), add("Dog", {"name": "d", "breed": "x"})],
         steps=[[delete("Cat", 1)]], selects=["select(Pet).order_by(Pet.id)"]),

    dict(id="apps2:inheritance_subclass_relationship_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Content(Base):
    __tablename__ = "content"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "content"}

class Gallery(Content):
    images: Mapped[List["Image"]] = relationship(cascade="all, delete-orphan", back_populates="gallery")
    __mapper_args__ = {"polymorphic_identity": "gallery"}

class Image(Base):
    __tablename__ = "image"
    id: Mapped[int] = mapped_column(primary_key=True)
    gallery_id: Mapped[int] = mapped_column(ForeignKey("content.id"))
    url: Mapped[str] = mapped_column(String(40))
    gallery: Mapped[Gallery] = relationship(back_populates="images")
""", data=[add("Gallery", {"title": "g", "images": [{"url": "a"}, {"url": "b"}]}), add("Content", {"title": "c"})],
         steps=[[upd("Gallery", 1, {"images": [{"id": 2}, {"url": "c"}]})], [delete("Gallery", 1)]]),

    # ---- application-shaped graphs --------------------------------------------------------
    dict(id="apps2:shop_checkout_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class OrderStatus(enum.Enum):
    pending = "pending"
    paid = "paid"
    shipped = "shipped"

class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(60), unique=True)
    orders: Mapped[List["Order"]] = relationship(back_populates="customer", cascade="all, delete-orphan")
    address: Mapped[Optional["Address"]] = relationship(cascade="all, delete-orphan", back_populates="customer")

class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), unique=True)
    line1: Mapped[str] = mapped_column(String(60))
    customer: Mapped[Customer] = relationship(back_populates="address")

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    status: Mapped[OrderStatus] = mapped_column(default=OrderStatus.pending)
    placed: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
    customer: Mapped[Customer] = relationship(back_populates="orders")
    lines: Mapped[List["Line"]] = relationship(cascade="all, delete-orphan", back_populates="order")

class Product(Base):
    __tablename__ = "product"
    sku: Mapped[str] = mapped_column(String(10), primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))

class Line(Base):
    __tablename__ = "line"
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("product.sku"), primary_key=True)
    qty: Mapped[int]
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
""", data=[add("Product", {"sku": "A", "price": "1.50"}), add("Product", {"sku": "B", "price": 20}),
           add("Customer", {"email": "c@x", "address": {"line1": "1 st"}, "orders": [
               {"lines": [{"sku": "A", "qty": 2}, {"product": {"sku": "B"}, "qty": 1}]},
               {"status": "paid", "lines": [{"sku": "B", "qty": 5}]}]})],
         steps=[[upd("Order", 1, {"status": "shipped"})],
                [upd("Order", 2, {"lines": []})],
                [delete("Customer", 1)],
                [delete("Product", "A")]],
         shapes=["placed"]),

    dict(id="apps2:blog_tags_comments", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

post_tag = Table("post_tag", Base.metadata,
    Column("post_id", ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True))

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    posts: Mapped[List["Post"]] = relationship(back_populates="author", cascade="all, delete-orphan")
    comments: Mapped[List["Comment"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(80))
    published: Mapped[bool] = mapped_column(default=False)
    author: Mapped[User] = relationship(back_populates="posts")
    tags: Mapped[List["Tag"]] = relationship(secondary=post_tag, back_populates="posts")
    comments: Mapped[List["Comment"]] = relationship(back_populates="post", cascade="all, delete-orphan")

class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    posts: Mapped[List[Post]] = relationship(secondary=post_tag, back_populates="tags")

class Comment(Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    post: Mapped[Post] = relationship(back_populates="comments")
    author: Mapped[Optional[User]] = relationship(back_populates="comments")
""", data=[add("User", {"username": "ann", "posts": [
              {"title": "p1", "tags": [{"name": "x"}, {"name": "y"}], "comments": [{"body": "c1"}]},
              {"title": "p2", "published": True, "tags": [{"name": "z"}]}]}),
           add("User", {"username": "bob"}),
           add("Comment", {"post_id": 1, "author_id": 2, "body": "hi"})],
         steps=[[upd("Post", 1, {"tags": [{"id": 2}], "published": True})],
                [delete("User", 2)],
                [delete("User", 1)]]),

    dict(id="apps2:todo_lists_reorder", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class TodoList(Base):
    __tablename__ = "todo_list"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    items: Mapped[List["TodoItem"]] = relationship(back_populates="todo_list", cascade="all, delete-orphan",
                                                   order_by="TodoItem.position")

class TodoItem(Base):
    __tablename__ = "todo_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("todo_list.id"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(40))
    done: Mapped[bool] = mapped_column(default=False)
    todo_list: Mapped[TodoList] = relationship(back_populates="items")
""", data=[add("TodoList", {"title": "l", "items": [{"position": 1, "text": "a"}, {"position": 2, "text": "b"},
                                                    {"position": 3, "text": "c"}]})],
         steps=[[upd("TodoList", 1, {"items": [{"id": 3, "position": 1}, {"id": 1, "position": 2, "done": True}]})],
                [upd("TodoItem", 3, {"todo_list": {"title": "other"}})]],
         selects=["select(TodoList).options(selectinload(TodoList.items)).order_by(TodoList.id)"]),

    dict(id="apps2:user_roles_permissions", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

user_role = Table("user_role", Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("role_id", ForeignKey("roles.id"), primary_key=True))
role_perm = Table("role_perm", Base.metadata,
    Column("role_id", ForeignKey("roles.id"), primary_key=True),
    Column("perm_code", ForeignKey("perms.code"), primary_key=True))

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    roles: Mapped[List["Role"]] = relationship(secondary=user_role, back_populates="users")

class Role(Base):
    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    users: Mapped[List[User]] = relationship(secondary=user_role, back_populates="roles")
    perms: Mapped[List["Perm"]] = relationship(secondary=role_perm)

class Perm(Base):
    __tablename__ = "perms"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
""", data=[add("Role", {"name": "admin", "perms": [{"code": "read"}, {"code": "write"}]})],
         steps=[[add("User", {"name": "u", "roles": [{"id": 1}, {"name": "guest", "perms": [{"code": "read"}]}]})],
                [delete("Role", 1)], [upd("User", 1, {"roles": []})], [delete("Perm", "read")]],
         engines=PGONLY),

    dict(id="apps2:audit_events_json", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Action(enum.Enum):
    create = "create"
    update = "update"

class Event(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    action: Mapped[Action] = mapped_column(Enum(Action, native_enum=False, length=16))
    actor: Mapped[Optional[uuid.UUID]]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
""", data=[add("Event", {"action": "create", "actor": "0f0e0d0c-0b0a-0908-0706-050403020100",
                         "payload": {"id": 1, "changes": {"name": [None, "a"]}}}),
           add("Event", {"action": "update"})],
         steps=[[add("Event", {"action": "delete"})]], shapes=["at"]),

    dict(id="apps2:self_ref_menu_positions", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class MenuItem(Base):
    __tablename__ = "menu_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("menu_item.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    children: Mapped[List["MenuItem"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                      order_by="MenuItem.position")
""", data=[add("MenuItem", {"label": "root", "children": [{"label": "a", "position": 2, "children": [{"label": "a1"}]},
                                                          {"label": "b", "position": 1}]})],
         steps=[[upd("MenuItem", 1, {"children": [{"id": 4}]})], [delete("MenuItem", 1)]], engines=PGONLY),

    dict(id="apps2:one_to_many_dict_collection", model=IMPORTS + """
from sqlalchemy.orm import attribute_keyed_dict

class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    notes: Mapped[dict[str, "Note"]] = relationship(collection_class=attribute_keyed_dict("keyword"),
                                                     cascade="all, delete-orphan")

class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    keyword: Mapped[str] = mapped_column(String(20))
    text: Mapped[Optional[str]] = mapped_column(String(40))
""", data=[add("Item", {"notes": {"a": {"text": "x"}, "b": {"text": "y"}}})],
         steps=[[delete("Item", 1)]]),

    dict(id="apps2:set_collection_m2m", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

assoc = Table("assoc", Base.metadata,
    Column("l_id", ForeignKey("l.id"), primary_key=True),
    Column("r_id", ForeignKey("r.id"), primary_key=True))

class L(Base):
    __tablename__ = "l"
    id: Mapped[int] = mapped_column(primary_key=True)
    rs: Mapped[set["R"]] = relationship(secondary=assoc, back_populates="ls")

class R(Base):
    __tablename__ = "r"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    ls: Mapped[set[L]] = relationship(secondary=assoc, back_populates="rs")
""", data=[add("L", {"rs": [{"name": "a"}, {"name": "b"}]})],
         steps=[[add("R", {"name": "c", "ls": [{"id": 1}]})], [upd("L", 1, {"rs": [{"id": 3}]})], [delete("R", 3)]]),

    dict(id="apps2:delete_then_add_same_key", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Slot(Base):
    __tablename__ = "slot"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
""", data=[add("Slot", {"code": "a"})],
         steps=[[delete("Slot", 1), add("Slot", {"code": "a"})],
                [add("Slot", {"id": 5, "code": "b"}), add("Slot", {"id": 5, "code": "c"})]]),

    dict(id="apps2:update_missing_row", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Thing(Base):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
    v: Mapped[int] = mapped_column(default=0)
""", data=[add("Thing", {})], steps=[[upd("Thing", 1, {"v": 1}), upd("Thing", 1, {"v": 2})], [upd("Thing", 1, {"v": 2})]]),

    dict(id="apps2:nullable_false_with_server_default_update_null", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Conf(Base):
    __tablename__ = "conf"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[int] = mapped_column(server_default="3")
    name: Mapped[Optional[str]] = mapped_column(String(10), default="n")
""", data=[add("Conf", {}), add("Conf", {"name": None})],
         steps=[[upd("Conf", 1, {"level": None})], [upd("Conf", 2, {"name": "x"})]]),

    dict(id="apps2:dataclass_inheritance_writes", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Animal(Base):
    __tablename__ = "animal"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20), init=False)
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "animal"}

class Bird(Animal):
    __tablename__ = "bird"
    id: Mapped[int] = mapped_column(ForeignKey("animal.id"), init=False, primary_key=True)
    wingspan: Mapped[float] = mapped_column(default=1.0)
    __mapper_args__ = {"polymorphic_identity": "bird"}
""", data=[add("Bird", {"name": "b"}), add("Animal", {"name": "a"}), add("Bird", {"name": "c", "wingspan": 2.5})],
         steps=[[delete("Bird", 1)], [upd("Bird", 3, {"wingspan": 3})]]),

    dict(id="apps2:uuid_pk_m2m_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

membership = Table("membership", Base.metadata,
    Column("team_id", ForeignKey("team.id"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True))

class Team(Base):
    __tablename__ = "team"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(20))
    people: Mapped[List["Person"]] = relationship(secondary=membership, back_populates="teams")

class Person(Base):
    __tablename__ = "person"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(20))
    teams: Mapped[List[Team]] = relationship(secondary=membership, back_populates="people")
""", data=[add("Team", {"name": "t", "people": [{"name": "a"}, {"name": "b"}]})],
         shapes=["id", "team_id", "person_id"]),

    dict(id="apps2:interval_pg_and_sqlite_update", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Timer(Base):
    __tablename__ = "timer"
    id: Mapped[int] = mapped_column(primary_key=True)
    dur: Mapped[timedelta]
    at: Mapped[Optional[datetime.datetime]]
""", data=[add("Timer", {"dur": 0.001, "at": "2000-01-01T00:00:00"}), add("Timer", {"dur": -86400.5})],
         steps=[[upd("Timer", 1, {"dur": 1e6})]], selects=["select(Timer).order_by(Timer.id)"]),

    dict(id="apps2:cascade_refresh_expunge_spelling", model=pc(', cascade="save-update, merge, refresh-expire, expunge, delete"'),
         data=FAMILY, steps=[[delete("Parent", 1)], [upd("Parent", 2, {"children": []})]]),

    dict(id="apps2:viewonly_relationship_not_written", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[List["Child"]] = relationship(back_populates="parent")
    active_children: Mapped[List["Child"]] = relationship(
        primaryjoin="and_(Parent.id == Child.parent_id, Child.active == True)", viewonly=True)

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    active: Mapped[bool] = mapped_column(default=True)
    parent: Mapped[Optional[Parent]] = relationship(back_populates="children")
""", data=[add("Parent", {"children": [{}, {"active": False}]})],
         steps=[[delete("Parent", 1)]],
         selects=["select(Parent).options(selectinload(Parent.active_children))"]),

    dict(id="apps2:order_matters_fk_cycle_between_tables", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Department(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    head_id: Mapped[Optional[int]] = mapped_column(ForeignKey("staff.id", use_alter=True, name="fk_head"))
    head: Mapped[Optional["Staff"]] = relationship(foreign_keys=[head_id], post_update=True)
    staff: Mapped[List["Staff"]] = relationship(foreign_keys="Staff.department_id", back_populates="department",
                                                cascade="all, delete-orphan")

class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    name: Mapped[str] = mapped_column(String(20))
    department: Mapped[Department] = relationship(foreign_keys=[department_id], back_populates="staff")
""", data=[add("Department", {"name": "d", "staff": [{"name": "a"}, {"name": "b"}]})],
         steps=[[upd("Department", 1, {"head": {"id": 2}})], [delete("Department", 1)]]),
]

CASES += [
    # ---- a second batch: more cascades, keys and stored values --------------------------
    dict(id="apps2:m2m_backref_delete_orphan_single_parent", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

article_image = Table("article_image", Base.metadata,
    Column("article_id", ForeignKey("article.id"), primary_key=True),
    Column("image_id", ForeignKey("image.id"), primary_key=True))

class Article(Base):
    __tablename__ = "article"
    id: Mapped[int] = mapped_column(primary_key=True)
    images: Mapped[List["Image"]] = relationship(secondary=article_image, cascade="all, delete-orphan",
                                                 single_parent=True, backref="articles")

class Image(Base):
    __tablename__ = "image"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(20))
""", data=[add("Article", {"images": [{"url": "a"}, {"url": "b"}, {"url": "c"}]})],
         steps=[[upd("Article", 1, {"images": [{"id": 2}]})], [delete("Article", 1)]]),

    dict(id="apps2:set_null_passive_both", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Team(Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[List["Member"]] = relationship(back_populates="team", passive_deletes=True)

class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    team: Mapped[Optional[Team]] = relationship(back_populates="members")
""", data=[add("Team", {"members": [{}, {}]}), add("Team", {"members": [{}]})],
         steps=[[delete("Team", 2)], [upd("Team", 1, {"members": [{"id": 1}]})]]),

    dict(id="apps2:string_pk_change_no_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Dept(Base):
    __tablename__ = "dept"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    staff: Mapped[List["Staff"]] = relationship(back_populates="dept")

class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    dept_code: Mapped[Optional[str]] = mapped_column(ForeignKey("dept.code"))
    dept: Mapped[Optional[Dept]] = relationship(back_populates="staff")
""", data=[add("Dept", {"code": "HR", "staff": [{}, {}]}), add("Dept", {"code": "IT"})],
         steps=[[upd("Dept", "IT", {"code": "ITX"})], [upd("Dept", "HR", {"code": "HRX"})]]),

    dict(id="apps2:association_object_update_qty", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class CartItem(Base):
    __tablename__ = "cart_item"
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id"), primary_key=True)
    sku: Mapped[str] = mapped_column(String(10), primary_key=True)
    qty: Mapped[int] = mapped_column(default=1)
    added: Mapped[datetime.datetime] = mapped_column(server_default=func.now())

class Cart(Base):
    __tablename__ = "cart"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[List[CartItem]] = relationship(cascade="all, delete-orphan")
""", data=[add("Cart", {"items": [{"sku": "a"}, {"sku": "b", "qty": 2}]})],
         steps=[[upd("Cart", 1, {"items": [{"cart_id": 1, "sku": "b", "qty": 5}, {"sku": "c"}]})],
                [upd("CartItem", {"cart_id": 1, "sku": "c"}, {"qty": 0})],
                [delete("Cart", 1)]], shapes=["added"]),

    dict(id="apps2:m2o_replace_default_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Country(Base):
    __tablename__ = "country"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))

class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    country_id: Mapped[Optional[int]] = mapped_column(ForeignKey("country.id"))
    country: Mapped[Optional[Country]] = relationship()
""", data=[add("City", {"name": "a", "country": {"name": "x"}})],
         steps=[[upd("City", 1, {"country": {"name": "y"}})], [upd("City", 1, {"country": None})],
                [upd("City", 1, {"country_id": 1})]]),

    dict(id="apps2:joined_inheritance_passive_deletes", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    pets: Mapped[List["Pet"]] = relationship(cascade="all, delete-orphan", back_populates="owner")

class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))
    type: Mapped[str] = mapped_column(String(10))
    owner: Mapped[Owner] = relationship(back_populates="pets")
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "pet"}

class Dog(Pet):
    __tablename__ = "dog"
    id: Mapped[int] = mapped_column(ForeignKey("pet.id", ondelete="CASCADE"), primary_key=True)
    tricks: Mapped[int] = mapped_column(default=0)
    __mapper_args__ = {"polymorphic_identity": "dog"}
""", data=[add("Owner", {"pets": [{"type": "pet"}]}), add("Dog", {"owner_id": 1, "tricks": 3})],
         steps=[[upd("Owner", 1, {"pets": [{"id": 1}]})], [delete("Owner", 1)]]),

    dict(id="apps2:enum_values_callable_non_native", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Level(enum.Enum):
    LOW = "low"
    HIGH = "high-priority"

class Task(Base):
    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[Level] = mapped_column(Enum(Level, native_enum=False, values_callable=lambda x: [e.value for e in x]),
                                         default=Level.LOW)
""", data=[add("Task", {}), add("Task", {"level": "high-priority"})],
         steps=[[upd("Task", 1, {"level": "HIGH"})]],
         selects=["select(Task).where(Task.level == Level.HIGH).order_by(Task.id)"]),

    dict(id="apps2:time_tz_values", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Opening(Base):
    __tablename__ = "opening"
    id: Mapped[int] = mapped_column(primary_key=True)
    opens: Mapped[time] = mapped_column(Time(timezone=True))
    closes: Mapped[Optional[time]] = mapped_column(Time)
""", data=[add("Opening", {"opens": "09:00:00+02:00", "closes": "17:30:00"})],
         selects=["select(Opening.closes)"]),

    dict(id="apps2:default_tz_lambda_and_date", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)

class Ping(Base):
    __tablename__ = "ping"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    day: Mapped[date] = mapped_column(default=lambda: date.today())
    meta: Mapped[dict] = mapped_column(JSON, default=lambda: {"v": 1, "tags": []})
    grace: Mapped[timedelta] = mapped_column(default=timedelta(days=1, seconds=5))
""", data=[add("Ping", {}), add("Ping", {"meta": {"v": 2}, "grace": 60})],
         shapes=["at", "day"]),

    dict(id="apps2:dataclass_computed_init_false", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Line(Base):
    __tablename__ = "line"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    qty: Mapped[int]
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2), Computed("qty * price"), init=False)
""", data=[add("Line", {"qty": 3, "price": "1.25"})], steps=[[upd("Line", 1, {"qty": 4})]],
         selects=["select(Line)"]),

    dict(id="apps2:set_collection_delete_orphan", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Poll(Base):
    __tablename__ = "poll"
    id: Mapped[int] = mapped_column(primary_key=True)
    options: Mapped[set["Option"]] = relationship(cascade="all, delete-orphan")

class Option(Base):
    __tablename__ = "option"
    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id"))
    text: Mapped[str] = mapped_column(String(20))
""", data=[add("Poll", {}), add("Option", {"poll_id": 1, "text": "a"}), add("Option", {"poll_id": 1, "text": "b"}),
           add("Option", {"poll_id": 1, "text": "c"})],
         steps=[[upd("Poll", 1, {"options": [{"id": 3}, {"text": "d"}]})]]),

    dict(id="apps2:float_and_bool_values", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Reading(Base):
    __tablename__ = "reading"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]
    ok: Mapped[Optional[bool]]
    big: Mapped[Optional[float]] = mapped_column(Float(asdecimal=True))
""", data=[add("Reading", {"value": 0.30000000000000004, "ok": True, "big": 12.5}),
           add("Reading", {"value": -1e-7})],
         steps=[[upd("Reading", 1, {"ok": None, "value": 3})]],
         selects=["select(Reading).order_by(Reading.id)"]),

    dict(id="apps2:unicode_length_pg", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Label(Base):
    __tablename__ = "label"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(5))
""", data=[add("Label", {"text": "日本語です"})], steps=[[add("Label", {"text": "éééééé"})]]),

    dict(id="apps2:server_default_set_null_on_update", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Optional[str]] = mapped_column(String(10), server_default="new")
    score: Mapped[Optional[int]] = mapped_column(server_default=text("10"))
""", data=[add("Note", {}), add("Note", {"status": None})],
         steps=[[upd("Note", 1, {"status": None, "score": None})], [upd("Note", 2, {"status": "x"})]]),

    dict(id="apps2:self_ref_tree_move_via_children", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Folder(Base):
    __tablename__ = "folder"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("folder.id"))
    name: Mapped[str] = mapped_column(String(20))
    children: Mapped[List["Folder"]] = relationship(backref=backref("parent", remote_side=[id]))
""", data=[add("Folder", {"name": "a", "children": [{"name": "a1"}, {"name": "a2"}]})],
         steps=[[add("Folder", {"name": "b"})], [upd("Folder", 4, {"children": [{"id": 2}]})],
                [upd("Folder", 1, {"children": [{"id": 3}, {"name": "a3", "children": [{"name": "a3x"}]}]})],
                [delete("Folder", 1)]]),

    dict(id="apps2:uuid_string_fk_move", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Board(Base):
    __tablename__ = "board"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cards: Mapped[List["Card"]] = relationship(back_populates="board", cascade="all, delete-orphan")

class Card(Base):
    __tablename__ = "card"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    board_id: Mapped[str] = mapped_column(ForeignKey("board.id"))
    seq: Mapped[int]
    board: Mapped[Board] = relationship(back_populates="cards")
""", data=[add("Board", {"id": "b1", "cards": [{"id": "c1", "seq": 1}, {"id": "c2", "seq": 2}]}), add("Board", {"id": "b2"})],
         steps=[[upd("Card", "c1", {"board": {"id": "b2"}})], [delete("Board", "b1")]]),

    dict(id="apps2:bigint_identity_pg", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Event(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    children: Mapped[List["Sub"]] = relationship(cascade="all, delete-orphan")

class Sub(Base):
    __tablename__ = "sub"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("event.id"))
""", data=[add("Event", {"name": "e", "children": [{}, {}]})], steps=[[delete("Event", 1)]], engines=PGONLY),

    dict(id="apps2:single_inheritance_update_base_attr_via_sub", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Shape(Base):
    __tablename__ = "shape"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    color: Mapped[str] = mapped_column(String(10), default="black")
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "shape"}

class Circle(Shape):
    radius: Mapped[Optional[float]]
    __mapper_args__ = {"polymorphic_identity": "circle"}

class Square(Shape):
    side: Mapped[Optional[float]]
    __mapper_args__ = {"polymorphic_identity": "square"}
""", data=[add("Circle", {"radius": 1.5}), add("Square", {"side": 2, "color": "red"})],
         steps=[[upd("Circle", 1, {"color": "blue", "radius": 2})], [upd("Shape", 2, {"color": "green"})],
                [delete("Shape", 1)]],
         selects=["select(Shape).order_by(Shape.id)"]),

    dict(id="apps2:many_updates_one_flush", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(default=0)
""", data=[add("Item", {"name": "a"}), add("Item", {"name": "b"})],
         steps=[[upd("Item", 1, {"n": 1}), upd("Item", 2, {"n": 5}), upd("Item", 1, {"name": "a2"}), delete("Item", 2)],
                [upd("Item", 1, {"n": 3}), upd("Item", 1, {"n": 1})]]),

    dict(id="apps2:update_then_delete_parent_cascade", model=pc(', cascade="all, delete-orphan"', "int"),
         data=FAMILY,
         steps=[[upd("Child", 1, {"name": "x"}), delete("Parent", 1)],
                [add("Child", {"name": "n", "parent_id": 2}), upd("Parent", 2, {"name": "q"})]]),
]

CASES += [
    # ---- a third batch: cascades meeting association rows, values updated, moves ----------
    dict(id="apps2:delete_cascade_child_with_m2m", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

post_tag = Table("post_tag", Base.metadata,
    Column("post_id", ForeignKey("post.id"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id"), primary_key=True))

class Blog(Base):
    __tablename__ = "blog"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(cascade="all, delete-orphan")

class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    blog_id: Mapped[int] = mapped_column(ForeignKey("blog.id"))
    tags: Mapped[List["Tag"]] = relationship(secondary=post_tag)

class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
""", data=[add("Blog", {"posts": [{"tags": [{"name": "a"}, {"name": "b"}]}, {"tags": []}]})],
         steps=[[upd("Blog", 1, {"posts": [{"id": 2}]})], [add("Post", {"blog_id": 1, "tags": [{"id": 1}]})],
                [delete("Blog", 1)]]),

    dict(id="apps2:delete_parent_move_children_same_flush", model=pc(', cascade="all, delete-orphan"', "int"),
         data=FAMILY,
         steps=[[upd("Parent", 2, {"children": [{"id": 4}, {"id": 1}]}), delete("Parent", 1)]]),

    dict(id="apps2:delete_parent_move_children_no_orphan", model=pc(),
         data=FAMILY,
         steps=[[upd("Child", 2, {"parent_id": 2}), delete("Parent", 1)]]),

    dict(id="apps2:fk_and_relationship_both_given", model=pc(', cascade="all, delete-orphan"', "int"),
         data=FAMILY,
         steps=[[upd("Child", 1, {"parent_id": 1, "parent": {"id": 2}})],
                [add("Child", {"name": "z", "parent_id": 2, "parent": {"id": 1}})]]),

    dict(id="apps2:nullable_unique_many_nulls", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[Optional[str]] = mapped_column(String(20), unique=True)
""", data=[add("User", {}), add("User", {"email": None}), add("User", {"email": "a"})],
         steps=[[upd("User", 1, {"email": "b"}), upd("User", 2, {"email": "b"})], [upd("User", 3, {"email": None})]]),

    dict(id="apps2:pg_enum_shared_two_tables", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Status(enum.Enum):
    open = 1
    closed = 2

class Issue(Base):
    __tablename__ = "issue"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(Enum(Status, name="status_t"))

class Pull(Base):
    __tablename__ = "pull"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(Enum(Status, name="status_t"), default=Status.open)
""", data=[add("Issue", {"status": "closed"}), add("Pull", {})],
         steps=[[upd("Pull", 1, {"status": "closed"}), upd("Issue", 1, {"status": 1})]]),

    dict(id="apps2:json_updates_shapes", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Blob(Base):
    __tablename__ = "blob"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[Any] = mapped_column(JSON)
""", data=[add("Blob", {"data": [1, 2]}), add("Blob", {"data": "text"}), add("Blob", {"data": 3.5})],
         steps=[[upd("Blob", 1, {"data": {"a": {}}}), upd("Blob", 2, {"data": []}), upd("Blob", 3, {"data": False})],
                [upd("Blob", 1, {"data": None})]],
         selects=["select(Blob).order_by(Blob.id)"]),

    dict(id="apps2:binary_update_none", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class File(Base):
    __tablename__ = "file"
    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[Optional[bytes]]
""", data=[add("File", {"content": "\\xcafe"})], steps=[[upd("File", 1, {"content": None})], [upd("File", 1, {"content": "\\x00"})]]),

    dict(id="apps2:server_default_date_and_timestamp_text", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Entry(Base):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(server_default=func.current_date())
    at: Mapped[datetime.datetime] = mapped_column(server_default=text("CURRENT_TIMESTAMP"))
    note: Mapped[str] = mapped_column(String(10), server_default=text("'n/a'"))
""", data=[add("Entry", {}), add("Entry", {"day": "2020-01-01", "note": "x"})],
         shapes=["day", "at"], selects=["select(Entry.note).order_by(Entry.id)"]),

    dict(id="apps2:joined_subclass_delete_orphan", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Zoo(Base):
    __tablename__ = "zoo"
    id: Mapped[int] = mapped_column(primary_key=True)
    animals: Mapped[List["Animal"]] = relationship(cascade="all, delete-orphan")

class Animal(Base):
    __tablename__ = "animal"
    id: Mapped[int] = mapped_column(primary_key=True)
    zoo_id: Mapped[int] = mapped_column(ForeignKey("zoo.id"))
    kind: Mapped[str] = mapped_column(String(10))
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "animal"}

class Lion(Animal):
    __tablename__ = "lion"
    id: Mapped[int] = mapped_column(ForeignKey("animal.id"), primary_key=True)
    mane: Mapped[bool] = mapped_column(default=True)
    __mapper_args__ = {"polymorphic_identity": "lion"}
""", data=[add("Zoo", {}), add("Lion", {"zoo_id": 1}), add("Animal", {"zoo_id": 1}), add("Lion", {"zoo_id": 1, "mane": False})],
         steps=[[upd("Zoo", 1, {"animals": [{"id": 2}]})], [delete("Zoo", 1)]]),

    dict(id="apps2:backref_uselist_false", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))

class Passport(Base):
    __tablename__ = "passport"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"), unique=True)
    person = relationship("Person", backref=backref("passport", uselist=False, cascade="all, delete-orphan"))
""", data=[add("Person", {"name": "a", "passport": {"number": "p1"}}), add("Passport", {"number": "p2", "person": {"name": "b"}})],
         steps=[[upd("Person", 1, {"passport": None})], [delete("Person", 2)]]),

    dict(id="apps2:order_by_collection_shorter", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Playlist(Base):
    __tablename__ = "playlist"
    id: Mapped[int] = mapped_column(primary_key=True)
    songs: Mapped[List["Song"]] = relationship(order_by="Song.pos.desc()", cascade="all, delete-orphan")

class Song(Base):
    __tablename__ = "song"
    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[int] = mapped_column(ForeignKey("playlist.id"))
    pos: Mapped[int]
""", data=[add("Playlist", {"songs": [{"pos": 1}, {"pos": 2}, {"pos": 3}]})],
         steps=[[upd("Playlist", 1, {"songs": [{"id": 3, "pos": 0}, {"pos": 9}]})]],
         selects=["select(Playlist).options(selectinload(Playlist.songs))"]),

    dict(id="apps2:unique_collides_with_stored_in_graph", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Org(Base):
    __tablename__ = "org"
    id: Mapped[int] = mapped_column(primary_key=True)
    users: Mapped[List["User"]] = relationship(cascade="all, delete-orphan")

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org.id"))
    email: Mapped[str] = mapped_column(String(20), unique=True)
""", data=[add("Org", {"users": [{"email": "a"}]})],
         steps=[[add("Org", {"users": [{"email": "b"}, {"email": "a"}]})],
                [upd("Org", 1, {"users": [{"id": 1}, {"email": "c"}]})]]),

    dict(id="apps2:self_ref_m2m_backref_both_sides", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

follow = Table("follow", Base.metadata,
    Column("follower_id", ForeignKey("acct.id"), primary_key=True),
    Column("followed_id", ForeignKey("acct.id"), primary_key=True))

class Acct(Base):
    __tablename__ = "acct"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    following: Mapped[List["Acct"]] = relationship(secondary=follow, primaryjoin=id == follow.c.follower_id,
        secondaryjoin=id == follow.c.followed_id, back_populates="followers")
    followers: Mapped[List["Acct"]] = relationship(secondary=follow, primaryjoin=id == follow.c.followed_id,
        secondaryjoin=id == follow.c.follower_id, back_populates="following")
""", data=[add("Acct", {"name": "a", "following": [{"name": "b"}, {"name": "c"}], "followers": [{"name": "d"}]})],
         steps=[[upd("Acct", 2, {"followers": []})], [delete("Acct", 1)]]),

    dict(id="apps2:interval_values_pg", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Span(Base):
    __tablename__ = "span"
    id: Mapped[int] = mapped_column(primary_key=True)
    d: Mapped[timedelta]
""", data=[add("Span", {"d": 90061.000001}), add("Span", {"d": -3600}), add("Span", {"d": 86400 * 400})],
         selects=["select(Span).order_by(Span.id)"]),

    dict(id="apps2:dataclass_default_none_relationship_fk", model=IMPORTS + """
class Base(MappedAsDataclass, DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(10))

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"), default=None)
    parent: Mapped[Optional[Parent]] = relationship(default=None)
    tags: Mapped[list] = mapped_column(JSON, default_factory=list)
""", data=[add("Child", {}), add("Child", {"parent": {"name": "p"}}), add("Child", {"parent_id": 1, "tags": ["x"]})],
         steps=[[upd("Child", 2, {"parent": None})]]),
]

CASES += [
    # ---- a fourth batch: stored formats on SQLite, subclass attributes via the base -------
    dict(id="apps2:sqlite_stored_formats", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Sample(Base):
    __tablename__ = "sample"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[Optional[datetime.datetime]]
    at_tz: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime(timezone=True))
    day: Mapped[Optional[date]]
    t: Mapped[Optional[time]]
    dur: Mapped[Optional[timedelta]]
    uid: Mapped[Optional[uuid.UUID]]
    price: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 4))
    flag: Mapped[Optional[bool]]
    raw: Mapped[Optional[bytes]]
    doc: Mapped[Optional[dict]] = mapped_column(JSON)
""", data=[add("Sample", {"at": "2024-01-02T03:04:05.123456", "at_tz": "2024-01-02T03:04:05+05:30",
                          "day": "2024-02-03", "t": "23:59:59.999999", "dur": 3661.5,
                          "uid": "12345678-9abc-def0-1234-56789abcdef0", "price": "12.3456", "flag": False,
                          "raw": "\\x0001ff", "doc": {"b": 1, "a": [1, 2.5, "x"], "c": {"d": None}}}),
           add("Sample", {"at": "2024-01-02T00:00:00", "price": "7"})],
         selects=["select(Sample).order_by(Sample.id)"]),

    dict(id="apps2:update_subclass_attr_via_base_entity", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Vehicle(Base):
    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(10))
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "vehicle"}

class Car(Vehicle):
    __tablename__ = "car"
    id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"), primary_key=True)
    doors: Mapped[int] = mapped_column(default=4)
    __mapper_args__ = {"polymorphic_identity": "car"}
""", data=[add("Car", {"name": "c"})],
         steps=[[upd("Vehicle", 1, {"name": "c2"})], [delete("Vehicle", 1)]]),

    dict(id="apps2:m2m_passive_deletes_cascade", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

user_group = Table("user_group", Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True))

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    groups: Mapped[List["Group"]] = relationship(secondary=user_group, passive_deletes=True)

class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
""", data=[add("User", {"groups": [{"name": "a"}, {"name": "b"}]})], steps=[[delete("User", 1)]]),

    dict(id="apps2:self_ref_cascade_all_no_orphan", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node.id"))
    children: Mapped[List["Node"]] = relationship(cascade="all")
""", data=[add("Node", {"children": [{"children": [{}, {}]}, {}]})],
         steps=[[upd("Node", 1, {"children": [{"id": 2}]})], [delete("Node", 1)]]),

    dict(id="apps2:delete_many_to_one_only_fk_sqlite", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)

class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship()
""", data=[add("Book", {"author": {}})], steps=[[delete("Author", 1)]], engines=["sqlite"]),

    dict(id="apps2:graph_three_tables_insert_order", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    bs: Mapped[List["B"]] = relationship()
    cs: Mapped[List["C"]] = relationship()

class B(Base):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("a.id"))
    cs: Mapped[List["C"]] = relationship()

class C(Base):
    __tablename__ = "c"
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[Optional[int]] = mapped_column(ForeignKey("a.id"))
    b_id: Mapped[Optional[int]] = mapped_column(ForeignKey("b.id"))
    label: Mapped[str] = mapped_column(String(5))
""", data=[add("A", {"cs": [{"label": "a1"}], "bs": [{"cs": [{"label": "b1"}, {"label": "b2"}]}, {"cs": [{"label": "b3"}]}]}),
           add("A", {"bs": [{"cs": [{"label": "x"}]}], "cs": [{"label": "y"}]})]),

    dict(id="apps2:enum_str_mixin_values", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Role(str, enum.Enum):
    ADMIN = "admin"
    USER = "user"

class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(default=Role.USER)
    alt: Mapped[Optional[Role]] = mapped_column(Enum(Role, values_callable=lambda e: [x.value for x in e], name="role_v"))
""", data=[add("Account", {}), add("Account", {"role": "admin", "alt": "user"})],
         steps=[[upd("Account", 1, {"role": "ADMIN", "alt": "ADMIN"})]],
         selects=["select(Account).where(Account.role == 'admin').order_by(Account.id)"]),

    dict(id="apps2:composite_fk_delete_orphan_update", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Season(Base):
    __tablename__ = "season"
    league: Mapped[str] = mapped_column(String(5), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    games: Mapped[List["Game"]] = relationship(cascade="all, delete-orphan")

class Game(Base):
    __tablename__ = "game"
    league: Mapped[str] = mapped_column(String(5), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    no: Mapped[int] = mapped_column(primary_key=True)
    score: Mapped[Optional[str]] = mapped_column(String(7))
    __table_args__ = (ForeignKeyConstraint(["league", "year"], ["season.league", "season.year"]),)
""", data=[add("Season", {"league": "L", "year": 2024, "games": [{"no": 1}, {"no": 2, "score": "1-0"}]})],
         steps=[[upd("Season", {"league": "L", "year": 2024}, {"games": [{"league": "L", "year": 2024, "no": 2, "score": "2-2"}, {"no": 3}]})],
                [delete("Season", ["L", 2024])]]),
]
