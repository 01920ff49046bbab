"""One data-quality score, 0-100, decomposed by dimension.

A dimension starts at 100 and each finding takes away its impact (share of rows affected
times how much the problem matters), multiplicatively: two problems that each touch half
the rows leave a quarter untouched, not nothing, and no dimension goes below zero. The
overall score is a weighted mean of the dimensions that apply, so a business without
sales is not punished for the age of sales it does not have. Weights and the reasoning
are in docs/quality.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from rung.engine.quality.findings import Dimension, Finding

WEIGHTS: dict[Dimension, float] = {
    Dimension.VALIDITY: 0.25,
    Dimension.COMPLETENESS: 0.20,
    Dimension.UNIQUENESS: 0.15,
    Dimension.CONSISTENCY: 0.15,
    Dimension.TIMELINESS: 0.10,
    Dimension.COVERAGE: 0.15,
}


def dimension_scores(findings: Iterable[Finding], applicable: Iterable[Dimension]) -> dict[str, int]:
    kept = {d: 1.0 for d in applicable}
    for f in findings:
        if f.dimension in kept:
            kept[f.dimension] *= 1.0 - min(1.0, f.impact)
    return {d.value: round(100 * kept[d]) for d in Dimension if d in kept}


def overall(dimensions: dict[str, int]) -> int | None:
    weights = {d: WEIGHTS[Dimension(d)] for d in dimensions}
    total = sum(weights.values())
    if not total:
        return None
    return round(sum(dimensions[d] * w for d, w in weights.items()) / total)
