"""Inventory advice: when to reorder, how much, and which stock ties up money for nothing.

Reads the demand forecast of `rung.engine.forecast` and the canonical products,
suppliers and stock counts; the policy is a periodic-review reorder-point system with
safety stock from the forecast error (Silver, Pyke & Peterson, see `policy`). Pure Python
and Polars, so the web app, the CLI and the benchmarks use the same code.
"""

from __future__ import annotations

from rung.engine.inventory.advice import ADVICE_SCHEMA, STATUSES, advice_notes, advise
from rung.engine.inventory.orders import PURCHASE_ORDER_SCHEMA, purchase_order, write_purchase_order
from rung.engine.inventory.policy import InventorySettings

__all__ = [
    "ADVICE_SCHEMA",
    "PURCHASE_ORDER_SCHEMA",
    "STATUSES",
    "InventorySettings",
    "advice_notes",
    "advise",
    "purchase_order",
    "write_purchase_order",
]
