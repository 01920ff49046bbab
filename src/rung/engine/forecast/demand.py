"""Sale lines → demand: how much of each product customers took, per day, week or month.

Why it is built this way:
- Demand is what customers bought, so only lines with quantity > 0 that are not returns or
  cancellations count. A return is not negative demand for the week it came back in: netting
  it would make a busy week look quiet (the UCI gift shop's cancellations would otherwise cut
  some products' weeks below zero).
- Every product gets a complete series from its first sale to the end of the data, with the
  periods it did not sell filled with 0. Statistical models read a missing week as "no
  information"; for a shop it is a week nobody bought the product, and intermittent-demand
  models (Croston, TSB, ...) need exactly those zeros.
- Weeks start on Monday (ISO), months on the 1st; dates are the UTC dates of the
  timestamps (sale lines are stored in UTC; a sale at 00:30 local time in summer counts for
  the previous day).
- A first or last period the data only partly covers is left out of the history (the UCI
  export ends on a Friday at noon: its last week would read as a collapse in demand). A
  period counts as complete when none of the weekdays the business sells on (seen in the last
  eight weeks) falls in it after the last sale; daily data always keeps its last day, since
  a quiet day and an unfinished one look the same. The forecast then starts with the
  unfinished period, which is the one the owner is in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

FREQS = ("day", "week", "month")
NO_LOCATION = "(no location)"
_TRUNCATE = {"day": "1d", "week": "1w", "month": "1mo"}


@dataclass(frozen=True)
class Demand:
    """Zero-filled demand per product; periods are numbered 0..len(periods)-1."""

    freq: str
    periods: list[dt.date]
    """Start date of each period of the history, oldest first."""
    products: pl.DataFrame
    """product_id (String), period (Int64), quantity (Float64): every period from the product's first sale."""
    locations: pl.DataFrame
    """product_id, location (String), period, quantity: only periods with sales (for shares and totals)."""
    dropped: tuple[dt.date, ...]
    """Start dates of partial periods left out of the history (the last one is forecast)."""
    returns_left_out: int
    """Lines that were returns, cancellations or had no positive quantity."""

    @property
    def has_locations(self) -> bool:
        return bool(self.locations.height) and bool(
            self.locations.filter(pl.col("location") != NO_LOCATION).height
        )


def check_freq(freq: str) -> None:
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")


def period_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the period that holds day."""
    check_freq(freq)
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    return day


def shift(start: dt.date, n: int, freq: str) -> dt.date:
    """The start of the period n periods after the one starting on start."""
    check_freq(freq)
    if freq == "day":
        return start + dt.timedelta(days=n)
    if freq == "week":
        return start + dt.timedelta(weeks=n)
    months = start.year * 12 + start.month - 1 + n
    return dt.date(months // 12, months % 12 + 1, 1)


def period_dates(first: dt.date, n: int, freq: str) -> list[dt.date]:
    return [shift(first, i, freq) for i in range(n)]


def _period_end(start: dt.date, freq: str) -> dt.date:
    return shift(start, 1, freq) - dt.timedelta(days=1)


def _index(col: pl.Expr, first: dt.date, freq: str) -> pl.Expr:
    """Period number of a period-start date column, counted from first."""
    if freq == "month":
        return (col.dt.year().cast(pl.Int64) * 12 + col.dt.month().cast(pl.Int64)) - (
            first.year * 12 + first.month
        )
    days = (col - pl.lit(first)).dt.total_days().cast(pl.Int64)
    return days // 7 if freq == "week" else days


def _complete(start: dt.date, freq: str, first_sale: dt.date, last_sale: dt.date, weekdays: set[int]) -> bool:
    """Whether the data covers the period that starts on start, judged by the selling weekdays."""
    end = _period_end(start, freq)
    if freq == "day":
        return True
    day = start
    while day <= end:
        if (day < first_sale or day > last_sale) and day.weekday() in weekdays:
            return False
        day += dt.timedelta(days=1)
    return True


def build_demand(lines: pl.DataFrame, freq: str) -> Demand:
    """Demand per product and period from canonical sale lines (see module docstring)."""
    check_freq(freq)
    flag = pl.col("return_flag").fill_null(False) if "return_flag" in lines.columns else pl.lit(False)
    sold = (pl.col("quantity") > 0) & ~flag & pl.col("product_id").is_not_null()
    location = (
        pl.col("location").fill_null(NO_LOCATION) if "location" in lines.columns else pl.lit(NO_LOCATION)
    )
    kept = (
        lines.lazy()
        .filter(sold)
        .select(
            pl.col("product_id").cast(pl.String),
            location.cast(pl.String).alias("location"),
            pl.col("timestamp").dt.date().alias("date"),
            pl.col("quantity").cast(pl.Float64),
        )
    )
    kept_df = kept.collect()
    returns_left_out = lines.height - kept_df.height
    empty_products = pl.DataFrame(
        schema={"product_id": pl.String, "period": pl.Int64, "quantity": pl.Float64}
    )
    empty_locations = pl.DataFrame(
        schema={"product_id": pl.String, "location": pl.String, "period": pl.Int64, "quantity": pl.Float64}
    )
    if kept_df.height == 0:
        return Demand(freq, [], empty_products, empty_locations, (), returns_left_out)
    first_sale: dt.date = kept_df.get_column("date").min()  # type: ignore[assignment]
    last_sale: dt.date = kept_df.get_column("date").max()  # type: ignore[assignment]
    recent = kept_df.filter(pl.col("date") > last_sale - dt.timedelta(days=56)).get_column("date")
    weekdays = {d.weekday() for d in recent.unique().to_list()}

    first = period_start(first_sale, freq)
    last = period_start(last_sale, freq)
    starts = [first]
    while starts[-1] < last:
        starts.append(shift(starts[-1], 1, freq))
    dropped: list[dt.date] = []
    if len(starts) >= 4 and not _complete(starts[-1], freq, first_sale, last_sale, weekdays):
        dropped.append(starts.pop())
    if len(starts) >= 3 and not _complete(starts[0], freq, first_sale, last_sale, weekdays):
        dropped.insert(0, starts.pop(0))
    first = starts[0]
    n = len(starts)

    by_location = (
        kept_df.lazy()
        .with_columns(_index(pl.col("date").dt.truncate(_TRUNCATE[freq]), first, freq).alias("period"))
        .filter((pl.col("period") >= 0) & (pl.col("period") < n))
        .group_by("product_id", "location", "period")
        .agg(pl.col("quantity").sum())
        .sort("product_id", "location", "period")
        .collect()
    )
    per_product = by_location.group_by("product_id", "period").agg(pl.col("quantity").sum())
    starts_at = per_product.group_by("product_id").agg(pl.col("period").min().alias("first"))
    grid = (
        starts_at.with_columns(pl.int_ranges(pl.col("first"), n, dtype=pl.Int64).alias("period"))
        .explode("period")
        .select("product_id", "period")
    )
    products = (
        grid.join(per_product, on=["product_id", "period"], how="left")
        .with_columns(pl.col("quantity").fill_null(0.0))
        .sort("product_id", "period")
    )
    return Demand(freq, starts, products, by_location, tuple(dropped), returns_left_out)
