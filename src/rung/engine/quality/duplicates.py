"""Duplicate customers and products in a business's data, as merge suggestions for the owner.

The matching itself is `dedupe` (Splink for people, keys + fuzzy names for products); this
module picks what to match (the product list, or the products named on sale lines when
there is no list), which id a merge keeps (the one most sales use, so most history keeps
its id) and leaves out what the owner already said are different.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from rung.engine.messages import Note
from rung.engine.progress import gettext_noop
from rung.engine.quality import dedupe
from rung.engine.quality.findings import Dimension, Finding, cell_text
from rung.engine.quality.tables import Tables, table, usual_names

KEYS = {"customers": "customer_id", "products": "product_id"}
PRODUCT_SUGGESTION_MIN = 0.95
MAX_SUGGESTIONS = 200


@dataclass(frozen=True)
class MergeSuggestion:
    """Records that look like one customer or product; `keep` is the id a merge would keep."""

    entity: str
    ids: tuple[str, ...]
    keep: str
    confidence: float
    records: tuple[dict[str, str], ...]

    @property
    def key(self) -> str:
        """Stable name of the suggestion: the same records give the same key in every run."""
        return f"{self.entity}:" + "|".join(sorted(self.ids))

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "entity": self.entity,
            "ids": list(self.ids),
            "keep": self.keep,
            "confidence": round(self.confidence, 3),
            "records": list(self.records),
        }


def candidates(tables: Tables, entity: str) -> pl.DataFrame | None:
    """The records to match for entity, in canonical columns; None when there is nothing to match."""
    if entity == "customers":
        customers = table(tables, "customers")
        if customers is None or customers.height < 2:
            return None
        useful = [
            f for f in ("name", "email", "phone") if customers.get_column(f).null_count() < customers.height
        ]
        return customers if useful else None
    products = table(tables, "products")
    if products is None:
        lines = table(tables, "sale_lines")
        if lines is None:
            return None
        products = usual_names(lines).select("product_id", "name")
    return products if products.height >= 2 else None


def suggestions(
    tables: Tables, entity: str, rejected: Collection[str] = (), records: pl.DataFrame | None = None
) -> list[MergeSuggestion]:
    """Groups of records judged to be the same entity, most confident first; `records` are the
    entity's `candidates` when the caller has them already."""
    records = candidates(tables, entity) if records is None else records
    if records is None:
        return []
    key = KEYS[entity]
    matched = (dedupe.dedupe_people if entity == "customers" else dedupe.dedupe_products)(records)
    groups = (
        matched.filter(pl.col(key).is_not_null())
        .group_by("cluster_id")
        .agg(ids=pl.col(key).unique().sort(), confidence=pl.col("match_confidence").max())
        .filter(pl.col("ids").list.len() > 1)
        .sort(["confidence", "cluster_id"], descending=[True, False])
    )
    uses = _uses(tables, key)
    shown = [  # only columns with something in them: an empty "barcode" column says nothing
        c
        for c in ("name", "email", "phone", "city", "barcode")
        if c in matched.columns and matched.get_column(c).null_count() < matched.height
    ]
    found = []
    for group in groups.iter_rows(named=True):
        members = matched.filter(pl.col(key).is_in(group["ids"])).unique(
            key, keep="first", maintain_order=True
        )
        parts = (
            _same_products(members) if entity == "products" else [(members, float(group["confidence"] or 0))]
        )
        for rows, confidence in parts:
            ids = tuple(sorted(str(i) for i in rows.get_column(key).to_list()))
            keep = max(ids, key=lambda i: (uses.get(i, 0), [-ord(ch) for ch in i]))
            suggestion = MergeSuggestion(
                entity=entity,
                ids=ids,
                keep=keep,
                confidence=confidence,
                records=tuple(
                    {k: cell_text(v) for k, v in row.items()} | {"uses": str(uses.get(str(row[key]), 0))}
                    for row in rows.select([key, *shown]).to_dicts()
                ),
            )
            if suggestion.key not in rejected:
                found.append(suggestion)
        if len(found) >= MAX_SUGGESTIONS:
            break
    return found


def _same_products(rows: pl.DataFrame) -> list[tuple[pl.DataFrame, float]]:
    """The parts of a matched product group that are surely one product, to suggest to the owner.

    The matcher links a title to any title that contains it (token_set_ratio), which finds
    the same product described by two shops; inside one catalogue that also joins
    "Black photo album" to "New baroque black photo album", a different product. So two
    records are suggested as one only with the same code written differently ("15056BL" /
    "15056bl") or names of the same words, give or take a typo (token_sort_ratio >= 95).
    """
    ids = [_fold_code(str(i)) for i in rows.get_column("product_id").to_list()]
    names = [str(n or "").lower() for n in rows.get_column("name").to_list()]
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    best: dict[int, float] = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            score = 1.0 if ids[i] == ids[j] else fuzz.token_sort_ratio(names[i], names[j]) / 100
            if (score >= PRODUCT_SUGGESTION_MIN and names[i] and names[j]) or ids[i] == ids[j]:
                parent[root(j)] = root(i)
                for k in (i, j):
                    best[k] = max(best.get(k, 0.0), score)
    groups: dict[int, list[int]] = {}
    for i in best:
        groups.setdefault(root(i), []).append(i)
    return [
        (rows[sorted(members)], min(best[m] for m in members))
        for members in groups.values()
        if len(members) > 1
    ]


def _fold_code(code: str) -> str:
    return re.sub(r"[\s\-_./]+", "", code.lower())


def _uses(tables: Tables, key: str) -> dict[str, int]:
    """How many sale lines use each id: the id with the most history is the one to keep."""
    lines = table(tables, "sale_lines")
    if lines is None:
        return {}
    counts = lines.group_by(key).agg(n=pl.len()).drop_nulls(key)
    return dict(zip(counts.get_column(key).to_list(), counts.get_column("n").to_list(), strict=True))


def finding(entity: str, found: list[MergeSuggestion], total: int) -> Finding | None:
    if not found:
        return None
    extra = sum(len(s.ids) - 1 for s in found)
    people = entity == "customers"
    return Finding(
        code=f"duplicate_{entity}",
        dimension=Dimension.UNIQUENESS,
        entity=entity,
        field=KEYS[entity],
        affected=extra,
        total=max(total, extra),
        weight=1.0,
        message=Note(
            gettext_noop("%(count)s customers look like another customer under a second id.")
            if people
            else gettext_noop("%(count)s products look like another product under a second code."),
            count=extra,
        ),
        action=Note(gettext_noop("Review the suggested merges below: accept the right ones.")),
        examples=[dict(r) for r in found[0].records],
    )
