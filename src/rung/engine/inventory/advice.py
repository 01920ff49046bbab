"""Reorder and overstock advice per product, from a demand forecast and a stock count.

The formulas are in `policy` (Silver, Pyke & Peterson's periodic-review system); this
module turns the forecast module's frames and the canonical products, suppliers and
inventory snapshots into one row of advice per product, in words an owner can act on.

Choices that are not in the textbook, and why:
- time starts at `today` (default: the first forecast period): forecast periods are
  prorated by the days they overlap the protection interval, and days beyond the horizon
  use the average daily forecast;
- the stock position is on hand plus on order (the latest count per product and
  location, added over locations); without a count there is no position, so there is no
  order suggestion, but the reorder point still tells the owner when to order;
- money is only computed in `currency`: a unit cost or minimum order value in another
  currency is left out rather than converted at a rate Rung does not know;
- a supplier's minimum order value applies to the whole order, so when the suggested
  lines for a supplier add up to less, they are raised in proportion (rounded up) until
  they reach it, instead of rounding every product up to the minimum on its own;
- a product with stock but no forecast (never sold, or filtered out) is listed with its
  capital tied up, but no reorder point: the advice does not guess demand.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import polars as pl

from rung.engine.inventory.policy import (
    MAD_TO_SIGMA,
    Z_80,
    Z_95,
    InventorySettings,
    period_offset,
    stockout_probability,
)
from rung.engine.messages import Note
from rung.engine.progress import gettext_noop
from rung.engine.schema import MONEY_DTYPE

RECENT_PERIODS = 8
"""Periods of history that stand for "the tested periods" when a held-out WAPE is turned into units."""

ORDER = "order"
NO_COUNT = "no_count"
OVERSTOCK = "overstock"
OK = "ok"
NO_FORECAST = "no_forecast"
STATUSES = (ORDER, NO_COUNT, OVERSTOCK, OK, NO_FORECAST)
"""`status` values, in the order the advice lists them (most urgent first)."""

ADVICE_SCHEMA = pl.Schema(
    {
        "product_id": pl.String(),
        "name": pl.String(),
        "category": pl.String(),
        "supplier_id": pl.String(),
        "status": pl.String(),
        "daily_demand": pl.Float64(),
        "lead_time_days": pl.Float64(),
        "safety_stock": pl.Float64(),
        "reorder_point": pl.Float64(),
        "order_quantity": pl.Float64(),
        "on_hand": pl.Float64(),
        "on_order": pl.Float64(),
        "days_of_cover": pl.Float64(),
        "stockout_risk": pl.Float64(),
        "overstock_units": pl.Float64(),
        "unit_cost": MONEY_DTYPE,
        "currency": pl.String(),
        "capital_tied_up": MONEY_DTYPE,
        "overstock_value": MONEY_DTYPE,
        "suggested_order": pl.Float64(),
        "reason": pl.String(),
    }
)


def advise(
    forecasts: pl.DataFrame,
    history: pl.DataFrame,
    *,
    accuracy: pl.DataFrame | None = None,
    products: pl.DataFrame | None = None,
    stock: pl.DataFrame | None = None,
    suppliers: pl.DataFrame | None = None,
    settings: InventorySettings = InventorySettings(),  # noqa: B008 - frozen: a shared default is safe
    freq: str = "week",
    today: datetime.date | None = None,
    currency: str = "EUR",
) -> pl.DataFrame:
    """One row of advice per product that has a forecast or a stock count.

    `forecasts`, `history` and `accuracy` are the frames of `rung.engine.forecast`
    (only rows with level "product" are used; `key` is the product id); `products`,
    `suppliers` and `stock` are canonical PRODUCT, SUPPLIER and INVENTORY_SNAPSHOT tables.
    Columns are those of `ADVICE_SCHEMA`: quantities in the product's unit, money as
    Decimal in `currency`, `stockout_risk` a probability, `status` one of `STATUSES`.
    """
    offset = period_offset(freq)
    fc = _product_forecasts(forecasts)
    counts = _stock_counts(stock, today, currency)
    if today is None:
        today = fc.get_column("period_start").min() if fc.height else None  # type: ignore[assignment]
        if today is None:
            today = datetime.datetime.now(datetime.UTC).date()
    ids = pl.concat([fc.select("product_id"), counts.select("product_id")]).unique()
    if ids.is_empty():
        return pl.DataFrame(schema=ADVICE_SCHEMA)
    catalogue = _catalogue(ids, products, suppliers, settings, currency)
    profile = _demand_profile(fc, catalogue, history, accuracy, settings, offset, today)
    rows = (
        catalogue.join(profile, on="product_id", how="left")
        .join(counts, on="product_id", how="left")
        .with_columns(unit_cost=pl.coalesce("product_cost", "stock_cost"))
    )
    rows = _policy(rows, settings)
    rows = _minimum_order_value(rows)
    rows = _stock_figures(rows, settings, currency)
    rows = _explain(rows, settings)
    rank = {status: i for i, status in enumerate(STATUSES)}
    return (
        rows.with_columns(_rank=pl.col("status").replace_strict(rank, return_dtype=pl.Int64))
        .sort(
            ["_rank", "stockout_risk", "overstock_value", "product_id"],
            descending=[False, True, True, False],
            nulls_last=True,
        )
        .select(ADVICE_SCHEMA.names())
        .cast(ADVICE_SCHEMA)
    )


def advice_notes(frame: pl.DataFrame) -> list[Note]:
    """A few sentences that sum the advice up for the owner, most urgent first."""
    notes: list[Note] = []
    if frame.is_empty():
        return notes
    currency = frame.get_column("currency").drop_nulls().first()
    code = str(currency) if currency is not None else ""
    to_order = frame.filter(pl.col("suggested_order") > 0)
    if to_order.height:
        notes.append(
            Note(gettext_noop("Products to order now: %(count)s."), count=to_order.height),
        )
    over = frame.filter(pl.col("overstock_units") > 0)
    if over.height:
        value = over.get_column("overstock_value").sum()
        if over.get_column("overstock_value").null_count() < over.height:
            notes.append(
                Note(
                    gettext_noop("Overstocked products: %(count)s, tying up %(value)s."),
                    count=over.height,
                    value=format_money(value, code),
                )
            )
        else:
            notes.append(Note(gettext_noop("Overstocked products: %(count)s."), count=over.height))
    uncounted = frame.filter(pl.col("status") == NO_COUNT)
    if uncounted.height:
        notes.append(
            Note(
                gettext_noop(
                    "Products without a stock count: %(count)s; count them to get an order suggestion."
                ),
                count=uncounted.height,
            )
        )
    capital = frame.get_column("capital_tied_up")
    if capital.null_count() < frame.height:
        notes.append(
            Note(
                gettext_noop("Stock on hand ties up %(value)s in total."),
                value=format_money(capital.sum(), code),
            )
        )
    return notes


_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥"}


def format_money(value: Decimal | float | int | None, currency: str) -> str:
    """A whole amount with its currency ("€ 1,234"); the web app may format it again."""
    amount = f"{float(value or 0):,.0f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol} {amount}" if symbol else f"{amount} {currency}".strip()


# --- inputs -------------------------------------------------------------------------------


def _with_columns(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """`df` with every column of `schema`, missing ones as nulls (optional fields)."""
    missing = [pl.lit(None, dtype).alias(name) for name, dtype in schema.items() if name not in df.columns]
    return df.with_columns(missing) if missing else df


def _product_forecasts(forecasts: pl.DataFrame) -> pl.DataFrame:
    """Product rows: product_id, period_start, forecast (≥ 0) and σ of one period's error.

    σ is read off the upper prediction bounds (normal approximation, see `policy`); the
    mean of what the 80% and 95% bounds say, ignoring a bound that is missing.
    """
    fc = _with_columns(
        forecasts,
        {"level": pl.String(), "hi_80": pl.Float64(), "hi_95": pl.Float64(), "model": pl.String()},
    )
    fc = fc.filter(pl.col("level") == "product") if "level" in forecasts.columns else fc
    point = pl.col("forecast").cast(pl.Float64)
    return fc.select(
        product_id=pl.col("key").cast(pl.String),
        period_start=pl.col("period_start").cast(pl.Date),
        forecast=point.clip(lower_bound=0.0).fill_null(0.0),
        model=pl.col("model").cast(pl.String),
        sigma=pl.mean_horizontal(
            ((pl.col("hi_80").cast(pl.Float64) - point) / Z_80).clip(lower_bound=0.0),
            ((pl.col("hi_95").cast(pl.Float64) - point) / Z_95).clip(lower_bound=0.0),
        ),
    )


def _stock_counts(stock: pl.DataFrame | None, today: datetime.date | None, currency: str) -> pl.DataFrame:
    """The latest count per product and location, added up per product."""
    schema = pl.Schema(
        {
            "product_id": pl.String(),
            "on_hand": pl.Float64(),
            "on_order": pl.Float64(),
            "stock_cost": MONEY_DTYPE,
        }
    )
    if stock is None or stock.is_empty():
        return pl.DataFrame(schema=schema)
    s = _with_columns(
        stock,
        {
            "location": pl.String(),
            "on_order": pl.Float64(),
            "unit_cost": MONEY_DTYPE,
            "currency": pl.String(),
        },
    ).filter(pl.col("on_hand").is_not_null())
    if today is not None:
        s = s.filter(pl.col("as_of").cast(pl.Date) <= today)
    same_currency = pl.col("currency").is_null() | (pl.col("currency") == currency)
    latest = s.sort("as_of").group_by("product_id", "location", maintain_order=True).last()
    return (
        latest.sort("as_of", descending=True)
        .group_by("product_id")
        .agg(
            on_hand=pl.col("on_hand").cast(pl.Float64).sum(),
            on_order=pl.col("on_order").cast(pl.Float64).fill_null(0.0).sum(),
            stock_cost=pl.col("unit_cost").filter(same_currency).drop_nulls().first(),
        )
        .cast(schema)
    )


def _catalogue(
    ids: pl.DataFrame,
    products: pl.DataFrame | None,
    suppliers: pl.DataFrame | None,
    settings: InventorySettings,
    currency: str,
) -> pl.DataFrame:
    """Per product: name, category, supplier, unit cost, lead time and minimum order value."""
    p = _with_columns(
        products if products is not None else pl.DataFrame(schema={"product_id": pl.String()}),
        {
            "name": pl.String(),
            "category": pl.String(),
            "unit_cost": MONEY_DTYPE,
            "currency": pl.String(),
            "supplier_id": pl.String(),
        },
    )
    same_currency = pl.col("currency").is_null() | (pl.col("currency") == currency)
    p = p.unique("product_id", keep="first").select(
        pl.col("product_id").cast(pl.String),
        pl.col("name").cast(pl.String),
        pl.col("category").cast(pl.String),
        pl.col("supplier_id").cast(pl.String),
        product_cost=pl.when(same_currency).then(pl.col("unit_cost").cast(MONEY_DTYPE)),
    )
    s = _with_columns(
        suppliers if suppliers is not None else pl.DataFrame(schema={"supplier_id": pl.String()}),
        {"lead_time_days": pl.Float64(), "min_order_value": MONEY_DTYPE, "currency": pl.String()},
    )
    s = s.unique("supplier_id", keep="first").select(
        pl.col("supplier_id").cast(pl.String),
        supplier_lead_time=pl.col("lead_time_days").cast(pl.Float64),
        min_order_value=pl.when(same_currency).then(pl.col("min_order_value").cast(MONEY_DTYPE)),
    )
    return (
        ids.join(p, on="product_id", how="left")
        .join(s, on="supplier_id", how="left")
        .with_columns(
            lead_time_days=pl.col("supplier_lead_time").fill_null(settings.default_lead_time_days),
        )
        .drop("supplier_lead_time")
    )


def _held_out_error(accuracy: pl.DataFrame | None, fc: pl.DataFrame) -> pl.DataFrame:
    """The forecast's held-out WAPE per product (units wrong / units sold, a share).

    The row of the model that made the forecast is used, else the product's best row.
    """
    schema = pl.Schema({"product_id": pl.String(), "wape": pl.Float64()})
    if accuracy is None or accuracy.is_empty() or "error" not in accuracy.columns:
        return pl.DataFrame(schema=schema)
    acc = (
        _with_columns(accuracy, {"model": pl.String()})
        .select(
            product_id=pl.col("key").cast(pl.String),
            model=pl.col("model").cast(pl.String),
            wape=pl.col("error").cast(pl.Float64),
        )
        .filter(pl.col("wape").is_not_null())
    )
    used = fc.select("product_id", "model").unique("product_id", keep="first")
    chosen = acc.join(used, on=["product_id", "model"], how="semi")
    rest = acc.join(chosen, on="product_id", how="anti").sort("wape").unique("product_id", keep="first")
    return pl.concat([chosen.unique("product_id", keep="first"), rest]).select(schema.names()).cast(schema)


def _demand_profile(
    fc: pl.DataFrame,
    catalogue: pl.DataFrame,
    history: pl.DataFrame,
    accuracy: pl.DataFrame | None,
    settings: InventorySettings,
    offset: str,
    today: datetime.date,
) -> pl.DataFrame:
    """Per product: daily demand, demand and σ of the error over the protection interval."""
    protection = pl.col("lead_time_days") + settings.review_period_days
    rows = (
        fc.join(catalogue.select("product_id", "lead_time_days"), on="product_id", how="left")
        .with_columns(
            start=(pl.col("period_start") - pl.lit(today)).dt.total_days().cast(pl.Float64),
            days=(pl.col("period_start").dt.offset_by(offset) - pl.col("period_start"))
            .dt.total_days()
            .cast(pl.Float64),
            protection=protection,
        )
        .with_columns(end=pl.col("start") + pl.col("days"))
        .filter(pl.col("end") > 0)
        .with_columns(
            overlap=(pl.min_horizontal("end", "protection") - pl.max_horizontal("start", pl.lit(0.0))).clip(
                lower_bound=0.0
            )
        )
    )
    profile = rows.group_by("product_id").agg(
        daily_demand=pl.col("forecast").sum() / pl.col("days").sum(),
        covered_demand=(pl.col("forecast") * pl.col("overlap") / pl.col("days")).sum(),
        covered=pl.col("overlap").sum(),
        protection=pl.col("protection").first(),
        period_days=pl.col("days").mean(),
        sigma_interval=pl.coalesce(
            pl.col("sigma").filter(pl.col("overlap") > 0).mean(), pl.col("sigma").mean()
        ),
        mean_forecast=pl.col("forecast").mean(),
    )
    h = _with_columns(history, {"level": pl.String()})
    h = h.filter(pl.col("level") == "product") if "level" in history.columns else h
    recent = pl.col("quantity").cast(pl.Float64).sort_by("period_start").tail(RECENT_PERIODS)
    spread = h.group_by(product_id=pl.col("key").cast(pl.String)).agg(
        sigma_history=pl.col("quantity").cast(pl.Float64).std(),
        recent_mean=recent.mean(),
    )
    sigma = pl.max_horizontal("sigma_interval", "sigma_accuracy")
    return (
        profile.join(_held_out_error(accuracy, fc), on="product_id", how="left")
        .join(spread, on="product_id", how="left")
        .with_columns(
            # WAPE is mean absolute error / mean demand of the tested (latest) periods: back to
            # units with the latest periods' mean (the forecast's level if there is no history)
            sigma_accuracy=MAD_TO_SIGMA * pl.col("wape") * pl.coalesce("recent_mean", "mean_forecast"),
        )
        .with_columns(
            # demand variance is the last resort, when the forecast says nothing of its error
            sigma_period=pl.coalesce(sigma, "sigma_history", pl.lit(0.0)),
            protection_demand=pl.col("covered_demand")
            + (pl.col("protection") - pl.col("covered")).clip(lower_bound=0.0) * pl.col("daily_demand"),
        )
        .with_columns(
            sigma_protection=pl.col("sigma_period") * (pl.col("protection") / pl.col("period_days")).sqrt()
        )
        .select("product_id", "daily_demand", "protection_demand", "sigma_protection")
    )


# --- the policy ---------------------------------------------------------------------------


def _ceil(expr: pl.Expr) -> pl.Expr:
    """Whole units, up; rounding first so 3.0000000001 (float noise) stays 3."""
    return expr.round(6).ceil()


def _policy(rows: pl.DataFrame, settings: InventorySettings) -> pl.DataFrame:
    cost = pl.col("unit_cost").cast(pl.Float64)
    eoq = (
        pl.when((cost > 0) & (pl.col("daily_demand") > 0))
        .then(
            (
                2.0
                * float(settings.order_cost)
                * pl.col("daily_demand")
                * 365.0
                / (settings.holding_cost_rate * cost)
            ).sqrt()
        )
        .otherwise(None)
    )
    position = pl.col("on_hand") + pl.col("on_order").fill_null(0.0)
    rows = rows.with_columns(eoq=eoq, position=position).with_columns(
        safety_stock=settings.z * pl.col("sigma_protection"),
    )
    rows = rows.with_columns(reorder_point=pl.col("protection_demand") + pl.col("safety_stock"))
    below = pl.col("position") <= pl.col("reorder_point")
    return rows.with_columns(
        order_quantity=pl.when(pl.col("eoq").is_not_null())
        .then(_ceil(pl.col("eoq")))
        .when(pl.col("position").is_not_null())
        .then(_ceil((pl.col("reorder_point") - pl.col("position")).clip(lower_bound=0.0))),
        suggested_order=pl.when(pl.col("position").is_null() | pl.col("reorder_point").is_null())
        .then(None)
        .when(below)
        .then(_ceil(pl.col("reorder_point") + pl.col("eoq").fill_null(0.0) - pl.col("position")))
        .otherwise(0.0),
    )


def _minimum_order_value(rows: pl.DataFrame) -> pl.DataFrame:
    """Raise a supplier's order lines in proportion until they reach its minimum order value."""
    value = pl.col("suggested_order") * pl.col("unit_cost").cast(pl.Float64)
    total = value.sum().over("supplier_id")
    minimum = pl.col("min_order_value").cast(pl.Float64)
    short = (
        pl.col("supplier_id").is_not_null()
        & (pl.col("suggested_order") > 0)
        & pl.col("unit_cost").is_not_null()
        & (total > 0)
        & (total < minimum)
    )
    return rows.with_columns(
        raised_for_minimum=short.fill_null(False),
        suggested_order=pl.when(short)
        .then(_ceil(pl.col("suggested_order") * minimum / total))
        .otherwise(pl.col("suggested_order")),
    )


def _money(quantity: pl.Expr) -> pl.Expr:
    return (quantity.round(4).cast(MONEY_DTYPE) * pl.col("unit_cost")).cast(MONEY_DTYPE)


def _stock_figures(rows: pl.DataFrame, settings: InventorySettings, currency: str) -> pl.DataFrame:
    demand = pl.col("daily_demand")
    rows = rows.with_columns(
        days_of_cover=pl.when(demand > 0).then(pl.col("on_hand") / demand),
        overstock_units=(pl.col("on_hand") - settings.overstock_days * demand).clip(lower_bound=0.0),
        currency=pl.lit(currency),
    ).with_columns(
        capital_tied_up=_money(pl.col("on_hand")),
        overstock_value=_money(pl.col("overstock_units")),
    )
    risk = [
        None if pos is None or mean is None else stockout_probability(pos, mean, sigma or 0.0)
        for pos, mean, sigma in rows.select("position", "protection_demand", "sigma_protection").iter_rows()
    ]
    return rows.with_columns(stockout_risk=pl.Series(risk, dtype=pl.Float64))


# --- words --------------------------------------------------------------------------------


def _n(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 or float(x).is_integer() else f"{x:,.1f}"


def _explain(rows: pl.DataFrame, settings: InventorySettings) -> pl.DataFrame:
    statuses: list[str] = []
    reasons: list[str] = []
    for r in rows.iter_rows(named=True):
        status, reason = _reason(r, settings)
        statuses.append(status)
        reasons.append(reason)
    return rows.with_columns(
        status=pl.Series(statuses, dtype=pl.String), reason=pl.Series(reasons, dtype=pl.String)
    )


def _reason(r: dict[str, Any], settings: InventorySettings) -> tuple[str, str]:
    if r["daily_demand"] is None:
        held = "" if r["on_hand"] is None else f" {_n(r['on_hand'])} in stock."
        return NO_FORECAST, f"No sales forecast for this product, so no reorder point.{held}"
    rop = _n(r["reorder_point"])
    if r["position"] is None:
        return NO_COUNT, f"No stock count: order when stock and open orders fall to {rop}."
    if r["suggested_order"] is not None and r["suggested_order"] > 0:
        text = (
            f"Stock and open orders ({_n(r['position'])}) are at or below the reorder point ({rop}): "
            f"order {_n(r['suggested_order'])}; risk of running out before a later order "
            f"arrives {r['stockout_risk']:.0%}."
        )
        if r["raised_for_minimum"]:
            text += " Raised to reach the supplier's minimum order value."
        return ORDER, text
    cover = r["days_of_cover"]
    if r["overstock_units"] is not None and r["overstock_units"] > 0:
        days = "no expected sales" if cover is None else f"{_n(cover)} days of sales"
        return OVERSTOCK, (
            f"Stock covers {days}, more than {_n(settings.overstock_days)}: "
            f"{_n(r['overstock_units'])} units are overstock."
        )
    if cover is None:
        return OK, f"No stock and no expected sales; order when stock and open orders fall to {rop}."
    return OK, f"Stock covers {_n(cover)} days; order when stock and open orders fall to {rop}."
