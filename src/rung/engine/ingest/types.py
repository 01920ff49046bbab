"""The shapes the import stages hand each other."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

ROW = "_row"
"""Column of RawTable.data holding the 1-based row (line) number in the source, for messages."""


class IngestError(ValueError):
    """A file cannot be imported; the message says what is wrong and what to do, in plain words."""


@dataclass
class RawTable:
    """One table found in a file: the header as written and every data cell as text.

    `data` has one String column per header column, named "c0", "c1", ... (headers may
    repeat or be empty, so they are not used as names), plus the Int64 column `_row`.
    Rows that were in the file but are not data (a repeated header line, a totals line)
    are not in `data`; they are listed in `skipped` with the reason, so every row read
    is accounted for.
    """

    source: str
    sheet: str | None
    headers: list[str]
    data: pl.DataFrame
    skipped: list[tuple[int, str]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.data.height

    def column(self, position: int) -> pl.Series:
        return self.data.get_column(f"c{position}")


@dataclass(frozen=True)
class ColumnMatch:
    """Which canonical field a source column is, and how sure we are (0..1)."""

    source: str
    position: int
    target: str | None
    confidence: float


@dataclass(frozen=True)
class TableGuess:
    """Which canonical entity a table holds ("orders" = orders without lines; None = other).

    `sources` names columns that are no canonical field but from which one follows, by what
    they hold: {"line_total": 7} when a sale-lines table has line totals and no unit price
    (the pipeline divides by the quantity).
    """

    entity: str | None
    confidence: float
    columns: list[ColumnMatch]
    sources: dict[str, int] = field(default_factory=dict)


@dataclass
class Parsed:
    """A column parsed to its canonical type.

    `values` has the canonical dtype, null where the cell was empty or failed;
    `errors` is a String series, null where the cell parsed (or was empty), else the reason
    in plain words; `currency` holds an ISO 4217 code per cell when the cells carried one
    ("€ 12,50", "12.50 USD"), else None; `detail` says what was inferred (e.g. the date format).
    """

    values: pl.Series
    errors: pl.Series
    currency: pl.Series | None = None
    detail: dict[str, str] = field(default_factory=dict)
