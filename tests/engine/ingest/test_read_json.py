"""JSON and NDJSON are streamed: memory, late keys, line numbers and errors in large files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rung.engine.ingest import read_json as reader
from rung.engine.ingest.read import read_file
from rung.engine.ingest.types import ROW, IngestError, RawTable

# Run in a fresh interpreter so that nothing else the test session allocates is counted.
_MEASURE = """
import json, sys, tracemalloc
from pathlib import Path
from rung.engine.ingest.read_json import read_json

path = Path(sys.argv[1])
tracemalloc.start()
(table,) = read_json(path, source=path.name)
streamed = tracemalloc.get_traced_memory()[1]
rows, last = table.rows, table.data.get_column("_row")[-1]
del table
tracemalloc.stop()
tracemalloc.start()
with path.open(encoding="utf-8") as handle:
    document = json.load(handle)
loaded = tracemalloc.get_traced_memory()[1]
print(json.dumps({"streamed": streamed, "loaded": loaded, "rows": rows, "last": last}))
"""


def _cells(table: RawTable) -> list[list[str | None]]:
    return [list(r) for r in table.data.drop(ROW).rows()]


def _rows(table: RawTable) -> list[int]:
    return table.data.get_column(ROW).to_list()


@pytest.fixture(params=[1, 7, reader.READ_CHARS], ids=["read-1-char", "read-7-chars", "read-default"])
def pieces(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Read JSON in pieces this small too, so that records and tokens are cut at every place."""
    size: int = request.param
    monkeypatch.setattr(reader, "READ_CHARS", size)
    return size


def test_a_large_array_is_read_in_a_fraction_of_the_memory_json_load_takes(tmp_path: Path) -> None:
    records = [{"id": i, "customer": {"name": f"Customer {i % 997}"}, "total": i / 4} for i in range(200_000)]
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    del records
    size = path.stat().st_size
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True, timeout=300
    )
    measured = json.loads(done.stdout)
    assert measured["rows"] == 200_000
    assert measured["last"] == 200_000 * 7 - 5  # 7 lines a record after "[" on line 1
    # json.load holds every record as Python objects at once (about 6 times the file's size here);
    # streaming holds one chunk of CHUNK_ROWS records, as text cells, at a time.
    print(f"file {size / 1e6:.1f} MB, streamed peak {measured['streamed'] / 1e6:.1f} MB, ", end="")
    print(f"json.load peak {measured['loaded'] / 1e6:.1f} MB")
    assert measured["loaded"] > 3 * size
    assert measured["streamed"] < measured["loaded"] / 3
    assert measured["streamed"] < size


@pytest.mark.usefixtures("pieces")
def test_a_key_first_seen_in_a_later_chunk_becomes_a_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "CHUNK_ROWS", 3)
    records: list[dict[str, object]] = [{"id": i, "total": i * 1.5} for i in range(8)]
    records[4]["customer"] = {"name": "Ann"}
    records[7]["note"] = "gift"
    records[7]["customer"] = {"name": "Bob", "city": "Porto"}
    path = tmp_path / "orders.json"
    path.write_text(json.dumps({"exported": "2024-03-01", "orders": records}), encoding="utf-8")
    (table,) = read_file(path)
    assert table.sheet == "orders"
    assert table.headers == ["id", "total", "customer.name", "note", "customer.city"]
    assert table.rows == 8
    assert _cells(table)[0] == ["0", "0", None, None, None]
    assert _cells(table)[4] == ["4", "6", "Ann", None, None]
    assert _cells(table)[7] == ["7", "10.5", "Bob", "gift", "Porto"]


@pytest.mark.usefixtures("pieces")
@pytest.mark.parametrize("indent", [2, "\t", None], ids=["indented", "tabs", "one-line"])
def test_row_is_the_line_each_record_starts_on(tmp_path: Path, indent: int | str | None) -> None:
    records = [{"id": i, "customer": {"name": f"C{i}", "tags": ["a", "b"]}} for i in range(5)]
    text = json.dumps(records, indent=indent)
    path = tmp_path / "orders.json"
    path.write_text(text, encoding="utf-8")
    (table,) = read_file(path)
    opening = "{" if indent is None else (indent if isinstance(indent, str) else " " * indent) + "{"
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if line.startswith(opening)] or [1] * 5
    assert _rows(table) == starts
    assert _cells(table)[4] == ["4", "C4", '["a", "b"]']


@pytest.mark.usefixtures("pieces")
def test_row_lines_in_a_hand_written_file_with_windows_line_ends_and_a_bom(tmp_path: Path) -> None:
    text = (
        '\ufeff{"meta": {"shop": "De Kaasboer", "rows": [1, 2]},\r\n'
        ' "orders": [\r\n'
        '  {"id": 1}, {"id": 2},\r\n'
        "\r\n"
        '  {"id": 3,\r\n'
        '   "note": "on\\nthree lines"},\r\n'
        '  {"id": 4}]}\r\n'
    )
    path = tmp_path / "export.json"
    path.write_bytes(text.encode("utf-8"))
    (table,) = read_file(path)
    assert table.sheet == "orders"
    assert _rows(table) == [3, 3, 5, 7]
    assert _cells(table)[2] == ["3", "on\nthree lines"]


def test_an_object_of_plain_values_is_one_record_on_the_line_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text('\n\n{"id": 7,\n "total": 12.50, "paid": true, "note": null}\n', encoding="utf-8")
    (table,) = read_file(path)
    assert table.headers == ["id", "total", "paid", "note"]
    assert _cells(table) == [["7", "12.5", "true", None]]
    assert _rows(table) == [3]


@pytest.mark.usefixtures("pieces")
def test_invalid_json_in_the_middle_of_a_large_file_says_the_line(tmp_path: Path) -> None:
    records = [{"id": i, "name": f"Customer {i}"} for i in range(2_000)]
    lines = json.dumps(records, indent=2).splitlines()
    broken = lines.index('    "id": 1234,') + 1  # 1-based
    lines[broken - 1] = '    "id": 1234 "oops",'
    path = tmp_path / "orders.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(IngestError, match=rf"orders\.json is not valid JSON \(line {broken}, column 16: "):
        read_file(path)


@pytest.mark.usefixtures("pieces")
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('[{"id": 1},\n {"id": 2}\n {"id": 3}]', r"line 3, column 2: Expecting ',' delimiter"),
        ('[{"id": 1},\n {"id": 2},\n', r"line 3, column 1: Expecting value"),  # cut off
        ('[{"id": 1},\n {"id": "two\n"}]', r"line 2, column 13: Invalid control character"),
        ('{"orders": [{"id": 1}],\n "meta" 1}', r"line 2, column 9: Expecting ':' delimiter"),
        ('[{"id": 1}]\n[{"id": 2}]', r"line 2, column 1: Extra data"),
    ],
    ids=["missing-comma", "cut-off", "newline-in-text", "missing-colon", "two-documents"],
)
def test_invalid_json_says_where(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "orders.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError, match=rf"orders\.json is not valid JSON \({where}"):
        read_file(path)


@pytest.mark.parametrize(
    "text",
    ['[{"id": 1}, 2]', '{"orders": [{"id": 1}, "x"]}', '{"settings": {"a": 1}}', '{"orders": []}', '"text"'],
)
def test_json_that_holds_no_table(tmp_path: Path, text: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError, match="is JSON but not a list of records"):
        read_file(path)


def test_an_array_of_records_next_to_other_values_is_the_table(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    document = {"meta": {"deep": {"deeper": [1, 2]}}, "tags": [1, 2], "orders": [{"id": 1}], "empty": []}
    text = json.dumps(document, indent=1)
    path.write_text(text, encoding="utf-8")
    (table,) = read_file(path)
    assert table.sheet == "orders"
    assert _cells(table) == [["1"]]
    assert _rows(table) == [text.splitlines().index("  {") + 1] == [15]


def test_ndjson_with_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    path.write_bytes(b'{"a": 1}\r\n\r\n   \r\n{"a": 2, "b": {"c": "x"}}\r\n{"b": {"c": "y"}, "d": null}\r\n')
    (table,) = read_file(path)
    assert table.headers == ["a", "b.c", "d"]
    assert _cells(table) == [["1", None, None], ["2", "x", None], [None, "y", None]]
    assert _rows(table) == [1, 4, 5]


def test_ndjson_with_a_broken_line_says_which(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    path.write_text('{"a": 1}\n\n{"a": 2\n{"a": 3}\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"Line 3 of events\.ndjson is not valid JSON \(Expecting ',' "):
        read_file(path)
    path.write_text('{"a": 1}\n{"a": 2}\n[3]\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"Line 3 of events\.ndjson is not a record"):
        read_file(path)


def test_ndjson_in_chunks_keeps_late_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "CHUNK_ROWS", 2)
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(['{"a": 1}'] * 4 + ['{"a": 5, "late": true}']) + "\n", encoding="utf-8")
    (table,) = read_file(path)
    assert table.headers == ["a", "late"]
    assert _cells(table) == [["1", None]] * 4 + [["5", "true"]]
    assert _rows(table) == [1, 2, 3, 4, 5]
