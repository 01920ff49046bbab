"""Safe one-click fixes, kept as rules over the imported data rather than edits of it.

Imported parts are never rewritten: a fix is a rule (trim this field, use each product's
usual name, treat customer 123 as customer 77) that the store applies whenever the data is
read. So undoing a fix is dropping its rule, exactly, whatever was imported or undone
since; undoing an import never has to know about fixes; and a fix keeps working on rows
imported later (the merged customer stays merged when next month's export names the old
id). The rules are small JSON beside the business's data, with who made them and when.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import secrets
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

KINDS = ("trim", "case", "names", "merge")
MERGE_KEYS = {"customers": "customer_id", "products": "product_id"}
_FIELD_ENTITIES = {  # entities that carry each merge key, so a merge reaches every reference
    "customer_id": ("customers", "sale_lines", "feedback", "inquiries", "quotes"),
    "product_id": ("products", "sale_lines", "inventory_snapshots", "feedback"),
}


class FixError(ValueError):
    """A fix that cannot be made; the message says why."""


@dataclass(frozen=True)
class Fix:
    id: str
    kind: str
    entity: str
    field: str
    mapping: dict[str, str] = dataclasses.field(default_factory=dict)
    created_by: str = ""
    created_at: str = ""
    undone_by: str | None = None
    undone_at: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Decisions:
    """Every fix made (undone ones too, for the record) and the merges the owner rejected."""

    fixes: list[Fix] = dataclasses.field(default_factory=list)
    rejected: list[str] = dataclasses.field(default_factory=list)

    @property
    def active(self) -> list[Fix]:
        return [f for f in self.fixes if f.active]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_fix(
    kind: str, entity: str, field_name: str, actor: str, mapping: dict[str, str] | None = None
) -> Fix:
    if kind not in KINDS:
        raise FixError(f"Unknown fix {kind!r}; known: {', '.join(KINDS)}.")
    if kind == "merge" and entity not in MERGE_KEYS:
        raise FixError("Only customers and products can be merged.")
    if kind in ("names", "merge") and not mapping:
        raise FixError("This fix needs the values to change; there are none.")
    return Fix(secrets.token_hex(6), kind, entity, field_name, dict(mapping or {}), actor, _now())


def undo(decisions: Decisions, fix_id: str, actor: str) -> Decisions:
    for i, fix in enumerate(decisions.fixes):
        if fix.id == fix_id:
            if not fix.active:
                raise FixError("This fix was undone already.")
            decisions.fixes[i] = replace(fix, undone_by=actor, undone_at=_now())
            return decisions
    raise FixError("There is no such fix.")


def apply(entity: str, frame: pl.LazyFrame, fixes: list[Fix]) -> pl.LazyFrame:
    """The entity's rows as the active fixes say they should read, in the order they were made."""
    for fix in fixes:
        if not fix.active:
            continue
        if fix.kind == "merge":
            frame = _merge(entity, frame, fix)
        elif fix.entity != entity:
            continue
        elif fix.kind == "trim":
            frame = frame.with_columns(pl.col(fix.field).str.strip_chars().str.replace_all(r"\s+", " "))
        elif fix.kind == "case":
            frame = frame.with_columns(pl.col(fix.field).str.to_titlecase())
        elif fix.kind == "names":
            frame = frame.with_columns(
                pl.col("product_id")
                .replace_strict(fix.mapping, default=pl.col(fix.field), return_dtype=pl.String)
                .alias(fix.field)
            )
    return frame


def _merge(entity: str, frame: pl.LazyFrame, fix: Fix) -> pl.LazyFrame:
    key = MERGE_KEYS[fix.entity]
    if entity not in _FIELD_ENTITIES[key]:
        return frame
    if entity != fix.entity:
        return frame.with_columns(pl.col(key).replace(fix.mapping))
    # The master list keeps one row per id: the kept record first, gaps filled from the merged ones.
    columns = frame.collect_schema().names()
    return (
        frame.with_columns(_kept=~pl.col(key).is_in(list(fix.mapping)))
        .with_columns(pl.col(key).replace(fix.mapping))
        .sort("_kept", descending=True, maintain_order=True)
        .group_by(key, maintain_order=True)
        .agg([pl.col(c).drop_nulls().first() for c in columns if c != key])
        .select(columns)
    )


def load(path: Path) -> Decisions:
    if not path.exists():
        return Decisions()
    data = json.loads(path.read_text(encoding="utf-8"))
    return Decisions([Fix(**f) for f in data.get("fixes", [])], list(data.get("rejected", [])))


def save(path: Path, decisions: Decisions) -> None:
    """Write atomically: a reader sees the old rules or the new ones, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"fixes": [f.as_dict() for f in decisions.fixes], "rejected": sorted(set(decisions.rejected))}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
    os.replace(tmp, path)
