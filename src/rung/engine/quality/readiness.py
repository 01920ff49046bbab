"""What the data is good enough for: a verdict per AI use case, with the reason in numbers and
the cheapest action that moves it up.

The thresholds are rules of thumb from the methods each capability uses, written here so
they can be argued with: seasonal forecasting needs a year of history per product; RFM and
BG/NBD need sales linked to customers and repeat buyers; a reply suggester needs the
business's own texts. They are documented in docs/quality.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import polars as pl

from rung.engine.messages import Note, from_dict
from rung.engine.progress import gettext_noop
from rung.engine.quality.tables import Tables, sold_lines, table

TOP_PRODUCTS = 100
YEAR_WEEKS = 52
MIN_FORECAST_DAYS = 91


class Verdict(StrEnum):
    READY = "ready"
    CAVEATS = "caveats"
    NOT_YET = "not_yet"


@dataclass(frozen=True)
class Readiness:
    use_case: str
    verdict: Verdict
    reason: Note
    action: Note | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "use_case": self.use_case,
            "verdict": self.verdict.value,
            "reason": self.reason.as_dict(),
            "reason_text": str(self.reason),
            "action": self.action.as_dict() if self.action else None,
            "action_text": str(self.action) if self.action else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Readiness:
        return cls(
            data["use_case"],
            Verdict(data["verdict"]),
            from_dict(data["reason"]),
            from_dict(data["action"]) if data.get("action") else None,
        )


USE_CASES = ("forecasting", "inventory", "customers", "feedback", "inquiries", "quotations", "planning")

_NO_SALES = Note(gettext_noop("No sales are imported yet."))
_IMPORT_SALES = Note(gettext_noop("Import your sales export from the till, webshop or accounts."))


_NO_STOCK = gettext_noop(
    "Reorder points can be computed, but without stock counts Rung cannot say what to order now."
)


def assess(tables: Tables, today: dt.date) -> list[Readiness]:
    lines = table(tables, "sale_lines")
    sold = sold_lines(lines) if lines is not None else None
    forecast = forecasting(sold)
    return [
        forecast,
        inventory(tables, sold, forecast, today),
        customers(sold),
        feedback(tables),
        inquiries(tables),
        quotations(tables),
        planning(tables, lines),
    ]


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def _span_days(frame: pl.DataFrame, column: str) -> int:
    """Whole days from the first to the last moment in column."""
    return int(frame.select((pl.col(column).max() - pl.col(column).min()).dt.total_days()).item() or 0)


def top_products(sold: pl.DataFrame, n: int = TOP_PRODUCTS) -> pl.DataFrame:
    """The n best-selling products by units, with the weeks between their first and last sale."""
    return (
        sold.group_by("product_id")
        .agg(
            units=pl.col("quantity").sum(),
            first=pl.col("timestamp").min(),
            last=pl.col("timestamp").max(),
        )
        .sort(["units", "product_id"], descending=[True, False])
        .head(n)
        .with_columns(weeks=(pl.col("last") - pl.col("first")).dt.total_days() // 7)
    )


def forecasting(sold: pl.DataFrame | None) -> Readiness:
    if sold is None or not sold.height:
        return Readiness("forecasting", Verdict.NOT_YET, _NO_SALES, _IMPORT_SALES)
    top = top_products(sold)
    year = top.filter(pl.col("weeks") >= YEAR_WEEKS).height
    share = _percent(year, top.height)
    days = _span_days(sold, "timestamp") + 1
    reason = Note(
        gettext_noop(
            "Forecasting needs about a year of weekly sales per product; "
            "%(percent)s%% of your top %(top)s products have it."
        ),
        percent=share,
        top=top.height,
    )
    older = Note(gettext_noop("Import older sales exports so that your best sellers have a full year."))
    if share >= 60:
        return Readiness("forecasting", Verdict.READY, reason, None)
    if days >= MIN_FORECAST_DAYS:
        return Readiness("forecasting", Verdict.CAVEATS, reason, older)
    short = Note(
        gettext_noop("You have %(days)s days of sales; forecasts need at least 13 weeks."), days=days
    )
    return Readiness("forecasting", Verdict.NOT_YET, short, older)


def inventory(tables: Tables, sold: pl.DataFrame | None, forecast: Readiness, today: dt.date) -> Readiness:
    if forecast.verdict is Verdict.NOT_YET:
        return Readiness(
            "inventory",
            Verdict.NOT_YET,
            Note(gettext_noop("Reorder advice builds on the sales forecast, which is not possible yet.")),
            forecast.action,
        )
    assert sold is not None
    stock = table(tables, "inventory_snapshots")
    if stock is None:
        return Readiness(
            "inventory",
            Verdict.CAVEATS,
            Note(_NO_STOCK),
            Note(gettext_noop("Export the stock on hand from your till or stock list and import it.")),
        )
    top = top_products(sold).get_column("product_id")
    counted = stock.filter(pl.col("product_id").is_in(top.implode())).get_column("product_id").n_unique()
    latest = stock.get_column("as_of").max()
    age = (today - latest.date()).days if isinstance(latest, dt.datetime) else 10_000
    reason = Note(
        gettext_noop(
            "Stock counts cover %(percent)s%% of your top products; the latest count is %(days)s days old."
        ),
        percent=_percent(counted, len(top)),
        days=age,
    )
    if counted < 0.5 * len(top) or age > 31:
        action = Note(gettext_noop("Import a recent stock list that includes your best sellers."))
        return Readiness("inventory", Verdict.CAVEATS, reason, action)
    suppliers = table(tables, "suppliers")
    if suppliers is None or suppliers.get_column("lead_time_days").null_count() == suppliers.height:
        action = Note(gettext_noop("Add your suppliers' delivery times so reorder points fit them."))
        return Readiness("inventory", Verdict.CAVEATS, reason, action)
    return Readiness("inventory", Verdict.READY, reason, None)


def customers(sold: pl.DataFrame | None) -> Readiness:
    if sold is None or not sold.height:
        return Readiness("customers", Verdict.NOT_YET, _NO_SALES, _IMPORT_SALES)
    named = sold.filter(pl.col("customer_id").is_not_null())
    orders = named.group_by("customer_id").agg(orders=pl.col("order_id").n_unique())
    repeat = orders.filter(pl.col("orders") > 1).height
    share = _percent(named.height, sold.height)
    reason = Note(
        gettext_noop(
            "Segments and lifetime value need sales linked to customers: %(percent)s%% of your sale lines "
            "name the customer, and %(repeat)s of %(customers)s customers bought more than once."
        ),
        percent=share,
        repeat=repeat,
        customers=orders.height,
    )
    if share >= 50 and repeat >= 50:
        return Readiness("customers", Verdict.READY, reason, None)
    action = Note(
        gettext_noop("Record the customer on more sales: a loyalty card, an account or an e-mail receipt.")
    )
    if orders.height >= 20 and repeat >= 10:
        return Readiness("customers", Verdict.CAVEATS, reason, action)
    return Readiness("customers", Verdict.NOT_YET, reason, action)


def feedback(tables: Tables) -> Readiness:
    rows = table(tables, "feedback")
    texts = rows.filter(pl.col("text").is_not_null()).height if rows is not None else 0
    reason = Note(
        gettext_noop("%(count)s reviews or survey answers with a comment are imported."), count=texts
    )
    action = Note(gettext_noop("Export your reviews (Google, Tripadvisor, a survey tool) and import them."))
    if texts >= 50:
        return Readiness("feedback", Verdict.READY, reason, None)
    return Readiness("feedback", Verdict.CAVEATS if texts >= 10 else Verdict.NOT_YET, reason, action)


def inquiries(tables: Tables) -> Readiness:
    docs = table(tables, "documents")
    count = docs.height if docs is not None else 0
    reason = Note(
        gettext_noop("Answers come from your own texts: %(count)s documents or FAQ entries are imported."),
        count=count,
    )
    action = Note(gettext_noop("Import your FAQ, price list, opening hours and policies."))
    if count >= 10:
        return Readiness("inquiries", Verdict.READY, reason, None)
    return Readiness("inquiries", Verdict.CAVEATS if count else Verdict.NOT_YET, reason, action)


def quotations(tables: Tables) -> Readiness:
    quotes = table(tables, "quotes")
    decided = (
        quotes.filter(pl.col("status").str.to_lowercase().is_in(["accepted", "rejected"])).height
        if quotes is not None
        else 0
    )
    products = table(tables, "products")
    priced = products.filter(pl.col("list_price").is_not_null()).height if products is not None else 0
    reason = Note(
        gettext_noop(
            "%(decided)s past quotes with a known outcome and %(priced)s priced products are imported."
        ),
        decided=decided,
        priced=priced,
    )
    if decided >= 30:
        return Readiness("quotations", Verdict.READY, reason, None)
    if priced or decided:
        action = Note(gettext_noop("Import your past quotes with whether they were accepted."))
        return Readiness("quotations", Verdict.CAVEATS, reason, action)
    return Readiness(
        "quotations",
        Verdict.NOT_YET,
        reason,
        Note(gettext_noop("Import your price list or product list with prices.")),
    )


def planning(tables: Tables, lines: pl.DataFrame | None) -> Readiness:
    shifts = table(tables, "shifts")
    staff = table(tables, "staff_members")
    weeks = 0
    if shifts is not None:
        weeks = _span_days(shifts, "starts_at") // 7 + 1
    timed = lines is not None and lines.filter(pl.col("timestamp").dt.time() != dt.time(0)).height > 0
    reason = Note(
        gettext_noop("%(weeks)s weeks of shifts and %(staff)s staff members are imported."),
        weeks=weeks,
        staff=staff.height if staff is not None else 0,
    )
    if weeks >= 8 and staff is not None and timed:
        return Readiness("planning", Verdict.READY, reason, None)
    action = Note(gettext_noop("Import your staff list and the rosters of the last two months."))
    if timed and not weeks:
        busy = Note(
            gettext_noop("Your sales show the busy hours, but no staff list or rosters are imported yet.")
        )
        return Readiness("planning", Verdict.CAVEATS, busy, action)
    if timed or weeks:
        return Readiness("planning", Verdict.CAVEATS, reason, action)
    return Readiness("planning", Verdict.NOT_YET, reason, action)
