"""Helpers shared by the value parsers in `values`: cleaning, messages, de-duplication."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

MESSAGE_CELL_CHARS = 60
"""Cells quoted in an error message are cut to this many characters."""

_DEDUP_MIN_ROWS = 20_000
_DEDUP_SAMPLE = 10_000
_DEDUP_MAX_UNIQUE_SHARE = 0.5


def clean(column: pl.Series) -> pl.Series:
    """Text cells stripped of surrounding whitespace (any Unicode space); empty cells -> null."""
    s = column.cast(pl.String).str.strip_chars()
    if has_non_ascii(s):  # zero-width spaces and byte-order marks are not ASCII
        s = s.str.strip_chars("\u200b\ufeff")
    empty = s.str.len_bytes() == 0
    return s.set(empty, None) if empty.any() else s


def has_non_ascii(s: pl.Series) -> bool:
    return bool((s.str.len_bytes() != s.str.len_chars()).any())


def nfkc(s: pl.Series) -> pl.Series:
    """Full-width digits and letters to ASCII, NBSP and narrow NBSP to plain spaces, ...

    Done only when some cell is not plain ASCII, because it is the dearest step.
    """
    return s.str.normalize("NFKC") if has_non_ascii(s) else s


def quoted(cell: pl.Expr) -> pl.Expr:
    """The cell as it appears in a message: in quotes, cut when long."""
    return (
        pl.when(cell.str.len_chars() > MESSAGE_CELL_CHARS)
        .then(cell.str.slice(0, MESSAGE_CELL_CHARS - 1) + "…")
        .otherwise(cell)
    )


def reason(cell: pl.Expr, template: str) -> pl.Expr:
    """`template` with "{}" replaced by the quoted cell, e.g. "'{}' is not a date"."""
    return pl.format(template, quoted(cell))


def fail_reasons(raw: pl.Series, values: pl.Series, message: pl.Expr) -> pl.Series:
    """Errors: `message` (an expression over column "raw") where raw is set but values is null."""
    frame = pl.DataFrame({"raw": raw, "value": values})
    return frame.select(
        pl.when(pl.col("raw").is_not_null() & pl.col("value").is_null())
        .then(message)
        .otherwise(None)
        .cast(pl.String)
        .alias("errors")
    ).to_series()


def worth_deduplicating(s: pl.Series) -> bool:
    """True when a long column repeats its values enough that parsing the unique ones pays."""
    if s.len() < _DEDUP_MIN_ROWS:
        return False
    sample = s.sample(_DEDUP_SAMPLE, seed=0)
    return sample.n_unique() <= _DEDUP_MAX_UNIQUE_SHARE * _DEDUP_SAMPLE


def on_uniques(
    s: pl.Series, parse: Callable[[pl.Series], tuple[pl.DataFrame, dict[str, str]]]
) -> tuple[pl.DataFrame, dict[str, str]]:
    """Run `parse` (one output row per input cell) on the unique cells of s when that pays.

    Inference then counts distinct values rather than cells, which decides the same way
    except in near ties; the result is joined back to every cell, in order.
    """
    if not worth_deduplicating(s):
        return parse(s)
    uniques = s.unique()
    table, detail = parse(uniques)
    keyed = table.with_columns(uniques.alias("__cell"))
    out = pl.DataFrame({"__cell": s}).join(
        keyed, on="__cell", how="left", nulls_equal=True, maintain_order="left", validate="m:1"
    )
    return out.drop("__cell"), detail
