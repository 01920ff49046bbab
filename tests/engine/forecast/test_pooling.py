"""Forecast pooling, pooled intervals, the weekday pattern and the test horizon, on synthetic shops."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from rung.engine.forecast import ForecastConfig, forecast
from rung.engine.forecast.demand import build_demand
from rung.engine.forecast.models import cv_horizon
from rung.engine.forecast.select import LONG_SCHEMA, choose, predictions
from rung.engine.forecast.weekdays import CLOSED, adjust, restore, weekday_index
from tests.engine.forecast.test_forecast import START, _lines

SATURDAY = 5


def _long(rows: list[tuple[str, int, float, str, int, float]]) -> pl.DataFrame:
    """unique_id, ds, y, model, rank, yhat rows of one window with cutoff 9."""
    frame = pl.DataFrame(rows, schema=["unique_id", "ds", "y", "model", "rank", "yhat"], orient="row")
    return frame.with_columns(pl.lit(9).alias("cutoff")).select(list(LONG_SCHEMA)).cast(LONG_SCHEMA)  # type: ignore[arg-type]


def test_choose_pools_the_best_and_names_members_in_candidate_order() -> None:
    # three candidates for one series over two held-out periods (actual 10, 10)
    long = _long(
        [
            ("p", 10, 10.0, "A", 0, 0.0),
            ("p", 11, 10.0, "A", 0, 0.0),  # worst
            ("p", 10, 10.0, "B", 1, 9.0),
            ("p", 11, 10.0, "B", 1, 9.0),  # second
            ("p", 10, 10.0, "C", 2, 10.0),
            ("p", 11, 10.0, "C", 2, 10.0),  # best
        ]
    )
    scale = pl.DataFrame({"unique_id": ["p"], "mae_scale": [1.0], "rmse_scale": [1.0]})
    single = choose(long, scale)
    assert single.get_column("model").to_list() == ["C"]
    pooled = choose(long, scale, pool=2)
    # the two best, written in the candidates' order (B before C) whatever their scores' order
    assert pooled.get_column("model").to_list() == ["B + C"]
    held = predictions(long, pooled)
    assert held.get_column("yhat").to_list() == [9.5, 9.5]
    assert held.get_column("y").to_list() == [10.0, 10.0]


def _daily_shop(days: int, products: int, seed: int = 1) -> tuple[pl.DataFrame, np.ndarray]:
    """Products selling Poisson amounts with a week rhythm: closed on Saturday, busiest Thursday."""
    rng = np.random.default_rng(seed)
    rhythm = np.array([1.0, 1.0, 1.2, 1.8, 1.0, 0.0, 0.6])
    sales: dict[str, list[tuple[dt.date, float]]] = {}
    for p in range(products):
        rate = 3.0 + p
        counts = []
        for d in range(days):
            day = START + dt.timedelta(days=d)
            counts.append((day, float(rng.poisson(rate * rhythm[day.weekday()]))))
        sales[f"P{p}"] = counts
    return _lines(sales), rhythm


def test_weekday_index_adjust_and_restore() -> None:
    lines, rhythm = _daily_shop(84, 12)
    demand = build_demand(lines, "day")
    assert demand.periods[0] == START
    series = demand.products.select(
        pl.col("product_id").alias("unique_id"), pl.col("period").alias("ds"), pl.col("quantity").alias("y")
    ).sort("unique_id", "ds")
    index = weekday_index(series, START)
    assert index[SATURDAY] < CLOSED
    assert index[3] == max(index.values())  # Thursday
    # the index follows the rhythm: Thursday / Monday close to 1.8
    assert abs(index[3] / index[0] - rhythm[3] / rhythm[0]) < 0.25
    adjusted = adjust(series, index, START)
    # closed days take the day before's adjusted value, never a zero that looks like a slump
    saturdays = adjusted.filter((pl.col("ds") + START.weekday()) % 7 == SATURDAY)
    fridays = adjusted.filter((pl.col("ds") + START.weekday()) % 7 == SATURDAY - 1)
    assert saturdays.get_column("y").to_list() == fridays.get_column("y").to_list()
    back = restore(adjusted, ["y"], index, START)
    open_days = (pl.col("ds") + START.weekday()) % 7 != SATURDAY
    assert np.allclose(
        back.filter(open_days).get_column("y").to_numpy(), series.filter(open_days).get_column("y").to_numpy()
    )
    assert back.filter(~open_days).get_column("y").sum() == 0


def test_daily_forecast_follows_the_week_rhythm_and_bounds_hold_new_days() -> None:
    days, horizon = 140, 14
    lines, _ = _daily_shop(days + horizon, 8, seed=3)
    cut = dt.datetime.combine(START + dt.timedelta(days=days), dt.time(0), tzinfo=dt.UTC)
    train, future = lines.filter(pl.col("timestamp") < cut), lines.filter(pl.col("timestamp") >= cut)
    result = forecast(train, ForecastConfig(freq="day", horizon=horizon, n_jobs=1))
    fc = result.forecasts.filter(pl.col("level") == "product").with_columns(
        pl.col("period_start").dt.weekday().alias("iso")  # 1 Monday … 7 Sunday
    )
    by_day = fc.group_by("iso").agg(pl.col("forecast").mean()).sort("iso")
    mean = dict(by_day.iter_rows())
    assert mean[SATURDAY + 1] == 0.0  # closed: forecast 0
    assert mean[4] > 1.4 * mean[1]  # Thursday well above Monday (true ratio 1.8)
    # pooled intervals cover new days about as often as they claim
    actual = future.group_by(
        pl.col("product_id").alias("key"), pl.col("timestamp").dt.date().alias("period_start")
    ).agg(pl.col("quantity").sum().alias("actual"))
    joined = fc.join(actual, on=["key", "period_start"], how="left").with_columns(
        pl.col("actual").fill_null(0.0)
    )
    inside_95 = ((joined["actual"] >= joined["lo_95"]) & (joined["actual"] <= joined["hi_95"])).mean()
    inside_80 = ((joined["actual"] >= joined["lo_80"]) & (joined["actual"] <= joined["hi_80"])).mean()
    assert 0.88 <= inside_95 <= 1.0
    assert 0.7 <= inside_80 <= 0.95
    assert inside_95 >= inside_80


def test_long_horizon_is_tested_on_a_shorter_one_and_bounds_widen() -> None:
    assert cv_horizon("month", 18) == 6
    assert cv_horizon("week", 8) == 8
    rng = np.random.default_rng(7)
    months = 48
    sales = {}
    for p in range(4):
        level = 50.0 * (p + 1)
        values = level * (1 + 0.3 * np.sin(np.arange(months) * 2 * np.pi / 12)) + rng.normal(0, 3, months)
        sales[f"M{p}"] = [
            (dt.date(2020 + m // 12, m % 12 + 1, 15), float(max(1.0, round(v)))) for m, v in enumerate(values)
        ]
        # a sale on the last day of each month so every month counts as complete
        sales[f"M{p}"] += [(dt.date(2020 + m // 12, m % 12 + 1, 28), 1.0) for m in range(months)]
    result = forecast(_lines(sales), ForecastConfig(freq="month", horizon=18, n_jobs=1))
    fc = result.forecasts.filter(pl.col("level") == "product").sort("key", "period_start")
    assert fc.group_by("key").len().get_column("len").to_list() == [18] * 4
    width = fc.with_columns((pl.col("hi_95") - pl.col("lo_95")).alias("w"))
    ends = width.group_by("key").agg(pl.col("w").first().alias("first"), pl.col("w").last().alias("last"))
    # steps past the tested 6 months get at least the first step's width (sqrt(step) widening)
    assert (ends["last"] >= ends["first"]).all()
    assert (ends["last"] > 0).all()
