\pset format unaligned
--
-- declare_validates: @validates is Python, which orm does not run.  The
-- declaration is accepted, so every query of the model works; orm_flush
-- refuses to write a validated attribute (a column or a relationship, the
-- class's own or a superclass's), naming it by its JSON path, rather than
-- store a value the validator might have changed or refused.  Writes that
-- leave the attribute out go through.
--
-- default=datetime.now() (a call, which Python runs once when the module is
-- imported) gives each flush its own moment, as default=datetime.now does.
--
SELECT orm_declare('from datetime import datetime
from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[Optional[str]]
    nick: Mapped[Optional[str]]
    created: Mapped[datetime] = mapped_column(default=datetime.now())
    notes: Mapped[List["Note"]] = relationship(back_populates="account")
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "account"}

    @validates("email", "notes")
    def check(self, key, value):
        if key == "email":
            assert "@" in value
            return value.lower()
        return value


class Admin(Account):
    level: Mapped[Optional[int]]
    __mapper_args__ = {"polymorphic_identity": "admin"}


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    body: Mapped[str]
    account: Mapped["Account"] = relationship(back_populates="notes")
');
SELECT orm_create_all() IS NOT NULL AS created;

-- leaving the validated attributes out: stored, the clock's default filled
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"nick": "ann"}},
                   {"op": "add", "entity": "Admin", "data": {"nick": "root", "level": 1}},
                   {"op": "add", "entity": "Note", "data": {"body": "hi", "account_id": 1}}]') IS NOT NULL AS flushed;
SELECT orm_select('select(Account.nick, Account.created.is_not(None).label("has_created")).order_by(Account.id)');
SELECT orm_select('select(Account).options(load_only(Account.nick), selectinload(Account.notes)).where(Account.nick == "ann")');

-- a validated column, on add and on update: refused at its path
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"nick": "bo", "email": "B@X.ORG"}}]');
SELECT orm_flush('[{"op": "update", "entity": "Account", "key": 1, "data": {"email": "a@x.org"}}]');
-- a superclass's validator holds for the subclass
SELECT orm_flush('[{"op": "add", "entity": "Admin", "data": {"nick": "op", "email": "o@x.org"}}]');
-- a validated relationship
SELECT orm_flush('[{"op": "add", "entity": "Account", "data": {"nick": "cy", "notes": [{"body": "n"}]}}]');
-- nested: the path names the object inside the graph
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "x", "account": {"nick": "dee", "email": "d@x.org"}}}]');
-- nothing of the refused flushes was stored; an UPDATE statement is no flush
SELECT orm_select('select(func.count(Account.id))');
SELECT orm_execute('update(Account).where(Account.id == 1).values(email="a@x.org")');
SELECT orm_select('select(Account.email).where(Account.id == 1)');

-- a bad @validates is refused at its line and column
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]

    @validates(name)
    def check(self, key, value):
        return value
');
