"""Spreadsheets (XLSX, XLSM, XLSB, XLS, ODS) with python-calamine: every non-empty sheet as text cells."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import python_calamine as calamine

from rung.engine.ingest.read_tidy import Merge, tidy
from rung.engine.ingest.types import ROW, IngestError, RawTable

Cell = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def format_number(value: float) -> str:
    """A number as a person would type it: 12.5 (not 12.500000000000002), 3 (not 3.0)."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def cell_text(value: Cell) -> str | None:
    """One spreadsheet cell as text: ISO dates, numbers without float noise."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.datetime):
        if value.microsecond:
            return value.isoformat(sep=" ", timespec="milliseconds")
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        seconds = abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return str(value)


def is_encrypted_office(path: Path) -> bool:
    """An OLE2 container holding an encrypted Office Open XML package (a password-protected xlsx)."""
    with path.open("rb") as handle:
        if handle.read(8) != OLE2_MAGIC:
            return False
        handle.seek(0)
        tail = b""
        while chunk := handle.read(4 * 1024 * 1024):
            window = tail + chunk
            if any(name in window for name in _ENCRYPTED_STREAMS):
                return True
            tail = window[-64:]
    return False


LOCKED_MESSAGE = (
    "{name} is protected with a password, so it cannot be read. "
    "Open it in Excel (or LibreOffice), remove the password (File > Info > Protect Workbook > "
    "Encrypt with Password, and clear it), save it, and import it again."
)


def read_spreadsheet(path: Path, *, source: str, kind: str) -> list[RawTable]:
    """Every non-empty sheet of a workbook; IngestError when the workbook cannot be read."""
    if is_encrypted_office(path):
        raise IngestError(LOCKED_MESSAGE.format(name=source))
    _check_xlsx_extent(path, source=source)
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError as exc:
        raise IngestError(LOCKED_MESSAGE.format(name=source)) from exc
    except Exception as exc:
        raise IngestError(
            f"{source} looks like a spreadsheet ({kind}) but it cannot be read: it is damaged or not "
            f"complete ({exc}). Open it in your spreadsheet program and save it again, or export "
            "the data as CSV."
        ) from exc
    tables: list[RawTable] = []
    with workbook:
        for name in workbook.sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                _check_size(sheet.total_height, sheet.total_width, source=source, sheet=name)
                rows = sheet.to_python(skip_empty_area=False)
                merges: list[Merge] = list(sheet.merged_cell_ranges or [])
            except Exception as exc:
                raise IngestError(
                    f"Sheet '{name}' of {source} cannot be read: it is damaged ({exc}). Open the file "
                    "in your spreadsheet program and save it again, or export the sheet as CSV."
                ) from exc
            table = _sheet_table(rows, merges, source=source, sheet=name)
            if table is not None:
                tables.append(table)
    return tables


def _sheet_table(rows: list[list[Cell]], merges: list[Merge], *, source: str, sheet: str) -> RawTable | None:
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        return None
    columns: dict[str, list[str | None]] = {f"c{i}": [] for i in range(width)}
    numbers: list[int] = []
    for index, row in enumerate(rows):
        texts = [cell_text(v) for v in row]
        if not any(t is not None for t in texts):
            continue
        numbers.append(index + 1)
        for i in range(width):
            columns[f"c{i}"].append(texts[i] if i < len(texts) else None)
    if not numbers:
        return None
    grid = pl.DataFrame({**columns, ROW: numbers}, schema={**{c: pl.String for c in columns}, ROW: pl.Int64})
    return tidy(grid, source=source, sheet=sheet, merges=merges, unit="row")


MAX_CELLS = 50_000_000
MAX_COLUMNS = 2_000


def _check_size(height: int, width: int, *, source: str, sheet: str) -> None:
    """Refuse a sheet whose used area is absurd before the whole grid is built in memory.

    One value in A1 and one in XFD1048576 makes a 17-billion-cell grid; reading it would
    take the worker down instead of telling the owner.
    """
    if width > MAX_COLUMNS or height * width > MAX_CELLS:
        raise IngestError(
            f"Sheet '{sheet}' of {source} spans {height:,} rows and {width:,} columns, far more than a "
            "table of data. Something is typed far away from the table: delete the empty rows and "
            "columns around it (or copy the table to a new sheet), save, and import again."
        )


_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _check_xlsx_extent(path: Path, *, source: str) -> None:
    """Find the used area of every worksheet of an xlsx from its XML, before calamine reads it.

    calamine allocates the whole bounding box of a sheet when it opens it, so a lone cell in
    XFD1048576 would abort the process; the cell references are scanned here in a stream.
    """
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows = columns = 0
            tail = b""
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    window = tail + chunk
                    for letters, digits in _CELL_REF.findall(window):
                        rows = max(rows, int(digits))
                        columns = max(columns, _column_number(letters))
                    tail = window[-32:]
            _check_size(
                rows, columns, source=source, sheet=info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
            )
