"""The fast paths of the import give exactly what the general expressions give."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from rung.engine.ingest import pipeline
from rung.engine.ingest.pipeline import Context, _line_numbers, prepare
from rung.engine.ingest.values_common import clean


@pytest.mark.parametrize(
    "orders",
    [
        ["a", "a", "b", "b", "b", "c"],  # grouped: one run per order
        ["a", "b", "a", "c", "b", "a"],  # lines of an order apart
        [None, None, "a", None, "a"],  # empty order ids form one group
        [None, None, "a", "a"],
        ["a"],
        [],
    ],
)
def test_line_numbers_match_a_window_over_the_order(orders: list[str | None]) -> None:
    series = pl.Series("order_id", orders, dtype=pl.String)
    expected = (
        pl.DataFrame({"order_id": series})
        .select(pl.int_range(1, pl.len() + 1).over("order_id").cast(pl.Int64).alias("line_no"))
        .to_series()
    )
    assert _line_numbers(series).to_list() == expected.to_list()
    assert _line_numbers(series).dtype == pl.Int64


def test_clean_strips_whitespace_and_zero_width_characters() -> None:
    cells = pl.Series(["  12 ", "", "   ", "\u200b", "\ufeff 7", "a\u00a0", None, "x"])
    assert clean(cells).to_list() == ["12", None, None, None, " 7", "a", None, "x"]


def test_clean_of_plain_ascii_cells_keeps_them() -> None:
    cells = pl.Series(["1", "b", None])
    assert clean(cells).to_list() == ["1", "b", None]


KASSA = (
    "Bestelnummer;Datum;Klantnummer;Artikelnummer;Omschrijving;Aantal;Prijs\n"
    "1001;05-03-2024 09:15;K1;A-1;Appeltaart;2;12,50\n"
    "1001;05-03-2024 09:15;K1;B-2;Brood;1;3,20\n"
    "1002;16-03-2024 10:00;K2;A-1;Appeltaart;1;€ 12,50\n"
    "1003;;K3;A-1;Appeltaart;x;12,50\n"
    "1002;16-03-2024 10:00;K2;C-3;Koffie;1;2,10\n"
)


def test_columns_parsed_on_threads_give_the_same_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kassa.csv"
    path.write_text(KASSA, encoding="utf-8")
    context = Context(currency="EUR", country="NL")
    [alone] = prepare(path, context)
    monkeypatch.setattr(pipeline, "_PARALLEL_ROWS", 1)
    [threaded] = prepare(path, context)
    assert alone.frame is not None and threaded.frame is not None
    assert threaded.frame.equals(alone.frame)
    assert threaded.quarantine.equals(alone.quarantine)
    assert threaded.report.as_dict() == alone.report.as_dict()
    assert threaded.frame.get_column("line_no").to_list() == [1, 2, 1, 2]
