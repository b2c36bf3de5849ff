# decl_cases.py -- the declarative chapters' model snippets for decl_check.py.
#
# Each case: id "<chapter>:<line of the snippet in doc/build/orm/<chapter>.rst>", the
# snippet made a whole module (model; imports added where the chapter shows them
# earlier), data (orm_flush "add" operations, also built as objects and
# session.add()ed for SQLAlchemy), selects (statements run on both), engines,
# volatile (columns whose values are the clock's: compared as set / NULL).

IMPORTS = """
import datetime
import enum
import uuid
from decimal import Decimal
from typing import List, Optional
from typing_extensions import Annotated
from sqlalchemy import (BigInteger, CheckConstraint, Column, DateTime, Enum, ForeignKey,
    ForeignKeyConstraint, Index, Integer, MetaData, Numeric, String, Table, Text,
    UniqueConstraint, func, text)
from sqlalchemy.orm import (DeclarativeBase, Mapped, declared_attr, mapped_column,
    registry, relationship)
"""

CASES = [
    dict(id="declarative_tables:48", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    fullname: Mapped[Optional[str]]
    nickname: Mapped[Optional[str]] = mapped_column(String(30))
""", data=[{"op": "add", "entity": "User", "data": {"name": "sandy", "fullname": "Sandy Cheeks"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:244", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class MyClass(Base):
    __tablename__ = "sometable"
    __table_args__ = {"mysql_engine": "InnoDB"}
    id: Mapped[int] = mapped_column(primary_key=True)
    foo: Mapped[int]
    bar: Mapped[int]
    __table_args__ = (
        ForeignKeyConstraint(["id"], ["remote_table.id"]),
        UniqueConstraint("foo"),
    )

class Remote(Base):
    __tablename__ = "remote_table"
    id: Mapped[int] = mapped_column(primary_key=True)
""", data=[{"op": "add", "entity": "Remote", "data": {"id": 1}},
           {"op": "add", "entity": "MyClass", "data": {"id": 1, "foo": 2, "bar": 3}}],
         selects=["select(MyClass)"]),

    dict(id="declarative_tables:261", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class MyClass(Base):
    __tablename__ = "sometable"
    __table_args__ = (
        ForeignKeyConstraint(["id"], ["remote_table.id"]),
        UniqueConstraint("foo"),
        {"autoload": False},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    foo: Mapped[int]

class Remote(Base):
    __tablename__ = "remote_table"
    id: Mapped[int] = mapped_column(primary_key=True)
"""),

    dict(id="declarative_tables:353", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)
    fullname: Mapped[str] = mapped_column(String(30), nullable=True, server_default="anon")
    nickname: Mapped[Optional[str]] = mapped_column(String(30), deferred=True)
""", data=[{"op": "add", "entity": "User", "data": {"name": "sandy"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:384", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column("user_id", primary_key=True)
    name: Mapped[str] = mapped_column("user_name")
""", data=[{"op": "add", "entity": "User", "data": {"name": "sandy"}}],
         selects=["select(User)", "select(User.name).where(User.id == 1)"]),

    dict(id="declarative_tables:486", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    fullname: Mapped[Optional[str]] = mapped_column(String(50), nullable=True)
    data: Mapped[Optional[str]] = mapped_column(Text)
    created: Mapped[datetime.datetime] = mapped_column(nullable=True)
    explicit: Mapped[int] = mapped_column(BigInteger, nullable=True)
""", data=[{"op": "add", "entity": "User", "data": {"name": "a", "created": "2024-01-02T03:04:05"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:649", model=IMPORTS + """
from sqlalchemy import BIGINT, NVARCHAR, TIMESTAMP, VARCHAR

class Base(DeclarativeBase):
    type_annotation_map = {
        int: BIGINT,
        datetime.datetime: TIMESTAMP(timezone=True),
        str: String().with_variant(NVARCHAR, "mssql").with_variant(VARCHAR(255), "mysql"),
    }

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[datetime.datetime]
    status: Mapped[str]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"date": "2024-01-02T03:04:05+00:00", "status": "x"}}],
         selects=["select(SomeClass)"]),

    dict(id="declarative_tables:746", model=IMPORTS + """
from typing import Union
from sqlalchemy import JSON
from sqlalchemy.dialects import postgresql

json_list = Union[list[int], list[str]]
json_scalar = Union[float, str, bool]

class Base(DeclarativeBase):
    type_annotation_map = {
        json_list: postgresql.JSONB,
        json_scalar: JSON,
    }

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_col: Mapped[Union[list[str], list[int]]]
    scalar_col: Mapped[json_scalar]
    scalar_col_nullable: Mapped[Optional[json_scalar]]
    scalar_col_oldstyle: Mapped[Union[float, str, bool]]
""", engines=["postgresql"],
         data=[{"op": "add", "entity": "SomeClass", "data": {"list_col": [1, 2], "scalar_col": "s",
                                                             "scalar_col_oldstyle": 1.5}}],
         selects=["select(SomeClass)"]),

    dict(id="declarative_tables:997", model=IMPORTS + """
str_30 = Annotated[str, 30]
str_50 = Annotated[str, 50]
num_12_4 = Annotated[Decimal, 12]
num_6_2 = Annotated[Decimal, 6]

class Base(DeclarativeBase):
    registry = registry(
        type_annotation_map={
            str_30: String(30),
            str_50: String(50),
            num_12_4: Numeric(12, 4),
            num_6_2: Numeric(6, 2),
        }
    )

class SomeClass(Base):
    __tablename__ = "some_table"
    short_name: Mapped[str_30] = mapped_column(primary_key=True)
    long_name: Mapped[str_50]
    num_value: Mapped[num_12_4]
    short_num_value: Mapped[num_6_2]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"short_name": "a", "long_name": "b",
                                                          "num_value": "1.5", "short_num_value": "2.25"}}],
         selects=["select(SomeClass)"]),

    dict(id="declarative_tables:1120", model=IMPORTS + """
intpk = Annotated[int, mapped_column(primary_key=True)]
timestamp = Annotated[
    datetime.datetime,
    mapped_column(nullable=False, server_default=func.CURRENT_TIMESTAMP()),
]
required_name = Annotated[str, mapped_column(String(30), nullable=False)]

class Base(DeclarativeBase):
    pass

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[intpk]
    name: Mapped[required_name]
    created_at: Mapped[timestamp]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"name": "x"}}], volatile=["created_at"],
         selects=["select(SomeClass)"]),

    dict(id="declarative_tables:1168", model=IMPORTS + """
intpk = Annotated[int, mapped_column(primary_key=True)]
timestamp = Annotated[
    datetime.datetime,
    mapped_column(nullable=False, server_default=func.CURRENT_TIMESTAMP()),
]

class Base(DeclarativeBase):
    pass

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[intpk]
    created_at: Mapped[timestamp] = mapped_column(server_default=func.now())
""", data=[{"op": "add", "entity": "SomeClass", "data": {}}], volatile=["created_at"]),

    dict(id="declarative_tables:1199", model=IMPORTS + """
intpk = Annotated[int, mapped_column(primary_key=True)]

class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[intpk]

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[intpk]
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
""", data=[{"op": "add", "entity": "Parent", "data": {}},
           {"op": "add", "entity": "SomeClass", "data": {"parent_id": 1}}]),

    dict(id="declarative_tables:1268", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)

class B(Base):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("a.id"))
"""),

    dict(id="declarative_tables:1319", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Status(enum.Enum):
    PENDING = "pending"
    RECEIVED = "received"
    COMPLETED = "completed"

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"status": "received"}}],
         selects=["select(SomeClass)", "select(SomeClass).where(SomeClass.status == Status.RECEIVED)"]),

    dict(id="declarative_tables:1361", model=IMPORTS + """
class Status(enum.Enum):
    PENDING = "pending"
    RECEIVED = "received"
    COMPLETED = "completed"

class Base(DeclarativeBase):
    type_annotation_map = {
        enum.Enum: Enum(enum.Enum, native_enum=False),
    }

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"status": "completed"}}],
         selects=["select(SomeClass)"]),

    dict(id="declarative_tables:1418", model=IMPORTS + """
class Status(enum.Enum):
    PENDING = "pending"
    RECEIVED = "received"
    COMPLETED = "completed"

class Base(DeclarativeBase):
    type_annotation_map = {
        enum.Enum: Enum(enum.Enum, length=50, native_enum=False)
    }

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"status": "pending"}}]),

    dict(id="declarative_tables:1479", model=IMPORTS + """
from typing import Literal

class Base(DeclarativeBase):
    pass

Status = Literal["pending", "received", "completed"]

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"status": "pending"}}],
         selects=["select(SomeClass)", "select(SomeClass.id).where(SomeClass.status == 'pending')"]),

    dict(id="declarative_tables:1533", model=IMPORTS + """
class Status(enum.Enum):
    PENDING = "pending"
    RECEIVED = "received"
    COMPLETED = "completed"

class Base(DeclarativeBase):
    type_annotation_map = {
        Status: Enum(Status, name="status_enum", values_callable=lambda x: [i.value for i in x]),
    }

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
""", data=[{"op": "add", "entity": "SomeClass", "data": {"status": "received"}}],
         selects=["select(SomeClass)"]),

    dict(id="declarative_tables:1786", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

user_table = Table(
    "user",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("fullname", String(50)),
    Column("nickname", String(50)),
)

class User(Base):
    __table__ = user_table
""", data=[{"op": "add", "entity": "User", "data": {"name": "a", "nickname": "n"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:1795", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __table__ = Table(
        "user",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String),
        Column("fullname", String),
        Column("nickname", String),
    )
    fullname_alias = __table__.c.fullname
""", data=[{"op": "add", "entity": "User", "data": {"name": "a", "fullname_alias": "A"}}],
         selects=["select(User)", "select(User.fullname_alias).where(User.name == 'a')"]),

    dict(id="declarative_tables:1887", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

user_table = Table(
    "user",
    Base.metadata,
    Column("user_id", Integer, primary_key=True),
    Column("user_name", String),
)

class User(Base):
    __table__ = user_table
    id = user_table.c.user_id
    name = user_table.c.user_name
""", data=[{"op": "add", "entity": "User", "data": {"name": "a"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:1955", model=IMPORTS + """
from sqlalchemy.orm import column_property

class Base(DeclarativeBase):
    pass

user_table = Table(
    "user",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("fullname", String(50)),
    Column("bio", Text),
)

class User(Base):
    __table__ = user_table
    bio = column_property(user_table.c.bio, deferred=True)
""", data=[{"op": "add", "entity": "User", "data": {"name": "a", "bio": "b"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:2238", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

group_users = Table(
    "group_users",
    Base.metadata,
    Column("user_id", String(40), nullable=False),
    Column("group_id", String(40), nullable=False),
    UniqueConstraint("user_id", "group_id"),
)

class GroupUsers(Base):
    __table__ = group_users
    __mapper_args__ = {"primary_key": [group_users.c.user_id, group_users.c.group_id]}
""", data=[{"op": "add", "entity": "GroupUsers", "data": {"user_id": "u1", "group_id": "g1"}},
           {"op": "add", "entity": "GroupUsers", "data": {"user_id": "u1", "group_id": "g2"}}],
         selects=["select(GroupUsers).order_by(GroupUsers.group_id)"]),

    dict(id="declarative_tables:2271", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

user_table = Table(
    "user",
    Base.metadata,
    Column("user_id", Integer, primary_key=True),
    Column("user_name", String(50)),
    Column("fullname", String(50)),
)

class User(Base):
    __table__ = user_table
    __mapper_args__ = {"include_properties": ["user_id", "user_name"]}
""", data=[{"op": "add", "entity": "User", "data": {"user_name": "a"}}],
         selects=["select(User)"]),

    dict(id="declarative_tables:imperative_relationships", model=IMPORTS + """
from sqlalchemy.orm import column_property

class Base(DeclarativeBase):
    pass

user_table = Table(
    "user",
    Base.metadata,
    Column("user_id", Integer, primary_key=True),
    Column("user_name", String(50)),
    Column("secret", String(50)),
)

address_table = Table(
    "address",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("user.user_id"), nullable=False),
    Column("email", String),
)

class User(Base):
    __table__ = user_table
    __mapper_args__ = {"exclude_properties": ["secret"]}
    id = user_table.c.user_id
    name: Mapped[Optional[str]] = column_property(user_table.c.user_name)
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")

class Address(Base):
    __table__ = address_table
    user = relationship("User", back_populates="addresses")
    email_upper = column_property(func.upper(address_table.c.email))
""", data=[{"op": "add", "entity": "User", "data": {"name": "ann", "addresses": [{"email": "a@x"},
                                                                                 {"email": "b@x"}]}}],
         selects=["select(User).options(selectinload(User.addresses))",
                  "select(Address).join(Address.user).where(User.name == 'ann').order_by(Address.id)",
                  "select(User.id, User.name)"]),

    # ---- declarative_mixins.rst ---------------------------------------------------
    dict(id="declarative_mixins:21", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class CommonMixin:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

    __table_args__ = {"mysql_engine": "InnoDB"}
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)

class HasLogRecord:
    log_record_id: Mapped[int] = mapped_column(ForeignKey("logrecord.id"))

    @declared_attr
    def log_record(cls) -> Mapped["LogRecord"]:
        return relationship("LogRecord")

class LogRecord(CommonMixin, Base):
    log_info: Mapped[str]

class MyModel(CommonMixin, HasLogRecord, Base):
    name: Mapped[str]
""", data=[{"op": "add", "entity": "MyModel", "data": {"name": "m", "log_record": {"log_info": "li"}}}],
         selects=["select(MyModel).join(MyModel.log_record)",
                  "select(MyModel).options(selectinload(MyModel.log_record))"]),

    dict(id="declarative_mixins:158", model=IMPORTS + """
class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

    __table_args__ = {"mysql_engine": "InnoDB"}
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)

class HasLogRecord:
    log_record_id: Mapped[int] = mapped_column(ForeignKey("logrecord.id"))

    @declared_attr
    def log_record(cls) -> Mapped["LogRecord"]:
        return relationship("LogRecord")

class LogRecord(Base):
    log_info: Mapped[str]

class MyModel(HasLogRecord, Base):
    name: Mapped[str]
""", data=[{"op": "add", "entity": "MyModel", "data": {"name": "m", "log_record": {"log_info": "li"}}}],
         selects=["select(MyModel).options(selectinload(MyModel.log_record))"]),

    dict(id="declarative_mixins:208", model=IMPORTS + """
from sqlalchemy.orm import declarative_base

class Base:
    @declared_attr.directive
    def __tablename__(cls):
        return cls.__name__.lower()

    __table_args__ = {"mysql_engine": "InnoDB"}
    __mapper_args__ = {"eager_defaults": True}

    id = mapped_column(Integer, primary_key=True)

Base = declarative_base(cls=Base)

class HasLogRecord:
    log_record_id = mapped_column(ForeignKey("logrecord.id"))

    @declared_attr
    def log_record(cls):
        return relationship("LogRecord")

class LogRecord(Base):
    log_info = mapped_column(String)

class MyModel(HasLogRecord, Base):
    name = mapped_column(String)
""", data=[{"op": "add", "entity": "MyModel", "data": {"name": "m", "log_record": {"log_info": "li"}}}],
         selects=["select(MyModel)"]),

    dict(id="declarative_mixins:266", model=IMPORTS + """
from datetime import datetime

class Base(DeclarativeBase):
    pass

class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=func.now())
    updated_at: Mapped[datetime]

class MyModel(TimestampMixin, Base):
    __tablename__ = "test"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
""", data=[{"op": "add", "entity": "MyModel", "data": {"name": "n", "updated_at": "2024-05-06T07:08:09"}}],
         volatile=["created_at"], selects=["select(MyModel)"]),

    dict(id="declarative_mixins:303", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class TimestampMixin:
    created_at = Column(DateTime, default=func.now())
    updated_at = Column(DateTime)

class MyModel(TimestampMixin, Base):
    __tablename__ = "test"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
""", data=[{"op": "add", "entity": "MyModel", "data": {"name": "n"}}], volatile=["created_at"],
         selects=["select(MyModel)"]),

    dict(id="declarative_mixins:332", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class RefTargetMixin:
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"))

    @declared_attr
    def target(cls) -> Mapped["Target"]:
        return relationship("Target")

class Foo(RefTargetMixin, Base):
    __tablename__ = "foo"
    id: Mapped[int] = mapped_column(primary_key=True)

class Bar(RefTargetMixin, Base):
    __tablename__ = "bar"
    id: Mapped[int] = mapped_column(primary_key=True)

class Target(Base):
    __tablename__ = "target"
    id: Mapped[int] = mapped_column(primary_key=True)
""", data=[{"op": "add", "entity": "Foo", "data": {"target": {"id": 5}}},
           {"op": "add", "entity": "Bar", "data": {"target_id": 5}}],
         selects=["select(Foo).join(Foo.target)", "select(Bar).join(Bar.target)",
                  "select(Bar).options(selectinload(Bar.target))"]),

    dict(id="declarative_mixins:389", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Target(Base):
    __tablename__ = "target"
    id: Mapped[int] = mapped_column(primary_key=True)

class RefTargetMixin:
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"))

    @declared_attr
    def target(cls) -> Mapped["Target"]:
        return relationship("Target", primaryjoin=Target.id == cls.target_id)

class Foo(RefTargetMixin, Base):
    __tablename__ = "foo"
    id: Mapped[int] = mapped_column(primary_key=True)
""", data=[{"op": "add", "entity": "Foo", "data": {"target": {"id": 5}}}],
         selects=["select(Foo).options(selectinload(Foo.target))"]),

    dict(id="declarative_mixins:417", model=IMPORTS + """
from sqlalchemy.orm import column_property

class Base(DeclarativeBase):
    pass

class SomethingMixin:
    x: Mapped[int]
    y: Mapped[int]

    @declared_attr
    def x_plus_y(cls) -> Mapped[int]:
        return column_property(cls.x + cls.y)

class Something(SomethingMixin, Base):
    __tablename__ = "something"
    id: Mapped[int] = mapped_column(primary_key=True)
""", data=[{"op": "add", "entity": "Something", "data": {"x": 2, "y": 3}}],
         selects=["select(Something)", "select(Something.x_plus_y)"]),

    dict(id="declarative_mixins:517", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Tablename:
    @declared_attr.directive
    def __tablename__(cls) -> Optional[str]:
        return cls.__name__.lower()

class Person(Tablename, Base):
    id: Mapped[int] = mapped_column(primary_key=True)
    discriminator: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "discriminator"}

class Engineer(Person):
    id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    primary_language: Mapped[str]
    __mapper_args__ = {"polymorphic_identity": "engineer"}

class Manager(Person):
    @declared_attr.directive
    def __tablename__(cls) -> Optional[str]:
        return None
    __mapper_args__ = {"polymorphic_identity": "manager"}
""", data=[{"op": "add", "entity": "Engineer", "data": {"primary_language": "c"}},
           {"op": "add", "entity": "Manager", "data": {}}],
         selects=["select(Person).order_by(Person.id)", "select(Engineer)"]),

    dict(id="declarative_mixins:680", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class HasIdMixin:
    @declared_attr.cascading
    def id(cls) -> Mapped[int]:
        if has_inherited_table(cls):
            return mapped_column(ForeignKey("person.id"), primary_key=True)
        else:
            return mapped_column(Integer, primary_key=True)

class Person(HasIdMixin, Base):
    __tablename__ = "person"
    discriminator: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "discriminator"}

class Engineer(Person):
    __tablename__ = "engineer"
    primary_language: Mapped[str]
    __mapper_args__ = {"polymorphic_identity": "engineer"}
"""),

    dict(id="declarative_mixins:766", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class MyMixin:
    a = mapped_column(Integer)
    b = mapped_column(Integer)

    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"test_idx_{cls.__tablename__}", "a", "b"),)

class MyModelA(MyMixin, Base):
    __tablename__ = "table_a"
    id = mapped_column(Integer, primary_key=True)

class MyModelB(MyMixin, Base):
    __tablename__ = "table_b"
    id = mapped_column(Integer, primary_key=True)
""", data=[{"op": "add", "entity": "MyModelA", "data": {"a": 1}}], selects=["select(MyModelA)"]),

    dict(id="declarative_mixins:797", model=IMPORTS + """
from uuid import UUID

constraint_naming_conventions = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=constraint_naming_conventions)

class MyAbstractBase(Base):
    __abstract__ = True

    @declared_attr.directive
    def __table_args__(cls):
        return (
            UniqueConstraint("uuid"),
            CheckConstraint("x > 0 OR y < 100", name="xy_chk"),
        )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[UUID]
    x: Mapped[int]
    y: Mapped[int]

class ModelAlpha(MyAbstractBase):
    __tablename__ = "alpha"

class ModelBeta(MyAbstractBase):
    __tablename__ = "beta"
""", data=[{"op": "add", "entity": "ModelAlpha", "data": {"uuid": "12345678-1234-5678-1234-567812345678",
                                                           "x": 1, "y": 2}}],
         selects=["select(ModelAlpha)"]),

    # ---- dataclasses.rst, composites.rst, cascades.rst, collection_api.rst ------------
    dict(id="dataclasses:39", model=IMPORTS + """
from sqlalchemy.orm import MappedAsDataclass

class Base(MappedAsDataclass, DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str]
    fullname: Mapped[str] = mapped_column(default=None)
""", data=[{"op": "add", "entity": "User", "data": {"name": "n"}}], selects=["select(User)"]),

    dict(id="composites:26", model=IMPORTS + """
import dataclasses
from sqlalchemy.orm import composite

@dataclasses.dataclass
class Point:
    x: int
    y: int

class Base(DeclarativeBase):
    pass

class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"))
    end: Mapped[Point] = composite(mapped_column("x2"), mapped_column("y2"))
""", data=[{"op": "add", "entity": "Vertex", "data": {"start": {"x": 1, "y": 2}, "end": [3, 4]}},
           {"op": "add", "entity": "Vertex", "data": {"start": {"x": 5, "y": 6}, "end": {"x": 7, "y": 8}}}],
         selects=["select(Vertex)", "select(Vertex.start, Vertex.end).order_by(Vertex.id)",
                  "select(Vertex.id).where(Vertex.start == Point(5, 6))",
                  "select(Vertex.id).where(Vertex.end != Point(3, 4))",
                  "select(Vertex.id).where(Vertex.start > Point(0, 1)).order_by(Vertex.id)"]),

    dict(id="composites:238", model=IMPORTS + """
import dataclasses
from sqlalchemy.orm import composite

@dataclasses.dataclass
class Point:
    x: int
    y: int

class Base(DeclarativeBase):
    pass

class Vertex(Base):
    __tablename__ = "vertices"
    id: Mapped[int] = mapped_column(primary_key=True)
    x1: Mapped[int]
    y1: Mapped[int]
    x2: Mapped[int]
    y2: Mapped[int]
    start: Mapped[Point] = composite("x1", "y1")
    end: Mapped[Point] = composite("x2", "y2")
""", data=[{"op": "add", "entity": "Vertex", "data": {"start": {"x": 1, "y": 2}, "x2": 3, "y2": 4}}],
         selects=["select(Vertex)", "select(Vertex.end, Vertex.start)",
                  "select(Vertex.x1).where(Vertex.end == Point(3, 4))"]),

    dict(id="composites:214", model=IMPORTS + """
import dataclasses
from sqlalchemy.orm import composite

@dataclasses.dataclass
class Point:
    x: int
    y: int

class Base(DeclarativeBase):
    pass

class Vertex(Base):
    __tablename__ = "vertices"

    id = mapped_column(Integer, primary_key=True)
    x1 = mapped_column(Integer)
    y1 = mapped_column(Integer)
    x2 = mapped_column(Integer)
    y2 = mapped_column(Integer)

    start = composite(Point, x1, y1)
    end = composite(Point, x2, y2)
""", data=[{"op": "add", "entity": "Vertex", "data": {"start": [1, 2], "end": {"x": 3, "y": 4}}}],
         selects=["select(Vertex)", "select(Vertex.start).where(Vertex.end == Point(3, 4))"]),

    dict(id="composites:253", model=IMPORTS + """
import dataclasses
from sqlalchemy.orm import composite

@dataclasses.dataclass
class Point:
    x: int
    y: int

mapper_registry = registry()

vertices_table = Table(
    "vertices",
    mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("x1", Integer),
    Column("y1", Integer),
    Column("x2", Integer),
    Column("y2", Integer),
)

class Vertex:
    pass

mapper_registry.map_imperatively(
    Vertex,
    vertices_table,
    properties={
        "start": composite(Point, vertices_table.c.x1, vertices_table.c.y1),
        "end": composite(Point, vertices_table.c.x2, vertices_table.c.y2),
    },
)
""", data=[{"op": "add", "entity": "Vertex", "data": {"start": {"x": 1, "y": 2}, "end": {"x": 3, "y": 4}}}],
         selects=["select(Vertex)", "select(Vertex.end).where(Vertex.start == Point(1, 2))"]),

    dict(id="cascades:100", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[List["Address"]] = relationship(back_populates="user", cascade="all, delete-orphan")

class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    user: Mapped["User"] = relationship(back_populates="addresses")
""", data=[{"op": "add", "entity": "User", "data": {"addresses": [{}, {}]}}],
         selects=["select(User).options(selectinload(User.addresses))"]),

    dict(id="cascades:430", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id = mapped_column(Integer, primary_key=True)
    children = relationship("Child", back_populates="parent", cascade="all, delete", passive_deletes=True)

class Child(Base):
    __tablename__ = "child"
    id = mapped_column(Integer, primary_key=True)
    parent_id = mapped_column(Integer, ForeignKey("parent.id", ondelete="CASCADE"))
    parent = relationship("Parent", back_populates="children")
""", data=[{"op": "add", "entity": "Parent", "data": {"children": [{}]}}],
         selects=["select(Parent).options(selectinload(Parent.children))"]),

    dict(id="collection_api:37", model=IMPORTS + """
from typing import Set

class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    parent_id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[Set["Child"]] = relationship()

class Child(Base):
    __tablename__ = "child"
    child_id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.parent_id"))
""", data=[{"op": "add", "entity": "Parent", "data": {"children": [{}, {}]}}],
         selects=["select(Parent).options(selectinload(Parent.children))"]),

    dict(id="collection_api:160", model=IMPORTS + """
from sqlalchemy.orm import attribute_keyed_dict

class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    notes: Mapped[dict[str, "Note"]] = relationship(
        collection_class=attribute_keyed_dict("keyword"),
        cascade="all, delete-orphan",
    )

class Note(Base):
    __tablename__ = "note"
    id = mapped_column(Integer, primary_key=True)
    item_id = mapped_column(Integer, ForeignKey("item.id"), nullable=False)
    keyword = mapped_column(String)
    text = mapped_column(String)
""", data=[{"op": "add", "entity": "Item", "data": {"notes": {"a": {"text": "atext"},
                                                                 "b": {"keyword": "b", "text": "btext"}}}},
           {"op": "add", "entity": "Item", "data": {"notes": {}}}],
         selects=["select(Item).options(selectinload(Item.notes))",
                  "select(Item).options(joinedload(Item.notes)).order_by(Item.id)",
                  "select(Note.keyword, Note.text).join(Item.notes).order_by(Note.id)"]),

    # ---- mapping_styles.rst -----------------------------------------------------
    dict(id="mapping_styles:191", model=IMPORTS + """
mapper_registry = registry()

user_table = Table(
    "user",
    mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("fullname", String(50)),
    Column("nickname", String(12)),
)

class User:
    pass

mapper_registry.map_imperatively(User, user_table)
""", data=[{"op": "add", "entity": "User", "data": {"name": "u", "nickname": "n"}}],
         selects=["select(User)", "select(User.name).where(User.id == 1)"]),

    dict(id="mapping_styles:205", model=IMPORTS + """
mapper_registry = registry()
metadata_obj = mapper_registry.metadata

user = Table(
    "user",
    metadata_obj,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
)

address = Table(
    "address",
    metadata_obj,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id")),
    Column("email_address", String(50)),
)

class User:
    pass

class Address:
    pass

mapper_registry.map_imperatively(
    User,
    user,
    properties={
        "addresses": relationship(Address, backref="user", order_by=address.c.id)
    },
)

mapper_registry.map_imperatively(Address, address)
""", data=[{"op": "add", "entity": "User", "data": {"name": "u", "addresses": [{"email_address": "b"},
                                                                               {"email_address": "a"}]}}],
         selects=["select(User).options(selectinload(User.addresses))",
                  "select(Address).options(joinedload(Address.user)).order_by(Address.id)"]),

    dict(id="declarative_config:40", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(nullable=False)
    name: Mapped[str]
    __mapper_args__ = {"version_id_col": version_id, "eager_defaults": True,
                       "confirm_deleted_rows": False}
""", data=[{"op": "add", "entity": "User", "data": {"name": "v"}}], selects=["select(User)"]),

    dict(id="declarative_config:mapper_args_unknown", model=IMPORTS + """
class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    __mapper_args__ = {"polymorphic_identiy": "user"}
"""),
]
