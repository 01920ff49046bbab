"""Files that cannot be imported get a plain-words IngestError that says what to do."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rung.engine.ingest.read import read_file
from rung.engine.ingest.types import IngestError

FIXTURES = Path(__file__).parent / "fixtures"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"sales\.csv is empty \(0 bytes\)\. Export the data again"):
        read_file(_write(tmp_path, "sales.csv", b""))


def test_file_with_only_blank_lines(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="holds no data: it has only empty lines"):
        read_file(_write(tmp_path, "sales.csv", b"\r\n \r\n;;;\r\n"))


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "a JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,
            r"a Windows program \(\.exe\)",
        ),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
        (bytes(range(256)) * 8, r"a binary file \(not text\)"),
    ],
)
def test_binary_renamed_csv(tmp_path: Path, data: bytes, what: str) -> None:
    with pytest.raises(IngestError, match=rf"sales\.csv is {what}, not a table of data\. Import a CSV"):
        read_file(_write(tmp_path, "sales.csv", data))


def test_word_document_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(IngestError, match="is a Word document, not a table of data"):
        read_file(path)


def test_file_bigger_than_the_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "huge.csv", b"a,b\n" + b"1,2\n" * 1000)
    with pytest.raises(IngestError, match=r"huge\.csv is 4\.0 KB, more than the 1\.0 KB .* split the file"):
        read_file(path, max_bytes=1000)


def test_password_protected_xlsx() -> None:
    # made with msoffcrypto-tool from a real workbook (see fixtures/README.md)
    with pytest.raises(IngestError, match=r"protected with a password.*remove the password"):
        read_file(FIXTURES / "password-protected.xlsx")


def test_password_protected_xlsx_under_another_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "export.csv", (FIXTURES / "password-protected.xlsx").read_bytes())
    with pytest.raises(IngestError, match=r"export\.csv is protected with a password"):
        read_file(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["a", "b"])
    buffer = io.BytesIO()
    wb.save(buffer)
    path = _write(tmp_path, "broken.xlsx", buffer.getvalue()[:2000])
    with pytest.raises(IngestError, match=r"broken\.xlsx is a damaged or incomplete ZIP file"):
        read_file(path)


def test_corrupt_workbook_part(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='S' r:id=")
    with pytest.raises(
        IngestError, match=r"corrupt\.xlsx looks like a spreadsheet \(Excel\) but it cannot be read"
    ):
        read_file(path)


def test_corrupt_xls(tmp_path: Path) -> None:
    data = (FIXTURES / "legacy.xls").read_bytes()
    path = _write(tmp_path, "old.xls", data[:512] + b"\x00" * 100)
    with pytest.raises(IngestError, match=r"old\.xls .*cannot be read"):
        read_file(path)


def test_text_named_like_a_spreadsheet(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="named like a spreadsheet but holds text"):
        read_file(_write(tmp_path, "notes.xlsx", b"Just some notes about the shop\nnothing tabular\n"))
    # ...unless the text is a table: then it is read as one
    (table,) = read_file(_write(tmp_path, "sales.xls", b"Item;Qty\nTea;2\n"))
    assert table.headers == ["Item", "Qty"]
    assert any("named like a spreadsheet" in n for n in table.notes)


def test_html_saved_as_xls(tmp_path: Path) -> None:
    page = b"<html><body><table><tr><td>Item</td><td>Qty</td></tr></table></body></html>"
    with pytest.raises(IngestError, match=r"is a web page \(HTML\).*save it as \.xlsx or \.csv"):
        read_file(_write(tmp_path, "export.csv", page))


def test_invalid_json(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"orders\.json is not valid JSON \(line 2"):
        read_file(_write(tmp_path, "orders.json", b'[{"id": 1},\n {"id": }]'))


def test_json_that_is_not_records(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="is JSON but not a list of records"):
        read_file(_write(tmp_path, "numbers.json", b"[1, 2, 3]"))


def test_bad_ndjson_line(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"Line 2 of events\.ndjson is not valid JSON"):
        read_file(_write(tmp_path, "events.ndjson", b'{"a": 1}\n{"a": \n'))


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("sales.csv", b"0" * 11_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(IngestError, match=r"bomb\.zip unpacks to 11\.0 MB .*compressed \d+ times.*zip bomb"):
        read_file(path)


def test_zip_bigger_than_the_limit_when_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", "x,y\n" + "1,2\n" * 500)
        archive.writestr("b.csv", "x,y\n" + "1,2\n" * 500)
    with pytest.raises(IngestError, match=r"big\.zip unpacks to 4\.0 KB, more than the 3\.0 KB limit"):
        read_file(path, max_bytes=3000)


def test_zip_member_that_lies_about_its_size(tmp_path: Path) -> None:
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.csv", "x,y\n" + "1,2\n" * 50)
    data = bytearray(path.read_bytes())
    # shrink the declared size in the central directory (offset 24 of its entry) to 10 bytes
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match=r"liar\.zip"):
        read_file(path)


def test_password_protected_zip(tmp_path: Path) -> None:
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "x,y\n1,2\n")
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        data[at + offset] |= 0x1  # the "encrypted" flag
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match="password-protected ZIP archive"):
        read_file(path)


def test_empty_zip(tmp_path: Path) -> None:
    path = tmp_path / "nothing.zip"
    zipfile.ZipFile(path, "w").close()  # an archive with no members
    with pytest.raises(IngestError, match="empty ZIP archive"):
        read_file(path)


def test_name_is_used_in_messages(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"upload from Anna\.csv is empty"):
        read_file(_write(tmp_path, "tmp123", b""), name="upload from Anna.csv")


def test_damaged_gzip_is_explained(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"sales\.csv\.gz is a damaged gzip file"):
        read_file(_write(tmp_path, "sales.csv.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 20))


def test_gzip_that_unpacks_too_large_is_refused(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "big.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\n" + b"1,2\n" * 300_000))
    with pytest.raises(IngestError, match="more than the"):
        read_file(path, max_bytes=100_000)


def test_a_sheet_with_a_far_away_cell_is_refused_before_it_fills_memory(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "sparse.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Datum"
    book.active["XFD1048576"] = "x"
    book.save(path)
    with pytest.raises(IngestError, match="far more than a table of data"):
        read_file(path)


def test_a_line_of_thousands_of_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="far more than a table of data"):
        read_file(_write(tmp_path, "wide.csv", b"a" + b",a" * 5000 + b"\n1" + b",2" * 5000 + b"\n"))


def test_a_gzip_bomb_is_refused(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\n" + b"0,0\n" * 4_000_000, compresslevel=9))
    with pytest.raises(IngestError, match="unpacks to more than 100 times its size"):
        read_file(path)
