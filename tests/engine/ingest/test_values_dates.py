"""Dates and timestamps: format inference per column, day/month order, Excel serials, zones."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from rung.engine.ingest import values_dates
from rung.engine.ingest.types import Parsed
from rung.engine.ingest.values import parse_column
from rung.engine.schema import Kind


def parse(
    cells: Sequence[str | None], kind: Kind = Kind.DATE, country: str | None = None, time_zone: str = "UTC"
) -> Parsed:
    return parse_column(
        pl.Series("cells", cells, dtype=pl.String), kind, country=country, time_zone=time_zone
    )


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


def test_dtypes_are_canonical() -> None:
    assert parse(["2024-03-05"]).values.dtype == pl.Date
    assert parse(["2024-03-05 10:00"], Kind.TIMESTAMP).values.dtype == pl.Datetime("us", "UTC")
    assert parse(["x"]).errors.dtype == pl.String


def test_empty_and_blank_cells_are_null_not_errors() -> None:
    parsed = parse(["", "   ", "\u00a0", None, "05/03/2024"])
    assert parsed.values.to_list() == [None, None, None, None, date(2024, 3, 5)]
    assert parsed.errors.to_list() == [None] * 5


def test_day_first_decided_by_a_first_field_above_12() -> None:
    parsed = parse(["03/05/2024", "25/12/2024", "1/2/2024"])
    assert parsed.values.to_list() == [date(2024, 5, 3), date(2024, 12, 25), date(2024, 2, 1)]
    assert parsed.detail["format"] == "%d/%m/%Y"
    assert parsed.detail["order"] == "day/month/year"
    assert "ambiguous" not in parsed.detail


def test_month_first_decided_by_a_second_field_above_12() -> None:
    parsed = parse(["03/05/2024", "12/25/2024"])
    assert parsed.values.to_list() == [date(2024, 3, 5), date(2024, 12, 25)]
    assert parsed.detail["format"] == "%m/%d/%Y"
    assert "ambiguous" not in parsed.detail


def test_month_first_wins_even_with_the_us_country_absent_when_data_say_so() -> None:
    parsed = parse(["12/25/2024", "01/13/2024"], country="NL")
    assert parsed.values.to_list() == [date(2024, 12, 25), date(2024, 1, 13)]


def test_ambiguous_column_defaults_to_day_first_and_says_so() -> None:
    parsed = parse(["03/05/2024", "04/06/2024"])
    assert parsed.values.to_list() == [date(2024, 5, 3), date(2024, 6, 4)]
    assert "either way" in parsed.detail["ambiguous"]


@pytest.mark.parametrize(
    ("country", "expected"),
    [("US", date(2024, 3, 5)), ("PH", date(2024, 3, 5)), ("NL", date(2024, 5, 3)), ("BR", date(2024, 5, 3))],
)
def test_ambiguous_column_uses_the_country_convention(country: str, expected: date) -> None:
    parsed = parse(["03/05/2024"], country=country)
    assert parsed.values.to_list() == [expected]
    assert country in parsed.detail["ambiguous"]


def test_the_minority_order_gets_a_reason() -> None:
    parsed = parse(["25/12/2024", "26/12/2024", "12/27/2024"])
    assert parsed.values.to_list()[:2] == [date(2024, 12, 25), date(2024, 12, 26)]
    assert parsed.values[2] is None
    assert parsed.errors[2] == "'12/27/2024' is not a date in the column's day/month/year order"


def test_impossible_dates_and_rubbish_get_reasons() -> None:
    parsed = parse(["31/02/2024", "29/02/2023", "29/02/2024", "tomorrow", "2024-13-01"])
    assert parsed.values.to_list() == [None, None, date(2024, 2, 29), None, None]
    assert parsed.errors.to_list() == [
        "'31/02/2024' is not a date",
        "'29/02/2023' is not a date",
        None,
        "'tomorrow' is not a date",
        "'2024-13-01' is not a date",
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05.03.2024", date(2024, 3, 5)),
        ("05-03-2024", date(2024, 3, 5)),
        ("05 03 2024", date(2024, 3, 5)),
        ("5/3/24", date(2024, 3, 5)),
        ("05.03.99", date(1999, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/03/05", date(2024, 3, 5)),
        ("2024.3.5", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("２０２４年３月５日", date(2024, 3, 5)),
        ("2024年3月5日(火)", date(2024, 3, 5)),
    ],
)
def test_numeric_forms(cell: str, expected: date) -> None:
    parsed = parse([cell, "25/12/2024"])
    assert parsed.values[0] == expected, parsed.errors[0]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("5 March 2024", date(2024, 3, 5)),  # en
        ("Jan 5, 2024", date(2024, 1, 5)),
        ("January 5th, 2024", date(2024, 1, 5)),
        ("Tuesday, 5 March 2024", date(2024, 3, 5)),
        ("05-Mar-2024", date(2024, 3, 5)),
        ("3 mrt 2024", date(2024, 3, 3)),  # nl
        ("3 maart 2024", date(2024, 3, 3)),
        ("di 5 mrt. 2024", date(2024, 3, 5)),
        ("15. März 2024", date(2024, 3, 15)),  # de
        ("15. Mrz. 2024", date(2024, 3, 15)),
        ("1. Dezember 2023", date(2023, 12, 1)),
        ("1er janvier 2024", date(2024, 1, 1)),  # fr
        ("5 févr. 2024", date(2024, 2, 5)),
        ("mardi 5 mars 2024", date(2024, 3, 5)),
        ("5 de marzo de 2024", date(2024, 3, 5)),  # es
        ("5 ene 2024", date(2024, 1, 5)),
        ("5 de março de 2024", date(2024, 3, 5)),  # pt
        ("12 dez 2023", date(2023, 12, 12)),
        ("12 dicembre 2023", date(2023, 12, 12)),  # it
        ("3 ago 2024", date(2024, 8, 3)),
        ("2024-Mar-05", date(2024, 3, 5)),
    ],
)
def test_month_names_in_seven_languages(cell: str, expected: date) -> None:
    parsed = parse([cell])
    assert parsed.values.to_list() == [expected], parsed.errors[0]


def test_an_unknown_month_or_weekday_word_is_an_error() -> None:
    parsed = parse(["5 foo 2024", "blah 5 March 2024"])
    assert parsed.values.to_list() == [None, None]
    assert parsed.errors[0] == "'5 foo 2024' is not a date"


def test_excel_serial_dates_1900_system() -> None:
    parsed = parse(["45292", "45358", "45358.5", "01/02/2024"])
    assert parsed.values.to_list() == [date(2024, 1, 1), date(2024, 3, 7), date(2024, 3, 7), date(2024, 2, 1)]
    assert parsed.detail["excel_serial"] == "1900 date system"


def test_excel_serial_fraction_is_the_time_of_day() -> None:
    parsed = parse(["45358.5", "45292.75"], Kind.TIMESTAMP)
    assert parsed.values.to_list() == [utc(2024, 3, 7, 12), utc(2024, 1, 1, 18)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-03-05T10:00:00Z", utc(2024, 3, 5, 10)),
        ("2024-03-05T10:00:00.123456Z", utc(2024, 3, 5, 10, 0, 0, 123456)),
        ("2024-03-05T10:00:00.123+02:00", utc(2024, 3, 5, 8, 0, 0, 123000)),
        ("2024-03-05 10:00:00-05:00", utc(2024, 3, 5, 15)),
        ("2024-03-05T10:00:00+0530", utc(2024, 3, 5, 4, 30)),
        ("2024-03-05 10:00", utc(2024, 3, 5, 10)),
        ("2024-03-05 10:00:30", utc(2024, 3, 5, 10, 0, 30)),
        ("2024-03-05T10:00", utc(2024, 3, 5, 10)),
        ("2024-03-05", utc(2024, 3, 5)),
        ("05/03/2024 14:30", utc(2024, 3, 5, 14, 30)),
        ("05/03/2024 2:30 PM", utc(2024, 3, 5, 14, 30)),
        ("05/03/2024 12:05 am", utc(2024, 3, 5, 0, 5)),
        ("05/03/2024 12:05 p.m.", utc(2024, 3, 5, 12, 5)),
        ("Jan 5, 2024 3:45 pm", utc(2024, 1, 5, 15, 45)),
        ("5 mrt 2024 om 14:30", utc(2024, 3, 5, 14, 30)),
        ("2024年3月5日 14時30分", utc(2024, 3, 5, 14, 30)),
        ("2024年3月5日 午後3時", utc(2024, 3, 5, 15)),
        ("2024/03/05 14:30:15", utc(2024, 3, 5, 14, 30, 15)),
    ],
)
def test_timestamps(cell: str, expected: datetime) -> None:
    parsed = parse([cell], Kind.TIMESTAMP)
    assert parsed.values.to_list() == [expected], parsed.errors[0]


def test_invalid_times_get_reasons() -> None:
    parsed = parse(["2024-03-05 25:00", "2024-03-05 13:00 pm", "2024-03-05 10"], Kind.TIMESTAMP)
    assert parsed.values.to_list() == [None, None, None]
    assert parsed.errors[0] == "'2024-03-05 25:00' is not a date and time"


def test_naive_times_are_local_time_of_the_business() -> None:
    parsed = parse(
        ["2024-01-15 10:00", "2024-07-15 10:00", "2024-07-15T10:00:00Z"],
        Kind.TIMESTAMP,
        time_zone="Europe/Amsterdam",
    )
    assert parsed.values.to_list() == [utc(2024, 1, 15, 9), utc(2024, 7, 15, 8), utc(2024, 7, 15, 10)]
    assert parsed.detail["time_zone"] == "Europe/Amsterdam"


def test_a_local_time_the_clocks_skipped_is_an_error() -> None:
    parsed = parse(["2024-03-31 02:30", "2024-10-27 02:30"], Kind.TIMESTAMP, time_zone="Europe/Amsterdam")
    assert parsed.values[0] is None
    assert "does not exist in Europe/Amsterdam" in parsed.errors[0]
    assert parsed.values[1] == utc(2024, 10, 27, 0, 30)  # the earlier of the two


def test_a_date_column_with_times_keeps_the_date_as_written() -> None:
    parsed = parse(["2024-03-05T23:30:00-05:00", "05/03/2024 14:30"])
    assert parsed.values.to_list() == [date(2024, 3, 5), date(2024, 3, 5)]


def test_detail_format_for_timestamps() -> None:
    assert parse(["2024-03-05T10:00:00Z"], Kind.TIMESTAMP).detail["format"] == "%Y-%m-%dT%H:%M:%S%z"
    assert parse(["25/12/2024 14:30"], Kind.TIMESTAMP).detail["format"] == "%d/%m/%Y %H:%M"


def test_long_columns_are_parsed_once_per_unique_cell_with_the_same_result() -> None:
    cells = ["05/03/2024", "25/12/2024", "31/02/2024", "", "45292"] * 10_000
    parsed = parse(cells)
    assert parsed.values.len() == len(cells)
    assert parsed.values.to_list()[:5] == [date(2024, 3, 5), date(2024, 12, 25), None, None, date(2024, 1, 1)]
    assert parsed.errors.to_list()[:5] == [None, None, "'31/02/2024' is not a date", None, None]
    assert parsed.values.to_list()[-5:] == parsed.values.to_list()[:5]


def _mixed_column(rows: int, fmt: str) -> list[str | None]:
    """Mostly distinct `fmt` cells (some without leading zeros), with every other kind mixed in."""
    rng = random.Random(7)
    others = [
        "2024-03-05T10:15:00",
        "5 maart 2024 14:30",
        "Jan 5, 2024 2:30 pm",
        "45356",
        "45356.5",
        "31/02/2024 10:00",
        "05/03/2024 24:00",
        "05/03/2024 10:60",
        "05/13/2024 10:00",
        "31/03/2024 02:30",
        "27/10/2024 02:30",
        " 05/03/2024 10:00",
        "05/03/2024  10:00",
        "05-03-2024 10:00",
        "05/03/0999 10:00",
        "٠٥/٠٣/٢٠٢٤ 10:00",
        "not a date",
        "",
        None,
    ]
    cells: list[str | None] = []
    for _ in range(rows):
        if rng.random() < 0.1:
            cells.append(rng.choice(others))
        else:
            start = datetime(2000, 1, 1, tzinfo=UTC)
            moment = start + timedelta(minutes=rng.randrange(30 * 365 * 24 * 60))
            text = moment.strftime(fmt)
            if rng.random() < 0.1:
                text = moment.strftime(fmt.replace("%", "%-").replace("%-Y", "%Y").replace("%-M", "%M"))
            cells.append(text)
    return cells


@pytest.mark.parametrize(
    ("kind", "country", "time_zone", "fmt"),
    [
        (Kind.TIMESTAMP, None, "Europe/Amsterdam", "%d/%m/%Y %H:%M"),
        (Kind.DATE, None, "UTC", "%d/%m/%Y %H:%M"),
        (Kind.TIMESTAMP, "US", "America/New_York", "%m/%d/%Y %H:%M"),
        (Kind.DATE, "US", "UTC", "%m/%d/%Y %H:%M"),
        (Kind.TIMESTAMP, None, "UTC", "%Y-%m-%dT%H:%M:%S"),
    ],
)
def test_the_polars_fast_path_agrees_with_the_general_parser(
    monkeypatch: pytest.MonkeyPatch, kind: Kind, country: str | None, time_zone: str, fmt: str
) -> None:
    cells = _mixed_column(values_dates._FAST_MIN_ROWS + 2_000, fmt)
    split_sizes: list[int] = []
    real_split = values_dates._split

    def spy(raw: pl.Series) -> pl.DataFrame:
        split_sizes.append(raw.len())
        return real_split(raw)

    monkeypatch.setattr(values_dates, "_split", spy)
    fast = parse(cells, kind, country=country, time_zone=time_zone)
    general_cells = max(split_sizes)
    monkeypatch.setattr(values_dates, "_FAST_MIN_ROWS", 10**9)
    slow = parse(cells, kind, country=country, time_zone=time_zone)

    assert fast.values.equals(slow.values)
    assert fast.errors.equals(slow.errors)
    assert fast.detail == slow.detail
    assert slow.errors.null_count() < len(cells)  # the mix really has failures
    assert slow.detail["format"] == fmt
    assert general_cells < len(cells) // 4  # the fast path ran: the general parser saw the leftovers only


def test_the_fast_path_falls_back_when_the_sample_misleads_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = ["05/03/2024 10:00"] * values_dates._FAST_MIN_ROWS + ["25/12/2024 10:00"]
    misled = values_dates._fast_format("%m/%d/%Y %H:%M")  # as if the sample had read month-first
    monkeypatch.setattr(values_dates, "_infer_fast", lambda sample, country: misled)
    fast = parse(cells, Kind.TIMESTAMP)
    monkeypatch.setattr(values_dates, "_FAST_MIN_ROWS", 10**9)
    slow = parse(cells, Kind.TIMESTAMP)
    assert fast.values.equals(slow.values)
    assert fast.errors.equals(slow.errors)
    assert fast.detail == slow.detail
    assert fast.values[0] == utc(2024, 3, 5, 10) and fast.values[-1] == utc(2024, 12, 25, 10)
