# Not the guide's: PostgreSQL's JSONB and ARRAY columns, for the derived cases
# of their comparators (select.py, PostgreSQL only).
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    data = mapped_column(JSONB)
    tags = mapped_column(ARRAY(String))
    nums = mapped_column(ARRAY(Integer))
