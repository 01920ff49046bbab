"""The business at a glance: revenue by month, best-selling products, customers.

This is the first thing an owner sees after an import, so it answers the questions an
owner asks first ("how much did I sell, what sells, who buys") from the canonical sale
lines alone. Amounts in different currencies are never added together: the overview is
for the business's main currency, and says which other currencies it left out. Lines
without a price (a till list of items sold) count as sales and quantities, not as revenue;
best sellers are ranked by revenue, then by quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from rung.engine.schema import MONEY_DTYPE, SALE_LINE

_IS_RETURN = pl.col("return_flag").fill_null(False) | (pl.col("quantity") < 0)
# An order is a sale: a cancellation or refund note is a return, not another order.
_ORDERS = pl.col("order_id").filter(~_IS_RETURN).n_unique()
_LINE_VALUE = (pl.col("quantity").cast(MONEY_DTYPE) * pl.col("unit_price")) - pl.col("discount").fill_null(0)


@dataclass(frozen=True)
class Overview:
    """Headline figures and the tables behind the dashboard charts."""

    currency: str | None
    other_currencies: tuple[str, ...]
    net_revenue: Decimal
    orders: int
    customers: int
    lines: int
    unpriced_lines: int
    first_sale: datetime | None
    last_sale: datetime | None
    returned_value: Decimal
    revenue_by_month: pl.DataFrame
    top_products: pl.DataFrame
    customers_by_month: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.lines == 0

    @property
    def average_order_value(self) -> Decimal | None:
        return (self.net_revenue / self.orders).quantize(Decimal("0.01")) if self.orders else None


def main_currency(sales: pl.DataFrame) -> str | None:
    """The currency most of the sale lines are in."""
    if sales.is_empty():
        return None
    top = sales.group_by("currency").len().sort(["len", "currency"], descending=[True, False])
    value = top.get_column("currency")[0]
    return str(value) if value is not None else None


def build_overview(sales: pl.DataFrame, *, top_n: int = 10, time_zone: str = "UTC") -> Overview:
    """Compute the overview from canonical sale lines (see rung.engine.schema.SALE_LINE).

    Months are the business's own: a sale at 00:30 on 1 June in Amsterdam belongs to June,
    though it is 31 May in UTC, so timestamps are converted to time_zone first.
    """
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"Unknown time zone {time_zone!r}; use a name such as 'Europe/Amsterdam'.") from None
    sales = SALE_LINE.conform(sales).with_columns(pl.col("timestamp").dt.convert_time_zone(time_zone))
    currency = main_currency(sales)
    others = tuple(sorted(c for c in sales.get_column("currency").unique().drop_nulls() if c != currency))
    lines = sales.filter(pl.col("currency").eq_missing(currency)).with_columns(value=_LINE_VALUE)
    returns = lines.filter(_IS_RETURN)
    timestamps = lines.get_column("timestamp")
    return Overview(
        currency=currency,
        other_currencies=others,
        net_revenue=_decimal(lines.get_column("value").sum()),
        orders=lines.select(_ORDERS).item(),
        customers=lines.get_column("customer_id").drop_nulls().n_unique(),
        lines=lines.height,
        unpriced_lines=lines.get_column("unit_price").null_count(),
        first_sale=timestamps.min() if lines.height else None,  # type: ignore[arg-type]
        last_sale=timestamps.max() if lines.height else None,  # type: ignore[arg-type]
        returned_value=-_decimal(returns.get_column("value").sum()),
        revenue_by_month=_revenue_by_month(lines),
        top_products=_top_products(lines, top_n),
        customers_by_month=_customers_by_month(lines),
    )


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _month(col: str = "timestamp") -> pl.Expr:
    return pl.col(col).dt.truncate("1mo").dt.date().alias("month")


def _revenue_by_month(lines: pl.DataFrame) -> pl.DataFrame:
    return (
        lines.group_by(_month())
        .agg(
            revenue=pl.col("value").sum().cast(pl.Float64).round(2),
            orders=_ORDERS,
        )
        .sort("month")
    )


def _top_products(lines: pl.DataFrame, top_n: int) -> pl.DataFrame:
    return (
        lines.group_by("product_id")
        .agg(
            description=pl.col("description").drop_nulls().mode().sort().first(),
            revenue=pl.col("value").sum().cast(pl.Float64).round(2),
            quantity=pl.col("quantity").sum(),
        )
        .sort(["revenue", "quantity", "product_id"], descending=[True, True, False])
        .head(top_n)
    )


def _customers_by_month(lines: pl.DataFrame) -> pl.DataFrame:
    """Buying customers per month, split into first-time and returning."""
    known = lines.filter(pl.col("customer_id").is_not_null())
    first = known.group_by("customer_id").agg(
        first_month=pl.col("timestamp").min().dt.truncate("1mo").dt.date()
    )
    active = known.select("customer_id", _month()).unique().join(first, on="customer_id")
    return (
        active.group_by("month")
        .agg(
            new=(pl.col("month") == pl.col("first_month")).sum().cast(pl.Int64),
            returning=(pl.col("month") != pl.col("first_month")).sum().cast(pl.Int64),
        )
        .sort("month")
    )
