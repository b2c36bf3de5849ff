# doc/build/orm/queryguide/columns.rst, "Using deferred() for imperative mappers, mapped
# SQL expressions": the guide's User, as written; the import lines and the Base class,
# which the guide leaves out of this block, are the setup's.
from typing import Optional

from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import deferred


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    firstname: Mapped[str] = mapped_column()
    lastname: Mapped[str] = mapped_column()
    fullname: Mapped[str] = deferred(firstname + " " + lastname)
