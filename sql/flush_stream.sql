\pset format unaligned
--
-- flush_stream: orm_flush reads its changes one operation at a time (each
-- organized, and its parsed values given back, before the next is parsed:
-- README "Speed").  The result is the whole parse's: bad JSON anywhere in the
-- text is the error even where an earlier operation is refused, an
-- operation refused with the rest of the text good JSON is that refusal,
-- and a text that is no array is parsed whole as before.
--
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "stream_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- refused operation, then bad JSON later: the JSON error
SELECT orm_flush('[{"op":"add","entity":"Nope","data":{}}, {bad');
SELECT orm_flush('[{"op":"add","entity":"Nope","data":{}}] x');
SELECT orm_flush('[{"op":"add","entity":"Tag","data":{"name":"a"}}, {"op":"add","entity":"Tag","data":{"nme":"x"}}, [1,]');
SELECT orm_flush('[{"op":"add","entity":"Tag","data":{"name":"a"}}, {"op":"add","entity":"Tag","data":{"nme":"x"}}] [');
-- refused operation, the rest good JSON: the refusal
SELECT orm_flush('[{"op":"add","entity":"Nope","data":{}}]');
SELECT orm_flush('[{"op":"add","entity":"Tag","data":{"name":"a"}}, {"op":"add","entity":"Tag","data":{"nme":"x"}}, {"op":"add"}]');
SELECT orm_flush('[1]');
-- bad JSON after good operations
SELECT orm_flush('[{"op":"add","entity":"Tag","data":{"name":"b"}} {"op":"add"}]');
SELECT orm_flush('[{"op":"add","entity":"Tag","data":{"name":"b"}}');
SELECT orm_flush('[[1,2],]');
-- no array: parsed whole
SELECT orm_flush('{}');
SELECT orm_flush('null');
SELECT orm_flush('');
-- empty and good arrays
SELECT orm_flush('[]');
SELECT orm_flush('  [ ]  ');
SELECT orm_flush(' [{"op":"add","entity":"Tag","data":{"name":"c"}},
  {"op":"add","entity":"Tag","data":{"name":"d"}}, {"op":"merge","entity":"Tag","data":{"name":"e"}}] ', 'objects');
SELECT name FROM stream_tags ORDER BY name;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
