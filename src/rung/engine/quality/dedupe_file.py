"""`rung dedupe FILE`: duplicates in any customer or product file, with no business.

The file is read by the import reader (any encoding, delimiter, Excel, JSON) and its
columns are recognised by the import mapper, but nothing is parsed away or quarantined:
every data row comes back, in input order, with `cluster_id` and `match_confidence`
added. Two repairs on top of the mapper, both because duplicates hinge on them: a first-
and a last-name column are joined into one name (the mapper keeps one column per field),
and a column is only used as e-mail when its values hold e-mail addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from rung.engine.ingest.mapping import classify_and_map, explain
from rung.engine.ingest.read import read_file
from rung.engine.ingest.types import IngestError, RawTable
from rung.engine.quality import dedupe

_NAME_PARTS = ("first_name", "last_name")
# The mapper's header concepts that name a field matching compares, for lists it cannot classify.
_CONCEPT_FIELDS = {
    "sku": "product_id",
    "product_id": "product_id",
    "product_name": "name",
    "title": "name",
    "barcode": "barcode",
    "category": "category",
    "full_name": "name",
    "customer_name": "name",
    "company": "company",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "postal_code": "postal_code",
    "city": "city",
    "country": "country",
}


def _top_concepts(table: RawTable) -> list[str | None]:
    """Per column, the concept its header and values fit best (None when nothing fits)."""
    columns = explain(table.headers, table.data.head(500))["columns"]
    assert isinstance(columns, list)
    return [next(iter(c["scores"]), None) for c in columns]


@dataclass
class Records:
    """One file's rows as read, and the same rows in the canonical columns matching uses."""

    table: RawTable
    entity: str  # "customers" or "products"
    canonical: pl.DataFrame
    used: dict[str, str]  # canonical field -> source header


def read_records(path: Path, entity: str | None = None) -> Records:
    tables = read_file(path)
    if not tables:
        raise IngestError(f"{path.name}: no table found.")
    table = max(tables, key=lambda t: t.rows)
    guess = classify_and_map(table.headers, table.data.head(500), path.stem)
    targets: list[tuple[int, str | None]] = [(m.position, m.target) for m in guess.columns]
    if guess.entity is None:  # a short or odd list: fall back on what each header means on its own
        targets = [(i, _CONCEPT_FIELDS.get(c or "")) for i, c in enumerate(_top_concepts(table))]
    found = {t for _, t in targets}
    products = guess.entity in ("products", "sale_lines", "orders") or (
        guess.entity is None and bool(found & {"product_id", "barcode"})
    )
    kind = entity or ("products" if products else "customers")
    fields = dedupe.PRODUCT_FIELDS if kind == "products" else dedupe.PEOPLE_FIELDS
    used: dict[str, str] = {}
    columns: dict[str, pl.Expr] = {}
    for position, target in targets:
        if target is not None and target in fields and target not in columns:
            columns[target] = pl.col(f"c{position}")
            used[target] = table.headers[position]
    if kind == "customers":
        _join_name_parts(table, columns, used)
        _drop_non_email(table, columns, used)
    if not columns:
        raise IngestError(
            f"{path.name}: no column was recognised as a name, e-mail, phone, address or product code, "
            "so there is nothing to compare. Give the columns clear headers (Name, E-mail, Phone, SKU)."
        )
    canonical = table.data.select([expr.str.strip_chars().alias(name) for name, expr in columns.items()])
    return Records(table, kind, canonical, used)


def _join_name_parts(table: RawTable, columns: dict[str, pl.Expr], used: dict[str, str]) -> None:
    parts: dict[str, int] = {}
    for position, top in enumerate(_top_concepts(table)):
        if top in _NAME_PARTS and top not in parts:
            parts[top] = position
    if len(parts) == 2:
        order = [parts[p] for p in _NAME_PARTS]
        columns["name"] = pl.concat_str([pl.col(f"c{i}") for i in order], separator=" ", ignore_nulls=True)
        used["name"] = " + ".join(table.headers[i] for i in order)


def _drop_non_email(table: RawTable, columns: dict[str, pl.Expr], used: dict[str, str]) -> None:
    if "email" not in columns:
        return
    values = table.data.select(columns["email"].alias("v")).get_column("v").drop_nulls()
    values = values.filter(values.str.strip_chars() != "")
    if not values.len() or values.str.contains("@").mean() < 0.5:  # type: ignore[operator]
        del columns["email"], used["email"]


def dedupe_records(records: Records) -> pl.DataFrame:
    match = dedupe.dedupe_products if records.entity == "products" else dedupe.dedupe_people
    return match(records.canonical).select("cluster_id", "match_confidence")


def link_records(left: Records, right: Records) -> tuple[pl.DataFrame, pl.DataFrame]:
    shared = [c for c in left.canonical.columns if c in right.canonical.columns]
    if not shared:
        raise IngestError("The two files have no kind of column in common to compare.")
    link = dedupe.link_products if left.entity == "products" else dedupe.link_people
    a, b = link(left.canonical.select(shared), right.canonical.select(shared))
    return a.select("cluster_id", "match_confidence"), b.select("cluster_id", "match_confidence")


def with_clusters(records: Records, clusters: pl.DataFrame) -> pl.DataFrame:
    """The rows as read, under their own headers (made unique), plus the two added columns."""
    names: list[str] = []
    for header in records.table.headers:
        name, n = header or "column", 1
        while name in names or name in ("cluster_id", "match_confidence"):
            n += 1
            name = f"{header or 'column'} ({n})"
        names.append(name)
    data = records.table.data.select([pl.col(f"c{i}").alias(n) for i, n in enumerate(names)])
    return pl.concat([data, clusters], how="horizontal")
