\pset format unaligned
--
-- flush_inherit2: joined-table inheritance, single-table updates and deletes,
-- delete-orphan on many-to-many, the version check on DELETE, deleting both
-- rows of a foreign-key cycle, Identity and Computed columns; every stored
-- row as SQLAlchemy 2.0.40 leaves it (checked on SQLite and PostgreSQL).
--
SELECT orm_declare('from typing import List, Optional

from sqlalchemy import Column, Computed, ForeignKey, Identity, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    employees: Mapped[List["Employee"]] = relationship(
        back_populates="company", cascade="all, delete-orphan")


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    type: Mapped[str]
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("company.id"))
    company: Mapped[Optional[Company]] = relationship(back_populates="employees")

    __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": "type"}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    engineer_name: Mapped[str]

    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    manager_name: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Vehicle(Base):
    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    wheels: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "vehicle", "polymorphic_on": "kind"}


class Car(Vehicle):
    doors: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "car"}


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    tags: Mapped[List["Tag"]] = relationship(
        secondary=post_tags, cascade="all, delete-orphan", single_parent=True)


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    version_id: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version_id}


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    favorite_id: Mapped[Optional[int]] = mapped_column(ForeignKey("widget.id", use_alter=True, name="fk_person_favorite"))
    favorite: Mapped[Optional["Widget"]] = relationship(foreign_keys=[favorite_id], post_update=True)


class Widget(Base):
    __tablename__ = "widget"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))
    owner: Mapped[Optional["Person"]] = relationship(foreign_keys=[owner_id])


class Thing(Base):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    w: Mapped[int]
    twice: Mapped[int] = mapped_column(Computed("w * 2"))


class Counter(Base):
    __tablename__ = "counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Identity(start=100))
    label: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- joined inheritance: the superclass row first, then the subclass row with its key; the discriminator filled
SELECT orm_flush('[{"op": "add", "entity": "Engineer", "data": {"name": "ed", "engineer_name": "x", "company": {"name": "acme"}}},
  {"op": "add", "entity": "Manager", "data": {"name": "mo", "manager_name": "boss", "company": {"name": "acme"}}},
  {"op": "add", "entity": "Employee", "data": {"name": "em"}},
  {"op": "add", "entity": "Engineer", "data": {"name": "e2", "engineer_name": "z"}}]') AS flushed;
SELECT * FROM company ORDER BY 1, 2;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;
SELECT * FROM manager ORDER BY 1, 2;

-- an update writes each column to its own table
SELECT orm_flush('[{"op": "update", "entity": "Engineer", "key": 1, "data": {"name": "ed2", "engineer_name": "y"}},
  {"op": "update", "entity": "Manager", "key": 2, "data": {"manager_name": "big"}}]') AS flushed;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;
SELECT * FROM manager ORDER BY 1, 2;

-- through the superclass: only its table
SELECT orm_flush('[{"op": "update", "entity": "Employee", "key": 4, "data": {"name": "e3"}}]') AS flushed;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;

-- a delete removes the subclass row, then the superclass row
SELECT orm_flush('[{"op": "delete", "entity": "Engineer", "key": 1}]') AS flushed;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;

-- deleting through the superclass deletes the subclass row too (the discriminator says which)
SELECT orm_flush('[{"op": "delete", "entity": "Employee", "key": 4}]') AS flushed;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;

-- cascade delete of the company's employees, of both tables
SELECT orm_flush('[{"op": "delete", "entity": "Company", "key": 1}]') AS flushed;
SELECT * FROM company ORDER BY 1, 2;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;
SELECT * FROM manager ORDER BY 1, 2;

-- a collection of the superclass holds a subclass object given by its superclass's unique name
SELECT orm_flush('[{"op": "add", "entity": "Engineer", "data": {"name": "b1", "engineer_name": "q"}},
  {"op": "add", "entity": "Company", "data": {"name": "beta", "employees": [{"name": "b1"}, {"name": "b2"}]}}]') AS flushed;
SELECT * FROM company ORDER BY 1, 2;
SELECT * FROM employee ORDER BY 1, 2;
SELECT * FROM engineer ORDER BY 1, 2;
SELECT * FROM manager ORDER BY 1, 2;

-- single-table inheritance
SELECT orm_flush('[{"op": "add", "entity": "Car", "data": {"wheels": 4, "doors": 2}},
  {"op": "add", "entity": "Vehicle", "data": {"wheels": 2}}]') AS flushed;
SELECT * FROM vehicle ORDER BY 1, 2;

SELECT orm_flush('[{"op": "update", "entity": "Car", "key": 1, "data": {"doors": 4, "wheels": 3}}]') AS flushed;
SELECT * FROM vehicle ORDER BY 1, 2;

-- a row of another class is not a Car
SELECT orm_flush('[{"op": "update", "entity": "Car", "key": 2, "data": {"doors": 9}}]') AS flushed;
SELECT * FROM vehicle ORDER BY 1, 2;

SELECT orm_flush('[{"op": "delete", "entity": "Car", "key": 1}]') AS flushed;
SELECT * FROM vehicle ORDER BY 1, 2;

-- delete-orphan on a many-to-many relationship
SELECT orm_flush('[{"op": "add", "entity": "Post", "data": {"title": "p", "tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}}]') AS flushed;
SELECT * FROM tags ORDER BY 1, 2;
SELECT * FROM post_tags ORDER BY 1, 2;

SELECT orm_flush('[{"op": "update", "entity": "Post", "key": 1, "data": {"tags": [{"id": 2}]}}]') AS flushed;
SELECT * FROM tags ORDER BY 1, 2;
SELECT * FROM post_tags ORDER BY 1, 2;

SELECT orm_flush('[{"op": "delete", "entity": "Post", "key": 1}]') AS flushed;
SELECT * FROM posts ORDER BY 1, 2;
SELECT * FROM tags ORDER BY 1, 2;
SELECT * FROM post_tags ORDER BY 1, 2;

-- version_id_col: DELETE ... WHERE id = ? AND version_id = ?
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"title": "a"}}]') AS flushed;

SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1, "data": {"title": "b", "version_id": 1}}]') AS flushed;
SELECT * FROM docs ORDER BY 1, 2;

SELECT orm_flush('[{"op": "delete", "entity": "Doc", "key": 1}]') AS flushed;
SELECT * FROM docs ORDER BY 1, 2;

-- a foreign-key cycle: both rows deleted in one flush (the reference is cut first)
SELECT orm_flush('[{"op": "add", "entity": "Person", "data": {"name": "p", "favorite": {"name": "w"}}}]') AS flushed;
SELECT * FROM person ORDER BY 1, 2;
SELECT * FROM widget ORDER BY 1, 2;

SELECT orm_flush('[{"op": "update", "entity": "Widget", "key": 1, "data": {"owner": {"id": 1}}}]') AS flushed;
SELECT * FROM person ORDER BY 1, 2;
SELECT * FROM widget ORDER BY 1, 2;

SELECT orm_flush('[{"op": "delete", "entity": "Person", "key": 1}, {"op": "delete", "entity": "Widget", "key": 1}]') AS flushed;
SELECT * FROM person ORDER BY 1, 2;
SELECT * FROM widget ORDER BY 1, 2;

-- Identity and Computed columns: never written, read back
SELECT orm_flush('[{"op": "add", "entity": "Thing", "data": {"w": 3}}]') AS flushed;

SELECT orm_flush('[{"op": "update", "entity": "Thing", "key": 1, "data": {"w": 5}}]') AS flushed;
SELECT * FROM thing ORDER BY 1, 2;

-- a NOT NULL Identity column is the engine's (SQLite has none: its NOT NULL error, as SQLAlchemy gets)
SELECT orm_flush('[{"op": "add", "entity": "Counter", "data": {"label": "a"}}]') AS flushed;
SELECT * FROM counter ORDER BY 1, 2;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
