--
-- declare_names: generated constraint and index names longer than the
-- dialect's max_identifier_length are shortened as SQLAlchemy 2.0 does
-- (PostgreSQL 63: first 55 characters, "_", 4 hex digits of the name's MD5;
-- SQLite keeps them whole), and relationships whose primaryjoin carries
-- criteria other than column pairs are accepted (viewonly or not).
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import MetaData, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Parent(Base):
    __tablename__ = "parent_table_with_a_quite_long_name_exceeding"
    id: Mapped[int] = mapped_column(primary_key=True)


class Child(Base):
    __tablename__ = "a_very_long_table_name_that_goes_on_and_on_and_on"
    __table_args__ = (
        CheckConstraint("id > 0", name="positive_identifier_check"),
        Index("explicit_name_exactly_sixty_three_characters_long_for_postgres", "pid"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    another_extremely_long_column_name: Mapped[str] = mapped_column(String(20), index=True)
    yet_another_long_column_name_unique: Mapped[str] = mapped_column(String(20), unique=True)
    pid: Mapped[int] = mapped_column(ForeignKey("parent_table_with_a_quite_long_name_exceeding.id"))
') IS NOT NULL AS declared;

SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_create_all() AS created_again;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;

-- primaryjoin with criteria beyond the foreign key pairs
SELECT orm_declare('from typing import List, Optional
from sqlalchemy import ForeignKey, and_
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    x_addresses: Mapped[List["Address"]] = relationship(
        primaryjoin="and_(User.id == Address.user_id, Address.email.startswith(''x''))",
        viewonly=True,
    )
    live_addresses: Mapped[List["Address"]] = relationship(
        primaryjoin="and_(User.id == Address.user_id, Address.deleted == False)",
        back_populates="live_user",
    )


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str]
    deleted: Mapped[bool] = mapped_column(default=False)
    live_user: Mapped[Optional[User]] = relationship(
        primaryjoin=lambda: (User.id == Address.user_id) & (Address.deleted == False),
        back_populates="live_addresses",
    )
') AS declared;

SELECT orm_create_all() AS created;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
