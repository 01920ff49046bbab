"""Value evidence for column mapping: what the cells of a sample column look like.

Each detector is a vectorised Polars expression over the non-empty cells, giving the
share of cells that look like an e-mail, a date, a currency code, ... `fit` turns a
profile into how well it suits a kind of field (0 = clearly not, 0.5 = no evidence,
1 = clearly yes).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from rung.engine.ingest.values_codes import RETURN_WORDS, SALE_WORDS

_EMAIL = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
_PHONE = (
    r"^(?:(?:\+|00)\d[\d\s\-().]{6,}|0\d[\d\s\-().]{6,}|\(?\d{2,4}\)?[\s\-.]\d{2,4}[\s\-.]\d{2,5}"
    r"|1[3-9]\d{9})$"
)
_DATE = (
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\d{1,2}\.?(?: de)?[-/ .][^\W\d_]{3,10}\.?(?: de)?[-/ .]\d{2,4}|[^\W\d_]{3,10}\.? \d{1,2},? \d{4}"
    r"|\d{4}年\d{1,2}月\d{1,2}日)(?:[ T,]+\d{1,2}[:.]\d{2}.*)?$"
)
_HAS_TIME = r"\d{1,2}:\d{2}"
_TIME = r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?$"
_NUMBER = (
    r"^[-+(]?\s*(?:[A-Za-z]{3}\s?|[€$£¥₹]|R\$)?\s*[-+]?(?:\d{1,3}(?:[.,'\s]\d{3})+|\d+)(?:[.,]\d+)?"
    r"\s*(?:[A-Za-z]{3}|[€$£¥₹円元])?\)?-?$"
)
_INT = r"^[-+]?\d+(?:\.0+)?$"
_DEC2 = r"[.,]\d{2}\D*$"
_SKU = r"^#?[A-Za-z0-9][A-Za-z0-9\-_./#:]{1,39}$"
_HAS_DIGIT = r"\d"
_URL = r"^https?://"
_BOOL = (
    r"(?i)^(?:true|false|yes|no|y|n|0|1|-1|ja|nee|nein|oui|non|si|sí|sim|não|nao|t|f|active|inactive|"
    r"actief|inactief|aktiv|inaktiv|ativo|inativo|attivo|enabled|disabled|subscribed|unsubscribed|是|否|はい|いいえ)$"
)
_RATING_WORD = r"(?i)^(?:one|two|three|four|five|zero|star_rating_unspecified)$"
_LANG = r"^(?:en|nl|de|fr|es|pt|it|zh|ja|da|sv|no|fi|pl|cs|ko|ru|tr|ar|hi)(?:[-_][A-Za-z]{2,4})?$"
_CJK = r"[\u3040-\u30ff\u3400-\u9fff]"


def _words(text: str, sep: str | None = None) -> frozenset[str]:
    return frozenset(w.strip() for w in text.split(sep) if w.strip())


CURRENCIES = _words(
    "AED ARS AUD BGN BRL CAD CHF CLP CNY COP CZK DKK EGP EUR GBP HKD HRK HUF IDR ILS INR ISK JPY KES "
    "KRW KWD MAD MXN MYR NGN NOK NZD PEN PHP PLN QAR RMB RON RUB SAR SEK SGD THB TRY TWD UAH USD UYU "
    "VND ZAR"
)
COUNTRIES = _words(
    "AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BW BY "
    "BZ CA CD CF CG CH CI CK CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FO "
    "FR GA GB GD GE GH GI GL GM GN GR GT GU GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JE JM JO JP "
    "KE KG KH KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MO MT MU MV MW "
    "MX MY MZ NA NE NG NI NL NO NP NZ OM PA PE PG PH PK PL PR PS PT PY QA RO RS RU RW SA SE SG SI SK "
    "SL SN SO SR SV SY SZ TD TG TH TN TR TT TW TZ UA UG UK US UY UZ VE VN YE ZA ZM ZW"
)
SALE_OR_RETURN = frozenset(SALE_WORDS | RETURN_WORDS)
COUNTRY_NAMES = frozenset(
    n.casefold()
    for n in _words(
        "United Kingdom|United States|USA|Netherlands|The Netherlands|Nederland|Germany|Deutschland|"
        "France|Belgium|Belgie|België|Belgique|Spain|España|Espana|Portugal|Italy|Italia|Brazil|Brasil|"
        "China|中国|Japan|日本|Ireland|Austria|Österreich|Switzerland|Schweiz|Suisse|Denmark|Sweden|Norway|"
        "Finland|Poland|Australia|Canada|Mexico|México|India|EIRE|Channel Islands|Cyprus|Greece|Iceland|"
        "Israel|Lebanon|Lithuania|Malta|Singapore|Hong Kong|RSA|Unspecified|European Community|"
        "Czech Republic|Saudi Arabia|Bahrain|United Arab Emirates|Luxembourg",
        "|",
    )
)


@dataclass(frozen=True)
class Profile:
    """Shares (0..1) of the non-empty cells of a column that look like each kind of value."""

    fill: float
    n: int
    email: float = 0.0
    phone: float = 0.0
    date: float = 0.0
    has_time: float = 0.0
    time: float = 0.0
    number: float = 0.0
    integer: float = 0.0
    dec2: float = 0.0
    currency: float = 0.0
    country: float = 0.0
    boolean: float = 0.0
    long_text: float = 0.0
    question: float = 0.0
    url: float = 0.0
    sku: float = 0.0
    token: float = 0.0
    hash_number: float = 0.0
    spaces: float = 0.0
    unique: float = 0.0
    rating: float = 0.0
    lang: float = 0.0
    sale_or_return: float = 0.0
    avg_len: float = 0.0
    num_min: float | None = None
    num_max: float | None = None

    @property
    def empty(self) -> bool:
        return self.n == 0

    @property
    def id_like(self) -> float:
        """Codes without spaces (numbers, SKUs, "#1051", UUIDs)."""
        return max(self.sku, self.integer) * (1 - self.date) * (1 - self.dec2)


def _share(s: pl.Expr, pattern: str) -> pl.Expr:
    return s.str.contains(pattern).cast(pl.Float64).mean()


def profile_column(series: pl.Series) -> Profile:
    """Profile one text column (its cells as written)."""
    total = series.len()
    s = series.cast(pl.String).str.strip_chars().str.strip_chars("'")
    s = s.filter(s.is_not_null() & (s != ""))
    n = s.len()
    if n == 0:
        return Profile(fill=0.0, n=0)
    frame = pl.DataFrame({"v": s})
    v = pl.col("v")
    upper = v.str.to_uppercase()
    lengths = v.str.len_chars()
    digits = v.str.replace_all(r"[^\d.,\-]", "")
    nums = (
        pl.when(digits.str.contains(r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"))
        .then(digits.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(digits.str.contains(r",\d{1,2}$") & ~digits.str.contains(r"\."))
        .then(digits.str.replace(",", "."))
        .otherwise(digits.str.replace_all(",", ""))
        .cast(pl.Float64, strict=False)
    )
    stats = frame.select(
        email=_share(v, _EMAIL),
        phone=_share(v, _PHONE),
        date=_share(v, _DATE),
        has_time=_share(v, _HAS_TIME),
        time=_share(v, _TIME),
        number=_share(v, _NUMBER),
        integer=_share(v, _INT),
        dec2=_share(v, _DEC2),
        currency=upper.is_in(list(CURRENCIES)).cast(pl.Float64).mean(),
        country=(upper.is_in(list(COUNTRIES)) | v.str.to_lowercase().is_in(list(COUNTRY_NAMES)))
        .cast(pl.Float64)
        .mean(),
        boolean=_share(v, _BOOL),
        long_text=(
            ((lengths >= 25) & (v.str.count_matches(" ") >= 3)) | ((lengths >= 8) & v.str.contains(_CJK))
        )
        .cast(pl.Float64)
        .mean(),
        question=v.str.contains(r"[?？]").cast(pl.Float64).mean(),
        url=_share(v, _URL),
        sku=(v.str.contains(_SKU) & v.str.contains(_HAS_DIGIT)).cast(pl.Float64).mean(),
        token=_share(v, _SKU),
        hash_number=_share(v, r"^#\d+$"),
        spaces=v.str.contains(r"\s").cast(pl.Float64).mean(),
        unique=v.n_unique() / pl.len(),
        rating_word=_share(v, _RATING_WORD),
        lang=_share(v, _LANG),
        one_decimal=_share(v, r"^\d{1,2}(?:[.,]\d)?$"),
        sale_or_return=v.str.to_lowercase().is_in(list(SALE_OR_RETURN)).cast(pl.Float64).mean(),
        avg_len=lengths.mean().cast(pl.Float64),
        num_min=nums.min(),
        num_max=nums.max(),
        n_distinct=v.n_unique(),
    ).row(0, named=True)
    number = float(stats["number"]) * (1 - float(stats["date"])) * (1 - float(stats["phone"]) * 0.5)
    integer = float(stats["integer"])
    lo, hi = stats["num_min"], stats["num_max"]
    rating = float(stats["rating_word"])
    if (
        number > 0.9
        and (integer > 0.9 or float(stats["one_decimal"]) > 0.9)  # 1-5 stars, 0-10, Booking's 8,6
        and lo is not None
        and hi is not None
        and lo >= 0
        and hi <= 10
        and (stats["n_distinct"] <= 11 or float(stats["one_decimal"]) > 0.9)
    ):
        rating = max(rating, number)
    return Profile(
        fill=n / total if total else 0.0,
        n=n,
        email=float(stats["email"]),
        phone=float(stats["phone"]),
        date=float(stats["date"]),
        has_time=float(stats["has_time"]),
        time=float(stats["time"]),
        number=number,
        integer=integer,
        dec2=float(stats["dec2"]),
        currency=float(stats["currency"]),
        country=float(stats["country"]),
        boolean=float(stats["boolean"]),
        long_text=float(stats["long_text"]),
        question=float(stats["question"]),
        url=float(stats["url"]),
        sku=float(stats["sku"]),
        token=float(stats["token"]),
        hash_number=float(stats["hash_number"]),
        spaces=float(stats["spaces"]),
        unique=float(stats["unique"]),
        rating=rating,
        lang=float(stats["lang"]),
        sale_or_return=float(stats["sale_or_return"]),
        avg_len=float(stats["avg_len"] or 0.0),
        num_min=None if lo is None else float(lo),
        num_max=None if hi is None else float(hi),
    )


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def fit(kind: str, p: Profile) -> float:
    """How well the values suit a kind of field: 0 clearly not, 0.5 no evidence, 1 clearly yes."""
    if p.empty:
        return 0.5
    if kind in {"id", "code"}:
        codes = max(p.token, p.integer) * (1 - p.date) * (1 - p.dec2)
        return _clamp(0.5 + 0.25 * codes + 0.15 * p.unique - 0.7 * p.date - 0.6 * p.long_text - 0.3 * p.email)
    if kind == "name":
        return _clamp(0.9 - 0.8 * p.number - 0.8 * p.date - 0.6 * p.email - 0.3 * p.long_text - 0.5 * p.url)
    if kind == "text":
        return _clamp(0.8 - 0.7 * p.number - 0.7 * p.date - 0.3 * p.email)
    if kind == "long":
        return _clamp(0.25 + 0.75 * p.long_text - 0.6 * p.number - 0.5 * p.date - 0.3 * p.url)
    if kind == "date":
        return 0.1 + 0.9 * p.date
    if kind == "time":
        return 0.1 + 0.9 * p.time
    if kind in {"qty", "money", "number"}:
        base = 0.1 + 0.9 * p.number
        if kind == "qty":
            base += 0.1 * p.integer - 0.2 * p.dec2 * (1 - p.integer)
            if p.num_max is not None and p.num_max >= 10000 and p.unique >= 0.9:
                base -= 0.4  # large, all different: an id, not a quantity
            elif p.unique >= 0.95 and p.n >= 5:
                base -= 0.15  # quantities repeat
        if kind == "money":
            base += 0.1 * p.dec2
        return _clamp(base)
    if kind == "int":
        return 0.1 + 0.9 * p.integer
    if kind == "rating":
        return 0.05 + 0.95 * p.rating
    if kind == "bool":
        return 0.1 + 0.9 * max(p.boolean, p.sale_or_return)
    if kind == "currency":
        return 0.05 + 0.95 * p.currency
    if kind == "country":
        return _clamp(0.35 + 0.65 * p.country - 0.8 * p.number)
    if kind == "email":
        return 0.05 + 0.95 * p.email
    if kind == "phone":
        return _clamp(0.1 + 0.9 * p.phone + 0.3 * p.integer * (1 - p.phone) - 0.8 * p.email)
    if kind == "lang":
        return 0.3 + 0.7 * p.lang
    return 0.5
