"""rung.engine.forecast on small synthetic shops: demand, model choice, intervals, levels, periods."""

from __future__ import annotations

import datetime as dt
import math
import sys

import numpy as np
import polars as pl
import pytest

from rung.engine.forecast import DaskMissing, ForecastConfig, forecast
from rung.engine.forecast.demand import build_demand

START = dt.date(2024, 1, 1)  # a Monday


def _lines(
    sales: dict[str, list[tuple[dt.date, float]]], locations: dict[str, str] | None = None
) -> pl.DataFrame:
    rows = []
    for product, days in sales.items():
        for i, (day, qty) in enumerate(days):
            if qty == 0:
                continue
            rows.append(
                {
                    "order_id": f"{product}-{i}",
                    "line_no": 1,
                    "timestamp": dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
                    "product_id": product,
                    "quantity": float(qty),
                    "return_flag": False,
                    "location": (locations or {}).get(product),
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "order_id": pl.String,
            "line_no": pl.Int64,
            "timestamp": pl.Datetime("us", "UTC"),
            "product_id": pl.String,
            "quantity": pl.Float64,
            "return_flag": pl.Boolean,
            "location": pl.String,
        },
    )


def _weekly(values: list[float], first_week: int = 0) -> list[tuple[dt.date, float]]:
    """One sale on the Wednesday of each week; the data end on a Sunday (complete weeks)."""
    return [(START + dt.timedelta(weeks=first_week + i, days=2), v) for i, v in enumerate(values)]


def _with_sunday_end(lines: pl.DataFrame, weeks: int) -> pl.DataFrame:
    """Add a small Sunday sale in every week so each week counts as complete."""
    extra = _lines({"SUNDAY": [(START + dt.timedelta(weeks=w, days=6), 1.0) for w in range(weeks)]})
    return pl.concat([lines, extra])


def _shop() -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(7)
    weeks = 40
    sales: dict[str, list[tuple[dt.date, float]]] = {}
    for i in range(6):
        level = 20 + 10 * i
        sales[f"A{i}"] = _weekly([float(rng.poisson(level)) for _ in range(weeks)])
    for i in range(4):
        sales[f"B{i}"] = _weekly([float(rng.poisson(3)) if rng.random() < 0.4 else 0.0 for _ in range(weeks)])
    sales["NEW"] = _weekly([5.0, 7.0, 6.0, 8.0, 9.0], first_week=weeks - 5)
    locations = {p: ("Utrecht" if p.endswith(("0", "2", "4")) else "Leiden") for p in sales}
    lines = _with_sunday_end(_lines(sales, locations), weeks)
    products = pl.DataFrame(
        {
            "product_id": [*sales, "SUNDAY"],
            "category": ["bread" if p.startswith("A") else "cake" for p in sales] + ["bread"],
        }
    )
    return lines, products


@pytest.fixture(scope="module")
def shop() -> tuple[pl.DataFrame, pl.DataFrame]:
    return _shop()


@pytest.fixture(scope="module")
def weekly(shop: tuple[pl.DataFrame, pl.DataFrame]):
    lines, products = shop
    return forecast(lines, ForecastConfig(horizon=6, n_jobs=1), products=products)


def test_weekly_demand_zero_fills_and_leaves_returns_out():
    lines = _lines({"P": [(START + dt.timedelta(days=2), 4.0), (START + dt.timedelta(days=16), 3.0)]})
    refund = pl.DataFrame(
        {
            "order_id": ["C1", "C2"],
            "line_no": [1, 1],
            "timestamp": [dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)] * 2,
            "product_id": ["P", "P"],
            "quantity": [-2.0, 5.0],
            "return_flag": [True, True],
            "location": [None, None],
        },
        schema=lines.schema,
    )
    demand = build_demand(pl.concat([lines, refund]), "week")
    assert demand.periods == [dt.date(2024, 1, 1), dt.date(2024, 1, 8), dt.date(2024, 1, 15)]
    assert demand.products.get_column("quantity").to_list() == [4.0, 0.0, 3.0]
    assert demand.returns_left_out == 2


def test_partial_last_week_is_forecast_not_used(shop):
    lines, _ = shop
    wednesday = START + dt.timedelta(weeks=40, days=2)
    partial = pl.concat([lines, _lines({"A0": [(wednesday, 50.0)]})])
    result = forecast(partial, ForecastConfig(horizon=3, n_jobs=1))
    first = result.forecasts.get_column("period_start").min()
    assert first == START + dt.timedelta(weeks=40)
    assert result.history.get_column("period_start").max() == START + dt.timedelta(weeks=39)
    assert any("not complete" in n for n in result.notes)


def test_trending_seasonal_series_picks_a_model_that_beats_naive():
    days = 26 * 7
    pattern = [1.0, 1.0, 1.2, 1.4, 2.0, 3.0, 0.2]
    rng = np.random.default_rng(3)
    values = [(20 + 0.1 * d) * pattern[d % 7] + rng.normal(0, 1) for d in range(days)]
    lines = _lines({"P": [(START + dt.timedelta(days=d), max(0.0, round(v))) for d, v in enumerate(values)]})
    result = forecast(lines, ForecastConfig(freq="day", horizon=7, n_jobs=1))
    row = result.accuracy.row(0, named=True)
    assert row["error"] < row["naive_error"]
    assert row["model"] != "Naive"
    product = result.forecasts.filter(pl.col("level") == "product").sort("period_start")
    saturday = product.filter(pl.col("period_start").dt.weekday() == 6).get_column("forecast")[0]
    sunday = product.filter(pl.col("period_start").dt.weekday() == 7).get_column("forecast")[0]
    assert saturday > 3 * sunday  # the weekday pattern is kept


def test_intervals_nest_and_are_never_negative(weekly):
    f = weekly.forecasts
    assert f.height > 0
    for col in ("forecast", "lo_80", "hi_80", "lo_95", "hi_95"):
        assert f.get_column(col).null_count() == 0
        assert f.get_column(col).is_nan().sum() == 0
    assert (f["lo_95"] >= 0).all()
    assert (f["lo_95"] <= f["lo_80"] + 1e-9).all()
    assert (f["lo_80"] <= f["forecast"] + 1e-9).all()
    assert (f["forecast"] <= f["hi_80"] + 1e-9).all()
    assert (f["hi_80"] <= f["hi_95"] + 1e-9).all()


def test_levels_add_up(weekly):
    f = weekly.forecasts
    assert set(f.get_column("level").unique()) == {"product", "category", "location", "total"}
    sums = f.group_by("level", "period_start").agg(pl.col("forecast").sum())
    per = {(lv, d): v for lv, d, v in sums.iter_rows()}
    for (level, day), value in per.items():
        assert math.isclose(value, per[("product", day)], rel_tol=1e-9), level
    totals = f.filter(pl.col("level") == "total").get_column("forecast")
    assert (totals > 0).all()


def test_new_product_gets_its_category_profile_and_a_note(weekly):
    new = weekly.forecasts.filter((pl.col("level") == "product") & (pl.col("key") == "NEW"))
    assert new.height == 6
    assert set(new.get_column("model")) == {"category profile"}
    assert 2 < new.get_column("forecast").mean() < 20
    assert any("new products" in n and "category" in n for n in weekly.notes)
    assert "NEW" not in weekly.accuracy.get_column("key").to_list()


def test_accuracy_table_and_summary(weekly):
    acc = weekly.accuracy
    assert acc.columns == ["key", "model", "error", "naive_error", "seasonal_naive_error", "periods"]
    assert set(acc.get_column("key")) >= {"A0", "A5"}
    assert acc.filter(pl.col("key") == "A5").get_column("periods").item() == 40
    assert "off by" in weekly.summary and "copying the last week" in weekly.summary
    assert weekly.summary.template and weekly.summary.params["top"] == acc.height


def test_history_holds_every_level(weekly):
    h = weekly.history
    a0 = h.filter((pl.col("level") == "product") & (pl.col("key") == "A0"))
    assert a0.height == 40 and a0.get_column("period_start").min() == START
    assert h.filter(pl.col("level") == "total").height == 40


@pytest.mark.parametrize(
    ("freq", "horizon", "first"),
    [("day", 5, dt.date(2024, 3, 31)), ("week", 3, dt.date(2024, 4, 1)), ("month", 2, dt.date(2024, 4, 1))],
)
def test_horizon_and_period_starts(freq, horizon, first):
    days = 91  # 2024-01-01 .. 2024-03-31, a Sunday and the end of a month
    lines = _lines({"P": [(START + dt.timedelta(days=d), float(1 + d % 3)) for d in range(days)]})
    result = forecast(lines, ForecastConfig(freq=freq, horizon=horizon, n_jobs=1))
    product = result.forecasts.filter(pl.col("level") == "product")
    starts = product.get_column("period_start").to_list()
    assert len(starts) == horizon
    if freq == "day":
        first = dt.date(2024, 3, 31) + dt.timedelta(days=1)
    assert starts[0] == first
    if freq == "week":
        assert all(d.weekday() == 0 for d in starts)
    if freq == "month":
        assert starts == [dt.date(2024, 4, 1), dt.date(2024, 5, 1)]


def test_deterministic(shop, weekly):
    lines, products = shop
    a = weekly
    b = forecast(lines, ForecastConfig(horizon=6, n_jobs=1), products=products)
    assert a.forecasts.equals(b.forecasts)
    assert a.accuracy.equals(b.accuracy)
    assert str(a.summary) == str(b.summary)


def test_holidays_are_listed_and_closed_days_forecast_as_zero():
    first = dt.date(2023, 11, 1)
    last = dt.date(2024, 12, 22)
    days = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    closed = {dt.date(2023, 12, 25), dt.date(2023, 12, 26)}
    lines = _lines({"P": [(d, 0.0 if d in closed else 10.0 + d.weekday()) for d in days]})
    result = forecast(lines, ForecastConfig(freq="day", horizon=7, country="NL", n_jobs=1))
    christmas = result.forecasts.filter(pl.col("period_start") == dt.date(2024, 12, 25))
    assert christmas.height and (christmas.get_column("hi_95") == 0).all()
    other = result.forecasts.filter(pl.col("period_start") == dt.date(2024, 12, 24))
    assert (other.get_column("forecast") > 5).all()
    assert any("Christmas" in n for n in result.notes)


def test_no_sales_and_bad_settings():
    empty = _lines({})
    result = forecast(empty)
    assert result.forecasts.height == 0 and "no sales" in result.summary.lower()
    with pytest.raises(ValueError, match="freq"):
        forecast(empty, ForecastConfig(freq="year"))
    with pytest.raises(ValueError, match="dask_client"):
        forecast(empty, ForecastConfig(backend="dask"))


def test_dask_backend_without_dask_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(DaskMissing, match=r'pip install "dask\[distributed\]"'):
        forecast(_lines({}), ForecastConfig(backend="dask"), dask_client=object())
