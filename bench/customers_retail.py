"""Customer insights on the UCI online retailer: prediction quality on held-out days, and speed.

Data: canonical sale lines of the whole UCI "Online Retail" export (541,909 lines, a UK
gift shop, 2010-12-01 - 2011-12-09, 4,372 customers).

Quality (rung.engine.customers.holdout_check), two protocols, both fixed before any score
was seen; nothing is tuned on either holdout.

1. Primary: the BG/NBD literature's calibration / holdout split of the observation window
   into two periods of about equal length. Source: Fader, Hardie & Lee (2005), "'Counting
   Your Customers' the Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science
   24(2), 275-284: CDNOW, 78 weeks split into 39 weeks of calibration and 39 weeks of
   holdout. Here: calibration 2010-12-01 to 2011-06-09 (191 days, 27.3 weeks), holdout
   2011-06-10 to 2011-12-09 (183 days, 26.1 weeks). One difference from the paper: FHL
   model one cohort (first purchase in the first 12 weeks); here, as in the engine, every
   customer who bought in the calibration period is fitted and scored (2,800).
2. Second: calibration to 2011-09-09, holdout the last 91 days (the engine's own 90-day
   horizon; the holdout is the Christmas run-up).

In each, everything is fitted on the lines up to and including the calibration end and
predicts each calibration customer's distinct purchase days in the holdout; every horizon
is the holdout length (BG/NBD expected purchases and P(no purchase) over the holdout days;
the supervised layer is trained with horizon = holdout days). Reported for each:
- MAE and RMSE of the predicted purchase days, and the total error (sum predicted / sum
  actual - 1), for BG/NBD, the supervised layer (supervised.py: features at calibration
  end - horizon, labels = purchase days in the following horizon days, gradient boosting,
  and its backtest inside the calibration period, out of fold, which decides what
  analyse() would show), and two naive baselines that keep each customer's calibration
  rate: "naive" = x / T (repeat purchase days per day since the first purchase), the
  baseline in the brief; "naive_window" = (x + 1) / calibration days. Target: MAE at least
  20 % below naive. MAE is minimised by a median, not a mean, so the MAE of median
  predictions is reported too where the supervised layer exists (a quantile-loss gradient
  boosting trained like it, and the Poisson median of its mean), and of predicting 0;
- ROC AUC against "no purchase in the holdout" (target >= 0.80) of 1 - P(alive), of the
  BG/NBD's and the supervised layer's P(no purchase in the holdout days), and of days since
  the last purchase as a reference; also among repeat customers only; the supervised
  probabilities' reliability by decile;
- BG/NBD set-ups (purchase days or orders, days or weeks, without the left-censored
  December 2010 cohort, MBG/NBD) with their parameters and holdout scores;
- the same per group of calibration frequency, and the fitted parameters.

The supervised layer needs 2 x horizon days of calibration history (features before the
origin, labels after it): under protocol 1 that is 366 days against 190, so it cannot be
trained at the holdout's horizon and is reported as not available, with the reason. An
aside, outside the protocol and not comparable with the rest, shows it at the longest
horizon the calibration allows (95 days), its counts scaled to 183 days and its 95-day
P(no purchase) scored against both the 183-day label and the matched "no purchase in the
first 95 holdout days" (with the BG/NBD's 95-day P(no purchase) on the same label). Its
hyperparameters were chosen (supervised._models) on a backtest whose labels are
2011-06-10 - 2011-09-09, inside this holdout, so the aside is not clean either.

Speed: analyse() end to end (RFM, BG/NBD + intervals, Gamma-Gamma, CLV, basket rules,
cohorts, contact lists) on the real lines, and on a synthetic 1,000,000 lines / ~100,000
customers built from the real lines: 1,000,000 lines are drawn with replacement (fixed
seed); each drawn line's customer becomes one of 29 clones of that customer ("17850-7"),
chosen at random per line, and the order id gets the same suffix, so a real order is split
into up to 29 smaller orders on the same day. So about 100,000 customers (4,372 x 29 at
most) with real dates, seasonality, products, prices, returns and lines without a
customer, each with about a 29th of a real customer's lines (purchase days a subset of the
real customer's). Each run is in its own child process (time and peak memory, VmHWM).
The baseline in the same child: a plain Polars group_by of the lines
per customer (orders, net value, last purchase), i.e. an RFM table without anything else;
reported as the ratio analyse / baseline. Because the clones split real orders, the
synthetic baskets are small; the basket rules are therefore also timed on 1,000,000 lines
of whole real orders drawn with replacement (new order ids), at the default thresholds.
Machine: 2 cores.
Writes bench/results/customers_retail.json.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "datasets" / "uci-online-retail" / "online_retail.csv.gz"
)
LAST_DAY = dt.date(2011, 12, 9)
"""The last day of the data: both holdouts end here."""
EQUAL_SPLIT = dt.date(2011, 6, 9)
"""Protocol 1 (primary): calibration 2010-12-01 - 2011-06-09 (191 days), holdout 183 days."""
SPLIT = dt.date(2011, 9, 9)
"""Protocol 2: calibration to 2011-09-09, holdout the last 91 days."""
HOLDOUT_DAYS = (LAST_DAY - SPLIT).days  # 91
PROTOCOLS = (
    (
        "equal_split",
        EQUAL_SPLIT,
        "Fader, Hardie & Lee (2005), Marketing Science 24(2) 275-284: calibration and holdout of about "
        "equal length (CDNOW 39 + 39 weeks); here 27.3 + 26.1 weeks",
    ),
    ("holdout_91d", SPLIT, "the engine's 90-day horizon: the last 91 days (the Christmas run-up) held out"),
)
SYNTHETIC_LINES = 1_000_000
CLONES = 29
SEED = 20111209
LOW_SUPPORT = 0.0005
"""Basket rules are also timed at a tenth of the default support: the synthetic orders are small
(real orders split across clones), so at the default no pair is frequent enough to count."""


def _lines() -> pl.DataFrame:
    from rung.engine import sample_data

    return sample_data.to_canonical(sample_data.read_sample(DATA))["sale_lines"]


def synthetic(
    lines: pl.DataFrame, n: int = SYNTHETIC_LINES, clones: int = CLONES, seed: int = SEED
) -> pl.DataFrame:
    """n lines resampled from `lines`, customers split into `clones` new customers (see the docstring)."""
    rng = np.random.default_rng(seed)
    picked = lines[rng.integers(0, lines.height, size=n)]
    picked = picked.with_columns(pl.Series("clone", rng.integers(0, clones, size=n)).cast(pl.String))
    return picked.with_columns(
        pl.when(pl.col("customer_id").is_not_null())
        .then(pl.col("customer_id") + "-" + pl.col("clone"))
        .alias("customer_id"),
        (pl.col("order_id") + "-" + pl.col("clone")).alias("order_id"),
        pl.int_range(1, pl.len() + 1)
        .over(pl.col("order_id") + "-" + pl.col("clone"))
        .cast(pl.Int64)
        .alias("line_no"),
    ).drop("clone")


def whole_orders(lines: pl.DataFrame, n: int = SYNTHETIC_LINES, seed: int = SEED) -> pl.DataFrame:
    """About n lines of whole real orders drawn with replacement, each draw a new order id: real
    baskets at a million lines, for timing the basket rules where real co-occurrence matters."""
    rng = np.random.default_rng(seed)
    sizes = lines.group_by("order_id").len()
    draws = int(n / sizes.get_column("len").mean() * 1.05)  # type: ignore[operator]
    picked = sizes.select("order_id")[rng.integers(0, sizes.height, size=draws)].with_row_index("draw")
    out = picked.join(lines, on="order_id").with_columns(
        (pl.col("order_id") + "-" + pl.col("draw").cast(pl.String)).alias("order_id")
    )
    return out.head(n).drop("draw")


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; see bench/ingest_throughput.py)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _baseline(lines: pl.DataFrame) -> pl.DataFrame:
    """The plain work: per customer, orders, net value and last purchase, with Polars alone."""
    value = pl.col("quantity") * pl.col("unit_price").cast(pl.Float64)
    bought = (pl.col("quantity") > 0) & ~pl.col("return_flag").fill_null(False)
    return (
        lines.filter(pl.col("customer_id").is_not_null())
        .group_by("customer_id")
        .agg(
            pl.col("order_id").filter(bought).n_unique().alias("orders"),
            value.sum().alias("monetary"),
            pl.col("timestamp").filter(bought).max().alias("last"),
        )
    )


def _basket_child() -> None:
    from rung.engine.customers import basket

    lines = whole_orders(_lines()).rechunk()
    before_mb = _peak_mb()
    start = time.perf_counter()
    rules, orders, _ = basket.rules(lines)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    suggestions = basket.cross_sell(rules)
    cross_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "lines": lines.height,
                "orders": orders,
                "rules": rules.height,
                "seconds": round(seconds, 2),
                "cross_sell_seconds": round(cross_seconds, 3),
                "suggestions": suggestions.height,
                "peak_mb_before": round(before_mb),
                "peak_mb": round(_peak_mb()),
            }
        )
    )


def _child(kind: str) -> None:
    from bench.timing import median_seconds
    from rung.engine.customers import analyse

    if kind == "basket":
        _basket_child()
        return
    lines = _lines()
    if kind == "synthetic":
        lines = synthetic(lines)
    lines = lines.rechunk()
    before_mb = _peak_mb()
    baseline = median_seconds(lambda: _baseline(lines))
    steps: list[tuple[float, int, str]] = []
    start = time.perf_counter()
    result = analyse(lines, progress=lambda p, m: steps.append((time.perf_counter() - start, p, m)))
    seconds = time.perf_counter() - start
    durations: dict[str, float] = {}
    for (t0, _, message), (t1, _, _) in itertools.pairwise(steps):
        durations[message] = round(durations.get(message, 0.0) + t1 - t0, 2)
    model = result.purchase_model
    from rung.engine.customers import basket

    start = time.perf_counter()
    low_rules, orders, _ = basket.rules(lines, min_support=LOW_SUPPORT, min_count=10)
    low_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "lines": lines.height,
                "customers": result.customers.height,
                "seconds": seconds,
                "baseline_seconds": baseline,
                "peak_mb_before_analyse": before_mb,
                "peak_mb": _peak_mb(),
                "steps_seconds": durations,
                "rules": result.rules.height,
                "orders": orders,
                "rules_at_low_support": {
                    "min_support": LOW_SUPPORT,
                    "rules": low_rules.height,
                    "seconds": round(low_seconds, 2),
                },
                "bgnbd": None if model is None else [round(v, 4) for v in model.params],
                "prediction_choice": None
                if result.prediction_choice is None
                else {
                    "churn": result.prediction_choice.churn,
                    "purchases": result.prediction_choice.purchases,
                    "training_rows": result.prediction_choice.training_rows,
                },
                "summary": str(result.summary),
                "notes": [str(n) for n in result.notes],
                "segments": {
                    row["segment"]: {
                        "customers": row["customers"],
                        "revenue_share": round(row["revenue_share"], 4),
                    }
                    for row in result.segments.iter_rows(named=True)
                },
            }
        )
    )


def _run_child(kind: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.customers_retail", "--child", kind],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _measure(kind: str) -> dict[str, Any]:
    run = _run_child(kind)
    run["seconds"] = round(run["seconds"], 2)
    run["baseline_seconds"] = round(run["baseline_seconds"], 3)
    run["ratio_to_baseline"] = round(run["seconds"] / run["baseline_seconds"], 1)
    run["peak_mb"] = round(run["peak_mb"])
    run["peak_mb_before_analyse"] = round(run["peak_mb_before_analyse"])
    return run


def _variants(lines: pl.DataFrame, split: dt.date, days: int) -> list[dict[str, Any]]:
    """BG/NBD set-ups on the same calibration: what counts as a purchase, the time unit, the
    left-censored December 2010 customers left out of the fit, and the MBG/NBD."""
    from rung.engine.customers import core, repeat, supervised

    prep = core.prepare(lines).lines.filter(pl.col("customer_id").is_not_null())
    table = core.customer_table(prep.filter(pl.col("day") <= split), split)
    actual = supervised.labels(prep, split, days)
    frame = table.join(actual, on="customer_id", how="left").with_columns(pl.col("future").fill_null(0.0))
    y = frame.get_column("future").to_numpy()
    quiet = y == 0
    x, t_x, T = (frame.get_column(c).to_numpy() for c in ("x", "t_x", "T"))
    orders = (frame.get_column("frequency").to_numpy() - 1).astype(np.float64)
    december = (frame.get_column("first_purchase") < dt.date(2011, 1, 1)).to_numpy()
    out = []
    setups: list[tuple[str, np.ndarray[Any, Any], float, np.ndarray[Any, Any], bool]] = [
        ("purchase days, days (the engine's set-up)", x, 1.0, np.ones_like(december), False),
        ("orders instead of purchase days", orders, 1.0, np.ones_like(december), False),
        ("purchase days, weeks", x, 7.0, np.ones_like(december), False),
        ("fit without the Dec 2010 cohort (left-censored)", x, 1.0, ~december, False),
        ("MBG/NBD, purchase days", x, 1.0, np.ones_like(december), True),
        ("MBG/NBD without the Dec 2010 cohort", x, 1.0, ~december, True),
    ]
    for name, xs, unit, keep, modified in setups:
        model = repeat.fit_bgnbd(xs[keep], t_x[keep] / unit, T[keep] / unit, modified=modified)
        expected = repeat.expected_purchases(model, days / unit, xs, t_x / unit, T / unit)
        alive = repeat.p_alive(model, xs, t_x / unit, T / unit)
        no_purchase = repeat.p_no_purchase(model, days / unit, xs, t_x / unit, T / unit)
        out.append(
            {
                "setup": name,
                "fitted_customers": int(keep.sum()),
                "r": round(model.r, 4),
                "alpha_days": round(model.alpha * unit, 3),
                "a": float(f"{model.a:.4g}"),
                "b": float(f"{model.b:.4g}"),
                "log_likelihood": round(model.log_likelihood, 1),
                "holdout_mae": round(float(np.mean(np.abs(expected - y))), 4),
                "holdout_total_error": round(float(expected.sum() / y.sum() - 1), 4),
                "auc_1_minus_p_alive": round(supervised.roc_auc(quiet, 1 - alive), 4),
                "auc_p_no_purchase": round(supervised.roc_auc(quiet, no_purchase), 4),
            }
        )
    out.append({"dec_2010_cohort_customers": int(december.sum()), "calibration_customers": int(x.size)})
    return out


def _median_optimal(lines: pl.DataFrame, frame: pl.DataFrame, split: dt.date, days: int) -> dict[str, Any]:
    """MAE is minimised by each customer's median, not mean: predicting 0 for everyone, and where
    the supervised layer exists, two median predictions trained like it (features at split -
    days, labels in the following days) and the Poisson median of its mean."""
    from scipy import stats
    from sklearn.ensemble import HistGradientBoostingRegressor
    from threadpoolctl import threadpool_limits

    from rung.engine.customers import core, supervised

    actual = frame.get_column("actual").to_numpy()
    out: dict[str, Any] = {"all_zero": round(float(np.mean(actual)), 4)}
    if frame.get_column("sup_predicted").null_count() == frame.height:
        out["supervised_medians"] = None
        return out
    prep = core.prepare(lines).lines.filter(pl.col("customer_id").is_not_null())
    calibration = prep.filter(pl.col("day") <= split)
    start: dt.date = calibration.get_column("day").min()
    origin = split - dt.timedelta(days=days)
    train, _ = supervised.features(calibration, origin, days, start=start)
    train = train.join(supervised.labels(calibration, origin, days), on="customer_id", how="left")
    train = train.with_columns(pl.col("future").fill_null(0.0))
    test, _ = supervised.features(calibration, split, days, start=start)
    test = frame.select("customer_id", "actual", "sup_predicted").join(test, on="customer_id")
    params = supervised._models(0)[1].get_params()
    params.update(loss="quantile", quantile=0.5)
    with threadpool_limits(1, user_api="openmp"):
        model = HistGradientBoostingRegressor(**params).fit(
            supervised._matrix(train), train.get_column("future").to_numpy()
        )
        median = model.predict(supervised._matrix(test))
    test_actual = test.get_column("actual").to_numpy()
    poisson_median = stats.poisson.median(test.get_column("sup_predicted").to_numpy())
    out.update(
        {
            "hgb_quantile_0.5": round(float(np.mean(np.abs(median - test_actual))), 4),
            "hgb_quantile_0.5_rounded": round(float(np.mean(np.abs(np.round(median) - test_actual))), 4),
            "poisson_median_of_supervised": round(float(np.mean(np.abs(poisson_median - test_actual))), 4),
        }
    )
    return out


def _r(value: float | None, digits: int = 4) -> float | None:
    """Rounded, or None for a missing / nan figure (the supervised layer when it was not trained)."""
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)


def _scores(actual: np.ndarray[Any, Any], predicted: np.ndarray[Any, Any]) -> dict[str, float | None]:
    total = float(actual.sum())
    return {
        "mae": _r(float(np.mean(np.abs(predicted - actual)))),
        "rmse": _r(float(np.sqrt(np.mean((predicted - actual) ** 2)))),
        "total": _r(float(predicted.sum()), 1),
        "total_error": _r(float(predicted.sum()) / total - 1),
    }


def _short_horizon_aside(lines: pl.DataFrame, split: dt.date, frame: pl.DataFrame) -> dict[str, Any]:
    """Outside the protocol (see the docstring): the supervised layer at the longest horizon the
    calibration allows (half its span), its counts scaled to the holdout length, its
    P(no purchase) scored on the full holdout's label and on the matched label (no purchase in
    the first `horizon` holdout days), with the BG/NBD's P(no purchase) over the same horizon."""
    from rung.engine.customers import core, repeat, supervised

    prep = core.prepare(lines).lines.filter(pl.col("customer_id").is_not_null())
    calibration = prep.filter(pl.col("day") <= split)
    start: dt.date = calibration.get_column("day").min()
    days = (LAST_DAY - split).days
    horizon = (split - start).days // 2
    learnt = supervised.fit(calibration, split, horizon)
    if not isinstance(learnt, supervised.Supervised):
        return {"horizon_days": horizon, "trained": False, "reason": str(learnt)}
    sup = supervised.predict(learnt, calibration, split)
    matched = supervised.labels(prep, split, horizon).rename({"future": "matched"})
    joined = (
        frame.select("customer_id", "x", "t_x", "T", "actual")
        .join(sup, on="customer_id", how="left")
        .join(matched, on="customer_id", how="left")
        .with_columns(pl.col("matched").fill_null(0.0))
    )
    actual = joined.get_column("actual").to_numpy()
    p_quiet = joined.get_column("p_no_purchase").to_numpy()
    scaled = joined.get_column("expected_purchases").to_numpy() * days / horizon
    quiet_matched = joined.get_column("matched").to_numpy() == 0
    x, t_x, T = (joined.get_column(c).to_numpy() for c in ("x", "t_x", "T"))
    bg = repeat.fit_bgnbd(x, t_x, T)
    bt = learnt.backtest
    return {
        "horizon_days": horizon,
        "trained": True,
        "backtest_origin": bt.origin.isoformat(),
        "backtest_auc": {"supervised": _r(bt.auc_supervised), "bgnbd": _r(bt.auc_bgnbd)},
        "backtest_mae": {"supervised": _r(bt.mae_supervised), "bgnbd": _r(bt.mae_bgnbd)},
        "counts_scaled_to_holdout": _scores(actual, scaled),
        "auc_vs_no_purchase_in_holdout": _r(supervised.roc_auc(actual == 0, p_quiet)),
        "auc_vs_no_purchase_in_first_horizon_days": {
            "supervised": _r(supervised.roc_auc(quiet_matched, p_quiet)),
            "bgnbd_p_no_purchase": _r(
                supervised.roc_auc(quiet_matched, repeat.p_no_purchase(bg, horizon, x, t_x, T))
            ),
            "days_since_last_purchase": _r(supervised.roc_auc(quiet_matched, T - t_x)),
            "share_no_purchase": _r(float(quiet_matched.mean())),
        },
    }


def _quality(lines: pl.DataFrame, name: str, split: dt.date, source: str) -> dict[str, Any]:
    from rung.engine.customers import supervised
    from rung.engine.customers.core import holdout_check, roc_auc

    start = time.perf_counter()
    check = holdout_check(lines, split)
    seconds = time.perf_counter() - start
    frame = check.customers
    trained = isinstance(check.supervised, supervised.Supervised)
    repeaters = frame.filter(pl.col("x") > 0)
    labels = (repeaters.get_column("actual") == 0).to_numpy()
    groups = []
    for low, high in ((0, 1), (1, 3), (3, 10), (10, 10_000)):
        part = frame.filter((pl.col("x") >= low) & (pl.col("x") < high))
        err = {
            col: _r((part[col] - part["actual"]).abs().mean(), 3)
            for col in ("predicted", "sup_predicted", "naive", "naive_window")
        }
        groups.append(
            {
                "calibration_repeat_days": f"{low}-{high - 1}" if high < 10_000 else f">={low}",
                "customers": part.height,
                "actual_mean": _r(part["actual"].mean(), 3),
                "bgnbd_mean": _r(part["predicted"].mean(), 3),
                "supervised_mean": _r(part["sup_predicted"].mean(), 3),
                "naive_mean": _r(part["naive"].mean(), 3),
                "mae": {
                    "bgnbd" if k == "predicted" else k.replace("sup_predicted", "supervised"): v
                    for k, v in err.items()
                },
            }
        )
    quiet = (frame["actual"] == 0).to_numpy()
    reliability: dict[str, Any] | None = None
    if trained:
        sup_p = frame.get_column("sup_p_no_purchase").to_numpy()
        order = np.argsort(sup_p, kind="stable")
        reliability = {
            "mean_predicted": round(float(sup_p.mean()), 4),
            "observed": round(float(quiet.mean()), 4),
            "deciles": [
                {
                    "mean_predicted": round(float(sup_p[part].mean()), 3),
                    "observed_no_purchase": round(float(quiet[part].mean()), 3),
                    "customers": int(part.size),
                }
                for part in np.array_split(order, 10)
            ],
        }
    m = check.model
    choice = check.choice
    backtest: dict[str, Any] | None = None
    if choice is not None and choice.backtest is not None:
        bt = choice.backtest
        backtest = {
            "origin": bt.origin.isoformat(),
            "horizon_days": check.days,
            "customers": bt.customers,
            "share_no_purchase": round(bt.share_no_purchase, 4),
            "auc": {"supervised": _r(bt.auc_supervised), "bgnbd": _r(bt.auc_bgnbd)},
            "mae": {
                "supervised": _r(bt.mae_supervised),
                "bgnbd": _r(bt.mae_bgnbd),
                "naive": _r(bt.mae_naive),
            },
            "mean_p_no_purchase_supervised": round(bt.mean_p_supervised, 4),
            "chosen": {"churn_probability": choice.churn, "expected_purchases": choice.purchases},
        }
    actual = frame.get_column("actual").to_numpy()
    predictions = {
        "bgnbd": frame.get_column("predicted").to_numpy(),
        "supervised": frame.get_column("sup_predicted").fill_null(np.nan).to_numpy(),
        "naive": frame.get_column("naive").to_numpy(),
        "naive_window": frame.get_column("naive_window").to_numpy(),
    }
    scores = {k: _scores(actual, v) for k, v in predictions.items()}
    out: dict[str, Any] = {
        "protocol": name,
        "source": source,
        "calibration_end": split.isoformat(),
        "holdout": f"{(split + dt.timedelta(days=1)).isoformat()} - {LAST_DAY.isoformat()}",
        "holdout_days": check.days,
        "customers": frame.height,
        "seconds": round(seconds, 2),
        "bgnbd": {"r": m.r, "alpha_days": m.alpha, "a": m.a, "b": m.b},
        "bgnbd_standard_errors": m.standard_errors,
        "bgnbd_setups": _variants(lines, split, check.days),
        "supervised_trained": trained,
        "supervised_not_trained_because": None if trained else str(check.supervised),
        "backtest_inside_calibration": backtest,
        "mae": {k: v["mae"] for k, v in scores.items()},
        "mae_reduction_vs_naive": {
            "bgnbd": _r(1 - check.mae / check.naive_mae),
            "supervised": _r(1 - check.supervised_mae / check.naive_mae),
            "naive_window": _r(1 - check.naive_window_mae / check.naive_mae),
            "target": 0.2,
        },
        "mae_median_optimal": _median_optimal(lines, frame, split, check.days),
        "rmse": {k: v["rmse"] for k, v in scores.items()},
        "total": {"actual": check.total_actual} | {k: v["total"] for k, v in scores.items()},
        "total_error": {k: v["total_error"] for k, v in scores.items()},
        "share_without_holdout_purchase": round(float(quiet.mean()), 4),
        "auc": {
            "bgnbd_1_minus_p_alive": _r(check.churn_auc),
            "bgnbd_p_no_purchase": _r(check.no_purchase_auc),
            "supervised_p_no_purchase": _r(check.supervised_auc),
            "days_since_last_purchase": _r(check.recency_auc),
            "target": 0.8,
            "repeat_customers": {
                "bgnbd_1_minus_p_alive": _r(
                    roc_auc(labels, repeaters.get_column("churn_probability").to_numpy())
                ),
                "bgnbd_p_no_purchase": _r(roc_auc(labels, repeaters.get_column("p_no_purchase").to_numpy())),
                "supervised_p_no_purchase": _r(
                    roc_auc(labels, repeaters.get_column("sup_p_no_purchase").fill_null(np.nan).to_numpy())
                )
                if trained
                else None,
                "days_since_last_purchase": _r(
                    roc_auc(labels, (repeaters["T"] - repeaters["t_x"]).to_numpy())
                ),
            },
        },
        "supervised_reliability_on_holdout": reliability,
        "by_frequency": groups,
    }
    if not trained:
        out["aside_supervised_at_a_shorter_horizon"] = _short_horizon_aside(lines, split, frame)
    return out


def main() -> None:
    lines = _lines()
    report: dict[str, Any] = {
        "data": DATA.name,
        "lines": lines.height,
        "cores": 2,
        "quality": _quality(lines, *PROTOCOLS[0]),
        "quality_91d": _quality(lines, *PROTOCOLS[1]),
        "speed_uci": _measure("uci"),
        "speed_synthetic_1m": _measure("synthetic"),
        "basket_1m_whole_orders": _run_child("basket"),
        "synthetic_note": (
            f"{SYNTHETIC_LINES:,} lines drawn with replacement from the real lines (seed {SEED}); each "
            f"customer split into {CLONES} clones at random per line, order ids suffixed alike (real orders "
            "split into smaller ones)"
        ),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "customers_retail.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        main()
