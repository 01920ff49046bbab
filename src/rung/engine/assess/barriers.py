"""The barriers in the way, recognised from the answers, and the help that removes each.

The barriers are the ones the studies of SME AI adoption keep finding (Dialogic for the Dutch
ministry; OECD for the G7): not knowing what AI can do, doubt that it pays, no vision, too few
skills, too little or poor data, cost, fear of job loss and worry about privacy. Naming the
barrier matters more than the score: the help that removes "no data" (data work) is useless
against "afraid for jobs" (involving staff, training). Each rule below is a plain threshold on
one or two answers so an advisor can see why a barrier was raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rung.engine.assess.data import AnswerKey, questions_by_id
from rung.engine.progress import gettext_noop as _


class Help(StrEnum):
    TRAINING = "training"
    EXPERT_ADVICE = "expert_advice"
    FINANCING = "voucher_or_financing"
    DATA_WORK = "data_work"
    PILOT = "first_pilot"


@dataclass(frozen=True)
class BarrierRule:
    id: str
    name: str
    explanation: str
    help: tuple[Help, ...]
    rung_offers: str
    test: Callable[[Callable[[str], int | None]], bool]


@dataclass(frozen=True)
class Barrier:
    id: str
    name: str
    explanation: str
    help: tuple[Help, ...]
    rung_offers: str
    evidence: tuple[str, ...]  # the question ids whose answers raised it

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "explanation": self.explanation,
            "help": [h.value for h in self.help],
            "rung_offers": self.rung_offers,
            "evidence": list(self.evidence),
        }


def _low(qid: str, at_most: int) -> Callable[[Callable[[str], int | None]], bool]:
    def test(get: Callable[[str], int | None]) -> bool:
        value = get(qid)
        return value is not None and value <= at_most

    test.__name__ = f"{qid}<={at_most}"
    return test


def _any(
    *tests: Callable[[Callable[[str], int | None]], bool],
) -> Callable[[Callable[[str], int | None]], bool]:
    return lambda get: any(t(get) for t in tests)


RULES: tuple[BarrierRule, ...] = (
    BarrierRule(
        "not_knowing",
        _("Not knowing what AI can do here"),
        _("You are not sure which jobs in your business AI could help with."),
        (Help.TRAINING, Help.EXPERT_ADVICE),
        _("The use-case list for your sector and the ranked plan in this assessment."),
        _any(_low("s_ideas", 1), _low("p_understand", 1)),
    ),
    BarrierRule(
        "uncertain_value",
        _("Unsure it pays off"),
        _("You doubt that AI would bring enough to be worth the time and money."),
        (Help.PILOT, Help.EXPERT_ADVICE),
        _("Value estimates from your own numbers, and forecasts tested against simple rules of thumb."),
        _low("s_value", 1),
    ),
    BarrierRule(
        "no_vision",
        _("No clear goal yet"),
        _("There is no named problem or plan that AI should help with."),
        (Help.EXPERT_ADVICE,),
        _("The 90-day plan, starting from the job worth most to you."),
        _any(_low("s_goals", 1), _low("s_plan", 0)),
    ),
    BarrierRule(
        "skills",
        _("Too few skills or too little time"),
        _("People lack the training or the hours to try a new tool."),
        (Help.TRAINING, Help.PILOT),
        _("Plain-language results that need no data expert; one small pilot at a time."),
        _any(_low("p_staff_skills", 1), _low("p_training", 0), _low("p_time", 1)),
    ),
    BarrierRule(
        "data",
        _("Too little usable data"),
        _("Key records are on paper, short or not linked to customers, so AI has little to learn from."),
        (Help.DATA_WORK,),
        _("Import of till, webshop and accounting exports, and the data quality report with the next fix."),
        _any(_low("d_records", 1), _low("d_history", 1), _low("d_trust", 1)),
    ),
    BarrierRule(
        "cost",
        _("Cost"),
        _("There is no budget, or only for free tools."),
        (Help.FINANCING,),
        _("Classical models that run free on your own laptop; a voucher scheme can pay for advice."),
        _low("s_budget", 1),
    ),
    BarrierRule(
        "job_fear",
        _("Fear for jobs"),
        _("People in the business worry that AI will cost jobs."),
        (Help.TRAINING, Help.EXPERT_ADVICE),
        _("Uses that take over chores and leave decisions with people, who check every result."),
        _low("p_attitude", 0),
    ),
    BarrierRule(
        "privacy",
        _("Worry about privacy and data leaving the business"),
        _("You worry about customer data leaving the business, or do not know what personal data you keep."),
        (Help.EXPERT_ADVICE, Help.DATA_WORK),
        _(
            "Local-first: Rung runs on your own computer, and the plan prefers models that keep data "
            "in house."
        ),
        _any(_low("g_worry", 1), _low("g_personal_data", 0)),
    ),
)


def _one(answers: Mapping[str, AnswerKey]) -> Callable[[str], int | None]:
    by_id = questions_by_id()

    def get(qid: str) -> int | None:
        if qid not in answers:
            return None
        return by_id[qid].option(answers[qid]).score

    return get


def find_barriers(respondents: Mapping[str, AnswerKey] | Sequence[Mapping[str, AnswerKey]]) -> list[Barrier]:
    """The barriers any respondent's answers point to: one worried voice is worth hearing."""
    sets = [respondents] if isinstance(respondents, Mapping) else list(respondents)
    found: list[Barrier] = []
    getters = [_one(a) for a in sets]
    for rule in RULES:
        if any(rule.test(get) for get in getters):
            evidence = tuple(
                qid for qid in questions_by_id() if any(_raised_by(rule, qid, g) for g in getters)
            )
            found.append(Barrier(rule.id, rule.name, rule.explanation, rule.help, rule.rung_offers, evidence))
    return found


def _raised_by(rule: BarrierRule, qid: str, get: Callable[[str], int | None]) -> bool:
    """Whether this respondent's answer to qid on its own raises the barrier."""
    return rule.test(lambda q: get(q) if q == qid else None)


def barrier_ids(barriers: Sequence[Barrier]) -> set[str]:
    return {b.id for b in barriers}
