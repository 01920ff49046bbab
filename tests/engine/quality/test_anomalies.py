"""Row-level detectors: each flags the planted error and leaves real-world variation alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from rung.engine.quality.anomalies import CHECKS, flag_sale_lines
from rung.engine.schema import SALE_LINE

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
TODAY = date(2024, 12, 31)
HEART = "WHITE HANGING HEART T-LIGHT HOLDER"

_SCHEMA = {
    "order_id": pl.String,
    "timestamp": pl.Datetime("us", "UTC"),
    "customer_id": pl.String,
    "product_id": pl.String,
    "description": pl.String,
    "quantity": pl.Float64,
    "unit_price": pl.Float64,
    "tax": pl.Float64,
    "currency": pl.String,
    "return_flag": pl.Boolean,
}


def line(
    order: str,
    product: str = "P1",
    quantity: float = 6,
    price: float | None = 1.25,
    *,
    when: datetime = T0,
    description: str | None = HEART,
    customer: str | None = "K1",
    tax: float | None = None,
    returned: bool | None = None,
) -> dict[str, Any]:
    return {
        "order_id": order,
        "timestamp": when,
        "customer_id": customer,
        "product_id": product,
        "description": description,
        "quantity": float(quantity),
        "unit_price": price,
        "tax": tax,
        "currency": "EUR",
        "return_flag": returned,
    }


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    df = pl.DataFrame(rows, schema=_SCHEMA).with_columns(
        line_no=pl.int_range(1, pl.len() + 1).over("order_id")
    )
    return SALE_LINE.conform(df)


def steady(
    product: str = "P1", n: int = 20, price: float = 1.25, quantity: float = 6, **kw: Any
) -> list[dict[str, Any]]:
    """n ordinary lines of one product, one per order, an hour apart."""
    return [
        line(f"S{product}{i}", product, quantity, price, when=T0 + timedelta(hours=i), **kw) for i in range(n)
    ]


def flags(rows: list[dict[str, Any]], check: str | None = None) -> pl.DataFrame:
    out = flag_sale_lines(frame(rows), today=TODAY)
    return out if check is None else out.filter(pl.col("check") == check)


def flagged_rows(rows: list[dict[str, Any]], check: str) -> list[int]:
    return sorted(flags(rows, check).get_column("row").to_list())


def test_output_shape_and_codes() -> None:
    out = flag_sale_lines(SALE_LINE.empty(), today=TODAY)
    assert out.schema == pl.Schema(
        {"row": pl.Int64, "check": pl.String, "field": pl.String, "detail": pl.String}
    )
    assert set(CHECKS.values()) <= {"validity", "uniqueness", "consistency", "completeness"}
    rows = [*steady(n=20), line("X1", price=125.0), line("X2", quantity=-3)]
    assert set(flags(rows).get_column("check")) <= set(CHECKS)


def test_ordinary_variation_is_not_flagged() -> None:
    rows = [
        *steady("P1", 20, 1.25),
        *steady("P1", 10, 1.50),  # a 20% price change
        *steady("P2", 20, 2.55, 12),
        line("B1", "P2", 36, 2.55),  # a bulk order 3x the usual
        line("R1", "P2", -2, 2.55, returned=True),  # a marked return
        *steady("P3", 10, 2.55),
        *steady("P3", 5, 0.39),  # a clearance price on a third of the lines
    ]
    assert flags(rows).is_empty()


def test_price_outlier_names_a_decimal_slip() -> None:
    rows = [*steady(n=20), line("X1", price=125.0), line("X2", price=0.0125), line("X3", price=31.0)]
    out = flags(rows, "price_outlier").sort("row")
    assert out.get_column("row").to_list() == [20, 21, 22]
    assert set(out.get_column("field")) == {"unit_price"}
    details = out.get_column("detail").to_list()
    assert details[0] == "price 125.00 is 100x the usual 1.25 (decimal point moved 2 place(s)?)"
    assert details[1].startswith("price 0.0125 is 1/100 of the usual 1.25 (decimal point")
    assert details[2] == "price 31.00 is 25x the usual 1.25"


def test_price_outlier_needs_enough_lines() -> None:
    assert flagged_rows([*steady(n=3), line("X1", price=125.0)], "price_outlier") == []


def test_price_outlier_ignores_a_recurring_price_level() -> None:
    # A tenth of the product's lines at a trade price of 1/6: a real second level, not a slip.
    rows = [*steady(n=40, price=2.40), *steady("P1", 4, 0.40, 120)]
    assert flagged_rows(rows, "price_outlier") == []


def test_quantity_outlier_flags_a_unit_slip_not_a_bulk_order() -> None:
    rows = [
        *steady(n=10, quantity=12),
        *steady(n=10, quantity=6),
        line("X1", quantity=12000),
        line("X2", quantity=36),
    ]
    out = flags(rows, "quantity_outlier")
    assert out.get_column("row").to_list() == [20]
    assert out.item(0, "detail").startswith("quantity 12000 is 1000x the usual 12 (1000x a usual quantity")


def test_quantity_outlier_leaves_a_recurring_wholesale_quantity() -> None:
    rows = [*steady(n=40, quantity=2), *steady("P1", 3, quantity=1000)]
    assert flagged_rows(rows, "quantity_outlier") == []


def test_negative_quantity() -> None:
    rows = [
        *steady(n=10),
        line("1001", quantity=-2),  # flagged: not marked, ordinary order number
        line("1002", quantity=-2, returned=True),
        line("C1003", quantity=-2),
        line("CN-1004", quantity=-2),
        line("-1005", quantity=-2),
    ]
    assert flagged_rows(rows, "negative_quantity") == [10]


def test_negative_quantity_prefix_shared_by_every_order_is_no_credit_marker() -> None:
    rows = [line(f"R{1000 + i}", when=T0 + timedelta(hours=i)) for i in range(10)]
    rows.append(line("R2000", quantity=-1))
    assert flagged_rows(rows, "negative_quantity") == [10]


def test_future_date_with_one_day_grace() -> None:
    rows = [
        line("1", when=datetime(2024, 12, 31, 23, 0, tzinfo=UTC)),
        line("2", when=datetime(2025, 1, 1, 12, 0, tzinfo=UTC)),
        line("3", when=datetime(2025, 1, 2, 8, 0, tzinfo=UTC)),
    ]
    out = flags(rows, "future_date")
    assert out.get_column("row").to_list() == [2]
    assert out.item(0, "detail") == "dated 2025-01-02, after today (2024-12-31)"


def _numbered_orders(swap_at: int | None, lines_per_order: int = 2) -> list[dict[str, Any]]:
    start = datetime(2011, 5, 1, 9, 0, tzinfo=UTC)
    rows = []
    for i in range(80):
        when = start + timedelta(hours=3 * i)
        if i == swap_at:
            when = when.replace(month=when.day, day=when.month)
        for j in range(lines_per_order):
            rows.append(line(f"INV-{5000 + i}", f"P{j}", when=when))
    return rows


def test_date_out_of_sequence_flags_swapped_day_and_month() -> None:
    rows = _numbered_orders(swap_at=20)  # 2011-05-03 typed as 2011-03-05
    out = flags(rows, "date_out_of_sequence")
    assert out.get_column("row").to_list() == [40, 41]  # every line of the order
    assert set(out.get_column("field")) == {"timestamp"}
    assert out.item(0, "detail").startswith(
        "order dated 2011-03-05 but orders numbered around it are dated about"
    )
    assert out.item(0, "detail").endswith("day and month swapped?")
    assert flags(_numbered_orders(swap_at=None), "date_out_of_sequence").is_empty()


def test_date_out_of_sequence_needs_sequential_numbering() -> None:
    rows = _numbered_orders(swap_at=20)
    shuffled = [*rows[::2], *rows[1::2]]
    numbers = [f"INV-{(i * 7919) % 1000}" for i in range(len(shuffled))]
    unordered = [{**r, "order_id": n} for r, n in zip(shuffled, numbers, strict=True)]
    assert flags(unordered, "date_out_of_sequence").is_empty()


def test_description_variant_flags_a_rare_typo() -> None:
    rows = [
        *steady(n=30),
        line("X1", description="WHITE HANGNG HEART T-LIGHT HOLDER"),
        *steady("P2", 30, description="RED RETROSPOT CAKE STAND"),
        line("X2", "P2", description="Cake stand, red dots (gift)"),  # a different name, not a slip
    ]
    out = flags(rows, "description_variant")
    assert out.get_column("row").to_list() == [30]
    assert out.item(0, "detail") == (
        'description "WHITE HANGNG HEART T-LIGHT HOLDER" differs slightly from the usual '
        f'"{HEART}" (30 of 31 lines)'
    )


def test_description_variant_leaves_a_renamed_product() -> None:
    rows = [*steady(n=15), *steady("P1", 15, description="WHITE HANGING HEART TEA-LIGHT HOLDER")]
    assert flagged_rows(rows, "description_variant") == []


def test_duplicate_line_reports_the_later_copy() -> None:
    rows = [line("1", "P1"), line("1", "P2"), line("1", "P1"), line("1", "P1", quantity=7), line("2", "P1")]
    out = flags(rows, "duplicate_line")
    assert out.get_column("row").to_list() == [2]
    assert out.item(0, "detail") == "repeats line 1 of order 1 (same product, quantity, price and time)"


def test_missing_values() -> None:
    rows = [
        *steady(n=10),
        line("X1", description=None),
        line("X2", price=None),
        *steady("P2", 10, price=None),  # a till list without prices: nothing missing
        line("O1", "P3", customer="K9"),
        line("O1", "P4", customer=None),
        line("O2", "P3", customer=None),  # an anonymous sale
        line("O2", "P4", customer=None),
    ]
    out = flags(rows, "missing_value").sort("row")
    assert out.select("row", "field").rows() == [(10, "description"), (11, "unit_price"), (23, "customer_id")]
    assert out.item(2, "detail") == "customer_id is empty; 1 of the order's 1 other lines have customer K9"


@pytest.mark.parametrize(
    ("quantity", "price", "tax", "bad"),
    [
        (2, 10.0, 4.20, False),  # 21% VAT
        (2, 10.0, 10.0, True),  # 50%
        (2, 10.0, -4.20, True),  # negative on a sale
        (-2, 10.0, -4.20, False),  # a return with its tax
        (1, 0.03, 0.01, False),  # 33% only by rounding to the cent
        (2, 10.0, 0.0, False),
    ],
)
def test_tax_rate_impossible(quantity: float, price: float, tax: float, bad: bool) -> None:
    rows = [line("1", quantity=quantity, price=price, tax=tax, returned=quantity < 0)]
    assert bool(flagged_rows(rows, "tax_rate_impossible")) is bad


def test_works_with_only_the_required_columns() -> None:
    rows = [*steady(n=20), line("X1", price=125.0)]
    df = frame(rows).select(
        "order_id", "line_no", "timestamp", "product_id", "quantity", "unit_price", "currency"
    )
    out = flag_sale_lines(df, today=TODAY)
    assert out.get_column("check").to_list() == ["price_outlier"]
