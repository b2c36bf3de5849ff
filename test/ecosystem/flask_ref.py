"""
flask_ref.py -- what Flask-SQLAlchemy does with sql/declare_flask.sql's and
sql/query_flask.sql's models and calls, run once to check their expected
output (not part of make check; needs Flask-SQLAlchemy 3.x, e.g. Debian's
python3-flask-sqlalchemy 3.0.3, and SQLAlchemy 2.0 on the path):

    PYTHONPATH=/path/to/sqlalchemy-2.0/lib python3 test/ecosystem/flask_ref.py > test/ecosystem/flask_ref.out
"""
import json
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.schema import CreateTable
from sqlalchemy import inspect, select
from werkzeug.exceptions import NotFound

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
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

# query_flask.sql's model
class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120))
    posts = db.relationship("Post", backref="author", lazy=True, order_by="Post.id")

class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80))
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))


def obj(o):
    if o is None or isinstance(o, (int, str)):
        return o
    if isinstance(o, tuple) or hasattr(o, "_fields"):
        return [obj(x) for x in o]
    return {c.key: getattr(o, c.key) for c in inspect(o).mapper.column_attrs}


def show(label, fn):
    try:
        v = fn()
    except NotFound as e:
        print(label, "->", str(e))
        return
    if isinstance(v, list):
        v = [obj(x) for x in v]
    elif hasattr(v, "items") and hasattr(v, "iter_pages"):
        v = {"items": [obj(x) for x in v.items], "total": v.total, "page": v.page,
             "per_page": v.per_page, "pages": v.pages, "has_prev": v.has_prev,
             "has_next": v.has_next, "prev_num": v.prev_num, "next_num": v.next_num,
             "first": v.first, "last": v.last, "iter_pages": list(v.iter_pages())}
    else:
        v = obj(v)
    print(label, "->", json.dumps(v, default=str))


with app.app_context():
    for c in [Page, Tag, Employee, Manager, Engineer, Intern, Thing, BlogPost, HTTPResponse,
              OAuth2Token, UserV2, User, Post]:
        print(c.__name__, c.__table__.name)
    for t in db.metadata.sorted_tables:
        print(str(CreateTable(t)).strip())
    db.create_all()
    names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"]
    for i, n in enumerate(names):
        u = User(username=n, email=None if i % 3 == 0 else n + "@example.com")
        u.posts = [Post(title=f"{n} {k}") for k in range(i % 3)]
        db.session.add(u)
    db.session.commit()
    s = db.session
    show("scalar_one", lambda: s.execute(db.select(User).filter_by(username="bob")).scalar_one())
    show("scalars", lambda: s.scalars(db.select(User).order_by(User.username.desc()).limit(3)).all())
    show("query.filter_by.first", lambda: User.query.filter_by(username="carol").first())
    show("query.get", lambda: User.query.get(4))
    show("session.get", lambda: db.session.get(User, 2))
    show("query.order_by.all", lambda: User.query.order_by(User.email, User.id).all())
    show("query.filter.count", lambda: User.query.filter(User.email.is_(None)).count())
    show("get_or_404", lambda: db.get_or_404(User, 3))
    show("get_or_404 missing", lambda: db.get_or_404(User, 99))
    show("get_or_404 description", lambda: db.get_or_404(User, 99, description="no such user"))
    show("first_or_404", lambda: db.first_or_404(db.select(User).filter_by(username="dave")))
    show("first_or_404 none", lambda: db.first_or_404(db.select(User).filter_by(username="zed")))
    show("one_or_404", lambda: db.one_or_404(db.select(User).where(User.id == 5)))
    show("one_or_404 many", lambda: db.one_or_404(db.select(User).where(User.id > 5)))
    show("query.get_or_404", lambda: User.query.get_or_404(6))
    show("query.first_or_404", lambda: User.query.filter(User.id > 100).first_or_404())
    show("query.one_or_404", lambda: User.query.filter_by(username="grace").one_or_404())
    show("paginate 2", lambda: db.paginate(db.select(User).order_by(User.id), page=2, per_page=3))
    show("paginate 3", lambda: db.paginate(db.select(User).order_by(User.id), page=3, per_page=3))
    show("paginate defaults", lambda: db.paginate(db.select(User).order_by(User.id)))
    show("paginate max_per_page", lambda: db.paginate(db.select(User).order_by(User.id), per_page=50, max_per_page=2))
    show("paginate count=False", lambda: db.paginate(db.select(User).order_by(User.id), per_page=2, count=False))
    show("paginate beyond", lambda: db.paginate(db.select(User).order_by(User.id), page=9, per_page=3))
    show("paginate beyond error_out=False", lambda: db.paginate(db.select(User).order_by(User.id), page=9, per_page=3, error_out=False))
    show("paginate page 0", lambda: db.paginate(db.select(User), page=0))
    show("paginate join", lambda: db.paginate(db.select(User).join(User.posts).where(Post.title.like("%1")).order_by(User.id), per_page=1))
    show("query.paginate", lambda: User.query.filter(User.email.is_not(None)).order_by(User.id).paginate(page=2, per_page=2))
    show("paginate 30 pages", lambda: type("P", (), {})) if False else None
    show("rows", lambda: s.execute(db.select(User.username, db.func.count(Post.id).label("n")).join(User.posts).group_by(User.username).order_by(User.username)).all())
    show("backref", lambda: s.scalars(db.select(Post).where(Post.author.has(User.username == "carol")).order_by(Post.id)).all())
