"""`assess`: the one entry point the CLI, the web app and the API call.

It keeps the pieces — scoring, measured evidence, the DMA export, barriers and the roadmap —
composed in one place, so every interface shows the same result for the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rung.engine.assess.barriers import Barrier, find_barriers
from rung.engine.assess.roadmap import TOP, RankedUseCase, rank
from rung.engine.assess.score import Answers, FeatureUse, Scorecard, apply_evidence, dma_export, score
from rung.engine.quality.readiness import Readiness


@dataclass(frozen=True)
class AssessmentResult:
    scorecard: Scorecard
    dma: dict[str, Any]
    barriers: tuple[Barrier, ...]
    ranked: tuple[RankedUseCase, ...]

    @property
    def rung(self) -> int:
        return self.scorecard.rung

    @property
    def top(self) -> tuple[RankedUseCase, ...]:
        return self.ranked[:TOP]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.scorecard.as_dict(),
            "dma": self.dma,
            "barriers": [b.as_dict() for b in self.barriers],
            "top_use_cases": [r.as_dict() for r in self.top],
            "other_use_cases": [
                {"id": r.use_case.id, "priority": round(r.priority, 1)} for r in self.ranked[TOP:]
            ],
        }


def assess(
    answers: Answers | Sequence[Answers],
    *,
    business_facts: Mapping[str, Any] | None = None,
    readiness: Sequence[Readiness] | None = None,
    usage: FeatureUse | None = None,
) -> AssessmentResult:
    """Assess a business from one or more people's answers, its own numbers and measured evidence.

    answers: question id -> option key, or a list of such mappings (one per respondent).
    business_facts: sector, employees, data keys held and numbers such as monthly_revenue or
        hours_inquiries_week (docs/assessment.md lists them); all optional.
    readiness: `rung.engine.quality.readiness.assess` results, when data is imported.
    usage: which Rung features the business uses, when known.
    """
    sets: list[Answers] = [answers] if isinstance(answers, Mapping) else list(answers)
    card = score(sets)
    if readiness or usage is not None:
        card = apply_evidence(card, readiness=readiness, usage=usage)
    barriers = find_barriers(sets)
    first = dict(sets[0]) if len(sets) == 1 else _merged(sets)
    ranked = rank(card, barriers, facts=business_facts, answers=first, readiness=readiness)
    return AssessmentResult(card, dma_export(card), tuple(barriers), tuple(ranked))


def _merged(sets: Sequence[Answers]) -> dict[str, Any]:
    """For the data a business holds, trust whoever says they have it: the best answer per question."""
    merged: dict[str, Any] = {}
    for answers in sets:
        for qid, key in answers.items():
            if isinstance(key, int) and (not isinstance(merged.get(qid), int) or key > merged[qid]):
                merged[qid] = key
            merged.setdefault(qid, key)
    return merged
