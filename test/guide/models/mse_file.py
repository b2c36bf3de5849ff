# doc/build/orm/mapped_sql_expr.rst, "Composing from Column Properties at Mapping Time": the guide's class, as written;
# the import lines and the Base class are ours (the guide leaves them out).
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import column_property


class Base(DeclarativeBase):
    pass


class File(Base):
    __tablename__ = "file"
    id = mapped_column(Integer, primary_key=True)
    name = mapped_column(String(64))
    extension = mapped_column(String(8))
    filename = column_property(name + "." + extension)
    path = column_property("C:/" + filename.expression)
