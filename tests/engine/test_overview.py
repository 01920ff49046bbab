"""The overview from a small hand-made shop whose figures can be checked by hand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import polars as pl
import pytest

from rung.engine.overview import build_overview, main_currency
from rung.engine.schema import SALE_LINE


@dataclass(frozen=True)
class Line:
    order_id: str
    line_no: int
    timestamp: datetime
    customer_id: str | None
    product_id: str
    description: str | None
    quantity: float
    unit_price: Decimal | None
    discount: Decimal | None = None
    currency: str = "EUR"
    return_flag: bool | None = None

    @property
    def value(self) -> Decimal:
        if self.unit_price is None:
            return Decimal(0)
        return Decimal(str(self.quantity)) * self.unit_price - (self.discount or Decimal(0))


def _t(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


# A small shop in euros: two known customers, one walk-in, a discount, a return, and one sale
# in dollars that must not be added to the euro figures.
LINES = [
    Line("O1", 1, _t(1, 5), "c1", "A", "Apple pie", 2, Decimal("10.00")),
    Line("O1", 2, _t(1, 5), "c1", "B", "Bun", 1, Decimal("5.50"), discount=Decimal("0.50")),
    Line("O2", 1, _t(1, 20), None, "A", "Apple pie", 1, Decimal("10.00")),
    Line("O3", 1, _t(2, 3), "c2", "C", "Cookie", 3, Decimal("4.00"), discount=Decimal("1.00")),
    Line("O4", 1, _t(2, 10), "c1", "B", "Bun", 2, Decimal("5.50")),
    Line("R1", 1, _t(2, 15), "c1", "A", "Apple pie", -1, Decimal("10.00"), return_flag=True),
    Line("U1", 1, _t(2, 20), "c3", "D", "Wedding cake", 100, Decimal("100.00"), currency="USD"),
    Line("O5", 1, _t(3, 1), "c2", "A", "Apple pie", 1, Decimal("10.00")),
]
EUR = [line for line in LINES if line.currency == "EUR"]
# Orders are sales: the refund note R1 is a return, not an order.
EUR_SALES = [line for line in EUR if not line.return_flag and line.quantity >= 0]


def _frame(lines: list[Line]) -> pl.DataFrame:
    """Only the columns a simple export has; build_overview conforms the rest."""
    return pl.DataFrame(
        {
            "order_id": [x.order_id for x in lines],
            "line_no": [x.line_no for x in lines],
            "timestamp": [x.timestamp for x in lines],
            "customer_id": [x.customer_id for x in lines],
            "product_id": [x.product_id for x in lines],
            "description": [x.description for x in lines],
            "quantity": [float(x.quantity) for x in lines],
            "unit_price": [x.unit_price for x in lines],
            "discount": [x.discount for x in lines],
            "currency": [x.currency for x in lines],
            "return_flag": [x.return_flag for x in lines],
        },
        schema_overrides={"unit_price": pl.Decimal(18, 4), "discount": pl.Decimal(18, 4)},
    )


@pytest.fixture
def sales() -> pl.DataFrame:
    return _frame(LINES)


def test_headline_figures(sales: pl.DataFrame) -> None:
    ov = build_overview(sales)
    net = sum((x.value for x in EUR), Decimal(0))
    assert net == Decimal("57.00")  # 20 + 5 + 10 + 11 + 11 - 10 + 10, by hand
    assert ov.net_revenue == net
    assert isinstance(ov.net_revenue, Decimal)
    assert ov.currency == "EUR"
    assert ov.other_currencies == ("USD",)
    assert ov.lines == len(EUR)
    assert ov.orders == len({x.order_id for x in EUR_SALES}) == 5
    assert ov.customers == 2, "c1 and c2; the walk-in is nobody and c3 bought only in dollars"
    assert ov.returned_value == Decimal("10.00")
    assert ov.first_sale == _t(1, 5)
    assert ov.last_sale == _t(3, 1)
    assert not ov.empty


def test_average_order_value(sales: pl.DataFrame) -> None:
    ov = build_overview(sales)
    orders = len({x.order_id for x in EUR_SALES})
    assert ov.average_order_value == (Decimal("57.00") / orders).quantize(Decimal("0.01"))


def test_revenue_by_month(sales: pl.DataFrame) -> None:
    ov = build_overview(sales)
    revenue: dict[date, Decimal] = defaultdict(Decimal)
    orders: dict[date, set[str]] = defaultdict(set)
    for x in EUR:
        month = x.timestamp.date().replace(day=1)
        revenue[month] += x.value
        if x in EUR_SALES:
            orders[month].add(x.order_id)
    expected = [{"month": m, "revenue": float(revenue[m]), "orders": len(orders[m])} for m in sorted(revenue)]
    assert ov.revenue_by_month.to_dicts() == expected
    assert [r["revenue"] for r in expected] == [35.0, 12.0, 10.0]
    assert ov.revenue_by_month.get_column("revenue").sum() == pytest.approx(float(ov.net_revenue))


def test_top_products_by_revenue(sales: pl.DataFrame) -> None:
    ov = build_overview(sales)
    top = ov.top_products
    # A: 20 + 10 - 10 + 10 = 30; B: 5 + 11 = 16; C: 11. D was sold in dollars only.
    assert top.get_column("product_id").to_list() == ["A", "B", "C"]
    assert top.get_column("revenue").to_list() == [30.0, 16.0, 11.0]
    assert top.get_column("description").to_list() == ["Apple pie", "Bun", "Cookie"]
    assert top.get_column("quantity").to_list() == [3.0, 3.0, 3.0]
    assert build_overview(sales, top_n=2).top_products.get_column("product_id").to_list() == ["A", "B"]


def test_customers_by_month_splits_new_and_returning(sales: pl.DataFrame) -> None:
    ov = build_overview(sales)
    assert ov.customers_by_month.to_dicts() == [
        {"month": date(2024, 1, 1), "new": 1, "returning": 0},  # c1 first buys
        {"month": date(2024, 2, 1), "new": 1, "returning": 1},  # c2 first buys, c1 again
        {"month": date(2024, 3, 1), "new": 0, "returning": 1},  # c2 again
    ]


def test_amounts_add_up_to_the_cent() -> None:
    lines = [
        Line("O1", 1, _t(1, 1), None, "A", None, 1, Decimal("0.10")),
        Line("O1", 2, _t(1, 1), None, "B", None, 1, Decimal("0.20")),
    ]
    assert build_overview(_frame(lines)).net_revenue == Decimal("0.30")


def test_the_main_currency_is_the_one_most_lines_are_in(sales: pl.DataFrame) -> None:
    assert main_currency(sales) == "EUR"
    # the dollar line is worth far more than all euro lines together: value does not decide
    assert sum(x.value for x in LINES if x.currency == "USD") > sum(x.value for x in EUR)
    dollars = _frame(
        [Line(f"U{i}", 1, _t(4, i + 1), None, "D", None, 1, Decimal(1), currency="USD") for i in range(9)]
    )
    both = pl.concat([sales, dollars])
    ov = build_overview(both)
    assert ov.currency == "USD"
    assert ov.other_currencies == ("EUR",)
    assert ov.net_revenue == Decimal("100") * 100 + 9


def test_a_return_without_negative_quantity_still_counts_as_returned() -> None:
    lines = [
        Line("O1", 1, _t(1, 1), "c1", "A", None, 2, Decimal("5.00")),
        Line("O2", 1, _t(1, 2), "c1", "A", None, -1, Decimal("5.00")),  # no flag, negative
    ]
    ov = build_overview(_frame(lines))
    assert ov.returned_value == Decimal("5.00")
    assert ov.net_revenue == Decimal("5.00")


def test_lines_without_a_price_count_as_sales_not_revenue() -> None:
    """A till list of items sold has no prices: best sellers by quantity, revenue from priced lines."""
    lines = [
        Line("O1", 1, _t(1, 1), None, "Bread", None, 1, None),
        Line("O1", 2, _t(1, 1), None, "Coffee", None, 1, None),
        Line("O2", 1, _t(1, 2), None, "Coffee", None, 1, None),
        Line("O3", 1, _t(1, 3), None, "Cake", None, 1, Decimal("3.00")),
    ]
    ov = build_overview(_frame(lines))
    assert (ov.orders, ov.lines, ov.unpriced_lines, ov.net_revenue) == (3, 4, 3, Decimal("3.00"))
    assert ov.top_products.get_column("product_id").to_list() == ["Cake", "Coffee", "Bread"]


def test_canonical_input_gives_the_same_overview(sales: pl.DataFrame) -> None:
    a = build_overview(sales)
    b = build_overview(SALE_LINE.conform(sales))
    assert (a.net_revenue, a.orders, a.customers, a.returned_value) == (
        b.net_revenue,
        b.orders,
        b.customers,
        b.returned_value,
    )
    assert a.top_products.equals(b.top_products)


def test_empty_input_gives_an_empty_overview() -> None:
    ov = build_overview(SALE_LINE.empty())
    assert ov.empty
    assert ov.currency is None
    assert ov.other_currencies == ()
    assert ov.net_revenue == 0
    assert ov.returned_value == 0
    assert (ov.orders, ov.customers, ov.lines) == (0, 0, 0)
    assert ov.first_sale is None and ov.last_sale is None
    assert ov.average_order_value is None
    assert ov.revenue_by_month.is_empty()
    assert ov.top_products.is_empty()
    assert ov.customers_by_month.is_empty()
    assert main_currency(SALE_LINE.empty()) is None


def test_months_are_the_business_local_months() -> None:
    """00:30 on 1 June in Amsterdam is 22:30 on 31 May in UTC: it belongs to June there."""
    late = Line(
        "N1", 1, datetime(2024, 5, 31, 22, 30, tzinfo=UTC), "c1", "A", "Apple pie", 1, Decimal("10.00")
    )
    frame = _frame([late])
    assert build_overview(frame).revenue_by_month.get_column("month").to_list() == [date(2024, 5, 1)]
    local = build_overview(frame, time_zone="Europe/Amsterdam")
    assert local.revenue_by_month.get_column("month").to_list() == [date(2024, 6, 1)]
    assert local.customers_by_month.get_column("month").to_list() == [date(2024, 6, 1)]
    assert local.first_sale is not None and local.first_sale.hour == 0


def test_unknown_time_zone_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Unknown time zone"):
        build_overview(_frame(LINES), time_zone="Mars/Olympus")
