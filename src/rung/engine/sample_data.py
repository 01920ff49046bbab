"""The bundled sample shop: a documented cut of the UCI Online Retail data (CC BY 4.0).

The demo must work on a fresh clone with no network and no ../shared, so the sample
lives in the package (see demo_data/README.md for attribution and how it was cut).
Its layout is known, so it is mapped here directly; the general importer
(rung.engine.ingest) handles exports whose layout is not known in advance.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from rung.engine.progress import Progress, gettext_noop, silent
from rung.engine.schema import CUSTOMER, MONEY_DTYPE, PRODUCT, SALE_LINE

SAMPLE_PATH = Path(__file__).parent / "demo_data" / "online_retail_sample.csv.gz"
SAMPLE_NAME = "Hearth & Heart Gifts"
SAMPLE_CURRENCY = "GBP"


def read_sample(path: Path = SAMPLE_PATH) -> pl.DataFrame:
    """The raw export, every value as text, exactly as the retailer's system wrote it."""
    return pl.read_csv(path, infer_schema=False)


def to_canonical(raw: pl.DataFrame, progress: Progress = silent) -> dict[str, pl.DataFrame]:
    """Map the UCI Online Retail layout to canonical sale lines, customers and products."""
    progress(10, gettext_noop("Reading sale lines"))
    lines = raw.with_columns(
        customer_id=pl.col("CustomerID").str.replace(r"\.0$", ""),
        timestamp=pl.col("InvoiceDate")
        .str.to_datetime("%Y-%m-%d %H:%M:%S")
        .dt.replace_time_zone("Europe/London"),
    ).with_columns(
        line_no=pl.int_range(1, pl.len() + 1).over("InvoiceNo").cast(pl.Int64),
    )
    sale_lines = SALE_LINE.conform(
        lines.select(
            order_id=pl.col("InvoiceNo"),
            line_no=pl.col("line_no"),
            timestamp=pl.col("timestamp").dt.convert_time_zone("UTC"),
            customer_id=pl.col("customer_id"),
            product_id=pl.col("StockCode"),
            description=pl.col("Description"),
            quantity=pl.col("Quantity").cast(pl.Float64),
            unit=pl.lit("piece"),
            unit_price=pl.col("UnitPrice").cast(MONEY_DTYPE),
            currency=pl.lit(SAMPLE_CURRENCY),
            channel=pl.lit("online"),
            return_flag=pl.col("InvoiceNo").str.starts_with("C"),
        )
    )
    progress(40, gettext_noop("Collecting customers"))
    customers = CUSTOMER.conform(
        lines.filter(pl.col("customer_id").is_not_null())
        .group_by("customer_id")
        .agg(
            country=pl.col("Country").drop_nulls().mode().sort().first(),
            first_seen=pl.col("timestamp").min().dt.convert_time_zone("UTC"),
        )
        .sort("customer_id")
    )
    progress(55, gettext_noop("Collecting products"))
    # Every product sold or returned is listed; names and prices come from sales, not refunds,
    # unless the product was only ever refunded. Ties (mode) go to the first name in order,
    # so the same file always gives the same names.
    sold = ~pl.col("InvoiceNo").str.starts_with("C")
    products = PRODUCT.conform(
        lines.group_by(product_id=pl.col("StockCode"))
        .agg(
            name=pl.coalesce(
                pl.col("Description").filter(sold).drop_nulls().mode().sort().first(),
                pl.col("Description").drop_nulls().mode().sort().first(),
            ),
            list_price=pl.col("UnitPrice").cast(MONEY_DTYPE).filter(sold).median(),
        )
        .with_columns(unit=pl.lit("piece"), currency=pl.lit(SAMPLE_CURRENCY))
        .sort("product_id")
    )
    return {"sale_lines": sale_lines, "customers": customers, "products": products}
