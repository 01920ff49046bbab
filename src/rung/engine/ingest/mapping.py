"""Table classification and column mapping: which entity a table holds, which column is which.

`classify_and_map(headers, sample)` looks at the headers (in any of EN, NL, DE, FR, ES,
PT, IT, ZH, JA; see `header_names`) and at the sample cells (e-mails, phones, dates,
money, currency and country codes, SKUs, free text, 1-5 stars, ...; see
`mapping_profile`), and returns a `TableGuess`: the canonical entity, a confidence, and
for every column the canonical field it holds (or None) with a confidence.

How it decides:
1. each header is looked up to the *concepts* it may mean ("order_id", "price", "stock",
   ...), each with a header score; unknown or ambiguous headers get candidates from their
   values ("Number" is an order id when its values are unique codes, a quantity when they
   are small repeating integers); every candidate's score is the header score times how
   well the values fit (0.5..1.5);
2. the table's entity is the one whose signature concepts are present (product + quantity
   / price + order -> sale lines; order id + total without products -> orders; name,
   e-mail, phone without transactions -> customers; ...), with gates so that a table that
   fits nothing is "other" (None);
3. within that entity, each field is given to the single best column (greedy on score;
   one field per column, one column per field); a required field with no direct
   candidate takes the best stand-in (the product name as product id when there is no
   code).

Entity "orders" (orders without product lines: payment exports, order lists) is not a
canonical entity; its fields are, in this order: order_id, timestamp, customer_id, email,
total, tax, discount, currency, channel, location, status — see `ORDER_FIELDS`. Turning
them into canonical tables is the pipeline's job.

`fingerprint(headers)` identifies a source format, so a confirmed mapping can be reused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import polars as pl

from rung.engine.ingest import header_names as hn
from rung.engine.ingest.mapping_lexicon import Lookup, lookup, normalise
from rung.engine.ingest.mapping_profile import Profile, fit, profile_column
from rung.engine.ingest.types import ROW, ColumnMatch, TableGuess

ORDERS = "orders"
ORDER_FIELDS = (
    "order_id",
    "timestamp",
    "customer_id",
    "email",
    "total",
    "tax",
    "discount",
    "currency",
    "channel",
    "location",
    "status",
)
"""Fields of the pseudo-entity "orders" (order-level exports without product lines)."""

MIN_SCORE = 0.45
"""A column gets a field only when its score for it reaches this."""

# What kind of value each concept holds (see mapping_profile.fit).
KIND: dict[str, str] = {
    "order_id": "id",
    "invoice_id": "id",
    "receipt_id": "id",
    "transaction_id": "id",
    "generic_id": "id",
    "generic_code": "code",
    "line_no": "int",
    "datetime": "date",
    "created_at": "date",
    "updated_at": "date",
    "paid_at": "date",
    "other_date": "date",
    "answered_at": "date",
    "time_only": "time",
    "customer_id": "id",
    "customer_ref": "name",
    "customer_name": "name",
    "full_name": "name",
    "first_name": "name",
    "last_name": "name",
    "company": "name",
    "author": "name",
    "supplier_name": "name",
    "contact_person": "name",
    "email": "email",
    "phone": "phone",
    "address": "text",
    "city": "name",
    "country": "country",
    "sku": "code",
    "product_id": "id",
    "product_name": "name",
    "description": "text",
    "title": "name",
    "category": "name",
    "barcode": "code",
    "unit": "name",
    "handle": "id",
    "brand": "name",
    "active": "bool",
    "marketing_opt_in": "bool",
    "opt_out": "bool",
    "return_flag": "bool",
    "weight": "number",
    "quantity": "qty",
    "item_count": "qty",
    "stock": "qty",
    "available": "qty",
    "on_order": "qty",
    "reorder": "qty",
    "location": "name",
    "unit_price": "money",
    "price": "money",
    "sale_price": "money",
    "compare_price": "money",
    "cost": "money",
    "amount": "money",
    "line_total": "money",
    "order_total": "money",
    "subtotal": "money",
    "tax": "money",
    "discount": "money",
    "shipping_cost": "money",
    "fee": "money",
    "min_order": "money",
    "currency": "currency",
    "status": "name",
    "channel": "any",
    "supplier_id": "id",
    "lead_time": "number",
    "rating": "rating",
    "review_text": "long",
    "free_text": "long",
    "message": "long",
    "answer": "long",
    "reply": "long",
    "review_title": "text",
    "subject": "text",
    "review_id": "id",
    "inquiry_id": "id",
    "scale": "number",
    "language": "lang",
}

P = list[tuple[str, float]]

# entity -> field -> [(concept, preference)]: which concepts can fill a field, best first.
ENTITY_FIELDS: dict[str, dict[str, P]] = {
    "sale_lines": {
        "order_id": [
            ("order_id", 1.0),
            ("invoice_id", 0.97),
            ("receipt_id", 0.97),
            ("transaction_id", 0.9),
            ("generic_id", 0.75),
        ],
        "line_no": [("line_no", 1.0)],
        "timestamp": [("datetime", 1.0), ("created_at", 0.95), ("paid_at", 0.8), ("updated_at", 0.6)],
        "customer_id": [
            ("customer_id", 1.0),
            ("customer_ref", 0.7),
            ("email", 0.65),
            ("customer_name", 0.4),
            ("author", 0.4),
        ],
        "product_id": [("sku", 1.0), ("product_id", 0.95), ("generic_code", 0.8), ("barcode", 0.75)],
        "description": [("product_name", 1.0), ("description", 0.9), ("title", 0.8)],
        "quantity": [("quantity", 1.0)],
        "unit": [("unit", 1.0)],
        "unit_price": [("unit_price", 1.0), ("price", 0.95), ("sale_price", 0.5)],
        "discount": [("discount", 1.0)],
        "tax": [("tax", 1.0)],
        "currency": [("currency", 1.0)],
        "channel": [("channel", 1.0)],
        "location": [("location", 1.0)],
        "return_flag": [("return_flag", 1.0)],
    },
    ORDERS: {
        "order_id": [
            ("order_id", 1.0),
            ("invoice_id", 0.97),
            ("receipt_id", 0.95),
            ("transaction_id", 0.9),
            ("generic_id", 0.8),
            ("generic_code", 0.6),
        ],
        "timestamp": [("datetime", 1.0), ("created_at", 0.95), ("paid_at", 0.8), ("updated_at", 0.6)],
        "customer_id": [("customer_id", 1.0), ("customer_ref", 0.85)],
        "email": [("email", 1.0)],
        "total": [("order_total", 1.0), ("amount", 0.9), ("line_total", 0.6)],
        "tax": [("tax", 1.0)],
        "discount": [("discount", 1.0)],
        "currency": [("currency", 1.0)],
        "channel": [("channel", 1.0)],
        "location": [("location", 1.0)],
        "status": [("status", 1.0)],
    },
    "customers": {
        "customer_id": [
            ("customer_id", 1.0),
            ("generic_code", 0.85),
            ("generic_id", 0.8),
            ("customer_ref", 0.6),
        ],
        "name": [
            ("full_name", 1.0),
            ("customer_name", 1.0),
            ("customer_ref", 0.7),
            ("first_name", 0.6),
            ("title", 0.4),
        ],
        "email": [("email", 1.0)],
        "phone": [("phone", 1.0)],
        "company": [("company", 1.0)],
        "address": [("address", 1.0)],
        "postal_code": [("postal_code", 1.0)],
        "city": [("city", 1.0)],
        "country": [("country", 1.0)],
        "first_seen": [("created_at", 1.0), ("datetime", 0.7)],
        "marketing_opt_in": [("marketing_opt_in", 1.0)],
        "language": [("language", 1.0)],
    },
    "products": {
        "product_id": [
            ("sku", 1.0),
            ("product_id", 0.95),
            ("generic_code", 0.9),
            ("generic_id", 0.7),
            ("handle", 0.6),
        ],
        "name": [("product_name", 1.0), ("full_name", 0.95), ("title", 0.95), ("description", 0.6)],
        "category": [("category", 1.0)],
        "barcode": [("barcode", 1.0)],
        "unit": [("unit", 1.0)],
        "list_price": [("price", 1.0), ("unit_price", 1.0), ("sale_price", 0.6)],
        "unit_cost": [("cost", 1.0)],
        "currency": [("currency", 1.0)],
        "supplier_id": [("supplier_id", 1.0), ("supplier_name", 0.9)],
        "active": [("active", 1.0), ("status", 0.6)],
    },
    "inventory_snapshots": {
        "product_id": [
            ("sku", 1.0),
            ("product_id", 0.95),
            ("generic_code", 0.9),
            ("generic_id", 0.7),
            ("barcode", 0.7),
        ],
        "location": [("location", 1.0)],
        "as_of": [("datetime", 1.0), ("updated_at", 0.95), ("created_at", 0.8)],
        "on_hand": [("stock", 1.0), ("available", 0.6), ("quantity", 0.8)],
        "unit": [("unit", 1.0)],
        "on_order": [("on_order", 1.0)],
        "unit_cost": [("cost", 1.0)],
        "currency": [("currency", 1.0)],
    },
    "suppliers": {
        "supplier_id": [("supplier_id", 1.0), ("generic_code", 0.85), ("generic_id", 0.8)],
        "name": [("supplier_name", 1.0), ("company", 0.95), ("full_name", 0.9)],
        "email": [("email", 1.0)],
        "phone": [("phone", 1.0)],
        "country": [("country", 1.0)],
        "lead_time_days": [("lead_time", 1.0)],
        "min_order_value": [("min_order", 1.0)],
        "currency": [("currency", 1.0)],
    },
    "feedback": {
        "feedback_id": [("review_id", 1.0), ("generic_id", 0.85), ("generic_code", 0.7)],
        "source": [("channel", 1.0)],
        "timestamp": [("datetime", 1.0), ("created_at", 1.0), ("updated_at", 0.6)],
        "customer_id": [
            ("customer_id", 1.0),
            ("customer_ref", 0.85),
            ("email", 0.7),
            ("author", 0.65),
            ("customer_name", 0.65),
            ("full_name", 0.6),
        ],
        "product_id": [("sku", 1.0), ("product_id", 1.0), ("product_name", 0.8)],
        "score": [("rating", 1.0)],
        "score_scale_max": [("scale", 1.0)],
        "title": [("review_title", 1.0), ("title", 0.9), ("subject", 0.8)],
        "text": [("review_text", 1.0), ("free_text", 0.9), ("message", 0.85), ("description", 0.6)],
        "language": [("language", 1.0)],
        "reply": [("reply", 1.0), ("answer", 0.9)],
    },
    "inquiries": {
        "inquiry_id": [("inquiry_id", 1.0), ("generic_id", 0.85), ("review_id", 0.5)],
        "channel": [("channel", 1.0)],
        "received_at": [("created_at", 1.0), ("datetime", 1.0)],
        "customer_id": [
            ("customer_id", 1.0),
            ("customer_ref", 0.85),
            ("customer_name", 0.65),
            ("full_name", 0.6),
            ("author", 0.6),
        ],
        "email": [("email", 1.0)],
        "subject": [("subject", 1.0), ("title", 0.9), ("review_title", 0.7)],
        "text": [("message", 1.0), ("free_text", 0.9), ("description", 0.85), ("review_text", 0.8)],
        "language": [("language", 1.0)],
        "answer": [("answer", 1.0), ("reply", 0.9)],
        "answered_at": [("answered_at", 1.0)],
    },
}

# Stand-ins for a required field that has no direct candidate: (field, concepts).
_NAMES_AS_ID = {"product_name": 1.0, "title": 0.9, "description": 0.7}
STAND_INS: dict[str, dict[str, dict[str, float]]] = {
    "sale_lines": {"product_id": _NAMES_AS_ID},
    "inventory_snapshots": {"product_id": _NAMES_AS_ID},
    "products": {"product_id": {"product_name": 1.0, "title": 0.9, "full_name": 0.9}},
    "suppliers": {"supplier_id": {"supplier_name": 1.0, "company": 0.9, "full_name": 0.8}},
}
STRONG = 0.8
"""A required field whose best direct candidate scores less takes a stand-in."""

# Signature weights per entity: concept presence (0..1) times weight, summed.
_ORDERISH = {"order_id": 1.0, "invoice_id": 1.0, "receipt_id": 1.0, "transaction_id": 0.9}
_PRODUCTISH = {"sku": 1.0, "product_id": 1.0, "product_name": 0.9, "barcode": 0.8}
WEIGHTS: dict[str, dict[str, float]] = {
    "sale_lines": {
        "quantity": 2.5,
        "sku": 1.5,
        "product_id": 1.2,
        "product_name": 1.2,
        "unit_price": 1.5,
        "price": 1.0,
        "order_id": 1.2,
        "invoice_id": 1.0,
        "receipt_id": 1.0,
        "transaction_id": 0.8,
        "datetime": 0.6,
        "line_no": 1.0,
        "@line": 2.0,
        "stock": -1.5,
        "cost": -0.5,
        "item_count": -1.0,
    },
    ORDERS: {
        "order_id": 2.0,
        "generic_id": 1.0,
        "invoice_id": 1.8,
        "receipt_id": 1.5,
        "transaction_id": 1.5,
        "order_total": 2.0,
        "amount": 1.5,
        "subtotal": 0.5,
        "tax": 0.5,
        "status": 0.5,
        "datetime": 0.6,
        "currency": 0.5,
        "payment_method": 0.6,
        "fee": 0.6,
        "item_count": 0.8,
        "quantity": -2.0,
        "unit_price": -1.5,
        "sku": -1.5,
        "product_name": -1.2,
        "@line": -3.0,
    },
    "customers": {
        "customer_id": 1.5,
        "customer_name": 1.5,
        "full_name": 1.2,
        "first_name": 1.2,
        "last_name": 0.8,
        "email": 1.2,
        "phone": 1.0,
        "address": 1.0,
        "postal_code": 0.8,
        "city": 0.8,
        "country": 0.3,
        "company": 0.5,
        "marketing_opt_in": 1.2,
        "created_at": 0.3,
        "order_id": -1.5,
        "invoice_id": -1.5,
        "receipt_id": -1.5,
        "transaction_id": -1.5,
        "sku": -1.5,
        "quantity": -1.5,
        "amount": -1.0,
        "order_total": -1.0,
        "unit_price": -1.0,
        "supplier_id": -2.0,
        "supplier_name": -1.0,
        "@supplier": -3.0,
        "lead_time": -2.0,
        "rating": -2.0,
        "review_text": -1.5,
        "message": -1.5,
        "subject": -1.0,
        "stock": -1.5,
    },
    "products": {
        "sku": 1.5,
        "product_id": 1.3,
        "generic_code": 0.8,
        "product_name": 1.2,
        "title": 0.5,
        "price": 1.5,
        "unit_price": 1.0,
        "sale_price": 0.5,
        "compare_price": 0.5,
        "cost": 1.0,
        "barcode": 1.0,
        "category": 0.8,
        "unit": 0.3,
        "active": 0.5,
        "weight": 0.5,
        "brand": 0.5,
        "handle": 1.0,
        "mpn": 0.5,
        "tax_rate": 0.3,
        "order_id": -2.0,
        "invoice_id": -2.0,
        "receipt_id": -2.0,
        "transaction_id": -1.5,
        "quantity": -0.7,
        "customer_id": -1.5,
        "customer_name": -1.5,
        "datetime": -0.5,
        "rating": -1.0,
    },
    "inventory_snapshots": {
        "stock": 3.0,
        "available": 2.5,
        "on_order": 1.5,
        "reorder": 0.8,
        "sku": 1.0,
        "product_id": 1.0,
        "generic_code": 0.5,
        "location": 0.8,
        "datetime": 0.4,
        "updated_at": 0.4,
        "cost": 0.3,
        "price": -0.8,
        "sale_price": -0.5,
        "order_id": -2.0,
        "invoice_id": -2.0,
        "customer_id": -1.5,
        "barcode": -0.3,
        "category": -0.3,
        "handle": -1.0,
        "weight": -0.5,
        "mpn": -0.5,
        "tax_rate": -0.5,
    },
    "suppliers": {
        "supplier_id": 2.0,
        "supplier_name": 2.0,
        "lead_time": 2.5,
        "min_order": 2.0,
        "@supplier": 1.5,
        "contact_person": 0.8,
        "email": 0.4,
        "phone": 0.4,
        "country": 0.3,
        "sku": -1.5,
        "product_name": -1.5,
        "price": -1.5,
        "order_id": -2.0,
        "quantity": -1.0,
        "customer_id": -1.5,
    },
    "feedback": {
        "rating": 2.5,
        "review_text": 3.0,
        "review_title": 1.0,
        "reply": 1.5,
        "review_id": 2.0,
        "author": 0.8,
        "free_text": 1.2,
        "datetime": 0.3,
        "order_id": -1.0,
        "quantity": -1.5,
        "unit_price": -1.5,
        "subject": -0.5,
        "message": -0.5,
        "@question": -2.0,
    },
    "inquiries": {
        "message": 3.0,
        "subject": 2.0,
        "inquiry_id": 2.0,
        "answer": 1.5,
        "answered_at": 1.5,
        "free_text": 1.2,
        "@question": 2.0,
        "priority": 1.0,
        "assignee": 0.8,
        "email": 0.3,
        "channel": 0.3,
        "rating": -2.5,
        "review_text": -1.0,
        "reply": -1.0,
        "order_id": -1.0,
        "quantity": -1.5,
    },
}


def _gate(entity: str, pres: dict[str, float]) -> bool:
    """Minimum evidence for an entity; a table meeting no gate is "other"."""

    def has(*concepts: str, at: float = 0.45) -> bool:
        return any(pres.get(c, 0.0) >= at for c in concepts)

    order = has(*_ORDERISH)
    product = has(*_PRODUCTISH, "generic_code")
    if entity == "sale_lines":
        named = product or (has("description", "title") and has("quantity"))
        return named and (order or has("datetime")) and (has("quantity", "unit_price", "price") or order)
    if entity == ORDERS:
        return (order or has("generic_id")) and has("order_total", "amount")
    if entity == "customers":
        return has("customer_id", "customer_name", "full_name", "first_name", "email", "phone", "company")
    if entity == "products":
        named = product or has("generic_id", "title", "full_name")
        return named and has("price", "unit_price", "cost", "barcode", "category", "sale_price")
    if entity == "inventory_snapshots":
        return has("stock", "available") and (product or has("generic_id"))
    if entity == "suppliers":
        return has("supplier_id", "supplier_name", "lead_time", "min_order", "@supplier")
    if entity == "feedback":
        return (
            has("rating", at=0.7)
            or has("review_text", "review_id", "reply")
            or (has("free_text") and not has("@question"))
        )
    if entity == "inquiries":
        return has("message", "subject", "inquiry_id", "free_text")
    return False


@dataclass
class _Column:
    position: int
    source: str
    look: Lookup
    profile: Profile
    scores: dict[str, float]


def _value_candidates(p: Profile) -> list[tuple[str, float]]:
    """Concepts suggested by the values alone, for unknown headers."""
    out: list[tuple[str, float]] = []
    if p.empty:
        return out
    if p.email >= 0.8:
        out.append(("email", 0.6))
    if p.date >= 0.8:
        out.append(("datetime", 0.5))
    if p.time >= 0.8:
        out.append(("time_only", 0.5))
    if p.currency >= 0.8:
        out.append(("currency", 0.55))
    if p.phone >= 0.8 and p.email < 0.2:
        out.append(("phone", 0.5))
    if p.country >= 0.8 and p.currency < 0.5:
        out.append(("country", 0.45))
    if p.long_text >= 0.5:
        out.append(("free_text", 0.55))
    if p.rating >= 0.9 and p.num_max is not None and p.num_max > 1:
        out.append(("rating", 0.4))
    if p.lang >= 0.8:
        out.append(("language", 0.45))
    if p.id_like >= 0.9 and p.unique >= 0.9 and p.spaces < 0.1 and p.rating < 0.9:
        out.append(("generic_id", 0.4))
    return out


def _words(names: frozenset[str] | dict[str, str]) -> frozenset[str]:
    return frozenset(normalise(n).compact for n in names)


_SUPPLIER = _words(hn.SUPPLIER_WORDS)
_ORDER = _words(frozenset(word for word, subject in hn.SUBJECT_WORDS.items() if subject == "order"))
_NEGATION = _words(hn.NEGATION_WORDS)
_TOTAL = _words(hn.TOTAL_WORDS)
_UNIT = _words(hn.UNIT_WORDS)
_SECONDARY_DATE = {normalise(k).compact: v for k, v in hn.SECONDARY_DATE_WORDS.items()}
_PRIMARY_DATE = {"datetime", "created_at"}
_PRICES = {"price", "unit_price", "sale_price"}


def _has_word(look: Lookup, words: frozenset[str], glued: bool = False) -> bool:
    """Whether the header holds one of `words`: as a word, or (glued) at either end of a
    compound ("Lieferantennummer", "leverandornavn") or anywhere in CJK text."""
    tokens = look.header.text.split()
    if any(t in words for t in tokens):
        return True
    if not glued:
        return False
    compact = look.header.compact
    for w in words:
        if not w.isascii():
            if len(w) >= 2 and w in compact:
                return True
        elif len(w) >= 5 and (compact.startswith(w) or compact.endswith(w)):
            return True
    return False


def _header_rules(look: Lookup, cands: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Header words that change what a concept means.

    - a negation ("Unsubscribed", "Do not e-mail", "Blocked") turns consent into opt-out;
    - a secondary-date word ("Due", "Payment", "Modified", "Closed") keeps a date from being
      the sale's timestamp;
    - a total word without a unit word ("Price total", "Gesamtpreis Summe") makes a price
      a line total.
    """
    tokens = look.header.text.split()
    negated = any(t in _NEGATION for t in tokens)
    secondary = next((_SECONDARY_DATE[t] for t in tokens if t in _SECONDARY_DATE), None)
    total = any(t in _TOTAL for t in tokens) and not any(t in _UNIT for t in tokens)
    out: list[tuple[str, float]] = []
    for c, s in cands:
        if negated and c in {"marketing_opt_in", "sms_opt_in"}:
            c = "opt_out"
        elif secondary and c in _PRIMARY_DATE:
            c = secondary
        elif total and c in _PRICES and len(tokens) > 1:
            c = "line_total"
        out.append((c, s))
    return out


def _value_factor(f: float) -> float:
    """Header score multiplier from value fit: 1.0 with no evidence, 1.5 for a perfect fit,
    and close to 0 when the values clearly contradict the header."""
    return 0.5 + f if f >= 0.3 else f * 0.8 / 0.3


def _column(position: int, header: str, series: pl.Series | None) -> _Column:
    look = lookup(header)
    prof = profile_column(series) if series is not None else Profile(fill=0.0, n=0)
    cands = _header_rules(look, list(look.candidates))
    best_header = max((s for _, s in cands), default=0.0)
    if best_header < 0.5:
        cands += _value_candidates(prof)
    elif prof.email >= 0.9 and prof.unique > 0.34 and not any(c == "email" for c, _ in cands):
        cands.append(("email", 0.6))  # e-mail addresses are unmistakable, whatever the header says
    # a "name"/"title" column holding codes ("#1051") is an identifier
    if any(c in {"full_name", "title"} for c, _ in cands) and prof.id_like >= 0.9 and prof.spaces < 0.05:
        cands.append(("generic_id", 0.7))
    # a survey question ("What is the main reason for your score?") answered in sentences
    if look.header.raw.rstrip().endswith(("?", "？")) and prof.long_text >= 0.5:
        cands.append(("free_text", 0.8))
    # "Sale" / "Refund" in a "Receipt type" column says which lines are returns
    if prof.sale_or_return >= 0.9:
        cands.append(("return_flag", 0.9))
    # "#1051" is how shops number their orders
    if prof.hash_number >= 0.9:
        cands.append(("order_id", 0.8))
    # a free-text column under a short-text header ("Description" with whole paragraphs)
    if prof.long_text >= 0.6 and not any(KIND.get(c) == "long" for c, _ in cands):
        cands.append(("free_text", 0.35))
    if look.header.rate:
        cands = [
            ("tax_rate", s) if c in {"tax", "discount", "price", "unit_price"} else (c, s) for c, s in cands
        ]
    scores: dict[str, float] = {}
    fill_factor = 0.7 + 0.3 * prof.fill
    for concept, hs in cands:
        kind = KIND.get(concept, "any")
        score = hs * _value_factor(fit(kind, prof)) * fill_factor
        if score > scores.get(concept, 0.0):
            scores[concept] = score
    return _Column(position, header, look, prof, scores)


def _presence(columns: list[_Column]) -> dict[str, float]:
    pres: dict[str, float] = {}
    for col in columns:
        if not col.scores:
            continue
        top = max(col.scores.values())
        weight = 0.4 if col.profile.empty else 1.0
        for concept, score in col.scores.items():
            if score < 0.8 * top:
                continue
            value = min(1.0, score) * weight
            pres[concept] = max(pres.get(concept, 0.0), value)
        if "line" in col.look.groups and not col.profile.empty:
            pres["@line"] = 1.0
        if _has_word(col.look, _SUPPLIER, glued=True):
            pres["@supplier"] = 1.0
        if "ledger" in col.scores and col.scores["ledger"] >= 0.8 * top:
            pres["@ledger"] = pres.get("@ledger", 0.0) + 0.5
        if col.profile.question >= 0.3 and any(KIND.get(c) == "long" for c in col.scores):
            pres["@question"] = max(pres.get("@question", 0.0), min(1.0, col.profile.question * 1.5))
    return pres


def _classify(pres: dict[str, float]) -> tuple[str | None, float, dict[str, float]]:
    scores: dict[str, float] = {}
    if pres.get("@ledger", 0.0) >= 1.0:
        # an accounting journal (debit/credit, Soll/Haben, Konto/Gegenkonto): none of ours
        return None, 0.6, scores
    for entity, weights in WEIGHTS.items():
        if not _gate(entity, pres):
            continue
        scores[entity] = sum(w * pres.get(c, 0.0) for c, w in weights.items())
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] <= 0.5:
        return None, 0.6 if not ranked else 0.4, scores
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = (top - max(second, 0.0)) / max(top, 1.0)
    confidence = max(0.05, min(1.0, 0.5 + 0.5 * margin)) * min(1.0, top / 4.0)
    return best, round(confidence, 3), scores


_BASE = re.compile(r"(?i)\bbase\b")
_OWN_CODE = re.compile(r"(?i)sku|商家编码|商家代码|独自|自社|eigene|merchant code|seller code|vendor code")


def _field_score(
    entity: str, field: str, concept: str, pref: float, col: _Column, line_context: frozenset[str]
) -> float:
    score = col.scores[concept] * pref
    groups = col.look.groups
    if "shipping" in groups:
        score *= 0.6 if field in {"customer_id", "name"} else 0.8
    if entity == "sale_lines":
        if "line" in groups:
            score *= 1.05
        elif field in line_context and field in {"unit_price", "discount", "tax", "quantity"}:
            score *= 0.3
        if "order" in groups and field in {"unit_price", "discount", "tax"}:
            score *= 0.3
        if field == "unit_price" and col.look.header.gross:
            score *= 0.85
    if entity == ORDERS:
        if "line" in groups:
            score *= 0.6
        if field == "total" and col.look.header.net:
            score *= 0.6
    if entity == "products" and field == "list_price" and col.look.header.gross:
        score *= 0.9
    if field == "product_id" and concept in {"sku", "product_id", "generic_code", "generic_id"}:
        if _OWN_CODE.search(col.look.header.raw):
            score *= 1.3  # "SKU", "商家编码", "独自商品コード": the seller's own code, not the platform's id
        if _has_word(col.look, _SUPPLIER, glued=True):
            score *= 0.5  # "Codice articolo fornitore": the supplier's code for it
    if entity == "feedback" and field == "timestamp" and _has_word(col.look, _ORDER, glued=True):
        score *= 0.7  # "Data ordine" in a review export: when the order was placed, not the review
    if "billing" in groups and field in {"address", "city", "postal_code"}:
        score *= 0.85  # a plain "Street"/"City" column is the customer's own; billing is second
    if _BASE.search(col.look.header.raw) and KIND.get(concept) == "money":
        score *= 0.9  # "Grand Total (Base)": the shop's base currency, not what the buyer paid
    return score


def _assign(entity: str, columns: list[_Column]) -> dict[int, tuple[str, float]]:
    fields = ENTITY_FIELDS[entity]
    # An export that marks its line columns ("Lineitem price", "Lineitem quantity") leaves the
    # unmarked amounts to the order; one "Line total" column alone is just that column's name.
    lines = [c for c in columns if "line" in c.look.groups and not c.profile.empty]
    line_context = frozenset(
        field
        for field, prefs in fields.items()
        if len(lines) >= 2 or any(concept in c.scores for c in lines for concept, _ in prefs)
    )
    cands: list[tuple[float, int, str]] = []
    for col in columns:
        for field, prefs in fields.items():
            best = 0.0
            for concept, pref in prefs:
                if concept in col.scores:
                    best = max(best, _field_score(entity, field, concept, pref, col, line_context))
            if best >= MIN_SCORE:
                cands.append((best, col.position, field))
    stand_ins = dict(STAND_INS.get(entity, {}))
    invoices = any(c.scores.get("invoice_id", 0.0) >= MIN_SCORE for c in columns)
    if entity == ORDERS and invoices and not any(f in {"customer_id", "email"} for _, _, f in cands):
        # an accounting tool's invoice list names the customer and nothing else: the name
        # is who bought (shop and payment exports keep it None: they identify by e-mail)
        stand_ins["customer_id"] = {"customer_name": 1.0, "company": 0.8, "full_name": 0.7}
    for field, concepts in stand_ins.items():
        direct = max((s for s, _, f in cands if f == field), default=0.0)
        if direct >= STRONG:
            continue
        for col in columns:
            stand = max(
                (s * pref for c, pref in concepts.items() if (s := col.scores.get(c, 0.0))), default=0.0
            )
            stand *= 0.5 + fit("code", col.profile)
            if stand >= MIN_SCORE:
                cands.append((stand * 1.5, col.position, field))
    cands.sort(key=lambda t: (-t[0], t[1]))
    taken: dict[int, tuple[str, float]] = {}
    used: set[str] = set()
    for score, pos, field in cands:
        if pos in taken or field in used:
            continue
        taken[pos] = (field, min(1.0, score))
        used.add(field)
    return taken


def _family_names(columns: list[_Column]) -> None:
    """A bare "Nom" / "Name" / "Naam" beside a first-name column is the family name.

    French, German and Dutch forms write "Nom, Prénom" / "Name, Vorname" / "Naam, Voornaam":
    there "name" alone is the surname, not the whole name.
    """
    if not any(c.scores.get("first_name", 0.0) >= MIN_SCORE and not c.look.groups for c in columns):
        return
    for col in columns:
        if "full_name" in col.scores and col.look.how == "exact" and " " not in col.look.header.text:
            col.scores["last_name"] = col.scores.pop("full_name")


_AS_SUPPLIER = {
    "customer_id": "supplier_id",
    "customer_name": "supplier_name",
    "customer_ref": "supplier_name",
}


def _named_for_suppliers(name: str | None) -> bool:
    """A file or sheet called "Suppliers", "Leveranciers.xlsx", "仕入先一覧": contacts of suppliers.

    A supplier list has the very columns of a customer list (name, address, phone, e-mail),
    so when the headers do not say whose contacts they are, the name the owner gave does.
    """
    return bool(name) and _has_word(lookup(name or ""), _SUPPLIER, glued=True)


def _columns(headers: list[str], sample: pl.DataFrame) -> list[_Column]:
    """Every column with its header lookup, value profile and concept scores."""
    columns = []
    for i, header in enumerate(headers):
        cells = f"c{i}"
        series = sample.get_column(cells) if cells in sample.columns and cells != ROW else None
        columns.append(_column(i, header, series))
    _family_names(columns)
    return columns


def classify_and_map(headers: list[str], sample: pl.DataFrame, name: str | None = None) -> TableGuess:
    """Guess the entity of a table and the canonical field of each column.

    `sample` holds the table's cells as text in columns "c0".."cN" (one per header, in
    order; a "_row" column is ignored). The entity is a canonical entity name, "orders"
    (order-level rows without products; fields in `ORDER_FIELDS`) or None for a table
    that fits nothing. Each field is given to at most one column. `name` (the file and
    sheet name) only settles whose contacts a contact list holds.
    """
    columns = _columns(headers, sample)
    pres = _presence(columns)
    entity, confidence, _ = _classify(pres)
    if entity == "customers" and _named_for_suppliers(name):
        entity = "suppliers"
        for col in columns:  # the "customer" the headers speak of is the supplier
            col.scores = {_AS_SUPPLIER.get(c, c): v for c, v in col.scores.items()}
    assigned = _assign(entity, columns) if entity else {}
    matches = []
    for col in columns:
        if col.position in assigned:
            field, score = assigned[col.position]
            matches.append(ColumnMatch(col.source, col.position, field, round(score, 3)))
        else:
            best = min(1.0, max(col.scores.values(), default=0.0))
            matches.append(ColumnMatch(col.source, col.position, None, round(max(0.3, 1.0 - best), 3)))
    return TableGuess(entity, confidence, matches, _derivable(entity, columns, assigned))


def _derivable(
    entity: str | None, columns: list[_Column], assigned: dict[int, tuple[str, float]]
) -> dict[str, int]:
    """Columns a missing field can be worked out from: a line total when no column is a unit price."""
    if entity != "sale_lines" or any(f == "unit_price" for f, _ in assigned.values()):
        return {}
    free = [c for c in columns if c.position not in assigned and not c.profile.empty]
    scored = [(c.scores.get("line_total", 0.0), c.position) for c in free]
    best = max(scored, default=(0.0, -1))
    return {"line_total": best[1]} if best[0] >= MIN_SCORE else {}


def explain(headers: list[str], sample: pl.DataFrame) -> dict[str, object]:
    """The evidence behind a guess (header lookups, concept scores, entity scores), for debugging."""
    columns = _columns(headers, sample)
    pres = _presence(columns)
    entity, confidence, scores = _classify(pres)
    return {
        "entity": entity,
        "confidence": confidence,
        "entity_scores": {k: round(v, 2) for k, v in scores.items()},
        "columns": [
            {
                "source": c.source,
                "normalised": c.look.header.text,
                "how": c.look.how,
                "groups": sorted(c.look.groups),
                "scores": {k: round(v, 2) for k, v in sorted(c.scores.items(), key=lambda kv: -kv[1])},
            }
            for c in columns
        ],
    }


def fingerprint(headers: list[str]) -> str:
    """A stable id of a source format: the hash of its normalised headers, in any order.

    Case, accents, punctuation, whitespace, full-width forms and column order do not change
    it; adding, removing or renaming a column does.
    """
    names = sorted(normalise(h).compact for h in headers)
    digest = hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()
    return digest[:32]
