"""Numbers, money, quantities, percentages: decimal mark per column, signs, currencies, units."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import polars as pl
import pytest

from rung.engine.ingest.types import Parsed
from rung.engine.ingest.values import parse_column
from rung.engine.schema import MONEY_DTYPE, Kind


def parse(cells: Sequence[str | None], kind: Kind = Kind.MONEY, country: str | None = None) -> Parsed:
    return parse_column(pl.Series("cells", cells, dtype=pl.String), kind, country=country)


def test_dtypes_are_canonical() -> None:
    assert parse(["1"]).values.dtype == MONEY_DTYPE
    for kind in (Kind.NUMBER, Kind.QUANTITY, Kind.PERCENT):
        assert parse(["1"], kind).values.dtype == pl.Float64
    assert parse(["1"], Kind.INTEGER).values.dtype == pl.Int64


def test_blank_cells_are_null_not_errors() -> None:
    parsed = parse(["", " ", "\u202f", None, "12,50"])
    assert parsed.values.to_list() == [None, None, None, None, Decimal("12.5")]
    assert parsed.errors.to_list() == [None] * 5
    assert parsed.currency is None


@pytest.mark.parametrize(
    ("cells", "decimal", "expected"),
    [
        (["1.234,56", "12,5"], ",", [1234.56, 12.5]),  # nl/de/pt/es/it
        (["1,234.56", "12.5"], ".", [1234.56, 12.5]),  # en
        (["12,5", "3"], ",", [12.5, 3.0]),
        (["0,125"], ",", [0.125]),
        (["1234,567"], ",", [1234.567]),
        (["1.234.567"], ",", [1234567.0]),
        (["1,234,567"], ".", [1234567.0]),
        (["1 234,56", "1\u00a0234,56", "1\u202f234,56"], ",", [1234.56] * 3),  # fr: spaces, NBSP, narrow NBSP
        (["1'234.50", "1’234.50"], ".", [1234.5, 1234.5]),  # ch: apostrophes
        (["１２３", "１２，５"], ",", [123.0, 12.5]),  # full-width
        ([".5", ",5"], ".", [0.5, None]),
    ],
)
def test_decimal_mark_decided_from_the_column(cells: list[str], decimal: str, expected: list[float]) -> None:
    parsed = parse(cells, Kind.NUMBER)
    assert parsed.values.to_list() == expected
    assert parsed.detail["decimal"] == decimal


def test_1_234_alone_is_settled_by_the_other_cells() -> None:
    assert parse(["1,234", "12,5"], Kind.NUMBER).values.to_list() == [1.234, 12.5]
    assert parse(["1,234", "1,234.50"], Kind.NUMBER).values.to_list() == [1234.0, 1234.5]


def test_1_234_alone_is_ambiguous_and_falls_back_to_the_country() -> None:
    plain = parse(["1,234"], Kind.NUMBER)
    assert plain.values.to_list() == [1234.0]
    assert "either way" in plain.detail["ambiguous"]
    german = parse(["1,234"], Kind.NUMBER, country="DE")
    assert german.values.to_list() == [1.234]
    assert "DE" in german.detail["ambiguous"]
    assert parse(["1.234"], Kind.NUMBER, country="BR").values.to_list() == [1234.0]


def test_cells_against_the_column_mark_get_a_reason() -> None:
    parsed = parse(["1.234,56", "12,50", "12.50"])
    assert parsed.values.to_list() == [Decimal("1234.56"), Decimal("12.5"), None]
    assert (
        parsed.errors[2] == "'12.50' is not an amount of money written with the column's decimal mark (',')"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("-12", -12),
        ("−12", -12),  # unicode minus
        ("(12.00)", -12),
        ("12-", -12),
        ("+12", 12),
        ("- 12", -12),
        ("€ -12", -12),
        ("-€12", -12),
        ("(€ 12)", -12),
        ("12,-", 12),  # Dutch "twelve euros"
    ],
)
def test_negatives_and_signs(cell: str, expected: int) -> None:
    parsed = parse([cell])
    assert parsed.values.to_list() == [Decimal(expected)], parsed.errors[0]


@pytest.mark.parametrize(
    ("cell", "amount", "currency"),
    [
        ("€ 12,50", "12.50", "EUR"),
        ("12,50 €", "12.50", "EUR"),
        ("12,50€", "12.50", "EUR"),
        ("EUR 12,50", "12.50", "EUR"),
        ("12,50 eur", "12.50", "EUR"),
        ("$12,50", "12.50", "USD"),
        ("US$ 12,50", "12.50", "USD"),
        ("£12,50", "12.50", "GBP"),
        ("R$ 1.234,50", "1234.50", "BRL"),
        ("¥1.234", "1234", "JPY"),
        ("1.234円", "1234", "JPY"),
        ("1.234元", "1234", "CNY"),
        ("CHF 12,50", "12.50", "CHF"),
        ("12,50 kr", "12.50", "SEK"),
        ("12,50 USD", "12.50", "USD"),
        ("12,50", "12.50", None),
    ],
)
def test_currency_symbols_and_codes_before_or_after(cell: str, amount: str, currency: str | None) -> None:
    parsed = parse([cell, "1.000,00 EUR"])
    assert parsed.values[0] == Decimal(amount), parsed.errors[0]
    assert parsed.currency is not None
    assert parsed.currency[0] == currency


@pytest.mark.parametrize(
    ("country", "cell", "currency"),
    [
        ("CN", "¥ 12", "CNY"),
        ("JP", "¥ 12", "JPY"),
        ("CA", "$12", "CAD"),
        ("NO", "12 kr", "NOK"),
        ("DK", "12 kr", "DKK"),
    ],
)
def test_shared_symbols_follow_the_country(country: str, cell: str, currency: str) -> None:
    parsed = parse([cell], country=country)
    assert parsed.currency is not None
    assert parsed.currency.to_list() == [currency]


def test_currency_is_none_when_no_cell_carries_one() -> None:
    assert parse(["12,50", "3"]).currency is None


def test_unknown_words_in_money_are_errors() -> None:
    parsed = parse(["12 apples", "abc", "12,50 €"])
    assert parsed.values.to_list() == [None, None, Decimal("12.5")]
    assert parsed.errors.to_list() == [
        "'12 apples' is not an amount of money",
        "'abc' is not an amount of money",
        None,
    ]


def test_money_keeps_four_decimals_exactly() -> None:
    assert parse(["0,1", "0,2", "1234567,8912"]).values.to_list() == [
        Decimal("0.1"),
        Decimal("0.2"),
        Decimal("1234567.8912"),
    ]


def test_percentages_are_kept_as_written() -> None:
    parsed = parse(["12,5%", "3 %", "100%", "０,５％"], Kind.PERCENT)
    assert parsed.values.to_list() == [12.5, 3.0, 100.0, 0.5]
    assert parse(["12%"], Kind.MONEY).errors[0] == "'12%' is not an amount of money"


@pytest.mark.parametrize(
    ("cells", "values", "unit"),
    [
        (["3 kg", "1,5 kg", "2 KG"], [3.0, 1.5, 2.0], "kg"),
        (["2 pcs", "10 pcs"], [2.0, 10.0], "pcs"),
        (["1,5 l", "2 l"], [1.5, 2.0], "l"),
        (["3 stuks", "4 stuks"], [3.0, 4.0], "stuks"),
        (["12 Stück"], [12.0], "Stück"),
        (["5 個"], [5.0], "個"),
    ],
)
def test_quantities_with_units(cells: list[str], values: list[float], unit: str) -> None:
    parsed = parse(cells, Kind.QUANTITY)
    assert parsed.values.to_list() == values
    assert parsed.detail["unit"] == unit


def test_quantities_with_mixed_units_list_them() -> None:
    parsed = parse(["1 kg", "500 g", "3"], Kind.QUANTITY)
    assert parsed.values.to_list() == [1.0, 500.0, 3.0]
    assert "unit" not in parsed.detail
    assert parsed.detail["units"] == "g, kg"


def test_returns_are_negative_quantities() -> None:
    assert parse(["-2", "(3)", "4-"], Kind.QUANTITY).values.to_list() == [-2.0, -3.0, -4.0]


def test_integers() -> None:
    parsed = parse(["12", "12.0", "-3", "1,234,567", "12.5", "x"], Kind.INTEGER)
    assert parsed.values.to_list() == [12, 12, -3, 1234567, None, None]
    assert parsed.errors[4] == "'12.5' is not a whole number"
    assert parsed.errors[5] == "'x' is not a whole number"
    assert parse(["1.234.567", "3"], Kind.INTEGER).values.to_list() == [1234567, 3]


def test_number_errors_are_plain_english() -> None:
    parsed = parse(["n/a", "12"], Kind.NUMBER)
    assert parsed.errors.to_list() == ["'n/a' is not a number", None]


def test_long_messages_are_cut() -> None:
    parsed = parse(["x" * 200], Kind.NUMBER)
    assert parsed.errors[0] is not None
    assert len(parsed.errors[0]) < 100
    assert parsed.errors[0].endswith("…' is not a number")


def test_long_repeating_columns_give_the_same_answers() -> None:
    cells = ["€ 1.234,56", "12,50", "", "abc"] * 10_000
    parsed = parse(cells)
    assert parsed.values.to_list()[:4] == [Decimal("1234.56"), Decimal("12.5"), None, None]
    assert parsed.values.to_list()[-4:] == parsed.values.to_list()[:4]
    assert parsed.errors.to_list()[-4:] == [None, None, None, "'abc' is not an amount of money"]
    assert parsed.currency is not None
    assert parsed.currency.to_list()[-4:] == ["EUR", None, None, None]
