"""Products bought together on a tiny shop whose support, confidence and lift are counted by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from rung.engine.customers import basket

DAY = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)


def _lines(orders: dict[str, list[str]], returns: frozenset[str] = frozenset()) -> pl.DataFrame:
    rows = [
        {
            "order_id": order,
            "line_no": i + 1,
            "timestamp": DAY,
            "product_id": product,
            "description": f"Product {product}",
            "quantity": -1.0 if order in returns else 1.0,
            "return_flag": order in returns,
        }
        for order, products in orders.items()
        for i, product in enumerate(products)
    ]
    return pl.DataFrame(rows)


# 5 orders: A in 4, B in 4, C in 2; A+B in 3, A+C in 2, B+C in 1. O1 lists A twice (one product
# in the basket); the cancelled order C6 is not an order and adds nothing.
LINES = _lines(
    {
        "O1": ["A", "A", "B"],
        "O2": ["A", "B", "C"],
        "O3": ["A", "C"],
        "O4": ["B"],
        "O5": ["A", "B"],
        "C6": ["B", "C"],
    },
    returns=frozenset({"C6"}),
)


def test_support_confidence_and_lift_by_hand() -> None:
    rules, orders, multi = basket.rules(LINES, min_support=0.0, min_count=2)
    assert (orders, multi) == (5, 4)
    got = {(r["antecedent"], r["consequent"]): r for r in rules.iter_rows(named=True)}
    assert set(got) == {("A", "B"), ("B", "A"), ("A", "C"), ("C", "A")}  # B+C is in 1 order only
    ab, ac, ca = got[("A", "B")], got[("A", "C")], got[("C", "A")]
    approx = pytest.approx
    assert (ab["orders"], ab["support"], ab["confidence"], ab["lift"]) == (
        3,
        approx(0.6),
        0.75,
        approx(0.9375),
    )
    assert (ac["orders"], ac["support"], ac["confidence"], ac["lift"]) == (2, approx(0.4), 0.5, approx(1.25))
    assert (ca["confidence"], ca["lift"]) == (1.0, approx(1.25))
    assert ab["antecedent_name"] == "Product A"
    assert rules.get_column("lift").to_list() == sorted(rules.get_column("lift").to_list(), reverse=True)


def test_thresholds_prune_rare_pairs() -> None:
    rules, _, _ = basket.rules(LINES, min_support=0.0, min_count=3)
    assert sorted(zip(rules["antecedent"], rules["consequent"], strict=True)) == [("A", "B"), ("B", "A")]
    rules, _, _ = basket.rules(LINES, min_support=0.7, min_count=1)  # 0.7 x 5 orders: 4 needed
    assert rules.height == 0
    assert rules.columns == list(basket.RULE_SCHEMA)


def test_cross_sell_keeps_rules_above_chance() -> None:
    rules, _, _ = basket.rules(LINES, min_support=0.0, min_count=2)
    sell = basket.cross_sell(rules, k=1, min_confidence=0.5)
    pairs = dict(zip(sell["product_id"], sell["suggestion"], strict=True))
    assert pairs == {"A": "C", "C": "A"}  # A → B has lift < 1: buying A makes B no likelier
    assert sell.get_column("rank").to_list() == [1, 1]


def test_no_pairs_in_single_product_orders() -> None:
    rules, orders, multi = basket.rules(_lines({"1": ["A"], "2": ["B"]}), min_count=1)
    assert (rules.height, orders, multi) == (0, 2, 0)
    assert basket.cross_sell(rules).height == 0
