# doc/build/orm/queryguide/select.rst -- "Writing SELECT statements for ORM Mapped Classes"
# Every statement of the chapter, as the guide writes it (see guidelib.py for a case).
# The guide's session is the setup's (_plain_setup.rst): models/plain.py, data/plain.json.

DEFAULTS.update(model="plain", data="plain", feature="select language")

case("Writing SELECT statements for ORM Mapped Classes", 26, """
from sqlalchemy import select
stmt = select(User).where(User.name == "spongebob")
""")

case("Selecting ORM Entities", 68, """
select(User).order_by(User.id)
""")

case("Selecting Multiple ORM Entities Simultaneously", 122, """
stmt = select(User, Address).join(User.addresses).order_by(User.id, Address.id)
""")

case("Selecting Multiple ORM Entities Simultaneously", 141, """
from sqlalchemy.orm import aliased
user_cls = aliased(User, name="user_cls")
email_cls = aliased(Address, name="email")
stmt = (
    select(user_cls, email_cls)
    .join(user_cls.addresses.of_type(email_cls))
    .order_by(user_cls.id, email_cls.id)
)
""")

case("Selecting Multiple ORM Entities Simultaneously", 165, """
stmt = (
    select(User).join(User.addresses).add_columns(Address).order_by(User.id, Address.id)
)
""")

case("Selecting Individual Attributes", 185, """
select(User.name, Address.email_address)
.join(User.addresses)
.order_by(User.id, Address.id)
""")

case("Grouping Selected Attributes with Bundles", 215, """
from sqlalchemy.orm import Bundle
stmt = select(
    Bundle("user", User.name, User.fullname),
    Bundle("email", Address.email_address),
).join_from(User, Address)
""")

case("Selecting ORM Aliases", 255, """
from sqlalchemy.orm import aliased
u1 = aliased(User)
select(u1).order_by(u1.id)
""")

case("Selecting ORM Aliases", 266, """
from sqlalchemy.orm import aliased
u1 = aliased(User, name="u1")
stmt = select(u1).order_by(u1.id)
""")

case("Getting ORM Results from Textual Statements", 325, """
from sqlalchemy import text
textual_sql = text("SELECT id, name, fullname FROM user_account ORDER BY id")
textual_sql = textual_sql.columns(User.id, User.name, User.fullname)
orm_sql = select(User).from_statement(textual_sql)
""", feature="raw SQL", ordered=True, raw_sql=True,
     note="the text's ORDER BY orders the rows; run with raw SQL allowed (orm.allow_raw_sql)")

case("Getting ORM Results from Textual Statements", 341, """
from sqlalchemy import text
textual_sql = text("SELECT id, name, fullname FROM user_account ORDER BY id")
textual_sql = textual_sql.columns(User.id, User.name, User.fullname)
orm_subquery = aliased(User, textual_sql.subquery())
stmt = select(orm_subquery)
""", feature="raw SQL", ordered=True, raw_sql=True,
     note="the rows come in the order of the text's ORDER BY inside the subquery; run with raw "
          "SQL allowed (orm.allow_raw_sql)")

case("Selecting Entities from Subqueries", 373, """
inner_stmt = select(User).where(User.id < 7).order_by(User.id)
subq = inner_stmt.subquery()
aliased_user = aliased(User, subq)
stmt = select(aliased_user)
""")

case("Selecting Entities from Subqueries", 394, """
from sqlalchemy import literal
inner_stmt = select(
    literal(14).label("id"),
    literal("made up name").label("name"),
    literal("made up fullname").label("fullname"),
)
subq = inner_stmt.subquery()
aliased_user = aliased(User, subq, adapt_on_names=True)
stmt = select(aliased_user)
""")

case("Selecting Entities from UNIONs and other set operations", 432, """
from sqlalchemy import union_all
u = union_all(
    select(User).where(User.id < 2), select(User).where(User.id == 3)
).order_by(User.id)
stmt = select(User).from_statement(u)
""")

case("Selecting Entities from UNIONs and other set operations", 457, """
subq = union_all(
    select(User).where(User.id < 2), select(User).where(User.id == 3)
).subquery()
user_alias = aliased(User, subq)
stmt = select(user_alias).order_by(user_alias.id)
""")

case("Simple Relationship Joins", 508, """
stmt = select(User).join(User.addresses)
""")

case("Chaining Multiple Joins", 548, """
stmt = select(User).join(User.orders).join(Order.items)
""")

case("Chaining Multiple Joins", 548, """
stmt = select(User).join(User.orders).join(Order.items)
""", data="plain_orders", slug="548-orders",
     note="the same statement on rows that have orders and items (the guide's rows have none)")

case("Chaining Multiple Joins", 561, """
select(User).join(Order.items).join(User.orders)
""", note="the guide says this order of joins raises an error")

case("Chaining Multiple Joins", 572, """
stmt = select(User).join(User.orders).join(Order.items).join(User.addresses)
""")

case("Chaining Multiple Joins", 572, """
stmt = select(User).join(User.orders).join(Order.items).join(User.addresses)
""", data="plain_orders", slug="572-orders",
     note="the same statement on rows that have orders and items (the guide's rows have none)")

case("Joins to a Target Entity", 590, """
stmt = select(User).join(Address)
""")

case("Joins to a Target with an ON Clause", 618, """
stmt = select(User).join(Address, User.id == Address.user_id)
""")

case("Joins to a Target with an ON Clause", 627, """
stmt = select(User).join(Address, User.addresses)
""")

case("Combining Relationship with Custom ON Criteria", 657, """
stmt = select(User.fullname).join(
    User.addresses.and_(Address.email_address == "squirrel@squirrelpower.org")
)
""")

case("Using Relationship to join between aliased targets", 689, """
address_alias_1 = aliased(Address)
address_alias_2 = aliased(Address)
stmt = (
    select(User)
    .join(address_alias_1, User.addresses)
    .where(address_alias_1.email_address == "patrick@aol.com")
    .join(address_alias_2, User.addresses)
    .where(address_alias_2.email_address == "patrick@gmail.com")
)
""")

case("Using Relationship to join between aliased targets", 713, """
address_alias_1 = aliased(Address)
address_alias_2 = aliased(Address)
(
    select(User)
    .join(User.addresses.of_type(address_alias_1))
    .where(address_alias_1.email_address == "patrick@aol.com")
    .join(User.addresses.of_type(address_alias_2))
    .where(address_alias_2.email_address == "patrick@gmail.com")
)
""")

case("Using Relationship to join between aliased targets", 713, """
address_alias_1 = aliased(Address)
address_alias_2 = aliased(Address)
(
    select(User)
    .join(User.addresses.of_type(address_alias_1))
    .where(address_alias_1.email_address == "sandy@sqlalchemy.org")
    .join(User.addresses.of_type(address_alias_2))
    .where(address_alias_2.email_address == "squirrel@squirrelpower.org")
)
""", source="derived", slug="713-match",
     note="the guide's statement with addresses the sample rows have, so that it returns a row")

case("Using Relationship to join between aliased targets", 732, """
user_alias_1 = aliased(User)
select(user_alias_1.name).join(user_alias_1.addresses)
""")

case("Joining to Subqueries", 755, """
subq = select(Address).where(Address.email_address == "pat999@aol.com").subquery()
stmt = select(User).join(subq, User.id == subq.c.user_id)
""")

case("Joining to Subqueries", 774, """
subq = select(Address).where(Address.email_address == "pat999@aol.com").subquery()
address_subq = aliased(Address, subq, name="address")
stmt = select(User, address_subq).join(address_subq)
""")

case("Joining to Subqueries along Relationship paths", 801, """
subq = select(Address).where(Address.email_address == "pat999@aol.com").subquery()
address_subq = aliased(Address, subq, name="address")
stmt = select(User, address_subq).join(User.addresses.of_type(address_subq))
""")

case("Subqueries that Refer to Multiple Entities", 828, """
user_address_subq = (
    select(User.id, User.name, User.fullname, Address.id, Address.email_address)
    .join_from(User, Address)
    .where(Address.email_address.in_(["pat999@aol.com", "squirrel@squirrelpower.org"]))
    .subquery()
)
user_alias = aliased(User, user_address_subq, name="user")
address_alias = aliased(Address, user_address_subq, name="address")
stmt = select(user_alias, address_alias).where(user_alias.name == "sandy")
""")

case("Setting the leftmost FROM clause in a join", 868, """
stmt = select(Address).join_from(User, User.addresses).where(User.name == "sandy")
""")

case("Setting the leftmost FROM clause in a join", 878, """
stmt = select(Address).join_from(User, Address).where(User.name == "sandy")
""")

case("Setting the leftmost FROM clause in a join", 889, """
stmt = select(Address).select_from(User).join(Address).where(User.name == "sandy")
""")

case("Setting the leftmost FROM clause in a join", 906, """
stmt = select(Address).select_from(User).join(Address.user).where(User.name == "sandy")
""")

case("Setting the leftmost FROM clause in a join", 917, """
from sqlalchemy.sql import join

user_table = User.__table__
address_table = Address.__table__

j = address_table.join(user_table, user_table.c.id == address_table.c.user_id)
stmt = (
    select(address_table)
    .select_from(user_table)
    .select_from(j)
    .where(user_table.c.name == "sandy")
)
""", note="Core Table objects reached through Class.__table__")

case("EXISTS forms: has() / any()", 973, """
stmt = select(User.fullname).where(
    User.addresses.any(Address.email_address == "squirrel@squirrelpower.org")
)
""")

case("EXISTS forms: has() / any()", 992, """
stmt = select(User.fullname).where(~User.addresses.any())
""")

case("EXISTS forms: has() / any()", 1009, """
stmt = select(Address.email_address).where(Address.user.has(User.name == "sandy"))
""")

case("Relationship Instance Comparison Operators", 1040, "User", kind="get", key=1,
     note="session.get(User, 1)")

case("Relationship Instance Comparison Operators", 1063, "Address", kind="get", key=1,
     note="session.get(Address, 1)")

case("Relationship Instance Comparison Operators", 1042, """
select(Address).where(Address.user == user_obj)
""", kind="skip", note="user_obj is a Python object (session.get(User, 1)): a query text names no object")

case("Relationship Instance Comparison Operators", 1052, """
select(Address).where(Address.user != user_obj)
""", kind="skip", note="user_obj is a Python object (session.get(User, 1)): a query text names no object")

case("Relationship Instance Comparison Operators", 1065, """
select(User).where(User.addresses.contains(address_obj))
""", kind="skip", note="address_obj is a Python object (session.get(Address, 1)): a query text names no object")

case("Relationship Instance Comparison Operators", 1078, """
from sqlalchemy.orm import with_parent
select(Address).where(with_parent(user_obj, User.addresses))
""", kind="skip", note="user_obj is a Python object (session.get(User, 1)): a query text names no object")

# ---- derived: the rest of the select language (issue 7, part 3) ---------------------------

case("Relationship Instance Comparison Operators", 1078, """
from sqlalchemy.orm import with_parent
select(Address).where(with_parent(User(id=2), User.addresses))
""", source="derived", slug="1078-with-parent",
     note="the guide's with_parent() with the parent written as User(id=2): a query text names no "
          "Python object")

case("Relationship Instance Comparison Operators", 1078, """
from sqlalchemy.orm import with_parent
select(User).where(with_parent(Address(id=3, user_id=2), Address.user))
""", source="derived", slug="1078-with-parent-m2o")

case("Relationship Instance Comparison Operators", 1078, """
from sqlalchemy.orm import with_parent
a = aliased(Address)
select(a).where(with_parent(User(id=2), User.addresses, from_entity=a)).order_by(a.id)
""", source="derived", slug="1078-with-parent-alias")

case("Ordering, Grouping", 0, """
select(User.name, func.count(Address.id).label("n")).join(User.addresses).group_by("name").order_by(desc("n"), "name")
""", source="derived", slug="names-group-order",
     note="names in group_by() / order_by() / desc(): labels, else columns of the statement")

case("Ordering, Grouping", 0, """
select(User.id).order_by(desc("fullname"))
""", source="derived", slug="names-from-column")

case("Ordering, Grouping", 0, """
select(User).order_by("name")
""", source="derived", slug="names-entity-column")

case("Ordering, Grouping", 0, """
select(User.id, Address.id).join(User.addresses).order_by("id")
""", source="derived", slug="names-last-wins",
     note="two columns keyed id: SQLAlchemy resolves the name to the last one")

case("Ordering, Grouping", 0, """
select(func.count(User.id)).order_by("count")
""", source="derived", slug="names-unresolved",
     note="an unlabeled function has no name to resolve: SQLAlchemy raises")

case("Joining to Subqueries", 0, """
c = select(Address).where(Address.email_address.like("%sql%")).cte("addrs")
a = aliased(Address, c, name="a")
select(User, a).join(a).order_by(a.id)
""", source="derived", slug="cte-aliased-join",
     note="a join to aliased(Address, cte) with the ON clause from the foreign key")

case("Joining to Subqueries", 0, """
c = select(Address.user_id, func.count(Address.id).label("n")).group_by(Address.user_id).subquery()
select(User.name, c.c.n).join(c).order_by(User.id)
""", source="derived", slug="subquery-fk-join")

case("Correlated Subqueries", 0, """
subq = select(func.count(Address.id)).where(Address.user_id == User.id).correlate_except(Address).scalar_subquery()
select(User.name, subq.label("n")).order_by(User.id)
""", source="derived", slug="correlate-except")

case("Correlated Subqueries", 0, """
subq = select(func.count(Address.id)).where(Address.user_id == User.id).correlate(User).scalar_subquery()
select(User.name, subq.label("n")).order_by(User.id)
""", source="derived", slug="correlate")

case("LATERAL correlation", 0, """
subq = select(Address.email_address).where(Address.user_id == User.id).order_by(Address.id).limit(1).lateral()
select(User.name, subq.c.email_address).outerjoin(subq, true()).order_by(User.id)
""", engines=["postgresql"], source="derived", slug="lateral")

case("Selecting Entities from UNIONs and other set operations", 432, """
stmt = select(User).from_statement(select(User).where(User.id > 3).order_by(User.id.desc())).options(selectinload(User.addresses))
""", source="derived", slug="432-from-select", ordered=True)

case("type_coerce(), extract()", 0, """
select(User.name, type_coerce(User.id, String).label("x")).order_by(User.id)
""", source="derived", slug="type-coerce")

case("type_coerce(), extract()", 0, """
select(extract("year", func.date("2021-07-04")).label("y"))
""", source="derived", slug="extract", engines=["sqlite"])

case("type_coerce(), extract()", 0, """
select(extract("year", cast("2021-07-04", Date)).label("y"))
""", source="derived", slug="extract-cast", engines=["postgresql"],
     note="PostgreSQL only: SQLAlchemy's SQLite Date type takes Python dates only")

case("Grouping Selected Attributes with Bundles", 215, """
from sqlalchemy.orm import Bundle
select(Bundle("b", User.id, User.name.label("nm"), func.lower(User.name))).order_by(User.id)
""", source="derived", slug="215-labels")

# JSON element access (a mapping of our own: the guide has no JSON column)
case("JSON index and path access", 0, """
select(Doc.name, Doc.data["k"].as_string(), Doc.data["n"].as_integer(), Doc.data["f"].as_float(), Doc.data["b"].as_boolean()).order_by(Doc.id)
""", model="sel_json", data="sel_json", source="derived", slug="json-as")

case("JSON index and path access", 0, """
select(Doc.name, Doc.data[("arr", 2, "x")].as_string(), Doc.data[("o", "p")]).order_by(Doc.id)
""", model="sel_json", data="sel_json", source="derived", slug="json-tuple-path")

case("JSON index and path access", 0, """
select(Doc.name, Doc.data["o"].as_json(), Doc.data["arr"][1].as_integer()).order_by(Doc.id)
""", model="sel_json", data="sel_json", source="derived", slug="json-as-json")

case("JSON index and path access", 0, """
select(Doc.name).where(Doc.data["n"].as_integer() > 1).order_by(Doc.id)
""", model="sel_json", data="sel_json", source="derived", slug="json-where")

# PostgreSQL JSONB and ARRAY comparators
for slug, crit in [
    ("jsonb-contains", 'Doc.data.contains({"k": "v1"})'),
    ("jsonb-contained-by", 'Doc.data.contained_by(dict(k="v2", m=2, q=3))'),
    ("jsonb-has-key", 'Doc.data.has_key("k")'),
    ("jsonb-has-any", 'Doc.data.has_any(array(["m", "z"]))'),
    ("jsonb-has-all", 'Doc.data.has_all(array(["k", "n"]))'),
    ("jsonb-has-any-list", 'Doc.data.has_any(["m", "z"])'),
    ("jsonb-eq-dict", 'Doc.data == {"k": "v2", "m": 2}'),
    ("array-any", 'Doc.tags.any("y")'),
    ("array-all", 'Doc.nums.all(5)'),
    ("array-contains", 'Doc.tags.contains(["x"])'),
    ("array-overlap", 'Doc.tags.overlap(["x", "q"])'),
]:
    case("PostgreSQL JSONB and ARRAY", 0, """
from sqlalchemy.dialects.postgresql import array
select(Doc.name).where(%s).order_by(Doc.id)
""" % crit, model="sel_pg_types", data="sel_pg_types", engines=["postgresql"],
         source="derived", slug=slug)
