"""Yes/no, e-mail addresses, phone numbers, currency and country codes, ids and text."""

from __future__ import annotations

import phonenumbers
import polars as pl

from rung.engine.ingest.values_common import fail_reasons, nfkc, reason
from rung.engine.ingest.values_locale import country_codes, currency_names

_TRUE = (
    "true yes y 1 1.0 t on x ja j waar wahr oui vrai sí si s sim verdadero verdadeiro vero "
    "是 对 對 はい 有 ✓ ✔"
)
_FALSE = "false no n 0 0.0 f off nee onwaar nein falsch non faux não nao falso 否 不是 错 錯 いいえ 无 無 ✗ ✘"
_RETURN = (
    "refund refunded return returned void voided cancelled canceled reembolso devolucion devolución "
    "devolucao devolução retour terugbetaling retoure rückgabe ruckgabe erstattung storno remboursement "
    "annulé annule reso rimborso 退货 退款 返品 返金 取消"
)
_SALE = "sale sales sold purchase order venta vendido venda verkoop verkauf vente vendita 销售 售出 売上 販売"
RETURN_WORDS = frozenset(_RETURN.split())
SALE_WORDS = frozenset(_SALE.split())
"""Cells of a "Receipt type" / "Transaction type" column: a return (true) or a sale (false)."""

BOOLEAN_WORDS: dict[str, bool] = {
    **{w: True for w in _TRUE.split()},
    **{w: False for w in _FALSE.split()},
    **{w: True for w in RETURN_WORDS},
    **{w: False for w in SALE_WORDS},
}
"""Lower-cased cells read as yes or no, in EN/NL/DE/FR/ES/PT/IT/ZH/JA."""

_EMAIL = r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$"


def parse_boolean(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    key = nfkc(raw).str.to_lowercase()
    values = key.replace_strict(BOOLEAN_WORDS, default=None, return_dtype=pl.Boolean)
    return values, fail_reasons(raw, values, reason(pl.col("raw"), "'{}' is not yes or no"))


def parse_email(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Trimmed, lower-cased; "Name <a@b.nl>" and "mailto:a@b.nl" give a@b.nl."""
    text = nfkc(raw).str.to_lowercase()
    inner = text.str.extract(r"<([^<>]+)>$")
    text = pl.Series(pl.DataFrame({"t": text, "i": inner}).select(pl.coalesce("i", "t")).to_series())
    text = text.str.strip_prefix("mailto:").str.strip_chars()
    values = text.set(~text.str.contains(_EMAIL).fill_null(False), None)
    return values, fail_reasons(raw, values, reason(pl.col("raw"), "'{}' is not an e-mail address"))


def _e164(cell: str, region: str | None) -> str | None:
    text = cell.strip()
    if text.endswith(".0"):  # a number a spreadsheet stored as a float
        text = text[:-2]
    if text.startswith("00") and region is None:
        text = "+" + text[2:]
    candidates = [text]
    if region is None and not text.startswith("+"):
        candidates.append("+" + text)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def parse_phone(raw: pl.Series, country: str | None) -> tuple[pl.Series, pl.Series]:
    """E.164 via phonenumbers, with `country` as the region of numbers without +.

    phonenumbers works on one number at a time, so this loops in Python, but only over the
    unique cells: a column of phone numbers repeats (one per customer, many lines each).
    """
    region = country.upper() if country else None
    uniques = raw.drop_nulls().unique()
    mapping = {cell: _e164(cell, region) for cell in uniques.to_list()}
    values = raw.replace_strict(mapping, default=None, return_dtype=pl.String)
    hint = "" if region else " (no country code, and the business's country is not known)"
    message = pl.when(pl.col("raw").str.contains(r"^\s*(\+|00)") | pl.lit(region is not None))
    message_expr = message.then(reason(pl.col("raw"), "'{}' is not a valid phone number")).otherwise(
        reason(pl.col("raw"), "'{}' is not a valid phone number" + hint)
    )
    return values, fail_reasons(raw, values, message_expr)


def _folded(raw: pl.Series) -> pl.Series:
    """Lower-case, accents removed, inner spaces collapsed: Polars' version of `fold`."""
    return (
        raw.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
    )


def parse_currency(raw: pl.Series, country: str | None) -> tuple[pl.Series, pl.Series]:
    """ISO 4217 codes from codes, symbols and names ("€", "euro", "R$", "US$", "Dólar americano")."""
    names = currency_names(country)
    values = _folded(raw).replace_strict(names, default=None, return_dtype=pl.String)
    return values, fail_reasons(raw, values, reason(pl.col("raw"), "'{}' is not a currency"))


def parse_country(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    """ISO alpha-2 codes from alpha-2 and alpha-3 codes and country names in NAME_LANGUAGES."""
    folded = _folded(raw)
    codes = country_codes()
    values = folded.replace_strict(codes, default=None, return_dtype=pl.String)
    stripped = folded.str.replace_all(r"^(?:the|de|la|le|les|el|os|as|die|il)\s+|[.]", "")
    values = values.fill_null(stripped.replace_strict(codes, default=None, return_dtype=pl.String))
    return values, fail_reasons(raw, values, reason(pl.col("raw"), "'{}' is not a country"))


def parse_text(raw: pl.Series, *, id_like: bool) -> pl.Series:
    """Cells as written (already trimmed); for ids, "17850.0" -> "17850" when every cell is so."""
    if id_like:
        present = raw.drop_nulls()
        if present.len() and bool(present.str.contains(r"^-?\d+\.0+$").all()):
            return raw.str.replace(r"\.0+$", "")
    return raw
