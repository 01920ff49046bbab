"""The rolling-origin supervised layer: it learns a known signal, falls back on short histories,
and never looks past `today`."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from rung.engine.customers import analyse, core, supervised
from rung.engine.customers import texts as t

START = dt.date(2023, 1, 1)
TODAY = dt.date(2023, 12, 31)


def _shop(customers: int, days: int, seed: int, *, start: dt.date = START) -> pl.DataFrame:
    """Sale lines where the signal is known: 'loyal' customers buy about every 12 days for the
    whole period; 'lapsing' ones buy as often but stop for good at a random day; 'one-off' buy
    once. Who bought recently and often buys again; who stopped does not."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []
    for c in range(customers):
        kind = rng.choice(["loyal", "lapsing", "one_off"], p=[0.35, 0.4, 0.25])
        first = int(rng.integers(0, days // 2))
        stop = days if kind == "loyal" else int(rng.integers(first, days))
        day = first
        while day < days:
            rows.append(
                {
                    "order_id": f"{c}-{day}",
                    "line_no": 1,
                    "timestamp": dt.datetime.combine(start + dt.timedelta(days=day), dt.time(12), dt.UTC),
                    "customer_id": f"c{c}",
                    "product_id": f"P{int(rng.integers(0, 20))}",
                    "quantity": 1.0,
                    "unit_price": float(rng.gamma(4.0, 10.0)),
                    "currency": "EUR",
                    "return_flag": False,
                }
            )
            if kind == "one_off":
                break
            day += 1 + int(rng.exponential(11.0))
            if day > stop:
                break
    return pl.DataFrame(rows)


def _prepared(lines: pl.DataFrame) -> pl.DataFrame:
    return core.prepare(lines).lines.filter(pl.col("customer_id").is_not_null())


@pytest.fixture(scope="module")
def shop() -> pl.DataFrame:
    return _shop(700, 365, seed=1)


def test_learns_the_known_signal(shop: pl.DataFrame) -> None:
    learnt = supervised.fit(_prepared(shop), TODAY, 90)
    assert isinstance(learnt, supervised.Supervised)
    bt = learnt.backtest
    assert bt.origin == TODAY - dt.timedelta(days=90)
    assert bt.auc_supervised > 0.85  # recency and frequency separate loyal from lapsed customers
    assert bt.mae_supervised < bt.mae_naive
    assert abs(bt.mean_p_supervised - bt.share_no_purchase) < 0.05  # calibrated in the large
    pred = supervised.predict(learnt, _prepared(shop), TODAY).join(
        supervised.features(_prepared(shop), TODAY, 90)[0], on="customer_id"
    )
    recent_often = pred.filter((pl.col("recency") <= 14) & (pl.col("purchase_days") >= 5))
    long_gone = pred.filter(pl.col("recency") >= 120)
    assert recent_often.height > 20 and long_gone.height > 20
    assert recent_often["p_no_purchase"].mean() < 0.3 < 0.7 < long_gone["p_no_purchase"].mean()  # type: ignore[operator]
    assert recent_often["expected_purchases"].mean() > 3 * long_gone["expected_purchases"].mean()  # type: ignore[operator]


def test_analyse_uses_the_backtest_winner(shop: pl.DataFrame) -> None:
    res = analyse(shop, today=TODAY)
    choice = res.prediction_choice
    assert choice is not None and choice.backtest is not None
    assert choice.churn == choice.backtest.churn_winner
    assert choice.purchases == choice.backtest.purchases_winner
    note = next(n for n in res.notes if n.template == t.SUPERVISED_CHOICE)
    assert note.params["origin"] == "2023-10-02"
    churn = res.customers.get_column("churn_probability")
    assert churn.null_count() == 0 and 0 <= churn.min() <= churn.max() <= 1  # type: ignore[operator]
    assert res.purchase_model is not None  # p_alive stays the BG/NBD's
    assert (res.customers["expected_90d_lo"] <= res.customers["expected_90d_hi"]).all()


def test_short_history_falls_back_to_bgnbd() -> None:
    short = _shop(150, 120, seed=2)
    today = START + dt.timedelta(days=119)
    learnt = supervised.fit(_prepared(short), today, 90)
    assert isinstance(learnt, supervised.TooLittle) and learnt.reason == "history"
    res = analyse(short, today=today)
    templates = {n.template for n in res.notes}
    if res.purchase_model is not None:  # the BG/NBD could be fitted: it alone predicts
        assert t.SUPERVISED_TOO_LITTLE in templates
        assert res.prediction_choice == core.PredictionChoice("bgnbd", "bgnbd")
    few = supervised.fit(_prepared(_shop(40, 365, seed=3)), TODAY, 90)
    assert isinstance(few, supervised.TooLittle) and few.reason == "customers"


def test_nothing_after_today_is_used(shop: pl.DataFrame) -> None:
    """Lines dated after `today` (here: a burst of purchases by every customer) change nothing."""
    today = TODAY - dt.timedelta(days=40)
    later = shop.filter(pl.col("timestamp").dt.date() > today)
    assert later.height > 0
    flood = shop.with_columns(
        (pl.col("timestamp") + dt.timedelta(days=60)).alias("timestamp"),
        ("late-" + pl.col("order_id")).alias("order_id"),
    ).filter(pl.col("timestamp").dt.date() > today)
    cut = shop.filter(pl.col("timestamp").dt.date() <= today)
    a = analyse(cut, today=today)
    b = analyse(pl.concat([shop, flood]), today=today)
    # equal up to float summation order (Polars group_by) in the Gamma-Gamma fit
    for column in a.customers.columns:
        x, y = a.customers[column], b.customers[column]
        if x.dtype == pl.Float64:
            assert np.allclose(x.to_numpy(), y.to_numpy(), rtol=1e-5, equal_nan=True), column
        else:
            assert x.equals(y), column
    assert a.prediction_choice == b.prediction_choice
    # and the layer on its own, given later lines
    fit_a = supervised.fit(_prepared(cut), today, 90)
    fit_b = supervised.fit(_prepared(pl.concat([shop, flood])), today, 90)
    assert isinstance(fit_a, supervised.Supervised) and isinstance(fit_b, supervised.Supervised)
    assert fit_a.backtest == fit_b.backtest
    pa = supervised.predict(fit_a, _prepared(cut), today)
    pb = supervised.predict(fit_b, _prepared(pl.concat([shop, flood])), today)
    assert pa.equals(pb)
