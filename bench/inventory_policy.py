"""Does the reorder advice keep products in stock with less stock than a rule of thumb?

Replays the held-out weeks of the UCI Online Retail data (a UK gift wholesaler, Dec 2010 –
Dec 2011) day by day for the top products, once with `rung.engine.inventory.advise` and
once with two rules of thumb, on the same demand, and reports the fill rate (units served
from stock / units demanded) against the 95% service level asked for, and the average
stock each policy held. Results go to bench/results/inventory_policy.json.

Assumptions (the same for every policy):
- demand: per product and day, the units on sale lines with a positive quantity that are
  not returns or cancellations: the same demand `rung.engine.forecast` forecasts, so the
  replay judges the forecast on what it set out to predict. Only real products (codes
  starting with a digit; POST, DOT, M, bank charges and the like are not stock). The data
  end on Friday 2011-12-09; the replay stops on Sunday 2011-12-04, the last full week;
- held-out period: the last 8 weeks (2011-10-10 … 2011-12-04) and, because 8 weeks is
  one Christmas run-up, also the last 12 (from 2011-09-12). This is the retailer's peak:
  demand rises through the period, which is hard on every policy;
- products: the 500 products with the most units sold before the 12-week period starts
  (the same 500 in both runs; nothing from the held-out weeks decides the selection);
- review every Monday morning; lead time 7 days (an order placed on Monday arrives before
  trade the next Monday); orders are whole units and suppliers always deliver in full;
- lost sales, not backorders: demand that finds no stock is gone (a wholesaler's buyer
  goes elsewhere); this is what the fill rate counts;
- starting stock: two weeks of the product's average demand over the 8 weeks before the
  period (rounded up), nothing on order, for every policy;
- average stock: the mean over days of (stock at the start of the day + at the end) / 2,
  summed over products; also valued at the median selling price, because a unit of a
  £0.29 pencil and a unit of a £12.75 cake stand are not the same capital (the data have
  no purchase costs, so the advice runs without unit costs: the plain order-up-to policy,
  with no economic order quantity);
- the advice: `advise` with service level 95%, lead time 7 and review period 7 days, run
  every Monday on a forecast made that Monday from the sales before it (a rolling origin,
  as an owner who reruns the advice every week would see it). The forecast comes from
  `rung.engine.forecast.forecast` when that module is installed, else from the stand-in
  below; the JSON says which;
- stand-in forecaster: per product, the mean of the last 8 weeks (a median of lumpy
  wholesale demand is biased low); its 80% and 95% upper bounds are the mean plus the 90th
  and 97.5th percentiles of that same rule's errors over the 26 weeks before (so σ is a
  forecast error, not the demand's spread);
- rules of thumb, from the units *sold* (a shop that runs out does not see the demand it
  missed):
  "order last month's average" - every Monday order a quarter of the last 4 weeks' sales;
  "top up to last month's sales" - every Monday order up to the last 4 weeks' sales
  (a month of cover), minus stock and open orders;
  and, because comparing stock at different fill rates says little, the top-up rule
  with 1 to 12 weeks of cover: the JSON gives the least stock that rule needs to reach
  the advice's fill rate;
- a diagnostic, not a policy anyone can run: the advice fed a perfect forecast (the
  actual demand of the next two weeks as the point forecast, with the stand-in's error
  bounds), to tell the policy's share of a shortfall from the forecast's.

The target is a fill rate within 2 points of 95% with at least 15% less average stock
than the rules of thumb. The service level is a cycle service level (no stockout in a
replenishment cycle), so a fill rate a little above 95% is what the textbook expects.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from rung.engine import sample_data
from rung.engine.inventory import InventorySettings, advise

ROOT = Path(__file__).resolve().parents[1]
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DATA = DATASETS / "uci-online-retail" / "online_retail.csv.gz"
RESULTS = ROOT / "bench" / "results" / "inventory_policy.json"

LAST_DAY = dt.date(2011, 12, 4)  # Sunday: the last full week of the data
RUNS = (8, 12)  # held-out weeks
TOP = 500
LEAD_DAYS = 7
REVIEW_DAYS = 7
TARGET = 0.95
HORIZON = 4  # weeks forecast at each review; the advice needs lead time + review = 2
SETTINGS = InventorySettings(
    service_level=TARGET, default_lead_time_days=LEAD_DAYS, review_period_days=REVIEW_DAYS
)

Frames = tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]
"""forecasts, history, accuracy: the frames `advise` reads."""


@dataclass
class Data:
    lines: pl.DataFrame  # canonical sale lines of the chosen products, up to LAST_DAY
    products: pl.DataFrame  # canonical products
    ids: list[str]  # chosen products, in a fixed order
    daily: np.ndarray  # products × days demand, from FIRST_DAY
    first_day: dt.date
    price: np.ndarray  # median selling price per product


def load() -> Data:
    tables = sample_data.to_canonical(sample_data.read_sample(DATA))
    lines = tables["sale_lines"].filter(
        pl.col("product_id").str.contains(r"^\d"),
        pl.col("timestamp").dt.date() <= LAST_DAY,
    )
    earliest_start = LAST_DAY + dt.timedelta(days=1) - dt.timedelta(weeks=max(RUNS))
    daily = (
        lines.filter(pl.col("quantity") > 0, ~pl.col("return_flag").fill_null(False))
        .group_by("product_id", day=pl.col("timestamp").dt.date())
        .agg(quantity=pl.col("quantity").sum())
    )
    top = (
        daily.filter(pl.col("day") < earliest_start)
        .group_by("product_id")
        .agg(pl.col("quantity").sum())
        .sort(["quantity", "product_id"], descending=[True, False])
        .head(TOP)
        .get_column("product_id")
        .sort()
        .to_list()
    )
    first_day = daily.get_column("day").min()
    assert isinstance(first_day, dt.date)
    n_days = (LAST_DAY - first_day).days + 1
    index = {p: i for i, p in enumerate(top)}
    matrix = np.zeros((len(top), n_days))
    for pid, day, qty in daily.filter(pl.col("product_id").is_in(top)).iter_rows():
        matrix[index[pid], (day - first_day).days] = qty
    products = tables["products"].filter(pl.col("product_id").is_in(top))
    prices = dict(products.select("product_id", pl.col("list_price").cast(pl.Float64)).iter_rows())
    return Data(
        lines=lines.filter(pl.col("product_id").is_in(top)),
        products=products,
        ids=top,
        daily=matrix,
        first_day=first_day,
        price=np.array([prices.get(p) or 0.0 for p in top]),
    )


# --- forecasters ----------------------------------------------------------------------------


def weekly_matrix(data: Data, origin: dt.date) -> tuple[np.ndarray, list[dt.date]]:
    """Weekly demand before `origin` (a Monday), whole weeks only, oldest first."""
    first_monday = data.first_day + dt.timedelta(days=(7 - data.first_day.weekday()) % 7)
    weeks = (origin - first_monday).days // 7
    start = (first_monday - data.first_day).days
    block = data.daily[:, start : start + 7 * weeks]
    return block.reshape(len(data.ids), weeks, 7).sum(axis=2), [
        first_monday + dt.timedelta(weeks=w) for w in range(weeks)
    ]


def stand_in(data: Data, origin: dt.date, oracle: bool = False) -> Frames:
    """Mean of the last 8 weeks; bounds from that rule's own errors over 26 weeks.

    With `oracle`, the point forecast is the actual mean weekly demand of the next two
    weeks instead (the diagnostic; never a result).
    """
    weekly, starts = weekly_matrix(data, origin)
    point = weekly[:, -8:].mean(axis=1)
    errors = np.stack(
        [
            weekly[:, j] - weekly[:, j - 8 : j].mean(axis=1)
            for j in range(weekly.shape[1] - 26, weekly.shape[1])
        ],
        axis=1,
    )
    if oracle:
        offset = (origin - data.first_day).days
        point = data.daily[:, offset : offset + LEAD_DAYS + REVIEW_DAYS].sum(axis=1) / 2
    up80 = np.maximum(np.quantile(errors, 0.90, axis=1), 0.0)
    up95 = np.maximum(np.quantile(errors, 0.975, axis=1), up80)
    horizon = [origin + dt.timedelta(weeks=h) for h in range(HORIZON)]
    forecasts = pl.DataFrame(
        {
            "level": "product",
            "key": np.repeat(data.ids, HORIZON),
            "period_start": horizon * len(data.ids),
            "forecast": np.repeat(point, HORIZON),
            "lo_80": np.repeat(np.maximum(point - up80, 0), HORIZON),
            "hi_80": np.repeat(point + up80, HORIZON),
            "lo_95": np.repeat(np.maximum(point - up95, 0), HORIZON),
            "hi_95": np.repeat(point + up95, HORIZON),
            "model": "oracle" if oracle else "mean8",
        }
    )
    history = pl.DataFrame(
        {
            "level": "product",
            "key": np.repeat(data.ids, len(starts)),
            "period_start": starts * len(data.ids),
            "quantity": weekly.reshape(-1),
        }
    )
    return forecasts, history, None


def real_forecaster() -> Callable[[Data, dt.date], Frames] | None:
    """`rung.engine.forecast.forecast`, when the module is there."""
    try:
        module = importlib.import_module("rung.engine.forecast")
    except ImportError:
        return None
    run = getattr(module, "forecast", None)
    config_type = getattr(module, "ForecastConfig", None)
    if run is None or config_type is None:
        return None

    def forecaster(data: Data, origin: dt.date) -> Frames:
        config = config_type(freq="week", horizon=HORIZON, levels=(80, 95), n_windows=2)
        past = data.lines.filter(pl.col("timestamp").dt.date() < origin)
        result = run(past, config, products=data.products)
        return result.forecasts, result.history, result.accuracy

    return forecaster


# --- the replay -----------------------------------------------------------------------------

Policy = Callable[[int, np.ndarray, np.ndarray, np.ndarray], np.ndarray]
"""(week, on hand, on order, units sold per past week (products × weeks)) → units to order."""


def replay(
    demand: np.ndarray, start_stock: np.ndarray, sold_before: np.ndarray, policy: Policy
) -> dict[str, Any]:
    """Day-by-day lost-sales replay of one policy; returns served units and average stock."""
    n, days = demand.shape
    on_hand = start_stock.astype(float).copy()
    arrivals: dict[int, np.ndarray] = {}
    served = np.zeros(n)
    held = np.zeros(n)
    sold_weeks = [sold_before[:, w] for w in range(sold_before.shape[1])]
    this_week = np.zeros(n)
    stockout_days = 0
    for day in range(days):
        if day in arrivals:
            on_hand += arrivals.pop(day)
        if day % REVIEW_DAYS == 0:
            if day:
                sold_weeks.append(this_week)
                this_week = np.zeros(n)
            on_order = sum(arrivals.values(), np.zeros(n))
            order = np.maximum(np.ceil(policy(day // 7, on_hand, on_order, np.stack(sold_weeks, axis=1))), 0)
            arrivals[day + LEAD_DAYS] = arrivals.get(day + LEAD_DAYS, np.zeros(n)) + order
        start = on_hand.copy()
        sale = np.minimum(on_hand, demand[:, day])
        stockout_days += int(np.sum(demand[:, day] > on_hand))
        on_hand -= sale
        served += sale
        this_week += sale
        held += (start + on_hand) / 2
    return {"served": served, "average_stock": held / days, "stockout_days": stockout_days}


def naive_average(_week: int, _on_hand: np.ndarray, _on_order: np.ndarray, sold: np.ndarray) -> np.ndarray:
    """Every Monday, order a quarter of what sold in the last 4 weeks."""
    return np.asarray(sold[:, -4:].sum(axis=1) / 4)


def naive_top_up(_week: int, on_hand: np.ndarray, on_order: np.ndarray, sold: np.ndarray) -> np.ndarray:
    """Every Monday, order up to what sold in the last 4 weeks, minus stock and open orders."""
    return np.asarray(sold[:, -4:].sum(axis=1) - on_hand - on_order)


def top_up_weeks(cover: int) -> Policy:
    """Every Monday, order up to `cover` weeks of last month's average weekly sales."""

    def policy(_week: int, on_hand: np.ndarray, on_order: np.ndarray, sold: np.ndarray) -> np.ndarray:
        return np.asarray(sold[:, -4:].mean(axis=1) * cover - on_hand - on_order)

    return policy


def advice_policy(data: Data, start: dt.date, frames: Callable[[dt.date], Frames]) -> Policy:
    index = {p: i for i, p in enumerate(data.ids)}

    def policy(week: int, on_hand: np.ndarray, on_order: np.ndarray, _sold: np.ndarray) -> np.ndarray:
        today = start + dt.timedelta(weeks=week)
        forecasts, history, accuracy = frames(today)
        stock = pl.DataFrame(
            {
                "product_id": data.ids,
                "as_of": [dt.datetime.combine(today, dt.time(6), tzinfo=dt.UTC)] * len(data.ids),
                "on_hand": on_hand,
                "on_order": on_order,
            }
        )
        advice = advise(
            forecasts, history, accuracy=accuracy, stock=stock, settings=SETTINGS, today=today, currency="GBP"
        )
        order = np.zeros(len(data.ids))
        for pid, qty in advice.select("product_id", pl.col("suggested_order").fill_null(0.0)).iter_rows():
            if pid in index:
                order[index[pid]] = qty
        return order

    return policy


def summary(result: dict[str, Any], demand: np.ndarray, price: np.ndarray) -> dict[str, Any]:
    demanded = demand.sum(axis=1)
    served = result["served"]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_product = np.where(demanded > 0, served / demanded, np.nan)
    return {
        "fill_rate": round(float(served.sum() / demanded.sum()), 4),
        "fill_rate_median_product": round(float(np.nanmedian(per_product)), 4),
        "products_below_90pct_fill": int(np.sum(per_product < 0.9)),
        "average_stock_units": round(float(result["average_stock"].sum()), 1),
        "average_stock_value_gbp_at_selling_price": round(float((result["average_stock"] * price).sum()), 0),
        "stockout_product_days": result["stockout_days"],
    }


def run(data: Data, weeks: int, frames: Callable[[dt.date], Frames]) -> dict[str, Any]:
    start = LAST_DAY + dt.timedelta(days=1) - dt.timedelta(weeks=weeks)
    offset = (start - data.first_day).days
    demand = data.daily[:, offset:]
    weekly_before, _ = weekly_matrix(data, start)
    start_stock = np.ceil(2 * weekly_before[:, -8:].mean(axis=1))
    policies: dict[str, Policy] = {
        "advice": advice_policy(data, start, frames),
        "naive_order_last_month_average": naive_average,
        "naive_top_up_to_last_month": naive_top_up,
    }
    results = {
        name: summary(replay(demand, start_stock, weekly_before[:, -4:], policy), demand, data.price)
        for name, policy in policies.items()
    }
    ours = results["advice"]
    sweep = {
        cover: summary(
            replay(demand, start_stock, weekly_before[:, -4:], top_up_weeks(cover)), demand, data.price
        )
        for cover in range(1, 13)
    }
    # the rule's stock at the advice's fill rate, interpolated between whole weeks of cover
    fills = [r["fill_rate"] for r in sweep.values()]
    values = [r["average_stock_value_gbp_at_selling_price"] for r in sweep.values()]
    matched: dict[str, Any] = {
        "fill_rate": ours["fill_rate"],
        "average_stock_value_gbp_at_selling_price": None,
    }
    if fills[0] <= ours["fill_rate"] <= fills[-1]:
        value = float(np.interp(ours["fill_rate"], fills, values))
        matched["average_stock_value_gbp_at_selling_price"] = round(value, 0)
        matched["weeks_of_cover"] = round(float(np.interp(ours["fill_rate"], fills, list(sweep))), 2)
        ours["stock_value_vs_top_up_at_same_fill_rate"] = round(
            ours["average_stock_value_gbp_at_selling_price"] / value - 1, 4
        )
    # how far the forecast's first week was from the demand that came, over all origins
    chosen = set(data.ids)
    forecast_units = sum(
        frames(start + dt.timedelta(weeks=w))[0]
        .filter(
            pl.col("level") == "product",
            pl.col("key").is_in(chosen),
            pl.col("period_start") == start + dt.timedelta(weeks=w),
        )
        .get_column("forecast")
        .sum()
        for w in range(weeks)
    )
    oracle = advice_policy(data, start, lambda origin: stand_in(data, origin, oracle=True))
    diagnostic = summary(replay(demand, start_stock, weekly_before[:, -4:], oracle), demand, data.price)
    for name in ("naive_order_last_month_average", "naive_top_up_to_last_month"):
        other = results[name]
        ours[f"stock_units_vs_{name}"] = round(
            ours["average_stock_units"] / other["average_stock_units"] - 1, 4
        )
        ours[f"stock_value_vs_{name}"] = round(
            ours["average_stock_value_gbp_at_selling_price"]
            / other["average_stock_value_gbp_at_selling_price"]
            - 1,
            4,
        )
        ours[f"meets_target_vs_{name}"] = bool(
            abs(ours["fill_rate"] - TARGET) <= 0.02 and ours[f"stock_value_vs_{name}"] <= -0.15
        )
    return {
        "held_out_weeks": weeks,
        "from": start.isoformat(),
        "to": LAST_DAY.isoformat(),
        "units_demanded": round(float(demand.sum()), 0),
        "forecast_units_over_demand_next_week": round(float(forecast_units) / float(demand.sum()), 4),
        "policies": results,
        "top_up_rule_by_weeks_of_cover": {
            str(c): {k: r[k] for k in ("fill_rate", "average_stock_value_gbp_at_selling_price")}
            for c, r in sweep.items()
        },
        "top_up_rule_matching_the_advice_fill_rate": matched,
        "diagnostic_advice_with_perfect_forecast": diagnostic,
    }


def main() -> None:
    began = time.perf_counter()
    data = load()
    real = real_forecaster()
    forecaster = real or stand_in
    cache: dict[dt.date, Frames] = {}

    def frames(origin: dt.date) -> Frames:
        if origin not in cache:
            cache[origin] = forecaster(data, origin)
        return cache[origin]

    report = {
        "data": DATA.name,
        "forecaster": "rung.engine.forecast.forecast" if real else "stand-in: mean of the last 8 weeks",
        "products": len(data.ids),
        "target_fill_rate": TARGET,
        "settings": {
            "service_level": SETTINGS.service_level,
            "lead_time_days": LEAD_DAYS,
            "review_period_days": REVIEW_DAYS,
            "forecast_horizon_weeks": HORIZON,
            "lost_sales": True,
            "starting_stock": "2 weeks of the average demand of the 8 weeks before",
        },
        "runs": [run(data, weeks, frames) for weeks in RUNS],
    }
    report["seconds"] = round(time.perf_counter() - began, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
