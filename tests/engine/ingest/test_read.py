"""Reading delimited text: encodings, dialects, table cleanup and row numbers, on real bytes."""

from __future__ import annotations

import codecs
from pathlib import Path

import polars as pl
import pytest

from rung.engine.ingest import read_text
from rung.engine.ingest.read import read_file
from rung.engine.ingest.types import ROW, RawTable

JA = (
    "商品コード,商品名,数量,単価,備考\n"
    "A-001,りんごジュース 1L,3,250,冷蔵で保管してください\n"
    "A-002,緑茶ペットボトル,12,120,夏季限定の商品です\n"
    "B-010,おにぎり 鮭,5,140,本日中にお召し上がりください\n"
    "B-011,味噌汁の素,7,98,お湯を注ぐだけで簡単にできます\n"
    "C-100,東京ばな奈,2,1200,お土産に人気があります\n"
)
ZH = (
    "订单编号,商品名称,数量,单价,备注\n"
    "1001,苹果汁,3,12.50,请冷藏保存\n"
    "1002,绿茶饮料,12,4.00,夏季限定商品\n"
    "1003,牛肉面,2,25.00,今天必须吃完\n"
    "1004,北京烤鸭,1,168.00,送货上门服务\n"
    "1005,上海小笼包,6,30.00,顾客非常满意\n"
)
TW = (
    "訂單編號,商品名稱,數量,單價,備註\n"
    "1001,蘋果汁,3,12.50,請冷藏保存\n"
    "1002,綠茶飲料,12,4.00,夏季限定商品\n"
    "1003,牛肉麵,2,25.00,今天必須吃完\n"
    "1004,北京烤鴨,1,168.00,送貨上門服務\n"
    "1005,台北珍珠奶茶,6,30.00,顧客非常滿意\n"
)
EU = (
    "Artikel;Menge;Preis;Bemerkung\n"
    "Müsli Größe XL;3;2,50 €;„Bio“ – neu\n"
    "Käse;1;4,99 €;Straße\n"
    "Äpfel;2;1,20 €;süß\n"
)


def _one(path: Path, **kwargs: object) -> RawTable:
    tables = read_file(path, **kwargs)  # type: ignore[arg-type]
    assert len(tables) == 1
    return tables[0]


def _cells(table: RawTable) -> list[list[str | None]]:
    return [list(r) for r in table.data.drop(ROW).rows()]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (JA, "shift_jis", "cp932"),
        (JA, "cp932", "cp932"),
        (ZH, "gbk", "gb18030"),
        (ZH, "gb18030", "gb18030"),
        (TW, "big5", "cp950"),
        (JA, "utf-8", "utf-8"),
    ],
)
def test_east_asian_encodings(tmp_path: Path, text: str, codec: str, expected: str) -> None:
    table = _one(_write(tmp_path, "export.csv", text.encode(codec)))
    lines = [line.split(",") for line in text.splitlines()]
    assert table.encoding == expected
    assert table.headers == lines[0]
    assert _cells(table) == lines[1:]
    assert table.data.get_column(ROW).to_list() == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + EU.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + EU.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + EU.encode("utf-16-be"), "utf-16-be"),
        (EU.encode("utf-16-le"), "utf-16-le"),
        (EU.encode("utf-16-be"), "utf-16-be"),
        (EU.encode("cp1252"), "cp1252"),
    ],
)
def test_european_encodings_and_boms(tmp_path: Path, data: bytes, expected: str) -> None:
    table = _one(_write(tmp_path, "artikel.csv", data))
    assert table.encoding == expected
    assert table.delimiter == ";"
    assert table.headers == ["Artikel", "Menge", "Preis", "Bemerkung"]
    assert _cells(table)[0] == ["Müsli Größe XL", "3", "2,50 €", "„Bio“ – neu"]
    assert table.column(2).to_list() == ["2,50 €", "4,99 €", "1,20 €"]


def test_latin1_file(tmp_path: Path) -> None:
    text = "Produit,Quantité,Prix\nCafé crème,2,3.50\nPain complet,1,2.10\nCrêpe sucrée\x81,3,4.00\n"
    table = _one(_write(tmp_path, "produits.csv", text.encode("latin-1")))
    assert table.encoding == "latin-1"  # byte 0x81 is not cp1252
    assert table.headers == ["Produit", "Quantité", "Prix"]
    assert table.column(0).to_list()[:2] == ["Café crème", "Pain complet"]


def test_cp1252_preferred_for_western_text(tmp_path: Path) -> None:
    text = "Produit,Quantité,Prix\nCafé crème,2,3.50 €\nPain complet,1,2.10 €\nCrêpe sucrée,3,4.00 €\n"
    table = _one(_write(tmp_path, "produits.csv", text.encode("cp1252")))
    assert table.encoding == "cp1252"
    assert table.column(2).to_list() == ["3.50 €", "2.10 €", "4.00 €"]


@pytest.mark.parametrize(
    ("delimiter", "name"), [(",", "a.csv"), (";", "b.csv"), ("\t", "c.tsv"), ("|", "d.txt")]
)
def test_dialects_with_quoted_delimiters_and_newlines(tmp_path: Path, delimiter: str, name: str) -> None:
    d = delimiter
    text = (
        f"Order{d}Customer{d}Address{d}Total\r\n"
        f'1001{d}"Smith{d} John"{d}"Main St 5\r\nApt 2{d} 3rd floor"{d}12.50\r\n'
        f'1002{d}"Ann ""Annie"" Lee"{d}Ring 1{d}7.00\r\n'
        f"1003{d}Bob{d}{d}3.10\r\n"
    )
    table = _one(_write(tmp_path, name, text.encode("utf-8")))
    assert table.delimiter == delimiter
    assert table.headers == ["Order", "Customer", "Address", "Total"]
    assert _cells(table) == [
        ["1001", f"Smith{d} John", f"Main St 5\r\nApt 2{d} 3rd floor", "12.50"],
        ["1002", 'Ann "Annie" Lee', "Ring 1", "7.00"],
        ["1003", "Bob", None, "3.10"],
    ]
    # the record with the quoted newline takes two lines, so the next one starts on line 4
    assert table.data.get_column(ROW).to_list() == [2, 4, 5]


def test_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    text = "Datum;Artikel;Aantal;Prijs;Btw\n01-03-2024;Kaas, oud;2;4,50;0,41\n02-03-2024;Brood;1;2,25;0,20\n"
    table = _one(_write(tmp_path, "verkoop.csv", text.encode("utf-8")))
    assert table.delimiter == ";"
    assert table.headers == ["Datum", "Artikel", "Aantal", "Prijs", "Btw"]
    assert table.column(3).to_list() == ["4,50", "2,25"]
    assert table.column(1).to_list() == ["Kaas, oud", "Brood"]


def test_old_mac_line_endings(tmp_path: Path) -> None:
    table = _one(_write(tmp_path, "mac.csv", b"a,b\r1,2\r3,4\r"))
    assert table.headers == ["a", "b"]
    assert _cells(table) == [["1", "2"], ["3", "4"]]
    assert table.data.get_column(ROW).to_list() == [2, 3]


def test_preamble_totals_blank_columns_and_empty_rows(tmp_path: Path) -> None:
    text = (
        "Verkoopoverzicht maart 2024\n"
        "Winkel: De Kaasboer, Utrecht\n"
        "\n"
        "Artikel;Aantal;;Bedrag\n"
        "Kaas;3;;13,50\n"
        ";;;\n"
        "Brood;1;;2,25\n"
        "\n"
        "Melk;2;;2,20\n"
        "Totaal;6;;17,95\n"
        "Afgedrukt op 1 april 2024\n"
    )
    table = _one(_write(tmp_path, "overzicht.csv", text.encode("cp1252")))
    assert table.headers == ["Artikel", "Aantal", "Bedrag"]
    assert _cells(table) == [["Kaas", "3", "13,50"], ["Brood", "1", "2,25"], ["Melk", "2", "2,20"]]
    assert table.data.get_column(ROW).to_list() == [5, 7, 9]
    assert table.skipped == [(10, "totals line"), (11, "note below the table")]
    assert any("above the header" in n and "lines 1-2" in n for n in table.notes)
    assert any("empty column" in n for n in table.notes)


@pytest.mark.parametrize(
    "label", ["Total", "TOTAL:", "Summe", "Gesamt", "合計", "合计", "Totale", "Total general"]
)
def test_totals_words(tmp_path: Path, label: str) -> None:
    text = f"Product,Qty,Amount\nTea,1,2.50\nCoffee,2,5.00\n{label},3,7.50\n"
    table = _one(_write(tmp_path, "t.csv", text.encode("utf-8")))
    assert table.rows == 2
    assert table.skipped == [(4, "totals line")]


def test_totals_row_of_only_sums(tmp_path: Path) -> None:
    text = 'Product,Qty,Amount\nTea,1,"1,002.50"\nCoffee,2,5.00\nCake,4,1.25\n,7,"1,008.75"\n'
    table = _one(_write(tmp_path, "t.csv", text.encode("utf-8")))
    assert table.rows == 3
    assert table.skipped == [(5, "totals line")]


def test_last_row_that_is_not_a_total_is_kept(tmp_path: Path) -> None:
    text = "Product,Qty,Amount\nTea,1,2.50\nCoffee,2,5.00\nTotal Gym,1,99.00\n,5,\n"
    table = _one(_write(tmp_path, "t.csv", text.encode("utf-8")))
    # "Total Gym" is a product (a row below it is data); a lone 5 is not the sum of Qty (4)
    assert table.rows == 4
    assert table.skipped == []


def test_repeated_header_lines(tmp_path: Path) -> None:
    text = (
        "Date,Item,Qty\n2024-01-01,Tea,1\nDate,Item,Qty\n2024-01-02,Cake,2\n"
        " Date , Item ,Qty\n2024-01-03,Pie,3\n"
    )
    table = _one(_write(tmp_path, "r.csv", text.encode("utf-8")))
    assert table.column(1).to_list() == ["Tea", "Cake", "Pie"]
    assert table.skipped == [(3, "repeated header line"), (5, "repeated header line")]
    assert table.data.get_column(ROW).to_list() == [2, 4, 6]


def test_group_titles_over_header_in_text(tmp_path: Path) -> None:
    text = (
        "Order,Billing,,Shipping,\n,Name,City,Name,City\n1001,Ann,Porto,Ann,Lisboa\n1002,Bob,Köln,Eve,Bonn\n"
    )
    table = _one(_write(tmp_path, "g.csv", text.encode("utf-8")))
    assert table.headers == ["Order", "Billing Name", "Billing City", "Shipping Name", "Shipping City"]
    assert table.rows == 2


def test_empty_and_duplicate_header_cells(tmp_path: Path) -> None:
    text = "Name,,Amount,Amount\nTea,x,1,2\nCake,y,3,4\n"
    table = _one(_write(tmp_path, "d.csv", text.encode("utf-8")))
    assert table.headers == ["Name", "column 2", "Amount", "Amount"]
    assert table.column(3).to_list() == ["2", "4"]


def test_header_only_file_is_a_table_with_no_rows(tmp_path: Path) -> None:
    table = _one(_write(tmp_path, "h.csv", b"Date,Product,Qty\n"))
    assert table.headers == ["Date", "Product", "Qty"]
    assert table.rows == 0
    assert any("no data rows" in n for n in table.notes)


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    table = _one(_write(tmp_path, "EXPORT.DAT", b"sku\tname\tprice\nA1\tTea\t2.5\n"))
    assert table.delimiter == "\t"
    assert table.headers == ["sku", "name", "price"]


def test_large_file_is_parsed_from_disk_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_text, "IN_MEMORY_LIMIT", 1000)
    monkeypatch.setattr(read_text, "SAMPLE_BYTES", 2000)
    lines = ["Rapport;;", "Artikel;Menge;Preis"] + [f"Käse {i};{i};{i},50 €" for i in range(5000)]
    text = "\r\n".join(lines) + "\r\n"
    for codec, label in (("cp1252", "cp1252"), ("utf-8", "utf-8"), ("utf-16", "utf-16-le")):
        table = _one(_write(tmp_path, f"big-{codec}.csv", text.encode(codec)))
        assert table.encoding == label
        assert table.rows == 5000
        assert table.column(0).to_list()[-1] == "Käse 4999"
        assert table.column(2).to_list()[0] == "0,50 €"
        assert table.data.get_column(ROW).to_list()[:2] == [3, 4]


def test_vectorised_read_of_many_rows(tmp_path: Path) -> None:
    rows = 200_000
    frame = pl.DataFrame({"id": range(rows), "name": [f"item {i}" for i in range(rows)]})
    path = tmp_path / "many.csv"
    frame.write_csv(path, separator=";")
    table = _one(path)
    assert table.rows == rows
    assert table.data.get_column(ROW).to_list()[-1] == rows + 1


SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "datasets" / "vendor-export-samples"


@pytest.mark.parametrize(
    ("relative", "delimiter", "columns", "rows", "first"),
    [
        ("etsy/EtsySoldOrders2023.redacted-excerpt.csv", "\t", 36, 5, "Sale Date"),
        ("shopify/orders_export_1.redacted.csv", ",", 79, 121, "Name"),
        ("shopify/product_template.csv", ",", 47, 3, "Handle"),
        ("woocommerce/sample_products.excerpt.csv", ",", 51, 6, "ID"),
        ("stripe/unified_payments.redacted.csv", ",", 21, 6, "id"),
    ],
)
def test_real_vendor_exports(relative: str, delimiter: str, columns: int, rows: int, first: str) -> None:
    if not SAMPLES.exists():
        pytest.skip(f"{SAMPLES} does not exist in this checkout")
    table = _one(SAMPLES / relative)
    assert table.delimiter == delimiter
    assert len(table.headers) == columns
    assert table.headers[0] == first
    assert table.rows == rows
    assert table.skipped == []
    assert table.data.get_column(ROW).min() == 2


def test_single_column_file(tmp_path: Path) -> None:
    table = _one(_write(tmp_path, "emails.txt", b"E-mail\nann@example.com\nbob@example.com\n"))
    assert table.headers == ["E-mail"]
    assert table.column(0).to_list() == ["ann@example.com", "bob@example.com"]


def test_file_without_a_header_row_is_read_with_a_note(tmp_path: Path) -> None:
    table = _one(
        _write(tmp_path, "numbers.csv", b"1,2.50,2024-01-01\n2,3.10,2024-01-02\n3,4.00,2024-01-03\n")
    )
    assert table.headers == ["1", "2.50", "2024-01-01"]
    assert table.rows == 2
    assert any("No clear header row" in n for n in table.notes)


def test_whitespace_only_cells_are_empty(tmp_path: Path) -> None:
    table = _one(_write(tmp_path, "w.csv", b"a,b\n1,  \n   ,   \n2,x\n"))
    assert _cells(table) == [["1", None], ["2", "x"]]
    assert table.data.get_column(ROW).to_list() == [2, 4]


def test_csv_starting_with_a_bracket_is_not_taken_for_json(tmp_path: Path) -> None:
    table = _one(_write(tmp_path, "export.txt", b"[Date],[Amount]\n2024-01-01,5\n"))
    assert table.headers == ["[Date]", "[Amount]"]
    assert table.rows == 1
