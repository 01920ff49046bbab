"""Rung's canonical business schema: the one shape every import is turned into.

Every capability (forecasting, customers, feedback, ...) reads these entities and nothing
else, so a new export format only needs a mapping here, never a change downstream.

Rules the definitions keep (and tests enforce):
- money never stands alone: every money field names the field holding its ISO 4217
  currency code, because small businesses sell across borders and a total in two
  currencies is wrong, not rounded;
- every quantity names the field holding its unit (piece, kg, hour, ...);
- money is a fixed-point decimal, not a float, so totals add up to the cent.

Each entity carries a version; when a field is added or changed, its version goes up
and the store records which version a dataset was written with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl

SCHEMA_VERSION = 1

MONEY_DTYPE = pl.Decimal(precision=18, scale=4)


class SchemaError(ValueError):
    """A table does not fit its canonical entity; the message says what to change."""


class Kind(StrEnum):
    """What a field means, which decides its storage type and how imports parse it."""

    ID = "id"
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    QUANTITY = "quantity"
    PERCENT = "percent"
    TIMESTAMP = "timestamp"
    DATE = "date"
    BOOLEAN = "boolean"
    CURRENCY = "currency"
    UNIT = "unit"
    EMAIL = "email"
    PHONE = "phone"
    COUNTRY = "country"
    LANGUAGE = "language"


_DTYPES: dict[Kind, pl.DataType] = {
    Kind.ID: pl.String(),
    Kind.TEXT: pl.String(),
    Kind.INTEGER: pl.Int64(),
    Kind.NUMBER: pl.Float64(),
    Kind.MONEY: MONEY_DTYPE,
    Kind.QUANTITY: pl.Float64(),
    Kind.PERCENT: pl.Float64(),
    Kind.TIMESTAMP: pl.Datetime("us", "UTC"),
    Kind.DATE: pl.Date(),
    Kind.BOOLEAN: pl.Boolean(),
    Kind.CURRENCY: pl.String(),
    Kind.UNIT: pl.String(),
    Kind.EMAIL: pl.String(),
    Kind.PHONE: pl.String(),
    Kind.COUNTRY: pl.String(),
    Kind.LANGUAGE: pl.String(),
}


@dataclass(frozen=True)
class Field:
    """One column of a canonical entity."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    currency_field: str | None = None
    unit_field: str | None = None

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind]


@dataclass(frozen=True)
class Entity:
    """A canonical table: its fields, its key and its version."""

    name: str
    title: str
    version: int
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    def polars_schema(self) -> pl.Schema:
        return pl.Schema({f.name: f.dtype for f in self.fields})

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema())

    def conform(self, df: pl.DataFrame) -> pl.DataFrame:
        """Return df with exactly this entity's columns, in order and with their types.

        Missing optional columns are added as nulls; unknown columns are an error, not
        silently dropped, because dropping data is never the importer's call.
        """
        missing = [name for name in self.required if name not in df.columns]
        if missing:
            raise SchemaError(
                f"{self.title}: required column(s) {', '.join(missing)} missing; "
                f"map a column of your file to each of them."
            )
        unknown = [c for c in df.columns if c not in self.field_names]
        if unknown:
            raise SchemaError(
                f"{self.title}: column(s) {', '.join(unknown)} are not part of the schema "
                f"(fields: {', '.join(self.field_names)})."
            )
        nulls = [name for name in self.required if df.height and df.get_column(name).null_count() > 0]
        if nulls:
            raise SchemaError(
                f"{self.title}: required column(s) {', '.join(nulls)} have empty values; "
                f"quarantine those rows or fill them in."
            )
        try:
            return df.select(
                [
                    (
                        _from_column(f, df.schema[f.name]) if f.name in df.columns else pl.lit(None, f.dtype)
                    ).alias(f.name)
                    for f in self.fields
                ]
            )
        except pl.exceptions.PolarsError as exc:
            raise SchemaError(f"{self.title}: a column has values of the wrong type: {exc}") from exc


_BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _from_column(f: Field, dtype: pl.DataType) -> pl.Expr:
    """Cast a column to its canonical type; text in ISO form (a canonical CSV) is parsed.

    Messy, locale-specific text (day-first dates, decimal commas) is the importer's job;
    here only the unambiguous forms Rung itself writes are accepted.
    """
    col = pl.col(f.name)
    if dtype == pl.String:
        if f.kind is Kind.TIMESTAMP:
            return col.str.to_datetime(time_zone="UTC")
        if f.kind is Kind.DATE:
            return col.str.to_date("%Y-%m-%d")
        if f.kind is Kind.BOOLEAN:
            return (
                col.str.strip_chars()
                .str.to_lowercase()
                .replace_strict(_BOOLEAN_TEXT, return_dtype=pl.Boolean)
            )
    return col.cast(f.dtype)


def _f(
    name: str,
    kind: Kind,
    description: str,
    *,
    required: bool = False,
    currency: str | None = None,
    unit: str | None = None,
) -> Field:
    return Field(name, kind, description, required, currency, unit)


CUSTOMER = Entity(
    name="customers",
    title="Customers",
    version=1,
    description="People and companies that buy from the business.",
    key=("customer_id",),
    fields=(
        _f("customer_id", Kind.ID, "The business's own id for the customer.", required=True),
        _f("name", Kind.TEXT, "Full name or company name."),
        _f("email", Kind.EMAIL, "E-mail address, lower-cased."),
        _f("phone", Kind.PHONE, "Phone number in E.164 form (+31612345678)."),
        _f("company", Kind.TEXT, "Company the customer belongs to, if any."),
        _f("address", Kind.TEXT, "Street address."),
        _f("postal_code", Kind.TEXT, "Postal code."),
        _f("city", Kind.TEXT, "City."),
        _f("country", Kind.COUNTRY, "ISO 3166-1 alpha-2 country code, or the country name as exported."),
        _f("first_seen", Kind.TIMESTAMP, "When the customer was created or first bought."),
        _f("marketing_opt_in", Kind.BOOLEAN, "Consent to marketing messages; null when unknown."),
        _f("language", Kind.LANGUAGE, "Preferred language (BCP 47)."),
    ),
)

PRODUCT = Entity(
    name="products",
    title="Products",
    version=1,
    description="What the business sells: goods and services, with list price and cost.",
    key=("product_id",),
    fields=(
        _f("product_id", Kind.ID, "SKU or the business's own product code.", required=True),
        _f("name", Kind.TEXT, "Product name or description."),
        _f("category", Kind.TEXT, "Product group or category."),
        _f("barcode", Kind.ID, "EAN/UPC/GTIN barcode."),
        _f("unit", Kind.UNIT, "Unit the product is sold in (piece, kg, l, hour, ...)."),
        _f("list_price", Kind.MONEY, "Standard selling price per unit.", currency="currency"),
        _f("unit_cost", Kind.MONEY, "Purchase or production cost per unit.", currency="currency"),
        _f("currency", Kind.CURRENCY, "ISO 4217 code of list_price and unit_cost."),
        _f("supplier_id", Kind.ID, "Main supplier of this product."),
        _f("active", Kind.BOOLEAN, "Still sold; false for discontinued products."),
    ),
)

SALE_LINE = Entity(
    name="sale_lines",
    title="Sale lines",
    version=1,
    description="One line of an order, receipt or invoice; returns are lines with return_flag set.",
    key=("order_id", "line_no"),
    fields=(
        _f("order_id", Kind.ID, "Order, receipt or invoice number.", required=True),
        _f("line_no", Kind.INTEGER, "Position of the line within its order, from 1.", required=True),
        _f("timestamp", Kind.TIMESTAMP, "When the sale happened (UTC).", required=True),
        _f("customer_id", Kind.ID, "Buyer, when known; null for anonymous walk-in sales."),
        _f("product_id", Kind.ID, "Product sold.", required=True),
        _f("description", Kind.TEXT, "Product description as written on the line."),
        _f("quantity", Kind.QUANTITY, "Quantity sold; negative on returns.", required=True, unit="unit"),
        _f("unit", Kind.UNIT, "Unit of quantity (piece when the export does not say)."),
        _f(
            "unit_price",
            Kind.MONEY,
            "Price per unit before discount, excluding tax; empty when the export has no prices "
            "(a bakery's till list of items sold): quantities still count, revenue leaves the line out.",
            currency="currency",
        ),
        _f("discount", Kind.MONEY, "Discount on the whole line.", currency="currency"),
        _f("tax", Kind.MONEY, "Tax on the whole line.", currency="currency"),
        _f("currency", Kind.CURRENCY, "ISO 4217 code of every amount on the line.", required=True),
        _f("channel", Kind.TEXT, "Where it was sold: shop, online, marketplace, phone, ..."),
        _f("location", Kind.TEXT, "Shop, warehouse or site."),
        _f("return_flag", Kind.BOOLEAN, "True when the line is a return or a cancellation."),
    ),
)

INVENTORY_SNAPSHOT = Entity(
    name="inventory_snapshots",
    title="Inventory",
    version=1,
    description="Stock on hand of a product at a location at one moment.",
    key=("product_id", "location", "as_of"),
    fields=(
        _f("product_id", Kind.ID, "Product counted.", required=True),
        _f("location", Kind.TEXT, "Shop or warehouse; null when the business has one."),
        _f("as_of", Kind.TIMESTAMP, "Moment of the count.", required=True),
        _f("on_hand", Kind.QUANTITY, "Units in stock.", required=True, unit="unit"),
        _f("unit", Kind.UNIT, "Unit of on_hand."),
        _f("on_order", Kind.QUANTITY, "Units ordered from suppliers, not yet received.", unit="unit"),
        _f("unit_cost", Kind.MONEY, "Cost per unit at the time of the count.", currency="currency"),
        _f("currency", Kind.CURRENCY, "ISO 4217 code of unit_cost."),
    ),
)

SUPPLIER = Entity(
    name="suppliers",
    title="Suppliers",
    version=1,
    description="Who the business buys from, with the terms that drive reorder advice.",
    key=("supplier_id",),
    fields=(
        _f("supplier_id", Kind.ID, "The business's id for the supplier.", required=True),
        _f("name", Kind.TEXT, "Supplier name."),
        _f("email", Kind.EMAIL, "Order e-mail address."),
        _f("phone", Kind.PHONE, "Phone number in E.164 form."),
        _f("country", Kind.COUNTRY, "ISO 3166-1 alpha-2 country code."),
        _f("lead_time_days", Kind.NUMBER, "Days from order to delivery."),
        _f("min_order_value", Kind.MONEY, "Smallest order accepted.", currency="currency"),
        _f("currency", Kind.CURRENCY, "ISO 4217 code of min_order_value."),
    ),
)

FEEDBACK = Entity(
    name="feedback",
    title="Reviews and survey answers",
    version=1,
    description="What customers said: a review, a survey answer or a complaint, with its score.",
    key=("feedback_id",),
    fields=(
        _f("feedback_id", Kind.ID, "Id of the review or answer.", required=True),
        _f("source", Kind.TEXT, "Where it came from: google, tripadvisor, survey, e-mail, ..."),
        _f("timestamp", Kind.TIMESTAMP, "When it was written.", required=True),
        _f("customer_id", Kind.ID, "Author, when known."),
        _f("product_id", Kind.ID, "Product reviewed, when known."),
        _f("score", Kind.NUMBER, "Score as given (stars, NPS 0-10, CSAT 1-5)."),
        _f("score_scale_max", Kind.NUMBER, "Highest possible score on its scale (5, 10, ...)."),
        _f("title", Kind.TEXT, "Title of the review."),
        _f("text", Kind.TEXT, "The comment itself."),
        _f("language", Kind.LANGUAGE, "Language of the text (BCP 47), when known."),
        _f("reply", Kind.TEXT, "The business's published reply."),
    ),
)

INQUIRY = Entity(
    name="inquiries",
    title="Customer inquiries",
    version=1,
    description="Questions customers sent by e-mail, web form or chat.",
    key=("inquiry_id",),
    fields=(
        _f("inquiry_id", Kind.ID, "Id of the message.", required=True),
        _f("channel", Kind.TEXT, "e-mail, web form, chat, phone note, ..."),
        _f("received_at", Kind.TIMESTAMP, "When it arrived.", required=True),
        _f("customer_id", Kind.ID, "Sender, when known."),
        _f("email", Kind.EMAIL, "Sender's e-mail address."),
        _f("subject", Kind.TEXT, "Subject line."),
        _f("text", Kind.TEXT, "The question.", required=True),
        _f("language", Kind.LANGUAGE, "Language of the text (BCP 47), when known."),
        _f("answer", Kind.TEXT, "The answer that was sent, when known."),
        _f("answered_at", Kind.TIMESTAMP, "When it was answered."),
    ),
)

DOCUMENT = Entity(
    name="documents",
    title="Documents",
    version=1,
    description="The business's own texts that answers are drawn from: FAQ, policies, price lists.",
    key=("document_id",),
    fields=(
        _f("document_id", Kind.ID, "Id of the document.", required=True),
        _f("title", Kind.TEXT, "Title or file name."),
        _f("kind", Kind.TEXT, "faq, policy, price list, web page, manual, ..."),
        _f("language", Kind.LANGUAGE, "Language (BCP 47)."),
        _f("text", Kind.TEXT, "Full text.", required=True),
        _f("public", Kind.BOOLEAN, "True when customers may see it (the chat widget uses only these)."),
        _f("updated_at", Kind.TIMESTAMP, "Last change."),
    ),
)

STAFF_MEMBER = Entity(
    name="staff_members",
    title="Staff",
    version=1,
    description="People who work for the business, with what planning needs to know.",
    key=("staff_id",),
    fields=(
        _f("staff_id", Kind.ID, "Id of the person.", required=True),
        _f("name", Kind.TEXT, "Name."),
        _f("role", Kind.TEXT, "Role or skill (cashier, plumber, stylist, ...)."),
        _f("contract_hours_per_week", Kind.QUANTITY, "Contracted hours a week.", unit="hours_unit"),
        _f("hours_unit", Kind.UNIT, "Always 'hour'; kept so every quantity names its unit."),
        _f("hourly_cost", Kind.MONEY, "Cost of one hour of work.", currency="currency"),
        _f("currency", Kind.CURRENCY, "ISO 4217 code of hourly_cost."),
    ),
)

SHIFT = Entity(
    name="shifts",
    title="Shifts",
    version=1,
    description="A block of work by one staff member, planned or worked.",
    key=("shift_id",),
    fields=(
        _f("shift_id", Kind.ID, "Id of the shift.", required=True),
        _f("staff_id", Kind.ID, "Who works it.", required=True),
        _f("starts_at", Kind.TIMESTAMP, "Start.", required=True),
        _f("ends_at", Kind.TIMESTAMP, "End.", required=True),
        _f("location", Kind.TEXT, "Where."),
        _f("role", Kind.TEXT, "Role worked in this shift."),
        _f("status", Kind.TEXT, "planned, worked, cancelled."),
    ),
)

QUOTE = Entity(
    name="quotes",
    title="Quotations",
    version=1,
    description="A priced offer to a customer, and whether it was accepted.",
    key=("quote_id",),
    fields=(
        _f("quote_id", Kind.ID, "Quote number.", required=True),
        _f("customer_id", Kind.ID, "Customer quoted."),
        _f("created_at", Kind.TIMESTAMP, "When it was sent.", required=True),
        _f("valid_until", Kind.DATE, "Last day the offer holds."),
        _f("description", Kind.TEXT, "What is offered."),
        _f("total", Kind.MONEY, "Total excluding tax.", currency="currency"),
        _f("tax", Kind.MONEY, "Tax on the total.", currency="currency"),
        _f("currency", Kind.CURRENCY, "ISO 4217 code of the amounts.", required=True),
        _f("status", Kind.TEXT, "draft, sent, accepted, rejected, expired."),
    ),
)

ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        CUSTOMER,
        PRODUCT,
        SALE_LINE,
        INVENTORY_SNAPSHOT,
        SUPPLIER,
        FEEDBACK,
        INQUIRY,
        DOCUMENT,
        STAFF_MEMBER,
        SHIFT,
        QUOTE,
    )
}


def entity(name: str) -> Entity:
    """The canonical entity called name, with a message listing the valid names if unknown."""
    try:
        return ENTITIES[name]
    except KeyError:
        raise SchemaError(f"Unknown entity {name!r}; expected one of {', '.join(ENTITIES)}.") from None
