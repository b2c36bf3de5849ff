--
-- query_order_nulls: a collection ordered by a nullable column (relationship
-- order_by) comes out in the engine's ORDER BY order however it is loaded:
-- NULL last ascending and first descending on PostgreSQL, first ascending and
-- last descending on SQLite. joinedload's and selectinload's rows are both
-- ordered by the engine (the joined statement's ORDER BY ends with the
-- relationship's order_by); both must agree, as SQLAlchemy's statements do.
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "on_shelves"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[List["Book"]] = relationship(order_by="Book.rank")
    books_desc: Mapped[List["Book"]] = relationship(order_by="Book.rank.desc()", viewonly=True)


class Book(Base):
    __tablename__ = "on_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("on_shelves.id"))
    rank: Mapped[Optional[int]]
    title: Mapped[str] = mapped_column(String(20))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(Shelf)', '[{"id": 1}]') AS r;
SELECT orm_execute('insert(Book)', '[{"id": 1, "shelf_id": 1, "rank": 2, "title": "b"}, {"id": 2, "shelf_id": 1, "rank": null, "title": "n"}, {"id": 3, "shelf_id": 1, "rank": 1, "title": "a"}]') AS r;

SELECT orm_select('select(Shelf).options(selectinload(Shelf.books).load_only(Book.title))') AS r;
SELECT orm_select('select(Shelf).options(joinedload(Shelf.books).load_only(Book.title))') AS r;
SELECT orm_select('select(Shelf).options(subqueryload(Shelf.books).load_only(Book.title))') AS r;
SELECT orm_select('select(Shelf).options(selectinload(Shelf.books_desc).load_only(Book.title))') AS r;
SELECT orm_select('select(Shelf).options(joinedload(Shelf.books_desc).load_only(Book.title))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
