"""Purchase orders from the advice: what to order now, per supplier, as a file to send.

A purchase order is only the products the advice says to order now (suggested_order > 0),
grouped by supplier so each supplier's lines can be sent together, with the line value
where the unit cost is known. The file is CSV or Excel (by the path's suffix), with
column headers a person reads, not field names; the web app may pass translated headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from rung.engine.schema import MONEY_DTYPE

PURCHASE_ORDER_SCHEMA = pl.Schema(
    {
        "supplier_id": pl.String(),
        "product_id": pl.String(),
        "name": pl.String(),
        "quantity": pl.Float64(),
        "unit_cost": MONEY_DTYPE,
        "line_value": MONEY_DTYPE,
        "currency": pl.String(),
    }
)

HEADERS = {
    "supplier_id": "Supplier",
    "product_id": "Product code",
    "name": "Product",
    "quantity": "Quantity",
    "unit_cost": "Unit cost",
    "line_value": "Line value",
    "currency": "Currency",
}
"""Column headers of the written file, in English."""


def purchase_order(advice: pl.DataFrame) -> pl.DataFrame:
    """The advice's rows with a suggested order, by supplier (no supplier last), then product."""
    rows = advice.filter(pl.col("suggested_order") > 0)
    currency = pl.col("currency") if "currency" in advice.columns else pl.lit(None, pl.String)
    supplier = pl.col("supplier_id") if "supplier_id" in advice.columns else pl.lit(None, pl.String)
    unit_cost = pl.col("unit_cost") if "unit_cost" in advice.columns else pl.lit(None, MONEY_DTYPE)
    return (
        rows.select(
            supplier_id=supplier.cast(pl.String),
            product_id=pl.col("product_id").cast(pl.String),
            name=pl.col("name").cast(pl.String),
            quantity=pl.col("suggested_order").cast(pl.Float64),
            unit_cost=unit_cost.cast(MONEY_DTYPE),
            currency=currency.cast(pl.String),
        )
        .with_columns(
            line_value=(pl.col("quantity").round(4).cast(MONEY_DTYPE) * pl.col("unit_cost")).cast(MONEY_DTYPE)
        )
        .sort(["supplier_id", "product_id"], nulls_last=True)
        .select(PURCHASE_ORDER_SCHEMA.names())
    )


def write_purchase_order(
    po: pl.DataFrame, path: Path | str, headers: Mapping[str, str] | None = None
) -> Path:
    """Write the purchase order to `path`: .csv (UTF-8) or .xlsx (one sheet, money formatted).

    Quantities are whole units when they all are, so a file shows "12", not "12.0".
    """
    path = Path(path)
    names = {**HEADERS, **(headers or {})}
    frame = po
    quantity = frame.get_column("quantity") if "quantity" in frame.columns else None
    if quantity is not None and quantity.drop_nulls().round(0).equals(quantity.drop_nulls()):
        frame = frame.with_columns(pl.col("quantity").cast(pl.Int64))
    frame = frame.rename({c: names[c] for c in frame.columns if c in names})
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.write_csv(path)
    elif suffix == ".xlsx":
        money = [names[c] for c in ("unit_cost", "line_value") if c in po.columns]
        # xlsxwriter writes numbers; money goes out as a float rounded to the cent and shown
        # with two decimals, which is what a spreadsheet user expects to add up.
        frame = frame.with_columns(pl.col(money).cast(pl.Float64).round(2))
        frame.write_excel(
            path,
            worksheet="Purchase order",
            column_formats=dict.fromkeys(money, "#,##0.00"),
            autofit=True,
            autofilter=False,
            freeze_panes="A2",
        )
    else:
        raise ValueError(f"Write a purchase order as .csv or .xlsx, not {path.suffix or 'no suffix'!r}.")
    return path
