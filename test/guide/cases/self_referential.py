# doc/build/orm/self_referential.rst -- "Adjacency List Relationships". The guide's
# Node mappings (models/self_ref_*.py) on the guide's table of nodes (data/nodes.json);
# the composite Folder on rows of ours. The chapter's three statements are cases as
# written; "derived" cases load each adjacency relationship in the ways the chapter
# discusses (selectin, joined, join_depth, joins through an alias).

DEFAULTS.update(model="self_ref_bidirectional", data="nodes", feature="relationship loading")

case("Self-Referential Query Strategies", 138, """
# get all nodes named 'child2'
select(Node).where(Node.data == "child2")
""")

case("Self-Referential Query Strategies", 154, """
from sqlalchemy.orm import aliased

nodealias = aliased(Node)
(
    select(Node)
    .where(Node.data == "subchild1")
    .join(Node.parent.of_type(nodealias))
    .where(nodealias.data == "child2")
)
""")

case("Configuring Self-Referential Eager Loading", 197, """
select(Node)
""", model="self_ref_join_depth", note="lazy=\"joined\", join_depth=2: two levels of children "
     "load with every node")

case("Configuring Self-Referential Eager Loading", 197, """
select(Node).where(Node.parent_id.is_(None))
""", model="self_ref_join_depth", source="derived", slug="197-root")

# ---- derived -----------------------------------------------------------------------------------

D = dict(source="derived")

case("Adjacency List Relationships", 28, """
select(Node).order_by(Node.id)
""", model="self_ref_children", slug="28-plain", **D)

case("Adjacency List Relationships", 28, """
select(Node).options(selectinload(Node.children)).order_by(Node.id)
""", model="self_ref_children", slug="28-selectin", **D)

case("Adjacency List Relationships", 28, """
select(Node).where(Node.id == 1).options(selectinload(Node.children, recursion_depth=-1))
""", model="self_ref_children", slug="28-recursion", **D,
     note="selectinload(recursion_depth=-1) loads the whole tree under the root")

case("Adjacency List Relationships", 28, """
select(Node).where(Node.id == 1).options(joinedload(Node.children).joinedload(Node.children))
""", model="self_ref_children", slug="28-joined-two", **D)

case("Adjacency List Relationships", 66, """
select(Node).options(joinedload(Node.parent)).order_by(Node.id)
""", model="self_ref_parent", slug="66-joined", **D,
     note="a joined load of the remote_side parent")

case("Adjacency List Relationships", 66, """
select(Node).options(selectinload(Node.parent)).order_by(Node.id)
""", model="self_ref_parent", slug="66-selectin", **D)

case("Adjacency List Relationships", 66, """
select(Node).options(joinedload(Node.parent).joinedload(Node.parent)).where(Node.data == "subchild2")
""", model="self_ref_parent", slug="66-joined-two", **D)

case("Adjacency List Relationships", 66, """
parent = aliased(Node)
select(Node.data, parent.data.label("parent_data")).join(Node.parent.of_type(parent)).order_by(Node.id)
""", model="self_ref_parent", slug="66-join", **D)

case("Adjacency List Relationships", 82, """
select(Node).where(Node.parent.has(Node.data == "root")).order_by(Node.id)
""", slug="82-has", **D)

case("Adjacency List Relationships", 82, """
select(Node).where(Node.children.any()).order_by(Node.id)
""", slug="82-any", **D)

case("Adjacency List Relationships", 82, """
select(Node).where(Node.data == "child2").options(selectinload(Node.children), joinedload(Node.parent))
""", slug="82-both", **D)

case("Adjacency List Relationships", 82, """
select(Node).options(selectinload(Node.children).selectinload(Node.children)).where(Node.id == 1)
""", slug="82-two-levels", **D)

case("Adjacency List Relationships", 82, """
select(Node).options(joinedload(Node.parent), selectinload(Node.children)).order_by(Node.id)
""", slug="82-all", **D,
     note="every node with its parent and children: objects met again inside themselves are "
          "written with their columns only")

case("Composite Adjacency Lists", 105, """
select(Folder).options(selectinload(Folder.child_folders)).order_by(Folder.account_id, Folder.folder_id)
""", model="self_ref_folder", data="folders", slug="105-children", **D)

case("Composite Adjacency Lists", 105, """
select(Folder).options(joinedload(Folder.parent_folder)).order_by(Folder.account_id, Folder.folder_id)
""", model="self_ref_folder", data="folders", slug="105-parent", **D)

case("Composite Adjacency Lists", 105, """
select(Folder.account_id, Folder.name).where(Folder.parent_folder.has(Folder.name == "root")).order_by(Folder.account_id, Folder.name)
""", model="self_ref_folder", data="folders", slug="105-has", **D)

case("Adjacency List Relationships", 28, """
select(Node).where(Node.id == 1).options(selectinload(Node.children, recursion_depth=1))
""", model="self_ref_children", data="nodes", source="derived", slug="28-recursion-1",
     note="recursion_depth=1: one level more below the first")
