"""Row-level error detectors for sale lines: which single lines look wrong, and why.

`flag_sale_lines` returns one row per (flagged line, check) with a short English detail that
carries the numbers, so an owner can find the line in their own system and judge it.

Why the rules are the way they are
----------------------------------
A small business's sales file is mostly right. A detector that cries wolf on real price
tiers, clearance sales, wholesale orders or returns teaches the owner to ignore the report,
so every check is tuned for precision first (few, convincing flags) and only then recall.

- Robust statistics per product. A product's "usual" price or quantity is its median, never
  its mean or standard deviation: one price typed as 255.00 instead of 2.55 drags a mean (and
  inflates a standard deviation) enough to hide itself, while a median does not move until half
  the lines are wrong. Prices and quantities are compared as *ratios* to the median, because
  the errors we look for are multiplicative (a decimal point moved, grams typed as kilograms)
  and a ratio means the same for a 0.40 card and a 40.00 lamp.
- Support, not only distance. Real data has second price levels (bulk tiers, a sale at a
  fifth of the price, a price change) and real wholesale orders 50x the usual quantity. What
  tells them from typing errors is that real levels recur: other lines of the product sit near
  them. A far price (>= 5x or <= 1/5 of the median) or quantity (>= 300x the median) is
  flagged only when hardly any other line of the product (fewer than max(2, 3% of its lines))
  lies within a factor of 2 of it. The share, not a fixed count, keeps repeated slips on a
  best-seller (the same 2.55 typed as 255.00 five times in a year) from vouching for each other.
  A product needs 5 lines before it has a "usual" value at all.
- A decimal slip is named only when dividing the price by 10, 100 or 1000 (or multiplying)
  gives a price the product was really sold at, and a unit slip only when the quantity divided
  by 1000 is a quantity the product was really sold in; otherwise the detail just gives the
  ratio. That pattern is strong evidence, so a unit slip is flagged from 20x the median.
- Dates are checked against the order numbers, because most tills and webshops number orders
  in sequence: an order dated two months away from the orders numbered around it is almost
  surely a date typed or parsed wrongly (day and month swapped). The check only runs when the
  file shows the pattern (Spearman rank correlation of order number and date >= 0.9).
- A description is a variant when it is rare for its product (a single line, or at most 5% of
  them) and nearly equal (fuzz.ratio >= 85 after lower-casing and dropping punctuation) to one
  of the product's established names. A product renamed for good has two established names and
  is left alone. Strings are compared only per distinct (product, description) pair, so a
  500,000-line file costs a few thousand comparisons.
- Missing values are judged against the product's other lines (description, price: present on
  >= 95% of at least 4 others) or the order's (customer): a till list without prices, or an
  anonymous walk-in sale, is not missing anything.
- Negative quantities are returns when the line says so or the order id looks like a credit
  note (leading C..., R... or "-"), unless most orders share that prefix (receipts R1001...).
- Tax is compared with quantity x price before discount, so rounding to the cent and discounts
  never push a legal rate over 30%.
- Duplicate lines repeat product, quantity, price and time within one order. A till that
  writes one line per scan produces such lines legitimately; the detail says which line is
  repeated so the owner can tell.

Why not a library. We looked at PyOD (isolation forest, LOF, ...), scikit-learn's
IsolationForest, Great Expectations / pandera and Deequ-style constraint suites. The outlier
libraries score rows without saying *what* is wrong, need numpy/pandas (Rung's engine is
Polars only), and on per-product sales they need one model per product or they flag every
cheap product next to expensive ones. The constraint suites check rules a person writes in
advance (price > 0, date <= today); they do not learn "this product's usual price" from the
data. The rules below are a few lines of Polars each, explainable in one sentence to a shop
owner, and fast (vectorised group_by / over / join_asof; 500,000 lines in about a second).

Thresholds were tuned on the UCI Online Retail benchmark (bench/quality_errors.py) with one
random seed and a split of the year, and reported on another; see that file.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from rapidfuzz import fuzz, utils

from rung.engine.schema import SALE_LINE

CHECKS: dict[str, str] = {
    "price_outlier": "validity",
    "quantity_outlier": "validity",
    "negative_quantity": "validity",
    "future_date": "validity",
    "date_out_of_sequence": "validity",
    "description_variant": "consistency",
    "duplicate_line": "uniqueness",
    "missing_value": "completeness",
    "tax_rate_impossible": "validity",
}

# A product needs this many lines with a value before its "usual" value means anything.
MIN_PRODUCT_LINES = 5
# Another line supports a value when it lies within this factor of it (both ways).
SUPPORT_BAND = 2.0
# A far value is real (a tier, a sale, a wholesale order) when at least this many other lines,
# or this share of the product's lines, support it.
SUPPORT_MIN = 2
SUPPORT_SHARE = 0.03
# Price: flagged at or beyond this ratio to the product's median price (both ways).
PRICE_RATIO = 5.0
# Quantity: flagged at or above this ratio to the product's median quantity...
QUANTITY_RATIO = 300.0
# ...or, when the quantity divided by 1000 is a quantity the product was really sold in (a unit
# slip: grams for kilograms, pieces for packs of 1000), at or above this lower ratio.
QUANTITY_SLIP_RATIO = 20.0
# Dates: the order-number/date rank correlation that proves sequential numbering, the neighbours
# each side an order is compared with, and how far (days) from them its date must be.
SEQUENCE_MIN_ORDERS = 30
SEQUENCE_MIN_SPEARMAN = 0.9
SEQUENCE_NEIGHBOURS = 10
SEQUENCE_MIN_DAYS = 7.0
SEQUENCE_SPREAD_FACTOR = 4.0
# Descriptions: similarity (0-100) above which two names are "the same, slightly different";
# a variant is rare (at most this share of the product's lines, or a single line).
VARIANT_SIMILARITY = 85.0
VARIANT_SHARE = 0.05
# Missing values: the product's (or order's) other lines must have the value this often.
PRESENT_SHARE = 0.95
MIN_OTHER_LINES = 4
# Tax: no VAT or sales tax rate in the world is above 30% (Hungary's 27% is the highest).
MAX_TAX_RATE = 0.30
TAX_ROUNDING = 0.01
# Order ids of credit notes and cancellations: leading letters starting with C or R, or a dash.
_CREDIT_PREFIX = r"^(?:[CcRr][A-Za-z]*|-)"

_OUTPUT = pl.Schema({"row": pl.Int64(), "check": pl.String(), "field": pl.String(), "detail": pl.String()})
_USED = [
    "order_id",
    "line_no",
    "timestamp",
    "customer_id",
    "product_id",
    "description",
    "quantity",
    "unit_price",
    "tax",
    "return_flag",
]


def flag_sale_lines(lines: pl.DataFrame, *, today: dt.date | None = None) -> pl.DataFrame:
    """One row per (flagged line, check): columns row (Int64, 0-based position in `lines`),
    check (String, a code of CHECKS), field (String, the canonical field at fault), detail
    (String, short English explanation with the numbers, e.g. 'price 125.00 is 100x the usual 1.25').

    `lines` is a sale_lines frame (rung.engine.schema.SALE_LINE); optional columns may be absent.
    `today` bounds future dates (default: today's UTC date)."""
    if today is None:
        today = dt.datetime.now(dt.UTC).date()
    df = _prepare(lines)
    if df.is_empty():
        return _OUTPUT.to_frame()
    parts = [
        _price_outliers(df),
        _quantity_outliers(df),
        _negative_quantities(df),
        _future_dates(df, today),
        _dates_out_of_sequence(df),
        _description_variants(df),
        _duplicate_lines(df),
        _missing_values(df),
        _impossible_tax(df),
    ]
    return pl.concat([p.select(_OUTPUT.names()).cast(_OUTPUT) for p in parts]).sort("row", "check")


def _prepare(lines: pl.DataFrame) -> pl.DataFrame:
    """The used columns with their canonical types (absent ones as nulls), a row index, and
    money as Float64 for statistics."""
    columns = [
        pl.col(name).cast(SALE_LINE.field(name).dtype)
        if name in lines.columns
        else pl.lit(None, SALE_LINE.field(name).dtype).alias(name)
        for name in _USED
    ]
    return (
        lines.select(columns)
        .with_row_index("row")
        .with_columns(
            pl.col("row").cast(pl.Int64),
            price=pl.col("unit_price").cast(pl.Float64),
            tax_amount=pl.col("tax").cast(pl.Float64),
        )
    )


def _flags(check: str, field: str, detail: pl.Expr) -> list[pl.Expr]:
    return [pl.col("row"), pl.lit(check).alias("check"), pl.lit(field).alias("field"), detail.alias("detail")]


# -- number formatting for details ---------------------------------------------------------


def _money(e: pl.Expr) -> pl.Expr:
    """2 decimals; 4 below 0.10 so 0.0255 does not read as 0.03."""
    return (
        pl.when(e.abs() < 0.1)
        .then(e.cast(pl.Decimal(38, 4)).cast(pl.String))
        .otherwise(e.cast(pl.Decimal(38, 2)).cast(pl.String))
    )


def _qty(e: pl.Expr) -> pl.Expr:
    """Whole numbers without decimals (12000, not 12000.0)."""
    return (
        pl.when(e == e.round(0))
        .then(e.round(0).cast(pl.Int64).cast(pl.String))
        .otherwise(e.round(3).cast(pl.String))
    )


def _times(ratio: pl.Expr) -> pl.Expr:
    """'100x' or '5.3x' above 1; '1/100' or '1/5.3' below."""
    big = pl.when(ratio >= 1).then(ratio).otherwise(1 / ratio)
    text = (
        pl.when(big >= 10)
        .then(big.round(0).cast(pl.Int64).cast(pl.String))
        .otherwise(big.round(1).cast(pl.String))
    )
    return pl.when(ratio >= 1).then(pl.format("{}x", text)).otherwise(pl.format("1/{} of", text))


# -- per-product robust statistics ---------------------------------------------------------


def _others_within(values: pl.DataFrame, band: float) -> pl.DataFrame:
    """For each distinct (product_id, v) of `values`: how many *other* lines of the product have
    a value within [v / band, v * band] (two as-of joins over cumulative counts)."""
    counts = values.group_by("product_id", "v").agg(c=pl.len()).sort("product_id", "v")
    counts = counts.with_columns(upto=pl.col("c").cum_sum().over("product_id"))
    ladder = counts.select("product_id", k=pl.col("v"), upto=pl.col("upto")).sort("k")
    high = (
        counts.with_columns(k=pl.col("v") * band)
        .sort("k")
        .join_asof(ladder, on="k", by="product_id", check_sortedness=False, suffix="_hi")
    )
    low = (
        counts.with_columns(k=pl.col("v") / band)
        .sort("k")
        .join_asof(
            ladder, on="k", by="product_id", allow_exact_matches=False, check_sortedness=False, suffix="_lo"
        )
    )
    return (
        high.select("product_id", "v", hi="upto_hi")
        .join(low.select("product_id", "v", lo=pl.col("upto_lo").fill_null(0)), on=["product_id", "v"])
        .select("product_id", "v", others=pl.col("hi") - pl.col("lo") - 1)
    )


def _unsupported(cand: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """The candidates (product_id, v, n) that few other lines of their product come near."""
    products = cand.select("product_id").unique()
    support = _others_within(values.join(products, on="product_id", how="semi"), SUPPORT_BAND)
    cand = cand.join(support, on=["product_id", "v"], how="left")
    needed = pl.max_horizontal(pl.lit(float(SUPPORT_MIN)), pl.col("n") * SUPPORT_SHARE)
    return cand.filter(pl.col("others") < needed)


def _seen(cand: pl.DataFrame, values: pl.DataFrame, key: pl.Expr, name: str) -> pl.DataFrame:
    """Add boolean `name`: the product has a line whose value (rounded to 4 decimals) equals `key`."""
    known = values.select("product_id", k=pl.col("v").round(4)).unique()
    probe = cand.with_columns(k=key.round(4))
    found = (
        probe.join(known, on=["product_id", "k"], how="semi")
        .select("row")
        .with_columns(pl.lit(True).alias(name))
    )
    return cand.join(found, on="row", how="left").with_columns(pl.col(name).fill_null(False))


def _price_outliers(df: pl.DataFrame) -> pl.DataFrame:
    values = df.filter(pl.col("price") > 0).select("row", "product_id", v=pl.col("price"))
    stats = (
        values.group_by("product_id")
        .agg(n=pl.len(), usual=pl.col("v").median())
        .filter(pl.col("n") >= MIN_PRODUCT_LINES)
    )
    ratio = pl.col("v") / pl.col("usual")
    cand = values.join(stats, on="product_id").filter((ratio >= PRICE_RATIO) | (ratio <= 1 / PRICE_RATIO))
    if cand.is_empty():
        return _OUTPUT.to_frame()
    cand = _unsupported(cand, values)
    # A decimal slip: moving the point 1-3 places gives a price the product was really sold at.
    shifts = [2, -2, 1, -1, 3, -3]
    for s in shifts:
        cand = _seen(cand, values, pl.col("v") / 10.0**s, f"shift{s}")
    shift = pl.coalesce([pl.when(pl.col(f"shift{s}")).then(pl.lit(abs(s))) for s in shifts])
    detail = pl.format(
        "price {} is {} the usual {}", _money(pl.col("v")), _times(ratio), _money(pl.col("usual"))
    )
    detail = (
        pl.when(shift.is_not_null())
        .then(pl.format("{} (decimal point moved {} place(s)?)", detail, shift))
        .otherwise(detail)
    )
    return cand.select(_flags("price_outlier", "unit_price", detail))


def _quantity_outliers(df: pl.DataFrame) -> pl.DataFrame:
    values = df.filter(pl.col("quantity") > 0).select("row", "product_id", v=pl.col("quantity"))
    stats = (
        values.group_by("product_id")
        .agg(n=pl.len(), usual=pl.col("v").median())
        .filter(pl.col("n") >= MIN_PRODUCT_LINES)
    )
    ratio = pl.col("v") / pl.col("usual")
    cand = values.join(stats, on="product_id").filter(ratio >= QUANTITY_SLIP_RATIO)
    if cand.is_empty():
        return _OUTPUT.to_frame()
    cand = _seen(cand, values, pl.col("v") / 1000.0, "slip")
    cand = cand.filter((ratio >= QUANTITY_RATIO) | pl.col("slip"))
    if cand.is_empty():
        return _OUTPUT.to_frame()
    cand = _unsupported(cand, values)
    detail = pl.format(
        "quantity {} is {} the usual {}", _qty(pl.col("v")), _times(ratio), _qty(pl.col("usual"))
    )
    detail = (
        pl.when(pl.col("slip"))
        .then(pl.format("{} (1000x a usual quantity: grams for kilograms, or pieces for packs?)", detail))
        .otherwise(detail)
    )
    return cand.select(_flags("quantity_outlier", "quantity", detail))


# -- single-line rules ----------------------------------------------------------------------


def _negative_quantities(df: pl.DataFrame) -> pl.DataFrame:
    """Negative and not a return. An id prefix counts as a credit-note marker only when it is not
    the prefix of most orders (a till that numbers every receipt R1001 says nothing by it)."""
    neg = df.filter(pl.col("quantity") < 0, ~pl.col("return_flag").fill_null(False))
    if neg.is_empty():
        return _OUTPUT.to_frame()
    prefix = pl.col("order_id").str.strip_chars().str.extract(r"^([A-Za-z]+|-)", 1).str.to_uppercase()
    orders = df.select(pl.col("order_id").unique()).with_columns(prefix=prefix)
    shares = orders.group_by("prefix").agg(share=pl.len() / orders.height)
    credit = (
        orders.join(shares, on="prefix", how="left", nulls_equal=True)
        .filter(pl.col("prefix").str.contains(_CREDIT_PREFIX), pl.col("share") < 0.5)
        .select("order_id")
    )
    neg = neg.join(credit, on="order_id", how="anti")
    detail = pl.format(
        "quantity {} is negative but the line is not marked as a return", _qty(pl.col("quantity"))
    )
    return neg.select(_flags("negative_quantity", "quantity", detail))


def _future_dates(df: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    limit = today + dt.timedelta(days=1)
    late = df.filter(pl.col("timestamp").dt.date() > limit)
    detail = pl.format(
        "dated {}, after today ({})", pl.col("timestamp").dt.date().cast(pl.String), pl.lit(str(today))
    )
    return late.select(_flags("future_date", "timestamp", detail))


def _impossible_tax(df: pl.DataFrame) -> pl.DataFrame:
    """Tax against the line amount before discount: tax on the discounted amount would give a higher
    rate, so using the gross amount never flags a line that is within 30% after discount."""
    amount = pl.col("quantity") * pl.col("price")
    tax = pl.col("tax_amount")
    known = df.filter(tax.is_not_null(), amount.is_not_null(), amount != 0)
    opposite = (tax.sign() != amount.sign()) & (tax.abs() >= TAX_ROUNDING)
    too_high = tax.abs() > MAX_TAX_RATE * amount.abs() + TAX_ROUNDING
    bad = known.filter(opposite | too_high)
    rate = (tax / amount * 100).round(0).cast(pl.Int64).cast(pl.String)
    detail = pl.format("tax {} is {}% of the line amount {}", _money(tax), rate, _money(amount))
    return bad.select(_flags("tax_rate_impossible", "tax", detail))


# -- whole-file patterns --------------------------------------------------------------------


def _dates_out_of_sequence(df: pl.DataFrame) -> pl.DataFrame:
    """Orders whose date is far from the dates of the orders numbered around them."""
    parts = pl.col("order_id").str.strip_chars().str.extract_groups(r"^(.*?)(\d+)$")
    orders = (
        df.group_by("order_id")
        .agg(t=pl.col("timestamp").min())
        .filter(pl.col("t").is_not_null())
        .with_columns(parts.struct.field("1").alias("prefix"), parts.struct.field("2").alias("digits"))
    )
    numbered = orders.filter(pl.col("digits").is_not_null())
    if numbered.height < SEQUENCE_MIN_ORDERS:
        return _OUTPUT.to_frame()
    common = numbered.get_column("prefix").mode().sort().first()
    seq = numbered.filter(pl.col("prefix") == common)
    if seq.height < SEQUENCE_MIN_ORDERS or seq.height < 0.8 * orders.height:
        return _OUTPUT.to_frame()
    seq = seq.with_columns(
        num=pl.col("digits").str.slice(-18).cast(pl.Int64),
        secs=pl.col("t").dt.epoch("s").cast(pl.Float64),
    ).sort("num", "t")
    agreement = seq.select(pl.corr("num", "secs", method="spearman")).item()
    if agreement is None or not agreement >= SEQUENCE_MIN_SPEARMAN:
        return _OUTPUT.to_frame()
    window = 2 * SEQUENCE_NEIGHBOURS + 1
    secs = pl.col("secs")
    seq = seq.with_columns(
        around=secs.rolling_median(window, center=True, min_samples=1),
        spread=secs.rolling_quantile(0.75, window_size=window, center=True, min_samples=1)
        - secs.rolling_quantile(0.25, window_size=window, center=True, min_samples=1),
    )
    day = 86400.0
    off = (pl.col("secs") - pl.col("around")).abs()
    limit = pl.max_horizontal(pl.lit(SEQUENCE_MIN_DAYS * day), SEQUENCE_SPREAD_FACTOR * pl.col("spread"))
    late = seq.filter(off > limit)
    if late.is_empty():
        return _OUTPUT.to_frame()
    date = pl.col("t").dt.date()
    around = pl.from_epoch(pl.col("around").cast(pl.Int64), time_unit="s").dt.date()
    swapped = pl.date(date.dt.year(), date.dt.day(), date.dt.month())
    swap_fits = (
        (date.dt.day() <= 12)
        & (date.dt.day() != date.dt.month())
        & ((swapped.cast(pl.Datetime("us")).dt.epoch("s") - pl.col("around")).abs() <= 2 * day)
    )
    late = late.with_columns(
        detail=pl.format(
            "order dated {} but orders numbered around it are dated about {} ({} days apart)",
            date.cast(pl.String),
            around.cast(pl.String),
            (off / day).round(0).cast(pl.Int64),
        )
    ).with_columns(
        detail=pl.when(swap_fits)
        .then(pl.format("{}; day and month swapped?", pl.col("detail")))
        .otherwise(pl.col("detail"))
    )
    flagged = df.select("row", "order_id").join(late.select("order_id", "detail"), on="order_id")
    return flagged.select(_flags("date_out_of_sequence", "timestamp", pl.col("detail")))


def _description_variants(df: pl.DataFrame) -> pl.DataFrame:
    """Rare names of a product that are nearly one of its established names (a typo, a stray
    space or comma). Established = used on more than VARIANT_SHARE of the product's lines and
    on at least two; a product renamed for good has two established names and is left alone."""
    names = (
        df.filter(pl.col("description").is_not_null()).group_by("product_id", "description").agg(c=pl.len())
    )
    names = names.with_columns(total=pl.col("c").sum().over("product_id")).filter(
        pl.col("total") >= MIN_PRODUCT_LINES
    )
    common = (pl.col("c") >= 2) & (pl.col("c") > VARIANT_SHARE * pl.col("total"))
    usual = names.filter(common).select("product_id", usual="description", usual_c="c")
    rare = names.filter(~common)
    cand = rare.join(usual, on="product_id")
    if cand.is_empty():
        return _OUTPUT.to_frame()
    pairs = cand.select("description", "usual").unique()
    scores = [
        fuzz.ratio(a, b, processor=utils.default_process)
        for a, b in zip(pairs.get_column("description"), pairs.get_column("usual"), strict=True)
    ]
    pairs = pairs.with_columns(similarity=pl.Series(scores, dtype=pl.Float64))
    best = (
        cand.join(pairs, on=["description", "usual"])
        .filter(pl.col("similarity") >= VARIANT_SIMILARITY)
        .sort(["similarity", "usual_c", "usual"], descending=[True, True, False])
        .group_by("product_id", "description", maintain_order=True)
        .first()
    )
    flagged = df.select("row", "product_id", "description").join(
        best.select("product_id", "description", "usual", "usual_c", "total"),
        on=["product_id", "description"],
    )
    detail = pl.format(
        'description "{}" differs slightly from the usual "{}" ({} of {} lines)',
        pl.col("description"),
        pl.col("usual"),
        pl.col("usual_c"),
        pl.col("total"),
    )
    return flagged.select(_flags("description_variant", "description", detail))


def _duplicate_lines(df: pl.DataFrame) -> pl.DataFrame:
    key = ["order_id", "product_id", "quantity", "unit_price", "timestamp"]
    dup = df.with_columns(
        copy=pl.int_range(pl.len()).over(key),
        first_line=pl.col("line_no").first().over(key),
    ).filter(pl.col("copy") > 0)
    detail = pl.format(
        "repeats line {} of order {} (same product, quantity, price and time)",
        pl.col("first_line").cast(pl.String).fill_null("?"),
        pl.col("order_id"),
    )
    return dup.select(_flags("duplicate_line", "line_no", detail))


def _missing_values(df: pl.DataFrame) -> pl.DataFrame:
    parts = []
    for field, value in (("description", pl.col("description")), ("unit_price", pl.col("unit_price"))):
        stats = df.with_columns(
            others=pl.len().over("product_id") - 1,
            having=value.is_not_null().sum().over("product_id"),
        )
        missing = stats.filter(
            value.is_null(),
            pl.col("others") >= MIN_OTHER_LINES,
            pl.col("having") >= PRESENT_SHARE * pl.col("others"),
        )
        detail = pl.format(
            "{} is empty; {} of the product's {} other lines have one",
            pl.lit(field),
            pl.col("having"),
            pl.col("others"),
        )
        parts.append(missing.select(_flags("missing_value", field, detail)))
    orders = df.with_columns(
        having=pl.col("customer_id").is_not_null().sum().over("order_id"),
        others=pl.len().over("order_id") - 1,
        customer=pl.col("customer_id").drop_nulls().first().over("order_id"),
    )
    missing = orders.filter(
        pl.col("customer_id").is_null(), pl.col("having") >= 1, pl.col("having") >= 0.5 * pl.col("others")
    )
    detail = pl.format(
        "customer_id is empty; {} of the order's {} other lines have customer {}",
        pl.col("having"),
        pl.col("others"),
        pl.col("customer"),
    )
    parts.append(missing.select(_flags("missing_value", "customer_id", detail)))
    return pl.concat(parts)
