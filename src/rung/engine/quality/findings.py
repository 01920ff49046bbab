"""What a check found, in a form that is stored, scored and shown to the owner.

A finding counts the rows it concerns out of the rows it looked at, so one number (the
share) drives both the score and the order of the report (worst first), and the owner
sees the size of a problem, not only its name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

import polars as pl

from rung.engine.messages import Note, from_dict

MAX_EXAMPLES = 5


class Dimension(StrEnum):
    """The data-quality dimensions owners and advisors already know (DAMA, ISO 8000)."""

    COMPLETENESS = "completeness"
    VALIDITY = "validity"
    UNIQUENESS = "uniqueness"
    CONSISTENCY = "consistency"
    TIMELINESS = "timeliness"
    COVERAGE = "coverage"


@dataclass
class Finding:
    """One problem in one table (and field): how big it is, what it means, how to fix it."""

    code: str
    dimension: Dimension
    entity: str
    field: str | None
    affected: int
    total: int
    message: Note
    action: Note
    weight: float = 1.0
    examples: list[dict[str, str]] = dataclasses.field(default_factory=list)
    fix: dict[str, Any] | None = None  # a safe one-click fix, in the form fixes.Fix accepts

    @property
    def share(self) -> float:
        return min(1.0, self.affected / self.total) if self.total else 0.0

    @property
    def impact(self) -> float:
        """How much this finding costs the score: its share times how much it matters."""
        return self.share * self.weight

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "dimension": self.dimension.value,
            "entity": self.entity,
            "field": self.field,
            "affected": self.affected,
            "total": self.total,
            "share": round(self.share, 4),
            "weight": self.weight,
            "message": self.message.as_dict(),
            "text": str(self.message),
            "action": self.action.as_dict(),
            "action_text": str(self.action),
            "examples": self.examples,
            "fix": self.fix,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            code=data["code"],
            dimension=Dimension(data["dimension"]),
            entity=data["entity"],
            field=data.get("field"),
            affected=int(data["affected"]),
            total=int(data["total"]),
            message=from_dict(data["message"]),
            action=from_dict(data["action"]),
            weight=float(data.get("weight", 1.0)),
            examples=list(data.get("examples", [])),
            fix=data.get("fix"),
        )


def cell_text(value: object) -> str:
    """A cell as the owner would read it in an example row."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def examples(frame: pl.DataFrame, columns: list[str], limit: int = MAX_EXAMPLES) -> list[dict[str, str]]:
    """Up to `limit` rows of frame, only the columns that show the problem, as text."""
    keep = list(dict.fromkeys(c for c in columns if c in frame.columns))
    return [{k: cell_text(v) for k, v in row.items()} for row in frame.head(limit).select(keep).to_dicts()]
