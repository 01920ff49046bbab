"""How good the forecast is on the owner's own history, in words an owner can check.

The measure is WAPE (weighted absolute percentage error): over the held-out cross-validation
windows, the units the forecast got wrong (too many or too few) divided by the units sold.
"Off by 18 %" then means 18 of every 100 units sold were mis-forecast, and a product that
sold nothing in a week cannot blow it up the way a per-week percentage error does. The
per-product table also keeps the model.

Comparisons are with what an owner would do without Rung: "same as last period" (naive)
and "same period last season" (seasonal naive: a year ago for weeks and months, a week ago
for days; empty where the history is shorter than that).

Honesty: the model of each product is chosen on the same windows the error is measured on,
which would flatter it. So the error reported is cross-fitted: for each window, the model
is chosen on the other windows only and judged on this one (with one window there is no
other, and the error is the chosen model's own, which flatters it; the note says so). The
benchmark (bench/forecast_retail.py) checks the real out-of-sample error on weeks the
forecast never saw.
"""

from __future__ import annotations

import polars as pl

from rung.engine.forecast.hierarchy import factors, weaken
from rung.engine.forecast.select import choose, predictions
from rung.engine.forecast.texts import SUMMARY, SUMMARY_NONE, SUMMARY_SEASONAL
from rung.engine.messages import Note

TOP = 20


def held_out_choice(
    long: pl.DataFrame,
    scale: pl.DataFrame,
    groups: pl.DataFrame,
    group_long: pl.DataFrame,
    group_scale: pl.DataFrame,
    strength: dict[str, float],
    *,
    pool: int = 1,
) -> pl.DataFrame:
    """unique_id, cutoff, ds, y, yhat: Rung's procedure on each window, chosen on the others."""
    cutoffs = sorted(long.get_column("cutoff").unique().to_list())
    parts = []
    for cutoff in cutoffs:
        others = pl.col("cutoff") != cutoff if len(cutoffs) > 1 else None
        pick = choose(long, scale, windows=others, pool=pool)
        pred = predictions(long.filter(pl.col("cutoff") == cutoff), pick)
        if strength and group_long.height:
            gpick = choose(group_long, group_scale, windows=others, pool=pool)
            gpred = predictions(group_long.filter(pl.col("cutoff") == cutoff), gpick)
            gpred = gpred.select(
                pl.col("unique_id").alias("group"), "cutoff", "ds", pl.col("yhat").alias("ghat")
            )
            fac = weaken(factors(pred, groups, gpred, ["cutoff", "ds"]), strength)
            pred = (
                pred.join(groups, on="unique_id", how="left")
                .join(fac, on=["group", "cutoff", "ds"], how="left")
                .select(
                    "unique_id",
                    "cutoff",
                    "ds",
                    "y",
                    (pl.col("yhat") * pl.col("factor").fill_null(1.0)).alias("yhat"),
                )
            )
        parts.append(pred)
    return pl.concat(parts) if parts else long.select("unique_id", "cutoff", "ds", "y", "yhat")


def seasonal_naive(series: pl.DataFrame, held: pl.DataFrame, season: int) -> pl.DataFrame:
    """unique_id, cutoff, ds, yhat: the value one season before (repeated), where the history has it."""
    steps = held.select(
        "unique_id",
        "cutoff",
        "ds",
        (pl.col("ds") - ((pl.col("ds") - pl.col("cutoff") - 1) // season + 1) * season).alias("src"),
    )
    source = series.select("unique_id", pl.col("ds").alias("src"), pl.col("y").alias("yhat"))
    return steps.join(source, on=["unique_id", "src"], how="left").drop("src")


def table(
    held: pl.DataFrame,
    long: pl.DataFrame,
    chosen: pl.DataFrame,
    series: pl.DataFrame,
    lengths: pl.DataFrame,
    season: int,
) -> pl.DataFrame:
    """Per product: key, model, error, naive_error, seasonal_naive_error, periods (all WAPE)."""
    naive = long.filter(pl.col("model") == "Naive").select(
        "unique_id", "cutoff", "ds", pl.col("yhat").alias("naive")
    )
    snaive = seasonal_naive(series, held, season).rename({"yhat": "snaive"})
    both = held.join(naive, on=["unique_id", "cutoff", "ds"], how="left").join(
        snaive, on=["unique_id", "cutoff", "ds"], how="left"
    )

    def wape(col: str) -> pl.Expr:
        total = pl.col("y").sum()
        miss = (pl.col(col).clip(lower_bound=0) - pl.col("y")).abs().sum()
        return pl.when((total > 0) & pl.col(col).is_not_null().all()).then(miss / total).otherwise(None)

    per = both.group_by("unique_id").agg(
        wape("yhat").alias("error"),
        wape("naive").alias("naive_error"),
        wape("snaive").alias("seasonal_naive_error"),
        pl.col("y").sum().alias("sold"),
        (pl.col("yhat").clip(lower_bound=0) - pl.col("y")).abs().sum().alias("miss"),
        (pl.col("naive").clip(lower_bound=0) - pl.col("y")).abs().sum().alias("naive_miss"),
        (pl.col("snaive").clip(lower_bound=0) - pl.col("y")).abs().sum().alias("snaive_miss"),
        pl.col("snaive").is_not_null().all().alias("has_snaive"),
    )
    return (
        per.join(chosen.select("unique_id", "model"), on="unique_id", how="left")
        .join(lengths.select("unique_id", pl.col("length").alias("periods")), on="unique_id", how="left")
        .sort("unique_id")
    )


def summary(detail: pl.DataFrame, volume: pl.DataFrame, freq: str, tested: int, need: int) -> Note:
    """The owner's sentence: the top products' WAPE next to copying the last period."""
    sold = detail.filter(pl.col("sold") > 0).join(volume, on="unique_id")
    if sold.height == 0:
        return Note(SUMMARY_NONE[freq], need=need)
    top = sold.sort(["volume", "unique_id"], descending=[True, False]).head(TOP)
    total = float(top.get_column("sold").sum())
    params: dict[str, str | int] = {
        "top": top.height,
        "periods": tested,
        "error": round(100 * float(top.get_column("miss").sum()) / total),
        "naive": round(100 * float(top.get_column("naive_miss").sum()) / total),
    }
    if bool(top.get_column("has_snaive").all()):
        params["seasonal"] = round(100 * float(top.get_column("snaive_miss").sum()) / total)
        return Note(SUMMARY_SEASONAL[freq], **params)
    return Note(SUMMARY[freq], **params)
