"""The weekday pattern of daily demand: taken out before the models, put back after.

Why: most small shops have a strong week rhythm (the UCI gift shop sells nothing on
Saturdays and most on Thursdays). A median of the last 7 days ignores it, and a per-product
seasonal model (ETS with a season of 7) needs many sales per product to learn it, which most
products of a small shop do not have. The weekday pattern of all products together rests on
thousands of lines, so it is measured once on the total of the recent weeks and every
product's days are divided by their weekday's index (classical multiplicative
decomposition, with the index pooled over products). The models then forecast the adjusted
series and their answers are multiplied back by the index of the day they are for.

Days the business is closed (a weekday whose index is under CLOSED) would look like a
collapse in demand: they carry the previous day's adjusted value instead, and their
forecast is 0.

Everything happens inside the runner (the one place that hands series to statsforecast and
reads its forecasts back), so model choice, levels and intervals see ordinary daily series
and compare models on the real, unadjusted demand.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from rung.engine.forecast.run import Runner

WEEKS = 12
"""Recent weeks the index is measured on: long enough to average out a busy week, short
enough to follow a change of opening days."""
CLOSED = 0.1
"""A weekday selling under a tenth of an average day is taken to be a closed day."""


def weekday_index(series: pl.DataFrame, first: dt.date, weeks: int = WEEKS) -> dict[int, float]:
    """Weekday (0 Monday … 6 Sunday) → mean demand of that weekday / mean daily demand.

    series: unique_id, ds (day number from `first`), y. Weekdays with no recent days get 1.
    """
    totals = series.group_by("ds").agg(pl.col("y").sum())
    last = totals.get_column("ds").max()
    if not isinstance(last, int):
        return dict.fromkeys(range(7), 1.0)
    recent = totals.filter(pl.col("ds") > last - 7 * weeks).with_columns(
        ((pl.col("ds") + first.weekday()) % 7).alias("weekday")
    )
    overall = recent.get_column("y").mean()
    if not isinstance(overall, float) or overall <= 0:
        return dict.fromkeys(range(7), 1.0)
    means = dict(recent.group_by("weekday").agg(pl.col("y").mean()).iter_rows())
    return {day: float(means[day]) / overall if day in means else 1.0 for day in range(7)}


def has_pattern(index: dict[int, float]) -> bool:
    """Whether the index is worth applying (some weekday at least 10 % off an average day)."""
    return any(abs(value - 1.0) >= 0.1 for value in index.values())


def _factor(index: dict[int, float], first: dt.date) -> pl.Expr:
    """The index of each row's day; 0 for closed days."""
    weekday = (pl.col("ds") + first.weekday()) % 7
    table = {day: (value if value >= CLOSED else 0.0) for day, value in index.items()}
    return weekday.replace_strict(table, return_dtype=pl.Float64)


def adjust(series: pl.DataFrame, index: dict[int, float], first: dt.date) -> pl.DataFrame:
    """Demand divided by its weekday's index; closed days carry the day before's adjusted value."""
    factor = _factor(index, first)
    adjusted = pl.when(factor > 0).then(pl.col("y") / factor).otherwise(None)
    return (
        series.sort("unique_id", "ds")
        .with_columns(adjusted.alias("y"))
        .with_columns(pl.col("y").forward_fill().backward_fill().over("unique_id").fill_null(0.0))
    )


def restore(frame: pl.DataFrame, columns: list[str], index: dict[int, float], first: dt.date) -> pl.DataFrame:
    """Multiply the forecast columns back by the index of their day (0 on closed days)."""
    factor = _factor(index, first)
    return frame.with_columns([(pl.col(c) * factor).alias(c) for c in columns])


class WeekdayRunner(Runner):
    """A Runner whose models see weekday-adjusted daily demand (see the module docstring)."""

    def __init__(self, base: Runner, index: dict[int, float], first: dt.date) -> None:
        super().__init__(base.n_jobs, "dask" if base.dask else "local", base.client)
        self.index = index
        self.first = first

    def cross_validation(
        self, names: tuple[str, ...], df: pl.DataFrame, horizon: int, n_windows: int
    ) -> pl.DataFrame:
        out = super().cross_validation(names, adjust(df, self.index, self.first), horizon, n_windows)
        out = restore(out, list(names), self.index, self.first)
        actual = df.select("unique_id", "ds", pl.col("y").cast(pl.Float64))
        return out.drop("y").join(actual, on=["unique_id", "ds"], how="left").select(out.columns)

    def forecast(self, name: str, df: pl.DataFrame, horizon: int, levels: tuple[int, ...]) -> pl.DataFrame:
        out = super().forecast(name, adjust(df, self.index, self.first), horizon, levels)
        values = [c for c in out.columns if c not in ("unique_id", "ds")]
        return restore(out, values, self.index, self.first)
