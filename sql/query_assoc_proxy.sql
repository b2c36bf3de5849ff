--
-- query_assoc_proxy: association_proxy() (sqlalchemy.ext.associationproxy)
-- in queries, as SQLAlchemy's AssociationProxyInstance writes it: the
-- relationship's EXISTS (any() of a collection, has() of a scalar) around the
-- operation on the target's attribute -- ==, !=, like(), contains() (LIKE on
-- a column), in_() ...; any()/has() with a criterion; "== None" also true with
-- no related row.  A proxy to a relationship (the association object
-- pattern) takes any()/has(), the criterion inside the attribute's own
-- EXISTS.  The proxy is not part of an object's JSON (a view of a
-- relationship: load the relationship), and orm_flush refuses it by its JSON
-- path (README "Choices").  Every result checked against SQLAlchemy 2.0.52
-- on SQLite and PostgreSQL.
--
\pset format unaligned

SELECT orm_declare('from __future__ import annotations

from typing import List, Optional

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


user_kw = Table(
    "ap_user_kw",
    Base.metadata,
    Column("user_id", ForeignKey("ap_user.id"), primary_key=True),
    Column("keyword_id", ForeignKey("ap_keyword.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "ap_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kw: Mapped[List[Keyword]] = relationship(secondary=user_kw)
    keywords: AssociationProxy[List[str]] = association_proxy("kw", "keyword")
    assocs: Mapped[List[UserKeyword]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    special_keywords: AssociationProxy[List[Keyword]] = association_proxy(
        "assocs", "keyword", creator=lambda k: UserKeyword(keyword=k)
    )
    special_keys: AssociationProxy[List[str]] = association_proxy("assocs", "special_key")


class UserKeyword(Base):
    __tablename__ = "ap_user_keyword"
    user_id: Mapped[int] = mapped_column(ForeignKey("ap_user.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("ap_keyword.id"), primary_key=True)
    special_key: Mapped[Optional[str]] = mapped_column(String(50))
    user: Mapped[User] = relationship(back_populates="assocs")
    keyword: Mapped[Keyword] = relationship()
    user_name: AssociationProxy[str] = association_proxy("user", "name")


class Keyword(Base):
    __tablename__ = "ap_keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    keyword: Mapped[str] = mapped_column(String(64))

    def __init__(self, keyword: str):
        self.keyword = keyword
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"id": 1, "name": "ann", "kw": [{"id": 1, "keyword": "red"}, {"id": 2, "keyword": "green"}]}},
  {"op": "add", "entity": "User", "data": {"id": 2, "name": "bob", "kw": [{"id": 3, "keyword": "reddish"}]}},
  {"op": "add", "entity": "User", "data": {"id": 3, "name": "cy"}}
]', 'counts') AS r;
SELECT orm_flush('[
  {"op": "add", "entity": "UserKeyword", "data": {"user_id": 1, "keyword_id": 1, "special_key": "s1"}},
  {"op": "add", "entity": "UserKeyword", "data": {"user_id": 2, "keyword_id": 3}}
]', 'counts') AS r;

-- a proxy to a column of a many-to-many collection
SELECT orm_compile('select(User.id).where(User.keywords.any(Keyword.keyword == "red")).order_by(User.id)') AS sql;
SELECT orm_select('select(User.id).where(User.keywords.any(Keyword.keyword == "red")).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.keywords.contains("red")).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.keywords == "red").order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.keywords != "red").order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.keywords.any()).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(~User.keywords.any()).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.keywords.like("red%")).order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.keywords.in_(["red"])).order_by(User.id)') AS r;
-- a column of an association object collection; == None
SELECT orm_select('select(User.id).where(User.special_keys == "s1").order_by(User.id)') AS r;
SELECT orm_select('select(User.id).where(User.special_keys == None).order_by(User.id)') AS r;
-- a relationship of the association object (objects of Keyword)
SELECT orm_compile('select(User.id).where(User.special_keywords.any(Keyword.keyword == "red")).order_by(User.id)') AS sql;
SELECT orm_select('select(User.id).where(User.special_keywords.any(Keyword.keyword == "red")).order_by(User.id)') AS r;
-- a scalar proxy (many-to-one)
SELECT orm_compile('select(UserKeyword.keyword_id).where(UserKeyword.user_name == "ann")') AS sql;
SELECT orm_select('select(UserKeyword.keyword_id).where(UserKeyword.user_name == "ann").order_by(UserKeyword.keyword_id)') AS r;
SELECT orm_select('select(UserKeyword.keyword_id).where(UserKeyword.user_name.like("a%")).order_by(UserKeyword.keyword_id)') AS r;
SELECT orm_select('select(UserKeyword.keyword_id).where(UserKeyword.user_name.contains("n")).order_by(UserKeyword.keyword_id)') AS r;
SELECT orm_select('select(UserKeyword.keyword_id).where(UserKeyword.user_name != "ann").order_by(UserKeyword.keyword_id)') AS r;
SELECT orm_select('select(UserKeyword.keyword_id).where(UserKeyword.user_name == None).order_by(UserKeyword.keyword_id)') AS r;
-- an aliased entity's proxy
SELECT orm_select('u = aliased(User)
select(u.name).where(u.keywords == "green")') AS r;
-- SQLAlchemy's errors
SELECT orm_select('select(User.id).where(User.special_keywords.has(Keyword.keyword == "red"))') AS r;
SELECT orm_select('select(User.id).where(User.keywords.any(keyword="red"))') AS r;
SELECT orm_select('select(User.keywords)') AS r;
SELECT orm_select('select(UserKeyword.user_id).where(UserKeyword.user_name.any())') AS r;
-- objects: the proxy is not in the JSON; orm_flush refuses it
SELECT orm_select('select(User).where(User.id == 1)') AS r;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"id": 9, "name": "x", "keywords": ["blue"]}}]') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
