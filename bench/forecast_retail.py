"""Demand forecasting on the UCI online retailer: Rung against seasonal naive and plain AutoETS.

Protocol: canonical sale lines of the whole UCI "Online Retail" export (541,909 lines, a UK
gift shop, Dec 2010 - Dec 2011). The last 8 complete weeks are held out; every method sees
only the sale lines before them and forecasts those 8 weeks for every product that sold
before (weekly, ~3,700 products), and, separately, the 8 days before the last (partial) day
for the 200 best-selling products (daily). Demand is the same for all: positive quantities
of non-cancelled lines, zero-filled from each product's first sale (rung.engine.forecast.demand).

Methods, all run in this same run, each in its own child process (time and peak memory,
VmHWM, per side, as bench/ingest_throughput.py does):
- rung: rung.engine.forecast.forecast, end to end from sale lines (model choice by
  cross-validation, level correction, intervals, accuracy table), n_jobs=2;
- seasonal naive: the value one season earlier (52 weeks / 7 days). With under a year of
  weekly history no product has a value a year back, so weekly seasonal naive is the naive
  forecast (last week again); the report says so;
- plain AutoETS: statsforecast AutoETS (season 1 weekly, 7 daily) on the same series,
  naive where ETS fails (series of one or two weeks), n_jobs=2.

Measures: mean MASE and mean RMSSE over products (scaled by each product's in-sample
one-step naive error on its training weeks; products with a flat training history, whose
scale is 0, are left out and counted), WAPE over all product-weeks, and on the total
(sum over products): WAPE, bias (forecast / actual) and RMSSE. Rung's 80/95 % interval
coverage is reported too. Products first sold in the held-out weeks cannot be forecast by
anyone and are left out (their share of the held-out units is reported).
Writes bench/results/forecast_retail.json.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "datasets" / "uci-online-retail" / "online_retail.csv.gz"
)
HOLDOUT = 8
DAILY_TOP = 200
SIDES = ("rung", "seasonal_naive", "autoets")


def _lines() -> pl.DataFrame:
    from rung.engine import sample_data

    return sample_data.to_canonical(sample_data.read_sample(DATA))["sale_lines"]


def _split(lines: pl.DataFrame, freq: str) -> tuple[pl.DataFrame, pl.DataFrame, list[dt.date]]:
    """Training lines, held-out actual demand (product_id, period_start, actual) and its periods."""
    from rung.engine.forecast.demand import build_demand, period_dates

    full = build_demand(lines, freq)
    periods = full.periods[:-1] if freq == "day" else full.periods  # the last day ends at noon
    held = periods[-HOLDOUT:]
    cut = dt.datetime.combine(held[0], dt.time(), tzinfo=dt.UTC)
    train = lines.filter(pl.col("timestamp") < cut)
    dates = period_dates(full.periods[0], len(full.periods), freq)
    lookup = pl.DataFrame({"period": list(range(len(dates))), "period_start": dates})
    actual = (
        full.products.join(lookup, on="period")
        .filter(pl.col("period_start").is_in(held))
        .select("product_id", "period_start", pl.col("quantity").alias("actual"))
    )
    if freq == "day":
        top = (
            train.filter((pl.col("quantity") > 0) & ~pl.col("return_flag").fill_null(False))
            .group_by("product_id")
            .agg(pl.col("quantity").sum())
            .sort(["quantity", "product_id"], descending=[True, False])
            .head(DAILY_TOP)
            .get_column("product_id")
        )
        train = train.filter(pl.col("product_id").is_in(top.implode()))
        actual = actual.filter(pl.col("product_id").is_in(top.implode()))
    return train, actual, held


def _training_series(train: pl.DataFrame, freq: str) -> tuple[pl.DataFrame, list[dt.date]]:
    from rung.engine.forecast.demand import build_demand

    demand = build_demand(train, freq)
    series = demand.products.select(
        pl.col("product_id").alias("unique_id"), pl.col("period").alias("ds"), pl.col("quantity").alias("y")
    )
    return series, demand.periods


def _child(side: str, freq: str, out: str) -> None:
    lines = _lines()
    train, _, held = _split(lines, freq)
    del lines
    start = time.perf_counter()
    if side == "rung":
        from rung.engine.forecast import ForecastConfig, forecast

        result = forecast(train, ForecastConfig(freq=freq, horizon=HOLDOUT, n_jobs=2))
        frame = result.forecasts.filter(pl.col("level") == "product").select(
            pl.col("key").alias("product_id"), "period_start", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"
        )
        series = frame.get_column("product_id").n_unique()
        extra = {"summary": str(result.summary), "notes": [str(n) for n in result.notes]}
        models = (
            result.forecasts.filter(pl.col("level") == "product").group_by("model").agg(pl.len() // HOLDOUT)
        )
        extra["models"] = dict(sorted(models.iter_rows(), key=lambda r: -r[1]))
    else:
        from statsforecast import StatsForecast
        from statsforecast.models import AutoETS, Naive, SeasonalNaive

        data, periods = _training_series(train, freq)
        season = 7 if freq == "day" else 52
        model = (
            AutoETS(season_length=7 if freq == "day" else 1) if side == "autoets" else SeasonalNaive(season)
        )
        sf = StatsForecast(models=[model], freq=1, n_jobs=2, fallback_model=Naive())
        fc = sf.forecast(df=data, h=HOLDOUT)
        col = next(c for c in fc.columns if c not in ("unique_id", "ds"))
        if side == "seasonal_naive":  # no value a season back: the last value (naive)
            last = data.sort("ds").group_by("unique_id").agg(pl.col("y").last().alias("last"))
            fc = fc.join(last, on="unique_id").with_columns(
                pl.col(col).fill_nan(None).fill_null(pl.col("last"))
            )
        from rung.engine.forecast.demand import shift

        lookup = pl.DataFrame(
            {"ds": list(range(len(periods), len(periods) + HOLDOUT)), "period_start": held},
            schema={"ds": pl.Int64, "period_start": pl.Date},
        )
        frame = fc.with_columns(pl.col("ds").cast(pl.Int64)).join(lookup, on="ds")
        frame = frame.select(
            pl.col("unique_id").alias("product_id"), "period_start", pl.col(col).alias("forecast")
        )
        assert shift(periods[-1], 1, freq) == held[0], "training must end right before the held-out periods"
        series = frame.get_column("product_id").n_unique()
        extra = {}
    seconds = time.perf_counter() - start
    frame.write_parquet(out)
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "series": series, **extra}))


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; see bench/ingest_throughput.py)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(side: str, freq: str, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.forecast_retail", "--child", side, freq, str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _metrics(
    fc: pl.DataFrame, actual: pl.DataFrame, series: pl.DataFrame, total_scale: dict[str, float]
) -> dict[str, Any]:
    """Product and total errors of forecasts fc (product_id, period_start, forecast)."""
    scale = (
        series.sort("unique_id", "ds")
        .with_columns(pl.col("y").diff().over("unique_id").alias("d"))
        .group_by("unique_id")
        .agg(pl.col("d").abs().mean().alias("mae_s"), (pl.col("d") ** 2).mean().sqrt().alias("rmse_s"))
        .rename({"unique_id": "product_id"})
    )
    known = scale.select("product_id")
    both = (
        actual.join(known, on="product_id")
        .join(fc, on=["product_id", "period_start"], how="left")
        .with_columns(pl.col("forecast").fill_null(0.0).clip(lower_bound=0.0))
        .with_columns((pl.col("forecast") - pl.col("actual")).alias("e"))
    )
    per = both.group_by("product_id").agg(
        pl.col("e").abs().mean().alias("mae"), (pl.col("e") ** 2).mean().sqrt().alias("rmse")
    )
    per = per.join(scale, on="product_id").filter((pl.col("mae_s") > 0) & (pl.col("rmse_s") > 0))
    total = (
        both.group_by("period_start")
        .agg(pl.col("forecast").sum(), pl.col("actual").sum())
        .sort("period_start")
    )
    te = total.get_column("forecast") - total.get_column("actual")
    out: dict[str, Any] = {
        "products_scored": per.height,
        "mean_mase": round(float((per["mae"] / per["mae_s"]).mean()), 4),  # type: ignore[arg-type]
        "mean_rmsse": round(float((per["rmse"] / per["rmse_s"]).mean()), 4),  # type: ignore[arg-type]
        "wape": round(float(both["e"].abs().sum() / both["actual"].sum()), 4),
        "total_wape": round(float(te.abs().sum() / total["actual"].sum()), 4),
        "total_bias": round(float(total["forecast"].sum() / total["actual"].sum()), 4),
        "total_rmsse": round(float((te**2).mean() ** 0.5 / total_scale["rmse"]), 4),  # type: ignore[operator]
        "total_mase": round(float(te.abs().mean() / total_scale["mae"]), 4),  # type: ignore[operator]
    }
    if "lo_80" in fc.columns:
        cov = actual.join(known, on="product_id").join(fc, on=["product_id", "period_start"])
        for level in (80, 95):
            inside = (cov["actual"] >= cov[f"lo_{level}"] - 1e-9) & (
                cov["actual"] <= cov[f"hi_{level}"] + 1e-9
            )
            out[f"coverage_{level}"] = round(float(inside.mean()), 4)  # type: ignore[arg-type]
    return out


def _run(freq: str, lines: pl.DataFrame) -> dict[str, Any]:
    train, actual, held = _split(lines, freq)
    series, _ = _training_series(train, freq)
    tot = series.group_by("ds").agg(pl.col("y").sum()).sort("ds").get_column("y").diff().drop_nulls()
    total_scale = {"mae": float(tot.abs().mean()), "rmse": float((tot**2).mean() ** 0.5)}  # type: ignore[arg-type, operator]
    new_units = actual.join(
        series.select(pl.col("unique_id").alias("product_id")).unique(), on="product_id", how="anti"
    )
    report: dict[str, Any] = {
        "held_out": [held[0].isoformat(), held[-1].isoformat()],
        "training_periods": int(series.get_column("ds").max() or 0) + 1,  # type: ignore[call-overload]
        "products": series.get_column("unique_id").n_unique(),
        "held_out_units_of_new_products": round(float(new_units["actual"].sum() / actual["actual"].sum()), 4),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for side in SIDES:
            path = Path(tmp) / f"{side}.parquet"
            run = _measure(side, freq, path)
            fc = pl.read_parquet(path)
            report[side] = {
                "seconds": round(run["seconds"], 2),
                "series_per_second": round(run["series"] / run["seconds"], 1),
                "peak_mb": round(run["peak_mb"]),
                **_metrics(fc, actual, series, total_scale),
                **{k: v for k, v in run.items() if k in ("summary", "notes", "models")},
            }
    rung, ets, snaive = report["rung"], report["autoets"], report["seasonal_naive"]
    report["rung_time_ratio_to_autoets"] = round(rung["seconds"] / ets["seconds"], 2)
    measures = ("mean_mase", "mean_rmsse", "total_wape", "total_rmsse")
    report["rung_beats"] = {
        name: {m: rung[m] < base[m] for m in measures}
        for name, base in (("autoets", ets), ("seasonal_naive", snaive))
    }
    return report


def main() -> None:
    lines = _lines()
    report = {
        "data": DATA.name,
        "lines": lines.height,
        "cores": 2,
        "seasonal_naive_note": (
            "weekly: no product has 52 weeks before the held-out weeks, so it is naive (last week)"
        ),
        "week": _run("week", lines),
        "day_top_200": _run("day", lines),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "forecast_retail.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
