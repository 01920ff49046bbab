"""From a grid of text cells to a `RawTable`: find the header and set aside what is not data.

Everything is decided from the data: title lines above the header, a group-title row over
the header (merged cells), blank columns, repeated header lines and totals at the bottom.
Only the first rows (to find the header) and the last rows (to find totals) are looked at in
Python; the rest is done with Polars expressions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import polars as pl

from rung.engine.ingest.types import ROW, RawTable
from rung.engine.messages import Note
from rung.engine.progress import gettext_noop

HEADER_SEARCH_ROWS = 20
"""The header is looked for in this many non-empty rows at the top."""

Merge = tuple[tuple[int, int], tuple[int, int]]
"""A merged cell range ((first row, first column), (last row, last column)), 0-based."""

_VALUE = re.compile(
    r"""^\s*(
        [(+\-−]?\s*(?:[€$£¥₹]|[A-Z]{3}\s)?\s*[(+\-−]?\d[\d.,'’\u00a0\u202f ]*(?:[eE][+-]?\d+)?\s*%?
            \s*(?:[€$£¥₹]|[A-Za-z]{3})?\s*[)\-−]?
        | \d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}
            (?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?
        | \d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?
        | (?:true|false|TRUE|FALSE)
    )\s*$""",
    re.VERBOSE,
)

_TOTAL_WORDS = (
    "total",
    "totals",
    "grand total",
    "sum",
    "subtotal",
    "sub-total",
    "sub total",
    "total general",
    "total général",
    "totaux",
    "somme",
    "totaal",
    "totalen",
    "eindtotaal",
    "subtotaal",
    "summe",
    "gesamt",
    "gesamtsumme",
    "gesamtbetrag",
    "endsumme",
    "zwischensumme",
    "totale",
    "totale generale",
    "somma",
    "suma",
    "suma total",
    "soma",
    "total geral",
    "razem",
    "yhteensä",
    "summa",
    "итого",
)
_TOTAL_CJK = ("合計", "合计", "总计", "總計", "小計", "小计", "総計", "汇总", "彙總", "匯總", "累計", "累计")


def is_value(text: str) -> bool:
    """A number, amount, percentage, date, time or boolean (not a header-like word)."""
    return bool(_VALUE.match(text))


def is_total_label(text: str) -> bool:
    label = text.strip().lower().rstrip(":：").strip()
    if label.startswith(_TOTAL_CJK):
        return True
    return any(label == word or label.startswith((word + " ", word + ":")) for word in _TOTAL_WORDS)


def _clean_header(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _width(row: Sequence[str | None]) -> int:
    for i in range(len(row) - 1, -1, -1):
        if row[i] is not None:
            return i + 1
    return 0


def _filled(row: Sequence[str | None]) -> int:
    return sum(1 for cell in row if cell is not None)


def _text_share(row: Sequence[str | None]) -> float:
    cells = [cell for cell in row if cell is not None]
    if not cells:
        return 0.0
    return sum(1 for cell in cells if not is_value(cell)) / len(cells)


def _header_like(rows: list[list[str | None]], i: int) -> bool:
    row = rows[i]
    filled = _filled(row)
    if filled == 0:
        return False
    below = rows[i + 1 : i + 11]
    widest = max([_width(row), *(_width(r) for r in below)])
    if filled < widest // 2 + 1:
        return False
    if _text_share(row) < 0.6:
        return False
    if below:
        slack = 1 if filled >= 3 else 0
        fits = sum(1 for r in below if _width(r) <= _width(row) + slack)
        if fits < 0.8 * len(below):
            return False
    return True


def _numeric_below(rows: list[list[str | None]], start: int, column: int) -> bool:
    cells = [c for r in rows[start : start + 10] if column < len(r) and (c := r[column]) is not None]
    return bool(cells) and sum(1 for c in cells if is_value(c)) >= 0.5 * len(cells)


def _spans(top: list[str | None], width: int, merges: list[Merge], row_index: int) -> list[str | None]:
    """The group title above each column: from merged ranges when known, else filled rightwards."""
    out: list[str | None] = [None] * width
    if merges:
        for j, cell in enumerate(top[:width]):
            out[j] = cell
        for (r0, c0), (r1, c1) in merges:
            if r0 <= row_index <= r1 and c0 < width:
                title = top[c0] if c0 < len(top) else None
                for j in range(c0, min(c1 + 1, width)):
                    out[j] = title
        return out
    current: str | None = None
    for j in range(width):
        cell = top[j] if j < len(top) else None
        if cell is not None:
            current = cell
        out[j] = current
    return out


def _is_group_row(
    top: list[str | None],
    header: list[str | None],
    below: list[list[str | None]],
    merges: list[Merge],
    row_index: int,
) -> bool:
    """A row of group titles with gaps over a header, like "Billing" over "Name", "City"."""
    width = max(_width(top), _width(header))
    if _filled(top) == 0 or _text_share(top) < 1.0 or _filled(top) >= width:
        return False
    row_merges = [m for m in merges if m[0][0] <= row_index <= m[1][0] and m[1][1] > m[0][1]]
    if merges:
        if not row_merges:
            return False
        return not (len(row_merges) == 1 and row_merges[0][0][1] == 0 and row_merges[0][1][1] >= width - 1)
    spans = _spans(top, width, [], row_index)
    groups = [g for g in spans if g is not None]
    first = next((j for j, g in enumerate(spans) if g is not None), 0)
    if _filled(top) == 1 and first == 0 and len(groups) == width:
        return False  # one title over the whole table
    pattern = any(
        top[j] is not None
        and j + 1 < width
        and (j + 1 >= len(top) or top[j + 1] is None)
        and j + 1 < len(header)
        and header[j] is not None
        and header[j + 1] is not None
        for j in range(min(len(top), width))
    )
    if not pattern:
        return False
    subs = [h for h in header if h is not None]
    if len(set(subs)) < len(subs):
        return True
    rows = [header, *below]
    return any(header[j] is not None and _numeric_below(rows, 1, j) for j in range(len(header)))


def find_header(
    rows: list[list[str | None]], row_numbers: list[int], merges: list[Merge]
) -> tuple[int, int | None]:
    """(header row, group-title row or None) among the first non-empty rows."""
    header = 0
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        if _header_like(rows, i):
            header = i
            break
    # the found row may itself be the group titles over the real header
    nxt = header + 1
    if (
        nxt < len(rows)
        and row_numbers[nxt] == row_numbers[header] + 1
        and _text_share(rows[nxt]) >= 0.6
        and _filled(rows[nxt]) > _filled(rows[header])
        and _is_group_row(rows[header], rows[nxt], rows[nxt + 1 : nxt + 11], merges, row_numbers[header] - 1)
    ):
        return nxt, header
    above = header - 1
    if (
        above >= 0
        and row_numbers[above] == row_numbers[header] - 1
        and _is_group_row(
            rows[above], rows[header], rows[header + 1 : header + 11], merges, row_numbers[above] - 1
        )
    ):
        return header, above
    return header, None


def _as_number(column: str, decimal_comma: bool) -> pl.Expr:
    text = pl.col(column).str.replace_all(r"[^\d.,\-−]", "").str.replace_all("−", "-")
    if decimal_comma:
        text = text.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True)
    else:
        text = text.str.replace_all(",", "", literal=True)
    return text.cast(pl.Float64, strict=False)


def _is_sum_row(data: pl.DataFrame, columns: list[str], position: int, row: list[str | None]) -> bool:
    """Every filled cell a number, and at least one of them the sum of its column above."""
    filled = [(c, v) for c, v in zip(columns, row, strict=True) if v is not None]
    if not filled or any(not is_value(v) for _, v in filled):
        return False
    above = data.slice(0, position)
    if above.height < 2:
        return False
    typical = above.select(pl.sum_horizontal([pl.col(c).is_not_null() for c in columns]).median()).item()
    if typical is None or len(filled) >= typical:
        return False
    for decimal_comma in (False, True):
        totals = above.select([_as_number(c, decimal_comma).sum().alias(c) for c, _ in filled]).row(0)
        cells = pl.DataFrame({c: [v] for c, v in filled}).select(
            [_as_number(c, decimal_comma).alias(c) for c, _ in filled]
        )
        for total, value in zip(totals, cells.row(0), strict=True):
            if value is not None and total is not None and value != 0 and close(value, total):
                return True
    return False


def close(value: float, total: float) -> bool:
    return abs(value - total) <= 0.005 + 1e-9 * abs(total)


def _bottom_rows(data: pl.DataFrame, columns: list[str]) -> list[tuple[int, str]]:
    """Totals lines at the bottom (and notes below them): (position, reason)."""
    tail = min(data.height, 6)
    if tail == 0:
        return []
    start = data.height - tail
    rows = data.slice(start, tail).select(columns).rows()
    found: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    total_seen = False
    for offset in range(tail - 1, -1, -1):
        position = start + offset
        row = list(rows[offset])
        first = next((cell for cell in row if cell is not None), None)
        if first is None:
            continue
        label_total = is_total_label(first) and any(is_value(c) for c in row if c is not None and c != first)
        if label_total or _is_sum_row(data, columns, position, row):
            found.extend(pending)
            pending = []
            found.append((position, gettext_noop("totals line")))
            total_seen = True
        elif not total_seen and len(columns) >= 3 and _filled(row) == 1 and not is_value(first):
            pending.append((position, gettext_noop("note below the table")))
        else:
            break
    return found if total_seen else []


def _blank(columns: list[str]) -> pl.Expr:
    """Per cell of columns: empty or only whitespace (null for missing cells)."""
    return pl.col(columns).str.strip_chars().str.len_bytes() == 0


def _repeats(data: pl.DataFrame, column: str, name: str) -> bool:
    """True when some cell of column is its header name again."""
    return bool(data.select((pl.col(column).str.strip_chars() == name).any()).item())


def tidy(
    grid: pl.DataFrame,
    *,
    source: str,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    merges: list[Merge] | None = None,
    notes: list[str] | None = None,
    unit: str = "line",
) -> RawTable | None:
    """The table in a grid of text cells (columns c0.., plus ROW); None when it has no cell."""
    cells = [c for c in grid.columns if c != ROW]
    blanks = grid.select(_blank(cells).any())  # columns with blank cells: only those are rewritten
    if with_blanks := [c for c in cells if blanks.get_column(c).item()]:
        grid = grid.with_columns(pl.when(~_blank(with_blanks)).then(pl.col(with_blanks)).name.keep())
    filled = grid.select(pl.any_horizontal(pl.col(cells).is_not_null())).to_series()
    if not filled.all():
        grid = grid.filter(filled)
    if grid.height == 0:
        return None
    notes = list(notes or [])
    merges = merges or []
    head = grid.head(HEADER_SEARCH_ROWS + 12)
    head_rows = [list(r) for r in head.select(cells).rows()]
    head_numbers = head.get_column(ROW).to_list()
    header_at, group_at = find_header(head_rows, head_numbers, merges)
    header_row = head_rows[header_at]
    if group_at is None and not _header_like(head_rows, header_at):
        notes.append(
            Note(
                gettext_noop(
                    "No clear header row was found; %(place)s is used as the header. "
                    "Check that the file starts with the column names."
                ),
                place=f"{unit} {head_numbers[header_at]}",
            )
        )
    headers = [_clean_header(h) for h in header_row]
    if group_at is not None:
        groups = _spans(head_rows[group_at], len(cells), merges, head_numbers[group_at] - 1)
        headers = [
            " ".join(part for part in (_clean_header(g), h) if part) if g is not None and g != h else h
            for g, h in zip(groups, headers, strict=True)
        ]
    top = group_at if group_at is not None else header_at
    if top > 0:
        first, last = head_numbers[0], head_numbers[top - 1]
        where = f"{unit} {first}" if first == last else f"{unit}s {first}-{last}"
        notes.append(
            Note(
                gettext_noop("Skipped the lines above the header (a title or notes): %(where)s."), where=where
            )
        )
    data = grid.slice(header_at + 1)

    keep = [i for i, c in enumerate(cells) if headers[i] or data.get_column(c).null_count() < data.height]
    dropped = len(cells) - len(keep)
    if dropped:
        notes.append(
            Note(
                gettext_noop("Dropped %(count)s empty column(s) with no header and no values."), count=dropped
            )
        )
    headers = [headers[i] or f"column {i + 1}" for i in keep]
    data = data.select([pl.col(cells[i]).alias(f"c{n}") for n, i in enumerate(keep)] + [pl.col(ROW)])
    columns = [f"c{n}" for n in range(len(keep))]
    raw = [header_row[i] for i in keep]

    skipped: list[tuple[int, str]] = []
    named = [(c, h.strip()) for c, h in zip(columns, raw, strict=True) if h is not None]
    if (len(named) >= 2 or (len(named) == 1 and len(columns) == 1)) and _repeats(data, *named[0]):
        # the first named column holds its own name somewhere: look at the whole rows
        repeat = data.select(
            pl.all_horizontal([pl.col(c).str.strip_chars() == h for c, h in named]).fill_null(False)
        ).to_series()
        if repeat.any():
            skipped.extend(
                (n, gettext_noop("repeated header line"))
                for n in data.filter(repeat).get_column(ROW).to_list()
            )
            data = data.filter(~repeat)

    bottom = _bottom_rows(data, columns)
    if bottom:  # the rows found run down to the last one
        numbers = data.get_column(ROW)
        skipped.extend((int(numbers[p]), reason) for p, reason in bottom)
        data = data.slice(0, min(p for p, _ in bottom))
    skipped.sort()
    if data.height == 0:
        notes.append(Note(gettext_noop("The table has a header but no data rows.")))
    counts = Counter(headers)
    if any(n > 1 for n in counts.values()):
        repeated = sorted(h for h, n in counts.items() if n > 1)
        notes.append(
            Note(
                gettext_noop("Some column names appear more than once: %(names)s."), names=", ".join(repeated)
            )
        )
    return RawTable(
        source=source,
        sheet=sheet,
        headers=headers,
        data=data.with_columns(pl.col(ROW).cast(pl.Int64)),
        skipped=skipped,
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )
