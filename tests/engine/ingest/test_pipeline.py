"""Files end to end: every row read is stored, already stored or set aside with its reason."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from rung.engine.ingest.pipeline import ORDER_PRODUCT, Context, run_import
from rung.engine.store import BusinessStore, Grant

SHARED = Path(__file__).resolve().parents[4] / "shared" / "datasets" / "vendor-export-samples"

KASSA = (
    "Bestelnummer;Datum;Klantnummer;Artikelnummer;Omschrijving;Aantal;Prijs\n"
    "1001;05-03-2024 09:15;K1;A-1;Appeltaart;2;12,50\n"
    "1001;05-03-2024 09:15;K1;B-2;Brood;1;3,20\n"
    "1002;16-03-2024 10:00;K2;A-1;Appeltaart;1;12,50\n"
    "1003;;K3;A-1;Appeltaart;1;12,50\n"
)
PAYMENTS = (
    "id,Created date (UTC),Amount,Currency,Customer Email,Status\n"
    "ch_1,2024-03-05 10:00:00,25.00,eur,ann@example.com,Paid\n"
    "ch_2,2024-03-06 11:30:00,40.50,eur,bob@example.com,Paid\n"
)


@pytest.fixture
def store(tmp_path: Path) -> BusinessStore:
    return BusinessStore(tmp_path / "data", Grant("bakery", "alice", can_write=True))


def _file(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _accounted(result) -> None:  # type: ignore[no-untyped-def]
    for table in result.tables:
        assert table.rows == table.stored + table.already_stored + table.quarantined, table


def test_rows_are_stored_or_set_aside_with_a_reason(tmp_path: Path, store: BusinessStore) -> None:
    path = _file(tmp_path, "kassa.csv", KASSA, "cp1252")
    result = run_import([path], Context(currency="EUR", country="NL"), store=store, batch="b1")
    _accounted(result)
    (table,) = result.tables
    assert (table.entity, table.stored, table.quarantined) == ("sale_lines", 3, 1)
    quarantine = store.read_quarantine()
    assert quarantine.select("row", "reason").to_dicts() == [{"row": 5, "reason": "timestamp is empty"}]
    assert '"Bestelnummer":"1003"' in quarantine.get_column("cells")[0]
    assert store.read("sale_lines").get_column("line_no").to_list() == [1, 2, 1]


def test_a_dry_run_stores_nothing(tmp_path: Path, store: BusinessStore) -> None:
    result = run_import([_file(tmp_path, "k.csv", KASSA)], Context(), store=None, batch=None)
    assert result.batch is None and result.tables[0].stored == 3
    assert not store.path.exists()


def test_reimporting_an_overlapping_export_adds_nothing(tmp_path: Path, store: BusinessStore) -> None:
    path = _file(tmp_path, "k.csv", KASSA)
    run_import([path], Context(), store=store, batch="b1")
    again = run_import([path, _file(tmp_path, "copy.csv", KASSA)], Context(), store=store, batch="b2")
    _accounted(again)
    assert [(t.stored, t.already_stored) for t in again.tables] == [(0, 3), (0, 3)]
    assert store.read("sale_lines").height == 3


def test_two_files_of_one_name_keep_both_hashes(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "web").mkdir()
    first = _file(tmp_path / "shop", "orders.csv", KASSA)
    second = _file(tmp_path / "web", "orders.csv", PAYMENTS)
    result = run_import([first, second], Context(), store=None, batch=None)
    assert list(result.files) == ["orders.csv", "orders.csv (2)"]
    assert result.files["orders.csv"] != result.files["orders.csv (2)"]


def test_a_failed_write_leaves_nothing_of_the_batch(
    tmp_path: Path, store: BusinessStore, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "write_quarantine", broken)
    with pytest.raises(OSError, match="disk full"):
        run_import([_file(tmp_path, "k.csv", KASSA)], Context(), store=store, batch="b1")
    assert store.read("sale_lines").height == 0


def test_order_level_exports_become_one_line_per_order(tmp_path: Path, store: BusinessStore) -> None:
    result = run_import([_file(tmp_path, "payments.csv", PAYMENTS)], Context(), store=store, batch="b1")
    assert result.tables[0].entity == "orders"
    lines = store.read("sale_lines").sort("order_id")
    assert lines.get_column("product_id").to_list() == [ORDER_PRODUCT, ORDER_PRODUCT]
    assert [float(v) for v in lines.get_column("unit_price")] == [25.0, 40.5]
    assert lines.get_column("currency").to_list() == ["EUR", "EUR"]


def test_an_unrecognised_table_is_set_aside_whole(tmp_path: Path, store: BusinessStore) -> None:
    text = "Temperature;Humidity\n21,5;40\n22,0;42\n"
    result = run_import([_file(tmp_path, "weather.csv", text)], Context(), store=store, batch="b1")
    _accounted(result)
    assert (result.tables[0].entity, result.tables[0].quarantined) == (None, 2)
    assert set(store.read_quarantine().get_column("reason")) == {"table not recognised"}


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/datasets is not beside this clone")
def test_shopify_orders_take_the_currency_of_their_first_line(store: BusinessStore) -> None:
    path = SHARED / "shopify" / "orders_export_1.redacted.csv"
    result = run_import([path], Context(currency="GBP"), store=store, batch="b1")
    _accounted(result)
    assert result.tables[0].quarantined == 0
    lines = store.read("sale_lines")
    raw = pl.read_csv(path, infer_schema=False)
    assert lines.height == raw.height
    assert "GBP" not in lines.get_column("currency").to_list()  # every line has its order's own currency


def test_a_table_missing_a_required_field_waits_for_the_owner(tmp_path: Path) -> None:
    """Sale lines with no date: every row set aside with the reason, and the owner is asked."""
    text = "Bestelnummer;Artikelnummer;Aantal;Prijs\n1;A-1;2;12,50\n2;B-2;1;3,20\n"
    result = run_import([_file(tmp_path, "kassa.csv", text)], Context(), store=None, batch=None)
    _accounted(result)
    (table,) = result.tables
    assert (table.entity, table.missing, table.stored, table.quarantined) == (
        "sale_lines",
        ["timestamp"],
        0,
        2,
    )
    assert table.needs_confirmation
    assert any("no column holds timestamp" in note for note in table.notes)


def test_sales_without_prices_keep_their_quantities(tmp_path: Path, store: BusinessStore) -> None:
    """A bakery's till list (date, time, receipt, item): one unit per row, no price, owner told."""
    text = (
        "Date,Time,Transaction,Item\n"
        "2016-10-30,09:58:11,1,Bread\n2016-10-30,10:05:34,2,Scandinavian\n2016-10-30,10:05:34,2,Scandinavian\n"
    )
    result = run_import(
        [_file(tmp_path, "bakery.csv", text)], Context(currency="GBP"), store=store, batch="b1"
    )
    _accounted(result)
    (table,) = result.tables
    assert (table.entity, table.stored, table.quarantined, table.missing) == ("sale_lines", 3, 0, [])
    assert any("no prices" in note for note in table.notes)
    lines = store.read("sale_lines").sort("order_id", "line_no")
    assert lines.get_column("quantity").to_list() == [1.0, 1.0, 1.0]
    assert lines.get_column("unit_price").null_count() == 3
    assert lines.get_column("product_id").to_list() == ["Bread", "Scandinavian", "Scandinavian"]


def test_a_line_total_without_a_unit_price_is_divided_by_the_quantity(
    tmp_path: Path, store: BusinessStore
) -> None:
    text = (
        "Receipt;Date;Item;Qty;Line total\n"
        "R1;05-03-2024 09:15;Croissant;4;€ 6,00\n"
        "R1;05-03-2024 09:15;Bread;1;€ 3,20\n"
        "R2;06-03-2024 10:00;Croissant;0;€ 0,00\n"
    )
    result = run_import([_file(tmp_path, "till.csv", text)], Context(currency="USD"), store=store, batch="b1")
    _accounted(result)
    assert any("'Line total' ÷ quantity" in note for note in result.tables[0].notes)
    lines = store.read("sale_lines").sort("order_id", "line_no")
    assert [None if p is None else float(p) for p in lines.get_column("unit_price").to_list()] == [
        1.5,
        3.2,
        None,
    ]
    assert set(lines.get_column("currency").to_list()) == {"EUR"}


def test_a_date_and_a_time_column_make_one_timestamp(tmp_path: Path, store: BusinessStore) -> None:
    text = (
        "Datum;Tijd;Bonnummer;Artikelnummer;Aantal;Prijs\n"
        "05-03-2024;09:15;1;A-1;2;12,50\n"
        "05-03-2024;17:40:05;2;B-2;1;3,20\n"
    )
    run_import(
        [_file(tmp_path, "kassa.csv", text)], Context(time_zone="Europe/Amsterdam"), store=store, batch="b1"
    )
    stamps = store.read("sale_lines").sort("order_id").get_column("timestamp").to_list()
    assert [(t.hour, t.minute, t.second) for t in stamps] == [(8, 15, 0), (16, 40, 5)]  # UTC, from CET


def test_a_column_called_time_that_holds_no_times_is_left_alone(tmp_path: Path) -> None:
    text = "Datum;Time;Bonnummer;Artikelnummer;Aantal;Prijs\n05-03-2024;morning;1;A-1;2;12,50\n"
    result = run_import([_file(tmp_path, "kassa.csv", text)], Context(), store=None, batch=None)
    assert not any("read together" in note for note in result.tables[0].notes)
