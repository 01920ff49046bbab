"""Forecasts with 80/95 % intervals for the chosen models, kept non-negative and nested.

How intervals are made (and why):
- Products: every chosen model is refitted on the product's past up to 5 times and asked
  for the next `horizon` periods (statsforecast's ConformalIntervals); the spread of those
  misses at each step ahead gives the interval. It is the product's own track record, with
  no normal-error assumption, which sparse counts break.
- Demand cannot be negative, so forecasts and bounds are cut at 0, and each wider interval
  contains the narrower one (lo_95 <= lo_80 <= forecast <= hi_80 <= hi_95) even where a
  short record would cross them.
- Aggregates (category, location, total): adding products' bounds would claim every product
  has its worst week at once, and too wide an interval is as useless as too narrow. So each
  aggregate series is also forecast by its own chosen model, and the distances from that
  model's forecast to its bounds (its own conformal record) are placed around the bottom-up
  sum of the product forecasts; the mean stays the sum, so levels add up. Where an aggregate
  has too little history for that, the products' half-widths are combined as if independent
  (square root of the sum of squares), which is narrower than the plain sum and says so.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from rung.engine.forecast.models import FALLBACK
from rung.engine.forecast.run import Runner


def bound_columns(levels: tuple[int, ...]) -> list[str]:
    return [f"{side}_{level}" for level in sorted(levels) for side in ("lo", "hi")]


def forecast_chosen(
    runner: Runner,
    series: pl.DataFrame,
    chosen: pl.DataFrame,
    horizon: int,
    levels: tuple[int, ...],
    progress: Callable[[float], None] | None = None,
) -> pl.DataFrame:
    """unique_id, ds, mean, lo_L, hi_L..., model for each series of chosen (unique_id, model)."""
    schema = {"unique_id": pl.String, "ds": pl.Int64, "mean": pl.Float64}
    schema |= {c: pl.Float64 for c in bound_columns(levels)} | {"model": pl.String}
    parts = [pl.DataFrame(schema=schema)]
    groups = chosen.group_by("model").agg("unique_id").sort("model")
    total, done = max(1, chosen.height), 0
    for model, ids in groups.iter_rows():
        df = series.filter(pl.col("unique_id").is_in(pl.Series(ids, dtype=pl.String).implode()))
        out = runner.forecast(model, df, horizon, levels).with_columns(pl.lit(model).alias("model"))
        parts.append(out.select(list(schema)))
        done += len(ids)
        if progress is not None:
            progress(done / total)
    result = pl.concat(parts)
    values = ["mean", *bound_columns(levels)]
    broken = result.filter(pl.any_horizontal(pl.col(values).is_nan() | pl.col(values).is_null()))
    if broken.height:
        ids = broken.get_column("unique_id").unique()
        again = runner.forecast(
            FALLBACK, series.filter(pl.col("unique_id").is_in(ids.implode())), horizon, levels
        )
        again = again.with_columns(pl.lit(FALLBACK).alias("model")).select(list(schema))
        result = pl.concat([result.filter(~pl.col("unique_id").is_in(ids.implode())), again])
    return tidy(result.sort("unique_id", "ds"), levels)


def tidy(frame: pl.DataFrame, levels: tuple[int, ...], mean: str = "mean") -> pl.DataFrame:
    """Cut at 0, fill gaps with the forecast, and nest the intervals (narrow inside wide)."""
    frame = frame.with_columns(pl.col(mean).fill_nan(None).fill_null(0.0).clip(lower_bound=0.0))
    inner_lo, inner_hi = pl.col(mean), pl.col(mean)
    exprs = []
    for level in sorted(levels):
        lo = pl.col(f"lo_{level}").fill_nan(None).fill_null(pl.col(mean))
        hi = pl.col(f"hi_{level}").fill_nan(None).fill_null(pl.col(mean))
        lo = pl.min_horizontal(lo.clip(lower_bound=0.0), inner_lo)
        hi = pl.max_horizontal(hi, inner_hi)
        exprs += [lo.alias(f"lo_{level}"), hi.alias(f"hi_{level}")]
        inner_lo, inner_hi = lo, hi
    return frame.with_columns(exprs)


def place(bottom_up: pl.DataFrame, own: pl.DataFrame, levels: tuple[int, ...]) -> pl.DataFrame:
    """Bounds for aggregates: own model's distances to its bounds around the bottom-up forecast.

    bottom_up: key, ds, forecast, and rss_lo_L/rss_hi_L (products' half-widths combined as
    independent) for keys that have no own model; own: key, ds, mean, lo_L, hi_L.
    """
    joined = bottom_up.join(own.rename({"mean": "own_mean"}), on=["key", "ds"], how="left")
    exprs = []
    for level in levels:
        lo, hi = f"lo_{level}", f"hi_{level}"
        exprs += [
            pl.when(pl.col(lo).is_not_null())
            .then(pl.col("forecast") - (pl.col("own_mean") - pl.col(lo)).clip(lower_bound=0.0))
            .otherwise(pl.col("forecast") - pl.col(f"rss_{lo}"))
            .alias(lo),
            pl.when(pl.col(hi).is_not_null())
            .then(pl.col("forecast") + (pl.col(hi) - pl.col("own_mean")).clip(lower_bound=0.0))
            .otherwise(pl.col("forecast") + pl.col(f"rss_{hi}"))
            .alias(hi),
        ]
    out = joined.with_columns(exprs).select("key", "ds", "forecast", *bound_columns(levels))
    return tidy(out, levels, mean="forecast")
