--
-- pg_query_untyped_func: a string given to a function orm knows no signature
-- of is bound as text; where text finds no function (json_object(text[]),
-- json_array_elements(json)) the statement runs once more with such strings
-- bound untyped, resolved by the function's signature as psycopg2's untyped
-- literal is (README "Choices").  Never spliced into the SQL.  Every result
-- checked against SQLAlchemy 2.0.52 with psycopg2.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "pg_untyped_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(Item)', '[{"id": 1, "name": "x"}]') AS r;

-- the tutorial's (test/guide, data_select)
SELECT orm_compile('from sqlalchemy import JSON
select(func.json_object(''{a, 1, b, "def", c, 3.5}'', type_=JSON)["def"])') AS sql;
SELECT orm_select('from sqlalchemy import JSON
select(func.json_object(''{a, 1, b, "def", c, 3.5}'', type_=JSON)["def"])') AS r;
SELECT orm_select('from sqlalchemy import JSON
select(func.json_object(''{a, 1, b, "def", c, 3.5}'', type_=JSON)["b"])') AS r;
-- twice: the untyped plan is found at once
SELECT orm_select('from sqlalchemy import JSON
select(func.json_object(''{a, 1, b, "def", c, 3.5}'', type_=JSON)["b"])') AS r;
SELECT orm_select('select(func.json_array_elements(''["one", "two"]'').column_valued("x"))') AS r;
SELECT orm_select('select(func.jsonb_array_length(''[1,2,3]''), func.json_typeof(''{"a":1}''))') AS r;
-- text still where it finds the function: an "any" argument needs a type
SELECT orm_select('select(func.json_build_object(''a'', 1))') AS r;
SELECT orm_select('select(func.upper(''abc''), func.concat_ws(''-'', Item.name, ''y'')).where(Item.id == 1)') AS r;
SELECT orm_select('select(Item.id, func.json_array_length(''[1, 2]'')).where(Item.id == 1)') AS r;
-- no function of that name at all: the engine's error, once
SELECT orm_select('select(func.no_such_function(''a''))') AS r;
-- a string quote in the value stays a value
SELECT orm_select('select(func.json_array_elements("[\"it''s\", \"x\"]").column_valued("x"))') AS r;
-- a value the resolved type refuses: the engine's error
SELECT orm_select('select(func.json_array_elements(''[1,'').column_valued("x"))') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
