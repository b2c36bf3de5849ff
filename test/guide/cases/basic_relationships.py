# doc/build/orm/basic_relationships.rst -- "Basic Relationship Patterns". The chapter
# declares mappings and shows no statements; each of its mappings (models/rel_*.py,
# as the guide writes them) is exercised by the same derived statements: the class
# loaded plainly, each relationship loaded with selectinload and joinedload, joined to
# its target, and tested with any()/has(), on small rows of ours (data/o2m.json ...).

DEFAULTS.update(feature="relationship configuration", source="derived")


def patterns(model, data, section, line, rels, chained=()):
    """rels: (class, relationship, target class, "many" | "one", order_by text)."""
    classes = []
    for cls, rel, target, card, order in rels:
        if cls not in classes:
            classes.append((cls, order))
    seen = set()
    for cls, order in classes:
        if cls in seen:
            continue
        seen.add(cls)
        case(section, line, "select(%s).order_by(%s)" % (cls, order), model=model, data=data,
             slug="%d-%s-%s" % (line, model, cls.lower()))
    for cls, rel, target, card, order in rels:
        tag = "%d-%s-%s" % (line, model, rel)
        case(section, line, "select(%s).options(selectinload(%s.%s)).order_by(%s)" % (cls, cls, rel, order),
             model=model, data=data, slug=tag + "-selectin", feature="relationship loading")
        case(section, line, "select(%s).options(joinedload(%s.%s)).order_by(%s)" % (cls, cls, rel, order),
             model=model, data=data, slug=tag + "-joined", feature="relationship loading")
        torder = ", ".join("%s.%s" % (target, c.split(".")[-1]) for c in TARGET_ORDER[target].split(", "))
        case(section, line, "select(%s, %s).join(%s.%s).order_by(%s, %s)" % (cls, target, cls, rel, order, torder),
             model=model, data=data, slug=tag + "-join")
        op = "any" if card == "many" else "has"
        case(section, line, "select(%s).where(%s.%s.%s()).order_by(%s)" % (cls, cls, rel, op, order),
             model=model, data=data, slug=tag + "-" + op)
    for i, text in enumerate(chained):
        case(section, line, text, model=model, data=data, slug="%d-%s-chain%d" % (line, model, i + 1),
             feature="relationship loading")


TARGET_ORDER = {"Parent": "Parent.id", "Child": "Child.id",
                "Association": "Association.left_id, Association.right_id"}

patterns("rel_o2m", "o2m", "One To Many", 114,
         [("Parent", "children", "Child", "many", "Parent.id")])

patterns("rel_o2m_bidirectional", "o2m", "One To Many", 134,
         [("Parent", "children", "Child", "many", "Parent.id"),
          ("Child", "parent", "Parent", "one", "Child.id")],
         chained=["select(Parent).options(selectinload(Parent.children).joinedload(Child.parent)).order_by(Parent.id)",
                  "select(Child).options(joinedload(Child.parent).selectinload(Parent.children)).order_by(Child.id)"])

patterns("rel_o2m_set", "o2m", "Using Sets, Lists, or other Collection Types for One To Many", 161,
         [("Parent", "children", "Child", "many", "Parent.id")])

patterns("rel_m2o", "m2o", "Many To One", 206,
         [("Parent", "child", "Child", "one", "Parent.id")])

patterns("rel_m2o_bidirectional", "m2o", "Many To One", 228,
         [("Parent", "child", "Child", "one", "Parent.id"),
          ("Child", "parents", "Parent", "many", "Child.id")])

patterns("rel_m2o_nullable", "m2o_nullable", "Nullable Many-to-One", 257,
         [("Parent", "child", "Child", "one", "Parent.id"),
          ("Child", "parents", "Parent", "many", "Child.id")],
         chained=["select(Parent).outerjoin(Parent.child).where(Child.id.is_(None)).order_by(Parent.id)"])

patterns("rel_o2o", "o2o", "One To One", 318,
         [("Parent", "child", "Child", "one", "Parent.id"),
          ("Child", "parent", "Parent", "one", "Child.id")])

patterns("rel_o2o_uselist", "o2o", "Setting uselist=False for non-annotated configurations", 396,
         [("Parent", "child", "Child", "one", "Parent.id"),
          ("Child", "parent", "Parent", "one", "Child.id")])

patterns("rel_m2m", "m2m", "Many To Many", 450,
         [("Parent", "children", "Child", "many", "Parent.id")])

patterns("rel_m2m_bidirectional", "m2m", "Setting Bi-Directional Many-to-many", 512,
         [("Parent", "children", "Child", "many", "Parent.id"),
          ("Child", "parents", "Parent", "many", "Child.id")],
         chained=["select(Child).options(selectinload(Child.parents).selectinload(Parent.children)).order_by(Child.id)"])

patterns("rel_m2m_set", "m2m", "Using Sets, Lists, or other Collection Types for Many To Many", 549,
         [("Parent", "children", "Child", "many", "Parent.id")])

patterns("rel_m2m_secondary_lambda", "m2m", "Using a late-evaluated form for the \"secondary\" argument of many-to-many", 1173,
         [("Parent", "children", "Child", "many", "Parent.id")])

patterns("rel_m2m_secondary_string", "m2m", "Using a late-evaluated form for the \"secondary\" argument of many-to-many", 1194,
         [("Parent", "children", "Child", "many", "Parent.id")])

patterns("rel_association", "association", "Association Object", 678,
         [("Parent", "children", "Association", "many", "Parent.id"),
          ("Association", "child", "Child", "one", "Association.left_id, Association.right_id")],
         chained=["select(Parent).options(selectinload(Parent.children).joinedload(Association.child)).order_by(Parent.id)"])

patterns("rel_association_bidirectional", "association", "Association Object", 716,
         [("Parent", "children", "Association", "many", "Parent.id"),
          ("Child", "parents", "Association", "many", "Child.id"),
          ("Association", "child", "Child", "one", "Association.left_id, Association.right_id"),
          ("Association", "parent", "Parent", "one", "Association.left_id, Association.right_id")],
         chained=["select(Parent).options(selectinload(Parent.children).selectinload(Association.child)).order_by(Parent.id)",
                  "select(Child).options(selectinload(Child.parents).joinedload(Association.parent)).order_by(Child.id)",
                  "select(Parent.id, Child.id.label(\"child_id\"), Association.extra_data)"
                  ".join(Parent.children).join(Association.child).order_by(Parent.id, Child.id)"])

patterns("rel_association_m2m", "association", "Combining Association Object with Many-to-Many Access Patterns", 883,
         [("Parent", "children", "Child", "many", "Parent.id"),
          ("Parent", "child_associations", "Association", "many", "Parent.id"),
          ("Child", "parents", "Parent", "many", "Child.id"),
          ("Child", "parent_associations", "Association", "many", "Child.id")],
         chained=["select(Parent).options(selectinload(Parent.children), selectinload(Parent.child_associations)).order_by(Parent.id)"])
