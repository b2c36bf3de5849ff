--
-- declare_imperative: declarative with an imperative table (__table__), and
-- the other declarative forms of SQLAlchemy 2.0's declarative_tables and
-- declarative_mixins chapters, each checked against SQLAlchemy 2.0.52:
-- Literal[...] types, Union keys of type_annotation_map, f-strings in
-- __table_args__, a declared_attr relationship's cls.x primaryjoin,
-- declarative_base(cls=Mixin) rebinding the mixin's name, a superclass
-- mixin's __tablename__ directive.
--
\pset format unaligned

-- A module Table mapped by a class: columns renamed, one left out,
-- column_property() expressions over t.c.col, relationships in the body.
SELECT orm_declare('from typing import List, Optional
from sqlalchemy import Column, ForeignKey, Integer, String, Table, func
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, relationship

class Base(DeclarativeBase):
    pass

user_table = Table("user", Base.metadata,
    Column("user_id", Integer, primary_key=True),
    Column("user_name", String(50)),
    Column("secret", String(50), server_default="s"),
)
address_table = Table("address", Base.metadata,
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
') AS summary;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"name": "ann", "addresses": [{"email": "a@x"}, {"email": "b@x"}]}}]') AS flushed;
SELECT user_id, user_name, secret FROM "user";
SELECT orm_select('select(User).options(selectinload(User.addresses))') AS users;
SELECT orm_select('select(Address).join(Address.user).where(User.name == "ann").order_by(Address.id)') AS addresses;
SELECT orm_flush('[{"op": "update", "entity": "User", "key": 1, "data": {"name": "bob"}}]') AS updated;
SELECT orm_select('select(User.id, User.name)') AS renamed;
-- A column left out is no attribute.
SELECT orm_select('select(User.secret)');
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;

-- Table(...) in the class body; a mapper primary key for a table without
-- one (no PRIMARY KEY in its DDL); column_prefix; joined and single-table
-- subclasses of a class mapped to its table.
SELECT orm_declare('from sqlalchemy import Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase

class Base(DeclarativeBase):
    pass

group_users = Table("group_users", Base.metadata,
    Column("user_id", String(40), nullable=False),
    Column("group_id", String(40), nullable=False),
    Column("note", String),
    UniqueConstraint("user_id", "group_id"),
)

class GroupUsers(Base):
    __table__ = group_users
    __mapper_args__ = {"primary_key": [group_users.c.user_id, group_users.c.group_id],
                       "column_prefix": "_"}

class Person(Base):
    __table__ = Table("person", Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("kind", String(20)),
        Column("name", String))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "person"}

class Engineer(Person):
    __table__ = Table("engineer", Base.metadata,
        Column("id", ForeignKey("person.id"), primary_key=True),
        Column("lang", String))
    __mapper_args__ = {"polymorphic_identity": "engineer"}

class Manager(Person):
    __mapper_args__ = {"polymorphic_identity": "manager"}
') AS summary;
SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "GroupUsers", "data": {"_user_id": "u1", "_group_id": "g1", "_note": "n"}}, {"op": "add", "entity": "Engineer", "data": {"name": "e", "lang": "c"}}, {"op": "add", "entity": "Manager", "data": {"name": "m"}}]') AS flushed;
SELECT orm_flush('[{"op": "update", "entity": "GroupUsers", "key": {"_user_id": "u1", "_group_id": "g1"}, "data": {"_note": "z"}}]') AS updated;
SELECT orm_select('select(GroupUsers)') AS group_users;
SELECT orm_flush('[{"op": "delete", "entity": "GroupUsers", "key": {"_user_id": "u1", "_group_id": "g1"}}]') AS deleted;
SELECT orm_select('select(GroupUsers)') AS group_users;
SELECT orm_select('select(Person).order_by(Person.id)') AS people;
SELECT orm_select('select(Engineer)') AS engineers;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;

-- What SQLAlchemy refuses, or orm does not map, is an error with its line and column.
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, mapped_column
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
class T(Base):
    __table__ = t
    x = mapped_column(Integer)
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
u = Table("u", Base.metadata, Column("id", Integer), Column("s", String))
class T(Base):
    __table__ = t
    x = u.c.id
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
class T(Base):
    __table__ = t
    x = t.c.nope
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
class T(Base):
    __table__ = t
class T2(Base):
    __table__ = t
');
SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
class T(Base):
    __table__ = make_table()
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
u = Table("u", Base.metadata, Column("id", Integer), Column("s", String))
class U(Base):
    __table__ = u
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
class T(Base):
    __table__ = t
    __mapper_args__ = {"primary_key": [t.c.s]}
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
class T(Base):
    __table__ = t
    __mapper_args__ = {"include_properties": "id"}
');
SELECT orm_declare('from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True), Column("s", String))
class T(Base):
    __table__ = t
    a = t.c.id
    b = t.c.id
');
SELECT orm_declare('from sqlalchemy import Table, create_engine
from sqlalchemy.orm import DeclarativeBase
engine = create_engine("postgresql+psycopg2://user:pass@hostname/my_existing_database")
class Base(DeclarativeBase):
    pass
class MyClass(Base):
    __table__ = Table("mytable", Base.metadata, autoload_with=engine)
');
SELECT count(*) AS registered FROM orm_registry;

-- Literal["a", "b"]: a non-native string Enum (VARCHAR of the longest value);
-- a Union type finds its type_annotation_map entry with members in any order.
SELECT orm_declare('from typing import Literal, Optional, Union
from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Status = Literal["pending", "received", "completed"]
json_scalar = Union[float, str, bool]

class Base(DeclarativeBase):
    type_annotation_map = {json_scalar: JSON}

class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
    other: Mapped[Optional[Literal["x", "yy"]]]
    scalar: Mapped[Union[bool, str, float]]
') AS summary;
SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "SomeClass", "data": {"status": "pending", "scalar": "s"}}]') AS flushed;
SELECT orm_select('select(SomeClass).where(SomeClass.status == "pending")') AS rows;
SELECT orm_flush('[{"op": "add", "entity": "SomeClass", "data": {"status": "nope", "scalar": 1}}]');
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('from typing import Literal
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class SomeClass(Base):
    __tablename__ = "some_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[Literal[1, 2]]
');

-- f-strings of a mixin's __table_args__ directive, per class; a
-- declared_attr relationship's primaryjoin naming cls.target_id.
SELECT orm_declare('from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Target(Base):
    __tablename__ = "target"
    id: Mapped[int] = mapped_column(primary_key=True)

class MyMixin:
    a = mapped_column(Integer)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"))

    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"test_idx_{cls.__tablename__}", "a"),)

    @declared_attr
    def target(cls) -> Mapped["Target"]:
        return relationship("Target", primaryjoin=Target.id == cls.target_id)

class MyModelA(MyMixin, Base):
    __tablename__ = "table_a"
    id = mapped_column(Integer, primary_key=True)

class MyModelB(MyMixin, Base):
    __tablename__ = "table_b"
    id = mapped_column(Integer, primary_key=True)
') AS summary;
SELECT orm_ddl() AS ddl;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "MyModelB", "data": {"a": 1, "target": {"id": 5}}}]') AS flushed;
SELECT orm_select('select(MyModelB).options(selectinload(MyModelB.target))') AS rows;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy import Index, Integer
from sqlalchemy.orm import DeclarativeBase, declared_attr, mapped_column
class Base(DeclarativeBase):
    pass
class MyMixin:
    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"ix_{cls.registry_name()}", "id"),)
class A(MyMixin, Base):
    __tablename__ = "a"
    id = mapped_column(Integer, primary_key=True)
');

-- declarative_base(cls=Base) rebinding the name of the class it takes; a
-- superclass mixin's __tablename__ directive for a joined subclass, None for
-- a single-table one.
SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declarative_base, declared_attr, mapped_column

class Base:
    @declared_attr.directive
    def __tablename__(cls):
        return cls.__name__.lower()

    id = mapped_column(Integer, primary_key=True)

Base = declarative_base(cls=Base)

class Person(Base):
    discriminator = mapped_column(String)
    __mapper_args__ = {"polymorphic_on": "discriminator"}

class Engineer(Person):
    id = mapped_column(ForeignKey("person.id"), primary_key=True)
    primary_language = mapped_column(String)
    __mapper_args__ = {"polymorphic_identity": "engineer"}

class Manager(Person):
    @declared_attr.directive
    def __tablename__(cls) -> Optional[str]:
        return None
    __mapper_args__ = {"polymorphic_identity": "manager"}
') AS summary;
SELECT orm_ddl() AS ddl;
DELETE FROM orm_registry;

-- registry.map_imperatively(): a plain class mapped to a Table, its
-- properties as its body.
SELECT orm_declare('from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import registry, relationship

mapper_registry = registry()

user = Table("user", mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
)
address = Table("address", mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id")),
    Column("email_address", String(50)),
)

class User:
    pass

class Address:
    pass

mapper_registry.map_imperatively(User, user, properties={
    "addresses": relationship(Address, backref="user", order_by=address.c.id.desc())
})
mapper_registry.map_imperatively(Address, address, column_prefix="_")
') AS summary;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"name": "u", "addresses": [{"_email_address": "a"}, {"_email_address": "b"}]}}]') AS flushed;
SELECT orm_select('select(User).options(selectinload(User.addresses))') AS users;
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy import Column, Integer, Table
from sqlalchemy.orm import registry
mapper_registry = registry()
t = Table("t", mapper_registry.metadata, Column("id", Integer, primary_key=True))
mapper_registry.map_imperatively(Nowhere, t)
');
SELECT orm_declare('from sqlalchemy import Column, Integer, Table
from sqlalchemy.orm import registry
mapper_registry = registry()
t = Table("t", mapper_registry.metadata, Column("id", Integer, primary_key=True))
class T:
    pass
mapper_registry.map_imperatively(T, t, properties={"x": t.c.nope})
');
SELECT orm_declare('from sqlalchemy import Column, Integer, Table
from sqlalchemy.orm import registry
mapper_registry = registry()
t = Table("t", mapper_registry.metadata, Column("id", Integer, primary_key=True))
class T:
    pass
mapper_registry.map_imperatively(T, t, polymorphic_identiy="x")
');

-- A keyed dict collection (attribute_keyed_dict): a JSON object keyed by
-- the members' attribute, in results and in flush input (a member without
-- the attribute takes its key; one whose attribute differs is an error).
SELECT orm_declare('from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, attribute_keyed_dict

class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    notes: Mapped[dict[str, "Note"]] = relationship(
        collection_class=attribute_keyed_dict("keyword"),
        cascade="all, delete-orphan",
    )
    by_id: Mapped[dict[int, "Note"]] = relationship(collection_class=attribute_keyed_dict("id"), viewonly=True)

class Note(Base):
    __tablename__ = "note"
    id = mapped_column(Integer, primary_key=True)
    item_id = mapped_column(Integer, ForeignKey("item.id"), nullable=False)
    keyword = mapped_column(String)
    text = mapped_column(String)
') AS summary;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"notes": {"a": {"text": "atext"}, "b": {"keyword": "b", "text": "btext"}}}}]') AS flushed;
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"notes": [{"keyword": "c", "text": "ctext"}]}}]') AS as_array;
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"notes": {"a": {"keyword": "z"}}}}]');
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"notes": 5}}]');
SELECT id, item_id, keyword, text FROM note ORDER BY id;
SELECT orm_select('select(Item).options(selectinload(Item.notes), selectinload(Item.by_id)).order_by(Item.id)') AS items;
SELECT orm_select('select(Item).options(joinedload(Item.notes)).order_by(Item.id)') AS joined;
SELECT orm_flush('[{"op": "update", "entity": "Item", "key": 1, "data": {"notes": {"b": {"id": 2}}}}]') AS replaced;
SELECT orm_select('select(Item).options(selectinload(Item.notes)).where(Item.id == 1)') AS item;
-- A key met twice keeps its first place and the later member, as a dict does.
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"notes": [{"keyword": "k"}, {"keyword": "j"}, {"keyword": "k"}, {"keyword": null}]}}]') AS duplicates;
SELECT orm_select('select(Item).options(selectinload(Item.notes)).where(Item.id == 3)') AS deduplicated;
SELECT orm_view('item_notes', 'select(Item).options(selectinload(Item.notes))');
SELECT orm_drop_all() AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, attribute_keyed_dict
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    notes: Mapped[dict[str, "Note"]] = relationship(collection_class=attribute_keyed_dict("nope"))
class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
');
