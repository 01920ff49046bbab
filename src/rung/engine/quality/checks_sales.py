"""Checks of the sales history: suspicious lines, duplicate orders, and sales that disagree
with the rest of the data (other currencies, unknown products, one product under two names).

Line-by-line suspicions come from `anomalies` (robust per-product statistics); this module
turns them into findings and adds what only shows across tables or whole orders.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from rung.engine.messages import Note
from rung.engine.progress import gettext_noop
from rung.engine.quality import anomalies
from rung.engine.quality.findings import Dimension, Finding, examples
from rung.engine.quality.tables import Tables, table, usual_names

LINE_COLUMNS = ["order_id", "line_no", "timestamp", "product_id", "description", "quantity", "unit_price"]

PER_SCAN_SHARE = 0.95
# check code -> (message, action, weight). Messages take %(count)s.
_ROW_CHECKS: dict[str, tuple[str, str, float]] = {
    "price_outlier": (
        gettext_noop("%(count)s lines have a price far from the product's usual price."),
        gettext_noop(
            "Look for a misplaced decimal point or a wrong unit, and correct the line in your system."
        ),
        1.0,
    ),
    "quantity_outlier": (
        gettext_noop("%(count)s lines have a quantity far above what the product usually sells."),
        gettext_noop("Check for grams typed as kilograms, or a pack counted as pieces."),
        1.0,
    ),
    "negative_quantity": (
        gettext_noop("%(count)s lines have a negative quantity but are not marked as returns."),
        gettext_noop("Mark returns as returns in your till, or check the sign of the quantity."),
        0.8,
    ),
    "future_date": (
        gettext_noop("%(count)s lines are dated in the future."),
        gettext_noop("Check the date format of the export (day and month may be swapped)."),
        1.0,
    ),
    "date_out_of_sequence": (
        gettext_noop("%(count)s lines have a date that does not fit their order number."),
        gettext_noop("Day and month may be swapped: check the date format of the export."),
        1.0,
    ),
    "duplicate_line": (
        gettext_noop("%(count)s lines repeat another line of the same order exactly."),
        gettext_noop("Check whether the line was entered twice."),
        0.8,
    ),
    "missing_value": (
        gettext_noop("%(count)s lines lack a value the product's other lines have."),
        gettext_noop("Fill in the missing price, description or customer in your system."),
        0.6,
    ),
    "tax_rate_impossible": (
        gettext_noop("%(count)s lines have tax that is negative or above 30%% of the price."),
        gettext_noop("Check which column holds the tax and which holds the price."),
        0.8,
    ),
}
# description_variant is left out: product_names below reports every product with two names
# (the variants included) and offers the fix, so counting both would charge the score twice.
_SKIPPED = {"description_variant"}


def row_checks(lines: pl.DataFrame, today: dt.date | None) -> list[Finding]:
    flags = anomalies.flag_sale_lines(lines, today=today)
    if lines.filter(pl.col("quantity") == 1).height >= PER_SCAN_SHARE * lines.height:
        # A till that writes one line per item scanned (two coffees = two equal lines):
        # repeated lines are extra units, not errors.
        flags = flags.filter(pl.col("check") != "duplicate_line")
    found = []
    indexed = lines.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    for code, group in flags.filter(~pl.col("check").is_in(list(_SKIPPED))).group_by(
        "check", maintain_order=True
    ):
        name = str(code[0])
        message, action, weight = _ROW_CHECKS.get(
            name, (gettext_noop("%(count)s lines look wrong."), gettext_noop("Check these lines."), 0.5)
        )
        rows = group.unique("row", keep="first").sort("row")
        shown = rows.head(5).join(indexed, on="row", how="left").sort("row")
        field = rows.get_column("field").mode().sort().first()
        found.append(
            Finding(
                code=name,
                dimension=Dimension(anomalies.CHECKS.get(name, "validity")),
                entity="sale_lines",
                field=str(field) if field else None,
                affected=rows.height,
                total=lines.height,
                weight=weight,
                message=Note(message, count=rows.height),
                action=Note(action),
                examples=examples(shown, [*LINE_COLUMNS, "detail"]),
            )
        )
    return found


def duplicate_orders(lines: pl.DataFrame) -> list[Finding]:
    """The same order under two numbers: same time, customer and lines (an export imported twice
    under a renumbering, or a till that re-sent a receipt)."""
    signature = (
        lines.sort("product_id", "quantity", "unit_price")
        .group_by("order_id")
        .agg(
            first=pl.col("timestamp").min(),
            customer=pl.col("customer_id").first(),
            lines=pl.concat_str(
                pl.col("product_id"),
                pl.col("quantity").cast(pl.String),
                pl.col("unit_price").cast(pl.String),
                separator="|",
                ignore_nulls=True,
            ).str.join(";"),
        )
        .with_columns(copies=pl.len().over("first", "customer", "lines"))
    )
    repeated = signature.filter(pl.col("copies") > 1).sort("first", "order_id")
    if not repeated.height:
        return []
    later = repeated.filter(pl.int_range(pl.len()).over("first", "customer", "lines") > 0)
    orders = signature.height
    return [
        Finding(
            code="duplicate_order",
            dimension=Dimension.UNIQUENESS,
            entity="sale_lines",
            field="order_id",
            affected=later.height,
            total=orders,
            weight=1.0,
            message=Note(
                gettext_noop("%(count)s orders repeat another order exactly: same time, customer and lines."),
                count=later.height,
            ),
            action=Note(gettext_noop("If one export was imported twice, undo the later import.")),
            examples=examples(
                repeated.rename({"first": "timestamp", "customer": "customer_id"}),
                ["order_id", "timestamp", "customer_id"],
            ),
        )
    ]


def consistency(tables: Tables, lines: pl.DataFrame) -> list[Finding]:
    found = [*_currency_mix(lines), *_product_names(lines), *_unit_mix(lines), *_discounts(lines)]
    for entity, key in (("customers", "customer_id"), ("products", "product_id")):
        known = table(tables, entity)
        if known is not None:
            found.extend(_unknown_references(lines, known, entity, key))
    return found


def _currency_mix(lines: pl.DataFrame) -> list[Finding]:
    counts = lines.group_by("currency").agg(n=pl.len()).sort("n", "currency", descending=[True, False])
    if counts.height < 2:
        return []
    main = counts.get_column("currency")[0]
    other = lines.filter(pl.col("currency") != main)
    return [
        Finding(
            code="currency_mix",
            dimension=Dimension.CONSISTENCY,
            entity="sale_lines",
            field="currency",
            affected=other.height,
            total=lines.height,
            weight=0.5,
            message=Note(
                gettext_noop(
                    "%(count)s lines are in another currency than %(main)s; totals keep them apart."
                ),
                count=other.height,
                main=str(main),
            ),
            action=Note(gettext_noop("Check that the currency of each import is right.")),
            examples=examples(other, [*LINE_COLUMNS, "currency"]),
        )
    ]


def _product_names(lines: pl.DataFrame) -> list[Finding]:
    names = usual_names(lines)
    several = names.filter(pl.col("names") > 1)
    if not several.height:
        return []
    off = lines.join(several.select("product_id", "name"), on="product_id").filter(
        pl.col("description").is_not_null() & (pl.col("description") != pl.col("name"))
    )
    return [
        Finding(
            code="product_names",
            dimension=Dimension.CONSISTENCY,
            entity="sale_lines",
            field="description",
            affected=off.height,
            total=lines.height,
            weight=0.4,
            message=Note(
                gettext_noop("%(products)s products are sold under more than one name (%(count)s lines)."),
                products=several.height,
                count=off.height,
            ),
            action=Note(gettext_noop("Use each product's usual name on every line, with one click.")),
            examples=examples(
                off.rename({"name": "usual_name"}), ["product_id", "description", "usual_name"]
            ),
            fix={"kind": "names", "entity": "sale_lines", "field": "description"},
        )
    ]


def _unit_mix(lines: pl.DataFrame) -> list[Finding]:
    units = lines.group_by("product_id").agg(units=pl.col("unit").drop_nulls().n_unique())
    mixed = lines.join(units.filter(pl.col("units") > 1), on="product_id", how="semi")
    if not mixed.height:
        return []
    return [
        Finding(
            code="unit_mix",
            dimension=Dimension.CONSISTENCY,
            entity="sale_lines",
            field="unit",
            affected=mixed.height,
            total=lines.height,
            weight=0.6,
            message=Note(
                gettext_noop(
                    "%(count)s lines sell a product in more than one unit (pieces and boxes, g and kg)."
                ),
                count=mixed.height,
            ),
            action=Note(gettext_noop("Sell each product in one unit, or give packs their own product code.")),
            examples=examples(mixed, ["order_id", "product_id", "quantity", "unit"]),
        )
    ]


def _discounts(lines: pl.DataFrame) -> list[Finding]:
    gross = pl.col("unit_price").cast(pl.Float64) * pl.col("quantity").abs()
    bad = lines.filter(
        pl.col("discount").is_not_null() & (pl.col("discount").cast(pl.Float64) > gross + 0.005)
    )
    if not bad.height:
        return []
    return [
        Finding(
            code="discount_above_price",
            dimension=Dimension.CONSISTENCY,
            entity="sale_lines",
            field="discount",
            affected=bad.height,
            total=lines.height,
            weight=0.8,
            message=Note(
                gettext_noop(
                    "%(count)s lines have a discount larger than the line's price: the totals do not add up."
                ),
                count=bad.height,
            ),
            action=Note(gettext_noop("Check whether the discount column holds amounts or percentages.")),
            examples=examples(bad, [*LINE_COLUMNS, "discount"]),
        )
    ]


_UNKNOWN = {
    "customers": (
        gettext_noop("%(count)s lines refer to %(ids)s customers that are not in your customer list."),
        gettext_noop("Import a complete, recent customer list."),
    ),
    "products": (
        gettext_noop("%(count)s lines refer to %(ids)s products that are not in your product list."),
        gettext_noop("Import a complete, recent product list."),
    ),
}


def _unknown_references(lines: pl.DataFrame, known: pl.DataFrame, entity: str, key: str) -> list[Finding]:
    orphans = lines.filter(pl.col(key).is_not_null()).join(known.select(key), on=key, how="anti")
    if not orphans.height:
        return []
    ids = orphans.get_column(key).n_unique()
    return [
        Finding(
            code=f"unknown_{entity}",
            dimension=Dimension.CONSISTENCY,
            entity="sale_lines",
            field=key,
            affected=orphans.height,
            total=lines.height,
            weight=0.6,
            message=Note(_UNKNOWN[entity][0], count=orphans.height, ids=ids),
            action=Note(_UNKNOWN[entity][1]),
            examples=examples(orphans, [*LINE_COLUMNS[:4], key]),
        )
    ]
