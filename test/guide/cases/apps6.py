# Application programs, sixth round (the "apps6" chapter): idioms the earlier "apps"
# chapters do not use, as real 2.0 programs write them --
#  - a multi-tenant SaaS backend (models/app_saas.py: `from __future__ import
#    annotations`, Annotated aliases intpk / str50 / a server-side timestamp,
#    type_annotation_map with dict[str, Any] as JSON, an __abstract__ base class holding
#    the key, declared_attr tenant columns, onupdate timestamps, an association object,
#    lazy="joined" many-to-one; tenant-scoped queries, JSON settings, billing reports);
#  - a CMS (models/app_cms.py: single-table inheritance of pages / articles / videos
#    with polymorphic queries, a JSON meta column indexed by key, hybrid properties with
#    .expression, an association_proxy over tags, a self-referential category tree
#    walked with recursive CTEs, cascades of revisions and comments);
#  - a web analytics service (models/app_metrics.py: window functions, func.date /
#    extract / strftime, case and cast, group_by / having on labels, exists(), correlated
#    scalar subqueries, lateral (PostgreSQL), union_all, tuple_ IN and keyset
#    pagination, any_ / all_ (PostgreSQL), limit / offset pagination).
# Writes: object graphs added, updated and deleted through orm_flush, and bulk DML.
# Derived cases: their "line" is their number here.

import json

DEFAULTS.update(feature="select language", source="derived")

REL = {"feature": "relationship loading"}
HYB = {"feature": "hybrid"}
SI = {"feature": "single inheritance"}
DML = {"kind": "execute", "feature": "DML"}
PG = {"engines": ["postgresql"]}
LITE = {"engines": ["sqlite"]}
CALL = {"kind": "call"}


def kw(*ds):
    out = {}
    for d in ds:
        out.update(d)
    return out


SAAS = [
 # organizations and plans (Organization.plan is lazy="joined")
 ("select(Organization).order_by(Organization.id)", None, REL),
 ("select(Organization).where(Organization.is_active).order_by(Organization.slug)", None, REL),
 ("select(Organization).where(Organization.plan_id.is_(None))", None, REL),
 ("select(Organization.slug, Plan.name).join(Organization.plan).order_by(Plan.monthly_price.desc())", None, {}),
 ("select(Organization.slug, Plan.code).outerjoin(Organization.plan).order_by(Organization.slug)", None, {}),
 ("select(Plan).order_by(Plan.monthly_price)", None, {}),
 ("select(Plan).options(selectinload(Plan.organizations)).order_by(Plan.id)", None, REL),
 ("select(Plan.code, Plan.features['sso'].as_boolean().label('sso')).order_by(Plan.id)", None, {}),
 ("select(Plan.code).where(Plan.features['sso'].as_boolean() == True).order_by(Plan.code)", None, {}),
 ("select(Plan.code, Plan.features['support'].as_string().label('support')).order_by(Plan.id)", None, {}),
 ("select(Plan.code, Plan.features['projects'].as_integer().label('max_projects')).order_by(Plan.id)", None, {}),
 ("select(Plan.code).where(Plan.seat_limit.is_(None) | (Plan.seat_limit >= 10)).order_by(Plan.code)", None, {}),
 ("select(Plan.name, func.coalesce(cast(Plan.seat_limit, String), 'unlimited').label('seats')).order_by(Plan.id)", None, {}),
 ("select(Plan.code, (Plan.monthly_price * 12).label('yearly')).order_by(Plan.id)", None, {}),
 # users, memberships (association object)
 ("select(User).order_by(User.email)", None, {}),
 ("select(User.email, User.full_name).where(User.full_name.is_not(None)).order_by(User.full_name)", None, {}),
 ("select(User.email).where(User.email.endswith('@acme.io')).order_by(User.email)", None, {}),
 ("select(func.substr(User.email, func.instr(User.email, '@') + 1).label('domain'), func.count()).group_by('domain').order_by('domain')", None, LITE),
 ("select(func.split_part(User.email, '@', 2).label('domain'), func.count()).group_by('domain').order_by('domain')", None, PG),
 ("select(User.email, Membership.role).join(User.memberships).where(Membership.org_id == 1).order_by(User.email)", None, {}),
 ("select(User).join(User.memberships).where(Membership.role == 'owner').order_by(User.id)", None, {}),
 ("select(User.email, func.count(Membership.org_id).label('orgs')).outerjoin(User.memberships).group_by(User.id, User.email).order_by(desc('orgs'), User.email)", None, {}),
 ("select(User).where(User.memberships.any(Membership.role.in_(['owner', 'admin']))).order_by(User.id)", None, {}),
 ("select(User).where(~User.memberships.any()).order_by(User.id)", None, {}),
 ("select(Organization.slug, func.count(Membership.user_id).label('seats')).outerjoin(Organization.memberships).group_by(Organization.slug).order_by(Organization.slug)", None, {}),
 ("select(Organization.slug).join(Organization.memberships).join(Membership.user).where(User.email == 'flo@freelance.dev').order_by(Organization.slug)", None, {}),
 ("select(Organization).options(selectinload(Organization.memberships).joinedload(Membership.user)).where(Organization.id == 1)", None, REL),
 ("select(Membership).options(joinedload(Membership.org), joinedload(Membership.user)).where(Membership.role != 'member').order_by(Membership.org_id, Membership.user_id)", None, REL),
 ("select(Membership.role, func.count()).group_by(Membership.role).order_by(Membership.role)", None, {}),
 ("select(Membership).where(Membership.joined_on >= datetime.date(2024, 2, 1)).order_by(Membership.joined_on)", None, {}),
 ("select(Organization.slug, Plan.seat_limit, func.count(Membership.user_id).label('used')).join(Organization.plan).outerjoin(Organization.memberships).group_by(Organization.slug, Plan.seat_limit).order_by(Organization.slug)", None, {}),
 # projects and JSON settings
 ("select(Project).where(Project.org_id == 1).order_by(Project.name)", None, {}),
 ("select(Project).where(Project.org_id == org_id, Project.archived == False).order_by(Project.name)", {"org_id": 1}, {}),
 ("select(Project.name, Project.settings['theme'].as_string().label('theme')).order_by(Project.id)", None, {}),
 ("select(Project.name).where(Project.settings['theme'].as_string() == 'dark').order_by(Project.name)", None, {}),
 ("select(Project.name, Project.settings['retention_days'].as_integer().label('days')).where(Project.settings['retention_days'].as_integer() > 20).order_by(Project.name)", None, {}),
 ("select(Project.name, Project.settings['alerts']['email'].as_boolean().label('mail')).order_by(Project.id)", None, {}),
 ("select(Project.name).where(Project.settings.is_(None)).order_by(Project.name)", None, {}),
 ("select(Project).options(selectinload(Project.api_keys)).where(Project.org_id == 2).order_by(Project.id)", None, REL),
 ("select(Organization).options(selectinload(Organization.projects).selectinload(Project.api_keys)).where(Organization.slug == 'acme')", None, REL),
 ("select(Organization).options(joinedload(Organization.projects)).order_by(Organization.id)", None, REL),
 ("select(Organization.slug, func.count(Project.id).label('n')).outerjoin(Organization.projects).where(or_(Project.archived == False, Project.id.is_(None))).group_by(Organization.slug).order_by(Organization.slug)", None, {}),
 ("select(Project.name, Organization.name).join(Project.org).where(Organization.is_active).order_by(Project.name)", None, {}),
 # api keys
 ("select(ApiKey.prefix).where(ApiKey.revoked == False, or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > datetime.datetime(2024, 3, 15))).order_by(ApiKey.prefix)", None, {}),
 ("select(ApiKey.prefix, ApiKey.scopes).where(ApiKey.scopes.contains('write')).order_by(ApiKey.id)", None, {}),
 ("select(ApiKey).options(joinedload(ApiKey.project).joinedload(Project.org)).where(ApiKey.id == 4)", None, REL),
 ("select(ApiKey.prefix, Project.name).join(ApiKey.project).where(Project.org_id == 1).order_by(ApiKey.prefix)", None, {}),
 ("select(ApiKey.prefix, case((ApiKey.revoked, 'revoked'), (ApiKey.expires_at < datetime.datetime(2024, 3, 15), 'expired'), else_='active').label('state')).order_by(ApiKey.id)", None, {}),
 # invoices / billing
 ("select(Invoice).where(Invoice.paid_at.is_(None)).order_by(Invoice.issued_on)", None, {}),
 ("select(Organization.slug, func.sum(Invoice.amount).label('billed')).join(Organization.invoices).group_by(Organization.slug).order_by(Organization.slug)", None, {}),
 ("select(Organization.slug, func.coalesce(func.sum(Invoice.amount).filter(Invoice.paid_at.is_(None)), 0).label('due')).outerjoin(Organization.invoices).group_by(Organization.slug).order_by(Organization.slug)", None, {}),
 ("select(Organization.slug, func.sum(case((Invoice.paid_at.is_(None), Invoice.amount), else_=0)).label('due')).join(Organization.invoices).group_by(Organization.slug).having(func.sum(case((Invoice.paid_at.is_(None), Invoice.amount), else_=0)) > 0).order_by(Organization.slug)", None, {}),
 ("select(Organization).options(selectinload(Organization.invoices)).where(Organization.id.in_([1, 2])).order_by(Organization.id)", None, REL),
 ("select(Invoice.number, Invoice.amount, func.sum(Invoice.amount).over(partition_by=Invoice.org_id, order_by=Invoice.issued_on).label('running')).order_by(Invoice.org_id, Invoice.issued_on)", None, {}),
 ("select(Organization.slug, select(func.max(Invoice.issued_on)).where(Invoice.org_id == Organization.id).scalar_subquery().label('last_invoice')).order_by(Organization.id)", None, {}),
 ("select(Organization.slug).where(~exists().where(Invoice.org_id == Organization.id, Invoice.paid_at.is_(None))).order_by(Organization.slug)", None, {}),
 ("select(Invoice.number).where(Invoice.issued_on.between(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))).order_by(Invoice.number)", None, {}),
 ("select(Invoice.org_id, func.count(Invoice.id).label('n'), func.max(Invoice.amount).label('top')).group_by(Invoice.org_id).having(func.count(Invoice.id) >= 2).order_by(Invoice.org_id)", None, {}),
 # timestamp mixin columns
 ("select(Organization.slug, Organization.created_at).order_by(Organization.created_at.desc()).limit(2)", None, {}),
 ("select(User.email).where(User.updated_at.is_(None), User.created_at < datetime.datetime(2024, 1, 5)).order_by(User.id)", None, {}),
 ("select(User.email, User.last_login).order_by(User.last_login.desc().nulls_last(), User.id)", None, {}),
 ("select(User.email).where(User.last_login >= datetime.datetime(2024, 3, 1)).order_by(User.email)", None, {}),
 # session calls
 ("session.get(Organization, 2)", None, kw(CALL, REL)),
 ("session.get(Organization, 1, options=[selectinload(Organization.projects)])", None, kw(CALL, REL)),
 ("session.get(Membership, (1, 6))", None, CALL),
 ("session.get(Membership, {'org_id': 2, 'user_id': 3})", None, CALL),
 ("session.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()", {"slug": "globex"}, kw(CALL, REL)),
 ("session.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()", {"slug": "nope"}, kw(CALL, REL)),
 ("session.scalars(select(Project).where(Project.org_id == 1).order_by(Project.name)).all()", None, CALL),
 ("session.scalar(select(func.count()).select_from(Project).where(Project.org_id == 2))", None, CALL),
 ("session.scalar(select(func.sum(Invoice.amount)).where(Invoice.org_id == 1, Invoice.paid_at.is_not(None)))", None, CALL),
 ("session.execute(select(Organization.slug, Plan.code).join(Organization.plan).order_by(Organization.slug)).mappings().all()", None, CALL),
 ("session.execute(select(User.email).where(User.email.like('%@globex.com')).order_by(User.email)).scalars().all()", None, CALL),
 ("session.query(Organization).filter_by(slug='acme').one()", None, kw(CALL, REL)),
 ("session.query(Project).filter(Project.org_id == 1).count()", None, CALL),
 ("session.query(User).join(User.memberships).filter(Membership.org_id == 2).order_by(User.email).all()", None, CALL),
 ("session.query(Invoice.number).filter(Invoice.paid_at == None).order_by(Invoice.number).all()", None, CALL),
 ("""
  stmt = select(Project).where(Project.org_id == org_id)
  if not include_archived:
      stmt = stmt.where(Project.archived.is_(False))
  if search:
      stmt = stmt.where(Project.name.ilike(f"%{search}%"))
  session.scalars(stmt.order_by(Project.name)).all()
  """, {"org_id": 1, "include_archived": False, "search": "e"}, CALL),
 ("""
  stmt = select(Project).where(Project.org_id == org_id)
  if not include_archived:
      stmt = stmt.where(Project.archived.is_(False))
  if search:
      stmt = stmt.where(Project.name.ilike(f"%{search}%"))
  session.scalars(stmt.order_by(Project.name)).all()
  """, {"org_id": 1, "include_archived": True, "search": None}, CALL),
 # writes
 ("update(Organization).where(Organization.slug == 'initech').values(is_active=True, plan_id=2)", None, kw(DML, {"volatile": ["updated_at"]})),
 ("update(Project).where(Project.org_id == 1, Project.archived).values(archived=False).returning(Project.id, Project.name)", None, DML),
 ("update(ApiKey).where(ApiKey.expires_at < datetime.datetime(2024, 3, 15)).values(revoked=True).returning(ApiKey.prefix)", None, DML),
 ("update(Invoice).where(Invoice.paid_at.is_(None), Invoice.org_id == 2).values(paid_at=datetime.datetime(2024, 3, 20, 12, 0))", None, DML),
 ("update(Plan).values(monthly_price=Plan.monthly_price * Decimal('1.1')).where(Plan.monthly_price > 0).returning(Plan.code, Plan.monthly_price)", None, DML),
 ("delete(ApiKey).where(ApiKey.revoked == True).returning(ApiKey.id)", None, DML),
 ("delete(Membership).where(Membership.user_id == 6, Membership.org_id == 2)", None, DML),
 ("insert(Plan).values(code='startup', name='Startup', monthly_price=Decimal('19.00')).returning(Plan.id, Plan.features)", None, DML),
 ("insert(Membership).values(org_id=4, user_id=6, role='owner', joined_on=datetime.date(2024, 3, 1))", None, DML),
 ("insert(User).values(email='gil@solo.dev').returning(User.id, User.full_name)", None, DML),
 ("insert(Project)", [{"org_id": 4, "name": "site"}, {"org_id": 4, "name": "app", "settings": {"theme": "dark"}}], kw(DML, {"volatile": ["created_at"]})),
]

CMS = [
 # single-table inheritance: polymorphic loads
 ("select(Content).order_by(Content.id)", None, SI),
 ("select(Article).order_by(Article.id)", None, SI),
 ("select(Video).where(Video.duration_s > 100)", None, SI),
 ("select(Page).order_by(Page.menu_order)", None, SI),
 ("select(Content).where(Content.type == 'video').order_by(Content.id)", None, SI),
 ("select(Content.type, func.count()).group_by(Content.type).order_by(Content.type)", None, SI),
 ("select(Content.title).where(Content.type.in_(['article', 'video'])).order_by(Content.title)", None, SI),
 ("select(Article.title, Article.summary).where(Article.summary.is_not(None)).order_by(Article.title)", None, SI),
 ("select(Article.id).where(Article.status == 'draft')", None, SI),
 ("select(func.count(Article.id))", None, SI),
 ("select(Video.title, Video.duration_s / 60).order_by(Video.id)", None, SI),
 ("select(Content).where(Content.views > 1000).order_by(Content.views.desc())", None, SI),
 ("wp = with_polymorphic(Content, [Article, Video])\nselect(wp).where(or_(wp.Article.summary.is_not(None), wp.Video.duration_s > 300)).order_by(wp.id)", None, SI),
 ("wp = with_polymorphic(Content, '*')\nselect(wp.id, wp.title).where(wp.Video.video_url.is_not(None)).order_by(wp.id)", None, SI),
 ("select(Author).join(Author.contents.of_type(Video)).order_by(Author.id)", None, SI),
 ("select(Author.name, func.count(Article.id).label('articles')).join(Author.contents.of_type(Article)).group_by(Author.name).order_by(Author.name)", None, SI),
 ("select(Author).options(selectinload(Author.contents)).order_by(Author.id)", None, kw(SI, REL)),
 ("select(Author).options(selectinload(Author.contents.of_type(Article))).where(Author.id == 2)", None, kw(SI, REL)),
 ("select(Author.name, Article.title).join(Article, Article.author_id == Author.id).order_by(Article.id)", None, SI),
 ("select(Article).options(joinedload(Article.author), selectinload(Article.tags)).where(Article.status == 'published').order_by(Article.published_at)", None, kw(SI, REL)),
 ("select(Content).options(selectin_polymorphic(Content, [Video])).where(Content.category_id == 5).order_by(Content.id)", None, SI),
 ("select(Video).options(selectinload(Video.comments)).order_by(Video.id)", None, kw(SI, REL)),
 ("select(Category).options(selectinload(Category.contents)).where(Category.id == 4)", None, kw(SI, REL)),
 ("session.scalars(select(Content).where(Content.slug == 'pg16')).one()", None, kw(CALL, SI)),
 ("session.get(Content, 7)", None, kw(CALL, SI)),
 ("session.get(Article, 7)", None, kw(CALL, SI)),
 ("session.query(Article).filter(Article.views > 1000).order_by(Article.id).all()", None, kw(CALL, SI)),
 ("session.query(Content.type, func.sum(Content.views)).group_by(Content.type).order_by(Content.type).all()", None, kw(CALL, SI)),
 # hybrids with .expression
 ("select(Content.title).where(Content.is_published).order_by(Content.id)", None, HYB),
 ("select(Content.id, Content.is_published.label('live')).order_by(Content.id)", None, HYB),
 ("select(Article.title).where(~Article.is_published)", None, HYB),
 ("select(Content.title, Content.title_length).order_by(Content.title_length.desc(), Content.id).limit(3)", None, HYB),
 ("select(Content.type, func.avg(Content.title_length).label('avg_len')).group_by(Content.type).order_by(Content.type)", None, HYB),
 ("select(Content).where(Content.title_length < 12).order_by(Content.id)", None, HYB),
 # JSON meta
 ("select(Content.id, Content.meta['reading_time'].as_integer().label('minutes')).where(Content.type == 'article').order_by(Content.id)", None, {}),
 ("select(Content.title).where(Content.meta['featured'].as_boolean()).order_by(Content.title)", None, {}),
 ("select(Content.title).where(Content.meta['layout'].as_string() == 'wide')", None, {}),
 ("select(Content.id, Content.meta['seo']['noindex'].as_boolean().label('noindex')).where(Content.type == 'page').order_by(Content.id)", None, {}),
 ("select(Content.id, Content.meta['captions'][0].as_string().label('lang')).where(Content.type == 'video').order_by(Content.id)", None, {}),
 ("select(Content.id, Content.meta['seo']).where(Content.id.in_([1, 3])).order_by(Content.id)", None, {}),
 ("select(Content.id).where(Content.meta['reading_time'].as_integer() >= 5).order_by(Content.meta['reading_time'].as_integer().desc())", None, {}),
 ("select(func.sum(Content.meta['reading_time'].as_integer()))", None, {}),
 ("select(Content.id, Content.meta[('seo', 'keywords')]).where(Content.id == 3)", None, {}),
 # association proxy over tags
 ("select(Content.title).where(Content.tag_names.contains('sql')).order_by(Content.id)", None, {}),
 ("select(Content.id).where(Content.tag_names.any(Tag.name.like('py%'))).order_by(Content.id)", None, {}),
 ("select(Content).where(Content.tag_names == 'video').order_by(Content.id)", None, {}),
 ("select(Content.title).where(Content.tags.any(Tag.name == 'tutorial')).order_by(Content.title)", None, {}),
 ("select(Tag.name, func.count(Content.id).label('n')).join(Content.tags).group_by(Tag.name).order_by(desc('n'), Tag.name)", None, {}),
 ("select(Tag.name).where(~exists().where(content_tags.c.tag_id == Tag.id)).order_by(Tag.name)", None, {}),
 ("select(Content.id, Tag.name).join(Content.tags).where(Content.id.in_([7, 8])).order_by(Content.id, Tag.name)", None, {}),
 ("select(Content).options(selectinload(Content.tags)).where(Content.id.in_([3, 4])).order_by(Content.id)", None, REL),
 ("select(Content.id).join(Content.tags).where(Tag.name.in_(['python', 'sql'])).group_by(Content.id).having(func.count(Tag.id) == 2).order_by(Content.id)", None, {}),
 # category tree
 ("select(Category).where(Category.parent_id.is_(None)).order_by(Category.position)", None, {}),
 ("select(Category).options(selectinload(Category.children)).where(Category.id == 1)", None, REL),
 ("select(Category).options(selectinload(Category.children).selectinload(Category.children)).where(Category.parent_id.is_(None)).order_by(Category.id)", None, REL),
 ("select(Category).options(joinedload(Category.parent)).where(Category.id.in_([4, 7])).order_by(Category.id)", None, REL),
 ("parent = aliased(Category)\nselect(Category.name, parent.name.label('parent')).outerjoin(parent, Category.parent).order_by(Category.id)", None, {}),
 ("tree = select(Category.id, Category.name, literal(0).label('depth')).where(Category.parent_id.is_(None)).cte('tree', recursive=True)\ntree = tree.union_all(select(Category.id, Category.name, tree.c.depth + 1).join(tree, Category.parent_id == tree.c.id))\nselect(tree.c.name, tree.c.depth).order_by(tree.c.depth, tree.c.name)", None, {}),
 ("anc = select(Category.id, Category.parent_id, Category.name).where(Category.id == 7).cte(recursive=True)\nanc = anc.union_all(select(Category.id, Category.parent_id, Category.name).join(anc, Category.id == anc.c.parent_id))\nselect(anc.c.name).order_by(anc.c.id)", None, {}),
 ("sub = select(Category.id).where(Category.id == 2).cte('sub', recursive=True)\nsub = sub.union_all(select(Category.id).where(Category.parent_id == sub.c.id))\nselect(Content.title).where(Content.category_id.in_(select(sub.c.id))).order_by(Content.title)", None, {}),
 ("child = aliased(Category)\nselect(Category.name, func.count(child.id).label('children')).outerjoin(child, child.parent_id == Category.id).group_by(Category.id, Category.name).order_by(Category.id)", None, {}),
 # revisions and comments
 ("select(Content.title, func.max(Revision.number).label('rev')).join(Content.revisions).group_by(Content.id, Content.title).order_by(Content.id)", None, {}),
 ("select(Revision).options(joinedload(Revision.editor)).where(Revision.content_id == 3).order_by(Revision.number)", None, REL),
 ("select(Content).options(selectinload(Content.revisions), selectinload(Content.comments)).where(Content.id == 3)", None, REL),
 ("select(Content.title, select(func.count(Comment.id)).where(Comment.content_id == Content.id, Comment.approved).scalar_subquery().label('approved')).order_by(Content.id)", None, {}),
 ("select(Comment.author_name, Content.title).join(Comment.content).where(Comment.approved == False).order_by(Comment.id)", None, {}),
 ("select(Content.title).where(Content.comments.any(Comment.approved == False)).order_by(Content.title)", None, {}),
 ("latest = select(Revision.content_id, func.max(Revision.edited_at).label('at')).group_by(Revision.content_id).subquery()\nselect(Content.slug, latest.c.at).join(latest, latest.c.content_id == Content.id).order_by(latest.c.at.desc())", None, {}),
 ("select(Author.name, func.count(distinct(Revision.content_id)).label('edited')).join(Revision, Revision.editor_id == Author.id).group_by(Author.name).order_by(Author.name)", None, {}),
 ("select(Content.slug).where(Content.published_at > select(func.min(Revision.edited_at)).where(Revision.content_id == Content.id).correlate(Content).scalar_subquery()).order_by(Content.slug)", None, {}),
 # writes
 ("update(Article).where(Article.status == 'draft').values(status='published', published_at=datetime(2024, 3, 10, 9, 0))", None, kw(DML, SI)),
 ("update(Content).where(Content.type == 'video').values(views=Content.views + 1).returning(Content.id, Content.views)", None, kw(DML, SI)),
 ("update(Video).values(status='archived')", None, kw(DML, SI)),
 ("delete(Comment).where(Comment.approved == False)", None, DML),
 ("delete(Revision).where(Revision.number > 1).returning(Revision.id)", None, DML),
 ("insert(Tag).values([{'name': 'orm'}, {'name': 'news'}]).returning(Tag.id, Tag.name)", None, DML),
 ("insert(Comment).values(content_id=4, author_name='Jo', body='Nice', created_at=datetime(2024, 3, 2, 8, 0)).returning(Comment.id, Comment.approved)", None, DML),
]

METRICS = [
 # traffic by day / hour
 ("select(func.date(Visit.started_at).label('day'), func.count(Visit.id).label('visits')).group_by(func.date(Visit.started_at)).order_by('day')", None, {}),
 ("select(func.date(PageView.ts).label('day'), func.count().label('views')).group_by('day').having(func.count() > 2).order_by('day')", None, {}),
 ("select(extract('hour', Visit.started_at).label('hour'), func.count()).group_by('hour').order_by('hour')", None, {}),
 ("select(Visit.id, extract('day', Visit.started_at).label('d'), extract('month', Visit.started_at).label('m')).order_by(Visit.id).limit(3)", None, {}),
 ("select(Visit.id).where(extract('hour', Visit.started_at) >= 18).order_by(Visit.id)", None, {}),
 ("select(func.strftime('%H', PageView.ts).label('h'), func.count()).group_by('h').order_by('h')", None, LITE),
 ("select(func.to_char(PageView.ts, 'HH24').label('h'), func.count()).group_by('h').order_by('h')", None, PG),
 ("select(func.date_trunc('day', Visit.started_at).label('day'), func.sum(Visit.duration_s)).group_by(func.date_trunc('day', Visit.started_at)).order_by('day')", None, PG),
 ("select(Visit.id).where(Visit.started_at >= datetime(2024, 3, 3), Visit.started_at < datetime(2024, 3, 4)).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(func.date(Visit.started_at) == '2024-03-01').order_by(Visit.id)", None, LITE),
 ("select(Visit.id).where(cast(Visit.started_at, Date) == date(2024, 3, 1)).order_by(Visit.id)", None, PG),
 # sources / devices
 ("select(Visit.source, func.count().label('n')).group_by(Visit.source).order_by(desc('n'), Visit.source)", None, {}),
 ("select(func.coalesce(Visit.source, 'direct').label('src'), func.count().label('n')).group_by('src').order_by('src')", None, {}),
 ("select(Visit.device, func.avg(Visit.duration_s).label('avg'), func.max(Visit.duration_s).label('max')).group_by(Visit.device).order_by(Visit.device)", None, {}),
 ("select(Visit.source, func.count().label('n')).where(Visit.source.is_not(None)).group_by(Visit.source).having(func.count() >= 2).order_by(Visit.source)", None, {}),
 ("select(Visit.device, func.sum(case((Visit.duration_s < 60, 1), else_=0)).label('bounces'), func.count().label('total')).group_by(Visit.device).order_by(Visit.device)", None, {}),
 ("select(Visit.id, case((Visit.duration_s == 0, 'bounce'), (Visit.duration_s < 120, 'short'), (Visit.duration_s < 600, 'medium'), else_='long').label('bucket')).order_by(Visit.id)", None, {}),
 ("bucket = case((Visit.duration_s < 120, 'short'), else_='long').label('bucket')\nselect(bucket, func.count()).group_by(bucket).order_by(bucket)", None, {}),
 ("select(Visit.id, cast(Visit.duration_s, Float) / 60).order_by(Visit.id).limit(4)", None, {}),
 ("select(Visit.id, (Visit.duration_s / 60).label('mins')).order_by(Visit.id).limit(4)", None, {}),
 ("select(Visit.id, func.round(cast(Visit.duration_s, Numeric(10, 2)) / 60, 1).label('mins')).order_by(Visit.id).limit(4)", None, {}),
 ("select(Site.domain, cast(Site.id, String) + ':' + Site.owner).order_by(Site.id)", None, {}),
 ("select(Visitor.country, func.count(Visit.id).label('visits')).join(Visitor.visits).group_by(Visitor.country).order_by(Visitor.country.nulls_first())", None, {}),
 # windows
 ("select(Visit.id, Visit.site_id, func.row_number().over(partition_by=Visit.site_id, order_by=Visit.started_at).label('n')).order_by(Visit.site_id, 'n')", None, {}),
 ("select(Visit.id, func.rank().over(order_by=Visit.duration_s.desc()).label('r')).order_by('r', Visit.id)", None, {}),
 ("select(Visit.id, func.dense_rank().over(partition_by=Visit.device, order_by=Visit.duration_s.desc()).label('r')).order_by(Visit.device, 'r', Visit.id)", None, {}),
 ("select(PageView.id, PageView.path, func.lag(PageView.path).over(partition_by=PageView.visit_id, order_by=PageView.ts).label('prev')).order_by(PageView.id)", None, {}),
 ("select(PageView.id, func.lead(PageView.ts).over(partition_by=PageView.visit_id, order_by=PageView.ts).label('next_ts')).where(PageView.visit_id == 1).order_by(PageView.id)", None, {}),
 ("select(PageView.visit_id, PageView.path, func.count().over(partition_by=PageView.visit_id).label('depth')).order_by(PageView.id).limit(6)", None, {}),
 ("select(Visit.id, func.sum(Visit.duration_s).over(partition_by=Visit.visitor_id, order_by=Visit.started_at).label('cum')).order_by(Visit.visitor_id, Visit.started_at)", None, {}),
 ("select(DailyStat.site_id, DailyStat.day, DailyStat.views, func.avg(DailyStat.views).over(partition_by=DailyStat.site_id, order_by=DailyStat.day, rows=(-1, 0)).label('ma2')).order_by(DailyStat.site_id, DailyStat.day)", None, {}),
 ("select(DailyStat.day, DailyStat.views - func.lag(DailyStat.views, 1, 0).over(partition_by=DailyStat.site_id, order_by=DailyStat.day)).where(DailyStat.site_id == 1).order_by(DailyStat.day)", None, {}),
 ("select(Site.domain, func.ntile(2).over(order_by=Site.id).label('half')).order_by(Site.id)", None, {}),
 ("select(PageView.id, func.percent_rank().over(order_by=PageView.load_ms).label('pr')).where(PageView.load_ms.is_not(None)).order_by(PageView.load_ms, PageView.id).limit(4)", None, {}),
 ("ranked = select(PageView.visit_id, PageView.path, func.row_number().over(partition_by=PageView.visit_id, order_by=PageView.ts.desc()).label('rn')).subquery()\nselect(ranked.c.visit_id, ranked.c.path.label('exit_page')).where(ranked.c.rn == 1).order_by(ranked.c.visit_id)", None, {}),
 ("first = select(Visit.visitor_id, func.min(Visit.started_at).label('first_at')).group_by(Visit.visitor_id).subquery()\nselect(Visit.id).join(first, and_(first.c.visitor_id == Visit.visitor_id, first.c.first_at == Visit.started_at)).order_by(Visit.id)", None, {}),
 ("ranked = select(Visit, func.rank().over(partition_by=Visit.site_id, order_by=Visit.duration_s.desc()).label('r')).subquery()\nv = aliased(Visit, ranked)\nselect(v).where(ranked.c.r == 1).order_by(v.site_id)", None, {}),
 # pages / performance
 ("select(PageView.path, func.count().label('views'), func.avg(PageView.load_ms).label('avg_ms')).group_by(PageView.path).order_by(desc('views'), PageView.path).limit(5)", None, {}),
 ("select(PageView.path, func.max(PageView.load_ms)).where(PageView.load_ms.is_not(None)).group_by(PageView.path).having(func.max(PageView.load_ms) > 400).order_by(PageView.path)", None, {}),
 ("select(PageView.status, func.count()).group_by(PageView.status).order_by(PageView.status)", None, {}),
 ("select(PageView.id).where(PageView.status >= 400).order_by(PageView.id)", None, {}),
 ("select(PageView.path).where(PageView.path.like('/docs%')).distinct().order_by(PageView.path)", None, {}),
 ("select(PageView.path, func.count(distinct(Visit.visitor_id)).label('uniques')).join(PageView.visit).group_by(PageView.path).order_by(desc('uniques'), PageView.path).limit(4)", None, {}),
 ("select(Site.domain, func.count(PageView.id).label('views')).join(Site.visits).join(Visit.pageviews).group_by(Site.domain).order_by(Site.domain)", None, {}),
 # correlated subqueries / exists
 ("select(Visit.id, select(func.count(PageView.id)).where(PageView.visit_id == Visit.id).scalar_subquery().label('pages')).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(select(func.count(PageView.id)).where(PageView.visit_id == Visit.id).scalar_subquery() > 2).order_by(Visit.id)", None, {}),
 ("select(Visitor.fingerprint).where(exists().where(Visit.visitor_id == Visitor.id, Visit.site_id == 1)).order_by(Visitor.id)", None, {}),
 ("select(Visitor.fingerprint).where(~exists(select(Visit.id).where(Visit.visitor_id == Visitor.id, Visit.duration_s > 100))).order_by(Visitor.id)", None, {}),
 ("select(Visit.id).where(exists().where(Conversion.visit_id == Visit.id)).order_by(Visit.id)", None, {}),
 ("select(Visit.id, exists().where(Conversion.visit_id == Visit.id).label('converted')).order_by(Visit.id)", None, {}),
 ("select(Site.domain).where(Site.visits.any(Visit.device == 'tablet'))", None, {}),
 ("select(Visit.id).where(Visit.duration_s > select(func.avg(Visit.duration_s)).scalar_subquery()).order_by(Visit.id)", None, {}),
 ("v2 = aliased(Visit)\nselect(Visit.id).where(Visit.duration_s >= select(func.max(v2.duration_s)).where(v2.site_id == Visit.site_id).scalar_subquery()).order_by(Visit.id)", None, {}),
 # conversions / revenue
 ("select(Goal.name, func.count(Conversion.id).label('n'), func.coalesce(func.sum(Conversion.revenue), 0).label('revenue')).outerjoin(Goal.conversions).group_by(Goal.id, Goal.name).order_by(Goal.id)", None, {}),
 ("select(Site.domain, func.sum(Conversion.revenue).label('rev')).join(Site.goals).join(Goal.conversions).group_by(Site.domain).order_by(Site.domain)", None, {}),
 ("select(Visit.source, func.count(distinct(Conversion.visit_id)).label('converting'), func.count(distinct(Visit.id)).label('visits')).outerjoin(Visit.conversions).group_by(Visit.source).order_by(Visit.source)", None, {}),
 ("select(Conversion).options(joinedload(Conversion.goal), joinedload(Conversion.visit)).where(Conversion.revenue.is_not(None)).order_by(Conversion.id)", None, REL),
 ("select(Goal).options(selectinload(Goal.conversions)).where(Goal.site_id == 1).order_by(Goal.id)", None, REL),
 ("select(Conversion.id, Goal.name, Visit.source).join(Conversion.goal).join(Conversion.visit).order_by(Conversion.converted_at)", None, {}),
 # union_all / tuple_ / keyset / pagination
 ("select(Visit.source.label('channel')).where(Visit.source.is_not(None)).union_all(select(literal('direct').label('channel')).where(Visit.source.is_(None))).order_by('channel')", None, {}),
 ("u = union_all(select(Visit.started_at.label('at'), literal('visit').label('kind')).where(Visit.site_id == 1), select(Conversion.converted_at.label('at'), literal('conversion').label('kind'))).subquery()\nselect(u.c.kind, func.count()).group_by(u.c.kind).order_by(u.c.kind)", None, {}),
 ("select(Visit.id).where(Visit.site_id == 2).union_all(select(Visit.id).where(Visit.device == 'mobile')).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(tuple_(Visit.site_id, Visit.visitor_id).in_([(1, 1), (2, 3), (3, 9)])).order_by(Visit.id)", None, {}),
 ("select(DailyStat.views).where(tuple_(DailyStat.site_id, DailyStat.day).in_([(1, date(2024, 3, 2)), (3, date(2024, 3, 4))])).order_by(DailyStat.views)", None, {}),
 ("select(PageView.id, PageView.ts).where(tuple_(PageView.ts, PageView.id) > tuple_(literal(datetime(2024, 3, 3, 8, 30)), literal(10))).order_by(PageView.ts, PageView.id).limit(3)", None, {}),
 ("select(PageView.id).where(or_(PageView.ts > last_ts, and_(PageView.ts == last_ts, PageView.id > last_id))).order_by(PageView.ts, PageView.id).limit(3)", {"last_ts": "2024-03-01T20:15:00", "last_id": 7}, PG),
 ("select(Visit.id).order_by(Visit.started_at.desc(), Visit.id.desc()).limit(page_size).offset((page - 1) * page_size)", {"page": 2, "page_size": 3}, {}),
 ("select(Visit.id).where(Visit.id > after).order_by(Visit.id).limit(4)", {"after": 6}, {}),
 ("before = datetime(2024, 3, 3)\nsession.execute(select(Visit.id, Visit.started_at).where(Visit.started_at < before).order_by(Visit.started_at.desc()).limit(2)).all()", None, CALL),
 # PostgreSQL-only forms
 ("pv = select(PageView.path).where(PageView.visit_id == Visit.id).order_by(PageView.ts.desc()).limit(1).lateral('last_pv')\nselect(Visit.id, pv.c.path).join(pv, true()).order_by(Visit.id)", None, PG),
 ("pv = select(func.count(PageView.id).label('n')).where(PageView.visit_id == Visit.id).lateral()\nselect(Visit.id, pv.c.n).outerjoin(pv, true()).order_by(Visit.id)", None, PG),
 ("select(Visit.id).where(Visit.duration_s > all_(select(Visit.duration_s).where(Visit.site_id == 2).scalar_subquery())).order_by(Visit.id)", None, PG),
 ("select(Visit.id).where(Visit.visitor_id == any_(select(Visitor.id).where(Visitor.country == 'DE').scalar_subquery())).order_by(Visit.id)", None, {}),
 ("select(PageView.id).where(PageView.status != all_([200, 404])).order_by(PageView.id)", None, PG),
 ("select(Visit.id, (Visit.duration_s >= all_(select(Visit.duration_s).scalar_subquery())).label('longest')).order_by(Visit.id)", None, PG),
 ("from sqlalchemy.dialects.postgresql import array\nselect(PageView.id).where(PageView.status == any_(array([404, 500]))).order_by(PageView.id)", None, PG),
 ("select(func.percentile_cont(0.5).within_group(PageView.load_ms).label('median'))", None, PG),
 ("from sqlalchemy.dialects.postgresql import aggregate_order_by\nselect(Visit.site_id, func.array_agg(aggregate_order_by(Visit.id, Visit.id.desc())).label('ids')).group_by(Visit.site_id).order_by(Visit.site_id)", None, PG),
 ("select(Visit.id, Visit.started_at - func.lag(Visit.started_at).over(partition_by=Visit.visitor_id, order_by=Visit.started_at)).order_by(Visit.id)", None, PG),
 ("select(func.generate_series(1, 3).label('n'))", None, PG),
 # raw SQL
 ("select(Visit.id, literal_column('duration_s * 2').label('dbl')).order_by(Visit.id).limit(2)", None, {"raw_sql": True}),
 ("select(Visit.id).where(text('duration_s > 500')).order_by(Visit.id)", None, {"raw_sql": True}),
 ("select(Visit.id, literal_column('1').label('one')).order_by(Visit.id).limit(1)", None, {"raw_sql": True}),
 # session calls
 ("session.execute(select(Visit.device, func.count()).group_by(Visit.device).order_by(Visit.device)).all()", None, CALL),
 ("session.scalars(select(Visit).where(Visit.site_id == 3).order_by(Visit.id)).all()", None, CALL),
 ("session.get(DailyStat, (1, date(2024, 3, 2)))", None, CALL),
 ("session.get(DailyStat, {'site_id': 3, 'day': date(2024, 3, 4)})", None, CALL),
 ("session.get(Visit, 1, options=[selectinload(Visit.pageviews)])", None, kw(CALL, REL)),
 ("session.query(Visit).filter(Visit.site_id == 1).order_by(Visit.started_at.desc()).first()", None, CALL),
 ("session.query(func.count(Visit.id), func.sum(Visit.duration_s)).filter(Visit.device == 'mobile').one()", None, CALL),
 ("session.query(PageView.path).distinct().order_by(PageView.path).limit(3).all()", None, CALL),
 ("session.execute(select(Visit).options(selectinload(Visit.pageviews)).where(Visit.id.in_(ids)).order_by(Visit.id)).scalars().all()", {"ids": [3, 8]}, kw(CALL, REL)),
 # writes
 ("update(DailyStat).where(DailyStat.site_id == 1).values(views=DailyStat.views + 1).returning(DailyStat.day, DailyStat.views)", None, DML),
 ("update(Visit).where(Visit.source.is_(None)).values(source='direct')", None, DML),
 ("delete(PageView).where(PageView.status >= 400)", None, DML),
 ("delete(DailyStat).where(DailyStat.day < date(2024, 3, 3)).returning(DailyStat.site_id, DailyStat.day)", None, DML),
 ("insert(DailyStat).values(site_id=2, day=date(2024, 3, 6), views=4).returning(DailyStat.visitors, DailyStat.bounce_rate)", None, DML),
 ("insert(PageView).from_select(['visit_id', 'path', 'ts'], select(Visit.id, literal('/landing'), Visit.started_at).where(Visit.id == 7))", None, DML),
]


# second batch: loader interplay, relationship criteria, CTE columns, shares of totals
SAAS2 = [
 ("select(Organization).options(noload(Organization.plan)).order_by(Organization.id)", None, REL),
 ("select(Organization).options(raiseload(Organization.plan), selectinload(Organization.projects)).where(Organization.id == 2)", None, REL),
 ("select(Organization).join(Organization.plan).where(Plan.code == 'team')", None, REL),
 ("select(Organization).options(joinedload(Organization.plan).load_only(Plan.code)).order_by(Organization.id)", None, REL),
 ("select(Organization).order_by(Organization.id).limit(2).offset(1)", None, REL),
 ("select(Organization, func.count(Project.id).label('n')).outerjoin(Organization.projects).group_by(Organization.id).order_by(Organization.id)", None, REL),
 ("select(Organization.slug, func.count(Project.id).label('n')).outerjoin(Organization.projects.and_(Project.archived == False)).group_by(Organization.slug).order_by(Organization.slug)", None, {}),
 ("select(Project.name).join(Project.org.and_(Organization.is_active)).order_by(Project.name)", None, {}),
 ("select(Organization).options(selectinload(Organization.projects.and_(Project.archived == False))).where(Organization.id == 1)", None, REL),
 ("select(Organization).options(selectinload(Organization.memberships).selectinload(Membership.user)).order_by(Organization.id).limit(1)", None, REL),
 ("select(User).where(User.id.in_(select(Membership.user_id).where(Membership.org_id == 2))).order_by(User.id)", None, {}),
 ("select(func.count(distinct(Membership.user_id)))", None, {}),
 ("select(User.email).where(User.memberships.any(Membership.org.has(Organization.plan_id == 3))).order_by(User.email)", None, {}),
 ("select(Project).where(with_parent(session_org, Organization.projects)).order_by(Project.id)" if False else "select(Project.name).where(Project.org.has(Organization.slug == 'globex')).order_by(Project.name)", None, {}),
 ("select(Plan.code, Plan.features['projects'].as_integer().is_(None).label('unlimited')).order_by(Plan.id)", None, {}),
 ("select(Plan.code, Plan.features['missing'].as_string().label('m')).order_by(Plan.id)", None, {}),
 ("select(Project.id, Project.settings['alerts']).where(Project.settings.is_not(None)).order_by(Project.id)", None, {}),
 ("select(func.json_array_length(Project.settings['alerts'])).where(Project.id == 4)", None, LITE),
 ("select(Project.name, Project.settings['theme'].astext.label('theme')).order_by(Project.id)", None, PG),
 ("select(Project.name).where(Project.settings.op('->>')('theme') == 'dark').order_by(Project.name)", None, {}),
 ("select(Project.name, Project.settings.op('->>')('theme').label('theme')).order_by(Project.id)", None, {}),
 ("select(Project.name, Project.settings.op('->')('alerts').label('alerts')).where(Project.id == 4)", None, PG),
 ("select(Project.name).where(Project.settings.op('->>')('retention_days') == '30')", None, {}),
 ("select(Project.name, Project.settings.op('->>')('retention_days').label('days')).where(Project.settings.is_not(None)).order_by(Project.id)", None, {}),
 ("select(Project.name).where(Project.settings['retention_days'].as_integer().in_([7, 30])).order_by(Project.name)", None, {}),
 ("select(Project.name, func.coalesce(Project.settings['retention_days'].as_integer(), 30).label('days')).order_by(Project.id)", None, {}),
 ("select(Invoice.number, cast(Invoice.amount, Integer).label('whole')).order_by(Invoice.id)", None, {}),
 ("select(Invoice.org_id, func.avg(Invoice.amount).label('avg')).group_by(Invoice.org_id).order_by(Invoice.org_id)", None, {}),
 ("select(Invoice.number, (Invoice.amount * Decimal('0.19')).label('vat')).order_by(Invoice.id)", None, {}),
 ("select(Invoice.number, func.rank().over(order_by=Invoice.amount.desc()).label('r')).order_by('r', Invoice.number)", None, {}),
 ("select(Invoice).options(joinedload(Invoice.org)).where(Invoice.paid_at.is_(None)).order_by(Invoice.id)", None, REL),
 ("session.query(Organization).join(Organization.memberships).filter(Membership.user_id == 6).with_entities(Organization.slug).order_by(Organization.slug).all()", None, CALL),
 ("session.execute(select(Organization).options(selectinload(Organization.invoices)).where(Organization.slug == 'acme')).scalar_one()", None, kw(CALL, REL)),
 ("session.scalars(select(User).join(User.memberships).where(Membership.org_id == org_id).order_by(User.email).limit(limit)).all()", {"org_id": 1, "limit": 2}, CALL),
 ("update(Organization).where(Organization.id == 4).values(plan_id=select(Plan.id).where(Plan.code == 'free').scalar_subquery())", None, DML),
 ("update(ApiKey).where(ApiKey.project_id.in_(select(Project.id).where(Project.archived))).values(revoked=True)", None, DML),
 ("delete(Invoice).where(Invoice.org_id == select(Organization.id).where(Organization.slug == 'globex').scalar_subquery()).returning(Invoice.number)", None, DML),
]

CMS2 = [
 ("select(Article).join(Article.tags).where(Tag.name == 'sql').options(contains_eager(Article.tags)).order_by(Article.id)", None, kw(SI, REL)),
 ("select(Content).options(joinedload(Content.tags)).order_by(Content.id)", None, kw(SI, REL)),
 ("a = aliased(Article)\nselect(a.title).where(a.views > 1000).order_by(a.id)", None, SI),
 ("a = aliased(Article, name='art')\nselect(Author.name, a.title).join(a, Author.contents.of_type(a)).order_by(a.id)", None, SI),
 ("select(Author.name).where(Author.contents.of_type(Video).any(Video.duration_s > 500)).order_by(Author.name)", None, SI),
 ("select(func.count()).select_from(Article)", None, SI),
 ("select(Article.id).where(Article.id.in_([4, 7])).order_by(Article.id)", None, SI),
 ("select(Content.type, func.max(Content.views).label('top')).group_by(Content.type).having(func.max(Content.views) > 1000).order_by(Content.type)", None, SI),
 ("select(Video).options(load_only(Video.title, Video.duration_s)).order_by(Video.id)", None, kw(SI, {"feature": "column loading"})),
 ("select(Content).options(defer(Content.body), defer(Content.meta)).where(Content.id.in_([1, 7])).order_by(Content.id)", None, kw(SI, {"feature": "column loading"})),
 ("select(Category).where(Category.children.any()).order_by(Category.id)", None, {}),
 ("select(Category.name).where(Category.parent.has(Category.name == 'Tech')).order_by(Category.name)", None, {}),
 ("select(Category).where(~Category.contents.any()).order_by(Category.id)", None, {}),
 ("select(Content.title).where(Content.is_published == False).order_by(Content.id)", None, HYB),
 ("select(Content.title).where(Content.title_length.between(10, 20)).order_by(Content.id)", None, HYB),
 ("select(func.json_array_length(Content.meta['captions'])).where(Content.id == 7)", None, {}),
 ("select(Content.id).where(Content.meta['featured'].as_boolean().is_(True))", None, {}),
 ("select(Content.id).where(Content.meta['reading_time'].as_integer().is_(None)).order_by(Content.id)", None, {}),
 ("select(Tag.name).where(Tag.name.in_(bindparam('names', expanding=True))).order_by(Tag.name)", {"names": ["sql", "video", "nope"]}, {}),
 ("tree = select(Category.id, Category.name.label('path')).where(Category.parent_id.is_(None)).cte('tree', recursive=True)\ntree = tree.union_all(select(Category.id, tree.c.path + ' / ' + Category.name).join(tree, Category.parent_id == tree.c.id))\nselect(tree.c.path).order_by(tree.c.path)", None, {}),
 ("tree = select(Category.id).where(Category.id == 1).cte('tree', recursive=True)\ntree = tree.union_all(select(Category.id).join(tree, Category.parent_id == tree.c.id))\nselect(Category).join(tree, Category.id == tree.c.id).order_by(Category.id)", None, {}),
 ("tree = select(Category.id, Category.parent_id, literal(1).label('lvl')).where(Category.parent_id.is_(None)).cte('tree', recursive=True)\ntree = tree.union_all(select(Category.id, Category.parent_id, tree.c.lvl + 1).where(Category.parent_id == tree.c.id))\nselect(func.max(tree.c.lvl).label('depth'))", None, {}),
 ("stats = select(Content.author_id, func.count().label('n'), func.sum(Content.views).label('views')).group_by(Content.author_id).cte('stats')\nselect(Author.name, stats.c.n, stats.c.views).join(stats, stats.c.author_id == Author.id).order_by(stats.c.views.desc())", None, {}),
 ("select(Content.title, Content.views, (Content.views * 100 / func.sum(Content.views).over()).label('pct')).order_by(Content.id)", None, {}),
 ("select(Content.type, Content.title, func.row_number().over(partition_by=Content.type, order_by=Content.views.desc()).label('rn')).order_by(Content.type, 'rn')", None, SI),
 ("select(Comment.id).where(Comment.created_at.between(datetime(2024, 2, 16), datetime(2024, 2, 17))).order_by(Comment.id)", None, {}),
 ("select(Content.slug, func.count(Comment.id).filter(Comment.approved).label('ok'), func.count(Comment.id).filter(~Comment.approved).label('held')).outerjoin(Content.comments).group_by(Content.slug).order_by(Content.slug)", None, {}),
 ("session.scalars(select(Article).options(selectinload(Article.tags)).where(Article.tag_names.contains('sql')).order_by(Article.id)).all()", None, kw(CALL, SI)),
 ("session.query(Video).count()", None, kw(CALL, SI)),
 ("session.query(Content).filter(Content.type == 'page').order_by(Content.id).first()", None, kw(CALL, SI)),
 ("delete(Article).where(Article.views < 1000)", None, kw(DML, SI)),
 ("update(Content).where(Content.id == 3).values(meta={'reading_time': 8})", None, DML),
 ("update(Article).values(views=0).returning(Article.id)", None, kw(DML, SI)),
 ("update(Category).where(Category.parent_id == 2).values(position=Category.position + 10).returning(Category.id, Category.position)", None, DML),
]

METRICS2 = [
 ("select(func.count(distinct(Visit.visitor_id)))", None, {}),
 ("select(func.count()).select_from(select(Visit.visitor_id).distinct().subquery())", None, {}),
 ("select(Visitor.fingerprint).where(Visitor.id.in_(select(Visit.visitor_id).group_by(Visit.visitor_id).having(func.count() > 1))).order_by(Visitor.id)", None, {}),
 ("select(func.date(Visit.started_at).label('day'), Visit.site_id, func.count()).group_by(func.date(Visit.started_at), Visit.site_id).order_by('day', Visit.site_id)", None, {}),
 ("select(extract('year', DailyStat.day).label('y'), extract('dow', DailyStat.day).label('dow'), func.sum(DailyStat.views)).group_by('y', 'dow').order_by('dow')", None, {}),
 ("select(DailyStat.site_id, DailyStat.day, (DailyStat.views * 100.0 / func.sum(DailyStat.views).over(partition_by=DailyStat.site_id)).label('share')).order_by(DailyStat.site_id, DailyStat.day)", None, {}),
 ("select(DailyStat.site_id, cast(func.coalesce(DailyStat.bounce_rate, 0) * 100, Integer).label('pct')).order_by(DailyStat.site_id, DailyStat.day)", None, {}),
 ("select(DailyStat.site_id, func.avg(DailyStat.bounce_rate).label('avg')).group_by(DailyStat.site_id).order_by(DailyStat.site_id)", None, {}),
 ("select(DailyStat.site_id, func.sum(DailyStat.views).label('v')).group_by(DailyStat.site_id).having(func.sum(DailyStat.views) > 3).order_by(desc('v'))", None, {}),
 ("select(Site.domain, func.coalesce(func.sum(Conversion.revenue), Decimal('0')).label('rev')).outerjoin(Site.goals).outerjoin(Goal.conversions).group_by(Site.domain).order_by(Site.domain)", None, {}),
 ("select(Site.domain, func.count(Visit.id).label('mobile')).outerjoin(Site.visits.and_(Visit.device == 'mobile')).group_by(Site.domain).order_by(Site.domain)", None, {}),
 ("select(Visit.id).join(Visit.site.and_(Site.owner == 'ann')).order_by(Visit.id)", None, {}),
 ("select(Visit).options(selectinload(Visit.pageviews), joinedload(Visit.visitor)).where(Visit.site_id == 2).order_by(Visit.id)", None, REL),
 ("select(Visitor).options(selectinload(Visitor.visits).selectinload(Visit.pageviews)).where(Visitor.id == 1)", None, REL),
 ("select(Visit).join(Visit.pageviews).where(PageView.path == '/checkout').distinct().order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(Visit.pageviews.any(PageView.load_ms > 500)).order_by(Visit.id)", None, {}),
 ("select(Visit).where(Visit.conversions.any()).options(selectinload(Visit.conversions).joinedload(Conversion.goal)).order_by(Visit.id)", None, REL),
 ("select(Visit).options(joinedload(Visit.pageviews)).order_by(Visit.id).limit(2)", None, REL),
 ("select(Visit).options(joinedload(Visit.pageviews)).where(Visit.site_id == 1).order_by(Visit.started_at.desc()).limit(2).offset(1)", None, REL),
 ("select(Visit).order_by(Visit.id).limit(3).offset(3)", None, {}),
 ("select(func.count(distinct(case((PageView.path == '/cart', PageView.visit_id)))).label('cart'), func.count(distinct(case((PageView.path == '/checkout', PageView.visit_id)))).label('checkout'))", None, {}),
 ("select(func.count().filter(Visit.duration_s == 0).label('bounces'), func.count().label('all_'))", None, {}),
 ("daily = select(func.date(PageView.ts).label('day'), func.count().label('n')).group_by(func.date(PageView.ts)).cte('daily')\nselect(daily.c.day, daily.c.n, func.sum(daily.c.n).over(order_by=daily.c.day).label('cum')).order_by(daily.c.day)", None, {}),
 ("daily = select(Visit.site_id, func.count().label('n')).group_by(Visit.site_id).cte()\nselect(func.avg(daily.c.n), func.max(daily.c.n))", None, {}),
 ("select(Visit.device, Visit.source, func.count()).group_by(func.rollup(Visit.device, Visit.source)).order_by(Visit.device.nulls_last(), Visit.source.nulls_last())", None, PG),
 ("select(Visit.id, Visit.duration_s).where(Visit.duration_s.in_(select(func.max(Visit.duration_s)).group_by(Visit.site_id))).order_by(Visit.id)", None, {}),
 ("select(func.julianday(func.max(Visit.started_at)) - func.julianday(func.min(Visit.started_at)))", None, LITE),
 ("select(func.max(Visit.started_at) - func.min(Visit.started_at))", None, PG),
 ("select(Visit.id, func.round(Visit.duration_s / 60.0, 2).label('m')).order_by(Visit.id).limit(3)", None, {}),
 ("select(PageView.path, func.min(PageView.load_ms), func.max(PageView.load_ms), func.avg(PageView.load_ms)).where(PageView.path.startswith('/docs')).group_by(PageView.path).order_by(PageView.path)", None, {}),
 ("select(Visit.id).where(Visit.started_at.between(datetime(2024, 3, 2), datetime(2024, 3, 4, 23, 59, 59))).order_by(Visit.id)", None, {}),
 ("select(Visit.source).where(Visit.source.is_not(None)).group_by(Visit.source).order_by(func.sum(Visit.duration_s).desc())", None, {}),
 ("select(Visitor.country, Visit.device, func.count()).join(Visitor.visits).where(Visitor.country.is_not(None)).group_by(Visitor.country, Visit.device).order_by(Visitor.country, Visit.device)", None, {}),
 ("session.execute(select(Visit.device, func.count()).group_by(Visit.device)).all()", None, CALL),
 ("session.scalars(select(Site.domain)).all()", None, CALL),
 ("session.execute(select(func.min(PageView.ts), func.max(PageView.ts))).one()", None, CALL),
 ("session.query(Visit).options(joinedload(Visit.pageviews)).filter(Visit.id.in_([1, 9])).order_by(Visit.id).all()", None, kw(CALL, REL)),
 ("update(PageView).where(PageView.load_ms.is_(None)).values(load_ms=0).returning(PageView.id)", None, DML),
 ("delete(Conversion).where(Conversion.goal_id.in_(select(Goal.id).where(Goal.site_id == 1))).returning(Conversion.id)", None, DML),
]


# third batch: statements built in code (comprehensions, *filters, getattr), inferred
# joins, has/any keywords, count of a filtered statement, string functions, polymorphic
# odds, session / Query idioms of repositories
DYN = [
 ("sources = ['google', 'twitter']\nselect(Visit.id).where(or_(*[Visit.source == s for s in sources])).order_by(Visit.id)", None, {}),
 ("filters = [Visit.device == 'mobile']\nif min_duration:\n    filters.append(Visit.duration_s >= min_duration)\nsession.scalars(select(Visit.id).where(*filters).order_by(Visit.id)).all()", {"min_duration": 40}, CALL),
 ("filters = [Visit.device == 'mobile']\nif min_duration:\n    filters.append(Visit.duration_s >= min_duration)\nsession.scalars(select(Visit.id).where(*filters).order_by(Visit.id)).all()", {"min_duration": 0}, CALL),
 ("cols = [Visit.id, Visit.device]\nselect(*cols).where(Visit.site_id == 2).order_by(Visit.id)", None, {}),
 ("session.scalars(select(Visit.id).order_by(getattr(Visit, field).desc(), Visit.id).limit(3)).all()", {"field": "duration_s"}, CALL),
 ("session.scalars(select(Visit.id).order_by(getattr(Visit, field).desc(), Visit.id).limit(3)).all()", {"field": "nope"}, CALL),
 ("stmt = select(Visit).where(Visit.site_id == 1)\nselect(func.count()).select_from(stmt.subquery())", None, {}),
 ("stmt = select(Visit.id).where(Visit.device == 'desktop')\nstmt.with_only_columns(func.count())", None, {}),
 ("select(Visit.id).where(Visit.source.in_(['google', None])).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(Visit.source.not_in(['google'])).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(Visit.source.is_distinct_from('google')).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(Visit.source == None).order_by(Visit.id)", None, {}),
 ("select(Visit.id).filter_by(device='mobile', source='twitter').order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(Visit.site.has(domain='shop.example')).order_by(Visit.id)", None, {}),
 ("select(Site.domain).where(Site.visits.any(device='tablet'))", None, {}),
 ("select(PageView.id).join(Visit).join(Site).where(Site.domain == 'docs.example').order_by(PageView.id)", None, {}),
 ("select(Visit.id, Site.domain).join_from(Visit, Site).where(Visit.duration_s > 300).order_by(Visit.id)", None, {}),
 ("select(Visit.id).where(select(PageView.id).where(PageView.visit_id == Visit.id, PageView.status >= 400).exists()).order_by(Visit.id)", None, {}),
 ("select(Visit.id, case((exists().where(Conversion.visit_id == Visit.id), 'yes'), else_='no').label('conv')).order_by(Visit.id).limit(4)", None, {}),
 ("select(Visit.id, func.coalesce(Visit.source, Visitor.country, 'unknown').label('tag')).join(Visit.visitor).order_by(Visit.id)", None, {}),
 ("select(PageView.id, func.length(PageView.path).label('n')).where(func.length(PageView.path) > 8).order_by(PageView.id)", None, {}),
 ("select(PageView.id, func.replace(PageView.path, '/', '.').label('p')).where(PageView.visit_id == 8).order_by(PageView.id)", None, {}),
 ("select(func.substr(PageView.path, 2).label('p')).where(PageView.visit_id == 3).order_by(PageView.id)", None, {}),
 ("select(PageView.id).where(PageView.path.contains('doc'), PageView.path.istartswith('/DOCS/')).order_by(PageView.id)", None, {}),
 ("select((PageView.path + '?ref=1').label('u')).where(PageView.id < 3).order_by(PageView.id)", None, {}),
 ("select(PageView.path.concat('#top').label('u')).where(PageView.id == 1)", None, {}),
 ("select(Visit.id, Visit.duration_s // 60, Visit.duration_s % 60, -Visit.duration_s).order_by(Visit.id).limit(3)", None, {}),
 ("select(Visit.id, func.abs(Visit.duration_s - 300).label('d')).order_by('d', Visit.id).limit(3)", None, {}),
 ("select(Site.domain).where(Site.domain.regexp_match('^(shop|docs)')).order_by(Site.domain)", None, PG),
 ("select(func.greatest(Visit.duration_s, 100).label('g')).order_by(Visit.id).limit(3)", None, PG),
 ("select(func.max(Visit.duration_s, 100).label('g')).order_by(Visit.id).limit(3)", None, LITE),
 ("select(Visit).options(lazyload(Visit.pageviews), selectinload(Visit.site)).where(Visit.id < 3).order_by(Visit.id)", None, REL),
 ("select(Visit).options(selectinload(Visit.pageviews).load_only(PageView.path)).where(Visit.id == 3)", None, REL),
 ("select(Visit).options(Load(Visit).load_only(Visit.id, Visit.device)).order_by(Visit.id).limit(2)", None, {"feature": "column loading"}),
 ("select(Visit.id).where(Visit.id.in_(bindparam('ids', expanding=True))).order_by(Visit.id)", {"ids": [2, 4, 99]}, {}),
 ("sub = select(Visit.device.label('d'), func.count().label('c')).group_by(Visit.device).subquery()\nselect(func.max(sub.c.c))", None, {}),
 ("session.execute(select(Visit.id).where(Visit.site_id == 1).order_by(Visit.id)).scalars().all()", None, CALL),
 ("session.execute(select(Visit.device, Visit.duration_s).order_by(Visit.duration_s.desc())).mappings().first()", None, CALL),
 ("session.get(Visit, 1, with_for_update=True)", None, CALL),
 ("session.scalars(select(Visit).where(Visit.id < 3).order_by(Visit.id).with_for_update()).all()", None, kw(CALL, PG)),
 ("session.execute(select(Visit).execution_options(populate_existing=True).where(Visit.id == 2)).scalar_one()", None, CALL),
]

SAAS3 = [
 ("session.scalars(select(User).filter_by(email=email)).one_or_none()", {"email": "cy@globex.com"}, CALL),
 ("session.execute(select(Organization).filter(Organization.slug == slug).limit(1)).scalar()", {"slug": "initech"}, kw(CALL, REL)),
 ("session.query(User).filter(User.email.in_(emails)).order_by(User.id).all()", {"emails": ["bo@acme.io", "ed@initech.net"]}, CALL),
 ("session.query(Organization).options(joinedload(Organization.memberships)).filter_by(slug='acme').first()", None, kw(CALL, REL)),
 ("session.query(func.count(User.id)).scalar()", None, CALL),
 ("session.query(Project.org_id, func.count(Project.id)).group_by(Project.org_id).order_by(Project.org_id).all()", None, CALL),
 ("session.query(ApiKey).filter(ApiKey.revoked == True).delete()", None, CALL),
 ("session.query(Project).filter(Project.archived).update({Project.archived: False})", None, CALL),
 ("select(Organization).where(Organization.memberships.any(Membership.user.has(User.full_name.is_(None)))).order_by(Organization.id)", None, REL),
 ("select(Organization.slug, func.count(Membership.user_id).filter(Membership.role == 'owner').label('owners')).outerjoin(Organization.memberships).group_by(Organization.slug).order_by(Organization.slug)", None, {}),
 ("select(User.email, Organization.slug).join(User.memberships).join(Membership.org).where(Organization.plan_id.is_not(None)).order_by(User.email, Organization.slug)", None, {}),
 ("u = aliased(User)\nm = aliased(Membership)\nselect(u.email).join(m, m.user_id == u.id).where(m.role == 'member').order_by(u.email)", None, {}),
 ("select(Project.name, Project.created_at).where(Project.created_at < datetime.datetime(2024, 1, 3)).order_by(Project.id)", None, {}),
 ("select(Organization.slug, (Plan.monthly_price * func.count(Membership.user_id)).label('mrr')).join(Organization.plan).outerjoin(Organization.memberships).group_by(Organization.slug, Plan.monthly_price).order_by(Organization.slug)", None, {}),
]

CMS3 = [
 ("select(Content.title, Content.comment_count).order_by(Content.id)", None, HYB),
 ("select(Content.slug).where(Content.comment_count > 1).order_by(Content.slug)", None, HYB),
 ("select(Content.popularity, func.count()).group_by(Content.popularity).order_by(Content.popularity)", None, HYB),
 ("select(Content.id).where(Content.published_between(datetime(2024, 2, 1), datetime(2024, 3, 1))).order_by(Content.id)", None, HYB),
 ("select(Article.title, Article.comment_count.label('n')).order_by(Article.id)", None, kw(HYB, SI)),
 ("session.scalars(select(Content).order_by(Content.comment_count.desc(), Content.id).limit(3)).all()", None, kw(HYB, CALL)),
 ("select(Author.name, func.sum(Content.comment_count).label('comments')).join(Author.contents).group_by(Author.name).order_by(Author.name)", None, HYB),
 ("select(Content.type, Content.popularity).where(Content.popularity != 'niche').order_by(Content.id)", None, HYB),
 ("select(Content).where(Content.type != 'page').order_by(Content.id)", None, SI),
 ("select(Content).where(Video.duration_s > 100).order_by(Content.id)", None, SI),
 ("select(Author).options(selectinload(Author.contents.of_type(Video)).selectinload(Video.comments)).where(Author.id == 3)", None, kw(SI, REL)),
 ("select(Article.title).where(Article.tag_names.contains('python')).order_by(Article.id)", None, SI),
 ("select(Content.title).where(Content.category.has(Category.parent_id == 2)).order_by(Content.id)", None, {}),
 ("select(Category).options(selectinload(Category.contents.of_type(Article))).where(Category.id == 5)", None, kw(SI, REL)),
 ("wp = with_polymorphic(Content, [Video], aliased=True)\nselect(wp.title, wp.Video.duration_s).order_by(wp.id)", None, SI),
 ("wp = with_polymorphic(Content, [Video, Article])\nselect(wp.Article.summary, wp.Video.duration_s)", None, SI),
 ("select(Article.title, Video.duration_s)", None, SI),
 ("select(Content.type, func.count(Comment.id)).outerjoin(Content.comments).group_by(Content.type).order_by(Content.type)", None, SI),
 ("session.scalars(select(Content).where(Content.author_id == 2).order_by(Content.published_at.desc().nulls_first())).all()", None, kw(CALL, SI)),
 ("session.query(Article).join(Article.author).filter(Author.name == 'Bruno').order_by(Article.id).all()", None, kw(CALL, SI)),
]


# fourth batch: statements with bindparam() run with a params dict, Query used as a
# subquery / exists(), Query helpers
CALLS4 = [
 ("session.execute(select(Visit.id).where(Visit.duration_s > bindparam('d')).order_by(Visit.id), {'d': 500}).scalars().all()", None, {}),
 ("session.execute(select(Visit).where(Visit.id == bindparam('vid')), {'vid': 3}).scalar_one()", None, {}),
 ("session.scalars(select(Visit.id).where(Visit.device == bindparam('dev')).order_by(Visit.id), {'dev': 'tablet'}).all()", None, {}),
 ("session.query(Visit).get(3)", None, {}),
 ("session.query(Visit).filter_by(id=3).scalar()", None, {}),
 ("session.query(Visit.device).filter_by(id=3).scalar()", None, {}),
 ("session.query(Site).filter(Site.id.in_(session.query(Visit.site_id).filter(Visit.device == 'tablet'))).all()", None, {}),
 ("session.query(Site).join(Site.visits).group_by(Site.id).having(func.count(Visit.id) > 3).all()", None, {}),
 ("session.query(Visit).order_by(Visit.id.desc()).limit(3).all()", None, {}),
 ("session.query(func.max(Visit.duration_s)).scalar()", None, {}),
 ("session.query(session.query(Visit).filter(Visit.device == 'tv').exists()).scalar()", None, {}),
 ("session.query(session.query(Visit).filter(Visit.device == 'tablet').exists()).scalar()", None, {}),
 ("session.query(Visit.device).distinct().count()", None, {}),
 ("session.query(Visit).options(load_only(Visit.id, Visit.device)).order_by(Visit.id).first()", None, {}),
 ("session.query(Visit).filter(Visit.pageviews.any(PageView.status == 404)).one()", None, {}),
 ("session.query(Visit.site_id, func.sum(Visit.duration_s).label('t')).group_by(Visit.site_id).order_by(desc('t')).first()", None, {}),
 ("session.query(Goal).join(Goal.site).filter(Site.domain == 'shop.example').order_by(Goal.id).all()", None, {}),
 ("session.query(Conversion).filter(Conversion.revenue != None).order_by(Conversion.revenue.desc()).all()", None, {}),
 ("session.execute(select(Site.domain, func.count(Visit.id)).outerjoin(Site.visits).group_by(Site.domain)).all()", None, {}),
 ("session.execute(select(Visitor).where(Visitor.country == 'DE').order_by(Visitor.id)).scalars().first()", None, {}),
 ("session.execute(select(PageView.path).where(PageView.visit_id == 1).order_by(PageView.ts)).scalars().all()", None, {}),
]

for i, (s, p, k) in enumerate(SAAS):
    if k.get("kind") == "execute":
        k = kw(k, {"volatile": ["created_at", "updated_at"]})
    case("saas", i + 1, s, params=p, model="app_saas", data="app_saas", slug="saas:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(CMS):
    case("cms", i + 1, s, params=p, model="app_cms", data="app_cms", slug="cms:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(METRICS):
    case("metrics", i + 1, s, params=p, model="app_metrics", data="app_metrics", slug="metrics:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(DYN):
    case("metrics3", i + 1, s, params=p, model="app_metrics", data="app_metrics", slug="metrics3:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(SAAS3):
    case("saas3", i + 1, s, params=p, model="app_saas", data="app_saas", slug="saas3:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(CMS3):
    case("cms3", i + 1, s, params=p, model="app_cms", data="app_cms", slug="cms3:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(CALLS4):
    case("metrics4", i + 1, s, params=p, model="app_metrics", data="app_metrics", slug="metrics4:%d" % (i + 1), **kw(CALL, k))
for i, (s, p, k) in enumerate(SAAS2):
    if k.get("kind") == "execute":
        k = kw(k, {"volatile": ["created_at", "updated_at"]})
    case("saas2", i + 1, s, params=p, model="app_saas", data="app_saas", slug="saas2:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(CMS2):
    case("cms2", i + 1, s, params=p, model="app_cms", data="app_cms", slug="cms2:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(METRICS2):
    case("metrics2", i + 1, s, params=p, model="app_metrics", data="app_metrics", slug="metrics2:%d" % (i + 1), **k)

case("saas", 0, "Organization", kind="get", key=1, options="selectinload(Organization.memberships)", model="app_saas", data="app_saas", slug="saas:get_org", feature="relationship loading")
case("saas", 0, "Membership", kind="get", key={"org_id": 1, "user_id": 2}, model="app_saas", data="app_saas", slug="saas:get_membership")
case("cms", 0, "Content", kind="get", key=3, options="selectinload(Content.tags)", model="app_cms", data="app_cms", slug="cms:get_article", feature="single inheritance")
case("cms", 0, "Video", kind="get", key=3, model="app_cms", data="app_cms", slug="cms:get_wrong_type", feature="single inheritance")
case("metrics", 0, "DailyStat", kind="get", key=[2, "2024-03-03"], model="app_metrics", data="app_metrics", slug="metrics:get_stat")

# writes through orm_flush: objects changed in a Session
FLUSH = [
 # saas
 ("saas", "app_saas", [{"op": "add", "entity": "Organization", "data": {"id": 5, "slug": "umbrella", "name": "Umbrella", "plan_id": 2, "created_at": "2024-03-10T08:00:00", "memberships": [{"user": {"id": 7, "email": "al@umbrella.bio", "created_at": "2024-03-10T08:00:00"}, "role": "owner", "joined_on": "2024-03-10"}, {"user_id": 1, "joined_on": "2024-03-11"}], "projects": [{"id": 7, "name": "lab", "created_at": "2024-03-10T08:00:00", "settings": {"theme": "dark"}, "api_keys": [{"id": 6, "org_id": 5, "prefix": "ak_lab1"}]}]}}]),
 ("saas", "app_saas", [{"op": "add", "entity": "Plan", "data": {"id": 4, "code": "pro", "name": "Pro", "monthly_price": "99.00"}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Organization", "key": 1, "data": {"name": "Acme Inc", "plan_id": 3}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Organization", "key": 1, "data": {"projects": [{"id": 1}, {"id": 2}]}}]),
 ("saas", "app_saas", [{"op": "delete", "entity": "Organization", "key": 3}]),
 ("saas", "app_saas", [{"op": "delete", "entity": "Organization", "key": 2}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Organization", "key": 2, "data": {"memberships": [{"org_id": 2, "user_id": 3, "role": "owner", "joined_on": "2024-01-05"}, {"user_id": 1, "role": "admin", "joined_on": "2024-03-12"}]}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Membership", "key": {"org_id": 1, "user_id": 2}, "data": {"role": "admin"}}]),
 ("saas", "app_saas", [{"op": "delete", "entity": "Membership", "key": [1, 6]}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Project", "key": 4, "data": {"settings": {"theme": "light", "retention_days": 90}, "archived": True}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Project", "key": 1, "data": {"api_keys": [{"id": 1, "revoked": True}, {"id": 7, "org_id": 1, "prefix": "ak_web3", "scopes": "read"}]}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "User", "key": 2, "data": {"full_name": "Bo B. Berg", "last_login": "2024-03-15T09:00:00"}}]),
 ("saas", "app_saas", [{"op": "merge", "entity": "Plan", "data": {"id": 1, "name": "Free forever", "features": {"sso": False, "projects": 3}}}]),
 ("saas", "app_saas", [{"op": "add", "entity": "Invoice", "data": {"id": 6, "org_id": 3, "number": "INV-3001", "issued_on": "2024-03-31", "amount": "0.00"}}, {"op": "update", "entity": "Invoice", "key": 3, "data": {"paid_at": "2024-04-02T10:00:00"}}]),
 # cms
 ("cms", "app_cms", [{"op": "add", "entity": "Article", "data": {"id": 9, "title": "Hybrid properties", "slug": "hybrids", "author_id": 2, "category_id": 5, "meta": {"reading_time": 5}, "summary": "Python and SQL in one", "tags": [{"id": 1}, {"id": 7, "name": "orm"}]}}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Video", "data": {"id": 10, "title": "CTE walkthrough", "slug": "cte-video", "author": {"id": 4, "name": "Dario", "email": "dario@cms.example"}, "duration_s": 300, "status": "published", "published_at": "2024-03-05T10:00:00", "comments": [{"author_name": "Kim", "body": "Thanks", "created_at": "2024-03-05T11:00:00", "approved": True}]}}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Page", "data": {"id": 11, "title": "Imprint", "slug": "imprint", "author_id": 1, "menu_order": 3, "status": "published"}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Article", "key": 6, "data": {"status": "published", "published_at": "2024-03-12T08:00:00", "tags": [{"id": 1}, {"id": 2}]}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Content", "key": 7, "data": {"tags": []}}]),
 ("cms", "app_cms", [{"op": "delete", "entity": "Content", "key": 3}]),
 ("cms", "app_cms", [{"op": "delete", "entity": "Video", "key": 7}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Content", "key": 4, "data": {"revisions": [{"id": 4}, {"id": 8, "number": 2, "editor_id": 1, "edited_at": "2024-03-01T09:00:00", "note": "fix"}]}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Content", "key": 3, "data": {"comments": [{"id": 1}]}}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Category", "data": {"id": 8, "name": "Guides", "parent_id": 6, "children": [{"id": 9, "name": "Setup", "position": 0}, {"id": 10, "name": "Upgrade", "position": 1}]}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Category", "key": 4, "data": {"parent_id": 3, "position": 5}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Content", "key": 1, "data": {"meta": {"layout": "full", "seo": {"noindex": True}}, "views": 1300}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Page", "key": 2, "data": {"menu_order": None, "category": None}}]),
 ("cms", "app_cms", [{"op": "delete", "entity": "Tag", "key": 6}]),
 # metrics
 ("metrics", "app_metrics", [{"op": "add", "entity": "Visit", "data": {"id": 11, "site_id": 3, "visitor": {"id": 7, "fingerprint": "f7g", "country": "JP", "first_seen": "2024-03-06T01:00:00"}, "started_at": "2024-03-06T01:00:00", "duration_s": 60, "pageviews": [{"id": 30, "path": "/docs", "ts": "2024-03-06T01:00:00", "load_ms": 90}, {"id": 31, "path": "/docs/api", "ts": "2024-03-06T01:00:40"}], "conversions": [{"id": 6, "goal_id": 3, "converted_at": "2024-03-06T01:00:40"}]}}]),
 ("metrics", "app_metrics", [{"op": "delete", "entity": "Visit", "key": 3}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "Visit", "key": 1, "data": {"pageviews": [{"id": 1}, {"id": 4}]}}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "DailyStat", "key": {"site_id": 1, "day": "2024-03-04"}, "data": {"views": 9, "bounce_rate": 0.125}}]),
 ("metrics", "app_metrics", [{"op": "delete", "entity": "DailyStat", "key": [2, "2024-03-03"]}]),
 ("metrics", "app_metrics", [{"op": "add", "entity": "DailyStat", "data": {"site_id": 3, "day": "2024-03-05"}}]),
 ("metrics", "app_metrics", [{"op": "delete", "entity": "Goal", "key": 2}]),
 ("metrics", "app_metrics", [{"op": "add", "entity": "Site", "data": {"id": 4, "domain": "new.example", "owner": "di", "created_on": "2024-03-06", "goals": [{"id": 5, "name": "Signup", "path_prefix": "/signup"}]}}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "Site", "key": 1, "data": {"goals": [{"id": 1, "name": "Purchase"}]}}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "Conversion", "key": 2, "data": {"revenue": "10.00", "goal": {"id": 1}}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Organization", "key": 4, "data": {"plan": {"id": 3}}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "Organization", "key": 1, "data": {"plan": None, "is_active": False}}]),
 ("saas", "app_saas", [{"op": "add", "entity": "Organization", "data": {"slug": "newco", "name": "NewCo", "created_at": "2024-04-01T00:00:00", "plan": {"code": "custom", "name": "Custom", "monthly_price": "5.00"}}}]),
 ("saas", "app_saas", [{"op": "delete", "entity": "User", "key": 4}]),
 ("cms", "app_cms", [{"op": "delete", "entity": "Author", "key": 3}]),
 ("cms", "app_cms", [{"op": "delete", "entity": "Category", "key": 2}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Content", "key": 3, "data": {"tags": [{"id": 3}, {"id": 1}, {"name": "sqlalchemy"}]}}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Article", "data": {"title": "Dup", "slug": "pg16", "author_id": 1}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Category", "key": 6, "data": {"children": [{"id": 7}], "parent": {"id": 1}}}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "Visit", "key": 2, "data": {"visitor": {"id": 8, "fingerprint": "f8h", "first_seen": "2024-03-01T09:30:00"}, "device": "tablet"}}]),
 ("metrics", "app_metrics", [{"op": "delete", "entity": "Site", "key": 3}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Content", "data": {"id": 12, "type": "article", "title": "Typed base", "slug": "typed-base", "author_id": 1}}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Content", "data": {"id": 13, "title": "Plain", "slug": "plain", "author_id": 2, "tags": [{"id": 2}]}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Video", "key": 8, "data": {"duration_s": 120, "video_url": "https://v.example/8", "comments": [{"author_name": "Lu", "body": "Back!", "created_at": "2024-03-09T10:00:00"}]}}]),
 ("saas", "app_saas", [{"op": "update", "entity": "User", "key": 6, "data": {"memberships": []}}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "Visitor", "key": 2, "data": {"visits": [{"id": 2}, {"id": 10}]}}]),
 ("metrics", "app_metrics", [{"op": "add", "entity": "Visit", "data": {"id": 12, "site_id": 1, "visitor_id": 3, "started_at": "2024-03-07T10:00:00", "pageviews": [{"id": 40, "path": "/checkout", "ts": "2024-03-07T10:01:00"}], "conversions": [{"id": 7, "goal": {"id": 1}, "converted_at": "2024-03-07T10:01:00", "revenue": "19.99"}]}}]),
 ("metrics", "app_metrics", [{"op": "update", "entity": "Visit", "key": 1, "data": {"conversions": []}}]),
 ("metrics", "app_metrics", [{"op": "delete", "entity": "Visit", "key": 8}]),
 ("saas", "app_saas", [{"op": "delete", "entity": "Project", "key": 1}]),
 ("saas", "app_saas", [{"op": "add", "entity": "Organization", "data": {"id": 6, "slug": "dup", "name": "Dup", "created_at": "2024-04-01T00:00:00", "memberships": [{"user": {"id": 1}, "role": "owner", "joined_on": "2024-04-01"}, {"user": {"id": 3}, "joined_on": "2024-04-01"}]}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Content", "key": 5, "data": {"category": {"id": 3}, "tags": [{"id": 2}], "status": "archived"}}]),
 ("cms", "app_cms", [{"op": "update", "entity": "Category", "key": 2, "data": {"children": []}}]),
 ("cms", "app_cms", [{"op": "add", "entity": "Revision", "data": {"id": 9, "content": {"id": 6}, "number": 1, "edited_at": "2024-03-12T08:00:00", "editor": {"id": 2}}}]),
]
for i, (sect, model, ops) in enumerate(FLUSH):
    case(sect, 0, json.dumps(ops), kind="flush", model=model, data=model, feature="DML",
         slug="%s:flush%d" % (sect, i + 1), volatile=["created_at", "updated_at"] + (["id"] if "newco" in json.dumps(ops) else []))
