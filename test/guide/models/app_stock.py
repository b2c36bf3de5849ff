# Not from SQLAlchemy's documentation: an inventory / warehouse service as application
# code writes it (the "apps4" chapter, cases/apps4.py): Numeric money through
# type_annotation_map, an enum.StrEnum stored by value (values_callable, non-native), a
# plain Enum stored by name, CheckConstraints and a named Index in __table_args__, a
# timestamp mixin with server_default=func.now(), hybrids with SQL expressions (both
# decorator styles), a viewonly relationship, purchase orders with ordered lines.
import enum
from datetime import date, datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import (CheckConstraint, Enum, ForeignKey, Index, Numeric, String,
                        UniqueConstraint, case, func, select)
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import (DeclarativeBase, Mapped, column_property, declared_attr,
                            mapped_column, relationship)


class Base(DeclarativeBase):
    type_annotation_map = {Decimal: Numeric(10, 2)}


class ItemStatus(enum.StrEnum):
    ACTIVE = "active"
    BACKORDER = "backorder"
    DISCONTINUED = "discontinued"


class MovementKind(enum.Enum):
    RECEIPT = "receipt"
    SHIPMENT = "shipment"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Clerk(Base):
    __tablename__ = "clerks"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(20), unique=True)


class CreatedByMixin:
    @declared_attr
    def created_by_id(cls) -> Mapped[Optional[int]]:
        return mapped_column(ForeignKey("clerks.id"))

    @declared_attr
    def created_by(cls) -> Mapped[Optional[Clerk]]:
        return relationship()


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    city: Mapped[str] = mapped_column(String(60))
    capacity: Mapped[int]

    bins: Mapped[List["Bin"]] = relationship(back_populates="warehouse",
                                             cascade="all, delete-orphan",
                                             order_by="Bin.label")
    levels: Mapped[List["StockLevel"]] = relationship(viewonly=True)
    movements: Mapped[List["Movement"]] = relationship(back_populates="warehouse")


class Bin(Base):
    __tablename__ = "bins"
    __table_args__ = (UniqueConstraint("warehouse_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    label: Mapped[str] = mapped_column(String(10))
    zone: Mapped[Optional[str]] = mapped_column(String(1))

    warehouse: Mapped[Warehouse] = relationship(back_populates="bins")


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    country: Mapped[Optional[str]] = mapped_column(String(2))
    rating: Mapped[Optional[int]]

    items: Mapped[List["Item"]] = relationship(back_populates="supplier", order_by="Item.sku")
    orders: Mapped[List["PurchaseOrder"]] = relationship(back_populates="supplier")


class Item(TimestampMixin, Base):
    __tablename__ = "items"
    __table_args__ = (
        CheckConstraint("unit_cost >= 0", name="ck_item_cost"),
        CheckConstraint("list_price >= unit_cost", name="ck_item_price"),
        Index("ix_items_category_status", "category", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(30))
    supplier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("suppliers.id"))
    unit_cost: Mapped[Decimal]
    list_price: Mapped[Decimal]
    weight_kg: Mapped[Optional[Decimal]] = mapped_column(Numeric(8, 3))
    status: Mapped[ItemStatus] = mapped_column(
        Enum(ItemStatus, values_callable=lambda e: [m.value for m in e],
             native_enum=False, length=20),
        default=ItemStatus.ACTIVE)
    reorder_point: Mapped[int] = mapped_column(default=10)

    supplier: Mapped[Optional[Supplier]] = relationship(back_populates="items")
    levels: Mapped[List["StockLevel"]] = relationship(back_populates="item",
                                                      cascade="all, delete-orphan")
    movements: Mapped[List["Movement"]] = relationship(back_populates="item",
                                                       order_by="Movement.moved_at")

    @hybrid_property
    def margin(self) -> Decimal:
        return self.list_price - self.unit_cost

    @hybrid_property
    def label(self) -> str:
        return self.sku + " " + self.name

    @label.expression
    def label(cls):
        return cls.sku + " " + cls.name

    @hybrid_method
    def cheaper_than(self, limit):
        return self.list_price < limit

    @hybrid_property
    def heavy(self) -> bool:
        return self.weight_kg is not None and self.weight_kg > 10

    @heavy.inplace.expression
    @classmethod
    def _heavy_expression(cls):
        return func.coalesce(cls.weight_kg, 0) > 10


class StockLevel(Base):
    __tablename__ = "stock_levels"
    __table_args__ = (
        UniqueConstraint("item_id", "warehouse_id", name="uq_stock_item_wh"),
        CheckConstraint("on_hand >= 0", name="ck_stock_on_hand"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    bin_id: Mapped[Optional[int]] = mapped_column(ForeignKey("bins.id"))
    on_hand: Mapped[int] = mapped_column(default=0)
    reserved: Mapped[int] = mapped_column(default=0)

    item: Mapped[Item] = relationship(back_populates="levels")
    warehouse: Mapped[Warehouse] = relationship()
    bin: Mapped[Optional[Bin]] = relationship()

    @hybrid_property
    def available(self) -> int:
        return self.on_hand - self.reserved


Item.price_band = column_property(
    case((Item.list_price >= 100, "premium"), (Item.list_price >= 10, "standard"),
         else_="budget"))
Item.on_hand_total = column_property(
    select(func.coalesce(func.sum(StockLevel.on_hand), 0))
    .where(StockLevel.item_id == Item.id)
    .correlate_except(StockLevel)
    .scalar_subquery(),
    deferred=True,
)


class Movement(Base):
    __tablename__ = "movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    kind: Mapped[MovementKind]
    quantity: Mapped[int]
    moved_at: Mapped[datetime]
    reference: Mapped[Optional[str]] = mapped_column(String(30))
    unit_cost: Mapped[Optional[Decimal]]

    item: Mapped[Item] = relationship(back_populates="movements")
    warehouse: Mapped[Warehouse] = relationship(back_populates="movements")


class PurchaseOrder(CreatedByMixin, Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    ordered_on: Mapped[date]
    expected_on: Mapped[Optional[date]]
    status: Mapped[str] = mapped_column(String(12), default="open")

    supplier: Mapped[Supplier] = relationship(back_populates="orders")
    lines: Mapped[List["PurchaseOrderLine"]] = relationship(
        back_populates="order", cascade="all, delete-orphan",
        order_by="PurchaseOrderLine.line_no")


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (UniqueConstraint("order_id", "line_no"),
                      CheckConstraint("quantity > 0"))

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"))
    line_no: Mapped[int]
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int]
    price: Mapped[Decimal]
    received: Mapped[int] = mapped_column(default=0)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")
    item: Mapped[Item] = relationship()
