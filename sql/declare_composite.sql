--
-- declare_composite: composite() attributes (SQLAlchemy 2.0.52's
-- composites chapter): columns from the call, typed by the dataclass's
-- fields, or named attributes; selected as an object of the fields,
-- compared field by field, given in flush data as an object or an array.
--
\pset format unaligned

SELECT orm_declare('import dataclasses
from typing import Optional
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column

@dataclasses.dataclass
class Point:
    x: int
    y: int

class Base(DeclarativeBase):
    pass

class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"))
    end: Mapped[Point] = composite(mapped_column("x2", nullable=True), mapped_column("y2", String))

class V2(Base):
    __tablename__ = "v2"
    id: Mapped[int] = mapped_column(primary_key=True)
    x1: Mapped[int]
    y1: Mapped[Optional[int]]
    a = mapped_column(Integer)
    b = mapped_column(Integer)
    start = composite(Point, "x1", y1)
    mid: Mapped[Point] = composite()
    other = composite(Point, a, b)
') AS summary;
SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Vertex", "data": {"start": {"x": 1, "y": 2}, "end": [3, "4"]}}, {"op": "add", "entity": "V2", "data": {"start": {"x": 5, "y": null}, "mid": {"x": 7, "y": 8}, "other": [1, 2]}}]') AS flushed;
SELECT orm_flush('[{"op": "update", "entity": "Vertex", "key": 1, "data": {"start": {"x": 10}}}]') AS updated;
SELECT orm_select('select(Vertex)') AS vertices;
SELECT orm_select('select(Vertex.start, Vertex.id)') AS starts;
SELECT orm_select('select(Vertex.id).where(Vertex.start == Point(10, 2))') AS eq;
SELECT orm_select('select(Vertex.id).where(Vertex.start != Point(x=10, y=2))') AS ne;
SELECT orm_select('select(Vertex.id).where(Vertex.end == (3, "4"))') AS tuple_eq;
SELECT orm_select('select(V2.id).where(V2.start == None)') AS is_null;
SELECT orm_select('select(V2.start, V2.mid, V2.other)') AS v2;
SELECT orm_compile('select(Vertex.id).where(Vertex.start > Point(1, 2))') AS sql;
-- What is refused, with the line and column.
SELECT orm_flush('[{"op": "add", "entity": "Vertex", "data": {"start": {"x": 1, "z": 2}}}]');
SELECT orm_flush('[{"op": "add", "entity": "Vertex", "data": {"start": [1]}}]');
SELECT orm_flush('[{"op": "add", "entity": "Vertex", "data": {"start": 5}}]');
SELECT orm_select('select(Vertex.id).where(Vertex.start == Foo(1, 2))');
SELECT orm_select('select(Vertex.id).where(Vertex.start == Point(1))');
SELECT orm_compile('select(Vertex.id).where(Point(1, 2) < Vertex.start)') AS reflected;
SELECT orm_select('select(Vertex.id).where(5 == Vertex.start)');
SELECT orm_compile('select(Vertex.id).order_by(Vertex.start)') AS ordered;
SELECT orm_select('select(Vertex.id).order_by(Vertex.start.desc())');
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column
class Point:
    def __init__(self, x, y):
        self.x = x
class Base(DeclarativeBase):
    pass
class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"))
');
SELECT orm_declare('import dataclasses
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column
@dataclasses.dataclass
class Point:
    x: int
    y: int
class Base(DeclarativeBase):
    pass
class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"), mapped_column("z1"))
');
SELECT orm_declare('import dataclasses
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column
@dataclasses.dataclass
class Point:
    x: int
    y: int
class Base(DeclarativeBase):
    pass
class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite("x1", "nope")
    x1: Mapped[int]
');
SELECT orm_declare('import dataclasses
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column
@dataclasses.dataclass
class Point:
    x: int
    y: int
class Base(DeclarativeBase):
    pass
class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"), deferred=True)
');
