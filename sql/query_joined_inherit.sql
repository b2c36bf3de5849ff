\pset format unaligned
--
-- query_joined_inherit: joined-table inheritance in queries, and SQLAlchemy's
-- polymorphic loading; every result as SQLAlchemy 2.0.52 returns it for the
-- same model and rows (checked on SQLite and PostgreSQL).
--
-- A joined subclass's FROM is its hierarchy's tables (FROM person JOIN staff
-- ON person.id = staff.id); its attributes are its superclasses' then its own,
-- in SQLAlchemy's order (Staff.id is staff.id, person.id).  A base class's
-- query gives each row as the class its discriminator names, with the columns
-- the statement loaded (a Staff from select(Person) has no salary);
-- with_polymorphic(), polymorphic_load="inline" and of_type() join the
-- subclasses' tables and load their columns; selectin_polymorphic() and
-- polymorphic_load="selectin" load them by a second statement per subclass.
-- Temp is a single-table subclass of the joined Staff; Boss's key column
-- boss_id repeats staff.id under another name.
--
SELECT orm_declare('from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Org(Base):
    __tablename__ = "org"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    people: Mapped[List["Person"]] = relationship(back_populates="org")
    bosses: Mapped[List["Boss"]] = relationship(viewonly=True)


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[str]
    org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org.id"))
    org: Mapped[Optional[Org]] = relationship(back_populates="people")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "person"}


class Staff(Person):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    salary: Mapped[int]
    notes: Mapped[List["Note"]] = relationship(back_populates="staff")

    __mapper_args__ = {"polymorphic_identity": "staff"}


class Boss(Staff):
    __tablename__ = "boss"
    boss_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    title: Mapped[str]
    car: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "boss"}


class Temp(Staff):
    agency: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_identity": "temp"}


class Guest(Person):
    __tablename__ = "guest"
    id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    host_id: Mapped[Optional[int]] = mapped_column(ForeignKey("staff.id"))
    host: Mapped[Optional[Staff]] = relationship(foreign_keys=[host_id])

    __mapper_args__ = {"polymorphic_identity": "guest"}


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    staff: Mapped["Staff"] = relationship(back_populates="notes")
') IS NOT NULL AS declared;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Org", "data": {"name": "acme"}}, {"op": "add", "entity": "Person", "data": {"name": "p1", "org_id": 1}}, {"op": "add", "entity": "Staff", "data": {"name": "s1", "salary": 10, "org_id": 1, "notes": [{"text": "n1"}, {"text": "n2"}]}}, {"op": "add", "entity": "Boss", "data": {"name": "b1", "salary": 99, "title": "ceo", "car": "x", "org_id": 1, "notes": [{"text": "n3"}]}}, {"op": "add", "entity": "Guest", "data": {"name": "g1", "host_id": 2, "org_id": 1}}, {"op": "add", "entity": "Temp", "data": {"name": "t1", "salary": 5, "agency": "ag"}}]') IS NOT NULL AS flushed;
-- a joined subclass: its superclasses' tables joined, inherited attributes first
SELECT orm_compile('select(Staff).order_by(Staff.id)') AS sql;
SELECT orm_select('select(Staff).order_by(Staff.id)') AS rows;
SELECT orm_compile('select(Boss)') AS sql;
SELECT orm_select('select(Boss)') AS rows;
SELECT orm_compile('select(Temp)') AS sql;
SELECT orm_select('select(Temp)') AS rows;
SELECT orm_compile('select(Boss.name, Boss.title, Boss.salary)') AS sql;
SELECT orm_select('select(Boss.name, Boss.title, Boss.salary)') AS rows;
-- inherited columns and relationships in where, order_by, join, eager loads, any/has
SELECT orm_compile('select(Boss).where(Boss.name == "b1").where(Boss.salary > 1).order_by(Boss.title)') AS sql;
SELECT orm_select('select(Boss).where(Boss.name == "b1").where(Boss.salary > 1).order_by(Boss.title)') AS rows;
SELECT orm_compile('select(Staff).where(Staff.org.has(Org.name == "acme")).order_by(Staff.id)') AS sql;
SELECT orm_select('select(Staff).where(Staff.org.has(Org.name == "acme")).order_by(Staff.id)') AS rows;
SELECT orm_compile('select(Boss).join(Boss.org).where(Org.name == "acme")') AS sql;
SELECT orm_select('select(Boss).join(Boss.org).where(Org.name == "acme")') AS rows;
SELECT orm_compile('select(Staff).join(Note).where(Note.text == "n3")') AS sql;
SELECT orm_select('select(Staff).join(Note).where(Note.text == "n3")') AS rows;
SELECT orm_compile('select(Boss).options(selectinload(Boss.notes), joinedload(Boss.org))') AS sql;
SELECT orm_select('select(Boss).options(selectinload(Boss.notes), joinedload(Boss.org))') AS rows;
SELECT orm_compile('select(Note).options(joinedload(Note.staff)).order_by(Note.id)') AS sql;
SELECT orm_select('select(Note).options(joinedload(Note.staff)).order_by(Note.id)') AS rows;
SELECT orm_compile('select(Note).options(selectinload(Note.staff)).order_by(Note.id)') AS sql;
SELECT orm_select('select(Note).options(selectinload(Note.staff)).order_by(Note.id)') AS rows;
SELECT orm_compile('select(Note.text, Staff.name).join(Note.staff).order_by(Note.id)') AS sql;
SELECT orm_select('select(Note.text, Staff.name).join(Note.staff).order_by(Note.id)') AS rows;
SELECT orm_compile('select(Org.name).join(Boss)') AS sql;
SELECT orm_select('select(Org.name).join(Boss)') AS rows;
-- a relationship to a joined subclass by its superclass table's foreign key
SELECT orm_compile('select(Org).options(selectinload(Org.bosses))') AS sql;
SELECT orm_select('select(Org).options(selectinload(Org.bosses))') AS rows;
SELECT orm_compile('select(Org).options(joinedload(Org.bosses))') AS sql;
SELECT orm_select('select(Org).options(joinedload(Org.bosses))') AS rows;
SELECT orm_compile('select(Staff.name).where(Staff.id.in_(select(Boss.id))).order_by(Staff.id)') AS sql;
SELECT orm_select('select(Staff.name).where(Staff.id.in_(select(Boss.id))).order_by(Staff.id)') AS rows;
SELECT orm_compile('select(Staff).order_by(Staff.salary.desc()).limit(2)') AS sql;
SELECT orm_select('select(Staff).order_by(Staff.salary.desc()).limit(2)') AS rows;
SELECT orm_compile('select(Staff).options(joinedload(Staff.notes)).order_by(Staff.id).limit(1)') AS sql;
SELECT orm_select('select(Staff).options(joinedload(Staff.notes)).order_by(Staff.id).limit(1)') AS rows;
SELECT orm_get('Boss', '3') AS got;
SELECT orm_get('Person', '3') AS got;
SELECT orm_get('Staff', '4') AS got;
SELECT orm_get('Temp', '6') AS got;
-- a base class: each row its discriminator's class, the columns the statement loaded
SELECT orm_compile('select(Person).order_by(Person.id)') AS sql;
SELECT orm_select('select(Person).order_by(Person.id)') AS rows;
SELECT orm_compile('select(Org).options(selectinload(Org.people))') AS sql;
SELECT orm_select('select(Org).options(selectinload(Org.people))') AS rows;
-- with_polymorphic(): list, "*", aliased, flat; a subclass's attributes on it
SELECT orm_compile('select(with_polymorphic(Person, "*")).order_by(Person.id)') AS sql;
SELECT orm_select('select(with_polymorphic(Person, "*")).order_by(Person.id)') AS rows;
SELECT orm_compile('wp = with_polymorphic(Person, [Boss, Guest])
select(wp).where(wp.Boss.title == "ceo")') AS sql;
SELECT orm_select('wp = with_polymorphic(Person, [Boss, Guest])
select(wp).where(wp.Boss.title == "ceo")') AS rows;
SELECT orm_compile('wp = with_polymorphic(Person, [Staff], flat=True)
select(wp).order_by(wp.id)') AS sql;
SELECT orm_select('wp = with_polymorphic(Person, [Staff], flat=True)
select(wp).order_by(wp.id)') AS rows;
SELECT orm_compile('wp = with_polymorphic(Person, [Boss], aliased=True)
select(wp).order_by(wp.id)') AS sql;
SELECT orm_select('wp = with_polymorphic(Person, [Boss], aliased=True)
select(wp).order_by(wp.id)') AS rows;
SELECT orm_compile('a = with_polymorphic(Person, [Staff], aliased=True, flat=True)
b = with_polymorphic(Person, [Guest], aliased=True, flat=True)
select(a, b).join(b, b.org_id == a.org_id).where(a.Staff.salary > 50).order_by(b.name)') AS sql;
SELECT orm_select('a = with_polymorphic(Person, [Staff], aliased=True, flat=True)
b = with_polymorphic(Person, [Guest], aliased=True, flat=True)
select(a, b).join(b, b.org_id == a.org_id).where(a.Staff.salary > 50).order_by(b.name)') AS rows;
-- of_type() on joined subclasses: joins, any(), loader options
SELECT orm_compile('select(Org.name).join(Org.people.of_type(Boss)).where(Boss.title == "ceo")') AS sql;
SELECT orm_select('select(Org.name).join(Org.people.of_type(Boss)).where(Boss.title == "ceo")') AS rows;
SELECT orm_compile('select(Org.name).where(Org.people.of_type(Staff).any(Staff.salary > 50))') AS sql;
SELECT orm_select('select(Org.name).where(Org.people.of_type(Staff).any(Staff.salary > 50))') AS rows;
SELECT orm_compile('select(Org).options(selectinload(Org.people.of_type(Staff)).selectinload(Staff.notes))') AS sql;
SELECT orm_select('select(Org).options(selectinload(Org.people.of_type(Staff)).selectinload(Staff.notes))') AS rows;
SELECT orm_compile('select(Org).options(joinedload(Org.people.of_type(Boss)))') AS sql;
SELECT orm_select('select(Org).options(joinedload(Org.people.of_type(Boss)))') AS rows;
-- selectin_polymorphic(): a statement per subclass, its relationships below it
SELECT orm_compile('select(Person).options(selectin_polymorphic(Person, [Staff, Guest])).order_by(Person.id)') AS sql;
SELECT orm_select('select(Person).options(selectin_polymorphic(Person, [Staff, Guest])).order_by(Person.id)') AS rows;
SELECT orm_compile('select(Person).options(selectin_polymorphic(Person, [Staff]), selectinload(Staff.notes)).order_by(Person.id)') AS sql;
SELECT orm_select('select(Person).options(selectin_polymorphic(Person, [Staff]), selectinload(Staff.notes)).order_by(Person.id)') AS rows;
SELECT orm_compile('select(Org).options(selectinload(Org.people).selectin_polymorphic([Staff, Guest]))') AS sql;
SELECT orm_select('select(Org).options(selectinload(Org.people).selectin_polymorphic([Staff, Guest]))') AS rows;
SELECT orm_compile('select(Org).options(selectinload(Org.people).options(selectin_polymorphic(Person, [Staff]), selectinload(Staff.notes)))') AS sql;
SELECT orm_select('select(Org).options(selectinload(Org.people).options(selectin_polymorphic(Person, [Staff]), selectinload(Staff.notes)))') AS rows;
-- a joined entity joined to a statement holding its tables: an alias of it, as SQLAlchemy's
SELECT orm_compile('select(Guest.name, Staff.name).join(Guest.host).order_by(Staff.salary)') AS sql;
SELECT orm_select('select(Guest.name, Staff.name).join(Guest.host).order_by(Staff.salary)') AS rows;
SELECT orm_compile('select(Guest).where(Guest.host.has(Staff.salary > 1))') AS sql;
SELECT orm_select('select(Guest).where(Guest.host.has(Staff.salary > 1))') AS rows;
-- a union of subclass selects; an aliased joined entity
SELECT orm_compile('u = union_all(select(Boss.id, Boss.name), select(Guest.id, Guest.name)).subquery()
select(u.c.name).order_by(u.c.id)') AS sql;
SELECT orm_select('u = union_all(select(Boss.id, Boss.name), select(Guest.id, Guest.name)).subquery()
select(u.c.name).order_by(u.c.id)') AS rows;
SELECT orm_compile('a = aliased(Boss)
select(a).where(a.title == "ceo")') AS sql;
SELECT orm_select('a = aliased(Boss)
select(a).where(a.title == "ceo")') AS rows;
SELECT orm_compile('a = aliased(Boss, flat=True)
select(a.name, a.car)') AS sql;
SELECT orm_select('a = aliased(Boss, flat=True)
select(a.name, a.car)') AS rows;
-- errors
SELECT orm_select('select(Org).options(selectinload(Org.people).selectinload(Staff.notes))') AS rows;
SELECT orm_select('select(Org).join(Org.people.of_type(Note))') AS rows;
SELECT orm_view('v_staff', 'select(Staff)') AS refused;
-- concrete table inheritance (concrete=True, ConcreteBase): sql/inherit_concrete.sql
-- orm_execute: a bulk insert / update of a joined subclass writes each of its tables
SELECT orm_compile('insert(Boss).returning(Boss)', '[{"name": "b2", "salary": 7, "title": "cto"}]') AS sql;
SELECT orm_execute('insert(Boss).returning(Boss)', '[{"name": "b2", "salary": 7, "title": "cto"}]') AS result;
SELECT orm_compile('insert(Guest)', '[{"name": "g2", "host_id": 2}, {"name": "g3", "org_id": 1}]') AS sql;
SELECT orm_execute('insert(Guest)', '[{"name": "g2", "host_id": 2}, {"name": "g3", "org_id": 1}]') AS result;
SELECT orm_compile('insert(Temp)', '[{"name": "t2", "salary": 1, "agency": "z"}]') AS sql;
SELECT orm_execute('insert(Temp)', '[{"name": "t2", "salary": 1, "agency": "z"}]') AS result;
SELECT orm_compile('update(Staff)', '[{"id": 2, "name": "s1x", "salary": 11}, {"id": 3, "salary": 100}]') AS sql;
SELECT orm_execute('update(Staff)', '[{"id": 2, "name": "s1x", "salary": 11}, {"id": 3, "salary": 100}]') AS result;
SELECT orm_compile('update(Staff).where(Staff.name == "s1x").values(salary=12)', NULL) AS sql;
SELECT orm_execute('update(Staff).where(Staff.name == "s1x").values(salary=12)', NULL) AS result;
SELECT orm_compile('update(Boss).where(Boss.id == 3).values(car="y")', NULL) AS sql;
SELECT orm_execute('update(Boss).where(Boss.id == 3).values(car="y")', NULL) AS result;
SELECT id, name, kind, org_id FROM person ORDER BY id;
SELECT * FROM staff ORDER BY id;
SELECT * FROM boss ORDER BY boss_id;
SELECT * FROM guest ORDER BY id;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
SELECT orm_declare('from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, mapped_column


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id = mapped_column(Integer, primary_key=True)
    name = mapped_column(String(50))
    type = mapped_column(String(50))

    __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": type}


class Engineer(Employee):
    __tablename__ = "engineer"
    id = mapped_column(Integer, ForeignKey("employee.id"), primary_key=True)
    engineer_info = mapped_column(String(30))

    __mapper_args__ = {"polymorphic_load": "inline", "polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "manager"
    id = mapped_column(Integer, ForeignKey("employee.id"), primary_key=True)
    manager_name = mapped_column(String(30))

    __mapper_args__ = {"polymorphic_load": "selectin", "polymorphic_identity": "manager"}
') IS NOT NULL AS declared;
SELECT orm_create_all() AS created;
SELECT orm_flush('[{"op": "add", "entity": "Manager", "data": {"name": "Mr. Krabs", "manager_name": "Eugene H. Krabs"}}, {"op": "add", "entity": "Engineer", "data": {"name": "SpongeBob", "engineer_info": "Krabby Patty Master"}}, {"op": "add", "entity": "Employee", "data": {"name": "Plankton"}}]') IS NOT NULL AS flushed;
-- __mapper_args__: Engineer polymorphic_load="inline" (Employee's queries join it),
-- Manager "selectin" (a second statement loads its columns)
SELECT orm_compile('select(Employee).order_by(Employee.id)') AS sql;
SELECT orm_select('select(Employee).order_by(Employee.id)') AS rows;
SELECT orm_compile('select(Employee).where(Engineer.engineer_info == "Krabby Patty Master")') AS sql;
SELECT orm_select('select(Employee).where(Engineer.engineer_info == "Krabby Patty Master")') AS rows;
SELECT orm_compile('select(Manager)') AS sql;
SELECT orm_select('select(Manager)') AS rows;
SELECT orm_get('Employee', '1') AS got;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
