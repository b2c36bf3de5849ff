--
-- query_sqlmodel: SQLModel's Session.exec(): a select() of one entity or one
-- column gives its ScalarResult (all(), first(), one()), of several the Result
-- of rows; session.get().  Results as SQLModel 0.0.30 on SQLAlchemy 2.0.52
-- returned them for the same rows (test/ecosystem/sqlmodel_ref.py).
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlmodel import Field, Relationship, SQLModel

class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str
    heroes: list["Hero"] = Relationship(back_populates="team")

class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")
');
SELECT orm_create_all();
SELECT orm_flush('[{"op": "add", "entity": "Team", "data": {"name": "Preventers", "headquarters": "Sharp Tower",
     "heroes": [{"name": "Rusty-Man", "secret_name": "Tommy Sharp", "age": 48}]}},
  {"op": "add", "entity": "Team", "data": {"name": "Z-Force", "headquarters": "Sister Margaret''s Bar",
     "heroes": [{"name": "Deadpond", "secret_name": "Dive Wilson"}]}},
  {"op": "add", "entity": "Hero", "data": {"name": "Spider-Boy", "secret_name": "Pedro Parqueador"}},
  {"op": "add", "entity": "Hero", "data": {"name": "Black Lion", "secret_name": "Trevor Challa", "age": 35}}]', 'counts');

SELECT orm_select('session.exec(select(Hero).where(Hero.age > 30).order_by(Hero.id)).all()') AS exec_all;
SELECT orm_select('session.exec(select(Hero).where(Hero.age <= 35)).first()') AS exec_first;
SELECT orm_select('session.exec(select(Hero).where(Hero.name == "Deadpond")).one()') AS exec_one;
SELECT orm_select('session.exec(select(Hero).where(Hero.age > 100)).first()') AS exec_first_none;
SELECT orm_select('session.exec(select(Hero).where(Hero.age > 100)).one()') AS exec_one_none;
SELECT orm_select('session.get(Hero, 3)') AS get;
SELECT orm_select('session.exec(select(Hero.name).order_by(Hero.name)).all()') AS exec_column;
SELECT orm_select('session.exec(select(Hero.name, Hero.age).where(Hero.age != None).order_by(Hero.id)).all()') AS exec_columns;
SELECT orm_select('session.exec(select(Hero, Team).where(Hero.team_id == Team.id).order_by(Hero.id)).all()') AS exec_two_entities;
SELECT orm_select('session.exec(select(Hero).offset(1).limit(2).order_by(Hero.id)).all()') AS exec_offset_limit;
SELECT orm_select('session.exec(select(Team).options(selectinload(Team.heroes)).order_by(Team.id)).all()') AS exec_selectinload;
SELECT orm_select('session.exec(select(func.count(Hero.id))).one()') AS exec_count;
SELECT orm_select('hero = session.exec(select(Hero).where(Hero.name == "Rusty-Man")).one()
hero.team_id') AS exec_attr;
-- sqlmodel.col(): the column itself
SELECT orm_select('session.exec(select(Hero).where(col(Hero.age) >= 35).order_by(col(Hero.id).desc())).all()') AS col;
SELECT orm_select('session.exec(select(Hero), params={"x": 1}, colour=1)') AS exec_bad_kw;
SELECT orm_select('col(Hero)') AS col_entity;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
