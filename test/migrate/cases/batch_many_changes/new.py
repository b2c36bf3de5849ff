import datetime
import decimal
import enum
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, Enum, Float,
                        ForeignKey, ForeignKeyConstraint, Identity, Index, Integer, MetaData,
                        Numeric, String, Table, Text, Time, Unicode, UnicodeText,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    fullname: Mapped[str] = mapped_column(String(50), server_default="anonymous")
    age: Mapped[Optional[int]] = mapped_column(BigInteger, index=True)
    score: Mapped[decimal.Decimal] = mapped_column(Numeric(6, 2))
    group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id", name="fk_users_group"))
    email: Mapped[str] = mapped_column(String(80), server_default="none@example.org")

    __table_args__ = (
        UniqueConstraint("login", "group_id", name="uq_users_login_group"),
        CheckConstraint("age >= 0", name="ck_users_age"),
    )
