from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Kept(Base):
    __tablename__ = "kept"
    __table_args__ = {"comment": "new comment"}
    id: Mapped[int] = mapped_column(primary_key=True)


class Bare(Base):
    __tablename__ = "bare"
    id: Mapped[int] = mapped_column(primary_key=True)
