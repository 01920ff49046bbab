"""The data health report: every check, the score, the readiness verdicts and merge suggestions.

One function, `check`, runs it all on canonical tables; the web app stores the result per
import (`as_dict`), the CLI prints it. Findings are sorted worst first by their impact on
the score, so the top of the report is what is most worth fixing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from rung.engine.progress import Progress, gettext_noop, silent
from rung.engine.quality import checks_fields, checks_sales, checks_time, duplicates, readiness, score
from rung.engine.quality.duplicates import MergeSuggestion
from rung.engine.quality.findings import Dimension, Finding
from rung.engine.quality.readiness import Readiness
from rung.engine.quality.tables import Tables, table


@dataclass
class QualityReport:
    score: int | None
    dimensions: dict[str, int]
    findings: list[Finding]
    readiness: list[Readiness]
    merges: list[MergeSuggestion] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    checked_on: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "dimensions": self.dimensions,
            "findings": [f.as_dict() for f in self.findings],
            "readiness": [r.as_dict() for r in self.readiness],
            "merges": [m.as_dict() for m in self.merges],
            "rows": self.rows,
            "checked_on": self.checked_on,
        }


def check(
    tables: Tables,
    *,
    today: dt.date,
    rejected: Collection[str] = (),
    quarantined: pl.DataFrame | None = None,
    progress: Progress = silent,
) -> QualityReport:
    """Check every table; `rejected` holds merge suggestion keys the owner said are not duplicates,
    `quarantined` the rows imports set aside (file, row, reason)."""
    progress(5, gettext_noop("Checking fields"))
    findings = [
        *checks_fields.set_aside(quarantined, sum(frame.height for frame in tables.values())),
        *checks_fields.completeness(tables),
        *checks_fields.validity(tables),
        *checks_fields.formatting(tables),
    ]
    lines = table(tables, "sale_lines")
    applicable = {Dimension.COMPLETENESS, Dimension.VALIDITY, Dimension.UNIQUENESS, Dimension.CONSISTENCY}
    if lines is not None:
        progress(20, gettext_noop("Checking sale lines"))
        findings += checks_sales.row_checks(lines, today)
        findings += checks_sales.duplicate_orders(lines)
        findings += checks_sales.consistency(tables, lines)
        findings += checks_time.timeliness(lines, today)
        findings += checks_time.coverage(lines)
        applicable |= {Dimension.TIMELINESS, Dimension.COVERAGE}
    merges: list[MergeSuggestion] = []
    for step, entity in ((50, "customers"), (70, "products")):
        progress(step, gettext_noop("Looking for duplicate customers and products"))
        records = duplicates.candidates(tables, entity)
        found = duplicates.suggestions(tables, entity, rejected, records) if records is not None else []
        merges += found
        dup = duplicates.finding(entity, found, records.height if records is not None else 0)
        if dup is not None:
            findings.append(dup)
    progress(90, gettext_noop("Judging what your data is ready for"))
    findings.sort(key=lambda f: (-f.impact, f.entity, f.code, f.field or ""))
    dims = (
        score.dimension_scores(findings, applicable)
        if any(table(tables, n) is not None for n in tables)
        else {}
    )
    return QualityReport(
        score=score.overall(dims),
        dimensions=dims,
        findings=findings,
        readiness=readiness.assess(tables, today),
        merges=merges,
        rows={name: frame.height for name, frame in tables.items() if frame.height},
        checked_on=today.isoformat(),
    )
