"""Numbers, money and dates in the reader's locale (Babel), for pages and chart axes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from babel import Locale, dates, numbers
from django.utils import translation

Number = int | float | Decimal


def current_locale() -> str:
    return (translation.get_language() or "en").replace("-", "_")


def money(value: Number | None, currency: str | None) -> str:
    if value is None:
        return "–"
    if not currency:
        return numbers.format_decimal(value, format="#,##0.00", locale=current_locale())
    return numbers.format_currency(value, currency, locale=current_locale())


def number(value: Number | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=current_locale())


def percent(value: Number | None) -> str:
    if value is None:
        return "–"
    return numbers.format_percent(value, locale=current_locale())


def day(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = value.date()
    return dates.format_date(value, format=fmt, locale=current_locale())


def duration(value: timedelta | None) -> str:
    """A wait in words, e.g. "15 minutes" / "15 minuten"."""
    if value is None:
        return "–"
    return dates.format_timedelta(value, locale=current_locale(), threshold=2)


def chart_locale(currency: str | None) -> dict[str, Any]:
    """d3-format and d3-time-format locale definitions for vega-embed, from Babel's data."""
    loc = Locale.parse(current_locale())
    symbols = loc.number_symbols.get("latn", {})
    symbol = numbers.get_currency_symbol(currency, locale=loc) if currency else ""
    months = loc.months["format"]
    days = loc.days["format"]
    return {
        "number": {
            "decimal": symbols.get("decimal", "."),
            "thousands": symbols.get("group", ","),
            "grouping": [3],
            "currency": [f"{symbol} ", ""],
        },
        "time": {
            "dateTime": "%x, %X",
            "date": "%d-%m-%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][(i + 6) % 7] for i in range(7)],
            "shortDays": [days["abbreviated"][(i + 6) % 7] for i in range(7)],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }
