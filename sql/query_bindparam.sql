-- bindparam(): a named value from params; expanding=True takes a list for in_(),
-- as SQLAlchemy's expanding parameters do.
SELECT orm_declare('
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Thing(Base):
    __tablename__ = "bp_things"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Thing", "data": {"id": 1, "name": "a"}},
                   {"op": "add", "entity": "Thing", "data": {"id": 2, "name": "b"}},
                   {"op": "add", "entity": "Thing", "data": {"id": 3, "name": "c"}}]') IS NOT NULL AS added;
SELECT orm_select('select(Thing).where(Thing.id == bindparam("x"))', '{"x": 2}') AS one;
SELECT orm_select('select(Thing).where(Thing.id.in_(bindparam("ids", expanding=True))).order_by(Thing.id)',
                  '{"ids": [1, 3]}') AS expanding;
SELECT orm_select('select(Thing).where(Thing.id.in_(bindparam("ids", expanding=True)))',
                  '{"ids": []}') AS empty;
SELECT orm_select('select(Thing.name).where(Thing.id.in_(bindparam("ids", expanding=True, unique=True)))',
                  '{"ids": [2]}') AS unique_kw;
-- refused: not a list, an unknown keyword, no value
SELECT orm_select('select(Thing).where(Thing.id.in_(bindparam("ids", expanding=True)))', '{"ids": 5}');
SELECT orm_select('select(Thing).where(Thing.id == bindparam("x", literal_execute=True))', '{"x": 1}');
SELECT orm_select('select(Thing).where(Thing.id == bindparam("x"))', '{}');
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
