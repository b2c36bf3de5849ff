--
-- declare_flask: Flask-SQLAlchemy 3.x models (db = SQLAlchemy(), class X(db.Model))
-- as Flask apps write them: db.Column / db.String / db.ForeignKey / db.relationship
-- with backref, db.Table association tables, Mapped/mapped_column under db.Model,
-- SQLAlchemy(model_class=Base), and Flask-SQLAlchemy's automatic __tablename__
-- (CamelCase -> camel_case; a mixin's or an abstract class's name kept; no table
-- for a subclass without a primary key: single-table inheritance).  The tables
-- and names are what Flask-SQLAlchemy 3.0.3 on SQLAlchemy 2.0.52 gives
-- (test/ecosystem/flask_ref.py, its output beside it).
--
\pset format unaligned

SELECT orm_declare('from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)

tags = db.Table("tags",
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
    db.Column("page_id", db.Integer, db.ForeignKey("page.id"), primary_key=True),
)

class Page(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)
    tags = db.relationship("Tag", secondary=tags, lazy="subquery",
                           backref=db.backref("pages", lazy=True))

class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(30), unique=True)

class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    type = db.Column(db.String(20))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}

class Manager(Employee):
    budget = db.Column(db.Integer)
    __mapper_args__ = {"polymorphic_identity": "manager"}

class Engineer(Employee):
    id = db.Column(db.Integer, db.ForeignKey("employee.id"), primary_key=True)
    language = db.Column(db.String(20))
    __mapper_args__ = {"polymorphic_identity": "engineer"}

class Intern(Employee):
    __tablename__ = "interns"
    school = db.Column(db.String(40))
    __mapper_args__ = {"polymorphic_identity": "intern"}

class Named:
    __tablename__ = "named_things"
    note = db.Column(db.String(5))

class Thing(Named, db.Model):
    id = db.Column(db.Integer, primary_key=True)

class TimestampModel(db.Model):
    __abstract__ = True
    id = db.Column(db.Integer, primary_key=True)
    created = db.Column(db.DateTime, server_default=db.func.now())

class BlogPost(TimestampModel):
    body = db.Column(db.Text)

class HTTPResponse(db.Model):
    id = db.Column(db.Integer, primary_key=True)

class OAuth2Token(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_v2_id = db.Column(db.Integer, db.ForeignKey("user_v2.id"))

class UserV2(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    tokens = db.relationship("OAuth2Token", backref="user", cascade="all, delete-orphan")
');
SELECT orm_ddl();
SELECT orm_create_all();
SELECT orm_flush('[{"op": "add", "entity": "Page", "data": {"title": "Home", "tags": [{"name": "a"}, {"name": "b"}]}},
                   {"op": "add", "entity": "Manager", "data": {"name": "Mia", "budget": 10}},
                   {"op": "add", "entity": "Engineer", "data": {"name": "Eli", "language": "C"}},
                   {"op": "add", "entity": "Intern", "data": {"name": "Ian", "school": "MIT"}},
                   {"op": "add", "entity": "UserV2", "data": {"tokens": [{}, {}]}}]', 'counts');
SELECT * FROM tags ORDER BY tag_id;
SELECT id, name, type, budget, school FROM employee ORDER BY id;
SELECT orm_select('db.session.scalars(db.select(Tag).options(db.selectinload(Tag.pages)).order_by(Tag.id)).all()');
SELECT orm_select('db.session.scalars(db.select(Employee).order_by(Employee.id)).all()');
SELECT orm_select('OAuth2Token.query.filter(OAuth2Token.user.has(UserV2.id == 1)).count()');

-- Mapped / mapped_column under db.Model, and SQLAlchemy(model_class=Base) (3.1)
SELECT orm_declare('from sqlalchemy import String, ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from flask_sqlalchemy import SQLAlchemy

class Base(DeclarativeBase):
    type_annotation_map = {str: String(64)}

fdb = SQLAlchemy(model_class=Base)

class AuthorProfile(fdb.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(unique=True)
    books: Mapped[list["BookItem"]] = relationship(back_populates="author")

class BookItem(fdb.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("author_profile.id"))
    author: Mapped[AuthorProfile] = relationship(back_populates="books")
');
SELECT orm_ddl() LIKE '%CREATE TABLE "author_profile"%"handle" VARCHAR(64) NOT NULL%' AS mapped_style;

-- the Flask Mega-Tutorial's app/models.py: db imported from the app package
-- (an instance made elsewhere), sqlalchemy as sa / sqlalchemy.orm as so,
-- flask_login's UserMixin, WriteOnlyMapped, a self-referential many-to-many
SELECT orm_declare('from datetime import datetime, timezone
from typing import Optional
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from app import db, login

followers = sa.Table(
    "followers",
    db.metadata,
    sa.Column("follower_id", sa.Integer, sa.ForeignKey("mt_user.id"), primary_key=True),
    sa.Column("followed_id", sa.Integer, sa.ForeignKey("mt_user.id"), primary_key=True)
)

class MtUser(UserMixin, db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), index=True, unique=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(120), index=True, unique=True)
    password_hash: so.Mapped[Optional[str]] = so.mapped_column(sa.String(256))
    last_seen: so.Mapped[Optional[datetime]] = so.mapped_column(
        default=lambda: datetime.now(timezone.utc))
    posts: so.WriteOnlyMapped["MtPost"] = so.relationship(back_populates="author")
    following: so.WriteOnlyMapped["MtUser"] = so.relationship(
        secondary=followers, primaryjoin=(followers.c.follower_id == id),
        secondaryjoin=(followers.c.followed_id == id),
        back_populates="followers")
    followers: so.WriteOnlyMapped["MtUser"] = so.relationship(
        secondary=followers, primaryjoin=(followers.c.followed_id == id),
        secondaryjoin=(followers.c.follower_id == id),
        back_populates="following")

    def __repr__(self):
        return "<User {}>".format(self.username)

class MtPost(db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    body: so.Mapped[str] = so.mapped_column(sa.String(140))
    timestamp: so.Mapped[datetime] = so.mapped_column(
        index=True, default=lambda: datetime.now(timezone.utc))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey(MtUser.id), index=True)
    author: so.Mapped[MtUser] = so.relationship(back_populates="posts")
');
SELECT orm_create_all();
SELECT orm_select('db.session.scalars(sa.select(MtUser).where(MtUser.username == "x")).all()') AS mega_tutorial_query;

-- SQLAlchemy(metadata=MetaData(naming_convention=...)), as Flask-Migrate apps set it:
-- the models' constraints and db.Table's / db.metadata's tables named by it
SELECT orm_declare('from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ncdb = SQLAlchemy(metadata=MetaData(naming_convention=convention))
nc_roles_users = ncdb.Table("nc_roles_users",
    ncdb.Column("user_id", ncdb.Integer, ncdb.ForeignKey("nc_user.id")),
    ncdb.Column("role_id", ncdb.Integer, ncdb.ForeignKey("nc_role.id")))
nc_t2 = ncdb.Table("nc_t2", ncdb.metadata, ncdb.Column("x", ncdb.Integer, unique=True))
class NcUser(ncdb.Model):
    id = ncdb.Column(ncdb.Integer, primary_key=True)
    email = ncdb.Column(ncdb.String(255), unique=True)
    roles = ncdb.relationship("NcRole", secondary=nc_roles_users,
                              backref=ncdb.backref("users", lazy="dynamic"))
class NcRole(ncdb.Model):
    id = ncdb.Column(ncdb.Integer, primary_key=True)
    name = ncdb.Column(ncdb.String(80), unique=True, index=True)
');
SELECT orm_ddl() LIKE '%CONSTRAINT "pk_nc_user" PRIMARY KEY%CONSTRAINT "uq_nc_user_email" UNIQUE%' AS model_names,
       orm_ddl() LIKE '%CONSTRAINT "fk_nc_roles_users_user_id_nc_user" FOREIGN KEY%' AS db_table_names,
       orm_ddl() LIKE '%CONSTRAINT "uq_nc_t2_x" UNIQUE%' AS db_metadata_names,
       orm_ddl() LIKE '%CREATE UNIQUE INDEX "ix_nc_role_name"%' AS index_names;

-- disable_autonaming=True: no name given, as SQLAlchemy without Flask
SELECT orm_declare('from flask_sqlalchemy import SQLAlchemy
ndb = SQLAlchemy(disable_autonaming=True)
class Unnamed(ndb.Model):
    id = ndb.Column(ndb.Integer, primary_key=True)
');
-- a model without a primary key and no mapped parent: SQLAlchemy''s error
SELECT orm_declare('from flask_sqlalchemy import SQLAlchemy
kdb = SQLAlchemy()
class NoKey(kdb.Model):
    name = kdb.Column(kdb.String(10))
');
-- model_class other than a class name: refused with its place
SELECT orm_declare('from flask_sqlalchemy import SQLAlchemy
xdb = SQLAlchemy(model_class=make_base())
');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
