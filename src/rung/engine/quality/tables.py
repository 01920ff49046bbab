"""The canonical tables a quality check reads, whichever way they were loaded.

Checks run on a business's store and on files imported in memory (`rung quality FILE`),
so they take a plain mapping of entity name to frame instead of a store.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

Tables = Mapping[str, pl.DataFrame]


def table(tables: Tables, name: str) -> pl.DataFrame | None:
    """The entity's rows, or None when it has none (a check of an absent table finds nothing)."""
    frame = tables.get(name)
    return frame if frame is not None and frame.height else None


def sold_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """Sale lines that are sales, not returns or cancellations."""
    return lines.filter(~pl.col("return_flag").fill_null(False) & (pl.col("quantity") > 0))


def usual_names(lines: pl.DataFrame) -> pl.DataFrame:
    """product_id -> the description most lines of the product carry (ties: the first in sort order)."""
    return (
        lines.filter(pl.col("description").is_not_null())
        .group_by("product_id", "description")
        .agg(n=pl.len())
        .sort(["product_id", "n", "description"], descending=[False, True, False])
        .group_by("product_id", maintain_order=True)
        .agg(name=pl.col("description").first(), names=pl.len())
    )
