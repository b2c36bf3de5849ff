"""
sqlmodel_ref.py -- what SQLModel does with sql/declare_sqlmodel.sql's and
sql/query_sqlmodel.sql's models and calls, run once to check their expected
output (not part of make check; needs SQLModel 0.0.30 with pydantic and
SQLAlchemy 2.0 on the path):

    PYTHONPATH=<sqlmodel>:<sqlalchemy 2.0> python3 test/ecosystem/sqlmodel_ref.py > test/ecosystem/sqlmodel_ref.out
"""
import json
from typing import Optional, List
from datetime import datetime, date
from decimal import Decimal
import enum
import uuid
from sqlalchemy import Text, MetaData, inspect, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload
from sqlalchemy.schema import CreateTable, CreateIndex
from sqlmodel import Field, Relationship, SQLModel, Column, String, create_engine, Session, select


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
    weapons: List["Weapon"] = Relationship(back_populates="hero", cascade_delete=True)

class HeroCreate(HeroBase):
    pass

class Weapon(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=30, unique=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", ondelete="CASCADE")
    hero: Optional[Hero] = Relationship(back_populates="weapons")

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


def d(o):
    if isinstance(o, SQLModel):
        return {c.key: getattr(o, c.key) for c in inspect(o).mapper.column_attrs}
    if isinstance(o, (list, tuple)) or hasattr(o, "_fields"):
        return [d(x) for x in o]
    return o


def show(label, fn):
    try:
        v = fn()
    except Exception as e:  # noqa
        print(label, "->", type(e).__name__, str(e).splitlines()[0])
        return
    print(label, "->", json.dumps(d(v), default=str))


for dialect in (postgresql.dialect(), sqlite.dialect()):
    for t in SQLModel.metadata.sorted_tables:
        print(str(CreateTable(t).compile(dialect=dialect)).strip())
        for i in sorted(t.indexes, key=lambda i: i.name):
            print(str(CreateIndex(i).compile(dialect=dialect)).strip())

e = create_engine("sqlite://")
SQLModel.metadata.create_all(e)
with Session(e) as s:
    t = Team(name="Preventers", headquarters="Sharp Tower")
    h1 = Hero(name="Deadpond", secret_name="Dive Wilson")
    h1.weapons = [Weapon(name="katana")]
    h2 = Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48, power="swim")
    t.heroes = [h1, h2]
    s.add(t)
    s.add(Hero(name="Spider-Boy", secret_name="Pedro Parqueador", age=16))
    s.commit()
    print(e.raw_connection().execute("select * from hero order by id").fetchall())
    print(e.raw_connection().execute("select * from heroteamlink order by 1, 2").fetchall())
    s.delete(s.get(Hero, 1))
    s.commit()
    print("weapons", e.raw_connection().execute("select count(*) from weapon").fetchall())

# query_sqlmodel.sql
class Team2(SQLModel, table=True):
    __tablename__ = "team2"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str
    heroes: List["Hero2"] = Relationship(back_populates="team")

class Hero2(SQLModel, table=True):
    __tablename__ = "hero2"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team2.id")
    team: Optional[Team2] = Relationship(back_populates="heroes")

Team, Hero = Team2, Hero2
e = create_engine("sqlite://")
SQLModel.metadata.create_all(e)
with Session(e) as s:
    s.add(Team(name="Preventers", headquarters="Sharp Tower",
               heroes=[Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48)]))
    s.add(Team(name="Z-Force", headquarters="Sister Margaret's Bar",
               heroes=[Hero(name="Deadpond", secret_name="Dive Wilson")]))
    s.add(Hero(name="Spider-Boy", secret_name="Pedro Parqueador"))
    s.add(Hero(name="Black Lion", secret_name="Trevor Challa", age=35))
    s.commit()
    show("exec_all", lambda: s.exec(select(Hero).where(Hero.age > 30).order_by(Hero.id)).all())
    show("exec_first", lambda: s.exec(select(Hero).where(Hero.age <= 35)).first())
    show("exec_one", lambda: s.exec(select(Hero).where(Hero.name == "Deadpond")).one())
    show("exec_first_none", lambda: s.exec(select(Hero).where(Hero.age > 100)).first())
    show("exec_one_none", lambda: s.exec(select(Hero).where(Hero.age > 100)).one())
    show("get", lambda: s.get(Hero, 3))
    show("exec_column", lambda: s.exec(select(Hero.name).order_by(Hero.name)).all())
    show("exec_columns", lambda: s.exec(select(Hero.name, Hero.age).where(Hero.age != None).order_by(Hero.id)).all())
    show("exec_two_entities", lambda: s.exec(select(Hero, Team).where(Hero.team_id == Team.id).order_by(Hero.id)).all())
    show("exec_offset_limit", lambda: s.exec(select(Hero).offset(1).limit(2).order_by(Hero.id)).all())
    show("exec_selectinload", lambda: [(d(t), d(t.heroes)) for t in s.exec(select(Team).options(selectinload(Team.heroes)).order_by(Team.id)).all()])
    show("exec_count", lambda: s.exec(select(func.count(Hero.id))).one())
    show("exec_attr", lambda: s.exec(select(Hero).where(Hero.name == "Rusty-Man")).one().team_id)
