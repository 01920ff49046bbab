"""Vega-Lite specifications for the charts the owner sees.

Specs are plain dicts with their data inline, so the same chart renders in the browser
(vendored vega-embed) and, later, in PDF reports without a server. Labels are passed
in already translated: the engine does not know the reader's language.
"""

from __future__ import annotations

from typing import Any

import polars as pl

Spec = dict[str, Any]

_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier; never fetched


def _records(df: pl.DataFrame) -> list[dict[str, Any]]:
    return df.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d")).to_dicts()


def _base(title: str) -> Spec:
    return {
        "$schema": _SCHEMA,
        "title": title,
        "width": "container",
        "height": 240,
        "autosize": {"type": "fit", "contains": "padding"},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12}},
    }


def revenue_by_month(df: pl.DataFrame, *, title: str, month: str, revenue: str, currency: str) -> Spec:
    """Bars of net revenue per month."""
    return _base(title) | {
        "data": {"values": _records(df.select("month", "revenue"))},
        "mark": {"type": "bar", "color": "#2f6f5e", "cornerRadiusEnd": 2},
        "encoding": {
            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": month},
            "y": {"field": "revenue", "type": "quantitative", "title": f"{revenue} ({currency})"},
            "tooltip": [
                {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": month},
                {"field": "revenue", "type": "quantitative", "format": ",.2f", "title": revenue},
            ],
        },
    }


def top_products(df: pl.DataFrame, *, title: str, product: str, revenue: str, currency: str) -> Spec:
    """Horizontal bars of the best-selling products by revenue."""
    data = df.with_columns(
        label=pl.coalesce(pl.col("description"), pl.col("product_id")).str.slice(0, 40)
    ).select("label", "revenue")
    return _base(title) | {
        "data": {"values": _records(data)},
        "mark": {"type": "bar", "color": "#c77d2b"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": product},
            "x": {"field": "revenue", "type": "quantitative", "title": f"{revenue} ({currency})"},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": product},
                {"field": "revenue", "type": "quantitative", "format": ",.2f", "title": revenue},
            ],
        },
        "height": {"step": 22},
    }


def customers_by_month(
    df: pl.DataFrame, *, title: str, month: str, customers: str, new: str, returning: str
) -> Spec:
    """Stacked bars of first-time and returning customers per month."""
    long = df.unpivot(index="month", on=["new", "returning"], variable_name="kind", value_name="customers")
    long = long.with_columns(pl.col("kind").replace_strict({"new": new, "returning": returning}))
    return _base(title) | {
        "data": {"values": _records(long)},
        "mark": "bar",
        "encoding": {
            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": month},
            "y": {"field": "customers", "type": "quantitative", "title": customers},
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "legend": {"orient": "top"},
                "scale": {"domain": [new, returning], "range": ["#7fb8a4", "#2f6f5e"]},
            },
            "tooltip": [
                {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": month},
                {"field": "kind", "type": "nominal", "title": customers},
                {"field": "customers", "type": "quantitative", "title": customers},
            ],
        },
    }
