# Not from SQLAlchemy's documentation: an older-style application model as many
# repositories still write it under SQLAlchemy 2.0 (the "apps" chapter,
# cases/apps.py): declarative_base(), Column() attributes without annotations,
# backref=, lazy="dynamic", relationship order_by expressions, Python-side
# defaults and onupdate callables, Unicode / SmallInteger / Float / Date types.
import datetime

from sqlalchemy import (Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        SmallInteger, String, Table, Unicode, UnicodeText)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

book_authors = Table(
    "book_authors",
    Base.metadata,
    Column("book_id", Integer, ForeignKey("books.id"), primary_key=True),
    Column("author_id", Integer, ForeignKey("authors.id"), primary_key=True),
)


class Author(Base):
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    name = Column(Unicode(100), nullable=False)
    born = Column(Date)
    active = Column(Boolean, default=True, nullable=False)

    books = relationship("Book", secondary=book_authors, back_populates="authors", order_by="Book.title")


class Publisher(Base):
    __tablename__ = "publishers"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), unique=True, nullable=False)
    country = Column(String(2))

    books = relationship("Book", backref="publisher", lazy="dynamic")


class Book(Base):
    __tablename__ = "books"
    __table_args__ = (Index("ix_books_title", "title"),)

    id = Column(Integer, primary_key=True)
    title = Column(Unicode(200), nullable=False)
    summary = Column(UnicodeText)
    publisher_id = Column(Integer, ForeignKey("publishers.id"))
    pages = Column(SmallInteger)
    rating = Column(Float)
    published = Column(Date)
    added_at = Column(DateTime, default=datetime.datetime.utcnow)
    updated_at = Column(DateTime, onupdate=datetime.datetime.utcnow)

    authors = relationship("Author", secondary=book_authors, back_populates="books")
    reviews = relationship("Review", backref="book", cascade="all, delete-orphan",
                           order_by="Review.stars.desc()")


class Review(Base):
    __tablename__ = "reviews"

    id = Column(Integer, primary_key=True)
    book_id = Column(Integer, ForeignKey("books.id"), nullable=False)
    reviewer = Column(String(50))
    stars = Column(SmallInteger, nullable=False)
    body = Column(UnicodeText, default=u"")
