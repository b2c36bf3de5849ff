from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    sku: Mapped[str] = mapped_column(String(20), server_default="UNKNOWN")
    stock: Mapped[int] = mapped_column(server_default=text("0"))
    note: Mapped[str | None] = mapped_column(String(200))
