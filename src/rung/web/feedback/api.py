"""The feedback endpoints of the API: queue an analysis, read the latest one, the reply queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
from django.http import HttpRequest
from ninja import Router, Schema, Status

from rung.web.businesses.access import Action, get_business_for
from rung.web.feedback import actions

router = Router(tags=["feedback"])
MAX_QUEUE = actions.QUEUE_KEPT


class QueuedOut(Schema):
    job: str


class FeedbackOut(Schema):
    run: str
    created_at: datetime
    summary: dict[str, Any]
    monthly: list[dict[str, Any]]
    quarterly: list[dict[str, Any]]
    trend: list[dict[str, Any]]
    quotes: list[dict[str, Any]]


class ReplyQueueOut(Schema):
    run: str
    total: int
    queue: list[dict[str, Any]]


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    readable = frame.with_columns(
        pl.col(pl.Date).dt.to_string("%Y-%m-%d"),
        pl.col(pl.Datetime).dt.to_string("%Y-%m-%dT%H:%M:%S%z"),
    )
    return readable.to_dicts()


def _latest(request: HttpRequest, key: str) -> tuple[Any, Any]:
    business = get_business_for(request.user, key, Action.VIEW)
    run = actions.latest(business)
    if run is None:
        raise ValueError("No feedback analysis yet for this business; POST to /feedback to make one.")
    return business, run


@router.post("/businesses/{key}/feedback", response={202: QueuedOut})
def queue(request: HttpRequest, key: str) -> Status[QueuedOut]:
    """Analyse the business's reviews and survey answers in the background; follow /api/jobs/{job}."""
    business = get_business_for(request.user, key, Action.EDIT)
    job = actions.queue_feedback(request.user, business)  # type: ignore[arg-type]
    return Status(202, QueuedOut(job=str(job.pk)))


@router.get("/businesses/{key}/feedback", response=FeedbackOut)
def latest(request: HttpRequest, key: str) -> FeedbackOut:
    """The latest analysis: summary, overall NPS/CSAT/rating and alerts, the figures per month and
    quarter, sentiment per aspect per month and representative quotes per aspect."""
    business, run = _latest(request, key)
    kept = actions.frames(request.user, business, run)  # type: ignore[arg-type]
    return FeedbackOut(
        run=run.run_key,
        created_at=run.created_at,
        summary=run.summary,
        monthly=_rows(kept["monthly"]),
        quarterly=_rows(kept["quarterly"]),
        trend=_rows(kept["trend"]),
        quotes=_rows(kept["quotes"]),
    )


@router.get("/businesses/{key}/feedback/queue", response=ReplyQueueOut)
def reply_queue(request: HttpRequest, key: str, limit: int = 20) -> ReplyQueueOut:
    """The comments that most need a reply, most urgent first, each with its reasons and a draft
    reply in the comment's language (at most 50)."""
    business, run = _latest(request, key)
    if not 1 <= limit <= MAX_QUEUE:
        raise ValueError(f"limit must be 1 to {MAX_QUEUE}")
    kept = actions.frames(request.user, business, run)["queue"]  # type: ignore[arg-type]
    return ReplyQueueOut(run=run.run_key, total=kept.height, queue=_rows(kept.head(limit)))
