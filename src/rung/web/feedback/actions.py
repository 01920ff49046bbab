"""Named actions on customer feedback: run the analysis (the job), read the latest, the reply queue.

Each opens the store through the access check first; the engine does the work
(`rung.engine.feedback`), this layer only picks the business's data and keeps the result.
"""

from __future__ import annotations

import secrets
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from rung.engine.feedback import analyse, insights
from rung.engine.feedback.embed import Embedder
from rung.engine.messages import as_dict
from rung.engine.progress import Progress, silent
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business
from rung.web.feedback.models import FeedbackRun
from rung.web.jobs.models import Job

JOB = "feedback"
FRAMES = ("comments", "mentions", "monthly", "quarterly", "trend", "quotes", "queue")
QUEUE_KEPT = 50


def _optional(store: BusinessStore, name: str) -> pl.DataFrame | None:
    return store.read(name) if store.has(name) else None


def queue_frame(queue: list[insights.QueueItem]) -> pl.DataFrame:
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "feedback_id": pl.String,
        "points": pl.Int64,
        "reasons": pl.List(pl.String),
        "timestamp": pl.Datetime("us", "UTC"),  # shown in the business's time zone by the page
        "language": pl.String,
        "sentiment": pl.String,
        "score": pl.Float64,
        "scale": pl.Float64,
        "text": pl.String,
        "aspects": pl.List(pl.String),
        "source": pl.String,
        "customer_id": pl.String,
        "draft": pl.String,
        "draft_writer": pl.String,
    }
    rows = [
        {k: v for k, v in vars(item).items() if k in schema}
        | {"reasons": list(item.reasons), "aspects": list(item.aspects)}
        for item in queue
    ]
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _overall(comments: pl.DataFrame) -> dict[str, Any]:
    """The figures of the whole period: NPS, CSAT, average rating and how many answers each."""
    frame = insights.with_scales(comments)
    ten = frame.filter(pl.col("score_scale_max") == 10)["score"].drop_nulls().to_list()
    five = frame.filter(pl.col("score_scale_max") == 5)["score"].drop_nulls().to_list()
    return {
        "nps": insights.nps(ten),
        "nps_answers": len(ten),
        "csat": insights.csat(five),
        "csat_answers": len(five),
        "average_rating": round(sum(five) / len(five), 2) if five else None,
    }


def run_feedback(
    actor: User,
    business: Business,
    store: BusinessStore,
    progress: Progress = silent,
    embedder: Embedder | None = None,
) -> FeedbackRun:
    """The feedback job: language, sentiment and aspects of every review or survey answer, the
    figures over time, alerts, quotes and the reply queue with drafts, as one run."""
    check(actor, business, Action.EDIT)
    feedback = _optional(store, "feedback")
    if feedback is None or not feedback.height:
        raise ValueError(
            _(
                "There are no reviews or survey answers to analyse yet. Import an export of your "
                "reviews (Google, Tripadvisor, a web shop or a survey tool) first."
            )
        )
    # months and "today" as the business lives them, not in UTC
    feedback = feedback.sort("timestamp", "feedback_id", nulls_last=True).with_columns(
        pl.col("timestamp").dt.convert_time_zone(business.time_zone)
    )
    result = analyse(feedback, products=_optional(store, "products"), embedder=embedder, progress=progress)
    comments = insights.scored(feedback, result)
    queue = insights.with_drafts(
        insights.reply_queue(comments, limit=QUEUE_KEPT), result.mentions, business=business.name
    )
    found = insights.alerts(comments, result.mentions)
    run_key = f"fb-{secrets.token_hex(6)}"
    store.write_result(
        "feedback",
        run_key,
        {
            "comments": comments,
            "mentions": result.mentions,
            "monthly": insights.satisfaction(comments, "month"),
            "quarterly": insights.satisfaction(comments, "quarter"),
            "trend": insights.aspect_trend(comments, result.mentions, "month"),
            "quotes": insights.quotes(comments, result.mentions),
            "queue": queue_frame(queue),
        },
    )
    counts = dict(comments.group_by("sentiment").len().rows())
    return FeedbackRun.objects.create(
        business=business,
        run_key=run_key,
        summary={
            "summary": as_dict(result.summary),
            "notes": [as_dict(n) for n in result.notes],
            "comments": comments.height,
            "sentiments": {s: int(counts.get(s, 0)) for s in ("positive", "neutral", "negative")},
            "languages": dict(comments.group_by("language").len().sort("len", descending=True).rows()),
            "overall": _overall(comments),
            "alerts": [a.as_dict() for a in found],
            "to_reply": len(queue),
            "embedder": result.embedder,
        },
        created_by=actor,
    )


def queue_feedback(actor: User, business: Business) -> Job:
    """Queue the feedback analysis job (refused while one is waiting or running)."""
    from rung.web.jobs.actions import start_job  # jobs.actions -> registry -> this module

    return start_job(actor, business, JOB)


def latest(business: Business) -> FeedbackRun | None:
    return business.feedback_runs.first()


def run_for(business: Business, run_key: str) -> FeedbackRun:
    run = business.feedback_runs.filter(run_key=run_key).first()
    if run is None:
        raise ValueError(_("No such feedback analysis for this business."))
    return run


def frames(actor: User, business: Business, run: FeedbackRun) -> dict[str, pl.DataFrame]:
    """The run's kept frames, read through the access check."""
    store = open_store(actor, business, Action.VIEW)
    kept = {name: store.read_result("feedback", run.run_key, name) for name in FRAMES}
    return {name: frame for name, frame in kept.items() if frame is not None}


def scored_table(actor: User, business: Business, run: FeedbackRun) -> pl.DataFrame:
    """Every comment of the run as one flat table (aspects as text, a draft for negative ones)."""
    kept = frames(actor, business, run)
    return insights.for_csv(kept["comments"], kept["mentions"], business=business.name)
