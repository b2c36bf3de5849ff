--
-- dml_delete_using: delete() whose criteria name another table.  PostgreSQL:
-- DELETE FROM t USING other WHERE ..., as SQLAlchemy writes it (the Unified
-- Tutorial's "Multiple Table Deletes"); SQLite has no such form and
-- SQLAlchemy refuses it there ("This backend does not support
-- multiple-table criteria within DELETE"): refused, with the place.
-- Results checked against SQLAlchemy 2.0.52 on both engines.
--
\pset format unaligned

SELECT orm_declare('from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "du_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "du_address"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str]
    user_id: Mapped[int] = mapped_column(ForeignKey("du_user.id"))
    user: Mapped[User] = relationship(back_populates="addresses")
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(User)', '[{"id": 1, "name": "spongebob"}, {"id": 2, "name": "sandy"}, {"id": 3, "name": "patrick"}]') AS r;
SELECT orm_execute('insert(Address)', '[{"id": 1, "email": "sb@x", "user_id": 1}, {"id": 2, "email": "s1@x", "user_id": 2}, {"id": 3, "email": "s2@x", "user_id": 2}]') AS r;

SELECT orm_compile('delete(Address).where(User.id == Address.user_id).where(User.name == "sandy")') AS sql;
SELECT orm_execute('delete(Address).where(User.id == Address.user_id).where(User.name == "sandy")') AS r;
SELECT orm_select('select(Address.id, Address.email).order_by(Address.id)') AS r;
-- Core tables, RETURNING
SELECT orm_execute('u = User.__table__
a = Address.__table__
delete(a).where(u.c.id == a.c.user_id).where(u.c.name == "spongebob").returning(a.c.id)') AS r;
SELECT orm_select('select(Address.id).order_by(Address.id)') AS r;
-- Table.insert() / update() / delete() (Core's)
SELECT orm_execute('u = User.__table__
u.insert().values(id=4, name="squidward")') AS r;
SELECT orm_execute('u = User.__table__
u.update().where(u.c.id == 4).values(name="sq")') AS r;
SELECT orm_select('select(User.name).where(User.id == 4)') AS r;
SELECT orm_execute('u = User.__table__
u.delete().where(u.c.id == 4)') AS r;
SELECT orm_execute('u = User.__table__
u.delete(u.c.id == 4)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
