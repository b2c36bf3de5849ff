# doc/build/orm/queryguide/relationships.rst -- "Relationship Loading Techniques".
# "Most examples here assume the User/Address mapping similar to the one illustrated at
# setup for selects": models/plain.py; statements on Order/Item run on data/plain_orders.json
# (the setup's rows plus orders and items, which the setup does not store). Statements
# on classes the guide never maps (A/B, MyClass, Child.subelements, Address.widgets)
# are listed as not expressible; "derived" cases say the same thing on the guide's
# mappings.

DEFAULTS.update(model="plain", data="plain", feature="relationship loading")

# ---- Configuring Loader Strategies at Mapping Time / loader options ------------------------

case("Configuring Loader Strategies at Mapping Time", 144, """
select(Parent).order_by(Parent.id)
""", model="relationships_selectin", data="parent_child", source="derived", slug="144-select",
     note="the guide's Parent.children = relationship(lazy=\"selectin\") loads with the parent")

case("Relationship Loading with Loader Options", 178, """
from sqlalchemy import select
from sqlalchemy.orm import lazyload

# set children to load lazily
stmt = select(Parent).options(lazyload(Parent.children))
""", model="relationships_selectin", data="parent_child")

case("Relationship Loading with Loader Options", 183, """
from sqlalchemy.orm import joinedload

# set children to load eagerly with a join
stmt = select(Parent).options(joinedload(Parent.children))
""", model="relationships_selectin", data="parent_child")

case("Relationship Loading with Loader Options", 191, """
stmt = select(Parent).options(
    joinedload(Parent.children).subqueryload(Child.subelements)
)
""", kind="skip", note="Child.subelements is not mapped by the guide (derived case 191-chain says it on Order.items)")

case("Relationship Loading with Loader Options", 191, """
stmt = select(User).options(
    joinedload(User.orders).subqueryload(Order.items)
)
""", data="plain_orders", source="derived", slug="191-chain")

case("Relationship Loading with Loader Options", 202, """
stmt = select(User).options(lazyload(User.orders).subqueryload(Order.items))
""", data="plain_orders", source="derived", slug="202-lazy-chain",
     note="the guide's lazyload(...).subqueryload(...) on User.orders: nothing loads up front")

case("Adding Criteria to loader options", 226, """
stmt = select(User).options(selectinload(User.addresses.and_(Address.id > 2))).order_by(User.id)
""", source="derived", slug="226-selectin",
     note="the guide's lazyload(A.bs.and_(B.id > 5)) as a selectinload on User.addresses")

case("Adding Criteria to loader options", 226, """
stmt = select(User).options(joinedload(User.addresses.and_(Address.email_address.like("%sqlalchemy%")))).order_by(User.id)
""", source="derived", slug="226-joined")

case("Adding Criteria to loader options", 235, """
stmt = (
    select(User)
    .options(lazyload(User.addresses.and_(Address.id > 2)))
    .execution_options(populate_existing=True)
)
""", source="derived", slug="235-lazy")

case("Specifying Sub-Options with Load.options()", 258, """
from sqlalchemy import select
from sqlalchemy.orm import defaultload

stmt = select(User).options(defaultload(User.orders).joinedload(Order.items))
""", data="plain_orders", source="derived", slug="258-defaultload",
     note="the guide's defaultload(A.atob).joinedload(B.btoc) on User.orders / Order.items")

case("Specifying Sub-Options with Load.options()", 267, """
stmt = select(User).options(
    selectinload(User.orders).options(joinedload(Order.items), raiseload("*"))
).order_by(User.id)
""", data="plain_orders", source="derived", slug="267-options",
     note="the guide's defaultload(A.atob).options(joinedload(B.btoc), joinedload(B.btod))")

for line, text in [(226, "stmt = select(A).options(lazyload(A.bs.and_(B.id > 5)))"),
                   (258, "stmt = select(A).options(defaultload(A.atob).joinedload(B.btoc))"),
                   (267, "stmt = select(A).options(\n    defaultload(A.atob).options(joinedload(B.btoc), joinedload(B.btod))\n)"),
                   (1014, "stmt = select(MyClass).options(lazyload(\"*\"))"),
                   (1036, "stmt = select(MyClass).options(lazyload(\"*\"), joinedload(MyClass.widget))"),
                   (509, "stmt = select(User).options(\n    joinedload(User.addresses).joinedload(Address.widgets, innerjoin=True)\n)")]:
    case("(classes the guide does not map)", line, text, kind="skip",
         note="names classes or attributes the guide never maps (a derived case says it on its mappings)")

# ---- Lazy Loading / raiseload ------------------------------------------------------------------

case("Lazy Loading", 355, """
from sqlalchemy import select
from sqlalchemy.orm import lazyload

# force lazy loading for an attribute that is set to
# load some other way normally
stmt = select(User).options(lazyload(User.addresses))
""")

case("Preventing unwanted lazy loads using raiseload", 378, """
from sqlalchemy import select
from sqlalchemy.orm import raiseload

stmt = select(User).options(raiseload(User.addresses))
""")

case("Preventing unwanted lazy loads using raiseload", 392, """
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import raiseload

stmt = select(Order).options(joinedload(Order.items), raiseload("*"))
""", data="plain_orders")

case("Preventing unwanted lazy loads using raiseload", 403, """
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import Load

stmt = select(Order).options(joinedload(Order.items), Load(Order).raiseload("*"))
""", data="plain_orders")

case("Preventing unwanted lazy loads using raiseload", 407, """
stmt = select(Order).options(joinedload(Order.items).raiseload("*"))
""", data="plain_orders")

# ---- Joined Eager Loading -------------------------------------------------------------------------

case("Joined Eager Loading", 452, """
from sqlalchemy import select
from sqlalchemy.orm import joinedload
stmt = select(User).options(joinedload(User.addresses)).filter_by(name="spongebob")
""")

case("Joined Eager Loading", 500, """
from sqlalchemy import select
from sqlalchemy.orm import joinedload

stmt = select(Address).options(joinedload(Address.user, innerjoin=True))
""")

case("Joined Eager Loading", 509, """
stmt = select(User).options(
    joinedload(User.orders).joinedload(Order.items, innerjoin=True)
).order_by(User.id)
""", data="plain_orders", source="derived", slug="509-nested",
     note="the guide's right-nested inner join under an outer join, on User.orders / Order.items "
          "(Address.widgets is not mapped)")

case("The Zen of Joined Eager Loading", 578, """
from sqlalchemy import select
from sqlalchemy.orm import joinedload
stmt = (
    select(User)
    .options(joinedload(User.addresses))
    .filter(User.name == "spongebob")
    .order_by(Address.email_address)
)
""", note="the guide's example of an ORDER BY on a table the statement does not join")

case("The Zen of Joined Eager Loading", 607, """
from sqlalchemy import select
stmt = (
    select(User)
    .join(User.addresses)
    .filter(User.name == "spongebob")
    .order_by(Address.email_address)
)
""")

case("The Zen of Joined Eager Loading", 635, """
stmt = (
    select(User)
    .join(User.addresses)
    .options(joinedload(User.addresses))
    .filter(User.name == "spongebob")
    .order_by(Address.email_address)
)
""")

case("The Zen of Joined Eager Loading", 670, """
stmt = (
    select(User)
    .join(User.addresses)
    .options(joinedload(User.addresses))
    .filter(User.name == "spongebob")
    .filter(Address.email_address == "someaddress@foo.com")
)
""")

case("The Zen of Joined Eager Loading", 670, """
stmt = (
    select(User)
    .join(User.addresses)
    .options(joinedload(User.addresses))
    .filter(User.name == "sandy")
    .filter(Address.email_address == "squirrel@squirrelpower.org")
)
""", source="derived", slug="670-match",
     note="the guide's statement with values the rows have: one address matches, the "
          "collection still loads both")

case("The Zen of Joined Eager Loading", 706, """
stmt = (
    select(User)
    .join(User.addresses)
    .options(selectinload(User.addresses))
    .filter(User.name == "spongebob")
    .filter(Address.email_address == "someaddress@foo.com")
)
""")

case("The Zen of Joined Eager Loading", 706, """
stmt = (
    select(User)
    .join(User.addresses)
    .options(selectinload(User.addresses))
    .filter(User.name == "sandy")
    .filter(Address.email_address == "squirrel@squirrelpower.org")
)
""", source="derived", slug="706-match")

case("The Zen of Joined Eager Loading", 670, """
stmt = select(User).options(joinedload(User.addresses)).order_by(User.id).limit(2)
""", source="derived", slug="670-limit",
     note="LIMIT with a joined collection load: SQLAlchemy wraps the statement in a subquery")

# ---- Select IN loading ----------------------------------------------------------------------------

case("Select IN loading", 764, """
from sqlalchemy import select
from sqlalchemy.orm import selectinload
stmt = (
    select(User)
    .options(selectinload(User.addresses))
    .filter(or_(User.name == "spongebob", User.name == "ed"))
)
""")

case("Select IN loading", 802, """
from sqlalchemy import select
from sqlalchemy.orm import selectinload
stmt = select(Address).options(selectinload(Address.user))
""")

case("Select IN loading", 802, """
stmt = select(User).options(selectinload(User.orders).selectinload(Order.items)).order_by(User.id)
""", data="plain_orders", source="derived", slug="802-m2m",
     note="selectin loading of a many-to-many (the guide: \"Select IN loading also supports "
          "many-to-many relationships\")")

# ---- Subquery Eager Loading -----------------------------------------------------------------------

case("Subquery Eager Loading", 885, """
from sqlalchemy import select
from sqlalchemy.orm import subqueryload
stmt = select(User).options(subqueryload(User.addresses)).filter_by(name="spongebob")
""")

case("Subquery Eager Loading", 927, """
# incorrect, no ORDER BY
stmt = select(User).options(subqueryload(User.addresses).limit(1))
""", note="as the guide writes it (.limit() on the option)")

case("Subquery Eager Loading", 930, """
# incorrect if User.name is not unique
stmt = select(User).options(subqueryload(User.addresses)).order_by(User.name).limit(1)
""")

case("Subquery Eager Loading", 933, """
# correct
stmt = (
    select(User)
    .options(subqueryload(User.addresses))
    .order_by(User.name, User.id)
    .limit(1)
)
""")

# ---- Wildcard Loading Strategies ------------------------------------------------------------------

case("Wildcard Loading Strategies", 1014, """
stmt = select(Parent).options(lazyload("*"))
""", model="relationships_selectin", data="parent_child", source="derived", slug="1014-lazy",
     note="the guide's select(MyClass).options(lazyload(\"*\")) on its lazy=\"selectin\" Parent")

case("Wildcard Loading Strategies", 1036, """
stmt = select(Parent).options(lazyload("*"), joinedload(Parent.children))
""", model="relationships_selectin", data="parent_child", source="derived", slug="1036-lazy-joined")

case("Per-Entity Wildcard Loading Strategies", 1058, """
from sqlalchemy import select
from sqlalchemy.orm import Load

stmt = select(User, Address).options(Load(Address).lazyload("*"))
""", note="no join: the rows are the cross product")

# ---- contains_eager ----------------------------------------------------------------------------------

case("Routing Explicit Joins/Statements into Eagerly Loaded Collections", 1087, """
from sqlalchemy.orm import contains_eager

stmt = select(User).join(User.addresses).options(contains_eager(User.addresses))
""")

case("Routing Explicit Joins/Statements into Eagerly Loaded Collections", 1096, """
# use an alias of the Address entity
adalias = aliased(Address)

# construct a statement which expects the "addresses" results

stmt = (
    select(User)
    .outerjoin(User.addresses.of_type(adalias))
    .options(contains_eager(User.addresses.of_type(adalias)))
)
""")

case("Routing Explicit Joins/Statements into Eagerly Loaded Collections", 1123, """
stmt = select(User).options(contains_eager(User.orders).contains_eager(Order.items))
""", data="plain_orders", note="as the guide writes it: the statement has no joins")

case("Routing Explicit Joins/Statements into Eagerly Loaded Collections", 1123, """
stmt = (
    select(User)
    .join(User.orders)
    .join(Order.items)
    .options(contains_eager(User.orders).contains_eager(Order.items))
)
""", data="plain_orders", source="derived", slug="1123-joined",
     note="the guide's option path with the joins it expects")

case("Using contains_eager() to load a custom-filtered collection result", 1151, """
stmt = (
    select(User)
    .join(User.addresses)
    .filter(Address.email_address.like("%@aol.com"))
    .options(contains_eager(User.addresses))
    .execution_options(populate_existing=True)
)
""")

case("Using contains_eager() to load a custom-filtered collection result", 1151, """
stmt = (
    select(Address)
    .join(Address.user)
    .filter(User.name == "sandy")
    .options(contains_eager(Address.user))
    .order_by(Address.id)
)
""", source="derived", slug="1151-scalar", note="contains_eager of a many-to-one")

# ---- derived: relationship loading corner cases (issue 7, parts 3 and 5) -------------------

case("Joined Eager Loading", 509, """
stmt = select(User).options(
    joinedload(User.orders).joinedload(Order.items, innerjoin="unnested")
).order_by(User.id)
""", data="plain_orders", source="derived", slug="509-unnested",
     note="innerjoin=\"unnested\" below an outer join stays an outer join")

case("Joined Eager Loading", 509, """
stmt = select(User).options(
    joinedload(User.orders, innerjoin=True).joinedload(Order.items)
).order_by(User.id)
""", data="plain_orders", source="derived", slug="509-inner-outer")

case("Per-Entity Wildcard Loading Strategies", 1058, """
from sqlalchemy.orm import Load
stmt = select(User, Address).join(User.addresses).options(Load(User).selectinload(User.orders)).order_by(Address.id)
""", data="plain_orders", source="derived", slug="1058-load-path")
