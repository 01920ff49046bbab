"""Locale knowledge the value parsers need, taken from Babel (CLDR) rather than hand lists.

Month and weekday names, each country's date order and decimal mark, currency symbols,
codes and names, and country names and codes. Everything is built once and cached; keys
are NFKC-normalised like the cells they are compared with.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import get_global

LANGUAGES = ("en", "nl", "de", "fr", "es", "pt", "it")
"""Languages whose month names, weekday names and country names are recognised."""

NAME_LANGUAGES = (*LANGUAGES, "ja", "zh", "zh_Hant")
"""Languages whose currency and country names are recognised (adds Chinese and Japanese)."""

_SYMBOL_LOCALES = (
    "en",
    "en_US",
    "en_GB",
    "en_AU",
    "en_CA",
    "en_NZ",
    "en_IN",
    "en_ZA",
    "en_SG",
    "en_HK",
    "nl",
    "de",
    "de_CH",
    "fr",
    "fr_CH",
    "fr_CA",
    "es",
    "es_MX",
    "es_AR",
    "es_CL",
    "es_CO",
    "pt",
    "pt_BR",
    "it",
    "ja",
    "zh",
    "zh_Hant",
    "ko",
    "sv",
    "da",
    "nb",
    "is",
    "pl",
    "cs",
    "hu",
    "ro",
    "tr",
    "ru",
    "uk",
    "th",
    "vi",
    "id",
    "he",
    "hi",
)

# A symbol several currencies use, when the country does not settle it.
_DEFAULT_FOR_SHARED_SYMBOL = {
    "$": "USD",
    "¥": "JPY",
    "£": "GBP",
    "KR": "SEK",
    "KR.": "DKK",
    "RS": "INR",
    "₨": "INR",
    "R": "ZAR",
    "FR.": "CHF",
    "₩": "KRW",
}

# Common ways of writing a currency that CLDR lists under no locale's symbols.
_EXTRA_SYMBOLS = {
    "円": "JPY",
    "元": "CNY",
    "圆": "CNY",
    "RMB": "CNY",
    "人民币": "CNY",
    "US$": "USD",
    "U$S": "USD",
    "EURO": "EUR",
    "EUROS": "EUR",
    "DOLLAR": "USD",
    "DOLLARS": "USD",
    "YEN": "JPY",
    "YUAN": "CNY",
    "REAL": "BRL",
    "REAIS": "BRL",
    "POUND": "GBP",
    "POUNDS": "GBP",
    "FR.": "CHF",
    "SFR.": "CHF",
    "FRANKEN": "CHF",
}

# Names of currencies that CLDR spells differently (short, informal forms).
_EXTRA_CURRENCY_NAMES = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "dolar": "USD",
    "dolares": "USD",
    "dolares americanos": "USD",
    "dollaro": "USD",
    "dollari": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "pound sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "real": "BRL",
    "reais": "BRL",
    "franc": "CHF",
    "francs": "CHF",
    "franken": "CHF",
    "swiss franc": "CHF",
}

# Country names CLDR does not list but exports write.
_EXTRA_COUNTRY_NAMES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "britain": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "deutschland": "DE",
    "brasil": "BR",
    "espana": "ES",
    "italia": "IT",
    "suisse": "CH",
    "schweiz": "CH",
    "svizzera": "CH",
    "osterreich": "AT",
    "belgie": "BE",
    "belgique": "BE",
    "prc": "CN",
    "korea": "KR",
    "south korea": "KR",
    "russia": "RU",
    "czech republic": "CZ",
    "eire": "IE",
}


def fold(text: str) -> str:
    """Lower-case, NFKC, accents removed: how names are compared (Bresil == Brésil)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().strip("\u200e\u200f\u061c")


def _country_locale(country: str | None) -> Locale | None:
    if not country:
        return None
    try:
        return Locale.parse(f"und_{country.upper()}")
    except (UnknownLocaleError, ValueError):
        return None


# -- dates ----------------------------------------------------------------------------------------


@cache
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations in LANGUAGES (lower-case, no trailing dot) -> 1..12."""
    found: dict[str, int] = {}
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in babel_dates.get_month_names(width, context, lang).items():
                    found.setdefault(_key(name).lower().rstrip("."), int(number))
    extras = {
        "sept": 9,
        "mrz": 3,
        "marz": 3,
        "maerz": 3,
        "jän": 1,
        "jänner": 1,
        "set": 9,
        "setiembre": 9,
        "fevr": 2,
        "juil": 7,
        "janv": 1,
        "avr": 4,
        "déc": 12,
        "dic": 12,
    }
    for name, number in extras.items():
        found.setdefault(name, number)
    return found


@cache
def weekday_names() -> frozenset[str]:
    """Weekday names and abbreviations in LANGUAGES, lower-case, no trailing dot."""
    names: set[str] = set()
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated", "short"):
            for context in ("format", "stand-alone"):
                for name in babel_dates.get_day_names(width, context, lang).values():
                    names.add(_key(name).lower().rstrip("."))
    return frozenset(names)


@cache
def date_order(country: str | None) -> str | None:
    """Order "DMY", "MDY" or "YMD": the order of a short date in the country (US -> MDY), from CLDR."""
    locale = _country_locale(country)
    if locale is None:
        return None
    pattern = babel_dates.get_date_format("short", locale=locale).pattern
    positions = {letter: pattern.find(letter) for letter in "dMy"}
    if min(positions.values()) < 0:
        return None
    return "".join(sorted("DMY", key=lambda p: positions[{"D": "d", "M": "M", "Y": "y"}[p]]))


# -- numbers and currencies -------------------------------------------------------------------------


@cache
def decimal_mark(country: str | None) -> str | None:
    """Decimal mark: "," or ".": the decimal mark the country writes, from CLDR; None when unknown."""
    locale = _country_locale(country)
    if locale is None:
        return None
    mark = babel_numbers.get_decimal_symbol(locale)
    return mark if mark in {",", "."} else None


@cache
def iso_currencies() -> frozenset[str]:
    return frozenset(babel_numbers.list_currencies())


@cache
def current_currencies() -> frozenset[str]:
    """Currencies some territory uses today (no Deutsche Mark, no ECU)."""
    found: set[str] = set()
    for territory in _alpha2():
        found.update(_territory_currencies(territory))
    return frozenset(found)


def _territory_currencies(territory: str) -> list[str]:
    try:
        return list(babel_numbers.get_territory_currencies(territory))
    except Exception:  # a territory without currency data is no hint
        return []


@cache
def _alpha2() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR names (not regions like 001 or EU)."""
    codes = (str(code) for code in Locale.parse("en").territories)
    return frozenset(
        c for c in codes if len(c) == 2 and c.isalpha() and c not in {"ZZ", "EU", "EZ", "UN", "QO"}
    )


@cache
def _local_currency(country: str | None) -> str | None:
    currencies = _territory_currencies(country.upper()) if country else []
    return currencies[0] if currencies else None


@cache
def currency_symbols(country: str | None) -> dict[str, str]:
    """Upper-cased currency symbols ("€", "US$", "R$", "KR") and ISO codes -> ISO 4217 code.

    A symbol several currencies share ("$", "¥", "kr") is the country's own currency when
    it is one of them ("¥" in CN -> CNY), else the usual one ("$" -> USD, "¥" -> JPY).
    Single-letter symbols are left out: in a cell they are more often a unit or a typo.
    """
    owners: dict[str, set[str]] = {}
    locales = [Locale.parse(loc) for loc in _SYMBOL_LOCALES]  # parsed once: 20x faster than by name
    for code in current_currencies():
        for loc in locales:
            symbol = _key(babel_numbers.get_currency_symbol(code, loc)).upper()
            if symbol != code and (len(symbol) > 1 or not symbol.isalpha()):
                owners.setdefault(symbol, set()).add(code)
    local = _local_currency(country)
    found: dict[str, str] = {}
    for symbol, codes in owners.items():
        if len(codes) == 1:
            found[symbol] = next(iter(codes))
        elif local in codes:
            found[symbol] = local
        elif symbol in _DEFAULT_FOR_SHARED_SYMBOL:
            found[symbol] = _DEFAULT_FOR_SHARED_SYMBOL[symbol]
    for symbol, code in _EXTRA_SYMBOLS.items():
        found.setdefault(_key(symbol).upper(), code)
    locale = _country_locale(country)
    if local and locale is not None:
        own = _key(babel_numbers.get_currency_symbol(local, locale)).upper()
        for symbol in {own, own.rstrip(".")}:
            if symbol in owners or symbol in _DEFAULT_FOR_SHARED_SYMBOL:
                found[symbol] = local
    for code in iso_currencies():
        found[code] = code
    return found


@cache
def currency_names(country: str | None) -> dict[str, str]:
    """Folded currency names in NAME_LANGUAGES, symbols and codes -> ISO 4217 code."""
    found: dict[str, str] = {fold(s): code for s, code in currency_symbols(country).items()}
    for name, code in _EXTRA_CURRENCY_NAMES.items():
        found.setdefault(fold(name), code)
    for lang in NAME_LANGUAGES:
        locale = Locale.parse(lang)
        for code, name in locale.currencies.items():
            if code in iso_currencies():
                found.setdefault(fold(name), code)
        for code in iso_currencies():
            for count in (1, 2):
                name = babel_numbers.get_currency_name(code, count=count, locale=locale)
                if name != code:
                    found.setdefault(fold(name), code)
    return found


# -- countries ------------------------------------------------------------------------------------------


@cache
def country_codes() -> dict[str, str]:
    """Folded country names in NAME_LANGUAGES, alpha-2 and alpha-3 codes -> ISO alpha-2."""
    found: dict[str, str] = {}
    alpha2 = _alpha2()
    for code in alpha2:
        found[code.lower()] = code
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1 and targets[0] in alpha2:
            found.setdefault(alias.lower(), targets[0])
    for lang in NAME_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if str(code) in alpha2:
                found.setdefault(fold(name), str(code))
    for name, code in _EXTRA_COUNTRY_NAMES.items():
        found.setdefault(fold(name), code)
    return found
