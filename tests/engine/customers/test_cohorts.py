"""Retention by month of first purchase on a tiny shop."""

from __future__ import annotations

import datetime as dt

import polars as pl

from rung.engine.customers import cohorts


def test_retention_table_by_hand() -> None:
    purchases = pl.DataFrame(
        {
            "customer_id": ["c1", "c1", "c1", "c2", "c2", "c3", "c3"],
            "day": [
                dt.date(2024, 1, 5),
                dt.date(2024, 1, 20),  # twice in its first month: still one active month
                dt.date(2024, 3, 2),
                dt.date(2024, 1, 9),
                dt.date(2024, 2, 9),
                dt.date(2024, 2, 1),
                dt.date(2024, 3, 31),
            ],
        }
    )
    table = cohorts.retention(purchases)
    rows = [
        (r["cohort"].month, r["size"], r["month_offset"], r["active"], r["share_active"])
        for r in table.iter_rows(named=True)
    ]
    assert rows == [
        (1, 2, 0, 2, 1.0),
        (1, 2, 1, 1, 0.5),
        (1, 2, 2, 1, 0.5),
        (2, 1, 0, 1, 1.0),
        (2, 1, 1, 1, 1.0),
    ]
    assert table.get_column("first_in_data").to_list() == [True, True, True, False, False]


def test_months_nobody_came_back_are_zero_rows() -> None:
    purchases = pl.DataFrame({"customer_id": ["a", "a"], "day": [dt.date(2023, 11, 3), dt.date(2024, 2, 1)]})
    table = cohorts.retention(purchases)
    assert table.get_column("month_offset").to_list() == [0, 1, 2, 3]  # across the year end
    assert table.get_column("active").to_list() == [1, 0, 0, 1]


def test_no_purchases() -> None:
    empty = pl.DataFrame(schema={"customer_id": pl.String, "day": pl.Date})
    assert cohorts.retention(empty).columns == list(cohorts.SCHEMA)
