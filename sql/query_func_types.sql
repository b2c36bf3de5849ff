--
-- query_func_types: the types SQLAlchemy 2.0 gives func.<name>() results, as
-- the apps6 guide chapter (test/guide/cases/apps6.py) found them.
--  - a function SQLAlchemy does not know is a NullType there: an operator
--    meets the other operand's type, so func.instr(email, '@') + 1 adds an
--    Integer (orm took the String argument's type and concatenated, '@' at 4
--    then read as substr(email, '41'));
--  - percent_rank() and cume_dist() are Numeric: the engine's double is read
--    as a Decimal of 10 fraction digits (0.3333333333);
--  - a str or int meeting a JSON column (settings.op("->>")("theme"), in_(),
--    ==) is bound as a String / Integer, as SQLAlchemy's JSON coerces it (orm
--    bound it as JSON: PostgreSQL has no json ->> json); PostgreSQL's text
--    result of ->> is a str to SQLAlchemy ("3"; SQLite's ->> returns 3).
-- One source for both engines; results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('from typing import Any, Optional
from sqlalchemy import JSON, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Subscriber(Base):
    __tablename__ = "ft_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(60))
    score: Mapped[Optional[int]]
    prefs: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Subscriber", "data": {"id": 1, "email": "ann@acme.io", "score": 10, "prefs": {"theme": "dark", "n": 3}}},
 {"op": "add", "entity": "Subscriber", "data": {"id": 2, "email": "bo@acme.io", "score": 20, "prefs": {"theme": "light", "n": 5}}},
 {"op": "add", "entity": "Subscriber", "data": {"id": 3, "email": "cy@globex.com", "score": 20}},
 {"op": "add", "entity": "Subscriber", "data": {"id": 4, "email": "di@initech.net", "score": 40}}
]') IS NOT NULL AS flushed;

-- an unknown function plus a number adds, the number bound as an Integer
SELECT orm_compile('select(func.instr(Subscriber.email, "@") + 1)') AS sql;
SELECT orm_compile('select(1 + func.instr(Subscriber.email, "@"))') AS sql;
SELECT orm_compile('select(func.substr(Subscriber.email, func.instr(Subscriber.email, "@") + 1).label("domain"))') AS sql;
-- plus a string it concatenates (the string's type); two unknown ones add
SELECT orm_compile('select(func.instr(Subscriber.email, "@") + "!")') AS sql;
SELECT orm_compile('select(func.instr(Subscriber.email, "@") + func.instr(Subscriber.email, "."))') AS sql;
-- a known String function still concatenates
SELECT orm_compile('select(func.lower(Subscriber.email) + "!")') AS sql;
-- length() is an Integer on both engines
SELECT orm_select('select(Subscriber.id, func.length(Subscriber.email) + 1).order_by(Subscriber.id)') AS r;

-- percent_rank() / cume_dist(): Numeric, 10 fraction digits
SELECT orm_select('select(Subscriber.id, func.percent_rank().over(order_by=Subscriber.score).label("pr"), func.cume_dist().over(order_by=Subscriber.id).label("cd")).order_by(Subscriber.id)') AS r;
SELECT orm_select('select(func.percent_rank().over(order_by=Subscriber.id).label("pr")).where(Subscriber.id < 4).order_by(Subscriber.id)') AS r;

-- a str / int meeting a JSON column keeps its own type
SELECT orm_select('select(Subscriber.id).where(Subscriber.prefs.op("->>")("theme") == "dark")') AS r;
SELECT orm_select('select(Subscriber.id, Subscriber.prefs.op("->>")("n").label("n")).where(Subscriber.prefs.is_not(None)).order_by(Subscriber.id)') AS r;
