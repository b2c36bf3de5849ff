--
-- query_sa: statements checked against SQLAlchemy 2.0.40 (same data, same
-- engine, results compared field by field), kept as regression tests for
-- what differential testing fixed: true division, Python date/Decimal/UUID
-- literals, Row._fields naming, self-referential any(), loader criteria
-- (rel.and_()), aliased(Entity, subquery), joined eager ORDER BY, unions of
-- entities, and refused raw SQL.  One source for both engines.
--
\pset format unaligned

SELECT orm_declare('import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Enum as SAEnum, ForeignKey, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class PostStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    age: Mapped[Optional[int]]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    posts: Mapped[list["Post"]] = relationship(back_populates="author", order_by="Post.id")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    views: Mapped[int] = mapped_column(default=0)
    status: Mapped[PostStatus] = mapped_column(SAEnum(PostStatus))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    author: Mapped["User"] = relationship(back_populates="posts")


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    salary: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    hired_on: Mapped[date]
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    manager: Mapped[Optional["Employee"]] = relationship(back_populates="reports", remote_side=[id])
    reports: Mapped[list["Employee"]] = relationship(back_populates="manager", order_by="Employee.id")


class Config(Base):
    __tablename__ = "configs"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
') IS NOT NULL AS declared;

SELECT orm_create_all() IS NOT NULL AS created;

SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"id": 1, "username": "alice", "age": 30, "created_at": "2024-01-05T10:00:00"}},
  {"op": "add", "entity": "User", "data": {"id": 2, "username": "bob", "age": 17, "created_at": "2024-02-10T12:30:00"}},
  {"op": "add", "entity": "User", "data": {"id": 3, "username": "carol", "age": null, "is_active": false, "created_at": "2023-12-31T23:59:59.123456"}},
  {"op": "add", "entity": "Post", "data": {"id": 1, "title": "Hello", "views": 100, "status": "published", "author_id": 1, "created_at": "2024-01-06T09:00:00"}},
  {"op": "add", "entity": "Post", "data": {"id": 2, "title": "SQL tips", "views": 250, "status": "published", "author_id": 1, "created_at": "2024-02-01T09:00:00"}},
  {"op": "add", "entity": "Post", "data": {"id": 3, "title": "Draft", "views": 7, "status": "draft", "author_id": 2, "created_at": "2024-02-11T09:00:00"}},
  {"op": "add", "entity": "Employee", "data": {"id": 1, "name": "Ann", "salary": 250000.00, "hired_on": "2010-01-01",
    "reports": [{"id": 2, "name": "Ben", "salary": 180000.00, "hired_on": "2012-06-01",
                 "reports": [{"id": 4, "name": "Dee", "salary": 120000.50, "hired_on": "2018-09-01"}]},
                {"id": 3, "name": "Cid", "salary": 175000.00, "hired_on": "2013-03-15"}]}},
  {"op": "add", "entity": "Config", "data": {"id": "11111111-2222-3333-4444-555555555555", "name": "site", "data": {"theme": "dark", "max": 10}}}
]') IS NOT NULL AS flushed;


-- true division: int / float is FLOAT, int / int is NUMERIC (not integer division)
SELECT orm_select('select(Post.id, (Post.id / 3.0).label("third"), (Post.views / 2).label("half")).order_by(Post.id)') AS r;

-- floor division stays integer
SELECT orm_select('select((Post.views // 3).label("v")).order_by(Post.id)') AS r;

-- date() / datetime() / timedelta() literals, Python datetime arithmetic
SELECT orm_select('select(Employee.name).where(Employee.hired_on > date(2012, 6, 1)).order_by(Employee.id)') AS r;
SELECT orm_select('select(User.username).where(User.created_at >= datetime(2024, 1, 5, 10)).order_by(User.id)') AS r;
SELECT orm_select('select(Post.title).where(Post.created_at > datetime(2024, 2, 1) - timedelta(days=1, hours=1)).order_by(Post.id)') AS r;
SELECT orm_select('select(Employee.name).where(Employee.salary > Decimal("175000.00")).order_by(Employee.id)') AS r;
SELECT orm_select('select(Config.name).where(Config.id == uuid.UUID("11111111222233334444555555555555"))') AS r;

-- an invalid date is an error at its position
SELECT orm_select('select(User).where(User.created_at > datetime(2024, 2, 30))') AS r;

-- Row._fields: an unnamed aliased() entity has no name (SQLAlchemy reads it by
-- position); the row keys it by its class, deduplicated (User_1)
SELECT orm_select('u2 = aliased(User)
select(User.username, User, u2).join(u2, User.id < u2.id).where(u2.id == 2)') AS r;
SELECT orm_select('u2 = aliased(User, name="other")
select(User.username, u2.username).join(u2, User.id < u2.id).order_by(User.id, u2.id)') AS r;

-- Row._fields of unlabeled expressions: filter()/over() are anonymous, ~bool keeps its name
SELECT orm_select('select(User.id, func.count(Post.id).filter(Post.views > 50), func.row_number().over(order_by=User.id), ~User.is_active, User.id * 2).outerjoin(User.posts).group_by(User.id).order_by(User.id)') AS r;
SELECT orm_select('select(func.row_number().over(order_by=User.id)).order_by(User.id)') AS r;

-- a self-referential any() adapts its criterion to the alias
SELECT orm_select('select(Employee.name).where(Employee.reports.any(Employee.name == "Dee"))') AS r;
SELECT orm_select('select(Employee.name).where(Employee.manager.has(Employee.name == "Ann")).order_by(Employee.id)') AS r;

-- in_() of a scalar_subquery()
SELECT orm_select('select(User.username).where(User.id.in_(select(Post.author_id).where(Post.views > 50).scalar_subquery()))') AS r;

-- an integer argument of a function is an integer (round(numeric, int) on PostgreSQL)
SELECT orm_select('select(func.round(func.avg(Employee.salary), 2).label("avg"))') AS r;

-- joinedload of an ordered collection orders the statement by it (parents by first child)
SELECT orm_select('select(User).options(joinedload(User.posts))') AS r;

-- a union of entity selects returns columns
SELECT orm_select('select(User).where(User.id == 1).union(select(User).where(User.id == 2)).order_by(User.id)') AS r;

-- loader criteria: rel.and_() in selectinload, joinedload and join
SELECT orm_select('select(User).options(selectinload(User.posts.and_(Post.views > 50))).order_by(User.id)') AS r;
SELECT orm_select('select(User).options(joinedload(User.posts.and_(Post.status == PostStatus.DRAFT))).order_by(User.id)') AS r;
SELECT orm_select('select(User.username, Post.title).join(User.posts.and_(Post.views < 200)).order_by(Post.id)') AS r;

-- aliased() of an entity to a subquery
SELECT orm_select('sq = select(Post).where(Post.views > 10).subquery()
pa = aliased(Post, sq)
select(pa).where(pa.author_id == 1).order_by(pa.id)') AS r;

-- load_only() / defer(): an attribute not loaded is absent; the primary key always loads
SELECT orm_select('select(User).where(User.id == 1).options(load_only(User.username), defer(User.age))') AS r;

-- func.date() is a DATE; extract() is anonymous
SELECT orm_select('select(func.date(Post.created_at), extract("year", Post.created_at)).where(func.date(Post.created_at) == "2024-02-01")') AS r;

-- and_() without arguments adds no criterion (deprecated in SQLAlchemy)
SELECT orm_select('select(func.count(User.id)).where(and_())') AS r;

-- icontains() / istartswith(): ILIKE, or lower() LIKE lower() where there is none
SELECT orm_select('select(User.username).where(User.username.icontains("LI") | User.username.istartswith("B")).order_by(User.id)') AS r;

-- a relationship compared to None
SELECT orm_select('select(Post.title).where(Post.author != None).order_by(Post.id)') AS r;
SELECT orm_select('select(User.username).where(User.posts == None)') AS r;

-- slice(); a count over an ORM subquery is named as the ORM names it
SELECT orm_select('select(User.username).order_by(User.id).slice(1, 3)') AS r;
SELECT orm_select('select(func.count()).select_from(select(User).where(User.age > 18).subquery())') AS r;

-- the same expression in the select list and GROUP BY (one parameter per value on PostgreSQL)
SELECT orm_select('select(func.substr(User.username, 1, 1).label("initial"), func.count()).group_by(func.substr(User.username, 1, 1)).order_by("initial")') AS r;

-- desc("label") in order_by()
SELECT orm_select('select(User.username.label("u")).order_by(desc("u"))') AS r;

-- raw SQL is refused
SELECT orm_select('select(User).where(text("id = 1"))') AS r;
SELECT orm_select('select(User.username, literal_column("1"))') AS r;

-- the SQL of a true division, per engine: (x + 0.0) on SQLite, CAST on PostgreSQL
SELECT orm_compile('select(Post.id / 3.0, Post.views / 2)') AS sql;

-- leave the database as it was found (pg_regress runs every file in one database)
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
