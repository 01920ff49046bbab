"""The data health report: each check finds what is wrong, the score falls with it, readiness says why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from rung.engine.quality.readiness import Verdict
from rung.engine.quality.report import check
from tests.engine.quality.conftest import START, customers, lines, products

TODAY = dt.date(2026, 1, 20)


def codes(report_findings: list) -> set[str]:
    return {f.code for f in report_findings}


def test_clean_recent_year_scores_high_and_is_ready_to_forecast(year_of_sales: pl.DataFrame) -> None:
    report = check({"sale_lines": year_of_sales}, today=TODAY)
    assert report.score is not None and report.score >= 85
    verdicts = {r.use_case: r.verdict for r in report.readiness}
    assert verdicts["forecasting"] is Verdict.READY
    assert verdicts["feedback"] is Verdict.NOT_YET
    forecast = next(r for r in report.readiness if r.use_case == "forecasting")
    assert "100% of your top 2 products" in forecast.reason


def test_problems_lower_the_score_and_come_worst_first(year_of_sales: pl.DataFrame) -> None:
    clean = check({"sale_lines": year_of_sales}, today=TODAY)
    messy = year_of_sales.with_columns(
        currency=pl.when(pl.int_range(pl.len()) % 3 == 0).then(pl.lit("USD")).otherwise(pl.col("currency")),
        unit_price=pl.when(pl.int_range(pl.len()) % 4 == 0).then(None).otherwise(pl.col("unit_price")),
    )
    report = check({"sale_lines": messy}, today=TODAY)
    assert {"currency_mix", "empty_field"} <= codes(report.findings)
    assert report.score is not None and clean.score is not None and report.score < clean.score
    impacts = [f.impact for f in report.findings]
    assert impacts == sorted(impacts, reverse=True)
    empty = next(f for f in report.findings if f.code == "empty_field")
    assert empty.affected == messy.get_column("unit_price").null_count()
    assert empty.examples and all(e["unit_price"] == "" for e in empty.examples)


def test_stale_short_history_with_gaps_is_reported_in_numbers() -> None:
    sold = lines([{"timestamp": START + dt.timedelta(weeks=w)} for w in (0, 1, 2, 8, 9, 10, 11)])
    report = check({"sale_lines": sold}, today=TODAY)
    found = {f.code: f for f in report.findings}
    assert found["history_gaps"].affected == 5 and found["history_gaps"].total == 12
    assert found["short_history"].affected == 365 - (7 * 11 + 1)
    assert "days ago" in found["stale"].message
    assert report.dimensions["timeliness"] < 60
    forecast = next(r for r in report.readiness if r.use_case == "forecasting")
    assert forecast.verdict is Verdict.NOT_YET and "78 days" in forecast.reason


def test_duplicate_orders_and_unknown_products_are_found() -> None:
    base = [
        {"order_id": "A1", "product_id": "P1", "customer_id": "C1"},
        {"order_id": "A2", "product_id": "P1", "customer_id": "C1", "timestamp": START},  # A1 again
        {"order_id": "A3", "product_id": "P9", "customer_id": "C2"},
    ]
    report = check(
        {
            "sale_lines": lines(base),
            "products": products([{"product_id": "P1", "name": "Sourdough loaf"}]),
            "customers": customers([{"customer_id": "C1"}, {"customer_id": "C2"}]),
        },
        today=TODAY,
    )
    found = {f.code: f for f in report.findings}
    assert found["duplicate_order"].affected == 1
    assert found["unknown_products"].affected == 1
    assert "unknown_customers" not in found


def test_one_product_under_two_names_offers_the_names_fix(year_of_sales: pl.DataFrame) -> None:
    renamed = year_of_sales.with_columns(
        description=pl.when((pl.col("product_id") == "P1") & (pl.int_range(pl.len()) % 10 == 0))
        .then(pl.lit("SOURDOUGH LOAF 800g"))
        .otherwise(pl.col("description"))
    )
    found = {f.code: f for f in check({"sale_lines": renamed}, today=TODAY).findings}
    names = found["product_names"]
    assert names.fix == {"kind": "names", "entity": "sale_lines", "field": "description"}
    assert names.affected == renamed.filter(pl.col("description") == "SOURDOUGH LOAF 800g").height
    assert names.examples[0]["usual_name"] == "Sourdough loaf"


def test_customers_without_contact_and_bad_emails() -> None:
    people = customers(
        [
            {"customer_id": "1", "name": "Ana", "email": "ana@example.com"},
            {"customer_id": "2", "name": "Bo", "email": "bo-at-example"},
            {"customer_id": "3", "name": " Cem  Ak ", "email": None},
        ]
    )
    found = {f.code: f for f in check({"customers": people}, today=TODAY).findings}
    assert found["invalid_email"].affected == 1
    assert found["no_contact"].affected == 1
    assert found["extra_spaces"].fix == {"kind": "trim", "entity": "customers", "field": "name"}
    assert "timeliness" not in check({"customers": people}, today=TODAY).dimensions


def test_customer_readiness_needs_named_repeat_buyers() -> None:
    anonymous = lines([{"order_id": str(i)} for i in range(200)])
    report = check({"sale_lines": anonymous}, today=TODAY)
    verdict = next(r for r in report.readiness if r.use_case == "customers")
    assert verdict.verdict is Verdict.NOT_YET and "0% of your sale lines" in verdict.reason
    assert verdict.action is not None


def test_report_round_trips_as_json(year_of_sales: pl.DataFrame) -> None:
    import json

    data = check(
        {"sale_lines": year_of_sales.with_columns(unit_price=pl.lit(Decimal("1")))}, today=TODAY
    ).as_dict()
    again = json.loads(json.dumps(data))
    assert again["score"] == data["score"]
    assert {r["use_case"] for r in again["readiness"]} >= {"forecasting", "inventory", "planning"}


def test_nothing_imported_has_no_score() -> None:
    report = check({}, today=TODAY)
    assert report.score is None and report.findings == []
    assert all(r.verdict is Verdict.NOT_YET for r in report.readiness)


def test_a_till_list_of_items_scanned_is_not_charged_for_repeats_or_descriptions() -> None:
    """A bakery's till writes one line per item, by name, without prices: two coffees in one
    receipt are two equal lines, and the item's name is its id."""
    scans = lines(
        [
            {
                "order_id": str(o),
                "line_no": n,
                "product_id": item,
                "description": None,
                "unit_price": None,
                "timestamp": START + dt.timedelta(hours=o),
            }
            for o in range(30)
            for n, item in enumerate(("Coffee", "Coffee", "Bread"), start=1)
        ]
    )
    found = {f.code: f for f in check({"sale_lines": scans}, today=TODAY).findings}
    assert "duplicate_line" not in found
    assert ("empty_field", "description") not in {(f.code, f.field) for f in found.values()}
    assert found["empty_field"].field == "unit_price"
    assert found["empty_field"].message.startswith("None of your sale lines has a unit_price")
    coded = scans.with_columns(product_id=pl.col("product_id").replace({"Coffee": "C-001", "Bread": "B-002"}))
    assert "description" in {f.field for f in check({"sale_lines": coded}, today=TODAY).findings}
