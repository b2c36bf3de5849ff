--
-- query_list_methods: statements built up the way application code builds
-- them, with Python's list methods and augmented assignment before the
-- statement: filters.append(...), filters.extend([...]), filters += [...],
-- page += 1, cond &= ...  A list is mutable as in Python (a second name
-- bound to it sees the change).  Results as SQLAlchemy 2.0.52 gives them for
-- the same Python; errors with their line and column.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "lm_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    age: Mapped[int]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO lm_people (id, name, age) VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'cy', 30), (4, 'di', 40);

-- append, then the list spread into where()
SELECT orm_select('filters = []
filters.append(Person.age > 15)
filters.append(Person.name != "cy")
select(Person).where(*filters).order_by(Person.id)') AS r;
-- extend; g is the same list
SELECT orm_select('f = [Person.age > 5]
g = f
f.extend([Person.age < 35, Person.id > 1])
select(Person.id).where(*g).order_by(Person.id)') AS r;
-- += on a list extends it; on a number adds
SELECT orm_select('f = [Person.age > 5]
f += [Person.id > 3]
select(Person.id).where(*f)') AS r;
SELECT orm_select('page = 1
page += 1
per_page = 2
select(Person.id).order_by(Person.id).limit(per_page).offset((page - 1) * per_page)') AS r;
-- &= and |= on SQL criteria
SELECT orm_select('c = Person.age > 5
c &= Person.id < 3
select(Person.id).where(c).order_by(Person.id)') AS r;
SELECT orm_select('c = Person.id == 1
c |= Person.id == 4
select(Person.id).where(c).order_by(Person.id)') AS r;
-- conditions built in an if-free loop shape: a comprehension, then append
-- a value taken before the append keeps what it had (in_() copies its list)
SELECT orm_select('ids = [1, 2]
stmt = select(Person.id).where(Person.id.in_(ids)).order_by(Person.id)
ids.append(3)
stmt') AS r;
SELECT orm_select('names = ["ann", "di"]
conds = [Person.name == n for n in names]
conds.append(Person.id == 2)
select(Person.id).where(or_(*conds)).order_by(Person.id)') AS r;

-- errors, with their places
SELECT orm_select('f = []
f.append(1, 2)
select(Person)') AS r;
SELECT orm_select('f = []
f.extend(Person.id)
select(Person)') AS r;
SELECT orm_select('f = Person.id
f.append(3)
select(Person)') AS r;
SELECT orm_select('f = [Person.id > 1]
f += Person.id < 3
select(Person)') AS r;
SELECT orm_select('Person.age += 1
select(Person)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
