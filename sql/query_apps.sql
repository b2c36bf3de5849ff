--
-- query_apps: differences from SQLAlchemy 2.0.52 found by the "apps" chapter of
-- test/guide (application programs: a shop, a blog) and fixed: arithmetic
-- result types (Integer * Numeric(10, 2) is Numeric(10, 2)), a Numeric without
-- a scale read back from SQLite's REAL (10 fraction digits), a multi-row
-- insert().values([...]) whose rows set different keys (the first row names
-- the columns), f-strings of assigned values, noload() loading [] / null.
-- One source for both engines; results checked against SQLAlchemy 2.0.52.
--
\pset format unaligned

SELECT orm_declare('import enum
from datetime import datetime, timedelta
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "ap_products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    ratio: Mapped[Optional[Decimal]] = mapped_column(Numeric)
    stock: Mapped[int] = mapped_column(default=0)
    note: Mapped[Optional[str]]


class Order(Base):
    __tablename__ = "ap_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[List["Item"]] = relationship(back_populates="order")
    hidden: Mapped[List["Item"]] = relationship(lazy="noload", viewonly=True)
    lines = relationship("Item", lazy="dynamic", viewonly=True)


class Item(Base):
    __tablename__ = "ap_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ap_orders.id"))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    order: Mapped[Optional[Order]] = relationship(back_populates="items")


class Status(enum.Enum):
    TODO = "todo"
    DONE = "done"


class Task(Base):
    __tablename__ = "ap_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(default=Status.TODO)
    labels: Mapped[list] = mapped_column(JSON, default=list)
    estimate: Mapped[Optional[timedelta]]
    started_at: Mapped[Optional[datetime]]
    done_at: Mapped[Optional[datetime]]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[
 {"op": "add", "entity": "Product", "data": {"sku": "KB-01", "name": "Keyboard", "price": "49.99", "ratio": "0.1", "stock": 10}},
 {"op": "add", "entity": "Product", "data": {"sku": "MS-02", "name": "Mouse", "price": "19.50", "ratio": "0.2"}},
 {"op": "add", "entity": "Order", "data": {"items": [{"quantity": 1, "unit_price": "49.99"}, {"quantity": 2, "unit_price": "19.50"}]}},
 {"op": "add", "entity": "Order", "data": {"items": [{"quantity": 1, "unit_price": "219.00"}]}},
 {"op": "add", "entity": "Task", "data": {"status": "DONE", "labels": ["bug"], "estimate": 3600, "started_at": "2024-01-01T10:00:00", "done_at": "2024-01-02T11:30:00"}},
 {"op": "add", "entity": "Task", "data": {"labels": [], "estimate": 7200}}
]') IS NOT NULL AS flushed;

-- Integer * Numeric(10, 2) is Numeric(10, 2): 88.99, not 88.99000000000001 on SQLite
SELECT orm_select('select(Item.order_id, func.sum(Item.quantity * Item.unit_price).label(''total'')).group_by(Item.order_id).order_by(Item.order_id)');
SELECT orm_select('select(Item.id, (2 * Item.unit_price).label(''twice''), (Item.unit_price * Item.quantity).label(''line'')).order_by(Item.id)');
-- a Numeric without scale: 10 fraction digits at most (0.1 + 0.2 is 0.3)
SELECT orm_select('select(func.sum(Product.ratio).label(''r'')).where(Product.sku.in_([''KB-01'', ''MS-02'']))');

-- insert().values([...]): the first row names the columns, with its defaults;
-- a later row's other keys are dropped, a column it leaves out takes its default
SELECT orm_execute('insert(Product).values([{''sku'': ''WC-01'', ''name'': ''Webcam'', ''price'': 59}, {''sku'': ''SP-02'', ''name'': ''Speakers'', ''price'': Decimal(''35.5''), ''note'': ''dropped'', ''stock'': 4}])');
SELECT orm_select('select(Product.sku, Product.stock, Product.note).where(Product.sku.in_([''WC-01'', ''SP-02''])).order_by(Product.sku)');
-- ... or, without one, is an error (SQLAlchemy's CompileError)
SELECT orm_execute('insert(Product).values([{''sku'': ''A-1'', ''name'': ''A'', ''price'': 1}, {''sku'': ''B-1'', ''price'': 2}])');

-- f-strings of values the text assigns
SELECT orm_select('q = ''ou''
select(Product.sku).where(Product.name.ilike(f''%{q}%'')).order_by(Product.sku)');
SELECT orm_select('n = 1
select(Product.sku).where(Product.sku == f''KB-0{n}'')');
SELECT orm_select('select(Product.sku).where(Product.sku == f''{{KB-01}}'')');
-- a parameter is formatted as a value the text assigns; a column or a format spec is refused
SELECT orm_select('select(Product.sku).where(Product.name.ilike(f''%{q}%''))', '{"q": "ou"}');
SELECT orm_select('select(Product.sku).where(Product.sku == f''{Product.name}'')');
SELECT orm_select('n = 1
select(Product.sku).where(Product.sku == f''KB-{n:02d}'')');

-- noload(): the relationship is loaded empty, as SQLAlchemy's noload sets it
SELECT orm_select('select(Order).order_by(Order.id)');
SELECT orm_select('select(Order).options(noload(Order.items)).order_by(Order.id)');
SELECT orm_select('select(Item).options(noload(Item.order)).order_by(Item.id)');
SELECT orm_select('select(Order).options(selectinload(Order.items).noload(Item.order)).order_by(Order.id)');
SELECT orm_select('select(Item).options(joinedload(Item.order).noload(Order.items)).where(Item.id == 3)');

-- a function SQLAlchemy does not know is NullType: a JSON or Enum argument does
-- not type its result (0 is bound as a number; lower() reads the stored name),
-- while coalesce / max / min / sum take their argument's type
SELECT orm_select('select(Task.id).where(func.json_array_length(Task.labels) == 0)');
SELECT orm_select('select(Task.id, func.lower(Task.status).label(''l''), func.coalesce(Task.status, Status.TODO).label(''c'')).order_by(Task.id)');
SELECT orm_select('select(func.max(Task.status))');
-- sum() of an Interval: PostgreSQL adds them up; SQLite stores datetimes, refused
SELECT orm_select('select(func.sum(Task.estimate).label(''total''))');

-- a lazy="dynamic" relationship cannot be eager-loaded (SQLAlchemy raises)
SELECT orm_select('select(Order).options(selectinload(Order.lines))');
SELECT orm_select('select(Order).options(joinedload(Order.lines))');
SELECT orm_select('select(Order).options(lazyload(Order.lines)).order_by(Order.id)');

-- comprehensions over a list the text gives, and *args of and_() / or_()
SELECT orm_select('terms = [''key'', ''mou'']
select(Product.sku).where(or_(*[Product.name.ilike(f''%{t}%'') for t in terms])).order_by(Product.sku)');
SELECT orm_select('select(Product.sku).where(and_(*[Product.stock >= n for n in (0, 4)])).order_by(Product.sku)');
SELECT orm_select('select(Product.sku).where(Product.sku.in_([s.upper() for s in [''kb-01'']]))');
SELECT orm_select('select(Product.sku).where(or_(*[Product.sku == s for s in Product.name]))');

-- like(escape=), startswith / contains(autoescape=True)
SELECT orm_execute('insert(Product).values([{''sku'': ''P%1'', ''name'': ''100% wool'', ''price'': 1}, {''sku'': ''P_2'', ''name'': ''1000 wool'', ''price'': 1}])');
SELECT orm_select('select(Product.sku).where(Product.name.startswith(''100%'', autoescape=True))');
SELECT orm_select('select(Product.sku).where(Product.sku.contains(''_'', autoescape=True))');
SELECT orm_select('select(Product.sku).where(Product.sku.like(''P^_%'', escape=''^''))');
SELECT orm_select('select(Product.sku).where(Product.name.istartswith(''100%'', autoescape=True, escape=''#''))');
-- ... of a params value: the value escaped for this call (the guide's apps8)
SELECT orm_select('select(Product.sku).where(Product.sku.startswith(q, autoescape=True))', '{"q": "P"}');
SELECT orm_select('select(Product.sku).where(Product.sku.like(''x'', autoescape=True))');

-- regexp_match() and aggregate_order_by(): PostgreSQL's; refused on SQLite
SELECT orm_select('select(Product.sku).where(Product.name.regexp_match(''^m'', flags=''i'')).order_by(Product.sku)');
SELECT orm_select('select(Product.sku).where(Product.name.not_regexp_match(''o'')).order_by(Product.sku)');
SELECT orm_select('select(Item.order_id, func.array_agg(Item.quantity).label(''q'')).group_by(Item.order_id).order_by(Item.order_id)');
SELECT orm_select('from sqlalchemy.dialects.postgresql import aggregate_order_by
select(Item.order_id, func.array_agg(aggregate_order_by(Item.id, Item.id.desc())).label(''ids'')).group_by(Item.order_id).order_by(Item.order_id)');

-- a nested object given with its key (a row that may be stored already) is walked
-- for insert order like any other: the items under order 10 are inserted before
-- the item of the next operation, as SQLAlchemy's session orders them
SELECT orm_flush('[
 {"op": "add", "entity": "Order", "data": {"id": 10, "items": [{"quantity": 5, "unit_price": "1"}, {"quantity": 7, "unit_price": "1"}]}},
 {"op": "add", "entity": "Item", "data": {"order_id": 10, "quantity": 6, "unit_price": "1"}}
]', 'counts');
SELECT orm_select('select(Item.id, Item.quantity).where(Item.order_id == 10).order_by(Item.id)');

-- data["k"] == value without as_string(): the value is bound as it is, as
-- SQLAlchemy binds it (SQLite: the quoted element never equals it;
-- PostgreSQL: json = text is an error); as_string() compares the text
SELECT orm_select('select(Task.id).where(Task.labels[0] == ''bug'')');
SELECT orm_select('select(Task.id).where(Task.labels[0].as_string() == ''bug'')');

-- window frames: over(rows=(start, end)) / over(range_=(...)), bounds bound
SELECT orm_select('select(Product.sku, func.sum(Product.stock).over(order_by=Product.sku, rows=(-1, 1)).label(''s'')).where(Product.sku.in_([''KB-01'', ''MS-02'', ''SP-02''])).order_by(Product.sku)');
SELECT orm_select('select(Product.sku, func.count().over(order_by=Product.sku, range_=(None, 0)).label(''n'')).where(Product.sku.in_([''KB-01'', ''MS-02''])).order_by(Product.sku)');
SELECT orm_select('select(func.count().over(rows=(1, ''x'')))');

-- group_by(Entity): every column of the entity, as SQLAlchemy expands it
SELECT orm_select('select(Order, func.count(Item.id).label(''n'')).join(Order.items).group_by(Order).order_by(Order.id)');
SELECT orm_compile('o = aliased(Order)
select(o.id, func.sum(Item.quantity)).join(Item, Item.order_id == o.id).group_by(o)');

-- **kwargs of a dict the text gives: values(**data), filter_by(**criteria)
SELECT orm_execute('data = {''name'': ''Keyboard 2'', ''stock'': 11}
update(Product).where(Product.sku == ''KB-01'').values(**data)');
SELECT orm_select('crit = {''sku'': ''KB-01''}
select(Product.name, Product.stock).filter_by(**crit)');
SELECT orm_execute('delete(Item).filter_by(**{''order_id'': 10, ''quantity'': 6})');
SELECT orm_execute('update(Product).values(**{Product.name: ''x''})');

-- datetime(..., tzinfo=timezone.utc / timezone(timedelta(...))): an aware literal
SELECT orm_select('select(Product.sku).where(Product.id == 1).where(literal(datetime(2024, 3, 1, 10, tzinfo=timezone(timedelta(hours=2)))).is_not(None))');
SELECT orm_compile('select(Order.id).where(Order.id > 5).where(literal(datetime(2024, 3, 1, 10, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))) > datetime(2024, 1, 1, tzinfo=timezone.utc))');
SELECT orm_select('select(Product.sku).where(literal(datetime(2024, 3, 1, tzinfo=zoneinfo.ZoneInfo(''UTC''))).is_not(None))');

-- a // b is FLOOR(a / b) unless b is an integer; Integer / Numeric(10, 2) is
-- that Numeric (2 fraction digits), as SQLAlchemy types and writes them
SELECT orm_select('select(Product.sku, (Product.price // 3).label(''f''), (Product.stock // 3).label(''g''), (Product.stock / Product.price).label(''r'')).where(Product.sku.in_([''KB-01'', ''SP-02''])).order_by(Product.sku)');
SELECT orm_compile('select(Product.price // 3, Product.stock // 3, Product.stock // Product.price)');
-- datetime - datetime is an Interval: seconds on PostgreSQL; on SQLite (text) SQLite's
-- numbers in a comparison, a result column refused (sql/query_datetime_arith.sql)
SELECT orm_select('select(Task.id, (Task.done_at - Task.started_at).label(''took'')).order_by(Task.id)');
SELECT orm_select('select(Task.id).where(Task.started_at + timedelta(days=1) < Task.done_at)');
SELECT orm_select('select(Task.id, (Task.estimate + timedelta(minutes=30)).label(''e'')).order_by(Task.id)');

-- None into a JSON column is the JSON null ('null'), null() is SQL NULL, as
-- SQLAlchemy writes them (values(), multi-row values and executemany alike):
-- labels is NOT NULL, so None is stored and null() is refused by the engine
SELECT orm_execute('update(Task).values(labels=None).where(Task.id == 1)');
SELECT orm_select('select(Task.id, Task.labels).where(Task.labels.is_(None))');
SELECT orm_execute('update(Task).values(labels=null()).where(Task.id == 1)');
SELECT orm_select('select(Task.id, Task.labels).where(Task.labels.is_(None))');
SELECT orm_execute('update(Task)', '[{"id": 1, "labels": null}]');
SELECT orm_select('select(Task.id, Task.labels).where(Task.labels.is_(None))');
