"""Checks of single columns: empty fields that matter, and values that cannot be right.

Only fields some capability uses are checked for emptiness, and each says what it costs,
because "23% of customers have no postal code" is noise to an owner whose forecasts never
look at postal codes. Whitespace and letter-case problems get a safe one-click fix.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from rung.engine.messages import Note
from rung.engine.progress import gettext_noop
from rung.engine.quality.findings import Dimension, Finding, examples
from rung.engine.quality.tables import Tables, table
from rung.engine.schema import ENTITIES


class Needed(NamedTuple):
    entity: str
    field: str
    why: str  # what an empty value costs the owner
    weight: float


NEEDED = (
    Needed(
        "sale_lines",
        "unit_price",
        gettext_noop("revenue, average prices and quotations leave these lines out"),
        1.0,
    ),
    Needed("sale_lines", "description", gettext_noop("reports show only the product code"), 0.3),
    Needed("customers", "name", gettext_noop("lists and duplicate checks cannot name them"), 0.2),
    Needed("products", "name", gettext_noop("reports show only the product code"), 0.5),
    Needed("products", "category", gettext_noop("forecasts cannot be grouped by category"), 0.2),
    Needed("products", "unit_cost", gettext_noop("margins and the money tied up in stock are unknown"), 0.3),
    Needed("suppliers", "lead_time_days", gettext_noop("reorder advice assumes a lead time of 7 days"), 0.5),
    Needed("feedback", "text", gettext_noop("only the score can be analysed, not what was said"), 0.5),
    Needed("inventory_snapshots", "unit_cost", gettext_noop("the money tied up in stock is unknown"), 0.3),
)

_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_TEXT_FIELDS = {"customers": ("name", "company", "city"), "products": ("name", "category")}


def completeness(tables: Tables) -> list[Finding]:
    found = []
    for need in NEEDED:
        frame = table(tables, need.entity)
        if frame is None or (need.field == "description" and _ids_are_names(frame)):
            continue
        empty = frame.filter(pl.col(need.field).is_null())
        if not empty.height:
            continue
        found.append(
            Finding(
                code="empty_field",
                dimension=Dimension.COMPLETENESS,
                entity=need.entity,
                field=need.field,
                affected=empty.height,
                total=frame.height,
                weight=need.weight,
                message=Note(
                    gettext_noop("None of your %(entity)s has a %(field)s: %(why)s.")
                    if empty.height == frame.height
                    else gettext_noop("%(count)s of %(total)s rows have no %(field)s: %(why)s."),
                    count=empty.height,
                    total=frame.height,
                    field=need.field,
                    why=need.why,
                    entity=ENTITIES[need.entity].title.lower(),
                ),
                action=Note(
                    gettext_noop("Fill in %(field)s in your system, or export it too, then import again."),
                    field=need.field,
                ),
                examples=examples(empty, [*_id_columns(need.entity), need.field]),
            )
        )
    found.extend(_unreachable_customers(tables))
    return found


def _ids_are_names(lines: pl.DataFrame) -> bool:
    """Whether products are known by name ("Coffee", "Bread") rather than code: then a line
    without a description still says what was sold."""
    ids = lines.get_column("product_id").unique().head(1000)
    words = ids.str.contains(r"^[^\d]*[A-Za-z]{3}[^\d]*$").mean()
    return isinstance(words, float) and words >= 0.5


def _id_columns(entity: str) -> list[str]:
    return {
        "sale_lines": ["order_id", "line_no", "product_id", "description"],
        "customers": ["customer_id", "name"],
        "products": ["product_id", "name"],
        "suppliers": ["supplier_id", "name"],
        "feedback": ["feedback_id", "score"],
        "inventory_snapshots": ["product_id", "location"],
    }.get(entity, [])


def _unreachable_customers(tables: Tables) -> list[Finding]:
    customers = table(tables, "customers")
    if customers is None or customers.select(
        pl.col("email", "phone").null_count()
    ).sum_horizontal().item() == (2 * customers.height):
        return []  # a list without contact columns at all is a list of ids, not of unreachable people
    lost = customers.filter(pl.col("email").is_null() & pl.col("phone").is_null())
    if not lost.height:
        return []
    return [
        Finding(
            code="no_contact",
            dimension=Dimension.COMPLETENESS,
            entity="customers",
            field="email",
            affected=lost.height,
            total=customers.height,
            weight=0.4,
            message=Note(
                gettext_noop("%(count)s customers have neither an e-mail address nor a phone number."),
                count=lost.height,
            ),
            action=Note(gettext_noop("Ask for an e-mail address at the till or on the invoice.")),
            examples=examples(lost, ["customer_id", "name", "city"]),
        )
    ]


def validity(tables: Tables) -> list[Finding]:
    found = []
    customers = table(tables, "customers")
    if customers is not None:
        bad = customers.filter(pl.col("email").is_not_null() & ~pl.col("email").str.contains(_EMAIL))
        if bad.height:
            found.append(
                Finding(
                    code="invalid_email",
                    dimension=Dimension.VALIDITY,
                    entity="customers",
                    field="email",
                    affected=bad.height,
                    total=customers.height,
                    weight=0.6,
                    message=Note(
                        gettext_noop("%(count)s e-mail addresses cannot be right (no @ or no domain)."),
                        count=bad.height,
                    ),
                    action=Note(gettext_noop("Correct them in your customer list.")),
                    examples=examples(bad, ["customer_id", "name", "email"]),
                )
            )
    products = table(tables, "products")
    if products is not None:
        bad = products.filter((pl.col("list_price") < 0) | (pl.col("unit_cost") < 0))
        if bad.height:
            found.append(
                Finding(
                    code="negative_price",
                    dimension=Dimension.VALIDITY,
                    entity="products",
                    field="list_price",
                    affected=bad.height,
                    total=products.height,
                    message=Note(
                        gettext_noop("%(count)s products have a negative price or cost."), count=bad.height
                    ),
                    action=Note(gettext_noop("Correct the prices in your product list.")),
                    examples=examples(bad, ["product_id", "name", "list_price", "unit_cost"]),
                )
            )
    feedback = table(tables, "feedback")
    if feedback is not None:
        bad = feedback.filter(
            (pl.col("score") < 0) | (pl.col("score") > pl.col("score_scale_max").fill_null(float("inf")))
        )
        if bad.height:
            found.append(
                Finding(
                    code="score_out_of_scale",
                    dimension=Dimension.VALIDITY,
                    entity="feedback",
                    field="score",
                    affected=bad.height,
                    total=feedback.height,
                    message=Note(
                        gettext_noop("%(count)s scores are below 0 or above the top of their scale."),
                        count=bad.height,
                    ),
                    action=Note(gettext_noop("Check which column holds the score and re-import.")),
                    examples=examples(bad, ["feedback_id", "score", "score_scale_max"]),
                )
            )
    return found


def formatting(tables: Tables) -> list[Finding]:
    """Stray spaces and ALL-CAPS text: harmless to read, but they split one name into two."""
    found = []
    for entity, fields in _TEXT_FIELDS.items():
        frame = table(tables, entity)
        if frame is None:
            continue
        for name in fields:
            col = pl.col(name)
            spaced = frame.filter(
                col.is_not_null() & (col != col.str.strip_chars().str.replace_all(r"\s+", " "))
            )
            if spaced.height:
                found.append(_format_finding(entity, name, frame, spaced, "trim"))
            shouting = frame.filter(
                col.is_not_null() & (col == col.str.to_uppercase()) & col.str.contains(r"[A-Z]{3}")
            )
            # Only when most values are not capitals: a catalogue written in capitals is a style.
            if shouting.height and shouting.height < 0.5 * frame.height:
                found.append(_format_finding(entity, name, frame, shouting, "case"))
    return found


def _format_finding(entity: str, name: str, frame: pl.DataFrame, rows: pl.DataFrame, kind: str) -> Finding:
    trim = kind == "trim"
    return Finding(
        code="extra_spaces" if trim else "capitals",
        dimension=Dimension.CONSISTENCY,
        entity=entity,
        field=name,
        affected=rows.height,
        total=frame.height,
        weight=0.2,
        message=Note(
            gettext_noop("%(count)s values of %(field)s have extra spaces.")
            if trim
            else gettext_noop("%(count)s values of %(field)s are written in capitals."),
            count=rows.height,
            field=name,
        ),
        action=Note(
            gettext_noop("Remove the extra spaces with one click.")
            if trim
            else gettext_noop("Write them with capitals only at the start of words, with one click.")
        ),
        examples=examples(rows, [*_id_columns(entity), name]),
        fix={"kind": kind, "entity": entity, "field": name},
    )


def set_aside(quarantined: pl.DataFrame | None, rows_stored: int) -> list[Finding]:
    """Rows imports could not use are missing from every result, so they count as incomplete data."""
    if quarantined is None or not quarantined.height:
        return []
    return [
        Finding(
            code="set_aside",
            dimension=Dimension.COMPLETENESS,
            entity="imports",
            field=None,
            affected=quarantined.height,
            total=rows_stored + quarantined.height,
            weight=1.0,
            message=Note(
                gettext_noop("%(count)s rows of your imports were set aside because they could not be read."),
                count=quarantined.height,
            ),
            action=Note(
                gettext_noop("Download them from the import's page, correct them and import them again.")
            ),
            examples=examples(quarantined, ["file", "row", "reason"]),
        )
    ]
