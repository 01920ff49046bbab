"""Reorder advice on small hand-made forecasts: the policy behaves as an owner expects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from rung.engine.inventory import (
    ADVICE_SCHEMA,
    InventorySettings,
    advice_notes,
    advise,
    purchase_order,
    write_purchase_order,
)
from rung.engine.messages import Note
from rung.engine.schema import INVENTORY_SNAPSHOT, PRODUCT, SUPPLIER

START = dt.date(2024, 1, 1)


def forecasts(weekly: dict[str, float], spread: float = 0.3, weeks: int = 8) -> pl.DataFrame:
    """Flat weekly forecasts with symmetric normal-ish bounds: σ = spread × forecast."""
    rows = []
    for key, f in weekly.items():
        sigma = spread * f
        for i in range(weeks):
            rows.append(
                {
                    "level": "product",
                    "key": key,
                    "period_start": START + dt.timedelta(weeks=i),
                    "forecast": f,
                    "lo_80": max(0.0, f - 1.2816 * sigma),
                    "hi_80": f + 1.2816 * sigma,
                    "lo_95": max(0.0, f - 1.96 * sigma),
                    "hi_95": f + 1.96 * sigma,
                    "model": "AutoETS",
                }
            )
    if rows:  # a category row, which the advice must ignore
        rows.append({**rows[0], "level": "category", "key": "cakes", "forecast": 1000.0})
    return pl.DataFrame(rows)


def history(weekly: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"level": "product", "key": k, "period_start": START - dt.timedelta(weeks=w), "quantity": q}
            for k, q in weekly.items()
            for w in range(1, 5)
        ]
    )


def products(**costs: str | None) -> pl.DataFrame:
    return PRODUCT.conform(
        pl.DataFrame(
            {
                "product_id": list(costs),
                "name": [f"Product {k}" for k in costs],
                "category": ["gifts"] * len(costs),
                "unit_cost": list(costs.values()),
                "currency": ["EUR"] * len(costs),
                "supplier_id": ["S1"] * len(costs),
            }
        )
    )


def stock(**on_hand: float) -> pl.DataFrame:
    return INVENTORY_SNAPSHOT.conform(
        pl.DataFrame(
            {
                "product_id": list(on_hand),
                "as_of": [dt.datetime(2023, 12, 31, 18, tzinfo=dt.UTC)] * len(on_hand),
                "on_hand": list(on_hand.values()),
                "currency": ["EUR"] * len(on_hand),
            }
        )
    )


def suppliers(lead_time_days: float | None = 7.0, min_order_value: str | None = None) -> pl.DataFrame:
    return SUPPLIER.conform(
        pl.DataFrame(
            {
                "supplier_id": ["S1"],
                "lead_time_days": [lead_time_days],
                "min_order_value": [min_order_value],
                "currency": ["EUR"],
            }
        )
    )


def row(advice: pl.DataFrame, product_id: str) -> dict[str, Any]:
    return advice.filter(pl.col("product_id") == product_id).row(0, named=True)


DEMAND = {"A": 70.0, "B": 7.0}


def test_one_row_per_product_with_the_documented_columns() -> None:
    advice = advise(forecasts(DEMAND), history(DEMAND), stock=stock(A=10, B=500))
    assert advice.schema == ADVICE_SCHEMA
    assert sorted(advice.get_column("product_id")) == ["A", "B"]
    assert row(advice, "A")["daily_demand"] == pytest.approx(10.0)


def test_higher_service_level_needs_more_safety_stock() -> None:
    fc, h = forecasts(DEMAND), history(DEMAND)
    levels = [0.8, 0.9, 0.95, 0.99]
    safety = [
        row(advise(fc, h, settings=InventorySettings(service_level=s)), "A")["safety_stock"] for s in levels
    ]
    assert safety == sorted(safety)
    assert len(set(safety)) == len(levels)
    # z(0.95) σ sqrt((7 + 7) / 7) with σ = 0.3 × 70 = 21 per week
    assert safety[2] == pytest.approx(1.6449 * 21 * 2**0.5, rel=1e-3)


def test_longer_lead_time_raises_the_reorder_point() -> None:
    fc, h = forecasts(DEMAND), history(DEMAND)
    short = row(advise(fc, h, products=products(A="2"), suppliers=suppliers(7.0)), "A")
    long = row(advise(fc, h, products=products(A="2"), suppliers=suppliers(21.0)), "A")
    assert long["lead_time_days"] == 21.0
    assert long["reorder_point"] > short["reorder_point"]
    assert long["safety_stock"] > short["safety_stock"]
    # demand over lead time + review period: 10 a day for 14 days, plus safety stock
    assert short["reorder_point"] == pytest.approx(140 + short["safety_stock"])


def test_default_lead_time_applies_without_a_supplier() -> None:
    advice = advise(forecasts(DEMAND), history(DEMAND), settings=InventorySettings(default_lead_time_days=3))
    assert row(advice, "A")["lead_time_days"] == 3.0


def test_low_stock_is_ordered_and_high_stock_is_overstock() -> None:
    advice = advise(forecasts(DEMAND), history(DEMAND), stock=stock(A=10, B=1000), suppliers=suppliers())
    low, high = row(advice, "A"), row(advice, "B")
    assert low["status"] == "order"
    assert low["suggested_order"] > 0
    # no unit cost: order up to the reorder point, in whole units
    assert low["suggested_order"] == pytest.approx(-(-(low["reorder_point"] - 10) // 1))
    assert low["order_quantity"] == low["suggested_order"]
    assert low["stockout_risk"] > 0.9
    assert high["suggested_order"] == 0
    assert high["days_of_cover"] == pytest.approx(1000.0)
    assert high["status"] == "overstock"
    assert high["overstock_units"] == pytest.approx(1000 - 90 * 1.0)
    assert high["stockout_risk"] < 0.01
    assert "overstock" in str(high["reason"])
    assert advice.get_column("product_id").to_list() == ["A", "B"]  # most urgent first


def test_well_stocked_within_overstock_days_is_fine() -> None:
    advice = advise(forecasts(DEMAND), history(DEMAND), stock=stock(B=60))
    b = row(advice, "B")
    assert b["status"] == "ok"
    assert b["suggested_order"] == 0
    assert b["overstock_units"] == 0


def test_on_order_counts_towards_the_position() -> None:
    counted = stock(A=10).with_columns(on_order=pl.lit(500.0))
    a = row(advise(forecasts(DEMAND), history(DEMAND), stock=counted), "A")
    assert a["on_order"] == 500.0
    assert a["suggested_order"] == 0
    assert a["days_of_cover"] == pytest.approx(1.0)  # cover is what is on the shelf


def test_economic_order_quantity_when_the_unit_cost_is_known() -> None:
    settings = InventorySettings(order_cost=Decimal("50"), holding_cost_rate=0.2)
    a = row(
        advise(
            forecasts(DEMAND), history(DEMAND), products=products(A="4"), stock=stock(A=0), settings=settings
        ),
        "A",
    )
    eoq = (2 * 50 * 10 * 365 / (0.2 * 4)) ** 0.5
    assert a["order_quantity"] == pytest.approx(-(-eoq // 1))
    assert a["suggested_order"] == pytest.approx(-(-(a["reorder_point"] + eoq) // 1))


def test_minimum_order_value_raises_the_order() -> None:
    small = row(
        advise(forecasts(DEMAND), history(DEMAND), products=products(A="1"), stock=stock(A=150)),
        "A",
    )
    assert 0 < small["suggested_order"] < 5000  # units at € 1 each
    raised = row(
        advise(
            forecasts(DEMAND),
            history(DEMAND),
            products=products(A="1"),
            stock=stock(A=150),
            suppliers=suppliers(7.0, "5000"),
        ),
        "A",
    )
    assert raised["suggested_order"] == 5000
    assert "minimum order value" in str(raised["reason"])


def test_capital_tied_up_is_on_hand_times_unit_cost_as_decimal() -> None:
    advice = advise(
        forecasts(DEMAND),
        history(DEMAND),
        products=products(A="2.35", B="0.1"),
        stock=stock(A=3, B=1000),
        currency="EUR",
    )
    assert advice.schema["capital_tied_up"] == pl.Decimal(18, 4)
    assert row(advice, "A")["capital_tied_up"] == Decimal("7.05")
    assert row(advice, "B")["capital_tied_up"] == Decimal("100")
    assert row(advice, "B")["overstock_value"] == Decimal("91")  # (1000 − 90 days × 1) × 0.10
    assert row(advice, "A")["currency"] == "EUR"


def test_unit_cost_in_another_currency_is_not_used() -> None:
    cost_in_usd = products(A="2").with_columns(currency=pl.lit("USD"))
    a = row(advise(forecasts(DEMAND), history(DEMAND), products=cost_in_usd, stock=stock(A=3)), "A")
    assert a["unit_cost"] is None
    assert a["capital_tied_up"] is None


def test_no_stock_count_leaves_the_order_open_and_says_why() -> None:
    advice = advise(forecasts(DEMAND), history(DEMAND), products=products(A="2"))
    a = row(advice, "A")
    assert a["on_hand"] is None
    assert a["days_of_cover"] is None
    assert a["suggested_order"] is None
    assert a["stockout_risk"] is None
    assert a["status"] == "no_count"
    assert "no stock count" in str(a["reason"]).lower()
    assert a["reorder_point"] > 0
    assert a["safety_stock"] > 0


def test_latest_count_per_location_is_added_up() -> None:
    counts = INVENTORY_SNAPSHOT.conform(
        pl.DataFrame(
            {
                "product_id": ["A", "A", "A"],
                "location": ["shop", "shop", "warehouse"],
                "as_of": [dt.datetime(2023, 12, d, tzinfo=dt.UTC) for d in (1, 30, 15)],
                "on_hand": [999.0, 5.0, 7.0],
            }
        )
    )
    a = row(advise(forecasts(DEMAND), history(DEMAND), stock=counts), "A")
    assert a["on_hand"] == 12.0


def test_held_out_error_larger_than_the_interval_raises_safety_stock() -> None:
    fc, h = forecasts(DEMAND), history(DEMAND)
    base = row(advise(fc, h), "A")["safety_stock"]
    accuracy = pl.DataFrame(
        {"key": ["A"], "model": ["AutoETS"], "error": [1.0], "naive_error": [50.0],
         "seasonal_naive_error": [60.0], "periods": [8]}
    )  # fmt: skip
    worse = row(advise(fc, h, accuracy=accuracy), "A")["safety_stock"]
    assert worse > base


def test_stock_without_a_forecast_is_listed_without_a_reorder_point() -> None:
    advice = advise(forecasts(DEMAND), history(DEMAND), products=products(Z="3"), stock=stock(Z=4))
    z = row(advice, "Z")
    assert z["status"] == "no_forecast"
    assert z["reorder_point"] is None
    assert z["capital_tied_up"] == Decimal("12")


def test_notes_sum_up_the_advice() -> None:
    advice = advise(
        forecasts(DEMAND),
        history(DEMAND),
        products=products(A="2", B="1"),
        stock=stock(A=10, B=1000),
    )
    notes = advice_notes(advice)
    assert all(isinstance(n, Note) for n in notes)
    text = " ".join(notes)
    assert "Products to order now: 1." in text
    assert "Overstocked products: 1, tying up € 910." in text
    assert notes[0].template == "Products to order now: %(count)s."
    assert advice_notes(advice.clear()) == []


def test_purchase_order_csv_and_xlsx_read_back(tmp_path: Path) -> None:
    fc = forecasts({"A": 70.0, "B": 7.0, "C": 14.0})
    catalogue = products(A="2", B="1", C="0.5").with_columns(
        supplier_id=pl.Series(["S2", "S1", "S1"]),
    )
    advice = advise(fc, history(DEMAND), products=catalogue, stock=stock(A=0, B=1000, C=0))
    po = purchase_order(advice)
    assert po.get_column("product_id").to_list() == ["C", "A"]  # by supplier: S1 then S2
    assert po.get_column("supplier_id").to_list() == ["S1", "S2"]
    assert (po.get_column("quantity") > 0).all()
    c = po.row(0, named=True)
    assert c["line_value"] == c["unit_cost"] * Decimal(int(c["quantity"]))

    csv = write_purchase_order(po, tmp_path / "order.csv")
    back = pl.read_csv(csv)
    assert back.columns[:4] == ["Supplier", "Product code", "Product", "Quantity"]
    assert back.get_column("Product code").to_list() == ["C", "A"]
    assert back.get_column("Quantity").to_list() == [int(q) for q in po.get_column("quantity")]

    xlsx = write_purchase_order(po, tmp_path / "order.xlsx")
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("Supplier", "Product code", "Product", "Quantity")
    assert [r[1] for r in values[1:]] == ["C", "A"]
    assert values[1][3] == int(c["quantity"])
    assert values[1][5] == pytest.approx(float(c["line_value"]))

    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        write_purchase_order(po, tmp_path / "order.pdf")


def test_empty_inputs_give_an_empty_frame() -> None:
    empty = forecasts({"A": 1.0}).clear()
    advice = advise(empty, history({"A": 1.0}).clear())
    assert advice.is_empty()
    assert advice.schema == ADVICE_SCHEMA
    assert purchase_order(advice).is_empty()
