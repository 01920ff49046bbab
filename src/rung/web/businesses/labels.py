"""Names of the canonical entities as owners read them, translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ENTITY_LABELS = {
    "customers": _("customers"),
    "products": _("products"),
    "sale_lines": _("sale lines"),
    "inventory_snapshots": _("inventory counts"),
    "suppliers": _("suppliers"),
    "feedback": _("reviews and survey answers"),
    "inquiries": _("customer inquiries"),
    "documents": _("documents"),
    "staff_members": _("staff members"),
    "shifts": _("shifts"),
    "quotes": _("quotations"),
    "orders": _("orders"),
}
SOURCE_LABELS = {"sample_data": _("the sample shop"), "upload": _("your files")}
