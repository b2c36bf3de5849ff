--
-- query_calls: what session calls return, used by the text as Python does
-- (orm/query_calls.c; sql/query_session.sql has the calls themselves): an
-- Enum column's value is its member, an object is of the subclass its
-- discriminator names, with its own attributes and relationships (loaded
-- when read).  Checked against SQLAlchemy 2.0.52 on the same data.
--
\pset format unaligned

SELECT orm_declare('import enum
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class St(enum.Enum):
    DRAFT = "draft"
    LIVE = "live"


class Dept(Base):
    __tablename__ = "qc_dept"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff: Mapped[list["Employee"]] = relationship(back_populates="dept", order_by="Employee.id")


class Employee(Base):
    __tablename__ = "qc_emp"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    st: Mapped[St] = mapped_column(Enum(St))
    dept_id: Mapped[int] = mapped_column(ForeignKey("qc_dept.id"))
    dept: Mapped["Dept"] = relationship(back_populates="staff")
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "qc_mgr"
    id: Mapped[int] = mapped_column(ForeignKey("qc_emp.id"), primary_key=True)
    reports: Mapped[list["Report"]] = relationship(order_by="Report.id")
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Report(Base):
    __tablename__ = "qc_rep"
    id: Mapped[int] = mapped_column(primary_key=True)
    mgr_id: Mapped[int] = mapped_column(ForeignKey("qc_mgr.id"))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO qc_dept (id) VALUES (1);
INSERT INTO qc_emp (id, kind, st, dept_id) VALUES (1, 'employee', 'DRAFT', 1), (2, 'manager', 'LIVE', 1);
INSERT INTO qc_mgr (id) VALUES (2);
INSERT INTO qc_rep (id, mgr_id) VALUES (1, 2), (2, 2);

-- an Enum column's value is its member: compared with members, written as the result writes it
SELECT orm_select('[e.id for e in session.scalars(select(Employee).order_by(Employee.id)) if e.st == St.LIVE]');
SELECT orm_select('[e.st for e in session.scalars(select(Employee).order_by(Employee.id))]');
SELECT orm_select('[r.st is St.DRAFT for r in session.execute(select(Employee.st, Employee.id).order_by(Employee.id))]');
SELECT orm_select('[s.name for s in session.scalars(select(Employee.st).order_by(Employee.id))]');
SELECT orm_select('session.scalars(select(Employee.id).where(Employee.st == session.get(Employee, 2).st)).all()');
-- an object is of the subclass its discriminator names
SELECT orm_select('[e.reports if e.kind == "manager" else e.dept for e in session.scalars(select(Employee).order_by(Employee.id))]');
SELECT orm_select('[len(e.reports) for e in session.get(Dept, 1).staff if e.kind == "manager"]');
SELECT orm_select('session.get(Employee, 1).reports');
SELECT orm_select('[session.get(Employee, 2) == session.get(Manager, 2), session.get(Employee, 1) == session.get(Employee, 2)]');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
