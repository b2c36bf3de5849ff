# Data-access functions as applications write them (the "apps5" chapter): the body of a
# repository / service function, as query text -- session and Result calls around a
# statement (`session.execute(stmt).scalars().all()`, `.scalar_one_or_none()`,
# `session.get(User, 5, options=[...])`), the legacy Query (`session.query(User)
# .filter(...).order_by(...).first()`, `.count()`, `.get()`, `.subquery()`, `.union()`),
# statements built with if / for on the call's params (search forms, optional
# pagination, sorting through a dict of columns, tag lists) and with_loader_criteria()
# as a tenant filter, plus the errors SQLAlchemy raises (NoResultFound,
# MultipleResultsFound, a joined eager load of a collection without unique()).
# Mappings: the blog of the "apps" chapter (models/app_blog.py) and the multi-tenant
# ledger of "apps3" (models/app_ledger.py). kind "call": gen_expected.py runs the text
# with `session` bound to a real Session (guidelib.py). Derived cases: their "line" is
# their number here.

DEFAULTS.update(feature="select language", source="derived", kind="call", match_error=True)

REL = {"feature": "relationship loading"}

BLOG = [
 # ---- 2.0 style: session.execute / scalars / get -------------------------------
 ("session.execute(select(User).order_by(User.id)).scalars().all()", None, {}),
 ("session.scalars(select(User).where(User.is_active).order_by(User.username)).all()", None, {}),
 ("session.execute(select(User).where(User.username == 'bob')).scalar_one()", None, {}),
 ("session.execute(select(User).where(User.username == 'nobody')).scalar_one_or_none()", None, {}),
 ("session.execute(select(User).where(User.username == 'carol')).scalar_one_or_none()", None, {}),
 ("session.scalars(select(Post).where(Post.slug == slug)).first()", {"slug": "why-sql"}, {}),
 ("session.scalars(select(Post).where(Post.slug == slug)).first()", {"slug": "missing"}, {}),
 ("session.scalar(select(func.count(Post.id)).where(Post.published))", None, {}),
 ("session.scalar(select(func.max(Post.views)))", None, {}),
 ("session.scalar(select(User.email).where(User.id == 2))", None, {}),
 ("session.execute(select(User.id, User.username).order_by(User.id)).all()", None, {}),
 ("session.execute(select(User.id, User.username).order_by(User.id)).mappings().all()", None, {}),
 ("session.execute(select(User.username, User.email).where(User.id == 1)).mappings().first()", None, {}),
 ("session.execute(select(User.username, User.email).where(User.id == 1)).mappings().one()", None, {}),
 ("session.execute(select(Post.title, Post.views).order_by(Post.views.desc())).first()", None, {}),
 ("session.execute(select(Post.title).order_by(Post.id)).scalars().all()", None, {}),
 ("session.execute(select(Post).order_by(Post.id)).all()", None, {}),
 ("session.execute(select(Post).where(Post.id == 3)).one()", None, {}),
 ("session.execute(select(User, Post).join(User.posts).order_by(Post.id)).all()", None, {}),
 ("session.execute(select(User.username, Post.title).join(Post.author).order_by(Post.id)).tuples().all()", None, {}),
 ("session.execute(select(User).options(selectinload(User.posts)).order_by(User.id)).scalars().all()", None, REL),
 ("session.execute(select(User).options(joinedload(User.posts)).order_by(User.id)).scalars().unique().all()", None, REL),
 ("session.execute(select(User).options(joinedload(User.posts)).order_by(User.id)).scalars().all()", None, REL),
 ("session.execute(select(User).options(joinedload(User.posts)).order_by(User.id)).all()", None, REL),
 ("session.execute(select(User).options(joinedload(User.posts)).where(User.id == 1)).scalar_one()", None, REL),
 ("session.execute(select(User).options(joinedload(User.posts)).where(User.id == 1)).unique().scalar_one()", None, REL),
 ("session.execute(select(User).options(joinedload(User.posts)).order_by(User.id)).scalars().first()", None, REL),
 ("session.scalars(select(Post).options(joinedload(Post.author)).order_by(Post.id)).all()", None, REL),
 ("session.scalars(select(Post).options(selectinload(Post.tags), joinedload(Post.author)).where(Post.published).order_by(Post.published_at.desc())).all()", None, REL),
 ("session.scalars(select(Post).options(joinedload(Post.tags)).order_by(Post.id)).unique().all()", None, REL),
 ("session.scalars(select(Post).join(Post.tags).where(Tag.name.in_(['python', 'sql'])).order_by(Post.id)).all()", None, {}),
 ("session.scalars(select(Post).join(Post.tags).where(Tag.name.in_(['python', 'sql'])).order_by(Post.id)).unique().all()", None, {}),
 ("session.scalars(select(Post).where(Post.author_id == 1)).one()", None, {}),
 ("session.scalars(select(Post).where(Post.author_id == 3)).one()", None, {}),
 ("session.scalars(select(Post).where(Post.author_id == 1)).one_or_none()", None, {}),
 ("session.execute(select(User.id).where(User.username == 'zed')).scalar_one()", None, {}),
 ("session.execute(select(User.id).where(User.username == 'zed')).scalar()", None, {}),
 ("session.execute(select(User.id).where(User.username == 'zed')).first()", None, {}),
 ("session.execute(select(User.id).order_by(User.id)).scalars().fetchmany(2)", None, {}),
 ("session.execute(select(Tag.name).order_by(Tag.name)).scalars().all()", None, {}),
 ("session.scalars(select(Tag).where(~Tag.posts.any()).order_by(Tag.id)).all()", None, {}),
 ("session.execute(select(Tag.name, func.count(Post.id).label('n')).join(Tag.posts).group_by(Tag.name).order_by(Tag.name)).all()", None, {}),
 ("session.execute(select(Tag.name, func.count(Post.id).label('n')).join(Tag.posts).group_by(Tag.name).order_by(Tag.name)).mappings().all()", None, {}),
 ("session.get(User, 1)", None, {}),
 ("session.get(User, 42)", None, {}),
 ("session.get(Post, 3, options=[selectinload(Post.comments)])", None, REL),
 ("session.get(Post, 1, options=[joinedload(Post.author), selectinload(Post.tags)])", None, REL),
 ("session.get(User, {'id': 2})", None, {}),
 ("session.get(User, user_id)", {"user_id": 3}, {}),
 ("session.get_one(User, 9)", None, {}),
 ("session.get_one(User, 2)", None, {}),
 ("session.scalars(select(Comment).where(Comment.post_id == 1, Comment.parent_id.is_(None)).order_by(Comment.created_at)).all()", None, {}),
 ("session.scalars(select(Comment).options(selectinload(Comment.replies)).where(Comment.id == 1)).one()", None, REL),
 ("session.scalars(select(Comment).options(joinedload(Comment.author)).where(Comment.post_id == 3).order_by(Comment.id)).all()", None, REL),
 ("session.execute(select(Post.title, Post.comment_count).order_by(Post.comment_count.desc(), Post.id)).all()", None, {}),
 ("session.execute(select(User.username, func.coalesce(func.sum(Post.views), 0).label('views')).outerjoin(User.posts).group_by(User.id).order_by(User.id)).all()", None, {}),
 ("session.execute(select(Post).where(Post.views > 1000)).scalars().all()", None, {}),
 ("session.execute(select(Post).where(Post.views > 1000)).all()", None, {}),
 ("session.scalars(select(User).order_by(User.id).limit(2).offset(1)).all()", None, {}),
 ("session.execute(select(User)).scalars().unique().all()", None, {}),
 ("session.scalars(select(User.username).order_by(User.username.desc())).all()", None, {}),
 ("session.execute(select(User).where(User.id.in_([1, 3])).order_by(User.id)).scalars().all()", None, {}),
 ("session.execute(select(func.count()).select_from(User)).scalar_one()", None, {}),
 ("session.execute(select(exists().where(User.username == 'alice'))).scalar()", None, {}),
 ("session.scalar(select(exists().where(Post.views > 500)))", None, {}),
 ("session.execute(select(User).where(User.username == 'bob')).scalars().one()", None, {}),
 ("stmt = select(User).where(User.username == name)\nuser = session.scalars(stmt).first()\nuser", {"name": "alice"}, {}),
 ("session.execute(select(User.id, User.username).order_by(User.id)).fetchall()", None, {}),
 ("session.execute(select(User.id, User.username).order_by(User.id)).fetchone()", None, {}),
 ("session.execute(select(Post.author_id).order_by(Post.author_id)).scalars().unique().all()", None, {}),
 ("session.execute(select(Post.author_id, Post.published).order_by(Post.author_id)).unique().all()", None, {}),
 ("session.execute(select(User.username, User.email).order_by(User.id)).columns('email').all()", None, {}),
 # ---- the legacy Query ------------------------------------------------------------
 ("session.query(User).order_by(User.id).all()", None, {}),
 ("session.query(User).filter(User.is_active == True).order_by(User.username).all()", None, {}),
 ("session.query(User).filter_by(username='bob').first()", None, {}),
 ("session.query(User).filter_by(username='nobody').first()", None, {}),
 ("session.query(User).filter_by(username='carol').one()", None, {}),
 ("session.query(User).filter_by(username='nobody').one()", None, {}),
 ("session.query(User).filter(User.id > 0).one()", None, {}),
 ("session.query(User).filter_by(username='nobody').one_or_none()", None, {}),
 ("session.query(User).count()", None, {}),
 ("session.query(Post).filter(Post.published).count()", None, {}),
 ("session.query(Post).join(Post.tags).filter(Tag.name == 'python').count()", None, {}),
 ("session.query(User).join(User.posts).count()", None, {}),
 ("session.query(User).join(User.posts).order_by(User.id).all()", None, {}),
 ("session.query(User).get(2)", None, {}),
 ("session.query(User).get(99)", None, {}),
 ("session.query(Post).options(selectinload(Post.tags)).get(1)", None, REL),
 ("session.query(Post).filter(Post.views > 40).order_by(Post.views.desc()).limit(2).all()", None, {}),
 ("session.query(Post).order_by(Post.id).offset(1).limit(2).all()", None, {}),
 ("session.query(Post).order_by(Post.id)[1:3]", None, {}),
 ("session.query(Post).order_by(Post.id).slice(1, 3).all()", None, {}),
 ("session.query(Post.title, Post.views).order_by(Post.id).all()", None, {}),
 ("session.query(Post.title).filter(Post.published).order_by(Post.title).all()", None, {}),
 ("session.query(User.username, func.count(Post.id).label('posts')).outerjoin(User.posts).group_by(User.username).order_by(User.username).all()", None, {}),
 ("session.query(User.username, func.count(Post.id)).outerjoin(User.posts).group_by(User.username).order_by(User.username).all()", None, {}),
 ("session.query(User.username).join(User.posts).group_by(User.username).having(func.count(Post.id) > 1).order_by(User.username).all()", None, {}),
 ("session.query(Post.author_id).distinct().order_by(Post.author_id).all()", None, {}),
 ("session.query(User).outerjoin(User.posts).filter(Post.id.is_(None)).all()", None, {}),
 ("session.query(User).options(joinedload(User.posts)).order_by(User.id).all()", None, REL),
 ("session.query(User).options(joinedload(User.posts)).filter(User.id == 2).one()", None, REL),
 ("session.query(User).options(selectinload(User.posts).selectinload(Post.tags)).filter(User.id == 1).first()", None, REL),
 ("session.query(Post).options(joinedload(Post.author)).filter(Post.published).order_by(Post.id).first()", None, REL),
 ("session.query(func.count(Post.id)).scalar()", None, {}),
 ("session.query(func.sum(Post.views)).filter(Post.author_id == 2).scalar()", None, {}),
 ("session.query(User.email).filter(User.username == 'alice').scalar()", None, {}),
 ("session.query(User.email).filter(User.username == 'nobody').scalar()", None, {}),
 ("session.query(User.email).scalar()", None, {}),
 ("session.query(User).filter(User.username.like('%o%')).order_by(User.id).all()", None, {}),
 ("session.query(User, Post).join(Post, Post.author_id == User.id).order_by(Post.id).all()", None, {}),
 ("session.query(User, Post.title).join(User.posts).filter(Post.views > 100).order_by(Post.id).all()", None, {}),
 ("sub = session.query(Post.author_id, func.count(Post.id).label('n')).group_by(Post.author_id).subquery()\nsession.query(User.username, sub.c.n).join(sub, sub.c.author_id == User.id).order_by(User.username).all()", None, {}),
 ("sub = session.query(Post.author_id).filter(Post.views > 100).subquery()\nsession.query(User).filter(User.id.in_(select(sub.c.author_id))).all()", None, {}),
 ("q1 = session.query(User).filter(User.username == 'alice')\nq2 = session.query(User).filter(User.username == 'carol')\nq1.union(q2).order_by(User.id).all()", None, {}),
 ("session.query(Post).filter(Post.title.ilike('%sql%')).union_all(session.query(Post).filter(Post.views == 0)).order_by(Post.id).all()", None, {}),
 ("session.query(User).filter(User.posts.any(Post.views > 200)).all()", None, {}),
 ("session.query(Comment).filter(Comment.author == None).all()", None, {}),
 ("session.query(Post).filter_by(author_id=1).filter(Post.published == False).all()", None, {}),
 ("session.query(User.id).filter(User.is_active).order_by(User.id).all()", None, {}),
 ("session.query(User).with_entities(User.username).order_by(User.id).all()", None, {}),
 ("session.query(Post).order_by(Post.published_at.desc().nulls_last(), Post.id).first()", None, {}),
 ("session.query(exists().where(User.username == 'bob')).scalar()", None, {}),
 ("session.query(User).order_by(User.id)", None, {}),
 ("session.query(User).join(User.posts).filter(Post.id > 10).first()", None, {}),
 # ---- statements built with if / for on params ------------------------------------
 ("""
  stmt = select(Post)
  if published is not None:
      stmt = stmt.where(Post.published == published)
  if author:
      stmt = stmt.join(Post.author).where(User.username == author)
  if q:
      stmt = stmt.where(Post.title.ilike(f"%{q}%"))
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"published": True, "author": None, "q": None}, {}),
 ("""
  stmt = select(Post)
  if published is not None:
      stmt = stmt.where(Post.published == published)
  if author:
      stmt = stmt.join(Post.author).where(User.username == author)
  if q:
      stmt = stmt.where(Post.title.ilike(f"%{q}%"))
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"published": None, "author": "alice", "q": "orm"}, {}),
 ("""
  stmt = select(Post)
  if published is not None:
      stmt = stmt.where(Post.published == published)
  if author:
      stmt = stmt.join(Post.author).where(User.username == author)
  if q:
      stmt = stmt.where(Post.title.ilike(f"%{q}%"))
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"published": False, "author": "bob", "q": ""}, {}),
 ("""
  SORTS = {"new": Post.published_at.desc(), "popular": Post.views.desc(), "title": Post.title}
  stmt = select(Post.id, Post.title).where(Post.published)
  stmt = stmt.order_by(SORTS.get(sort, Post.id), Post.id)
  session.execute(stmt).all()
  """, {"sort": "popular"}, {}),
 ("""
  SORTS = {"new": Post.published_at.desc(), "popular": Post.views.desc(), "title": Post.title}
  stmt = select(Post.id, Post.title).where(Post.published)
  stmt = stmt.order_by(SORTS.get(sort, Post.id), Post.id)
  session.execute(stmt).all()
  """, {"sort": "title"}, {}),
 ("""
  SORTS = {"new": Post.published_at.desc(), "popular": Post.views.desc(), "title": Post.title}
  stmt = select(Post.id, Post.title).where(Post.published)
  stmt = stmt.order_by(SORTS.get(sort, Post.id), Post.id)
  session.execute(stmt).all()
  """, {"sort": "bogus"}, {}),
 ("""
  COLUMNS = {"views": Post.views, "title": Post.title, "date": Post.published_at}
  col = COLUMNS[sort]
  stmt = select(Post).order_by(col.desc() if direction == "desc" else col.asc(), Post.id)
  session.scalars(stmt).all()
  """, {"sort": "views", "direction": "desc"}, {}),
 ("""
  COLUMNS = {"views": Post.views, "title": Post.title, "date": Post.published_at}
  col = COLUMNS[sort]
  stmt = select(Post).order_by(col.desc() if direction == "desc" else col.asc(), Post.id)
  session.scalars(stmt).all()
  """, {"sort": "nope", "direction": "desc"}, {}),
 ("""
  stmt = select(User).order_by(User.id)
  if per_page:
      stmt = stmt.limit(per_page).offset((page - 1) * per_page)
  session.scalars(stmt).all()
  """, {"page": 2, "per_page": 2}, {}),
 ("""
  stmt = select(User).order_by(User.id)
  if per_page:
      stmt = stmt.limit(per_page).offset((page - 1) * per_page)
  session.scalars(stmt).all()
  """, {"page": 1, "per_page": 0}, {}),
 ("""
  stmt = select(Post).order_by(Post.id)
  for t in tags:
      stmt = stmt.where(Post.tags.any(Tag.name == t))
  session.scalars(stmt).all()
  """, {"tags": ["python", "sql"]}, {}),
 ("""
  stmt = select(Post).order_by(Post.id)
  for t in tags:
      stmt = stmt.where(Post.tags.any(Tag.name == t))
  session.scalars(stmt).all()
  """, {"tags": []}, {}),
 ("""
  conds = []
  for word in words:
      conds.append(or_(Post.title.ilike(f"%{word}%"), Post.body.ilike(f"%{word}%")))
  stmt = select(Post.id).where(and_(*conds)) if conds else select(Post.id)
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"words": ["sql", "relational"]}, {}),
 ("""
  conds = []
  for word in words:
      conds.append(or_(Post.title.ilike(f"%{word}%"), Post.body.ilike(f"%{word}%")))
  stmt = select(Post.id).where(and_(*conds)) if conds else select(Post.id)
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"words": []}, {}),
 ("""
  stmt = select(Post).where(Post.tags.any(Tag.name.in_(tags))) if tags else select(Post)
  session.execute(stmt.order_by(Post.id)).scalars().all()
  """, {"tags": ["news", "databases"]}, {}),
 ("""
  filters = {"author_id": author_id, "published": published}
  stmt = select(Post.id)
  for key, value in filters.items():
      if value is not None:
          stmt = stmt.where(getattr(Post, key) == value)
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"author_id": 2, "published": None}, {}),
 ("""
  stmt = select(Post.id)
  for key, value in filters.items():
      stmt = stmt.filter_by(**{key: value})
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"filters": {"author_id": 1, "published": True}}, {}),
 ("""
  q = session.query(Post)
  if author_id:
      q = q.filter(Post.author_id == author_id)
  if min_views:
      q = q.filter(Post.views >= min_views)
  q.order_by(Post.id).all()
  """, {"author_id": 2, "min_views": 50}, {}),
 ("""
  q = session.query(Post)
  if author_id:
      q = q.filter(Post.author_id == author_id)
  if min_views:
      q = q.filter(Post.views >= min_views)
  total = q.count()
  total
  """, {"author_id": None, "min_views": 100}, {}),
 ("""
  q = session.query(Post).filter(Post.published)
  q = q.order_by(Post.views.desc() if order == "top" else Post.published_at.desc())
  q.limit(limit).all()
  """, {"order": "top", "limit": 2}, {}),
 ("""
  q = session.query(Post).filter(Post.published)
  q = q.order_by(Post.views.desc() if order == "top" else Post.published_at.desc())
  q.first()
  """, {"order": "latest"}, {}),
 ("""
  opts = [selectinload(Post.tags)]
  if with_comments:
      opts.append(selectinload(Post.comments))
  session.scalars(select(Post).options(*opts).where(Post.id == post_id)).one()
  """, {"with_comments": True, "post_id": 3}, REL),
 ("""
  opts = [selectinload(Post.tags)]
  if with_comments:
      opts.append(selectinload(Post.comments))
  session.get(Post, post_id, options=opts)
  """, {"with_comments": False, "post_id": 4}, REL),
 ("""
  ids = [p for p in post_ids if p > 1]
  session.scalars(select(Post.slug).where(Post.id.in_(ids)).order_by(Post.id)).all()
  """, {"post_ids": [1, 2, 4, 7]}, {}),
 ("""
  user = session.scalars(select(User).where(User.username == username)).one_or_none()
  user if user is not None else session.get(User, 1)
  """, {"username": "nobody"}, {}),
 ("""
  stmt = select(User.username)
  if only_active:
      stmt = stmt.where(User.is_active)
  elif include_inactive_since:
      stmt = stmt.where(User.joined_at >= include_inactive_since)
  else:
      stmt = stmt.where(User.id < 0)
  session.scalars(stmt.order_by(User.username)).all()
  """, {"only_active": False, "include_inactive_since": "2023-06-01"}, {}),
 ("""
  rows = session.execute(select(User.username, func.count(Post.id).label("n")).outerjoin(User.posts).group_by(User.username).order_by(User.username)).all()
  rows
  """, None, {}),
]

LEDGER = [
 # with_loader_criteria as a tenant filter, the way a request-scoped session adds it
 ("session.scalars(select(Client).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)).order_by(Client.id)).all()", {"tenant_id": 1}, {}),
 ("session.scalars(select(Invoice).options(with_loader_criteria(Invoice, Invoice.tenant_id == tenant_id)).where(Invoice.status == 'paid').order_by(Invoice.id)).all()", {"tenant_id": 2}, {}),
 ("session.execute(select(Invoice.number, Client.name).join(Invoice.client).options(with_loader_criteria(Client, lambda c: c.tenant_id == tenant_id)).order_by(Invoice.id)).all()", {"tenant_id": 1}, {}),
 ("session.scalars(select(Tenant).options(selectinload(Tenant.invoices), with_loader_criteria(Invoice, lambda cls: cls.status != 'draft')).order_by(Tenant.id)).all()", None, REL),
 ("session.scalars(select(Tenant).options(joinedload(Tenant.customers), with_loader_criteria(Client, lambda cls: cls.country == 'GB')).order_by(Tenant.id)).unique().all()", None, REL),
 ("session.scalars(select(Invoice).options(selectinload(Invoice.lines), with_loader_criteria(InvoiceLine, lambda cls: cls.quantity > 1)).where(Invoice.tenant_id == 1).order_by(Invoice.id)).all()", None, REL),
 ("session.query(Client).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)).order_by(Client.code).all()", {"tenant_id": 2}, {}),
 ("session.query(Invoice).options(with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 3)).count()", None, {}),
 ("session.query(Invoice).options(with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 3)).filter(Invoice.number == 'INV-17').first()", None, {}),
 ("session.get(Invoice, 5, options=[with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 1)])", None, {}),
 ("session.get(Invoice, 5, options=[with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 2)])", None, {}),
 ("session.execute(select(func.count(Invoice.id)).options(with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 1))).scalar_one()", None, {}),
 ("""
  tenant_filter = with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)
  stmt = select(Client).options(tenant_filter)
  if country:
      stmt = stmt.where(Client.country == country)
  session.scalars(stmt.order_by(Client.name)).all()
  """, {"tenant_id": 1, "country": None}, {}),
 ("""
  tenant_filter = with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)
  stmt = select(Client).options(tenant_filter)
  if country:
      stmt = stmt.where(Client.country == country)
  session.scalars(stmt.order_by(Client.name)).all()
  """, {"tenant_id": 2, "country": "GB"}, {}),
 ("""
  opts = [with_loader_criteria(cls, lambda c: c.tenant_id == tenant_id) for cls in (Client, Invoice)]
  session.scalars(select(Client).options(selectinload(Client.invoices), *opts).order_by(Client.id)).all()
  """, {"tenant_id": 1}, REL),
 ("""
  opts = [with_loader_criteria(cls, lambda c: c.tenant_id == tenant_id) for cls in (Client, Invoice)]
  session.execute(select(Client.name, func.count(Invoice.id).label("n")).outerjoin(Client.invoices).group_by(Client.name).options(*opts).order_by(Client.name)).all()
  """, {"tenant_id": 2}, {}),
 ("session.scalars(select(Client).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)).where(Client.code == 'C001')).one()", {"tenant_id": 3}, {}),
 ("session.scalars(select(Client).where(Client.code == 'C001')).one()", None, {}),
 # ordinary ledger functions
 ("session.scalars(select(Invoice).where(Invoice.tenant_id == 1, Invoice.status.in_(['sent', 'overdue'])).order_by(Invoice.due_on)).all()", None, {}),
 ("session.execute(select(Invoice.status, func.count(Invoice.id).label('n')).where(Invoice.tenant_id == 1).group_by(Invoice.status).order_by(Invoice.status)).mappings().all()", None, {}),
 ("session.execute(select(Payment.method, func.sum(Payment.amount).label('total')).group_by(Payment.method).order_by(Payment.method)).all()", None, {}),
 ("session.scalar(select(func.sum(InvoiceLine.quantity * InvoiceLine.unit_price)).where(InvoiceLine.invoice_id == 1))", None, {}),
 ("session.scalars(select(Invoice).options(selectinload(Invoice.lines), selectinload(Invoice.payments)).where(Invoice.id == invoice_id)).one()", {"invoice_id": 6}, REL),
 ("session.scalars(select(Invoice).options(joinedload(Invoice.client), joinedload(Invoice.lines)).where(Invoice.tenant_id == 2).order_by(Invoice.id)).unique().all()", None, REL),
 ("session.scalars(select(Invoice).options(joinedload(Invoice.lines)).where(Invoice.tenant_id == 2).order_by(Invoice.id)).all()", None, REL),
 ("session.execute(select(Invoice).options(joinedload(Invoice.lines)).where(Invoice.id == 1)).scalar_one_or_none()", None, REL),
 ("session.execute(select(Invoice).options(joinedload(Invoice.lines)).where(Invoice.id == 1)).first()", None, REL),
 ("session.execute(select(Invoice).options(joinedload(Invoice.lines)).where(Invoice.id == 1)).scalar()", None, REL),
 ("session.execute(select(Invoice).options(joinedload(Invoice.client)).where(Invoice.id == 2)).scalar_one()", None, REL),
 ("session.query(Invoice).filter(Invoice.tenant_id == 1).order_by(Invoice.number).all()", None, {}),
 ("session.query(Invoice).join(Invoice.client).filter(Client.country == 'GB').order_by(Invoice.id).all()", None, {}),
 ("session.query(Invoice).join(Invoice.payments).filter(Payment.amount > 100).distinct().order_by(Invoice.id).all()", None, {}),
 ("session.query(Invoice.number, func.count(Payment.id).label('payments')).outerjoin(Invoice.payments).group_by(Invoice.number).having(func.count(Payment.id) > 1).order_by(Invoice.number).all()", None, {}),
 ("session.query(Client).filter(~Client.invoices.any()).all()", None, {}),
 ("session.query(Client).filter(Client.invoices.any(Invoice.status == 'overdue')).one()", None, {}),
 ("session.query(Tenant).options(selectinload(Tenant.customers)).filter_by(name='Bolt Ltd').one()", None, REL),
 ("session.query(Tenant.name, func.count(Client.id)).join(Tenant.customers).group_by(Tenant.name).order_by(Tenant.name).all()", None, {}),
 ("session.query(Tenant.name, func.count(Client.id).label('clients')).join(Tenant.customers).group_by(Tenant.name).order_by(Tenant.name).all()", None, {}),
 ("session.query(Client).filter(Client.tenant_id == 1).filter(Client.credit_limit > 1000).order_by(Client.credit_limit.desc()).first()", None, {}),
 ("session.query(Invoice).get(3)", None, {}),
 ("session.query(Invoice).options(joinedload(Invoice.lines)).filter(Invoice.tenant_id == 3).order_by(Invoice.id).all()", None, REL),
 ("session.query(Payment).filter(Payment.invoice_id == 1).count()", None, {}),
 ("session.query(func.sum(Payment.amount)).join(Payment.invoice).filter(Invoice.tenant_id == 2).scalar()", None, {}),
 ("session.query(Invoice.number).filter(Invoice.discount.isnot(None)).order_by(Invoice.number).all()", None, {}),
 ("""
  stmt = select(Invoice).where(Invoice.tenant_id == tenant_id)
  if statuses:
      stmt = stmt.where(Invoice.status.in_(statuses))
  if due_before:
      stmt = stmt.where(Invoice.due_on < due_before)
  session.scalars(stmt.order_by(Invoice.id)).all()
  """, {"tenant_id": 1, "statuses": ["sent", "overdue"], "due_before": None}, {}),
 ("""
  stmt = select(Invoice).where(Invoice.tenant_id == tenant_id)
  if statuses:
      stmt = stmt.where(Invoice.status.in_(statuses))
  if due_before:
      stmt = stmt.where(Invoice.due_on < due_before)
  session.scalars(stmt.order_by(Invoice.id)).all()
  """, {"tenant_id": 1, "statuses": [], "due_before": "2024-03-01"}, {}),
 ("""
  SORT = {"number": Invoice.number, "due": Invoice.due_on, "issued": Invoice.issued_on}
  keys = sort.split(",") if sort else ["number"]
  stmt = select(Invoice.number)
  for k in keys:
      stmt = stmt.order_by(SORT[k].desc() if k.startswith("-") else SORT[k])
  session.scalars(stmt).all()
  """, {"sort": "due"}, {}),
 ("""
  SORT = {"number": Invoice.number, "due": Invoice.due_on, "issued": Invoice.issued_on}
  stmt = select(Invoice.number)
  for k in sort:
      col = SORT[k.lstrip("-")]
      stmt = stmt.order_by(col.desc() if k[0] == "-" else col)
  session.scalars(stmt).all()
  """, {"sort": ["-issued", "number"]}, {}),
 ("""
  totals = {}
  for status in ["paid", "sent"]:
      totals[status] = session.scalar(select(func.count(Invoice.id)).where(Invoice.status == status))
  totals
  """, None, {}),
 ("""
  page_size = 3
  stmt = select(Invoice.id).order_by(Invoice.id).limit(page_size)
  if after:
      stmt = stmt.where(Invoice.id > after)
  session.scalars(stmt).all()
  """, {"after": 4}, {}),
 ("""
  stmt = select(Client)
  stmt = stmt.where(Client.tenant_id == tenant_id) if tenant_id else stmt
  session.execute(stmt.order_by(Client.id)).scalars().all()
  """, {"tenant_id": 0}, {}),
 ("""
  stmt = select(Invoice.number, Invoice.status)
  for i, status in enumerate(statuses):
      if i == 0:
          cond = Invoice.status == status
      else:
          cond = cond | (Invoice.status == status)
  session.execute(stmt.where(cond).order_by(Invoice.number)).all()
  """, {"statuses": ["draft", "overdue"]}, {}),
 ("""
  client = session.scalars(select(Client).where(Client.tenant_id == tenant_id, Client.code == code)).one_or_none()
  client
  """, {"tenant_id": 2, "code": "C002"}, {}),
 ("""
  client = session.scalars(select(Client).where(Client.tenant_id == tenant_id, Client.code == code)).one()
  client
  """, {"tenant_id": 2, "code": "C009"}, {}),
 ("session.execute(select(Client.code, Client.name).where(Client.tenant_id == 1).order_by(Client.code)).all()", None, {}),
 ("session.execute(select(Client).where(Client.tenant_id == 1).order_by(Client.code)).mappings().all()", None, {}),
 ("session.execute(select(Client.code).where(Client.tenant_id == 1).order_by(Client.code)).scalars().all()", None, {}),
 ("session.execute(select(Invoice.id, Invoice.number).where(Invoice.tenant_id == 3).order_by(Invoice.id)).one()", None, {}),
 ("session.execute(select(Invoice.id, Invoice.number).where(Invoice.tenant_id == 3).order_by(Invoice.id)).one_or_none()", None, {}),
 ("session.execute(select(Invoice.id, Invoice.number).where(Invoice.tenant_id == 3).order_by(Invoice.id)).first()", None, {}),
 ("session.execute(select(Tenant).order_by(Tenant.id)).scalars().first()", None, {}),
]

for i, (s, p, kw) in enumerate(BLOG):
    case("blog", i + 1, s, params=p, model="app_blog", data="app_blog", slug="blog:%d" % (i + 1), **kw)
for i, (s, p, kw) in enumerate(LEDGER):
    case("ledger", i + 1, s, params=p, model="app_ledger", data="app_ledger", slug="ledger:%d" % (i + 1), **kw)

# a second round: more of the same functions' habits
MORE = [
 ("session.query(User).filter(User.id == user_id).first()", {"user_id": 2}, {}),
 ("session.query(User).filter(User.username.in_(names)).order_by(User.id).all()", {"names": ["alice", "carol", "zed"]}, {}),
 ("session.query(User).order_by(desc(User.joined_at)).limit(2).all()", None, {}),
 ("session.query(User).order_by(User.id.desc()).first()", None, {}),
 ("session.query(Post).filter(Post.author.has(username='alice')).order_by(Post.id).all()", None, {}),
 ("session.query(Post).filter(Post.tags.any(name='python')).order_by(Post.id).all()", None, {}),
 ("session.query(Post).join(User).filter(User.username == 'bob').order_by(Post.id).all()", None, {}),
 ("session.query(Post).join(Post.author).options(contains_eager(Post.author)).filter(User.is_active).order_by(Post.id).all()", None, REL),
 ("session.query(func.count(distinct(Post.author_id))).scalar()", None, {}),
 ("session.query(User).filter(or_(User.username == 'bob', User.email.like('%carol%'))).order_by(User.id).all()", None, {}),
 ("session.query(User.username).distinct().count()", None, {}),
 ("session.query(User).filter(User.username.ilike(f'%{q}%')).count()", {"q": "O"}, {}),
 ("session.query(Post).options(load_only(Post.title)).order_by(Post.id).all()", None, {"feature": "column loading"}),
 ("session.query(Post).options(defer(Post.body)).filter(Post.id == 1).one()", None, {"feature": "deferred"}),
 ("session.get(Post, 1, options=[load_only(Post.title, Post.views)])", None, {"feature": "column loading"}),
 ("session.query(User).populate_existing().get(1)", None, {}),
 ("session.execute(select(User).execution_options(populate_existing=True).order_by(User.id)).scalars().all()", None, {}),
 ("session.scalars(select(User).where(User.joined_at > since).order_by(User.id)).all()", {"since": "2023-06-01 00:00:00"}, {}),
 ("session.query(Post).filter(Post.published_at.between(start, end)).order_by(Post.id).all()", {"start": "2024-01-01 00:00:00", "end": "2024-02-10 00:00:00"}, {}),
 ("session.query(User).filter_by(**filters).order_by(User.id).all()", {"filters": {"is_active": True}}, {}),
 ("""
  sort_col = getattr(Post, sort_by, Post.id)
  session.scalars(select(Post.id).order_by(sort_col.desc())).all()
  """, {"sort_by": "views"}, {}),
 ("""
  stmt = select(Post.id)
  stmt = stmt.where(Post.id.in_(ids)) if ids else stmt
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"ids": [2, 3]}, {}),
 ("""
  stmt = select(Post.id)
  stmt = stmt.where(Post.id.in_(ids)) if ids else stmt
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"ids": None}, {}),
 ("""
  page = max(page, 1)
  session.scalars(select(User.id).order_by(User.id).limit(size).offset((page - 1) * size)).all()
  """, {"page": 0, "size": 2}, {}),
 ("""
  stmt = select(Post).options(selectinload(Post.tags))
  if tag:
      stmt = stmt.join(Post.tags).where(Tag.name == tag)
  session.execute(stmt.order_by(Post.id)).scalars().unique().all()
  """, {"tag": "sql"}, REL),
 ("""
  q = session.query(User)
  if search:
      pattern = "%" + search.lower() + "%"
      q = q.filter(func.lower(User.username).like(pattern))
  q.order_by(User.username).all()
  """, {"search": "AL"}, {}),
 ("""
  q = session.query(Post)
  if tags:
      q = q.filter(Post.tags.any(Tag.name.in_(tags)))
  q = q.order_by(Post.id)
  [q.count(), q.all()]
  """, {"tags": ["news"]}, {}),
 ("session.query(User).filter(User.posts.any()).order_by(User.id).all()", None, {}),
 ("session.query(User).join(User.posts).filter(Post.views > 100).distinct().order_by(User.id).all()", None, {}),
 ("session.query(Post.author_id, func.avg(Post.views).label('avg')).group_by(Post.author_id).order_by(Post.author_id).all()", None, {}),
 ("session.execute(select(Post.author_id, func.max(Post.views).label('top')).group_by(Post.author_id).order_by(Post.author_id)).mappings().all()", None, {}),
 ("session.scalars(select(Post).filter_by(published=True).order_by(Post.views.desc()).limit(1)).one()", None, {}),
 ("session.execute(select(User).where(User.username.startswith('a'))).scalars().all()", None, {}),
 ("session.execute(select(User.username).where(User.bio.is_(None))).scalars().all()", None, {}),
 ("session.execute(select(User.username, User.bio).order_by(User.id)).mappings().fetchmany(2)", None, {}),
 ("session.query(Comment).filter(Comment.replies.any()).order_by(Comment.id).all()", None, {}),
 ("session.query(Comment).options(joinedload(Comment.parent)).filter(Comment.parent_id.isnot(None)).order_by(Comment.id).all()", None, REL),
 ("session.scalars(select(Post).where(Post.id == 1).options(selectinload(Post.comments).joinedload(Comment.author))).one()", None, REL),
 ("session.query(User).get({'id': 3})", None, {}),
 ("session.query(User).filter(User.username == 'alice').one().posts", None, {}),
 ("session.query(User).filter(User.username != None).order_by(User.username.desc()).all()", None, {}),
]
for i, (s, p, kw) in enumerate(MORE):
    case("blog2", i + 1, s, params=p, model="app_blog", data="app_blog", slug="blog2:%d" % (i + 1), **kw)

# a third round: Result corners, a Query inside a Query, joined eager loads with limits,
# tenant filters on legacy Queries
THIRD_BLOG = [
 ("session.execute(select(User).order_by(User.id)).scalars().unique().first()", None, {}),
 ("session.execute(select(User.id, User.username).order_by(User.id)).tuples().first()", None, {}),
 ("session.execute(select(User.id)).scalars().one_or_none()", None, {}),
 ("session.execute(select(User.username)).scalar_one()", None, {}),
 ("session.scalars(select(Post.author_id).order_by(Post.author_id)).unique().all()", None, {}),
 ("session.execute(select(User).options(joinedload(User.posts)).order_by(User.id)).unique().scalars().all()", None, REL),
 ("session.execute(select(User, func.count(Post.id)).join(User.posts).group_by(User.id).order_by(User.id)).all()", None, {}),
 ("session.execute(select(User.username.label('name'), Post.title).join(User.posts).order_by(Post.id)).mappings().first()", None, {}),
 ("session.query(User).filter(User.username == 'alice').with_entities(func.count()).scalar()", None, {}),
 ("session.query(Post).filter(Post.published).order_by(Post.id).limit(1).one()", None, {}),
 ("session.query(User).filter(User.id.in_(session.query(Post.author_id))).order_by(User.id).all()", None, {}),
 ("session.query(User).filter(exists().where(Post.author_id == User.id)).order_by(User.id).all()", None, {}),
 ("session.query(Post).filter(Post.id == 99).one_or_none()", None, {}),
 ("session.query(User.id, User.username).filter_by(id=1).one()", None, {}),
 ("session.query(User).options(joinedload(User.posts)).order_by(User.id).first()", None, REL),
 ("session.query(User).options(joinedload(User.posts)).order_by(User.id).limit(2).all()", None, REL),
 ("session.scalars(select(User).options(joinedload(User.posts)).order_by(User.id).limit(2)).unique().all()", None, REL),
 ("session.query(Post).options(joinedload(Post.tags)).filter(Post.id.in_([1, 3])).order_by(Post.id).all()", None, REL),
 ("""
  conds = []
  for i, word in enumerate(words):
      if i >= 2:
          break
      conds.append(Post.title.ilike(f"%{word}%"))
  session.query(Post.id).filter(or_(*conds)).order_by(Post.id).all()
  """, {"words": ["sql", "news", "hello"]}, {}),
 ("""
  page, out = 0, []
  while page < 3:
      out.append(page * 10)
      page += 1
  session.scalars(select(Post.id).where(Post.views.in_(out)).order_by(Post.id)).all()
  """, None, {}),
 ("""
  page = int(page or 1)
  size = min(int(size), 2)
  session.scalars(select(User.username).order_by(User.id).limit(size).offset((page - 1) * size)).all()
  """, {"page": "2", "size": "50"}, {}),
 ("""
  q = (q or "").strip()
  stmt = select(Post.title)
  if q:
      stmt = stmt.where(Post.title.ilike("%" + q + "%"))
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"q": "  news "}, {}),
 ("""
  stmt = select(Post.title).where(Post.published == bool(published))
  session.scalars(stmt.order_by(Post.id)).all()
  """, {"published": 0}, {}),
 ("session.query(User).order_by(User.id)[0]", None, {}),
]
THIRD_LEDGER = [
 ("session.query(Tenant).options(selectinload(Tenant.invoices), with_loader_criteria(Invoice, lambda cls: cls.status == 'paid')).order_by(Tenant.id).all()", None, REL),
 ("session.query(Tenant).options(joinedload(Tenant.customers), with_loader_criteria(Client, lambda cls: cls.credit_limit > 1000)).order_by(Tenant.id).first()", None, REL),
 ("c = aliased(Client)\nsession.execute(select(c.name).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == 1, include_aliases=True)).order_by(c.name)).scalars().all()", None, {}),
 ("session.query(Invoice.number).join(Invoice.client).options(with_loader_criteria(Client, lambda cls: cls.country == 'GB')).order_by(Invoice.number).all()", None, {}),
 ("session.query(Client).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)).get(4)", {"tenant_id": 1}, {}),
 ("session.query(Client).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == tenant_id)).order_by(Client.id)[1:3]", {"tenant_id": 1}, {}),
 ("session.query(Invoice).options(with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 2)).filter(Invoice.status != 'draft').count()", None, {}),
 ("session.query(Invoice.status).options(with_loader_criteria(Invoice, lambda cls: cls.tenant_id == 1)).distinct().count()", None, {}),
 ("session.scalars(select(Invoice).options(selectinload(Invoice.payments), with_loader_criteria(Payment, lambda cls: cls.amount >= 100)).where(Invoice.tenant_id == 1).order_by(Invoice.id)).all()", None, REL),
 ("q1 = session.query(Client).filter(Client.country == 'GB')\nq2 = session.query(Client).filter(Client.country == 'US')\nq1.union(q2).options(with_loader_criteria(Client, lambda cls: cls.tenant_id == 2)).order_by(Client.id).all()", None, {}),
]
for i, (s, p, kw) in enumerate(THIRD_BLOG):
    case("blog3", i + 1, s, params=p, model="app_blog", data="app_blog", slug="blog3:%d" % (i + 1), **kw)
for i, (s, p, kw) in enumerate(THIRD_LEDGER):
    case("ledger3", i + 1, s, params=p, model="app_ledger", data="app_ledger", slug="ledger3:%d" % (i + 1), **kw)

# a fourth round: empty lists from a form, money aggregates through the Query
FOURTH_BLOG = [
 ("session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)).all()", {"ids": []}, {}),
 ("session.query(User).filter(User.username.in_(names)).count()", {"names": []}, {}),
 ("session.query(User).filter(User.id.not_in(ids)).order_by(User.id).all()", {"ids": []}, {}),
 ("session.query(Post).filter(Post.rating > 4.6).all()", None, {}),
 ("session.query(Post.title).filter(Post.rating == None).order_by(Post.id).all()", None, {}),
 ("session.query(func.avg(Post.rating)).scalar()", None, {}),
 ("session.query(User).order_by(User.id).order_by(None).order_by(User.username.desc()).all()", None, {}),
 ("session.execute(select(Post.id, Post.title).order_by(Post.id)).columns('title', 'id').first()", None, {}),
 ("session.execute(select(Post.id, Post.title).order_by(Post.id)).scalars(1).all()", None, {}),
 ("session.execute(select(User.id).order_by(User.id)).scalars().fetchmany(0)", None, {}),
]
FOURTH_LEDGER = [
 ("session.query(func.sum(InvoiceLine.unit_price * InvoiceLine.quantity)).filter(InvoiceLine.invoice_id == 1).scalar()", None, {}),
 ("session.query(func.avg(Payment.amount)).scalar()", None, {}),
 ("session.query(Client.name, Client.credit_limit).filter(Client.credit_limit > Decimal('1000')).order_by(Client.credit_limit.desc()).all()", None, {}),
 ("session.execute(select(Invoice.tenant_id, func.sum(Payment.amount).label('paid')).join(Invoice.payments).group_by(Invoice.tenant_id).order_by(Invoice.tenant_id)).mappings().all()", None, {}),
 ("session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.invoice_id == 4))", None, {}),
 ("session.query(Invoice).filter(Invoice.due_on < date(2024, 3, 1), Invoice.status != 'paid').order_by(Invoice.id).all()", None, {}),
 ("session.query(Invoice.number).filter(Invoice.issued_on.between(start, end)).order_by(Invoice.number).all()", {"start": "2024-01-01", "end": "2024-01-31"}, {}),
 ("session.query(Payment).filter(Payment.paid_on >= since).order_by(Payment.id).all()", {"since": "2024-02-15"}, {}),
]
for i, (s, p, kw) in enumerate(FOURTH_BLOG):
    case("blog4", i + 1, s, params=p, model="app_blog", data="app_blog", slug="blog4:%d" % (i + 1), **kw)
for i, (s, p, kw) in enumerate(FOURTH_LEDGER):
    case("ledger4", i + 1, s, params=p, model="app_ledger", data="app_ledger", slug="ledger4:%d" % (i + 1), **kw)
