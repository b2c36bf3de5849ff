--
-- query_flask: the query calls of Flask-SQLAlchemy 3.x apps: db.session.execute /
-- scalars / get with db.select, Model.query (filter_by, get, order_by, count),
-- db.get_or_404 / first_or_404 / one_or_404 and the Query's (404 Not Found as an
-- error), db.paginate / Query.paginate as a JSON object of the Pagination's
-- attributes.  Each result is what Flask-SQLAlchemy 3.0.3 on SQLAlchemy 2.0.52
-- returned for the same rows (test/ecosystem/flask_ref.py, flask_ref.out).
--
\pset format unaligned

SELECT orm_declare('from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()

class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120))
    posts = db.relationship("Post", backref="author", lazy=True, order_by="Post.id")

class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80))
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
');
SELECT orm_create_all();
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice"}},
  {"op": "add", "entity": "User", "data": {"username": "bob", "email": "bob@example.com", "posts": [{"title": "bob 0"}]}},
  {"op": "add", "entity": "User", "data": {"username": "carol", "email": "carol@example.com", "posts": [{"title": "carol 0"}, {"title": "carol 1"}]}},
  {"op": "add", "entity": "User", "data": {"username": "dave"}},
  {"op": "add", "entity": "User", "data": {"username": "erin", "email": "erin@example.com", "posts": [{"title": "erin 0"}]}},
  {"op": "add", "entity": "User", "data": {"username": "frank", "email": "frank@example.com", "posts": [{"title": "frank 0"}, {"title": "frank 1"}]}},
  {"op": "add", "entity": "User", "data": {"username": "grace"}}]', 'counts');

SELECT orm_select('db.session.execute(db.select(User).filter_by(username="bob")).scalar_one()') AS scalar_one;
SELECT orm_select('db.session.scalars(db.select(User).order_by(User.username.desc()).limit(3)).all()') AS scalars;
SELECT orm_select('User.query.filter_by(username="carol").first()') AS query_filter_by_first;
SELECT orm_select('User.query.get(4)') AS query_get;
SELECT orm_select('db.session.get(User, 2)') AS session_get;
SELECT orm_select('User.query.order_by(User.email, User.id).all()') AS query_order_by_all;
SELECT orm_select('User.query.filter(User.email.is_(None)).count()') AS query_filter_count;
SELECT orm_select('db.get_or_404(User, 3)') AS get_or_404;
SELECT orm_select('db.get_or_404(User, 99)') AS get_or_404_missing;
SELECT orm_select('db.get_or_404(User, 99, description="no such user")') AS get_or_404_description;
SELECT orm_select('db.first_or_404(db.select(User).filter_by(username="dave"))') AS first_or_404;
SELECT orm_select('db.first_or_404(db.select(User).filter_by(username="zed"))') AS first_or_404_none;
SELECT orm_select('db.one_or_404(db.select(User).where(User.id == 5))') AS one_or_404;
SELECT orm_select('db.one_or_404(db.select(User).where(User.id > 5))') AS one_or_404_many;
SELECT orm_select('User.query.get_or_404(6)') AS query_get_or_404;
SELECT orm_select('User.query.filter(User.id > 100).first_or_404()') AS query_first_or_404;
SELECT orm_select('User.query.filter_by(username="grace").one_or_404()') AS query_one_or_404;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id), page=2, per_page=3)') AS paginate_2;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id), page=3, per_page=3)') AS paginate_3;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id))') AS paginate_defaults;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id), per_page=50, max_per_page=2)') AS paginate_max_per_page;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id), per_page=2, count=False)') AS paginate_no_count;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id), page=9, per_page=3)') AS paginate_beyond;
SELECT orm_select('db.paginate(db.select(User).order_by(User.id), page=9, per_page=3, error_out=False)') AS paginate_beyond_no_error;
SELECT orm_select('db.paginate(db.select(User), page=0)') AS paginate_page_0;
SELECT orm_select('db.paginate(db.select(User).join(User.posts).where(Post.title.like("%1")).order_by(User.id), per_page=1)') AS paginate_join;
SELECT orm_select('User.query.filter(User.email.is_not(None)).order_by(User.id).paginate(page=2, per_page=2)') AS query_paginate;
SELECT orm_select('db.session.execute(db.select(User.username, db.func.count(Post.id).label("n")).join(User.posts).group_by(User.username).order_by(User.username)).all()') AS rows;
SELECT orm_select('db.session.scalars(db.select(Post).where(Post.author.has(User.username == "carol")).order_by(Post.id)).all()') AS backref;
-- the page as a program would take it apart
SELECT orm_select('page = db.paginate(db.select(User).order_by(User.id), page=1, per_page=2)
[u.username for u in page["items"]]') AS page_items;
SELECT orm_select('page = db.paginate(db.select(User).order_by(User.id), page=2, per_page=2, error_out=False)
{"users": [u.username for u in page.items], "total": page.total, "next": page.next_num,
 "has_prev": page.has_prev, "pages": list(page.iter_pages(left_edge=1, right_edge=0))}') AS page_attributes;
SELECT orm_select('db.paginate(db.select(User), per_page=1).iter_pages(left_current=1, right_current=1)') AS iter_pages;
-- refused
SELECT orm_select('db.paginate(db.select(User), per_page=1).next()') AS page_next;
SELECT orm_select('db.paginate(db.select(User), per_page=1).colour') AS page_attr;
SELECT orm_select('db.paginate(User.query)') AS paginate_query;
SELECT orm_select('db.paginate(db.select(User), page="2")') AS paginate_page_str;
SELECT orm_select('User.query.paginate(2)') AS paginate_positional;
SELECT orm_select('db.get_or_404(User, 1, colour="red")') AS get_or_404_kw;
SELECT orm_select('select(User).get_or_404(1)') AS not_a_query;
SELECT orm_compile('db.paginate(db.select(User), page=2)') AS compile_paginate;
SELECT orm_compile('db.get_or_404(User, 2)') AS compile_get_or_404;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
