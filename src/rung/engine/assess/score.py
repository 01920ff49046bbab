"""From answers to per-dimension scores and a rung, honestly.

Why not a plain average: a business with a clear strategy and good laptops but no usable data
cannot run AI, and an average would hide that. So each dimension gets a 0-100 score and a level
(0-4), and the rung is the *lowest level among the gating dimensions* — data, AI in use and
processes, people — the three without which AI cannot work at all (maturity-instruments guide,
§4). Strategy, technology and governance are scored and shown, and feed the DMA export, but do
not lift or lower the rung.

The exact rule (also in docs/assessment.md):

1. Each scored answer is 0-4. A dimension's score is 100 × Σ(weight × answer) / Σ(weight × 4)
   over its answered questions; "does not apply" answers are left out, weight-0 questions only
   feed the barriers.
2. The level is the number of thresholds (20, 40, 60, 80) the score reaches, raised to a floor
   and then lowered to a cap set by answers that decide a level on their own (sales on paper:
   data is at most level 0; no AI used weekly in a fixed job: AI in use is at most level 1;
   someone has tried AI: AI in use is at least level 1, the "first tries" rung). Caps and floors
   never fall as an answer improves; a cap wins over a floor.
3. Rung = min(level of data, people, use).
4. Several respondents: each is scored alone; the dimension's score is the median and its cap
   and floor the lower medians, so one voice cannot drag or lift it alone. A spread of 25 points or more
   between respondents, or levels two apart, is flagged as disagreement and lowers confidence.
   The result also gives the range of rungs the respondents would each get.

Because every step is monotone (weighted means, non-decreasing caps, medians, a minimum),
improving any single answer never lowers the rung; the tests check this on sampled answer sets.

Measured evidence (`apply_evidence`): where Rung has the business's data, the readiness
verdicts replace the self-reported data score, and the use of Rung's features and the number of
imported tables set a floor under AI-in-use and technology (a floor, because Rung sees only its
own part of the business). Dimensions so changed are marked "measured", with a note when the
two differ by 25 points or more.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from rung.engine.assess import texts
from rung.engine.assess.data import (
    DIMENSIONS,
    GATING,
    MAX_SCORE,
    AnswerKey,
    level_thresholds,
    questionnaire,
    questions_by_id,
    rungs,
)
from rung.engine.messages import Note
from rung.engine.quality.readiness import Readiness, Verdict

Answers = Mapping[str, AnswerKey]

DISAGREEMENT_POINTS = 25
MEASURED_GAP_POINTS = 25
DIMENSION_NAMES = {
    "strategy": "strategy and vision",
    "data": "data",
    "technology": "technology and infrastructure",
    "people": "people and skills",
    "use": "AI in use and processes",
    "governance": "governance, ethics and law",
}
VERDICT_POINTS = {Verdict.READY: 100, Verdict.CAVEATS: 60, Verdict.NOT_YET: 15}


class Source(StrEnum):
    SELF_REPORTED = "self_reported"
    MEASURED = "measured"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    score: int | None  # 0-100; None when nothing was answered
    level: int  # 0-4
    source: Source
    self_reported: int | None
    measured: int | None
    answered: int
    asked: int
    respondents: tuple[int | None, ...]
    spread: int
    disagreement: bool
    confidence: Confidence
    notes: tuple[Note, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "score": self.score,
            "level": self.level,
            "source": self.source.value,
            "self_reported": self.self_reported,
            "measured": self.measured,
            "answered": self.answered,
            "asked": self.asked,
            "respondents": list(self.respondents),
            "spread": self.spread,
            "disagreement": self.disagreement,
            "confidence": self.confidence.value,
            "notes": [n.as_dict() for n in self.notes],
            "notes_text": [str(n) for n in self.notes],
        }


@dataclass(frozen=True)
class Scorecard:
    dimensions: dict[str, DimensionScore]
    rung: int
    rung_range: tuple[int, int]
    holding_back: tuple[str, ...]
    axes: dict[str, int | None]
    respondents: int
    confidence: Confidence
    notes: tuple[Note, ...] = field(default=())

    @property
    def rung_name(self) -> str:
        return rungs()[self.rung].name

    def as_dict(self) -> dict[str, Any]:
        rung = rungs()[self.rung]
        return {
            "rung": self.rung,
            "rung_name": rung.name,
            "rung_descriptor": rung.descriptor,
            "next_step": rung.next_step,
            "rung_range": list(self.rung_range),
            "holding_back": list(self.holding_back),
            "dimensions": {k: v.as_dict() for k, v in self.dimensions.items()},
            "axes": dict(self.axes),
            "respondents": self.respondents,
            "confidence": self.confidence.value,
            "notes": [n.as_dict() for n in self.notes],
            "notes_text": [str(n) for n in self.notes],
        }


@dataclass(frozen=True)
class _Raw:
    """One respondent's view of one dimension."""

    score: int | None
    cap: int
    floor: int
    answered: int
    asked: int

    @property
    def level(self) -> int:
        return _bounded(self.score, self.floor, self.cap)


def _bounded(score: int | None, floor: int, cap: int) -> int:
    """The score's level, raised to the floor, then lowered to the cap (a cap wins)."""
    return min(cap, max(floor, level_of(score)))


def level_of(score: int | None) -> int:
    """The 0-4 level a 0-100 score reaches on the thresholds in rungs.json."""
    if score is None:
        return 0
    return sum(score >= t for t in level_thresholds())


def validate(answers: Answers) -> None:
    """Raise ValueError for an unknown question or option, so typos never score silently."""
    by_id = questions_by_id()
    for qid, key in answers.items():
        if qid not in by_id:
            raise ValueError(f"unknown question {qid!r}")
        try:
            by_id[qid].option(key)
        except KeyError:
            raise ValueError(f"question {qid!r} has no option {key!r}") from None


def _raw(answers: Answers) -> dict[str, _Raw]:
    validate(answers)
    out: dict[str, _Raw] = {}
    for dim in DIMENSIONS:
        total = points = 0.0
        cap = MAX_SCORE
        floor = 0
        answered = asked = 0
        for q in questionnaire():
            if q.dimension != dim or q.weight == 0:
                continue
            asked += 1
            if q.id not in answers:
                continue
            option = q.option(answers[q.id])
            if option.score is None:  # "does not apply"
                asked -= 1
                continue
            answered += 1
            total += q.weight * option.score
            points += q.weight * MAX_SCORE
            if option.cap_level is not None:
                cap = min(cap, option.cap_level)
            if option.floor_level is not None:
                floor = max(floor, option.floor_level)
        score = round(100 * total / points) if points else None
        out[dim] = _Raw(score, cap, floor, answered, asked)
    return out


def _axes(sets: Sequence[Answers]) -> dict[str, int | None]:
    """Know / want / can: the share of the best answers per axis, over all respondents."""
    out: dict[str, int | None] = {}
    for axis in ("know", "want", "can"):
        total = points = 0.0
        for answers in sets:
            for q in questionnaire():
                if q.axis != axis or q.weight == 0 or q.id not in answers:
                    continue
                option = q.option(answers[q.id])
                if option.score is not None:
                    total += q.weight * option.score
                    points += q.weight * MAX_SCORE
        out[axis] = round(100 * total / points) if points else None
    return out


def _median(values: Sequence[int]) -> int:
    return round(statistics.median(values))


def _disagreeing_question(sets: Sequence[Answers], dim: str) -> str | None:
    """The question of dim on which the respondents' answers lie furthest apart (2+ steps)."""
    best: tuple[int, str] | None = None
    for q in questionnaire():
        if q.dimension != dim or q.weight == 0:
            continue
        scores = [s for a in sets if q.id in a and (s := q.option(a[q.id]).score) is not None]
        if len(scores) >= 2 and (gap := max(scores) - min(scores)) >= 2 and (best is None or gap > best[0]):
            best = (gap, q.text)
    return best[1] if best else None


def score(respondents: Answers | Sequence[Answers]) -> Scorecard:
    """Score one respondent's answers, or several people's answers for the same business."""
    sets: list[Answers] = [respondents] if isinstance(respondents, Mapping) else list(respondents)
    if not sets:
        raise ValueError("no answers")
    raws = [_raw(a) for a in sets]
    dims: dict[str, DimensionScore] = {}
    notes: list[Note] = []
    for dim in DIMENSIONS:
        views = [r[dim] for r in raws]
        scores = [v.score for v in views if v.score is not None]
        combined = _median(scores) if scores else None
        cap = statistics.median_low([v.cap for v in views])
        floor = statistics.median_low([v.floor for v in views])
        level = _bounded(combined, floor, cap)
        levels = [v.level for v in views if v.score is not None]
        spread = max(scores) - min(scores) if scores else 0
        disagree = len(scores) >= 2 and (spread >= DISAGREEMENT_POINTS or max(levels) - min(levels) >= 2)
        answered = max(v.answered for v in views)
        asked = max(v.asked for v in views)
        dim_notes: list[Note] = []
        if disagree:
            dim_notes.append(
                Note(
                    texts.DISAGREE,
                    count=len(scores),
                    dimension=DIMENSION_NAMES[dim],
                    low=min(scores),
                    high=max(scores),
                )
            )
            if question := _disagreeing_question(sets, dim):
                dim_notes.append(Note(texts.DISAGREE_QUESTION, question=question))
        few = asked > 0 and answered * 2 < asked
        if few:
            dim_notes.append(
                Note(texts.FEW_ANSWERS, answered=answered, asked=asked, dimension=DIMENSION_NAMES[dim])
            )
        if disagree or few or combined is None:
            confidence = Confidence.LOW
        elif len(scores) >= 2:
            confidence = Confidence.HIGH
        else:
            confidence = Confidence.MEDIUM
        dims[dim] = DimensionScore(
            dimension=dim,
            score=combined,
            level=level,
            source=Source.SELF_REPORTED,
            self_reported=combined,
            measured=None,
            answered=answered,
            asked=asked,
            respondents=tuple(v.score for v in views),
            spread=spread,
            disagreement=disagree,
            confidence=confidence,
            notes=tuple(dim_notes),
        )
        notes.extend(dim_notes)
    per_person = [min(r[d].level for d in GATING) for r in raws]
    return _finish(dims, (min(per_person), max(per_person)), _axes(sets), len(sets))


def _finish(
    dims: dict[str, DimensionScore], rung_range: tuple[int, int], axes: dict[str, int | None], people: int
) -> Scorecard:
    rung = min(dims[d].level for d in GATING)
    holding = tuple(d for d in GATING if dims[d].level == rung)
    notes = [n for d in dims.values() for n in d.notes]
    notes.append(Note(texts.HOLDING_BACK, dimensions=", ".join(DIMENSION_NAMES[d] for d in holding)))
    gating_conf = {dims[d].confidence for d in GATING}
    if Confidence.LOW in gating_conf or rung_range[0] != rung_range[1]:
        confidence = Confidence.LOW
    elif gating_conf == {Confidence.HIGH}:
        confidence = Confidence.HIGH
    else:
        confidence = Confidence.MEDIUM
    return Scorecard(
        dimensions=dims,
        rung=rung,
        rung_range=(min(rung_range[0], rung), max(rung_range[1], rung)),
        holding_back=holding,
        axes=axes,
        respondents=people,
        confidence=confidence,
        notes=tuple(notes),
    )


# --- measured evidence ----------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureUse:
    """What Rung itself has seen: tables imported and weeks each feature was used (last 12)."""

    tables_imported: int = 0
    weeks_used: Mapping[str, int] = field(default_factory=dict)

    def regular_features(self, min_weeks: int = 4) -> list[str]:
        return sorted(f for f, weeks in self.weeks_used.items() if weeks >= min_weeks)


def measured_data(readiness: Sequence[Readiness]) -> int | None:
    """Data score from readiness verdicts: the mean of the best three (ready 100, caveats 60,
    not yet 15). The best three, because a small business needs data for a few uses, not all."""
    points = sorted((VERDICT_POINTS[r.verdict] for r in readiness), reverse=True)[:3]
    return round(sum(points) / len(points)) if points else None


def measured_technology(usage: FeatureUse) -> int | None:
    """Every imported table is an export the business's systems could produce."""
    return min(100, 20 + 15 * usage.tables_imported) if usage.tables_imported else None


def measured_use(usage: FeatureUse) -> int | None:
    """One Rung feature used in 4 of the last 12 weeks is a real AI use (45); each more adds 15."""
    regular = len(usage.regular_features())
    return min(90, 45 + 15 * (regular - 1)) if regular else None


def apply_evidence(
    card: Scorecard, *, readiness: Sequence[Readiness] | None = None, usage: FeatureUse | None = None
) -> Scorecard:
    """The scorecard with data, technology and use measured where Rung has evidence."""
    dims = dict(card.dimensions)
    if readiness:
        dims["data"] = _measure(dims["data"], measured_data(readiness), floor=False)
    if usage is not None:
        dims["technology"] = _measure(dims["technology"], measured_technology(usage), floor=True)
        dims["use"] = _measure(dims["use"], measured_use(usage), floor=True)
    return _finish(dims, card.rung_range, card.axes, card.respondents)


def _measure(dim: DimensionScore, measured: int | None, *, floor: bool) -> DimensionScore:
    if measured is None:
        return dim
    own = dim.self_reported
    name = DIMENSION_NAMES[dim.dimension]
    if floor:
        value = max(measured, own or 0)
        level = max(dim.level, level_of(measured))
        notes = [Note(texts.MEASURED_FLOOR, dimension=name.capitalize(), measured=measured, self=_shown(own))]
    else:
        value, level = measured, level_of(measured)
        notes = [Note(texts.MEASURED_DATA, measured=measured, self=_shown(own))]
    gap = abs(measured - own) if own is not None else 0
    if gap >= MEASURED_GAP_POINTS and (not floor or measured > (own or 0)):
        notes.append(Note(texts.MEASURED_GAP, gap=gap, dimension=name))
    return replace(
        dim,
        score=value,
        level=level,
        source=Source.MEASURED,
        measured=measured,
        confidence=Confidence.HIGH if not dim.disagreement else Confidence.MEDIUM,
        notes=(*dim.notes, *notes),
    )


def _shown(value: int | None) -> str | int:
    return "nothing" if value is None else value


# --- EU Digital Maturity Assessment export ----------------------------------------------------

# DMA dimension -> (Rung dimension, weight) pairs; documented in docs/assessment.md. Green
# digitalisation has no counterpart in this assessment and is left out (None), not guessed.
DMA_MAPPING: dict[str, tuple[tuple[str, float], ...]] = {
    "digital_business_strategy": (("strategy", 1.0),),
    "digital_readiness": (("technology", 0.7), ("use", 0.3)),
    "human_centric_digitalisation": (("people", 0.7), ("governance", 0.3)),
    "data_management_connectivity": (("data", 0.6), ("technology", 0.2), ("governance", 0.2)),
    "automation_ai": (("use", 1.0),),
    "green_digitalisation": (),
}
DMA_BANDS = ((25, "Basic"), (50, "Average"), (75, "Moderately advanced"), (100, "Advanced"))


def dma_band(value: float) -> str:
    """The DMA band of a 0-100 score: Basic 0-25, Average 26-50, Moderately advanced 51-75,
    Advanced 76-100 (bands as published for the EDIH DMA; scores rounded first)."""
    rounded = round(value)
    return next(name for top, name in DMA_BANDS if rounded <= top)


def dma_export(card: Scorecard) -> dict[str, Any]:
    """Scores on the EU DMA's six dimensions (0-100) and its total, for EDIH T0/T1 reporting."""
    dims: dict[str, int | None] = {}
    for dma_dim, parts in DMA_MAPPING.items():
        present = [(card.dimensions[d].score, w) for d, w in parts if card.dimensions[d].score is not None]
        weight = sum(w for _, w in present)
        dims[dma_dim] = round(sum(s * w for s, w in present if s is not None) / weight) if present else None
    values = [v for v in dims.values() if v is not None]
    total = round(sum(values) / len(values)) if values else None
    return {
        "scale": "EU Digital Maturity Assessment (DMA), 0-100",
        "dimensions": dims,
        "total": total,
        "band": dma_band(total) if total is not None else None,
        "partial": dims["green_digitalisation"] is None,
        "note": Note(texts.DMA_PARTIAL).as_dict() if dims["green_digitalisation"] is None else None,
    }
