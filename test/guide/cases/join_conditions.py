# doc/build/orm/join_conditions.rst -- "Configuring how Relationship Joins". The guide's
# mappings (models/jc_*.py, as written) on rows of ours; its few statements are cases as
# written, and "derived" cases load and join each configured relationship. Mappings the
# contract cannot declare (imperative mappings, relationships assigned after the class,
# PostgreSQL INET/CIDR and GeoAlchemy types) are listed as not expressible.

DEFAULTS.update(feature="relationship configuration", source="derived")

case("Handling Multiple Join Paths", 31, "declare", kind="declare", model="jc_multiple_paths_ambiguous",
     data="customers", source="guide",
     note="SQLAlchemy refuses the mapping (AmbiguousForeignKeysError): orm_declare must refuse it too")

for model, line in [("jc_multiple_paths", 72), ("jc_multiple_paths_string", 94)]:
    for i, text in enumerate([
        "select(Customer).options(joinedload(Customer.billing_address), joinedload(Customer.shipping_address)).order_by(Customer.id)",
        "select(Customer).options(selectinload(Customer.billing_address), selectinload(Customer.shipping_address)).order_by(Customer.id)",
        "select(Customer.name, Address.city).join(Customer.shipping_address).order_by(Customer.id)",
        "select(Customer.name).where(Customer.billing_address.has(Address.city == \"Boston\"))",
    ]):
        case("Handling Multiple Join Paths", line, text, model=model, data="customers",
             slug="%d-%d" % (line, i + 1), feature="relationship loading" if i < 2 else "relationship configuration")

for i, text in enumerate([
    "select(User).options(selectinload(User.boston_addresses)).order_by(User.id)",
    "select(User).options(joinedload(User.boston_addresses)).order_by(User.id)",
    "select(User.name, Address.street).join(User.boston_addresses).order_by(Address.id)",
    "select(User.name).where(User.boston_addresses.any()).order_by(User.id)",
]):
    case("Specifying Alternate Join Conditions", 139, text, model="jc_boston_addresses", data="boston",
         slug="139-%d" % (i + 1), feature="relationship loading" if i < 2 else "relationship configuration",
         note="primaryjoin=\"and_(User.id==Address.user_id, Address.city=='Boston')\" names the owner class"
         if i == 0 else None)

for i, text in enumerate([
    "select(Article).options(joinedload(Article.writer)).order_by(Article.magazine_id, Article.article_id)",
    "select(Article).options(selectinload(Article.writer), selectinload(Article.magazine)).order_by(Article.magazine_id, Article.article_id)",
    "select(Article.article_id, Writer.id).join(Article.writer).order_by(Article.magazine_id, Article.article_id)",
]):
    case("Overlapping Foreign Keys", 379, text, model="jc_overlapping_fks", data="magazines",
         slug="379-%d" % (i + 1), feature="relationship loading" if i < 2 else "relationship configuration")

for i, text in enumerate([
    "select(Element).where(Element.path == \"/foo/bar2\").options(selectinload(Element.descendants))",
    "select(Element).where(Element.path == \"/foo\").options(joinedload(Element.descendants))",
    "select(Element.path).where(Element.descendants.any()).order_by(Element.path)",
]):
    case("Non-relational Comparisons / Materialized Path", 508, text, model="jc_materialized_path",
         data="elements", slug="508-%d" % (i + 1), feature="relationship loading" if i < 2 else "relationship configuration")

for model, line in [("jc_self_m2m", 567), ("jc_self_m2m_string", 600)]:
    for i, text in enumerate([
        "select(Node).options(selectinload(Node.right_nodes)).order_by(Node.id)",
        "select(Node).options(selectinload(Node.left_nodes)).order_by(Node.id)",
        "select(Node).options(joinedload(Node.right_nodes)).order_by(Node.id)",
        "right = aliased(Node)\nselect(Node.label, right.label).join(Node.right_nodes.of_type(right)).order_by(Node.id, right.id)",
        "select(Node.label).where(Node.left_nodes.any(Node.label == \"n1\")).order_by(Node.id)",
    ]):
        case("Self-Referential Many-to-Many Relationship", line, text, model=model, data="node_graph",
             slug="%d-%d" % (line, i + 1), feature="relationship loading" if i < 3 else "relationship configuration",
             note="a selectin load through secondaryjoin" if i == 0 else None)

case("Composite \"Secondary\" Joins", 744, """
select(A).join(A.d)
""", model="jc_composite_secondary", data="abcd", source="guide", feature="relationship configuration")

for i, text in enumerate([
    "select(A).options(selectinload(A.d)).order_by(A.id)",
    "select(A).options(joinedload(A.d)).order_by(A.id)",
]):
    case("Composite \"Secondary\" Joins", 744, text, model="jc_composite_secondary", data="abcd",
         slug="744-%d" % (i + 1), feature="relationship loading")

case("Notes on using the viewonly relationship parameter", 1230, """
select(User).where(User.id == 1)
""", model="jc_viewonly", data="tasks", source="guide")

for i, text in enumerate([
    "select(User).where(User.id == 1).options(selectinload(User.current_week_tasks))",
    "select(User).options(selectinload(User.all_tasks), joinedload(User.current_week_tasks)).order_by(User.id)",
    "select(Task).options(joinedload(Task.user)).order_by(Task.id)",
]):
    case("Notes on using the viewonly relationship parameter", 1230, text, model="jc_viewonly", data="tasks",
         slug="1230-%d" % (i + 1), feature="relationship loading",
         note="the primaryjoin is a lambda with func.now() - timedelta(days=7): the rows' dates are "
              "far from today" if i == 0 else None)

case("In-Python mutations including backrefs are not appropriate with viewonly=True", 1108, """
select(User).options(selectinload(User.all_tasks)).order_by(User.id)
""", model="jc_viewonly_property", data="tasks", slug="1108-1", feature="relationship loading")

for line, text, why in [
    (313, "select(IPA).join(IPA.network)", "the mapping uses PostgreSQL's INET and CIDR types and bool_op('<<') in its primaryjoin"),
    (848, "sess.scalars(select(A).join(A.b)).all()", "A.b is assigned after the class (relationship to an aliased join): not a declaration"),
    (949, "sess.scalars(select(A).join(A.b)).all()", "A.b is assigned after the class (relationship to an aliased subquery): not a declaration"),
    (961, "select(A).join(A.b).where(B_viacd_subquery.some_b_column == \"some b\").order_by(B_viacd_subquery.id)",
     "A.b is assigned after the class: not a declaration"),
    (1010, "select(A).options(selectinload(A.partitioned_bs))", "A.partitioned_bs is assigned after the class: not a declaration"),
]:
    case("(mappings the contract cannot declare)", line, text, kind="skip", note=why, source="guide")
