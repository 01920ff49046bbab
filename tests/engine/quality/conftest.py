"""Small canonical tables for quality tests, built the way an import stores them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from rung.engine.schema import CUSTOMER, PRODUCT, SALE_LINE

START = dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC)


def lines(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Sale lines from short dicts; unnamed fields get plain defaults."""
    full = []
    for i, row in enumerate(rows):
        full.append(
            {
                "order_id": str(1000 + i),
                "line_no": 1,
                "timestamp": START + dt.timedelta(days=i),
                "customer_id": None,
                "product_id": "P1",
                "description": "Sourdough loaf",
                "quantity": 1.0,
                "unit": "piece",
                "unit_price": Decimal("3.50"),
                "currency": "EUR",
                "return_flag": False,
                **row,
            }
        )
    return SALE_LINE.conform(pl.DataFrame(full, schema_overrides={"unit_price": pl.Decimal(18, 4)}))


@pytest.fixture
def year_of_sales() -> pl.DataFrame:
    """Two products sold every day for a year, half the lines by known customers."""
    rows = []
    for day in range(366):
        for product, name, price in (("P1", "Sourdough loaf", "3.50"), ("P2", "Croissant", "1.20")):
            rows.append(
                {
                    "order_id": f"{day}-{product}",
                    "timestamp": START + dt.timedelta(days=day),
                    "product_id": product,
                    "description": name,
                    "unit_price": Decimal(price),
                    "customer_id": f"C{day % 40}" if day % 2 else None,
                }
            )
    return lines(rows)


def customers(rows: list[dict[str, object]]) -> pl.DataFrame:
    return CUSTOMER.conform(pl.DataFrame(rows))


def products(rows: list[dict[str, object]]) -> pl.DataFrame:
    return PRODUCT.conform(pl.DataFrame(rows))
