# doc/build/orm/mapped_sql_expr.rst -- "SQL Expressions as Mapped Attributes" (not one of
# the Querying Guide's chapters: added for the hybrid and column_property features the
# guide refers to). The chapter's mappings (models/mse_*.py) on rows of ours. A hybrid
# is not a mapped attribute: SQLAlchemy's objects carry no loaded value for it, so
# objects are compared without it; selected as a column it is a value.

DEFAULTS.update(feature="hybrid", model="mse_hybrid", data="mse_names")

case("Using a Hybrid", 38, """
select(User).limit(1)
""", note="no ORDER BY: the first row the table gives, on both sides")

case("Using a Hybrid", 43, """
select(User).where(User.fullname == "John Smith").limit(1)
""")

case("Using a Hybrid", 43, """
select(User.id, User.fullname).order_by(User.id)
""", source="derived", slug="43-column")

case("Using a Hybrid", 43, """
select(User).order_by(User.fullname.desc())
""", source="derived", slug="43-order", note="a NULL firstname makes the expression NULL")

for i, text in enumerate([
    "select(User).where(User.fullname == \"John Smith\").limit(1)",
    "select(User.id, User.fullname).order_by(User.id)",
    "select(User).where(User.fullname == \"Prince\")",
]):
    case("Using a Hybrid", 69, text, model="mse_hybrid_expression", source="derived",
         slug="69-%d" % (i + 1), note="the hybrid's @fullname.expression (case())" if i == 0 else None)

DEFAULTS.update(feature="column_property")

for i, text in enumerate([
    "select(User).order_by(User.id)",
    "select(User).where(User.fullname == \"Jane Doe\")",
    "select(User.fullname).order_by(User.fullname)",
    "select(User).options(load_only(User.lastname)).order_by(User.id)",
]):
    case("Using column_property", 109, text, model="mse_column_property", source="derived",
         slug="109-%d" % (i + 1))

for i, text in enumerate([
    "select(User).order_by(User.id)",
    "select(User).where(User.address_count > 1)",
    "select(User.id, User.address_count).order_by(User.address_count.desc(), User.id)",
    "select(User).options(defer(User.address_count)).order_by(User.id)",
]):
    case("Using column_property", 136, text, model="mse_correlated", data="mse_addresses", source="derived",
         slug="136-%d" % (i + 1), note="a correlated scalar subquery with correlate_except()" if i == 0 else None)

case("Composing from Column Properties at Mapping Time", 276, """
stmt = select(File.path).where(File.filename == "foo.txt")
""", model="mse_file", data="mse_files")

case("Composing from Column Properties at Mapping Time", 276, """
select(File).order_by(File.id)
""", model="mse_file", data="mse_files", source="derived", slug="276-objects")

case("Adding column_property() to an existing Declarative mapped class", 204, """
User.address_count = column_property(...)
""", kind="skip", note="a property assigned after the class: not a declaration")
