--
-- view: orm_view() makes an ordinary view of a query's objects, eager-loaded
-- relationships as JSON columns, readable without the extension's functions.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author", order_by="Book.title")
class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped["Author"] = relationship(back_populates="books")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
  {"op": "add", "entity": "Author", "data": {"name": "Ann", "books": [{"title": "Zebra"}, {"title": "Apple"}]}},
  {"op": "add", "entity": "Author", "data": {"name": "Ben", "active": false}}
]') IS NOT NULL AS added;

SELECT orm_view('author_books', 'select(Author).options(selectinload(Author.books)).order_by(Author.id)');
-- plain SQL over the view: collections as JSON arrays ordered by order_by
SELECT id, name, books FROM author_books ORDER BY id;
-- the same objects as orm_select returns
SELECT orm_select('select(Author).options(selectinload(Author.books)).order_by(Author.id)');

-- a view of rows, with a literal inlined safely as a SQL literal
SELECT orm_view('ann_titles', 'select(Book.title, Author.name).join(Book.author).where(Author.name == "Ann")');
SELECT title, name FROM ann_titles ORDER BY title;
SELECT orm_view('evil', 'select(Author).where(Author.name == "x''); DROP TABLE authors; --")');
SELECT count(*) AS authors_left FROM authors;

DROP VIEW author_books;
DROP VIEW ann_titles;
DROP VIEW evil;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
