"""RFM scores, segments and contact lists on a hand-built shop where each segment is obvious."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from rung.engine.customers import analyse, contact_list, rfm
from rung.engine.customers import texts as t

TODAY = dt.date(2024, 12, 31)


def _orders(customer: str, days_ago: list[int], value: float) -> list[dict[str, object]]:
    """One line per order, each worth `value`."""
    return [
        {
            "order_id": f"{customer}-{i}",
            "line_no": 1,
            "timestamp": dt.datetime.combine(TODAY - dt.timedelta(days=d), dt.time(12), tzinfo=dt.UTC),
            "customer_id": customer,
            "product_id": "P",
            "quantity": 1.0,
            "unit_price": value,
            "currency": "EUR",
            "return_flag": False,
        }
        for i, d in enumerate(days_ago)
    ]


def shop() -> pl.DataFrame:
    """20 ordinary customers in the middle, and four whose segment anyone would name."""
    rows = []
    for i in range(20):  # bought 3-4 times, 100-150 days ago, for 100 each
        rows += _orders(f"mid{i:02d}", [100 + i * 2 + k * 30 for k in range(3 + i % 2)], 100.0 + i)
    rows += _orders("champion", [1 + 12 * k for k in range(30)], 330.0)  # recent, often, a lot
    rows += _orders("newcomer", [0], 5.0)  # bought once, yesterday, a little
    rows += _orders("gone", [360], 5.0)  # once, a year ago, a little
    rows += _orders("fading_star", [340 + k for k in range(25)], 360.0)  # a lot, but long ago
    return pl.DataFrame(rows)


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return analyse(shop(), today=TODAY)


def test_obvious_segments(result) -> None:  # type: ignore[no-untyped-def]
    seg = dict(zip(result.customers["customer_id"], result.customers["segment"], strict=True))
    assert seg["champion"] == "champions"
    assert seg["newcomer"] == "new"
    assert seg["gone"] == "lost"
    assert seg["fading_star"] == "cant_lose"
    row = result.customers.filter(pl.col("customer_id") == "champion").row(0, named=True)
    assert (row["recency_days"], row["frequency"], row["monetary"]) == (1, 30, pytest.approx(30 * 330.0))
    assert (row["r_score"], row["f_score"], row["m_score"]) == (5, 5, 5)


def test_segment_table(result) -> None:  # type: ignore[no-untyped-def]
    segments = result.segments
    assert segments.get_column("segment").to_list() == list(rfm.SEGMENTS)
    assert segments.get_column("customers").sum() == result.customers.height == 24
    assert segments.get_column("revenue_share").sum() == pytest.approx(1.0)
    champions = segments.row(0, named=True)
    assert champions["name"] == t.SEGMENT_NAMES["champions"]
    assert champions["action"] == t.ACTIONS["champions"]
    in_segment = result.customers.filter(pl.col("segment") == "champions")
    assert champions["customers"] == in_segment.height
    assert champions["revenue"] == pytest.approx(in_segment.get_column("monetary").sum())
    assert champions["revenue_share"] == pytest.approx(
        in_segment.get_column("monetary").sum() / result.customers.get_column("monetary").sum()
    )


def test_ties_share_a_score() -> None:
    table = pl.DataFrame(
        {"recency_days": [5, 5, 5, 5, 50], "frequency": [1, 1, 1, 1, 9], "monetary": [1.0] * 5}
    )
    scored = rfm.score(table)
    # four tied customers share average rank 2.5 of 5: score ceil(2.5) = 3, never split 1/2/3/4
    assert scored.get_column("f_score").to_list() == [3, 3, 3, 3, 5]
    assert scored.get_column("r_score").to_list() == [4, 4, 4, 4, 1]  # rank (2+3+4+5)/4 = 3.5 → 4
    assert scored.get_column("m_score").n_unique() == 1


def test_grid_corners() -> None:
    assert rfm.segment_of(5, 5) == "champions"
    assert rfm.segment_of(5, 1) == "new"
    assert rfm.segment_of(1, 1) == "lost"
    assert rfm.segment_of(2, 1) == "hibernating"
    assert rfm.segment_of(1, 5) == "cant_lose"
    assert rfm.segment_of(3, 3) == "needs_attention"
    assert set(rfm.GRID.values()) == set(rfm.SEGMENTS)
    assert len(rfm.GRID) == 25


def test_contact_lists_respect_consent() -> None:
    customers = pl.DataFrame(
        {
            "customer_id": ["champion", "newcomer", "gone", "fading_star"],
            "email": ["c@x.nl", "n@x.nl", "g@x.nl", "f@x.nl"],
            "marketing_opt_in": [True, False, None, True],
        }
    )
    result = analyse(shop(), customers, today=TODAY)
    listed = set(result.contacts.get_column("customer_id"))
    assert listed == {"champion", "fading_star"}  # no consent (False) and unknown (null) left out
    assert any(n.template == t.OPT_IN_USED for n in result.notes)
    assert contact_list(result.contacts, "champions").get_column("email").to_list() == ["c@x.nl"]
    with pytest.raises(ValueError, match="segment"):
        contact_list(result.contacts, "vip")


def test_contact_lists_without_consent_column_list_everyone() -> None:
    customers = pl.DataFrame({"customer_id": ["champion", "gone"], "marketing_opt_in": [None, None]})
    customers = customers.with_columns(pl.col("marketing_opt_in").cast(pl.Boolean))
    result = analyse(shop(), customers, today=TODAY)
    assert result.contacts.height == result.customers.height
    assert any(n.template == t.OPT_IN_UNKNOWN for n in result.notes)
