# doc/build/orm/queryguide/columns.rst -- "Column Loading Options". The session is
# _deferred_setup.rst's (models/columns.py, data/columns.json); where the guide
# redefines Book or User on a new Base, the case names that mapping
# (models/columns_*.py) and the same rows (data/columns_flat.json). A column the
# statement does not load is absent from its object (the contract's result shape).

DEFAULTS.update(model="columns", data="columns", feature="column loading")

case("Using load_only() to reduce loaded columns", 64, """
from sqlalchemy import select
from sqlalchemy.orm import load_only
stmt = select(Book).options(load_only(Book.title, Book.summary))
""")

case("Using load_only() with multiple entities", 120, """
stmt = select(User, Book).join_from(User, Book).options(load_only(Book.title))
""")

case("Using load_only() with multiple entities", 129, """
stmt = (
    select(User, Book)
    .join_from(User, Book)
    .options(load_only(User.name), load_only(Book.title))
)
""")

case("Using load_only() on related objects and collections", 154, """
from sqlalchemy.orm import selectinload
stmt = select(User).options(selectinload(User.books).load_only(Book.title))
""")

case("Using load_only() on related objects and collections", 181, """
from sqlalchemy.orm import defaultload
stmt = select(User).options(defaultload(User.books).load_only(Book.title))
""", note="User.books is lazy: the statement loads no books")

case("Using load_only() on related objects and collections", 154, """
stmt = select(Book).options(joinedload(Book.owner).load_only(User.name)).order_by(Book.id)
""", source="derived", slug="154-joined-scalar", note="load_only along a joined many-to-one")

case("Using defer() to omit specific columns", 210, """
from sqlalchemy.orm import defer
stmt = select(Book).where(Book.owner_id == 2).options(defer(Book.cover_photo))
""")

case("Using raiseload to prevent deferred column loads", 267, """
select(Book).options(defer(Book.cover_photo, raiseload=True)).where(Book.id == 4)
""")

case("Using raiseload to prevent deferred column loads", 285, """
select(Book).options(load_only(Book.title, raiseload=True)).where(Book.id == 5)
""")

case("Using defer() to omit specific columns", 210, """
select(User).options(selectinload(User.books).defer(Book.summary), defer(User.fullname)).order_by(User.id)
""", source="derived", slug="210-path",
     note="defer on the root and along a relationship path")

case("Using defer() to omit specific columns", 210, """
from sqlalchemy.orm import Load
select(Book).options(Load(Book).load_only(Book.title)).order_by(Book.id)
""", source="derived", slug="210-load", note="Load(Entity).load_only(...)")

case("Using defer() to omit specific columns", 210, """
select(Book).options(defer("*")).order_by(Book.id)
""", source="derived", slug="210-wildcard", note="the wildcard form of defer()")

# ---- Configuring Column Deferral on Mappings -----------------------------------------------

case("Configuring Column Deferral on Mappings", 346, """
select(Book).where(Book.id == 2)
""", model="columns_deferred", data="columns_flat", feature="deferred")

case("Using undefer() to \"eagerly\" load deferred columns", 457, """
from sqlalchemy.orm import undefer
select(Book).where(Book.id == 2).options(undefer(Book.summary))
""", model="columns_deferred", data="columns_flat", feature="deferred")

case("Loading deferred columns in groups", 507, """
select(Book).where(Book.id == 2)
""", model="columns_deferred_group", data="columns_flat", feature="deferred")

case("Undeferring by group with undefer_group()", 528, """
from sqlalchemy.orm import undefer_group
select(Book).where(Book.id == 2).options(undefer_group("book_attrs"))
""", model="columns_deferred_group", data="columns_flat", feature="deferred")

case("Undeferring on wildcards", 549, """
select(Book).where(Book.id == 3).options(undefer("*"))
""", model="columns_deferred_group", data="columns_flat", feature="deferred")

case("Configuring mapper-level \"raiseload\" behavior", 588, """
select(Book).where(Book.id == 2)
""", model="columns_deferred_raiseload", data="columns_flat", feature="deferred")

case("Configuring mapper-level \"raiseload\" behavior", 604, """
select(Book)
.where(Book.id == 2)
.options(undefer("*"))
.execution_options(populate_existing=True)
""", model="columns_deferred_raiseload", data="columns_flat", feature="deferred")

case("Configuring Column Deferral on Mappings", 346, """
select(Book.id, Book.summary).order_by(Book.id)
""", model="columns_deferred", data="columns_flat", feature="deferred", source="derived",
     slug="346-columns", note="a deferred column selected as a column")

case("Configuring Column Deferral on Mappings", 346, """
select(Book).where(Book.summary == "some long summary").order_by(Book.title)
""", model="columns_deferred", data="columns_flat", feature="deferred", source="derived",
     slug="346-where", note="a deferred column in where and order_by")

case("Configuring Column Deferral on Mappings", 346, """
select(Book).options(load_only(Book.summary)).where(Book.id == 2)
""", model="columns_deferred", data="columns_flat", feature="deferred", source="derived",
     slug="346-load-only", note="load_only() of a deferred column undefers it")

case("Using deferred() for imperative mappers, mapped SQL expressions", 436, """
select(User).order_by(User.id)
""", model="columns_deferred_expression", data="columns_names", feature="column_property",
     source="derived", slug="436-select",
     note="the guide's deferred(firstname + \" \" + lastname): a deferred SQL expression")

case("Using deferred() for imperative mappers, mapped SQL expressions", 436, """
select(User).options(undefer(User.fullname)).order_by(User.id)
""", model="columns_deferred_expression", data="columns_names", feature="column_property",
     source="derived", slug="436-undefer")

case("Using deferred() for imperative mappers, mapped SQL expressions", 436, """
select(User.fullname).where(User.fullname.like("S%")).order_by(User.fullname)
""", model="columns_deferred_expression", data="columns_names", feature="column_property",
     source="derived", slug="436-column")

case("Using deferred() for imperative mappers, mapped SQL expressions", 413, """
mapper_registry.map_imperatively(Book, book_table, properties={...})
""", kind="skip", note="an imperative mapping (registry.map_imperatively): not declarative")

# ---- Loading Arbitrary SQL Expressions onto Objects ------------------------------------------

case("Loading Arbitrary SQL Expressions onto Objects", 660, """
from sqlalchemy import func
stmt = select(User, func.count(Book.id)).join_from(User, Book).group_by(Book.owner_id)
""", feature="query_expression")

case("Loading Arbitrary SQL Expressions onto Objects", 724, """
from sqlalchemy.orm import with_expression
stmt = (
    select(User)
    .join_from(User, Book)
    .group_by(Book.owner_id)
    .options(with_expression(User.book_count, func.count(Book.id)))
)
""", model="columns_query_expression", data="columns_flat", feature="query_expression")

case("Loading Arbitrary SQL Expressions onto Objects", 660, """
stmt = select(User, func.count(Book.id)).join_from(User, Book).group_by(User.id).order_by(User.id)
""", feature="query_expression", source="derived", slug="660-group-by-pk",
     note="the guide's GROUP BY book.owner_id is refused by PostgreSQL (user_account columns are not "
          "grouped); grouped by the primary key it runs on both engines")

case("Loading Arbitrary SQL Expressions onto Objects", 724, """
stmt = (
    select(User)
    .join_from(User, Book)
    .group_by(User.id)
    .options(with_expression(User.book_count, func.count(Book.id)))
    .order_by(User.id)
)
""", model="columns_query_expression", data="columns_flat", feature="query_expression",
     source="derived", slug="724-group-by-pk", note="grouped by the primary key (see 660-group-by-pk)")

case("Loading Arbitrary SQL Expressions onto Objects", 724, """
select(User).order_by(User.id)
""", model="columns_query_expression", data="columns_flat", feature="query_expression",
     source="derived", slug="724-without",
     note="query_expression() without with_expression(): SQLAlchemy leaves the attribute unloaded (None on access), so it is absent")

case("Using with_expression() with UNIONs, other subqueries", 858, """
from sqlalchemy import union_all
s1 = (
    select(User, func.count(Book.id).label("book_count"))
    .join_from(User, Book)
    .where(User.name == "spongebob")
)
s2 = (
    select(User, func.count(Book.id).label("book_count"))
    .join_from(User, Book)
    .where(User.name == "sandy")
)
union_stmt = union_all(s1, s2)
orm_stmt = (
    select(User)
    .from_statement(union_stmt)
    .options(with_expression(User.book_count, union_stmt.selected_columns.book_count))
)
""", model="columns_query_expression", data="columns_flat", feature="query_expression")

case("Using with_expression() with UNIONs, other subqueries", 858, """
s1 = (
    select(User, func.count(Book.id).label("book_count"))
    .join_from(User, Book)
    .where(User.name == "spongebob")
    .group_by(User.id)
)
s2 = (
    select(User, func.count(Book.id).label("book_count"))
    .join_from(User, Book)
    .where(User.name == "sandy")
    .group_by(User.id)
)
union_stmt = union_all(s1, s2)
orm_stmt = (
    select(User)
    .from_statement(union_stmt)
    .options(with_expression(User.book_count, union_stmt.selected_columns.book_count))
)
""", model="columns_query_expression", data="columns_flat", feature="query_expression",
     source="derived", slug="858-group-by-pk",
     note="each part grouped by the primary key, which PostgreSQL needs (see 660-group-by-pk)")

case("Loading Arbitrary SQL Expressions onto Objects", 813, """
a_expr = A.x + A.y
stmt = (
    select(A)
    .options(with_expression(A.expr, a_expr))
    .filter(a_expr > 5)
    .order_by(a_expr)
)
""", kind="skip", note="class A is not defined by the guide")
