"""Files in, canonical tables out: read, classify, map, parse, quarantine, de-duplicate.

Nothing is dropped silently: for every table, rows read = rows stored + rows quarantined
+ rows already stored (the same natural key came in an earlier import). A row is
quarantined, with its reason, when a field its entity requires is missing or cannot be
read; a cell of an optional field that cannot be read is left empty and counted in the
table's notes.

Order-level exports without product lines ("orders": Stripe payments, a webshop's order
list) are stored as sale lines with one line per order, product "order" and the order
total as its price, so revenue and customers work from them; products need line exports.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from rung.engine.ingest.mapping import classify_and_map, fingerprint
from rung.engine.ingest.read import read_file
from rung.engine.ingest.types import ROW, ColumnMatch, Parsed, RawTable, TableGuess
from rung.engine.ingest.values import parse_column
from rung.engine.messages import Note
from rung.engine.messages import as_dict as message_dict
from rung.engine.messages import from_dict as message_from_dict
from rung.engine.progress import Progress, gettext_noop, silent
from rung.engine.schema import ENTITIES, MONEY_DTYPE, Entity, Kind
from rung.engine.store import QUARANTINE_COLUMNS, BusinessStore

QUARANTINE_SCHEMA = pl.Schema(QUARANTINE_COLUMNS)
ORDER_PRODUCT = "order"
_ORDER_FIELDS = {"total": "unit_price"}  # orders -> sale_lines; other order fields keep their names


CONFIRM_BELOW = 0.8
"""A table recognised with less confidence than this, or a column mapped with less than
COLUMN_CONFIRM_BELOW, is shown to the owner to check before anything is stored."""
COLUMN_CONFIRM_BELOW = 0.6

_PARALLEL_ROWS = 50_000
"""Tables with at least this many rows have their columns parsed on several threads."""


@dataclass(frozen=True)
class ConfirmedMapping:
    """What the owner said a source format holds: its entity and a target per column (None: skip)."""

    entity: str | None
    targets: tuple[str | None, ...]


@dataclass(frozen=True)
class Context:
    """What the business knows that the file may not say."""

    currency: str = "EUR"
    country: str | None = None
    time_zone: str = "UTC"


@dataclass
class TableReport:
    """What happened to one table: the dry-run contract of `rung import --dry-run`."""

    file: str
    sheet: str | None
    entity: str | None
    confidence: float
    rows: int
    stored: int = 0
    quarantined: int = 0
    already_stored: int = 0
    columns: list[ColumnMatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fingerprint: str = ""
    remembered: bool = False
    missing: list[str] = field(default_factory=list)
    examples: list[list[str]] = field(default_factory=list)
    """Per column, a few of its values as written, so the owner can tell the columns apart."""

    @property
    def needs_confirmation(self) -> bool:
        """True when the owner should check the mapping before the rows are stored."""
        if self.remembered:
            return False
        unsure = [c for c in self.columns if c.target is not None and c.confidence < COLUMN_CONFIRM_BELOW]
        return self.entity is None or self.confidence < CONFIRM_BELOW or bool(unsure) or bool(self.missing)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableReport:
        """The inverse of as_dict (import reports are kept as JSON with their batch)."""
        columns = [
            ColumnMatch(c["source"], i, c["target"], float(c["confidence"]))
            for i, c in enumerate(data["columns"])
        ]
        examples = [list(c.get("examples", [])) for c in data["columns"]]
        messages = data.get("messages")
        notes = [message_from_dict(m) for m in messages] if messages is not None else list(data["notes"])
        fields = {k: v for k, v in data.items() if k != "messages"}
        return cls(**{**fields, "columns": columns, "examples": examples, "notes": notes})

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["messages"] = [message_dict(n) for n in self.notes]  # the notes, to translate
        examples = data.pop("examples")
        data["columns"] = [
            {
                "source": c.source,
                "target": c.target,
                "confidence": round(c.confidence, 3),
                "examples": examples[i] if i < len(examples) else [],
            }
            for i, c in enumerate(self.columns)
        ]
        data["confidence"] = round(self.confidence, 3)
        return data


@dataclass
class Prepared:
    """A table turned canonical, not yet stored."""

    report: TableReport
    entity: str | None
    frame: pl.DataFrame | None
    quarantine: pl.DataFrame
    unique_key: bool = False
    """True when no two rows of frame share a natural key (line numbers Rung gave per order)."""


@dataclass
class ImportResult:
    batch: str | None
    tables: list[TableReport]
    files: dict[str, str]  # file name -> sha256
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    """The canonical rows a dry run would store, per entity: `rung quality FILE` checks these."""
    quarantine: pl.DataFrame | None = None
    """The rows a dry run would set aside (file, sheet, row, reason, cells)."""

    @property
    def rows_stored(self) -> int:
        return sum(t.stored for t in self.tables)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


Remembered = dict[str, ConfirmedMapping]
"""Confirmed mappings by header fingerprint (see rung.engine.ingest.mapping.fingerprint)."""


def prepare(
    path: Path, context: Context, *, name: str | None = None, remembered: Remembered | None = None
) -> list[Prepared]:
    """Read one file and turn every table in it canonical (raises IngestError for unreadable files)."""
    return [prepare_table(table, context, remembered) for table in read_file(path, name=name)]


def _guess(table: RawTable, remembered: Remembered | None) -> tuple[TableGuess, str, bool]:
    """The owner's confirmed mapping for this header layout if there is one, else Rung's own guess."""
    print_ = fingerprint(table.headers)
    known = (remembered or {}).get(print_)
    if known is not None and len(known.targets) == len(table.headers):
        columns = [
            ColumnMatch(h, i, t, 1.0 if t else 0.0)
            for i, (h, t) in enumerate(zip(table.headers, known.targets, strict=True))
        ]
        return TableGuess(known.entity, 1.0, columns), print_, True
    name = f"{Path(table.source).stem} {table.sheet or ''}"
    return classify_and_map(table.headers, table.data.head(500), name), print_, False


def _examples(table: RawTable, per_column: int = 3, width: int = 40) -> list[list[str]]:
    """The first few distinct non-empty values of each column, cut to a readable width."""
    head = table.data.head(200)
    out = []
    for i in range(len(table.headers)):
        values = head.get_column(f"c{i}").drop_nulls().str.strip_chars()
        distinct = values.filter(values != "").unique(maintain_order=True).head(per_column)
        out.append([v if len(v) <= width else v[: width - 1] + "…" for v in distinct.to_list()])
    return out


def prepare_table(table: RawTable, context: Context, remembered: Remembered | None = None) -> Prepared:
    guess, print_, is_remembered = _guess(table, remembered)
    report = TableReport(
        file=table.source,
        sheet=table.sheet,
        entity=guess.entity,
        confidence=guess.confidence,
        rows=table.rows + len(table.skipped),
        columns=guess.columns,
        notes=list(table.notes)
        + [
            Note(gettext_noop("row %(row)s: %(reason)s"), row=row, reason=reason)
            for row, reason in table.skipped
        ],
        fingerprint=print_,
        remembered=is_remembered,
        examples=_examples(table),
    )
    if guess.entity is None:
        report.notes.append(
            Note(gettext_noop("This table was not recognised, so nothing in it was imported."))
        )
        report.quarantined = table.rows
        return Prepared(report, None, None, _quarantine(table, table.data, "table not recognised"))
    target = "sale_lines" if guess.entity == "orders" else guess.entity
    frame, errors, unique_key = _canonical(table, guess, ENTITIES[target], context, report)
    bad = errors.is_not_null()
    quarantine = _quarantine(table, table.data.filter(bad), errors.filter(bad))
    report.quarantined = quarantine.height + len(table.skipped)
    kept = frame.filter(~bad) if quarantine.height else frame
    return Prepared(report, target, ENTITIES[target].conform(kept), quarantine, unique_key)


def _canonical(
    table: RawTable, guess: TableGuess, ent: Entity, context: Context, report: TableReport
) -> tuple[pl.DataFrame, pl.Series, bool]:
    """The table's rows as ent's columns, per row the reason to set it aside (null: keep it), and
    whether the natural key is unique by construction (line numbers given here, per order)."""
    columns: dict[str, pl.Series] = {}
    reasons: dict[str, pl.Series] = {}
    currencies: list[pl.Series] = []
    targets: list[tuple[ColumnMatch, str]] = []
    for match in guess.columns:
        name = (
            _ORDER_FIELDS.get(match.target or "", match.target) if guess.entity == "orders" else match.target
        )
        if name is not None and name in ent.field_names:
            targets.append((match, name))

    time_of_day = _time_column(table, guess, {m.position for m, _ in targets})

    def parse(target: tuple[ColumnMatch, str]) -> Parsed:
        cells = table.column(target[0].position)
        kind = ent.field(target[1]).kind
        if kind is Kind.TIMESTAMP and time_of_day is not None and _is_date_only(cells):
            date, time = pl.lit(cells), pl.lit(table.column(time_of_day))
            both = (
                pl.when(date.is_null())
                .then(None)
                .otherwise(pl.concat_str([date, time], separator=" ", ignore_nulls=True))
            )
            cells = pl.select(both.alias(cells.name)).to_series()
            report.notes.append(
                Note(
                    gettext_noop("'%(date)s' and '%(time)s' were read together as the time."),
                    date=target[0].source,
                    time=table.headers[time_of_day],
                )
            )
        return parse_column(cells, kind, country=context.country, time_zone=context.time_zone)

    workers = min(len(targets), os.cpu_count() or 1) if table.rows >= _PARALLEL_ROWS else 1
    if workers > 1:  # Polars releases the GIL: columns are parsed side by side
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(parse, targets))
    else:
        results = [parse(target) for target in targets]
    for (match, name), parsed in zip(targets, results, strict=True):
        spec = ent.field(name)
        columns[name] = parsed.values.alias(name)
        if spec.required:
            reasons[name] = pl.select(pl.lit(f"{name}: ") + pl.lit(parsed.errors)).to_series()
        elif failed := int(parsed.errors.is_not_null().sum()):
            report.notes.append(
                Note(
                    gettext_noop("%(count)s value(s) of '%(column)s' could not be read and were left empty."),
                    count=failed,
                    column=match.source,
                )
            )
        if parsed.currency is not None:
            currencies.append(parsed.currency)
    frame = pl.DataFrame(columns, height=table.rows)
    frame = _fill_defaults(frame, ent, guess.entity == "orders", currencies, context)
    if ent.name == "sale_lines" and "unit_price" not in frame.columns:
        frame = _unit_price(frame, table, guess, context, report, currencies)
    missing = [f for f in ent.required if f not in frame.columns]
    if missing:
        # Not an error for the whole import: the owner may point Rung at the right column on
        # the check page. Until then every row is set aside with this reason.
        report.missing = missing
        report.notes.append(
            Note(
                gettext_noop(
                    "This looks like %(entity)s, but no column holds %(fields)s. "
                    "Choose the column on the check page, or export the file with that column."
                ),
                entity=ent.name,
                fields=", ".join(missing),
            )
        )
        frame = frame.with_columns([pl.lit(None, ent.field(f).dtype).alias(f) for f in missing])
        for name in missing:
            reasons[name] = pl.Series([f"no column holds {name}"] * table.rows, dtype=pl.String)
    empty = frame.select(
        [pl.when(pl.col(n).is_null()).then(pl.lit(f"{n} is empty")).alias(f"empty {n}") for n in ent.required]
    )
    errors = pl.concat([pl.DataFrame(reasons, height=table.rows), empty], how="horizontal")
    reason = errors.select(pl.coalesce(pl.all()).alias("reason")).to_series()
    numbered = "line_no" in frame.columns and "line_no" not in columns
    unique_key = numbered and tuple(ent.key) == ("order_id", "line_no")
    return frame.select([c for c in ent.field_names if c in frame.columns]), reason, unique_key


def _unit_price(
    frame: pl.DataFrame,
    table: RawTable,
    guess: TableGuess,
    context: Context,
    report: TableReport,
    currencies: list[pl.Series],
) -> pl.DataFrame:
    """The unit price from a line total ÷ quantity; with neither, the lines keep no price.

    Till and marketplace exports often give what the line cost in all ("Amount", "Item
    total") and no price per unit; a bakery's list of items sold may have no amounts at all.
    Quantities are what forecasting needs, so such sales are kept, and the owner is told.
    """
    position = guess.sources.get("line_total")
    if position is None:
        report.notes.append(
            Note(
                gettext_noop(
                    "This file has no prices: the sales are imported with their quantities, "
                    "and revenue figures leave them out."
                )
            )
        )
        return frame.with_columns(pl.lit(None, MONEY_DTYPE).alias("unit_price"))
    parsed = parse_column(table.column(position), Kind.MONEY, country=context.country)
    if parsed.currency is not None and "currency" not in {m.target for m in guess.columns}:
        frame = frame.with_columns(pl.coalesce(pl.lit(parsed.currency), pl.col("currency")).alias("currency"))
    quantity = pl.col("quantity").cast(pl.Float64)
    price = pl.when(quantity != 0).then(pl.lit(parsed.values).cast(pl.Float64) / quantity)
    report.notes.append(
        Note(
            gettext_noop(
                "No column holds a unit price, so '%(column)s' ÷ quantity was used as the unit price."
            ),
            column=table.headers[position],
        )
    )
    return frame.with_columns(price.cast(MONEY_DTYPE).alias("unit_price"))


_TIME_WORDS = {
    "time",
    "tijd",
    "zeit",
    "uhrzeit",
    "heure",
    "hora",
    "ora",
    "tid",
    "czas",
    "时间",
    "時間",
    "時刻",
}
_TIME_CELLS = r"^\s*\d{1,2}[:.]\d{2}([:.]\d{2})?\s*([AaPp][Mm])?\s*$"
_DATE_ONLY = r"^\s*[\d./\-]{6,10}\s*$"


def _time_column(table: RawTable, guess: TableGuess, used: set[int]) -> int | None:
    """An unused column holding only times of day ("Time", "Tijd", "Uhrzeit", ...), if any.

    POS exports often split the moment of a sale into a Date and a Time column; the date
    alone would put every sale at midnight.
    """
    for match in guess.columns:
        header = match.source.strip().lower()
        if match.position in used or header not in _TIME_WORDS:
            continue
        cells = table.column(match.position).drop_nulls().head(500)
        if cells.len() and bool(cells.str.contains(_TIME_CELLS).all()):
            return match.position
    return None


def _is_date_only(cells: pl.Series) -> bool:
    sample = cells.drop_nulls().head(500)
    return bool(sample.len()) and bool(sample.str.contains(_DATE_ONLY).all())


def _fill_defaults(
    frame: pl.DataFrame, ent: Entity, orders: bool, currencies: list[pl.Series], context: Context
) -> pl.DataFrame:
    """Fields a file rarely states but the business knows, or that follow from other fields."""
    add: dict[str, pl.Expr] = {}
    names = frame.columns
    if "currency" in ent.field_names:
        # Stated on the row, else on another line of the same order (Shopify writes it on the
        # first line only), else carried by the amounts ("€ 12,50"), else the business's own.
        stated = [pl.col("currency")] if "currency" in names else []
        if stated and "order_id" in names and frame.get_column("currency").null_count():
            stated.append(pl.col("currency").drop_nulls().first().over("order_id"))
        carried = [pl.lit(c) for c in currencies]
        add["currency"] = pl.coalesce(*stated, *carried, pl.lit(context.currency))
    if ent.name == "sale_lines":
        if orders:
            add.setdefault("product_id", pl.lit(ORDER_PRODUCT))
            add["description"] = pl.lit("Order total")
            if "quantity" not in names:
                add["quantity"] = pl.lit(1.0)
        if "quantity" not in names and "quantity" not in add:
            add["quantity"] = pl.lit(1.0)
        if "unit" not in names:
            add["unit"] = pl.lit("piece")
    if add:
        frame = frame.with_columns(**add)
    if ent.name == "sale_lines":
        if "line_no" not in frame.columns and "order_id" in frame.columns:
            frame = frame.with_columns(line_no=_line_numbers(frame.get_column("order_id")))
        if "return_flag" not in frame.columns and "quantity" in frame.columns:
            frame = frame.with_columns(return_flag=pl.col("quantity") < 0)
        if "unit_price" in frame.columns:
            frame = frame.with_columns(pl.col("unit_price").cast(MONEY_DTYPE))
    key_from = {"customers": ("customer_id", "email"), "products": ("product_id", "name")}
    if ent.name in key_from:
        key, source = key_from[ent.name]
        if key not in frame.columns and source in frame.columns:
            frame = frame.with_columns(pl.col(source).alias(key))
    if len(ent.key) == 1 and ent.key[0] not in frame.columns and ent.field(ent.key[0]).kind is Kind.ID:
        frame = frame.with_columns(_row_hash(frame).alias(ent.key[0]))
    return frame


def _line_numbers(order: pl.Series) -> pl.Series:
    """1, 2, ... per order, in file order: the same as int_range(1, len + 1).over(order).

    Exports list an order's lines together, so when every order is one run of rows the
    numbers follow from where each run starts, without grouping the column.
    """
    col, index = pl.col("order"), pl.int_range(pl.len())
    starts = col.ne_missing(col.shift(1)) | (index == 0)  # where each run of one order begins
    frame = pl.DataFrame({"order": order})
    firsts = frame.select(col.filter(starts)).to_series()
    if firsts.n_unique() != firsts.len():  # some order's lines are apart: group them
        numbers = pl.int_range(1, pl.len() + 1).over("order")
    else:
        numbers = index - pl.when(starts).then(index).forward_fill() + 1
    return frame.select(numbers.cast(pl.Int64).alias("line_no")).to_series()


def _row_hash(frame: pl.DataFrame) -> pl.Expr:
    """A content id for rows without one (reviews, inquiries), so re-imports do not repeat them."""
    return (
        pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in frame.columns], separator="\x1f")
        .hash()
        .cast(pl.String)
    )


def _quarantine(table: RawTable, rows: pl.DataFrame, reason: pl.Series | str) -> pl.DataFrame:
    cells = (
        rows.select(
            pl.struct([pl.col(f"c{i}").alias(h or f"column {i + 1}") for i, h in enumerate(table.headers)])
            .struct.json_encode()
            .alias("cells")
        )
        if table.headers
        else pl.DataFrame({"cells": ["{}"] * rows.height})
    )
    return pl.DataFrame(
        {
            "file": [table.source] * rows.height,
            "sheet": [table.sheet] * rows.height,
            "row": rows.get_column(ROW),
            "reason": reason if isinstance(reason, pl.Series) else [reason] * rows.height,
            "cells": cells.get_column("cells"),
        },
        schema=QUARANTINE_SCHEMA,
    )


def _new_rows(
    store: BusinessStore | None, ent: Entity, frame: pl.DataFrame, *, unique_key: bool = False
) -> pl.DataFrame:
    """Drop rows whose natural key is stored already, or repeats within this import."""
    if not unique_key:
        frame = frame.unique(subset=list(ent.key), keep="first", maintain_order=True)
    if store is None or not store.has(ent.name):
        return frame
    known = store.scan(ent.name, raw=True).select(ent.key).unique().collect()
    return frame.join(known, on=list(ent.key), how="anti", nulls_equal=True)


def _file_hashes(paths: list[Path], digests: list[str]) -> dict[str, str]:
    """File name -> sha256; a name met again (two folders' "orders.csv") gets " (2)", " (3)", ..."""
    hashes: dict[str, str] = {}
    for path, digest in zip(paths, digests, strict=True):
        name, n = path.name, 1
        while name in hashes:
            n += 1
            name = f"{path.name} ({n})"
        hashes[name] = digest
    return hashes


def run_import(
    paths: Iterable[Path],
    context: Context,
    *,
    store: BusinessStore | None,
    batch: str | None,
    progress: Progress = silent,
    remembered: Remembered | None = None,
    decide: Callable[[list[TableReport]], bool] | None = None,
) -> ImportResult:
    """Import files into store as one batch; with store=None it is a dry run that stores nothing.

    All tables are prepared before anything is written, and a failure while writing removes
    what this batch wrote, so an import is all or nothing. `decide`, given the reports of
    the prepared tables, may say no (e.g. "the owner should check this mapping first"):
    then nothing is stored and the result has no batch.
    """
    paths = list(paths)
    prepared: list[Prepared] = []
    with ThreadPoolExecutor(max_workers=1) as hashing:  # files are hashed while they are read
        digests = [hashing.submit(file_sha256, p) for p in paths]
        try:
            for i, path in enumerate(paths):
                progress(5 + 60 * i // max(len(paths), 1), gettext_noop("Reading the files"))
                prepared.extend(prepare(path, context, remembered=remembered))
        except BaseException:
            for digest in digests:  # a file that cannot be hashed is the error, as when hashed first
                digest.result()
            raise
        hashes = _file_hashes(paths, [d.result() for d in digests])
    by_entity: dict[str, list[pl.DataFrame]] = {}
    for item in prepared:
        if item.entity is None or item.frame is None:
            continue
        ent = ENTITIES[item.entity]
        fresh = _new_rows(store, ent, item.frame, unique_key=item.unique_key)
        for earlier in by_entity.get(item.entity, []):  # the same rows in two files of one import
            fresh = fresh.join(earlier.select(ent.key), on=list(ent.key), how="anti", nulls_equal=True)
        item.report.already_stored = item.frame.height - fresh.height
        item.report.stored = fresh.height
        by_entity.setdefault(item.entity, []).append(fresh)
    quarantine = (
        pl.concat([p.quarantine for p in prepared]) if prepared else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    )
    reports = [p.report for p in prepared]
    if decide is not None and not decide(reports):
        for report in reports:  # nothing was stored; what would be stays visible as a note
            if report.stored:
                report.notes.append(
                    Note(
                        gettext_noop("%(count)s row(s) will be stored once the mapping is confirmed."),
                        count=report.stored,
                    )
                )
            report.stored = 0
        return ImportResult(None, reports, hashes)
    if store is not None and batch is not None:
        progress(70, gettext_noop("Storing the data"))
        try:
            for name, frames in by_entity.items():
                combined = pl.concat(frames)
                if combined.height:
                    store.write(name, combined, batch=batch)
            if quarantine.height:
                store.write_quarantine(quarantine, batch=batch)
        except BaseException:
            store.remove_batch(batch)
            raise
    if store is None:
        canonical = {name: pl.concat(parts) for name, parts in by_entity.items()}
        return ImportResult(None, reports, hashes, canonical, quarantine)
    return ImportResult(batch, reports, hashes)


def report_json(result: ImportResult) -> str:
    return json.dumps([t.as_dict() for t in result.tables], ensure_ascii=False, indent=2)
