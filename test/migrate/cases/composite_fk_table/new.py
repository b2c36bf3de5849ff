from sqlalchemy import ForeignKeyConstraint, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    vendor: Mapped[str] = mapped_column(String(10), primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), primary_key=True)


class StockLine(Base):
    __tablename__ = "stock_lines"
    __table_args__ = (
        ForeignKeyConstraint(["vendor", "sku"], ["products.vendor", "products.sku"], ondelete="CASCADE",
                             name="fk_stock_product"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str] = mapped_column(String(10))
    sku: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int]
