"""Product → category → location → total, so that every level adds up.

Levels are reconciled bottom-up: a category's forecast is the sum of its products'
forecasts, the total the sum of all products, so the owner never sees a total that
disagrees with its parts. Locations are not a level products nest in (one product sells in
several shops), so each product's forecast is split over the locations by its share of the
product's sales there in the last max(horizon, 8) periods (its whole history if it sold
nothing then); the location forecasts add up to the total too.

The pooled level correction (why products are not purely independent): per-product model
choice by MASE + RMSSE favours window medians, and a median of an intermittent product is
below its mean, so their plain sum runs low: on the UCI shop's held-out windows the sum of
the chosen product models was 26 % below the real total (bias 0.74), while window medians and
means of the summed series itself missed by ~13 %. And when the whole shop grows (the autumn
rise to Christmas) every product lags the same way, which the sum shows more clearly than
any one product. So products are pooled into groups (their category when it holds at least
10 cross-validated products, otherwise one group of the rest), each group's sum is forecast
by its own chosen model, and each product's forecast for a period is multiplied by
(group forecast / sum of the group's product forecasts) ** s, the factor limited to between
1/3 and 3. s is 0 (no correction), 0.5 or 1, chosen per group on the held-out windows by the
group's mean product MASE + RMSSE plus the MASE + RMSSE of the group's total, so the group
total weighs as much as its average product; the factor in a window uses only data before
its cutoff. Each product keeps its share, and takes the group's level and shape (e.g. the
weekday pattern of daily sales). Levels remain exact sums of the (corrected) products.
"""

from __future__ import annotations

import polars as pl

from rung.engine.forecast.intervals import bound_columns, place
from rung.engine.forecast.select import score

POOL_MIN = 10
"""A category needs this many cross-validated products to be its own pool group."""
REST = "*"
FACTOR_LIMITS = (1 / 3, 3.0)
STRENGTHS = (0.0, 0.5, 1.0)
"""How much of the group factor a group may take: none, its square root, or all of it."""
NO_CATEGORY = "(no category)"


def pool_groups(ids: pl.Series, category_of: pl.DataFrame | None) -> pl.DataFrame:
    """unique_id, group: each cross-validated product's pool group."""
    frame = ids.alias("unique_id").to_frame()
    if category_of is None:
        return frame.with_columns(pl.lit(REST).alias("group"))
    frame = frame.join(category_of, on="unique_id", how="left").with_columns(
        pl.col("category").fill_null(NO_CATEGORY)
    )
    big = pl.col("unique_id").count().over("category") >= POOL_MIN
    return frame.select(
        "unique_id", pl.when(big).then(pl.col("category")).otherwise(pl.lit(REST)).alias("group")
    )


def sum_series(series: pl.DataFrame, mapping: pl.DataFrame, key: str = "group") -> pl.DataFrame:
    """Sum of the member series per key: unique_id (= key), ds, y."""
    return (
        series.join(mapping, on="unique_id")
        .group_by(key, "ds")
        .agg(pl.col("y").sum())
        .select(pl.col(key).alias("unique_id"), "ds", "y")
        .sort("unique_id", "ds")
    )


def factors(
    products: pl.DataFrame, groups: pl.DataFrame, group_pred: pl.DataFrame, keys: list[str]
) -> pl.DataFrame:
    """group, *keys, factor: group forecast / sum of its products' forecasts.

    products: unique_id, *keys, yhat; groups: unique_id, group; group_pred: group, *keys, ghat.
    """
    low, high = FACTOR_LIMITS
    summed = (
        products.join(groups, on="unique_id")
        .group_by("group", *keys)
        .agg(pl.col("yhat").clip(lower_bound=0).sum().alias("s"))
    )
    return summed.join(group_pred, on=["group", *keys], how="left").select(
        "group",
        *keys,
        pl.when((pl.col("s") > 0) & pl.col("ghat").is_not_null() & pl.col("ghat").is_not_nan())
        .then((pl.col("ghat").clip(lower_bound=0) / pl.col("s")).clip(low, high))
        .otherwise(1.0)
        .alias("factor"),
    )


def weaken(fac: pl.DataFrame, strength: dict[str, float]) -> pl.DataFrame:
    """factor ** strength per group (groups without a strength get 1: no correction)."""
    table = pl.DataFrame(
        {"group": list(strength), "alpha": list(strength.values())},
        schema={"group": pl.String, "alpha": pl.Float64},
    )
    return (
        fac.join(table, on="group", how="left")
        .with_columns(pl.col("factor").pow(pl.col("alpha").fill_null(0.0)).alias("factor"))
        .drop("alpha")
    )


def decide(
    held_out: pl.DataFrame,
    groups: pl.DataFrame,
    group_held_out: pl.DataFrame,
    scale: pl.DataFrame,
    group_scale: pl.DataFrame,
) -> dict[str, float]:
    """How strongly each group is corrected (0, 0.5 or 1; only groups above 0 are returned).

    Judged on the held-out windows by the mean product score plus the group total's score
    (both MASE + RMSSE, so a group's total weighs as much as its average product).
    held_out: unique_id, cutoff, ds, y, yhat (the chosen models' held-out forecasts);
    group_held_out: group, cutoff, ds, ghat; group_scale: scales with group names as unique_id.
    """
    fac = factors(held_out, groups, group_held_out, ["cutoff", "ds"])
    base = held_out.join(groups, on="unique_id").join(fac, on=["group", "cutoff", "ds"], how="left")
    results = []
    for alpha in STRENGTHS:
        fixed = base.with_columns((pl.col("yhat") * pl.col("factor").fill_null(1.0).pow(alpha)).alias("yhat"))
        products = (
            score(fixed, scale, ["unique_id", "group"])
            .filter(pl.col("score").is_finite())
            .group_by("group")
            .agg(pl.col("score").mean().alias("products"))
        )
        totals = fixed.group_by("group", "cutoff", "ds").agg(
            pl.col("y").sum(), pl.col("yhat").clip(lower_bound=0).sum()
        )
        total_score = score(totals.rename({"group": "unique_id"}), group_scale, ["unique_id"]).select(
            pl.col("unique_id").alias("group"), pl.col("score").alias("total")
        )
        both = products.join(total_score, on="group").with_columns(pl.lit(alpha).alias("alpha"))
        results.append(both.with_columns((pl.col("products") + pl.col("total")).alias("score")))
    if not results:
        return {}
    best = pl.concat(results).sort("group", "score", "alpha").group_by("group", maintain_order=True).first()
    return {g: a for g, a in best.select("group", "alpha").iter_rows() if a > 0}


def location_shares(locations: pl.DataFrame, last_period: int, window: int) -> pl.DataFrame:
    """unique_id, key (location), weight: each product's share of its sales per location."""
    recent = locations.filter(pl.col("period") > last_period - window)
    has_recent = recent.select(pl.col("product_id").unique())
    older = locations.join(has_recent, on="product_id", how="anti")
    use = pl.concat([recent, older])
    sums = use.group_by("product_id", "location").agg(pl.col("quantity").sum())
    return sums.select(
        pl.col("product_id").alias("unique_id"),
        pl.col("location").alias("key"),
        (pl.col("quantity") / pl.col("quantity").sum().over("product_id")).alias("weight"),
    ).sort("unique_id", "key")


def aggregate(
    product_fc: pl.DataFrame, mapping: pl.DataFrame, own: pl.DataFrame, levels: tuple[int, ...]
) -> pl.DataFrame:
    """Bottom-up forecasts per (level, key, ds) with aggregate intervals (see intervals.place).

    product_fc: unique_id, ds, forecast, lo_L, hi_L; mapping: unique_id, level, key, weight;
    own: level, key, ds, mean, lo_L, hi_L (each aggregate's own model, where it has one).
    """
    weighted = product_fc.join(mapping, on="unique_id")
    half = []
    for level in levels:
        lo, hi = f"lo_{level}", f"hi_{level}"
        half += [
            (((pl.col("forecast") - pl.col(lo)) * pl.col("weight")) ** 2).sum().sqrt().alias(f"rss_{lo}"),
            (((pl.col(hi) - pl.col("forecast")) * pl.col("weight")) ** 2).sum().sqrt().alias(f"rss_{hi}"),
        ]
    summed = weighted.group_by("level", "key", "ds").agg(
        (pl.col("forecast") * pl.col("weight")).sum().alias("forecast"), *half
    )
    parts = []
    for level_name, part in summed.partition_by("level", as_dict=True).items():
        name = str(level_name[0])
        own_part = own.filter(pl.col("level") == name).drop("level")
        placed = place(part.drop("level"), own_part, levels)
        parts.append(placed.with_columns(pl.lit(name).alias("level")))
    if not parts:
        return pl.DataFrame(
            schema={"key": pl.String, "ds": pl.Int64, "forecast": pl.Float64}
            | {c: pl.Float64 for c in bound_columns(levels)}
            | {"level": pl.String}
        )
    return pl.concat(parts)
