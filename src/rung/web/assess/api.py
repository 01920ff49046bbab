"""The assessment endpoints of the API: the questionnaire, answers, finishing a round, results.

Texts in the questionnaire come in the request's language (Accept-Language or the session's);
results keep the engine's English texts and their message ids, as the other endpoints do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from rung.web.assess import actions
from rung.web.assess.models import Assessment
from rung.web.businesses.access import Action, get_business_for

router = Router(tags=["assessment"])


class OptionOut(Schema):
    key: int | str
    text: str


class QuestionOut(Schema):
    id: str
    axis: str
    text: str
    help: str | None
    options: list[OptionOut]


class DimensionOut(Schema):
    dimension: str
    name: str
    questions: list[QuestionOut]


class AnswersIn(Schema):
    answers: dict[str, int | str | None]
    facts: dict[str, Any] | None = None


class AssessmentOut(Schema):
    id: int
    round: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    respondents: int
    my_answers: dict[str, int | str]
    facts: dict[str, Any]
    rung: int | None
    rung_name: str | None
    result: dict[str, Any] | None
    movement: dict[str, Any] | None


def _round(business: Any, assessment_id: int) -> Assessment:
    try:
        return actions.assessment_for(business, assessment_id)
    except ValueError:
        raise Http404("No such assessment.") from None


def _out(request: HttpRequest, assessment: Assessment, *, full: bool = True) -> AssessmentOut:
    result = assessment.result if assessment.done else None
    earlier = actions.previous(assessment) if assessment.done and full else None
    return AssessmentOut(
        id=assessment.pk,
        round=assessment.label,
        status=assessment.status,
        created_at=assessment.created_at,
        finished_at=assessment.finished_at,
        respondents=len(actions.respondents(assessment)),
        my_answers=actions.own_answers(request.user, assessment),  # type: ignore[arg-type]
        facts=assessment.facts,
        rung=result["rung"] if result else None,
        rung_name=result["rung_name"] if result else None,
        result=result if full else None,
        movement=actions.compare(earlier, assessment) if earlier else None,
    )


@router.get("/businesses/{key}/assessments/questionnaire", response=list[DimensionOut])
def questionnaire(request: HttpRequest, key: str) -> list[DimensionOut]:
    """The questions, one group per dimension, with their options (keys 0-4, or "na")."""
    get_business_for(request.user, key, Action.VIEW)
    return [
        DimensionOut(
            dimension=step["dimension"],
            name=_(step["name"]),
            questions=[
                QuestionOut(
                    id=q.id,
                    axis=q.axis,
                    text=_(q.text),
                    help=_(q.help) if q.help else None,
                    options=[OptionOut(key=o.key, text=_(o.text)) for o in q.options],
                )
                for q in step["questions"]
            ],
        )
        for step in actions.steps()
    ]


@router.get("/businesses/{key}/assessments", response=list[AssessmentOut])
def list_rounds(request: HttpRequest, key: str) -> list[AssessmentOut]:
    """Every round of the business, newest first, with its rung once finished."""
    business = get_business_for(request.user, key, Action.VIEW)
    return [_out(request, a, full=False) for a in actions.rounds(business)]


@router.post("/businesses/{key}/assessments/answers", response=AssessmentOut)
def save_answers(request: HttpRequest, key: str, payload: AnswersIn) -> AssessmentOut:
    """Save your answers (some or all) to the round being answered; starts a new round when none is.
    An answer of null takes it back."""
    business = get_business_for(request.user, key, Action.EDIT)
    assessment = actions.start_or_resume(request.user, business)  # type: ignore[arg-type]
    saved = actions.save_answers(request.user, assessment, payload.answers, payload.facts)  # type: ignore[arg-type]
    return _out(request, saved)


@router.post("/businesses/{key}/assessments/{assessment_id}/finish", response=AssessmentOut)
def finish(request: HttpRequest, key: str, assessment_id: int) -> AssessmentOut:
    """Score the round with everyone's answers and what Rung measured about the business."""
    business = get_business_for(request.user, key, Action.EDIT)
    assessment = _round(business, assessment_id)
    return _out(request, actions.finish(request.user, assessment))  # type: ignore[arg-type]


@router.get("/businesses/{key}/assessments/{assessment_id}", response=AssessmentOut)
def get_round(request: HttpRequest, key: str, assessment_id: int) -> AssessmentOut:
    """One round: its status and, once finished, the result and the movement since the round before."""
    business = get_business_for(request.user, key, Action.VIEW)
    return _out(request, _round(business, assessment_id))
