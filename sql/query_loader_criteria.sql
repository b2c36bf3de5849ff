--
-- query_loader_criteria: with_loader_criteria(entity, criteria) in options(),
-- SQLAlchemy 2.0's criteria for every load of a mapped class (the usual
-- multi-tenant filter): the statement's FROMs (WHERE), its joins (ON), its
-- subqueries; relationship loads (selectin, subquery, immediate loads take
-- it; joined loads with propagate_to_loaders only); include_aliases; a
-- lambda called with each class, on a mapped class or on a mixin;
-- update()/delete() .options().  Rows as SQLAlchemy 2.0.52 returns them for
-- the same statements and data (checked on SQLite and PostgreSQL); errors
-- with their line and column.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class HasTenant:
    tenant_id: Mapped[int] = mapped_column(default=1)


class Shop(HasTenant, Base):
    __tablename__ = "wlc_shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    items: Mapped[list["Item"]] = relationship(back_populates="shop", order_by="Item.id")
    staff: Mapped[list["Clerk"]] = relationship(lazy="selectin", order_by="Clerk.id")
    notes: Mapped[list["Note"]] = relationship(lazy="joined", order_by="Note.id")


class Item(HasTenant, Base):
    __tablename__ = "wlc_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("wlc_shops.id"))
    title: Mapped[str] = mapped_column(String(30))
    price: Mapped[int]
    hidden: Mapped[bool] = mapped_column(default=False)
    shop: Mapped["Shop"] = relationship(back_populates="items")


class Clerk(HasTenant, Base):
    __tablename__ = "wlc_clerks"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("wlc_shops.id"))
    name: Mapped[str] = mapped_column(String(30))


class Note(Base):
    __tablename__ = "wlc_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("wlc_shops.id"))
    text: Mapped[str] = mapped_column(String(30))
    draft: Mapped[bool] = mapped_column(default=False)


class Dept(Base):
    __tablename__ = "wlc_depts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    staff: Mapped[list["Employee"]] = relationship(back_populates="dept", order_by="Employee.id")
    cars: Mapped[list["Vehicle"]] = relationship(order_by="Vehicle.id")


class Employee(HasTenant, Base):
    __tablename__ = "wlc_employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    dept_id: Mapped[int] = mapped_column(ForeignKey("wlc_depts.id"))
    name: Mapped[str] = mapped_column(String(30))
    type: Mapped[str] = mapped_column(String(20))
    dept: Mapped["Dept"] = relationship(back_populates="staff")
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "wlc_managers"
    id: Mapped[int] = mapped_column(ForeignKey("wlc_employees.id"), primary_key=True)
    level: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    __tablename__ = "wlc_engineers"
    id: Mapped[int] = mapped_column(ForeignKey("wlc_employees.id"), primary_key=True)
    lang: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Vehicle(HasTenant, Base):
    __tablename__ = "wlc_vehicles"
    id: Mapped[int] = mapped_column(primary_key=True)
    dept_id: Mapped[int] = mapped_column(ForeignKey("wlc_depts.id"))
    kind: Mapped[str] = mapped_column(String(20))
    wheels: Mapped[int]
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "vehicle"}


class Car(Vehicle):
    __mapper_args__ = {"polymorphic_identity": "car"}


class Truck(Vehicle):
    load: Mapped[int] = mapped_column(nullable=True)
    __mapper_args__ = {"polymorphic_identity": "truck"}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Shop", "data": {"id": 1, "name": "north", "tenant_id": 1, "items": [{"id": 1, "title": "pen", "price": 3, "tenant_id": 1}, {"id": 2, "title": "ink", "price": 9, "tenant_id": 2, "hidden": true}, {"id": 3, "title": "pad", "price": 5, "tenant_id": 1}], "staff": [{"id": 1, "name": "ann", "tenant_id": 1}, {"id": 2, "name": "bo", "tenant_id": 2}], "notes": [{"id": 1, "text": "open", "draft": false}, {"id": 2, "text": "wip", "draft": true}]}}, {"op": "add", "entity": "Shop", "data": {"id": 2, "name": "south", "tenant_id": 2, "items": [{"id": 4, "title": "cup", "price": 4, "tenant_id": 2}, {"id": 5, "title": "mug", "price": 7, "tenant_id": 1}], "staff": [{"id": 3, "name": "cy", "tenant_id": 2}], "notes": [{"id": 3, "text": "closed", "draft": true}]}}, {"op": "add", "entity": "Shop", "data": {"id": 3, "name": "east", "tenant_id": 1}}, {"op": "add", "entity": "Dept", "data": {"id": 1, "name": "rd"}}, {"op": "add", "entity": "Dept", "data": {"id": 2, "name": "ops"}}, {"op": "add", "entity": "Employee", "data": {"id": 1, "name": "eve", "dept_id": 1, "tenant_id": 1}}, {"op": "add", "entity": "Manager", "data": {"id": 2, "name": "max", "level": 3, "dept_id": 1, "tenant_id": 2}}, {"op": "add", "entity": "Manager", "data": {"id": 3, "name": "mia", "level": 1, "dept_id": 2, "tenant_id": 1}}, {"op": "add", "entity": "Engineer", "data": {"id": 4, "name": "eng", "lang": "c", "dept_id": 1, "tenant_id": 1}}, {"op": "add", "entity": "Engineer", "data": {"id": 5, "name": "ed", "lang": "py", "dept_id": 2, "tenant_id": 2}}, {"op": "add", "entity": "Vehicle", "data": {"id": 1, "wheels": 2, "dept_id": 1, "tenant_id": 1}}, {"op": "add", "entity": "Car", "data": {"id": 2, "wheels": 4, "dept_id": 1, "tenant_id": 2}}, {"op": "add", "entity": "Car", "data": {"id": 3, "wheels": 4, "dept_id": 2, "tenant_id": 1}}, {"op": "add", "entity": "Truck", "data": {"id": 4, "wheels": 6, "load": 10, "dept_id": 2, "tenant_id": 1}}, {"op": "add", "entity": "Truck", "data": {"id": 5, "wheels": 8, "load": 20, "dept_id": 1, "tenant_id": 2}}]', 'counts') IS NOT NULL AS flushed;

-- the statement's own entity: WHERE, after the statement's criteria
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(Item.title).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(func.count(Item.id)).options(with_loader_criteria(Item, Item.tenant_id == 1))') AS r;
SELECT orm_select('select(func.count()).select_from(Item).options(with_loader_criteria(Item, Item.tenant_id == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.tenant_id == 1), with_loader_criteria(Item, Item.price > 3)).where(Item.id > 0).order_by(Item.id)') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, or_(Item.price > 8, Item.price < 4))).where(Item.tenant_id == 1).order_by(Item.id)') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.shop.has(Shop.name == ''north''))).order_by(Item.id)') AS r;

-- joins: in ON; a subquery of the statement takes it, a nested statement's own options do not count
SELECT orm_select('select(Shop.name, Item.title).join(Shop.items).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(Shop.name, Item.title).outerjoin(Shop.items).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Shop.id, Item.id)') AS r;
SELECT orm_select('select(Shop.name, Item.title).join(Item, Item.shop_id == Shop.id).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(Shop.name, Item.title).join(Shop.items.and_(Item.price > 3)).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(Item).where(Item.shop_id.in_(select(Shop.id).where(Shop.name != ''x''))).options(with_loader_criteria(Shop, Shop.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('sq = select(Item).where(Item.price > 3).subquery()
select(sq.c.title).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(sq.c.id)') AS r;
SELECT orm_select('sq = select(Item).options(with_loader_criteria(Item, Item.tenant_id == 1)).subquery()
select(sq.c.title).order_by(sq.c.id)') AS r;
SELECT orm_select('select(Shop).join(Shop.items).options(contains_eager(Shop.items), with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Shop.id, Item.id)') AS r;

-- aliases: only with include_aliases (or the aliased entity itself)
SELECT orm_select('i = aliased(Item)
select(i.title).options(with_loader_criteria(Item, Item.tenant_id == 1)).order_by(i.id)') AS r;
SELECT orm_select('i = aliased(Item)
select(i.title).options(with_loader_criteria(Item, Item.tenant_id == 1, include_aliases=True)).order_by(i.id)') AS r;
SELECT orm_select('i = aliased(Item)
select(Shop.name, i.title).join(Shop.items.of_type(i)).options(with_loader_criteria(Item, Item.tenant_id == 1, include_aliases=True)).order_by(i.id)') AS r;
SELECT orm_select('i = aliased(Item)
select(i).options(with_loader_criteria(i, i.price > 4)).order_by(i.id)') AS r;
SELECT orm_select('i = aliased(Item)
select(Item).options(with_loader_criteria(i, i.price > 4)).order_by(Item.id)') AS r;

-- relationship loads: selectin, subquery and immediate loads, joined loads, the relationships' lazy= defaults
SELECT orm_select('select(Shop).options(selectinload(Shop.items), with_loader_criteria(Item, Item.hidden == False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items), with_loader_criteria(Item, Item.hidden == False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(subqueryload(Shop.items), with_loader_criteria(Item, Item.hidden == False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(immediateload(Shop.items), with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(with_loader_criteria(Clerk, Clerk.tenant_id == 1), with_loader_criteria(Note, Note.draft == False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Item).options(selectinload(Item.shop), with_loader_criteria(Shop, Shop.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(Item).options(joinedload(Item.shop), with_loader_criteria(Shop, Shop.tenant_id == 1)).order_by(Item.id)') AS r;
SELECT orm_select('select(Shop).options(selectinload(Shop.items.and_(Item.price > 3)), with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items.and_(Item.price > 3)), with_loader_criteria(Item, Item.tenant_id == 1)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items), with_loader_criteria(Item, Item.tenant_id == 1)).limit(2).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(selectinload(Shop.items), with_loader_criteria(Item, Item.shop.has(Shop.name == ''north''))).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items), with_loader_criteria(Item, Item.shop.has(Shop.name == ''north''))).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items), with_loader_criteria(Item, Item.id.in_(select(Item.id).where(Item.price > 4)))).order_by(Shop.id)') AS r;
SELECT orm_select('i = aliased(Item)
select(i.title).options(with_loader_criteria(Item, Item.shop.has(Shop.name == ''north''), include_aliases=True)).order_by(i.id)') AS r;

-- propagate_to_loaders=False: joined and immediate loads leave it out; selectin and subquery loads take every option
SELECT orm_select('select(Shop).options(selectinload(Shop.items), with_loader_criteria(Item, Item.hidden == False, propagate_to_loaders=False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(subqueryload(Shop.items), with_loader_criteria(Item, Item.hidden == False, propagate_to_loaders=False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items), with_loader_criteria(Item, Item.hidden == False, propagate_to_loaders=False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(immediateload(Shop.items), with_loader_criteria(Item, Item.tenant_id == 1, propagate_to_loaders=False)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(with_loader_criteria(Note, Note.draft == False, propagate_to_loaders=False)).order_by(Shop.id)') AS r;

-- a lambda, called with each class; on a mixin it reaches the mapped classes deriving from it (include_aliases for the statement's entities, as SQLAlchemy matches them)
SELECT orm_select('select(Item).options(with_loader_criteria(Item, lambda cls: cls.price > 4)).order_by(Item.id)') AS r;
SELECT orm_select('x = 4
select(Item.title).options(with_loader_criteria(Item, lambda cls: cls.price > x)).order_by(Item.id)') AS r;
SELECT orm_select('select(Item.title).options(with_loader_criteria(Item, lambda c, limit=5: c.price < limit)).order_by(Item.id)') AS r;
SELECT orm_select('i = aliased(Item)
select(i).options(with_loader_criteria(Item, lambda cls: cls.tenant_id == 1, include_aliases=True)).order_by(i.id)') AS r;
SELECT orm_select('select(Shop).options(with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1, include_aliases=True)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(selectinload(Shop.items), with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1, include_aliases=True)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Shop).options(joinedload(Shop.items), with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1)).order_by(Shop.id)') AS r;
SELECT orm_select('select(Dept).options(with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1, include_aliases=True), selectinload(Dept.staff), selectinload(Dept.cars)).order_by(Dept.id)') AS r;

-- inheritance: the class named, its subclasses with include_aliases; single-table subclasses keep their own criterion after it
SELECT orm_select('select(Employee).options(with_loader_criteria(Employee, Employee.tenant_id == 1)).order_by(Employee.id)') AS r;
SELECT orm_select('select(Manager).options(with_loader_criteria(Employee, Employee.tenant_id == 1)).order_by(Manager.id)') AS r;
SELECT orm_select('select(Manager).options(with_loader_criteria(Employee, Employee.tenant_id == 1, include_aliases=True)).order_by(Manager.id)') AS r;
SELECT orm_select('select(Manager).options(with_loader_criteria(Employee, lambda cls: cls.tenant_id == 1, include_aliases=True)).order_by(Manager.id)') AS r;
SELECT orm_select('select(Employee).options(with_loader_criteria(Manager, Manager.level > 1)).order_by(Employee.id)') AS r;
SELECT orm_select('select(Truck).options(with_loader_criteria(Vehicle, Vehicle.tenant_id == 1, include_aliases=True)).order_by(Truck.id)') AS r;
SELECT orm_select('select(Truck).options(with_loader_criteria(Truck, Truck.wheels > 6)).order_by(Truck.id)') AS r;
SELECT orm_select('select(Car).options(with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1, include_aliases=True)).order_by(Car.id)') AS r;
SELECT orm_select('select(Dept.name, Truck.load).join(Truck, Truck.dept_id == Dept.id).options(with_loader_criteria(Truck, Truck.load > 10)).order_by(Truck.id)') AS r;
SELECT orm_select('select(Dept).options(joinedload(Dept.staff), with_loader_criteria(Employee, Employee.tenant_id == 1)).order_by(Dept.id)') AS r;
SELECT orm_select('select(Employee).options(selectin_polymorphic(Employee, [Manager]), with_loader_criteria(Manager, Manager.level > 1)).order_by(Employee.id)') AS r;
SELECT orm_select('wp = with_polymorphic(Employee, [Manager])
select(wp).options(with_loader_criteria(Employee, Employee.tenant_id == 1)).order_by(wp.id)') AS r;

-- orm_get(): session.get() with the option; orm_view(): the view's statement
SELECT orm_get('Item', '1', 'with_loader_criteria(Item, Item.tenant_id == 1)') AS r;
SELECT orm_get('Item', '2', 'with_loader_criteria(Item, Item.tenant_id == 1)') AS r;
SELECT orm_get('Shop', '2', 'selectinload(Shop.items), with_loader_criteria(Item, Item.tenant_id == 1)') AS r;
SELECT orm_view('wlc_tenant1_items', 'select(Item).options(with_loader_criteria(Item, Item.tenant_id == 1))') AS r;
SELECT id, title FROM wlc_tenant1_items ORDER BY id;

-- the statement's parameters, bound
SELECT orm_select('select(Item.id).options(with_loader_criteria(Item, Item.tenant_id == tid)).order_by(Item.id)', '{"tid": 1}') AS r;
SELECT orm_select('select(Item.id).options(with_loader_criteria(Item, Item.tenant_id == tid)).order_by(Item.id)', '{"tid": 2}') AS r;
SELECT orm_select('select(Item.id).options(with_loader_criteria(Item, Item.price > bindparam("p", 4))).order_by(Item.id)') AS r;

-- update() / delete() .options(): the target's criteria in WHERE (rolled back)
BEGIN;
SELECT orm_execute('update(Item).where(Item.price > 3).values(hidden=True).options(with_loader_criteria(Item, Item.tenant_id == 1))') AS r;
SELECT orm_execute('delete(Item).where(Item.price > 3).options(with_loader_criteria(Item, Item.tenant_id == 1))') AS r;
SELECT orm_execute('delete(Item).options(with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 2, include_aliases=True))') AS r;
SELECT orm_execute('update(Item).where(Item.shop_id.in_(select(Shop.id).where(Shop.name == ''north''))).values(price=0).options(with_loader_criteria(Shop, Shop.tenant_id == 2))') AS r;
SELECT orm_execute('update(Item).values(price=0).options(with_loader_criteria(Shop, Shop.tenant_id == 2), selectinload(Item.shop))') AS r;
SELECT orm_select('select(Item.id, Item.price, Item.hidden).order_by(Item.id)') AS r;
ROLLBACK;

-- errors, with their line and column
SELECT orm_select('select(Item).options(with_loader_criteria())') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.id == 1, foo=1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.id == 1, False, False, True, True, 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.id == 1, include_aliases=True, include_aliases=False))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.id == 1, entity_or_base=Item))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria("Item", Item.id == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Nope, Item.id == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, "price > 3"))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, 5))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.id == 1, include_aliases=Item.id))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, lambda: Item.price > 4))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, lambda a, b: a.id == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, lambda a, b, c: a.id == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, lambda *a: a[0].id == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, lambda c: 5))') AS r;
SELECT orm_select('select(Shop).options(with_loader_criteria(Item, lambda c:
    c.nope == 1))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Item.id == 1).selectinload(Item.shop))') AS r;
SELECT orm_select('select(Item).options(selectinload(Item.shop).options(with_loader_criteria(Shop, Shop.id == 1)))') AS r;
SELECT orm_select('select(Item).options(with_loader_criteria(Item, Shop.tenant_id == 1))') AS r;
SELECT orm_select('i = aliased(Item)
select(Shop).options(joinedload(Shop.items), with_loader_criteria(i, i.tenant_id == 1))') AS r;

-- Query.count() keeps the query's with_loader_criteria() (the outer
-- statement's option, applied inside its subquery, as SQLAlchemy's count() does);
-- options(*opts) of criteria built for several classes (apps5)
SELECT orm_select('session.query(Item).options(with_loader_criteria(Item, lambda cls: cls.tenant_id == 1)).count()') AS r;
SELECT orm_compile('session.query(Item).options(with_loader_criteria(Item, lambda cls: cls.tenant_id == 1)).count()') AS r;
SELECT orm_select('opts = [with_loader_criteria(c, lambda cls: cls.tenant_id == 2) for c in (Shop, Item)]
session.scalars(select(Shop).options(selectinload(Shop.items), *opts).order_by(Shop.id)).unique().all()') AS r;
-- Query.get() takes the query's with_loader_criteria() (item 2 is tenant 2's)
SELECT orm_select('session.query(Item).options(with_loader_criteria(Item, lambda cls: cls.tenant_id == 1)).get(2)') AS r;
SELECT orm_select('session.query(Item).options(with_loader_criteria(Item, lambda cls: cls.tenant_id == 2)).get(2)') AS r;

DROP VIEW wlc_tenant1_items;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
