"""The data-health endpoints of the API: the latest report and its history, checks, fixes, merges."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from rung.web.businesses.access import Action, get_business_for
from rung.web.quality import actions

router = Router(tags=["quality"])


class ScorePoint(Schema):
    checked_at: datetime
    score: int | None
    trigger: str


class QualityOut(Schema):
    score: int | None
    dimensions: dict[str, int]
    checked_at: datetime | None
    findings: list[dict[str, Any]]
    readiness: list[dict[str, Any]]
    merges: list[dict[str, Any]]
    history: list[ScorePoint]


class FixIn(Schema):
    kind: Literal["trim", "case", "names"]
    entity: str
    field: str


class FixOut(Schema):
    id: str
    kind: str
    entity: str
    field: str
    mapping: dict[str, str]
    created_by: str
    created_at: str
    undone_by: str | None
    undone_at: str | None


class MergeIn(Schema):
    suggestion: str
    answer: Literal["accept", "reject"]
    keep: str | None = None


class QueuedOut(Schema):
    job: str | None


@router.get("/businesses/{key}/quality", response=QualityOut)
def get_quality(request: HttpRequest, key: str) -> QualityOut:
    """The latest data health report (score, findings worst first, readiness, duplicates) and the
    score after each earlier check."""
    business = get_business_for(request.user, key, Action.VIEW)
    latest = actions.latest(business)
    report: dict[str, Any] = latest.report if latest else {}
    history = [
        ScorePoint(checked_at=c.created_at, score=c.score, trigger=c.trigger)
        for c in business.quality_checks.only("created_at", "score", "trigger")[:100]
    ]
    return QualityOut(
        score=latest.score if latest else None,
        dimensions=latest.dimensions if latest else {},
        checked_at=latest.created_at if latest else None,
        findings=report.get("findings", []),
        readiness=report.get("readiness", []),
        merges=report.get("merges", []),
        history=history,
    )


@router.post("/businesses/{key}/quality/check", response={202: QueuedOut})
def queue_check(request: HttpRequest, key: str) -> Status[QueuedOut]:
    """Check the data again in the background; job is null when a check is already waiting."""
    business = get_business_for(request.user, key, Action.EDIT)
    job = actions.queue_check(request.user, business, "recheck")  # type: ignore[arg-type]
    return Status(202, QueuedOut(job=str(job.pk) if job else None))


@router.get("/businesses/{key}/quality/fixes", response=list[FixOut])
def list_fixes(request: HttpRequest, key: str) -> list[FixOut]:
    business = get_business_for(request.user, key, Action.VIEW)
    return [FixOut(**f.as_dict()) for f in actions.fix_list(request.user, business)]  # type: ignore[arg-type]


@router.post("/businesses/{key}/quality/fixes", response={201: FixOut})
def make_fix(request: HttpRequest, key: str, payload: FixIn) -> Status[FixOut]:
    """Make a fix the latest report offers (its finding's `fix`); undo it with .../undo."""
    business = get_business_for(request.user, key, Action.EDIT)
    fix = actions.make_fix(request.user, business, **payload.dict())  # type: ignore[arg-type]
    return Status(201, FixOut(**fix.as_dict()))


@router.post("/businesses/{key}/quality/fixes/{fix_id}/undo", response=list[FixOut])
def undo_fix(request: HttpRequest, key: str, fix_id: str) -> list[FixOut]:
    business = get_business_for(request.user, key, Action.EDIT)
    actions.undo_fix(request.user, business, fix_id)  # type: ignore[arg-type]
    return [FixOut(**f.as_dict()) for f in actions.fix_list(request.user, business)]  # type: ignore[arg-type]


@router.post("/businesses/{key}/quality/merges", response=list[FixOut])
def answer_merge(request: HttpRequest, key: str, payload: MergeIn) -> list[FixOut]:
    """Accept (merge, keeping `keep` or the suggested id) or reject a duplicate suggestion."""
    business = get_business_for(request.user, key, Action.EDIT)
    if payload.answer == "accept":
        actions.accept_merge(request.user, business, payload.suggestion, payload.keep)  # type: ignore[arg-type]
    else:
        actions.reject_merge(request.user, business, payload.suggestion)  # type: ignore[arg-type]
    return [FixOut(**f.as_dict()) for f in actions.fix_list(request.user, business)]  # type: ignore[arg-type]
