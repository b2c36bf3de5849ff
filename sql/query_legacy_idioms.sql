--
-- query_legacy_idioms: what programs written for SQLAlchemy 1.x still say
-- (the guide's apps7 chapter): Query.get() refused on a filtered Query,
-- enable_eagerloads(False) dropping loader options, Query.update()/delete()
-- before the text's last line refused (SQLAlchemy writes there), select([X])
-- as SQLAlchemy 2.0's ArgumentError, dict() of a Query's rows, dict
-- comprehensions, int keys of a dict written as JSON text.  Checked against
-- SQLAlchemy 2.0.52 on the same data.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "li_person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    notes: Mapped[list["Note"]] = relationship(order_by="Note.id")
    notes_q = relationship("Note", lazy="dynamic", viewonly=True)


class Note(Base):
    __tablename__ = "li_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("li_person.id"))
    body: Mapped[str] = mapped_column(String(20))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO li_person (id, name) VALUES (1, 'ann'), (2, 'ben');
INSERT INTO li_note (id, person_id, body) VALUES (1, 1, 'a'), (2, 1, 'b');

-- Query.get() of a Query with criteria: SQLAlchemy's InvalidRequestError
SELECT orm_select('session.query(Person).filter(Person.id > 0).get(1)');
SELECT orm_select('session.query(Person).join(Person.notes).get(1)');
-- ... order_by() is no criterion
SELECT orm_select('session.query(Person).order_by(Person.id).get(2)');
-- enable_eagerloads(False): options() before and after are not applied
SELECT orm_select('session.query(Person).enable_eagerloads(False).options(selectinload(Person.notes)).filter(Person.id == 1).one()');
SELECT orm_select('session.query(Person).options(joinedload(Person.notes)).enable_eagerloads(False).filter(Person.id == 1).one()');
SELECT orm_select('session.query(Person).enable_eagerloads(True).options(selectinload(Person.notes)).filter(Person.id == 1).one()');
-- Query.update() / Query.delete() before the last line would write there
SELECT orm_select('n = session.query(Person).filter(Person.id == 2).update({"name": "x"}, synchronize_session=False)
session.query(Person.name).filter(Person.id == 2).scalar()');
SELECT orm_select('session.query(Note).filter(Note.id == 2).delete()
session.query(Note).count()');
-- select([X]) is SQLAlchemy 1.x: 2.0's ArgumentError
SELECT orm_select('session.execute(select([Person])).scalars().all()');
SELECT orm_select('select([Person.id, Person.name])');
SELECT orm_select('session.execute(select(*[Person.id, Person.name]).order_by(Person.id)).all()');
SELECT orm_select('cols = [Person.id, Person.name]
select(cols)');
SELECT orm_select('select((Person.id, Person.name))');
-- ... a table's column collection is no list
SELECT orm_select('select(Person.__table__.c["id", "name"]).order_by(Person.id)');
-- dict() of rows, dict comprehensions, int keys
SELECT orm_select('dict(session.query(Person.id, Person.name).all())');
SELECT orm_select('dict(session.query(Person.name, Person.id).order_by(Person.id))');
SELECT orm_select('dict(session.execute(select(Person.id, Person.name)).all())');
SELECT orm_select('{p.id: p.name for p in session.query(Person)}');
SELECT orm_select('{n.person_id: n.body for n in session.query(Note).order_by(Note.id)}');
SELECT orm_select('{p.name: [n.body for n in p.notes] for p in session.query(Person).order_by(Person.id) if p.id > 0}');
SELECT orm_select('{p.id: p for p in session.query(Person).filter(Person.id > 5)}');
SELECT orm_select('{[x]: 1 for x in [1]}');
SELECT orm_select('{True: session.query(Person).count(), None: 2, 3: 4}');

-- Query.params(): the values of its bindparam()s (a key naming none is ignored)
SELECT orm_select('session.query(Person).filter(Person.id == bindparam("pid")).params(pid=2).one()');
SELECT orm_select('session.query(Person.name).filter(Person.name == bindparam("n")).params({"n": "ann"}).all()');
SELECT orm_select('session.query(Person).filter(Person.id == 1).params(x=1).one()');
-- table.select(): select(table)
SELECT orm_select('t = Person.__table__
session.execute(t.select().where(t.c.name == "ben")).all()');
SELECT orm_select('Person.__table__.select("x")');
-- sorted() and sum() of Python values
SELECT orm_select('sorted(n.body for n in session.query(Note))');
SELECT orm_select('sorted([p.name for p in session.query(Person)], reverse=True)');
SELECT orm_select('sorted([session.query(Person).count(), 1, 5, 1.5])');
SELECT orm_select('sorted([session.query(Person).count(), "a"])');
SELECT orm_select('sorted(session.query(Person.id).all(), key=len)');
SELECT orm_select('sum(p.id for p in session.query(Person))');
SELECT orm_select('sum([n.id for n in session.query(Note)], 0.5)');
SELECT orm_select('sum(p.name for p in session.query(Person))');
SELECT orm_select('sum(x for x in session.query(Person).filter(Person.id > 9))');

-- lazy="dynamic": the attribute is a Query of the related objects
SELECT orm_select('session.get(Person, 1).notes_q.count()');
SELECT orm_select('session.query(Person).get(1).notes_q.filter(Note.body == "b").all()');
SELECT orm_select('[n.id for n in session.get(Person, 1).notes_q.order_by(Note.id.desc())]');
SELECT orm_select('session.get(Person, 2).notes_q.first()');
SELECT orm_select('session.get(Person, 1).notes_q.all()');

-- import sqlalchemy.orm as so (SQLAlchemy 2.0 tutorials); Query.from_statement() is a Query
SELECT orm_select('import sqlalchemy as sa
import sqlalchemy.orm as so
session.scalars(sa.select(Person).options(so.selectinload(Person.notes)).where(Person.id == 1)).one()');
SELECT orm_select('session.query(Person).from_statement(select(Person).where(Person.id == 2)).one()');
SELECT orm_select('session.query(Person).from_statement(select(Person).order_by(Person.id)).all()');

-- Query.with_parent(instance[, relationship]): the first relationship from its class
SELECT orm_select('session.query(Note).with_parent(session.get(Person, 1)).order_by(Note.id).all()');
SELECT orm_select('session.query(Note.id).with_parent(session.get(Person, 1), Person.notes).filter(Note.body == "a").all()');
SELECT orm_select('session.query(Person).with_parent(session.get(Note, 1)).all()');
SELECT orm_select('session.query(Note).with_parent(5).all()');

-- a legacy Query's rows as Python values: every item's value, Row._fields as SQLAlchemy's
-- (no name for an unlabeled expression; two items of one name: the last one's value)
SELECT orm_select('[n + ": " + str(c) for n, c in session.query(Person.name, func.count(Note.id)).outerjoin(Person.notes).group_by(Person.name).order_by(Person.name)]');
SELECT orm_select('session.query(Person.name, func.count(Note.id)).outerjoin(Person.notes).group_by(Person.name).order_by(Person.name).all()');
SELECT orm_select('[r[1] for r in session.query(Person.name, func.count(Note.id)).outerjoin(Person.notes).group_by(Person.name).order_by(Person.name)]');
SELECT orm_select('[(r._fields, r._asdict(), r._tuple()) for r in session.query(Person.name, func.count(Note.id)).join(Person.notes).group_by(Person.name)]');
SELECT orm_select('P2 = aliased(Person)
session.query(Person.name, P2.name).join(P2, P2.id > Person.id).all()');
SELECT orm_select('P2 = aliased(Person)
[(r[0], r[1], r.name, r._asdict()) for r in session.query(Person.name, P2.name).join(P2, P2.id > Person.id)]');
SELECT orm_select('P2 = aliased(Person)
[(r._fields, dict(r._mapping), r.name, r._t) for r in session.query(Person.name, P2.name).join(P2, P2.id > Person.id)]');
SELECT orm_select('P2 = aliased(Person)
session.execute(select(Person.name, P2.name).join(P2, P2.id > Person.id)).all()');

-- a Core select whose FROM is a join of Tables (User.__table__): Core's keys (count_1)
SELECT orm_select('people = Person.__table__
notes = Note.__table__
session.execute(select(people.c.name, func.count(notes.c.id)).select_from(people.outerjoin(notes)).group_by(people.c.name).order_by(people.c.name)).all()');
SELECT orm_select('people = Person.__table__
session.execute(select(Person.name, func.count(Note.__table__.c.id)).select_from(people.outerjoin(Note.__table__)).group_by(Person.name).order_by(Person.name)).all()');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
