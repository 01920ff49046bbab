"""The customer insight endpoints of the API: queue an analysis, read the latest one, list customers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
from django.http import HttpRequest
from ninja import Router, Schema, Status

from rung.engine.customers import SEGMENTS
from rung.web.businesses.access import Action, get_business_for
from rung.web.customers import actions

router = Router(tags=["customers"])
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class QueuedOut(Schema):
    job: str


class CustomersOut(Schema):
    run: str
    created_at: datetime
    currency: str | None
    summary: dict[str, Any]
    segments: list[dict[str, Any]]
    at_risk: list[dict[str, Any]]


class CustomerPageOut(Schema):
    run: str
    segment: str | None
    total: int
    offset: int
    limit: int
    customers: list[dict[str, Any]]


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    readable = frame.with_columns(
        pl.col(pl.Date).dt.to_string("%Y-%m-%d"), pl.col(pl.Decimal).cast(pl.String)
    )
    return readable.to_dicts()


def _latest(request: HttpRequest, key: str) -> tuple[Any, Any]:
    business = get_business_for(request.user, key, Action.VIEW)
    run = actions.latest(business)
    if run is None:
        raise ValueError("No customer analysis yet for this business; POST to /customers to make one.")
    return business, run


@router.post("/businesses/{key}/customers", response={202: QueuedOut})
def queue(request: HttpRequest, key: str) -> Status[QueuedOut]:
    """Analyse the business's customers in the background; follow /api/jobs/{job}."""
    business = get_business_for(request.user, key, Action.EDIT)
    job = actions.queue_customers(request.user, business)  # type: ignore[arg-type]
    return Status(202, QueuedOut(job=str(job.pk)))


@router.get("/businesses/{key}/customers", response=CustomersOut)
def latest(request: HttpRequest, key: str) -> CustomersOut:
    """The latest analysis: summary and notes, the segments with their suggested action, and the
    valuable customers who have gone quiet (highest 12-month value first)."""
    business, run = _latest(request, key)
    kept = actions.frames(request.user, business, run)  # type: ignore[arg-type]
    return CustomersOut(
        run=run.run_key,
        created_at=run.created_at,
        currency=run.summary.get("currency"),
        summary=run.summary,
        segments=_rows(kept["segments"]),
        at_risk=_rows(kept["at_risk"]),
    )


@router.get("/businesses/{key}/customers/list", response=CustomerPageOut)
def customer_list(
    request: HttpRequest, key: str, segment: str | None = None, offset: int = 0, limit: int = PAGE_SIZE
) -> CustomerPageOut:
    """One row per customer of the latest analysis (segment, RFM, churn probability, expected
    purchases, value), optionally of one segment; page with offset and limit (at most 1000)."""
    business, run = _latest(request, key)
    if segment is not None and segment not in SEGMENTS:
        raise ValueError(f"segment must be one of {', '.join(SEGMENTS)}")
    if offset < 0 or not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"offset must be 0 or more and limit 1 to {MAX_PAGE_SIZE}")
    rows = actions.frames(request.user, business, run)["customers"]  # type: ignore[arg-type]
    if segment is not None:
        rows = rows.filter(pl.col("segment") == segment)
    rows = rows.sort(["clv_12m", "monetary", "customer_id"], descending=[True, True, False], nulls_last=True)
    return CustomerPageOut(
        run=run.run_key,
        segment=segment,
        total=rows.height,
        offset=offset,
        limit=limit,
        customers=_rows(rows.slice(offset, limit)),
    )
