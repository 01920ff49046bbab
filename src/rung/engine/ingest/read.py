"""Read any file a small business exports into `RawTable`s of text cells, the header found.

`read_file` looks at the content, not the extension: delimited text (CSV/TSV/TXT, any common
encoding and dialect, see `read_text`), spreadsheets (XLSX/XLSM/XLSB/XLS/ODS, see
`read_sheet`), JSON and NDJSON (`read_json`) and ZIP archives of these (one level of archives
inside an archive is opened too). Title lines, blank columns, repeated headers, merged-cell
headers and totals are handled in `read_tidy`. Anything that cannot be read raises
`IngestError` with a message for the person who dropped the file in.
"""

from __future__ import annotations

import gzip
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from rung.engine.ingest.read_json import is_ndjson, read_json, read_ndjson
from rung.engine.ingest.read_sheet import OLE2_MAGIC, is_encrypted_office, read_spreadsheet
from rung.engine.ingest.read_text import detect_encoding, looks_like_text, read_delimited
from rung.engine.ingest.read_tidy import tidy
from rung.engine.ingest.types import IngestError, RawTable
from rung.engine.messages import Note
from rung.engine.progress import gettext_noop

__all__ = ["read_file"]

MAX_BYTES = 2_000_000_000
ZIP_RATIO_LIMIT = 100
ZIP_RATIO_MIN_SIZE = 10_000_000
ZIP_DEPTH = 1
"""Archives inside an archive are opened this many levels deep."""

_SPREADSHEET_EXTENSIONS = {
    ".xlsx": "Excel",
    ".xlsm": "Excel",
    ".xlsb": "Excel",
    ".xls": "Excel",
    ".ods": "ODS",
}

# (magic bytes at offset 0, what it is) for files that are not tables
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"MZ", "a Windows program (.exe)"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an audio or video file"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"{\\rtf", "an RTF document"),
)


def read_file(path: Path, *, max_bytes: int = MAX_BYTES, name: str | None = None) -> list[RawTable]:
    """Every table in a file; `name` is how to call the file in messages and `RawTable.source`."""
    source = name or path.name
    return _read(path, source=source, max_bytes=max_bytes, depth=0)


def _too_big(source: str, size: int, max_bytes: int) -> IngestError:
    return IngestError(
        f"{source} is {_size(size)}, more than the {_size(max_bytes)} that can be imported at once. "
        "Export a shorter period (for example one year at a time) or split the file, and import the parts."
    )


def _size(n: int) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} bytes"


def _read(path: Path, *, source: str, max_bytes: int, depth: int) -> list[RawTable]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(
            f"{source} cannot be opened ({exc.strerror}). Check the file and try again."
        ) from exc
    if size == 0:
        raise IngestError(f"{source} is empty (0 bytes). Export the data again and import the new file.")
    if size > max_bytes:
        raise _too_big(source, size, max_bytes)
    with path.open("rb") as handle:
        head = handle.read(65536)
    suffix = PurePosixPath(source).suffix.lower()

    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _read_zip_container(path, source=source, max_bytes=max_bytes, depth=depth)
    if head.startswith(b"\x1f\x8b"):
        return _read_gzip(path, source=source, max_bytes=max_bytes, depth=depth)
    if head.startswith(OLE2_MAGIC):
        if is_encrypted_office(path):
            return read_spreadsheet(path, source=source, kind="Excel")  # raises the password message
        if suffix in (".doc", ".ppt", ".msg"):
            raise _not_a_table(source, "a Microsoft Office document that is not a spreadsheet")
        return read_spreadsheet(path, source=source, kind="Excel (.xls)")
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise _not_a_table(source, what)
    if head[4:8] == b"ftyp":
        raise _not_a_table(source, "a video or image file")
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise _not_a_table(source, "an image, audio or video file")
    if not looks_like_text(head):
        raise _not_a_table(source, "a binary file (not text)")
    if suffix in _SPREADSHEET_EXTENSIONS:
        if not _looks_tabular(head):
            raise IngestError(
                f"{source} is named like a spreadsheet but holds text, not a "
                f"{_SPREADSHEET_EXTENSIONS[suffix]} workbook. Open it in your spreadsheet program and "
                "save it as .xlsx or .csv, then import it again."
            )
        tables = _read_text(path, source=source, head=head, suffix=".csv")
        for table in tables:
            table.notes.append(
                Note(
                    gettext_noop(
                        "%(file)s is named like a spreadsheet but holds delimited text; read as text."
                    ),
                    file=source,
                )
            )
        return tables
    return _read_text(path, source=source, head=head, suffix=suffix)


GZIP_BOMB_RATIO = 100
GZIP_BOMB_BYTES = 10_000_000


def _read_gzip(path: Path, *, source: str, max_bytes: int, depth: int) -> list[RawTable]:
    """A gzip-compressed export (sales.csv.gz): unpacked to a temporary file, within max_bytes."""
    if depth > 0:
        raise _not_a_table(source, "a gzip file inside another compressed file")
    inner = source[:-3] if source.lower().endswith(".gz") else source
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / PurePosixPath(inner).name
        written = 0
        try:
            with gzip.open(path, "rb") as packed, target.open("wb") as out:
                packed_size = path.stat().st_size
                for chunk in iter(lambda: packed.read(1 << 20), b""):
                    written += len(chunk)
                    if written > max_bytes:
                        raise _too_big(inner, written, max_bytes)
                    if written > GZIP_BOMB_BYTES and written > GZIP_BOMB_RATIO * packed_size:
                        raise IngestError(
                            f"{source} unpacks to more than {GZIP_BOMB_RATIO} times its size, which real "
                            "exports never do. Unpack it yourself and import the file inside."
                        )
                    out.write(chunk)
        except (OSError, EOFError, zlib.error) as exc:
            raise IngestError(
                f"{source} is a damaged gzip file ({exc}). Download or export it again."
            ) from exc
        return _read(target, source=inner, max_bytes=max_bytes, depth=depth + 1)


def _looks_tabular(head: bytes) -> bool:
    text = head[:4096].decode("latin-1")
    return any(d in text for d in (",", ";", "\t", "|")) and not text.lstrip().startswith("<")


def _not_a_table(source: str, what: str) -> IngestError:
    return IngestError(
        f"{source} is {what}, not a table of data. Import a CSV, Excel (.xlsx/.xls), "
        "OpenDocument (.ods), JSON or ZIP file exported from your software."
    )


def _read_text(path: Path, *, source: str, head: bytes, suffix: str) -> list[RawTable]:
    encoding = detect_encoding(head, complete=len(head) < 65536)
    sample = head[encoding.bom :].decode(encoding.codec, errors="replace").lstrip("\ufeff \t\r\n")
    if sample.startswith("<"):
        lowered = sample[:2048].lower()
        if "<html" in lowered or "<table" in lowered or "<!doctype" in lowered:
            raise IngestError(
                f"{source} is a web page (HTML), not a CSV or spreadsheet, even if its name says so. "
                "Open it in Excel or LibreOffice and save it as .xlsx or .csv, then import that file."
            )
        raise IngestError(
            f"{source} is an XML file, which Rung cannot import. Open it in Excel or LibreOffice and "
            "save it as .xlsx or .csv, or export the data from your software as CSV."
        )
    if suffix in (".ndjson", ".jsonl") or (sample.startswith("{") and is_ndjson(sample)):
        return _nonempty(read_ndjson(path, source=source, encoding=encoding.codec), source)
    if suffix == ".json":
        return _nonempty(read_json(path, source=source, encoding=encoding.codec), source)
    if sample.startswith(("[", "{")):
        try:
            return _nonempty(read_json(path, source=source, encoding=encoding.codec), source)
        except IngestError:
            pass  # not JSON after all: a CSV whose first header is "[Date]" or "{id}"
    parsed = read_delimited(path)
    table = tidy(
        parsed.data,
        source=source,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        notes=parsed.notes,
    )
    if table is None:
        raise IngestError(
            f"{source} holds no data: it has only empty lines. Export the data again and import the new file."
        )
    return [table]


def _nonempty(tables: list[RawTable], source: str) -> list[RawTable]:
    if not tables or all(not t.headers for t in tables):
        raise IngestError(f"{source} holds no records. Export the data again and import the new file.")
    return tables


def _read_zip_container(path: Path, *, source: str, max_bytes: int, depth: int) -> list[RawTable]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(
            f"{source} is a damaged or incomplete ZIP file (or Office document) and cannot be opened. "
            "Download or export it again."
        ) from exc
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            kind = "Excel"
        elif "content.xml" in names and _odf_mimetype(archive).startswith(
            "application/vnd.oasis.opendocument.spreadsheet"
        ):
            kind = "ODS"
        elif "word/document.xml" in names:
            raise _not_a_table(source, "a Word document")
        elif "ppt/presentation.xml" in names:
            raise _not_a_table(source, "a PowerPoint presentation")
        elif "content.xml" in names:
            raise _not_a_table(source, "an OpenDocument file that is not a spreadsheet")
        else:
            kind = ""
        if kind:
            _check_bomb(archive, source, max_bytes)
    if kind:
        return read_spreadsheet(path, source=source, kind=kind)
    return _read_archive(path, source=source, max_bytes=max_bytes, depth=depth)


def _odf_mimetype(archive: zipfile.ZipFile) -> str:
    try:
        return archive.read("mimetype")[:100].decode("ascii", errors="replace").strip()
    except KeyError:
        return ""


def _check_bomb(archive: zipfile.ZipFile, source: str, max_bytes: int) -> None:
    members = [i for i in archive.infolist() if not i.is_dir()]
    total = sum(i.file_size for i in members)
    packed = sum(i.compress_size for i in members)
    message = (
        f"{source} unpacks to {_size(total)}{{why}}, so it was not opened: it may be a 'zip bomb' or "
        "damaged. Unpack it yourself and import the files inside one by one, or export the data again."
    )
    if total > max_bytes:
        raise IngestError(message.format(why=f", more than the {_size(max_bytes)} limit"))
    for info in members:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > ZIP_RATIO_MIN_SIZE and ratio > ZIP_RATIO_LIMIT:
            raise IngestError(
                message.format(
                    why=f" ('{info.filename}' is compressed {ratio:.0f} times, far more than real data)"
                )
            )
    if total > ZIP_RATIO_MIN_SIZE and total / max(1, packed) > ZIP_RATIO_LIMIT:
        raise IngestError(message.format(why=f" (compressed {total / max(1, packed):.0f} times)"))


def _wanted(info: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(info.filename).parts
    return not info.is_dir() and not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _read_archive(path: Path, *, source: str, max_bytes: int, depth: int) -> list[RawTable]:
    with zipfile.ZipFile(path) as archive:
        _check_bomb(archive, source, max_bytes)
        members = [i for i in archive.infolist() if _wanted(i)]
        if any(i.flag_bits & 0x1 for i in members):
            raise IngestError(
                f"{source} is a password-protected ZIP archive. Unpack it with the password and import "
                "the files inside, or create the archive again without a password."
            )
        if not members:
            raise IngestError(
                f"{source} is an empty ZIP archive. Put the exported files in it and try again."
            )
        tables: list[RawTable] = []
        problems: list[str] = []
        with tempfile.TemporaryDirectory(prefix="rung-zip-") as folder:
            for info in members:
                inner = f"{source}/{info.filename}"
                target = (
                    Path(folder) / f"member{len(tables)}-{len(problems)}{PurePosixPath(info.filename).suffix}"
                )
                _extract(archive, info, target, inner, max_bytes)
                if zipfile.is_zipfile(target) and not _is_office(target) and depth >= ZIP_DEPTH:
                    problems.append(
                        f"{inner} is an archive inside an archive inside an archive; it was not opened"
                    )
                    target.unlink()
                    continue
                try:
                    tables.extend(_read(target, source=inner, max_bytes=max_bytes, depth=depth + 1))
                except IngestError as exc:
                    problems.append(str(exc))
                finally:
                    target.unlink(missing_ok=True)
        if not tables:
            raise IngestError(f"No table could be read from the ZIP archive {source}. " + " ".join(problems))
        for problem in problems:
            tables[0].notes.append(
                Note(gettext_noop("Not imported from the archive: %(problem)s"), problem=problem)
            )
        return tables


def _is_office(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return bool({"xl/workbook.xml", "xl/workbook.bin", "content.xml", "word/document.xml"} & names)


def _extract(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, inner: str, max_bytes: int
) -> None:
    """Copy one member out, stopping if it unpacks to more than it declared or than max_bytes."""
    limit = min(max_bytes, info.file_size)
    written = 0
    try:
        with archive.open(info) as src, target.open("wb") as out:
            while chunk := src.read(1024 * 1024):
                written += len(chunk)
                if written > limit:
                    raise IngestError(
                        f"{inner} unpacks to more than it declares, so it was not opened: the archive may "
                        "be a 'zip bomb' or damaged. Unpack it yourself and import the files one by one."
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise IngestError(
            f"{inner} cannot be unpacked: the archive is damaged ({exc}). Download or export it again."
        ) from exc
    except NotImplementedError as exc:
        raise IngestError(
            f"{inner} is compressed with a method Rung cannot unpack ({exc}). Unpack the archive yourself "
            "and import the files inside."
        ) from exc
