"""Reading spreadsheets (XLSX, XLS, ODS), JSON, NDJSON and ZIP archives, written as real files."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rung.engine.ingest.read import read_file
from rung.engine.ingest.read_sheet import cell_text, format_number
from rung.engine.ingest.types import ROW, IngestError, RawTable

FIXTURES = Path(__file__).parent / "fixtures"


def _cells(table: RawTable) -> list[list[str | None]]:
    return [list(r) for r in table.data.drop(ROW).rows()]


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    sales = wb.active
    assert sales is not None
    sales.title = "Sales"
    sales["A1"] = "Sales report Q1 2024"
    sales.merge_cells("A1:E1")
    sales["A2"] = "Shop: De Kaasboer"
    # row 3 empty; row 4 holds group titles over merged cells, row 5 the header
    sales["A4"] = "Order"
    sales["B4"] = "Billing"
    sales.merge_cells("B4:C4")
    sales["D4"] = "Amounts"
    sales.merge_cells("D4:E4")
    sales.append(["Date", "Name", "City", "Qty", "Price"])
    sales.append([dt.date(2024, 3, 5), "Ann", "Porto", 3, 12.500000000000002])
    afternoon = dt.datetime(2024, 3, 6, 14, 30)  # noqa: DTZ001 (a spreadsheet cell has no zone)
    sales.append([afternoon, "Bob", "Köln", 10, 0.1 + 0.2])
    sales.append([None, None, None, None, None])
    sales.append([dt.date(2024, 3, 7), "Eve", "Lyon", 2, 1e-7])
    sales.append(["Total", None, None, 15, 12.8000001])
    customers = wb.create_sheet("Customers")
    customers.append(["Name", "E-mail", "Since", "VIP"])
    customers.append(["Ann", "ann@example.com", 2019, True])
    wb.create_sheet("Empty")
    wb.save(path)
    return path


def test_xlsx_every_sheet_with_title_merged_header_and_totals(tmp_path: Path) -> None:
    tables = read_file(_workbook(tmp_path / "report.xlsx"))
    assert [t.sheet for t in tables] == ["Sales", "Customers"]
    sales, customers = tables
    assert sales.source == "report.xlsx"
    assert sales.headers == ["Order Date", "Billing Name", "Billing City", "Amounts Qty", "Amounts Price"]
    assert _cells(sales) == [
        ["2024-03-05", "Ann", "Porto", "3", "12.5"],
        ["2024-03-06 14:30:00", "Bob", "Köln", "10", "0.3"],
        ["2024-03-07", "Eve", "Lyon", "2", "0.0000001"],
    ]
    assert sales.data.get_column(ROW).to_list() == [6, 7, 9]
    assert sales.skipped == [(10, "totals line")]
    assert any("above the header" in n and "rows 1-2" in n for n in sales.notes)
    assert customers.headers == ["Name", "E-mail", "Since", "VIP"]
    assert _cells(customers) == [["Ann", "ann@example.com", "2019", "TRUE"]]


def test_xlsx_title_merged_over_whole_table_is_not_a_group(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Price list"
    ws.merge_cells("A1:C1")
    ws.append(["SKU", "Name", "Price"])
    ws.append(["A1", "Tea", 2.5])
    path = tmp_path / "prices.xlsx"
    wb.save(path)
    (table,) = read_file(path)
    assert table.headers == ["SKU", "Name", "Price"]
    assert _cells(table) == [["A1", "Tea", "2.5"]]


def test_xlsx_header_only_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["SKU", "Name", "Price"])
    path = tmp_path / "empty-list.xlsx"
    wb.save(path)
    (table,) = read_file(path)
    assert table.rows == 0
    assert table.headers == ["SKU", "Name", "Price"]
    assert any("no data rows" in n for n in table.notes)


def test_legacy_xls() -> None:
    # made with xlwt (see fixtures/README.md): a "Sales" sheet and an empty one
    (table,) = read_file(FIXTURES / "legacy.xls")
    assert table.sheet == "Sales"
    assert table.headers == ["Product", "Date", "Qty", "Price"]
    assert _cells(table) == [["Tea", "2024-03-05", "3", "12.5"], ["Coffee", "2024-03-06", "10", "0.3"]]


def _ods(path: Path) -> Path:
    """A minimal valid OpenDocument spreadsheet, as LibreOffice lays one out."""
    content = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="Voorraad">
<table:table-row><table:table-cell office:value-type="string"><text:p>Artikel</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Aantal</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Geteld op</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Kaas</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>
<table:table-cell office:value-type="date" office:date-value="2024-03-05">
<text:p>05-03-24</text:p></table:table-cell>
</table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Brood</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="2.75"><text:p>2,75</text:p></table:table-cell>
<table:table-cell office:value-type="date" office:date-value="2024-03-06">
<text:p>06-03-24</text:p></table:table-cell>
</table:table-row>
</table:table>
<table:table table:name="Leeg"/>
</office:spreadsheet></office:body></office:document-content>"""
    manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        # LibreOffice writes no whitespace between the elements of a table
        archive.writestr("content.xml", content.replace(">\n<", "><"), zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def test_ods(tmp_path: Path) -> None:
    (table,) = read_file(_ods(tmp_path / "voorraad.ods"))
    assert table.sheet == "Voorraad"
    assert table.headers == ["Artikel", "Aantal", "Geteld op"]
    assert _cells(table) == [["Kaas", "12", "2024-03-05"], ["Brood", "2.75", "2024-03-06"]]


def test_spreadsheet_with_wrong_extension_is_sniffed(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "report.xlsx").rename(tmp_path / "report.bin")
    assert [t.sheet for t in read_file(path)] == ["Sales", "Customers"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12.500000000000002, "12.5"),
        (0.1 + 0.2, "0.3"),
        (3.0, "3"),
        (-1250.0, "-1250"),
        (1e-7, "0.0000001"),
        (1234567890123.45, "1234567890123.45"),
        (1e20, "100000000000000000000"),
    ],
)
def test_numbers_without_float_noise(value: float, text: str) -> None:
    assert format_number(value) == text


def test_cell_text() -> None:
    assert cell_text(dt.date(2024, 1, 2)) == "2024-01-02"
    assert cell_text(dt.datetime(2024, 1, 2, 3, 4, 5))  # noqa: DTZ001 == "2024-01-02 03:04:05"
    assert cell_text(dt.time(9, 30)) == "09:30:00"
    assert cell_text(dt.timedelta(hours=26, minutes=5)) == "26:05:00"
    assert cell_text(7) == "7"
    assert cell_text(False) == "FALSE"
    assert cell_text("  ") is None


def test_json_array_with_nested_objects(tmp_path: Path) -> None:
    records = [
        {
            "id": 1,
            "total": 12.5,
            "customer": {"name": "Ann", "email": "ann@example.com"},
            "items": [{"sku": "A"}],
        },
        {"id": 2, "total": 7, "customer": {"name": "李雷", "address": {"city": "北京"}}, "paid": True},
    ]
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    (table,) = read_file(path)
    assert table.headers == [
        "id",
        "total",
        "customer.name",
        "customer.email",
        "items",
        "customer.address",
        "paid",
    ]
    assert _cells(table) == [
        ["1", "12.5", "Ann", "ann@example.com", '[{"sku": "A"}]', None, None],
        ["2", "7", "李雷", None, None, '{"city": "北京"}', "true"],
    ]
    # the records start on lines 2 and 14 of the indented file
    text = path.read_text(encoding="utf-8").splitlines()
    starts = [i + 1 for i, line in enumerate(text) if line == "  {"]
    assert table.data.get_column(ROW).to_list() == starts


def test_json_object_holding_an_array(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"exported": "2024-03-01", "products": [{"sku": "A1", "price": "2.50"}]}))
    (table,) = read_file(path)
    assert table.sheet == "products"
    assert table.headers == ["sku", "price"]
    assert _cells(table) == [["A1", "2.50"]]


def test_ndjson(tmp_path: Path) -> None:
    lines = [
        '{"order": "1001", "customer": {"name": "Ann", "country": "PT"}, "qty": 2}',
        "",
        '{"order": "1002", "customer": {"name": "Bob"}, "qty": 1.5, "note": "gift"}',
    ]
    path = tmp_path / "orders.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (table,) = read_file(path)
    assert table.headers == ["order", "customer.name", "customer.country", "qty", "note"]
    assert _cells(table) == [["1001", "Ann", "PT", "2", None], ["1002", "Bob", None, "1.5", "gift"]]
    assert table.data.get_column(ROW).to_list() == [1, 3]
    # detected from the content too, whatever the name
    renamed = path.rename(tmp_path / "orders.txt")
    assert read_file(renamed)[0].headers == table.headers


def test_zip_of_exports_with_a_nested_zip(tmp_path: Path) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customers.csv", "Name;City\nAnn;Porto\n")
    workbook = _workbook(tmp_path / "report.xlsx")
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("orders/inner.csv", "Order,Total\n1,2.50\n")
        archive.write(workbook, "report.xlsx")
        archive.write(inner, "more.zip")
        archive.writestr("__MACOSX/._inner.csv", b"\x00\x05\x16\x07")
        archive.writestr("orders/", "")
    tables = read_file(path)
    assert [(t.source, t.sheet) for t in tables] == [
        ("archive.zip/orders/inner.csv", None),
        ("archive.zip/report.xlsx", "Sales"),
        ("archive.zip/report.xlsx", "Customers"),
        ("archive.zip/more.zip/customers.csv", None),
    ]
    assert _cells(tables[-1]) == [["Ann", "Porto"]]


def test_zip_three_levels_deep_is_not_opened(tmp_path: Path) -> None:
    innermost = tmp_path / "c.zip"
    with zipfile.ZipFile(innermost, "w") as archive:
        archive.writestr("deep.csv", "a,b\n1,2\n")
    middle = tmp_path / "b.zip"
    with zipfile.ZipFile(middle, "w") as archive:
        archive.write(innermost, "c.zip")
        archive.writestr("ok.csv", "x,y\n3,4\n")
    outer = tmp_path / "a.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(middle, "b.zip")
    (table,) = read_file(outer)
    assert table.source == "a.zip/b.zip/ok.csv"
    assert any("archive inside an archive" in n for n in table.notes)


def test_zip_member_that_fails_is_reported_with_the_others_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("good.csv", "a,b\n1,2\n")
        archive.writestr("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (table,) = read_file(path)
    assert any("mixed.zip/photo.csv is a PNG image" in n for n in table.notes)


def test_zip_with_nothing_readable(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    with pytest.raises(IngestError, match=r"No table could be read from the ZIP archive photos\.zip"):
        read_file(path)


def test_gzipped_csv_is_read_as_its_inner_file(tmp_path: Path) -> None:
    import gzip

    text = "Datum;Omzet\n01-03-2024;12,50\n02-03-2024;7,25\n"
    path = tmp_path / "omzet.csv.gz"
    path.write_bytes(gzip.compress(text.encode("cp1252")))
    (table,) = read_file(path)
    assert table.source == "omzet.csv"
    assert table.headers == ["Datum", "Omzet"]
    assert table.column(1).to_list() == ["12,50", "7,25"]
