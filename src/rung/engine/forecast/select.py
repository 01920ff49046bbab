"""Choosing a model per series by how well it forecast the series' own recent past.

Why: the UCI gift shop showed that no single model is best for every product and that the
model one would assume (AutoETS) loses to a window median (forecasting-notes.md). So every
series with enough history is cut `n_windows` times (cross-validation): each candidate is
fitted on the history up to a cutoff and forecasts the next `horizon` periods, with cutoffs
`horizon` apart so the held-out stretches do not overlap, and the last one ending where the
data ends.

The error measure is MASE + RMSSE over those held-out periods: the mean absolute and the root
mean squared error, each divided by the in-sample error of "same as last period" on the
history before the first cutoff (Hyndman & Koehler's scaling, as in the M5 competition).
MASE alone rewards medians (a product that sells in 3 weeks out of 8 gets 0) and RMSSE alone
rewards means; the forecast feeds both a reorder point and the owner's totals, so the sum
asks for both. Per series the scaling does not change the ranking; it makes the scores of
different products comparable for the choices pooled across products (the default model for
young series, the level correction in hierarchy.py).

Series too short to be cut `n_windows` times with at least `horizon` periods of training get
the default: the model with the lowest mean score over all the series that were cut.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from rung.engine.forecast.models import Shape, candidate_names
from rung.engine.forecast.run import Runner

SERIES_SCHEMA = {"unique_id": pl.String, "ds": pl.Int64, "y": pl.Float64}
LONG_SCHEMA = {
    "unique_id": pl.String,
    "cutoff": pl.Int64,
    "ds": pl.Int64,
    "y": pl.Float64,
    "model": pl.String,
    "rank": pl.Int64,
    "yhat": pl.Float64,
}


def shapes(series: pl.DataFrame) -> pl.DataFrame:
    """Per series: length (periods), nonzero (periods with demand), volume (total demand)."""
    return (
        series.group_by("unique_id")
        .agg(
            pl.len().cast(pl.Int64).alias("length"),
            (pl.col("y") > 0).sum().cast(pl.Int64).alias("nonzero"),
            pl.col("y").sum().alias("volume"),
        )
        .sort("unique_id")
    )


def min_cv_length(horizon: int, n_windows: int) -> int:
    return (n_windows + 1) * horizon


def candidates(
    shape_frame: pl.DataFrame, freq: str, horizon: int, *, aggregate: bool = False, top: int = 0
) -> pl.DataFrame:
    """unique_id -> names (the tuple of aliases, as a list) for every series in shape_frame."""
    ranked = shape_frame.sort(["volume", "unique_id"], descending=[True, False]).with_row_index("pos")
    rows = []
    for uid, length, nonzero, pos in ranked.select("unique_id", "length", "nonzero", "pos").iter_rows():
        shape = Shape(length, nonzero, top=pos < top, aggregate=aggregate)
        rows.append((uid, list(candidate_names(freq, shape, horizon))))
    return pl.DataFrame(rows, schema={"unique_id": pl.String, "names": pl.List(pl.String)}, orient="row")


def cross_validate(
    runner: Runner,
    series: pl.DataFrame,
    names: pl.DataFrame,
    horizon: int,
    n_windows: int,
    progress: Callable[[float], None] | None = None,
) -> pl.DataFrame:
    """Held-out forecasts of each series' candidates, long: unique_id, cutoff, ds, y, model, rank, yhat."""
    groups = names.with_columns(pl.col("names").list.join("|").alias("key")).group_by("key").agg("unique_id")
    groups = groups.sort(pl.col("unique_id").list.len(), "key", descending=[True, False])
    total = max(1, names.height)
    done = 0
    parts = []
    for key, ids in groups.iter_rows():
        aliases = tuple(key.split("|"))
        df = series.filter(pl.col("unique_id").is_in(pl.Series(ids).implode()))
        cv = runner.cross_validation(aliases, df, horizon, n_windows)
        order = pl.DataFrame({"model": list(aliases), "rank": list(range(len(aliases)))})
        long = cv.unpivot(
            index=["unique_id", "ds", "cutoff", "y"],
            on=list(aliases),
            variable_name="model",
            value_name="yhat",
        ).join(order, on="model")
        parts.append(long.select(list(LONG_SCHEMA)).cast(LONG_SCHEMA))  # type: ignore[arg-type]
        done += len(ids)
        if progress is not None:
            progress(done / total)
    if not parts:
        return pl.DataFrame(schema=LONG_SCHEMA)
    return pl.concat(parts).sort("unique_id", "cutoff", "ds", "rank")


def scales(series: pl.DataFrame, first_cutoff: int) -> pl.DataFrame:
    """unique_id, mae_scale, rmse_scale: in-sample one-step naive errors up to the first cutoff."""
    diffs = (
        series.filter(pl.col("ds") <= first_cutoff)
        .sort("unique_id", "ds")
        .with_columns(pl.col("y").diff().over("unique_id").alias("d"))
    )
    out = diffs.group_by("unique_id").agg(
        pl.col("d").abs().mean().alias("mae_scale"),
        (pl.col("d") ** 2).mean().sqrt().alias("rmse_scale"),
        pl.col("y").abs().mean().alias("level"),
    )
    # a series flat before the cutoff has no naive error: fall back to its level, then to 1
    fill = pl.when(pl.col("level") > 0).then(pl.col("level")).otherwise(1.0)
    return out.select(
        "unique_id",
        pl.when(pl.col("mae_scale") > 0).then(pl.col("mae_scale")).otherwise(fill).alias("mae_scale"),
        pl.when(pl.col("rmse_scale") > 0).then(pl.col("rmse_scale")).otherwise(fill).alias("rmse_scale"),
    )


def score(long: pl.DataFrame, scale: pl.DataFrame, by: list[str], pred: str = "yhat") -> pl.DataFrame:
    """MASE + RMSSE of pred against y per group `by` (which must include unique_id)."""
    err = pl.col(pred).clip(lower_bound=0) - pl.col("y")
    return (
        long.group_by(by)
        .agg(
            err.abs().mean().alias("mae"),
            (err**2).mean().sqrt().alias("rmse"),
            pl.col(pred).is_nan().any().alias("bad"),
        )
        .join(scale, on="unique_id", how="left")
        .with_columns(
            (pl.col("mae") / pl.col("mae_scale") + pl.col("rmse") / pl.col("rmse_scale")).alias("score")
        )
    )


POOL_SEP = " + "
"""Joins the members of a pooled choice into its model name, best first."""


def choose(
    long: pl.DataFrame, scale: pl.DataFrame, *, windows: pl.Expr | None = None, pool: int = 1
) -> pl.DataFrame:
    """unique_id, model, score: the `pool` candidates with the lowest score (ties: the earlier one).

    With pool > 1 the model is the members' names joined by POOL_SEP and the forecast is their
    mean (see predictions and intervals.forecast_chosen); score is the best member's.
    Why pool: on M3's monthly series, picking the one best model per series (sMAPE 14.09-14.46)
    lost to plain Theta (13.83), while the mean of the 3 best reached 13.44-13.55; on the gift
    shop's weekly products the mean of 3 lowered MASE from 1.429 to 1.403 (Kourentzes, Barrow
    & Petropoulos 2019, "Another look at forecast selection and combination: evidence from
    forecast pooling", IJPE 209, found the same across data sets).
    """
    data = long if windows is None else long.filter(windows)
    scored = score(data, scale, ["unique_id", "model", "rank"]).filter(
        ~pl.col("bad") & pl.col("score").is_finite()
    )
    best = scored.sort("unique_id", "score", "rank").group_by("unique_id", maintain_order=True)
    if pool <= 1:
        return best.first().select("unique_id", "model", "score")
    # members named in the candidates' fixed order, so the same set always reads the same
    return best.agg(
        pl.col("model").head(pool).sort_by(pl.col("rank").head(pool)).str.join(POOL_SEP).alias("model"),
        pl.col("score").first().alias("score"),
    )


def members(chosen: pl.DataFrame) -> pl.DataFrame:
    """unique_id, model, member: one row per model a (possibly pooled) choice averages."""
    return chosen.select("unique_id", "model", pl.col("model").str.split(POOL_SEP).alias("member")).explode(
        "member"
    )


def predictions(long: pl.DataFrame, chosen: pl.DataFrame) -> pl.DataFrame:
    """unique_id, cutoff, ds, y, yhat: the held-out forecasts of the chosen (possibly pooled) models."""
    rows = long.join(
        members(chosen).select("unique_id", pl.col("member").alias("model")), on=["unique_id", "model"]
    )
    return (
        rows.group_by("unique_id", "cutoff", "ds", "y")
        .agg(pl.col("yhat").mean())
        .sort("unique_id", "cutoff", "ds")
    )


def default_model(long: pl.DataFrame, scale: pl.DataFrame, allowed: tuple[str, ...]) -> str:
    """The model with the lowest mean score over all series that tried it (of those allowed)."""
    scored = score(long.filter(pl.col("model").is_in(list(allowed))), scale, ["unique_id", "model", "rank"])
    scored = scored.filter(~pl.col("bad") & pl.col("score").is_finite())
    if scored.height == 0:
        return allowed[0]
    best = scored.group_by("model", "rank").agg(pl.col("score").mean()).sort("score", "rank")
    return str(best.item(0, "model"))
