"""Rung on the Walmart weekly store sales (45 stores) against seasonal naive and plain AutoETS.

Protocol: ../shared/datasets/walmart-weekly-store-sales/Walmart.csv (see its README): weekly
total sales of 45 stores, 143 weeks ending on Fridays, 05-02-2010 to 26-10-2012. The last 8
weeks are held out; every method sees only the weeks before them and forecasts those 8.
This copy misses one week for each of 5 stores (none in the held-out weeks); those weeks
are filled with the mean of the weeks either side, for every method alike, since a missing
store week is a gap in the file, not a week without sales (Rung would read it as zero).

Rung is built for sale lines, so each store-week becomes one sale line (product_id = the
store, quantity = the week's sales). Rung's weeks start on Monday, so a week ending on
Friday is put on the Monday of that ISO week at noon UTC, the last training week's line on
its Sunday, so the engine counts every week as complete (it drops a partly covered first or
last period). Forecasts are matched to the held-out weeks by date (Monday of the held-out
Friday's week), which is checked.

Methods, all in this same run on the same series (n_jobs=-1):
- rung: rung.engine.forecast.forecast, end to end from the sale lines (freq="week",
  horizon 8, n_windows 2, no holiday country);
- seasonal naive: the week 52 weeks earlier (statsforecast SeasonalNaive(52));
- plain AutoETS: statsforecast AutoETS(season_length=1) (ETS cannot take a 52-week season).

Measure: RMSSE per store (root mean squared error over the 8 weeks divided by the root mean
squared one-step naive error on the store's training weeks), averaged over stores; seconds.
Writes bench/results/forecast_walmart.json.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "datasets" / "walmart-weekly-store-sales" / "Walmart.csv"
)
OUT = ROOT / "bench" / "results" / "forecast_walmart.json"
HOLDOUT = 8
SEASON = 52


def _weeks() -> tuple[pl.DataFrame, int]:
    """store, friday (Date), sales (Float64) for every store and week, gaps filled; and the gap count."""
    raw = (
        pl.read_csv(DATA, infer_schema_length=0)
        .filter(pl.col("Store").is_not_null() & pl.col("Date").is_not_null())
        .select(
            pl.col("Store").alias("store"),
            pl.col("Date").str.to_date("%d-%m-%Y").alias("friday"),
            pl.col("Weekly_Sales").cast(pl.Float64).alias("sales"),
        )
    )
    fridays = raw.select(pl.col("friday").unique().sort())
    grid = raw.select(pl.col("store").unique()).join(fridays, how="cross")
    full = (
        grid.join(raw, on=["store", "friday"], how="left")
        .sort("store", "friday")
        .with_columns(pl.col("sales").interpolate().over("store"))
    )
    gaps = full.height - raw.height
    assert full.get_column("sales").null_count() == 0
    return full, gaps


def _split(weeks: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, list[dt.date]]:
    fridays = weeks.get_column("friday").unique().sort().to_list()
    held = fridays[-HOLDOUT:]
    train = weeks.filter(pl.col("friday") < held[0])
    test = weeks.filter(pl.col("friday") >= held[0])
    return train, test, held


def _lines(train: pl.DataFrame) -> pl.DataFrame:
    from rung.engine.schema import SALE_LINE

    last = train.get_column("friday").max()
    day = (
        pl.when(pl.col("friday") == last)
        .then(pl.col("friday") + pl.duration(days=2))
        .otherwise(pl.col("friday") - pl.duration(days=4))
    )
    frame = train.select(
        (pl.col("store") + "-" + pl.col("friday").cast(pl.String)).alias("order_id"),
        pl.lit(1).alias("line_no"),
        day.cast(pl.Datetime("us", "UTC")).dt.offset_by("12h").alias("timestamp"),
        pl.col("store").alias("product_id"),
        pl.col("sales").alias("quantity"),
        pl.lit("USD").alias("currency"),
    )
    return SALE_LINE.conform(frame)


def _rung(train: pl.DataFrame, held: list[dt.date]) -> tuple[pl.DataFrame, float, dict[str, Any]]:
    from rung.engine.forecast import ForecastConfig, forecast

    lines = _lines(train)
    start = time.perf_counter()
    result = forecast(lines, ForecastConfig(freq="week", horizon=HOLDOUT, n_windows=2, n_jobs=-1))
    seconds = time.perf_counter() - start
    mondays = pl.DataFrame({"period_start": [d - dt.timedelta(days=4) for d in held], "friday": held})
    products = result.forecasts.filter(pl.col("level") == "product")
    frame = products.join(mondays, on="period_start").select(
        pl.col("key").alias("store"), "friday", "forecast"
    )
    assert frame.height == products.height, "forecast weeks do not line up with the held-out weeks"
    models = products.group_by("model").agg(pl.len() // HOLDOUT)
    extra = {
        "models": dict(sorted(models.iter_rows(), key=lambda r: -r[1])),
        "summary": str(result.summary),
        "notes": [str(n) for n in result.notes],
    }
    return frame, seconds, extra


def _statsforecast(train: pl.DataFrame, held: list[dt.date], model: Any) -> tuple[pl.DataFrame, float]:
    from statsforecast import StatsForecast
    from statsforecast.models import Naive

    data = train.sort("store", "friday").select(
        pl.col("store").alias("unique_id"),
        (pl.col("friday").rank("dense").over("store") - 1).cast(pl.Int64).alias("ds"),
        pl.col("sales").alias("y"),
    )
    n = data.get_column("ds").max() + 1  # type: ignore[operator]
    start = time.perf_counter()
    sf = StatsForecast(models=[model], freq=1, n_jobs=-1, fallback_model=Naive())
    fc = sf.forecast(df=data, h=HOLDOUT)
    seconds = time.perf_counter() - start
    col = next(c for c in fc.columns if c not in ("unique_id", "ds"))
    lookup = pl.DataFrame(
        {"ds": list(range(n, n + HOLDOUT)), "friday": held}, schema={"ds": pl.Int64, "friday": pl.Date}
    )
    frame = (
        fc.with_columns(pl.col("ds").cast(pl.Int64))
        .join(lookup, on="ds")
        .select(pl.col("unique_id").alias("store"), "friday", pl.col(col).alias("forecast"))
    )
    return frame, seconds


def _rmsse(train: pl.DataFrame, test: pl.DataFrame, fc: pl.DataFrame) -> dict[str, Any]:
    scale = (
        train.sort("store", "friday")
        .group_by("store", maintain_order=True)
        .agg((pl.col("sales").diff() ** 2).mean().sqrt().alias("scale"))
    )
    both = test.join(fc, on=["store", "friday"], how="left")
    missing = both.get_column("forecast").null_count()
    per = (
        both.drop_nulls("forecast")
        .group_by("store")
        .agg(((pl.col("forecast") - pl.col("sales")) ** 2).mean().sqrt().alias("rmse"), pl.len().alias("n"))
        .join(scale, on="store")
        .with_columns((pl.col("rmse") / pl.col("scale")).alias("rmsse"))
    )
    values = per.get_column("rmsse").to_numpy()
    return {
        "stores_scored": per.height,
        "store_weeks_missing": missing,
        "mean_rmsse": round(float(np.mean(values)), 4),
        "median_rmsse": round(float(np.median(values)), 4),
        "wape": round(float((both["forecast"] - both["sales"]).abs().sum() / both["sales"].sum()), 4),
    }


def main() -> None:
    from statsforecast.models import AutoETS, SeasonalNaive

    weeks, gaps = _weeks()
    train, test, held = _split(weeks)
    report: dict[str, Any] = {
        "data": DATA.name,
        "stores": weeks.get_column("store").n_unique(),
        "training_weeks": train.get_column("friday").n_unique(),
        "held_out": [held[0].isoformat(), held[-1].isoformat()],
        "store_weeks_filled": gaps,
    }
    for name, model in (("seasonal_naive", SeasonalNaive(SEASON)), ("autoets", AutoETS(season_length=1))):
        fc, seconds = _statsforecast(train, held, model)
        report[name] = {**_rmsse(train, test, fc), "seconds": round(seconds, 2)}
    fc, seconds, extra = _rung(train, held)
    report["rung"] = {**_rmsse(train, test, fc), "seconds": round(seconds, 2), **extra}
    rung = report["rung"]
    report["rung_beats"] = {
        name: rung["mean_rmsse"] < report[name]["mean_rmsse"] for name in ("seasonal_naive", "autoets")
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    for name in ("rung", "seasonal_naive", "autoets"):
        side = report[name]
        print(f"{name:15s} RMSSE {side['mean_rmsse']:.4f}  WAPE {side['wape']:.4f}  {side['seconds']:7.2f} s")
    print("rung beats:", report["rung_beats"])


if __name__ == "__main__":
    main()
