# Still more application programs (the "apps3" chapter): styles the "apps" and "apps2"
# chapters do not cover -- a wiki / CMS (models/app_wiki.py: MappedAsDataclass models
# with init=False and default_factory, version_id_col, onupdate= timestamps, composite
# primary keys and composite foreign keys, WriteOnlyMapped, deferred columns) and a
# multi-tenant accounting service (models/app_ledger.py: Numeric(12, 2) money,
# CheckConstraint, UniqueConstraint across columns, Index, server_default=text(...),
# query_expression, reports with aggregates, case(), coalesce, cast, extract, lateral).
# Derived cases: their "line" is their number here.

import json

DEFAULTS.update(feature="select language", source="derived")

WIKI = [
 # browsing
 ("select(Space).order_by(Space.key)", None, {"feature": "relationship loading"}),
 ("select(Space).where(Space.public.is_(True)).options(selectinload(Space.pages)).order_by(Space.title)", None, {"feature": "relationship loading"}),
 ("select(Page).where(Page.space_key == 'ENG').order_by(Page.slug)", None, {"feature": "relationship loading"}),
 ("select(Page).options(undefer(Page.body)).where(Page.space_key == 'HR').order_by(Page.views.desc())", None, {"feature": "deferred"}),
 ("select(Page).options(load_only(Page.title, Page.views)).order_by(Page.views.desc()).limit(3)", None, {"feature": "column loading"}),
 ("select(Page).options(defer(Page.updated_at), raiseload('*')).where(Page.slug == 'setup')", None, {"feature": "column loading"}),
 ("select(Page.space_key, Page.slug, Page.title).where(Page.title.ilike('%guide%'))", None, {}),
 ("select(Page.space_key, func.count().label('pages'), func.sum(Page.views).label('views')).group_by(Page.space_key).order_by('space_key')", None, {}),
 ("select(Space.title, func.count(Page.slug).label('n')).outerjoin(Space.pages).group_by(Space.key, Space.title).order_by(Space.title)", None, {}),
 ("select(Page).join(Page.space).where(Space.public).order_by(Page.views.desc(), Page.slug).offset(1).limit(2)", None, {"feature": "relationship loading"}),
 ("select(Page).options(joinedload(Page.space)).where(Page.views > 40).order_by(Page.space_key, Page.slug)", None, {"feature": "relationship loading"}),
 ("select(Page).options(selectinload(Page.revisions)).where(Page.space_key == 'ENG', Page.slug == 'onboarding')", None, {"feature": "relationship loading"}),
 ("select(Page).options(subqueryload(Page.revisions)).where(Page.space_key == 'HR').order_by(Page.slug)", None, {"feature": "relationship loading"}),
 ("select(Page).options(joinedload(Page.revisions).joinedload(Revision.author)).where(Page.slug == 'holidays')", None, {"feature": "relationship loading"}),
 ("select(Page).options(noload(Page.tags)).order_by(Page.space_key, Page.slug).limit(2)", None, {"feature": "relationship loading"}),
 ("select(Page).options(lazyload(Page.tags), raiseload(Page.space)).where(Page.slug == 'oncall')", None, {"feature": "relationship loading"}),
 ("select(Page.title, PageTag.tag).join(Page.tags).order_by(PageTag.tag, Page.title)", None, {}),
 ("select(PageTag.tag, func.count()).group_by(PageTag.tag).having(func.count() > 1).order_by(func.count().desc(), PageTag.tag)", None, {}),
 ("select(Page).where(Page.tags.any(PageTag.tag == 'howto')).order_by(Page.slug)", None, {"feature": "relationship loading"}),
 ("select(Page.slug).where(~Page.tags.any()).order_by(Page.slug)", None, {}),
 ("select(PageTag).options(joinedload(PageTag.page)).where(PageTag.tag == 'policy').order_by(PageTag.page_slug)", None, {"feature": "relationship loading"}),
 ("select(Page.slug, Page.version).order_by(Page.version.desc(), Page.slug)", None, {}),
 ("select(Page).with_only_columns(Page.slug, Page.updated_at).where(Page.updated_at.is_(None)).order_by(Page.slug)", None, {}),
 ("select(Page.slug, func.coalesce(Page.updated_at, datetime(2000, 1, 1)).label('touched')).order_by('touched', Page.slug)", None, {}),
 ("select(Page.slug, func.length(Page.body).label('chars')).order_by(func.length(Page.body).desc(), Page.slug)", None, {}),
 # revisions: composite foreign keys
 ("select(Revision).where(Revision.space_key == 'ENG').order_by(Revision.page_slug, Revision.number)", None, {"feature": "relationship loading"}),
 ("select(Revision).options(joinedload(Revision.page)).where(Revision.minor).order_by(Revision.id)", None, {"feature": "relationship loading"}),
 ("select(Revision).options(selectinload(Revision.page).selectinload(Page.space)).where(Revision.number == 1).order_by(Revision.created_at).limit(3)", None, {"feature": "relationship loading"}),
 ("select(Revision.summary, Page.title).join(Revision.page).where(Page.space_key == 'HR').order_by(Revision.created_at)", None, {}),
 ("select(Revision.summary, Page.title).join(Page, and_(Page.space_key == Revision.space_key, Page.slug == Revision.page_slug)).where(Revision.minor.is_(False)).order_by(Revision.id)", None, {}),
 ("select(Author.username, func.count(Revision.id).label('edits')).outerjoin(Revision, Revision.author_id == Author.id).group_by(Author.username).order_by(desc('edits'), Author.username)", None, {}),
 ("select(Author.username).join(Author.revisions).join(Revision.page).where(Page.space_key == 'HR').distinct().order_by(Author.username)", None, {}),
 ("select(Revision).where(Revision.author_id.is_(None))", None, {"feature": "relationship loading"}),
 ("select(Revision).join(Revision.author).where(Author.karma >= 100).order_by(Revision.created_at.desc()).limit(3)", None, {"feature": "relationship loading"}),
 ("select(Revision.page_slug, func.max(Revision.number).label('latest')).group_by(Revision.space_key, Revision.page_slug).order_by(Revision.page_slug)", None, {}),
 ("latest = select(Revision.space_key, Revision.page_slug, func.max(Revision.created_at).label('at')).group_by(Revision.space_key, Revision.page_slug).subquery()\nselect(Page.title, latest.c.at).join(latest, and_(latest.c.space_key == Page.space_key, latest.c.page_slug == Page.slug)).order_by(latest.c.at.desc())", None, {}),
 ("select(Page).where(Page.revisions.any(Revision.author.has(Author.username == 'ken'))).order_by(Page.slug)", None, {"feature": "relationship loading"}),
 ("select(Revision).where(Revision.page.has(Page.views > 100)).order_by(Revision.id)", None, {"feature": "relationship loading"}),
 ("select(Revision.id, Revision.summary).where(tuple_(Revision.space_key, Revision.page_slug).in_([('ENG', 'setup'), ('OPS', 'oncall')])).order_by(Revision.id)", None, {}),
 ("select(Page.slug, select(func.count(Revision.id)).where(Revision.space_key == Page.space_key, Revision.page_slug == Page.slug).scalar_subquery().label('revs')).order_by(Page.slug)", None, {}),
 ("select(Revision.id, func.row_number().over(partition_by=(Revision.space_key, Revision.page_slug), order_by=Revision.created_at.desc()).label('rn')).order_by(Revision.id)", None, {}),
 ("select(Author).where(Author.email.is_not(None)).order_by(Author.username)", None, {}),
 ("select(Author.username, Author.email).where(or_(Author.email.like('%@wiki.example'), Author.karma == 0)).order_by(Author.id)", None, {}),
 ("select(func.extract('year', Revision.created_at).label('y'), func.count()).group_by(func.extract('year', Revision.created_at)).order_by('y')", None, {}),
 ("select(extract('month', Revision.created_at).label('m'), func.count(Revision.id).label('n')).where(extract('year', Revision.created_at) == 2024).group_by(extract('month', Revision.created_at)).order_by('m')", None, {}),
 ("select(Page.slug, Page.views).order_by(Page.views.desc()).limit(2).execution_options(populate_existing=True)", None, {}),
 ("select(Page).where(Page.space_key.in_(select(Space.key).where(Space.public.is_(False)))).order_by(Page.slug)", None, {"feature": "relationship loading"}),
 ("select(Page.space_key, Page.slug).except_(select(PageTag.space_key, PageTag.page_slug)).order_by('slug')", None, {}),
 ("select(Page.space_key, Page.slug).intersect(select(Revision.space_key, Revision.page_slug).where(Revision.minor)).order_by('slug')", None, {}),
 # writes
 ("update(Page).where(Page.space_key == 'ENG', Page.slug == 'style').values(views=Page.views + 1)", None, {"kind": "execute", "feature": "DML", "volatile": ["updated_at"]}),
 ("update(Author).where(Author.karma < 100).values(karma=Author.karma * 2).returning(Author.username, Author.karma)", None, {"kind": "execute", "feature": "DML", "engines": ["postgresql"]}),
 ("insert(PageTag).values([{'space_key': 'OPS', 'page_slug': 'oncall', 'tag': 'pager'}, {'space_key': 'ENG', 'page_slug': 'style', 'tag': 'python'}])", None, {"kind": "execute", "feature": "DML"}),
 ("delete(PageTag).where(PageTag.tag == 'howto')", None, {"kind": "execute", "feature": "DML"}),
 ("insert(Author).values(username='barbara', email=None).returning(Author.id, Author.karma)", None, {"kind": "execute", "feature": "DML"}),
 ("update(Revision).where(Revision.author_id.is_(None)).values(author_id=select(Author.id).where(Author.username == 'ken').scalar_subquery())", None, {"kind": "execute", "feature": "DML"}),
 ("delete(Revision).where(Revision.minor).returning(Revision.id, Revision.page_slug)", None, {"kind": "execute", "feature": "DML"}),
]

LEDGER = [
 # tenants and clients
 ("select(Tenant).order_by(Tenant.id)", None, {"feature": "relationship loading"}),
 ("select(Tenant.name, Tenant.plan).where(Tenant.plan != 'free').order_by(Tenant.name)", None, {}),
 ("select(Client).where(Client.tenant_id == 1).order_by(Client.code)", None, {"feature": "relationship loading"}),
 ("select(Client).options(joinedload(Client.tenant)).where(Client.country == 'GB').order_by(Client.id)", None, {"feature": "relationship loading"}),
 ("select(Client.name, func.coalesce(Client.country, '??').label('country')).order_by(Client.name)", None, {}),
 ("select(Client.country, func.count(Client.id)).group_by(Client.country).order_by(Client.country.nulls_last())", None, {}),
 ("select(Client.name, Client.credit_limit).where(Client.credit_limit.between(1000, 20000)).order_by(Client.credit_limit.desc())", None, {}),
 ("select(Client.name, cast(Client.credit_limit, Integer).label('rounded')).order_by(Client.id)", None, {}),
 ("select(Client.name, (Client.credit_limit * Decimal('1.10')).label('raised')).where(Client.tenant_id == 2).order_by(Client.id)", None, {}),
 ("select(Tenant).options(selectinload(Tenant.customers)).order_by(Tenant.id)", None, {"feature": "relationship loading"}),
 ("select(Tenant).options(selectinload(Tenant.invoices).selectinload(Invoice.lines)).where(Tenant.id == 2)", None, {"feature": "relationship loading"}),
 ("select(Client).options(with_expression(Client.balance, select(func.coalesce(func.sum(Payment.amount), 0)).join(Invoice, Invoice.id == Payment.invoice_id).where(Invoice.client_id == Client.id).scalar_subquery())).order_by(Client.id)", None, {"feature": "query_expression"}),
 ("select(Client).options(with_expression(Client.balance, Client.credit_limit - 100)).where(Client.tenant_id == 1).order_by(Client.id)", None, {"feature": "query_expression"}),
 ("select(Client).where(Client.tenant_id == 3)", None, {"feature": "query_expression"}),
 # invoices
 ("select(Invoice).where(Invoice.tenant_id == 1, Invoice.status.in_(['sent', 'overdue'])).order_by(Invoice.due_on)", None, {"feature": "relationship loading"}),
 ("select(Invoice).options(selectinload(Invoice.lines), joinedload(Invoice.client)).where(Invoice.id == 2)", None, {"feature": "relationship loading"}),
 ("select(Invoice).options(subqueryload(Invoice.payments)).where(Invoice.tenant_id == 2).order_by(Invoice.number)", None, {"feature": "relationship loading"}),
 ("select(Invoice.number, Client.name).join(Invoice.client).where(Invoice.issued_on >= date(2024, 2, 1)).order_by(Invoice.issued_on)", None, {}),
 ("select(Invoice.number, Client.name).select_from(Client).join(Invoice, Invoice.client_id == Client.id).where(Client.country == 'DE').order_by(Invoice.number)", None, {}),
 ("select(Invoice.number, Client.name, Tenant.name.label('tenant')).join(Client, Invoice.client_id == Client.id).join(Tenant, Tenant.id == Invoice.tenant_id).order_by(Tenant.name, Invoice.number)", None, {}),
 ("select(Invoice.number, Invoice.discount).where(Invoice.discount.is_not(None)).order_by(Invoice.discount)", None, {}),
 ("select(Invoice.status, func.count().label('n')).group_by(Invoice.status).order_by(desc('n'), Invoice.status)", None, {}),
 ("select(Invoice.number, case((Invoice.status == 'paid', 'closed'), (Invoice.status == 'draft', 'not sent'), else_='open').label('state')).order_by(Invoice.id)", None, {}),
 ("select(Invoice.number, (Invoice.due_on - Invoice.issued_on).label('days')).where(Invoice.tenant_id == 1).order_by(Invoice.id)", None, {"engines": ["postgresql"]}),
 ("select(Invoice.number, extract('month', Invoice.issued_on).label('month')).order_by(Invoice.id)", None, {}),
 ("select(extract('month', Invoice.issued_on).label('month'), func.count(Invoice.id).label('n')).group_by(extract('month', Invoice.issued_on)).order_by('month')", None, {}),
 ("select(Invoice).where(~Invoice.lines.any()).order_by(Invoice.id)", None, {"feature": "relationship loading"}),
 ("select(Invoice).where(Invoice.payments.any(Payment.method == 'card')).order_by(Invoice.id)", None, {"feature": "relationship loading"}),
 ("select(Invoice.number).where(Invoice.client.has(Client.country == 'GB')).order_by(Invoice.number)", None, {}),
 ("select(Invoice).order_by(Invoice.issued_on.desc(), Invoice.id).limit(3).offset(2)", None, {"feature": "relationship loading"}),
 ("select(Invoice).filter_by(tenant_id=3, status='sent')", None, {"feature": "relationship loading"}),
 ("select(Invoice.number).where(Invoice.due_on < date(2024, 3, 1)).where(Invoice.status != 'paid').order_by(Invoice.number)", None, {}),
 ("select(Invoice.number, Invoice.issued_on).where(func.extract('dow', Invoice.issued_on) == 1).order_by(Invoice.id)", None, {"engines": ["postgresql"]}),
 # reports
 ("select(Invoice.number, func.sum(InvoiceLine.quantity * InvoiceLine.unit_price).label('net')).join(Invoice.lines).group_by(Invoice.id, Invoice.number).order_by(Invoice.id)", None, {}),
 ("select(Invoice.number, func.coalesce(func.sum(InvoiceLine.quantity * InvoiceLine.unit_price), 0).label('net')).outerjoin(Invoice.lines).group_by(Invoice.number).order_by('net', Invoice.number)", None, {}),
 ("select(Invoice.number, func.round(func.sum(InvoiceLine.quantity * InvoiceLine.unit_price * (1 + InvoiceLine.tax_rate)), 2).label('gross')).join(InvoiceLine).group_by(Invoice.number).order_by(Invoice.number)", None, {}),
 ("select(Tenant.name, func.sum(Payment.amount).label('received')).join(Tenant.invoices).join(Invoice.payments).group_by(Tenant.name).order_by(desc('received'))", None, {}),
 ("select(Tenant.name, func.sum(Payment.amount).filter(Payment.method == 'card').label('card'), func.sum(Payment.amount).filter(Payment.method != 'card').label('other')).join(Tenant.invoices).join(Invoice.payments).group_by(Tenant.name).order_by(Tenant.name)", None, {}),
 ("select(Client.name, func.count(Invoice.id).label('n')).outerjoin(Client.invoices).group_by(Client.id, Client.name).having(func.count(Invoice.id) >= 1).order_by(Client.name)", None, {}),
 ("select(Client.name, func.count(Invoice.id).filter(Invoice.status == 'paid').label('paid')).join(Invoice, Invoice.client_id == Client.id).group_by(Client.name).order_by(Client.name)", None, {}),
 ("select(Invoice.status, func.sum(case((Invoice.discount.is_(None), 0), else_=Invoice.discount)).label('discounts')).group_by(Invoice.status).order_by(Invoice.status)", None, {}),
 ("select(Payment.method, func.count(), func.sum(Payment.amount), func.avg(Payment.amount)).group_by(Payment.method).order_by(Payment.method)", None, {}),
 ("select(Payment.method, func.min(Payment.paid_on).label('first'), func.max(Payment.paid_on).label('last')).group_by(Payment.method).order_by('first')", None, {}),
 ("select(InvoiceLine.description, InvoiceLine.unit_price).distinct().where(InvoiceLine.description == 'Hosting')", None, {}),
 ("select(InvoiceLine.description).distinct().order_by(InvoiceLine.description)", None, {}),
 ("select(func.count(distinct(InvoiceLine.description)))", None, {}),
 ("select(InvoiceLine.tax_rate, func.count()).group_by(InvoiceLine.tax_rate).order_by(InvoiceLine.tax_rate)", None, {}),
 ("paid = select(Payment.invoice_id, func.sum(Payment.amount).label('paid')).group_by(Payment.invoice_id).subquery()\nselect(Invoice.number, func.coalesce(paid.c.paid, 0).label('paid')).outerjoin(paid, paid.c.invoice_id == Invoice.id).order_by(Invoice.id)", None, {}),
 ("net = select(InvoiceLine.invoice_id, func.sum(InvoiceLine.quantity * InvoiceLine.unit_price).label('net')).group_by(InvoiceLine.invoice_id).cte('net')\nselect(Invoice.number, net.c.net).join(net, net.c.invoice_id == Invoice.id).where(net.c.net > 1000).order_by(net.c.net.desc())", None, {}),
 ("select(Invoice.number, select(func.count(Payment.id)).where(Payment.invoice_id == Invoice.id).scalar_subquery().label('payments')).order_by(Invoice.id)", None, {}),
 ("select(Invoice).where(Invoice.id.in_(select(Payment.invoice_id).where(Payment.amount > 1000))).order_by(Invoice.id)", None, {"feature": "relationship loading"}),
 ("select(Invoice.number).where(exists().where(Payment.invoice_id == Invoice.id).where(Payment.paid_on > Invoice.due_on)).order_by(Invoice.number)", None, {}),
 ("select(Client.name).where(Client.credit_limit > select(func.avg(Client.credit_limit)).scalar_subquery()).order_by(Client.name)", None, {}),
 ("select(Invoice.number, func.sum(InvoiceLine.unit_price * InvoiceLine.quantity).over(partition_by=Invoice.tenant_id).label('tenant_total')).join(Invoice.lines).distinct().order_by(Invoice.number)", None, {}),
 ("select(Payment.id, Payment.amount, func.sum(Payment.amount).over(order_by=Payment.paid_on).label('running')).order_by(Payment.paid_on)", None, {}),
 ("select(Invoice.number, func.rank().over(partition_by=Invoice.tenant_id, order_by=Invoice.issued_on.desc()).label('r')).order_by(Invoice.tenant_id, 'r')", None, {}),
 ("last = select(Payment.amount, Payment.paid_on).where(Payment.invoice_id == Invoice.id).order_by(Payment.paid_on.desc()).limit(1).lateral('last')\nselect(Invoice.number, last.c.amount, last.c.paid_on).join(last, true()).order_by(Invoice.id)", None, {"engines": ["postgresql"]}),
 ("top = select(InvoiceLine.description).where(InvoiceLine.invoice_id == Invoice.id).order_by(InvoiceLine.unit_price.desc()).limit(1).lateral()\nselect(Invoice.number, top.c.description).outerjoin(top, true()).order_by(Invoice.id)", None, {"engines": ["postgresql"]}),
 ("select(Client.name, Invoice.number).join(Invoice, and_(Invoice.client_id == Client.id, Invoice.status == 'sent'), isouter=True).order_by(Client.id, Invoice.number)", None, {}),
 ("select(Client.name, Invoice.number).outerjoin(Invoice, Client.invoices).where(Invoice.id.is_(None)).order_by(Client.name)", None, {}),
 ("select(Tenant.name, func.count(distinct(Client.id)).label('clients'), func.count(Invoice.id).label('invoices')).outerjoin(Client, Client.tenant_id == Tenant.id).outerjoin(Invoice, Invoice.client_id == Client.id).group_by(Tenant.id, Tenant.name).order_by(Tenant.id)", None, {}),
 ("select(Invoice.number, cast(Invoice.issued_on, String).label('issued')).where(Invoice.tenant_id == 3).order_by(Invoice.number)", None, {}),
 ("select(func.sum(Payment.amount)).where(Payment.paid_on >= date(2024, 2, 1), Payment.paid_on < date(2024, 3, 1))", None, {}),
 ("select(Invoice.number, Invoice.status).where(Invoice.number.startswith('2024')).order_by(Invoice.number.desc()).limit(2)", None, {}),
 ("select(Invoice.tenant_id, Invoice.number).where(Invoice.status.not_in(['draft', 'paid'])).order_by(Invoice.tenant_id, Invoice.number)", None, {}),
 ("select(InvoiceLine).options(joinedload(InvoiceLine.invoice).joinedload(Invoice.client)).where(InvoiceLine.unit_price >= 1000).order_by(InvoiceLine.id)", None, {"feature": "relationship loading"}),
 ("select(InvoiceLine.description, InvoiceLine.quantity * InvoiceLine.unit_price).where(InvoiceLine.invoice_id == 1).order_by(InvoiceLine.position)", None, {}),
 ("select(Payment).options(raiseload(Payment.invoice)).where(Payment.amount < 100).order_by(Payment.id)", None, {"feature": "relationship loading"}),
 ("select(Client.tenant_id, Client.code, Client.name).order_by(Client.tenant_id, Client.code).limit(4).offset(1)", None, {}),
 ("select(Tenant.currency, func.count(Invoice.id)).join(Invoice, Invoice.tenant_id == Tenant.id).where(Invoice.status == 'paid').group_by(Tenant.currency).having(func.count(Invoice.id) > 0).order_by(Tenant.currency)", None, {}),
 # writes
 ("insert(Client).values([{'tenant_id': 2, 'code': 'C003', 'name': 'Proseware'}, {'tenant_id': 3, 'code': 'C002', 'name': 'Globex', 'country': 'US', 'credit_limit': Decimal('100.00')}])", None, {"kind": "execute", "feature": "DML"}),
 ("insert(Payment).values([dict(invoice_id=3, paid_on=date(2024, 3, 10), amount=Decimal('600.00')), dict(invoice_id=8, paid_on=date(2024, 4, 1), amount=Decimal('1000.00'), method='wire')])", None, {"kind": "execute", "feature": "DML"}),
 ("update(Invoice).where(Invoice.status == 'sent', Invoice.due_on < date(2024, 3, 1)).values(status='overdue').returning(Invoice.id, Invoice.number)", None, {"kind": "execute", "feature": "DML"}),
 ("update(InvoiceLine).where(InvoiceLine.tax_rate == Decimal('0.190')).values(tax_rate=Decimal('0.160'))", None, {"kind": "execute", "feature": "DML"}),
 ("update(Client).where(Client.id == 3).values(credit_limit=Client.credit_limit + 750, country='NL').returning(Client.credit_limit)", None, {"kind": "execute", "feature": "DML"}),
 ("delete(Invoice).where(Invoice.status == 'draft', ~Invoice.lines.any())", None, {"kind": "execute", "feature": "DML"}),
 ("insert(Tenant).values(id=4, name='Delta BV')", None, {"kind": "execute", "feature": "DML"}),
 ("insert(InvoiceLine).values(invoice_id=4, position=1, description='Bad', quantity=0, unit_price=Decimal('1.00'))", None, {"kind": "execute", "feature": "DML"}),
 ("insert(Client).values(tenant_id=1, code='C001', name='Duplicate')", None, {"kind": "execute", "feature": "DML"}),
 ("from sqlalchemy.dialects.postgresql import insert as pg_insert\npg_insert(Client).values(tenant_id=1, code='C001', name='Northwind AG').on_conflict_do_update(constraint='uq_client_code', set_={'name': 'Northwind AG'})", None, {"kind": "execute", "feature": "DML", "engines": ["postgresql"]}),
 ("from sqlalchemy.dialects.sqlite import insert as sqlite_insert\nstmt = sqlite_insert(Client).values(tenant_id=1, code='C001', name='Northwind AG')\nstmt.on_conflict_do_update(index_elements=[Client.tenant_id, Client.code], set_={'name': stmt.excluded.name})", None, {"kind": "execute", "feature": "DML", "engines": ["sqlite"]}),
]

for i, (s, p, kw) in enumerate(WIKI):
    case("wiki", i + 1, s, params=p, model="app_wiki", data="app_wiki", slug="wiki:%d" % (i + 1), **kw)
for i, (s, p, kw) in enumerate(LEDGER):
    case("ledger", i + 1, s, params=p, model="app_ledger", data="app_ledger", slug="ledger:%d" % (i + 1), **kw)

case("wiki", 0, "Page", kind="get", key=["ENG", "setup"], model="app_wiki", data="app_wiki", slug="wiki:get_composite", feature="relationship loading")
case("wiki", 0, "Page", kind="get", key=["HR", "holidays"], options="selectinload(Page.revisions), undefer(Page.body)", model="app_wiki", data="app_wiki", slug="wiki:get_options", feature="relationship loading")
case("wiki", 0, "Space", kind="get", key="OPS", options="selectinload(Space.pages)", model="app_wiki", data="app_wiki", slug="wiki:get_str", feature="relationship loading")
case("wiki", 0, "Page", kind="get", key=["ENG", "nope"], model="app_wiki", data="app_wiki", slug="wiki:get_missing")
case("ledger", 0, "Invoice", kind="get", key=5, options="selectinload(Invoice.lines), selectinload(Invoice.payments)", model="app_ledger", data="app_ledger", slug="ledger:get_options", feature="relationship loading")
case("ledger", 0, "Client", kind="get", key=2, model="app_ledger", data="app_ledger", slug="ledger:get")

# writes through orm_flush: objects changed in a Session
FLUSH = [
 ("wiki", "app_wiki", [{"op": "add", "entity": "Page", "data": {"space_key": "OPS", "slug": "backup", "title": "Backups", "body": "Nightly.", "revisions": [{"id": 20, "number": 1, "summary": "created", "created_at": "2024-06-01T00:00:00", "author_id": 4}], "tags": [{"tag": "howto"}]}}]),
 ("wiki", "app_wiki", [{"op": "add", "entity": "Author", "data": {"id": 9, "username": "margaret"}}, {"op": "add", "entity": "Space", "data": {"key": "QA", "title": "Quality"}}]),
 ("wiki", "app_wiki", [{"op": "update", "entity": "Page", "key": {"space_key": "ENG", "slug": "style"}, "data": {"title": "Code style (Python)", "views": 8}}]),
 ("wiki", "app_wiki", [{"op": "update", "entity": "Page", "key": {"space_key": "ENG", "slug": "setup"}, "data": {"revisions": [{"id": 4, "number": 1, "summary": "created", "created_at": "2024-01-03T11:00:00", "author_id": 2}, {"id": 21, "number": 3, "summary": "macOS", "created_at": "2024-06-02T10:00:00", "author_id": 1}]}}]),
 ("wiki", "app_wiki", [{"op": "delete", "entity": "Revision", "key": 3}, {"op": "update", "entity": "Author", "key": 4, "data": {"karma": 5, "email": "ken@wiki.example"}}]),
 ("wiki", "app_wiki", [{"op": "update", "entity": "Page", "key": {"space_key": "HR", "slug": "expenses"}, "data": {"tags": [{"tag": "money"}]}}]),
 ("ledger", "app_ledger", [{"op": "add", "entity": "Invoice", "data": {"id": 9, "tenant_id": 2, "client_id": 5, "number": "INV-19", "issued_on": "2024-04-01", "due_on": "2024-05-01", "lines": [{"id": 30, "position": 1, "description": "Hosting", "quantity": 3, "unit_price": "19.90"}]}}]),
 ("ledger", "app_ledger", [{"op": "add", "entity": "Client", "data": {"id": 7, "tenant_id": 1, "code": "C004", "name": "Woodgrove"}}, {"op": "add", "entity": "Payment", "data": {"id": 30, "invoice_id": 3, "paid_on": "2024-03-20", "amount": "1600.00"}}]),
 ("ledger", "app_ledger", [{"op": "update", "entity": "Invoice", "key": 2, "data": {"status": "paid", "discount": "75.50"}}]),
 ("ledger", "app_ledger", [{"op": "delete", "entity": "Invoice", "key": 4}, {"op": "update", "entity": "Invoice", "key": 3, "data": {"lines": [{"id": 40, "position": 1, "description": "Workshop (half day)", "quantity": 1, "unit_price": "450.00"}]}}]),
]
for i, (sect, model, ops) in enumerate(FLUSH):
    case(sect, 0, json.dumps(ops), kind="flush", model=model, data=model, feature="DML",
         slug="%s:flush%d" % (sect, i + 1), volatile=["updated_at"] if sect == "wiki" else [])
