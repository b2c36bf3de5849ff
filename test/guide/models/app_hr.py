# Not from SQLAlchemy's documentation: an HR / payroll service as application code
# writes it (the "apps2" chapter, cases/apps2.py): joined-table inheritance of
# employees (engineers, managers) with polymorphic identities, single-table
# inheritance of payroll adjustments, a hybrid_property with its own expression,
# column_property with a correlated scalar subquery, Numeric money, Date / Time /
# Interval columns and server_default=func.now().
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import (Date, ForeignKey, Interval, Numeric, String, Time, func, select)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    budget: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    opens_at: Mapped[Optional[time]] = mapped_column(Time)

    employees: Mapped[List["Employee"]] = relationship(back_populates="department", order_by="Employee.id")


class Employee(Base):
    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(50))
    last_name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    salary: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    hired_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[Optional[date]]
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("departments.id"))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    department: Mapped[Optional[Department]] = relationship(back_populates="employees")
    manager: Mapped[Optional["Manager"]] = relationship(
        back_populates="reports", foreign_keys=[manager_id]
    )
    adjustments: Mapped[List["Adjustment"]] = relationship(
        back_populates="employee", cascade="all, delete-orphan", order_by="Adjustment.id"
    )

    @hybrid_property
    def full_name(self):
        return self.first_name + " " + self.last_name

    @full_name.expression
    def full_name(cls):
        return cls.first_name + " " + cls.last_name

    @hybrid_property
    def active(self):
        return self.left_on is None

    @active.expression
    def active(cls):
        return cls.left_on.is_(None)

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "employee"}


class Engineer(Employee):
    __tablename__ = "engineers"

    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(30))
    level: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "managers"

    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    bonus_rate: Mapped[Decimal] = mapped_column(Numeric(4, 3))

    reports: Mapped[List[Employee]] = relationship(
        back_populates="manager", foreign_keys=[Employee.manager_id], order_by=Employee.id
    )

    __mapper_args__ = {"polymorphic_identity": "manager", "inherit_condition": id == Employee.id}


class Adjustment(Base):
    __tablename__ = "adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    type: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    effective: Mapped[date]
    period: Mapped[Optional[timedelta]] = mapped_column(Interval)

    employee: Mapped[Employee] = relationship(back_populates="adjustments")

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "adjustment"}


class Bonus(Adjustment):
    reason: Mapped[Optional[str]] = mapped_column(String(100))
    __mapper_args__ = {"polymorphic_identity": "bonus"}


class Deduction(Adjustment):
    __mapper_args__ = {"polymorphic_identity": "deduction"}


Department.headcount = column_property(
    select(func.count(Employee.id))
    .where(Employee.department_id == Department.id, Employee.left_on.is_(None))
    .correlate_except(Employee)
    .scalar_subquery()
)
Employee.adjustment_total = column_property(
    select(func.coalesce(func.sum(Adjustment.amount), 0))
    .where(Adjustment.employee_id == Employee.id)
    .correlate_except(Adjustment)
    .scalar_subquery(),
    deferred=True,
)
