"""Chart specs are plain JSON with the input data inline and the labels they were given."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl
import pytest

from rung.engine import charts

MONTHS = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def _roundtrip(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the browser receives it; fails if anything is not plain JSON."""
    text = json.dumps(spec, allow_nan=False)
    result: dict[str, Any] = json.loads(text)
    return result


def _check_common(spec: dict[str, Any], title: str) -> None:
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert spec["title"] == title
    assert isinstance(spec["data"]["values"], list)
    assert "mark" in spec and "encoding" in spec


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_revenue_by_month() -> None:
    df = pl.DataFrame({"month": MONTHS, "revenue": [35.0, 12.5, 10.0], "orders": [2, 3, 1]})
    spec = _roundtrip(
        charts.revenue_by_month(df, title="Omzet per maand", month="Maand", revenue="Omzet", currency="EUR")
    )
    _check_common(spec, "Omzet per maand")
    assert spec["data"]["values"] == [
        {"month": m.isoformat(), "revenue": r} for m, r in zip(MONTHS, [35.0, 12.5, 10.0], strict=True)
    ]
    enc = spec["encoding"]
    assert enc["x"]["field"] == "month" and enc["x"]["title"] == "Maand"
    assert enc["y"]["field"] == "revenue" and enc["y"]["title"] == "Omzet (EUR)"
    assert {t["title"] for t in enc["tooltip"]} == {"Maand", "Omzet"}


def test_top_products_labels_fall_back_to_the_product_id_and_are_shortened() -> None:
    long_name = "EXTRA LONG DESCRIPTION OF A VERY SPECIAL WEDDING CAKE WITH CANDLES"
    df = pl.DataFrame(
        {
            "product_id": ["A", "B", "C"],
            "description": ["Apple pie", None, long_name],
            "revenue": [30.0, 16.0, 11.0],
            "quantity": [3.0, 3.0, 3.0],
        }
    )
    spec = _roundtrip(
        charts.top_products(df, title="Topproducten", product="Product", revenue="Omzet", currency="€")
    )
    _check_common(spec, "Topproducten")
    assert spec["data"]["values"] == [
        {"label": "Apple pie", "revenue": 30.0},
        {"label": "B", "revenue": 16.0},
        {"label": long_name[:40], "revenue": 11.0},
    ]
    assert spec["encoding"]["y"]["title"] == "Product"
    assert spec["encoding"]["x"]["title"] == "Omzet (€)"


def test_customers_by_month_uses_the_translated_kinds() -> None:
    df = pl.DataFrame({"month": MONTHS, "new": [1, 1, 0], "returning": [0, 1, 1]})
    spec = _roundtrip(
        charts.customers_by_month(
            df, title="Klanten", month="Maand", customers="Klanten", new="Nieuw", returning="Terugkerend"
        )
    )
    _check_common(spec, "Klanten")
    values = spec["data"]["values"]
    assert len(values) == 2 * df.height
    by_key = {(v["month"], v["kind"]): v["customers"] for v in values}
    for row in df.iter_rows(named=True):
        assert by_key[(row["month"].isoformat(), "Nieuw")] == row["new"]
        assert by_key[(row["month"].isoformat(), "Terugkerend")] == row["returning"]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Nieuw", "Terugkerend"]
    assert "new" not in {v["kind"] for v in values}, "untranslated kinds never reach the reader"


@pytest.mark.parametrize(
    ("make", "df"),
    [
        (
            lambda df: charts.revenue_by_month(df, title="t", month="m", revenue="r", currency="c"),
            pl.DataFrame(schema={"month": pl.Date, "revenue": pl.Float64, "orders": pl.UInt32}),
        ),
        (
            lambda df: charts.top_products(df, title="t", product="p", revenue="r", currency="c"),
            pl.DataFrame(
                schema={
                    "product_id": pl.String,
                    "description": pl.String,
                    "revenue": pl.Float64,
                    "quantity": pl.Float64,
                }
            ),
        ),
        (
            lambda df: charts.customers_by_month(
                df, title="t", month="m", customers="c", new="n", returning="r"
            ),
            pl.DataFrame(schema={"month": pl.Date, "new": pl.Int64, "returning": pl.Int64}),
        ),
    ],
)
def test_empty_tables_give_empty_charts(make: Any, df: pl.DataFrame) -> None:
    spec = _roundtrip(make(df))
    assert spec["data"]["values"] == []


def test_specs_fetch_nothing() -> None:
    """Specs carry their data inline: no URL apart from the schema identifier."""
    df = pl.DataFrame({"month": MONTHS, "revenue": [1.0, 2.0, 3.0], "orders": [1, 1, 1]})
    spec = charts.revenue_by_month(df, title="t", month="m", revenue="r", currency="c")
    assert "url" not in spec["data"]
    urls = [s for s in _strings(spec) if "://" in s]
    assert urls == [spec["$schema"]]


def test_forecast_band_layers_history_forecast_and_both_intervals():
    import datetime as dt

    import polars as pl

    from rung.engine.charts import forecast_band

    weeks = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(6)]
    history = pl.DataFrame({"period_start": weeks[:4], "quantity": [3.0, 4.0, 5.0, 4.0]})
    ahead = pl.DataFrame(
        {
            "period_start": weeks[4:],
            "forecast": [4.0, 4.5],
            "lo_80": [3.0, 3.2],
            "hi_80": [5.0, 5.8],
            "lo_95": [2.0, 2.1],
            "hi_95": [6.0, 6.9],
        }
    )
    spec = forecast_band(
        history, ahead, title="Bread", period="Week", quantity="Units", actual="Sold", expected="Forecast"
    )
    bands, inner, line = spec["layer"]
    assert [r["hi_95"] for r in bands["data"]["values"]] == [6.0, 6.9]
    assert inner["encoding"]["y2"] == {"field": "hi_80"}
    assert [r["series"] for r in line["data"]["values"]] == ["Sold"] * 4 + ["Forecast"] * 2
    assert line["data"]["values"][0]["period_start"] == "2026-01-05"
