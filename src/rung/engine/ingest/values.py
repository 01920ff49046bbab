"""Text cells -> typed values of a canonical kind, vectorised with Polars, with a reason per failure.

`parse_column(column, kind, country=..., time_zone=...)` returns a `Parsed`: values in
exactly the kind's canonical dtype (`schema.Field.dtype`), an error per cell that could not
be read (null where the cell parsed or was empty), the currency per cell for money, and
what was inferred about the column in `detail`. Empty and whitespace-only cells are null,
never errors.

What each kind accepts (see the helper modules for the rules):
- TIMESTAMP, DATE (`values_dates`): ISO 8601 with or without T, seconds, fractions, Z or
  ±hh:mm; day-first or month-first decided from the column; / - . and space; 2- and 4-digit
  years; month names in EN/NL/DE/FR/ES/PT/IT; 2024年3月5日; Excel serial numbers (1900
  system); times with or without seconds, AM/PM. Naive times are local to `time_zone`.
- MONEY, NUMBER, QUANTITY, PERCENT, INTEGER (`values_numbers`): decimal comma or point
  decided from the column; thousands grouped by . , space, NBSP, narrow NBSP or apostrophe;
  currency symbols and codes before or after; "-12", "(12.00)", "12-", "−12"; units after
  quantities; full-width digits. Percentages stay as written (12.5%, not 0.125).
- BOOLEAN, EMAIL, PHONE, CURRENCY, COUNTRY (`values_codes`): yes/no words in ten languages;
  e-mails trimmed and lower-cased; phone numbers to E.164 (phonenumbers, per unique value);
  currencies and countries from codes, symbols and names (CLDR via Babel).
- ID, TEXT, UNIT, LANGUAGE: trimmed; ids "17850.0" -> "17850" when the whole column is so.

Everything runs as Polars expressions over the column, except phone numbers, which need
the phonenumbers library one value at a time (each unique value once). Long columns that
repeat their values (dates, currencies, ...) are parsed once per unique value.
"""

from __future__ import annotations

import polars as pl

from rung.engine.ingest.types import Parsed
from rung.engine.ingest.values_codes import (
    parse_boolean,
    parse_country,
    parse_currency,
    parse_email,
    parse_phone,
    parse_text,
)
from rung.engine.ingest.values_common import clean
from rung.engine.ingest.values_dates import parse_dates
from rung.engine.ingest.values_numbers import parse_numbers
from rung.engine.schema import Field, Kind

__all__ = ["parse_column"]

_NUMERIC = {Kind.MONEY, Kind.NUMBER, Kind.QUANTITY, Kind.PERCENT, Kind.INTEGER}


def parse_column(
    column: pl.Series,
    kind: Kind,
    *,
    country: str | None = None,
    time_zone: str = "UTC",
) -> Parsed:
    """Parse a column of text cells as `kind`.

    `country` (ISO alpha-2, the business's country) settles what the data leave open:
    day/month order, decimal mark, "$"/"¥"/"kr", the region of phone numbers without +.
    `time_zone` (IANA name) is where naive times were written; they are stored in UTC.
    """
    raw = clean(column).alias(column.name)
    dtype = Field(column.name, kind, "").dtype
    currency: pl.Series | None = None
    detail: dict[str, str] = {}
    if kind in (Kind.TIMESTAMP, Kind.DATE):
        table, detail = parse_dates(raw, kind, country, time_zone)
        values, errors = table.get_column("values"), table.get_column("errors")
    elif kind in _NUMERIC:
        table, detail = parse_numbers(raw, kind, country)
        values, errors = table.get_column("values"), table.get_column("errors")
        if kind is Kind.MONEY:
            found = table.get_column("currency")
            currency = found.alias(column.name) if found.null_count() < found.len() else None
    elif kind is Kind.BOOLEAN:
        values, errors = parse_boolean(raw)
    elif kind is Kind.EMAIL:
        values, errors = parse_email(raw)
    elif kind is Kind.PHONE:
        values, errors = parse_phone(raw, country)
    elif kind is Kind.CURRENCY:
        values, errors = parse_currency(raw, country)
    elif kind is Kind.COUNTRY:
        values, errors = parse_country(raw)
    else:
        values = parse_text(raw, id_like=kind is Kind.ID)
        errors = pl.repeat(None, raw.len(), dtype=pl.String, eager=True).alias(column.name)
        if values is not raw:
            detail["format"] = "whole numbers written as decimals ('17850.0'); '.0' removed"
    return Parsed(
        values=values.cast(dtype).alias(column.name),
        errors=errors.cast(pl.String).alias(column.name),
        currency=currency,
        detail=detail,
    )
