# doc/build/orm/queryguide/api.rst -- "ORM API Features for Querying": execution options
# and the inspection of statements. The session is the setup's (models/plain.py,
# data/plain.json).

DEFAULTS.update(model="plain", data="plain", feature="select language")

case("Populate Existing", 70, """
stmt = select(User).execution_options(populate_existing=True)
""")

case("Populate Existing", 91, """
stmt = (
    select(User)
    .where(User.name.in_(names))
    .execution_options(populate_existing=True)
    .options(selectinload(User.addresses))
)
""", params={"names": ["spongebob", "sandy"]},
     note="the guide leaves names undefined: here a parameter")

case("Autoflush", 135, """
stmt = select(User).execution_options(autoflush=False)
""")

case("Fetching Large Result Sets with Yield Per", 211, """
stmt = select(User).execution_options(yield_per=10)
""", sa={"no_unique": True}, note="SQLAlchemy refuses unique() with yield_per: its rows are taken with .all()")

case("Fetching Large Result Sets with Yield Per", 229, """
stmt = select(User).execution_options(stream_results=True, max_row_buffer=10)
""")

case("Inspecting entities and columns from ORM-enabled SELECT and DML statements", 436, """
user_alias = aliased(User, name="user2")
stmt = select(User, User.id, user_alias)
""", note="no join between User and user2: the rows are the cross product")

case("Inspecting entities and columns from ORM-enabled SELECT and DML statements", 460, """
user_table = User.__table__
address_table = Address.__table__
stmt = select(user_table, address_table.c.id)
""", source="derived", slug="460-tables",
     note="the guide's user_table / address_table (not defined in the chapter) as the mapped tables")

case("Inspecting entities and columns from ORM-enabled SELECT and DML statements", 486, """
from sqlalchemy import update
stmt = update(User).values(name="somename").returning(User.id)
""", kind="execute", feature="DML")

case("Identity Token", 372, """
select(MyTable).where(MyTable.id == 1).execution_options(
    schema_translate_map={None: "test_schema"},
    identity_token="test_schema",
)
""", kind="skip", note="schema_translate_map and identity tokens select tables per execution; "
     "the guide's MyTable lives in two schemas of a PostgreSQL database")
