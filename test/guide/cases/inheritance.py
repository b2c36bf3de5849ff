# doc/build/orm/queryguide/inheritance.rst -- "Writing SELECT statements for Inheritance
# Mappings". The guide's joined-inheritance session is _inheritance_setup.rst
# (models/inheritance_joined.py, data/inheritance_joined.json); its single-inheritance
# section uses _single_inheritance.rst (models/inheritance_single.py, data/employees.json).
# "derived" cases are ours: the features the chapter describes (inherited columns and
# relationships of a joined subclass in where/order_by/joins/eager loads/any/has/get,
# the mapper-level polymorphic_load and with_polymorphic configurations) exercised on
# the guide's mappings and rows.

DEFAULTS.update(model="inheritance_joined", data="inheritance_joined", feature="joined inheritance")

# ---- SELECTing from the base class vs. specific sub-classes ---------------------------

case("SELECTing from the base class vs. specific sub-classes", 42, """
from sqlalchemy import select
stmt = select(Manager).order_by(Manager.id)
""")

case("SELECTing from the base class vs. specific sub-classes", 73, """
from sqlalchemy import select
stmt = select(Employee).order_by(Employee.id)
""", note="a base-class query loads each row as its subclass with the base table's "
     "columns only (manager_name, engineer_info unloaded)")

# ---- selectin_polymorphic ---------------------------------------------------------------

case("Using selectin_polymorphic()", 144, """
from sqlalchemy.orm import selectin_polymorphic
loader_opt = selectin_polymorphic(Employee, [Manager, Engineer])
stmt = select(Employee).order_by(Employee.id).options(loader_opt)
""")

case("Applying selectin_polymorphic() to an existing eager load", 204, """
from sqlalchemy.orm import selectinload
stmt = select(Company).options(
    selectinload(Company.employees).selectin_polymorphic([Manager, Engineer])
)
""")

case("Applying loader options to the subclasses loaded by selectin_polymorphic", 259, """
from sqlalchemy.orm import selectin_polymorphic
stmt = (
    select(Employee)
    .order_by(Employee.id)
    .options(
        selectin_polymorphic(Employee, [Manager, Engineer]),
        selectinload(Manager.paperwork),
    )
)
""")

case("Applying loader options when selectin_polymorphic is itself a sub-option", 314, """
from sqlalchemy.orm import selectinload
stmt = select(Company).options(
    selectinload(Company.employees).options(
        selectin_polymorphic(Employee, [Manager, Engineer]),
        selectinload(Manager.paperwork),
    )
)
""")

case("Configuring selectin_polymorphic() on mappers", 349, """
select(Employee).order_by(Employee.id)
""", model="inheritance_joined_selectin", data="employees_30", source="derived", slug="349-select",
     note="the guide's mapping with polymorphic_load=\"selectin\": a base-class query loads "
     "the subclass columns too")

case("Configuring selectin_polymorphic() on mappers", 349, """
select(Engineer).where(Engineer.name == "SpongeBob")
""", model="inheritance_joined_selectin", data="employees_30", source="derived", slug="349-subclass")

# ---- with_polymorphic ---------------------------------------------------------------------

case("Using with_polymorphic()", 434, """
from sqlalchemy.orm import with_polymorphic
employee_poly = with_polymorphic(Employee, "*")
stmt = select(employee_poly).order_by(employee_poly.id)
""", feature="with_polymorphic")

case("Using with_polymorphic()", 422, """
from sqlalchemy.orm import with_polymorphic
employee_poly = with_polymorphic(Employee, [Engineer, Manager])
stmt = select(employee_poly).order_by(employee_poly.id)
""", feature="with_polymorphic", source="derived", slug="422-list",
     note="the guide's with_polymorphic(Employee, [Engineer, Manager]) selected as the "
     "\"*\" form is")

case("Filtering Subclass Attributes with with_polymorphic()", 472, """
from sqlalchemy import or_
employee_poly = with_polymorphic(Employee, [Engineer, Manager])
stmt = (
    select(employee_poly)
    .where(
        or_(
            employee_poly.Manager.manager_name == "Eugene H. Krabs",
            employee_poly.Engineer.engineer_info
            == "Senior Customer Engagement Engineer",
        )
    )
    .order_by(employee_poly.id)
)
""", feature="with_polymorphic")

case("Using aliasing with with_polymorphic", 528, """
manager_employee = with_polymorphic(Employee, [Manager], aliased=True, flat=True)
engineer_employee = with_polymorphic(Employee, [Engineer], aliased=True, flat=True)
stmt = (
    select(manager_employee, engineer_employee)
    .join(
        engineer_employee,
        engineer_employee.company_id == manager_employee.company_id,
    )
    .where(
        or_(
            manager_employee.name == "Mr. Krabs",
            manager_employee.Manager.manager_name == "Eugene H. Krabs",
        )
    )
    .order_by(engineer_employee.name, manager_employee.name)
)
""", feature="with_polymorphic")

case("Using aliasing with with_polymorphic", 572, """
manager_employee = with_polymorphic(Employee, [Manager], aliased=True)
engineer_employee = with_polymorphic(Employee, [Engineer], aliased=True)
stmt = (
    select(manager_employee, engineer_employee)
    .join(
        engineer_employee,
        engineer_employee.company_id == manager_employee.company_id,
    )
    .where(
        or_(
            manager_employee.name == "Mr. Krabs",
            manager_employee.Manager.manager_name == "Eugene H. Krabs",
        )
    )
    .order_by(engineer_employee.name, manager_employee.name)
)
""", feature="with_polymorphic")

case("Configuring with_polymorphic() on mappers", 678, """
select(Employee)
""", model="inheritance_joined_inline", data="employees_30", feature="with_polymorphic")

case("Configuring with_polymorphic() on mappers", 691, """
select(Employee).where(
    or_(Manager.manager_name == "x", Engineer.engineer_info == "y")
)
""", model="inheritance_joined_inline", data="employees_30", feature="with_polymorphic")

case("Configuring with_polymorphic() on mappers", 691, """
select(Employee).where(
    or_(Manager.manager_name == "Eugene H. Krabs", Engineer.engineer_info == "Krabby Patty Master")
).order_by(Employee.id)
""", model="inheritance_joined_inline", data="employees_30", feature="with_polymorphic",
     source="derived", slug="691-match", note="the guide's statement with values the rows have")

case("Configuring with_polymorphic() on mappers", 727, """
select(Employee).order_by(Employee.id)
""", model="inheritance_joined_wp_star", data="employees_30", feature="with_polymorphic",
     source="derived", slug="727-select",
     note="the guide's mapping with Mapper.with_polymorphic=\"*\" on the base class")

case("Configuring with_polymorphic() on mappers", 727, """
select(Manager).order_by(Manager.id)
""", model="inheritance_joined_wp_star", data="employees_30", feature="with_polymorphic",
     source="derived", slug="727-subclass")

# ---- joining to sub-types --------------------------------------------------------------

case("Joining to specific sub-types or with_polymorphic() entities", 776, """
employee_plus_engineer = with_polymorphic(Employee, [Engineer])
stmt = (
    select(Company.name, employee_plus_engineer.name)
    .join(Company.employees.of_type(employee_plus_engineer))
    .where(
        or_(
            employee_plus_engineer.name == "SpongeBob",
            employee_plus_engineer.Engineer.engineer_info
            == "Senior Customer Engagement Engineer",
        )
    )
)
""", feature="with_polymorphic")

case("Joining to specific sub-types or with_polymorphic() entities", 802, """
stmt = (
    select(Company.name, Engineer.name)
    .join(Company.employees.of_type(Engineer))
    .where(
        or_(
            Engineer.name == "SpongeBob",
            Engineer.engineer_info == "Senior Customer Engagement Engineer",
        )
    )
)
""")

case("Eager Loading of Polymorphic Subtypes", 841, """
all_employees = with_polymorphic(Employee, "*")
stmt = select(Company).options(selectinload(Company.employees.of_type(all_employees)))
""", feature="with_polymorphic")

case("Eager Loading of Polymorphic Subtypes", 841, """
stmt = select(Company).options(joinedload(Company.employees.of_type(Engineer)))
""", source="derived", slug="841-joined",
     note="joinedload along of_type() of a joined subclass")

# ---- derived: a joined subclass's inherited columns and relationships ------------------

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Manager).where(Manager.name == "Mr. Krabs")
""", source="derived", slug="42-where-inherited")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Engineer).order_by(Engineer.name.desc())
""", source="derived", slug="42-order-inherited")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Engineer.name, Engineer.engineer_info).order_by(Engineer.id)
""", source="derived", slug="42-columns")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Manager).options(selectinload(Manager.paperwork))
""", source="derived", slug="42-selectin-own")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Manager).options(joinedload(Manager.company))
""", source="derived", slug="42-joined-inherited")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Engineer).join(Engineer.company).where(Company.name == "Krusty Krab").order_by(Engineer.id)
""", source="derived", slug="42-join-inherited")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Company.name).where(Company.employees.of_type(Engineer).any(Engineer.engineer_info.like("%Master%")))
""", source="derived", slug="42-any-of-type")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Paperwork.document_name).join(Manager, Manager.id == Paperwork.manager_id).where(Manager.name == "Mr. Krabs").order_by(Paperwork.id)
""", source="derived", slug="42-join-on")

case("SELECTing from the base class vs. specific sub-classes", 42, """
select(Company).options(selectinload(Company.employees))
""", source="derived", slug="42-base-collection",
     note="a collection of the base class loads each member as its subclass, base columns only")

case("SELECTing from the base class vs. specific sub-classes", 42, "Manager", kind="get", key=1,
     source="derived", slug="42-get-subclass", note="session.get(Manager, 1)")

case("SELECTing from the base class vs. specific sub-classes", 42, "Employee", kind="get", key=2,
     source="derived", slug="42-get-base", note="session.get(Employee, 2)")

case("SELECTing from the base class vs. specific sub-classes", 42, "Engineer", kind="get", key=1,
     source="derived", slug="42-get-other", note="session.get(Engineer, 1): row 1 is a Manager")

case("SELECTing from the base class vs. specific sub-classes", 42, """
from sqlalchemy import union_all
u = union_all(
    select(Engineer.id, Engineer.name), select(Manager.id, Manager.name)
).subquery()
select(u.c.name).order_by(u.c.id)
""", source="derived", slug="42-union-subclasses", note="a union of subclass selects")

# ---- single inheritance ------------------------------------------------------------------

case("SELECT Statements for Single Inheritance Mappings", 903, """
stmt = select(Employee).order_by(Employee.id)
""", model="inheritance_single", data="employees", feature="single inheritance")

case("SELECT Statements for Single Inheritance Mappings", 918, """
stmt = select(Engineer).order_by(Engineer.id)
""", model="inheritance_single", data="employees", feature="single inheritance")

case("Optimizing Attribute Loads for Single Inheritance", 947, """
select(Employee).where(Employee.name == "Mr. Krabs")
""", model="inheritance_single", data="employees", feature="single inheritance")

case("Optimizing Attribute Loads for Single Inheritance", 972, """
employees = with_polymorphic(Employee, "*")
stmt = select(employees).order_by(employees.id)
""", model="inheritance_single", data="employees", feature="with_polymorphic")

case("Optimizing Attribute Loads for Single Inheritance", 1029, """
select(Employee)
""", model="inheritance_single_inline", data="employees", feature="single inheritance")

case("Optimizing Attribute Loads for Single Inheritance", 1029, """
select(Employee).where(Employee.id > 1).order_by(Employee.id)
""", model="inheritance_single_inline", data="employees", feature="single inheritance",
     source="derived", slug="1029-where")

case("SELECT Statements for Single Inheritance Mappings", 918, """
select(Manager.manager_name, Engineer.engineer_info)
""", model="inheritance_single", data="employees", feature="single inheritance",
     source="derived", slug="918-columns",
     note="columns of two single-table subclasses: one FROM, each subclass's criteria")

# ---- not expressible -----------------------------------------------------------------------

case("SELECTing from the base class vs. specific sub-classes", 91, """
mr_krabs.manager_name
""", kind="skip", note="an attribute lazy load on a Python object")
