"""Yes/no, e-mail, phone, currency and country codes, ids and text."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pytest

from rung.engine.ingest.types import Parsed
from rung.engine.ingest.values import parse_column
from rung.engine.schema import Kind


def parse(cells: Sequence[str | None], kind: Kind, country: str | None = None) -> Parsed:
    return parse_column(pl.Series("cells", cells, dtype=pl.String), kind, country=country)


def test_every_kind_gives_its_canonical_dtype_and_string_errors() -> None:
    from rung.engine.schema import Field

    for kind in Kind:
        parsed = parse(["", None], kind)
        assert parsed.values.dtype == Field("x", kind, "").dtype, kind
        assert parsed.errors.dtype == pl.String
        assert parsed.values.to_list() == [None, None]
        assert parsed.errors.to_list() == [None, None]


@pytest.mark.parametrize(
    ("cells", "value"),
    [
        (["yes", "Y", "TRUE", "true", "1", "t", "on"], True),  # en
        (["no", "N", "FALSE", "0", "f", "off"], False),
        (["ja", "Ja", "j", "waar", "wahr"], True),  # nl / de
        (["nee", "Nein", "onwaar", "falsch"], False),
        (["oui", "vrai"], True),  # fr
        (["non", "faux"], False),
        (["sí", "si", "Sim", "verdadero", "verdadeiro", "vero"], True),  # es / pt / it
        (["não", "nao", "falso"], False),
        (["是", "はい"], True),  # zh / ja
        (["否", "いいえ"], False),
    ],
)
def test_booleans_in_many_languages(cells: list[str], value: bool) -> None:
    parsed = parse(cells, Kind.BOOLEAN)
    assert parsed.values.to_list() == [value] * len(cells)
    assert parsed.errors.null_count() == len(cells)


def test_boolean_rubbish_is_an_error() -> None:
    parsed = parse(["maybe", " YES "], Kind.BOOLEAN)
    assert parsed.values.to_list() == [None, True]
    assert parsed.errors.to_list() == ["'maybe' is not yes or no", None]


def test_emails_are_trimmed_and_lower_cased() -> None:
    parsed = parse(
        [" Jan.Jansen@Example.NL ", "mailto:info@shop.de", "Ana Souza <ana@loja.com.br>"], Kind.EMAIL
    )
    assert parsed.values.to_list() == ["jan.jansen@example.nl", "info@shop.de", "ana@loja.com.br"]
    assert parsed.errors.null_count() == 3


@pytest.mark.parametrize(
    "cell", ["jan.example.nl", "jan jansen@example.nl", "jan@localhost", "@example.nl", "a@@b.nl"]
)
def test_invalid_emails_get_a_reason(cell: str) -> None:
    parsed = parse([cell], Kind.EMAIL)
    assert parsed.values.to_list() == [None]
    assert parsed.errors.to_list() == [f"'{cell}' is not an e-mail address"]


@pytest.mark.parametrize(
    ("cell", "country", "expected"),
    [
        ("06 12345678", "NL", "+31612345678"),
        ("+31 6 1234 5678", "NL", "+31612345678"),
        ("0031 6 12345678", "NL", "+31612345678"),
        ("030-1234567", "NL", "+31301234567"),
        ("(11) 98765-4321", "BR", "+5511987654321"),
        ("030 123456", "DE", "+4930123456"),
        ("01 42 68 53 00", "FR", "+33142685300"),
        ("090-1234-5678", "JP", "+819012345678"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("+44 20 7946 0958", "NL", "+442079460958"),
        ("+31 6 12345678", None, "+31612345678"),
        ("0031612345678", None, "+31612345678"),
        ("31612345678.0", None, "+31612345678"),
    ],
)
def test_phone_numbers_to_e164(cell: str, country: str | None, expected: str) -> None:
    parsed = parse([cell], Kind.PHONE, country)
    assert parsed.values.to_list() == [expected], parsed.errors[0]


def test_invalid_phone_numbers_get_a_reason() -> None:
    parsed = parse(["123", "06 12345678", "+31 6 12345678"], Kind.PHONE)
    assert parsed.values.to_list() == [None, None, "+31612345678"]
    assert parsed.errors[0] is not None
    assert parsed.errors[0].startswith("'123' is not a valid phone number")
    assert parsed.errors[1] is not None
    assert "no country code" in parsed.errors[1]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("EUR", "EUR"),
        ("eur", "EUR"),
        ("€", "EUR"),
        ("euro", "EUR"),
        ("Euro", "EUR"),
        ("euros", "EUR"),
        ("R$", "BRL"),
        ("real brasileiro", "BRL"),
        ("US$", "USD"),
        ("$", "USD"),
        ("Dollar", "USD"),
        ("dólar americano", "USD"),
        ("¥", "JPY"),
        ("円", "JPY"),
        ("日本円", "JPY"),
        ("人民币", "CNY"),
        ("£", "GBP"),
        ("Britisches Pfund", "GBP"),
        ("Zwitserse frank", "CHF"),
        ("franco svizzero", "CHF"),
        ("CHF", "CHF"),
    ],
)
def test_currencies_from_codes_symbols_and_names(cell: str, expected: str) -> None:
    parsed = parse([cell], Kind.CURRENCY)
    assert parsed.values.to_list() == [expected], parsed.errors[0]


def test_yen_sign_in_china_is_the_yuan() -> None:
    assert parse(["¥"], Kind.CURRENCY, "CN").values.to_list() == ["CNY"]


def test_unknown_currency_is_an_error() -> None:
    parsed = parse(["bitcoins please"], Kind.CURRENCY)
    assert parsed.errors.to_list() == ["'bitcoins please' is not a currency"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("NL", "NL"),
        ("nl", "NL"),
        ("NLD", "NL"),
        ("DEU", "DE"),
        ("USA", "US"),
        ("UK", "GB"),
        ("Netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("Nederland", "NL"),
        ("Niederlande", "NL"),
        ("Pays-Bas", "NL"),
        ("Países Bajos", "NL"),
        ("Paesi Bassi", "NL"),
        ("Brasil", "BR"),
        ("Brésil", "BR"),
        ("Bresil", "BR"),
        ("Deutschland", "DE"),
        ("Alemanha", "DE"),
        ("Estados Unidos", "US"),
        ("Verenigd Koninkrijk", "GB"),
        ("日本", "JP"),
        ("中国", "CN"),
        ("Schweiz", "CH"),
        ("EIRE", "IE"),
    ],
)
def test_countries_to_alpha2(cell: str, expected: str) -> None:
    parsed = parse([cell], Kind.COUNTRY)
    assert parsed.values.to_list() == [expected], parsed.errors[0]


def test_unknown_country_is_an_error() -> None:
    parsed = parse(["Atlantis", "  "], Kind.COUNTRY)
    assert parsed.values.to_list() == [None, None]
    assert parsed.errors.to_list() == ["'Atlantis' is not a country", None]


def test_text_is_trimmed_and_empty_is_null() -> None:
    for kind in (Kind.TEXT, Kind.UNIT, Kind.LANGUAGE, Kind.ID):
        parsed = parse(["  Café au lait ", "", " ", None], kind)
        assert parsed.values.to_list() == ["Café au lait", None, None, None]


def test_spreadsheet_float_ids_lose_their_point_zero() -> None:
    parsed = parse(["17850.0", "13047.0", None, ""], Kind.ID)
    assert parsed.values.to_list() == ["17850", "13047", None, None]
    assert "format" in parsed.detail


def test_ids_keep_their_point_zero_unless_every_cell_has_it() -> None:
    assert parse(["17850.0", "A-12"], Kind.ID).values.to_list() == ["17850.0", "A-12"]
    assert parse(["1.5", "2.0"], Kind.ID).values.to_list() == ["1.5", "2.0"]
    assert parse(["17850.0"], Kind.TEXT).values.to_list() == ["17850.0"]


def test_values_keeps_the_column_name() -> None:
    parsed = parse_column(pl.Series("Aantal", ["3"]), Kind.QUANTITY)
    assert parsed.values.name == "Aantal"
    assert parsed.errors.name == "Aantal"
