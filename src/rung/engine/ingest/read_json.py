"""JSON (an array of objects, or an object holding such arrays) and NDJSON, one level flattened.

A nested object becomes "parent.child" columns; deeper objects and lists stay as JSON text.
`_row` is the line on which each record starts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from rung.engine.ingest.read_sheet import format_number
from rung.engine.ingest.types import ROW, IngestError, RawTable

CHUNK_ROWS = 50_000


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, int | str):
        return str(value) if str(value).strip() else None
    return json.dumps(value, ensure_ascii=False)


def _flatten(record: dict[str, Any]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            for child, inner in value.items():
                out[f"{key}.{child}"] = _text(inner)
        else:
            out[str(key)] = _text(value)
    return out


class _Builder:
    """Collects flattened records into a frame in chunks, keeping the header order first seen."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.frames: list[pl.DataFrame] = []
        self.rows: list[dict[str, str | None]] = []
        self.lines: list[int] = []

    def add(self, record: dict[str, Any], line: int) -> None:
        flat = _flatten(record)
        for key in flat:
            self.keys.setdefault(key, len(self.keys))
        self.rows.append(flat)
        self.lines.append(line)
        if len(self.rows) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        data: dict[str, list[str | None]] = {
            f"c{i}": [row.get(key) for row in self.rows] for key, i in self.keys.items()
        }
        schema = {**{f"c{i}": pl.String for i in self.keys.values()}, ROW: pl.Int64}
        self.frames.append(pl.DataFrame({**data, ROW: self.lines}, schema=schema))
        self.rows, self.lines = [], []

    def table(self, source: str, sheet: str | None) -> RawTable:
        self._flush()
        columns = [f"c{i}" for i in range(len(self.keys))]
        frames = [
            f.select(
                [pl.col(c) if c in f.columns else pl.lit(None, pl.String).alias(c) for c in columns] + [ROW]
            )
            for f in self.frames
        ]
        if frames:
            data = pl.concat(frames)
        else:
            data = pl.DataFrame(schema={**{c: pl.String for c in columns}, ROW: pl.Int64})
        notes = [] if data.height else ["The file holds no records."]
        return RawTable(source=source, sheet=sheet, headers=list(self.keys), data=data, notes=notes)


def _line_of(text: str, offsets: Iterator[int]) -> Iterator[int]:
    """Line numbers of increasing character offsets."""
    line, position = 1, 0
    for offset in offsets:
        line += text.count("\n", position, offset)
        position = offset
        yield line


def _array_tables(text: str, source: str) -> list[RawTable]:
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    try:
        document, _end = decoder.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Export it again, or export the data as CSV."
        ) from exc
    arrays: list[tuple[str | None, list[Any]]] = []
    if isinstance(document, list):
        arrays.append((None, document))
    elif isinstance(document, dict):
        for key, value in document.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                arrays.append((str(key), value))
        if not arrays and all(not isinstance(v, list | dict) for v in document.values()):
            arrays.append((None, [document]))
    if not arrays or any(not all(isinstance(v, dict) for v in records) for _, records in arrays):
        raise IngestError(
            f"{source} is JSON but not a list of records: Rung reads an array of objects "
            '([{"name": ...}, ...]) or an object holding one such array. Export the data as a '
            "list of records or as CSV."
        )
    top_level = isinstance(document, list)
    lines = _record_lines(text, start) if top_level else None
    tables = []
    for sheet, records in arrays:
        builder = _Builder()
        for index, record in enumerate(records):
            line = lines[index] if lines is not None and index < len(lines) else index + 1
            builder.add(record, line)
        table = builder.table(source, sheet)
        if lines is None:
            table.notes.append("Row numbers count records in the array, not lines.")
        tables.append(table)
    return tables


def _record_lines(text: str, start: int) -> list[int]:
    """The line on which each element of a top-level array starts."""
    decoder = json.JSONDecoder()
    offsets: list[int] = []
    position = start + 1
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length or text[position] == "]":
            break
        offsets.append(position)
        _value, position = decoder.raw_decode(text, position)
    return list(_line_of(text, iter(offsets)))


def read_ndjson(path: Path, *, source: str, encoding: str = "utf-8") -> list[RawTable]:
    builder = _Builder()
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(
                    f"Line {number} of {source} is not valid JSON ({exc.msg}). Each line of an "
                    "NDJSON file must hold one record. Fix or remove that line, or export the data again."
                ) from exc
            if not isinstance(record, dict):
                raise IngestError(
                    f"Line {number} of {source} is not a record (an object with named fields). "
                    "Export the data as one JSON object per line, or as CSV."
                )
            builder.add(record, number)
    return [builder.table(source, None)]


def read_json(path: Path, *, source: str, encoding: str = "utf-8") -> list[RawTable]:
    text = path.read_text(encoding=encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _array_tables(text, source)


def is_ndjson(sample: str) -> bool:
    """Two or more lines that each start with '{' and end with '}'."""
    lines = [line.strip() for line in sample.splitlines() if line.strip()]
    if len(lines) > 1 and not lines[-1].endswith("}"):
        lines = lines[:-1]  # the sample may end mid-record
    return len(lines) >= 2 and all(line.startswith("{") and line.endswith("}") for line in lines)
