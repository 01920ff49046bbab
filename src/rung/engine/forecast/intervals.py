"""Forecasts with 80/95 % intervals for the chosen models, kept non-negative and nested.

How intervals are made (and why):
- Products: the misses of the whole procedure in each cross-validation window, with the
  models chosen on the other windows (accuracy.held_out_choice), are divided by the
  product's scale (the root mean squared week-to-week change of its history), pooled over
  all products of the same sales pattern (sold in under a third, under two thirds, or more
  of the periods) and the same step ahead; the 10/90 % and 2.5/97.5 % quantiles of those
  scaled misses, times the product's own scale, are added to its forecast. The chosen
  model's misses on the windows that chose it would flatter it (72 % / 90 % coverage on the
  gift shop's held-out weeks, against 80 % / 94 % this way). A product's own record is too
  short for a 95 % bound (2 windows give 2 misses per step; statsforecast's per-series
  conformal intervals with 5 refits covered only 82 % at 95 %, and the refits were most of
  the run time); pooled over hundreds of products the quantiles are stable, and scaling
  keeps a product that sells thousands from widening the bounds of one that sells five. No
  normal-error assumption, which sparse counts break. Where a pattern has fewer than
  MIN_POOLED misses at a step, its steps are pooled together, then all patterns.
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
from rung.engine.forecast.select import members

MIN_POOLED = 40
"""Fewest scaled misses a quantile is taken from (at 95 % two sides of 2.5 % each: one miss each way)."""
PATTERN_CUTS = (1 / 3, 2 / 3)
"""Share of periods with sales that separates sparse, patchy and regular sellers."""


def bound_columns(levels: tuple[int, ...]) -> list[str]:
    return [f"{side}_{level}" for level in sorted(levels) for side in ("lo", "hi")]


def forecast_chosen(
    runner: Runner,
    series: pl.DataFrame,
    chosen: pl.DataFrame,
    horizon: int,
    levels: tuple[int, ...],
    progress: Callable[[float], None] | None = None,
    given: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """unique_id, ds, mean, lo_L, hi_L..., model for each series of chosen (unique_id, model).

    given: forecasts made elsewhere (unique_id, ds, mean, member), used for the members named
    there instead of running a model; their bounds are the forecast itself.

    A pooled choice (select.choose with pool > 1) is the mean of its members' forecasts and
    bounds; a member that gives no number for a series is left out of its mean, and a series
    none of whose members gives one gets FALLBACK. The bounds are each model's own conformal
    intervals; with levels=() there are none (see pooled_bounds).
    """
    values = ["mean", *bound_columns(levels)]
    schema = {"unique_id": pl.String, "ds": pl.Int64} | {c: pl.Float64 for c in values}
    parts = [pl.DataFrame(schema=schema | {"member": pl.String})]
    table = members(chosen)
    if given is not None:
        made = given.filter(pl.col("member").is_in(table.get_column("member").unique().implode()))
        parts.append(
            made.with_columns([pl.col("mean").alias(c) for c in bound_columns(levels)]).select(
                *schema, "member"
            )
        )
        table_run = table.join(made.select("member").unique(), on="member", how="anti")
    else:
        table_run = table
    groups = table_run.group_by("member").agg("unique_id").sort("member")
    total, done = max(1, table.height), 0
    for member, ids in groups.iter_rows():
        df = series.filter(pl.col("unique_id").is_in(pl.Series(ids, dtype=pl.String).implode()))
        out = runner.forecast(member, df, horizon, levels).with_columns(pl.lit(member).alias("member"))
        parts.append(out.select(*schema, "member"))
        done += len(ids)
        if progress is not None:
            progress(done / total)
    each = pl.concat(parts).filter(~pl.any_horizontal(pl.col(values).is_nan() | pl.col(values).is_null()))
    result = (
        each.join(table, on=["unique_id", "member"])
        .group_by("unique_id", "model", "ds")
        .agg([pl.col(c).mean() for c in values])
        .select(*schema, "model")
    )
    whole = result.group_by("unique_id").agg(pl.len().alias("n")).filter(pl.col("n") == horizon)
    missing = chosen.join(whole, on="unique_id", how="anti")
    if missing.height:
        ids = missing.get_column("unique_id")
        result = result.filter(~pl.col("unique_id").is_in(ids.implode()))
        again = runner.forecast(
            FALLBACK, series.filter(pl.col("unique_id").is_in(ids.implode())), horizon, levels
        )
        result = pl.concat(
            [result, again.with_columns(pl.lit(FALLBACK).alias("model")).select(result.columns)]
        )
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


def _pattern(shape: pl.DataFrame) -> pl.DataFrame:
    """unique_id, pattern (0 sparse, 1 patchy, 2 regular) by the share of periods with sales."""
    share = pl.col("nonzero") / pl.col("length").clip(lower_bound=1)
    pattern = pl.lit(0)
    for i, cut in enumerate(PATTERN_CUTS, start=1):
        pattern = pl.when(share >= cut).then(pl.lit(i)).otherwise(pattern)
    return shape.select("unique_id", pattern.cast(pl.Int64).alias("pattern"))


def _quantiles(errors: pl.DataFrame, by: list[str], levels: tuple[int, ...]) -> pl.DataFrame:
    exprs = [pl.len().alias("n")]
    for level in levels:
        tail = (100 - level) / 200
        exprs += [
            pl.col("e").quantile(tail, "linear").alias(f"lo_{level}"),
            pl.col("e").quantile(1 - tail, "linear").alias(f"hi_{level}"),
        ]
    if not by:
        return errors.select(exprs)
    return errors.group_by(by).agg(exprs)


def pooled_bounds(
    fc: pl.DataFrame,
    held: pl.DataFrame,
    scale: pl.DataFrame,
    shape: pl.DataFrame,
    last: int,
    levels: tuple[int, ...],
) -> pl.DataFrame:
    """fc (unique_id, ds, mean, model) with lo_L/hi_L from pooled, scaled held-out misses.

    held: unique_id, cutoff, ds, y, yhat of the chosen models; scale: unique_id, rmse_scale for
    every series of fc; shape: unique_id, length, nonzero; last: the last period of the data.
    """
    cols = bound_columns(levels)
    pattern = _pattern(shape)
    errors = (
        held.join(scale.select("unique_id", "rmse_scale"), on="unique_id")
        .join(pattern, on="unique_id")
        .select(
            "pattern",
            (pl.col("ds") - pl.col("cutoff")).alias("step"),
            ((pl.col("y") - pl.col("yhat").clip(lower_bound=0)) / pl.col("rmse_scale")).alias("e"),
        )
        .filter(pl.col("e").is_finite())
    )
    rows = fc.join(pattern, on="unique_id", how="left").with_columns(
        pl.col("pattern").fill_null(0), (pl.col("ds") - last).alias("step")
    )
    if errors.height == 0:
        bare = rows.with_columns([pl.lit(None, pl.Float64).alias(c) for c in cols])
        return tidy(bare.select("unique_id", "ds", "mean", *cols, "model"), levels)
    # steps beyond the tested ones take the last tested step's spread, widened by sqrt(step ratio)
    top = errors.get_column("step").max()
    tested = top if isinstance(top, int) and top > 0 else 1
    rows = rows.with_columns(
        (pl.col("step") / pl.col("step").clip(upper_bound=tested)).sqrt().alias("widen"),
        pl.col("step").clip(upper_bound=tested),
    )
    by_step = _quantiles(errors, ["pattern", "step"], levels).filter(pl.col("n") >= MIN_POOLED)
    by_pattern = _quantiles(errors, ["pattern"], levels).filter(pl.col("n") >= MIN_POOLED)
    overall = _quantiles(errors, [], levels)
    q = (
        rows.select("pattern", "step")
        .unique()
        .join(by_step.drop("n"), on=["pattern", "step"], how="left")
        .join(by_pattern.drop("n"), on="pattern", how="left", suffix="_p")
        .join(overall.drop("n"), how="cross", suffix="_all")
        .select(
            "pattern",
            "step",
            *(pl.coalesce(c, f"{c}_p", f"{c}_all").alias(f"q_{c}") for c in cols),
        )
    )
    out = (
        rows.join(q, on=["pattern", "step"], how="left")
        .join(scale.select("unique_id", "rmse_scale"), on="unique_id", how="left")
        .with_columns(
            [
                (
                    pl.col("mean") + pl.col(f"q_{c}") * pl.col("widen") * pl.col("rmse_scale").fill_null(0.0)
                ).alias(c)
                for c in cols
            ]
        )
        .select("unique_id", "ds", "mean", *cols, "model")
    )
    return tidy(out, levels)
