--
-- enum_bind: a literal compared with an Enum column is bound as SQLAlchemy
-- 2.0's Enum binds it (sqltypes.Enum._db_value_for_elem), not more leniently:
-- a string the column stores (a name; a value with values_callable) binds as
-- it is; an enum mixing in str (class S(str, Enum), StrEnum) finds a member by
-- its value, so "paid" binds "PAID"; any other string is bound unchanged and
-- matches nothing (PostgreSQL refuses it for a native ENUM), or is refused
-- with validate_strings=True; a number is bound as a number (never an Enum
-- lookup); an enum member without an Enum type binds only when it mixes in
-- str or int.  Every result here was checked against SQLAlchemy 2.0.52 on
-- SQLite and PostgreSQL.  Flush input (orm_flush data) stays "the value or
-- the name" (docs/reference.md).
--
\pset format unaligned

SELECT orm_declare('import enum
from typing import Literal

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class S(enum.Enum):
    PAID = "paid"
    OPEN = "open"


class SS(str, enum.Enum):
    PAID = "paid"
    OPEN = "open"


class SE(enum.StrEnum):
    PAID = "paid"
    OPEN = "open"


class IE(enum.IntEnum):
    LOW = 1
    HIGH = 2


class IE2(enum.IntEnum):
    ONE = 1
    TWO = 2


class PE(enum.Enum):
    LOW = 1
    HIGH = 2


class Base(DeclarativeBase):
    pass


class O(Base):
    __tablename__ = "o"

    id: Mapped[int] = mapped_column(primary_key=True)
    s: Mapped[S]
    ss: Mapped[SS]
    se: Mapped[SE]
    ie: Mapped[IE]
    pe: Mapped[PE]
    vc: Mapped[S] = mapped_column(Enum(S, values_callable=lambda c: [m.value for m in c], name="vc"))
    ne: Mapped[S] = mapped_column(Enum(S, native_enum=False))
    st: Mapped[str] = mapped_column(Enum("a", "b", name="stt"))
    vs: Mapped[S] = mapped_column(Enum(S, validate_strings=True, name="vs"))
    lit: Mapped[Literal["x", "y"]]
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

-- flush input takes the value or the name, as before
SELECT orm_flush('[{"op": "add", "entity": "O", "data": {"id": 1, "s": "paid", "ss": "PAID",
  "se": "paid", "ie": 1, "pe": "LOW", "vc": "paid", "ne": "PAID", "st": "a", "vs": "paid",
  "lit": "x"}}]') IS NOT NULL AS flushed;

-- plain enum: names are stored; "paid" is not a name and binds as it is
SELECT orm_select('select(O.id).where(O.s == "PAID")') AS s_name;
SELECT orm_select('select(O.id).where(O.s == "paid")') AS s_value;
SELECT orm_select('select(O.id).where(O.s == "zzz")') AS s_unknown;
SELECT orm_select('select(O.id).where(O.s.in_(["PAID", "paid"]))') AS s_in_both;
SELECT orm_select('select(O.id).where(O.s != "paid")') AS s_ne_value;
SELECT orm_select('select(O.id).where(O.s == S.PAID)') AS s_member;
SELECT orm_select('select(O.id).where(O.s == S.PAID.name)') AS s_member_name;
SELECT orm_select('select(O.id).where(O.s == S.PAID.value)') AS s_member_value;
SELECT orm_select('select(O.id).where(O.s.in_([S.PAID, "paid"]))') AS s_in_member;
-- a number is bound as a number: nothing on SQLite, no operator on PostgreSQL
SELECT orm_select('select(O.id).where(O.s == 1)') AS s_number;
-- a str-mixin member meeting a plain enum is its value string
SELECT orm_select('select(O.id).where(O.s == SE.PAID)') AS s_strenum_member;

-- str mixin and StrEnum: the value string finds the member
SELECT orm_select('select(O.id).where(O.ss == "paid")') AS ss_value;
SELECT orm_select('select(O.id).where(O.ss == "PAID")') AS ss_name;
SELECT orm_select('select(O.id).where(O.ss.in_(["paid"]))') AS ss_in_value;
SELECT orm_select('select(O.id).where(O.ss == SE.PAID)') AS ss_other_strenum;
SELECT orm_select('select(O.id).where(O.ss == S.PAID)') AS ss_plain_member;
SELECT orm_select('select(O.id).where(O.se == "paid")') AS se_value;
SELECT orm_select('select(O.id).where(O.se == "zzz")') AS se_unknown;

-- values_callable: values are stored; the name is not
SELECT orm_select('select(O.id).where(O.vc == "paid")') AS vc_value;
SELECT orm_select('select(O.id).where(O.vc == "PAID")') AS vc_name;
SELECT orm_select('select(O.id).where(O.vc == S.PAID)') AS vc_member;

-- native_enum=False: VARCHAR everywhere, so an unknown string matches nothing
SELECT orm_select('select(O.id).where(O.ne == "paid")') AS ne_value;
SELECT orm_select('select(O.id).where(O.ne == "PAID")') AS ne_name;
SELECT orm_select('select(O.id).where(O.ne == "zzz")') AS ne_unknown;

-- validate_strings=True: a string the column does not store is refused
SELECT orm_select('select(O.id).where(O.vs == "PAID")') AS vs_name;
SELECT orm_select('select(O.id).where(O.vs == "paid")') AS vs_value;
SELECT orm_select('select(O.id).where(O.vs.in_(["paid"]))') AS vs_in_value;

-- like() patterns go through the same lookup (PostgreSQL has no LIKE for an ENUM)
SELECT orm_select('select(O.id).where(O.s.like("p%"))') AS s_like;
SELECT orm_select('select(O.id).where(O.ne.like("P%"))') AS ne_like;
SELECT orm_select('select(O.id).where(O.vs.like("P%"))') AS vs_like_refused;
SELECT orm_select('select(O.id).where(O.vs.contains("AI"))') AS vs_contains_refused;
SELECT orm_select('select(O.id).where(O.ne.startswith("PAID"))') AS ne_startswith;

-- IntEnum and an int-valued plain enum: the name binds; a number is a number
SELECT orm_select('select(O.id).where(O.ie == "LOW")') AS ie_name;
SELECT orm_select('select(O.id).where(O.ie == IE.LOW)') AS ie_member;
SELECT orm_select('select(O.id).where(O.ie == IE2.ONE)') AS ie_other_intenum;
SELECT orm_select('select(O.id).where(O.ie == "1")') AS ie_text;
SELECT orm_select('select(O.id).where(O.ie == 1)') AS ie_number;
SELECT orm_select('select(O.id).where(O.pe == "LOW")') AS pe_name;
SELECT orm_select('select(O.id).where(O.pe == IE.LOW)') AS pe_intenum_member;
SELECT orm_select('select(O.id).where(O.ie == PE.LOW)') AS ie_plain_member;

-- Enum("a", "b") and Literal: their strings
SELECT orm_select('select(O.id).where(O.st == "a")') AS st_a;
SELECT orm_select('select(O.id).where(O.st == "A")') AS st_other;
SELECT orm_select('select(O.id).where(O.st == S.PAID)') AS st_member;
SELECT orm_select('select(O.id).where(O.lit == "x")') AS lit_x;
SELECT orm_select('select(O.id).where(O.lit == "X")') AS lit_other;

-- members without an Enum type: a str or int member binds its value, another does not bind
SELECT orm_select('select(case({"PAID": "P"}, value=O.s))') AS case_name;
SELECT orm_select('select(case({"paid": "P"}, value=O.s))') AS case_value;
SELECT orm_select('select(case({S.PAID: "P", S.OPEN: "O"}, value=O.s))') AS case_member;
SELECT orm_select('select(case({SS.PAID: "P"}, value=O.ss))') AS case_str_member;
SELECT orm_select('select(case((O.s == S.PAID, "P"), else_="x"))') AS case_whens;
SELECT orm_select('select(func.coalesce(O.s, S.OPEN))') AS coalesce_member;
SELECT orm_select('select(func.coalesce(O.ss, SS.OPEN))') AS coalesce_str_member;
SELECT orm_select('select(func.coalesce(O.s, "OPEN"))') AS coalesce_name;
SELECT orm_select('select(literal(SS.PAID))') AS literal_str_member;
SELECT orm_select('select(literal(IE.LOW))') AS literal_int_member;
SELECT orm_select('select(literal(S.PAID))') AS literal_member;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
