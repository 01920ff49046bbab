"""analyse() end to end on the bundled sample shop, and on small shops with returns, gaps, too little data."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from rung.engine import sample_data
from rung.engine.customers import CustomersResult, analyse, holdout_check
from rung.engine.customers import texts as t

DAY = dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sample() -> dict[str, pl.DataFrame]:
    return sample_data.to_canonical(sample_data.read_sample())


@pytest.fixture(scope="module")
def result(sample: dict[str, pl.DataFrame]) -> tuple[CustomersResult, list[tuple[int, str]]]:
    calls: list[tuple[int, str]] = []
    out = analyse(sample["sale_lines"], sample["customers"], progress=lambda p, m: calls.append((p, m)))
    return out, calls


def test_every_customer_once(sample: dict[str, pl.DataFrame], result: tuple[CustomersResult, list]) -> None:
    res, _ = result
    lines = sample["sale_lines"]
    buyers = lines.filter(
        pl.col("customer_id").is_not_null() & (pl.col("quantity") > 0) & ~pl.col("return_flag")
    ).get_column("customer_id")
    ids = res.customers.get_column("customer_id")
    assert ids.n_unique() == ids.len() == buyers.n_unique()
    assert res.customers.get_column("segment").null_count() == 0
    assert res.today == lines.get_column("timestamp").max().date()  # type: ignore[union-attr]
    assert res.currency == "GBP"


def test_probabilities_and_predictions_are_sane(result: tuple[CustomersResult, list]) -> None:
    res, _ = result
    c = res.customers
    assert res.purchase_model is not None and res.spend_model is not None
    for column in ("p_alive", "churn_probability"):
        values = c.get_column(column)
        assert values.null_count() == 0
        assert values.min() >= 0 and values.max() <= 1  # type: ignore[operator]
    assert "p_no_purchase_90d" not in c.columns  # churn_probability is P(no purchase in 90 days)
    assert res.prediction_choice is not None
    assert {res.prediction_choice.churn, res.prediction_choice.purchases} <= {"bgnbd", "supervised"}
    assert (c["expected_90d_lo"] <= c["expected_90d_hi"]).all()
    assert c.get_column("expected_purchases_90d").min() >= 0  # type: ignore[operator]
    assert c.get_column("clv_12m").null_count() == 0
    # more history of buying often: more expected purchases
    by_frequency = c.group_by(pl.col("frequency") >= 5).agg(pl.col("expected_purchases_90d").mean())
    means = dict(by_frequency.iter_rows())
    assert means[True] > 2 * means[False]


def test_segments_add_up(result: tuple[CustomersResult, list]) -> None:
    res, _ = result
    assert res.segments.get_column("customers").sum() == res.customers.height
    assert res.segments.get_column("revenue_share").sum() == pytest.approx(1.0)
    assert res.segments.get_column("customer_share").sum() == pytest.approx(1.0)


def test_other_tables_and_notes(result: tuple[CustomersResult, list]) -> None:
    res, calls = result
    assert res.rules.height > 0 and (res.rules["lift"] > 0).all()
    assert res.cross_sell.group_by("product_id").len().get_column("len").max() <= 3  # type: ignore[operator]
    first = res.cohorts.filter(pl.col("month_offset") == 0)
    assert (first.get_column("share_active") == 1.0).all()
    assert first.get_column("size").sum() == res.customers.height
    templates = {n.template for n in res.notes}
    assert {t.NO_CUSTOMER_ID, t.RETURNS, t.CHURN_MEANING, t.OPT_IN_UNKNOWN, t.RULES_FOUND} <= templates
    assert res.summary.template == t.SUMMARY
    gone_99 = (1 - res.customers.get_column("p_alive")).quantile(0.99, "linear")
    assert (t.NO_DROPOUT in templates) == (gone_99 < 0.01)  # type: ignore[operator]
    assert t.SUPERVISED_CHOICE in templates  # the sample has a year of history
    assert str(res.customers.height) in res.summary
    percents = [p for p, _ in calls]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100


def _line(order: str, customer: str | None, qty: float, price: float, **extra: object) -> dict[str, object]:
    return {
        "order_id": order,
        "line_no": extra.pop("line_no", 1),
        "timestamp": extra.pop("timestamp", DAY),
        "customer_id": customer,
        "product_id": extra.pop("product_id", "P"),
        "quantity": qty,
        "unit_price": price,
        "currency": extra.pop("currency", "EUR"),
        "return_flag": extra.pop("return_flag", qty < 0),
    }


def test_returns_missing_customers_and_other_currencies() -> None:
    later = DAY + dt.timedelta(days=3)
    lines = pl.DataFrame(
        [
            _line("1", "x", 2, 50.0),  # 100
            _line("1", "x", 1, 20.0, line_no=2, product_id="Q"),  # 20
            _line("C1", "x", -1, 30.0, timestamp=later),  # a return: -30, not an order
            _line("R2", "x", 1, 10.0, timestamp=later, return_flag=True),  # flagged, positive quantity: -10
            _line("2", "y", 1, 40.0, timestamp=later),
            _line("3", None, 5, 10.0),  # no customer
            _line("4", "y", 1, 99.0, currency="USD"),  # not in the main currency
        ]
    )
    res = analyse(lines)
    x = res.customers.filter(pl.col("customer_id") == "x").row(0, named=True)
    assert x["frequency"] == 1
    assert x["monetary"] == pytest.approx(80.0)
    assert x["returned_value"] == pytest.approx(40.0)
    assert x["orders_returned"] == 2
    assert x["recency_days"] == 3  # the last purchase, not the return
    y = res.customers.filter(pl.col("customer_id") == "y").row(0, named=True)
    assert y["monetary"] == pytest.approx(40.0)  # the USD line is left out
    templates = {n.template for n in res.notes}
    assert {t.NO_CUSTOMER_ID, t.MIXED_CURRENCY, t.RETURNS, t.FEW_REPEAT, t.HISTORY_SHORT} <= templates
    no_customer = next(n for n in res.notes if n.template == t.NO_CUSTOMER_ID)
    assert no_customer.params["lines"] == 1
    assert res.summary.template == t.SUMMARY_NO_MODEL
    assert res.customers.get_column("p_alive").null_count() == 2  # too few repeat buyers to model


def test_too_little_data_does_not_crash() -> None:
    empty = pl.DataFrame([_line("1", None, 1, 5.0)])
    res = analyse(empty)
    assert res.summary.template == t.NO_CUSTOMERS
    assert res.customers.height == 0 and res.rules.height == 0 and res.cohorts.height == 0
    one = analyse(pl.DataFrame([_line("1", "a", 1, 5.0)]))
    assert one.customers.height == 1
    assert one.segments.get_column("customers").sum() == 1


def test_today_replays_the_past(sample: dict[str, pl.DataFrame]) -> None:
    lines = sample["sale_lines"]
    past = analyse(
        lines.filter(pl.col("customer_id").is_in(["12348", "12352", "12356"])), today=dt.date(2011, 6, 1)
    )
    assert past.today == dt.date(2011, 6, 1)
    assert past.customers.get_column("last_purchase").max() <= dt.date(2011, 6, 1)  # type: ignore[operator]


def test_holdout_check_on_the_sample(sample: dict[str, pl.DataFrame]) -> None:
    check = holdout_check(sample["sale_lines"], dt.date(2011, 9, 9))
    assert check.days == 91
    assert check.customers.height == check.customers.get_column("customer_id").n_unique()
    assert check.total_actual == check.customers.get_column("actual").sum() > 0
    assert 0 < check.mae < 5 and 0 < check.naive_mae < 5
    assert 0.5 < check.no_purchase_auc <= 1
    assert 0.5 < check.supervised_auc <= 1 and 0 < check.supervised_mae < 5
    assert check.choice is not None and check.choice.backtest is not None
    assert check.choice.backtest.origin == dt.date(2011, 9, 9) - dt.timedelta(days=91)
    with pytest.raises(ValueError, match="after the split"):
        holdout_check(sample["sale_lines"], dt.date(2012, 1, 1))
