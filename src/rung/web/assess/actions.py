"""Named actions on assessments: start or resume a round, save answers, finish it, compare rounds.

Each checks access first; the engine (`rung.engine.assess.assess`) does the scoring. Finishing
feeds the engine what Rung has measured about the business — the readiness verdicts of the
latest data health check, the tables imported and the weeks the forecast, customer and data
health features were used — so those dimensions are marked "measured" rather than self-reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rung.engine.assess import assess
from rung.engine.assess.data import DIMENSIONS, AnswerKey, questionnaire, read_raw
from rung.engine.assess.score import FeatureUse, validate
from rung.engine.quality.readiness import Readiness
from rung.web.accounts.models import User
from rung.web.assess.labels import SECTORS
from rung.web.assess.models import Assessment
from rung.web.businesses.access import Action, check
from rung.web.businesses.models import Business, ImportBatch

USAGE_WEEKS = 12
MAX_EMPLOYEES = 100_000


def steps() -> list[dict[str, Any]]:
    """The questionnaire as wizard steps: one per dimension, its questions in order."""
    names = {d["id"]: d["name"] for d in read_raw("questions.json")["dimensions"]}
    return [
        {
            "dimension": dim,
            "name": names[dim],
            "questions": [q for q in questionnaire() if q.dimension == dim],
        }
        for dim in DIMENSIONS
    ]


def dimension_names() -> dict[str, str]:
    return {d["id"]: d["name"] for d in read_raw("questions.json")["dimensions"]}


def start_or_resume(actor: User, business: Business) -> Assessment:
    """The round being answered, or a new one (T0 for the first, then T1, ...)."""
    check(actor, business, Action.EDIT)
    with transaction.atomic():
        draft = business.assessments.select_for_update().filter(status=Assessment.Status.DRAFT).first()
        if draft is not None:
            return draft
        done = business.assessments.filter(status=Assessment.Status.DONE).count()
        previous = business.assessments.filter(status=Assessment.Status.DONE).first()
        return Assessment.objects.create(
            business=business,
            round=done,
            created_by=actor,
            facts=dict(previous.facts) if previous else {},
        )


def option_key(value: Any) -> AnswerKey:
    """An option key as the engine knows it: 0-4, or "na" (form fields send text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def clean_answers(answers: Mapping[str, Any]) -> tuple[dict[str, AnswerKey], list[str]]:
    """The answers given (validated) and the questions whose answer is taken back (None or "")."""
    given: dict[str, AnswerKey] = {}
    cleared: list[str] = []
    for qid, value in answers.items():
        if value is None or value == "":
            cleared.append(qid)
        else:
            given[qid] = option_key(value)
    validate(given)
    unknown = [q for q in cleared if q not in {q.id for q in questionnaire()}]
    if unknown:
        raise ValueError(f"unknown question {unknown[0]!r}")
    return given, cleared


def clean_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    sector = facts.get("sector")
    if sector:
        if sector not in SECTORS:
            raise ValueError(_("Unknown sector: %(sector)s") % {"sector": sector})
        cleaned["sector"] = sector
    employees = facts.get("employees")
    if employees is not None and employees != "":
        try:
            count = int(employees)
        except (TypeError, ValueError):
            raise ValueError(_("The number of people must be a whole number.")) from None
        if not 1 <= count <= MAX_EMPLOYEES:
            raise ValueError(_("The number of people must be a whole number."))
        cleaned["employees"] = count
    return cleaned


def save_answers(
    actor: User,
    assessment: Assessment,
    answers: Mapping[str, Any],
    facts: Mapping[str, Any] | None = None,
) -> Assessment:
    """Keep the actor's answers (a partial set is fine: save and resume later)."""
    check(actor, assessment.business, Action.EDIT)
    given, cleared = clean_answers(answers)
    cleaned_facts = clean_facts(facts) if facts is not None else None
    with transaction.atomic():
        fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if fresh.done:
            raise ValueError(_("This round is finished; start a new round to answer again."))
        own = dict(fresh.answers.get(str(actor.pk), {}))
        own.update(given)
        for qid in cleared:
            own.pop(qid, None)
        fresh.answers = {**fresh.answers, str(actor.pk): own}
        if cleaned_facts is not None:
            fresh.facts = {**fresh.facts, **cleaned_facts}
        fresh.save(update_fields=["answers", "facts"])
    return fresh


def own_answers(actor: User, assessment: Assessment) -> dict[str, AnswerKey]:
    return dict(assessment.answers.get(str(actor.pk), {}))


def latest_readiness(business: Business) -> list[Readiness]:
    """The readiness verdicts of the business's latest data health check, if any."""
    latest = business.quality_checks.first()
    if latest is None:
        return []
    return [Readiness.from_dict(r) for r in latest.report.get("readiness", [])]


def feature_use(business: Business, now: dt.datetime | None = None) -> FeatureUse | None:
    """What Rung has seen the business do: tables imported, and in how many of the last 12 weeks
    it made forecasts, customer analyses and data health checks. None when it did nothing yet."""
    now = now or timezone.now()
    since = now - dt.timedelta(weeks=USAGE_WEEKS)
    tables: set[str] = set()
    for rows in business.imports.filter(status=ImportBatch.Status.STORED).values_list("rows", flat=True):
        tables |= {entity for entity, count in (rows or {}).items() if count}
    runs = {
        "forecast": business.forecast_runs.filter(created_at__gte=since),
        "customers": business.customers_runs.filter(created_at__gte=since),
        "quality": business.quality_checks.filter(created_at__gte=since).exclude(trigger="import"),
    }
    weeks = {
        feature: len({tuple(at.isocalendar()[:2]) for at in qs.values_list("created_at", flat=True)})
        for feature, qs in runs.items()
    }
    weeks = {f: w for f, w in weeks.items() if w}
    if not tables and not weeks:
        return None
    return FeatureUse(tables_imported=len(tables), weeks_used=weeks)


def respondents(assessment: Assessment) -> list[tuple[str, dict[str, AnswerKey]]]:
    """(user id, answers) of everyone who answered at least one question, in answering order."""
    return [(uid, answers) for uid, answers in assessment.answers.items() if answers]


def finish(actor: User, assessment: Assessment) -> Assessment:
    """Score the round with everyone's answers and what Rung measured, and keep the result."""
    business = assessment.business
    check(actor, business, Action.EDIT)
    with transaction.atomic():
        fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if fresh.done:
            return fresh
        people = respondents(fresh)
        if not people:
            raise ValueError(_("Nobody has answered yet. Answer at least a few questions first."))
        result = assess(
            [answers for _uid, answers in people],
            business_facts=fresh.facts or None,
            readiness=latest_readiness(business) or None,
            usage=feature_use(business),
        )
        names = dict(User.objects.filter(pk__in=[int(u) for u, _a in people]).values_list("pk", "username"))
        fresh.result = result.as_dict() | {"respondent_names": [names.get(int(u), "?") for u, _a in people]}
        fresh.status = Assessment.Status.DONE
        fresh.finished_at = timezone.now()
        fresh.save(update_fields=["result", "status", "finished_at"])
    return fresh


def rounds(business: Business) -> list[Assessment]:
    return list(business.assessments.all())


def assessment_for(business: Business, assessment_id: int | str) -> Assessment:
    """One of this business's rounds; another business's id is simply not found."""
    try:
        pk = int(assessment_id)
    except (TypeError, ValueError):
        raise ValueError(_("No such assessment for this business.")) from None
    found = business.assessments.filter(pk=pk).first()
    if found is None:
        raise ValueError(_("No such assessment for this business."))
    return found


def previous(assessment: Assessment) -> Assessment | None:
    """The finished round before this one, to show the movement since (T0 -> T1)."""
    return (
        assessment.business.assessments.filter(status=Assessment.Status.DONE, round__lt=assessment.round)
        .order_by("-round", "-id")
        .first()
    )


def compare(earlier: Assessment, later: Assessment) -> dict[str, Any]:
    """The movement per dimension between two finished rounds: score and level before and after."""
    before, after = earlier.result, later.result
    dims = []
    for dim in DIMENSIONS:
        b = before.get("dimensions", {}).get(dim, {})
        a = after.get("dimensions", {}).get(dim, {})
        change = (
            a["score"] - b["score"] if a.get("score") is not None and b.get("score") is not None else None
        )
        dims.append(
            {
                "dimension": dim,
                "before": b.get("score"),
                "after": a.get("score"),
                "change": change,
                "level_before": b.get("level"),
                "level_after": a.get("level"),
            }
        )
    return {
        "from": earlier.label,
        "to": later.label,
        "rung_before": before.get("rung"),
        "rung_after": after.get("rung"),
        "dimensions": dims,
    }


def progress(actor: User, assessment: Assessment) -> tuple[int, int]:
    """How many of the questionnaire's questions the actor has answered, of how many."""
    own = own_answers(actor, assessment)
    asked = questionnaire()
    return sum(q.id in own for q in asked), len(asked)
