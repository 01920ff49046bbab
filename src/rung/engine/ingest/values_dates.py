"""Dates and timestamps from text, with the column's day/month order decided from the data.

Every cell is cut into parts by one regular expression (vectorised): a numeric date
(31/01/2024, 2024-01-31, 01.31.24, 2024年1月31日 after rewriting), a compact one
(20240131), or one with a month name in EN/NL/DE/FR/ES/PT/IT (3 mrt 2024, 15. März 2024,
Jan 5, 2024), optionally after a weekday, then optionally a time (14:30, 2:30 pm,
14:30:15.123) and an offset (Z, +02:00). Five-digit numbers are Excel serial dates (1900
system). The order of a numeric date is chosen once per column: the order under which
the most cells are valid dates (any first field above 12 makes it day-first, any second
field above 12 month-first); on a tie the country's convention from CLDR, else day-first,
and detail["ambiguous"] says so. Unambiguous forms (ISO, month names, serials) are
accepted alongside. Naive times are local time in `time_zone` and converted to UTC.

Fast path: on long columns the format is first inferred from a random sample (the
same general parser on up to 1,000 cells). When it is a plain numeric date, optionally with
hours, minutes and seconds ("%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S", ...), every cell written
exactly so (checked by a strict regular expression, because Polars' strptime is laxer than
this module: leading spaces, leap seconds) is read by Polars' native `str.to_datetime` /
`str.to_date`; only the other non-empty cells go through the general parser. The day/month
order, errors and detail are then decided over all cells together, exactly as without the
fast path; should the column's order turn out to differ from the sample's, the whole column
is parsed the general way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from rung.engine.ingest.values_common import nfkc, on_uniques, reason
from rung.engine.ingest.values_locale import date_order, month_numbers, weekday_names
from rung.engine.schema import Kind

ORDERS = ("DMY", "MDY", "YMD")
_ORDER_WORDS = {"DMY": "day/month/year", "MDY": "month/day/year", "YMD": "year/month/day"}

_WORD = r"[^\W\d_]+"
_DATE = (
    rf"^(?:(?P<wd>{_WORD})\.?,?\s+)?(?:"
    r"(?P<a>\d{1,4})\s*(?P<sep>[./-]|\s)\s*(?P<b>\d{1,2})\s*[./\s-]\s*(?P<c>\d{1,4})"
    r"|(?P<ca>\d{4})(?P<cb>\d{2})(?P<cc>\d{2})"
    rf"|(?P<dd>\d{{1,2}})\.?[\s/-]*(?P<mn>{_WORD})\.?[\s/,-]*(?P<dy>\d{{2,4}})"
    rf"|(?P<mn2>{_WORD})\.?[\s/-]*(?P<md>\d{{1,2}}),?[\s/-]*(?P<my>\d{{2,4}})"
    rf"|(?P<ymy>\d{{4}})[\s/-]*(?P<ymn>{_WORD})\.?[\s/-]*(?P<ymd>\d{{1,2}})"
    r")(?:(?P<ts>\s*(?:,|t|at|om|um|à|às|a las|alle|ore|kl\.?)\s*|\s+)"
    r"(?P<h>\d{1,2})(?:[:h.](?P<mi>\d{1,2})(?:[:.](?P<s>\d{1,2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<ap>am|pm)?"
    r"\s*(?P<tz>z|utc|gmt|(?:utc|gmt)?[+-]\d{1,2}(?::?\d{2})?)?)?$"
)
_SERIAL = r"^(\d{5}(?:\.\d+)?)$"
_EXCEL_EPOCH = pl.datetime(1899, 12, 30)


def _rewrite(t: pl.Series) -> pl.Series:
    """Lower-case and rewrite CJK and word clutter so that one pattern reads every form."""
    t = nfkc(t).str.to_lowercase()
    if t.str.contains(r"[年月日時时点分秒午]").any():
        t = (
            t.str.replace_all(r"(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?", "${1}-${2}-${3}")
            .str.replace_all(r"[(（][^)）]*[)）]", " ")
            .str.replace_all(r"(\d{1,2})\s*[時时点]\s*(\d{1,2})\s*分\s*(\d{1,2})\s*秒", "${1}:${2}:${3}")
            .str.replace_all(r"(\d{1,2})\s*[時时点]\s*(\d{1,2})\s*分?", "${1}:${2}")
            .str.replace_all(r"(\d{1,2})\s*[時时点]", "${1}:00")
            .str.replace_all(r"(?:午前|上午)\s*([\d:]+)", "${1} am")
            .str.replace_all(r"(?:午後|下午)\s*([\d:]+)", "${1} pm")
        )
    if t.str.contains(r"[a-zà-ÿ]").any():
        t = (
            t.str.replace_all(r"\s+del?\s+", " ")
            .str.replace_all(r"(\d)(?:st|nd|rd|th|er|o|º)\b", "${1}")
            .str.replace_all(r"\ba\.\s?m\.", "am")
            .str.replace_all(r"\bp\.\s?m\.", "pm")
            # "10:14 hs." (es/pt horas), "10:14 Uhr", "10:14 h": the word after the time
            .str.replace_all(r"(\d{1,2}[:.h]\d{2}(?::\d{2})?)\s*(?:hs?|hrs?|horas|uhr)\.?$", "${1}")
        )
    return t.str.replace_all(r"\s+", " ").str.strip_chars()


def _int(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Int32, strict=False)


def _year(name: str) -> pl.Expr:
    """Four-digit years as written; two-digit ones 00-69 -> 2000s, 70-99 -> 1900s (POSIX)."""
    digits = pl.col(name).str.len_chars()
    value = _int(name)
    return (
        pl.when(digits == 4)
        .then(value)
        .when(digits == 2)
        .then(pl.when(value < 70).then(value + 2000).otherwise(value + 1900))
        .otherwise(None)
    )


def _numeric(order: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(year, month, day) of the numeric form a/b/c read in `order`; year-first when a has 4 digits."""
    four = pl.col("a").str.len_chars() == 4
    if order == "DMY":
        y, m, d = _year("c"), _int("b"), _int("a")
    elif order == "MDY":
        y, m, d = _year("c"), _int("a"), _int("b")
    else:
        y, m, d = _year("a"), _int("b"), _int("c")
    ymd = (_year("a"), _int("b"), _int("c"))
    return (
        pl.when(four).then(ymd[0]).otherwise(y),
        pl.when(four).then(ymd[1]).otherwise(m),
        pl.when(four).then(ymd[2]).otherwise(d),
    )


def _plausible(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    return y.is_not_null() & m.is_between(1, 12) & d.is_between(1, 31)


def _plausibility(parts: pl.DataFrame) -> pl.DataFrame:
    """Per cell and order: is it an ambiguous-shaped numeric cell that is a plausible date so read."""
    open_cells = pl.col("a").is_not_null() & (pl.col("a").str.len_chars() <= 2)
    return parts.select([(open_cells & _plausible(*_numeric(order))).alias(order) for order in ORDERS])


def _choose_order(plausible: pl.DataFrame, country: str | None) -> tuple[str, str | None, dict[str, int]]:
    """The order under which most ambiguous-shaped numeric cells are plausible dates.

    `plausible` is `_plausibility` of the cells. Also why it was a guess: None when the data
    settled it, "either" when every such cell reads both ways, "conflict" when as many cells
    read only one way as only the other.
    """
    counts = {order: int(plausible.get_column(order).sum()) for order in ORDERS}
    best = max(counts.values())
    tied = [order for order in ORDERS if counts[order] == best]
    convention = date_order(country)
    if len(tied) == 1:
        return tied[0], None, counts
    chosen = convention if convention in tied else ("DMY" if "DMY" in tied else tied[0])
    if best == 0:
        return chosen, None, counts
    others = [pl.col(o) for o in ORDERS if o != chosen]
    only_chosen = pl.col(chosen) & ~pl.any_horizontal(others)
    conflict = bool(plausible.select(only_chosen.any()).item())
    return chosen, "conflict" if conflict else "either", counts


def _format_of(row: dict[str, str | None], order: str) -> str:
    """A strftime-style description of one parsed cell, for detail["format"]."""
    if row["a"] is not None:
        sep = row["sep"] or "-"
        year = "%Y" if len(row["a"]) == 4 or len(row["c"] or "") == 4 else "%y"
        fields = {"D": "%d", "M": "%m", "Y": year}
        used = "YMD" if len(row["a"]) == 4 else order
        date = sep.join(fields[p] for p in used)
    elif row["ca"] is not None:
        date = "%Y%m%d"
    elif row["mn"] is not None:
        date = "%d %b %Y"
    elif row["mn2"] is not None:
        date = "%b %d, %Y"
    else:
        date = "%Y %b %d"
    if row["h"] is None:
        return date
    time = "%H" if row["ap"] is None else "%I"
    if row["mi"] is not None:
        time += ":%M"
    if row["s"] is not None:
        time += ":%S"
    if row["f"] is not None:
        time += ".%f"
    if row["ap"] is not None:
        time += " %p"
    if row["tz"] is not None:
        time += "%z"
    sep = "T" if (row["ts"] or "").strip() == "t" else " "
    return date + sep + time


def _split(raw: pl.Series) -> pl.DataFrame:
    """The cells cut into the parts of `_DATE`, with columns raw, text and serial."""
    text = _rewrite(raw)
    parts = text.str.extract_groups(_DATE).struct.unnest()
    return parts.with_columns(
        raw=raw, text=text, serial=text.str.extract(_SERIAL).cast(pl.Float64, strict=False)
    )


def _read(parts: pl.DataFrame, order: str, kind: Kind, time_zone: str) -> pl.DataFrame:
    """`parts` with columns values (Date or naive-then-UTC Datetime), dropped and errors."""
    months = month_numbers()

    def month(name: str) -> pl.Expr:
        return pl.col(name).replace_strict(months, default=None, return_dtype=pl.Int32)

    ny, nm, nd = _numeric(order)
    y = pl.coalesce(ny, _int("ca"), _year("dy"), _year("my"), _int("ymy"))
    m = pl.coalesce(nm, _int("cb"), month("mn"), month("mn2"), month("ymn"))
    d = pl.coalesce(nd, _int("cc"), _int("dd"), _int("md"), _int("ymd"))
    hour = _int("h")
    pm = pl.col("ap") == "pm"
    hour = (
        pl.when(pl.col("ap").is_null())
        .then(hour)
        .when(hour.is_between(1, 12))
        .then(hour % 12 + pl.when(pm).then(12).otherwise(0))
        .otherwise(None)
    )
    minute, second = _int("mi").fill_null(0), _int("s").fill_null(0)
    micro = pl.col("f").str.slice(0, 6).str.pad_end(6, "0").cast(pl.Int32, strict=False).fill_null(0)
    weekday_ok = pl.col("wd").is_null() | pl.col("wd").is_in(list(weekday_names()))
    time_ok = pl.col("h").is_null() | (
        hour.is_between(0, 23)
        & minute.is_between(0, 59)
        & second.is_between(0, 59)
        & (pl.col("mi").is_not_null() | pl.col("ap").is_not_null())
    )
    ok = _plausible(y, m, d) & y.is_between(1, 9999) & weekday_ok & time_ok
    safe_y = pl.when(ok).then(y).otherwise(2000)
    safe_m = pl.when(ok).then(m).otherwise(1)
    first = pl.date(safe_y, safe_m, 1)
    ok = ok & (d <= first.dt.days_in_month())
    safe_d = pl.when(ok).then(d).otherwise(1)
    naive: pl.Expr = pl.when(ok).then(
        pl.datetime(
            safe_y,
            safe_m,
            safe_d,
            pl.when(ok).then(hour.fill_null(0)).otherwise(0),
            pl.when(ok).then(minute).otherwise(0),
            pl.when(ok).then(second).otherwise(0),
            pl.when(ok).then(micro).otherwise(0),
            time_unit="us",
        )
    )
    serial = pl.col("serial")
    from_serial = _EXCEL_EPOCH.dt.cast_time_unit("us") + pl.duration(
        microseconds=(serial * 86_400_000_000).round(0).cast(pl.Int64)
    )
    naive = pl.coalesce(naive, pl.when(serial >= 61).then(from_serial))

    tz = pl.col("tz")
    offset_parts = tz.str.extract_groups(r"([+-])(\d{1,2}):?(\d{2})?$").struct
    offset_minutes = (
        pl.when(tz.is_in(["z", "utc", "gmt"]))
        .then(0)
        .otherwise(
            (
                offset_parts.field("2").cast(pl.Int64) * 60
                + offset_parts.field("3").cast(pl.Int64).fill_null(0)
            )
            * pl.when(offset_parts.field("1") == "-").then(-1).otherwise(1)
        )
    )
    frame = parts.with_columns(naive=naive, offset=offset_minutes)

    values: pl.Expr
    if kind is Kind.DATE:
        values = pl.col("naive").dt.date()
        dropped = pl.lit(False)
    else:
        aware = (pl.col("naive") - pl.duration(minutes=pl.col("offset"))).dt.replace_time_zone("UTC")
        local = _local_to_utc(pl.col("naive"), time_zone)
        values = pl.when(pl.col("tz").is_not_null()).then(aware).otherwise(local)
        dropped = pl.col("naive").is_not_null() & pl.col("tz").is_null() & local.is_null()
    is_date = "date" if kind is Kind.DATE else "date and time"
    numeric_misread = pl.col("a").is_not_null() & (pl.col("a").str.len_chars() <= 2)
    other_orders = [o for o in ORDERS if o != order]
    fits_other = pl.any_horizontal([_plausible(*_numeric(o)) for o in other_orders])
    errors = (
        pl.when(pl.col("raw").is_null() | pl.col("values").is_not_null())
        .then(None)
        .when(pl.col("dropped"))
        .then(reason(pl.col("raw"), f"'{{}}' does not exist in {time_zone} (the clocks were put forward)"))
        .when(numeric_misread & fits_other)
        .then(reason(pl.col("raw"), f"'{{}}' is not a {is_date} in the column's {_ORDER_WORDS[order]} order"))
        .otherwise(reason(pl.col("raw"), f"'{{}}' is not a {is_date}"))
    )
    out = frame.with_columns(values=values, dropped=dropped).with_columns(errors=errors)
    return out.with_columns(pl.col("values").cast(_dtype(kind)))


def _local_to_utc(naive: pl.Expr, time_zone: str) -> pl.Expr:
    """Naive local times in `time_zone` as UTC; the earlier of a repeated hour, null for a skipped one."""
    return naive.dt.replace_time_zone(
        time_zone, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")


def _dtype(kind: Kind) -> pl.DataType:
    return pl.Date() if kind is Kind.DATE else pl.Datetime("us", "UTC")


def _parsed_formats(out: pl.DataFrame, order: str) -> list[tuple[int, str]]:
    """(row, format) of the first 2000 cells of `out` (with column "row") read other than as serials."""
    parsed = out.filter(pl.col("values").is_not_null() & pl.col("serial").is_null()).head(_FORMAT_ROWS)
    return [(row["row"], _format_of(row, order)) for row in parsed.iter_rows(named=True)]


def _detail(
    *,
    order: str,
    ambiguous: str | None,
    counts: dict[str, int],
    formats: list[str],
    serials: bool,
    naive: bool,
    kind: Kind,
    country: str | None,
    time_zone: str,
) -> dict[str, str]:
    """detail for the column, from the formats of its first parsed cells (in order) and the rest."""
    detail: dict[str, str] = {}
    counted = Counter(formats)
    if counted:
        detail["format"] = counted.most_common(1)[0][0]
    if counts[order] > 0 or ambiguous:
        detail["order"] = _ORDER_WORDS[order]
    if ambiguous:
        source = (
            f"as is usual in {country.upper()}" if date_order(country) == order and country else "day first"
        )
        why = {
            "either": "day and month could be either way round in every cell",
            "conflict": "as many cells read day-first as month-first",
        }[ambiguous]
        detail["ambiguous"] = f"{why}; read {_ORDER_WORDS[order]} ({source})"
    if serials:
        detail["excel_serial"] = "1900 date system"
        detail.setdefault("format", "excel serial")
    if kind is Kind.TIMESTAMP and naive:
        detail["time_zone"] = time_zone
    return detail


def _parse_slow(
    raw: pl.Series, kind: Kind, country: str | None, time_zone: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    """Every cell through the general parser."""
    parts = _split(raw)
    order, ambiguous, counts = _choose_order(_plausibility(parts), country)
    out = _read(parts, order, kind, time_zone).with_row_index("row")
    parsed = out.filter(pl.col("values").is_not_null())
    detail = _detail(
        order=order,
        ambiguous=ambiguous,
        counts=counts,
        formats=[f for _, f in _parsed_formats(out, order)],
        serials=bool(parsed.select(pl.col("serial").is_not_null().any()).item()),
        naive=bool(parsed.select(pl.col("tz").is_null().any()).item()),
        kind=kind,
        country=country,
        time_zone=time_zone,
    )
    return out.select("values", "errors"), detail


_FORMAT_ROWS = 2000
"""detail["format"] is the most common format among this many first parsed cells."""
_FAST_MIN_ROWS = 10_000
"""Columns shorter than this always take the general parser: the fast path would not pay."""
_FAST_SAMPLE = 1000
"""Cells (a seeded random sample) the format of the fast path is inferred from."""

_FAST_FORMAT = re.compile(
    r"^(?P<date>%(?P<f1>[dmY])(?P<sep>[/.-])%(?P<f2>[dmY])(?P=sep)%(?P<f3>[dmY]))"
    r"(?:(?P<t>[ T])%H:%M(?P<s>:%S)?)?$"
)
_FAST_FIELDS = {
    "d": "(?:0?[1-9]|[12][0-9]|3[01])",
    "m": "(?:0?[1-9]|1[0-2])",
    "Y": "[12][0-9]{3}",
}
_FAST_HOUR = "(?:[01]?[0-9]|2[0-3])"
_FAST_MINUTE = "[0-5][0-9]"


@dataclass(frozen=True)
class _Fast:
    """A format the fast path reads with Polars, and the cells it may read with it."""

    format: str
    pattern: str
    order: str
    has_time: bool


def _fast_format(fmt: str | None) -> _Fast | None:
    """The fast path for a detail["format"], when it is one Polars reads exactly as `_parse_slow`.

    Only numeric dates with a four-digit year (from 1000), with or without "%H:%M" or
    "%H:%M:%S" after a space or "T". The pattern admits just the cells that both parsers
    read alike: ASCII digits, one- or two-digit day, month and hour, two-digit minutes
    and seconds (Polars would take 60 seconds as a leap second), no surrounding spaces.
    """
    found = _FAST_FORMAT.match(fmt or "")
    if found is None:
        return None
    fields = found["f1"] + found["f2"] + found["f3"]
    order = {"dmY": "DMY", "mdY": "MDY", "Ymd": "YMD"}.get(fields)
    if order is None:
        return None
    sep = re.escape(found["sep"])
    pattern = sep.join(_FAST_FIELDS[f] for f in fields)
    if found["t"] is not None:
        pattern += found["t"] + _FAST_HOUR + ":" + _FAST_MINUTE
        if found["s"] is not None:
            pattern += ":" + _FAST_MINUTE
    return _Fast(format=fmt or "", pattern=f"^{pattern}$", order=order, has_time=found["t"] is not None)


def _fast_plausibility(day: pl.Series, fast: _Fast) -> pl.DataFrame:
    """`_plausibility` of cells the fast path read, from their day of the month.

    A day-first or month-first cell with a four-digit year from 1000 reads in its own order,
    the other of the two when the day is at most 12, never year-first (the year is no day);
    a year-first cell is not ambiguous-shaped.
    """
    frame = pl.DataFrame({"day": day})
    if fast.order == "YMD":
        return frame.select([pl.repeat(False, pl.len()).alias(o) for o in ORDERS])
    swapped = "MDY" if fast.order == "DMY" else "DMY"
    return frame.select(
        **{
            fast.order: pl.repeat(True, pl.len()),
            swapped: pl.col("day") <= 12,
            "YMD": pl.repeat(False, pl.len()),
        }
    ).select(ORDERS)


def _infer_fast(sample: pl.Series, country: str | None) -> _Fast | None:
    """The fast path for the most common format of the sample's date-shaped cells, if any.

    Like the general parser's detail["format"] (same order choice and `_format_of`) without
    checking that the cells are valid dates: a wrong guess costs speed, not correctness.
    """
    parts = _split(sample)
    order, _, _ = _choose_order(_plausibility(parts), country)
    shaped = pl.any_horizontal(pl.col(g).is_not_null() for g in ("a", "ca", "mn", "mn2", "ymy"))
    rows = parts.filter(shaped & pl.col("serial").is_null()).iter_rows(named=True)
    formats = Counter(_format_of(row, order) for row in rows)
    return _fast_format(formats.most_common(1)[0][0]) if formats else None


def _parse_fast(
    raw: pl.Series, kind: Kind, country: str | None, time_zone: str
) -> tuple[pl.DataFrame, dict[str, str]] | None:
    """The fast path (see the module); None when it does not apply."""
    if raw.len() < _FAST_MIN_ROWS:
        return None
    filled = raw.drop_nulls()
    fast = _infer_fast(filled.sample(min(_FAST_SAMPLE, filled.len()), seed=0), country)
    if fast is None:
        return None
    shaped = raw.str.contains(fast.pattern)
    naive = (
        raw.str.to_date(fast.format, strict=False)
        if kind is Kind.DATE and not fast.has_time
        else raw.str.to_datetime(fast.format, time_unit="us", strict=False)
    )
    read = pl.col("naive").cast(pl.Date) if kind is Kind.DATE else _local_to_utc(pl.col("naive"), time_zone)
    values = (
        pl.DataFrame({"naive": naive, "shaped": shaped})
        .select(pl.when(pl.col("shaped")).then(read).cast(_dtype(kind)))
        .to_series()
    )
    is_fast = values.is_not_null()
    if not is_fast.any():
        return None
    plausible = _fast_plausibility(naive.filter(is_fast).dt.day(), fast)
    rest_rows = (~is_fast & raw.is_not_null()).arg_true()
    parts = _split(raw.gather(rest_rows)) if rest_rows.len() else None
    if parts is not None:
        plausible = pl.concat([plausible, _plausibility(parts)])
    order, ambiguous, counts = _choose_order(plausible, country)
    if fast.order != "YMD" and order != fast.order:
        return None  # the sample misled: Polars read these cells in the wrong order
    errors = pl.repeat(None, raw.len(), dtype=pl.String, eager=True).alias("errors")
    formats = [(row, fast.format) for row in is_fast.arg_true().head(_FORMAT_ROWS).to_list()]
    serials = False
    if parts is not None:
        out = _read(parts, order, kind, time_zone).with_columns(row=rest_rows)
        values = values.scatter(rest_rows, out.get_column("values"))
        errors = errors.scatter(rest_rows, out.get_column("errors"))
        formats = sorted(formats + _parsed_formats(out, order))[:_FORMAT_ROWS]
        parsed_serial = pl.col("values").is_not_null() & pl.col("serial").is_not_null()
        serials = bool(out.select(parsed_serial.any()).item())
    detail = _detail(
        order=order,
        ambiguous=ambiguous,
        counts=counts,
        formats=[f for _, f in formats],
        serials=serials,
        naive=True,
        kind=kind,
        country=country,
        time_zone=time_zone,
    )
    return pl.DataFrame({"values": values, "errors": errors}), detail


def _parse(
    raw: pl.Series, kind: Kind, country: str | None, time_zone: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    fast = _parse_fast(raw, kind, country, time_zone)
    return fast if fast is not None else _parse_slow(raw, kind, country, time_zone)


def parse_dates(
    raw: pl.Series, kind: Kind, country: str | None, time_zone: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    """Columns "values" (Date or Datetime UTC) and "errors" for cleaned text cells `raw`."""
    return on_uniques(raw, lambda cells: _parse(cells, kind, country, time_zone))
