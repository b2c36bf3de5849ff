--
-- pg_query_values: Values(*columns, name=).data([...]) / values(...) -- a
-- FROM item "(VALUES ($1, $2), ...) AS name (x, y)" -- in UPDATE .. FROM,
-- selected, joined and filtered; its columns a table's or column("k",
-- Type); every value bound as its column's type.  Results checked against
-- SQLAlchemy 2.0.52 on PostgreSQL (the Unified Tutorial's "UPDATE..FROM";
-- on SQLite, where SQLAlchemy's statement fails, Values() is refused:
-- query_table_valued).
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "pg_values_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_execute('insert(User)', '[{"id": 1, "name": "x"}, {"id": 2, "name": "y"}, {"id": 3, "name": "z"}]') AS r;

-- the tutorial's UPDATE..FROM (its "3" is bound as the Integer column's 3)
SELECT orm_compile('user_table = User.__table__
values = Values(user_table.c.id, user_table.c.name, name="my_values").data([(1, "new_name"), (2, "another_name"), ("3", "name_name")])
update(user_table).values(name=values.c.name).where(user_table.c.id == values.c.id)') AS sql;
SELECT orm_execute('user_table = User.__table__
values = Values(user_table.c.id, user_table.c.name, name="my_values").data([(1, "new_name"), (2, "another_name"), ("3", "name_name")])
update(user_table).values(name=values.c.name).where(user_table.c.id == values.c.id)') AS r;
SELECT orm_select('select(User).order_by(User.id)') AS r;
-- the same through Table.update(), as the tutorial writes it
SELECT orm_execute('user_table = User.__table__
values = Values(user_table.c.id, user_table.c.name, name="my_values").data([(1, "a"), (2, "b")])
update_stmt = (
    user_table.update().values(name=values.c.name).where(user_table.c.id == values.c.id)
)') AS r;
SELECT orm_select('select(User).order_by(User.id)') AS r;
-- column(name, Type) columns; selected whole, joined, filtered
SELECT orm_select('v2 = values(column("k", Integer), column("label", String), name="v2").data([(1, "one"), (2, "two")])
select(v2)') AS r;
SELECT orm_select('v2 = values(column("k", Integer), column("label", String), name="v2").data([(1, "one"), (2, "two")])
select(User.id, v2.c.label).join_from(User, v2, User.id == v2.c.k).order_by(User.id)') AS r;
SELECT orm_select('v2 = values(column("k", Integer), column("label", String), name="v2").data([(1, "one"), (2, "two")])
select(v2.c.label).where(v2.c.k > 1)') AS r;
-- refused, with the place
SELECT orm_select('select(column("k", Integer))') AS r;
SELECT orm_select('v3 = values(column("k", Integer), column("label", String)).data([(1, "one")])
select(v3)') AS r;
SELECT orm_select('v3 = values(column("k", Integer), name="x")
select(v3)') AS r;
SELECT orm_select('v3 = values(column("k", Integer), name="x").data([(1, 2)])
select(v3)') AS r;
SELECT orm_select('v3 = values(column("k", Integer), name="x").data([("a",)])
select(v3)') AS r;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
