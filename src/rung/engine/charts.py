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


def forecast_band(
    history: pl.DataFrame,
    forecast: pl.DataFrame,
    *,
    title: str,
    period: str,
    quantity: str,
    actual: str,
    expected: str,
) -> Spec:
    """Sold quantities, then the forecast with its 80% and 95% bands (lighter = wider).

    history: period_start, quantity; forecast: period_start, forecast, lo_80, hi_80, lo_95, hi_95.
    """
    past = history.select("period_start", pl.col("quantity").alias("value"), series=pl.lit(actual))
    ahead = forecast.select("period_start", pl.col("forecast").alias("value"), series=pl.lit(expected))
    x = {"field": "period_start", "type": "temporal", "title": period}
    return _base(title) | {
        "layer": [
            {
                "data": {"values": _records(forecast.select("period_start", "lo_95", "hi_95"))},
                "mark": {"type": "area", "color": "#2f6f5e", "opacity": 0.15},
                "encoding": _band(x, "lo_95", "hi_95"),
            },
            {
                "data": {"values": _records(forecast.select("period_start", "lo_80", "hi_80"))},
                "mark": {"type": "area", "color": "#2f6f5e", "opacity": 0.3},
                "encoding": _band(x, "lo_80", "hi_80"),
            },
            {
                "data": {"values": _records(pl.concat([past, ahead]))},
                "mark": {"type": "line", "point": {"size": 20}},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": quantity},
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": [actual, expected], "range": ["#1f2937", "#2f6f5e"]},
                        "legend": {"orient": "top"},
                    },
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "scale": {"domain": [actual, expected], "range": [[1, 0], [5, 3]]},
                        "legend": None,
                    },
                    "tooltip": [
                        x,
                        {"field": "value", "type": "quantitative", "format": ",.0f", "title": quantity},
                    ],
                },
            },
        ],
    }


def _band(x: Spec, low: str, high: str) -> Spec:
    return {"x": x, "y": {"field": low, "type": "quantitative"}, "y2": {"field": high}}


def segment_shares(
    df: pl.DataFrame, *, title: str, segment: str, share: str, customers: str, revenue: str
) -> Spec:
    """Side-by-side bars per segment: its share of customers and its share of revenue.

    df: name (the segment's name, already translated), customer_share, revenue_share (0-1),
    best segment first.
    """
    long = df.select("name", "customer_share", "revenue_share").unpivot(
        index="name", on=["customer_share", "revenue_share"], variable_name="measure", value_name="share"
    )
    long = long.with_columns(
        pl.col("measure").replace_strict({"customer_share": customers, "revenue_share": revenue})
    )
    order = df.get_column("name").to_list()
    return _base(title) | {
        "data": {"values": _records(long)},
        "mark": {"type": "bar", "cornerRadiusEnd": 2},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": order, "title": segment},
            "yOffset": {"field": "measure", "type": "nominal", "sort": [customers, revenue]},
            "x": {"field": "share", "type": "quantitative", "axis": {"format": ".0%"}, "title": share},
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": None,
                "legend": {"orient": "top"},
                "scale": {"domain": [customers, revenue], "range": ["#7fb8a4", "#c77d2b"]},
            },
            "tooltip": [
                {"field": "name", "type": "nominal", "title": segment},
                {"field": "measure", "type": "nominal", "title": share},
                {"field": "share", "type": "quantitative", "format": ".1%", "title": share},
            ],
        },
        "height": {"step": 14},
    }


def cohort_retention(df: pl.DataFrame, *, title: str, cohort: str, month: str, share: str) -> Spec:
    """A heat map of the share of each month's new customers who bought again N months later
    (rows: month of the first purchase, named in the tooltip as `cohort`).

    df: cohort (Date: month of the first purchase), month_offset, share_active (0-1).
    """
    data = df.filter(pl.col("month_offset") > 0).select("cohort", "month_offset", "share_active")
    return _base(title) | {
        "data": {"values": _records(data)},
        "mark": {"type": "rect"},
        "encoding": {
            "x": {"field": "month_offset", "type": "ordinal", "title": month, "axis": {"labelAngle": 0}},
            "y": {"field": "cohort", "type": "ordinal", "timeUnit": "yearmonth", "title": None},
            "color": {
                "field": "share_active",
                "type": "quantitative",
                "title": share,
                "scale": {"scheme": "greens", "domainMin": 0},
                "legend": {"format": ".0%"},
            },
            "tooltip": [
                {"field": "cohort", "type": "temporal", "timeUnit": "yearmonth", "title": cohort},
                {"field": "month_offset", "type": "ordinal", "title": month},
                {"field": "share_active", "type": "quantitative", "format": ".0%", "title": share},
            ],
        },
        "height": {"step": 18},
    }


def assessment_scores(
    rows: list[dict[str, Any]], *, title: str, score: str, source: str, sources: list[str]
) -> Spec:
    """Horizontal bars of the 0-100 score per assessment dimension, coloured by where the score
    comes from (self-reported or measured); rows: {"dimension", "score", "source"}, in order."""
    return _base(title) | {
        "data": {"values": rows},
        "mark": {"type": "bar", "cornerRadiusEnd": 2},
        "encoding": {
            "y": {"field": "dimension", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "score",
                "type": "quantitative",
                "scale": {"domain": [0, 100]},
                "axis": {"values": [0, 20, 40, 60, 80, 100]},
                "title": score,
            },
            "color": {
                "field": "source",
                "type": "nominal",
                "title": source,
                "scale": {"domain": sources, "range": ["#c77d2b", "#2f6f5e"]},
                "legend": {"orient": "bottom"},
            },
            "tooltip": [
                {"field": "dimension", "type": "nominal"},
                {"field": "score", "type": "quantitative", "title": score},
                {"field": "source", "type": "nominal", "title": source},
            ],
        },
        "height": {"step": 30},
    }


def satisfaction_over_time(
    df: pl.DataFrame, *, title: str, month: str, score: str, nps: str, csat: str, rating: str
) -> Spec:
    """NPS (-100 to 100) and CSAT (in %) per month on the left axis, the average star rating
    (1-5) on the right; a measure with no answers in a month leaves a gap.

    df: period (Date), nps, csat (0-1), average_rating.
    """
    long = (
        df.select(
            "period",
            pl.col("nps").alias(nps),
            (pl.col("csat") * 100).round(1).alias(csat),
        )
        .unpivot(index="period", variable_name="measure", value_name="value")
        .drop_nulls("value")
    )
    stars = df.select("period", "average_rating").drop_nulls("average_rating")
    x = {"field": "period", "type": "temporal", "timeUnit": "yearmonth", "title": month}
    palette = {nps: "#2f6f5e", csat: "#7fb8a4", rating: "#c77d2b"}
    shown = [m for m in (nps, csat) if m in set(long.get_column("measure"))] + (
        [rating] if stars.height else []
    )
    colours = {"domain": shown, "range": [palette[m] for m in shown]}
    return _base(title) | {
        "layer": [
            {
                "data": {"values": _records(long)},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": score},
                    "color": {
                        "field": "measure",
                        "type": "nominal",
                        "title": None,
                        "legend": {"orient": "top"},
                        "scale": colours,
                    },
                    "tooltip": [
                        x,
                        {"field": "measure", "type": "nominal", "title": score},
                        {"field": "value", "type": "quantitative", "format": ",.1f", "title": score},
                    ],
                },
            },
            {
                "data": {"values": _records(stars)},
                "mark": {"type": "line", "point": True, "strokeDash": [5, 3]},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "average_rating",
                        "type": "quantitative",
                        "title": rating,
                        "scale": {"domain": [1, 5]},
                    },
                    "color": {"datum": rating, "scale": colours},
                    "tooltip": [
                        x,
                        {"field": "average_rating", "type": "quantitative", "format": ".2f", "title": rating},
                    ],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


def aspect_sentiment(df: pl.DataFrame, *, title: str, month: str, aspect: str, sentiment: str) -> Spec:
    """One line per aspect: the mean sentiment of its mentions per month, from -1 (all negative)
    to 1 (all positive); a point's size is how many comments mentioned it that month.

    df: period (Date), name (the aspect's name, already translated), score, mentions.
    """
    x = {"field": "period", "type": "temporal", "timeUnit": "yearmonth", "title": month}
    y = {"field": "score", "type": "quantitative", "title": sentiment, "scale": {"domain": [-1, 1]}}
    color = {"field": "name", "type": "nominal", "title": aspect, "legend": {"orient": "right"}}
    return _base(title) | {
        "data": {"values": _records(df.select("period", "name", "score", "mentions"))},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#9ca3af", "strokeDash": [2, 2]},
                "encoding": {"y": {"datum": 0}},
            },
            {"mark": {"type": "line", "strokeWidth": 2}, "encoding": {"x": x, "y": y, "color": color}},
            {
                "mark": {"type": "circle", "opacity": 0.9},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "size": {
                        "field": "mentions",
                        "type": "quantitative",
                        "legend": None,
                        "scale": {"range": [40, 220], "zero": False},
                    },
                    "tooltip": [
                        x,
                        {"field": "name", "type": "nominal", "title": aspect},
                        {"field": "score", "type": "quantitative", "format": ".2f", "title": sentiment},
                        {"field": "mentions", "type": "quantitative"},
                    ],
                },
            },
        ],
    }
