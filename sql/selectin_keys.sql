--
-- selectin_keys: on PostgreSQL the keys of a selectin load of one integer or
-- string column go in one array parameter (col = ANY ($1::BIGINT[]), the
-- keys bound as an array), up to 500 parents a statement as before; SQLite
-- keeps the IN list of one parameter per key, and so does one parent, and
-- keys of several columns.  Strings with quotes, backslashes, commas,
-- braces, spaces, "NULL" and the empty string find their rows.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Shelf(Base):
    __tablename__ = "sk_shelves"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[list["Book"]] = relationship(order_by="Book.id")
class Book(Base):
    __tablename__ = "sk_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("sk_shelves.id"))
    title: Mapped[str] = mapped_column(String(40))
class Label(Base):
    __tablename__ = "sk_labels"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    pos: Mapped[int]
    notes: Mapped[list["Note"]] = relationship(order_by="Note.id")
class Note(Base):
    __tablename__ = "sk_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    label_name: Mapped[str] = mapped_column(ForeignKey("sk_labels.name"))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Shelf", "data": {"id": 1, "books": [{"id": 1, "title": "a"}, {"id": 3, "title": "c"}]}},
 {"op": "add", "entity": "Shelf", "data": {"id": 2, "books": [{"id": 2, "title": "b"}]}},
 {"op": "add", "entity": "Shelf", "data": {"id": 3}},
 {"op": "add", "entity": "Label", "data": {"name": "q\"uote", "pos": 1, "notes": [{"id": 1}]}},
 {"op": "add", "entity": "Label", "data": {"name": "b\\ack", "pos": 2, "notes": [{"id": 2}, {"id": 9}]}},
 {"op": "add", "entity": "Label", "data": {"name": "a,b", "pos": 3, "notes": [{"id": 3}]}},
 {"op": "add", "entity": "Label", "data": {"name": "{x}", "pos": 4, "notes": [{"id": 4}]}},
 {"op": "add", "entity": "Label", "data": {"name": " sp ", "pos": 5, "notes": [{"id": 5}]}},
 {"op": "add", "entity": "Label", "data": {"name": "NULL", "pos": 6, "notes": [{"id": 6}]}},
 {"op": "add", "entity": "Label", "data": {"name": "", "pos": 7, "notes": [{"id": 7}]}},
 {"op": "add", "entity": "Label", "data": {"name": "\u00e9\u2603", "pos": 8, "notes": [{"id": 8}]}},
 {"op": "add", "entity": "Label", "data": {"name": "none", "pos": 9}}]') IS NOT NULL AS added;

SELECT orm_select('select(Shelf).options(selectinload(Shelf.books))') AS shelves;
SELECT orm_select('select(Label).order_by(Label.pos).options(selectinload(Label.notes))') AS labels;

-- the statement: one parameter holding every key (SQLite: one each)
SELECT e LIKE '%"sk_books"."shelf_id" = ANY ($1::BIGINT[])%[parameters: (''{1,2,3}'',)]%'
	OR e LIKE '%"sk_books"."shelf_id" IN (?1, ?2, ?3)%[parameters: (1, 2, 3)]%'
	AS one_parameter
FROM (SELECT orm_explain('select(Shelf).options(selectinload(Shelf.books))') AS e) AS x;
SELECT e LIKE '%"sk_notes"."label_name" = ANY ($1::TEXT[])%'
	OR e LIKE '%"sk_notes"."label_name" IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)%'
	AS one_text_parameter
FROM (SELECT orm_explain('select(Label).options(selectinload(Label.notes))') AS e) AS x;
-- one parent: the IN list SQLAlchemy writes
SELECT e LIKE '%"sk_books"."shelf_id" IN ($1)%' OR e LIKE '%"sk_books"."shelf_id" IN (?1)%'
	AS in_list
FROM (SELECT orm_explain('select(Shelf).where(Shelf.id == 1).options(selectinload(Shelf.books))') AS e) AS x;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
