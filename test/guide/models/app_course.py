# Not from SQLAlchemy's documentation: an e-learning site as application code writes it
# with Python 3.10+ annotations (the "apps3" chapter, cases/apps3.py): list["X"] and
# "X | None" in Mapped[], Literal types as a non-native Enum, Identity() keys, a
# many-to-many through a Table with order_by, a deferred correlated column_property and
# a hybrid_property with an expression.
from __future__ import annotations

import enum
from datetime import date
from typing import Literal

from sqlalchemy import (Column, Enum, ForeignKey, Identity, Integer, String, Table,
                        func, select)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship

Level = Literal["beginner", "intermediate", "advanced"]


class Base(DeclarativeBase):
    type_annotation_map = {Level: Enum("beginner", "intermediate", "advanced",
                                       name="level", native_enum=False, length=20)}


class Grade(enum.IntEnum):
    FAIL = 0
    PASS = 1
    MERIT = 2
    DISTINCTION = 3


enrollments = Table(
    "enrollments", Base.metadata,
    Column("student_id", ForeignKey("students.id"), primary_key=True),
    Column("course_id", ForeignKey("courses.id"), primary_key=True),
)


class Teacher(Base):
    __tablename__ = "teachers"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    courses: Mapped[list[Course]] = relationship(back_populates="teacher", order_by="Course.code")


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    title: Mapped[str] = mapped_column(String(100))
    level: Mapped[Level]
    starts: Mapped[date | None]
    capacity: Mapped[int] = mapped_column(default=30)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id"))

    teacher: Mapped[Teacher | None] = relationship(back_populates="courses")
    students: Mapped[list[Student]] = relationship(secondary=enrollments, back_populates="courses",
                                                   order_by="Student.name")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="course", order_by="Lesson.number")

    enrolled = column_property(
        select(func.count(enrollments.c.student_id))
        .where(enrollments.c.course_id == id)
        .correlate_except(enrollments)
        .scalar_subquery(),
        deferred=True,
    )

    @hybrid_property
    def label(self) -> str:
        return self.code + ": " + self.title

    @label.inplace.expression
    @classmethod
    def _label_expression(cls):
        return cls.code + ": " + cls.title


class Student(Base):
    __tablename__ = "students"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(120), unique=True)
    courses: Mapped[list[Course]] = relationship(secondary=enrollments, back_populates="students",
                                                 order_by=Course.code)
    results: Mapped[list[Result]] = relationship(back_populates="student")


class Lesson(Base):
    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(100))
    minutes: Mapped[int] = mapped_column(default=45)

    course: Mapped[Course] = relationship(back_populates="lessons")


class Result(Base):
    __tablename__ = "results"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    grade: Mapped[Grade]
    score: Mapped[int | None]

    student: Mapped[Student] = relationship(back_populates="results")
    course: Mapped[Course] = relationship()
