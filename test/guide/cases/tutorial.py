# doc/build/tutorial/ -- SQLAlchemy's Unified Tutorial: data_insert.rst, data_select.rst,
# data_update.rst, orm_data_manipulation.rst, orm_related_objects.rst.
# Every statement of those sections that orm's contract can say (see guidelib.py for a
# case). Case ids are "tutorial:<file>:<line>" (the .rst file without its suffix).
# The mapping is metadata.rst's ORM declarative form (models/tutorial.py). The tutorial
# writes its Core statements against the Table objects of metadata.rst's first half;
# the declarative classes map the same tables, so those statements are given here with
# `user_table = User.__table__` and `address_table = Address.__table__` before them
# (what a program that declares with the ORM writes to use the Table). Statements the
# tutorial only prints are run as well, on the rows the tutorial has at that point
# (data/tutorial*.json). Statements it runs with a list of parameter dictionaries
# (executemany) take that list as orm_execute's params.

import textwrap

DEFAULTS.update(model="tutorial", data="tutorial", feature="select language")

TABLES = "user_table = User.__table__\naddress_table = Address.__table__\n"


def core(text):
    """The statement after the two Table names."""
    return TABLES + textwrap.dedent(text).strip("\n")


# ==== data_insert.rst: Using INSERT Statements ============================================

DEFAULTS.update(kind="execute", feature="DML", data="tutorial_empty")

case("The insert() SQL Expression Construct", 44, core("""
from sqlalchemy import insert
stmt = insert(user_table).values(name="spongebob", fullname="Spongebob Squarepants")
"""), slug="data_insert:44", note="printed at line 44, executed at line 78")

case("INSERT usually generates the values clause automatically", 137, core("""
insert(user_table)
"""), slug="data_insert:137", data="tutorial_spongebob", params=[
    {"name": "sandy", "fullname": "Sandy Cheeks"},
    {"name": "patrick", "fullname": "Patrick Star"},
])

case("INSERT usually generates the values clause automatically", 202, core("""
from sqlalchemy import select, bindparam
scalar_subq = (
    select(user_table.c.id)
    .where(user_table.c.name == bindparam("username"))
    .scalar_subquery()
)
insert(address_table).values(user_id=scalar_subq)
"""), slug="data_insert:202", data="tutorial_users", params=[
    {
        "username": "spongebob",
        "email_address": "spongebob@sqlalchemy.org",
    },
    {"username": "sandy", "email_address": "sandy@sqlalchemy.org"},
    {"username": "sandy", "email_address": "sandy@squirrelpower.org"},
])

case("INSERT usually generates the values clause automatically", 237, core("""
insert(user_table).values()
"""), slug="data_insert:237", data="tutorial",
     note="printed only: DEFAULT VALUES, which user_account's NOT NULL name refuses")

case("INSERT...RETURNING", 254, core("""
insert_stmt = insert(address_table).returning(
    address_table.c.id, address_table.c.email_address
)
"""), slug="data_insert:254", data="tutorial", params={"user_id": 3, "email_address": "patrick@aol.com"},
     note="printed only; run here with one row of parameters")

case("INSERT...RETURNING", 266, core("""
select_stmt = select(user_table.c.id, user_table.c.name + "@aol.com")
insert_stmt = insert(address_table).from_select(
    ["user_id", "email_address"], select_stmt
)
insert_stmt.returning(address_table.c.id, address_table.c.email_address)
"""), slug="data_insert:266", data="tutorial", note="printed only")

case("INSERT...FROM SELECT", 308, core("""
select_stmt = select(user_table.c.id, user_table.c.name + "@aol.com")
insert_stmt = insert(address_table).from_select(
    ["user_id", "email_address"], select_stmt
)
"""), slug="data_insert:308", data="tutorial", note="printed only")

# the ORM form the tutorial's "ORM Readers" box points to: insert() of the class
case("The insert() SQL Expression Construct", 44, """
from sqlalchemy import insert
insert(User).values(name="spongebob", fullname="Spongebob Squarepants")
""", slug="data_insert:orm-values", source="derived")

case("INSERT usually generates the values clause automatically", 137, """
insert(User)
""", slug="data_insert:orm-executemany", source="derived", data="tutorial_spongebob", params=[
    {"name": "sandy", "fullname": "Sandy Cheeks"},
    {"name": "patrick", "fullname": "Patrick Star"},
])

case("INSERT...RETURNING", 254, """
insert(Address).returning(Address.id, Address.email_address)
""", slug="data_insert:orm-returning", source="derived", data="tutorial", params={"user_id": 3, "email_address": "patrick@aol.com"})

# ==== data_select.rst: Using SELECT Statements =============================================

DEFAULTS.update(kind="select", feature="select language", data="tutorial")

case("The select() SQL Expression Construct", 39, core("""
from sqlalchemy import select
stmt = select(user_table).where(user_table.c.name == "spongebob")
"""), slug="data_select:39")

case("The select() SQL Expression Construct", 74, """
stmt = select(User).where(User.name == "spongebob")
""", slug="data_select:74")

case("Setting the COLUMNS and FROM clause", 110, core("""
select(user_table)
"""), slug="data_select:110")

case("Setting the COLUMNS and FROM clause", 120, core("""
select(user_table.c.name, user_table.c.fullname)
"""), slug="data_select:120")

case("Setting the COLUMNS and FROM clause", 128, core("""
select(user_table.c["name", "fullname"])
"""), slug="data_select:128")

case("Selecting ORM Entities and Columns", 147, """
select(User)
""", slug="data_select:147")

case("Selecting ORM Entities and Columns", 192, """
select(User.name, User.fullname)
""", slug="data_select:192")

case("Selecting ORM Entities and Columns", 211, """
select(User.name, Address).where(User.id == Address.user_id).order_by(Address.id)
""", slug="data_select:211")

case("Selecting from Labeled SQL Expressions", 240, core("""
from sqlalchemy import func, cast
stmt = select(
    ("Username: " + user_table.c.name).label("username"),
).order_by(user_table.c.name)
"""), slug="data_select:240")

case("Selecting with Textual Column Expressions", 281, core("""
from sqlalchemy import text
stmt = select(text("'some phrase'"), user_table.c.name).order_by(user_table.c.name)
"""), slug="data_select:281", feature="raw SQL", raw_sql=True,
     note="run with raw SQL allowed (orm.allow_raw_sql)")

case("Selecting with Textual Column Expressions", 303, core("""
from sqlalchemy import literal_column
stmt = select(literal_column("'some phrase'").label("p"), user_table.c.name).order_by(
    user_table.c.name
)
"""), slug="data_select:303", feature="raw SQL", raw_sql=True,
     note="run with raw SQL allowed (orm.allow_raw_sql)")

case("The WHERE clause", 346, core("""
select(user_table).where(user_table.c.name == "squidward")
"""), slug="data_select:346")

case("The WHERE clause", 355, core("""
select(address_table.c.email_address)
.where(user_table.c.name == "squidward")
.where(address_table.c.user_id == user_table.c.id)
"""), slug="data_select:355")

case("The WHERE clause", 367, core("""
select(address_table.c.email_address).where(
    user_table.c.name == "squidward",
    address_table.c.user_id == user_table.c.id,
)
"""), slug="data_select:367")

case("The WHERE clause", 382, """
from sqlalchemy import and_, or_
select(Address.email_address).where(
    and_(
        or_(User.name == "squidward", User.name == "sandy"),
        Address.user_id == User.id,
    )
)
""", slug="data_select:382")

case("The WHERE clause", 402, """
select(Address.email_address).where(
    or_(
        User.name == "squidward",
        and_(Address.user_id == User.id, User.name == "sandy"),
    )
)
""", slug="data_select:402")

case("The WHERE clause", 421, """
select(User).filter_by(name="spongebob", fullname="Spongebob Squarepants")
""", slug="data_select:421")

case("Explicit FROM clauses and JOINs", 446, core("""
select(user_table.c.name)
"""), slug="data_select:446")

case("Explicit FROM clauses and JOINs", 453, core("""
select(user_table.c.name, address_table.c.email_address)
"""), slug="data_select:453")

case("Explicit FROM clauses and JOINs", 462, core("""
select(user_table.c.name, address_table.c.email_address).join_from(
    user_table, address_table
)
"""), slug="data_select:462")

case("Explicit FROM clauses and JOINs", 474, core("""
select(user_table.c.name, address_table.c.email_address).join(address_table)
"""), slug="data_select:474")

case("Explicit FROM clauses and JOINs", 491, core("""
select(address_table.c.email_address).select_from(user_table).join(address_table)
"""), slug="data_select:491")

case("Explicit FROM clauses and JOINs", 501, core("""
from sqlalchemy import func
select(func.count("*")).select_from(user_table)
"""), slug="data_select:501")

case("Setting the ON Clause", 530, core("""
select(address_table.c.email_address)
.select_from(user_table)
.join(address_table, user_table.c.id == address_table.c.user_id)
"""), slug="data_select:530")

case("OUTER and FULL join", 555, core("""
select(user_table).join(address_table, isouter=True)
"""), slug="data_select:555")

case("OUTER and FULL join", 559, core("""
select(user_table).join(address_table, full=True)
"""), slug="data_select:559", note="SQLite runs FULL OUTER JOIN since 3.39")

case("ORDER BY", 595, core("""
select(user_table).order_by(user_table.c.name)
"""), slug="data_select:595")

case("ORDER BY", 603, """
select(User).order_by(User.fullname.desc())
""", slug="data_select:603")

case("Aggregate functions with GROUP BY / HAVING", 629, core("""
from sqlalchemy import func
count_fn = func.count(user_table.c.id)
select(count_fn)
"""), slug="data_select:629", source="derived", note="the tutorial prints the function alone")

case("Aggregate functions with GROUP BY / HAVING", 655, """
select(User.name, func.count(Address.id).label("count"))
.join(Address)
.group_by(User.name)
.having(func.count(Address.id) > 1)
""", slug="data_select:655")

case("Ordering or Grouping by a Label", 687, """
from sqlalchemy import func, desc
stmt = (
    select(Address.user_id, func.count(Address.id).label("num_addresses"))
    .group_by("user_id")
    .order_by("user_id", desc("num_addresses"))
)
""", slug="data_select:687")

case("Using Aliases", 716, core("""
user_alias_1 = user_table.alias()
user_alias_2 = user_table.alias()
select(user_alias_1.c.name, user_alias_2.c.name).join_from(
    user_alias_1, user_alias_2, user_alias_1.c.id > user_alias_2.c.id
)
"""), slug="data_select:716")

case("ORM Entity Aliases", 739, """
from sqlalchemy.orm import aliased
address_alias_1 = aliased(Address)
address_alias_2 = aliased(Address)
select(User)
.join_from(User, address_alias_1)
.where(address_alias_1.email_address == "patrick@aol.com")
.join_from(User, address_alias_2)
.where(address_alias_2.email_address == "patrick@gmail.com")
""", slug="data_select:739")

case("ORM Entity Aliases", 739, """
from sqlalchemy.orm import aliased
address_alias_1 = aliased(Address)
address_alias_2 = aliased(Address)
select(User)
.join_from(User, address_alias_1)
.where(address_alias_1.email_address == "sandy@sqlalchemy.org")
.join_from(User, address_alias_2)
.where(address_alias_2.email_address == "sandy@squirrelpower.org")
""", slug="data_select:739-rows", source="derived",
     note="the tutorial's statement with addresses its rows have, so that a row comes back")

case("Subqueries and CTEs", 788, core("""
subq = (
    select(func.count(address_table.c.id).label("count"), address_table.c.user_id)
    .group_by(address_table.c.user_id)
    .subquery()
)
select(subq.c.user_id, subq.c.count)
"""), slug="data_select:809")

case("Subqueries and CTEs", 818, core("""
subq = (
    select(func.count(address_table.c.id).label("count"), address_table.c.user_id)
    .group_by(address_table.c.user_id)
    .subquery()
)
stmt = select(user_table.c.name, user_table.c.fullname, subq.c.count).join_from(
    user_table, subq
)
"""), slug="data_select:818")

case("Common Table Expressions (CTEs)", 846, core("""
subq = (
    select(func.count(address_table.c.id).label("count"), address_table.c.user_id)
    .group_by(address_table.c.user_id)
    .cte()
)
stmt = select(user_table.c.name, user_table.c.fullname, subq.c.count).join_from(
    user_table, subq
)
"""), slug="data_select:846")

case("ORM Entity Subqueries/CTEs", 905, """
subq = select(Address).where(~Address.email_address.like("%@aol.com")).subquery()
address_subq = aliased(Address, subq)
stmt = (
    select(User, address_subq)
    .join_from(User, address_subq)
    .order_by(User.id, address_subq.id)
)
""", slug="data_select:905")

case("ORM Entity Subqueries/CTEs", 934, """
cte_obj = select(Address).where(~Address.email_address.like("%@aol.com")).cte()
address_cte = aliased(Address, cte_obj)
stmt = (
    select(User, address_cte)
    .join_from(User, address_cte)
    .order_by(User.id, address_cte.id)
)
""", slug="data_select:934")

SCALAR_SUBQ = """
subq = (
    select(func.count(address_table.c.id))
    .where(user_table.c.id == address_table.c.user_id)
    .scalar_subquery()
)
"""

case("Scalar and Correlated Subqueries", 987, core(SCALAR_SUBQ + """
select(subq)
"""), slug="data_select:987", source="derived",
     note="the tutorial prints the scalar subquery alone; selected alone it has no FROM "
          "to correlate to and becomes an uncorrelated count")

case("Scalar and Correlated Subqueries", 1001, core(SCALAR_SUBQ + """
select(user_table.c.name).where(subq == 5)
"""), slug="data_select:1001", source="derived", note="the tutorial prints subq == 5 alone")

case("Scalar and Correlated Subqueries", 1013, core(SCALAR_SUBQ + """
stmt = select(user_table.c.name, subq.label("address_count"))
"""), slug="data_select:1013")

case("Scalar and Correlated Subqueries", 1024, core(SCALAR_SUBQ + """
stmt = (
    select(
        user_table.c.name,
        address_table.c.email_address,
        subq.label("address_count"),
    )
    .join_from(user_table, address_table)
    .order_by(user_table.c.id, address_table.c.id)
)
"""), slug="data_select:1024", note="SQLAlchemy refuses it: the subquery correlates to both tables")

case("Scalar and Correlated Subqueries", 1044, core("""
subq = (
    select(func.count(address_table.c.id))
    .where(user_table.c.id == address_table.c.user_id)
    .scalar_subquery()
    .correlate(user_table)
)
select(
    user_table.c.name,
    address_table.c.email_address,
    subq.label("address_count"),
)
.join_from(user_table, address_table)
.order_by(user_table.c.id, address_table.c.id)
"""), slug="data_select:1044")

case("LATERAL correlation", 1103, core("""
subq = (
    select(
        func.count(address_table.c.id).label("address_count"),
        address_table.c.email_address,
        address_table.c.user_id,
    )
    .where(user_table.c.id == address_table.c.user_id)
    .lateral()
)
stmt = (
    select(user_table.c.name, subq.c.address_count, subq.c.email_address)
    .join_from(user_table, subq)
    .order_by(user_table.c.id, subq.c.email_address)
)
"""), slug="data_select:1103", engines=["postgresql"],
     note="printed only; PostgreSQL's LATERAL (SQLite has none); the subquery's "
          "email_address is not grouped, which PostgreSQL refuses")

case("UNION, UNION ALL and other set operations", 1166, core("""
from sqlalchemy import union_all
stmt1 = select(user_table).where(user_table.c.name == "sandy")
stmt2 = select(user_table).where(user_table.c.name == "spongebob")
u = union_all(stmt1, stmt2)
"""), slug="data_select:1166")

case("UNION, UNION ALL and other set operations", 1189, core("""
stmt1 = select(user_table).where(user_table.c.name == "sandy")
stmt2 = select(user_table).where(user_table.c.name == "spongebob")
u = union_all(stmt1, stmt2)
u_subq = u.subquery()
stmt = (
    select(u_subq.c.name, address_table.c.email_address)
    .join_from(address_table, u_subq)
    .order_by(u_subq.c.name, address_table.c.email_address)
)
"""), slug="data_select:1189")

case("Selecting ORM Entities from Unions", 1228, """
stmt1 = select(User).where(User.name == "sandy")
stmt2 = select(User).where(User.name == "spongebob")
u = union_all(stmt1, stmt2)
orm_stmt = select(User).from_statement(u)
""", slug="data_select:1239")

case("Selecting ORM Entities from Unions", 1265, """
stmt1 = select(User).where(User.name == "sandy")
stmt2 = select(User).where(User.name == "spongebob")
u = union_all(stmt1, stmt2)
user_alias = aliased(User, u.subquery())
orm_stmt = select(user_alias).order_by(user_alias.id)
""", slug="data_select:1265")

case("EXISTS subqueries", 1302, core("""
subq = (
    select(func.count(address_table.c.id))
    .where(user_table.c.id == address_table.c.user_id)
    .group_by(address_table.c.user_id)
    .having(func.count(address_table.c.id) > 1)
).exists()
select(user_table.c.name).where(subq)
"""), slug="data_select:1302")

case("EXISTS subqueries", 1330, core("""
subq = (
    select(address_table.c.id).where(user_table.c.id == address_table.c.user_id)
).exists()
select(user_table.c.name).where(~subq)
"""), slug="data_select:1330")

case("Working with SQL Functions", 1364, core("""
select(func.count()).select_from(user_table)
"""), slug="data_select:1364")

case("Working with SQL Functions", 1375, """
select(func.lower("A String With Much UPPERCASE"))
""", slug="data_select:1375")

case("Working with SQL Functions", 1386, """
stmt = select(func.now())
""", slug="data_select:1386", volatile=["now_1"], note="the clock: compared as set")

case("Functions Have Return Types", 1471, """
from sqlalchemy import JSON
function_expr = func.json_object('{a, 1, b, "def", c, 3.5}', type_=JSON)
stmt = select(function_expr["def"])
""", slug="data_select:1477", engines=["postgresql"],
     note="printed only; PostgreSQL's json_object(text[])")

case("Built-in Functions Have Pre-Configured Return Types", 1530, """
select(func.upper("lowercase") + " suffix")
""", slug="data_select:1530")

case("Using Window Functions", 1596, core("""
stmt = (
    select(
        func.row_number().over(partition_by=user_table.c.name),
        user_table.c.name,
        address_table.c.email_address,
    )
    .select_from(user_table)
    .join(address_table)
)
"""), slug="data_select:1596", ordered=False)

case("Using Window Functions", 1622, core("""
stmt = (
    select(
        func.count().over(order_by=user_table.c.name),
        user_table.c.name,
        address_table.c.email_address,
    )
    .select_from(user_table)
    .join(address_table)
)
"""), slug="data_select:1622", ordered=False)

case("Special Modifiers ORDER BY, WITHIN GROUP, FILTER", 1669, core("""
stmt = select(
    func.group_concat(user_table.c.name).aggregate_order_by(user_table.c.name.desc())
)
"""), slug="data_select:1669", kind="skip",
     note="aggregate_order_by() is SQLAlchemy 2.1's (2.0 has no such method)")

case("Special Modifiers ORDER BY, WITHIN GROUP, FILTER", 1698, core("""
select(
    func.unnest(
        func.percentile_disc([0.25, 0.5, 0.75, 1]).within_group(user_table.c.name)
    )
)
"""), slug="data_select:1698", engines=["postgresql"],
     note="the tutorial prints the function alone; PostgreSQL's percentile_disc(array)")

case("Special Modifiers ORDER BY, WITHIN GROUP, FILTER", 1709, core("""
stmt = (
    select(
        func.count(address_table.c.email_address).filter(user_table.c.name == "sandy"),
        func.count(address_table.c.email_address).filter(
            user_table.c.name == "spongebob"
        ),
    )
    .select_from(user_table)
    .join(address_table)
)
"""), slug="data_select:1709")

case("Table-Valued Functions", 1762, """
onetwothree = func.json_each('["one", "two", "three"]').table_valued("value")
stmt = select(onetwothree).where(onetwothree.c.value.in_(["two", "three"]))
""", slug="data_select:1762", engines=["sqlite"], note="SQLite's json_each")

case("Column Valued Functions - Table Valued Function as a Scalar Column", 1802, """
from sqlalchemy import select, func
stmt = select(func.json_array_elements('["one", "two"]').column_valued("x"))
""", slug="data_select:1802", engines=["postgresql"], note="printed only; PostgreSQL's json_array_elements")

case("Data Casts and Type Coercion", 1838, core("""
from sqlalchemy import cast
stmt = select(cast(user_table.c.id, String))
"""), slug="data_select:1838")

case("Data Casts and Type Coercion", 1856, """
from sqlalchemy import JSON
select(cast("{'a': 'b'}", JSON)["a"])
""", slug="data_select:1856", note="printed only; the text is not JSON, so the engines refuse "
                                   "it, as under SQLAlchemy")

case("Data Casts and Type Coercion", 1883, """
import json
from sqlalchemy import JSON
from sqlalchemy import type_coerce
s = select(type_coerce({"some_key": {"foo": "bar"}}, JSON)["some_key"])
""", slug="data_select:1883", note="printed only (for MySQL)")

# ==== data_update.rst: Using UPDATE and DELETE Statements ==================================

DEFAULTS.update(kind="execute", feature="DML", data="tutorial")

case("The update() SQL Expression Construct", 57, core("""
from sqlalchemy import update
stmt = (
    update(user_table)
    .where(user_table.c.name == "patrick")
    .values(fullname="Patrick the Star")
)
"""), slug="data_update:57", note="printed only")

case("The update() SQL Expression Construct", 74, core("""
stmt = update(user_table).values(fullname="Username: " + user_table.c.name)
"""), slug="data_update:74", note="printed only")

case("The update() SQL Expression Construct", 85, core("""
from sqlalchemy import bindparam
stmt = (
    update(user_table)
    .where(user_table.c.name == bindparam("oldname"))
    .values(name=bindparam("newname"))
)
"""), slug="data_update:85", params=[
    {"oldname": "jack", "newname": "ed"},
    {"oldname": "wendy", "newname": "mary"},
    {"oldname": "jim", "newname": "jake"},
], note="no row has those names: nothing changes")

case("The update() SQL Expression Construct", 85, core("""
from sqlalchemy import bindparam
stmt = (
    update(user_table)
    .where(user_table.c.name == bindparam("oldname"))
    .values(name=bindparam("newname"))
)
"""), slug="data_update:85-rows", source="derived", params=[
    {"oldname": "sandy", "newname": "ed"},
    {"oldname": "patrick", "newname": "mary"},
    {"oldname": "jim", "newname": "jake"},
], note="the tutorial's statement with names its rows have")

case("Correlated Updates", 118, core("""
scalar_subq = (
    select(address_table.c.email_address)
    .where(address_table.c.user_id == user_table.c.id)
    .order_by(address_table.c.id)
    .limit(1)
    .scalar_subquery()
)
update_stmt = update(user_table).values(fullname=scalar_subq)
"""), slug="data_update:118", note="printed only")

case("UPDATE..FROM", 143, core("""
update_stmt = (
    update(user_table)
    .where(user_table.c.id == address_table.c.user_id)
    .where(address_table.c.email_address == "patrick@aol.com")
    .values(fullname="Pat")
)
"""), slug="data_update:143", note="printed only")

case("UPDATE..FROM", 143, core("""
update_stmt = (
    update(user_table)
    .where(user_table.c.id == address_table.c.user_id)
    .where(address_table.c.email_address == "sandy@squirrelpower.org")
    .values(fullname="Pat")
)
"""), slug="data_update:143-rows", source="derived",
     note="the tutorial's statement with an address its rows have")

case("UPDATE..FROM", 158, core("""
update_stmt = (
    update(user_table)
    .where(user_table.c.id == address_table.c.user_id)
    .where(address_table.c.email_address == "patrick@aol.com")
    .values(
        {
            user_table.c.fullname: "Pat",
            address_table.c.email_address: "pat@aol.com",
        }
    )
)
"""), slug="data_update:158", note="printed only, for MySQL's multiple-table UPDATE, which "
                                   "neither engine has: SQLAlchemy refuses it")

case("UPDATE..FROM", 180, core("""
from sqlalchemy import Values
values = Values(
    user_table.c.id,
    user_table.c.name,
    name="my_values",
).data([(1, "new_name"), (2, "another_name"), ("3", "name_name")])
update_stmt = (
    user_table.update().values(name=values.c.name).where(user_table.c.id == values.c.id)
)
"""), slug="data_update:180", engines=["postgresql"], note="printed only, for PostgreSQL")

case("Deleting Data with delete()", 239, core("""
from sqlalchemy import delete
stmt = delete(user_table).where(user_table.c.name == "patrick")
"""), slug="data_update:239", note="printed only")

case("Multiple Table Deletes", 254, core("""
delete_stmt = (
    delete(user_table)
    .where(user_table.c.id == address_table.c.user_id)
    .where(address_table.c.email_address == "patrick@aol.com")
)
"""), slug="data_update:254", note="printed only, for MySQL; PostgreSQL says DELETE ... USING")

case("Multiple Table Deletes", 254, core("""
delete_stmt = (
    delete(address_table)
    .where(user_table.c.id == address_table.c.user_id)
    .where(user_table.c.name == "sandy")
)
"""), slug="data_update:254-rows", source="derived", engines=["postgresql"],
     note="the tutorial's form on rows that match (address, so no foreign key refuses it)")

case("Multiple Table Deletes", 268, core("""
delete_stmt = (
    delete(user_table)
    .using(
        user_table.outerjoin(
            address_table,
            user_table.c.id == address_table.c.user_id,
        )
    )
    .where(address_table.c.email_address == "patrick@aol.com")
)
"""), slug="data_update:268", kind="skip",
     note="Delete.using() is SQLAlchemy 2.1's (2.0 has no such method)")

case("Getting Affected Row Count from UPDATE, DELETE", 299, core("""
update(user_table)
.values(fullname="Patrick McStar")
.where(user_table.c.name == "patrick")
"""), slug="data_update:299")

case("Using RETURNING with UPDATE, DELETE", 365, core("""
update_stmt = (
    update(user_table)
    .where(user_table.c.name == "patrick")
    .values(fullname="Patrick the Star")
    .returning(user_table.c.id, user_table.c.name)
)
"""), slug="data_update:365", note="printed only")

case("Using RETURNING with UPDATE, DELETE", 376, core("""
delete_stmt = (
    delete(user_table)
    .where(user_table.c.name == "patrick")
    .returning(user_table.c.id, user_table.c.name)
)
"""), slug="data_update:376", note="printed only")

# the same statements on the ORM classes (what the tutorial's ORM reader writes; the
# ORM Querying Guide's dml.rst has more of them)
case("The update() SQL Expression Construct", 57, """
from sqlalchemy import update
update(User).where(User.name == "patrick").values(fullname="Patrick the Star")
""", slug="data_update:orm-57", source="derived")

case("The update() SQL Expression Construct", 74, """
update(User).values(fullname="Username: " + User.name)
""", slug="data_update:orm-74", source="derived")

case("Correlated Updates", 118, """
scalar_subq = (
    select(Address.email_address)
    .where(Address.user_id == User.id)
    .order_by(Address.id)
    .limit(1)
    .scalar_subquery()
)
update(User).values(fullname=scalar_subq)
""", slug="data_update:orm-118", source="derived")

case("UPDATE..FROM", 143, """
update(User)
.where(User.id == Address.user_id)
.where(Address.email_address == "sandy@squirrelpower.org")
.values(fullname="Pat")
""", slug="data_update:orm-143", source="derived")

case("Using RETURNING with UPDATE, DELETE", 365, """
update(User)
.where(User.name == "patrick")
.values(fullname="Patrick the Star")
.returning(User.id, User.name)
""", slug="data_update:orm-365", source="derived")

case("Using RETURNING with UPDATE, DELETE", 376, """
delete(User).where(User.name == "patrick").returning(User.id, User.name)
""", slug="data_update:orm-376", source="derived")

# ==== orm_data_manipulation.rst: Data Manipulation with the ORM =============================

DEFAULTS.update(kind="select", feature="select language", data="tutorial_orm")

case("Inserting Rows using the ORM Unit of Work pattern", 55, """
session.add(squidward); session.add(krabs); session.flush()
""", slug="orm_data_manipulation:97", kind="skip",
     note="Session methods: orm_flush's add operations (data/tutorial_orm.json holds the result)")

case("Getting Objects by Primary Key from the Identity Map", 192, "User", kind="get", key=4,
     slug="orm_data_manipulation:192")

case("Updating ORM Objects using the Unit of Work pattern", 261, """
select(User).filter_by(name="sandy")
""", slug="orm_data_manipulation:261")

case("Updating ORM Objects using the Unit of Work pattern", 278, """
sandy.fullname = "Sandy Squirrel"
""", slug="orm_data_manipulation:278", kind="skip",
     note="an attribute set on a loaded object: orm_flush's update operation")

case("Updating ORM Objects using the Unit of Work pattern", 294, """
select(User.fullname).where(User.id == 2)
""", slug="orm_data_manipulation:294")

case("Deleting ORM Objects using the Unit of Work pattern", 339, "User", kind="get", key=3,
     slug="orm_data_manipulation:339")

case("Deleting ORM Objects using the Unit of Work pattern", 348, """
session.delete(patrick)
""", slug="orm_data_manipulation:348", kind="skip",
     note="a Session method: orm_flush's delete operation")

case("Deleting ORM Objects using the Unit of Work pattern", 355, """
select(User).where(User.name == "patrick")
""", slug="orm_data_manipulation:355")

# ==== orm_related_objects.rst: Working with ORM Related Objects =============================

DEFAULTS.update(data="tutorial_related", feature="relationship loading")

case("Persisting and Loading Relationships", 155, """
session.add(u1)
""", slug="orm_related_objects:155", kind="skip",
     note="a Session method: orm_flush's add of the user with its addresses "
          "(data/tutorial_related.json holds the result)")

case("Loading Relationships", 243, "User", kind="get", key=6, options="selectinload(User.addresses)",
     slug="orm_related_objects:243", source="derived",
     note="u1.addresses lazy-loads the collection; orm loads it with the object")

case("Using Relationships in Queries", 311, """
select(Address.email_address).select_from(User).join(User.addresses)
""", slug="orm_related_objects:311")

case("Using Relationships in Queries", 323, """
select(Address.email_address).join_from(User, Address)
""", slug="orm_related_objects:323")

case("Selectin Load", 449, """
from sqlalchemy.orm import selectinload
stmt = select(User).options(selectinload(User.addresses)).order_by(User.id)
""", slug="orm_related_objects:449")

case("Joined Load", 491, """
from sqlalchemy.orm import joinedload
stmt = (
    select(Address)
    .options(joinedload(Address.user, innerjoin=True))
    .order_by(Address.id)
)
""", slug="orm_related_objects:491")

case("Explicit Join + Eager load", 560, """
from sqlalchemy.orm import contains_eager
stmt = (
    select(Address)
    .join(Address.user)
    .where(User.name == "pkrabs")
    .options(contains_eager(Address.user))
    .order_by(Address.id)
)
""", slug="orm_related_objects:560")

case("Explicit Join + Eager load", 582, """
stmt = (
    select(Address)
    .join(Address.user)
    .where(User.name == "pkrabs")
    .options(joinedload(Address.user))
    .order_by(Address.id)
)
""", slug="orm_related_objects:582")

case("Raiseload", 649, """
select(User)
""", slug="orm_related_objects:649", model="tutorial_raiseload", data="tutorial_ids")

case("Raiseload", 661, """
select(User).options(selectinload(User.addresses))
""", slug="orm_related_objects:661", model="tutorial_raiseload", data="tutorial_ids")

case("Raiseload", 661, """
select(Address).options(joinedload(Address.user)).order_by(Address.id)
""", slug="orm_related_objects:raiseload-m2o", source="derived", model="tutorial_raiseload",
     data="tutorial_ids")
