"""Retention by cohort: of the customers who first bought in a month, how many bought again later.

Why it is built this way:
- A customer's cohort is the calendar month (UTC) of their first purchase in the data; a
  customer is active in a month when they made a purchase in it (returns are not
  purchases). Months are what owners plan and compare in, and a month is long enough that
  most shops' customers have a chance to come back in it.
- The table is long (cohort, month_offset) with every offset from 0 (the first month, share
  1 by definition) to the last month in the data, zeros included: a missing row would read as
  "no data" where it means "nobody came back". The last month may be partial, which pulls
  its shares down; the months are not trimmed here so the owner sees the latest.
- The first cohort holds every customer who bought before the data start too (their real
  first purchase is older), so its retention reads higher; it is still shown, flagged by
  `first_in_data`.
"""

from __future__ import annotations

import polars as pl

SCHEMA = {
    "cohort": pl.Date,
    "size": pl.Int64,
    "month_offset": pl.Int64,
    "active": pl.Int64,
    "share_active": pl.Float64,
    "first_in_data": pl.Boolean,
}


def _month_number(column: str) -> pl.Expr:
    return pl.col(column).dt.year().cast(pl.Int64) * 12 + pl.col(column).dt.month().cast(pl.Int64) - 1


def retention(purchases: pl.DataFrame) -> pl.DataFrame:
    """Retention table from purchases (customer_id, day: Date): columns of SCHEMA, sorted."""
    if purchases.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    months = (
        purchases.select("customer_id", pl.col("day").dt.truncate("1mo").alias("month"))
        .unique()
        .with_columns(_month_number("month").alias("m"))
    )
    first = months.group_by("customer_id").agg(
        pl.col("m").min().alias("c"), pl.col("month").min().alias("cohort")
    )
    last_month = int(months.get_column("m").max())  # type: ignore[arg-type]
    first_month = int(months.get_column("m").min())  # type: ignore[arg-type]
    active = (
        months.join(first, on="customer_id")
        .group_by("cohort", "c", (pl.col("m") - pl.col("c")).alias("month_offset"))
        .agg(pl.len().cast(pl.Int64).alias("active"))
    )
    sizes = first.group_by("cohort", "c").agg(pl.len().cast(pl.Int64).alias("size"))
    grid = sizes.with_columns(pl.int_ranges(0, last_month - pl.col("c") + 1).alias("month_offset")).explode(
        "month_offset"
    )
    return (
        grid.with_columns(pl.col("month_offset").cast(pl.Int64))
        .join(
            active.drop("c").with_columns(pl.col("month_offset").cast(pl.Int64)),
            on=["cohort", "month_offset"],
            how="left",
        )
        .with_columns(
            pl.col("active").fill_null(0),
            (pl.col("c") == first_month).alias("first_in_data"),
        )
        .with_columns((pl.col("active") / pl.col("size")).alias("share_active"))
        .select(list(SCHEMA))
        .sort("cohort", "month_offset")
    )
