# Application programs, eighth round (the "apps8" chapter): idioms the earlier "apps"
# chapters do not use, on three new domains --
#  - a public library's lending system (models/app_lending.py: due dates and overdue
#    reports with date arithmetic, Numeric fines, a deferred group of contact columns and
#    undefer_group, a query_expression() filled by with_expression, column_property
#    correlated counts, one of them deferred);
#  - a chat service (models/app_chat.py: users following each other through a
#    self-referential many-to-many, participants as an association object, the latest
#    message per conversation with a window, a correlated max, DISTINCT ON (PostgreSQL)
#    and LATERAL (PostgreSQL), a self-referential reply-to, a JSON attachment read with
#    ['k'].as_string() / as_integer() on both engines);
#  - a bank ledger (models/app_bank.py: joined-table inheritance of accounts,
#    selectin_polymorphic / with_polymorphic, Numeric sums and running balances).
# Statements: chained loader options (selectinload(...).joinedload(...),
# defaultload(...).selectinload(...), Load(A).load_only(...), raiseload('*'), noload,
# lazyload, contains_eager through aliased() and explicit join chains, innerjoin=True),
# Bundle, union_all / except_ / intersect of entities, exists() / ~exists(),
# aliased(Entity, subquery), recursive CTEs, tuple_().in_(), case() in order_by, the
# common SQL functions, cast(), literal_column, text() fragments, scalar subqueries,
# correlate(), is_distinct_from, ilike, regexp_match (PostgreSQL), op('||'); and
# repository code written for an AsyncSession (`await session.execute(...)`,
# `(await session.scalars(...)).all()`, `await session.get(...)`), which
# gen_expected.py runs on a real AsyncSession (aiosqlite, psycopg 3 async).
# Derived cases: their "line" is their number here.

DEFAULTS.update(feature="select language", source="derived")

REL = {"feature": "relationship loading"}
COLS = {"feature": "column loading"}
DEF = {"feature": "deferred"}
CP = {"feature": "column_property"}
QE = {"feature": "query_expression"}
JI = {"feature": "joined inheritance"}
WP = {"feature": "with_polymorphic"}
PG = {"engines": ["postgresql"]}
LITE = {"engines": ["sqlite"]}
CALL = {"kind": "call", "match_error": True}
RAW = {"feature": "raw SQL", "raw_sql": True}


def kw(*ds):
    out = {}
    for d in ds:
        out.update(d)
    return out


LENDING = [
 # ---- overdue reports: dates, comparisons, arithmetic -------------------------------
 ("select(Loan).where(Loan.returned_on.is_(None)).order_by(Loan.due_on)", None, {}),
 ("select(Loan.id, Member.name, Loan.due_on).join(Loan.member).where(Loan.returned_on.is_(None), Loan.due_on < today).order_by(Loan.due_on, Loan.id)", {"today": "2024-03-20"}, {}),
 ("select(Loan.id).where(Loan.returned_on > Loan.due_on).order_by(Loan.id)", None, {}),
 ("select(Loan.id, (func.julianday(Loan.returned_on) - func.julianday(Loan.due_on)).label('days_late')).where(Loan.returned_on > Loan.due_on).order_by(Loan.id)", None, LITE),
 ("select(Loan.id, (Loan.returned_on - Loan.due_on).label('days_late')).where(Loan.returned_on > Loan.due_on).order_by(Loan.id)", None, PG),
 ("select(Loan.id, (Loan.due_on + 7).label('extended')).where(Loan.id.in_([3, 5]))", None, PG),
 ("select(Loan.id, func.date(Loan.due_on, '+7 days').label('extended')).where(Loan.id.in_([3, 5])).order_by(Loan.id)", None, LITE),
 ("select(func.strftime('%Y-%m', Loan.loaned_on).label('month'), func.count(Loan.id).label('n')).group_by('month').order_by('month')", None, LITE),
 ("select(func.to_char(Loan.loaned_on, 'YYYY-MM').label('month'), func.count(Loan.id).label('n')).group_by(text('1')).order_by(text('1'))", None, kw(PG, RAW)),
 ("select(extract('month', Loan.loaned_on).label('m'), func.count()).group_by(extract('month', Loan.loaned_on)).order_by('m')", None, {}),
 ("select(extract('year', Member.joined).label('y'), func.count(Member.id)).group_by('y').order_by('y')", None, {}),
 ("select(Member.name).where(extract('year', Member.joined) >= 2022).order_by(Member.joined)", None, {}),
 ("select(Member.name).where(Member.joined.between('2021-01-01', '2023-12-31')).order_by(Member.name)", None, {}),
 ("select(Loan.id).where(cast(Loan.loaned_on, String).like('2024-03%')).order_by(Loan.id)", None, {}),
 ("select(func.max(Loan.due_on), func.min(Loan.loaned_on))", None, {}),
 ("select(func.count(Loan.id)).where(Loan.due_on < func.coalesce(Loan.returned_on, cast('2024-04-10', Date)))", None, {}),
 ("select(Loan.id, func.coalesce(Loan.returned_on, Loan.due_on).label('closed')).order_by(Loan.id)", None, {}),
 # ---- fines: Numeric sums, rounding --------------------------------------------------
 ("select(func.sum(Loan.fine))", None, {}),
 ("select(Member.name, func.sum(Loan.fine).label('owed')).join(Member.loans).group_by(Member.id, Member.name).having(func.sum(Loan.fine) > 0).order_by(func.sum(Loan.fine).desc())", None, {}),
 ("select(Member.name, func.coalesce(func.sum(Loan.fine), 0).label('owed')).outerjoin(Member.loans).group_by(Member.id).order_by(Member.id)", None, {}),
 ("select(func.round(func.avg(Loan.fine), 2))", None, {}),
 ("select(Loan.id, func.abs(Loan.fine - 3)).where(Loan.fine > 0).order_by(Loan.id)", None, {}),
 ("select(Loan.id, cast(Loan.fine * 100, Integer).label('cents')).where(Loan.fine > 0).order_by(Loan.id)", None, {}),
 ("select(Loan.id, cast(Loan.fine, Numeric(8, 1)).label('f')).where(Loan.fine > 0).order_by(Loan.id)", None, {}),
 ("select(Loan.id, func.nullif(Loan.fine, 0).label('fine')).order_by(Loan.id)", None, {}),
 ("select(Loan.id, func.greatest(Loan.fine, 2).label('g')).where(Loan.fine > 0).order_by(Loan.id)", None, PG),
 ("select(Loan.id, func.max(Loan.fine, 2).label('g')).where(Loan.fine > 0).order_by(Loan.id)", None, LITE),
 ("select(Loan.id, func.least(Loan.due_on, Loan.returned_on).label('first')).where(Loan.returned_on.is_not(None)).order_by(Loan.id)", None, PG),
 # ---- books, copies, column_property ------------------------------------------------
 ("select(Book).order_by(Book.id)", None, CP),
 ("select(Book.title, Book.copy_count).order_by(Book.copy_count.desc(), Book.title)", None, CP),
 ("select(Book).where(Book.copy_count == 0)", None, CP),
 ("select(Book.genre, func.count(Book.id)).group_by(Book.genre).order_by(Book.genre.is_(None), Book.genre)", None, {}),
 ("select(Book.title).where(Book.genre.is_distinct_from('fiction')).order_by(Book.id)", None, {}),
 ("select(Book.title).where(Book.genre.is_not_distinct_from(None))", None, {}),
 ("select(Book.title).where(Book.title.ilike('%the%')).order_by(Book.title)", None, {}),
 ("select(Book.title).where(Book.title.regexp_match('^[A-D]')).order_by(Book.title)", None, PG),
 ("select(Book.author.op('||')(literal(': ')).op('||')(Book.title).label('line')).order_by(Book.id)", None, {}),
 ("select((Book.author + ' (' + cast(Book.year, String) + ')').label('cite')).order_by(Book.year)", None, {}),
 ("select(func.lower(func.substr(Book.isbn, 1, 3)).label('p'), func.length(Book.title)).order_by(Book.id)", None, {}),
 ("select(Book.title).order_by(case((Book.genre == 'fiction', 0), (Book.genre == 'programming', 1), else_=2), Book.title)", None, {}),
 ("select(Book.title, case((Book.year < 1970, 'classic'), (Book.year < 2000, 'modern'), else_='recent').label('era')).order_by(Book.year)", None, {}),
 ("select(Book.title).where(tuple_(Book.author, Book.year).in_([('Herbert', 1965), ('Gamma', 1994)])).order_by(Book.title)", None, {}),
 ("select(Book.title).where(literal_column('year') > 1990).order_by(Book.id)", None, {}),
 ("select(Book.title, literal_column(\"'x'\").label('flag')).where(Book.id == 1)", None, {}),
 ("select(Book.title).where(text('year < 1960'))", None, RAW),
 ("select(Book.title).order_by(text('year desc')).limit(2)", None, RAW),
 ("select(Book.title).where(exists().where(Copy.book_id == Book.id, Copy.condition == 'damaged'))", None, {}),
 ("select(Book.title).where(~exists().where(Copy.book_id == Book.id)).order_by(Book.id)", None, {}),
 ("select(Book.title).where(exists(select(Copy.id).where(Copy.book_id == Book.id).where(Copy.branch_id == 3))).order_by(Book.id)", None, {}),
 ("select(Book.title).where(~Book.copies.any(Copy.condition != 'good')).order_by(Book.id)", None, {}),
 ("select(Book.title, select(func.count(Loan.id)).join(Loan.copy).where(Copy.book_id == Book.id).scalar_subquery().label('loans')).order_by(Book.id)", None, {}),
 ("select(Book.title).where(select(func.count(Copy.id)).where(Copy.book_id == Book.id).scalar_subquery() >= 2).order_by(Book.id)", None, {}),
 ("select(Book.title).where(Book.year > select(func.avg(Book.year)).scalar_subquery()).order_by(Book.id)", None, {}),
 ("select(Copy.barcode, Branch.name).join(Copy.branch).where(Branch.city == 'Springfield').order_by(Copy.barcode)", None, {}),
 ("select(Branch.name, func.count(Copy.id).label('copies')).outerjoin(Branch.copies).group_by(Branch.name).order_by(Branch.name)", None, {}),
 ("select(Branch.city).distinct().order_by(Branch.city)", None, {}),
 ("select(Copy.condition, func.count()).group_by(Copy.condition).having(func.count() > 1).order_by(Copy.condition)", None, {}),
 ("select(func.count()).select_from(Copy).where(Copy.condition != 'good')", None, {}),
 ("select(func.count(distinct(Loan.member_id)))", None, {}),
 ("select(func.count()).select_from(Loan).join(Loan.copy).join(Copy.book).where(Book.genre == 'fiction')", None, {}),
 # ---- deferred columns, groups, query_expression -------------------------------------
 ("select(Member).order_by(Member.id)", None, DEF),
 ("select(Member).options(undefer_group('contact')).order_by(Member.id)", None, DEF),
 ("select(Member).options(undefer(Member.phone)).where(Member.id == 1)", None, DEF),
 ("select(Member).options(undefer(Member.open_loans)).order_by(Member.id)", None, CP),
 ("select(Member.name, Member.open_loans).order_by(Member.open_loans.desc(), Member.name)", None, CP),
 ("select(Member).options(load_only(Member.name, Member.phone)).order_by(Member.id)", None, COLS),
 ("select(Member).options(Load(Member).load_only(Member.email)).where(Member.id < 3).order_by(Member.id)", None, COLS),
 ("select(Member).options(defer(Member.email), undefer_group('contact')).where(Member.id == 3)", None, DEF),
 ("select(Member).options(load_only(Member.name, raiseload=True)).where(Member.id == 2)", None, COLS),
 ("select(Member).options(with_expression(Member.score, func.length(Member.name))).order_by(Member.id)", None, QE),
 ("select(Member).options(with_expression(Member.score, select(func.count(Loan.id)).where(Loan.member_id == Member.id).scalar_subquery())).order_by(Member.id)", None, QE),
 ("select(Member).options(with_expression(Member.score, cast(extract('year', Member.joined), Integer) - 2000)).where(Member.id > 3).order_by(Member.id)", None, QE),
 ("select(Member).where(Member.id == 1)", None, QE),
 # ---- chained loader options --------------------------------------------------------
 ("select(Member).options(selectinload(Member.loans).joinedload(Loan.copy).joinedload(Copy.book)).where(Member.id == 1)", None, REL),
 ("select(Member).options(selectinload(Member.loans).selectinload(Loan.copy)).where(Member.id.in_([3, 4])).order_by(Member.id)", None, REL),
 ("select(Member).options(defaultload(Member.loans).selectinload(Loan.copy)).where(Member.id == 2)", None, REL),
 ("select(Member).options(selectinload(Member.loans), defaultload(Member.loans).joinedload(Loan.copy).load_only(Copy.barcode)).where(Member.id == 5)", None, REL),
 ("select(Member).options(joinedload(Member.home_branch, innerjoin=True)).order_by(Member.id)", None, REL),
 ("select(Member).options(joinedload(Member.home_branch)).order_by(Member.id)", None, REL),
 ("select(Loan).options(joinedload(Loan.copy, innerjoin=True).joinedload(Copy.book, innerjoin=True)).where(Loan.returned_on.is_(None)).order_by(Loan.id)", None, REL),
 ("select(Loan).options(joinedload(Loan.member).load_only(Member.name), raiseload('*')).where(Loan.id == 2)", None, REL),
 ("select(Branch).options(selectinload(Branch.copies).joinedload(Copy.book).load_only(Book.title)).order_by(Branch.id)", None, REL),
 ("select(Branch).options(noload(Branch.copies), selectinload(Branch.members)).order_by(Branch.id)", None, REL),
 ("select(Branch).options(lazyload(Branch.copies)).where(Branch.id == 3)", None, REL),
 ("select(Book).options(selectinload(Book.copies).selectinload(Copy.loans).joinedload(Loan.member)).where(Book.id == 4)", None, REL),
 ("select(Book).options(subqueryload(Book.copies).joinedload(Copy.branch)).where(Book.id == 3)", None, REL),
 ("select(Loan).join(Loan.member).options(contains_eager(Loan.member)).where(Member.name.like('A%')).order_by(Loan.id)", None, REL),
 ("select(Loan).join(Loan.copy).join(Copy.book).options(contains_eager(Loan.copy).contains_eager(Copy.book)).where(Book.genre == 'fiction').order_by(Loan.id)", None, REL),
 ("m = aliased(Member)\nselect(Loan).join(Loan.member.of_type(m)).options(contains_eager(Loan.member.of_type(m))).where(m.id == 3).order_by(Loan.id)", None, REL),
 ("m = aliased(Member, name='borrower')\nselect(Loan).join(m, Loan.member).options(contains_eager(Loan.member, alias=m)).where(m.email.like('%alan%')).order_by(Loan.id)", None, REL),
 ("select(Member).join(Member.loans).options(contains_eager(Member.loans)).where(Loan.fine > 0).order_by(Member.id, Loan.id)", None, REL),
 ("select(Copy).options(joinedload(Copy.book), joinedload(Copy.branch)).where(Copy.condition == 'worn').order_by(Copy.id)", None, REL),
 # ---- Bundle ------------------------------------------------------------------------
 ("select(Bundle('member', Member.id, Member.name), Bundle('loan', Loan.id, Loan.due_on)).join(Member.loans).where(Loan.returned_on.is_(None)).order_by(Loan.id)", None, {}),
 ("select(Bundle('b', Book.title, Book.year)).where(Book.genre == 'fiction').order_by(Book.year)", None, {}),
 ("select(Book.id, Bundle('info', Book.author, Book.genre)).order_by(Book.id).limit(3)", None, {}),
 # ---- subqueries, aliased(Entity, subq), CTEs, set operations ------------------------
 ("open_ = select(Loan).where(Loan.returned_on.is_(None)).subquery()\nol = aliased(Loan, open_)\nselect(ol).order_by(ol.id)", None, {}),
 ("late = select(Loan).where(Loan.returned_on > Loan.due_on).subquery()\nlo = aliased(Loan, late, name='late')\nselect(Member.name, lo.fine).join(lo, lo.member_id == Member.id).order_by(lo.id)", None, {}),
 ("counts = select(Loan.member_id, func.count().label('n')).group_by(Loan.member_id).subquery()\nselect(Member.name, counts.c.n).join(counts, counts.c.member_id == Member.id).where(counts.c.n > 1).order_by(Member.name)", None, {}),
 ("busy = select(Loan.member_id).where(Loan.returned_on.is_(None)).cte('busy')\nselect(Member.name).where(Member.id.in_(select(busy.c.member_id))).order_by(Member.name)", None, {}),
 ("q1 = select(Member).where(Member.home_branch_id == 1)\nq2 = select(Member).where(Member.joined > '2022-01-01')\nu = union_all(q1, q2).subquery()\nmu = aliased(Member, u)\nselect(mu).order_by(mu.id)", None, {}),
 ("q1 = select(Member).where(Member.home_branch_id == 1)\nq2 = select(Member).where(Member.joined > '2022-01-01')\nselect(Member).from_statement(union(q1, q2).order_by(Member.id))", None, {}),
 ("select(Member.id).where(Member.home_branch_id == 1).union_all(select(Member.id).where(Member.home_branch_id == 2)).order_by(Member.id)", None, {}),
 ("except_(select(Member.id), select(Loan.member_id)).order_by(Member.id)", None, {}),
 ("intersect(select(Member.id).where(Member.joined < '2023-01-01'), select(Loan.member_id).where(Loan.fine > 0))", None, {}),
 ("select(Member.name).where(Member.id.in_(except_(select(Member.id), select(Loan.member_id).where(Loan.returned_on.is_(None))))).order_by(Member.name)", None, {}),
 ("u = union(select(Copy.branch_id.label('bid')), select(Member.home_branch_id.label('bid'))).subquery()\nselect(func.count()).select_from(u)", None, {}),
 # ---- session calls --------------------------------------------------------------
 ("session.scalars(select(Member).options(selectinload(Member.loans)).where(Member.id == 3)).one()", None, kw(CALL, REL)),
 ("session.scalars(select(Member).options(joinedload(Member.loans)).order_by(Member.id)).unique().all()", None, kw(CALL, REL)),
 ("session.scalars(select(Member).options(joinedload(Member.loans)).order_by(Member.id)).first()", None, kw(CALL, REL)),
 ("session.scalars(select(Member).options(joinedload(Member.loans)).where(Member.id == 1)).one()", None, kw(CALL, REL)),
 ("session.execute(select(Member).options(joinedload(Member.loans)).where(Member.id == 2)).unique().one()", None, kw(CALL, REL)),
 ("session.scalars(select(Loan).where(Loan.member_id == 1)).first()", None, CALL),
 ("session.scalars(select(Loan).where(Loan.member_id == 1)).one()", None, CALL),
 ("session.scalars(select(Loan).where(Loan.member_id == 99)).one()", None, CALL),
 ("session.execute(select(Loan.id).where(Loan.member_id == 1)).scalar_one_or_none()", None, CALL),
 ("session.execute(select(Member.name, Member.email).order_by(Member.id)).mappings().first()", None, CALL),
 ("session.execute(select(Bundle('m', Member.id, Member.name)).order_by(Member.id)).scalars().all()", None, CALL),
 ("row = session.execute(select(Member.id, Member.name.label('who')).where(Member.id == 2)).one()\nrow._fields", None, CALL),
 ("row = session.execute(select(Member, Loan.id).join(Member.loans).order_by(Loan.id)).first()\nrow._fields", None, CALL),
 ("session.execute(select(Member.id, Loan.id).join(Member.loans).order_by(Loan.id).limit(2)).keys()", None, CALL),
 ("session.get(Member, 3, options=[undefer_group('contact')])", None, CALL),
 ("session.get(Member, 2, options=[selectinload(Member.loans).joinedload(Loan.copy)])", None, kw(CALL, REL)),
 ("m = session.get(Member, 1)\nm.open_loans", None, kw(CALL, CP)),
 ("[(m.name, m.score) for m in session.scalars(select(Member).options(with_expression(Member.score, Member.id * 10)).order_by(Member.id))]", None, kw(CALL, QE)),
 ("{b.title: b.copy_count for b in session.scalars(select(Book).order_by(Book.id))}", None, kw(CALL, CP)),
 ("[(c.barcode, c.book.title) for c in session.scalars(select(Copy).options(joinedload(Copy.book)).order_by(Copy.id))]", None, kw(CALL, REL)),
 ("session.scalars(select(Loan).options(raiseload('*')).where(Loan.id == 1)).one().member", None, kw(CALL, REL)),
 ("session.scalars(select(Loan).options(noload(Loan.member)).where(Loan.id == 1)).one().member", None, kw(CALL, REL)),
 ("session.scalars(select(Member).options(load_only(Member.name, raiseload=True)).where(Member.id == 1)).one().email", None, kw(CALL, COLS)),
]

CHAT = [
 # ---- users and follows (self-referential many-to-many) -----------------------------
 ("select(User).options(selectinload(User.following)).order_by(User.id)", None, REL),
 ("select(User).options(selectinload(User.followers), selectinload(User.following)).where(User.id == 1)", None, REL),
 ("select(User).options(joinedload(User.followers)).where(User.handle == 'dee')", None, REL),
 ("select(User.handle).join(User.followers).where(User.followers.any(User.handle == 'ada')).order_by(User.handle).distinct()", None, {}),
 ("f = aliased(User, name='f')\nselect(User.handle, f.handle).join(f, User.following).order_by(User.id, f.id)", None, {}),
 ("f = aliased(User)\nselect(User.handle, func.count(f.id).label('n')).outerjoin(f, User.followers).group_by(User.id, User.handle).order_by(func.count(f.id).desc(), User.handle)", None, {}),
 ("select(User.handle).where(User.following.any(User.id == 1)).order_by(User.handle)", None, {}),
 ("select(User.handle).where(~User.followers.any()).order_by(User.handle)", None, {}),
 ("f1 = follows.alias('f1')\nf2 = follows.alias('f2')\nselect(f1.c.follower_id, f1.c.followed_id).join(f2, and_(f2.c.follower_id == f1.c.followed_id, f2.c.followed_id == f1.c.follower_id)).where(f1.c.follower_id < f1.c.followed_id)", None, {}),
 ("select(User.handle, func.coalesce(User.display_name, User.handle).label('shown')).order_by(User.id)", None, {}),
 ("select(User.handle).where(User.display_name.is_distinct_from(User.handle)).order_by(User.id)", None, {}),
 ("select(User.handle).where(or_(and_(User.status == 'online', User.id > 1), and_(User.status == 'offline', User.display_name.is_(None)))).order_by(User.id)", None, {}),
 ("select(User.status, func.count()).group_by(User.status).order_by(func.count().desc(), User.status)", None, {}),
 ("select(User).order_by(case({'online': 0, 'away': 1}, value=User.status, else_=2), User.handle)", None, {}),
 ("select(func.upper(User.handle).op('||')('!').label('shout')).order_by(User.id)", None, {}),
 ("select(User.handle).where(func.length(User.handle) == 3).order_by(User.handle)", None, {}),
 ("select(User.handle).where(User.handle.ilike('A%') | User.handle.ilike('%E'))", None, {}),
 ("select(User.handle).where(User.handle.regexp_match('^[a-c]')).order_by(User.handle)", None, PG),
 # ---- conversations and participants (association object) ---------------------------
 ("select(Conversation).options(selectinload(Conversation.participants).joinedload(Participant.user)).order_by(Conversation.id)", None, REL),
 ("select(Conversation).options(selectinload(Conversation.participants).joinedload(Participant.user).load_only(User.handle)).where(Conversation.id == 3)", None, REL),
 ("select(Conversation.title, func.count(Participant.user_id).label('people')).join(Conversation.participants).group_by(Conversation.id).order_by(Conversation.id)", None, {}),
 ("select(Conversation.id).outerjoin(Conversation.participants).group_by(Conversation.id).having(func.count(Participant.user_id) == 0)", None, {}),
 ("select(User.handle, Participant.role).join(User.memberships).where(Participant.conversation_id == 2).order_by(User.handle)", None, {}),
 ("select(Conversation.title).join(Conversation.participants).join(Participant.user).where(User.handle == 'ada', Conversation.is_group).order_by(Conversation.id)", None, {}),
 ("select(Conversation.id).where(Conversation.participants.any(Participant.role == 'owner')).order_by(Conversation.id)", None, {}),
 ("select(Participant).where(Participant.last_read_id.is_(None)).order_by(Participant.conversation_id, Participant.user_id)", None, {}),
 ("select(Participant).where(tuple_(Participant.conversation_id, Participant.user_id).in_([(1, 2), (3, 5)]))", None, {}),
 ("select(Participant.user_id, Participant.conversation_id).where(tuple_(Participant.conversation_id, Participant.user_id) > (2, 2)).order_by(Participant.conversation_id, Participant.user_id)", None, {}),
 ("select(Conversation.title).where(Conversation.title.is_not(None)).order_by(Conversation.created_at.desc())", None, {}),
 ("select(func.coalesce(Conversation.title, literal('(direct)')).label('t')).order_by(Conversation.id)", None, {}),
 # unread counts
 ("select(Participant.user_id, func.count(Message.id).label('unread')).join(Message, and_(Message.conversation_id == Participant.conversation_id, Message.id > func.coalesce(Participant.last_read_id, 0))).group_by(Participant.user_id).order_by(Participant.user_id)", None, {}),
 # ---- messages: latest per conversation ---------------------------------------------
 ("latest = select(Message.conversation_id, func.max(Message.sent_at).label('last_at')).group_by(Message.conversation_id).subquery()\nselect(Message).join(latest, and_(Message.conversation_id == latest.c.conversation_id, Message.sent_at == latest.c.last_at)).order_by(Message.conversation_id)", None, {}),
 ("rn = func.row_number().over(partition_by=Message.conversation_id, order_by=Message.sent_at.desc()).label('rn')\nranked = select(Message.id, Message.conversation_id, Message.body, rn).subquery()\nselect(ranked.c.conversation_id, ranked.c.body).where(ranked.c.rn == 1).order_by(ranked.c.conversation_id)", None, {}),
 ("rn = func.row_number().over(partition_by=Message.conversation_id, order_by=Message.sent_at.desc()).label('rn')\nsub = select(Message, rn).subquery()\nlm = aliased(Message, sub)\nselect(lm).where(sub.c.rn == 1).order_by(lm.conversation_id)", None, {}),
 ("select(Message).distinct(Message.conversation_id).order_by(Message.conversation_id, Message.sent_at.desc())", None, PG),
 ("select(Conversation.id, Message.body).outerjoin(Message, Message.id == select(Message.id).where(Message.conversation_id == Conversation.id).order_by(Message.sent_at.desc()).limit(1).correlate(Conversation).scalar_subquery()).order_by(Conversation.id)", None, {}),
 ("last = select(Message.body).where(Message.conversation_id == Conversation.id).order_by(Message.sent_at.desc()).limit(1).lateral('last')\nselect(Conversation.id, last.c.body).outerjoin(last, true()).order_by(Conversation.id)", None, PG),
 ("select(Conversation.id, select(func.max(Message.sent_at)).where(Message.conversation_id == Conversation.id).correlate(Conversation).scalar_subquery().label('last_at')).order_by(Conversation.id)", None, {}),
 ("select(Conversation).where(Conversation.messages.any(Message.sent_at > '2024-05-02T11:00:00'))", None, {}),
 ("select(Message.id, func.lag(Message.id).over(partition_by=Message.conversation_id, order_by=Message.sent_at).label('prev')).order_by(Message.id)", None, {}),
 ("select(Message.sender_id, func.count().label('n'), func.min(Message.sent_at).label('first')).group_by(Message.sender_id).order_by(Message.sender_id)", None, {}),
 ("select(User.handle, func.count(Message.id)).join(User.messages).group_by(User.handle).having(func.count(Message.id) >= 2).order_by(User.handle)", None, {}),
 ("select(Message.body).where(Message.body.contains('Dune')).order_by(Message.id)", None, {}),
 ("select(Message.id).where(Message.sent_at >= '2024-05-02').where(Message.sent_at < '2024-05-03').order_by(Message.id)", None, {}),
 ("select(func.date(Message.sent_at).label('day'), func.count()).group_by(func.date(Message.sent_at)).order_by('day')", None, {}),
 ("select(cast(Message.sent_at, Date).label('day'), func.count()).group_by(cast(Message.sent_at, Date)).order_by('day')", None, PG),
 ("select(extract('hour', Message.sent_at).label('h'), func.count()).group_by('h').order_by('h')", None, {}),
 # ---- JSON attachment ---------------------------------------------------------------
 ("select(Message.id, Message.attachment['name'].as_string().label('file')).where(Message.attachment.is_not(None)).order_by(Message.id)", None, {}),
 ("select(Message.id).where(Message.attachment['kind'].as_string() == 'image')", None, {}),
 ("select(func.sum(Message.attachment['size'].as_integer()))", None, {}),
 ("select(Message.attachment['kind'].as_string().label('k'), func.count()).where(Message.attachment.is_not(None)).group_by(Message.attachment['kind'].as_string()).order_by('k')", None, {}),
 ("select(Message).where(Message.attachment['size'].as_integer() > 1000)", None, {}),
 # ---- reply-to (self-referential many-to-one) ----------------------------------------
 ("select(Message).options(joinedload(Message.reply_to)).where(Message.reply_to_id.is_not(None)).order_by(Message.id)", None, REL),
 ("parent = aliased(Message)\nselect(Message.body, parent.body.label('in_reply_to')).join(parent, Message.reply_to).order_by(Message.id)", None, {}),
 ("parent = aliased(Message)\nselect(Message.id).join(Message.reply_to.of_type(parent)).where(parent.sender_id == Message.sender_id)", None, {}),
 ("thread = select(Message.id, Message.reply_to_id, literal(0).label('depth')).where(Message.id == 4).cte('thread', recursive=True)\nthread = thread.union_all(select(Message.id, Message.reply_to_id, thread.c.depth + 1).join(thread, Message.reply_to_id == thread.c.id))\nselect(thread.c.id, thread.c.depth).order_by(thread.c.depth, thread.c.id)", None, {}),
 ("up = select(Message.id, Message.reply_to_id).where(Message.id == 6).cte(recursive=True)\nup = up.union_all(select(Message.id, Message.reply_to_id).join(up, Message.id == up.c.reply_to_id))\nselect(Message.body).where(Message.id.in_(select(up.c.id))).order_by(Message.id)", None, {}),
 ("select(Message).options(selectinload(Message.sender).selectinload(User.following), joinedload(Message.conversation)).where(Message.id == 5)", None, REL),
 ("select(Message).options(joinedload(Message.sender).joinedload(User.memberships)).where(Message.id == 8)", None, REL),
 ("select(Message).options(lazyload('*')).where(Message.id == 2)", None, REL),
 ("select(Message).options(defaultload(Message.conversation).selectinload(Conversation.participants)).where(Message.id == 9)", None, REL),
 ("select(Message).options(joinedload(Message.sender, innerjoin=True).load_only(User.handle)).order_by(Message.id).limit(3)", None, REL),
 # ---- session calls, FastAPI / async repository style --------------------------------
 ("result = await session.execute(select(User).where(User.status == 'online').order_by(User.id))\nresult.scalars().all()", None, CALL),
 ("(await session.scalars(select(User.handle).order_by(User.handle))).all()", None, CALL),
 ("await session.get(User, 4)", None, CALL),
 ("await session.get(User, 42)", None, CALL),
 ("await session.scalar(select(func.count(Message.id)))", None, CALL),
 ("(await session.execute(select(Conversation).options(joinedload(Conversation.participants)).order_by(Conversation.id))).scalars().unique().all()", None, kw(CALL, REL)),
 ("(await session.execute(select(Conversation).options(joinedload(Conversation.participants)).order_by(Conversation.id))).scalars().all()", None, kw(CALL, REL)),
 ("(await session.execute(select(User).options(selectinload(User.following)).where(User.id == 4))).scalar_one()", None, kw(CALL, REL)),
 ("(await session.execute(select(User).where(User.handle == 'nobody'))).scalar_one_or_none()", None, CALL),
 ("(await session.execute(select(User).where(User.handle == 'nobody'))).scalar_one()", None, CALL),
 ("(await session.execute(select(User.id, User.handle).order_by(User.id))).mappings().all()", None, CALL),
 ("rows = (await session.execute(select(User.handle, func.count(Message.id).label('n')).join(User.messages).group_by(User.handle).order_by(User.handle))).all()\n[{'handle': r.handle, 'n': r.n} for r in rows]", None, CALL),
 ("stmt = select(Message).where(Message.conversation_id == cid).order_by(Message.sent_at.desc()).limit(2)\n(await session.scalars(stmt)).all()", {"cid": 2}, CALL),
 ("user = await session.get(User, 2, options=[selectinload(User.memberships)])\n[m.conversation_id for m in user.memberships]", None, kw(CALL, REL)),
 ("user = await session.get(User, 2)\nuser.memberships", None, kw(CALL, REL)),
 ("msg = (await session.scalars(select(Message).where(Message.id == 2))).one()\nmsg.reply_to", None, kw(CALL, REL)),
 ("(await session.scalars(select(User).order_by(User.id))).first()", None, CALL),
 ("(await session.execute(select(User.handle).where(User.id > 3).order_by(User.id))).scalars().all()", None, CALL),
 ("session.scalars(select(User).options(joinedload(User.following)).order_by(User.id)).all()", None, kw(CALL, REL)),
 ("session.execute(select(User).options(joinedload(User.following)).order_by(User.id)).scalars().unique().all()", None, kw(CALL, REL)),
 ("session.execute(select(Message.id, Message.body).where(Message.conversation_id == 1).order_by(Message.sent_at)).tuples().all()", None, CALL),
 ("session.scalars(select(Message).where(Message.conversation_id == 1).order_by(Message.sent_at.desc())).first().body", None, CALL),
 ("session.get(Participant, (2, 4))", None, CALL),
 ("session.get(Participant, {'conversation_id': 3, 'user_id': 5})", None, CALL),
 ("[p.user.handle for p in session.get(Conversation, 2).participants]", None, kw(CALL, REL)),
 ("session.execute(select(User).order_by(User.id)).first()._fields", None, CALL),
 ("session.execute(select(User.handle, User.status.label('s'), func.length(User.handle)).order_by(User.id)).first()._fields", None, CALL),
]

BANK = [
 # ---- polymorphic accounts ----------------------------------------------------------
 ("select(Account).order_by(Account.id)", None, JI),
 ("select(Account).options(selectin_polymorphic(Account, [Checking, Savings])).order_by(Account.id)", None, JI),
 ("select(Checking).order_by(Checking.id)", None, JI),
 ("select(Savings).where(Savings.rate > 1)", None, JI),
 ("ap = with_polymorphic(Account, [Checking, Savings])\nselect(ap).order_by(ap.id)", None, WP),
 ("ap = with_polymorphic(Account, '*')\nselect(ap.number, ap.Checking.overdraft, ap.Savings.rate).order_by(ap.id)", None, WP),
 ("ap = with_polymorphic(Account, [Checking, Savings])\nselect(ap.number).where(or_(ap.Checking.overdraft > 100, ap.Savings.rate > 1)).order_by(ap.number)", None, WP),
 ("select(Account.type, func.count()).group_by(Account.type).order_by(Account.type)", None, JI),
 ("select(Account).where(Account.type.in_(['savings'])).order_by(Account.id)", None, JI),
 ("select(Customer).options(selectinload(Customer.accounts).selectin_polymorphic([Checking, Savings])).order_by(Customer.id)", None, JI),
 ("select(Customer).options(selectinload(Customer.accounts)).where(Customer.id == 1)", None, JI),
 ("select(Customer).options(joinedload(Customer.accounts)).where(Customer.id == 2)", None, JI),
 ("select(Customer.name, Checking.overdraft).join(Customer.accounts.of_type(Checking)).order_by(Customer.id)", None, JI),
 ("select(Customer.name).where(Customer.accounts.of_type(Savings).any(Savings.closed.is_(None))).order_by(Customer.name)", None, JI),
 ("select(Account.number, Customer.name).join(Account.owner).where(Account.closed.is_(None)).order_by(Account.number)", None, {}),
 # ---- balances: Numeric sums, running balances --------------------------------------
 ("select(Entry.account_id, func.sum(Entry.amount).label('balance')).group_by(Entry.account_id).order_by(Entry.account_id)", None, {}),
 ("select(Account.number, func.coalesce(func.sum(Entry.amount), 0).label('balance')).outerjoin(Account.entries).group_by(Account.id, Account.number).order_by(Account.number)", None, {}),
 ("select(Customer.name, func.sum(Entry.amount).label('total')).join(Customer.accounts).join(Account.entries).group_by(Customer.name).having(func.sum(Entry.amount) > 1000).order_by(Customer.name)", None, {}),
 ("select(Entry.id, Entry.amount, func.sum(Entry.amount).over(partition_by=Entry.account_id, order_by=Entry.booked).label('running')).where(Entry.account_id == 1).order_by(Entry.booked)", None, {}),
 ("select(Entry.id, func.sum(Entry.amount).over(order_by=Entry.id, rows=(None, 0)).label('cum')).where(Entry.account_id.in_([1, 2])).order_by(Entry.id)", None, {}),
 ("select(Entry.account_id, func.max(Entry.amount), func.min(Entry.amount), func.avg(Entry.amount)).group_by(Entry.account_id).order_by(Entry.account_id)", None, {}),
 ("select(func.round(func.avg(Entry.amount), 2).label('avg'))", None, {}),
 ("select(Entry.category, func.sum(Entry.amount)).where(Entry.amount < 0).group_by(Entry.category).order_by(func.sum(Entry.amount))", None, {}),
 ("select(Entry.id).where(func.abs(Entry.amount) > 1000).order_by(Entry.id)", None, {}),
 ("select(Entry.id, case((Entry.amount >= 0, 'credit'), else_='debit').label('side')).where(Entry.account_id == 3).order_by(Entry.id)", None, {}),
 ("select(func.sum(case((Entry.amount > 0, Entry.amount), else_=0)).label('in'), func.sum(case((Entry.amount < 0, -Entry.amount), else_=0)).label('out'))", None, {}),
 ("select(Entry.id, cast(Entry.amount, Integer).label('whole')).where(Entry.account_id == 1).order_by(Entry.id)", None, {}),
 ("select(Entry.id, cast(Entry.amount, String).label('s')).where(Entry.id < 4).order_by(Entry.id)", None, {}),
 ("select(Entry.id, (Entry.amount * Decimal('1.1')).label('x')).where(Entry.id == 2)", None, {}),
 ("select(Entry.memo).where(Entry.memo.in_(['rent', 'salary'])).distinct().order_by(Entry.memo)", None, {}),
 ("select(Entry.id).where(Entry.category.is_distinct_from('food')).where(Entry.account_id == 5).order_by(Entry.id)", None, {}),
 ("select(Entry.id, func.coalesce(Entry.memo, Entry.category, 'n/a').label('label')).where(Entry.account_id.in_([5, 6])).order_by(Entry.id)", None, {}),
 ("select(extract('month', Entry.booked).label('m'), func.sum(Entry.amount)).where(Entry.account_id == 1).group_by('m').order_by('m')", None, {}),
 ("select(func.strftime('%Y', Entry.booked).label('y'), func.count()).group_by('y').order_by('y')", None, LITE),
 ("select(func.date_trunc('month', Entry.booked).label('m'), func.sum(Entry.amount)).group_by('m').order_by('m')", None, PG),
 ("select(Account.number).where(exists().where(Entry.account_id == Account.id, Entry.amount < -500)).order_by(Account.number)", None, {}),
 ("select(Account.number).where(~exists().where(Entry.account_id == Account.id).where(Entry.booked >= '2024-02-01')).order_by(Account.number)", None, {}),
 ("bal = select(func.sum(Entry.amount)).where(Entry.account_id == Account.id).correlate(Account).scalar_subquery()\nselect(Account.number, bal.label('balance')).order_by(Account.id)", None, {}),
 ("bal = select(func.sum(Entry.amount)).where(Entry.account_id == Account.id).scalar_subquery()\nselect(Account.number).where(bal > 500).order_by(Account.id)", None, {}),
 ("totals = select(Entry.account_id, func.sum(Entry.amount).label('bal')).group_by(Entry.account_id).cte('totals')\nselect(Customer.name, func.sum(totals.c.bal)).join(Account, Account.owner_id == Customer.id).join(totals, totals.c.account_id == Account.id).group_by(Customer.name).order_by(Customer.name)", None, {}),
 ("select(Entry).where(tuple_(Entry.account_id, Entry.id).in_(select(Entry.account_id, func.max(Entry.id)).group_by(Entry.account_id))).order_by(Entry.id)", None, {}),
 ("select(Entry).where(Entry.account_id == 1).order_by(Entry.booked.desc(), Entry.id.desc()).limit(2)", None, {}),
 ("select(Entry).where(tuple_(Entry.booked, Entry.id) < ('2024-01-16', 13)).order_by(Entry.booked.desc(), Entry.id.desc()).limit(3)", None, {}),
 ("select(Entry.id, Entry.memo).where(Entry.memo.ilike('r%')).order_by(Entry.id)", None, {}),
 ("select(Entry.memo.op('||')(' / ').op('||')(Entry.category).label('m')).where(Entry.account_id == 3).order_by(Entry.id)", None, {}),
 ("select(Entry.id).where(Entry.memo.regexp_match('^(rent|salary)$')).order_by(Entry.id)", None, PG),
 ("select(Entry.id).where(Entry.amount.between(-100, 0)).order_by(Entry.id)", None, {}),
 ("select(Entry.id).where(cast(Entry.booked, String) < '2024').order_by(Entry.id)", None, {}),
 ("select(Entry.id, cast('2024-01-01', Date).label('d')).where(Entry.id == 1)", None, {}),
 ("select(Customer.name).where(Customer.since < select(func.min(Account.opened)).where(Account.owner_id == Customer.id).scalar_subquery()).order_by(Customer.id)", None, {}),
 ("select(Customer.country, func.count(Customer.id)).group_by(Customer.country).order_by(func.count(Customer.id).desc(), Customer.country)", None, {}),
 ("select(Customer).where(~Customer.accounts.any()).order_by(Customer.id)", None, {}),
 ("select(Customer.name, Bundle('acct', Account.number, Account.currency)).join(Customer.accounts).where(Account.currency != 'EUR').order_by(Account.id)", None, {}),
 ("q1 = select(Account.id, Account.number).where(Account.currency == 'EUR')\nq2 = select(Account.id, Account.number).where(Account.closed.is_not(None))\nexcept_(q1, q2).order_by(Account.id)", None, {}),
 ("union_all(select(Checking.number.label('n')), select(Savings.number.label('n'))).order_by('n')", None, JI),
 ("s = select(Entry).where(Entry.amount > 1000).subquery()\nbig = aliased(Entry, s)\nselect(big).options(joinedload(big.account)).order_by(big.id)", None, REL),
 ("session.scalars(select(Account).options(selectin_polymorphic(Account, [Checking, Savings])).order_by(Account.id)).all()", None, kw(CALL, JI)),
 ("[(a.number, type(a).__name__) for a in session.scalars(select(Account).order_by(Account.id))]", None, kw(CALL, JI)),
 ("session.get(Account, 2)", None, kw(CALL, JI)),
 ("session.get(Checking, 2)", None, kw(CALL, JI)),
 ("session.scalars(select(Customer).options(selectinload(Customer.accounts).selectinload(Account.entries)).where(Customer.id == 3)).one()", None, kw(CALL, REL)),
 ("session.execute(select(Account.number, func.sum(Entry.amount).label('bal')).join(Account.entries).group_by(Account.number).order_by(Account.number)).all()", None, CALL),
 ("session.scalar(select(func.sum(Entry.amount)).where(Entry.account_id == 1))", None, CALL),
 ("(await session.execute(select(Account).where(Account.owner_id == 1).order_by(Account.id))).scalars().all()", None, kw(CALL, JI)),
 ("acct = await session.get(Account, 1)\nacct.number", None, kw(CALL, JI)),
 ("await session.scalar(select(func.sum(Entry.amount)).where(Entry.account_id == 3))", None, CALL),
]

for i, (s, p, k) in enumerate(LENDING):
    case("lending", i + 1, s, params=p, model="app_lending", data="app_lending", slug="lending:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(CHAT):
    case("chat", i + 1, s, params=p, model="app_chat", data="app_chat", slug="chat:%d" % (i + 1), **k)
for i, (s, p, k) in enumerate(BANK):
    case("bank", i + 1, s, params=p, model="app_bank", data="app_bank", slug="bank:%d" % (i + 1), **k)
