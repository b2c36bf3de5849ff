# doc/build/tutorial/orm_related_objects.rst -- "Raiseload"
# The tutorial's second mapping of the same tables, with lazy="raise_on_sql", as written
# (doctest prompts removed); the imports are the ones the tutorial made earlier.
from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[List["Address"]] = relationship(
        back_populates="user", lazy="raise_on_sql"
    )


class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    user: Mapped["User"] = relationship(back_populates="addresses", lazy="raise_on_sql")
