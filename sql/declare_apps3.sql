--
-- declare_apps3: idioms of the guide's apps3 chapter (a wiki with dataclass
-- models, a multi-tenant accounting service: test/guide/cases/apps3.py), each
-- checked against SQLAlchemy 2.0.52: func.extract(...) is SQLAlchemy's Extract
-- construct, which carries no ORM annotation, so a select whose only mapped
-- columns are inside it is a Core statement (its count(*) is Row key count_1);
-- order_by(*cols) / group_by(*cols) spread a list; stmt.c (SQLAlchemy's
-- deprecated SelectBase.c) is one anonymous subquery of stmt.
--
\pset format unaligned

SELECT orm_declare('from datetime import datetime
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Revision(Base):
    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    summary: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO revisions VALUES (1, 'created', '2023-11-01 08:00:00'), (2, 'typo', '2024-01-02 09:00:00'),
	(3, 'links', '2024-03-05 10:00:00');

-- Core statements: count_1 (the Extract construct, spelled either way)
SELECT orm_select('select(func.extract(''year'', Revision.created_at).label(''y''), func.count()).group_by(func.extract(''year'', Revision.created_at)).order_by(''y'')') AS func_extract;
SELECT orm_select('select(func.EXTRACT(''year'', Revision.created_at).label(''y''), func.count()).group_by(''y'').order_by(''y'')') AS func_extract_upper;
SELECT orm_select('select(extract(''year'', Revision.created_at).label(''y''), func.count()).group_by(''y'').order_by(''y'')') AS extract;
-- ORM statements: a mapped column outside the Extract names it count
SELECT orm_select('select(func.extract(''year'', Revision.created_at).label(''y''), func.count()).where(Revision.id > 1).group_by(''y'')') AS orm_where;
SELECT orm_select('select(func.lower(Revision.summary).label(''s''), func.count()).group_by(''s'').order_by(''s'')') AS orm_lower;
SELECT orm_select('select(func.extract(''year'', Revision.created_at))') AS no_label;

-- *cols in order_by() / group_by(), as in select()
SELECT orm_select('cols = [Revision.summary, Revision.id]
select(*cols).order_by(*cols)') AS star_order_by;
SELECT orm_select('select(Revision.summary, func.count()).group_by(*[Revision.summary]).order_by(*(Revision.summary.desc(),))') AS star_group_by;
SELECT orm_select('select(Revision).order_by(*Revision.id)') AS star_not_a_list;
SELECT orm_select('filters = [Revision.id > 1, Revision.summary != ''typo'']
select(Revision.summary).where(*filters)') AS star_where;
SELECT orm_select('conds = (func.count() > 0, Revision.summary != ''typo'')
select(Revision.summary, func.count()).group_by(Revision.summary).having(*conds).order_by(Revision.summary)') AS star_having;
SELECT orm_select('select(Revision.id).filter(*Revision.id)') AS star_where_not_a_list;

-- stmt.c: the columns of one anonymous subquery of stmt (each stmt.c the same one)
SELECT orm_select('u = union_all(select(Revision.summary.label(''name'')).where(Revision.id < 3), select(literal(''zzz'').label(''name'')))
select(u.c.name).order_by(u.c.name)') AS compound_c;
SELECT orm_select('u = select(Revision.id, Revision.summary).where(Revision.id > 1)
select(u.c.summary, u.c.id).where(u.c.id < 3)') AS select_c;
SELECT orm_select('u = select(Revision.id, Revision.summary)
select(u.c.summary).where(u.c.nope == 1)') AS select_c_unknown;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
