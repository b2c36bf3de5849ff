# doc/build/orm/queryguide/dml.rst -- "ORM-Enabled INSERT, UPDATE, and DELETE statements"
# The mapping is _dml_setup.rst's (models/dml.py). The guide's session starts empty and
# each example runs on the rows the examples (and the hidden setup code) before it left;
# data/dml_*.json are those states. The statement is what the guide passes to
# session.execute()/scalars(); the list of parameter dictionaries it passes beside the
# statement is orm_execute's params. The expected result is {"rowcount": n} or the
# RETURNING rows/objects, and every table's rows afterwards.

DEFAULTS.update(model="dml", data="dml_empty", kind="execute", feature="DML")

USERS5 = [
    {"name": "spongebob", "fullname": "Spongebob Squarepants"},
    {"name": "sandy", "fullname": "Sandy Cheeks"},
    {"name": "patrick", "fullname": "Patrick Star"},
    {"name": "squidward", "fullname": "Squidward Tentacles"},
    {"name": "ehkrabs", "fullname": "Eugene H. Krabs"},
]

USERS5_SPECIES = [
    {
        "name": "spongebob",
        "fullname": "Spongebob Squarepants",
        "species": "Sea Sponge",
    },
    {"name": "sandy", "fullname": "Sandy Cheeks", "species": "Squirrel"},
    {"name": "patrick", "species": "Starfish"},
    {
        "name": "squidward",
        "fullname": "Squidward Tentacles",
        "species": "Squid",
    },
    {"name": "ehkrabs", "fullname": "Eugene H. Krabs", "species": "Crab"},
]

EMPLOYEES_ABCD = [
    {
        "name": "name_a",
        "fullname": "Employee A",
        "species": "Squid",
    },
    {
        "name": "name_b",
        "fullname": "Employee B",
        "species": "Squirrel",
    },
    {
        "name": "name_c",
        "fullname": "Employee C",
        "species": None,
    },
    {
        "name": "name_d",
        "fullname": "Employee D",
        "species": "Bluefish",
    },
]

# ---- ORM Bulk INSERT Statements ---------------------------------------------------------

case("ORM Bulk INSERT Statements", 60, """
from sqlalchemy import insert
insert(User)
""", params=USERS5)

case("Getting new objects with RETURNING", 128, """
insert(User).returning(User)
""", params=USERS5)

case("Correlating RETURNING records with input data order", 188, """
insert(User).returning(User.id, sort_by_parameter_order=True)
""", data="dml_users_plain", ordered=True, params=[
    {"name": "pearl", "fullname": "Pearl Krabs"},
    {"name": "plankton", "fullname": "Plankton"},
    {"name": "gary", "fullname": "Gary"},
], note="the guide runs it after the previous example's five users; "
        "sort_by_parameter_order=True: the rows come back in the order of the parameters")

case("Using Heterogeneous Parameter Dictionaries", 232, """
insert(User).returning(User)
""", params=USERS5_SPECIES)

case("Sending NULL values in ORM bulk INSERT statements", 284, """
insert(User)
""", data="dml_users", params=EMPLOYEES_ABCD,
     note="the guide runs it after the previous example's five users")

case("Sending NULL values in ORM bulk INSERT statements", 338, """
insert(User).execution_options(render_nulls=True)
""", params=EMPLOYEES_ABCD)

case("Bulk INSERT for Joined Table Inheritance", 397, """
insert(Manager).returning(Manager)
""", params=[
    {"name": "sandy", "manager_name": "Sandy Cheeks"},
    {"name": "ehkrabs", "manager_name": "Eugene H. Krabs"},
], feature="joined inheritance")

case("ORM Bulk Insert with SQL Expressions", 453, """
from sqlalchemy import func
insert(LogRecord).values(code="SQLA", timestamp=func.now()).returning(LogRecord)
""", params=[
    {"message": "log message #1"},
    {"message": "log message #2"},
    {"message": "log message #3"},
    {"message": "log message #4"},
], volatile=["timestamp"], note="timestamp is the database's clock: compared as set, not by value")

case("ORM Bulk Insert with Per Row SQL Expressions", 522, """
from sqlalchemy import select
(
insert(Address)
.values(
    [
        {
            "user_id": select(User.id).where(User.name == "sandy"),
            "email_address": "sandy@company.com",
        },
        {
            "user_id": select(User.id).where(User.name == "spongebob"),
            "email_address": "spongebob@company.com",
        },
        {
            "user_id": select(User.id).where(User.name == "patrick"),
            "email_address": "patrick@company.com",
        },
    ]
)
.returning(Address)
)
""", data="dml_users")

case("Legacy Session Bulk INSERT Methods", 604, """
from sqlalchemy import insert
insert(User)
""", params=[{"name": "u1"}, {"name": "u2"}, {"name": "u3"}])

case("Legacy Session Bulk INSERT Methods", 598, """
session.bulk_insert_mappings(User, [{"name": "u1"}, {"name": "u2"}, {"name": "u3"}])
""", kind="skip", note="a Session method (its insert() form, line 604, is a case)")

# ---- upserts -------------------------------------------------------------------------------

UPSERT = """
stmt = sqlite_upsert(User).values(
    [
        {"name": "spongebob", "fullname": "Spongebob Squarepants"},
        {"name": "sandy", "fullname": "Sandy Cheeks"},
        {"name": "patrick", "fullname": "Patrick Star"},
        {"name": "squidward", "fullname": "Squidward Tentacles"},
        {"name": "ehkrabs", "fullname": "Eugene H. Krabs"},
    ]
)
stmt = stmt.on_conflict_do_update(
    index_elements=[User.name], set_=dict(fullname=stmt.excluded.fullname)
)
"""

case("ORM \"upsert\" Statements", 668,
     "from sqlalchemy.dialects.sqlite import insert as sqlite_upsert\n" + UPSERT.strip() + "\nstmt",
     data="dml_upsert", engines=["sqlite"])

case("ORM \"upsert\" Statements", 668,
     "from sqlalchemy.dialects.postgresql import insert as sqlite_upsert\n" + UPSERT.strip() + "\nstmt",
     data="dml_upsert", engines=["postgresql"], source="derived", slug="668-postgresql",
     note="the guide's statement with PostgreSQL's insert() (the guide uses SQLite's)")

case("Using RETURNING with upsert statements", 701,
     "from sqlalchemy.dialects.sqlite import insert as sqlite_upsert\n" + UPSERT.strip() + "\nstmt.returning(User)",
     data="dml_upsert", engines=["sqlite"], sa={"execution_options": {"populate_existing": True}},
     note="the guide passes execution_options={\"populate_existing\": True} beside the statement")

case("Using RETURNING with upsert statements", 701,
     "from sqlalchemy.dialects.postgresql import insert as sqlite_upsert\n" + UPSERT.strip() + "\nstmt.returning(User)",
     data="dml_upsert", engines=["postgresql"], source="derived", slug="701-postgresql",
     sa={"execution_options": {"populate_existing": True}},
     note="the guide's statement with PostgreSQL's insert()")

case("ORM \"upsert\" Statements", 668, """
from sqlalchemy.dialects.sqlite import insert as sqlite_upsert
stmt = sqlite_upsert(User).values(
    [
        {"name": "spongebob", "fullname": "Spongebob Squarepants"},
        {"name": "plankton", "fullname": "Plankton"},
    ]
)
stmt.on_conflict_do_nothing(index_elements=[User.name]).returning(User.id, User.name)
""", data="dml_upsert", engines=["sqlite"], source="derived", slug="668-nothing",
     note="on_conflict_do_nothing, which the issue names beside the guide's do_update")

case("ORM \"upsert\" Statements", 668, """
from sqlalchemy.dialects.postgresql import insert as pg_insert
stmt = pg_insert(User).values(
    [
        {"name": "spongebob", "fullname": "Spongebob Squarepants"},
        {"name": "plankton", "fullname": "Plankton"},
    ]
)
stmt.on_conflict_do_nothing(index_elements=[User.name]).returning(User.id, User.name)
""", data="dml_upsert", engines=["postgresql"], source="derived", slug="668-nothing-postgresql")

case("ORM \"upsert\" Statements", 668, """
from sqlalchemy.dialects.postgresql import insert as pg_insert
stmt = pg_insert(User).values(name="sandy", fullname="Sandy C.")
stmt.on_conflict_do_update(
    constraint="user_account_name_key",
    set_=dict(fullname=stmt.excluded.fullname),
    where=User.fullname.is_(None),
).returning(User)
""", data="dml_upsert", engines=["postgresql"], source="derived", slug="668-constraint-postgresql",
     note="on_conflict_do_update(constraint=..., where=...): the unique constraint PostgreSQL "
          "names user_account_name_key")

case("ORM \"upsert\" Statements", 668, """
from sqlalchemy.dialects.sqlite import insert as sqlite_upsert
stmt = sqlite_upsert(User).values(name="sandy", fullname="Sandy C.")
stmt.on_conflict_do_update(
    index_elements=[User.name],
    index_where=User.name.is_not(None),
    set_={"fullname": stmt.excluded.fullname},
    where=User.fullname.is_(None),
).returning(User.id, User.fullname)
""", data="dml_upsert", engines=["sqlite"], source="derived", slug="668-index-where",
     note="on_conflict_do_update(index_where=, where=), set_ as a dict literal")

case("ORM \"upsert\" Statements", 668, """
from sqlalchemy.dialects.postgresql import insert as pg_insert
stmt = pg_insert(User).values(name="sandy", fullname="Sandy C.")
stmt.on_conflict_do_update(
    index_elements=[User.name],
    index_where=User.name.is_not(None),
    set_={"fullname": stmt.excluded.fullname},
    where=User.fullname.is_(None),
).returning(User.id, User.fullname)
""", data="dml_upsert", engines=["postgresql"], source="derived", slug="668-index-where-postgresql")

case("ORM \"upsert\" Statements", 668, """
from sqlalchemy.dialects.postgresql import insert as pg_insert
stmt = pg_insert(User).values(name="sandy", fullname="Sandy C.")
stmt.on_conflict_do_nothing(constraint="user_account_name_key").returning(User.id)
""", data="dml_upsert", engines=["postgresql"], source="derived", slug="668-nothing-constraint-postgresql")

# ---- ORM Bulk UPDATE by Primary Key -------------------------------------------------------

case("ORM Bulk UPDATE by Primary Key", 783, """
from sqlalchemy import update
update(User)
""", data="dml_users_plain", params=[
    {"id": 1, "fullname": "Spongebob Squarepants"},
    {"id": 3, "fullname": "Patrick Star"},
    {"id": 5, "fullname": "Eugene H. Krabs"},
])

case("ORM Bulk UPDATE by Primary Key", 783, """
update(User)
""", data="dml_users_plain", source="derived", slug="783-changed", params=[
    {"id": 1, "fullname": "Spongebob S."},
    {"id": 3, "fullname": "Patrick S."},
    {"id": 5, "species": "Crab"},
], note="the guide's statement with values that change the rows, heterogeneous keys")

case("Disabling Bulk ORM Update by Primary Key for an UPDATE statement with multiple parameter sets", 843, """
from sqlalchemy import bindparam
update(User).where(User.name == bindparam("u_name"))
""", data="dml_users_plain", sa={"connection": True}, params=[
    {"u_name": "spongebob", "fullname": "Spongebob Squarepants"},
    {"u_name": "patrick", "fullname": "Patrick Star"},
], note="the guide runs it on session.connection() (Core executemany: bindparam() names "
        "each dictionary's key, the other keys are the SET values)")

case("Disabling Bulk ORM Update by Primary Key for an UPDATE statement with multiple parameter sets", 843, """
from sqlalchemy import bindparam
update(User).where(User.name == bindparam("u_name"))
""", data="dml_users_plain", sa={"connection": True}, source="derived", slug="843-changed", params=[
    {"u_name": "spongebob", "fullname": "SpongeBob"},
    {"u_name": "patrick", "fullname": "Patrick"},
], note="the guide's statement with values that change the rows")

case("Disabling Bulk ORM Update by Primary Key for an UPDATE statement with multiple parameter sets", 843, """
from sqlalchemy import bindparam
update(User).where(User.name == bindparam("u_name")).values(fullname=bindparam("fn"))
""", data="dml_users_plain", sa={"connection": True}, source="derived", slug="843-values", params=[
    {"u_name": "spongebob", "fn": "SpongeBob"},
    {"u_name": "sandy", "fn": "Sandy"},
], note="bindparam() in values() too: every key of the rows is named by the statement")

case("Disabling Bulk ORM Update by Primary Key for an UPDATE statement with multiple parameter sets", 843, """
from sqlalchemy import bindparam
delete(User).where(User.name == bindparam("u_name"))
""", data="dml_users_plain", sa={"connection": True}, source="derived", slug="843-delete", params=[
    {"u_name": "spongebob"},
    {"u_name": "nobody"},
], note="a Core executemany DELETE")

case("Disabling Bulk ORM Update by Primary Key for an UPDATE statement with multiple parameter sets", 843, """
from sqlalchemy import bindparam
insert(User).values(name=bindparam("n"), fullname=bindparam("n"))
""", data="dml_users_plain", sa={"connection": True}, source="derived", slug="843-insert", params=[
    {"n": "gary"},
    {"n": "larry"},
], note="a Core executemany INSERT")

case("Bulk UPDATE by Primary Key for Joined Table Inheritance", 887, """
update(Manager)
""", data="dml_users_managers", feature="joined inheritance", params=[
    {
        "id": 1,
        "name": "scheeks",
        "manager_name": "Sandy Cheeks, President",
    },
    {
        "id": 2,
        "name": "eugene",
        "manager_name": "Eugene H. Krabs, VP Marketing",
    },
])

case("Legacy Session Bulk UPDATE Methods", 934, """
from sqlalchemy import update
update(User)
""", data="dml_users_managers", params=[
    {"id": 1, "name": "scheeks", "manager_name": "Sandy Cheeks, President"},
    {"id": 2, "name": "eugene", "manager_name": "Eugene H. Krabs, VP Marketing"},
], note="as the guide writes it: User has no manager_name")

case("Legacy Session Bulk UPDATE Methods", 922, """
session.bulk_update_mappings(User, [...])
""", kind="skip", note="a Session method (its update() form, line 934, is a case)")

# ---- UPDATE and DELETE with custom WHERE criteria -----------------------------------------

case("ORM UPDATE and DELETE with Custom WHERE Criteria", 978, """
from sqlalchemy import update
stmt = (
    update(User)
    .where(User.name.in_(["squidward", "sandy"]))
    .values(fullname="Name starts with S")
)
""", data="dml_users_managers")

case("ORM UPDATE and DELETE with Custom WHERE Criteria", 992, """
from sqlalchemy import delete
stmt = delete(User).where(User.name.in_(["squidward", "sandy"]))
""", data="dml_users_managers")

case("Selecting a Synchronization Strategy", 1072, """
from sqlalchemy import update
stmt = (
    update(User).where(User.name == "squidward").values(fullname="Squidward Tentacles")
)
""", data="dml_users_managers", sa={"execution_options": {"synchronize_session": False}},
     note="the guide passes execution_options={\"synchronize_session\": False} beside the statement")

case("Selecting a Synchronization Strategy", 1084, """
from sqlalchemy import update
stmt = (
    update(User)
    .where(User.name == "squidward")
    .values(fullname="Squidward Tentacles")
    .execution_options(synchronize_session=False)
)
""", data="dml_users_managers")

case("Selecting a Synchronization Strategy", 1084, """
stmt = (
    update(User)
    .where(User.name == "squidward")
    .values(fullname="Squid T.")
    .execution_options(synchronize_session="fetch")
)
""", data="dml_users_managers", source="derived", slug="1084-fetch")

case("Using RETURNING with UPDATE/DELETE and Custom WHERE Criteria", 1163, """
from sqlalchemy import update
stmt = (
    update(User)
    .where(User.name == "squidward")
    .values(fullname="Squidward Tentacles")
    .returning(User)
)
""", data="dml_users_managers")

case("UPDATE/DELETE with Custom WHERE Criteria for Joined Table Inheritance", 1216, """
stmt = (
    update(Manager)
    .where(Manager.id == 1)
    .values(manager_name="Sandy Cheeks, President")
)
""", data="dml_users_managers", feature="joined inheritance")

case("UPDATE/DELETE with Custom WHERE Criteria for Joined Table Inheritance", 1229, """
stmt = (
    update(Manager)
    .where(
        Manager.id
        == select(Employee.id).where(Employee.name == "sandy").scalar_subquery()
    )
    .values(manager_name="Sandy Cheeks, President")
)
""", data="dml_users_managers", feature="joined inheritance")

case("UPDATE/DELETE with Custom WHERE Criteria for Joined Table Inheritance", 1248, """
stmt = (
    update(Manager)
    .where(Manager.id == Employee.id, Employee.name == "sandy")
    .values(manager_name="Sandy Cheeks, President")
)
""", data="dml_users_managers", feature="joined inheritance")

case("UPDATE/DELETE with Custom WHERE Criteria for Joined Table Inheritance", 1266, """
from sqlalchemy import delete
delete(Manager).where(Manager.id == 1)
""", data="dml_users_managers", feature="joined inheritance")

case("UPDATE/DELETE with Custom WHERE Criteria for Joined Table Inheritance", 1270, """
delete(Employee).where(Employee.id == 1)
""", data="dml_users_managers", feature="joined inheritance",
     note="the guide runs it after deleting the manager row; here on the stored rows")

case("UPDATE/DELETE with Custom WHERE Criteria for Joined Table Inheritance", 1216, """
update(Manager).where(Manager.name == "sandy").values(manager_name="Sandy Cheeks, President")
""", data="dml_users_managers", feature="joined inheritance", source="derived", slug="1216-inherited-where",
     note="criteria on an inherited column of a joined subclass")

case("Bulk INSERT for Joined Table Inheritance", 397, """
insert(Engineer)
""", params=[{"name": "spongebob", "engineer_info": "fry cook"}], feature="joined inheritance",
     source="derived", slug="397-no-returning")
