"""Who will buy in the next 90 days, learnt from the business's own past ("rolling origin").

BG/NBD (repeat.py) assumes a steady rate per customer and, on some data, finds no dropout
at all (the UCI gift shop: a -> 0), so its churn answer ranks poorly. The supervised layer
learns the answer directly from the owner's history, the standard rolling-origin way:

1. pick an earlier cut, `origin` = today - horizon, and describe every customer who had
   bought by then using only the lines up to the origin (`features`): recency, purchase
   days and orders, net spend, tenure T, purchase days in the last 30/90/180 days, mean
   gap between purchase days, the share of spend returned, whether the first purchase is
   in the first 30 days of the data (left-censored: they may be older customers), and the
   BG/NBD fitted at the origin (expected purchases, P(no purchase), P(alive));
2. label them with what they did in (origin, today]: purchase days, and "no purchase";
3. fit scikit-learn's HistGradientBoostingClassifier (no purchase) and
   HistGradientBoostingRegressor with a Poisson loss (purchase days);
4. describe the customers again at `today` with the same features and predict the next
   horizon days.

Nothing after `today` is read (the caller passes lines up to today), and nothing after the
origin goes into the features the models are trained on. The backtest that decides whether
these predictions replace the BG/NBD's is inside the same past: out-of-fold predictions
(customers split in `folds` groups) at the origin against the BG/NBD fitted at the origin,
both scored on (origin, today]. ROC AUC for "no purchase", MAE for the purchase days.

Where the history is too short for this (under 2 x horizon days, or under `min_customers`
customers at the origin, or too few who bought / did not buy after it), `fit` says why and
core.py keeps the BG/NBD.

Probabilities: gradient boosting on log loss is usually well calibrated; `Backtest.calibration`
records the mean predicted probability against the observed share out of fold (both in the
past), so a badly calibrated fit is visible.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import stats
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from rung.engine.customers import repeat

Array = npt.NDArray[np.float64]

FEATURES = [
    "recency",
    "purchase_days",
    "orders",
    "monetary",
    "spend_per_day",
    "T",
    "t_x",
    "days_30",
    "days_90",
    "days_180",
    "mean_gap",
    "recency_over_gap",
    "returns_share",
    "left_censored",
    "bg_expected",
    "bg_no_purchase",
    "bg_alive",
]
CENSORED_DAYS = 30
"""Customers whose first purchase is in the first 30 days of the data are flagged left_censored:
they may have bought before the data begin (the UCI data start on 2010-12-01)."""


def roc_auc(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """ROC AUC by the rank-sum (Mann-Whitney) identity, ties counted half; nan with one class."""
    positive = np.asarray(labels, dtype=bool)
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return math.nan
    ranks = stats.rankdata(np.asarray(scores, dtype=np.float64))
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _bought() -> pl.Expr:
    return (pl.col("quantity") > 0) & ~pl.col("is_return")


def features(
    lines: pl.DataFrame, cut: dt.date, horizon: int, *, start: dt.date | None = None
) -> tuple[pl.DataFrame, repeat.BgNbd | None]:
    """One row per customer who bought by `cut`: customer_id and FEATURES (Float64), from the
    lines dated up to `cut` only (lines with customer_id, is_return, value, day: core.prepare).

    `start` is the first day of the data (for left_censored); by default the first day in `lines`.
    Also returns the BG/NBD fitted at the cut (None when it cannot be fitted: its columns are nan).
    """
    known = lines.filter(pl.col("customer_id").is_not_null() & (pl.col("day") <= cut))
    if start is None:
        start = known.get_column("day").min() if known.height else cut  # type: ignore[assignment]
    days = (
        known.filter(_bought())
        .group_by("customer_id", "day")
        .agg(pl.col("value").fill_null(0).sum().alias("day_value"), pl.col("order_id").n_unique().alias("n"))
    )
    age = (pl.lit(cut) - pl.col("day")).dt.total_days()
    per = days.group_by("customer_id").agg(
        pl.col("day").min().alias("first"),
        pl.col("day").max().alias("last"),
        pl.len().cast(pl.Float64).alias("purchase_days"),
        pl.col("n").sum().cast(pl.Float64).alias("orders"),
        pl.col("day_value").sum().alias("gross"),
        (age < 30).sum().cast(pl.Float64).alias("days_30"),
        (age < 90).sum().cast(pl.Float64).alias("days_90"),
        (age < 180).sum().cast(pl.Float64).alias("days_180"),
    )
    returned = (
        known.filter(pl.col("is_return"))
        .group_by("customer_id")
        .agg(pl.col("value").fill_null(0).sum().abs().alias("returned"))
    )
    table = (
        per.join(returned, on="customer_id", how="left")
        .with_columns(pl.col("returned").fill_null(0.0))
        .with_columns(
            (pl.lit(cut) - pl.col("last")).dt.total_days().cast(pl.Float64).alias("recency"),
            (pl.lit(cut) - pl.col("first")).dt.total_days().cast(pl.Float64).alias("T"),
            (pl.col("last") - pl.col("first")).dt.total_days().cast(pl.Float64).alias("t_x"),
            (pl.col("gross") - pl.col("returned")).alias("monetary"),
            (pl.col("gross") / pl.col("purchase_days")).alias("spend_per_day"),
            pl.when(pl.col("gross") > 0)
            .then((pl.col("returned") / pl.col("gross")).clip(0, 1))
            .otherwise(0.0)
            .alias("returns_share"),
            ((pl.col("first") - pl.lit(start)).dt.total_days() < CENSORED_DAYS)
            .cast(pl.Float64)
            .alias("left_censored"),
        )
        .with_columns(
            pl.when(pl.col("purchase_days") > 1)
            .then(pl.col("t_x") / (pl.col("purchase_days") - 1))
            .otherwise(None)
            .alias("mean_gap"),
        )
        .with_columns((pl.col("recency") / pl.col("mean_gap")).alias("recency_over_gap"))
        .sort("customer_id")
    )
    x = (table.get_column("purchase_days").to_numpy() - 1).astype(np.float64)
    t_x = table.get_column("t_x").to_numpy().astype(np.float64)
    T = table.get_column("T").to_numpy().astype(np.float64)
    model = _fit_bgnbd(x, t_x, T)
    if model is None:
        nan = np.full(x.size, np.nan)
        bg = (nan, nan, nan)
    else:
        bg = (
            repeat.expected_purchases(model, horizon, x, t_x, T),
            repeat.p_no_purchase(model, horizon, x, t_x, T),
            repeat.p_alive(model, x, t_x, T),
        )
    table = table.with_columns(
        pl.Series("bg_expected", bg[0]),
        pl.Series("bg_no_purchase", bg[1]),
        pl.Series("bg_alive", bg[2]),
    )
    return table.select("customer_id", *(pl.col(c).cast(pl.Float64) for c in FEATURES)), model


def _fit_bgnbd(x: Array, t_x: Array, T: Array) -> repeat.BgNbd | None:
    if int((x > 0).sum()) < 20:
        return None
    try:
        model = repeat.fit_bgnbd(x, t_x, T, polish=False)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError):
        return None
    if not all(math.isfinite(v) and v > 0 for v in model.params) or abs(model.a - 1) < 1e-6:
        return None
    return model


def labels(lines: pl.DataFrame, cut: dt.date, horizon: int) -> pl.DataFrame:
    """customer_id and future: purchase days in (cut, cut + horizon] (customers with none are absent)."""
    end = cut + dt.timedelta(days=horizon)
    return (
        lines.filter(
            pl.col("customer_id").is_not_null() & _bought() & (pl.col("day") > cut) & (pl.col("day") <= end)
        )
        .group_by("customer_id")
        .agg(pl.col("day").n_unique().cast(pl.Float64).alias("future"))
    )


def _labelled(frame: pl.DataFrame, lines: pl.DataFrame, cut: dt.date, horizon: int) -> pl.DataFrame:
    return frame.join(labels(lines, cut, horizon), on="customer_id", how="left").with_columns(
        pl.col("future").fill_null(0.0)
    )


def _matrix(frame: pl.DataFrame) -> Array:
    return frame.select(FEATURES).fill_null(np.nan).to_numpy().astype(np.float64)


def _models(seed: int) -> tuple[HistGradientBoostingClassifier, HistGradientBoostingRegressor]:
    """Small trees (depth 2: pairwise interactions at most), early stopping on a fifth of the rows.

    Chosen on the UCI gift shop's backtest inside the calibration period (origin 2011-06-10,
    out of fold), never on its holdout: depth 2 ranked "no purchase" at AUC 0.752 against
    0.734-0.747 for 7-15 leaves, at about the same MAE.
    """
    common: dict[str, Any] = {
        "learning_rate": 0.05,
        "max_iter": 300,
        "max_depth": 2,
        "min_samples_leaf": 80,
        "l2_regularization": 1.0,
        "early_stopping": True,
        "validation_fraction": 0.2,
        "n_iter_no_change": 20,
        "random_state": seed,
    }
    return (
        HistGradientBoostingClassifier(**common),
        HistGradientBoostingRegressor(loss="poisson", **common),
    )


def _fit_pair(
    X: Array, future: Array, seed: int
) -> tuple[HistGradientBoostingClassifier, HistGradientBoostingRegressor]:
    churn, count = _models(seed)
    # one OpenMP thread: measured 4-8x faster than two on the 2-core bench machine, where the
    # threads of scikit-learn's tree growing contend with each other (and with Polars's)
    with warnings.catch_warnings(), threadpool_limits(1, user_api="openmp"):
        warnings.simplefilter("ignore")
        churn.fit(X, (future == 0).astype(np.int64))
        count.fit(X, future)
    return churn, count


def _p_quiet(churn: HistGradientBoostingClassifier, X: Array) -> Array:
    with threadpool_limits(1, user_api="openmp"):
        proba = churn.predict_proba(X)
    column = list(churn.classes_).index(1)
    return np.asarray(proba[:, column], dtype=np.float64)


@dataclass(frozen=True)
class Backtest:
    """Out-of-fold scores at the origin, on (origin, origin + horizon], all inside the past."""

    origin: dt.date
    customers: int
    share_no_purchase: float
    auc_supervised: float
    """ROC AUC of the supervised P(no purchase) against "no purchase after the origin"."""
    auc_bgnbd: float
    """The same for the BG/NBD fitted at the origin."""
    mae_supervised: float
    mae_bgnbd: float
    mae_naive: float
    """Each customer keeps their rate: x / T x horizon."""
    mean_p_supervised: float
    """Mean out-of-fold P(no purchase), to compare with share_no_purchase (calibration in the large)."""
    calibration: tuple[tuple[float, float, int], ...]
    """Per decile of the predicted P(no purchase): mean predicted, observed share, customers."""

    @property
    def churn_winner(self) -> str:
        return "supervised" if _better(self.auc_supervised, self.auc_bgnbd, higher=True) else "bgnbd"

    @property
    def purchases_winner(self) -> str:
        return "supervised" if _better(self.mae_supervised, self.mae_bgnbd, higher=False) else "bgnbd"


def _better(new: float, old: float, *, higher: bool) -> bool:
    if not math.isfinite(new):
        return False
    if not math.isfinite(old):
        return True
    return new > old if higher else new < old


@dataclass
class Supervised:
    churn: HistGradientBoostingClassifier
    count: HistGradientBoostingRegressor
    backtest: Backtest
    horizon: int
    start: dt.date
    origins: int
    """How many rolling origins were stacked for training."""
    rows: int
    """Training rows (customers x origins, after subsampling)."""


@dataclass(frozen=True)
class TooLittle:
    """Why there is no supervised layer: reason is 'history' or 'customers'."""

    reason: str
    days: int
    customers: int
    need_days: int
    need_customers: int


def fit(
    lines: pl.DataFrame,
    today: dt.date,
    horizon: int,
    *,
    min_customers: int = 200,
    folds: int = 3,
    max_origins: int = 1,
    max_rows: int = 40_000,
    seed: int = 0,
) -> Supervised | TooLittle:
    """Train at origin = today - horizon on what happened in (origin, today], backtest out of fold.

    Earlier origins (today - 2 horizon, ...; up to `max_origins`, each with at least one
    horizon of history before it) can be stacked as more training rows; the default is one
    origin, because on the UCI backtest a second one (another season) did not help. The backtest splits
    customers (not rows) into folds and scores the last origin only. Training rows beyond
    `max_rows` are subsampled (fixed seed) to bound the time on large customer bases.
    `lines` are core.prepare's lines; any dated after `today` are ignored.
    """
    past = lines.filter(pl.col("customer_id").is_not_null() & (pl.col("day") <= today))
    if past.height == 0:
        return TooLittle("history", 0, 0, 2 * horizon, min_customers)
    start: dt.date = past.get_column("day").min()  # type: ignore[assignment]
    span = (today - start).days
    if span < 2 * horizon:
        return TooLittle("history", span, 0, 2 * horizon, min_customers)
    origin = today - dt.timedelta(days=horizon)
    frame, bg = features(past, origin, horizon, start=start)
    if frame.height < min_customers:
        return TooLittle("customers", span, frame.height, 2 * horizon, min_customers)
    frame = _labelled(frame, past, origin, horizon)
    future = frame.get_column("future").to_numpy()
    quiet = future == 0
    if min(int(quiet.sum()), int((~quiet).sum())) < max(20, folds * 5):
        return TooLittle("customers", span, frame.height, 2 * horizon, min_customers)
    blocks = [frame]
    earlier = origin - dt.timedelta(days=horizon)
    while len(blocks) < max_origins and (earlier - start).days >= horizon:
        block, _ = features(past, earlier, horizon, start=start)
        blocks.append(_labelled(block, past, earlier, horizon))
        earlier -= dt.timedelta(days=horizon)
    rng = np.random.default_rng(seed)
    stacked = pl.concat(blocks)
    if stacked.height > max_rows:
        stacked = stacked[np.sort(rng.choice(stacked.height, size=max_rows, replace=False))]
    X_all = _matrix(stacked)
    y_all = stacked.get_column("future").to_numpy()
    # out-of-fold predictions at the last origin: customers (all their rows) in `folds` groups
    ids = pl.concat([frame.select("customer_id"), stacked.select("customer_id")]).unique(maintain_order=True)
    fold_of = dict(
        zip(ids.get_column("customer_id").to_list(), rng.integers(0, folds, size=ids.height), strict=True)
    )
    group = np.array([fold_of[c] for c in frame.get_column("customer_id").to_list()])
    group_all = np.array([fold_of[c] for c in stacked.get_column("customer_id").to_list()])
    X = _matrix(frame)
    oof_p = np.empty(frame.height)
    oof_n = np.empty(frame.height)
    for k in range(folds):
        train = group_all != k
        churn, count = _fit_pair(X_all[train], y_all[train], seed)
        test = group == k
        oof_p[test] = _p_quiet(churn, X[test])
        with threadpool_limits(1, user_api="openmp"):
            oof_n[test] = count.predict(X[test])
    x = frame.get_column("purchase_days").to_numpy() - 1
    T = frame.get_column("T").to_numpy()
    naive = np.divide(x, T, out=np.zeros_like(x), where=T > 0) * horizon
    bg_n = frame.get_column("bg_expected").to_numpy()
    bg_p = frame.get_column("bg_no_purchase").to_numpy()
    order = np.argsort(oof_p, kind="stable")
    deciles = tuple(
        (float(oof_p[part].mean()), float(quiet[part].mean()), int(part.size))
        for part in np.array_split(order, 10)
        if part.size
    )
    backtest = Backtest(
        origin=origin,
        customers=frame.height,
        share_no_purchase=float(quiet.mean()),
        auc_supervised=roc_auc(quiet, oof_p),
        auc_bgnbd=roc_auc(quiet, bg_p) if bg is not None else math.nan,
        mae_supervised=float(np.mean(np.abs(oof_n - future))),
        mae_bgnbd=float(np.mean(np.abs(bg_n - future))) if bg is not None else math.nan,
        mae_naive=float(np.mean(np.abs(naive - future))),
        mean_p_supervised=float(oof_p.mean()),
        calibration=deciles,
    )
    churn, count = _fit_pair(X_all, y_all, seed)
    return Supervised(churn, count, backtest, horizon, start, len(blocks), stacked.height)


def predict(model: Supervised, lines: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    """customer_id, p_no_purchase and expected_purchases in (today, today + horizon], for every
    customer who bought by `today`, from the lines up to `today` only."""
    frame, _ = features(lines, today, model.horizon, start=model.start)
    X = _matrix(frame)
    with threadpool_limits(1, user_api="openmp"):
        expected = np.asarray(model.count.predict(X), dtype=np.float64)
    return frame.select("customer_id").with_columns(
        pl.Series("p_no_purchase", _p_quiet(model.churn, X)),
        pl.Series("expected_purchases", expected),
    )
