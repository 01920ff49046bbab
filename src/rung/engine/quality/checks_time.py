"""Timeliness (is the history up to date and without holes) and coverage (is there enough of it).

These are not counts of bad rows, so they are expressed as a share of what a capability
needs: a year of history (365 days), sales not older than a month, every week present.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from rung.engine.messages import Note
from rung.engine.progress import gettext_noop
from rung.engine.quality.findings import Dimension, Finding, examples

YEAR = 365
STALE_AFTER_DAYS = 31
MIN_WEEKS_FOR_GAPS = 8


def timeliness(lines: pl.DataFrame, today: dt.date) -> list[Finding]:
    found = []
    last = lines.get_column("timestamp").max()
    if isinstance(last, dt.datetime):
        days = (today - last.date()).days
        if days > STALE_AFTER_DAYS:
            found.append(
                Finding(
                    code="stale",
                    dimension=Dimension.TIMELINESS,
                    entity="sale_lines",
                    field="timestamp",
                    affected=min(days, YEAR),
                    total=YEAR,
                    message=Note(
                        gettext_noop("Your latest sale is from %(date)s, %(days)s days ago."),
                        date=last.date().isoformat(),
                        days=days,
                    ),
                    action=Note(
                        gettext_noop("Import your sales since then; a monthly import keeps advice current.")
                    ),
                )
            )
    found.extend(_gaps(lines))
    return found


def _gaps(lines: pl.DataFrame) -> list[Finding]:
    weeks = lines.select(week=pl.col("timestamp").dt.truncate("1w").dt.date()).unique().sort("week")
    if weeks.height < 2:
        return []
    first, last = weeks.get_column("week")[0], weeks.get_column("week")[-1]
    span = (last - first).days // 7 + 1
    if span < MIN_WEEKS_FOR_GAPS:
        return []
    every = pl.DataFrame({"week": pl.date_range(first, last, "1w", eager=True)})
    empty = every.join(weeks, on="week", how="anti")
    if not empty.height:
        return []
    return [
        Finding(
            code="history_gaps",
            dimension=Dimension.TIMELINESS,
            entity="sale_lines",
            field="timestamp",
            affected=empty.height,
            total=span,
            weight=0.8,
            message=Note(
                gettext_noop("%(count)s of %(total)s weeks in your history have no sales at all."),
                count=empty.height,
                total=span,
            ),
            action=Note(gettext_noop("If you were open in those weeks, import the missing exports.")),
            examples=examples(empty, ["week"]),
        )
    ]


def coverage(lines: pl.DataFrame) -> list[Finding]:
    found = []
    first, last = lines.get_column("timestamp").min(), lines.get_column("timestamp").max()
    if isinstance(first, dt.datetime) and isinstance(last, dt.datetime):
        days = (last - first).days + 1
        if days < YEAR:
            found.append(
                Finding(
                    code="short_history",
                    dimension=Dimension.COVERAGE,
                    entity="sale_lines",
                    field="timestamp",
                    affected=YEAR - days,
                    total=YEAR,
                    message=Note(
                        gettext_noop(
                            "Your sales history covers %(days)s days; a full year shows the seasons."
                        ),
                        days=days,
                    ),
                    action=Note(gettext_noop("Import older exports too, back to at least a year ago.")),
                )
            )
    anonymous = lines.filter(pl.col("customer_id").is_null())
    if anonymous.height:
        found.append(
            Finding(
                code="anonymous_sales",
                dimension=Dimension.COVERAGE,
                entity="sale_lines",
                field="customer_id",
                affected=anonymous.height,
                total=lines.height,
                weight=0.6,
                message=Note(
                    gettext_noop("%(count)s of %(total)s sale lines do not say who bought."),
                    count=anonymous.height,
                    total=lines.height,
                ),
                action=Note(gettext_noop("A loyalty card or an e-mail receipt links sales to customers.")),
                examples=examples(anonymous, ["order_id", "timestamp", "product_id"]),
            )
        )
    return found
