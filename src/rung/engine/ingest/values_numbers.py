"""Numbers, amounts of money, quantities and percentages from text, vectorised.

One regular expression splits every cell into sign, currency, digits, percent sign and
unit ("€ -1.234,56", "(12.00)", "12-", "1,5 l", "12,5%", "１２３" after NFKC). The decimal
mark is decided once per column from the cells that show it:
- both marks in a cell: the last one is the decimal mark ("1.234,56" -> comma);
- one mark written twice or more: it groups thousands ("1.234.567" -> comma decimal);
- one mark once, not followed by exactly three digits, or after a leading 0 or four or
  more digits: it is the decimal mark ("12,5", "0,125", "1234,567");
- one mark once before exactly three digits ("1,234") says nothing.
The mark most cells vote for wins; with no vote, the country's mark from CLDR, else the
point, and detail["ambiguous"] says so when some cell could be read both ways. Cells that
do not fit the chosen marks ("12.50" in a decimal-comma column) get an error. Spaces, NBSP,
narrow NBSP and apostrophes (1'234.50, Swiss) always group thousands.

Percentages are kept as written: "12,5%" -> 12.5, not 0.125.
"""

from __future__ import annotations

import polars as pl

from rung.engine.ingest.values_common import nfkc, on_uniques, reason
from rung.engine.ingest.values_locale import currency_symbols, decimal_mark
from rung.engine.schema import MONEY_DTYPE, Kind

_NUMBER = r"(?P<num>\d[\d.,' ]*\d|\d|[.,]\d+)"
_WHAT = {
    Kind.MONEY: "an amount of money",
    Kind.INTEGER: "a whole number",
    Kind.PERCENT: "a percentage",
    Kind.QUANTITY: "a quantity",
    Kind.NUMBER: "a number",
}
_UNITS_ALLOWED = {Kind.QUANTITY, Kind.NUMBER}
_PERCENT_ALLOWED = {Kind.PERCENT, Kind.NUMBER}


def _escape(token: str) -> str:
    return "".join("\\" + c if c in r"\.+*?()|[]{}^$#&-~ " else c for c in token)


def _pattern() -> str:
    """Sign, currency-or-word before, digits, sign, percent, currency-or-unit after, sign."""
    word = r"[^\d\s.,()+\-%][^\d\s,()+\-%]*"
    return (
        rf"^(?P<s1>[-+(])?\s*(?P<c1>{word})?\s*(?P<s2>[-+(])?\s*{_NUMBER}\s*(?P<s3>[-)])?\s*(?P<pct>%)?"
        rf"\s*(?P<u>[^\d\s()+\-%][^\d()]*?)?\s*(?P<s4>[-)])?$"
    )


_PLAIN = r"[^\d.,\-+ ']"


def _prepare(raw: pl.Series) -> tuple[pl.Series, bool]:
    """The cells ready for splitting, and whether every one is only digits, marks and signs."""
    t = nfkc(raw)
    plain = not t.str.contains(_PLAIN).any()
    dash_price = plain and bool((t.str.ends_with(",-") | t.str.ends_with(".-")).any())
    if not plain or dash_price:
        t = (
            t.str.replace_all("[\u2212\u2012\u2013\u2014\ufe63]", "-")
            .str.replace_all("[’`´]", "'")
            .str.replace(r"(\d)[.,]-{1,2}", "${1}")  # "12,-": twelve, Dutch price style
        )
    return t, plain


def _fits(decimal: str) -> str:
    """Pattern of digits written with `decimal` as decimal mark and the other mark grouping thousands."""
    t, d = _escape("." if decimal == "," else ","), _escape(decimal)
    return rf"^(?:[1-9]\d{{0,2}}(?:{t}\d{{3}})+|\d*)(?:{d}\d*)?$"


def _decide_decimal(compact: pl.Series, country: str | None) -> tuple[str, str | None, pl.Series]:
    """Decimal mark "," or "." for the column, and why it is a guess (None when the data settled it).

    The mark under which more cells are well-formed numbers wins: "1.234,56", "12,5",
    "0,125" and "1.234.567" only read with a decimal comma, "1,234.56" and "12.50" only
    with a point; "1,234" and "12" read both ways and so do not count.
    """
    fits = {mark: compact.str.contains(_fits(mark)) for mark in ",."}
    comma, point = int(fits[","].sum()), int(fits["."].sum())
    if comma != point:
        mark = "," if comma > point else "."
        return mark, None, fits[mark]
    if not compact.str.contains(r"[.,]").any():
        return ".", None, fits["."]
    local = decimal_mark(country)
    if local is not None and country:
        why = f"'1,234' could be read either way in every cell; read as {country.upper()} writes numbers"
        return local, why, fits[local]
    return ".", "'1,234' could be read either way in every cell; read with a decimal point", fits["."]


def _split(text: pl.Series, plain: bool) -> pl.DataFrame:
    """Columns num, negative, c1 (word before), pct, u (word after).

    The regular expression runs only when some cell has more than digits, marks and signs.
    """
    if plain:
        empty = pl.lit(None, pl.String)
        return pl.DataFrame({"t": text}).select(
            num=pl.col("t").str.strip_chars("+- "),
            negative=pl.col("t").str.starts_with("-") | pl.col("t").str.ends_with("-"),
            c1=empty,
            pct=empty,
            u=empty,
        )
    parts = text.str.extract_groups(_pattern()).struct.unnest()
    return parts.select(
        "num",
        negative=pl.col("s1").is_in(["-", "("])
        | pl.col("s2").is_in(["-", "("])
        | pl.col("s3").is_in(["-", ")"])
        | pl.col("s4").is_in(["-", ")"]),
        c1="c1",
        pct="pct",
        u="u",
    )


def parse_numbers(raw: pl.Series, kind: Kind, country: str | None) -> tuple[pl.DataFrame, dict[str, str]]:
    """Columns "values" (the kind's dtype), "errors" and, for money, "currency"."""
    return on_uniques(raw, lambda cells: _parse(cells, kind, country))


def _parse(raw: pl.Series, kind: Kind, country: str | None) -> tuple[pl.DataFrame, dict[str, str]]:
    text, plain_cells = _prepare(raw)
    parts = _split(text, plain_cells)
    num = parts.get_column("num")
    if num.str.contains(r"[ ']").any():
        num = num.str.replace_all(r"[ ']", "")
    decimal, guess, fits = _decide_decimal(num, country)
    detail: dict[str, str] = {"decimal": decimal}
    if guess:
        detail["ambiguous"] = guess
    thousands = "." if decimal == "," else ","
    plain = num.str.replace_all(thousands, "", literal=True).str.replace(decimal, ".", literal=True)
    frame = parts.with_columns(raw=raw, num=num, fits=fits, plain=plain)
    signed = pl.when(pl.col("negative")).then("-" + pl.col("plain")).otherwise(pl.col("plain"))
    signed = (
        pl.when(signed.str.contains(r"^-?\."))
        .then(signed.str.replace(".", "0.", literal=True))
        .otherwise(signed)
    )
    allowed = pl.col("num").is_not_null() & pl.col("fits")
    has_words = not plain_cells and bool(
        frame.select(pl.any_horizontal(pl.col("c1", "u").is_not_null()).any()).item()
    )
    # CLDR's symbols are dear to load: only looked up when some cell has a word beside its digits
    symbols = currency_symbols(country) if kind is Kind.MONEY and has_words else {}
    if kind is Kind.MONEY and has_words:
        # the text before and after the digits must be a currency ("€", "EUR", "R$", "円")
        for side in ("c1", "u"):
            code = (
                pl.col(side).str.to_uppercase().replace_strict(symbols, default=None, return_dtype=pl.String)
            )
            allowed = allowed & (pl.col(side).is_null() | code.is_not_null())
        allowed = allowed & (pl.col("c1").is_null() | pl.col("u").is_null())
    else:
        allowed = allowed & pl.col("c1").is_null()
        if kind not in _UNITS_ALLOWED:
            allowed = allowed & pl.col("u").is_null()
    if kind not in _PERCENT_ALLOWED:
        allowed = allowed & pl.col("pct").is_null()
    target = MONEY_DTYPE if kind is Kind.MONEY else pl.Float64()
    number = pl.when(allowed).then(signed).cast(target, strict=False)
    if kind is Kind.INTEGER:
        as_float = pl.when(allowed).then(signed).cast(pl.Float64, strict=False)
        whole = (as_float == as_float.floor()) & (as_float.abs() < 2**63)
        number = pl.when(whole).then(as_float).cast(pl.Int64, strict=False)
    currency = pl.lit(None, pl.String)
    if kind is Kind.MONEY and has_words:
        token = pl.coalesce(pl.col("c1"), pl.col("u")).str.to_uppercase()
        currency = pl.when(allowed).then(token.replace_strict(symbols, default=None, return_dtype=pl.String))
    frame = frame.with_columns(values=number, currency=currency)
    failed = pl.col("raw").is_not_null() & pl.col("values").is_null()
    what = _WHAT[kind]
    errors = pl.lit(None, pl.String)
    if frame.select(failed.any()).item():
        errors = (
            pl.when(~failed)
            .then(None)
            .when(pl.col("num").is_not_null() & ~pl.col("fits"))
            .then(
                reason(
                    pl.col("raw"),
                    f"'{{}}' is not {what} written with the column's decimal mark ('{decimal}')",
                )
            )
            .otherwise(reason(pl.col("raw"), f"'{{}}' is not {what}"))
        )
    frame = frame.with_columns(errors=errors)
    if kind in _UNITS_ALLOWED and has_words:
        units = frame.filter(pl.col("values").is_not_null()).get_column("u").drop_nulls()
        distinct = sorted(set(units.str.to_lowercase().unique().to_list()))
        if len(distinct) == 1:
            detail["unit"] = units.mode().sort().item(0)
        elif distinct:
            detail["units"] = ", ".join(distinct)
    return frame.select("values", "errors", "currency"), detail
