"""JSON (an array of objects, or an object holding such arrays) and NDJSON, one level flattened.

A nested object becomes "parent.child" columns; deeper objects and lists stay as JSON text.
`_row` is the line on which each record starts. Headers are the keys in the order first seen.

Both formats are streamed, because the server never holds a large file whole in memory:
parsed JSON takes several times the file's size in Python objects (json.load of a 20 MB
array of 200,000 records allocates 118 MB). Records are read one at a time and gathered,
column by column as text cells, into Polars frames of `CHUNK_ROWS` rows, so only the current
chunk is held as Python objects (16 MB at most for that file; `tests/engine/ingest/test_read_json.py`
measures it). A key first seen in a later chunk becomes a column there; the frames read
before it get an empty column when the frames are put together at the end.

NDJSON is read line by line. JSON is read `READ_CHARS` characters at a time by `_Stream`,
which steps over the outer structure itself (the top-level `[`, or the `{"key": [` around an
array, skipping other values member by member) and decodes each record on its own with the
standard library's C decoder (`JSONDecoder.raw_decode`). A record cut by the end of a piece
is decoded again once the next piece is read (the piece doubles while one record does not
fit). Because each record is decoded from a known position, line numbers are exact: the
newlines before each record's first character are counted as the text goes by. Errors give
the same line, column and message as json.loads.

ijson (an event parser with a C backend) was considered and not used. It decodes faster
(0.33 s against 0.57 s for those 200,000 records; the whole read takes about 1.2 s, mostly
flattening and formatting cells), but it reports no positions, so line numbers would need a
second pass over the file. It also returns numbers as Decimal unless told otherwise, and it
rejects the NaN and Infinity that json accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from rung.engine.ingest.read_sheet import format_number
from rung.engine.ingest.types import ROW, IngestError, RawTable
from rung.engine.messages import Note
from rung.engine.progress import gettext_noop

CHUNK_ROWS = 50_000
"""Records gathered as Python objects before they become a Polars frame."""

READ_CHARS = 1 << 20
"""Characters of a JSON file read at a time (more while one record does not fit)."""

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_TRAILING_OK = " \t\n\r\x00\x1a"  # padding and the DOS end-of-file mark some exporters add
_INCOMPLETE_MARGIN = 64
"""A decoding error this close to the end of the text read so far may be a record cut short."""


def _text(value: Any) -> str | None:
    kind = type(value)  # exact types: the decoder makes no subclasses, and bool is not int here
    if kind is str:
        return value if value.strip() else None
    if kind is int:
        return str(value)
    if kind is float:
        return format_number(value)
    if value is None:
        return None
    if kind is bool:
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _flatten(record: dict[str, Any]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in record.items():
        if type(value) is dict and value:
            for child, inner in value.items():
                out[f"{key}.{child}"] = _text(inner)
        else:
            out[key] = _text(value)
    return out


class _Builder:
    """Gathers flattened records column by column into frames of CHUNK_ROWS rows."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.columns: list[list[str | None]] = []
        self.lines: list[int] = []
        self.frames: list[pl.DataFrame] = []
        self.count = 0

    def add(self, record: dict[str, Any], line: int) -> None:
        row = len(self.lines)
        keys, columns = self.keys, self.columns
        for key, value in _flatten(record).items():
            position = keys.get(key)
            if position is None:
                position = keys[key] = len(keys)
                columns.append([])
            column = columns[position]
            if len(column) < row:
                column.extend([None] * (row - len(column)))
            column.append(value)
        self.lines.append(line)
        self.count += 1
        if row + 1 >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        rows = len(self.lines)
        if not rows:
            return
        data: dict[str, list[str | None] | list[int]] = {}
        for position, column in enumerate(self.columns):
            if len(column) < rows:
                column.extend([None] * (rows - len(column)))
            data[f"c{position}"] = column
        data[ROW] = self.lines
        schema = {**{f"c{i}": pl.String for i in range(len(self.columns))}, ROW: pl.Int64}
        self.frames.append(pl.DataFrame(data, schema=schema))
        self.columns = [[] for _ in self.columns]
        self.lines = []

    def table(self, source: str, sheet: str | None) -> RawTable:
        self._flush()
        columns = [f"c{i}" for i in range(len(self.keys))]
        frames = [
            f.select(
                [pl.col(c) if c in f.columns else pl.lit(None, pl.String).alias(c) for c in columns] + [ROW]
            )
            for f in self.frames
        ]
        self.frames = []
        if frames:
            data = pl.concat(frames)
        else:
            data = pl.DataFrame(schema={**{c: pl.String for c in columns}, ROW: pl.Int64})
        notes: list[str] = [] if data.height else [Note(gettext_noop("The file holds no records."))]
        return RawTable(source=source, sheet=sheet, headers=list(self.keys), data=data, notes=notes)


class _Stream:
    """A JSON text read in pieces: the current piece, the position in it and its line numbers."""

    def __init__(self, handle: TextIO, source: str) -> None:
        self.handle = handle
        self.source = source
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.started = False
        self.line = 1  # the line of buffer position `mark`
        self.mark = 0
        self.column = 0  # characters of buffer[0]'s line that came before the buffer

    def _more(self, size: int = READ_CHARS) -> bool:
        """Read the next piece, dropping what was consumed; False at the end of the file."""
        if self.eof:
            return False
        piece = self.handle.read(size)
        if not self.started:
            self.started = True
            piece = piece.removeprefix("\ufeff")
        if not piece:
            self.eof = True
            return False
        if self.pos:
            self.line_at(self.pos)
            dropped = self.buffer[: self.pos]
            newline = dropped.rfind("\n")
            self.column = len(dropped) - newline - 1 if newline >= 0 else self.column + len(dropped)
            self.buffer = self.buffer[self.pos :] + piece
            self.pos = self.mark = 0
        else:
            self.buffer += piece
        return True

    def line_at(self, position: int) -> int:
        """The line of a buffer position; positions asked for never go back."""
        if position > self.mark:
            self.line += self.buffer.count("\n", self.mark, position)
            self.mark = position
        return self.line

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end), not consumed."""
        if self.pos < len(self.buffer) and self.buffer[self.pos] not in " \t\n\r":
            return self.buffer[self.pos]
        while True:
            match = _WHITESPACE.match(self.buffer, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def take(self, expected: str, what: str) -> None:
        if self.peek() != expected:
            raise self.invalid(f"Expecting {what}", self.pos)
        self.pos += 1

    def value(self) -> Any:
        """Decode the value at the current position (after `peek`)."""
        size = READ_CHARS
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated string") or (
                    exc.pos >= len(self.buffer) - _INCOMPLETE_MARGIN
                )
                if not cut or not self._more(size):
                    raise self.invalid(exc.msg, exc.pos) from exc
                size *= 2
                continue
            if end == len(self.buffer) and self._more(size):
                size *= 2  # a number or literal may go on in the next piece
                continue
            self.pos = end
            return value

    def invalid(self, message: str, position: int) -> IngestError:
        line = self.line_at(position)
        newline = self.buffer.rfind("\n", 0, position)
        column = position - newline if newline >= 0 else self.column + position + 1
        return IngestError(
            f"{self.source} is not valid JSON (line {line}, column {column}: {message}). "
            "Export it again, or export the data as CSV."
        )

    def elements(self) -> Iterator[tuple[int, Any]]:
        """(line, value) of each element of the array whose `[` was just taken."""
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            self.peek()
            line = self.line_at(self.pos)
            yield line, self.value()
            following = self.peek()
            self.pos += 1
            if following == "]":
                return
            if following != ",":
                raise self.invalid("Expecting ',' delimiter", self.pos - 1)

    def members(self) -> Iterator[str]:
        """The keys of the object whose `{` was just taken; the caller consumes each value."""
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.invalid("Expecting property name enclosed in double quotes", self.pos)
            key = self.value()
            self.take(":", "':' delimiter")
            self.peek()
            yield str(key)
            following = self.peek()
            self.pos += 1
            if following == "}":
                return
            if following != ",":
                raise self.invalid("Expecting ',' delimiter", self.pos - 1)

    def skip(self) -> None:
        """Consume the next value, walking into arrays and objects so that none is held whole."""
        opening = self.peek()
        if opening == "[":
            self.pos += 1
            for _line, _value in self.elements():
                pass
        elif opening == "{":
            self.pos += 1
            for _key in self.members():
                self.skip()
        else:
            self.value()

    def end(self) -> None:
        """Only whitespace may follow the document."""
        while True:
            rest = self.buffer[self.pos :].lstrip(_TRAILING_OK)
            if rest:
                self.pos = len(self.buffer) - len(rest)
                raise self.invalid("Extra data after the end of the JSON document", self.pos)
            self.pos = len(self.buffer)
            if not self._more():
                return


def _not_records(source: str) -> IngestError:
    return IngestError(
        f"{source} is JSON but not a list of records: Rung reads an array of objects "
        '([{"name": ...}, ...]) or an object holding one such array. Export the data as a '
        "list of records or as CSV."
    )


def _records(stream: _Stream) -> _Builder | None:
    """The records of the array whose `[` was just taken, or None if not every element is an
    object (the array is still read to the end, to check it, but nothing more is gathered)."""
    builder: _Builder | None = _Builder()
    for line, element in stream.elements():
        if builder is not None and isinstance(element, dict):
            builder.add(element, line)
        else:
            builder = None
    return builder


def _array_tables(stream: _Stream, source: str) -> list[RawTable]:
    opening = stream.peek()
    if opening == "[":
        stream.pos += 1
        builder = _Builder()
        for line, element in stream.elements():
            if not isinstance(element, dict):
                raise _not_records(source)
            builder.add(element, line)
        stream.end()
        return [builder.table(source, None)]
    if opening != "{":
        stream.value()  # says where the JSON is invalid, if it is
        stream.end()
        raise _not_records(source)
    start = stream.line_at(stream.pos)
    stream.pos += 1
    tables: list[RawTable] = []
    single: dict[str, Any] | None = {}  # the object itself, while all its values are plain
    for key in stream.members():
        if stream.peek() == "[":
            single = None
            stream.pos += 1
            records = _records(stream)
            if records is not None and records.count:
                tables.append(records.table(source, key))
        elif stream.peek() == "{":
            single = None
            stream.skip()
        else:
            value = stream.value()
            if single is not None:
                single[key] = value
    stream.end()
    if not tables and single is not None:
        builder = _Builder()
        builder.add(single, start)
        tables.append(builder.table(source, None))
    if not tables:
        raise _not_records(source)
    return tables


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
    with path.open(encoding=encoding, errors="replace") as handle:
        return _array_tables(_Stream(handle, source), source)


def is_ndjson(sample: str) -> bool:
    """Two or more lines that each start with '{' and end with '}'."""
    lines = [line.strip() for line in sample.splitlines() if line.strip()]
    if len(lines) > 1 and not lines[-1].endswith("}"):
        lines = lines[:-1]  # the sample may end mid-record
    return len(lines) >= 2 and all(line.startswith("{") and line.endswith("}") for line in lines)
