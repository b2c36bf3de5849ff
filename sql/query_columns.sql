--
-- query_columns: column loading (deferred columns, load_only / defer / undefer /
-- undefer_group / with_expression, Load(), wildcards, on the root and along
-- relationship paths), column_property (SQL expressions and a correlated
-- subquery), query_expression, hybrid_property / hybrid_method, and what the
-- flush and orm_view do with them.  One source for both engines; results
-- checked against SQLAlchemy 2.0.52 on SQLite (an attribute SQLAlchemy leaves
-- unloaded is absent from the object).
--
\pset format unaligned

SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String, Text, select, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm import column_property, deferred, query_expression
from sqlalchemy.ext.hybrid import hybrid_property, hybrid_method


class Base(DeclarativeBase):
    pass


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    stars: Mapped[int]
    text: Mapped[Optional[str]] = mapped_column(Text, deferred=True)
    book: Mapped["Book"] = relationship(back_populates="reviews")


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(40))
    last: Mapped[str] = mapped_column(String(40))
    bio: Mapped[Optional[str]] = mapped_column(Text, deferred=True)
    full = column_property(first + " " + last)
    nbooks: Mapped[int] = query_expression()
    books: Mapped[List["Book"]] = relationship(back_populates="author", order_by="Book.id")

    @hybrid_property
    def initials(self):
        return func.substr(self.first, 1, 1).concat(func.substr(self.last, 1, 1))


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group="text")
    body: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group="text")
    pages: Mapped[int] = mapped_column(default=0)
    nreviews = column_property(
        select(func.count(Review.id))
        .where(Review.book_id == id)
        .correlate_except(Review)
        .scalar_subquery()
    )
    short = deferred(title + "!", group="text")
    author: Mapped["Author"] = relationship(back_populates="books")
    reviews: Mapped[List["Review"]] = relationship(back_populates="book", order_by=Review.stars)

    @hybrid_method
    def longer_than(self, n):
        return self.pages > n

    @hybrid_property
    def size(self):
        return self.pages

    @size.inplace.expression
    @classmethod
    def _size_expression(cls):
        return cls.pages * 2
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- a deferred column given to the flush is written; a column_property value is skipped
SELECT orm_flush('[
 {"op": "add", "entity": "Author", "data": {"first": "Ann", "last": "Lee", "bio": "bio of ann", "full": "ignored", "books": [
   {"title": "A1", "summary": "s1", "body": "b1", "pages": 100, "reviews": [{"stars": 5, "text": "great"}, {"stars": 3, "text": "ok"}]},
   {"title": "A2", "summary": "s2", "body": "b2", "pages": 300}]}},
 {"op": "add", "entity": "Author", "data": {"first": "Bob", "last": "Ray", "bio": null, "books": [
   {"title": "B1", "summary": "s3", "body": "b3", "pages": 50, "reviews": [{"stars": 4, "text": "nice"}]}]}}]') IS NOT NULL AS flushed;
-- a hybrid cannot be written
SELECT orm_flush('[{"op": "update", "entity": "Author", "key": 1, "data": {"initials": "X"}}]');

-- ---- the mapping's own choices ------------------------------------------------------------

-- column_property first (mapper order), the deferred bio absent, query_expression absent
SELECT orm_select('select(Author).order_by(Author.id)') AS r;
-- a correlated subquery column_property; deferred columns and deferred(expr) absent
SELECT orm_select('select(Book).order_by(Book.id)') AS r;
SELECT orm_compile('select(Book).order_by(Book.id)') AS sql;

-- ---- options on the root -----------------------------------------------------------------

SELECT orm_select('select(Book).options(undefer_group("text")).order_by(Book.id)') AS r;
SELECT orm_select('select(Book).options(load_only(Book.title)).order_by(Book.id)') AS r;
SELECT orm_select('select(Book).options(undefer(Book.short), defer(Book.nreviews)).order_by(Book.id)') AS r;
-- defer() of the primary key is ignored; raiseload=True changes nothing here
SELECT orm_select('select(Book).options(defer(Book.id), defer(Book.title, raiseload=True)).where(Book.id == 1)') AS r;
SELECT orm_select('select(Author).options(undefer("*")).order_by(Author.id)') AS r;
SELECT orm_select('select(Author).options(Load(Author).load_only(Author.last)).order_by(Author.id)') AS r;
SELECT orm_select('select(Author, Book).join(Author.books).options(defer("*")).order_by(Book.id)') AS r;
-- load_only wins over deferral by group only where undefer_group names it
SELECT orm_select('select(Book).options(load_only(Book.pages), undefer_group("text")).where(Book.id == 3)') AS r;

-- ---- options along relationship paths ----------------------------------------------------

SELECT orm_select('select(Author).options(selectinload(Author.books).load_only(Book.title).selectinload(Book.reviews).defer(Review.stars)).order_by(Author.id)') AS r;
SELECT orm_select('select(Author).options(joinedload(Author.books).defer(Book.nreviews).undefer(Book.summary)).order_by(Author.id)') AS r;
-- the foreign key a selectin load needs is read, not loaded
SELECT orm_select('select(Book).options(load_only(Book.title), selectinload(Book.author)).order_by(Book.id)') AS r;
SELECT orm_compile('select(Book).options(load_only(Book.title), selectinload(Book.author)).order_by(Book.id)') AS sql;
SELECT orm_select('select(Review).options(defaultload(Review.book).load_only(Book.pages)).order_by(Review.id)') AS r;
SELECT orm_select('select(Review).options(load_only(Review.stars), joinedload(Review.book).joinedload(Book.author).load_only(Author.last)).order_by(Review.id)') AS r;
SELECT orm_select('select(Author).join(Author.books).options(contains_eager(Author.books).load_only(Book.pages)).order_by(Author.id, Book.id)') AS r;
SELECT orm_select('select(Author).options(selectinload(Author.books).options(load_only(Book.pages), selectinload(Book.reviews))).order_by(Author.id)') AS r;
-- a joined collection under LIMIT: the statement is wrapped, the column_property computed inside
SELECT orm_select('select(Author).options(joinedload(Author.books).load_only(Book.title)).order_by(Author.id).limit(1)') AS r;
SELECT orm_compile('select(Author).options(joinedload(Author.books).load_only(Book.title)).order_by(Author.id).limit(1)') AS sql;
SELECT orm_get('Book', '2', 'load_only(Book.pages), selectinload(Book.reviews)') AS r;

-- ---- query_expression() and with_expression() --------------------------------------------

SELECT orm_select('select(Author).outerjoin(Author.books).group_by(Author.id).options(with_expression(Author.nbooks, func.count(Book.id))).order_by(Author.id)') AS r;
SELECT orm_select('select(Author.nbooks, Author.id).order_by(Author.id)') AS r;
-- along a relationship path the expression is adapted to the loaded entity (a joined load's alias)
SELECT orm_select('select(Book).options(joinedload(Book.author).with_expression(Author.nbooks, func.length(Author.first))).order_by(Book.id)') AS r;
-- with_expression() on a column_property (or a column) replaces its expression, as in SQLAlchemy
SELECT orm_select('select(Author).options(with_expression(Author.full, Author.last)).order_by(Author.id)') AS r;

-- ---- expressions in queries ----------------------------------------------------------------

SELECT orm_select('select(Author.full, Author.initials).order_by(Author.id)') AS r;
SELECT orm_select('select(Author).where(Author.full.like("A%"))') AS r;
SELECT orm_select('select(Author).filter_by(full="Bob Ray")') AS r;
SELECT orm_select('select(Book.id, Book.nreviews).where(Book.nreviews > 0).order_by(Book.nreviews.desc(), Book.id)') AS r;
SELECT orm_select('select(Book.title).where(Book.longer_than(90)).order_by(Book.id)') AS r;
SELECT orm_select('select(Book.title, Book.size).where(Book.size > 150).order_by(Book.id)') AS r;
SELECT orm_compile('select(Book.title, Book.size).where(Book.longer_than(n=150))') AS sql;
SELECT orm_select('a = aliased(Author)
select(a.full, a.initials).order_by(a.id)') AS r;
SELECT orm_select('select(Author).where(Author.books.any(Book.nreviews > 1))') AS r;
-- a subquery of an entity carries its (not deferred) column_property, unnamed, as in SQLAlchemy
SELECT orm_select('sq = select(Book).subquery()
select(sq).order_by(sq.c.id)') AS r;
SELECT orm_select('sq = select(Author).where(Author.id > 1).subquery()
a = aliased(Author, sq)
select(a)') AS r;

-- ---- refused -------------------------------------------------------------------------------

SELECT orm_select('select(Author).options(load_only(Author.first), defer(Author.first))');
SELECT orm_select('select(Author).options(load_only(Author.books))');
SELECT orm_select('select(Author).options(load_only(Book.title))');
SELECT orm_select('select(Author).options(selectinload(Author.books).load_only(Author.first))');
SELECT orm_select('select(Author).options(defer("first"))');
SELECT orm_select('select(Book.longer_than)');
SELECT orm_select('select(Book.title).where(Book.longer_than())');

-- ---- orm_view ------------------------------------------------------------------------------

SELECT orm_view('author_titles', 'select(Author).options(selectinload(Author.books).load_only(Book.title))') AS v;
SELECT * FROM author_titles ORDER BY id;
SELECT orm_view('book_authors', 'select(Book).options(joinedload(Book.author))');
DROP VIEW author_titles;

-- ---- DML ----------------------------------------------------------------------------------

-- returning(Entity) gives what SQLAlchemy loads by default: no deferred column
SELECT orm_execute('update(Author).where(Author.id == 2).values(last="Roy").returning(Author)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;

-- ---- declarations ----------------------------------------------------------------------------

-- a hybrid whose body is not one return is usable only through an @expression
SELECT orm_declare('from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, column_property
from sqlalchemy.ext.hybrid import hybrid_property


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))

    broken = column_property(nosuch + 1)

    @hybrid_property
    def upper_name(self):
        if self.name is None:
            return None
        return self.name.upper()
') IS NOT NULL AS declared;
SELECT orm_compile('select(Person.id).where(Person.upper_name == "X")');
-- an expression is evaluated where it is used: its error names the attribute and its place
SELECT orm_compile('select(Person)');
SELECT orm_compile('select(Person).options(defer(Person.broken))') AS sql;
DELETE FROM orm_registry;
