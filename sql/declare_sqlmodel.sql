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
