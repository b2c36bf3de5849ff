--
-- declare_sqlmodel: SQLModel table models (class X(SQLModel, table=True)) read as
-- the declarative classes SQLModel builds: Field() columns (types from the
-- annotation, nullable from Optional / "| None" unless a primary key or
-- nullable=, index=, unique=, foreign_key= with ondelete=, max_length=,
-- max_digits= / decimal_places=, sa_type=, sa_column=, sa_column_kwargs=,
-- defaults), data models' fields first, Relationship() (back_populates,
-- link_model, cascade_delete), table name = class name lowercased.  Checked
-- against SQLModel 0.0.30 on SQLAlchemy 2.0.52 (test/ecosystem/sqlmodel_ref.py).
--
\pset format unaligned

SELECT orm_declare('from typing import Optional, List
from datetime import datetime, date
from decimal import Decimal
import enum
import uuid
from sqlmodel import Field, Relationship, SQLModel, Column, String

class Power(str, enum.Enum):
    fly = "fly"
    swim = "swim"

class HeroTeamLink(SQLModel, table=True):
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)

class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str
    heroes: List["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)

class HeroBase(SQLModel):
    name: str = Field(index=True)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)

class Hero(HeroBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    power: Power = Power.fly
    rank: int = 3
    joined: Optional[date] = None
    bio: Optional[str] = Field(default=None, sa_column=Column(String(200), nullable=True))
    teams: List[Team] = Relationship(back_populates="heroes", link_model=HeroTeamLink)
    weapons: list["Weapon"] = Relationship(back_populates="hero", cascade_delete=True)

class HeroCreate(HeroBase):
    pass

class Weapon(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=30, unique=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", ondelete="CASCADE")
    hero: Hero | None = Relationship(back_populates="weapons")

class AllTypes(SQLModel, table=True):
    __tablename__ = "all_types"
    id: int = Field(primary_key=True)
    f: float
    b: bool
    d: datetime
    dec: Decimal = Field(max_digits=10, decimal_places=2)
    u: uuid.UUID
    s50: str = Field(max_length=50)
    bs: bytes
    os: Optional[str] = None
    ui: str = Field(unique=True, nullable=True)
    so: str = Field(default="x", sa_column_kwargs={"server_default": "x"})
    tx: str = Field(sa_type=Text)
');
SELECT orm_ddl();
SELECT orm_create_all();

-- the rows SQLModel stores: Field defaults and plain defaults are column defaults
SELECT orm_flush('[{"op": "add", "entity": "Team", "data": {"name": "Preventers", "headquarters": "Sharp Tower",
     "heroes": [{"name": "Deadpond", "secret_name": "Dive Wilson", "weapons": [{"name": "katana"}]},
                {"name": "Rusty-Man", "secret_name": "Tommy Sharp", "age": 48, "power": "swim"}]}},
  {"op": "add", "entity": "Hero", "data": {"name": "Spider-Boy", "secret_name": "Pedro Parqueador", "age": 16}}]', 'counts');
SELECT * FROM hero ORDER BY id;
SELECT * FROM heroteamlink ORDER BY team_id, hero_id;
-- cascade_delete=True: the hero's weapons go with it
SELECT orm_flush('[{"op": "delete", "entity": "Hero", "key": 1}]', 'counts');
SELECT count(*) AS weapons FROM weapon;

-- the full-stack FastAPI template's app/models.py: EmailStr, uuid4 keys by
-- default_factory, a module function as a default (def get_datetime_utc(): return ...),
-- sa_type=DateTime(timezone=True), data models for the API beside the table models
SELECT orm_declare('import uuid
from datetime import datetime, timezone

from pydantic import EmailStr
from sqlalchemy import DateTime
from sqlmodel import Field, Relationship, SQLModel


def get_datetime_utc() -> datetime:
    return datetime.now(timezone.utc)


class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=255)
    is_active: bool = True
    is_superuser: bool = False
    full_name: str | None = Field(default=None, max_length=255)


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=128)


class UserUpdate(UserBase):
    email: EmailStr | None = Field(default=None, max_length=255)  # type: ignore
    password: str | None = Field(default=None, min_length=8, max_length=128)


class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    hashed_password: str
    created_at: datetime | None = Field(
        default_factory=get_datetime_utc,
        sa_type=DateTime(timezone=True),  # type: ignore
    )
    items: list["Item"] = Relationship(back_populates="owner", cascade_delete=True)


class UserPublic(UserBase):
    id: uuid.UUID
    created_at: datetime | None = None


class ItemBase(SQLModel):
    title: str = Field(min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=255)


class Item(ItemBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime | None = Field(
        default_factory=get_datetime_utc,
        sa_type=DateTime(timezone=True),  # type: ignore
    )
    owner_id: uuid.UUID = Field(
        foreign_key="user.id", nullable=False, ondelete="CASCADE"
    )
    owner: User | None = Relationship(back_populates="items")
');
SELECT orm_ddl();
SELECT orm_create_all();
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"email": "a@example.org", "hashed_password": "h", "items": [{"title": "t1"}]}}]', 'counts');
SELECT email, is_active, is_superuser, full_name, length(CAST(id AS TEXT)) AS id_len, created_at IS NOT NULL AS has_created FROM "user";
SELECT orm_select('session.exec(select(Item.title, User.email).join(Item.owner)).all()') AS items;

-- refused, with line and column
SELECT orm_declare('from sqlmodel import Field, SQLModel
class Base1(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
class Sub1(Base1, table=True):
    x: int
');
SELECT orm_declare('from sqlmodel import Field, SQLModel
class Bad2(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", ondelete="SET NULL")
');
SELECT orm_declare('from sqlmodel import Field, SQLModel
class Bad3(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    tags: dict[str, int]
');
SELECT orm_declare('from sqlmodel import Field, Relationship, SQLModel
class Bad4(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    others: list["Bad4"] = Relationship(link_model=Missing)
');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
