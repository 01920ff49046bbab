"""The customer feedback page and the scored-comments download: thin views over rung.web.feedback.actions."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rung.engine import charts
from rung.engine.feedback.aspects import ASPECTS, PRODUCT
from rung.web import formatting
from rung.web.businesses.access import Action, get_business_for
from rung.web.businesses.models import Business
from rung.web.feedback import actions
from rung.web.feedback.models import FeedbackRun
from rung.web.run_pages import run_page

ASPECT_NAMES: dict[str, Promise] = {
    "price": gettext_lazy("Price"),
    "quality": gettext_lazy("Product quality"),
    "delivery": gettext_lazy("Delivery"),
    "service": gettext_lazy("Service and staff"),
    "waiting": gettext_lazy("Waiting time"),
    "cleanliness": gettext_lazy("Cleanliness"),
    "stock": gettext_lazy("Stock"),
    "website": gettext_lazy("Website and app"),
    PRODUCT: gettext_lazy("Your products"),
}
REASONS: dict[str, Promise] = {
    "negative": gettext_lazy("negative"),
    "low_rating": gettext_lazy("low rating"),
    "complaint_words": gettext_lazy("asks for a refund or complains"),
    "recent": gettext_lazy("this week"),
    "this_month": gettext_lazy("this month"),
    "old": gettext_lazy("older than three months"),
}
SENTIMENTS: dict[str, Promise] = {
    "positive": gettext_lazy("positive"),
    "neutral": gettext_lazy("neutral"),
    "negative": gettext_lazy("negative"),
}
QUEUE_SHOWN = 15
assert set(ASPECT_NAMES) == {*ASPECTS, PRODUCT}


def aspect_name(aspect: str) -> str:
    return str(ASPECT_NAMES.get(aspect, aspect))


@login_required
def feedback_page(request: HttpRequest, key: str) -> HttpResponse:
    return run_page(
        request,
        key,
        latest=actions.latest,
        job=actions.JOB,
        template="feedback/feedback.html",
        run_context=_run_context,
    )


def _run_context(request: HttpRequest, business: Business, run: FeedbackRun) -> dict[str, object]:
    kept = actions.frames(request.user, business, run)  # type: ignore[arg-type]
    monthly = kept["monthly"]
    satisfaction_spec = charts.satisfaction_over_time(
        monthly,
        title=_("Scores per month"),
        month=_("Month"),
        score=_("NPS and CSAT (%)"),
        nps=_("NPS"),
        csat=_("CSAT (%)"),
        rating=_("Average rating"),
    )
    trend = kept["trend"]
    # translated here, in the request's thread (Polars would run a Python function in its own)
    named = trend.with_columns(
        pl.Series("name", [aspect_name(a) for a in trend.get_column("aspect")], dtype=pl.String)
    )
    trend_spec = charts.aspect_sentiment(
        named,
        title=_("Sentiment per topic, per month"),
        month=_("Month"),
        aspect=_("Topic"),
        sentiment=_("Sentiment (-1 to 1)"),
    )
    has_scores = any(monthly.get_column(c).drop_nulls().len() for c in ("nps", "csat", "average_rating"))
    zone = ZoneInfo(business.time_zone)
    queue = [_queue_row(row, zone) for row in kept["queue"].head(QUEUE_SHOWN).to_dicts()]
    summary = run.summary
    alerts = [
        a | {"name": aspect_name(a["aspect"]), "month": date.fromisoformat(a["month"])}
        for a in summary.get("alerts", [])
    ]
    return {
        "summary": summary,
        "overall": summary.get("overall", {}),
        "alerts": alerts,
        "satisfaction_spec": satisfaction_spec if has_scores else None,
        "trend_spec": trend_spec if trend.height else None,
        "chart_locale": formatting.chart_locale(business.currency),
        "queue": queue,
        "queue_total": kept["queue"].height,
        "topics": _topics(kept["quotes"], kept["mentions"]),
        "quarters": kept["quarterly"].to_dicts(),
    }


def _queue_row(row: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    stamp = row.get("timestamp")
    return row | {
        "day": stamp.astimezone(zone).date() if stamp is not None else None,
        "reason_names": [str(REASONS.get(r, r)) for r in row.get("reasons") or []],
        "aspect_names": [aspect_name(a) for a in row.get("aspects") or []],
        "sentiment_name": str(SENTIMENTS.get(row.get("sentiment") or "", "")),
        "stars": int(row["score"]) if row.get("score") is not None and row.get("scale") == 5 else None,
    }


def _topics(quotes: pl.DataFrame, mentions: pl.DataFrame) -> list[dict[str, Any]]:
    """Per aspect, most mentioned first: counts per verdict and the quotes."""
    per = (
        mentions.unique(["feedback_id", "aspect"])
        .group_by("aspect")
        .agg(
            pl.len().alias("mentions"),
            (pl.col("sentiment") == "positive").sum().alias("positive"),
            (pl.col("sentiment") == "negative").sum().alias("negative"),
        )
    )
    out = []
    for row in per.sort(["mentions", "aspect"], descending=[True, False]).to_dicts():
        said = quotes.filter(pl.col("aspect") == row["aspect"])
        out.append(
            row
            | {
                "name": aspect_name(row["aspect"]),
                "good": said.filter(pl.col("sentiment") == "positive").to_dicts(),
                "bad": said.filter(pl.col("sentiment") == "negative").to_dicts(),
            }
        )
    return out


@login_required
@require_POST
def start(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    try:
        job = actions.queue_feedback(request.user, business)  # type: ignore[arg-type]
    except ValueError as refused:
        messages.error(request, str(refused))
        return redirect("business-feedback", key=business.key)
    return redirect("job-detail", job_id=job.pk)


@login_required
def scored_file(request: HttpRequest, key: str, run_key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    try:
        run = actions.run_for(business, run_key)
    except ValueError as missing:
        raise Http404(str(missing)) from None
    table = actions.scored_table(request.user, business, run)  # type: ignore[arg-type]
    response = HttpResponse(table.write_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{run.created_at:%Y-%m-%d}.csv"'
    return response
