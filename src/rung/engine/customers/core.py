"""analyse(): sale lines in, customer segments, repeat-purchase predictions, value, baskets, cohorts out.

The steps, each in its own module with the reasons written there:
1. here: sale lines → the business's main currency, line values net of discounts, returns
   (return_flag or a negative quantity) as negative values that are not purchases, lines
   without a customer counted and set aside (they still count for baskets);
2. rfm.py: recency, frequency, monetary per customer, 1-5 scores and nine named segments
   with a suggested action; contact lists that respect marketing consent;
3. repeat.py: BG/NBD on purchase days (P(alive), P(no purchase in the next 90 days),
   expected purchases in the next 90 days with an 80 % interval), Gamma-Gamma on spend per
   purchase, CLV over 12 months discounted monthly;
4. supervised.py: the same two answers learnt from the owner's own past (features at
   today - 90 days, labels = what customers did in the 90 days after; gradient boosting),
   used instead of the BG/NBD's where a backtest inside the past says they are better
   (`_choose`; `CustomersResult.prediction_choice` and a note say which). With under
   2 x 90 days of history or under 200 customers the BG/NBD is used alone, with a note;
5. basket.py: products bought together (pairs A → B: support, confidence, lift) and
   cross-sell suggestions;
6. cohorts.py: retention by month of first purchase.

churn_probability means P(no purchase in the next 90 days): what an owner acts on. The
BG/NBD's "has stopped for good" is p_alive's complement and is kept as p_alive.

Why purchase days and not orders for the model: BG/NBD counts "transactions", and two
orders on the same day (an order and a forgotten item) are one shopping occasion; the
usual practice (and the CDNOW data the model was published on) counts days. RFM frequency
is distinct orders, which is what owners count.

`holdout_check()` is the honest test of the predictions on the owner's own history: fit up
to a date, predict the next days, compare with what customers did.

Measured (bench/customers_retail.py, UCI gift shop, calibration to 2011-09-09, 91 held-out
days, 3,370 customers, 2 cores): the BG/NBD finds no dropout whatever the set-up (purchase
days or orders, days or weeks, with or without the left-censored December 2010 cohort,
BG/NBD or MBG/NBD: a < 0.05 in all), so 1 - P(alive) does not rank who stops buying (ROC
AUC 0.37). P(no purchase in 91 days) ranks at 0.733 (BG/NBD) and 0.738 (supervised, chosen
by the backtest at 2011-06-10, where it scored 0.752 against 0.743); days since the last
purchase alone 0.683. Purchase days per customer: MAE 0.934 (supervised), 0.940 (BG/NBD),
0.927 ("each customer keeps their rate"): no method beats the naive rate on MAE, and all
under-predict the total by 22-28 %, the run-up to Christmas that a year of history cannot
teach (the backtest's 90 days are the summer). See the bench for speed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from rung.engine.customers import basket, cohorts, repeat, rfm, supervised
from rung.engine.customers import texts as t
from rung.engine.messages import Note
from rung.engine.overview import main_currency
from rung.engine.progress import Progress, silent
from rung.engine.schema import MONEY_DTYPE, SALE_LINE

HORIZON_DAYS = 90
"""The prediction horizon of the expected_*_90d columns."""
CLV_MONTHS = 12
NO_DROPOUT_CHURN = 0.01
"""When 99 % of customers have 1 - P(alive) under this, the fit found no dropout (a -> 0): the
UCI gift shop is such a case, and a note says that p_alive does not tell customers apart."""

_IS_RETURN = pl.col("return_flag").fill_null(False) | (pl.col("quantity") < 0)


@dataclass(frozen=True)
class CustomersConfig:
    monthly_discount: float = 0.01  # CLV discount rate per month (about 12.7 % a year)
    interval_level: float = 0.8  # of expected_90d_lo/hi
    interval_draws: int = 200  # posterior draws per distinct customer history
    min_repeat_customers: int = 20  # fewer repeat buyers: no BG/NBD / Gamma-Gamma
    spend_correlation_warning: float = 0.3  # |corr(frequency, spend)| above this: a note
    min_support: float = 0.005  # basket rules: share of orders a pair must be in ...
    min_count: int = 10  # ... and at least this many orders
    cross_sell_k: int = 3
    min_confidence: float = 0.1
    supervised: bool = True  # try the rolling-origin supervised layer (supervised.py)
    min_supervised_customers: int = 200  # customers at the origin it needs
    seed: int = 0


@dataclass(frozen=True)
class PredictionChoice:
    """Where churn_probability and expected_purchases_90d come from: "bgnbd" or "supervised",
    chosen by the backtest inside the past (supervised.Backtest), never by later data."""

    churn: str
    purchases: str
    backtest: supervised.Backtest | None = None
    """None when the supervised layer was not tried (too little history, or switched off)."""
    origins: int = 0
    training_rows: int = 0


@dataclass
class CustomersResult:
    customers: pl.DataFrame
    """One row per customer who bought: customer_id, segment, recency_days, frequency, monetary,
    r_score, f_score, m_score, fm_score (Int8), first_purchase, last_purchase (Date),
    purchase_days, orders_returned (Int64), returned_value, p_alive, churn_probability
    (1 - p_alive: the chance the customer has stopped buying for good), p_no_purchase_90d
    expected_purchases_90d, expected_90d_lo, expected_90d_hi, expected_spend, expected_value_90d,
    clv_12m (Float64; null when the model could not be fitted).

    churn_probability is P(no purchase in the next 90 days); it and expected_purchases_90d come
    from BG/NBD or from the supervised layer, whichever did better in the backtest on the
    past (see `prediction_choice`). p_alive (the chance the customer has not stopped for good)
    and clv_12m are always the BG/NBD's; expected_90d_lo/hi are the BG/NBD's interval, scaled
    by the ratio of the chosen expected purchases to the BG/NBD's."""
    segments: pl.DataFrame
    """segment, name, customers, customer_share, revenue, revenue_share, mean_recency_days,
    mean_frequency, mean_monetary, action (see rfm.segments)."""
    rules: pl.DataFrame
    """antecedent, consequent, antecedent_name, consequent_name, orders, support, confidence, lift."""
    cross_sell: pl.DataFrame
    """product_id, rank, suggestion, suggestion_name, orders, confidence, lift."""
    cohorts: pl.DataFrame
    """cohort (Date), size, month_offset, active, share_active, first_in_data."""
    contacts: pl.DataFrame
    """segment, customer_id, contact columns, recency_days, frequency, monetary, p_alive, clv_12m."""
    summary: Note
    notes: list[Note] = field(default_factory=list)
    currency: str | None = None
    today: dt.date | None = None
    purchase_model: repeat.BgNbd | None = None
    spend_model: repeat.GammaGamma | None = None
    prediction_choice: PredictionChoice | None = None


@dataclass(frozen=True)
class Prepared:
    """Sale lines in the main currency with value (Float64), is_return and day (Date)."""

    lines: pl.DataFrame
    currency: str | None
    today: dt.date | None
    notes: list[Note]


def _as_date(today: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(today, dt.datetime):
        return today.astimezone(dt.UTC).date() if today.tzinfo else today.date()
    return today


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def prepare(lines: pl.DataFrame, today: dt.date | dt.datetime | None = None) -> Prepared:
    """Canonical sale lines → the lines the analysis uses, and notes on what was left out.

    Line value = quantity x unit_price - discount (tax is not revenue), in the main
    currency; return lines (return_flag or negative quantity) have a negative value
    whatever the sign the export gave them. Lines after `today` are left out (so a past
    `today` replays the analysis as of that day).
    """
    canonical = SALE_LINE.conform(lines)
    notes: list[Note] = []
    currency = main_currency(canonical)
    if canonical.height:
        other = canonical.filter(~pl.col("currency").eq_missing(currency))
        if other.height:
            others = sorted(str(c) for c in other.get_column("currency").unique().drop_nulls())
            notes.append(
                Note(
                    t.MIXED_CURRENCY,
                    currency=str(currency),
                    lines=other.height,
                    others=", ".join(others) or "?",
                )
            )
    value = (
        pl.col("quantity").cast(MONEY_DTYPE) * pl.col("unit_price") - pl.col("discount").fill_null(0)
    ).cast(pl.Float64)
    out = (
        canonical.filter(pl.col("currency").eq_missing(currency))
        .with_columns(
            _IS_RETURN.alias("is_return"),
            pl.col("timestamp").dt.date().alias("day"),
            value.alias("value"),
        )
        .with_columns(
            pl.when(pl.col("is_return"))
            .then(-pl.col("value").abs())
            .otherwise(pl.col("value"))
            .alias("value")
        )
    )
    day = _as_date(today)
    if day is not None:
        out = out.filter(pl.col("day") <= day)
    elif out.height:
        day = out.get_column("day").max()  # type: ignore[assignment]
    return Prepared(out, str(currency) if currency is not None else None, day, notes)


def customer_table(prepared: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    """Per customer who bought: recency_days, frequency (orders), monetary (net), first/last
    purchase day, purchase_days, returned_value, m_x (spend per repeat purchase day, net of
    the customer's share of returns), and the BG/NBD inputs x, t_x, T in days."""
    known = prepared.filter(pl.col("customer_id").is_not_null())
    bought = (pl.col("quantity") > 0) & ~pl.col("is_return")
    per_day = (
        known.filter(bought)
        .group_by("customer_id", "day")
        .agg(pl.col("value").fill_null(0).sum().alias("day_value"))
        .with_columns((pl.col("day") == pl.col("day").min().over("customer_id")).alias("first_day"))
    )
    repeat_spend = per_day.group_by("customer_id").agg(
        pl.col("day_value").filter(~pl.col("first_day")).mean().alias("repeat_day_value")
    )
    table = (
        known.group_by("customer_id")
        .agg(
            pl.col("day").filter(bought).min().alias("first_purchase"),
            pl.col("day").filter(bought).max().alias("last_purchase"),
            pl.col("order_id").filter(bought).n_unique().cast(pl.Int64).alias("frequency"),
            pl.col("day").filter(bought).n_unique().cast(pl.Int64).alias("purchase_days"),
            pl.col("value").fill_null(0).sum().alias("monetary"),
            pl.col("value").filter(bought).fill_null(0).sum().alias("gross"),
            pl.col("value").filter(pl.col("is_return")).fill_null(0).sum().alias("returned_value"),
            pl.col("order_id").filter(pl.col("is_return")).n_unique().cast(pl.Int64).alias("orders_returned"),
        )
        .filter(pl.col("frequency") > 0)
        .join(repeat_spend, on="customer_id", how="left")
        .with_columns(
            (pl.lit(today) - pl.col("last_purchase")).dt.total_days().cast(pl.Int64).alias("recency_days"),
            (pl.col("purchase_days") - 1).cast(pl.Float64).alias("x"),
            (pl.col("last_purchase") - pl.col("first_purchase"))
            .dt.total_days()
            .cast(pl.Float64)
            .alias("t_x"),
            (pl.lit(today) - pl.col("first_purchase")).dt.total_days().cast(pl.Float64).alias("T"),
            pl.col("returned_value").abs(),
            # spend per repeat purchase day, scaled down by the share of the customer's purchases returned
            (
                pl.col("repeat_day_value")
                * pl.when(pl.col("gross") > 0)
                .then((pl.col("monetary") / pl.col("gross")).clip(0, 1))
                .otherwise(0.0)
            ).alias("m_x"),
        )
        .drop("gross", "repeat_day_value")
        .sort("customer_id")
    )
    return table


def _model_columns() -> list[str]:
    return [
        "p_alive",
        "churn_probability",
        "expected_purchases_90d",
        "expected_90d_lo",
        "expected_90d_hi",
        "expected_spend",
        "expected_value_90d",
        "clv_12m",
    ]


def _predict(
    table: pl.DataFrame, config: CustomersConfig, notes: list[Note], progress: Progress
) -> tuple[pl.DataFrame, repeat.BgNbd | None, repeat.GammaGamma | None]:
    """Add the BG/NBD and Gamma-Gamma columns, or null columns with a note when it cannot be done."""
    nulls = table.with_columns(*(pl.lit(None, pl.Float64).alias(c) for c in _model_columns()))
    x = table.get_column("x").to_numpy()
    t_x = table.get_column("t_x").to_numpy()
    T = table.get_column("T").to_numpy()
    repeaters = int((x > 0).sum())
    if repeaters < config.min_repeat_customers:
        notes.append(Note(t.FEW_REPEAT, repeat=repeaters, need=config.min_repeat_customers))
        return nulls, None, None
    try:
        model = repeat.fit_bgnbd(x, t_x, T)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError):
        model = None
    if model is None or not all(math.isfinite(v) and v > 0 for v in model.params) or abs(model.a - 1) < 1e-6:
        notes.append(Note(t.FIT_FAILED))
        return nulls, None, None
    alive = repeat.p_alive(model, x, t_x, T)
    expected = repeat.expected_purchases(model, HORIZON_DAYS, x, t_x, T)
    lo, hi = repeat.purchase_intervals(
        model,
        HORIZON_DAYS,
        x,
        t_x,
        T,
        level=config.interval_level,
        draws=config.interval_draws,
        seed=config.seed,
    )
    notes.append(Note(t.CHURN_MEANING))
    if float(np.quantile(1.0 - alive, 0.99)) < NO_DROPOUT_CHURN:
        notes.append(Note(t.NO_DROPOUT))
    one_time = int((x == 0).sum())
    if one_time:
        notes.append(Note(t.ONE_TIME_BUYERS, count=one_time))
    progress(55, t.PROGRESS_VALUE)
    m_x = table.get_column("m_x").fill_null(0.0).to_numpy()
    usable = int(((x >= 1) & (m_x > 0)).sum())
    spend_model: repeat.GammaGamma | None = None
    if usable >= config.min_repeat_customers:
        try:
            spend_model = repeat.fit_gamma_gamma(x, m_x)
        except (ValueError, FloatingPointError):
            spend_model = None
        if spend_model is not None and not (spend_model.q > 1 and math.isfinite(spend_model.population_mean)):
            spend_model = None
    if spend_model is None:
        notes.append(Note(t.FEW_SPEND, count=usable))
        spend = np.full_like(x, np.nan)
        value_90 = np.full_like(x, np.nan)
        lifetime = np.full_like(x, np.nan)
    else:
        corr = repeat.correlation(x, m_x)
        if math.isfinite(corr) and abs(corr) > config.spend_correlation_warning:
            notes.append(Note(t.SPEND_CORRELATED, correlation=f"{corr:.2f}"))
        spend = repeat.expected_spend(spend_model, x, m_x)
        value_90 = expected * spend
        lifetime = repeat.clv(
            model, spend_model, x, t_x, T, m_x, months=CLV_MONTHS, monthly_discount=config.monthly_discount
        )
    out = table.with_columns(
        pl.Series("p_alive", alive),
        pl.Series("churn_probability", repeat.p_no_purchase(model, HORIZON_DAYS, x, t_x, T)),
        pl.Series("expected_purchases_90d", expected),
        pl.Series("expected_90d_lo", lo),
        pl.Series("expected_90d_hi", hi),
        pl.Series("expected_spend", spend),
        pl.Series("expected_value_90d", value_90),
        pl.Series("clv_12m", lifetime),
    ).with_columns(pl.col(c).fill_nan(None) for c in _model_columns())
    return out, model, spend_model


CUSTOMER_COLUMNS = [
    "customer_id",
    "segment",
    "recency_days",
    "frequency",
    "monetary",
    "r_score",
    "f_score",
    "m_score",
    "fm_score",
    "first_purchase",
    "last_purchase",
    "purchase_days",
    "orders_returned",
    "returned_value",
    *_model_columns(),
]


def analyse(
    lines: pl.DataFrame,
    customers: pl.DataFrame | None = None,
    *,
    today: dt.date | dt.datetime | None = None,
    config: CustomersConfig = CustomersConfig(),
    progress: Progress = silent,
) -> CustomersResult:
    """Customer insights from canonical sale lines (and, for contact lists, canonical customers).

    `today` is the day the analysis is as of (default: the last sale day); recency and the
    model's T are counted to it and later lines are left out.
    """
    progress(0, t.PROGRESS_PREPARE)
    prep = prepare(lines, today)
    notes = list(prep.notes)
    data = prep.lines
    currency = prep.currency or ""
    no_customer = data.filter(pl.col("customer_id").is_null())
    if no_customer.height:
        total = float(data.get_column("value").fill_null(0).sum())
        share = float(no_customer.get_column("value").fill_null(0).sum()) / total * 100 if total else 0.0
        notes.append(Note(t.NO_CUSTOMER_ID, lines=no_customer.height, share=f"{share:.1f}"))
    known = data.filter(pl.col("customer_id").is_not_null())
    returns = known.filter(pl.col("is_return"))
    if returns.height:
        notes.append(
            Note(
                t.RETURNS,
                lines=returns.height,
                value=_money(-float(returns.get_column("value").fill_null(0).sum())),
                currency=currency,
            )
        )
    unpriced = known.filter(pl.col("unit_price").is_null() & ~pl.col("is_return")).height
    if unpriced:
        notes.append(Note(t.UNPRICED, lines=unpriced))

    progress(10, t.PROGRESS_RFM)
    day = prep.today or dt.datetime.now(dt.UTC).date()
    table = customer_table(data, day)
    if table.height == 0:
        empty = _empty_customers()
        return CustomersResult(
            customers=empty,
            segments=rfm.segments(empty.select("segment", "monetary", "recency_days", "frequency")),
            rules=pl.DataFrame(schema=basket.RULE_SCHEMA),
            cross_sell=pl.DataFrame(schema=basket.CROSS_SELL_SCHEMA),
            cohorts=pl.DataFrame(schema=cohorts.SCHEMA),
            contacts=rfm.contacts(empty, None)[0],
            summary=Note(t.NO_CUSTOMERS),
            notes=notes,
            currency=prep.currency,
            today=prep.today,
        )
    first_day: dt.date = table.get_column("first_purchase").min()  # type: ignore[assignment]
    span = (day - first_day).days
    if span < HORIZON_DAYS:
        notes.append(Note(t.HISTORY_SHORT, days=span))
    scored = rfm.score(table)

    progress(25, t.PROGRESS_MODEL)
    predicted, model, spend_model = _predict(scored, config, notes, progress)
    choice: PredictionChoice | None = None
    if model is not None:
        progress(58, t.PROGRESS_SUPERVISED)
        predicted, choice = _choose(predicted, known, day, config, notes)
    customers_frame = predicted.select(CUSTOMER_COLUMNS)
    segment_frame = rfm.segments(customers_frame)
    contact_frame, consent_note = rfm.contacts(customers_frame, customers)
    notes.append(consent_note)

    progress(65, t.PROGRESS_BASKET)
    rule_frame, orders, multi = basket.rules(data, min_support=config.min_support, min_count=config.min_count)
    need = basket.threshold(orders, config.min_support, config.min_count)
    if multi < need:
        notes.append(Note(t.FEW_ORDERS, need=need, orders=multi))
    elif rule_frame.height:
        notes.append(Note(t.RULES_FOUND, rules=rule_frame.height // 2, count=need))
    else:
        notes.append(Note(t.NO_RULES, count=need, orders=orders))
    suggestions = basket.cross_sell(rule_frame, k=config.cross_sell_k, min_confidence=config.min_confidence)

    progress(90, t.PROGRESS_COHORTS)
    purchases = known.filter((pl.col("quantity") > 0) & ~pl.col("is_return")).select("customer_id", "day")
    cohort_frame = cohorts.retention(purchases)

    summary = _summary(
        customers_frame, segment_frame, currency, model is not None and spend_model is not None
    )
    progress(100, t.PROGRESS_DONE)
    return CustomersResult(
        customers=customers_frame,
        segments=segment_frame,
        rules=rule_frame,
        cross_sell=suggestions,
        cohorts=cohort_frame,
        contacts=contact_frame,
        summary=summary,
        notes=notes,
        currency=prep.currency,
        today=prep.today,
        purchase_model=model,
        spend_model=spend_model,
        prediction_choice=choice,
    )


def _choose(
    predicted: pl.DataFrame, known: pl.DataFrame, day: dt.date, config: CustomersConfig, notes: list[Note]
) -> tuple[pl.DataFrame, PredictionChoice]:
    """Replace churn_probability / expected_purchases_90d by the supervised layer's where its
    backtest on the past beats BG/NBD's; say which in a note."""
    if not config.supervised:
        return predicted, PredictionChoice("bgnbd", "bgnbd")
    learnt = supervised.fit(
        known,
        day,
        HORIZON_DAYS,
        min_customers=config.min_supervised_customers,
        seed=config.seed,
    )
    if isinstance(learnt, supervised.TooLittle):
        notes.append(
            Note(
                t.SUPERVISED_TOO_LITTLE,
                days=learnt.days,
                need_days=learnt.need_days,
                customers=learnt.customers,
                need_customers=learnt.need_customers,
            )
        )
        return predicted, PredictionChoice("bgnbd", "bgnbd")
    bt = learnt.backtest
    choice = PredictionChoice(bt.churn_winner, bt.purchases_winner, bt, learnt.origins, learnt.rows)
    notes.append(
        Note(
            t.SUPERVISED_CHOICE,
            origin=bt.origin.isoformat(),
            churn=t.MODEL_NAMES[choice.churn],
            purchases=t.MODEL_NAMES[choice.purchases],
            auc_supervised=f"{bt.auc_supervised:.2f}",
            auc_bgnbd=f"{bt.auc_bgnbd:.2f}",
            mae_supervised=f"{bt.mae_supervised:.2f}",
            mae_bgnbd=f"{bt.mae_bgnbd:.2f}",
        )
    )
    if choice.churn == "bgnbd" and choice.purchases == "bgnbd":
        return predicted, choice
    learnt_frame = supervised.predict(learnt, known, day).rename(
        {"p_no_purchase": "sup_churn", "expected_purchases": "sup_expected"}
    )
    out = predicted.join(learnt_frame, on="customer_id", how="left")
    if choice.churn == "supervised":
        out = out.with_columns(pl.coalesce("sup_churn", "churn_probability").alias("churn_probability"))
    if choice.purchases == "supervised":
        ratio = (
            pl.when(pl.col("expected_purchases_90d") > 0)
            .then(pl.col("sup_expected") / pl.col("expected_purchases_90d"))
            .otherwise(1.0)
        )
        out = out.with_columns(
            (pl.col("expected_90d_lo") * ratio).alias("expected_90d_lo"),
            (pl.col("expected_90d_hi") * ratio).alias("expected_90d_hi"),
            (pl.col("expected_value_90d") * ratio).alias("expected_value_90d"),
        ).with_columns(
            pl.coalesce("sup_expected", "expected_purchases_90d").alias("expected_purchases_90d"),
        )
    return out.drop("sup_churn", "sup_expected"), choice


def _empty_customers() -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "customer_id": pl.String(),
        "segment": pl.String(),
        "recency_days": pl.Int64(),
        "frequency": pl.Int64(),
        "monetary": pl.Float64(),
        "r_score": pl.Int8(),
        "f_score": pl.Int8(),
        "m_score": pl.Int8(),
        "fm_score": pl.Int8(),
        "first_purchase": pl.Date(),
        "last_purchase": pl.Date(),
        "purchase_days": pl.Int64(),
        "orders_returned": pl.Int64(),
        "returned_value": pl.Float64(),
    }
    return pl.DataFrame(schema=schema | {c: pl.Float64() for c in _model_columns()})


def _summary(
    customers_frame: pl.DataFrame, segment_frame: pl.DataFrame, currency: str, modelled: bool
) -> Note:
    by = {row["segment"]: row for row in segment_frame.iter_rows(named=True)}
    champions = int(by["champions"]["customers"])
    share = f"{float(by['champions']['revenue_share']) * 100:.0f}"
    at_risk = int(by["at_risk"]["customers"]) + int(by["cant_lose"]["customers"])
    if not modelled:
        return Note(
            t.SUMMARY_NO_MODEL,
            customers=customers_frame.height,
            champions=champions,
            champions_share=share,
            at_risk=at_risk,
        )
    return Note(
        t.SUMMARY,
        customers=customers_frame.height,
        likely_buyers=customers_frame.filter(pl.col("churn_probability") < 0.5).height,
        days=HORIZON_DAYS,
        expected=f"{float(customers_frame.get_column('expected_purchases_90d').sum()):,.0f}",
        value=_money(float(customers_frame.get_column("expected_value_90d").fill_null(0).sum())),
        currency=currency,
        champions=champions,
        champions_share=share,
        at_risk=at_risk,
    )


def roc_auc(
    labels: np.ndarray[Any, np.dtype[np.bool_]], scores: np.ndarray[Any, np.dtype[np.float64]]
) -> float:
    """Area under the ROC curve by the rank-sum (Mann-Whitney) identity, ties counted half
    (supervised.roc_auc; nan when all or none are positive)."""
    return supervised.roc_auc(labels, scores)


@dataclass
class HoldoutResult:
    """How the predictions did on days the model did not see."""

    customers: pl.DataFrame
    """customer_id, x, t_x, T, actual (purchase days in the holdout), predicted, naive,
    naive_window, p_alive, churn_probability, p_no_purchase, bought (Boolean)."""
    days: int
    mae: float
    naive_mae: float
    """The naive baseline: x / T per day since the first purchase (repeat rate) x holdout days."""
    naive_window_mae: float
    """A second naive baseline: (x + 1) purchase days / calibration window days x holdout days."""
    rmse: float
    naive_rmse: float
    naive_window_rmse: float
    total_predicted: float
    total_naive: float
    total_naive_window: float
    total_actual: float
    churn_auc: float
    """ROC AUC of 1 - P(alive) against "no purchase in the holdout" (nan when all or none bought)."""
    no_purchase_auc: float
    """ROC AUC of P(no purchase in the holdout days) against the same."""
    model: repeat.BgNbd
    recency_auc: float = math.nan
    """ROC AUC of days since the last purchase (a reference without any model)."""
    supervised_mae: float = math.nan
    supervised_rmse: float = math.nan
    total_supervised: float = math.nan
    supervised_auc: float = math.nan
    """ROC AUC of the supervised layer's P(no purchase) (nan when it could not be trained)."""
    supervised: supervised.Supervised | supervised.TooLittle | None = None
    choice: PredictionChoice | None = None
    """What analyse() would choose at the split (by the backtest before the split)."""

    @property
    def total_error(self) -> float:
        """(predicted - actual) / actual over all customers."""
        return (
            (self.total_predicted - self.total_actual) / self.total_actual if self.total_actual else math.nan
        )

    @property
    def naive_total_error(self) -> float:
        return (self.total_naive - self.total_actual) / self.total_actual if self.total_actual else math.nan


def holdout_check(lines: pl.DataFrame, split: dt.date, *, end: dt.date | None = None) -> HoldoutResult:
    """Fit BG/NBD on the days up to and including `split`, predict (split, end], compare.

    Customers are those who bought by `split`; actual = their distinct purchase days in the
    holdout. The naive baseline keeps each customer's calibration rate: x / T repeat
    purchase days per day since their first purchase, times the holdout days (0 when T = 0).
    A second naive baseline keeps the rate over the whole calibration window, (x + 1) / window
    days. The churn check is the ROC AUC of the churn probability against "no purchase in
    the holdout" (the chance that a customer who did not buy is ranked above one who did),
    and the same for P(no purchase in the holdout days), for days since the last purchase, and
    for the supervised layer trained on the calibration lines only (supervised.py; its
    columns sup_predicted and sup_p_no_purchase are null when there was too little history).
    """
    prep = prepare(lines, end)
    data = prep.lines.filter(pl.col("customer_id").is_not_null())
    last = end or prep.today
    if last is None or last <= split:
        raise ValueError("the holdout needs sale lines after the split day")
    days = (last - split).days
    calibration = customer_table(data.filter(pl.col("day") <= split), split)
    bought = (pl.col("quantity") > 0) & ~pl.col("is_return")
    actual = (
        data.filter(bought & (pl.col("day") > split))
        .group_by("customer_id")
        .agg(pl.col("day").n_unique().cast(pl.Float64).alias("actual"))
    )
    frame = calibration.select("customer_id", "x", "t_x", "T").join(actual, on="customer_id", how="left")
    frame = frame.with_columns(pl.col("actual").fill_null(0.0))
    x, t_x, T = (frame.get_column(c).to_numpy() for c in ("x", "t_x", "T"))
    model = repeat.fit_bgnbd(x, t_x, T)
    predicted = repeat.expected_purchases(model, days, x, t_x, T)
    alive = repeat.p_alive(model, x, t_x, T)
    quiet = repeat.p_no_purchase(model, days, x, t_x, T)
    naive = np.divide(x, T, out=np.zeros_like(x), where=T > 0) * days
    start: dt.date = data.get_column("day").min()  # type: ignore[assignment]
    window = float((split - start).days + 1)
    naive_window = (x + 1) / window * days
    learnt = supervised.fit(data.filter(pl.col("day") <= split), split, days)
    choice: PredictionChoice | None = None
    if isinstance(learnt, supervised.Supervised):
        bt = learnt.backtest
        choice = PredictionChoice(bt.churn_winner, bt.purchases_winner, bt, learnt.origins, learnt.rows)
        sup = supervised.predict(learnt, data.filter(pl.col("day") <= split), split)
        frame = frame.join(
            sup.rename({"p_no_purchase": "sup_p_no_purchase", "expected_purchases": "sup_predicted"}),
            on="customer_id",
            how="left",
        )
    else:
        frame = frame.with_columns(
            pl.lit(None, pl.Float64).alias("sup_p_no_purchase"),
            pl.lit(None, pl.Float64).alias("sup_predicted"),
        )
    frame = frame.with_columns(
        pl.Series("predicted", predicted),
        pl.Series("naive", naive),
        pl.Series("naive_window", naive_window),
        pl.Series("p_alive", alive),
        pl.Series("churn_probability", 1 - alive),
        pl.Series("p_no_purchase", quiet),
        (pl.col("actual") > 0).alias("bought"),
    )
    act = frame.get_column("actual").to_numpy()
    labels = act == 0
    sup_n = frame.get_column("sup_predicted").fill_null(np.nan).to_numpy()
    sup_p = frame.get_column("sup_p_no_purchase").fill_null(np.nan).to_numpy()
    trained = isinstance(learnt, supervised.Supervised)
    return HoldoutResult(
        customers=frame,
        days=days,
        mae=float(np.mean(np.abs(predicted - act))),
        naive_mae=float(np.mean(np.abs(naive - act))),
        naive_window_mae=float(np.mean(np.abs(naive_window - act))),
        rmse=float(np.sqrt(np.mean((predicted - act) ** 2))),
        naive_rmse=float(np.sqrt(np.mean((naive - act) ** 2))),
        naive_window_rmse=float(np.sqrt(np.mean((naive_window - act) ** 2))),
        total_predicted=float(predicted.sum()),
        total_naive=float(naive.sum()),
        total_naive_window=float(naive_window.sum()),
        total_actual=float(act.sum()),
        churn_auc=roc_auc(labels, 1 - alive),
        no_purchase_auc=roc_auc(labels, quiet),
        model=model,
        recency_auc=roc_auc(labels, T - t_x),
        supervised_mae=float(np.mean(np.abs(sup_n - act))) if trained else math.nan,
        supervised_rmse=float(np.sqrt(np.mean((sup_n - act) ** 2))) if trained else math.nan,
        total_supervised=float(sup_n.sum()) if trained else math.nan,
        supervised_auc=roc_auc(labels, sup_p) if trained else math.nan,
        supervised=learnt,
        choice=choice,
    )
